//! The comments page's reads (see `crate::comments`).

use deadpool_postgres::GenericClient;
use domain::results::View;
use tokio_postgres::types::ToSql;

use super::responses::{COLUMNS, exclusion, stored};
use crate::comments::{CommentCount, CommentQuery};
use crate::verification::verified_only;
use crate::{Result, StoreError, StoredResponse};

/// The responses `query` selects (parameters $1 to $6, see `Bound`), through one of the
/// indexes of migration 0020, whose condition `comments > 0` the planner needs to see as
/// written: the campaign's page order (`responses_comments_ranked`), or that order point by
/// point when only some points are read (`responses_comments_by_point`, reached by the
/// `point_id = ANY` written plainly, not behind an `OR`).
fn selected(query: &CommentQuery) -> String {
    let verified = verified_only(query.view);
    let (_, kept) = exclusion(query.view);
    let points = if query.points.is_some() { "point_id = ANY($2)" } else { "$2::BIGINT[] IS NULL" };
    format!(
        "FROM responses WHERE campaign_id = $1 AND comments > 0 AND {points}
           AND ($3::TEXT IS NULL OR day >= $3) AND ($4::TEXT IS NULL OR day <= $4)
           AND ($5::BIGINT IS NULL OR comment_level <= $5)
           AND (NOT $6 OR id IN (SELECT response_id FROM contacts WHERE campaign_id = $1)){kept}{verified}"
    )
}

/// The values of `selected`'s parameters, owned.
struct Bound {
    campaign: i64,
    points: Option<Vec<i64>>,
    from: Option<String>,
    to: Option<String>,
    max_level: Option<i64>,
    with_contact: bool,
}

impl Bound {
    fn new(campaign: i64, query: &CommentQuery) -> Bound {
        Bound {
            campaign,
            points: query.points.clone(),
            from: query.from.map(|d| d.to_string()),
            to: query.to.map(|d| d.to_string()),
            max_level: query.max_level.map(i64::from),
            with_contact: query.with_contact,
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 6] {
        [&self.campaign, &self.points, &self.from, &self.to, &self.max_level, &self.with_contact]
    }
}

pub(crate) async fn counts(
    client: &impl GenericClient,
    campaign: i64,
    query: &CommentQuery,
) -> Result<Vec<CommentCount>> {
    let sql = format!("SELECT comment_level, SUM(comments)::BIGINT {} GROUP BY comment_level", selected(query));
    let bound = Bound::new(campaign, query);
    let rows = client.query(&sql, &bound.params()).await?;
    rows.iter()
        .map(|r| {
            let level: Option<i64> = r.try_get(0)?;
            let level = level
                .map(|l| u8::try_from(l).map_err(|_| StoreError::Corrupt(format!("comment level {l} is not a level"))))
                .transpose()?;
            Ok(CommentCount { level, comments: r.try_get(1)? })
        })
        .collect()
}

pub(crate) async fn first(
    client: &impl GenericClient,
    campaign: i64,
    query: &CommentQuery,
    limit: i64,
) -> Result<Vec<StoredResponse>> {
    let (excluded, _) = exclusion(query.view);
    let sql = format!(
        "SELECT {COLUMNS}, {excluded} {}
         ORDER BY (comment_level IS NULL), comment_level, submitted_at DESC, id LIMIT $7",
        selected(query)
    );
    let bound = Bound::new(campaign, query);
    let [a, b, c, d, e, f] = bound.params();
    client.query(&sql, &[a, b, c, d, e, f, &limit]).await?.iter().map(stored).collect()
}

pub(crate) async fn contact_only_page(
    client: &impl GenericClient,
    campaign: i64,
    after: i64,
    limit: i64,
    view: View,
) -> Result<Vec<StoredResponse>> {
    let verified = verified_only(view);
    let (excluded, kept) = exclusion(view);
    let sql = format!(
        "SELECT {COLUMNS}, {excluded} FROM responses
         WHERE id IN (SELECT response_id FROM contacts WHERE campaign_id = $1 AND response_id > $2) AND comments = 0
           {kept}{verified}
         ORDER BY id LIMIT $3"
    );
    client.query(&sql, &[&campaign, &after, &limit]).await?.iter().map(stored).collect()
}
