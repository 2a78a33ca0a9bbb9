//! Runs promqltest scripts (see [`super::promqltest`]) against [`MemStorage`] and the PromQL
//! engine, judging results the way Prometheus's `promql/promqltest` harness does:
//!
//! * floats compare with `almost.Equal` (relative ε = 1e-6 over the sum of magnitudes; any two
//!   NaNs are equal, except that the staleness marker only equals itself);
//! * annotation expectations match the rendered strings including their `(line:col)` suffix;
//! * every instant eval is also run with `@ T` added to each selector and subquery at −10T, 0,
//!   T/5, T and 10T, and as a range query from T−1m to T+1m whose middle step must agree.
//!
//! Native histograms are stored with the counter reset hints Prometheus's TSDB gives them
//! when read back (see [`StoredHints`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use regex::Regex;

use crate::gostr::{format_float_g, quote};
use crate::model::histogram::{
    spans_match, FloatHistogram, Span as BucketSpan, StoredHints, CUSTOM_BUCKETS_SCHEMA,
};
use crate::model::labels::{Labels, METRIC_NAME};
use crate::promql::ast::{with_stack, AtModifier, Expr};
use crate::promql::engine::value::{Sample, Scalar, Series, Value};
use crate::promql::engine::{Engine, EngineOpts, QueryResult, AT_MODIFIER_UNSAFE};
use crate::promql::promqltest::{
    parse_script, Command, Eval, EvalKind, Expectation, Expected, ExpectedSeries, Load, ScriptError,
};
use crate::promql::series::{is_stale_nan, SequenceValue};
use crate::promql::{self, Features};
use crate::regex::go_search_regex;
use crate::storage::MemStorage;

/// Relative tolerance for float comparisons (Prometheus's `defaultEpsilon`).
pub const EPSILON: f64 = 1e-6;

/// Per-query sample limit of Prometheus's test engine (`DefaultMaxSamplesPerQuery`).
pub const MAX_SAMPLES: usize = 10_000;

/// Most lines of expected or actual output a failure message lists.
const MAX_DIFF_LINES: usize = 40;
/// Most points per series a failure message lists.
const MAX_DIFF_POINTS: usize = 24;

#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Run only the evals whose expression matches (unanchored); the others are left out of
    /// the report. Loads and clears always run.
    pub run_regex: Option<Regex>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Passed,
    /// What went wrong: the eval's line and query, the mismatch, and expected versus actual.
    Failed(String),
    /// Why the eval was not run. The runner itself runs every eval it reports; report
    /// formats keep the case.
    Skipped(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct EvalOutcome {
    /// 1-based line of the `eval` header.
    pub line: usize,
    pub expr: String,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileReport {
    pub file: String,
    pub evals: Vec<EvalOutcome>,
    /// A command that stopped the script (a `load` that could not be stored); the evals after
    /// it are reported as failed.
    pub error: Option<String>,
}

impl FileReport {
    pub fn passed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Passed))
    }

    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    pub fn skipped(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Skipped(_)))
    }

    /// No failed eval and no script error.
    pub fn ok(&self) -> bool {
        self.error.is_none() && self.failed() == 0
    }

    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.evals.iter().filter(|e| f(&e.outcome)).count()
    }
}

/// Why a script could not be run at all.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The script, or one of its eval expressions, does not parse. As in Prometheus, nothing
    /// runs then.
    #[error("{0}")]
    Script(#[from] ScriptError),
    #[error("reading {path}: {err}")]
    Io { path: String, err: std::io::Error },
}

/// Runs one script. The report's `file` is left empty; see [`run_file`].
pub fn run_script(text: &str, opts: &RunOptions) -> Result<FileReport, RunError> {
    let script = parse_script(text)?;
    // Every expression is parsed before anything runs: a bad one stops the whole file.
    let mut exprs = Vec::new();
    for cmd in &script.commands {
        if let Command::Eval(ev) = cmd {
            exprs.push(parse_eval_expr(text, ev)?);
        }
    }
    let mut runner = Runner::new();
    let mut report = FileReport::default();
    let mut exprs = exprs.iter();
    for cmd in &script.commands {
        match cmd {
            Command::Clear { .. } => runner.data.clear(),
            Command::Load(load) => {
                if report.error.is_none() {
                    if let Err(msg) = runner.data.load(load) {
                        report.error = Some(format!("load at line {}: {msg}", load.line));
                    }
                }
            }
            Command::Eval(ev) => {
                let Some(expr) = exprs.next() else { break };
                if opts
                    .run_regex
                    .as_ref()
                    .is_some_and(|re| !re.is_match(&ev.expr))
                {
                    continue;
                }
                let outcome = match &report.error {
                    Some(e) => Outcome::Failed(format!("not run: the script stopped at a {e}")),
                    None => runner.eval(ev, expr),
                };
                report.evals.push(EvalOutcome {
                    line: ev.line,
                    expr: ev.expr.clone(),
                    outcome,
                });
            }
        }
    }
    Ok(report)
}

/// Reads and runs one script file; the report is named after `path`.
pub fn run_file(path: &Path, opts: &RunOptions) -> Result<FileReport, RunError> {
    let text = std::fs::read_to_string(path).map_err(|err| RunError::Io {
        path: path.display().to_string(),
        err,
    })?;
    let mut report = run_script(&text, opts)?;
    report.file = path.display().to_string();
    Ok(report)
}

/// Runs several files on worker threads (each file has its own storage and engine); results
/// come back in the order of `paths`.
pub fn run_files(paths: &[PathBuf], opts: &RunOptions) -> Vec<Result<FileReport, RunError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<FileReport, RunError>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                let r = run_file(path, opts);
                results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((i, r));
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Engine settings of Prometheus's promqltest harness.
pub fn engine_opts() -> EngineOpts {
    // Struct update keeps this compiling if the engine grows options; today it sets them all.
    #[allow(clippy::needless_update)]
    EngineOpts {
        lookback_delta_ms: 300_000,
        max_samples: MAX_SAMPLES,
        timeout: Some(Duration::from_secs(100)),
        no_step_subquery_interval_ms: 60_000,
        delayed_name_removal: true,
        ..EngineOpts::default()
    }
}

fn parse_eval_expr(text: &str, ev: &Eval) -> Result<Expr, ScriptError> {
    promql::parse(&ev.expr, Features::all()).map_err(|e| {
        let offset = ev.expr_offset + e.span.start;
        let (line, col) = crate::diag::line_col(text, offset);
        ScriptError {
            line,
            col: Some(col),
            offset: Some(offset),
            msg: format!("parse error in eval {}: {}", ev.expr, e.msg),
        }
    })
}

/// Stored series, with the state that decides the counter reset hints of their histograms.
#[derive(Default)]
struct Data {
    storage: MemStorage,
    /// Per series, how its samples were stored so far (since the last `clear`).
    hints: HashMap<Labels, StoredHints>,
}

impl Data {
    fn clear(&mut self) {
        self.storage.clear();
        self.hints.clear();
    }

    fn load(&mut self, load: &Load) -> Result<(), String> {
        for s in &load.series {
            let hints = self.hints.entry(s.labels.clone()).or_default();
            let mut t: i64 = 0;
            for (i, v) in s.values.iter().enumerate() {
                // An `@st` offset is relative to the sample's own timestamp.
                let st = s
                    .start_timestamps
                    .as_ref()
                    .and_then(|sts| sts.get(i).copied().flatten())
                    .map_or(0, |off| t.saturating_add(off));
                match v {
                    SequenceValue::Omitted => {}
                    SequenceValue::Float(f) => {
                        hints.float(is_stale_nan(*f));
                        self.storage.append_float_with_st(&s.labels, st, t, *f)
                    }
                    SequenceValue::Histogram { h, .. } => {
                        // Stored with the hint the TSDB would give it back with.
                        let mut h = (**h).clone();
                        h.counter_reset_hint = hints.histogram(t, &h);
                        self.storage.append_histogram_with_st(&s.labels, st, t, h);
                    }
                }
                t = t.saturating_add(load.interval_ms);
            }
        }
        if load.with_nhcb {
            self.load_nhcb(load)?;
        }
        Ok(())
    }

    /// `load_with_nhcb`: each group of `X_bucket`/`X_count`/`X_sum` series with the same other
    /// labels also becomes, per timestamp, one custom-bucket native histogram stored as `X`.
    fn load_nhcb(&mut self, load: &Load) -> Result<(), String> {
        let mut groups: BTreeMap<Labels, BTreeMap<i64, ClassicHistogram>> = BTreeMap::new();
        for s in &load.series {
            let Some(name) = s.labels.metric_name() else {
                continue;
            };
            let (part, base) = if let Some(b) = name.strip_suffix("_bucket") {
                let Some(le) = s.labels.get("le").and_then(parse_le) else {
                    continue;
                };
                (Part::Bucket(le), b)
            } else if let Some(b) = name.strip_suffix("_sum") {
                (Part::Sum, b)
            } else if let Some(b) = name.strip_suffix("_count") {
                (Part::Count, b)
            } else {
                continue;
            };
            let mut base_labels = s.labels.without(&["le"]);
            base_labels.set(METRIC_NAME, base);
            let group = groups.entry(base_labels).or_default();
            let mut t: i64 = 0;
            for v in &s.values {
                if let SequenceValue::Float(f) = v {
                    let h = group.entry(t).or_default();
                    match part {
                        Part::Bucket(le) => h.set_bucket(le, *f),
                        Part::Count => h.set_count(*f),
                        Part::Sum => h.sum = *f,
                    }
                }
                t = t.saturating_add(load.interval_ms);
            }
        }
        for (labels, by_time) in groups {
            let hints = self.hints.entry(labels.clone()).or_default();
            for (t, classic) in by_time {
                let mut h = classic.convert().map_err(|e| {
                    format!("converting {labels} at {t} to a native histogram: {e}")
                })?;
                h.counter_reset_hint = hints.histogram(t, &h);
                self.storage.append_histogram(&labels, t, h);
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Part {
    Bucket(f64),
    Count,
    Sum,
}

/// A `le` label value; `NaN` bounds are ignored like Prometheus does.
fn parse_le(s: &str) -> Option<f64> {
    let v = crate::promql::series::parse_go_number(s).ok()?;
    (!v.is_nan()).then_some(v)
}

/// One timestamp of a classic histogram being collected (Prometheus's `convertnhcb`).
#[derive(Default)]
struct ClassicHistogram {
    /// (upper bound, cumulative count), sorted by bound.
    buckets: Vec<(f64, f64)>,
    count: Option<f64>,
    sum: f64,
    /// The first problem seen; later input is ignored.
    err: Option<String>,
}

impl ClassicHistogram {
    fn set_bucket(&mut self, le: f64, count: f64) {
        if self.err.is_some() {
            return;
        }
        if count < 0.0 {
            self.err = Some(format!(
                "bucket count must be non-negative: le={}, count={}",
                format_float_g(le),
                format_float_g(count)
            ));
            return;
        }
        let i = self.buckets.partition_point(|b| b.0 < le);
        if self.buckets.get(i).is_some_and(|b| b.0 == le) {
            return; // A duplicate bound: the first one stays.
        }
        let not_cumulative = |a: f64, op: &str, b: f64| {
            Some(format!(
                "count is not cumulative: {} {op} {}",
                format_float_g(a),
                format_float_g(b)
            ))
        };
        if let Some(prev) = i.checked_sub(1).and_then(|p| self.buckets.get(p)) {
            if count < prev.1 {
                self.err = not_cumulative(count, "<", prev.1);
                return;
            }
        }
        if let Some(next) = self.buckets.get(i) {
            if count > next.1 {
                self.err = not_cumulative(count, ">", next.1);
                return;
            }
        }
        self.buckets.insert(i, (le, count));
    }

    fn set_count(&mut self, count: f64) {
        if self.err.is_some() {
            return;
        }
        if count < 0.0 {
            self.err = Some(format!(
                "count must be non-negative: count={}",
                format_float_g(count)
            ));
            return;
        }
        self.count = Some(count);
    }

    fn convert(mut self) -> Result<FloatHistogram, String> {
        if let Some(e) = self.err {
            return Err(e);
        }
        // Without a _count series the highest bucket gives the count.
        let count = match self.count {
            Some(c) => c,
            None => self.buckets.last().map_or(0.0, |b| b.1),
        };
        if self.buckets.last().is_none_or(|b| b.0 != f64::INFINITY) {
            self.buckets.push((f64::INFINITY, count));
        }
        let last = self.buckets.last().map_or(0.0, |b| b.1);
        if count != last {
            return Err(format!(
                "count mismatch: count={} != le=+Inf count={}",
                format_float_g(count),
                format_float_g(last)
            ));
        }
        let integral = count == count.round() && self.buckets.iter().all(|b| b.1 == b.1.round());
        let mut h = FloatHistogram {
            schema: CUSTOM_BUCKETS_SCHEMA,
            count,
            sum: self.sum,
            positive_spans: vec![BucketSpan {
                offset: 0,
                length: u32::try_from(self.buckets.len()).unwrap_or(u32::MAX),
            }],
            ..FloatHistogram::default()
        };
        let mut prev = 0.0;
        for &(le, c) in &self.buckets {
            h.positive_buckets.push(c - prev);
            prev = c;
            if le != f64::INFINITY {
                h.custom_values.push(le);
            }
        }
        // Prometheus stores whole counts as an integer histogram compacted with a gap of 2.
        h.compact(if integral { 2 } else { 0 });
        Ok(h)
    }
}

/// `text` (printed by lookout) as Prometheus prints the same expression: its printer spells
/// a positive infinite number literal `+Inf` where ours writes `Inf`. Annotation positions
/// in the re-parsed query depend on it.
fn go_spelling(text: &str) -> String {
    let (tokens, _) = crate::promql::lexer::tokenize(text);
    let mut out = String::with_capacity(text.len() + 4);
    let mut copied = 0;
    for tok in &tokens {
        let negated = tok
            .start
            .checked_sub(1)
            .and_then(|i| text.as_bytes().get(i))
            .is_some_and(|&b| b == b'-' || b == b'+');
        if tok.kind == crate::promql::lexer::TokenKind::Number
            && tok.text(text) == "Inf"
            && !negated
        {
            out.push_str(text.get(copied..tok.start).unwrap_or(""));
            out.push('+');
            copied = tok.start;
        }
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

enum QueryFailure {
    Error(String),
    Panic(String),
}

/// Why a query that should have run did not; `context` follows the line number.
fn failure_message(q: &str, line: usize, context: &str, f: QueryFailure) -> String {
    match f {
        QueryFailure::Error(m) => {
            format!(
                "error evaluating query {} (line {line}){context}: {m}",
                quote(q)
            )
        }
        QueryFailure::Panic(m) => format!(
            "engine panicked evaluating query {} (line {line}){context}: {m}",
            quote(q)
        ),
    }
}

/// Checks a query's outcome against what the eval expects of failures and annotations:
/// `Some(result)` to compare further, `None` when it failed as expected. `pass` names an
/// extra pass in messages (empty for the query as written).
fn settle(
    ev: &Eval,
    q: &str,
    pass: &str,
    outcome: Result<QueryResult, QueryFailure>,
) -> Result<Option<QueryResult>, String> {
    let res = match (outcome, &ev.fail) {
        (Ok(res), None) => res,
        (Ok(_), Some(_)) => {
            return Err(format!(
                "expected error evaluating query {} (line {}){pass} but got none",
                quote(q),
                ev.line
            ))
        }
        (Err(QueryFailure::Error(msg)), Some(fail)) => {
            return check_expected_failure(ev, fail, &msg).map(|()| None)
        }
        (Err(f), _) => return Err(failure_message(q, ev.line, pass, f)),
    };
    check_annotations(
        ev,
        q,
        &res.annotations.warnings(q),
        &res.annotations.infos(q),
    )
    .map_err(|e| format!("{e}{pass}"))?;
    Ok(Some(res))
}

struct Runner {
    data: Data,
    engine: Engine,
}

/// Where the expected points of a series sit: the i-th value belongs to `start + i·step`,
/// and must not lie after `end`. Plain instant evals have no end: they cannot expect a
/// range vector.
#[derive(Clone, Copy, Debug)]
struct Grid {
    start: i64,
    end: Option<i64>,
    step: i64,
}

impl Grid {
    fn time(&self, i: usize) -> i64 {
        let i = i64::try_from(i).unwrap_or(i64::MAX);
        self.start.saturating_add(i.saturating_mul(self.step))
    }
}

impl Runner {
    fn new() -> Runner {
        Runner {
            data: Data::default(),
            engine: Engine::new(engine_opts()),
        }
    }

    fn eval(&self, ev: &Eval, expr: &Expr) -> Outcome {
        let result = match ev.kind {
            EvalKind::Instant { at_ms } => self.run_instant(ev, expr, at_ms),
            EvalKind::Range {
                start_ms,
                end_ms,
                step_ms,
            } => self.run_range(ev, expr, start_ms, end_ms, step_ms),
        };
        match result {
            Ok(()) => Outcome::Passed,
            Err(msg) => Outcome::Failed(msg),
        }
    }

    fn instant_query(&self, expr: &Expr, t: i64) -> Result<QueryResult, QueryFailure> {
        let r = catch_unwind(AssertUnwindSafe(|| {
            self.engine.instant_query(&self.data.storage, expr, t)
        }));
        match r {
            Ok(Ok(res)) => Ok(res),
            Ok(Err(e)) => Err(QueryFailure::Error(e.msg)),
            Err(p) => Err(QueryFailure::Panic(panic_message(p.as_ref()))),
        }
    }

    fn range_query(
        &self,
        expr: &Expr,
        start: i64,
        end: i64,
        step: i64,
    ) -> Result<QueryResult, QueryFailure> {
        let r = catch_unwind(AssertUnwindSafe(|| {
            self.engine
                .range_query(&self.data.storage, expr, start, end, step)
        }));
        match r {
            Ok(Ok(res)) => Ok(res),
            Ok(Err(e)) => Err(QueryFailure::Error(e.msg)),
            Err(p) => Err(QueryFailure::Panic(panic_message(p.as_ref()))),
        }
    }

    fn run_range(
        &self,
        ev: &Eval,
        expr: &Expr,
        start: i64,
        end: i64,
        step: i64,
    ) -> Result<(), String> {
        let q = &ev.expr;
        let Some(res) = settle(ev, q, "", self.range_query(expr, start, end, step))? else {
            return Ok(());
        };
        let grid = Grid {
            start,
            end: Some(end),
            step,
        };
        compare_result(ev, grid, &res.value).map_err(|e| mismatch(ev, q, "", &e, grid, &res.value))
    }

    fn run_instant(&self, ev: &Eval, expr: &Expr, at_ms: i64) -> Result<(), String> {
        let (eval_ts, grid) = match ev.range_vector {
            Some((start, end, step)) => (
                end,
                Grid {
                    start,
                    end: Some(end),
                    step,
                },
            ),
            None => (
                at_ms,
                Grid {
                    start: at_ms,
                    end: None,
                    step: 0,
                },
            ),
        };
        self.run_instant_case(ev, &ev.expr, expr, eval_ts, grid, "")?;
        if !at_modifier_safe(expr) {
            return Ok(());
        }
        // Like Prometheus, the rewritten query is printed and parsed again, so annotation
        // positions refer to the printed text.
        let text = go_spelling(&with_at_modifier(expr, eval_ts).to_string());
        let rewritten = promql::parse(&text, Features::all()).map_err(|e| {
            format!(
                "error in eval {} (line {}): the query with @ added, {}, does not parse: {}",
                ev.expr,
                ev.line,
                quote(&text),
                e.display(&text)
            )
        })?;
        for t in at_modifier_times(eval_ts) {
            let pass = format!(" [@-invariance check evaluated at {}]", fmt_ms(t));
            self.run_instant_case(ev, &text, &rewritten, t, grid, &pass)?;
        }
        Ok(())
    }

    /// One instant query of an instant eval, then its range-mode cross-check. `pass` names
    /// the extra pass in messages (empty for the eval as written).
    fn run_instant_case(
        &self,
        ev: &Eval,
        q: &str,
        expr: &Expr,
        t: i64,
        grid: Grid,
        pass: &str,
    ) -> Result<(), String> {
        let Some(res) = settle(ev, q, pass, self.instant_query(expr, t))? else {
            return Ok(());
        };
        let line = ev.line;
        compare_result(ev, grid, &res.value)
            .map_err(|e| mismatch(ev, q, pass, &e, grid, &res.value))?;

        // Results that are not instant vectors or scalars have no range-mode equivalent, and
        // start()/end()/range()/step() mean something else in a range query.
        if ev.range_vector.is_some()
            || ev.expect_string.is_some()
            || query_context_funcs().is_match(q)
        {
            return Ok(());
        }
        let range = match self.range_query(
            expr,
            t.saturating_sub(60_000),
            t.saturating_add(60_000),
            60_000,
        ) {
            Ok(r) => r,
            Err(f) => {
                return Err(failure_message(
                    q,
                    ev.line,
                    &format!("{pass} in range mode"),
                    f,
                ))
            }
        };
        if ev.ordered {
            // A range query's series are always sorted by labels.
            return Ok(());
        }
        let Value::Matrix(matrix) = &range.value else {
            return Err(format!(
                "error in eval {q} (line {line}){pass} range mode: the range query returned a {}, not a matrix",
                range.value.type_name()
            ));
        };
        assert_matrix_sorted(matrix)
            .map_err(|e| format!("error in eval {q} (line {line}){pass} range mode: {e}"))?;
        let middle = middle_step(matrix, t);
        let value = if matches!(res.value, Value::Scalar(_)) {
            let Some(first) = middle.first() else {
                return Err(format!(
                    "error in eval {q} (line {line}){pass} range mode: expected a scalar, but the range query has no point at {}",
                    fmt_ms(t)
                ));
            };
            Value::Scalar(Scalar { t, v: first.f })
        } else {
            Value::Vector(middle)
        };
        let range_pass = format!("{pass} range mode");
        compare_result(ev, grid, &value).map_err(|e| mismatch(ev, q, &range_pass, &e, grid, &value))
    }
}

/// The samples of a range query's result at time `t`.
fn middle_step(matrix: &[Series], t: i64) -> Vec<Sample> {
    let mut out = Vec::new();
    for s in matrix {
        if let Some(p) = s.floats.iter().find(|p| p.t == t) {
            out.push(Sample::float(s.metric.clone(), t, p.f));
        }
        if let Some(p) = s.histograms.iter().find(|p| p.t == t) {
            out.push(Sample {
                metric: s.metric.clone(),
                t,
                f: 0.0,
                h: Some(p.h.clone()),
                drop_name: false,
            });
        }
    }
    out
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

fn query_context_funcs() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A constant pattern: it always compiles.
        Regex::new(r"(start|end|range|step)\(\)").unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Milliseconds as Prometheus durations read (`1m40s`), with the raw value.
fn fmt_ms(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    format!(
        "{sign}{} ({t} ms)",
        crate::duration::format_duration(t.saturating_abs())
    )
}

// ----- the @-invariance pass -----

/// Whether the query may be re-run with `@`: it calls no function whose value depends on the
/// evaluation time. As in Prometheus, calls inside a subquery are not looked at (the subquery
/// itself gets the `@`).
pub fn at_modifier_safe(expr: &Expr) -> bool {
    fn unsafe_call(e: &Expr) -> bool {
        with_stack(|| match e {
            Expr::Subquery(_) => false,
            Expr::Call(c) => {
                AT_MODIFIER_UNSAFE.contains(&c.func.name) || c.args.iter().any(unsafe_call)
            }
            other => other.children().into_iter().any(unsafe_call),
        })
    }
    !unsafe_call(expr)
}

/// A copy of `expr` where every vector selector, matrix selector and subquery that has no
/// `@ <timestamp>` gets `@ ts` (an `@ start()`/`@ end()` is replaced, since for an instant
/// query both mean the evaluation time). Nothing inside a subquery is changed.
pub fn with_at_modifier(expr: &Expr, ts: i64) -> Expr {
    let mut e = expr.clone();
    set_at(&mut e, ts);
    e
}

fn set_at(e: &mut Expr, ts: i64) {
    fn fix(at: &mut Option<AtModifier>, ts: i64) {
        if !matches!(at, Some(AtModifier::Timestamp(_))) {
            *at = Some(AtModifier::Timestamp(ts));
        }
    }
    with_stack(|| match e {
        Expr::VectorSelector(vs) => fix(&mut vs.at, ts),
        Expr::MatrixSelector(ms) => fix(&mut ms.vector_selector.at, ts),
        Expr::Subquery(sq) => fix(&mut sq.at, ts),
        Expr::Aggregate(a) => {
            set_at(&mut a.expr, ts);
            if let Some(p) = a.param.as_mut() {
                set_at(p, ts);
            }
        }
        Expr::Binary(b) => {
            set_at(&mut b.lhs, ts);
            set_at(&mut b.rhs, ts);
        }
        Expr::Call(c) => c.args.iter_mut().for_each(|a| set_at(a, ts)),
        Expr::Paren(p) => set_at(&mut p.expr, ts),
        Expr::Unary(u) => set_at(&mut u.expr, ts),
        Expr::Number(_) | Expr::String(_) => {}
    })
}

/// Evaluation times of the @-invariance pass for an eval at `ts`.
pub fn at_modifier_times(ts: i64) -> Vec<i64> {
    if ts == 0 {
        vec![-1000, 0, 1000]
    } else {
        vec![ts.saturating_mul(-10), 0, ts / 5, ts, ts.saturating_mul(10)]
    }
}

// ----- comparisons -----

pub use crate::promql::engine::quantile::almost_equal;

/// Compares two histograms like the harness: both compacted; schema, zero threshold and
/// custom bounds exactly; counts, sums and buckets with [`almost_equal`]; spans after folding
/// empty spans; the counter-reset hint only when the expectation spelled it out.
pub fn histograms_match(exp: &FloatHistogram, got: &FloatHistogram, hint_set: bool) -> bool {
    let mut e = exp.clone();
    e.compact(0);
    let mut g = got.clone();
    g.compact(0);
    let floats_match = |a: &[f64], b: &[f64]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| almost_equal(*x, *y, EPSILON))
    };
    e.schema == g.schema
        && almost_equal(e.count, g.count, EPSILON)
        && almost_equal(e.sum, g.sum, EPSILON)
        && (!e.uses_custom_buckets() || e.custom_values == g.custom_values)
        && e.zero_threshold == g.zero_threshold
        && almost_equal(e.zero_count, g.zero_count, EPSILON)
        && spans_match(&e.negative_spans, &g.negative_spans)
        && floats_match(&e.negative_buckets, &g.negative_buckets)
        && spans_match(&e.positive_spans, &g.positive_spans)
        && floats_match(&e.positive_buckets, &g.positive_buckets)
        && (!hint_set || e.counter_reset_hint == g.counter_reset_hint)
}

/// Every series of a matrix must sort after the one before it.
fn assert_matrix_sorted(m: &[Series]) -> Result<(), String> {
    for (i, w) in m.windows(2).enumerate() {
        if let [a, b] = w {
            if a.metric > b.metric {
                return Err(format!(
                    "matrix results should always be sorted by labels, but matrix is not sorted: series at index {} with labels {} sorts before series at index {i} with labels {}",
                    i + 1,
                    b.metric,
                    a.metric
                ));
            }
        }
    }
    Ok(())
}

fn expectation_matches(e: &Expectation, s: &str) -> bool {
    match e {
        Expectation::Any => true,
        Expectation::Msg(m) => m == s,
        // Validated when the script was read.
        Expectation::Regex(p) => go_search_regex(p).is_ok_and(|re| re.is_match(s)),
    }
}

fn expectation_text(e: &Expectation) -> (&'static str, String) {
    match e {
        Expectation::Any => ("pattern", "^.*$".to_string()),
        Expectation::Msg(m) => ("message", m.clone()),
        Expectation::Regex(p) => ("pattern", p.clone()),
    }
}

/// The query failed and the eval expected that: the error text must match.
fn check_expected_failure(ev: &Eval, fail: &Expectation, msg: &str) -> Result<(), String> {
    if expectation_matches(fail, msg) {
        return Ok(());
    }
    let (_, want) = expectation_text(fail);
    Err(format!(
        "expected error matching {} evaluating query {} (line {}), but got: {msg}",
        quote(&want),
        quote(&ev.expr),
        ev.line
    ))
}

/// Checks rendered warnings and infos (`"PromQL warning: … (1:5)"`) against the eval's
/// `expect warn|info|no_warn|no_info` lines. Kinds the eval says nothing about are ignored.
pub fn check_annotations(
    ev: &Eval,
    query: &str,
    warnings: &[String],
    infos: &[String],
) -> Result<(), String> {
    check_annotations_of(&ev.warn, warnings, "warn", query, ev.line)?;
    check_annotations_of(&ev.info, infos, "info", query, ev.line)?;
    if ev.no_warn && !warnings.is_empty() {
        return Err(format!(
            "unexpected warning annotations evaluating query {} (line {}): [{}]",
            quote(query),
            ev.line,
            warnings.join(", ")
        ));
    }
    if ev.no_info && !infos.is_empty() {
        return Err(format!(
            "unexpected info annotations evaluating query {} (line {}): [{}]",
            quote(query),
            ev.line,
            infos.join(", ")
        ));
    }
    Ok(())
}

/// With at least one expectation of a kind: each must match some annotation and each
/// annotation must match some expectation.
fn check_annotations_of(
    expected: &[Expectation],
    actual: &[String],
    kind: &str,
    query: &str,
    line: usize,
) -> Result<(), String> {
    if expected.is_empty() {
        return Ok(());
    }
    if actual.is_empty() {
        return Err(format!(
            "expected {kind} annotations but none were found for query {} (line {line})",
            quote(query)
        ));
    }
    for e in expected {
        if !actual.iter().any(|a| expectation_matches(e, a)) {
            let (what, text) = expectation_text(e);
            return Err(format!(
                "expected {kind} annotation matching {what} {} but no matching annotation was found for query {} (line {line}), found: [{}]",
                quote(&text),
                quote(query),
                actual.join(", ")
            ));
        }
    }
    for a in actual {
        if !expected.iter().any(|e| expectation_matches(e, a)) {
            return Err(format!(
                "unexpected {kind} annotation {} found for query {query} (line {line})",
                quote(a)
            ));
        }
    }
    Ok(())
}

fn sequence_value_text(v: &SequenceValue) -> String {
    match v {
        SequenceValue::Omitted => "_".to_string(),
        SequenceValue::Float(f) => format_float_g(*f),
        SequenceValue::Histogram { h, .. } => h.test_expression(),
    }
}

fn sequence_text(vals: &[SequenceValue]) -> String {
    let parts: Vec<String> = vals.iter().map(sequence_value_text).collect();
    format!("[{}]", parts.join(" "))
}

/// Prometheus's description of a result series: `2 float points [1 @[0] 2 @[60000]] and 0
/// histogram points []`.
fn format_series_result(s: &Series) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let floats: Vec<String> = s.floats.iter().map(|p| p.to_string()).collect();
    let hists: Vec<String> = s
        .histograms
        .iter()
        .map(|p| format!("{} @[{}]", p.h.test_expression(), p.t))
        .collect();
    format!(
        "{} float point{} [{}] and {} histogram point{} [{}]",
        floats.len(),
        plural(floats.len()),
        floats.join(" "),
        hists.len(),
        plural(hists.len()),
        hists.join(", ")
    )
}

fn sample_value_text(s: &Sample) -> String {
    match &s.h {
        Some(h) => h.test_expression(),
        None => format_float_g(s.f),
    }
}

/// Compares a query result with an eval's expectations; the error is the first mismatch.
fn compare_result(ev: &Eval, grid: Grid, value: &Value) -> Result<(), String> {
    let expect_scalar = matches!(ev.expected, Expected::Scalar(_));
    let series: &[ExpectedSeries] = match &ev.expected {
        Expected::Series(list) => list,
        _ => &[],
    };
    // Position (1-based) and expectation per label set. Empty label values are dropped, as
    // Prometheus's series parser does for `name{l=""}`: no stored or computed series has one.
    let index: HashMap<Labels, (usize, &ExpectedSeries)> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (without_empty(&s.labels), (i + 1, s)))
        .collect();
    match value {
        Value::Matrix(m) => {
            if ev.ordered {
                return Err("expected ordered result, but query returned a matrix".into());
            }
            if expect_scalar {
                return Err(format!(
                    "expected scalar result, but got matrix with {} series",
                    m.len()
                ));
            }
            assert_matrix_sorted(m)?;
            let mut seen: HashSet<Labels> = HashSet::new();
            for s in m {
                let Some((_, exp)) = index.get(&s.metric) else {
                    return Err(format!(
                        "unexpected metric {} in result, has {}",
                        s.metric,
                        format_series_result(s)
                    ));
                };
                seen.insert(s.metric.clone());
                compare_series(exp, s, grid)?;
            }
            if let Some(missing) = series
                .iter()
                .find(|s| !seen.contains(&without_empty(&s.labels)))
            {
                return Err(format!("expected metric {} not found", missing.labels));
            }
        }
        Value::Vector(v) => {
            if expect_scalar {
                return Err(format!(
                    "expected scalar result, but got vector with {} sample{}",
                    v.len(),
                    if v.len() == 1 { "" } else { "s" }
                ));
            }
            let mut seen: HashSet<Labels> = HashSet::new();
            for (pos, sample) in v.iter().enumerate() {
                let Some(&(exp_pos, exp)) = index.get(&sample.metric) else {
                    return Err(format!(
                        "unexpected metric {} in result, has value {}",
                        sample.metric,
                        sample_value_text(sample)
                    ));
                };
                if ev.ordered && exp_pos != pos + 1 {
                    return Err(format!(
                        "expected metric {} with {} at position {exp_pos} but was at {}",
                        sample.metric,
                        sequence_text(&exp.values),
                        pos + 1
                    ));
                }
                compare_sample(exp, sample)?;
                seen.insert(sample.metric.clone());
            }
            if let Some(missing) = series
                .iter()
                .find(|s| !seen.contains(&without_empty(&s.labels)))
            {
                return Err(format!(
                    "expected metric {} with {} not found",
                    missing.labels,
                    sequence_text(&missing.values)
                ));
            }
        }
        Value::Scalar(s) => {
            let Expected::Scalar(want) = ev.expected else {
                return Err(format!(
                    "expected vector or matrix result, but got scalar: {} @[{}]",
                    format_float_g(s.v),
                    s.t
                ));
            };
            if !almost_equal(want, s.v, EPSILON) {
                return Err(format!(
                    "expected scalar {} but got {}",
                    format_float_g(want),
                    format_float_g(s.v)
                ));
            }
        }
        Value::String(s) => {
            let want = ev.expect_string.as_deref().unwrap_or("");
            if want != s.v {
                return Err(format!("expected string \"{want}\" but got \"{}\"", s.v));
            }
        }
    }
    Ok(())
}

fn without_empty(l: &Labels) -> Labels {
    l.iter().filter(|l| !l.value.is_empty()).cloned().collect()
}

/// One sample of an instant vector against its expected series (its only value counts; `_`
/// stands for 0 as in Prometheus).
fn compare_sample(exp: &ExpectedSeries, sample: &Sample) -> Result<(), String> {
    let (want, want_h) = match exp.values.first() {
        Some(SequenceValue::Float(f)) => (*f, None),
        Some(SequenceValue::Histogram {
            h,
            counter_reset_hint_set,
        }) => (0.0, Some((h.as_ref(), *counter_reset_hint_set))),
        Some(SequenceValue::Omitted) | None => (0.0, None),
    };
    let m = &sample.metric;
    match (want_h, sample.h.as_deref()) {
        (None, Some(got)) => {
            return Err(format!(
                "expected float value {} for {m} but got histogram {}",
                format_float_g(want),
                got.test_expression()
            ))
        }
        (Some((h, _)), None) => {
            return Err(format!(
                "expected histogram {} for {m} but got float value {}",
                h.test_expression(),
                format_float_g(sample.f)
            ))
        }
        (Some((h, hint_set)), Some(got)) => {
            if !histograms_match(h, got, hint_set) {
                return Err(format!(
                    "expected {} for {m} but got {}",
                    h.test_expression(),
                    got.test_expression()
                ));
            }
        }
        (None, None) => {}
    }
    if !almost_equal(want, sample.f, EPSILON) {
        return Err(format!(
            "expected {} for {m} but got {}",
            format_float_g(want),
            format_float_g(sample.f)
        ));
    }
    Ok(())
}

/// One series of a matrix against its expected values laid out on `grid`.
fn compare_series(exp: &ExpectedSeries, s: &Series, grid: Grid) -> Result<(), String> {
    let m = &exp.labels;
    let mut floats: Vec<(i64, f64)> = Vec::new();
    let mut hists: Vec<(i64, &FloatHistogram, bool)> = Vec::new();
    for (i, v) in exp.values.iter().enumerate() {
        let t = grid.time(i);
        if grid.end.is_none_or(|end| t > end) {
            return Err(format!(
                "expected {} points for {m}, but query time range cannot return this many points",
                exp.values.len()
            ));
        }
        match v {
            SequenceValue::Omitted => {}
            SequenceValue::Float(f) => floats.push((t, *f)),
            SequenceValue::Histogram {
                h,
                counter_reset_hint_set,
            } => hists.push((t, h, *counter_reset_hint_set)),
        }
    }
    if floats.len() != s.floats.len() || hists.len() != s.histograms.len() {
        return Err(format!(
            "expected {} float points and {} histogram points for {m}, but got {}",
            floats.len(),
            hists.len(),
            format_series_result(s)
        ));
    }
    for (i, ((t, f), p)) in floats.iter().zip(&s.floats).enumerate() {
        if *t != p.t {
            return Err(format!(
                "expected float value at index {i} for {m} to have timestamp {t}, but it had timestamp {} (result has {})",
                p.t,
                format_series_result(s)
            ));
        }
        if !almost_equal(p.f, *f, EPSILON) {
            return Err(format!(
                "expected float value at index {i} (t={}) for {m} to be {}, but got {} (result has {})",
                p.t,
                format_float_g(*f),
                format_float_g(p.f),
                format_series_result(s)
            ));
        }
    }
    for (i, ((t, h, hint_set), p)) in hists.iter().zip(&s.histograms).enumerate() {
        if *t != p.t {
            return Err(format!(
                "expected histogram value at index {i} for {m} to have timestamp {t}, but it had timestamp {} (result has {})",
                p.t,
                format_series_result(s)
            ));
        }
        if !histograms_match(h, &p.h, *hint_set) {
            return Err(format!(
                "expected histogram value at index {i} (t={}) for {m} to be {}, but got {} (result has {})",
                p.t,
                h.test_expression(),
                p.h.test_expression(),
                format_series_result(s)
            ));
        }
    }
    Ok(())
}

// ----- failure messages -----

/// A comparison failure: Prometheus's one-line message, then expected versus actual output.
fn mismatch(ev: &Eval, q: &str, pass: &str, detail: &str, grid: Grid, got: &Value) -> String {
    let mut out = format!("error in eval {q} (line {}){pass}: {detail}", ev.line);
    out.push_str("\n  expected:");
    push_lines(&mut out, expected_lines(ev, grid));
    out.push_str("\n  got:");
    push_lines(&mut out, value_lines(got, ev.ordered));
    out
}

fn push_lines(out: &mut String, lines: Vec<String>) {
    if lines.is_empty() {
        out.push_str(" nothing");
        return;
    }
    let total = lines.len();
    for l in lines.iter().take(MAX_DIFF_LINES) {
        let _ = write!(out, "\n    {l}");
    }
    if total > MAX_DIFF_LINES {
        let _ = write!(out, "\n    … {} more", total - MAX_DIFF_LINES);
    }
}

fn points_text<I: Iterator<Item = String>>(points: I) -> String {
    let all: Vec<String> = points.collect();
    let total = all.len();
    let mut s = all
        .into_iter()
        .take(MAX_DIFF_POINTS)
        .collect::<Vec<_>>()
        .join(", ");
    if total > MAX_DIFF_POINTS {
        let _ = write!(s, ", … {} more", total - MAX_DIFF_POINTS);
    }
    s
}

fn expected_lines(ev: &Eval, grid: Grid) -> Vec<String> {
    if let Some(s) = &ev.expect_string {
        return vec![format!("string {}", quote(s))];
    }
    match &ev.expected {
        Expected::None => Vec::new(),
        Expected::Scalar(v) => vec![format!("scalar {}", format_float_g(*v))],
        Expected::Series(list) => {
            let mut list: Vec<&ExpectedSeries> = list.iter().collect();
            if !ev.ordered {
                list.sort_by(|a, b| a.labels.cmp(&b.labels));
            }
            let matrix = grid.end.is_some();
            list.into_iter()
                .map(|s| {
                    if matrix {
                        let pts = s
                            .values
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| !v.is_omitted())
                            .map(|(i, v)| {
                                format!("{} @[{}]", sequence_value_text(v), grid.time(i))
                            });
                        format!("{} {}", s.labels, points_text(pts))
                    } else {
                        let v = s.values.first().map_or("_".into(), sequence_value_text);
                        format!("{} {v}", s.labels)
                    }
                })
                .collect()
        }
    }
}

fn value_lines(v: &Value, ordered: bool) -> Vec<String> {
    match v {
        Value::Scalar(s) => vec![format!("scalar {}", format_float_g(s.v))],
        Value::String(s) => vec![format!("string {}", quote(&s.v))],
        Value::Vector(samples) => {
            let mut list: Vec<&Sample> = samples.iter().collect();
            if !ordered {
                list.sort_by(|a, b| a.metric.cmp(&b.metric));
            }
            list.into_iter()
                .map(|s| format!("{} {}", s.metric, sample_value_text(s)))
                .collect()
        }
        Value::Matrix(series) => series
            .iter()
            .map(|s| {
                let floats = s
                    .floats
                    .iter()
                    .map(|p| (p.t, format!("{} @[{}]", format_float_g(p.f), p.t)));
                let hists = s
                    .histograms
                    .iter()
                    .map(|p| (p.t, format!("{} @[{}]", p.h.test_expression(), p.t)));
                let mut pts: Vec<(i64, String)> = floats.chain(hists).collect();
                pts.sort_by_key(|p| p.0);
                format!("{} {}", s.metric, points_text(pts.into_iter().map(|p| p.1)))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::histogram::CounterResetHint;
    use crate::model::matcher::Matcher;
    use crate::promql::engine::value::{FPoint, StringValue};
    use crate::promql::series::stale_nan;
    use crate::storage::Queryable;

    fn eval_of(script: &str) -> Eval {
        let s = parse_script(script).expect("script parses");
        s.commands
            .into_iter()
            .find_map(|c| match c {
                Command::Eval(e) => Some(e),
                _ => None,
            })
            .expect("an eval")
    }

    fn lbl(s: &str) -> Labels {
        crate::promql::series::parse_metric(s).expect("metric parses")
    }

    fn sample(m: &str, f: f64) -> Sample {
        Sample::float(lbl(m), 0, f)
    }

    fn instant_grid(t: i64) -> Grid {
        Grid {
            start: t,
            end: None,
            step: 0,
        }
    }

    fn series(m: &str, pts: &[(i64, f64)]) -> Series {
        Series {
            metric: lbl(m),
            floats: pts.iter().map(|&(t, f)| FPoint { t, f }).collect(),
            histograms: Vec::new(),
            drop_name: false,
        }
    }

    #[test]
    fn almost_equal_rules() {
        assert!(almost_equal(1.0, 1.0, EPSILON));
        assert!(almost_equal(1.0, 1.0 + 1e-7, EPSILON));
        // Relative to the sum of magnitudes (about 2 here), not to either value.
        assert!(!almost_equal(1.0, 1.0 + 2.1e-6, EPSILON));
        assert!(almost_equal(1.0, 1.0 + 1.9e-6, EPSILON));
        assert!(almost_equal(1e300, 1.0000001e300, EPSILON));
        assert!(!almost_equal(1.0, 2.0, EPSILON));
        // Zero needs (practically) exact equality.
        assert!(almost_equal(0.0, 0.0, EPSILON));
        assert!(almost_equal(0.0, -0.0, EPSILON));
        assert!(!almost_equal(0.0, 1e-300, EPSILON));
        assert!(!almost_equal(1e-310, 2e-310, EPSILON));
        // NaNs: any two are equal, the stale marker only to itself.
        assert!(almost_equal(f64::NAN, -f64::NAN, EPSILON));
        assert!(almost_equal(stale_nan(), stale_nan(), EPSILON));
        assert!(!almost_equal(stale_nan(), f64::NAN, EPSILON));
        assert!(!almost_equal(f64::NAN, stale_nan(), EPSILON));
        assert!(!almost_equal(f64::NAN, 1.0, EPSILON));
        // Infinities.
        assert!(almost_equal(f64::INFINITY, f64::INFINITY, EPSILON));
        assert!(!almost_equal(f64::INFINITY, f64::NEG_INFINITY, EPSILON));
        assert!(!almost_equal(f64::INFINITY, f64::MAX, EPSILON));
        assert!(almost_equal(f64::MAX, f64::MAX, EPSILON));
        assert!(almost_equal(f64::MAX, -f64::MAX * -1.0, EPSILON));
    }

    #[test]
    fn instant_vector_unordered() {
        let ev = eval_of("eval instant at 1m foo\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2\n");
        let g = instant_grid(60_000);
        let v = Value::Vector(vec![
            sample(r#"foo{a="2"}"#, 2.0),
            sample(r#"foo{a="1"}"#, 1.0),
        ]);
        assert_eq!(compare_result(&ev, g, &v), Ok(()));

        let v = Value::Vector(vec![
            sample(r#"foo{a="1"}"#, 1.5),
            sample(r#"foo{a="2"}"#, 2.0),
        ]);
        assert_eq!(
            compare_result(&ev, g, &v).unwrap_err(),
            r#"expected 1 for {__name__="foo", a="1"} but got 1.5"#
        );

        let v = Value::Vector(vec![sample(r#"foo{a="1"}"#, 1.0)]);
        assert_eq!(
            compare_result(&ev, g, &v).unwrap_err(),
            r#"expected metric {__name__="foo", a="2"} with [2] not found"#
        );

        let v = Value::Vector(vec![sample(r#"foo{a="3"}"#, 1.0)]);
        assert_eq!(
            compare_result(&ev, g, &v).unwrap_err(),
            r#"unexpected metric {__name__="foo", a="3"} in result, has value 1"#
        );

        // No expectation at all: only an empty result passes.
        let ev = eval_of("eval instant at 1m foo\n");
        assert_eq!(compare_result(&ev, g, &Value::Vector(vec![])), Ok(()));
        assert!(compare_result(&ev, g, &Value::Vector(vec![sample("foo", 1.0)])).is_err());
    }

    #[test]
    fn instant_vector_ordered() {
        let ev = eval_of(
            "eval instant at 1m sort(foo)\n  expect ordered\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2\n",
        );
        let g = instant_grid(60_000);
        let ok = Value::Vector(vec![
            sample(r#"foo{a="1"}"#, 1.0),
            sample(r#"foo{a="2"}"#, 2.0),
        ]);
        assert_eq!(compare_result(&ev, g, &ok), Ok(()));
        let swapped = Value::Vector(vec![
            sample(r#"foo{a="2"}"#, 2.0),
            sample(r#"foo{a="1"}"#, 1.0),
        ]);
        assert_eq!(
            compare_result(&ev, g, &swapped).unwrap_err(),
            r#"expected metric {__name__="foo", a="2"} with [2] at position 2 but was at 1"#
        );
        // An ordered eval cannot be satisfied by a matrix.
        let m = Value::Matrix(vec![series("foo", &[(0, 1.0)])]);
        assert_eq!(
            compare_result(&ev, g, &m).unwrap_err(),
            "expected ordered result, but query returned a matrix"
        );
    }

    #[test]
    fn empty_expected_label_values_are_ignored() {
        let ev = eval_of("eval instant at 1m foo\n  foo{a=\"1\", b=\"\"} 1\n");
        let g = instant_grid(60_000);
        let v = Value::Vector(vec![sample(r#"foo{a="1"}"#, 1.0)]);
        assert_eq!(compare_result(&ev, g, &v), Ok(()));
        assert!(compare_result(&ev, g, &Value::Vector(vec![])).is_err());
    }

    #[test]
    fn stale_and_nan_values_in_vectors() {
        let ev = eval_of("eval instant at 1m foo\n  foo NaN\n");
        let g = instant_grid(60_000);
        assert!(compare_result(&ev, g, &Value::Vector(vec![sample("foo", f64::NAN)])).is_ok());
        assert!(compare_result(&ev, g, &Value::Vector(vec![sample("foo", stale_nan())])).is_err());
    }

    #[test]
    fn histogram_versus_float_kind() {
        let ev = eval_of("eval instant at 1m foo\n  foo 1\n");
        let g = instant_grid(60_000);
        let mut s = sample("foo", 0.0);
        s.h = Some(std::sync::Arc::new(FloatHistogram {
            count: 1.0,
            ..FloatHistogram::default()
        }));
        let e = compare_result(&ev, g, &Value::Vector(vec![s])).unwrap_err();
        assert!(
            e.starts_with(
                "expected float value 1 for {__name__=\"foo\"} but got histogram {{count:1}}"
            ),
            "{e}"
        );
    }

    #[test]
    fn range_results() {
        let ev = eval_of("eval range from 0 to 2m step 1m foo\n  foo 1 _ 3\n  bar 1+1x2\n");
        let EvalKind::Range {
            start_ms,
            end_ms,
            step_ms,
        } = ev.kind
        else {
            panic!("range eval")
        };
        let g = Grid {
            start: start_ms,
            end: Some(end_ms),
            step: step_ms,
        };
        let good = Value::Matrix(vec![
            series("bar", &[(0, 1.0), (60_000, 2.0), (120_000, 3.0)]),
            series("foo", &[(0, 1.0), (120_000, 3.0)]),
        ]);
        assert_eq!(compare_result(&ev, g, &good), Ok(()));

        let unsorted = Value::Matrix(vec![
            series("foo", &[(0, 1.0), (120_000, 3.0)]),
            series("bar", &[(0, 1.0), (60_000, 2.0), (120_000, 3.0)]),
        ]);
        assert!(compare_result(&ev, g, &unsorted)
            .unwrap_err()
            .starts_with("matrix results should always be sorted by labels"));

        let extra_point = Value::Matrix(vec![
            series("bar", &[(0, 1.0), (60_000, 2.0), (120_000, 3.0)]),
            series("foo", &[(0, 1.0), (60_000, 2.0), (120_000, 3.0)]),
        ]);
        assert_eq!(
            compare_result(&ev, g, &extra_point).unwrap_err(),
            "expected 2 float points and 0 histogram points for {__name__=\"foo\"}, but got 3 float points [1 @[0] 2 @[60000] 3 @[120000]] and 0 histogram points []"
        );

        let wrong_time = Value::Matrix(vec![
            series("bar", &[(0, 1.0), (60_000, 2.0), (120_000, 3.0)]),
            series("foo", &[(0, 1.0), (60_000, 3.0)]),
        ]);
        assert!(compare_result(&ev, g, &wrong_time)
            .unwrap_err()
            .starts_with("expected float value at index 1 for {__name__=\"foo\"} to have timestamp 120000, but it had timestamp 60000"));

        let missing = Value::Matrix(vec![series("foo", &[(0, 1.0), (120_000, 3.0)])]);
        assert_eq!(
            compare_result(&ev, g, &missing).unwrap_err(),
            "expected metric {__name__=\"bar\"} not found"
        );

        // More expected values than the range has steps.
        let ev = eval_of("eval range from 0 to 1m step 1m foo\n  foo 1 2 3\n");
        let g = Grid {
            start: 0,
            end: Some(60_000),
            step: 60_000,
        };
        let m = Value::Matrix(vec![series("foo", &[(0, 1.0), (60_000, 2.0)])]);
        assert_eq!(
            compare_result(&ev, g, &m).unwrap_err(),
            "expected 3 points for {__name__=\"foo\"}, but query time range cannot return this many points"
        );
    }

    #[test]
    fn expect_range_vector() {
        let ev = eval_of(
            "eval instant at 0 foo[1m]\n  expect range vector from 10s to 1m step 10s\n  foo 1 2 3 4 5 6\n",
        );
        let (s, e, d) = ev.range_vector.expect("range vector expectation");
        assert_eq!((s, e, d), (10_000, 60_000, 10_000));
        let g = Grid {
            start: s,
            end: Some(e),
            step: d,
        };
        let pts: Vec<(i64, f64)> = (1..=6).map(|i| (i * 10_000, i as f64)).collect();
        assert_eq!(
            compare_result(&ev, g, &Value::Matrix(vec![series("foo", &pts)])),
            Ok(())
        );
        // Without `expect range vector` an instant eval cannot expect matrix points.
        let ev = eval_of("eval instant at 0 foo[1m]\n  foo 1\n");
        assert!(compare_result(
            &ev,
            instant_grid(0),
            &Value::Matrix(vec![series("foo", &[(0, 1.0)])])
        )
        .unwrap_err()
        .contains("cannot return this many points"));
    }

    #[test]
    fn scalars_and_strings() {
        let g = instant_grid(0);
        let ev = eval_of("eval instant at 0 1 + 1\n  2\n");
        assert_eq!(
            compare_result(&ev, g, &Value::Scalar(Scalar { t: 0, v: 2.0000001 })),
            Ok(())
        );
        assert_eq!(
            compare_result(&ev, g, &Value::Scalar(Scalar { t: 0, v: 3.0 })).unwrap_err(),
            "expected scalar 2 but got 3"
        );
        assert_eq!(
            compare_result(&ev, g, &Value::Vector(vec![])).unwrap_err(),
            "expected scalar result, but got vector with 0 samples"
        );
        let ev = eval_of("eval instant at 0 foo\n");
        assert!(
            compare_result(&ev, g, &Value::Scalar(Scalar { t: 0, v: 1.0 }))
                .unwrap_err()
                .starts_with("expected vector or matrix result, but got scalar")
        );

        let ev = eval_of("eval instant at 0 \"a\"\n  expect string \"a\"\n");
        let s = |v: &str| {
            Value::String(StringValue {
                t: 0,
                v: v.to_string(),
            })
        };
        assert_eq!(compare_result(&ev, g, &s("a")), Ok(()));
        assert_eq!(
            compare_result(&ev, g, &s("b")).unwrap_err(),
            "expected string \"a\" but got \"b\""
        );
    }

    #[test]
    fn annotation_expectations() {
        let w = |s: &str| vec![s.to_string()];
        let none: Vec<String> = Vec::new();
        let q = "rate(foo[5m])";
        let text = "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"foo\" (1:6)";

        // Nothing said about annotations: anything goes.
        let ev = eval_of("eval instant at 0 rate(foo[5m])\n");
        assert_eq!(
            check_annotations(&ev, q, &w("PromQL warning: x (1:1)"), &w(text)),
            Ok(())
        );

        let ev = eval_of(&format!(
            "eval instant at 0 rate(foo[5m])\n  expect info msg: {text}\n"
        ));
        assert_eq!(check_annotations(&ev, q, &none, &w(text)), Ok(()));
        // The position suffix is part of the text.
        let without_pos = text.trim_end_matches(" (1:6)");
        assert!(check_annotations(&ev, q, &none, &w(without_pos))
            .unwrap_err()
            .starts_with("expected info annotation matching message"));
        assert!(check_annotations(&ev, q, &none, &none)
            .unwrap_err()
            .starts_with("expected info annotations but none were found"));
        // Every actual info must be expected.
        let two = vec![text.to_string(), "PromQL info: other (1:1)".to_string()];
        assert!(check_annotations(&ev, q, &none, &two)
            .unwrap_err()
            .starts_with("unexpected info annotation \"PromQL info: other (1:1)\""));

        let ev = eval_of(
            "eval instant at 0 rate(foo[5m])\n  expect info regex: not be a counter\n  expect no_warn\n",
        );
        assert_eq!(check_annotations(&ev, q, &none, &w(text)), Ok(()));
        assert!(
            check_annotations(&ev, q, &w("PromQL warning: x (1:1)"), &w(text))
                .unwrap_err()
                .starts_with("unexpected warning annotations")
        );

        let ev = eval_of("eval instant at 0 rate(foo[5m])\n  expect warn\n  expect no_info\n");
        assert_eq!(
            check_annotations(&ev, q, &w("PromQL warning: x (1:1)"), &none),
            Ok(())
        );
        assert!(check_annotations(&ev, q, &none, &none).is_err());
        assert!(check_annotations(&ev, q, &w("PromQL warning: x (1:1)"), &w(text)).is_err());

        // The deprecated eval_warn demands at least one warning.
        let ev = eval_of("eval_warn instant at 0 rate(foo[5m])\n");
        assert!(check_annotations(&ev, q, &none, &none).is_err());
        assert_eq!(
            check_annotations(&ev, q, &w("PromQL warning: y (1:1)"), &none),
            Ok(())
        );
    }

    #[test]
    fn failure_expectations() {
        let ev = eval_of("eval instant at 0 foo\n  expect fail msg: boom\n");
        let fail = ev.fail.clone().expect("fail expectation");
        assert_eq!(check_expected_failure(&ev, &fail, "boom"), Ok(()));
        assert_eq!(
            check_expected_failure(&ev, &fail, "boom!").unwrap_err(),
            "expected error matching \"boom\" evaluating query \"foo\" (line 1), but got: boom!"
        );
        let ev = eval_of("eval instant at 0 foo\n  expect fail regex: same label(set)?\n");
        let fail = ev.fail.clone().expect("fail expectation");
        assert_eq!(
            check_expected_failure(
                &ev,
                &fail,
                "vector cannot contain metrics with the same labelset"
            ),
            Ok(())
        );
        assert!(check_expected_failure(&ev, &fail, "other").is_err());
        let ev = eval_of("eval_fail instant at 0 foo\n");
        let fail = ev.fail.clone().expect("fail expectation");
        assert_eq!(check_expected_failure(&ev, &fail, "anything"), Ok(()));
    }

    #[test]
    fn at_modifier_rewrite() {
        let parse = |s: &str| promql::parse(s, Features::all()).expect("parses");
        let e = parse("rate(foo[5m]) + bar @ 50 + max_over_time(baz[5m:1m]) + qux @ start()");
        assert_eq!(
            with_at_modifier(&e, 100_000).to_string(),
            "rate(foo[5m] @ 100.000) + bar @ 50.000 + max_over_time(baz[5m:1m] @ 100.000) + qux @ 100.000"
        );
        // Selectors inside subqueries stay as they are.
        let e = parse("max_over_time(rate(foo[1m])[5m:1m] @ 10)");
        assert_eq!(
            with_at_modifier(&e, 100_000).to_string(),
            "max_over_time(rate(foo[1m])[5m:1m] @ 10.000)"
        );
        assert!(at_modifier_safe(&parse("sum(rate(foo[5m]))")));
        assert!(!at_modifier_safe(&parse("time() - foo")));
        assert!(!at_modifier_safe(&parse("timestamp(foo)")));
        // Calls inside a subquery are not looked at, as in Prometheus.
        assert!(at_modifier_safe(&parse(
            "max_over_time(vector(time())[5m:1m])"
        )));
        assert!(!at_modifier_safe(&parse(
            "max_over_time(foo[5m:1m]) + time()"
        )));
        assert_eq!(at_modifier_times(0), [-1000, 0, 1000]);
        assert_eq!(
            at_modifier_times(60_000),
            [-600_000, 0, 12_000, 60_000, 600_000]
        );
    }

    #[test]
    fn query_context_regex() {
        assert!(query_context_funcs().is_match("foo @ start()"));
        assert!(query_context_funcs().is_match("foo[step()]"));
        assert!(!query_context_funcs().is_match("rate(foo[5m])"));
    }

    #[test]
    fn spans_and_histograms() {
        let sp = |o: i32, l: u32| BucketSpan {
            offset: o,
            length: l,
        };
        assert!(spans_match(&[sp(1, 2), sp(3, 0)], &[sp(1, 2)]));
        assert!(spans_match(&[sp(1, 0), sp(2, 2)], &[sp(3, 2)]));
        assert!(!spans_match(&[sp(0, 0)], &[sp(0, 2)]));
        assert!(spans_match(&[], &[sp(5, 0)]));

        let h = FloatHistogram {
            count: 3.0,
            sum: 5.0,
            positive_spans: vec![sp(0, 2)],
            positive_buckets: vec![1.0, 2.0],
            ..FloatHistogram::default()
        };
        let mut close = h.clone();
        close.sum = 5.000001;
        assert!(histograms_match(&h, &close, false));
        let mut hinted = h.clone();
        hinted.counter_reset_hint = crate::model::histogram::CounterResetHint::Gauge;
        assert!(histograms_match(&h, &hinted, false));
        assert!(!histograms_match(&h, &hinted, true));
        let mut other = h.clone();
        other.positive_buckets = vec![1.0, 2.5];
        assert!(!histograms_match(&h, &other, false));
    }

    #[test]
    fn nhcb_conversion() {
        let mut c = ClassicHistogram::default();
        c.set_bucket(1.0, 1.0);
        c.set_bucket(f64::INFINITY, 4.0);
        c.set_bucket(0.5, 0.0);
        c.set_count(4.0);
        c.sum = 7.0;
        let h = c.convert().expect("converts");
        assert_eq!(h.schema, CUSTOM_BUCKETS_SCHEMA);
        assert_eq!(h.custom_values, [0.5, 1.0]);
        assert_eq!(h.count, 4.0);
        assert_eq!(h.sum, 7.0);
        assert_eq!(
            h.test_expression(),
            "{{schema:-53 count:4 sum:7 custom_values:[0.5 1] offset:1 buckets:[1 3]}}"
        );

        let mut c = ClassicHistogram::default();
        c.set_bucket(1.0, 5.0);
        c.set_bucket(2.0, 3.0);
        assert_eq!(c.convert().unwrap_err(), "count is not cumulative: 3 < 5");
        let mut c = ClassicHistogram::default();
        c.set_bucket(f64::INFINITY, 2.0);
        c.set_count(3.0);
        assert_eq!(
            c.convert().unwrap_err(),
            "count mismatch: count=3 != le=+Inf count=2"
        );
        // Without a +Inf bucket one is added holding the count; without a count the highest
        // bucket gives it.
        let mut c = ClassicHistogram::default();
        c.set_bucket(1.0, 2.0);
        c.set_count(3.0);
        assert_eq!(c.convert().expect("converts").positive_buckets, [2.0, 1.0]);
        let mut c = ClassicHistogram::default();
        c.set_bucket(1.0, 2.0);
        assert_eq!(c.convert().expect("converts").count, 2.0);
        let mut c = ClassicHistogram::default();
        c.set_count(-1.0);
        assert_eq!(
            c.convert().unwrap_err(),
            "count must be non-negative: count=-1"
        );
    }

    #[test]
    fn positive_infinity_is_spelled_like_prometheus() {
        assert_eq!(
            go_spelling("histogram_fraction(-Inf, Inf, x @ 60.000)"),
            "histogram_fraction(-Inf, +Inf, x @ 60.000)"
        );
        assert_eq!(go_spelling("x - Inf"), "x - +Inf");
        assert_eq!(go_spelling("-(Inf)"), "-(+Inf)");
        assert_eq!(go_spelling("{a=\"Inf\"}"), "{a=\"Inf\"}");
    }

    #[test]
    fn nhcb_loads_store_base_series() {
        let script = "load_with_nhcb 1m\n  req_bucket{le=\"1\"} 1 2\n  req_bucket{le=\"+Inf\"} 2 4\n  req_count 2 4\n  req_sum 3 6\n\n";
        let s = parse_script(script).expect("parses");
        let mut data = Data::default();
        for c in &s.commands {
            if let Command::Load(l) = c {
                data.load(l).expect("loads");
            }
        }
        let found = data
            .storage
            .select(
                &[
                    Matcher::new(crate::model::matcher::MatchOp::Equal, METRIC_NAME, "req")
                        .expect("matcher"),
                ],
                i64::MIN,
                i64::MAX,
            )
            .expect("select");
        assert_eq!(found.len(), 1);
        let hs = &found[0].histograms;
        assert_eq!(hs.len(), 2);
        assert_eq!(hs[1].t, 60_000);
        assert_eq!(hs[1].h.count, 4.0);
        assert_eq!(hs[1].h.positive_buckets, [2.0, 2.0]);
        // The classic float series are stored as well.
        assert_eq!(data.storage.len(), 5);
        // Read back like from Prometheus's TSDB: the second histogram continues the chunk.
        assert_eq!(hs[0].h.counter_reset_hint, CounterResetHint::Unknown);
        assert_eq!(
            hs[1].h.counter_reset_hint,
            CounterResetHint::NotCounterReset
        );
    }

    #[test]
    fn loaded_histograms_get_stored_hints() {
        let script = "load 1m\n  h {{count:1}} {{count:2 counter_reset_hint:not_reset}} {{count:1}} stale {{count:3 counter_reset_hint:gauge}} {{count:4}}\n\n";
        let s = parse_script(script).expect("parses");
        let mut data = Data::default();
        for c in &s.commands {
            if let Command::Load(l) = c {
                data.load(l).expect("loads");
            }
        }
        let found = data
            .storage
            .select(
                &[
                    Matcher::new(crate::model::matcher::MatchOp::Equal, METRIC_NAME, "h")
                        .expect("matcher"),
                ],
                i64::MIN,
                i64::MAX,
            )
            .expect("select");
        let hints: Vec<CounterResetHint> = found[0]
            .histograms
            .iter()
            .map(|p| p.h.counter_reset_hint)
            .collect();
        use CounterResetHint::*;
        assert_eq!(hints, [Unknown, NotCounterReset, Unknown, Gauge, Unknown]);
    }

    #[test]
    fn mismatch_lists_expected_and_got() {
        let ev = eval_of("eval instant at 1m foo\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2\n");
        let g = instant_grid(60_000);
        let v = Value::Vector(vec![
            sample(r#"foo{a="2"}"#, 2.0),
            sample(r#"foo{a="1"}"#, 1.5),
        ]);
        let detail = compare_result(&ev, g, &v).unwrap_err();
        let msg = mismatch(&ev, "foo", "", &detail, g, &v);
        assert_eq!(
            msg,
            "error in eval foo (line 1): expected 1 for {__name__=\"foo\", a=\"1\"} but got 1.5\n  expected:\n    {__name__=\"foo\", a=\"1\"} 1\n    {__name__=\"foo\", a=\"2\"} 2\n  got:\n    {__name__=\"foo\", a=\"1\"} 1.5\n    {__name__=\"foo\", a=\"2\"} 2"
        );
    }
}
