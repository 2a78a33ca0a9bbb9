//! `lookout check grafana-provisioning`: Grafana's provisioning files (data sources,
//! dashboard providers, alerting), one promtool-like verdict per file, positions in every
//! output format.

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::check::FileResults;
use super::Outcome;
use crate::cli::{CheckGrafanaProvisioningArgs, CheckOutput};
use crate::diag;
use crate::grafana::provisioning::{Checker, Kind};

pub fn run(args: CheckGrafanaProvisioningArgs) -> Result<Outcome> {
    let human = args.output == CheckOutput::Human;
    let files = collect(&args.paths)?;
    let mut checker = Checker::new(std::env::current_dir().ok());
    let mut results = FileResults::new("lookout check grafana-provisioning");
    let color = diag::color_enabled_for_stderr();
    for path in &files {
        let name = path.display().to_string();
        // Unreadable files are usage errors, as in `check config`; bytes that are not text
        // are findings.
        let bytes = std::fs::read(path).with_context(|| format!("reading {name}"))?;
        let report = checker.check_bytes(&name, Some(path), &bytes);
        let ok = report.ok();
        if human {
            println!("Checking {name}");
            if ok {
                println!(
                    " SUCCESS: {}",
                    success_text(&name, report.kind, report.items)
                );
            } else {
                let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
                eprintln!("  FAILED: {errors} {}", plural(errors, "error", "errors"));
            }
            if !report.diagnostics.is_empty() {
                eprint!("{}", diag::render_human(&report.diagnostics, color));
            }
            println!();
        }
        let json = serde_json::json!({
            "file": name, "ok": ok, "kind": report.kind.as_str(), "items": report.items,
        });
        results.push(&name, json, report.diagnostics);
    }
    results.finish(args.output)
}

fn success_text(name: &str, kind: Kind, items: usize) -> String {
    let (what, one, many) = match kind {
        Kind::Datasources => ("data source", "data source", "data sources"),
        Kind::Dashboards => ("dashboard provider", "provider", "providers"),
        Kind::Alerting => ("alerting", "resource", "resources"),
        Kind::Unchecked(what) => return format!("{name} is a Grafana {what} provisioning file"),
        Kind::Empty | Kind::Unknown => return format!("{name} is empty (Grafana skips it)"),
    };
    let unit = plural(items, one, many);
    format!("{name} is a valid Grafana {what} provisioning file ({items} {unit})")
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// The files to check: files as given, directories searched for `*.yaml`/`*.yml`, sorted.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        if meta.is_dir() {
            let found = super::files_under(path, &["yaml", "yml"])?;
            if found.is_empty() {
                anyhow::bail!("no *.yaml or *.yml files under {}", path.display());
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}
