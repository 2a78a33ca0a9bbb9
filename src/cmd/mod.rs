//! One module per subcommand family; each turns parsed arguments into engine calls and reports.

pub mod alertmanager;
pub mod alertmanager_api;
pub mod alertmanager_template;
pub mod check;
pub mod check_config;
pub mod check_dashboards;
pub mod check_grafana_provisioning;
pub mod check_metrics;
pub mod check_web_config;
pub mod grade;
pub mod promql;
pub mod query;
pub mod query_render;
pub mod relabel;
pub mod test;
pub mod tsdb;
pub mod tsdb_analyze;
pub mod tsdb_create;
pub mod tsdb_create_rules;

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::{Cli, Command};
use crate::promql::Features;

/// How a command ended, mapped to the process exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: a check or test found problems.
    Failed,
    /// Exit 3: only lint findings, and the user asked for them to be fatal
    /// (promtool's `--lint-fatal`).
    LintFailed,
}

impl Outcome {
    pub fn from_ok(ok: bool) -> Outcome {
        if ok {
            Outcome::Success
        } else {
            Outcome::Failed
        }
    }
}

/// Runs the parsed command line. `Err` means a usage or I/O problem (exit 2).
pub fn run(cli: Cli) -> Result<Outcome> {
    // Alertmanager's feature switches are not PromQL's: those commands read them alone.
    let features = match cli.command {
        Command::Alertmanager(_) => Features::default(),
        _ => parse_features(&cli.enable_feature),
    };
    let delayed_name_removal = cli
        .enable_feature
        .iter()
        .flat_map(|v| v.split(','))
        .any(|f| f.trim() == DELAYED_NAME_REMOVAL);
    match cli.command {
        Command::Check(c) => check::run(c, features),
        Command::Promql(c) => promql::run(c, features),
        Command::Test(c) => test::run(c, features, delayed_name_removal),
        Command::Tsdb(c) => tsdb::run(c, features),
        Command::Query(c) => query::run(c, features),
        Command::Relabel(args) => relabel::run(args),
        Command::Grade(args) => grade::run(args),
        Command::Alertmanager(c) => alertmanager::run(c, &cli.enable_feature),
        Command::Completions { shell } => {
            io::stdout()
                .write_all(&crate::cli::completion_script(shell))
                .context("writing completion script")?;
            Ok(Outcome::Success)
        }
    }
}

/// The engine feature (not a parser one) Prometheus enables with this flag name.
const DELAYED_NAME_REMOVAL: &str = "promql-delayed-name-removal";

/// PromQL features from `--enable-feature`; unknown names are warned about, as promtool does.
fn parse_features(values: &[String]) -> Features {
    let (features, mut unknown) = Features::from_flags(values);
    // Not PromQL's: the engine's, and Alertmanager's matcher grammars.
    unknown.retain(|n| {
        !matches!(
            n.as_str(),
            DELAYED_NAME_REMOVAL | "classic-mode" | "utf8-strict-mode"
        )
    });
    for name in unknown {
        eprintln!("lookout: warning: unknown option for --enable-feature: {name:?}");
    }
    features
}

/// Reads all of standard input as UTF-8 text.
pub fn read_stdin() -> Result<String> {
    let mut buf = Vec::new();
    io::stdin()
        .read_to_end(&mut buf)
        .context("reading standard input")?;
    String::from_utf8(buf).context("standard input is not valid UTF-8")
}

/// Reads a file as UTF-8 text, naming the file in errors.
pub fn read_file(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{} is not valid UTF-8", path.display()))
}

/// Files below `dir` whose extension is one of `exts`, sorted. Symlinked directories are
/// not followed (symlinked files are), so link loops cannot trap the walk; `dir` itself
/// may be a link. An unreadable directory is an error naming it.
pub fn files_under(dir: &Path, exts: &[&str]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    walk_files(dir, exts, &mut |p| {
        found.push(p);
        true
    })?;
    found.sort();
    Ok(found)
}

/// Whether `dir` holds any file [`files_under`] would list; stops at the first one.
/// Unreadable directories count as empty.
pub fn any_file_under(dir: &Path, exts: &[&str]) -> bool {
    let mut any = false;
    let _ = walk_files(dir, exts, &mut |_| {
        any = true;
        false
    });
    any
}

/// Depth-first walk calling `found` for each matching file until it returns false.
fn walk_files(dir: &Path, exts: &[&str], found: &mut dyn FnMut(PathBuf) -> bool) -> Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let p = entry.path();
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_dir() => {
                    stack.push(p);
                    continue;
                }
                // A link to a directory is skipped, never followed.
                Ok(t) if t.is_symlink() => p.is_dir(),
                _ => false,
            };
            let wanted = p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x));
            if !is_dir && wanted && !found(p) {
                return Ok(());
            }
        }
    }
    Ok(())
}
