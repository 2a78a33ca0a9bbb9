//! `--run-app`: the student's Flask app started with python3 (imported by a small harness
//! that serves it on a free local port, so `app.run()` and its fixed port never run), a
//! little traffic sent to its routes, then its metrics page scraped over HTTP and parsed
//! with lookout's exposition parser.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::exposition::{self, MetricFamily, MetricType};
use crate::httpclient::{ClientOptions, HttpClient};

/// What the metrics page carried.
#[derive(Debug, Clone)]
pub struct Scrape {
    pub path: String,
    pub status: u16,
    pub families: Vec<MetricFamily>,
    /// Sample names, with histogram and summary suffixes.
    pub names: BTreeSet<String>,
}

/// Imports app.py from the directory given, serves its Flask app on 127.0.0.1 at a port
/// the system picks, and prints `LOOKOUT-PORT <n>` and the app's routes.
const HARNESS: &str = r#"
import importlib.util, os, sys
try:
    import flask, prometheus_client
except ImportError as e:
    print("LOOKOUT-MISSING", e.name, flush=True)
    sys.exit(3)
app_dir = sys.argv[1]
sys.path.insert(0, app_dir)
os.chdir(app_dir)
spec = importlib.util.spec_from_file_location("lookout_graded_app", os.path.join(app_dir, "app.py"))
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
app = getattr(mod, "app", None)
if not isinstance(app, flask.Flask):
    app = next((v for v in vars(mod).values() if isinstance(v, flask.Flask)), None)
if app is None:
    print("LOOKOUT-NOAPP", flush=True)
    sys.exit(4)
for rule in app.url_map.iter_rules():
    if "GET" in rule.methods and not rule.arguments:
        print("LOOKOUT-ROUTE", rule.rule, flush=True)
from werkzeug.serving import make_server
server = make_server("127.0.0.1", 0, app, threaded=True)
print("LOOKOUT-PORT", server.server_port, flush=True)
server.serve_forever()
"#;

/// Ends the child when the run is over, whatever happened.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// How long the app may take to import and start serving.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// Starts the app in `app_dir`, requests each of its routes once, then scrapes
/// `/metrics`. `Err` says why that could not be done.
pub fn run(app_dir: &Path) -> Result<Scrape, String> {
    if !app_dir.join("app.py").is_file() {
        return Err("there is no app/app.py to run".into());
    }
    let dir = std::path::absolute(app_dir).map_err(|e| e.to_string())?;
    let child = Command::new("python3")
        .arg("-c")
        .arg(HARNESS)
        .arg(&dir)
        // Grading must not write into the repository.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start python3: {e}"))?;
    let mut guard = Guard(child);
    let stdout = guard
        .0
        .stdout
        .take()
        .ok_or("python3 has no standard output")?;
    let mut stderr = guard
        .0
        .stderr
        .take()
        .ok_or("python3 has no standard error")?;
    // Read the harness's lines on a thread, so a hanging import cannot hang lookout.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut routes = Vec::new();
    let port = loop {
        match rx.recv_timeout(START_TIMEOUT) {
            Ok(line) => {
                let mut words = line.splitn(2, ' ');
                match (words.next(), words.next()) {
                    (Some("LOOKOUT-PORT"), Some(p)) => break p.trim().parse::<u16>().map_err(|e| e.to_string())?,
                    (Some("LOOKOUT-ROUTE"), Some(r)) => routes.push(r.trim().to_string()),
                    (Some("LOOKOUT-MISSING"), m) => {
                        return Err(format!(
                            "cannot run the app: python3 has no module {} (pip install -r app/requirements.txt)",
                            m.unwrap_or("?").trim()
                        ))
                    }
                    (Some("LOOKOUT-NOAPP"), _) => return Err("app/app.py defines no Flask app".into()),
                    _ => {}
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(format!(
                    "the app did not start serving within {}s",
                    START_TIMEOUT.as_secs()
                ))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = guard.0.wait();
                let mut err = String::new();
                let _ = stderr.read_to_string(&mut err);
                let last = err
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("no output");
                return Err(format!("the app exited before serving: {last}"));
            }
        }
    };
    let client = HttpClient::new(&ClientOptions {
        timeout: Some(Duration::from_secs(5)),
        ..ClientOptions::default()
    })?;
    let base = format!("http://127.0.0.1:{port}");
    for r in routes.iter().filter(|r| *r != "/metrics") {
        // Traffic only makes labelled series appear; its answers do not matter.
        let _ = client.send(client.request(reqwest::Method::GET, &format!("{base}{r}")));
    }
    let path = "/metrics".to_string();
    let answer = client.send(client.request(reqwest::Method::GET, &format!("{base}{path}")))?;
    if !answer.is_success() {
        return Err(format!("GET {path} answered {}", answer.status));
    }
    let families = exposition::parse_text_with(&answer.body, exposition::ValidationScheme::Utf8)
        .map_err(|e| format!("GET {path}: {e}"))?;
    let mut names = BTreeSet::new();
    for f in &families {
        let suffixes: &[&str] = match f.metric_type {
            MetricType::Histogram | MetricType::GaugeHistogram => &["_bucket", "_count", "_sum"],
            MetricType::Summary => &["", "_count", "_sum"],
            _ => &[""],
        };
        names.extend(suffixes.iter().map(|s| format!("{}{s}", f.name)));
    }
    Ok(Scrape {
        path,
        status: answer.status,
        families,
        names,
    })
}
