//! Go's `filepath.Glob`, for the file lists of rule tests and prometheus.yml.

use std::path::{Path, PathBuf};

/// `filepath.Glob` with `*`, `?` and `[...]` in any path component; a pattern without
/// wildcards matches itself when the file exists.
pub fn glob(pattern: &Path) -> Vec<PathBuf> {
    let text = pattern.to_string_lossy();
    if !text.contains(['*', '?', '[']) {
        return if pattern.exists() {
            vec![pattern.to_path_buf()]
        } else {
            Vec::new()
        };
    }
    let mut current: Vec<PathBuf> = vec![if pattern.is_absolute() {
        PathBuf::from("/")
    } else {
        PathBuf::new()
    }];
    for comp in pattern.components() {
        let part = comp.as_os_str().to_string_lossy().to_string();
        if matches!(comp, std::path::Component::RootDir) {
            continue;
        }
        if !part.contains(['*', '?', '[']) {
            current = current.into_iter().map(|p| p.join(&part)).collect();
            continue;
        }
        let mut next = Vec::new();
        for dir in &current {
            let read = if dir.as_os_str().is_empty() {
                std::fs::read_dir(".")
            } else {
                std::fs::read_dir(dir)
            };
            let Ok(entries) = read else { continue };
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| wildcard_match(&part, n))
                .collect();
            names.sort();
            next.extend(names.into_iter().map(|n| dir.join(n)));
        }
        current = next;
    }
    current.into_iter().filter(|p| p.exists()).collect()
}

/// Go's `filepath.Match` for one path component.
fn wildcard_match(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => (0..=n.len()).any(|i| go(&p[1..], &n[i..])),
            Some('?') => !n.is_empty() && go(&p[1..], &n[1..]),
            Some('[') => {
                let Some(close) = p.iter().position(|&c| c == ']') else {
                    return false;
                };
                let Some(&c) = n.first() else { return false };
                let class = &p[1..close];
                let (negate, class) = match class.first() {
                    Some('^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                hit != negate && go(&p[close + 1..], &n[1..])
            }
            Some('\\') if p.len() > 1 => n.first() == Some(&p[1]) && go(&p[2..], &n[1..]),
            Some(&c) => n.first() == Some(&c) && go(&p[1..], &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_component_as_go_does() {
        assert!(wildcard_match("*.yml", "rules.yml"));
        assert!(!wildcard_match("*.yml", "rules.yaml"));
        assert!(wildcard_match("r[a-z]les.y?l", "rules.yml"));
        assert!(wildcard_match("[^x]", "y"));
        assert!(!wildcard_match("[^x]", "x"));
    }
}
