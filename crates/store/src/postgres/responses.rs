//! Stored responses (the writer stores them; see `writer.rs`).

use std::collections::BTreeMap;

use deadpool_postgres::GenericClient;
use domain::answers::{Answer, Answers};
use domain::results::View;
use futures_util::{TryStreamExt, pin_mut};
use tokio_postgres::Row;

use super::rows;
use crate::verification::verified_only;
use crate::{Result, StoreError, StoredResponse, TallyRow};

pub(crate) async fn count(client: &impl GenericClient, campaign: i64) -> Result<i64> {
    Ok(client.query_one("SELECT COUNT(*) FROM responses WHERE campaign_id = $1", &[&campaign]).await?.get(0))
}

/// Whether the response in the row was excluded after review (its primary key lookup).
pub(super) const EXCLUDED: &str =
    "EXISTS (SELECT 1 FROM response_reviews v WHERE v.response_id = responses.id AND v.decision = 'excluded')";

/// For a read of many responses seen through `view`: the column saying whether each was
/// excluded after review, and the condition that leaves excluded ones out where the view
/// does. Written as a plain `NOT EXISTS`, that condition becomes an anti-join, hashed or
/// merged however many responses were reviewed; `NOT ($n AND {EXCLUDED})` with the view as a
/// parameter stayed a lookup per row, and with reviews present was costed so high that each
/// export page was compiled by JIT first (12 ms of a 43 ms page). Every row such a view reads
/// was kept, so its column is a constant.
pub(super) fn exclusion(view: View) -> (&'static str, &'static str) {
    if view.leaves_out_excluded() {
        (
            "false",
            " AND NOT EXISTS \
             (SELECT 1 FROM response_reviews v WHERE v.response_id = responses.id AND v.decision = 'excluded')",
        )
    } else {
        (EXCLUDED, "")
    }
}

/// The columns `stored` reads, followed by whether the response was excluded.
pub(super) const COLUMNS: &str = "id, client_id, campaign_id, point_id, channel, lang, submitted_at, day, answers";

pub(super) fn stored(r: &Row) -> Result<StoredResponse> {
    let id: i64 = r.try_get(0)?;
    let json: String = r.try_get(8)?;
    let answers = Answers::from_json(&json).map_err(|e| StoreError::Corrupt(format!("response {id}: {e}")))?;
    Ok(StoredResponse {
        id,
        client_id: r.try_get(1)?,
        campaign_id: r.try_get(2)?,
        point_id: r.try_get(3)?,
        channel: rows::channel(r, 4)?,
        lang: rows::lang(r, 5)?,
        submitted_at: rows::timestamp(r, 6)?,
        day: rows::date(r, 7)?.unwrap_or_default(),
        answers,
        excluded: r.try_get(9)?,
    })
}

pub(crate) async fn by_client_id(client: &impl GenericClient, client_id: &str) -> Result<Option<StoredResponse>> {
    let sql = format!("SELECT {COLUMNS}, {EXCLUDED} FROM responses WHERE client_id = $1");
    client.query_opt(&sql, &[&client_id]).await?.as_ref().map(stored).transpose()
}

/// Up to `limit` responses of a campaign with ids above `after`, in id order: one page of an
/// export that never holds a whole campaign in memory.
/// Only the responses `view` counts.
pub(crate) async fn page(
    client: &impl GenericClient,
    campaign: i64,
    after: i64,
    limit: i64,
    view: View,
) -> Result<Vec<StoredResponse>> {
    let verified = verified_only(view);
    let (excluded, kept) = exclusion(view);
    let sql = format!(
        "SELECT {COLUMNS}, {excluded} FROM responses WHERE campaign_id = $1 AND id > $2{kept}{verified}
         ORDER BY id LIMIT $3"
    );
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 3] = [&campaign, &after, &limit];
    // Each row is decoded as it arrives, while the database is still sending the rest: an
    // export's pages follow one another, so the decoding would otherwise add to every page.
    let stream = client.query_raw(&sql, params).await?;
    pin_mut!(stream);
    let mut page = Vec::new();
    while let Some(row) = stream.try_next().await? {
        page.push(stored(&row)?);
    }
    Ok(page)
}

/// Tallies computed from the stored answers, ignoring the kept tallies entirely. Streams the
/// rows, so a million responses do not sit in memory at once.
pub(crate) async fn recount(client: &impl GenericClient, campaign: i64, view: View) -> Result<Vec<TallyRow>> {
    let verified = verified_only(view);
    let (_, kept) = exclusion(view);
    let sql = format!("SELECT point_id, answers FROM responses WHERE campaign_id = $1{kept}{verified}");
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&campaign];
    let stream = client.query_raw(&sql, params).await?;
    pin_mut!(stream);
    let mut counts: BTreeMap<(i64, String, u8), i64> = BTreeMap::new();
    while let Some(row) = stream.try_next().await? {
        let point: i64 = row.try_get(0)?;
        let json: String = row.try_get(1)?;
        let answers = Answers::from_json(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for (item, answer) in answers.0 {
            if let Answer::Level(level) = answer {
                *counts.entry((point, item, level)).or_default() += 1;
            }
        }
    }
    Ok(counts.into_iter().map(|((point_id, item, level), n)| TallyRow { point_id, item, level, n }).collect())
}
