//! Signed tokens: the one printed in a point's QR code and the one each form page carries.
//!
//! Both are HMAC-SHA256 tagged with the deployment's key, which lives in the database so that
//! every `hailong serve` instance shares it. A forged or mistyped token is refused before any
//! lookup; an unguessable random body means tokens are not sequential ids.

use data_encoding::{BASE32_NOPAD, BASE64URL_NOPAD};
use hmac::{Hmac, KeyInit, Mac};
use jiff::Timestamp;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The deployment's signing key.
#[derive(Clone)]
pub struct SigningKey([u8; 32]);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(..)")
    }
}

impl SigningKey {
    pub fn generate() -> SigningKey {
        SigningKey(random_bytes())
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<SigningKey> {
        Some(SigningKey(bytes.try_into().ok()?))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn mac(&self, purpose: &[u8], body: &[u8]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(purpose);
        mac.update(body);
        mac
    }

    /// A keyed hash for values that must be compared but never stored in clear (session ids).
    pub fn fingerprint(&self, purpose: &[u8], value: &[u8]) -> String {
        BASE64URL_NOPAD.encode(&self.mac(purpose, value).finalize().into_bytes())
    }
}

/// Cryptographically random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

/// A random, URL-safe identifier (sessions, enrolment codes).
pub fn random_id() -> String {
    BASE64URL_NOPAD.encode(&random_bytes::<24>())
}

const POINT_PURPOSE: &[u8] = b"hailong/point-token/v1\0";
const POINT_BODY: usize = 9;
const POINT_TAG: usize = 6;

/// Mints the token of a service point's QR code: 24 lowercase base32 characters, short enough
/// for a small QR code and to type from a poster.
pub fn mint_point_token(key: &SigningKey) -> String {
    let body: [u8; POINT_BODY] = random_bytes();
    let tag = key.mac(POINT_PURPOSE, &body).finalize().into_bytes();
    let mut raw = body.to_vec();
    raw.extend_from_slice(&tag[..POINT_TAG]);
    BASE32_NOPAD.encode(&raw).to_ascii_lowercase()
}

/// Whether `token` was minted with `key` (it may still be revoked: ask the store).
pub fn point_token_is_genuine(key: &SigningKey, token: &str) -> bool {
    if token.len() != 24 {
        return false;
    }
    let Ok(raw) = BASE32_NOPAD.decode(token.to_ascii_uppercase().as_bytes()) else {
        return false;
    };
    let (body, tag) = raw.split_at(POINT_BODY);
    key.mac(POINT_PURPOSE, body).verify_truncated_left(tag).is_ok()
}

const FORM_PURPOSE: &[u8] = b"hailong/form-token/v1\0";
const FORM_BODY: usize = 16 + 8 + 8;
const FORM_TAG: usize = 16;

/// What a form page carries in its hidden field: the response's client id (so a double tap
/// or a retried POST counts once), the campaign it was shown for and when it was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormToken {
    pub client_id: [u8; 16],
    pub campaign_id: i64,
    pub issued_at: Timestamp,
}

impl FormToken {
    pub fn issue(campaign_id: i64, now: Timestamp) -> FormToken {
        FormToken { client_id: random_bytes(), campaign_id, issued_at: now }
    }

    pub fn seal(&self, key: &SigningKey) -> String {
        let body = self.body();
        let tag = key.mac(FORM_PURPOSE, &body).finalize().into_bytes();
        let mut raw = body.to_vec();
        raw.extend_from_slice(&tag[..FORM_TAG]);
        BASE64URL_NOPAD.encode(&raw)
    }

    pub fn open(key: &SigningKey, sealed: &str) -> Option<FormToken> {
        let raw = BASE64URL_NOPAD.decode(sealed.trim().as_bytes()).ok()?;
        if raw.len() != FORM_BODY + FORM_TAG {
            return None;
        }
        let (body, tag) = raw.split_at(FORM_BODY);
        key.mac(FORM_PURPOSE, body).verify_truncated_left(tag).ok()?;
        let client_id = body[..16].try_into().ok()?;
        let campaign_id = i64::from_be_bytes(body[16..24].try_into().ok()?);
        let issued_ms = i64::from_be_bytes(body[24..32].try_into().ok()?);
        let issued_at = Timestamp::from_millisecond(issued_ms).ok()?;
        Some(FormToken { client_id, campaign_id, issued_at })
    }

    /// The response's idempotency key as stored: 36 base32 characters, the issue time first.
    /// Keys of forms opened about the same time sort together, so the unique index takes them
    /// near its end instead of on random pages (each dirty page is written at every commit).
    pub fn client_id_text(&self) -> String {
        let mut raw = [0u8; 22];
        raw[..6].copy_from_slice(&self.issued_at.as_millisecond().to_be_bytes()[2..]);
        raw[6..].copy_from_slice(&self.client_id);
        BASE32_NOPAD.encode(&raw).to_ascii_lowercase()
    }

    fn body(&self) -> [u8; FORM_BODY] {
        let mut body = [0u8; FORM_BODY];
        body[..16].copy_from_slice(&self.client_id);
        body[16..24].copy_from_slice(&self.campaign_id.to_be_bytes());
        body[24..32].copy_from_slice(&self.issued_at.as_millisecond().to_be_bytes());
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_tokens_verify_only_with_their_key() {
        let key = SigningKey::generate();
        let token = mint_point_token(&key);
        assert_eq!(token.len(), 24);
        assert!(token.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert!(point_token_is_genuine(&key, &token));
        assert!(point_token_is_genuine(&key, &token.to_ascii_uppercase()));
        assert!(!point_token_is_genuine(&SigningKey::generate(), &token));
        let mut forged = token.into_bytes();
        forged[0] = if forged[0] == b'a' { b'b' } else { b'a' };
        assert!(!point_token_is_genuine(&key, std::str::from_utf8(&forged).unwrap()));
        assert!(!point_token_is_genuine(&key, "../../etc/passwd"));
    }

    #[test]
    fn form_tokens_round_trip_and_resist_tampering() {
        let key = SigningKey::generate();
        let now: Timestamp = "2026-11-21T08:00:00Z".parse().unwrap();
        let token = FormToken::issue(42, now);
        let sealed = token.seal(&key);
        assert_eq!(FormToken::open(&key, &sealed), Some(token));
        assert_eq!(FormToken::open(&SigningKey::generate(), &sealed), None);
        let other = FormToken { campaign_id: 43, ..token }.seal(&SigningKey::generate());
        assert_eq!(FormToken::open(&key, &other), None);
        assert_eq!(FormToken::open(&key, ""), None);
        assert_eq!(FormToken::open(&key, "not a token"), None);
        assert_eq!(token.client_id_text().len(), 36);
        let later = FormToken { issued_at: now + jiff::SignedDuration::from_millis(1), ..FormToken::issue(42, now) };
        assert!(later.client_id_text() > token.client_id_text(), "later forms sort later");
    }
}
