//! A block directory (`meta.json`, `index`, `chunks/`, `tombstones`) and the blocks of a data
//! directory. Samples are read through `storage::tsdb`, which merges blocks and the head.

use std::path::{Path, PathBuf};

use super::chunks::ChunkReader;
use super::index::Index;
use super::meta::Meta;
use super::tombstones::Tombstones;
use super::{Error, Result};

/// Labels of a series, sorted by name: Prometheus's series order is this vector's order.
pub type LabelPairs = Vec<(String, String)>;

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
