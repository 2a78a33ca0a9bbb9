//! Grafana dashboards: every layout (legacy `rows[]`, row panels with collapsed children,
//! library panels, the `{"dashboard": ...}` export wrapper, Kubernetes-shaped `spec`)
//! normalised into one [`Dashboard`] whose panels and targets keep their JSON pointers and
//! byte spans, plus datasource resolution and template variable substitution; and
//! provisioning files ([`provisioning`]).

pub mod datasource;
pub mod json;
pub mod provisioning;
pub mod template;

use crate::diag::Span;
use datasource::{DsRef, Resolved};
use json::{Kind, Value};
use template::{Substituted, VarValue};

/// Why a file is not a dashboard we can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Byte offset of the problem, when there is one.
    pub pos: Option<usize>,
    pub msg: String,
    /// The diagnostic code: `dashboard/json` for syntax, `dashboard/shape` for JSON that is
    /// not a dashboard we can read.
    pub code: &'static str,
}

/// A dashboard in one model, whatever layout it was saved in.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub title: String,
    /// JSON pointer of the dashboard object: empty, `/dashboard` or `/spec`.
    pub pointer: String,
    /// The dashboard object (the document, the export wrapper's `dashboard`, or `spec`).
    pub span: Span,
    /// Where findings about the dashboard as a whole point: its `title` value, else the
    /// start of the object.
    pub title_span: Span,
    /// `editable: true`, and the span of that value.
    pub editable: Option<Span>,
    /// Every non-row panel, in file order, row children included.
    pub panels: Vec<Panel>,
    pub variables: Vec<Variable>,
    pub inputs: Vec<Input>,
    /// The datasource plugin ids `__requires` lists.
    pub required_datasources: Vec<String>,
    /// Datasource references outside panels: annotations and query variables.
    pub other_refs: Vec<OtherRef>,
}

/// A datasource reference of an annotation or template variable.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherRef {
    /// What holds it, e.g. `annotation "Deploys"` or `variable "job"`.
    pub owner: String,
    pub pointer: String,
    pub datasource: DsRef,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// JSON pointer, e.g. `/panels/3/panels/0` or `/rows/1/panels/2`.
    pub pointer: String,
    /// `id`, when it is an integer.
    pub id: Option<i64>,
    /// The plugin id (`timeseries`, `graph`, ...); empty when a library panel's model is
    /// not in the file.
    pub type_: String,
    pub title: String,
    pub description: String,
    /// Where findings about the panel point: its `title` value, else its start.
    pub span: Span,
    /// The title of the row it sits in, if any.
    pub row: Option<String>,
    pub datasource: Option<DsRef>,
    /// The span of the panel's `datasource` value, or the panel's own.
    pub datasource_span: Span,
    pub targets: Vec<Target>,
    /// Whether the panel has a `targets` array (an empty one counts).
    pub has_targets: bool,
    /// The unit the panel displays and the span of its value (see [`panel_unit`]).
    pub unit: Option<(String, Span)>,
    /// Whether value mappings are set (non-empty, in the defaults or an override).
    pub has_mappings: bool,
    /// `options.reduceOptions.fields`: a stat panel showing non-numeric fields sets it.
    pub reduce_fields: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub pointer: String,
    /// Position in the panel's `targets` array (what `.lint` files call `targetIdx`).
    pub index: usize,
    pub ref_id: String,
    /// `hide: true`: Grafana does not run the query.
    pub hide: bool,
    /// `panelId` of a target that reuses another panel's results (`-- Dashboard --`).
    pub panel_id: Option<i64>,
    /// The target object.
    pub span: Span,
    /// The query text (`expr`) and the span of its JSON string token.
    pub expr: Option<(String, Span)>,
    pub datasource: Option<DsRef>,
    /// The span of the target's `datasource` value, or the target's own.
    pub datasource_span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub label: String,
    pub type_: String,
    /// The plugin id for `datasource` variables; the definition for others.
    pub query: String,
    /// A representative value for substitution.
    pub values: Vec<String>,
    pub datasource: Option<DsRef>,
    pub multi: bool,
    pub all_value: String,
    /// 0 never, 1 on load, 2 on time range change (older files' booleans read as 0/1).
    pub refresh: i64,
    pub pointer: String,
    /// Where findings about the variable point: its `name` value, else its start.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub name: String,
    pub label: String,
    pub type_: String,
    /// `pluginId` for datasource inputs, `value` for constants.
    pub value: String,
}

/// The query language a target is written in, from its resolved datasource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Language {
    PromQL,
    LogQL,
    /// Another datasource's language; not checked.
    Other,
    /// A datasource known by name or uid only, whose type the dashboard does not tell.
    Unknown,
}

/// Parses dashboard JSON into the normalised model.
pub fn load(text: &str) -> Result<Dashboard, LoadError> {
    let root = json::parse(text).map_err(|e| LoadError {
        pos: Some(e.pos),
        msg: e.msg,
        code: "dashboard/json",
    })?;
    if !root.is_object() {
        return Err(LoadError {
            pos: Some(root.span.start),
            msg: "a dashboard must be a JSON object".into(),
            code: "dashboard/shape",
        });
    }
    let (dash, base) = unwrap_dashboard(&root)?;
    let title = dash.get("title");
    let mut d = Dashboard {
        title: title.and_then(Value::as_str).unwrap_or("").to_string(),
        pointer: base.to_string(),
        span: dash.span,
        title_span: title.map_or(Span::point(dash.span.start), |t| t.span),
        editable: dash
            .get("editable")
            .filter(|e| e.kind == Kind::Bool(true))
            .map(|e| e.span),
        panels: Vec::new(),
        variables: variables(text, dash, base),
        inputs: inputs(text, &root, dash),
        required_datasources: required_datasources(&root, dash),
        other_refs: other_refs(text, dash, base),
    };
    let elements = dash.get("__elements").or_else(|| root.get("__elements"));
    let mut walker = Walker {
        src: text,
        out: &mut d.panels,
        elements,
    };
    if let Some(panels) = dash.get("panels").and_then(Value::as_array) {
        walker.panels(panels, &format!("{base}/panels"), None);
    }
    if let Some(rows) = dash.get("rows").and_then(Value::as_array) {
        for (i, row) in rows.iter().enumerate() {
            let title = row.get("title").and_then(|v| v.as_text(text));
            if let Some(panels) = row.get("panels").and_then(Value::as_array) {
                walker.panels(panels, &format!("{base}/rows/{i}/panels"), title);
            }
        }
    }
    Ok(d)
}

/// The dashboard object and its JSON pointer: the document itself, the export wrapper's
/// `dashboard`, or a Kubernetes resource's `spec`.
fn unwrap_dashboard(root: &Value) -> Result<(&Value, &'static str), LoadError> {
    let has_layout = |v: &Value| v.get("panels").is_some() || v.get("rows").is_some();
    if has_layout(root) {
        return Ok((root, ""));
    }
    if let Some(d) = root.get("dashboard").filter(|d| d.is_object()) {
        return Ok((d, "/dashboard"));
    }
    if let Some(spec) = root.get("spec").filter(|s| s.is_object()) {
        if root.get("apiVersion").is_some() {
            if spec.get("elements").is_some() {
                return Err(LoadError {
                    pos: Some(spec.span.start),
                    msg: "the v2 dashboard schema (spec.elements) is not supported yet".into(),
                    code: "dashboard/shape",
                });
            }
            return Ok((spec, "/spec"));
        }
    }
    Ok((root, ""))
}

/// Appends `seg` to a JSON pointer, escaping as RFC 6901 says.
fn pointer(base: &str, seg: &str) -> String {
    format!("{base}/{}", seg.replace('~', "~0").replace('/', "~1"))
}

struct Walker<'a, 'v> {
    src: &'a str,
    out: &'a mut Vec<Panel>,
    elements: Option<&'v Value>,
}

impl<'v> Walker<'_, 'v> {
    /// Walks a `panels[]` array: row panels name the row for the panels after them (or
    /// inside them, when collapsed).
    fn panels(&mut self, panels: &'v [Value], base: &str, row: Option<String>) {
        let src = self.src;
        let mut current_row = row.clone();
        for (i, p) in panels.iter().enumerate() {
            let ptr = format!("{base}/{i}");
            if !p.is_object() {
                continue;
            }
            if p.get("type").and_then(Value::as_str) == Some("row") {
                let title = p.get("title").and_then(|v| v.as_text(src));
                if let Some(children) = p.get("panels").and_then(Value::as_array) {
                    self.panels(children, &format!("{ptr}/panels"), title.clone());
                }
                // Rows do not nest, so a row inside rows[] children keeps the outer one.
                if row.is_none() {
                    current_row = title;
                }
                continue;
            }
            self.panel(p, ptr, current_row.clone());
        }
    }

    fn panel(&mut self, p: &'v Value, ptr: String, row: Option<String>) {
        let src = self.src;
        let library_panel = p
            .get("libraryPanel")
            .and_then(|l| l.get("uid"))
            .and_then(|v| v.as_text(src));
        // A library panel reference carries no query; its model lives in `__elements`.
        let (model, model_ptr) = match (&library_panel, p.get("targets")) {
            (Some(uid), None) => match self
                .elements
                .and_then(|e| e.get(uid))
                .and_then(|e| e.get("model"))
            {
                Some(m) => (m, pointer(&pointer("/__elements", uid), "model")),
                None => (p, ptr.clone()),
            },
            _ => (p, ptr.clone()),
        };
        let text = |k: &str| {
            model
                .get(k)
                .or_else(|| p.get(k))
                .and_then(|v| v.as_text(src))
                .unwrap_or_default()
        };
        let targets = model
            .get("targets")
            .and_then(Value::as_array)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_object())
            .map(|(i, t)| target(src, t, i, format!("{model_ptr}/targets/{i}")))
            .collect();
        let ds = p.get("datasource").or_else(|| model.get("datasource"));
        let field = |k: &str| model.get(k).or_else(|| p.get(k));
        let type_ = text("type");
        self.out.push(Panel {
            pointer: ptr,
            id: p.get("id").and_then(|v| as_int(src, v)),
            title: text("title"),
            description: text("description"),
            span: field("title").map_or(Span::point(p.span.start), |t| t.span),
            row,
            datasource: ds.and_then(DsRef::from_json),
            datasource_span: ds.map_or(p.span, |d| d.span),
            targets,
            has_targets: model.get("targets").and_then(Value::as_array).is_some(),
            unit: panel_unit(model, &type_),
            has_mappings: has_mappings(model),
            reduce_fields: model
                .get("options")
                .and_then(|o| o.get("reduceOptions"))
                .and_then(|r| r.get("fields"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            type_,
        });
    }
}

/// Grafana's refId for a target saved without one: A, B, ... by position.
fn default_ref_id(index: usize) -> String {
    match u8::try_from(index).ok().filter(|&i| i < 26) {
        Some(i) => char::from(b'A' + i).to_string(),
        None => format!("#{}", index + 1),
    }
}

/// An integer written as a JSON number or a numeric string.
fn as_int(src: &str, v: &Value) -> Option<i64> {
    v.as_text(src)?.trim().parse().ok()
}

/// Where findings point inside an object: the value of `key`, else the object's start.
fn anchor(obj: &Value, key: &str) -> Span {
    obj.get(key).map_or(Span::point(obj.span.start), |v| v.span)
}

/// The unit a panel displays: the last `unit` override (as dashboard-linter reads it), else
/// `fieldConfig.defaults.unit`; for panels from before field config, a `graph` panel's
/// left axis format and a `singlestat`'s `format`, which is what Grafana migrates into
/// `defaults.unit`.
pub fn panel_unit(panel: &Value, type_: &str) -> Option<(String, Span)> {
    let fc = panel.get("fieldConfig");
    let non_empty = |v: &Value| {
        v.as_str()
            .filter(|s| !s.is_empty())
            .map(|s| (s.to_string(), v.span))
    };
    let overridden = fc.and_then(|f| override_values(f, "unit").next_back());
    if let Some(u) = overridden.and_then(non_empty) {
        return Some(u);
    }
    if let Some(u) = fc
        .and_then(|f| f.get("defaults"))
        .and_then(|d| d.get("unit"))
        .and_then(non_empty)
    {
        return Some(u);
    }
    let legacy = match type_ {
        "graph" => panel
            .get("yaxes")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|y| y.get("format")),
        "singlestat" => panel.get("format"),
        _ => None,
    };
    legacy.and_then(non_empty)
}

/// The values overrides in field config `fc` give property `id`, in order.
fn override_values<'v>(fc: &'v Value, id: &'v str) -> impl DoubleEndedIterator<Item = &'v Value> {
    fc.get("overrides")
        .and_then(Value::as_array)
        .unwrap_or(&[])
        .iter()
        .flat_map(|o| {
            o.get("properties")
                .and_then(Value::as_array)
                .unwrap_or(&[])
                .iter()
        })
        .filter(move |p| p.get("id").and_then(Value::as_str) == Some(id))
        .filter_map(|p| p.get("value"))
}

/// Whether value mappings are set: a non-empty `mappings` in the defaults, or an override
/// setting them (the empty list Grafana saves on every panel means none).
fn has_mappings(panel: &Value) -> bool {
    let set = |v: &Value| match &v.kind {
        Kind::Array(a) => !a.is_empty(),
        Kind::Null => false,
        _ => true,
    };
    let Some(fc) = panel.get("fieldConfig") else {
        return false;
    };
    let in_defaults = fc
        .get("defaults")
        .and_then(|d| d.get("mappings"))
        .is_some_and(set);
    in_defaults || override_values(fc, "mappings").any(set)
}

fn target(src: &str, t: &Value, index: usize, ptr: String) -> Target {
    let ds = t.get("datasource");
    Target {
        pointer: ptr,
        index,
        hide: t.get("hide").is_some_and(|h| h.kind == Kind::Bool(true)),
        panel_id: t.get("panelId").and_then(|v| as_int(src, v)),
        span: t.span,
        ref_id: t
            .get("refId")
            .and_then(|v| v.as_text(src))
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| default_ref_id(index)),
        expr: t
            .get("expr")
            .and_then(|e| e.as_str().map(|s| (s.to_string(), e.span))),
        datasource: ds.and_then(DsRef::from_json),
        datasource_span: ds.map_or(t.span, |d| d.span),
    }
}

/// Strings of a `current.value`/option value: one string or an array of them.
fn strings(src: &str, v: &Value) -> Vec<String> {
    match &v.kind {
        Kind::Array(a) => a.iter().filter_map(|v| v.as_text(src)).collect(),
        _ => v.as_text(src).into_iter().collect(),
    }
}

fn variables(src: &str, dash: &Value, base: &str) -> Vec<Variable> {
    let list = dash
        .get("templating")
        .and_then(|t| t.get("list"))
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    list.iter()
        .enumerate()
        .filter(|(_, v)| v.is_object())
        .map(|(i, v)| {
            let name = v
                .get("name")
                .and_then(|n| n.as_text(src))
                .unwrap_or_default();
            let type_ = v
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let query = match v.get("query") {
                Some(q) if q.is_object() => q.get("query").and_then(|v| v.as_text(src)),
                Some(q) => q.as_text(src),
                None => None,
            }
            .unwrap_or_default();
            let values = representative(src, v, &type_, &query, &name);
            let refresh = match v.get("refresh").map(|r| &r.kind) {
                Some(Kind::Bool(b)) => i64::from(*b),
                Some(_) => v.get("refresh").and_then(|r| as_int(src, r)).unwrap_or(0),
                None => 0,
            };
            Variable {
                label: v
                    .get("label")
                    .and_then(|l| l.as_text(src))
                    .unwrap_or_default(),
                datasource: v.get("datasource").and_then(DsRef::from_json),
                multi: v.get("multi").is_some_and(|m| m.kind == Kind::Bool(true)),
                all_value: v
                    .get("allValue")
                    .and_then(|a| a.as_text(src))
                    .unwrap_or_default(),
                refresh,
                pointer: format!("{base}/templating/list/{i}"),
                span: anchor(v, "name"),
                name,
                type_,
                query,
                values,
            }
        })
        .collect()
}

/// The value a variable stands for while checking: its saved selection, else its first
/// option, else something of the right shape for its type.
fn representative(src: &str, v: &Value, type_: &str, query: &str, name: &str) -> Vec<String> {
    let all_value = v
        .get("allValue")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(".*");
    let pick = |vals: Vec<String>| -> Vec<String> {
        vals.into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| {
                if s == "$__all" {
                    all_value.to_string()
                } else {
                    s
                }
            })
            .collect()
    };
    let current = pick(
        v.get("current")
            .and_then(|c| c.get("value"))
            .map(|v| strings(src, v))
            .unwrap_or_default(),
    );
    if !current.is_empty() {
        return current;
    }
    let first_option = v
        .get("options")
        .and_then(Value::as_array)
        .and_then(|o| o.first())
        .and_then(|o| o.get("value"))
        .map(|v| strings(src, v))
        .map(pick)
        .unwrap_or_default();
    if !first_option.is_empty() {
        return first_option;
    }
    let first_item = || {
        query
            .split(',')
            .map(|s| s.trim())
            // Custom variables may be written `text : value`.
            .map(|s| s.rsplit(" : ").next().unwrap_or(s).to_string())
            .find(|s| !s.is_empty() && s != "auto")
    };
    let fallback = match type_ {
        "custom" | "interval" => first_item(),
        "constant" | "textbox" => Some(query.to_string()).filter(|q| !q.is_empty()),
        "datasource" => Some(query.to_string()),
        _ => None,
    };
    vec![fallback.unwrap_or_else(|| name.to_string())]
}

fn other_refs(src: &str, dash: &Value, base: &str) -> Vec<OtherRef> {
    let mut out = Vec::new();
    for (section, kind) in [("annotations", "annotation"), ("templating", "variable")] {
        let list = dash
            .get(section)
            .and_then(|t| t.get("list"))
            .and_then(Value::as_array)
            .unwrap_or(&[]);
        for (i, item) in list.iter().enumerate() {
            let Some(ds) = item.get("datasource") else {
                continue;
            };
            let Some(r) = DsRef::from_json(ds) else {
                continue;
            };
            let name = item
                .get("name")
                .and_then(|v| v.as_text(src))
                .unwrap_or_default();
            out.push(OtherRef {
                owner: format!("{kind} {name:?}"),
                pointer: format!("{base}/{section}/list/{i}/datasource"),
                datasource: r,
                span: ds.span,
            });
        }
    }
    out
}

/// The `id`s of `__requires` entries of type `datasource`.
fn required_datasources(root: &Value, dash: &Value) -> Vec<String> {
    let list = root
        .get("__requires")
        .or_else(|| dash.get("__requires"))
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    list.iter()
        .filter(|r| r.get("type").and_then(Value::as_str) == Some("datasource"))
        .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string))
        .collect()
}

fn inputs(src: &str, root: &Value, dash: &Value) -> Vec<Input> {
    let list = root
        .get("__inputs")
        .or_else(|| dash.get("__inputs"))
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    list.iter()
        .filter_map(|i| {
            let field = |k: &str| i.get(k).and_then(|v| v.as_text(src)).unwrap_or_default();
            let type_ = field("type");
            let value = if type_ == "datasource" {
                field("pluginId")
            } else {
                field("value")
            };
            Some(Input {
                name: i.get("name").and_then(Value::as_str)?.to_string(),
                label: field("label"),
                type_,
                value,
            })
        })
        .collect()
}

impl Dashboard {
    /// `dashboard "T", panel "P"` (the panel's pointer when it has no title), the prefix of
    /// findings about a panel.
    pub fn panel_label(&self, panel: &Panel) -> String {
        let title = if panel.title.is_empty() {
            format!("at {}", panel.pointer)
        } else {
            format!("{:?}", panel.title)
        };
        format!("dashboard {:?}, panel {title}", self.title)
    }

    /// The panel whose `id` is `id`.
    pub fn panel_by_id(&self, id: i64) -> Option<&Panel> {
        self.panels.iter().find(|p| p.id == Some(id))
    }

    /// The plugin id a datasource variable or `__inputs` entry named `name` stands for.
    pub fn datasource_plugin(&self, name: &str) -> Option<String> {
        self.variables
            .iter()
            .find(|v| v.name == name && v.type_ == "datasource")
            .map(|v| v.query.clone())
            .or_else(|| {
                self.inputs
                    .iter()
                    .find(|i| i.name == name && i.type_ == "datasource")
                    .map(|i| i.value.clone())
            })
    }

    /// What a datasource reference means here, looking up datasource variables and
    /// `__inputs`.
    pub fn resolve_ref(&self, r: &DsRef) -> Resolved {
        datasource::resolve(r, &|n: &str| self.datasource_plugin(n))
    }

    /// A panel's datasource: its own, else the default.
    pub fn resolve_panel(&self, panel: &Panel) -> Resolved {
        panel
            .datasource
            .as_ref()
            .map_or(Resolved::Default, |r| self.resolve_ref(r))
    }

    /// A target's datasource: its own, else `from_panel`, its panel's resolved one.
    pub fn resolve_target(&self, from_panel: &Resolved, target: &Target) -> Resolved {
        match &target.datasource {
            Some(r) => match self.resolve_ref(r) {
                // A target saying "default" inherits the panel's choice.
                Resolved::Default if *from_panel != Resolved::Mixed => from_panel.clone(),
                other => other,
            },
            None => from_panel.clone(),
        }
    }

    /// The language of a target whose datasource resolved to `r`. The default datasource
    /// is assumed to be Prometheus, as in every dashboard that does not say otherwise. A
    /// datasource known only by name or uid is judged by the name, then by `__inputs`, then
    /// by `__requires` listing exactly one datasource plugin; otherwise it is unknown.
    pub fn language(&self, r: &Resolved) -> Option<Language> {
        let of_plugin = |p: &str| match p {
            "prometheus" => Language::PromQL,
            "loki" => Language::LogQL,
            _ => Language::Other,
        };
        match r {
            Resolved::Plugin(p) => Some(of_plugin(p)),
            Resolved::Default | Resolved::Mixed => Some(Language::PromQL),
            Resolved::Named(n) => {
                let lower = n.to_ascii_lowercase();
                if lower.contains("loki") {
                    return Some(Language::LogQL);
                }
                if lower.contains("prom") {
                    return Some(Language::PromQL);
                }
                if let Some(i) = self
                    .inputs
                    .iter()
                    .find(|i| i.type_ == "datasource" && (i.name == *n || i.label == *n))
                {
                    return Some(of_plugin(&i.value));
                }
                match self.required_datasources.as_slice() {
                    [only] => Some(of_plugin(only)),
                    _ => Some(Language::Unknown),
                }
            }
            Resolved::Builtin | Resolved::Unresolved(_) => None,
        }
    }

    /// The value of variable `name` for substitution: template variables, then constant
    /// `__inputs` (substituted at import).
    pub fn variable_value(&self, name: &str) -> Option<VarValue> {
        if let Some(v) = self.variables.iter().find(|v| v.name == name) {
            return Some(VarValue {
                values: v.values.clone(),
            });
        }
        self.inputs
            .iter()
            .find(|i| i.name == name)
            .map(|i| VarValue {
                values: vec![i.value.clone()],
            })
    }

    /// Substitutes every variable in `expr`.
    pub fn substitute(&self, expr: &str) -> Substituted {
        template::substitute(expr, &|n| self.variable_value(n))
    }

    /// Substitutes every variable in `expr`, with options.
    pub fn substitute_with(&self, expr: &str, opts: template::Options) -> Substituted {
        template::substitute_with(expr, &|n| self.variable_value(n), opts)
    }

    /// The datasource (resolved) and query language of each target of `panel`, in order;
    /// `None` for targets whose datasource does not resolve.
    pub fn target_languages(&self, panel: &Panel) -> Vec<(Resolved, Option<Language>)> {
        let from_panel = self.resolve_panel(panel);
        panel
            .targets
            .iter()
            .map(|t| {
                let r = self.resolve_target(&from_panel, t);
                let lang = self.language(&r);
                (r, lang)
            })
            .collect()
    }
}

/// Maps `span`, bytes of a query whose JSON string token is at `expr_span` in `src`, to
/// bytes of the file (escapes make them differ).
pub fn query_span(src: &str, expr_span: Span, span: Span) -> Span {
    let raw = src.get(expr_span.start..expr_span.end).unwrap_or("");
    let at = |decoded: usize| expr_span.start + json::raw_offset(raw, decoded);
    Span::new(at(span.start), at(span.end.max(span.start)))
}

/// Maps `span`, bytes of `sub` (the substituted text of the query whose JSON string token
/// is at `expr_span` in `src`), back to bytes of the file.
pub fn file_span(src: &str, expr_span: Span, sub: &Substituted, span: Span) -> Span {
    let start = sub.original_offset(span.start);
    let end = sub.original_offset(span.end.max(span.start)).max(start);
    query_span(src, expr_span, Span::new(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_normalise() {
        let text = r#"{"dashboard": {"title": "T", "schemaVersion": 39,
          "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus"}]},
          "panels": [
            {"type": "row", "title": "R1", "panels": []},
            {"type": "graph", "title": "A", "targets": [{"refId": "A", "expr": "up"}]},
            {"type": "row", "title": "R2", "collapsed": true, "panels": [
               {"type": "stat", "title": "B", "datasource": "$datasource",
                "targets": [{"refId": "B", "expr": "x"}]}]}]}}"#;
        let d = load(text).unwrap();
        assert_eq!(d.title, "T");
        assert_eq!(d.panels.len(), 2);
        assert_eq!(d.panels[0].row.as_deref(), Some("R1"));
        assert_eq!(d.panels[0].pointer, "/dashboard/panels/1");
        assert_eq!(d.panels[1].pointer, "/dashboard/panels/2/panels/0");
        assert_eq!(d.panels[1].row.as_deref(), Some("R2"));
        let (p, t) = (&d.panels[1], &d.panels[1].targets[0]);
        assert_eq!(
            d.resolve_target(&d.resolve_panel(p), t),
            Resolved::Plugin("prometheus".into())
        );
        assert_eq!(t.pointer, "/dashboard/panels/2/panels/0/targets/0");
    }

    #[test]
    fn legacy_rows_inputs_and_library_panels() {
        let text = r#"{"__inputs": [{"name": "DS_X", "type": "datasource", "pluginId": "loki"}],
          "__elements": {"lib1": {"model": {"type": "graph", "title": "Lib",
              "targets": [{"refId": "A", "expr": "up"}]}}},
          "rows": [{"title": "Row", "panels": [
             {"title": "P", "datasource": "${DS_X}", "targets": [{"refId": "A", "expr": "{a=\"b\"}"}]},
             {"libraryPanel": {"uid": "lib1"}}]}]}"#;
        let d = load(text).unwrap();
        assert_eq!(d.panels.len(), 2);
        let p = &d.panels[0];
        assert_eq!(p.pointer, "/rows/0/panels/0");
        assert_eq!(
            d.resolve_target(&d.resolve_panel(p), &p.targets[0]),
            Resolved::Plugin("loki".into())
        );
        let lib = &d.panels[1];
        assert_eq!(lib.title, "Lib");
        assert_eq!(lib.targets[0].pointer, "/__elements/lib1/model/targets/0");
    }

    #[test]
    fn bad_documents() {
        assert!(load("[]").unwrap_err().msg.contains("JSON object"));
        assert_eq!(load("[]").unwrap_err().code, "dashboard/shape");
        assert_eq!(load("{\"a\" 1}").unwrap_err().pos, Some(5));
        assert_eq!(load("{\"a\" 1}").unwrap_err().code, "dashboard/json");
        assert!(load("{}").unwrap().panels.is_empty());
        let refs =
            r#"{"panels": [], "annotations": {"list": [{"name": "A", "datasource": "$x"}]}}"#;
        let d = load(refs).unwrap();
        assert_eq!(d.other_refs[0].owner, "annotation \"A\"");
        assert_eq!(d.other_refs[0].pointer, "/annotations/list/0/datasource");
        let k8s = r#"{"apiVersion": "dashboard.grafana.app/v1beta1", "kind": "Dashboard",
          "spec": {"title": "K", "panels": [{"type": "graph", "targets": [{"expr": "up"}]}]}}"#;
        let d = load(k8s).unwrap();
        assert_eq!(d.title, "K");
        assert_eq!(d.panels[0].targets[0].pointer, "/spec/panels/0/targets/0");
        assert_eq!(d.panels[0].targets[0].ref_id, "A");
        let v2 = r#"{"apiVersion": "dashboard.grafana.app/v2beta1", "spec": {"elements": {}}}"#;
        assert!(load(v2).unwrap_err().msg.contains("v2"));
        assert_eq!(load(v2).unwrap_err().code, "dashboard/shape");
    }

    #[test]
    fn representative_values() {
        let text = r#"{"panels": [], "templating": {"list": [
          {"name": "a", "type": "query", "current": {"value": ["$__all"]}, "allValue": ".+"},
          {"name": "b", "type": "custom", "query": "x : 1m, y : 5m"},
          {"name": "c", "type": "query", "current": {}},
          {"name": "d", "type": "interval", "query": "auto,1m,10m"}]}}"#;
        let d = load(text).unwrap();
        let vals: Vec<_> = d.variables.iter().map(|v| v.values.join(",")).collect();
        assert_eq!(vals, [".+", "1m", "c", "1m"]);
    }
}
