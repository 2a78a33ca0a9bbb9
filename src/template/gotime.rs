//! Go's `time.Time` and `time.Duration` as template values: formatting with Go layouts,
//! methods templates call (`.Format`, `.Add`, `.Sub`, `.UTC`, ...), and the conversions
//! Prometheus's and Alertmanager's functions make.

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::sync::Arc;

use super::args::{arg, arity, string_arg, wrong_type};
use super::{Object, Value};
use crate::time::{civil_from_days, days_from_civil};

pub(crate) const NANOS_PER_SEC: i64 = 1_000_000_000;

/// The Unix second of Go's zero time, January 1, year 1, 00:00:00 UTC.
const ZERO_UNIX: i64 = -62_135_596_800;

/// A Go `time.Time` (or a `*time.Time`, as `toTime` returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoTime {
    /// Seconds since the Unix epoch (the instant, whatever the zone).
    sec: i64,
    /// 0..1e9.
    nsec: i64,
    ptr: bool,
    loc: Loc,
}

impl GoTime {
    /// `time.Unix(sec, nsec).UTC()`.
    pub fn from_unix(sec: i64, nsec: i64) -> GoTime {
        GoTime {
            sec: sec.saturating_add(nsec.div_euclid(NANOS_PER_SEC)),
            nsec: nsec.rem_euclid(NANOS_PER_SEC),
            ptr: false,
            loc: Loc::Utc,
        }
    }

    /// `time.Now()`, in the local zone.
    pub fn now() -> GoTime {
        let d = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
        GoTime::from_unix(secs, i64::from(d.subsec_nanos())).in_loc(local_loc())
    }

    /// Go's zero `time.Time`: January 1, year 1, 00:00:00 UTC.
    pub fn zero() -> GoTime {
        GoTime::from_unix(ZERO_UNIX, 0)
    }

    /// The same time as a `*time.Time`.
    pub fn as_pointer(self) -> GoTime {
        GoTime { ptr: true, ..self }
    }

    /// The same instant in another location (`Time.In`).
    pub fn in_loc(self, loc: Loc) -> GoTime {
        GoTime {
            loc,
            ptr: false,
            ..self
        }
    }

    /// `t.Add(d)` for `d` nanoseconds.
    pub fn add_nanos(&self, d: i64) -> GoTime {
        let t = GoTime::from_unix(
            self.sec.saturating_add(d / NANOS_PER_SEC),
            self.nsec + d % NANOS_PER_SEC,
        );
        t.in_loc(self.loc)
    }

    /// `t.Sub(u)` in nanoseconds.
    pub fn sub(&self, u: &GoTime) -> i64 {
        // Go clamps a difference that overflows to the extreme durations.
        let d = (i128::from(self.sec) - i128::from(u.sec)) * i128::from(NANOS_PER_SEC)
            + i128::from(self.nsec - u.nsec);
        i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
    }

    fn cmp_time(&self, u: &GoTime) -> Ordering {
        (self.sec, self.nsec).cmp(&(u.sec, u.nsec))
    }

    /// The zone's abbreviation and offset in seconds east of UTC at this instant.
    fn zone(&self) -> (&str, i32) {
        self.loc.lookup(self.sec)
    }

    /// Seconds since the epoch on the wall clock of the time's zone.
    fn local_sec(&self) -> i64 {
        self.sec.saturating_add(i64::from(self.zone().1))
    }

    fn days(&self) -> i64 {
        self.local_sec().div_euclid(86_400)
    }

    fn date(&self) -> (i64, u32, u32) {
        civil_from_days(self.days())
    }

    fn clock(&self) -> (i64, i64, i64) {
        let s = self.local_sec().rem_euclid(86_400);
        (s / 3600, s / 60 % 60, s % 60)
    }

    /// 1-based day of the year.
    fn year_day(&self) -> i64 {
        let (y, _, _) = self.date();
        self.days() - days_from_civil(y, 1, 1) + 1
    }

    /// 0 is Sunday.
    fn weekday(&self) -> usize {
        // 1970-01-01 was a Thursday.
        (self.days() + 4).rem_euclid(7) as usize
    }

    /// `Time.Format`.
    pub fn format(&self, layout: &str) -> String {
        let (zone_name, offset) = self.zone();
        let (year, month, day) = self.date();
        let (hour, min, sec) = self.clock();
        let mut out = String::new();
        let mut layout = layout;
        loop {
            let (prefix, std, suffix) = next_std_chunk(layout);
            out.push_str(prefix);
            let Some(std) = std else {
                break;
            };
            layout = suffix;
            let month_name = month_name(month);
            let day_name = DAYS.get(self.weekday()).copied().unwrap_or("%!Weekday");
            match std {
                Std::Year => append_int(&mut out, (year.abs()) % 100, 2),
                Std::LongYear => append_int(&mut out, year, 4),
                Std::Month => out.push_str(month_name.get(..3).unwrap_or(month_name)),
                Std::LongMonth => out.push_str(month_name),
                Std::NumMonth => append_int(&mut out, i64::from(month), 0),
                Std::ZeroMonth => append_int(&mut out, i64::from(month), 2),
                Std::WeekDay => out.push_str(day_name.get(..3).unwrap_or(day_name)),
                Std::LongWeekDay => out.push_str(day_name),
                Std::Day => append_int(&mut out, i64::from(day), 0),
                Std::UnderDay => {
                    if day < 10 {
                        out.push(' ');
                    }
                    append_int(&mut out, i64::from(day), 0);
                }
                Std::ZeroDay => append_int(&mut out, i64::from(day), 2),
                Std::UnderYearDay => {
                    let yd = self.year_day();
                    if yd < 100 {
                        out.push(' ');
                        if yd < 10 {
                            out.push(' ');
                        }
                    }
                    append_int(&mut out, yd, 0);
                }
                Std::ZeroYearDay => append_int(&mut out, self.year_day(), 3),
                Std::Hour => append_int(&mut out, hour, 2),
                Std::Hour12 | Std::ZeroHour12 => {
                    let hr = match hour % 12 {
                        0 => 12,
                        h => h,
                    };
                    append_int(&mut out, hr, if std == Std::Hour12 { 0 } else { 2 });
                }
                Std::Minute => append_int(&mut out, min, 0),
                Std::ZeroMinute => append_int(&mut out, min, 2),
                Std::Second => append_int(&mut out, sec, 0),
                Std::ZeroSecond => append_int(&mut out, sec, 2),
                Std::PM => out.push_str(if hour >= 12 { "PM" } else { "AM" }),
                Std::Pm => out.push_str(if hour >= 12 { "pm" } else { "am" }),
                Std::Zone {
                    iso,
                    colon,
                    seconds,
                    short,
                } => {
                    if iso && offset == 0 {
                        out.push('Z');
                        continue;
                    }
                    let abs = i64::from(offset).abs();
                    out.push(if offset < 0 { '-' } else { '+' });
                    append_int(&mut out, abs / 3600, 2);
                    if colon {
                        out.push(':');
                    }
                    if !short {
                        append_int(&mut out, abs / 60 % 60, 2);
                    }
                    if seconds {
                        if colon {
                            out.push(':');
                        }
                        append_int(&mut out, abs % 60, 2);
                    }
                }
                Std::TZ if !zone_name.is_empty() => out.push_str(zone_name),
                Std::TZ => {
                    // No name for the zone: Go prints the -0700 form.
                    let minutes = i64::from(offset) / 60;
                    out.push(if minutes < 0 { '-' } else { '+' });
                    append_int(&mut out, minutes.abs() / 60, 2);
                    append_int(&mut out, minutes.abs() % 60, 2);
                }
                Std::FracSecond { trim, digits, sep } => {
                    if trim && (digits == 0 || self.nsec == 0) {
                        continue;
                    }
                    let mut frac = format!("{:09}", self.nsec);
                    frac.truncate(digits.min(9));
                    if trim {
                        let kept = frac.trim_end_matches('0').len();
                        frac.truncate(kept);
                        if frac.is_empty() {
                            continue;
                        }
                    }
                    out.push(sep);
                    out.push_str(&frac);
                }
            }
        }
        out
    }
}

impl std::fmt::Display for GoTime {
    /// `Time.String`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format("2006-01-02 15:04:05.999999999 -0700 MST"))
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn month_name(month: u32) -> &'static str {
    (month as usize)
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or_default()
}

/// Go's `appendInt`: optional `-`, then the digits zero-padded to `width`.
fn append_int(out: &mut String, x: i64, width: usize) {
    if x < 0 {
        out.push('-');
    }
    let _ = write!(out, "{:0width$}", x.unsigned_abs());
}

/// The layout elements of Go's `time` package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    /// A numeric zone offset; `iso` forms print `Z` for UTC.
    Zone {
        iso: bool,
        colon: bool,
        seconds: bool,
        short: bool,
    },
    FracSecond {
        trim: bool,
        digits: usize,
        sep: char,
    },
}

/// The numeric zone layouts, longest first where one is a prefix of another (`Z07...` are
/// the same with `Z` for `-`).
const ZONE_LAYOUTS: [&str; 5] = ["-070000", "-07:00:00", "-0700", "-07:00", "-07"];

fn zone_std(iso: bool, layout: &str) -> Std {
    Std::Zone {
        iso,
        colon: layout.contains(':'),
        seconds: layout.len() >= 7,
        short: layout.len() == 3,
    }
}

/// Go's `nextStdChunk`: the text before the first layout element, the element, and the rest.
fn next_std_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let at = |i: usize, s: &str| b.get(i..i + s.len()) == Some(s.as_bytes());
    let split = |i: usize, len: usize, std: Std| {
        (
            layout.get(..i).unwrap_or_default(),
            Some(std),
            layout.get(i + len..).unwrap_or_default(),
        )
    };
    for (i, &c) in b.iter().enumerate() {
        let next = b.get(i + 1).copied();
        match c {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    return split(i, 7, Std::LongMonth);
                }
                if !b.get(i + 3).is_some_and(u8::is_ascii_lowercase) {
                    return split(i, 3, Std::Month);
                }
            }
            b'M' => {
                if at(i, "Mon") {
                    if at(i, "Monday") {
                        return split(i, 6, Std::LongWeekDay);
                    }
                    if !b.get(i + 3).is_some_and(u8::is_ascii_lowercase) {
                        return split(i, 3, Std::WeekDay);
                    }
                }
                if at(i, "MST") {
                    return split(i, 3, Std::TZ);
                }
            }
            b'0' => {
                let std = match next {
                    Some(b'1') => Some(Std::ZeroMonth),
                    Some(b'2') => Some(Std::ZeroDay),
                    Some(b'3') => Some(Std::ZeroHour12),
                    Some(b'4') => Some(Std::ZeroMinute),
                    Some(b'5') => Some(Std::ZeroSecond),
                    Some(b'6') => Some(Std::Year),
                    _ => None,
                };
                if let Some(std) = std {
                    return split(i, 2, std);
                }
                if at(i, "002") {
                    return split(i, 3, Std::ZeroYearDay);
                }
            }
            b'1' => {
                if next == Some(b'5') {
                    return split(i, 2, Std::Hour);
                }
                return split(i, 1, Std::NumMonth);
            }
            b'2' => {
                if at(i, "2006") {
                    return split(i, 4, Std::LongYear);
                }
                return split(i, 1, Std::Day);
            }
            b'_' => {
                if next == Some(b'2') {
                    // `_2006` is a literal `_` and then the year.
                    if at(i + 1, "2006") {
                        return split(i + 1, 4, Std::LongYear);
                    }
                    return split(i, 2, Std::UnderDay);
                }
                if at(i, "__2") {
                    return split(i, 3, Std::UnderYearDay);
                }
            }
            b'3' => return split(i, 1, Std::Hour12),
            b'4' => return split(i, 1, Std::Minute),
            b'5' => return split(i, 1, Std::Second),
            b'P' if next == Some(b'M') => return split(i, 2, Std::PM),
            b'p' if next == Some(b'm') => return split(i, 2, Std::Pm),
            b'-' => {
                for s in ZONE_LAYOUTS {
                    if at(i, s) {
                        return split(i, s.len(), zone_std(false, s));
                    }
                }
            }
            b'Z' => {
                for s in ZONE_LAYOUTS {
                    if at(i + 1, s.get(1..).unwrap_or_default()) {
                        return split(i, s.len(), zone_std(true, s));
                    }
                }
            }
            b'.' | b',' if matches!(next, Some(b'0' | b'9')) => {
                let ch = next.unwrap_or(b'0');
                let mut j = i + 1;
                while b.get(j) == Some(&ch) {
                    j += 1;
                }
                // Only a fractional second when the run of digits ends here.
                if !b.get(j).is_some_and(u8::is_ascii_digit) {
                    let std = Std::FracSecond {
                        trim: ch == b'9',
                        digits: j - (i + 1),
                        sep: char::from(c),
                    };
                    return split(i, j - i, std);
                }
            }
            _ => {}
        }
    }
    (layout, None, "")
}

/// `time.Duration.String`.
pub(crate) fn duration_string(d: i64) -> String {
    let mut u = d.unsigned_abs();
    let mut out = String::new();
    if u < NANOS_PER_SEC as u64 {
        // Below a second: the largest unit that keeps an integer part.
        let (unit, prec) = match u {
            0 => return "0s".into(),
            1..=999 => ("ns", 0),
            1_000..=999_999 => ("µs", 3),
            _ => ("ms", 6),
        };
        let (frac, int) = fmt_frac(u, prec);
        let _ = write!(out, "{int}{frac}{unit}");
    } else {
        let (frac, secs) = fmt_frac(u, 9);
        u = secs;
        out = format!("{}{frac}s", u % 60);
        u /= 60;
        if u > 0 {
            out = format!("{}m{out}", u % 60);
            u /= 60;
            if u > 0 {
                out = format!("{u}h{out}");
            }
        }
    }
    if d < 0 {
        out.insert(0, '-');
    }
    out
}

/// Go's `fmtFrac`: `.digits` of `v / 10^prec` without trailing zeros (nothing when zero), and
/// the integer part.
fn fmt_frac(mut v: u64, prec: u32) -> (String, u64) {
    let mut digits = Vec::new();
    let mut print = false;
    for _ in 0..prec {
        let digit = v % 10;
        print = print || digit != 0;
        if print {
            digits.push(char::from(b'0' + digit as u8));
        }
        v /= 10;
    }
    if !print {
        return (String::new(), v);
    }
    digits.push('.');
    (digits.into_iter().rev().collect(), v)
}

/// A Go `time.Duration` (or `*time.Duration`, as `toDuration` returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoDuration {
    nanos: i64,
    ptr: bool,
}

impl GoDuration {
    /// A `time.Duration` of `nanos` nanoseconds.
    pub fn from_nanos(nanos: i64) -> GoDuration {
        GoDuration { nanos, ptr: false }
    }

    /// The same duration as a `*time.Duration`.
    pub fn as_pointer(self) -> GoDuration {
        GoDuration { ptr: true, ..self }
    }

    pub fn nanos(&self) -> i64 {
        self.nanos
    }
}

/// A value of a named Go integer type that prints as a name (`time.Month`, `time.Weekday`).
#[derive(Debug, Clone, Copy)]
struct GoEnum {
    type_name: &'static str,
    name: &'static str,
}

impl Object for GoEnum {
    fn type_name(&self) -> String {
        self.type_name.into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        (name == "String").then(|| Value::str(self.name))
    }

    fn display(&self) -> String {
        self.name.into()
    }
}

/// A `time.Duration` argument: a duration (pointers are dereferenced, as text/template does)
/// or an integer constant.
fn duration_arg(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Object(o)
            if matches!(o.type_name().as_str(), "time.Duration" | "*time.Duration") =>
        {
            match o.field("Nanoseconds") {
                Some(Value::Int(n)) => Ok(n),
                _ => Err(wrong_type("time.Duration", v)),
            }
        }
        Value::Missing | Value::Nil => Err("invalid value; expected time.Duration".into()),
        other => Err(wrong_type("time.Duration", other)),
    }
}

/// A `time.Time` argument (pointers are dereferenced).
pub(crate) fn time_arg(v: &Value) -> Result<GoTime, String> {
    match v {
        Value::Object(o) => o
            .as_any()
            .and_then(|a| a.downcast_ref::<GoTime>())
            .map(|t| GoTime { ptr: false, ..*t })
            .ok_or_else(|| wrong_type("time.Time", v)),
        Value::Missing | Value::Nil => Err("invalid value; expected time.Time".into()),
        other => Err(wrong_type("time.Time", other)),
    }
}

impl Object for GoTime {
    fn type_name(&self) -> String {
        if self.ptr { "*time.Time" } else { "time.Time" }.into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        let (year, month, day) = self.date();
        let (hour, min, sec) = self.clock();
        Some(match name {
            "String" => Value::from(self.to_string()),
            "Unix" => Value::Int(self.sec),
            "UnixMilli" => Value::Int(
                self.sec
                    .wrapping_mul(1000)
                    .wrapping_add(self.nsec / 1_000_000),
            ),
            "UnixMicro" => Value::Int(
                self.sec
                    .wrapping_mul(1_000_000)
                    .wrapping_add(self.nsec / 1000),
            ),
            "UnixNano" => Value::Int(self.sec.wrapping_mul(NANOS_PER_SEC).wrapping_add(self.nsec)),
            "Year" => Value::Int(year),
            "Month" => Value::Object(Arc::new(GoEnum {
                type_name: "time.Month",
                name: month_name(month),
            })),
            "Day" => Value::Int(i64::from(day)),
            "Hour" => Value::Int(hour),
            "Minute" => Value::Int(min),
            "Second" => Value::Int(sec),
            "Nanosecond" => Value::Int(self.nsec),
            "YearDay" => Value::Int(self.year_day()),
            "Weekday" => Value::Object(Arc::new(GoEnum {
                type_name: "time.Weekday",
                name: DAYS.get(self.weekday()).copied().unwrap_or_default(),
            })),
            "UTC" => Value::Object(Arc::new(self.in_loc(Loc::Utc))),
            "IsZero" => Value::Bool(self.sec == ZERO_UNIX && self.nsec == 0),
            _ => return None,
        })
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let result = match name {
            "Format" => arity(name, args, 1)
                .and_then(|()| string_arg(arg(args, 0)))
                .map(|layout| Value::from(self.format(layout))),
            "Add" => arity(name, args, 1)
                .and_then(|()| duration_arg(arg(args, 0)))
                .map(|d| Value::Object(Arc::new(self.add_nanos(d)))),
            "Sub" => arity(name, args, 1)
                .and_then(|()| time_arg(arg(args, 0)))
                .map(|u| {
                    Value::Object(Arc::new(GoDuration {
                        nanos: self.sub(&u),
                        ptr: false,
                    }))
                }),
            "Before" | "After" | "Equal" | "Compare" => arity(name, args, 1)
                .and_then(|()| time_arg(arg(args, 0)))
                .map(|u| {
                    let ord = self.cmp_time(&u);
                    match name {
                        "Before" => Value::Bool(ord == Ordering::Less),
                        "After" => Value::Bool(ord == Ordering::Greater),
                        "Equal" => Value::Bool(ord == Ordering::Equal),
                        _ => Value::Int(ord as i64),
                    }
                }),
            _ => {
                self.field(name)?;
                arity(name, args, 0).map(|()| self.field(name).unwrap_or(Value::Missing))
            }
        };
        Some(result)
    }

    fn display(&self) -> String {
        self.to_string()
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn marshal_json(&self) -> Option<Result<String, String>> {
        let year = self.date().0;
        Some(if (0..=9999).contains(&year) {
            Ok(format!(
                "\"{}\"",
                self.format("2006-01-02T15:04:05.999999999Z07:00")
            ))
        } else {
            Err("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]".into())
        })
    }
}

impl Object for GoDuration {
    fn type_name(&self) -> String {
        if self.ptr {
            "*time.Duration"
        } else {
            "time.Duration"
        }
        .into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        let d = self.nanos;
        // Whole units plus the remainder as a fraction, as Go computes them.
        let units = |unit: i64| (d / unit) as f64 + (d % unit) as f64 / unit as f64;
        Some(match name {
            "String" => Value::from(duration_string(d)),
            "Nanoseconds" => Value::Int(d),
            "Microseconds" => Value::Int(d / 1000),
            "Milliseconds" => Value::Int(d / 1_000_000),
            "Seconds" => Value::Float(units(NANOS_PER_SEC)),
            "Minutes" => Value::Float(units(60 * NANOS_PER_SEC)),
            "Hours" => Value::Float(units(3600 * NANOS_PER_SEC)),
            "Abs" => Value::Object(Arc::new(GoDuration {
                nanos: if d == i64::MIN { i64::MAX } else { d.abs() },
                ptr: false,
            })),
            _ => return None,
        })
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        self.field(name)?;
        Some(arity(name, args, 0).map(|()| self.field(name).unwrap_or(Value::Missing)))
    }

    fn display(&self) -> String {
        duration_string(self.nanos)
    }

    fn marshal_json(&self) -> Option<Result<String, String>> {
        Some(Ok(self.nanos.to_string()))
    }
}

// ---- locations ----

/// A time's location: UTC, a fixed offset (from parsing a numeric zone) or a zone loaded from
/// the system's zoneinfo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    Utc,
    Fixed { offset: i32, name: ZoneName },
    Zone(&'static Location),
}

/// A zone abbreviation short enough to keep times `Copy` (parsed names have at most 6 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZoneName {
    bytes: [u8; 8],
    len: u8,
}

impl ZoneName {
    fn new(s: &str) -> ZoneName {
        let mut bytes = [0; 8];
        let len = s.len().min(8);
        bytes[..len].copy_from_slice(&s.as_bytes()[..len]);
        ZoneName {
            bytes,
            len: len as u8,
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

/// A zone from a TZif file: its name, its zone types and the transitions between them.
#[derive(Debug, PartialEq, Eq)]
pub struct Location {
    name: String,
    /// (abbreviation, offset east of UTC in seconds, is DST).
    zones: Vec<(String, i32, bool)>,
    /// (first second it applies, index into `zones`), ascending.
    transitions: Vec<(i64, usize)>,
}

impl Loc {
    fn lookup(&self, sec: i64) -> (&str, i32) {
        match self {
            Loc::Utc => ("UTC", 0),
            Loc::Fixed { offset, name } => (name.as_str(), *offset),
            Loc::Zone(l) => l.lookup(sec),
        }
    }
}

impl Location {
    fn lookup(&self, sec: i64) -> (&str, i32) {
        let i = match self.transitions.partition_point(|&(at, _)| at <= sec) {
            0 => self.first_zone(),
            n => self.transitions[n - 1].1,
        };
        self.zones
            .get(i)
            .map_or(("UTC", 0), |(name, off, _)| (name.as_str(), *off))
    }

    /// Go's `lookupFirstZone`: the zone before the first transition.
    fn first_zone(&self) -> usize {
        let used = |z: usize| self.transitions.iter().any(|&(_, i)| i == z);
        if !used(0) {
            return 0;
        }
        if let Some(&(_, first)) = self.transitions.first() {
            if self.zones.get(first).is_some_and(|z| z.2) {
                if let Some(z) = (0..first).rev().find(|&z| !self.zones[z].2) {
                    return z;
                }
            }
        }
        self.zones.iter().position(|z| !z.2).unwrap_or(0)
    }
}

/// Where Go looks for zoneinfo files on Unix.
const ZONEINFO_DIRS: [&str; 4] = [
    "/usr/share/zoneinfo/",
    "/usr/share/lib/zoneinfo/",
    "/usr/lib/locale/TZ/",
    "/etc/zoneinfo/",
];

/// Go's `time.LoadLocation`, errors included. Zones are read once per name and kept for the
/// life of the process (there are a few hundred at most).
pub fn load_location(name: &str) -> Result<Loc, String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Location>>> = OnceLock::new();
    match name {
        "" | "UTC" => return Ok(Loc::Utc),
        "Local" => return Ok(local_loc()),
        _ => {}
    }
    if name.split('/').any(|part| part == "..") || name.starts_with(['/', '\\']) {
        return Err("time: invalid location name".into());
    }
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(l) = cache.lock().ok().and_then(|c| c.get(name).copied()) {
        return Ok(Loc::Zone(l));
    }
    let mut dirs: Vec<String> = Vec::new();
    if let Ok(z) = std::env::var("ZONEINFO") {
        dirs.push(format!("{}/", z.trim_end_matches('/')));
    }
    dirs.extend(ZONEINFO_DIRS.iter().map(|d| d.to_string()));
    let mut first_err = None;
    for dir in dirs {
        let path = format!("{dir}{name}");
        match std::fs::read(&path) {
            Ok(bytes) => {
                let Some(mut loc) = parse_tzif(&bytes) else {
                    first_err.get_or_insert_with(|| "malformed time zone information".to_string());
                    continue;
                };
                loc.name = name.to_string();
                let leaked: &'static Location = Box::leak(Box::new(loc));
                if let Ok(mut c) = cache.lock() {
                    c.insert(name.to_string(), leaked);
                }
                return Ok(Loc::Zone(leaked));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
                first_err.get_or_insert_with(|| format!("read {path}: is a directory"));
            }
            Err(e) => {
                first_err.get_or_insert_with(|| format!("open {path}: {e}"));
            }
        }
    }
    Err(first_err.unwrap_or_else(|| format!("unknown time zone {name}")))
}

/// Go's `Local`: `$TZ` (empty means UTC), else /etc/localtime.
pub fn local_loc() -> Loc {
    use std::sync::OnceLock;
    static LOCAL: OnceLock<Loc> = OnceLock::new();
    *LOCAL.get_or_init(|| {
        let bytes = match std::env::var("TZ") {
            Ok(tz) if tz.is_empty() || tz == "UTC" => None,
            Ok(tz) => {
                let name = tz.trim_start_matches(':');
                if name.starts_with('/') {
                    std::fs::read(name).ok()
                } else {
                    ZONEINFO_DIRS
                        .iter()
                        .find_map(|d| std::fs::read(format!("{d}{name}")).ok())
                }
            }
            Err(_) => std::fs::read("/etc/localtime").ok(),
        };
        let loc = bytes.and_then(|b| parse_tzif(&b));
        match loc {
            Some(mut l) => {
                l.name = "Local".into();
                Loc::Zone(Box::leak(Box::new(l)))
            }
            None => Loc::Zone(Box::leak(Box::new(Location {
                name: "Local".into(),
                zones: vec![("UTC".into(), 0, false)],
                transitions: Vec::new(),
            }))),
        }
    })
}

/// Reads a TZif file (RFC 8536), preferring the 64-bit data of version 2+. The POSIX rule
/// in the footer is not applied: after the last transition its zone stays in force (the
/// "fat" files distributions ship list transitions up to 2037).
fn parse_tzif(b: &[u8]) -> Option<Location> {
    struct Header {
        isutcnt: usize,
        isstdcnt: usize,
        leapcnt: usize,
        timecnt: usize,
        typecnt: usize,
        charcnt: usize,
    }
    fn header(b: &[u8]) -> Option<(u8, Header)> {
        if b.get(..4)? != b"TZif" {
            return None;
        }
        let n = |i: usize| -> Option<usize> {
            let s = b.get(20 + 4 * i..24 + 4 * i)?;
            usize::try_from(u32::from_be_bytes(s.try_into().ok()?)).ok()
        };
        Some((
            *b.get(4)?,
            Header {
                isutcnt: n(0)?,
                isstdcnt: n(1)?,
                leapcnt: n(2)?,
                timecnt: n(3)?,
                typecnt: n(4)?,
                charcnt: n(5)?,
            },
        ))
    }
    let (version, h1) = header(b)?;
    let (data, h, wide) = if version >= b'2' {
        let v1_len = h1.timecnt * 5
            + h1.typecnt * 6
            + h1.charcnt
            + h1.leapcnt * 8
            + h1.isstdcnt
            + h1.isutcnt;
        let rest = b.get(44 + v1_len..)?;
        let (_, h2) = header(rest)?;
        (rest.get(44..)?, h2, true)
    } else {
        (b.get(44..)?, h1, false)
    };
    let tsize = if wide { 8 } else { 4 };
    let times = data.get(..h.timecnt * tsize)?;
    let idx = data.get(h.timecnt * tsize..h.timecnt * (tsize + 1))?;
    let types_at = h.timecnt * (tsize + 1);
    let types = data.get(types_at..types_at + h.typecnt * 6)?;
    let chars = data.get(types_at + h.typecnt * 6..types_at + h.typecnt * 6 + h.charcnt)?;
    let mut zones = Vec::with_capacity(h.typecnt);
    for t in types.chunks_exact(6) {
        let offset = i32::from_be_bytes(t.get(..4)?.try_into().ok()?);
        let abbr_at = usize::from(t[5]);
        let abbr = chars.get(abbr_at..)?;
        let end = abbr.iter().position(|&c| c == 0).unwrap_or(abbr.len());
        zones.push((
            String::from_utf8_lossy(&abbr[..end]).into_owned(),
            offset,
            t[4] != 0,
        ));
    }
    if zones.is_empty() {
        return None;
    }
    let mut transitions = Vec::with_capacity(h.timecnt);
    for (i, &z) in idx.iter().enumerate() {
        let raw = times.get(i * tsize..(i + 1) * tsize)?;
        let at = if wide {
            i64::from_be_bytes(raw.try_into().ok()?)
        } else {
            i64::from(i32::from_be_bytes(raw.try_into().ok()?))
        };
        if usize::from(z) >= zones.len() {
            return None;
        }
        transitions.push((at, usize::from(z)));
    }
    Some(Location {
        name: String::new(),
        zones,
        transitions,
    })
}

// ---- parsing ----

/// Go's `time.ParseInLocation(layout, value, loc)`, with Go's error texts.
pub fn parse_in_location(layout: &str, value: &str, loc: Loc) -> Result<GoTime, String> {
    let (alayout, avalue) = (layout, value);
    let err = |layout_elem: &str, value_elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(avalue),
            time_quote(alayout),
            time_quote(value_elem),
            time_quote(layout_elem)
        )
    };
    let msg = |m: &str| format!("parsing time {}{m}", time_quote(avalue));
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let (mut am, mut pm) = (false, false);
    let mut z: Option<Loc> = None;
    let mut zone_offset: Option<i64> = None;
    let mut zone_name = "";
    let mut layout = layout;
    let mut value = value;
    loop {
        let (prefix, std, suffix) = next_std_chunk(layout);
        let std_str = &layout[prefix.len()..layout.len() - suffix.len()];
        value = skip(value, prefix).map_err(|rest| err(prefix, rest))?;
        let Some(std) = std else {
            if !value.is_empty() {
                return Err(msg(&format!(": extra text: {}", time_quote(value))));
            }
            break;
        };
        layout = suffix;
        let hold = value;
        let mut range_err = "";
        let ok: Option<()> = (|| {
            match std {
                Std::Year => {
                    let p = value.get(..2)?;
                    value = &value[2..];
                    year = atoi(p)?;
                    year += if year >= 69 { 1900 } else { 2000 };
                }
                Std::LongYear => {
                    if !is_digit(value, 0) {
                        return None;
                    }
                    let p = value.get(..4)?;
                    value = &value[4..];
                    year = atoi(p)?;
                }
                Std::Month | Std::LongMonth => {
                    let names = MONTHS.map(|m| if std == Std::Month { &m[..3] } else { m });
                    let (i, rest) = lookup_name(&names, value)?;
                    month = i as i64 + 1;
                    value = rest;
                }
                Std::NumMonth | Std::ZeroMonth => {
                    let (n, rest) = getnum(value, std == Std::ZeroMonth)?;
                    month = n;
                    value = rest;
                    if !(1..=12).contains(&month) {
                        range_err = "month";
                    }
                }
                Std::WeekDay | Std::LongWeekDay => {
                    let names = DAYS.map(|d| if std == Std::WeekDay { &d[..3] } else { d });
                    value = lookup_name(&names, value)?.1;
                }
                Std::Day | Std::UnderDay | Std::ZeroDay => {
                    if std == Std::UnderDay {
                        value = value.strip_prefix(' ').unwrap_or(value);
                    }
                    let (n, rest) = getnum(value, std == Std::ZeroDay)?;
                    day = n;
                    value = rest;
                }
                Std::UnderYearDay | Std::ZeroYearDay => {
                    if std == Std::UnderYearDay {
                        for _ in 0..2 {
                            value = value.strip_prefix(' ').unwrap_or(value);
                        }
                    }
                    let (n, rest) = getnum3(value, std == Std::ZeroYearDay)?;
                    yday = n;
                    value = rest;
                }
                Std::Hour => {
                    let (n, rest) = getnum(value, false)?;
                    hour = n;
                    value = rest;
                    if !(0..24).contains(&hour) {
                        range_err = "hour";
                    }
                }
                Std::Hour12 | Std::ZeroHour12 => {
                    let (n, rest) = getnum(value, std == Std::ZeroHour12)?;
                    hour = n;
                    value = rest;
                    if !(0..=12).contains(&hour) {
                        range_err = "hour";
                    }
                }
                Std::Minute | Std::ZeroMinute => {
                    let (n, rest) = getnum(value, std == Std::ZeroMinute)?;
                    min = n;
                    value = rest;
                    if !(0..60).contains(&min) {
                        range_err = "minute";
                    }
                }
                Std::Second | Std::ZeroSecond => {
                    let (n, rest) = getnum(value, std == Std::ZeroSecond)?;
                    sec = n;
                    value = rest;
                    if !(0..60).contains(&sec) {
                        range_err = "second";
                        return Some(());
                    }
                    // A fractional second the layout does not mention is accepted.
                    let b = value.as_bytes();
                    if b.len() >= 2 && matches!(b[0], b'.' | b',') && is_digit(value, 1) {
                        if let (_, Some(Std::FracSecond { .. }), _) = next_std_chunk(layout) {
                            return Some(());
                        }
                        let n = 2 + b[2..].iter().take_while(|c| c.is_ascii_digit()).count();
                        let (ns, re) = parse_nanoseconds(value, n)?;
                        nsec = ns;
                        range_err = re;
                        value = &value[n..];
                    }
                }
                Std::PM | Std::Pm => {
                    let p = value.get(..2)?;
                    value = &value[2..];
                    let (pm_s, am_s) = if std == Std::PM {
                        ("PM", "AM")
                    } else {
                        ("pm", "am")
                    };
                    if p == pm_s {
                        pm = true;
                    } else if p == am_s {
                        am = true;
                    } else {
                        return None;
                    }
                }
                Std::Zone {
                    iso,
                    colon,
                    seconds,
                    short,
                } => {
                    if iso && value.starts_with('Z') {
                        value = &value[1..];
                        z = Some(Loc::Utc);
                        return Some(());
                    }
                    let b = value.as_bytes();
                    let (sign, hh, mm, ss, len) = match (colon, seconds, short) {
                        (true, false, _) => {
                            if b.get(3) != Some(&b':') {
                                return None;
                            }
                            (value.get(..1)?, value.get(1..3)?, value.get(4..6)?, "00", 6)
                        }
                        (_, _, true) => (value.get(..1)?, value.get(1..3)?, "00", "00", 3),
                        (true, true, _) => {
                            if b.get(3) != Some(&b':') || b.get(6) != Some(&b':') {
                                return None;
                            }
                            let ss = value.get(7..9)?;
                            (value.get(..1)?, value.get(1..3)?, value.get(4..6)?, ss, 9)
                        }
                        (false, true, _) => {
                            let ss = value.get(5..7)?;
                            (value.get(..1)?, value.get(1..3)?, value.get(3..5)?, ss, 7)
                        }
                        (false, false, false) => {
                            let mm = value.get(3..5)?;
                            (value.get(..1)?, value.get(1..3)?, mm, "00", 5)
                        }
                    };
                    value = value.get(len..)?;
                    let hr = getnum(hh, true)?.0;
                    let mi = getnum(mm, true)?.0;
                    let se = getnum(ss, true)?.0;
                    if hr > 24 {
                        range_err = "time zone offset hour";
                    }
                    if mi > 60 {
                        range_err = "time zone offset minute";
                    }
                    if se > 60 {
                        range_err = "time zone offset second";
                    }
                    let off = (hr * 60 + mi) * 60 + se;
                    zone_offset = Some(match sign {
                        "+" => off,
                        "-" => -off,
                        _ => return None,
                    });
                }
                Std::TZ => {
                    if let Some(rest) = value.strip_prefix("UTC") {
                        z = Some(Loc::Utc);
                        value = rest;
                        return Some(());
                    }
                    let n = parse_time_zone(value)?;
                    zone_name = &value[..n];
                    value = &value[n..];
                }
                Std::FracSecond {
                    trim: false,
                    digits,
                    ..
                } => {
                    let n = 1 + digits;
                    if value.len() < n {
                        return None;
                    }
                    let (ns, re) = parse_nanoseconds(value, n)?;
                    nsec = ns;
                    range_err = re;
                    value = &value[n..];
                }
                Std::FracSecond { trim: true, .. } => {
                    let b = value.as_bytes();
                    if b.len() < 2 || !matches!(b[0], b'.' | b',') || !b[1].is_ascii_digit() {
                        return Some(());
                    }
                    let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    let (ns, re) = parse_nanoseconds(value, n)?;
                    nsec = ns;
                    range_err = re;
                    value = &value[n..];
                }
            }
            Some(())
        })();
        if !range_err.is_empty() {
            return Err(msg(&format!(": {range_err} out of range")));
        }
        if ok.is_none() {
            return Err(err(std_str, hold));
        }
    }
    if pm && hour < 12 {
        hour += 12;
    } else if am && hour == 12 {
        hour = 0;
    }
    if yday >= 0 {
        let leap = is_leap(year);
        let (mut m, mut d) = (0, 0);
        if leap {
            if yday == 31 + 29 {
                (m, d) = (2, 29);
            } else if yday > 31 + 29 {
                yday -= 1;
            }
        }
        if !(1..=365).contains(&yday) {
            return Err(msg(": day-of-year out of range"));
        }
        if m == 0 {
            m = (yday - 1) / 31 + 1;
            if DAYS_BEFORE[m as usize] < yday {
                m += 1;
            }
            d = yday - DAYS_BEFORE[(m - 1) as usize];
        }
        if month >= 0 && month != m {
            return Err(msg(": day-of-year does not match month"));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(msg(": day-of-year does not match day"));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(msg(": day out of range"));
    }
    let wall =
        days_from_civil(year, month as u32, day as u32) * 86_400 + hour * 3600 + min * 60 + sec;
    let at_utc = GoTime::from_unix(wall, nsec);
    if let Some(z) = z {
        return Ok(at_utc.in_loc(z).shift_wall(z));
    }
    if let Some(off) = zone_offset {
        let t = GoTime::from_unix(wall - off, nsec);
        let (name, loc_off) = loc.lookup(t.sec);
        if i64::from(loc_off) == off && (zone_name.is_empty() || name == zone_name) {
            return Ok(t.in_loc(loc));
        }
        return Ok(t.in_loc(Loc::Fixed {
            offset: off as i32,
            name: ZoneName::new(zone_name),
        }));
    }
    if !zone_name.is_empty() {
        if let Some(off) = lookup_zone_name(&loc, zone_name, wall) {
            return Ok(GoTime::from_unix(wall - i64::from(off), nsec).in_loc(loc));
        }
        let mut off = 0;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            off = atoi(&zone_name[3..]).unwrap_or(0) * 3600;
        }
        return Ok(GoTime::from_unix(wall, nsec).in_loc(Loc::Fixed {
            offset: off as i32,
            name: ZoneName::new(zone_name),
        }));
    }
    Ok(at_utc.in_loc(loc).shift_wall(loc))
}

impl GoTime {
    /// Go's `Date(..., loc)` for a wall clock read as UTC: the instant whose wall clock in
    /// `loc` shows it (using the offset in force there, as Go's two-step lookup does).
    fn shift_wall(self, loc: Loc) -> GoTime {
        let (_, off) = loc.lookup(self.sec);
        let mut unix = self.sec - i64::from(off);
        let (_, off2) = loc.lookup(unix);
        if off2 != off {
            unix = self.sec - i64::from(off2);
        }
        GoTime::from_unix(unix, self.nsec).in_loc(loc)
    }
}

/// Go's `Location.lookupName`: the offset of a zone with this abbreviation, preferring the
/// one in force at that wall time.
fn lookup_zone_name(loc: &Loc, name: &str, wall: i64) -> Option<i32> {
    let Loc::Zone(l) = loc else {
        return match loc {
            Loc::Utc if name == "UTC" => Some(0),
            Loc::Fixed { offset, name: n } if n.as_str() == name => Some(*offset),
            _ => None,
        };
    };
    for (zname, off, _) in &l.zones {
        if zname == name {
            let (n, _) = l.lookup(wall - i64::from(*off));
            if n == name {
                return Some(*off);
            }
        }
    }
    l.zones.iter().find(|z| z.0 == name).map(|z| z.1)
}

/// Days before each month in a non-leap year; index 12 is the whole year.
const DAYS_BEFORE: [i64; 13] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in(month: i64, year: i64) -> i64 {
    if month == 2 && is_leap(year) {
        return 29;
    }
    let m = month.clamp(1, 12) as usize;
    DAYS_BEFORE[m] - DAYS_BEFORE[m - 1]
}

/// Go's `skip`: removes `prefix`, where a run of spaces matches any run of spaces. On a
/// mismatch, the rest of `value` where it gave up (the text Go's error quotes).
fn skip<'a>(mut value: &'a str, mut prefix: &str) -> Result<&'a str, &'a str> {
    while let Some(&c) = prefix.as_bytes().first() {
        if c == b' ' {
            if !value.is_empty() && !value.starts_with(' ') {
                return Err(value);
            }
            prefix = prefix.trim_start_matches(' ');
            value = value.trim_start_matches(' ');
            continue;
        }
        if value.as_bytes().first() != Some(&c) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = value.get(1..).ok_or(value)?;
    }
    Ok(value)
}

fn is_digit(s: &str, i: usize) -> bool {
    s.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if !is_digit(s, 0) {
        return None;
    }
    if !is_digit(s, 1) {
        if fixed {
            return None;
        }
        return Some((i64::from(b[0] - b'0'), &s[1..]));
    }
    Some((
        i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0'),
        &s[2..],
    ))
}

/// Go's `getnum3`: one to three digits (exactly three when `fixed`).
fn getnum3(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let n = s.bytes().take(3).take_while(u8::is_ascii_digit).count();
    if n == 0 || (fixed && n != 3) {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// Go's time-package `atoi`: optional sign, then only digits.
fn atoi(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    Some(if neg { -n } else { n })
}

/// Go's `lookup`: the first name that prefixes `value`, ignoring ASCII case.
fn lookup_name<'a>(names: &[&str], value: &'a str) -> Option<(usize, &'a str)> {
    names.iter().enumerate().find_map(|(i, n)| {
        let head = value.get(..n.len())?;
        head.eq_ignore_ascii_case(n).then(|| (i, &value[n.len()..]))
    })
}

/// Go's `parseNanoseconds`: `value[..n]` is a separator and digits; the error text is the
/// range error, if any.
fn parse_nanoseconds(value: &str, n: usize) -> Option<(i64, &'static str)> {
    if !matches!(value.as_bytes().first(), Some(b'.' | b',')) {
        return None;
    }
    let n = n.min(10);
    let digits = value.get(1..n)?;
    let mut ns = atoi(digits)?;
    if ns < 0 {
        return Some((0, "fractional second"));
    }
    for _ in 0..10 - n {
        ns *= 10;
    }
    Some((ns, ""))
}

/// Go's `parseTimeZone`: the length of a zone abbreviation at the start of `value`.
fn parse_time_zone(value: &str) -> Option<usize> {
    let b = value.as_bytes();
    if b.len() < 3 {
        return None;
    }
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if let Some(rest) = value.strip_prefix("GMT") {
        return Some(3 + parse_signed_offset(rest));
    }
    if matches!(b[0], b'+' | b'-') {
        return Some(parse_signed_offset(value)).filter(|&n| n > 0);
    }
    let upper = b
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        5 if b[4] == b'T' => Some(5),
        4 if b[3] == b'T' || value.starts_with("WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

/// Go's `parseSignedOffset`: a sign and an hour up to 23; 0 when there is none.
fn parse_signed_offset(value: &str) -> usize {
    if !matches!(value.as_bytes().first(), Some(b'+' | b'-')) {
        return 0;
    }
    let digits = value[1..].bytes().take_while(u8::is_ascii_digit).count();
    match value[1..1 + digits].parse::<u64>() {
        Ok(x) if digits > 0 && x <= 23 => 1 + digits,
        _ => 0,
    }
}

/// The time package's own `quote`: non-ASCII and control bytes as `\xNN`.
fn time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if !c.is_ascii() || c < ' ' {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\x{b:02x}");
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}
