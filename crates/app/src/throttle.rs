//! Sign-in throttling, shared by every instance through the database: after repeated
//! failures for one account, or from one client, sign-in is refused for a while without even
//! checking the password, and the page says how long to wait. Clients are keyed by a keyed
//! hash of their address that changes every day; the address itself is never stored.

use std::net::IpAddr;

use jiff::{SignedDuration, Timestamp};

use crate::{App, Result};

/// How far back failures count.
pub const WINDOW: SignedDuration = SignedDuration::from_mins(15);
/// Failures for one account within the window before it is paused.
pub const PER_ACCOUNT: i64 = 5;
/// Failures from one client within the window before it is paused: higher, since an
/// office may share one address.
pub const PER_CLIENT: i64 = 20;

/// The keys a sign-in attempt counts under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttemptKeys {
    account: String,
    client: Option<String>,
}

impl App {
    pub(crate) fn attempt_keys(&self, username: &str, client: Option<IpAddr>) -> AttemptKeys {
        let day = self.today().to_string();
        let client = client.map(|ip| {
            let hash = self.key().fingerprint(b"hailong/sign-in-client/v1\0", format!("{day}\0{ip}").as_bytes());
            format!("client:{hash}")
        });
        AttemptKeys { account: format!("user:{username}"), client }
    }

    /// When the next attempt may be made, if these keys are paused now.
    pub(crate) async fn paused_until(&self, keys: &AttemptKeys) -> Result<Option<Timestamp>> {
        let now = self.now();
        let since = now - WINDOW;
        let mut until = None;
        let limits = [(Some(&keys.account), PER_ACCOUNT), (keys.client.as_ref(), PER_CLIENT)];
        for (key, limit) in limits {
            let Some(key) = key else { continue };
            let failures = self.store().sign_in_failures(key, since).await?;
            if failures.len() as i64 >= limit {
                // Paused until enough of the failures have aged out of the window.
                let oldest_that_counts = failures[failures.len() - limit as usize];
                let free_at = oldest_that_counts + WINDOW;
                until = until.max(Some(free_at));
            }
        }
        Ok(until.filter(|t| *t > now))
    }

    pub(crate) async fn record_failure(&self, keys: &AttemptKeys) -> Result<()> {
        let mut list = vec![keys.account.clone()];
        list.extend(keys.client.clone());
        Ok(self.store().record_sign_in_failure(list, self.now()).await?)
    }

    pub(crate) async fn forget_failures(&self, keys: &AttemptKeys) -> Result<()> {
        Ok(self.store().clear_sign_in_failures(keys.account.clone()).await?)
    }
}
