//! Configuration files of the Prometheus ecosystem: prometheus.yml with its HTTP client,
//! service discovery, remote and relabeling settings; alertmanager.yml.

pub mod alertmanager;
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

/// Go's `config.JoinDir` on a configuration value: relative non-empty paths are joined to
/// `dir` and cleaned.
pub(crate) fn join_dir(dir: &Path, file: &mut String) {
    *file = go_join_dir(&dir.to_string_lossy(), file);
}

/// Go's `filepath.Dir`.
pub fn go_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(i) => go_clean(&path[..=i]),
        None => ".".into(),
    }
}

/// Go's `config.JoinDir`: relative, non-empty names joined to `dir` and cleaned.
pub(crate) fn go_join_dir(dir: &str, file: &str) -> String {
    if file.is_empty() || file.starts_with('/') {
        return file.to_string();
    }
    if dir.is_empty() {
        return go_clean(file);
    }
    go_clean(&format!("{dir}/{file}"))
}

/// Go's `filepath.Clean` on Unix: the shortest lexically equivalent path.
pub(crate) fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}
