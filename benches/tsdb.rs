//! XOR float chunk decoding throughput (issue 7's target: 300 M samples/s per core).
//!
//! Data: 120-sample chunks as Prometheus cuts them from 15 s scrapes, timestamps with a few
//! ms of scrape jitter, written by a small copy of Prometheus's `xorAppender` below:
//! - `gauge`: random-walk gauges with 2 decimals (like shared/conformance/tsdb/gen_openmetrics.py),
//! - `counter`: counters with random integer increments,
//! - `steady`: a counter growing by a fixed step at exact 15 s (the cheap case),
//! - `fixtures`: every XOR chunk of the promtool-made blocks under fixtures/tsdb/blocks,
//! - `$LOOKOUT_BENCH_TSDB`: if set to a data directory (e.g. the 10,000-series set that
//!   scripts/bench-query.sh backfills), every XOR chunk of its blocks.
//!
//! Run with `cargo bench --bench tsdb`; throughput is printed as elements (samples) per second.
//! `cargo bench --bench tsdb -- zzz` (a filter that matches nothing) prints only the per-core
//! figures; `LOOKOUT_BENCH_SETS=gauge,fixtures` limits the sets.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use lookout::promql::engine::value::FPoint;
use lookout::tsdb::chunkenc::{decode_xor, decode_xor_at, decode_xor_into};

const CHUNKS: usize = 1000;
const SAMPLES: usize = 120;
const START_MS: i64 = 1_699_999_200_000;
const STEP_MS: i64 = 15_000;

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

    /// Uniform in [lo, hi].
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }
}

/// Writes bits MSB-first.
#[derive(Default)]
struct BitWriter {
    b: Vec<u8>,
    n: usize,
}

impl BitWriter {
    fn bits(&mut self, v: u64, n: u32) {
        for i in (0..n).rev() {
            if self.n % 8 == 0 {
                self.b.push(0);
            }
            if (v >> i) & 1 == 1 {
                if let Some(last) = self.b.last_mut() {
                    *last |= 1 << (7 - self.n % 8);
                }
            }
            self.n += 1;
        }
    }

    fn uvarint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bits((v & 0x7f) | 0x80, 8);
            v >>= 7;
        }
        self.bits(v, 8);
    }
}

/// A chunk as Prometheus's `xorAppender` writes it.
fn encode_xor(samples: &[(i64, f64)]) -> Vec<u8> {
    let mut w = BitWriter::default();
    w.bits(samples.len() as u64, 16);
    let (mut t_delta, mut leading, mut trailing) = (0i64, 0xffu32, 0u32);
    let mut prev = (0i64, 0u64);
    for (i, &(t, v)) in samples.iter().enumerate() {
        let v = v.to_bits();
        if i == 0 {
            w.uvarint(((t << 1) ^ (t >> 63)) as u64);
            w.bits(v, 64);
            prev = (t, v);
            continue;
        }
        let delta = t - prev.0;
        if i == 1 {
            w.uvarint(delta as u64);
        } else {
            let dod = delta - t_delta;
            let fits = |n: u32| -((1i64 << (n - 1)) - 1) <= dod && dod <= 1i64 << (n - 1);
            if dod == 0 {
                w.bits(0, 1);
            } else if fits(14) {
                w.bits(0b10, 2);
                w.bits(dod as u64 & 0x3fff, 14);
            } else if fits(17) {
                w.bits(0b110, 3);
                w.bits(dod as u64 & 0x1_ffff, 17);
            } else if fits(20) {
                w.bits(0b1110, 4);
                w.bits(dod as u64 & 0xf_ffff, 20);
            } else {
                w.bits(0b1111, 4);
                w.bits(dod as u64, 64);
            }
        }
        t_delta = delta;
        let x = v ^ prev.1;
        if x == 0 {
            w.bits(0, 1);
        } else {
            w.bits(1, 1);
            let (l, tz) = (x.leading_zeros().min(31), x.trailing_zeros());
            if leading != 0xff && l >= leading && tz >= trailing {
                w.bits(0, 1);
                w.bits(x >> trailing, 64 - leading - trailing);
            } else {
                (leading, trailing) = (l, tz);
                w.bits(1, 1);
                w.bits(u64::from(l), 5);
                let sig = 64 - l - tz;
                w.bits(u64::from(sig), 6);
                w.bits(x >> tz, sig);
            }
        }
        prev = (t, v);
    }
    w.b
}

#[derive(Clone, Copy)]
enum Kind {
    Gauge,
    Counter,
    Steady,
}

fn chunks(kind: Kind, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    (0..CHUNKS)
        .map(|c| {
            let mut v = match kind {
                Kind::Gauge => rng.unit() * 100.0,
                _ => rng.range(0, 1_000_000) as f64,
            };
            let rate = rng.range(1, 50);
            let base = START_MS + (c as i64 % 60) * SAMPLES as i64 * STEP_MS;
            let samples: Vec<(i64, f64)> = (0..SAMPLES as i64)
                .map(|i| {
                    let t = base + i * STEP_MS;
                    match kind {
                        Kind::Gauge => {
                            v = ((v + rng.unit() * 2.0 - 1.0) * 100.0).round() / 100.0;
                            (t + rng.range(-5, 5), v)
                        }
                        Kind::Counter => {
                            v += rng.range(0, rate) as f64;
                            (t + rng.range(-5, 5), v)
                        }
                        Kind::Steady => {
                            v += rate as f64;
                            (t, v)
                        }
                    }
                })
                .collect();
            encode_xor(&samples)
        })
        .collect()
}

/// Every XOR chunk of the fixture blocks (segment files: 8-byte header, then uvarint length,
/// encoding byte, data, CRC).
fn fixture_chunks() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb/blocks");
    let mut files = Vec::new();
    for set in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        files.extend(segment_files(&set.path()));
    }
    segment_chunks(files)
}

/// The chunk segment files of the blocks in a data directory.
fn segment_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for block in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for seg in std::fs::read_dir(block.path().join("chunks"))
            .into_iter()
            .flatten()
            .flatten()
        {
            files.push(seg.path());
        }
    }
    files
}

fn segment_chunks(mut files: Vec<std::path::PathBuf>) -> Vec<Vec<u8>> {
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let Ok(b) = std::fs::read(&f) else { continue };
        let mut i = 8;
        while i < b.len() {
            let (mut len, mut shift) = (0usize, 0);
            while let Some(&c) = b.get(i) {
                i += 1;
                len |= usize::from(c & 0x7f) << shift;
                shift += 7;
                if c < 0x80 {
                    break;
                }
            }
            let (Some(&enc), Some(data)) = (b.get(i), b.get(i + 1..i + 1 + len)) else {
                break;
            };
            if enc == 1 {
                out.push(data.to_vec());
            }
            i += 1 + len + 4;
        }
    }
    out
}

fn count(chunks: &[Vec<u8>]) -> usize {
    chunks
        .iter()
        .map(|c| decode_xor(c).map_or(0, |s| s.len()))
        .sum()
}

/// Nanoseconds this thread has spent on a CPU (Linux's schedstat). Wall-clock time on a busy
/// machine includes waiting for a core; this gives the throughput per core.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Decodes `set` over and over in 10 rounds of at least 0.2 CPU-seconds each; the best and
/// the median round in M samples per CPU-second. On a shared machine, other tenants slow some
/// rounds down; the best round is the closest to what the code does on a core of its own.
///
/// `reuse`: decode every chunk over the previous one's samples with `decode_xor_at`, as the
/// storage reads a series into a reused buffer; otherwise append to a cleared buffer with
/// `decode_xor_into`, which zero-fills the slots first.
fn per_core(set: &[Vec<u8>], samples: usize, reuse: bool) -> Option<(f64, f64)> {
    let mut out: Vec<FPoint> = Vec::with_capacity(SAMPLES * 2);
    let mut rates = Vec::with_capacity(10);
    for _ in 0..10 {
        let start = thread_cpu_ns()?;
        let mut passes = 0u64;
        let spent = loop {
            for chunk in set {
                if reuse {
                    let _ = decode_xor_at(black_box(chunk), &mut out, 0);
                } else {
                    out.clear();
                    let _ = decode_xor_into(black_box(chunk), &mut out);
                }
                black_box(&out);
            }
            passes += 1;
            let spent = thread_cpu_ns()? - start;
            if spent > 200_000_000 {
                break spent;
            }
        };
        rates.push((passes * samples as u64) as f64 / spent as f64 * 1000.0);
    }
    rates.sort_by(f64::total_cmp);
    Some((*rates.last()?, *rates.get(rates.len() / 2)?))
}

fn benches(c: &mut Criterion) {
    let mut sets = vec![
        ("gauge", chunks(Kind::Gauge, 1)),
        ("counter", chunks(Kind::Counter, 2)),
        ("steady", chunks(Kind::Steady, 3)),
        ("fixtures", fixture_chunks()),
    ];
    if let Some(dir) = std::env::var_os("LOOKOUT_BENCH_TSDB") {
        sets.push((
            "LOOKOUT_BENCH_TSDB",
            segment_chunks(segment_files(Path::new(&dir))),
        ));
    }
    if let Ok(only) = std::env::var("LOOKOUT_BENCH_SETS") {
        sets.retain(|(name, _)| only.split(',').any(|o| o == *name));
    }
    let mut group = c.benchmark_group("xor_decode");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(4));
    for (name, set) in &sets {
        let n = count(set);
        let bytes: usize = set.iter().map(Vec::len).sum();
        println!(
            "{name}: {} chunks, {n} samples, {:.2} bytes/sample",
            set.len(),
            bytes as f64 / n.max(1) as f64
        );
        group.throughput(Throughput::Elements(n as u64));
        let mut out: Vec<FPoint> = Vec::with_capacity(SAMPLES * 2);
        group.bench_function(format!("{name}/into"), |b| {
            b.iter(|| {
                for chunk in set {
                    out.clear();
                    let _ = decode_xor_into(black_box(chunk), &mut out);
                    black_box(&out);
                }
            })
        });
        group.bench_function(format!("{name}/vec"), |b| {
            b.iter(|| {
                for chunk in set {
                    black_box(decode_xor(black_box(chunk)).ok());
                }
            })
        });
    }
    group.finish();
    for (name, set) in &sets {
        for (reuse, what) in [(false, "decode_xor_into"), (true, "decode_xor_at")] {
            if let Some((best, median)) = per_core(set, count(set), reuse) {
                println!(
                    "{name}: {what} {best:.0} M samples per CPU-second (best of 10 rounds; median {median:.0})"
                );
            }
        }
    }
}

criterion_group!(tsdb_benches, benches);
criterion_main!(tsdb_benches);
