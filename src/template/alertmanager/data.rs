//! Alertmanager's notification template data (`template.Data` and the types it is made of,
//! prometheus/alertmanager `template/template.go` at HEAD) as template values, read from the
//! JSON a webhook receives or `amtool template render --template.data` takes.
//!
//! Go's `fmt` prints these types as Go does: structs as `{field ...}` (unexported fields
//! included), and `KV` and `Pairs` through their `String` methods (`a=1, b=2`).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::gostr::push_json_string;
use crate::template::args::{arg, arity, string_arg};
use crate::template::fmt::sprint;
use crate::template::gotime::{local_loc, parse_in_location, GoTime};
use crate::template::{json, List, Map, Object, Value};

/// `template.Data`.
#[derive(Debug, Clone, Default)]
pub struct Data {
    pub receiver: String,
    pub status: String,
    pub alerts: Vec<Alert>,
    pub notification_reason: String,
    pub group_labels: Kv,
    pub common_labels: Kv,
    pub common_annotations: Kv,
    pub route_labels: Kv,
    pub external_url: String,
    /// Whether `route_labels` hold values already rendered (as in a notification, where the
    /// dispatcher rendered them), which `routeLabels` then returns as they are.
    pub route_labels_rendered: bool,
}

/// `template.Alert`.
#[derive(Debug, Clone)]
pub struct Alert {
    pub status: String,
    pub labels: Kv,
    pub annotations: Kv,
    pub starts_at: GoTime,
    pub ends_at: GoTime,
    pub generator_url: String,
    pub fingerprint: String,
}

impl Default for Alert {
    fn default() -> Alert {
        Alert {
            status: String::new(),
            labels: Kv::default(),
            annotations: Kv::default(),
            starts_at: GoTime::zero(),
            ends_at: GoTime::zero(),
            generator_url: String::new(),
            fingerprint: String::new(),
        }
    }
}

/// `template.KV`, a `map[string]string`.
pub type Kv = BTreeMap<String, String>;

impl Data {
    pub fn to_value(&self) -> Value {
        Value::Object(Arc::new(self.clone()))
    }
}

// ---- Data ----

const DATA_FIELDS: [(&str, &str); 9] = [
    ("Receiver", "receiver"),
    ("Status", "status"),
    ("Alerts", "alerts"),
    ("NotificationReason", "notification_reason"),
    ("GroupLabels", "groupLabels"),
    ("CommonLabels", "commonLabels"),
    ("CommonAnnotations", "commonAnnotations"),
    ("RouteLabels", "routeLabels"),
    ("ExternalURL", "externalURL"),
];

impl Object for Data {
    fn type_name(&self) -> String {
        "template.Data".into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Receiver" => Value::str(self.receiver.as_str()),
            "Status" => Value::str(self.status.as_str()),
            "Alerts" => alerts_value(&self.alerts),
            "NotificationReason" => Value::str(self.notification_reason.as_str()),
            "GroupLabels" => kv_value(&self.group_labels),
            "CommonLabels" => kv_value(&self.common_labels),
            "CommonAnnotations" => kv_value(&self.common_annotations),
            "RouteLabels" => kv_value(&self.route_labels),
            "ExternalURL" => Value::str(self.external_url.as_str()),
            _ => return None,
        })
    }

    fn display(&self) -> String {
        let mut fields: Vec<String> = DATA_FIELDS
            .iter()
            .filter_map(|(name, _)| self.field(name))
            .map(|v| sprint(&[v]))
            .collect();
        // The unexported routeLabelsRendered, which fmt prints too.
        fields.push(self.route_labels_rendered.to_string());
        format!("{{{}}}", fields.join(" "))
    }

    fn marshal_json(&self) -> Option<Result<String, String>> {
        Some(struct_json(&DATA_FIELDS, |n| self.field(n)))
    }
}

/// A struct as encoding/json writes it: its fields in declaration order under their tags.
fn struct_json(
    fields: &[(&str, &str)],
    get: impl Fn(&str) -> Option<Value>,
) -> Result<String, String> {
    let mut out = String::from("{");
    for (i, (name, tag)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, tag);
        out.push(':');
        json::write_value(&mut out, &get(name).unwrap_or(Value::Nil))?;
    }
    out.push('}');
    Ok(out)
}

// ---- Alert and Alerts ----

const ALERT_FIELDS: [(&str, &str); 7] = [
    ("Status", "status"),
    ("Labels", "labels"),
    ("Annotations", "annotations"),
    ("StartsAt", "startsAt"),
    ("EndsAt", "endsAt"),
    ("GeneratorURL", "generatorURL"),
    ("Fingerprint", "fingerprint"),
];

impl Object for Alert {
    fn type_name(&self) -> String {
        "template.Alert".into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Status" => Value::str(self.status.as_str()),
            "Labels" => kv_value(&self.labels),
            "Annotations" => kv_value(&self.annotations),
            "StartsAt" => Value::Object(Arc::new(self.starts_at)),
            "EndsAt" => Value::Object(Arc::new(self.ends_at)),
            "GeneratorURL" => Value::str(self.generator_url.as_str()),
            "Fingerprint" => Value::str(self.fingerprint.as_str()),
            _ => return None,
        })
    }

    fn display(&self) -> String {
        let fields: Vec<String> = ALERT_FIELDS
            .iter()
            .filter_map(|(name, _)| self.field(name))
            .map(|v| sprint(&[v]))
            .collect();
        format!("{{{}}}", fields.join(" "))
    }

    fn marshal_json(&self) -> Option<Result<String, String>> {
        Some(struct_json(&ALERT_FIELDS, |n| self.field(n)))
    }
}

fn alert_list(alerts: impl IntoIterator<Item = Alert>) -> Value {
    Value::List(Arc::new(List {
        items: alerts
            .into_iter()
            .map(|a| Value::Object(Arc::new(a)))
            .collect(),
        type_name: "[]template.Alert".into(),
    }))
}

/// `template.Alerts`, with `Firing` and `Resolved`.
#[derive(Debug)]
struct Alerts(Vec<Alert>);

fn alerts_value(alerts: &[Alert]) -> Value {
    Value::Object(Arc::new(Alerts(alerts.to_vec())))
}

impl Alerts {
    fn with_status(&self, status: &str) -> Value {
        alert_list(self.0.iter().filter(|a| a.status == status).cloned())
    }
}

impl Object for Alerts {
    fn type_name(&self) -> String {
        "template.Alerts".into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Firing" => Some(self.with_status("firing")),
            "Resolved" => Some(self.with_status("resolved")),
            _ => None,
        }
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let v = self.field(name)?;
        Some(arity(name, args, 0).map(|()| v))
    }

    fn underlying(&self) -> Option<Value> {
        Some(alert_list(self.0.iter().cloned()))
    }

    fn display(&self) -> String {
        sprint(&[alert_list(self.0.iter().cloned())])
    }
}

// ---- KV, Pairs, Strings ----

/// `template.KV`.
#[derive(Debug)]
struct KvValue(Kv);

fn kv_value(kv: &Kv) -> Value {
    Value::Object(Arc::new(KvValue(kv.clone())))
}

impl KvValue {
    /// `SortedPairs`: `alertname` first, then by name.
    fn sorted_pairs(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = Vec::with_capacity(self.0.len());
        if let Some(v) = self.0.get("alertname") {
            pairs.push(("alertname".into(), v.clone()));
        }
        pairs.extend(
            self.0
                .iter()
                .filter(|(k, _)| *k != "alertname")
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        pairs
    }
}

impl Object for KvValue {
    fn type_name(&self) -> String {
        "template.KV".into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        let pairs = || self.sorted_pairs();
        Some(match name {
            "SortedPairs" => pairs_value(pairs()),
            "Names" => strings_value(pairs().into_iter().map(|p| p.0)),
            "Values" => strings_value(pairs().into_iter().map(|p| p.1)),
            "String" => Value::from(pairs_string(&pairs())),
            _ => return None,
        })
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if name == "Remove" {
            return Some(arity(name, args, 1).and_then(|()| {
                let keys = string_list(arg(args, 0))?;
                let kept = self
                    .0
                    .iter()
                    .filter(|(k, _)| !keys.iter().any(|r| r == *k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                Ok(kv_value(&kept))
            }));
        }
        let v = self.field(name)?;
        Some(arity(name, args, 0).map(|()| v))
    }

    fn underlying(&self) -> Option<Value> {
        Some(Value::Map(Arc::new(Map {
            entries: self
                .0
                .iter()
                .map(|(k, v)| (k.clone(), Value::str(v.as_str())))
                .collect(),
            zero: Value::str(""),
            type_name: "template.KV".into(),
        })))
    }

    fn display(&self) -> String {
        pairs_string(&self.sorted_pairs())
    }

    fn stringer(&self) -> Option<String> {
        Some(self.display())
    }
}

/// A `[]string` argument (`Remove`'s): `[]string` or `template.Strings`.
fn string_list(v: &Value) -> Result<Vec<String>, String> {
    let items = match v.resolved() {
        Value::Missing | Value::Nil => return Ok(Vec::new()),
        Value::List(l) if l.type_name == "[]string" => l,
        _ => {
            return Err(format!(
                "wrong type for value; expected []string; got {}",
                v.type_name()
            ))
        }
    };
    Ok(items
        .items
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect())
}

/// `Pairs.String`: `a=1, b=2`.
fn pairs_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `template.Pairs`.
#[derive(Debug)]
struct Pairs(Vec<(String, String)>);

fn pairs_value(pairs: Vec<(String, String)>) -> Value {
    Value::Object(Arc::new(Pairs(pairs)))
}

impl Object for Pairs {
    fn type_name(&self) -> String {
        "template.Pairs".into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Names" => strings_value(self.0.iter().map(|p| p.0.clone())),
            "Values" => strings_value(self.0.iter().map(|p| p.1.clone())),
            "String" => Value::from(pairs_string(&self.0)),
            _ => return None,
        })
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let v = self.field(name)?;
        Some(arity(name, args, 0).map(|()| v))
    }

    fn underlying(&self) -> Option<Value> {
        Some(Value::List(Arc::new(List {
            items: self
                .0
                .iter()
                .map(|(n, v)| {
                    Value::Object(Arc::new(Pair {
                        name: n.clone(),
                        value: v.clone(),
                    }))
                })
                .collect(),
            type_name: "template.Pairs".into(),
        })))
    }

    fn display(&self) -> String {
        pairs_string(&self.0)
    }

    fn stringer(&self) -> Option<String> {
        Some(self.display())
    }
}

/// `template.Pair`.
#[derive(Debug)]
struct Pair {
    name: String,
    value: String,
}

impl Object for Pair {
    fn type_name(&self) -> String {
        "template.Pair".into()
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Name" => Some(Value::str(self.name.as_str())),
            "Value" => Some(Value::str(self.value.as_str())),
            _ => None,
        }
    }

    fn display(&self) -> String {
        format!("{{{} {}}}", self.name, self.value)
    }

    fn marshal_json(&self) -> Option<Result<String, String>> {
        Some(struct_json(&[("Name", "Name"), ("Value", "Value")], |n| {
            self.field(n)
        }))
    }
}

/// `template.Strings`, with `Join`.
#[derive(Debug)]
struct Strings(Vec<String>);

fn strings_value(items: impl IntoIterator<Item = String>) -> Value {
    Value::Object(Arc::new(Strings(items.into_iter().collect())))
}

impl Object for Strings {
    fn type_name(&self) -> String {
        "template.Strings".into()
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        (name == "Join").then(|| {
            arity(name, args, 1)
                .and_then(|()| string_arg(arg(args, 0)))
                .map(|sep| Value::from(self.0.join(sep)))
        })
    }

    fn underlying(&self) -> Option<Value> {
        Some(Value::string_list(self.0.iter().map(String::as_str)))
    }

    fn display(&self) -> String {
        sprint(&[self.underlying().unwrap_or(Value::Nil)])
    }
}

// ---- JSON input ----

/// Reads `template.Data` from JSON as Go's `json.Unmarshal` does: keys match field tags
/// ignoring case, unknown keys are skipped, `null` leaves a field as it is, and a value of
/// the wrong type is an error in Go's words.
pub fn data_from_json(text: &str) -> Result<Data, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| json_syntax_error(&e))?;
    let mut data = Data::default();
    let serde_json::Value::Object(obj) = v else {
        if v.is_null() {
            return Ok(data);
        }
        return Err(format!(
            "json: cannot unmarshal {} into Go value of type template.Data",
            json_kind(&v)
        ));
    };
    for (key, val) in &obj {
        let Some((_, tag)) = DATA_FIELDS
            .iter()
            .find(|(_, tag)| tag.eq_ignore_ascii_case(key))
        else {
            continue;
        };
        let at = |t: &str| FieldAt {
            owner: "Data",
            path: tag.to_string(),
            go_type: t.to_string(),
        };
        match *tag {
            "receiver" => set_string(&mut data.receiver, val, at("string"))?,
            "status" => set_string(&mut data.status, val, at("string"))?,
            "notification_reason" => set_string(&mut data.notification_reason, val, at("string"))?,
            "externalURL" => set_string(&mut data.external_url, val, at("string"))?,
            "groupLabels" => set_kv(&mut data.group_labels, val, at("template.KV"))?,
            "commonLabels" => set_kv(&mut data.common_labels, val, at("template.KV"))?,
            "commonAnnotations" => set_kv(&mut data.common_annotations, val, at("template.KV"))?,
            "routeLabels" => set_kv(&mut data.route_labels, val, at("template.KV"))?,
            _ => set_alerts(&mut data.alerts, val, at("template.Alerts"))?,
        }
    }
    Ok(data)
}

/// Where a value goes, for Go's `cannot unmarshal` message.
struct FieldAt {
    owner: &'static str,
    path: String,
    go_type: String,
}

impl FieldAt {
    fn mismatch(&self, v: &serde_json::Value) -> String {
        format!(
            "json: cannot unmarshal {} into Go struct field {}.{} of type {}",
            json_kind(v),
            self.owner,
            self.path,
            self.go_type
        )
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// A syntax error in Go's words where serde's classification allows.
fn json_syntax_error(e: &serde_json::Error) -> String {
    if e.is_eof() {
        return "unexpected end of JSON input".into();
    }
    format!("invalid JSON: {e}")
}

fn set_string(slot: &mut String, v: &serde_json::Value, at: FieldAt) -> Result<(), String> {
    match v {
        serde_json::Value::Null => Ok(()),
        serde_json::Value::String(s) => {
            *slot = s.clone();
            Ok(())
        }
        other => Err(at.mismatch(other)),
    }
}

fn set_kv(slot: &mut Kv, v: &serde_json::Value, at: FieldAt) -> Result<(), String> {
    match v {
        serde_json::Value::Null => {
            slot.clear();
            Ok(())
        }
        serde_json::Value::Object(m) => {
            for (k, e) in m {
                match e {
                    serde_json::Value::String(s) => {
                        slot.insert(k.clone(), s.clone());
                    }
                    // A null element stores the zero value.
                    serde_json::Value::Null => {
                        slot.insert(k.clone(), String::new());
                    }
                    other => {
                        let at = FieldAt {
                            path: format!("{}.{k}", at.path),
                            go_type: "string".into(),
                            ..at
                        };
                        return Err(at.mismatch(other));
                    }
                }
            }
            Ok(())
        }
        other => Err(at.mismatch(other)),
    }
}

fn set_alerts(slot: &mut Vec<Alert>, v: &serde_json::Value, at: FieldAt) -> Result<(), String> {
    let list = match v {
        serde_json::Value::Null => {
            slot.clear();
            return Ok(());
        }
        serde_json::Value::Array(list) => list,
        other => return Err(at.mismatch(other)),
    };
    slot.clear();
    for item in list {
        let mut alert = Alert::default();
        match item {
            serde_json::Value::Null => {}
            serde_json::Value::Object(obj) => {
                for (key, val) in obj {
                    let Some((_, tag)) = ALERT_FIELDS
                        .iter()
                        .find(|(_, tag)| tag.eq_ignore_ascii_case(key))
                    else {
                        continue;
                    };
                    let at = |t: &str| FieldAt {
                        owner: "Alert",
                        path: format!("alerts.{tag}"),
                        go_type: t.to_string(),
                    };
                    match *tag {
                        "status" => set_string(&mut alert.status, val, at("string"))?,
                        "generatorURL" => set_string(&mut alert.generator_url, val, at("string"))?,
                        "fingerprint" => set_string(&mut alert.fingerprint, val, at("string"))?,
                        "labels" => set_kv(&mut alert.labels, val, at("template.KV"))?,
                        "annotations" => set_kv(&mut alert.annotations, val, at("template.KV"))?,
                        "startsAt" => set_time(&mut alert.starts_at, val)?,
                        _ => set_time(&mut alert.ends_at, val)?,
                    }
                }
            }
            other => {
                return Err(FieldAt {
                    owner: "Data",
                    path: "alerts".into(),
                    go_type: "template.Alert".into(),
                }
                .mismatch(other))
            }
        }
        slot.push(alert);
    }
    Ok(())
}

/// `time.Time.UnmarshalJSON`: an RFC 3339 string (read in the local zone, as Go does), or
/// null for no change.
fn set_time(slot: &mut GoTime, v: &serde_json::Value) -> Result<(), String> {
    match v {
        serde_json::Value::Null => Ok(()),
        serde_json::Value::String(s) => {
            *slot = parse_in_location("2006-01-02T15:04:05Z07:00", s, local_loc())?;
            Ok(())
        }
        _ => Err("Time.UnmarshalJSON: input is not a JSON string".into()),
    }
}

// ---- amtool's sample data ----

/// The data `amtool template render` uses without `--template.data` (HEAD's `defaultData`),
/// with times relative to `now`.
pub fn amtool_default_data(now: GoTime) -> Data {
    let kv = |pairs: &[(&str, &str)]| -> Kv {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let minutes = |m: i64| now.add_nanos(-m * 60 * 1_000_000_000);
    Data {
        receiver: "receiver".into(),
        status: "alertstatus".into(),
        alerts: vec![
            Alert {
                status: "firing".into(),
                labels: kv(&[
                    ("label1", "value1"),
                    ("label2", "value2"),
                    ("instance", "foo.bar:1234"),
                    ("commonlabelkey1", "commonlabelvalue1"),
                    ("commonlabelkey2", "commonlabelvalue2"),
                ]),
                annotations: kv(&[
                    ("annotation1", "value1"),
                    ("annotation2", "value2"),
                    ("commonannotationkey1", "commonannotationvalue1"),
                    ("commonannotationkey2", "commonannotationvalue2"),
                ]),
                starts_at: minutes(5),
                ends_at: now,
                generator_url: "https://generatorurl.com".into(),
                fingerprint: "fingerprint1".into(),
            },
            Alert {
                status: "resolved".into(),
                labels: kv(&[
                    ("foo", "bar"),
                    ("baz", "qux"),
                    ("commonlabelkey1", "commonlabelvalue1"),
                    ("commonlabelkey2", "commonlabelvalue2"),
                ]),
                annotations: kv(&[
                    ("aaa", "bbb"),
                    ("ccc", "ddd"),
                    ("commonannotationkey1", "commonannotationvalue1"),
                    ("commonannotationkey2", "commonannotationvalue2"),
                ]),
                starts_at: minutes(10),
                ends_at: now,
                generator_url: "https://generatorurl.com".into(),
                fingerprint: "fingerprint2".into(),
            },
        ],
        notification_reason: String::new(),
        group_labels: kv(&[
            ("grouplabelkey1", "grouplabelvalue1"),
            ("grouplabelkey2", "grouplabelvalue2"),
        ]),
        common_labels: kv(&[
            ("commonlabelkey1", "commonlabelvalue1"),
            ("commonlabelkey2", "commonlabelvalue2"),
        ]),
        common_annotations: kv(&[
            ("commonannotationkey1", "commonannotationvalue1"),
            ("commonannotationkey2", "commonannotationvalue2"),
        ]),
        route_labels: Kv::new(),
        external_url: "https://example.com".into(),
        route_labels_rendered: false,
    }
}

// ---- notification data from alerts ----

/// An alert as Alertmanager holds it (`types.Alert`): what a client posted, with the times
/// the API filled in.
#[derive(Debug, Clone)]
pub struct SourceAlert {
    pub labels: Kv,
    pub annotations: Kv,
    pub starts_at: GoTime,
    pub ends_at: GoTime,
    pub generator_url: String,
}

impl SourceAlert {
    /// `Alert.Status()` at `now`: resolved once the end time is not after `now`.
    pub fn status_at(&self, now: &GoTime) -> &'static str {
        if self.ends_at != GoTime::zero() && self.ends_at.sub(now) <= 0 {
            "resolved"
        } else {
            "firing"
        }
    }
}

/// `model.LabelSet.Fingerprint()`: FNV-1a (64 bits) over the sorted names and values, each
/// followed by a 0xff byte, as 16 hex digits.
pub fn fingerprint(labels: &Kv) -> String {
    const PRIME: u64 = 1_099_511_628_211;
    let mut h: u64 = 14_695_981_039_346_656_037;
    for (name, value) in labels {
        for b in name
            .bytes()
            .chain([0xff])
            .chain(value.bytes())
            .chain([0xff])
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:016x}")
}

/// The order Alertmanager sorts a group's alerts in before notifying (`AlertSlice`): by the
/// `job` label, then `instance` (alerts with the label first), then by label set (fewer labels
/// first, then the first differing value in name order). Stable, as `sort.Stable`.
pub fn sort_alerts(alerts: &mut [SourceAlert]) {
    alerts.sort_by(|a, b| {
        for key in ["job", "instance"] {
            match (a.labels.get(key), b.labels.get(key)) {
                (None, None) => continue,
                (None, Some(_)) => return std::cmp::Ordering::Greater,
                (Some(_), None) => return std::cmp::Ordering::Less,
                (Some(x), Some(y)) if x != y => return x.cmp(y),
                _ => {}
            }
        }
        if label_set_before(&a.labels, &b.labels) {
            std::cmp::Ordering::Less
        } else if label_set_before(&b.labels, &a.labels) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
}

/// `model.LabelSet.Before`.
fn label_set_before(a: &Kv, b: &Kv) -> bool {
    if a.len() != b.len() {
        return a.len() < b.len();
    }
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    for name in names {
        let (Some(x), Some(y)) = (a.get(name), b.get(name)) else {
            return !a.contains_key(name);
        };
        if x != y {
            return x < y;
        }
    }
    false
}

/// The groups' shared part of [`notification_data`].
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub receiver: String,
    pub group_labels: Kv,
    pub route_labels: Kv,
    pub route_labels_rendered: bool,
    pub notification_reason: String,
    pub external_url: String,
}

/// `Template.Data`: the data a notification about `alerts` is rendered with, at `now`. The
/// receiver name is regexp-quoted, as upstream does; common labels and annotations are the
/// pairs every alert has.
pub fn notification_data(group: &Group, alerts: &[SourceAlert], now: &GoTime) -> Data {
    let statuses: Vec<&str> = alerts.iter().map(|a| a.status_at(now)).collect();
    let common = |get: fn(&SourceAlert) -> &Kv| -> Kv {
        let Some((first, rest)) = alerts.split_first() else {
            return Kv::new();
        };
        get(first)
            .iter()
            .filter(|(k, v)| rest.iter().all(|a| get(a).get(*k) == Some(v)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    Data {
        receiver: crate::regex::quote_meta(&group.receiver),
        status: if statuses.contains(&"firing") {
            "firing".into()
        } else {
            "resolved".into()
        },
        alerts: alerts
            .iter()
            .zip(&statuses)
            .map(|(a, status)| Alert {
                status: status.to_string(),
                labels: a.labels.clone(),
                annotations: a.annotations.clone(),
                starts_at: a.starts_at,
                ends_at: a.ends_at,
                generator_url: a.generator_url.clone(),
                fingerprint: fingerprint(&a.labels),
            })
            .collect(),
        notification_reason: group.notification_reason.clone(),
        group_labels: group.group_labels.clone(),
        common_labels: common(|a| &a.labels),
        common_annotations: common(|a| &a.annotations),
        route_labels: group.route_labels.clone(),
        external_url: group.external_url.clone(),
        route_labels_rendered: group.route_labels_rendered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(pairs: &[(&str, &str)]) -> Kv {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn alert(labels: &[(&str, &str)], ends_at: GoTime) -> SourceAlert {
        SourceAlert {
            labels: kv(labels),
            annotations: kv(&[("summary", "s")]),
            starts_at: GoTime::from_unix(1_700_000_000, 0),
            ends_at,
            generator_url: String::new(),
        }
    }

    #[test]
    fn fingerprints_are_alertmanagers() {
        // What Alertmanager 0.25 reported for these label sets (api-0.25/GET_alerts.json).
        let cases = [
            (
                "6e2b9df48399f26d",
                kv(&[("alertname", "Probe"), ("severity", "info")]),
            ),
            (
                "7a0c92f9fd3cd9ee",
                kv(&[
                    ("alertname", "DiskFull"),
                    ("instance", "db1"),
                    ("service", "database"),
                    ("severity", "critical"),
                ]),
            ),
            (
                "9a3fd25a51ffddb6",
                kv(&[
                    ("alertname", "DiskFull"),
                    ("service", "files"),
                    ("severity", "critical"),
                ]),
            ),
        ];
        for (want, labels) in cases {
            assert_eq!(fingerprint(&labels), want, "{labels:?}");
        }
    }

    #[test]
    fn alerts_sort_by_job_instance_then_labels() {
        let end = GoTime::zero();
        let mut alerts = vec![
            alert(&[("a", "2"), ("b", "1")], end),
            alert(&[("a", "1")], end),
            alert(&[("instance", "y")], end),
            alert(&[("job", "z")], end),
            alert(&[("instance", "x"), ("z", "1")], end),
            alert(&[("a", "1"), ("b", "1")], end),
        ];
        sort_alerts(&mut alerts);
        let order: Vec<String> = alerts
            .iter()
            .map(|a| {
                a.labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        assert_eq!(
            order,
            [
                "job=z",
                "instance=x,z=1",
                "instance=y",
                "a=1",
                "a=1,b=1",
                "a=2,b=1"
            ]
        );
    }

    #[test]
    fn notification_data_is_templates_data() {
        let now = GoTime::from_unix(1_700_000_600, 0);
        let group = Group {
            receiver: "team.db (pager)".into(),
            group_labels: kv(&[("alertname", "X")]),
            notification_reason: "first notification".into(),
            external_url: "http://am".into(),
            ..Group::default()
        };
        let alerts = [
            alert(
                &[("alertname", "X"), ("i", "1"), ("team", "db")],
                GoTime::from_unix(1_700_000_900, 0),
            ),
            alert(&[("alertname", "X"), ("i", "2"), ("team", "db")], now),
        ];
        let d = notification_data(&group, &alerts, &now);
        // The receiver is regexp-quoted, as in real notifications.
        assert_eq!(d.receiver, r"team\.db \(pager\)");
        assert_eq!(d.status, "firing");
        assert_eq!(d.alerts[0].status, "firing");
        // An alert whose end is not after now is resolved.
        assert_eq!(d.alerts[1].status, "resolved");
        assert_eq!(d.common_labels, kv(&[("alertname", "X"), ("team", "db")]));
        assert_eq!(d.common_annotations, kv(&[("summary", "s")]));
        assert_eq!(d.alerts[1].fingerprint, fingerprint(&alerts[1].labels));
        let resolved = notification_data(&group, &alerts[1..], &now);
        assert_eq!(resolved.status, "resolved");
        let none = notification_data(&group, &[], &now);
        assert!(none.common_labels.is_empty());
        assert_eq!(none.status, "resolved");
    }
}
