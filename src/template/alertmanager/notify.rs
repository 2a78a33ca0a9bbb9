//! What each integration of a receiver sends for one notification: every field Alertmanager
//! renders with templates, rendered as the notifiers of prometheus/alertmanager HEAD
//! (`notify/*/`) render it: text or html engine, length limits, values they derive from
//! the rendered text, and the JSON bodies of the webhook-style integrations. Credentials
//! (keys, tokens, secret URLs) are templated too upstream but are not shown.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::data::{notification_data, Data, Group, SourceAlert};
use super::render::{render, Kind};
use crate::config::alertmanager::config::Receiver;
use crate::config::alertmanager::notifiers::*;
use crate::template::exec::Templates;
use crate::template::gotime::GoTime;
use crate::template::{json, Map, Value};

/// One rendered field, named by its configuration key (`title`, `fields[0].value`).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// The value sent, or why rendering failed (Alertmanager then sends nothing through the
    /// integration).
    pub value: Result<String, String>,
    /// How the value sent differs from the rendered text (cut to a length limit, replaced).
    pub note: Option<String>,
}

/// One integration's part of the notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Integration {
    /// `slack_configs[0]`.
    pub name: String,
    /// Why the integration sends nothing for these alerts.
    pub skipped: Option<String>,
    pub fields: Vec<Field>,
}

impl Integration {
    pub fn failed(&self) -> bool {
        self.fields.iter().any(|f| f.value.is_err())
    }
}

/// The alerts of one notification and how its data is made.
pub enum Alerts<'a> {
    /// Alerts of an aggregation group, sorted as Alertmanager sorts them: each integration's
    /// data is made from the alerts it sends (upstream builds it after dropping resolved
    /// alerts for `send_resolved: false` and cutting to `max_alerts`).
    Source {
        group: &'a Group,
        alerts: &'a [SourceAlert],
        now: GoTime,
    },
    /// The notification data, given whole; only its alert list is filtered.
    Given(&'a Data),
}

/// A notification to render.
pub struct Notification<'a> {
    pub templates: &'a Templates,
    pub alerts: Alerts<'a>,
    /// The aggregation group's key, `{}/{team="a"}:{alertname="X"}`.
    pub group_key: String,
}

impl Notification<'_> {
    /// The data of the whole notification, every alert included (what a webhook with
    /// `send_resolved` and no `max_alerts` receives).
    pub fn data(&self) -> Data {
        match &self.alerts {
            Alerts::Source { group, alerts, now } => notification_data(group, alerts, now),
            Alerts::Given(data) => (*data).clone(),
        }
    }

    /// The data an integration renders with, and how many alerts `max_alerts` dropped;
    /// `Err` says why the integration sends nothing.
    fn data_for(&self, send_resolved: bool, max_alerts: u64) -> Result<(Data, u64), String> {
        let cut = |n: usize| -> (usize, u64) {
            let max = usize::try_from(max_alerts).unwrap_or(usize::MAX);
            if max_alerts != 0 && n > max {
                (max, (n - max) as u64)
            } else {
                (n, 0)
            }
        };
        match &self.alerts {
            Alerts::Source { group, alerts, now } => {
                let mut sent: Vec<SourceAlert> = alerts.to_vec();
                if !send_resolved {
                    sent.retain(|a| a.status_at(now) == "firing");
                    if sent.is_empty() {
                        return Err(NOTHING_FIRING.into());
                    }
                }
                let (keep, dropped) = cut(sent.len());
                sent.truncate(keep);
                Ok((notification_data(group, &sent, now), dropped))
            }
            Alerts::Given(data) => {
                let mut data = (*data).clone();
                if !send_resolved {
                    data.alerts.retain(|a| a.status != "resolved");
                    if data.alerts.is_empty() {
                        return Err(NOTHING_FIRING.into());
                    }
                }
                let (keep, dropped) = cut(data.alerts.len());
                data.alerts.truncate(keep);
                Ok((data, dropped))
            }
        }
    }
}

const NOTHING_FIRING: &str = "not sent: every alert is resolved and send_resolved is false";

/// Every integration of `rcv` (in the order Alertmanager builds them) rendered for `n`.
pub fn render_receiver(rcv: &Receiver, n: &Notification) -> Vec<Integration> {
    let mut out = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut each = |key: &'static str,
                    send_resolved: bool,
                    max_alerts: u64,
                    list: &mut dyn FnMut(&mut Fields)| {
        let i = index.entry(key).or_insert(0);
        let name = format!("{key}[{i}]");
        *i += 1;
        match n.data_for(send_resolved, max_alerts) {
            Err(why) => out.push(Integration {
                name,
                skipped: Some(why),
                fields: Vec::new(),
            }),
            Ok((data, dropped)) => {
                let mut f = Fields {
                    t: n.templates,
                    data: &data,
                    group_key: &n.group_key,
                    dropped,
                    out: Vec::new(),
                };
                list(&mut f);
                out.push(Integration {
                    name,
                    skipped: None,
                    fields: f.out,
                });
            }
        }
    };
    for c in rcv.webhook_configs.iter().flatten() {
        each("webhook_configs", c.send_resolved, c.max_alerts, &mut |f| {
            webhook(f, c)
        });
    }
    for c in rcv.email_configs.iter().flatten() {
        each("email_configs", c.send_resolved, 0, &mut |f| email(f, c));
    }
    for c in rcv.pagerduty_configs.iter().flatten() {
        each("pagerduty_configs", c.send_resolved, 0, &mut |f| {
            pagerduty(f, c)
        });
    }
    for c in rcv.opsgenie_configs.iter().flatten() {
        each("opsgenie_configs", c.send_resolved, 0, &mut |f| {
            opsgenie(f, c)
        });
    }
    for c in rcv.wechat_configs.iter().flatten() {
        each("wechat_configs", c.send_resolved, 0, &mut |f| wechat(f, c));
    }
    for c in rcv.slack_configs.iter().flatten() {
        each("slack_configs", c.send_resolved, 0, &mut |f| slack(f, c));
    }
    for c in rcv.victorops_configs.iter().flatten() {
        each("victorops_configs", c.send_resolved, 0, &mut |f| {
            victorops(f, c)
        });
    }
    for c in rcv.pushover_configs.iter().flatten() {
        each("pushover_configs", c.send_resolved, 0, &mut |f| {
            pushover(f, c)
        });
    }
    for c in rcv.sns_configs.iter().flatten() {
        each("sns_configs", c.send_resolved, 0, &mut |f| sns(f, c));
    }
    for c in rcv.telegram_configs.iter().flatten() {
        each("telegram_configs", c.send_resolved, 0, &mut |f| {
            telegram(f, c)
        });
    }
    for c in rcv.discord_configs.iter().flatten() {
        each("discord_configs", c.send_resolved, 0, &mut |f| {
            discord(f, c)
        });
    }
    for c in rcv.webex_configs.iter().flatten() {
        each("webex_configs", c.send_resolved, 0, &mut |f| webex(f, c));
    }
    for c in rcv.msteams_configs.iter().flatten() {
        each("msteams_configs", c.send_resolved, 0, &mut |f| {
            msteams(f, c)
        });
    }
    for c in rcv.msteamsv2_configs.iter().flatten() {
        each("msteamsv2_configs", c.send_resolved, 0, &mut |f| {
            msteamsv2(f, c)
        });
    }
    for c in rcv.jira_configs.iter().flatten() {
        each("jira_configs", c.send_resolved, 0, &mut |f| jira(f, c));
    }
    for c in rcv.incidentio_configs.iter().flatten() {
        each(
            "incidentio_configs",
            c.send_resolved,
            c.max_alerts,
            &mut |f| incidentio(f, c),
        );
    }
    for c in rcv.rocketchat_configs.iter().flatten() {
        each("rocketchat_configs", c.send_resolved, 0, &mut |f| {
            rocketchat(f, c)
        });
    }
    for c in rcv.mattermost_configs.iter().flatten() {
        each("mattermost_configs", c.send_resolved, 0, &mut |f| {
            mattermost(f, c)
        });
    }
    out
}

/// A notifier's length limit.
#[derive(Clone, Copy)]
enum Limit {
    /// `TruncateInRunes`: the last kept character becomes `…`.
    Runes(usize),
    /// `TruncateInBytes`: cut on a character boundary, then `…` (3 bytes).
    Bytes(usize),
}

impl Limit {
    fn apply(self, s: String) -> (String, Option<String>) {
        match self {
            Limit::Runes(n) => {
                let count = s.chars().count();
                if count <= n {
                    return (s, None);
                }
                let cut: String = if n <= 3 {
                    s.chars().take(n).collect()
                } else {
                    s.chars().take(n - 1).chain(['…']).collect()
                };
                (cut, Some(format!("cut from {count} to {n} characters")))
            }
            Limit::Bytes(n) => {
                if s.len() <= n {
                    return (s, None);
                }
                let note = Some(format!("cut from {} to {n} bytes", s.len()));
                if n <= 3 {
                    let cut = if n == 3 { "…".into() } else { ".".repeat(n) };
                    return (cut, note);
                }
                let mut end = n - 3;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                (format!("{}…", &s[..end]), note)
            }
        }
    }
}

/// The fields of one integration, as they are rendered.
struct Fields<'a> {
    t: &'a Templates,
    data: &'a Data,
    group_key: &'a str,
    /// Alerts left out by `max_alerts`.
    dropped: u64,
    out: Vec<Field>,
}

impl Fields<'_> {
    fn render(&self, src: &str, kind: Kind) -> Result<String, String> {
        render(self.t, src, self.data, kind)
    }

    fn push(
        &mut self,
        name: impl Into<String>,
        value: Result<String, String>,
        note: Option<String>,
    ) {
        self.out.push(Field {
            name: name.into(),
            value,
            note,
        });
    }

    /// A field rendered with the text engine; one with no template text is left out.
    fn text(&mut self, name: impl Into<String>, src: &str) {
        self.with(name, src, Kind::Text, |s| (s, None));
    }

    /// A field rendered, then changed as the notifier changes it.
    fn with(
        &mut self,
        name: impl Into<String>,
        src: &str,
        kind: Kind,
        then: impl FnOnce(String) -> (String, Option<String>),
    ) {
        if src.is_empty() {
            return;
        }
        match self.render(src, kind) {
            Ok(s) => {
                let (s, note) = then(s);
                self.push(name, Ok(s), note);
            }
            Err(e) => self.push(name, Err(e), None),
        }
    }

    /// A field cut to a notifier's limit.
    fn limited(&mut self, name: impl Into<String>, src: &str, kind: Kind, limit: Limit) {
        self.with(name, src, kind, |s| limit.apply(s));
    }

    /// A structured value rendered with `DeepCopyWithTemplate`, as the JSON sent.
    fn structured(&mut self, name: impl Into<String>, v: &serde_json::Value) {
        let value = deep_copy(v, &|s| self.render(s, Kind::Text)).and_then(|v| json::marshal(&v));
        self.push(name, value, None);
    }

    /// Alertmanager's webhook message: the data plus `version`, `groupKey` and
    /// `truncatedAlerts`, as `json.Encoder` writes it (without its final newline).
    fn message(&self, version: &str) -> Result<String, String> {
        let data = json::marshal(&self.data.to_value())?;
        let mut out = data.trim_end_matches('}').to_string();
        out.push_str(",\"version\":");
        crate::gostr::push_json_string(&mut out, version);
        out.push_str(",\"groupKey\":");
        crate::gostr::push_json_string(&mut out, self.group_key);
        out.push_str(&format!(",\"truncatedAlerts\":{}}}", self.dropped));
        Ok(out)
    }

    fn list<T>(&mut self, prefix: &str, items: &[T], each: impl Fn(&mut Self, &str, &T)) {
        for (i, item) in items.iter().enumerate() {
            each(self, &format!("{prefix}[{i}]"), item);
        }
    }
}

/// Upstream's `DeepCopyWithTemplate`: every string (map keys too, below the top) rendered;
/// a rendered string that reads as YAML other than a string (a number, a list, a mapping,
/// null) becomes that value.
fn deep_copy(
    v: &serde_json::Value,
    render: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Value, String> {
    Ok(match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => {
            let text = render(s)?;
            yaml_value(&text).unwrap_or_else(|| Value::from(text))
        }
        serde_json::Value::Array(items) => Value::list(
            items
                .iter()
                .map(|i| deep_copy(i, render))
                .collect::<Result<_, _>>()?,
        ),
        serde_json::Value::Object(m) => {
            let mut entries = BTreeMap::new();
            for (k, item) in m {
                entries.insert(render(k)?, deep_copy(item, render)?);
            }
            any_map(entries)
        }
    })
}

fn any_map(entries: BTreeMap<String, Value>) -> Value {
    Value::Map(Arc::new(Map {
        entries,
        zero: Value::Missing,
        type_name: "map[string]interface {}".into(),
    }))
}

/// What yaml.v2 makes of a rendered string when it is not a plain string: `None` when it
/// does not parse or is a string.
fn yaml_value(text: &str) -> Option<Value> {
    use crate::yaml::{NodeKind, Resolved};
    fn scalar(node: &crate::yaml::Node) -> Value {
        match node.resolve() {
            Some(Resolved::Null) => Value::Nil,
            Some(Resolved::Bool(b)) => Value::Bool(b),
            Some(Resolved::Int(i)) => Value::Int(i),
            Some(Resolved::Float(f)) => Value::Float(f),
            Some(Resolved::Str(s)) => match (&node.kind, crate::yaml::parse_bool_11(s)) {
                // yaml.v2 still reads YAML 1.1's booleans (`yes`, `off`) in plain scalars.
                (
                    NodeKind::Scalar {
                        style: crate::yaml::Style::Plain,
                        ..
                    },
                    Some(b),
                ) if node.tag.is_none() => Value::Bool(b),
                _ => Value::str(s),
            },
            None => Value::Nil,
        }
    }
    fn convert(node: &crate::yaml::Node) -> Value {
        match &node.kind {
            NodeKind::Scalar { .. } => scalar(node),
            NodeKind::Seq(items) => Value::list(items.iter().map(convert).collect()),
            // Keys that are not strings are dropped, as upstream drops them.
            NodeKind::Map(entries) => any_map(
                entries
                    .iter()
                    .filter_map(|(k, v)| match scalar(k) {
                        Value::String(s) => Some((s.to_string(), convert(v))),
                        _ => None,
                    })
                    .collect(),
            ),
        }
    }
    let docs = crate::yaml::parse(text).ok()?;
    let Some(doc) = docs.first() else {
        return Some(Value::Nil);
    };
    match convert(doc) {
        Value::String(_) => None,
        v => Some(v),
    }
}

// ---- the integrations (prometheus/alertmanager notify/<name>/<name>.go) ----

fn webhook(f: &mut Fields, c: &WebhookConfig) {
    match &c.payload {
        Some(p) => f.structured("payload", p),
        None => {
            let m = f.message("4");
            f.push("payload", m, None);
        }
    }
}

fn incidentio(f: &mut Fields, _c: &IncidentioConfig) {
    const MAX_PAYLOAD: usize = 512 * 1024;
    let mut m = f.message("1");
    let mut note = None;
    // Too big a payload keeps only the first alert.
    if m.as_ref().is_ok_and(|m| m.len() + 1 > MAX_PAYLOAD) && f.data.alerts.len() > 1 {
        let mut data = f.data.clone();
        data.alerts.truncate(1);
        let one = Fields {
            t: f.t,
            data: &data,
            group_key: f.group_key,
            dropped: f.dropped,
            out: Vec::new(),
        };
        m = one.message("1");
        note = Some(format!(
            "only the first alert kept: the payload exceeds {MAX_PAYLOAD} bytes"
        ));
    }
    f.push("payload", m, note);
}

fn email(f: &mut Fields, c: &EmailConfig) {
    f.text("from", &c.from);
    f.text("to", &c.to);
    // Headers the configuration leaves out get upstream's defaults.
    let mut headers = c.headers.clone();
    headers
        .entry("Subject".into())
        .or_insert_with(|| "{{ template \"email.default.subject\" . }}".into());
    headers.entry("To".into()).or_insert_with(|| c.to.clone());
    headers
        .entry("From".into())
        .or_insert_with(|| c.from.clone());
    for (name, src) in &headers {
        let v = f.render(src, Kind::Text);
        f.push(format!("headers.{name}"), v, None);
    }
    f.text("text", &c.text);
    f.with("html", &c.html, Kind::Html, |s| (s, None));
}

fn pagerduty(f: &mut Fields, c: &PagerdutyConfig) {
    let firing = f.data.alerts.iter().any(|a| a.status == "firing");
    if !c.service_key.is_empty() || !c.service_key_file.is_empty() {
        // Events API v1.
        f.limited(
            "description",
            &c.description,
            Kind::Text,
            Limit::Runes(1024),
        );
        if firing {
            f.text("client", &c.client);
            f.text("client_url", &c.client_url);
        }
        details(f, c);
        return;
    }
    f.text("client", &c.client);
    f.text("client_url", &c.client_url);
    f.limited(
        "description",
        &c.description,
        Kind::Text,
        Limit::Runes(1024),
    );
    f.text("source", &c.source);
    let severity = if c.severity.is_empty() {
        "error"
    } else {
        c.severity.as_str()
    };
    f.text("severity", severity);
    details(f, c);
    f.text("class", &c.class);
    f.text("component", &c.component);
    f.text("group", &c.group);
    f.list("images", &c.images, |f, p, i| {
        f.text(format!("{p}.src"), &i.src);
        f.text(format!("{p}.alt"), &i.alt);
        f.text(format!("{p}.href"), &i.href);
    });
    f.list("links", &c.links, |f, p, l| {
        f.text(format!("{p}.href"), &l.href);
        f.text(format!("{p}.text"), &l.text);
    });
}

/// PagerDuty's details: each value rendered with `DeepCopyWithTemplate` (the top-level
/// keys as they are).
fn details(f: &mut Fields, c: &PagerdutyConfig) {
    let mut entries = BTreeMap::new();
    let mut failed = None;
    for (k, v) in &c.details {
        match deep_copy(v, &|s| f.render(s, Kind::Text)) {
            Ok(v) => {
                entries.insert(k.clone(), v);
            }
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    let value = match failed {
        Some(e) => Err(e),
        None => json::marshal(&any_map(entries)),
    };
    f.push("details", value, None);
}

fn opsgenie(f: &mut Fields, c: &OpsGenieConfig) {
    if f.data.status == "resolved" {
        // A resolved group closes the alert: only the source is sent.
        f.text("source", &c.source);
        return;
    }
    f.limited("message", &c.message, Kind::Text, Limit::Runes(130));
    f.text("description", &c.description);
    // The common labels, then the configured details rendered over them.
    let mut details: BTreeMap<String, Value> = f
        .data
        .common_labels
        .iter()
        .map(|(k, v)| (k.clone(), Value::str(v.as_str())))
        .collect();
    let mut failed = None;
    for (k, v) in &c.details {
        match f.render(v, Kind::Text) {
            Ok(s) => {
                details.insert(k.clone(), Value::from(s));
            }
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    let value = match failed {
        Some(e) => Err(e),
        None => json::marshal(&any_map(details)),
    };
    f.push("details", value, None);
    f.text("source", &c.source);
    f.list("responders", &c.responders, |f, p, r| {
        f.text(format!("{p}.id"), &r.id);
        f.text(format!("{p}.name"), &r.name);
        f.text(format!("{p}.username"), &r.username);
        f.text(format!("{p}.type"), &r.r#type);
    });
    f.text("tags", &c.tags);
    f.text("note", &c.note);
    f.text("priority", &c.priority);
    f.text("entity", &c.entity);
    f.text("actions", &c.actions);
}

fn wechat(f: &mut Fields, c: &WechatConfig) {
    f.text("to_user", &c.to_user);
    f.text("to_party", &c.to_party);
    f.text("to_tag", &c.to_tag);
    f.text("agent_id", &c.agent_id);
    f.text("message", &c.message);
}

fn slack(f: &mut Fields, c: &SlackConfig) {
    f.text("channel", &c.channel);
    f.text("username", &c.username);
    f.text("icon_emoji", &c.icon_emoji);
    f.text("icon_url", &c.icon_url);
    f.text("message_text", &c.message_text);
    f.limited("title", &c.title, Kind::Text, Limit::Runes(1024));
    f.text("title_link", &c.title_link);
    f.text("pretext", &c.pretext);
    f.text("text", &c.text);
    f.text("fallback", &c.fallback);
    f.text("callback_id", &c.callback_id);
    f.text("image_url", &c.image_url);
    f.text("thumb_url", &c.thumb_url);
    f.text("footer", &c.footer);
    f.text("color", &c.color);
    f.list("fields", &c.fields, |f, p, x| {
        f.text(format!("{p}.title"), &x.title);
        f.text(format!("{p}.value"), &x.value);
    });
    f.list("actions", &c.actions, |f, p, a| {
        f.text(format!("{p}.type"), &a.r#type);
        f.text(format!("{p}.text"), &a.text);
        f.text(format!("{p}.url"), &a.url);
        f.text(format!("{p}.style"), &a.style);
        f.text(format!("{p}.name"), &a.name);
        f.text(format!("{p}.value"), &a.value);
        if let Some(cf) = &a.confirm {
            f.text(format!("{p}.confirm.title"), &cf.title);
            f.text(format!("{p}.confirm.text"), &cf.text);
            f.text(format!("{p}.confirm.ok_text"), &cf.ok_text);
            f.text(format!("{p}.confirm.dismiss_text"), &cf.dismiss_text);
        }
    });
}

fn victorops(f: &mut Fields, c: &VictorOpsConfig) {
    f.text("routing_key", &c.routing_key);
    let resolved = f.data.status == "resolved";
    // The rendered type stands only when it is one VictorOps knows; a resolved group
    // always sends RECOVERY.
    f.with("message_type", &c.message_type, Kind::Text, |s| {
        if resolved {
            let note =
                (s != "RECOVERY").then(|| format!("{s:?} replaced: the alerts are resolved"));
            ("RECOVERY".into(), note)
        } else if ["INFO", "WARNING", "CRITICAL"].contains(&s.as_str()) {
            (s, None)
        } else {
            let note = Some(format!("{s:?} is not INFO, WARNING or CRITICAL"));
            ("CRITICAL".into(), note)
        }
    });
    f.text("entity_display_name", &c.entity_display_name);
    f.limited(
        "state_message",
        &c.state_message,
        Kind::Text,
        Limit::Runes(20480),
    );
    f.text("monitoring_tool", &c.monitoring_tool);
    for (k, v) in &c.custom_fields {
        f.text(format!("custom_fields.{k}"), v);
    }
}

fn pushover(f: &mut Fields, c: &PushoverConfig) {
    f.limited("title", &c.title, Kind::Text, Limit::Runes(250));
    let kind = if c.html { Kind::Html } else { Kind::Text };
    f.with("message", &c.message, kind, |s| {
        let (s, note) = Limit::Runes(1024).apply(s);
        let trimmed = s.trim();
        if trimmed.is_empty() {
            // Pushover rejects empty messages.
            return ("(no details)".into(), Some("the message is empty".into()));
        }
        (trimmed.to_string(), note)
    });
    f.limited("url", &c.url, Kind::Text, Limit::Runes(512));
    f.text("url_title", &c.url_title);
    f.text("priority", &c.priority);
    f.text("device", &c.device);
    f.text("sound", &c.sound);
}

fn sns(f: &mut Fields, c: &SnsConfig) {
    f.text("api_url", &c.api_url);
    for (k, v) in &c.attributes {
        f.text(format!("attributes.{k}"), v);
    }
    f.text("topic_arn", &c.topic_arn);
    f.text("phone_number", &c.phone_number);
    f.text("target_arn", &c.target_arn);
    // SMS messages are limited to 1600 bytes, others to 256 KiB; the cut is plain.
    let max = if c.phone_number.is_empty() {
        256 * 1024
    } else {
        1600
    };
    f.with("message", &c.message, Kind::Text, |s| {
        if s.len() <= max {
            return (s, None);
        }
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let note = Some(format!("cut from {} to {max} bytes", s.len()));
        (s[..end].to_string(), note)
    });
    f.text("subject", &c.subject);
}

fn telegram(f: &mut Fields, c: &TelegramConfig) {
    const MAX: usize = 4096;
    if c.parse_mode == "HTML" {
        // An HTML message is not cut (that could break its markup) but replaced.
        f.with("message", &c.message, Kind::Html, |s| {
            if s.chars().count() <= MAX {
                return (s, None);
            }
            let replaced = "Alertmanager notification could not be sent: message length exceeds Telegram limits.\n\t\t\tPlease check the template used for producing the message content.";
            (replaced.into(), Some(format!("longer than {MAX} characters")))
        });
    } else {
        f.limited("message", &c.message, Kind::Text, Limit::Runes(MAX));
    }
}

fn discord(f: &mut Fields, c: &DiscordConfig) {
    f.limited("title", &c.title, Kind::Text, Limit::Runes(256));
    f.limited("message", &c.message, Kind::Text, Limit::Runes(4096));
    f.limited("content", &c.content, Kind::Text, Limit::Runes(2000));
}

fn webex(f: &mut Fields, c: &WebexConfig) {
    f.limited("message", &c.message, Kind::Text, Limit::Bytes(7439));
    f.text("room_id", &c.room_id);
}

fn msteams(f: &mut Fields, c: &MsTeamsConfig) {
    f.text("title", &c.title);
    f.text("text", &c.text);
    f.text("summary", &c.summary);
}

fn msteamsv2(f: &mut Fields, c: &MsTeamsV2Config) {
    f.text("title", &c.title);
    f.text("text", &c.text);
}

fn jira(f: &mut Fields, c: &JiraConfig) {
    f.limited(
        "summary",
        &c.summary.template,
        Kind::Text,
        Limit::Runes(255),
    );
    f.text("project", &c.project);
    f.text("issue_type", &c.issue_type);
    for (k, v) in &c.fields {
        f.structured(format!("fields.{k}"), v);
    }
    let v3 = c
        .api_url
        .as_ref()
        .is_some_and(|u| u.0.path.trim_end_matches('/').ends_with("/3"));
    let src = &c.description.template;
    if !src.is_empty() {
        let value = f.render(src, Kind::Text).and_then(|s| {
            let (s, note) = Limit::Runes(32767).apply(s);
            // The v3 API takes the description as Atlassian Document Format JSON.
            if v3
                && !s.trim().is_empty()
                && serde_json::from_str::<serde_json::Value>(s.trim()).is_err()
            {
                return Err("description template: invalid JSON for API v3".into());
            }
            Ok((s, note))
        });
        match value {
            Ok((s, note)) => f.push("description", Ok(s), note),
            Err(e) => f.push("description", Err(e), None),
        }
    }
    f.list("labels", &c.labels, |f, p, l| f.text(p, l));
    f.text("priority", &c.priority);
}

fn rocketchat(f: &mut Fields, c: &RocketchatConfig) {
    f.text("channel", &c.channel);
    f.text("emoji", &c.emoji);
    f.text("icon_url", &c.icon_url);
    f.limited("title", &c.title, Kind::Text, Limit::Runes(1024));
    f.text("title_link", &c.title_link);
    f.text("text", &c.text);
    f.text("image_url", &c.image_url);
    f.text("thumb_url", &c.thumb_url);
    f.text("color", &c.color);
    f.list("fields", &c.fields, |f, p, x| {
        f.text(format!("{p}.title"), &x.title);
        f.text(format!("{p}.value"), &x.value);
    });
    f.list("actions", &c.actions, |f, p, a| {
        f.text(format!("{p}.text"), &a.text);
        f.text(format!("{p}.url"), &a.url);
        f.text(format!("{p}.msg"), &a.msg);
    });
}

fn mattermost(f: &mut Fields, c: &MattermostConfig) {
    f.text("channel", &c.channel);
    f.text("username", &c.username);
    f.text("icon_url", &c.icon_url);
    f.text("icon_emoji", &c.icon_emoji);
    f.text("type", &c.r#type);
    if let Some(p) = c.priority.as_ref().filter(|p| !p.priority.is_empty()) {
        f.text("priority.priority", &p.priority);
    }
    if let Some(p) = c.props.as_ref().filter(|p| !p.card.is_empty()) {
        f.text("props.card", &p.card);
    }
    if c.attachments.is_empty() {
        // Without attachments, the text goes into the one attachment built from the
        // top-level settings (and is not cut).
        let top = MattermostAttachment {
            fallback: c.fallback.clone(),
            color: c.color.clone(),
            pretext: c.pretext.clone(),
            text: c.text.clone(),
            author_name: c.author_name.clone(),
            author_link: c.author_link.clone(),
            author_icon: c.author_icon.clone(),
            title: c.title.clone(),
            title_link: c.title_link.clone(),
            fields: c.fields.clone(),
            thumb_url: c.thumb_url.clone(),
            footer: c.footer.clone(),
            footer_icon: c.footer_icon.clone(),
            image_url: c.image_url.clone(),
        };
        mattermost_attachment(f, "", &top);
    } else {
        f.limited("text", &c.text, Kind::Text, Limit::Runes(16383));
        f.list("attachments", &c.attachments, |f, p, a| {
            mattermost_attachment(f, &format!("{p}."), a);
        });
    }
}

fn mattermost_attachment(f: &mut Fields, prefix: &str, a: &MattermostAttachment) {
    for (name, src) in [
        ("text", &a.text),
        ("fallback", &a.fallback),
        ("color", &a.color),
        ("pretext", &a.pretext),
        ("author_name", &a.author_name),
        ("author_link", &a.author_link),
        ("author_icon", &a.author_icon),
        ("title", &a.title),
        ("title_link", &a.title_link),
        ("thumb_url", &a.thumb_url),
        ("footer", &a.footer),
        ("footer_icon", &a.footer_icon),
        ("image_url", &a.image_url),
    ] {
        f.text(format!("{prefix}{name}"), src);
    }
    f.list(&format!("{prefix}fields"), &a.fields, |f, p, x| {
        f.text(format!("{p}.title"), &x.title);
        f.text(format!("{p}.value"), &x.value);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_is_upstreams() {
        // prometheus/alertmanager notify/util_test.go TestTruncate.
        let cases = [
            ("", 5, "", ""),
            ("abcde", 2, "ab", ".."),
            ("abcde", 4, "abc…", "a…"),
            ("abcde", 5, "abcde", "abcde"),
            ("abcdefgh", 5, "abcd…", "ab…"),
            ("a⌘cde", 5, "a⌘cde", "a…"),
            ("a⌘cdef", 5, "a⌘cd…", "a…"),
            ("世界cdef", 3, "世界c", "…"),
            (
                "❤️✅🚀🔥❌❤️✅🚀🔥❌❤️✅🚀🔥❌❤️✅🚀🔥❌",
                19,
                "❤️✅🚀🔥❌❤️✅🚀🔥❌❤️✅🚀🔥❌…",
                "❤️✅🚀…",
            ),
        ];
        for (input, n, runes, bytes) in cases {
            let (r, r_note) = Limit::Runes(n).apply(input.to_string());
            assert_eq!(r, runes, "runes {input:?} {n}");
            assert_eq!(r_note.is_some(), r != input);
            let (b, b_note) = Limit::Bytes(n).apply(input.to_string());
            assert_eq!(b, bytes, "bytes {input:?} {n}");
            assert_eq!(b_note.is_some(), b != input);
        }
    }

    fn copied(v: serde_json::Value) -> String {
        let same = |s: &str| Ok(s.to_string());
        deep_copy(&v, &same)
            .and_then(|v| json::marshal(&v))
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn deep_copy_reads_rendered_yaml() {
        use serde_json::json;
        // Strings that are YAML of another kind become that value (yaml.v2's reading).
        assert_eq!(copied(json!("42")), "42");
        assert_eq!(copied(json!("1.5")), "1.5");
        assert_eq!(copied(json!("yes")), "true");
        assert_eq!(copied(json!("")), "null");
        assert_eq!(copied(json!("[1, a]")), r#"[1,"a"]"#);
        assert_eq!(copied(json!("Disk: full")), r#"{"Disk":"full"}"#);
        // Non-string keys are dropped.
        assert_eq!(copied(json!("{1: a, b: c}")), r#"{"b":"c"}"#);
        // A string stays the text rendered, quotes and all.
        assert_eq!(copied(json!("plain text")), r#""plain text""#);
        assert_eq!(copied(json!("\"quoted\"")), r#""\"quoted\"""#);
        assert_eq!(copied(json!("{unclosed")), r#""{unclosed""#);
        assert_eq!(
            copied(json!({"k": ["a", 2, true, null], "n": 1.25})),
            r#"{"k":["a",2,true,null],"n":1.25}"#
        );
        // Go's JSON escapes HTML characters; an infinite number cannot be sent.
        assert_eq!(copied(json!("<b>")), r#""\u003cb\u003e""#);
        assert_eq!(
            copied(json!(".inf")),
            "error: json: unsupported value: +Inf"
        );
    }
}

#[cfg(test)]
mod integration_tests {
    use super::*;
    use crate::config::alertmanager::config::load;
    use crate::config::alertmanager::matchers::ParseMode;
    use crate::template::alertmanager::data::Kv;
    use crate::template::alertmanager::render::from_globs;

    const CONFIG: &str = r#"
route: {receiver: r}
receivers:
- name: r
  pagerduty_configs:
  - service_key: k
  wechat_configs:
  - api_secret: s
    corp_id: c
    to_user: '{{ .CommonLabels.user }}'
  victorops_configs:
  - api_key: k
    routing_key: '{{ .CommonLabels.team }}'
    message_type: '{{ .CommonLabels.severity | toUpper }}'
    custom_fields: {runbook: 'rb/{{ .CommonLabels.alertname }}'}
  pushover_configs:
  - user_key: u
    token: t
    message: '  '
  sns_configs:
  - phone_number: '+15550100'
    message: '{{ range .Alerts }}{{ .Labels.alertname }}{{ end }}'
  webex_configs:
  - room_id: room
    http_config: {authorization: {credentials: x}}
  msteamsv2_configs:
  - webhook_url: 'https://teams.example.org/x'
  jira_configs:
  - api_url: 'https://jira.example.org/rest/api/3'
    project: OPS
    issue_type: Bug
    labels: ['{{ .CommonLabels.team }}']
    fields: {customfield_1: '{{ len .Alerts }}'}
  rocketchat_configs:
  - token: t
    token_id: i
    fields: [{title: T, value: '{{ .Status }}'}]
  incidentio_configs:
  - url: 'https://incident.example.org/x'
    alert_source_token: t
  mattermost_configs:
  - webhook_url: 'https://mm.example.org/x'
    attachments: [{title: '{{ .Status }}'}]
"#;

    fn rendered(labels: &[(&str, &str)]) -> BTreeMap<String, Result<String, String>> {
        let cfg = load(CONFIG, ParseMode::Fallback).expect("loads");
        let templates = from_globs(&[]).expect("built-in templates");
        let now = GoTime::from_unix(1_700_000_000, 0);
        let alert = SourceAlert {
            labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            annotations: Kv::new(),
            starts_at: now,
            ends_at: now.add_nanos(300 * 1_000_000_000),
            generator_url: String::new(),
        };
        let group = Group {
            receiver: "r".into(),
            notification_reason: "first notification".into(),
            external_url: "http://am".into(),
            ..Group::default()
        };
        let alerts = [alert];
        let n = Notification {
            templates: &templates,
            alerts: Alerts::Source {
                group: &group,
                alerts: &alerts,
                now,
            },
            group_key: "{}:{}".into(),
        };
        render_receiver(&cfg.receivers[0], &n)
            .into_iter()
            .flat_map(|i| {
                let name = i.name.clone();
                i.fields
                    .into_iter()
                    .map(move |f| (format!("{name}.{}", f.name), f.value))
            })
            .collect()
    }

    fn get<'a>(m: &'a BTreeMap<String, Result<String, String>>, k: &str) -> &'a str {
        match m.get(k) {
            Some(Ok(v)) => v,
            other => panic!("{k}: {other:?} in {m:?}"),
        }
    }

    #[test]
    fn every_other_integration() {
        let labels = [
            ("alertname", "Down"),
            ("team", "ops"),
            ("severity", "warning"),
            ("user", "ann"),
        ];
        let m = rendered(&labels);
        // No group labels; the common label values, alertname first, then by name.
        let subject = "[FIRING:1]  (Down warning ops ann)";
        // PagerDuty with a service key speaks the v1 API: no source, severity or links.
        assert_eq!(get(&m, "pagerduty_configs[0].description"), subject);
        assert!(!m.contains_key("pagerduty_configs[0].severity"));
        assert_eq!(get(&m, "wechat_configs[0].to_user"), "ann");
        assert!(get(&m, "wechat_configs[0].message").starts_with(subject));
        assert_eq!(get(&m, "victorops_configs[0].routing_key"), "ops");
        assert_eq!(get(&m, "victorops_configs[0].message_type"), "WARNING");
        assert_eq!(
            get(&m, "victorops_configs[0].custom_fields.runbook"),
            "rb/Down"
        );
        // Pushover rejects empty messages; Alertmanager sends a placeholder.
        assert_eq!(get(&m, "pushover_configs[0].message"), "(no details)");
        assert_eq!(get(&m, "pushover_configs[0].priority"), "2");
        assert_eq!(get(&m, "sns_configs[0].message"), "Down");
        assert_eq!(get(&m, "sns_configs[0].phone_number"), "+15550100");
        assert_eq!(get(&m, "webex_configs[0].room_id"), "room");
        assert_eq!(get(&m, "msteamsv2_configs[0].title"), subject);
        assert_eq!(get(&m, "jira_configs[0].summary"), subject);
        assert_eq!(get(&m, "jira_configs[0].labels[0]"), "ops");
        assert_eq!(get(&m, "jira_configs[0].fields.customfield_1"), "1");
        // Priority from the severity, as upstream's default template maps it.
        assert_eq!(get(&m, "jira_configs[0].priority"), "Medium");
        // The v3 API takes the description as JSON; the default template's Markdown is not.
        assert_eq!(
            m.get("jira_configs[0].description"),
            Some(&Err("description template: invalid JSON for API v3".into()))
        );
        assert_eq!(get(&m, "rocketchat_configs[0].fields[0].value"), "firing");
        assert_eq!(get(&m, "rocketchat_configs[0].color"), "red");
        let payload: serde_json::Value =
            serde_json::from_str(get(&m, "incidentio_configs[0].payload")).expect("JSON");
        assert_eq!(payload["version"], "1");
        assert_eq!(payload["groupKey"], "{}:{}");
        assert_eq!(
            get(&m, "mattermost_configs[0].attachments[0].title"),
            "firing"
        );
        assert!(get(&m, "mattermost_configs[0].text").contains("# Alerts Firing:"));

        // An unknown VictorOps type falls back to CRITICAL.
        let m = rendered(&[("alertname", "Down"), ("severity", "page")]);
        assert_eq!(get(&m, "victorops_configs[0].message_type"), "CRITICAL");
    }
}
