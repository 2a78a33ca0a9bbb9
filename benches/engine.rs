//! PromQL engine benchmarks over an in-memory store shaped like Prometheus's perf baseline
//! (shared/conformance/tsdb/gen_openmetrics.py; figures in shared/research/perf_baselines.md).
//!
//! Data: N series × 720 samples (3 h at 15 s from 1699999200 s), split like the generator:
//! ~50 % `gen_counter_total{instance,route}` counters with rare resets, ~30 %
//! `gen_gauge{instance,zone}` random-walk gauges, ~20 % `gen_latency_seconds` classic histogram
//! groups (11 `_bucket` series with `le`, plus `_count` and `_sum`). Values come from our own
//! PRNG, not Python's, so numbers differ but every count and label layout is the same.
//!
//! Queries: 1 h range at 15 s step (241 steps) ending at the last sample, as the Prometheus 2.42
//! baseline ran them. Run with `cargo bench --bench engine`; scripts/bench-engine.sh prints the
//! medians next to the 2.42 figures. `LOOKOUT_BENCH_SIZES=1000` limits the sizes benchmarked and
//! `LOOKOUT_BENCH_QUERIES=topk,sum_rate` the queries (handy under a profiler, where criterion's
//! own filter would still build and check everything).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use lookout::model::labels::Labels;
use lookout::promql::engine::value::Value;
use lookout::promql::engine::{Engine, EngineOpts};
use lookout::promql::{self, Features};
use lookout::storage::memory::MemStorage;

/// First sample, in seconds (a 2 h block boundary, the generator's default).
const START_S: i64 = 1_699_999_200;
const INTERVAL_S: i64 = 15;
const SAMPLES: i64 = 720;
const LES: [&str; 11] = [
    "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf",
];
/// Buckets + `_count` + `_sum`.
const PER_HIST: usize = LES.len() + 2;

/// The baseline's queries, with Prometheus 2.42's medians (ms) for 1k and 10k series.
const QUERIES: [(&str, &str, f64, f64); 3] = [
    ("sum_rate", "sum(rate(gen_counter_total[5m]))", 17.1, 162.0),
    (
        "histogram_quantile",
        "histogram_quantile(0.9, sum by (le) (rate(gen_latency_seconds_bucket[5m])))",
        6.8,
        55.1,
    ),
    ("topk", "topk(5, gen_gauge)", 6.5, 54.6),
];

/// splitmix64: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi], both inclusive.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// Series counts per kind, computed as the generator does.
struct Mix {
    counters: usize,
    gauges: usize,
    hist_groups: usize,
}

impl Mix {
    fn new(series: usize) -> Mix {
        let hist_groups = (series * 20 / 100) / PER_HIST;
        let gauges = series * 30 / 100;
        Mix {
            counters: series - gauges - hist_groups * PER_HIST,
            gauges,
            hist_groups,
        }
    }
}

fn ts_ms(i: i64) -> i64 {
    (START_S + i * INTERVAL_S) * 1000
}

/// Builds the store for `series` series.
fn build_store(series: usize) -> MemStorage {
    let mix = Mix::new(series);
    let mut rng = Rng(42);
    let mut st = MemStorage::new();
    for s in 0..mix.counters {
        let labels = Labels::from_pairs([
            ("__name__", "gen_counter_total".to_string()),
            ("instance", format!("host-{:04}", s / 10)),
            ("route", format!("/r{}", s % 10)),
        ]);
        let rate = rng.range(1, 50);
        let mut v = 0u64;
        for i in 0..SAMPLES {
            if rng.unit() < 0.001 {
                v = 0;
            } else {
                v += rng.range(0, rate);
            }
            st.append_float(&labels, ts_ms(i), v as f64);
        }
    }
    for s in 0..mix.gauges {
        let labels = Labels::from_pairs([
            ("__name__", "gen_gauge".to_string()),
            ("instance", format!("host-{:04}", s / 3)),
            ("zone", format!("z{}", s % 3)),
        ]);
        let mut v = rng.unit() * 100.0;
        for i in 0..SAMPLES {
            v += rng.unit() * 2.0 - 1.0;
            st.append_float(&labels, ts_ms(i), (v * 100.0).round() / 100.0);
        }
    }
    for g in 0..mix.hist_groups {
        let instance = format!("host-{g:04}");
        let bucket_labels: Vec<Labels> = LES
            .iter()
            .map(|le| {
                Labels::from_pairs([
                    ("__name__", "gen_latency_seconds_bucket"),
                    ("instance", instance.as_str()),
                    ("le", le),
                ])
            })
            .collect();
        let count_labels = Labels::from_pairs([
            ("__name__", "gen_latency_seconds_count"),
            ("instance", instance.as_str()),
        ]);
        let sum_labels = Labels::from_pairs([
            ("__name__", "gen_latency_seconds_sum"),
            ("instance", instance.as_str()),
        ]);
        let mut cum = [0u64; LES.len()];
        let mut total = 0.0f64;
        for i in 0..SAMPLES {
            let t = ts_ms(i);
            let mut run = 0;
            for c in cum.iter_mut() {
                run += rng.range(0, 3);
                *c += run;
            }
            total = ((total + run as f64 * 0.137) * 1000.0).round() / 1000.0;
            for (labels, c) in bucket_labels.iter().zip(cum) {
                st.append_float(labels, t, c as f64);
            }
            st.append_float(&count_labels, t, cum[LES.len() - 1] as f64);
            st.append_float(&sum_labels, t, total);
        }
    }
    st
}

/// The 1 h window the baseline queried: it ends at the last sample.
fn window() -> (i64, i64, i64) {
    let end = ts_ms(SAMPLES - 1);
    (end - 3_600_000, end, INTERVAL_S * 1000)
}

fn sizes() -> Vec<usize> {
    std::env::var("LOOKOUT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![1_000, 10_000])
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new(EngineOpts::default());
    let (start, end, step) = window();
    let only = std::env::var("LOOKOUT_BENCH_QUERIES").unwrap_or_default();
    let exprs: Vec<_> = QUERIES
        .iter()
        .filter(|(name, ..)| only.is_empty() || only.split(',').any(|n| n.trim() == *name))
        .map(|(name, q, _, _)| {
            let e = promql::parse(q, Features::all())
                .unwrap_or_else(|e| panic!("{q}: {}", e.display(q)));
            (*name, e)
        })
        .collect();
    let mut group = c.benchmark_group("range_1h");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for n in sizes() {
        let st = build_store(n);
        for (name, e) in &exprs {
            // Each query must produce a non-empty result, or it measures nothing.
            match engine.range_query(&st, e, start, end, step) {
                Ok(r) => match &r.value {
                    Value::Matrix(m) if !m.is_empty() => {}
                    other => panic!("{name} at {n} series: unexpected result {other:?}"),
                },
                Err(err) => panic!("{name} at {n} series: {err}"),
            }
            group.bench_with_input(BenchmarkId::new(*name, n), &st, |b, st| {
                b.iter(|| black_box(engine.range_query(st, e, start, end, step)))
            });
        }
    }
    group.finish();
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
