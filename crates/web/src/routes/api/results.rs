//! GET `/api/v1/campaigns/{code}/results[?unit=ID]`: a campaign's figures for the reader's
//! scope (or one unit in it) and the units one level below, every figure with its formula,
//! numerator, denominator, n and interval.

use app::results::CampaignResults;
use axum::Json;
use axum::response::{IntoResponse, Response};
use domain::index::Proportion;
use domain::indices::{Figure, Indices};
use domain::results::View;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error;
use crate::extract::{Path, Query};
use crate::session::StaffRequest;

#[derive(Debug, Deserialize)]
pub struct Params {
    unit: Option<i64>,
    /// `counted` (default) or `all`.
    view: Option<String>,
}

pub async fn campaign(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let view = match View::from_param(params.view.as_deref()) {
        Ok(view) => view,
        Err(message) => return error::api(app::AppError::Invalid(message)),
    };
    match who.staff.campaign_results_at(&code, params.unit, view).await {
        Ok(results) => Json(body(&results)).into_response(),
        Err(e) => error::api(e),
    }
}

#[derive(Debug, Serialize)]
pub(super) struct FigureJson {
    formula: &'static str,
    percent: Option<f64>,
    numerator: u64,
    denominator: u64,
    n: u64,
    interval: Option<[f64; 2]>,
}

impl FigureJson {
    /// A share that is not one of the index engine's figures (the pooled share of a row).
    pub(super) fn share(formula: &'static str, p: Proportion) -> FigureJson {
        FigureJson {
            formula,
            percent: p.percent(),
            numerator: p.numerator,
            denominator: p.denominator,
            n: p.denominator,
            interval: p.wilson95().map(|(lo, hi)| [lo, hi]),
        }
    }
}

pub(super) fn figure(f: &Figure) -> FigureJson {
    FigureJson {
        formula: f.formula.id(),
        percent: f.percent,
        numerator: f.numerator,
        denominator: f.denominator,
        n: f.n,
        interval: f.interval.map(|(lo, hi)| [lo, hi]),
    }
}

pub(super) fn indices(i: &Indices) -> Value {
    json!({
        "overall": figure(&i.overall),
        "factors": i.factors.iter().map(|f| json!({
            "code": f.code,
            "pooled": figure(&f.pooled),
            "mean_of_items": figure(&f.mean_of_items),
        })).collect::<Vec<_>>(),
        "items": i.items.iter().map(|item| json!({
            "code": item.code,
            "factor": item.factor,
            "satisfied": figure(&item.satisfied),
            "mean": item.mean,
            "distribution": item.distribution.iter().map(|(l, n)| (l.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
        })).collect::<Vec<_>>(),
    })
}

fn body(r: &CampaignResults) -> Value {
    json!({
        "campaign": { "code": r.campaign.code.as_str(), "name": r.campaign.name, "status": r.campaign.status.as_str() },
        "instrument": r.instrument.instrument.key().to_string(),
        "view": r.view.as_str(),
        "unit": r.focus.as_ref().map(|u| json!({ "id": u.id, "code": u.code.as_str(), "name": u.name })),
        "responses": r.responses,
        "indices": indices(&r.indices),
        "units_below": r.children.iter().map(|c| json!({
            "id": c.unit.id,
            "code": c.unit.code.as_str(),
            "name": c.unit.name,
            "own_desk": c.own_desk,
            "responses": c.responses,
            "points": c.points,
            "overall": figure(&c.indices.overall),
        })).collect::<Vec<_>>(),
    })
}
