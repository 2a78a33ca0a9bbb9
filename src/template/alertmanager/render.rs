//! Loading Alertmanager's templates and rendering a string with them, as
//! prometheus/alertmanager `template.FromGlobs` and `Template.ExecuteTextString` /
//! `ExecuteHTMLString` do (HEAD), including the per-render `routeLabels` function.

use std::cell::RefCell;
use std::path::Path;

use super::data::{Data, Kv};
use super::new_templates;
use crate::template::exec::Templates;
use crate::template::{html, Value};

/// Alertmanager's built-in templates, parsed before any user file (upstream
/// template/default.tmpl and template/email.tmpl; see the NOTICE next to them).
pub const DEFAULT_TMPL: &str = include_str!("default.tmpl");
pub const EMAIL_TMPL: &str = include_str!("email.tmpl");

/// Whether a string is rendered by text/template or html/template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Html,
}

/// Why loading templates failed: a file could not be read (an I/O problem) or did not
/// parse (Go's `template: FILE:LINE: ...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Io(String),
    Parse(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(m) | LoadError::Parse(m) => f.write_str(m),
        }
    }
}

/// `template.FromGlobs`: the built-in templates, then each glob's files in order (a glob
/// matching nothing is fine; later definitions replace earlier ones). Files are named by
/// their base name, as Go's `ParseGlob` names them.
pub fn from_globs(globs: &[String]) -> Result<Templates, LoadError> {
    let mut t = new_templates();
    for src in [DEFAULT_TMPL, EMAIL_TMPL] {
        t.parse("", src).map_err(|e| LoadError::Parse(e.message))?;
    }
    for g in globs {
        for path in crate::glob::glob(Path::new(g)) {
            let text = std::fs::read_to_string(&path).map_err(|e| {
                LoadError::Io(format!(
                    "open {}: {}",
                    path.display(),
                    crate::gostr::errno_text(&e)
                ))
            })?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            t.parse(&name, &text)
                .map_err(|e| LoadError::Parse(e.message))?;
        }
    }
    Ok(t)
}

/// `ExecuteTextString` / `ExecuteHTMLString`: `text` parsed as a new anonymous template in a
/// copy of `t` and executed with `data`. Empty text renders as empty.
pub fn render(t: &Templates, text: &str, data: &Data, kind: Kind) -> Result<String, String> {
    if text.is_empty() {
        return Ok(String::new());
    }
    let resolver = RouteLabels {
        templates: t,
        data,
        kind,
        memo: RefCell::new(Vec::new()),
        stack: RefCell::new(Vec::new()),
    };
    resolver.exec(text)
}

/// The dispatcher's rendering of a group's route labels (`RouteLabelRenderer`): each value
/// rendered as text against `data`, all through one resolver so labels that refer to each
/// other are rendered once. A label that fails is left out and returned with its error, as
/// Alertmanager logs it and goes on.
pub fn render_route_labels(t: &Templates, data: &Data) -> (Kv, Vec<(String, String)>) {
    let resolver = RouteLabels {
        templates: t,
        data,
        kind: Kind::Text,
        memo: RefCell::new(Vec::new()),
        stack: RefCell::new(Vec::new()),
    };
    let mut rendered = Kv::new();
    let mut failed = Vec::new();
    for name in data.route_labels.keys() {
        match resolver.resolve(name) {
            Ok(v) => {
                rendered.insert(name.clone(), v);
            }
            Err(e) => failed.push((name.clone(), e)),
        }
    }
    (rendered, failed)
}

/// The `routeLabels` function of one render: renders a route label's (templated) value
/// once, and reports cycles instead of recursing forever.
struct RouteLabels<'a> {
    templates: &'a Templates,
    data: &'a Data,
    kind: Kind,
    memo: RefCell<Vec<(String, String)>>,
    stack: RefCell<Vec<String>>,
}

impl RouteLabels<'_> {
    fn exec(&self, text: &str) -> Result<String, String> {
        let mut t = self.templates.clone();
        t.parse("", text).map_err(|e| e.message)?;
        if self.kind == Kind::Html {
            html::escape(&mut t, "").map_err(|e| e.to_string())?;
        }
        let extra = |name: &str, args: &[Value]| -> Option<Result<Value, String>> {
            (name == "routeLabels").then(|| match args {
                [Value::String(label)] => self.resolve(label).map(Value::from),
                _ => Err(format!(
                    "wrong number of args for routeLabels: want 1 got {}",
                    args.len()
                )),
            })
        };
        t.execute_with("", &self.data.to_value(), &extra)
            .map_err(|e| e.message)
    }

    fn resolve(&self, name: &str) -> Result<String, String> {
        let Some(raw) = self.data.route_labels.get(name) else {
            return Ok(String::new());
        };
        if self.data.route_labels_rendered {
            return Ok(raw.clone());
        }
        if let Some((_, v)) = self.memo.borrow().iter().find(|(n, _)| n == name) {
            return Ok(v.clone());
        }
        if self.stack.borrow().iter().any(|n| n == name) {
            let mut chain = self.stack.borrow().clone();
            chain.push(name.to_string());
            return Err(format!(
                "route label cycle detected: {}",
                chain.join(" -> ")
            ));
        }
        if raw.is_empty() {
            return Ok(String::new());
        }
        self.stack.borrow_mut().push(name.to_string());
        let r = self.exec(raw);
        self.stack.borrow_mut().pop();
        let v = r?;
        self.memo.borrow_mut().push((name.to_string(), v.clone()));
        Ok(v)
    }
}
