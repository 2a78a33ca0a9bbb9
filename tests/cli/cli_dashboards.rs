//! `lookout check dashboards`: every fixture dashboard loads and each PromQL target counted
//! in SOURCES.tsv is found and parsed after variable substitution; broken copies are caught
//! with the right panel; hostile inputs give errors, never a panic.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use crate::support::run_in;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dashboards")
}

/// (file, promql_targets, logql_targets) from SOURCES.tsv.
fn sources() -> Vec<(String, u64, u64)> {
    let text = std::fs::read_to_string(dir().join("SOURCES.tsv")).expect("SOURCES.tsv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (file, promql, logql) = (col("file"), col("promql_targets"), col("logql_targets"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[file].to_string(),
                f[promql].parse().expect("promql_targets"),
                f[logql].parse().expect("logql_targets"),
            )
        })
        .collect()
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "dashboards", "-o", "json"];
    all.extend_from_slice(args);
    let run = run_in(None, &all, None);
    let code = run.code;
    (code, run.json())
}

#[test]
fn every_fixture_found_and_parsed() {
    let expected = sources();
    assert_eq!(expected.len(), 9);
    let d = dir();
    let (code, out) = check_json(&[d.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{out:#}");
    let files = out["files"].as_array().expect("files");
    assert_eq!(files.len(), expected.len());
    let mut total = 0;
    for (name, promql, logql) in &expected {
        let f = files
            .iter()
            .find(|f| {
                f["file"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(name.as_str()))
            })
            .unwrap_or_else(|| panic!("{name} not checked"));
        let (found, parsed) = (&f["promql_found"], &f["promql_parsed"]);
        println!("{name}: {found}/{parsed} PromQL found/parsed (expected {promql})");
        assert_eq!(found.as_u64(), Some(*promql), "{name} found");
        assert_eq!(parsed.as_u64(), Some(*promql), "{name} parsed");
        assert_eq!(
            f["logql_not_checked"].as_u64(),
            Some(*logql),
            "{name} logql"
        );
        assert_eq!(f["ok"], true);
        total += promql;
    }
    println!("total: {total} PromQL targets found and parsed");
    // LogQL is noted, never passed off as valid.
    let notes = out["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "dashboard/logql-not-checked")
        .count();
    assert_eq!(notes, 4);
}

/// Every target object of a dashboard, with the title of the panel holding it.
fn targets_mut(d: &mut Value) -> Vec<(String, &mut Value)> {
    fn walk<'a>(panels: &'a mut Value, out: &mut Vec<(String, &'a mut Value)>) {
        let Some(ps) = panels.as_array_mut() else {
            return;
        };
        for p in ps {
            let title = p["title"].as_str().unwrap_or("").to_string();
            let obj = p.as_object_mut().expect("panel object");
            let (targets, nested): (Option<&mut Value>, Option<&mut Value>) = {
                let mut t = None;
                let mut n = None;
                for (k, v) in obj.iter_mut() {
                    match k.as_str() {
                        "targets" => t = Some(v),
                        "panels" => n = Some(v),
                        _ => {}
                    }
                }
                (t, n)
            };
            if let Some(Value::Array(ts)) = targets {
                for t in ts {
                    out.push((title.clone(), t));
                }
            }
            if let Some(n) = nested {
                walk(n, out);
            }
        }
    }
    let mut out = Vec::new();
    let obj = d.as_object_mut().expect("dashboard object");
    for (k, v) in obj.iter_mut() {
        match k.as_str() {
            "panels" => walk(v, &mut out),
            "rows" => {
                for row in v.as_array_mut().into_iter().flatten() {
                    if let Some(p) = row.get_mut("panels") {
                        walk(p, &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn broken_copies_are_caught_with_the_panel() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (name, _, _) in sources() {
        let text = std::fs::read_to_string(dir().join(&name)).expect("fixture");
        let orig: Value = serde_json::from_str(&text).expect("fixture JSON");

        // One corrupted query: the first PromQL target (one with an `expr` and no Loki
        // datasource) gets an unclosed parenthesis.
        let mut bad = orig.clone();
        let title = {
            let mut ts = targets_mut(&mut bad);
            let (title, t) = ts
                .iter_mut()
                .find(|(_, t)| {
                    t["expr"].as_str().is_some_and(|e| !e.contains('|'))
                        && !t["datasource"].to_string().contains("loki")
                })
                .expect("a PromQL target");
            let expr = t["expr"].as_str().unwrap_or("").to_string();
            t["expr"] = Value::String(format!("sum(({expr})"));
            title.clone()
        };
        let path = tmp.path().join(format!("query-{name}"));
        std::fs::write(&path, serde_json::to_string_pretty(&bad).expect("json")).expect("write");
        let (code, out) = check_json(&[path.to_str().expect("path")]);
        assert_eq!(code, 1, "{name}: {out:#}");
        let diags = out["diagnostics"].as_array().expect("diagnostics");
        let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
        assert_eq!(errors.len(), 1, "{name}: {out:#}");
        let msg = errors[0]["message"].as_str().expect("message");
        assert_eq!(errors[0]["code"], "promql/parse", "{name}");
        assert!(
            msg.contains(&format!("panel {title:?}")),
            "{name}: {msg} should name panel {title:?}"
        );
        println!("{name}: corrupted query caught: {msg}");

        // One bad datasource reference, on the same target.
        let mut bad = orig.clone();
        {
            let mut ts = targets_mut(&mut bad);
            let (_, t) = ts
                .iter_mut()
                .find(|(_, t)| {
                    t["expr"].as_str().is_some_and(|e| !e.contains('|'))
                        && !t["datasource"].to_string().contains("loki")
                })
                .expect("a PromQL target");
            t["datasource"] = serde_json::json!({"type": "prometheus", "uid": "${no_such_ds}"});
        }
        let path = tmp.path().join(format!("ds-{name}"));
        std::fs::write(&path, serde_json::to_string_pretty(&bad).expect("json")).expect("write");
        let (code, out) = check_json(&[path.to_str().expect("path")]);
        assert_eq!(code, 1, "{name}: {out:#}");
        let diags = out["diagnostics"].as_array().expect("diagnostics");
        let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
        assert_eq!(errors.len(), 1, "{name}: {out:#}");
        assert_eq!(errors[0]["code"], "dashboard/datasource", "{name}");
        let msg = errors[0]["message"].as_str().expect("message");
        assert!(msg.contains(&format!("panel {title:?}")), "{name}: {msg}");
        assert!(msg.contains("no_such_ds"), "{name}: {msg}");
    }
}

#[test]
fn human_output_points_into_the_json_string() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("d.json");
    let text = r#"{"title": "D", "panels": [
  {"type": "graph", "title": "P", "targets": [
    {"refId": "B", "expr": "rate(x[$__rate_interval]) +"}]}]}"#;
    std::fs::write(&path, text).expect("write");
    let run = run_in(Some(tmp.path()), &["check", "dashboards", "d.json"], None).expect_code(1);
    assert!(
        run.stdout.contains("Checking d.json"),
        "{}",
        run.transcript()
    );
    // As in check config and check grafana-provisioning: FAILED goes to stderr.
    assert!(
        run.stderr.contains("  FAILED: 2 error(s)") || run.stderr.contains("  FAILED: 1 error(s)"),
        "{}",
        run.transcript()
    );
    assert!(!run.stdout.contains("FAILED"), "{}", run.transcript());
    // The error is at the end of the expression: line 3, column of the closing quote.
    let col = text
        .lines()
        .nth(2)
        .expect("line")
        .find("\"}]")
        .expect("quote")
        + 1;
    assert!(
        run.stderr.contains(&format!("d.json:3:{col}")),
        "{}",
        run.transcript()
    );
    assert!(
        run.stderr
            .contains("dashboard \"D\", panel \"P\", target B: 1:28: parse error"),
        "{}",
        run.transcript()
    );
}

#[test]
fn undefined_variables_and_bad_json_fail() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let undef = tmp.path().join("undef.json");
    std::fs::write(
        &undef,
        r#"{"panels": [{"title": "P", "targets": [{"expr": "up{a=\"$nope\"}"}]}]}"#,
    )
    .expect("write");
    let (code, out) = check_json(&[undef.to_str().expect("path")]);
    assert_eq!(code, 1);
    assert_eq!(
        out["diagnostics"][0]["code"],
        "dashboard/undefined-variable"
    );

    let ann = tmp.path().join("ann.json");
    std::fs::write(
        &ann,
        r#"{"panels": [], "annotations": {"list": [{"name": "Deploys", "datasource": "${DS_GONE}"}]}}"#,
    )
    .expect("write");
    let (code, out) = check_json(&[ann.to_str().expect("path")]);
    assert_eq!(code, 1);
    let msg = out["diagnostics"][0]["message"].as_str().expect("message");
    assert!(msg.contains("annotation \"Deploys\""), "{msg}");

    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, "{\"panels\": [\n  1 2]}").expect("write");
    let run = run_in(
        None,
        &["check", "dashboards", bad.to_str().expect("path")],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("bad.json:2:5"), "{}", run.transcript());

    let run = run_in(None, &["check", "dashboards", "/nonexistent/x.json"], None);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let empty = tempfile::tempdir().expect("tempdir");
    let run = run_in(
        None,
        &["check", "dashboards", empty.path().to_str().expect("path")],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[test]
fn hostile_inputs_give_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let cases: Vec<(&str, String)> = vec![
        ("array.json", "[1, 2]".into()),
        ("string.json", "\"dashboard\"".into()),
        ("null.json", "null".into()),
        ("empty.json", String::new()),
        (
            "deep-arrays.json",
            "[".repeat(100_000) + &"]".repeat(100_000),
        ),
        (
            "deep-objects.json",
            "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000),
        ),
        ("binary.json", "\u{0}\u{1}{".into()),
    ];
    for (name, text) in &cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).expect("write");
        let run = run_in(
            None,
            &["check", "dashboards", path.to_str().expect("path")],
            None,
        );
        assert_eq!(run.code, 1, "{name}: {}", run.transcript());
        assert!(!run.stderr.contains("panicked"), "{name}");
    }
    // Huge but valid: many panels with one target each.
    let panel =
        r#"{"type":"graph","title":"P","targets":[{"refId":"A","expr":"rate(x[$__interval])"}]}"#;
    let huge = format!("{{\"panels\": [{}]}}", vec![panel; 100_000].join(","));
    let path = tmp.path().join("huge.json");
    std::fs::write(&path, huge).expect("write");
    // Every rule excluded: half a million findings are computed, none rendered.
    let all_rules: String = RULES.iter().map(|r| format!("  {r}:\n")).collect();
    std::fs::write(
        tmp.path().join(".lint"),
        format!("exclusions:\n{all_rules}"),
    )
    .expect("write");
    let (code, out) = check_json(&[path.to_str().expect("path")]);
    assert_eq!(code, 0);
    assert_eq!(out["files"][0]["promql_parsed"], 100_000);
    assert_eq!(out["files"][0]["lint"], serde_json::json!({}));
    assert!(
        out["files"][0]["lint_excluded"].as_u64() > Some(500_000),
        "{}",
        out["files"][0]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Mangled copies of a real dashboard (a byte range cut out or replaced) give an exit
    /// code of 0 or 1, never a crash.
    #[test]
    fn mangled_dashboards_never_panic(cut in 0usize..21_000, len in 0usize..64, with in "[\\[\\]{}\",:$a-z0-9 ]{0,8}") {
        let text = std::fs::read_to_string(dir().join("node-mixin-nodes.sv39.json")).expect("fixture");
        let start = cut.min(text.len());
        let end = (start + len).min(text.len());
        let (Some(a), Some(b)) = (text.get(..start), text.get(end..)) else {
            return Ok(());
        };
        let mangled = format!("{a}{with}{b}");
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("m.json");
        std::fs::write(&path, mangled).expect("write");
        let run = run_in(None, &["check", "dashboards", path.to_str().expect("path")], None);
        prop_assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
        prop_assert!(!run.stderr.contains("panicked"));
    }
}

#[test]
fn symlink_loops_are_not_followed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        dir().join("node-exporter-full.sv41.json"),
        tmp.path().join("a.json"),
    )
    .expect("copy");
    std::os::unix::fs::symlink(".", tmp.path().join("x")).expect("symlink");
    std::os::unix::fs::symlink(".", tmp.path().join("y")).expect("symlink");
    let (code, out) = check_json(&[tmp.path().to_str().expect("path")]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out["files"].as_array().expect("files").len(), 1, "{out}");
}

#[test]
fn datasources_by_name_are_judged_by_name_or_left_unchecked() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = r#"{"title": "N", "panels": [
      {"title": "Logs", "datasource": "Loki", "targets": [{"refId": "A", "expr": "{job=\"x\"} |= \"err\" | json"}]},
      {"title": "Uid", "datasource": {"uid": "P8E80F9AEF21F6940"}, "targets": [{"refId": "A", "expr": "{job=\"x\"} |= \"err\""}]},
      {"title": "Prom", "datasource": "My Prometheus", "targets": [{"refId": "A", "expr": "rate(up[5m])"}]}]}"#;
    let path = tmp.path().join("named.json");
    std::fs::write(&path, text).expect("write");
    let (code, out) = check_json(&[path.to_str().expect("path")]);
    assert_eq!(code, 0, "{out}");
    let f = &out["files"][0];
    assert_eq!(f["logql_not_checked"], 1, "{out}");
    assert_eq!(f["promql_found"], 1, "{out}");
    assert_eq!(f["promql_parsed"], 1, "{out}");
    assert!(
        out.to_string().contains("dashboard/datasource-unknown"),
        "{out}"
    );
    // `__requires` naming Prometheus as the only datasource makes a uid-only reference PromQL.
    let required = text.replacen(
        "{\"title\": \"N\",",
        "{\"__requires\": [{\"type\": \"datasource\", \"id\": \"prometheus\"}], \"title\": \"N\",",
        1,
    );
    std::fs::write(&path, required).expect("write");
    let (code, out) = check_json(&[path.to_str().expect("path")]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(out["files"][0]["promql_found"], 2, "{out}");
}

/// dashboard-linter's rules, by name.
const RULES: [&str; 17] = [
    "template-datasource-rule",
    "template-job-rule",
    "template-instance-rule",
    "template-label-promql-rule",
    "template-on-time-change-reload-rule",
    "panel-datasource-rule",
    "panel-title-description-rule",
    "panel-units-rule",
    "panel-no-targets-rule",
    "target-logql-rule",
    "target-logql-auto-rule",
    "target-promql-rule",
    "target-rate-interval-rule",
    "target-job-rule",
    "target-instance-rule",
    "target-counter-agg-rule",
    "uneditable-dashboard",
];

/// `file: rule=count ...` for each file of a JSON report.
fn lint_summary(out: &Value) -> String {
    let mut s = String::new();
    for f in out["files"].as_array().expect("files") {
        let name = f["file"].as_str().expect("file");
        let name = name.rsplit('/').next().unwrap_or(name);
        s += &format!("{name}:\n");
        for (rule, n) in f["lint"].as_object().expect("lint") {
            s += &format!("  {rule}: {n}\n");
        }
    }
    s
}

/// The lint findings of every fixture, counted per rule: a change in any rule's reach
/// shows here.
#[test]
fn lint_summary_per_fixture() {
    let d = dir();
    let (code, out) = check_json(&[d.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "lint findings alone do not fail without --strict");
    let summary = lint_summary(&out);
    println!("{summary}");
    insta::assert_snapshot!("lint_summary", summary);
    // Every lint finding is a warning or a note, named after its rule, positioned and
    // pointing at its JSON value.
    let diags = out["diagnostics"].as_array().expect("diagnostics");
    let lints: Vec<&Value> = diags
        .iter()
        .filter(|d| {
            let code = d["code"].as_str().unwrap_or("");
            RULES.iter().any(|r| code == format!("dashboard/{r}"))
        })
        .collect();
    let counted: u64 = out["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["lint"].as_object().expect("lint").values())
        .filter_map(Value::as_u64)
        .sum();
    assert_eq!(lints.len() as u64, counted);
    for l in &lints {
        assert!(l["severity"] == "warning" || l["severity"] == "info", "{l}");
        assert!(l["start"]["line"].as_u64() > Some(0), "{l}");
        assert!(
            l["notes"][0]
                .as_str()
                .is_some_and(|n| n.starts_with("at /")),
            "{l}"
        );
    }
    // The rules' own warnings (labels) are notes; their errors are warnings.
    assert!(lints.iter().any(|l| l["severity"] == "info"));
}

/// A copy of the node-mixin dashboard in a fresh directory.
fn node_mixin_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("nodes.json");
    std::fs::copy(dir().join("node-mixin-nodes.sv39.json"), &path).expect("copy");
    (tmp, path)
}

fn lint_counts(out: &Value) -> serde_json::Map<String, Value> {
    out["files"][0]["lint"].as_object().expect("lint").clone()
}

#[test]
fn lint_file_next_to_the_dashboard_is_honoured() {
    let (tmp, path) = node_mixin_copy();
    let p = path.to_str().expect("path");
    let (_, before) = check_json(&[p]);
    let before = lint_counts(&before);
    assert_eq!(before["template-job-rule"], 1);
    assert_eq!(before["target-instance-rule"], 22);

    // Titles as in the dashboard; "CPU Usage" has two targets, "Load Average" four.
    std::fs::write(
        tmp.path().join(".lint"),
        "exclusions:
  template-job-rule:
    reason: one job per dashboard
  target-instance-rule:
    entries:
      - dashboard: Node Exporter / Nodes
        panel: CPU Usage
      - panel: Load Average
        targetIdx: 0
warnings:
  target-job-rule:
",
    )
    .expect("write");
    let (code, out) = check_json(&[p]);
    assert_eq!(code, 0);
    let after = lint_counts(&out);
    assert!(after.get("template-job-rule").is_none(), "{after:?}");
    let instance_excluded = 2 + 1;
    assert_eq!(after["target-instance-rule"], 22 - instance_excluded);
    assert_eq!(
        out["files"][0]["lint_excluded"],
        1 + instance_excluded,
        "{out:#}"
    );
    // `warnings:` downgrades: target-job-rule findings are notes now.
    let diags = out["diagnostics"].as_array().expect("diagnostics");
    let job: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "dashboard/target-job-rule")
        .collect();
    assert_eq!(
        job.len() as u64,
        before["target-job-rule"].as_u64().expect("n")
    );
    assert!(job.iter().all(|d| d["severity"] == "info"));
    // The excluded panel's findings are gone; another panel's remain.
    let instance_msgs: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "dashboard/target-instance-rule")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(!instance_msgs
        .iter()
        .any(|m| m.contains("panel \"CPU Usage\"")));
    assert!(!instance_msgs
        .iter()
        .any(|m| m.contains("panel \"Load Average\", target A:")));
    assert!(instance_msgs
        .iter()
        .any(|m| m.contains("panel \"Load Average\", target B:")));

    // --config replaces the file next to the dashboard.
    let other = tmp.path().join("other.yml");
    std::fs::write(&other, "exclusions:\n  panel-title-description-rule:\n").expect("write");
    let (code, out) = check_json(&["--config", other.to_str().expect("path"), p]);
    assert_eq!(code, 0);
    let counts = lint_counts(&out);
    assert_eq!(counts["template-job-rule"], 1, "the .lint file is not read");
    assert!(counts.get("panel-title-description-rule").is_none());

    // Unknown rules and keys are warnings about the .lint file; bad shapes are usage errors.
    std::fs::write(
        tmp.path().join(".lint"),
        "exclusions:\n  template-jobs-rule:\n",
    )
    .expect("write");
    let (code, out) = check_json(&[p]);
    assert_eq!(code, 0);
    let warning = &out["diagnostics"][0];
    assert_eq!(warning["code"], "lint-config/unknown", "{out:#}");
    assert!(warning["file"]
        .as_str()
        .is_some_and(|f| f.ends_with(".lint")));
    assert_eq!(warning["start"]["line"], 2);
    std::fs::write(tmp.path().join(".lint"), "exclusions: [oops]\n").expect("write");
    let run = run_in(None, &["check", "dashboards", p], None);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("invalid lint configuration"),
        "{}",
        run.transcript()
    );
    let missing = tmp.path().join("missing.lint");
    let run = run_in(
        None,
        &[
            "check",
            "dashboards",
            "-c",
            missing.to_str().expect("path"),
            p,
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
}

#[test]
fn strict_makes_lint_findings_fail() {
    let (tmp, path) = node_mixin_copy();
    let p = path.to_str().expect("path");
    let run = run_in(
        Some(tmp.path()),
        &["check", "dashboards", "nodes.json"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("lint finding(s) (warnings)"),
        "{}",
        run.transcript()
    );
    assert!(run.stderr.contains("warning[dashboard/target-job-rule]"));

    let run = run_in(
        Some(tmp.path()),
        &["check", "dashboards", "--strict", "nodes.json"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("error[dashboard/target-job-rule]"));
    assert!(
        run.stderr.contains("lint finding(s) (errors)"),
        "{}",
        run.transcript()
    );
    // The rules' own warnings fail too, as dashboard-linter's --strict fails on them.
    let (code, out) = check_json(&["--strict", p]);
    assert_eq!(code, 1);
    let diags = out["diagnostics"].as_array().expect("diagnostics");
    assert!(diags.iter().all(|d| d["severity"] == "error"));
    let sarif = run_in(
        None,
        &["check", "dashboards", "--strict", "-o", "sarif", p],
        None,
    );
    assert_eq!(sarif.code, 1);
    assert!(
        sarif
            .stdout
            .contains("\"ruleId\": \"dashboard/target-job-rule\""),
        "{}",
        sarif.stdout
    );
    let github = run_in(None, &["check", "dashboards", "-o", "github", p], None);
    assert_eq!(github.code, 0);
    assert!(
        github.stdout.contains("::warning file="),
        "{}",
        github.stdout
    );

    // With every firing rule excluded, --strict passes.
    let (_, out) = check_json(&[p]);
    let firing: String = lint_counts(&out)
        .keys()
        .map(|r| format!("  {r}:\n"))
        .collect();
    std::fs::write(tmp.path().join(".lint"), format!("exclusions:\n{firing}")).expect("write");
    let (code, out) = check_json(&["--strict", p]);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(out["files"][0]["ok"], true);
}

#[test]
fn metrics_file_reports_what_nothing_exports() {
    let d = dir();
    let nodes = d.join("node-mixin-nodes.sv39.json");
    let scrape = d.join("metrics/node-partial.prom");
    let (code, out) = check_json(&[
        "--metrics",
        scrape.to_str().expect("path"),
        nodes.to_str().expect("path"),
    ]);
    assert_eq!(code, 1, "{out:#}");
    let missing: Vec<&Value> = out["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "dashboard/unexported-metric")
        .collect();
    assert_eq!(out["files"][0]["metrics_missing"], missing.len());
    let mut names: Vec<String> = missing
        .iter()
        .filter_map(|d| d["message"].as_str())
        .map(|m| m.rsplit("named ").next().unwrap_or(m).to_string())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(
        names,
        [
            "\"node_disk_io_time_seconds_total\"",
            "\"node_memory_MemAvailable_bytes\""
        ]
    );
    for m in &missing {
        let msg = m["message"].as_str().expect("message");
        assert!(
            msg.starts_with("dashboard \"Node Exporter / Nodes\", panel \""),
            "{msg}"
        );
        assert_eq!(m["severity"], "error");
    }

    // Histogram series, recording rules and regex names, on a dashboard of our own.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dash = tmp.path().join("app.json");
    std::fs::write(
        &dash,
        r#"{"title": "App", "panels": [{"type": "timeseries", "title": "Latency", "targets": [
          {"refId": "A", "expr": "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"},
          {"refId": "B", "expr": "rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m])"},
          {"refId": "C", "expr": "job:http_requests:rate5m"},
          {"refId": "D", "expr": "count({__name__=~\"node_load.*\"}) + absent(never_exported)"},
          {"refId": "E", "expr": "${metric}_total"}]}],
          "templating": {"list": [{"name": "metric", "type": "custom", "query": "nope"}]}}"#,
    )
    .expect("write");
    let app = dash.to_str().expect("path");
    let s = scrape.to_str().expect("path");
    let (code, out) = check_json(&["--metrics", s, app]);
    assert_eq!(code, 1, "{out:#}");
    assert_eq!(out["files"][0]["metrics_missing"], 1, "{out:#}");
    let m = out["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "dashboard/unexported-metric")
        .expect("finding");
    assert!(m["message"].as_str().is_some_and(
        |s| s.contains("target C: no exported metric is named \"job:http_requests:rate5m\"")
    ));
    assert!(m["notes"].to_string().contains("--rules"), "{m}");
    let rules = tmp.path().join("rules.yml");
    std::fs::write(
        &rules,
        "groups:\n- name: g\n  rules:\n  - record: job:http_requests:rate5m\n    expr: sum by (job) (rate(http_requests_total[5m]))\n",
    )
    .expect("write");
    let (code, out) = check_json(&[
        "--metrics",
        s,
        "--rules",
        rules.to_str().expect("path"),
        app,
    ]);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(out["files"][0]["metrics_missing"], 0);

    // A plain list works as well; a list that names everything passes.
    let list = tmp.path().join("names.txt");
    std::fs::write(&list, "# exported\nhttp_request_duration_seconds_bucket\n").expect("write");
    let (_, out) = check_json(&["--metrics", list.to_str().expect("path"), app]);
    assert_eq!(out["files"][0]["metrics_missing"], 4, "{out:#}");
    // --rules needs --metrics; an unreadable scrape is a usage error.
    let run = run_in(
        None,
        &["check", "dashboards", "--rules", "x.yml", app],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    std::fs::write(&list, "up{ 1\n").expect("write");
    let run = run_in(
        None,
        &[
            "check",
            "dashboards",
            "--metrics",
            list.to_str().expect("path"),
            app,
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
}
