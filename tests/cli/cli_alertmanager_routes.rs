//! `lookout alertmanager routes show|test`: amtool's tree drawing byte for byte, its
//! receivers for the 47 routing cases, and the same answers as the installed amtool.

use std::path::{Path, PathBuf};

use crate::support::{amtool, run_in, Run};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/alertmanager/routes")
}

fn routes(args: &[&str]) -> Run {
    let mut all = vec!["alertmanager", "routes"];
    all.extend_from_slice(args);
    run_in(Some(&dir()), &all, None)
}

fn output(name: &str) -> String {
    std::fs::read_to_string(dir().join("outputs").join(name)).expect("capture")
}

/// The labels column of cases.tsv: `k=v` items split on commas outside double quotes.
fn split_labels(column: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut cur, mut quoted) = (String::new(), false);
    for c in column.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// (config, labels, expected receivers) of every case.
fn cases() -> Vec<(String, Vec<String>, String)> {
    let table = std::fs::read_to_string(dir().join("cases.tsv")).expect("cases");
    table
        .lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (
                cols[0].to_string(),
                split_labels(cols[1]),
                cols[2].to_string(),
            )
        })
        .collect()
}

#[test]
fn show_draws_amtools_tree() {
    // Every `show.NAME.stdout` capture is amtool's tree for NAME.yml.
    let mut names: Vec<String> = std::fs::read_dir(dir().join("outputs"))
        .expect("outputs")
        .filter_map(|e| {
            let file = e.ok()?.file_name().to_string_lossy().into_owned();
            Some(
                file.strip_prefix("show.")?
                    .strip_suffix(".stdout")?
                    .to_string(),
            )
        })
        .collect();
    names.sort();
    for name in &names {
        let file = format!("{name}.yml");
        let want = output(&format!("show.{name}.stdout"));
        let r = routes(&["--config.file", &file]).expect_code(0);
        assert_eq!(r.stdout, want, "{name}");
        let r = routes(&["show", "--config.file", &file]).expect_code(0);
        assert_eq!(r.stdout, want, "{name}");
    }
    println!(
        "alertmanager routes show: {} of {} trees byte-identical to amtool's",
        names.len(),
        names.len()
    );
    assert_eq!(names.len(), 5);
}

#[test]
fn every_case_gets_amtools_receivers() {
    let all = cases();
    let mut failures = Vec::new();
    for (config, labels, want) in &all {
        let mut args = vec!["test", "--config.file", config];
        args.extend(labels.iter().map(String::as_str));
        let r = routes(&args);
        if r.code != 0 || r.stdout != format!("{want}\n") {
            failures.push(format!("{config} {labels:?}: {}", r.transcript()));
        }
        // Verifying the expected receivers passes.
        let verify = format!("--verify.receivers={want}");
        let mut args = vec!["test", "--config.file", config, &verify];
        args.extend(labels.iter().map(String::as_str));
        if routes(&args).code != 0 {
            failures.push(format!("{config} {labels:?}: --verify.receivers failed"));
        }
    }
    println!(
        "alertmanager routing cases: {} of {} as amtool",
        all.len() - failures.len(),
        all.len()
    );
    assert_eq!(all.len(), 47);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn test_outputs_are_amtools() {
    let r = routes(&[
        "test",
        "--config.file",
        "teams.yml",
        "service=foo1",
        "severity=critical",
    ]);
    assert_eq!(r.expect_code(0).stdout, output("test.teams.case1.stdout"));
    let r = routes(&[
        "test",
        "--tree",
        "--config.file",
        "continue-fanout.yml",
        "team=a",
        "severity=critical",
        "service=api",
    ]);
    assert_eq!(
        r.expect_code(0).stdout,
        output("test-tree.continue-fanout.case1.stdout")
    );
    let r = routes(&[
        "test",
        "--tree",
        "--config.file",
        "negative-matchers.yml",
        "env=prod",
        "job=node",
        "owner=me",
    ]);
    assert_eq!(
        r.expect_code(0).stdout,
        output("test-tree.negative-matchers.case1.stdout")
    );
    let r = routes(&[
        "test",
        "--config.file",
        "teams.yml",
        "--verify.receivers=team-X-pager",
        "service=database",
    ]);
    assert_eq!(
        r.expect_code(1).stdout,
        output("test-verify-mismatch.teams.stdout")
    );
    // With the five trees of `show`, every capture in outputs/ is compared.
    let captures = std::fs::read_dir(dir().join("outputs"))
        .expect("outputs")
        .count();
    assert_eq!(captures, 5 + 4);
    println!("alertmanager routes test: 4 of 4 outputs byte-identical to amtool's");
}

#[test]
fn bad_labels_and_configs() {
    let r = routes(&["test", "--config.file", "teams.yml", "service=~data"]).expect_code(2);
    assert!(
        r.stderr
            .contains("Labels must be specified as key=value pairs"),
        "{}",
        r.stderr
    );
    let r = routes(&["test", "--config.file", "teams.yml", "service"]).expect_code(2);
    assert!(
        r.stderr.contains("Failed to parse labels: "),
        "{}",
        r.stderr
    );
    let bad = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/alertmanager/inline/TestReceiverExists.yml");
    let r = routes(&["show", "--config.file", &bad.to_string_lossy()]).expect_code(1);
    assert!(
        r.stderr
            .contains("undefined receiver \"team-X\" used in route"),
        "{}",
        r.stderr
    );
}

#[test]
fn same_receivers_as_amtool() {
    let Some(amtool) = amtool() else {
        eprintln!("skipped: amtool is not installed (set $AMTOOL)");
        return;
    };
    let mut failures = Vec::new();
    for (config, labels, _) in cases() {
        let theirs = std::process::Command::new(&amtool)
            .args(["config", "routes", "test", "--config.file", &config])
            .args(&labels)
            .current_dir(dir())
            .output()
            .expect("running amtool");
        let mut args = vec!["test", "--config.file", &config];
        args.extend(labels.iter().map(String::as_str));
        let ours = routes(&args);
        if ours.stdout != String::from_utf8_lossy(&theirs.stdout) {
            failures.push(format!("{config} {labels:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn grouping_is_verified() {
    // The database route sets its own group_by; its children inherit it.
    let r = routes(&[
        "test",
        "--config.file",
        "teams.yml",
        "--verify.grouping=database, alertname,cluster",
        "service=database",
        "owner=team-Y",
    ]);
    assert_eq!(r.expect_code(0).stdout, "team-Y-pager\n");
    let r = routes(&[
        "test",
        "--config.file",
        "teams.yml",
        "--verify.grouping=alertname,cluster,service",
        "service=database",
    ]);
    assert_eq!(
        r.expect_code(1).stdout,
        "team-DB-pager\nWARNING: Expected grouping [alertname,cluster,service] did not match resolved grouping [alertname,cluster,database].\n"
    );
    // `group_by: ['...']` groups by every label.
    let r = routes(&[
        "test",
        "--config.file",
        "classic-match.yml",
        "--verify.grouping=...",
        "team=infra",
        "env=staging",
    ]);
    assert_eq!(r.code, 0, "{}", r.transcript());
}

#[test]
fn test_files_run_every_test() {
    let r = routes(&[
        "test",
        "--config.file",
        "teams.yml",
        "--test-file",
        "tests/teams.tests.yml",
    ]);
    assert_eq!(
        r.expect_code(0).stdout,
        "PASS  database alerts page the DB team\nPASS  #2 {owner=\"team-X\",service=\"database\"}\nPASS  critical foo alerts page team X\n3 tests, 0 failed\n"
    );
    let r = routes(&[
        "test",
        "--config.file",
        "teams.yml",
        "--test-file",
        "tests/teams.failing.yml",
    ]);
    assert_eq!(
        r.expect_code(1).stdout,
        "PASS  files alerts go to team Y\n\
         FAIL  wrong receiver: receivers [team-Y-pager], want [team-Y-mails]\n\
         FAIL  wrong grouping: route {service=\"database\"} of team-DB-pager groups by [alertname,cluster,database], want [...]\n\
         3 tests, 2 failed\n"
    );
    let r = routes(&[
        "test",
        "--config.file",
        "teams.yml",
        "--test-file",
        "teams.yml",
    ])
    .expect_code(2);
    assert!(r.stderr.contains("field global not found"), "{}", r.stderr);
}

#[test]
fn time_intervals_at_a_given_time() {
    let at = |time: &str| {
        routes(&[
            "test",
            "--config.file",
            "timed.yml",
            "--at",
            time,
            "team=db",
        ])
    };
    // Without --at, time intervals do not matter (as amtool).
    let r = routes(&["test", "--config.file", "timed.yml", "team=db"]).expect_code(0);
    assert_eq!(r.stdout, "db-pager,db-mail\n");
    // 10:00 on a Monday in Tokyo: office hours.
    let r = at("2024-01-08T01:00:00Z").expect_code(0);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str()),
        ("db-pager,db-mail\n", "")
    );
    // 21:00 in Tokyo: the pager is held back.
    let r = at("2024-01-08T12:00:00Z").expect_code(0);
    assert_eq!(r.stdout, "db-mail\n");
    assert_eq!(
        r.stderr,
        "db-pager: muted at 2024-01-08T12:00:00Z: outside active time intervals \"office-hours\"\n"
    );
    // The last day of the month at 23:00 UTC: maintenance mutes the mail too.
    let r = at("1706742000").expect_code(0);
    assert_eq!(r.stdout, "\n");
    assert!(
        r.stderr.contains(
            "db-mail: muted at 2024-01-31T23:00:00Z: inside mute time interval \"maintenance\""
        ),
        "{}",
        r.stderr
    );
    let r = at("yesterday").expect_code(2);
    assert!(r.stderr.contains("--at"), "{}", r.stderr);
}

#[test]
fn inhibition_by_firing_alerts() {
    let target = [
        "service=files",
        "severity=warning",
        "alertname=A",
        "cluster=c",
    ];
    let run = |source: &str| {
        let mut args = vec![
            "test",
            "--config.file",
            "teams.yml",
            "--inhibited-by",
            source,
        ];
        args.extend(target);
        routes(&args)
    };
    // teams.yml: critical alerts inhibit warnings with the same alertname, cluster, service.
    let r =
        run(r#"{severity="critical",alertname="A",cluster="c",service="files"}"#).expect_code(0);
    assert_eq!(r.stdout, "\n");
    assert_eq!(
        r.stderr,
        "inhibited by {alertname=\"A\",cluster=\"c\",service=\"files\",severity=\"critical\"} through inhibit rule 1\n"
    );
    let r = run("severity=critical,alertname=A,cluster=d,service=files").expect_code(0);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str()),
        ("team-Y-mails\n", "")
    );
    let r = run("severity=~crit").expect_code(2);
    assert!(r.stderr.contains("key=value"), "{}", r.stderr);
}

#[test]
fn configuration_sources() {
    let r = routes(&["show"]).expect_code(2);
    assert!(
        r.stderr
            .contains("You have to specify one of --config.file or --alertmanager.url flags."),
        "{}",
        r.stderr
    );
    // The file wins, with amtool's warning.
    let r = routes(&[
        "show",
        "--config.file",
        "teams.yml",
        "--alertmanager.url",
        "http://127.0.0.1:1",
    ])
    .expect_code(0);
    assert_eq!(r.stdout, output("show.teams.stdout"));
    assert_eq!(
        r.stderr,
        "Warning: --config.file flag overrides the --alertmanager.url.\n"
    );
    let r = routes(&["show", "--alertmanager.url", "http://127.0.0.1:1"]).expect_code(2);
    assert!(
        r.stderr.contains("no answer from the Alertmanager"),
        "{}",
        r.stderr
    );
}
