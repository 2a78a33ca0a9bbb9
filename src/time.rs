//! Timestamps at the edges: parsing RFC 3339 and Unix seconds into `i64` milliseconds, as
//! promtool parses `--time` and `start_timestamp`.

/// Proleptic Gregorian date (year, month 1–12, day 1–31) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Shift the epoch to 0000-03-01 so leap days fall at the end of a 400-year era.
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Go's `time.Unix(secs, 0).UTC().String()`: `2023-11-14 22:13:20 +0000 UTC`.
pub fn go_utc_string(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} +0000 UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// RFC 3339 in UTC, with milliseconds only when there are any: `2023-11-14T22:13:20Z`,
/// `2023-11-15T03:13:20.001Z`.
pub fn rfc3339_ms(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let frac = match ms.rem_euclid(1000) {
        0 => String::new(),
        f => format!(".{f:03}"),
    };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{frac}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Parses Go's `time.RFC3339Nano` layout (`2006-01-02T15:04:05.999999999Z07:00`, also
/// accepting a lowercase `t`/`z` and no fraction) into Unix milliseconds, truncating below a
/// millisecond.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mo = u32::try_from(mo).ok().filter(|m| (1..=12).contains(m))?;
    let d = u32::try_from(d)
        .ok()
        .filter(|&d| d >= 1 && d <= days_in_month(y, mo))?;
    if h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    let mut i = 19;
    let mut frac_ms = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        let digits = &s[start..i];
        let ms: String = digits.chars().chain("000".chars()).take(3).collect();
        frac_ms = ms.parse().ok()?;
    }
    let offset_s = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        c @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let oh = num(i + 1..i + 3)?;
            let om = num(i + 4..i + 6)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let off = oh * 3600 + om * 60;
            if *c == b'-' {
                -off
            } else {
                off
            }
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_s;
    secs.checked_mul(1000)?.checked_add(frac_ms)
}

/// promtool's `parseTime`: Unix seconds (fractions allowed) or RFC 3339, into milliseconds
/// (the fraction truncated); the error is promtool's text.
pub fn parse_time_ms(s: &str) -> Result<i64, String> {
    parse_seconds_or_rfc3339(s, f64::trunc)
}

/// The Prometheus HTTP API's `parseTime`: Unix seconds with the fraction rounded to the
/// millisecond (`1700000097.557` is 1700000097557 although the float is a hair below), or
/// RFC 3339.
pub fn parse_api_time_ms(s: &str) -> Result<i64, String> {
    parse_seconds_or_rfc3339(s, f64::round)
}

/// Whole seconds and the fraction separately, as Go's math.Modf, the fraction's
/// milliseconds cut by `to_ms`.
fn parse_seconds_or_rfc3339(s: &str, to_ms: fn(f64) -> f64) -> Result<i64, String> {
    // Go's strconv.ParseFloat, as both promtool and the API use: `010` is ten seconds.
    if let Ok(f) = crate::gostr::parse_float(s) {
        if f.is_finite() && f.abs() < 9.2e15 {
            let whole = f.trunc();
            let frac_ms = to_ms((f - whole) * 1000.0);
            return Ok(whole as i64 * 1000 + frac_ms as i64);
        }
    }
    parse_rfc3339_ms(s).ok_or_else(|| {
        format!(
            "cannot parse {} to a valid timestamp",
            crate::gostr::quote(s)
        )
    })
}

/// Milliseconds as the HTTP API's decimal seconds (`1.5`, `-2.005`): the sign, then the
/// whole seconds and up to three decimals of the absolute value, as Prometheus's
/// `MarshalTimestamp` writes them.
pub fn format_api_seconds(ms: i64) -> String {
    let mut out = String::new();
    push_api_seconds(&mut out, ms);
    out
}

/// [`format_api_seconds`] appended to `out` (JSON answers write millions of them).
pub fn push_api_seconds(out: &mut String, ms: i64) {
    use std::fmt::Write as _;
    if ms < 0 {
        out.push('-');
    }
    let abs = ms.unsigned_abs();
    let _ = write!(out, "{}", abs / 1000);
    let frac = abs % 1000;
    if frac != 0 {
        let _ = write!(out, ".{frac:03}");
    }
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_seconds() {
        assert_eq!(format_api_seconds(1_500), "1.500");
        assert_eq!(format_api_seconds(-1_500), "-1.500");
        assert_eq!(format_api_seconds(-2_000), "-2");
        assert_eq!(format_api_seconds(5), "0.005");
        // Go's ParseFloat: no octal or hex integers.
        assert_eq!(parse_time_ms("010"), Ok(10_000));
        assert!(parse_time_ms("0x10").is_err());
    }

    #[test]
    fn rfc3339_with_milliseconds() {
        assert_eq!(rfc3339_ms(1_700_000_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339_ms(1_700_018_000_001), "2023-11-15T03:13:20.001Z");
        assert_eq!(rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(
            rfc3339_ms(i64::MIN).len(),
            rfc3339_ms(i64::MIN).trim().len()
        );
    }

    #[test]
    fn api_times_round_to_the_millisecond() {
        assert_eq!(parse_api_time_ms("1700000097.557"), Ok(1_700_000_097_557));
        assert_eq!(parse_time_ms("1700000097.557"), Ok(1_700_000_097_556));
        assert_eq!(parse_api_time_ms("-1.5"), Ok(-1500));
        assert_eq!(
            parse_api_time_ms("2023-11-14T22:13:20Z"),
            Ok(1_700_000_000_000)
        );
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2015-06-23T13:19:44.128Z"),
            Some(1_435_065_584_128)
        );
        assert_eq!(
            parse_rfc3339_ms("2015-06-23T15:19:44.1289+02:00"),
            Some(1_435_065_584_128)
        );
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
        for bad in [
            "2023-02-29T00:00:00Z",
            "2015-06-23 13:19:44Z",
            "2015-06-23T13:19:44",
            "x",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn promtool_times() {
        assert_eq!(parse_time_ms("1.5"), Ok(1500));
        assert_eq!(parse_time_ms("1700000000"), Ok(1_700_000_000_000));
        assert_eq!(parse_time_ms("2015-06-23T13:19:44Z"), Ok(1_435_065_584_000));
        assert_eq!(
            parse_time_ms("yesterday"),
            Err("cannot parse \"yesterday\" to a valid timestamp".into())
        );
    }
}
