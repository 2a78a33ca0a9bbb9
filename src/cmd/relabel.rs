//! `lookout relabel`: a scrape job's relabeling applied to a label set, step by step.

use std::io::Write;

use anyhow::{anyhow, Context, Result};

use super::{read_file, Outcome};
use crate::cli::{RelabelArgs, RelabelOutput};
use crate::config::relabel::{trace, Config};
use crate::promql::series::parse_metric;
use crate::rules::NameValidation;
use crate::yaml::{self, Spanned};

pub fn run(args: RelabelArgs) -> Result<Outcome> {
    let path = args.config.display().to_string();
    let text = read_file(&args.config)?;
    let docs = yaml::parse(&text).map_err(|e| anyhow!("{path}:{}:{}: {e}", e.line, e.col))?;
    let root = docs
        .first()
        .ok_or_else(|| anyhow!("{path}: the file is empty"))?;
    let job = root
        .get("scrape_configs")
        .map(yaml::Node::items)
        .unwrap_or_default()
        .iter()
        .find(|j| j.get("job_name").and_then(yaml::Node::as_str) == Some(args.job.as_str()))
        .ok_or_else(|| anyhow!("{path}: no scrape config with job_name {:?}", args.job))?;
    let key = if args.metric {
        "metric_relabel_configs"
    } else {
        "relabel_configs"
    };
    // A null entry is not an all-defaults step: Prometheus rejects it.
    let configs: Vec<Spanned<Option<Config>>> = match job.get(key) {
        Some(node) => yaml::from_node(node, yaml::Options::default())
            .map_err(|e| anyhow!("{path}:{}:{}: {}", e.line, e.col, e.message))?,
        None => Vec::new(),
    };
    // The job's own scheme, else the global one, else UTF-8.
    let scheme = |node: Option<&yaml::Node>, at: &str| -> Result<Option<NameValidation>> {
        let value = node
            .and_then(|n| n.get("metric_name_validation_scheme"))
            .and_then(yaml::Node::as_str)
            .unwrap_or_default();
        NameValidation::from_scheme(value).map_err(|e| anyhow!("{path}: {at}: {e}"))
    };
    let names = scheme(Some(job), "scrape config")?
        .or(scheme(root.get("global"), "global")?)
        .unwrap_or_default();
    let which = if args.metric { "metric" } else { "target" };
    let mut steps_cfg = Vec::with_capacity(configs.len());
    for c in &configs {
        let Some(cfg) = &c.value else {
            return Err(anyhow!(
                "{path}:{}:{}: empty or null {which} relabeling rule in scrape config",
                c.line,
                c.col
            ));
        };
        cfg.validate(names)
            .map_err(|e| anyhow!("{path}:{}:{}: {e}", c.line, c.col))?;
        steps_cfg.push(cfg.clone());
    }
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
