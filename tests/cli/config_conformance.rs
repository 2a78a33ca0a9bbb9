//! Prometheus's config/testdata (fixtures/config): every `*.good.yml` loads, and every row
//! of EXPECTED_ERRORS.tsv fails with an error containing the expected substring, through
//! the same entry point the Go test uses (LoadFile, GetScrapeConfigs, agent mode).

use std::path::{Path, PathBuf};

use lookout::config::prometheus::{load_file, LoadOptions};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/config")
}

/// Loads like `promtool check config`: the file, then its scrape config files.
fn load(path: &Path, agent: bool) -> Result<(), String> {
    let cfg = load_file(path, LoadOptions { agent }).map_err(|e| e.message)?;
    cfg.all_scrape_configs().map_err(|e| e.message)?;
    Ok(())
}

#[test]
fn every_expected_error_is_reported() {
    let table = std::fs::read_to_string(dir().join("EXPECTED_ERRORS.tsv")).expect("table");
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in table.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, want, note) = (cols[0], cols[1], cols.get(2).copied().unwrap_or(""));
        rows += 1;
        let path = dir().join(file);
        let got = if note.starts_with("TestBadStaticConfigsYML") {
            let text = std::fs::read_to_string(&path).expect("fixture");
            lookout::yaml::from_str::<lookout::config::discovery::TargetGroup>(
                &text,
                lookout::yaml::Options {
                    go_yaml_v2: true,
                    ..Default::default()
                },
            )
            .map(|_| ())
            .map_err(|e| e.to_string())
        } else {
            load(&path, note.contains("agent mode on"))
        };
        // The Go test passes `testdata/<file>`; ours is the fixture path.
        let want = want.replace("testdata/", &format!("{}/", dir().display()));
        match got {
            Ok(()) => failures.push(format!("{file}: loaded, want error containing {want:?}")),
            Err(e) if e.contains(&want) => {}
            Err(e) => failures.push(format!("{file}: got {e:?}, want {want:?}")),
        }
    }
    println!(
        "config conformance: {} of {rows} error rows as expected",
        rows - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_good_fixture_loads() {
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(dir()).expect("fixtures") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !name.ends_with(".good.yml") {
            continue;
        }
        count += 1;
        let agent = name.starts_with("agent_mode");
        if let Err(e) = load(&path, agent) {
            failures.push(format!("{name}: {e}"));
        }
    }
    println!(
        "config conformance: {} of {count} good files load",
        count - failures.len()
    );
    assert!(count > 50, "only {count} good fixtures found");
    assert!(
        failures.is_empty(),
        "{} good files fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs `check config --syntax-only FILE` with lookout and with promtool 2.42; the verdicts
/// must agree on every fixture 2.42 understands (bad files its column marks as rejected for
/// the same or a differently worded reason, good files it does not reject for a key it
/// predates).
#[test]
fn same_verdicts_as_promtool_on_the_files_it_understands() {
    let Some(promtool) = crate::support::promtool() else {
        println!("skipping the promtool comparison: promtool not found (set PROMTOOL or install the prometheus package)");
        return;
    };
    let table = std::fs::read_to_string(dir().join("EXPECTED_ERRORS.tsv")).expect("table");
    let mut files: Vec<String> = table
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let verdict = cols.get(3).copied().unwrap_or("");
            let understood = verdict.starts_with("rejected, substring found")
                || verdict.starts_with("rejected, different message");
            (understood && !cols[2].contains("agent mode")).then(|| cols[0].to_string())
        })
        .collect();
    files.dedup();
    let mut good: Vec<String> = std::fs::read_dir(dir())
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".good.yml") && !n.starts_with("agent_mode"))
        .collect();
    good.sort();
    let (mut compared, mut skipped) = (0, 0);
    let mut differ = Vec::new();
    for f in files.iter().chain(&good) {
        let theirs = std::process::Command::new(&promtool)
            .args(["check", "config", "--syntax-only", f])
            .current_dir(dir())
            .output()
            .expect("promtool runs");
        let their_text = String::from_utf8_lossy(&theirs.stderr).to_string();
        if f.ends_with(".good.yml")
            && !theirs.status.success()
            && their_text.contains("not found in type")
        {
            skipped += 1;
            continue;
        }
        let ours =
            crate::support::run_in(Some(&dir()), &["check", "config", "--syntax-only", f], None);
        compared += 1;
        if (ours.code == 0) != theirs.status.success() {
            differ.push(format!(
                "{f}: lookout exit {}, promtool exit {:?}: {their_text}",
                ours.code,
                theirs.status.code()
            ));
        }
    }
    println!("config differential: {compared} files compared with promtool, {skipped} good files use keys newer than it");
    assert!(compared >= 90, "only {compared} files compared");
    assert!(
        differ.is_empty(),
        "{} verdicts differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
