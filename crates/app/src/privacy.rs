//! The `[privacy]` section of the configuration: how long contact details that citizens chose
//! to leave are kept before the hourly job deletes them (docs/INTEGRITY.md, "Privacy").

use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Days a contact left for a reply is kept; the form tells the citizen this number.
    pub contact_retention_days: u32,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        PrivacyConfig { contact_retention_days: 90 }
    }
}

impl PrivacyConfig {
    pub fn check(&self) -> Result<(), String> {
        if self.contact_retention_days == 0 {
            return Err("privacy.contact_retention_days phải lớn hơn 0".into());
        }
        Ok(())
    }

    /// How long a contact is kept.
    pub fn contact_retention(&self) -> SignedDuration {
        SignedDuration::from_hours(24 * i64::from(self.contact_retention_days))
    }
}
