//! The store's recognition surface: each campaign's scoring rule for criterion 5 of
//! "chính quyền thân thiện", stored as JSON so the rule can grow without a migration.

use domain::recognition::ScoringRule;
use jiff::Timestamp;

use crate::{Backend, Result, Store, StoreError, postgres, sqlite};

impl Store {
    /// The campaign's scoring rule, or the default rule when none was set.
    pub async fn campaign_scoring(&self, campaign: i64) -> Result<ScoringRule> {
        let stored = match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::recognition::scoring(c, campaign)).await?,
            Backend::Postgres(db) => postgres::recognition::scoring(&db.client().await?, campaign).await?,
        };
        match stored {
            None => Ok(ScoringRule::default()),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("scoring rule of campaign {campaign}: {e}"))),
        }
    }

    /// Sets (or replaces) the campaign's scoring rule.
    pub async fn set_campaign_scoring(&self, campaign: i64, rule: &ScoringRule, now: Timestamp) -> Result<()> {
        let json = serde_json::to_string(rule).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::recognition::set_scoring(tx, campaign, &json, now)).await,
            Backend::Postgres(db) => {
                postgres::recognition::set_scoring(&db.client().await?, campaign, &json, now).await
            }
        }
    }
}
