//! The HTTP client settings every scrape job, service discovery and remote endpoint shares
//! (prometheus/common's `config.HTTPClientConfig`), with its defaults and validation.

use std::collections::BTreeMap;
use std::path::Path;

use super::decode::count_set;
use super::join_dir;
use super::types::{Secret, Url};
use crate::go_struct;

go_struct! {
    pub struct BasicAuth: "config.plain" {
        pub username: String,
        pub username_file: String,
        pub username_ref: String,
        pub password: Secret,
        pub password_file: String,
        pub password_ref: String,
    }
}

go_struct! {
    pub struct Authorization: "config.Authorization" {
        pub kind: String as "type",
        pub credentials: Secret,
        pub credentials_file: String,
        pub credentials_ref: String,
    }
}

/// A TLS version name (`TLS12`); empty when unset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsVersion(pub String);

impl<'de> serde::Deserialize<'de> for TlsVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Null leaves the version unset: yaml.v2 never calls the decoder for it.
        let Some(s) = Option::<String>::deserialize(d)? else {
            return Ok(TlsVersion::default());
        };
        if matches!(s.as_str(), "TLS10" | "TLS11" | "TLS12" | "TLS13") {
            Ok(TlsVersion(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "unknown TLS version: {s}"
            )))
        }
    }
}

go_struct! {
    pub struct TlsConfig: "config.plain", finish = validate {
        pub ca: String,
        pub cert: String,
        pub key: Secret,
        pub ca_file: String,
        pub cert_file: String,
        pub key_file: String,
        pub ca_ref: String,
        pub cert_ref: String,
        pub key_ref: String,
        pub server_name: String,
        pub @keep insecure_skip_verify: bool,
        pub min_version: TlsVersion,
        pub max_version: TlsVersion,
    }
}

impl TlsConfig {
    fn validate(&mut self) -> Result<(), String> {
        let set = |s: &str| !s.is_empty();
        if count_set(&[set(&self.ca), set(&self.ca_file), set(&self.ca_ref)]) > 1 {
            return Err("at most one of ca, ca_file & ca_ref must be configured".into());
        }
        if count_set(&[set(&self.cert), set(&self.cert_file), set(&self.cert_ref)]) > 1 {
            return Err("at most one of cert, cert_file & cert_ref must be configured".into());
        }
        if count_set(&[
            !self.key.is_empty(),
            set(&self.key_file),
            set(&self.key_ref),
        ]) > 1
        {
            return Err("at most one of key and key_file must be configured".into());
        }
        let cert = set(&self.cert) || set(&self.cert_file) || set(&self.cert_ref);
        let key = !self.key.is_empty() || set(&self.key_file) || set(&self.key_ref);
        if cert && !key {
            return Err(
                "exactly one of key or key_file must be configured when a client certificate is configured"
                    .into(),
            );
        }
        if key && !cert {
            return Err(
                "exactly one of cert or cert_file must be configured when a client key is configured"
                    .into(),
            );
        }
        Ok(())
    }

    /// Go's `TLSConfig.SetDirectory`: relative file names are taken from `dir`.
    pub fn set_directory(&mut self, dir: &Path) {
        join_dir(dir, &mut self.ca_file);
        join_dir(dir, &mut self.cert_file);
        join_dir(dir, &mut self.key_file);
    }

    /// Files the settings name, for existence checks.
    pub fn files(&self) -> Vec<&str> {
        [&self.ca_file, &self.cert_file, &self.key_file]
            .into_iter()
            .filter(|f| !f.is_empty())
            .map(String::as_str)
            .collect()
    }
}

go_struct! {
    /// Proxy settings, inlined into the HTTP client and OAuth2 settings.
    pub struct ProxyConfig: "config.ProxyConfig" {
        pub proxy_url: Option<Url>,
        pub no_proxy: String,
        pub proxy_from_environment: bool,
        pub proxy_connect_header: BTreeMap<String, Vec<Secret>>,
    }
}

impl ProxyConfig {
    fn validate(&self) -> Result<(), String> {
        let has_url = self.proxy_url.as_ref().is_some_and(|u| !u.raw.is_empty());
        if !self.proxy_connect_header.is_empty() && !self.proxy_from_environment && !has_url {
            return Err(
                "if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured"
                    .into(),
            );
        }
        if self.proxy_from_environment && has_url {
            return Err(
                "if proxy_from_environment is configured, proxy_url must not be configured".into(),
            );
        }
        if self.proxy_from_environment && !self.no_proxy.is_empty() {
            return Err(
                "if proxy_from_environment is configured, no_proxy must not be configured".into(),
            );
        }
        if self.proxy_url.is_none() && !self.no_proxy.is_empty() {
            return Err("if no_proxy is configured, proxy_url must also be configured".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct OAuth2: "config.plain", finish = finish_oauth2 {
        pub client_id: String,
        pub client_secret: Secret,
        pub client_secret_file: String,
        pub client_secret_ref: String,
        pub client_certificate_key_id: String,
        pub client_certificate_key: Secret,
        pub client_certificate_key_file: String,
        pub client_certificate_key_ref: String,
        pub grant_type: String,
        pub signature_algorithm: String,
        pub iss: String,
        pub audience: String,
        pub claims: BTreeMap<String, serde_json::Value>,
        pub scopes: Vec<String>,
        pub token_url: String,
        pub endpoint_params: BTreeMap<String, String>,
        pub tls_config: TlsConfig,
        pub @inline proxy: ProxyConfig,
    }
}

impl OAuth2 {
    fn finish_oauth2(&mut self) -> Result<(), String> {
        self.proxy.validate()
    }
}

/// One custom header: literal values, secrets, or files to read.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default, rename = "config.Header")]
pub struct Header {
    pub values: Vec<String>,
    pub secrets: Vec<Secret>,
    pub files: Vec<String>,
}

/// Headers Prometheus sets itself, which `http_headers` may not override.
const RESERVED_HEADERS: [&str; 18] = [
    "Authorization",
    "Host",
    "Content-Encoding",
    "Content-Length",
    "Content-Type",
    "User-Agent",
    "Connection",
    "Keep-Alive",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Www-Authenticate",
    "Accept-Encoding",
    "X-Prometheus-Remote-Write-Version",
    "X-Prometheus-Remote-Read-Version",
    "X-Prometheus-Scrape-Timeout-Seconds",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Amz-Content-Sha256",
];

/// Go's `http.CanonicalHeaderKey`: each dash-separated word capitalised, when the key is a
/// valid token (otherwise unchanged).
pub fn canonical_header_key(key: &str) -> String {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if !key.bytes().all(token) {
        return key.to_string();
    }
    let mut upper = true;
    key.chars()
        .map(|c| {
            let out = if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            upper = c == '-';
            out
        })
        .collect()
}

go_struct! {
    /// Client settings inlined into scrape, discovery and remote configurations.
    pub struct HttpClientConfig: "config.HTTPClientConfig", defaults = go_defaults {
        pub basic_auth: Option<BasicAuth>,
        pub authorization: Option<Authorization>,
        pub oauth2: Option<OAuth2>,
        pub bearer_token: Secret,
        pub bearer_token_file: String,
        pub tls_config: TlsConfig,
        pub @keep follow_redirects: bool,
        pub @keep enable_http2: bool,
        pub @inline proxy: ProxyConfig,
        pub http_headers: Option<BTreeMap<String, Header>>,
    }
}

impl HttpClientConfig {
    /// `config.DefaultHTTPClientConfig`.
    pub fn go_defaults() -> HttpClientConfig {
        HttpClientConfig {
            follow_redirects: true,
            enable_http2: true,
            ..HttpClientConfig::default()
        }
    }

    /// Prometheus's `HTTPClientConfig.Validate`, which also turns `bearer_token(_file)` into
    /// `authorization`.
    pub fn validate(&mut self) -> Result<(), String> {
        let bearer = !self.bearer_token.is_empty() || !self.bearer_token_file.is_empty();
        if !self.bearer_token.is_empty() && !self.bearer_token_file.is_empty() {
            return Err(
                "at most one of bearer_token & bearer_token_file must be configured".into(),
            );
        }
        if (self.basic_auth.is_some() || self.oauth2.is_some()) && bearer {
            return Err(
                "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"
                    .into(),
            );
        }
        if let Some(b) = &self.basic_auth {
            let set = |s: &str| !s.is_empty();
            if count_set(&[
                set(&b.username),
                set(&b.username_file),
                set(&b.username_ref),
            ]) > 1
            {
                return Err(
                    "at most one of basic_auth username, username_file & username_ref must be configured"
                        .into(),
                );
            }
            if count_set(&[
                !b.password.is_empty(),
                set(&b.password_file),
                set(&b.password_ref),
            ]) > 1
            {
                return Err(
                    "at most one of basic_auth password, password_file & password_ref must be configured"
                        .into(),
                );
            }
        }
        if let Some(a) = &mut self.authorization {
            if bearer {
                return Err(
                    "authorization is not compatible with bearer_token & bearer_token_file".into(),
                );
            }
            let set = |s: &str| !s.is_empty();
            if count_set(&[
                !a.credentials.is_empty(),
                set(&a.credentials_file),
                set(&a.credentials_ref),
            ]) > 1
            {
                return Err(
                    "at most one of authorization credentials & credentials_file must be configured"
                        .into(),
                );
            }
            a.kind = a.kind.trim().to_string();
            if a.kind.is_empty() {
                a.kind = "Bearer".into();
            }
            if a.kind.eq_ignore_ascii_case("basic") {
                return Err(
                    r#"authorization type cannot be set to "basic", use "basic_auth" instead"#
                        .into(),
                );
            }
            if self.basic_auth.is_some() || self.oauth2.is_some() {
                return Err(
                    "at most one of basic_auth, oauth2 & authorization must be configured".into(),
                );
            }
        } else if bearer {
            self.authorization = Some(Authorization {
                kind: "Bearer".into(),
                credentials: std::mem::take(&mut self.bearer_token),
                credentials_file: std::mem::take(&mut self.bearer_token_file),
                credentials_ref: String::new(),
            });
        }
        if let Some(o) = &self.oauth2 {
            if self.basic_auth.is_some() {
                return Err(
                    "at most one of basic_auth, oauth2 & authorization must be configured".into(),
                );
            }
            if o.client_id.is_empty() {
                return Err("oauth2 client_id must be configured".into());
            }
            if o.token_url.is_empty() {
                return Err("oauth2 token_url must be configured".into());
            }
            let set = |s: &str| !s.is_empty();
            if o.grant_type == "urn:ietf:params:oauth:grant-type:jwt-bearer" {
                if count_set(&[
                    !o.client_certificate_key.is_empty(),
                    set(&o.client_certificate_key_file),
                    set(&o.client_certificate_key_ref),
                ]) > 1
                {
                    return Err("at most one of oauth2 client_certificate_key, client_certificate_key_file & client_certificate_key_ref must be configured using grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer".into());
                }
                if !o.signature_algorithm.is_empty()
                    && !["RS256", "RS384", "RS512"].contains(&o.signature_algorithm.as_str())
                {
                    return Err("valid signature algorithms are RS256, RS384 and RS512".into());
                }
            } else if count_set(&[
                !o.client_secret.is_empty(),
                set(&o.client_secret_file),
                set(&o.client_secret_ref),
            ]) > 1
            {
                return Err("at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured using grant-type=client_credentials".into());
            }
        }
        self.proxy.validate()?;
        if let Some(headers) = &self.http_headers {
            for name in headers.keys() {
                let canonical = canonical_header_key(name);
                if RESERVED_HEADERS.contains(&canonical.as_str()) {
                    return Err(format!(
                        "setting header {} is not allowed",
                        crate::gostr::quote(&canonical)
                    ));
                }
            }
        }
        Ok(())
    }

    /// Credential and certificate files the settings name, for existence checks.
    pub fn files(&self) -> Vec<&str> {
        let mut out = self.tls_config.files();
        if let Some(a) = &self.authorization {
            out.push(&a.credentials_file);
        }
        out.push(&self.bearer_token_file);
        if let Some(b) = &self.basic_auth {
            out.push(&b.username_file);
            out.push(&b.password_file);
        }
        if let Some(o) = &self.oauth2 {
            out.push(&o.client_secret_file);
            out.push(&o.client_certificate_key_file);
            out.extend(o.tls_config.files());
        }
        out.retain(|f| !f.is_empty());
        out
    }
}

impl HttpClientConfig {
    pub(crate) fn set_directory(&mut self, dir: &Path) {
        self.tls_config.set_directory(dir);
        if let Some(b) = &mut self.basic_auth {
            join_dir(dir, &mut b.username_file);
            join_dir(dir, &mut b.password_file);
        }
        if let Some(a) = &mut self.authorization {
            join_dir(dir, &mut a.credentials_file);
        }
        join_dir(dir, &mut self.bearer_token_file);
        if let Some(o) = &mut self.oauth2 {
            join_dir(dir, &mut o.client_secret_file);
            join_dir(dir, &mut o.client_certificate_key_file);
            o.tls_config.set_directory(dir);
        }
        if let Some(headers) = &mut self.http_headers {
            for h in headers.values_mut() {
                for f in &mut h.files {
                    join_dir(dir, f);
                }
            }
        }
    }
}
