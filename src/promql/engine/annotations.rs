//! Query annotations: the warnings and infos a PromQL evaluation returns next to its result,
//! with the texts and merge rules of Prometheus's `util/annotations`.
//!
//! An annotation's identity is its text without position. Adding one whose text is already
//! present replaces the earlier one (so the later position wins), except for the kinds that
//! accumulate details across occurrences (forced monotonicity in `histogram_quantile`, start
//! time overlaps), which merge into one.

use std::collections::HashMap;

use crate::diag::Span;
use crate::gostr::{format_float_g, quote};

const WARNING: &str = "PromQL warning";
const INFO: &str = "PromQL info";

/// Whether an annotation is a warning or an info.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnnotationKind {
    Warning,
    Info,
}

/// Extra data some annotation kinds carry and merge; rendered only with the query.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AnnotationDetail {
    #[default]
    None,
    /// `histogram_quantile` had to force bucket monotonicity; ranges over all occurrences.
    ForcedMonotonicity {
        min_ts: i64,
        max_ts: i64,
        min_bucket: f64,
        max_bucket: f64,
        max_diff: f64,
        /// Occurrences merged into this one (Prometheus prints `count + 1` samples).
        merged: usize,
    },
    /// A start time overlapped the previous sample; counts occurrences.
    StartTimeOverlap { count: usize },
}

/// One warning or info.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    pub kind: AnnotationKind,
    /// The message without position, e.g. `PromQL warning: quantile value should be between 0
    /// and 1, got 2`. Annotations with equal texts are one annotation.
    pub text: String,
    /// The expression the annotation is about; its start is printed as `line:col`.
    pub span: Span,
    pub detail: AnnotationDetail,
}

impl Annotation {
    pub fn new(kind: AnnotationKind, text: impl Into<String>, span: Span) -> Annotation {
        Annotation {
            kind,
            text: text.into(),
            span,
            detail: AnnotationDetail::None,
        }
    }

    fn warning(body: impl AsRef<str>, span: Span) -> Annotation {
        Annotation::new(
            AnnotationKind::Warning,
            format!("{WARNING}: {}", body.as_ref()),
            span,
        )
    }

    fn info(body: impl AsRef<str>, span: Span) -> Annotation {
        Annotation::new(
            AnnotationKind::Info,
            format!("{INFO}: {}", body.as_ref()),
            span,
        )
    }

    /// Combines this (newer) annotation with an earlier one of the same text. Plain
    /// annotations simply replace the earlier one.
    fn merged_with(mut self, prev: &Annotation) -> Annotation {
        match (&mut self.detail, &prev.detail) {
            (
                AnnotationDetail::ForcedMonotonicity {
                    min_ts,
                    max_ts,
                    min_bucket,
                    max_bucket,
                    max_diff,
                    merged,
                },
                AnnotationDetail::ForcedMonotonicity {
                    min_ts: p_min_ts,
                    max_ts: p_max_ts,
                    min_bucket: p_min_bucket,
                    max_bucket: p_max_bucket,
                    max_diff: p_max_diff,
                    merged: p_merged,
                },
            ) => {
                // Prometheus keeps the earlier annotation (and its position) and widens it.
                let detail = AnnotationDetail::ForcedMonotonicity {
                    min_ts: (*min_ts).min(*p_min_ts),
                    max_ts: (*max_ts).max(*p_max_ts),
                    min_bucket: if *min_bucket < *p_min_bucket {
                        *min_bucket
                    } else {
                        *p_min_bucket
                    },
                    max_bucket: if *max_bucket > *p_max_bucket {
                        *max_bucket
                    } else {
                        *p_max_bucket
                    },
                    max_diff: if *max_diff > *p_max_diff {
                        *max_diff
                    } else {
                        *p_max_diff
                    },
                    merged: p_merged.saturating_add(*merged).saturating_add(1),
                };
                Annotation {
                    kind: prev.kind,
                    text: prev.text.clone(),
                    span: prev.span,
                    detail,
                }
            }
            (
                AnnotationDetail::StartTimeOverlap { count },
                AnnotationDetail::StartTimeOverlap { count: p_count },
            ) => Annotation {
                kind: prev.kind,
                text: prev.text.clone(),
                span: prev.span,
                detail: AnnotationDetail::StartTimeOverlap {
                    count: p_count.saturating_add(*count),
                },
            },
            _ => self,
        }
    }

    /// The message as Prometheus's API returns it for `query`: the text followed by the
    /// position (`line:col`) of the span start, plus any merged details. With an empty query
    /// only the text is returned.
    pub fn render(&self, query: &str) -> String {
        if query.is_empty() {
            return self.text.clone();
        }
        let pos = start_pos_input(query, self.span.start);
        match &self.detail {
            AnnotationDetail::None => format!("{} ({pos})", self.text),
            AnnotationDetail::ForcedMonotonicity {
                min_ts,
                max_ts,
                min_bucket,
                max_bucket,
                max_diff,
                merged,
            } => format!(
                "{}, from buckets {} to {}, with a max diff of {}, over {} samples from {} to {} ({pos})",
                self.text,
                format_float_g(*min_bucket),
                format_float_g(*max_bucket),
                format_float_g_prec(*max_diff, 2),
                merged.saturating_add(1),
                // Go's integer division truncates towards zero, as Rust's does.
                rfc3339_seconds(min_ts / 1000),
                rfc3339_seconds(max_ts / 1000),
            ),
            AnnotationDetail::StartTimeOverlap { count } if *count > 1 => {
                format!("{} ({count} occurrences) ({pos})", self.text)
            }
            AnnotationDetail::StartTimeOverlap { .. } => format!("{} ({pos})", self.text),
        }
    }
}

/// A set of annotations, deduplicated by text, in order of first occurrence. An empty set
/// costs nothing (every function call returns one); small sets are searched linearly, and an
/// index is built once a query produces many distinct annotations.
#[derive(Clone, Debug, Default)]
pub struct Annotations {
    items: Vec<Annotation>,
    index: Option<HashMap<String, usize>>,
}

impl PartialEq for Annotations {
    /// The same annotations in the same order (the index is only a cache).
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

/// Above this many annotations, duplicates are found through a hash index.
const INDEX_FROM: usize = 16;

impl Annotations {
    pub fn new() -> Annotations {
        Annotations::default()
    }

    /// Adds `a`; an annotation with the same text is replaced (or merged, for the kinds
    /// that accumulate).
    pub fn add(&mut self, a: Annotation) {
        let found = match &self.index {
            Some(index) => index.get(&a.text).copied(),
            None => self.items.iter().position(|x| x.text == a.text),
        };
        match found {
            Some(i) => {
                if let Some(slot) = self.items.get_mut(i) {
                    let merged = a.merged_with(slot);
                    *slot = merged;
                }
            }
            None => {
                if let Some(index) = self.index.as_mut() {
                    index.insert(a.text.clone(), self.items.len());
                }
                self.items.push(a);
                if self.index.is_none() && self.items.len() >= INDEX_FROM {
                    self.index = Some(
                        self.items
                            .iter()
                            .enumerate()
                            .map(|(i, x)| (x.text.clone(), i))
                            .collect(),
                    );
                }
            }
        }
    }

    /// Adds every annotation of `other`, in its order.
    pub fn merge(&mut self, other: Annotations) {
        for a in other.items {
            self.add(a);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Annotation> {
        self.items.iter()
    }

    /// The warnings rendered for `query` (see [`Annotation::render`]).
    pub fn warnings(&self, query: &str) -> Vec<String> {
        self.rendered(query, AnnotationKind::Warning)
    }

    /// The infos rendered for `query` (see [`Annotation::render`]).
    pub fn infos(&self, query: &str) -> Vec<String> {
        self.rendered(query, AnnotationKind::Info)
    }

    fn rendered(&self, query: &str, kind: AnnotationKind) -> Vec<String> {
        self.items
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.render(query))
            .collect()
    }
}

impl From<Annotation> for Annotations {
    fn from(a: Annotation) -> Annotations {
        let mut out = Annotations::new();
        out.add(a);
        out
    }
}

impl IntoIterator for Annotations {
    type Item = Annotation;
    type IntoIter = std::vec::IntoIter<Annotation>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Prometheus's `PositionRange.StartPosInput`: 1-based line and 1-based byte column of
/// `pos` in `query`.
fn start_pos_input(query: &str, pos: usize) -> String {
    if pos > query.len() {
        return "invalid position".to_string();
    }
    let before = query.as_bytes().get(..pos).unwrap_or_default();
    let mut line = 1;
    let mut last_break: isize = -1;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' {
            line += 1;
            last_break = i as isize;
        }
    }
    let col = pos as isize - last_break;
    format!("{line}:{col}")
}

/// Go's `%.{prec}g`: `prec` significant digits, exponent form when the exponent is below -4
/// or at least `prec`, trailing zeros removed.
pub fn format_float_g_prec(v: f64, prec: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    let prec = prec.max(1);
    // Rust's `{:e}` rounds correctly to the requested digits; reuse its mantissa/exponent.
    let e_form = format!("{:.*e}", prec - 1, v);
    let Some((mant, exp)) = e_form.split_once('e') else {
        return e_form;
    };
    let exp: i64 = exp.parse().unwrap_or(0);
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp < -4 || exp >= prec as i64 {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        let a = exp.unsigned_abs();
        if a < 10 {
            out.push('0');
        }
        out.push_str(&a.to_string());
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let int_len = (exp + 1) as usize;
        if digits.len() <= int_len {
            out.push_str(digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            let (int, frac) = digits.split_at(int_len);
            out.push_str(int);
            out.push('.');
            out.push_str(frac);
        }
    }
    out
}

/// `time.Unix(secs, 0).UTC().Format(time.RFC3339)`, e.g. `1970-01-01T00:00:00Z`.
/// `secs` is a millisecond timestamp divided by 1000, so its milliseconds always fit.
pub fn rfc3339_seconds(secs: i64) -> String {
    crate::time::rfc3339_ms(secs.saturating_mul(1000))
}

fn maybe_add_metric_name(body: String, metric_name: &str) -> String {
    if metric_name.is_empty() {
        body
    } else {
        format!("{body} for metric name {}", quote(metric_name))
    }
}

/// Which histogram operation an annotation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistogramOperation {
    Add,
    Sub,
    Agg,
}

impl HistogramOperation {
    pub fn as_str(self) -> &'static str {
        match self {
            HistogramOperation::Add => "addition",
            HistogramOperation::Sub => "subtraction",
            HistogramOperation::Agg => "aggregation",
        }
    }
}

/// A quantile outside [0, 1] or NaN.
pub fn invalid_quantile_warning(q: f64, span: Span) -> Annotation {
    Annotation::warning(
        format!(
            "quantile value should be between 0 and 1, got {}",
            format_float_g(q)
        ),
        span,
    )
}

/// A ratio (`limit_ratio`) outside [-1, 1] or NaN; `to` is the value used instead.
pub fn invalid_ratio_warning(q: f64, to: f64, span: Span) -> Annotation {
    Annotation::warning(
        format!(
            "ratio value should be between -1 and 1, got {}, capping to {}",
            format_float_g(q),
            format_float_g(to)
        ),
        span,
    )
}

/// A classic histogram bucket whose `le` label is missing or not a number.
pub fn bad_bucket_label_warning(metric_name: &str, label: &str, span: Span) -> Annotation {
    Annotation::warning(
        maybe_add_metric_name(
            format!(
                "bucket label \"le\" is missing or has a malformed value of {}",
                quote(label)
            ),
            metric_name,
        ),
        span,
    )
}

/// A function that cannot handle a range with both floats and histograms got one.
pub fn mixed_floats_histograms_warning(metric_name: &str, span: Span) -> Annotation {
    Annotation::warning(
        format!(
            "encountered a mix of histograms and floats for metric name {}",
            quote(metric_name)
        ),
        span,
    )
}

/// An aggregation got both floats and histograms.
pub fn mixed_floats_histograms_agg_warning(span: Span) -> Annotation {
    Annotation::warning(
        "encountered a mix of histograms and floats for aggregation",
        span,
    )
}

/// Classic and native histograms of the same series at one step.
pub fn mixed_classic_native_histograms_warning(metric_name: &str, span: Span) -> Annotation {
    Annotation::warning(
        maybe_add_metric_name(
            "vector contains a mix of classic and native histograms".to_string(),
            metric_name,
        ),
        span,
    )
}

/// A counter function (rate, increase, irate, …) got a gauge histogram.
pub fn native_histogram_not_counter_warning(metric_name: &str, span: Span) -> Annotation {
    Annotation::warning(
        format!(
            "this native histogram metric is not a counter: {}",
            quote(metric_name)
        ),
        span,
    )
}

/// A gauge function (delta, idelta) got a counter histogram.
pub fn native_histogram_not_gauge_warning(metric_name: &str, span: Span) -> Annotation {
    Annotation::warning(
        format!(
            "this native histogram metric is not a gauge: {}",
            quote(metric_name)
        ),
        span,
    )
}

/// Exponential and custom-bucket histograms were to be combined.
pub fn mixed_exponential_custom_histograms_warning(metric_name: &str, span: Span) -> Annotation {
    Annotation::warning(
        format!(
            "vector contains a mix of histograms with exponential and custom buckets schemas for metric name {}",
            quote(metric_name)
        ),
        span,
    )
}

/// `rate`/`increase` over a float metric whose name does not look like a counter.
pub fn possible_non_counter_info(metric_name: &str, span: Span) -> Annotation {
    Annotation::info(
        format!(
            "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: {}",
            quote(metric_name)
        ),
        span,
    )
}

/// `rate`/`increase` over a metric whose `__type__` label is not counter or histogram.
pub fn possible_non_counter_label_info(
    metric_name: &str,
    type_label: &str,
    span: Span,
) -> Annotation {
    Annotation::info(
        format!(
            "metric might not be a counter, __type__ label is not set to \"counter\" or \"histogram\", got {}: {}",
            quote(type_label),
            quote(metric_name)
        ),
        span,
    )
}

/// Classic histogram buckets had to be made monotonic for `histogram_quantile`. `ts` is the
/// evaluation time (ms); the bucket range and largest decrease are merged over occurrences.
pub fn histogram_quantile_forced_monotonicity_info(
    metric_name: &str,
    span: Span,
    ts: i64,
    min_bucket: f64,
    max_bucket: f64,
    max_diff: f64,
) -> Annotation {
    let mut a = Annotation::info(
        maybe_add_metric_name(
            "input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)".to_string(),
            metric_name,
        ),
        span,
    );
    a.detail = AnnotationDetail::ForcedMonotonicity {
        min_ts: ts,
        max_ts: ts,
        min_bucket,
        max_bucket,
        max_diff,
        merged: 0,
    };
    a
}

/// A binary operator got operand types it cannot combine (e.g. float and histogram).
pub fn incompatible_types_in_bin_op_info(
    lhs_type: &str,
    operator: &str,
    rhs_type: &str,
    span: Span,
) -> Annotation {
    Annotation::info(
        format!(
            "incompatible sample types encountered for binary operator {}: {lhs_type} {operator} {rhs_type}",
            quote(operator)
        ),
        span,
    )
}

/// An aggregation that only handles floats skipped a histogram.
pub fn histogram_ignored_in_aggregation_info(aggregation: &str, span: Span) -> Annotation {
    Annotation::info(
        format!("ignored histogram in {aggregation} aggregation"),
        span,
    )
}

/// A float-only range function skipped the histograms of a mixed range.
pub fn histogram_ignored_in_mixed_range_info(metric_name: &str, span: Span) -> Annotation {
    Annotation::info(
        format!(
            "ignored histograms in a range containing both floats and histograms for metric name {}",
            quote(metric_name)
        ),
        span,
    )
}

/// Two histograms with incompatible bucket layouts met in a binary operation.
pub fn incompatible_bucket_layout_in_bin_op_warning(operator: &str, span: Span) -> Annotation {
    Annotation::warning(
        format!("incompatible bucket layout encountered for binary operator {operator}"),
        span,
    )
}

/// `sort`-like functions in a range query, where they have no effect.
pub fn sort_in_range_query_warning(span: Span) -> Annotation {
    Annotation::warning(
        "sort is ineffective for range queries since results are always ordered by labels",
        span,
    )
}

/// `histogram_quantile` over a native histogram with NaN observations ended above all buckets.
pub fn native_histogram_quantile_nan_result_info(metric_name: &str, span: Span) -> Annotation {
    Annotation::info(
        maybe_add_metric_name(
            "input to histogram_quantile has NaN observations, result is NaN".to_string(),
            metric_name,
        ),
        span,
    )
}

/// `histogram_quantile` over a native histogram with NaN observations, result skewed.
pub fn native_histogram_quantile_nan_skew_info(metric_name: &str, span: Span) -> Annotation {
    Annotation::info(
        maybe_add_metric_name(
            "input to histogram_quantile has NaN observations, result is skewed higher".to_string(),
            metric_name,
        ),
        span,
    )
}

/// `histogram_fraction` over a native histogram with NaN observations.
pub fn native_histogram_fraction_nans_info(metric_name: &str, span: Span) -> Annotation {
    Annotation::info(
        maybe_add_metric_name(
            "input to histogram_fraction has NaN observations, which are excluded from all fractions".to_string(),
            metric_name,
        ),
        span,
    )
}

/// Histograms with a counter-reset hint and a not-reset hint were combined.
pub fn histogram_counter_reset_collision_warning(span: Span, op: HistogramOperation) -> Annotation {
    Annotation::warning(
        format!(
            "conflicting counter resets during histogram {}",
            op.as_str()
        ),
        span,
    )
}

/// Custom-bucket histograms with different bounds were combined on common bounds.
pub fn mismatched_custom_buckets_histograms_info(span: Span, op: HistogramOperation) -> Annotation {
    Annotation::info(
        format!(
            "mismatched custom buckets were reconciled during {}",
            op.as_str()
        ),
        span,
    )
}

/// A sample's start time lies before the previous sample; occurrences are counted.
pub fn start_time_overlap_warning(metric_name: &str, span: Span) -> Annotation {
    let mut a = Annotation::warning(
        format!(
            "sample has start time that overlaps with previous sample timestamp for metric {}",
            quote(metric_name)
        ),
        span,
    );
    a.detail = AnnotationDetail::StartTimeOverlap { count: 1 };
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(start: usize) -> Span {
        Span::new(start, start + 1)
    }

    #[test]
    fn texts_match_prometheus() {
        assert_eq!(
            possible_non_counter_info("foo", sp(0)).text,
            "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"foo\""
        );
        assert_eq!(
            invalid_quantile_warning(-0.5, sp(0)).text,
            "PromQL warning: quantile value should be between 0 and 1, got -0.5"
        );
        assert_eq!(
            invalid_ratio_warning(1.1, 1.0, sp(0)).text,
            "PromQL warning: ratio value should be between -1 and 1, got 1.1, capping to 1"
        );
        assert_eq!(
            bad_bucket_label_warning("series", "", sp(0)).text,
            "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"\" for metric name \"series\""
        );
        assert_eq!(
            bad_bucket_label_warning("", "x", sp(0)).text,
            "PromQL warning: bucket label \"le\" is missing or has a malformed value of \"x\""
        );
        assert_eq!(
            incompatible_types_in_bin_op_info("float", "+", "histogram", sp(0)).text,
            "PromQL info: incompatible sample types encountered for binary operator \"+\": float + histogram"
        );
        assert_eq!(
            possible_non_counter_label_info("foo", "gauge", sp(0)).text,
            "PromQL info: metric might not be a counter, __type__ label is not set to \"counter\" or \"histogram\", got \"gauge\": \"foo\""
        );
        assert_eq!(
            histogram_counter_reset_collision_warning(sp(0), HistogramOperation::Sub).text,
            "PromQL warning: conflicting counter resets during histogram subtraction"
        );
        assert_eq!(
            mismatched_custom_buckets_histograms_info(sp(0), HistogramOperation::Agg).text,
            "PromQL info: mismatched custom buckets were reconciled during aggregation"
        );
        assert_eq!(
            histogram_ignored_in_aggregation_info("stddev", sp(0)).text,
            "PromQL info: ignored histogram in stddev aggregation"
        );
        assert_eq!(
            mixed_floats_histograms_agg_warning(sp(0)).text,
            "PromQL warning: encountered a mix of histograms and floats for aggregation"
        );
        assert_eq!(
            sort_in_range_query_warning(sp(0)).kind,
            AnnotationKind::Warning
        );
    }

    #[test]
    fn dedup_keeps_last_position() {
        let mut a = Annotations::new();
        a.add(native_histogram_not_gauge_warning("h", sp(7)));
        a.add(native_histogram_not_gauge_warning("h", sp(22)));
        a.add(possible_non_counter_info("foo", sp(0)));
        assert_eq!(a.len(), 2);
        let q = "delta(h[5m]) + idelta(h[5m])";
        assert_eq!(
            a.warnings(q),
            vec!["PromQL warning: this native histogram metric is not a gauge: \"h\" (1:23)"]
        );
        assert_eq!(a.infos(q).len(), 1);
        // Without a query only the text is returned.
        assert_eq!(
            a.warnings(""),
            vec!["PromQL warning: this native histogram metric is not a gauge: \"h\""]
        );
    }

    #[test]
    fn positions_count_lines_and_bytes() {
        let a = Annotation::new(AnnotationKind::Info, "PromQL info: x", Span::new(12, 13));
        assert_eq!(a.render("sum(\n  rate(x[5m]))"), "PromQL info: x (2:8)");
        let far = Annotation::new(AnnotationKind::Info, "PromQL info: x", Span::new(99, 100));
        assert_eq!(far.render("short"), "PromQL info: x (invalid position)");
    }

    #[test]
    fn forced_monotonicity_merges() {
        let mut a = Annotations::new();
        a.add(histogram_quantile_forced_monotonicity_info(
            "",
            sp(22),
            60_000,
            2.0,
            4.0,
            3.0,
        ));
        a.add(histogram_quantile_forced_monotonicity_info(
            "",
            sp(0),
            120_000,
            1.0,
            3.0,
            0.25,
        ));
        let mut b = Annotations::new();
        b.add(histogram_quantile_forced_monotonicity_info(
            "",
            sp(5),
            30_000,
            8.0,
            8.0,
            1.0,
        ));
        a.merge(b);
        assert_eq!(a.len(), 1);
        assert_eq!(
            a.infos("histogram_quantile(0.5, rate(x_bucket[5m]))"),
            vec!["PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile), from buckets 1 to 8, with a max diff of 3, over 3 samples from 1970-01-01T00:00:30Z to 1970-01-01T00:02:00Z (1:23)"]
        );
    }

    #[test]
    fn start_time_overlap_counts() {
        let mut a = Annotations::new();
        a.add(start_time_overlap_warning("m", sp(0)));
        assert_eq!(
            a.warnings("rate(m[5m])"),
            vec!["PromQL warning: sample has start time that overlaps with previous sample timestamp for metric \"m\" (1:1)"]
        );
        a.add(start_time_overlap_warning("m", sp(3)));
        assert_eq!(
            a.warnings("rate(m[5m])"),
            vec!["PromQL warning: sample has start time that overlaps with previous sample timestamp for metric \"m\" (2 occurrences) (1:1)"]
        );
    }

    #[test]
    fn go_precision_g() {
        assert_eq!(format_float_g_prec(3.0, 2), "3");
        assert_eq!(format_float_g_prec(0.25, 2), "0.25");
        assert_eq!(format_float_g_prec(0.123, 2), "0.12");
        assert_eq!(format_float_g_prec(1234.0, 2), "1.2e+03");
        assert_eq!(format_float_g_prec(100.0, 2), "1e+02");
        assert_eq!(format_float_g_prec(99.0, 2), "99");
        assert_eq!(format_float_g_prec(0.00001234, 2), "1.2e-05");
        assert_eq!(format_float_g_prec(-0.5, 2), "-0.5");
        assert_eq!(format_float_g_prec(0.0, 2), "0");
        assert_eq!(format_float_g_prec(f64::INFINITY, 2), "+Inf");
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_seconds(1_136_239_445), "2006-01-02T22:04:05Z");
        assert_eq!(rfc3339_seconds(-1), "1969-12-31T23:59:59Z");
        assert_eq!(crate::time::civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(
            crate::time::go_utc_string(1_700_000_000),
            "2023-11-14 22:13:20 +0000 UTC"
        );
        assert_eq!(
            crate::time::go_utc_string(-1),
            "1969-12-31 23:59:59 +0000 UTC"
        );
    }
}
