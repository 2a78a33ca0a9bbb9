//! Configuration files of the Prometheus ecosystem: prometheus.yml with its HTTP client,
//! service discovery, remote and relabeling settings.

pub mod decode;
pub mod discovery;
pub mod http;
pub mod print;
pub mod prometheus;
pub mod relabel;
pub mod remote;
pub mod types;
pub mod web;

use std::path::Path;

/// Go's `config.JoinDir`: relative non-empty paths are joined to `dir`.
pub(crate) fn join_dir(dir: &Path, file: &mut String) {
    if file.is_empty() || Path::new(file.as_str()).is_absolute() {
        return;
    }
    *file = dir.join(file.as_str()).display().to_string();
}
