//! Read-only access to Prometheus TSDB blocks (index v1–v3, chunk segments, tombstones), as
//! written by Prometheus 2.x/3.x and `promtool tsdb create-blocks-from`, and to the head of a
//! data directory (`wal/`, `chunks_head/`, see [`head`]). Format notes:
//! shared/research/tsdb.md.
//!
//! Every read is bounds-checked: corrupt or truncated files give an [`Error`] naming the file
//! and the byte offset, never a panic.

pub mod analyze;
pub mod block;
pub mod chunkenc;
pub mod chunks;
pub mod crc32c;
pub mod head;
pub mod head_chunks;
pub mod histogram_chunk;
pub mod index;
pub mod meta;
pub mod record;
pub mod tombstones;
pub mod ulid;
pub mod wal;
pub mod writer;
pub mod xor_encode;

use std::fmt;
use std::path::{Path, PathBuf};

pub use block::Block;

/// A problem reading a TSDB file.
#[derive(Debug, Clone)]
pub struct Error {
    pub path: PathBuf,
    /// Byte offset in the file, when the problem is in its contents.
    pub offset: Option<u64>,
    pub message: String,
}

impl Error {
    pub fn new(path: &Path, offset: Option<u64>, message: impl Into<String>) -> Error {
        Error {
            path: path.to_path_buf(),
            offset,
            message: message.into(),
        }
    }

    pub fn io(path: &Path, err: &std::io::Error) -> Error {
        Error::new(path, None, err.to_string())
    }

    /// A decoding problem at `c.offset` bytes after `base` in the file.
    pub fn corrupt(path: &Path, base: u64, c: Corrupt) -> Error {
        Error::new(path, Some(base + c.offset as u64), c.message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(off) => write!(
                f,
                "{}: at offset {off}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// The bytes of an immutable TSDB file: memory-mapped, or owned (empty files, tests).
pub enum FileBytes {
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl FileBytes {
    /// Maps `path` read-only.
    pub fn map(path: &Path) -> Result<FileBytes> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
        let len = file.metadata().map_err(|e| Error::io(path, &e))?.len();
        if len == 0 {
            return Ok(FileBytes::Owned(Vec::new()));
        }
        // SAFETY: block files (index, chunk segments) are written once, then renamed into
        // place and never modified; Prometheus itself maps them the same way. A file
        // truncated underneath us by another process is outside what any reader can guard.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, &e))?;
        Ok(FileBytes::Mapped(map))
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(v: Vec<u8>) -> FileBytes {
        FileBytes::Owned(v)
    }
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(m) => m,
            FileBytes::Owned(v) => v,
        }
    }
}

impl fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FileBytes({} bytes)", self.len())
    }
}

/// A decoding problem inside a byte slice, before the file it came from is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt {
    /// Offset in the decoded slice.
    pub offset: usize,
    pub message: String,
}

impl Corrupt {
    pub fn new(offset: usize, message: impl Into<String>) -> Corrupt {
        Corrupt {
            offset,
            message: message.into(),
        }
    }
}

/// A cursor over a byte slice with checked big-endian and varint reads (Go's
/// `encoding/binary` varints).
#[derive(Debug, Clone)]
pub struct Decbuf<'a> {
    b: &'a [u8],
    pub pos: usize,
}

impl<'a> Decbuf<'a> {
    pub fn new(b: &'a [u8], pos: usize) -> Decbuf<'a> {
        Decbuf { b, pos }
    }

    pub fn remaining(&self) -> usize {
        self.b.len().saturating_sub(self.pos)
    }

    #[inline]
    pub fn bytes(&mut self, n: usize) -> std::result::Result<&'a [u8], Corrupt> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| {
                Corrupt::new(
                    self.pos,
                    format!(
                        "unexpected end of data: need {n} bytes, have {}",
                        self.remaining()
                    ),
                )
            })?;
        let out = &self.b[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    pub fn u8(&mut self) -> std::result::Result<u8, Corrupt> {
        Ok(self.bytes(1)?[0])
    }

    pub fn be32(&mut self) -> std::result::Result<u32, Corrupt> {
        let b = self.bytes(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    #[inline]
    pub fn be64(&mut self) -> std::result::Result<u64, Corrupt> {
        let b = self.bytes(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }

    // Always inlined: chunk headers are parsed on the decoders' hot path.
    #[inline(always)]
    pub fn uvarint(&mut self) -> std::result::Result<u64, Corrupt> {
        let start = self.pos;
        let mut x: u64 = 0;
        for i in 0..10 {
            let c = self
                .bytes(1)
                .map_err(|_| Corrupt::new(start, "truncated varint"))?[0];
            // The 10th byte may only carry the top bit of a u64.
            if i == 9 && c > 1 {
                return Err(Corrupt::new(start, "varint overflows 64 bits"));
            }
            x |= u64::from(c & 0x7f) << (7 * i);
            if c < 0x80 {
                return Ok(x);
            }
        }
        Err(Corrupt::new(start, "varint overflows 64 bits"))
    }

    pub fn varint(&mut self) -> std::result::Result<i64, Corrupt> {
        let u = self.uvarint()?;
        Ok(zigzag(u))
    }

    /// A `uvarint` length followed by that many bytes.
    pub fn uvarint_bytes(&mut self) -> std::result::Result<&'a [u8], Corrupt> {
        let at = self.pos;
        let n = self.uvarint()?;
        let n = usize::try_from(n).map_err(|_| Corrupt::new(at, "length out of range"))?;
        self.bytes(n)
    }

    /// A `uvarint` as a usize count.
    pub fn uvarint_usize(&mut self) -> std::result::Result<usize, Corrupt> {
        let at = self.pos;
        let n = self.uvarint()?;
        usize::try_from(n).map_err(|_| Corrupt::new(at, "count out of range"))
    }
}

/// Go's zig-zag decoding of signed varints.
pub fn zigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

/// Checks that the 4 bytes after `body` in `b` (starting at `start`) are the big-endian CRC32C
/// of `b[start..start+len]`.
pub fn check_crc(
    b: &[u8],
    start: usize,
    len: usize,
    what: &str,
) -> std::result::Result<(), Corrupt> {
    let mut d = Decbuf::new(b, start);
    let body = d.bytes(len)?;
    let want = d.be32()?;
    let got = crc32c::checksum(body);
    if got != want {
        return Err(Corrupt::new(
            start,
            format!("{what}: CRC32C mismatch (computed {got:08x}, stored {want:08x})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints() {
        let mut d = Decbuf::new(&[0xac, 0x02, 0x03, 0x80], 0);
        assert_eq!(d.uvarint(), Ok(300));
        assert_eq!(d.varint(), Ok(-2));
        assert_eq!(d.uvarint().unwrap_err().message, "truncated varint");
        let mut d = Decbuf::new(&[0xff; 11], 0);
        assert!(d.uvarint().is_err());
        let mut d = Decbuf::new(
            &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
            0,
        );
        assert_eq!(d.uvarint(), Ok(u64::MAX));
        assert_eq!(zigzag(u64::MAX), i64::MIN);
    }

    #[test]
    fn short_reads_are_errors() {
        let mut d = Decbuf::new(&[1, 2, 3], 1);
        assert_eq!(d.be32().unwrap_err().offset, 1);
        assert_eq!(d.u8(), Ok(2));
        assert!(d.bytes(usize::MAX).is_err());
        let mut d = Decbuf::new(&[0x05, 1], 0);
        assert!(d.uvarint_bytes().is_err());
    }

    #[test]
    fn error_names_file_and_offset() {
        let e = Error::corrupt(Path::new("b/index"), 100, Corrupt::new(5, "bad"));
        assert_eq!(e.to_string(), "b/index: at offset 105: bad");
    }
}
