//! The text of the SMS and email messages, in the languages Stytch supports (`locale`:
//! `en`, `es`, `fr`, `pt-br`). Every SMS ends with the WebOTP line (`@host #code`) so that a
//! browser's one-time-code autofill can be tried locally.
use crate::errors::{ApiError, ApiResult};

/// A supported message language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    /// English (the default).
    En,
    /// Spanish.
    Es,
    /// French.
    Fr,
    /// Brazilian Portuguese.
    PtBr,
}

impl Locale {
    /// Parses Stytch's `locale`: absent or empty is English; `pt-br` is also accepted as
    /// `pt-BR`, `pt_br` and `ptbr` (how Rust clients serialise it), and a region after
    /// `en`/`es`/`fr` is ignored (`en-US`).
    ///
    /// # Errors
    /// 400 `invalid_locale` for any other language.
    pub fn parse(v: Option<&str>) -> ApiResult<Locale> {
        let Some(raw) = v.map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(Locale::En);
        };
        let l = raw.to_ascii_lowercase().replace('_', "-");
        let lang = l.split('-').next().unwrap_or("");
        match (lang, l.as_str()) {
            (_, "pt-br" | "ptbr") => Ok(Locale::PtBr),
            ("en", _) => Ok(Locale::En),
            ("es", _) => Ok(Locale::Es),
            ("fr", _) => Ok(Locale::Fr),
            _ => Err(ApiError::new(
                400,
                "invalid_locale",
                "locale must be one of en, es, fr, pt-br.",
            )),
        }
    }
}

/// What a message needs besides the code.
#[derive(Clone, Debug)]
pub struct Texts {
    /// The language.
    pub locale: Locale,
    /// The project's name.
    pub project: String,
    /// The host of the WebOTP line.
    pub host: String,
}

fn minutes(locale: Locale, n: i64) -> String {
    let one = n == 1;
    let word = match locale {
        Locale::En | Locale::Fr => {
            if one {
                "minute"
            } else {
                "minutes"
            }
        }
        Locale::Es | Locale::PtBr => {
            if one {
                "minuto"
            } else {
                "minutos"
            }
        }
    };
    format!("{n} {word}")
}

impl Texts {
    /// The SMS: one sentence, a blank line, then `@host #code`.
    pub fn sms(&self, code: &str, expires_minutes: i64) -> String {
        let (p, m) = (&self.project, minutes(self.locale, expires_minutes));
        let text = match self.locale {
            Locale::En => format!("Your {p} verification code is {code}. It expires in {m}."),
            Locale::Es => format!("Tu código de verificación de {p} es {code}. Caduca en {m}."),
            Locale::Fr => format!("Votre code de vérification {p} est {code}. Il expire dans {m}."),
            Locale::PtBr => {
                format!("Seu código de verificação do {p} é {code}. Ele expira em {m}.")
            }
        };
        format!("{text}\n\n@{} #{code}", self.host)
    }

    /// The email.
    pub fn email(&self, code: &str, expires_minutes: i64) -> String {
        let (p, m) = (&self.project, minutes(self.locale, expires_minutes));
        match self.locale {
            Locale::En => format!("Your {p} login code is {code}. It expires in {m}."),
            Locale::Es => format!("Tu código de inicio de sesión de {p} es {code}. Caduca en {m}."),
            Locale::Fr => format!("Votre code de connexion {p} est {code}. Il expire dans {m}."),
            Locale::PtBr => format!("Seu código de acesso do {p} é {code}. Ele expira em {m}."),
        }
    }
}

/// The host name of an origin such as `http://localhost:9010` (no scheme, no port).
pub fn origin_host(origin: &str) -> Option<String> {
    let rest = origin.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let name = crate::host::host_name(authority)?;
    (name != "null").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(locale: Locale) -> Texts {
        Texts {
            locale,
            project: "Acme".into(),
            host: "localhost".into(),
        }
    }

    #[test]
    fn locales_plurals_and_the_webotp_line() {
        assert_eq!(
            t(Locale::En).sms("123456", 2),
            "Your Acme verification code is 123456. It expires in 2 minutes.\n\n@localhost #123456"
        );
        assert!(t(Locale::En).sms("123456", 1).contains("in 1 minute."));
        assert!(t(Locale::Es).sms("123456", 1).contains("1 minuto."));
        assert!(t(Locale::PtBr).email("123456", 10).contains("10 minutos"));
        assert!(t(Locale::Fr).sms("123456", 5).starts_with("Votre code"));
        for (s, l) in [
            (None, Locale::En),
            (Some(""), Locale::En),
            (Some("en-US"), Locale::En),
            (Some("ES"), Locale::Es),
            (Some("fr"), Locale::Fr),
            (Some("pt-br"), Locale::PtBr),
            (Some("pt-BR"), Locale::PtBr),
            (Some("ptbr"), Locale::PtBr),
            (Some("pt_br"), Locale::PtBr),
        ] {
            assert_eq!(Locale::parse(s).unwrap(), l, "{s:?}");
        }
        for bad in ["de", "pt", "xx-en", "zh-CN"] {
            assert_eq!(
                Locale::parse(Some(bad)).unwrap_err().error_type,
                "invalid_locale",
                "{bad}"
            );
        }
        assert_eq!(
            origin_host("http://localhost:9010").as_deref(),
            Some("localhost")
        );
        assert_eq!(
            origin_host("https://App.Example.com/x").as_deref(),
            Some("app.example.com")
        );
        assert_eq!(origin_host("http://[::1]:3000").as_deref(), Some("[::1]"));
        assert_eq!(origin_host("null"), None);
    }
}
