//! Grafana provisioning files: data sources (`apiVersion: 1` and the legacy snake_case
//! format), dashboard providers and alerting resources, checked with positions.
//!
//! Grafana itself reads these files with Go yaml and ignores keys it does not know; we reject
//! unknown keys (as Prometheus's loaders do), because an ignored key is almost always a typo or
//! a camelCase key in a legacy file, and silently has no effect. Values may use `$VAR`
//! interpolation, so typed fields (booleans, integers) also accept strings holding a `$`.
//!
//! Checks that span files (one default data source per organisation, unique data source and
//! provider names) run across the files of one directory given to one [`Checker`], since
//! Grafana reads a whole provisioning directory at once (and separate directories are
//! usually separate Grafanas).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::yaml::{self, Node, NodeKind, Resolved};

/// What a provisioning file provisions, told by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Datasources,
    Dashboards,
    Alerting,
    /// No document, or nothing but `apiVersion`: Grafana skips it.
    Empty,
    /// A kind we recognise but do not check yet (plugins, legacy notifiers, access control).
    Unchecked(&'static str),
    Unknown,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Datasources => "datasources",
            Kind::Dashboards => "dashboards",
            Kind::Alerting => "alerting",
            Kind::Empty => "empty",
            Kind::Unchecked(what) => what,
            Kind::Unknown => "unknown",
        }
    }
}

/// The result of checking one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub kind: Kind,
    /// How many items (data sources, providers, rule groups, ...) the file provisions.
    pub items: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Where something was first defined, for "defined twice" notes.
#[derive(Debug, Clone)]
struct Seen {
    file: String,
    line: usize,
    col: usize,
}

/// Checks provisioning files one after another, remembering what spans files.
#[derive(Debug, Default)]
pub struct Checker {
    /// Data source names per (directory, organisation).
    ds_names: HashMap<(PathBuf, String, String), Seen>,
    /// Data source uids per (directory, organisation).
    ds_uids: HashMap<(PathBuf, String, String), Seen>,
    /// The default data source per (directory, organisation).
    ds_defaults: HashMap<(PathBuf, String), Seen>,
    /// Provider names per directory.
    provider_names: HashMap<(PathBuf, String), Seen>,
    /// Where relative dashboard paths are also looked up (the working directory).
    cwd: Option<PathBuf>,
}

impl Checker {
    pub fn new(cwd: Option<PathBuf>) -> Checker {
        Checker {
            cwd,
            ..Checker::default()
        }
    }

    /// Checks one file's bytes; `path` is where it lives (for relative dashboard paths).
    pub fn check_bytes(&mut self, name: &str, path: Option<&Path>, bytes: &[u8]) -> FileReport {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.check(&SourceFile::shared(name, text), path),
            Err(e) => {
                let file = SourceFile::shared(name, "");
                FileReport {
                    kind: Kind::Unknown,
                    items: 0,
                    diagnostics: vec![Diagnostic::error(
                        "grafana-provisioning/syntax",
                        format!("not a text file: invalid UTF-8 at byte {}", e.valid_up_to()),
                    )
                    .with_file(file)],
                }
            }
        }
    }

    /// Checks one file.
    pub fn check(&mut self, file: &Arc<SourceFile>, path: Option<&Path>) -> FileReport {
        let mut cx = Cx {
            file: Arc::clone(file),
            dir: path
                .and_then(Path::parent)
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            diags: Vec::new(),
        };
        let docs = match yaml::parse(&file.text) {
            Ok(docs) => docs,
            Err(e) => {
                let mut d = Diagnostic::error("grafana-provisioning/syntax", e.to_string())
                    .with_file(Arc::clone(file));
                if let Some(span) = e.span {
                    d = d.with_span(span);
                }
                return FileReport {
                    kind: Kind::Unknown,
                    items: 0,
                    diagnostics: vec![d],
                };
            }
        };
        // Go yaml's Unmarshal reads the first document only.
        let Some(root) = docs.first() else {
            return FileReport {
                kind: Kind::Empty,
                items: 0,
                diagnostics: Vec::new(),
            };
        };
        let kind = detect(root);
        let items = match kind {
            Kind::Empty => 0,
            Kind::Unchecked(what) => {
                let d = Diagnostic::info(
                    "grafana-provisioning/unchecked",
                    format!("{what} provisioning files are not checked yet"),
                )
                .with_file(Arc::clone(file))
                .with_span(head(root));
                cx.diags.push(d);
                0
            }
            Kind::Unknown => {
                let what = match &root.kind {
                    NodeKind::Map(_) => "a mapping with none of the known top-level keys",
                    NodeKind::Seq(_) => "a sequence",
                    NodeKind::Scalar { .. } => "a scalar",
                };
                cx.error(
                    "grafana-provisioning/kind",
                    format!(
                        "not a Grafana provisioning file: found {what}; expected `datasources`, \
                         `providers` or alerting keys (`groups`, `contactPoints`, `policies`, ...)"
                    ),
                    root,
                );
                0
            }
            Kind::Datasources => self.datasources(&mut cx, root),
            Kind::Dashboards => self.dashboards(&mut cx, root, path),
            Kind::Alerting => alerting(&mut cx, root),
        };
        let mut diagnostics = cx.diags;
        // In file order, whatever order the checks ran in.
        diagnostics.sort_by_key(|d| d.span.map(|s| s.start));
        FileReport {
            kind,
            items,
            diagnostics,
        }
    }

    fn datasources(&mut self, cx: &mut Cx, root: &Node) -> usize {
        let legacy = match api_version(cx, root) {
            Some(v) => v == 0,
            None => return 0,
        };
        let schema = if legacy { DS_FILE_V0 } else { DS_FILE_V1 };
        walk_obj(cx, root, schema, "data source file", legacy);
        let key = |v1: &'static str, v0: &'static str| if legacy { v0 } else { v1 };
        let list = root.get("datasources").map(Node::items).unwrap_or(&[]);
        for ds in list {
            if !matches!(ds.kind, NodeKind::Map(_)) {
                continue;
            }
            let org = org_key(ds, key("orgId", "org_id"));
            let name = ds.get("name").and_then(non_empty);
            let ty = ds.get("type").and_then(non_empty);
            if let (Some(ty), None) = (ty, ds.get("url").and_then(non_empty)) {
                if NEEDS_URL.contains(&ty) {
                    cx.error(
                        "grafana-provisioning/missing-url",
                        format!(
                            "data source {:?} of type {ty} has no `url`",
                            name.unwrap_or_default()
                        ),
                        ds,
                    );
                }
            }
            let url = ds.get("url").and_then(|n| non_empty(n).map(|u| (n, u)));
            if let (Some(ty), Some((node, u))) = (ty, url) {
                // The proxy sends requests to this URL as is; without a scheme they fail.
                if NEEDS_URL.contains(&ty) && !u.contains("://") && !u.contains('$') {
                    cx.warning(
                        "grafana-provisioning/url",
                        format!("url {u:?} has no scheme (http:// or https://)"),
                        node,
                    );
                }
            }
            if let Some(access) = ds.get("access").and_then(non_empty) {
                if access != "proxy" && access != "direct" {
                    let node = ds.get("access").unwrap_or(ds);
                    cx.warning(
                        "grafana-provisioning/access",
                        format!("invalid access value {access:?}: Grafana uses \"proxy\" instead"),
                        node,
                    );
                }
            }
            if let Some(name) = name {
                let at = ds.get("name").unwrap_or(ds);
                let name_key = (cx.dir.clone(), org.clone(), name.to_string());
                cx.once(
                    &mut self.ds_names,
                    name_key,
                    at,
                    "grafana-provisioning/duplicate-name",
                    || format!("data source name {name:?} is used more than once in {org}"),
                    "first defined at",
                );
            }
            if let Some(uid_node) = ds.get("uid") {
                self.datasource_uid(cx, uid_node, &org);
            }
            if let Some(def) = ds.get(key("isDefault", "is_default")) {
                if matches!(bool_of(def, legacy), Some(true)) {
                    let org_key = (cx.dir.clone(), org.clone());
                    cx.once(
                        &mut self.ds_defaults,
                        org_key,
                        def,
                        "grafana-provisioning/too-many-defaults",
                        || {
                            format!(
                                "datasource.yaml config is invalid. Only one datasource per \
                                 organization can be marked as default ({org})"
                            )
                        },
                        "the first default is at",
                    );
                }
            }
            header_pairs(cx, ds, legacy);
        }
        list.len()
    }

    fn datasource_uid(&mut self, cx: &mut Cx, node: &Node, org: &str) {
        let Some(uid) = non_empty(node) else {
            return;
        };
        if uid.contains('$') {
            return;
        }
        // Grafana's short-UID rule; it only warns about data sources breaking it, for
        // compatibility, but such UIDs break links and the API.
        let valid_chars = uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if uid.len() > 40 || !valid_chars {
            cx.warning(
                "grafana-provisioning/uid",
                format!(
                    "invalid uid {uid:?}: at most 40 characters of letters, digits, '-' and '_'"
                ),
                node,
            );
        }
        let key = (cx.dir.clone(), org.to_string(), uid.to_string());
        cx.once(
            &mut self.ds_uids,
            key,
            node,
            "grafana-provisioning/duplicate-uid",
            || format!("data source uid {uid:?} is used more than once in {org}"),
            "first defined at",
        );
    }

    fn dashboards(&mut self, cx: &mut Cx, root: &Node, path: Option<&Path>) -> usize {
        // Legacy provider files are a bare list of providers.
        let legacy = matches!(root.kind, NodeKind::Seq(_));
        let list = if legacy {
            walk(
                cx,
                root,
                Ty::List("dashboard provider", PROVIDER_V0),
                "",
                true,
            );
            root.items()
        } else {
            if api_version(cx, root).is_none() {
                return 0;
            }
            walk_obj(cx, root, PROVIDERS_FILE, "dashboard provider file", false);
            root.get("providers").map(Node::items).unwrap_or(&[])
        };
        let base = path.and_then(Path::parent);
        for p in list {
            if !matches!(p.kind, NodeKind::Map(_)) {
                continue;
            }
            if let Some(name) = p.get("name").and_then(non_empty) {
                let at = p.get("name").unwrap_or(p);
                let name_key = (cx.dir.clone(), name.to_string());
                cx.once(
                    &mut self.provider_names,
                    name_key,
                    at,
                    "grafana-provisioning/duplicate-name",
                    || format!("dashboard provider name {name:?} is used more than once"),
                    "first defined at",
                );
            }
            let ty = p.get("type").and_then(non_empty).unwrap_or("file");
            if ty != "file" {
                continue;
            }
            let options = p.get("options");
            let folders_from_files = options
                .and_then(|o| o.get("foldersFromFilesStructure"))
                .and_then(|b| bool_of(b, legacy))
                .unwrap_or(false);
            let folder_set = ["folder", "folderUid"]
                .iter()
                .any(|k| p.get(k).and_then(non_empty).is_some());
            if folders_from_files && folder_set {
                cx.error(
                    "grafana-provisioning/folders-from-files",
                    "'folder' and 'folderUID' should be empty using 'foldersFromFilesStructure' option",
                    p,
                );
            }
            let path_node = options.and_then(|o| o.get("path"));
            let Some(dir) = path_node.and_then(non_empty) else {
                let at = options.unwrap_or(p);
                cx.error(
                    "grafana-provisioning/missing-path",
                    "dashboard provider of type file has no `options.path`",
                    at,
                );
                continue;
            };
            let at = path_node.unwrap_or(p);
            self.provider_path(cx, dir, base, at);
        }
        list.len()
    }

    /// Grafana resolves a relative path against its own working directory, which a checker
    /// cannot know; we try the provisioning file's directory, then ours.
    fn provider_path(&self, cx: &mut Cx, dir: &str, base: Option<&Path>, at: &Node) {
        if dir.contains('$') {
            return;
        }
        let p = Path::new(dir);
        let candidates: Vec<PathBuf> = if p.is_absolute() {
            vec![p.to_path_buf()]
        } else {
            base.iter()
                .chain(self.cwd.as_deref().iter())
                .map(|b| b.join(p))
                .collect()
        };
        let Some(found) = candidates.iter().find(|c| c.exists()) else {
            if p.is_absolute() {
                // Often a path inside Grafana's container, absent where the check runs.
                cx.warning(
                    "grafana-provisioning/path",
                    format!("dashboard path {dir:?} does not exist on this machine"),
                    at,
                );
            } else {
                cx.error_with(
                    "grafana-provisioning/path",
                    format!("dashboard path {dir:?} does not exist"),
                    at,
                    "help: relative paths are looked up from the provisioning file's directory \
                     and from the current directory",
                );
            }
            return;
        };
        if found.is_dir() && !crate::cmd::any_file_under(found, &["json"]) {
            cx.warning(
                "grafana-provisioning/no-dashboards",
                format!("dashboard path {dir:?} holds no dashboards (*.json)"),
                at,
            );
        }
    }
}

/// `httpHeaderNameN` in jsonData goes with `httpHeaderValueN` in secureJsonData.
fn header_pairs(cx: &mut Cx, ds: &Node, legacy: bool) {
    let (jd, sjd) = if legacy {
        ("json_data", "secure_json_data")
    } else {
        ("jsonData", "secureJsonData")
    };
    let Some(NodeKind::Map(entries)) = ds.get(jd).map(|n| &n.kind) else {
        return;
    };
    for (k, _) in entries {
        let Some(n) = k.as_str().and_then(|k| k.strip_prefix("httpHeaderName")) else {
            continue;
        };
        let value_key = format!("httpHeaderValue{n}");
        if ds.get(sjd).and_then(|s| s.get(&value_key)).is_none() {
            cx.warning(
                "grafana-provisioning/header-value",
                format!("`{jd}.httpHeaderName{n}` has no `{sjd}.{value_key}`"),
                k,
            );
        }
    }
}

/// The organisation a data source belongs to, for uniqueness checks.
fn org_key(ds: &Node, org_id_key: &str) -> String {
    if let Some(name) = ["orgName", "org_name"]
        .iter()
        .find_map(|k| ds.get(k).and_then(non_empty))
    {
        return format!("organization {name:?}");
    }
    match ds.get(org_id_key).and_then(Node::resolve) {
        Some(Resolved::Int(i)) if i != 0 => format!("organization {i}"),
        Some(Resolved::Str(s)) if !s.is_empty() => format!("organization {s}"),
        _ => "organization 1".to_string(),
    }
}

/// `apiVersion`: absent or 0 is the legacy format, 1 the current one; `None` after an error.
/// Grafana reads any positive version as 1 and any other as legacy; we warn about those.
fn api_version(cx: &mut Cx, root: &Node) -> Option<i64> {
    let Some(node) = root.get("apiVersion") else {
        return Some(0);
    };
    match node.resolve() {
        Some(Resolved::Null) => Some(0),
        Some(Resolved::Int(v @ (0 | 1))) => Some(v),
        Some(Resolved::Int(v)) => {
            let read_as = if v > 0 { 1 } else { 0 };
            let how = if v > 0 {
                "Grafana reads it as apiVersion 1"
            } else {
                "Grafana reads it as a legacy file (no apiVersion)"
            };
            cx.warning(
                "grafana-provisioning/api-version",
                format!("unknown apiVersion {v}: {how}"),
                node,
            );
            Some(read_as)
        }
        _ => {
            cx.error(
                "grafana-provisioning/api-version",
                format!("apiVersion must be an integer, found {}", describe(node)),
                node,
            );
            None
        }
    }
}

fn detect(root: &Node) -> Kind {
    match &root.kind {
        NodeKind::Seq(items) => {
            // A legacy dashboard provider list: mappings with `name`/`options`.
            if items.iter().all(|i| matches!(i.kind, NodeKind::Map(_)))
                && items
                    .iter()
                    .any(|i| i.get("options").is_some() || i.get("type").is_some())
            {
                Kind::Dashboards
            } else {
                Kind::Unknown
            }
        }
        NodeKind::Map(entries) => {
            let has = |keys: &[&str]| {
                entries
                    .iter()
                    .any(|(k, _)| k.as_str().is_some_and(|k| keys.contains(&k)))
            };
            if has(&[
                "datasources",
                "deleteDatasources",
                "delete_datasources",
                "prune",
            ]) {
                Kind::Datasources
            } else if has(&["providers"]) {
                Kind::Dashboards
            } else if has(ALERTING_KEYS) {
                Kind::Alerting
            } else if has(&["apps"]) {
                Kind::Unchecked("plugins")
            } else if has(&["notifiers", "delete_notifiers"]) {
                Kind::Unchecked("notifiers")
            } else if has(&["roles", "deleteRoles", "teams"]) {
                Kind::Unchecked("access-control")
            } else if entries
                .iter()
                .all(|(k, _)| k.as_str() == Some("apiVersion"))
            {
                Kind::Empty
            } else {
                Kind::Unknown
            }
        }
        NodeKind::Scalar { .. } if root.is_null() => Kind::Empty,
        NodeKind::Scalar { .. } => Kind::Unknown,
    }
}

const ALERTING_KEYS: &[&str] = &[
    "groups",
    "deleteRules",
    "contactPoints",
    "deleteContactPoints",
    "policies",
    "resetPolicies",
    "templates",
    "deleteTemplates",
    "muteTimes",
    "deleteMuteTimes",
];

fn alerting(cx: &mut Cx, root: &Node) -> usize {
    match api_version(cx, root) {
        None => return 0,
        Some(0) => {
            // Alerting files have no legacy format.
            let at = root.get("apiVersion").unwrap_or(root);
            cx.error(
                "grafana-provisioning/api-version",
                "alerting provisioning files need `apiVersion: 1`",
                at,
            );
        }
        Some(_) => {}
    }
    walk_obj(cx, root, ALERTING_FILE, "alerting file", false);
    let mut uids: HashMap<String, Seen> = HashMap::new();
    for group in root.get("groups").map(Node::items).unwrap_or(&[]) {
        for rule in group.get("rules").map(Node::items).unwrap_or(&[]) {
            if let Some(uid) = rule.get("uid").and_then(non_empty) {
                let at = rule.get("uid").unwrap_or(rule);
                cx.once(
                    &mut uids,
                    uid.to_string(),
                    at,
                    "grafana-provisioning/duplicate-uid",
                    || format!("alert rule uid {uid:?} is used more than once"),
                    "first defined at",
                );
            }
            let Some(cond) = rule.get("condition") else {
                continue;
            };
            let Some(cond_ref) = non_empty(cond) else {
                continue;
            };
            let data = rule.get("data").map(Node::items).unwrap_or(&[]);
            let known = data
                .iter()
                .any(|q| q.get("refId").and_then(Node::as_str) == Some(cond_ref));
            if !known {
                cx.error(
                    "grafana-provisioning/condition",
                    format!("condition {cond_ref:?} is not the refId of any query in `data`"),
                    cond,
                );
            }
            for (key, allowed) in [
                ("noDataState", &["NoData", "Alerting", "OK", "KeepLast"]),
                ("execErrState", &["Error", "Alerting", "OK", "KeepLast"]),
            ] {
                if let Some(node) = rule.get(key) {
                    if let Some(v) = non_empty(node) {
                        if !allowed.contains(&v) {
                            cx.error(
                                "grafana-provisioning/invalid-value",
                                format!(
                                    "invalid {key} {v:?}: expected one of {}",
                                    allowed.join(", ")
                                ),
                                node,
                            );
                        }
                    }
                }
            }
        }
    }
    ALERTING_KEYS
        .iter()
        .filter_map(|k| root.get(k))
        .map(|n| n.items().len())
        .sum()
}

/// Data source types whose plugin cannot work without a URL.
const NEEDS_URL: &[&str] = &[
    "prometheus",
    "loki",
    "tempo",
    "jaeger",
    "zipkin",
    "alertmanager",
    "elasticsearch",
    "graphite",
    "influxdb",
    "opentsdb",
    "grafana-pyroscope-datasource",
    "parca",
];

// ---- the schema walker ----

#[derive(Debug, Clone, Copy)]
enum Ty {
    /// A string; Go decodes any scalar (numbers, booleans) into one too.
    Str,
    Int,
    Bool,
    /// A Prometheus duration (`1m`, `1h30m`).
    Duration,
    Any,
    /// A mapping with scalar values.
    StrMap,
    /// A sequence of scalars.
    StrList,
    Obj(&'static str, &'static [Field]),
    List(&'static str, &'static [Field]),
}

#[derive(Debug)]
struct Field {
    name: &'static str,
    ty: Ty,
    required: bool,
}

const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

struct Cx {
    file: Arc<SourceFile>,
    /// The directory of the file: cross-file checks are per directory (one Grafana each).
    dir: PathBuf,
    diags: Vec<Diagnostic>,
}

impl Cx {
    fn error(&mut self, code: &str, msg: impl Into<String>, at: &Node) {
        let d = Diagnostic::error(code, msg)
            .with_file(Arc::clone(&self.file))
            .with_span(head(at));
        self.diags.push(d);
    }

    fn error_with(
        &mut self,
        code: &str,
        msg: impl Into<String>,
        at: &Node,
        note: impl Into<String>,
    ) {
        let d = Diagnostic::error(code, msg)
            .with_file(Arc::clone(&self.file))
            .with_span(at.span)
            .with_note(note);
        self.diags.push(d);
    }

    fn warning(&mut self, code: &str, msg: impl Into<String>, at: &Node) {
        let d = Diagnostic::warning(code, msg)
            .with_file(Arc::clone(&self.file))
            .with_span(at.span);
        self.diags.push(d);
    }

    /// Remembers `key` as defined at `at`; when it already was, reports `msg` at `at` with
    /// a note `{first} file:line:col` pointing at the first definition.
    fn once<K: std::hash::Hash + Eq>(
        &mut self,
        seen: &mut HashMap<K, Seen>,
        key: K,
        at: &Node,
        code: &str,
        msg: impl FnOnce() -> String,
        first: &str,
    ) {
        match seen.get(&key) {
            Some(f) => {
                let note = format!("{first} {}:{}:{}", f.file, f.line, f.col);
                self.error_with(code, msg(), at, note);
            }
            None => {
                seen.insert(key, self.seen(at));
            }
        }
    }

    fn seen(&self, at: &Node) -> Seen {
        Seen {
            file: self.file.name.clone(),
            line: at.line,
            col: at.col,
        }
    }
}

/// Where to point for a whole mapping: its first key, since a mapping's span runs to the
/// next sibling and would underline half the file.
fn head(node: &Node) -> crate::diag::Span {
    match &node.kind {
        NodeKind::Map(entries) => entries.first().map_or(node.span, |(k, _)| k.span),
        _ => node.span,
    }
}

fn describe(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Map(_) => "a mapping",
        NodeKind::Seq(_) => "a sequence",
        NodeKind::Scalar { .. } => match node.resolve() {
            Some(Resolved::Bool(_)) => "a boolean",
            Some(Resolved::Int(_)) => "an integer",
            Some(Resolved::Float(_)) => "a number",
            Some(Resolved::Null) => "null",
            _ => "a string",
        },
    }
}

/// A non-empty string value.
fn non_empty(node: &Node) -> Option<&str> {
    match node.resolve()? {
        Resolved::Null => None,
        _ => node.as_str().filter(|s| !s.trim().is_empty()),
    }
}

/// A boolean as Grafana reads one: `strconv.ParseBool` in `apiVersion: 1` files (after
/// interpolation), Go yaml's YAML 1.1 spellings in legacy files.
fn bool_of(node: &Node, legacy: bool) -> Option<bool> {
    let text = node.as_str()?;
    if legacy {
        crate::yaml::parse_bool_11(text)
    } else {
        crate::gostr::parse_bool(text)
    }
}

/// Strings with `$` are interpolated from the environment before use.
fn interpolated(node: &Node) -> bool {
    matches!(node.resolve(), Some(Resolved::Str(s)) if s.contains('$'))
}

fn walk(cx: &mut Cx, node: &Node, ty: Ty, key: &str, legacy: bool) {
    if node.is_null() {
        return;
    }
    let want = match ty {
        Ty::Any => return,
        Ty::Str => {
            if matches!(node.kind, NodeKind::Scalar { .. }) {
                return;
            }
            "a string"
        }
        Ty::Duration => {
            let Some(text) = node.as_str() else {
                walk(cx, node, Ty::Str, key, legacy);
                return;
            };
            if interpolated(node) {
                return;
            }
            if let Err(e) = crate::duration::parse_duration(text) {
                cx.error(
                    "grafana-provisioning/duration",
                    format!("`{key}`: {e}"),
                    node,
                );
            }
            return;
        }
        Ty::Int => {
            if matches!(node.resolve(), Some(Resolved::Int(_))) || interpolated(node) {
                return;
            }
            "an integer"
        }
        Ty::Bool => {
            if bool_of(node, legacy).is_some() || interpolated(node) {
                return;
            }
            "a boolean"
        }
        Ty::StrMap => {
            if let NodeKind::Map(entries) = &node.kind {
                for (k, v) in entries {
                    let name = k.as_str().unwrap_or_default();
                    walk(cx, v, Ty::Str, &format!("{key}.{name}"), legacy);
                }
                return;
            }
            "a mapping"
        }
        Ty::StrList => {
            if let NodeKind::Seq(items) = &node.kind {
                for item in items {
                    walk(cx, item, Ty::Str, key, legacy);
                }
                return;
            }
            "a list"
        }
        Ty::Obj(what, fields) => {
            if matches!(node.kind, NodeKind::Map(_)) {
                walk_obj(cx, node, fields, what, legacy);
                return;
            }
            "a mapping"
        }
        Ty::List(what, fields) => {
            if let NodeKind::Seq(items) = &node.kind {
                for item in items {
                    walk(cx, item, Ty::Obj(what, fields), key, legacy);
                }
                return;
            }
            "a list"
        }
    };
    let label = if key.is_empty() {
        String::from("value")
    } else {
        format!("`{key}`")
    };
    cx.error(
        "grafana-provisioning/type",
        format!("{label} must be {want}, found {}", describe(node)),
        node,
    );
}

fn walk_obj(cx: &mut Cx, node: &Node, fields: &[Field], what: &str, legacy: bool) {
    let NodeKind::Map(entries) = &node.kind else {
        cx.error(
            "grafana-provisioning/type",
            format!("{what} must be a mapping, found {}", describe(node)),
            node,
        );
        return;
    };
    for (k, v) in entries {
        let name = k.as_str().unwrap_or_default();
        match fields.iter().find(|f| f.name == name) {
            Some(f) => walk(cx, v, f.ty, name, legacy),
            None => {
                let mut d = Diagnostic::error(
                    "grafana-provisioning/unknown-field",
                    format!("unknown field `{name}` in {what} (Grafana ignores it)"),
                )
                .with_file(Arc::clone(&cx.file))
                .with_span(k.span);
                if legacy && V1_ONLY.contains(&name) {
                    d = d.with_note(
                        "help: files without `apiVersion: 1` are read in the legacy format, \
                         whose keys are snake_case; add `apiVersion: 1`",
                    );
                }
                cx.diags.push(d);
            }
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        let present = node.get(f.name).is_some_and(|v| match v.kind {
            NodeKind::Scalar { .. } => non_empty(v).is_some(),
            _ => true,
        });
        if !present {
            cx.error(
                "grafana-provisioning/missing-field",
                format!("{what} has no `{}`", f.name),
                node,
            );
        }
    }
}

/// camelCase keys of the current formats that the legacy formats spell differently.
const V1_ONLY: &[&str] = &[
    "deleteDatasources",
    "orgId",
    "isDefault",
    "basicAuth",
    "basicAuthUser",
    "withCredentials",
    "jsonData",
    "secureJsonData",
];

// ---- schemas ----

const DS_V1: &[Field] = &[
    req("name", Ty::Str),
    req("type", Ty::Str),
    opt("access", Ty::Str),
    opt("orgId", Ty::Int),
    opt("orgName", Ty::Str),
    opt("uid", Ty::Str),
    opt("url", Ty::Str),
    opt("user", Ty::Str),
    opt("database", Ty::Str),
    opt("basicAuth", Ty::Bool),
    opt("basicAuthUser", Ty::Str),
    opt("withCredentials", Ty::Bool),
    opt("isDefault", Ty::Bool),
    opt("jsonData", Ty::Any),
    opt("secureJsonData", Ty::StrMap),
    opt("version", Ty::Int),
    opt("editable", Ty::Bool),
    opt("correlations", Ty::Any),
    // Removed in favour of secureJsonData, still read by older Grafana.
    opt("password", Ty::Str),
    opt("basicAuthPassword", Ty::Str),
];

const DS_V0: &[Field] = &[
    req("name", Ty::Str),
    req("type", Ty::Str),
    opt("access", Ty::Str),
    opt("org_id", Ty::Int),
    opt("org_name", Ty::Str),
    opt("uid", Ty::Str),
    opt("url", Ty::Str),
    opt("password", Ty::Str),
    opt("user", Ty::Str),
    opt("database", Ty::Str),
    opt("basic_auth", Ty::Bool),
    opt("basic_auth_user", Ty::Str),
    opt("basic_auth_password", Ty::Str),
    opt("with_credentials", Ty::Bool),
    opt("is_default", Ty::Bool),
    opt("json_data", Ty::Any),
    opt("secure_json_data", Ty::StrMap),
    opt("version", Ty::Int),
    opt("editable", Ty::Bool),
    opt("correlations", Ty::Any),
];

const DELETE_DS_V1: &[Field] = &[
    req("name", Ty::Str),
    opt("orgId", Ty::Int),
    opt("orgName", Ty::Str),
];
const DELETE_DS_V0: &[Field] = &[
    req("name", Ty::Str),
    opt("org_id", Ty::Int),
    opt("org_name", Ty::Str),
];

const DS_FILE_V1: &[Field] = &[
    opt("apiVersion", Ty::Int),
    opt("datasources", Ty::List("data source", DS_V1)),
    opt(
        "deleteDatasources",
        Ty::List("deleteDatasources entry", DELETE_DS_V1),
    ),
    opt("prune", Ty::Bool),
];

const DS_FILE_V0: &[Field] = &[
    opt("apiVersion", Ty::Int),
    opt("datasources", Ty::List("data source", DS_V0)),
    opt(
        "delete_datasources",
        Ty::List("delete_datasources entry", DELETE_DS_V0),
    ),
];

const PROVIDER_OPTIONS: &[Field] = &[
    opt("path", Ty::Str),
    opt("foldersFromFilesStructure", Ty::Bool),
];

const PROVIDER_V1: &[Field] = &[
    req("name", Ty::Str),
    opt("type", Ty::Str),
    opt("orgId", Ty::Int),
    opt("folder", Ty::Str),
    opt("folderUid", Ty::Str),
    opt("disableDeletion", Ty::Bool),
    opt("allowUiUpdates", Ty::Bool),
    opt("updateIntervalSeconds", Ty::Int),
    opt("options", Ty::Obj("provider options", PROVIDER_OPTIONS)),
    // Older spellings still found in the wild.
    opt("editable", Ty::Bool),
    opt("intervalSeconds", Ty::Int),
];

const PROVIDER_V0: &[Field] = &[
    req("name", Ty::Str),
    opt("type", Ty::Str),
    opt("org_id", Ty::Int),
    opt("folder", Ty::Str),
    opt("folderUid", Ty::Str),
    opt("editable", Ty::Bool),
    opt("disableDeletion", Ty::Bool),
    opt("updateIntervalSeconds", Ty::Int),
    opt("options", Ty::Obj("provider options", PROVIDER_OPTIONS)),
];

const PROVIDERS_FILE: &[Field] = &[
    opt("apiVersion", Ty::Int),
    opt("providers", Ty::List("dashboard provider", PROVIDER_V1)),
];

const RELATIVE_TIME: &[Field] = &[opt("from", Ty::Int), opt("to", Ty::Int)];

const QUERY: &[Field] = &[
    req("refId", Ty::Str),
    req("datasourceUid", Ty::Str),
    opt(
        "relativeTimeRange",
        Ty::Obj("relativeTimeRange", RELATIVE_TIME),
    ),
    opt("queryType", Ty::Str),
    opt("model", Ty::Any),
];

const NOTIFICATION_SETTINGS: &[Field] = &[
    req("receiver", Ty::Str),
    opt("group_by", Ty::StrList),
    opt("group_wait", Ty::Duration),
    opt("group_interval", Ty::Duration),
    opt("repeat_interval", Ty::Duration),
    opt("mute_time_intervals", Ty::StrList),
    opt("active_time_intervals", Ty::StrList),
];

const RECORD: &[Field] = &[
    req("metric", Ty::Str),
    req("from", Ty::Str),
    opt("target_datasource_uid", Ty::Str),
];

const RULE: &[Field] = &[
    req("uid", Ty::Str),
    req("title", Ty::Str),
    opt("condition", Ty::Str),
    req("data", Ty::List("query", QUERY)),
    opt("for", Ty::Duration),
    opt("keep_firing_for", Ty::Duration),
    opt("noDataState", Ty::Str),
    opt("execErrState", Ty::Str),
    opt("annotations", Ty::StrMap),
    opt("labels", Ty::StrMap),
    opt("dashboardUid", Ty::Str),
    opt("panelId", Ty::Int),
    opt("isPaused", Ty::Bool),
    opt(
        "notification_settings",
        Ty::Obj("notification_settings", NOTIFICATION_SETTINGS),
    ),
    opt("record", Ty::Obj("record", RECORD)),
    opt("missing_series_evals_to_resolve", Ty::Int),
];

const GROUP: &[Field] = &[
    opt("orgId", Ty::Int),
    req("name", Ty::Str),
    req("folder", Ty::Str),
    req("interval", Ty::Duration),
    opt("rules", Ty::List("alert rule", RULE)),
];

const BY_UID: &[Field] = &[opt("orgId", Ty::Int), req("uid", Ty::Str)];
const BY_NAME: &[Field] = &[opt("orgId", Ty::Int), req("name", Ty::Str)];

const RECEIVER: &[Field] = &[
    opt("uid", Ty::Str),
    req("type", Ty::Str),
    opt("settings", Ty::Any),
    opt("disableResolveMessage", Ty::Bool),
];

const CONTACT_POINT: &[Field] = &[
    opt("orgId", Ty::Int),
    req("name", Ty::Str),
    req("receivers", Ty::List("receiver", RECEIVER)),
];

/// A notification policy route; routes nest.
static ROUTE: [Field; 12] = [
    opt("receiver", Ty::Str),
    opt("group_by", Ty::StrList),
    opt("matchers", Ty::StrList),
    opt("object_matchers", Ty::Any),
    opt("mute_time_intervals", Ty::StrList),
    opt("active_time_intervals", Ty::StrList),
    opt("group_wait", Ty::Duration),
    opt("group_interval", Ty::Duration),
    opt("repeat_interval", Ty::Duration),
    opt("continue", Ty::Bool),
    opt("routes", Ty::List("route", &ROUTE)),
    // Accepted on nested routes too, where Grafana ignores it.
    opt("orgId", Ty::Int),
];

/// The root notification policy: a route that must name a receiver.
const POLICY: &[Field] = &[
    req("receiver", Ty::Str),
    opt("group_by", Ty::StrList),
    opt("matchers", Ty::StrList),
    opt("object_matchers", Ty::Any),
    opt("mute_time_intervals", Ty::StrList),
    opt("active_time_intervals", Ty::StrList),
    opt("group_wait", Ty::Duration),
    opt("group_interval", Ty::Duration),
    opt("repeat_interval", Ty::Duration),
    opt("continue", Ty::Bool),
    opt("routes", Ty::List("route", &ROUTE)),
    // Only meaningful on the root policy, which shares the route's shape.
    opt("orgId", Ty::Int),
];

const TEMPLATE: &[Field] = &[
    opt("orgId", Ty::Int),
    opt("orgID", Ty::Int),
    req("name", Ty::Str),
    req("template", Ty::Str),
];

const TIME_RANGE: &[Field] = &[opt("start_time", Ty::Str), opt("end_time", Ty::Str)];

const TIME_INTERVAL: &[Field] = &[
    opt("times", Ty::List("time range", TIME_RANGE)),
    opt("weekdays", Ty::StrList),
    opt("days_of_month", Ty::StrList),
    opt("months", Ty::StrList),
    opt("years", Ty::StrList),
    opt("location", Ty::Str),
];

const MUTE_TIME: &[Field] = &[
    opt("orgId", Ty::Int),
    req("name", Ty::Str),
    opt("time_intervals", Ty::List("time interval", TIME_INTERVAL)),
];

const ALERTING_FILE: &[Field] = &[
    opt("apiVersion", Ty::Int),
    opt("groups", Ty::List("rule group", GROUP)),
    opt("deleteRules", Ty::List("deleteRules entry", BY_UID)),
    opt("contactPoints", Ty::List("contact point", CONTACT_POINT)),
    opt(
        "deleteContactPoints",
        Ty::List("deleteContactPoints entry", BY_UID),
    ),
    opt("policies", Ty::List("notification policy", POLICY)),
    opt("resetPolicies", Ty::StrList),
    opt("templates", Ty::List("template", TEMPLATE)),
    opt(
        "deleteTemplates",
        Ty::List("deleteTemplates entry", BY_NAME),
    ),
    opt("muteTimes", Ty::List("mute timing", MUTE_TIME)),
    opt(
        "deleteMuteTimes",
        Ty::List("deleteMuteTimes entry", BY_NAME),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> FileReport {
        Checker::new(None).check(&SourceFile::shared("t.yaml", text), None)
    }

    fn messages(r: &FileReport) -> Vec<String> {
        r.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn good_datasources() {
        let r = check(
            "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://p:9090\n    isDefault: true\n",
        );
        assert_eq!(r.kind, Kind::Datasources);
        assert_eq!(r.items, 1);
        assert!(r.diagnostics.is_empty(), "{:?}", messages(&r));
    }

    #[test]
    fn booleans_follow_go_parse_bool_in_api_version_1() {
        let ds = |v: &str| {
            format!("apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    url: http://p\n    isDefault: {v}\n")
        };
        for ok in ["1", "t", "TRUE", "False", "0"] {
            let r = check(&ds(ok));
            assert!(r.diagnostics.is_empty(), "{ok}: {:?}", messages(&r));
        }
        for bad in ["yes", "on", "y", "no"] {
            let r = check(&ds(bad));
            assert!(!r.ok(), "{bad}");
        }
        // Legacy files read YAML 1.1 booleans.
        let legacy = "datasources:\n  - name: P\n    type: prometheus\n    url: http://p\n    is_default: yes\n";
        let r = check(legacy);
        assert!(r.diagnostics.is_empty(), "{:?}", messages(&r));
        let legacy = legacy.replace("yes", "1");
        assert!(!check(&legacy).ok());
    }

    #[test]
    fn datasource_errors_have_positions() {
        let r = check(
            "apiVersion: 1\ndatasources:\n  - name: P\n    type: prometheus\n    isDefault: true\n  - name: P\n    type: loki\n    url: x\n    isDefault: true\n  - url: y\n",
        );
        let m = messages(&r);
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:3:5: error[grafana-provisioning/missing-url]")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:6:11: error[grafana-provisioning/duplicate-name]")),
            "{m:?}"
        );
        assert!(
            m.iter().any(
                |m| m.starts_with("t.yaml:9:16: error[grafana-provisioning/too-many-defaults]")
            ),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m.contains("data source has no `name`")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m.contains("data source has no `type`")),
            "{m:?}"
        );
    }

    #[test]
    fn url_without_scheme_warns() {
        let r = check(
            "apiVersion: 1\ndatasources:\n  - {name: A, type: prometheus, url: 'prom:9090'}\n",
        );
        assert!(r.ok());
        assert_eq!(
            messages(&r),
            vec!["t.yaml:3:38: warning[grafana-provisioning/url]: url \"prom:9090\" has no scheme (http:// or https://)"]
        );
    }

    #[test]
    fn datasource_uids() {
        let r = check(
            "apiVersion: 1\ndatasources:\n  - {name: A, type: x, uid: same}\n  - {name: B, type: x, uid: same}\n  - {name: C, type: x, uid: 'bad uid'}\n",
        );
        let m = messages(&r);
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:4:29: error[grafana-provisioning/duplicate-uid]")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:5:29: warning[grafana-provisioning/uid]")),
            "{m:?}"
        );
    }

    #[test]
    fn api_version_and_legacy_keys() {
        let r = check("apiVersion: 2\ndatasources: []\n");
        assert_eq!(messages(&r), vec!["t.yaml:1:13: warning[grafana-provisioning/api-version]: unknown apiVersion 2: Grafana reads it as apiVersion 1"]);
        assert!(r.ok());
        // Read as version 1: camelCase keys are known.
        let r = check("apiVersion: 2\ndatasources:\n  - name: P\n    type: prometheus\n    url: u\n    isDefault: true\n");
        assert!(r.ok(), "{:?}", messages(&r));
        let r = check("apiVersion: -1\ndatasources:\n  - name: P\n    type: prometheus\n    url: u\n    is_default: true\n    org_name: O\n    correlations: []\n");
        assert!(r.ok(), "{:?}", messages(&r));
        assert!(messages(&r)[0].contains("legacy"), "{:?}", messages(&r));
        let r = check(
            "datasources:\n  - name: P\n    type: prometheus\n    url: u\n    isDefault: true\n",
        );
        assert!(!r.ok());
        assert!(r
            .diagnostics
            .iter()
            .any(|d| d.notes.iter().any(|n| n.contains("snake_case"))));
        let r = check("datasources:\n  - name: P\n    type: prometheus\n    url: http://u\n    org_name: O\n    correlations: []\n  - name: P\n    type: loki\n    url: http://u\n    org_name: O\ndelete_datasources:\n  - name: X\n    org_name: O\n");
        let m = messages(&r);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("organization \"O\""), "{m:?}");
    }

    #[test]
    fn providers_and_alerting() {
        let r = check("apiVersion: 1\nproviders:\n  - name: a\n    folder: x\n    options:\n      path: does/not/exist\n      foldersFromFilesStructure: true\n");
        let m = messages(&r);
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:6:13: error[grafana-provisioning/path]")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|m| m.contains("foldersFromFilesStructure")),
            "{m:?}"
        );
        let r = check("apiVersion: 1\ngroups:\n  - name: g\n    folder: f\n    interval: 1m\n    rules:\n      - uid: a\n        title: t\n        condition: B\n        data:\n          - refId: A\n            datasourceUid: x\n        for: 5 minutes\n        bogus: 1\n");
        let m = messages(&r);
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:9:20: error[grafana-provisioning/condition]")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:14:9: error[grafana-provisioning/unknown-field]")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.starts_with("t.yaml:13:14: error[grafana-provisioning/duration]")),
            "{m:?}"
        );
    }

    #[test]
    fn other_kinds_are_recognised() {
        let r = check("apiVersion: 1\napps:\n  - type: x\n");
        assert_eq!(r.kind, Kind::Unchecked("plugins"));
        assert!(r.ok());
        assert_eq!(check("apiVersion: 1\n").kind, Kind::Empty);
        assert_eq!(check("foo: 1\n").kind, Kind::Unknown);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "",
            "---\n",
            "[1, 2",
            "just text",
            "- 1\n- 2\n",
            "{a: [",
            "apiVersion: x\nproviders: 3\n",
            "datasources: {a: 1}\n",
            "groups: [[]]\n",
            "\u{0}\u{1}",
        ] {
            let _ = check(text);
        }
        let r = Checker::new(None).check_bytes("b", None, &[0xff, 0xfe, 0]);
        assert!(!r.ok());
    }
}
