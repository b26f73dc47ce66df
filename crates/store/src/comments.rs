//! The store's comment surface: the responses the comments page and the campaign report read —
//! those with a written answer, and those whose citizen left only a contact for a reply — a
//! page at a time, so a campaign's comments never sit in memory at once.

use domain::results::View;

use crate::{Backend, Result, Store, StoredResponse, postgres, sqlite};

/// A response with a written answer: a JSON string value among its answers (ratings and
/// choices are numbers). Word for word the condition of the partial index
/// `responses_with_comment` (migration 0019): both databases use such an index only for a
/// query that repeats its condition as written.
pub(crate) const HAS_COMMENT: &str = "answers LIKE '%\":\"%'";

/// Which of a campaign's responses a page reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Those with a written answer (one in eight or so), through their own index.
    Comment,
    /// Those without one whose citizen left a contact for a reply (few), through the contacts.
    ContactOnly,
}

impl Store {
    /// Up to `limit` responses of `campaign` that `view` counts, with ids above `after`, in id
    /// order: those with a comment, or those with only a contact (`written`).
    pub async fn written_responses_page(
        &self,
        campaign: i64,
        after: i64,
        limit: i64,
        view: View,
        written: Written,
    ) -> Result<Vec<StoredResponse>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.read(move |c| sqlite::responses::written_page(c, campaign, after, limit, view, written)).await
            }
            Backend::Postgres(db) => {
                postgres::responses::written_page(&db.client().await?, campaign, after, limit, view, written).await
            }
        }
    }
}
