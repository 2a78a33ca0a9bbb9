//! `lookout alertmanager template render`: amtool's `template render`, with Alertmanager's
//! built-in templates, functions and notification data; and `--receiver`, a receiver's
//! whole notification for alerts routed through the configuration.

use std::io::Write;

use anyhow::{bail, Context, Result};

use super::{read_file, Outcome};
use crate::cli::{AlertmanagerTemplateCommand, RenderOutput, TemplateRenderArgs, TemplateType};
use crate::config::alertmanager::config::load_file_text;
use crate::config::alertmanager::matchers::ParseMode;
use crate::config::alertmanager::route::{join_group, AlertGroup, Route};
use crate::template::alertmanager::data::{
    amtool_default_data, data_from_json, notification_data, sort_alerts, Group, Kv, SourceAlert,
};
use crate::template::alertmanager::notify::{render_receiver, Alerts, Integration, Notification};
use crate::template::alertmanager::render::{
    from_globs, render, render_route_labels, Kind, LoadError,
};
use crate::template::gotime::GoTime;

pub fn run(cmd: AlertmanagerTemplateCommand, mode: ParseMode) -> Result<Outcome> {
    match cmd {
        AlertmanagerTemplateCommand::Render(args) => match &args.receiver {
            Some(name) => run_receiver(&args, name, mode),
            None => run_render(&args),
        },
    }
}

fn run_render(args: &TemplateRenderArgs) -> Result<Outcome> {
    let Some(text) = &args.text else {
        bail!("--template.text is required");
    };
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
    match render(&templates, text, &data, kind) {
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

/// One notification of the receiver: its group and what each integration sends.
struct Rendered {
    /// The notification's template data, as JSON.
    data: String,
    group_key: String,
    route: String,
    group_labels: Kv,
    alerts: usize,
    integrations: Vec<Integration>,
}

fn run_receiver(args: &TemplateRenderArgs, name: &str, mode: ParseMode) -> Result<Outcome> {
    let Some(path) = &args.config_file else {
        bail!("--receiver needs --config.file");
    };
    let text = read_file(path)?;
    let cfg = match load_file_text(path, &text, mode) {
        Ok(cfg) => cfg,
        Err(e) => {
            eprintln!("lookout: error: {}: {}", path.display(), e.message);
            return Ok(Outcome::Failed);
        }
    };
    let Some(rcv) = cfg.receivers.iter().find(|r| r.name.value == name) else {
        let names: Vec<&str> = cfg
            .receivers
            .iter()
            .map(|r| r.name.value.as_str())
            .collect();
        bail!(
            "{}: no receiver named {} (receivers: {})",
            path.display(),
            crate::gostr::quote(name),
            names.join(", ")
        );
    };
    let mut globs = cfg.templates.clone();
    globs.extend(args.globs.iter().cloned());
    let templates = match from_globs(&globs) {
        Ok(t) => t,
        Err(LoadError::Io(m)) => bail!(m),
        Err(LoadError::Parse(m)) => return Ok(failed(&m)),
    };
    let Some(root) = &cfg.route else {
        bail!("{}: no route", path.display());
    };
    let root = Route::new(root).map_err(anyhow::Error::msg)?;
    let external_url = external_url(&args.external_url)?;
    // Where the receiver's alerts are grouped when the tree sends them elsewhere.
    let first_route = *root
        .walk()
        .iter()
        .find(|r| r.opts.receiver == name)
        .unwrap_or(&&root);
    let rendered = match &args.data {
        Some(data_path) => {
            let mut data = data_from_json(&read_file(data_path)?)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("reading template data from {}", data_path.display()))?;
            if data.receiver.is_empty() {
                data.receiver = crate::regex::quote_meta(name);
            }
            let group = AlertGroup {
                route: first_route,
                labels: data.group_labels.clone(),
                alerts: Vec::new(),
            };
            let n = Notification {
                templates: &templates,
                alerts: Alerts::Given(&data),
                group_key: group.key(),
            };
            vec![Rendered {
                data: data_json(&n)?,
                group_key: n.group_key.clone(),
                route: first_route.key.clone(),
                group_labels: data.group_labels.clone(),
                alerts: data.alerts.len(),
                integrations: render_receiver(rcv, &n),
            }]
        }
        None => {
            let now = match args.at {
                Some(ms) => GoTime::from_unix(ms.div_euclid(1000), ms.rem_euclid(1000) * 1_000_000),
                None => GoTime::now().in_loc(crate::template::gotime::Loc::Utc),
            };
            let resolve_timeout_ns = cfg.global().resolve_timeout.0 * 1_000_000;
            let alerts = synthetic_alerts(args, mode, &now, resolve_timeout_ns)?;
            if alerts.is_empty() {
                bail!("--receiver renders alerts: give --alert LABELS (repeatable), --resolved-alert LABELS or --template.data FILE");
            }
            let label_sets: Vec<&Kv> = alerts.iter().map(|a| &a.labels).collect();
            let (mut groups, elsewhere) = root.groups_for(name, &label_sets);
            if !elsewhere.is_empty() {
                for &i in &elsewhere {
                    let to: Vec<&str> = root
                        .matches(&alerts[i].labels)
                        .iter()
                        .map(|r| r.opts.receiver.as_str())
                        .collect();
                    eprintln!(
                        "lookout: warning: alert {} goes to {}, not {name}: rendered as if on route {}",
                        label_set(&alerts[i].labels),
                        to.join(","),
                        first_route.key
                    );
                }
                // Grouped as that route groups them, after the routed ones.
                for &i in &elsewhere {
                    join_group(&mut groups, first_route, &alerts[i].labels, i);
                }
            }
            let mut out = Vec::new();
            for g in &groups {
                let mut members: Vec<SourceAlert> =
                    g.alerts.iter().map(|&i| alerts[i].clone()).collect();
                sort_alerts(&mut members);
                let mut group = Group {
                    receiver: name.to_string(),
                    group_labels: g.labels.clone(),
                    route_labels: g.route.opts.labels.clone(),
                    route_labels_rendered: false,
                    notification_reason: "unknown".into(),
                    external_url: external_url.clone(),
                };
                // The dispatcher renders the route's labels first (its reason is unknown).
                if !group.route_labels.is_empty() {
                    let data = notification_data(&group, &members, &now);
                    let (labels, errors) = render_route_labels(&templates, &data);
                    for (label, e) in errors {
                        eprintln!("lookout: warning: route label {label} left out: {e}");
                    }
                    group.route_labels = labels;
                }
                group.route_labels_rendered = true;
                let firing = members.iter().any(|a| a.status_at(&now) == "firing");
                group.notification_reason = if firing {
                    "first notification".into()
                } else {
                    "all alerts resolved".into()
                };
                let n = Notification {
                    templates: &templates,
                    alerts: Alerts::Source {
                        group: &group,
                        alerts: &members,
                        now,
                    },
                    group_key: g.key(),
                };
                out.push(Rendered {
                    data: data_json(&n)?,
                    group_key: n.group_key.clone(),
                    route: g.route.key.clone(),
                    group_labels: g.labels.clone(),
                    alerts: members.len(),
                    integrations: render_receiver(rcv, &n),
                });
            }
            out
        }
    };
    let failures: usize = rendered
        .iter()
        .flat_map(|r| &r.integrations)
        .filter(|i| i.failed())
        .count();
    match args.output {
        RenderOutput::Human => print_human(name, &rendered)?,
        RenderOutput::Json => print_json(name, &rendered)?,
    }
    if failures > 0 {
        eprintln!(
            "lookout: error: {failures} integration(s) would send nothing: a template failed"
        );
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Success)
}

fn data_json(n: &Notification) -> Result<String> {
    crate::template::json::marshal(&n.data().to_value()).map_err(anyhow::Error::msg)
}

/// The alerts of `--alert` and `--resolved-alert`, with the times the API gives alerts
/// posted at `now` without any: a firing one ends a resolve_timeout later; a resolved one
/// starts and ends at `now`.
fn synthetic_alerts(
    args: &TemplateRenderArgs,
    mode: ParseMode,
    now: &GoTime,
    resolve_timeout_ns: i64,
) -> Result<Vec<SourceAlert>> {
    let mut annotations = Kv::new();
    for a in &args.annotations {
        let Some((k, v)) = a.split_once('=') else {
            bail!("--annotation {a}: expected name=value");
        };
        annotations.insert(k.to_string(), v.to_string());
    }
    let mut out = Vec::new();
    for (sets, firing) in [(&args.alerts, true), (&args.resolved_alerts, false)] {
        for set in sets {
            let flag = if firing {
                "--alert"
            } else {
                "--resolved-alert"
            };
            let labels = super::alertmanager::label_set_arg(flag, set, mode)?;
            if labels.is_empty() {
                bail!("{flag} {set}: an alert needs at least one label");
            }
            out.push(SourceAlert {
                labels,
                annotations: annotations.clone(),
                starts_at: *now,
                ends_at: if firing {
                    now.add_nanos(resolve_timeout_ns)
                } else {
                    *now
                },
                generator_url: String::new(),
            });
        }
    }
    Ok(out)
}

/// `--web.external-url` as Alertmanager keeps it: http(s) only, no trailing slash.
fn external_url(url: &str) -> Result<String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        bail!("--web.external-url {url}: not an absolute URL");
    };
    if scheme != "http" && scheme != "https" {
        bail!("--web.external-url {url}: invalid {scheme:?} scheme, only 'http' and 'https' are supported");
    }
    if rest.contains(['?', '#']) {
        return Ok(url.to_string());
    }
    Ok(format!("{scheme}://{}", rest.trim_end_matches('/')))
}

/// `{name="value", ...}`, as Alertmanager prints label sets.
fn label_set(labels: &Kv) -> String {
    let pairs: Vec<String> = labels
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::gostr::quote(v)))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

fn print_human(receiver: &str, rendered: &[Rendered]) -> Result<()> {
    let mut out = String::new();
    for (i, r) in rendered.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "notification {} of {} to {}: group {}, route {}, {} alert(s)\n",
            i + 1,
            rendered.len(),
            crate::gostr::quote(receiver),
            label_set(&r.group_labels),
            r.route,
            r.alerts
        ));
        if r.integrations.is_empty() {
            out.push_str("\nthe receiver has no integrations: nothing is sent\n");
        }
        for integ in &r.integrations {
            if let Some(why) = &integ.skipped {
                out.push_str(&format!("\n==> {} <==\n{why}\n", integ.name));
                continue;
            }
            for f in &integ.fields {
                let note = f
                    .note
                    .as_ref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                out.push_str(&format!("\n==> {}.{}{note} <==\n", integ.name, f.name));
                match &f.value {
                    Ok(v) => {
                        out.push_str(v);
                        if !v.is_empty() && !v.ends_with('\n') {
                            out.push('\n');
                        }
                    }
                    Err(e) => out.push_str(&format!("ERROR: {e}\n")),
                }
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes()).context("writing output")?;
    stdout.flush().context("writing output")
}

fn print_json(receiver: &str, rendered: &[Rendered]) -> Result<()> {
    let notifications = rendered
        .iter()
        .map(|r| -> Result<serde_json::Value> {
            let integrations: Vec<serde_json::Value> = r
                .integrations
                .iter()
                .map(|i| {
                    let fields: Vec<serde_json::Value> = i
                        .fields
                        .iter()
                        .map(|f| {
                            let mut o = serde_json::json!({ "name": f.name });
                            match &f.value {
                                Ok(v) => o["value"] = v.as_str().into(),
                                Err(e) => o["error"] = e.as_str().into(),
                            }
                            if let Some(n) = &f.note {
                                o["note"] = n.as_str().into();
                            }
                            o
                        })
                        .collect();
                    let mut o = serde_json::json!({ "integration": i.name, "fields": fields });
                    if let Some(why) = &i.skipped {
                        o["skipped"] = why.as_str().into();
                    }
                    o
                })
                .collect();
            // The data is Go's JSON, kept as it is.
            let data: serde_json::Value =
                serde_json::from_str(&r.data).context("reading the data's JSON")?;
            Ok(serde_json::json!({
                "data": data,
                "group_key": r.group_key,
                "route": r.route,
                "group_labels": r.group_labels,
                "alerts": r.alerts,
                "integrations": integrations,
            }))
        })
        .collect::<Result<Vec<_>>>()?;
    let doc = serde_json::json!({ "receiver": receiver, "notifications": notifications });
    let text = serde_json::to_string_pretty(&doc).context("encoding JSON")?;
    println!("{text}");
    Ok(())
}
