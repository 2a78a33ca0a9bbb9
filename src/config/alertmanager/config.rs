//! alertmanager.yml: the whole configuration model (upstream HEAD's schema), decoded with
//! yaml.v2's strict rules and validated in the order upstream's `config.Load` does, with
//! its messages, so the first error reported is the one Alertmanager reports:
//!
//! 1. while decoding, each object's own checks (receivers, routes, integrations, time
//!    intervals, regexes, matchers) run as soon as it is decoded, children before parents;
//!    the first failure ends loading (a *hard* error);
//! 2. unknown fields and type errors are *soft*: collected, and reported together only
//!    when no hard error occurred (see `yaml::Options::soft_errors`);
//! 3. then the whole-configuration checks of upstream's `Config.UnmarshalYAML` (global
//!    exclusions, each receiver with what it inherits from `global:`, the root route,
//!    receiver and time interval references), then `Load`'s own two.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer};

use super::notifiers::*;
use super::observability::{EventRecorderConfig, TracingConfig};
use super::timeinterval::TimeInterval;
use super::types::{check_match_names, AmUrl, HostPort, HttpConfig, MatchRegexps, SecretUrl};
use crate::config::http::{Authorization, TlsConfig};
use crate::config::print::{GoValue, ToGo};
use crate::config::types::Secret;
use crate::diag::Span;
use crate::duration::PromDuration;
use crate::go_struct;
use crate::gostr::quote;
use crate::yaml::{self, Spanned};

pub use super::matchers::ParseMode;
use super::matchers::{is_valid_label_name, parse_matchers_from, sort_matchers, Matcher};

thread_local! {
    /// The matcher syntax and label-name rules of the decoding in progress (Alertmanager's
    /// `--enable-feature` setting); decoding hooks cannot be handed it any other way.
    static MODE: Cell<ParseMode> = const { Cell::new(ParseMode::Fallback) };
    /// What the matcher parser warned about during the decoding in progress.
    static WARNINGS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn mode() -> ParseMode {
    MODE.with(Cell::get)
}

/// `matchers:` lines, each parsed (in the loading mode) as it is decoded and the whole
/// list sorted, as upstream's `Matchers` type does.
#[derive(Debug, Clone, Default)]
pub struct Matchers(pub Vec<Matcher>);

impl Matchers {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Matchers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let lines = Option::<Vec<String>>::deserialize(d)?.unwrap_or_default();
        let mut out = Vec::new();
        for line in &lines {
            let parsed = parse_matchers_from(line, mode(), "config").map_err(de::Error::custom)?;
            WARNINGS.with(|w| w.borrow_mut().extend(parsed.warnings));
            out.extend(parsed.value);
        }
        sort_matchers(&mut out);
        Ok(Matchers(out))
    }
}

impl ToGo for Matchers {
    fn to_go(&self) -> GoValue {
        GoValue::Seq(self.0.iter().map(|m| GoValue::Str(m.to_string())).collect())
    }
}

go_struct! {
    /// `global:`, with upstream's defaults.
    pub struct GlobalConfig: "config.plain", defaults = go_defaults {
        pub @keep resolve_timeout: PromDuration,
        pub http_config: Option<HttpConfig>,
        pub jira_api_url: Option<AmUrl>,
        pub smtp_from: String,
        pub smtp_hello: String,
        pub smtp_smarthost: HostPort,
        pub smtp_auth_username: String,
        pub smtp_auth_password: Secret,
        pub smtp_auth_password_file: String,
        pub smtp_auth_secret: Secret,
        pub smtp_auth_secret_file: String,
        pub smtp_auth_identity: String,
        pub @keep smtp_require_tls: bool,
        pub smtp_tls_config: Option<TlsConfig>,
        pub smtp_force_implicit_tls: Option<bool>,
        pub slack_api_url: Option<SecretUrl>,
        pub slack_api_url_file: String,
        pub slack_app_token: Secret,
        pub slack_app_token_file: String,
        pub slack_app_url: Option<AmUrl>,
        pub pagerduty_url: Option<AmUrl>,
        pub opsgenie_api_url: Option<AmUrl>,
        pub opsgenie_api_key: Secret,
        pub opsgenie_api_key_file: String,
        pub wechat_api_url: Option<AmUrl>,
        pub wechat_api_secret: Secret,
        pub wechat_api_secret_file: String,
        pub wechat_api_corp_id: String,
        pub victorops_api_url: Option<AmUrl>,
        pub victorops_api_key: Secret,
        pub victorops_api_key_file: String,
        pub telegram_api_url: Option<AmUrl>,
        pub telegram_bot_token: Secret,
        pub telegram_bot_token_file: String,
        pub webex_api_url: Option<AmUrl>,
        pub rocketchat_api_url: Option<AmUrl>,
        pub rocketchat_token: Option<Secret>,
        pub rocketchat_token_file: String,
        pub rocketchat_token_id: Option<Secret>,
        pub rocketchat_token_id_file: String,
        pub mattermost_webhook_url: Option<SecretUrl>,
        pub mattermost_webhook_url_file: String,
    }
}

impl GlobalConfig {
    /// Upstream's `DefaultGlobalConfig`.
    pub fn go_defaults() -> GlobalConfig {
        GlobalConfig {
            resolve_timeout: PromDuration(5 * 60 * 1000),
            http_config: Some(HttpConfig::go_defaults()),
            smtp_hello: "localhost".into(),
            smtp_require_tls: true,
            smtp_tls_config: Some(TlsConfig::default()),
            pagerduty_url: Some(AmUrl::known("https://events.pagerduty.com/v2/enqueue")),
            opsgenie_api_url: Some(AmUrl::known("https://api.opsgenie.com/")),
            wechat_api_url: Some(AmUrl::known("https://qyapi.weixin.qq.com/cgi-bin/")),
            victorops_api_url: Some(AmUrl::known(
                "https://alert.victorops.com/integrations/generic/20131114/alert/",
            )),
            telegram_api_url: Some(AmUrl::known("https://api.telegram.org")),
            webex_api_url: Some(AmUrl::known("https://webexapis.com/v1/messages")),
            rocketchat_api_url: Some(AmUrl::known("https://open.rocket.chat/")),
            slack_app_url: Some(AmUrl::known(SLACK_APP_URL)),
            ..GlobalConfig::default()
        }
    }

    /// Upstream's exclusions between global settings, in its order.
    fn check(&self) -> Result<(), String> {
        let both = |a: bool, b: bool, what: &str| {
            if a && b {
                Err(format!("at most one of {what} must be configured"))
            } else {
                Ok(())
            }
        };
        let set = |s: &str| !s.is_empty();
        both(
            !self.slack_app_token.is_empty(),
            set(&self.slack_app_token_file),
            "slack_app_token & slack_app_token_file",
        )?;
        both(
            self.slack_api_url.is_some(),
            set(&self.slack_api_url_file),
            "slack_api_url & slack_api_url_file",
        )?;
        let token = !self.slack_app_token.is_empty() || set(&self.slack_app_token_file);
        let url = self.slack_api_url.is_some() || set(&self.slack_api_url_file);
        // Upstream lets a global API URL equal to the app URL go with a token (the
        // workaround of prometheus/alertmanager#2513).
        let api_url = self.slack_api_url.as_ref().map(SecretUrl::as_str);
        let app_url = self.slack_app_url.as_ref().map(AmUrl::as_str);
        if token && url && api_url != app_url {
            return Err("at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured".into());
        }
        both(
            !self.opsgenie_api_key.is_empty(),
            set(&self.opsgenie_api_key_file),
            "opsgenie_api_key & opsgenie_api_key_file",
        )?;
        both(
            !self.victorops_api_key.is_empty(),
            set(&self.victorops_api_key_file),
            "victorops_api_key & victorops_api_key_file",
        )?;
        both(
            !self.telegram_bot_token.is_empty(),
            set(&self.telegram_bot_token_file),
            "telegram_bot_token & telegram_bot_token_file",
        )?;
        both(
            !self.smtp_auth_password.is_empty(),
            set(&self.smtp_auth_password_file),
            "smtp_auth_password & smtp_auth_password_file",
        )?;
        both(
            self.rocketchat_token.is_some(),
            set(&self.rocketchat_token_file),
            "rocketchat_token & rocketchat_token_file",
        )?;
        both(
            self.rocketchat_token_id.is_some(),
            set(&self.rocketchat_token_id_file),
            "rocketchat_token_id & rocketchat_token_id_file",
        )?;
        both(
            !self.smtp_auth_secret.is_empty(),
            set(&self.smtp_auth_secret_file),
            "smtp_auth_secret & smtp_auth_secret_file",
        )?;
        both(
            !self.wechat_api_secret.is_empty(),
            set(&self.wechat_api_secret_file),
            "wechat_api_secret & wechat_api_secret_file",
        )?;
        both(
            self.mattermost_webhook_url.is_some(),
            set(&self.mattermost_webhook_url_file),
            "mattermost_webhook_url & mattermost_webhook_url_file",
        )
    }
}

/// A label name list entry (`group_by`, `equal`) or map key checked in the loading mode.
fn check_label_name(name: &str, what: &str) -> Result<(), String> {
    if is_valid_label_name(name, mode()) {
        Ok(())
    } else {
        Err(format!("invalid label name {}{what}", quote(name)))
    }
}

go_struct! {
    /// A node of the routing tree.
    pub struct Route: "config.plain", finish = check {
        pub receiver: Spanned<String>,
        pub group_by: Option<Vec<String>>,
        pub r#match: BTreeMap<String, String> as "match",
        pub match_re: MatchRegexps,
        pub matchers: Matchers,
        pub mute_time_intervals: Vec<Spanned<String>>,
        pub active_time_intervals: Vec<Spanned<String>>,
        pub @keep r#continue: bool as "continue",
        pub routes: Vec<Route>,
        pub group_wait: Option<PromDuration>,
        pub group_interval: Option<PromDuration>,
        pub repeat_interval: Option<PromDuration>,
        pub labels: BTreeMap<String, String>,
    }
}

impl Route {
    /// Upstream's `Route.UnmarshalYAML` checks.
    fn check(&mut self) -> Result<(), String> {
        check_match_names(self.r#match.keys())?;
        for k in self.labels.keys() {
            check_label_name(k, " in route labels")?;
        }
        let group_by = self.group_by.as_deref().unwrap_or_default();
        let mut all = false;
        let mut names = Vec::new();
        for l in group_by {
            if l == "..." {
                all = true;
            } else {
                check_label_name(l, " in group_by list")?;
                names.push(l);
            }
        }
        if all && !names.is_empty() {
            return Err(
                "cannot have wildcard group_by (`...`) and other labels at the same time".into(),
            );
        }
        let mut seen = HashSet::new();
        for l in names {
            if !seen.insert(l) {
                return Err(format!("duplicated label {} in group_by", quote(l)));
            }
        }
        if self.group_interval == Some(PromDuration(0)) {
            return Err("group_interval cannot be zero".into());
        }
        if self.repeat_interval == Some(PromDuration(0)) {
            return Err("repeat_interval cannot be zero".into());
        }
        Ok(())
    }

    /// Whether `group_by` holds `...` (group by every label).
    pub fn group_by_all(&self) -> bool {
        self.group_by
            .as_deref()
            .is_some_and(|g| g.iter().any(|l| l == "..."))
    }
}

go_struct! {
    /// `inhibit_rules` entry.
    pub struct InhibitRule: "common.plain", finish = check {
        pub name: String,
        pub source_match: BTreeMap<String, String>,
        pub source_match_re: MatchRegexps,
        pub source_matchers: Matchers,
        pub target_match: BTreeMap<String, String>,
        pub target_match_re: MatchRegexps,
        pub target_matchers: Matchers,
        pub equal: Vec<String>,
    }
}

impl InhibitRule {
    fn check(&mut self) -> Result<(), String> {
        check_match_names(self.source_match.keys())?;
        check_match_names(self.target_match.keys())?;
        for l in &self.equal {
            check_label_name(l, " in equal list")?;
        }
        Ok(())
    }
}

go_struct! {
    /// A receiver: a name and the integrations notified through it.
    pub struct Receiver: "config.plain", finish = check {
        pub @keep name: Spanned<String>,
        pub labels: BTreeMap<String, String>,
        pub discord_configs: Vec<Option<DiscordConfig>>,
        pub email_configs: Vec<Option<EmailConfig>>,
        pub incidentio_configs: Vec<Option<IncidentioConfig>>,
        pub pagerduty_configs: Vec<Option<PagerdutyConfig>>,
        pub slack_configs: Vec<Option<SlackConfig>>,
        pub webhook_configs: Vec<Option<WebhookConfig>>,
        pub opsgenie_configs: Vec<Option<OpsGenieConfig>>,
        pub wechat_configs: Vec<Option<WechatConfig>>,
        pub pushover_configs: Vec<Option<PushoverConfig>>,
        pub victorops_configs: Vec<Option<VictorOpsConfig>>,
        pub sns_configs: Vec<Option<SnsConfig>>,
        pub telegram_configs: Vec<Option<TelegramConfig>>,
        pub webex_configs: Vec<Option<WebexConfig>>,
        pub msteams_configs: Vec<Option<MsTeamsConfig>>,
        pub msteamsv2_configs: Vec<Option<MsTeamsV2Config>>,
        pub jira_configs: Vec<Option<JiraConfig>>,
        pub rocketchat_configs: Vec<Option<RocketchatConfig>>,
        pub mattermost_configs: Vec<Option<MattermostConfig>>,
    }
}

impl Receiver {
    fn check(&mut self) -> Result<(), String> {
        if self.name.is_empty() {
            return Err("missing name in receiver".into());
        }
        if let Some(v) = self.labels.get("name") {
            if *v != self.name.value {
                return Err(format!(
                    "receiver label \"name\" must match receiver name {}, got {}",
                    quote(&self.name),
                    quote(v)
                ));
            }
        }
        self.labels.insert("name".into(), self.name.value.clone());
        Ok(())
    }

    /// Every integration, as printed values (for looking through their template fields).
    pub fn integrations(&self) -> Vec<(&'static str, GoValue)> {
        fn each<T: ToGo>(
            out: &mut Vec<(&'static str, GoValue)>,
            key: &'static str,
            l: &[Option<T>],
        ) {
            out.extend(l.iter().flatten().map(|c| (key, c.to_go())));
        }
        let mut out = Vec::new();
        each(&mut out, "discord_configs", &self.discord_configs);
        each(&mut out, "email_configs", &self.email_configs);
        each(&mut out, "incidentio_configs", &self.incidentio_configs);
        each(&mut out, "pagerduty_configs", &self.pagerduty_configs);
        each(&mut out, "slack_configs", &self.slack_configs);
        each(&mut out, "webhook_configs", &self.webhook_configs);
        each(&mut out, "opsgenie_configs", &self.opsgenie_configs);
        each(&mut out, "wechat_configs", &self.wechat_configs);
        each(&mut out, "pushover_configs", &self.pushover_configs);
        each(&mut out, "victorops_configs", &self.victorops_configs);
        each(&mut out, "sns_configs", &self.sns_configs);
        each(&mut out, "telegram_configs", &self.telegram_configs);
        each(&mut out, "webex_configs", &self.webex_configs);
        each(&mut out, "msteams_configs", &self.msteams_configs);
        each(&mut out, "msteamsv2_configs", &self.msteamsv2_configs);
        each(&mut out, "jira_configs", &self.jira_configs);
        each(&mut out, "rocketchat_configs", &self.rocketchat_configs);
        each(&mut out, "mattermost_configs", &self.mattermost_configs);
        out
    }
}

go_struct! {
    /// A named list of time intervals (`time_intervals:` entry).
    pub struct NamedTimeInterval: "config.plain", finish = check {
        pub @keep name: Spanned<String>,
        pub @keep time_intervals: Vec<TimeInterval>,
    }
}

impl NamedTimeInterval {
    fn check(&mut self) -> Result<(), String> {
        if self.name.is_empty() {
            return Err("missing name in time interval".into());
        }
        Ok(())
    }
}

go_struct! {
    /// The deprecated `mute_time_intervals:` entry.
    pub struct MuteTimeInterval: "config.plain", finish = check {
        pub @keep name: Spanned<String>,
        pub @keep time_intervals: Vec<TimeInterval>,
    }
}

impl MuteTimeInterval {
    fn check(&mut self) -> Result<(), String> {
        if self.name.is_empty() {
            return Err("missing name in mute time interval".into());
        }
        Ok(())
    }
}

go_struct! {
    /// The whole file.
    pub struct Config: "config.plain" {
        pub global: Option<GlobalConfig>,
        pub route: Option<Spanned<Route>>,
        pub inhibit_rules: Vec<InhibitRule>,
        pub receivers: Vec<Spanned<Receiver>>,
        pub @keep templates: Vec<String>,
        pub mute_time_intervals: Vec<MuteTimeInterval>,
        pub time_intervals: Vec<NamedTimeInterval>,
        pub tracing: Option<TracingConfig>,
        pub event_recorder: EventRecorderConfig,
    }
}

/// Why a configuration does not load: upstream's message and, when known, where.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub message: String,
    pub span: Option<Span>,
}

impl LoadError {
    fn new(message: impl Into<String>, span: Option<Span>) -> LoadError {
        LoadError {
            message: message.into(),
            span,
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Inherits a global setting when the integration has none (Go's `cmp.Or`).
fn or<T: Clone>(own: &mut Option<T>, global: &Option<T>) {
    if own.is_none() {
        own.clone_from(global);
    }
}

fn or_str(own: &mut String, global: &str) {
    if own.is_empty() {
        *own = global.to_string();
    }
}

fn or_secret(own: &mut Secret, global: &Secret) {
    if own.is_empty() {
        own.clone_from(global);
    }
}

impl Config {
    /// The global section in force (upstream restores the defaults for a null one).
    pub fn global(&self) -> GlobalConfig {
        self.global
            .clone()
            .unwrap_or_else(GlobalConfig::go_defaults)
    }

    /// The body of upstream's `Config.UnmarshalYAML` after decoding.
    fn check(&mut self) -> Result<(), LoadError> {
        let g = self.global();
        self.global = Some(g.clone());
        g.check().map_err(|e| LoadError::new(e, None))?;
        let mut names = HashSet::new();
        for rcv in &mut self.receivers {
            let span = Some(rcv.span);
            if names.contains(&rcv.name.value) {
                return Err(LoadError::new(
                    format!(
                        "notification config name {} is not unique",
                        quote(&rcv.name)
                    ),
                    Some(rcv.name.span),
                ));
            }
            inherit(&mut rcv.value, &g).map_err(|e| LoadError::new(e, span))?;
            names.insert(rcv.name.value.clone());
        }
        let Some(route) = &self.route else {
            return Err(LoadError::new("no routes provided", None));
        };
        let at = Some(route.span);
        if route.receiver.is_empty() {
            return Err(LoadError::new(
                "root route must specify a default receiver",
                at,
            ));
        }
        if !route.r#match.is_empty() || !route.match_re.is_empty() || !route.matchers.is_empty() {
            return Err(LoadError::new("root route must not have any matchers", at));
        }
        if !route.mute_time_intervals.is_empty() {
            return Err(LoadError::new(
                "root route must not have any mute time intervals",
                at,
            ));
        }
        if !route.active_time_intervals.is_empty() {
            return Err(LoadError::new(
                "root route must not have any active time intervals",
                at,
            ));
        }
        check_receivers(route, &names)?;
        let mut intervals = HashSet::new();
        for mt in &self.mute_time_intervals {
            if !intervals.insert(mt.name.value.clone()) {
                return Err(LoadError::new(
                    format!("mute time interval {} is not unique", quote(&mt.name)),
                    Some(mt.name.span),
                ));
            }
        }
        for ti in &self.time_intervals {
            if !intervals.insert(ti.name.value.clone()) {
                return Err(LoadError::new(
                    format!("time interval {} is not unique", quote(&ti.name)),
                    Some(ti.name.span),
                ));
            }
        }
        check_intervals(route, &intervals)
    }

    /// Every named time interval (both spellings).
    pub fn time_interval(&self, name: &str) -> Option<&[TimeInterval]> {
        self.mute_time_intervals
            .iter()
            .find(|t| t.name.value == name)
            .map(|t| &t.time_intervals[..])
            .or_else(|| {
                self.time_intervals
                    .iter()
                    .find(|t| t.name.value == name)
                    .map(|t| &t.time_intervals[..])
            })
    }
}

/// Fills an integration's unset settings from `global:` and checks what must then be set,
/// integration lists in upstream's order.
fn inherit(rcv: &mut Receiver, g: &GlobalConfig) -> Result<(), String> {
    let http = &g.http_config;
    for wh in &mut rcv.webhook_configs {
        let wh = wh.as_mut().ok_or("missing webhook config")?;
        or(&mut wh.http_config, http);
    }
    for ec in &mut rcv.email_configs {
        let ec = ec.as_mut().ok_or("missing email config")?;
        or(&mut ec.tls_config, &g.smtp_tls_config);
        if ec.smarthost.is_empty() {
            ec.smarthost = g.smtp_smarthost.clone();
        }
        if ec.smarthost.is_empty() {
            return Err("no global SMTP smarthost set".into());
        }
        or_str(&mut ec.from, &g.smtp_from);
        if ec.from.is_empty() {
            return Err("no global SMTP from set".into());
        }
        or_str(&mut ec.hello, &g.smtp_hello);
        or_str(&mut ec.auth_username, &g.smtp_auth_username);
        if ec.auth_password.is_empty() && ec.auth_password_file.is_empty() {
            ec.auth_password = g.smtp_auth_password.clone();
            ec.auth_password_file = g.smtp_auth_password_file.clone();
        }
        if ec.auth_secret.is_empty() && ec.auth_secret_file.is_empty() {
            ec.auth_secret = g.smtp_auth_secret.clone();
            ec.auth_secret_file = g.smtp_auth_secret_file.clone();
        }
        or_str(&mut ec.auth_identity, &g.smtp_auth_identity);
        ec.require_tls.get_or_insert(g.smtp_require_tls);
        or(&mut ec.force_implicit_tls, &g.smtp_force_implicit_tls);
    }
    for sc in &mut rcv.slack_configs {
        // Upstream checks a null Slack entry like an empty one.
        let sc = sc.get_or_insert_with(SlackConfig::default);
        or(&mut sc.app_url, &g.slack_app_url);
        if sc.app_url.is_none() {
            return Err("no global Slack App URL set".into());
        }
        let local_auth = sc
            .http_config
            .as_ref()
            .is_some_and(|h| h.0.authorization.is_some());
        if sc.app_token.is_empty()
            && sc.app_token_file.is_empty()
            && !local_auth
            && sc.api_url.is_none()
        {
            sc.app_token = g.slack_app_token.clone();
            sc.app_token_file = g.slack_app_token_file.clone();
        }
        if sc.api_url.is_none() && sc.api_url_file.is_empty() {
            sc.api_url = g.slack_api_url.clone();
            sc.api_url_file = g.slack_api_url_file.clone();
        }
        if sc.api_url.is_none()
            && sc.api_url_file.is_empty()
            && sc.app_token.is_empty()
            && sc.app_token_file.is_empty()
        {
            return Err("no Slack API URL nor App token set either inline or in a file".into());
        }
        or(&mut sc.http_config, http);
        if !sc.app_token.is_empty() || !sc.app_token_file.is_empty() {
            let h = sc.http_config.get_or_insert_with(HttpConfig::go_defaults);
            if h.0.authorization.is_some() {
                return Err("http authorization can't be set when using Slack App tokens".into());
            }
            h.0.authorization = Some(Authorization {
                kind: "Bearer".into(),
                credentials: sc.app_token.clone(),
                credentials_file: sc.app_token_file.clone(),
                credentials_ref: String::new(),
            });
            sc.api_url = sc.app_url.as_ref().map(|u| SecretUrl(u.0.clone()));
        }
    }
    for poc in &mut rcv.pushover_configs {
        let poc = poc.as_mut().ok_or("missing pushover config")?;
        or(&mut poc.http_config, http);
    }
    for pdc in &mut rcv.pagerduty_configs {
        let pdc = pdc.as_mut().ok_or("missing pagerduty config")?;
        or(&mut pdc.http_config, http);
        or(&mut pdc.url, &g.pagerduty_url);
        if pdc.url.is_none() {
            return Err("no global PagerDuty URL set".into());
        }
    }
    for iio in &mut rcv.incidentio_configs {
        let iio = iio.as_mut().ok_or("missing incidentio config")?;
        or(&mut iio.http_config, http);
    }
    for ogc in &mut rcv.opsgenie_configs {
        let ogc = ogc.get_or_insert_with(OpsGenieConfig::default);
        or(&mut ogc.http_config, http);
        or(&mut ogc.api_url, &g.opsgenie_api_url);
        let Some(url) = &mut ogc.api_url else {
            return Err("no global OpsGenie URL set".into());
        };
        url.ensure_trailing_slash();
        or_secret(&mut ogc.api_key, &g.opsgenie_api_key);
        or_str(&mut ogc.api_key_file, &g.opsgenie_api_key_file);
        if ogc.api_key.is_empty() && ogc.api_key_file.is_empty() {
            return Err("no global OpsGenie API Key set either inline or in a file".into());
        }
    }
    for wcc in &mut rcv.wechat_configs {
        let wcc = wcc.get_or_insert_with(WechatConfig::default);
        or(&mut wcc.http_config, http);
        or(&mut wcc.api_url, &g.wechat_api_url);
        if wcc.api_url.is_none() {
            return Err("no global Wechat URL set".into());
        }
        if wcc.api_secret.is_empty() && wcc.api_secret_file.is_empty() {
            if g.wechat_api_secret.is_empty() && g.wechat_api_secret_file.is_empty() {
                return Err("no global Wechat Api Secret set either inline or in a file".into());
            }
            wcc.api_secret = g.wechat_api_secret.clone();
            wcc.api_secret_file = g.wechat_api_secret_file.clone();
        }
        or_str(&mut wcc.corp_id, &g.wechat_api_corp_id);
        if wcc.corp_id.is_empty() {
            return Err("no global Wechat CorpID set".into());
        }
        if let Some(u) = &mut wcc.api_url {
            u.ensure_trailing_slash();
        }
    }
    for voc in &mut rcv.victorops_configs {
        let voc = voc.as_mut().ok_or("missing victorops config")?;
        or(&mut voc.http_config, http);
        or(&mut voc.api_url, &g.victorops_api_url);
        let Some(url) = &mut voc.api_url else {
            return Err("no global VictorOps URL set".into());
        };
        url.ensure_trailing_slash();
        or_secret(&mut voc.api_key, &g.victorops_api_key);
        or_str(&mut voc.api_key_file, &g.victorops_api_key_file);
        if voc.api_key.is_empty() && voc.api_key_file.is_empty() {
            return Err("no global VictorOps API Key set".into());
        }
    }
    for sns in &mut rcv.sns_configs {
        let sns = sns.as_mut().ok_or("missing sns config")?;
        or(&mut sns.http_config, http);
    }
    for tg in &mut rcv.telegram_configs {
        let tg = tg.as_mut().ok_or("missing telegram config")?;
        or(&mut tg.http_config, http);
        or(&mut tg.api_url, &g.telegram_api_url);
        if tg.bot_token.is_empty() && tg.bot_token_file.is_empty() {
            if g.telegram_bot_token.is_empty() && g.telegram_bot_token_file.is_empty() {
                return Err("missing bot_token or bot_token_file on telegram_config".into());
            }
            tg.bot_token = g.telegram_bot_token.clone();
            tg.bot_token_file = g.telegram_bot_token_file.clone();
        }
    }
    for dc in &mut rcv.discord_configs {
        let dc = dc.as_mut().ok_or("missing discord config")?;
        or(&mut dc.http_config, http);
        if dc.webhook_url.is_none() && dc.webhook_url_file.is_empty() {
            return Err("no discord webhook URL or URLFile provided".into());
        }
    }
    for wx in &mut rcv.webex_configs {
        let wx = wx.as_mut().ok_or("missing webex config")?;
        or(&mut wx.http_config, http);
        or(&mut wx.api_url, &g.webex_api_url);
        if wx.api_url.is_none() {
            return Err("no global Webex URL set".into());
        }
    }
    for mt in &mut rcv.msteams_configs {
        let mt = mt.as_mut().ok_or("missing msteams config")?;
        or(&mut mt.http_config, http);
        if mt.webhook_url.is_none() && mt.webhook_url_file.is_empty() {
            return Err("no msteams webhook URL or URLFile provided".into());
        }
    }
    for mt in &mut rcv.msteamsv2_configs {
        let mt = mt.as_mut().ok_or("missing msteamsv2 config")?;
        match (&mut mt.http_config, http) {
            (None, _) => mt.http_config.clone_from(http),
            // A partial local setting takes only the proxy from the global one.
            (Some(local), Some(global)) if local.0.proxy.proxy_url.is_none() => {
                local
                    .0
                    .proxy
                    .proxy_url
                    .clone_from(&global.0.proxy.proxy_url);
            }
            _ => {}
        }
        if mt.webhook_url.is_none() && mt.webhook_url_file.is_empty() {
            return Err("no msteamsv2 webhook URL or URLFile provided".into());
        }
    }
    for jc in &mut rcv.jira_configs {
        let jc = jc.as_mut().ok_or("missing jira config")?;
        or(&mut jc.http_config, http);
        or(&mut jc.api_url, &g.jira_api_url);
        if jc.api_url.is_none() {
            return Err("no global Jira Cloud URL set".into());
        }
    }
    for rc in &mut rcv.rocketchat_configs {
        let rc = rc.get_or_insert_with(RocketchatConfig::default);
        or(&mut rc.http_config, http);
        or(&mut rc.api_url, &g.rocketchat_api_url);
        or(&mut rc.token_id, &g.rocketchat_token_id);
        or_str(&mut rc.token_id_file, &g.rocketchat_token_id_file);
        if rc.token_id.is_none() && rc.token_id_file.is_empty() {
            return Err("no global Rocketchat TokenID set either inline or in a file".into());
        }
        or(&mut rc.token, &g.rocketchat_token);
        or_str(&mut rc.token_file, &g.rocketchat_token_file);
        if rc.token.is_none() && rc.token_file.is_empty() {
            return Err("no global Rocketchat Token set either inline or in a file".into());
        }
    }
    for mm in &mut rcv.mattermost_configs {
        let mm = mm.as_mut().ok_or("missing mattermost config")?;
        or(&mut mm.http_config, http);
        if mm.webhook_url.is_none() && mm.webhook_url_file.is_empty() {
            if g.mattermost_webhook_url.is_none() && g.mattermost_webhook_url_file.is_empty() {
                return Err("missing webhook_url or webhook_url_file on mattermost_config".into());
            }
            mm.webhook_url.clone_from(&g.mattermost_webhook_url);
            mm.webhook_url_file
                .clone_from(&g.mattermost_webhook_url_file);
        }
    }
    Ok(())
}

/// Upstream's `checkReceiver`: children first, then the node.
fn check_receivers(r: &Route, names: &HashSet<String>) -> Result<(), LoadError> {
    for child in &r.routes {
        check_receivers(child, names)?;
    }
    if !r.receiver.is_empty() && !names.contains(&r.receiver.value) {
        return Err(LoadError::new(
            format!("undefined receiver {} used in route", quote(&r.receiver)),
            Some(r.receiver.span),
        ));
    }
    Ok(())
}

/// Upstream's `checkTimeInterval`: children first, then active, then mute intervals.
fn check_intervals(r: &Route, names: &HashSet<String>) -> Result<(), LoadError> {
    for child in &r.routes {
        check_intervals(child, names)?;
    }
    for name in r.active_time_intervals.iter().chain(&r.mute_time_intervals) {
        if !names.contains(&name.value) {
            return Err(LoadError::new(
                format!("undefined time interval {} used in route", quote(name)),
                Some(name.span),
            ));
        }
    }
    Ok(())
}

/// Upstream's `config.Load`, matchers and label names read in `mode`.
pub fn load(text: &str, mode: ParseMode) -> Result<Config, LoadError> {
    load_warning(text, mode, &mut Vec::new())
}

/// [`load`], adding to `warnings` what Alertmanager logs about matchers while loading (in
/// the fallback mode, those only the classic parser reads).
pub fn load_warning(
    text: &str,
    mode: ParseMode,
    warnings: &mut Vec<String>,
) -> Result<Config, LoadError> {
    let opts = yaml::Options {
        go_yaml_v2: true,
        soft_errors: true,
        ..yaml::Options::default()
    };
    let outer = MODE.with(|m| m.replace(mode));
    let outer_warnings = WARNINGS.with(|w| w.take());
    let decoded = yaml::from_str::<Config>(text, opts);
    MODE.with(|m| m.set(outer));
    warnings.extend(WARNINGS.with(|w| w.replace(outer_warnings)));
    let (mut cfg, root) = decoded.map_err(|e| LoadError::new(e.to_string(), e.span))?;
    // An empty document never reaches upstream's `UnmarshalYAML`.
    if root.is_null() {
        return Err(LoadError::new("no route provided in config", None));
    }
    cfg.check()?;
    if let Some(route) = &cfg.route {
        if route.r#continue {
            return Err(LoadError::new(
                "cannot have continue in root route",
                Some(route.span),
            ));
        }
    }
    Ok(cfg)
}

/// Upstream's `LoadFile` on text already read: relative template globs and file settings
/// are taken relative to the file's directory.
pub fn load_file_text(path: &Path, text: &str, mode: ParseMode) -> Result<Config, LoadError> {
    load_file_text_warning(path, text, mode, &mut Vec::new())
}

/// [`load_file_text`], adding the matcher warnings to `warnings` (see [`load_warning`]).
pub fn load_file_text_warning(
    path: &Path,
    text: &str,
    mode: ParseMode,
    warnings: &mut Vec<String>,
) -> Result<Config, LoadError> {
    let mut cfg = load_warning(text, mode, warnings)?;
    let dir = crate::config::go_dir(&path.to_string_lossy());
    for t in &mut cfg.templates {
        if !t.is_empty() && !t.starts_with('/') {
            *t = crate::config::go_join_dir(&dir, t);
        }
    }
    Ok(cfg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        load(src, ParseMode::Classic)
            .map(|_| "OK".to_string())
            .unwrap_or_else(|e| e.message)
    }

    const MIN: &str = "route:\n  receiver: r\nreceivers:\n- name: r\n";

    #[test]
    fn minimal_and_empty() {
        assert_eq!(err(MIN), "OK");
        assert_eq!(err(""), "no route provided in config");
        assert_eq!(err("receivers:\n- name: r\n"), "no routes provided");
        let cfg = load(MIN, ParseMode::Classic).expect("loads");
        assert_eq!(cfg.global().resolve_timeout, PromDuration(300_000));
        assert_eq!(cfg.global().smtp_hello, "localhost");
    }

    #[test]
    fn hard_errors_beat_soft_ones() {
        // yaml.v2: an object's own check fails at once, even after unknown fields.
        let src = "bogus: 1\nglobal:\n  nope: 2\nroute:\n  receiver: r\n  group_by: [a, a]\nreceivers:\n- name: r\n";
        assert_eq!(err(src), "duplicated label \"a\" in group_by");
        // Soft errors are all reported, in document order, before whole-config checks.
        let src = "bogus: 1\nroute:\n  receiver: missing\n  x: 1\n";
        assert_eq!(
            err(src),
            "yaml: unmarshal errors:\n  line 1: field bogus not found in type config.plain\n  line 4: field x not found in type config.plain"
        );
        // A child's checks run before its parent's.
        let src = "route:\n  receiver: r\n  group_by: [a, a]\n  routes:\n  - group_wait: 5x\nreceivers:\n- name: r\n";
        assert_eq!(err(src), "unknown unit \"x\" in duration \"5x\"");
        // A type error in a list keeps the others decoding.
        let src = "route:\n  receiver: r\n  group_wait: [1]\nreceivers:\n- name: r\n";
        assert!(
            err(src).contains("line 3: cannot unmarshal !!seq"),
            "{}",
            err(src)
        );
    }

    #[test]
    fn inheritance_from_global() {
        let src = "global:\n  smtp_smarthost: 'mail:25'\n  smtp_from: a@b\nroute:\n  receiver: r\nreceivers:\n- name: r\n  email_configs:\n  - to: x@y\n  opsgenie_configs:\n  - api_key: k\n    api_url: https://og.example.com/v2\n";
        let cfg = load(src, ParseMode::Classic).expect("loads");
        let rcv = &cfg.receivers[0];
        let email = rcv.email_configs[0].as_ref().expect("email");
        assert_eq!(email.smarthost.to_string(), "mail:25");
        assert_eq!(email.require_tls, Some(true));
        let og = rcv.opsgenie_configs[0].as_ref().expect("opsgenie");
        assert_eq!(
            og.api_url.as_ref().map(AmUrl::as_str),
            Some("https://og.example.com/v2/")
        );
        let src = "route:\n  receiver: r\nreceivers:\n- name: r\n  email_configs:\n  - to: x@y\n";
        assert_eq!(err(src), "no global SMTP smarthost set");
    }

    #[test]
    fn fallback_parsing_is_reported() {
        let src = "route:\n  receiver: r\n  routes:\n  - matchers: ['foo=~bar\\d']\nreceivers:\n- name: r\n";
        let mut warnings = Vec::new();
        load_warning(src, ParseMode::Fallback, &mut warnings).expect("loads");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("input=\"foo=~bar\\\\d\""),
            "{}",
            warnings[0]
        );
        let mut warnings = Vec::new();
        load_warning(src, ParseMode::Classic, &mut warnings).expect("loads");
        assert!(warnings.is_empty());
    }

    #[test]
    fn secrets_print_as_secret() {
        let src = "global:\n  opsgenie_api_key: hunter2\nroute:\n  receiver: r\nreceivers:\n- name: r\n  opsgenie_configs:\n  - {}\n";
        let cfg = load(src, ParseMode::Classic).expect("loads");
        let printed = crate::config::print::to_yaml(&cfg.to_go());
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("opsgenie_api_key: <secret>"), "{printed}");
    }
}
