//! A block's `tombstones` file: deleted time intervals per series.

use std::collections::HashMap;
use std::path::Path;

use super::{check_crc, Corrupt, Decbuf, Error, Result};

const MAGIC: u32 = 0x0130_BA30;

/// Deleted intervals (inclusive, ms) by series ID.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tombstones {
    by_series: HashMap<u64, Vec<(i64, i64)>>,
}

impl Tombstones {
    /// Reads `path`; a missing file means no tombstones, as in Prometheus.
    pub fn read(path: &Path) -> Result<Tombstones> {
        match std::fs::read(path) {
            Ok(b) => Tombstones::decode(&b).map_err(|c| Error::corrupt(path, 0, c)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Tombstones::default()),
            Err(e) => Err(Error::io(path, &e)),
        }
    }

    pub fn decode(b: &[u8]) -> std::result::Result<Tombstones, Corrupt> {
        if b.len() < 9 {
            return Err(Corrupt::new(
                0,
                format!("tombstones file too short ({} bytes)", b.len()),
            ));
        }
        let mut d = Decbuf::new(b, 0);
        if d.be32()? != MAGIC {
            return Err(Corrupt::new(0, "bad tombstones magic"));
        }
        let version = d.u8()?;
        if version != 1 {
            return Err(Corrupt::new(
                4,
                format!("unsupported tombstones version {version}"),
            ));
        }
        // The CRC covers the records after the version byte.
        let end = b.len() - 4;
        check_crc(b, 5, end - 5, "tombstones")?;
        let mut d = Decbuf::new(&b[..end], 5);
        let mut by_series: HashMap<u64, Vec<(i64, i64)>> = HashMap::new();
        while d.remaining() > 0 {
            let series = d.uvarint()?;
            let mint = d.varint()?;
            let maxt = d.varint()?;
            by_series.entry(series).or_default().push((mint, maxt));
        }
        Ok(Tombstones { by_series })
    }

    pub fn is_empty(&self) -> bool {
        self.by_series.is_empty()
    }

    /// The deleted intervals of a series.
    pub fn intervals(&self, series: u64) -> &[(i64, i64)] {
        self.by_series.get(&series).map_or(&[], Vec::as_slice)
    }
}

/// Whether `t` falls in one of `intervals`.
pub fn is_deleted(intervals: &[(i64, i64)], t: i64) -> bool {
    intervals.iter().any(|&(a, b)| a <= t && t <= b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_research_example() {
        let b = [
            0x01, 0x30, 0xba, 0x30, 0x01, 0x07, 0xc0, 0xe7, 0xed, 0xe4, 0xfa, 0x62, 0x80, 0xb7,
            0x92, 0xe5, 0xfa, 0x62, 0xb0, 0xbf, 0xc2, 0xec,
        ];
        let t = Tombstones::decode(&b).unwrap();
        assert_eq!(t.intervals(7), &[(1_700_107_500_000, 1_700_107_800_000)]);
        assert!(t.intervals(1).is_empty());
        assert!(is_deleted(t.intervals(7), 1_700_107_500_000));
        assert!(!is_deleted(t.intervals(7), 1_700_107_800_001));
    }

    #[test]
    fn empty_and_corrupt() {
        let empty = [0x01, 0x30, 0xba, 0x30, 0x01, 0, 0, 0, 0];
        assert!(Tombstones::decode(&empty).unwrap().is_empty());
        assert!(Tombstones::decode(&empty[..8]).is_err());
        let mut bad = empty;
        bad[0] = 0;
        assert!(Tombstones::decode(&bad).is_err());
        let e = Tombstones::decode(&[0x01, 0x30, 0xba, 0x30, 0x01, 0x07, 0, 0, 0, 0]).unwrap_err();
        assert!(e.message.contains("CRC32C mismatch"), "{e:?}");
    }
}
