//! Differential and interop: `lookout query --tsdb DIR -o json` gives the same `data` as
//! Prometheus 2.42's HTTP API serving the same blocks (fetched with `lookout query --server`,
//! which is tested by the same run). The data set is gen_openmetrics.py's (10,000 series ×
//! 720 samples at 15 s by default; `LOOKOUT_DIFF_SERIES` changes the series count),
//! backfilled by lookout (the blocks both sides read) and by promtool (whose index and chunk
//! files must be the same bytes).
//!
//! Evaluation times sit half a second off the 15 s sample grid: Prometheus 3.x (our
//! semantics) leaves range windows open at the start, 2.42 closed, and no sample ever sits
//! on a window boundary here.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{promtool, run};

/// First sample of the data set (a 2 h boundary) and the end of its 3 h.
const T0: f64 = 1_699_999_200.0;

const INSTANT: &[&str] = &[
    "sum(rate(gen_counter_total[5m]))",
    r#"count({__name__=~"gen_.*"})"#,
    r#"count(count_over_time({__name__=~"gen_.+"}[3h]))"#,
    r#"gen_gauge{instance="host-0001"}"#,
    "avg by (zone) (gen_gauge)",
    "max by (instance) (gen_gauge) > 90",
    "histogram_quantile(0.9, sum by (le) (rate(gen_latency_seconds_bucket[5m])))",
    r#"histogram_quantile(0.5, rate(gen_latency_seconds_bucket{instance="host-0001"}[10m]))"#,
    "topk(5, gen_gauge)",
    "bottomk(3, rate(gen_counter_total[10m]))",
    "count_over_time(gen_gauge[1h])",
    r#"increase(gen_counter_total{route="/r3"}[15m])"#,
    r#"irate(gen_counter_total{instance="host-0002"}[1m])"#,
    r#"delta(gen_gauge{zone="z1"}[30m])"#,
    r#"deriv(gen_gauge{instance=~"host-00[0-4]."}[10m])"#,
    r#"predict_linear(gen_gauge{instance="host-0003"}[30m], 3600)"#,
    "quantile(0.5, gen_gauge)",
    "stddev(gen_gauge)",
    "stdvar by (zone) (gen_gauge)",
    "resets(gen_counter_total[3h]) > 0",
    r#"changes(gen_gauge{instance="host-0010"}[1h])"#,
    "absent(nonexistent_metric)",
    "absent(gen_gauge)",
    r#"count by (__name__) ({__name__=~"gen_.+"})"#,
    r#"gen_gauge{instance="host-0005"} offset 30m"#,
    r#"gen_gauge{instance="host-0005"} @ 1700000000.5"#,
    r#"max_over_time(gen_gauge{zone="z2",instance=~"host-00.*"}[20m])"#,
    r#"min_over_time(gen_gauge{zone="z2",instance=~"host-00.*"}[20m])"#,
    "avg_over_time(gen_gauge[10m])",
    r#"quantile_over_time(0.9, gen_gauge{instance="host-0007"}[1h])"#,
    "sum by (route) (gen_counter_total)",
    r#"label_replace(gen_gauge{instance="host-0001"}, "host", "$1", "instance", "host-(.*)")"#,
    "sort_desc(sum by (route) (rate(gen_counter_total[5m])))",
    "sum by (instance) (rate(gen_counter_total[5m])) / on (instance) max by (instance) (gen_gauge)",
    r#"gen_gauge{instance=~"host-000."} > bool 50"#,
    "sum_over_time(gen_latency_seconds_sum[30m])",
    r#"last_over_time(gen_gauge{instance="host-0100"}[5m])"#,
    r#"present_over_time(gen_gauge{instance="host-0100"}[5m])"#,
    r#"timestamp(gen_gauge{instance="host-0100"})"#,
    r#"vector(1) + scalar(sum(gen_gauge{instance="host-0001"}))"#,
    r#"clamp(gen_gauge{instance="host-0001"}, 20, 60)"#,
    r#"abs(delta(gen_gauge{instance="host-0002"}[5m]))"#,
    r#"round(gen_gauge{instance="host-0003"}, 0.5)"#,
    r#"count_values("v", round(gen_gauge{instance="host-0004"}))"#,
    "group by (zone) (gen_gauge)",
    r#"stdvar_over_time(gen_gauge{instance="host-0004"}[30m])"#,
    "sum(rate(gen_latency_seconds_sum[5m])) / sum(rate(gen_latency_seconds_count[5m]))",
    r#"gen_counter_total{route!~"/r[0-8]",instance=~"host-000."}"#,
    r#"{__name__="gen_gauge", zone!="z0", instance="host-0001"}"#,
    r#"max_over_time(gen_gauge{instance="host-0001"}[1h:5m])"#,
    "count(gen_gauge unless on (instance) gen_counter_total)",
    r#"gen_gauge{instance="host-0001"} and on (instance) gen_counter_total"#,
    "scalar(count(gen_gauge)) * 2",
    "time()",
];

const RANGE: &[&str] = &[
    "sum(rate(gen_counter_total[5m]))",
    "histogram_quantile(0.9, sum by (le) (rate(gen_latency_seconds_bucket[5m])))",
    r#"rate(gen_counter_total{instance="host-0001"}[5m])"#,
    r#"avg_over_time(gen_gauge{zone="z0",instance=~"host-00.."}[10m])"#,
    "topk(5, gen_gauge)",
    r#"gen_gauge{instance="host-0003"}"#,
    "sum by (instance) (rate(gen_counter_total[5m]))",
    r#"deriv(gen_gauge{instance="host-0002"}[15m])"#,
    r#"count({__name__=~"gen_.*"})"#,
    r#"max_over_time(gen_gauge{instance="host-0001"}[1h:5m])"#,
];

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Whether GET `path` answers 200.
fn http_ok(port: u16, path: &str) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").is_err() {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.0 200") || buf.starts_with("HTTP/1.1 200")
}

fn tool(name: &str) -> Option<String> {
    Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()
        .filter(|s| s.success())
        .map(|_| name.to_string())
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// The data set's blocks, made once per test run.
fn dataset(tmp: &Path, promtool: &str) -> Option<PathBuf> {
    let Some(python) = tool("python3") else {
        eprintln!("SKIP query differential: python3 is not installed (it generates the data)");
        return None;
    };
    let series = std::env::var("LOOKOUT_DIFF_SERIES").unwrap_or_else(|_| "10000".into());
    let om = tmp.join("gen.om");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb/gen_openmetrics.py");
    let out = Command::new(python)
        .arg(script)
        .args(["--series", &series, "--samples", "720"])
        .stdout(std::fs::File::create(&om).unwrap())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(out.success(), "gen_openmetrics.py failed");
    let data = tmp.join("data");
    let st = Command::new(promtool)
        .args(["tsdb", "create-blocks-from", "openmetrics", "-q"])
        .arg(&om)
        .arg(&data)
        .status()
        .unwrap();
    assert!(st.success(), "promtool create-blocks-from failed");
    // The same input backfilled by lookout: the blocks the server will serve.
    let ours = tmp.join("ours");
    let r = run(&[
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        "-q",
        om.to_str().unwrap(),
        ours.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "lookout create-blocks-from: {}", r.stderr);
    std::fs::remove_file(&om).unwrap();
    assert_same_block_files(&data, &ours);
    Some(ours)
}

/// The blocks of two data directories (in time order) have byte-identical index and chunk
/// files: only meta.json (the ULID) may differ.
fn assert_same_block_files(a: &Path, b: &Path) {
    let blocks = |d: &Path| {
        let mut v: Vec<PathBuf> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("meta.json").exists())
            .collect();
        v.sort(); // ULIDs sort by creation time, and both tools write blocks in time order
        v
    };
    let (ba, bb) = (blocks(a), blocks(b));
    assert_eq!(ba.len(), bb.len(), "number of blocks");
    for (x, y) in ba.iter().zip(&bb) {
        for f in ["index", "tombstones", "chunks/000001"] {
            assert!(
                std::fs::read(x.join(f)).unwrap() == std::fs::read(y.join(f)).unwrap(),
                "{f} of {} and {} differ",
                x.display(),
                y.display()
            );
        }
    }
    eprintln!(
        "backfill: lookout's {} blocks equal promtool's byte for byte",
        ba.len()
    );
}

/// Equal as Prometheus answers: same result type; the same series (in any order, as 2.42
/// does not sort instant vectors); values equal up to float rounding (Prometheus 3 sums with
/// Kahan compensation, 2.42 does not).
fn same_data(a: &Value, b: &Value) -> Result<(), String> {
    if a["resultType"] != b["resultType"] {
        return Err(format!(
            "resultType {} vs {}",
            a["resultType"], b["resultType"]
        ));
    }
    let (ra, rb) = (&a["result"], &b["result"]);
    match (ra.as_array(), rb.as_array()) {
        (Some(xa), Some(xb)) => {
            if xa.len() != xb.len() {
                return Err(format!("{} vs {} series", xa.len(), xb.len()));
            }
            let key = |s: &Value| s["metric"].to_string();
            let mut sa: Vec<&Value> = xa.iter().collect();
            let mut sb: Vec<&Value> = xb.iter().collect();
            sa.sort_by_key(|s| key(s));
            sb.sort_by_key(|s| key(s));
            for (x, y) in sa.iter().zip(&sb) {
                if x["metric"] != y["metric"] {
                    return Err(format!("series {} vs {}", x["metric"], y["metric"]));
                }
                for field in ["value", "values"] {
                    same_points(&x[field], &y[field])
                        .map_err(|e| format!("{}: {e}", x["metric"]))?;
                }
            }
            Ok(())
        }
        _ => same_points(ra, rb),
    }
}

/// For topk/bottomk: among equal values either series may be picked (the choice depends on
/// the engine's heap), so only the values are compared.
fn same_values(a: &Value, b: &Value) -> Result<(), String> {
    // (timestamp, value) of every point of every series, sorted.
    let values = |v: &Value| {
        let mut out: Vec<String> = Vec::new();
        for s in v["result"].as_array().into_iter().flatten() {
            let points = match s.get("values") {
                Some(p) => p.as_array().cloned().unwrap_or_default(),
                None => vec![s["value"].clone()],
            };
            out.extend(points.iter().map(|p| format!("{} {}", p[0], p[1])));
        }
        out.sort();
        out
    };
    if values(a) == values(b) {
        Ok(())
    } else {
        Err(format!("values {:?} vs {:?}", values(a), values(b)))
    }
}

fn same_points(a: &Value, b: &Value) -> Result<(), String> {
    match (a, b) {
        (Value::Null, Value::Null) => Ok(()),
        (Value::Array(x), Value::Array(y)) if x.len() == 2 && x[0].is_number() => {
            let t = (x[0].as_f64(), y[0].as_f64());
            if t.0 != t.1 {
                return Err(format!("timestamp {} vs {}", x[0], y[0]));
            }
            let v = |s: &Value| s.as_str().and_then(|s| s.parse::<f64>().ok());
            let (va, vb) = (v(&x[1]), v(&y[1]));
            let close = match (va, vb) {
                (Some(p), Some(q)) => {
                    (p.is_nan() && q.is_nan())
                        || p == q
                        || (p - q).abs() <= 1e-9 * p.abs().max(q.abs())
                }
                _ => false,
            };
            if close {
                Ok(())
            } else {
                Err(format!("value {} vs {} at {}", x[1], y[1], x[0]))
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Err(format!("{} vs {} points", x.len(), y.len()));
            }
            x.iter().zip(y).try_for_each(|(p, q)| same_points(p, q))
        }
        _ => Err(format!("{a} vs {b}")),
    }
}

/// The `data` of a query, or its error text (without the API's error type, so that a
/// server's and lookout's failures compare equal).
fn json_of(args: &[&str]) -> Result<Value, String> {
    let r = run(args);
    if r.code != 0 {
        return Err(format!(
            "exit {}: {}",
            r.code,
            r.stderr
                .replace("execution: ", "")
                .replace("bad_data: ", "")
        ));
    }
    serde_json::from_str(&r.stdout).map_err(|e| format!("{e}: {}", r.stdout))
}

/// `create-blocks-from rules --url` against the same server writes what promtool writes:
/// same series, same evaluation times (the group's hash offset), same values.
fn rules_backfill_matches_promtool(tmp: &Path, promtool: &str, url: &str) -> Result<(), String> {
    let rules = tmp.join("rules.yml");
    std::fs::write(
        &rules,
        "groups:\n  - name: backfill\n    interval: 1m\n    rules:\n      - record: route:gen_counter:rate5m\n        expr: sum by (route) (rate(gen_counter_total[5m]))\n        labels:\n          source: backfill\n      - alert: HotHost\n        expr: gen_gauge{instance=\"host-0001\"} > 0\n",
    )
    .unwrap();
    let rules = rules.to_str().unwrap();
    let (ours, theirs) = (tmp.join("rules-lookout"), tmp.join("rules-promtool"));
    let window = ["--start", "1700000000", "--end", "1700009000"];
    let st = Command::new(promtool)
        .args(["tsdb", "create-blocks-from", "rules", "-q", "--url", url])
        .args(window)
        .arg(format!("--output-dir={}", theirs.display()))
        .arg(rules)
        .stderr(Stdio::null()) // its progress log
        .status()
        .unwrap();
    assert!(st.success(), "promtool create-blocks-from rules failed");
    let r = run(&[
        &["tsdb", "create-blocks-from", "rules", "-q", "--url", url][..],
        &window,
        &["--output-dir", ours.to_str().unwrap(), rules],
    ]
    .concat());
    if r.code != 0 {
        return Err(format!("lookout create-blocks-from rules: {}", r.stderr));
    }
    let dump = |dir: &Path| {
        std::fs::create_dir_all(dir.join("wal")).unwrap();
        let out = Command::new(promtool)
            .args(["tsdb", "dump"])
            .arg(dir)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (a, b) = (dump(&ours), dump(&theirs));
    // Same series and timestamps; values equal up to rounding: 2.42 sums in map order, so
    // two evaluations of the same sum may differ in the last bits.
    let split = |l: &str| {
        let mut it = l.rsplitn(3, ' ');
        let (t, v, series) = (it.next(), it.next(), it.next());
        (
            series.map(str::to_string),
            t.map(str::to_string),
            v.and_then(|v| v.parse::<f64>().ok()),
        )
    };
    let same = a.lines().count() == b.lines().count()
        && a.lines().zip(b.lines()).all(|(x, y)| {
            let ((sx, tx, vx), (sy, ty, vy)) = (split(x), split(y));
            sx == sy
                && tx == ty
                && match (vx, vy) {
                    (Some(p), Some(q)) => p == q || (p - q).abs() <= 1e-9 * p.abs().max(q.abs()),
                    _ => false,
                }
        });
    if a.is_empty() || !same {
        let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
        return Err(format!(
            "rules backfill: promtool dumps differ ({} vs {} lines), first: {first:?}",
            a.lines().count(),
            b.lines().count()
        ));
    }
    eprintln!(
        "rules backfill: {} samples equal to promtool's",
        a.lines().count()
    );
    Ok(())
}

#[test]
fn tsdb_queries_match_prometheus_2_42() {
    let Some(promtool) = promtool() else {
        eprintln!("SKIP query differential: promtool is not installed");
        return;
    };
    let Some(prometheus) = tool("prometheus") else {
        eprintln!("SKIP query differential: prometheus is not installed");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let Some(data) = dataset(tmp.path(), &promtool) else {
        return;
    };
    // The server gets its own copy: it writes wal/ and lock files into its directory.
    let served = tmp.path().join("served");
    copy_dir(&data, &served);
    let config = tmp.path().join("prometheus.yml");
    std::fs::write(
        &config,
        "global:\n  scrape_interval: 15s\nscrape_configs: []\n",
    )
    .unwrap();
    let port = free_port();
    let _server = Server(
        Command::new(prometheus)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.tsdb.path={}", served.display()))
            .arg("--storage.tsdb.retention.time=100y")
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while !http_ok(port, "/-/ready") {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "prometheus did not become ready"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let url = format!("http://127.0.0.1:{port}");
    let dir = data.to_str().unwrap();
    let mut failures = Vec::new();
    let mut compared = 0;
    // Instant queries at three times, half a second off the sample grid.
    for (i, q) in INSTANT.iter().enumerate() {
        let t = format!("{}", T0 + [3600.5, 5407.5, 10_700.5][i % 3]);
        let common = ["query", "instant", q, "--time", &t, "-o", "json"];
        let server = json_of(&[&common[..], &["--server", &url]].concat());
        let local = json_of(&[&common[..], &["--tsdb", dir]].concat());
        compared += 1;
        match (server, local) {
            (Ok(s), Ok(l)) => {
                let same = if q.starts_with("topk") || q.starts_with("bottomk") {
                    same_values(&s, &l)
                } else {
                    same_data(&s, &l)
                };
                if let Err(e) = same {
                    failures.push(format!("instant {q} @ {t}: {e}"));
                }
            }
            // The same failure (e.g. duplicate label sets after dropping names) agrees.
            (Err(s), Err(l)) if s == l => {}
            (s, l) => failures.push(format!("instant {q}: server {s:?}, lookout {l:?}")),
        }
    }
    for q in RANGE {
        let (start, end) = (format!("{}", T0 + 3600.5), format!("{}", T0 + 7200.5));
        let common = [
            "query", "range", q, "--start", &start, "--end", &end, "--step", "15s", "-o", "json",
        ];
        let server = json_of(&[&common[..], &["--server", &url]].concat());
        let local = json_of(&[&common[..], &["--tsdb", dir]].concat());
        compared += 1;
        match (server, local) {
            (Ok(s), Ok(l)) => {
                let same = if q.starts_with("topk") || q.starts_with("bottomk") {
                    same_values(&s, &l)
                } else {
                    same_data(&s, &l)
                };
                if let Err(e) = same {
                    failures.push(format!("range {q}: {e}"));
                }
            }
            (s, l) => failures.push(format!(
                "range {q}: server {:?}, lookout {:?}",
                s.map(|_| "ok"),
                l.map(|_| "ok")
            )),
        }
    }
    eprintln!(
        "query differential: {}/{compared} queries give Prometheus 2.42's answer",
        compared - failures.len()
    );
    if let Err(e) = rules_backfill_matches_promtool(tmp.path(), &promtool, &url) {
        failures.push(e);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
