//! `lookout alertmanager template render --receiver`: a receiver's whole notification for
//! synthetic alerts routed through fixtures/alertmanager/receivers/alertmanager.yml. The
//! expected texts follow from upstream's default.tmpl (e.g. `__subject` is
//! `[STATUS:FIRING_COUNT] <group label values> (<other common label values>)`) and are
//! cross-checked against `amtool template render` on the same data.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::support::{amtool, run_in, Run};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/alertmanager/receivers")
}

const AT: &str = "2024-05-01T10:00:00Z";

/// `template render --config.file CONFIG ARGS...` in the fixture directory.
fn render_config(config: &str, args: &[&str]) -> Run {
    let mut all = vec![
        "alertmanager",
        "template",
        "render",
        "--config.file",
        config,
    ];
    all.extend_from_slice(args);
    run_in(Some(&dir()), &all, None)
}

/// `template render --receiver NAME` on the fixture configuration at a fixed time.
fn render(receiver: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "--receiver",
        receiver,
        "--at",
        AT,
        "--web.external-url",
        "http://am.example.org/",
    ];
    args.extend_from_slice(extra);
    render_config("alertmanager.yml", &args)
}

/// The fields of each integration of one notification of the JSON output.
fn fields(notification: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for i in notification["integrations"]
        .as_array()
        .expect("integrations")
    {
        let name = i["integration"].as_str().unwrap_or_default().to_string();
        for f in i["fields"].as_array().expect("fields") {
            let field = f["name"].as_str().unwrap_or_default().to_string();
            out.insert((name.clone(), field), f.clone());
        }
    }
    out
}

fn value<'a>(f: &'a BTreeMap<(String, String), Value>, integ: &str, field: &str) -> &'a str {
    f.get(&(integ.to_string(), field.to_string()))
        .and_then(|v| v["value"].as_str())
        .unwrap_or_else(|| panic!("{integ}.{field} is missing or failed: {f:?}"))
}

const DB_ALERTS: [&str; 8] = [
    "--alert",
    "alertname=DiskFull,team=db,cluster=c1,instance=h1",
    "--alert",
    "{alertname=\"DiskFull\",team=\"db\",cluster=\"c2\",instance=\"h3\"}",
    "--alert",
    "alertname=DiskFull,team=db,cluster=c1,instance=h2",
    "--annotation",
    "summary=disk <full>",
];

#[test]
fn groups_render_every_integration() {
    let r = render("db", &[&DB_ALERTS[..], &["-o", "json"]].concat()).expect_code(0);
    let doc = r.json();
    let notifications = doc["notifications"].as_array().expect("notifications");
    // group_by [alertname, cluster]: one notification per cluster, in first-alert order.
    assert_eq!(notifications.len(), 2);
    let keys: Vec<&str> = notifications
        .iter()
        .map(|n| n["group_key"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        keys,
        [
            r#"{}/{team="db"}:{alertname="DiskFull", cluster="c1"}"#,
            r#"{}/{team="db"}:{alertname="DiskFull", cluster="c2"}"#
        ]
    );
    assert_eq!(notifications[0]["alerts"], 2);
    let f = fields(&notifications[0]);
    let subject = "[FIRING:2] DiskFull c1 (db)";
    let link = "http://am.example.org/#/alerts?receiver=db";
    assert_eq!(value(&f, "email_configs[0]", "headers.Subject"), subject);
    assert_eq!(
        value(&f, "email_configs[0]", "headers.To"),
        "db-oncall@example.org"
    );
    // From comes from global smtp_from; the route label is rendered per group.
    assert_eq!(
        value(&f, "email_configs[0]", "from"),
        "alertmanager@example.org"
    );
    assert_eq!(value(&f, "email_configs[0]", "headers.X-Tier"), "db-c1");
    let html = value(&f, "email_configs[0]", "html");
    assert!(
        html.contains(&format!("<title>{subject}</title>")),
        "{html}"
    );
    // html/template escapes annotation text.
    assert!(html.contains("summary = disk &lt;full&gt;"), "{html}");
    assert_eq!(
        value(&f, "slack_configs[0]", "title"),
        "[FIRING] DiskFull on c1"
    );
    assert_eq!(
        value(&f, "slack_configs[0]", "fallback"),
        format!("{subject} | {link}")
    );
    assert_eq!(value(&f, "slack_configs[0]", "title_link"), link);
    assert_eq!(value(&f, "slack_configs[0]", "color"), "danger");
    assert_eq!(value(&f, "slack_configs[0]", "fields[0].value"), "db-c1");
    assert_eq!(value(&f, "slack_configs[0]", "channel"), "#db");
    assert_eq!(value(&f, "pagerduty_configs[0]", "description"), subject);
    assert_eq!(value(&f, "pagerduty_configs[0]", "client"), "Alertmanager");
    assert_eq!(value(&f, "pagerduty_configs[0]", "severity"), "error");
    // Details: rendered strings that read as YAML become structured values.
    let details: Value =
        serde_json::from_str(value(&f, "pagerduty_configs[0]", "details")).expect("JSON");
    assert_eq!(details["num_firing"], 2);
    assert_eq!(details["num_resolved"], 0);
    assert_eq!(details["hosts"], serde_json::json!(["h1", "h2"]));
    assert_eq!(details["summary"], "disk <full>");
    assert_eq!(details["firing"][1]["labels"]["instance"], "h2");
    // The webhook's payload, cut to max_alerts: 1.
    let payload: Value =
        serde_json::from_str(value(&f, "webhook_configs[0]", "payload")).expect("JSON");
    assert_eq!(payload["version"], "4");
    assert_eq!(payload["groupKey"], keys[0]);
    assert_eq!(payload["truncatedAlerts"], 1);
    assert_eq!(payload["alerts"].as_array().map(Vec::len), Some(1));
    assert_eq!(payload["alerts"][0]["labels"]["instance"], "h1");
    assert_eq!(payload["alerts"][0]["startsAt"], "2024-05-01T10:00:00Z");
    // A firing alert ends a resolve_timeout (5m by default) after it was posted.
    assert_eq!(payload["alerts"][0]["endsAt"], "2024-05-01T10:05:00Z");
    assert_eq!(payload["status"], "firing");
    assert_eq!(payload["notification_reason"], "first notification");
    assert_eq!(payload["routeLabels"]["tier"], "db-c1");
    assert_eq!(payload["externalURL"], "http://am.example.org");
    // The whole notification's data, both alerts in it.
    let data = &notifications[0]["data"];
    assert_eq!(data["alerts"].as_array().map(Vec::len), Some(2));
    assert_eq!(data["commonLabels"]["team"], "db");
    assert_eq!(data["commonAnnotations"]["summary"], "disk <full>");

    let f = fields(&notifications[1]);
    assert_eq!(
        value(&f, "email_configs[0]", "headers.Subject"),
        "[FIRING:1] DiskFull c2 (h3 db)"
    );
    // The other common labels' values come in name order.
    assert_eq!(value(&f, "email_configs[0]", "headers.X-Tier"), "db-c2");
}

#[test]
fn resolved_alerts_follow_send_resolved() {
    let r = render(
        "db",
        &[
            "--resolved-alert",
            "alertname=DiskFull,team=db,cluster=c1",
            "-o",
            "json",
        ],
    )
    .expect_code(0);
    let doc = r.json();
    let n = &doc["notifications"][0];
    let skipped: BTreeMap<&str, &str> = n["integrations"]
        .as_array()
        .expect("integrations")
        .iter()
        .filter_map(|i| Some((i["integration"].as_str()?, i["skipped"].as_str()?)))
        .collect();
    // Email and Slack do not send resolved notifications unless told to.
    let why = "not sent: every alert is resolved and send_resolved is false";
    assert_eq!(
        skipped,
        BTreeMap::from([("email_configs[0]", why), ("slack_configs[0]", why)])
    );
    let f = fields(n);
    assert_eq!(
        value(&f, "pagerduty_configs[0]", "description"),
        "[RESOLVED] DiskFull c1 (db)"
    );
    let payload: Value =
        serde_json::from_str(value(&f, "webhook_configs[0]", "payload")).expect("JSON");
    assert_eq!(payload["status"], "resolved");
    assert_eq!(payload["notification_reason"], "all alerts resolved");
    assert_eq!(payload["alerts"][0]["endsAt"], "2024-05-01T10:00:00Z");
}

#[test]
fn text_and_html_fields() {
    let r = render(
        "web",
        &[
            "--alert",
            "alertname=HighLatency,team=web,instance=<web1>",
            "--resolved-alert",
            "alertname=HighLatency,team=web,instance=web2",
            "--annotation",
            "summary=p99 > 1s",
            "-o",
            "json",
        ],
    )
    .expect_code(0);
    let doc = r.json();
    let f = fields(&doc["notifications"][0]);
    let subject = "[FIRING:1] HighLatency (web)";
    assert_eq!(value(&f, "discord_configs[0]", "title"), subject);
    assert_eq!(value(&f, "msteams_configs[0]", "title"), subject);
    assert_eq!(value(&f, "msteams_configs[0]", "summary"), subject);
    assert_eq!(value(&f, "opsgenie_configs[0]", "message"), subject);
    // Telegram's HTML parse mode renders with html/template; Discord's message is text.
    let alert_list = |lt: &str, gt: &str| {
        format!("Labels:\n - alertname = HighLatency\n - instance = {lt}web1{gt}\n - team = web\nAnnotations:\n - summary = p99 {gt} 1s\nSource: \n")
    };
    let resolved = "Labels:\n - alertname = HighLatency\n - instance = web2\n - team = web\nAnnotations:\n - summary = p99 &gt; 1s\nSource: \n";
    assert_eq!(
        value(&f, "telegram_configs[0]", "message"),
        format!(
            "\n\nAlerts Firing:\n{}\n\n\nAlerts Resolved:\n{resolved}\n\n",
            alert_list("&lt;", "&gt;")
        )
    );
    assert!(value(&f, "discord_configs[0]", "message").contains(&alert_list("<", ">")));
    // OpsGenie's details: the common labels, then the configured ones.
    assert_eq!(
        value(&f, "opsgenie_configs[0]", "details"),
        r#"{"alertname":"HighLatency","runbook":"https://runbooks.example.org/HighLatency","team":"web"}"#
    );
    assert_eq!(
        value(&f, "opsgenie_configs[0]", "description"),
        format!(
            "p99 > 1s\nAlerts Firing:\n{}\nAlerts Resolved:\n{}",
            alert_list("<", ">"),
            resolved.replace("&gt;", ">")
        )
    );
}

#[test]
fn human_output_and_length_limits() {
    let long = "x".repeat(300);
    let alert = format!("alertname={long},team=web");
    let r = render("web", &["--alert", &alert]).expect_code(0);
    let header = "notification 1 of 1 to \"web\": group {alertname=\"".to_string()
        + &long
        + "\"}, route {}/{team=\"web\"}, 1 alert(s)\n";
    assert!(r.stdout.starts_with(&header), "{}", r.stdout);
    // Discord cuts titles to 256 characters, the last one an ellipsis.
    let title = format!("[FIRING:1] {long} (web)");
    let cut: String = title.chars().take(255).chain(['…']).collect();
    let section = format!(
        "\n==> discord_configs[0].title (cut from {} to 256 characters) <==\n{cut}\n",
        title.chars().count()
    );
    assert!(r.stdout.contains(&section), "{}", r.stdout);
    assert!(r
        .stdout
        .contains(&format!("\n==> msteams_configs[0].title <==\n{title}\n")));
}

#[test]
fn template_errors_fail_the_integration() {
    let r = render("broken", &["--alert", "alertname=X,team=broken"]).expect_code(1);
    assert!(
        r.stdout.contains(
            "==> slack_configs[0].title <==\nERROR: template: :1:12: executing \"\" at <{{template \"no.such.template\" .}}>: template \"no.such.template\" not defined\n"
        ),
        "{}",
        r.stdout
    );
    // The other fields still render.
    assert!(r
        .stdout
        .contains("==> slack_configs[0].color <==\ndanger\n"));
    assert_eq!(
        r.stderr,
        "lookout: error: 1 integration(s) would send nothing: a template failed\n"
    );
}

#[test]
fn alerts_routed_elsewhere_are_named() {
    let r = render(
        "db",
        &["--alert", "alertname=X,team=web,cluster=c9", "-o", "json"],
    )
    .expect_code(0);
    assert_eq!(
        r.stderr,
        "lookout: warning: alert {alertname=\"X\", cluster=\"c9\", team=\"web\"} goes to web, not db: rendered as if on route {}/{team=\"db\"}\n"
    );
    let doc = r.json();
    assert_eq!(
        doc["notifications"][0]["group_key"],
        r#"{}/{team="db"}:{alertname="X", cluster="c9"}"#
    );
}

#[test]
fn given_data_is_the_notification() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/alertmanager/templates/data2.json");
    let r = render(
        "web",
        &["--template.data", &data.to_string_lossy(), "-o", "json"],
    )
    .expect_code(0);
    let doc = r.json();
    let n = &doc["notifications"][0];
    assert_eq!(n["data"]["receiver"], "team-DB-pager");
    let f = fields(n);
    // The data says the group is resolved: OpsGenie only closes the alert.
    let opsgenie: Vec<&String> = f
        .keys()
        .filter(|(i, _)| i == "opsgenie_configs[0]")
        .map(|(_, name)| name)
        .collect();
    assert_eq!(opsgenie, ["source"]);
    assert_eq!(
        value(&f, "opsgenie_configs[0]", "source"),
        "http://am.example:9093/#/alerts?receiver=team-DB-pager"
    );
    assert_eq!(
        value(&f, "discord_configs[0]", "title"),
        "[RESOLVED] DiskFull "
    );
}

#[test]
fn usage_and_configuration_errors() {
    // Unknown receiver: usage error naming the ones there are.
    let r = render("nope", &["--alert", "a=b"]).expect_code(2);
    assert_eq!(
        r.stderr,
        "lookout: error: alertmanager.yml: no receiver named \"nope\" (receivers: default, db, web, broken)\n"
    );
    let r = render("db", &[]).expect_code(2);
    assert!(r.stderr.contains("give --alert LABELS"), "{}", r.stderr);
    let r = render("db", &["--alert", "a=~b"]).expect_code(2);
    assert!(
        r.stderr
            .contains("--alert a=~b: labels must be specified as key=value pairs"),
        "{}",
        r.stderr
    );
    let r = render_config(
        "alertmanager.yml",
        &[
            "--receiver",
            "db",
            "--alert",
            "a=b",
            "--web.external-url",
            "ftp://x",
        ],
    )
    .expect_code(2);
    assert!(r.stderr.contains("invalid \"ftp\" scheme"), "{}", r.stderr);
    // --receiver needs --config.file; --template.text does not go with it.
    let r = run_in(
        None,
        &[
            "alertmanager",
            "template",
            "render",
            "--receiver",
            "db",
            "--alert",
            "a=b",
        ],
        None,
    )
    .expect_code(2);
    assert!(r.stderr.contains("--config.file"), "{}", r.stderr);
    // An invalid configuration: Alertmanager's message, exit 1.
    let tmp = tempfile::tempdir().expect("temp dir");
    let cfg = tmp.path().join("am.yml");
    std::fs::write(&cfg, "route:\n  receiver: missing\nreceivers:\n- name: r\n").expect("write");
    let cfg = cfg.to_string_lossy();
    let r = render_config(&cfg, &["--receiver", "r", "--alert", "a=b"]).expect_code(1);
    assert_eq!(
        r.stderr,
        format!("lookout: error: {cfg}: undefined receiver \"missing\" used in route\n")
    );
}

/// The same template text on the same data gives what amtool gives.
#[test]
fn amtool_renders_the_same_fields() {
    let Some(amtool) = amtool() else {
        println!("skipped: amtool is not installed (set $AMTOOL)");
        return;
    };
    let r = render("db", &[&DB_ALERTS[..], &["-o", "json"]].concat()).expect_code(0);
    let doc = r.json();
    let n = &doc["notifications"][0];
    let f = fields(n);
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data.json");
    std::fs::write(&data, n["data"].to_string()).expect("write");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let globs = [
        dir().join("templates/custom.tmpl"),
        root.join("src/template/alertmanager/email.tmpl"),
        root.join("fixtures/alertmanager/templates/default.tmpl"),
    ];
    // (integration, field, the template text its configuration gives it, type)
    let cases = [
        (
            "email_configs[0]",
            "headers.Subject",
            "{{ template \"email.default.subject\" . }}",
            "text",
        ),
        (
            "email_configs[0]",
            "html",
            "{{ template \"email.default.html\" . }}",
            "html",
        ),
        (
            "slack_configs[0]",
            "title",
            "{{ template \"custom.title\" . }}",
            "text",
        ),
        (
            "slack_configs[0]",
            "fallback",
            "{{ template \"slack.default.fallback\" . }}",
            "text",
        ),
        (
            "pagerduty_configs[0]",
            "client_url",
            "{{ template \"pagerduty.default.clientURL\" . }}",
            "text",
        ),
    ];
    let mut compared = 0;
    for (integ, field, text, kind) in cases {
        let mut cmd = std::process::Command::new(&amtool);
        cmd.args(["template", "render", "--template.data"])
            .arg(&data)
            .args(["--template.type", kind, "--template.text", text]);
        for g in &globs {
            cmd.arg("--template.glob").arg(g);
        }
        let out = cmd.output().expect("running amtool");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            value(&f, integ, field),
            String::from_utf8_lossy(&out.stdout),
            "{integ}.{field}"
        );
        compared += 1;
    }
    println!("alertmanager receiver render: {compared}/5 fields as amtool renders them");
}
