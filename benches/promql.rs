//! PromQL front-end benchmarks over the promqltest corpus (fixtures/promqltest/*.test).
//!
//! The formatting target: 10,000 corpus expressions in under 100 ms in a release build.
//! Run with `cargo bench --bench promql`; scripts/bench-format.sh adds whole-command timings.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lookout::promql::{self, Expr, Features};

/// How many expressions the formatting benchmarks handle per iteration.
const BATCH: usize = 10_000;

/// The expression at the end of every `eval` header line (instant, range and the deprecated
/// `eval_fail`/`eval_warn`/`eval_info`/`eval_ordered` forms), lines trimmed as promqltest does.
fn script_exprs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("eval") else {
            continue;
        };
        let rest = ["_fail", "_warn", "_info", "_ordered"]
            .iter()
            .find_map(|s| rest.strip_prefix(s))
            .unwrap_or(rest);
        let mut words = rest.split_whitespace();
        // Words before the expression: `instant [at T]` or `range from A to B step S`.
        let skip = match words.next() {
            Some("instant") if words.next() == Some("at") => 3,
            Some("instant") => 1,
            Some("range") => 7,
            _ => continue,
        };
        if let Some(expr) = nth_word_rest(rest, skip) {
            out.push(expr.to_string());
        }
    }
    out
}

/// The text of `s` from its `n`th whitespace-separated word on.
fn nth_word_rest(s: &str, n: usize) -> Option<&str> {
    let mut rest = s.trim_start();
    for _ in 0..n {
        let end = rest.find(char::is_whitespace)?;
        rest = rest[end..].trim_start();
    }
    (!rest.is_empty()).then_some(rest)
}

fn corpus() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/promqltest");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "test"))
        .collect();
    paths.sort();
    paths
        .iter()
        .flat_map(|p| {
            let text =
                std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            script_exprs(&text)
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let exprs = corpus();
    let features = Features::all();
    // eval_fail lines hold expressions that are meant not to parse; the formatting benches
    // cycle through the rest.
    let valid: Vec<&String> = exprs
        .iter()
        .filter(|e| promql::parse(e, features).is_ok())
        .collect();
    let trees: Vec<Expr> = valid
        .iter()
        .filter_map(|e| promql::parse(e, features).ok())
        .collect();
    assert!(!trees.is_empty(), "no corpus expressions parsed");
    let batch_src: Vec<&str> = valid
        .iter()
        .cycle()
        .take(BATCH)
        .map(|s| s.as_str())
        .collect();
    let batch_trees: Vec<&Expr> = trees.iter().cycle().take(BATCH).collect();

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(exprs.len() as u64));
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for e in &exprs {
                let _ = black_box(promql::parse(black_box(e), features));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("format_10k");
    group.throughput(Throughput::Elements(BATCH as u64));
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("prettify", |b| {
        b.iter(|| {
            for e in &batch_trees {
                black_box(promql::prettify(black_box(e)));
            }
        })
    });
    group.bench_function("to_string", |b| {
        b.iter(|| {
            for e in &batch_trees {
                black_box(black_box(e).to_string());
            }
        })
    });
    group.bench_function("parse_prettify", |b| {
        b.iter(|| {
            for src in &batch_src {
                if let Ok(e) = promql::parse(black_box(src), features) {
                    black_box(promql::prettify(&e));
                }
            }
        })
    });
    group.finish();
}

criterion_group!(promql_benches, benches);
criterion_main!(promql_benches);
