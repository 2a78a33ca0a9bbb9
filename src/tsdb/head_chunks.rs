//! The head's m-mapped chunks: `chunks_head/000001`, ... (Prometheus's `ChunkDiskMapper`).
//!
//! A file is `BE32 magic 0x0130BC91 | u8 version 1 | 3 zero bytes`, then chunks back to back:
//! `BE64 series ref | BE64 mint | BE64 maxt | u8 encoding | uvarint len | data | BE32 CRC32C`
//! (the CRC covers everything before it). Files are created at full size, so the data ends
//! at the first all-zero entry header. Encoding bit 0x80 marks an out-of-order chunk. A
//! chunk's reference is `file number << 32 | offset`.

use std::path::{Path, PathBuf};

use super::chunkenc::{self, ChunkSamples, Encoding};
use super::{check_crc, Corrupt, Decbuf, Error, Result};

pub const MAGIC: u32 = 0x0130_BC91;
const HEADER_SIZE: usize = 8;
/// Series ref, mint, maxt, encoding, the longest length varint Prometheus reads, CRC.
const MAX_META_SIZE: usize = 8 + 8 + 8 + 1 + 5 + 4;
pub const OOO_MASK: u8 = 0x80;

/// A chunk's place in a head chunk file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadChunk {
    pub series_ref: u64,
    /// `file number << 32 | offset`, as in Prometheus's m-map markers.
    pub chunk_ref: u64,
    /// First and last sample timestamps.
    pub min_time: i64,
    pub max_time: i64,
    /// The encoding byte, out-of-order bit included.
    pub encoding: u8,
    file: usize,
    data_start: usize,
    data_len: usize,
}

impl HeadChunk {
    pub fn is_ooo(&self) -> bool {
        self.encoding & OOO_MASK != 0
    }

    /// The encoding without the out-of-order bit.
    pub fn base_encoding(&self) -> u8 {
        self.encoding & !OOO_MASK
    }

    /// Whether the chunk holds native histograms (integer or float, with or without start
    /// timestamps).
    pub fn is_histogram(&self) -> bool {
        matches!(
            Encoding::from_byte(self.base_encoding()),
            Encoding::Histogram
                | Encoding::FloatHistogram
                | Encoding::HistogramSt
                | Encoding::FloatHistogramSt
        )
    }

    /// Encodings Prometheus 2.42 loads (`chunkenc.IsValidEncoding`): XOR floats and native
    /// histograms (1–3). It skips chunks of others, such as the start-timestamp encodings
    /// (4–6) of Prometheus 3.x, and replays their samples from the WAL.
    pub fn has_valid_encoding(&self) -> bool {
        matches!(
            Encoding::from_byte(self.base_encoding()),
            Encoding::Xor | Encoding::Histogram | Encoding::FloatHistogram
        )
    }
}

#[derive(Debug)]
struct File {
    seq: u64,
    path: PathBuf,
    data: Vec<u8>,
}

/// The head chunk files of a data directory, read into memory (a live Prometheus keeps
/// writing into them, so they are not mapped).
#[derive(Debug, Default)]
pub struct HeadChunkFiles {
    files: Vec<File>,
}

/// The chunks found by [`HeadChunkFiles::scan`].
#[derive(Debug, Default)]
pub struct Scan {
    /// In file order.
    pub chunks: Vec<HeadChunk>,
    /// A corrupt file: Prometheus deletes it and every later file, so `chunks` holds only
    /// the chunks of the files before it.
    pub corruption: Option<Error>,
}

impl HeadChunkFiles {
    /// Reads the numbered files of `dir` (none when it does not exist). Like Prometheus, a
    /// gap in the numbering or a bad header is an error, except that a last file too short
    /// for its magic number or with a zero magic number (a file just created) is ignored.
    pub fn open(dir: &Path) -> Result<HeadChunkFiles> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(HeadChunkFiles::default())
            }
            Err(e) => return Err(Error::io(dir, &e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, &e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.is_empty() || !name.bytes().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let Ok(seq) = name.parse::<u64>() else {
                continue;
            };
            if entry.path().is_dir() {
                continue;
            }
            names.push((seq, entry.path()));
        }
        names.sort();
        let mut files = Vec::with_capacity(names.len());
        let last = names.len().saturating_sub(1);
        for (i, (seq, path)) in names.into_iter().enumerate() {
            let data = std::fs::read(&path).map_err(|e| Error::io(&path, &e))?;
            let magic = data
                .get(..4)
                .and_then(|m| <[u8; 4]>::try_from(m).ok())
                .map(u32::from_be_bytes);
            if i == last && magic.is_none_or(|m| m == 0) {
                continue;
            }
            files.push(File { seq, path, data });
        }
        for w in files.windows(2) {
            if let [a, b] = w {
                if a.seq.checked_add(1) != Some(b.seq) {
                    return Err(Error::new(
                        &b.path,
                        None,
                        format!(
                            "found unsequential head chunk files {} and {}",
                            a.path.display(),
                            b.path.display()
                        ),
                    ));
                }
            }
        }
        for f in &files {
            check_header(&f.data).map_err(|c| Error::corrupt(&f.path, 0, c))?;
        }
        Ok(HeadChunkFiles { files })
    }

    /// Every chunk entry of every file, CRCs checked, up to the first corrupt file.
    pub fn scan(&self) -> Scan {
        let mut scan = Scan::default();
        for (i, f) in self.files.iter().enumerate() {
            match scan_file(i, f) {
                Ok(chunks) => scan.chunks.extend(chunks),
                Err(c) => {
                    scan.corruption = Some(Error::corrupt(&f.path, 0, c));
                    return scan;
                }
            }
        }
        scan
    }

    /// The file holding `c`, for messages.
    pub fn path(&self, c: &HeadChunk) -> &Path {
        self.files
            .get(c.file)
            .map_or(Path::new(""), |f| f.path.as_path())
    }

    /// Decodes a chunk found by [`scan`](Self::scan) with [`chunkenc::decode_samples`].
    pub fn decode(&self, c: &HeadChunk) -> Result<ChunkSamples> {
        let path = self.path(c);
        let data = self
            .files
            .get(c.file)
            .and_then(|f| {
                f.data
                    .get(c.data_start..c.data_start.saturating_add(c.data_len))
            })
            .ok_or_else(|| Error::new(path, Some(c.data_start as u64), "chunk out of range"))?;
        chunkenc::decode_samples(c.base_encoding(), data)
            .map_err(|e| Error::corrupt(path, c.data_start as u64, e))
    }
}

fn check_header(b: &[u8]) -> std::result::Result<(), Corrupt> {
    if b.len() < HEADER_SIZE {
        return Err(Corrupt::new(
            0,
            format!("invalid head chunk file header: {} bytes", b.len()),
        ));
    }
    let mut d = Decbuf::new(b, 0);
    let magic = d.be32()?;
    if magic != MAGIC {
        return Err(Corrupt::new(0, format!("invalid magic number {magic:x}")));
    }
    let version = d.u8()?;
    if version != 1 {
        return Err(Corrupt::new(
            4,
            format!("invalid chunk format version {version}"),
        ));
    }
    Ok(())
}

/// The entries of one file (Prometheus's `IterateAllChunks`).
fn scan_file(file: usize, f: &File) -> std::result::Result<Vec<HeadChunk>, Corrupt> {
    let b = f.data.as_slice();
    let mut out = Vec::new();
    let mut idx = HEADER_SIZE;
    while idx < b.len() {
        if b.len() - idx < MAX_META_SIZE {
            // Only the zero tail of a pre-sized file may be this short.
            if b.get(idx..).unwrap_or(&[]).iter().all(|&c| c == 0) {
                break;
            }
            return Err(Corrupt::new(
                idx,
                format!(
                    "head chunk file has some unread data, but not enough bytes for a chunk header ({} left)",
                    b.len() - idx
                ),
            ));
        }
        let start = idx;
        let mut d = Decbuf::new(b, idx);
        let series_ref = d.be64()?;
        let min_time = d.be64()? as i64;
        let max_time = d.be64()? as i64;
        // Series refs start at 1: an all-zero header is the unused rest of the file.
        if series_ref == 0 && min_time == 0 && max_time == 0 {
            break;
        }
        let encoding = d.u8()?;
        let len_at = d.pos;
        let len = d.uvarint()?;
        if d.pos - len_at > 5 {
            return Err(Corrupt::new(
                len_at,
                "chunk length varint longer than 5 bytes",
            ));
        }
        let data_start = d.pos;
        let data_end = usize::try_from(len)
            .ok()
            .and_then(|l| data_start.checked_add(l))
            .filter(|&e| e.checked_add(4).is_some_and(|e4| e4 <= b.len()))
            .ok_or_else(|| {
                Corrupt::new(
                    start,
                    format!(
                        "head chunk file does not include enough bytes for a chunk of {len} bytes ({} left)",
                        b.len() - data_start
                    ),
                )
            })?;
        // The CRC covers the whole entry before it.
        check_crc(b, start, data_end - start, "head chunk")?;
        out.push(HeadChunk {
            series_ref,
            chunk_ref: f.seq << 32 | start as u64,
            min_time,
            max_time,
            encoding,
            file,
            data_start,
            data_len: data_end - data_start,
        });
        idx = data_end + 4;
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A head chunk file with `chunks` (series ref, mint, maxt, encoding, data), padded to
    /// `size` bytes with zeros.
    pub(crate) fn head_file(chunks: &[(u64, i64, i64, u8, &[u8])], size: usize) -> Vec<u8> {
        let mut b = vec![0x01, 0x30, 0xbc, 0x91, 1, 0, 0, 0];
        for (r, mint, maxt, enc, data) in chunks {
            let start = b.len();
            b.extend_from_slice(&r.to_be_bytes());
            b.extend_from_slice(&mint.to_be_bytes());
            b.extend_from_slice(&maxt.to_be_bytes());
            b.push(*enc);
            crate::tsdb::record::tests::put_uvarint(&mut b, data.len() as u64);
            b.extend_from_slice(data);
            let crc = crate::tsdb::crc32c::checksum(&b[start..]);
            b.extend_from_slice(&crc.to_be_bytes());
        }
        if b.len() < size {
            b.resize(size, 0);
        }
        b
    }

    fn file(data: Vec<u8>) -> File {
        File {
            seq: 3,
            path: PathBuf::from("chunks_head/000003"),
            data,
        }
    }

    #[test]
    fn scans_entries_up_to_the_zero_tail() {
        let b = head_file(
            &[(1, 10, 20, 1, b"abc"), (2, 5, 6, 0x81, b"0123456789")],
            4096,
        );
        let chunks = scan_file(0, &file(b.clone())).unwrap();
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].chunk_ref, 3 << 32 | 8);
        assert_eq!((chunks[0].min_time, chunks[0].max_time), (10, 20));
        assert!(!chunks[0].is_ooo() && chunks[1].is_ooo());
        assert_eq!(chunks[1].base_encoding(), 1);
        assert_eq!(chunks[1].chunk_ref, 3 << 32 | (8 + 25 + 1 + 3 + 4));
        // Without a zero tail.
        let n = 8 + 25 + 1 + 3 + 4 + 25 + 1 + 10 + 4;
        assert_eq!(scan_file(0, &file(b[..n].to_vec())).unwrap().len(), 2);
        // Like Prometheus, an entry shorter than the longest possible header must be followed
        // by the zero tail.
        let b = head_file(&[(1, 10, 20, 1, b"abc")], 0);
        assert!(scan_file(0, &file(b)).is_err());
    }

    #[test]
    fn corrupt_entries_are_errors() {
        let b = head_file(&[(1, 10, 20, 1, b"abc")], 200);
        let mut bad = b.clone();
        bad[8 + 26] ^= 1;
        let e = scan_file(0, &file(bad)).unwrap_err();
        assert_eq!(e.offset, 8);
        assert!(e.message.contains("head chunk: CRC32C mismatch"), "{e:?}");
        // A length running past the end of the file.
        let mut bad = b.clone();
        bad[8 + 25] = 0x7f;
        let e = scan_file(0, &file(bad[..100].to_vec())).unwrap_err();
        assert!(e.message.contains("enough bytes"), "{e:?}");
        // Non-zero garbage too short for a header.
        let mut bad = b[..45].to_vec();
        bad.extend_from_slice(&[0, 0, 7]);
        let e = scan_file(0, &file(bad)).unwrap_err();
        assert!(e.message.contains("unread data"), "{e:?}");
        for n in 0..b.len() {
            let _ = scan_file(0, &file(b[..n].to_vec()));
        }
        assert!(check_header(&b[..7]).is_err());
        let mut v2 = b.clone();
        v2[4] = 2;
        assert!(check_header(&v2).is_err());
    }

    #[test]
    fn open_checks_headers_and_sequence() {
        let tmp = tempfile::tempdir().expect("tmp");
        let d = tmp.path();
        assert!(HeadChunkFiles::open(&d.join("missing"))
            .unwrap()
            .files
            .is_empty());
        let good = head_file(&[(1, 10, 20, 1, b"abc")], 64);
        std::fs::write(d.join("000001"), &good).expect("write");
        std::fs::write(d.join("000002"), &good).expect("write");
        // A last file that was just created (zero magic) is ignored.
        std::fs::write(d.join("000003"), [0u8; 16]).expect("write");
        let files = HeadChunkFiles::open(d).unwrap();
        assert_eq!(files.files.len(), 2);
        let scan = files.scan();
        assert!(scan.corruption.is_none());
        assert_eq!(scan.chunks.len(), 2);
        assert_eq!(scan.chunks[1].chunk_ref, 2 << 32 | 8);
        // A corrupt file ends the scan: its chunks and later files' are dropped.
        let mut bad = good.clone();
        bad[30] ^= 1;
        std::fs::write(d.join("000001"), &bad).expect("write");
        let scan = HeadChunkFiles::open(d).unwrap().scan();
        assert!(scan.chunks.is_empty());
        let e = scan.corruption.expect("corrupt");
        assert!(
            e.to_string()
                .contains("000001: at offset 8: head chunk: CRC32C mismatch"),
            "{e}"
        );
        // A gap is an error; so is a bad magic number.
        std::fs::remove_file(d.join("000002")).expect("rm");
        std::fs::write(d.join("000004"), &good).expect("write");
        let e = HeadChunkFiles::open(d).unwrap_err();
        assert!(e.message.contains("unsequential"), "{e}");
        std::fs::remove_file(d.join("000004")).expect("rm");
        std::fs::write(d.join("000001"), b"nope nope").expect("write");
        let e = HeadChunkFiles::open(d).unwrap_err();
        assert!(e.message.contains("invalid magic"), "{e}");
    }
}
