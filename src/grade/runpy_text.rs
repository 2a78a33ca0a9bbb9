//! run.py's own checks, substring for substring, to show what the upstream script scores
//! (and to pin the report format against its recorded output). Where run.py would crash
//! (a dashboard whose top level is not an object, bytes that are not UTF-8), the section
//! scores 0 with the reason instead.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::files::{self, Problem};
use super::{Check, Context, Footer, Layout, Rubric, Section, Verdict};
use crate::diag::SourceFile;

const FILES: [(&str, &str); 5] = [
    ("prometheus/prometheus.yml", "prometheus.yml exists"),
    ("alertmanager/alertmanager.yml", "alertmanager.yml exists"),
    (
        "grafana/provisioning/datasources/prometheus.yml",
        "datasource config exists",
    ),
    (
        "grafana/dashboards/app-dashboard.json",
        "dashboard.json exists",
    ),
    ("prometheus/rules/alerts.yml", "alerts.yml exists"),
];

/// The five files as text.
pub struct Texts {
    files: Vec<Result<Arc<SourceFile>, Problem>>,
    /// The dashboard as json.loads reads it.
    dashboard: Result<Value, Problem>,
}

impl Texts {
    pub fn load(root: &Path) -> Texts {
        let files: Vec<_> = FILES
            .iter()
            .map(|(rel, exists)| {
                files::read(root, rel).map_err(|mut p| {
                    if p.detail == "File not found" {
                        p.name = exists.to_string();
                    }
                    p
                })
            })
            .collect();
        let dashboard = match &files[3] {
            Err(p) => Err(p.clone()),
            Ok(f) => match serde_json::from_str::<Value>(&f.text) {
                Err(_) => Err(Problem {
                    name: "Valid JSON".into(),
                    detail: "Invalid JSON".into(),
                    at: None,
                    hint: None,
                }),
                Ok(v) if !v.is_object() => Err(Problem {
                    name: "Valid JSON".into(),
                    detail: "Not a dashboard object (run.py crashes here)".into(),
                    at: None,
                    hint: None,
                }),
                Ok(v) => Ok(v),
            },
        };
        Texts { files, dashboard }
    }

    fn text(&self, i: usize) -> &str {
        match &self.files[i] {
            Ok(f) => &f.text,
            Err(_) => "",
        }
    }
}

impl Context for Texts {
    fn problem(&self, file: &str) -> Option<&Problem> {
        let i = FILES.iter().position(|(rel, _)| *rel == file)?;
        if i == 3 {
            return self.dashboard.as_ref().err();
        }
        self.files[i].as_ref().err()
    }

    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

fn ok(pass: bool, good: &str, bad: &str) -> Verdict {
    if pass {
        Verdict::pass(good)
    } else {
        Verdict::fail(bad)
    }
}

fn interval(t: &Texts) -> Verdict {
    let c = t.text(0);
    if c.contains("scrape_interval: 15s") {
        Verdict::pass("Configured")
    } else if c.contains("scrape_interval:") {
        Verdict::partial(2, "Wrong value")
    } else {
        Verdict::fail("Missing")
    }
}

fn alertmanagers(t: &Texts) -> Verdict {
    let c = t.text(0);
    // run.py's comment test looks at the 20 characters before the first occurrence.
    let guard = c.split("alertmanagers:").next().unwrap_or("");
    let tail: String = guard
        .chars()
        .rev()
        .take(20)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    ok(
        c.contains("alertmanagers:") && !tail.contains("# alertmanagers"),
        "Configured",
        "Missing or commented",
    )
}

fn job(t: &Texts, job: &str) -> Verdict {
    let c = t.text(0);
    let single = format!("job_name: '{job}'");
    let double = format!("job_name: \"{job}\"");
    ok(
        (c.contains(&single) || c.contains(&double)) && !c.contains(&format!("# {single}")),
        "Configured",
        "Missing or commented",
    )
}

fn has(t: &Texts, i: usize, needle: &str) -> Verdict {
    ok(t.text(i).contains(needle), "", "Missing")
}

fn datasources(t: &Texts) -> Verdict {
    let c = t.text(2);
    // A 14-character string is never inside a 5-character slice: run.py's guard is vacuous.
    ok(c.contains("datasources:"), "", "Missing or commented")
}

fn ds_type(t: &Texts) -> Verdict {
    let c = t.text(2);
    ok(
        c.contains("type: prometheus") && !c.contains("# type: prometheus"),
        "",
        "Missing or commented",
    )
}

fn ds_url(t: &Texts) -> Verdict {
    let c = t.text(2);
    ok(
        c.contains("url: http://prometheus:9090") || c.contains("url: \"http://prometheus:9090\""),
        "",
        "Missing or wrong",
    )
}

fn panels(t: &Texts) -> &[Value] {
    match &t.dashboard {
        Ok(d) => d
            .get("panels")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice),
        Err(_) => &[],
    }
}

fn panel_count(t: &Texts) -> Verdict {
    let n = panels(t).len();
    if n >= 4 {
        Verdict::pass(format!("{n} panels"))
    } else {
        Verdict::fail(format!("Only {n} panels"))
    }
}

fn queries(t: &Texts) -> Verdict {
    let mut real = false;
    let mut placeholders = 0;
    for p in panels(t) {
        for target in p
            .get("targets")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
        {
            let expr = target.get("expr").and_then(Value::as_str).unwrap_or("");
            if expr.contains("REPLACE_WITH") {
                placeholders += 1;
            } else if !expr.is_empty() {
                real = true;
            }
        }
    }
    match (real, placeholders) {
        (true, 0) => Verdict::pass("All panels have queries"),
        (true, n) => Verdict::partial(5, format!("{n} placeholders remaining")),
        _ => Verdict::fail("No real queries"),
    }
}

fn title(t: &Texts) -> Verdict {
    let title = match &t.dashboard {
        Ok(d) => d.get("title").and_then(Value::as_str).unwrap_or(""),
        Err(_) => "",
    };
    if !title.is_empty() && title != "App Dashboard" {
        Verdict::pass(title)
    } else {
        Verdict::partial(2, "Using default title")
    }
}

fn alert(t: &Texts, name: &str) -> Verdict {
    let c = t.text(4);
    let needle = format!("alert: {name}");
    if !c.contains(&needle) {
        return Verdict::fail("Missing");
    }
    let live = c
        .split('\n')
        .any(|l| !l.trim().starts_with('#') && l.contains(&needle));
    ok(live, "Configured", "Commented out")
}

type C = Texts;

const PROM: &str = FILES[0].0;
const AM: &str = FILES[1].0;
const DS: &str = FILES[2].0;
const DASH: &str = FILES[3].0;
const RULES: &str = FILES[4].0;

use Check as K;

pub static RUBRIC: Rubric<C> = Rubric {
    challenge: "monitoring-stack",
    id: "runpy-substring",
    title: "📊 Monitoring Stack Challenge",
    intro: "Checking your monitoring stack...",
    pass_mark: 60,
    next_step: "Run 'python run.py --start' to launch the stack!",
    footer: Footer::RunPy,
    layout: Layout::Sections,
    sections: &[
        Section {
            id: "prometheus_config",
            name: "Prometheus Config",
            checks: &[
                K::new("scrape_interval", "Scrape interval 15s", 4, PROM, interval),
                K::new(
                    "alertmanager",
                    "Alertmanager config",
                    4,
                    PROM,
                    alertmanagers,
                ),
                K::new("job_prometheus", "Job: prometheus", 4, PROM, |t| {
                    job(t, "prometheus")
                }),
                K::new("job_app", "Job: app", 4, PROM, |t| job(t, "app")),
                K::new("job_node", "Job: node", 4, PROM, |t| job(t, "node")),
            ],
        },
        Section {
            id: "alertmanager",
            name: "Alertmanager",
            checks: &[
                K::new("route", "Route configured", 5, AM, |t| has(t, 1, "route:")),
                K::new("receivers", "Receivers defined", 5, AM, |t| {
                    has(t, 1, "receivers:")
                }),
                K::new("group_by", "Group by configured", 5, AM, |t| {
                    has(t, 1, "group_by:")
                }),
                K::new("inhibit_rules", "Inhibit rules", 5, AM, |t| {
                    has(t, 1, "inhibit_rules:")
                }),
            ],
        },
        Section {
            id: "grafana_datasource",
            name: "Grafana Datasource",
            checks: &[
                K::new("datasources", "Datasources defined", 3, DS, datasources),
                K::new("type", "Prometheus type", 4, DS, ds_type),
                K::new("url", "Prometheus URL", 4, DS, ds_url),
                K::new("default", "Is default", 4, DS, |t| {
                    has(t, 2, "isDefault: true")
                }),
            ],
        },
        Section {
            id: "grafana_dashboard",
            name: "Grafana Dashboard",
            checks: &[
                K::new("json", "Valid JSON", 5, DASH, |_| Verdict::pass("")),
                K::new("panels", "4+ panels", 5, DASH, panel_count),
                K::new("queries", "Real PromQL queries", 10, DASH, queries),
                K::new("title", "Custom title", 5, DASH, title),
            ],
        },
        Section {
            id: "alert_rules",
            name: "Alert Rules",
            checks: &[
                K::new("HighErrorRate", "Alert: HighErrorRate", 5, RULES, |t| {
                    alert(t, "HighErrorRate")
                }),
                K::new("HighLatency", "Alert: HighLatency", 5, RULES, |t| {
                    alert(t, "HighLatency")
                }),
                K::new("ServiceDown", "Alert: ServiceDown", 5, RULES, |t| {
                    alert(t, "ServiceDown")
                }),
                K::new("HighCPUUsage", "Alert: HighCPUUsage", 5, RULES, |t| {
                    alert(t, "HighCPUUsage")
                }),
            ],
        },
    ],
};
