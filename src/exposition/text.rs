//! A port of `expfmt.TextParser` (prometheus/common, `expfmt/text_parse.go`): the same
//! byte-at-a-time state machine, so inputs are accepted, rejected and worded exactly as
//! promtool does. Where Go would crash (nil pointer or nil map, reachable only through
//! `{...}` lines naming no metric before them) we carry on with a fresh metric or map.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{
    Bucket, Histogram, LabelPair, Metric, MetricFamily, MetricType, ParseError, Quantile, Summary,
    ValidationScheme, Value,
};
use crate::gostr;

/// expfmt's `p.err`: the reader's end of input or a syntax error.
enum Failure {
    Eof,
    Parse(ParseError),
}

#[derive(Clone, Copy)]
enum State {
    StartOfLine,
    StartComment,
    ReadingMetricName,
    ReadingLabels,
    StartLabelName,
    StartLabelValue,
    ReadingValue,
    StartTimestamp,
    ReadingHelp,
    ReadingType,
}

struct RawFamily {
    name: String,
    help: Option<String>,
    typ: Option<MetricType>,
    /// Indices into `Parser::metrics`; Go shares `*dto.Metric` pointers, so one metric can
    /// sit in a family twice (or in two families).
    metrics: Vec<usize>,
    line: usize,
}

impl RawFamily {
    /// `GetType()`: untyped until a TYPE line or a sample fixes it.
    fn get_type(&self) -> MetricType {
        self.typ.unwrap_or(MetricType::Untyped)
    }
}

/// `dto.Metric`: every value field, since Go sets whichever the current family's type says.
#[derive(Default, Clone)]
struct RawMetric {
    labels: Vec<LabelPair>,
    counter: Option<f64>,
    gauge: Option<f64>,
    untyped: Option<f64>,
    summary: Option<Summary>,
    histogram: Option<Histogram>,
    timestamp_ms: Option<i64>,
    line: usize,
}

type Signature = BTreeMap<String, String>;

pub(super) struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    scheme: ValidationScheme,
    err: Option<Failure>,
    line_count: usize,
    current_byte: u8,
    token: Vec<u8>,
    families: Vec<RawFamily>,
    by_name: HashMap<String, usize>,
    metrics: Vec<RawMetric>,
    current_mf: Option<usize>,
    current_metric: Option<usize>,
    /// Name of the label being read, and whether it went into `current_label_pairs` (as the
    /// last element), so its value can be filled in.
    current_label_name: String,
    current_label_listed: bool,
    current_label_pairs: Vec<LabelPair>,
    /// Names in `current_label_pairs`, kept only once the list is long.
    label_name_set: HashSet<String>,
    /// `None` is Go's nil map: never reset before a summary or histogram line.
    current_labels: Option<Signature>,
    summaries: HashMap<Signature, usize>,
    current_quantile: f64,
    histograms: HashMap<Signature, usize>,
    current_bucket: f64,
    current_is_summary_count: bool,
    current_is_summary_sum: bool,
    current_is_histogram_count: bool,
    current_is_histogram_sum: bool,
    current_metric_is_inside_braces: bool,
    current_metric_inside_braces_is_present: bool,
}

impl<'a> Parser<'a> {
    pub(super) fn new(input: &'a [u8], scheme: ValidationScheme) -> Self {
        Parser {
            input,
            pos: 0,
            scheme,
            err: None,
            line_count: 0,
            current_byte: 0,
            token: Vec::new(),
            families: Vec::new(),
            by_name: HashMap::new(),
            metrics: Vec::new(),
            current_mf: None,
            current_metric: None,
            current_label_name: String::new(),
            current_label_listed: false,
            current_label_pairs: Vec::new(),
            label_name_set: HashSet::new(),
            current_labels: None,
            summaries: HashMap::new(),
            current_quantile: f64::NAN,
            histograms: HashMap::new(),
            current_bucket: f64::NAN,
            current_is_summary_count: false,
            current_is_summary_sum: false,
            current_is_histogram_count: false,
            current_is_histogram_sum: false,
            current_metric_is_inside_braces: false,
            current_metric_inside_braces_is_present: false,
        }
    }

    /// `TextToMetricFamilies`.
    pub(super) fn parse(mut self) -> Result<Vec<MetricFamily>, ParseError> {
        let mut state = Some(State::StartOfLine);
        while let Some(s) = state {
            state = self.step(s);
        }
        match self.err.take() {
            Some(Failure::Parse(e)) => return Err(e),
            // The input ended in the middle of a line.
            Some(Failure::Eof) => {
                return Err(ParseError {
                    line: self.line_count,
                    msg: "unexpected end of input stream".into(),
                })
            }
            None => {}
        }
        Ok(self.finish())
    }

    fn finish(self) -> Vec<MetricFamily> {
        let Parser {
            families, metrics, ..
        } = self;
        // Metrics listed once (all but odd `{...}` lines) are moved rather than cloned.
        let mut uses = vec![0usize; metrics.len()];
        for f in families.iter().filter(|f| !f.metrics.is_empty()) {
            for &i in &f.metrics {
                if let Some(u) = uses.get_mut(i) {
                    *u += 1;
                }
            }
        }
        let mut metrics: Vec<Option<RawMetric>> = metrics.into_iter().map(Some).collect();
        families
            .into_iter()
            .filter(|f| !f.metrics.is_empty())
            .map(|f| {
                let typ = f.get_type();
                let mut out = Vec::with_capacity(f.metrics.len());
                for &i in &f.metrics {
                    let Some(u) = uses.get_mut(i) else { continue };
                    *u = u.saturating_sub(1);
                    let slot = metrics.get_mut(i);
                    let m = if *u == 0 {
                        slot.and_then(Option::take)
                    } else {
                        slot.and_then(|m| m.clone())
                    };
                    if let Some(m) = m {
                        out.push(Metric {
                            value: value_of(&m, typ),
                            labels: m.labels,
                            timestamp_ms: m.timestamp_ms,
                            line: m.line,
                        });
                    }
                }
                MetricFamily {
                    metrics: out,
                    name: f.name,
                    help: f.help,
                    metric_type: typ,
                    line: f.line,
                }
            })
            .collect()
    }

    fn step(&mut self, state: State) -> Option<State> {
        match state {
            State::StartOfLine => self.start_of_line(),
            State::StartComment => self.start_comment(),
            State::ReadingMetricName => self.reading_metric_name(),
            State::ReadingLabels => self.reading_labels(),
            State::StartLabelName => self.start_label_name(),
            State::StartLabelValue => self.start_label_value(),
            State::ReadingValue => self.reading_value(),
            State::StartTimestamp => self.start_timestamp(),
            State::ReadingHelp => self.reading_help(),
            State::ReadingType => self.reading_type(),
        }
    }

    // ---- reading ----

    /// `bufio.Reader.ReadByte`: the next byte, or 0 and `io.EOF`.
    fn read_byte(&mut self) {
        match self.input.get(self.pos) {
            Some(&b) => {
                self.current_byte = b;
                self.pos += 1;
                self.err = None;
            }
            None => {
                self.current_byte = 0;
                self.err = Some(Failure::Eof);
            }
        }
    }

    fn failed(&self) -> bool {
        self.err.is_some()
    }

    fn parse_error(&mut self, msg: String) {
        self.err = Some(Failure::Parse(ParseError {
            line: self.line_count,
            msg,
        }));
    }

    fn skip_blank_tab(&mut self) {
        loop {
            self.read_byte();
            if self.failed() || !is_blank_or_tab(self.current_byte) {
                return;
            }
        }
    }

    fn skip_blank_tab_if_current_blank_tab(&mut self) {
        if is_blank_or_tab(self.current_byte) {
            self.skip_blank_tab();
        }
    }

    fn read_token_until_whitespace(&mut self) {
        self.token.clear();
        while !self.failed() && !is_blank_or_tab(self.current_byte) && self.current_byte != b'\n' {
            self.token.push(self.current_byte);
            self.read_byte();
        }
    }

    fn read_token_until_newline(&mut self, recognize_escape_sequence: bool) {
        self.token.clear();
        let mut escaped = false;
        while !self.failed() {
            if recognize_escape_sequence && escaped {
                match self.current_byte {
                    b'\\' => self.token.push(b'\\'),
                    b'n' => self.token.push(b'\n'),
                    b'"' => self.token.push(b'"'),
                    other => {
                        self.parse_error(invalid_escape(other));
                        return;
                    }
                }
                escaped = false;
            } else {
                match self.current_byte {
                    b'\n' => return,
                    // Without escape recognition the backslash is dropped, as in Go.
                    b'\\' => escaped = true,
                    other => self.token.push(other),
                }
            }
            self.read_byte();
        }
    }

    /// `readTokenAsMetricName` and `readTokenAsLabelName`, which differ only in the bytes
    /// they accept and in their error wording.
    fn read_token_as_name(&mut self, metric: bool) {
        self.token.clear();
        let mut quoted = false;
        let mut escaped = false;
        let valid_start = |b: u8| is_valid_label_name_start(b) || (metric && b == b':');
        if !valid_start(self.current_byte) {
            return;
        }
        while !self.failed() {
            if escaped {
                match self.current_byte {
                    b'\\' => self.token.push(b'\\'),
                    b'n' => self.token.push(b'\n'),
                    b'"' => self.token.push(b'"'),
                    other => {
                        self.parse_error(invalid_escape(other));
                        return;
                    }
                }
                escaped = false;
            } else {
                match self.current_byte {
                    b'"' => {
                        quoted = !quoted;
                        if !quoted {
                            self.read_byte();
                            return;
                        }
                    }
                    b'\n' => {
                        let what = if metric { "metric" } else { "label" };
                        let msg = format!(
                            "{what} name {} contains unescaped new-line",
                            go_quote(&self.token)
                        );
                        self.parse_error(msg);
                        return;
                    }
                    b'\\' => escaped = true,
                    other => self.token.push(other),
                }
            }
            self.read_byte();
            let b = self.current_byte;
            // Go's `utf8.ValidString(string(b))` is always true, so a quoted name takes any
            // byte.
            let continues = valid_start(b) || b.is_ascii_digit() || quoted;
            if !continues {
                return;
            }
        }
    }

    fn read_token_as_label_value(&mut self) {
        self.token.clear();
        let mut escaped = false;
        loop {
            self.read_byte();
            if self.failed() {
                return;
            }
            if escaped {
                match self.current_byte {
                    b @ (b'"' | b'\\') => self.token.push(b),
                    b'n' => self.token.push(b'\n'),
                    other => {
                        self.parse_error(invalid_escape(other));
                        self.clear_label_pairs();
                        return;
                    }
                }
                escaped = false;
                continue;
            }
            match self.current_byte {
                b'"' => return,
                b'\n' => {
                    let msg = format!(
                        "label value {} contains unescaped new-line",
                        go_quote(&self.token)
                    );
                    self.parse_error(msg);
                    return;
                }
                b'\\' => escaped = true,
                other => self.token.push(other),
            }
        }
    }

    // ---- families and metrics ----

    fn mf(&self) -> Option<&RawFamily> {
        self.current_mf.and_then(|i| self.families.get(i))
    }

    fn mf_mut(&mut self) -> Option<&mut RawFamily> {
        self.current_mf.and_then(|i| self.families.get_mut(i))
    }

    /// `p.currentMF.GetType()`; a nil family reads as untyped.
    fn mf_type(&self) -> MetricType {
        self.mf().map_or(MetricType::Untyped, RawFamily::get_type)
    }

    /// `p.currentMF.GetName()`, quoted.
    fn mf_name_quoted(&self) -> String {
        go_quote(self.mf().map_or("", |f| f.name.as_str()).as_bytes())
    }

    fn fix_untyped(&mut self) {
        if let Some(f) = self.mf_mut() {
            if f.typ.is_none() {
                f.typ = Some(MetricType::Untyped);
            }
        }
    }

    fn new_metric(&mut self) -> usize {
        self.metrics.push(RawMetric {
            line: self.line_count,
            ..RawMetric::default()
        });
        self.metrics.len() - 1
    }

    /// The metric being read; Go would dereference nil here, we start one instead.
    fn metric_index(&mut self) -> usize {
        match self.current_metric {
            Some(i) => i,
            None => {
                let i = self.new_metric();
                self.current_metric = Some(i);
                i
            }
        }
    }

    fn metric_mut(&mut self) -> &mut RawMetric {
        let i = self.metric_index();
        // Indices only come from `new_metric`; growing keeps this panic-free regardless.
        if i >= self.metrics.len() {
            self.metrics.resize_with(i + 1, RawMetric::default);
        }
        &mut self.metrics[i]
    }

    /// Moves the label pairs read so far onto the current metric.
    fn attach_label_pairs(&mut self) {
        self.label_name_set.clear();
        let pairs = std::mem::take(&mut self.current_label_pairs);
        self.metric_mut().labels.extend(pairs);
    }

    fn push_current_metric(&mut self) {
        let m = self.metric_index();
        if let Some(f) = self.mf_mut() {
            f.metrics.push(m);
        }
    }

    fn set_or_create_current_mf(&mut self) {
        self.current_is_summary_count = false;
        self.current_is_summary_sum = false;
        self.current_is_histogram_count = false;
        self.current_is_histogram_sum = false;
        if !self.scheme.is_valid_metric_name(&self.token) {
            let msg = format!("invalid metric name {}", go_quote(&self.token));
            self.parse_error(msg);
            return;
        }
        // Valid names are UTF-8 under either scheme.
        let name = std::str::from_utf8(&self.token).unwrap_or_default();
        let type_of = |i: usize| self.families.get(i).map(RawFamily::get_type);
        let mut found = None;
        if let Some(&i) = self.by_name.get(name) {
            found = Some((i, [false; 4]));
        } else if let Some(&i) = self
            .by_name
            .get(summary_metric_name(name))
            .filter(|&&i| type_of(i) == Some(MetricType::Summary))
        {
            // A `_sum` or `_count` line of a summary.
            found = Some((i, [is_count(name), is_sum(name), false, false]));
        } else if let Some(&i) = self
            .by_name
            .get(histogram_metric_name(name))
            .filter(|&&i| type_of(i).is_some_and(MetricType::is_histogram))
        {
            found = Some((i, [false, false, is_count(name), is_sum(name)]));
        }
        let (i, flags) = match found {
            Some(hit) => hit,
            None => {
                let name = name.to_owned();
                self.families.push(RawFamily {
                    name: name.clone(),
                    help: None,
                    typ: None,
                    metrics: Vec::new(),
                    line: self.line_count,
                });
                let i = self.families.len() - 1;
                self.by_name.insert(name, i);
                (i, [false; 4])
            }
        };
        self.current_mf = Some(i);
        [
            self.current_is_summary_count,
            self.current_is_summary_sum,
            self.current_is_histogram_count,
            self.current_is_histogram_sum,
        ] = flags;
    }

    // ---- states ----

    fn start_of_line(&mut self) -> Option<State> {
        self.line_count += 1;
        self.current_metric_is_inside_braces = false;
        self.current_metric_inside_braces_is_present = false;
        self.skip_blank_tab();
        if self.failed() {
            // The only place where the end of input is not an error.
            if matches!(self.err, Some(Failure::Eof)) {
                self.err = None;
            }
            return None;
        }
        match self.current_byte {
            b'#' => Some(State::StartComment),
            b'\n' => Some(State::StartOfLine),
            b'{' => {
                self.current_metric_is_inside_braces = true;
                Some(State::ReadingLabels)
            }
            _ => Some(State::ReadingMetricName),
        }
    }

    fn start_comment(&mut self) -> Option<State> {
        self.skip_blank_tab();
        if self.failed() {
            return None;
        }
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        self.read_token_until_whitespace();
        if self.failed() {
            return None;
        }
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        let keyword = match self.token.as_slice() {
            b"HELP" => State::ReadingHelp,
            b"TYPE" => State::ReadingType,
            _ => {
                // A plain comment: skip to the end of the line.
                while self.current_byte != b'\n' {
                    self.read_byte();
                    if self.failed() {
                        return None;
                    }
                }
                return Some(State::StartOfLine);
            }
        };
        self.skip_blank_tab();
        if self.failed() {
            return None;
        }
        self.read_token_as_name(true);
        if self.failed() {
            return None;
        }
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        if !is_blank_or_tab(self.current_byte) {
            self.parse_error("invalid metric name in comment".into());
            return None;
        }
        self.set_or_create_current_mf();
        if self.failed() {
            return None;
        }
        self.skip_blank_tab();
        if self.failed() {
            return None;
        }
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        Some(keyword)
    }

    fn reading_metric_name(&mut self) -> Option<State> {
        self.read_token_as_name(true);
        if self.failed() {
            return None;
        }
        if self.token.is_empty() {
            self.parse_error("invalid metric name".into());
            return None;
        }
        self.set_or_create_current_mf();
        if self.failed() {
            return None;
        }
        self.fix_untyped();
        self.current_metric = Some(self.new_metric());
        self.skip_blank_tab_if_current_blank_tab();
        if self.failed() {
            return None;
        }
        Some(State::ReadingLabels)
    }

    fn reading_labels(&mut self) -> Option<State> {
        let typ = self.mf_type();
        if typ == MetricType::Summary || typ.is_histogram() {
            let mut labels = Signature::new();
            let name = self.mf().map_or_else(String::new, |f| f.name.clone());
            labels.insert("__name__".into(), name);
            self.current_labels = Some(labels);
            self.current_quantile = f64::NAN;
            self.current_bucket = f64::NAN;
        }
        if self.current_byte != b'{' {
            return Some(State::ReadingValue);
        }
        Some(State::StartLabelName)
    }

    fn start_label_name(&mut self) -> Option<State> {
        self.skip_blank_tab();
        if self.failed() {
            return None;
        }
        if self.current_byte == b'}' {
            if self.current_mf.is_none() {
                self.parse_error("invalid metric name".into());
                self.clear_label_pairs();
                return None;
            }
            self.attach_label_pairs();
            self.skip_blank_tab();
            if self.failed() {
                return None;
            }
            return Some(State::ReadingValue);
        }
        self.read_token_as_name(false);
        if self.failed() {
            return None;
        }
        if self.token.is_empty() {
            let msg = format!("invalid label name for metric {}", self.mf_name_quoted());
            self.parse_error(msg);
            return None;
        }
        self.skip_blank_tab_if_current_blank_tab();
        if self.failed() {
            return None;
        }
        if self.current_byte != b'=' {
            if self.current_metric_is_inside_braces {
                // `{"name", ...}`: the token was the metric name.
                if self.current_metric_inside_braces_is_present {
                    let msg = format!("multiple metric names for metric {}", self.mf_name_quoted());
                    self.parse_error(msg);
                    return None;
                }
                return match self.current_byte {
                    b',' => {
                        self.set_or_create_current_mf();
                        if self.failed() {
                            return None;
                        }
                        self.fix_untyped();
                        self.current_metric = Some(self.new_metric());
                        self.current_metric_inside_braces_is_present = true;
                        Some(State::StartLabelName)
                    }
                    b'}' => {
                        self.set_or_create_current_mf();
                        if self.failed() {
                            self.clear_label_pairs();
                            return None;
                        }
                        self.fix_untyped();
                        self.current_metric = Some(self.new_metric());
                        self.attach_label_pairs();
                        self.skip_blank_tab();
                        if self.failed() {
                            return None;
                        }
                        Some(State::ReadingValue)
                    }
                    other => {
                        let msg = format!("unexpected end of metric name {}", quote_rune(other));
                        self.parse_error(msg);
                        None
                    }
                };
            }
            let msg = format!(
                "expected '=' after label name, found {}",
                quote_rune(self.current_byte)
            );
            self.parse_error(msg);
            self.clear_label_pairs();
            return None;
        }
        if self.token == b"__name__" {
            self.parse_error("label name \"__name__\" is reserved".into());
            self.clear_label_pairs();
            return None;
        }
        if !self.scheme.is_valid_label_name(&self.token) {
            let msg = format!("invalid label name {}", go_quote(&self.token));
            self.parse_error(msg);
            self.clear_label_pairs();
            return None;
        }
        let name = std::str::from_utf8(&self.token).unwrap_or_default();
        let typ = self.mf_type();
        // `quantile` and `le` become part of the value, not labels.
        let special = (typ == MetricType::Summary && name == "quantile")
            || (typ.is_histogram() && name == "le");
        self.current_label_name.clear();
        self.current_label_name.push_str(name);
        self.current_label_listed = !special;
        // Go rechecks the whole list; earlier names are already unique, so only the new one
        // can clash.
        if !special && !self.add_label_name() {
            let msg = format!("duplicate label names for metric {}", self.mf_name_quoted());
            self.parse_error(msg);
            self.clear_label_pairs();
            return None;
        }
        Some(State::StartLabelValue)
    }

    /// Lists `current_label_name` with an empty value; false when the name is listed already.
    /// Long label lists switch to a set, so a line with many labels stays linear.
    fn add_label_name(&mut self) -> bool {
        const SCAN_LIMIT: usize = 16;
        let name = &self.current_label_name;
        let pairs = &mut self.current_label_pairs;
        let clash = if pairs.len() < SCAN_LIMIT {
            pairs.iter().any(|l| l.name == *name)
        } else {
            if self.label_name_set.is_empty() {
                self.label_name_set = pairs.iter().map(|l| l.name.clone()).collect();
            }
            !self.label_name_set.insert(name.clone())
        };
        pairs.push(LabelPair {
            name: name.clone(),
            value: String::new(),
        });
        !clash
    }

    fn clear_label_pairs(&mut self) {
        self.current_label_pairs.clear();
        self.label_name_set.clear();
    }

    fn start_label_value(&mut self) -> Option<State> {
        self.skip_blank_tab();
        if self.failed() {
            return None;
        }
        if self.current_byte != b'"' {
            let msg = format!(
                "expected '\"' at start of label value, found {}",
                quote_rune(self.current_byte)
            );
            self.parse_error(msg);
            return None;
        }
        self.read_token_as_label_value();
        if self.failed() {
            return None;
        }
        let Ok(value) = std::str::from_utf8(&self.token).map(str::to_owned) else {
            let msg = format!("invalid label value {}", go_quote(&self.token));
            self.parse_error(msg);
            return None;
        };
        let typ = self.mf_type();
        let is_quantile = typ == MetricType::Summary && self.current_label_name == "quantile";
        let is_le = typ.is_histogram() && self.current_label_name == "le";
        if is_quantile || is_le {
            let Some(v) = parse_float(&value) else {
                let label = if is_quantile { "quantile" } else { "le" };
                let msg = format!(
                    "expected float as value for '{label}' label, got {}",
                    go_quote(value.as_bytes())
                );
                self.parse_error(msg);
                self.clear_label_pairs();
                return None;
            };
            if is_quantile {
                self.current_quantile = v;
            } else {
                self.current_bucket = v;
            }
        } else if typ == MetricType::Summary || typ.is_histogram() {
            // Go writes into a nil map here (and panics) when no summary or histogram line
            // reset it; we start an empty one.
            self.current_labels
                .get_or_insert_with(Signature::new)
                .insert(self.current_label_name.clone(), value.clone());
        }
        self.skip_blank_tab();
        if self.failed() {
            return None;
        }
        match self.current_byte {
            b',' | b'}' => {
                if self.current_label_listed {
                    if let Some(last) = self.current_label_pairs.last_mut() {
                        last.value = value;
                    }
                }
                if self.current_byte == b',' {
                    return Some(State::StartLabelName);
                }
                if self.current_mf.is_none() {
                    self.parse_error("invalid metric name".into());
                    return None;
                }
                self.attach_label_pairs();
                self.skip_blank_tab();
                if self.failed() {
                    return None;
                }
                Some(State::ReadingValue)
            }
            _ => {
                let msg = format!(
                    "unexpected end of label value {}",
                    go_quote(value.as_bytes())
                );
                self.parse_error(msg);
                self.clear_label_pairs();
                None
            }
        }
    }

    fn reading_value(&mut self) -> Option<State> {
        if self.current_mf.is_none() {
            // Unreachable: every path here has a family. Kept so no input can panic.
            self.parse_error("invalid metric name".into());
            return None;
        }
        let typ = self.mf_type();
        if typ == MetricType::Summary || typ.is_histogram() {
            // Lines of one summary or histogram share a metric, keyed by their labels.
            let empty = Signature::new();
            let signature = self.current_labels.as_ref().unwrap_or(&empty);
            let seen = if typ == MetricType::Summary {
                self.summaries.get(signature).copied()
            } else {
                self.histograms.get(signature).copied()
            };
            match seen {
                Some(m) => self.current_metric = Some(m),
                None => {
                    let signature = signature.clone();
                    let m = self.metric_index();
                    if typ == MetricType::Summary {
                        self.summaries.insert(signature, m);
                    } else {
                        self.histograms.insert(signature, m);
                    }
                    self.push_current_metric();
                }
            }
        } else {
            self.push_current_metric();
        }
        self.read_token_until_whitespace();
        if self.failed() {
            return None;
        }
        let Some(value) = std::str::from_utf8(&self.token).ok().and_then(parse_float) else {
            let msg = format!("expected float as value, got {}", go_quote(&self.token));
            self.parse_error(msg);
            return None;
        };
        let (quantile, bucket) = (self.current_quantile, self.current_bucket);
        let (s_count, s_sum) = (self.current_is_summary_count, self.current_is_summary_sum);
        let (h_count, h_sum) = (
            self.current_is_histogram_count,
            self.current_is_histogram_sum,
        );
        if typ.is_histogram() && value < 0.0 {
            // Go keeps whole counts as integers and floats otherwise, and rejects negative
            // floats; a negative whole number never converts back equal, so any negative
            // count or bucket fails.
            let name = self.mf_name_quoted();
            if h_count {
                self.parse_error(format!("negative count for histogram {name}"));
                return None;
            }
            if !h_sum && !bucket.is_nan() {
                self.parse_error(format!("negative bucket population for histogram {name}"));
                return None;
            }
        }
        let metric = self.metric_mut();
        match typ {
            MetricType::Counter => metric.counter = Some(value),
            MetricType::Gauge => metric.gauge = Some(value),
            MetricType::Untyped => metric.untyped = Some(value),
            MetricType::Summary => {
                let s = metric.summary.get_or_insert_with(Summary::default);
                if s_count {
                    s.count = Some(value);
                } else if s_sum {
                    s.sum = Some(value);
                } else if !quantile.is_nan() {
                    s.quantiles.push(Quantile { quantile, value });
                }
            }
            MetricType::Histogram | MetricType::GaugeHistogram => {
                let h = metric.histogram.get_or_insert_with(Histogram::default);
                if h_count {
                    h.count = Some(value);
                } else if h_sum {
                    h.sum = Some(value);
                } else if !bucket.is_nan() {
                    h.buckets.push(Bucket {
                        upper_bound: bucket,
                        cumulative_count: value,
                    });
                }
            }
        }
        if self.current_byte == b'\n' {
            return Some(State::StartOfLine);
        }
        Some(State::StartTimestamp)
    }

    fn start_timestamp(&mut self) -> Option<State> {
        self.skip_blank_tab();
        if self.failed() {
            return None;
        }
        self.read_token_until_whitespace();
        if self.failed() {
            return None;
        }
        // `strconv.ParseInt(s, 10, 64)`: an optional sign and decimal digits.
        let Some(ts) = std::str::from_utf8(&self.token)
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
        else {
            let msg = format!(
                "expected integer as timestamp, got {}",
                go_quote(&self.token)
            );
            self.parse_error(msg);
            return None;
        };
        self.metric_mut().timestamp_ms = Some(ts);
        self.read_token_until_newline(false);
        if self.failed() {
            return None;
        }
        if !self.token.is_empty() {
            let msg = format!("spurious string after timestamp: {}", go_quote(&self.token));
            self.parse_error(msg);
            return None;
        }
        Some(State::StartOfLine)
    }

    fn reading_help(&mut self) -> Option<State> {
        if self.mf().is_some_and(|f| f.help.is_some()) {
            let msg = format!("second HELP line for metric name {}", self.mf_name_quoted());
            self.parse_error(msg);
            return None;
        }
        self.read_token_until_newline(true);
        if self.failed() {
            return None;
        }
        let help = String::from_utf8_lossy(&self.token).into_owned();
        if let Some(f) = self.mf_mut() {
            f.help = Some(help);
        }
        Some(State::StartOfLine)
    }

    fn reading_type(&mut self) -> Option<State> {
        if self.mf().is_some_and(|f| f.typ.is_some()) {
            let msg = format!(
                "second TYPE line for metric name {}, or TYPE reported after samples",
                self.mf_name_quoted()
            );
            self.parse_error(msg);
            return None;
        }
        self.read_token_until_newline(false);
        if self.failed() {
            return None;
        }
        // Any case is tolerated, with Go's Unicode upper-casing.
        let typ = match gostr::to_upper(&String::from_utf8_lossy(&self.token)).as_str() {
            "COUNTER" => MetricType::Counter,
            "GAUGE" => MetricType::Gauge,
            "SUMMARY" => MetricType::Summary,
            "UNTYPED" => MetricType::Untyped,
            "HISTOGRAM" => MetricType::Histogram,
            "GAUGE_HISTOGRAM" | "GAUGEHISTOGRAM" => MetricType::GaugeHistogram,
            _ => {
                let msg = format!("unknown metric type {}", go_quote(&self.token));
                self.parse_error(msg);
                return None;
            }
        };
        if let Some(f) = self.mf_mut() {
            f.typ = Some(typ);
        }
        Some(State::StartOfLine)
    }
}

/// The value field that matches the family's type. A metric shared with a family of another
/// type (see `RawFamily::metrics`) may lack it; then whatever it has is used.
fn value_of(m: &RawMetric, typ: MetricType) -> Value {
    let own = match typ {
        MetricType::Counter => m.counter.map(Value::Counter),
        MetricType::Gauge => m.gauge.map(Value::Gauge),
        MetricType::Untyped => m.untyped.map(Value::Untyped),
        MetricType::Summary => m.summary.clone().map(Value::Summary),
        MetricType::Histogram | MetricType::GaugeHistogram => {
            m.histogram.clone().map(Value::Histogram)
        }
    };
    own.or_else(|| m.untyped.map(Value::Untyped))
        .or_else(|| m.gauge.map(Value::Gauge))
        .or_else(|| m.counter.map(Value::Counter))
        .or_else(|| m.summary.clone().map(Value::Summary))
        .or_else(|| m.histogram.clone().map(Value::Histogram))
        .unwrap_or(Value::Untyped(f64::NAN))
}

fn is_blank_or_tab(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_valid_label_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'"'
}

fn is_count(name: &str) -> bool {
    name.len() > 6 && name.ends_with("_count")
}

fn is_sum(name: &str) -> bool {
    name.len() > 4 && name.ends_with("_sum")
}

fn is_bucket(name: &str) -> bool {
    name.len() > 7 && name.ends_with("_bucket")
}

fn summary_metric_name(name: &str) -> &str {
    if is_count(name) {
        &name[..name.len() - 6]
    } else if is_sum(name) {
        &name[..name.len() - 4]
    } else {
        name
    }
}

fn histogram_metric_name(name: &str) -> &str {
    if is_bucket(name) {
        &name[..name.len() - 7]
    } else {
        summary_metric_name(name)
    }
}

/// expfmt's `parseFloat`: `strconv.ParseFloat` without hex floats or underscores.
fn parse_float(s: &str) -> Option<f64> {
    if s.contains(['p', 'P', '_']) {
        return None;
    }
    gostr::parse_float(s).ok()
}

/// `fmt.Sprintf("invalid escape sequence '\\%c'", b)`: the byte printed as a rune.
fn invalid_escape(b: u8) -> String {
    format!("invalid escape sequence '\\{}'", char::from(b))
}

/// `%q` of a string: `strconv.Quote`, invalid UTF-8 as `\xNN`.
fn go_quote(b: &[u8]) -> String {
    gostr::quote_exact(b)
}

/// `%q` of a byte: `strconv.QuoteRune(rune(b))`.
fn quote_rune(b: u8) -> String {
    gostr::quote_rune(char::from(b))
}

#[cfg(test)]
mod tests {
    use super::super::{parse_text_with, ValidationScheme};

    fn err(input: &str, scheme: ValidationScheme) -> Option<String> {
        parse_text_with(input.as_bytes(), scheme)
            .err()
            .map(|e| e.to_string())
    }

    /// expfmt's `testTextParseError` table (prometheus/common HEAD): each input's error
    /// starts with the given text, under UTF-8 and (when given) legacy validation.
    #[test]
    fn upstream_error_table() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("\nbla 3.14\nblubber 42", "text format parsing error in line 3: unexpected end of input stream", None),
            ("metric{label=\"\\t\"} 3.14", "text format parsing error in line 1: invalid escape sequence", None),
            ("\nmetric{label=\"new\nline\"} 3.14\n", "text format parsing error in line 2: label value \"new\" contains unescaped new-line", None),
            ("metric{@=\"bla\"} 3.14", "text format parsing error in line 1: invalid label name for metric", None),
            ("metric{__name__=\"bla\"} 3.14", "text format parsing error in line 1: label name \"__name__\" is reserved", None),
            ("metric{label+=\"bla\"} 3.14", "text format parsing error in line 1: expected '=' after label name", None),
            ("metric{label=bla} 3.14", "text format parsing error in line 1: expected '\"' at start of label value", None),
            ("\n# TYPE metric summary\nmetric{quantile=\"bla\"} 3.14\n", "text format parsing error in line 3: expected float as value for 'quantile' label", None),
            ("metric{label=\"bla\"+} 3.14", "text format parsing error in line 1: unexpected end of label value", None),
            ("metric{label=\"bla\"} 3.14 2.72\n", "text format parsing error in line 1: expected integer as timestamp", None),
            ("metric{label=\"bla\"} 3.14 2 3\n", "text format parsing error in line 1: spurious string after timestamp", None),
            ("metric{label=\"bla\"} blubb\n", "text format parsing error in line 1: expected float as value", None),
            ("\n# HELP metric one\n# HELP metric two\n", "text format parsing error in line 3: second HELP line for metric name", None),
            ("\n# TYPE metric counter\n# TYPE metric untyped\n", "text format parsing error in line 3: second TYPE line for metric name \"metric\", or TYPE reported after samples", None),
            ("\nmetric 4.12\n# TYPE metric counter\n", "text format parsing error in line 3: second TYPE line for metric name \"metric\", or TYPE reported after samples", None),
            ("\n# TYPE metric bla\n", "text format parsing error in line 2: unknown metric type", None),
            ("\n# TYPE met-ric\n", "text format parsing error in line 2: invalid metric name in comment", None),
            ("@invalidmetric{label=\"bla\"} 3.14 2", "text format parsing error in line 1: invalid metric name", None),
            ("{label=\"bla\"} 3.14 2", "text format parsing error in line 1: invalid metric name", None),
            ("\n# TYPE metric histogram\nmetric_bucket{le=\"bla\"} 3.14\n", "text format parsing error in line 3: expected float as value for 'le' label", None),
            ("foo 1_2\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0x1p-3\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0x1P-3\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0B1\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0O1\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0X1\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0x1\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0b1\n", "text format parsing error in line 1: expected float as value", None),
            ("foo 0o1\n", "text format parsing error in line 1: expected float as value", None),
            ("\n# TYPE metric histogram\nmetric_bucket{le=\"0x1p-3\"} 3.14\n", "text format parsing error in line 3: expected float as value for 'le' label", None),
            ("\n# TYPE metric summary\nmetric{quantile=\"0x1p-3\"} 3.14\n", "text format parsing error in line 3: expected float as value for 'quantile' label", None),
            ("metric{label=\"bla\",label=\"bla\"} 3.14", "text format parsing error in line 1: duplicate label names for metric", None),
            ("{\"one.name\",\"another.name\"} 3.14", "text format parsing error in line 1: multiple metric names", Some("text format parsing error in line 1: invalid metric name \"one.name\"")),
            ("{\"a\\xc5z\",label=\"bla\"} 3.14", "text format parsing error in line 1: invalid escape sequence", None),
            ("{\"metric.name\".label=\"bla\"} 3.14", "text format parsing error in line 1: unexpected end of metric name", None),
            ("\n# TYPE \"metric.name\\t\" counter\n{\"metric.name\\t\",label=\"bla\"} 3.14\n", "text format parsing error in line 2: invalid escape sequence", None),
            ("\n# TYPE \"metric\nname\" counter\n{\"metric\nname\",label=\"bla\"} 3.14\n", "text format parsing error in line 2: metric name \"metric\" contains unescaped new-line", None),
            ("\n{\"metric.name\",\"new\nline\"=\"bla\"} 3.14\n", "text format parsing error in line 2: label name \"new\" contains unescaped new-line", Some("text format parsing error in line 2: invalid metric name \"metric.name\"")),
            ("{\"metric.name\",foo=\"bla\"} 3.14\n", "", Some("text format parsing error in line 1: invalid metric name \"metric.name\"")),
            ("metric_name{\"foo\"=\"bar\", \"dotted.label\"=\"bla\"} 3.14\n", "", Some("text format parsing error in line 1: invalid label name \"dotted.label\"")),
            ("\n# TYPE h histogram\nh_bucket{le=\"100\"} 123\nh_sum 1\nh_count -2693\n", "text format parsing error in line 5: negative count for histogram \"h\"", None),
            ("\n# TYPE h histogram\nh_bucket{le=\"100\"} 123\nh_bucket{le=\"120\"} -412\n", "text format parsing error in line 4: negative bucket population for histogram \"h\"", None),
            ("\n# TYPE h histogram\nh_count -2693.123\n", "text format parsing error in line 3: negative count for histogram \"h\"", None),
            ("\n# TYPE h histogram\nh_bucket{le=\"120\"} -412.456\n", "text format parsing error in line 3: negative bucket population for histogram \"h\"", None),
            ("{} 3.14", "text format parsing error in line 1: invalid metric name", None),
        ];
        for (i, (input, utf8, legacy)) in cases.iter().enumerate() {
            let got = err(input, ValidationScheme::Utf8).unwrap_or_default();
            assert!(
                got.starts_with(utf8) && (utf8.is_empty() == got.is_empty()),
                "{i} utf8: {got:?}"
            );
            let want = legacy.unwrap_or(utf8);
            let got = err(input, ValidationScheme::Legacy).unwrap_or_default();
            assert!(
                got.starts_with(want) && (want.is_empty() == got.is_empty()),
                "{i} legacy: {got:?}"
            );
        }
    }

    #[test]
    fn invalid_utf8_label_value_is_quoted_as_go_does() {
        let got = parse_text_with(b"metric{l=\"\xbd\"} 3.14\n", ValidationScheme::Utf8);
        assert_eq!(
            got.err().map(|e| e.to_string()).as_deref(),
            Some("text format parsing error in line 1: invalid label value \"\\xbd\"")
        );
    }

    #[test]
    fn bytes_in_messages_are_quoted_as_go_runes() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"v{a\x01=\"1\"} 1\n",
                "expected '=' after label name, found '\\x01'",
            ),
            (
                b"v{a=\xc3\xa9} 1\n",
                "expected '\"' at start of label value, found '\u{c3}'",
            ),
            (
                b"v{a=\"\\\xc3\xa9\"} 1\n",
                "invalid escape sequence '\\\u{c3}'",
            ),
            (b"v{a=\"1\"\x7f} 1\n", "unexpected end of label value \"1\""),
            (
                b"v{a \x80} 1\n",
                "expected '=' after label name, found '\\u0080'",
            ),
            (b"{\"x\"\x00} 1\n", "unexpected end of metric name '\\x00'"),
            (
                b"v{a='1'} 1\n",
                "expected '\"' at start of label value, found '\\''",
            ),
            (b"v 1\xff\n", "expected float as value, got \"1\\xff\""),
        ];
        for (input, want) in cases {
            let got = parse_text_with(input, ValidationScheme::Utf8)
                .err()
                .map(|e| e.msg)
                .unwrap_or_default();
            assert_eq!(got, *want, "{:?}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn odd_but_accepted_shapes() {
        // The whitespace rules: blanks around labels and before the value are fine, a
        // trailing blank after the value is not (it announces a timestamp).
        assert!(parse_text_with(b"v 1 \n", ValidationScheme::Utf8).is_err());
        assert!(parse_text_with(b"  v\t{ a = \"1\" , }\t1\t5\n", ValidationScheme::Utf8).is_ok());
        // `# HELP name` with nothing after is no HELP at all, so a second one is fine.
        assert!(parse_text_with(b"# HELP v\n# HELP v x\nv 1\n", ValidationScheme::Utf8).is_ok());
        // A line starting with `{` after another metric reuses that metric, as Go does.
        let fams = parse_text_with(b"a 1\n{x=\"y\"} 2\n", ValidationScheme::Utf8).unwrap();
        assert_eq!(fams.len(), 1);
        assert_eq!(fams[0].metrics.len(), 2);
        assert_eq!(fams[0].metrics[0], fams[0].metrics[1]);
        assert_eq!(fams[0].metrics[0].labels[0].name, "x");
        // Where Go would dereference nil, a fresh metric is started.
        let fams = parse_text_with(b"# HELP b x\n{x=\"y\"} 2\n", ValidationScheme::Utf8).unwrap();
        assert_eq!(fams[0].name, "b");
        assert_eq!(fams[0].metrics[0].labels[0].value, "y");
        // Quotes can open anywhere in a name.
        let fams = parse_text_with(b"ab\"c.d\" 1\n", ValidationScheme::Utf8).unwrap();
        assert_eq!(fams[0].name, "abc.d");
    }

    #[test]
    fn mangled_inputs_never_panic() {
        let seeds: &[&[u8]] = &[
            b"# HELP a x\n# TYPE a summary\na{quantile=\"0.5\",b=\"c\"} 1 2\na_sum 1\na_count 2\n",
            b"# TYPE h histogram\nh_bucket{le=\"1\"} 1\n{\"h\",le=\"2\"} 3\nh_count 3\n",
            b"{\"x\", a=\"1\"} 1\n{a=\"1\", \"y\"} 2\n# TYPE s summary\n{\"s\", a=\"b\"} 1\n",
        ];
        let pieces: &[&[u8]] = &[
            b"{",
            b"}",
            b"\"",
            b"=",
            b",",
            b"\n",
            b"\\",
            b" ",
            b"#",
            b"1",
            b"le",
            b"quantile",
            b"_sum",
            b"_count",
            b"_bucket",
            b"\xff",
            b"\xc3",
            b"\0",
            b"-1",
            b"NaN",
        ];
        // A small deterministic generator keeps the test fast and reproducible.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..5000 {
            let mut s = seeds[next(seeds.len())].to_vec();
            for _ in 0..1 + next(5) {
                let at = next(s.len() + 1);
                let end = (at + next(4)).min(s.len());
                s.splice(at..end, pieces[next(pieces.len())].iter().copied());
            }
            for scheme in [ValidationScheme::Utf8, ValidationScheme::Legacy] {
                let _ = parse_text_with(&s, scheme);
            }
        }
    }
}
