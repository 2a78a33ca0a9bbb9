//! Which metrics a query could find: for every scrape job of prometheus.yml, what its
//! targets export (the app's names from its source or its scraped page, an exporter's by
//! its name prefixes), plus what Prometheus adds itself (`up`, recorded names, `ALERTS`).
//! A query naming anything else reads nothing, which is how placeholders and invented
//! metric names are caught: they parse as PromQL.

use std::collections::BTreeSet;

use super::compose::{Compose, Role};
use crate::config::prometheus::Config;
use crate::diag::Span;
use crate::promql::ast::{Expr, MatchOp, VectorSelector};

/// What one scrape job's targets export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Names(BTreeSet<String>),
    Prefixes(&'static [&'static str]),
    /// A target we cannot see into (service discovery, a host outside the compose file).
    Unknown,
}

impl Source {
    fn has(&self, name: &str) -> bool {
        match self {
            Source::Names(n) => n.contains(name),
            Source::Prefixes(p) => p.iter().any(|p| name.starts_with(p)),
            Source::Unknown => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub name: String,
    pub sources: Vec<Source>,
    /// What it scrapes, for messages: `the app (app:5000)`.
    pub what: String,
}

/// The series Prometheus adds for every target.
const PER_TARGET: &[&str] = &[
    "up",
    "scrape_duration_seconds",
    "scrape_samples_scraped",
    "scrape_samples_post_metric_relabeling",
    "scrape_series_added",
];

fn prefixes(role: Role) -> Option<&'static [&'static str]> {
    Some(match role {
        Role::Prometheus => &[
            "prometheus_",
            "go_",
            "process_",
            "promhttp_",
            "net_conntrack_",
        ],
        Role::NodeExporter => &["node_", "go_", "process_", "promhttp_"],
        Role::Alertmanager => &[
            "alertmanager_",
            "go_",
            "process_",
            "promhttp_",
            "net_conntrack_",
        ],
        Role::Grafana => &["grafana_", "go_", "process_", "promhttp_"],
        _ => return None,
    })
}

/// Everything Prometheus could return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exports {
    pub jobs: Vec<Job>,
    /// Names recording rules write, and `ALERTS` when alerting rules are loaded.
    pub rule_names: BTreeSet<String>,
    /// Why there is nothing to query, when prometheus.yml does not load.
    pub unavailable: Option<String>,
}

/// A metric name a query reads, with the job it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub name: String,
    pub job: Option<String>,
    /// Within the expression's text.
    pub span: Span,
}

/// Placeholders the starter files leave for students to replace.
pub fn is_placeholder(name: &str) -> bool {
    name.starts_with("REPLACE_WITH")
}

/// The named selectors of `expr` (regex `__name__` matchers are not names).
pub fn selectors(expr: &Expr) -> Vec<Selector> {
    let mut out = Vec::new();
    let mut add = |v: &VectorSelector| {
        let name = v
            .matchers
            .iter()
            .find(|m| m.name == "__name__" && m.op == MatchOp::Equal)
            .map(|m| m.value.clone());
        let job = v
            .matchers
            .iter()
            .find(|m| m.name == "job" && m.op == MatchOp::Equal)
            .map(|m| m.value.clone());
        if let Some(name) = name {
            out.push(Selector {
                name,
                job,
                span: v.span,
            });
        }
    };
    expr.walk(&mut |e| match e {
        Expr::VectorSelector(v) => add(v),
        Expr::MatrixSelector(m) => add(&m.vector_selector),
        _ => {}
    });
    out
}

impl Exports {
    /// Builds the jobs of `cfg`, telling services apart with `compose`; `app` is what the
    /// app's metrics page carries.
    pub fn new(cfg: &Config, compose: &Compose, app: &BTreeSet<String>) -> Exports {
        let mut jobs = Vec::new();
        for sc in cfg.scrape_configs() {
            let mut sources = Vec::new();
            let mut what = Vec::new();
            let targets: Vec<&String> = sc
                .sd
                .static_configs
                .iter()
                .flat_map(|g| &g.targets)
                .collect();
            if targets.is_empty() || !sc.sd.sd.is_empty() {
                sources.push(Source::Unknown);
            }
            for t in targets {
                let (host, port) = split_host_port(t);
                // From inside the Prometheus container, localhost is Prometheus.
                let service = if matches!(host, "localhost" | "127.0.0.1" | "::1") {
                    compose.by_role(Role::Prometheus)
                } else {
                    compose.by_host(host)
                };
                let Some(s) = service else {
                    sources.push(Source::Unknown);
                    what.push(t.clone());
                    continue;
                };
                if port.is_some_and(|p| !s.listens_on(p)) {
                    sources.push(Source::Names(BTreeSet::new()));
                    what.push(format!("{t}, where nothing listens"));
                    continue;
                }
                match (s.role, prefixes(s.role)) {
                    (Role::App, _) => {
                        sources.push(Source::Names(app.clone()));
                        what.push(format!("the app ({t})"));
                    }
                    (role, Some(p)) => {
                        sources.push(Source::Prefixes(p));
                        what.push(if role == Role::Prometheus {
                            format!("Prometheus itself ({t})")
                        } else {
                            format!("{} ({t})", s.name)
                        });
                    }
                    (_, None) => {
                        sources.push(Source::Unknown);
                        what.push(t.clone());
                    }
                }
            }
            jobs.push(Job {
                name: sc.job_name.clone(),
                sources,
                what: what.join(", "),
            });
        }
        Exports {
            jobs,
            rule_names: BTreeSet::new(),
            unavailable: None,
        }
    }

    /// Nothing can be queried: prometheus.yml does not load.
    pub fn unavailable(why: String) -> Exports {
        Exports {
            unavailable: Some(why),
            ..Exports::default()
        }
    }

    pub fn job(&self, name: &str) -> Option<&Job> {
        self.jobs.iter().find(|j| j.name == name)
    }

    /// Why `sel` reads nothing, or `None` when some job exports it.
    pub fn missing(&self, sel: &Selector) -> Option<String> {
        let name = sel.name.as_str();
        if is_placeholder(name) {
            return Some(format!("{name} is a placeholder, not a metric"));
        }
        if self.rule_names.contains(name) {
            return None;
        }
        if let Some(why) = &self.unavailable {
            return Some(format!("{name} cannot be scraped: {why}"));
        }
        let exported =
            |j: &Job| PER_TARGET.contains(&name) || j.sources.iter().any(|s| s.has(name));
        match &sel.job {
            Some(job) => match self.job(job) {
                None => Some(format!(
                    "{name}{{job=\"{job}\"}} reads nothing: there is no scrape job \"{job}\"{}",
                    self.job_list()
                )),
                Some(j) if !exported(j) => Some(format!(
                    "{name} is not exported by job \"{job}\" ({})",
                    if j.what.is_empty() {
                        "no targets"
                    } else {
                        &j.what
                    }
                )),
                Some(_) => None,
            },
            None if self.jobs.iter().any(exported) => None,
            None if self.jobs.is_empty() => Some(format!(
                "{name} is not scraped: prometheus.yml has no scrape jobs"
            )),
            None => Some(format!(
                "{name} is not exported by any scrape job{}",
                self.job_list()
            )),
        }
    }

    fn job_list(&self) -> String {
        if self.jobs.is_empty() {
            return " (no jobs are configured)".into();
        }
        let names: Vec<String> = self
            .jobs
            .iter()
            .map(|j| format!("\"{}\"", j.name))
            .collect();
        format!(" (jobs: {})", names.join(", "))
    }

    /// The first selector of `expr` that reads nothing, with its reason.
    pub fn first_missing(&self, expr: &Expr) -> Option<(String, Span)> {
        selectors(expr)
            .into_iter()
            .find_map(|s| self.missing(&s).map(|why| (why, s.span)))
    }
}

/// `host:port` → (`host`, port); IPv6 literals keep their brackets off.
pub fn split_host_port(t: &str) -> (&str, Option<u16>) {
    if let Some(rest) = t.strip_prefix('[') {
        if let Some((h, p)) = rest.split_once("]:") {
            return (h, p.parse().ok());
        }
    }
    match t.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, p.parse().ok()),
        _ => (t, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::prometheus;
    use crate::promql::{self, Features};

    fn exports(yml: &str, app: &[&str]) -> Exports {
        let cfg = prometheus::load(yml).expect("valid config");
        let app = app.iter().map(|s| s.to_string()).collect();
        Exports::new(&cfg, &Compose::challenge_default(), &app)
    }

    fn why(e: &Exports, q: &str) -> Option<String> {
        let expr = promql::parse(q, Features::default()).expect("parses");
        e.first_missing(&expr).map(|(w, _)| w)
    }

    const JOBS: &str = "scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ['localhost:9090']}]
  - job_name: app
    static_configs: [{targets: ['app:5000']}]
";

    #[test]
    fn names_are_looked_up_per_job() {
        let e = exports(JOBS, &["http_requests_total"]);
        assert_eq!(
            why(&e, "sum(rate(http_requests_total{job=\"app\"}[5m]))"),
            None
        );
        assert_eq!(why(&e, "up == 0"), None);
        assert_eq!(why(&e, "prometheus_build_info"), None);
        assert_eq!(
            why(&e, "process_cpu_seconds_total{job=\"app\"}").as_deref(),
            Some("process_cpu_seconds_total is not exported by job \"app\" (the app (app:5000))")
        );
        assert_eq!(
            why(&e, "node_load1").as_deref(),
            Some("node_load1 is not exported by any scrape job (jobs: \"prometheus\", \"app\")")
        );
        assert_eq!(
            why(&e, "up{job=\"node\"}").as_deref(),
            Some("up{job=\"node\"} reads nothing: there is no scrape job \"node\" (jobs: \"prometheus\", \"app\")")
        );
        assert_eq!(
            why(&e, "REPLACE_WITH_CPU_QUERY").as_deref(),
            Some("REPLACE_WITH_CPU_QUERY is a placeholder, not a metric")
        );
    }

    #[test]
    fn wrong_hosts_and_ports_scrape_something_else() {
        let e = exports(
            "scrape_configs:
  - job_name: app
    static_configs: [{targets: ['localhost:5000', 'app:8080']}]
",
            &["http_requests_total"],
        );
        assert_eq!(
            why(&e, "http_requests_total{job=\"app\"}").as_deref(),
            Some("http_requests_total is not exported by job \"app\" (localhost:5000, where nothing listens, app:8080, where nothing listens)")
        );
        assert_eq!(split_host_port("[::1]:9090"), ("::1", Some(9090)));
        assert_eq!(split_host_port("app"), ("app", None));
    }

    #[test]
    fn no_jobs_nothing_scraped() {
        let e = exports("global: {scrape_interval: 2m}", &[]);
        assert_eq!(
            why(&e, "cpu").as_deref(),
            Some("cpu is not scraped: prometheus.yml has no scrape jobs")
        );
    }
}
