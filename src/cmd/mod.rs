//! One module per subcommand family; each turns parsed arguments into engine calls and reports.

pub mod check;
pub mod check_config;
pub mod check_dashboards;
pub mod check_grafana_provisioning;
pub mod check_metrics;
pub mod check_web_config;
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
    let features = parse_features(&cli.enable_feature);
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
    unknown.retain(|n| n != DELAYED_NAME_REMOVAL);
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
