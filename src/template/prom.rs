//! Prometheus's template functions: the function map of `template.NewTemplateExpander`
//! (Prometheus 3.x `template/template.go`), less `query`, `now`, `pathPrefix`, `externalURL` and
//! `tmpl`, which need the expander's context.
//!
//! Results and error texts are Go's. Argument checks that Go's `text/template` makes before a
//! call (arity, argument types) return its messages too, e.g.
//! `wrong type for value; expected string; got int`.

use std::fmt::Write as _;
use std::sync::Arc;

use super::args::{arg, arity, string_arg, wrong_type};
use super::gotime::{GoDuration, GoTime};
use super::{Func, List, Map, Object, Value};
use crate::duration::parse_duration_allow_negative;
use crate::gostr::{self, format_float_g, parse_float, quote};
use crate::regex::{go_search_regex, PromRegex};

/// Every Prometheus template function that needs no context, by name.
pub fn functions() -> Vec<(&'static str, Func)> {
    type Imp = fn(&[Value]) -> Result<Value, String>;
    let table: [(&'static str, Imp); 25] = [
        ("first", first),
        ("label", label),
        ("value", value),
        ("strvalue", strvalue),
        ("args", args),
        ("reReplaceAll", re_replace_all),
        ("safeHtml", safe_html),
        ("match", match_fn),
        ("title", title_fn),
        ("toUpper", to_upper_fn),
        ("toLower", to_lower_fn),
        ("graphLink", graph_link),
        ("tableLink", table_link),
        ("sortByLabel", sort_by_label),
        ("stripPort", strip_port_fn),
        ("stripDomain", strip_domain_fn),
        ("humanize", humanize_fn),
        ("humanize1024", humanize1024_fn),
        ("humanizeDuration", humanize_duration_fn),
        ("humanizePercentage", humanize_percentage_fn),
        ("humanizeTimestamp", humanize_timestamp_fn),
        ("toTime", to_time),
        ("toDuration", to_duration),
        ("parseDuration", parse_duration_fn),
        ("urlQueryEscape", url_query_escape_fn),
    ];
    table
        .into_iter()
        .map(|(name, imp)| (name, Arc::new(imp) as Func))
        .collect()
}

/// A query result (`queryResult`, a slice of `*sample` with fields Labels map[string]string and
/// Value: a float64, or a histogram for native histogram samples).
pub fn query_result<V: Into<Value>>(samples: Vec<(Vec<(String, String)>, V)>) -> Value {
    query_result_of(
        samples
            .into_iter()
            .map(|(labels, v)| Value::Object(Arc::new(QuerySample::new(labels, v.into()))))
            .collect(),
    )
}

const QUERY_RESULT_TYPE: &str = "template.queryResult";
const SAMPLE_TYPE: &str = "*template.sample";

fn query_result_of(items: Vec<Value>) -> Value {
    Value::List(Arc::new(List {
        items,
        type_name: QUERY_RESULT_TYPE.into(),
    }))
}

/// One element of a query result: Prometheus's `*sample`.
#[derive(Debug, Clone)]
pub struct QuerySample {
    /// A `map[string]string`.
    labels: Value,
    value: Value,
}

impl QuerySample {
    pub fn new(labels: Vec<(String, String)>, value: Value) -> QuerySample {
        QuerySample {
            labels: Value::string_map(labels),
            value,
        }
    }
}

impl Object for QuerySample {
    fn type_name(&self) -> String {
        SAMPLE_TYPE.into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Labels" => Some(self.labels.clone()),
            "Value" => Some(self.value.clone()),
            _ => None,
        }
    }

    fn display(&self) -> String {
        // Go prints a pointer to a struct as `&{field field}`, a map as `map[k:v ...]`.
        let mut out = String::from("&{map[");
        if let Value::Map(m) = &self.labels {
            for (i, (k, v)) in m.entries.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{k}:{}", v.as_str().unwrap_or_default());
            }
        }
        let _ = write!(out, "] {}}}", super::fmt::print_value(&self.value));
        out
    }
}

// ---- argument handling ----

/// A `*template.sample` argument; `None` for a nil pointer.
fn sample_arg(v: &Value) -> Result<Option<&Arc<dyn Object>>, String> {
    match v {
        Value::Object(o) if o.type_name() == SAMPLE_TYPE => Ok(Some(o)),
        Value::Missing | Value::Nil => Ok(None),
        other => Err(wrong_type(SAMPLE_TYPE, other)),
    }
}

/// What Go reports when a function dereferences a nil `*sample`.
const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

fn sample_field(v: &Value, field: &str) -> Result<Value, String> {
    sample_arg(v)?
        .and_then(|o| o.field(field))
        .ok_or_else(|| NIL_DEREF.to_string())
}

/// A `template.queryResult` argument; nil is the empty result.
fn query_result_arg(v: &Value) -> Result<Vec<Value>, String> {
    match v {
        Value::List(l) if l.type_name == QUERY_RESULT_TYPE => Ok(l.items.clone()),
        Value::Missing | Value::Nil => Ok(Vec::new()),
        other => Err(wrong_type(QUERY_RESULT_TYPE, other)),
    }
}

/// prometheus/common's `ConvertToFloat`.
fn convert_to_float(v: &Value) -> Result<f64, String> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::String(s) => {
            parse_float(s).map_err(|e| format!("strconv.ParseFloat: parsing {}: {e}", quote(s)))
        }
        Value::Object(o) if o.type_name() == "time.Duration" => match o.field("Seconds") {
            Some(Value::Float(f)) => Ok(f),
            _ => Err("can't convert time.Duration to float".into()),
        },
        // A missing value reaches an `any` parameter as nil.
        Value::Missing => Err("can't convert <nil> to float".into()),
        other => Err(format!("can't convert {} to float", other.type_name())),
    }
}

fn one_float(name: &str, args: &[Value]) -> Result<f64, String> {
    arity(name, args, 1)?;
    convert_to_float(arg(args, 0))
}

fn one_string<'a>(name: &str, args: &'a [Value]) -> Result<&'a str, String> {
    arity(name, args, 1)?;
    string_arg(arg(args, 0))
}

// ---- the functions ----

fn first(args: &[Value]) -> Result<Value, String> {
    arity("first", args, 1)?;
    query_result_arg(arg(args, 0))?
        .into_iter()
        .next()
        .ok_or_else(|| "first() called on vector with no elements".to_string())
}

fn label(args: &[Value]) -> Result<Value, String> {
    arity("label", args, 2)?;
    let name = string_arg(arg(args, 0))?;
    match sample_field(arg(args, 1), "Labels")? {
        Value::Map(m) => Ok(m
            .entries
            .get(name)
            .cloned()
            .unwrap_or_else(|| Value::str(""))),
        _ => Ok(Value::str("")),
    }
}

fn value(args: &[Value]) -> Result<Value, String> {
    arity("value", args, 1)?;
    sample_field(arg(args, 0), "Value")
}

fn strvalue(args: &[Value]) -> Result<Value, String> {
    arity("strvalue", args, 1)?;
    match sample_field(arg(args, 0), "Labels")? {
        Value::Map(m) => Ok(m
            .entries
            .get("__value__")
            .cloned()
            .unwrap_or_else(|| Value::str(""))),
        _ => Ok(Value::str("")),
    }
}

fn args(args: &[Value]) -> Result<Value, String> {
    let entries = args
        .iter()
        .enumerate()
        .map(|(i, v)| {
            // A missing value reaches an `any` parameter as nil.
            let v = match v {
                Value::Missing => Value::Nil,
                other => other.clone(),
            };
            (format!("arg{i}"), v)
        })
        .collect();
    Ok(Value::Map(Arc::new(Map {
        entries,
        zero: Value::Missing,
        type_name: "map[string]interface {}".into(),
    })))
}

pub(super) fn re_replace_all(args: &[Value]) -> Result<Value, String> {
    arity("reReplaceAll", args, 3)?;
    let pattern = string_arg(arg(args, 0))?;
    let repl = string_arg(arg(args, 1))?;
    let text = string_arg(arg(args, 2))?;
    // regexp.MustCompile panics; text/template turns the panic into this error.
    let re = go_search_regex(pattern)
        .map_err(|e| format!("regexp: Compile({}): {e}", regexp_quote(pattern)))?;
    let names: Vec<Option<String>> = match PromRegex::new(pattern) {
        Ok(p) => p.capture_names().to_vec(),
        Err(_) => re.capture_names().map(|n| n.map(str::to_string)).collect(),
    };
    Ok(Value::from(replace_all_string(&re, &names, text, repl)))
}

fn safe_html(args: &[Value]) -> Result<Value, String> {
    Ok(Value::str(one_string("safeHtml", args)?))
}

pub(super) fn match_fn(args: &[Value]) -> Result<Value, String> {
    arity("match", args, 2)?;
    let pattern = string_arg(arg(args, 0))?;
    let s = string_arg(arg(args, 1))?;
    let re = go_search_regex(pattern).map_err(|e| e.to_string())?;
    Ok(Value::Bool(re.is_match(s)))
}

fn title_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(title(one_string("title", args)?)))
}

pub(super) fn to_upper_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(gostr::to_upper(one_string("toUpper", args)?)))
}

pub(super) fn to_lower_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(gostr::to_lower(one_string("toLower", args)?)))
}

fn graph_link(args: &[Value]) -> Result<Value, String> {
    let expr = one_string("graphLink", args)?;
    Ok(Value::from(format!(
        "/graph?g0.expr={}&g0.tab=0",
        url_query_escape(expr)
    )))
}

fn table_link(args: &[Value]) -> Result<Value, String> {
    let expr = one_string("tableLink", args)?;
    Ok(Value::from(format!(
        "/graph?g0.expr={}&g0.tab=1",
        url_query_escape(expr)
    )))
}

fn sort_by_label(args: &[Value]) -> Result<Value, String> {
    arity("sortByLabel", args, 2)?;
    let by = string_arg(arg(args, 0))?;
    let mut items = query_result_arg(arg(args, 1))?;
    let key = |v: &Value| -> String {
        let Value::Object(o) = v else {
            return String::new();
        };
        match o.field("Labels") {
            Some(Value::Map(m)) => m
                .entries
                .get(by)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            _ => String::new(),
        }
    };
    // sort.Stable; Go sorts the caller's slice in place, here the result is a new list.
    items.sort_by_cached_key(key);
    Ok(query_result_of(items))
}

fn strip_port_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(strip_port(one_string("stripPort", args)?)))
}

fn strip_domain_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(strip_domain(one_string("stripDomain", args)?)))
}

fn humanize_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(humanize(one_float("humanize", args)?)))
}

fn humanize1024_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(humanize1024(one_float("humanize1024", args)?)))
}

pub(super) fn humanize_duration_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(humanize_duration(one_float(
        "humanizeDuration",
        args,
    )?)))
}

fn humanize_percentage_fn(args: &[Value]) -> Result<Value, String> {
    let v = one_float("humanizePercentage", args)?;
    Ok(Value::from(format!("{}%", fmt_g(v * 100.0, 4))))
}

fn humanize_timestamp_fn(args: &[Value]) -> Result<Value, String> {
    let v = one_float("humanizeTimestamp", args)?;
    match float_to_time(v) {
        Ok(t) => Ok(Value::from(t.to_string())),
        Err(TimeError::NanOrInf) => Ok(Value::from(fmt_g(v, 4))),
        Err(e) => Err(e.to_string()),
    }
}

fn to_time(args: &[Value]) -> Result<Value, String> {
    let v = one_float("toTime", args)?;
    let t = float_to_time(v).map_err(|e| e.to_string())?;
    Ok(Value::Object(Arc::new(t.as_pointer())))
}

fn to_duration(args: &[Value]) -> Result<Value, String> {
    let v = one_float("toDuration", args)?;
    Ok(Value::Object(Arc::new(
        GoDuration::from_nanos(go_f64_to_i64(v * 1e9)).as_pointer(),
    )))
}

fn parse_duration_fn(args: &[Value]) -> Result<Value, String> {
    let s = one_string("parseDuration", args)?;
    let ms = parse_duration_allow_negative(s).map_err(|e| e.to_string())?;
    // float64(time.Duration) / float64(time.Second); any parsed duration fits in nanoseconds.
    let nanos = ms.saturating_mul(1_000_000);
    Ok(Value::Float(nanos as f64 / 1e9))
}

fn url_query_escape_fn(args: &[Value]) -> Result<Value, String> {
    Ok(Value::from(url_query_escape(one_string(
        "urlQueryEscape",
        args,
    )?)))
}

// ---- time ----

#[derive(Debug)]
enum TimeError {
    NanOrInf,
    Overflow(f64),
}

impl std::fmt::Display for TimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeError::NanOrInf => f.write_str("value is NaN or Inf"),
            TimeError::Overflow(v) => write!(
                f,
                "{} cannot be represented as a nanoseconds timestamp since it overflows int64",
                format_float_g(*v)
            ),
        }
    }
}

/// Prometheus's `floatToTime`: seconds to a UTC time, truncated to milliseconds
/// (`model.TimeFromUnixNano`).
fn float_to_time(v: f64) -> Result<GoTime, TimeError> {
    if !v.is_finite() {
        return Err(TimeError::NanOrInf);
    }
    let ts = v * 1e9;
    if ts > i64::MAX as f64 || ts < i64::MIN as f64 {
        return Err(TimeError::Overflow(v));
    }
    let ms = go_f64_to_i64(ts) / 1_000_000;
    Ok(GoTime::from_unix(ms / 1000, (ms % 1000) * 1_000_000))
}

// ---- number formatting ----

/// Go's `fmt.Sprintf("%.<prec>g", v)`: `prec` significant digits (rounded half to even on exact
/// ties, as Go's and Rust's exact formatting both do), trailing zeros dropped, exponent form
/// when the exponent is below -4 or at least the precision.
fn fmt_g(v: f64, prec: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let prec = prec.max(1);
    let s = format!("{:.*e}", prec - 1, v.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((s.as_str(), "0"));
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    // Go's decimal for zero has no digits and the decimal point at 0.
    let dp: i64 = if digits.is_empty() {
        0
    } else {
        exp.parse::<i64>().unwrap_or(0) + 1
    };
    let nd = digits.len() as i64;
    let digit = |i: i64| -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |&d| char::from(d))
    };
    let mut out = String::new();
    if v.is_sign_negative() {
        out.push('-');
    }
    let mut prec = prec as i64;
    let mut eprec = prec;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    let exp = dp - 1;
    if exp < -4 || exp >= eprec {
        // %e with prec-1 digits after the point.
        if prec > nd {
            prec = nd;
        }
        out.push(digit(0));
        if prec > 1 {
            out.push('.');
            for i in 1..prec {
                out.push(digit(i));
            }
        }
        let e = if nd == 0 { 0 } else { exp };
        let _ = write!(
            out,
            "e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.unsigned_abs()
        );
        return out;
    }
    if prec > dp {
        prec = nd;
    }
    let frac = (prec - dp).max(0);
    if dp > 0 {
        for i in 0..dp {
            out.push(digit(i));
        }
    } else {
        out.push('0');
    }
    if frac > 0 {
        out.push('.');
        for i in 0..frac {
            out.push(digit(dp + i));
        }
    }
    out
}

/// Go's float64 to int64 conversion as amd64 does it: out-of-range values and NaN give the
/// "integer indefinite" value, `math.MinInt64`.
fn go_f64_to_i64(x: f64) -> i64 {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if x.is_nan() || !(-LIMIT..LIMIT).contains(&x) {
        i64::MIN
    } else {
        x as i64
    }
}

fn humanize(mut v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return fmt_g(v, 4);
    }
    let mut prefix = "";
    if v.abs() >= 1.0 {
        for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
            if v.abs() < 1000.0 {
                break;
            }
            prefix = p;
            v /= 1000.0;
        }
    } else {
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if v.abs() >= 1.0 {
                break;
            }
            prefix = p;
            v *= 1000.0;
        }
    }
    format!("{}{prefix}", fmt_g(v, 4))
}

fn humanize1024(mut v: f64) -> String {
    if v.abs() <= 1.0 || !v.is_finite() {
        return fmt_g(v, 4);
    }
    let mut prefix = "";
    for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
        if v.abs() < 1024.0 {
            break;
        }
        prefix = p;
        v /= 1024.0;
    }
    format!("{}{prefix}", fmt_g(v, 4))
}

/// prometheus/common's `HumanizeDuration`.
fn humanize_duration(mut v: f64) -> String {
    if !v.is_finite() {
        return fmt_g(v, 4);
    }
    if v == 0.0 {
        return format!("{}s", fmt_g(v, 4));
    }
    if v.abs() >= 1.0 {
        let mut sign = "";
        if v < 0.0 {
            sign = "-";
            v = -v;
        }
        let duration = go_f64_to_i64(v);
        let seconds = duration % 60;
        let minutes = (duration / 60) % 60;
        let hours = (duration / 60 / 60) % 24;
        let days = duration / 60 / 60 / 24;
        // For days to minutes, seconds are shown as an integer.
        if days != 0 {
            return format!("{sign}{days}d {hours}h {minutes}m {seconds}s");
        }
        if hours != 0 {
            return format!("{sign}{hours}h {minutes}m {seconds}s");
        }
        if minutes != 0 {
            return format!("{sign}{minutes}m {seconds}s");
        }
        return format!("{sign}{}s", fmt_g(v, 4));
    }
    let mut prefix = "";
    for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
        if v.abs() >= 1.0 {
            break;
        }
        prefix = p;
        v *= 1000.0;
    }
    format!("{}{prefix}s", fmt_g(v, 4))
}

// ---- regexes ----

/// Go's `regexp` quoting of a pattern in `MustCompile`'s panic: backquoted when possible.
fn regexp_quote(s: &str) -> String {
    let can_backquote = s
        .chars()
        .all(|c| !((c < ' ' && c != '\t') || c == '`' || c == '\u{7f}' || c == '\u{feff}'));
    if can_backquote {
        format!("`{s}`")
    } else {
        quote(s)
    }
}

/// Go's `Regexp.ReplaceAllString`, including its handling of empty matches.
fn replace_all_string(
    re: &::regex::Regex,
    names: &[Option<String>],
    src: &str,
    repl: &str,
) -> String {
    let expand = repl.contains('$');
    let mut out = String::with_capacity(src.len());
    let mut locs = re.capture_locations();
    let mut last_end = 0;
    let mut search = 0;
    while search <= src.len() {
        let Some(m) = re.captures_read_at(&mut locs, src, search) else {
            break;
        };
        let (start, end) = (m.start(), m.end());
        out.push_str(src.get(last_end..start).unwrap_or_default());
        // No replacement for an empty match right after the previous match.
        if end > last_end || start == 0 {
            if expand {
                go_expand(&mut out, repl, src, &locs, names);
            } else {
                out.push_str(repl);
            }
        }
        last_end = end;
        let width = src
            .get(search..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        if search + width > end {
            search += width;
        } else if search + 1 > end {
            search += 1;
        } else {
            search = end;
        }
    }
    out.push_str(src.get(last_end..).unwrap_or_default());
    out
}

/// Go's `Regexp.expand`: `$$`, `$name`, `${name}`; a name of digits is a group number, so `$1x`
/// names the group `1x`.
fn go_expand(
    out: &mut String,
    template: &str,
    src: &str,
    locs: &::regex::CaptureLocations,
    names: &[Option<String>],
) {
    let group = |i: usize| locs.get(i).and_then(|(s, e)| src.get(s..e));
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('$') {
        out.push_str(before);
        rest = after;
        if let Some(tail) = rest.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        let Some((name, num, tail)) = extract_reference(rest) else {
            out.push('$');
            continue;
        };
        rest = tail;
        if let Some(n) = num {
            if let Some(g) = group(n) {
                out.push_str(g);
            }
        } else if let Some(g) = names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.as_deref() == Some(name))
            .find_map(|(i, _)| group(i))
        {
            out.push_str(g);
        }
    }
    out.push_str(rest);
}

/// Go's `extract`: the name after a `$`, its group number if it is one, and the rest.
fn extract_reference(s: &str) -> Option<(&str, Option<usize>, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let end = body
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || c.is_numeric() || c == '_'))
        .map_or(body.len(), |(i, _)| i);
    if end == 0 {
        return None;
    }
    let (name, mut tail) = body.split_at(end);
    if braced {
        tail = tail.strip_prefix('}')?;
    }
    let mut num: Option<usize> = Some(0);
    for b in name.bytes() {
        num = match num {
            Some(n) if b.is_ascii_digit() && n < 100_000_000 => {
                Some(n * 10 + usize::from(b - b'0'))
            }
            _ => None,
        };
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, tail))
}

// ---- strings ----

/// `url.QueryEscape`.
fn url_query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// `cases.Title(language.AmericanEnglish, cases.NoLower).String`: the first cased letter of
/// each word goes to titlecase, everything else is kept.
///
/// Words break as golang.org/x/text/cases approximates Unicode word breaking: letters,
/// digits, marks, `_` and format characters continue a word; `'`, `.`, `:` and their
/// relatives (Word_Break MidLetter, MidNumLet, Single_Quote) continue it unless doubled;
/// anything else ends it. Scripts that Unicode does not break into letters this way
/// (ideographs, kana, Thai and similar) end words too. The Unicode tables are Rust's, not
/// those of golang.org/x/text.
fn title(s: &str) -> String {
    title_case(s, false)
}

/// Title-cases words as [`title`] describes; with `lower_rest` the other letters of each
/// word are lowercased, as `cases.Title` does without `cases.NoLower` (Alertmanager's
/// `title`).
pub(super) fn title_case(s: &str, lower_rest: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut mid_word = false;
    let mut prev_mid = false;
    for c in s.chars() {
        let mid = is_word_mid(c);
        if prev_mid && mid {
            mid_word = false;
        }
        if is_cased(c) {
            if mid_word {
                if lower_rest {
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            } else {
                push_title(&mut out, c);
                mid_word = true;
            }
        } else {
            out.push(c);
            if !mid && !is_word_letter(c) {
                mid_word = false;
            }
        }
        prev_mid = mid;
    }
    out
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase_letter(c)
}

/// General category Lt.
fn is_titlecase_letter(c: char) -> bool {
    matches!(
        u32::from(c),
        0x01C5
            | 0x01C8
            | 0x01CB
            | 0x01F2
            | 0x1F88..=0x1F8F
            | 0x1F98..=0x1F9F
            | 0x1FA8..=0x1FAF
            | 0x1FBC
            | 0x1FCC
            | 0x1FFC
    )
}

/// Word_Break MidLetter, MidNumLet and Single_Quote (all uncased).
fn is_word_mid(c: char) -> bool {
    matches!(
        c,
        '\'' | '.'
            | ':'
            | '\u{B7}'
            | '\u{387}'
            | '\u{55F}'
            | '\u{5F4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{2024}'
            | '\u{2027}'
            | '\u{FE13}'
            | '\u{FE52}'
            | '\u{FE55}'
            | '\u{FF07}'
            | '\u{FF0E}'
            | '\u{FF1A}'
    )
}

/// Word_Break ALetter, Hebrew_Letter, Numeric, ExtendNumLet, Extend, Format and ZWJ, roughly.
fn is_word_letter(c: char) -> bool {
    let v = u32::from(c);
    let other_script = matches!(
        v,
        0x0E00..=0x0EFF
            | 0x1000..=0x109F
            | 0x1780..=0x17FF
            | 0x3040..=0x30FF
            | 0x31F0..=0x31FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xF900..=0xFAFF
            | 0xFF66..=0xFF9F
            | 0x20000..=0x3FFFF
    );
    if c.is_alphanumeric() {
        return !other_script;
    }
    matches!(
        v,
        // ExtendNumLet
        0x5F | 0x202F | 0x203F | 0x2040 | 0x2054 | 0xFE33 | 0xFE34 | 0xFE4D..=0xFE4F | 0xFF3F
        // Extend (marks not already alphabetic), ZWNJ, ZWJ
        | 0x0300..=0x036F
            | 0x0483..=0x0489
            | 0x0591..=0x05BD
            | 0x064B..=0x065F
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x200C
            | 0x200D
            | 0x20D0..=0x20FF
            | 0xFE00..=0xFE0F
            | 0xFE20..=0xFE2F
            | 0x1F3FB..=0x1F3FF
            | 0xE0020..=0xE007F
            | 0xE0100..=0xE01EF
        // Format
        | 0xAD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x180E
            | 0x200E
            | 0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0xE0001
    )
}

/// The titlecase mapping (full, as golang.org/x/text applies it).
fn push_title(out: &mut String, c: char) {
    let special: Option<&str> = match c {
        'ß' => Some("Ss"),
        '\u{FB00}' => Some("Ff"),
        '\u{FB01}' => Some("Fi"),
        '\u{FB02}' => Some("Fl"),
        '\u{FB03}' => Some("Ffi"),
        '\u{FB04}' => Some("Ffl"),
        '\u{FB05}' | '\u{FB06}' => Some("St"),
        '\u{587}' => Some("\u{535}\u{582}"),
        '\u{FB13}' => Some("\u{544}\u{576}"),
        '\u{FB14}' => Some("\u{544}\u{565}"),
        '\u{FB15}' => Some("\u{544}\u{56B}"),
        '\u{FB16}' => Some("\u{54E}\u{576}"),
        '\u{FB17}' => Some("\u{544}\u{56D}"),
        '\u{1C4}'..='\u{1C6}' => Some("\u{1C5}"),
        '\u{1C7}'..='\u{1C9}' => Some("\u{1C8}"),
        '\u{1CA}'..='\u{1CC}' => Some("\u{1CB}"),
        '\u{1F1}'..='\u{1F3}' => Some("\u{1F2}"),
        '\u{1FB2}' => Some("\u{1FBA}\u{345}"),
        '\u{1FB4}' => Some("\u{386}\u{345}"),
        '\u{1FB7}' => Some("\u{391}\u{342}\u{345}"),
        '\u{1FC2}' => Some("\u{1FCA}\u{345}"),
        '\u{1FC4}' => Some("\u{389}\u{345}"),
        '\u{1FC7}' => Some("\u{397}\u{342}\u{345}"),
        '\u{1FF2}' => Some("\u{1FFA}\u{345}"),
        '\u{1FF4}' => Some("\u{38F}\u{345}"),
        '\u{1FF7}' => Some("\u{3A9}\u{342}\u{345}"),
        _ => None,
    };
    if let Some(s) = special {
        out.push_str(s);
        return;
    }
    let v = u32::from(c);
    // Titlecase letters, the ypogegrammeni letters (titlecase is the Lt form) and Georgian
    // Mkhedruli (titlecase is itself, uppercase is Mtavruli).
    if is_titlecase_letter(c) || (0x10D0..=0x10FA).contains(&v) || (0x10FD..=0x10FF).contains(&v) {
        out.push(c);
        return;
    }
    if matches!(v, 0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 | 0x1FB3 | 0x1FC3 | 0x1FF3) {
        out.push(gostr::simple_upper(c));
        return;
    }
    out.extend(c.to_uppercase());
}

// ---- hosts ----

/// `net.SplitHostPort`, reporting only success.
fn split_host_port(hostport: &str) -> Option<(&str, &str)> {
    let i = hostport.rfind(':')?;
    let (host, j, k) = if hostport.starts_with('[') {
        let end = hostport.find(']')?;
        if end + 1 != i {
            return None;
        }
        (hostport.get(1..end)?, 1, end + 1)
    } else {
        let host = hostport.get(..i)?;
        if host.contains(':') {
            return None;
        }
        (host, 0, 0)
    };
    if hostport.get(j..)?.contains('[') || hostport.get(k..)?.contains(']') {
        return None;
    }
    Some((host, hostport.get(i + 1..)?))
}

fn strip_port(hostport: &str) -> String {
    split_host_port(hostport)
        .map_or(hostport, |(host, _)| host)
        .to_string()
}

fn strip_domain(hostport: &str) -> String {
    let (host, port) = split_host_port(hostport).unwrap_or((hostport, ""));
    if parse_ip(host) {
        return hostport.to_string();
    }
    let host = host.split('.').next().unwrap_or_default();
    if port.is_empty() {
        host.to_string()
    } else if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Whether `net.ParseIP` accepts `s` (Go's `netip.ParseAddr` without a zone).
fn parse_ip(s: &str) -> bool {
    for b in s.bytes() {
        match b {
            b'.' => return parse_ipv4(s),
            b':' => return parse_ipv6(s),
            b'%' => return false,
            _ => {}
        }
    }
    false
}

/// Dotted-quad IPv4: four decimal fields up to 255, no leading zeros.
fn parse_ipv4(s: &str) -> bool {
    let fields: Vec<&str> = s.split('.').collect();
    fields.len() == 4
        && fields.iter().all(|f| {
            !f.is_empty()
                && f.len() <= 3
                && f.bytes().all(|b| b.is_ascii_digit())
                && !(f.len() > 1 && f.starts_with('0'))
                && f.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn parse_ipv6(s: &str) -> bool {
    if s.contains('%') {
        // A zone makes `net.ParseIP` fail.
        return false;
    }
    let mut s = s;
    let mut ellipsis: Option<usize> = None;
    if let Some(rest) = s.strip_prefix("::") {
        ellipsis = Some(0);
        s = rest;
        if s.is_empty() {
            return true;
        }
    }
    let mut i = 0; // bytes of the address filled
    while i < 16 {
        let off = s
            .bytes()
            .position(|b| !b.is_ascii_hexdigit())
            .unwrap_or(s.len());
        if off == 0 || off > 4 {
            return false;
        }
        if s.as_bytes().get(off) == Some(&b'.') {
            // Embedded IPv4 in the last two fields.
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 || !parse_ipv4(s) {
                return false;
            }
            s = "";
            i += 4;
            break;
        }
        i += 2;
        s = s.get(off..).unwrap_or_default();
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') || s.len() == 1 {
            return false;
        }
        s = s.get(1..).unwrap_or_default();
        if let Some(rest) = s.strip_prefix(':') {
            if ellipsis.is_some() {
                return false;
            }
            ellipsis = Some(i);
            s = rest;
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return false;
    }
    // Without `::` all 16 bytes must be given; with it, it must stand for at least one field.
    (i < 16) == ellipsis.is_some()
}

#[cfg(test)]
mod tests {
    use super::super::gotime::duration_string;
    use super::*;

    fn call(name: &str, args: &[Value]) -> Result<Value, String> {
        let f = functions()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| f)
            .unwrap_or_else(|| panic!("no function {name}"));
        f(args)
    }

    /// How Go's template output prints a function result.
    fn show(v: &Value) -> String {
        match v {
            Value::String(s) => s.to_string(),
            Value::Float(f) => format_float_g(*f),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Object(o) => o.display(),
            other => format!("{other:?}"),
        }
    }

    fn ok(name: &str, args: &[Value]) -> String {
        match call(name, args) {
            Ok(v) => show(&v),
            Err(e) => panic!("{name}: {e}"),
        }
    }

    fn err(name: &str, args: &[Value]) -> String {
        match call(name, args) {
            Ok(v) => panic!("{name}: want an error, got {}", show(&v)),
            Err(e) => e,
        }
    }

    /// `{{ range . }}{{ name . }}:{{ end }}` over the inputs.
    fn range(name: &str, inputs: &[Value]) -> String {
        inputs
            .iter()
            .map(|v| format!("{}:", ok(name, std::slice::from_ref(v))))
            .collect()
    }

    fn floats(v: &[f64]) -> Vec<Value> {
        v.iter().map(|&f| Value::Float(f)).collect()
    }

    fn ints(v: &[i64]) -> Vec<Value> {
        v.iter().map(|&i| Value::Int(i)).collect()
    }

    fn strs(v: &[&str]) -> Vec<Value> {
        v.iter().map(|&s| Value::str(s)).collect()
    }

    /// uint64 inputs reach the functions as float64 values.
    fn uints(v: &[u64]) -> Vec<Value> {
        v.iter().map(|&u| Value::Float(u as f64)).collect()
    }

    fn method(v: &Value, name: &str, args: &[Value]) -> Value {
        let Value::Object(o) = v else {
            panic!("not an object: {v:?}");
        };
        match o.call(name, args) {
            Some(Ok(v)) => v,
            Some(Err(e)) => panic!("{name}: {e}"),
            None => panic!("no method {name}"),
        }
    }

    fn field(v: &Value, name: &str) -> Value {
        let Value::Object(o) = v else {
            panic!("not an object: {v:?}");
        };
        o.field(name).unwrap_or_else(|| panic!("no field {name}"))
    }

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    fn sample_result() -> Value {
        query_result(vec![(
            vec![
                ("__name__".into(), "metric".into()),
                ("instance".into(), "a".into()),
            ],
            11.0,
        )])
    }

    // ---- template_test.go: query results ----

    #[test]
    fn first_value_label() {
        let one = query_result(vec![(vec![], 1.5)]);
        let first = call("first", &[one]).unwrap();
        assert_eq!(ok("value", &[first]), "1.5");

        let first = call("first", &[sample_result()]).unwrap();
        assert_eq!(ok("value", std::slice::from_ref(&first)), "11");
        assert_eq!(ok("label", &[s("instance"), first.clone()]), "a");
        // Missing label is empty when using label function.
        assert_eq!(ok("label", &[s("foo"), first.clone()]), "");
        // Missing label is empty when not using label function.
        let Value::Map(labels) = field(&first, "Labels") else {
            panic!("Labels is not a map");
        };
        assert!(!labels.entries.contains_key("foo"));
        assert_eq!(show(&labels.zero), "");
        assert_eq!(labels.type_name, "map[string]string");
        assert_eq!(first.type_name(), "*template.sample");
        assert_eq!(show(&first), "&{map[__name__:metric instance:a] 11}");
    }

    #[test]
    fn strvalue_reads_value_label() {
        let r = query_result(vec![(
            vec![
                ("__name__".into(), "metric".into()),
                ("__value__".into(), "a".into()),
            ],
            11.0,
        )]);
        let first = call("first", &[r]).unwrap();
        assert_eq!(ok("strvalue", &[first]), "a");
        let first = call("first", &[sample_result()]).unwrap();
        assert_eq!(ok("strvalue", &[first]), "");
    }

    #[test]
    fn first_of_empty_result() {
        assert_eq!(
            err("first", &[query_result::<f64>(vec![])]),
            "first() called on vector with no elements"
        );
        assert_eq!(
            err("first", &[Value::Nil]),
            "first() called on vector with no elements"
        );
        assert_eq!(
            err("first", &[Value::list(vec![])]),
            "wrong type for value; expected template.queryResult; got []interface {}"
        );
        assert_eq!(
            query_result::<f64>(vec![]).type_name(),
            "template.queryResult"
        );
    }

    #[test]
    fn sample_functions_on_nil_and_wrong_types() {
        assert_eq!(
            err("value", &[Value::Nil]),
            "runtime error: invalid memory address or nil pointer dereference"
        );
        assert_eq!(
            err("label", &[s("a"), Value::Missing]),
            "runtime error: invalid memory address or nil pointer dereference"
        );
        assert_eq!(
            err("value", &[Value::Int(1)]),
            "wrong type for value; expected *template.sample; got int"
        );
        assert_eq!(
            err("label", &[Value::Int(1), Value::Nil]),
            "wrong type for value; expected string; got int"
        );
        assert_eq!(
            err("value", &[]),
            "wrong number of args for value: want 1 got 0"
        );
    }

    #[test]
    fn sort_by_label_cases() {
        let r = query_result(vec![
            (
                vec![
                    ("__name__".into(), "metric".into()),
                    ("instance".into(), "b".into()),
                ],
                21.0,
            ),
            (
                vec![
                    ("__name__".into(), "metric".into()),
                    ("instance".into(), "a".into()),
                ],
                11.0,
            ),
        ]);
        let sorted = call("sortByLabel", &[s("instance"), r]).unwrap();
        assert_eq!(sorted.type_name(), "template.queryResult");
        let Value::List(l) = sorted else {
            panic!("not a list");
        };
        let out: String = l
            .items
            .iter()
            .map(|smpl| {
                let Value::Map(labels) = field(smpl, "Labels") else {
                    panic!("Labels is not a map");
                };
                format!(
                    "{}:{}: ",
                    show(&labels.entries["instance"]),
                    show(&field(smpl, "Value"))
                )
            })
            .collect();
        assert_eq!(out, "a:11: b:21: ");
    }

    #[test]
    fn sort_by_label_is_stable() {
        let r = query_result(vec![
            (vec![("x".into(), "1".into())], 1.0),
            (vec![("k".into(), "b".into())], 2.0),
            (vec![("x".into(), "2".into())], 3.0),
            (vec![("k".into(), "a".into())], 4.0),
        ]);
        let Value::List(l) = call("sortByLabel", &[s("k"), r]).unwrap() else {
            panic!("not a list");
        };
        let values: Vec<String> = l.items.iter().map(|v| show(&field(v, "Value"))).collect();
        assert_eq!(values, ["1", "3", "4", "2"]);
        let Value::List(l) = call("sortByLabel", &[s("k"), Value::Nil]).unwrap() else {
            panic!("not a list");
        };
        assert!(l.items.is_empty());
    }

    // ---- template_test.go: strings and links ----

    #[test]
    fn args_builds_a_map() {
        let m = call("args", &[Value::Int(1), s("2")]).unwrap();
        let Value::Map(m) = m else {
            panic!("not a map");
        };
        assert_eq!(m.type_name, "map[string]interface {}");
        assert_eq!(show(&m.entries["arg0"]), "1");
        assert_eq!(show(&m.entries["arg1"]), "2");
        assert_eq!(m.entries.len(), 2);
    }

    #[test]
    fn re_replace_all_cases() {
        assert_eq!(ok("reReplaceAll", &[s("(a)b"), s("x$1"), s("ab")]), "xa");
        // `$1x` names the group `1x`, which does not exist.
        assert_eq!(ok("reReplaceAll", &[s("(a)b"), s("$1x"), s("ab")]), "");
        assert_eq!(ok("reReplaceAll", &[s("(a)b"), s("${1}x"), s("ab")]), "ax");
        assert_eq!(ok("reReplaceAll", &[s("(a)b"), s("$$1"), s("ab")]), "$1");
        assert_eq!(ok("reReplaceAll", &[s("(a)b"), s("$"), s("ab")]), "$");
        assert_eq!(ok("reReplaceAll", &[s("(a)b"), s("${1"), s("ab")]), "${1");
        assert_eq!(
            ok(
                "reReplaceAll",
                &[
                    s("(?P<first>\\w+) (?P<second>\\w+)"),
                    s("$second $first"),
                    s("hello world")
                ]
            ),
            "world hello"
        );
        // Go's named groups may start with a digit.
        assert_eq!(
            ok("reReplaceAll", &[s("(?P<1x>a)b"), s("<$1x>"), s("ab")]),
            "<a>"
        );
        // Empty matches, as Go's ReplaceAllString handles them.
        assert_eq!(ok("reReplaceAll", &[s("a*"), s("x"), s("baaac")]), "xbxcx");
        assert_eq!(
            ok("reReplaceAll", &[s(""), s("-"), s("héllo")]),
            "-h-é-l-l-o-"
        );
        assert_eq!(ok("reReplaceAll", &[s("x*"), s("-"), s("")]), "-");
        // Unanchored.
        assert_eq!(
            ok("reReplaceAll", &[s("o"), s("0"), s("foo boo")]),
            "f00 b00"
        );
        assert_eq!(
            ok("reReplaceAll", &[s("^(.*):\\d+$"), s("$1"), s("host:9090")]),
            "host"
        );
    }

    #[test]
    fn re_replace_all_invalid_pattern() {
        assert_eq!(
            err("reReplaceAll", &[s("("), s("x"), s("ab")]),
            "regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            err("reReplaceAll", &[s("`("), s("x"), s("ab")]),
            "regexp: Compile(\"`(\"): error parsing regexp: missing closing ): `` `( ``"
                .replace("`` `( ``", "``(`")
        );
    }

    #[test]
    fn match_fn_cases() {
        assert_eq!(ok("match", &[s("a+"), s("aa")]), "true");
        assert_eq!(ok("match", &[s("a+"), s("b")]), "false");
        // Unanchored search.
        assert_eq!(ok("match", &[s("a+"), s("bab")]), "true");
        assert_eq!(
            err("match", &[s("a("), s("b")]),
            "error parsing regexp: missing closing ): `a(`"
        );
    }

    #[test]
    fn title_upper_lower() {
        assert_eq!(ok("title", &[s("aa bb CC")]), "Aa Bb CC");
        assert_eq!(ok("toUpper", &[s("aa bb CC")]), "AA BB CC");
        assert_eq!(ok("toLower", &[s("aA bB CC")]), "aa bb cc");
    }

    #[test]
    fn title_word_breaks() {
        assert_eq!(title("it's"), "It's");
        assert_eq!(title("hello-world foo_bar"), "Hello-World Foo_bar");
        assert_eq!(title("foo.bar a..b"), "Foo.bar A..B");
        assert_eq!(title("x:y a,b"), "X:y A,B");
        assert_eq!(title("1st 2nd a1b"), "1St 2Nd A1b");
        assert_eq!(title("  mIXed\tcase\nlines"), "  MIXed\tCase\nLines");
        assert_eq!(title("ßa ǆb ﬁx"), "Ssa ǅb Fix");
        assert_eq!(title("élan über"), "Élan Über");
        assert_eq!(title(""), "");
    }

    #[test]
    fn upper_lower_are_simple_mappings() {
        assert_eq!(gostr::to_upper("straße ﬁ"), "STRAßE ﬁ");
        assert_eq!(gostr::to_upper("ᾳ"), "ᾼ");
        assert_eq!(gostr::to_lower("İ"), "i");
        assert_eq!(gostr::to_lower("ÀÉ"), "àé");
        assert_eq!(
            err("toUpper", &[Value::Int(1)]),
            "wrong type for value; expected string; got int"
        );
        assert_eq!(
            err("toUpper", &[Value::Nil]),
            "invalid value; expected string"
        );
    }

    #[test]
    fn links_and_escaping() {
        assert_eq!(ok("graphLink", &[s("up")]), "/graph?g0.expr=up&g0.tab=0");
        assert_eq!(ok("tableLink", &[s("up")]), "/graph?g0.expr=up&g0.tab=1");
        assert_eq!(
            ok("graphLink", &[s("rate(x{a=\"b c\"}[5m])")]),
            "/graph?g0.expr=rate%28x%7Ba%3D%22b+c%22%7D%5B5m%5D%29&g0.tab=0"
        );
        assert_eq!(
            ok("urlQueryEscape", &[s("a b&c=d/é~-_.")]),
            "a+b%26c%3Dd%2F%C3%A9~-_."
        );
        assert_eq!(ok("safeHtml", &[s("<b>")]), "<b>");
    }

    #[test]
    fn strip_port_cases() {
        for (input, want) in [
            ("foo.example.com", "foo.example.com"),
            ("foo.example.com:12345", "foo.example.com"),
            ("192.0.2.1", "192.0.2.1"),
            ("192.0.2.1:12345", "192.0.2.1"),
            ("2001:0DB8::1", "2001:0DB8::1"),
            ("[2001:0DB8::1]:12345", "2001:0DB8::1"),
            ("[2001:0DB8::1]::12345", "[2001:0DB8::1]::12345"),
            ("", ""),
            (":80", ""),
            ("[::1]", "[::1]"),
        ] {
            assert_eq!(ok("stripPort", &[s(input)]), want, "{input}");
        }
    }

    #[test]
    fn strip_domain_cases() {
        for (input, want) in [
            ("foo.example.com", "foo"),
            ("foo.example.com:12345", "foo:12345"),
            ("192.0.2.1", "192.0.2.1"),
            ("192.0.2.1:12345", "192.0.2.1:12345"),
            ("2001:0DB8::1", "2001:0DB8::1"),
            ("[2001:0DB8::1]:12345", "[2001:0DB8::1]:12345"),
            ("[2001:0DB8::1]::12345", "[2001:0DB8::1]::12345"),
            // Not IP addresses: a leading zero, too few fields.
            ("192.0.2.01", "192"),
            ("10.0.0:80", "10:80"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("", ""),
        ] {
            assert_eq!(ok("stripDomain", &[s(input)]), want, "{input}");
        }
    }

    #[test]
    fn ip_parsing() {
        for good in [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "::1.2.3.4",
            "0.0.0.0",
        ] {
            assert!(parse_ip(good), "{good}");
        }
        for bad in [
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::8",
            "1::2::3",
            ":1",
            "1:",
            "12345::",
            "1.2.3",
            "1.2.3.256",
            "fe80::1%eth0",
            "host",
            "::1.2.3",
        ] {
            assert!(!parse_ip(bad), "{bad}");
        }
    }

    // ---- template_test.go: humanize family ----

    #[test]
    fn humanize_cases() {
        assert_eq!(
            range("humanize", &floats(&[0.0, 1.0, 1234567.0, 0.12])),
            "0:1:1.235M:120m:"
        );
        assert_eq!(
            range("humanize", &strs(&["0.0", "1.0", "1234567.0", ".12"])),
            "0:1:1.235M:120m:"
        );
        assert_eq!(
            err("humanize", &[s("one")]),
            "strconv.ParseFloat: parsing \"one\": invalid syntax"
        );
        assert_eq!(
            range("humanize", &ints(&[0, -1, 1, 1234567, i64::MAX])),
            "0:-1:1:1.235M:9.223E:"
        );
        assert_eq!(
            range("humanize", &uints(&[0, 1, 1234567, u64::MAX])),
            "0:1:1.235M:18.45E:"
        );
    }

    #[test]
    fn humanize1024_cases() {
        assert_eq!(
            range("humanize1024", &floats(&[0.0, 1.0, 1048576.0, 0.12])),
            "0:1:1Mi:0.12:"
        );
        assert_eq!(
            range("humanize1024", &strs(&["0.0", "1.0", "1048576.0", ".12"])),
            "0:1:1Mi:0.12:"
        );
        assert_eq!(
            err("humanize1024", &[s("one")]),
            "strconv.ParseFloat: parsing \"one\": invalid syntax"
        );
        assert_eq!(
            range("humanize1024", &ints(&[0, -1, 1, 1234567, i64::MAX])),
            "0:-1:1:1.177Mi:8Ei:"
        );
        assert_eq!(
            range("humanize1024", &uints(&[0, 1, 1234567, u64::MAX])),
            "0:1:1.177Mi:16Ei:"
        );
    }

    #[test]
    fn humanize_duration_cases() {
        let secs = -(86400.0 * 2.0 + 3600.0 * 3.0 + 60.0 * 4.0 + 5.0);
        assert_eq!(
            range(
                "humanizeDuration",
                &floats(&[
                    0.0,
                    1.0,
                    60.0,
                    3600.0,
                    86400.0,
                    86400.0 + 3600.0,
                    secs,
                    899.99
                ])
            ),
            "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:"
        );
        assert_eq!(
            range(
                "humanizeDuration",
                &strs(&["0", "1", "60", "3600", "86400"])
            ),
            "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:"
        );
        assert_eq!(
            range(
                "humanizeDuration",
                &floats(&[0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345])
            ),
            "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:"
        );
        assert_eq!(
            range(
                "humanizeDuration",
                &strs(&[".1", ".0001", ".12345", "60.1", "60.5", "1.2345", "12.345"])
            ),
            "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:"
        );
        assert_eq!(
            err("humanizeDuration", &[s("one")]),
            "strconv.ParseFloat: parsing \"one\": invalid syntax"
        );
        assert_eq!(
            range("humanizeDuration", &ints(&[0, -1, 1, 1234567])),
            "0s:-1s:1s:14d 6h 56m 7s:"
        );
        assert_eq!(
            range("humanizeDuration", &uints(&[0, 1, 1234567])),
            "0s:1s:14d 6h 56m 7s:"
        );
    }

    #[test]
    fn humanize_inf_and_nan() {
        let all = |inputs: Vec<Value>| -> String {
            inputs
                .iter()
                .map(|v| {
                    let one = std::slice::from_ref(v);
                    format!(
                        "{}:{}:{}:{}:",
                        ok("humanize", one),
                        ok("humanize1024", one),
                        ok("humanizeDuration", one),
                        ok("humanizeTimestamp", one)
                    )
                })
                .collect()
        };
        let want = "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:";
        assert_eq!(
            all(floats(&[f64::INFINITY, f64::NEG_INFINITY, f64::NAN])),
            want
        );
        assert_eq!(all(strs(&["+Inf", "-Inf", "NaN"])), want);
    }

    #[test]
    fn humanize_percentage_cases() {
        let out: Vec<String> = floats(&[-0.22222, 0.0, 0.1234567, 1.23456])
            .iter()
            .map(|v| ok("humanizePercentage", std::slice::from_ref(v)))
            .collect();
        assert_eq!(out.join(":"), "-22.22%:0%:12.35%:123.5%");
        assert_eq!(
            range("humanizePercentage", &ints(&[0, -1, 1, 1234567, i64::MAX])),
            "0%:-100%:100%:1.235e+08%:9.223e+20%:"
        );
        assert_eq!(
            range("humanizePercentage", &uints(&[0, 1, 1234567, u64::MAX])),
            "0%:100%:1.235e+08%:1.845e+21%:"
        );
        let out: Vec<String> = strs(&["-0.22222", "0.0", "0.1234567", "1.23456"])
            .iter()
            .map(|v| ok("humanizePercentage", std::slice::from_ref(v)))
            .collect();
        assert_eq!(out.join(":"), "-22.22%:0%:12.35%:123.5%");
        assert_eq!(
            err("humanizePercentage", &[s("one")]),
            "strconv.ParseFloat: parsing \"one\": invalid syntax"
        );
    }

    #[test]
    fn humanize_timestamp_cases() {
        assert_eq!(
            range("humanizeTimestamp", &ints(&[0, -1, 1, 1234567, 9223372036])),
            "1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:"
        );
        assert_eq!(
            range("humanizeTimestamp", &uints(&[0, 1, 1234567, 9223372036])),
            "1970-01-01 00:00:00 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:"
        );
        assert_eq!(
            err("humanizeTimestamp", &[Value::Int(i64::MIN)]),
            "-9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64"
        );
        assert_eq!(
            err("humanizeTimestamp", &[Value::Int(i64::MAX)]),
            "9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64"
        );
        assert_eq!(
            err("humanizeTimestamp", &uints(&[u64::MAX])),
            "1.8446744073709552e+19 cannot be represented as a nanoseconds timestamp since it overflows int64"
        );
        assert_eq!(
            ok("humanizeTimestamp", &[Value::Float(1435065584.128)]),
            "2015-06-23 13:19:44.128 +0000 UTC"
        );
        assert_eq!(
            ok("humanizeTimestamp", &[s("1435065584.128")]),
            "2015-06-23 13:19:44.128 +0000 UTC"
        );
    }

    #[test]
    fn convert_to_float_errors() {
        assert_eq!(
            err("humanize", &[Value::Bool(true)]),
            "can't convert bool to float"
        );
        assert_eq!(
            err("humanize", &[Value::Nil]),
            "can't convert <nil> to float"
        );
        assert_eq!(
            err("humanize", &[Value::Missing]),
            "can't convert <nil> to float"
        );
        assert_eq!(
            err("humanize", &[Value::list(vec![])]),
            "can't convert []interface {} to float"
        );
        assert_eq!(
            err("humanize", &[s("1e400")]),
            "strconv.ParseFloat: parsing \"1e400\": value out of range"
        );
        // toDuration returns a pointer, which ConvertToFloat does not take.
        let d = call("toDuration", &[Value::Int(5)]).unwrap();
        assert_eq!(
            err("humanizeDuration", &[d]),
            "can't convert *time.Duration to float"
        );
        // A time.Duration (not a pointer) converts to seconds.
        let t = call("toTime", &[Value::Int(10)]).unwrap();
        let d = method(&t, "Sub", &[call("toTime", &[Value::Int(4)]).unwrap()]);
        assert_eq!(d.type_name(), "time.Duration");
        assert_eq!(ok("humanizeDuration", &[d]), "6s");
        assert_eq!(
            err("humanize", &[]),
            "wrong number of args for humanize: want 1 got 0"
        );
    }

    // ---- template_test.go: times and durations ----

    #[test]
    fn to_time_cases() {
        let t = call("toTime", &[Value::Float(1435065584.128)]).unwrap();
        assert_eq!(t.type_name(), "*time.Time");
        assert_eq!(show(&method(&t, "Format", &[s("2006")])), "2015");
        let t = call("toTime", &[s("1435065584.128")]).unwrap();
        assert_eq!(show(&method(&t, "Format", &[s("2006")])), "2015");
        assert_eq!(show(&t), "2015-06-23 13:19:44.128 +0000 UTC");
        assert_eq!(
            err("toTime", &[Value::Float(f64::NAN)]),
            "value is NaN or Inf"
        );
        assert_eq!(err("toTime", &[s("+Inf")]), "value is NaN or Inf");
    }

    #[test]
    fn to_duration_cases() {
        let d = call("toDuration", &[Value::Int(1800)]).unwrap();
        assert_eq!(d.type_name(), "*time.Duration");
        assert_eq!(show(&field(&d, "String")), "30m0s");
        let d = call("toDuration", &[s("1800")]).unwrap();
        assert_eq!(show(&method(&d, "String", &[])), "30m0s");
        assert_eq!(show(&d), "30m0s");
        assert_eq!(show(&field(&d, "Seconds")), "1800");
        assert_eq!(show(&field(&d, "Minutes")), "30");
        assert_eq!(show(&field(&d, "Hours")), "0.5");
        assert_eq!(show(&field(&d, "Milliseconds")), "1800000");
    }

    #[test]
    fn now_to_time_format_add() {
        // `now` in Prometheus's tests: model.Time(1353755652000) as seconds.
        let now = Value::Float(1353755652000.0 / 1000.0);
        let t = call("toTime", &[now]).unwrap();
        assert_eq!(
            show(&method(&t, "Format", &[s("Mon Jan 2 15:04:05 2006")])),
            "Sat Nov 24 11:14:12 2012"
        );
        // ("-30m" | parseDuration | toDuration | (now | toTime).Add).UnixMilli
        let secs = call("parseDuration", &[s("-30m")]).unwrap();
        let d = call("toDuration", &[secs]).unwrap();
        let later = method(&t, "Add", &[d]);
        assert_eq!(later.type_name(), "time.Time");
        assert_eq!(show(&field(&later, "UnixMilli")), "1353753852000");
        assert_eq!(show(&method(&later, "UnixMilli", &[])), "1353753852000");
    }

    #[test]
    fn float_to_time_cases() {
        let t = float_to_time(1657155181.0).unwrap();
        assert_eq!(t, GoTime::from_unix(1657155181, 0));
        assert_eq!(t.to_string(), "2022-07-07 00:53:01 +0000 UTC");
        assert!(float_to_time(1.797_693_134_862_315_7e300).is_err());
        assert!(float_to_time(-1.797_693_134_862_315_7e300).is_err());
        // Truncated to milliseconds, as model.TimeFromUnixNano does.
        assert_eq!(
            float_to_time(1.0000019).unwrap().to_string(),
            "1970-01-01 00:00:01 +0000 UTC"
        );
        assert_eq!(
            float_to_time(-0.0015).unwrap().to_string(),
            "1969-12-31 23:59:59.999 +0000 UTC"
        );
    }

    #[test]
    fn parse_duration_cases() {
        let v = call("parseDuration", &[s("1h2m10ms")]).unwrap();
        assert_eq!(format!("{:.2}", as_f64(&v)), "3720.01");
        let v = call("parseDuration", &[s("-1h2m10ms")]).unwrap();
        assert_eq!(format!("{:.2}", as_f64(&v)), "-3720.01");
        assert_eq!(ok("parseDuration", &[s("0")]), "0");
        assert_eq!(ok("parseDuration", &[s("1y")]), "3.1536e+07");
        assert_eq!(err("parseDuration", &[s("")]), "empty duration string");
        assert_eq!(err("parseDuration", &[s("-")]), "empty duration string");
        assert_eq!(
            err("parseDuration", &[s("1.5h")]),
            "unknown unit \".\" in duration \"1.5h\""
        );
        assert_eq!(
            err("parseDuration", &[s("3x")]),
            "unknown unit \"x\" in duration \"3x\""
        );
        assert_eq!(err("parseDuration", &[s("300y")]), "duration out of range");
    }

    fn as_f64(v: &Value) -> f64 {
        match v {
            Value::Float(f) => *f,
            other => panic!("not a float: {other:?}"),
        }
    }

    // ---- Go formatting details ----

    #[test]
    fn percent_g_precision_4() {
        for (v, want) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (12.0, "12"),
            (1000.0, "1000"),
            (9999.0, "9999"),
            (9999.5, "1e+04"),
            (10000.0, "1e+04"),
            (1234567.0, "1.235e+06"),
            (123.45, "123.5"),
            (0.12, "0.12"),
            (0.0001, "0.0001"),
            (0.00001234, "1.234e-05"),
            (1.0625, "1.062"),
            (1e100, "1e+100"),
            (-5e-324, "-4.941e-324"),
            (f64::MAX, "1.798e+308"),
        ] {
            assert_eq!(fmt_g(v, 4), want, "{v}");
        }
    }

    #[test]
    fn humanize_extremes() {
        assert_eq!(humanize(1e30), "1e+06Y");
        assert_eq!(humanize(1e-30), "1e-06y");
        assert_eq!(humanize(-1500.0), "-1.5k");
        assert_eq!(humanize(f64::MIN_POSITIVE / 2.0), "1.113e-284y");
        assert_eq!(humanize1024(-2048.0), "-2ki");
        assert_eq!(humanize1024(1e40), "8.272e+15Yi");
        // int64(v) overflows as on amd64.
        assert_eq!(humanize_duration(1e19), "-106751991167300d -15h -30m -8s");
        assert_eq!(humanize_duration(-0.5), "-500ms");
        assert_eq!(humanize_duration(1e-30), "1e-06ys");
    }

    #[test]
    fn function_names() {
        let names: Vec<&str> = functions().iter().map(|(n, _)| *n).collect();
        assert_eq!(names.len(), 25);
        for missing in ["query", "now", "pathPrefix", "externalURL", "tmpl"] {
            assert!(!names.contains(&missing));
        }
    }

    #[test]
    fn no_panics_on_odd_inputs() {
        let odd = [
            Value::Missing,
            Value::Nil,
            Value::Bool(false),
            Value::Int(i64::MIN),
            Value::Int(i64::MAX),
            Value::Float(f64::NAN),
            Value::Float(f64::INFINITY),
            Value::Float(-1e308),
            Value::Float(5e-324),
            s(""),
            s("[::"),
            s("\u{0}é`$"),
            Value::list(vec![]),
            Value::string_map([("a", "b")]),
            query_result::<f64>(vec![]),
            sample_result(),
        ];
        for (name, f) in functions() {
            let _ = f(&[]);
            for a in &odd {
                let _ = f(std::slice::from_ref(a));
                for b in &odd {
                    let _ = f(&[a.clone(), b.clone()]);
                    let _ = f(&[a.clone(), b.clone(), s("x")]);
                }
            }
            let _ = name;
        }
    }

    #[test]
    fn duration_strings() {
        for (d, want) in [
            (0, "0s"),
            (1, "1ns"),
            (1_100, "1.1µs"),
            (2_200_000, "2.2ms"),
            (1_000_000, "1ms"),
            (1_500_000_000, "1.5s"),
            (-1_500_000_000, "-1.5s"),
            (3_723_500_000_000, "1h2m3.5s"),
            (60_000_000_000, "1m0s"),
            (i64::MAX, "2562047h47m16.854775807s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
        ] {
            assert_eq!(duration_string(d), want, "{d}");
        }
        let d = call("toDuration", &[Value::Float(f64::NAN)]).unwrap();
        assert_eq!(show(&d), "-2562047h47m16.854775808s");
    }

    #[test]
    fn time_formats() {
        let t = GoTime::from_unix(1435065584, 128_000_000);
        for (layout, want) in [
            ("2006-01-02T15:04:05Z07:00", "2015-06-23T13:19:44Z"),
            (
                "2006-01-02T15:04:05.000000-0700",
                "2015-06-23T13:19:44.128000+0000",
            ),
            ("Jan _2 3:4:5 PM MST", "Jun 23 1:19:44 PM UTC"),
            ("Monday January 06 002 __2 pm", "Tuesday June 15 174 174 pm"),
            ("15:04:05,999", "13:19:44,128"),
            ("15:04:05.9", "13:19:44.1"),
            // `.0` followed by a digit is no fraction: `01` is the month, `2` the day, `3` the hour.
            ("05.99x .0123", "44.12x .06231"),
            ("Janet Mond", "Janet Mond"),
            (
                "-07 -07:00 -07:00:00 -070000",
                "+00 +00:00 +00:00:00 +000000",
            ),
            ("_2006", "_2015"),
        ] {
            assert_eq!(t.format(layout), want, "{layout}");
        }
        let t = GoTime::from_unix(-62_135_596_800, 0);
        assert_eq!(t.to_string(), "0001-01-01 00:00:00 +0000 UTC");
        let Value::Bool(zero) = t.field("IsZero").unwrap() else {
            panic!("IsZero is not a bool");
        };
        assert!(zero);
        assert_eq!(
            GoTime::from_unix(-62_135_596_801, 0).to_string(),
            "0000-12-31 23:59:59 +0000 UTC"
        );
        assert_eq!(
            GoTime::from_unix(-62_198_755_200, 0).format("2006 06 01-02"),
            "-0001 01 01-01"
        );
        assert_eq!(
            GoTime::from_unix(951_782_400, 0).format("2006-01-02 Mon 002"),
            "2000-02-29 Tue 060"
        );
    }

    #[test]
    fn time_methods() {
        let t = call("toTime", &[Value::Float(1435065584.128)]).unwrap();
        assert_eq!(show(&field(&t, "Unix")), "1435065584");
        assert_eq!(show(&field(&t, "UnixNano")), "1435065584128000000");
        assert_eq!(show(&field(&t, "Year")), "2015");
        assert_eq!(show(&field(&t, "Month")), "June");
        assert_eq!(show(&field(&t, "Weekday")), "Tuesday");
        assert_eq!(show(&field(&t, "YearDay")), "174");
        assert_eq!(show(&field(&t, "Nanosecond")), "128000000");
        let u = call("toTime", &[Value::Int(1435065584)]).unwrap();
        assert_eq!(show(&method(&t, "After", std::slice::from_ref(&u))), "true");
        assert_eq!(show(&method(&t, "Sub", std::slice::from_ref(&u))), "128ms");
        assert_eq!(
            show(&method(&t, "Add", &[Value::Int(-128_000_000)])),
            show(&u)
        );
        let Value::Object(o) = &t else {
            panic!("not an object");
        };
        assert_eq!(
            o.call("Format", &[]).and_then(Result::err).unwrap(),
            "wrong number of args for Format: want 1 got 0"
        );
        assert_eq!(
            o.call("Add", &[Value::Float(1.0)])
                .and_then(Result::err)
                .unwrap(),
            "wrong type for value; expected time.Duration; got float64"
        );
        assert_eq!(
            o.call("Unix", &[Value::Int(1)])
                .and_then(Result::err)
                .unwrap(),
            "wrong number of args for Unix: want 0 got 1"
        );
        assert!(o.call("Nope", &[]).is_none());
        assert!(o.field("Format").is_none());
    }
}
