//! distributed-tracing's run.py as it is: its regular expressions over each app.py's raw
//! text (line-anchored imports and setup, unanchored instrumentor calls, so a commented-out
//! `FlaskInstrumentor().instrument_app(app)` counts), with its messages. Its live tasks are
//! reported with the messages run.py prints where Docker is absent, so the output matches
//! run.py's run without Docker byte for byte.

use std::path::Path;

use regex::Regex;

use super::files::Problem;
use super::tracing::{HINTS, SERVICES, TITLE};
use super::{Check, Context, Footer, Layout, Rubric, Section, Verdict};

/// Each app.py's text as Python's `open().read()` gives it (universal newlines), or
/// `None` when run.py cannot read it (a directory, not UTF-8); `Err` when it does not
/// exist.
pub struct Texts {
    files: Vec<Result<Option<String>, ()>>,
}

impl Context for Texts {
    fn problem(&self, _file: &str) -> Option<&Problem> {
        None
    }

    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

impl Texts {
    pub fn load(root: &Path) -> Texts {
        let files = SERVICES
            .iter()
            .map(|(_, rel, _, _)| {
                let path = root.join(rel);
                if !path.exists() {
                    return Err(());
                }
                Ok(std::fs::read(&path)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .map(|t| t.replace("\r\n", "\n").replace('\r', "\n")))
            })
            .collect();
        Texts { files }
    }
}

fn all_match(text: &str, patterns: &[&str]) -> bool {
    patterns
        .iter()
        .all(|p| Regex::new(&format!("(?m){p}")).is_ok_and(|re| re.is_match(text)))
}

const IMPORTS: [&str; 3] = [
    r"^from opentelemetry import trace",
    r"^from opentelemetry\.sdk\.trace import TracerProvider",
    r"^from opentelemetry\.sdk\.resources import Resource",
];
const SETUP: [&str; 3] = [
    r"^resource\s*=\s*Resource\.create",
    r"^provider\s*=\s*TracerProvider",
    r"trace\.set_tracer_provider",
];

fn service(t: &Texts, idx: usize) -> Verdict {
    let (_, rel, _, needs_requests) = SERVICES[idx];
    let imports_missing = || Verdict::fail("OpenTelemetry imports are still commented out");
    let text = match &t.files[idx] {
        Err(()) => return Verdict::fail(format!("File not found: {rel}")),
        // run.py's readers swallow the error and report the first check as failed.
        Ok(None) => return imports_missing(),
        Ok(Some(text)) => text.as_str(),
    };
    if !all_match(text, &IMPORTS) {
        return imports_missing();
    }
    if !all_match(text, &SETUP) {
        return Verdict::fail("Tracer provider setup is still commented out");
    }
    let mut instr = vec![r"FlaskInstrumentor\(\)\.instrument_app"];
    if needs_requests {
        instr.push(r"RequestsInstrumentor\(\)\.instrument");
    }
    if !all_match(text, &instr) {
        return Verdict::fail(if needs_requests {
            "Flask/Requests instrumentation is still commented out"
        } else {
            "Flask instrumentation is still commented out"
        });
    }
    Verdict::pass(match idx {
        0 => "Frontend service is properly instrumented!",
        1 => "Backend service is properly instrumented!",
        _ => "Database service is properly instrumented!",
    })
}

type C = Texts;
use Check as K;

/// run.py's own checks; the live tasks as it reports them without Docker.
pub static RUBRIC: Rubric<C> = Rubric {
    challenge: "distributed-tracing",
    id: "runpy-substring",
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
            checks: &[K {
                id: "frontend",
                name: "Frontend",
                points: 25,
                file: None,
                decide: |t| service(t, 0),
            }],
        },
        Section {
            id: "backend",
            name: "Instrument Backend Service",
            checks: &[K {
                id: "backend",
                name: "Backend",
                points: 25,
                file: None,
                decide: |t| service(t, 1),
            }],
        },
        Section {
            id: "database",
            name: "Instrument Database Service",
            checks: &[K {
                id: "database",
                name: "Database service",
                points: 20,
                file: None,
                decide: |t| service(t, 2),
            }],
        },
        Section {
            id: "stack_running",
            name: "Start the Stack",
            checks: &[K {
                id: "stack",
                name: "Stack running",
                points: 15,
                file: None,
                decide: |_| Verdict::fail("Docker is not running"),
            }],
        },
        Section {
            id: "traces",
            name: "Verify Traces in Jaeger",
            checks: &[K {
                id: "traces",
                name: "Traces in Jaeger",
                points: 15,
                file: None,
                decide: |_| Verdict::fail("Jaeger is not running - complete Task 4 first"),
            }],
        },
    ],
};
