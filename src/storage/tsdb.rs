//! [`Queryable`] over a Prometheus data directory: its persisted blocks, merged the way
//! Prometheus's querier merges them (series by label set, samples by time, one sample per
//! timestamp), with deleted ranges (tombstones) left out.

use std::path::Path;
use std::sync::Arc;

use super::{Queryable, SeriesData, SeriesSet, StorageError};
use crate::model::labels::Labels;
use crate::model::matcher::Matcher;
use crate::promql::engine::value::{FPoint, HPoint};
use crate::tsdb::block::{block_dirs, Block, LabelPairs};
use crate::tsdb::chunks::RawChunk;
use crate::tsdb::head::{Head, HeadSeries};
use crate::tsdb::index::Index;
use crate::tsdb::tombstones::is_deleted;
use crate::tsdb::{chunkenc, histogram_chunk, Error};

/// The blocks of a data directory and its head (`wal/`, `chunks_head/`), read-only. Clones
/// share them (lazy selections keep one).
#[derive(Clone)]
pub struct TsdbStorage {
    /// Oldest first, so that a series' samples arrive in time order unless blocks overlap.
    blocks: Arc<Vec<Block>>,
    head: Option<Arc<Head>>,
}

impl TsdbStorage {
    /// Opens every block of `dir` (a data directory or a single block directory) and
    /// replays its head when it has a `wal/`, as Prometheus's read-only open does: head
    /// samples older than the newest block's end are left to the blocks.
    pub fn open(dir: &Path) -> Result<TsdbStorage, Error> {
        TsdbStorage::open_with_head_if(dir, |_| true)
    }

    /// [`TsdbStorage::open`], replaying the head only when `want_head(newest block's end)`
    /// (promtool's dump skips the head when its time range ends before that).
    pub fn open_with_head_if(
        dir: &Path,
        want_head: impl FnOnce(i64) -> bool,
    ) -> Result<TsdbStorage, Error> {
        let mut blocks = block_dirs(dir)?
            .iter()
            .map(|d| Block::open(d))
            .collect::<Result<Vec<_>, _>>()?;
        blocks.sort_by_key(|b| (b.meta.min_time, b.meta.max_time));
        // As Prometheus's `loadDataAsQueryable`: the head starts where the last block (by
        // min time) ends; older WAL samples are already in blocks.
        let min_valid_time = blocks.last().map_or(i64::MIN, |b| b.meta.max_time);
        let head = if want_head(min_valid_time) {
            Head::open(dir, min_valid_time)?.map(Arc::new)
        } else {
            None
        };
        Ok(TsdbStorage {
            blocks: Arc::new(blocks),
            head,
        })
    }

    /// Problems replaying the head that did not stop it (a torn WAL tail, say): the data
    /// before each was used.
    pub fn warnings(&self) -> &[Error] {
        self.head.as_ref().map_or(&[], |h| h.warnings.as_slice())
    }

    /// The time range the data covers, `[min, max]` inclusive, or `None` without data.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        let blocks = self
            .blocks
            .iter()
            .map(|b| (b.meta.min_time, b.meta.max_time - 1));
        let head = self
            .head
            .iter()
            .filter(|h| h.min_time <= h.max_time)
            .map(|h| (h.min_time, h.max_time));
        blocks
            .chain(head)
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
    }

    /// Label names of the blocks overlapping `[mint, maxt]` and of the head when it does, as
    /// Prometheus answers `/labels` without matchers (from the indexes, not the series).
    pub fn label_names_between(&self, mint: i64, maxt: i64) -> Vec<String> {
        let mut names = std::collections::BTreeSet::new();
        for b in self.blocks.iter().filter(|b| b.overlaps(mint, maxt)) {
            names.extend(b.index.label_names().into_iter().map(str::to_string));
        }
        for hs in self.head_series_between(mint, maxt) {
            names.extend(hs.labels.iter().map(|(n, _)| n.clone()));
        }
        names.into_iter().collect()
    }

    /// Non-empty values of label `name` in the blocks overlapping `[mint, maxt]` and the
    /// head when it does (`/label/NAME/values` without matchers).
    pub fn label_values_between(&self, name: &str, mint: i64, maxt: i64) -> Vec<String> {
        let mut values = std::collections::BTreeSet::new();
        for b in self.blocks.iter().filter(|b| b.overlaps(mint, maxt)) {
            values.extend(b.index.label_values(name).map(str::to_string));
        }
        for hs in self.head_series_between(mint, maxt) {
            values.extend(
                hs.labels
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| v.clone()),
            );
        }
        values.remove("");
        values.into_iter().collect()
    }

    /// The head's series when the head's time range overlaps `[mint, maxt]`.
    fn head_series_between(&self, mint: i64, maxt: i64) -> impl Iterator<Item = &HeadSeries> {
        self.head
            .iter()
            .filter(move |h| h.min_time <= maxt && mint <= h.max_time)
            .flat_map(|h| &h.series)
    }

    /// The label sets of the series matching `matchers` with data in `[mint, maxt]` (judged
    /// by chunk time ranges), sorted; nothing is decoded.
    pub fn series_labels(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<Labels>, Error> {
        Ok(self
            .select_sources(matchers, mint, maxt)?
            .into_iter()
            .map(|(labels, _)| Labels::from_pairs(labels))
            .collect())
    }

    /// The matching series of every block overlapping `[mint, maxt]`, merged by label set:
    /// first the series entries (labels and chunk references) of every block, joined by
    /// label set, then the chunks of each joined series decoded straight into its final
    /// vectors, split over the available cores.
    fn select_merged(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<SeriesData>, Error> {
        let sources = self.select_sources(matchers, mint, maxt)?;
        self.decode_all(sources)
    }

    /// Where the samples of every matching series are: block chunks overlapping
    /// `[mint, maxt]` and the head, joined by label set.
    fn select_sources(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<(LabelPairs, Sources)>, Error> {
        let mut per_block: Vec<Vec<(LabelPairs, ChunkList)>> = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            if !block.overlaps(mint, maxt) {
                continue;
            }
            let mut entries = Vec::new();
            for id in matching_ids(&block.index, matchers)? {
                let series = block.index.series(id)?;
                let chunks: ChunkList = series
                    .chunks
                    .iter()
                    .filter(|c| c.max_time >= mint && c.min_time <= maxt)
                    .map(|c| BlockChunk {
                        block: b,
                        series: id,
                        chunk_ref: c.chunk_ref,
                    })
                    .collect();
                if !chunks.is_empty() {
                    entries.push((series.labels, chunks));
                }
            }
            per_block.push(entries);
        }
        let mut joined = join_by_labels(per_block);
        if let Some(head) = &self.head {
            self.join_head(head, &mut joined, matchers, mint, maxt);
        }
        Ok(joined)
    }

    /// Adds the head's matching series with samples in `[mint, maxt]` to `joined`; both
    /// lists are in label order, so one merge pass joins them.
    fn join_head(
        &self,
        head: &Head,
        joined: &mut Vec<(LabelPairs, Sources)>,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) {
        fn any_in<T>(points: &[(i64, T)], mint: i64, maxt: i64) -> bool {
            let i = points.partition_point(|p| p.0 < mint);
            points.get(i).is_some_and(|p| p.0 <= maxt)
        }
        let mut from_head = head
            .series
            .iter()
            .enumerate()
            .filter(|(_, hs)| {
                matches_all(matchers, &hs.labels)
                    && (any_in(&hs.floats, mint, maxt) || any_in(&hs.histograms, mint, maxt))
            })
            .peekable();
        if from_head.peek().is_none() {
            return;
        }
        let blocks = std::mem::take(joined);
        let mut blocks = blocks.into_iter().peekable();
        loop {
            let take_head = match (blocks.peek(), from_head.peek()) {
                (Some((bl, _)), Some((_, hs))) => match bl.cmp(&hs.labels) {
                    std::cmp::Ordering::Less => false,
                    std::cmp::Ordering::Greater => true,
                    std::cmp::Ordering::Equal => {
                        if let (Some((labels, mut sources)), Some((i, _))) =
                            (blocks.next(), from_head.next())
                        {
                            sources.head = Some(i);
                            joined.push((labels, sources));
                        }
                        continue;
                    }
                },
                (Some(_), None) => false,
                (None, Some(_)) => true,
                (None, None) => break,
            };
            if take_head {
                if let Some((i, hs)) = from_head.next() {
                    let sources = Sources {
                        chunks: Vec::new(),
                        head: Some(i),
                    };
                    joined.push((hs.labels.clone(), sources));
                }
            } else if let Some(b) = blocks.next() {
                joined.push(b);
            }
        }
    }

    /// Decodes every series' chunks; large selections are split over the available cores
    /// in parts of about equal chunk counts.
    fn decode_all(&self, series: Vec<(LabelPairs, Sources)>) -> Result<Vec<SeriesData>, Error> {
        // The chunks are looked up (and their CRCs checked) and every series' float vector
        // is allocated here, on the main thread: glibc's per-thread arenas grow by one
        // mprotect call per allocation, which cost more than the decoding they serve.
        let mut work = Vec::with_capacity(series.len());
        for (labels, sources) in &series {
            let found = self.find_chunks(sources)?;
            let floats = Vec::with_capacity(found.float_samples);
            work.push((labels, found, floats));
        }
        let decode = |(labels, found, mut floats): (&LabelPairs, Found<'_>, Vec<FPoint>)| {
            let mut histograms = Vec::new();
            self.decode_into(found, &mut floats, &mut histograms)?;
            let mut s = SeriesData::new(Labels::from_pairs(labels.iter().cloned()));
            s.floats = floats;
            s.histograms = histograms;
            Ok(s)
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let total: usize = work.iter().map(|w| w.1.raws.len() + 1).sum();
        // Below this many chunks a thread costs more than it saves.
        const MIN_CHUNKS_PER_THREAD: usize = 2048;
        let parts = threads.min(total / MIN_CHUNKS_PER_THREAD).max(1);
        if parts == 1 {
            return work.into_iter().map(decode).collect();
        }
        let per = total.div_ceil(parts);
        let mut groups = Vec::with_capacity(parts);
        let mut current = Vec::new();
        let mut in_current = 0;
        for w in work {
            in_current += w.1.raws.len() + 1;
            current.push(w);
            if in_current >= per {
                groups.push(std::mem::take(&mut current));
                in_current = 0;
            }
        }
        if !current.is_empty() {
            groups.push(current);
        }
        let results: Vec<Result<Vec<SeriesData>, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = groups
                .into_iter()
                .map(|group| {
                    scope
                        .spawn(move || group.into_iter().map(decode).collect::<Result<Vec<_>, _>>())
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::new(Path::new("."), None, "decoding thread failed"))
                    })
                })
                .collect()
        });
        let mut out = Vec::new();
        for r in results {
            out.extend(r?);
        }
        Ok(out)
    }

    /// A series' raw chunks (their CRCs checked) and its head series.
    fn find_chunks(&self, sources: &Sources) -> Result<Found<'_>, Error> {
        let mut raws = Vec::with_capacity(sources.chunks.len());
        let mut float_samples = 0;
        for &c in &sources.chunks {
            let block = self.blocks.get(c.block).ok_or_else(|| {
                Error::new(Path::new("."), None, "internal: chunk of an unknown block")
            })?;
            let raw = block.chunks().chunk(c.chunk_ref)?;
            if raw.encoding == 1 {
                // An XOR chunk starts with its sample count.
                float_samples += raw
                    .data
                    .get(..2)
                    .map_or(0, |b| usize::from(u16::from_be_bytes([b[0], b[1]])));
            }
            raws.push((block, c, raw));
        }
        let head = sources
            .head
            .and_then(|i| self.head.as_deref()?.series.get(i));
        float_samples += head.map_or(0, |h| h.floats.len());
        Ok(Found {
            raws,
            head,
            float_samples,
        })
    }

    /// One series from its chunks (blocks oldest first), appended to `floats` and
    /// `histograms` (expected empty): floats and histograms in time order, one sample per
    /// timestamp (the older block's where blocks overlap), deleted ranges left out.
    fn decode_into(
        &self,
        found: Found<'_>,
        floats: &mut Vec<FPoint>,
        histograms: &mut Vec<HPoint>,
    ) -> Result<(), Error> {
        let Found { raws, head, .. } = found;
        let mut sorted = true;
        for (block, c, raw) in raws {
            let at = |e| {
                Error::corrupt(
                    &block.chunks().segment_path((c.chunk_ref >> 32) as u32),
                    raw.data_offset,
                    e,
                )
            };
            let deleted = block.tombstones.intervals(c.series);
            match raw.encoding {
                1 => {
                    let start = floats.len();
                    chunkenc::decode_xor_into(raw.data, floats).map_err(at)?;
                    if !deleted.is_empty() {
                        let mut i = 0;
                        floats.retain(|p| {
                            i += 1;
                            i <= start || !is_deleted(deleted, p.t)
                        });
                    }
                    sorted &= start == 0
                        || floats
                            .get(start)
                            .zip(floats.get(start - 1))
                            .is_none_or(|(a, b)| a.t > b.t);
                }
                2 | 3 => {
                    let start = histograms.len();
                    let hs = histogram_chunk::decode(raw.encoding, raw.data).map_err(at)?;
                    histograms.extend(
                        hs.into_iter()
                            .filter(|(t, _)| !is_deleted(deleted, *t))
                            .map(|(t, h)| HPoint { t, h: Arc::new(h) }),
                    );
                    sorted &= start == 0
                        || histograms
                            .get(start)
                            .zip(histograms.get(start - 1))
                            .is_none_or(|(a, b)| a.t > b.t);
                }
                enc => {
                    return Err(at(crate::tsdb::Corrupt::new(
                        0,
                        format!("unknown chunk encoding {enc}"),
                    )))
                }
            }
        }
        if let Some(hs) = head {
            let (f0, h0) = (floats.len(), histograms.len());
            floats.extend(hs.floats.iter().map(|&(t, f)| FPoint { t, f }));
            histograms.extend(hs.histograms.iter().map(|(t, h)| HPoint {
                t: *t,
                h: Arc::new(h.clone()),
            }));
            sorted &= f0 == 0 || floats.get(f0).is_none_or(|p| p.t > floats[f0 - 1].t);
            sorted &= h0 == 0
                || histograms
                    .get(h0)
                    .is_none_or(|p| p.t > histograms[h0 - 1].t);
        }
        if !sorted {
            floats.sort_by_key(|p| p.t); // stable: the older block's sample first
            floats.dedup_by_key(|p| p.t);
            histograms.sort_by_key(|p| p.t);
            histograms.dedup_by_key(|p| p.t);
        }
        Ok(())
    }
}

/// A series ready to decode: its chunks found.
struct Found<'a> {
    raws: Vec<(&'a Block, BlockChunk, RawChunk<'a>)>,
    head: Option<&'a HeadSeries>,
    /// How many float samples its XOR chunks and head hold.
    float_samples: usize,
}

/// A selection whose samples are decoded when [`SeriesSet::load`] asks for them.
struct LazySelection {
    storage: TsdbStorage,
    series: Vec<(Labels, Sources)>,
}

impl SeriesSet for LazySelection {
    fn len(&self) -> usize {
        self.series.len()
    }

    fn labels(&self, i: usize) -> &Labels {
        &self.series[i].0
    }

    fn load(&self, i: usize, out: &mut SeriesData) -> Result<(), StorageError> {
        let sources = &self.series[i].1;
        let found = self.storage.find_chunks(sources).map_err(storage_error)?;
        out.floats.clear();
        out.histograms.clear();
        out.float_sts.clear();
        out.histogram_sts.clear();
        out.floats.reserve(found.float_samples);
        self.storage
            .decode_into(found, &mut out.floats, &mut out.histograms)
            .map_err(storage_error)
    }
}

/// A chunk to read: which block, which series of it (for tombstones), where.
#[derive(Clone, Copy)]
struct BlockChunk {
    block: usize,
    series: u64,
    chunk_ref: u64,
}

type ChunkList = Vec<BlockChunk>;

/// Where a series' samples are: chunks of blocks (oldest block first) and the head.
#[derive(Default)]
struct Sources {
    chunks: ChunkList,
    /// Index into the head's series.
    head: Option<usize>,
}

/// Series lists of several blocks (each in label order, blocks oldest first) joined into one
/// list in label order, each series with its chunks of all blocks, oldest block first: the
/// lists merged pairwise, as sorted lists merge, in one pass each.
fn join_by_labels(per_block: Vec<Vec<(LabelPairs, ChunkList)>>) -> Vec<(LabelPairs, Sources)> {
    let mut lists = per_block.into_iter();
    let mut joined = lists.next().unwrap_or_default();
    for newer in lists {
        let mut merged = Vec::with_capacity(joined.len().max(newer.len()));
        let mut older = joined.into_iter().peekable();
        let mut newer = newer.into_iter().peekable();
        loop {
            let order = match (older.peek(), newer.peek()) {
                (Some((a, _)), Some((b, _))) => a.cmp(b),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => break,
            };
            match order {
                std::cmp::Ordering::Less => merged.extend(older.next()),
                std::cmp::Ordering::Greater => merged.extend(newer.next()),
                std::cmp::Ordering::Equal => {
                    if let (Some((labels, mut chunks)), Some((_, more))) =
                        (older.next(), newer.next())
                    {
                        chunks.extend(more);
                        merged.push((labels, chunks));
                    }
                }
            }
        }
        joined = merged;
    }
    joined
        .into_iter()
        .map(|(labels, chunks)| (labels, Sources { chunks, head: None }))
        .collect()
}

/// Whether a label set matches all `matchers`; a missing label matches as the empty value,
/// as in Prometheus.
pub fn matches_all(matchers: &[Matcher], labels: &LabelPairs) -> bool {
    matchers.iter().all(|m| {
        let v = labels
            .iter()
            .find(|(n, _)| *n == m.name)
            .map_or("", |(_, v)| v.as_str());
        m.matches(v)
    })
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

impl TsdbStorage {
    /// The series matching `matchers` with samples in `[mint, maxt]`, their samples decoded
    /// when [`SeriesSet::load`] asks for them.
    pub fn select_set(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Arc<dyn SeriesSet>, StorageError> {
        let series = self
            .select_sources(matchers, mint, maxt)
            .map_err(storage_error)?
            .into_iter()
            .map(|(labels, sources)| (Labels::from_pairs(labels), sources))
            .collect();
        Ok(Arc::new(LazySelection {
            storage: self.clone(),
            series,
        }))
    }
}

impl Queryable for TsdbStorage {
    fn select_lazy(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Option<Arc<dyn SeriesSet>>, StorageError> {
        self.select_set(matchers, mint, maxt).map(Some)
    }

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
        if matchers.is_empty() {
            return Ok(self.label_names_between(i64::MIN, i64::MAX));
        }
        let mut names = std::collections::BTreeSet::new();
        for l in self
            .series_labels(matchers, i64::MIN, i64::MAX)
            .map_err(storage_error)?
        {
            names.extend(l.iter().map(|l| l.name.clone()));
        }
        Ok(names.into_iter().collect())
    }

    fn label_values(&self, name: &str, matchers: &[Matcher]) -> Result<Vec<String>, StorageError> {
        if matchers.is_empty() {
            return Ok(self.label_values_between(name, i64::MIN, i64::MAX));
        }
        let mut values = std::collections::BTreeSet::new();
        for l in self
            .series_labels(matchers, i64::MIN, i64::MAX)
            .map_err(storage_error)?
        {
            if let Some(v) = l.get(name) {
                values.insert(v.to_string());
            }
        }
        values.remove("");
        Ok(values.into_iter().collect())
    }
}
