//! A block directory (`meta.json`, `index`, `chunks/`, `tombstones`) and reading samples from
//! a data directory of blocks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::chunkenc::{self, Encoding};
use super::chunks::ChunkReader;
use super::head::Head;
use super::histogram_chunk;
use super::index::{Index, Series};
use super::meta::Meta;
use super::tombstones::{is_deleted, Tombstones};
use super::{Error, Result};
use crate::model::histogram::FloatHistogram;

/// Labels of a series, sorted by name: Prometheus's series order is this vector's order.
pub type LabelPairs = Vec<(String, String)>;

/// The samples of a series: floats and native histograms, each in time order, with at most
/// one sample (of either kind) per timestamp.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Samples {
    pub floats: Vec<(i64, f64)>,
    pub histograms: Vec<(i64, FloatHistogram)>,
}

#[derive(Debug)]
pub struct Block {
    pub dir: PathBuf,
    pub meta: Meta,
    pub index: Index,
    pub tombstones: Tombstones,
    chunks: ChunkReader,
}

impl Block {
    pub fn open(dir: &Path) -> Result<Block> {
        let meta = Meta::read(&dir.join("meta.json"))?;
        let index = Index::read(&dir.join("index"))?;
        let tombstones = Tombstones::read(&dir.join("tombstones"))?;
        Ok(Block {
            dir: dir.to_path_buf(),
            meta,
            index,
            tombstones,
            chunks: ChunkReader::new(&dir.join("chunks")),
        })
    }

    /// The block's chunk segment files.
    pub fn chunks(&self) -> &ChunkReader {
        &self.chunks
    }

    /// Whether the block may hold samples in `[mint, maxt]` (its own range is half-open).
    pub fn overlaps(&self, mint: i64, maxt: i64) -> bool {
        self.meta.min_time <= maxt && mint < self.meta.max_time
    }

    /// The samples of series `id` (entry `series`) in `[mint, maxt]`, deleted ones left out.
    pub fn samples(&self, id: u64, series: &Series, mint: i64, maxt: i64) -> Result<Samples> {
        let deleted = self.tombstones.intervals(id).to_vec();
        let keep = |t: i64| mint <= t && t <= maxt && !is_deleted(&deleted, t);
        let mut out = Samples::default();
        for c in &series.chunks {
            if c.max_time < mint || c.min_time > maxt {
                continue;
            }
            let path = self.chunks.segment_path((c.chunk_ref >> 32) as u32);
            let raw = self.chunks.chunk(c.chunk_ref)?;
            let corrupt = |e| Error::corrupt(&path, raw.data_offset, e);
            match Encoding::from_byte(raw.encoding) {
                Encoding::Histogram | Encoding::FloatHistogram => out.histograms.extend(
                    histogram_chunk::decode(raw.encoding, raw.data)
                        .map_err(corrupt)?
                        .into_iter()
                        .filter(|(t, _)| keep(*t)),
                ),
                _ => out.floats.extend(
                    chunkenc::decode(raw.encoding, raw.data)
                        .map_err(corrupt)?
                        .into_iter()
                        .filter(|&(t, _)| keep(t)),
                ),
            }
        }
        Ok(out)
    }
}

/// The block directories of a data directory, by name (ULIDs sort by time): subdirectories
/// holding a `meta.json`, skipping half-written or half-deleted ones. A block directory given
/// directly is returned alone.
pub fn block_dirs(data_dir: &Path) -> Result<Vec<PathBuf>> {
    if data_dir.join("meta.json").is_file() {
        return Ok(vec![data_dir.to_path_buf()]);
    }
    let entries = std::fs::read_dir(data_dir).map_err(|e| Error::io(data_dir, &e))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(data_dir, &e))?;
        // Prometheus's `isBlockDir`: only ULID-named directories are blocks (this also skips
        // `.tmp-for-*` leftovers and unrelated directories holding a meta.json).
        if !is_ulid(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let path = entry.path();
        if path.join("meta.json").is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// A ULID in its text form: 26 Crockford base32 characters, the first at most `7`.
fn is_ulid(name: &str) -> bool {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let b = name.as_bytes();
    b.len() == 26 && b[0] <= b'7' && b.iter().all(|c| ALPHABET.contains(&c.to_ascii_uppercase()))
}

/// Prometheus's `Block.Size`: meta.json, index, tombstones and the chunk segment files.
pub fn size_on_disk(dir: &Path) -> Result<i64> {
    let len = |p: &Path| -> Result<i64> {
        match std::fs::metadata(p) {
            Ok(m) => Ok(i64::try_from(m.len()).unwrap_or(i64::MAX)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(Error::io(p, &e)),
        }
    };
    let mut total =
        len(&dir.join("meta.json"))? + len(&dir.join("index"))? + len(&dir.join("tombstones"))?;
    let chunks = dir.join("chunks");
    for entry in std::fs::read_dir(&chunks).map_err(|e| Error::io(&chunks, &e))? {
        let entry = entry.map_err(|e| Error::io(&chunks, &e))?;
        let name = entry.file_name();
        if name.to_string_lossy().bytes().all(|c| c.is_ascii_digit()) {
            total += len(&entry.path())?;
        }
    }
    Ok(total)
}

/// A sample of either kind while series are merged.
enum Sample {
    Float(f64),
    Histogram(Box<FloatHistogram>),
}

/// Every sample in `[mint, maxt]` of the series accepted by `select`, merged over `blocks`
/// and the `head` like Prometheus's querier: series in label order, samples in time order,
/// one sample per timestamp (where blocks overlap, the earliest block's wins, and a block's
/// over the head's).
pub fn select_samples(
    blocks: &mut [Block],
    head: Option<&Head>,
    select: impl Fn(&LabelPairs) -> bool,
    mint: i64,
    maxt: i64,
) -> Result<BTreeMap<LabelPairs, Samples>> {
    // Blocks in time order, so samples of a series arrive sorted unless blocks overlap.
    blocks.sort_by_key(|b| (b.meta.min_time, b.meta.max_time));
    let mut acc: BTreeMap<LabelPairs, Vec<(i64, Sample)>> = BTreeMap::new();
    let mut add = |labels: LabelPairs, s: Samples| {
        let all = acc.entry(labels).or_default();
        // Floats and histograms each come sorted; interleave them by time, floats first at
        // equal times (a stable sort below keeps that order).
        let before = all.len();
        all.extend(s.floats.into_iter().map(|(t, v)| (t, Sample::Float(v))));
        if !s.histograms.is_empty() {
            all.extend(
                s.histograms
                    .into_iter()
                    .map(|(t, h)| (t, Sample::Histogram(Box::new(h)))),
            );
            if let Some(part) = all.get_mut(before..) {
                part.sort_by_key(|s| s.0);
            }
        }
    };
    for block in blocks.iter_mut() {
        if !block.overlaps(mint, maxt) {
            continue;
        }
        for id in block.index.all_postings()? {
            let series = block.index.series(id)?;
            if !select(&series.labels) {
                continue;
            }
            let samples = block.samples(id, &series, mint, maxt)?;
            if samples.floats.is_empty() && samples.histograms.is_empty() {
                continue;
            }
            add(series.labels, samples);
        }
    }
    for s in head.map_or(&[][..], |h| h.series.as_slice()) {
        if !select(&s.labels) {
            continue;
        }
        let in_range = |t: i64| mint <= t && t <= maxt;
        let samples = Samples {
            floats: s.floats.iter().copied().filter(|s| in_range(s.0)).collect(),
            histograms: s
                .histograms
                .iter()
                .filter(|s| in_range(s.0))
                .cloned()
                .collect(),
        };
        if samples.floats.is_empty() && samples.histograms.is_empty() {
            continue;
        }
        add(s.labels.clone(), samples);
    }
    let mut out = BTreeMap::new();
    for (labels, mut all) in acc {
        if all.windows(2).any(|w| matches!(w, [a, b] if a.0 >= b.0)) {
            all.sort_by_key(|s| s.0); // stable: the earlier source's sample comes first
            all.dedup_by_key(|s| s.0);
        }
        let mut samples = Samples::default();
        for (t, v) in all {
            match v {
                Sample::Float(v) => samples.floats.push((t, v)),
                Sample::Histogram(h) => samples.histograms.push((t, *h)),
            }
        }
        out.insert(labels, samples);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ulid_names_are_blocks() {
        assert!(is_ulid("01M80AS4AXF3MC6HP466J61CM4"));
        assert!(is_ulid("01m80as4axf3mc6hp466j61cm4"));
        assert!(!is_ulid("01M80AS4AXF3MC6HP466J61CM4.tmp-for-creation"));
        assert!(!is_ulid("81M80AS4AXF3MC6HP466J61CM4"));
        assert!(!is_ulid("01M80AS4AXF3MC6HP466J61CMU"));
        assert!(!is_ulid("wal"));
    }
}
