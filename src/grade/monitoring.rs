//! The "Monitoring Stack" challenge: its repository loaded once with lookout's own
//! loaders (prometheus.yml, alertmanager.yml, the rule file, Grafana provisioning and
//! dashboard, the Flask app, docker-compose.yml), and two rubrics over it: run.py's
//! sections and points with every check decided on the parsed files, and the README's
//! table with the deep checks (targets that reach the compose services, dashboards and
//! alerts over metrics the app really exports, sane thresholds, an instrumented app).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::compose::{Compose, Role};
use super::exports::{self, Exports};
use super::files::{self, commented_note, Loc, Problem};
use super::python::{self, Kind, Metric};
use super::run_app::{self, Scrape};
use super::{Check, Context, Footer, Layout, Options, Rubric, Section, Verdict};
use crate::config::alertmanager::{
    self as am, inhibit::Inhibition, matchers::ParseMode, route::Route as AmRoute,
};
use crate::config::prometheus;
use crate::diag::SourceFile;
use crate::grafana::provisioning::Checker;
use crate::grafana::{self, json, Dashboard, Language};
use crate::promql::ast::{Call, Expr, MatchOp};
use crate::promql::lexer::TokenKind;
use crate::promql::{self, Features};
use crate::rules::{self, RuleFile, RuleKind};
use crate::yaml::{self, Node, Resolved};

pub const PROM: &str = "prometheus/prometheus.yml";
pub const AM: &str = "alertmanager/alertmanager.yml";
pub const DS: &str = "grafana/provisioning/datasources/prometheus.yml";
pub const DASH: &str = "grafana/dashboards/app-dashboard.json";
pub const RULES: &str = "prometheus/rules/alerts.yml";
pub const APP: &str = "app/app.py";
pub const COMPOSE: &str = "docker-compose.yml";

pub struct Prom {
    file: Arc<SourceFile>,
    cfg: prometheus::Config,
    tree: Option<Node>,
}

pub struct Am {
    file: Arc<SourceFile>,
    cfg: am::config::Config,
}

pub struct Ds {
    file: Arc<SourceFile>,
    tree: Node,
    /// What `check grafana-provisioning` finds wrong.
    errors: Vec<(String, Option<Loc>)>,
}

/// One PromQL query of the dashboard.
pub struct Query {
    panel: String,
    /// Where it goes wrong (the error's position inside the JSON string), else its start.
    at: Loc,
    text: String,
    /// The parsed query, or why it reads nothing (parse error or missing metric).
    result: Result<Expr, String>,
}

pub struct Dash {
    dash: Dashboard,
    /// Per panel (in order), its PromQL queries.
    panels: Vec<(String, Vec<Query>)>,
}

pub struct Rules {
    file: Arc<SourceFile>,
    rules: RuleFile,
}

pub struct App {
    file: Arc<SourceFile>,
    app: python::App,
}

/// A monitoring-stack repository, loaded.
pub struct Stack {
    root: PathBuf,
    prom: Result<Prom, Problem>,
    am: Result<Am, Problem>,
    ds: Result<Ds, Problem>,
    dash: Result<Dash, Problem>,
    rules: Result<Rules, Problem>,
    app: Result<App, Problem>,
    compose: Compose,
    scrape: Option<Result<Scrape, String>>,
    exports: Exports,
    notes: Vec<String>,
}

impl Context for Stack {
    fn problem(&self, file: &str) -> Option<&Problem> {
        match file {
            PROM => self.prom.as_ref().err(),
            AM => self.am.as_ref().err(),
            DS => self.ds.as_ref().err(),
            DASH => self.dash.as_ref().err(),
            RULES => self.rules.as_ref().err(),
            APP => self.app.as_ref().err(),
            _ => None,
        }
    }

    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }
}

fn node_loc(file: &SourceFile, n: &Node) -> Loc {
    Loc::line(&file.name, n.line, n.col)
}

fn path<'a>(root: &'a Node, keys: &[&str]) -> Option<&'a Node> {
    keys.iter().try_fold(root, |n, k| n.get(k))
}

/// A multi-line loader message on one line.
fn one_line(s: &str) -> String {
    s.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn load_prom(root: &Path) -> Result<Prom, Problem> {
    let file = files::read(root, PROM)?;
    let cfg = prometheus::load(&file.text).map_err(|e| {
        Problem::invalid(
            "Valid configuration",
            one_line(&e.message),
            e.at.map(|s| Loc::of(&file, s.start)),
            "Prometheus refuses to start with this file; run `lookout check config prometheus/prometheus.yml`",
        )
    })?;
    // The loader read it, so it parses; an empty file has no tree.
    let tree = yaml::parse(&file.text)
        .ok()
        .and_then(|d| d.into_iter().next());
    Ok(Prom { file, cfg, tree })
}

fn load_am(root: &Path) -> Result<Am, Problem> {
    let file = files::read(root, AM)?;
    let cfg = am::config::load(&file.text, ParseMode::default()).map_err(|e| {
        Problem::invalid(
            "Valid configuration",
            one_line(&e.message),
            e.span.map(|s| Loc::of(&file, s.start)),
            "Alertmanager refuses to start with this file; run `lookout alertmanager check alertmanager/alertmanager.yml`",
        )
    })?;
    Ok(Am { file, cfg })
}

fn load_ds(root: &Path) -> Result<Ds, Problem> {
    let file = files::read(root, DS)?;
    let tree = match yaml::parse(&file.text) {
        Ok(docs) => docs.into_iter().next(),
        Err(e) => return Err(Problem::invalid(
            "Valid YAML",
            one_line(&e.to_string()),
            e.span.map(|s| Loc::of(&file, s.start)),
            "fix the YAML syntax; run `lookout check grafana-provisioning grafana/provisioning`",
        )),
    };
    let tree = tree
        .filter(|t| t.get("datasources").is_some() || t.get("apiVersion").is_some())
        .ok_or_else(|| {
            Problem::invalid(
                "Datasources defined",
                "Missing: the file has no datasources: list".into(),
                Some(Loc::line(DS, 1, 1)),
                "start the file with apiVersion: 1 and a datasources: list",
            )
        })?;
    let errors = provisioning_errors(root, DS, &file);
    Ok(Ds { file, tree, errors })
}

/// What `check grafana-provisioning` finds wrong with the provisioning file `rel`.
pub(super) fn provisioning_errors(
    root: &Path,
    rel: &str,
    file: &Arc<SourceFile>,
) -> Vec<(String, Option<Loc>)> {
    let report = Checker::new(None).check(file, Some(&root.join(rel)));
    report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            (
                d.message.clone(),
                d.line_col().map(|(l, c)| Loc::line(rel, l, c)),
            )
        })
        .collect()
}

fn load_rules(root: &Path) -> Result<Rules, Problem> {
    let file = files::read(root, RULES)?;
    let (parsed, findings) = rules::parse_rule_file(&file.text, &rules::ParseOptions::default());
    match (
        parsed,
        findings
            .iter()
            .find(|f| f.kind == rules::FindingKind::Error),
    ) {
        (Some(rules), None) => Ok(Rules { file, rules }),
        (_, err) => Err(Problem::invalid(
            "Valid rule file",
            err.map_or("the file does not load".into(), |f| one_line(&f.message)),
            err.and_then(|f| f.span).map(|s| Loc::of(&file, s.start)),
            "Prometheus refuses to load it; run `lookout check rules prometheus/rules/alerts.yml`",
        )),
    }
}

fn load_app(root: &Path) -> Result<App, Problem> {
    let file = files::read(root, APP)?;
    let app = python::analyze(&file.text);
    Ok(App { file, app })
}

fn load_dash(root: &Path, exports: &Exports) -> Result<Dash, Problem> {
    let file = files::read(root, DASH)?;
    let dash = grafana::load(&file.text).map_err(|e| {
        let detail = if e.code == "dashboard/json" {
            format!("Invalid JSON: {}", e.msg)
        } else {
            format!("Not a dashboard: {}", e.msg)
        };
        Problem::invalid(
            "Valid JSON",
            detail,
            e.pos.map(|p| Loc::of(&file, p)),
            "the file must be one dashboard JSON object; run `lookout check dashboards grafana/dashboards`",
        )
    })?;
    let mut panels = Vec::new();
    for panel in &dash.panels {
        let title = if panel.title.is_empty() {
            panel.pointer.clone()
        } else {
            panel.title.clone()
        };
        let from_panel = dash.resolve_panel(panel);
        let mut queries = Vec::new();
        for t in &panel.targets {
            let Some((expr, span)) = t.expr.as_ref().filter(|(e, _)| !e.trim().is_empty()) else {
                continue;
            };
            let lang = dash.language(&dash.resolve_target(&from_panel, t));
            if matches!(lang, Some(Language::LogQL | Language::Other)) {
                continue;
            }
            let raw = file.text.get(span.start..span.end).unwrap_or("");
            let sub = dash.substitute(expr);
            // Offsets in the expression map back through the substitution and the JSON
            // string's escapes to the file.
            let in_file = |at: usize| span.start + json::raw_offset(raw, sub.original_offset(at));
            let (result, at) = match promql::parse(&sub.text, Features::default()) {
                Err(e) => {
                    let (line, col) =
                        crate::diag::line_col(expr, sub.original_offset(e.span.start));
                    (
                        Err(format!("{line}:{col}: parse error: {}", e.msg)),
                        in_file(e.span.start),
                    )
                }
                Ok(ast) => match exports.first_missing(&ast) {
                    Some((why, sel)) => (Err(why), in_file(sel.start)),
                    None => (Ok(ast), span.start),
                },
            };
            queries.push(Query {
                panel: title.clone(),
                at: Loc::of(&file, at),
                text: sub.text.clone(),
                result,
            });
        }
        panels.push((title, queries));
    }
    Ok(Dash { dash, panels })
}

impl Stack {
    pub fn load(root: &Path, opts: &Options) -> Stack {
        let mut notes = Vec::new();
        let compose = Compose::load(root, super::compose::CHALLENGE_DEFAULT, &mut notes);
        let prom = load_prom(root);
        let am = load_am(root);
        let ds = load_ds(root);
        let rules = load_rules(root);
        let app = load_app(root);
        let scrape = opts.run_app.then(|| run_app::run(&root.join("app")));
        let mut app_names: BTreeSet<String> = app
            .as_ref()
            .map(|a| a.app.exported_names().into_iter().collect())
            .unwrap_or_default();
        match &scrape {
            Some(Ok(s)) => {
                app_names = s.names.clone();
                notes.push(format!(
                    "--run-app: GET {} answered {} with {} metric families",
                    s.path,
                    s.status,
                    s.families.len()
                ));
            }
            Some(Err(why)) => notes.push(format!(
                "--run-app: {why}; the app section was graded from the source"
            )),
            None => {}
        }
        let mut exports = match &prom {
            Ok(p) => Exports::new(&p.cfg, &compose, &app_names),
            Err(p) => Exports::unavailable(format!("prometheus.yml does not load ({})", p.detail)),
        };
        if let (Ok(p), Ok(r)) = (&prom, &rules) {
            if rule_file_mapping(&compose, root, p).is_ok() {
                for rule in r.rules.groups.iter().flat_map(|g| &g.rules) {
                    match rule.kind {
                        RuleKind::Record => exports.rule_names.insert(rule.name.clone()),
                        RuleKind::Alert => {
                            exports.rule_names.insert("ALERTS".into())
                                | exports.rule_names.insert("ALERTS_FOR_STATE".into())
                        }
                    };
                }
            }
        }
        let dash = load_dash(root, &exports);
        Stack {
            root: root.to_path_buf(),
            prom,
            am,
            ds,
            dash,
            rules,
            app,
            compose,
            scrape,
            exports,
            notes,
        }
    }

    fn scraped(&self) -> Option<&Scrape> {
        self.scrape.as_ref().and_then(|s| s.as_ref().ok())
    }
}

// ---- shared pieces ----

/// A verdict for a check whose file did not load (the gate normally answers first).
fn not_loaded() -> Verdict {
    Verdict::fail("not checked: the file does not load")
}

/// The rule_files glob that loads the alerts file once the prometheus service's volumes
/// map it into the repository: `Ok(pattern → file)`, or why none does.
fn rule_file_mapping(compose: &Compose, root: &Path, p: &Prom) -> Result<String, String> {
    if p.cfg.rule_files.is_empty() {
        let (note, _) = commented_note(&p.file, "rule_files");
        return Err(format!(
            "no rule_files, so the alerts are never loaded{note}"
        ));
    }
    let Some(svc) = compose.by_role(Role::Prometheus) else {
        return Err("docker-compose.yml has no prometheus service".into());
    };
    let config_dir = svc
        .container_path(PROM)
        .and_then(|c| c.rsplit_once('/').map(|(d, _)| d.to_string()))
        .unwrap_or_else(|| "/etc/prometheus".into());
    let want = root.join(RULES);
    let mut tried = Vec::new();
    for rf in &p.cfg.rule_files {
        let container = if rf.starts_with('/') {
            rf.value.clone()
        } else {
            format!("{config_dir}/{}", rf.value)
        };
        let (dir, last) = container
            .rsplit_once('/')
            .unwrap_or(("", container.as_str()));
        let Some(host_dir) = svc.host_path(dir) else {
            tried.push(format!(
                "{container} is not in a volume of the {} service",
                svc.name
            ));
            continue;
        };
        let host = if host_dir.is_empty() {
            last.to_string()
        } else {
            format!("{host_dir}/{last}")
        };
        if crate::glob::glob(&root.join(&host)).contains(&want) {
            return Ok(format!("{} → {RULES}", rf.value));
        }
        tried.push(format!(
            "{container} is {host} in the repository, which does not match {RULES}"
        ));
    }
    Err(tried.join("; "))
}

// ---- Prometheus Config ----

fn scrape_interval(s: &Stack) -> Verdict {
    let Ok(p) = &s.prom else { return not_loaded() };
    let node = p
        .tree
        .as_ref()
        .and_then(|t| path(t, &["global", "scrape_interval"]));
    if node.is_some() && p.cfg.global.scrape_interval.0 == 15_000 {
        return Verdict::pass("Configured");
    }
    let (detail, at) = match node {
        Some(n) => (
            format!("Wrong value: {} (15s wanted)", n.as_str().unwrap_or("?")),
            Some(node_loc(&p.file, n)),
        ),
        None => {
            let (note, at) = commented_note(&p.file, "scrape_interval");
            (
                format!("Missing: Prometheus scrapes every 1m by default{note}"),
                at,
            )
        }
    };
    Verdict::fail(detail)
        .at(at.or(Some(Loc::line(PROM, 1, 1))))
        .hint("set scrape_interval: 15s under global:")
}

fn alertmanager_targets(p: &Prom) -> Vec<&String> {
    p.cfg
        .alerting
        .alertmanagers
        .iter()
        .filter_map(|a| a.value.as_ref())
        .flat_map(|a| a.sd.static_configs.iter().flat_map(|g| &g.targets))
        .collect()
}

fn no_alerting(p: &Prom) -> Verdict {
    let (note, at) = commented_note(&p.file, "alertmanagers:");
    Verdict::fail(format!(
        "Missing or commented: no alerting.alertmanagers{note}"
    ))
    .at(at)
    .hint("add alerting: {alertmanagers: [{static_configs: [{targets: ['alertmanager:9093']}]}]}")
}

fn alerting_runpy(s: &Stack) -> Verdict {
    let Ok(p) = &s.prom else { return not_loaded() };
    let has_sd = p
        .cfg
        .alerting
        .alertmanagers
        .iter()
        .filter_map(|a| a.value.as_ref())
        .any(|a| !a.sd.sd.is_empty());
    if alertmanager_targets(p).is_empty() && !has_sd {
        return no_alerting(p);
    }
    Verdict::pass("Configured")
}

fn alerting_readme(s: &Stack) -> Verdict {
    let Ok(p) = &s.prom else { return not_loaded() };
    let targets = alertmanager_targets(p);
    if targets.is_empty() {
        return no_alerting(p);
    }
    let mut why = Vec::new();
    for t in &targets {
        match s.compose.reaches(t, Role::Alertmanager, Role::Prometheus) {
            Ok(()) => return Verdict::pass(t.to_string()),
            Err(e) => why.push(e),
        }
    }
    let at = p
        .cfg
        .alerting
        .alertmanagers
        .first()
        .map(|a| Loc::of(&p.file, a.span.start));
    Verdict::fail(why.join("; "))
        .at(at)
        .hint("point alerting at the alertmanager service: targets: ['alertmanager:9093']")
}

fn rule_files(s: &Stack) -> Verdict {
    let Ok(p) = &s.prom else { return not_loaded() };
    match rule_file_mapping(&s.compose, &s.root, p) {
        Ok(m) => Verdict::pass(m),
        Err(e) => {
            let at = p
                .cfg
                .rule_files
                .first()
                .map(|r| Loc::of(&p.file, r.span.start))
                .or_else(|| commented_note(&p.file, "rule_files").1);
            Verdict::fail(e).at(at).hint("add rule_files: ['/etc/prometheus/rules/*.yml'] (the compose file mounts ./prometheus/rules there)")
        }
    }
}

/// The scrape job named `job`, or a verdict saying it is missing.
fn find_job<'a>(
    p: &'a Prom,
    job: &str,
    example: &str,
) -> Result<&'a prometheus::ScrapeConfig, Verdict> {
    if let Some(sc) = p.cfg.scrape_configs().find(|sc| sc.job_name == job) {
        return Ok(sc);
    }
    let mut at = None;
    let mut note = String::new();
    for needle in [
        format!("job_name: '{job}'"),
        format!("job_name: \"{job}\""),
        format!("job_name: {job}"),
    ] {
        let (n, a) = commented_note(&p.file, &needle);
        if a.is_some() {
            (note, at) = (n, a);
            break;
        }
    }
    Err(Verdict::fail(format!("Missing or commented{note}"))
        .at(at.or_else(|| {
            p.cfg
                .scrape_configs
                .first()
                .map(|s| Loc::of(&p.file, s.span.start))
        }))
        .hint(format!(
            "add - job_name: '{job}' with static_configs: [{{targets: ['{example}']}}]"
        )))
}

fn job_runpy(s: &Stack, job: &str, example: &str) -> Verdict {
    let Ok(p) = &s.prom else { return not_loaded() };
    match find_job(p, job, example) {
        Ok(_) => Verdict::pass("Configured"),
        Err(v) => v,
    }
}

fn job_readme(s: &Stack, job: &str, role: Role, example: &str) -> Verdict {
    let Ok(p) = &s.prom else { return not_loaded() };
    let sc = match find_job(p, job, example) {
        Ok(sc) => sc,
        Err(v) => return v,
    };
    let at = p
        .cfg
        .scrape_configs
        .iter()
        .find(|x| x.value.as_ref().is_some_and(|v| v.job_name == job))
        .map(|x| Loc::of(&p.file, x.span.start));
    let targets: Vec<&String> = sc
        .sd
        .static_configs
        .iter()
        .flat_map(|g| &g.targets)
        .collect();
    let mut why = Vec::new();
    let mut good = None;
    for t in &targets {
        match s.compose.reaches(t, role, Role::Prometheus) {
            Ok(()) => good = Some(t.to_string()),
            Err(e) => why.push(e),
        }
    }
    let Some(target) = good else {
        let detail = if targets.is_empty() {
            "no static targets".to_string()
        } else {
            why.join("; ")
        };
        return Verdict::fail(detail)
            .at(at)
            .hint(format!("scrape {example}"));
    };
    if role == Role::App {
        if let Some(route) = s.app.as_ref().ok().and_then(|a| a.app.metrics_route()) {
            if route.path != sc.metrics_path {
                return Verdict::fail(format!(
                    "scrapes {}{} but the app serves its metrics at {}",
                    target, sc.metrics_path, route.path
                ))
                .at(at)
                .hint(format!("set metrics_path: {}", route.path));
            }
        }
    }
    Verdict::pass(target)
}

// ---- Alertmanager ----

fn am_route(s: &Stack) -> Verdict {
    let Ok(a) = &s.am else { return not_loaded() };
    match &a.cfg.route {
        Some(r) if !r.receiver.is_empty() => Verdict::pass(""),
        _ => Verdict::fail("Missing: no route with a receiver").at(Some(Loc::line(AM, 1, 1))),
    }
}

fn am_receivers(s: &Stack) -> Verdict {
    let Ok(a) = &s.am else { return not_loaded() };
    if a.cfg.receivers.is_empty() {
        return Verdict::fail("Missing").at(Some(Loc::line(AM, 1, 1)));
    }
    Verdict::pass("")
}

fn any_group_by(r: &am::config::Route) -> bool {
    r.group_by.as_ref().is_some_and(|g| !g.is_empty()) || r.routes.iter().any(any_group_by)
}

fn am_group_by(s: &Stack) -> Verdict {
    let Ok(a) = &s.am else { return not_loaded() };
    if a.cfg.route.as_ref().is_some_and(|r| any_group_by(r)) {
        return Verdict::pass("");
    }
    Verdict::fail("Missing: no route sets group_by")
        .at(a.cfg.route.as_ref().map(|r| Loc::of(&a.file, r.span.start)))
        .hint("add group_by: ['alertname'] to the route")
}

fn am_inhibit(s: &Stack) -> Verdict {
    let Ok(a) = &s.am else { return not_loaded() };
    if a.cfg.inhibit_rules.is_empty() {
        let (note, at) = commented_note(&a.file, "inhibit_rules");
        return Verdict::fail(format!("Missing{note}"))
            .at(at)
            .hint("add inhibit_rules that mute warnings while a critical alert fires");
    }
    Verdict::pass("")
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The README's routing: grouping, critical alerts to a receiver of their own, and
/// critical alerts muting warnings.
fn alert_routing(s: &Stack) -> Verdict {
    let Ok(a) = &s.am else { return not_loaded() };
    let Some(route) = &a.cfg.route else {
        return Verdict::fail("no route").at(Some(Loc::line(AM, 1, 1)));
    };
    let at = Some(Loc::of(&a.file, route.span.start));
    let mut missing = Vec::new();
    if route.group_by.as_ref().is_none_or(|g| g.is_empty()) {
        missing.push("the route has no group_by".to_string());
    }
    let critical = labels(&[
        ("alertname", "ServiceDown"),
        ("severity", "critical"),
        ("instance", "app:5000"),
    ]);
    let warning = labels(&[
        ("alertname", "ServiceDown"),
        ("severity", "warning"),
        ("instance", "app:5000"),
    ]);
    match AmRoute::new(route) {
        Ok(tree) => {
            let to: Vec<&str> = tree
                .matches(&critical)
                .iter()
                .map(|r| r.opts.receiver.as_str())
                .collect();
            if to.iter().all(|r| *r == tree.opts.receiver.as_str()) {
                missing.push(format!(
                    "severity=\"critical\" alerts go to the default receiver \"{}\"; no route sends them to a receiver of their own",
                    tree.opts.receiver
                ));
            }
        }
        Err(e) => missing.push(e),
    }
    let mutes = a
        .cfg
        .inhibit_rules
        .iter()
        .filter_map(|r| Inhibition::new(r).ok())
        .any(|i| i.inhibits(&critical, &warning));
    if !mutes {
        missing.push(if a.cfg.inhibit_rules.is_empty() {
            "no inhibit_rules".to_string()
        } else {
            "no inhibit rule mutes warnings while a critical alert fires".to_string()
        });
    }
    if missing.is_empty() {
        return Verdict::pass("critical alerts routed to their own receiver; warnings inhibited");
    }
    Verdict::fail(missing.join("; ")).at(at).hint(
        "add routes: [{matchers: ['severity=\"critical\"'], receiver: <pager>}] and an inhibit rule from severity=\"critical\" to severity=\"warning\"",
    )
}

// ---- Grafana Datasource ----

fn ds_entries(d: &Ds) -> &[Node] {
    d.tree
        .get("datasources")
        .map(Node::items)
        .unwrap_or_default()
}

fn is_type(n: &Node, t: &str) -> bool {
    n.get("type").and_then(Node::as_str) == Some(t)
}

fn prom_ds(d: &Ds) -> Option<&Node> {
    ds_entries(d).iter().find(|n| is_type(n, "prometheus"))
}

fn no_datasources(d: &Ds) -> Verdict {
    let (note, at) = commented_note(&d.file, "url:");
    Verdict::fail(format!("Missing or commented: datasources: is empty{note}"))
        .at(at.or(Some(Loc::line(DS, 1, 1))))
        .hint("add a data source entry under datasources:")
}

fn ds_defined(s: &Stack) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    if ds_entries(d).is_empty() {
        return no_datasources(d);
    }
    Verdict::pass("")
}

fn ds_valid(s: &Stack) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    if let Some((msg, at)) = d.errors.first() {
        return Verdict::fail(msg.clone())
            .at(at.clone())
            .hint("run `lookout check grafana-provisioning grafana/provisioning`");
    }
    if ds_entries(d).is_empty() {
        return no_datasources(d);
    }
    Verdict::pass(format!("{} data source(s)", ds_entries(d).len()))
}

fn ds_type(s: &Stack) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    if prom_ds(d).is_some() {
        return Verdict::pass("");
    }
    let found: Vec<&str> = ds_entries(d)
        .iter()
        .filter_map(|n| n.get("type").and_then(Node::as_str))
        .collect();
    let at = ds_entries(d)
        .first()
        .map(|n| node_loc(&d.file, n.get("type").unwrap_or(n)));
    let detail = if found.is_empty() {
        let (note, _) = commented_note(&d.file, "type: prometheus");
        format!("Missing or commented: no data source has type: prometheus{note}")
    } else {
        format!(
            "Missing: no data source has type: prometheus (found {})",
            found.join(", ")
        )
    };
    Verdict::fail(detail)
        .at(at.or(Some(Loc::line(DS, 1, 1))))
        .hint("set type: prometheus")
}

/// `http://prometheus:9090` → (`http`, `prometheus:9090`, `/`).
fn split_url(u: &str) -> (&str, &str, &str) {
    let (scheme, rest) = u.split_once("://").unwrap_or(("", u));
    let (host, path) = rest
        .find('/')
        .map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    (scheme, host, path)
}

fn ds_url(s: &Stack, readme: bool) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    let Some(ds) = prom_ds(d) else {
        return Verdict::fail("Missing or wrong: no prometheus data source")
            .at(Some(Loc::line(DS, 1, 1)));
    };
    let Some(url_node) = ds.get("url") else {
        return Verdict::fail("Missing or wrong: the prometheus data source has no url")
            .at(Some(node_loc(&d.file, ds)))
            .hint("url: http://prometheus:9090");
    };
    let url = url_node.as_str().unwrap_or_default().trim();
    let at = Some(node_loc(&d.file, url_node));
    let (scheme, host, path) = split_url(url);
    let port_ok = matches!(exports::split_host_port(host), (_, Some(_)));
    let result = if scheme != "http" && scheme != "https" {
        Err(format!("{url} is not an http:// URL"))
    } else if !port_ok {
        Err(format!("{url} has no port"))
    } else if readme {
        s.compose.reaches(host, Role::Prometheus, Role::Grafana)
    } else if host == "prometheus:9090" && path.trim_end_matches('/').is_empty() {
        Ok(())
    } else {
        Err(format!("url is {url}, not http://prometheus:9090"))
    };
    match result {
        Ok(()) => Verdict::pass(if readme { url.to_string() } else { String::new() }),
        Err(e) => Verdict::fail(format!("Missing or wrong: {e}"))
            .at(at)
            .hint("Grafana runs in its own container: url: http://prometheus:9090 (the compose service name)"),
    }
}

fn ds_default(s: &Stack) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    let Some(ds) = prom_ds(d) else {
        return Verdict::fail("Missing: no prometheus data source").at(Some(Loc::line(DS, 1, 1)));
    };
    let is_default = |n: &Node| {
        matches!(
            n.get("isDefault").and_then(Node::resolve),
            Some(Resolved::Bool(true))
        )
    };
    let defaults = ds_entries(d).iter().filter(|n| is_default(n)).count();
    if !is_default(ds) {
        let at = ds.get("isDefault").unwrap_or(ds);
        return Verdict::fail(match ds.get("isDefault") {
            Some(v) => format!(
                "Missing: isDefault is {}",
                v.as_str().unwrap_or("not a boolean")
            ),
            None => "Missing".into(),
        })
        .at(Some(node_loc(&d.file, at)))
        .hint("set isDefault: true on the prometheus data source");
    }
    if defaults > 1 {
        return Verdict::fail(format!(
            "{defaults} data sources have isDefault: true; Grafana allows one"
        ))
        .at(Some(node_loc(&d.file, ds)));
    }
    Verdict::pass("")
}

// ---- Grafana Dashboard ----

fn dash_valid(_: &Stack) -> Verdict {
    Verdict::pass("")
}

fn all_queries(d: &Dash) -> impl Iterator<Item = &Query> {
    d.panels.iter().flat_map(|(_, q)| q)
}

fn bad_queries(d: &Dash) -> Vec<&Query> {
    all_queries(d).filter(|q| q.result.is_err()).collect()
}

fn describe(q: &Query) -> String {
    match &q.result {
        Ok(_) => String::new(),
        Err(e) => format!("'{}': {e}", q.panel),
    }
}

fn dash_panels(s: &Stack) -> Verdict {
    let Ok(d) = &s.dash else { return not_loaded() };
    let working = d
        .panels
        .iter()
        .filter(|(_, q)| !q.is_empty() && q.iter().all(|q| q.result.is_ok()))
        .count();
    if working >= 4 {
        return Verdict::pass(format!("{working} panels"));
    }
    let bad = bad_queries(d);
    let why = bad
        .first()
        .map(|q| format!("; {}", describe(q)))
        .unwrap_or_default();
    Verdict::fail(format!(
        "Only {working} of {} panels have working queries{why}",
        d.panels.len()
    ))
    .at(bad
        .first()
        .map(|q| q.at.clone())
        .or(Some(Loc::line(DASH, 1, 1))))
    .hint("add panels whose queries read the app's metrics (rows count too)")
}

fn dash_queries_runpy(s: &Stack) -> Verdict {
    let Ok(d) = &s.dash else { return not_loaded() };
    let total = all_queries(d).count();
    let bad = bad_queries(d);
    let hint = "replace every placeholder with PromQL over metrics the app exports";
    match (total, bad.len()) {
        (0, _) => Verdict::fail("No real queries: no panel has a query")
            .at(Some(Loc::line(DASH, 1, 1)))
            .hint(hint),
        (_, 0) => Verdict::pass("All panels have queries"),
        (t, b) if b < t => Verdict::partial(
            5,
            format!("{b} of {t} queries do not work; {}", describe(bad[0])),
        )
        .at(Some(bad[0].at.clone()))
        .hint(hint),
        _ => Verdict::fail(format!("No real queries; {}", describe(bad[0])))
            .at(Some(bad[0].at.clone()))
            .hint(hint),
    }
}

fn dash_queries_readme(s: &Stack) -> Verdict {
    let Ok(d) = &s.dash else { return not_loaded() };
    let total = all_queries(d).count();
    let bad = bad_queries(d);
    if total == 0 {
        return Verdict::fail("no panel has a query").at(Some(Loc::line(DASH, 1, 1)));
    }
    if bad.is_empty() {
        return Verdict::pass(format!("{total} queries parse and read exported metrics"));
    }
    let list: Vec<String> = bad.iter().map(|q| describe(q)).collect();
    Verdict::fail(format!("{} of {total} queries do not work: {}", bad.len(), list.join("; ")))
        .at(Some(bad[0].at.clone()))
        .hint("run `lookout check dashboards grafana/dashboards`; use metrics the app, Prometheus or node-exporter export")
}

fn dash_title(s: &Stack) -> Verdict {
    let Ok(d) = &s.dash else { return not_loaded() };
    let t = d.dash.title.trim();
    if !t.is_empty() && t != "App Dashboard" {
        return Verdict::pass(t.to_string());
    }
    Verdict::fail(if t.is_empty() {
        "No title"
    } else {
        "Using default title"
    })
    .at(Some(Loc::line(DASH, 1, 1)))
    .hint("give the dashboard a title of your own")
}

/// What a panel of the README's list is for.
#[derive(Debug, Clone, Copy)]
enum PanelRole {
    RequestRate,
    ErrorRate,
    Latency,
    Cpu,
    Memory,
}

fn request_counters(s: &Stack) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = ["http_requests_total".to_string()].into();
    if let Ok(a) = &s.app {
        for m in a.app.metrics.iter().filter(|m| m.kind == Kind::Counter) {
            if let Some(n) = &m.name {
                out.insert(format!("{n}_total"));
            }
        }
    }
    out
}

fn calls(e: &Expr) -> Vec<&Call> {
    let mut out = Vec::new();
    e.walk(&mut |x| {
        if let Expr::Call(c) = x {
            out.push(&**c);
        }
    });
    out
}

/// Whether a selector of `e` picks 5xx statuses of a request counter.
fn selects_errors(e: &Expr, counters: &BTreeSet<String>) -> bool {
    let mut found = false;
    let mut check = |v: &crate::promql::ast::VectorSelector| {
        let named = v
            .matchers
            .iter()
            .any(|m| m.name == "__name__" && m.op == MatchOp::Equal && counters.contains(&m.value));
        let five = v.matchers.iter().any(|m| {
            matches!(
                m.name.as_str(),
                "status" | "code" | "status_code" | "http_status"
            ) && matches!(m.op, MatchOp::Equal | MatchOp::Regex)
                && m.value.starts_with('5')
        });
        found |= named && five;
    };
    e.walk(&mut |x| match x {
        Expr::VectorSelector(v) => check(v),
        Expr::MatrixSelector(m) => check(&m.vector_selector),
        _ => {}
    });
    found
}

fn quantile_95(e: &Expr) -> bool {
    calls(e).iter().any(|c| {
        c.func.name == "histogram_quantile"
            && matches!(c.args.first(), Some(Expr::Number(n)) if (n.val - 0.95).abs() < 1e-9)
    })
}

fn names_of(e: &Expr) -> Vec<String> {
    exports::selectors(e).into_iter().map(|s| s.name).collect()
}

impl PanelRole {
    fn fits(self, e: &Expr, counters: &BTreeSet<String>) -> bool {
        let names = names_of(e);
        match self {
            PanelRole::RequestRate => {
                calls(e)
                    .iter()
                    .any(|c| matches!(c.func.name, "rate" | "irate" | "increase"))
                    && names.iter().any(|n| counters.contains(n))
                    && !selects_errors(e, counters)
            }
            PanelRole::ErrorRate => selects_errors(e, counters),
            PanelRole::Latency => quantile_95(e) && names.iter().any(|n| n.ends_with("_bucket")),
            PanelRole::Cpu => names.iter().any(|n| n.contains("cpu")),
            PanelRole::Memory => names.iter().any(|n| n.contains("memory")),
        }
    }

    /// Title words of a panel probably meant for this role.
    fn title_words(self) -> &'static [&'static str] {
        match self {
            PanelRole::RequestRate => &["request", "rps", "traffic", "throughput"],
            PanelRole::ErrorRate => &["error", "fail", "5xx"],
            PanelRole::Latency => &["latency", "p95", "response", "duration"],
            PanelRole::Cpu => &["cpu"],
            PanelRole::Memory => &["memory", "mem", "rss", "ram"],
        }
    }

    fn wanted(self) -> &'static str {
        match self {
            PanelRole::RequestRate => "requests per second: sum(rate(http_requests_total[5m]))",
            PanelRole::ErrorRate => "the share of 5xx responses: sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))",
            PanelRole::Latency => "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
            PanelRole::Cpu => "rate(process_cpu_seconds_total[5m]) * 100",
            PanelRole::Memory => "process_resident_memory_bytes",
        }
    }
}

fn dash_panel(s: &Stack, role: PanelRole) -> Verdict {
    let Ok(d) = &s.dash else { return not_loaded() };
    let counters = request_counters(s);
    for (title, qs) in &d.panels {
        if qs.is_empty() || qs.iter().any(|q| q.result.is_err()) {
            continue;
        }
        if let Some(q) = qs
            .iter()
            .find(|q| q.result.as_ref().is_ok_and(|e| role.fits(e, &counters)))
        {
            return Verdict::pass(format!("'{title}': {}", q.text));
        }
    }
    // Explain with the panel that looks meant for it.
    let meant = d.panels.iter().find(|(title, qs)| {
        let t = title.to_lowercase();
        !qs.is_empty() && role.title_words().iter().any(|w| t.contains(w))
    });
    let hint = format!("add a panel for {}", role.wanted());
    match meant {
        Some((title, qs)) => {
            let q = qs.iter().find(|q| q.result.is_err()).unwrap_or(&qs[0]);
            let why = match &q.result {
                Err(e) => e.clone(),
                Ok(_) => format!("its query {} does not compute it", q.text),
            };
            Verdict::fail(format!("'{title}' does not work: {why}"))
                .at(Some(q.at.clone()))
                .hint(hint)
        }
        None => Verdict::fail("no panel shows it")
            .at(Some(Loc::line(DASH, 1, 1)))
            .hint(hint),
    }
}

// ---- Alert Rules ----

fn find_alert<'a>(r: &'a Rules, name: &str) -> Result<&'a rules::Rule, Verdict> {
    let all = || r.rules.groups.iter().flat_map(|g| &g.rules);
    if let Some(rule) = all().find(|x| x.kind == RuleKind::Alert && x.name == name) {
        return Ok(rule);
    }
    let hint = format!("add - alert: {name} with expr, for and labels under a group's rules:");
    if let Some(rec) = all().find(|x| x.name == name) {
        return Err(
            Verdict::fail(format!("{name} is a recording rule, not an alert"))
                .at(Some(Loc::of(&r.file, rec.span.start)))
                .hint(hint),
        );
    }
    let needle = format!("alert: {name}");
    if let (_, Some(at)) = commented_note(&r.file, &needle) {
        return Err(Verdict::fail(format!("Commented out at line {}", at.line))
            .at(Some(at))
            .hint(hint));
    }
    if let Some(pos) = r.file.text.find(&needle) {
        return Err(
            Verdict::fail("Missing: the name only appears inside a string value")
                .at(Some(Loc::of(&r.file, pos)))
                .hint(hint),
        );
    }
    Err(Verdict::fail("Missing")
        .at(Some(Loc::line(RULES, 1, 1)))
        .hint(hint))
}

fn alert_runpy(s: &Stack, name: &str) -> Verdict {
    let Ok(r) = &s.rules else { return not_loaded() };
    match find_alert(r, name) {
        Ok(_) => Verdict::pass("Configured"),
        Err(v) => v,
    }
}

fn strip_parens(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip_parens(&p.expr),
        other => other,
    }
}

/// The comparison at the top of an alert: (operator, threshold, the other side).
fn comparison(e: &Expr) -> Option<(TokenKind, f64, &Expr)> {
    let Expr::Binary(b) = strip_parens(e) else {
        return None;
    };
    if !matches!(
        b.op,
        TokenKind::Gtr | TokenKind::Gte | TokenKind::Lss | TokenKind::Lte | TokenKind::Eqlc
    ) {
        return None;
    }
    match (strip_parens(&b.lhs), strip_parens(&b.rhs)) {
        (side, Expr::Number(n)) => Some((b.op, n.val, side)),
        (Expr::Number(n), side) => Some((b.op, n.val, side)),
        _ => None,
    }
}

/// Whether `e` multiplies by `k` somewhere (a percentage or a unit change).
fn scaled_by(e: &Expr, k: f64) -> bool {
    let mut found = false;
    e.walk(&mut |x| {
        if let Expr::Binary(b) = x {
            if b.op == TokenKind::Mul {
                found |= [&b.lhs, &b.rhs]
                    .iter()
                    .any(|s| matches!(strip_parens(s), Expr::Number(n) if n.val == k));
            }
        }
    });
    found
}

/// What the README asks of an alert's expression; `Err` says what is off.
fn alert_shape(name: &str, e: &Expr, counters: &BTreeSet<String>) -> Result<String, String> {
    let names = names_of(e);
    let Some((op, value, side)) = comparison(e) else {
        if name == "ServiceDown"
            && calls(e).iter().any(|c| c.func.name == "absent")
            && names.iter().any(|n| n == "up")
        {
            return Ok("absent(up)".into());
        }
        return Err("the expression does not compare with a threshold (expr > N)".into());
    };
    let above = matches!(op, TokenKind::Gtr | TokenKind::Gte);
    let ratio_or_percent = |ratio: f64, what: &str| -> Result<String, String> {
        let want = if scaled_by(side, 100.0) {
            ratio * 100.0
        } else {
            ratio
        };
        if !above {
            return Err(format!(
                "it fires below the threshold; {what} must fire above it"
            ));
        }
        if (value - want).abs() > 1e-9 {
            return Err(format!(
                "threshold {value} is {}%, the README asks for {}%",
                value / want * ratio * 100.0,
                ratio * 100.0
            ));
        }
        Ok(format!("> {value}"))
    };
    match name {
        "HighErrorRate" => {
            if !selects_errors(e, counters) {
                return Err("it does not select 5xx responses (status=~\"5..\")".into());
            }
            ratio_or_percent(0.05, "an error-rate alert")
        }
        "HighLatency" => {
            if !quantile_95(e) {
                return Err(
                    "it does not compute the 95th percentile (histogram_quantile(0.95, ...))"
                        .into(),
                );
            }
            let want = if scaled_by(side, 1000.0) { 1000.0 } else { 1.0 };
            if !above || (value - want).abs() > 1e-9 {
                return Err(format!(
                    "threshold {value}: the README asks for p95 above 1s"
                ));
            }
            Ok(format!("p95 > {value}"))
        }
        "ServiceDown" => {
            if !names.iter().any(|n| n == "up") {
                return Err("it does not read up".into());
            }
            match (op, value) {
                (TokenKind::Eqlc, 0.0) => Ok("up == 0".into()),
                (TokenKind::Lss, 1.0) => Ok("up < 1".into()),
                _ => Err("it should fire when up == 0".into()),
            }
        }
        "HighCPUUsage" => {
            if !names.iter().any(|n| n.contains("cpu")) {
                return Err("it reads no CPU metric (process_cpu_seconds_total)".into());
            }
            ratio_or_percent(0.8, "a CPU alert")
        }
        _ => Ok(String::new()),
    }
}

fn alert_readme(s: &Stack, name: &str) -> Verdict {
    let Ok(r) = &s.rules else { return not_loaded() };
    let rule = match find_alert(r, name) {
        Ok(rule) => rule,
        Err(v) => return v,
    };
    let at = Some(Loc::of(&r.file, rule.name_span.start));
    let expr_at = Some(Loc::of(&r.file, rule.expr_span.start));
    if let Some((why, _)) = s.exports.first_missing(&rule.ast) {
        return Verdict::fail(format!("its expr reads nothing: {why}"))
            .at(expr_at)
            .hint("query metrics the app or the exporters export");
    }
    let shape = match alert_shape(name, &rule.ast, &request_counters(s)) {
        Ok(s) => s,
        Err(e) => return Verdict::fail(e).at(expr_at).hint(alert_hint(name)),
    };
    if rule.for_ms == 0 {
        return Verdict::fail("no for:, so a single bad evaluation fires it")
            .at(at)
            .hint("add for: 5m (or at least 1m)");
    }
    if rule.for_ms > 3_600_000 {
        return Verdict::fail(format!(
            "for: {} waits too long to notify",
            crate::duration::format_duration(rule.for_ms)
        ))
        .at(at)
        .hint("use a for: of a few minutes");
    }
    Verdict::pass(format!(
        "{shape} for {}",
        crate::duration::format_duration(rule.for_ms)
    ))
}

fn alert_hint(name: &str) -> &'static str {
    match name {
        "HighErrorRate" => "expr: sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05",
        "HighLatency" => "expr: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1",
        "ServiceDown" => "expr: up == 0",
        _ => "expr: rate(process_cpu_seconds_total[5m]) * 100 > 80",
    }
}

// ---- App instrumentation ----

fn pos_loc(a: &App, p: python::Pos) -> Option<Loc> {
    Some(Loc::line(&a.file.name, p.line, p.col))
}

/// Why recording `m` fails or exports nothing, if it does.
fn recording_problem(m: &Metric) -> Option<(String, python::Pos)> {
    let var = m.var.as_deref().unwrap_or("the metric");
    let declared: BTreeSet<&str> = m.labels.iter().flatten().map(String::as_str).collect();
    for u in &m.uses {
        if let Some(given) = &u.label_names {
            let given_set: BTreeSet<&str> = given.iter().map(String::as_str).collect();
            if m.labels.is_some() && u.positional == 0 && given_set != declared {
                return Some((
                    format!(
                        "{var}.labels({}) does not match its labels ({}): prometheus_client raises ValueError on every request",
                        given.join(", "),
                        declared.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                    u.at,
                ));
            }
        } else if u.method.is_some() && !declared.is_empty() {
            return Some((
                format!(
                    "{var}.{}() without .labels(...) raises ValueError: the metric has labels",
                    u.method.as_deref().unwrap_or("inc")
                ),
                u.at,
            ));
        }
    }
    if !m.recorded() {
        return Some((
            format!("{var} is defined but never recorded, so the page shows no samples"),
            m.at,
        ));
    }
    None
}

fn scraped_family(s: &Scrape, kind: Kind) -> Vec<&crate::exposition::MetricFamily> {
    use crate::exposition::MetricType;
    s.families
        .iter()
        .filter(|f| match kind {
            Kind::Counter => f.metric_type == MetricType::Counter,
            Kind::Histogram => f.metric_type == MetricType::Histogram,
            Kind::Gauge => f.metric_type == MetricType::Gauge,
            _ => false,
        })
        .filter(|f| {
            !python::DEFAULT_COLLECTORS
                .iter()
                .any(|d| d.starts_with(f.name.as_str()))
                && !f.name.ends_with("_created")
        })
        .collect()
}

fn app_metric(s: &Stack, kind: Kind, want_labels: &[&str], hint: &str) -> Verdict {
    let Ok(a) = &s.app else { return not_loaded() };
    let has_labels = |labels: &[String]| want_labels.iter().all(|w| labels.iter().any(|l| l == w));
    if let Some(sc) = s.scraped() {
        let fams = scraped_family(sc, kind);
        let good = fams.iter().find(|f| {
            f.metrics
                .iter()
                .any(|m| has_labels(&m.labels.iter().map(|l| l.name.clone()).collect::<Vec<_>>()))
        });
        return match good {
            Some(f) => Verdict::pass(format!("{} on {} (scraped)", f.name, sc.path)),
            None => Verdict::fail(match fams.first() {
                Some(f) => format!(
                    "{} on {} has labels {}; wanted {}",
                    f.name,
                    sc.path,
                    f.metrics
                        .first()
                        .map(|m| m
                            .labels
                            .iter()
                            .map(|l| l.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "))
                        .unwrap_or_default(),
                    want_labels.join(", ")
                ),
                None => format!(
                    "{} shows no {} (scraped)",
                    sc.path,
                    kind.as_str().to_lowercase()
                ),
            })
            .at(Some(Loc::line(APP, 1, 1)))
            .hint(hint.to_string()),
        };
    }
    let candidates: Vec<&Metric> = a.app.metrics.iter().filter(|m| m.kind == kind).collect();
    if candidates.is_empty() {
        let (note, at) = commented_note(&a.file, &format!("{}(", kind.as_str()));
        let imported = if a.app.import.is_none() {
            "; prometheus_client is not imported"
        } else {
            ""
        };
        return Verdict::fail(format!(
            "Missing or commented: no {}(...) is created{imported}{note}",
            kind.as_str()
        ))
        .at(at.or(Some(Loc::line(APP, 1, 1))))
        .hint(hint.to_string());
    }
    let labelled: Vec<&&Metric> = candidates
        .iter()
        .filter(|m| m.labels.as_deref().is_none_or(&has_labels))
        .collect();
    let Some(m) = labelled.first() else {
        let m = candidates[0];
        return Verdict::fail(format!(
            "{} {} has labels {}; {} missing",
            kind.as_str(),
            m.name.as_deref().unwrap_or("?"),
            m.labels
                .iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            want_labels
                .iter()
                .filter(|w| !m.labels.iter().flatten().any(|l| l == *w))
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .at(pos_loc(a, m.at))
        .hint(hint.to_string());
    };
    if let Some((why, at)) = recording_problem(m) {
        return Verdict::fail(why).at(pos_loc(a, at)).hint(hint.to_string());
    }
    // The name as queries spell it: a counter's samples end in _total.
    let suffix = if kind == Kind::Counter { "_total" } else { "" };
    Verdict::pass(format!(
        "{}{suffix}{}",
        m.name.as_deref().unwrap_or("?"),
        match &m.labels {
            Some(l) if !l.is_empty() => format!("{{{}}}", l.join(",")),
            _ => String::new(),
        }
    ))
}

fn app_metrics_route(s: &Stack) -> Verdict {
    let Ok(a) = &s.app else { return not_loaded() };
    let hint = "add @app.route('/metrics') returning Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)";
    if let Some(sc) = s.scraped() {
        return Verdict::pass(format!("GET {} answered {} (scraped)", sc.path, sc.status));
    }
    if let Some(Err(why)) = &s.scrape {
        if why.contains("answered") {
            return Verdict::fail(why.clone())
                .at(Some(Loc::line(APP, 1, 1)))
                .hint(hint);
        }
    }
    match a.app.metrics_route() {
        Some(r) if r.path == "/metrics" => {
            Verdict::pass(format!("{} serves generate_latest()", r.path))
        }
        Some(r) => Verdict::pass(format!(
            "{} serves the metrics (scrape it with metrics_path: {})",
            r.path, r.path
        )),
        None if a.app.metrics_server.is_some() => {
            Verdict::pass("start_http_server serves the metrics")
        }
        None => {
            let (note, at) = commented_note(&a.file, "/metrics");
            let found = a.app.routes.iter().find(|r| r.path == "/metrics");
            let detail = match found {
                Some(_) => "the /metrics route does not return generate_latest()".to_string(),
                None => format!("Missing or commented: no /metrics route{note}"),
            };
            Verdict::fail(detail)
                .at(found
                    .and_then(|r| pos_loc(a, r.at))
                    .or(at)
                    .or(Some(Loc::line(APP, 1, 1))))
                .hint(hint)
        }
    }
}

// ---- the rubrics ----

type C = Stack;

use Check as K;

/// run.py's sections and points, in its order; each check decided by parsing. Unlike
/// run.py, no partial credit for a present but wrong scrape_interval or a default title
/// (the untouched starter earned both).
pub static RUNPY: Rubric<C> = Rubric {
    challenge: "monitoring-stack",
    id: "runpy",
    title: "📊 Monitoring Stack Challenge",
    intro: "Checking your monitoring stack...",
    pass_mark: 60,
    next_step: "Run 'python run.py --start' to launch the stack!",
    footer: Footer::Readme,
    layout: Layout::Sections,
    sections: &[
        Section {
            id: "prometheus_config",
            name: "Prometheus Config",
            checks: &[
                K::new(
                    "scrape_interval",
                    "Scrape interval 15s",
                    4,
                    PROM,
                    scrape_interval,
                ),
                K::new(
                    "alertmanager",
                    "Alertmanager config",
                    4,
                    PROM,
                    alerting_runpy,
                ),
                K::new("job_prometheus", "Job: prometheus", 4, PROM, |s| {
                    job_runpy(s, "prometheus", "localhost:9090")
                }),
                K::new("job_app", "Job: app", 4, PROM, |s| {
                    job_runpy(s, "app", "app:5000")
                }),
                K::new("job_node", "Job: node", 4, PROM, |s| {
                    job_runpy(s, "node", "node-exporter:9100")
                }),
            ],
        },
        Section {
            id: "alertmanager",
            name: "Alertmanager",
            checks: &[
                K::new("route", "Route configured", 5, AM, am_route),
                K::new("receivers", "Receivers defined", 5, AM, am_receivers),
                K::new("group_by", "Group by configured", 5, AM, am_group_by),
                K::new("inhibit_rules", "Inhibit rules", 5, AM, am_inhibit),
            ],
        },
        Section {
            id: "grafana_datasource",
            name: "Grafana Datasource",
            checks: &[
                K::new("datasources", "Datasources defined", 3, DS, ds_defined),
                K::new("type", "Prometheus type", 4, DS, ds_type),
                K::new("url", "Prometheus URL", 4, DS, |s| ds_url(s, false)),
                K::new("default", "Is default", 4, DS, ds_default),
            ],
        },
        Section {
            id: "grafana_dashboard",
            name: "Grafana Dashboard",
            checks: &[
                K::new("json", "Valid JSON", 5, DASH, dash_valid),
                K::new("panels", "4+ panels", 5, DASH, dash_panels),
                K::new(
                    "queries",
                    "Real PromQL queries",
                    10,
                    DASH,
                    dash_queries_runpy,
                ),
                K::new("title", "Custom title", 5, DASH, dash_title),
            ],
        },
        Section {
            id: "alert_rules",
            name: "Alert Rules",
            checks: &[
                K::new("HighErrorRate", "Alert: HighErrorRate", 5, RULES, |s| {
                    alert_runpy(s, "HighErrorRate")
                }),
                K::new("HighLatency", "Alert: HighLatency", 5, RULES, |s| {
                    alert_runpy(s, "HighLatency")
                }),
                K::new("ServiceDown", "Alert: ServiceDown", 5, RULES, |s| {
                    alert_runpy(s, "ServiceDown")
                }),
                K::new("HighCPUUsage", "Alert: HighCPUUsage", 5, RULES, |s| {
                    alert_runpy(s, "HighCPUUsage")
                }),
            ],
        },
    ],
};

/// The README's table (prometheus.yml 20, datasource 15, dashboard 25, alerting 20, app
/// 20) with the deep checks. What the starter already ships working (a valid
/// alertmanager.yml with grouping, a valid dashboard file) earns nothing on its own.
pub static README: Rubric<C> = Rubric {
    challenge: "monitoring-stack",
    id: "readme",
    title: "📊 Monitoring Stack Challenge",
    intro: "Checking your monitoring stack...",
    pass_mark: 60,
    next_step: "Start the stack with 'docker compose up -d'!",
    footer: Footer::Readme,
    layout: Layout::Sections,
    sections: &[
        Section {
            id: "prometheus_config",
            name: "Prometheus Config",
            checks: &[
                K::new(
                    "scrape_interval",
                    "Scrape interval 15s",
                    3,
                    PROM,
                    scrape_interval,
                ),
                K::new(
                    "alertmanager",
                    "Alerts go to Alertmanager",
                    3,
                    PROM,
                    alerting_readme,
                ),
                K::new(
                    "rule_files",
                    "Rule files load alerts.yml",
                    3,
                    PROM,
                    rule_files,
                ),
                K::new("job_prometheus", "Job: prometheus", 3, PROM, |s| {
                    job_readme(s, "prometheus", Role::Prometheus, "localhost:9090")
                }),
                K::new("job_app", "Job: app", 4, PROM, |s| {
                    job_readme(s, "app", Role::App, "app:5000")
                }),
                K::new("job_node", "Job: node", 4, PROM, |s| {
                    job_readme(s, "node", Role::NodeExporter, "node-exporter:9100")
                }),
            ],
        },
        Section {
            id: "grafana_datasource",
            name: "Grafana Datasource",
            checks: &[
                K::new("valid", "Valid provisioning file", 3, DS, ds_valid),
                K::new("type", "Prometheus type", 4, DS, ds_type),
                K::new("url", "URL reachable from Grafana", 4, DS, |s| {
                    ds_url(s, true)
                }),
                K::new("default", "Default data source", 4, DS, ds_default),
            ],
        },
        Section {
            id: "grafana_dashboard",
            name: "Grafana Dashboard",
            checks: &[
                K::new("request_rate", "Panel: request rate", 4, DASH, |s| {
                    dash_panel(s, PanelRole::RequestRate)
                }),
                K::new("error_rate", "Panel: error rate", 4, DASH, |s| {
                    dash_panel(s, PanelRole::ErrorRate)
                }),
                K::new("latency", "Panel: p95 latency", 4, DASH, |s| {
                    dash_panel(s, PanelRole::Latency)
                }),
                K::new("cpu", "Panel: CPU usage", 4, DASH, |s| {
                    dash_panel(s, PanelRole::Cpu)
                }),
                K::new("memory", "Panel: memory usage", 4, DASH, |s| {
                    dash_panel(s, PanelRole::Memory)
                }),
                K::new(
                    "queries",
                    "Queries parse and read exported metrics",
                    5,
                    DASH,
                    dash_queries_readme,
                ),
            ],
        },
        Section {
            id: "alerting",
            name: "Alerting",
            checks: &[
                K::new("routing", "Alert routing", 4, AM, alert_routing),
                K::new("HighErrorRate", "Alert: HighErrorRate", 4, RULES, |s| {
                    alert_readme(s, "HighErrorRate")
                }),
                K::new("HighLatency", "Alert: HighLatency", 4, RULES, |s| {
                    alert_readme(s, "HighLatency")
                }),
                K::new("ServiceDown", "Alert: ServiceDown", 4, RULES, |s| {
                    alert_readme(s, "ServiceDown")
                }),
                K::new("HighCPUUsage", "Alert: HighCPUUsage", 4, RULES, |s| {
                    alert_readme(s, "HighCPUUsage")
                }),
            ],
        },
        Section {
            id: "app_instrumentation",
            name: "App Instrumentation",
            checks: &[
                K::new("counter", "Request counter", 5, APP, |s| {
                    app_metric(s, Kind::Counter, &["method", "status", "endpoint"], "REQUESTS = Counter('http_requests_total', '...', ['method', 'status', 'endpoint']), incremented in an after_request hook")
                }),
                K::new("histogram", "Duration histogram", 5, APP, |s| {
                    app_metric(s, Kind::Histogram, &[], "LATENCY = Histogram('http_request_duration_seconds', '...', ['endpoint']), observed per request")
                }),
                K::new("gauge", "Active requests gauge", 5, APP, |s| {
                    app_metric(s, Kind::Gauge, &[], "ACTIVE = Gauge('http_requests_active', '...'), inc() before and dec() after each request")
                }),
                K::new(
                    "metrics_route",
                    "/metrics endpoint",
                    5,
                    APP,
                    app_metrics_route,
                ),
            ],
        },
    ],
};
