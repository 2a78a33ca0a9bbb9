//! `lookout tsdb analyze`: promtool 2.42's text on every fixture block (compared with the
//! live promtool when it is installed), the tables and the JSON document, and clean errors.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::support::{run, run_in, Run};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tsdb")
}

fn analyze(args: &[&str]) -> Run {
    let mut all = vec!["tsdb", "analyze"];
    all.extend_from_slice(args);
    run_in(Some(&root()), &all, None)
}

/// Every data directory of the fixtures: the conformance blocks and the analyze ones.
fn data_dirs() -> Vec<String> {
    let mut out = Vec::new();
    for parent in ["blocks", "analyze"] {
        for e in std::fs::read_dir(root().join(parent)).expect("fixture dir") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                out.push(format!(
                    "{parent}/{}",
                    path.file_name().expect("name").to_string_lossy()
                ));
            }
        }
    }
    out.sort();
    out
}

/// The ULIDs of the blocks in a data directory.
fn block_ids(dir: &str) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join(dir))
        .expect("data dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.len() == 26)
        .collect();
    ids.sort();
    ids
}

/// promtool's output cut into its sections: the title line, then the entries (an entry may
/// span lines when a label value holds a newline).
fn sections(text: &str) -> Vec<(String, Vec<String>)> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split("\n\n")
        .map(|part| {
            let mut lines = part.split('\n');
            let title = lines.next().unwrap_or_default().to_string();
            let mut entries: Vec<String> = Vec::new();
            for l in lines {
                let starts_entry = l
                    .split_once(' ')
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                match entries.last_mut() {
                    Some(last) if !starts_entry => {
                        last.push('\n');
                        last.push_str(l);
                    }
                    _ => entries.push(l.to_string()),
                }
            }
            (title, entries)
        })
        .collect()
}

/// The lists whose order of ties promtool takes from Go's randomised map iteration.
const RANDOM_TIES: [&str; 3] = [
    "Label pairs most involved in churning:",
    "Label names most involved in churning:",
    "Most common label pairs:",
];

/// Whether `ours` is a text promtool could print, given one promtool run (`theirs`) with the
/// same arguments and one listing everything (`full`): byte-identical, except that in the
/// lists of RANDOM_TIES equal counts may come in another order (and a cut at `--limit` may
/// keep other entries of the last count). Returns whether the texts are byte-identical.
fn same_as_promtool(what: &str, ours: &str, theirs: &str, full: &str) -> bool {
    if ours == theirs {
        return true;
    }
    let (o, t) = (sections(ours), sections(theirs));
    assert_eq!(o.len(), t.len(), "{what}: sections\n{ours}\n---\n{theirs}");
    let full: BTreeMap<String, HashSet<String>> = sections(full)
        .into_iter()
        .map(|(title, e)| (title, e.into_iter().collect()))
        .collect();
    for ((ot, oe), (tt, te)) in o.iter().zip(&t) {
        assert_eq!(ot, tt, "{what}");
        if oe == te {
            continue;
        }
        assert!(
            RANDOM_TIES.contains(&ot.as_str()),
            "{what}: {ot} differs:\n{oe:#?}\npromtool:\n{te:#?}"
        );
        let counts = |e: &[String]| -> Vec<String> {
            e.iter()
                .map(|l| l.split(' ').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(counts(oe), counts(te), "{what}: {ot} counts");
        let all = full.get(ot).expect("section in the full listing");
        let mut seen = HashSet::new();
        for e in oe {
            assert!(all.contains(e), "{what}: {ot}: {e:?} is not promtool's");
            assert!(seen.insert(e), "{what}: {ot}: {e:?} twice");
        }
    }
    false
}

fn promtool_output(bin: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(bin)
        .args(["tsdb", "analyze"])
        .args(args)
        .current_dir(root())
        .output()
        .expect("promtool runs");
    assert!(out.status.success(), "promtool {args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn promtool_output_matches_promtool_2_42_on_every_fixture_block() {
    let Some(promtool) = crate::support::promtool() else {
        println!("skipping the promtool comparison: promtool not found (set PROMTOOL or install the prometheus package)");
        return;
    };
    let (mut identical, mut up_to_ties) = (0, 0);
    for dir in data_dirs() {
        let ids = block_ids(&dir);
        assert!(!ids.is_empty(), "{dir}");
        // The newest block with several limits, and every block by its ID.
        let mut cases: Vec<Vec<String>> = ["", "--limit=3", "--limit=0", "--limit=1000"]
            .iter()
            .map(|flag| {
                let mut a = vec!["--extended".to_string(), dir.clone()];
                a.extend(flag.split_whitespace().map(String::from));
                a
            })
            .collect();
        cases.extend(
            ids.iter()
                .map(|id| vec!["--extended".into(), dir.clone(), id.clone()]),
        );
        for case in cases {
            let args: Vec<&str> = case.iter().map(String::as_str).collect();
            let mut ours = vec!["-o", "promtool"];
            ours.extend_from_slice(&args);
            let r = analyze(&ours).expect_code(0);
            assert_eq!(r.stderr, "", "{args:?}");
            let theirs = promtool_output(&promtool, &args);
            let mut everything: Vec<&str> = args
                .iter()
                .copied()
                .filter(|a| !a.starts_with("--limit"))
                .collect();
            everything.push("--limit=100000000");
            let full = promtool_output(&promtool, &everything);
            if same_as_promtool(&format!("{args:?}"), &r.stdout, &theirs, &full) {
                identical += 1;
            } else {
                up_to_ties += 1;
            }
        }
    }
    println!(
        "tsdb analyze vs promtool 2.42: {identical} outputs byte-identical, {up_to_ties} identical up to the order of ties promtool randomises"
    );
    assert!(identical + up_to_ties >= 60, "{identical} {up_to_ties}");
}

/// Lists promtool sorts deterministically come out byte-identical even where Go's unstable
/// sort reorders hundreds of ties (this block exercises all of pdqsort's paths).
#[test]
fn promtool_order_of_ties_in_the_sorted_lists() {
    let r = analyze(&["-o", "promtool", "--limit=5", "analyze/churn"]).expect_code(0);
    let tail = r
        .stdout
        .split_once("\nLabel names with highest cumulative label value length:\n")
        .map(|(_, t)| t)
        .expect("section");
    assert_eq!(
        tail,
        "1610 __name__\n206 l_000\n184 id\n157 l_009\n122 l_001\n\n\
         Highest cardinality labels:\n322 __name__\n97 id\n32 l_000\n21 l_009\n19 l_012\n\n\
         Highest cardinality metric names:\n41 m_000\n18 m_001\n14 m_003\n13 m_002\n12 m_006\n"
    );
    let r = analyze(&["-o", "promtool", "--limit=1000", "analyze/churn"]).expect_code(0);
    let lengths: Vec<&str> = r
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Label names with highest"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(lengths.len(), 347);
    // Go's order, not the names' order, among the names whose values total 20 bytes.
    let twenty: Vec<&str> = lengths
        .iter()
        .filter_map(|l| l.strip_prefix("20 "))
        .collect();
    assert_eq!(
        twenty,
        [
            "l_238", "l_118", "l_281", "l_234", "l_057", "l_330", "l_069", "l_047", "l_331",
            "l_337", "l_113", "l_271"
        ]
    );
}

#[test]
fn promtool_text_of_a_small_block() {
    let r = analyze(&["-o", "promtool", "--extended", "blocks/tiny_ts"]).expect_code(0);
    assert_eq!(
        r.stdout,
        "Block ID: 01M80AS4Q64T9EBGHES5AA6ZXX\nDuration: 9.7s\nSeries: 1\nLabel names: 1\n\
         Postings (unique label pairs): 1\nPostings entries (total label pairs): 1\n\n\
         Label pairs most involved in churning:\n0 __name__=tiny_ts\n\n\
         Label names most involved in churning:\n0 __name__\n\n\
         Most common label pairs:\n1 __name__=tiny_ts\n\n\
         Label names with highest cumulative label value length:\n7 __name__\n\n\
         Highest cardinality labels:\n1 __name__\n\n\
         Highest cardinality metric names:\n1 tiny_ts\n\n\
         Compaction analysis:\nFullness: Amount of samples in chunks (100% is 120 samples)\n\
         \u{20}    10%: ####################################################################################################\n\
         \u{20}    20%: \n     30%: \n     40%: \n     50%: \n     60%: \n     70%: \n     80%: \n     90%: \n    100%: \n"
    );
}

#[test]
fn tables() {
    let r = analyze(&["--limit=4", "blocks/basic"]).expect_code(0);
    insta::assert_snapshot!("analyze_table_basic", r.transcript());
    let r = analyze(&["--limit=2", "--extended", "analyze/native_hist"]).expect_code(0);
    insta::assert_snapshot!("analyze_table_extended", r.transcript());
    // NO_COLOR (set by the test runner) and a pipe: no escape sequences.
    assert!(!r.stdout.contains('\u{1b}'));
}

#[test]
fn json_document() {
    let r = analyze(&[
        "-o",
        "json",
        "--limit=3",
        "--extended",
        "analyze/native_hist",
    ])
    .expect_code(0);
    insta::assert_snapshot!("analyze_json_native_hist", r.stdout);
    // The numbers agree with promtool's text.
    let j = analyze(&["-o", "json", "--limit=1000", "blocks/basic"])
        .expect_code(0)
        .json();
    let text = analyze(&["-o", "promtool", "--limit=1000", "blocks/basic"])
        .expect_code(0)
        .stdout;
    assert_eq!(j["block"]["ulid"], "01M80AS4DC4GS3E9X1ZH4PN9J6");
    assert_eq!(j["block"]["duration"], "1h13m15.001s");
    assert_eq!(j["series"], 32);
    assert_eq!(j["label_names"], 40);
    assert_eq!(j["postings"], 73);
    assert_eq!(j["postings_entries"], 199);
    assert!(j["matcher"].is_null() && j["compaction"].is_null());
    for (key, title) in [
        (
            "churn_label_pairs",
            "Label pairs most involved in churning:",
        ),
        ("common_label_pairs", "Most common label pairs:"),
        ("label_cardinality", "Highest cardinality labels:"),
        ("metric_cardinality", "Highest cardinality metric names:"),
    ] {
        let lines: Vec<String> = j[key]["top"]
            .as_array()
            .expect("top")
            .iter()
            .map(|e| match e["value"].as_str() {
                Some(v) => format!("{} {}={v}", e["count"], e["name"].as_str().unwrap_or("")),
                None => format!("{} {}", e["count"], e["name"].as_str().unwrap_or("")),
            })
            .collect();
        let want = sections(&text)
            .into_iter()
            .find(|(t, _)| t == title)
            .map(|(_, e)| e)
            .expect("section");
        assert_eq!(lines, want, "{key}");
        assert_eq!(j[key]["total"], want.len(), "{key}");
    }
    // Churn: the exact uncovered time behind promtool's truncated number.
    let top = &j["churn_label_pairs"]["top"][0];
    assert_eq!(
        (top["name"].as_str(), top["value"].as_str()),
        (Some("__name__"), Some("batch_job_progress"))
    );
    // The block spans 4395001 ms; the series 3000000 of them.
    assert_eq!(top["uncovered_ms"], 1_395_001);
}

#[test]
fn match_selects_series_like_newer_promtool() {
    let r = analyze(&[
        "-o",
        "promtool",
        "--match",
        r#"http_requests_total{method="GET"}"#,
        "blocks/basic",
    ])
    .expect_code(0);
    let head: Vec<&str> = r.stdout.lines().take(8).collect();
    assert_eq!(
        head,
        [
            "Block ID: 01M80AS4DC4GS3E9X1ZH4PN9J6",
            "Duration: 1h13m15.001s",
            "Series: 32",
            r#"Matcher: http_requests_total{method="GET"}"#,
            "Label names: 3",
            "Matched series: 2",
            "Postings (unique label pairs): 4",
            "Postings entries (total label pairs): 6",
        ]
    );
    assert!(
        r.stdout
            .ends_with("Highest cardinality metric names:\n2 http_requests_total\n"),
        "{}",
        r.stdout
    );
    let j = analyze(&[
        "-o",
        "json",
        "--match",
        "{le=~\".+\"}",
        "--extended",
        "blocks/basic",
    ])
    .expect_code(0)
    .json();
    assert_eq!(j["matcher"], "{le=~\".+\"}");
    assert_eq!(j["matched_series"], 12);
    assert_eq!(j["compaction"]["float_chunk_samples"]["chunks"], 12);
    // Nothing matches: empty lists, not an error.
    let j = analyze(&["-o", "json", "--match", "nope", "blocks/basic"])
        .expect_code(0)
        .json();
    assert_eq!(
        (j["matched_series"].as_u64(), j["postings"].as_u64()),
        (Some(0), Some(0))
    );
    let r = analyze(&["--match", "rate(x[5m])", "blocks/basic"]).expect_code(2);
    assert!(r.stderr.contains("--match"), "{}", r.stderr);
}

#[test]
fn bad_block_id_and_dirs_without_blocks() {
    let r = analyze(&["blocks/basic", "01M80AS4AXF3MC6HP466J61CM5"]).expect_code(2);
    assert_eq!(
        r.stderr,
        "lookout: error: blocks/basic: block 01M80AS4AXF3MC6HP466J61CM5 not found\n"
    );
    assert_eq!(r.stdout, "");
    // A block of the directory by its ID, even when it is not the newest.
    let r = analyze(&["-o", "json", "blocks/basic", "01M80AS4AXF3MC6HP466J61CM4"]).expect_code(0);
    assert_eq!(r.json()["block"]["ulid"], "01M80AS4AXF3MC6HP466J61CM4");
    let empty = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(empty.path().join("wal")).expect("mkdir");
    let dir = empty.path().to_string_lossy().into_owned();
    let r = run(&["tsdb", "analyze", &dir]).expect_code(2);
    assert_eq!(
        r.stderr,
        format!("lookout: error: {dir}: no blocks found\n")
    );
    let r = run(&["tsdb", "analyze", "/no/such/dir"]).expect_code(2);
    assert!(r.stderr.contains("/no/such/dir"), "{}", r.stderr);
}

/// A writable copy of blocks/tiny_ts, to corrupt.
fn scratch_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = root().join("blocks/tiny_ts/01M80AS4Q64T9EBGHES5AA6ZXX");
    let dst = tmp.path().join("01M80AS4Q64T9EBGHES5AA6ZXX");
    for rel in ["meta.json", "index", "tombstones", "chunks/000001"] {
        let to = dst.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(&to, std::fs::read(src.join(rel)).expect("read")).expect("write");
    }
    (tmp, dst)
}

#[test]
fn corrupt_index_or_chunks_are_errors_not_panics() {
    let (tmp, block) = scratch_copy();
    let dir = tmp.path().to_string_lossy().into_owned();
    let index = block.join("index");
    let good = std::fs::read(&index).expect("read");
    // Truncated: a clear error naming the file.
    std::fs::write(&index, &good[..40]).expect("write");
    let r = run(&["tsdb", "analyze", &dir]).expect_code(2);
    assert!(r.stderr.starts_with("lookout: error: "), "{}", r.stderr);
    assert!(r.stderr.contains("/index: "), "{}", r.stderr);
    // A flipped bit in the series entry: its CRC catches it.
    let mut bad = good.clone();
    bad[0x32] ^= 0x01;
    std::fs::write(&index, &bad).expect("write");
    let r = run(&["tsdb", "analyze", &dir]).expect_code(2);
    assert!(
        r.stderr.contains("/index: at offset") && r.stderr.contains("CRC32C mismatch"),
        "{}",
        r.stderr
    );
    // Every single-bit flip anywhere: exit 0 or 2, never a crash.
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 1 << (i % 8);
        std::fs::write(&index, &bad).expect("write");
        let r = run(&["tsdb", "analyze", "-o", "json", "--extended", &dir]);
        assert!(
            r.code == 0 || r.code == 2,
            "flip at {i}: {}",
            r.transcript()
        );
        assert!(!r.stderr.contains("panicked"), "flip at {i}: {}", r.stderr);
    }
    std::fs::write(&index, &good).expect("write");
    // Chunks are read only with --extended.
    let seg = block.join("chunks/000001");
    let chunk = std::fs::read(&seg).expect("read");
    std::fs::write(&seg, &chunk[..20]).expect("write");
    run(&["tsdb", "analyze", &dir]).expect_code(0);
    let r = run(&["tsdb", "analyze", "--extended", &dir]).expect_code(2);
    assert!(r.stderr.contains("chunks/000001"), "{}", r.stderr);
}
