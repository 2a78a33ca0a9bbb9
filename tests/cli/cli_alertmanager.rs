//! `lookout alertmanager check`: upstream HEAD's verdict on every configuration fixture,
//! amtool's output byte for byte, and the same answers as the installed amtool (0.25)
//! where HEAD and 0.25 agree.

use std::path::{Path, PathBuf};

use lookout::config::alertmanager::config::load_file_text;
use lookout::config::alertmanager::matchers::ParseMode;

use crate::support::{run_in, Run};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/alertmanager")
}

/// The rows of EXPECTED_ERRORS.tsv: file, HEAD's expectation, whether 0.25 agrees.
fn rows() -> Vec<(String, String, bool)> {
    let table = std::fs::read_to_string(dir().join("EXPECTED_ERRORS.tsv")).expect("table");
    table
        .lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols[0].to_string(), cols[1].to_string(), cols[4] == "yes")
        })
        .collect()
}

fn load(file: &str, mode: ParseMode) -> Result<(), String> {
    let path = dir().join(file);
    let text = std::fs::read_to_string(&path).expect("fixture");
    load_file_text(&path, &text, mode)
        .map(|_| ())
        .map_err(|e| e.message)
}

#[test]
fn every_fixture_gets_upstream_heads_verdict() {
    // Upstream's Go tests run with the matcher package's default, the classic mode.
    let mut failures = Vec::new();
    let all = rows();
    for (file, want, _) in &all {
        match (load(file, ParseMode::Classic), want.as_str()) {
            (Ok(()), "OK") => {}
            (Ok(()), want) => failures.push(format!("{file}: loaded, want {want:?}")),
            (Err(e), "OK") => failures.push(format!("{file}: {e:?}, want it to load")),
            (Err(e), want) if e.contains(want) => {}
            (Err(e), want) => failures.push(format!("{file}: got {e:?}, want {want:?}")),
        }
    }
    println!(
        "alertmanager config conformance: {} of {} rows as upstream HEAD",
        all.len() - failures.len(),
        all.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn label_names_follow_the_matcher_mode() {
    // amtool at HEAD runs in the fallback mode, where any UTF-8 label name is valid.
    for file in [
        "inline/TestGroupByInvalidLabel.yml",
        "inline/TestRouteLabelsInvalidLabelName.yml",
    ] {
        assert_eq!(load(file, ParseMode::Fallback), Ok(()), "{file}");
        assert_eq!(load(file, ParseMode::Utf8Strict), Ok(()), "{file}");
        assert!(load(file, ParseMode::Classic).is_err(), "{file}");
    }
}

fn check(args: &[&str]) -> Run {
    let mut all = vec!["alertmanager", "check"];
    all.extend_from_slice(args);
    run_in(Some(&dir()), &all, None)
}

fn capture(name: &str) -> (String, String, i32) {
    let read = |ext: &str| {
        std::fs::read_to_string(dir().join(format!("check-config-outputs/{name}.{ext}")))
            .expect("capture")
    };
    let code = read("exit")
        .trim()
        .trim_start_matches("exit=")
        .parse()
        .expect("exit code");
    // lookout names itself where amtool does.
    (
        read("stdout"),
        read("stderr").replace("amtool:", "lookout:"),
        code,
    )
}

#[test]
fn output_is_amtools_byte_for_byte() {
    for (name, args) in [
        (
            "three-files",
            &[
                "config-testdata/conf.good.yml",
                "inline/TestReceiverExists.yml",
                "cli-testdata/conf.bad.yml",
            ][..],
        ),
        ("badtmpl", &["badtmpl.yml"][..]),
        ("order1", &["order1.yml"][..]),
        ("order2", &["order2.yml"][..]),
    ] {
        let (stdout, stderr, code) = capture(name);
        let args: Vec<&str> = args.to_vec();
        let in_dir = name != "three-files";
        let r = if in_dir {
            run_in(
                Some(&dir().join("check-config-outputs")),
                &[&["alertmanager", "check"][..], &args].concat(),
                None,
            )
        } else {
            check(&args)
        };
        assert_eq!(r.stdout, stdout, "{name}");
        assert_eq!(r.stderr, stderr, "{name}");
        assert_eq!(r.code, code, "{name}");
    }
}

#[test]
fn a_childs_error_comes_before_its_parents() {
    // order3: the child's bad duration wins over the root's duplicate group_by. The words are
    // HEAD's (prometheus/common since v0.42); amtool 0.25 said `not a valid duration string`.
    let (stdout, _, _) = capture("order3");
    let r = run_in(
        Some(&dir().join("check-config-outputs")),
        &["alertmanager", "check", "order3.yml"],
        None,
    )
    .expect_code(1);
    assert_eq!(
        r.stdout,
        stdout.replace(
            r#"not a valid duration string: "5x""#,
            r#"unknown unit "x" in duration "5x""#
        )
    );
}

#[test]
fn machine_outputs_point_at_the_problem() {
    let r = check(&["-o", "json", "inline/TestReceiverExists.yml"]).expect_code(1);
    let v = r.json();
    assert_eq!(v["files"][0]["ok"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["message"], "undefined receiver \"team-X\" used in route");
    assert_eq!(d["start"]["line"], 3, "{d}");
    let r = check(&["-o", "github", "config-testdata/conf.sns-invalid.yml"]).expect_code(1);
    assert!(
        r.stdout
            .starts_with("::error file=config-testdata/conf.sns-invalid.yml,line="),
        "{}",
        r.stdout
    );
    check(&["-o", "junit", "config-testdata/conf.good.yml"]).expect_code(0);
}

#[test]
fn usage_errors() {
    let r = check(&["nope.yml"]).expect_code(2);
    assert!(
        r.stderr.contains("path 'nope.yml' does not exist"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
    let r = run_in(
        Some(&dir()),
        &[
            "--enable-feature=classic-mode,utf8-strict-mode",
            "alertmanager",
            "check",
            "config-testdata/conf.good.yml",
        ],
        None,
    )
    .expect_code(2);
    assert!(r
        .stderr
        .contains("cannot have both classic and UTF-8 modes enabled"));
}

#[test]
fn same_answers_as_amtool_where_head_and_0_25_agree() {
    let Some(amtool) = crate::support::amtool() else {
        eprintln!("skipped: amtool is not installed (set $AMTOOL)");
        return;
    };
    let mut compared = 0;
    let mut failures = Vec::new();
    for (file, _, same) in rows() {
        if !same {
            continue;
        }
        let theirs = std::process::Command::new(&amtool)
            .args(["check-config", &file])
            .current_dir(dir())
            .output()
            .expect("running amtool");
        // 0.25 predates the UTF-8 matchers: its label names are the classic ones.
        let ours = run_in(
            Some(&dir()),
            &[
                "--enable-feature=classic-mode",
                "alertmanager",
                "check",
                &file,
            ],
            None,
        );
        compared += 1;
        let stdout = String::from_utf8_lossy(&theirs.stdout);
        if ours.stdout != stdout || ours.code != theirs.status.code().unwrap_or(-1) {
            failures.push(format!(
                "{file}:\n  amtool ({:?}): {stdout:?}\n  lookout ({}): {:?}",
                theirs.status.code(),
                ours.code,
                ours.stdout
            ));
        }
    }
    println!("alertmanager check vs amtool 0.25: {compared} files compared");
    assert!(compared >= 40, "{compared}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn calls_to_undefined_templates_are_warnings() {
    // prometheus/alertmanager#3490: amtool passes this file; notifications would fail.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("my.tmpl"),
        "{{ define \"my.title\" }}[{{ .Status }}]{{ end }}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("am.yml"),
        "route:\n  receiver: r\nreceivers:\n- name: r\n  slack_configs:\n  - api_url: http://slack.example.com/hook\n    title: '{{ template \"my.title\" . }}'\n    text: '{{ template \"my.text\" . }}'\n    footer: '{{ .X | nosuch }}'\ntemplates: ['*.tmpl']\n",
    )
    .expect("write");
    let r = run_in(Some(dir.path()), &["alertmanager", "check", "am.yml"], None).expect_code(0);
    assert!(
        r.stdout.ends_with(" - 1 templates\n  SUCCESS\n\n"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "  WARNING: am.yml:4:3: receiver \"r\": slack_configs[0].text uses template \"my.text\" that no template file defines; notifications will fail\n  \
         WARNING: am.yml:4:3: receiver \"r\": slack_configs[0].footer will not render: function \"nosuch\" not defined\n"
    );
    let r = run_in(
        Some(dir.path()),
        &["alertmanager", "check", "-o", "json", "am.yml"],
        None,
    )
    .expect_code(0);
    let v = r.json();
    assert_eq!(v["diagnostics"][0]["severity"], "warning");
    assert_eq!(
        v["diagnostics"][0]["code"],
        "alertmanager/notification-template"
    );
}

#[test]
fn matchers_read_by_the_classic_fallback_are_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("am.yml"),
        "route:\n  receiver: r\n  routes:\n  - matchers: ['foo=~bar\\d']\nreceivers:\n- name: r\n",
    )
    .expect("write");
    let r = run_in(Some(dir.path()), &["alertmanager", "check", "am.yml"], None).expect_code(0);
    assert!(
        r.stderr
            .starts_with("  WARNING: am.yml: msg=\"Alertmanager is moving"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(r#"suggestion="foo=~\"bar\\\\d\"""#),
        "{}",
        r.stderr
    );
    // The UTF-8 parser alone rejects it; the classic one alone accepts it silently.
    let r = run_in(
        Some(dir.path()),
        &[
            "--enable-feature=utf8-strict-mode",
            "alertmanager",
            "check",
            "am.yml",
        ],
        None,
    )
    .expect_code(1);
    assert!(r.stdout.contains("FAILED: "), "{}", r.stdout);
    let r = run_in(
        Some(dir.path()),
        &[
            "--enable-feature=classic-mode",
            "alertmanager",
            "check",
            "am.yml",
        ],
        None,
    )
    .expect_code(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}
