//! `lookout check grafana-provisioning`: verdicts and positions on the fixtures, the machine
//! formats, exit codes, and no panics on garbage.

use std::path::{Path, PathBuf};

use crate::support::{run, run_in};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/grafana-provisioning")
}

fn check(args: &[&str]) -> crate::support::Run {
    let mut all = vec!["check", "grafana-provisioning"];
    all.extend_from_slice(args);
    run_in(Some(&dir()), &all, None)
}

#[test]
fn good_fixtures_pass() {
    let r = check(&["good"]).expect_code(0);
    for f in [
        "good/alerting/rules.yaml",
        "good/dashboards/providers.yaml",
        "good/datasources/datasources-loki-docker.yaml",
        "good/legacy/datasources/legacy.yaml",
        "good/tenant-headers/datasources/datasources-loki-tenant-headers.yaml",
    ] {
        assert!(
            r.stdout
                .contains(&format!(" SUCCESS: {f} is a valid Grafana")),
            "{f}:\n{}",
            r.transcript()
        );
    }
    assert!(r.stderr.is_empty(), "{}", r.transcript());
}

/// Each bad fixture and the `file:line:col: error[code]` prefixes it must produce.
const BAD: &[(&str, &[&str])] = &[
    (
        "unknown-api-version.yaml",
        &[
            "1:13: warning[grafana-provisioning/api-version]: unknown apiVersion 3",
            // Read as apiVersion 1, where the legacy spelling is unknown.
            "6:5: error[grafana-provisioning/unknown-field]: unknown field `is_default`",
        ],
    ),
    (
        "missing-url-type.yaml",
        &[
            "3:5: error[grafana-provisioning/missing-url]",
            "6:5: error[grafana-provisioning/missing-field]: data source has no `type`",
        ],
    ),
    (
        "duplicate-names.yaml",
        &["6:11: error[grafana-provisioning/duplicate-name]"],
    ),
    (
        "two-defaults.yaml",
        &["10:16: error[grafana-provisioning/too-many-defaults]"],
    ),
    (
        "provider-path-missing.yaml",
        &["6:13: error[grafana-provisioning/path]"],
    ),
    (
        "legacy-camel-case.yaml",
        &["5:5: error[grafana-provisioning/unknown-field]: unknown field `isDefault`"],
    ),
    (
        "alerting-structure.yaml",
        &[
            "3:5: error[grafana-provisioning/missing-field]: rule group has no `interval`",
            "8:20: error[grafana-provisioning/condition]",
            "12:22: error[grafana-provisioning/invalid-value]",
            "13:9: error[grafana-provisioning/unknown-field]",
            "15:5: error[grafana-provisioning/missing-field]: contact point has no `receivers`",
        ],
    ),
    (
        "not-a-mapping.yaml",
        &["1:1: error[grafana-provisioning/kind]"],
    ),
    (
        "alerting-durations.yaml",
        &[
            "5:15: error[grafana-provisioning/duration]: `interval`",
            "9:17: error[grafana-provisioning/duration]: `group_wait`",
            "10:5: error[grafana-provisioning/missing-field]: notification policy has no `receiver`",
        ],
    ),
    ("syntax.yaml", &["3:1: error[grafana-provisioning/syntax]"]),
];

#[test]
fn bad_fixtures_fail_with_positions() {
    for (name, expected) in BAD {
        let path = format!("bad/{name}");
        let r = check(&["-o", "json", &path]).expect_code(1);
        let json = r.json();
        let lines: Vec<String> = json["diagnostics"]
            .as_array()
            .map(|ds| {
                ds.iter()
                    .map(|d| {
                        format!(
                            "{}:{}: {}[{}]: {}",
                            d["start"]["line"],
                            d["start"]["column"],
                            d["severity"].as_str().unwrap_or(""),
                            d["code"].as_str().unwrap_or(""),
                            d["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        for want in *expected {
            assert!(
                lines.iter().any(|l| l.starts_with(want)),
                "{name}: no diagnostic starting {want:?} in {lines:#?}"
            );
        }
        assert_eq!(json["files"][0]["ok"], false, "{name}");
    }
}

#[test]
fn human_output_is_promtool_like() {
    let r = check(&["bad/two-defaults.yaml"]).expect_code(1);
    assert!(
        r.stdout.starts_with("Checking bad/two-defaults.yaml\n"),
        "{}",
        r.transcript()
    );
    assert!(
        r.stderr.contains("  FAILED: 1 error\n"),
        "{}",
        r.transcript()
    );
    assert!(
        r.stderr.contains("bad/two-defaults.yaml:10:16"),
        "{}",
        r.transcript()
    );
}

#[test]
fn github_and_sarif() {
    let r = check(&["-o", "github", "bad/provider-path-missing.yaml"]).expect_code(1);
    assert!(
        r.stdout
            .contains("::error file=bad/provider-path-missing.yaml,line=6,col=13"),
        "{}",
        r.transcript()
    );
    let r = check(&["-o", "sarif", "bad/duplicate-names.yaml"]).expect_code(1);
    let json = r.json();
    assert_eq!(json["version"], "2.1.0");
    assert!(r.stdout.contains("grafana-provisioning/duplicate-name"));
}

#[test]
fn garbage_binary_and_usage_errors() {
    let r = check(&["bad/binary.yaml"]).expect_code(1);
    assert!(r.stderr.contains("not a text file"), "{}", r.transcript());
    // A whole directory of bad files: every file is reported, nothing panics.
    let r = check(&["bad"]).expect_code(1);
    assert!(!r.stderr.contains("panicked"), "{}", r.transcript());
    assert_eq!(
        r.stdout.matches("Checking ").count(),
        11,
        "{}",
        r.transcript()
    );
    run(&["check", "grafana-provisioning", "/no/such/file.yaml"]).expect_code(2);
    run(&["check", "grafana-provisioning"]).expect_code(2);
}

#[test]
fn cross_file_checks_are_per_directory() {
    let tmp = std::env::temp_dir().join(format!("lookout-prov-{}", std::process::id()));
    let ds = tmp.join("datasources");
    std::fs::create_dir_all(&ds).expect("temp dir");
    let one = "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    url: http://a\n    isDefault: true\n";
    let two = "apiVersion: 1\ndatasources:\n  - name: B\n    type: loki\n    url: http://b\n    isDefault: true\n";
    std::fs::write(ds.join("a.yaml"), one).expect("write");
    std::fs::write(ds.join("b.yml"), two).expect("write");
    let r = run_in(Some(&tmp), &["check", "grafana-provisioning", "."], None).expect_code(1);
    assert!(
        r.stderr
            .contains("Only one datasource per organization can be marked as default"),
        "{}",
        r.transcript()
    );
    // The same file in two directories (two Grafanas) is fine.
    std::fs::remove_file(ds.join("b.yml")).expect("remove");
    let other = tmp.join("other");
    std::fs::create_dir_all(&other).expect("temp dir");
    std::fs::write(other.join("a.yaml"), one).expect("write");
    run_in(Some(&tmp), &["check", "grafana-provisioning", "."], None).expect_code(0);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Every text fixture, good and bad.
fn seeds() -> &'static [String] {
    static SEEDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).expect("fixture dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    out.push(p);
                }
            }
        }
        let mut paths = Vec::new();
        walk(&dir(), &mut paths);
        paths.sort();
        paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

    #[test]
    fn checking_never_panics(text in crate::support::mangled(seeds(), proptest::sample::select(vec![
        "{", "}", "[", "]", ":", "- ", "'", "\"", "|", "&a", "*a", "<<: *a", "!!str", "#", "\n",
        "  ", "\t", "null", "~", "0", "-1", "1e9999", "é", "\u{0}", "$VAR", "apiVersion: 2",
        "datasources:", "providers:", "groups:", "rules:", "options:", "path: ", "isDefault: true",
        "orgId: 2", "name: x", "type: file", "condition: A", "routes:", "data:",
    ]))) {
        let mut checker = lookout::grafana::provisioning::Checker::new(None);
        let _ = checker.check_bytes("t.yaml", Some(Path::new("fixtures/t.yaml")), text.as_bytes());
    }
}

#[test]
fn symlink_loops_are_not_followed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ds = tmp.path().join("datasources");
    let dash = tmp.path().join("dashboards");
    std::fs::create_dir_all(&ds).expect("dir");
    std::fs::create_dir_all(&dash).expect("dir");
    std::fs::write(
        ds.join("a.yaml"),
        "apiVersion: 1\ndatasources:\n  - name: A\n    type: prometheus\n    url: http://a\n",
    )
    .expect("write");
    let provider = format!(
        "apiVersion: 1\nproviders:\n  - name: p\n    type: file\n    options:\n      path: {}\n",
        dash.display()
    );
    std::fs::write(ds.join("providers.yaml"), provider).expect("write");
    // Two links to `.` in each directory: following them doubles the walk at every level.
    for d in [&ds, &dash] {
        std::os::unix::fs::symlink(".", d.join("x")).expect("symlink");
        std::os::unix::fs::symlink(".", d.join("y")).expect("symlink");
    }
    let r = run_in(
        Some(tmp.path()),
        &["check", "grafana-provisioning", "-o", "json", "."],
        None,
    );
    let json = r.json();
    let files = json["files"].as_array().expect("files");
    assert_eq!(files.len(), 2, "{}", r.transcript());
    // The loop adds no dashboards: the provider's directory is still empty.
    assert!(
        json.to_string()
            .contains("grafana-provisioning/no-dashboards"),
        "{}",
        r.transcript()
    );
}
