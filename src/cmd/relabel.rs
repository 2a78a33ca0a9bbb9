//! `lookout relabel`: a scrape job's relabeling applied to a label set, step by step.

use std::io::Write;

use anyhow::{anyhow, Context, Result};

use super::{read_file, Outcome};
use crate::cli::{RelabelArgs, RelabelOutput};
use crate::config::prometheus::{self, LoadError};
use crate::config::relabel::{trace, Config};
use crate::promql::series::parse_metric;
use crate::yaml::Spanned;

pub fn run(args: RelabelArgs) -> Result<Outcome> {
    let path = args.config.display().to_string();
    let text = read_file(&args.config)?;
    // The whole file is loaded and validated as Prometheus would, so a job is only relabeled
    // when Prometheus would accept its configuration; errors point at the step or job.
    let at = |e: LoadError, file: Option<&std::path::Path>, text: &str| {
        let shown = file.map_or(path.clone(), |f| f.display().to_string());
        match e.at {
            Some(span) => {
                let (line, col) = crate::diag::line_col(text, span.start);
                anyhow!("{shown}:{line}:{col}: {}", e.message)
            }
            None => anyhow!("{shown}: {}", e.message),
        }
    };
    let mut cfg = prometheus::load(&text).map_err(|e| at(e, None, &text))?;
    let dir = crate::config::go_dir(&args.config.to_string_lossy());
    cfg.set_directory(std::path::Path::new(&dir));
    let jobs = cfg.all_scrape_configs().map_err(|e| {
        let other = e.file.clone();
        let other_text = other
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .unwrap_or_default();
        at(e, other.as_deref(), &other_text)
    })?;
    let job = jobs
        .iter()
        .find(|j| j.job_name == args.job)
        .ok_or_else(|| anyhow!("{path}: no scrape config with job_name {:?}", args.job))?;
    let list = if args.metric {
        &job.metric_relabel_configs
    } else {
        &job.relabel_configs
    };
    let configs: Vec<&Spanned<Option<Config>>> = list.iter().collect();
    let steps_cfg: Vec<Config> = prometheus::steps(list).cloned().collect();
    let names = job.names();
    let input = parse_metric(&args.labels)
        .map_err(|e| anyhow!("invalid label set: {}", e.render(&args.labels)))?;
    let steps = trace(&input, &steps_cfg, names);
    let shown = |l: &Option<crate::model::labels::Labels>| {
        l.as_ref()
            .map_or_else(|| "dropped".to_string(), ToString::to_string)
    };
    let result = steps.last().cloned().unwrap_or_else(|| Some(input.clone()));
    let mut out = std::io::stdout().lock();
    match args.output {
        RelabelOutput::Human => {
            writeln!(out, "input:  {input}")?;
            for (i, ((c, at), l)) in steps_cfg.iter().zip(&configs).zip(&steps).enumerate() {
                writeln!(
                    out,
                    "step {} ({}, {path}:{}): {}",
                    i + 1,
                    c.action.as_str(),
                    at.line,
                    shown(l)
                )?;
                if l.is_none() {
                    break;
                }
            }
            writeln!(out, "result: {}", shown(&result))?;
        }
        RelabelOutput::Json => {
            let doc = serde_json::json!({
                "input": input.to_string(),
                "steps": steps_cfg.iter().zip(&configs).zip(&steps).enumerate().map(|(i, ((c, at), l))| serde_json::json!({
                    "step": i + 1,
                    "action": c.action.as_str(),
                    "line": at.line,
                    "labels": l.as_ref().map(ToString::to_string),
                })).collect::<Vec<_>>(),
                "result": result.as_ref().map(ToString::to_string),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?).context("writing output")?;
        }
    }
    Ok(Outcome::Success)
}
