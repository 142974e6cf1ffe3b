//! Secrets and one-time passcodes as newtypes whose `Debug` never shows the value.
use core::fmt;

use serde::Deserialize;

use super::error::Error;

/// A bearer secret: a session token, a session JWT or an intermediate session
/// token. `Debug` prints `Secret(<redacted>)`; read the value with
/// [`Secret::expose`] only where it is sent or stored.
#[derive(Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: String) -> Secret {
        Secret(value)
    }
    /// The secret text, for the request body, header or storage that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// True for an empty secret (Stytch sends `""` when no session was made).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(String::from(value))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// A one-time passcode: exactly six ASCII digits. Not `Clone` (it is used
/// once), `Debug` prints `Code(<redacted>)`.
#[derive(PartialEq, Eq)]
pub struct Code(String);

impl Code {
    /// Accepts six ASCII digits `0-9`, as typed or pasted: surrounding
    /// whitespace and the spaces or hyphens between digits (`123 456`,
    /// `123-456`) are dropped. Nothing else (no Unicode digits, no other
    /// separators, no sign).
    ///
    /// # Errors
    /// `invalid_code` ([`Error::invalid_code`]) otherwise.
    pub fn parse(input: &str) -> Result<Code, Error> {
        let typed = input.trim_ascii();
        let digit_at = |b: Option<&u8>| b.is_some_and(u8::is_ascii_digit);
        // Separators go between digits only: `-123456` is not a code.
        if typed.len() > 16
            || !digit_at(typed.as_bytes().first())
            || !digit_at(typed.as_bytes().last())
        {
            return Err(Error::invalid_code());
        }
        let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Code(digits))
        } else {
            Err(Error::invalid_code())
        }
    }
    /// The six digits, for the request body.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Code(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::from("session-token-abc");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        let c = Code::parse("123456").unwrap();
        assert_eq!(format!("{c:?}"), "Code(<redacted>)");
        assert_eq!(c.expose(), "123456");
        assert!(!format!("{:?}", Some(&s)).contains("abc"));
    }

    #[test]
    fn code_rules() {
        for ok in ["000000", "123456", "999999"] {
            assert_eq!(Code::parse(ok).unwrap().expose(), ok);
        }
        for typed in ["123 456", "123-456", " 123456", "123456\n", "\t123 - 456 "] {
            assert_eq!(Code::parse(typed).unwrap().expose(), "123456", "{typed:?}");
        }
        for bad in [
            "",
            "12345",
            "1234567",
            "12 456",
            "123_456",
            "123.456",
            "123\u{a0}456",
            "1 2 3 4 5 6 7",
            "12345a",
            "１２３４５６",
            "12345٦",
            "+12345",
            "-12345",
        ] {
            assert_eq!(
                Code::parse(bad).unwrap_err().error_type,
                "invalid_code",
                "{bad}"
            );
        }
    }
}
