//! `lookout alertmanager template render`: amtool's `template render`, with Alertmanager's
//! built-in templates, functions and notification data.

use std::io::Write;

use anyhow::{Context, Result};

use super::{read_file, Outcome};
use crate::cli::{AlertmanagerTemplateCommand, TemplateRenderArgs, TemplateType};
use crate::template::alertmanager::data::{amtool_default_data, data_from_json};
use crate::template::alertmanager::render::{from_globs, render, Kind, LoadError};
use crate::template::gotime::GoTime;

pub fn run(cmd: AlertmanagerTemplateCommand) -> Result<Outcome> {
    match cmd {
        AlertmanagerTemplateCommand::Render(args) => run_render(&args),
    }
}

fn run_render(args: &TemplateRenderArgs) -> Result<Outcome> {
    let templates = match from_globs(&args.globs) {
        Ok(t) => t,
        Err(LoadError::Io(m)) => anyhow::bail!(m),
        Err(LoadError::Parse(m)) => return Ok(failed(&m)),
    };
    let data = match &args.data {
        Some(path) => data_from_json(&read_file(path)?)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("reading template data from {}", path.display()))?,
        None => amtool_default_data(GoTime::now()),
    };
    let kind = match args.kind {
        TemplateType::Text => Kind::Text,
        TemplateType::Html => Kind::Html,
    };
    match render(&templates, &args.text, &data, kind) {
        Ok(out) => {
            // Printed as amtool prints it: no newline added.
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(out.as_bytes()).context("writing output")?;
            stdout.flush().context("writing output")?;
            Ok(Outcome::Success)
        }
        Err(m) => Ok(failed(&m)),
    }
}

/// A template that does not parse or execute: reported like any error, exit code 1.
fn failed(message: &str) -> Outcome {
    eprintln!("lookout: error: {message}");
    Outcome::Failed
}
