//! Rustc-style snippets for people, via annotate-snippets.

use annotate_snippets::renderer::DEFAULT_LINE_NUM_STYLE;
use annotate_snippets::{
    normalize_untrusted_str, AnnotationKind, Group, Level, Message, Origin, Renderer, Snippet,
};

use super::{Diagnostic, Severity, SourceFile, Span};

/// Renders diagnostics as annotated source snippets, separated by blank lines. The result
/// ends with a newline unless `diags` is empty.
pub fn render_human(diags: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for (i, d) in diags.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&render_one(&renderer, d, color));
        out.push('\n');
    }
    out
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_one(renderer: &Renderer, d: &Diagnostic, color: bool) -> String {
    let mut title = level(d.severity).primary_title(d.message.as_str());
    if !d.code.is_empty() {
        title = title.id(d.code.as_str());
    }
    let notes: Vec<Message<'_>> = d.notes.iter().map(|n| note(n)).collect();

    let (Some(file), Some(span)) = (&d.file, d.span) else {
        let mut group = Group::with_title(title);
        if let Some(file) = &d.file {
            group = group.element(Origin::path(file.name.as_str()));
        }
        return renderer.render(&[group.elements(notes)]);
    };

    let excerpt = Excerpt::new(file, span);
    let snippet = Snippet::source(excerpt.text)
        .line_start(excerpt.first_line)
        .annotation(AnnotationKind::Primary.span(excerpt.range.clone()));
    // annotate-snippets would print `path:line:col` with a *character* column; we print
    // the header ourselves so it carries the same byte column as every other output.
    let body = renderer.render(&[Group::with_title(title.clone())
        .element(snippet.clone())
        .elements(notes.clone())]);
    let (line, col) = file.line_col(excerpt.start);
    let location = format!("{}:{line}:{col}", normalize_untrusted_str(&file.name));
    match insert_origin(&body, d.message.matches('\n').count() + 1, &location, color) {
        Some(rendered) => rendered,
        // The layout was not what we expected: let annotate-snippets print its header.
        None => renderer.render(&[Group::with_title(title)
            .element(snippet.path(file.name.as_str()))
            .elements(notes)]),
    }
}

/// `help: ...` notes render as help, everything else as a note.
fn note(text: &str) -> Message<'static> {
    match text.strip_prefix("help: ") {
        Some(rest) => Level::HELP.message(normalize_untrusted_str(rest)),
        None => Level::NOTE.message(normalize_untrusted_str(text)),
    }
}

/// Inserts ` --> location` after the title, aligned with the gutter the way
/// annotate-snippets aligns its own. Returns `None` if the line after the title is not a
/// bare gutter (`  |`).
fn insert_origin(body: &str, title_lines: usize, location: &str, color: bool) -> Option<String> {
    let lines: Vec<&str> = body.split('\n').collect();
    let gutter = lines.get(title_lines)?;
    if strip_ansi(gutter).trim_start() != "|" {
        return None;
    }
    let indent = gutter.len() - gutter.trim_start_matches(' ').len();
    let arrow = if color {
        let style = DEFAULT_LINE_NUM_STYLE;
        format!("{}--> {}", style.render(), style.render_reset())
    } else {
        "--> ".to_owned()
    };
    let origin = format!("{}{arrow}{location}", " ".repeat(indent.saturating_sub(1)));
    let mut out = Vec::with_capacity(lines.len() + 1);
    out.extend_from_slice(lines.get(..title_lines)?);
    out.push(origin.as_str());
    out.extend_from_slice(lines.get(title_lines..)?);
    Some(out.join("\n"))
}

/// Removes CSI escape sequences (the only kind the styled renderer emits; escapes in
/// user text were already replaced by visible symbols).
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip `[`, parameters, and the final byte (a letter).
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The lines of a file that a span touches, with the span made relative to them. Only
/// these lines go to annotate-snippets, which keeps big files cheap and makes a position
/// just after a trailing newline show on its own (empty) line, as its line number says.
struct Excerpt<'a> {
    text: &'a str,
    first_line: usize,
    range: std::ops::Range<usize>,
    /// Absolute start of the span, after clamping and snapping.
    start: usize,
}

impl<'a> Excerpt<'a> {
    fn new(file: &'a SourceFile, span: Span) -> Self {
        let text = file.text.as_str();
        let bytes = text.as_bytes();
        let span = span.resolve(text);
        let begin = bytes
            .get(..span.start)
            .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
            .map_or(0, |nl| nl + 1);
        // The line holding the last byte of the span (or the start, for empty spans).
        let last = if span.end > span.start {
            span.end - 1
        } else {
            span.start
        };
        let mut end = bytes
            .get(last..)
            .and_then(|b| b.iter().position(|&c| c == b'\n'))
            .map_or(bytes.len(), |i| last + i);
        // Keep the CR of CRLF files out of view (it would show as a symbol).
        if end > begin && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        // `begin` follows a '\n' and `end` is at a '\n', '\r' or the end of the text, so
        // both are char boundaries.
        let excerpt = text.get(begin..end).unwrap_or("");
        let first_line = file.line_col(begin).0;
        let rel_start = (span.start - begin).min(excerpt.len());
        let rel_end = span
            .end
            .saturating_sub(begin)
            .clamp(rel_start, excerpt.len());
        Excerpt {
            text: excerpt,
            first_line,
            range: rel_start..rel_end,
            start: span.start,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn diag(name: &str, text: &str, span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::error("promql/parse", "unexpected <op:+>")
            .with_file(Arc::new(SourceFile::new(name, text)))
            .with_span(span)
    }

    #[test]
    fn span_in_middle_of_one_line() {
        let d = diag("<arg 1>", "sum(rate(foo[5m])) + + bar", 21..22)
            .with_note("help: remove one operator")
            .with_note("see the docs");
        assert_eq!(
            render_human(&[d], false),
            "\
error[promql/parse]: unexpected <op:+>
 --> <arg 1>:1:22
  |
1 | sum(rate(foo[5m])) + + bar
  |                      ^
  |
  = help: remove one operator
  = note: see the docs
"
        );
    }

    #[test]
    fn multi_byte_span_has_a_caret_per_column() {
        let d = diag("q", "foo or bar", 4..6);
        let out = render_human(&[d], false);
        assert!(out.contains("\n  |     ^^\n"), "{out}");
    }

    #[test]
    fn zero_width_span_at_end_of_input() {
        let text = "rate(foo[5m]";
        let d = diag("<stdin>", text, text.len()..text.len());
        assert_eq!(
            render_human(&[d], false),
            "\
error[promql/parse]: unexpected <op:+>
 --> <stdin>:1:13
  |
1 | rate(foo[5m]
  |             ^
"
        );
    }

    #[test]
    fn end_of_input_after_trailing_newline_shows_the_empty_line() {
        let d = diag("f", "abc\n", 4..4);
        assert_eq!(
            render_human(&[d], false),
            "\
error[promql/parse]: unexpected <op:+>
 --> f:2:1
  |
2 |
  | ^
"
        );
    }

    #[test]
    fn error_on_line_three_shows_only_that_line() {
        let text = "groups:\n- name: x\n  expr: a + + b\n  for: 5m\n";
        let start = text.find("+ b").unwrap_or(0);
        let d = diag("rules.yml", text, start..start + 1);
        let out = render_human(&[d], false);
        assert_eq!(
            out,
            "\
error[promql/parse]: unexpected <op:+>
 --> rules.yml:3:13
  |
3 |   expr: a + + b
  |             ^
"
        );
        assert!(!out.contains("groups"));
        assert!(!out.contains("for:"));
    }

    #[test]
    fn multi_line_span_shows_its_lines() {
        let text = "a\nbcd\nefg\nh";
        let d = diag("f", text, 3..8);
        let out = render_human(&[d], false);
        assert!(out.contains(" --> f:2:2\n"), "{out}");
        assert!(out.contains("2 |   bcd\n"), "{out}");
        assert!(out.contains("3 | | efg\n"), "{out}");
        assert!(!out.contains("| h"), "{out}");
    }

    #[test]
    fn header_uses_byte_columns() {
        // 'é' is two bytes: Prometheus (and we) say column 4 for 'ü'; annotate-snippets
        // alone would say 3.
        let d = diag("u", "é{ü=\"x\"}", 3..5);
        let out = render_human(&[d], false);
        assert!(out.contains(" --> u:1:4\n"), "{out}");
        assert!(out.contains("\n  |   ^\n"), "{out}");
    }

    #[test]
    fn spans_inside_chars_or_past_the_end_do_not_panic() {
        let text = "x{é=\"ü\"} 😀";
        for start in 0..text.len() + 3 {
            for end in 0..text.len() + 3 {
                let out = render_human(&[diag("u", text, start..end)], start % 2 == 0);
                assert!(
                    out.starts_with("\u{1b}[") || out.starts_with("error"),
                    "{out}"
                );
            }
        }
        let out = render_human(&[diag("u", "", 5..9)], false);
        assert!(out.contains(" --> u:1:1\n"), "{out}");
    }

    #[test]
    fn crlf_sources_hide_the_carriage_return() {
        let d = diag("f", "a\r\nb + c\r\n", 5..6);
        let out = render_human(&[d], false);
        assert!(out.contains(" --> f:2:3\n"), "{out}");
        assert!(out.contains("2 | b + c\n"), "{out}");
        assert!(!out.contains('␍'), "{out}");
    }

    #[test]
    fn without_file_only_title_and_notes() {
        let d = Diagnostic::warning("rules/dup", "duplicate rule").with_note("first seen here");
        assert_eq!(
            render_human(&[d], false),
            "warning[rules/dup]: duplicate rule\n |\n = note: first seen here\n"
        );
        let bare = Diagnostic::error("", "oops");
        assert_eq!(render_human(&[bare], false), "error: oops\n");
    }

    #[test]
    fn file_without_span_shows_the_path() {
        let d = Diagnostic::error("io", "cannot read")
            .with_file(Arc::new(SourceFile::new("a.yml", "x")));
        assert_eq!(
            render_human(&[d], false),
            "error[io]: cannot read\n--> a.yml\n"
        );
    }

    #[test]
    fn several_diagnostics_are_separated_by_a_blank_line() {
        let a = Diagnostic::error("a", "first");
        let b = Diagnostic::info("b", "second");
        assert_eq!(
            render_human(&[a, b], false),
            "error[a]: first\n\ninfo[b]: second\n"
        );
        assert_eq!(render_human(&[], false), "");
    }

    #[test]
    fn styled_output_keeps_the_header() {
        let d = diag("q", "a + + b", 4..5);
        let out = render_human(&[d], true);
        assert!(out.contains('\u{1b}'), "{out:?}");
        assert!(out.contains("--> \u{1b}[0mq:1:5\n"), "{out:?}");
        assert_eq!(
            strip_ansi(&out),
            "\
error[promql/parse]: unexpected <op:+>
 --> q:1:5
  |
1 | a + + b
  |     ^
"
        );
    }

    #[test]
    fn wide_gutter_for_large_line_numbers() {
        let text = "x\n".repeat(120) + "a + + b\n";
        let start = text.find('+').unwrap_or(0);
        let out = render_human(&[diag("big", &text, start..start + 1)], false);
        assert!(
            out.contains("\n   --> big:121:3\n    |\n121 | a + + b\n"),
            "{out}"
        );
    }

    #[test]
    fn long_lines_are_folded() {
        let text = format!("{}+ +{}", "a".repeat(1000), "b".repeat(1000));
        let out = render_human(&[diag("q", &text, 1002..1003)], false);
        assert!(out.contains(" --> q:1:1003\n"), "{out}");
        assert!(out.lines().all(|l| l.len() < 300), "{out}");
    }

    #[test]
    fn multi_line_messages_keep_the_header_after_the_title() {
        let d = Diagnostic::error("x", "first\nsecond")
            .with_file(Arc::new(SourceFile::new("f", "abc")))
            .with_span(1..2);
        let out = render_human(&[d], false);
        assert!(out.starts_with("error[x]: first\n"), "{out}");
        assert!(out.contains("second\n --> f:1:2\n  |\n1 | abc\n"), "{out}");
    }
}
