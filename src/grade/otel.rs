//! Static analysis of a Python service's OpenTelemetry tracing setup, on python.rs's tokens
//! (so comments and strings never count as code): what it imports, the Resource and its
//! `service.name`, the TracerProvider installed globally, the exporter its span processor
//! sends to and that exporter's endpoint, and the Flask/Requests instrumentors it calls.
//! String values (`os.getenv("SERVICE_NAME", "frontend")`, `x + "/v1/traces"`) are
//! evaluated against the environment docker-compose.yml gives the service's container.

use std::collections::HashMap;

use super::python::{call_args, string_value, tokenize, Pos, Tok, Token};

const TRACE: &str = "opentelemetry.trace";
const TRACER_PROVIDER: &str = "opentelemetry.sdk.trace.TracerProvider";
const RESOURCE: &str = "opentelemetry.sdk.resources.Resource";
const FLASK: &str = "opentelemetry.instrumentation.flask.FlaskInstrumentor";
const REQUESTS: &str = "opentelemetry.instrumentation.requests.RequestsInstrumentor";

/// The three imports run.py requires, as the dotted names they bind.
pub const REQUIRED_IMPORTS: [(&str, &str); 3] = [
    (TRACE, "from opentelemetry import trace"),
    (
        TRACER_PROVIDER,
        "from opentelemetry.sdk.trace import TracerProvider",
    ),
    (RESOURCE, "from opentelemetry.sdk.resources import Resource"),
];

/// Where spans go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExporterKind {
    OtlpHttp,
    OtlpGrpc,
    JaegerThrift,
    JaegerGrpc,
    Console,
}

impl ExporterKind {
    fn from_qualname(q: &str) -> Option<ExporterKind> {
        Some(match q {
            "opentelemetry.exporter.otlp.proto.http.trace_exporter.OTLPSpanExporter" => {
                ExporterKind::OtlpHttp
            }
            "opentelemetry.exporter.otlp.proto.grpc.trace_exporter.OTLPSpanExporter" => {
                ExporterKind::OtlpGrpc
            }
            "opentelemetry.exporter.jaeger.thrift.JaegerExporter" => ExporterKind::JaegerThrift,
            "opentelemetry.exporter.jaeger.proto.grpc.JaegerExporter" => ExporterKind::JaegerGrpc,
            "opentelemetry.sdk.trace.export.ConsoleSpanExporter" => ExporterKind::Console,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ExporterKind::OtlpHttp => "OTLP/HTTP exporter",
            ExporterKind::OtlpGrpc => "OTLP/gRPC exporter",
            ExporterKind::JaegerThrift => "Jaeger Thrift exporter",
            ExporterKind::JaegerGrpc => "Jaeger gRPC exporter",
            ExporterKind::Console => "ConsoleSpanExporter",
        }
    }
}

/// A token range `[start, end)` holding an expression.
type Range = (usize, usize);

/// A call found in the code.
#[derive(Debug, Clone)]
pub struct Call {
    pub at: Pos,
    /// The index of the callee's first token.
    start: usize,
    /// The variable the result is assigned to at module level.
    pub var: Option<String>,
    /// The index of the `(`.
    open: usize,
}

/// A value worked out from the code and the container's environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    /// How it was found, e.g. `SERVICE_NAME=frontend from docker-compose.yml`.
    pub via: Vec<String>,
}

/// An exporter with the endpoint it sends to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub kind: ExporterKind,
    pub at: Pos,
    /// A URL, or `host:port` for the gRPC and agent forms; `None` when it cannot be worked
    /// out statically.
    pub target: Option<Value>,
}

/// What a service's source sets up.
#[derive(Debug, Clone)]
pub struct Setup {
    toks: Vec<Token>,
    /// Local name → the dotted name it is bound to.
    imports: HashMap<String, (String, Pos)>,
    /// Module-level `NAME = expr`, the last one for each name.
    assigns: HashMap<String, Range>,
    pub resources: Vec<Call>,
    pub providers: Vec<Call>,
    pub set_provider: Vec<Call>,
    /// `X.add_span_processor(Processor(exporter))` calls: the receiver and the exporter.
    processors: Vec<(Call, Option<String>, Option<Range>)>,
    exporters: Vec<(ExporterKind, Call)>,
    pub flask: Option<Pos>,
    pub requests: Option<Pos>,
}

fn pos(t: &Token) -> Pos {
    Pos {
        line: t.line,
        col: t.col,
    }
}

impl Setup {
    pub fn analyze(src: &str) -> Setup {
        let toks = tokenize(src);
        let mut s = Setup {
            toks,
            imports: HashMap::new(),
            assigns: HashMap::new(),
            resources: Vec::new(),
            providers: Vec::new(),
            set_provider: Vec::new(),
            processors: Vec::new(),
            exporters: Vec::new(),
            flask: None,
            requests: None,
        };
        s.read_imports();
        s.read_assigns();
        s.read_calls();
        s
    }

    fn name_at(&self, i: usize) -> Option<&str> {
        match self.toks.get(i).map(|t| &t.tok) {
            Some(Tok::Name(n)) => Some(n),
            _ => None,
        }
    }

    fn op_at(&self, i: usize, op: &str) -> bool {
        matches!(self.toks.get(i).map(|t| &t.tok), Some(Tok::Op(o)) if *o == op)
    }

    fn end_of_line(&self, mut i: usize) -> usize {
        while i < self.toks.len() && self.toks[i].tok != Tok::Newline {
            i += 1;
        }
        i
    }

    /// A dotted name `a.b.c` from `i`, and the index after it.
    fn dotted(&self, mut i: usize) -> (String, usize) {
        let mut parts = Vec::new();
        while let Some(n) = self.name_at(i) {
            parts.push(n.to_string());
            if self.op_at(i + 1, ".") && self.name_at(i + 2).is_some() {
                i += 2;
            } else {
                i += 1;
                break;
            }
        }
        (parts.join("."), i)
    }

    fn read_imports(&mut self) {
        for i in 0..self.toks.len() {
            if !self.toks[i].first {
                continue;
            }
            let end = self.end_of_line(i);
            if self.name_at(i) == Some("from") {
                let (module, mut j) = self.dotted(i + 1);
                if self.name_at(j) != Some("import") {
                    continue;
                }
                j += 1;
                while j < end {
                    if let Some(n) = self.name_at(j) {
                        let (local, next) = if self.name_at(j + 1) == Some("as") {
                            (self.name_at(j + 2).unwrap_or(n), j + 3)
                        } else {
                            (n, j + 1)
                        };
                        let bound = format!("{module}.{n}");
                        self.imports
                            .insert(local.to_string(), (bound, pos(&self.toks[i])));
                        j = next;
                    } else {
                        j += 1;
                    }
                }
            } else if self.name_at(i) == Some("import") {
                let mut j = i + 1;
                while j < end {
                    let (module, next) = self.dotted(j);
                    if module.is_empty() {
                        j += 1;
                        continue;
                    }
                    let at = pos(&self.toks[i]);
                    if self.name_at(next) == Some("as") {
                        if let Some(local) = self.name_at(next + 1) {
                            self.imports.insert(local.to_string(), (module, at));
                        }
                        j = next + 2;
                    } else {
                        // `import a.b` binds `a`, through which `a.b` is reached; the
                        // whole name is kept too (never a local name) for `import_of`.
                        let top = module.split('.').next().unwrap_or_default().to_string();
                        self.imports.insert(top.clone(), (top, at));
                        self.imports.insert(module.clone(), (module, at));
                        j = next;
                    }
                }
            }
        }
    }

    fn read_assigns(&mut self) {
        for i in 0..self.toks.len() {
            let t = &self.toks[i];
            if t.first && t.indent == 0 && self.op_at(i + 1, "=") {
                if let Some(n) = self.name_at(i) {
                    let end = self.end_of_line(i);
                    self.assigns.insert(n.to_string(), (i + 2, end));
                }
            }
        }
    }

    /// The dotted name an expression starting at `i` refers to, with imports applied:
    /// `trace.set_tracer_provider` → `opentelemetry.trace.set_tracer_provider`.
    fn qualname(&self, i: usize) -> Option<(String, usize)> {
        if self.op_at(i.wrapping_sub(1), ".") {
            return None;
        }
        let (d, next) = self.dotted(i);
        let (head, rest) = d.split_once('.').unwrap_or((&d, ""));
        let (bound, _) = self.imports.get(head)?;
        let q = if rest.is_empty() {
            bound.clone()
        } else {
            format!("{bound}.{rest}")
        };
        Some((q, next))
    }

    /// Whether the first import binding `dotted` (or a module it is reached through) exists.
    pub fn import_of(&self, dotted: &str) -> Option<Pos> {
        self.imports
            .values()
            .filter(|(b, _)| b == dotted)
            .map(|(_, p)| *p)
            .min_by_key(|p| (p.line, p.col))
    }

    fn assigned_var(&self, start: usize) -> Option<String> {
        let t = self.toks.get(start)?;
        if !t.first && start >= 2 && self.op_at(start - 1, "=") && self.toks[start - 2].first {
            return self.name_at(start - 2).map(str::to_string);
        }
        None
    }

    fn read_calls(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            let Some((q, next)) = self.qualname(i) else {
                i += 1;
                continue;
            };
            if !self.op_at(next, "(") {
                i = next.max(i + 1);
                continue;
            }
            let call = Call {
                at: pos(&self.toks[i]),
                start: i,
                var: self.assigned_var(i),
                open: next,
            };
            // `Instrumentor().method(`
            let method = (self.op_at(next + 1, ")") && self.op_at(next + 2, "."))
                .then(|| self.name_at(next + 3))
                .flatten()
                .filter(|_| self.op_at(next + 4, "("));
            match q.as_str() {
                RESOURCE | "opentelemetry.sdk.resources.Resource.create" => {
                    self.resources.push(call)
                }
                TRACER_PROVIDER => self.providers.push(call),
                "opentelemetry.trace.set_tracer_provider" => self.set_provider.push(call),
                FLASK if matches!(method, Some("instrument_app" | "instrument")) => {
                    self.flask.get_or_insert(call.at);
                }
                REQUESTS if method == Some("instrument") => {
                    self.requests.get_or_insert(call.at);
                }
                _ => {
                    if let Some(kind) = ExporterKind::from_qualname(&q) {
                        self.exporters.push((kind, call));
                    }
                }
            }
            // Calls nested in the arguments are read too.
            i = next + 1;
        }
        // `provider.add_span_processor(BatchSpanProcessor(exporter))`.
        for i in 0..self.toks.len() {
            if self.name_at(i) != Some("add_span_processor")
                || !self.op_at(i + 1, "(")
                || !self.op_at(i.wrapping_sub(1), ".")
            {
                continue;
            }
            let receiver = self.name_at(i.wrapping_sub(2)).map(str::to_string);
            let args = call_args(&self.toks, i + 1);
            let exporter = args.positional.first().and_then(|p| {
                // The processor's own first argument.
                let start = self.index_of(p)?;
                let (q, next) = self.qualname(start)?;
                if !q.starts_with("opentelemetry.sdk.trace.export.") || !self.op_at(next, "(") {
                    return None;
                }
                let inner = call_args(&self.toks, next);
                let first = inner.positional.first().copied().or_else(|| {
                    inner
                        .keyword
                        .iter()
                        .find(|(k, _)| *k == "span_exporter")
                        .map(|(_, v)| *v)
                })?;
                let s = self.index_of(first)?;
                Some((s, s + first.len()))
            });
            let call = Call {
                at: pos(&self.toks[i]),
                start: i,
                var: None,
                open: i + 1,
            };
            self.processors.push((call, receiver, exporter));
        }
    }

    /// The index in `toks` of a sub-slice taken from it.
    fn index_of(&self, slice: &[Token]) -> Option<usize> {
        let first = slice.first()?;
        let base = self.toks.as_ptr() as usize;
        let at = first as *const Token as usize;
        let i = at.checked_sub(base)? / std::mem::size_of::<Token>();
        (i < self.toks.len()).then_some(i)
    }

    fn range_of(&self, slice: &[Token]) -> Option<Range> {
        self.index_of(slice).map(|s| (s, s + slice.len()))
    }

    /// A keyword argument, or the positional one at `index`.
    fn arg(&self, call: &Call, keyword: &str, index: Option<usize>) -> Option<Range> {
        let args = call_args(&self.toks, call.open);
        args.keyword
            .iter()
            .find(|(k, _)| *k == keyword)
            .map(|(_, v)| *v)
            .or_else(|| index.and_then(|i| args.positional.get(i).copied()))
            .and_then(|s| self.range_of(s))
    }

    /// Evaluates a string expression: literals, `+`, module-level names, `str(...)`,
    /// `os.getenv`/`os.environ.get`/`os.environ[...]` against `env`.
    pub fn eval(&self, r: Range, env: &dyn Fn(&str) -> Option<String>) -> Option<Value> {
        self.eval_depth(r, env, 0)
    }

    fn eval_depth(
        &self,
        (start, end): Range,
        env: &dyn Fn(&str) -> Option<String>,
        depth: usize,
    ) -> Option<Value> {
        if depth > 8 || start >= end || end > self.toks.len() {
            return None;
        }
        // Terms split on `+` outside brackets.
        let mut terms = Vec::new();
        let mut level = 0usize;
        let mut from = start;
        for i in start..end {
            match self.toks[i].tok {
                Tok::Op("(" | "[" | "{") => level += 1,
                Tok::Op(")" | "]" | "}") => level = level.saturating_sub(1),
                Tok::Op("+") if level == 0 => {
                    terms.push((from, i));
                    from = i + 1;
                }
                _ => {}
            }
        }
        terms.push((from, end));
        let mut out = Value {
            text: String::new(),
            via: Vec::new(),
        };
        for t in terms {
            let v = self.term(t, env, depth)?;
            out.text.push_str(&v.text);
            out.via.extend(v.via);
        }
        Some(out)
    }

    fn term(
        &self,
        (start, end): Range,
        env: &dyn Fn(&str) -> Option<String>,
        depth: usize,
    ) -> Option<Value> {
        let slice = &self.toks[start..end];
        if let Some(s) = string_value(slice) {
            return Some(Value {
                text: s,
                via: Vec::new(),
            });
        }
        let (d, next) = self.dotted(start);
        // A module-level name.
        if next == end && !d.contains('.') {
            let r = *self.assigns.get(&d)?;
            return self.eval_depth(r, env, depth + 1);
        }
        let getenv = matches!(
            d.as_str(),
            "os.getenv" | "os.environ.get" | "getenv" | "environ.get"
        );
        if getenv && self.op_at(next, "(") {
            let args = call_args(&self.toks, next);
            if args.end + 1 != end {
                return None;
            }
            let name = string_value(args.positional.first()?)?;
            if let Some(v) = env(&name) {
                return Some(Value {
                    via: vec![format!("{name}={v} from docker-compose.yml")],
                    text: v,
                });
            }
            let default = args.positional.get(1).copied().or_else(|| {
                args.keyword
                    .iter()
                    .find(|(k, _)| *k == "default")
                    .map(|(_, v)| *v)
            })?;
            let mut v = self.eval_depth(self.range_of(default)?, env, depth + 1)?;
            v.via.insert(
                0,
                format!("{name} unset in docker-compose.yml, the default"),
            );
            return Some(v);
        }
        if matches!(d.as_str(), "os.environ" | "environ") && self.op_at(next, "[") {
            let name = string_value(self.toks.get(next + 1..end.saturating_sub(1))?)?;
            let v = env(&name)?;
            return Some(Value {
                via: vec![format!("{name}={v} from docker-compose.yml")],
                text: v,
            });
        }
        if d == "str" && self.op_at(next, "(") && self.op_at(end - 1, ")") {
            return self.eval_depth((next + 1, end - 1), env, depth + 1);
        }
        None
    }

    /// The call a name or an inline call in `r` stands for, among `calls`.
    fn call_in<'a>(&self, r: Range, calls: &'a [Call]) -> Option<&'a Call> {
        if r.1 == r.0 + 1 {
            let n = self.name_at(r.0)?;
            return calls.iter().rev().find(|c| c.var.as_deref() == Some(n));
        }
        calls
            .iter()
            .find(|c| c.start == r.0 && call_args(&self.toks, c.open).end + 1 == r.1)
    }

    /// The TracerProvider installed with `trace.set_tracer_provider(...)`.
    pub fn installed_provider(&self) -> Option<&Call> {
        self.set_provider.iter().find_map(|s| {
            let r = self.arg(s, "tracer_provider", Some(0))?;
            self.call_in(r, &self.providers)
        })
    }

    /// The Resource given to a provider, when one is.
    pub fn provider_resource(&self, provider: &Call) -> Option<&Call> {
        let r = self.arg(provider, "resource", Some(1))?;
        self.call_in(r, &self.resources)
    }

    /// Where the provider's `resource=` argument is, when it is something else.
    pub fn provider_has_resource_arg(&self, provider: &Call) -> bool {
        self.arg(provider, "resource", Some(1)).is_some()
    }

    /// The `service.name` a Resource sets, as an expression range.
    pub fn service_name_expr(&self, resource: &Call) -> Option<Range> {
        let mut r = self.arg(resource, "attributes", Some(0))?;
        // A dict held in a module-level variable.
        if r.1 == r.0 + 1 {
            r = *self.assigns.get(self.name_at(r.0)?)?;
        }
        if !self.op_at(r.0, "{") {
            return None;
        }
        let args = call_args(&self.toks, r.0);
        let entries = args.positional;
        entries.iter().find_map(|e| {
            let colon = e
                .iter()
                .position(|t| t.tok == Tok::Op(":"))
                .filter(|&c| c > 0)?;
            let key = &e[..colon];
            let is_name_key = string_value(key).as_deref() == Some("service.name")
                || self.range_of(key).is_some_and(|(s, end)| {
                    self.qualname(s).is_some_and(|(q, next)| {
                        next == end
                            && (q == "opentelemetry.sdk.resources.SERVICE_NAME"
                                || q.ends_with("ResourceAttributes.SERVICE_NAME"))
                    })
                });
            if !is_name_key {
                return None;
            }
            self.range_of(&e[colon + 1..])
        })
    }

    /// The exporters wired to `provider` through `add_span_processor`.
    pub fn provider_exporters(&self, provider: &Call) -> Vec<(ExporterKind, &Call)> {
        let exporter_calls: Vec<Call> = self.exporters.iter().map(|(_, c)| c.clone()).collect();
        let mut out = Vec::new();
        for (_, receiver, exporter) in &self.processors {
            let to_provider = match receiver.as_deref() {
                Some(r) => provider.var.as_deref() == Some(r),
                // `trace.get_tracer_provider().add_span_processor(...)`.
                None => true,
            };
            if !to_provider {
                continue;
            }
            let Some(r) = exporter else { continue };
            if let Some(c) = self.call_in(*r, &exporter_calls) {
                if let Some((k, call)) = self.exporters.iter().find(|(_, e)| e.open == c.open) {
                    out.push((*k, call));
                }
            }
        }
        out
    }

    /// Where an exporter sends spans, with the SDK's defaults and environment variables.
    pub fn endpoint(
        &self,
        kind: ExporterKind,
        call: &Call,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Endpoint {
        let arg = |k: &str, i: Option<usize>| self.arg(call, k, i).and_then(|r| self.eval(r, env));
        let from_env = |names: &[&str]| {
            names.iter().find_map(|n| {
                env(n).map(|v| Value {
                    via: vec![format!("{n}={v} from docker-compose.yml")],
                    text: v,
                })
            })
        };
        let default = |t: &str| Value {
            text: t.to_string(),
            via: vec!["the exporter's default".into()],
        };
        let explicit = self.arg(call, "endpoint", Some(0)).is_some();
        let target = match kind {
            ExporterKind::OtlpHttp => {
                if explicit {
                    arg("endpoint", Some(0))
                } else {
                    from_env(&["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
                        .or_else(|| {
                            from_env(&["OTEL_EXPORTER_OTLP_ENDPOINT"]).map(|mut v| {
                                v.text = format!("{}/v1/traces", v.text.trim_end_matches('/'));
                                v
                            })
                        })
                        .or_else(|| Some(default("http://localhost:4318/v1/traces")))
                }
            }
            ExporterKind::OtlpGrpc => {
                if explicit {
                    arg("endpoint", Some(0))
                } else {
                    from_env(&[
                        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                        "OTEL_EXPORTER_OTLP_ENDPOINT",
                    ])
                    .or_else(|| Some(default("http://localhost:4317")))
                }
            }
            ExporterKind::JaegerThrift => {
                if self.arg(call, "collector_endpoint", None).is_some() {
                    arg("collector_endpoint", None)
                } else if let Some(v) = from_env(&["OTEL_EXPORTER_JAEGER_ENDPOINT"]) {
                    Some(v)
                } else {
                    let host = if self.arg(call, "agent_host_name", Some(0)).is_some() {
                        arg("agent_host_name", Some(0))
                    } else {
                        from_env(&["OTEL_EXPORTER_JAEGER_AGENT_HOST"])
                            .or_else(|| Some(default("localhost")))
                    };
                    let port = match self.arg(call, "agent_port", Some(1)) {
                        Some((s, e)) if e == s + 1 => match &self.toks[s].tok {
                            Tok::Num(n) => Some(n.clone()),
                            _ => None,
                        },
                        Some(_) => None,
                        None => from_env(&["OTEL_EXPORTER_JAEGER_AGENT_PORT"])
                            .map(|v| v.text)
                            .or(Some("6831".into())),
                    };
                    host.zip(port).map(|(mut h, p)| {
                        h.text = format!("{}:{p}", h.text);
                        h
                    })
                }
            }
            ExporterKind::JaegerGrpc => {
                if self.arg(call, "collector_endpoint", Some(0)).is_some() {
                    arg("collector_endpoint", Some(0))
                } else {
                    from_env(&["OTEL_EXPORTER_JAEGER_ENDPOINT"])
                        .or_else(|| Some(default("localhost:14250")))
                }
            }
            ExporterKind::Console => None,
        };
        Endpoint {
            kind,
            at: call.at,
            target,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLUTION: &str = r#"
import os
from flask import Flask
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.instrumentation.flask import FlaskInstrumentor
from opentelemetry.instrumentation.requests import RequestsInstrumentor

app = Flask(__name__)
SERVICE_NAME = os.getenv("SERVICE_NAME", "frontend")

resource = Resource.create({
    "service.name": SERVICE_NAME,
})
provider = TracerProvider(resource=resource)
exporter = OTLPSpanExporter(
    endpoint=os.getenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318") + "/v1/traces"
)
provider.add_span_processor(BatchSpanProcessor(exporter))
trace.set_tracer_provider(provider)
FlaskInstrumentor().instrument_app(app)
RequestsInstrumentor().instrument()
"#;

    fn compose_env(k: &str) -> Option<String> {
        match k {
            "SERVICE_NAME" => Some("frontend".into()),
            "OTEL_EXPORTER_OTLP_ENDPOINT" => Some("http://jaeger:4318".into()),
            _ => None,
        }
    }

    #[test]
    fn the_whole_setup_is_followed() {
        let s = Setup::analyze(SOLUTION);
        for (dotted, _) in REQUIRED_IMPORTS {
            assert!(s.import_of(dotted).is_some(), "{dotted}");
        }
        let p = s.installed_provider().expect("installed");
        assert_eq!(p.var.as_deref(), Some("provider"));
        let r = s.provider_resource(p).expect("resource");
        let name = s
            .eval(s.service_name_expr(r).expect("service.name"), &compose_env)
            .expect("value");
        assert_eq!(name.text, "frontend");
        assert_eq!(name.via, ["SERVICE_NAME=frontend from docker-compose.yml"]);
        let none = |_: &str| None;
        let default = s.eval(s.service_name_expr(r).expect("expr"), &none);
        assert_eq!(default.map(|v| v.text).as_deref(), Some("frontend"));
        let ex = s.provider_exporters(p);
        assert_eq!(ex.len(), 1);
        let e = s.endpoint(ex[0].0, ex[0].1, &compose_env);
        assert_eq!(e.kind, ExporterKind::OtlpHttp);
        assert_eq!(
            e.target.map(|v| v.text).as_deref(),
            Some("http://jaeger:4318/v1/traces")
        );
        assert_eq!(s.flask.map(|p| p.line), Some(24));
        assert_eq!(s.requests.map(|p| p.line), Some(25));
    }

    #[test]
    fn comments_and_strings_are_not_code() {
        let src = r#"
# from opentelemetry import trace
"""
from opentelemetry.sdk.trace import TracerProvider
FlaskInstrumentor().instrument_app(app)
"""
x = "trace.set_tracer_provider(provider)"
#    FlaskInstrumentor().instrument_app(app)
"#;
        let s = Setup::analyze(src);
        assert!(s.import_of(TRACE).is_none());
        assert!(s.import_of(TRACER_PROVIDER).is_none());
        assert!(s.set_provider.is_empty());
        assert!(s.flask.is_none());
    }

    #[test]
    fn other_spellings_and_defaults() {
        let src = r#"
import opentelemetry.trace as tr
from opentelemetry.sdk.trace import TracerProvider as TP
from opentelemetry.sdk.resources import Resource, SERVICE_NAME
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.exporter.jaeger.thrift import JaegerExporter
ATTRS = {SERVICE_NAME: "db"}
tr.set_tracer_provider(TP(resource=Resource(attributes=ATTRS)))
tr.get_tracer_provider().add_span_processor(SimpleSpanProcessor(JaegerExporter(agent_host_name="jaeger", agent_port=6832)))
"#;
        let s = Setup::analyze(src);
        let p = s.installed_provider().expect("inline provider");
        let r = s.provider_resource(p).expect("inline resource");
        let none = |_: &str| None;
        assert_eq!(
            s.eval(s.service_name_expr(r).expect("key constant"), &none)
                .map(|v| v.text)
                .as_deref(),
            Some("db")
        );
        let ex = s.provider_exporters(p);
        assert_eq!(ex.len(), 1);
        let e = s.endpoint(ex[0].0, ex[0].1, &none);
        assert_eq!(e.target.map(|v| v.text).as_deref(), Some("jaeger:6832"));
    }
}
