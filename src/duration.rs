//! Prometheus durations (`1h30m`, `2w`, `1y`), as parsed and printed by
//! `model.Duration` in prometheus/common.
//!
//! lookout keeps every duration as `i64` milliseconds. Parsing mirrors Go's
//! overflow rules exactly: the total must fit a Go `time.Duration`
//! (nanoseconds in an `i64`, about 292 years), so the largest accepted value
//! is [`MAX_DURATION_MS`].

use std::fmt;
use std::str::FromStr;

use crate::gostr::quote;

const MS_PER_SECOND: i64 = 1000;
const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;
const MS_PER_WEEK: i64 = 7 * MS_PER_DAY;
const MS_PER_YEAR: i64 = 365 * MS_PER_DAY;

const NS_PER_MS: u64 = 1_000_000;

/// The largest duration [`parse_duration`] accepts: `i64::MAX` nanoseconds,
/// truncated to whole milliseconds.
pub const MAX_DURATION_MS: i64 = i64::MAX / NS_PER_MS as i64;

/// Why a duration string was rejected; messages match prometheus/common.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("empty duration string")]
    Empty,
    /// Holds the whole input.
    #[error("not a valid duration string: {}", quote(.0))]
    Invalid(String),
    /// Holds the unit text and the whole input.
    #[error("unknown unit {} in duration {}", quote(.0), quote(.1))]
    UnknownUnit(String, String),
    #[error("duration out of range")]
    OutOfRange,
}

/// Units in the only order they may appear, with their size in nanoseconds
/// (Go's `time.Duration` unit, which defines the overflow limit).
const UNITS: [(&str, u64); 7] = [
    ("y", MS_PER_YEAR as u64 * NS_PER_MS),
    ("w", MS_PER_WEEK as u64 * NS_PER_MS),
    ("d", MS_PER_DAY as u64 * NS_PER_MS),
    ("h", MS_PER_HOUR as u64 * NS_PER_MS),
    ("m", MS_PER_MINUTE as u64 * NS_PER_MS),
    ("s", MS_PER_SECOND as u64 * NS_PER_MS),
    ("ms", NS_PER_MS),
];

/// Parses a Prometheus duration into milliseconds.
///
/// Accepts `0`, or one or more `<digits><unit>` terms with units in the order
/// `y w d h m s ms`, each at most once; no signs, fractions or spaces.
pub fn parse_duration(s: &str) -> Result<i64, DurationError> {
    match s {
        "0" => return Ok(0),
        "" => return Err(DurationError::Empty),
        _ => {}
    }
    let invalid = || DurationError::Invalid(s.to_string());
    let mut rest = s;
    let mut next_unit = 0; // index into UNITS of the smallest unit still allowed
    let mut total_ns: u64 = 0;
    while !rest.is_empty() {
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits_end == 0 {
            return Err(invalid());
        }
        let (digits, after) = rest.split_at(digits_end);
        let count: u64 = digits.parse().map_err(|_| invalid())?;
        let unit_end = after
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(after.len());
        if unit_end == 0 {
            return Err(invalid());
        }
        let (unit, after) = after.split_at(unit_end);
        rest = after;
        let Some(pos) = UNITS.iter().position(|&(name, _)| name == unit) else {
            return Err(DurationError::UnknownUnit(unit.to_string(), s.to_string()));
        };
        if pos < next_unit {
            return Err(invalid());
        }
        next_unit = pos + 1;
        let mult = UNITS.get(pos).map_or(NS_PER_MS, |&(_, m)| m);
        // Same two checks as Go, so the same inputs overflow.
        if count > (1u64 << 63) / mult {
            return Err(DurationError::OutOfRange);
        }
        total_ns += count * mult;
        if total_ns > i64::MAX as u64 {
            return Err(DurationError::OutOfRange);
        }
    }
    // Every unit is a whole number of milliseconds, so this is exact, and the
    // bound above keeps it well inside i64.
    Ok((total_ns / NS_PER_MS) as i64)
}

/// Like [`parse_duration`], but a leading `-` negates the result.
pub fn parse_duration_allow_negative(s: &str) -> Result<i64, DurationError> {
    match s.strip_prefix('-') {
        Some(abs) => parse_duration(abs).map(|ms| -ms),
        None => parse_duration(s),
    }
}

/// Formats milliseconds the way `model.Duration.String` does: `0s` for zero,
/// years and weeks only when they divide the value exactly (`90d`, not
/// `12w6d`), then days, hours, minutes, seconds and milliseconds.
///
/// Negative values get a `-` before the formatted magnitude, as recent
/// prometheus/common does (older releases printed an empty string).
pub fn format_duration(ms: i64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    if ms < 0 {
        out.push('-');
    }
    // unsigned_abs keeps i64::MIN representable.
    let mut rest = ms.unsigned_abs();
    let units: [(&str, i64, bool); 7] = [
        ("y", MS_PER_YEAR, true),
        ("w", MS_PER_WEEK, true),
        ("d", MS_PER_DAY, false),
        ("h", MS_PER_HOUR, false),
        ("m", MS_PER_MINUTE, false),
        ("s", MS_PER_SECOND, false),
        ("ms", 1, false),
    ];
    for (name, mult, exact_only) in units {
        let mult = mult as u64;
        if exact_only && rest % mult != 0 {
            continue;
        }
        let count = rest / mult;
        if count > 0 {
            out.push_str(&count.to_string());
            out.push_str(name);
            rest -= count * mult;
        }
    }
    out
}

/// A duration in milliseconds that reads and writes the Prometheus string
/// form, including through serde (for configuration files).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PromDuration(pub i64);

impl PromDuration {
    /// Parses a command-line argument (for clap).
    pub fn from_arg(s: &str) -> Result<PromDuration, String> {
        s.parse().map_err(|e: DurationError| e.to_string())
    }

    /// A command-line argument that may also be plain seconds (`60`, `0.5`), as the
    /// Prometheus HTTP API accepts for `step`.
    pub fn from_arg_or_seconds(s: &str) -> Result<PromDuration, String> {
        if let Ok(secs) = s.parse::<f64>() {
            if (0.0..9.2e15).contains(&secs) {
                return Ok(PromDuration((secs * 1000.0).round() as i64));
            }
        }
        PromDuration::from_arg(s)
    }

    /// The duration in milliseconds.
    pub fn as_millis(self) -> i64 {
        self.0
    }
}

impl FromStr for PromDuration {
    type Err = DurationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_duration(s).map(PromDuration)
    }
}

impl fmt::Display for PromDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}

impl serde::Serialize for PromDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PromDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Null is Go's zero value: the duration's own decoder never runs.
        match Option::<String>::deserialize(deserializer)? {
            Some(s) => s.parse().map_err(serde::de::Error::custom),
            None => Ok(PromDuration(0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const S: i64 = MS_PER_SECOND;
    const M: i64 = MS_PER_MINUTE;
    const H: i64 = MS_PER_HOUR;
    const D: i64 = MS_PER_DAY;

    #[test]
    fn parses_valid_durations() {
        let cases: &[(&str, i64)] = &[
            ("0", 0),
            ("0s", 0),
            ("0ms", 0),
            ("1ms", 1),
            ("1s", S),
            ("5m", 5 * M),
            ("1h30m", 90 * M),
            ("1d", D),
            ("1w", 7 * D),
            ("1y", 365 * D),
            (
                "2y3w4d5h6m7s8ms",
                2 * 365 * D + 21 * D + 4 * D + 5 * H + 6 * M + 7 * S + 8,
            ),
            ("90d", 90 * D),
            ("100h", 100 * H),
            ("007s", 7 * S),
            ("1s500ms", 1500),
            ("1500ms", 1500),
        ];
        for &(s, want) in cases {
            assert_eq!(parse_duration(s), Ok(want), "{s}");
        }
        assert_eq!(parse_duration("1h30m"), Ok(5_400_000));
    }

    #[test]
    fn rejects_invalid_durations() {
        let invalid = |s: &str| Err(DurationError::Invalid(s.to_string()));
        for s in [
            "30m1h", "1s1s", "1ms1s", "-1h", "h", "1", "1h2", " 1h", "+1h", "1d1y",
        ] {
            assert_eq!(parse_duration(s), invalid(s), "{s}");
        }
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        assert_eq!(
            parse_duration("1.5h"),
            Err(DurationError::UnknownUnit(".".into(), "1.5h".into()))
        );
        assert_eq!(
            parse_duration("1h 30m"),
            Err(DurationError::UnknownUnit("h ".into(), "1h 30m".into()))
        );
        assert_eq!(
            parse_duration("3M"),
            Err(DurationError::UnknownUnit("M".into(), "3M".into()))
        );
        // A count too large for u64 is a syntax error in Go, not an overflow.
        let huge = "99999999999999999999999s";
        assert_eq!(parse_duration(huge), invalid(huge));
    }

    #[test]
    fn error_messages_match_prometheus() {
        let msg = |s: &str| parse_duration(s).err().map(|e| e.to_string());
        assert_eq!(msg("").as_deref(), Some("empty duration string"));
        assert_eq!(
            msg("30m1h").as_deref(),
            Some(r#"not a valid duration string: "30m1h""#)
        );
        assert_eq!(
            msg("1.5h").as_deref(),
            Some(r#"unknown unit "." in duration "1.5h""#)
        );
        assert_eq!(msg("300y").as_deref(), Some("duration out of range"));
        assert_eq!(
            msg("a\"b").as_deref(),
            Some(r#"not a valid duration string: "a\"b""#)
        );
    }

    #[test]
    fn overflow_follows_go_nanosecond_limit() {
        assert_eq!(parse_duration("292y"), Ok(292 * 365 * D));
        assert_eq!(parse_duration("293y"), Err(DurationError::OutOfRange));
        assert_eq!(parse_duration("106751d23h47m16s854ms"), Ok(MAX_DURATION_MS));
        assert_eq!(
            parse_duration("106751d23h47m16s855ms"),
            Err(DurationError::OutOfRange)
        );
        assert_eq!(parse_duration("9223372036854ms"), Ok(MAX_DURATION_MS));
        assert_eq!(
            parse_duration("9223372036855ms"),
            Err(DurationError::OutOfRange)
        );
    }

    #[test]
    fn formats_like_prometheus() {
        let cases: &[(i64, &str)] = &[
            (0, "0s"),
            (1, "1ms"),
            (1500, "1s500ms"),
            (90 * M, "1h30m"),
            (D, "1d"),
            (7 * D, "1w"),
            (14 * D, "2w"),
            (90 * D, "90d"),
            (365 * D, "1y"),
            (730 * D, "2y"),
            (372 * D, "372d"),
            (365 * D + H, "365d1h"),
            (8 * D + 1, "8d1ms"),
            (-90 * M, "-1h30m"),
            (-7 * D, "-1w"),
        ];
        for &(ms, want) in cases {
            assert_eq!(format_duration(ms), want, "{ms}");
        }
        assert!(format_duration(i64::MIN).starts_with("-106751991167d"));
    }

    #[test]
    fn negative_durations_when_allowed() {
        assert_eq!(parse_duration_allow_negative("-1h"), Ok(-H));
        assert_eq!(parse_duration_allow_negative("1h"), Ok(H));
        assert_eq!(
            parse_duration_allow_negative("-"),
            Err(DurationError::Empty)
        );
        assert!(parse_duration_allow_negative("--1h").is_err());
    }

    #[test]
    fn prom_duration_traits() {
        let d: PromDuration = "1h30m".parse().unwrap_or_default();
        assert_eq!(d, PromDuration(90 * M));
        assert_eq!(d.as_millis(), 90 * M);
        assert_eq!(d.to_string(), "1h30m");
        assert!("1.5h".parse::<PromDuration>().is_err());

        assert_eq!(
            serde_json::to_string(&PromDuration(90 * D)).ok().as_deref(),
            Some(r#""90d""#)
        );
        let back: Result<PromDuration, _> = serde_json::from_str(r#""2w""#);
        assert_eq!(back.ok(), Some(PromDuration(14 * D)));
        let err = serde_json::from_str::<PromDuration>(r#""5 minutes""#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with(r#"unknown unit " minutes" in duration "5 minutes""#),
            "{err}"
        );
        assert!(serde_json::from_str::<PromDuration>("300").is_err());
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(ms in 0..=MAX_DURATION_MS) {
            prop_assert_eq!(parse_duration(&format_duration(ms)), Ok(ms));
        }

        #[test]
        fn small_values_round_trip(ms in 0i64..(400 * D)) {
            prop_assert_eq!(parse_duration(&format_duration(ms)), Ok(ms));
        }

        #[test]
        fn negative_values_round_trip(ms in -MAX_DURATION_MS..0) {
            prop_assert_eq!(parse_duration_allow_negative(&format_duration(ms)), Ok(ms));
        }

        #[test]
        fn beyond_go_range_is_rejected(ms in (MAX_DURATION_MS + 1)..(1i64 << 53)) {
            prop_assert_eq!(parse_duration(&format_duration(ms)), Err(DurationError::OutOfRange));
        }

        #[test]
        fn never_panics(s in "[0-9a-z .+-]{0,16}") {
            let _ = parse_duration(&s);
        }
    }
}
