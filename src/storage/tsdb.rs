//! [`Queryable`] over a Prometheus data directory: its persisted blocks, merged the way
//! Prometheus's querier merges them (series by label set, samples by time, one sample per
//! timestamp), with deleted ranges (tombstones) left out.

use std::path::Path;
use std::sync::{Arc, OnceLock};

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
        let selection = self.select_sources(matchers, mint, maxt)?;
        Ok((0..selection.series.len())
            .map(|i| self.labels_of(&selection, i))
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
        let selection = self.select_sources(matchers, mint, maxt)?;
        self.decode_all(&selection)
    }

    /// Where the samples of every matching series are: block chunks overlapping
    /// `[mint, maxt]` and the head, joined by label set, in label order.
    fn select_sources(
        &self,
        matchers: &[Matcher],
        mint: i64,
        maxt: i64,
    ) -> Result<Selection, Error> {
        let mut matching = Vec::new();
        for (b, block) in self.blocks.iter().enumerate() {
            if block.overlaps(mint, maxt) {
                matching.push((b, matching_ids(&block.index, matchers)?));
            }
        }
        let selections = self.read_blocks(matching, mint, maxt)?;
        let series = join_by_labels(&self.blocks, &selections);
        let mut selection = Selection {
            labels: selections.into_iter().map(|s| s.labels).collect(),
            series,
        };
        if let Some(head) = &self.head {
            self.join_head(head, &mut selection, matchers, mint, maxt);
        }
        Ok(selection)
    }

    /// The series entries of every (block, matching series IDs) with chunks in
    /// `[mint, maxt]`; large selections of several blocks read their blocks in parallel.
    fn read_blocks(
        &self,
        matching: Vec<(usize, Vec<u64>)>,
        mint: i64,
        maxt: i64,
    ) -> Result<Vec<BlockSelection>, Error> {
        let read = |(b, ids): (usize, Vec<u64>)| {
            let block = self.blocks.get(b).ok_or_else(|| {
                Error::new(Path::new("."), None, "internal: series of an unknown block")
            })?;
            BlockSelection::read(b, block, &ids, mint, maxt)
        };
        // Below this many series a thread costs more than it saves.
        const MIN_SERIES_PER_THREAD: usize = 2048;
        map_in_parallel(matching, |(_, ids)| ids.len(), MIN_SERIES_PER_THREAD, read)
    }

    /// Adds the head's matching series with samples in `[mint, maxt]` to `selection`; both
    /// lists are in label order, so one merge pass joins them.
    fn join_head(
        &self,
        head: &Head,
        selection: &mut Selection,
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
        let from_blocks = std::mem::take(&mut selection.series);
        let mut from_blocks = from_blocks.into_iter().peekable();
        let joined = &mut selection.series;
        loop {
            let take_head = match (from_blocks.peek(), from_head.peek()) {
                (Some((LabelsAt::Block(s, k), _)), Some((_, hs))) => {
                    let pairs = hs.labels.iter().map(|(n, v)| (n.as_str(), v.as_str()));
                    match selection.labels[*s].get(&self.blocks, *k).cmp(pairs) {
                        std::cmp::Ordering::Less => false,
                        std::cmp::Ordering::Greater => true,
                        std::cmp::Ordering::Equal => {
                            if let (Some((at, mut sources)), Some((i, _))) =
                                (from_blocks.next(), from_head.next())
                            {
                                sources.head = Some(i);
                                joined.push((at, sources));
                            }
                            continue;
                        }
                    }
                }
                (Some(_), _) => false,
                (None, Some(_)) => true,
                (None, None) => break,
            };
            if take_head {
                if let Some((i, _)) = from_head.next() {
                    let sources = Sources {
                        chunks: Vec::new(),
                        head: Some(i),
                    };
                    joined.push((LabelsAt::Head(i), sources));
                }
            } else if let Some(b) = from_blocks.next() {
                joined.push(b);
            }
        }
    }

    /// The label set of the selection's series `i`.
    fn labels_of(&self, selection: &Selection, i: usize) -> Labels {
        match selection.series[i].0 {
            LabelsAt::Block(s, k) => Labels::from_pairs(selection.labels[s].get(&self.blocks, k)),
            LabelsAt::Head(h) => self
                .head
                .as_ref()
                .and_then(|head| head.series.get(h))
                .map_or_else(Labels::empty, |hs| {
                    Labels::from_pairs(hs.labels.iter().cloned())
                }),
        }
    }

    /// Decodes every series' chunks; large selections are split over the available cores.
    fn decode_all(&self, selection: &Selection) -> Result<Vec<SeriesData>, Error> {
        // The chunks are looked up (and their CRCs checked) and every series' label set and
        // float vector are allocated here, on the main thread: glibc's per-thread arenas grow
        // by one mprotect call per allocation, which cost more than the decoding they serve.
        let mut work = Vec::with_capacity(selection.series.len());
        for (i, (_, sources)) in selection.series.iter().enumerate() {
            let found = self.find_chunks(sources)?;
            let floats = Vec::with_capacity(found.float_samples);
            work.push((self.labels_of(selection, i), found, floats));
        }
        let decode = |(labels, found, mut floats): (Labels, Found<'_>, Vec<FPoint>)| {
            let mut histograms = Vec::new();
            self.decode_into(found, &mut floats, &mut histograms)?;
            let mut s = SeriesData::new(labels);
            s.floats = floats;
            s.histograms = histograms;
            Ok(s)
        };
        // Below this many chunks a thread costs more than it saves.
        const MIN_CHUNKS_PER_THREAD: usize = 2048;
        map_in_parallel(work, |w| w.1.raws.len() + 1, MIN_CHUNKS_PER_THREAD, decode)
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

    /// One series from its chunks (blocks oldest first), its floats in place of what
    /// `floats` held and its histograms appended to `histograms` (expected empty): in time
    /// order, one sample per timestamp (the older block's where blocks overlap), deleted
    /// ranges left out.
    fn decode_into(
        &self,
        found: Found<'_>,
        floats: &mut Vec<FPoint>,
        histograms: &mut Vec<HPoint>,
    ) -> Result<(), Error> {
        let Found { raws, head, .. } = found;
        let mut sorted = true;
        // Float samples written so far; `floats` may hold a previous series' samples after
        // them, overwritten rather than cleared first (see `decode_xor_at`).
        let mut used = 0;
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
                    let start = used;
                    used += chunkenc::decode_xor_at(raw.data, floats, used).map_err(at)?;
                    if !deleted.is_empty() {
                        floats.truncate(used);
                        let mut i = 0;
                        floats.retain(|p| {
                            i += 1;
                            i <= start || !is_deleted(deleted, p.t)
                        });
                        used = floats.len();
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
        floats.truncate(used);
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
    selection: Selection,
    /// Series' label sets, made on first use.
    labels: Vec<OnceLock<Labels>>,
}

impl SeriesSet for LazySelection {
    fn len(&self) -> usize {
        self.selection.series.len()
    }

    fn labels(&self, i: usize) -> &Labels {
        self.labels[i].get_or_init(|| self.storage.labels_of(&self.selection, i))
    }

    fn load(&self, i: usize, out: &mut SeriesData) -> Result<(), StorageError> {
        // Made here, the label sets are built by the threads that load series (see
        // `for_each_loaded`) rather than all at once before the first series is read.
        self.labels(i);
        let sources = &self.selection.series[i].1;
        let found = self.storage.find_chunks(sources).map_err(storage_error)?;
        out.histograms.clear();
        out.float_sts.clear();
        out.histogram_sts.clear();
        let more = found.float_samples.saturating_sub(out.floats.len());
        out.floats.reserve(more);
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

/// Where a series' samples are: chunks of blocks (oldest block first) and the head.
#[derive(Default)]
struct Sources {
    chunks: Vec<BlockChunk>,
    /// Index into the head's series.
    head: Option<usize>,
}

/// The matching series of a data directory, in label order: where each one's label set is
/// and where its samples are.
struct Selection {
    /// The label sets of each block selection's series, by symbol ordinal.
    labels: Vec<SelectedLabels>,
    series: Vec<(LabelsAt, Sources)>,
}

/// Where a selected series' label set is.
#[derive(Clone, Copy)]
enum LabelsAt {
    /// Series `k` of block selection `s`.
    Block(usize, usize),
    /// The head's series `i`.
    Head(usize),
}

/// The label sets of a block's selected series, as ordinals into its symbol table: reading
/// and joining blocks allocates no strings, and a label set is built only when a series'
/// labels are asked for.
struct SelectedLabels {
    block: usize,
    /// The series' (name, value) ordinals, back to back.
    pairs: Vec<(u32, u32)>,
    /// Where each series' pairs end.
    ends: Vec<usize>,
}

impl SelectedLabels {
    /// Series `k`'s labels as strings.
    fn get<'a>(
        &'a self,
        blocks: &'a [Block],
        k: usize,
    ) -> impl Iterator<Item = (&'a str, &'a str)> {
        let start = k.checked_sub(1).map_or(0, |p| self.ends[p]);
        let index = blocks.get(self.block).map(|b| &b.index);
        let sym = move |r| index.and_then(|i| i.symbol(r)).unwrap_or_default();
        self.pairs[start..self.ends[k]]
            .iter()
            .map(move |&(n, v)| (sym(n), sym(v)))
    }
}

/// The matching series of one block with chunks in the queried range, in label order.
struct BlockSelection {
    labels: SelectedLabels,
    /// The series' chunks in range, back to back.
    chunks: Vec<BlockChunk>,
    /// Where each series' chunks end.
    chunk_ends: Vec<usize>,
}

impl BlockSelection {
    fn read(
        b: usize,
        block: &Block,
        ids: &[u64],
        mint: i64,
        maxt: i64,
    ) -> Result<BlockSelection, Error> {
        let index = &block.index;
        let mut sel = BlockSelection {
            labels: SelectedLabels {
                block: b,
                pairs: Vec::with_capacity(ids.len() * 4),
                ends: Vec::with_capacity(ids.len()),
            },
            chunks: Vec::with_capacity(ids.len()),
            chunk_ends: Vec::with_capacity(ids.len()),
        };
        let (mut labels, mut metas) = (Vec::new(), Vec::new());
        for &id in ids {
            index.series_refs(id, &mut labels, &mut metas)?;
            let before = sel.chunks.len();
            sel.chunks.extend(
                metas
                    .iter()
                    .filter(|c| c.max_time >= mint && c.min_time <= maxt)
                    .map(|c| BlockChunk {
                        block: b,
                        series: id,
                        chunk_ref: c.chunk_ref,
                    }),
            );
            if sel.chunks.len() > before {
                sel.chunk_ends.push(sel.chunks.len());
                sel.labels.pairs.extend_from_slice(&labels);
                sel.labels.ends.push(sel.labels.pairs.len());
            }
        }
        Ok(sel)
    }

    fn len(&self) -> usize {
        self.chunk_ends.len()
    }

    fn chunks(&self, k: usize) -> &[BlockChunk] {
        let start = k.checked_sub(1).map_or(0, |p| self.chunk_ends[p]);
        &self.chunks[start..self.chunk_ends[k]]
    }
}

/// The series of several blocks' selections (blocks oldest first) joined by label set, in
/// label order, each with its chunks of all blocks, oldest block first: a merge of sorted
/// lists that, at each step, takes the smallest label set among the lists' heads and every
/// head equal to it.
fn join_by_labels(blocks: &[Block], selections: &[BlockSelection]) -> Vec<(LabelsAt, Sources)> {
    let labels = |s: usize, k: usize| selections[s].labels.get(blocks, k);
    let mut next = vec![0; selections.len()];
    let most = selections.iter().map(BlockSelection::len).max();
    let mut joined = Vec::with_capacity(most.unwrap_or(0));
    // The selections whose head holds the smallest label set seen so far.
    let mut smallest: Vec<usize> = Vec::with_capacity(selections.len());
    loop {
        smallest.clear();
        for (s, sel) in selections.iter().enumerate() {
            if next[s] == sel.len() {
                continue;
            }
            let order = smallest.first().map_or(std::cmp::Ordering::Less, |&m| {
                labels(s, next[s]).cmp(labels(m, next[m]))
            });
            match order {
                std::cmp::Ordering::Less => {
                    smallest.clear();
                    smallest.push(s);
                }
                std::cmp::Ordering::Equal => smallest.push(s),
                std::cmp::Ordering::Greater => {}
            }
        }
        let Some(&first) = smallest.first() else {
            break;
        };
        let at = LabelsAt::Block(first, next[first]);
        let count = smallest
            .iter()
            .map(|&s| selections[s].chunks(next[s]).len())
            .sum();
        let mut chunks = Vec::with_capacity(count);
        for &s in &smallest {
            chunks.extend_from_slice(selections[s].chunks(next[s]));
            next[s] += 1;
        }
        joined.push((at, Sources { chunks, head: None }));
    }
    joined
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

/// `f` applied to every item, results in order. When the items' total weight makes parts
/// of at least `min_part_weight`, contiguous parts of about equal weight run on the
/// available cores, one thread each.
fn map_in_parallel<T: Send, R: Send>(
    items: Vec<T>,
    weight: impl Fn(&T) -> usize,
    min_part_weight: usize,
    f: impl Fn(T) -> Result<R, Error> + Sync,
) -> Result<Vec<R>, Error> {
    let total: usize = items.iter().map(&weight).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = threads
        .min(items.len())
        .min(total / min_part_weight.max(1))
        .max(1);
    if parts == 1 {
        return items.into_iter().map(f).collect();
    }
    let per = total.div_ceil(parts);
    let mut groups = Vec::with_capacity(parts);
    let mut current = Vec::new();
    let mut in_current = 0;
    for item in items {
        in_current += weight(&item);
        current.push(item);
        if in_current >= per {
            groups.push(std::mem::take(&mut current));
            in_current = 0;
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    let f = &f;
    let results: Vec<Result<Vec<R>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|group| scope.spawn(move || group.into_iter().map(f).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::new(Path::new("."), None, "a reading thread failed"))
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
        let selection = self
            .select_sources(matchers, mint, maxt)
            .map_err(storage_error)?;
        let labels = (0..selection.series.len())
            .map(|_| OnceLock::new())
            .collect();
        Ok(Arc::new(LazySelection {
            storage: self.clone(),
            selection,
            labels,
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::matcher::MatchOp;
    use crate::tsdb::ulid::Ulid;
    use crate::tsdb::writer::{BlockWriter, DEFAULT_BLOCK_DURATION};

    type Model = BTreeMap<Vec<(String, String)>, BTreeMap<i64, f64>>;

    /// Writes one block per `(series, timestamps)` list, block `b`'s value at `t` being
    /// `b * 1e6 + t`, and returns what a merged read must give: per label set, per
    /// timestamp, the value of the oldest block that has it.
    fn write_blocks(dir: &Path, blocks: &[(Vec<LabelPairs>, Vec<i64>)]) -> Model {
        let mut model = Model::new();
        for (b, (series, times)) in blocks.iter().enumerate() {
            let mut w = BlockWriter::new(DEFAULT_BLOCK_DURATION);
            for labels in series {
                let s = w.series(Arc::new(labels.clone())).unwrap();
                for &t in times {
                    let v = b as f64 * 1e6 + t as f64;
                    w.append(s, t, v);
                    let samples = model.entry(labels.clone()).or_default();
                    samples.entry(t).or_insert(v);
                }
            }
            w.write(dir, Ulid::new(b as u64 + 1, 0)).unwrap();
        }
        model
    }

    fn pairs(labels: &Labels) -> Vec<(String, String)> {
        labels
            .iter()
            .map(|l| (l.name.clone(), l.value.clone()))
            .collect()
    }

    /// Checks every way of reading the selection of `matchers` against `model`.
    fn assert_reads(storage: &TsdbStorage, matchers: &[Matcher], model: &Model) {
        let want: Vec<_> = model
            .iter()
            .filter(|(labels, _)| matches_all(matchers, labels))
            .collect();
        let set = storage.select_set(matchers, i64::MIN, i64::MAX).unwrap();
        assert_eq!(set.len(), want.len());
        let mut data = SeriesData::default();
        for (i, (labels, samples)) in want.iter().enumerate() {
            assert_eq!(&pairs(set.labels(i)), *labels);
            set.load(i, &mut data).unwrap();
            let got: Vec<(i64, f64)> = data.floats.iter().map(|p| (p.t, p.f)).collect();
            let want: Vec<(i64, f64)> = samples.iter().map(|(&t, &v)| (t, v)).collect();
            assert_eq!(got, want, "{labels:?}");
        }
        let eager = storage.select(matchers, i64::MIN, i64::MAX).unwrap();
        assert_eq!(eager.len(), want.len());
        for (s, (labels, samples)) in eager.iter().zip(&want) {
            assert_eq!(&pairs(&s.labels), *labels);
            assert_eq!(s.floats.len(), samples.len());
        }
        let names = storage.series_labels(matchers, i64::MIN, i64::MAX).unwrap();
        let names: Vec<_> = names.iter().map(pairs).collect();
        let want_names: Vec<_> = want.iter().map(|(l, _)| (*l).clone()).collect();
        assert_eq!(names, want_names);
    }

    fn series(name: &str, extra: &[(&str, &str)]) -> LabelPairs {
        let mut l = vec![("__name__".to_string(), name.to_string())];
        l.extend(extra.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        l.sort();
        l
    }

    /// Overlapping blocks and blocks with series of their own, whose symbol tables differ,
    /// join by label set: one series per label set, in label order (a label set before
    /// those it is a prefix of), the older block's sample where timestamps meet.
    #[test]
    fn blocks_join_by_label_set() {
        let tmp = tempfile::tempdir().unwrap();
        let a = series("m", &[]);
        let a_job = series("m", &[("job", "x")]);
        let b = series("m", &[("job", "y")]);
        let only_new = series("n", &[("zone", "z")]);
        let model = write_blocks(
            tmp.path(),
            &[
                (
                    vec![a_job.clone(), b.clone()],
                    (0..10).map(|i| i * 100).collect(),
                ),
                (
                    vec![b.clone(), a.clone()],
                    (5..15).map(|i| i * 100).collect(),
                ),
                (
                    vec![only_new, a_job, a],
                    (20..30).map(|i| i * 100).collect(),
                ),
            ],
        );
        let storage = TsdbStorage::open(tmp.path()).unwrap();
        assert_reads(&storage, &[], &model);
        let m = |op, n, v| Matcher::new(op, n, v).unwrap();
        assert_reads(&storage, &[m(MatchOp::Equal, "__name__", "m")], &model);
        assert_reads(&storage, &[m(MatchOp::NotEqual, "job", "x")], &model);
        assert_reads(&storage, &[m(MatchOp::Regex, "job", "y|x")], &model);
    }

    /// Selections large enough to read their blocks on several threads give the same series.
    #[test]
    fn large_selections_join_the_same() {
        let tmp = tempfile::tempdir().unwrap();
        let (older, newer): (Vec<_>, Vec<_>) = (0..3000)
            .map(|i| series("big", &[("i", &format!("{i:05}"))]))
            .partition(|l| l[1].1.ends_with('0') || l[1].1.as_str() < "02000");
        let both: Vec<_> = older
            .iter()
            .step_by(3)
            .cloned()
            .chain(newer.clone())
            .collect();
        let model = write_blocks(
            tmp.path(),
            &[
                (older, vec![0, 1000]),
                (both, vec![1000, 2000]),
                (newer, vec![3000]),
            ],
        );
        let storage = TsdbStorage::open(tmp.path()).unwrap();
        assert_reads(&storage, &[], &model);
    }
}
