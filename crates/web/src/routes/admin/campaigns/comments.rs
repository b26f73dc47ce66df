//! GET `/admin/campaigns/{code}/comments`: citizens' written comments inside the reader's
//! scope, the least satisfied first, filtered by `point`, `from`, `to` and `level` (at most),
//! 100 per `page`; `contact=1` lists only responses whose citizen left a contact (for those who
//! may see contacts, who see them beside the comments).

use app::staff::{COMMENTS_PER_PAGE, CommentFilter};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::pages::admin::{CommentRow, CommentsPage};
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::view;
use crate::{i18n, links};

#[derive(Debug, Deserialize, Default)]
pub struct Params {
    point: Option<String>,
    from: Option<String>,
    to: Option<String>,
    level: Option<String>,
    page: Option<usize>,
    /// `counted` (default) or `all`.
    view: Option<String>,
    /// `1`: only responses with a contact.
    contact: Option<String>,
}

/// An empty field means "any"; anything else must parse, or the page says what is wrong.
fn parsed<T: std::str::FromStr>(raw: &Option<String>, what: &str, who: &StaffRequest) -> Result<Option<T>, StaffError> {
    match raw.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => {
            v.parse().map(Some).map_err(|_| StaffError::Invalid(format!("{what} \"{v}\" không hợp lệ"), who.lang))
        }
    }
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let filter = match (|| {
        Ok::<_, StaffError>(CommentFilter {
            point: parsed(&params.point, "điểm", &who)?,
            from: parsed(&params.from, "ngày", &who)?,
            to: parsed(&params.to, "ngày", &who)?,
            max_level: parsed(&params.level, "mức", &who)?,
            page: params.page.unwrap_or(0),
            view: view::parse(params.view.as_deref(), who.lang)?,
            with_contact: params.contact.as_deref() == Some("1"),
        })
    })() {
        Ok(filter) => filter,
        Err(e) => return e.into_response(),
    };
    let found = match who.staff.comments(&code, &filter).await {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let query = |page: usize| {
        let mut q = format!("page={page}");
        for (key, value) in [
            ("point", &params.point),
            ("from", &params.from),
            ("to", &params.to),
            ("level", &params.level),
            ("view", &params.view),
            ("contact", &params.contact),
        ] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                q.push_str(&format!("&{key}={}", links::query_value(v)));
            }
        }
        q
    };
    let t = i18n::staff(who.lang);
    let a = i18n::admin(who.lang);
    let code = found.campaign.code.to_string();
    let page = CommentsPage {
        t,
        a,
        ctx: PageContext::staff(&who, "campaigns", &format!("/admin/campaigns/{code}/comments")),
        name: found.campaign.name.clone(),
        points: found.points.iter().map(|(id, name)| (*id, name.clone(), filter.point == Some(*id))).collect(),
        from: params.from.clone().unwrap_or_default(),
        to: params.to.clone().unwrap_or_default(),
        max_level: params.level.clone().unwrap_or_default(),
        level_filter: if found.by_overall { a.comments_max_level } else { a.comments_max_lowest },
        level_column: if found.by_overall { a.comments_level } else { a.comments_lowest },
        levels: found
            .levels
            .iter()
            .map(|(v, label)| (v.to_string(), format!("≤ {v} — {}", label.get(who.lang))))
            .collect(),
        rows: found
            .comments
            .iter()
            .map(|c| CommentRow {
                day: domain::time::format_date_vi(c.day),
                point: c.point.clone(),
                level: c.level.map_or_else(|| "—".into(), |l| l.to_string()),
                channel: c.channel.label(who.lang),
                text: c.text.clone(),
                contact: c
                    .contact
                    .as_ref()
                    .map(|k| [k.name(), k.phone(), k.email()].into_iter().flatten().collect::<Vec<_>>().join(" · ")),
            })
            .collect(),
        total: crate::pages::staff::count(found.total as i64),
        prev: (filter.page > 0).then(|| query(filter.page - 1)),
        next: (filter.page.saturating_add(1).saturating_mul(COMMENTS_PER_PAGE) < found.total)
            .then(|| query(filter.page + 1)),
        view_switch: view::ViewSwitch::new(filter.view, who.lang, &format!("/admin/campaigns/{code}/comments")),
        view_code: filter.view.as_str(),
        follow_up: found.follow_up,
        with_contact: filter.with_contact && found.follow_up,
        code,
    };
    html(StatusCode::OK, pages::render(&page))
}
