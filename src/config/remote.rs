//! `remote_write` and `remote_read` endpoints with their queue, metadata and authentication
//! settings (sigv4, Azure AD, Google IAM), as Prometheus decodes and validates them.

use std::collections::BTreeMap;

use super::http::HttpClientConfig;
use super::relabel;
use super::types::{Secret, Url};
use crate::duration::PromDuration;
use crate::go_struct;

const SECOND: i64 = 1000;

go_struct! {
    pub struct QueueConfig: "config.QueueConfig", defaults = go_defaults {
        pub capacity: i64,
        pub max_shards: i64,
        pub min_shards: i64,
        pub max_samples_per_send: i64,
        pub batch_send_deadline: PromDuration,
        pub min_backoff: PromDuration,
        pub max_backoff: PromDuration,
        pub retry_on_http_429: bool,
        pub sample_age_limit: PromDuration,
    }
}

impl QueueConfig {
    fn go_defaults() -> QueueConfig {
        QueueConfig {
            capacity: 10000,
            max_shards: 50,
            min_shards: 1,
            max_samples_per_send: 2000,
            batch_send_deadline: PromDuration(5 * SECOND),
            min_backoff: PromDuration(30),
            max_backoff: PromDuration(5 * SECOND),
            ..QueueConfig::default()
        }
    }

    fn validate(&self) -> Result<(), String> {
        let rule = if self.max_shards <= 0 {
            "max_shards must be positive"
        } else if self.min_shards <= 0 {
            "min_shards must be positive"
        } else if self.min_shards > self.max_shards {
            "min_shards must not be greater than max_shards"
        } else if self.max_samples_per_send <= 0 {
            "max_samples_per_send must be positive"
        } else if self.capacity <= 0 {
            "capacity must be positive"
        } else if self.max_backoff < self.min_backoff {
            "max_backoff must not be less than min_backoff"
        } else {
            return Ok(());
        };
        Err(format!("remote write queue {rule}"))
    }
}

go_struct! {
    pub struct MetadataConfig: "config.MetadataConfig", defaults = go_defaults {
        pub @keep send: bool,
        pub @keep send_interval: PromDuration,
        pub max_samples_per_send: i64,
    }
}

impl MetadataConfig {
    fn go_defaults() -> MetadataConfig {
        MetadataConfig {
            send: true,
            send_interval: PromDuration(60 * SECOND),
            max_samples_per_send: 2000,
        }
    }
}

go_struct! {
    /// AWS Signature Version 4 signing (prometheus/sigv4).
    pub struct SigV4Config: "sigv4.plain", finish = validate {
        pub region: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub use_fips_sts_endpoint: bool,
        pub service_name: String,
    }
}

impl SigV4Config {
    fn validate(&mut self) -> Result<(), String> {
        if self.access_key.is_empty() != self.secret_key.is_empty() {
            return Err("must provide a AWS SigV4 Access key and Secret Key if credentials are specified in the SigV4 config".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct ManagedIdentity: "azuread.ManagedIdentityConfig" {
        pub client_id: String,
    }
}

go_struct! {
    pub struct WorkloadIdentity: "azuread.WorkloadIdentityConfig" {
        pub client_id: String,
        pub tenant_id: String,
        pub token_file_path: String,
    }
}

go_struct! {
    pub struct AzureOAuth: "azuread.OAuthConfig" {
        pub client_id: String,
        pub client_secret: Secret,
        pub tenant_id: String,
    }
}

go_struct! {
    pub struct AzureSdk: "azuread.SDKConfig" {
        pub tenant_id: String,
    }
}

go_struct! {
    pub struct AzureCertificate: "azuread.CertificateConfig" {
        pub client_id: String,
        pub tenant_id: String,
        pub certificate_path: String,
        pub certificate_key_path: String,
        pub certificate_password: Secret,
        pub send_certificate_chain: bool,
    }
}

go_struct! {
    /// Azure AD authentication for remote write.
    pub struct AzureAdConfig: "azuread.plain", finish = validate {
        pub managed_identity: Option<ManagedIdentity>,
        pub workload_identity: Option<WorkloadIdentity>,
        pub oauth: Option<AzureOAuth>,
        pub sdk: Option<AzureSdk>,
        pub certificate: Option<AzureCertificate>,
        pub cloud: String,
        pub scope: String,
    }
}

/// `uuid.Parse`'s accepted forms, for client and tenant IDs.
fn is_uuid(s: &str) -> bool {
    let s = s
        .strip_prefix("urn:uuid:")
        .or_else(|| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .unwrap_or(s);
    let hex = |part: &str| part.bytes().all(|b| b.is_ascii_hexdigit());
    match s.len() {
        32 => hex(s),
        36 => {
            let parts: Vec<&str> = s.split('-').collect();
            parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| hex(p))
        }
        _ => false,
    }
}

impl AzureAdConfig {
    fn validate(&mut self) -> Result<(), String> {
        if self.cloud.is_empty() {
            self.cloud = "AzurePublic".into();
        }
        if !["AzureChina", "AzureGovernment", "AzurePublic"].contains(&self.cloud.as_str()) {
            return Err("must provide a cloud in the Azure AD config".into());
        }
        let methods = [
            self.managed_identity.is_some(),
            self.workload_identity.is_some(),
            self.oauth.is_some(),
            self.sdk.is_some(),
            self.certificate.is_some(),
        ];
        match super::decode::count_set(&methods) {
            0 => return Err("must provide an Azure Managed Identity, Azure Workload Identity, Azure OAuth, Azure Certificate or Azure SDK in the Azure AD config".into()),
            1 => {}
            _ => return Err("cannot provide multiple authentication methods in the Azure AD config".into()),
        }
        if let Some(m) = &self.managed_identity {
            if !m.client_id.is_empty() && !is_uuid(&m.client_id) {
                return Err("the provided Azure Managed Identity client_id is invalid".into());
            }
        }
        if let Some(w) = &self.workload_identity {
            if w.client_id.is_empty() {
                return Err(
                    "must provide an Azure Workload Identity client_id in the Azure AD config"
                        .into(),
                );
            }
            if w.tenant_id.is_empty() {
                return Err(
                    "must provide an Azure Workload Identity tenant_id in the Azure AD config"
                        .into(),
                );
            }
            if !is_uuid(&w.client_id) {
                return Err("the provided Azure Workload Identity client_id is invalid".into());
            }
            if !is_uuid(&w.tenant_id) {
                return Err("the provided Azure Workload Identity tenant_id is invalid".into());
            }
        }
        if let Some(o) = &self.oauth {
            if o.client_id.is_empty() {
                return Err("must provide an Azure OAuth client_id in the Azure AD config".into());
            }
            if o.client_secret.is_empty() {
                return Err(
                    "must provide an Azure OAuth client_secret in the Azure AD config".into(),
                );
            }
            if o.tenant_id.is_empty() {
                return Err("must provide an Azure OAuth tenant_id in the Azure AD config".into());
            }
            if !is_uuid(&o.client_id) {
                return Err("the provided Azure OAuth client_id is invalid".into());
            }
        }
        if let Some(c) = &self.certificate {
            if c.client_id.is_empty() {
                return Err(
                    "must provide an Azure Certificate client_id in the Azure AD config".into(),
                );
            }
            if c.tenant_id.is_empty() {
                return Err(
                    "must provide an Azure Certificate tenant_id in the Azure AD config".into(),
                );
            }
            if c.certificate_path.is_empty() {
                return Err(
                    "must provide an Azure Certificate certificate_path in the Azure AD config"
                        .into(),
                );
            }
            if !is_uuid(&c.client_id) {
                return Err("the provided Azure Certificate client_id is invalid".into());
            }
        }
        if !self.scope.is_empty()
            && !self
                .scope
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || ":/.-".contains(c))
        {
            return Err("the provided scope contains invalid characters".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct GoogleIamConfig: "googleiam.Config" {
        pub credentials_file: String,
    }
}

/// Headers Prometheus's remote protocols set themselves.
const RESERVED_HEADERS: [&str; 16] = [
    "host",
    "content-encoding",
    "content-length",
    "content-type",
    "user-agent",
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "www-authenticate",
    "accept-encoding",
    "x-prometheus-remote-write-version",
    "x-prometheus-remote-read-version",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Prometheus's `validateHeaders` (`authorization` names where to put credentials instead)
/// and `validateHeadersForTracing`.
pub fn validate_headers(
    headers: &BTreeMap<String, String>,
    authorization: &str,
) -> Result<(), String> {
    for name in headers.keys() {
        let lower = name.to_lowercase();
        if lower == "authorization" {
            return Err(authorization.into());
        }
        if RESERVED_HEADERS.contains(&lower.as_str()) {
            return Err(format!(
                "{name} is a reserved header. It must not be changed"
            ));
        }
    }
    Ok(())
}

go_struct! {
    pub struct RemoteWriteConfig: "config.plain", defaults = go_defaults, finish = finish_write {
        pub @keep url: Option<Url>,
        pub remote_timeout: PromDuration,
        pub headers: BTreeMap<String, String>,
        pub write_relabel_configs: Vec<Option<relabel::Config>>,
        pub name: String,
        pub send_exemplars: bool,
        pub send_native_histograms: bool,
        pub round_robin_dns: bool,
        pub protobuf_message: String,
        pub failed_request_logging: bool,
        pub @inline http: HttpClientConfig,
        pub queue_config: QueueConfig,
        pub metadata_config: MetadataConfig,
        pub sigv4: Option<SigV4Config>,
        pub azuread: Option<AzureAdConfig>,
        pub google_iam: Option<GoogleIamConfig>,
    }
}

impl RemoteWriteConfig {
    fn go_defaults() -> RemoteWriteConfig {
        RemoteWriteConfig {
            remote_timeout: PromDuration(30 * SECOND),
            protobuf_message: "prometheus.WriteRequest".into(),
            queue_config: QueueConfig::go_defaults(),
            metadata_config: MetadataConfig::go_defaults(),
            http: HttpClientConfig {
                enable_http2: false,
                ..HttpClientConfig::go_defaults()
            },
            ..RemoteWriteConfig::default()
        }
    }

    fn finish_write(&mut self) -> Result<(), String> {
        if self.url.is_none() {
            return Err("url for remote_write is empty".into());
        }
        if self.write_relabel_configs.iter().any(Option::is_none) {
            return Err("empty or null relabeling rule in remote write config".into());
        }
        validate_headers(&self.headers, "authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter")?;
        const MESSAGES: [&str; 2] = ["prometheus.WriteRequest", "io.prometheus.write.v2.Request"];
        if !MESSAGES.contains(&self.protobuf_message.as_str()) {
            return Err(format!(
                "invalid protobuf_message value: unknown type for remote write protobuf message {}, supported: {}",
                self.protobuf_message,
                MESSAGES.join(", ")
            ));
        }
        self.http.validate()?;
        self.queue_config.validate()?;
        let mut auth = Vec::new();
        let h = &self.http;
        for (set, name) in [
            (h.basic_auth.is_some(), "basic_auth"),
            (h.authorization.is_some(), "authorization"),
            (h.oauth2.is_some(), "oauth2"),
            (self.sigv4.is_some(), "sigv4"),
            (self.azuread.is_some(), "azuread"),
            (self.google_iam.is_some(), "google_iam"),
        ] {
            if set {
                auth.push(name);
            }
        }
        if auth.len() > 1 {
            return Err(format!(
                "at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [{}]",
                auth.join(" ")
            ));
        }
        Ok(())
    }

    pub fn relabel_configs(&self) -> impl Iterator<Item = &relabel::Config> {
        self.write_relabel_configs.iter().flatten()
    }
}

go_struct! {
    pub struct RemoteReadConfig: "config.plain", defaults = go_defaults, finish = finish_read {
        pub @keep url: Option<Url>,
        pub remote_timeout: PromDuration,
        pub chunked_read_limit: u64,
        pub headers: BTreeMap<String, String>,
        pub read_recent: bool,
        pub name: String,
        pub @inline http: HttpClientConfig,
        pub required_matchers: BTreeMap<String, String>,
        pub filter_external_labels: bool,
    }
}

impl RemoteReadConfig {
    fn go_defaults() -> RemoteReadConfig {
        RemoteReadConfig {
            remote_timeout: PromDuration(60 * SECOND),
            chunked_read_limit: 50_000_000,
            http: HttpClientConfig::go_defaults(),
            filter_external_labels: true,
            ..RemoteReadConfig::default()
        }
    }

    fn finish_read(&mut self) -> Result<(), String> {
        if self.url.is_none() {
            return Err("url for remote_read is empty".into());
        }
        validate_headers(&self.headers, "authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter")?;
        self.http.validate()
    }
}
