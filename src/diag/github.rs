//! GitHub Actions workflow commands (`::error file=..::message`), which show up as
//! annotations on the pull request.

use super::{Diagnostic, Severity};

/// One command per diagnostic, each ending in a newline. Notes are appended to the
/// message as extra lines. Positions use the same line and byte column as everywhere
/// else; `endColumn` is the column of the span's last byte (inclusive).
pub fn render_github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut props: Vec<String> = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!("file={}", escape_property(&file.name)));
            if let Some(span) = d.resolved_span() {
                let (line, col) = file.line_col(span.start);
                let last = if span.end > span.start {
                    span.end - 1
                } else {
                    span.start
                };
                let (end_line, end_col) = file.line_col(last);
                props.push(format!("line={line}"));
                props.push(format!("col={col}"));
                props.push(format!("endLine={end_line}"));
                props.push(format!("endColumn={end_col}"));
            }
        }
        if !d.code.is_empty() {
            props.push(format!("title={}", escape_property(&d.code)));
        }
        let mut message = d.message.clone();
        for note in &d.notes {
            message.push('\n');
            message.push_str(note);
        }
        out.push_str("::");
        out.push_str(command);
        if !props.is_empty() {
            out.push(' ');
            out.push_str(&props.join(","));
        }
        out.push_str("::");
        out.push_str(&escape_data(&message));
        out.push('\n');
    }
    out
}

/// Escaping for the message part, as the Actions runner (toolkit `escapeData`) expects.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also must not contain the `:` and `,` that delimit them.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    #[test]
    fn error_with_position() {
        let file = SourceFile::shared("rules/a.yml", "groups:\n  expr: a + + b\n");
        let d = Diagnostic::error("promql/parse", "unexpected <op:+>")
            .with_file(file)
            .with_span(18..21);
        assert_eq!(
            render_github(&[d]),
            "::error file=rules/a.yml,line=2,col=11,endLine=2,endColumn=13,\
             title=promql/parse::unexpected <op:+>\n"
        );
    }

    #[test]
    fn escaping() {
        let file = SourceFile::shared("C:\\dir,1\\a%b.yml", "x");
        let d = Diagnostic::warning("a:b,c", "100% bad\r\nreally: yes, really")
            .with_file(file)
            .with_span(0..0)
            .with_note("note, with: colon");
        assert_eq!(
            render_github(&[d]),
            "::warning file=C%3A\\dir%2C1\\a%25b.yml,line=1,col=1,endLine=1,endColumn=1,\
             title=a%3Ab%2Cc::100%25 bad%0D%0Areally: yes, really%0Anote, with: colon\n"
        );
    }

    #[test]
    fn absent_parts_are_omitted() {
        let a = Diagnostic::info("", "just saying");
        let b = Diagnostic::error("io", "cannot read").with_file(SourceFile::shared("f", ""));
        assert_eq!(
            render_github(&[a, b]),
            "::notice::just saying\n::error file=f,title=io::cannot read\n"
        );
    }
}
