//! promlint (client_golang `prometheus/testutil/promlint`): the checks `promtool check
//! metrics` runs over exposed metrics, with its exact texts and ordering.

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::exposition::{self, MetricFamily, MetricType, ParseError, ValidationScheme};
use crate::gostr;

/// Which validation found a problem; each has a stable diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lint {
    Help,
    MetricUnits,
    Counter,
    HistogramSummaryReserved,
    MetricTypeInName,
    ReservedChars,
    CamelCase,
    UnitAbbreviations,
    DuplicateMetric,
}

impl Lint {
    /// promlint's `defaultValidations`, in its order.
    pub const ALL: [Lint; 9] = [
        Lint::Help,
        Lint::MetricUnits,
        Lint::Counter,
        Lint::HistogramSummaryReserved,
        Lint::MetricTypeInName,
        Lint::ReservedChars,
        Lint::CamelCase,
        Lint::UnitAbbreviations,
        Lint::DuplicateMetric,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Lint::Help => "metrics/no-help",
            Lint::MetricUnits => "metrics/non-base-unit",
            Lint::Counter => "metrics/counter-suffix",
            Lint::HistogramSummaryReserved => "metrics/reserved-suffix-or-label",
            Lint::MetricTypeInName => "metrics/type-in-name",
            Lint::ReservedChars => "metrics/reserved-chars",
            Lint::CamelCase => "metrics/camel-case",
            Lint::UnitAbbreviations => "metrics/unit-abbreviation",
            Lint::DuplicateMetric => "metrics/duplicate",
        }
    }

    /// The problem texts this validation finds in one family.
    pub fn check(self, mf: &MetricFamily) -> Vec<String> {
        match self {
            Lint::Help => lint_help(mf),
            Lint::MetricUnits => lint_metric_units(mf),
            Lint::Counter => lint_counter(mf),
            Lint::HistogramSummaryReserved => lint_histogram_summary_reserved(mf),
            Lint::MetricTypeInName => lint_metric_type_in_name(mf),
            Lint::ReservedChars => lint_reserved_chars(mf),
            Lint::CamelCase => lint_camel_case(mf),
            Lint::UnitAbbreviations => lint_unit_abbreviations(mf),
            Lint::DuplicateMetric => lint_duplicate_metric(mf),
        }
    }
}

/// One finding: promtool prints it as `<metric> <text>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub metric: String,
    pub text: String,
    pub lint: Lint,
    /// 1-based line where the metric family first appears.
    pub line: usize,
}

impl Problem {
    /// A warning on the family's first line of `file` (the text the families were parsed
    /// from), worded as promtool prints it.
    pub fn to_diagnostic(&self, file: &Arc<SourceFile>) -> Diagnostic {
        Diagnostic::warning(self.lint.code(), format!("{} {}", self.metric, self.text))
            .with_file(Arc::clone(file))
            .with_span(line_span(&file.text, self.line))
    }
}

/// A parse error as a diagnostic on its line, worded as promtool's `error while linting: ...`
/// minus the prefix.
pub fn parse_error_diagnostic(err: &ParseError, file: &Arc<SourceFile>) -> Diagnostic {
    Diagnostic::error("metrics/parse", err.to_string())
        .with_file(Arc::clone(file))
        .with_span(line_span(&file.text, err.line))
}

/// Byte range of 1-based `line` without its newline; the end of the text past the last line.
pub fn line_span(text: &str, line: usize) -> Span {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|rest| rest.find('\n')) {
            Some(nl) => start += nl + 1,
            None => return Span::point(text.len()),
        }
    }
    let end = text
        .get(start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |nl| start + nl);
    Span::new(start, end)
}

/// promlint's `Lint` over text: parsed with legacy names (as its decoder does), every
/// validation run, problems sorted by metric name then text.
pub fn lint_text(input: &[u8]) -> Result<Vec<Problem>, ParseError> {
    let families = exposition::parse_text_with(input, ValidationScheme::Legacy)?;
    Ok(lint_families(&families))
}

/// Runs every validation over `families`, sorted as promlint sorts (stable, so equal problems
/// keep validation order).
pub fn lint_families(families: &[MetricFamily]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = families
        .iter()
        .flat_map(|mf| {
            Lint::ALL.iter().flat_map(move |&lint| {
                lint.check(mf).into_iter().map(move |text| Problem {
                    metric: mf.name.clone(),
                    text,
                    lint,
                    line: mf.line,
                })
            })
        })
        .collect();
    problems.sort_by(|a, b| a.metric.cmp(&b.metric).then_with(|| a.text.cmp(&b.text)));
    problems
}

// ---- the validations (client_golang `promlint/validations`) ----

pub fn lint_help(mf: &MetricFamily) -> Vec<String> {
    if mf.help.is_none() {
        return vec!["no help text".into()];
    }
    Vec::new()
}

pub fn lint_metric_units(mf: &MetricFamily) -> Vec<String> {
    match metric_units(&mf.name) {
        Some((unit, base)) if unit != base => {
            vec![format!(
                "use base unit {} instead of {}",
                gostr::quote(base),
                gostr::quote(unit)
            )]
        }
        _ => Vec::new(),
    }
}

pub fn lint_counter(mf: &MetricFamily) -> Vec<String> {
    let is_counter = mf.metric_type == MetricType::Counter;
    let is_untyped = mf.metric_type == MetricType::Untyped;
    let has_total = mf.name.ends_with("_total");
    if is_counter && !has_total {
        vec![r#"counter metrics should have "_total" suffix"#.into()]
    } else if !is_untyped && !is_counter && has_total {
        vec![r#"non-counter metrics should not have "_total" suffix"#.into()]
    } else {
        Vec::new()
    }
}

pub fn lint_histogram_summary_reserved(mf: &MetricFamily) -> Vec<String> {
    let t = mf.metric_type;
    if t == MetricType::Untyped {
        return Vec::new();
    }
    // Only a classic histogram counts: gauge histograms are flagged too, as in promlint.
    let is_histogram = t == MetricType::Histogram;
    let is_summary = t == MetricType::Summary;
    let n = &mf.name;
    let mut problems = Vec::new();
    if !is_histogram && n.ends_with("_bucket") {
        problems.push(r#"non-histogram metrics should not have "_bucket" suffix"#.into());
    }
    if !is_histogram && !is_summary && n.ends_with("_count") {
        problems.push(
            r#"non-histogram and non-summary metrics should not have "_count" suffix"#.into(),
        );
    }
    if !is_histogram && !is_summary && n.ends_with("_sum") {
        problems
            .push(r#"non-histogram and non-summary metrics should not have "_sum" suffix"#.into());
    }
    for l in mf.metrics.iter().flat_map(|m| &m.labels) {
        if !is_histogram && l.name == "le" {
            problems.push(r#"non-histogram metrics should not have "le" label"#.into());
        }
        if !is_summary && l.name == "quantile" {
            problems.push(r#"non-summary metrics should not have "quantile" label"#.into());
        }
    }
    problems
}

pub fn lint_metric_type_in_name(mf: &MetricFamily) -> Vec<String> {
    if mf.metric_type == MetricType::Untyped {
        return Vec::new();
    }
    let n = gostr::to_lower(&mf.name);
    let typename = mf.metric_type.as_str();
    if contains_word(&n, typename) {
        return vec![format!("metric name should not include type '{typename}'")];
    }
    Vec::new()
}

pub fn lint_reserved_chars(mf: &MetricFamily) -> Vec<String> {
    if mf.name.contains(':') {
        return vec!["metric names should not contain ':'".into()];
    }
    Vec::new()
}

pub fn lint_camel_case(mf: &MetricFamily) -> Vec<String> {
    let mut problems = Vec::new();
    if is_camel_case(&mf.name) {
        problems.push("metric names should be written in 'snake_case' not 'camelCase'".into());
    }
    // One problem per label occurrence, repeats included.
    for l in mf.metrics.iter().flat_map(|m| &m.labels) {
        if is_camel_case(&l.name) {
            problems.push("label names should be written in 'snake_case' not 'camelCase'".into());
        }
    }
    problems
}

pub fn lint_unit_abbreviations(mf: &MetricFamily) -> Vec<String> {
    let n = gostr::to_lower(&mf.name);
    UNIT_ABBREVIATIONS
        .iter()
        .filter(|s| contains_word(&n, s))
        .map(|_| "metric names should not contain abbreviated units".to_string())
        .collect()
}

/// One problem per metric that has a later twin with the same labels in the same order
/// (promlint compares the label lists with `reflect.DeepEqual`).
pub fn lint_duplicate_metric(mf: &MetricFamily) -> Vec<String> {
    // Walking backwards, a metric is a duplicate when a later one had its labels.
    let mut later = std::collections::HashSet::new();
    let count = mf
        .metrics
        .iter()
        .rev()
        .filter(|m| !later.insert(m.labels.as_slice()))
        .count();
    vec!["metric not unique".to_string(); count]
}

/// `_<word>_` inside `name` or `_<word>` at its end.
fn contains_word(name: &str, word: &str) -> bool {
    let mid = format!("_{word}_");
    let end = format!("_{word}");
    name.contains(&mid) || name.ends_with(&end)
}

/// The regexp `[a-z][A-Z]` anywhere.
fn is_camel_case(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// Unit names and the base unit each should be expressed in.
const UNITS: &[(&str, &str)] = &[
    ("amperes", "amperes"),
    ("bytes", "bytes"),
    ("celsius", "celsius"),
    ("grams", "grams"),
    ("joules", "joules"),
    ("kelvin", "kelvin"),
    ("meters", "meters"),
    ("metres", "metres"),
    ("seconds", "seconds"),
    ("volts", "volts"),
    ("minutes", "seconds"),
    ("hours", "seconds"),
    ("days", "seconds"),
    ("weeks", "seconds"),
    ("kelvins", "kelvin"),
    ("fahrenheit", "celsius"),
    ("rankine", "celsius"),
    ("inches", "meters"),
    ("yards", "meters"),
    ("miles", "meters"),
    ("bits", "bytes"),
    ("calories", "joules"),
    ("pounds", "grams"),
    ("ounces", "grams"),
];

const UNIT_PREFIXES: &[&str] = &[
    "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto", "kilo", "kibi", "mega",
    "mibi", "giga", "gibi", "tera", "tebi", "peta", "pebi",
];

const UNIT_ABBREVIATIONS: &[&str] = &[
    "s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d",
];

fn base_unit(unit: &str) -> Option<&'static str> {
    UNITS
        .iter()
        .find(|(u, _)| *u == unit)
        .map(|&(_, base)| base)
}

/// The first `_`-separated part of `name` that is a known unit, bare or with one prefix,
/// and its base unit.
fn metric_units(name: &str) -> Option<(&str, &'static str)> {
    name.split('_').find_map(|s| {
        if let Some(base) = base_unit(s) {
            return Some((s, base));
        }
        UNIT_PREFIXES
            .iter()
            .find_map(|p| s.strip_prefix(p).and_then(base_unit))
            .map(|base| (s, base))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint(text: &str) -> Vec<String> {
        lint_text(text.as_bytes())
            .expect("valid exposition")
            .into_iter()
            .map(|p| format!("{} {}", p.metric, p.text))
            .collect()
    }

    fn family(name: &str, typ: &str) -> String {
        format!("# HELP {name} Test metric.\n# TYPE {name} {typ}\n{name} 10\n")
    }

    #[test]
    fn clean_metrics_have_no_problems() {
        let text = "# HELP http_requests_total x\n# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 1\n# HELP process_resident_memory_bytes x\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 1\n";
        assert!(lint(text).is_empty());
    }

    #[test]
    fn help_and_counters() {
        assert_eq!(
            lint("# TYPE requests counter\nrequests 1\n"),
            [
                "requests counter metrics should have \"_total\" suffix",
                "requests no help text",
            ]
        );
        assert_eq!(
            lint(&family("requests_total", "gauge")),
            ["requests_total non-counter metrics should not have \"_total\" suffix"]
        );
        // Untyped metrics may end in _total.
        assert!(lint("# HELP x_total x\nx_total 1\n").is_empty());
    }

    #[test]
    fn units() {
        assert_eq!(
            lint(&family("request_duration_milliseconds", "gauge")),
            ["request_duration_milliseconds use base unit \"seconds\" instead of \"milliseconds\""]
        );
        // The first unit-like part of the name decides.
        assert_eq!(
            lint(&family("x_kilobytes_minutes", "gauge")),
            ["x_kilobytes_minutes use base unit \"bytes\" instead of \"kilobytes\""]
        );
        assert_eq!(
            lint(&family("temp_fahrenheit", "gauge")),
            ["temp_fahrenheit use base unit \"celsius\" instead of \"fahrenheit\""]
        );
        // "thermometers" is not "meters"; base units pass.
        assert!(lint(&family("thermometers", "gauge")).is_empty());
        assert!(lint(&family("disk_bytes", "gauge")).is_empty());
    }

    #[test]
    fn reserved_suffixes_and_labels() {
        let text = "# HELP a_count x\n# TYPE a_count gauge\na_count{le=\"1\",quantile=\"2\"} 1\n# HELP b_bucket x\n# TYPE b_bucket summary\nb_bucket 1\n";
        assert_eq!(
            lint(text),
            [
                "a_count non-histogram and non-summary metrics should not have \"_count\" suffix",
                "a_count non-histogram metrics should not have \"le\" label",
                "a_count non-summary metrics should not have \"quantile\" label",
                "b_bucket non-histogram metrics should not have \"_bucket\" suffix",
            ]
        );
    }

    #[test]
    fn type_in_name_only_for_its_own_type() {
        assert_eq!(
            lint(&family("http_requests_counter", "counter")),
            [
                "http_requests_counter counter metrics should have \"_total\" suffix",
                "http_requests_counter metric name should not include type 'counter'",
            ]
        );
        assert_eq!(
            lint(&family("request_duration_seconds_HISTOGRAM", "histogram")),
            ["request_duration_seconds_HISTOGRAM metric name should not include type 'histogram'"]
        );
        // Untyped families are not checked (promtool 2.42 still flagged them).
        assert!(lint("# HELP a_counter x\na_counter 1\n").is_empty());
    }

    #[test]
    fn names_and_abbreviations() {
        assert_eq!(
            lint(&family("a:b", "gauge")),
            ["a:b metric names should not contain ':'"]
        );
        assert_eq!(
            lint("# HELP fooBar x\nfooBar{aB=\"1\"} 1\nfooBar{aB=\"2\"} 1\n"),
            [
                "fooBar label names should be written in 'snake_case' not 'camelCase'",
                "fooBar label names should be written in 'snake_case' not 'camelCase'",
                "fooBar metric names should be written in 'snake_case' not 'camelCase'",
            ]
        );
        // One problem per abbreviation found.
        assert_eq!(
            lint(&family("b_s_kb", "gauge")),
            [
                "b_s_kb metric names should not contain abbreviated units",
                "b_s_kb metric names should not contain abbreviated units",
            ]
        );
    }

    #[test]
    fn duplicates_compare_labels_in_order() {
        let text = "# HELP d x\nd{a=\"1\",b=\"2\"} 1\nd{b=\"2\",a=\"1\"} 1\nd 1\nd 2\nd 3\n";
        assert_eq!(lint(text), ["d metric not unique", "d metric not unique"]);
    }

    #[test]
    fn problems_sort_by_metric_then_text_and_carry_the_family_line() {
        let text = "# HELP z x\nz 1\n# TYPE a counter\na 1\n";
        let problems = lint_text(text.as_bytes()).expect("valid");
        let shown: Vec<(&str, &str, usize, Lint)> = problems
            .iter()
            .map(|p| (p.metric.as_str(), p.text.as_str(), p.line, p.lint))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "a",
                    "counter metrics should have \"_total\" suffix",
                    3,
                    Lint::Counter
                ),
                ("a", "no help text", 3, Lint::Help),
            ]
        );
        let file = SourceFile::shared("<stdin>", text);
        let d = problems[1].to_diagnostic(&file);
        assert_eq!(
            d.to_string(),
            "<stdin>:3:1: warning[metrics/no-help]: a no help text"
        );
        assert_eq!(d.resolved_span(), Some(Span::new(15, 31)));
    }

    #[test]
    fn parse_errors_use_the_legacy_scheme() {
        let err = lint_text(b"{\"a.b\"} 1\n").expect_err("legacy names only");
        assert_eq!(
            err.to_string(),
            "text format parsing error in line 1: invalid metric name \"a.b\""
        );
        let file = SourceFile::shared("<stdin>", "{\"a.b\"} 1\n");
        let d = parse_error_diagnostic(&err, &file);
        assert_eq!(d.line_col(), Some((1, 1)));
        assert!(d.is_error());
    }

    #[test]
    fn line_spans() {
        let text = "ab\ncd\n";
        assert_eq!(line_span(text, 1), Span::new(0, 2));
        assert_eq!(line_span(text, 2), Span::new(3, 5));
        assert_eq!(line_span(text, 3), Span::new(6, 6));
        assert_eq!(line_span(text, 9), Span::point(6));
        assert_eq!(line_span("", 0), Span::new(0, 0));
    }
}
