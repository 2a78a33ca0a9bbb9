//! Machine-readable output: one JSON object per diagnostic.

use serde_json::{json, Value};

use super::Diagnostic;

/// An array of `{severity, code, message, file, span, start, end, notes}` objects.
///
/// `file` is the file's name; `span` holds byte offsets (clamped to the text and snapped to
/// char boundaries when there is a file); `start`/`end` are 1-based line and byte column,
/// `end` being exclusive. Absent parts are `null`.
pub fn render_json(diags: &[Diagnostic]) -> Value {
    Value::Array(diags.iter().map(one).collect())
}

fn one(d: &Diagnostic) -> Value {
    let span = d.resolved_span().or(d.span);
    let pos = |byte: usize| {
        d.file.as_ref().map(|f| {
            let (line, column) = f.line_col(byte);
            json!({ "line": line, "column": column })
        })
    };
    let (start, end) = match d.resolved_span() {
        Some(s) => (pos(s.start), pos(s.end)),
        None => (None, None),
    };
    json!({
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "file": d.file.as_ref().map(|f| f.name.as_str()),
        "span": span.map(|s| json!({ "start": s.start, "end": s.end })),
        "start": start,
        "end": end,
        "notes": d.notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{SourceFile, Span};

    #[test]
    fn all_fields() {
        let file = SourceFile::shared("rules.yml", "groups:\n  expr: a + + b\n");
        let d = Diagnostic::error("promql/parse", "unexpected <op:+>")
            .with_file(file)
            .with_span(Span::new(18, 19))
            .with_note("help: drop one");
        assert_eq!(
            render_json(&[d]),
            json!([{
                "severity": "error",
                "code": "promql/parse",
                "message": "unexpected <op:+>",
                "file": "rules.yml",
                "span": { "start": 18, "end": 19 },
                "start": { "line": 2, "column": 11 },
                "end": { "line": 2, "column": 12 },
                "notes": ["help: drop one"],
            }])
        );
    }

    #[test]
    fn absent_parts_are_null() {
        let d = Diagnostic::warning("x/y", "m");
        assert_eq!(
            render_json(&[d]),
            json!([{
                "severity": "warning", "code": "x/y", "message": "m", "file": null,
                "span": null, "start": null, "end": null, "notes": [],
            }])
        );
        // A span without a file is reported as given, but has no line/column.
        let d = Diagnostic::info("c", "m").with_span(3..4);
        let v = render_json(&[d]);
        assert_eq!(v[0]["span"], json!({ "start": 3, "end": 4 }));
        assert_eq!(v[0]["start"], Value::Null);
        assert_eq!(v[0]["severity"], json!("info"));
    }

    #[test]
    fn out_of_range_spans_are_clamped() {
        let d = Diagnostic::error("c", "m")
            .with_file(SourceFile::shared("f", "é\nab"))
            .with_span(1..99);
        let v = render_json(&[d]);
        assert_eq!(v[0]["span"], json!({ "start": 0, "end": 5 }));
        assert_eq!(v[0]["start"], json!({ "line": 1, "column": 1 }));
        assert_eq!(v[0]["end"], json!({ "line": 2, "column": 3 }));
    }
}
