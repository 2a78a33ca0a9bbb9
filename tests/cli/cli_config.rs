//! `lookout check config`: promtool's output shape and exit codes, the files a configuration
//! names, positions in the machine formats.

use std::fs;
use std::path::Path;

use crate::support::run_in;

const RULES: &str = "groups:\n- name: g\n  rules:\n  - record: a:b\n    expr: up\n";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("dir");
    }
    fs::write(path, text).expect("write");
}

#[test]
fn a_valid_config_and_its_rule_files_pass_as_promtool_prints_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "rules/a.yml", RULES);
    write(
        dir.path(),
        "prometheus.yml",
        "global:\n  scrape_interval: 15s\nrule_files: ['rules/*.yml']\nscrape_configs:\n  - job_name: node\n    static_configs: [{targets: ['localhost:9100']}]\n",
    );
    let r = run_in(
        Some(dir.path()),
        &["check", "config", "prometheus.yml"],
        None,
    )
    .expect_code(0);
    assert_eq!(
        r.stdout,
        "Checking prometheus.yml\n  SUCCESS: 1 rule files found\n SUCCESS: prometheus.yml is valid prometheus config file syntax\n\nChecking rules/a.yml\n  SUCCESS: 1 rules found\n\n"
    );
}

#[test]
fn an_invalid_config_fails_with_prometheus_message_and_its_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "p.yml",
        "scrape_configs:\n  - job_name: a\n  - job_name: a\n",
    );
    let r = run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(1);
    assert_eq!(r.stdout, "Checking p.yml\n\n");
    assert!(
        r.stderr.contains(
            "  FAILED: parsing YAML file p.yml: found multiple scrape configs with job name \"a\"\n    at p.yml:3:5"
        ),
        "{}",
        r.transcript()
    );
    let gh = run_in(
        Some(dir.path()),
        &["check", "config", "-o", "github", "p.yml"],
        None,
    )
    .expect_code(1);
    assert!(
        gh.stdout.contains("::error file=p.yml,line=3,col=5"),
        "{}",
        gh.transcript()
    );
}

#[test]
fn unknown_fields_and_wrong_types_name_the_field_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "p.yml", "global:\n  scrape_intervl: 15s\n");
    let r = run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(1);
    assert!(
        r.stderr
            .contains("line 2: field scrape_intervl not found in type config.plain"),
        "{}",
        r.transcript()
    );
    write(dir.path(), "q.yml", "global:\n  scrape_interval: [15s]\n");
    let r = run_in(Some(dir.path()), &["check", "config", "q.yml"], None).expect_code(1);
    assert!(r.stderr.contains("q.yml:2:"), "{}", r.transcript());
    write(dir.path(), "t.yml", "global:\n\tscrape_interval: 15s\n");
    let r = run_in(Some(dir.path()), &["check", "config", "t.yml"], None).expect_code(1);
    assert!(
        r.stderr
            .contains("FAILED: parsing YAML file t.yml: yaml: line 2"),
        "{}",
        r.transcript()
    );
}

#[test]
fn referenced_files_are_checked_unless_syntax_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "p.yml",
        "rule_files: [missing.yml]\nscrape_configs:\n  - job_name: a\n    bearer_token_file: nope\n",
    );
    let r = run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(1);
    assert!(
        r.stderr
            .contains("FAILED: \"missing.yml\" does not point to an existing file"),
        "{}",
        r.transcript()
    );
    run_in(
        Some(dir.path()),
        &["check", "config", "--syntax-only", "p.yml"],
        None,
    )
    .expect_code(0);
    write(dir.path(), "missing.yml", RULES);
    let r = run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(1);
    assert!(
        r.stderr.contains(
            "error checking authorization credentials or bearer token file \"nope\": stat nope: no such file or directory"
        ),
        "{}",
        r.transcript()
    );
}

#[test]
fn a_broken_rule_file_fails_the_check_and_agent_mode_refuses_rule_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "r.yml",
        "groups:\n- name: g\n  rules:\n  - record: a:b\n    expr: up(\n",
    );
    write(dir.path(), "p.yml", "rule_files: [r.yml]\n");
    let r = run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(1);
    assert!(r.stdout.contains("Checking r.yml"), "{}", r.transcript());
    assert!(
        r.stderr.contains("unclosed left parenthesis"),
        "{}",
        r.transcript()
    );
    let r = run_in(
        Some(dir.path()),
        &["check", "config", "--agent", "p.yml"],
        None,
    )
    .expect_code(1);
    assert!(
        r.stderr
            .contains("FAILED: field rule_files is not allowed in agent mode"),
        "{}",
        r.transcript()
    );
}

#[test]
fn file_sd_files_are_read_and_missing_ones_warned_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "p.yml",
        "scrape_configs:\n  - job_name: a\n    file_sd_configs: [{files: ['sd/*.json', 'none.yml']}]\n",
    );
    write(
        dir.path(),
        "sd/t.json",
        "[{\"targets\": [\"http://x:80\"]}]",
    );
    let r = run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(1);
    assert!(
        r.stderr
            .contains("FAILED: instance 0 in group : \"http://x:80\" is not a valid hostname"),
        "{}",
        r.transcript()
    );
    write(
        dir.path(),
        "sd/t.json",
        "[{\"targets\": [\"x:80\"], \"labels\": {\"env\": \"prod\"}}]",
    );
    let r = run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(0);
    assert!(
        r.stdout.contains(
            "  WARNING: file \"none.yml\" for file_sd in scrape job \"a\" does not exist"
        ),
        "{}",
        r.transcript()
    );
}

#[test]
fn an_unreadable_file_is_an_io_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    run_in(Some(dir.path()), &["check", "config", "absent.yml"], None).expect_code(2);
}

#[test]
fn lints_report_long_scrape_intervals_and_short_rate_windows() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "r.yml",
        "groups:\n- name: g\n  rules:\n  - record: job:rate1m\n    expr: sum(rate(x[1m]))\n  - record: job:rate5m\n    expr: sum(rate(x[5m]))\n",
    );
    write(
        dir.path(),
        "p.yml",
        "rule_files: [r.yml]\nscrape_configs:\n  - job_name: slow\n    scrape_interval: 5m\n    scrape_timeout: 10s\n",
    );
    // promtool's default lints say nothing about either.
    run_in(Some(dir.path()), &["check", "config", "p.yml"], None).expect_code(0);
    let r = run_in(
        Some(dir.path()),
        &[
            "check",
            "config",
            "--lint=too-long-scrape-interval",
            "--lint-fatal",
            "p.yml",
        ],
        None,
    )
    .expect_code(3);
    assert!(
        r.stderr.contains(
            "  FAILED: too long scrape interval found, data point will be marked as stale - job: slow, interval: 5m"
        ),
        "{}",
        r.transcript()
    );
    let r = run_in(
        Some(dir.path()),
        &["check", "config", "--lint=short-rate-window", "p.yml"],
        None,
    )
    .expect_code(0);
    assert!(
        r.stderr.contains(
            "  WARNING: r.yml:5:11: rate() window 1m in rule \"job:rate1m\" is shorter than twice the scrape interval 5m of job \"slow\""
        ),
        "{}",
        r.transcript()
    );
    assert_eq!(r.stderr.matches("WARNING").count(), 2, "{}", r.transcript());
    let r = run_in(
        Some(dir.path()),
        &[
            "check",
            "config",
            "--lint=all",
            "--query.lookback-delta=10m",
            "-o",
            "json",
            "p.yml",
        ],
        None,
    )
    .expect_code(0);
    let codes: Vec<String> = r.json()["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        codes,
        ["config/short-rate-window", "config/short-rate-window"]
    );
}

#[test]
fn print_shows_the_effective_configuration_with_secrets_hidden() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "p.yml",
        "scrape_configs:\n  - job_name: node\n    basic_auth: {username: u, password: hunter2}\n    static_configs: [{targets: ['localhost:9100']}]\nremote_write:\n  - url: http://user:pw@mimir:9009/api/v1/push\n",
    );
    let r = run_in(
        Some(dir.path()),
        &["check", "config", "--print", "p.yml"],
        None,
    )
    .expect_code(0);
    for want in [
        "global:\n  scrape_interval: 1m\n  scrape_timeout: 10s\n  evaluation_interval: 1m\n",
        "- job_name: node\n  honor_timestamps: true\n",
        "  scrape_interval: 1m\n",
        "  basic_auth:\n    username: u\n    password: <secret>\n",
        "  static_configs:\n  - targets:\n    - localhost:9100\n",
        "- url: http://user:xxxxx@mimir:9009/api/v1/push\n  remote_timeout: 30s\n",
        "  queue_config:\n    capacity: 10000\n    max_shards: 50\n",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?} in\n{}", r.stdout);
    }
    assert!(
        !r.stdout.contains("hunter2") && !r.stdout.contains(":pw@"),
        "{}",
        r.stdout
    );
    write(dir.path(), "bad.yml", "scrape_configs:\n  - job_name: ''\n");
    let r = run_in(
        Some(dir.path()),
        &["check", "config", "--print", "bad.yml"],
        None,
    )
    .expect_code(1);
    assert!(r.stderr.contains("job_name is empty"), "{}", r.transcript());
}

#[test]
fn yaml_v2_reading_rules_match_prometheus() {
    let dir = tempfile::tempdir().expect("temp dir");
    let check = |name: &str, text: &str| {
        write(dir.path(), name, text);
        run_in(
            Some(dir.path()),
            &["check", "config", "--syntax-only", name],
            None,
        )
    };
    // Null discovery items are reported after the whole job decoded.
    let r = check(
        "a.yml",
        "scrape_configs:\n  - job_name: a\n    static_configs: [null]\n    kubernetes_sd_configs: [{}]\n",
    )
    .expect_code(1);
    assert!(r.stderr.contains("role missing"), "{}", r.transcript());
    // Only the first document is read; a null TLS version is unset.
    check("b.yml", "global: {}\n---\nfoo: [\n").expect_code(0);
    check(
        "c.yml",
        "scrape_configs:\n  - job_name: a\n    tls_config: {min_version: }\n",
    )
    .expect_code(0);
    // Long values are shortened in type errors.
    let r = check("d.yml", "global:\n  sample_limit: abcdefghijklmnop\n").expect_code(1);
    assert!(
        r.stderr
            .contains("cannot unmarshal !!str `abcdefg...` into"),
        "{}",
        r.transcript()
    );
}

#[test]
fn print_orders_discovery_by_key_after_the_job_and_cleans_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "sub/p.yml",
        "scrape_configs:\n  - job_name: a\n    vultr_sd_configs: [{}]\n    dns_sd_configs: [{names: [x]}]\n    static_configs: [{targets: ['a:1']}]\n    tls_config: {ca_file: ./ca.pem}\n",
    );
    let r = run_in(
        Some(dir.path()),
        &["check", "config", "--print", "./sub/p.yml"],
        None,
    )
    .expect_code(0);
    assert!(
        r.stdout.contains("    ca_file: sub/ca.pem\n"),
        "{}",
        r.stdout
    );
    let at = |k: &str| {
        r.stdout
            .find(k)
            .unwrap_or_else(|| panic!("{k} in {}", r.stdout))
    };
    assert!(at("  enable_http2: true\n  dns_sd_configs:") < at("  static_configs:"));
    assert!(at("  static_configs:") < at("  vultr_sd_configs:"));
}
