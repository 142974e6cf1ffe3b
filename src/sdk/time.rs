//! Timestamps to milliseconds since the Unix epoch: RFC 3339 (Stytch's
//! bodies) and the HTTP date and delay of `Retry-After`.

/// Parses an RFC 3339 timestamp (`2026-11-22T13:53:00Z`,
/// `2026-11-22T14:53:00.123456+01:00`, lower-case `t`/`z` or a space as the
/// separator also accepted) to milliseconds since 1970-01-01T00:00:00Z.
/// Fractional seconds beyond milliseconds are truncated. A leap second (`:60`)
/// is read as the next second.
///
/// Returns `None` for anything malformed or out of range (years 0001..=9999).
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let year = num(b, 0, 4)?;
    let month = num(b, 5, 2)?;
    let day = num(b, 8, 2)?;
    let hour = num(b, 11, 2)?;
    let min = num(b, 14, 2)?;
    let sec = num(b, 17, 2)?;
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while let Some(&c @ b'0'..=b'9') = b.get(i) {
            if i - start < 3 {
                ms = ms * 10 + i64::from(c - b'0');
            }
            i += 1;
        }
        let n = i - start;
        if n == 0 || n > 9 {
            return None;
        }
        for _ in n..3 {
            ms *= 10;
        }
    }
    let offset_min = match b.get(i)? {
        b'Z' | b'z' => {
            i += 1;
            0
        }
        &sign @ (b'+' | b'-') => {
            let oh = num(b, i + 1, 2)?;
            let om = num(b, i + 4, 2)?;
            if b.get(i + 3) != Some(&b':') || oh > 23 || om > 59 {
                return None;
            }
            i += 6;
            let o = oh * 60 + om;
            if sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    if i != b.len() {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + min * 60 + sec - offset_min * 60;
    Some(secs * 1000 + ms)
}

fn num(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let mut v = 0i64;
    for &c in b.get(at..at + len)? {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
    }
    Some(v)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = (if y >= 0 { y } else { y - 399 }) / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `Retry-After` in whole seconds from `now_ms`: delay-seconds (digits only;
/// a huge value saturates) or an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37
/// GMT`), rounded up. `None` for anything else and for a date in the past.
pub fn parse_retry_after(value: &str, now_ms: i64) -> Option<u32> {
    let v = value.trim_ascii();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.parse::<u32>().unwrap_or(u32::MAX));
    }
    let wait = u64::try_from(parse_http_date_ms(v)?.checked_sub(now_ms)?).ok()?;
    u32::try_from(wait.div_ceil(1000)).ok()
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) in ms since the epoch.
pub fn parse_http_date_ms(s: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let b = s.as_bytes();
    if b.len() != 29 || b.get(3) != Some(&b',') || s.get(25..) != Some(" GMT") {
        return None;
    }
    let day = num(b, 5, 2)?;
    let month = MONTHS.iter().position(|m| s.get(8..11) == Some(*m))? as i64 + 1;
    let year = num(b, 12, 4)?;
    let (hour, min, sec) = (num(b, 17, 2)?, num(b, 20, 2)?, num(b, 23, 2)?);
    if [4, 7, 11, 16].iter().any(|&i| b.get(i) != Some(&b' '))
        || b.get(19) != Some(&b':')
        || b.get(22) != Some(&b':')
    {
        return None;
    }
    if year == 0
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || min > 59
        || sec > 60
    {
        return None;
    }
    Some((days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec) * 1000)
}

#[cfg(test)]
mod tests {
    use super::{parse_http_date_ms, parse_retry_after, parse_rfc3339_ms as p};

    #[test]
    fn retry_after_forms() {
        let now = p("1994-11-06T08:49:30Z").unwrap();
        assert_eq!(parse_retry_after("5", now), Some(5));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0));
        assert_eq!(
            parse_retry_after("99999999999999999999", now),
            Some(u32::MAX)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(7)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:20 GMT", now),
            None
        );
        for bad in [
            "",
            "1e13",
            "1e309",
            "Infinity",
            "-1",
            "1.5",
            "NaN",
            "0x10",
            "Sun, 06 Nov 1994 08:49:37 UTC",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
        assert_eq!(parse_http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date_ms("Thu, 31 Feb 1970 00:00:00 GMT"), None);
    }

    #[test]
    fn known_instants() {
        assert_eq!(p("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(p("1970-01-01T00:00:00.001Z"), Some(1));
        assert_eq!(p("2000-03-01T00:00:00Z"), Some(951_868_800_000));
        assert_eq!(p("2026-11-22T13:53:00Z"), Some(1_795_355_580_000));
        assert_eq!(p("2026-11-22T14:53:00+01:00"), Some(1_795_355_580_000));
        assert_eq!(p("2026-11-22T08:23:00-05:30"), Some(1_795_355_580_000));
        assert_eq!(p("2026-11-22t13:53:00.123456789z"), Some(1_795_355_580_123));
        assert_eq!(p("2026-11-22 13:53:00.5Z"), Some(1_795_355_580_500));
        assert_eq!(p("2024-02-29T23:59:60Z"), p("2024-03-01T00:00:00Z"));
        assert_eq!(p("1969-12-31T23:59:59Z"), Some(-1000));
    }

    #[test]
    fn rejects() {
        for bad in [
            "",
            "2026-11-22",
            "2026-11-22T13:53:00",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-31T00:00:00Z",
            "2026-11-22T24:00:00Z",
            "2026-11-22T13:60:00Z",
            "2026-11-22T13:53:61Z",
            "2026-11-22T13:53:00.Z",
            "2026-11-22T13:53:00.1234567890Z",
            "2026-11-22T13:53:00+1:00",
            "2026-11-22T13:53:00+01:00x",
            "0000-01-01T00:00:00Z",
            "２026-11-22T13:53:00Z",
            "2026/11/22T13:53:00Z",
            "2026-11-22T13:53:00+24:00",
            "2026-11-22X13:53:00Z",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }
}
