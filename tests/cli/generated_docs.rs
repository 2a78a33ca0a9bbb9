//! The shell completions under `completions/` and the man pages under `man/` are generated from
//! the clap definitions and committed. This test fails when they drift from the code; run it
//! with `UPDATE_GENERATED=1` to rewrite them (and delete files that are no longer generated).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The directories holding nothing but generated files.
const GENERATED_DIRS: [&str; 2] = ["completions", "man"];

const HOW_TO_FIX: &str =
    "the generated completions/man pages are out of date; regenerate them with\n\
     \n    UPDATE_GENERATED=1 cargo test --test cli generated_docs\n\
     \nand commit the result";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (recursively), relative to `root`. A missing directory is empty.
fn committed_files(root: &Path, dir: &str) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("reading a directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &root.join(dir), &mut out);
    out
}

/// The first line where `want` and `got` differ, to make a failure readable.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let want = String::from_utf8_lossy(want);
    let got = String::from_utf8_lossy(got);
    let mut want_lines = want.lines();
    let mut got_lines = got.lines();
    let mut n = 1;
    loop {
        match (want_lines.next(), got_lines.next()) {
            (Some(w), Some(g)) if w == g => n += 1,
            (None, None) => return "contents differ only in line endings".into(),
            (w, g) => {
                return format!(
                    "first difference at line {n}:\n      generated: {:?}\n      committed: {:?}",
                    w.unwrap_or("<end of file>"),
                    g.unwrap_or("<end of file>")
                )
            }
        }
    }
}

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = repo_root();
    let generated = lookout::cli::generated_files().expect("generating completions and man pages");
    let update = std::env::var_os("UPDATE_GENERATED").is_some_and(|v| !v.is_empty() && v != "0");

    // Everything generated must live in one of the directories checked for stale files,
    // otherwise a removed subcommand could leave its page behind unnoticed.
    for (path, _) in &generated {
        assert!(
            GENERATED_DIRS.iter().any(|d| path.starts_with(d)),
            "generated file {} is outside {GENERATED_DIRS:?}",
            path.display()
        );
    }
    let wanted: BTreeSet<&Path> = generated.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(
        wanted.len(),
        generated.len(),
        "generated_files() returned the same path twice"
    );

    let mut problems = Vec::new();
    for (rel, contents) in &generated {
        let path = root.join(rel);
        match fs::read(&path) {
            Ok(on_disk) if on_disk == *contents => {}
            Ok(on_disk) => {
                if update {
                    fs::write(&path, contents)
                        .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
                } else {
                    problems.push(format!(
                        "{} is out of date; {}",
                        rel.display(),
                        first_difference(contents, &on_disk)
                    ));
                }
            }
            Err(_) if update => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)
                        .unwrap_or_else(|e| panic!("creating {}: {e}", parent.display()));
                }
                fs::write(&path, contents)
                    .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
            }
            Err(e) => problems.push(format!("{} is missing ({e})", rel.display())),
        }
    }

    for dir in GENERATED_DIRS {
        for rel in committed_files(&root, dir) {
            if wanted.contains(rel.as_path()) {
                continue;
            }
            if update {
                let path = root.join(&rel);
                fs::remove_file(&path)
                    .unwrap_or_else(|e| panic!("removing {}: {e}", path.display()));
            } else {
                problems.push(format!(
                    "{} is no longer generated (stale; delete it)",
                    rel.display()
                ));
            }
        }
    }

    assert!(
        problems.is_empty(),
        "{HOW_TO_FIX}\n\n  - {}",
        problems.join("\n  - ")
    );
}

#[test]
fn generated_set_covers_every_shell_and_subcommand() {
    let generated = lookout::cli::generated_files().expect("generating completions and man pages");
    let names: BTreeSet<String> = generated
        .iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    for want in [
        "completions/lookout.bash",
        "completions/_lookout",
        "completions/lookout.fish",
        "completions/lookout.elv",
        "completions/_lookout.ps1",
        "man/lookout.1",
        "man/lookout-check.1",
        "man/lookout-check-promql.1",
        "man/lookout-promql.1",
        "man/lookout-promql-format.1",
        "man/lookout-promql-parse.1",
        "man/lookout-completions.1",
    ] {
        assert!(
            names.contains(want),
            "{want} is not generated; got {names:?}"
        );
    }
    for (path, contents) in &generated {
        assert!(!contents.is_empty(), "{} is empty", path.display());
    }
    // Subcommand pages are named after their full command line, so `man lookout-check-promql`
    // shows the right page.
    let page = generated
        .iter()
        .find(|(p, _)| p.ends_with("lookout-check-promql.1"))
        .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
        .unwrap_or_default();
    assert!(page.contains("lookout\\-check\\-promql"), "{page}");
    assert!(page.contains("\\-\\-file"), "{page}");
}
