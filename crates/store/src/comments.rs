//! The store's comment surface: what the comments page and the campaign report read. The
//! responses with a written answer are read in page order through their own index (migration
//! 0020) — the first page a walk that stops after it, the counts by level from the index alone —
//! and those whose citizen left only a contact for a reply (few) a page at a time.

use domain::results::View;
use jiff::civil::Date;

use crate::{Backend, Result, Store, StoredResponse, postgres, sqlite};

/// Which of a campaign's responses with a comment a reading selects.
#[derive(Debug, Clone, Default)]
pub struct CommentQuery {
    /// Only those given at these points; `None`: at every point of the campaign.
    pub points: Option<Vec<i64>>,
    /// Only those given on these days or between them (inclusive).
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Only those whose comment level is at most this (1 = the unhappiest); a response
    /// without a level is then left out.
    pub max_level: Option<u8>,
    /// Counted responses only, or all.
    pub view: View,
    /// Only those whose citizen left a contact for a reply.
    pub with_contact: bool,
}

/// How many comments (written answers) the selected responses hold, with one comment level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommentCount {
    pub level: Option<u8>,
    pub comments: i64,
}

impl Store {
    /// How many comments the responses `query` selects hold, by comment level (no level first).
    pub async fn comment_counts(&self, campaign: i64, query: &CommentQuery) -> Result<Vec<CommentCount>> {
        let query = query.clone();
        let mut counts = match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::comments::counts(c, campaign, &query)).await?,
            Backend::Postgres(db) => postgres::comments::counts(&db.client().await?, campaign, &query).await?,
        };
        counts.sort_by_key(|c| c.level);
        Ok(counts)
    }

    /// The first `limit` responses with a comment that `query` selects, in page order: the
    /// unhappiest first (no level last), then the newest, then by id.
    pub async fn first_commented(
        &self,
        campaign: i64,
        query: &CommentQuery,
        limit: i64,
    ) -> Result<Vec<StoredResponse>> {
        let query = query.clone();
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::comments::first(c, campaign, &query, limit)).await,
            Backend::Postgres(db) => postgres::comments::first(&db.client().await?, campaign, &query, limit).await,
        }
    }

    /// Up to `limit` responses of `campaign` that `view` counts, with ids above `after`, in id
    /// order, that have no comment but whose citizen left a contact for a reply.
    pub async fn contact_only_responses_page(
        &self,
        campaign: i64,
        after: i64,
        limit: i64,
        view: View,
    ) -> Result<Vec<StoredResponse>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.read(move |c| sqlite::comments::contact_only_page(c, campaign, after, limit, view)).await
            }
            Backend::Postgres(db) => {
                postgres::comments::contact_only_page(&db.client().await?, campaign, after, limit, view).await
            }
        }
    }
}
