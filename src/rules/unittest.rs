//! Rule unit tests in promtool's format (`promtool test rules`, `cmd/promtool/unittest.go`):
//! input series, rule evaluation tick by tick, alert and PromQL expectations, and promtool's
//! failure texts. Test groups are independent and run in parallel.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::Deserialize;

use super::eval::{instant_vector, AlertState, Env, GroupRuntime};
use super::file::{ParseOptions, RuleFile};
use crate::duration::{format_duration, PromDuration};
use crate::gostr::{format_float_e_upper, format_go_duration_ms, quote};
use crate::model::histogram::StoredHints;
use crate::model::labels::Labels;
use crate::promql::engine::value::Value;
use crate::promql::engine::{Engine, EngineOpts};
use crate::promql::series::{parse_metric, parse_series_desc, SequenceValue};
use crate::promql::{self, Features};
use crate::storage::memory::{MemStorage, SampleValue};
use crate::yaml::{self, Pairs, Spanned};

// ---- the test file ----

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "main.unitTestFile")]
struct TestFile {
    rule_files: Vec<String>,
    evaluation_interval: Option<PromDuration>,
    group_eval_order: Vec<String>,
    tests: Vec<Spanned<TestGroup>>,
    fuzzy_compare: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "main.testGroup")]
struct TestGroup {
    interval: Option<PromDuration>,
    input_series: Vec<InputSeries>,
    alert_rule_test: Vec<AlertTest>,
    promql_expr_test: Vec<ExprTest>,
    external_labels: Pairs<String>,
    external_url: String,
    name: String,
    start_timestamp: Option<StartTimestamp>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "main.series")]
struct InputSeries {
    series: String,
    values: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "main.alertTestCase")]
struct AlertTest {
    eval_time: PromDuration,
    alertname: String,
    exp_alerts: Vec<ExpAlert>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "main.alert")]
struct ExpAlert {
    exp_labels: Pairs<String>,
    exp_annotations: Pairs<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "main.promqlTestCase")]
struct ExprTest {
    expr: String,
    eval_time: PromDuration,
    exp_samples: Vec<ExpSample>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename = "main.sample")]
struct ExpSample {
    labels: String,
    value: f64,
    histogram: String,
}

/// `start_timestamp`: Unix seconds or RFC 3339, checked while the file is decoded (an
/// invalid one fails the whole file, as in promtool).
#[derive(Debug, Clone, Copy)]
struct StartTimestamp(i64);

impl<'de> Deserialize<'de> for StartTimestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        crate::time::parse_time_ms(&s)
            .map(StartTimestamp)
            .map_err(serde::de::Error::custom)
    }
}

// ---- options and results ----

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Run only test groups whose name matches (unanchored, Go syntax).
    pub run: Option<regex::Regex>,
    pub features: Features,
    /// Relax the rule files' (not the test file's) unknown-key check.
    pub ignore_unknown_fields: bool,
    /// Print the series state at the end of each test group to standard error.
    pub debug: bool,
    /// Show failures as a diff of expected and actual alerts or samples instead of the two
    /// full lists.
    pub diff: bool,
    /// Prometheus's `promql-delayed-name-removal` engine feature.
    pub delayed_name_removal: bool,
    /// Worker threads for test groups (0: one per CPU).
    pub threads: usize,
}

/// One test group's outcome.
#[derive(Debug, Clone)]
pub struct GroupReport {
    /// The group's name, or `unnamed#N`.
    pub name: String,
    /// promtool's failure texts; empty when the group passed.
    pub errors: Vec<String>,
    pub seconds: f64,
    /// `--debug` output.
    pub debug: String,
}

/// One test file's outcome.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub file: String,
    /// An error that stopped the whole file (unreadable, invalid YAML, ...).
    pub file_error: Option<String>,
    pub groups: Vec<GroupReport>,
    /// Warnings promtool prints (rule file globs that match nothing).
    pub warnings: Vec<String>,
}

impl FileReport {
    pub fn passed(&self) -> bool {
        self.file_error.is_none() && self.groups.iter().all(|g| g.errors.is_empty())
    }

    /// Every failure text, in promtool's order.
    pub fn errors(&self) -> Vec<String> {
        match &self.file_error {
            Some(e) => vec![e.clone()],
            None => self.groups.iter().flat_map(|g| g.errors.clone()).collect(),
        }
    }
}

/// Runs the test files; groups of all files share one pool of worker threads.
pub fn run_files(paths: &[PathBuf], opts: &Options) -> Vec<FileReport> {
    let prepared: Vec<(FileReport, Vec<Job>)> = paths.iter().map(|p| prepare(p, opts)).collect();
    let jobs: Vec<(usize, usize, &Job)> = prepared
        .iter()
        .enumerate()
        .flat_map(|(fi, (_, jobs))| jobs.iter().enumerate().map(move |(gi, j)| (fi, gi, j)))
        .collect();
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(BTreeMap::new());
    let rule_files = RuleFileCache::default();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&(fi, gi, job)) = jobs.get(i) else {
                    break;
                };
                let report = job.run(opts, &rule_files);
                if let Ok(mut r) = results.lock() {
                    r.insert((fi, gi), report);
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    prepared
        .into_iter()
        .enumerate()
        .map(|(fi, (mut report, jobs))| {
            for gi in 0..jobs.len() {
                if let Some(g) = results.remove(&(fi, gi)) {
                    report.groups.push(g);
                }
            }
            report
        })
        .collect()
}

/// Rule files parsed once per run and shared by the test groups that load them (promtool
/// parses them again for every group; a large suite spends most of its time doing that).
#[derive(Default)]
struct RuleFileCache {
    parsed: std::sync::Mutex<HashMap<PathBuf, ParsedRuleFile>>,
}

/// A rule file's groups, or its errors as promtool prints them.
type ParsedRuleFile = Arc<Result<RuleFile, Vec<String>>>;

impl RuleFileCache {
    fn get(&self, path: &Path, opts: &Options) -> ParsedRuleFile {
        if let Some(hit) = self.parsed.lock().ok().and_then(|m| m.get(path).cloned()) {
            return hit;
        }
        let parsed = Arc::new(parse_for_test(path, opts));
        if let Ok(mut m) = self.parsed.lock() {
            m.insert(path.to_path_buf(), Arc::clone(&parsed));
        }
        parsed
    }
}

/// A rule file as the test runner loads it (the test file's own flags apply).
fn parse_for_test(path: &Path, opts: &Options) -> Result<RuleFile, Vec<String>> {
    let parse_opts = ParseOptions {
        ignore_unknown_fields: opts.ignore_unknown_fields,
        features: opts.features,
        ..ParseOptions::default()
    };
    crate::rules::file::load_rule_file(path, &parse_opts)
}

/// A test group ready to run.
struct Job {
    name: String,
    group: TestGroup,
    rule_files: Vec<PathBuf>,
    eval_interval_ms: i64,
    group_order: BTreeMap<String, usize>,
    fuzzy: bool,
    diff: bool,
}

/// Reads a test file and resolves its rule files; the jobs are its selected test groups.
fn prepare(path: &Path, opts: &Options) -> (FileReport, Vec<Job>) {
    let mut report = FileReport {
        file: path.display().to_string(),
        file_error: None,
        groups: Vec::new(),
        warnings: Vec::new(),
    };
    let fail = |mut report: FileReport, e: String| {
        report.file_error = Some(e);
        (report, Vec::new())
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return fail(
                report,
                format!("open {}: {}", path.display(), crate::gostr::errno_text(&e)),
            )
        }
    };
    // The test file is always decoded strictly (--ignore-unknown-fields is for rule files).
    let file: TestFile = match yaml::from_str(&text, yaml::Options::default()) {
        Ok((f, _)) => f,
        Err(e) => return fail(report, e.to_string()),
    };
    let base = path.parent().unwrap_or(Path::new(""));
    let mut rule_files = Vec::new();
    for pattern in &file.rule_files {
        let full = if pattern.is_empty() || Path::new(pattern).is_absolute() {
            PathBuf::from(pattern)
        } else {
            clean_path(&base.join(pattern))
        };
        let matches = crate::glob::glob(&full);
        if matches.is_empty() {
            report
                .warnings
                .push(format!("no file match pattern {}", full.display()));
        }
        rule_files.extend(matches);
    }
    // Prometheus keys groups by file and name, so a file matched twice loads once.
    let mut seen = std::collections::HashSet::new();
    rule_files.retain(|p| seen.insert(p.clone()));
    let eval_interval_ms = file
        .evaluation_interval
        .map_or(60_000, PromDuration::as_millis)
        .max(0);
    let eval_interval_ms = if eval_interval_ms == 0 {
        60_000
    } else {
        eval_interval_ms
    };
    let mut group_order = BTreeMap::new();
    for (i, g) in file.group_eval_order.iter().enumerate() {
        if group_order.insert(g.clone(), i).is_some() {
            return fail(
                report,
                format!("group name repeated in evaluation order: {g}"),
            );
        }
    }
    let mut jobs = Vec::new();
    for (i, t) in file.tests.into_iter().enumerate() {
        let group = t.value;
        if let Some(re) = &opts.run {
            if !re.is_match(&group.name) {
                continue;
            }
        }
        let name = if group.name.is_empty() {
            format!("unnamed#{i}")
        } else {
            group.name.clone()
        };
        jobs.push(Job {
            name,
            group,
            rule_files: rule_files.clone(),
            eval_interval_ms,
            group_order: group_order.clone(),
            fuzzy: file.fuzzy_compare,
            diff: opts.diff,
        });
    }
    (report, jobs)
}

/// Go's `filepath.Clean`, lexically: no `.` components, `..` applied where it can be.
fn clean_path(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            c => out.push(c),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

// ---- running a group ----

/// An input series and its values, loaded tick by tick.
struct InputSeriesData {
    labels: Labels,
    /// Value `i` is at `start + i * interval_ms`.
    values: InputValues,
    start: i64,
    interval_ms: i64,
    /// How many values are loaded already.
    loaded: usize,
    /// Counter-reset hints as the TSDB would store them.
    hints: StoredHints,
    /// The stored series, once it exists.
    stored: Option<crate::storage::memory::SeriesRef>,
}

/// A series' values; plain float series (the usual case) at 8 bytes a value, since a test
/// may load millions.
enum InputValues {
    Floats(Vec<f64>),
    Mixed(Vec<SequenceValue>),
}

impl InputValues {
    fn new(values: Vec<SequenceValue>) -> InputValues {
        if values.iter().all(|v| matches!(v, SequenceValue::Float(_))) {
            let mut floats = Vec::with_capacity(values.len());
            floats.extend(values.iter().filter_map(|v| match v {
                SequenceValue::Float(f) => Some(*f),
                _ => None,
            }));
            InputValues::Floats(floats)
        } else {
            InputValues::Mixed(values)
        }
    }

    fn len(&self) -> usize {
        match self {
            InputValues::Floats(v) => v.len(),
            InputValues::Mixed(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> Option<SequenceValue> {
        match self {
            InputValues::Floats(v) => v.get(i).map(|&f| SequenceValue::Float(f)),
            InputValues::Mixed(v) => v.get(i).cloned(),
        }
    }
}

impl Job {
    fn run(&self, opts: &Options, cache: &RuleFileCache) -> GroupReport {
        let start = Instant::now();
        let mut debug = String::new();
        let errors = self.test(opts, cache, &mut debug);
        if opts.debug {
            debug = format!(
                "DEBUG: Starting test {name}\n{debug}DEBUG: Test {name} finished, took {}\n",
                crate::gostr::format_go_duration_ns(start.elapsed().as_nanos() as i128),
                name = self.name
            );
        }
        GroupReport {
            name: self.name.clone(),
            errors,
            seconds: start.elapsed().as_secs_f64(),
            debug,
        }
    }

    fn test(&self, opts: &Options, cache: &RuleFileCache, debug: &mut String) -> Vec<String> {
        let tg = &self.group;
        let interval_ms = tg
            .interval
            .map_or(self.eval_interval_ms, PromDuration::as_millis);
        let interval_ms = if interval_ms == 0 {
            self.eval_interval_ms
        } else {
            interval_ms
        };
        let mint = tg.start_timestamp.map_or(0, |t| t.0);
        let mut inputs = match self.input_samples(interval_ms, mint) {
            Ok(p) => p,
            Err(e) => return vec![e],
        };
        let engine = Engine::new(EngineOpts {
            max_samples: 10_000,
            timeout: Some(std::time::Duration::from_secs(100)),
            no_step_subquery_interval_ms: self.eval_interval_ms,
            delayed_name_removal: opts.delayed_name_removal,
            ..EngineOpts::default()
        });
        let external_labels: Vec<(String, String)> = tg
            .external_labels
            .iter()
            .map(|(k, v)| (k.value.clone(), v.clone()))
            .collect();
        let env = Env {
            engine: &engine,
            features: opts.features,
            external_labels: &external_labels,
            external_url: &tg.external_url,
            server_url: None,
        };
        let mut groups = match self.load_groups(opts, cache, interval_ms) {
            Ok(g) => g,
            Err(e) => return e,
        };

        // Alert tests by eval time, and which alert names each time asks about.
        let mut alert_tests: BTreeMap<i64, Vec<&AlertTest>> = BTreeMap::new();
        for a in &tg.alert_rule_test {
            if a.alertname.is_empty() {
                let in_group = if tg.name.is_empty() {
                    String::new()
                } else {
                    format!(" (in TestGroup {})", tg.name)
                };
                return vec![format!(
                    "an item under alert_rule_test misses required attribute alertname at eval_time {}{in_group}",
                    format_duration(a.eval_time.as_millis())
                )];
            }
            alert_tests
                .entry(a.eval_time.as_millis())
                .or_default()
                .push(a);
        }
        let alert_times: Vec<i64> = alert_tests.keys().copied().collect();
        let max_eval = tg
            .alert_rule_test
            .iter()
            .map(|a| a.eval_time.as_millis())
            .chain(tg.promql_expr_test.iter().map(|e| e.eval_time.as_millis()))
            .max()
            .unwrap_or(0)
            .max(0);
        let maxt = mint.saturating_add(max_eval);

        let mut storage = MemStorage::new();
        for input in &inputs {
            storage.reserve_floats(&input.labels, input.values.len());
        }
        let mut errs: Vec<String> = Vec::new();
        let mut curr = 0;
        let mut ts = mint;
        while ts <= maxt {
            // Input samples up to this tick. A refused sample stops the loading and skips
            // this tick's evaluation, and is tried again at the next tick (as promtool's
            // LazyLoader does).
            let mut load_error = None;
            'load: for input in inputs.iter_mut() {
                while let Some(v) = input.values.get(input.loaded) {
                    let t = input
                        .start
                        .saturating_add((input.loaded as i64).saturating_mul(input.interval_ms));
                    if t > ts {
                        break;
                    }
                    input.loaded += 1;
                    let value = match v {
                        SequenceValue::Omitted => continue,
                        SequenceValue::Histogram { h, .. } => {
                            let mut h = *h;
                            h.counter_reset_hint = input.hints.histogram(t, &h);
                            SampleValue::Histogram(h)
                        }
                        SequenceValue::Float(f) => {
                            input.hints.float(crate::promql::series::is_stale_nan(f));
                            SampleValue::Float(f)
                        }
                    };
                    let Some(r) = input.stored.or_else(|| storage.series_ref(&input.labels)) else {
                        continue;
                    };
                    input.stored = Some(r);
                    if let Err(e) = storage.try_append_ref(r, t, value) {
                        input.loaded -= 1;
                        load_error = Some(e.to_string());
                        break 'load;
                    }
                }
            }
            let mut eval_errs = Vec::new();
            let groups_to_eval = if let Some(e) = load_error {
                errs.push(e);
                &mut groups[..0]
            } else {
                &mut groups[..]
            };
            for g in groups_to_eval.iter_mut() {
                g.eval(&mut storage, &env, ts);
                for r in &g.rules {
                    if let Some(e) = &r.last_error {
                        eval_errs.push(format!(
                            "    rule: {}, time: {}, err: {e}",
                            r.rule.name,
                            format_go_duration_ms(ts)
                        ));
                    }
                }
            }
            let stop = !eval_errs.is_empty();
            errs.extend(eval_errs);
            if stop {
                return errs;
            }
            while let Some(&t) = alert_times.get(curr) {
                if !(ts - mint <= t && t < ts + self.eval_interval_ms - mint) {
                    break;
                }
                for test in &alert_tests[&t] {
                    if let Some(e) = self.check_alerts(test, &groups) {
                        errs.push(e);
                    }
                }
                curr += 1;
            }
            match ts.checked_add(self.eval_interval_ms) {
                Some(next) => ts = next,
                None => break,
            }
        }

        for test in &tg.promql_expr_test {
            if let Some(e) = self.check_expr(test, &storage, &engine, mint, opts) {
                errs.push(e);
            }
        }
        if opts.debug {
            *debug = debug_dump(&storage, &engine, mint, max_eval);
        }
        errs
    }

    /// The input series, their first values at `mint`, read as promtool reads them: written
    /// into a promqltest `load` block (`load <interval>`, then `  <series> <values>` lines)
    /// whose lines are trimmed, `#` lines blanked, and which ends at the first blank line, so
    /// a value string with a newline in it behaves as it does there. A label set listed twice
    /// keeps its last line.
    fn input_samples(&self, interval_ms: i64, mint: i64) -> Result<Vec<InputSeriesData>, String> {
        let mut script = format!("load {}\n", short_duration(interval_ms));
        for s in &self.group.input_series {
            script.push_str(&format!("  {} {}\n", s.series, s.values));
        }
        let mut out: Vec<InputSeriesData> = Vec::new();
        let mut index: std::collections::HashMap<Labels, usize> = std::collections::HashMap::new();
        // Line 0 is `load`; its block runs to the first blank line.
        for (i, raw) in script.split('\n').enumerate().skip(1) {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                break;
            }
            let (labels, values) = parse_series_desc(line).map_err(|e| {
                let (_, col) = e.line_col(line);
                format!("{}:{col}: parse error: {}", i + 1, e.msg)
            })?;
            let data = InputSeriesData {
                labels: labels.clone(),
                // Converted series by series, so a large test never holds two copies.
                values: InputValues::new(values),
                start: mint,
                interval_ms,
                loaded: 0,
                hints: StoredHints::default(),
                stored: None,
            };
            match index.get(&labels) {
                Some(&at) => out[at] = data,
                None => {
                    index.insert(labels, out.len());
                    out.push(data);
                }
            }
        }
        Ok(out)
    }

    /// Parses the rule files into groups in evaluation order; errors as promtool prints them.
    fn load_groups(
        &self,
        opts: &Options,
        cache: &RuleFileCache,
        interval_ms: i64,
    ) -> Result<Vec<GroupRuntime>, Vec<String>> {
        let mut groups = Vec::new();
        for path in &self.rule_files {
            let name = path.display().to_string();
            let file = cache.get(path, opts);
            let file = file.as_ref().as_ref().map_err(Clone::clone)?;
            for g in &file.groups {
                groups.push(GroupRuntime::new(&name, g, interval_ms));
            }
        }
        // Groups listed in group_eval_order run in that order; the others count as the first.
        groups.sort_by_key(|g| self.group_order.get(&g.name).copied().unwrap_or(0));
        Ok(groups)
    }

    /// Compares the firing alerts named by `test` with the expected ones.
    fn check_alerts(&self, test: &AlertTest, groups: &[GroupRuntime]) -> Option<String> {
        let mut got: Vec<(Labels, Labels)> = groups
            .iter()
            .flat_map(|g| g.rules.iter())
            .filter(|r| r.rule.name == test.alertname && r.rule.kind == super::RuleKind::Alert)
            .flat_map(|r| r.active_alerts())
            .filter(|a| a.state == AlertState::Firing)
            .map(|a| (a.labels.clone(), a.annotations.clone()))
            .collect();
        let mut exp: Vec<(Labels, Labels)> = test
            .exp_alerts
            .iter()
            .map(|a| {
                let mut labels = Labels::from_pairs(
                    a.exp_labels
                        .iter()
                        .map(|(k, v)| (k.value.clone(), v.clone())),
                );
                labels.set("alertname", test.alertname.as_str());
                let annotations = Labels::from_pairs(
                    a.exp_annotations
                        .iter()
                        .map(|(k, v)| (k.value.clone(), v.clone())),
                );
                (labels, annotations)
            })
            .collect();
        got.sort();
        exp.sort();
        if got == exp {
            return None;
        }
        let name = if self.group.name.is_empty() {
            String::new()
        } else {
            format!("    name: {},\n", self.group.name)
        };
        let head = format!(
            "{name}    alertname: {}, time: {}, ",
            test.alertname,
            format_duration(test.eval_time.as_millis())
        );
        if self.diff {
            let side = |v: &[(Labels, Labels)]| -> Vec<(Labels, String)> {
                v.iter()
                    .map(|(l, a)| (l.clone(), format!("annotations {a}")))
                    .collect()
            };
            return Some(format!("{head}\n{}", diff_text(&side(&exp), &side(&got))));
        }
        Some(format!(
            "{head}\n        exp:{}, \n        got:{}",
            indent_lines(&alerts_string(&exp), "            "),
            indent_lines(&alerts_string(&got), "            ")
        ))
    }

    fn check_expr(
        &self,
        test: &ExprTest,
        storage: &MemStorage,
        engine: &Engine,
        mint: i64,
        opts: &Options,
    ) -> Option<String> {
        let head = format!(
            "    expr: {}, time: {}",
            quote(&test.expr),
            format_duration(test.eval_time.as_millis())
        );
        let got = match promql::parse(&test.expr, opts.features)
            .map_err(|e| e.display(&test.expr).to_string())
            .and_then(|ast| {
                instant_vector(engine, storage, &ast, mint + test.eval_time.as_millis())
            }) {
            Ok(v) => v,
            Err(e) => return Some(format!("{head}, err: {e}")),
        };
        let mut exp = Vec::new();
        for s in &test.exp_samples {
            let labels = if s.labels.trim().is_empty() {
                Ok(Labels::empty())
            } else {
                parse_metric(&s.labels).map_err(|e| e.render(&s.labels))
            };
            let parsed = labels.and_then(|labels| {
                if s.histogram.is_empty() {
                    return Ok((labels, s.value, String::new()));
                }
                let desc = format!("{{}} {}", s.histogram);
                let (_, values) = parse_series_desc(&desc).map_err(|e| e.render(&desc))?;
                match values.as_slice() {
                    [SequenceValue::Histogram { h, .. }] => {
                        Ok((labels, s.value, h.test_expression()))
                    }
                    [other] => Err(format!("expected histogram, got {other:?}")),
                    v => Err(format!("expected 1 value, got {}", v.len())),
                }
            });
            match parsed {
                Ok(p) => exp.push(p),
                Err(e) => return Some(format!("{head}, err: labels {}: {e}", quote(&s.labels))),
            }
        }
        let mut got: Vec<(Labels, f64, String)> = got
            .into_iter()
            .map(|s| {
                let h = s.h.map(|h| h.test_expression()).unwrap_or_default();
                (s.metric, s.f, h)
            })
            .collect();
        exp.sort_by(|a, b| a.0.cmp(&b.0));
        got.sort_by(|a, b| a.0.cmp(&b.0));
        let same_value = |a: f64, b: f64| {
            a == b
                || (self.fuzzy
                    && (next_toward(a, f64::NEG_INFINITY) == b
                        || next_toward(a, f64::INFINITY) == b))
        };
        let equal = exp.len() == got.len()
            && exp
                .iter()
                .zip(&got)
                .all(|(e, g)| e.0 == g.0 && same_value(e.1, g.1) && e.2 == g.2);
        if equal {
            return None;
        }
        if self.diff {
            let side = |v: &[(Labels, f64, String)]| -> Vec<(Labels, String)> {
                v.iter()
                    .map(|(l, f, h)| {
                        let value = if h.is_empty() {
                            format_float_e_upper(*f)
                        } else {
                            h.clone()
                        };
                        (l.clone(), value)
                    })
                    .collect()
            };
            return Some(format!("{head},\n{}", diff_text(&side(&exp), &side(&got))));
        }
        Some(format!(
            "{head},\n        exp: {}\n        got: {}",
            samples_string(&exp),
            samples_string(&got)
        ))
    }
}

/// Go's `math.Nextafter(x, toward)` for the infinities.
fn next_toward(x: f64, toward: f64) -> f64 {
    if x.is_nan() || x == toward {
        return x;
    }
    if x == 0.0 {
        return if toward > 0.0 {
            f64::from_bits(1)
        } else {
            -f64::from_bits(1)
        };
    }
    let bits = x.to_bits();
    let up = (toward > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

/// A readable diff of two lists of (labels, value) sorted by labels: `-` expected but
/// missing, `+` unexpected, `~` the same labels with another value.
fn diff_text(exp: &[(Labels, String)], got: &[(Labels, String)]) -> String {
    let mut out = String::from("        diff:");
    let (mut i, mut j) = (0, 0);
    while i < exp.len() || j < got.len() {
        let line = match (exp.get(i), got.get(j)) {
            (Some(e), Some(g)) if e.0 == g.0 => {
                i += 1;
                j += 1;
                if e.1 == g.1 {
                    continue;
                }
                format!("~ {} exp {} got {}", e.0, e.1, g.1)
            }
            (Some(e), Some(g)) if e.0 < g.0 => {
                i += 1;
                format!("- {} {}", e.0, e.1)
            }
            (Some(e), None) => {
                i += 1;
                format!("- {} {}", e.0, e.1)
            }
            (_, Some(g)) => {
                j += 1;
                format!("+ {} {}", g.0, g.1)
            }
            (None, None) => break,
        };
        out.push_str("\n            ");
        out.push_str(&line);
    }
    out
}

/// `labelsAndAnnotations.String()`.
fn alerts_string(alerts: &[(Labels, Labels)]) -> String {
    if alerts.is_empty() {
        return "[]".into();
    }
    let mut s = String::from("[");
    for (i, (l, a)) in alerts.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let one = format!("\nLabels:{l}\nAnnotations:{a}");
        s.push_str(&format!("\n{i}:{}", indent_lines(&one, "  ")));
    }
    s.push_str("\n]");
    s
}

/// `parsedSamplesString`: `nil`, or each sample as `LABELS VALUE` joined by `, `.
fn samples_string(samples: &[(Labels, f64, String)]) -> String {
    if samples.is_empty() {
        return "nil".into();
    }
    samples
        .iter()
        .map(|(l, f, h)| {
            if h.is_empty() {
                format!("{l} {}", format_float_e_upper(*f))
            } else {
                format!("{l} {h}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// promtool's `indentLines`: every line after the first gets `indent`.
fn indent_lines(lines: &str, indent: &str) -> String {
    lines
        .split('\n')
        .collect::<Vec<_>>()
        .join(&format!("\n{indent}"))
}

/// promtool's `shortDuration`: the duration without a trailing `0s` or `0m`.
fn short_duration(ms: i64) -> String {
    let mut s = format_duration(ms);
    if s.ends_with("m0s") {
        s.truncate(s.len() - 2);
    }
    if s.ends_with("h0m") {
        s.truncate(s.len() - 2);
    }
    s
}

/// `--debug`: every series over the whole test, as promtool prints it.
fn debug_dump(storage: &MemStorage, engine: &Engine, mint: i64, max_eval: i64) -> String {
    // Round up to the next whole second, as promtool does.
    let ts = (max_eval + 1000) / 1000 * 1000;
    let expr = format!("{{__name__=~\".+\"}}[{}]", format_duration(ts));
    let Ok(ast) = promql::parse(&expr, Features::default()) else {
        return String::new();
    };
    match engine.instant_query(storage, &ast, mint + ts) {
        Ok(r) => match r.value {
            Value::Matrix(m) => {
                let mut out = format!(
                    "DEBUG: Dump of all data (input_series and rules) at {}:\n",
                    format_go_duration_ms(ts)
                );
                for s in m {
                    let points: Vec<String> = s
                        .floats
                        .iter()
                        .map(|p| format!("{} @[{}]", crate::gostr::format_float_f(p.f), p.t))
                        .chain(
                            s.histograms
                                .iter()
                                .map(|p| format!("{} @[{}]", p.h.go_string(), p.t)),
                        )
                        .collect();
                    out.push_str(&format!("{} =>\n{}\n", s.metric, points.join("\n")));
                }
                out
            }
            _ => format!("DEBUG: Got unexpected type for {expr:?}\n"),
        },
        Err(e) => format!(
            "DEBUG: Failed query exec, expr: {}, err: {}\n",
            quote(&expr),
            e.msg
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_name_missing_unexpected_and_changed() {
        let l = |v: &str| Labels::from_pairs([("a", v)]);
        let exp = vec![
            (l("1"), "1".to_string()),
            (l("2"), "2".to_string()),
            (l("3"), "3".to_string()),
        ];
        let got = vec![
            (l("2"), "2".to_string()),
            (l("3"), "4".to_string()),
            (l("5"), "5".to_string()),
        ];
        assert_eq!(
            diff_text(&exp, &got),
            "        diff:\n            - {a=\"1\"} 1\n            ~ {a=\"3\"} exp 3 got 4\n            + {a=\"5\"} 5"
        );
    }

    #[test]
    fn helpers_match_promtool() {
        assert_eq!(indent_lines("a\nb", "  "), "a\n  b");
        assert_eq!(alerts_string(&[]), "[]");
        let l = Labels::from_pairs([("alertname", "Test")]);
        assert_eq!(
            alerts_string(&[(l, Labels::empty())]),
            "[\n0:\n  Labels:{alertname=\"Test\"}\n  Annotations:{}\n]"
        );
        assert_eq!(
            clean_path(Path::new("a/./b/../c.yml")),
            PathBuf::from("a/c.yml")
        );
        assert_eq!(clean_path(Path::new("../x/../y")), PathBuf::from("../y"));
        assert_eq!(clean_path(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(next_toward(1.0, f64::INFINITY), 1.0000000000000002);
    }
}
