//! What `promtool tsdb analyze` reports about one block: label cardinality, churn, and (with
//! `extended`) how full the chunks are. The numbers and the order of each list follow
//! promtool 2.42; the series selector and the chunk size statistics follow newer promtool
//! (`--match`, `analyzeCompaction` with per-encoding histograms).
//!
//! Churn: a series that covers only part of the block's time range leaves the rest
//! "uncovered"; each label pair (and label name) sums the uncovered milliseconds of its series,
//! and promtool ranks them by that sum in whole block ranges.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use super::block::{block_dirs, Block};
use super::chunkenc::Encoding;
use super::chunks::ChunkReader;
use super::histogram_chunk;
use super::index::{ChunkMeta, Index};
use super::meta::Meta;
use super::{Corrupt, Error, Result};
use crate::model::matcher::Matcher;

/// What to analyze and how much of each list to keep.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Entries kept per list (promtool's `--limit`).
    pub limit: usize,
    /// Also read every chunk (promtool's `--extended`).
    pub extended: bool,
    /// Only the series matching all of these (newer promtool's `--match`).
    pub matchers: Option<&'a [Matcher]>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub ulid: String,
    pub min_time: i64,
    pub max_time: i64,
    /// The series count in meta.json.
    pub num_series: u64,
    /// Series matching the selector, when there is one.
    pub matched_series: Option<u64>,
    pub label_names: u64,
    /// Unique label pairs (promtool's "Postings").
    pub postings: u64,
    /// Label pairs summed over series (promtool's "Postings entries").
    pub postings_entries: u64,
    /// `count` = block ranges not covered by the pair's series, summed.
    pub churn_label_pairs: Ranking,
    pub churn_label_names: Ranking,
    /// `count` = series with the pair.
    pub common_label_pairs: Ranking,
    /// `count` = bytes of the name's values, summed.
    pub label_value_lengths: Ranking,
    /// `count` = distinct values of the name.
    pub label_cardinality: Ranking,
    /// `count` = series of the metric name (entries have `name` only).
    pub metric_cardinality: Ranking,
    pub compaction: Option<Compaction>,
}

/// The first `limit` entries of a list, in promtool's order, and how many there were.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ranking {
    pub total: usize,
    pub top: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// A label name, or a metric name in `metric_cardinality`.
    pub name: String,
    /// The label value, for lists of label pairs.
    pub value: Option<String>,
    pub count: u64,
    /// The exact uncovered time (ms), for the churn lists.
    pub uncovered_ms: Option<u64>,
}

impl Entry {
    /// `name=value` or `name`, as promtool prints the entry.
    pub fn key(&self) -> String {
        match &self.value {
            Some(v) => format!("{}={v}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Chunk statistics of the `extended` analysis.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Compaction {
    /// Every chunk read, whatever its encoding.
    pub chunks: u64,
    /// promtool 2.42's fullness histogram: chunks with up to 12, 24, ... 120 (or more)
    /// samples.
    pub fullness: [u64; 10],
    pub float_chunk_samples: Distribution,
    pub float_chunk_bytes: Distribution,
    pub histogram_chunk_samples: Distribution,
    pub histogram_chunk_bytes: Distribution,
    pub histogram_chunk_buckets: Distribution,
}

/// Newer promtool's `displayHistogram` numbers for one quantity over chunks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Distribution {
    /// Chunks measured; 0 means no data (promtool prints `N/A`).
    pub count: u64,
    pub min: u64,
    /// Integer mean, truncated.
    pub avg: u64,
    pub max: u64,
    /// Width of each bucket (10, 100, ... 100000).
    pub step: u64,
    pub buckets: Vec<Bucket>,
}

/// Chunks with a value in `from..=to`. (Newer promtool labels the same buckets one higher,
/// `[from+1, to+1]`, and adds an always empty last one.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub from: u64,
    pub to: u64,
    pub count: u64,
}

/// The block of `data_dir` to analyze: the one whose ULID is `block_id`, else the newest
/// (the last by minimum time, ties in the order Go's sort leaves them, as promtool 2.42).
/// `data_dir` may also be a block directory itself.
pub fn find_block(data_dir: &Path, block_id: Option<&str>) -> Result<PathBuf> {
    let mut metas = Vec::new();
    for dir in block_dirs(data_dir)? {
        metas.push((Meta::read(&dir.join("meta.json"))?, dir));
    }
    crate::gosort::sort_slice(&mut metas, |a, b| a.0.min_time < b.0.min_time);
    let found = match block_id {
        // promtool compares with the ULID as Go prints it: upper case.
        Some(id) => metas
            .into_iter()
            .find(|(m, _)| m.ulid.to_ascii_uppercase() == id),
        None => metas.pop(),
    };
    match (found, block_id) {
        (Some((_, dir)), _) => Ok(dir),
        (None, Some(id)) => Err(Error::new(data_dir, None, format!("block {id} not found"))),
        (None, None) => Err(Error::new(data_dir, None, "no blocks found")),
    }
}

/// Analyzes `block` like promtool.
pub fn analyze(block: &Block, opts: &Options<'_>) -> Result<Analysis> {
    let index = &block.index;
    let meta = &block.meta;
    let range = meta.max_time.wrapping_sub(meta.min_time);
    let matchers = opts
        .matchers
        .map(|ms| resolve_matchers(index, ms))
        .transpose()?;

    // One pass over the series: uncovered time and series count per pair and per name, and
    // with `extended` the statistics of their chunks.
    let mut pairs: RefMap<PairAcc> = RefMap::default();
    let mut names: Vec<Option<u64>> = vec![None; index.symbols().len()];
    let mut entries = 0u64;
    let mut matched = 0u64;
    let mut stats = opts.extended.then(ChunkStats::default);
    let (mut labels, mut chunks) = (Vec::new(), Vec::new());
    for id in index.all_postings()? {
        index.series_refs(id, &mut labels, &mut chunks)?;
        if let Some(ms) = &matchers {
            if !series_matches(index, ms, &labels) {
                continue;
            }
            matched += 1;
        }
        if let Some(stats) = &mut stats {
            stats.add(block.chunks(), &chunks)?;
        }
        let uncovered = uncovered_ms(range, &chunks);
        for &(n, v) in &labels {
            let acc = pairs.entry(pair_key(n, v)).or_default();
            acc.uncovered = acc.uncovered.wrapping_add(uncovered);
            acc.count += 1;
            if let Some(slot) = names.get_mut(n as usize) {
                *slot = Some(slot.unwrap_or(0).wrapping_add(uncovered));
            }
            entries += 1;
        }
    }

    let sym = |r: u32| index.symbol(r).unwrap_or_default();
    let pair_list = merge_pairs(sym, pairs);
    let limit = opts.limit;

    // Churn, highest first; ties by the exact uncovered time, then by label. The keys are
    // distinct, so the order is total.
    let mut churn_pairs: Vec<(u64, &MergedPair)> = pair_list
        .iter()
        .map(|p| (churn(p.uncovered, range), p))
        .collect();
    churn_pairs.sort_by(|(ka, a), (kb, b)| {
        kb.cmp(ka)
            .then(b.uncovered.cmp(&a.uncovered))
            .then((sym(a.name), sym(a.value)).cmp(&(sym(b.name), sym(b.value))))
    });
    let churn_label_pairs = ranking(&churn_pairs, limit, |&(churn, p)| Entry {
        name: sym(p.name).to_string(),
        value: Some(sym(p.value).to_string()),
        count: churn,
        uncovered_ms: Some(p.uncovered),
    });

    let mut churn_names: Vec<(u64, u64, &str)> = names
        .iter()
        .enumerate()
        .filter_map(|(r, u)| u.map(|u| (churn(u, range), u, sym(r as u32))))
        .collect();
    churn_names.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
    let churn_label_names = ranking(&churn_names, limit, |&(churn, u, n)| Entry {
        name: n.to_string(),
        value: None,
        count: churn,
        uncovered_ms: Some(u),
    });

    let mut common: Vec<&MergedPair> = pair_list.iter().collect();
    common.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then((sym(a.name), sym(a.value)).cmp(&(sym(b.name), sym(b.value))))
    });
    let common_label_pairs = ranking(&common, limit, |p| Entry {
        name: sym(p.name).to_string(),
        value: Some(sym(p.value).to_string()),
        count: p.count,
        uncovered_ms: None,
    });

    // Label values: from the postings table like promtool, or from the matched series.
    let mut values: Vec<(&str, &str, u64)> = Vec::new();
    match &matchers {
        None => {
            for (n, v) in index.label_pairs().filter(|(n, _)| !n.is_empty()) {
                let series = if n == METRIC_NAME {
                    index.postings_count(n, v)?
                } else {
                    0
                };
                values.push((n, v, series));
            }
        }
        Some(_) => {
            for p in &pair_list {
                values.push((sym(p.name), sym(p.value), p.count));
            }
            values.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        }
    }
    let mut lengths: Vec<(&str, u64)> = Vec::new();
    let mut cardinality: Vec<(&str, u64)> = Vec::new();
    for &(n, v, _) in &values {
        match (lengths.last_mut(), cardinality.last_mut()) {
            (Some(l), Some(c)) if l.0 == n => {
                l.1 += v.len() as u64;
                c.1 += 1;
            }
            _ => {
                lengths.push((n, v.len() as u64));
                cardinality.push((n, 1));
            }
        }
    }
    let metrics: Vec<(&str, u64)> = values
        .iter()
        .filter(|(n, _, _)| *n == METRIC_NAME)
        .map(|&(_, v, c)| (v, c))
        .collect();
    let label_names = lengths.len() as u64;

    let matched_series = matchers.as_ref().map(|_| matched);
    let compaction = stats.map(ChunkStats::finish);

    Ok(Analysis {
        ulid: meta.ulid.clone(),
        min_time: meta.min_time,
        max_time: meta.max_time,
        num_series: meta.stats.num_series,
        matched_series,
        label_names,
        postings: pair_list.len() as u64,
        postings_entries: entries,
        churn_label_pairs,
        churn_label_names,
        common_label_pairs,
        label_value_lengths: go_ranking(lengths, limit),
        label_cardinality: go_ranking(cardinality, limit),
        metric_cardinality: go_ranking(metrics, limit),
        compaction,
    })
}

const METRIC_NAME: &str = "__name__";

/// The part of the block's range a series leaves uncovered, with promtool's unsigned
/// wrapping arithmetic. A series without chunks (promtool would crash) covers nothing.
fn uncovered_ms(range: i64, chunks: &[ChunkMeta]) -> u64 {
    let covered = match (chunks.first(), chunks.last()) {
        (Some(first), Some(last)) => last.max_time.wrapping_sub(first.min_time) as u64,
        _ => 0,
    };
    (range as u64).wrapping_sub(covered)
}

/// promtool's churn number: `uint64(float64(uncovered) / float64(range))`.
fn churn(uncovered: u64, range: i64) -> u64 {
    go_f64_to_u64(uncovered as f64 / range as f64)
}

/// Go's float64 → uint64 conversion as compiled for amd64 (out-of-range values and NaN give
/// 1<<63 rather than saturating like Rust's `as`), so a block of zero length prints the same.
fn go_f64_to_u64(x: f64) -> u64 {
    const CUTOFF: f64 = 9_223_372_036_854_775_808.0; // 2^63
                                                     // CVTTSD2SQ: truncation, or the "integer indefinite" value for NaN and out of range.
    let cvt = |x: f64| -> i64 {
        if x.is_nan() || !(-CUTOFF..CUTOFF).contains(&x) {
            i64::MIN
        } else {
            x as i64
        }
    };
    if x < CUTOFF {
        cvt(x) as u64
    } else {
        (cvt(x - CUTOFF) as u64) | (1 << 63)
    }
}

/// `(name, count)` pairs given in name order, sorted by descending count as promtool does
/// (Go's unstable sort, so ties come out in Go's order), cut to `limit`.
fn go_ranking(mut list: Vec<(&str, u64)>, limit: usize) -> Ranking {
    crate::gosort::sort_slice(&mut list, |a, b| a.1 > b.1);
    Ranking {
        total: list.len(),
        top: list
            .into_iter()
            .take(limit)
            .map(|(n, c)| Entry {
                name: n.to_string(),
                value: None,
                count: c,
                uncovered_ms: None,
            })
            .collect(),
    }
}

/// The first `limit` entries of a sorted list.
fn ranking<T>(sorted: &[T], limit: usize, entry: impl Fn(&T) -> Entry) -> Ranking {
    Ranking {
        total: sorted.len(),
        top: sorted.iter().take(limit).map(entry).collect(),
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct PairAcc {
    uncovered: u64,
    count: u64,
}

#[derive(Debug, Clone, Copy)]
struct MergedPair {
    name: u32,
    value: u32,
    uncovered: u64,
    count: u64,
}

fn pair_key(name: u32, value: u32) -> u64 {
    (u64::from(name) << 32) | u64::from(value)
}

/// The label pairs as promtool counts them: keyed by the text `name=value`, so two pairs
/// that print alike (possible only when a name contains `=`) are one.
fn merge_pairs<'s>(sym: impl Fn(u32) -> &'s str, pairs: RefMap<PairAcc>) -> Vec<MergedPair> {
    let mut list: Vec<MergedPair> = pairs
        .into_iter()
        .map(|(k, acc)| MergedPair {
            name: (k >> 32) as u32,
            value: k as u32,
            uncovered: acc.uncovered,
            count: acc.count,
        })
        .collect();
    if !list.iter().any(|p| sym(p.name).contains('=')) {
        return list;
    }
    // Merge into the pair that sorts first, so the result does not depend on hash order.
    list.sort_by(|a, b| (sym(a.name), sym(a.value)).cmp(&(sym(b.name), sym(b.value))));
    let mut merged: Vec<MergedPair> = Vec::with_capacity(list.len());
    let mut by_text: HashMap<String, usize> = HashMap::new();
    for p in list {
        let text = format!("{}={}", sym(p.name), sym(p.value));
        match by_text.get(&text).and_then(|&i| merged.get_mut(i)) {
            Some(m) => {
                m.uncovered = m.uncovered.wrapping_add(p.uncovered);
                m.count += p.count;
            }
            None => {
                by_text.insert(text, merged.len());
                merged.push(p);
            }
        }
    }
    merged
}

/// A matcher with its label name looked up in the symbol table (`None`: no series has it).
struct Resolved<'a> {
    name: Option<u32>,
    matcher: &'a Matcher,
}

fn resolve_matchers<'a>(index: &Index, ms: &'a [Matcher]) -> Result<Vec<Resolved<'a>>> {
    let symbols = index.symbols();
    Ok(ms
        .iter()
        .map(|m| Resolved {
            name: symbols
                .binary_search_by(|s| s.as_str().cmp(&m.name))
                .ok()
                .and_then(|i| u32::try_from(i).ok()),
            matcher: m,
        })
        .collect())
}

/// Prometheus's selector semantics: a missing label matches as the empty value.
fn series_matches(index: &Index, ms: &[Resolved<'_>], labels: &[(u32, u32)]) -> bool {
    ms.iter().all(|m| {
        let value = m
            .name
            .and_then(|n| labels.iter().find(|(ln, _)| *ln == n))
            .and_then(|&(_, v)| index.symbol(v))
            .unwrap_or("");
        m.matcher.matches(value)
    })
}

/// The chunk statistics of the `extended` analysis, gathered series by series.
#[derive(Default)]
struct ChunkStats {
    out: Compaction,
    float_samples: Vec<u64>,
    float_bytes: Vec<u64>,
    hist_samples: Vec<u64>,
    hist_bytes: Vec<u64>,
    hist_buckets: Vec<u64>,
}

impl ChunkStats {
    /// Reads the chunks of one series.
    fn add(&mut self, reader: &ChunkReader, chunks: &[ChunkMeta]) -> Result<()> {
        for c in chunks {
            let raw = reader.chunk(c.chunk_ref)?;
            let err = |e: Corrupt| {
                let path = reader.segment_path((c.chunk_ref >> 32) as u32);
                Error::corrupt(&path, raw.data_offset, e)
            };
            self.out.chunks += 1;
            let Some(kind) = ChunkKind::of(raw.encoding) else {
                // Encodings promtool does not know either: counted, not measured.
                continue;
            };
            let samples = num_samples(kind, raw.data).map_err(err)?;
            let fill = samples.min(120);
            let bucket = fill.div_ceil(12); // ceil(10 * fill / 120)
            if let Some(slot) = self.out.fullness.get_mut(bucket.saturating_sub(1) as usize) {
                *slot += 1;
            }
            let bytes = raw.data.len() as u64;
            match kind {
                ChunkKind::Float => {
                    self.float_samples.push(samples);
                    self.float_bytes.push(bytes);
                }
                ChunkKind::Histogram | ChunkKind::HistogramSt => {
                    self.hist_samples.push(samples);
                    self.hist_bytes.push(bytes);
                    let per_sample = if samples == 0 {
                        0
                    } else {
                        histogram_chunk::layout_bucket_count(raw.data).map_err(err)?
                    };
                    self.hist_buckets.push(per_sample.saturating_mul(samples));
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Compaction {
        Compaction {
            float_chunk_samples: Distribution::of(self.float_samples),
            float_chunk_bytes: Distribution::of(self.float_bytes),
            histogram_chunk_samples: Distribution::of(self.hist_samples),
            histogram_chunk_bytes: Distribution::of(self.hist_bytes),
            histogram_chunk_buckets: Distribution::of(self.hist_buckets),
            ..self.out
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkKind {
    /// XOR (1) and XOR2 (4).
    Float,
    /// Integer (2) and float (3) histograms.
    Histogram,
    /// The same with start timestamps (5, 6): the sample count has 14 bits.
    HistogramSt,
}

impl ChunkKind {
    fn of(encoding: u8) -> Option<ChunkKind> {
        match Encoding::from_byte(encoding) {
            Encoding::Xor | Encoding::Xor2 => Some(ChunkKind::Float),
            Encoding::Histogram | Encoding::FloatHistogram => Some(ChunkKind::Histogram),
            Encoding::HistogramSt | Encoding::FloatHistogramSt => Some(ChunkKind::HistogramSt),
            Encoding::Other(_) => None,
        }
    }
}

/// The sample count at the start of every chunk.
fn num_samples(kind: ChunkKind, data: &[u8]) -> std::result::Result<u64, Corrupt> {
    let [a, b, ..] = *data else {
        return Err(Corrupt::new(0, "chunk too short for its sample count"));
    };
    let n = u16::from_be_bytes([a, b]);
    Ok(u64::from(match kind {
        ChunkKind::HistogramSt => n & 0x3fff,
        _ => n,
    }))
}

/// The most buckets a [`Distribution`] has (promtool's steps give about ten).
const MAX_BUCKETS: u64 = 1000;

impl Distribution {
    /// Newer promtool's `displayHistogram` bucketing: steps of 10, 100, ... (at most 100000)
    /// so that about ten buckets span min..=max, aligned to multiples of the step.
    fn of(mut values: Vec<u64>) -> Distribution {
        values.sort_unstable();
        let (Some(&min), Some(&max)) = (values.first(), values.last()) else {
            return Distribution::default();
        };
        let spread = (max - min) / 10;
        let mut step = 10u64;
        while step < spread && step <= 10_000 {
            step *= 10;
        }
        // promtool allocates whatever the spread asks for; values from corrupt data could ask
        // for billions of buckets, so coarser steps keep the count bounded.
        let span = |step: u64| max / step - min / step + 1;
        while span(step) > MAX_BUCKETS {
            step = step.saturating_mul(10);
        }
        let start = min - min % step;
        let mut buckets: Vec<Bucket> = (0..span(step))
            .map(|i| {
                let from = start.saturating_add(i.saturating_mul(step));
                Bucket {
                    from,
                    to: from.saturating_add(step - 1),
                    count: 0,
                }
            })
            .collect();
        let mut sum = 0u64;
        for &v in &values {
            sum = sum.wrapping_add(v);
            if let Some(b) = buckets.get_mut(((v - start) / step) as usize) {
                b.count += 1;
            }
        }
        let count = values.len() as u64;
        Distribution {
            count,
            min,
            avg: sum / count,
            max,
            step,
            buckets,
        }
    }
}

/// Hash maps keyed by symbol-ordinal pairs: a multiplicative hash is plenty for them and
/// much cheaper than SipHash over every label of every series.
type RefMap<V> = HashMap<u64, V, BuildHasherDefault<RefHasher>>;

#[derive(Default)]
struct RefHasher(u64);

impl Hasher for RefHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_float_conversion() {
        assert_eq!(go_f64_to_u64(0.0), 0);
        assert_eq!(go_f64_to_u64(2.9), 2);
        assert_eq!(go_f64_to_u64(1e19), 10_000_000_000_000_000_000);
        assert_eq!(go_f64_to_u64(f64::NAN), 1 << 63);
        assert_eq!(go_f64_to_u64(f64::INFINITY), 1 << 63);
        assert_eq!(churn(0, 0), 1 << 63);
        assert_eq!(churn(7_000, 2_000), 3);
    }

    #[test]
    fn uncovered_time_wraps_like_go() {
        let c = |min_time, max_time| ChunkMeta {
            min_time,
            max_time,
            chunk_ref: 8,
        };
        assert_eq!(uncovered_ms(100, &[c(10, 20), c(30, 59)]), 51);
        assert_eq!(uncovered_ms(100, &[]), 100);
        // A chunk reaching past the block (corrupt) wraps instead of failing.
        assert_eq!(uncovered_ms(10, &[c(0, 11)]), u64::MAX);
    }

    #[test]
    fn distribution_buckets_like_promtool() {
        let d = Distribution::of(vec![120, 120, 37, 120, 119]);
        assert_eq!(
            (d.count, d.min, d.avg, d.max, d.step),
            (5, 37, 103, 120, 10)
        );
        let b: Vec<_> = d.buckets.iter().map(|b| (b.from, b.to, b.count)).collect();
        assert_eq!(b.len(), 10);
        assert_eq!(b.first(), Some(&(30, 39, 1)));
        assert_eq!(b.get(8), Some(&(110, 119, 1)));
        assert_eq!(b.last(), Some(&(120, 129, 3)));
        let d = Distribution::of(vec![5, 2000]);
        assert_eq!((d.step, d.buckets.len()), (1000, 3));
        assert_eq!(
            d.buckets.last().map(|b| (b.from, b.to, b.count)),
            Some((2000, 2999, 1))
        );
        assert_eq!(Distribution::of(Vec::new()), Distribution::default());
    }

    #[test]
    fn distribution_of_huge_values_stays_small() {
        // Values from corrupt chunks: no overflow, and no billions of buckets.
        for values in [
            vec![0, u64::MAX],
            vec![u64::MAX],
            vec![3, 1 << 40, u64::MAX - 1],
        ] {
            let d = Distribution::of(values.clone());
            assert!(d.buckets.len() as u64 <= MAX_BUCKETS, "{values:?}");
            assert_eq!(
                d.buckets.iter().map(|b| b.count).sum::<u64>(),
                values.len() as u64
            );
            assert_eq!(d.max, *values.last().unwrap());
            assert!(d.buckets.last().unwrap().to >= d.max);
        }
    }

    #[test]
    fn huge_span_lengths_are_corrupt() {
        use crate::tsdb::chunkenc::testenc::BitWriter;
        // 3 samples; zero threshold 0; schema 0; four positive spans of 2^32-1 buckets each
        // (their sum was once taken unbounded), no negative spans, and a few bytes of samples.
        let mut w = BitWriter::default();
        w.bits(3, 16);
        w.bits(0, 8);
        w.bits(0, 8);
        w.varbit_int(0);
        w.varbit_uint(4);
        for _ in 0..4 {
            w.varbit_uint(u64::from(u32::MAX));
            w.varbit_int(0);
        }
        w.varbit_uint(0);
        w.bits(0, 64);
        let e = histogram_chunk::layout_bucket_count(&w.b).unwrap_err();
        assert!(e.message.contains("ends early"), "{e:?}");
    }

    #[test]
    fn histogram_layout() {
        // 3 samples, flags; zero threshold byte 116; schema 0 ("0"); 1 positive span
        // ("10" + 001) of length 4 ("10" + 100) at offset 0 ("0"); no negative spans ("0").
        // Bits after the header: 01110100 | 0 10001 10100 0 0 ..., then the first sample
        // (whose 4 buckets need at least 4 bits: a layout's buckets must fit in the chunk).
        let data = [0, 3, 0x40, 116, 0b0100_0110, 0b1000_0000, 0];
        assert_eq!(histogram_chunk::layout_bucket_count(&data), Ok(4));
        assert!(histogram_chunk::layout_bucket_count(&data[..6]).is_err());
        assert!(histogram_chunk::layout_bucket_count(&data[..4]).is_err());
        assert_eq!(num_samples(ChunkKind::Histogram, &data), Ok(3));
        assert_eq!(num_samples(ChunkKind::HistogramSt, &[0xc0, 5]), Ok(5));
        assert!(num_samples(ChunkKind::Float, &[1]).is_err());
    }

    fn fixture(dir: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/tsdb")
            .join(dir)
    }

    fn run(dir: &str, block: Option<&str>, opts: &Options<'_>) -> Analysis {
        let dir = find_block(&fixture(dir), block).unwrap();
        analyze(&Block::open(&dir).unwrap(), opts).unwrap()
    }

    const ALL: Options<'static> = Options {
        limit: 3,
        extended: false,
        matchers: None,
    };

    fn keys(r: &Ranking) -> Vec<(String, u64)> {
        r.top.iter().map(|e| (e.key(), e.count)).collect()
    }

    #[test]
    fn finds_the_newest_block_or_the_named_one() {
        let basic = fixture("blocks/basic");
        let newest = find_block(&basic, None).unwrap();
        assert!(newest.ends_with("01M80AS4DC4GS3E9X1ZH4PN9J6"));
        let first = find_block(&basic, Some("01M80AS4AXF3MC6HP466J61CM4")).unwrap();
        assert!(first.ends_with("01M80AS4AXF3MC6HP466J61CM4"));
        let e = find_block(&basic, Some("01M80AS4AXF3MC6HP466J61CM5")).unwrap_err();
        assert!(e
            .to_string()
            .ends_with("basic: block 01M80AS4AXF3MC6HP466J61CM5 not found"));
        // promtool compares with the upper-case ULID.
        assert!(find_block(&basic, Some("01m80as4axf3mc6hp466j61cm4")).is_err());
        // A block directory stands for itself.
        assert_eq!(find_block(&first, None).unwrap(), first);
        let empty = tempfile::tempdir().unwrap();
        let e = find_block(empty.path(), None).unwrap_err();
        assert!(e.to_string().ends_with(": no blocks found"), "{e}");
    }

    #[test]
    fn analysis_of_a_small_block() {
        let a = run("blocks/basic", None, &ALL);
        assert_eq!(a.ulid, "01M80AS4DC4GS3E9X1ZH4PN9J6");
        assert_eq!(
            (a.num_series, a.label_names, a.postings, a.postings_entries),
            (32, 40, 73, 199)
        );
        assert_eq!(a.matched_series, None);
        // The block spans 4395001 ms and batch_job_progress 3000000 of them.
        let top = a.churn_label_pairs.top.first().unwrap();
        assert_eq!(
            (top.key(), top.count, top.uncovered_ms),
            ("__name__=batch_job_progress".into(), 0, Some(1_395_001))
        );
        assert_eq!(a.churn_label_pairs.total, 73);
        assert_eq!(
            keys(&a.common_label_pairs),
            [
                ("handler=/api".into(), 14),
                ("__name__=http_request_duration_seconds_bucket".into(), 12),
                ("service=auth".into(), 5)
            ]
        );
        assert_eq!(
            keys(&a.label_value_lengths),
            [
                ("__name__".into(), 264),
                ("le".into(), 39),
                ("l29".into(), 16)
            ]
        );
        assert_eq!(
            keys(&a.label_cardinality),
            [
                ("__name__".into(), 12),
                ("le".into(), 12),
                ("l29".into(), 4)
            ]
        );
        assert_eq!(a.metric_cardinality.total, 12);
        assert_eq!(a.metric_cardinality.top.first().map(|e| e.count), Some(12));
        assert!(a.compaction.is_none());
    }

    #[test]
    fn churn_in_whole_block_ranges() {
        let a = run("analyze/churn", None, &ALL);
        assert_eq!(
            keys(&a.churn_label_names),
            [
                ("__name__".into(), 231),
                ("id".into(), 231),
                ("l_000".into(), 7)
            ]
        );
        // Ties by count are broken by the exact time, then by label.
        let c: Vec<(u64, u64)> = a
            .churn_label_pairs
            .top
            .iter()
            .map(|e| (e.count, e.uncovered_ms.unwrap()))
            .collect();
        assert!(c.windows(2).all(|w| w[0] >= w[1]), "{c:?}");
        assert_eq!(
            keys(&a.churn_label_pairs).first(),
            Some(&("__name__=m_000".into(), 9))
        );
    }

    #[test]
    fn matchers_restrict_the_series() {
        let ms =
            crate::promql::parse_metric_selector(r#"http_requests_total{method="GET"}"#).unwrap();
        let opts = Options {
            limit: 10,
            extended: true,
            matchers: Some(&ms),
        };
        let a = run("blocks/basic", None, &opts);
        assert_eq!(a.matched_series, Some(2));
        assert_eq!((a.label_names, a.postings, a.postings_entries), (3, 4, 6));
        assert_eq!(
            keys(&a.label_cardinality),
            [
                ("code".into(), 2),
                ("__name__".into(), 1),
                ("method".into(), 1)
            ]
        );
        assert_eq!(
            keys(&a.metric_cardinality),
            [("http_requests_total".into(), 2)]
        );
        assert_eq!(a.compaction.map(|c| c.float_chunk_samples.count), Some(2));
        // A matcher on a label no series has: `=""` matches every series.
        let ms = crate::promql::parse_metric_selector(r#"{nope=""}"#).unwrap();
        let opts = Options {
            limit: 1,
            extended: false,
            matchers: Some(&ms),
        };
        assert_eq!(run("blocks/basic", None, &opts).matched_series, Some(32));
    }

    #[test]
    fn chunk_statistics() {
        let opts = Options {
            limit: 1,
            extended: true,
            matchers: None,
        };
        let c = run("analyze/native_hist", None, &opts).compaction.unwrap();
        assert_eq!(c.chunks, 4);
        // promtool 2.42: one chunk at 50% (51 samples), three at 90% (107 samples).
        assert_eq!(c.fullness, [0, 0, 0, 0, 1, 0, 0, 0, 3, 0]);
        assert_eq!(
            (
                c.float_chunk_samples.count,
                c.float_chunk_samples.min,
                c.float_chunk_samples.max
            ),
            (3, 51, 107)
        );
        assert_eq!(c.histogram_chunk_samples.count, 1);
        // 107 samples of a 6-bucket layout.
        assert_eq!(c.histogram_chunk_buckets.min, 642);
    }

    #[test]
    fn pairs_that_print_alike_count_once() {
        // Symbols: "a", "a=b", "b=c", "c", "d".
        let symbols = ["a", "a=b", "b=c", "c", "d"];
        let sym = |r: u32| symbols.get(r as usize).copied().unwrap_or_default();
        let mut pairs: RefMap<PairAcc> = RefMap::default();
        pairs.insert(
            pair_key(1, 3),
            PairAcc {
                uncovered: 5,
                count: 1,
            },
        ); // a=b=c
        pairs.insert(
            pair_key(0, 2),
            PairAcc {
                uncovered: 7,
                count: 2,
            },
        ); // a=b=c
        pairs.insert(
            pair_key(0, 4),
            PairAcc {
                uncovered: 1,
                count: 1,
            },
        ); // a=d
        let mut merged = merge_pairs(sym, pairs);
        merged.sort_by_key(|p| p.count);
        let got: Vec<_> = merged
            .iter()
            .map(|p| (sym(p.name), sym(p.value), p.uncovered, p.count))
            .collect();
        assert_eq!(got, [("a", "d", 1, 1), ("a", "b=c", 12, 3)]);
    }
}
