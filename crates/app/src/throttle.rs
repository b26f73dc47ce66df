//! Sign-in throttling, shared by every instance through the database: after repeated
//! failures for one account, or from one client, sign-in is refused for a while without even
//! checking the password, and the page says how long to wait. Kiosk enrolment codes are
//! throttled per client the same way (`kiosk.rs`). Clients are keyed by a keyed
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
        AttemptKeys { account: format!("user:{username}"), client: client.map(|ip| self.client_key("client", ip)) }
    }

    /// The key a client's failures count under for one kind of attempt: a keyed hash of its
    /// address and the day, so the address is never stored and nothing links one day to the next.
    pub(crate) fn client_key(&self, kind: &str, client: IpAddr) -> String {
        let day = self.today().to_string();
        let hash = self.key().fingerprint(b"hailong/sign-in-client/v1\0", format!("{day}\0{client}").as_bytes());
        format!("{kind}:{hash}")
    }

    /// When the next attempt may be made, if these keys are paused now.
    pub(crate) async fn paused_until(&self, keys: &AttemptKeys) -> Result<Option<Timestamp>> {
        let mut until = None;
        let limits = [(Some(&keys.account), PER_ACCOUNT), (keys.client.as_ref(), PER_CLIENT)];
        for (key, limit) in limits {
            let Some(key) = key else { continue };
            until = until.max(self.key_paused_until(key, limit).await?);
        }
        Ok(until)
    }

    /// When the next attempt under `key` may be made, if `limit` failures within the window
    /// pause it now.
    pub(crate) async fn key_paused_until(&self, key: &str, limit: i64) -> Result<Option<Timestamp>> {
        let now = self.now();
        let failures = self.store().sign_in_failures(key, now - WINDOW).await?;
        if (failures.len() as i64) < limit {
            return Ok(None);
        }
        // Paused until enough of the failures have aged out of the window.
        let oldest_that_counts = failures[failures.len() - limit as usize];
        Ok(Some(oldest_that_counts + WINDOW).filter(|t| *t > now))
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
