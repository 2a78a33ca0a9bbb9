//! [`Queryable`] over a Prometheus data directory: its persisted blocks, merged the way
//! Prometheus's querier merges them (series by label set, samples by time, one sample per
//! timestamp), with deleted ranges (tombstones) left out.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{Queryable, SeriesData, StorageError};
use crate::model::labels::Labels;
use crate::model::matcher::Matcher;
use crate::promql::engine::value::{FPoint, HPoint};
use crate::tsdb::block::{block_dirs, Block, LabelPairs};
use crate::tsdb::index::Index;
use crate::tsdb::tombstones::is_deleted;
use crate::tsdb::{chunkenc, histogram_chunk, Error};

/// The blocks of a data directory, read-only.
pub struct TsdbStorage {
    /// Oldest first, so that a series' samples arrive in time order unless blocks overlap.
    blocks: Vec<Block>,
}

/// One series of one block, decoded.
type Decoded = (LabelPairs, Vec<FPoint>, Vec<HPoint>);

impl TsdbStorage {
    /// Opens every block of `dir` (a data directory or a single block directory).
    pub fn open(dir: &Path) -> Result<TsdbStorage, Error> {
        let mut blocks = block_dirs(dir)?
            .iter()
            .map(|d| Block::open(d))
            .collect::<Result<Vec<_>, _>>()?;
        blocks.sort_by_key(|b| (b.meta.min_time, b.meta.max_time));
        Ok(TsdbStorage { blocks })
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The time range the data covers, `[min, max]` inclusive, or `None` without data.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        let min = self.blocks.iter().map(|b| b.meta.min_time).min()?;
        let max = self.blocks.iter().map(|b| b.meta.max_time - 1).max()?;
        Some((min, max))
    }

    /// The matching series of every block overlapping `[mint, maxt]`, merged by label set.
    fn select_merged(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<SeriesData>, Error> {
        let mut per_block = Vec::new();
        for block in &self.blocks {
            if !block.overlaps(mint, maxt) {
                continue;
            }
            let ids = matching_ids(&block.index, matchers)?;
            per_block.push(decode_series(block, &ids, mint, maxt)?);
        }
        Ok(merge(per_block))
    }
}

/// Decodes the series `ids` of `block` that have samples in `[mint, maxt]`, in label order;
/// large selections are split over the available cores.
fn decode_series(block: &Block, ids: &[u64], mint: i64, maxt: i64) -> Result<Vec<Decoded>, Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Below this a thread costs more than it saves.
    const MIN_PER_THREAD: usize = 512;
    let parts = threads.min(ids.len() / MIN_PER_THREAD).max(1);
    if parts == 1 {
        return decode_range(block, ids, mint, maxt);
    }
    let per = ids.len().div_ceil(parts);
    let results: Vec<Result<Vec<Decoded>, Error>> = std::thread::scope(|s| {
        let handles: Vec<_> = ids
            .chunks(per)
            .map(|part| s.spawn(move || decode_range(block, part, mint, maxt)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::new(
                        &block.dir,
                        None,
                        "series decoding thread failed",
                    ))
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(ids.len());
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

fn decode_range(block: &Block, ids: &[u64], mint: i64, maxt: i64) -> Result<Vec<Decoded>, Error> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let series = block.index.series(id)?;
        let deleted = block.tombstones.intervals(id);
        let mut floats = Vec::new();
        let mut histograms = Vec::new();
        for c in &series.chunks {
            if c.max_time < mint || c.min_time > maxt {
                continue;
            }
            let raw = block.chunks().chunk(c.chunk_ref)?;
            let at = |e| {
                Error::corrupt(
                    &block.chunks().segment_path((c.chunk_ref >> 32) as u32),
                    raw.data_offset,
                    e,
                )
            };
            match raw.encoding {
                2 | 3 => {
                    let hs = histogram_chunk::decode(raw.encoding, raw.data).map_err(at)?;
                    histograms.extend(
                        hs.into_iter()
                            .filter(|(t, _)| !is_deleted(deleted, *t))
                            .map(|(t, h)| HPoint { t, h: Arc::new(h) }),
                    );
                }
                enc => {
                    let fs = chunkenc::decode(enc, raw.data).map_err(at)?;
                    floats.extend(
                        fs.into_iter()
                            .filter(|(t, _)| deleted.is_empty() || !is_deleted(deleted, *t))
                            .map(|(t, f)| FPoint { t, f }),
                    );
                }
            }
        }
        if floats.is_empty() && histograms.is_empty() {
            continue;
        }
        out.push((series.labels, floats, histograms));
    }
    Ok(out)
}

/// Series of several blocks (each list in label order, blocks oldest first) merged into one
/// list in label order: samples of a series concatenated, sorted and deduplicated by
/// timestamp where blocks overlap (the older block's sample wins).
fn merge(per_block: Vec<Vec<Decoded>>) -> Vec<SeriesData> {
    let to_series = |(labels, floats, histograms): Decoded| {
        let mut s = SeriesData::new(Labels::from_pairs(labels));
        s.floats = floats;
        s.histograms = histograms;
        s
    };
    if per_block.len() <= 1 {
        return per_block.into_iter().flatten().map(to_series).collect();
    }
    let mut by_labels: BTreeMap<LabelPairs, (Vec<FPoint>, Vec<HPoint>)> = BTreeMap::new();
    for (labels, floats, histograms) in per_block.into_iter().flatten() {
        let entry = by_labels.entry(labels).or_default();
        entry.0.extend(floats);
        entry.1.extend(histograms);
    }
    by_labels
        .into_iter()
        .map(|(labels, (mut floats, mut histograms))| {
            if floats.windows(2).any(|w| w[0].t >= w[1].t) {
                floats.sort_by_key(|p| p.t); // stable: the older block's sample first
                floats.dedup_by_key(|p| p.t);
            }
            if histograms.windows(2).any(|w| w[0].t >= w[1].t) {
                histograms.sort_by_key(|p| p.t);
                histograms.dedup_by_key(|p| p.t);
            }
            to_series((labels, floats, histograms))
        })
        .collect()
}

/// Series IDs of `index` matching all `matchers`, ascending (= label order), as Prometheus's
/// `PostingsForMatchers`: a matcher that matches the empty string also selects series without
/// the label, so it removes the series whose value it rejects instead of adding those it
/// accepts.
fn matching_ids(index: &Index, matchers: &[Matcher]) -> Result<Vec<u64>, Error> {
    let mut result: Option<Vec<u64>> = None;
    let mut subtract: Vec<Vec<u64>> = Vec::new();
    for m in matchers {
        if m.matches("") {
            let rejected = union_where(index, &m.name, |v| !m.matches(v))?;
            subtract.push(rejected);
        } else {
            let accepted = union_where(index, &m.name, |v| m.matches(v))?;
            result = Some(match result {
                None => accepted,
                Some(r) => intersect(&r, &accepted),
            });
        }
        if result.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
    }
    let mut ids = match result {
        Some(r) => r,
        None => index.all_postings()?,
    };
    for s in subtract {
        if !s.is_empty() {
            ids.retain(|id| s.binary_search(id).is_err());
        }
    }
    Ok(ids)
}

/// The union of the postings of label `name`'s values accepted by `accept`, ascending.
fn union_where(
    index: &Index,
    name: &str,
    accept: impl Fn(&str) -> bool,
) -> Result<Vec<u64>, Error> {
    let values: Vec<&str> = index.label_values(name).filter(|v| accept(v)).collect();
    let mut out = Vec::new();
    for v in &values {
        out.extend(index.postings(name, v)?);
    }
    if values.len() > 1 {
        out.sort_unstable();
        out.dedup();
    }
    Ok(out)
}

fn intersect(a: &[u64], b: &[u64]) -> Vec<u64> {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .copied()
        .filter(|id| large.binary_search(id).is_ok())
        .collect()
}

fn storage_error(e: Error) -> StorageError {
    StorageError::Other(e.to_string())
}

impl Queryable for TsdbStorage {
    fn select(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<Arc<SeriesData>>, StorageError> {
        Ok(self
            .select_merged(matchers, mint, maxt)
            .map_err(storage_error)?
            .into_iter()
            .map(Arc::new)
            .collect())
    }

    fn label_names(&self, matchers: &[Matcher]) -> Result<Vec<String>, StorageError> {
        let mut names = std::collections::BTreeSet::new();
        if matchers.is_empty() {
            for b in &self.blocks {
                names.extend(b.index.label_names().into_iter().map(str::to_string));
            }
        } else {
            for s in self
                .select_merged(matchers, i64::MIN, i64::MAX)
                .map_err(storage_error)?
            {
                names.extend(s.labels.iter().map(|l| l.name.clone()));
            }
        }
        Ok(names.into_iter().collect())
    }

    fn label_values(&self, name: &str, matchers: &[Matcher]) -> Result<Vec<String>, StorageError> {
        let mut values = std::collections::BTreeSet::new();
        if matchers.is_empty() {
            for b in &self.blocks {
                values.extend(b.index.label_values(name).map(str::to_string));
            }
        } else {
            for s in self
                .select_merged(matchers, i64::MIN, i64::MAX)
                .map_err(storage_error)?
            {
                if let Some(v) = s.labels.get(name) {
                    values.insert(v.to_string());
                }
            }
        }
        values.remove("");
        Ok(values.into_iter().collect())
    }
}
