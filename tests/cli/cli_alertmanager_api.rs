//! `lookout alertmanager alerts|silence|status` against a real Alertmanager (0.25 from Debian
//! in CI) started on 127.0.0.1 by each test, compared with amtool on the same server where
//! the formats agree. Tests needing the binaries say why they skip.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{run_in, Run};

const TLS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/alertmanager/tls");

/// A running Alertmanager, killed when dropped.
struct Alertmanager {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Drop for Alertmanager {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Alertmanager binary (`$ALERTMANAGER`, else `alertmanager` or Debian's
/// `prometheus-alertmanager` on the path), when it runs.
fn alertmanager_bin() -> Option<String> {
    let candidates = match std::env::var("ALERTMANAGER") {
        Ok(b) => vec![b],
        Err(_) => vec!["alertmanager".into(), "prometheus-alertmanager".into()],
    };
    candidates.into_iter().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn amtool_bin() -> Option<String> {
    let bin = std::env::var("AMTOOL").unwrap_or_else(|_| "amtool".into());
    Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| bin)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

const CONFIG: &str =
    "route:\n  receiver: default\n  group_wait: 1s\nreceivers:\n  - name: default\n";

impl Alertmanager {
    /// Starts an Alertmanager without clustering on a free port; with `tls`, behind
    /// fixtures/alertmanager/tls/web.yml (TLS and basic auth).
    fn start(tls: bool) -> Option<Alertmanager> {
        let Some(bin) = alertmanager_bin() else {
            println!(
                "skipping: alertmanager not found (set ALERTMANAGER or install the \
                 prometheus-alertmanager package)"
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("alertmanager.yml"), CONFIG).expect("config written");
        let port = free_port();
        let mut cmd = Command::new(bin);
        cmd.arg(format!(
            "--config.file={}",
            dir.path().join("alertmanager.yml").display()
        ))
        .arg(format!(
            "--storage.path={}",
            dir.path().join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--cluster.listen-address=")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        if tls {
            cmd.arg(format!("--web.config.file={TLS_DIR}/web.yml"));
        }
        let child = cmd.spawn().expect("alertmanager starts");
        let scheme = if tls { "https" } else { "http" };
        let am = Alertmanager {
            child,
            url: format!("{scheme}://127.0.0.1:{port}"),
            dir,
        };
        am.wait_ready(tls);
        Some(am)
    }

    fn wait_ready(&self, tls: bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut args = vec!["alertmanager", "status"];
        let cfg;
        if tls {
            cfg = self.http_config("basic_auth:\n  username: lookout\n  password: s3cret\n");
            args.extend(["--http.config.file", cfg.to_str().expect("utf-8 path")]);
        }
        let url = format!("--alertmanager.url={}", self.url);
        args.push(&url);
        loop {
            let r = self.lookout(&args);
            if r.code == 0 {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "alertmanager did not come up:\n{}",
                r.transcript()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// An `http_config` file trusting the test CA, plus `extra`.
    fn http_config(&self, extra: &str) -> PathBuf {
        let path = self.dir.path().join(format!("http-{}.yml", extra.len()));
        let text = format!("tls_config:\n  ca_file: {TLS_DIR}/ca.crt\n{extra}");
        std::fs::write(&path, text).expect("http config written");
        path
    }

    /// Runs lookout with HOME in the temp dir, so no amtool config file of the machine's
    /// user applies.
    fn lookout(&self, args: &[&str]) -> Run {
        self.lookout_stdin(args, None)
    }

    fn lookout_stdin(&self, args: &[&str], stdin: Option<&str>) -> Run {
        lookout_with_home(self.dir.path(), args, stdin)
    }

    /// `lookout alertmanager <args> --alertmanager.url=URL`.
    fn am(&self, args: &[&str]) -> Run {
        let url = format!("--alertmanager.url={}", self.url);
        let mut all = vec!["alertmanager"];
        all.extend_from_slice(args);
        all.push(&url);
        self.lookout(&all)
    }

    /// amtool's stdout for `args` on this server, when amtool is installed.
    fn amtool(&self, args: &[&str]) -> Option<String> {
        let bin = amtool_bin()?;
        let out = Command::new(bin)
            .arg(format!("--alertmanager.url={}", self.url))
            .args(args)
            .env("HOME", self.dir.path())
            .output()
            .expect("amtool runs");
        assert!(
            out.status.success(),
            "amtool {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Polls `lookout alertmanager <args>` until `done` holds for its JSON output.
    fn wait_for(&self, args: &[&str], done: impl Fn(&serde_json::Value) -> bool) -> Run {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let r = self.am(args).expect_code(0);
            if done(&r.json()) {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "gave up waiting on {args:?}:\n{}",
                r.transcript()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// Runs lookout with HOME at `home` and no ALERTMANAGER_URL.
fn lookout_with_home(home: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("lookout").expect("lookout is built");
    cmd.args(args)
        .env("HOME", home)
        .env_remove("ALERTMANAGER_URL")
        .env("NO_COLOR", "1")
        .write_stdin(stdin.unwrap_or(""));
    let out = cmd.output().expect("lookout runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn alertnames(alerts: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = alerts
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["labels"]["alertname"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn ids(silences: &serde_json::Value) -> Vec<String> {
    silences
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| {
            matches!(i, 8 | 13 | 18 | 23) == (c == '-') && (c == '-' || c.is_ascii_hexdigit())
        })
}

/// The time `offset_s` seconds from now, RFC 3339.
fn time_from_now(offset_s: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64;
    lookout::time::rfc3339_ms((now + offset_s) * 1000)
}

#[test]
fn alerts_and_silences_round_trip() {
    let Some(am) = Alertmanager::start(false) else {
        return;
    };
    let start = time_from_now(-3600);
    let end = time_from_now(86_400);

    // Add two alerts; the second's name comes from amtool's shorthand.
    am.am(&[
        "alerts",
        "add",
        "alertname=Probe",
        "severity=info",
        "--annotation=summary=hello <world> & co",
        "--generator-url=http://prom/graph?g0.expr=up&x=1",
        "--start",
        &start,
        "--end",
        &end,
    ])
    .expect_code(0);
    am.am(&["alerts", "add", "NoTimes", "sev=x"]).expect_code(0);

    // Query them once the Alertmanager has processed both.
    let r = am.wait_for(&["alerts", "query", "-o", "json"], |v| {
        alertnames(v) == ["NoTimes", "Probe"]
    });
    let alerts = r.json();
    let probe = alerts
        .as_array()
        .and_then(|a| a.iter().find(|x| x["labels"]["alertname"] == "Probe"))
        .expect("Probe listed");
    assert_eq!(probe["annotations"]["summary"], "hello <world> & co");
    assert_eq!(probe["generatorURL"], "http://prom/graph?g0.expr=up&x=1");
    assert_eq!(probe["status"]["state"], "active");
    let simple = am.am(&["alerts", "query"]).expect_code(0).stdout;
    assert!(simple.starts_with("Alertname  "), "{simple}");
    assert!(simple.contains("hello <world> & co"), "{simple}");
    // A filter, with the alertname shorthand.
    let only = am
        .am(&["alerts", "query", "Probe", "-o", "json"])
        .expect_code(0);
    assert_eq!(alertnames(&only.json()), ["Probe"]);

    // The library client's other calls: alert groups and receivers.
    let client = lookout::amapi::Client::new(&am.url, &Default::default()).expect("client");
    let filter = lookout::amapi::AlertFilter {
        active: true,
        ..Default::default()
    };
    let groups = client.alert_groups(&filter).expect("alert groups");
    assert!(
        groups.iter().any(|g| g.value.receiver.name == "default"
            && g.value
                .alerts
                .iter()
                .any(|a| a.labels.get("alertname").map(String::as_str) == Some("Probe"))),
        "{groups:?}"
    );
    let receivers = client.receivers().expect("receivers");
    assert_eq!(receivers.len(), 1);
    assert_eq!(receivers[0].name, "default");

    // Same bytes as amtool for every format.
    for output in ["simple", "extended", "json"] {
        if let Some(theirs) = am.amtool(&["-o", output, "alert", "query"]) {
            let ours = am.am(&["alerts", "query", "-o", output]).expect_code(0);
            assert_eq!(ours.stdout, theirs, "alerts query -o {output}");
        }
    }

    // Silence Probe.
    let r = am
        .am(&[
            "silence",
            "add",
            "alertname=Probe",
            "severity=~in.*",
            "--author=tester",
            "--comment=maintenance <db>",
            "--duration=2h",
        ])
        .expect_code(0);
    let id = r.stdout.trim().to_string();
    assert!(is_uuid(&id), "{}", r.transcript());
    let listed = am
        .am(&["silence", "query", "-o", "json"])
        .expect_code(0)
        .json();
    assert_eq!(ids(&listed), std::slice::from_ref(&id));
    assert_eq!(listed[0]["createdBy"], "tester");
    assert_eq!(listed[0]["matchers"][1]["isRegex"], true);
    let quiet = am.am(&["silence", "query", "-q"]).expect_code(0);
    assert_eq!(quiet.stdout, format!("{id}\n"));
    for output in ["simple", "extended", "json"] {
        if let Some(theirs) = am.amtool(&["-o", output, "silence", "query"]) {
            let ours = am.am(&["silence", "query", "-o", output]).expect_code(0);
            assert_eq!(ours.stdout, theirs, "silence query -o {output}");
        }
    }

    // amtool's --date.format (a Go layout).
    let layout = "--date.format=Mon Jan _2 15:04:05.000 2006";
    if let Some(theirs) = am.amtool(&[layout, "-o", "extended", "silence", "query"]) {
        let ours = am
            .am(&["silence", "query", "-o", "extended", layout])
            .expect_code(0);
        assert_eq!(ours.stdout, theirs);
    }

    // The alert shows silenced by it, and no longer among the active ones.
    am.wait_for(&["alerts", "query", "--silenced", "-o", "json"], |v| {
        v.as_array().is_some_and(|a| {
            a.iter().any(|x| {
                x["labels"]["alertname"] == "Probe"
                    && x["status"]["state"] == "suppressed"
                    && x["status"]["silencedBy"][0] == id.as_str()
            })
        })
    });
    let active = am.am(&["alerts", "query", "-o", "json"]).expect_code(0);
    assert_eq!(alertnames(&active.json()), ["NoTimes"]);

    // Update the comment and length; the server keeps the id of an active silence.
    let r = am
        .am(&[
            "silence", "update", &id, "-c", "longer", "-d", "3h", "-o", "json",
        ])
        .expect_code(0);
    let updated = r.json();
    assert_eq!(updated[0]["id"], id.as_str());
    assert_eq!(updated[0]["comment"], "longer");
    let listed = am
        .am(&["silence", "query", "-o", "json"])
        .expect_code(0)
        .json();
    assert_eq!(listed[0]["comment"], "longer");

    // Expire it: gone from the default listing, present among the expired.
    am.am(&["silence", "expire", &id]).expect_code(0);
    let r = am.am(&["silence", "query", "-q"]).expect_code(0);
    assert_eq!(r.stdout, "");
    let r = am
        .am(&["silence", "query", "--expired", "-q"])
        .expect_code(0);
    assert_eq!(r.stdout, format!("{id}\n"));
    if let Some(theirs) = am.amtool(&["silence", "query", "--expired"]) {
        let ours = am.am(&["silence", "query", "--expired"]).expect_code(0);
        assert_eq!(ours.stdout, theirs);
    }
    am.wait_for(&["alerts", "query", "-o", "json"], |v| {
        alertnames(v) == ["NoTimes", "Probe"]
    });

    // Status: amtool's `cluster show`; JSON is the whole status.
    if let Some(theirs) = am.amtool(&["cluster", "show"]) {
        assert_eq!(am.am(&["status"]).expect_code(0).stdout, theirs);
    }
    let status = am.am(&["status", "-o", "json"]).expect_code(0).json();
    assert_eq!(status["cluster"]["status"], "disabled");
    assert!(status["versionInfo"]["version"].is_string(), "{status}");
}

#[test]
fn import_reports_each_failure_and_fails() {
    let Some(am) = Alertmanager::start(false) else {
        return;
    };
    let input = format!(
        r#"[
  {{"comment":"good","createdBy":"t","startsAt":"{}","endsAt":"{}",
    "matchers":[{{"isEqual":true,"isRegex":false,"name":"alertname","value":"Good"}}]}},
  {{"id":"5d7f75e9-6bad-4665-9524-ed4e99a9c01d","comment":"over","createdBy":"t",
    "startsAt":"2019-01-01T00:00:00Z","endsAt":"2020-01-01T00:00:00Z",
    "matchers":[{{"isEqual":true,"isRegex":false,"name":"alertname","value":"Old"}}]}},
  {{"id":"11111111-2222-4333-8444-555555555555","comment":"from elsewhere","createdBy":"t",
    "startsAt":"{}","endsAt":"{}",
    "matchers":[{{"isEqual":true,"isRegex":true,"name":"alertname","value":"Other.*"}}]}}
]"#,
        time_from_now(0),
        time_from_now(7200),
        time_from_now(0),
        time_from_now(3600)
    );
    let file = am.dir.path().join("silences.json");
    std::fs::write(&file, &input).expect("input written");
    let url = format!("--alertmanager.url={}", am.url);
    let r = am
        .lookout(&[
            "alertmanager",
            "silence",
            "import",
            file.to_str().expect("utf-8 path"),
            &url,
        ])
        .expect_code(1);
    // Ids in input order; the unknown id is created anew with the server's id.
    let new_ids: Vec<&str> = r.stdout.lines().collect();
    assert!(
        new_ids.len() == 2 && new_ids.iter().all(|id| is_uuid(id)),
        "{}",
        r.transcript()
    );
    assert_ne!(new_ids[1], "11111111-2222-4333-8444-555555555555");
    let new_id = new_ids[0];
    assert!(
        r.stderr.contains(
            "silence #2 (id 5d7f75e9-6bad-4665-9524-ed4e99a9c01d) {alertname=\"Old\"}: POST /api/v2/silences: Alertmanager answered HTTP 400 Bad Request: Failed to create silence: end time can't be in the past"
        ),
        "{}",
        r.transcript()
    );
    assert!(
        r.stderr.contains("couldn't import 1 out of 3 silences"),
        "{}",
        r.transcript()
    );
    let listed = am.am(&["silence", "query", "-q"]).expect_code(0);
    let mut listed: Vec<&str> = listed.stdout.lines().collect();
    listed.sort_unstable();
    let mut want = new_ids.clone();
    want.sort_unstable();
    assert_eq!(listed, want);

    // What `query -o json` prints imports back: an expired silence returns with a new id.
    let exported = am
        .am(&["silence", "query", "-o", "json", "--id", new_id])
        .expect_code(0)
        .stdout;
    am.am(&["silence", "expire", new_id]).expect_code(0);
    let r = am
        .lookout_stdin(
            &["alertmanager", "silence", "import", "-w", "1", &url],
            Some(&exported),
        )
        .expect_code(0);
    let reimported = r.stdout.trim().to_string();
    assert!(
        is_uuid(&reimported) && reimported != new_id,
        "{}",
        r.transcript()
    );

    // Unreadable input: nothing is sent, exit 2.
    let r = am
        .lookout_stdin(&["alertmanager", "silence", "import", &url], Some("[1]"))
        .expect_code(2);
    assert!(
        r.stderr.contains("standard input: silence #1:"),
        "{}",
        r.transcript()
    );
    let r = am
        .lookout_stdin(&["alertmanager", "silence", "import", &url], Some("{"))
        .expect_code(2);
    assert!(
        r.stderr.contains("not a JSON array of silences"),
        "{}",
        r.transcript()
    );
}

#[test]
fn server_errors_are_reported_with_their_message() {
    let Some(am) = Alertmanager::start(false) else {
        return;
    };
    // 4xx: the server's validation message, exit 1.
    let r = am
        .am(&[
            "alerts",
            "add",
            "a=b",
            "--start=2030-01-01T00:00:00Z",
            "--end=2020-01-01T00:00:00Z",
        ])
        .expect_code(1);
    assert!(
        r.stderr.contains(
            "POST /api/v2/alerts: Alertmanager answered HTTP 400 Bad Request: start time must be before end time"
        ),
        "{}",
        r.transcript()
    );
    let r = am.am(&["silence", "expire", "not-a-uuid"]).expect_code(1);
    assert!(
        r.stderr
            .contains("HTTP 422 Unprocessable Entity: silenceID in path must be of type uuid"),
        "{}",
        r.transcript()
    );
    // Not found (0.25 says 500, newer versions 404): the message either way.
    let r = am
        .am(&["silence", "expire", "00000000-0000-0000-0000-000000000000"])
        .expect_code(1);
    assert!(
        r.stderr.contains(": silence not found"),
        "{}",
        r.transcript()
    );
    // A wrong path prefix is the server's 404.
    let url = format!("--alertmanager.url={}/nothing-here", am.url);
    let r = am
        .lookout(&["alertmanager", "alerts", "query", &url])
        .expect_code(1);
    assert!(
        r.stderr
            .contains("GET /nothing-here/api/v2/alerts: Alertmanager answered HTTP 404"),
        "{}",
        r.transcript()
    );
    // Client-side checks come first: exit 2, nothing sent.
    let r = am.am(&["alerts", "query", "a", "b=~("]).expect_code(2);
    assert!(
        r.stderr.contains("matcher \"b=~(\": error parsing regexp"),
        "{}",
        r.transcript()
    );
    let r = am.am(&["silence", "add", "a"]).expect_code(2);
    assert!(
        r.stderr.contains("comment required by config"),
        "{}",
        r.transcript()
    );
    let r = am
        .am(&[
            "silence",
            "add",
            "a",
            "-c",
            "x",
            "--start=2030-01-02T00:00:00Z",
            "--end=2030-01-01T00:00:00Z",
        ])
        .expect_code(2);
    assert!(
        r.stderr.contains("silence cannot start after it ends"),
        "{}",
        r.transcript()
    );
    let r = am
        .am(&["silence", "add", "a", "-c", "x", "-d", "0s"])
        .expect_code(2);
    assert!(
        r.stderr.contains("silence duration must be greater than 0"),
        "{}",
        r.transcript()
    );
    let r = am.am(&["alerts", "add", "a", "b!=c"]).expect_code(2);
    assert!(
        r.stderr
            .contains("labels must be specified as key=value pairs"),
        "{}",
        r.transcript()
    );
    let r = am
        .am(&["alerts", "add", "a", "--start=yesterday"])
        .expect_code(2);
    assert!(
        r.stderr
            .contains("--start \"yesterday\": not an RFC 3339 time"),
        "{}",
        r.transcript()
    );
}

#[test]
fn tls_and_basic_auth() {
    let Some(am) = Alertmanager::start(true) else {
        return;
    };
    let trust_only = am.http_config("");
    let trust_only = trust_only.to_str().expect("utf-8 path");
    let with_auth = am.http_config("basic_auth:\n  username: lookout\n  password: s3cret\n");
    let with_auth = with_auth.to_str().expect("utf-8 path");
    let wrong = am.http_config("basic_auth:\n  username: lookout\n  password: nope\n");
    let wrong = wrong.to_str().expect("utf-8 path");
    let url = format!("--alertmanager.url={}", am.url);
    let userinfo = format!(
        "--alertmanager.url={}",
        am.url.replace("https://", "https://lookout:s3cret@")
    );

    am.lookout(&[
        "alertmanager",
        "status",
        &url,
        "--http.config.file",
        with_auth,
    ])
    .expect_code(0);
    // Credentials in the URL, TLS settings from the file.
    am.lookout(&[
        "alertmanager",
        "status",
        &userinfo,
        "--http.config.file",
        trust_only,
    ])
    .expect_code(0);
    // Refused credentials: the server's answer, exit 1.
    let r = am
        .lookout(&["alertmanager", "status", &url, "--http.config.file", wrong])
        .expect_code(1);
    assert!(
        r.stderr.contains("HTTP 401 Unauthorized"),
        "{}",
        r.transcript()
    );
    // An untrusted certificate: no answer, exit 2.
    let r = am.lookout(&["alertmanager", "status", &url]).expect_code(2);
    assert!(
        r.stderr.contains("no answer from the Alertmanager"),
        "{}",
        r.transcript()
    );
    assert!(r.stderr.contains("certificate"), "{}", r.transcript());
    // Credentials twice.
    let r = am
        .lookout(&[
            "alertmanager",
            "status",
            &userinfo,
            "--http.config.file",
            with_auth,
        ])
        .expect_code(2);
    assert!(
        r.stderr.contains("mutually exclusive"),
        "{}",
        r.transcript()
    );
}

#[test]
fn amtool_config_file_supplies_defaults() {
    let Some(am) = Alertmanager::start(false) else {
        return;
    };
    let cfg_dir = am.dir.path().join(".config/amtool");
    std::fs::create_dir_all(&cfg_dir).expect("config dir");
    std::fs::write(
        cfg_dir.join("config.yml"),
        format!(
            "alertmanager.url: {}\noutput: json\ncomment_required: false\nauthor: from-config\n",
            am.url
        ),
    )
    .expect("config written");
    // No URL, comment or author on the command line.
    let r = am
        .lookout(&["alertmanager", "silence", "add", "Foo"])
        .expect_code(0);
    let id = r.stdout.trim();
    let listed = am
        .lookout(&["alertmanager", "silence", "query"])
        .expect_code(0)
        .json();
    assert_eq!(listed[0]["id"], id);
    assert_eq!(listed[0]["createdBy"], "from-config");
    // The environment names the server when the command line does not, before the file.
    let mut cmd = assert_cmd::Command::cargo_bin("lookout").expect("lookout is built");
    let out = cmd
        .args(["alertmanager", "silence", "query", "-q"])
        .env("HOME", am.dir.path().join("nowhere"))
        .env("ALERTMANAGER_URL", &am.url)
        .output()
        .expect("lookout runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{id}\n"));
    // The command line wins.
    let r = am
        .lookout(&["alertmanager", "silence", "query", "-o", "simple"])
        .expect_code(0);
    assert!(r.stdout.starts_with("ID  "), "{}", r.transcript());

    std::fs::write(cfg_dir.join("config.yml"), "output: fancy\n").expect("config written");
    let r = am.am(&["status"]).expect_code(2);
    assert!(
        r.stderr
            .contains("config.yml: output: unknown output format \"fancy\""),
        "{}",
        r.transcript()
    );
    std::fs::write(cfg_dir.join("config.yml"), "BAD\n").expect("config written");
    let r = am.am(&["status"]).expect_code(2);
    assert!(
        r.stderr.contains("could not load amtool config file"),
        "{}",
        r.transcript()
    );
}

#[test]
fn unreachable_server_and_bad_settings() {
    // Nothing listens on a port just released.
    let url = format!("--alertmanager.url=http://127.0.0.1:{}", free_port());
    let dir = tempfile::tempdir().expect("temp dir");
    let home_run = |args: &[&str]| lookout_with_home(dir.path(), args, None);
    let r = home_run(&["alertmanager", "alerts", "query", &url]).expect_code(2);
    assert!(
        r.stderr
            .contains("GET /api/v2/alerts: no answer from the Alertmanager")
            && r.stderr.contains("Connection refused"),
        "{}",
        r.transcript()
    );
    let r = home_run(&["alertmanager", "status"]).expect_code(2);
    assert!(
        r.stderr.contains("give --alertmanager.url URL"),
        "{}",
        r.transcript()
    );
    let r = home_run(&[
        "alertmanager",
        "status",
        "--alertmanager.url=localhost:9093",
    ])
    .expect_code(2);
    assert!(
        r.stderr.contains("the scheme must be http or https"),
        "{}",
        r.transcript()
    );
    // amtool's own http_config test data: `authorization: type: Basic` is refused.
    let bad = dir.path().join("http_config.bad.yml");
    std::fs::write(&bad, "authorization:\n  type: Basic\n").expect("written");
    let r = home_run(&[
        "alertmanager",
        "status",
        &url,
        "--http.config.file",
        bad.to_str().expect("utf-8 path"),
    ])
    .expect_code(2);
    assert!(
        r.stderr
            .contains(r#"authorization type cannot be set to "basic", use "basic_auth" instead"#),
        "{}",
        r.transcript()
    );
    let r = run_in(
        Some(Path::new(".")),
        &["alertmanager", "status", &url, "--timeout", "soon"],
        None,
    )
    .expect_code(2);
    assert!(r.stderr.contains("--timeout"), "{}", r.transcript());
}

#[test]
fn routes_of_the_running_configuration() {
    let Some(am) = Alertmanager::start(false) else {
        return;
    };
    let r = am.am(&["routes", "show"]).expect_code(0);
    assert_eq!(
        r.stdout,
        "Routing tree:\n.\n└── default-route  receiver: default\n\n"
    );
    let r = am.am(&["routes", "test", "alertname=x"]).expect_code(0);
    assert_eq!(r.stdout, "default\n");
    // amtool fetches the configuration the same way and draws the same tree.
    if let Some(theirs) = am.amtool(&["config", "routes", "show"]) {
        assert_eq!(am.am(&["routes", "show"]).stdout, theirs);
    }
}

/// Answers one HTTP request with `body` (JSON) and returns the request's head, lowercased.
fn answer_once(listener: TcpListener, body: String) -> std::thread::JoinHandle<String> {
    use std::io::{BufRead, BufReader, Write};
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return String::new();
        };
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
            head.push_str(&line.to_lowercase());
            line.clear();
        }
        let mut stream = reader.into_inner();
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        head
    })
}

#[test]
fn bearer_credentials_from_the_http_config() {
    // Alertmanager's own web config has no bearer tokens; a stand-in server reads the header.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "--alertmanager.url=http://{}",
        listener.local_addr().expect("address")
    );
    let status = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/alertmanager/api-0.25/GET_status.json"),
    )
    .expect("fixture");
    let server = answer_once(listener, status);
    let dir = tempfile::tempdir().expect("temp dir");
    let cfg = dir.path().join("http.yml");
    std::fs::write(&cfg, "authorization:\n  credentials_file: token\n").expect("written");
    std::fs::write(dir.path().join("token"), "s3cret-token\n").expect("written");
    let r = lookout_with_home(
        dir.path(),
        &[
            "alertmanager",
            "status",
            &url,
            "--http.config.file",
            &cfg.to_string_lossy(),
        ],
        None,
    )
    .expect_code(0);
    assert!(r.stdout.contains("Cluster Status:"), "{}", r.transcript());
    let head = server.join().expect("server thread");
    assert!(head.starts_with("get /api/v2/status "), "{head}");
    assert!(
        head.contains("\r\nauthorization: bearer s3cret-token\r\n"),
        "{head}"
    );
}
