//! Alertmanager's time intervals (`time_intervals:` entries): times of day, weekdays, days
//! of the month, months, years and a location, decoded and validated with upstream's
//! messages (`timeinterval/timeinterval.go`), and the test of whether an instant is inside.

use serde::de::{self, Deserialize, Deserializer};

use crate::config::print::{GoValue, ToGo};
use crate::go_struct;

const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// An inclusive range of weekdays (0 = Sunday), days of the month (negative counts from
/// the end), months (1 = January) or years.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InclusiveRange {
    pub begin: i64,
    pub end: i64,
}

/// Which component a range belongs to: how members are named and checked.
#[derive(Clone, Copy)]
enum Kind {
    Weekday,
    DayOfMonth,
    Month,
    Year,
}

/// Go's `strconv.Atoi` error wording.
fn atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            crate::gostr::quote(s)
        ));
    }
    s.parse().map_err(|_| {
        format!(
            "strconv.Atoi: parsing {}: value out of range",
            crate::gostr::quote(s)
        )
    })
}

impl Kind {
    fn member(self, s: &str) -> Result<i64, String> {
        match self {
            Kind::Weekday => WEEKDAYS
                .iter()
                .position(|d| *d == s)
                .map(|i| i as i64)
                .ok_or_else(|| format!("{s} is not a valid weekday")),
            Kind::Month => match MONTHS.iter().position(|m| *m == s) {
                Some(i) => Ok(i as i64 + 1),
                None => atoi(s).map_err(|_| format!("{s} is not a valid month")),
            },
            Kind::DayOfMonth | Kind::Year => atoi(s),
        }
    }

    /// Upstream's `stringableRangeFromString` and the component's own checks.
    fn parse(self, input: &str) -> Result<InclusiveRange, String> {
        let lower = input.to_lowercase();
        let r = match lower.split_once(':') {
            Some((a, b)) => {
                if b.contains(':') {
                    return Err(format!("couldn't parse range {lower}, invalid format"));
                }
                InclusiveRange {
                    begin: self.member(a)?,
                    end: self.member(b)?,
                }
            }
            None => {
                let v = self.member(&lower)?;
                InclusiveRange { begin: v, end: v }
            }
        };
        match self {
            Kind::Weekday => {
                if r.begin > r.end {
                    return Err("start day cannot be before end day".into());
                }
                if !(0..=6).contains(&r.begin) || !(0..=6).contains(&r.end) {
                    return Err(format!(
                        "{input} is not a valid day of the week: out of range"
                    ));
                }
            }
            Kind::DayOfMonth => {
                for d in [r.begin, r.end] {
                    if d == 0 || !(-31..=31).contains(&d) {
                        return Err(format!("{d} is not a valid day of the month: out of range"));
                    }
                }
                if r.begin < 0 && r.end > 0 {
                    return Err("end day must be negative if start day is negative".into());
                }
                // Negative days checked against the shortest month.
                let at = |d: i64| if d < 0 { 28 + d } else { d };
                if at(r.begin) > at(r.end) {
                    return Err(format!(
                        "end day {} is always before start day {}",
                        r.end, r.begin
                    ));
                }
            }
            Kind::Month => {
                if r.begin > r.end {
                    let name = |m: i64| {
                        usize::try_from(m - 1)
                            .ok()
                            .and_then(|i| MONTHS.get(i))
                            .copied()
                            .unwrap_or("")
                    };
                    return Err(format!(
                        "end month {} is before start month {}",
                        name(r.end),
                        name(r.begin)
                    ));
                }
            }
            Kind::Year => {
                if r.begin > r.end {
                    return Err(format!(
                        "end year {} is before start year {}",
                        r.end, r.begin
                    ));
                }
            }
        }
        Ok(r)
    }
}

macro_rules! range_type {
    ($name:ident, $kind:expr) => {
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $name(pub InclusiveRange);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = Option::<String>::deserialize(d)?.unwrap_or_default();
                $kind.parse(&s).map($name).map_err(de::Error::custom)
            }
        }

        impl ToGo for $name {
            fn to_go(&self) -> GoValue {
                GoValue::Str(format_range(self.0, $kind))
            }
        }
    };
}

range_type!(WeekdayRange, Kind::Weekday);
range_type!(DayOfMonthRange, Kind::DayOfMonth);
range_type!(MonthRange, Kind::Month);
range_type!(YearRange, Kind::Year);

/// Upstream's `MarshalText`: weekdays by name, other ranges as numbers.
fn format_range(r: InclusiveRange, kind: Kind) -> String {
    let one = |v: i64| match kind {
        Kind::Weekday => usize::try_from(v)
            .ok()
            .and_then(|i| WEEKDAYS.get(i))
            .map_or_else(|| v.to_string(), |d| d.to_string()),
        _ => v.to_string(),
    };
    if r.begin == r.end {
        one(r.begin)
    } else {
        format!("{}:{}", one(r.begin), one(r.end))
    }
}

go_struct! {
    struct YamlTimeRange: "timeinterval.yamlTimeRange" {
        pub start_time: String,
        pub end_time: String,
    }
}

/// Minutes of the day `[start, end)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeRange {
    pub start_minute: i64,
    pub end_minute: i64,
}

/// Upstream's `parseTime`: `HH:MM` from `00:00` to `23:59`, or `24:00`.
fn parse_time(s: &str) -> Result<i64, String> {
    let b = s.as_bytes();
    let valid = s == "24:00"
        || (b.len() == 5
            && b[2] == b':'
            && matches!(
                (b[0], b[1]),
                (b'0' | b'1', b'0'..=b'9') | (b'2', b'0'..=b'3')
            )
            && (b'0'..=b'5').contains(&b[3])
            && b[4].is_ascii_digit());
    if !valid {
        return Err(format!("couldn't parse timestamp {s}, invalid format"));
    }
    let h = i64::from(b[0] - b'0') * 10 + i64::from(b[1] - b'0');
    let m = i64::from(b[3] - b'0') * 10 + i64::from(b[4] - b'0');
    Ok(h * 60 + m)
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let y = YamlTimeRange::deserialize(d)?;
        if y.start_time.is_empty() || y.end_time.is_empty() {
            return Err(de::Error::custom(
                "both start and end times must be provided",
            ));
        }
        let start = parse_time(&y.start_time).map_err(de::Error::custom)?;
        let end = parse_time(&y.end_time).map_err(de::Error::custom)?;
        if start >= end {
            return Err(de::Error::custom(
                "start time cannot be equal or greater than end time",
            ));
        }
        Ok(TimeRange {
            start_minute: start,
            end_minute: end,
        })
    }
}

impl ToGo for TimeRange {
    fn to_go(&self) -> GoValue {
        let hm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
        GoValue::Map(vec![
            ("start_time".into(), GoValue::Str(hm(self.start_minute))),
            ("end_time".into(), GoValue::Str(hm(self.end_minute))),
        ])
    }
}

/// A time zone name that Go's `time.LoadLocation` accepts (`UTC`, `Local`, or a zone of
/// the system's database).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location(pub String);

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        crate::template::gotime::load_location(&s).map_err(de::Error::custom)?;
        Ok(Location(s))
    }
}

impl ToGo for Location {
    fn to_go(&self) -> GoValue {
        GoValue::Str(if self.0.is_empty() {
            "UTC".into()
        } else {
            self.0.clone()
        })
    }
}

go_struct! {
    /// One interval: every component given must contain the instant.
    pub struct TimeInterval: "timeinterval.TimeInterval" {
        pub times: Option<Vec<TimeRange>>,
        pub weekdays: Option<Vec<WeekdayRange>>,
        pub days_of_month: Option<Vec<DayOfMonthRange>>,
        pub months: Option<Vec<MonthRange>>,
        pub years: Option<Vec<YearRange>>,
        pub location: Option<Location>,
    }
}

/// A calendar instant in the interval's location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CivilTime {
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    pub day: u32,
    /// 0 = Sunday.
    pub weekday: u32,
    pub minute_of_day: i64,
    pub days_in_month: u32,
}

impl CivilTime {
    /// The UTC calendar time of a Unix timestamp in milliseconds.
    pub fn utc(ms: i64) -> CivilTime {
        let days = ms.div_euclid(86_400_000);
        let (year, month, day) = crate::time::civil_from_days(days);
        let next = if month == 12 {
            crate::time::days_from_civil(year + 1, 1, 1)
        } else {
            crate::time::days_from_civil(year, month + 1, 1)
        };
        let first = crate::time::days_from_civil(year, month, 1);
        CivilTime {
            year,
            month,
            day,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
            minute_of_day: ms.rem_euclid(86_400_000) / 60_000,
            days_in_month: (next - first) as u32,
        }
    }
}

impl TimeInterval {
    /// Upstream's `ContainsTime` for a Unix time in milliseconds, seen in the interval's
    /// location (UTC by default).
    pub fn contains_at(&self, ms: i64) -> bool {
        let name = self.location.as_ref().map_or("", |l| l.0.as_str());
        // The name was checked when the configuration loaded.
        let offset = crate::template::gotime::load_location(name).map_or(0, |loc| {
            crate::template::gotime::GoTime::from_unix(ms.div_euclid(1000), 0)
                .in_loc(loc)
                .utc_offset()
        });
        self.contains(&CivilTime::utc(ms + i64::from(offset) * 1000))
    }

    /// Upstream's `ContainsTime`, for an instant already converted to the interval's
    /// location.
    pub fn contains(&self, t: &CivilTime) -> bool {
        if let Some(times) = &self.times {
            let m = t.minute_of_day;
            if !times
                .iter()
                .any(|r| m >= r.start_minute && m < r.end_minute)
            {
                return false;
            }
        }
        if let Some(days) = &self.days_of_month {
            let n = i64::from(t.days_in_month);
            let day = i64::from(t.day);
            let inside = days.iter().any(|r| {
                let abs = |d: i64| if d < 0 { n + d + 1 } else { d };
                let (begin, end) = (abs(r.0.begin), abs(r.0.end));
                if begin > n {
                    return false;
                }
                let (begin, end) = (begin.clamp(-n, n), end.clamp(-n, n));
                day >= begin && day <= end
            });
            if !inside {
                return false;
            }
        }
        let within = |r: &InclusiveRange, v: i64| v >= r.begin && v <= r.end;
        if let Some(months) = &self.months {
            if !months.iter().any(|r| within(&r.0, i64::from(t.month))) {
                return false;
            }
        }
        if let Some(weekdays) = &self.weekdays {
            if !weekdays.iter().any(|r| within(&r.0, i64::from(t.weekday))) {
                return false;
            }
        }
        if let Some(years) = &self.years {
            if !years.iter().any(|r| within(&r.0, t.year)) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn decode(src: &str) -> Result<TimeInterval, String> {
        let opts = yaml::Options {
            go_yaml_v2: true,
            soft_errors: true,
            ..yaml::Options::default()
        };
        yaml::from_str::<TimeInterval>(src, opts)
            .map(|(t, _)| t)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn ranges_and_their_errors() {
        let t = decode(
            "weekdays: ['Monday:friday', sunday]\ndays_of_month: ['1:5', '-3:-1']\nmonths: ['january:3']\nyears: ['2020:2030']\ntimes: [{start_time: '09:00', end_time: '24:00'}]\n",
        )
        .expect("valid");
        assert_eq!(
            t.weekdays.as_deref(),
            Some(
                &[
                    WeekdayRange(InclusiveRange { begin: 1, end: 5 }),
                    WeekdayRange(InclusiveRange { begin: 0, end: 0 })
                ][..]
            )
        );
        assert_eq!(t.times.as_deref().map(|t| t[0].end_minute), Some(1440));
        for (src, want) in [
            ("weekdays: [funday]", "funday is not a valid weekday"),
            (
                "weekdays: ['friday:monday']",
                "start day cannot be before end day",
            ),
            (
                "days_of_month: ['-3:5']",
                "end day must be negative if start day is negative",
            ),
            (
                "days_of_month: ['0']",
                "0 is not a valid day of the month: out of range",
            ),
            (
                "days_of_month: ['10:-25']",
                "end day -25 is always before start day 10",
            ),
            (
                "months: ['march:january']",
                "end month january is before start month march",
            ),
            ("months: ['smarch']", "smarch is not a valid month"),
            (
                "years: ['2030:2020']",
                "end year 2020 is before start year 2030",
            ),
            (
                "years: ['a:b:c']",
                "couldn't parse range a:b:c, invalid format",
            ),
            (
                "times: [{start_time: '9:00', end_time: '10:00'}]",
                "couldn't parse timestamp 9:00, invalid format",
            ),
            (
                "times: [{start_time: '10:00'}]",
                "both start and end times must be provided",
            ),
            (
                "times: [{start_time: '10:00', end_time: '10:00'}]",
                "start time cannot be equal or greater than end time",
            ),
            ("location: Mars/Olympus", "unknown time zone Mars/Olympus"),
        ] {
            assert_eq!(decode(src).unwrap_err(), want, "{src}");
        }
    }

    #[test]
    fn containment() {
        let t = decode("weekdays: ['monday:friday']\ntimes: [{start_time: '09:00', end_time: '17:00'}]\ndays_of_month: ['-1']\n")
            .expect("valid");
        // 2024-05-31 was a Friday, the last day of May.
        let friday_noon = crate::time::days_from_civil(2024, 5, 31) * 86_400_000 + 12 * 3_600_000;
        assert!(t.contains(&CivilTime::utc(friday_noon)));
        assert!(!t.contains(&CivilTime::utc(friday_noon + 6 * 3_600_000)));
        assert!(!t.contains(&CivilTime::utc(friday_noon - 86_400_000)));
        assert!(t.contains_at(friday_noon));
        // 09:30 UTC on a winter Monday is 18:30 in Tokyo: outside office hours there.
        let t = decode("weekdays: ['monday']\ntimes: [{start_time: '09:00', end_time: '17:00'}]\nlocation: Asia/Tokyo\n")
            .expect("valid");
        let monday = crate::time::days_from_civil(2024, 1, 8) * 86_400_000;
        assert!(!t.contains_at(monday + 9 * 3_600_000 + 30 * 60_000));
        assert!(t.contains_at(monday + 30 * 60_000));
    }
}
