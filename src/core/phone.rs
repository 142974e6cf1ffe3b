//! E.164 phone numbers: parsing, normalisation, country resolution.
//! (Placeholder until the full table lands.)
use alloc::string::String;

/// A phone number in E.164 form, e.g. `+12025550162`.
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// The E.164 string.
    pub fn as_str(&self) -> &str { &self.0 }
}

/// Why a phone number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Not a well-formed E.164 number (`invalid_phone_number`).
    Invalid,
    /// A country Stytch does not send SMS to (`invalid_phone_number_country_code`).
    UnsupportedCountry,
}

/// Parses and normalises `input` to E.164.
///
/// # Errors
/// [`PhoneError`] when the number is malformed or its country is unsupported.
pub fn parse(input: &str) -> Result<Phone, PhoneError> {
    let mut out = String::from("+");
    let rest = input.trim().strip_prefix('+').ok_or(PhoneError::Invalid)?;
    for c in rest.chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '-' | '(' | ')' | '.' => {}
            _ => return Err(PhoneError::Invalid),
        }
    }
    if out.len() < 9 || out.len() > 16 || out.as_bytes()[1] == b'0' {
        return Err(PhoneError::Invalid);
    }
    Ok(Phone(out))
}
