//! Chunk segment files (`chunks/000001`, ...) and chunk references into them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{check_crc, Corrupt, Decbuf, Error, FileBytes, Result};

const MAGIC: u32 = 0x85BD_40DD;
const HEADER_LEN: usize = 8;

/// Maps a block's segment files on first use and hands out chunks by reference; shareable
/// between threads.
#[derive(Debug)]
pub struct ChunkReader {
    dir: PathBuf,
    /// The segments present (segment `i` is file `i + 1`), mapped on first use.
    segments: BTreeMap<u32, OnceLock<Result<FileBytes>>>,
}

/// A raw chunk: its encoding byte and data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawChunk<'a> {
    pub encoding: u8,
    pub data: &'a [u8],
    /// Where `data` starts in the segment file, for error messages.
    pub data_offset: u64,
}

impl ChunkReader {
    /// `dir` is the block's `chunks/` directory. Segment files are numbered from `000001`;
    /// other names are ignored, and references to segments not present fail when used.
    pub fn new(dir: &Path) -> ChunkReader {
        let segments = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| segment_number(e.ok()?.file_name().to_str()?))
            .map(|seg| (seg, OnceLock::new()))
            .collect();
        ChunkReader {
            dir: dir.to_path_buf(),
            segments,
        }
    }

    /// The file holding segment `seg` (segment 0 is `000001`).
    pub fn segment_path(&self, seg: u32) -> PathBuf {
        self.dir.join(format!("{:06}", u64::from(seg) + 1))
    }

    fn segment(&self, seg: u32) -> Result<&[u8]> {
        // The path only for opening and errors: this runs for every chunk read.
        let slot = self.segments.get(&seg).ok_or_else(|| {
            Error::new(
                &self.segment_path(seg),
                None,
                "chunk segment file does not exist",
            )
        })?;
        let mapped = slot.get_or_init(|| {
            let path = self.segment_path(seg);
            let b = FileBytes::map(&path)?;
            check_header(&b).map_err(|c| Error::corrupt(&path, 0, c))?;
            Ok(b)
        });
        match mapped {
            Ok(b) => Ok(b),
            Err(e) => Err(e.clone()),
        }
    }

    /// The chunk at `chunk_ref` (`segment << 32 | offset`), its CRC checked.
    pub fn chunk(&self, chunk_ref: u64) -> Result<RawChunk<'_>> {
        let seg = (chunk_ref >> 32) as u32;
        let off = (chunk_ref & 0xffff_ffff) as usize;
        let b = self.segment(seg)?;
        read_chunk(b, off).map_err(|c| Error::corrupt(&self.segment_path(seg), 0, c))
    }
}

/// The segment a file name stands for, if it is one as [`ChunkReader::segment_path`] names
/// them (`000001` is segment 0).
fn segment_number(name: &str) -> Option<u32> {
    let n: u64 = name.parse().ok()?;
    let seg = u32::try_from(n.checked_sub(1)?).ok()?;
    (format!("{n:06}") == name).then_some(seg)
}

fn check_header(b: &[u8]) -> std::result::Result<(), Corrupt> {
    let mut d = Decbuf::new(b, 0);
    if d.be32()
        .map_err(|_| Corrupt::new(0, "chunk file too short for its header"))?
        != MAGIC
    {
        return Err(Corrupt::new(0, "bad chunk file magic"));
    }
    let version = d.u8()?;
    if version != 1 {
        return Err(Corrupt::new(
            4,
            format!("unsupported chunk file version {version}"),
        ));
    }
    Ok(())
}

fn read_chunk(b: &[u8], off: usize) -> std::result::Result<RawChunk<'_>, Corrupt> {
    if off < HEADER_LEN || off >= b.len() {
        return Err(Corrupt::new(
            off,
            format!(
                "chunk reference offset {off} outside the file ({} bytes)",
                b.len()
            ),
        ));
    }
    let mut d = Decbuf::new(b, off);
    let len = d.uvarint_usize()?;
    let start = d.pos;
    let encoding = d.u8()?;
    let data_offset = d.pos as u64;
    let data = d.bytes(len)?;
    // The CRC covers the encoding byte and the data.
    check_crc(b, start, len + 1, "chunk")?;
    Ok(RawChunk {
        encoding,
        data,
        data_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tsdb::crc32c::checksum;

    fn segment(chunks: &[(u8, &[u8])]) -> Vec<u8> {
        let mut b = vec![0x85, 0xbd, 0x40, 0xdd, 1, 0, 0, 0];
        for (enc, data) in chunks {
            b.push(data.len() as u8);
            let start = b.len();
            b.push(*enc);
            b.extend_from_slice(data);
            let crc = checksum(&b[start..]);
            b.extend_from_slice(&crc.to_be_bytes());
        }
        b
    }

    #[test]
    fn reads_chunks_by_offset() {
        let b = segment(&[(1, b"abc"), (2, b"de")]);
        assert_eq!(check_header(&b), Ok(()));
        let c = read_chunk(&b, 8).unwrap();
        assert_eq!((c.encoding, c.data), (1, &b"abc"[..]));
        let c = read_chunk(&b, 17).unwrap();
        assert_eq!((c.encoding, c.data), (2, &b"de"[..]));
    }

    #[test]
    fn corrupt_chunks_are_errors() {
        let b = segment(&[(1, b"abc")]);
        assert!(read_chunk(&b, 0).is_err());
        assert!(read_chunk(&b, 100).is_err());
        for n in 9..b.len() {
            assert!(read_chunk(&b[..n], 8).is_err(), "truncated at {n}");
        }
        let mut bad = b.clone();
        bad[10] ^= 0x20;
        let e = read_chunk(&bad, 8).unwrap_err();
        assert!(e.message.contains("chunk: CRC32C mismatch"), "{e:?}");
        assert_eq!(e.offset, 9);
        assert!(check_header(&b[..3]).is_err());
        let mut v2 = b;
        v2[4] = 2;
        assert!(check_header(&v2).is_err());
    }

    #[test]
    fn segment_file_names() {
        assert_eq!(segment_number("000001"), Some(0));
        assert_eq!(segment_number("000123"), Some(122));
        assert_eq!(segment_number("1234567"), Some(1_234_566));
        assert_eq!(segment_number("4294967296"), Some(u32::MAX));
        for name in [
            "000000",
            "1",
            "0000001",
            "+00001",
            "4294967297",
            "99999999999",
            "x",
        ] {
            assert_eq!(segment_number(name), None, "{name}");
        }
    }

    #[test]
    fn stray_numeric_files_allocate_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("99999999999"), b"").unwrap();
        std::fs::write(dir.path().join("000002"), b"").unwrap();
        let r = ChunkReader::new(dir.path());
        assert_eq!(r.segments.keys().copied().collect::<Vec<_>>(), [1]);
        let e = r.chunk(8).unwrap_err();
        assert!(
            e.to_string()
                .contains("000001: chunk segment file does not exist"),
            "{e}"
        );
        let e = r.chunk(1 << 32 | 8).unwrap_err();
        assert!(e.to_string().contains("000002: "), "{e}");
    }

    #[test]
    fn missing_segment_names_the_file() {
        let r = ChunkReader::new(Path::new("/nonexistent/chunks"));
        let e = r.chunk(3 << 32 | 8).unwrap_err();
        assert!(
            e.to_string().starts_with("/nonexistent/chunks/000004: "),
            "{e}"
        );
    }
}
