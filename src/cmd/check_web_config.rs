//! `lookout check web-config`: web configuration files (exporter-toolkit's TLS, HTTP, rate
//! limit and basic auth settings) checked as `promtool check web-config` does, with the same
//! output and exit codes, plus positions for the machine formats.

use std::sync::Arc;

use anyhow::Result;

use super::check::write_machine_output;
use super::Outcome;
use crate::cli::{CheckOutput, CheckWebConfigArgs};
use crate::config::web::validate_file;
use crate::diag::{Diagnostic, JunitCase, SourceFile};

pub fn run(args: CheckWebConfigArgs) -> Result<Outcome> {
    let human = args.output == CheckOutput::Human;
    let mut diagnostics = Vec::new();
    let mut files_json = Vec::new();
    let mut cases = Vec::new();
    let mut failed = false;
    // promtool's arguments are kingpin `ExistingFiles`: nothing is checked unless every file
    // exists and is not a directory.
    for path in &args.files {
        match std::fs::metadata(path) {
            Err(_) => anyhow::bail!("path '{}' does not exist", path.display()),
            Ok(m) if m.is_dir() => anyhow::bail!("'{}' is a directory", path.display()),
            Ok(_) => {}
        }
    }
    for path in &args.files {
        let name = path.to_string_lossy().into_owned();
        // Files that exist but cannot be read fail like invalid ones (`FAILED: open ...`),
        // as in promtool.
        let checked = validate_file(&name);
        let mut case = JunitCase {
            name: name.clone(),
            classname: "lookout check web-config".into(),
            ..JunitCase::default()
        };
        match checked.result {
            Ok(_) => {
                if human {
                    eprintln!("{name} SUCCESS");
                }
                files_json.push(serde_json::json!({ "file": name, "ok": true }));
            }
            Err(problem) => {
                failed = true;
                if human {
                    eprintln!("{name} FAILED: {}", problem.message);
                }
                let mut d = Diagnostic::error("web-config/invalid", problem.message);
                if let Some(text) = checked.text {
                    d = d.with_file(Arc::new(SourceFile::new(name.clone(), text)));
                    if let Some(span) = problem.span {
                        d = d.with_span(span);
                    }
                }
                files_json.push(serde_json::json!({ "file": name, "ok": false }));
                case.failures.push(d.clone());
                diagnostics.push(d);
            }
        }
        cases.push(case);
    }
    write_machine_output(
        args.output,
        &diagnostics,
        serde_json::json!({ "files": files_json }),
        "lookout check web-config",
        &cases,
    )?;
    Ok(Outcome::from_ok(!failed))
}
