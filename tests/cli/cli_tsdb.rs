//! `lookout tsdb dump`: byte-identical to `promtool tsdb dump` (2.42) on the conformance
//! blocks, and clean errors on corrupt files.

use std::path::{Path, PathBuf};

use crate::support::run_in;

pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb")
}

fn dump(args: &[&str]) -> crate::support::Run {
    let mut all = vec!["tsdb", "dump"];
    all.extend_from_slice(args);
    run_in(Some(&fixtures()), &all, None)
}

pub(crate) fn expected(name: &str) -> String {
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
    // Overlapping selectors: each series once, in label order.
    let r = dump(&[
        "blocks/basic",
        "--match",
        "flaky_up",
        "--match",
        r#"{__name__=~"fast_gauge|flaky_up"}"#,
    ])
    .expect_code(0);
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

// Whole data directories: blocks plus the head (chunks_head/, wal/), as promtool 2.42's
// read-only open sees them.

const BLOCK_END: i64 = 1_700_006_400_000;

/// Asserts `got` equals the expected dump `name`, pointing at the first differing line.
pub(crate) fn assert_dump(name: &str, got: &str, want: &str) {
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "{name}: dump differs at line {} (got {} lines, want {}): got {:?}, want {:?}",
            line + 1,
            got.lines().count(),
            want.lines().count(),
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}

#[test]
fn datadir_with_head_matches_promtool_byte_for_byte() {
    let r = dump(&["datadirs/rw_snapshot"]).expect_code(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_dump("rw_snapshot", &r.stdout, &expected("rw_snapshot"));
}

/// Whether this build decodes native histogram chunks (the histogram chunk decoder lands
/// from another branch): checked on the head's first histogram chunk.
fn histogram_chunks_decode(datadir: &Path) -> bool {
    use lookout::tsdb::head_chunks::HeadChunkFiles;
    let files = HeadChunkFiles::open(&datadir.join("chunks_head")).expect("chunks_head");
    let scan = files.scan();
    let chunk = scan
        .chunks
        .iter()
        .find(|c| c.is_histogram())
        .expect("a histogram chunk");
    files.decode(chunk).is_ok()
}

#[test]
fn datadir_with_native_histograms_matches_promtool_byte_for_byte() {
    let want = expected("rw_native_hist");
    // The float series of the block alone, which needs no histogram decoding: the head is
    // not loaded for a query ending before the newest block does, and the histogram series
    // is not selected.
    let before = BLOCK_END - 1;
    let r = dump(&[
        "datadirs/rw_native_hist",
        &format!("--max-time={before}"),
        "--match",
        r#"{__name__!="rw_native_hist"}"#,
    ])
    .expect_code(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_dump(
        "rw_native_hist",
        &r.stdout,
        &lines_in(&want, i64::MIN, before),
    );
    assert!(r.stdout.lines().count() > 100);

    let dir = fixtures().join("datadirs/rw_native_hist");
    if !histogram_chunks_decode(&dir) {
        // Until then the whole dump is a clean error naming the chunk.
        let r = dump(&["datadirs/rw_native_hist"]).expect_code(2);
        assert!(
            r.stderr.contains("rw_native_hist/") && r.stderr.contains(": at offset "),
            "{}",
            r.stderr
        );
        println!("skipping the full rw_native_hist comparison: histogram chunks do not decode yet");
        return;
    }
    let r = dump(&["datadirs/rw_native_hist"]).expect_code(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_dump("rw_native_hist", &r.stdout, &want);
}

#[test]
fn datadir_time_range_and_match_span_blocks_and_head() {
    let want = expected("rw_snapshot");
    let (a, b) = (BLOCK_END - 600_000, BLOCK_END + 1_200_000);
    let r = dump(&[
        "datadirs/rw_snapshot",
        &format!("--min-time={a}"),
        &format!("--max-time={b}"),
    ])
    .expect_code(0);
    assert_eq!(r.stdout, lines_in(&want, a, b));
    // Only the head.
    let r = dump(&["datadirs/rw_snapshot", &format!("--min-time={BLOCK_END}")]).expect_code(0);
    assert_eq!(r.stdout, lines_in(&want, BLOCK_END, i64::MAX));
    let r = dump(&["datadirs/rw_snapshot", "--match", "rw_gauge"]).expect_code(0);
    let lines: String = want
        .lines()
        .filter(|l| l.starts_with(r#"{__name__="rw_gauge""#))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!lines.is_empty());
    assert_eq!(r.stdout, lines);
}

/// A writable copy of a fixture data directory.
fn datadir_copy(name: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read_dir") {
            let e = e.expect("entry");
            if e.path().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
            }
        }
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    copy(&fixtures().join("datadirs").join(name), tmp.path());
    tmp
}

#[test]
fn corrupt_wal_tail_is_a_warning_and_the_rest_is_dumped() {
    let want = expected("rw_snapshot");
    let tmp = datadir_copy("rw_snapshot");
    let seg = tmp.path().join("wal/00000000");
    let b = std::fs::read(&seg).expect("read");
    // Cut the segment in its third record: the records before it are replayed.
    let cut = 2_000;
    std::fs::write(&seg, &b[..cut]).expect("write");
    let r = dump_dir(tmp.path()).expect_code(0);
    assert!(
        r.stderr
            .starts_with("lookout: warning: ./wal/00000000: at offset ")
            && r.stderr.contains("the WAL is read up to here"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let got: Vec<&str> = r.stdout.lines().collect();
    assert!(got.len() < want.lines().count());
    assert!(got.len() > 300, "{}", got.len());
    assert!(got.iter().all(|l| want.contains(&format!("{l}\n"))));
    // A flipped bit: the checksum catches it.
    let mut bad = b.clone();
    bad[2_000] ^= 0x04;
    std::fs::write(&seg, &bad).expect("write");
    let r = dump_dir(tmp.path()).expect_code(0);
    assert!(r.stderr.contains("unexpected checksum"), "{}", r.stderr);
}

#[test]
fn corrupt_head_chunks_are_read_from_the_wal_instead() {
    // Prometheus deletes a corrupt head chunk file and replays those samples from the WAL,
    // which still has them all here: the dump is unchanged, with a warning.
    let tmp = datadir_copy("rw_snapshot");
    let file = tmp.path().join("chunks_head/000001");
    let mut b = std::fs::read(&file).expect("read");
    b[600] ^= 0x10;
    std::fs::write(&file, &b).expect("write");
    let r = dump_dir(tmp.path()).expect_code(0);
    assert!(
        r.stderr
            .contains("chunks_head/000001: at offset 507: head chunk: CRC32C mismatch"),
        "{}",
        r.stderr
    );
    assert_dump("rw_snapshot", &r.stdout, &expected("rw_snapshot"));
    // A bad header is an error, as in Prometheus.
    b[0] = 0;
    b[1] = 1;
    std::fs::write(&file, &b).expect("write");
    let r = dump_dir(tmp.path()).expect_code(2);
    assert!(
        r.stderr
            .contains("chunks_head/000001: at offset 0: invalid magic number"),
        "{}",
        r.stderr
    );
}

#[test]
fn mangled_head_files_never_crash_the_dump() {
    for (name, rel) in [
        ("rw_snapshot", "wal/00000000"),
        ("rw_snapshot", "chunks_head/000001"),
        ("rw_native_hist", "wal/00000000"),
        ("rw_native_hist", "chunks_head/000001"),
    ] {
        let tmp = datadir_copy(name);
        let path = tmp.path().join(rel);
        let orig = std::fs::read(&path).expect("read");
        for i in 0..12 {
            let mut b = orig.clone();
            match i % 3 {
                0 => b.truncate(i * 211 + 5),
                1 => b[i * 173 + 3] ^= 0xff,
                _ => b[i * 97 + 11] = 0x80,
            }
            std::fs::write(&path, &b).expect("write");
            let r = dump_dir(tmp.path());
            assert!(
                r.code == 0 || r.code == 2,
                "{name} {rel} #{i}: exit {}: {}",
                r.code,
                r.stderr
            );
            assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        }
    }
}

#[test]
fn openmetrics_dump_reads_back_into_the_same_blocks() {
    // `dump --format openmetrics` is newer promtool's dump-openmetrics text; backfilling it
    // gives blocks whose dump is the original's, for every fixture block made from
    // OpenMetrics input.
    for name in ["basic", "edge", "longrange", "tiny_ts", "lenient_floats"] {
        let om = dump(&["--format", "openmetrics", &format!("blocks/{name}")]);
        assert_eq!(om.code, 0, "{}", om.stderr);
        assert!(om.stdout.ends_with("\n# EOF\n"), "{name}");
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("in.om");
        std::fs::write(&file, &om.stdout).unwrap();
        let out = tmp.path().join("out");
        let r = crate::support::run(&[
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "-q",
            file.to_str().unwrap(),
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let again = crate::support::run(&["tsdb", "dump", out.to_str().unwrap()]);
        assert_eq!(again.stdout, expected(name), "{name}");
    }
    let om = dump(&["--format", "openmetrics", "blocks/edge"]);
    assert!(
        om.stdout
            .contains("edge_values{case=\"special\"} -0 1700000015.000\n"),
        "{}",
        om.stdout
    );
}
