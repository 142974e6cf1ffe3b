//! What the JS methods take, as serde types.
//!
//! Every member is a [`Loose`] value, so that a mistyped member fails with
//! the error of that member (a number as `phoneNumber` is an
//! `invalid_phone_number`, as an empty one would be) instead of one generic
//! decoding error. The caller's `AbortSignal` is not part of these: the
//! platform reads it apart.
use core::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A member of another type than the one it must have.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Mistyped;

/// One input member, as given.
#[derive(Clone, PartialEq, Default)]
pub enum Loose {
    /// Missing, `undefined` or `null`.
    #[default]
    Absent,
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
    /// Anything else (a boolean, an object, an array).
    Other,
}

/// Shows the kind only: a member may hold a passcode.
impl fmt::Debug for Loose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Loose::Absent => "Absent",
            Loose::Text(_) => "Text(<redacted>)",
            Loose::Number(_) => "Number",
            Loose::Other => "Other",
        })
    }
}

impl Loose {
    /// A string member: `Ok(None)` when absent.
    ///
    /// # Errors
    /// [`Mistyped`] when it is not a string.
    pub fn text(&self) -> Result<Option<&str>, Mistyped> {
        match self {
            Loose::Absent => Ok(None),
            Loose::Text(s) => Ok(Some(s)),
            _ => Err(Mistyped),
        }
    }

    /// A string member, where absent or mistyped read as `""` (which then
    /// fails the member's own check).
    pub fn text_or_empty(&self) -> &str {
        self.text().ok().flatten().unwrap_or("")
    }

    /// A whole number in `0..=u32::MAX`: `Ok(None)` when absent.
    ///
    /// # Errors
    /// [`Mistyped`] for anything else (NaN and infinities included).
    pub fn whole(&self) -> Result<Option<u32>, Mistyped> {
        match *self {
            Loose::Absent => Ok(None),
            Loose::Number(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => {
                Ok(Some(n as u32))
            }
            _ => Err(Mistyped),
        }
    }

    /// True unless absent.
    pub fn is_present(&self) -> bool {
        !matches!(self, Loose::Absent)
    }
}

impl From<&str> for Loose {
    fn from(s: &str) -> Loose {
        Loose::Text(String::from(s))
    }
}

impl From<u32> for Loose {
    fn from(n: u32) -> Loose {
        Loose::Number(f64::from(n))
    }
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Loose, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(String::from(v)))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Number(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Number(v as f64))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Absent)
    }
    fn visit_none<E: de::Error>(self) -> Result<Loose, E> {
        Ok(Loose::Absent)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }
}

/// `sendSms`: consumer (`phoneNumber`) or B2B (`organizationId` + `memberId`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SendSmsInput {
    /// Consumer: the number to send to.
    pub phone_number: Loose,
    /// Consumer: code lifetime, 1..=10 minutes.
    pub expiration_minutes: Loose,
    /// B2B: the organization.
    pub organization_id: Loose,
    /// B2B: the member.
    pub member_id: Loose,
    /// B2B: the number to enroll, for a member without one.
    pub mfa_phone_number: Loose,
    /// The message language.
    pub locale: Loose,
}

impl SendSmsInput {
    /// The JS names of its members, which the boundary reads.
    pub const MEMBERS: &'static [&'static str] = &[
        "phoneNumber",
        "expirationMinutes",
        "organizationId",
        "memberId",
        "mfaPhoneNumber",
        "locale",
    ];
}

/// `authenticate`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthenticateInput {
    /// The six digits.
    pub code: Loose,
    /// Overrides the config's session length.
    pub session_duration_minutes: Loose,
}

impl AuthenticateInput {
    /// The JS names of its members, which the boundary reads.
    pub const MEMBERS: &'static [&'static str] = &["code", "sessionDurationMinutes"];
}

/// `emailLoginOrSignup` and `emailAuthenticate`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmailInput {
    /// The organization.
    pub organization_id: Loose,
    /// The member's address.
    pub email_address: Loose,
    /// `emailAuthenticate`: the six digits.
    pub code: Loose,
    /// `emailAuthenticate`: overrides the config's session length.
    pub session_duration_minutes: Loose,
    /// `emailLoginOrSignup`: the message language.
    pub locale: Loose,
}

impl EmailInput {
    /// The JS names of its members, which the boundary reads.
    pub const MEMBERS: &'static [&'static str] = &[
        "organizationId",
        "emailAddress",
        "code",
        "sessionDurationMinutes",
        "locale",
    ];
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// An object with every name of `members` set to a string.
    fn all(members: &[&str]) -> serde_json::Value {
        serde_json::Value::Object(
            members
                .iter()
                .map(|m| (String::from(*m), serde_json::json!("x")))
                .collect(),
        )
    }

    /// Each `MEMBERS` list names every member of its type, so the boundary
    /// copies all of them: a field added without its name would stay absent.
    #[test]
    fn members_lists_name_every_field() {
        let s: SendSmsInput = serde_json::from_value(all(SendSmsInput::MEMBERS)).unwrap();
        let fields = [
            &s.phone_number,
            &s.expiration_minutes,
            &s.organization_id,
            &s.member_id,
            &s.mfa_phone_number,
            &s.locale,
        ];
        assert!(
            fields.iter().all(|f| f.is_present()) && fields.len() == SendSmsInput::MEMBERS.len()
        );
        let a: AuthenticateInput = serde_json::from_value(all(AuthenticateInput::MEMBERS)).unwrap();
        let fields = [&a.code, &a.session_duration_minutes];
        assert!(
            fields.iter().all(|f| f.is_present())
                && fields.len() == AuthenticateInput::MEMBERS.len()
        );
        let e: EmailInput = serde_json::from_value(all(EmailInput::MEMBERS)).unwrap();
        let fields = [
            &e.organization_id,
            &e.email_address,
            &e.code,
            &e.session_duration_minutes,
            &e.locale,
        ];
        assert!(fields.iter().all(|f| f.is_present()) && fields.len() == EmailInput::MEMBERS.len());
    }

    #[test]
    fn loose_reads_each_kind_of_value() {
        let v: Vec<Loose> =
            serde_json::from_str(r#"[null, "a", 1.5, 7, true, [1, 2], {"k": 1}]"#).unwrap();
        assert_eq!(
            v,
            [
                Loose::Absent,
                Loose::from("a"),
                Loose::Number(1.5),
                Loose::from(7),
                Loose::Other,
                Loose::Other,
                Loose::Other
            ]
        );
        assert_eq!(Loose::Number(f64::NAN).whole(), Err(Mistyped));
        assert_eq!(Loose::Number(-1.0).whole(), Err(Mistyped));
        assert_eq!(Loose::Number(2.5).whole(), Err(Mistyped));
        assert_eq!(Loose::from(10).whole(), Ok(Some(10)));
        assert_eq!(format!("{:?}", Loose::from("123456")), "Text(<redacted>)");
    }
}
