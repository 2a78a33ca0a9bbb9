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
