//! `lookout tsdb create-blocks-from openmetrics`: on every OpenMetrics fixture the blocks equal
//! promtool 2.42's (same table, same index and chunk bytes, same dump), promtool and lookout
//! both read them back, and bad inputs fail as promtool does without leaving blocks behind.

use std::path::{Path, PathBuf};

use crate::support::{run, Run};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb")
}

/// The fixtures that promtool turns into blocks.
const GOOD: [&str; 6] = [
    "basic",
    "edge",
    "lenient_floats",
    "longrange",
    "tiny_ts",
    "bad_out_of_order",
];

/// `tiny_ts` as lookout writes it: timestamps converted exactly (promtool truncates
/// `1.001 * 1000` to 1000, `1.003` to 1002 and `2.002` to 2001).
const TINY_TS_EXACT: &str = "{__name__=\"tiny_ts\"} 0 300\n\
{__name__=\"tiny_ts\"} 1 1001\n\
{__name__=\"tiny_ts\"} 2 1003\n\
{__name__=\"tiny_ts\"} 3 2002\n\
{__name__=\"tiny_ts\"} 4 4350\n\
{__name__=\"tiny_ts\"} 5 8200\n\
{__name__=\"tiny_ts\"} 6 9999\n";

fn create(input: &Path, out: &Path, flags: &[&str]) -> Run {
    let mut args = vec!["tsdb", "create-blocks-from", "openmetrics"];
    args.extend_from_slice(flags);
    let input = input.to_string_lossy().into_owned();
    let out = out.to_string_lossy().into_owned();
    args.push(&input);
    args.push(&out);
    let r = run(&args);
    assert!(!r.stderr.contains("panicked"), "{}", r.transcript());
    r
}

fn om(name: &str) -> PathBuf {
    fixtures().join("om").join(format!("{name}.om"))
}

fn expected(name: &str, kind: &str) -> String {
    std::fs::read_to_string(
        fixtures()
            .join("expected")
            .join(format!("{name}.{kind}.txt")),
    )
    .expect("expected file")
}

/// The expected dump of a fixture as lookout writes it.
fn expected_dump(name: &str) -> String {
    if name == "tiny_ts" {
        TINY_TS_EXACT.to_string()
    } else {
        expected(name, "dump")
    }
}

/// Block ULIDs (random) replaced, so tables compare.
fn mask_ulids(text: &str) -> String {
    const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    text.lines()
        .map(|l| {
            let is_ulid = l.len() > 26
                && l.as_bytes()[26] == b' '
                && l[..26].chars().all(|c| CROCKFORD.contains(c));
            if is_ulid {
                format!("ULID{}\n", &l[26..])
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

/// Block directories under `dir`, by name (= by time).
fn blocks(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.expect("entry").path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Everything in `dir` (a block dir, or leftovers such as `.tmp-for-creation` dirs).
fn entries(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[track_caller]
fn assert_same_text(name: &str, what: &str, got: &str, want: &str) {
    if got != want {
        let line = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "{name}: {what} differs at line {}: got {:?}, want {:?}",
            line + 1,
            got.lines().nth(line),
            want.lines().nth(line)
        );
    }
}

#[test]
fn every_fixture_gives_promtools_blocks() {
    for name in GOOD {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("data");
        let r = create(&om(name), &out, &[]).expect_code(0);
        // The table promtool printed (then "rc=0").
        let want = expected(name, "create");
        let want = want.strip_suffix("rc=0\n").expect("rc=0");
        assert_eq!(mask_ulids(&r.stdout), mask_ulids(want), "{name}");
        if name == "bad_out_of_order" {
            assert_eq!(
                r.stderr,
                "lookout: warning: dropped 1 sample that came after a newer (or same-time) sample \
                 of their series in the same 2h block (promtool drops these silently, or fails \
                 with \"out of order sample\" once 5,000 samples of the block were committed):\n  \
                 line 3: {__name__=\"g\"} 2 at 1700000000000: after a sample at 1700000060000\n"
            );
        } else {
            assert_eq!(r.stderr, "", "{name}");
        }
        // Byte for byte: index and chunks (tiny_ts's chunk holds the exact timestamps).
        let ours = blocks(&out);
        let theirs = blocks(&fixtures().join("blocks").join(name));
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (a, b) in ours.iter().zip(&theirs) {
            let mut files = vec!["index", "tombstones"];
            if name != "tiny_ts" {
                files.push("chunks/000001");
            }
            for f in files {
                assert!(
                    std::fs::read(a.join(f)).expect("ours")
                        == std::fs::read(b.join(f)).expect("theirs"),
                    "{name}: {f} differs from promtool's ({} vs {})",
                    a.display(),
                    b.display()
                );
            }
            let meta = std::fs::read_to_string(a.join("meta.json")).expect("meta");
            let their_meta = std::fs::read_to_string(b.join("meta.json")).expect("meta");
            let (ulid, their_ulid) = (a.file_name().unwrap(), b.file_name().unwrap());
            assert_eq!(
                meta.replace(&*ulid.to_string_lossy(), "U"),
                their_meta.replace(&*their_ulid.to_string_lossy(), "U"),
                "{name}"
            );
        }
        // And lookout reads them back.
        let dump = run(&["tsdb", "dump", &out.to_string_lossy()]).expect_code(0);
        assert_same_text(
            name,
            "lookout tsdb dump",
            &dump.stdout,
            &expected_dump(name),
        );
        assert_eq!(entries(&out).len(), ours.len(), "{name}: leftovers");
    }
}

#[test]
fn promtool_reads_our_blocks() {
    let Some(promtool) = crate::support::promtool() else {
        println!("skipping the promtool read-back: promtool not found (set PROMTOOL or install the prometheus package)");
        return;
    };
    for name in GOOD {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("data");
        create(&om(name), &out, &["-q"]).expect_code(0);
        // promtool 2.42's dump needs a wal/ directory in the data directory.
        std::fs::create_dir(out.join("wal")).expect("wal dir");
        let dump = std::process::Command::new(&promtool)
            .args(["tsdb", "dump"])
            .arg(&out)
            .output()
            .expect("promtool runs");
        assert!(dump.status.success(), "{name}: {dump:?}");
        assert_same_text(
            name,
            "promtool tsdb dump",
            &String::from_utf8_lossy(&dump.stdout),
            &expected_dump(name),
        );
        let list = std::process::Command::new(&promtool)
            .args(["tsdb", "list"])
            .arg(&out)
            .output()
            .expect("promtool runs");
        assert!(list.status.success(), "{name}: {list:?}");
        // Same samples, chunks, series and sizes as promtool's own blocks.
        let want = expected(name, "create");
        let want = want.strip_suffix("rc=0\n").expect("rc=0");
        assert_eq!(
            mask_ulids(&String::from_utf8_lossy(&list.stdout)),
            mask_ulids(want),
            "{name}"
        );
    }
}

#[test]
fn bad_inputs_fail_like_promtool_and_leave_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for name in ["bad_no_eof", "bad_no_timestamp"] {
        let out = tmp.path().join(name);
        let r = create(&om(name), &out, &[]);
        assert_eq!(
            format!("{}{}rc={}\n", r.stdout, r.stderr, r.code),
            expected(name, "create"),
            "{name}"
        );
        assert!(!out.exists(), "{name}: {:?}", entries(&out));
    }
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "empty",
            b"",
            "getting min and max timestamp: next: data does not end with # EOF\n",
        ),
        (
            "garbage",
            b"this is not OpenMetrics\n",
            "getting min and max timestamp: next: strconv.ParseFloat: parsing \"is\": invalid syntax\n",
        ),
        (
            "binary",
            b"\x00\x01\x02\xff\xfe\x80 junk\n# EOF\n",
            "getting min and max timestamp: next: \"INVALID\" \"\\x00\" is not a valid start token\n",
        ),
        (
            "late_error",
            b"a 1 1\na 2 2\n# HELP a\n# EOF\n",
            "getting min and max timestamp: next: expected text in HELP\n",
        ),
        (
            "bad_value",
            b"a 1 1\na one 2\n# EOF\n",
            "getting min and max timestamp: next: strconv.ParseFloat: parsing \"one\": invalid syntax\n",
        ),
        (
            "after_eof",
            b"a 1 1\n# EOF\na 2 2\n",
            "getting min and max timestamp: next: unexpected data after # EOF\n",
        ),
        (
            "duplicate_label",
            b"a{x=\"1\",x=\"2\"} 1 1\n# EOF\n",
            "block creation: process blocks: add sample: label name \"x\" is not unique: invalid sample\n",
        ),
        (
            "infinite_timestamp",
            b"a 1 +Inf\n# EOF\n",
            "getting min and max timestamp: next: invalid timestamp\n",
        ),
        (
            "huge_timestamp",
            b"a 1 1e300\n# EOF\n",
            "getting min and max timestamp: next: timestamp 1e300 is out of range\n",
        ),
    ];
    for (name, input, want) in cases {
        let path = tmp.path().join(format!("{name}.om"));
        std::fs::write(&path, input).expect("write");
        let out = tmp.path().join(format!("out-{name}"));
        let r = create(&path, &out, &[]).expect_code(1);
        assert_eq!(r.stdout, "", "{name}");
        assert_eq!(r.stderr, *want, "{name}");
        assert!(!out.exists(), "{name}: {:?}", entries(&out));
    }
    // Only "# EOF": nothing to write, as promtool.
    let path = tmp.path().join("eof_only.om");
    std::fs::write(&path, "# EOF\n").expect("write");
    let out = tmp.path().join("out-eof");
    let r = create(&path, &out, &[]).expect_code(0);
    assert_eq!(r.transcript(), "exit: 0\n--- stdout\n--- stderr\n");
    // I/O problems are exit 2.
    let r = create(&tmp.path().join("missing.om"), &out, &[]).expect_code(2);
    assert!(r.stderr.contains("missing.om"), "{}", r.stderr);
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let r = create(&om("tiny_ts"), &file, &[]).expect_code(2);
    assert!(r.stderr.contains("not a directory"), "{}", r.stderr);
}

#[test]
fn out_of_order_samples_are_reported_not_fatal() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("ooo.om");
    let mut text = String::from("# TYPE g gauge\n");
    for t in [10, 5, 20, 20, 20, 4, 3, 2, 1, 30] {
        text.push_str(&format!("g{{a=\"b\"}} {t} {t}\n"));
    }
    text.push_str("# EOF\n");
    std::fs::write(&path, text).expect("write");
    let out = tmp.path().join("data");
    let r = create(&path, &out, &["-q"]).expect_code(0);
    assert_eq!(r.stdout, "");
    // 20 twice more with the same value is a harmless duplicate; 5, 4, 3, 2, 1 are dropped.
    assert_eq!(
        r.stderr,
        "lookout: warning: dropped 5 samples that came after a newer (or same-time) sample of \
         their series in the same 2h block (promtool drops these silently, or fails with \
         \"out of order sample\" once 5,000 samples of the block were committed):\n  \
         line 3: {__name__=\"g\", a=\"b\"} 5 at 5000: after a sample at 10000\n  \
         line 7: {__name__=\"g\", a=\"b\"} 4 at 4000: after a sample at 20000\n  \
         line 8: {__name__=\"g\", a=\"b\"} 3 at 3000: after a sample at 20000\n  \
         line 9: {__name__=\"g\", a=\"b\"} 2 at 2000: after a sample at 20000\n  \
         line 10: {__name__=\"g\", a=\"b\"} 1 at 1000: after a sample at 20000\n"
    );
    let dump = run(&["tsdb", "dump", &out.to_string_lossy()]).expect_code(0);
    assert_eq!(
        dump.stdout,
        "{__name__=\"g\", a=\"b\"} 10 10000\n{__name__=\"g\", a=\"b\"} 20 20000\n{__name__=\"g\", a=\"b\"} 30 30000\n"
    );
}

#[test]
fn flags() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // -q: no table.
    let out = tmp.path().join("q");
    let r = create(&om("basic"), &out, &["-q"]).expect_code(0);
    assert_eq!(r.transcript(), "exit: 0\n--- stdout\n--- stderr\n");
    assert_eq!(blocks(&out).len(), 3);
    // -r: dates and binary sizes, as `tsdb list -r`.
    let out = tmp.path().join("r");
    let r = create(&om("basic"), &out, &["-r"]).expect_code(0);
    let list = run(&["tsdb", "list", "-r", &out.to_string_lossy()]).expect_code(0);
    assert_eq!(r.stdout, list.stdout);
    assert!(
        r.stdout.contains("2023-11-14 22:13:20 +0000 UTC"),
        "{}",
        r.stdout
    );
    // --max-block-duration: 30 h of data in 18h blocks (2h·3^k ≤ 24h), aligned to the epoch.
    let out = tmp.path().join("long");
    let r = create(&om("longrange"), &out, &["--max-block-duration=1d"]).expect_code(0);
    let rows: Vec<&str> = r.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{}", r.stdout);
    assert!(
        rows[0].contains("1700000000000  1700027900001"),
        "{}",
        r.stdout
    );
    assert!(
        rows[1].contains("1700028200000  1700092700001"),
        "{}",
        r.stdout
    );
    let dump = run(&["tsdb", "dump", &out.to_string_lossy()]).expect_code(0);
    assert_same_text(
        "longrange 18h",
        "dump",
        &dump.stdout,
        &expected("longrange", "dump"),
    );
    if let Some(promtool) = crate::support::promtool() {
        // promtool 2.42 has the same (hidden) flag: the same blocks.
        let theirs = tmp.path().join("long-promtool");
        let p = std::process::Command::new(&promtool)
            .args([
                "tsdb",
                "create-blocks-from",
                "openmetrics",
                "--max-block-duration=24h",
            ])
            .arg(om("longrange"))
            .arg(&theirs)
            .output()
            .expect("promtool runs");
        assert_eq!(
            mask_ulids(&String::from_utf8_lossy(&p.stdout)),
            mask_ulids(&r.stdout)
        );
        for (a, b) in blocks(&out).iter().zip(blocks(&theirs).iter()) {
            for f in ["index", "chunks/000001"] {
                assert!(
                    std::fs::read(a.join(f)).expect("ours")
                        == std::fs::read(b.join(f)).expect("theirs"),
                    "18h block {f} differs"
                );
            }
        }
    } else {
        println!("skipping the --max-block-duration comparison: promtool not found (set PROMTOOL or install the prometheus package)");
    }
    let r = create(&om("basic"), &out, &["--max-block-duration=soon"]).expect_code(2);
    assert!(r.stderr.contains("--max-block-duration"), "{}", r.stderr);
}

/// Negative timestamps stay (promtool skips everything before the first window it computes
/// with a division that truncates toward zero).
#[test]
fn negative_timestamps_are_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("neg.om");
    std::fs::write(&path, "n -1 -7200.5\nn 0 -1\nn 1 0\nn 2 1.5\n# EOF\n").expect("write");
    let out = tmp.path().join("data");
    create(&path, &out, &["-q"]).expect_code(0);
    // Windows [-4h, -2h), [-2h, 0) and [0, 2h).
    assert_eq!(blocks(&out).len(), 3);
    let dump = run(&["tsdb", "dump", &out.to_string_lossy()]).expect_code(0);
    assert_eq!(
        dump.stdout,
        "{__name__=\"n\"} -1 -7200500\n{__name__=\"n\"} 0 -1000\n{__name__=\"n\"} 1 0\n{__name__=\"n\"} 2 1500\n"
    );
}
