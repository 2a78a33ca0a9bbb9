//! `lookout tsdb dump`: byte-identical to `promtool tsdb dump` (2.42) on the conformance
//! blocks, and clean errors on corrupt files.

use std::path::{Path, PathBuf};

use crate::support::run_in;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb")
}

fn dump(args: &[&str]) -> crate::support::Run {
    let mut all = vec!["tsdb", "dump"];
    all.extend_from_slice(args);
    run_in(Some(&fixtures()), &all, None)
}

fn expected(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("expected").join(format!("{name}.dump.txt")))
        .expect("expected dump")
}

#[test]
fn every_block_dir_matches_promtool_byte_for_byte() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("blocks"))
        .expect("fixtures/tsdb/blocks")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        let r = dump(&[&format!("blocks/{name}")]).expect_code(0);
        assert!(r.stderr.is_empty(), "{name}: {}", r.stderr);
        // Not assert_eq!: the dumps are large; point at the first differing line instead.
        let want = expected(&name);
        if r.stdout != want {
            let line = r
                .stdout
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(r.stdout.lines().count().min(want.lines().count()));
            panic!(
                "{name}: dump differs at line {}: got {:?}, want {:?}",
                line + 1,
                r.stdout.lines().nth(line),
                want.lines().nth(line)
            );
        }
    }
}

/// The expected lines of a dump whose timestamp lies in [mint, maxt].
fn lines_in(dump: &str, mint: i64, maxt: i64) -> String {
    dump.lines()
        .filter(|l| {
            let t: i64 = l
                .rsplit(' ')
                .next()
                .and_then(|t| t.parse().ok())
                .expect("timestamp");
            mint <= t && t <= maxt
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn time_range_is_inclusive() {
    let r = dump(&["blocks/tiny_ts", "--min-time", "1000", "--max-time", "4350"]).expect_code(0);
    assert_eq!(r.stdout, lines_in(&expected("tiny_ts"), 1000, 4350));
    assert_eq!(r.stdout.lines().count(), 4);
    // Across block boundaries and with tombstones.
    let (a, b) = (1_700_020_000_000, 1_700_050_000_000);
    let r = dump(&[
        "blocks/longrange_compacted_tombstones",
        &format!("--min-time={a}"),
        &format!("--max-time={b}"),
    ])
    .expect_code(0);
    assert_eq!(
        r.stdout,
        lines_in(&expected("longrange_compacted_tombstones"), a, b)
    );
    let r = dump(&["blocks/tiny_ts", "--max-time", "-1"]).expect_code(0);
    assert_eq!(r.stdout, "");
}

#[test]
fn match_selects_series() {
    let r = dump(&[
        "blocks/basic",
        "--match",
        r#"http_requests_total{method="POST"}"#,
    ])
    .expect_code(0);
    let want: String = expected("basic")
        .lines()
        .filter(|l| {
            l.starts_with(r#"{__name__="http_requests_total", "#) && l.contains(r#"method="POST""#)
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(r.stdout, want);
    // Repeated selectors: series matching any of them.
    let r = dump(&[
        "blocks/basic",
        "--match",
        "fast_gauge",
        "--match",
        "flaky_up",
    ])
    .expect_code(0);
    let want: String = expected("basic")
        .lines()
        .filter(|l| {
            l.starts_with(r#"{__name__="fast_gauge""#) || l.starts_with(r#"{__name__="flaky_up""#)
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(r.stdout, want);
    let r = dump(&["blocks/basic", "--match", "rate(x[5m])"]).expect_code(2);
    assert!(
        r.stderr.contains("expected a series selector"),
        "{}",
        r.stderr
    );
    // Like promtool, a selector may match everything with empty-value matchers.
    let r = dump(&["blocks/tiny_ts", "--match", r#"{job=""}"#]).expect_code(0);
    assert_eq!(r.stdout, expected("tiny_ts"));
}

#[test]
fn a_single_block_dir_and_missing_dirs() {
    let block = std::fs::read_dir(fixtures().join("blocks/tiny_ts"))
        .expect("dir")
        .next()
        .expect("one block")
        .expect("entry")
        .path();
    let r = run_in(
        None,
        &["tsdb", "dump", block.to_str().expect("utf-8")],
        None,
    )
    .expect_code(0);
    assert_eq!(r.stdout, expected("tiny_ts"));
    let r = dump(&["no/such/dir"]).expect_code(2);
    assert!(r.stderr.contains("no/such/dir"), "{}", r.stderr);
}

/// A writable scratch copy of blocks/tiny_ts, to corrupt.
fn scratch_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = std::fs::read_dir(fixtures().join("blocks/tiny_ts"))
        .expect("dir")
        .next()
        .expect("one block")
        .expect("entry")
        .path();
    let dst = tmp.path().join(src.file_name().expect("name"));
    for rel in ["meta.json", "index", "tombstones", "chunks/000001"] {
        let to = dst.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(&to, std::fs::read(src.join(rel)).expect("read")).expect("write");
    }
    (tmp, dst)
}

fn dump_dir(dir: &Path) -> crate::support::Run {
    run_in(Some(dir), &["tsdb", "dump", "."], None)
}

#[test]
fn truncated_index_is_an_error_naming_the_file() {
    let (tmp, block) = scratch_copy();
    let index = block.join("index");
    let b = std::fs::read(&index).expect("read");
    for keep in [0, 3, 40, b.len() - 1] {
        std::fs::write(&index, &b[..keep]).expect("write");
        let r = dump_dir(tmp.path()).expect_code(2);
        assert!(r.stderr.contains("/index: "), "{keep}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    // A flipped bit in the series section: the CRC catches it.
    let mut bad = b.clone();
    bad[0x32] ^= 0x01;
    std::fs::write(&index, &bad).expect("write");
    let r = dump_dir(tmp.path()).expect_code(2);
    assert!(r.stderr.contains("/index: at offset"), "{}", r.stderr);
    assert!(r.stderr.contains("CRC32C mismatch"), "{}", r.stderr);
}

#[test]
fn corrupt_chunk_file_is_an_error_naming_the_file() {
    let (tmp, block) = scratch_copy();
    let seg = block.join("chunks/000001");
    let b = std::fs::read(&seg).expect("read");
    let mut bad = b.clone();
    bad[20] ^= 0x40;
    std::fs::write(&seg, &bad).expect("write");
    let r = dump_dir(tmp.path()).expect_code(2);
    assert!(
        r.stderr
            .contains("chunks/000001: at offset 9: chunk: CRC32C mismatch"),
        "{}",
        r.stderr
    );
    for keep in [0, 6, 30, b.len() - 1] {
        std::fs::write(&seg, &b[..keep]).expect("write");
        let r = dump_dir(tmp.path()).expect_code(2);
        assert!(r.stderr.contains("chunks/000001"), "{keep}: {}", r.stderr);
    }
    std::fs::remove_file(&seg).expect("rm");
    let r = dump_dir(tmp.path()).expect_code(2);
    assert!(r.stderr.contains("chunks/000001"), "{}", r.stderr);
}

#[test]
fn list_prints_promtools_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb/blocks/basic");
    let dir = dir.to_string_lossy();
    let r = crate::support::run(&["tsdb", "list", &dir]).expect_code(0);
    assert_eq!(
        r.stdout,
        "BLOCK ULID                  MIN TIME       MAX TIME       DURATION      NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE\n\
         01M80AS4AXF3MC6HP466J61CM4  1700000000000  1700006390001  1h46m30.001s  3352         34           32           17754\n\
         01M80AS4BGK04A2YEKQZRAXWQX  1700006405000  1700013590001  1h59m45.001s  3757         35           32           18839\n\
         01M80AS4DC4GS3E9X1ZH4PN9J6  1700013605000  1700018000001  1h13m15.001s  2317         34           32           14558\n"
    );
    let r = crate::support::run(&["tsdb", "list", "-r", &dir]).expect_code(0);
    assert!(
        r.stdout.contains("2023-11-14 22:13:20 +0000 UTC  2023-11-14 23:59:50 +0000 UTC  1h46m30.001s  3352         34           32           17KiB346B\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn list_matches_promtool_on_every_fixture() {
    let Some(promtool) = crate::support::promtool() else {
        println!("skipping the promtool comparison: promtool not found (set PROMTOOL or install the prometheus package)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb/blocks");
    let mut compared = 0;
    for entry in std::fs::read_dir(&root).expect("blocks") {
        let dir = entry.expect("entry").path();
        let dir = dir.to_string_lossy().to_string();
        for flags in [&[][..], &["-r"][..]] {
            let mut args = vec!["tsdb", "list"];
            args.extend_from_slice(flags);
            args.push(&dir);
            let ours = crate::support::run(&args).expect_code(0);
            let theirs = std::process::Command::new(&promtool)
                .args(&args)
                .output()
                .expect("promtool runs");
            assert_eq!(
                ours.stdout,
                String::from_utf8_lossy(&theirs.stdout),
                "{dir} {flags:?}"
            );
            compared += 1;
        }
    }
    assert!(compared >= 14, "{compared}");
}
