//! E.164 phone numbers: parsing, normalisation, country resolution and the
//! countries Stytch does not send SMS to.
//!
//! Rules applied by [`parse`]:
//! * surrounding ASCII whitespace is trimmed, at most [`MAX_INPUT`] bytes remain;
//!   spaces, `-`, `.`, `(` and `)` are dropped; a leading `00` stands for `+`;
//!   otherwise a leading `+` (or `(+`, as in `(+1) 202-555-0100`) is required;
//! * only ASCII digits count (Unicode digits and look-alikes are refused);
//! * 8 to 15 digits after `+`, the first one not `0`;
//! * the calling code must be assigned by the ITU (longest prefix wins; the
//!   codes are prefix-free);
//! * NANP (`+1`): ten national digits, area code and exchange starting 2-9, no
//!   `N11` or `N9X` area code, no `N11` exchange; the territory is resolved by
//!   area code;
//! * `+7`: ten national digits; `6xx`/`7xx` is Kazakhstan, the rest Russia;
//! * countries on Stytch's unsupported list (including NANP islands sharing
//!   `+1`, Russia sharing `+7`, and every country sharing `+262`, `+590` and
//!   `+599`), and the non-geographic codes, give
//!   [`PhoneError::UnsupportedCountry`].

use std::borrow::Cow;

use super::error::Error;

/// A phone number in E.164 form, e.g. `+12025550162`, whose country is supported.
#[derive(Clone, PartialEq, Eq)]
pub struct Phone {
    e164: String,
    cc_len: u8,
}

/// Prints the masked form only: phone numbers are personal data.
impl core::fmt::Debug for Phone {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Phone(")?;
        f.write_str(&self.masked())?;
        f.write_str(")")
    }
}

/// Why a phone number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Not a well-formed E.164 number (`invalid_phone_number`).
    Invalid,
    /// A country Stytch does not send SMS to (`invalid_phone_number_country_code`).
    UnsupportedCountry,
}

/// What `checkPhoneNumber` answers: the number in E.164 with its country,
/// or why it is refused, as the `SdkError` `sendSms` would reject with.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneCheck {
    /// True when `sendSms` would accept the number.
    pub valid: bool,
    /// E.164, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// ISO 3166 country code, when valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<&'static str>,
    /// `invalid_phone_number` or `invalid_phone_number_country_code`, when not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_type: Option<Cow<'static, str>>,
    /// Why, for people, when not: the message `sendSms` would reject with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Cow<'static, str>>,
}

/// [`parse`], told as a [`PhoneCheck`].
pub fn check(input: &str) -> PhoneCheck {
    match parse(input) {
        Ok(p) => PhoneCheck {
            valid: true,
            phone_number: Some(String::from(p.as_str())),
            country: Some(p.country()),
            error_type: None,
            message: None,
        },
        Err(e) => {
            let e = Error::from(e);
            PhoneCheck {
                valid: false,
                phone_number: None,
                country: None,
                error_type: Some(e.error_type),
                message: Some(e.error_message),
            }
        }
    }
}

/// Longest accepted input (after trimming), formatting included.
pub const MAX_INPUT: usize = 64;

/// Bullets shown in place of the hidden digits: a fixed count, so the mask
/// does not reveal the number's length.
const BULLETS: &str = "•••••••";

impl Phone {
    /// The E.164 string.
    pub fn as_str(&self) -> &str {
        &self.e164
    }

    /// The calling code without `+` (e.g. `"1"`, `"44"`).
    pub fn calling_code(&self) -> &str {
        self.e164.get(1..1 + usize::from(self.cc_len)).unwrap_or("")
    }

    /// `+`, the calling code, seven bullets and the last four digits:
    /// `+1•••••••0162`.
    pub fn masked(&self) -> String {
        mask_parts(self.calling_code(), &self.e164)
    }

    /// ISO 3166-1 alpha-2 code of the country or territory (`"US"`, `"CA"`,
    /// `"KZ"`, `"GB"`...). For calling codes shared by several territories
    /// other than NANP and `+7`, the main one.
    pub fn country(&self) -> &'static str {
        let d = self.e164.as_bytes().get(1..).unwrap_or(&[]);
        let cc = value(d.get(..usize::from(self.cc_len)).unwrap_or(&[]));
        let national = d.get(usize::from(self.cc_len)..).unwrap_or(&[]);
        let iso: &'static [u8; 2] = match cc {
            1 => {
                let area = value(national.get(..3).unwrap_or(&[]));
                NANP_NON_US
                    .iter()
                    .find(|(a, _)| *a == area)
                    .map_or(b"US", |(_, iso)| iso)
            }
            7 => b"KZ", // Russia never parses
            _ => ISO
                .iter()
                .find(|(c, _)| *c == cc)
                .map_or(b"XX", |(_, iso)| iso),
        };
        core::str::from_utf8(iso).unwrap_or("")
    }
}

/// Masks any `+digits` string the way [`Phone::masked`] does, without
/// checking the country (for numbers echoed by the server). `None` when it is
/// not `+` followed by 5 to 15 ASCII digits.
pub fn mask(e164: &str) -> Option<String> {
    let digits = e164.strip_prefix("+")?;
    if !(5..=15).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let cc_len = calling_code_len(digits.as_bytes()).unwrap_or(1);
    Some(mask_parts(digits.get(..cc_len)?, e164))
}

fn mask_parts(cc: &str, e164: &str) -> String {
    let mut out = String::from("+");
    out.push_str(cc);
    out.push_str(BULLETS);
    out.push_str(e164.get(e164.len().saturating_sub(4)..).unwrap_or(""));
    out
}

/// Parses and normalises `input` to E.164.
///
/// # Errors
/// [`PhoneError::Invalid`] when the number is malformed,
/// [`PhoneError::UnsupportedCountry`] when its country is not served.
pub fn parse(input: &str) -> Result<Phone, PhoneError> {
    let s = input.trim_ascii();
    if s.len() > MAX_INPUT {
        return Err(PhoneError::Invalid);
    }
    // `(+1) 202…`: the parenthesis before `+` goes like the others.
    let rest = if let Some(r) = s.strip_prefix("+").or_else(|| s.strip_prefix("(+")) {
        r
    } else if let Some(r) = s.strip_prefix("00") {
        r
    } else {
        return Err(PhoneError::Invalid);
    };
    let mut e164 = String::from("+");
    for b in rest.bytes() {
        match b {
            b'0'..=b'9' => {
                if e164.len() > 15 {
                    return Err(PhoneError::Invalid);
                }
                e164.push(char::from(b));
            }
            b' ' | b'-' | b'.' | b'(' | b')' => {}
            _ => return Err(PhoneError::Invalid),
        }
    }
    let d = e164.as_bytes().get(1..).unwrap_or(&[]);
    if !(8..=15).contains(&d.len()) || matches!(d.first(), Some(b'0')) {
        return Err(PhoneError::Invalid);
    }
    let cc_len = calling_code_len(d).ok_or(PhoneError::Invalid)?;
    let cc = value(d.get(..cc_len).unwrap_or(&[]));
    let national = d.get(cc_len..).unwrap_or(&[]);
    match cc {
        1 => check_nanp(national)?,
        7 => {
            if national.len() != 10 {
                return Err(PhoneError::Invalid);
            }
            // Kazakhstan: +7 6xx / 7xx. Everything else on +7 is Russia.
            if !matches!(national.first(), Some(b'6' | b'7')) {
                return Err(PhoneError::UnsupportedCountry);
            }
        }
        _ => {
            if bit(&UNSUPPORTED_BITS, cc) {
                return Err(PhoneError::UnsupportedCountry);
            }
        }
    }
    Ok(Phone {
        e164,
        cc_len: cc_len as u8,
    })
}

fn check_nanp(n: &[u8]) -> Result<(), PhoneError> {
    let [a0, a1, a2, e0, e1, e2, ..] = *n else {
        return Err(PhoneError::Invalid);
    };
    let n11 = |x: u8, y: u8, z: u8| x >= b'2' && y == b'1' && z == b'1';
    if n.len() != 10 || a0 < b'2' || e0 < b'2' || a1 == b'9' || n11(a0, a1, a2) || n11(e0, e1, e2) {
        return Err(PhoneError::Invalid);
    }
    let area = value(&[a0, a1, a2]);
    if NANP_UNSUPPORTED.contains(&area) {
        return Err(PhoneError::UnsupportedCountry);
    }
    Ok(())
}

fn value(d: &[u8]) -> u16 {
    d.iter().fold(0u16, |acc, &c| {
        acc.wrapping_mul(10)
            .wrapping_add(u16::from(c.wrapping_sub(b'0')))
    })
}

/// Length (1..=3) of the assigned calling code `digits` starts with.
fn calling_code_len(d: &[u8]) -> Option<usize> {
    (1..=3).find(|&n| d.get(..n).is_some_and(|p| bit(&ASSIGNED_BITS, value(p))))
}

fn bit(map: &[u8; 125], v: u16) -> bool {
    map.get(usize::from(v / 8))
        .is_some_and(|b| (b >> (v % 8)) & 1 == 1)
}

const fn bitmap(codes: &[(u16, [u8; 2])], extra: &[u16]) -> [u8; 125] {
    let mut m = [0u8; 125];
    let mut i = 0;
    while i < codes.len() {
        let c = codes[i].0 as usize;
        m[c / 8] |= 1 << (c % 8);
        i += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        let c = extra[i] as usize;
        m[c / 8] |= 1 << (c % 8);
        i += 1;
    }
    m
}

/// Every assigned ITU-T E.164 country calling code (geographic), with the ISO
/// code of its main country. `+1` and `+7` are resolved further in code.
const ISO: &[(u16, [u8; 2])] = &[
    (1, *b"US"),
    (7, *b"RU"),
    (20, *b"EG"),
    (27, *b"ZA"),
    (30, *b"GR"),
    (31, *b"NL"),
    (32, *b"BE"),
    (33, *b"FR"),
    (34, *b"ES"),
    (36, *b"HU"),
    (39, *b"IT"),
    (40, *b"RO"),
    (41, *b"CH"),
    (43, *b"AT"),
    (44, *b"GB"),
    (45, *b"DK"),
    (46, *b"SE"),
    (47, *b"NO"),
    (48, *b"PL"),
    (49, *b"DE"),
    (51, *b"PE"),
    (52, *b"MX"),
    (53, *b"CU"),
    (54, *b"AR"),
    (55, *b"BR"),
    (56, *b"CL"),
    (57, *b"CO"),
    (58, *b"VE"),
    (60, *b"MY"),
    (61, *b"AU"),
    (62, *b"ID"),
    (63, *b"PH"),
    (64, *b"NZ"),
    (65, *b"SG"),
    (66, *b"TH"),
    (81, *b"JP"),
    (82, *b"KR"),
    (84, *b"VN"),
    (86, *b"CN"),
    (90, *b"TR"),
    (91, *b"IN"),
    (92, *b"PK"),
    (93, *b"AF"),
    (94, *b"LK"),
    (95, *b"MM"),
    (98, *b"IR"),
    (211, *b"SS"),
    (212, *b"MA"),
    (213, *b"DZ"),
    (216, *b"TN"),
    (218, *b"LY"),
    (220, *b"GM"),
    (221, *b"SN"),
    (222, *b"MR"),
    (223, *b"ML"),
    (224, *b"GN"),
    (225, *b"CI"),
    (226, *b"BF"),
    (227, *b"NE"),
    (228, *b"TG"),
    (229, *b"BJ"),
    (230, *b"MU"),
    (231, *b"LR"),
    (232, *b"SL"),
    (233, *b"GH"),
    (234, *b"NG"),
    (235, *b"TD"),
    (236, *b"CF"),
    (237, *b"CM"),
    (238, *b"CV"),
    (239, *b"ST"),
    (240, *b"GQ"),
    (241, *b"GA"),
    (242, *b"CG"),
    (243, *b"CD"),
    (244, *b"AO"),
    (245, *b"GW"),
    (246, *b"IO"),
    (247, *b"AC"),
    (248, *b"SC"),
    (249, *b"SD"),
    (250, *b"RW"),
    (251, *b"ET"),
    (252, *b"SO"),
    (253, *b"DJ"),
    (254, *b"KE"),
    (255, *b"TZ"),
    (256, *b"UG"),
    (257, *b"BI"),
    (258, *b"MZ"),
    (260, *b"ZM"),
    (261, *b"MG"),
    (262, *b"RE"),
    (263, *b"ZW"),
    (264, *b"NA"),
    (265, *b"MW"),
    (266, *b"LS"),
    (267, *b"BW"),
    (268, *b"SZ"),
    (269, *b"KM"),
    (290, *b"SH"),
    (291, *b"ER"),
    (297, *b"AW"),
    (298, *b"FO"),
    (299, *b"GL"),
    (350, *b"GI"),
    (351, *b"PT"),
    (352, *b"LU"),
    (353, *b"IE"),
    (354, *b"IS"),
    (355, *b"AL"),
    (356, *b"MT"),
    (357, *b"CY"),
    (358, *b"FI"),
    (359, *b"BG"),
    (370, *b"LT"),
    (371, *b"LV"),
    (372, *b"EE"),
    (373, *b"MD"),
    (374, *b"AM"),
    (375, *b"BY"),
    (376, *b"AD"),
    (377, *b"MC"),
    (378, *b"SM"),
    (379, *b"VA"),
    (380, *b"UA"),
    (381, *b"RS"),
    (382, *b"ME"),
    (383, *b"XK"),
    (385, *b"HR"),
    (386, *b"SI"),
    (387, *b"BA"),
    (389, *b"MK"),
    (420, *b"CZ"),
    (421, *b"SK"),
    (423, *b"LI"),
    (500, *b"FK"),
    (501, *b"BZ"),
    (502, *b"GT"),
    (503, *b"SV"),
    (504, *b"HN"),
    (505, *b"NI"),
    (506, *b"CR"),
    (507, *b"PA"),
    (508, *b"PM"),
    (509, *b"HT"),
    (590, *b"GP"),
    (591, *b"BO"),
    (592, *b"GY"),
    (593, *b"EC"),
    (594, *b"GF"),
    (595, *b"PY"),
    (596, *b"MQ"),
    (597, *b"SR"),
    (598, *b"UY"),
    (599, *b"CW"),
    (670, *b"TL"),
    (672, *b"NF"),
    (673, *b"BN"),
    (674, *b"NR"),
    (675, *b"PG"),
    (676, *b"TO"),
    (677, *b"SB"),
    (678, *b"VU"),
    (679, *b"FJ"),
    (680, *b"PW"),
    (681, *b"WF"),
    (682, *b"CK"),
    (683, *b"NU"),
    (685, *b"WS"),
    (686, *b"KI"),
    (687, *b"NC"),
    (688, *b"TV"),
    (689, *b"PF"),
    (690, *b"TK"),
    (691, *b"FM"),
    (692, *b"MH"),
    (850, *b"KP"),
    (852, *b"HK"),
    (853, *b"MO"),
    (855, *b"KH"),
    (856, *b"LA"),
    (880, *b"BD"),
    (886, *b"TW"),
    (960, *b"MV"),
    (961, *b"LB"),
    (962, *b"JO"),
    (963, *b"SY"),
    (964, *b"IQ"),
    (965, *b"KW"),
    (966, *b"SA"),
    (967, *b"YE"),
    (968, *b"OM"),
    (970, *b"PS"),
    (971, *b"AE"),
    (972, *b"IL"),
    (973, *b"BH"),
    (974, *b"QA"),
    (975, *b"BT"),
    (976, *b"MN"),
    (977, *b"NP"),
    (992, *b"TJ"),
    (993, *b"TM"),
    (994, *b"AZ"),
    (995, *b"GE"),
    (996, *b"KG"),
    (998, *b"UZ"),
];

/// Non-geographic ITU codes (freephone, shared-cost, Inmarsat, global
/// networks, IRS, trials): assigned, but no SMS.
const NON_GEOGRAPHIC: &[u16] = &[800, 808, 870, 881, 882, 883, 888, 979, 991];

/// Calling codes of countries on Stytch's unsupported list (`+1` and `+7` are
/// decided by area code in [`parse`]).
const UNSUPPORTED: &[u16] = &[
    93, 355, 376, 244, 297, 994, 375, 501, 975, 387, 267, 95, 855, 238, 86, 852, 243, 225, 53, 599,
    357, 45, 240, 291, 372, 298, 679, 689, 241, 220, 350, 299, 590, 224, 509, 62, 98, 964, 962,
    850, 383, 965, 996, 856, 961, 266, 231, 218, 853, 389, 261, 265, 60, 960, 223, 596, 976, 258,
    264, 977, 687, 227, 968, 92, 970, 675, 63, 262, 250, 221, 381, 232, 677, 252, 94, 249, 46, 963,
    992, 66, 993, 256, 998, 58, 84, 967, 263, 800, 808, 870, 881, 882, 883, 888, 979, 991,
];

static ASSIGNED_BITS: [u8; 125] = bitmap(ISO, NON_GEOGRAPHIC);
static UNSUPPORTED_BITS: [u8; 125] = bitmap(&[], UNSUPPORTED);

/// NANP area codes of unsupported territories: Bahamas 242, Barbados 246,
/// British Virgin Islands 284, US Virgin Islands 340, Cayman Islands 345,
/// Bermuda 441, Turks and Caicos 649, Montserrat 664, Northern Mariana
/// Islands 670, Guam 671, Sint Maarten 721, Dominica 767, St Vincent 784.
const NANP_UNSUPPORTED: [u16; 13] = [
    242, 246, 284, 340, 345, 441, 649, 664, 670, 671, 721, 767, 784,
];

/// NANP area codes outside the United States (Canada and the Caribbean and
/// Pacific territories); any other area code is `US`.
const NANP_NON_US: &[(u16, [u8; 2])] = &[
    (204, *b"CA"),
    (226, *b"CA"),
    (236, *b"CA"),
    (249, *b"CA"),
    (250, *b"CA"),
    (257, *b"CA"),
    (263, *b"CA"),
    (289, *b"CA"),
    (306, *b"CA"),
    (343, *b"CA"),
    (354, *b"CA"),
    (365, *b"CA"),
    (367, *b"CA"),
    (368, *b"CA"),
    (382, *b"CA"),
    (387, *b"CA"),
    (403, *b"CA"),
    (416, *b"CA"),
    (418, *b"CA"),
    (428, *b"CA"),
    (431, *b"CA"),
    (437, *b"CA"),
    (438, *b"CA"),
    (450, *b"CA"),
    (460, *b"CA"),
    (468, *b"CA"),
    (474, *b"CA"),
    (506, *b"CA"),
    (514, *b"CA"),
    (519, *b"CA"),
    (548, *b"CA"),
    (579, *b"CA"),
    (581, *b"CA"),
    (584, *b"CA"),
    (587, *b"CA"),
    (604, *b"CA"),
    (613, *b"CA"),
    (639, *b"CA"),
    (647, *b"CA"),
    (672, *b"CA"),
    (683, *b"CA"),
    (705, *b"CA"),
    (709, *b"CA"),
    (742, *b"CA"),
    (753, *b"CA"),
    (778, *b"CA"),
    (780, *b"CA"),
    (782, *b"CA"),
    (807, *b"CA"),
    (819, *b"CA"),
    (825, *b"CA"),
    (867, *b"CA"),
    (873, *b"CA"),
    (879, *b"CA"),
    (902, *b"CA"),
    (905, *b"CA"),
    (942, *b"CA"),
    (242, *b"BS"),
    (246, *b"BB"),
    (264, *b"AI"),
    (268, *b"AG"),
    (284, *b"VG"),
    (340, *b"VI"),
    (345, *b"KY"),
    (441, *b"BM"),
    (473, *b"GD"),
    (649, *b"TC"),
    (658, *b"JM"),
    (664, *b"MS"),
    (670, *b"MP"),
    (671, *b"GU"),
    (684, *b"AS"),
    (721, *b"SX"),
    (758, *b"LC"),
    (767, *b"DM"),
    (784, *b"VC"),
    (787, *b"PR"),
    (809, *b"DO"),
    (829, *b"DO"),
    (849, *b"DO"),
    (868, *b"TT"),
    (869, *b"KN"),
    (876, *b"JM"),
    (939, *b"PR"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calling_codes_are_prefix_free() {
        let all: Vec<u16> = ISO
            .iter()
            .map(|e| e.0)
            .chain(NON_GEOGRAPHIC.iter().copied())
            .collect();
        for &a in &all {
            for &b in &all {
                if a != b {
                    let (sa, sb) = (a.to_string(), b.to_string());
                    assert!(!sb.starts_with(&sa), "{a} is a prefix of {b}");
                }
            }
        }
        for &u in UNSUPPORTED {
            assert!(all.contains(&u), "unsupported {u} is not assigned");
        }
    }

    #[test]
    fn basic() {
        let p = parse(" +1 (202) 555-0162 ").unwrap();
        assert_eq!(p.as_str(), "+12025550162");
        assert_eq!(p.masked(), "+1•••••••0162");
        assert_eq!(p.country(), "US");
        assert_eq!(
            parse("0044 20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(parse("+7 701 123 4567").unwrap().country(), "KZ");
        assert_eq!(
            parse("+7 912 123 4567"),
            Err(PhoneError::UnsupportedCountry)
        );
        assert_eq!(
            parse("+1 242 555 0100"),
            Err(PhoneError::UnsupportedCountry)
        );
        assert_eq!(mask("+79121234567").as_deref(), Some("+7•••••••4567"));
    }

    #[test]
    fn calling_code_in_parentheses() {
        for (input, want) in [
            ("(+1) 202-555-0100", Ok("+12025550100")),
            ("(+1)2025550100", Ok("+12025550100")),
            (" (+1) (202) 555-0100 ", Ok("+12025550100")),
            ("(+44) 20 7946 0958", Ok("+442079460958")),
            ("(+49) 30 1234 5678", Ok("+493012345678")),
            ("(+358) 9 1234 5678", Ok("+358912345678")),
            ("(+7) 912 123 4567", Err(PhoneError::UnsupportedCountry)),
            ("(1) 202 555 0100", Err(PhoneError::Invalid)),
            ("(202) 555 0100", Err(PhoneError::Invalid)),
            ("( +1) 202 555 0100", Err(PhoneError::Invalid)),
            ("((+1)) 202 555 0100", Err(PhoneError::Invalid)),
            ("+(1) 202 555 0100", Ok("+12025550100")),
        ] {
            assert_eq!(
                parse(input).as_ref().map(Phone::as_str).map_err(|e| *e),
                want.map(|w: &str| w),
                "{input:?}"
            );
        }
    }
}
