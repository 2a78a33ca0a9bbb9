//! `lookout query` over TSDB fixtures: values agree with `promtool tsdb dump`'s samples,
//! tombstones and block merging apply, errors have the documented exit codes.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::run;

fn fixture(rel: &str) -> String {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/tsdb")
        .join(rel);
    p.to_string_lossy().into_owned()
}

fn json(args: &[&str]) -> Value {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// Samples of the dump, per series line prefix.
fn dump_samples(name: &str, series: &str) -> Vec<(i64, String)> {
    std::fs::read_to_string(fixture(&format!("expected/{name}.dump.txt")))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(series))
        .map(|l| {
            let mut it = l.rsplitn(3, ' ');
            let t = it.next().unwrap().parse().unwrap();
            let v = it.next().unwrap().to_string();
            (t, v)
        })
        .collect()
}

#[test]
fn range_query_returns_the_stored_samples_of_every_block() {
    // Raw samples over the whole 30 h, step = the 5 min sample interval, evaluated exactly
    // on the samples: each step sees the newest sample at or before it.
    let blocks = fixture("blocks/longrange");
    let v = json(&[
        "query",
        "range",
        r#"lr_gauge"#,
        "--tsdb",
        &blocks,
        "--start",
        "1700000000",
        "--end",
        "1700108000",
        "--step",
        "5m",
        "-o",
        "json",
    ]);
    let want = dump_samples("longrange", r#"{__name__="lr_gauge""#);
    let got: Vec<(i64, String)> = v["result"][0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                (p[0].as_f64().unwrap() * 1000.0) as i64,
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(v["resultType"], "matrix");
    assert_eq!(got.len(), want.len());
    for ((gt, gv), (wt, wv)) in got.iter().zip(&want) {
        assert_eq!(gt, wt);
        assert_eq!(
            gv.parse::<f64>().unwrap(),
            wv.parse::<f64>().unwrap(),
            "at {gt}"
        );
    }
}

#[test]
fn tombstones_hide_deleted_samples() {
    let dir = fixture("blocks/longrange_compacted_tombstones");
    let count = |expr: &str| {
        let v = json(&[
            "query",
            "instant",
            expr,
            "--tsdb",
            &dir,
            "--time",
            "1700108000",
            "-o",
            "json",
        ]);
        v["result"][0]["value"][1]
            .as_str()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    let kept = dump_samples("longrange_compacted_tombstones", r#"{__name__="lr_gauge""#).len();
    assert_eq!(count("count_over_time(lr_gauge[2d])"), kept);
    let kept_b = dump_samples(
        "longrange_compacted_tombstones",
        r#"{__name__="lr_counter_total", instance="b"}"#,
    )
    .len();
    assert_eq!(
        count(r#"count_over_time(lr_counter_total{instance="b"}[2d])"#),
        kept_b
    );
}

#[test]
fn series_and_labels() {
    let dir = fixture("blocks/basic");
    let v = json(&[
        "query",
        "series",
        "--match",
        "http_requests_total",
        "--tsdb",
        &dir,
        "-o",
        "json",
    ]);
    assert_eq!(v.as_array().unwrap().len(), 4);
    assert_eq!(v[0]["__name__"], "http_requests_total");
    let names = json(&["query", "labels", "--tsdb", &dir, "-o", "json"]);
    assert!(names.as_array().unwrap().iter().any(|n| n == "__name__"));
    let codes = json(&["query", "labels", "code", "--tsdb", &dir, "-o", "json"]);
    assert_eq!(codes, serde_json::json!(["200", "201", "500"]));
    // Table output lists the values one per line.
    let r = run(&["query", "labels", "code", "--tsdb", &dir]);
    assert_eq!(r.stdout, "200\n201\n500\n");
}

#[test]
fn csv_and_table_outputs() {
    let dir = fixture("blocks/tiny_ts");
    let r = run(&[
        "query", "range", "tiny_ts", "--tsdb", &dir, "--start", "0", "--end", "10", "--step", "1s",
        "-o", "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    assert_eq!(lines.next(), Some("__name__,timestamp,value"));
    assert_eq!(lines.clone().count(), 10);
    let r = run(&[
        "query", "instant", "tiny_ts", "--tsdb", &dir, "--time", "10",
    ]);
    assert!(r.stdout.contains("| tiny_ts | 6     |"), "{}", r.stdout);
}

#[test]
fn errors_have_documented_exit_codes() {
    let dir = fixture("blocks/basic");
    // A bad expression is the query's failure: exit 1.
    let r = run(&["query", "instant", "sum(", "--tsdb", &dir]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("parse error"), "{}", r.stderr);
    // An evaluation error too.
    let r = run(&[
        "query",
        "instant",
        r#"label_replace(http_requests_total, "x", "y", "a", "(")"#,
        "--tsdb",
        &dir,
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // The HTTP API's 11,000 points per series limit applies locally too.
    let r = run(&[
        "query",
        "range",
        "up",
        "--tsdb",
        &dir,
        "--start",
        "0",
        "--end",
        "1700000000",
        "--step",
        "1m",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("exceeded maximum resolution of 11,000 points"),
        "{}",
        r.stderr
    );
    // No server listening: exit 2, naming the URL.
    let r = run(&["query", "instant", "up", "--server", "http://127.0.0.1:1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("127.0.0.1:1"), "{}", r.stderr);
    // Neither source given: usage error.
    let r = run(&["query", "instant", "up"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // A directory that is no TSDB.
    let r = run(&["query", "instant", "up", "--tsdb", "/nonexistent"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    // A corrupt index: a clear error, exit 2.
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(&fixture("blocks/tiny_ts")).join("01M80AS4Q64T9EBGHES5AA6ZXX");
    let block = tmp.path().join("01M80AS4Q64T9EBGHES5AA6ZXX");
    std::fs::create_dir_all(block.join("chunks")).unwrap();
    for f in ["meta.json", "tombstones", "chunks/000001"] {
        std::fs::copy(src.join(f), block.join(f)).unwrap();
    }
    let mut index = std::fs::read(src.join("index")).unwrap();
    index[16] ^= 0xff; // inside the symbol table
    std::fs::write(block.join("index"), index).unwrap();
    let r = run(&[
        "query",
        "instant",
        "tiny_ts",
        "--tsdb",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("index"), "{}", r.stderr);
}

#[test]
fn native_histograms_of_blocks_and_head_equal_prometheus_answer() {
    // Prometheus 2.42's /api/v1/query_range answer over the same data directory (a block
    // with a histogram chunk, chunks_head/ and the WAL): our `data` is the same text.
    let dir = fixture("datadirs/rw_native_hist");
    let r = run(&[
        "query",
        "range",
        "rw_native_hist",
        "--tsdb",
        &dir,
        "--start",
        "1700000000",
        "--end",
        "1700014340",
        "--step",
        "60",
        "-o",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let answer =
        std::fs::read_to_string(fixture("expected/rw_native_hist.query_range.json")).unwrap();
    let answer = answer.trim_end();
    let data = answer
        .strip_prefix(r#"{"status":"success","data":"#)
        .and_then(|s| s.strip_suffix('}'))
        .expect("an API answer");
    assert_eq!(r.stdout.trim_end(), data);
}

#[test]
fn rules_backfill_from_a_tsdb_equals_the_expression() {
    // Backfill a recording rule locally, then the recorded series holds the expression's
    // values at the group's evaluation times.
    let src = fixture("blocks/basic");
    let tmp = tempfile::tempdir().unwrap();
    let rules = tmp.path().join("rules.yml");
    std::fs::write(
        &rules,
        "groups:\n  - name: g\n    interval: 1m\n    rules:\n      - record: method:req:rate5m\n        expr: sum by (method) (rate(http_requests_total[5m]))\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let r = run(&[
        "tsdb",
        "create-blocks-from",
        "rules",
        "--tsdb",
        &src,
        "--start",
        "1700000000",
        "--end",
        "1700018000",
        "--output-dir",
        out.to_str().unwrap(),
        rules.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("BLOCK ULID"), "{}", r.stdout);
    let dump = run(&["tsdb", "dump", out.to_str().unwrap()]);
    assert_eq!(dump.code, 0, "{}", dump.stderr);
    let lines: Vec<&str> = dump.stdout.lines().collect();
    assert!(lines.len() > 500, "{}", lines.len());
    // Every recorded point equals the expression evaluated at its own timestamp.
    for line in lines.iter().step_by(53) {
        let method = if line.contains(r#"method="GET""#) {
            "GET"
        } else {
            "POST"
        };
        let mut parts = line.rsplitn(3, ' ');
        let t: i64 = parts.next().unwrap().parse().unwrap();
        let v: f64 = parts.next().unwrap().parse().unwrap();
        let time = format!("{}.{:03}", t / 1000, t % 1000);
        let direct = json(&[
            "query",
            "instant",
            &format!(r#"sum by (method) (rate(http_requests_total{{method="{method}"}}[5m]))"#),
            "--tsdb",
            &src,
            "--time",
            &time,
            "-o",
            "json",
        ]);
        let got: f64 = direct["result"][0]["value"][1]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(got, v, "at {time}: {line}");
    }
    // A rule file with an error imports nothing and exits 1.
    std::fs::write(
        &rules,
        "groups:\n  - name: g\n    rules:\n      - record: x\n        expr: sum(\n",
    )
    .unwrap();
    let out2 = tmp.path().join("out2");
    let r = run(&[
        "tsdb",
        "create-blocks-from",
        "rules",
        "--tsdb",
        &src,
        "--start",
        "1700000000",
        "--output-dir",
        out2.to_str().unwrap(),
        rules.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!out2.exists());
}
