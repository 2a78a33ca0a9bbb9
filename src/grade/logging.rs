//! The "Logging Stack" challenge (Loki, Promtail, Grafana): the repository's three
//! configuration files read through src/yaml.rs, and two rubrics over them with run.py's
//! five tasks and points. `runpy` decides each static task on run.py's own criteria, read
//! from the parsed files (a URL is parsed, not searched for `loki`); `readme` splits each
//! static task into deep checks: what Loki and Promtail would refuse to load, addresses
//! that reach the compose services from the container that uses them, schema entries that
//! Loki accepts, scrape jobs that can see the containers' logs. The two live tasks (stack
//! running, logs flowing) need Docker and score 0 with that reason, as run.py scores them
//! without Docker.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use super::compose::{Compose, Role, Service};
use super::files::{self, commented_note, Loc, Problem};
use super::{Check, Context, Footer, Layout, Rubric, Section, Verdict};
use crate::config::relabel;
use crate::diag::SourceFile;
use crate::rules::NameValidation;
use crate::yaml::{self, Node, NodeKind, Resolved};

pub const LOKI: &str = "loki/loki-config.yml";
pub const PROMTAIL: &str = "promtail/promtail-config.yml";
pub const DS: &str = "grafana/provisioning/datasources/loki.yml";

/// What run.py's Task 5 queries Loki for.
const RUNPY_JOB: &str = "docker";

/// The challenge's services, for repositories whose compose file is missing or broken.
const CHALLENGE_DEFAULT: &str = "services:
  loki:
    image: grafana/loki:2.9.0
    ports: ['3100:3100']
    volumes: ['./loki/loki-config.yml:/etc/loki/local-config.yaml']
  promtail:
    image: grafana/promtail:2.9.0
    volumes: ['./promtail/promtail-config.yml:/etc/promtail/config.yml', '/var/lib/docker/containers:/var/lib/docker/containers:ro', '/var/run/docker.sock:/var/run/docker.sock']
  grafana:
    image: grafana/grafana:10.0.0
    ports: ['3000:3000']
    volumes: ['./grafana/provisioning:/etc/grafana/provisioning']
  app: {build: ./app}
";

/// Top-level keys Loki accepts, 2.9 (the challenge's image) through 3.x (a student may run a
/// newer one): it decodes its file strictly, so any other key stops it.
const LOKI_KEYS: &[&str] = &[
    "target",
    "auth_enabled",
    "http_prefix",
    "ballast_bytes",
    "use_buffered_logger",
    "use_sync_logger",
    "server",
    "internal_server",
    "distributor",
    "querier",
    "query_scheduler",
    "frontend",
    "query_range",
    "ruler",
    "ingester_client",
    "ingester",
    "index_gateway",
    "bloom_compactor",
    "bloom_gateway",
    "storage_config",
    "chunk_store_config",
    "schema_config",
    "compactor",
    "compactor_client",
    "compactor_grpc_client",
    "limits_config",
    "frontend_worker",
    "table_manager",
    "memberlist",
    "runtime_config",
    "operational_config",
    "tracing",
    "analytics",
    "legacy_read_target",
    "common",
    "shutdown_delay",
    "metrics_namespace",
    // Added in 3.x.
    "ui",
    "query_engine",
    "ruler_storage",
    "pattern_ingester",
    "bloom_build",
    "kafka_config",
    "dataobj",
    "rate_service",
    "rate_service_client",
    "ingest_limits",
    "ingest_limits_frontend",
    "ingest_limits_frontend_client",
    "profiling",
    "tenant_limits_allow_publish",
];

/// Promtail 2.9's top-level keys (also decoded strictly).
const PROMTAIL_KEYS: &[&str] = &[
    "global",
    "server",
    "client",
    "clients",
    "positions",
    "scrape_configs",
    "target_config",
    "limits_config",
    "options",
    "tracing",
    "wal",
];

/// The ways a Promtail scrape job finds something to read.
const TARGET_SOURCES: &[&str] = &[
    "static_configs",
    "file_sd_configs",
    "docker_sd_configs",
    "kubernetes_sd_configs",
    "consul_sd_configs",
    "consulagent_sd_configs",
    "journal",
    "syslog",
    "loki_push_api",
    "gcplog",
    "gelf",
    "windows_events",
    "kafka",
    "cloudflare",
    "heroku_drain",
    "azure_eventhubs",
];

/// A configuration file read as a YAML mapping.
pub struct Yaml {
    file: Arc<SourceFile>,
    root: Node,
}

impl Yaml {
    fn get(&self, key: &str) -> Option<&Node> {
        self.root.get(key).filter(|n| !n.is_null())
    }

    fn loc(&self, n: &Node) -> Loc {
        Loc::line(&self.file.name, n.line, n.col)
    }

    fn top(&self) -> Loc {
        Loc::line(&self.file.name, 1, 1)
    }

    /// The required keys the file lacks, each with the line where it is only commented
    /// out. run.py counts a key set to nothing as present; with `empty_is_missing` it is
    /// reported missing, `(empty)`, since nothing is configured there.
    fn missing(&self, keys: &[&str], empty_is_missing: bool) -> Vec<(String, Option<Loc>)> {
        let mut out = Vec::new();
        for k in keys {
            match self.root.get(k) {
                Some(n) if n.is_null() && empty_is_missing => {
                    out.push((format!("{k} (empty)"), Some(self.loc(n))))
                }
                Some(_) => {}
                None => {
                    let (_, at) = commented_note(&self.file, &format!("{k}:"));
                    out.push((k.to_string(), at))
                }
            }
        }
        out
    }

    /// The first top-level key not in `known`.
    fn unknown_key(&self, known: &[&str]) -> Option<(&str, Loc)> {
        let NodeKind::Map(entries) = &self.root.kind else {
            return None;
        };
        entries.iter().find_map(|(k, _)| {
            let name = k.as_str().unwrap_or_default();
            (!known.contains(&name)).then(|| (name, self.loc(k)))
        })
    }
}

pub struct Ds {
    yaml: Yaml,
    /// What `check grafana-provisioning` finds wrong.
    errors: Vec<(String, Option<Loc>)>,
}

/// A logging-stack repository, loaded.
pub struct Logging {
    loki: Result<Yaml, Problem>,
    promtail: Result<Yaml, Problem>,
    ds: Result<Ds, Problem>,
    compose: Compose,
    notes: Vec<String>,
}

impl Context for Logging {
    fn problem(&self, file: &str) -> Option<&Problem> {
        match file {
            LOKI => self.loki.as_ref().err(),
            PROMTAIL => self.promtail.as_ref().err(),
            DS => self.ds.as_ref().err(),
            _ => None,
        }
    }

    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }
}

/// Reads `rel` as run.py does, with positions: a file of comments only is not configured,
/// then it must parse and be a mapping.
fn load_yaml(root: &Path, rel: &str) -> Result<Yaml, Problem> {
    let file = files::read(root, rel)?;
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let configured = file
        .text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim().starts_with('#'));
    let unconfigured = || {
        Problem::invalid(
            &format!("{name} configured"),
            "Config file is empty or only has comments - uncomment and configure it!".into(),
            Some(Loc::line(rel, 1, 1)),
            "uncomment the settings and fill them in (README.md shows each step)",
        )
    };
    if !configured {
        return Err(unconfigured());
    }
    let docs = yaml::parse(&file.text).map_err(|e| {
        Problem::invalid(
            "Valid YAML",
            format!("Invalid YAML: {e}"),
            e.span.map(|s| Loc::of(&file, s.start)),
            "fix the YAML syntax (indentation, a missing colon or quote)",
        )
    })?;
    let Some(root) = docs.into_iter().next().filter(|n| !n.is_null()) else {
        return Err(unconfigured());
    };
    if !matches!(root.kind, NodeKind::Map(_)) {
        let what = match root.kind {
            NodeKind::Seq(_) => "a list",
            _ => "a single value",
        };
        return Err(Problem::invalid(
            "A mapping of settings",
            format!("the file is {what}, not a mapping of settings"),
            Some(Loc::line(rel, root.line, root.col)),
            "write the settings as top-level keys (key: value)",
        ));
    }
    Ok(Yaml { file, root })
}

fn load_ds(root: &Path) -> Result<Ds, Problem> {
    let yaml = load_yaml(root, DS)?;
    let errors = super::monitoring::provisioning_errors(root, DS, &yaml.file);
    Ok(Ds { yaml, errors })
}

impl Logging {
    pub fn load(root: &Path) -> Logging {
        let mut notes = Vec::new();
        let compose = Compose::load(root, CHALLENGE_DEFAULT, &mut notes);
        let loki = load_yaml(root, LOKI);
        let promtail = load_yaml(root, PROMTAIL);
        let ds = load_ds(root);
        let mut s = Logging {
            loki,
            promtail,
            ds,
            compose,
            notes,
        };
        s.notes.extend(s.job_label_note(root));
        s.notes.extend(s.storage_config_note());
        s
    }

    /// run.py's Task 5 queries `{job="docker"}` while the README, the starter and the
    /// shipped dashboard label the stream `job="containerlogs"`: say which one this
    /// repository follows instead of deciding it.
    fn job_label_note(&self, root: &Path) -> Option<String> {
        let p = self.promtail.as_ref().ok()?;
        let jobs = job_labels(p);
        if jobs.is_empty() {
            return None;
        }
        let names: BTreeSet<&str> = jobs.iter().map(|(v, _)| v.as_str()).collect();
        let listed = names
            .iter()
            .map(|n| format!("job=\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let mut note = if names.contains(RUNPY_JOB) {
            String::new()
        } else {
            let at = &jobs[0].1;
            format!(
                "run.py's Task 5 queries {{job=\"{RUNPY_JOB}\"}}, but Promtail labels the streams {listed} ({at}); \
                 the README and its dashboard use job=\"containerlogs\", run.py and solutions/ use job=\"{RUNPY_JOB}\", \
                 so with the stack running run.py would still find no logs. Not scored here."
            )
        };
        // The shipped dashboard's queries select a job label too.
        let dash = root.join("grafana/dashboards/logs-dashboard.json");
        if let Ok(text) = std::fs::read_to_string(&dash) {
            let queried: BTreeSet<String> = selected_jobs(&text);
            let unmatched: Vec<&String> = queried
                .iter()
                .filter(|q| !names.contains(q.as_str()))
                .collect();
            if !unmatched.is_empty() {
                if !note.is_empty() {
                    note.push(' ');
                }
                note.push_str(&format!(
                    "The dashboard grafana/dashboards/logs-dashboard.json queries {} while Promtail sets {listed}: its panels would stay empty.",
                    unmatched
                        .iter()
                        .map(|q| format!("job=\"{q}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        (!note.is_empty()).then_some(note)
    }

    /// run.py requires a `storage_config:` section that Loki does not need when
    /// `common.storage` is set (the README's own full solution has none).
    fn storage_config_note(&self) -> Option<String> {
        let l = self.loki.as_ref().ok()?;
        let common_storage = l.get("common").and_then(|c| c.get("storage")).is_some();
        (l.root.get("storage_config").is_none() && common_storage).then(|| {
            "loki-config.yml has no storage_config: section; Loki takes its storage from common.storage, \
             but run.py's Task 1 requires storage_config (the README's full solution lacks it too)"
                .to_string()
        })
    }
}

/// The `job` label values Promtail's static configs set, with their positions.
fn job_labels(p: &Yaml) -> Vec<(String, Loc)> {
    let mut out = Vec::new();
    for sc in p.get("scrape_configs").map(Node::items).unwrap_or_default() {
        for st in sc
            .get("static_configs")
            .map(Node::items)
            .unwrap_or_default()
        {
            if let Some(j) = st.get("labels").and_then(|l| l.get("job")) {
                if let Some(v) = j.as_str() {
                    out.push((v.to_string(), p.loc(j)));
                }
            }
        }
        for rc in sc
            .get("relabel_configs")
            .map(Node::items)
            .unwrap_or_default()
        {
            if rc.get("target_label").and_then(Node::as_str) == Some("job") {
                if let Some(v) = rc.get("replacement") {
                    if let Some(s) = v.as_str().filter(|s| !s.contains('$')) {
                        out.push((s.to_string(), p.loc(v)));
                    }
                }
            }
        }
    }
    out
}

/// The values of `job="…"` matchers in a dashboard's text (JSON-escaped quotes).
fn selected_jobs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("job=\\\"") {
        let rest = &text[i + 6..];
        if let Some(end) = rest.find("\\\"") {
            out.insert(rest[..end].to_string());
        }
    }
    out
}

// ---- shared pieces ----

fn not_loaded() -> Verdict {
    Verdict::fail("not checked: the file does not load")
}

/// `http://loki:3100/loki/api/v1/push` → scheme, `host:port`, path.
fn parse_url(u: &str) -> Result<(String, String, String), String> {
    let url = reqwest::Url::parse(u.trim()).map_err(|e| format!("{u} is not a URL ({e})"))?;
    let host = url.host_str().unwrap_or_default().to_string();
    let host = match url.port_or_known_default() {
        Some(p) if url.port().is_some() => format!("{host}:{p}"),
        _ => host,
    };
    Ok((url.scheme().to_string(), host, url.path().to_string()))
}

fn missing_verdict(y: &Yaml, missing: &[(String, Option<Loc>)], what: &str) -> Verdict {
    let names: Vec<&str> = missing.iter().map(|(k, _)| k.as_str()).collect();
    let commented: Vec<&str> = missing
        .iter()
        .filter(|(k, at)| at.is_some() && !k.ends_with("(empty)"))
        .map(|(k, _)| k.as_str())
        .collect();
    let mut detail = format!("Missing sections: {}", names.join(", "));
    if !commented.is_empty() {
        detail.push_str(&format!(" (commented out: {})", commented.join(", ")));
    }
    let at = missing
        .iter()
        .find_map(|(_, at)| at.clone())
        .unwrap_or_else(|| y.top());
    Verdict::fail(detail)
        .at(Some(at))
        .hint(format!("add the {what} sections (README.md shows each)"))
}

// ---- Task 1: Loki ----

const LOKI_REQUIRED: [&str; 5] = [
    "auth_enabled",
    "server",
    "common",
    "schema_config",
    "storage_config",
];

fn http_port(l: &Yaml) -> Result<(i64, Loc), (String, Loc)> {
    let server = l
        .get("server")
        .filter(|s| matches!(s.kind, NodeKind::Map(_)));
    let Some(server) = server else {
        let at = l.root.get("server").map_or_else(|| l.top(), |n| l.loc(n));
        return Err(("server: is not a mapping of settings".into(), at));
    };
    match server.get("http_listen_port") {
        Some(n) => match n.resolve() {
            Some(Resolved::Int(p)) => Ok((p, l.loc(n))),
            _ => Err((
                format!(
                    "server.http_listen_port is {:?}, not an integer",
                    n.as_str().unwrap_or("a collection")
                ),
                l.loc(n),
            )),
        },
        None => Err(("server.http_listen_port is not set".into(), l.loc(server))),
    }
}

fn loki_runpy(s: &Logging) -> Verdict {
    let Ok(l) = &s.loki else { return not_loaded() };
    let missing = l.missing(&LOKI_REQUIRED, false);
    if !missing.is_empty() {
        let mut v = missing_verdict(l, &missing, "missing");
        if missing.iter().any(|(k, _)| k == "storage_config") && missing.len() == 1 {
            v = v.hint("run.py requires storage_config: even with common.storage set; add storage_config: {filesystem: {directory: /loki/chunks}}");
        }
        return v;
    }
    match http_port(l) {
        Ok((3100, _)) => Verdict::pass("Loki configuration looks good!"),
        Ok((p, at)) => Verdict::fail(format!("Server should listen on port 3100 (it is {p})"))
            .at(Some(at))
            .hint("server: {http_listen_port: 3100}"),
        Err((why, at)) => Verdict::fail(format!("Server should listen on port 3100 ({why})"))
            .at(Some(at))
            .hint("server: {http_listen_port: 3100}"),
    }
}

fn loki_loads(s: &Logging) -> Verdict {
    let Ok(l) = &s.loki else { return not_loaded() };
    if let Some((k, at)) = l.unknown_key(LOKI_KEYS) {
        return Verdict::fail(format!(
            "field {k} not found in Loki 2.9's configuration: Loki refuses to start"
        ))
        .at(Some(at))
        .hint("remove the key or fix its spelling (see Loki's configuration reference)");
    }
    if let Some(n) = l.root.get("auth_enabled") {
        if !matches!(n.resolve(), Some(Resolved::Bool(_) | Resolved::Null)) {
            return Verdict::fail(format!(
                "auth_enabled: {} is not a boolean",
                n.as_str().unwrap_or("(a collection)")
            ))
            .at(Some(l.loc(n)))
            .hint("auth_enabled: false");
        }
    }
    for key in ["server", "common", "schema_config", "storage_config"] {
        if let Some(n) = l.get(key) {
            if !matches!(n.kind, NodeKind::Map(_)) {
                return Verdict::fail(format!("{key}: is not a mapping of settings"))
                    .at(Some(l.loc(n)))
                    .hint(format!("indent the {key} settings under {key}:"));
            }
        }
    }
    Verdict::pass("Loki would read it")
}

fn loki_sections(s: &Logging) -> Verdict {
    let Ok(l) = &s.loki else { return not_loaded() };
    let mut missing = l.missing(&["auth_enabled", "server", "common", "schema_config"], true);
    let storage = l.get("storage_config").is_some()
        || l.get("common").and_then(|c| c.get("storage")).is_some();
    if !storage {
        let (_, at) = commented_note(&l.file, "storage_config:");
        missing.push(("storage_config".into(), at));
    }
    if missing.is_empty() {
        Verdict::pass("auth_enabled, server, common, schema_config and storage")
    } else {
        missing_verdict(l, &missing, "missing")
            .hint("add the missing sections (README.md shows each); storage may also come from common.storage")
    }
}

fn loki_port(s: &Logging) -> Verdict {
    let Ok(l) = &s.loki else { return not_loaded() };
    let (port, at) = match http_port(l) {
        Ok(p) => p,
        Err((why, at)) => {
            return Verdict::fail(why)
                .at(Some(at))
                .hint("server: {http_listen_port: 3100}")
        }
    };
    if port != 3100 {
        return Verdict::fail(format!(
            "server.http_listen_port is {port}; the challenge (run.py, Promtail's client, the healthcheck) expects 3100"
        ))
        .at(Some(at))
        .hint("http_listen_port: 3100");
    }
    match s.compose.by_role(Role::Loki) {
        Some(svc) if !svc.listens_on(3100) => Verdict::fail(format!(
            "docker-compose.yml's {} service maps port {}, not 3100",
            svc.name,
            svc.ports
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .at(Some(at))
        .hint("ports: [\"3100:3100\"] on the loki service"),
        Some(svc) => Verdict::pass(format!("3100, published by the {} service", svc.name)),
        None => Verdict::fail("docker-compose.yml has no loki service to listen")
            .hint("add the loki service (image grafana/loki) to docker-compose.yml"),
    }
}

/// Loki's schema versions.
const SCHEMAS: &[&str] = &["v9", "v10", "v11", "v12", "v13"];
const INDEX_STORES: &[&str] = &[
    "boltdb-shipper",
    "tsdb",
    "boltdb",
    "aws",
    "aws-dynamo",
    "bigtable",
    "bigtable-hashed",
    "gcp",
    "gcp-columnkey",
    "cassandra",
    "grpc-store",
    "inmemory",
];

fn schema_entry(l: &Yaml, e: &Node) -> Result<(String, String), (String, Loc)> {
    let field = |k: &str| -> Result<&str, (String, Loc)> {
        e.get(k)
            .and_then(Node::as_str)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| (format!("a schema_config entry has no {k}"), l.loc(e)))
    };
    let from = field("from")?;
    let valid_date = from.len() == 10
        && from.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !valid_date {
        let at = e.get("from").map_or_else(|| l.loc(e), |n| l.loc(n));
        return Err((format!("from: {from} is not a YYYY-MM-DD date"), at));
    }
    let store = field("store")?;
    if !INDEX_STORES.contains(&store) {
        let at = e.get("store").map_or_else(|| l.loc(e), |n| l.loc(n));
        return Err((
            format!("store: {store} is not an index store Loki knows"),
            at,
        ));
    }
    let object_store = field("object_store")?;
    let schema = field("schema")?;
    if !SCHEMAS.contains(&schema) {
        let at = e.get("schema").map_or_else(|| l.loc(e), |n| l.loc(n));
        return Err((
            format!("schema: {schema} is not one of {}", SCHEMAS.join(", ")),
            at,
        ));
    }
    let index = e
        .get("index")
        .ok_or_else(|| ("a schema_config entry has no index".to_string(), l.loc(e)))?;
    if index
        .get("prefix")
        .and_then(Node::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(("index has no prefix".into(), l.loc(index)));
    }
    if matches!(store, "boltdb-shipper" | "tsdb") {
        let period = index.get("period").and_then(Node::as_str).unwrap_or("");
        // Loki refuses any other period for these index stores.
        if crate::duration::parse_duration(period) != Ok(86_400_000) {
            let at = index
                .get("period")
                .map_or_else(|| l.loc(index), |n| l.loc(n));
            return Err((
                format!("index.period {period:?}: {store} needs a period of 24h"),
                at,
            ));
        }
    }
    Ok((from.to_string(), object_store.to_string()))
}

/// Where an object store of this name keeps its chunks, if it is configured.
fn object_store_dir<'a>(l: &'a Yaml, store: &str) -> Option<&'a Node> {
    if store != "filesystem" {
        // Cloud stores are configured under storage_config.<name> or common.storage.<name>.
        return l
            .get("storage_config")
            .and_then(|s| s.get(store))
            .or_else(|| l.get("common").and_then(|c| c.get("storage")?.get(store)));
    }
    l.get("storage_config")
        .and_then(|s| s.get("filesystem")?.get("directory"))
        .or_else(|| {
            l.get("common")
                .and_then(|c| c.get("storage")?.get("filesystem")?.get("chunks_directory"))
        })
}

fn loki_schema(s: &Logging) -> Verdict {
    let Ok(l) = &s.loki else { return not_loaded() };
    let Some(sc) = l.get("schema_config") else {
        let (note, at) = commented_note(&l.file, "schema_config:");
        return Verdict::fail(format!("no schema_config{note}"))
            .at(at.or(Some(l.top())))
            .hint("schema_config: {configs: [{from: 2024-01-01, store: tsdb, object_store: filesystem, schema: v13, index: {prefix: index_, period: 24h}}]}");
    };
    let configs = sc.get("configs").map(Node::items).unwrap_or_default();
    if configs.is_empty() {
        return Verdict::fail("schema_config has no configs entries: Loki cannot store anything")
            .at(Some(l.loc(sc)))
            .hint("add one entry under schema_config.configs");
    }
    let mut last_from = String::new();
    for e in configs {
        match schema_entry(l, e) {
            Err((why, at)) => {
                return Verdict::fail(why)
                    .at(Some(at))
                    .hint("each entry needs from (YYYY-MM-DD), store, object_store, schema and index {prefix, period: 24h}")
            }
            Ok((from, object_store)) => {
                if from < last_from {
                    return Verdict::fail(format!(
                        "schema_config entries are not in date order ({from} after {last_from})"
                    ))
                    .at(Some(l.loc(e)))
                    .hint("list the periods oldest first");
                }
                last_from = from;
                match object_store_dir(l, &object_store) {
                    None => {
                        return Verdict::fail(format!(
                            "object_store: {object_store} is not configured (storage_config.{object_store} or common.storage.{object_store})"
                        ))
                        .at(Some(l.loc(e)))
                        .hint("for filesystem: common.storage.filesystem.chunks_directory: /loki/chunks")
                    }
                    Some(dir) if object_store == "filesystem" => {
                        let d = dir.as_str().unwrap_or_default();
                        if !d.starts_with('/') {
                            return Verdict::fail(format!(
                                "the filesystem store's directory {d:?} is not an absolute path in the container"
                            ))
                            .at(Some(l.loc(dir)))
                            .hint("use a directory under the loki volume, e.g. /loki/chunks");
                        }
                    }
                    Some(_) => {}
                }
            }
        }
    }
    Verdict::pass(format!("{} period(s), storage configured", configs.len()))
}

fn loki_auth(s: &Logging) -> Verdict {
    let Ok(l) = &s.loki else { return not_loaded() };
    let node = l.root.get("auth_enabled");
    let enabled = match node.and_then(Node::resolve) {
        Some(Resolved::Bool(b)) => b,
        // A key set to nothing decodes to Go's zero value.
        Some(Resolved::Null) => false,
        // Loki's default is true.
        _ => true,
    };
    if !enabled {
        return Verdict::pass(if node.is_some_and(Node::is_null) {
            "auth_enabled is empty, which Loki reads as false"
        } else {
            "auth_enabled: false"
        });
    }
    let tenant = s
        .promtail
        .as_ref()
        .ok()
        .and_then(|p| p.get("clients"))
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .any(|c| c.get("tenant_id").is_some());
    if tenant {
        return Verdict::pass("auth enabled, and Promtail sends a tenant_id");
    }
    let why = if node.is_some() {
        "auth_enabled is true"
    } else {
        "auth_enabled is not set (Loki's default is true)"
    };
    Verdict::fail(format!(
        "{why}: Loki then rejects pushes without an X-Scope-OrgID tenant, and Promtail sends none"
    ))
    .at(Some(node.map_or_else(|| l.top(), |n| l.loc(n))))
    .hint("auth_enabled: false for this single-tenant setup")
}

// ---- Task 2: Promtail ----

const PROMTAIL_REQUIRED: [&str; 4] = ["server", "positions", "clients", "scrape_configs"];

/// run.py: the first client's URL points at Loki; parsed rather than searched, so the
/// host must be the loki service or the port 3100.
fn promtail_runpy(s: &Logging) -> Verdict {
    let Ok(p) = &s.promtail else {
        return not_loaded();
    };
    let missing = p.missing(&PROMTAIL_REQUIRED, false);
    if !missing.is_empty() {
        return missing_verdict(p, &missing, "missing");
    }
    if let Some(clients) = p.get("clients") {
        let first = clients.items().first();
        let hint = "clients: [{url: http://loki:3100/loki/api/v1/push}]";
        let Some(first) = first.filter(|f| matches!(f.kind, NodeKind::Map(_))) else {
            return Verdict::fail("clients: must be a list of {url: ...} entries")
                .at(Some(p.loc(clients)))
                .hint(hint);
        };
        let url_node = first.get("url");
        let url = url_node.and_then(Node::as_str).unwrap_or_default();
        let points_at_loki = parse_url(url).is_ok_and(|(_, host, _)| {
            let (h, port) = super::exports::split_host_port(&host);
            port == Some(3100) || s.compose.by_host(h).is_some_and(|v| v.role == Role::Loki)
        });
        if !points_at_loki {
            return Verdict::fail(
                "Client URL should point to Loki (e.g., http://loki:3100/loki/api/v1/push)",
            )
            .at(Some(url_node.map_or_else(|| p.loc(first), |n| p.loc(n))))
            .hint(hint);
        }
    }
    let jobs = p.get("scrape_configs").map(Node::items).unwrap_or_default();
    if jobs.is_empty() {
        return Verdict::fail("No scrape configs defined - add at least one!")
            .at(Some(
                p.root
                    .get("scrape_configs")
                    .map_or_else(|| p.top(), |n| p.loc(n)),
            ))
            .hint("add a job under scrape_configs");
    }
    Verdict::pass("Promtail configuration looks good!")
}

fn promtail_loads(s: &Logging) -> Verdict {
    let Ok(p) = &s.promtail else {
        return not_loaded();
    };
    if let Some((k, at)) = p.unknown_key(PROMTAIL_KEYS) {
        return Verdict::fail(format!(
            "field {k} not found in Promtail's configuration: Promtail refuses to start"
        ))
        .at(Some(at))
        .hint("remove the key or fix its spelling");
    }
    for (key, seq) in [
        ("server", false),
        ("positions", false),
        ("clients", true),
        ("scrape_configs", true),
    ] {
        if let Some(n) = p.get(key) {
            let ok = match n.kind {
                NodeKind::Seq(_) => seq,
                NodeKind::Map(_) => !seq,
                NodeKind::Scalar { .. } => false,
            };
            if !ok {
                let shape = if seq {
                    "a list"
                } else {
                    "a mapping of settings"
                };
                return Verdict::fail(format!("{key}: is not {shape}"))
                    .at(Some(p.loc(n)))
                    .hint(format!("write {key} as {shape}"));
            }
        }
    }
    Verdict::pass("Promtail would read it")
}

fn promtail_sections(s: &Logging) -> Verdict {
    let Ok(p) = &s.promtail else {
        return not_loaded();
    };
    let missing = p.missing(&PROMTAIL_REQUIRED, true);
    if !missing.is_empty() {
        return missing_verdict(p, &missing, "missing");
    }
    let positions = p.get("positions");
    if positions
        .and_then(|n| n.get("filename"))
        .and_then(Node::as_str)
        .is_none_or(str::is_empty)
    {
        return Verdict::fail(
            "positions has no filename: Promtail cannot remember where it stopped",
        )
        .at(Some(positions.map_or_else(|| p.top(), |n| p.loc(n))))
        .hint("positions: {filename: /tmp/positions.yaml}");
    }
    Verdict::pass("server, positions, clients, scrape_configs")
}

fn promtail_client(s: &Logging) -> Verdict {
    let Ok(p) = &s.promtail else {
        return not_loaded();
    };
    let hint = "clients: [{url: http://loki:3100/loki/api/v1/push}] (the compose service name, Loki's port and push path)";
    let clients = p.get("clients").map(Node::items).unwrap_or_default();
    if clients.is_empty() {
        let (note, at) = commented_note(&p.file, "clients:");
        return Verdict::fail(format!(
            "no clients: Promtail has nowhere to send logs{note}"
        ))
        .at(at.or(Some(p.top())))
        .hint(hint);
    }
    for c in clients {
        let Some(url_node) = c.get("url") else {
            return Verdict::fail("a client has no url")
                .at(Some(p.loc(c)))
                .hint(hint);
        };
        let url = url_node.as_str().unwrap_or_default();
        let at = Some(p.loc(url_node));
        let (scheme, host, path) = match parse_url(url) {
            Ok(parts) => parts,
            Err(e) => return Verdict::fail(e).at(at).hint(hint),
        };
        if scheme != "http" && scheme != "https" {
            return Verdict::fail(format!("{url} is not an http:// URL"))
                .at(at)
                .hint(hint);
        }
        if let Err(e) = s.compose.reaches(&host, Role::Loki, Role::Promtail) {
            return Verdict::fail(e).at(at).hint(hint);
        }
        if path.trim_end_matches('/') != "/loki/api/v1/push" {
            return Verdict::fail(format!(
                "{url}: Loki takes pushes at /loki/api/v1/push, not {path}"
            ))
            .at(at)
            .hint(hint);
        }
    }
    Verdict::pass(format!(
        "{} client(s) push to {}",
        clients.len(),
        s.compose
            .by_role(Role::Loki)
            .map_or_else(|| "loki".into(), Service::address)
    ))
}

/// The directory part of a glob, before its first wildcard.
fn glob_dir(path: &str) -> &str {
    let wild = path.find(['*', '?', '[', '{']).unwrap_or(path.len());
    path[..wild].rsplit_once('/').map_or("", |(d, _)| d)
}

fn promtail_jobs(s: &Logging) -> Verdict {
    let Ok(p) = &s.promtail else {
        return not_loaded();
    };
    let jobs = p.get("scrape_configs").map(Node::items).unwrap_or_default();
    if jobs.is_empty() {
        let (note, at) = commented_note(&p.file, "scrape_configs:");
        return Verdict::fail(format!("No scrape configs defined{note}"))
            .at(at.or(Some(p.top())))
            .hint(
                "add a job under scrape_configs: job_name, static_configs with a __path__ label",
            );
    }
    let mut names = BTreeSet::new();
    for j in jobs {
        let name = j.get("job_name").and_then(Node::as_str).unwrap_or_default();
        if name.is_empty() {
            return Verdict::fail("a scrape job has no job_name")
                .at(Some(p.loc(j)))
                .hint("give every job a job_name");
        }
        if !names.insert(name) {
            return Verdict::fail(format!("job_name {name} is used twice"))
                .at(Some(p.loc(j)))
                .hint("job names must be unique");
        }
        if !TARGET_SOURCES.iter().any(|k| j.get(k).is_some()) {
            return Verdict::fail(format!(
                "job {name} has no source of logs (static_configs, docker_sd_configs, journal, ...)"
            ))
            .at(Some(p.loc(j)))
            .hint("add static_configs with a __path__ label naming the log files");
        }
        for st in j.get("static_configs").map(Node::items).unwrap_or_default() {
            if st.get("labels").and_then(|l| l.get("__path__")).is_none() {
                return Verdict::fail(format!(
                    "job {name}: a static_configs entry has no __path__ label, so no file is tailed"
                ))
                .at(Some(p.loc(st)))
                .hint("labels: {__path__: /var/lib/docker/containers/*/*.log}");
            }
        }
        if let Some(rc) = j.get("relabel_configs") {
            let opts = yaml::Options {
                go_yaml_v2: true,
                ..yaml::Options::default()
            };
            match yaml::from_node::<Vec<Option<relabel::Config>>>(rc, opts) {
                Err(e) => {
                    return Verdict::fail(format!(
                        "job {name}: relabel_configs: {}",
                        e.to_string().replace('\n', " ")
                    ))
                    .at(Some(Loc::line(&p.file.name, e.line.max(1), e.col.max(1))))
                    .hint(
                        "each step takes source_labels, regex, target_label, replacement, action",
                    )
                }
                Ok(steps) => {
                    for (k, step) in steps.iter().enumerate() {
                        let at = rc.items().get(k).map(|n| p.loc(n));
                        let Some(step) = step else {
                            return Verdict::fail(format!(
                                "job {name}: relabel_configs has an empty step"
                            ))
                            .at(at);
                        };
                        if let Err(e) = step.validate(NameValidation::Legacy) {
                            return Verdict::fail(format!("job {name}: relabel_configs: {e}"))
                                .at(at)
                                .hint("fix the relabeling step; `lookout relabel` shows what each step does");
                        }
                    }
                }
            }
        }
        if let Some(ps) = j.get("pipeline_stages") {
            if !matches!(ps.kind, NodeKind::Seq(_)) {
                return Verdict::fail(format!("job {name}: pipeline_stages is not a list"))
                    .at(Some(p.loc(ps)))
                    .hint("write each stage as a list item: - json: {...}");
            }
        }
    }
    Verdict::pass(
        names
            .iter()
            .map(|n| format!("job {n}"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// Some job tails files, or asks the Docker socket, that are mounted into the Promtail
/// container; jobs reading paths that are not mounted read nothing and are named.
fn promtail_sees_logs(s: &Logging) -> Verdict {
    let Ok(p) = &s.promtail else {
        return not_loaded();
    };
    let Some(svc) = s.compose.by_role(Role::Promtail) else {
        return Verdict::fail("docker-compose.yml has no promtail service")
            .hint("add the promtail service (image grafana/promtail)");
    };
    let jobs = p.get("scrape_configs").map(Node::items).unwrap_or_default();
    let mut seen = Vec::new();
    let mut blind: Vec<(String, Loc)> = Vec::new();
    for j in jobs {
        for st in j.get("static_configs").map(Node::items).unwrap_or_default() {
            let Some(pn) = st.get("labels").and_then(|l| l.get("__path__")) else {
                continue;
            };
            let path = pn.as_str().unwrap_or_default();
            let dir = glob_dir(path);
            if svc.host_path(dir).is_some() {
                seen.push(path.to_string());
            } else {
                blind.push((
                    format!(
                        "__path__ {path}: {dir} is not mounted into the {} container",
                        svc.name
                    ),
                    p.loc(pn),
                ));
            }
        }
        for d in j
            .get("docker_sd_configs")
            .map(Node::items)
            .unwrap_or_default()
        {
            let host = d.get("host").and_then(Node::as_str).unwrap_or_default();
            match host.strip_prefix("unix://") {
                Some(sock) if svc.host_path(sock).is_none() => blind.push((
                    format!("docker_sd_configs host {host}: the socket is not mounted into the {} container", svc.name),
                    p.loc(d),
                )),
                _ => seen.push(host.to_string()),
            }
        }
    }
    if seen.is_empty() {
        let (why, at) = blind.into_iter().next().unwrap_or_else(|| {
            (
                "no job tails files or asks Docker".into(),
                p.root
                    .get("scrape_configs")
                    .map_or_else(|| p.top(), |n| p.loc(n)),
            )
        });
        return Verdict::fail(format!("{why}, so no container log is read"))
            .at(Some(at))
            .hint("tail /var/lib/docker/containers/*/*.log and mount it in docker-compose.yml (/var/lib/docker/containers:/var/lib/docker/containers:ro), or use docker_sd_configs with the socket mounted");
    }
    let mut detail = seen.join(", ");
    if !blind.is_empty() {
        let others: Vec<String> = blind.iter().map(|(w, at)| format!("{w} ({at})")).collect();
        detail.push_str(&format!("; reads nothing: {}", others.join("; ")));
    }
    Verdict::pass(detail)
}

// ---- Task 3: Grafana data source ----

fn ds_entries(d: &Ds) -> &[Node] {
    d.yaml
        .get("datasources")
        .map(Node::items)
        .unwrap_or_default()
}

fn loki_ds(d: &Ds) -> Option<&Node> {
    ds_entries(d)
        .iter()
        .find(|n| n.get("type").and_then(Node::as_str) == Some("loki"))
}

fn ds_runpy(s: &Logging) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    if ds_entries(d).is_empty() {
        let (note, at) = commented_note(&d.yaml.file, "datasources:");
        return Verdict::fail(format!("No datasources defined{note}"))
            .at(at.or(Some(d.yaml.top())))
            .hint("datasources: [{name: Loki, type: loki, access: proxy, url: http://loki:3100}]");
    }
    let Some(ds) = loki_ds(d) else {
        return Verdict::fail("No Loki datasource found - type should be 'loki'")
            .at(Some(d.yaml.loc(&ds_entries(d)[0])))
            .hint("type: loki");
    };
    let url = ds.get("url").and_then(Node::as_str).unwrap_or_default();
    let at_loki = parse_url(url).is_ok_and(|(_, host, _)| {
        let (h, port) = super::exports::split_host_port(&host);
        port == Some(3100) || s.compose.by_host(h).is_some_and(|v| v.role == Role::Loki)
    });
    if !at_loki {
        return Verdict::fail("Datasource URL should point to Loki")
            .at(Some(
                ds.get("url")
                    .map_or_else(|| d.yaml.loc(ds), |n| d.yaml.loc(n)),
            ))
            .hint("url: http://loki:3100");
    }
    Verdict::pass("Grafana datasource configuration looks good!")
}

fn ds_valid(s: &Logging) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    if let Some((e, at)) = d.errors.first() {
        return Verdict::fail(e.clone())
            .at(at.clone().or(Some(d.yaml.top())))
            .hint("Grafana skips an invalid provisioning file; run `lookout check grafana-provisioning grafana/provisioning`");
    }
    if ds_entries(d).is_empty() {
        let (note, at) = commented_note(&d.yaml.file, "datasources:");
        return Verdict::fail(format!("No datasources defined{note}"))
            .at(at.or(Some(d.yaml.top())))
            .hint("apiVersion: 1 and a datasources: list");
    }
    Verdict::pass(format!("{} data source(s)", ds_entries(d).len()))
}

fn ds_type(s: &Logging) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    match loki_ds(d) {
        Some(ds) => Verdict::pass(
            ds.get("name")
                .and_then(Node::as_str)
                .unwrap_or("(unnamed)")
                .to_string(),
        ),
        None => {
            let found: Vec<&str> = ds_entries(d)
                .iter()
                .filter_map(|n| n.get("type").and_then(Node::as_str))
                .collect();
            let detail = if found.is_empty() {
                "No Loki datasource found".to_string()
            } else {
                format!("No Loki datasource found (types: {})", found.join(", "))
            };
            Verdict::fail(detail)
                .at(Some(
                    ds_entries(d)
                        .first()
                        .map_or_else(|| d.yaml.top(), |n| d.yaml.loc(n)),
                ))
                .hint("type: loki")
        }
    }
}

fn ds_url(s: &Logging) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    let hint = "Grafana runs in its own container: url: http://loki:3100 (the compose service name), access: proxy";
    let Some(ds) = loki_ds(d) else {
        return Verdict::fail("no loki data source").at(Some(d.yaml.top()));
    };
    let Some(url_node) = ds.get("url") else {
        return Verdict::fail("the loki data source has no url")
            .at(Some(d.yaml.loc(ds)))
            .hint(hint);
    };
    let url = url_node.as_str().unwrap_or_default();
    let at = Some(d.yaml.loc(url_node));
    let (scheme, host, _) = match parse_url(url) {
        Ok(parts) => parts,
        Err(e) => return Verdict::fail(e).at(at).hint(hint),
    };
    if scheme != "http" && scheme != "https" {
        return Verdict::fail(format!("{url} is not an http:// URL"))
            .at(at)
            .hint(hint);
    }
    if let Err(e) = s.compose.reaches(&host, Role::Loki, Role::Grafana) {
        return Verdict::fail(e).at(at).hint(hint);
    }
    if let Some(a) = ds.get("access").and_then(Node::as_str) {
        if a == "direct" {
            return Verdict::fail(format!(
                "access: direct makes the browser fetch {url}, and {host} only resolves inside the compose network"
            ))
            .at(Some(d.yaml.loc(ds.get("access").unwrap_or(ds))))
            .hint("access: proxy");
        }
    }
    Verdict::pass(url.to_string())
}

fn ds_default(s: &Logging) -> Verdict {
    let Ok(d) = &s.ds else { return not_loaded() };
    let Some(ds) = loki_ds(d) else {
        return Verdict::fail("no loki data source").at(Some(d.yaml.top()));
    };
    let is_default = |n: &Node| {
        matches!(
            n.get("isDefault").and_then(Node::resolve),
            Some(Resolved::Bool(true))
        )
    };
    if !is_default(ds) {
        return Verdict::fail("the loki data source is not the default")
            .at(Some(d.yaml.loc(ds.get("isDefault").unwrap_or(ds))))
            .hint("isDefault: true (the README: make it the default for logs)");
    }
    let defaults = ds_entries(d).iter().filter(|n| is_default(n)).count();
    if defaults > 1 {
        return Verdict::fail(format!(
            "{defaults} data sources have isDefault: true; Grafana allows one"
        ))
        .at(Some(d.yaml.loc(ds)))
        .hint("keep isDefault: true on one data source");
    }
    Verdict::pass("isDefault: true")
}

// ---- the rubrics ----

type C = Logging;
use Check as K;

const HINTS: &[&str] = &[
    "Check the README.md for detailed instructions",
    "Use 'docker-compose logs <service>' to debug issues",
    "Grafana is available at http://localhost:3000",
    "Loki API is available at http://localhost:3100",
];

const TITLE: &str = "📊 Logging Stack Challenge - Progress Checker";

/// A check that needs the running stack.
const fn live_check(id: &'static str, name: &'static str, points: u32, stack: bool) -> K<C> {
    K {
        id,
        name,
        points,
        file: None,
        decide: if stack { live_stack } else { live_logs },
    }
}

/// What the live tasks say: they need Docker, which a static grade does not start.
const LIVE: &str = "needs the running stack (not checked statically)";

fn live_stack(_: &Logging) -> Verdict {
    Verdict::fail(LIVE).hint(
        "run `docker compose up -d`; then `python run.py` checks the containers, Loki's /ready and Grafana's /api/health",
    )
}

fn live_logs(_: &Logging) -> Verdict {
    Verdict::fail(LIVE).hint(format!(
        "with the stack up, `python run.py` asks Loki for {{job=\"{RUNPY_JOB}\"}}"
    ))
}

const STACK_RUNNING: Section<C> = Section {
    id: "stack_running",
    name: "Start the Stack",
    checks: &[live_check("stack", "Stack running", 20, true)],
};

const LOGS_FLOWING: Section<C> = Section {
    id: "logs_flowing",
    name: "Logs Flowing to Loki",
    checks: &[live_check("logs", "Logs in Loki", 20, false)],
};

/// run.py's five tasks, the static ones decided on its criteria from the parsed files.
pub static RUNPY: Rubric<C> = Rubric {
    challenge: "logging-stack",
    id: "runpy",
    title: TITLE,
    intro: "",
    pass_mark: 70,
    next_step: "",
    footer: Footer::RunPy,
    layout: Layout::Tasks { hints: HINTS },
    sections: &[
        Section {
            id: "loki_config",
            name: "Configure Loki",
            checks: &[K::new("loki", "Loki config", 20, LOKI, loki_runpy)],
        },
        Section {
            id: "promtail_config",
            name: "Configure Promtail",
            checks: &[K::new(
                "promtail",
                "Promtail config",
                25,
                PROMTAIL,
                promtail_runpy,
            )],
        },
        Section {
            id: "grafana_datasource",
            name: "Configure Grafana Data Source",
            checks: &[K::new("datasource", "Loki data source", 15, DS, ds_runpy)],
        },
        STACK_RUNNING,
        LOGS_FLOWING,
    ],
};

/// run.py's tasks and points, each static task split into the deep checks.
pub static README: Rubric<C> = Rubric {
    challenge: "logging-stack",
    id: "readme",
    title: TITLE,
    intro: "",
    pass_mark: 70,
    next_step: "",
    footer: Footer::RunPy,
    layout: Layout::Tasks { hints: HINTS },
    sections: &[
        Section {
            id: "loki_config",
            name: "Configure Loki",
            checks: &[
                K::new("loads", "Loads as Loki 2.9's config", 4, LOKI, loki_loads),
                K::new("sections", "Required sections", 4, LOKI, loki_sections),
                K::new("port", "HTTP port 3100, published", 4, LOKI, loki_port),
                K::new("schema", "Schema and storage", 6, LOKI, loki_schema),
                K::new("auth", "Auth disabled", 2, LOKI, loki_auth),
            ],
        },
        Section {
            id: "promtail_config",
            name: "Configure Promtail",
            checks: &[
                K::new(
                    "loads",
                    "Loads as Promtail's config",
                    3,
                    PROMTAIL,
                    promtail_loads,
                ),
                K::new(
                    "sections",
                    "Required sections",
                    4,
                    PROMTAIL,
                    promtail_sections,
                ),
                K::new("client", "Pushes to Loki", 8, PROMTAIL, promtail_client),
                K::new("jobs", "Scrape jobs", 6, PROMTAIL, promtail_jobs),
                K::new(
                    "sees_logs",
                    "Sees the containers' logs",
                    4,
                    PROMTAIL,
                    promtail_sees_logs,
                ),
            ],
        },
        Section {
            id: "grafana_datasource",
            name: "Configure Grafana Data Source",
            checks: &[
                K::new("valid", "Valid provisioning file", 3, DS, ds_valid),
                K::new("type", "Loki type", 4, DS, ds_type),
                K::new("url", "URL reachable from Grafana", 5, DS, ds_url),
                K::new("default", "Default data source", 3, DS, ds_default),
            ],
        },
        STACK_RUNNING,
        LOGS_FLOWING,
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_globs() {
        assert_eq!(
            parse_url("http://loki:3100/loki/api/v1/push").expect("url"),
            (
                "http".into(),
                "loki:3100".into(),
                "/loki/api/v1/push".into()
            )
        );
        assert_eq!(
            parse_url("http://loki/").expect("url").1,
            "loki",
            "no port written: none assumed"
        );
        assert!(parse_url("loki:3100").is_ok_and(|(s, _, _)| s == "loki"));
        assert!(parse_url("not a url").is_err());
        assert_eq!(
            glob_dir("/var/lib/docker/containers/*/*.log"),
            "/var/lib/docker/containers"
        );
        assert_eq!(glob_dir("/var/log/app.log"), "/var/log");
    }

    #[test]
    fn dashboard_job_selectors() {
        let text = r#"{"expr": "sum(count_over_time({job=\"containerlogs\"} [1m]))", "x": "{job=\"a\", level=\"b\"}"}"#;
        let jobs: Vec<String> = selected_jobs(text).into_iter().collect();
        assert_eq!(jobs, ["a", "containerlogs"]);
    }
}
