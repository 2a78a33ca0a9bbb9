//! A block's `meta.json`.

use std::path::Path;

use serde::Deserialize;

use super::{Error, Result};

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub ulid: String,
    /// First timestamp covered (ms, inclusive).
    pub min_time: i64,
    /// End of the covered range (ms, exclusive).
    pub max_time: i64,
    #[serde(default)]
    pub stats: Stats,
    #[serde(default)]
    pub compaction: Compaction,
    pub version: u32,
}

/// Counts; Prometheus omits zero fields.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    #[serde(default)]
    pub num_samples: u64,
    #[serde(default)]
    pub num_series: u64,
    #[serde(default)]
    pub num_chunks: u64,
    #[serde(default)]
    pub num_tombstones: u64,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub struct Compaction {
    #[serde(default)]
    pub level: u32,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub parents: Vec<Parent>,
    #[serde(default)]
    pub deletable: bool,
    #[serde(default)]
    pub failed: bool,
    #[serde(default)]
    pub hints: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Parent {
    pub ulid: String,
    pub min_time: i64,
    pub max_time: i64,
}

impl Meta {
    pub fn parse(path: &Path, text: &[u8]) -> Result<Meta> {
        let meta: Meta = serde_json::from_slice(text)
            .map_err(|e| Error::new(path, None, format!("invalid meta.json: {e}")))?;
        if meta.version != 1 {
            return Err(Error::new(
                path,
                None,
                format!("unsupported meta.json version {}", meta.version),
            ));
        }
        Ok(meta)
    }

    pub fn read(path: &Path) -> Result<Meta> {
        let text = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
        Meta::parse(path, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_backfilled_meta() {
        let text = br#"{"ulid":"01M80AS4Q64T9EBGHES5AA6ZXX","minTime":300,"maxTime":10000,
            "stats":{"numSamples":7,"numSeries":1,"numChunks":1},
            "compaction":{"level":1,"sources":["01M80AS4Q64T9EBGHES5AA6ZXX"]},"version":1}"#;
        let m = Meta::parse(Path::new("meta.json"), text).unwrap();
        assert_eq!((m.min_time, m.max_time), (300, 10000));
        assert_eq!(m.stats.num_samples, 7);
        assert_eq!(m.stats.num_tombstones, 0);
        assert_eq!(m.compaction.level, 1);
    }

    #[test]
    fn bad_meta_is_an_error() {
        let e = Meta::parse(Path::new("x/meta.json"), b"{\"ulid\":1}").unwrap_err();
        assert!(
            e.to_string().starts_with("x/meta.json: invalid meta.json"),
            "{e}"
        );
        let e = Meta::parse(
            Path::new("m"),
            br#"{"ulid":"a","minTime":0,"maxTime":1,"version":2}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("version 2"), "{e}");
    }
}
