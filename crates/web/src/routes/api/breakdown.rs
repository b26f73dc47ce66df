//! GET `/api/v1/campaigns/{code}/breakdown?by=channel|day|field|<question code>[&unit=ID]`: the
//! figures of the breakdown page as JSON, one row per value, each with its responses, the
//! share satisfied pooled over every question (formula `pooled-items`), the overall figure and
//! the factor indices.

use app::breakdowns::Dimension;
use axum::Json;
use axum::response::{IntoResponse, Response};
use domain::index::Proportion;
use domain::results::View;
use domain::text::Lang;
use serde::Deserialize;
use serde_json::json;

use super::results::{FigureJson, figure};
use crate::error;
use crate::extract::{Path, Query};
use crate::pages::breakdown::dimension_label;
use crate::pages::staff::MIN_N;
use crate::session::StaffRequest;

#[derive(Debug, Deserialize)]
pub struct Params {
    by: Option<String>,
    unit: Option<i64>,
    /// `counted` (default) or `all`.
    view: Option<String>,
}

pub async fn campaign(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let view = match View::from_param(params.view.as_deref()) {
        Ok(view) => view,
        Err(message) => return error::api(app::AppError::Invalid(message)),
    };
    let breakdowns = match who.staff.breakdowns(&code, params.unit, view).await {
        Ok(breakdowns) => breakdowns,
        Err(e) => return error::api(e),
    };
    let instrument = breakdowns.instrument();
    let dimension = match Dimension::parse(params.by.as_deref().unwrap_or_default(), instrument) {
        Ok(dimension) => dimension,
        Err(e) => return error::api(e),
    };
    let r = &breakdowns.results;
    let rows: Vec<_> = breakdowns
        .by(&dimension)
        .iter()
        .map(|row| {
            json!({
                "value": row.value.code(),
                "label": row.value.label(&dimension, instrument, Lang::Vi),
                "responses": row.responses,
                "enough_data": row.responses as i64 >= MIN_N,
                "satisfied": pooled(row.satisfied),
                "overall": figure(&row.indices.overall),
                "factors": row.indices.factors.iter().map(|f| json!({
                    "code": f.code,
                    "pooled": figure(&f.pooled),
                    "mean_of_items": figure(&f.mean_of_items),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(json!({
        "campaign": { "code": r.campaign.code.as_str(), "name": r.campaign.name, "status": r.campaign.status.as_str() },
        "unit": r.focus.as_ref().map(|u| json!({ "id": u.id, "code": u.code.as_str(), "name": u.name })),
        "view": r.view.as_str(),
        "by": dimension.param(),
        "label": dimension_label(&dimension, &breakdowns, Lang::Vi),
        "dimensions": breakdowns.dimensions().iter().map(|d| d.param().to_owned()).collect::<Vec<_>>(),
        "responses": breakdowns.profiles.responses(),
        "rows": rows,
    }))
    .into_response()
}

fn pooled(p: Proportion) -> FigureJson {
    FigureJson::share(app::results::FORMULA, p)
}
