//! Values the engine computes: samples, series, vectors, matrices, scalars and strings.

use std::fmt;
use std::sync::Arc;

use crate::model::histogram::FloatHistogram;
use crate::model::labels::Labels;

/// A float point of a series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FPoint {
    /// Milliseconds since the epoch.
    pub t: i64,
    pub f: f64,
}

/// A native-histogram point of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct HPoint {
    pub t: i64,
    pub h: Arc<FloatHistogram>,
}

/// One element of an instant vector: a float or a histogram (`h` set) at time `t`.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub metric: Labels,
    pub t: i64,
    pub f: f64,
    pub h: Option<Arc<FloatHistogram>>,
    /// The metric name is to be removed once evaluation finishes (delayed name removal).
    pub drop_name: bool,
}

impl Sample {
    /// A float sample with no labels, as functions return scalars.
    pub fn scalar(f: f64) -> Sample {
        Sample {
            metric: Labels::empty(),
            t: 0,
            f,
            h: None,
            drop_name: false,
        }
    }

    pub fn float(metric: Labels, t: i64, f: f64) -> Sample {
        Sample {
            metric,
            t,
            f,
            h: None,
            drop_name: false,
        }
    }
}

pub type Vector = Vec<Sample>;

/// A series with points over time (a range vector element, or one series of a range query).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub metric: Labels,
    pub floats: Vec<FPoint>,
    pub histograms: Vec<HPoint>,
    pub drop_name: bool,
}

impl Series {
    pub fn new(metric: Labels) -> Series {
        Series {
            metric,
            ..Series::default()
        }
    }

    /// Points held, counting a histogram as one sample per bucket-ish unit like Prometheus's
    /// sample limit does (its size in 16-byte units of its buckets, at least 1).
    pub fn sample_count(&self) -> usize {
        self.floats.len()
            + self
                .histograms
                .iter()
                .map(|p| hpoint_size(&p.h))
                .sum::<usize>()
    }
}

/// How many samples a histogram counts as against the query sample limit: Prometheus's
/// `HPoint.size()`, the bytes of the point (8 for its timestamp plus `FloatHistogram.Size()`:
/// a 168-byte struct and 8 bytes per span, bucket and custom bound) over the 16 bytes of a
/// float sample.
pub fn hpoint_size(h: &FloatHistogram) -> usize {
    let elements = h.positive_spans.len()
        + h.negative_spans.len()
        + h.positive_buckets.len()
        + h.negative_buckets.len()
        + h.custom_values.len();
    (8 + 168 + 8 * elements) / 16
}

pub type Matrix = Vec<Series>;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scalar {
    pub t: i64,
    pub v: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringValue {
    pub t: i64,
    pub v: String,
}

/// The result of a query.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    String(StringValue),
    Vector(Vector),
    Matrix(Matrix),
}

impl Value {
    /// Prometheus's `resultType` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Scalar(_) => "scalar",
            Value::String(_) => "string",
            Value::Vector(_) => "vector",
            Value::Matrix(_) => "matrix",
        }
    }
}

impl fmt::Display for FPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @[{}]", crate::gostr::format_float_f(self.f), self.t)
    }
}

// ---- Prometheus HTTP API JSON ----

/// A query result as the `data` object of Prometheus's HTTP API (`/api/v1/query` and
/// `query_range`), as the exact text Prometheus writes: `{"resultType": ..., "result": ...}`
/// with keys in its order (`metric` before `value(s)` and `histograms`), timestamps as its
/// `MarshalTimestamp` prints them (seconds with up to three decimals), sample values as Go
/// formats them (strings), strings escaped like Go's encoding/json, native histograms as
/// objects with `count`, `sum` and `buckets` (`[boundary rule, lower, upper, count]` for every
/// populated bucket; rule 0: `(a,b]`, 1: `[a,b)`, 2: `(a,b)`, 3: `[a,b]`).
pub fn value_to_api_json_text(v: &Value) -> String {
    let points = match v {
        Value::Matrix(series) => series.iter().map(|s| s.floats.len() + 4).sum(),
        Value::Vector(samples) => samples.len() * 4,
        _ => 1,
    };
    let mut out = String::with_capacity(256 + points * 32);
    out.push_str("{\"resultType\":\"");
    out.push_str(v.type_name());
    out.push_str("\",\"result\":");
    match v {
        Value::Scalar(s) => push_point(&mut out, s.t, &api_float(s.v)),
        Value::String(s) => {
            out.push('[');
            crate::time::push_api_seconds(&mut out, s.t);
            out.push(',');
            crate::gostr::push_json_string(&mut out, &s.v);
            out.push(']');
        }
        Value::Vector(samples) => {
            out.push('[');
            for (i, s) in samples.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"metric\":");
                push_labels(&mut out, &s.metric);
                match &s.h {
                    None => {
                        out.push_str(",\"value\":");
                        push_float_point(&mut out, s.t, s.f);
                    }
                    Some(h) => {
                        out.push_str(",\"histogram\":");
                        push_point(&mut out, s.t, &api_histogram_text(h));
                    }
                }
                out.push('}');
            }
            out.push(']');
        }
        Value::Matrix(series) => {
            out.push('[');
            for (i, s) in series.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str("{\"metric\":");
                push_labels(&mut out, &s.metric);
                if !s.floats.is_empty() {
                    out.push_str(",\"values\":[");
                    for (j, p) in s.floats.iter().enumerate() {
                        if j > 0 {
                            out.push(',');
                        }
                        push_float_point(&mut out, p.t, p.f);
                    }
                    out.push(']');
                }
                if !s.histograms.is_empty() {
                    out.push_str(",\"histograms\":[");
                    for (j, p) in s.histograms.iter().enumerate() {
                        if j > 0 {
                            out.push(',');
                        }
                        push_point(&mut out, p.t, &api_histogram_text(&p.h));
                    }
                    out.push(']');
                }
                out.push('}');
            }
            out.push(']');
        }
    }
    out.push('}');
    out
}

/// `[timestamp, "value"]` for a float.
fn push_float_point(out: &mut String, t: i64, f: f64) {
    out.push('[');
    crate::time::push_api_seconds(out, t);
    out.push_str(",\"");
    push_api_float(out, f);
    out.push_str("\"]");
}

/// `[timestamp, value]`, where a float value is a quoted string and a histogram an object.
fn push_point(out: &mut String, t: i64, value: &str) {
    out.push('[');
    crate::time::push_api_seconds(out, t);
    out.push(',');
    if value.starts_with('{') {
        out.push_str(value);
    } else {
        crate::gostr::push_json_string(out, value);
    }
    out.push(']');
}

/// A label set as a JSON object, as the API writes `metric`.
pub(crate) fn push_labels(out: &mut String, l: &Labels) {
    out.push('{');
    for (i, lb) in l.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::gostr::push_json_string(out, &lb.name);
        out.push(':');
        crate::gostr::push_json_string(out, &lb.value);
    }
    out.push('}');
}

/// A sample value as Prometheus writes it: Go's shortest decimal, in exponent form below
/// 1e-6 and from 1e21 on; `NaN`, `+Inf`, `-Inf`.
pub(crate) fn api_float(f: f64) -> String {
    let mut out = String::new();
    push_api_float(&mut out, f);
    out
}

/// [`api_float`] appended to `out`, without allocating in the common case.
fn push_api_float(out: &mut String, f: f64) {
    use std::fmt::Write as _;
    let abs = f.abs();
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "+Inf" } else { "-Inf" });
    } else if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        out.push_str(&crate::gostr::format_float_e_upper(f).to_lowercase());
    } else {
        // Rust's shortest round-trip digits in fixed notation are Go's
        // `FormatFloat(f, 'f', -1, 64)` in this range (`-0` included).
        let _ = write!(out, "{f}");
    }
}

/// A native histogram as the API writes it, keys in Prometheus's order.
fn api_histogram_text(h: &FloatHistogram) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "{{\"count\":\"{}\",\"sum\":\"{}\"",
        api_float(h.count),
        api_float(h.sum)
    );
    let buckets = api_buckets(h);
    if !buckets.is_empty() {
        out.push_str(",\"buckets\":[");
        for (i, (rule, lower, upper, count)) in buckets.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "[{rule},\"{lower}\",\"{upper}\",\"{count}\"]");
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// The populated buckets as `(boundary rule, lower, upper, count)`; rule 0: `(a,b]`,
/// 1: `[a,b)`, 2: `(a,b)`, 3: `[a,b]`.
pub(crate) fn api_buckets(h: &FloatHistogram) -> Vec<(u8, String, String, String)> {
    super::quantile::all_buckets(h)
        .into_iter()
        .filter(|b| b.count != 0.0)
        .map(|b| {
            let rule = match (b.lower_inclusive, b.upper_inclusive) {
                (false, true) => 0,
                (true, false) => 1,
                (false, false) => 2,
                (true, true) => 3,
            };
            (
                rule,
                api_float(b.lower),
                api_float(b.upper),
                api_float(b.count),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::histogram::{Span, CUSTOM_BUCKETS_SCHEMA};
    use serde_json::json;

    #[test]
    fn api_floats_are_gos_fixed_format() {
        let mut x = 0x1234_5678_9abc_def0u64;
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            1e-6,
            1e21 * 0.999,
            123456789.125,
            -2.5e-3,
        ];
        for _ in 0..20_000 {
            // xorshift: varied exponents and mantissas.
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(f64::from_bits(x));
            // And in the fixed-notation range: 53 random bits scaled by 1e-6 .. 1e20.
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            values.push(unit * 10f64.powi((x % 27) as i32 - 6));
        }
        for v in values {
            let abs = v.abs();
            if v.is_finite() && (abs == 0.0 || (1e-6..1e21).contains(&abs)) {
                assert_eq!(api_float(v), crate::gostr::format_float_f(v), "{v:e}");
            }
        }
        assert_eq!(api_float(f64::NAN), "NaN");
        assert_eq!(api_float(f64::NEG_INFINITY), "-Inf");
        assert_eq!(api_float(1e-7), "1e-07");
    }

    /// The API text, parsed (for comparison with `json!`).
    fn api(v: &Value) -> serde_json::Value {
        serde_json::from_str(&value_to_api_json_text(v)).unwrap()
    }

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        Labels::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn histograms_count_like_prometheus_against_the_sample_limit() {
        // (8 + 168) / 16 for a histogram without buckets.
        assert_eq!(hpoint_size(&FloatHistogram::default()), 11);
        let h = FloatHistogram {
            positive_spans: vec![Span {
                offset: 0,
                length: 3,
            }],
            positive_buckets: vec![1.0, 2.0, 3.0],
            negative_spans: vec![Span {
                offset: 1,
                length: 1,
            }],
            negative_buckets: vec![1.0],
            ..FloatHistogram::default()
        };
        // Six slice elements of 8 bytes: (176 + 48) / 16.
        assert_eq!(hpoint_size(&h), 14);
        let nhcb = FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            custom_values: vec![1.0; 16],
            ..FloatHistogram::default()
        };
        assert_eq!(hpoint_size(&nhcb), 19);
    }

    #[test]
    fn scalars_and_strings() {
        let v = Value::Scalar(Scalar { t: 1_500, v: 2.5 });
        assert_eq!(
            api(&v),
            json!({"resultType": "scalar", "result": [1.5, "2.5"]})
        );
        let v = Value::String(StringValue {
            t: 60_000,
            v: "hi".into(),
        });
        assert_eq!(
            api(&v),
            json!({"resultType": "string", "result": [60, "hi"]})
        );
    }

    #[test]
    fn floats_are_written_like_go() {
        assert_eq!(api_float(1.0), "1");
        assert_eq!(api_float(0.1), "0.1");
        assert_eq!(api_float(-0.0), "-0");
        assert_eq!(api_float(1e-7), "1e-07");
        assert_eq!(api_float(1.5e21), "1.5e+21");
        assert_eq!(api_float(1e20), "100000000000000000000");
        assert_eq!(api_float(f64::NAN), "NaN");
        assert_eq!(api_float(f64::INFINITY), "+Inf");
        assert_eq!(api_float(f64::NEG_INFINITY), "-Inf");
        let v = Value::Scalar(Scalar {
            t: 1_435_781_451_781,
            v: -1.5,
        });
        assert_eq!(
            value_to_api_json_text(&v),
            r#"{"resultType":"scalar","result":[1435781451.781,"-1.5"]}"#
        );
    }

    #[test]
    fn vectors_with_floats_and_histograms() {
        let h = FloatHistogram {
            schema: 0,
            count: 9.0,
            sum: 20.0,
            zero_threshold: 0.001,
            zero_count: 2.0,
            positive_spans: vec![Span {
                offset: 0,
                length: 3,
            }],
            positive_buckets: vec![1.0, 0.0, 3.0],
            negative_spans: vec![Span {
                offset: 1,
                length: 1,
            }],
            negative_buckets: vec![3.0],
            ..FloatHistogram::default()
        };
        let v = Value::Vector(vec![
            Sample::float(labels(&[("__name__", "up"), ("job", "a")]), 10_000, 1.0),
            Sample {
                metric: labels(&[("job", "b")]),
                t: 10_000,
                f: 0.0,
                h: Some(Arc::new(h)),
                drop_name: false,
            },
        ]);
        assert_eq!(
            api(&v),
            json!({"resultType": "vector", "result": [
                {"metric": {"__name__": "up", "job": "a"}, "value": [10, "1"]},
                {"metric": {"job": "b"}, "histogram": [10, {
                    "count": "9",
                    "sum": "20",
                    "buckets": [
                        [1, "-2", "-1", "3"],
                        [3, "-0.001", "0.001", "2"],
                        [0, "0.5", "1", "1"],
                        [0, "2", "4", "3"]
                    ]
                }]}
            ]})
        );
        // Keys in Prometheus's order, no spaces.
        assert!(value_to_api_json_text(&v).starts_with(
            r#"{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"a"},"value":[10,"1"]},{"metric":{"job":"b"},"histogram":[10,{"count":"9","sum":"20","buckets":[[1,"-2","-1","3"],"#
        ));
    }

    #[test]
    fn matrices_and_custom_buckets() {
        let h = FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            count: 3.0,
            sum: 4.0,
            positive_spans: vec![Span {
                offset: 0,
                length: 3,
            }],
            positive_buckets: vec![1.0, 0.0, 2.0],
            custom_values: vec![5.0, 10.0],
            ..FloatHistogram::default()
        };
        let mut s = Series::new(labels(&[("a", "1")]));
        s.floats.push(FPoint { t: 0, f: 1.25 });
        s.histograms.push(HPoint {
            t: 15_250,
            h: Arc::new(h),
        });
        let only_floats = Series {
            metric: Labels::empty(),
            floats: vec![FPoint { t: 1, f: 2.0 }],
            ..Series::default()
        };
        let v = Value::Matrix(vec![s, only_floats]);
        assert_eq!(
            api(&v),
            json!({"resultType": "matrix", "result": [
                {"metric": {"a": "1"}, "values": [[0, "1.25"]], "histograms": [[15.25, {
                    "count": "3",
                    "sum": "4",
                    "buckets": [[3, "-Inf", "5", "1"], [0, "10", "+Inf", "2"]]
                }]]},
                {"metric": {}, "values": [[0.001, "2"]]}
            ]})
        );
        let empty = FloatHistogram::default();
        assert_eq!(api_histogram_text(&empty), r#"{"count":"0","sum":"0"}"#);
    }
}
