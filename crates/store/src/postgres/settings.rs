//! Values shared by every instance.

use data_encoding::BASE64;
use deadpool_postgres::GenericClient;
use domain::signing::SigningKey;

use crate::{Result, StoreError};

const SIGNING_KEY: &str = "signing_key";

/// Reads the signing key, creating it on first use. Two instances starting at once agree:
/// the second insert does nothing and both read the first one's key.
pub(crate) async fn signing_key(client: &impl GenericClient) -> Result<SigningKey> {
    let candidate = SigningKey::generate();
    client
        .execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            &[&SIGNING_KEY, &BASE64.encode(candidate.as_bytes())],
        )
        .await?;
    let text: String = client.query_one("SELECT value FROM settings WHERE key = $1", &[&SIGNING_KEY]).await?.get(0);
    BASE64
        .decode(text.as_bytes())
        .ok()
        .and_then(|bytes| SigningKey::from_bytes(&bytes))
        .ok_or_else(|| StoreError::Corrupt("the stored signing key is not 32 bytes of base64".into()))
}
