//! Alertmanager's receiver integrations (`*_configs` entries): every integration of
//! upstream HEAD with its defaults and the checks its `UnmarshalYAML` makes, in upstream's
//! order and words (`config/notifiers.go`, `notify/*/config.go`). What each one inherits
//! from `global:` is applied by the configuration loader.

use std::collections::BTreeMap;

use super::types::{
    check_templating, AmUrl, HostPort, HttpConfig, SecretTemplateUrl, SecretUrl, TextDuration,
};
use crate::config::http::{canonical_header_key, TlsConfig};
use crate::config::remote::SigV4Config;
use crate::config::types::Secret;
use crate::config::web::GoDuration;
use crate::go_struct;

/// `{{ template "NAME" . }}`, the form of every default message field.
fn tmpl(name: &str) -> String {
    format!("{{{{ template \"{name}\" . }}}}")
}

/// Upstream's `at most one of X & X_file must be configured`.
fn at_most_one(a: bool, b: bool, what: &str) -> Result<(), String> {
    if a && b {
        Err(format!("at most one of {what} must be configured"))
    } else {
        Ok(())
    }
}

go_struct! {
    pub struct WebhookConfig: "webhook.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub url: SecretTemplateUrl,
        pub @keep url_file: String,
        pub @keep max_alerts: u64,
        pub @keep timeout: GoDuration,
        pub payload: Option<serde_json::Value>,
    }
}

impl WebhookConfig {
    fn go_defaults() -> Self {
        WebhookConfig {
            send_resolved: true,
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.url.is_empty() && self.url_file.is_empty() {
            return Err("one of url or url_file must be configured".into());
        }
        at_most_one(
            !self.url.is_empty(),
            !self.url_file.is_empty(),
            "url & url_file",
        )
    }
}

go_struct! {
    pub struct ThreadingConfig: "config.ThreadingConfig" {
        pub enabled: bool,
        pub thread_by_date: String,
    }
}

go_struct! {
    pub struct EmailConfig: "config.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub to: String,
        pub from: String,
        pub hello: String,
        pub smarthost: HostPort,
        pub auth_username: String,
        pub auth_password: Secret,
        pub auth_password_file: String,
        pub auth_secret: Secret,
        pub auth_secret_file: String,
        pub auth_identity: String,
        pub headers: BTreeMap<String, String>,
        pub html: String,
        pub text: String,
        pub require_tls: Option<bool>,
        pub tls_config: Option<TlsConfig>,
        pub force_implicit_tls: Option<bool>,
        pub threading: ThreadingConfig,
    }
}

impl EmailConfig {
    fn go_defaults() -> Self {
        EmailConfig {
            html: tmpl("email.default.html"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.to.is_empty() {
            return Err("missing to address in email config".into());
        }
        let mut normalized = BTreeMap::new();
        for (h, v) in &self.headers {
            let key = canonical_header_key(h);
            if normalized.insert(key.clone(), v.clone()).is_some() {
                return Err(format!(
                    "duplicate header {} in email config",
                    crate::gostr::quote(&key)
                ));
            }
        }
        if self.threading.enabled {
            for h in ["References", "In-Reply-To"] {
                if normalized.contains_key(h) {
                    return Err(format!("conflicting configuration: threading.enabled conflicts with custom {h} header"));
                }
            }
            if !["none", "daily"].contains(&self.threading.thread_by_date.as_str()) {
                return Err("threading.thread_by_date must be either 'none' or 'daily'".into());
            }
        }
        self.headers = normalized;
        Ok(())
    }
}

go_struct! {
    pub struct PagerdutyLink: "pagerduty.PagerdutyLink" {
        pub href: String,
        pub text: String,
    }
}

go_struct! {
    pub struct PagerdutyImage: "pagerduty.PagerdutyImage" {
        pub src: String,
        pub alt: String,
        pub href: String,
    }
}

go_struct! {
    pub struct PagerdutyConfig: "pagerduty.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub service_key: Secret,
        pub service_key_file: String,
        pub routing_key: Secret,
        pub routing_key_file: String,
        pub url: Option<AmUrl>,
        pub client: String,
        pub client_url: String,
        pub description: String,
        pub details: BTreeMap<String, serde_json::Value>,
        pub images: Vec<PagerdutyImage>,
        pub links: Vec<PagerdutyLink>,
        pub source: String,
        pub severity: String,
        pub class: String,
        pub component: String,
        pub group: String,
        pub @keep timeout: GoDuration,
    }
}

impl PagerdutyConfig {
    fn go_defaults() -> Self {
        PagerdutyConfig {
            send_resolved: true,
            // Upstream writes this one without the space before `}}`.
            description: "{{ template \"pagerduty.default.description\" .}}".into(),
            client: tmpl("pagerduty.default.client"),
            client_url: tmpl("pagerduty.default.clientURL"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.routing_key.is_empty()
            && self.service_key.is_empty()
            && self.routing_key_file.is_empty()
            && self.service_key_file.is_empty()
        {
            return Err("missing service or routing key in PagerDuty config".into());
        }
        at_most_one(
            !self.routing_key.is_empty(),
            !self.routing_key_file.is_empty(),
            "routing_key & routing_key_file",
        )?;
        at_most_one(
            !self.service_key.is_empty(),
            !self.service_key_file.is_empty(),
            "service_key & service_key_file",
        )?;
        if self.source.is_empty() {
            self.source = self.client.clone();
        }
        for (k, v) in [
            ("firing", "{{ .Alerts.Firing | toJson }}"),
            ("resolved", "{{ .Alerts.Resolved | toJson }}"),
            ("num_firing", "{{ .Alerts.Firing | len }}"),
            ("num_resolved", "{{ .Alerts.Resolved | len }}"),
        ] {
            self.details
                .entry(k.into())
                .or_insert_with(|| serde_json::Value::String(v.into()));
        }
        Ok(())
    }
}

go_struct! {
    pub struct SlackConfirmationField: "config.plain", finish = check {
        pub text: String,
        pub title: String,
        pub ok_text: String,
        pub dismiss_text: String,
    }
}

impl SlackConfirmationField {
    fn check(&mut self) -> Result<(), String> {
        if self.text.is_empty() {
            return Err("missing text in Slack confirmation configuration".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct SlackAction: "config.plain", finish = check {
        pub r#type: String as "type",
        pub text: String,
        pub url: String,
        pub style: String,
        pub name: String,
        pub value: String,
        pub confirm: Option<SlackConfirmationField>,
    }
}

impl SlackAction {
    fn check(&mut self) -> Result<(), String> {
        if self.r#type.is_empty() {
            return Err("missing type in Slack action configuration".into());
        }
        if self.text.is_empty() {
            return Err("missing text in Slack action configuration".into());
        }
        if !self.url.is_empty() {
            self.name.clear();
            self.value.clear();
            self.confirm = None;
        } else if self.name.is_empty() {
            return Err("missing name or url in Slack action configuration".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct SlackField: "config.plain", finish = check {
        pub title: String,
        pub value: String,
        pub short: Option<bool>,
    }
}

impl SlackField {
    fn check(&mut self) -> Result<(), String> {
        check_field(&self.title, &self.value, "Slack")
    }
}

/// Slack's and Mattermost's attachment fields need a title and a value.
fn check_field(title: &str, value: &str, service: &str) -> Result<(), String> {
    if title.is_empty() {
        return Err(format!("missing title in {service} field configuration"));
    }
    if value.is_empty() {
        return Err(format!("missing value in {service} field configuration"));
    }
    Ok(())
}

go_struct! {
    pub struct SlackConfig: "config.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_url: Option<SecretUrl>,
        pub api_url_file: String,
        pub app_token: Secret,
        pub app_token_file: String,
        pub app_url: Option<AmUrl>,
        pub channel: String,
        pub username: String,
        pub color: String,
        pub title: String,
        pub title_link: String,
        pub pretext: String,
        pub text: String,
        pub message_text: String,
        pub fields: Vec<SlackField>,
        pub @keep short_fields: bool,
        pub footer: String,
        pub fallback: String,
        pub callback_id: String,
        pub icon_emoji: String,
        pub icon_url: String,
        pub image_url: String,
        pub thumb_url: String,
        pub @keep link_names: bool,
        pub mrkdwn_in: Vec<String>,
        pub actions: Vec<SlackAction>,
        pub @keep update_message: bool,
        pub @keep timeout: GoDuration,
    }
}

/// Where Slack's bot-token API lives; `update_message` needs it.
pub const SLACK_APP_URL: &str = "https://slack.com/api/chat.postMessage";

impl SlackConfig {
    fn go_defaults() -> Self {
        SlackConfig {
            color: tmpl("slack.default.color"),
            username: tmpl("slack.default.username"),
            title: tmpl("slack.default.title"),
            title_link: tmpl("slack.default.titlelink"),
            icon_emoji: tmpl("slack.default.iconemoji"),
            icon_url: tmpl("slack.default.iconurl"),
            pretext: tmpl("slack.default.pretext"),
            text: tmpl("slack.default.text"),
            fallback: tmpl("slack.default.fallback"),
            callback_id: tmpl("slack.default.callbackid"),
            footer: tmpl("slack.default.footer"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        let url = self.api_url.is_some() || !self.api_url_file.is_empty();
        let token = !self.app_token.is_empty() || !self.app_token_file.is_empty();
        at_most_one(
            self.api_url.is_some(),
            !self.api_url_file.is_empty(),
            "api_url & api_url_file",
        )?;
        at_most_one(
            !self.app_token.is_empty(),
            !self.app_token_file.is_empty(),
            "app_token & app_token_file",
        )?;
        at_most_one(
            url,
            token,
            "api_url/api_url_file & app_token/app_token_file",
        )?;
        let api_url = self.api_url.as_ref().map_or("", |u| u.as_str());
        if self.update_message && api_url != SLACK_APP_URL {
            return Err(format!("update_message can only be used with bot tokens. api_url must be set to {SLACK_APP_URL}"));
        }
        Ok(())
    }
}

go_struct! {
    pub struct OpsGenieResponder: "opsgenie.OpsGenieConfigResponder" {
        pub id: String,
        pub name: String,
        pub username: String,
        pub r#type: String as "type",
    }
}

go_struct! {
    pub struct OpsGenieConfig: "opsgenie.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_key: Secret,
        pub api_key_file: String,
        pub api_url: Option<AmUrl>,
        pub message: String,
        pub description: String,
        pub source: String,
        pub details: BTreeMap<String, String>,
        pub entity: String,
        pub responders: Vec<OpsGenieResponder>,
        pub actions: String,
        pub tags: String,
        pub note: String,
        pub priority: String,
        pub update_alerts: bool,
    }
}

const OPSGENIE_TYPES: &str = "^(team|teams|user|escalation|schedule)$";

impl OpsGenieConfig {
    fn go_defaults() -> Self {
        OpsGenieConfig {
            send_resolved: true,
            message: tmpl("opsgenie.default.message"),
            description: tmpl("opsgenie.default.description"),
            source: tmpl("opsgenie.default.source"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        at_most_one(
            !self.api_key.is_empty(),
            !self.api_key_file.is_empty(),
            "api_key & api_key_file",
        )?;
        for r in &mut self.responders {
            // Go's `%v` of the responder struct.
            let shown = format!("{{{} {} {} {}}}", r.id, r.name, r.username, r.r#type);
            if r.id.is_empty() && r.username.is_empty() && r.name.is_empty() {
                return Err(format!("opsGenieConfig responder {shown} has to have at least one of id, username or name specified"));
            }
            let templated = check_templating(&r.r#type).map_err(|e| {
                format!(
                    "opsGenieConfig responder {shown} type contains invalid template syntax: {e}"
                )
            })?;
            if !templated {
                r.r#type = r.r#type.to_lowercase();
                if !["team", "teams", "user", "escalation", "schedule"].contains(&r.r#type.as_str())
                {
                    return Err(format!(
                        "opsGenieConfig responder {shown} type does not match valid options {OPSGENIE_TYPES}"
                    ));
                }
            }
        }
        Ok(())
    }
}

go_struct! {
    pub struct WechatConfig: "config.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_secret: Secret,
        pub api_secret_file: String,
        pub corp_id: String,
        pub message: String,
        pub api_url: Option<AmUrl>,
        pub to_user: String,
        pub to_party: String,
        pub to_tag: String,
        pub agent_id: String,
        pub message_type: String,
    }
}

impl WechatConfig {
    fn go_defaults() -> Self {
        WechatConfig {
            message: tmpl("wechat.default.message"),
            to_user: tmpl("wechat.default.to_user"),
            to_party: tmpl("wechat.default.to_party"),
            to_tag: tmpl("wechat.default.to_tag"),
            agent_id: tmpl("wechat.default.agent_id"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.message_type.is_empty() {
            self.message_type = "text".into();
        }
        if !["text", "markdown"].contains(&self.message_type.as_str()) {
            return Err(format!(
                "weChat message type {} does not match valid options ^(text|markdown)$",
                crate::gostr::quote(&self.message_type)
            ));
        }
        at_most_one(
            !self.api_secret.is_empty(),
            !self.api_secret_file.is_empty(),
            "api_secret & api_secret_file",
        )
    }
}

go_struct! {
    pub struct PushoverConfig: "pushover.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub user_key: Secret,
        pub user_key_file: String,
        pub token: Secret,
        pub token_file: String,
        pub title: String,
        pub message: String,
        pub url: String,
        pub url_title: String,
        pub device: String,
        pub sound: String,
        pub priority: String,
        pub retry: TextDuration,
        pub expire: TextDuration,
        pub ttl: TextDuration,
        pub html: bool,
        pub monospace: bool,
    }
}

impl PushoverConfig {
    fn go_defaults() -> Self {
        PushoverConfig {
            send_resolved: true,
            title: tmpl("pushover.default.title"),
            message: tmpl("pushover.default.message"),
            url: tmpl("pushover.default.url"),
            priority: "{{ if eq .Status \"firing\" }}2{{ else }}0{{ end }}".into(),
            retry: TextDuration(60_000_000_000),
            expire: TextDuration(3_600_000_000_000),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.user_key.is_empty() && self.user_key_file.is_empty() {
            return Err("one of user_key or user_key_file must be configured".into());
        }
        at_most_one(
            !self.user_key.is_empty(),
            !self.user_key_file.is_empty(),
            "user_key & user_key_file",
        )?;
        if self.token.is_empty() && self.token_file.is_empty() {
            return Err("one of token or token_file must be configured".into());
        }
        at_most_one(
            !self.token.is_empty(),
            !self.token_file.is_empty(),
            "token & token_file",
        )?;
        at_most_one(self.html, self.monospace, "monospace & html")
    }
}

go_struct! {
    pub struct VictorOpsConfig: "config.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_key: Secret,
        pub api_key_file: String,
        pub @keep api_url: Option<AmUrl>,
        pub @keep routing_key: String,
        pub @keep message_type: String,
        pub @keep state_message: String,
        pub @keep entity_display_name: String,
        pub @keep monitoring_tool: String,
        pub custom_fields: BTreeMap<String, String>,
    }
}

impl VictorOpsConfig {
    fn go_defaults() -> Self {
        VictorOpsConfig {
            send_resolved: true,
            message_type: "CRITICAL".into(),
            state_message: tmpl("victorops.default.state_message"),
            entity_display_name: tmpl("victorops.default.entity_display_name"),
            monitoring_tool: tmpl("victorops.default.monitoring_tool"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.routing_key.is_empty() {
            return Err("missing Routing key in VictorOps config".into());
        }
        at_most_one(
            !self.api_key.is_empty(),
            !self.api_key_file.is_empty(),
            "api_key & api_key_file",
        )?;
        for f in [
            "routing_key",
            "message_type",
            "state_message",
            "entity_display_name",
            "monitoring_tool",
            "entity_id",
            "entity_state",
        ] {
            if self.custom_fields.contains_key(f) {
                return Err(format!("victorOps config contains custom field {f} which cannot be used as it conflicts with the fixed/static fields"));
            }
        }
        Ok(())
    }
}

go_struct! {
    pub struct SnsConfig: "sns.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_url: String,
        pub @keep sigv4: SigV4Config,
        pub topic_arn: String,
        pub phone_number: String,
        pub target_arn: String,
        pub subject: String,
        pub message: String,
        pub attributes: BTreeMap<String, String>,
        pub use_aws_http_client: bool,
    }
}

impl SnsConfig {
    fn go_defaults() -> Self {
        SnsConfig {
            send_resolved: true,
            subject: tmpl("sns.default.subject"),
            message: tmpl("sns.default.message"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        // Upstream's `(a == "") != (b == "") != (c == "")`: exactly one set passes (and, by
        // the same expression, all three).
        let (a, b, c) = (
            self.target_arn.is_empty(),
            self.topic_arn.is_empty(),
            self.phone_number.is_empty(),
        );
        if (a != b) != c {
            return Err(
                "must provide either a Target ARN, Topic ARN, or Phone Number for SNS config"
                    .into(),
            );
        }
        Ok(())
    }
}

go_struct! {
    pub struct TelegramConfig: "telegram.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub @keep api_url: Option<AmUrl>,
        pub bot_token: Secret,
        pub bot_token_file: String,
        pub chat_id: i64,
        pub chat_id_file: String,
        pub message_thread_id: i64,
        pub message: String,
        pub disable_notifications: bool,
        pub parse_mode: String,
    }
}

impl TelegramConfig {
    fn go_defaults() -> Self {
        TelegramConfig {
            send_resolved: true,
            message: tmpl("telegram.default.message"),
            parse_mode: "HTML".into(),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        at_most_one(
            !self.bot_token.is_empty(),
            !self.bot_token_file.is_empty(),
            "bot_token & bot_token_file",
        )?;
        if self.chat_id == 0 && self.chat_id_file.is_empty() {
            return Err("missing chat_id or chat_id_file on telegram_config".into());
        }
        at_most_one(
            self.chat_id != 0,
            !self.chat_id_file.is_empty(),
            "chat_id & chat_id_file",
        )?;
        if !["", "Markdown", "MarkdownV2", "HTML"].contains(&self.parse_mode.as_str()) {
            return Err("unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string".into());
        }
        Ok(())
    }
}

/// Discord, Microsoft Teams (both) and Mattermost take a webhook URL or a file holding it.
fn check_webhook_url(url: bool, file: bool) -> Result<(), String> {
    if !url && !file {
        return Err("one of webhook_url or webhook_url_file must be configured".into());
    }
    at_most_one(url, file, "webhook_url & webhook_url_file")
}

go_struct! {
    pub struct DiscordConfig: "discord.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub webhook_url: Option<SecretUrl>,
        pub webhook_url_file: String,
        pub content: String,
        pub title: String,
        pub message: String,
        pub username: String,
        pub avatar_url: String,
    }
}

impl DiscordConfig {
    fn go_defaults() -> Self {
        DiscordConfig {
            send_resolved: true,
            title: tmpl("discord.default.title"),
            message: tmpl("discord.default.message"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        check_webhook_url(
            self.webhook_url.is_some(),
            !self.webhook_url_file.is_empty(),
        )
    }
}

go_struct! {
    pub struct WebexConfig: "config.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_url: Option<AmUrl>,
        pub message: String,
        pub @keep room_id: String,
    }
}

impl WebexConfig {
    fn go_defaults() -> Self {
        WebexConfig {
            send_resolved: true,
            message: tmpl("webex.default.message"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.room_id.is_empty() {
            return Err("missing room_id on webex_config".into());
        }
        if self
            .http_config
            .as_ref()
            .is_none_or(|h| h.0.authorization.is_none())
        {
            return Err("missing webex_configs.http_config.authorization".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct MsTeamsConfig: "msteams.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub webhook_url: Option<SecretUrl>,
        pub webhook_url_file: String,
        pub title: String,
        pub summary: String,
        pub text: String,
    }
}

impl MsTeamsConfig {
    fn go_defaults() -> Self {
        MsTeamsConfig {
            send_resolved: true,
            title: tmpl("msteams.default.title"),
            summary: tmpl("msteams.default.summary"),
            text: tmpl("msteams.default.text"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        check_webhook_url(
            self.webhook_url.is_some(),
            !self.webhook_url_file.is_empty(),
        )
    }
}

go_struct! {
    pub struct MsTeamsV2Config: "msteamsv2.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub webhook_url: Option<SecretUrl>,
        pub webhook_url_file: String,
        pub title: String,
        pub text: String,
    }
}

impl MsTeamsV2Config {
    fn go_defaults() -> Self {
        MsTeamsV2Config {
            send_resolved: true,
            title: tmpl("msteamsv2.default.title"),
            text: tmpl("msteamsv2.default.text"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        check_webhook_url(
            self.webhook_url.is_some(),
            !self.webhook_url_file.is_empty(),
        )
    }
}

/// A Jira field: a template string, or `{template, enable_update}`.
#[derive(Debug, Clone, Default)]
pub struct JiraField {
    pub template: String,
    pub enable_update: Option<bool>,
}

/// Upstream tries a string first (any scalar), then the object form.
impl<'de> serde::Deserialize<'de> for JiraField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JiraField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a template or {template, enable_update}")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<JiraField, E> {
                Ok(JiraField::default())
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<JiraField, E> {
                Ok(JiraField {
                    template: v.to_string(),
                    enable_update: None,
                })
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<JiraField, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<JiraField, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<JiraField, E> {
                self.visit_str(&crate::gostr::format_float_g(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<JiraField, A::Error> {
                let mut out = JiraField::default();
                while let Some(key) = m.next_key::<String>()? {
                    match key.as_str() {
                        "template" => out.template = m.next_value()?,
                        "enable_update" => out.enable_update = m.next_value()?,
                        _ => {
                            m.next_value::<serde::de::IgnoredAny>()?;
                            return Err(serde::de::Error::custom(format!(
                                "{}field {key} not found in type jira.plain",
                                crate::yaml::TYPE_ERROR
                            )));
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_any(V)
    }
}

impl crate::config::print::ToGo for JiraField {
    fn to_go(&self) -> crate::config::print::GoValue {
        use crate::config::print::GoValue;
        let mut m = vec![("template".to_string(), GoValue::Str(self.template.clone()))];
        if let Some(e) = self.enable_update {
            m.push(("enable_update".into(), GoValue::Bool(e)));
        }
        GoValue::Map(m)
    }
}

go_struct! {
    pub struct JiraConfig: "jira.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_url: Option<AmUrl>,
        pub api_type: String,
        pub project: String,
        pub summary: JiraField,
        pub description: JiraField,
        pub labels: Vec<String>,
        pub priority: String,
        pub issue_type: String,
        pub reopen_transition: String,
        pub resolve_transition: String,
        pub wont_fix_resolution: String,
        pub reopen_duration: crate::duration::PromDuration,
        pub fields: BTreeMap<String, serde_json::Value>,
    }
}

impl JiraConfig {
    fn go_defaults() -> Self {
        JiraConfig {
            send_resolved: true,
            api_type: "auto".into(),
            summary: JiraField {
                template: tmpl("jira.default.summary"),
                enable_update: None,
            },
            description: JiraField {
                template: tmpl("jira.default.description"),
                enable_update: None,
            },
            priority: tmpl("jira.default.priority"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.project.is_empty() {
            return Err("missing project in jira_config".into());
        }
        if self.issue_type.is_empty() {
            return Err("missing issue_type in jira_config".into());
        }
        if !["auto", "cloud", "datacenter"].contains(&self.api_type.as_str()) {
            return Err(
                "unknown api_type on jira_config, must be auto, cloud or datacenter".into(),
            );
        }
        Ok(())
    }
}

go_struct! {
    /// Keys are Go's lowercased field names: upstream gives these structs no YAML tags.
    pub struct RocketchatField: "rocketchat.RocketchatAttachmentField" {
        pub short: Option<bool>,
        pub title: String,
        pub value: String,
    }
}

go_struct! {
    pub struct RocketchatAction: "rocketchat.RocketchatAttachmentAction" {
        pub r#type: String as "type",
        pub text: String,
        pub url: String,
        pub imageurl: String,
        pub iswebview: bool,
        pub webviewheightratio: String,
        pub msg: String,
        pub msginchatwindow: bool,
        pub msgprocessingtype: String,
    }
}

go_struct! {
    pub struct RocketchatConfig: "rocketchat.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub api_url: Option<AmUrl>,
        pub token_id: Option<Secret>,
        pub token_id_file: String,
        pub token: Option<Secret>,
        pub token_file: String,
        pub channel: String,
        pub color: String,
        pub title: String,
        pub title_link: String,
        pub text: String,
        pub fields: Vec<RocketchatField>,
        pub @keep short_fields: bool,
        pub emoji: String,
        pub icon_url: String,
        pub image_url: String,
        pub thumb_url: String,
        pub @keep link_names: bool,
        pub actions: Vec<RocketchatAction>,
    }
}

impl RocketchatConfig {
    fn go_defaults() -> Self {
        RocketchatConfig {
            color: "{{ if eq .Status \"firing\" }}red{{ else }}green{{ end }}".into(),
            emoji: tmpl("rocketchat.default.emoji"),
            icon_url: tmpl("rocketchat.default.iconurl"),
            text: tmpl("rocketchat.default.text"),
            title: tmpl("rocketchat.default.title"),
            title_link: tmpl("rocketchat.default.titlelink"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        at_most_one(
            self.token.is_some(),
            !self.token_file.is_empty(),
            "token & token_file",
        )?;
        at_most_one(
            self.token_id.is_some(),
            !self.token_id_file.is_empty(),
            "token_id & token_id_file",
        )
    }
}

go_struct! {
    pub struct IncidentioConfig: "incidentio.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub @keep url: Option<AmUrl>,
        pub @keep url_file: String,
        pub alert_source_token: Secret,
        pub alert_source_token_file: String,
        pub @keep max_alerts: u64,
        pub @keep timeout: GoDuration,
    }
}

impl IncidentioConfig {
    fn go_defaults() -> Self {
        IncidentioConfig {
            send_resolved: true,
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        if self.url.is_none() && self.url_file.is_empty() {
            return Err("one of url or url_file must be configured".into());
        }
        at_most_one(
            self.url.is_some(),
            !self.url_file.is_empty(),
            "url & url_file",
        )?;
        let token = !self.alert_source_token.is_empty() || !self.alert_source_token_file.is_empty();
        at_most_one(
            !self.alert_source_token.is_empty(),
            !self.alert_source_token_file.is_empty(),
            "alert_source_token & alert_source_token_file",
        )?;
        let auth = self
            .http_config
            .as_ref()
            .map(|h| h.0.authorization.is_some());
        if auth == Some(true) && token {
            return Err("cannot specify alert_source_token or alert_source_token_file when using http_config.authorization".into());
        }
        if auth == Some(false) && !token {
            return Err("at least one of alert_source_token, alert_source_token_file or http_config.authorization must be configured".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct MattermostField: "mattermost.plain", finish = check {
        pub title: String,
        pub value: String,
        pub short: Option<bool>,
    }
}

impl MattermostField {
    fn check(&mut self) -> Result<(), String> {
        check_field(&self.title, &self.value, "Mattermost")
    }
}

go_struct! {
    pub struct MattermostAttachment: "mattermost.MattermostAttachment" {
        pub fallback: String,
        pub color: String,
        pub pretext: String,
        pub text: String,
        pub author_name: String,
        pub author_link: String,
        pub author_icon: String,
        pub title: String,
        pub title_link: String,
        pub fields: Vec<MattermostField>,
        pub thumb_url: String,
        pub footer: String,
        pub footer_icon: String,
        pub image_url: String,
    }
}

go_struct! {
    pub struct MattermostProps: "mattermost.MattermostProps" {
        pub card: String,
    }
}

go_struct! {
    pub struct MattermostPriority: "mattermost.MattermostPriority" {
        pub priority: String,
        pub requested_ack: bool,
        pub persistent_notifications: bool,
    }
}

go_struct! {
    pub struct MattermostConfig: "mattermost.plain", defaults = go_defaults, finish = check {
        pub @keep send_resolved: bool,
        pub http_config: Option<HttpConfig>,
        pub webhook_url: Option<SecretUrl>,
        pub webhook_url_file: String,
        pub channel: String,
        pub username: String,
        pub text: String,
        pub fallback: String,
        pub color: String,
        pub pretext: String,
        pub author_name: String,
        pub author_link: String,
        pub author_icon: String,
        pub title: String,
        pub title_link: String,
        pub fields: Vec<MattermostField>,
        pub thumb_url: String,
        pub footer: String,
        pub footer_icon: String,
        pub image_url: String,
        pub icon_url: String,
        pub icon_emoji: String,
        pub attachments: Vec<MattermostAttachment>,
        pub r#type: String as "type",
        pub props: Option<MattermostProps>,
        pub priority: Option<MattermostPriority>,
    }
}

impl MattermostConfig {
    fn go_defaults() -> Self {
        MattermostConfig {
            send_resolved: true,
            username: tmpl("mattermost.default.username"),
            color: tmpl("mattermost.default.color"),
            text: tmpl("mattermost.default.text"),
            title: tmpl("mattermost.default.title"),
            title_link: tmpl("mattermost.default.titlelink"),
            fallback: tmpl("mattermost.default.fallback"),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        at_most_one(
            self.webhook_url.is_some(),
            !self.webhook_url_file.is_empty(),
            "webhook_url & webhook_url_file",
        )
    }
}
