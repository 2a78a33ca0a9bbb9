//! Writing one block: series with float samples in, a block directory out (`index`,
//! `chunks/000001…`, `tombstones`, `meta.json`), readable by Prometheus and promtool.
//!
//! The bytes follow what Prometheus 2.42 writes when it flushes a head into a block
//! (`tsdb.BlockWriter`, `LeveledCompactor.write`, `index.Writer`, `chunks.Writer`): chunks are
//! cut as the head cuts them, the index keeps the legacy label indices and every CRC32C, and
//! the block is built in `<ULID>.tmp-for-creation` and renamed into place once complete and
//! synced. For the same samples the `index` and `chunks/` files equal promtool's byte for
//! byte; `meta.json` differs only in the ULID.
//!
//! ```no_run
//! use std::sync::Arc;
//! use lookout::tsdb::writer::{normalize_labels, BlockWriter, DEFAULT_BLOCK_DURATION};
//! use lookout::tsdb::ulid::UlidGenerator;
//!
//! let mut w = BlockWriter::new(DEFAULT_BLOCK_DURATION);
//! let labels = normalize_labels(vec![("__name__".into(), "up".into())]).expect("valid");
//! let s = w.series(Arc::new(labels)).expect("normalized");
//! w.append(s, 1_700_000_000_000, 1.0);
//! let block = w.write("data".as_ref(), UlidGenerator::from_clock().generate()).expect("written");
//! ```

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::block::LabelPairs;
use super::crc32c::checksum;
use super::index::ChunkMeta;
use super::meta::{Compaction, Meta, Stats};
use super::ulid::Ulid;
use super::xor_encode::{zigzag_encode, XorAppender};
use super::{Error, Result};

/// Prometheus's default (and smallest) block range: 2h.
pub const DEFAULT_BLOCK_DURATION: i64 = 2 * 60 * 60 * 1000;
/// `chunks.DefaultChunkSegmentSize`: segment files are cut before they exceed 512 MiB.
pub const DEFAULT_SEGMENT_SIZE: u64 = 512 * 1024 * 1024;
/// Suffix of a block directory while it is being written.
pub const TMP_FOR_CREATION: &str = ".tmp-for-creation";

/// The head's target; a chunk is cut at twice this at the latest.
const SAMPLES_PER_CHUNK: u16 = 120;
const ENCODING_XOR: u8 = 1;
const INDEX_MAGIC: u32 = 0xBAAA_D700;
const INDEX_VERSION: u8 = 2;
const CHUNKS_MAGIC: u32 = 0x85BD_40DD;
const CHUNKS_VERSION: u8 = 1;
const SEGMENT_HEADER_SIZE: u64 = 8;
/// `chunks.MaxChunkLengthFieldSize`: the writer budgets a 5-byte length when it plans
/// segment cuts.
const MAX_CHUNK_LENGTH_FIELD_SIZE: u64 = 5;
const TOMBSTONES_MAGIC: u32 = 0x0130_BA30;

/// A series of one [`BlockWriter`].
pub type SeriesRef = u32;

/// What happened to an appended sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Appended {
    Stored,
    /// Older than the series' newest sample: dropped (Prometheus's out-of-order sample).
    OutOfOrder {
        newest: i64,
    },
    /// Same timestamp and value as the newest sample: dropped, nothing lost.
    Duplicate,
    /// Same timestamp as the newest sample but another value: dropped (Prometheus's
    /// "duplicate sample for timestamp").
    Conflict {
        newest_value: f64,
    },
    /// No such series in this writer: dropped.
    UnknownSeries,
}

/// Why a label set cannot name a series.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelsError {
    #[error("empty labelset: invalid sample")]
    Empty,
    #[error("label name \"{0}\" is not unique: invalid sample")]
    DuplicateName(String),
    /// Given to [`BlockWriter::series`] without going through [`normalize_labels`].
    #[error("labels are not sorted by name, or have an empty value")]
    NotNormalized,
}

/// Prometheus's rules for a series' labels, as its appender applies them: labels with an
/// empty value are dropped, the rest sorted by name; none left, or a name twice, is an error
/// (worded as Prometheus's).
pub fn normalize_labels(
    mut labels: Vec<(String, String)>,
) -> std::result::Result<LabelPairs, LabelsError> {
    labels.retain(|(_, v)| !v.is_empty());
    if labels.is_empty() {
        return Err(LabelsError::Empty);
    }
    labels.sort_by(|a, b| a.0.cmp(&b.0));
    let dup = labels.windows(2).find_map(|w| match w {
        [a, b] if a.0 == b.0 => Some(a.0.clone()),
        _ => None,
    });
    if let Some(name) = dup {
        return Err(LabelsError::DuplicateName(name));
    }
    Ok(labels)
}

/// A finished (immutable) XOR chunk.
#[derive(Debug, Clone)]
struct Chunk {
    min_time: i64,
    max_time: i64,
    num_samples: u16,
    data: Box<[u8]>,
}

/// The chunk being appended to, as the head's `memChunk`.
#[derive(Debug, Clone)]
struct OpenChunk {
    min_time: i64,
    max_time: i64,
    app: XorAppender,
}

#[derive(Debug, Clone)]
struct SeriesBuf {
    labels: Arc<LabelPairs>,
    done: Vec<Chunk>,
    open: Option<OpenChunk>,
    /// When the open chunk must be cut at the latest (the head's `memSeries.nextAt`).
    next_at: i64,
    last_value: u64,
}

impl SeriesBuf {
    /// `memSeries.append` with `appendPreprocessor` of Prometheus 2.42: a new chunk at a
    /// chunk-range boundary, at the end time predicted when the chunk holds 30 samples, or at
    /// 240 samples. (Prometheus 3 also cuts XOR chunks above 1024 bytes and predicts with
    /// floats; 2.42, which the fixtures come from, does neither.)
    fn append(&mut self, t: i64, v: f64, chunk_range: i64) -> Appended {
        let cut = match &self.open {
            None => true,
            Some(c) => {
                if t <= c.max_time {
                    return if t < c.max_time {
                        Appended::OutOfOrder { newest: c.max_time }
                    } else if v.to_bits() == self.last_value {
                        Appended::Duplicate
                    } else {
                        Appended::Conflict {
                            newest_value: f64::from_bits(self.last_value),
                        }
                    };
                }
                let n = c.app.num_samples();
                if n == SAMPLES_PER_CHUNK / 4 {
                    self.next_at = compute_chunk_end_time(c.min_time, c.max_time, self.next_at);
                }
                t >= self.next_at || n >= SAMPLES_PER_CHUNK * 2
            }
        };
        if cut {
            if let Some(c) = self.open.take() {
                self.done.push(Chunk {
                    min_time: c.min_time,
                    max_time: c.max_time,
                    num_samples: c.app.num_samples(),
                    data: c.app.into_bytes(),
                });
            }
            self.open = Some(OpenChunk {
                min_time: t,
                max_time: t,
                app: XorAppender::new(),
            });
            self.next_at = range_for_timestamp(t, chunk_range);
        }
        if let Some(c) = &mut self.open {
            c.app.append(t, v);
            c.max_time = t;
        }
        self.last_value = v.to_bits();
        Appended::Stored
    }

    /// Every chunk in time order: (min time, max time, samples, bytes).
    fn chunks(&self) -> impl Iterator<Item = (i64, i64, u16, &[u8])> {
        self.done
            .iter()
            .map(|c| (c.min_time, c.max_time, c.num_samples, &*c.data))
            .chain(
                self.open
                    .iter()
                    .map(|c| (c.min_time, c.max_time, c.app.num_samples(), c.app.bytes())),
            )
    }
}

/// Go's `computeChunkEndTime` (2.42, integer arithmetic): the end time that splits the rest
/// of the chunk range evenly, assuming the chunk is a quarter full.
fn compute_chunk_end_time(start: i64, cur: i64, max: i64) -> i64 {
    let span = max.wrapping_sub(start);
    let quarter = cur.wrapping_sub(start).wrapping_add(1).wrapping_mul(4);
    let n = span.checked_div(quarter).unwrap_or(0);
    if n <= 1 {
        return max;
    }
    start.wrapping_add(span.checked_div(n).unwrap_or(0))
}

/// The end of the chunk range holding `t` (Go's truncating division, as Prometheus).
fn range_for_timestamp(t: i64, width: i64) -> i64 {
    (t / width).wrapping_mul(width).wrapping_add(width)
}

/// Collects the samples of one block and writes it.
#[derive(Debug)]
pub struct BlockWriter {
    chunk_range: i64,
    segment_size: u64,
    series: Vec<SeriesBuf>,
    by_labels: HashMap<Arc<LabelPairs>, SeriesRef>,
    min_time: i64,
    max_time: i64,
    num_samples: u64,
}

/// A block on disk.
#[derive(Debug, Clone)]
pub struct WrittenBlock {
    pub dir: PathBuf,
    pub meta: Meta,
    /// Bytes of meta.json, index, tombstones and chunk segments (`Block.Size`).
    pub size: i64,
}

impl BlockWriter {
    /// `chunk_range` (ms) places the chunk boundaries as a head with that chunk range would:
    /// Prometheus uses the block duration; promtool's backfill uses twice the block duration.
    pub fn new(chunk_range: i64) -> BlockWriter {
        BlockWriter {
            chunk_range: chunk_range.max(1),
            segment_size: DEFAULT_SEGMENT_SIZE,
            series: Vec::new(),
            by_labels: HashMap::new(),
            min_time: i64::MAX,
            max_time: i64::MIN,
            num_samples: 0,
        }
    }

    /// Segment files are cut before they exceed this many bytes (a chunk larger than that
    /// still gets a segment of its own).
    pub fn with_segment_size(mut self, bytes: u64) -> BlockWriter {
        self.segment_size = bytes.max(SEGMENT_HEADER_SIZE + 1);
        self
    }

    /// The series with these labels (from [`normalize_labels`]: sorted by name, unique names,
    /// no empty values), created on first use.
    pub fn series(
        &mut self,
        labels: Arc<LabelPairs>,
    ) -> std::result::Result<SeriesRef, LabelsError> {
        if let Some(&r) = self.by_labels.get(&labels) {
            return Ok(r);
        }
        if labels.is_empty() {
            return Err(LabelsError::Empty);
        }
        if labels.iter().any(|(_, v)| v.is_empty()) {
            return Err(LabelsError::NotNormalized);
        }
        for w in labels.windows(2) {
            if let [a, b] = w {
                if a.0 == b.0 {
                    return Err(LabelsError::DuplicateName(b.0.clone()));
                }
                if a.0 > b.0 {
                    return Err(LabelsError::NotNormalized);
                }
            }
        }
        // More than 2^32 series do not fit an index anyway (postings hold 32-bit IDs).
        let r = SeriesRef::try_from(self.series.len()).map_err(|_| LabelsError::NotNormalized)?;
        self.series.push(SeriesBuf {
            labels: Arc::clone(&labels),
            done: Vec::new(),
            open: None,
            next_at: i64::MIN,
            last_value: 0,
        });
        self.by_labels.insert(labels, r);
        Ok(r)
    }

    /// Appends a sample to series `s`. Samples of a series must come in time order; others
    /// are dropped and reported in the result, as Prometheus's head drops them.
    pub fn append(&mut self, s: SeriesRef, t: i64, v: f64) -> Appended {
        let Some(series) = self.series.get_mut(s as usize) else {
            return Appended::UnknownSeries;
        };
        let r = series.append(t, v, self.chunk_range);
        if r == Appended::Stored {
            self.num_samples += 1;
            self.min_time = self.min_time.min(t);
            self.max_time = self.max_time.max(t);
        }
        r
    }

    pub fn num_samples(&self) -> u64 {
        self.num_samples
    }

    /// Samples stored for series `s`.
    pub fn series_samples(&self, s: SeriesRef) -> u64 {
        self.series
            .get(s as usize)
            .map_or(0, |x| x.chunks().map(|c| u64::from(c.2)).sum())
    }

    /// First and last sample timestamp, once a sample is stored.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        (self.num_samples > 0).then_some((self.min_time, self.max_time))
    }

    /// Writes the block into `parent/<ulid>` (creating `parent` if needed); `None` when no
    /// sample was stored. The block covers `[first sample, last sample + 1)`, level 1.
    /// On an error nothing is left behind.
    pub fn write(&self, parent: &Path, ulid: Ulid) -> Result<Option<WrittenBlock>> {
        let Some((min_time, max_time)) = self.time_range() else {
            return Ok(None);
        };
        let name = ulid.to_string();
        let dir = parent.join(&name);
        let tmp = parent.join(format!("{name}{TMP_FOR_CREATION}"));
        let meta = Meta {
            ulid: name.clone(),
            min_time,
            max_time: max_time.saturating_add(1),
            stats: Stats::default(),
            compaction: Compaction {
                level: 1,
                sources: vec![name],
                ..Compaction::default()
            },
            version: 1,
        };
        let result = self.write_tmp(&tmp, meta).and_then(|meta| {
            rename_dir(&tmp, &dir)?;
            Ok(meta)
        });
        match result {
            Ok(meta) => {
                let size = super::block::size_on_disk(&dir)?;
                Ok(Some(WrittenBlock { dir, meta, size }))
            }
            Err(e) => {
                // Best effort: the error that matters is the first one.
                let _ = fs::remove_dir_all(&tmp);
                Err(e)
            }
        }
    }

    fn write_tmp(&self, tmp: &Path, mut meta: Meta) -> Result<Meta> {
        if tmp.exists() {
            fs::remove_dir_all(tmp).map_err(|e| Error::io(tmp, &e))?;
        }
        fs::create_dir_all(tmp).map_err(|e| Error::io(tmp, &e))?;
        // Series without samples have no place in a block (nor their symbols).
        let mut order: Vec<u32> = (0..self.series.len() as u32)
            .filter(|&s| {
                self.series
                    .get(s as usize)
                    .is_some_and(|x| x.open.is_some())
            })
            .collect();
        order.sort_by(|&a, &b| self.labels(a).cmp(self.labels(b)));

        let chunk_dir = tmp.join("chunks");
        fs::create_dir_all(&chunk_dir).map_err(|e| Error::io(&chunk_dir, &e))?;
        let mut cw = ChunkWriter::new(&chunk_dir, self.segment_size);
        let mut metas: Vec<Vec<ChunkMeta>> = Vec::with_capacity(order.len());
        let mut stats = Stats::default();
        for &s in &order {
            let Some(series) = self.series.get(s as usize) else {
                continue;
            };
            let chunks: Vec<(i64, i64, u16, &[u8])> = series.chunks().collect();
            let refs = cw.write_chunks(&chunks)?;
            metas.push(
                chunks
                    .iter()
                    .zip(refs)
                    .map(|(c, r)| ChunkMeta {
                        min_time: c.0,
                        max_time: c.1,
                        chunk_ref: r,
                    })
                    .collect(),
            );
            stats.num_series += 1;
            stats.num_chunks += chunks.len() as u64;
            stats.num_samples += chunks.iter().map(|c| u64::from(c.2)).sum::<u64>();
        }
        cw.close()?;
        sync_dir(&chunk_dir)?;

        let series: Vec<IndexSeries<'_>> = order
            .iter()
            .map(|&s| self.labels(s))
            .zip(metas.iter().map(Vec::as_slice))
            .collect();
        write_index(&tmp.join("index"), &series)?;

        meta.stats = stats;
        write_synced(&tmp.join("meta.json"), meta_json(&meta).as_bytes())?;
        write_synced(&tmp.join("tombstones"), &empty_tombstones())?;
        sync_dir(tmp)?;
        Ok(meta)
    }

    fn labels(&self, s: u32) -> &LabelPairs {
        static EMPTY: LabelPairs = Vec::new();
        self.series.get(s as usize).map_or(&EMPTY, |x| &x.labels)
    }
}

/// Renames the finished block into place and syncs the parent, as `fileutil.Replace`.
fn rename_dir(from: &Path, to: &Path) -> Result<()> {
    if to.is_dir() {
        fs::remove_dir_all(to).map_err(|e| Error::io(to, &e))?;
    }
    fs::rename(from, to).map_err(|e| Error::io(to, &e))?;
    match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => sync_dir(p),
        _ => sync_dir(Path::new(".")),
    }
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(dir, &e))
}

fn write_synced(path: &Path, data: &[u8]) -> Result<()> {
    let mut f = File::create(path).map_err(|e| Error::io(path, &e))?;
    f.write_all(data)
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(path, &e))
}

/// An empty tombstones file: magic, version 1, and the CRC32C of nothing.
fn empty_tombstones() -> Vec<u8> {
    let mut b = TOMBSTONES_MAGIC.to_be_bytes().to_vec();
    b.push(1);
    b.extend_from_slice(&checksum(&[]).to_be_bytes());
    b
}

/// `meta.json` as Go's `json.MarshalIndent(meta, "", "\t")`: fields in struct order, zero
/// counts and empty lists left out (`omitempty`), no newline at the end.
pub fn meta_json(m: &Meta) -> String {
    let mut s = format!(
        "{{\n\t\"ulid\": {},\n\t\"minTime\": {},\n\t\"maxTime\": {},\n\t\"stats\": ",
        crate::gostr::json_string(&m.ulid),
        m.min_time,
        m.max_time
    );
    let stats: Vec<String> = [
        ("numSamples", m.stats.num_samples),
        ("numSeries", m.stats.num_series),
        ("numChunks", m.stats.num_chunks),
        ("numTombstones", m.stats.num_tombstones),
    ]
    .iter()
    .filter(|(_, n)| *n != 0)
    .map(|(k, n)| format!("\t\t\"{k}\": {n}"))
    .collect();
    if stats.is_empty() {
        s.push_str("{},\n");
    } else {
        s.push_str(&format!("{{\n{}\n\t}},\n", stats.join(",\n")));
    }
    let c = &m.compaction;
    let mut fields = vec![format!("\t\t\"level\": {}", c.level)];
    if !c.sources.is_empty() {
        let items: Vec<String> = c
            .sources
            .iter()
            .map(|u| format!("\t\t\t{}", crate::gostr::json_string(u)))
            .collect();
        fields.push(format!("\t\t\"sources\": [\n{}\n\t\t]", items.join(",\n")));
    }
    if c.deletable {
        fields.push("\t\t\"deletable\": true".into());
    }
    if !c.parents.is_empty() {
        let items: Vec<String> = c
            .parents
            .iter()
            .map(|p| {
                format!(
                    "\t\t\t{{\n\t\t\t\t\"ulid\": {},\n\t\t\t\t\"minTime\": {},\n\t\t\t\t\"maxTime\": {}\n\t\t\t}}",
                    crate::gostr::json_string(&p.ulid),
                    p.min_time,
                    p.max_time
                )
            })
            .collect();
        fields.push(format!("\t\t\"parents\": [\n{}\n\t\t]", items.join(",\n")));
    }
    if c.failed {
        fields.push("\t\t\"failed\": true".into());
    }
    if !c.hints.is_empty() {
        let items: Vec<String> = c
            .hints
            .iter()
            .map(|h| format!("\t\t\t{}", crate::gostr::json_string(h)))
            .collect();
        fields.push(format!("\t\t\"hints\": [\n{}\n\t\t]", items.join(",\n")));
    }
    s.push_str(&format!(
        "\t\"compaction\": {{\n{}\n\t}},\n\t\"version\": {}\n}}",
        fields.join(",\n"),
        m.version
    ));
    s
}

/// Segment files of `chunks/`, cut as `chunks.Writer` cuts them.
struct ChunkWriter {
    dir: PathBuf,
    segment_size: u64,
    /// Segments started so far; the current one is `segments - 1`.
    segments: u32,
    tail: Option<(BufWriter<File>, PathBuf)>,
    /// Bytes in the current segment (0 before the first).
    n: u64,
}

impl ChunkWriter {
    fn new(dir: &Path, segment_size: u64) -> ChunkWriter {
        ChunkWriter {
            dir: dir.to_path_buf(),
            segment_size,
            segments: 0,
            tail: None,
            n: 0,
        }
    }

    fn finalize_tail(&mut self) -> Result<()> {
        if let Some((w, path)) = self.tail.take() {
            let f = w.into_inner().map_err(|e| Error::io(&path, e.error()))?;
            f.sync_all().map_err(|e| Error::io(&path, &e))?;
        }
        Ok(())
    }

    fn cut(&mut self) -> Result<()> {
        self.finalize_tail()?;
        let path = self
            .dir
            .join(format!("{:06}", u64::from(self.segments) + 1));
        let f = File::create(&path).map_err(|e| Error::io(&path, &e))?;
        let mut w = BufWriter::with_capacity(1 << 20, f);
        let mut header = CHUNKS_MAGIC.to_be_bytes().to_vec();
        header.extend_from_slice(&[CHUNKS_VERSION, 0, 0, 0]);
        w.write_all(&header).map_err(|e| Error::io(&path, &e))?;
        self.tail = Some((w, path));
        self.segments += 1;
        self.n = SEGMENT_HEADER_SIZE;
        Ok(())
    }

    /// `chunks.Writer.WriteChunks`: the chunks of one series, in as few segments as the
    /// size limit allows (it plans with a 5-byte length field per chunk). Returns their refs.
    fn write_chunks(&mut self, chunks: &[(i64, i64, u16, &[u8])]) -> Result<Vec<u64>> {
        // (start, end) of each batch of chunks that goes into one segment.
        let mut batches: Vec<(usize, usize)> = vec![(0, 0)];
        let mut batch_size = 0u64;
        let mut batch_start = 0;
        let mut first_batch = true;
        for (i, c) in chunks.iter().enumerate() {
            let size = MAX_CHUNK_LENGTH_FIELD_SIZE + 1 + c.3.len() as u64 + 4;
            batch_size += size;
            let mut cut = i != 0 && batch_size + SEGMENT_HEADER_SIZE > self.segment_size;
            if first_batch && self.n > SEGMENT_HEADER_SIZE {
                cut = batch_size + self.n > self.segment_size;
                if cut {
                    first_batch = false;
                }
            }
            if cut {
                batch_start = i;
                batches.push((i, i));
                batch_size = size;
            }
            if let Some(last) = batches.last_mut() {
                *last = (batch_start, i + 1);
            }
        }
        if self.n == 0 {
            self.cut()?;
        }
        let mut refs = Vec::with_capacity(chunks.len());
        let last = batches.len().saturating_sub(1);
        for (bi, (from, to)) in batches.into_iter().enumerate() {
            for c in chunks.get(from..to).unwrap_or_default() {
                refs.push(self.write_chunk(c.3)?);
            }
            if bi < last {
                self.cut()?;
            }
        }
        Ok(refs)
    }

    fn write_chunk(&mut self, data: &[u8]) -> Result<u64> {
        let seg = u64::from(self.segments.saturating_sub(1));
        let chunk_ref = seg << 32 | self.n;
        let Some((w, path)) = &mut self.tail else {
            return Err(Error::new(&self.dir, None, "no chunk segment open"));
        };
        let mut head = Vec::with_capacity(11);
        push_uvarint(&mut head, data.len() as u64);
        head.push(ENCODING_XOR);
        let mut crc_input = Vec::with_capacity(data.len() + 1);
        crc_input.push(ENCODING_XOR);
        crc_input.extend_from_slice(data);
        let crc = checksum(&crc_input);
        w.write_all(&head)
            .and_then(|()| w.write_all(data))
            .and_then(|()| w.write_all(&crc.to_be_bytes()))
            .map_err(|e| Error::io(path, &e))?;
        self.n += (head.len() + data.len() + 4) as u64;
        Ok(chunk_ref)
    }

    fn close(mut self) -> Result<()> {
        self.finalize_tail()
    }
}

pub(crate) fn push_uvarint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

fn push_varint(out: &mut Vec<u8>, x: i64) {
    push_uvarint(out, zigzag_encode(x));
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    push_uvarint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// A series as the index lists it: labels and chunks.
type IndexSeries<'a> = (&'a LabelPairs, &'a [ChunkMeta]);

/// The index file being written, with its position (for alignment and the TOC).
struct IndexFile<'a> {
    path: &'a Path,
    w: BufWriter<File>,
    pos: u64,
}

impl IndexFile<'_> {
    fn put(&mut self, b: &[u8]) -> Result<()> {
        self.w.write_all(b).map_err(|e| Error::io(self.path, &e))?;
        self.pos += b.len() as u64;
        Ok(())
    }

    fn pad(&mut self, align: u64) -> Result<()> {
        let rem = self.pos % align;
        if rem != 0 {
            self.put(&vec![0u8; (align - rem) as usize])?;
        }
        Ok(())
    }

    /// `BE32 len | body | BE32 CRC32C(body)`.
    fn section(&mut self, body: &[u8]) -> Result<()> {
        let len = u32::try_from(body.len())
            .map_err(|_| Error::new(self.path, None, "index section exceeds 4 GiB"))?;
        self.put(&len.to_be_bytes())?;
        self.put(body)?;
        self.put(&checksum(body).to_be_bytes())
    }
}

/// Writes index format v2 as Prometheus 2.42's `index.Writer`: symbols, 16-byte aligned
/// series, label indices, postings (the all-series list first), the label offset table, the
/// postings offset table and the TOC. `series` is sorted by labels; each entry lists its
/// chunks as (min time, max time, ref).
fn write_index(path: &Path, series: &[IndexSeries<'_>]) -> Result<()> {
    // Symbols: every name and value, plus "" (the all-postings key's name and value).
    let mut symbols: Vec<&str> = vec![""];
    for (labels, _) in series {
        for (n, v) in labels.iter() {
            symbols.push(n);
            symbols.push(v);
        }
    }
    symbols.sort_unstable();
    symbols.dedup();
    let sym_index: HashMap<&str, u32> = symbols
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let sym = |s: &str| sym_index.get(s).copied().unwrap_or(0);

    let f = File::create(path).map_err(|e| Error::io(path, &e))?;
    let mut out = IndexFile {
        path,
        w: BufWriter::with_capacity(1 << 20, f),
        pos: 0,
    };
    let mut head = INDEX_MAGIC.to_be_bytes().to_vec();
    head.push(INDEX_VERSION);
    out.put(&head)?;

    let toc_symbols = out.pos;
    let mut body = (symbols.len() as u32).to_be_bytes().to_vec();
    for s in &symbols {
        push_str(&mut body, s);
    }
    out.section(&body)?;

    // Series, and the postings gathered on the way: (name, value) symbols -> series IDs.
    let toc_series = out.pos;
    let mut all: Vec<u32> = Vec::with_capacity(series.len());
    let mut postings: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
    let mut buf = Vec::new();
    for (labels, chunks) in series {
        out.pad(16)?;
        let id = u32::try_from(out.pos / 16)
            .map_err(|_| Error::new(path, None, "index exceeds 64 GiB"))?;
        all.push(id);
        buf.clear();
        push_uvarint(&mut buf, labels.len() as u64);
        for (n, v) in labels.iter() {
            let (ns, vs) = (sym(n), sym(v));
            push_uvarint(&mut buf, u64::from(ns));
            push_uvarint(&mut buf, u64::from(vs));
            postings.entry((ns, vs)).or_default().push(id);
        }
        push_uvarint(&mut buf, chunks.len() as u64);
        let mut prev: Option<(i64, u64)> = None;
        for c in chunks.iter() {
            let (mint, maxt, r) = (c.min_time, c.max_time, c.chunk_ref);
            match prev {
                None => {
                    push_varint(&mut buf, mint);
                    push_uvarint(&mut buf, maxt.wrapping_sub(mint) as u64);
                    push_uvarint(&mut buf, r);
                }
                Some((t0, r0)) => {
                    push_uvarint(&mut buf, mint.wrapping_sub(t0) as u64);
                    push_uvarint(&mut buf, maxt.wrapping_sub(mint) as u64);
                    push_varint(&mut buf, (r as i64).wrapping_sub(r0 as i64));
                }
            }
            prev = Some((maxt, r));
        }
        let mut len = Vec::with_capacity(5);
        push_uvarint(&mut len, buf.len() as u64);
        out.put(&len)?;
        out.put(&buf)?;
        out.put(&checksum(&buf).to_be_bytes())?;
    }

    let mut keys: Vec<(u32, u32)> = postings.keys().copied().collect();
    keys.sort_unstable();
    let name_of = |i: u32| symbols.get(i as usize).copied().unwrap_or("");

    // Label indices (legacy): one per label name, its values as symbol references.
    let toc_label_indices = out.pos;
    let mut label_indices: Vec<(u32, u64)> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let name = keys.get(i).map_or(0, |k| k.0);
        let values: Vec<u32> = keys
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|k| k.0 == name)
            .map(|k| k.1)
            .collect();
        i += values.len();
        out.pad(4)?;
        label_indices.push((name, out.pos));
        let mut body = Vec::with_capacity(8 + 4 * values.len());
        body.extend_from_slice(&1u32.to_be_bytes());
        body.extend_from_slice(&(values.len() as u32).to_be_bytes());
        for v in values {
            body.extend_from_slice(&v.to_be_bytes());
        }
        out.section(&body)?;
    }

    // Postings: the all-series list under ("", ""), then every (name, value) in order.
    let toc_postings = out.pos;
    out.pad(4)?;
    let mut offsets: Vec<(&str, &str, u64)> = Vec::with_capacity(keys.len() + 1);
    let write_list = |out: &mut IndexFile<'_>, ids: &[u32]| -> Result<u64> {
        out.pad(4)?;
        let at = out.pos;
        let mut body = Vec::with_capacity(4 + 4 * ids.len());
        body.extend_from_slice(&(ids.len() as u32).to_be_bytes());
        for id in ids {
            body.extend_from_slice(&id.to_be_bytes());
        }
        out.section(&body)?;
        Ok(at)
    };
    offsets.push(("", "", write_list(&mut out, &all)?));
    for k in &keys {
        let ids = postings.get(k).map_or(&[][..], Vec::as_slice);
        offsets.push((name_of(k.0), name_of(k.1), write_list(&mut out, ids)?));
    }

    let toc_label_table = out.pos;
    let mut body = (label_indices.len() as u32).to_be_bytes().to_vec();
    for (name, off) in &label_indices {
        push_uvarint(&mut body, 1);
        push_str(&mut body, name_of(*name));
        push_uvarint(&mut body, *off);
    }
    out.section(&body)?;

    let toc_postings_table = out.pos;
    let mut body = (offsets.len() as u32).to_be_bytes().to_vec();
    for (n, v, off) in &offsets {
        push_uvarint(&mut body, 2);
        push_str(&mut body, n);
        push_str(&mut body, v);
        push_uvarint(&mut body, *off);
    }
    out.section(&body)?;

    let mut toc = Vec::with_capacity(52);
    for off in [
        toc_symbols,
        toc_series,
        toc_label_indices,
        toc_label_table,
        toc_postings,
        toc_postings_table,
    ] {
        toc.extend_from_slice(&off.to_be_bytes());
    }
    let crc = checksum(&toc);
    toc.extend_from_slice(&crc.to_be_bytes());
    out.put(&toc)?;

    let f = out.w.into_inner().map_err(|e| Error::io(path, e.error()))?;
    f.sync_all().map_err(|e| Error::io(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tsdb::index::{ChunkMeta, Index};

    fn labels(pairs: &[(&str, &str)]) -> Arc<LabelPairs> {
        Arc::new(
            normalize_labels(
                pairs
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
            )
            .unwrap(),
        )
    }

    fn fixture_block(name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/tsdb/blocks")
            .join(name);
        let mut blocks = crate::tsdb::block::block_dirs(&dir).unwrap();
        blocks.remove(0)
    }

    /// promtool's block for `tiny_ts.om` (its truncated timestamps), byte for byte.
    #[test]
    fn tiny_ts_matches_promtool() {
        let mut w = BlockWriter::new(2 * DEFAULT_BLOCK_DURATION);
        let s = w.series(labels(&[("__name__", "tiny_ts")])).unwrap();
        for (t, v) in [
            (300, 0.0),
            (1000, 1.0),
            (1002, 2.0),
            (2001, 3.0),
            (4350, 4.0),
            (8200, 5.0),
            (9999, 6.0),
        ] {
            assert_eq!(w.append(s, t, v), Appended::Stored);
        }
        let tmp = tempfile::tempdir().unwrap();
        let id = Ulid::new(1, 2);
        let b = w.write(tmp.path(), id).unwrap().unwrap();
        let want = fixture_block("tiny_ts");
        for f in ["index", "chunks/000001", "tombstones"] {
            assert_eq!(
                fs::read(b.dir.join(f)).unwrap(),
                fs::read(want.join(f)).unwrap(),
                "{f}"
            );
        }
        let mut want_meta = fs::read_to_string(want.join("meta.json")).unwrap();
        want_meta = want_meta.replace("01M80AS4Q64T9EBGHES5AA6ZXX", &id.to_string());
        assert_eq!(
            fs::read_to_string(b.dir.join("meta.json")).unwrap(),
            want_meta
        );
        assert_eq!(b.size, 535);
        assert_eq!((b.meta.min_time, b.meta.max_time), (300, 10000));
        assert!(!tmp.path().join(format!("{id}{TMP_FOR_CREATION}")).exists());
    }

    #[test]
    fn index_reads_back() {
        let mut w = BlockWriter::new(DEFAULT_BLOCK_DURATION);
        let sets = [
            labels(&[("__name__", "b"), ("job", "x"), ("zone", "é\n\"")]),
            labels(&[("__name__", "a"), ("job", "y")]),
            labels(&[("__name__", "a"), ("job", "x")]),
            labels(&[("__name__", "a")]),
        ];
        for (i, l) in sets.iter().enumerate() {
            let s = w.series(Arc::clone(l)).unwrap();
            assert_eq!(w.series(Arc::clone(l)).unwrap(), s);
            // 300 samples a minute apart: cut at the predicted end time, then at 240.
            for k in 0..(100 * (i as i64 + 1)) {
                w.append(s, k * 1000, k as f64 * 0.5);
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        let b = w.write(tmp.path(), Ulid::new(7, 7)).unwrap().unwrap();
        assert_eq!(b.meta.stats.num_series, 4);
        assert_eq!(b.meta.stats.num_samples, 1000);
        let idx = Index::read(&b.dir.join("index")).unwrap();
        assert_eq!(
            idx.symbols(),
            ["", "__name__", "a", "b", "job", "x", "y", "zone", "é\n\""]
        );
        let ids = idx.all_postings().unwrap();
        assert_eq!(ids.len(), 4);
        let mut got = Vec::new();
        for &id in &ids {
            got.push(idx.series(id).unwrap());
        }
        let names: Vec<_> = got.iter().map(|s| s.labels.clone()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert_eq!(idx.postings("job", "x").unwrap(), vec![ids[1], ids[3]]);
        assert_eq!(idx.postings("__name__", "a").unwrap(), ids[..3].to_vec());
        assert_eq!(
            idx.label_pairs().collect::<Vec<_>>(),
            [
                ("__name__", "a"),
                ("__name__", "b"),
                ("job", "x"),
                ("job", "y"),
                ("zone", "é\n\"")
            ]
        );
        // {__name__="a"}: 400 samples, 1 s apart, in a 2h chunk range: the 30th sample
        // predicts an end after 120 samples.
        let first = &got[0];
        assert_eq!(first.labels, *sets[3]);
        let counts: Vec<i64> = first
            .chunks
            .iter()
            .map(|c| (c.max_time - c.min_time) / 1000 + 1)
            .collect();
        assert_eq!(counts.iter().sum::<i64>(), 400);
        assert!(
            first
                .chunks
                .windows(2)
                .all(|w| w[0].max_time < w[1].min_time),
            "{:?}",
            first.chunks
        );
        // Reading the samples back through the storage reader (series in label order, as
        // their IDs).
        use crate::storage::Queryable;
        let read = crate::storage::tsdb::TsdbStorage::open(&b.dir).unwrap();
        let all = read.select(&[], i64::MIN, i64::MAX).unwrap();
        assert_eq!(all[0].floats.len(), 400);
        let last_point = all[0].floats[399];
        assert_eq!((last_point.t, last_point.f), (399_000, 199.5));
        let last = &got[3];
        assert_eq!(
            last.chunks[0],
            ChunkMeta {
                min_time: 0,
                max_time: last.chunks[0].max_time,
                chunk_ref: last.chunks[0].chunk_ref
            }
        );
    }

    #[test]
    fn chunks_are_cut_like_the_head() {
        // 15 s samples over 2h in a 4h chunk range (promtool's backfill): 4 chunks of 120.
        let mut s = SeriesBuf {
            labels: labels(&[("a", "b")]),
            done: Vec::new(),
            open: None,
            next_at: i64::MIN,
            last_value: 0,
        };
        let start = 1_699_999_200_000;
        for i in 0..480 {
            s.append(start + i * 15_000, 1.0, 4 * 3_600_000);
        }
        let sizes: Vec<u16> = s.chunks().map(|c| c.2).collect();
        assert_eq!(sizes, [120, 120, 120, 120]);
        // The rate goes up after the prediction at the 30th sample: cut at 240 samples.
        let mut s2 = s.clone();
        s2.done.clear();
        s2.open = None;
        for i in 0..330 {
            let t = if i < 30 { i * 1000 } else { 29_000 + i - 29 };
            s2.append(t, 1.0, 4 * 3_600_000);
        }
        let sizes: Vec<u16> = s2.chunks().map(|c| c.2).collect();
        assert_eq!(sizes, [240, 90]);
        // A chunk-range boundary always cuts.
        let mut s3 = s.clone();
        s3.done.clear();
        s3.open = None;
        for t in [3_599_000, 3_600_000] {
            s3.append(t, 1.0, 3_600_000);
        }
        assert_eq!(s3.chunks().count(), 2);
        assert_eq!(compute_chunk_end_time(0, 29, 7200), 120);
        assert_eq!(compute_chunk_end_time(0, 299, 7200), 1200);
        assert_eq!(compute_chunk_end_time(0, 7000, 7200), 7200);
        assert_eq!(range_for_timestamp(-1000, 7200), 7200);
        assert_eq!(range_for_timestamp(7200, 7200), 14400);
    }

    #[test]
    fn out_of_order_and_duplicates_are_dropped() {
        let mut w = BlockWriter::new(DEFAULT_BLOCK_DURATION);
        let s = w.series(labels(&[("__name__", "g")])).unwrap();
        assert_eq!(w.append(s, 10, 1.0), Appended::Stored);
        assert_eq!(w.append(s, 5, 1.0), Appended::OutOfOrder { newest: 10 });
        assert_eq!(w.append(s, 10, 1.0), Appended::Duplicate);
        assert_eq!(
            w.append(s, 10, 2.0),
            Appended::Conflict { newest_value: 1.0 }
        );
        assert_eq!(w.append(s, 11, 2.0), Appended::Stored);
        assert_eq!(w.num_samples(), 2);
        assert_eq!(w.time_range(), Some((10, 11)));
        assert_eq!(w.append(99, 1, 1.0), Appended::UnknownSeries);
    }

    #[test]
    fn labels_are_checked() {
        assert_eq!(
            normalize_labels(vec![("b".into(), "1".into()), ("a".into(), "".into())]),
            Ok(vec![("b".to_string(), "1".to_string())])
        );
        assert_eq!(normalize_labels(vec![]), Err(LabelsError::Empty));
        let e = normalize_labels(vec![("x".into(), "1".into()), ("x".into(), "2".into())]);
        assert_eq!(
            e.unwrap_err().to_string(),
            "label name \"x\" is not unique: invalid sample"
        );
        let mut w = BlockWriter::new(1);
        let unsorted = Arc::new(vec![
            ("b".to_string(), "1".to_string()),
            ("a".to_string(), "1".to_string()),
        ]);
        assert_eq!(w.series(unsorted), Err(LabelsError::NotNormalized));
        assert_eq!(w.series(Arc::new(vec![])), Err(LabelsError::Empty));
        // Nothing stored: no block.
        let tmp = tempfile::tempdir().unwrap();
        assert!(w.write(tmp.path(), Ulid::new(1, 1)).unwrap().is_none());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn segments_are_cut_at_the_size_limit() {
        let mut w = BlockWriter::new(DEFAULT_BLOCK_DURATION).with_segment_size(200);
        for i in 0..5 {
            let s = w.series(labels(&[("i", &i.to_string())])).unwrap();
            for k in 0..10 {
                w.append(s, k * 1000, (k * i) as f64 + 0.1);
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        let b = w.write(tmp.path(), Ulid::new(3, 3)).unwrap().unwrap();
        let segs = fs::read_dir(b.dir.join("chunks")).unwrap().count();
        assert!(segs > 1, "{segs} segments");
        for entry in fs::read_dir(b.dir.join("chunks")).unwrap() {
            let len = entry.unwrap().metadata().unwrap().len();
            assert!(len <= 200, "{len}");
        }
        use crate::storage::Queryable;
        let read = crate::storage::tsdb::TsdbStorage::open(&b.dir).unwrap();
        let all = read.select(&[], 0, i64::MAX).unwrap();
        assert!(!all.is_empty());
        for s in all {
            assert_eq!(s.floats.len(), 10);
        }
    }

    #[test]
    fn failed_writes_leave_nothing() {
        let mut w = BlockWriter::new(DEFAULT_BLOCK_DURATION);
        let s = w.series(labels(&[("a", "b")])).unwrap();
        w.append(s, 1, 1.0);
        let tmp = tempfile::tempdir().unwrap();
        // The parent is a file: nothing can be created under it.
        let file = tmp.path().join("f");
        fs::write(&file, b"x").unwrap();
        assert!(w.write(&file, Ulid::new(1, 1)).is_err());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn meta_json_is_go_shaped() {
        let m = Meta {
            ulid: "U".into(),
            min_time: 1,
            max_time: 2,
            stats: Stats::default(),
            compaction: Compaction {
                level: 2,
                parents: vec![crate::tsdb::meta::Parent {
                    ulid: "P<".into(),
                    min_time: 0,
                    max_time: 1,
                }],
                hints: vec!["h".into()],
                ..Compaction::default()
            },
            version: 1,
        };
        let text = meta_json(&m);
        assert!(text.contains("\t\"stats\": {},\n"), "{text}");
        assert!(text.contains("\"P\\u003c\""), "{text}");
        assert_eq!(
            Meta::parse(Path::new("m"), text.as_bytes()).unwrap(),
            Meta {
                ulid: "U".into(),
                ..m
            }
        );
        assert_eq!(empty_tombstones(), [0x01, 0x30, 0xba, 0x30, 1, 0, 0, 0, 0]);
    }
}
