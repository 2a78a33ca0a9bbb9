//! `lookout check ...`.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::{Context, Result};

use super::{read_file, read_stdin, Outcome};
use crate::cli::{CheckCommand, CheckOutput, CheckPromqlArgs};
use crate::diag::{self, Diagnostic, SourceFile};
use crate::promql::{self, Features};

pub fn run(cmd: CheckCommand, features: Features) -> Result<Outcome> {
    match cmd {
        CheckCommand::Promql(args) => check_promql(args, features),
    }
}

/// One expression to check: where it lives and where in that source it starts.
struct Item {
    file: Arc<SourceFile>,
    start: usize,
    end: usize,
}

/// Lines holding expressions: non-blank, not starting with `#`.
fn line_items(file: &Arc<SourceFile>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            items.push(Item {
                file: Arc::clone(file),
                start: offset,
                end: offset + body.len(),
            });
        }
        offset += line.len();
    }
    items
}

fn check_promql(args: CheckPromqlArgs, features: Features) -> Result<Outcome> {
    let mut items = Vec::new();
    for (i, expr) in args.exprs.iter().enumerate() {
        if expr == "-" {
            let file = Arc::new(SourceFile::new("<stdin>", read_stdin()?));
            items.extend(line_items(&file));
        } else {
            let file = Arc::new(SourceFile::new(format!("<arg {}>", i + 1), expr.clone()));
            let end = file.text.len();
            items.push(Item {
                file,
                start: 0,
                end,
            });
        }
    }
    for path in &args.file {
        let file = Arc::new(SourceFile::new(
            path.display().to_string(),
            read_file(path)?,
        ));
        items.extend(line_items(&file));
    }
    if items.is_empty() {
        anyhow::bail!("no expressions to check: give EXPR arguments, --file FILE or -");
    }

    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for item in &items {
        let text = &item.file.text[item.start..item.end];
        if let Err(err) = promql::parse(text, features) {
            diagnostics.push(err.to_diagnostic(Arc::clone(&item.file), item.start));
        }
    }
    let failed = diagnostics.len();
    let checked = items.len();

    let mut out = io::stdout().lock();
    match args.output {
        CheckOutput::Human => {
            if failed > 0 {
                eprint!(
                    "{}",
                    diag::render_human(&diagnostics, diag::color_enabled_for_stderr())
                );
                eprintln!("FAILED: {failed} of {checked} expression(s) invalid");
            } else {
                writeln!(out, "SUCCESS: {checked} expression(s) valid")
                    .context("writing output")?;
            }
        }
        CheckOutput::Json => {
            let doc = serde_json::json!({
                "checked": checked,
                "failed": failed,
                "diagnostics": diag::render_json(&diagnostics),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?).context("writing output")?;
        }
        CheckOutput::Github => {
            write!(out, "{}", diag::render_github(&diagnostics)).context("writing output")?;
        }
    }
    Ok(Outcome::from_ok(failed == 0))
}
