//! SARIF 2.1.0, the format code-scanning services (GitHub, GitLab, Azure DevOps) import.

use serde_json::{json, Value};

use super::{Diagnostic, Severity, SourceFile};

/// One SARIF log with a single run. Each distinct code becomes a rule; positions are
/// 1-based lines and UTF-16 columns (SARIF's default column kind), end column exclusive.
pub fn render_sarif(diags: &[Diagnostic]) -> Value {
    let mut rule_ids: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let rules: Vec<Value> = rule_ids.iter().map(|id| json!({ "id": id })).collect();
    let results: Vec<Value> = diags.iter().map(result).collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "lookout",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    })
}

fn result(d: &Diagnostic) -> Value {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push('\n');
        text.push_str(note);
    }
    let mut out = json!({
        "ruleId": d.code,
        "level": level,
        "message": { "text": text },
    });
    if let Some(file) = &d.file {
        let mut physical = json!({ "artifactLocation": { "uri": file.name } });
        if let Some(span) = d.resolved_span() {
            let (line, col) = utf16_line_col(file, span.start);
            let (end_line, end_col) = utf16_line_col(file, span.end);
            physical["region"] = json!({
                "startLine": line,
                "startColumn": col,
                "endLine": end_line,
                "endColumn": end_col,
            });
        }
        out["locations"] = json!([{ "physicalLocation": physical }]);
    }
    out
}

/// 1-based line and UTF-16 column of a byte offset (on a char boundary).
fn utf16_line_col(file: &SourceFile, byte: usize) -> (usize, usize) {
    let byte = byte.min(file.text.len());
    let (line, byte_col) = file.line_col(byte);
    let line_start = byte + 1 - byte_col;
    let col = 1 + file
        .text
        .get(line_start..byte)
        .map_or(0, |s| s.encode_utf16().count());
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{SourceFile, Span};

    #[test]
    fn results_with_regions_and_rules() {
        let file = SourceFile::shared("r.yml", "a: é\n  expr: up +\n");
        let d = Diagnostic::error("promql/parse", "unexpected end of input")
            .with_file(file)
            .with_span(Span::new(17, 18));
        let w = Diagnostic::warning("rules/duplicate-rule", "duplicate");
        let log = render_sarif(&[d, w]);
        let run = &log["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().map(Vec::len),
            Some(2)
        );
        let r = &run["results"][0];
        assert_eq!(r["level"], "error");
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "r.yml"
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(2), Some(12))
        );
        assert_eq!(region["endColumn"].as_u64(), Some(13));
        assert_eq!(run["results"][1]["level"], "warning");
        assert!(run["results"][1].get("locations").is_none());
        // Columns count UTF-16 units, not bytes.
        assert_eq!(utf16_line_col(&SourceFile::new("f", "a: é\n"), 5), (1, 5));
    }
}
