//! `lookout check web-config`: promtool's output and exit codes, exporter-toolkit's messages
//! (as of the version Prometheus builds with), positions in the machine formats, and the
//! same verdicts as promtool on every fixture.

use std::path::{Path, PathBuf};

use crate::support::run_in;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/web-config")
}

/// Every `*.yml` fixture, sorted.
fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("fixtures/web-config")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yml"))
        .collect();
    names.sort();
    names
}

/// Each bad fixture and the message after `FAILED: ` (exporter-toolkit v0.17 on Go 1.25).
const BAD: &[(&str, &str)] = &[
    ("bad-cipher.bad.yml", "unknown cipher: TLS_INVENTED_CIPHER"),
    ("bad-client-auth.bad.yml", "invalid ClientAuth: Sometimes"),
    ("bad-curve.bad.yml", "unknown curve: CurveP999"),
    ("bad-der-cert.bad.yml", "failed to load X509KeyPair: x509: malformed tbs certificate"),
    ("bad-der-key.bad.yml", "failed to load X509KeyPair: tls: failed to parse private key"),
    ("bad-max-tls-version.bad.yml", "unknown TLS version: SSL30"),
    ("bad-tls-version.bad.yml", "unknown TLS version: TLS14"),
    ("bcrypt-cost-range.bad.yml", "crypto/bcrypt: cost 32 is outside allowed inclusive range 4..31"),
    ("bcrypt-cost-syntax.bad.yml", "strconv.Atoi: parsing \"1x\": invalid syntax"),
    ("bcrypt-null.bad.yml", "crypto/bcrypt: hashedSecret too short to be a bcrypted password"),
    ("bcrypt-prefix.bad.yml", "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with 'x'"),
    ("bcrypt-too-short.bad.yml", "crypto/bcrypt: hashedSecret too short to be a bcrypted password"),
    ("bcrypt-version.bad.yml", "crypto/bcrypt: bcrypt algorithm version '3' requested is newer than current version '2'"),
    ("bool-type.bad.yml", "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `yes please` into bool"),
    ("cert-is-directory.bad.yml", "failed to read cert_file (certs): read certs: is a directory"),
    ("cert-without-key.bad.yml", "missing one of key or key_file"),
    ("cipher-not-list.bad.yml", "yaml: unmarshal errors:\n  line 4: cannot unmarshal !!str `TLS_AES...` into []web.Cipher"),
    ("client-auth-without-cert.bad.yml", "missing one of cert or cert_file"),
    ("client-ca-missing.bad.yml", "open certs/missing-ca.crt: no such file or directory"),
    ("client-ca-without-auth.bad.yml", "client CA's have been configured without a Client Auth Policy"),
    ("curve-mlkem.bad.yml", "unknown curve: X25519MLKEM768"),
    ("dsa.bad.yml", "failed to load X509KeyPair: tls: failed to parse private key"),
    ("duplicate-key.bad.yml", "yaml: unmarshal errors:\n  line 3: field cert_file already set in type web.TLSConfig"),
    ("duplicate-user.bad.yml", "yaml: unmarshal errors:\n  line 3: key \"alice\" already set in map"),
    ("ec-curve-mismatch.bad.yml", "failed to load X509KeyPair: tls: private key does not match public key"),
    ("ec-key-mismatch.bad.yml", "failed to load X509KeyPair: tls: private key does not match public key"),
    ("ed25519-type-mismatch.bad.yml", "failed to load X509KeyPair: tls: private key type does not match public key type"),
    ("empty-key.bad.yml", "failed to load X509KeyPair: tls: failed to find any PEM data in key input"),
    ("encrypted-key.bad.yml", "failed to load X509KeyPair: tls: failed to parse private key"),
    ("garbage-cert.bad.yml", "failed to load X509KeyPair: tls: failed to find any PEM data in certificate input"),
    ("garbage-key.bad.yml", "failed to load X509KeyPair: tls: failed to find any PEM data in key input"),
    ("header-case.bad.yml", "HTTP header \"x-frame-options\" can not be configured"),
    ("header-name.bad.yml", "HTTP header \"X-Powered-By\" can not be configured"),
    ("header-null-value.bad.yml", "invalid value for X-Content-Type-Options. Expected one of: [\"nosniff\"], but got: \"\""),
    ("header-value.bad.yml", "invalid value for X-Frame-Options. Expected one of: [\"deny\" \"sameorigin\"], but got: \"allow\""),
    ("inline-ca-without-auth.bad.yml", "client CA's have been configured without a Client Auth Policy"),
    ("inline-key-mismatch.bad.yml", "failed to load X509KeyPair: tls: private key does not match public key"),
    ("insecure-cipher.bad.yml", "unknown cipher: TLS_ECDHE_RSA_WITH_RC4_128_SHA"),
    ("key-is-cert.bad.yml", "failed to load X509KeyPair: tls: found a certificate rather than a key in the PEM for the private key"),
    ("key-mismatch.bad.yml", "failed to load X509KeyPair: tls: private key does not match public key"),
    ("key-type-mismatch.bad.yml", "failed to load X509KeyPair: tls: private key type does not match public key type"),
    ("key-without-cert.bad.yml", "missing one of cert or cert_file"),
    ("min-version-list.bad.yml", "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into string"),
    ("missing-cert-file.bad.yml", "failed to read cert_file (certs/missing.crt): open certs/missing.crt: no such file or directory"),
    ("missing-key-file.bad.yml", "failed to read key_file (certs/missing.key): open certs/missing.key: no such file or directory"),
    ("multiple-users.bad.yml", "crypto/bcrypt: hashedSecret too short to be a bcrypted password"),
    ("negative-serial.bad.yml", "failed to load X509KeyPair: x509: negative serial number"),
    ("not-a-mapping.bad.yml", "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `just a ...` into web.Config"),
    ("rate-limit-burst.bad.yml", "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `lots` into int"),
    ("rate-limit-interval.bad.yml", "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `1d` into time.Duration"),
    ("rsa-kex-cipher.bad.yml", "unknown cipher: TLS_RSA_WITH_AES_128_GCM_SHA256"),
    ("rsa-pss.bad.yml", "failed to load X509KeyPair: tls: failed to parse private key"),
    ("swapped.bad.yml", "failed to load X509KeyPair: tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched"),
    // Our YAML parser's wording, not libyaml's ("did not find expected ',' or ']'").
    ("syntax.bad.yml", "yaml: line 3: while parsing a flow sequence, expected ',' or ']'"),
    ("tls-not-a-mapping.bad.yml", "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into web.TLSConfig"),
    ("unknown-field.bad.yml", "yaml: unmarshal errors:\n  line 4: field tls_config not found in type web.Config"),
    ("unknown-http-field.bad.yml", "yaml: unmarshal errors:\n  line 2: field http3 not found in type web.HTTPConfig"),
    ("unknown-nested-field.bad.yml", "yaml: unmarshal errors:\n  line 2: field cert_filse not found in type web.TLSConfig"),
    ("unsupported-curve.bad.yml", "failed to load X509KeyPair: x509: unsupported elliptic curve"),
    ("users-list.bad.yml", "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into map[string]config.Secret"),
    ("x25519-key.bad.yml", "failed to load X509KeyPair: tls: found unknown private key type in PKCS#8 wrapping"),
];

/// Fixtures where promtool 2.42 (exporter-toolkit 0.8.2, Go 1.19) and Prometheus's current
/// code disagree on the verdict, and why. Good files using keys 2.42 predates are found by
/// its "not found in type" message instead of being listed.
const VERDICT_CHANGED: &[(&str, &str)] = &[
    (
        "negative-serial.bad.yml",
        "Go 1.23's x509.ParseCertificate rejects negative serial numbers",
    ),
    (
        "rsa-kex-cipher.bad.yml",
        "Go 1.22 moved the TLS_RSA_* suites to tls.InsecureCipherSuites",
    ),
];

#[test]
fn good_fixtures_pass_with_promtools_line_on_stderr() {
    for name in fixtures().iter().filter(|n| n.ends_with(".good.yml")) {
        let r = run_in(Some(&dir()), &["check", "web-config", name], None).expect_code(0);
        assert_eq!(r.stdout, "");
        assert_eq!(r.stderr, format!("{name} SUCCESS\n"));
    }
}

#[test]
fn bad_fixtures_fail_with_exporter_toolkits_message() {
    let bad: Vec<String> = fixtures()
        .into_iter()
        .filter(|n| n.ends_with(".bad.yml"))
        .collect();
    let listed: Vec<&str> = BAD.iter().map(|(n, _)| *n).collect();
    assert_eq!(bad, listed, "every bad fixture has its message in BAD");
    for (name, message) in BAD {
        let r = run_in(Some(&dir()), &["check", "web-config", name], None).expect_code(1);
        assert_eq!(r.stdout, "");
        assert_eq!(r.stderr, format!("{name} FAILED: {message}\n"));
    }
}

#[test]
fn files_are_named_relative_to_the_configs_directory_and_all_are_checked() {
    // From the repository root, certificate paths are joined to the file's directory.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = run_in(
        Some(root),
        &[
            "check",
            "web-config",
            "fixtures/web-config/missing-key-file.bad.yml",
            "fixtures/web-config/tls.good.yml",
            "./fixtures/web-config/../web-config/full.good.yml",
        ],
        None,
    )
    .expect_code(1);
    assert_eq!(
        r.stderr,
        "fixtures/web-config/missing-key-file.bad.yml FAILED: failed to read key_file \
         (fixtures/web-config/certs/missing.key): open fixtures/web-config/certs/missing.key: \
         no such file or directory\n\
         fixtures/web-config/tls.good.yml SUCCESS\n\
         ./fixtures/web-config/../web-config/full.good.yml SUCCESS\n"
    );
}

#[test]
fn a_missing_file_is_a_usage_error_before_anything_is_checked() {
    let r = run_in(
        Some(&dir()),
        &["check", "web-config", "tls.good.yml", "nope.yml"],
        None,
    )
    .expect_code(2);
    assert!(
        r.stderr.contains("path 'nope.yml' does not exist"),
        "{}",
        r.transcript()
    );
    assert!(!r.stderr.contains("SUCCESS"), "{}", r.transcript());
    let r = run_in(Some(&dir()), &["check", "web-config", "certs"], None).expect_code(2);
    assert!(
        r.stderr.contains("'certs' is a directory"),
        "{}",
        r.transcript()
    );
}

#[test]
fn machine_formats_point_at_the_setting() {
    let run = |format: &str, files: &[&str]| {
        let mut args = vec!["check", "web-config", "-o", format];
        args.extend_from_slice(files);
        run_in(Some(&dir()), &args, None)
    };
    let gh = run(
        "github",
        &[
            "key-mismatch.bad.yml",
            "bcrypt-too-short.bad.yml",
            "header-value.bad.yml",
            "bad-cipher.bad.yml",
            "unknown-nested-field.bad.yml",
            "rate-limit-burst.bad.yml",
            "tls.good.yml",
        ],
    )
    .expect_code(1);
    assert_eq!(gh.stderr, "");
    for want in [
        "::error file=key-mismatch.bad.yml,line=3,col=13,",
        "::error file=bcrypt-too-short.bad.yml,line=5,col=9,",
        "::error file=header-value.bad.yml,line=3,col=22,",
        "::error file=bad-cipher.bad.yml,line=6,col=7,",
        "::error file=unknown-nested-field.bad.yml,line=2,col=3,",
        "::error file=rate-limit-burst.bad.yml,line=2,col=10,",
    ] {
        assert!(gh.stdout.contains(want), "{want}\n{}", gh.transcript());
    }
    assert_eq!(gh.stdout.lines().count(), 6, "{}", gh.transcript());

    let json = run("json", &["cert-without-key.bad.yml", "tls.good.yml"])
        .expect_code(1)
        .json();
    assert_eq!(
        json["files"],
        serde_json::json!([
            { "file": "cert-without-key.bad.yml", "ok": false },
            { "file": "tls.good.yml", "ok": true },
        ])
    );
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "web-config/invalid");
    assert_eq!(d["message"], "missing one of key or key_file");
    assert_eq!(d["start"]["line"], 1);

    let ok = run("json", &["tls.good.yml"]).expect_code(0).json();
    assert_eq!(ok["diagnostics"], serde_json::json!([]));

    let junit = run("junit", &["swapped.bad.yml", "tls.good.yml"]).expect_code(1);
    assert!(
        junit.stdout.contains("tests=\"2\" failures=\"1\""),
        "{}",
        junit.transcript()
    );
    let sarif = run("sarif", &["header-name.bad.yml"]).expect_code(1);
    assert!(
        sarif.stdout.contains("can not be configured"),
        "{}",
        sarif.transcript()
    );
}

/// Runs promtool and lookout on every fixture: the verdicts must agree, except where
/// promtool predates a change listed in `VERDICT_CHANGED` or a key the fixture uses.
#[test]
fn same_verdicts_as_promtool() {
    let Some(promtool) = crate::support::promtool() else {
        println!("skipping the promtool comparison: promtool not found (set PROMTOOL or install the prometheus package)");
        return;
    };
    let (mut compared, mut same_text, mut newer) = (0, 0, Vec::new());
    let mut differ = Vec::new();
    for name in fixtures() {
        let theirs = std::process::Command::new(&promtool)
            .args(["check", "web-config", &name])
            .current_dir(dir())
            .output()
            .expect("promtool runs");
        let their_text = String::from_utf8_lossy(&theirs.stderr).into_owned();
        if name.ends_with(".good.yml")
            && !theirs.status.success()
            && their_text.contains("not found in type")
        {
            newer.push(name);
            continue;
        }
        let ours = run_in(Some(&dir()), &["check", "web-config", &name], None);
        if let Some((_, why)) = VERDICT_CHANGED.iter().find(|(n, _)| *n == name) {
            println!("{name}: not compared ({why})");
            continue;
        }
        compared += 1;
        if ours.stderr == their_text {
            same_text += 1;
        }
        if (ours.code == 0) != theirs.status.success() {
            differ.push(format!(
                "{name}: lookout exit {}, promtool exit {:?}\n  lookout: {}  promtool: {their_text}",
                ours.code,
                theirs.status.code(),
                ours.stderr
            ));
        }
    }
    println!(
        "web-config differential: {compared} fixtures compared ({same_text} with identical output), good files with keys newer than promtool: {newer:?}"
    );
    assert!(compared >= 60, "only {compared} fixtures compared");
    assert!(
        differ.is_empty(),
        "{} verdicts differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}
