//! The Prometheus text exposition format (version 0.0.4): a parser that reads it exactly as
//! `expfmt.TextParser` from prometheus/common does, with the same error texts, into metric
//! families that remember the lines they came from.
//!
//! ```
//! use lookout::exposition::{parse_text, MetricType, Value};
//!
//! let text = "# HELP up Whether the target is up.\n# TYPE up gauge\nup{job=\"node\"} 1\n";
//! let families = parse_text(text).expect("valid");
//! assert_eq!(families[0].name, "up");
//! assert_eq!(families[0].metric_type, MetricType::Gauge);
//! assert_eq!(families[0].metrics[0].value, Value::Gauge(1.0));
//! assert_eq!(families[0].metrics[0].line, 3);
//! ```

use std::fmt;

pub mod openmetrics;
mod text;

/// How metric and label names are checked, as `model.ValidationScheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValidationScheme {
    /// `[a-zA-Z_:][a-zA-Z0-9_:]*` for metric names, `[a-zA-Z_][a-zA-Z0-9_]*` for labels: what
    /// promlint (and so `promtool check metrics`) accepts.
    Legacy,
    /// Any non-empty UTF-8 name (quoted in the text when it is not a legacy name):
    /// Prometheus's default since 3.0.
    #[default]
    Utf8,
}

impl ValidationScheme {
    pub fn is_valid_metric_name(self, name: &[u8]) -> bool {
        match self {
            ValidationScheme::Legacy => {
                !name.is_empty()
                    && name.iter().enumerate().all(|(i, &b)| {
                        b.is_ascii_alphabetic()
                            || b == b'_'
                            || b == b':'
                            || (i > 0 && b.is_ascii_digit())
                    })
            }
            ValidationScheme::Utf8 => !name.is_empty() && std::str::from_utf8(name).is_ok(),
        }
    }

    pub fn is_valid_label_name(self, name: &[u8]) -> bool {
        match self {
            ValidationScheme::Legacy => {
                !name.is_empty()
                    && name.iter().enumerate().all(|(i, &b)| {
                        b.is_ascii_alphabetic() || b == b'_' || (i > 0 && b.is_ascii_digit())
                    })
            }
            ValidationScheme::Utf8 => !name.is_empty() && std::str::from_utf8(name).is_ok(),
        }
    }
}

/// A family's type, from its `# TYPE` line (`untyped` without one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricType {
    Counter,
    Gauge,
    Summary,
    Untyped,
    Histogram,
    /// Not part of the 0.0.4 format, but expfmt accepts `gauge_histogram` and `gaugehistogram`.
    GaugeHistogram,
}

impl MetricType {
    /// The lower-case name, as `strings.ToLower(dto.MetricType.String())`.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Summary => "summary",
            MetricType::Untyped => "untyped",
            MetricType::Histogram => "histogram",
            MetricType::GaugeHistogram => "gauge_histogram",
        }
    }

    /// Histograms and summaries gather several sample lines into one metric.
    pub fn is_histogram(self) -> bool {
        matches!(self, MetricType::Histogram | MetricType::GaugeHistogram)
    }
}

impl fmt::Display for MetricType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One label of a metric, in the order the text gave them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LabelPair {
    pub name: String,
    pub value: String,
}

/// All the metrics sharing a name, with their help text and type.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricFamily {
    pub name: String,
    /// `None` without a `# HELP` line (an empty docstring also counts as none, as in expfmt).
    pub help: Option<String>,
    pub metric_type: MetricType,
    /// In the order first seen. Duplicates are kept, as expfmt keeps them.
    pub metrics: Vec<Metric>,
    /// 1-based line where the family first appeared (a `# HELP`, `# TYPE` or sample line).
    pub line: usize,
}

/// One series (or, for histograms and summaries, one group of sample lines sharing labels).
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// Without `le` (histograms) or `quantile` (summaries), which go into the value.
    pub labels: Vec<LabelPair>,
    pub value: Value,
    /// Milliseconds since the epoch, when the (last) sample line had one.
    pub timestamp_ms: Option<i64>,
    /// 1-based line of the first sample line of this metric.
    pub line: usize,
}

impl Metric {
    /// The value of label `name`, if the metric has it.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.labels
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.value.as_str())
    }
}

/// A metric's value, matching its family's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Counter(f64),
    Gauge(f64),
    Untyped(f64),
    Summary(Summary),
    /// Histograms and gauge histograms.
    Histogram(Histogram),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// From `<name>_count`.
    pub count: Option<f64>,
    /// From `<name>_sum`.
    pub sum: Option<f64>,
    pub quantiles: Vec<Quantile>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantile {
    pub quantile: f64,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Histogram {
    /// From `<name>_count`.
    pub count: Option<f64>,
    /// From `<name>_sum`.
    pub sum: Option<f64>,
    /// In the order given; the text format does not require them sorted.
    pub buckets: Vec<Bucket>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub upper_bound: f64,
    pub cumulative_count: f64,
}

/// A syntax error, worded as expfmt's `ParseError`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("text format parsing error in line {line}: {msg}")]
pub struct ParseError {
    /// 1-based.
    pub line: usize,
    pub msg: String,
}

/// Parses `input` with UTF-8 names allowed (Prometheus's default scheme). Families come in
/// the order they first appear; families without samples are dropped, as expfmt does.
pub fn parse_text(input: &str) -> Result<Vec<MetricFamily>, ParseError> {
    parse_text_with(input.as_bytes(), ValidationScheme::Utf8)
}

/// Parses raw bytes (the format does not require UTF-8 outside names and label values) with
/// the given name validation.
pub fn parse_text_with(
    input: &[u8],
    scheme: ValidationScheme,
) -> Result<Vec<MetricFamily>, ParseError> {
    text::Parser::new(input, scheme).parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Vec<LabelPair> {
        pairs
            .iter()
            .map(|(n, v)| LabelPair {
                name: (*n).into(),
                value: (*v).into(),
            })
            .collect()
    }

    fn by_name<'a>(fams: &'a [MetricFamily], name: &str) -> &'a MetricFamily {
        fams.iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no family {name}"))
    }

    /// expfmt's scenario 2: counters and gauges, docstrings, whitespace, escapes.
    #[test]
    fn counters_gauges_whitespace_and_escapes() {
        let text = "
# A normal comment.
#
# TYPE name counter
name{labelname=\"val1\",basename=\"basevalue\"} NaN
name {labelname=\"val2\",basename=\"base\\\"v\\\\al\\nue\"} 0.23 1234567890
# HELP name two-line\\n doc  str\\\\ing

 # HELP  name2  \tdoc str\"ing 2
  #    TYPE    name2 gauge
name2{labelname=\"val2\"\t,basename   =   \"basevalue2\"\t\t} +Inf 54321
name2{ labelname = \"val1\" , }-Inf
";
        let fams = parse_text(text).expect("valid");
        assert_eq!(fams.len(), 2);
        let name = &fams[0];
        assert_eq!(name.name, "name");
        assert_eq!(name.help.as_deref(), Some("two-line\n doc  str\\ing"));
        assert_eq!(name.metric_type, MetricType::Counter);
        assert_eq!(name.line, 4);
        assert_eq!(
            name.metrics[0].labels,
            labels(&[("labelname", "val1"), ("basename", "basevalue")])
        );
        assert!(matches!(name.metrics[0].value, Value::Counter(v) if v.is_nan()));
        assert_eq!(
            name.metrics[1].labels,
            labels(&[("labelname", "val2"), ("basename", "base\"v\\al\nue")])
        );
        assert_eq!(name.metrics[1].value, Value::Counter(0.23));
        assert_eq!(name.metrics[1].timestamp_ms, Some(1234567890));
        assert_eq!(name.metrics[1].line, 6);
        let name2 = &fams[1];
        assert_eq!(name2.help.as_deref(), Some("doc str\"ing 2"));
        assert_eq!(name2.metric_type, MetricType::Gauge);
        assert_eq!(name2.metrics[0].value, Value::Gauge(f64::INFINITY));
        assert_eq!(name2.metrics[0].timestamp_ms, Some(54321));
        assert_eq!(name2.metrics[1].labels, labels(&[("labelname", "val1")]));
        assert_eq!(name2.metrics[1].value, Value::Gauge(f64::NEG_INFINITY));
    }

    /// expfmt's scenario 3: the evil summary, mixed with other types.
    #[test]
    fn the_evil_summary() {
        let text = "
# TYPE my_summary summary
my_summary{n1=\"val1\",quantile=\"0.5\"} 110
decoy -1 -2
my_summary{n1=\"val1\",quantile=\"0.9\"} 140 1
my_summary_count{n1=\"val1\"} 42
# Latest timestamp wins in case of a summary.
my_summary_sum{n1=\"val1\"} 4711 2
fake_sum{n1=\"val1\"} 2001
# TYPE another_summary summary
another_summary_count{n2=\"val2\",n1=\"val1\"} 20
my_summary_count{n2=\"val2\",n1=\"val1\"} 5 5
another_summary{n1=\"val1\",n2=\"val2\",quantile=\".3\"} -1.2
my_summary_sum{n1=\"val2\"} 08 15
my_summary{n1=\"val3\", quantile=\"0.2\"} 4711
  my_summary{n1=\"val1\",n2=\"val2\",quantile=\"-12.34\",} NaN
# some
# funny comments
# HELP
# HELP
# HELP my_summary
# HELP my_summary
";
        let fams = parse_text(text).expect("valid");
        let names: Vec<&str> = fams.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            ["my_summary", "decoy", "fake_sum", "another_summary"]
        );
        let decoy = by_name(&fams, "decoy");
        assert_eq!(decoy.metrics[0].value, Value::Untyped(-1.0));
        assert_eq!(decoy.metrics[0].timestamp_ms, Some(-2));
        assert_eq!(
            by_name(&fams, "fake_sum").metrics[0].value,
            Value::Untyped(2001.0)
        );
        let s = by_name(&fams, "my_summary");
        assert_eq!(s.metrics.len(), 4);
        assert_eq!(s.metrics[0].labels, labels(&[("n1", "val1")]));
        assert_eq!(s.metrics[0].timestamp_ms, Some(2));
        assert_eq!(
            s.metrics[0].value,
            Value::Summary(Summary {
                count: Some(42.0),
                sum: Some(4711.0),
                quantiles: vec![
                    Quantile {
                        quantile: 0.5,
                        value: 110.0
                    },
                    Quantile {
                        quantile: 0.9,
                        value: 140.0
                    },
                ],
            })
        );
        // Labels keep the order of the line that created the metric.
        assert_eq!(
            s.metrics[1].labels,
            labels(&[("n2", "val2"), ("n1", "val1")])
        );
        let Value::Summary(second) = &s.metrics[1].value else {
            panic!("not a summary");
        };
        assert_eq!(second.count, Some(5.0));
        assert_eq!(second.quantiles.len(), 1);
        assert_eq!(second.quantiles[0].quantile, -12.34);
        assert!(second.quantiles[0].value.is_nan());
        assert_eq!(
            s.metrics[2].value,
            Value::Summary(Summary {
                sum: Some(8.0),
                ..Summary::default()
            })
        );
        assert_eq!(s.metrics[2].timestamp_ms, Some(15));
        let a = by_name(&fams, "another_summary");
        assert_eq!(a.metrics.len(), 1);
        assert_eq!(
            a.metrics[0].value,
            Value::Summary(Summary {
                count: Some(20.0),
                sum: None,
                quantiles: vec![Quantile {
                    quantile: 0.3,
                    value: -1.2
                }],
            })
        );
    }

    #[test]
    fn histograms_gather_their_lines() {
        let text = "# HELP rd The response latency.
# TYPE rd histogram
rd_bucket{le=\"100\"} 123
rd_bucket{le=\"+Inf\"} 2693.5
rd_sum 1.7560473e+06
rd_count 2693
# TYPE gh gaugehistogram
gh_bucket{le=\"1\",a=\"b\"} 1
";
        let fams = parse_text(text).expect("valid");
        let rd = by_name(&fams, "rd");
        assert_eq!(rd.metric_type, MetricType::Histogram);
        assert_eq!(rd.metrics.len(), 1);
        assert_eq!(
            rd.metrics[0].value,
            Value::Histogram(Histogram {
                count: Some(2693.0),
                sum: Some(1756047.3),
                buckets: vec![
                    Bucket {
                        upper_bound: 100.0,
                        cumulative_count: 123.0
                    },
                    Bucket {
                        upper_bound: f64::INFINITY,
                        cumulative_count: 2693.5
                    },
                ],
            })
        );
        let gh = by_name(&fams, "gh");
        assert_eq!(gh.metric_type, MetricType::GaugeHistogram);
        assert_eq!(gh.metrics[0].labels, labels(&[("a", "b")]));
        assert_eq!(gh.metrics[0].label("a"), Some("b"));
    }

    /// expfmt's scenarios 5, 9 and 10: quoted UTF-8 names, also after the labels.
    #[test]
    fn quoted_names() {
        let text = "
# HELP \"my\\\"noncompliant\\nmetric\\\\\" help text
# TYPE \"my\\\"noncompliant\\nmetric\\\\\" counter
{\"my\\\"noncompliant\\nmetric\\\\\",\"label\\\"name\\n\"=\"value\"} 1
# TYPE \"my.metric\" counter
{labelname=\"value\", \"my.metric\"} 1
";
        let fams = parse_text(text).expect("valid");
        assert_eq!(fams[0].name, "my\"noncompliant\nmetric\\");
        assert_eq!(fams[0].help.as_deref(), Some("help text"));
        assert_eq!(
            fams[0].metrics[0].labels,
            labels(&[("label\"name\n", "value")])
        );
        assert_eq!(fams[1].name, "my.metric");
        assert_eq!(fams[1].metrics[0].labels, labels(&[("labelname", "value")]));
        assert_eq!(fams[1].metrics[0].value, Value::Counter(1.0));
        // promlint's (legacy) view rejects them.
        let legacy = parse_text_with(text.as_bytes(), ValidationScheme::Legacy);
        assert_eq!(
            legacy.err().map(|e| e.to_string()).as_deref(),
            Some("text format parsing error in line 2: invalid metric name \"my\\\"noncompliant\\nmetric\\\\\"")
        );
    }

    #[test]
    fn empty_families_are_dropped_and_help_needs_text() {
        let fams = parse_text("# HELP e x\n# TYPE e gauge\n# HELP v \nv 1\n\n").expect("valid");
        assert_eq!(fams.len(), 1);
        assert_eq!(fams[0].name, "v");
        // `# HELP v ` with nothing after the blank sets no help.
        assert_eq!(fams[0].help, None);
        assert_eq!(fams[0].line, 3);
        assert_eq!(parse_text("").expect("valid"), Vec::new());
    }

    #[test]
    fn errors_name_their_line() {
        let e = parse_text("a 1\nb 2").expect_err("no final newline");
        assert_eq!(e.line, 2);
        assert_eq!(e.msg, "unexpected end of input stream");
        assert_eq!(
            e.to_string(),
            "text format parsing error in line 2: unexpected end of input stream"
        );
    }

    #[test]
    fn schemes_check_names() {
        assert!(ValidationScheme::Legacy.is_valid_metric_name(b"a:b_1"));
        assert!(!ValidationScheme::Legacy.is_valid_metric_name(b"1a"));
        assert!(!ValidationScheme::Legacy.is_valid_label_name(b"a:b"));
        assert!(ValidationScheme::Utf8.is_valid_label_name("é.x".as_bytes()));
        assert!(!ValidationScheme::Utf8.is_valid_metric_name(b""));
        assert!(!ValidationScheme::Utf8.is_valid_metric_name(b"\xff"));
        assert_eq!(MetricType::GaugeHistogram.to_string(), "gauge_histogram");
    }
}
