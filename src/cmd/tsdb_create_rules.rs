//! `lookout tsdb create-blocks-from rules`: backfilling rules, like promtool's rule
//! importer: every rule's expression is evaluated as range queries over block-sized windows
//! (at the times its group would have evaluated it) against a server, or locally over a data
//! directory, and each window's results become one block.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};

use super::Outcome;
use crate::cli::CreateFromRulesArgs;
use crate::promapi::{Client, ClientOptions, Method};
use crate::promql::ast::Expr;
use crate::promql::engine::value::Value;
use crate::promql::engine::{Engine, EngineOpts};
use crate::promql::Features;
use crate::rules::eval::merged_labels;
use crate::rules::file::load_rule_file;
use crate::rules::ParseOptions;
use crate::storage::tsdb::TsdbStorage;
use crate::tsdb::block::LabelPairs;
use crate::tsdb::ulid::UlidGenerator;
use crate::tsdb::writer::{normalize_labels, BlockWriter};

/// Where rules are evaluated.
enum Source {
    Server(Client),
    Tsdb(TsdbStorage, Engine),
}

/// One range query's answer: series and their float points.
type Matrix = Vec<(LabelPairs, Vec<(i64, f64)>)>;

const NS_PER_MS: i128 = 1_000_000;
const NS_PER_S: i128 = 1_000_000_000;

pub fn from_rules(args: CreateFromRulesArgs, features: Features) -> Result<Outcome> {
    // promtool's parseTime, then whole seconds (`.Unix()`).
    let start = crate::time::parse_time_ms(&args.start)
        .map_err(|e| anyhow!("error parsing start time: {e}"))?;
    let end = match &args.end {
        Some(e) => {
            crate::time::parse_time_ms(e).map_err(|e| anyhow!("error parsing end time: {e}"))?
        }
        // promtool's default: three hours ago.
        None => crate::time::now_ms() - 3 * 3_600_000,
    };
    if start >= end {
        bail!("start time is not before end time");
    }
    let eval_interval = args.eval_interval.as_millis();
    if eval_interval <= 0 {
        bail!("--eval-interval must be positive");
    }
    let block_duration =
        super::tsdb_create::block_duration(args.max_block_duration.map(|d| d.as_millis()));
    let source = match &args.tsdb {
        Some(dir) => {
            let storage = TsdbStorage::open(dir)?;
            Source::Tsdb(storage, Engine::new(EngineOpts::default()))
        }
        None => {
            let mut opts = ClientOptions {
                follow_redirects: true,
                ..ClientOptions::default()
            };
            if let Some(f) = &args.http_config_file {
                super::query::apply_http_config(&mut opts, f)?;
            }
            Source::Server(Client::new(&args.url, &opts).map_err(|e| anyhow!(e))?)
        }
    };

    // Load every file first: promtool imports nothing when a file is invalid.
    let parse_opts = ParseOptions {
        features,
        ..ParseOptions::default()
    };
    let mut groups = Vec::new();
    let mut load_errors = Vec::new();
    for path in &args.rule_files {
        match load_rule_file(path, &parse_opts) {
            Ok(file) => {
                let name = path.to_string_lossy().into_owned();
                groups.extend(file.groups.into_iter().map(|g| (name.clone(), g)));
            }
            Err(errors) => load_errors.extend(errors),
        }
    }
    if !load_errors.is_empty() {
        for e in &load_errors {
            eprintln!("rule importer parse error {e}");
        }
        eprintln!("error loading rules");
        return Ok(Outcome::Failed);
    }

    let out = &args.output_dir;
    let mut ulids = UlidGenerator::from_clock();
    let mut import_errors = Vec::new();
    let mut written = Vec::new();
    let (start_s, end_s) = (start.div_euclid(1000), end.div_euclid(1000));
    for (file, group) in &groups {
        let interval_ns = i128::from(group.interval_ms.unwrap_or(eval_interval).max(1)) * NS_PER_MS;
        let offset_ns = group_offset_ns(file, &group.name, interval_ns);
        // Every rule, alerting ones too, as promtool's importAll does (its help says only
        // recording rules): an alert's expression is recorded under the alert's name.
        for rule in &group.rules {
            let labels = merged_labels(&group.labels, &rule.labels);
            let (start_ms, end_ms) = (start_s * 1000, end_s * 1000);
            let mut window = block_duration * (start_ms / block_duration);
            while window <= end_ms {
                let window_end = window + block_duration - 1;
                // Whole seconds, as promtool computes them; then the group's alignment.
                let from_s = (window / 1000).max(start_s);
                let to_s = (window_end / 1000).min(end_s);
                let from_ns = i128::from(from_s) * NS_PER_S;
                let mut first_ns = eval_timestamp_ns(from_ns, interval_ns, offset_ns);
                while first_ns < from_ns {
                    first_ns += interval_ns;
                }
                window += block_duration;
                // promtool stops at the first window without an evaluation (its bug #19714
                // then imports nothing when --start falls late in a window); later windows
                // are still imported here.
                if i128::from(to_s) * NS_PER_S < first_ns {
                    continue;
                }
                let (first, step) = (api_ms(first_ns), api_ms(interval_ns));
                match evaluate(&source, rule, first, to_s * 1000, step) {
                    Ok(matrix) => {
                        let mut w = BlockWriter::new(2 * block_duration);
                        for (series, points) in matrix {
                            let mut l: Vec<(String, String)> = series
                                .into_iter()
                                .filter(|(n, _)| {
                                    n != "__name__" && !labels.iter().any(|(m, _)| m == n)
                                })
                                .collect();
                            l.extend(labels.iter().cloned());
                            l.push(("__name__".into(), rule.name.clone()));
                            let Ok(s) = normalize_labels(l).map(Arc::new) else {
                                continue;
                            };
                            let Ok(s) = w.series(s) else {
                                continue;
                            };
                            for (t, v) in points {
                                w.append(s, t, v);
                            }
                        }
                        if let Some(b) =
                            w.write(out, ulids.generate()).context("writing a block")?
                        {
                            written.push(b);
                        }
                    }
                    Err(e) => {
                        // As promtool's importRule: the rule's first failure ends it.
                        import_errors.push(format!(
                            "rule {:?} of group {:?}: {e}",
                            rule.name, group.name
                        ));
                        break;
                    }
                }
            }
        }
    }
    for e in &import_errors {
        eprintln!("import error {e}");
    }
    if !import_errors.is_empty() {
        eprintln!("error importing rules");
        return Ok(Outcome::Failed);
    }
    if !args.quiet {
        let mut metas: Vec<_> = written.into_iter().map(|b| (b.meta, b.size)).collect();
        metas.sort_by_key(|(m, _)| m.min_time);
        let table = super::tsdb::format_blocks(&metas, true, args.human_readable);
        io::stdout()
            .lock()
            .write_all(&table)
            .context("writing standard output")?;
    }
    Ok(Outcome::Success)
}

/// A rule's values at every `step` from `start` to `end` (ms).
fn evaluate(
    source: &Source,
    rule: &crate::rules::Rule,
    start: i64,
    end: i64,
    step: i64,
) -> std::result::Result<Matrix, String> {
    match source {
        Source::Tsdb(storage, engine) => {
            evaluate_local(storage, engine, &rule.ast, start, end, step)
        }
        Source::Server(client) => {
            let secs = crate::time::format_api_seconds;
            let r = client
                .call(
                    Method::Post,
                    "query_range",
                    &[
                        ("query", rule.expr.clone()),
                        ("start", secs(start)),
                        ("end", secs(end)),
                        ("step", secs(step)),
                    ],
                )
                .map_err(|e| e.to_string())?;
            let data: serde_json::Value =
                serde_json::from_str(r.data.get()).map_err(|e| e.to_string())?;
            if data["resultType"] != "matrix" {
                return Err(format!("rule result is wrong type {}", data["resultType"]));
            }
            let mut out = Vec::new();
            for s in data["result"].as_array().into_iter().flatten() {
                let labels: LabelPairs = s["metric"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect();
                let mut points = Vec::new();
                for p in s["values"].as_array().into_iter().flatten() {
                    let t = p[0].as_f64().ok_or("bad timestamp in the answer")?;
                    let v = p[1]
                        .as_str()
                        .and_then(crate::promql::engine::functions::parse_go_float)
                        .ok_or("bad value in the answer")?;
                    points.push(((t * 1000.0).round() as i64, v));
                }
                out.push((labels, points));
            }
            Ok(out)
        }
    }
}

fn evaluate_local(
    storage: &TsdbStorage,
    engine: &Engine,
    expr: &Expr,
    start: i64,
    end: i64,
    step: i64,
) -> std::result::Result<Matrix, String> {
    let r = engine
        .range_query(storage, expr, start, end, step)
        .map_err(|e| e.msg)?;
    match r.value {
        Value::Matrix(series) => Ok(series
            .into_iter()
            .map(|s| {
                let labels = s
                    .metric
                    .iter()
                    .map(|l| (l.name.clone(), l.value.clone()))
                    .collect();
                (labels, s.floats.iter().map(|p| (p.t, p.f)).collect())
            })
            .collect()),
        other => Err(format!("rule result is wrong type {}", other.type_name())),
    }
}

/// Prometheus's group evaluation offset in ns: the hash of the group's labels
/// `{file=..., name=...}` (`labels.Hash`) modulo its interval.
fn group_offset_ns(file: &str, name: &str, interval_ns: i128) -> i128 {
    let hash = crate::model::xxhash::labels_hash([("file", file), ("name", name)]);
    i128::from(hash) % interval_ns.max(1)
}

/// `Group.EvalTimestamp`: the group's evaluation time (ns) at or before `t_ns`.
fn eval_timestamp_ns(t_ns: i128, interval_ns: i128, offset_ns: i128) -> i128 {
    let adj = t_ns - offset_ns;
    // Go's `%` truncates toward zero.
    adj - adj % interval_ns + offset_ns
}

/// A time in ns as the server sees it: promtool sends float seconds and the API rounds the
/// fraction to the millisecond (`math.Modf`, `math.Round`).
fn api_ms(ns: i128) -> i64 {
    let (secs, nanos) = (ns.div_euclid(NS_PER_S), ns.rem_euclid(NS_PER_S));
    let t = secs as f64 + nanos as f64 / 1e9;
    let whole = t.trunc();
    whole as i64 * 1000 + ((t - whole) * 1000.0).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluation_times_follow_the_group_offset() {
        let ms = |v: i64| i128::from(v) * NS_PER_MS;
        // A 60 s interval with an offset of 12.345 s: evaluations at :12.345 of every minute.
        let (interval, off) = (ms(60_000), 12_345_000_000);
        let at = |t_ms: i64| api_ms(eval_timestamp_ns(ms(t_ms), interval, off));
        assert_eq!(at(1_700_000_000_000), 1_699_999_992_345);
        assert_eq!(at(1_699_999_992_345), 1_699_999_992_345);
        // Sub-millisecond offsets round as the server rounds promtool's float seconds.
        let at = |off: i128| api_ms(eval_timestamp_ns(ms(1_700_000_000_000), interval, off));
        assert_eq!(at(14_895_600), 1_699_999_980_015);
        assert_eq!(at(14_895_400), 1_699_999_980_015);
        assert_eq!(at(14_495_400), 1_699_999_980_014);
        assert!(group_offset_ns("rules.yml", "g", interval) < interval);
        assert_ne!(
            group_offset_ns("rules.yml", "g", interval),
            group_offset_ns("rules.yml", "h", interval)
        );
        // Intervals far beyond i64 nanoseconds do not overflow.
        let huge = ms(i64::MAX);
        assert!(group_offset_ns("f", "g", huge) < huge);
        assert!(eval_timestamp_ns(ms(1_700_000_000_000), huge, 0) <= ms(1_700_000_000_000));
    }
}
