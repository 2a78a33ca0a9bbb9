//! `lookout alertmanager template render`: the template render cases recorded with amtool
//! (fixtures/alertmanager/templates/cases.json), with upstream HEAD's answers where amtool
//! 0.25 differs (head-expected.json), plus the built-in templates and amtool's sample data.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{run, run_in};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/alertmanager/templates")
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(dir().join(name)).expect("fixture is readable");
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// amtool prefixes errors with `amtool: error: `, lookout with `lookout: error: `.
fn message(stderr: &str, prefix: &str) -> String {
    stderr
        .trim_end_matches('\n')
        .strip_prefix(prefix)
        .unwrap_or(stderr)
        .to_string()
}

#[test]
fn recorded_render_cases() {
    let cases = load("cases.json");
    let head = load("head-expected.json");
    let cases = cases.as_array().expect("a list of cases");
    let mut passed = 0;
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let field = |k: &str| case[k].as_str().unwrap_or_default().to_string();
        let (text, kind, data) = (field("text"), field("type"), field("data"));
        // The captures loaded custom.tmpl and then the release's default.tmpl.
        let r = run_in(
            Some(&dir()),
            &[
                "alertmanager",
                "template",
                "render",
                "--template.glob",
                "custom.tmpl",
                "--template.glob",
                "default.tmpl",
                "--template.data",
                &data,
                "--template.type",
                &kind,
                "--template.text",
                &text,
            ],
            None,
        );
        let want = head["cases"].get(i.to_string()).unwrap_or(case);
        let want_rc = want["rc"].as_i64().unwrap_or(-1);
        let want_out = want["stdout"].as_str().unwrap_or_default();
        let want_err = message(
            want["stderr"].as_str().unwrap_or_default(),
            "amtool: error: ",
        );
        let got_err = message(&r.stderr, "lookout: error: ");
        if i64::from(r.code) == want_rc && r.stdout == want_out && got_err == want_err {
            passed += 1;
        } else {
            failures.push(format!(
                "case {i} {text:?}:\n  want rc={want_rc} stdout={want_out:?} stderr={want_err:?}\n  got  rc={} stdout={:?} stderr={got_err:?}",
                r.code, r.stdout
            ));
        }
    }
    println!(
        "alertmanager template render cases: {passed}/{} pass",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(passed, 18);
}

/// `template render` in the fixture directory with data2.json.
fn render_data2(glob: &str, kind: &str, text: &str) -> crate::support::Run {
    run_in(
        Some(&dir()),
        &[
            "alertmanager",
            "template",
            "render",
            "--template.glob",
            glob,
            "--template.type",
            kind,
            "--template.data",
            "data2.json",
            "--template.text",
            text,
        ],
        None,
    )
}

#[test]
fn built_in_templates_need_no_glob_file() {
    // default.tmpl is built in: a glob matching nothing still finds its templates.
    let r = render_data2(
        "nothing-*.tmpl",
        "text",
        "{{ template \"__subject\" . }}|{{ template \"__text_alert_list\" .Alerts.Firing }}",
    )
    .expect_code(0);
    assert_eq!(
        r.stdout,
        "[RESOLVED] DiskFull |Labels:\n - alertname = DiskFull\n - instance = db2\n - severity = warning\nAnnotations:\n - summary = Disk is full\nSource: \n"
    );
}

#[test]
fn email_html_renders_with_escaping() {
    let r = render_data2(
        "custom.tmpl",
        "html",
        "{{ template \"email.default.html\" . }}",
    )
    .expect_code(0);
    assert!(r.stdout.contains(
        "<a href=\"http://am.example:9093/#/alerts?receiver=team-DB-pager\" class=\"btn-primary\""
    ));
    assert!(r.stdout.contains("<title>[RESOLVED] DiskFull </title>"));
    assert!(r.stdout.contains("db1 / is 99% full"));
    assert!(!r.stdout.contains("<!--"));
}

#[test]
fn default_data_is_amtools_sample() {
    let r = run(&[
        "alertmanager",
        "template",
        "render",
        "--template.glob",
        "/nonexistent/*.tmpl",
        "--template.text",
        "{{ .Receiver }} {{ .Status }} {{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }} {{ .GroupLabels.Names.Join \",\" }} {{ .ExternalURL }} {{ ((index .Alerts 0).EndsAt.Sub (index .Alerts 0).StartsAt) }}",
    ])
    .expect_code(0);
    assert_eq!(
        r.stdout,
        "receiver alertstatus 1/1 grouplabelkey1,grouplabelkey2 https://example.com 5m0s"
    );
}

#[test]
fn errors_and_exit_codes() {
    let base = ["alertmanager", "template", "render", "--template.glob"];
    // A template file that does not parse: Go's message, exit 1.
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("bad.tmpl"), "{{ define \"x\" }}{{ .a").expect("write");
    let glob = tmp.path().join("*.tmpl");
    let glob = glob.to_string_lossy();
    let r = run(&[&base[..], &[&glob, "--template.text", "x"]].concat()).expect_code(1);
    assert_eq!(
        r.stderr,
        "lookout: error: template: bad.tmpl:1: unclosed action\n"
    );
    // Bad data: a clear message, exit 2.
    std::fs::write(tmp.path().join("d.json"), "{\"alerts\": 3}").expect("write");
    let data = tmp.path().join("d.json");
    let r = run(&[
        &base[..],
        &[
            "x",
            "--template.text",
            "x",
            "--template.data",
            &data.to_string_lossy(),
        ],
    ]
    .concat())
    .expect_code(2);
    assert!(
        r.stderr.contains(
            "json: cannot unmarshal number into Go struct field Data.alerts of type template.Alerts"
        ),
        "{}",
        r.stderr
    );
    let r = run(&[
        &base[..],
        &[
            "x",
            "--template.text",
            "x",
            "--template.data",
            "/nonexistent.json",
        ],
    ]
    .concat())
    .expect_code(2);
    assert!(r.stderr.contains("/nonexistent.json"), "{}", r.stderr);
    // Route labels are rendered per notification; cycles are errors, not crashes.
    std::fs::write(
        tmp.path().join("r.json"),
        r#"{"routeLabels": {"team": "db-{{ routeLabels \"tier\" }}", "tier": "1", "a": "{{ routeLabels \"b\" }}", "b": "{{ routeLabels \"a\" }}"}}"#,
    )
    .expect("write");
    let data = tmp.path().join("r.json");
    let data = data.to_string_lossy();
    let r = run(&[
        &base[..],
        &[
            "x",
            "--template.data",
            &data,
            "--template.text",
            "{{ routeLabels \"team\" }}",
        ],
    ]
    .concat())
    .expect_code(0);
    assert_eq!(r.stdout, "db-1");
    let r = run(&[
        &base[..],
        &[
            "x",
            "--template.data",
            &data,
            "--template.text",
            "{{ routeLabels \"a\" }}",
        ],
    ]
    .concat())
    .expect_code(1);
    assert!(
        r.stderr.contains("route label cycle detected: a -> b -> a"),
        "{}",
        r.stderr
    );
}
