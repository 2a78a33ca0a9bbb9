//! PromQL function implementations with the semantics of Prometheus 3.14's
//! `promql/functions.go`: one evaluation step of one call at a time.
//!
//! Instant-vector functions get every evaluated argument (scalars as one-sample vectors) and
//! return samples carrying the input metric. Range-vector functions get one input series with
//! the points of the current window and return at most one sample whose metric the caller
//! ignores. `label_replace`, `label_join`, `info`, `absent_over_time`'s post-processing and the
//! `timestamp`-over-selector case are driven by the evaluator; this module provides their
//! per-series helpers.

use std::collections::HashMap;
use std::sync::Arc;

use super::annotations::{self as ann, Annotation, Annotations, HistogramOperation};
use super::quantile::{self, Bucket};
use super::value::{FPoint, HPoint, Sample, Series, Vector};
use super::EvalError;
use crate::diag::Span;
use crate::model::histogram::{
    self as hist, Combined, CounterResetHint, FloatHistogram, HistogramError,
};
use crate::model::labels::{Labels, METRIC_NAME};
use crate::model::matcher::{MatchOp, Matcher};
use crate::regex::PromRegex;

/// What the evaluator knows about one argument expression of a call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArgInfo {
    /// The argument's position (for annotations).
    pub span: Span,
    /// The value, when the argument is a string literal.
    pub string: Option<String>,
    /// For a range-vector argument (matrix selector or subquery): its range and offset in
    /// milliseconds and its `anchored`/`smoothed` modifiers.
    pub range_ms: i64,
    pub offset_ms: i64,
    pub anchored: bool,
    pub smoothed: bool,
}

/// The evaluated arguments of one call at one step.
#[derive(Clone, Copy, Debug)]
pub struct FnArgs<'a> {
    /// Evaluated arguments other than the range vector, in order; a scalar argument is a
    /// one-sample vector, a string argument an empty vector.
    pub vectors: &'a [Vector],
    /// For functions over a range vector: the one input series with the points inside the
    /// window of this step.
    pub matrix: Option<SeriesView<'a>>,
    /// Every argument, in call order (including the range one).
    pub args: &'a [ArgInfo],
    /// The whole call.
    pub call_span: Span,
}

/// A borrowed series window: the points of one input series inside the current step's range.
/// The evaluator lends slices of the stored series, so no points are copied per step.
#[derive(Clone, Copy, Debug)]
pub struct SeriesView<'a> {
    pub metric: &'a Labels,
    pub floats: &'a [FPoint],
    pub histograms: &'a [HPoint],
    pub drop_name: bool,
    /// Where float values drop (counter resets), when the evaluator knows them: positions in
    /// the input series, each the index of the lower point, and the input position of
    /// `floats[0]`. Lets rate() and increase() skip scanning windows without resets.
    pub float_drops: Option<(&'a [usize], usize)>,
}

impl<'a> From<&'a Series> for SeriesView<'a> {
    fn from(s: &'a Series) -> Self {
        SeriesView {
            metric: &s.metric,
            floats: &s.floats,
            histograms: &s.histograms,
            drop_name: s.drop_name,
            float_drops: None,
        }
    }
}

/// One step's window of a range function over plain floats: no histograms, no start
/// timestamps, no `anchored`/`smoothed` modifier.
#[derive(Clone, Copy, Debug)]
pub struct FloatWindow<'a> {
    /// The window's points (not empty).
    pub points: &'a [FPoint],
    /// The evaluation time (ms).
    pub ts: i64,
    /// The range argument's range and offset (ms).
    pub range_ms: i64,
    pub offset_ms: i64,
    /// As [`SeriesView::float_drops`].
    pub drops: Option<(&'a [usize], usize)>,
    /// This step's scalar arguments, in call order.
    pub scalars: &'a [f64],
}

impl<'a> FloatWindow<'a> {
    /// The window of a general call's range argument (`info`).
    fn of(s: SeriesView<'a>, enh: &EvalNodeHelper, info: &ArgInfo, scalars: &'a [f64]) -> Self {
        FloatWindow {
            points: s.floats,
            ts: enh.ts,
            range_ms: info.range_ms,
            offset_ms: info.offset_ms,
            drops: s.float_drops,
            scalars,
        }
    }
}

/// A range function's value over a [`FloatWindow`] (`None`: no sample at this step). Such a
/// window needs no annotations, so the evaluator calls this directly at every step instead of
/// going through [`FnImpl`], which is what makes e.g. `rate` over many series cheap.
pub type FloatRangeFn = fn(&FloatWindow) -> Option<f64>;

/// The float fast path of a range function, for those whose float-only case neither fails nor
/// annotates. The same functions serve the general path, so both give the same answers.
pub fn resolve_float(name: &str) -> Option<FloatRangeFn> {
    let f: FloatRangeFn = match name {
        "rate" => |w| float_rate(w, true, true),
        "increase" => |w| float_rate(w, true, false),
        "delta" => |w| float_rate(w, false, false),
        "irate" => |w| float_instant_value(w.points, true),
        "idelta" => |w| float_instant_value(w.points, false),
        "resets" => |w| Some(count_pairs(w.points, |p, c| c < p)),
        "changes" => |w| Some(count_pairs(w.points, float_changed)),
        "deriv" => |w| float_deriv(w.points),
        "predict_linear" => |w| float_predict_linear(w.points, w.ts, *w.scalars.first()?),
        "avg_over_time" => |w| float_avg(w.points),
        "sum_over_time" => |w| float_sum(w.points),
        "count_over_time" => |w| Some(w.points.len() as f64),
        "present_over_time" | "absent_over_time" => |_| Some(1.0),
        "first_over_time" => |w| w.points.first().map(|p| p.f),
        "last_over_time" => |w| w.points.last().map(|p| p.f),
        "max_over_time" => |w| float_best(w.points, max_replaces, false),
        "min_over_time" => |w| float_best(w.points, min_replaces, false),
        "ts_of_max_over_time" => |w| float_best(w.points, ts_max_replaces, true),
        "ts_of_min_over_time" => |w| float_best(w.points, ts_min_replaces, true),
        "mad_over_time" => |w| float_mad(w.points),
        "stddev_over_time" => |w| float_variance(w.points).map(f64::sqrt),
        "stdvar_over_time" => |w| float_variance(w.points),
        _ => return None,
    };
    Some(f)
}

/// Per-node caches that survive across steps.
#[derive(Debug, Default)]
pub struct FnCache {
    /// `histogram_quantiles`: label values of quantiles, keyed by the float's bits.
    quantile_strs: HashMap<u64, String>,
}

/// State of one call node, reused across the steps of its evaluation.
#[derive(Debug, Default)]
pub struct EvalNodeHelper {
    /// Evaluation timestamp of this step (ms).
    pub ts: i64,
    /// Keep metric names on results and let the evaluator drop them at the end.
    pub delayed_name_removal: bool,
    pub cache: FnCache,
    /// Start timestamps (0 = unknown) of the current window's floats, index for index, for
    /// `rate`/`irate`/`increase`/`resets`; for `start_timestamp` over a selector, those of the
    /// input vector's samples. Empty when there are none (a subquery or other expression).
    pub float_sts: Vec<i64>,
    /// Start timestamps of the current window's histograms, like `float_sts`.
    pub histogram_sts: Vec<i64>,
    /// A result buffer passed back and forth between the evaluator and the functions, so a
    /// function called at every step of every series reuses one allocation.
    pub out: Vector,
}

impl EvalNodeHelper {
    pub fn new(delayed_name_removal: bool) -> EvalNodeHelper {
        EvalNodeHelper {
            ts: 0,
            delayed_name_removal,
            cache: FnCache::default(),
            float_sts: Vec::new(),
            out: Vec::new(),
            histogram_sts: Vec::new(),
        }
    }
}

pub type FnResult = Result<(Vector, Annotations), EvalError>;

/// Labels Prometheus treats as metric metadata and drops with the name.
const METADATA_LABELS: [&str; 3] = [METRIC_NAME, "__type__", "__unit__"];
const BUCKET_LABEL: &str = "le";

/// Functions whose argument list contains a range vector.
const RANGE_FUNCTIONS: &[&str] = &[
    "absent_over_time",
    "avg_over_time",
    "changes",
    "count_over_time",
    "delta",
    "deriv",
    "double_exponential_smoothing",
    "first_over_time",
    "idelta",
    "increase",
    "irate",
    "last_over_time",
    "mad_over_time",
    "max_over_time",
    "min_over_time",
    "predict_linear",
    "present_over_time",
    "quantile_over_time",
    "rate",
    "resets",
    "stddev_over_time",
    "stdvar_over_time",
    "sum_over_time",
    "ts_of_first_over_time",
    "ts_of_last_over_time",
    "ts_of_max_over_time",
    "ts_of_min_over_time",
];

/// Whether `name` takes a range vector (for the evaluator to know which argument it is).
pub fn takes_range_vector(name: &str) -> bool {
    RANGE_FUNCTIONS.contains(&name)
}

/// Evaluates function `name` for one step. Fails for names this module does not evaluate
/// (unknown names and the evaluator-driven ones) and where Prometheus's function fails.
/// A function implementation, resolved once per call node.
pub type FnImpl = fn(&FnArgs, &mut EvalNodeHelper) -> FnResult;

/// Calls the function `name` (see [`resolve`]).
pub fn call(name: &str, a: &FnArgs, enh: &mut EvalNodeHelper) -> FnResult {
    match resolve(name) {
        Some(f) => f(a, enh),
        None => Err(EvalError::new(format!(
            "function {} is not evaluated by functions::call",
            crate::gostr::quote(name)
        ))),
    }
}

/// The implementation of `name`, or `None` for functions the evaluator handles itself.
pub fn resolve(name: &str) -> Option<FnImpl> {
    let f: FnImpl = match name {
        // Instant-vector math.
        "abs" => |a, enh| simple(a, enh, f64::abs),
        "ceil" => |a, enh| simple(a, enh, f64::ceil),
        "floor" => |a, enh| simple(a, enh, f64::floor),
        "exp" => |a, enh| simple(a, enh, f64::exp),
        "sqrt" => |a, enh| simple(a, enh, f64::sqrt),
        "ln" => |a, enh| simple(a, enh, f64::ln),
        "log2" => |a, enh| simple(a, enh, go_log2),
        "log10" => |a, enh| simple(a, enh, go_log10),
        "sin" => |a, enh| simple(a, enh, f64::sin),
        "cos" => |a, enh| simple(a, enh, f64::cos),
        "tan" => |a, enh| simple(a, enh, f64::tan),
        "asin" => |a, enh| simple(a, enh, f64::asin),
        "acos" => |a, enh| simple(a, enh, f64::acos),
        "atan" => |a, enh| simple(a, enh, f64::atan),
        "sinh" => |a, enh| simple(a, enh, f64::sinh),
        "cosh" => |a, enh| simple(a, enh, f64::cosh),
        "tanh" => |a, enh| simple(a, enh, f64::tanh),
        "asinh" => |a, enh| simple(a, enh, f64::asinh),
        "acosh" => |a, enh| simple(a, enh, f64::acosh),
        "atanh" => |a, enh| simple(a, enh, f64::atanh),
        "rad" => |a, enh| simple(a, enh, |v| v * std::f64::consts::PI / 180.0),
        "deg" => |a, enh| simple(a, enh, |v| v * 180.0 / std::f64::consts::PI),
        "sgn" => |a, enh| simple(a, enh, sgn),
        "round" => |a, enh| func_round(a, enh),
        "clamp" => |a, enh| match (scalar(a, 1), scalar(a, 2)) {
            (Some(lo), Some(hi)) => clamp(a, enh, lo, hi),
            _ => ok(Vec::new()),
        },
        "clamp_max" => |a, enh| match scalar(a, 1) {
            Some(hi) => clamp(a, enh, f64::NEG_INFINITY, hi),
            None => ok(Vec::new()),
        },
        "clamp_min" => |a, enh| match scalar(a, 1) {
            Some(lo) => clamp(a, enh, lo, f64::INFINITY),
            None => ok(Vec::new()),
        },
        "pi" => |_a, _enh| ok(vec![Sample::scalar(std::f64::consts::PI)]),
        "time" => |_a, enh| ok(vec![Sample::scalar(enh.ts as f64 / 1000.0)]),
        "scalar" => |a, _enh| func_scalar(a),
        "vector" => |a, _enh| ok(scalar(a, 0).map(Sample::scalar).into_iter().collect()),
        "max_of" => |a, _enh| ok(two_scalars(a, go_max)),
        "min_of" => |a, _enh| ok(two_scalars(a, go_min)),
        "timestamp" => |a, enh| func_timestamp(a, enh),
        "start_timestamp" => |a, enh| func_start_timestamp(a, enh),
        "absent" => |a, _enh| func_absent(a),
        // Dates.
        "days_in_month" => |a, enh| date_fn(a, enh, |d| f64::from(days_in_month(d.year, d.month))),
        "day_of_month" => |a, enh| date_fn(a, enh, |d| f64::from(d.day)),
        "day_of_week" => |a, enh| date_fn(a, enh, |d| f64::from(d.weekday)),
        "day_of_year" => |a, enh| date_fn(a, enh, |d| f64::from(d.yday)),
        "hour" => |a, enh| date_fn(a, enh, |d| f64::from(d.hour)),
        "minute" => |a, enh| date_fn(a, enh, |d| f64::from(d.minute)),
        "month" => |a, enh| date_fn(a, enh, |d| f64::from(d.month)),
        "year" => |a, enh| date_fn(a, enh, |d| d.year as f64),
        // Sorting.
        "sort" => |a, _enh| func_sort(a, false),
        "sort_desc" => |a, _enh| func_sort(a, true),
        "sort_by_label" => |a, _enh| func_sort_by_label(a, false),
        "sort_by_label_desc" => |a, _enh| func_sort_by_label(a, true),
        // Histograms.
        "histogram_count" => |a, enh| simple_histogram(a, enh, |h| h.count),
        "histogram_sum" => |a, enh| simple_histogram(a, enh, |h| h.sum),
        "histogram_avg" => |a, enh| simple_histogram(a, enh, |h| h.sum / h.count),
        "histogram_stddev" => |a, enh| simple_histogram(a, enh, |h| histogram_variance(h).sqrt()),
        "histogram_stdvar" => |a, enh| simple_histogram(a, enh, histogram_variance),
        "histogram_quantile" => |a, enh| func_histogram_quantile(a, enh),
        "histogram_quantiles" => |a, enh| func_histogram_quantiles(a, enh),
        "histogram_fraction" => |a, enh| func_histogram_fraction(a, enh),
        // Range vectors.
        "rate" => |a, enh| extrapolated_rate(a, enh, true, true),
        "increase" => |a, enh| extrapolated_rate(a, enh, true, false),
        "delta" => |a, enh| extrapolated_rate(a, enh, false, false),
        "irate" => |a, enh| instant_value(a, enh, true),
        "idelta" => |a, enh| instant_value(a, enh, false),
        "resets" => |a, enh| func_resets(a, enh),
        "changes" => |a, enh| func_changes(a, enh),
        "deriv" => |a, _enh| func_deriv(a),
        "predict_linear" => |a, enh| func_predict_linear(a, enh),
        "double_exponential_smoothing" => |a, _enh| func_double_exponential_smoothing(a),
        "avg_over_time" => |a, _enh| func_avg_over_time(a),
        "sum_over_time" => |a, _enh| func_sum_over_time(a),
        "count_over_time" => {
            |a, _enh| over_time(a, |s| (s.floats.len() + s.histograms.len()) as f64)
        }
        "present_over_time" | "absent_over_time" => |a, _enh| over_time(a, |_| 1.0),
        "first_over_time" => |a, _enh| func_first_over_time(a),
        "last_over_time" => |a, _enh| func_last_over_time(a),
        "ts_of_first_over_time" => |a, _enh| func_ts_of_first_over_time(a),
        "ts_of_last_over_time" => |a, _enh| func_ts_of_last_over_time(a),
        "max_over_time" => |a, _enh| compare_over_time(a, max_replaces, false),
        "min_over_time" => |a, _enh| compare_over_time(a, min_replaces, false),
        "ts_of_max_over_time" => |a, _enh| compare_over_time(a, ts_max_replaces, true),
        "ts_of_min_over_time" => |a, _enh| compare_over_time(a, ts_min_replaces, true),
        "quantile_over_time" => |a, _enh| func_quantile_over_time(a),
        "mad_over_time" => |a, _enh| func_mad_over_time(a),
        "stddev_over_time" => |a, _enh| variance_over_time(a, true),
        "stdvar_over_time" => |a, _enh| variance_over_time(a, false),
        _ => return None,
    };
    Some(f)
}

// ---- small helpers ----

/// A one-sample scalar result in the reusable buffer (see [`EvalNodeHelper::out`]).
fn out_scalar(enh: &mut EvalNodeHelper, f: f64) -> Vector {
    let mut v = std::mem::take(&mut enh.out);
    v.clear();
    v.push(Sample::scalar(f));
    v
}

fn ok(v: Vector) -> FnResult {
    Ok((v, Annotations::new()))
}

fn with(v: Vector, annos: Annotations) -> FnResult {
    Ok((v, annos))
}

fn with_one(v: Vector, a: Annotation) -> FnResult {
    Ok((v, Annotations::from(a)))
}

/// The value of scalar argument `i` (a one-sample vector).
fn scalar(a: &FnArgs, i: usize) -> Option<f64> {
    a.vectors.get(i).and_then(|v| v.first()).map(|s| s.f)
}

fn two_scalars(a: &FnArgs, f: fn(f64, f64) -> f64) -> Vector {
    match (scalar(a, 0), scalar(a, 1)) {
        (Some(x), Some(y)) => vec![Sample::scalar(f(x, y))],
        _ => Vec::new(),
    }
}

fn arg_span(a: &FnArgs, i: usize) -> Span {
    a.args.get(i).map_or(a.call_span, |x| x.span)
}

/// From the first argument's start to the last one's end (Prometheus's
/// `Expressions.PositionRange`).
fn args_span(a: &FnArgs) -> Span {
    match (a.args.first(), a.args.last()) {
        (Some(f), Some(l)) => Span {
            start: f.span.start,
            end: l.span.end,
        },
        _ => a.call_span,
    }
}

fn metric_name(l: &Labels) -> &str {
    l.get(METRIC_NAME).unwrap_or("")
}

/// The metric of an instant-vector function result: without name and metadata labels
/// unless name removal is delayed.
fn result_metric(enh: &EvalNodeHelper, m: &Labels) -> Labels {
    if enh.delayed_name_removal {
        m.clone()
    } else {
        m.without(&METADATA_LABELS)
    }
}

fn out_sample(metric: Labels, t: i64, f: f64) -> Sample {
    Sample {
        metric,
        t,
        f,
        h: None,
        drop_name: true,
    }
}

fn hist_sample(h: FloatHistogram) -> Sample {
    Sample {
        metric: Labels::empty(),
        t: 0,
        f: 0.0,
        h: Some(Arc::new(h)),
        drop_name: false,
    }
}

/// Go's `time.Duration.Seconds` of a millisecond count.
fn range_seconds(ms: i64) -> f64 {
    (ms / 1000) as f64 + (ms % 1000) as f64 / 1e3
}

/// Go's `math.Max`: +Inf wins over NaN, NaN over everything else, +0 over -0.
pub fn go_max(x: f64, y: f64) -> f64 {
    if x == f64::INFINITY || y == f64::INFINITY {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { y } else { x };
    }
    if x > y {
        x
    } else {
        y
    }
}

/// Go's `math.Min`: -Inf wins over NaN, NaN over everything else, -0 over +0.
pub fn go_min(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY || y == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y {
        x
    } else {
        y
    }
}

/// Go's `math.Frexp`: `f = frac * 2^exp` with `|frac|` in [0.5, 1).
fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || f.is_nan() || f.is_infinite() {
        return (f, 0);
    }
    let (mut f, mut exp) = (f, 0i64);
    if f.abs() < f64::MIN_POSITIVE {
        // Subnormal: scale into the normal range first.
        f *= (1u64 << 52) as f64;
        exp = -52;
    }
    let bits = f.to_bits();
    exp += ((bits >> 52) & 0x7ff) as i64 - 1022;
    let bits = (bits & !(0x7ffu64 << 52)) | (1022u64 << 52);
    (f64::from_bits(bits), exp)
}

/// Go's `math.Log2` (exact for powers of two).
fn go_log2(x: f64) -> f64 {
    let (frac, exp) = frexp(x);
    if frac == 0.5 {
        return (exp - 1) as f64;
    }
    frac.ln() * std::f64::consts::LOG2_E + exp as f64
}

/// Go's `math.Log10`, computed from `Log2` as Go does (so `log10(1000)` is 2.9999999999999996).
fn go_log10(x: f64) -> f64 {
    go_log2(x) * std::f64::consts::LOG10_2
}

fn sgn(v: f64) -> f64 {
    if v < 0.0 {
        -1.0
    } else if v > 0.0 {
        1.0
    } else {
        v
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for bucket labels: decimal and hexadecimal floats, `Inf`,
/// `Infinity`, `NaN` in any case, optional sign, `_` between digits; out-of-range values fail.
pub fn parse_go_float(s: &str) -> Option<f64> {
    crate::gostr::parse_float(s).ok()
}

/// Prometheus's `labels.FormatOpenMetricsFloat`: Go's `%g`, with `.0` added to integers.
pub fn format_openmetrics_float(f: f64) -> String {
    if f == 1.0 {
        return "1.0".into();
    }
    if f == 0.0 {
        return "0.0".into();
    }
    if f == -1.0 {
        return "-1.0".into();
    }
    let s = crate::gostr::format_float_g(f);
    if f.is_nan() || f.is_infinite() || s.contains(['e', '.']) {
        return s;
    }
    s + ".0"
}

// ---- instant-vector functions ----

fn simple(a: &FnArgs, enh: &EvalNodeHelper, f: impl Fn(f64) -> f64) -> FnResult {
    let Some(v) = a.vectors.first() else {
        return ok(Vec::new());
    };
    let out = v
        .iter()
        .filter(|s| s.h.is_none())
        .map(|s| out_sample(result_metric(enh, &s.metric), enh.ts, f(s.f)))
        .collect();
    ok(out)
}

fn func_round(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let to_nearest = if a.args.len() >= 2 {
        match scalar(a, 1) {
            Some(v) => v,
            None => return ok(Vec::new()),
        }
    } else {
        1.0
    };
    // Prometheus rounds with the inverse, which is more accurate for fractions like 0.1.
    let inv = 1.0 / to_nearest;
    simple(a, enh, |f| (f * inv + 0.5).floor() / inv)
}

fn clamp(a: &FnArgs, enh: &EvalNodeHelper, lo: f64, hi: f64) -> FnResult {
    if hi < lo {
        return ok(Vec::new());
    }
    simple(a, enh, |f| go_max(lo, go_min(hi, f)))
}

fn func_scalar(a: &FnArgs) -> FnResult {
    let mut floats = a
        .vectors
        .first()
        .into_iter()
        .flatten()
        .filter(|s| s.h.is_none());
    let v = match (floats.next(), floats.next()) {
        (Some(s), None) => s.f,
        _ => f64::NAN,
    };
    ok(vec![Sample::scalar(v)])
}

fn func_timestamp(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let Some(v) = a.vectors.first() else {
        return ok(Vec::new());
    };
    let out = v
        .iter()
        .map(|s| out_sample(result_metric(enh, &s.metric), enh.ts, s.t as f64 / 1000.0))
        .collect();
    ok(out)
}

/// `start_timestamp(v)`: each sample's start timestamp in seconds. Only known when the
/// evaluator passes them in `enh.float_sts` (a plain selector argument); samples beyond
/// that list produce nothing.
fn func_start_timestamp(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let Some(v) = a.vectors.first() else {
        return ok(Vec::new());
    };
    let out = v
        .iter()
        .zip(&enh.float_sts)
        .map(|(s, &st)| out_sample(result_metric(enh, &s.metric), enh.ts, st as f64 / 1000.0))
        .collect();
    ok(out)
}

/// Whether a sample's start timestamp says the counter was reset since the previous sample.
/// A start timestamp equal to the previous sample's time marks a delta sample (a reset) only
/// when the previous sample had a valid start timestamp of its own; otherwise it is the OTel
/// "cumulative with unknown start" pattern.
fn is_start_timestamp_reset(prev_st: i64, prev_t: i64, cur_st: i64, cur_t: i64) -> bool {
    if cur_st == 0 || cur_st >= cur_t || cur_st < prev_t {
        return false;
    }
    if cur_st > prev_t {
        return true;
    }
    if prev_st > prev_t {
        return false;
    }
    prev_st != 0 && prev_st != prev_t
}

/// A start timestamp reaching back before the previous sample, without being the same
/// start as the previous one's (cumulative) or the previous time (delta): overlapping data.
fn start_time_overlaps(prev_st: i64, prev_t: i64, cur_st: i64) -> bool {
    cur_st != 0 && cur_st < prev_t && cur_st != prev_st
}

/// `absent(v)`: one sample with value 1 when `v` is empty. Its labels are to be replaced
/// by [`absent_labels`] of the argument's matchers (the evaluator knows them).
fn func_absent(a: &FnArgs) -> FnResult {
    match a.vectors.first() {
        Some(v) if !v.is_empty() => ok(Vec::new()),
        _ => ok(vec![Sample::scalar(1.0)]),
    }
}

/// Labels of the `absent`/`absent_over_time` result: those set by equality matchers, except
/// the metric name and names matched more than once or by other operators.
pub fn absent_labels(matchers: &[Matcher]) -> Labels {
    let mut out = Labels::empty();
    let mut seen: Vec<&str> = Vec::new();
    for m in matchers {
        if m.name == METRIC_NAME {
            continue;
        }
        if m.op == MatchOp::Equal && !seen.contains(&m.name.as_str()) {
            out.set_or_remove(&m.name, m.value.as_str());
            seen.push(&m.name);
        } else {
            out.remove(&m.name);
        }
    }
    out
}

/// A date in UTC, broken down like Go's `time.Time` accessors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateParts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    /// 0 = Sunday.
    pub weekday: u32,
    /// 1-based day of the year.
    pub yday: u32,
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Breaks Unix seconds down into a UTC date.
pub fn date_parts(secs: i64) -> DateParts {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = crate::time::civil_from_days(days);
    let mut yday = day;
    for m in 1..month {
        yday += days_in_month(year, m);
    }
    DateParts {
        year,
        month,
        day,
        hour: (rem / 3600) as u32,
        minute: (rem % 3600 / 60) as u32,
        // 1970-01-01 was a Thursday.
        weekday: (days + 4).rem_euclid(7) as u32,
        yday,
    }
}

/// Go's `int64(f)` on amd64: truncation, with NaN and out-of-range values becoming MinInt64.
fn go_f64_to_i64(f: f64) -> i64 {
    if f.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

fn date_fn(a: &FnArgs, enh: &EvalNodeHelper, f: impl Fn(DateParts) -> f64) -> FnResult {
    if a.vectors.is_empty() {
        // No argument: the evaluation time in whole seconds, truncated toward zero like
        // Go's `time.Unix(ts/1000, 0)`.
        return ok(vec![Sample::scalar(f(date_parts(enh.ts / 1000)))]);
    }
    simple(a, enh, |v| f(date_parts(go_f64_to_i64(v))))
}

// ---- sorting ----

/// Sorts like Go's `sort.Sort`/`slices.SortFunc` with `less`: insertion sort for up to 12
/// elements (so ties keep Go's order), a stable merge sort otherwise. Never panics, even
/// for inconsistent `less` functions.
fn go_sort<T>(v: &mut Vec<T>, less: impl Fn(&T, &T) -> bool) {
    let n = v.len();
    if n <= 12 {
        for i in 1..n {
            let mut j = i;
            while j > 0 && less(&v[j], &v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf: Vec<usize> = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            buf.clear();
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                // Take from the right only when strictly less: keeps the sort stable.
                if less(&v[idx[j]], &v[idx[i]]) {
                    buf.push(idx[j]);
                    j += 1;
                } else {
                    buf.push(idx[i]);
                    i += 1;
                }
            }
            buf.extend_from_slice(&idx[i..mid]);
            buf.extend_from_slice(&idx[j..end]);
            idx[start..end].copy_from_slice(&buf);
            start = end;
        }
        width *= 2;
    }
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        idx.iter()
            .filter_map(|&i| items.get_mut(i).and_then(Option::take)),
    );
}

fn func_sort(a: &FnArgs, desc: bool) -> FnResult {
    let mut v: Vector = a
        .vectors
        .first()
        .into_iter()
        .flatten()
        .filter(|s| s.h.is_none())
        .cloned()
        .collect();
    // NaN sorts last either way.
    if desc {
        go_sort(&mut v, |x, y| y.f.is_nan() || y.f < x.f);
    } else {
        go_sort(&mut v, |x, y| y.f.is_nan() || y.f > x.f);
    }
    ok(v)
}

fn func_sort_by_label(a: &FnArgs, desc: bool) -> FnResult {
    let labels: Vec<&str> = a
        .args
        .iter()
        .skip(1)
        .map(|x| x.string.as_deref().unwrap_or(""))
        .collect();
    let mut v: Vector = a.vectors.first().cloned().unwrap_or_default();
    let cmp = |x: &Sample, y: &Sample| -> std::cmp::Ordering {
        use std::cmp::Ordering::{Greater, Less};
        for l in &labels {
            let lv1 = x.metric.get(l).unwrap_or("");
            let lv2 = y.metric.get(l).unwrap_or("");
            if lv1 == lv2 {
                continue;
            }
            return if natsort_less(lv1, lv2) {
                Less
            } else {
                Greater
            };
        }
        x.metric.cmp(&y.metric)
    };
    if desc {
        go_sort(&mut v, |x, y| cmp(x, y) == std::cmp::Ordering::Greater);
    } else {
        go_sort(&mut v, |x, y| cmp(x, y) == std::cmp::Ordering::Less);
    }
    ok(v)
}

/// Maximal runs of ASCII digits and of other characters.
fn chunkify(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|p| p != d) {
            out.push(&s[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Natural order as Prometheus's `natsort.Compare` (facette/natsort): digit runs compare as
/// integers, everything else byte-wise.
pub fn natsort_less(a: &str, b: &str) -> bool {
    let ca = chunkify(a);
    let cb = chunkify(b);
    let (na, nb) = (ca.len(), cb.len());
    for (i, x) in ca.iter().enumerate() {
        let Some(y) = cb.get(i) else {
            return false;
        };
        let xi = go_atoi(x);
        let yi = go_atoi(y);
        if let (Some(xi), Some(yi)) = (xi, yi) {
            if xi == yi {
                if i == na - 1 {
                    return true;
                } else if i == nb - 1 {
                    return false;
                }
                continue;
            }
            return xi < yi;
        }
        if x == y {
            if i == na - 1 {
                return true;
            } else if i == nb - 1 {
                return false;
            }
            continue;
        }
        return x < y;
    }
    false
}

/// Go's `strconv.Atoi` (64-bit).
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

// ---- label_replace / label_join ----

fn valid_label_name(n: &str) -> bool {
    !n.is_empty()
}

/// `label_replace` at one step: sets `dst` to the expansion of `repl` for every sample whose
/// `src` label fully matches `regex` (an empty result removes `dst`).
pub fn label_replace(
    v: Vector,
    dst: &str,
    repl: &str,
    src: &str,
    regex: &str,
) -> Result<Vector, EvalError> {
    let re = PromRegex::new(regex).map_err(|_| {
        EvalError::new(format!(
            "invalid regular expression in label_replace(): {regex}"
        ))
    })?;
    if !valid_label_name(dst) {
        return Err(EvalError::new(format!(
            "invalid destination label name in label_replace(): {dst}"
        )));
    }
    let mut out = v;
    for s in &mut out {
        let src_val = s.metric.get(src).unwrap_or("").to_string();
        if let Some(caps) = re.captures(&src_val) {
            let mut res = String::new();
            re.expand(&caps, repl, &mut res);
            s.metric.set_or_remove(dst, res);
            if dst == METRIC_NAME {
                s.drop_name = false;
            }
        }
    }
    Ok(out)
}

/// `label_join` at one step: sets `dst` to the values of `srcs` joined by `sep` (an empty
/// result removes `dst`).
pub fn label_join(v: Vector, dst: &str, sep: &str, srcs: &[String]) -> Result<Vector, EvalError> {
    if let Some(bad) = srcs.iter().find(|s| !valid_label_name(s)) {
        return Err(EvalError::new(format!(
            "invalid source label name in label_join(): {bad}"
        )));
    }
    if !valid_label_name(dst) {
        return Err(EvalError::new(format!(
            "invalid destination label name in label_join(): {dst}"
        )));
    }
    let mut out = v;
    for s in &mut out {
        let joined = srcs
            .iter()
            .map(|l| s.metric.get(l).unwrap_or(""))
            .collect::<Vec<_>>()
            .join(sep);
        s.metric.set_or_remove(dst, joined);
        if dst == METRIC_NAME {
            s.drop_name = false;
        }
    }
    Ok(out)
}

// ---- native histogram helpers (Prometheus `FloatHistogram` methods missing from the model) ----

/// `FloatHistogram.CopyToSchema`: a copy at a lower (or equal) exponential resolution.
pub fn histogram_copy_to_schema(h: &FloatHistogram, target: i32) -> FloatHistogram {
    let mut copy = h.copy_relevant();
    if copy.reduce_resolution(target) {
        copy.counter_reset_hint = CounterResetHint::Unknown;
    }
    copy
}

fn bound(idx: i64, h: &FloatHistogram) -> f64 {
    crate::model::histogram::bucket_bound(idx, h.schema, &h.custom_values)
}

/// Buckets of one side as the reset detection walks them: merged to `schema` and, for
/// exponential schemas, without the buckets at or below `start`.
fn detect_entries(h: &FloatHistogram, positive: bool, start: f64, schema: i32) -> Vec<(i64, f64)> {
    let raw = if positive {
        h.positive_bucket_entries()
    } else {
        h.negative_bucket_entries()
    };
    if h.uses_custom_buckets() {
        return raw;
    }
    let mut e = hist::reduce_resolution(&raw, h.schema, schema);
    let skip = e
        .iter()
        .take_while(|(idx, _)| crate::model::histogram::bucket_bound(*idx, schema, &[]) <= start)
        .count();
    e.drain(..skip);
    e
}

/// Whether some bucket of `prev` is populated but missing or smaller in `curr` (both sorted
/// by index, as span expansion yields them).
fn buckets_reset(curr: &[(i64, f64)], prev: &[(i64, f64)]) -> bool {
    let mut ci = 0;
    prev.iter().any(|&(idx, c)| {
        while curr.get(ci).is_some_and(|&(i, _)| i < idx) {
            ci += 1;
        }
        match curr.get(ci) {
            Some(&(i, cc)) if i == idx => cc < c,
            _ => c != 0.0,
        }
    })
}

/// `FloatHistogram.DetectReset`: whether `curr` must have been reset since `prev`.
pub fn histogram_detect_reset(curr: &FloatHistogram, prev: &FloatHistogram) -> bool {
    match curr.counter_reset_hint {
        CounterResetHint::CounterReset => return true,
        CounterResetHint::NotCounterReset => return false,
        _ => {}
    }
    if curr.count < prev.count {
        return true;
    }
    if curr.uses_custom_buckets() {
        if !prev.uses_custom_buckets() {
            return true;
        }
        if !hist::bounds_match(&curr.custom_values, &prev.custom_values) {
            return detect_reset_mismatched_bounds(curr, prev);
        }
    }
    if curr.schema > prev.schema {
        return true;
    }
    if curr.zero_threshold < prev.zero_threshold {
        return true;
    }
    let (prev_zero, threshold, _) =
        prev.zero_count_for_larger_threshold_kahan(curr.zero_threshold, None);
    if threshold != curr.zero_threshold {
        return true;
    }
    if curr.zero_count < prev_zero {
        return true;
    }
    for positive in [true, false] {
        let c = detect_entries(curr, positive, curr.zero_threshold, curr.schema);
        let p = detect_entries(prev, positive, curr.zero_threshold, curr.schema);
        if buckets_reset(&c, &p) {
            return true;
        }
    }
    false
}

/// Reset detection between custom-bucket histograms with different bounds: compares the
/// cumulative counts up to every bound both have.
fn detect_reset_mismatched_bounds(curr: &FloatHistogram, prev: &FloatHistogram) -> bool {
    let buckets = |h: &FloatHistogram| -> Vec<(f64, f64)> {
        h.positive_bucket_entries()
            .into_iter()
            .map(|(idx, c)| (bound(idx, h), c))
            .collect()
    };
    let cb = buckets(curr);
    let pb = buckets(prev);
    // Sums the counts of the buckets up to `bound`, continuing from `pos`; returns whether
    // buckets remain.
    fn rollup(items: &[(f64, f64)], pos: &mut usize, bound: f64) -> (f64, bool) {
        let mut sum = 0.0;
        while let Some(&(upper, c)) = items.get(*pos) {
            if upper > bound {
                return (sum, true);
            }
            sum += c;
            *pos += 1;
        }
        (sum, false)
    }
    let (cv, pv) = (&curr.custom_values, &prev.custom_values);
    let (mut ci, mut pi) = (0usize, 0usize);
    let (mut cpos, mut ppos) = (0usize, 0usize);
    let (mut c_started, mut c_more, mut p_started, mut p_more) = (false, false, false, false);
    while ci <= cv.len() && pi <= pv.len() {
        let c_bound = cv.get(ci).copied().unwrap_or(f64::INFINITY);
        let p_bound = pv.get(pi).copied().unwrap_or(f64::INFINITY);
        if c_bound == p_bound {
            let mut c_sum = 0.0;
            if !c_started || c_more {
                (c_sum, c_more) = rollup(&cb, &mut cpos, c_bound);
                c_started = true;
            }
            let mut p_sum = 0.0;
            if !p_started || p_more {
                (p_sum, p_more) = rollup(&pb, &mut ppos, c_bound);
                p_started = true;
            }
            if c_sum < p_sum {
                return true;
            }
            ci += 1;
            pi += 1;
        } else if c_bound < p_bound {
            ci += 1;
        } else {
            pi += 1;
        }
    }
    false
}

/// `base + other` with Prometheus's annotations for incompatible schemas and reconciled
/// custom bounds; `None` when they cannot be added.
fn add_annotated(
    base: &FloatHistogram,
    other: &FloatHistogram,
    annos: &mut Annotations,
    metric: &str,
    span: Span,
) -> Option<FloatHistogram> {
    let combined = base.add_detailed(other);
    annotate_combined(combined, HistogramOperation::Add, annos, metric, span)
}

/// `base - other`, like [`add_annotated`].
fn sub_annotated(
    base: &FloatHistogram,
    other: &FloatHistogram,
    annos: &mut Annotations,
    metric: &str,
    span: Span,
) -> Option<FloatHistogram> {
    let combined = base.sub_detailed(other);
    annotate_combined(combined, HistogramOperation::Sub, annos, metric, span)
}

fn annotate_combined(
    combined: Result<Combined, HistogramError>,
    op: HistogramOperation,
    annos: &mut Annotations,
    metric: &str,
    span: Span,
) -> Option<FloatHistogram> {
    match combined {
        Ok(c) => {
            if c.nhcb_bounds_reconciled {
                annos.add(ann::mismatched_custom_buckets_histograms_info(span, op));
            }
            Some(c.histogram)
        }
        Err(HistogramError::IncompatibleSchema) => {
            annos.add(ann::mixed_exponential_custom_histograms_warning(
                metric, span,
            ));
            None
        }
    }
}

fn compacted(mut h: FloatHistogram) -> FloatHistogram {
    h.compact(0);
    h
}

// ---- histogram functions ----

fn simple_histogram(
    a: &FnArgs,
    enh: &EvalNodeHelper,
    f: impl Fn(&FloatHistogram) -> f64,
) -> FnResult {
    let Some(v) = a.vectors.first() else {
        return ok(Vec::new());
    };
    let out = v
        .iter()
        .filter_map(|s| {
            let h = s.h.as_ref()?;
            // Only the name is dropped here, not the other metadata labels.
            let metric = if enh.delayed_name_removal {
                s.metric.clone()
            } else {
                s.metric.without(&[METRIC_NAME])
            };
            Some(out_sample(metric, enh.ts, f(h)))
        })
        .collect();
    ok(out)
}

/// Estimated variance of the observations of a native histogram, taking every observation
/// at its bucket's (geometric, for exponential buckets) mean.
fn histogram_variance(h: &FloatHistogram) -> f64 {
    let mean = h.sum / h.count;
    let (mut variance, mut comp) = (0.0, 0.0);
    for b in quantile::all_buckets(h) {
        if b.count == 0.0 {
            continue;
        }
        let val = if h.uses_custom_buckets() {
            (b.upper + b.lower) / 2.0
        } else if b.lower <= 0.0 && b.upper >= 0.0 {
            0.0
        } else {
            let v = (b.upper * b.lower).sqrt();
            if b.upper < 0.0 {
                -v
            } else {
                v
            }
        };
        let delta = val - mean;
        (variance, comp) = crate::model::kahan::inc(b.count * delta * delta, variance, comp);
    }
    (variance + comp) / h.count
}

/// One step's histogram input split into native histograms and classic bucket groups.
struct HistogramInput {
    /// Native histogram samples; `h` is `None` where a classic histogram of the same series
    /// conflicts.
    native: Vec<Sample>,
    /// Classic histograms: metric without `le`, and the buckets.
    classic: Vec<(Labels, Vec<Bucket>)>,
}

/// Prometheus's `resetHistograms`: groups classic buckets by their labels without `le`,
/// warns about bad `le` values and about series with both classic and native histograms.
fn split_histograms(
    in_vec: &[Sample],
    span: Span,
    enh: &EvalNodeHelper,
) -> (HistogramInput, Annotations) {
    let mut annos = Annotations::new();
    let mut native = Vec::new();
    let mut classic: Vec<(Labels, Vec<Bucket>)> = Vec::new();
    let mut index: HashMap<Labels, usize> = HashMap::new();
    for s in in_vec {
        if s.h.is_some() {
            native.push(s.clone());
            continue;
        }
        let le = s.metric.get(BUCKET_LABEL).unwrap_or("");
        let Some(upper_bound) = parse_go_float(le) else {
            let name = if enh.delayed_name_removal {
                metric_name(&s.metric)
            } else {
                ""
            };
            annos.add(ann::bad_bucket_label_warning(name, le, span));
            continue;
        };
        let key = s.metric.without(&[BUCKET_LABEL]);
        let i = match index.get(&key) {
            Some(&i) => i,
            None => {
                index.insert(key.clone(), classic.len());
                classic.push((key, Vec::new()));
                classic.len() - 1
            }
        };
        if let Some(group) = classic.get_mut(i) {
            group.1.push(Bucket {
                upper_bound,
                count: s.f,
            });
        }
    }
    for s in &mut native {
        let Some(&i) = index.get(&s.metric) else {
            continue;
        };
        let Some(group) = classic.get_mut(i) else {
            continue;
        };
        if group.1.is_empty() {
            continue;
        }
        let name = if enh.delayed_name_removal {
            metric_name(&s.metric)
        } else {
            ""
        };
        annos.add(ann::mixed_classic_native_histograms_warning(name, span));
        group.1.clear();
        s.h = None;
    }
    (HistogramInput { native, classic }, annos)
}

fn func_histogram_quantile(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let (Some(q), Some(in_vec)) = (scalar(a, 0), a.vectors.get(1)) else {
        return ok(Vec::new());
    };
    let mut annos = Annotations::new();
    if q.is_nan() || !(0.0..=1.0).contains(&q) {
        annos.add(ann::invalid_quantile_warning(q, arg_span(a, 0)));
    }
    let span = arg_span(a, 1);
    let (input, split_annos) = split_histograms(in_vec, span, enh);
    annos.merge(split_annos);
    let mut out = Vec::new();
    for s in &input.native {
        let Some(h) = &s.h else { continue };
        let metric = result_metric(enh, &s.metric);
        let (v, qa) = quantile::histogram_quantile(q, h, metric_name(&metric), span);
        annos.merge(qa);
        out.push(out_sample(metric, enh.ts, v));
    }
    for (metric, buckets) in input.classic {
        if buckets.is_empty() {
            continue;
        }
        out.push(classic_quantile(q, metric, buckets, span, enh, &mut annos));
    }
    with(out, annos)
}

fn classic_quantile(
    q: f64,
    metric: Labels,
    mut buckets: Vec<Bucket>,
    span: Span,
    enh: &EvalNodeHelper,
    annos: &mut Annotations,
) -> Sample {
    let r = quantile::bucket_quantile(q, &mut buckets);
    if r.forced_monotonic {
        let name = if enh.delayed_name_removal {
            metric_name(&metric)
        } else {
            ""
        };
        annos.add(ann::histogram_quantile_forced_monotonicity_info(
            name,
            span,
            enh.ts,
            r.min_bucket,
            r.max_bucket,
            r.max_diff,
        ));
    }
    out_sample(result_metric(enh, &metric), enh.ts, r.quantile)
}

fn func_histogram_quantiles(a: &FnArgs, enh: &mut EvalNodeHelper) -> FnResult {
    let Some(in_vec) = a.vectors.first() else {
        return ok(Vec::new());
    };
    let label = a
        .args
        .get(1)
        .and_then(|x| x.string.clone())
        .unwrap_or_default();
    let mut annos = Annotations::new();
    let mut qs = Vec::new();
    for i in 2..a.vectors.len() {
        let Some(q) = scalar(a, i) else { continue };
        if q.is_nan() || !(0.0..=1.0).contains(&q) {
            annos.add(ann::invalid_quantile_warning(q, arg_span(a, i)));
        }
        enh.cache
            .quantile_strs
            .entry(q.to_bits())
            .or_insert_with(|| format_openmetrics_float(q));
        qs.push(q);
    }
    let span = arg_span(a, 0);
    let (input, split_annos) = split_histograms(in_vec, span, enh);
    annos.merge(split_annos);
    let with_quantile = |enh: &EvalNodeHelper, l: &Labels, q: f64| {
        let mut l = l.clone();
        let s = enh
            .cache
            .quantile_strs
            .get(&q.to_bits())
            .cloned()
            .unwrap_or_else(|| format_openmetrics_float(q));
        l.set(label.clone(), s);
        l
    };
    let mut out = Vec::new();
    for &q in &qs {
        for s in &input.native {
            let Some(h) = &s.h else { continue };
            let metric = result_metric(enh, &s.metric);
            let (v, qa) = quantile::histogram_quantile(q, h, metric_name(&metric), span);
            annos.merge(qa);
            out.push(out_sample(with_quantile(enh, &metric, q), enh.ts, v));
        }
        for (metric, buckets) in &input.classic {
            if buckets.is_empty() {
                continue;
            }
            let mut s = classic_quantile(q, metric.clone(), buckets.clone(), span, enh, &mut annos);
            s.metric = with_quantile(enh, &s.metric, q);
            out.push(s);
        }
    }
    with(out, annos)
}

fn func_histogram_fraction(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let (Some(lower), Some(upper), Some(in_vec)) = (scalar(a, 0), scalar(a, 1), a.vectors.get(2))
    else {
        return ok(Vec::new());
    };
    let span = arg_span(a, 2);
    let (input, mut annos) = split_histograms(in_vec, span, enh);
    let mut out = Vec::new();
    for s in &input.native {
        let Some(h) = &s.h else { continue };
        let metric = result_metric(enh, &s.metric);
        let (v, fa) = quantile::histogram_fraction(lower, upper, h, metric_name(&metric), span);
        annos.merge(fa);
        out.push(out_sample(metric, enh.ts, v));
    }
    for (metric, mut buckets) in input.classic {
        if buckets.is_empty() {
            continue;
        }
        let v = quantile::bucket_fraction(lower, upper, &mut buckets);
        out.push(out_sample(result_metric(enh, &metric), enh.ts, v));
    }
    with(out, annos)
}

// ---- rate, increase, delta ----

fn extrapolated_rate(
    a: &FnArgs,
    enh: &mut EvalNodeHelper,
    is_counter: bool,
    is_rate: bool,
) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    let default_info = ArgInfo::default();
    let info = a.args.first().unwrap_or(&default_info);
    let span = arg_span(a, 0);
    // Looked up only for annotations, which are rare.
    let name = || metric_name(s.metric);
    if !s.floats.is_empty() && !s.histograms.is_empty() {
        return with_one(
            Vec::new(),
            ann::mixed_floats_histograms_warning(name(), span),
        );
    }
    if info.anchored || info.smoothed {
        if !s.histograms.is_empty() {
            return extended_histogram_rate(a, enh, info, is_counter, is_rate);
        }
        if !s.floats.is_empty() {
            return ok(extended_rate(s.floats, enh, info, is_counter, is_rate));
        }
        return ok(Vec::new());
    }
    if s.histograms.is_empty() && (!is_counter || enh.float_sts.is_empty()) {
        let w = FloatWindow::of(s, enh, info, &[]);
        return ok(match float_rate(&w, is_counter, is_rate) {
            Some(v) => out_scalar(enh, v),
            None => Vec::new(),
        });
    }
    // Histograms, or counter floats with start timestamps.
    let range_start = enh.ts - (info.range_ms + info.offset_ms);
    let mut annos = Annotations::new();
    let mut result_float = 0.0;
    let mut result_hist: Option<FloatHistogram> = None;
    let sts: &[i64];
    let (n_minus_one, first_t, last_t) =
        if let (Some(first), Some(last)) = (s.histograms.first(), s.histograms.last()) {
            sts = &enh.histogram_sts;
            if s.histograms.len() > 1 {
                let (h, ha) = histogram_rate(s.histograms, sts, is_counter, name(), span);
                annos.merge(ha);
                match h {
                    Some(h) => result_hist = Some(h),
                    None => return with(Vec::new(), annos),
                }
            }
            (s.histograms.len() - 1, first.t, last.t)
        } else if let (Some(first), Some(last)) = (s.floats.first(), s.floats.last()) {
            sts = &enh.float_sts;
            result_float = last.f - first.f;
            let mut overlap_reported = false;
            for (i, w) in s.floats.windows(2).enumerate() {
                let (prev, cur) = (w[0], w[1]);
                let st_pair = sts.get(i).zip(sts.get(i + 1));
                if !overlap_reported {
                    if let Some((&prev_st, &cur_st)) = st_pair {
                        if start_time_overlaps(prev_st, prev.t, cur_st) {
                            annos.add(ann::start_time_overlap_warning(name(), span));
                            overlap_reported = true;
                        }
                    }
                }
                let st_reset = st_pair.is_some_and(|(&prev_st, &cur_st)| {
                    is_start_timestamp_reset(prev_st, prev.t, cur_st, cur.t)
                });
                if cur.f < prev.f || st_reset {
                    result_float += prev.f;
                }
            }
            (s.floats.len() - 1, first.t, last.t)
        } else {
            return with(Vec::new(), annos);
        };
    let first_st = sts.first().copied().unwrap_or(0);
    let counter_start =
        (is_counter && first_st != 0 && first_st > range_start && first_st < first_t)
            .then_some(first_st);
    if counter_start.is_some() {
        // The counter started from zero inside the range: its first value is all increase.
        if let Some(p) = s.floats.first() {
            result_float += p.f;
        } else if let Some(p) = s.histograms.first() {
            result_hist = match result_hist {
                None => Some(p.h.copy_relevant()),
                Some(h) => match add_annotated(&h, &p.h, &mut annos, name(), span) {
                    Some(h) => Some(h),
                    None => return with(Vec::new(), annos),
                },
            };
        }
    }
    let zero_ratio = if let Some(f0) = s.floats.first() {
        (result_float > 0.0 && f0.f >= 0.0).then_some((f0.f, result_float))
    } else {
        match (&result_hist, s.histograms.first()) {
            (Some(h), Some(h0)) if h.count > 0.0 && h0.h.count >= 0.0 => {
                Some((h0.h.count, h.count))
            }
            _ => None,
        }
    };
    let span_of_samples = SampledSpan {
        first_t,
        last_t,
        n_minus_one,
        counter_start,
        zero_ratio: zero_ratio.filter(|_| is_counter),
    };
    let Some(factor) = extrapolation_factor(
        &span_of_samples,
        enh.ts,
        info.range_ms,
        info.offset_ms,
        is_rate,
    ) else {
        return with(Vec::new(), annos);
    };
    match result_hist {
        Some(mut h) => {
            h.mul_scalar(factor);
            with(vec![hist_sample(h)], annos)
        }
        None => with(out_scalar(enh, result_float * factor), annos),
    }
}

/// `rate`, `increase` and `delta` over plain floats without start timestamps (the common case,
/// which the evaluator runs without the general call machinery).
fn float_rate(w: &FloatWindow, is_counter: bool, is_rate: bool) -> Option<f64> {
    let (first, last) = (w.points.first()?, w.points.last()?);
    let mut result = last.f - first.f;
    if is_counter {
        // Without start timestamps only value drops mark counter resets: add the value before
        // each drop, in order.
        match w.drops {
            Some((drops, base)) => {
                for &p in drops {
                    if let Some(before) = (p - base).checked_sub(1).and_then(|i| w.points.get(i)) {
                        result += before.f;
                    }
                }
            }
            None => {
                let mut prev = first.f;
                for p in &w.points[1..] {
                    if p.f < prev {
                        result += prev;
                    }
                    prev = p.f;
                }
            }
        }
    }
    let sampled = SampledSpan {
        first_t: first.t,
        last_t: last.t,
        n_minus_one: w.points.len() - 1,
        counter_start: None,
        zero_ratio: (is_counter && result > 0.0 && first.f >= 0.0).then_some((first.f, result)),
    };
    let factor = extrapolation_factor(&sampled, w.ts, w.range_ms, w.offset_ms, is_rate)?;
    Some(result * factor)
}

/// Where a window's samples lie, for extrapolating their increase to the whole range.
struct SampledSpan {
    first_t: i64,
    last_t: i64,
    /// Number of sample intervals.
    n_minus_one: usize,
    /// A counter's start time inside the range, before the first sample.
    counter_start: Option<i64>,
    /// For counters: the first value and the increase (`first / increase` of the sampled
    /// interval lies between the zero crossing and the first sample), when both are usable.
    zero_ratio: Option<(f64, f64)>,
}

/// Prometheus's extrapolation in `extrapolatedRate`: the factor turning the sampled increase
/// into the range's (per second for rates). `None` when a single sample gives no spacing.
fn extrapolation_factor(
    s: &SampledSpan,
    ts: i64,
    range_ms: i64,
    offset_ms: i64,
    is_rate: bool,
) -> Option<f64> {
    let range_start = ts - (range_ms + offset_ms);
    let range_end = ts - offset_ms;
    let mut duration_to_start = (s.first_t - range_start) as f64 / 1000.0;
    let mut duration_to_end = (range_end - s.last_t) as f64 / 1000.0;
    let mut sampled_interval = (s.last_t - s.first_t) as f64 / 1000.0;
    let average_between_samples = if s.n_minus_one > 0 {
        sampled_interval / s.n_minus_one as f64
    } else {
        0.0
    };
    // Extrapolate to a boundary only if a sample is missing there by at most 10% more than
    // the average spacing; otherwise assume the series starts/ends half a spacing away.
    let threshold = average_between_samples * 1.1;
    if let Some(start) = s.counter_start {
        // Assume a zero sample at the counter's start time instead of extrapolating to the
        // left. This also makes a single sample usable (without extrapolation to the right, as
        // there is no spacing to go by).
        duration_to_start = 0.0;
        sampled_interval = (s.last_t - start) as f64 / 1000.0;
    } else if s.n_minus_one == 0 {
        return None;
    } else {
        if duration_to_start >= threshold {
            duration_to_start = average_between_samples / 2.0;
        }
        // A counter cannot go below zero: do not extrapolate further back than that.
        if let Some((first, increase)) = s.zero_ratio {
            let duration_to_zero = sampled_interval * (first / increase);
            if duration_to_zero < duration_to_start {
                duration_to_start = duration_to_zero;
            }
        }
    }
    if duration_to_end >= threshold {
        duration_to_end = average_between_samples / 2.0;
    }
    let mut factor = 1.0;
    if sampled_interval != 0.0 {
        factor = (sampled_interval + duration_to_start + duration_to_end) / sampled_interval;
    }
    if is_rate {
        factor /= range_seconds(range_ms);
    }
    Some(factor)
}

/// Prometheus's `histogramRate`: last minus first histogram, corrected for counter resets,
/// at the lowest schema involved. `None` when the histograms cannot be combined.
fn histogram_rate(
    points: &[HPoint],
    sts: &[i64],
    is_counter: bool,
    name: &str,
    span: Span,
) -> (Option<FloatHistogram>, Annotations) {
    let mut annos = Annotations::new();
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return (None, annos);
    };
    let last = &last.h;
    let mut prev: FloatHistogram = first.h.copy_relevant();
    let mut using_custom = prev.uses_custom_buckets();
    if is_counter
        && (prev.counter_reset_hint == CounterResetHint::Gauge
            || last.counter_reset_hint == CounterResetHint::Gauge)
    {
        annos.add(ann::native_histogram_not_counter_warning(name, span));
    }
    if is_counter {
        // A reset right after the first sample makes its layout irrelevant.
        if let Some(second) = points.get(1) {
            let st_reset = match (sts.first(), sts.get(1)) {
                (Some(&st0), Some(&st1)) => is_start_timestamp_reset(st0, first.t, st1, second.t),
                _ => false,
            };
            if st_reset || histogram_detect_reset(&second.h, &prev) {
                prev = FloatHistogram {
                    schema: second.h.schema,
                    custom_values: second.h.custom_values.clone(),
                    ..FloatHistogram::default()
                };
                using_custom = second.h.uses_custom_buckets();
            }
        }
    }
    if last.uses_custom_buckets() != using_custom {
        annos.add(ann::mixed_exponential_custom_histograms_warning(name, span));
        return (None, annos);
    }
    let mut min_schema = last.schema.min(prev.schema);
    let inner = points.get(1..points.len().saturating_sub(1)).unwrap_or(&[]);
    for p in inner {
        if !is_counter {
            continue;
        }
        if p.h.counter_reset_hint == CounterResetHint::Gauge {
            annos.add(ann::native_histogram_not_counter_warning(name, span));
        }
        min_schema = min_schema.min(p.h.schema);
        if p.h.uses_custom_buckets() != using_custom {
            return (
                None,
                Annotations::from(ann::mixed_exponential_custom_histograms_warning(name, span)),
            );
        }
    }
    let base = histogram_copy_to_schema(last, min_schema);
    // Conflicting counter reset hints are expected here and deliberately not reported.
    let mut h = match base.sub_detailed(&prev) {
        Ok(c) => {
            if c.nhcb_bounds_reconciled {
                annos.add(ann::mismatched_custom_buckets_histograms_info(
                    span,
                    HistogramOperation::Sub,
                ));
            }
            c.histogram
        }
        Err(_) => {
            return (
                None,
                Annotations::from(ann::mixed_exponential_custom_histograms_warning(name, span)),
            )
        }
    };
    if is_counter {
        let mut prev_h: &FloatHistogram = &prev;
        let mut overlap_reported = false;
        for (i, w) in points.windows(2).enumerate() {
            let (prev_p, p) = (&w[0], &w[1]);
            let st_pair = sts.get(i).zip(sts.get(i + 1));
            if !overlap_reported {
                if let Some((&prev_st, &cur_st)) = st_pair {
                    if start_time_overlaps(prev_st, prev_p.t, cur_st) {
                        annos.add(ann::start_time_overlap_warning(name, span));
                        overlap_reported = true;
                    }
                }
            }
            let st_reset = st_pair.is_some_and(|(&prev_st, &cur_st)| {
                is_start_timestamp_reset(prev_st, prev_p.t, cur_st, p.t)
            });
            if st_reset || histogram_detect_reset(&p.h, prev_h) {
                match h.add_detailed(prev_h) {
                    Ok(c) => {
                        if c.nhcb_bounds_reconciled {
                            annos.add(ann::mismatched_custom_buckets_histograms_info(
                                span,
                                HistogramOperation::Add,
                            ));
                        }
                        h = c.histogram;
                    }
                    Err(_) => {
                        return (
                            None,
                            Annotations::from(ann::mixed_exponential_custom_histograms_warning(
                                name, span,
                            )),
                        )
                    }
                }
            }
            prev_h = &p.h;
        }
    } else if first.h.counter_reset_hint != CounterResetHint::Gauge
        || last.counter_reset_hint != CounterResetHint::Gauge
    {
        annos.add(ann::native_histogram_not_gauge_warning(name, span));
    }
    h.counter_reset_hint = CounterResetHint::Gauge;
    (Some(compacted(h)), annos)
}

fn interpolate(p1: FPoint, p2: FPoint, t: i64, is_counter: bool) -> f64 {
    let mut y1 = p1.f;
    let y2 = p2.f;
    if is_counter && y2 < y1 {
        // After a reset the counter started from zero.
        y1 = 0.0;
    }
    y1 + (y2 - y1) * (t - p1.t) as f64 / (p2.t - p1.t) as f64
}

/// Index of the last sample at or before `t` (0 if none), searching `[0, n)`.
fn first_index<T>(pts: &[T], n: usize, t: i64, time: impl Fn(&T) -> i64) -> usize {
    let n = n.min(pts.len());
    pts[..n].partition_point(|p| time(p) <= t).saturating_sub(1)
}

/// `rate`/`increase`/`delta` over an anchored or smoothed range of floats (`extendedRate`):
/// the difference between the (interpolated) boundary values, no extrapolation.
fn extended_rate(
    f: &[FPoint],
    enh: &EvalNodeHelper,
    info: &ArgInfo,
    is_counter: bool,
    is_rate: bool,
) -> Vector {
    let range_start = enh.ts - (info.range_ms + info.offset_ms);
    let range_end = enh.ts - info.offset_ms;
    let Some(mut last) = f.len().checked_sub(1) else {
        return Vec::new();
    };
    let mut first = first_index(f, last, range_start, |p| p.t);
    if info.smoothed {
        last = f[..last].partition_point(|p| p.t < range_end);
    }
    let (Some(&fp), Some(&lp)) = (f.get(first), f.get(last)) else {
        return Vec::new();
    };
    if lp.t <= range_start {
        return Vec::new();
    }
    if info.smoothed && fp.t > range_end {
        return Vec::new();
    }
    let left = match f.get(first + 1) {
        Some(&next) if info.smoothed && fp.t < range_start => {
            interpolate(fp, next, range_start, is_counter)
        }
        _ => fp.f,
    };
    let right = match last.checked_sub(1).and_then(|i| f.get(i)) {
        Some(&prev) if info.smoothed && lp.t > range_end => {
            interpolate(prev, lp, range_end, is_counter)
        }
        _ => lp.f,
    };
    let mut result = right - left;
    if is_counter {
        // Resets at the boundaries are already handled by the interpolation; correct for
        // the ones strictly inside.
        if fp.t <= range_start {
            first += 1;
        }
        let end = if lp.t >= range_end { last } else { last + 1 };
        let inside = f.get(first..end).unwrap_or(&[]);
        let mut correction = 0.0;
        let mut prev = left;
        for p in inside {
            if p.f < prev {
                correction += prev;
            }
            prev = p.f;
        }
        if right < prev {
            correction += prev;
        }
        result += correction;
    }
    if is_rate {
        result /= range_seconds(info.range_ms);
    }
    vec![Sample::scalar(result)]
}

pub(crate) fn interpolate_histograms(
    (h1, t1): (&FloatHistogram, i64),
    (h2, t2): (&FloatHistogram, i64),
    t: i64,
    is_counter: bool,
    annos: &mut Annotations,
    span: Span,
) -> Result<FloatHistogram, HistogramError> {
    if t == t1 {
        return Ok(h1.copy_relevant());
    }
    if t == t2 {
        return Ok(h2.copy_relevant());
    }
    let fraction = (t - t1) as f64 / (t2 - t1) as f64;
    if is_counter && histogram_detect_reset(h2, h1) {
        let mut r = h2.copy_relevant();
        r.mul_scalar(fraction);
        return Ok(r);
    }
    let c = h2.copy_relevant().sub_detailed(h1)?;
    if c.nhcb_bounds_reconciled {
        annos.add(ann::mismatched_custom_buckets_histograms_info(
            span,
            HistogramOperation::Sub,
        ));
    }
    let mut r = c.histogram;
    r.mul_scalar(fraction);
    let c = r.add_detailed(h1)?;
    if c.nhcb_bounds_reconciled {
        annos.add(ann::mismatched_custom_buckets_histograms_info(
            span,
            HistogramOperation::Add,
        ));
    }
    Ok(c.histogram)
}

/// `rate`/`increase`/`delta` over an anchored or smoothed range of native histograms
/// (`extendedHistogramRate`).
fn extended_histogram_rate(
    a: &FnArgs,
    enh: &EvalNodeHelper,
    info: &ArgInfo,
    is_counter: bool,
    is_rate: bool,
) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    let h = &s.histograms;
    let name = metric_name(s.metric);
    let span = arg_span(a, 0);
    let range_start = enh.ts - (info.range_ms + info.offset_ms);
    let range_end = enh.ts - info.offset_ms;
    let mut annos = Annotations::new();
    let Some(mut last) = h.len().checked_sub(1) else {
        return ok(Vec::new());
    };
    let first = first_index(h, last, range_start, |p| p.t);
    if info.smoothed {
        last = h[..last].partition_point(|p| p.t < range_end);
    }
    let (Some(fp), Some(lp)) = (h.get(first), h.get(last)) else {
        return ok(Vec::new());
    };
    if lp.t <= range_start {
        return ok(Vec::new());
    }
    if info.smoothed && fp.t > range_end {
        return ok(Vec::new());
    }
    // Validate the range: one bucket kind throughout, counters not gauges.
    let window = h.get(first..=last).unwrap_or(&[]);
    let custom = fp.h.uses_custom_buckets();
    for p in window {
        if p.h.uses_custom_buckets() != custom {
            annos.add(ann::mixed_exponential_custom_histograms_warning(name, span));
            return with(Vec::new(), annos);
        }
        if is_counter && p.h.counter_reset_hint == CounterResetHint::Gauge {
            annos.add(ann::native_histogram_not_counter_warning(name, span));
        }
    }
    let left = match h.get(first + 1) {
        Some(next) if info.smoothed && fp.t < range_start => interpolate_histograms(
            (&fp.h, fp.t),
            (&next.h, next.t),
            range_start,
            is_counter,
            &mut annos,
            span,
        ),
        _ => Ok(fp.h.copy_relevant()),
    };
    let right = match last.checked_sub(1).and_then(|i| h.get(i)) {
        Some(prev) if info.smoothed && lp.t > range_end => interpolate_histograms(
            (&prev.h, prev.t),
            (&lp.h, lp.t),
            range_end,
            is_counter,
            &mut annos,
            span,
        ),
        _ => Ok(lp.h.copy_relevant()),
    };
    let (left, right) = match (left, right) {
        (Ok(l), Ok(r)) => (l, r),
        _ => {
            annos.add(ann::mixed_exponential_custom_histograms_warning(name, span));
            return with(Vec::new(), annos);
        }
    };
    if !is_counter
        && (left.counter_reset_hint != CounterResetHint::Gauge
            || right.counter_reset_hint != CounterResetHint::Gauge)
    {
        annos.add(ann::native_histogram_not_gauge_warning(name, span));
    }
    let Some(mut result) = sub_annotated(&right, &left, &mut annos, name, span) else {
        return with(Vec::new(), annos);
    };
    if is_counter {
        match correct_for_counter_resets_histogram(
            h,
            first,
            last,
            &left,
            &right,
            range_start,
            info.smoothed,
            name,
            span,
        ) {
            (Ok(correction), ca) => {
                annos.merge(ca);
                if let Some(c) = correction {
                    match add_annotated(&result, &c, &mut annos, name, span) {
                        Some(r) => result = r,
                        None => return with(Vec::new(), annos),
                    }
                }
            }
            (Err(()), ca) => {
                annos.merge(ca);
                return with(Vec::new(), annos);
            }
        }
    }
    if is_rate {
        result.div_scalar(range_seconds(info.range_ms));
    }
    result.counter_reset_hint = CounterResetHint::Gauge;
    with(vec![hist_sample(compacted(result))], annos)
}

/// Sum of the histograms before each counter reset strictly between the boundary samples
/// (`correctForCounterResetsHistogram`).
#[allow(clippy::too_many_arguments)]
fn correct_for_counter_resets_histogram(
    h: &[HPoint],
    first_index: usize,
    last_index: usize,
    left: &FloatHistogram,
    right: &FloatHistogram,
    range_start: i64,
    smoothed: bool,
    name: &str,
    span: Span,
) -> (Result<Option<FloatHistogram>, ()>, Annotations) {
    let mut annos = Annotations::new();
    let mut first = first_index + 1;
    let mut prev: &FloatHistogram = left;
    if let (Some(a), Some(b)) = (h.get(first_index), h.get(first_index + 1)) {
        if smoothed && a.t < range_start && histogram_detect_reset(&b.h, &a.h) {
            // The left interpolation already spans this reset.
            prev = &b.h;
            first += 1;
        }
    }
    // The last sample is represented by `right` (and shares its hint).
    if first > last_index {
        return (Ok(None), annos);
    }
    let mut correction: Option<FloatHistogram> = None;
    let add = |c: &mut Option<FloatHistogram>, x: &FloatHistogram, annos: &mut Annotations| match c
        .take()
    {
        None => {
            *c = Some(x.copy_relevant());
            true
        }
        Some(cur) => match add_annotated(&cur, x, annos, name, span) {
            Some(sum) => {
                *c = Some(sum);
                true
            }
            None => false,
        },
    };
    for p in h.get(first..last_index).unwrap_or(&[]) {
        if histogram_detect_reset(&p.h, prev) && !add(&mut correction, prev, &mut annos) {
            return (Err(()), annos);
        }
        prev = &p.h;
    }
    if histogram_detect_reset(right, prev) && !add(&mut correction, prev, &mut annos) {
        return (Err(()), annos);
    }
    (Ok(correction), annos)
}

// ---- irate, idelta ----

/// The start timestamp at index `i` of a window's list (0 = unknown, also past its end).
fn st_at(sts: &[i64], i: usize) -> i64 {
    sts.get(i).copied().unwrap_or(0)
}

#[derive(Clone)]
enum Point<'a> {
    F(i64, f64),
    H(i64, &'a Arc<FloatHistogram>),
}

impl Point<'_> {
    fn t(&self) -> i64 {
        match self {
            Point::F(t, _) | Point::H(t, _) => *t,
        }
    }
}

fn instant_value(a: &FnArgs, enh: &EvalNodeHelper, is_rate: bool) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    if s.floats.len() + s.histograms.len() < 2 {
        return ok(Vec::new());
    }
    // The last two samples of either kind, in time order, with their start timestamps.
    let f_skip = s.floats.len().saturating_sub(2);
    let mut ss: Vec<(Point, i64)> = s
        .floats
        .iter()
        .enumerate()
        .skip(f_skip)
        .map(|(i, p)| (Point::F(p.t, p.f), st_at(&enh.float_sts, i)))
        .collect();
    let h_skip = s.histograms.len().saturating_sub(2);
    for (i, p) in s.histograms.iter().enumerate().skip(h_skip) {
        let pt = (Point::H(p.t, &p.h), st_at(&enh.histogram_sts, i));
        match ss.len() {
            0 => ss.push(pt),
            1 => {
                if pt.0.t() < ss[0].0.t() {
                    ss.insert(0, pt);
                } else {
                    ss.push(pt);
                }
            }
            _ => {
                if pt.0.t() < ss[0].0.t() {
                    // Older than both: irrelevant.
                } else if pt.0.t() > ss[1].0.t() {
                    ss[0] = ss[1].clone();
                    ss[1] = pt;
                } else {
                    ss[0] = pt;
                }
            }
        }
    }
    let (Some((s0, st0)), Some((s1, st1))) = (ss.first(), ss.get(1)) else {
        return ok(Vec::new());
    };
    let interval = s1.t() - s0.t();
    if interval == 0 {
        return ok(Vec::new());
    }
    let st_reset = is_start_timestamp_reset(*st0, s0.t(), *st1, s1.t());
    let name = metric_name(s.metric);
    let span = args_span(a);
    let mut annos = Annotations::new();
    let per_second = interval as f64 / 1000.0;
    match (s0, s1) {
        (Point::F(_, f0), Point::F(_, f1)) => {
            let v = instant_float(*f0, *f1, per_second, st_reset, is_rate);
            ok(vec![Sample::scalar(v)])
        }
        (Point::H(_, h0), Point::H(_, h1)) => {
            if is_rate
                && (h1.counter_reset_hint == CounterResetHint::Gauge
                    || h0.counter_reset_hint == CounterResetHint::Gauge)
            {
                annos.add(ann::native_histogram_not_counter_warning(name, span));
            }
            if !is_rate
                && (h1.counter_reset_hint != CounterResetHint::Gauge
                    || h0.counter_reset_hint != CounterResetHint::Gauge)
            {
                annos.add(ann::native_histogram_not_gauge_warning(name, span));
            }
            let mut r = h1.copy_relevant();
            if !is_rate || (!st_reset && !histogram_detect_reset(h1, h0)) {
                match r.sub_detailed(h0) {
                    Ok(c) => {
                        if c.nhcb_bounds_reconciled {
                            annos.add(ann::mismatched_custom_buckets_histograms_info(
                                span,
                                HistogramOperation::Sub,
                            ));
                        }
                        r = c.histogram;
                    }
                    Err(_) => {
                        annos.add(ann::mixed_exponential_custom_histograms_warning(name, span));
                        return with(Vec::new(), annos);
                    }
                }
            }
            r.counter_reset_hint = CounterResetHint::Gauge;
            r.compact(0);
            if is_rate {
                r.div_scalar(per_second);
            }
            with(vec![hist_sample(r)], annos)
        }
        _ => with_one(Vec::new(), ann::mixed_floats_histograms_warning(name, span)),
    }
}

/// `irate`/`idelta` of the last two float samples.
fn float_instant_value(points: &[FPoint], is_rate: bool) -> Option<f64> {
    let [.., p0, p1] = points else {
        return None;
    };
    let interval = p1.t - p0.t;
    (interval != 0).then(|| instant_float(p0.f, p1.f, interval as f64 / 1000.0, false, is_rate))
}

fn instant_float(f0: f64, f1: f64, per_second: f64, st_reset: bool, is_rate: bool) -> f64 {
    // A counter reset leaves the last value as the increase.
    let mut v = if !is_rate || !(f1 < f0 || st_reset) {
        f1 - f0
    } else {
        f1
    };
    if is_rate {
        v /= per_second;
    }
    v
}

// ---- resets, changes ----

/// How many consecutive pairs of float samples satisfy `pred(previous, current)`.
fn count_pairs(points: &[FPoint], pred: fn(f64, f64) -> bool) -> f64 {
    points.windows(2).filter(|w| pred(w[0].f, w[1].f)).count() as f64
}

/// Whether a float changed between samples (NaN to NaN is no change).
fn float_changed(p: f64, c: f64) -> bool {
    c != p && !(c.is_nan() && p.is_nan())
}

/// Start indices of the floats and histograms for anchored ranges (`pickFirstSampleIndices`):
/// the last sample at or before the range start is the baseline. `None` when no sample lies
/// after the range start.
fn first_sample_indices(
    s: SeriesView<'_>,
    a: &FnArgs,
    enh: &EvalNodeHelper,
) -> Option<(usize, usize)> {
    let Some(info) = a.args.first().filter(|i| i.anchored) else {
        return Some((0, 0));
    };
    let range_start = enh.ts - (info.range_ms + info.offset_ms);
    let nf = s.floats.partition_point(|p| p.t <= range_start);
    let nh = s.histograms.partition_point(|p| p.t <= range_start);
    if nf >= s.floats.len() && nh >= s.histograms.len() {
        return None;
    }
    let last_f = nf.checked_sub(1);
    let last_h = nh.checked_sub(1);
    match (last_f, last_h) {
        (None, None) => Some((0, 0)),
        (Some(f), None) => Some((f, nh)),
        (Some(f), Some(h)) if s.floats[f].t >= s.histograms[h].t => Some((f, nh)),
        (_, Some(h)) => Some((nf, h)),
    }
}

#[derive(Clone, Copy)]
enum Cur<'a> {
    F(f64),
    H(&'a FloatHistogram),
}

/// A sample of [`merged_points`].
struct MergedPoint<'a> {
    t: i64,
    st: i64,
    value: Cur<'a>,
}

/// Walks floats and histograms in time order from the given indices, with each sample's
/// time and start timestamp (from the lists parallel to the floats and histograms; 0 where
/// they are shorter).
fn merged_points<'a>(
    s: SeriesView<'a>,
    fi: usize,
    hi: usize,
    float_sts: &[i64],
    histogram_sts: &[i64],
) -> Vec<MergedPoint<'a>> {
    let (mut i, mut j) = (fi, hi);
    let mut out = Vec::new();
    loop {
        let take_float = match (s.floats.get(i), s.histograms.get(j)) {
            (Some(f), Some(h)) if f.t < h.t => true,
            (Some(f), Some(h)) if f.t > h.t => false,
            // Equal timestamps cannot happen within one series; skip both defensively.
            (Some(_), Some(_)) => {
                i += 1;
                j += 1;
                continue;
            }
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        if take_float {
            if let Some(f) = s.floats.get(i) {
                out.push(MergedPoint {
                    t: f.t,
                    st: st_at(float_sts, i),
                    value: Cur::F(f.f),
                });
            }
            i += 1;
        } else {
            if let Some(h) = s.histograms.get(j) {
                out.push(MergedPoint {
                    t: h.t,
                    st: st_at(histogram_sts, j),
                    value: Cur::H(&h.h),
                });
            }
            j += 1;
        }
    }
}

fn func_resets(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() && s.histograms.is_empty() {
        return ok(Vec::new());
    }
    let Some((fi, hi)) = first_sample_indices(s, a, enh) else {
        return ok(Vec::new());
    };
    let pts = merged_points(s, fi, hi, &enh.float_sts, &enh.histogram_sts);
    let resets = pts
        .windows(2)
        .filter(|w| {
            let (p, c) = (&w[0], &w[1]);
            let st_reset = || is_start_timestamp_reset(p.st, p.t, c.st, c.t);
            match (p.value, c.value) {
                (Cur::F(pf), Cur::F(cf)) => cf < pf || st_reset(),
                (Cur::H(ph), Cur::H(ch)) => st_reset() || histogram_detect_reset(ch, ph),
                _ => true,
            }
        })
        .count();
    ok(vec![Sample::scalar(resets as f64)])
}

fn func_changes(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() && s.histograms.is_empty() {
        return ok(Vec::new());
    }
    let Some((fi, hi)) = first_sample_indices(s, a, enh) else {
        return ok(Vec::new());
    };
    let pts = merged_points(s, fi, hi, &[], &[]);
    let changes = pts
        .windows(2)
        .filter(|w| match (w[0].value, w[1].value) {
            (Cur::F(p), Cur::F(c)) => float_changed(p, c),
            (Cur::H(p), Cur::H(c)) => !c.equals(p),
            _ => true,
        })
        .count();
    ok(vec![Sample::scalar(changes as f64)])
}

// ---- deriv, predict_linear, double_exponential_smoothing ----

/// Least-squares fit of the points (x in seconds relative to `intercept_time`): slope and
/// the value at `intercept_time`.
fn linear_regression(samples: &[FPoint], intercept_time: i64) -> (f64, f64) {
    let Some(first) = samples.first() else {
        return (f64::NAN, f64::NAN);
    };
    let init_y = first.f;
    let mut const_y = true;
    let mut n = 0.0;
    let (mut sum_x, mut c_x) = (0.0, 0.0);
    let (mut sum_y, mut c_y) = (0.0, 0.0);
    let (mut sum_xy, mut c_xy) = (0.0, 0.0);
    let (mut sum_x2, mut c_x2) = (0.0, 0.0);
    for (i, p) in samples.iter().enumerate() {
        if const_y && i > 0 && p.f != init_y {
            const_y = false;
        }
        n += 1.0;
        let x = (p.t - intercept_time) as f64 / 1e3;
        (sum_x, c_x) = crate::model::kahan::inc(x, sum_x, c_x);
        (sum_y, c_y) = crate::model::kahan::inc(p.f, sum_y, c_y);
        (sum_xy, c_xy) = crate::model::kahan::inc(x * p.f, sum_xy, c_xy);
        (sum_x2, c_x2) = crate::model::kahan::inc(x * x, sum_x2, c_x2);
    }
    if const_y {
        if init_y.is_infinite() {
            return (f64::NAN, f64::NAN);
        }
        return (0.0, init_y);
    }
    sum_x += c_x;
    sum_y += c_y;
    sum_xy += c_xy;
    sum_x2 += c_x2;
    let cov_xy = sum_xy - sum_x * sum_y / n;
    let var_x = sum_x2 - sum_x * sum_x / n;
    let slope = cov_xy / var_x;
    let intercept = sum_y / n - slope * sum_x / n;
    (slope, intercept)
}

fn ignored_histograms(s: SeriesView<'_>, a: &FnArgs) -> Annotation {
    ann::histogram_ignored_in_mixed_range_info(metric_name(s.metric), arg_span(a, 0))
}

/// Result of a float-only range function: annotated when histograms were ignored.
fn float_result(s: SeriesView<'_>, a: &FnArgs, v: Option<f64>) -> FnResult {
    let v = v.map(Sample::scalar).into_iter().collect();
    if s.histograms.is_empty() {
        ok(v)
    } else {
        with_one(v, ignored_histograms(s, a))
    }
}

fn func_deriv(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() {
        return ok(Vec::new());
    }
    float_result(s, a, float_deriv(s.floats))
}

fn float_deriv(points: &[FPoint]) -> Option<f64> {
    let [first, _, ..] = points else {
        return None;
    };
    // Relative to the first sample's time, to keep the numbers small.
    Some(linear_regression(points, first.t).0)
}

fn func_predict_linear(a: &FnArgs, enh: &EvalNodeHelper) -> FnResult {
    let (Some(s), Some(duration)) = (a.matrix, scalar(a, 0)) else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() {
        return ok(Vec::new());
    }
    float_result(s, a, float_predict_linear(s.floats, enh.ts, duration))
}

fn float_predict_linear(points: &[FPoint], ts: i64, duration: f64) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let (slope, intercept) = linear_regression(points, ts);
    Some(slope * duration + intercept)
}

fn func_double_exponential_smoothing(a: &FnArgs) -> FnResult {
    let (Some(s), Some(sf), Some(tf)) = (a.matrix, scalar(a, 0), scalar(a, 1)) else {
        return ok(Vec::new());
    };
    if sf <= 0.0 || sf >= 1.0 {
        return Err(EvalError::new(format!(
            "invalid smoothing factor. Expected: 0 < sf < 1, got: {}",
            crate::gostr::format_float_f6(sf)
        )));
    }
    if tf <= 0.0 || tf >= 1.0 {
        return Err(EvalError::new(format!(
            "invalid trend factor. Expected: 0 < tf < 1, got: {}",
            crate::gostr::format_float_f6(tf)
        )));
    }
    let f = &s.floats;
    if f.len() < 2 {
        if f.len() == 1 && !s.histograms.is_empty() {
            return with_one(Vec::new(), ignored_histograms(s, a));
        }
        return ok(Vec::new());
    }
    let (mut s0, mut s1) = (0.0, f[0].f);
    let mut b = f[1].f - f[0].f;
    for (i, p) in f.iter().enumerate().skip(1) {
        let x = sf * p.f;
        // Trend: the raw first difference at the start, smoothed afterwards.
        if i > 1 {
            b = tf * (s1 - s0) + (1.0 - tf) * b;
        }
        let y = (1.0 - sf) * (s1 + b);
        s0 = s1;
        s1 = x + y;
    }
    float_result(s, a, Some(s1))
}

// ---- *_over_time ----

fn over_time(a: &FnArgs, f: impl Fn(SeriesView<'_>) -> f64) -> FnResult {
    match a.matrix {
        Some(s) => ok(vec![Sample::scalar(f(s))]),
        None => ok(Vec::new()),
    }
}

fn func_avg_over_time(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    let span = arg_span(a, 0);
    if !s.floats.is_empty() && !s.histograms.is_empty() {
        return with_one(
            Vec::new(),
            ann::mixed_floats_histograms_warning(metric_name(s.metric), span),
        );
    }
    if s.floats.is_empty() {
        return histogram_over_time(s, span, true);
    }
    ok(float_avg(s.floats)
        .map(Sample::scalar)
        .into_iter()
        .collect())
}

fn float_avg(points: &[FPoint]) -> Option<f64> {
    let mut sum = points.first()?.f;
    let mut count = 1.0;
    let (mut mean, mut c) = (0.0, 0.0);
    let mut incremental = false;
    for (i, p) in points.iter().enumerate().skip(1) {
        count = (i + 1) as f64;
        if !incremental {
            let (ns, nc) = crate::model::kahan::inc(p.f, sum, c);
            if !ns.is_infinite() {
                (sum, c) = (ns, nc);
                continue;
            }
            // The sum would overflow: continue with an incrementally updated mean.
            incremental = true;
            mean = sum / (count - 1.0);
            c /= count - 1.0;
        }
        let q = (count - 1.0) / count;
        (mean, c) = crate::model::kahan::inc(p.f / count, q * mean, q * c);
    }
    Some(if incremental {
        mean + c
    } else {
        sum / count + c / count
    })
}

fn func_sum_over_time(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    let span = arg_span(a, 0);
    if !s.floats.is_empty() && !s.histograms.is_empty() {
        return with_one(
            Vec::new(),
            ann::mixed_floats_histograms_warning(metric_name(s.metric), span),
        );
    }
    if s.floats.is_empty() {
        return histogram_over_time(s, span, false);
    }
    ok(float_sum(s.floats)
        .map(Sample::scalar)
        .into_iter()
        .collect())
}

fn float_sum(points: &[FPoint]) -> Option<f64> {
    if points.is_empty() {
        return None;
    }
    let (mut sum, mut c) = (0.0, 0.0);
    for p in points {
        (sum, c) = crate::model::kahan::inc(p.f, sum, c);
    }
    Some(if sum.is_infinite() { sum } else { sum + c })
}

/// `sum_over_time`/`avg_over_time` of native histograms, with Prometheus's Kahan-compensated
/// additions (and, for the average, its switch to an incremental mean before overflowing).
fn histogram_over_time(s: SeriesView<'_>, span: Span, average: bool) -> FnResult {
    let mut annos = Annotations::new();
    let (mut reset_seen, mut not_reset_seen) = (false, false);
    for p in s.histograms {
        match p.h.counter_reset_hint {
            CounterResetHint::CounterReset => reset_seen = true,
            CounterResetHint::NotCounterReset => not_reset_seen = true,
            _ => {}
        }
    }
    let result = if average {
        super::aggregate::histogram_mean(s.histograms, span, &mut annos)
    } else {
        histogram_sum(s.histograms, span, &mut annos)
    };
    let h = match result {
        Ok(Some(h)) => h,
        Ok(None) => return ok(Vec::new()),
        Err(HistogramError::IncompatibleSchema) => {
            return with_one(
                Vec::new(),
                ann::mixed_exponential_custom_histograms_warning(metric_name(s.metric), span),
            )
        }
    };
    if reset_seen && not_reset_seen {
        annos.add(ann::histogram_counter_reset_collision_warning(
            span,
            HistogramOperation::Agg,
        ));
    }
    with(vec![hist_sample(h)], annos)
}

/// Prometheus's `sum_over_time` of histograms: `KahanAdd` over the points, then the
/// compensation added once.
fn histogram_sum(
    points: &[HPoint],
    span: Span,
    annos: &mut Annotations,
) -> Result<Option<FloatHistogram>, HistogramError> {
    let Some((first, rest)) = points.split_first() else {
        return Ok(None);
    };
    let mut sum = first.h.copy_relevant();
    let mut comp = None;
    let mut reconciled = false;
    for p in rest {
        let r = sum.kahan_add(&p.h, comp.take())?;
        reconciled |= r.nhcb_bounds_reconciled;
        comp = Some(r.compensation);
    }
    if let Some(c) = comp {
        let r = sum.add_detailed(&c)?;
        reconciled |= r.nhcb_bounds_reconciled;
        sum = r.histogram;
    }
    if reconciled {
        annos.add(ann::mismatched_custom_buckets_histograms_info(
            span,
            HistogramOperation::Agg,
        ));
    }
    Ok(Some(sum))
}

fn func_first_over_time(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    let out = match (s.floats.first(), s.histograms.first()) {
        (Some(f), Some(h)) if f.t < h.t => Sample::scalar(f.f),
        (Some(f), None) => Sample::scalar(f.f),
        (_, Some(h)) => hist_sample(h.h.copy_relevant()),
        (None, None) => return ok(Vec::new()),
    };
    ok(vec![out])
}

fn func_last_over_time(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    let out = match (s.floats.last(), s.histograms.last()) {
        (Some(f), Some(h)) if h.t < f.t => Sample::scalar(f.f),
        (Some(f), None) => Sample::scalar(f.f),
        (_, Some(h)) => hist_sample(h.h.copy_relevant()),
        (None, None) => return ok(Vec::new()),
    };
    ok(vec![out])
}

fn func_ts_of_first_over_time(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    let tf = s.floats.first().map_or(i64::MAX, |p| p.t);
    let th = s.histograms.first().map_or(i64::MAX, |p| p.t);
    ok(vec![Sample::scalar(tf.min(th) as f64 / 1000.0)])
}

fn func_ts_of_last_over_time(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    // A missing kind counts as time 0, as in Prometheus.
    let tf = s.floats.last().map_or(0, |p| p.t);
    let th = s.histograms.last().map_or(0, |p| p.t);
    ok(vec![Sample::scalar(tf.max(th) as f64 / 1000.0)])
}

/// max/min_over_time and their ts_of_ variants: floats only.
fn compare_over_time(a: &FnArgs, replace: fn(f64, f64) -> bool, timestamp: bool) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() {
        return ok(Vec::new());
    }
    float_result(s, a, float_best(s.floats, replace, timestamp))
}

/// The value (or time in seconds) of the sample that `replace` picks over all earlier ones.
fn float_best(points: &[FPoint], replace: fn(f64, f64) -> bool, timestamp: bool) -> Option<f64> {
    let first = points.first()?;
    let (mut best, mut best_t) = (first.f, first.t);
    for p in points {
        if replace(p.f, best) {
            best = p.f;
            best_t = p.t;
        }
    }
    Some(if timestamp {
        best_t as f64 / 1000.0
    } else {
        best
    })
}

fn max_replaces(cur: f64, m: f64) -> bool {
    cur > m || m.is_nan()
}

fn min_replaces(cur: f64, m: f64) -> bool {
    cur < m || m.is_nan()
}

/// The latest of equal maxima wins.
fn ts_max_replaces(cur: f64, m: f64) -> bool {
    cur >= m || m.is_nan()
}

fn ts_min_replaces(cur: f64, m: f64) -> bool {
    cur <= m || m.is_nan()
}

fn func_quantile_over_time(a: &FnArgs) -> FnResult {
    let (Some(q), Some(s)) = (scalar(a, 0), a.matrix) else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() {
        return ok(Vec::new());
    }
    let mut annos = Annotations::new();
    // Prometheus reports both against the first argument (the quantile).
    if q.is_nan() || !(0.0..=1.0).contains(&q) {
        annos.add(ann::invalid_quantile_warning(q, arg_span(a, 0)));
    }
    if !s.histograms.is_empty() {
        annos.add(ignored_histograms(s, a));
    }
    let mut values: Vec<f64> = s.floats.iter().map(|p| p.f).collect();
    with(
        vec![Sample::scalar(quantile::quantile(q, &mut values))],
        annos,
    )
}

fn func_mad_over_time(a: &FnArgs) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() {
        return ok(Vec::new());
    }
    float_result(s, a, float_mad(s.floats))
}

fn float_mad(points: &[FPoint]) -> Option<f64> {
    if points.is_empty() {
        return None;
    }
    if points.iter().any(|p| p.f.is_nan()) {
        // NaN makes the median, and so the deviation, undefined.
        return Some(f64::NAN);
    }
    let mut values: Vec<f64> = points.iter().map(|p| p.f).collect();
    let median = quantile::quantile(0.5, &mut values);
    let mut dev: Vec<f64> = values.iter().map(|v| (v - median).abs()).collect();
    Some(quantile::quantile(0.5, &mut dev))
}

fn variance_over_time(a: &FnArgs, stddev: bool) -> FnResult {
    let Some(s) = a.matrix else {
        return ok(Vec::new());
    };
    if s.floats.is_empty() {
        return ok(Vec::new());
    }
    let variance = float_variance(s.floats);
    float_result(
        s,
        a,
        if stddev {
            variance.map(f64::sqrt)
        } else {
            variance
        },
    )
}

fn float_variance(points: &[FPoint]) -> Option<f64> {
    if points.is_empty() {
        return None;
    }
    let mut count = 0.0;
    let (mut mean, mut c_mean) = (0.0, 0.0);
    let (mut aux, mut c_aux) = (0.0, 0.0);
    for p in points {
        count += 1.0;
        let delta = p.f - (mean + c_mean);
        (mean, c_mean) = crate::model::kahan::inc(delta / count, mean, c_mean);
        (aux, c_aux) = crate::model::kahan::inc(delta * (p.f - (mean + c_mean)), aux, c_aux);
    }
    Some((aux + c_aux) / count)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: i64 = 60_000;

    fn lbl(pairs: &[(&str, &str)]) -> Labels {
        Labels::from_pairs(pairs.iter().copied())
    }

    /// `start, start+step, …` (ms) with the given values, as a promqltest `load` would store.
    fn pts(start: i64, step: i64, values: &[f64]) -> Vec<FPoint> {
        values
            .iter()
            .enumerate()
            .map(|(i, &f)| FPoint {
                t: start + step * i as i64,
                f,
            })
            .collect()
    }

    /// `a+bxN` promqltest notation.
    fn expand(a: f64, b: f64, n: usize) -> Vec<f64> {
        (0..=n).map(|i| a + b * i as f64).collect()
    }

    /// The points of `all` in the left-open window `(ts - range - offset, ts - offset]`.
    fn window(all: &[FPoint], ts: i64, range: i64, offset: i64) -> Vec<FPoint> {
        all.iter()
            .copied()
            .filter(|p| p.t > ts - range - offset && p.t <= ts - offset)
            .collect()
    }

    struct RangeCall {
        name: &'static str,
        ts: i64,
        range: i64,
        offset: i64,
        scalars: Vec<f64>,
        /// Index of the range argument among the arguments.
        matrix_arg: usize,
    }

    impl RangeCall {
        fn new(name: &'static str, ts: i64, range: i64) -> Self {
            RangeCall {
                name,
                ts,
                range,
                offset: 0,
                scalars: Vec::new(),
                matrix_arg: 0,
            }
        }

        fn run_series(&self, s: &Series) -> (Option<f64>, Annotations) {
            let mut args = Vec::new();
            for i in 0..=self.scalars.len() {
                let mut info = ArgInfo {
                    span: Span::new(i * 10, i * 10 + 5),
                    ..ArgInfo::default()
                };
                if i == self.matrix_arg {
                    info.range_ms = self.range;
                    info.offset_ms = self.offset;
                }
                args.push(info);
            }
            let vectors: Vec<Vector> = self
                .scalars
                .iter()
                .map(|&f| vec![Sample::scalar(f)])
                .collect();
            let a = FnArgs {
                vectors: &vectors,
                matrix: Some(s.into()),
                args: &args,
                call_span: Span::new(0, 100),
            };
            let mut enh = EvalNodeHelper::new(false);
            enh.ts = self.ts;
            let (v, annos) = call(self.name, &a, &mut enh).expect("call succeeds");
            (v.first().map(|s| s.f), annos)
        }

        /// Runs over the window of `all` at `ts`.
        fn run(&self, all: &[FPoint]) -> Option<f64> {
            let s = Series {
                metric: lbl(&[("__name__", "x_total")]),
                floats: window(all, self.ts, self.range, self.offset),
                ..Series::default()
            };
            self.run_series(&s).0
        }
    }

    fn close(a: f64, b: f64) -> bool {
        quantile::almost_equal(a, b, 1e-9)
    }

    /// Windows of 0–11 points with irregular spacing, counter resets, repeats and NaNs.
    fn arbitrary_windows(n: usize) -> Vec<Vec<FPoint>> {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..n)
            .map(|_| {
                let len = (next() % 12) as usize;
                let mut t = 0;
                let mut v = (next() % 100) as f64;
                (0..len)
                    .map(|_| {
                        t += 1_000 + (next() % 30_000) as i64;
                        v = match next() % 10 {
                            0 => 0.0,
                            1 => f64::NAN,
                            2 => v,
                            3 => -v,
                            _ => v + (next() % 500) as f64 / 7.0,
                        };
                        FPoint { t, f: v }
                    })
                    .collect()
            })
            .collect()
    }

    fn same(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(x), Some(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
            (x, y) => x.is_none() && y.is_none(),
        }
    }

    #[test]
    fn float_fast_path_matches_the_general_call() {
        const NAMES: &[&str] = &[
            "rate",
            "increase",
            "delta",
            "irate",
            "idelta",
            "resets",
            "changes",
            "deriv",
            "predict_linear",
            "avg_over_time",
            "sum_over_time",
            "count_over_time",
            "present_over_time",
            "absent_over_time",
            "first_over_time",
            "last_over_time",
            "max_over_time",
            "min_over_time",
            "ts_of_max_over_time",
            "ts_of_min_over_time",
            "mad_over_time",
            "stddev_over_time",
            "stdvar_over_time",
        ];
        // Every point lies inside the window (ts - range, ts].
        let (ts, range) = (400_000, 300_000);
        for points in arbitrary_windows(400) {
            let points: Vec<FPoint> = points
                .into_iter()
                .map(|p| FPoint {
                    t: p.t + 100_000,
                    ..p
                })
                .filter(|p| p.t <= ts)
                .collect();
            if points.is_empty() {
                continue;
            }
            for name in NAMES {
                let fast = resolve_float(name).unwrap_or_else(|| panic!("{name} has no fast path"));
                let mut call = RangeCall::new(name, ts, range);
                if *name == "predict_linear" {
                    call.scalars = vec![600.0];
                }
                let w = FloatWindow {
                    points: &points,
                    ts,
                    range_ms: range,
                    offset_ms: 0,
                    drops: None,
                    scalars: &call.scalars,
                };
                let general = call.run(&points);
                assert!(same(fast(&w), general), "{name} over {points:?}");
            }
            // The evaluator's precomputed drops give the same increase as scanning.
            let drops: Vec<usize> = (1..points.len())
                .filter(|&i| points[i].f < points[i - 1].f)
                .map(|i| i + 3)
                .collect();
            let mut w = FloatWindow {
                points: &points,
                ts,
                range_ms: range,
                offset_ms: 0,
                drops: None,
                scalars: &[],
            };
            let scanned = float_rate(&w, true, false);
            w.drops = Some((&drops, 3));
            assert!(same(float_rate(&w, true, false), scanned), "{points:?}");
        }
    }

    #[track_caller]
    fn assert_close(got: Option<f64>, want: f64) {
        let g = got.expect("a result");
        assert!(close(g, want), "got {g}, want {want}");
    }

    #[test]
    fn increase_extrapolation() {
        // functions.test: increase(http_requests_total[50m]) and [100m] at 50m.
        let foo = pts(0, 5 * M, &expand(0.0, 10.0, 10));
        let bar: Vec<f64> = [expand(0.0, 18.0, 5), expand(0.0, 18.0, 5)].concat();
        let bar = pts(0, 5 * M, &bar);
        let dings = pts(0, 5 * M, &expand(10.0, 10.0, 10));
        let bumms = pts(0, 5 * M, &expand(1.0, 10.0, 10));
        let c = RangeCall::new("increase", 50 * M, 50 * M);
        assert_close(c.run(&foo), 100.0);
        assert_close(c.run(&bar), 160.0);
        assert_close(c.run(&dings), 100.0);
        assert_close(c.run(&bumms), 100.0);
        let c = RangeCall::new("increase", 50 * M, 100 * M);
        assert_close(c.run(&foo), 100.0);
        assert_close(c.run(&bar), 162.0);
        assert_close(c.run(&dings), 105.0);
        assert_close(c.run(&bumms), 101.0);
        // Counter reset: 0 1 2 3 2 3 4 reads as 3 0 1 2 …
        let reset = pts(0, 5 * M, &[0.0, 1.0, 2.0, 3.0, 2.0, 3.0, 4.0]);
        assert_close(RangeCall::new("increase", 30 * M, 30 * M).run(&reset), 7.0);
    }

    #[test]
    fn rate_cases() {
        let middle: Vec<f64> = [expand(0.0, 27.0, 4), expand(0.0, 27.0, 5)].concat();
        let middle = pts(0, 5 * M, &middle);
        assert_close(RangeCall::new("rate", 50 * M, 50 * M).run(&middle), 0.08);
        let end: Vec<f64> = [expand(0.0, 10.0, 9), vec![0.0, 10.0]].concat();
        let end = pts(0, 5 * M, &end);
        // One sample in the window: no result.
        assert_eq!(RangeCall::new("rate", 50 * M, 5 * M).run(&end), None);
        assert_close(RangeCall::new("rate", 50 * M, 6 * M).run(&end), 0.0);
        let window_total = pts(0, 5 * M, &expand(0.0, 80.0, 10));
        assert_close(
            RangeCall::new("rate", 50 * M, 50 * M).run(&window_total),
            0.26666666666666666,
        );
        let offset_a = pts(0, 5 * M, &expand(0.0, 10.0, 10));
        let mut c = RangeCall::new("rate", 50 * M, 10 * M);
        c.offset = 5 * M;
        assert_close(c.run(&offset_a), 0.03333333333333333);
        // Zero cutoff of the left extrapolation (load 4m, rate[20m] at 10m and 50m).
        let starts = [0.0, 60.0, 120.0, 180.0, 240.0, 300.0];
        let at10 = [0.5, 0.55, 0.6, 0.6, 0.6, 0.6];
        for (s, want) in starts.iter().zip(at10) {
            let series = pts(0, 4 * M, &expand(*s, 240.0, 10));
            assert_close(RangeCall::new("rate", 10 * M, 20 * M).run(&series), want);
            assert_close(RangeCall::new("rate", 50 * M, 20 * M).run(&series), 0.6);
        }
    }

    #[test]
    fn delta_is_not_reset_corrected() {
        let s = pts(0, 5 * M, &[10.0, 20.0, 5.0]);
        // delta over [15m] at 10m: 5-10 = -5 over 10m, extrapolated by the full 5m to the
        // start (within 1.1 average intervals), not at all to the end.
        let got = RangeCall::new("delta", 10 * M, 15 * M).run(&s);
        assert_close(got, -5.0 * (600.0 + 300.0) / 600.0);
    }

    #[test]
    fn irate_and_idelta() {
        let foo = pts(0, 5 * M, &expand(0.0, 10.0, 10));
        let bar: Vec<f64> = [expand(0.0, 10.0, 5), expand(0.0, 10.0, 5)].concat();
        let bar = pts(0, 5 * M, &bar);
        let c = RangeCall::new("irate", 50 * M, 50 * M);
        assert_close(c.run(&foo), 0.03333333333333333);
        assert_close(c.run(&bar), 0.03333333333333333);
        let c = RangeCall::new("irate", 30 * M, 50 * M);
        assert_close(c.run(&bar), 0.0);
        // http_requests_nan: 1 NaN NaN 5 11 at 20m over [15m1s]: (11-5)/300.
        let nan = pts(0, 5 * M, &[1.0, f64::NAN, f64::NAN, 5.0, 11.0]);
        assert_close(
            RangeCall::new("irate", 20 * M, 15 * M + 1000).run(&nan),
            0.02,
        );
        assert!(RangeCall::new("irate", 10 * M, 15 * M + 1000)
            .run(&nan)
            .is_some_and(f64::is_nan));
        assert_close(RangeCall::new("idelta", 30 * M, 50 * M).run(&bar), -50.0);
        assert_eq!(RangeCall::new("idelta", 0, 50 * M).run(&bar), None);
    }

    /// Runs a range function at `ts` over `points` (time, value, start timestamp), all of
    /// which are taken to lie in the window, with their start timestamps in the helper.
    fn run_with_sts(
        name: &'static str,
        ts: i64,
        range: i64,
        points: &[(i64, f64, i64)],
    ) -> (Option<f64>, Annotations) {
        let s = Series {
            metric: lbl(&[("__name__", "x_total")]),
            floats: points.iter().map(|&(t, f, _)| FPoint { t, f }).collect(),
            ..Series::default()
        };
        let args = [ArgInfo {
            span: Span::new(5, 15),
            range_ms: range,
            ..ArgInfo::default()
        }];
        let a = FnArgs {
            vectors: &[],
            matrix: Some((&s).into()),
            args: &args,
            call_span: Span::new(0, 20),
        };
        let mut enh = EvalNodeHelper::new(false);
        enh.ts = ts;
        enh.float_sts = points.iter().map(|&(_, _, st)| st).collect();
        let (v, annos) = call(name, &a, &mut enh).expect("call succeeds");
        (v.first().map(|s| s.f), annos)
    }

    #[test]
    fn start_timestamp_reset_rules() {
        // Unknown, invalid (after the sample) or equal to the sample time: no reset.
        assert!(!is_start_timestamp_reset(5, 10, 0, 20));
        assert!(!is_start_timestamp_reset(5, 10, 21, 20));
        assert!(!is_start_timestamp_reset(5, 10, 20, 20));
        // Reaching back before the previous sample: same counter, no reset.
        assert!(!is_start_timestamp_reset(5, 10, 9, 20));
        // Starting after the previous sample: reset.
        assert!(is_start_timestamp_reset(5, 10, 11, 20));
        // Starting exactly at the previous sample: a delta only if that one had a valid
        // start timestamp of its own.
        assert!(is_start_timestamp_reset(5, 10, 10, 20));
        assert!(!is_start_timestamp_reset(0, 10, 10, 20));
        assert!(!is_start_timestamp_reset(10, 10, 10, 20));
        assert!(!is_start_timestamp_reset(15, 10, 10, 20));

        assert!(start_time_overlaps(0, 10, 5));
        assert!(!start_time_overlaps(5, 10, 5)); // cumulative: same start
        assert!(!start_time_overlaps(5, 10, 10)); // delta: starts at the previous sample
        assert!(!start_time_overlaps(5, 10, 0));
    }

    #[test]
    fn increase_uses_start_timestamps() {
        // Delta samples (each starting at the previous one): every step is a reset.
        let delta: Vec<(i64, f64, i64)> = (6..=10).map(|i| (i * M, 60.0, (i - 1) * M)).collect();
        assert_close(run_with_sts("increase", 10 * M, 5 * M, &delta).0, 300.0);
        let no_st: Vec<(i64, f64, i64)> = delta.iter().map(|&(t, f, _)| (t, f, 0)).collect();
        assert_close(run_with_sts("increase", 10 * M, 5 * M, &no_st).0, 0.0);
        assert_close(run_with_sts("rate", 10 * M, 5 * M, &delta).0, 1.0);

        // A single sample whose counter started inside the range: increase from zero at the
        // start time, no extrapolation.
        let one = [(4 * M, 3.0, 90_000)];
        assert_close(run_with_sts("increase", 6 * M, 5 * M, &one).0, 3.0);
        // Starting before the range (or unknown): not enough samples.
        assert_eq!(
            run_with_sts("increase", 6 * M, 5 * M, &[(4 * M, 3.0, 30_000)]).0,
            None
        );
        assert_eq!(
            run_with_sts("increase", 6 * M, 5 * M, &[(4 * M, 3.0, 0)]).0,
            None
        );

        // Start inside the range replaces extrapolation to the left only.
        let pts = [
            (2 * M, 1.0, 90_000),
            (3 * M, 2.0, 90_000),
            (4 * M, 3.0, 90_000),
        ];
        // 3 over the 150s from start to last sample, extrapolated right by 60s.
        assert_close(
            run_with_sts("increase", 5 * M, 4 * M, &pts).0,
            3.0 * 210.0 / 150.0,
        );
    }

    #[test]
    fn overlapping_start_timestamps_warn_once() {
        let pts = [(2 * M, 60.0, 0), (3 * M, 120.0, M), (4 * M, 180.0, 2 * M)];
        let (v, annos) = run_with_sts("rate", 4 * M, 3 * M, &pts);
        assert_close(v, 1.0);
        assert_eq!(
            annos.warnings("rate(x_total[3m])"),
            [
                "PromQL warning: sample has start time that overlaps with previous sample \
              timestamp for metric \"x_total\" (1:6)"
            ]
        );
        // Cumulative samples sharing one start: fine.
        let pts = [(2 * M, 60.0, M), (3 * M, 120.0, M), (4 * M, 180.0, M)];
        assert!(run_with_sts("rate", 4 * M, 3 * M, &pts).1.is_empty());
    }

    #[test]
    fn irate_and_resets_use_start_timestamps() {
        // The last sample starts at the previous one, which has a start of its own: a reset.
        let pts = [(M, 60.0, 1), (2 * M, 60.0, M)];
        assert_close(run_with_sts("irate", 2 * M, 5 * M, &pts).0, 1.0);
        // Unknown start of the previous sample: the same cumulative counter.
        let pts = [(M, 60.0, 0), (2 * M, 60.0, M)];
        assert_close(run_with_sts("irate", 2 * M, 5 * M, &pts).0, 0.0);

        let pts = [
            (M, 10.0, 30_000),
            (2 * M, 20.0, 30_000),
            (3 * M, 5.0, 150_000),
            (4 * M, 1.0, 150_000),
        ];
        // At 3m a reset by start timestamp (and value, counted once), at 4m by value only.
        assert_close(run_with_sts("resets", 4 * M, 5 * M, &pts).0, 2.0);
        let pts = [(M, 10.0, 0), (2 * M, 20.0, 90_000), (3 * M, 30.0, 90_000)];
        assert_close(run_with_sts("resets", 4 * M, 5 * M, &pts).0, 1.0);
    }

    #[test]
    fn start_timestamp_function() {
        let v = vec![
            Sample::float(lbl(&[("__name__", "a"), ("x", "1")]), 10_000, 1.0),
            Sample::float(lbl(&[("__name__", "a"), ("x", "2")]), 10_000, 2.0),
        ];
        let args = [ArgInfo::default()];
        let vectors = [v];
        let a = FnArgs {
            vectors: &vectors,
            matrix: None,
            args: &args,
            call_span: Span::new(0, 10),
        };
        let mut enh = EvalNodeHelper::new(false);
        enh.ts = 20_000;
        // Without start timestamps (an expression argument): nothing.
        let (out, _) = call("start_timestamp", &a, &mut enh).expect("call succeeds");
        assert!(out.is_empty());
        enh.float_sts = vec![9_500, 0];
        let (out, _) = call("start_timestamp", &a, &mut enh).expect("call succeeds");
        assert_eq!(floats_of(&out), [9.5, 0.0]);
        assert_eq!(out[0].metric.to_string(), r#"{x="1"}"#);
        assert_eq!(out[0].t, 20_000);
    }

    #[test]
    fn resets_and_changes() {
        let foo = pts(
            0,
            5 * M,
            &[1.0, 2.0, 3.0, 0.0, 1.0, 0.0, 0.0, 1.0, 2.0, 0.0],
        );
        let bar = pts(
            0,
            5 * M,
            &[1.0, 2.0, 3.0, 4.0, 5.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        );
        assert_close(RangeCall::new("resets", 50 * M, 20 * M).run(&foo), 1.0);
        assert_close(RangeCall::new("resets", 50 * M, 32 * M).run(&foo), 2.0);
        assert_close(RangeCall::new("resets", 50 * M, 50 * M).run(&foo), 3.0);
        assert_close(RangeCall::new("resets", 50 * M, 32 * M).run(&bar), 1.0);
        assert_close(RangeCall::new("changes", 50 * M, 50 * M).run(&foo), 7.0);
        assert_close(RangeCall::new("changes", 50 * M, 50 * M).run(&bar), 8.0);
        let nan = pts(0, 5 * M, &[0.0, f64::NAN, 0.0]);
        assert_close(RangeCall::new("changes", 15 * M, 20 * M).run(&nan), 2.0);
        let all_nan = pts(0, 5 * M, &[f64::NAN; 3]);
        assert_close(RangeCall::new("changes", 15 * M, 20 * M).run(&all_nan), 0.0);
    }

    #[test]
    fn deriv_and_predict_linear() {
        let middle: Vec<f64> = [expand(0.0, 10.0, 4), expand(0.0, 10.0, 5)].concat();
        let middle = pts(0, 5 * M, &middle);
        assert_close(
            RangeCall::new("deriv", 50 * M, 100 * M).run(&middle),
            0.010606060606060607,
        );
        let app = pts(0, 5 * M, &expand(0.0, 80.0, 10));
        assert_close(
            RangeCall::new("deriv", 50 * M, 50 * M).run(&app),
            0.26666666666666666,
        );
        let mut c = RangeCall::new("predict_linear", 50 * M, 50 * M);
        c.scalars = vec![3600.0];
        assert_close(c.run(&middle), 70.0);
        // With `@ 3000` the window is fixed but the intercept is at the evaluation time.
        let s = Series {
            floats: window(&middle, 50 * M, 55 * M, 0),
            ..Series::default()
        };
        for (ts, want) in [
            (50 * M, 76.81818181818181),
            (10 * M, 51.36363636363637),
            (70 * M, 89.54545454545455),
        ] {
            c.ts = ts;
            assert_close(c.run_series(&s).0, want);
        }
        // Infinite values make the fit undefined.
        let inf: Vec<f64> = [
            vec![f64::NEG_INFINITY],
            expand(0.0, 80.0, 10),
            vec![f64::INFINITY],
        ]
        .concat();
        let inf = pts(0, 5 * M, &inf);
        assert!(RangeCall::new("deriv", 100 * M, 100 * M)
            .run(&inf)
            .is_some_and(f64::is_nan));
    }

    #[test]
    fn predict_linear_ignores_histograms_with_info() {
        let s = Series {
            floats: pts(0, 5 * M, &[1.0]),
            histograms: vec![HPoint {
                t: 10 * M,
                h: Arc::new(FloatHistogram::default()),
            }],
            ..Series::default()
        };
        let mut c = RangeCall::new("predict_linear", 10 * M, 20 * M);
        c.scalars = vec![60.0];
        let (v, annos) = c.run_series(&s);
        assert_eq!(v, None);
        assert_eq!(annos.infos("").len(), 1);
    }

    #[test]
    fn double_exponential_smoothing() {
        // load 10s: 0+10x1000 100+30x1000; at 8000s over [1m] the trend is exact.
        let vals: Vec<f64> = [expand(0.0, 10.0, 1000), expand(100.0, 30.0, 1000)].concat();
        let s = pts(0, 10_000, &vals);
        let mut c = RangeCall::new("double_exponential_smoothing", 8_000_000, M);
        c.scalars = vec![0.01, 0.1];
        assert_close(c.run(&s), 8000.0);
        let neg = pts(0, 10_000, &expand(8000.0, -10.0, 1000));
        assert_close(c.run(&neg), 0.0);
        c.scalars = vec![1.0, 0.1];
        let s2 = Series {
            floats: window(&s, 8_000_000, M, 0),
            ..Series::default()
        };
        let args = [ArgInfo::default(), ArgInfo::default(), ArgInfo::default()];
        let vectors = vec![vec![Sample::scalar(1.0)], vec![Sample::scalar(0.1)]];
        let a = FnArgs {
            vectors: &vectors,
            matrix: Some((&s2).into()),
            args: &args,
            call_span: Span::default(),
        };
        let err = call(
            "double_exponential_smoothing",
            &a,
            &mut EvalNodeHelper::new(false),
        )
        .err()
        .map(|e| e.msg);
        assert_eq!(
            err.as_deref(),
            Some("invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000")
        );
    }

    /// A value close to `f64::MAX` (functions.test's metric8).
    const BIG: f64 = 9.988_465_674_311_58e307;

    #[test]
    fn over_time_family() {
        let metric = pts(10_000, 10_000, &[1.0, 2.0, 3.0, 4.0, 5.0]);
        let at = |name: &'static str, all: &[FPoint]| RangeCall::new(name, 55_000, M).run(all);
        assert_close(at("avg_over_time", &metric), 3.0);
        assert_close(at("sum_over_time", &metric), 15.0);
        assert_close(at("count_over_time", &metric), 5.0);
        assert_close(at("min_over_time", &metric), 1.0);
        assert_close(at("max_over_time", &metric), 5.0);
        assert_close(at("ts_of_max_over_time", &metric), 50.0);
        assert_close(at("ts_of_min_over_time", &metric), 10.0);
        assert_close(at("first_over_time", &metric), 1.0);
        assert_close(at("last_over_time", &metric), 5.0);
        assert_close(at("ts_of_first_over_time", &metric), 10.0);
        assert_close(at("ts_of_last_over_time", &metric), 50.0);
        assert_close(at("present_over_time", &metric), 1.0);
        assert_close(at("stdvar_over_time", &metric), 2.0);
        assert_close(at("stddev_over_time", &metric), 2f64.sqrt());
        assert_close(at("mad_over_time", &metric), 1.0);
        // avg_over_time avoids overflowing where sum_over_time cannot.
        let big = pts(10_000, 10_000, &[BIG, BIG]);
        assert_close(at("avg_over_time", &big), BIG);
        assert_eq!(at("sum_over_time", &big), Some(f64::INFINITY));
        let cancel = pts(10_000, 10_000, &[-BIG, BIG]);
        assert_close(at("avg_over_time", &cancel), 0.0);
        let inf = pts(
            10_000,
            10_000,
            &[1.0, 2.0, 3.0, f64::INFINITY, f64::NEG_INFINITY],
        );
        assert!(at("avg_over_time", &inf).is_some_and(f64::is_nan));
        let inf5 = pts(10_000, 10_000, &[f64::INFINITY, 0.0, f64::INFINITY]);
        assert_eq!(at("avg_over_time", &inf5), Some(f64::INFINITY));
        // A NaN sample makes the median absolute deviation NaN.
        let nan = pts(10_000, 10_000, &[1.0, f64::NAN]);
        assert!(at("mad_over_time", &nan).is_some_and(f64::is_nan));
    }

    #[test]
    fn quantile_over_time_cases() {
        let uneven = pts(0, 10_000, &[0.0, 1.0, 4.0]);
        let three = pts(0, 10_000, &[0.0, 1.0, 2.0]);
        for (q, want_uneven, want_three) in [
            (0.0, 0.0, 0.0),
            (0.5, 1.0, 1.0),
            (0.75, 2.5, 1.5),
            (0.8, 2.8, 1.6),
            (1.0, 4.0, 2.0),
            (-1.0, f64::NEG_INFINITY, f64::NEG_INFINITY),
            (2.0, f64::INFINITY, f64::INFINITY),
        ] {
            let mut c = RangeCall::new("quantile_over_time", M, 2 * M);
            c.scalars = vec![q];
            c.matrix_arg = 1;
            let (u, t) = (c.run(&uneven), c.run(&three));
            assert!(u.is_some_and(|u| close(u, want_uneven)), "q={q}: {u:?}");
            assert!(t.is_some_and(|t| close(t, want_three)), "q={q}: {t:?}");
        }
        let mut c = RangeCall::new("quantile_over_time", M, 2 * M);
        c.scalars = vec![2.0];
        c.matrix_arg = 1;
        let s = Series {
            floats: uneven.clone(),
            ..Series::default()
        };
        let (_, annos) = c.run_series(&s);
        assert_eq!(
            annos.warnings("quantile_over_time(2, data[2m])"),
            vec!["PromQL warning: quantile value should be between 0 and 1, got 2 (1:1)"]
        );
    }

    fn inst(
        name: &str,
        v: Vector,
        scalars_after: &[f64],
        strings: &[&str],
    ) -> (Vector, Annotations) {
        let mut vectors = vec![v];
        vectors.extend(scalars_after.iter().map(|&f| vec![Sample::scalar(f)]));
        let mut args: Vec<ArgInfo> = (0..vectors.len())
            .map(|i| ArgInfo {
                span: Span::new(i * 10, i * 10 + 5),
                ..ArgInfo::default()
            })
            .collect();
        for s in strings {
            vectors.push(Vec::new());
            args.push(ArgInfo {
                string: Some(s.to_string()),
                ..ArgInfo::default()
            });
        }
        let a = FnArgs {
            vectors: &vectors,
            matrix: None,
            args: &args,
            call_span: Span::new(0, 100),
        };
        call(name, &a, &mut EvalNodeHelper::new(false)).expect("call succeeds")
    }

    fn floats_of(v: &Vector) -> Vec<f64> {
        v.iter().map(|s| s.f).collect()
    }

    fn sample(pairs: &[(&str, &str)], f: f64) -> Sample {
        Sample::float(lbl(pairs), 0, f)
    }

    #[test]
    fn clamp_and_round() {
        let v = vec![
            sample(&[("__name__", "test_clamp"), ("src", "a")], -50.0),
            sample(&[("__name__", "test_clamp"), ("src", "b")], 0.0),
            sample(&[("__name__", "test_clamp"), ("src", "c")], 100.0),
        ];
        let (out, _) = inst("clamp_max", v.clone(), &[75.0], &[]);
        assert_eq!(floats_of(&out), vec![-50.0, 0.0, 75.0]);
        assert_eq!(out[0].metric, lbl(&[("src", "a")]));
        assert!(out[0].drop_name);
        let (out, _) = inst("clamp_min", v.clone(), &[-25.0], &[]);
        assert_eq!(floats_of(&out), vec![-25.0, 0.0, 100.0]);
        let (out, _) = inst("clamp", v.clone(), &[-25.0, 75.0], &[]);
        assert_eq!(floats_of(&out), vec![-25.0, 0.0, 75.0]);
        // min > max: empty.
        let (out, _) = inst("clamp", v.clone(), &[5.0, -5.0], &[]);
        assert!(out.is_empty());
        // NaN bounds propagate.
        let (out, _) = inst("clamp", v, &[f64::NAN, 0.0], &[]);
        assert!(out.iter().all(|s| s.f.is_nan()));

        let v = vec![
            sample(&[("x", "1")], 1.5),
            sample(&[("x", "2")], 2.5),
            sample(&[("x", "3")], -2.5),
            sample(&[("x", "4")], 0.1234),
        ];
        let (out, _) = inst("round", v.clone(), &[], &[]);
        assert_eq!(floats_of(&out), vec![2.0, 3.0, -2.0, 0.0]);
        let mut vv = v.clone();
        vv.truncate(4);
        let vectors = vec![vv, vec![Sample::scalar(0.1)]];
        let args = [ArgInfo::default(), ArgInfo::default()];
        let a = FnArgs {
            vectors: &vectors,
            matrix: None,
            args: &args,
            call_span: Span::default(),
        };
        let (out, _) = call("round", &a, &mut EvalNodeHelper::new(false)).unwrap_or_default();
        assert_eq!(floats_of(&out), vec![1.5, 2.5, -2.5, 0.1]);
    }

    #[test]
    fn math_functions() {
        let v = vec![sample(&[("__name__", "m")], 1000.0)];
        let (out, _) = inst("log10", v.clone(), &[], &[]);
        // Go computes log10 through log2.
        assert!(close(out[0].f, 3.0));
        assert_eq!(go_log10(0.0), f64::NEG_INFINITY);
        assert!(go_log10(-1.0).is_nan());
        assert_eq!(go_log2(f64::INFINITY), f64::INFINITY);
        assert_eq!(go_log2(f64::MIN_POSITIVE / 4.0), -1024.0);
        let (out, _) = inst("log2", vec![sample(&[], 8.0)], &[], &[]);
        assert_eq!(out[0].f, 3.0);
        let (out, _) = inst("sgn", vec![sample(&[], -3.0), sample(&[], 0.0)], &[], &[]);
        assert_eq!(floats_of(&out), vec![-1.0, 0.0]);
        let (out, _) = inst("deg", vec![sample(&[], std::f64::consts::PI)], &[], &[]);
        assert_eq!(out[0].f, 180.0);
        let (out, _) = inst(
            "scalar",
            vec![sample(&[], 3.0), sample(&[("a", "b")], 4.0)],
            &[],
            &[],
        );
        assert!(out[0].f.is_nan());
        let (out, _) = inst("scalar", vec![sample(&[], 3.0)], &[], &[]);
        assert_eq!(out[0].f, 3.0);
        assert_eq!(go_max(f64::NAN, f64::INFINITY), f64::INFINITY);
        assert!(go_max(f64::NAN, 1.0).is_nan());
        assert!(go_min(-0.0, 0.0).is_sign_negative());
    }

    #[test]
    fn date_functions() {
        let d = date_parts(1_136_239_445);
        assert_eq!(
            (d.year, d.month, d.day, d.hour, d.minute, d.weekday, d.yday),
            (2006, 1, 2, 22, 4, 1, 2)
        );
        assert_eq!(date_parts(0).weekday, 4);
        assert_eq!(date_parts(1_230_767_999).year, 2008);
        assert_eq!(date_parts(1_230_768_000).year, 2009);
        let d = date_parts(1_456_790_399);
        assert_eq!((d.month, d.day), (2, 29));
        let d = date_parts(1_456_790_400);
        assert_eq!((d.month, d.day), (3, 1));
        assert_eq!(date_parts(1_483_191_420).yday, 366);
        assert_eq!(date_parts(1_672_493_820).yday, 365);
        assert_eq!(days_in_month(2016, 2), 29);
        assert_eq!(days_in_month(2017, 2), 28);
        assert_eq!(date_parts(-1).year, 1969);
        let (out, _) = inst(
            "days_in_month",
            vec![sample(&[("__name__", "m")], 1_454_284_800.0)],
            &[],
            &[],
        );
        assert_eq!(floats_of(&out), vec![29.0]);
        assert_eq!(out[0].metric, Labels::empty());
        // Without an argument: the evaluation time.
        let a = FnArgs {
            vectors: &[],
            matrix: None,
            args: &[],
            call_span: Span::default(),
        };
        let mut enh = EvalNodeHelper::new(false);
        enh.ts = 1_136_239_445_000;
        let (out, _) = call("year", &a, &mut enh).unwrap_or_default();
        assert_eq!(floats_of(&out), vec![2006.0]);
        // Go's time.Unix(ts/1000, 0): milliseconds are truncated toward zero, so half a
        // second before the epoch is still 1970.
        enh.ts = -500;
        let (out, _) = call("year", &a, &mut enh).unwrap_or_default();
        assert_eq!(floats_of(&out), vec![1970.0]);
        // NaN does not panic (Go maps it to the minimum int64).
        let (out, _) = inst("year", vec![sample(&[], f64::NAN)], &[], &[]);
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn sort_functions() {
        let v = vec![
            sample(&[("i", "a")], 3.0),
            sample(&[("i", "b")], f64::NAN),
            sample(&[("i", "c")], 1.0),
            sample(&[("i", "d")], 2.0),
        ];
        let (out, _) = inst("sort", v.clone(), &[], &[]);
        let got: Vec<_> = out
            .iter()
            .map(|s| s.metric.get("i").unwrap_or(""))
            .collect();
        assert_eq!(got, ["c", "d", "a", "b"]);
        let (out, _) = inst("sort_desc", v, &[], &[]);
        let got: Vec<_> = out
            .iter()
            .map(|s| s.metric.get("i").unwrap_or(""))
            .collect();
        assert_eq!(got, ["a", "d", "c", "b"]);
        // Larger inputs go through the merge sort.
        let many: Vector = (0..40)
            .map(|i| sample(&[("i", &i.to_string())], ((i * 7) % 40) as f64))
            .collect();
        let (out, _) = inst("sort", many, &[], &[]);
        assert!(out.windows(2).all(|w| w[0].f <= w[1].f));
    }

    #[test]
    fn sort_by_label_natural_order() {
        let cpus = ["0", "1", "2", "3", "10", "11", "12", "20", "21", "100"];
        let mut v: Vector = cpus
            .iter()
            .rev()
            .map(|c| {
                sample(
                    &[("__name__", "cpu_time_total"), ("cpu", c), ("job", "cpu")],
                    100.0,
                )
            })
            .collect();
        v.swap(2, 7);
        let (out, _) = inst("sort_by_label", v.clone(), &[], &["cpu"]);
        let got: Vec<_> = out
            .iter()
            .map(|s| s.metric.get("cpu").unwrap_or(""))
            .collect();
        assert_eq!(got, cpus);
        let (out, _) = inst("sort_by_label_desc", v, &[], &["cpu"]);
        let got: Vec<_> = out
            .iter()
            .map(|s| s.metric.get("cpu").unwrap_or(""))
            .collect();
        let mut rev = cpus.to_vec();
        rev.reverse();
        assert_eq!(got, rev);
        let v = vec![
            sample(&[("instance", "4m600"), ("release", "1.2.3")], 1.0),
            sample(&[("instance", "4m5"), ("release", "1.11.3")], 1.0),
            sample(&[("instance", "4m1000"), ("release", "1.111.3")], 1.0),
        ];
        let (out, _) = inst("sort_by_label", v.clone(), &[], &["instance"]);
        let got: Vec<_> = out
            .iter()
            .map(|s| s.metric.get("instance").unwrap_or(""))
            .collect();
        assert_eq!(got, ["4m5", "4m600", "4m1000"]);
        let (out, _) = inst("sort_by_label", v, &[], &["release"]);
        let got: Vec<_> = out
            .iter()
            .map(|s| s.metric.get("release").unwrap_or(""))
            .collect();
        assert_eq!(got, ["1.2.3", "1.11.3", "1.111.3"]);
        // Ties fall back to the full label set.
        let v = vec![
            sample(&[("group", "production"), ("instance", "0")], 1.0),
            sample(&[("group", "canary"), ("instance", "0")], 1.0),
        ];
        let (out, _) = inst("sort_by_label", v, &[], &["instance"]);
        assert_eq!(out[0].metric.get("group"), Some("canary"));
        assert!(natsort_less("a", "a1") && !natsort_less("a1", "a"));
        assert!(natsort_less("x9", "x10") && !natsort_less("x10", "x9"));
    }

    #[test]
    fn label_replace_and_join() {
        let v = vec![sample(
            &[
                ("__name__", "up"),
                ("src", "source-value-10"),
                ("dst", "original"),
            ],
            1.0,
        )];
        let out = label_replace(
            v.clone(),
            "dst",
            "destination-value-$1",
            "src",
            "source-value-(.*)",
        )
        .unwrap_or_default();
        assert_eq!(out[0].metric.get("dst"), Some("destination-value-10"));
        // No match: unchanged.
        let out = label_replace(v.clone(), "dst", "x", "src", "nomatch").unwrap_or_default();
        assert_eq!(out[0].metric.get("dst"), Some("original"));
        // Named groups and ${1}.
        let out = label_replace(
            v.clone(),
            "dst",
            "${1}-$name",
            "src",
            "(?P<name>source)-value-.*",
        )
        .unwrap_or_default();
        assert_eq!(out[0].metric.get("dst"), Some("source-source"));
        // An empty result removes the label.
        let out = label_replace(v.clone(), "dst", "", "src", ".*").unwrap_or_default();
        assert_eq!(out[0].metric.get("dst"), None);
        // Setting the name keeps it.
        let mut dropped = v.clone();
        dropped[0].drop_name = true;
        let out = label_replace(dropped, "__name__", "new", "src", ".*").unwrap_or_default();
        assert!(!out[0].drop_name);
        let err = label_replace(v.clone(), "dst", "", "src", "(.*")
            .err()
            .map(|e| e.msg);
        assert_eq!(
            err.as_deref(),
            Some("invalid regular expression in label_replace(): (.*")
        );
        let err = label_replace(v.clone(), "", "", "src", ".*")
            .err()
            .map(|e| e.msg);
        assert_eq!(
            err.as_deref(),
            Some("invalid destination label name in label_replace(): ")
        );
        let out = label_join(
            v.clone(),
            "joined",
            "-",
            &["src".into(), "missing".into(), "dst".into()],
        )
        .unwrap_or_default();
        assert_eq!(
            out[0].metric.get("joined"),
            Some("source-value-10--original")
        );
        let out = label_join(v, "dst", ",", &[]).unwrap_or_default();
        assert_eq!(out[0].metric.get("dst"), None);
    }

    #[test]
    fn absent_labels_from_matchers() {
        let m = |op, n: &str, v: &str| Matcher::new(op, n, v).expect("valid matcher");
        let ms = vec![
            m(MatchOp::Equal, "__name__", "nonexistent"),
            m(MatchOp::Equal, "job", "a"),
            m(MatchOp::Equal, "job", "b"),
            m(MatchOp::Equal, "foo", "bar"),
            m(MatchOp::Regex, "instance", "x.*"),
            m(MatchOp::Equal, "empty", ""),
        ];
        assert_eq!(absent_labels(&ms), lbl(&[("foo", "bar")]));
    }

    fn bucket(le: &str, f: f64) -> Sample {
        sample(
            &[
                ("__name__", "testhistogram_bucket"),
                ("le", le),
                ("start", "positive"),
            ],
            f,
        )
    }

    #[test]
    fn histogram_quantile_classic() {
        let v = vec![
            bucket("0.1", 50.0),
            bucket("+Inf", 110.0),
            bucket("0.2", 70.0),
        ];
        let (out, annos) = inst_q("histogram_quantile", 0.5, v.clone());
        assert!(annos.is_empty());
        assert_eq!(out.len(), 1);
        assert!(close(out[0].f, 0.125));
        assert_eq!(out[0].metric, lbl(&[("start", "positive")]));
        // Out-of-range quantile warns and yields +Inf.
        let (out, annos) = inst_q("histogram_quantile", 2.0, v.clone());
        assert_eq!(out[0].f, f64::INFINITY);
        assert_eq!(
            annos.warnings("histogram_quantile(2, x)"),
            vec!["PromQL warning: quantile value should be between 0 and 1, got 2 (1:1)"]
        );
        // Bad `le`.
        let mut bad = v.clone();
        bad.push(sample(
            &[("__name__", "series"), ("le", "Hello World")],
            1.0,
        ));
        let (_, annos) = inst_q("histogram_quantile", 0.5, bad);
        assert_eq!(
            annos.warnings("histogram_quantile(0.5, x)"),
            vec![
                "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"Hello World\" (1:11)"
            ]
        );
        // Non-monotonic buckets are fixed, with an info.
        let v = vec![bucket("1", 10.0), bucket("2", 8.0), bucket("+Inf", 12.0)];
        let (out, annos) = inst_q("histogram_quantile", 0.5, v);
        assert!(close(out[0].f, 0.6));
        let infos = annos.infos("histogram_quantile(0.5, x)");
        assert_eq!(infos.len(), 1);
        assert!(infos[0].starts_with(
            "PromQL info: input to histogram_quantile needed to be fixed for monotonicity"
        ));
        assert!(infos[0].ends_with(
            ", from buckets 2 to 2, with a max diff of 2, over 1 samples from 1970-01-01T00:00:00Z to 1970-01-01T00:00:00Z (1:11)"
        ));
        // histogram_fraction over the same classic histogram.
        let v = vec![
            bucket("0.1", 50.0),
            bucket("+Inf", 110.0),
            bucket("0.2", 70.0),
        ];
        let vectors = vec![vec![Sample::scalar(0.0)], vec![Sample::scalar(0.2)], v];
        let args = [ArgInfo::default(), ArgInfo::default(), ArgInfo::default()];
        let a = FnArgs {
            vectors: &vectors,
            matrix: None,
            args: &args,
            call_span: Span::default(),
        };
        let (out, _) =
            call("histogram_fraction", &a, &mut EvalNodeHelper::new(false)).unwrap_or_default();
        assert!(close(out[0].f, 70.0 / 110.0));
    }

    fn inst_q(name: &str, q: f64, v: Vector) -> (Vector, Annotations) {
        let vectors = vec![vec![Sample::scalar(q)], v];
        let args = [
            ArgInfo {
                span: Span::new(0, 5),
                ..ArgInfo::default()
            },
            ArgInfo {
                span: Span::new(10, 15),
                ..ArgInfo::default()
            },
        ];
        let a = FnArgs {
            vectors: &vectors,
            matrix: None,
            args: &args,
            call_span: Span::default(),
        };
        call(name, &a, &mut EvalNodeHelper::new(false)).expect("call succeeds")
    }

    #[test]
    fn histogram_quantiles_labels() {
        let v = vec![
            bucket("0.1", 50.0),
            bucket("+Inf", 110.0),
            bucket("0.2", 70.0),
        ];
        let vectors = vec![
            v,
            Vec::new(),
            vec![Sample::scalar(0.5)],
            vec![Sample::scalar(1.0)],
        ];
        let args = vec![
            ArgInfo::default(),
            ArgInfo {
                string: Some("q".into()),
                ..ArgInfo::default()
            },
            ArgInfo::default(),
            ArgInfo::default(),
        ];
        let a = FnArgs {
            vectors: &vectors,
            matrix: None,
            args: &args,
            call_span: Span::default(),
        };
        let (out, _) =
            call("histogram_quantiles", &a, &mut EvalNodeHelper::new(false)).unwrap_or_default();
        let got: Vec<_> = out
            .iter()
            .map(|s| (s.metric.get("q").unwrap_or("").to_string(), s.f))
            .collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "0.5");
        assert!(close(got[0].1, 0.125));
        assert_eq!(got[1], ("1.0".to_string(), 0.2));
    }

    #[test]
    fn mixed_classic_and_native() {
        let native = Sample {
            metric: lbl(&[("__name__", "series")]),
            t: 0,
            f: 0.0,
            h: Some(Arc::new(FloatHistogram::default())),
            drop_name: false,
        };
        let v = vec![
            sample(&[("__name__", "series"), ("le", "1")], 1.0),
            sample(&[("__name__", "series"), ("le", "+Inf")], 2.0),
            native,
        ];
        let vectors = vec![vec![Sample::scalar(0.5)], v];
        let args = [
            ArgInfo::default(),
            ArgInfo {
                span: Span::new(24, 30),
                ..ArgInfo::default()
            },
        ];
        let a = FnArgs {
            vectors: &vectors,
            matrix: None,
            args: &args,
            call_span: Span::default(),
        };
        let (out, annos) =
            call("histogram_quantile", &a, &mut EvalNodeHelper::new(true)).unwrap_or_default();
        assert!(out.is_empty());
        assert_eq!(
            annos.warnings("histogram_quantile(0.5, series{le=\"x\"})"),
            vec!["PromQL warning: vector contains a mix of classic and native histograms for metric name \"series\" (1:25)"]
        );
    }

    fn exp_h(count: f64, sum: f64, buckets: &[f64]) -> FloatHistogram {
        FloatHistogram {
            count,
            sum,
            positive_spans: vec![crate::model::histogram::Span {
                offset: 0,
                length: buckets.len() as u32,
            }],
            positive_buckets: buckets.to_vec(),
            ..FloatHistogram::default()
        }
    }

    fn hseries(points: &[(i64, FloatHistogram)]) -> Series {
        Series {
            metric: lbl(&[("__name__", "h")]),
            histograms: points
                .iter()
                .map(|(t, h)| HPoint {
                    t: *t,
                    h: Arc::new(h.clone()),
                })
                .collect(),
            ..Series::default()
        }
    }

    #[test]
    fn native_histogram_rate_and_irate() {
        // {{sum:2 count:2}}+{{sum:3 count:3}}x5 (load 5m): irate at 20m is 3/300 per second.
        let pts: Vec<(i64, FloatHistogram)> = (0..=4)
            .map(|i| {
                let v = 2.0 + 3.0 * i as f64;
                (i * 5 * M, exp_h(v, v, &[]))
            })
            .collect();
        let s = hseries(&pts);
        let c = RangeCall::new("irate", 20 * M, 20 * M);
        let win = Series {
            histograms: s.histograms.iter().filter(|p| p.t > 0).cloned().collect(),
            ..s.clone()
        };
        let args = vec![ArgInfo {
            range_ms: c.range,
            ..ArgInfo::default()
        }];
        let a = FnArgs {
            vectors: &[],
            matrix: Some((&win).into()),
            args: &args,
            call_span: Span::default(),
        };
        let mut enh = EvalNodeHelper::new(false);
        enh.ts = 20 * M;
        let (out, annos) = call("irate", &a, &mut enh).unwrap_or_default();
        assert!(annos.is_empty());
        let h = out[0].h.clone().unwrap_or_default();
        assert!(close(h.count, 0.01) && close(h.sum, 0.01));
        assert_eq!(h.counter_reset_hint, CounterResetHint::Gauge);
        // rate over the window: increase 9 over 15m, extrapolated by 5m to the start (the
        // zero point, 900s * 5/9 = 500s back, is further away).
        let (out, _) = call("rate", &a, &mut enh).unwrap_or_default();
        let h = out[0].h.clone().unwrap_or_default();
        assert!(
            close(h.count, 9.0 * (900.0 + 300.0) / 900.0 / 1200.0),
            "{}",
            h.count
        );
        // Mixed floats and histograms: warning, no result.
        let mut mixed = win.clone();
        mixed.floats = vec![FPoint { t: 1, f: 1.0 }];
        let a2 = FnArgs {
            matrix: Some((&mixed).into()),
            ..a
        };
        let (out, annos) = call("rate", &a2, &mut enh).unwrap_or_default();
        assert!(out.is_empty());
        assert_eq!(
            annos.warnings(""),
            vec![
                "PromQL warning: encountered a mix of histograms and floats for metric name \"h\""
            ]
        );
        // A gauge histogram under rate warns.
        let mut g = exp_h(4.0, 4.0, &[]);
        g.counter_reset_hint = CounterResetHint::Gauge;
        let gs = hseries(&[(10 * M, exp_h(1.0, 1.0, &[])), (15 * M, g)]);
        let args3 = vec![ArgInfo {
            range_ms: 20 * M,
            ..ArgInfo::default()
        }];
        let a3 = FnArgs {
            matrix: Some((&gs).into()),
            args: &args3,
            ..a
        };
        let (_, annos) = call("irate", &a3, &mut enh).unwrap_or_default();
        assert_eq!(
            annos.warnings(""),
            vec!["PromQL warning: this native histogram metric is not a counter: \"h\""]
        );
    }

    #[test]
    fn bucket_resets_walk_sorted_indices() {
        let prev = [(-2, 1.0), (0, 0.0), (3, 2.0)];
        assert!(
            !buckets_reset(&[(-2, 1.0), (3, 2.0)], &prev),
            "empty bucket may vanish"
        );
        assert!(!buckets_reset(&[(-3, 5.0), (-2, 1.0), (3, 4.0)], &prev));
        assert!(
            buckets_reset(&[(-2, 1.0), (3, 1.5)], &prev),
            "smaller count"
        );
        assert!(
            buckets_reset(&[(-2, 1.0), (4, 9.0)], &prev),
            "populated bucket gone"
        );
        assert!(buckets_reset(&[], &prev));
        assert!(!buckets_reset(&[(1, 1.0)], &[]));
    }

    #[test]
    fn native_histogram_resets_and_changes() {
        let one = exp_h(1.0, 1.0, &[]);
        let s = Series {
            metric: lbl(&[("__name__", "h")]),
            floats: vec![FPoint { t: 0, f: 0.0 }, FPoint { t: 10, f: 1.0 }],
            histograms: vec![
                HPoint {
                    t: 20,
                    h: Arc::new(one.clone()),
                },
                HPoint {
                    t: 30,
                    h: Arc::new(one.clone()),
                },
                HPoint {
                    t: 40,
                    h: Arc::new(exp_h(0.5, 1.0, &[])),
                },
            ],
            drop_name: false,
        };
        let c = RangeCall::new("resets", 40, 100);
        // float→histogram switch and a count decrease.
        assert_close(c.run_series(&s).0, 2.0);
        let c = RangeCall::new("changes", 40, 100);
        assert_close(c.run_series(&s).0, 3.0);
    }

    #[test]
    fn histogram_simple_functions() {
        let mut h = exp_h(10.0, 20.0, &[2.0, 3.0, 3.0]);
        h.zero_count = 2.0;
        h.zero_threshold = 0.001;
        let v = vec![
            Sample {
                metric: lbl(&[("__name__", "h"), ("__type__", "histogram")]),
                t: 0,
                f: 0.0,
                h: Some(Arc::new(h)),
                drop_name: false,
            },
            sample(&[("__name__", "f")], 1.0),
        ];
        let (out, _) = inst("histogram_count", v.clone(), &[], &[]);
        assert_eq!(floats_of(&out), vec![10.0]);
        // Only the name is dropped.
        assert_eq!(out[0].metric, lbl(&[("__type__", "histogram")]));
        let (out, _) = inst("histogram_avg", v.clone(), &[], &[]);
        assert_eq!(floats_of(&out), vec![2.0]);
        let (out, _) = inst("histogram_stdvar", v, &[], &[]);
        // Bucket means: 0 (zero bucket), √0.5, √2, √8 with counts 2, 2, 3, 3.
        let mean = 2.0;
        let want = (2.0 * mean * mean
            + 2.0 * (0.5f64.sqrt() - mean).powi(2)
            + 3.0 * (2f64.sqrt() - mean).powi(2)
            + 3.0 * (8f64.sqrt() - mean).powi(2))
            / 10.0;
        assert!(close(out[0].f, want), "{} vs {want}", out[0].f);
    }

    fn cs(count: f64, sum: f64) -> FloatHistogram {
        exp_h(count, sum, &[])
    }

    fn over_time_h(name: &'static str, hs: Vec<FloatHistogram>) -> FloatHistogram {
        let s = hseries(
            &hs.into_iter()
                .enumerate()
                .map(|(i, h)| (i as i64 * M, h))
                .collect::<Vec<_>>(),
        );
        let c = RangeCall::new(name, 10 * M, 20 * M);
        let args = [ArgInfo {
            range_ms: c.range,
            ..ArgInfo::default()
        }];
        let a = FnArgs {
            vectors: &[],
            matrix: Some((&s).into()),
            args: &args,
            call_span: Span::default(),
        };
        let (out, _) = call(name, &a, &mut EvalNodeHelper::new(false)).unwrap_or_default();
        out.first()
            .and_then(|s| s.h.as_deref().cloned())
            .unwrap_or_default()
    }

    #[test]
    fn histogram_sum_and_avg_over_time_compensate() {
        // native_histograms.test: histogram_sum_over_time_3 and _4.
        let h3 = vec![cs(1.0, 1.0), cs(2.0, 1e100), cs(3.0, 1.0), cs(4.0, -1e100)];
        let sum = over_time_h("sum_over_time", h3.clone());
        assert_eq!((sum.count, sum.sum), (10.0, 2.0));
        let avg = over_time_h("avg_over_time", h3);
        assert_eq!((avg.count, avg.sum), (2.5, 0.5));
        let h4 = vec![
            cs(1.0, 5.3),
            cs(2.0, 1e100),
            cs(3.0, 1.0),
            cs(4.0, -1e100),
            cs(5.0, 2.0),
            cs(6.0, 1e50),
            cs(7.0, -1e50),
        ];
        let sum = over_time_h("sum_over_time", h4.clone());
        assert!(close(sum.count, 28.0) && close(sum.sum, 8.3), "{sum}");
        let avg = over_time_h("avg_over_time", h4);
        assert!(
            close(avg.count, 4.0) && close(avg.sum, 1.1857142857142857),
            "{avg}"
        );
        // histogram_sum_over_time_incremental_2: the count overflows, so the mean is
        // computed incrementally.
        let inc = vec![
            cs(f64::MAX, 5.3),
            cs(1e308, 1e100),
            cs(1e-6, 1.0),
            cs(1e-6, -1e100),
            cs(1e-6, 2.0),
            cs(1e-6, 0.0),
            cs(1e-6, 0.0),
        ];
        let sum = over_time_h("sum_over_time", inc.clone());
        assert_eq!(sum.count, f64::INFINITY);
        assert!(close(sum.sum, 8.3), "{sum}");
        let avg = over_time_h("avg_over_time", inc);
        assert!(
            quantile::almost_equal(avg.count, 3.9967044783747367e307, 1e-6),
            "{avg}"
        );
        assert!(
            quantile::almost_equal(avg.sum, 1.1857142857142857, 1e-6),
            "{avg}"
        );
        // Buckets on different schemas are summed on the coarser one.
        let mut fine = exp_h(2.0, 2.0, &[1.0, 1.0]);
        fine.schema = 1;
        let sum = over_time_h("sum_over_time", vec![fine, exp_h(1.0, 1.0, &[1.0])]);
        assert_eq!(sum.schema, 0);
        assert_eq!(sum.positive_bucket_entries(), vec![(0, 2.0), (1, 1.0)]);
    }

    #[test]
    fn histogram_stddev_test_expectations() {
        // native_histograms.test histogram_stddev_stdvar_1:
        // {{schema:2 count:4 sum:10 buckets:[1 0 0 0 1 0 0 1 1]}}
        let mut h = exp_h(4.0, 10.0, &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0]);
        h.schema = 2;
        assert!(close(histogram_variance(&h), 1.163807968526718));
        // _5: {{schema:0 count:10 sum:-100 n_buckets:[0 0 0 0 10]}}
        let h = FloatHistogram {
            count: 10.0,
            sum: -100.0,
            negative_spans: vec![crate::model::histogram::Span {
                offset: 0,
                length: 5,
            }],
            negative_buckets: vec![0.0, 0.0, 0.0, 0.0, 10.0],
            ..FloatHistogram::default()
        };
        assert!(quantile::almost_equal(
            histogram_variance(&h).sqrt(),
            1.3137084989848,
            1e-9
        ));
    }

    #[test]
    fn histogram_helpers() {
        let a = exp_h(10.0, 20.0, &[2.0, 3.0, 5.0]);
        let mut b = a.clone();
        assert!(a.equals(&b));
        b.counter_reset_hint = CounterResetHint::Gauge;
        assert!(a.equals(&b));
        b.sum = 21.0;
        assert!(!a.equals(&b));
        // Lower resolution merges pairs of buckets: indices 0,1,2 at schema 0 → 0,1,1 at -1.
        let r = histogram_copy_to_schema(&a, -1);
        assert_eq!(r.positive_bucket_entries(), vec![(0, 2.0), (1, 8.0)]);
        let mut m = a.clone();
        m.mul_scalar(2.0);
        assert_eq!(
            (m.count, m.positive_buckets.clone()),
            (20.0, vec![4.0, 6.0, 10.0])
        );
        m.div_scalar(0.0);
        assert!(m.positive_buckets.is_empty() && m.count.is_infinite());
        // Reset detection.
        let bigger = exp_h(12.0, 25.0, &[2.0, 4.0, 6.0]);
        assert!(!histogram_detect_reset(&bigger, &a));
        let lost_bucket = exp_h(12.0, 25.0, &[2.0, 10.0]);
        assert!(histogram_detect_reset(&lost_bucket, &a));
        assert!(histogram_detect_reset(
            &exp_h(9.0, 25.0, &[2.0, 3.0, 5.0]),
            &a
        ));
        // The zero bucket grew to swallow the first bucket: no reset.
        let mut wider = exp_h(10.0, 20.0, &[0.0, 3.0, 5.0]);
        wider.zero_threshold = 1.0;
        wider.zero_count = 2.0;
        assert!(!histogram_detect_reset(&wider, &a));
        assert!(exp_h(f64::INFINITY, 0.0, &[]).has_overflow());
    }

    #[test]
    fn parse_le_like_go() {
        assert_eq!(parse_go_float("+Inf"), Some(f64::INFINITY));
        assert_eq!(parse_go_float("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_go_float("0.25"), Some(0.25));
        assert_eq!(parse_go_float("1e3"), Some(1000.0));
        assert_eq!(parse_go_float("0x1p-2"), Some(0.25));
        assert_eq!(parse_go_float("1_000"), Some(1000.0));
        assert!(parse_go_float("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_go_float(""), None);
        assert_eq!(parse_go_float("Hello World"), None);
        assert_eq!(parse_go_float("1e400"), None);
        assert_eq!(parse_go_float("_1"), None);
        assert_eq!(parse_go_float("+-1"), None);
        assert_eq!(parse_go_float("-nan"), None);
        assert_eq!(parse_go_float(".5"), Some(0.5));
        assert_eq!(format_openmetrics_float(2.0), "2.0");
        assert_eq!(format_openmetrics_float(0.5), "0.5");
        assert_eq!(format_openmetrics_float(1e21), "1e+21");
    }

    #[test]
    fn time_vector_timestamp() {
        let a = FnArgs {
            vectors: &[],
            matrix: None,
            args: &[],
            call_span: Span::default(),
        };
        let mut enh = EvalNodeHelper::new(false);
        enh.ts = 1;
        let (out, _) = call("time", &a, &mut enh).unwrap_or_default();
        assert_eq!(out[0].f, 0.001);
        let mut s = sample(&[("__name__", "m"), ("a", "b")], 5.0);
        s.t = 3000;
        let (out, _) = inst("timestamp", vec![s], &[], &[]);
        assert_eq!(out[0].f, 3.0);
        assert_eq!(out[0].metric, lbl(&[("a", "b")]));
        let (out, _) = inst("vector", vec![Sample::scalar(7.0)], &[], &[]);
        assert_eq!(out[0].f, 7.0);
        assert!(call("label_replace", &a, &mut enh).is_err());
        assert!(takes_range_vector("rate") && !takes_range_vector("abs"));
    }

    #[test]
    fn anchored_and_smoothed_increase_reference() {
        // extended_vectors.test "PROM-52: Complete dataset": load 15s, metric 1+1x4 9+1x4.
        let vals: Vec<f64> = [expand(1.0, 1.0, 4), expand(9.0, 1.0, 4)].concat();
        let all = pts(0, 15_000, &vals);
        let lookback = 5 * M;
        let anchored = [0.0, 1.0, 2.0, 3.0, 4.0, 7.0, 7.0, 7.0, 7.0];
        let smoothed = [
            0.333333333,
            1.333333333,
            2.333333333,
            3.333333333,
            5.0,
            7.0,
            7.0,
            7.0,
            6.0,
        ];
        for (i, (want_a, want_s)) in anchored.iter().zip(smoothed).enumerate() {
            let ts = 5_000 + 15_000 * i as i64;
            let mut enh = EvalNodeHelper::new(false);
            enh.ts = ts;
            // The evaluator fetches (ts - range - lookback, ts] for anchored ranges and
            // (ts - range - lookback, ts + lookback] for smoothed ones.
            let fetch = |extra: i64| -> Vec<FPoint> {
                all.iter()
                    .copied()
                    .filter(|p| p.t > ts - M - lookback && p.t <= ts + extra)
                    .collect()
            };
            let info = ArgInfo {
                range_ms: M,
                anchored: true,
                ..ArgInfo::default()
            };
            let got = extended_rate(&fetch(0), &enh, &info, true, false);
            assert!(close(got[0].f, *want_a), "anchored at {ts}: {}", got[0].f);
            let info = ArgInfo {
                range_ms: M,
                smoothed: true,
                ..ArgInfo::default()
            };
            let got = extended_rate(&fetch(lookback), &enh, &info, true, false);
            assert!(
                quantile::almost_equal(got[0].f, want_s, 1e-6),
                "smoothed at {ts}: {}",
                got[0].f
            );
        }
    }

    #[test]
    fn extended_rate_anchored_and_smoothed() {
        // Samples every 10s: 0 10 20 … ; anchored increase over [30s] at 35s uses the
        // sample at or before 5s (t=0, value 0) as the baseline and the last one (30s).
        let all = pts(0, 10_000, &expand(0.0, 10.0, 10));
        let info = ArgInfo {
            range_ms: 30_000,
            anchored: true,
            ..ArgInfo::default()
        };
        let mut enh = EvalNodeHelper::new(false);
        enh.ts = 35_000;
        let win: Vec<FPoint> = all.iter().copied().filter(|p| p.t <= 35_000).collect();
        let v = extended_rate(&win, &enh, &info, true, false);
        assert_eq!(floats_of(&v), vec![30.0]);
        // Smoothed: interpolate at 5s (5) and 35s (35).
        let info = ArgInfo {
            range_ms: 30_000,
            smoothed: true,
            ..ArgInfo::default()
        };
        let v = extended_rate(&all, &enh, &info, true, true);
        assert!(close(v[0].f, 1.0));
        // A reset inside the window is corrected: 0 10 20 5 15 → +20 at 40s.
        let resetting = pts(0, 10_000, &[0.0, 10.0, 20.0, 5.0, 15.0]);
        let info = ArgInfo {
            range_ms: 40_000,
            anchored: true,
            ..ArgInfo::default()
        };
        enh.ts = 40_000;
        let v = extended_rate(&resetting, &enh, &info, true, false);
        assert_eq!(floats_of(&v), vec![35.0]);
    }
}
