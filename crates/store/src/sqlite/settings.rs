//! Values shared by every instance.

use data_encoding::BASE64;
use deadpool_sqlite::rusqlite::{OptionalExtension, Transaction};
use domain::signing::SigningKey;

use crate::{Result, StoreError};

const SIGNING_KEY: &str = "signing_key";

/// Reads the signing key, creating it on first use.
pub(crate) fn signing_key(tx: &Transaction<'_>) -> Result<SigningKey> {
    let stored: Option<String> =
        tx.query_row("SELECT value FROM settings WHERE key = ?1", [SIGNING_KEY], |r| r.get(0)).optional()?;
    match stored {
        Some(text) => BASE64
            .decode(text.as_bytes())
            .ok()
            .and_then(|bytes| SigningKey::from_bytes(&bytes))
            .ok_or_else(|| StoreError::Corrupt("the stored signing key is not 32 bytes of base64".into())),
        None => {
            let key = SigningKey::generate();
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                [SIGNING_KEY, &BASE64.encode(key.as_bytes())],
            )?;
            Ok(key)
        }
    }
}
