//! The "Distributed Tracing" challenge (Jaeger and three Flask services traced with
//! OpenTelemetry): each service's app.py read with otel.rs, so code that is commented out
//! or inside a string does not count, and two rubrics with run.py's five tasks and points.
//! `runpy` decides each service's task on run.py's criteria (the imports, the provider
//! setup, the instrumentors); `readme` splits it into deep checks: the provider is
//! installed, its exporter reaches the jaeger compose service on the right port and path,
//! the service name is the compose service's and differs from the others'. The two live
//! tasks need Docker and score 0 with that reason.

use std::path::Path;
use std::sync::Arc;

use super::compose::{Compose, Role};
use super::files::{self, Loc, Problem};
use super::otel::{ExporterKind, Setup, REQUIRED_IMPORTS};
use super::python::Pos;
use super::{Check, Context, Footer, Layout, Rubric, Section, Verdict};
use crate::diag::SourceFile;

/// The services: the directory, the app file, the name run.py's Task 5 looks for in
/// Jaeger, and whether it makes HTTP calls (so needs the Requests instrumentor).
pub const SERVICES: [(&str, &str, &str, bool); 3] = [
    ("services/frontend", FRONTEND, "frontend", true),
    ("services/backend", BACKEND, "backend", true),
    (
        "services/database-service",
        DATABASE,
        "database-service",
        false,
    ),
];

pub const FRONTEND: &str = "services/frontend/app.py";
pub const BACKEND: &str = "services/backend/app.py";
pub const DATABASE: &str = "services/database-service/app.py";

/// The challenge's services, for repositories whose compose file is missing or broken.
const CHALLENGE_DEFAULT: &str = "services:
  jaeger:
    image: jaegertracing/all-in-one:1.51
    ports: ['16686:16686', '14268:14268', '4317:4317', '4318:4318']
  frontend:
    build: ./services/frontend
    ports: ['8080:8080']
    environment: [SERVICE_NAME=frontend, OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318]
  backend:
    build: ./services/backend
    ports: ['8081:8081']
    environment: [SERVICE_NAME=backend, OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318]
  database-service:
    build: ./services/database-service
    ports: ['8082:8082']
    environment: [SERVICE_NAME=database-service, OTEL_EXPORTER_OTLP_ENDPOINT=http://jaeger:4318]
";

/// Ports the all-in-one Jaeger image listens on inside the compose network, published or
/// not.
const JAEGER_PORTS: &[u16] = &[
    5775, 5778, 6831, 6832, 9411, 14250, 14268, 14269, 16686, 4317, 4318,
];

pub struct Svc {
    file: Arc<SourceFile>,
    setup: Setup,
}

/// A distributed-tracing repository, loaded.
pub struct Tracing {
    services: Vec<Result<Svc, Problem>>,
    compose: Compose,
    notes: Vec<String>,
}

impl Context for Tracing {
    fn problem(&self, file: &str) -> Option<&Problem> {
        let i = SERVICES.iter().position(|s| s.1 == file)?;
        self.services.get(i)?.as_ref().err()
    }

    fn notes(&self) -> Vec<String> {
        self.notes.clone()
    }
}

impl Tracing {
    pub fn load(root: &Path) -> Tracing {
        let mut notes = Vec::new();
        let compose = Compose::load(root, CHALLENGE_DEFAULT, &mut notes);
        let services = SERVICES
            .iter()
            .map(|(_, file, _, _)| {
                let f = files::read(root, file)?;
                let setup = Setup::analyze(&f.text);
                Ok(Svc { file: f, setup })
            })
            .collect();
        Tracing {
            services,
            compose,
            notes,
        }
    }

    /// The compose service running the app in `dir`: built from it, else named like it.
    fn compose_service(&self, idx: usize) -> Option<&super::compose::Service> {
        let (dir, _, name, _) = SERVICES[idx];
        self.compose
            .by_build(dir)
            .or_else(|| self.compose.by_host(name))
    }

    /// The service's environment in its container.
    fn env(&self, idx: usize) -> impl Fn(&str) -> Option<String> + '_ {
        let svc = self.compose_service(idx);
        move |k: &str| svc.and_then(|s| s.env_var(k)).map(str::to_string)
    }

    /// The `service.name` the service reports, with how it was found.
    fn service_name(&self, idx: usize) -> Option<(String, String, Option<Pos>)> {
        let Ok(s) = &self.services[idx] else {
            return None;
        };
        let env = self.env(idx);
        let provider = s.setup.installed_provider()?;
        if let Some(r) = s.setup.provider_resource(provider) {
            if let Some(expr) = s.setup.service_name_expr(r) {
                let v = s.setup.eval(expr, &env)?;
                let via = if v.via.is_empty() {
                    "written in Resource.create".to_string()
                } else {
                    v.via.join(", ")
                };
                return Some((v.text, via, Some(r.at)));
            }
        }
        // Without a service.name attribute the SDK reads OTEL_SERVICE_NAME.
        Some(match env("OTEL_SERVICE_NAME") {
            Some(n) => (
                n.clone(),
                format!("OTEL_SERVICE_NAME={n} from docker-compose.yml"),
                None,
            ),
            None => (
                "unknown_service".into(),
                "no service.name and no OTEL_SERVICE_NAME".into(),
                None,
            ),
        })
    }
}

fn not_loaded() -> Verdict {
    Verdict::fail("not checked: the file does not load")
}

fn loc(s: &Svc, p: Pos) -> Loc {
    Loc::line(&s.file.name, p.line, p.col)
}

/// " (commented out at line N)" with its position, for the first of `needles` found in a
/// comment.
fn commented(s: &Svc, needles: &[&str]) -> (String, Option<Loc>) {
    needles
        .iter()
        .map(|n| files::commented_note(&s.file, n))
        .find(|(note, _)| !note.is_empty())
        .unwrap_or_default()
}

fn missing_imports(s: &Svc) -> Vec<&'static str> {
    REQUIRED_IMPORTS
        .iter()
        .filter(|(dotted, _)| s.setup.import_of(dotted).is_none())
        .map(|(_, stmt)| *stmt)
        .collect()
}

/// Whether run.py's setup patterns hold on the code: a Resource and a TracerProvider
/// assigned at module level, and the provider installed.
fn setup_present(s: &Svc) -> bool {
    let assigned = |calls: &[super::otel::Call]| calls.iter().any(|c| c.var.is_some());
    assigned(&s.setup.resources) && assigned(&s.setup.providers) && !s.setup.set_provider.is_empty()
}

fn missing_instrumentors(s: &Svc, needs_requests: bool) -> Vec<&'static str> {
    let mut out = Vec::new();
    if s.setup.flask.is_none() {
        out.push("FlaskInstrumentor().instrument_app(app)");
    }
    if needs_requests && s.setup.requests.is_none() {
        out.push("RequestsInstrumentor().instrument()");
    }
    out
}

/// run.py's task for one service, decided on the code.
fn service_runpy(t: &Tracing, idx: usize) -> Verdict {
    let Ok(s) = &t.services[idx] else {
        return not_loaded();
    };
    let (_, _, _, needs_requests) = SERVICES[idx];
    let missing = missing_imports(s);
    if !missing.is_empty() {
        let (note, at) = commented(s, &missing);
        return Verdict::fail(format!(
            "OpenTelemetry imports are still commented out (missing: {}){note}",
            missing.join("; ")
        ))
        .at(at.or(Some(Loc::line(&s.file.name, 1, 1))))
        .hint("uncomment the TODO 1 imports");
    }
    if !setup_present(s) {
        let (note, at) = commented(
            s,
            &[
                "resource = Resource.create",
                "provider = TracerProvider",
                "trace.set_tracer_provider",
            ],
        );
        return Verdict::fail(format!("Tracer provider setup is still commented out{note}"))
            .at(at.or(Some(Loc::line(&s.file.name, 1, 1))))
            .hint("uncomment TODO 2: resource = Resource.create(...), provider = TracerProvider(resource=resource), trace.set_tracer_provider(provider)");
    }
    let missing = missing_instrumentors(s, needs_requests);
    if !missing.is_empty() {
        let what = if needs_requests {
            "Flask/Requests"
        } else {
            "Flask"
        };
        let (note, at) = commented(s, &missing);
        let lenient = if note.is_empty() {
            String::new()
        } else {
            "; run.py's unanchored pattern would count the comment".into()
        };
        return Verdict::fail(format!(
            "{what} instrumentation is still commented out (missing: {}){note}{lenient}",
            missing.join(", ")
        ))
        .at(at.or(Some(Loc::line(&s.file.name, 1, 1))))
        .hint(format!(
            "call {} after creating the app",
            missing.join(" and ")
        ));
    }
    let label = ["Frontend", "Backend", "Database"][idx];
    Verdict::pass(format!("{label} service is properly instrumented!"))
}

fn imports(t: &Tracing, idx: usize) -> Verdict {
    let Ok(s) = &t.services[idx] else {
        return not_loaded();
    };
    let missing = missing_imports(s);
    if missing.is_empty() {
        return Verdict::pass("trace, TracerProvider, Resource");
    }
    let (note, at) = commented(s, &missing);
    Verdict::fail(format!("not imported: {}{note}", missing.join("; ")))
        .at(at.or(Some(Loc::line(&s.file.name, 1, 1))))
        .hint("uncomment the OpenTelemetry imports (TODO 1)")
}

fn provider(t: &Tracing, idx: usize) -> Verdict {
    let Ok(s) = &t.services[idx] else {
        return not_loaded();
    };
    let hint =
        "provider = TracerProvider(resource=resource), then trace.set_tracer_provider(provider)";
    if s.setup.set_provider.is_empty() {
        let (note, at) = commented(s, &["set_tracer_provider"]);
        return Verdict::fail(format!(
            "trace.set_tracer_provider(...) is never called, so spans go to the no-op provider{note}"
        ))
        .at(at.or(Some(Loc::line(&s.file.name, 1, 1))))
        .hint(hint);
    }
    match s.setup.installed_provider() {
        Some(p) => Verdict::pass(format!(
            "TracerProvider at line {} installed globally",
            p.at.line
        )),
        None => Verdict::fail(
            "trace.set_tracer_provider(...) is not given a TracerProvider created in this file",
        )
        .at(s.setup.set_provider.first().map(|c| loc(s, c.at)))
        .hint(hint),
    }
}

/// Checks that `target` (a URL or `host:port`) is the jaeger service on the port `kind`
/// speaks, as seen from the container of service `idx`.
fn reaches_jaeger(t: &Tracing, idx: usize, kind: ExporterKind, target: &str) -> Result<(), String> {
    let (scheme, rest) = target.split_once("://").unwrap_or(("", target));
    let (hostport, path) = rest
        .find('/')
        .map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
    let (host, port) = super::exports::split_host_port(hostport);
    let jaeger = t.compose.by_role(Role::Jaeger);
    let want = jaeger.map_or("jaeger", |j| j.name.as_str());
    let (wanted_port, proto) = match kind {
        ExporterKind::OtlpHttp => (4318, "OTLP/HTTP"),
        ExporterKind::OtlpGrpc => (4317, "OTLP/gRPC"),
        ExporterKind::JaegerThrift if scheme.is_empty() => (6831, "Thrift compact (agent)"),
        ExporterKind::JaegerThrift => (14268, "Thrift HTTP (collector)"),
        ExporterKind::JaegerGrpc => (14250, "Jaeger gRPC"),
        ExporterKind::Console => {
            return Err("ConsoleSpanExporter prints spans; nothing reaches Jaeger".into())
        }
    };
    if matches!(host, "localhost" | "127.0.0.1" | "::1" | "0.0.0.0") {
        let me = t
            .compose_service(idx)
            .map_or(SERVICES[idx].2, |s| s.name.as_str());
        return Err(format!(
            "{target}: localhost inside the {me} container is {me} itself; use {want}:{wanted_port}"
        ));
    }
    let Some(svc) = t.compose.by_host(host) else {
        let names: Vec<&str> = t.compose.services.iter().map(|s| s.name.as_str()).collect();
        return Err(format!(
            "{target}: no service \"{host}\" in docker-compose.yml (services: {}); use {want}:{wanted_port}",
            names.join(", ")
        ));
    };
    if svc.role != Role::Jaeger {
        return Err(format!(
            "{target} is the {} service, not Jaeger; use {want}:{wanted_port}",
            svc.name
        ));
    }
    let port = match (port, scheme) {
        (Some(p), _) => p,
        (None, "http") => 80,
        (None, "https") => 443,
        (None, _) => return Err(format!("{target} has no port; use {want}:{wanted_port}")),
    };
    if port != wanted_port {
        let known = JAEGER_PORTS.contains(&port) || svc.listens_on(port);
        let what = if known {
            "another of Jaeger's ports"
        } else {
            "not a port Jaeger listens on"
        };
        return Err(format!(
            "{target}: port {port} is {what}; the {} sends {proto} to {wanted_port}",
            kind.name()
        ));
    }
    if kind == ExporterKind::OtlpHttp && path.trim_end_matches('/') != "/v1/traces" {
        let shown = if path.is_empty() { "/" } else { path };
        return Err(format!(
            "{target}: the OTLP/HTTP exporter posts to its endpoint as given, and Jaeger takes traces at /v1/traces, not {shown}"
        ));
    }
    Ok(())
}

fn exporter(t: &Tracing, idx: usize) -> Verdict {
    let Ok(s) = &t.services[idx] else {
        return not_loaded();
    };
    let hint = "exporter = OTLPSpanExporter(endpoint=os.getenv(\"OTEL_EXPORTER_OTLP_ENDPOINT\", \"http://localhost:4318\") + \"/v1/traces\"), provider.add_span_processor(BatchSpanProcessor(exporter))";
    let Some(p) = s.setup.installed_provider() else {
        return Verdict::fail("no TracerProvider is installed, so no exporter is used")
            .at(Some(Loc::line(&s.file.name, 1, 1)))
            .hint(hint);
    };
    let exporters = s.setup.provider_exporters(p);
    if exporters.is_empty() {
        let (note, at) = commented(s, &["add_span_processor", "OTLPSpanExporter"]);
        return Verdict::fail(format!(
            "the provider has no span processor with an exporter, so spans are dropped{note}"
        ))
        .at(at.or(Some(loc(s, p.at))))
        .hint(hint);
    }
    let env = t.env(idx);
    let mut errors = Vec::new();
    for (kind, call) in &exporters {
        let e = s.setup.endpoint(*kind, call, &env);
        let result = match &e.target {
            None if *kind == ExporterKind::Console => {
                reaches_jaeger(t, idx, *kind, "").map(|()| String::new())
            }
            None => Err(format!(
                "the {}'s endpoint cannot be worked out from the code",
                kind.name()
            )),
            Some(v) => reaches_jaeger(t, idx, *kind, &v.text).map(|()| {
                let via = if v.via.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", v.via.join(", "))
                };
                format!("{} to {}{via}", kind.name(), v.text)
            }),
        };
        match result {
            Ok(ok) => return Verdict::pass(ok),
            Err(why) => errors.push((why, e.at)),
        }
    }
    let (why, at) = errors.swap_remove(0);
    Verdict::fail(why).at(Some(loc(s, at))).hint(hint)
}

fn instrumentation(t: &Tracing, idx: usize) -> Verdict {
    let Ok(s) = &t.services[idx] else {
        return not_loaded();
    };
    let missing = missing_instrumentors(s, SERVICES[idx].3);
    if missing.is_empty() {
        return Verdict::pass(if SERVICES[idx].3 {
            "Flask and Requests"
        } else {
            "Flask"
        });
    }
    let (note, at) = commented(s, &missing);
    let lenient = if note.is_empty() {
        ""
    } else {
        "; run.py's unanchored pattern counts the comment"
    };
    Verdict::fail(format!("not called: {}{note}{lenient}", missing.join(", ")))
        .at(at.or(Some(Loc::line(&s.file.name, 1, 1))))
        .hint(format!(
            "call {} after app = Flask(__name__)",
            missing.join(" and ")
        ))
}

fn service_name(t: &Tracing, idx: usize) -> Verdict {
    let Ok(s) = &t.services[idx] else {
        return not_loaded();
    };
    let hint = "resource = Resource.create({\"service.name\": SERVICE_NAME}) with SERVICE_NAME from the compose environment";
    let Some((name, via, at)) = t.service_name(idx) else {
        return Verdict::fail("no TracerProvider is installed, so the service reports no name")
            .at(Some(Loc::line(&s.file.name, 1, 1)))
            .hint(hint);
    };
    let at = at
        .map(|p| loc(s, p))
        .or(Some(Loc::line(&s.file.name, 1, 1)));
    let expected = t
        .compose_service(idx)
        .map_or(SERVICES[idx].2, |c| c.name.as_str());
    if name != expected {
        return Verdict::fail(format!(
            "service.name is \"{name}\" ({via}); Jaeger would list it under that name, not \"{expected}\" (the compose service, which run.py's Task 5 looks for)"
        ))
        .at(at)
        .hint(hint);
    }
    for (other, (_, file, _, _)) in SERVICES.iter().enumerate() {
        if other != idx && t.service_name(other).is_some_and(|(n, _, _)| n == name) {
            return Verdict::fail(format!(
                "service.name \"{name}\" is also what {file} reports: Jaeger cannot tell the services apart"
            ))
            .at(at)
            .hint(hint);
        }
    }
    Verdict::pass(format!("{name} ({via})"))
}

// ---- the rubrics ----

type C = Tracing;
use Check as K;

pub const HINTS: &[&str] = &[
    "Uncomment the TODO sections in each service's app.py",
    "Make sure to rebuild after changes: docker-compose build",
    "Jaeger UI is at http://localhost:16686",
    "Check service logs: docker-compose logs <service>",
];

pub const TITLE: &str = "🔍 Distributed Tracing Challenge - Progress Checker";

const LIVE: &str = "needs the running stack (not checked statically)";

fn live_stack(_: &Tracing) -> Verdict {
    Verdict::fail(LIVE).hint("run `docker compose up -d --build`; then `python run.py` checks the containers, Jaeger's UI and each /health")
}

fn live_traces(_: &Tracing) -> Verdict {
    Verdict::fail(LIVE).hint("with the stack up, `python run.py` calls /api/users and looks for the three services in Jaeger's /api/services")
}

const STACK_RUNNING: Section<C> = Section {
    id: "stack_running",
    name: "Start the Stack",
    checks: &[K {
        id: "stack",
        name: "Stack running",
        points: 15,
        file: None,
        decide: live_stack,
    }],
};

const TRACES: Section<C> = Section {
    id: "traces",
    name: "Verify Traces in Jaeger",
    checks: &[K {
        id: "traces",
        name: "Traces in Jaeger",
        points: 15,
        file: None,
        decide: live_traces,
    }],
};

/// run.py's five tasks, the services' decided on its criteria from the code.
pub static RUNPY: Rubric<C> = Rubric {
    challenge: "distributed-tracing",
    id: "runpy",
    title: TITLE,
    intro: "",
    pass_mark: 70,
    next_step: "",
    footer: Footer::RunPy,
    layout: Layout::Tasks { hints: HINTS },
    sections: &[
        Section {
            id: "frontend",
            name: "Instrument Frontend Service",
            checks: &[K::new("frontend", "Frontend", 25, FRONTEND, |t| {
                service_runpy(t, 0)
            })],
        },
        Section {
            id: "backend",
            name: "Instrument Backend Service",
            checks: &[K::new("backend", "Backend", 25, BACKEND, |t| {
                service_runpy(t, 1)
            })],
        },
        Section {
            id: "database",
            name: "Instrument Database Service",
            checks: &[K::new("database", "Database service", 20, DATABASE, |t| {
                service_runpy(t, 2)
            })],
        },
        STACK_RUNNING,
        TRACES,
    ],
};

/// run.py's tasks and points, each service's task split into the deep checks.
pub static README: Rubric<C> = Rubric {
    challenge: "distributed-tracing",
    id: "readme",
    title: TITLE,
    intro: "",
    pass_mark: 70,
    next_step: "",
    footer: Footer::RunPy,
    layout: Layout::Tasks { hints: HINTS },
    sections: &[
        Section {
            id: "frontend",
            name: "Instrument Frontend Service",
            checks: &[
                K::new("imports", "OpenTelemetry imports", 5, FRONTEND, |t| {
                    imports(t, 0)
                }),
                K::new("provider", "Tracer provider installed", 5, FRONTEND, |t| {
                    provider(t, 0)
                }),
                K::new("exporter", "Exports to Jaeger", 5, FRONTEND, |t| {
                    exporter(t, 0)
                }),
                K::new(
                    "instrumentation",
                    "Flask and Requests instrumented",
                    5,
                    FRONTEND,
                    |t| instrumentation(t, 0),
                ),
                K::new("service_name", "Service name", 5, FRONTEND, |t| {
                    service_name(t, 0)
                }),
            ],
        },
        Section {
            id: "backend",
            name: "Instrument Backend Service",
            checks: &[
                K::new("imports", "OpenTelemetry imports", 5, BACKEND, |t| {
                    imports(t, 1)
                }),
                K::new("provider", "Tracer provider installed", 5, BACKEND, |t| {
                    provider(t, 1)
                }),
                K::new("exporter", "Exports to Jaeger", 5, BACKEND, |t| {
                    exporter(t, 1)
                }),
                K::new(
                    "instrumentation",
                    "Flask and Requests instrumented",
                    5,
                    BACKEND,
                    |t| instrumentation(t, 1),
                ),
                K::new("service_name", "Service name", 5, BACKEND, |t| {
                    service_name(t, 1)
                }),
            ],
        },
        Section {
            id: "database",
            name: "Instrument Database Service",
            checks: &[
                K::new("imports", "OpenTelemetry imports", 4, DATABASE, |t| {
                    imports(t, 2)
                }),
                K::new("provider", "Tracer provider installed", 4, DATABASE, |t| {
                    provider(t, 2)
                }),
                K::new("exporter", "Exports to Jaeger", 4, DATABASE, |t| {
                    exporter(t, 2)
                }),
                K::new("instrumentation", "Flask instrumented", 4, DATABASE, |t| {
                    instrumentation(t, 2)
                }),
                K::new("service_name", "Service name", 4, DATABASE, |t| {
                    service_name(t, 2)
                }),
            ],
        },
        STACK_RUNNING,
        TRACES,
    ],
};
