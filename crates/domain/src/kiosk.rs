//! Counter kiosks: the one-time enrolment code typed on a tablet, the device token it is traded
//! for, the ids a tablet gives the answers it queues, and when its answers count as given.

use data_encoding::BASE64URL_NOPAD;
use jiff::{SignedDuration, Timestamp};

use crate::signing::random_bytes;

/// Letters and digits that cannot be mistaken for one another when read off a screen and typed
/// on a tablet: no 0/O, no 1/I. 32 symbols, so one random byte gives one symbol without bias.
pub const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Symbols in an enrolment code: 40 bits, for a code that works once within a day.
pub const CODE_LEN: usize = 8;
/// How long an enrolment code may be typed on the tablet.
pub const CODE_VALID_FOR: SignedDuration = SignedDuration::from_hours(24);

/// Seconds without a touch before the form starts again for the next citizen.
pub const IDLE_SECONDS_DEFAULT: i64 = 30;
pub const IDLE_SECONDS_MIN: i64 = 10;
pub const IDLE_SECONDS_MAX: i64 = 600;

/// A kiosk that has sent no heartbeat for longer than this is shown as offline. It beats every
/// minute, so three missed beats.
pub const OFFLINE_AFTER: SignedDuration = SignedDuration::from_mins(3);

/// How old an answer queued on a tablet may be for its own time to count.
pub const QUEUED_AT_MOST: SignedDuration = SignedDuration::from_hours(24 * 7);
/// How far ahead of ours a tablet's clock may run.
pub const CLOCK_AHEAD_AT_MOST: SignedDuration = SignedDuration::from_mins(5);

/// A fresh enrolment code, e.g. `K7MQ3XHD`.
pub fn new_enrolment_code() -> String {
    random_bytes::<CODE_LEN>().iter().map(|b| CODE_ALPHABET[usize::from(b & 31)] as char).collect()
}

/// The code as shown to the organiser: two groups of four, easier to read aloud and type.
pub fn display_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(CODE_LEN / 2));
    format!("{a}-{b}")
}

/// The code as typed on the tablet, without spaces or dashes and in capitals; `None` if it
/// cannot be one of ours (so it is refused without a lookup).
pub fn normalise_code(typed: &str) -> Option<String> {
    let code: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let ours = code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    ours.then_some(code)
}

/// A fresh device token: 256 random bits, URL-safe (43 characters).
pub fn new_device_token() -> String {
    BASE64URL_NOPAD.encode(&random_bytes::<32>())
}

/// Whether `token` has the shape of a device token (checked before hashing and looking it up).
pub fn is_device_token(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether a tablet's id for one answer is acceptable: 8–64 letters, digits or dashes (a UUID).
pub fn is_client_id(id: &str) -> bool {
    (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The stored idempotency key of a kiosk answer: scoped to the kiosk, so two tablets can
/// never collide and a retried answer counts once.
pub fn response_client_id(kiosk: i64, client: &str) -> String {
    format!("kiosk:{kiosk}:{client}")
}

/// When an answer queued on a tablet counts as given: the tablet's time if it is plausible (in
/// the last week, not ahead of ours by more than a few minutes, and never later than now), so
/// an answer given just before a campaign closed and sent after a network drop is judged as
/// the online form would judge it; otherwise now.
pub fn answered_at(device_millis: Option<i64>, now: Timestamp) -> Timestamp {
    let Some(at) = device_millis.and_then(|ms| Timestamp::from_millisecond(ms).ok()) else { return now };
    if at < now - QUEUED_AT_MOST || at > now + CLOCK_AHEAD_AT_MOST { now } else { at.min(now) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unambiguous_and_typed_loosely() {
        for _ in 0..200 {
            let code = new_enrolment_code();
            assert_eq!(code.len(), CODE_LEN);
            assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
            assert_eq!(normalise_code(&display_code(&code).to_lowercase()).as_deref(), Some(code.as_str()));
        }
        assert_eq!(display_code("ABCDEFGH"), "ABCD-EFGH");
        assert_eq!(normalise_code(" abcd efgh ").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalise_code("ABCDEFG0"), None, "0 is never in a code");
        assert_eq!(normalise_code("ABCDEFG"), None);
        assert_eq!(normalise_code("ABCDEFGHJ"), None);
        assert_eq!(normalise_code("ABCDEFGĐ"), None);
    }

    #[test]
    fn device_tokens_have_256_bits() {
        let token = new_device_token();
        assert!(is_device_token(&token), "{token}");
        assert_ne!(token, new_device_token());
        assert!(!is_device_token("short"));
        assert!(!is_device_token(&format!("{}=", &token[..42])));
    }

    #[test]
    fn client_ids() {
        assert!(is_client_id("3f2a9c1b-7d4e-4f5a-9b6c-1d2e3f4a5b6c"));
        assert!(is_client_id("abcdefgh"));
        assert!(!is_client_id("abcdefg"));
        assert!(!is_client_id(&"a".repeat(65)));
        assert!(!is_client_id("abc:defgh"));
        assert!(!is_client_id("abcdefgh "));
        assert_eq!(response_client_id(7, "abcdefgh"), "kiosk:7:abcdefgh");
    }

    #[test]
    fn the_tablets_time_counts_when_plausible() {
        let now: Timestamp = "2024-07-12T17:10:00Z".parse().unwrap();
        let ms = |s: &str| Some(s.parse::<Timestamp>().unwrap().as_millisecond());
        assert_eq!(answered_at(ms("2024-07-12T16:55:00Z"), now).to_string(), "2024-07-12T16:55:00Z");
        assert_eq!(answered_at(ms("2024-07-06T17:11:00Z"), now), "2024-07-06T17:11:00Z".parse().unwrap());
        assert_eq!(answered_at(ms("2024-07-05T17:09:00Z"), now), now, "older than a week");
        assert_eq!(answered_at(ms("2024-07-12T17:13:00Z"), now), now, "a little ahead is now");
        assert_eq!(answered_at(ms("2024-07-12T17:30:00Z"), now), now, "far ahead");
        assert_eq!(answered_at(None, now), now);
        assert_eq!(answered_at(Some(i64::MAX), now), now);
    }
}
