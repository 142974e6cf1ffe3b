//! Small helpers shared by the consumer and B2B flows.
use serde_json::{json, Value};

use crate::app::App;
use crate::errors::{ApiError, ApiResult};
use crate::extract::Fields;
use crate::ids;
use crate::messages::{Locale, Texts};
use crate::state::store::SESSION_MINUTES;
use sms_mfa_sdk::sdk::phone::{self, PhoneError};

/// Default SMS code lifetime.
pub const DEFAULT_SMS_MINUTES: i64 = 2;
/// Default email code lifetime.
pub const DEFAULT_EMAIL_MINUTES: i64 = 10;

/// Normalises a phone number with the SDK core, so the emulator and the SDK agree.
///
/// # Errors
/// 400 `invalid_phone_number` or `invalid_phone_number_country_code`.
pub fn parse_phone(raw: &str) -> ApiResult<String> {
    match phone::parse(raw) {
        Ok(p) => Ok(p.as_str().to_string()),
        Err(PhoneError::UnsupportedCountry) => Err(ApiError::new(
            400,
            "invalid_phone_number_country_code",
            "SMS is not supported for this phone number's country.",
        )),
        Err(_) => Err(ApiError::new(
            400,
            "invalid_phone_number",
            "Phone number format is invalid. Use E.164, e.g. +12025550162.",
        )),
    }
}

/// `expiration_minutes` for SMS codes: 1..=10, default 2.
///
/// # Errors
/// 400 `invalid_expiration_minutes`.
pub fn sms_expiration(v: Option<i64>) -> ApiResult<i64> {
    match v {
        None => Ok(DEFAULT_SMS_MINUTES),
        Some(m) if (1..=10).contains(&m) => Ok(m),
        Some(_) => Err(ApiError::new(
            400,
            "invalid_expiration_minutes",
            "expiration_minutes must be between 1 and 10.",
        )),
    }
}

/// Email code lifetime: 1..=60, default 10.
///
/// # Errors
/// 400 `invalid_expiration_minutes`.
pub fn email_expiration(v: Option<i64>) -> ApiResult<i64> {
    match v {
        None => Ok(DEFAULT_EMAIL_MINUTES),
        Some(m) if (1..=60).contains(&m) => Ok(m),
        Some(_) => Err(ApiError::new(
            400,
            "invalid_expiration_minutes",
            "expiration_minutes must be between 1 and 60.",
        )),
    }
}

/// `session_duration_minutes`: 5..=527040.
///
/// # Errors
/// 400 `invalid_session_duration_minutes`.
pub fn session_minutes(v: Option<i64>) -> ApiResult<Option<i64>> {
    match v {
        None => Ok(None),
        Some(m) if SESSION_MINUTES.contains(&m) => Ok(Some(m)),
        Some(_) => Err(ApiError::new(
            400,
            "invalid_session_duration_minutes",
            "session_duration_minutes must be between 5 and 527040.",
        )),
    }
}

/// The code as sent in a request. Any non-empty string is compared (in constant time) with
/// the stored code, so a malformed code is simply a wrong one (`otp_code_not_found`).
///
/// # Errors
/// 400 `bad_request` when missing or empty.
pub fn code_field(code: Option<String>, name: &str) -> ApiResult<String> {
    match code {
        Some(c) if !c.is_empty() => Ok(c),
        _ => Err(ApiError::missing(name)),
    }
}

/// Adds `request_id` and `status_code: 200` to a response object.
pub fn ok(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.insert("request_id".into(), json!(ids::id("request-id")));
        m.insert("status_code".into(), json!(200));
    }
    v
}

/// Characters that change how text displays without being visible themselves: the Unicode
/// format characters (category Cf: bidirectional controls such as U+202E, zero-width space,
/// joiners, word joiner, BOM, soft hyphen, invisible math operators, tags), the other
/// default-ignorable code points (Hangul fillers, the combining grapheme joiner, variation
/// selectors, Mongolian vowel separator, Khmer inherent vowels) and the C0/C1 controls. An
/// address like `alice@acme.test` with U+202E inside would display as someone else's.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x0000..=0x001F | 0x007F..=0x009F // C0, DEL, C1 controls
        | 0x00AD // soft hyphen
        | 0x034F // combining grapheme joiner
        | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x115F | 0x1160 // Hangul fillers
        | 0x17B4 | 0x17B5 // Khmer inherent vowels
        | 0x180B..=0x180F // Mongolian variation selectors, vowel separator
        | 0x200B..=0x200F // zero-width space, ZWNJ, ZWJ, LRM, RLM
        | 0x2028..=0x202E // line and paragraph separators, LRE, RLE, PDF, LRO, RLO
        | 0x2060..=0x206F // word joiner, invisible operators, LRI, RLI, FSI, PDI, deprecated
        | 0x3164 | 0xFFA0 // Hangul fillers
        | 0xFE00..=0xFE0F // variation selectors
        | 0xFEFF // zero-width no-break space, BOM
        | 0xFFF0..=0xFFFB // interlinear annotation and unassigned specials
        | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF // tags, variation selectors supplement
    )
}

/// The texts of the messages a call sends: its `locale`, the project's name and the WebOTP
/// host (the config's `webotp_host`, else the calling page's host, else `localhost`).
///
/// # Errors
/// 400 `invalid_locale`, 400 when `locale` is not a string.
pub fn texts(app: &App, body: &Fields, page_host: Option<&str>) -> ApiResult<Texts> {
    let locale = Locale::parse(body.opt_str("locale")?.as_deref())?;
    let host = app
        .cfg()
        .webotp_host
        .clone()
        .or_else(|| page_host.map(str::to_string))
        .unwrap_or_else(|| "localhost".into());
    Ok(Texts {
        locale,
        project: app.cfg().project.project_name.clone(),
        host,
    })
}

/// A basic email syntax check; invisible characters (see [`is_invisible`]) are refused.
///
/// # Errors
/// 400 `invalid_email`.
pub fn parse_email(raw: &str) -> ApiResult<String> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
        && e.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty()
                && d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && !d.contains('@')
        });
    if ok {
        Ok(e)
    } else {
        Err(ApiError::new(
            400,
            "invalid_email",
            "Email format is invalid.",
        ))
    }
}

/// Refuses a display name (a string, or an object of strings such as Stytch's
/// `{first_name, middle_name, last_name}`) holding invisible characters.
///
/// # Errors
/// 400 `invalid_name`.
pub fn check_name(v: &Value, field: &str) -> ApiResult<()> {
    let bad = match v {
        Value::String(s) => s.chars().any(is_invisible),
        Value::Object(m) => m
            .values()
            .any(|x| x.as_str().is_some_and(|s| s.chars().any(is_invisible))),
        _ => false,
    };
    if bad {
        Err(ApiError::new(
            400,
            "invalid_name",
            format!("{field} contains invisible or bidirectional control characters."),
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_refused_in_emails_and_names() {
        for c in [
            '\u{202E}',
            '\u{202D}',
            '\u{2066}',
            '\u{2069}',
            '\u{200B}',
            '\u{200D}',
            '\u{200E}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{061C}',
            '\u{E0041}',
            '\u{3164}',
            '\u{034F}',
            '\u{FE0F}',
        ] {
            let e = format!("alice{c}@acme.test");
            assert_eq!(
                parse_email(&e).unwrap_err().error_type,
                "invalid_email",
                "{:04X}",
                c as u32
            );
            assert!(check_name(&Value::String(format!("Al{c}ice")), "name").is_err());
            assert!(
                check_name(&serde_json::json!({"first_name": format!("A{c}")}), "name").is_err()
            );
        }
        assert_eq!(parse_email(" Alice@Acme.Test ").unwrap(), "alice@acme.test");
        assert!(
            parse_email("jos\u{e9}@acme.test").is_ok(),
            "visible non-ASCII stays allowed"
        );
        assert!(check_name(&Value::String("Zoë Ørsted-Łukasz 山田".into()), "name").is_ok());
    }
}
