//! Diagnostics: one [`Diagnostic`] type shared by every checker, and renderers for
//! people (annotated snippets), machines (JSON), GitHub Actions and JUnit.
//!
//! Positions follow Prometheus: a line is 1-based and a column is the 1-based *byte*
//! offset from the start of its line, so the numbers we print match promtool's.

use std::fmt;
use std::io::IsTerminal;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

mod github;
mod human;
mod json;
mod junit;
mod sarif;

pub use github::render_github;
pub use human::render_human;
pub use json::render_json;
pub use junit::{render_junit, render_junit_suites, JunitCase};
pub use sarif::render_sarif;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range `[start, end)` in a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// A zero-width span, e.g. "unexpected end of input".
    pub fn point(pos: usize) -> Self {
        Span {
            start: pos,
            end: pos,
        }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Clamps the span to `text` and widens it to char boundaries, so it can always be
    /// used to slice `text`.
    pub fn resolve(self, text: &str) -> Span {
        let start = floor_char_boundary(text, self.start);
        let end = ceil_char_boundary(text, self.end.max(start));
        Span { start, end }
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// The text a diagnostic points into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// What users see: a path, or a placeholder such as `<stdin>` or `<arg 1>`.
    pub name: String,
    pub text: String,
    /// Byte offsets of line starts, built on first use: a file with many findings (a big
    /// dashboard has hundreds) would otherwise be scanned from the top for each position.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.text == other.text
    }
}

impl Eq for SourceFile {}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// [`line_col`] of `byte_pos` in the text, without rescanning it.
    pub fn line_col(&self, byte_pos: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            let nl = self.text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
            std::iter::once(0).chain(nl.map(|(i, _)| i + 1)).collect()
        });
        let pos = byte_pos.min(self.text.len());
        let line = starts.partition_point(|&s| s <= pos);
        let start = starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        (line.max(1), pos - start + 1)
    }

    /// Convenience for the common case of sharing one file among many diagnostics.
    pub fn shared(name: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Self::new(name, text))
    }
}

/// One problem found in some input.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `promql/parse`.
    pub code: String,
    /// One line, worded like the upstream tool's message where one exists.
    pub message: String,
    pub file: Option<Arc<SourceFile>>,
    pub span: Option<Span>,
    /// Extra lines; a note starting with `help: ` renders as help.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.into(),
            message: message.into(),
            file: None,
            span: None,
            notes: Vec::new(),
        }
    }

    pub fn error(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn info(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }

    pub fn with_file(mut self, file: Arc<SourceFile>) -> Self {
        self.file = Some(file);
        self
    }

    pub fn with_span(mut self, span: impl Into<Span>) -> Self {
        self.span = Some(span.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The span clamped and snapped to the file's text; `None` without both a file and a
    /// span. Every renderer derives positions from this, so they all agree.
    pub fn resolved_span(&self) -> Option<Span> {
        let file = self.file.as_ref()?;
        Some(self.span?.resolve(&file.text))
    }

    /// 1-based (line, byte column) of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let file = self.file.as_ref()?;
        Some(file.line_col(self.resolved_span()?.start))
    }

    /// 1-based (line, byte column) of the exclusive end of the span.
    pub fn end_line_col(&self) -> Option<(usize, usize)> {
        let file = self.file.as_ref()?;
        Some(file.line_col(self.resolved_span()?.end))
    }
}

/// One line: `name:line:col: severity[code]: message` (parts that are absent are left out).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            f.write_str(&file.name)?;
            if let Some((line, col)) = self.line_col() {
                write!(f, ":{line}:{col}")?;
            }
            f.write_str(": ")?;
        }
        f.write_str(self.severity.as_str())?;
        if !self.code.is_empty() {
            write!(f, "[{}]", self.code)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// 1-based line and 1-based byte column of `byte_pos` in `text`, as Prometheus computes
/// them: the column counts bytes since the last `'\n'`. Positions past the end are
/// clamped to the end.
pub fn line_col(text: &str, byte_pos: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let pos = byte_pos.min(bytes.len());
    let before = bytes.get(..pos).unwrap_or(bytes);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let col = match before.iter().rposition(|&b| b == b'\n') {
        Some(nl) => pos - nl,
        None => pos + 1,
    };
    (line, col)
}

/// Largest char boundary `<= pos`, clamped to the text.
fn floor_char_boundary(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// Smallest char boundary `>= pos`, clamped to the text.
fn ceil_char_boundary(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p += 1;
    }
    p
}

/// Whether diagnostics written to stderr should be coloured.
///
/// A choice the CLI stored with `anstream::ColorChoice::write_global` (e.g. from
/// `--color`) wins; otherwise `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, `TERM=dumb` and
/// whether stderr is a terminal decide.
pub fn color_enabled_for_stderr() -> bool {
    match anstream::ColorChoice::global() {
        anstream::ColorChoice::Always | anstream::ColorChoice::AlwaysAnsi => true,
        anstream::ColorChoice::Never => false,
        anstream::ColorChoice::Auto => {
            color_from_env(|k| std::env::var_os(k), std::io::stderr().is_terminal())
        }
    }
}

/// Whether output written to stdout (tables) should be coloured: the same policy as
/// [`color_enabled_for_stderr`], with stdout's terminal check.
pub fn color_enabled_for_stdout() -> bool {
    match anstream::ColorChoice::global() {
        anstream::ColorChoice::Always | anstream::ColorChoice::AlwaysAnsi => true,
        anstream::ColorChoice::Never => false,
        anstream::ColorChoice::Auto => {
            color_from_env(|k| std::env::var_os(k), std::io::stdout().is_terminal())
        }
    }
}

/// The environment part of the colour policy, separate so tests need not touch the
/// process environment.
fn color_from_env(var: impl Fn(&str) -> Option<std::ffi::OsString>, is_terminal: bool) -> bool {
    let set = |k: &str| var(k).filter(|v| !v.is_empty());
    // https://no-color.org: any non-empty value disables colour.
    if set("NO_COLOR").is_some() {
        return false;
    }
    // https://bixense.com/clicolors: CLICOLOR_FORCE other than "0" forces colour.
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if var("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    if var("TERM").is_some_and(|v| v == "dumb") {
        return false;
    }
    is_terminal
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    #[test]
    fn line_col_matches_prometheus() {
        let text = "ab\ncd\n\nxé{";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 1), (1, 2));
        // The newline itself belongs to the line it ends.
        assert_eq!(line_col(text, 2), (1, 3));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (3, 1));
        assert_eq!(line_col(text, 7), (4, 1));
        // Byte columns: 'é' is two bytes, so '{' is column 4.
        assert_eq!(line_col(text, 10), (4, 4));
        // Inside 'é' and past the end: no panic, clamped.
        assert_eq!(line_col(text, 9), (4, 3));
        assert_eq!(line_col(text, 1000), (4, 5));
        assert_eq!(line_col("", 3), (1, 1));
        // The indexed version agrees everywhere.
        for t in [text, "", "\n", "a\n\nb", "x\n"] {
            let f = SourceFile::new("f", t);
            for pos in 0..t.len() + 3 {
                assert_eq!(f.line_col(pos), line_col(t, pos), "{t:?} at {pos}");
            }
        }
    }

    #[test]
    fn spans_snap_to_char_boundaries() {
        let text = "é{ü}";
        // 'ü' occupies bytes 3..5.
        assert_eq!(Span::new(4, 4).resolve(text), Span::new(3, 5));
        assert_eq!(Span::new(1, 2).resolve(text), Span::new(0, 2));
        assert_eq!(Span::new(2, 1).resolve(text), Span::new(2, 2));
        assert_eq!(Span::new(50, 60).resolve(text), Span::new(6, 6));
    }

    #[test]
    fn diagnostic_positions_and_display() {
        let file = SourceFile::shared("rules.yml", "a\nbc + d\n");
        let d = Diagnostic::error("promql/parse", "unexpected <op:+>")
            .with_file(file.clone())
            .with_span(5..6)
            .with_note("help: remove it");
        assert_eq!(d.line_col(), Some((2, 4)));
        assert_eq!(d.end_line_col(), Some((2, 5)));
        assert_eq!(
            d.to_string(),
            "rules.yml:2:4: error[promql/parse]: unexpected <op:+>"
        );
        let bare = Diagnostic::warning("", "no file");
        assert_eq!(bare.line_col(), None);
        assert_eq!(bare.to_string(), "warning: no file");
        let no_span = Diagnostic::info("x/y", "m").with_file(file);
        assert_eq!(no_span.to_string(), "rules.yml: info[x/y]: m");
        assert_eq!(Severity::Warning.to_string(), "warning");
        assert_eq!(
            serde_json::to_value(Severity::Info).ok(),
            Some(serde_json::json!("info"))
        );
    }

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn colour_policy() {
        assert!(color_from_env(env(&[]), true));
        assert!(!color_from_env(env(&[]), false));
        assert!(!color_from_env(env(&[("NO_COLOR", "1")]), true));
        // An empty NO_COLOR does not count.
        assert!(color_from_env(env(&[("NO_COLOR", "")]), true));
        assert!(color_from_env(env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!color_from_env(env(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(!color_from_env(
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(!color_from_env(env(&[("CLICOLOR", "0")]), true));
        assert!(!color_from_env(env(&[("TERM", "dumb")]), true));
    }
}
