//! `lookout relabel`: a job's relabel steps applied to a label set, shown one by one.

use crate::support::run_in;

const CONFIG: &str = "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - source_labels: [__address__]\n        regex: '([^:]+):\\d+'\n        target_label: instance\n      - source_labels: [instance]\n        regex: b\n        action: drop\n    metric_relabel_configs:\n      - regex: go_.*\n        source_labels: [__name__]\n        action: drop\n";

fn relabel(args: &[&str], config: &str) -> crate::support::Run {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("p.yml"), config).expect("write");
    let mut all = vec!["relabel", "--config", "p.yml"];
    all.extend_from_slice(args);
    run_in(Some(dir.path()), &all, None)
}

#[test]
fn shows_each_step_and_the_result() {
    let r = relabel(&["--job", "node", r#"{__address__="a:9100"}"#], CONFIG).expect_code(0);
    assert_eq!(
        r.stdout,
        "input:  {__address__=\"a:9100\"}\n\
         step 1 (replace, p.yml:4): {__address__=\"a:9100\", instance=\"a\"}\n\
         step 2 (drop, p.yml:7): {__address__=\"a:9100\", instance=\"a\"}\n\
         result: {__address__=\"a:9100\", instance=\"a\"}\n"
    );
    let r = relabel(
        &["--job", "node", "-o", "json", r#"{__address__="b:1"}"#],
        CONFIG,
    )
    .expect_code(0);
    assert_eq!(r.json()["result"], serde_json::Value::Null);
    let r = relabel(&["--job", "node", "--metric", "go_gc_total"], CONFIG).expect_code(0);
    assert!(r.stdout.ends_with("result: dropped\n"), "{}", r.stdout);
}

#[test]
fn errors_are_positioned() {
    let r = relabel(&["--job", "x", "{}"], CONFIG).expect_code(2);
    assert!(
        r.stderr.contains("no scrape config with job_name \"x\""),
        "{}",
        r.stderr
    );
    let bad =
        "scrape_configs:\n  - job_name: node\n    relabel_configs:\n      - action: lowercase\n";
    let r = relabel(&["--job", "node", "{}"], bad).expect_code(2);
    assert!(
        r.stderr.contains(
            "p.yml:4:9: relabel configuration for lowercase action requires 'target_label' value"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn the_jobs_own_name_validation_scheme_wins_over_the_global_one() {
    let config = "global:\n  metric_name_validation_scheme: utf8\nscrape_configs:\n  - job_name: strict\n    metric_name_validation_scheme: legacy\n    relabel_configs:\n      - source_labels: [a]\n        target_label: in-valid\n";
    let r = relabel(&["--job", "strict", r#"{a="1"}"#], config).expect_code(2);
    assert!(
        r.stderr
            .contains("p.yml:7:9: \"in-valid\" is invalid 'target_label' for replace action"),
        "{}",
        r.stderr
    );
    let config = "global:\n  metric_name_validation_scheme: utf8\nscrape_configs:\n  - job_name: loose\n    relabel_configs:\n      - source_labels: [a]\n        target_label: in-valid\n";
    let r = relabel(&["--job", "loose", r#"{a="1"}"#], config).expect_code(0);
    assert!(
        r.stdout
            .ends_with("result: {a=\"1\", \"in-valid\"=\"1\"}\n"),
        "{}",
        r.stdout
    );
    // Like Prometheus, a file with one invalid job is not used for any job.
    let config = "scrape_configs:\n  - job_name: ok\n  - job_name: typo\n    metric_name_validation_scheme: legasy\n";
    let r = relabel(&["--job", "ok", "{}"], config).expect_code(2);
    assert!(
        r.stderr
            .contains("p.yml:4:36: unrecognized ValidationScheme: \"legasy\""),
        "{}",
        r.stderr
    );
}

#[test]
fn null_steps_are_rejected_like_prometheus() {
    let config = "scrape_configs:\n  - job_name: j\n    relabel_configs:\n      - null\n    metric_relabel_configs:\n      - ~\n";
    let r = relabel(&["--job", "j", "{}"], config).expect_code(2);
    assert!(
        r.stderr
            .contains("p.yml:4:9: empty or null target relabeling rule in scrape config"),
        "{}",
        r.stderr
    );
    let config = "scrape_configs:\n  - job_name: j\n    relabel_configs: []\n    metric_relabel_configs:\n      - ~\n";
    let r = relabel(&["--job", "j", "--metric", "{}"], config).expect_code(2);
    assert!(
        r.stderr
            .contains("p.yml:5:9: empty or null metric relabeling rule in scrape config"),
        "{}",
        r.stderr
    );
}
