//! Reading a repository's files for grading: a file that is missing, unreadable, too large
//! or not text becomes a [`Problem`] the checks report, never an error of the run.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::diag::{self, SourceFile};

/// Larger files are not graded: every file of these challenges is a few kB.
const MAX_FILE_SIZE: u64 = 4 << 20;

/// A position in a repository file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loc {
    /// Relative to the repository.
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl Loc {
    /// The position of byte `pos` of `file`.
    pub fn of(file: &SourceFile, pos: usize) -> Loc {
        let (line, col) = diag::line_col(&file.text, pos);
        Loc {
            file: file.name.clone(),
            line,
            col,
        }
    }

    pub fn line(file: &str, line: usize, col: usize) -> Loc {
        Loc {
            file: file.to_string(),
            line,
            col,
        }
    }
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// Why a file cannot be graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The check line run.py prints for it, e.g. `prometheus.yml exists` or `Valid JSON`.
    pub name: String,
    pub detail: String,
    pub at: Option<Loc>,
    pub hint: Option<String>,
}

impl Problem {
    /// A file that was read but does not load (syntax or validation error).
    pub fn invalid(name: &str, detail: String, at: Option<Loc>, hint: &str) -> Problem {
        Problem {
            name: name.into(),
            detail,
            at,
            hint: Some(hint.into()),
        }
    }
}

/// Reads `rel` below `root` as text, named by its repository-relative path.
pub fn read(root: &Path, rel: &str) -> Result<Arc<SourceFile>, Problem> {
    let path = root.join(rel);
    let base = rel.rsplit('/').next().unwrap_or(rel);
    let problem = |name: String, detail: String, hint: &str| Problem {
        name,
        detail,
        at: Some(Loc::line(rel, 1, 1)),
        hint: Some(hint.to_string()),
    };
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Problem {
                name: format!("{base} exists"),
                detail: "File not found".into(),
                at: None,
                hint: Some(format!("create {rel}")),
            })
        }
        Err(e) => {
            return Err(problem(
                format!("{base} readable"),
                crate::gostr::errno_text(&e),
                "make the file readable",
            ))
        }
    };
    if meta.is_dir() {
        return Err(problem(
            format!("{base} exists"),
            "is a directory, not a file".into(),
            "replace the directory with the file",
        ));
    }
    // A pipe or device would block or never end.
    if !meta.is_file() {
        return Err(problem(
            format!("{base} readable"),
            "not a regular file".into(),
            "replace it with the file",
        ));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(problem(
            format!("{base} readable"),
            format!("{} bytes, more than the {MAX_FILE_SIZE} graded", meta.len()),
            "commit the configuration file, not generated data",
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        problem(
            format!("{base} readable"),
            crate::gostr::errno_text(&e),
            "make the file readable",
        )
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::shared(rel, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or("");
            let (line, col) = diag::line_col(valid, at);
            Err(Problem {
                name: format!("{base} is text"),
                detail: format!("not a text file: invalid UTF-8 at byte {at}"),
                at: Some(Loc::line(rel, line, col)),
                hint: Some("save the file as UTF-8 text".into()),
            })
        }
    }
}

/// 1-based lines of `text` whose comment (after `#`) contains `needle`, for telling a
/// student that what a check looks for is only commented out.
pub fn commented_lines(text: &str, needle: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.find('#')
                .is_some_and(|i| l[i..].contains(needle) && !l[..i].contains(needle))
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// " (only in a comment at line N)" when `needle` is commented out in `file`.
pub fn commented_note(file: &SourceFile, needle: &str) -> (String, Option<Loc>) {
    match commented_lines(&file.text, needle).first() {
        Some(&line) => {
            let col = file
                .text
                .lines()
                .nth(line - 1)
                .and_then(|l| l.find('#'))
                .map_or(1, |c| c + 1);
            (
                format!(" (commented out at line {line})"),
                Some(Loc::line(&file.name, line, col)),
            )
        }
        None => (String::new(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_only_after_the_hash() {
        let text = "a: 1\n# job_name: 'node'\nb: 2 # job_name: 'x'\njob_name: 'y' # y\n";
        assert_eq!(commented_lines(text, "job_name: 'node'"), vec![2]);
        assert_eq!(commented_lines(text, "job_name"), vec![2, 3]);
        assert!(commented_lines(text, "job_name: 'y'").is_empty());
    }

    #[test]
    fn unreadable_shapes_are_problems() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = read(dir.path(), "a/b.yml").expect_err("missing");
        assert_eq!(missing.name, "b.yml exists");
        assert_eq!(missing.detail, "File not found");
        std::fs::write(dir.path().join("bin"), b"ok\n\xff\xfe").expect("write");
        let junk = read(dir.path(), "bin").expect_err("binary");
        assert!(junk.detail.contains("invalid UTF-8 at byte 3"), "{junk:?}");
        assert_eq!(junk.at.map(|l| (l.line, l.col)), Some((2, 1)));
        std::fs::create_dir(dir.path().join("d")).expect("mkdir");
        assert!(read(dir.path(), "d")
            .expect_err("dir")
            .detail
            .contains("directory"));
    }
}
