//! Reader for promqltest scripts (`*.test`), the test language of Prometheus's PromQL engine:
//! `load`/`load_with_nhcb` blocks of series, `clear`, and `eval instant|range` commands with
//! their expectations. This module only parses; running a script is the engine's business.
//!
//! The rules follow Prometheus's `promql/promqltest/test.go`: lines are trimmed, a line
//! starting with `#` counts as empty, an empty line ends a command's block, and a scalar
//! expectation line also ends an eval block. Error texts match Prometheus where practical.
//! Expressions are not parsed here; each [`Eval`] records where its expression sits in the
//! file so a PromQL parse error can be reported in place.

use std::fmt;
use std::sync::OnceLock;

use regex::Regex;

use crate::duration::parse_duration;
use crate::gostr::quote;
use crate::model::labels::Labels;
use crate::promql::series::{
    parse_go_number, parse_series_desc, quote_rune, SequenceValue, SeriesError, MAX_SERIES_VALUES,
};
use crate::regex::go_search_regex;

/// A parsed script: its commands in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    pub commands: Vec<Command>,
}

impl Script {
    /// Number of `eval` commands.
    pub fn eval_count(&self) -> usize {
        self.commands
            .iter()
            .filter(|c| matches!(c, Command::Eval(_)))
            .count()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Load(Load),
    /// Drop all stored series.
    Clear {
        line: usize,
    },
    Eval(Eval),
}

/// A `load <interval>` block. The k-th value of a series is at `k * interval_ms` (Unix ms).
#[derive(Clone, Debug, PartialEq)]
pub struct Load {
    /// 1-based line of the `load` header.
    pub line: usize,
    pub interval_ms: i64,
    /// `load_with_nhcb`: classic histogram series (`_bucket`/`_count`/`_sum`) are also stored
    /// as native histograms with custom buckets.
    pub with_nhcb: bool,
    /// One entry per label set; when a block lists a label set twice, the later line replaces
    /// the earlier one (as in Prometheus).
    pub series: Vec<LoadSeries>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LoadSeries {
    pub line: usize,
    pub labels: Labels,
    pub values: Vec<SequenceValue>,
    /// From a `metric@st …` line: per value position, the offset in ms from the sample's
    /// timestamp to its start timestamp (`None` = no start timestamp). Same length as `values`.
    pub start_timestamps: Option<Vec<Option<i64>>>,
}

/// An `eval` command with its expectations.
#[derive(Clone, Debug, PartialEq)]
pub struct Eval {
    /// 1-based line of the `eval` header.
    pub line: usize,
    pub expr: String,
    /// Byte offset of `expr` in the script text.
    pub expr_offset: usize,
    pub kind: EvalKind,
    /// The query must fail (`expect fail…` or the deprecated `eval_fail`).
    pub fail: Option<Expectation>,
    /// Expected warnings; every warning must match one of them and each must match a warning.
    /// The deprecated `eval_warn` adds [`Expectation::Any`].
    pub warn: Vec<Expectation>,
    /// Expected info annotations, like `warn`.
    pub info: Vec<Expectation>,
    /// `expect no_warn`: the query must not produce warnings.
    pub no_warn: bool,
    /// `expect no_info`: the query must not produce info annotations.
    pub no_info: bool,
    /// Results must come in the listed order (`expect ordered` or `eval_ordered`).
    pub ordered: bool,
    /// `expect range vector from S to E step D` as (S, E, D) in ms: the instant query returns
    /// a range vector. The query is then evaluated at E instead of the header time.
    pub range_vector: Option<(i64, i64, i64)>,
    /// `expect string "…"`: the expected string result.
    pub expect_string: Option<String>,
    pub expected: Expected,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalKind {
    /// `eval instant at <T>`; times are Unix ms.
    Instant { at_ms: i64 },
    /// `eval range from <S> to <E> step <D>`.
    Range {
        start_ms: i64,
        end_ms: i64,
        step_ms: i64,
    },
}

/// How an error or annotation text must look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expectation {
    /// Anything.
    Any,
    /// Exactly this text.
    Msg(String),
    /// A regular expression that must match somewhere in the text (unanchored). Validated
    /// with the `regex` crate at parse time.
    Regex(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// No result lines (an empty vector, or only failure/annotation expectations).
    None,
    Scalar(f64),
    /// One entry per label set; a repeated label set replaces the earlier line.
    Series(Vec<ExpectedSeries>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedSeries {
    pub line: usize,
    pub labels: Labels,
    pub values: Vec<SequenceValue>,
}

/// Why a script could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScriptError {
    /// 1-based line.
    pub line: usize,
    /// 1-based byte column within the line, when the error points into it.
    pub col: Option<usize>,
    /// Byte offset in the script text, when known (the same place as `line`/`col`).
    pub offset: Option<usize>,
    pub msg: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.col {
            Some(col) => write!(f, "{}:{}: {}", self.line, col, self.msg),
            None => write!(f, "{}: {}", self.line, self.msg),
        }
    }
}

/// One line of the script: its trimmed text and where that text starts.
struct Line<'a> {
    /// Trimmed text; empty for blank and comment lines.
    text: &'a str,
    /// Byte offset of `text` in the script.
    offset: usize,
    /// Byte offset of the start of the raw line.
    start: usize,
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
}

/// Go's RE2 `\s`.
const WS: &str = r"[\t\n\f\r ]";

struct Patterns {
    load: Regex,
    eval_instant: Regex,
    eval_range: Regex,
    expect: Regex,
    expect_range: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let re = |p: &str| {
            let p = p.replace(r"\s", WS);
            // The patterns are constants; a failure here is a bug caught by every test.
            Regex::new(&p).unwrap_or_else(|e| panic!("bad built-in pattern {p}: {e}"))
        };
        Patterns {
            load: re(r"^load(?:_(with_nhcb))?\s+(.+?)$"),
            eval_instant: re(
                r"^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$",
            ),
            eval_range: re(
                r"^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$",
            ),
            expect: re(
                r"^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$",
            ),
            expect_range: re(r"^expect range vector\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$"),
        }
    })
}

const RANGE_VECTOR_PREFIX: &str = "expect range vector";
const EXPECT_STRING_PREFIX: &str = "expect string";

/// Parses a promqltest script.
pub fn parse_script(text: &str) -> Result<Script, ScriptError> {
    let mut lines = Vec::new();
    let mut start = 0;
    for raw in text.split('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let trimmed = if trimmed.starts_with('#') {
            ""
        } else {
            trimmed
        };
        lines.push(Line {
            text: trimmed,
            offset: start + lead,
            start,
        });
        start += raw.len() + 1;
    }
    let r = Reader { lines };
    let mut commands = Vec::new();
    let mut i = 0;
    while i < r.lines.len() {
        let l = r.text(i);
        if l.is_empty() {
            i += 1;
            continue;
        }
        let first = l.split([' ', '\t']).next().unwrap_or("").to_lowercase();
        let (next, cmd) = if first == "clear" {
            (i, Command::Clear { line: i + 1 })
        } else if first.starts_with("load") {
            let (next, load) = r.load(i)?;
            (next, Command::Load(load))
        } else if first.starts_with("eval") {
            let (next, eval) = r.eval(i)?;
            (next, Command::Eval(eval))
        } else {
            return Err(r.err(i, format!("invalid command {}", quote(l))));
        };
        commands.push(cmd);
        i = next + 1;
    }
    Ok(Script { commands })
}

/// A deprecated header modifier (`eval_fail`, …).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Modifier {
    None,
    Fail,
    Warn,
    Info,
    Ordered,
}

impl<'a> Reader<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |l| l.text)
    }

    fn err(&self, i: usize, msg: impl Into<String>) -> ScriptError {
        ScriptError {
            line: i + 1,
            col: None,
            offset: None,
            msg: msg.into(),
        }
    }

    /// An error at byte `pos` of line `i`'s trimmed text.
    fn err_at(&self, i: usize, pos: usize, msg: impl Into<String>) -> ScriptError {
        let (offset, col) = self.lines.get(i).map_or((pos, pos + 1), |l| {
            (l.offset + pos, l.offset - l.start + pos + 1)
        });
        ScriptError {
            line: i + 1,
            col: Some(col),
            offset: Some(offset),
            msg: msg.into(),
        }
    }

    fn series_err(&self, i: usize, e: SeriesError) -> ScriptError {
        self.err_at(i, e.pos, e.msg)
    }

    /// A `load` block starting at line `i`; returns the last line consumed.
    fn load(&self, mut i: usize) -> Result<(usize, Load), ScriptError> {
        let header = self.text(i);
        let Some(caps) = patterns().load.captures(header) else {
            return Err(self.err(
                i,
                "invalid load command. (load[_with_nhcb] <step:duration>)",
            ));
        };
        let with_nhcb = caps.get(1).is_some();
        let step = caps.get(2).map_or("", |m| m.as_str());
        let interval_ms = parse_duration(step)
            .map_err(|e| self.err(i, format!("invalid step definition {}: {e}", quote(step))))?;
        let mut load = Load {
            line: i + 1,
            interval_ms,
            with_nhcb,
            series: Vec::new(),
        };
        // A pending `@st` line: (line index, labels, offsets).
        let mut pending: Option<(usize, Labels, Vec<Option<i64>>)> = None;
        while i + 1 < self.lines.len() {
            let def = self.text(i + 1);
            if def.is_empty() {
                break;
            }
            i += 1;
            if is_st_line(def) {
                if let Some((st_line, _, _)) = pending {
                    return Err(self.err(st_line, "@st line has no following sample line"));
                }
                let (labels, offsets) = self.st_line(i, def)?;
                pending = Some((i, labels, offsets));
                continue;
            }
            let (labels, values) = parse_series_desc(def).map_err(|e| self.series_err(i, e))?;
            let start_timestamps = match pending.take() {
                None => None,
                Some((st_line, st_labels, offsets)) => {
                    if st_labels != labels {
                        return Err(self.err(
                            st_line,
                            "@st metric does not match the following sample line metric",
                        ));
                    }
                    if offsets.len() != values.len() {
                        return Err(self.err(
                            st_line,
                            format!(
                                "@st line has {} values but sample line has {}",
                                offsets.len(),
                                values.len()
                            ),
                        ));
                    }
                    Some(offsets)
                }
            };
            load.series.retain(|s| s.labels != labels);
            load.series.push(LoadSeries {
                line: i + 1,
                labels,
                values,
                start_timestamps,
            });
        }
        if let Some((st_line, _, _)) = pending {
            return Err(self.err(st_line, "@st line has no following sample line"));
        }
        Ok((i, load))
    }

    /// `metric{…}@st <items>`.
    fn st_line(&self, i: usize, def: &str) -> Result<(Labels, Vec<Option<i64>>), ScriptError> {
        let split = def.find([' ', '\t']).unwrap_or(def.len());
        let metric = def.get(..split).unwrap_or("");
        let metric = metric.strip_suffix("@st").unwrap_or(metric);
        let vals = def.get(split..).unwrap_or("").trim();
        let (labels, _) = parse_series_desc(&format!("{metric} _")).map_err(|e| {
            self.err(
                i,
                format!(
                    "invalid @st line metric {}: {}",
                    quote(metric),
                    e.render(metric)
                ),
            )
        })?;
        let mut offsets = Vec::new();
        for item in vals.split_whitespace() {
            let more = parse_st_item(item).map_err(|e| {
                self.err(
                    i,
                    format!("invalid @st sequence: invalid ST item {}: {e}", quote(item)),
                )
            })?;
            if offsets.len() + more.len() > MAX_SERIES_VALUES {
                return Err(self.err(i, "invalid @st sequence: too many values"));
            }
            offsets.extend(more);
        }
        Ok((labels, offsets))
    }

    /// An `eval` command starting at line `i`; returns the last line consumed.
    fn eval(&self, mut i: usize) -> Result<(usize, Eval), ScriptError> {
        let p = patterns();
        let header = self.text(i);
        let header_line = i;
        let instant = p.eval_instant.captures(header);
        let range = p.eval_range.captures(header);
        let (modifier, expr_match) = match (&instant, &range) {
            (Some(c), _) => (c.get(1), c.get(3)),
            (None, Some(c)) => (c.get(1), c.get(5)),
            (None, None) => {
                return Err(self.err(
                    i,
                    "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to> step <step> <query>'",
                ))
            }
        };
        let Some(expr_match) = expr_match else {
            return Err(self.err(i, "invalid evaluation command: missing query"));
        };
        let expr = expr_match.as_str().to_string();
        let expr_offset = self
            .lines
            .get(i)
            .map_or(0, |l| l.offset + expr_match.start());
        let modifier = match modifier.map(|m| m.as_str()) {
            Some("fail") => Modifier::Fail,
            Some("warn") => Modifier::Warn,
            Some("info") => Modifier::Info,
            Some("ordered") => Modifier::Ordered,
            _ => Modifier::None,
        };
        let eval_err =
            |line: usize, detail: String| self.err(line, format!("error in eval {expr}: {detail}"));

        let kind = match (&instant, &range) {
            (Some(c), _) => {
                let at = c.get(2).map_or("", |m| m.as_str());
                let at_ms = parse_duration(at).map_err(|e| {
                    eval_err(
                        i,
                        format!("invalid timestamp definition {}: {e}", quote(at)),
                    )
                })?;
                EvalKind::Instant { at_ms }
            }
            (None, Some(c)) => {
                let g = |n| c.get(n).map_or("", |m| m.as_str());
                let (start_ms, end_ms, step_ms) =
                    parse_durations(g(2), g(3), g(4)).map_err(|e| eval_err(i, e))?;
                EvalKind::Range {
                    start_ms,
                    end_ms,
                    step_ms,
                }
            }
            (None, None) => return Err(self.err(i, "invalid evaluation command")),
        };
        let is_instant = matches!(kind, EvalKind::Instant { .. });
        let mut ev = Eval {
            line: header_line + 1,
            expr: expr.clone(),
            expr_offset,
            kind,
            fail: (modifier == Modifier::Fail).then_some(Expectation::Any),
            warn: if modifier == Modifier::Warn {
                vec![Expectation::Any]
            } else {
                Vec::new()
            },
            info: if modifier == Modifier::Info {
                vec![Expectation::Any]
            } else {
                Vec::new()
            },
            no_warn: false,
            no_info: false,
            ordered: modifier == Modifier::Ordered,
            range_vector: None,
            expect_string: None,
            expected: Expected::None,
        };
        // Counts of `expect` lines, for the combination rules (deprecated headers don't count).
        let (mut n_fail, mut n_warn, mut n_info) = (0, 0, 0);

        while i + 1 < self.lines.len() {
            let def = self.text(i + 1);
            if def.is_empty() {
                break;
            }
            i += 1;

            if modifier == Modifier::Fail {
                if let Some(msg) = def.strip_prefix("expected_fail_message") {
                    let msg = msg.trim();
                    if !msg.is_empty() {
                        ev.fail = Some(Expectation::Msg(msg.to_string()));
                    }
                    break;
                }
                if let Some(pattern) = def.strip_prefix("expected_fail_regexp") {
                    let pattern = pattern.trim();
                    if let Err(e) = go_search_regex(pattern) {
                        return Err(eval_err(
                            i,
                            format!("invalid regexp '{pattern}' for expected_fail_regexp: {e}"),
                        ));
                    }
                    ev.fail = Some(Expectation::Regex(pattern.to_string()));
                    break;
                }
            }

            if def.starts_with(RANGE_VECTOR_PREFIX) {
                let Some(c) = p.expect_range.captures(def) else {
                    return Err(eval_err(
                        i,
                        format!("invalid range vector definition {}", quote(def)),
                    ));
                };
                let g = |n| c.get(n).map_or("", |m| m.as_str());
                let r = parse_durations(g(1), g(2), g(3)).map_err(|e| eval_err(i, e))?;
                ev.range_vector = Some(r);
                continue;
            }

            if def.starts_with(EXPECT_STRING_PREFIX) {
                ev.expect_string = Some(parse_string_literal(def).map_err(|e| eval_err(i, e))?);
                continue;
            }

            // A metric called `expect` has to be written `expect{}`.
            if def.split(' ').next() == Some("expect") {
                let c = p.expect.captures(def).ok_or_else(|| {
                    eval_err(
                        i,
                        "invalid expect statement, must match `expect <type> <match_type>: <string>` format"
                            .to_string(),
                    )
                })?;
                let mode = c.get(1).map_or("", |m| m.as_str());
                let expectation = match (c.get(2).map(|m| m.as_str()), c.get(3)) {
                    (Some("msg"), Some(m)) => Expectation::Msg(m.as_str().trim().to_string()),
                    (Some("regex"), Some(m)) => {
                        let pattern = m.as_str().trim();
                        if go_search_regex(pattern).is_err() {
                            return Err(eval_err(i, format!("invalid regex {pattern} for {mode}")));
                        }
                        Expectation::Regex(pattern.to_string())
                    }
                    _ => Expectation::Any,
                };
                match mode {
                    "fail" => {
                        n_fail += 1;
                        ev.fail = Some(expectation);
                    }
                    "warn" => {
                        n_warn += 1;
                        ev.warn.push(expectation);
                    }
                    "info" => {
                        n_info += 1;
                        ev.info.push(expectation);
                    }
                    "no_warn" => ev.no_warn = true,
                    "no_info" => ev.no_info = true,
                    _ => ev.ordered = true,
                }
                let conflict = if n_info > 0 && ev.no_info {
                    Some("invalid expect lines, info and no_info cannot be used together")
                } else if n_warn > 0 && ev.no_warn {
                    Some("invalid expect lines, warn and no_warn cannot be used together")
                } else if n_fail > 1 {
                    Some("invalid expect lines, multiple expect fail lines are not allowed")
                } else {
                    None
                };
                if let Some(msg) = conflict {
                    return Err(eval_err(i, msg.to_string()));
                }
                continue;
            }

            // A bare number is a scalar result and ends the block.
            if let Ok(v) = parse_go_number(def) {
                ev.expected = Expected::Scalar(v);
                break;
            }

            let (labels, values) = parse_series_desc(def).map_err(|e| self.series_err(i, e))?;
            if values.len() > 1 && is_instant && ev.range_vector.is_none() {
                return Err(eval_err(
                    i,
                    "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query".to_string(),
                ));
            }
            let series = ExpectedSeries {
                line: i + 1,
                labels,
                values,
            };
            match &mut ev.expected {
                Expected::Series(list) => {
                    list.retain(|s| s.labels != series.labels);
                    list.push(series);
                }
                other => *other = Expected::Series(vec![series]),
            }
        }
        Ok((i, ev))
    }
}

/// Whether a load line is a start-timestamp line: its first word ends in `@st`.
fn is_st_line(def: &str) -> bool {
    match def.find([' ', '\t']) {
        Some(i) => def.get(..i).is_some_and(|w| w.ends_with("@st")),
        None => false,
    }
}

/// Start, end and step; the end may not precede the start.
fn parse_durations(from: &str, to: &str, step: &str) -> Result<(i64, i64, i64), String> {
    let start = parse_duration(from)
        .map_err(|e| format!("invalid start timestamp definition {}: {e}", quote(from)))?;
    let end = parse_duration(to)
        .map_err(|e| format!("invalid end timestamp definition {}: {e}", quote(to)))?;
    if end < start {
        return Err(format!(
            "invalid test definition, end timestamp ({to}) is before start timestamp ({from})"
        ));
    }
    let step = parse_duration(step)
        .map_err(|e| format!("invalid step definition {}: {e}", quote(step)))?;
    Ok((start, end, step))
}

/// `expect string "<s>"` with Go's `strconv.Unquote` rules.
fn parse_string_literal(line: &str) -> Result<String, String> {
    const MISSING: &str = "expected string literal not valid - a quoted string literal is required";
    const BAD: &str =
        "expected string literal not valid - check that the string is correctly quoted";
    if line == EXPECT_STRING_PREFIX {
        return Err(MISSING.into());
    }
    let s = line
        .strip_prefix(EXPECT_STRING_PREFIX)
        .and_then(|s| s.strip_prefix(' '))
        .unwrap_or(line);
    if s.is_empty() {
        return Err(MISSING.into());
    }
    let v = crate::gostr::unquote(s).map_err(|_| BAD.to_string())?;
    // strconv.Unquote only takes single quotes around exactly one character.
    if s.starts_with('\'') && v.chars().count() != 1 {
        return Err(BAD.into());
    }
    Ok(v)
}

/// One item of an `@st` line: `_`, `_xN`, `<d>`, `<d>xN`, `<d>+<d>xN`, `<d>-<d>xN`.
fn parse_st_item(item: &str) -> Result<Vec<Option<i64>>, String> {
    const REPEAT: &str = "invalid repeat count";
    if item == "_" {
        return Ok(vec![None]);
    }
    if let Some(n) = item.strip_prefix("_x") {
        let n = parse_count(n).map_err(|_| REPEAT.to_string())?;
        if n == 0 {
            return Err(REPEAT.into());
        }
        return Ok(vec![None; n]);
    }
    let (base, rest) = parse_duration_prefix(item)?;
    if rest.is_empty() {
        return Ok(vec![Some(base)]);
    }
    if let Some(n) = rest.strip_prefix('x') {
        let n = parse_count(n).map_err(|_| REPEAT.to_string())?;
        return Ok(vec![Some(base); n.saturating_add(1)]);
    }
    let negative = match rest.as_bytes().first() {
        Some(b'+') => false,
        Some(b'-') => true,
        _ => {
            let c = rest.chars().next().unwrap_or('\u{fffd}');
            return Err(format!(
                "unexpected character {} after duration",
                quote_rune(c)
            ));
        }
    };
    let (delta, rest2) = parse_duration_prefix(rest.get(1..).unwrap_or(""))
        .map_err(|e| format!("invalid step duration: {e}"))?;
    let delta = if negative { -delta } else { delta };
    let Some(n) = rest2.strip_prefix('x') else {
        return Err("expected 'x<count>' after step duration".into());
    };
    let n = parse_count(n).map_err(|e| format!("{REPEAT}: {e}"))?;
    let mut offset = base;
    let mut out = Vec::with_capacity(n.saturating_add(1));
    for _ in 0..=n {
        out.push(Some(offset));
        offset = offset.saturating_add(delta);
    }
    Ok(out)
}

/// A repetition count (Go `ParseUint` base 10), capped to what a series may hold.
fn parse_count(s: &str) -> Result<usize, String> {
    let n = crate::gostr::parse_uint10(s)?;
    usize::try_from(n)
        .ok()
        .filter(|&n| n < MAX_SERIES_VALUES)
        .ok_or_else(|| format!("repeat count {s} too large"))
}

/// A signed Prometheus duration at the start of `s` (digits then unit letters, stopping at
/// `x`); returns milliseconds and the rest.
fn parse_duration_prefix(s: &str) -> Result<(i64, &str), String> {
    if s.is_empty() {
        return Err("empty duration".into());
    }
    let b = s.as_bytes();
    let mut i = 0;
    let negative = match b.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == start {
        return Err(format!("expected digits in duration {}", quote(s)));
    }
    while b
        .get(i)
        .is_some_and(|&c| c.is_ascii_alphabetic() && c != b'x')
    {
        i += 1;
    }
    let text = s.get(start..i).unwrap_or("");
    let ms = parse_duration(text).map_err(|e| format!("invalid duration {}: {e}", quote(text)))?;
    Ok((if negative { -ms } else { ms }, s.get(i..).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::labels::Labels;

    fn parse(text: &str) -> Script {
        match parse_script(text) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    fn err(text: &str) -> String {
        match parse_script(text) {
            Ok(s) => panic!("parsed: {s:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn only_eval(text: &str) -> Eval {
        let s = parse(text);
        match s.commands.as_slice() {
            [.., Command::Eval(e)] => e.clone(),
            other => panic!("no eval: {other:?}"),
        }
    }

    fn lbl(pairs: &[(&str, &str)]) -> Labels {
        Labels::from_pairs(pairs.iter().copied())
    }

    fn floats(vals: &[f64]) -> Vec<SequenceValue> {
        vals.iter().map(|&v| SequenceValue::Float(v)).collect()
    }

    #[test]
    fn corpus_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/promqltest");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("fixtures/promqltest")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "test"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 21);
        let (mut evals, mut instant, mut loads, mut clears) = (0, 0, 0, 0);
        // fail, warn lines, info lines, no_warn, no_info, ordered, range vector, string.
        let mut expects = [0usize; 8];
        for f in &files {
            let text = std::fs::read_to_string(f).expect("read");
            let s = parse_script(&text).unwrap_or_else(|e| panic!("{}:{e}", f.display()));
            evals += s.eval_count();
            for c in &s.commands {
                match c {
                    Command::Load(_) => loads += 1,
                    Command::Clear { .. } => clears += 1,
                    Command::Eval(e) => {
                        if matches!(e.kind, EvalKind::Instant { .. }) {
                            instant += 1;
                        }
                        let counts = [
                            usize::from(e.fail.is_some()),
                            e.warn.len(),
                            e.info.len(),
                            usize::from(e.no_warn),
                            usize::from(e.no_info),
                            usize::from(e.ordered),
                            usize::from(e.range_vector.is_some()),
                            usize::from(e.expect_string.is_some()),
                        ];
                        for (total, n) in expects.iter_mut().zip(counts) {
                            *total += n;
                        }
                        // The recorded offset points at the expression text.
                        assert_eq!(
                            text.get(e.expr_offset..e.expr_offset + e.expr.len()),
                            Some(e.expr.as_str())
                        );
                    }
                }
            }
        }
        assert_eq!(evals, 2214);
        assert_eq!((instant, evals - instant), (1885, 329));
        assert_eq!((loads, clears), (310, 231));
        // 32 `expect fail` lines plus 3 deprecated `eval_fail` headers.
        assert_eq!(expects, [35, 90, 132, 265, 149, 24, 5, 5]);
    }

    #[test]
    fn load_blocks() {
        let s = parse(
            "# comment\n\nload 1m\n  a{x=\"1\"} 1 2 _ 3\n  b 0+1x2\n  a{x=\"1\"} 9\n\nload_with_nhcb 30s\n  {} 1\n\nclear\n",
        );
        let [Command::Load(l1), Command::Load(l2), Command::Clear { line: 11 }] =
            s.commands.as_slice()
        else {
            panic!("{s:?}");
        };
        assert_eq!((l1.line, l1.interval_ms, l1.with_nhcb), (3, 60_000, false));
        // The repeated label set replaces the earlier line.
        assert_eq!(l1.series.len(), 2);
        assert_eq!(l1.series[0].labels, lbl(&[("__name__", "b")]));
        assert_eq!(l1.series[0].values, floats(&[0.0, 1.0, 2.0]));
        assert_eq!(
            (l1.series[1].line, l1.series[1].values.clone()),
            (6, floats(&[9.0]))
        );
        assert_eq!((l2.interval_ms, l2.with_nhcb), (30_000, true));
        assert_eq!(l2.series[0].labels, Labels::empty());
        assert_eq!(s.eval_count(), 0);
    }

    #[test]
    fn start_timestamp_lines() {
        let s = parse("load 1m\n  m{a=\"b\"}@st _ -30s-1mx1 1m _x2\n  m{a=\"b\"} _ 1 2 3 4 5\n");
        let Command::Load(l) = &s.commands[0] else {
            panic!()
        };
        assert_eq!(
            l.series[0].start_timestamps,
            Some(vec![
                None,
                Some(-30_000),
                Some(-90_000),
                Some(60_000),
                None,
                None
            ])
        );
        assert_eq!(
            err("load 1m\n  m@st 1m\n  n 1\n"),
            "2: @st metric does not match the following sample line metric"
        );
        assert_eq!(
            err("load 1m\n  m@st 1m 1m\n  m 1\n"),
            "2: @st line has 2 values but sample line has 1"
        );
        assert_eq!(
            err("load 1m\n  m@st 1m\n"),
            "2: @st line has no following sample line"
        );
        assert_eq!(
            err("load 1m\n  m@st 1m\n  m@st 1m\n  m 1\n"),
            "2: @st line has no following sample line"
        );
        assert_eq!(
            err("load 1m\n  m@st _x0\n  m 1\n"),
            r#"2: invalid @st sequence: invalid ST item "_x0": invalid repeat count"#
        );
        assert_eq!(
            err("load 1m\n  m@st 1h30m\n  m 1\n"),
            r#"2: invalid @st sequence: invalid ST item "1h30m": unexpected character '3' after duration"#
        );
        assert_eq!(
            err("load 1m\n  m@st 1m+1m\n  m 1\n"),
            r#"2: invalid @st sequence: invalid ST item "1m+1m": expected 'x<count>' after step duration"#
        );
        assert_eq!(
            err("load 1m\n  m@st 5\n  m 1\n"),
            r#"2: invalid @st sequence: invalid ST item "5": invalid duration "5": not a valid duration string: "5""#
        );
        assert!(
            err("load 1m\n  m{@st 1\n  m 1\n").starts_with("2: invalid @st line metric \"m{\": ")
        );
    }

    #[test]
    fn eval_instant_and_range() {
        let text = "load 1m\n  m 1\n\neval instant at 1m sum by (a) (m)\n  {} 3\n\neval range from 0 to 2m step 1m  m\n  m 1 _ 3\n";
        let s = parse(text);
        let Command::Eval(i) = &s.commands[1] else {
            panic!()
        };
        assert_eq!((i.line, i.expr.as_str()), (4, "sum by (a) (m)"));
        assert_eq!(i.kind, EvalKind::Instant { at_ms: 60_000 });
        assert_eq!(&text[i.expr_offset..i.expr_offset + i.expr.len()], i.expr);
        assert_eq!(
            i.expected,
            Expected::Series(vec![ExpectedSeries {
                line: 5,
                labels: Labels::empty(),
                values: floats(&[3.0])
            }])
        );
        assert!(i.fail.is_none() && i.warn.is_empty() && !i.ordered && !i.no_warn);
        let Command::Eval(r) = &s.commands[2] else {
            panic!()
        };
        assert_eq!(
            r.kind,
            EvalKind::Range {
                start_ms: 0,
                end_ms: 120_000,
                step_ms: 60_000
            }
        );
        assert_eq!(r.expr, "m");
        let Expected::Series(series) = &r.expected else {
            panic!()
        };
        assert_eq!(series[0].values[1], SequenceValue::Omitted);
        // The instant header regex takes the shortest time, so the query may contain spaces.
        let e = only_eval("eval instant at 10s  a  +  b\n");
        assert_eq!(
            (e.expr.as_str(), e.kind),
            ("a  +  b", EvalKind::Instant { at_ms: 10_000 })
        );
    }

    #[test]
    fn scalar_ends_block() {
        let s = parse("eval instant at 0 1 + 1\n  2\nclear\neval instant at 0 1\n  0x10\neval instant at 0 1\n  -Inf\n");
        let evals: Vec<_> = s
            .commands
            .iter()
            .filter_map(|c| match c {
                Command::Eval(e) => Some(e.expected.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(s.commands.len(), 4);
        assert_eq!(
            evals,
            vec![
                Expected::Scalar(2.0),
                Expected::Scalar(16.0),
                Expected::Scalar(f64::NEG_INFINITY)
            ]
        );
        // Anything after the scalar line is a new command.
        assert_eq!(
            err("eval instant at 0 1\n  1\n  {} 1\n"),
            r#"3: invalid command "{} 1""#
        );
    }

    #[test]
    fn expect_lines() {
        let e = only_eval(concat!(
            "eval instant at 0 foo\n",
            "  expect fail regex: bad.*thing\n",
            "  expect warn msg:   PromQL warning: x (1:1)  \n",
            "  expect warn\n",
            "  expect no_info\n",
            "  expect ordered\n",
            "  expect string \"a\\tb\"\n",
            "  expect{} 1\n",
        ));
        assert_eq!(e.fail, Some(Expectation::Regex("bad.*thing".into())));
        assert_eq!(
            e.warn,
            vec![
                Expectation::Msg("PromQL warning: x (1:1)".into()),
                Expectation::Any
            ]
        );
        assert!(e.no_info && e.ordered && !e.no_warn);
        assert_eq!(e.expect_string.as_deref(), Some("a\tb"));
        assert_eq!(
            e.expected,
            Expected::Series(vec![ExpectedSeries {
                line: 8,
                labels: lbl(&[("__name__", "expect")]),
                values: floats(&[1.0])
            }])
        );
        let e = only_eval("eval instant at 1m foo[1m]\n  expect range vector from 10s to 1m step 10s\n  foo 1 2 _ 4\n");
        assert_eq!(e.range_vector, Some((10_000, 60_000, 10_000)));
        assert_eq!(e.kind, EvalKind::Instant { at_ms: 60_000 });
        let e = only_eval("eval instant at 0 \"x\"\n  expect string `raw\\n`\n");
        assert_eq!(e.expect_string.as_deref(), Some("raw\\n"));
    }

    #[test]
    fn deprecated_headers() {
        let e = only_eval("eval_fail instant at 0 foo\n  expected_fail_message boom here\n");
        assert_eq!(e.fail, Some(Expectation::Msg("boom here".into())));
        let e = only_eval("eval_fail range from 0 to 1m step 1m foo\n  expected_fail_regexp ^b\n");
        assert_eq!(e.fail, Some(Expectation::Regex("^b".into())));
        let e = only_eval("eval_fail instant at 0 foo\n");
        assert_eq!(e.fail, Some(Expectation::Any));
        assert_eq!(
            only_eval("eval_warn instant at 0 foo\n").warn,
            vec![Expectation::Any]
        );
        assert_eq!(
            only_eval("eval_info range from 0 to 0 step 1s foo\n").info,
            vec![Expectation::Any]
        );
        assert!(only_eval("eval_ordered instant at 0 foo\n").ordered);
        // `eval_ordered` has no range form.
        assert!(parse_script("eval_ordered range from 0 to 1m step 1m foo\n").is_err());
        // The deprecated header does not count against `expect no_warn`.
        let e = only_eval("eval_warn instant at 0 foo\n  expect no_warn\n");
        assert!(e.no_warn);
        assert_eq!(
            err("eval_fail instant at 0 foo\n  expected_fail_regexp (\n"),
            "2: error in eval foo: invalid regexp '(' for expected_fail_regexp: error parsing regexp: missing closing ): `(`"
        );
        // Patterns are Go syntax: `\Q...\E` is valid there (not in Rust's regex crate).
        assert_eq!(
            only_eval("eval_fail instant at 0 foo\n  expected_fail_regexp \\Q(\\E\n").fail,
            Some(Expectation::Regex("\\Q(\\E".into()))
        );
    }

    #[test]
    fn errors() {
        assert_eq!(err("foo\n"), r#"1: invalid command "foo""#);
        assert_eq!(
            err("\n  loadx 1m\n"),
            "2: invalid load command. (load[_with_nhcb] <step:duration>)"
        );
        assert_eq!(
            err("load 1x\n"),
            r#"1: invalid step definition "1x": unknown unit "x" in duration "1x""#
        );
        assert!(err("eval foo\n").starts_with("1: invalid evaluation command. Must be either"));
        assert_eq!(
            err("eval instant at -1m foo\n"),
            r#"1: error in eval foo: invalid timestamp definition "-1m": not a valid duration string: "-1m""#
        );
        assert_eq!(
            err("eval instant  foo\n"),
            r#"1: error in eval foo: invalid timestamp definition "": empty duration string"#
        );
        assert_eq!(
            err("eval range from 2m to 1m step 1m foo\n"),
            "1: error in eval foo: invalid test definition, end timestamp (1m) is before start timestamp (2m)"
        );
        assert_eq!(
            err("eval range from 0 to 1m step x foo\n"),
            r#"1: error in eval foo: invalid step definition "x": not a valid duration string: "x""#
        );
        let e = |body: &str| err(&format!("eval instant at 0 foo\n{body}\n"));
        assert_eq!(
            e("  expect bogus"),
            "2: error in eval foo: invalid expect statement, must match `expect <type> <match_type>: <string>` format"
        );
        assert_eq!(
            e("  expect warn regex: ("),
            "2: error in eval foo: invalid regex ( for warn"
        );
        assert_eq!(
            e("  expect info\n  expect no_info"),
            "3: error in eval foo: invalid expect lines, info and no_info cannot be used together"
        );
        assert_eq!(
            e("  expect no_warn\n  expect warn"),
            "3: error in eval foo: invalid expect lines, warn and no_warn cannot be used together"
        );
        assert_eq!(
            e("  expect fail\n  expect fail"),
            "3: error in eval foo: invalid expect lines, multiple expect fail lines are not allowed"
        );
        assert_eq!(
            e("  expect range vector from 1m"),
            r#"2: error in eval foo: invalid range vector definition "expect range vector from 1m""#
        );
        assert_eq!(
            e("  expect string"),
            "2: error in eval foo: expected string literal not valid - a quoted string literal is required"
        );
        assert_eq!(
            e("  expect string 'ab'"),
            "2: error in eval foo: expected string literal not valid - check that the string is correctly quoted"
        );
        assert!(e("  foo 1 2").starts_with(
            "2: error in eval foo: expecting multiple values in instant evaluation not allowed."
        ));
        // Series errors point at the column in the original line.
        let se = parse_script("load 1m\n\tfoo 1 bar\n").unwrap_err();
        assert_eq!((se.line, se.col, se.offset), (2, Some(8), Some(15)));
        assert_eq!(
            se.to_string(),
            r#"2:8: unexpected identifier "bar" in series values, expected number or "stale""#
        );
        // A comment line inside a block ends it; the next line is a command of its own.
        assert_eq!(
            err("load 1m\n  a 1\n# c\n  b 1\n"),
            r#"4: invalid command "b 1""#
        );
    }
}
