//! Index format versions 1 and 3. The fixture blocks are version 2 (what every Prometheus
//! since 2.2 writes); `blocks/index_v1` is Prometheus's own v1 test block and is covered by
//! cli_tsdb's every-block comparison. Here each v2 fixture is re-encoded as v1 the way the
//! Go reader expects it, and relabelled v3, and must dump exactly as promtool dumped the
//! original.

use std::collections::HashMap;
use std::path::Path;

use lookout::tsdb::crc32c::checksum;
use lookout::tsdb::Decbuf;

use crate::cli_tsdb::{assert_dump, expected, fixtures};
use crate::support::run_in;

/// The v2 fixture sets (block directories of a data dir, by name).
fn v2_sets() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("blocks"))
        .expect("fixtures/tsdb/blocks")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index_v1")
        .collect();
    names.sort();
    names
}

/// A converted index, and how its series IDs changed (old → new), if they did.
type Converted = (Vec<u8>, Option<HashMap<u64, u64>>);

/// A writable copy of the fixture set `name`, each block's index passed through `f` and its
/// tombstones (keyed by series ID) following the IDs' change.
fn copy_set(name: &str, f: impl Fn(&[u8]) -> Converted) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for block in std::fs::read_dir(fixtures().join("blocks").join(name)).expect("set") {
        let src = block.expect("entry").path();
        let dst = tmp.path().join(src.file_name().expect("name"));
        let mut refs = None;
        for rel in ["meta.json", "index", "tombstones", "chunks/000001"] {
            let to = dst.join(rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            let mut b = std::fs::read(src.join(rel)).expect("read");
            if rel == "index" {
                (b, refs) = f(&b);
            } else if let (true, Some(refs)) = (rel == "tombstones", &refs) {
                b = remap_tombstones(&b, refs);
            }
            std::fs::write(&to, b).expect("write");
        }
    }
    tmp
}

/// A tombstones file (header, records of uvarint series ID, varint mint, varint maxt, CRC32C
/// of the records) with its series IDs mapped through `refs`.
fn remap_tombstones(b: &[u8], refs: &HashMap<u64, u64>) -> Vec<u8> {
    let end = b.len() - 4;
    let mut d = Decbuf::new(&b[..end], 5);
    let mut out = b[..5].to_vec();
    while d.remaining() > 0 {
        let id = d.uvarint().expect("series");
        let from = d.pos;
        d.varint().expect("mint");
        d.varint().expect("maxt");
        put_uvarint(&mut out, refs[&id]);
        out.extend_from_slice(&b[from..d.pos]);
    }
    let crc = checksum(&out[5..]);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

fn run_on(dir: &Path, args: &[&str]) -> crate::support::Run {
    let mut all = args.to_vec();
    all.push(".");
    run_in(Some(dir), &all, None)
}

fn put_uvarint(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// `BE32 len | body | BE32 CRC32C(body)`.
fn put_section(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(body);
    out.extend_from_slice(&checksum(body).to_be_bytes());
}

fn toc(b: &[u8]) -> [u64; 6] {
    let mut d = Decbuf::new(b, b.len() - 52);
    [(); 6].map(|_| d.be64().expect("TOC"))
}

fn put_toc(out: &mut Vec<u8>, offsets: [u64; 6]) {
    let start = out.len();
    for off in offsets {
        out.extend_from_slice(&off.to_be_bytes());
    }
    let crc = checksum(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// The body of the length-prefixed section at `off`.
fn section_body(b: &[u8], off: u64) -> &[u8] {
    let off = off as usize;
    let len = Decbuf::new(b, off).be32().expect("len") as usize;
    &b[off + 4..off + 4 + len]
}

/// (name, value, postings list offset) of the postings offset table, in file order.
fn postings_table(b: &[u8], off: u64) -> Vec<(Vec<u8>, Vec<u8>, u64)> {
    let body = section_body(b, off);
    let mut d = Decbuf::new(body, 0);
    let n = d.be32().expect("count");
    (0..n)
        .map(|_| {
            assert_eq!(d.uvarint().expect("keys"), 2);
            let name = d.uvarint_bytes().expect("name").to_vec();
            let value = d.uvarint_bytes().expect("value").to_vec();
            (name, value, d.uvarint().expect("offset"))
        })
        .collect()
}

/// Re-encodes a v2 index as version 1, as Prometheus 2.0 laid it out and as the Go reader
/// reads it: symbol references are the symbols' file offsets, series IDs their entries' file
/// offsets (entries packed, no 16-byte alignment), postings hold those offsets, and the
/// postings offset table is unsorted (written here in reverse). The legacy label index
/// sections, which no reader uses, are left out (TOC offsets 0). CRCs are recomputed.
fn to_v1(v2: &[u8]) -> Converted {
    let [symbols, _series, _, _, _, ptable] = toc(v2);
    assert_eq!(v2[4], 2, "a v2 fixture");
    let mut out = v2[..4].to_vec();
    out.push(1);

    // The symbol table is byte-for-byte the same; only how it is referenced changes.
    let sym_start = out.len() as u64;
    let body = section_body(v2, symbols);
    let mut sym_offsets = Vec::new();
    let mut d = Decbuf::new(body, 4);
    while d.remaining() > 0 {
        sym_offsets.push(sym_start + 4 + d.pos as u64);
        d.uvarint_bytes().expect("symbol");
    }
    put_section(&mut out, body);

    // Series in ID order (= label order), from the all-postings list.
    let table = postings_table(v2, ptable);
    let all = table
        .iter()
        .find(|(n, v, _)| n.is_empty() && v.is_empty())
        .expect("all-postings entry")
        .2;
    let ids: Vec<u64> = section_body(v2, all)[4..]
        .chunks(4)
        .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as u64)
        .collect();
    let series_start = out.len() as u64;
    let mut new_ref = HashMap::new();
    for id in ids {
        let mut d = Decbuf::new(v2, id as usize * 16);
        let len = d.uvarint_usize().expect("series len");
        let entry = &v2[d.pos..d.pos + len];
        let mut d = Decbuf::new(entry, 0);
        let mut body = Vec::new();
        let nlabels = d.uvarint().expect("labels");
        put_uvarint(&mut body, nlabels);
        for _ in 0..nlabels * 2 {
            let ordinal = d.uvarint().expect("symbol ref") as usize;
            put_uvarint(&mut body, sym_offsets[ordinal]);
        }
        body.extend_from_slice(&entry[d.pos..]); // chunk metas are encoded alike
        new_ref.insert(id, out.len() as u64);
        put_uvarint(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
        out.extend_from_slice(&checksum(&body).to_be_bytes());
    }

    let postings_start = out.len() as u64;
    let mut entries = Vec::new();
    for (name, value, off) in table {
        let list = section_body(v2, off);
        let mut body = list[..4].to_vec();
        for c in list[4..].chunks(4) {
            let id = u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as u64;
            let r = u32::try_from(new_ref[&id]).expect("v1 refs are 32-bit");
            body.extend_from_slice(&r.to_be_bytes());
        }
        entries.push((name, value, out.len() as u64));
        put_section(&mut out, &body);
    }

    let ptable_start = out.len() as u64;
    let mut body = (entries.len() as u32).to_be_bytes().to_vec();
    for (name, value, off) in entries.iter().rev() {
        put_uvarint(&mut body, 2);
        for s in [name, value] {
            put_uvarint(&mut body, s.len() as u64);
            body.extend_from_slice(s);
        }
        put_uvarint(&mut body, *off);
    }
    put_section(&mut out, &body);
    let offsets = [sym_start, series_start, 0, 0, postings_start, ptable_start];
    put_toc(&mut out, offsets);
    (out, Some(new_ref))
}

/// A v2 index relabelled version 3 (its layout is v2's; the version byte is outside every CRC).
fn to_v3(v2: &[u8]) -> Converted {
    let mut b = v2.to_vec();
    b[4] = 3;
    (b, None)
}

/// v3 as Prometheus intends to write it: no legacy label index sections (TOC entries 0).
fn to_v3_without_label_indices(v2: &[u8]) -> Converted {
    let mut offsets = toc(v2);
    offsets[2] = 0;
    offsets[3] = 0;
    let (mut b, _) = to_v3(&v2[..v2.len() - 52]);
    put_toc(&mut b, offsets);
    (b, None)
}

#[test]
fn v1_and_v3_reencodings_dump_like_promtool_dumped_the_v2_original() {
    let mut compared = 0;
    for name in v2_sets() {
        let want = expected(&name);
        for (version, convert) in [
            ("v1", to_v1 as fn(&[u8]) -> Converted),
            ("v3", to_v3),
            ("v3 without label indices", to_v3_without_label_indices),
        ] {
            let tmp = copy_set(&name, convert);
            let r = run_on(tmp.path(), &["tsdb", "dump"]).expect_code(0);
            assert!(r.stderr.is_empty(), "{name} {version}: {}", r.stderr);
            assert_dump(&format!("{name} {version}"), &r.stdout, &want);
            compared += 1;
        }
    }
    println!("index v1/v3 re-encodings dumped identically: {compared}");
    assert!(compared >= 21, "{compared}");
}

#[test]
fn v1_reencoding_analyzes_and_queries_like_the_original() {
    for name in ["basic", "edge"] {
        let v2 = copy_set(name, |b| (b.to_vec(), None));
        let v1 = copy_set(name, to_v1);
        let cmds: [&[&str]; 4] = [
            &["tsdb", "analyze", "--limit", "5"],
            &["query", "labels", "--tsdb"],
            &["query", "series", "--match", "{__name__=~\".+\"}", "--tsdb"],
            &[
                "query",
                "instant",
                "--time",
                "1700006000",
                "--output",
                "json",
                "count by (__name__) ({__name__=~\".+\"})",
                "--tsdb",
            ],
        ];
        for args in cmds {
            let a = run_on(v2.path(), args).expect_code(0);
            let b = run_on(v1.path(), args).expect_code(0);
            assert!(!a.stdout.is_empty(), "{name} {args:?}");
            // Block sizes differ (v1 entries are unpadded); everything else must agree.
            assert_dump(&format!("{name} {args:?}"), &b.stdout, &a.stdout);
        }
    }
}

#[test]
fn other_versions_are_refused_naming_file_and_offset() {
    for version in [0u8, 4, 255] {
        let tmp = copy_set("tiny_ts", |b| {
            let mut b = b.to_vec();
            b[4] = version;
            (b, None)
        });
        let r = run_on(tmp.path(), &["tsdb", "dump"]).expect_code(2);
        assert!(
            r.stderr.contains(&format!(
                "/index: at offset 4: unsupported index format version {version}"
            )),
            "{version}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn truncated_or_corrupt_v1_indexes_are_errors_naming_the_file() {
    let tmp = copy_set("tiny_ts", to_v1);
    let block = std::fs::read_dir(tmp.path())
        .expect("dir")
        .next()
        .expect("one block")
        .expect("entry")
        .path();
    let index = block.join("index");
    let good = std::fs::read(&index).expect("read");
    assert_eq!(good[4], 1);
    for keep in [0, 4, 5, 20, good.len() / 2, good.len() - 1] {
        std::fs::write(&index, &good[..keep]).expect("write");
        let r = run_on(tmp.path(), &["tsdb", "dump"]).expect_code(2);
        assert!(r.stderr.contains("/index: "), "{keep}: {}", r.stderr);
    }
    // Every single-bit flip: a clean error or a dump, never a crash.
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 1 << (i % 8);
        std::fs::write(&index, &bad).expect("write");
        let r = run_on(tmp.path(), &["tsdb", "dump"]);
        assert!(r.code == 0 || r.code == 2, "byte {i}: {}", r.transcript());
        if r.code == 2 {
            assert!(r.stderr.contains("/index: "), "byte {i}: {}", r.stderr);
        }
    }
}
