//! `lookout tsdb create-blocks-from rules`: backfilling recording rules, like promtool's
//! rule importer: each recording rule is evaluated as range queries over 2h windows (at the
//! times its group would have evaluated it) against a server, or locally over a data
//! directory, and each window's results become one block.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};

use super::Outcome;
use crate::cli::CreateFromRulesArgs;
use crate::promapi::{Client, ClientOptions};
use crate::promql::engine::value::Value;
use crate::promql::engine::{Engine, EngineOpts};
use crate::promql::Features;
use crate::rules::{parse_rule_file, ParseOptions, RuleKind};
use crate::storage::tsdb::TsdbStorage;
use crate::tsdb::block::LabelPairs;
use crate::tsdb::ulid::UlidGenerator;
use crate::tsdb::writer::{normalize_labels, BlockWriter, DEFAULT_BLOCK_DURATION};

/// Where rules are evaluated.
enum Source {
    Server(Client, ClientOptions),
    Tsdb(TsdbStorage, Engine),
}

/// One range query's answer: series and their float points.
type Matrix = Vec<(LabelPairs, Vec<(i64, f64)>)>;

pub fn from_rules(args: CreateFromRulesArgs, features: Features) -> Result<Outcome> {
    let start = crate::time::parse_api_time_ms(&args.start).map_err(|e| anyhow!("--start: {e}"))?;
    let end = match &args.end {
        Some(e) => crate::time::parse_api_time_ms(e).map_err(|e| anyhow!("--end: {e}"))?,
        // promtool's default: three hours ago.
        None => now_ms() - 3 * 3_600_000,
    };
    if end < start {
        bail!("start time must be before end time");
    }
    let eval_interval = args.eval_interval.as_millis();
    if eval_interval <= 0 {
        bail!("--eval-interval must be positive");
    }
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
            let client = Client::new(&args.url, &opts).map_err(|e| anyhow!(e))?;
            Source::Server(client, opts)
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
        let text = super::read_file(path)?;
        let (parsed, findings) = parse_rule_file(&text, &parse_opts);
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.kind == crate::rules::FindingKind::Error)
            .collect();
        if !errors.is_empty() || parsed.is_none() {
            for f in errors {
                load_errors.push(format!("{}: {}", path.display(), f.message));
            }
            continue;
        }
        for g in parsed.map(|p| p.groups).unwrap_or_default() {
            groups.push((path.to_string_lossy().into_owned(), g));
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
    for (file, group) in &groups {
        let interval = group.interval_ms.unwrap_or(eval_interval).max(1);
        let offset = group_offset(file, &group.name, interval);
        for rule in &group.rules {
            if rule.kind != RuleKind::Record {
                continue;
            }
            // Rule labels override the group's, and the record name both.
            let mut extra: Vec<(String, String)> = group.labels.clone();
            for (n, v) in &rule.labels {
                extra.retain(|(m, _)| m != n);
                extra.push((n.clone(), v.clone()));
            }
            let mut window = DEFAULT_BLOCK_DURATION * start.div_euclid(DEFAULT_BLOCK_DURATION);
            while window <= end {
                let window_end = window + DEFAULT_BLOCK_DURATION - 1;
                // Whole seconds, as promtool computes them; then the group's alignment.
                let from = secs_floor(window.max(start));
                let mut first = eval_timestamp(from, interval, offset);
                while first < from {
                    first += interval;
                }
                let to = secs_floor(window_end.min(end));
                if to < first {
                    break;
                }
                match evaluate(&source, &rule.expr, features, first, to, interval) {
                    Ok(matrix) => {
                        let mut w = BlockWriter::new(2 * DEFAULT_BLOCK_DURATION);
                        for (labels, points) in matrix {
                            let mut l: Vec<(String, String)> = labels
                                .into_iter()
                                .filter(|(n, _)| {
                                    n != "__name__" && !extra.iter().any(|(m, _)| m == n)
                                })
                                .collect();
                            l.extend(extra.iter().cloned());
                            l.push(("__name__".into(), rule.name.clone()));
                            let Some(l) = normalize_labels(l).ok() else {
                                continue;
                            };
                            let Ok(s) = w.series(Arc::new(l)) else {
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
                    Err(e) => import_errors.push(format!(
                        "rule {:?} of group {:?}: {e}",
                        rule.name, group.name
                    )),
                }
                window += DEFAULT_BLOCK_DURATION;
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

/// A recording rule's values at every `step` from `start` to `end`.
fn evaluate(
    source: &Source,
    expr: &str,
    features: Features,
    start: i64,
    end: i64,
    step: i64,
) -> std::result::Result<Matrix, String> {
    match source {
        Source::Tsdb(storage, engine) => {
            let e = crate::promql::parse(expr, features).map_err(|e| e.msg)?;
            let r = engine
                .range_query(storage, &e, start, end, step)
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
        Source::Server(client, opts) => {
            let secs = |ms: i64| format!("{}.{:03}", ms.div_euclid(1000), ms.rem_euclid(1000));
            let r = client
                .call(
                    "query_range",
                    &[
                        ("query", expr.to_string()),
                        ("start", secs(start)),
                        ("end", secs(end)),
                        ("step", secs(step)),
                    ],
                    opts,
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

/// Prometheus's group evaluation offset: the hash of the group's labels
/// `{file=..., name=...}` (xxhash64 of `name\xffvalue\xff...`) modulo its interval, in ns.
fn group_offset(file: &str, name: &str, interval_ms: i64) -> i64 {
    let mut b = Vec::with_capacity(file.len() + name.len() + 12);
    for (n, v) in [("file", file), ("name", name)] {
        b.extend_from_slice(n.as_bytes());
        b.push(0xff);
        b.extend_from_slice(v.as_bytes());
        b.push(0xff);
    }
    let hash = xxhash_rust::xxh64::xxh64(&b, 0);
    let interval_ns = interval_ms as u64 * 1_000_000;
    (hash % interval_ns) as i64
}

/// `Group.EvalTimestamp`: the group's evaluation time at or before `t` (ms), computed in
/// nanoseconds as Prometheus does, then in milliseconds as the server sees it: promtool
/// sends the time as float seconds and the API rounds the fraction to the millisecond.
fn eval_timestamp(t_ms: i64, interval_ms: i64, offset_ns: i64) -> i64 {
    let interval = i128::from(interval_ms) * 1_000_000;
    let adj = i128::from(t_ms) * 1_000_000 - i128::from(offset_ns);
    // Go's `%` truncates toward zero.
    let ns = adj - adj % interval + i128::from(offset_ns);
    let (secs, nanos) = (ns.div_euclid(1_000_000_000), ns.rem_euclid(1_000_000_000));
    // promtool's formatTime, then the API's parseTime (math.Modf, math.Round).
    let t = secs as f64 + nanos as f64 / 1e9;
    let whole = t.trunc();
    let frac_ms = ((t - whole) * 1000.0).round();
    whole as i64 * 1000 + frac_ms as i64
}

/// Milliseconds floored to whole seconds (promtool works in Unix seconds here).
fn secs_floor(ms: i64) -> i64 {
    ms.div_euclid(1000) * 1000
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluation_times_follow_the_group_offset() {
        // A 60 s interval with an offset of 12.345 s: evaluations at :12.345 of every minute.
        let off = 12_345_000_000;
        assert_eq!(
            eval_timestamp(1_700_000_000_000, 60_000, off),
            1_699_999_992_345
        );
        assert_eq!(
            eval_timestamp(1_699_999_992_345, 60_000, off),
            1_699_999_992_345
        );
        // Sub-millisecond offsets round as the server rounds promtool's float seconds.
        assert_eq!(
            eval_timestamp(1_700_000_000_000, 60_000, 14_895_600),
            1_699_999_980_015
        );
        assert_eq!(
            eval_timestamp(1_700_000_000_000, 60_000, 14_895_400),
            1_699_999_980_015
        );
        assert_eq!(
            eval_timestamp(1_700_000_000_000, 60_000, 14_495_400),
            1_699_999_980_014
        );
        assert!(group_offset("rules.yml", "g", 60_000) < 60_000_000_000);
        assert_ne!(
            group_offset("rules.yml", "g", 60_000),
            group_offset("rules.yml", "h", 60_000)
        );
    }
}
