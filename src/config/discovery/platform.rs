//! Discovery through platforms and registries: Consul, DNS, Docker, Docker Swarm, Eureka,
//! HTTP, Kubernetes, Kuma, Marathon, Nerve, Nomad, PuppetDB, Serverset, Triton, Uyuni.

use std::collections::BTreeMap;
use std::path::Path;

use super::super::http::{BasicAuth, HttpClientConfig, ProxyConfig, TlsConfig};
use super::super::join_dir;
use super::super::types::{Secret, Url};
use super::Discoverer;
use crate::duration::PromDuration;
use crate::go_struct;
use crate::gostr::quote;

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;

http_discoverer!(
    ConsulSdConfig,
    DockerSdConfig,
    DockerSwarmSdConfig,
    EurekaSdConfig,
    HttpSdConfig,
    KumaSdConfig,
    NomadSdConfig,
    PuppetdbSdConfig,
    UyuniSdConfig,
);

/// The `url.Parse` checks shared by the HTTP and PuppetDB SDs.
fn check_http_url(raw: &str) -> Result<(), String> {
    if raw.is_empty() {
        return Err("URL is missing".into());
    }
    let url = Url::parse(raw)?;
    if url.scheme != "http" && url.scheme != "https" {
        return Err("URL scheme must be 'http' or 'https'".into());
    }
    if url.host.is_empty() {
        return Err("host is missing in URL".into());
    }
    Ok(())
}

go_struct! {
    /// `consul_sd_configs`.
    pub struct ConsulSdConfig: "consul.plain", defaults = go_defaults, finish = validate {
        pub server: String,
        pub path_prefix: String,
        pub token: Secret,
        pub datacenter: String,
        pub namespace: String,
        pub partition: String,
        pub tag_separator: String,
        pub scheme: String,
        pub username: String,
        pub password: Secret,
        pub allow_stale: bool,
        pub refresh_interval: PromDuration,
        pub services: Vec<String>,
        pub tags: Vec<String>,
        pub node_meta: BTreeMap<String, String>,
        pub filter: String,
        pub health_filter: String,
        pub @inline http: HttpClientConfig,
    }
}

impl ConsulSdConfig {
    fn go_defaults() -> Self {
        ConsulSdConfig {
            server: "localhost:8500".into(),
            tag_separator: ",".into(),
            scheme: "http".into(),
            allow_stale: true,
            refresh_interval: PromDuration(30 * SECOND),
            http: HttpClientConfig::go_defaults(),
            ..ConsulSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.server.trim().is_empty() {
            return Err("consul SD configuration requires a server address".into());
        }
        if !self.username.is_empty() || !self.password.is_empty() {
            if self.http.basic_auth.is_some() {
                return Err("at most one of consul SD configuration username and password and basic auth can be configured".into());
            }
            self.http.basic_auth = Some(BasicAuth {
                username: self.username.clone(),
                password: self.password.clone(),
                ..BasicAuth::default()
            });
        }
        // Before HTTP validation, so a bearer_token is not an authorization yet.
        if !self.token.is_empty()
            && (self.http.authorization.is_some() || self.http.oauth2.is_some())
        {
            return Err(
                "at most one of consul SD token, authorization, or oauth2 can be configured".into(),
            );
        }
        self.http.validate()
    }
}

go_struct! {
    /// `dns_sd_configs`.
    pub struct DnsSdConfig: "dns.plain", defaults = go_defaults, finish = validate {
        pub names: Vec<String>,
        pub refresh_interval: PromDuration,
        pub kind: String as "type",
        pub port: i64,
    }
}

impl DnsSdConfig {
    fn go_defaults() -> Self {
        DnsSdConfig {
            refresh_interval: PromDuration(30 * SECOND),
            kind: "SRV".into(),
            ..DnsSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.names.is_empty() {
            return Err("DNS-SD config must contain at least one SRV record name".into());
        }
        match crate::gostr::to_upper(&self.kind).as_str() {
            "SRV" => Ok(()),
            "A" | "AAAA" | "MX" | "NS" if self.port == 0 => {
                Err("a port is required in DNS-SD configs for all record types except SRV".into())
            }
            "A" | "AAAA" | "MX" | "NS" => Ok(()),
            _ => Err(format!("invalid DNS-SD records type {}", self.kind)),
        }
    }
}

impl Discoverer for DnsSdConfig {}

go_struct! {
    /// A Docker API filter of the Docker and Docker Swarm SDs.
    pub struct MobyFilter: "moby.Filter" {
        pub name: String,
        pub values: Vec<String>,
    }
}

/// The Docker SDs' `host` checks.
fn check_docker_host(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("host missing".into());
    }
    Url::parse(host).map(|_| ())
}

go_struct! {
    /// `docker_sd_configs`.
    pub struct DockerSdConfig: "moby.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub host: String,
        pub port: i64,
        pub filters: Vec<MobyFilter>,
        pub host_networking_host: String,
        pub refresh_interval: PromDuration,
        pub match_first_network: bool,
    }
}

impl DockerSdConfig {
    fn go_defaults() -> Self {
        DockerSdConfig {
            http: HttpClientConfig::go_defaults(),
            port: 80,
            host_networking_host: "localhost".into(),
            refresh_interval: PromDuration(MINUTE),
            match_first_network: true,
            ..DockerSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        check_docker_host(&self.host)?;
        self.http.validate()
    }
}

go_struct! {
    /// `dockerswarm_sd_configs`.
    pub struct DockerSwarmSdConfig: "moby.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub host: String,
        pub role: String,
        pub port: i64,
        pub filters: Vec<MobyFilter>,
        pub refresh_interval: PromDuration,
    }
}

impl DockerSwarmSdConfig {
    fn go_defaults() -> Self {
        DockerSwarmSdConfig {
            http: HttpClientConfig::go_defaults(),
            port: 80,
            refresh_interval: PromDuration(MINUTE),
            ..DockerSwarmSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        check_docker_host(&self.host)?;
        match self.role.as_str() {
            "services" | "nodes" | "tasks" => {}
            "" => return Err("role missing (one of: tasks, services, nodes)".into()),
            r => {
                return Err(format!(
                    "invalid role {r}, expected tasks, services, or nodes"
                ))
            }
        }
        self.http.validate()
    }
}

go_struct! {
    /// `eureka_sd_configs`.
    pub struct EurekaSdConfig: "eureka.plain", defaults = go_defaults, finish = validate {
        pub server: String,
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
    }
}

impl EurekaSdConfig {
    fn go_defaults() -> Self {
        EurekaSdConfig {
            http: HttpClientConfig::go_defaults(),
            refresh_interval: PromDuration(30 * SECOND),
            ..EurekaSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.server.is_empty() {
            return Err("eureka_sd: empty or null eureka server".into());
        }
        let url = Url::parse(&self.server)?;
        if url.scheme.is_empty() || url.host.is_empty() {
            return Err("eureka_sd: invalid eureka server URL".into());
        }
        self.http.validate()
    }
}

go_struct! {
    /// `http_sd_configs`.
    pub struct HttpSdConfig: "http.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub url: String,
    }
}

impl HttpSdConfig {
    fn go_defaults() -> Self {
        HttpSdConfig {
            http: HttpClientConfig::go_defaults(),
            refresh_interval: PromDuration(MINUTE),
            ..HttpSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        check_http_url(&self.url)?;
        self.http.validate()
    }
}

/// A Kubernetes SD role (`kubernetes.Role`); empty when absent or null.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KubernetesRole(pub String);

impl crate::config::print::ToGo for KubernetesRole {
    fn to_go(&self) -> crate::config::print::GoValue {
        crate::config::print::GoValue::Str(self.0.clone())
    }
}

impl<'de> serde::Deserialize<'de> for KubernetesRole {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Null is Go's zero value: the custom unmarshaler does not run.
        let Some(s) = Option::<String>::deserialize(d)? else {
            return Ok(KubernetesRole::default());
        };
        match s.as_str() {
            "node" | "pod" | "service" | "endpoints" | "endpointslice" | "ingress" => {
                Ok(KubernetesRole(s))
            }
            _ => Err(serde::de::Error::custom(format!(
                "unknown Kubernetes SD role {}",
                quote(&s)
            ))),
        }
    }
}

go_struct! {
    /// `namespaces` of a Kubernetes SD; Go decodes it through its own `plain` type.
    pub struct NamespaceDiscovery: "kubernetes.plain" {
        pub own_namespace: bool,
        pub names: Vec<String>,
    }
}

go_struct! {
    /// One entry of a Kubernetes SD's `selectors`.
    pub struct SelectorConfig: "kubernetes.SelectorConfig" {
        pub role: KubernetesRole,
        pub label: String,
        pub field: String,
    }
}

go_struct! {
    /// Pod metadata switches, inlined into `attach_metadata`.
    pub struct PodMetadataConfig: "kubernetes.PodMetadataConfig" {
        pub deployment: bool,
        pub job: bool,
        pub cronjob: bool,
    }
}

go_struct! {
    /// `attach_metadata` of a Kubernetes SD.
    pub struct AttachMetadataConfig: "kubernetes.AttachMetadataConfig" {
        pub node: bool,
        pub namespace: bool,
        pub @inline pod: PodMetadataConfig,
    }
}

go_struct! {
    /// `kubernetes_sd_configs`.
    pub struct KubernetesSdConfig: "kubernetes.plain", defaults = go_defaults, finish = validate {
        pub api_server: Option<Url>,
        pub role: KubernetesRole,
        pub kubeconfig_file: String,
        pub @inline http: HttpClientConfig,
        pub namespaces: NamespaceDiscovery,
        pub selectors: Vec<SelectorConfig>,
        pub attach_metadata: AttachMetadataConfig,
    }
}

/// Whether the settings equal `config.DefaultHTTPClientConfig` (Go's `reflect.DeepEqual`).
/// An empty `proxy_connect_header` counts as default: nil and empty maps are not told apart.
fn is_default_http(h: &HttpClientConfig) -> bool {
    let HttpClientConfig {
        basic_auth,
        authorization,
        oauth2,
        bearer_token,
        bearer_token_file,
        tls_config,
        follow_redirects,
        enable_http2,
        proxy,
        http_headers,
    } = h;
    let TlsConfig {
        ca,
        cert,
        key,
        ca_file,
        cert_file,
        key_file,
        ca_ref,
        cert_ref,
        key_ref,
        server_name,
        insecure_skip_verify,
        min_version,
        max_version,
    } = tls_config;
    let ProxyConfig {
        proxy_url,
        no_proxy,
        proxy_from_environment,
        proxy_connect_header,
    } = proxy;
    let tls_default = [
        ca,
        cert,
        ca_file,
        cert_file,
        key_file,
        ca_ref,
        cert_ref,
        key_ref,
        server_name,
    ]
    .iter()
    .all(|s| s.is_empty())
        && key.is_empty()
        && !insecure_skip_verify
        && min_version.0.is_empty()
        && max_version.0.is_empty();
    basic_auth.is_none()
        && authorization.is_none()
        && oauth2.is_none()
        && bearer_token.is_empty()
        && bearer_token_file.is_empty()
        && tls_default
        && *follow_redirects
        && *enable_http2
        && proxy_url.is_none()
        && no_proxy.is_empty()
        && !proxy_from_environment
        && proxy_connect_header.is_empty()
        && http_headers.is_none()
}

impl KubernetesSdConfig {
    fn go_defaults() -> Self {
        KubernetesSdConfig {
            http: HttpClientConfig::go_defaults(),
            ..KubernetesSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.role.0.is_empty() {
            return Err(
                "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)"
                    .into(),
            );
        }
        self.http.validate()?;
        let kubeconfig = !self.kubeconfig_file.is_empty();
        let api_server = self.api_server.is_some();
        if api_server && kubeconfig {
            return Err("cannot use 'kubeconfig_file' and 'api_server' simultaneously".into());
        }
        // Compared after Validate's rewrites, as Prometheus does.
        let default_http = is_default_http(&self.http);
        if kubeconfig && !default_http {
            return Err(
                "cannot use a custom HTTP client configuration together with 'kubeconfig_file'"
                    .into(),
            );
        }
        if !api_server && !default_http {
            return Err("to use custom HTTP client configuration please provide the 'api_server' URL explicitly".into());
        }
        if api_server && self.namespaces.own_namespace {
            return Err(
                "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously".into(),
            );
        }
        if kubeconfig && self.namespaces.own_namespace {
            return Err(
                "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously".into(),
            );
        }
        let role = self.role.0.as_str();
        let allowed: &[&str] = match role {
            "pod" => &["pod", "node"],
            "service" => &["service"],
            "endpointslice" => &["pod", "service", "endpointslice"],
            "endpoints" => &["pod", "service", "endpoints"],
            "node" => &["node"],
            "ingress" => &["ingress"],
            _ => {
                return Err(format!(
                    "invalid role: {}, expecting one of: pod, service, endpoints, endpointslice, node or ingress",
                    quote(role)
                ))
            }
        };
        let mut seen: Vec<&str> = Vec::new();
        for selector in &self.selectors {
            let sel_role = selector.role.0.as_str();
            if seen.contains(&sel_role) {
                return Err(format!("duplicated selector role: {sel_role}"));
            }
            seen.push(sel_role);
            if !allowed.contains(&sel_role) {
                return Err(format!(
                    "{role} role supports only {} selectors",
                    allowed.join(", ")
                ));
            }
            parse_field_selector(&selector.field)?;
            parse_label_selector(&selector.label)?;
        }
        Ok(())
    }
}

impl Discoverer for KubernetesSdConfig {
    fn http(&mut self) -> Option<&mut HttpClientConfig> {
        Some(&mut self.http)
    }

    fn set_directory(&mut self, dir: &Path) {
        join_dir(dir, &mut self.kubeconfig_file);
    }
}

/// k8s `fields.ParseSelector`, for its errors only.
fn parse_field_selector(selector: &str) -> Result<(), String> {
    if selector.is_empty() {
        return Ok(());
    }
    // Split on commas not escaped by a backslash; the backslash stays in the term.
    let mut terms = Vec::new();
    let mut start = 0;
    let mut in_slash = false;
    for (i, c) in selector.char_indices() {
        if in_slash {
            in_slash = false;
        } else if c == '\\' {
            in_slash = true;
        } else if c == ',' {
            terms.push(&selector[start..i]);
            start = i + 1;
        }
    }
    terms.push(&selector[start..]);
    terms.sort_unstable();
    for term in terms.into_iter().filter(|t| !t.is_empty()) {
        let rhs = term.char_indices().find_map(|(i, _)| {
            let rest = &term[i..];
            ["!=", "==", "="]
                .iter()
                .find(|op| rest.starts_with(**op))
                .map(|op| &rest[op.len()..])
        });
        let Some(rhs) = rhs else {
            return Err(format!(
                "invalid selector: '{selector}'; can't understand '{term}'"
            ));
        };
        unescape_field_value(rhs)?;
    }
    Ok(())
}

/// k8s `fields.UnescapeValue`, for its errors only.
fn unescape_field_value(s: &str) -> Result<(), String> {
    let mut in_slash = false;
    for c in s.chars() {
        if in_slash {
            if !matches!(c, '\\' | ',' | '=') {
                return Err(format!(
                    "invalid field selector: invalid escape sequence: \\{c}"
                ));
            }
            in_slash = false;
        } else if c == '\\' {
            in_slash = true;
        } else if c == ',' || c == '=' {
            // Go prints the rune with %v, i.e. its number.
            return Err(format!(
                "invalid field selector: unescaped character in value: {}",
                c as u32
            ));
        }
    }
    if in_slash {
        return Err("invalid field selector: invalid escape sequence: \\".into());
    }
    Ok(())
}

/// Tokens of the k8s label selector lexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Eos,
    Ident,
    In,
    NotIn,
    OpenPar,
    ClosedPar,
    Comma,
    DoesNotExist,
    Equals,
    DoubleEquals,
    NotEquals,
    Gt,
    Lt,
}

/// k8s `labels.Lexer` over bytes; a NUL byte reads as the end of input, as in Go.
fn lex_label_selector(s: &str) -> Vec<(Tok, String)> {
    let b = s.as_bytes();
    let special = |c: u8| matches!(c, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<');
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let mut pos = 0;
    let mut out = Vec::new();
    loop {
        while pos < b.len() && space(b[pos]) {
            pos += 1;
        }
        if pos >= b.len() || b[pos] == 0 {
            out.push((Tok::Eos, String::new()));
            return out;
        }
        if special(b[pos]) {
            // Every single symbol is a token, so only `!=` and `==` are longer.
            let two = b.get(pos..pos + 2);
            let (tok, len) = match two {
                Some(b"!=") => (Tok::NotEquals, 2),
                Some(b"==") => (Tok::DoubleEquals, 2),
                _ => match b[pos] {
                    b'=' => (Tok::Equals, 1),
                    b'!' => (Tok::DoesNotExist, 1),
                    b'(' => (Tok::OpenPar, 1),
                    b')' => (Tok::ClosedPar, 1),
                    b',' => (Tok::Comma, 1),
                    b'>' => (Tok::Gt, 1),
                    _ => (Tok::Lt, 1),
                },
            };
            out.push((
                tok,
                String::from_utf8_lossy(&b[pos..pos + len]).into_owned(),
            ));
            pos += len;
            continue;
        }
        let start = pos;
        while pos < b.len() && b[pos] != 0 && !special(b[pos]) && !space(b[pos]) {
            pos += 1;
        }
        let word = String::from_utf8_lossy(&b[start..pos]).into_owned();
        if pos < b.len() && b[pos] == 0 {
            // Go consumes the NUL that ends a word.
            pos += 1;
        }
        let tok = match word.as_str() {
            "in" => Tok::In,
            "notin" => Tok::NotIn,
            _ => Tok::Ident,
        };
        out.push((tok, word));
    }
}

/// Label selector operators that take values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelOp {
    Set,
    Exact,
    Compare,
}

/// k8s `labels.Parser`, for its errors only.
struct LabelParser {
    items: Vec<(Tok, String)>,
    pos: usize,
}

impl LabelParser {
    fn peek_raw(&self) -> (Tok, &str) {
        self.items
            .get(self.pos)
            .map_or((Tok::Eos, ""), |(t, l)| (*t, l.as_str()))
    }

    /// The next token where `in` and `notin` are identifiers.
    fn lookahead(&self) -> (Tok, String) {
        let (t, l) = self.peek_raw();
        (values_context(t), l.to_string())
    }

    fn consume_raw(&mut self) -> (Tok, String) {
        let (t, l) = self.peek_raw();
        let out = (t, l.to_string());
        self.pos += 1;
        out
    }

    fn consume(&mut self) -> (Tok, String) {
        let (t, l) = self.consume_raw();
        (values_context(t), l)
    }

    fn parse(&mut self) -> Result<(), String> {
        loop {
            let (tok, lit) = self.lookahead();
            match tok {
                Tok::Ident | Tok::DoesNotExist => {
                    self.parse_requirement()
                        .map_err(|e| format!("unable to parse requirement: {e}"))?;
                    let (t, l) = self.consume();
                    match t {
                        Tok::Eos => return Ok(()),
                        Tok::Comma => {
                            let (t2, l2) = self.lookahead();
                            if t2 != Tok::Ident && t2 != Tok::DoesNotExist {
                                return Err(format!(
                                    "found '{l2}', expected: identifier after ','"
                                ));
                            }
                        }
                        _ => return Err(format!("found '{l}', expected: ',' or 'end of string'")),
                    }
                }
                Tok::Eos => return Ok(()),
                _ => {
                    return Err(format!(
                        "found '{lit}', expected: !, identifier, or 'end of string'"
                    ))
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<(), String> {
        let (mut tok, mut key) = self.consume();
        let not = tok == Tok::DoesNotExist;
        if not {
            (tok, key) = self.consume();
        }
        if tok != Tok::Ident {
            return Err(format!("found '{key}', expected: identifier"));
        }
        let key_errs = label_key_errors(&key);
        if !key_errs.is_empty() {
            return Err(format!(
                "<nil>: Invalid value: {}: {}",
                quote(&key),
                key_errs.join("; ")
            ));
        }
        let (next, _) = self.lookahead();
        if not || next == Tok::Eos || next == Tok::Comma {
            return Ok(());
        }
        let (op_tok, op_lit) = self.consume_raw();
        let op = match op_tok {
            Tok::In | Tok::NotIn => LabelOp::Set,
            Tok::Equals | Tok::DoubleEquals | Tok::NotEquals => LabelOp::Exact,
            Tok::Gt | Tok::Lt => LabelOp::Compare,
            _ => {
                return Err(format!(
                    "found '{op_lit}', expected: in, notin, =, ==, !=, gt, lt"
                ))
            }
        };
        let values = if op == LabelOp::Set {
            self.parse_values()?
        } else {
            self.parse_exact_value()?
        };
        requirement_errors(&key, op, &values)
    }

    fn parse_values(&mut self) -> Result<Vec<String>, String> {
        let (tok, lit) = self.consume();
        if tok != Tok::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.lookahead();
        match tok {
            Tok::Ident | Tok::Comma => {
                let values = self.parse_identifiers_list()?;
                if self.consume().0 != Tok::ClosedPar {
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(values)
            }
            Tok::ClosedPar => {
                self.consume();
                Ok(vec![String::new()])
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<Vec<String>, String> {
        let mut set: Vec<String> = Vec::new();
        let insert = |set: &mut Vec<String>, v: String| {
            if !set.contains(&v) {
                set.push(v);
            }
        };
        loop {
            let (tok, lit) = self.consume();
            match tok {
                Tok::Ident => {
                    insert(&mut set, lit);
                    let (t2, l2) = self.lookahead();
                    match t2 {
                        Tok::Comma => continue,
                        Tok::ClosedPar => return Ok(set),
                        _ => return Err(format!("found '{l2}', expected: ',' or ')'")),
                    }
                }
                Tok::Comma => {
                    if set.is_empty() {
                        insert(&mut set, String::new());
                    }
                    let (t2, _) = self.lookahead();
                    if t2 == Tok::ClosedPar {
                        insert(&mut set, String::new());
                        return Ok(set);
                    }
                    if t2 == Tok::Comma {
                        self.consume();
                        insert(&mut set, String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<Vec<String>, String> {
        let (tok, _) = self.lookahead();
        if tok == Tok::Eos || tok == Tok::Comma {
            return Ok(vec![String::new()]);
        }
        let (tok, lit) = self.consume();
        if tok == Tok::Ident {
            return Ok(vec![lit]);
        }
        Err(format!("found '{lit}', expected: identifier"))
    }
}

fn values_context(t: Tok) -> Tok {
    match t {
        Tok::In | Tok::NotIn => Tok::Ident,
        t => t,
    }
}

/// k8s `labels.Parse`, for its errors only.
fn parse_label_selector(selector: &str) -> Result<(), String> {
    LabelParser {
        items: lex_label_selector(selector),
        pos: 0,
    }
    .parse()
}

/// k8s `NewRequirement`'s value checks, joined as a k8s aggregate error.
fn requirement_errors(key: &str, op: LabelOp, values: &[String]) -> Result<(), String> {
    let mut values = values.to_vec();
    // Go passes the set's sorted list.
    values.sort_unstable();
    let mut errs: Vec<String> = Vec::new();
    if op == LabelOp::Compare {
        for (i, v) in values.iter().enumerate() {
            if v.parse::<i64>().is_err() {
                errs.push(format!(
                    "values[{i}]: Invalid value: {}: for 'Gt', 'Lt' operators, the value must be an integer",
                    quote(v)
                ));
            }
        }
    }
    for (i, v) in values.iter().enumerate() {
        let msgs = label_value_errors(v);
        if !msgs.is_empty() {
            errs.push(format!(
                "values[{i}][{key}]: Invalid value: {}: {}",
                quote(v),
                msgs.join("; ")
            ));
        }
    }
    let mut unique: Vec<String> = Vec::new();
    for e in errs {
        if !unique.contains(&e) {
            unique.push(e);
        }
    }
    match unique.len() {
        0 => Ok(()),
        1 => Err(unique.remove(0)),
        _ => Err(format!("[{}]", unique.join(", "))),
    }
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, anchored.
fn is_qualified_name(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`, anchored.
fn is_dns1123_subdomain(s: &str) -> bool {
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    s.split('.').all(|label| {
        let b = label.as_bytes();
        match (b.first(), b.last()) {
            (Some(f), Some(l)) => alnum(f) && alnum(l) && b.iter().all(|c| alnum(c) || *c == b'-'),
            _ => false,
        }
    })
}

const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/// k8s `IsLabelKey` messages.
fn label_key_errors(key: &str) -> Vec<String> {
    let parts: Vec<&str> = key.split('/').collect();
    let mut errs = Vec::new();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                if prefix.len() > 253 {
                    errs.push("prefix part must be no more than 253 bytes".to_string());
                }
                if !is_dns1123_subdomain(prefix) {
                    errs.push("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')".to_string());
                }
            }
            *name
        }
        _ => {
            return vec![format!(
                "a valid label key {QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            )]
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 bytes".to_string());
    }
    if !is_qualified_name(name) {
        errs.push(format!("name part {QUALIFIED_NAME_MSG}"));
    }
    errs
}

/// k8s `IsValidLabelValue` messages.
fn label_value_errors(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push("must be no more than 63 bytes".to_string());
    }
    if !v.is_empty() && !is_qualified_name(v) {
        errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_string());
    }
    errs
}

go_struct! {
    /// `kuma_sd_configs`.
    pub struct KumaSdConfig: "xds.plainKumaConf", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub fetch_timeout: PromDuration,
        pub server: String,
        pub client_id: String,
    }
}

impl KumaSdConfig {
    fn go_defaults() -> Self {
        KumaSdConfig {
            http: HttpClientConfig::go_defaults(),
            refresh_interval: PromDuration(15 * SECOND),
            fetch_timeout: PromDuration(2 * MINUTE),
            ..KumaSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.server.is_empty() {
            return Err("kuma SD server must not be empty: ".into());
        }
        let url = Url::parse(&self.server)?;
        if url.scheme.is_empty() || url.host.is_empty() {
            return Err(format!(
                "kuma SD server must not be empty and have a scheme: {}",
                self.server
            ));
        }
        self.http.validate()
    }
}

go_struct! {
    /// `marathon_sd_configs`.
    pub struct MarathonSdConfig: "marathon.plain", defaults = go_defaults, finish = validate {
        pub servers: Vec<String>,
        pub refresh_interval: PromDuration,
        pub auth_token: Secret,
        pub auth_token_file: String,
        pub @inline http: HttpClientConfig,
    }
}

impl MarathonSdConfig {
    fn go_defaults() -> Self {
        MarathonSdConfig {
            refresh_interval: PromDuration(30 * SECOND),
            http: HttpClientConfig::go_defaults(),
            ..MarathonSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.servers.is_empty() {
            return Err("marathon_sd: must contain at least one Marathon server".into());
        }
        let token = !self.auth_token.is_empty();
        let token_file = !self.auth_token_file.is_empty();
        if token && token_file {
            return Err(
                "marathon_sd: at most one of auth_token & auth_token_file must be configured"
                    .into(),
            );
        }
        if token || token_file {
            let h = &self.http;
            if h.basic_auth.is_some() {
                return Err("marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured".into());
            }
            if !h.bearer_token.is_empty() || !h.bearer_token_file.is_empty() {
                return Err("marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured".into());
            }
            if h.authorization.is_some() {
                return Err("marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured".into());
            }
        }
        self.http.validate()
    }
}

impl Discoverer for MarathonSdConfig {
    fn http(&mut self) -> Option<&mut HttpClientConfig> {
        Some(&mut self.http)
    }

    fn set_directory(&mut self, dir: &Path) {
        join_dir(dir, &mut self.auth_token_file);
    }
}

/// The Zookeeper SDs' checks; `kind` names the SD in messages.
fn check_zookeeper(kind: &str, servers: &[String], paths: &[String]) -> Result<(), String> {
    if servers.is_empty() {
        return Err(format!(
            "{kind} SD config must contain at least one Zookeeper server"
        ));
    }
    if paths.is_empty() {
        return Err(format!("{kind} SD config must contain at least one path"));
    }
    if let Some(p) = paths.iter().find(|p| !p.starts_with('/')) {
        return Err(format!("{kind} SD config paths must begin with '/': {p}"));
    }
    Ok(())
}

go_struct! {
    /// `nerve_sd_configs`.
    pub struct NerveSdConfig: "zookeeper.plain", defaults = go_defaults, finish = validate {
        pub servers: Vec<String>,
        pub paths: Vec<String>,
        pub timeout: PromDuration,
    }
}

impl NerveSdConfig {
    fn go_defaults() -> Self {
        NerveSdConfig {
            timeout: PromDuration(10 * SECOND),
            ..NerveSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        check_zookeeper("nerve", &self.servers, &self.paths)
    }
}

impl Discoverer for NerveSdConfig {}

go_struct! {
    /// `nomad_sd_configs`.
    pub struct NomadSdConfig: "nomad.plain", defaults = go_defaults, finish = validate {
        pub allow_stale: bool,
        pub @inline http: HttpClientConfig,
        pub namespace: String,
        pub refresh_interval: PromDuration,
        pub region: String,
        pub server: String,
        pub tag_separator: String,
    }
}

impl NomadSdConfig {
    fn go_defaults() -> Self {
        NomadSdConfig {
            allow_stale: true,
            http: HttpClientConfig::go_defaults(),
            namespace: "default".into(),
            refresh_interval: PromDuration(MINUTE),
            region: "global".into(),
            server: "http://localhost:4646".into(),
            tag_separator: ",".into(),
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.server.trim().is_empty() {
            return Err("nomad SD configuration requires a server address".into());
        }
        self.http.validate()
    }
}

go_struct! {
    /// `puppetdb_sd_configs`.
    pub struct PuppetdbSdConfig: "puppetdb.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub url: String,
        pub query: String,
        pub include_parameters: bool,
        pub port: i64,
    }
}

impl PuppetdbSdConfig {
    fn go_defaults() -> Self {
        PuppetdbSdConfig {
            http: HttpClientConfig::go_defaults(),
            refresh_interval: PromDuration(MINUTE),
            port: 80,
            ..PuppetdbSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        check_http_url(&self.url)?;
        if self.query.is_empty() {
            return Err("query missing".into());
        }
        self.http.validate()
    }
}

go_struct! {
    /// `serverset_sd_configs`.
    pub struct ServersetSdConfig: "zookeeper.plain", defaults = go_defaults, finish = validate {
        pub servers: Vec<String>,
        pub paths: Vec<String>,
        pub timeout: PromDuration,
    }
}

impl ServersetSdConfig {
    fn go_defaults() -> Self {
        ServersetSdConfig {
            timeout: PromDuration(10 * SECOND),
            ..ServersetSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        check_zookeeper("serverset", &self.servers, &self.paths)
    }
}

impl Discoverer for ServersetSdConfig {}

go_struct! {
    /// `triton_sd_configs`.
    pub struct TritonSdConfig: "triton.plain", defaults = go_defaults, finish = validate {
        pub account: String,
        pub role: String,
        pub dns_suffix: String,
        pub endpoint: String,
        pub groups: Vec<String>,
        pub port: i64,
        pub refresh_interval: PromDuration,
        pub tls_config: TlsConfig,
        pub version: i64,
    }
}

impl TritonSdConfig {
    fn go_defaults() -> Self {
        TritonSdConfig {
            role: "container".into(),
            port: 9163,
            refresh_interval: PromDuration(MINUTE),
            version: 1,
            ..TritonSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.role != "container" && self.role != "cn" {
            return Err("triton SD configuration requires role to be 'container' or 'cn'".into());
        }
        if self.account.is_empty() {
            return Err("triton SD configuration requires an account".into());
        }
        if self.dns_suffix.is_empty() {
            return Err("triton SD configuration requires a dns_suffix".into());
        }
        if self.endpoint.is_empty() {
            return Err("triton SD configuration requires an endpoint".into());
        }
        if self.refresh_interval.0 <= 0 {
            return Err(
                "triton SD configuration requires RefreshInterval to be a positive integer".into(),
            );
        }
        Ok(())
    }
}

impl Discoverer for TritonSdConfig {
    fn set_directory(&mut self, dir: &Path) {
        self.tls_config.set_directory(dir);
    }
}

go_struct! {
    /// `uyuni_sd_configs`.
    pub struct UyuniSdConfig: "uyuni.plain", defaults = go_defaults, finish = validate {
        pub server: String,
        pub username: String,
        pub password: Secret,
        pub @inline http: HttpClientConfig,
        pub entitlement: String,
        pub separator: String,
        pub refresh_interval: PromDuration,
    }
}

impl UyuniSdConfig {
    fn go_defaults() -> Self {
        UyuniSdConfig {
            http: HttpClientConfig::go_defaults(),
            entitlement: "monitoring_entitled".into(),
            separator: ",".into(),
            refresh_interval: PromDuration(MINUTE),
            ..UyuniSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.server.is_empty() {
            return Err("Uyuni SD configuration requires server host".into());
        }
        if let Err(e) = Url::parse(&self.server) {
            return Err(format!("Uyuni Server URL is not valid: {e}"));
        }
        if self.username.is_empty() {
            return Err("Uyuni SD configuration requires a username".into());
        }
        if self.password.is_empty() {
            return Err("Uyuni SD configuration requires a password".into());
        }
        self.http.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode<T: serde::de::DeserializeOwned>(src: &str) -> Result<T, String> {
        crate::yaml::from_str::<T>(
            src,
            crate::yaml::Options {
                go_yaml_v2: true,
                ..Default::default()
            },
        )
        .map(|(v, _)| v)
        .map_err(|e| e.to_string())
    }

    fn k8s_err(src: &str) -> String {
        decode::<KubernetesSdConfig>(src).expect_err("should fail")
    }

    #[test]
    fn defaults_apply_to_absent_keys() {
        let c: ConsulSdConfig = decode("services: [a]\n").unwrap();
        assert_eq!(c.server, "localhost:8500");
        assert_eq!(c.refresh_interval, PromDuration(30 * SECOND));
        assert!(c.allow_stale && c.http.follow_redirects && c.http.enable_http2);
        let n: NomadSdConfig = decode("{}").unwrap();
        assert_eq!(n.server, "http://localhost:4646");
        let d: DnsSdConfig = decode("names: [x]\n").unwrap();
        assert_eq!(d.kind, "SRV");
        let t: TritonSdConfig = decode("account: a\ndns_suffix: b\nendpoint: c\n").unwrap();
        assert_eq!((t.role.as_str(), t.port, t.version), ("container", 9163, 1));
    }

    #[test]
    fn consul_username_becomes_basic_auth() {
        let c: ConsulSdConfig = decode("username: u\npassword: p\n").unwrap();
        let b = c.http.basic_auth.expect("basic auth");
        assert_eq!((b.username.as_str(), b.password.0.as_str()), ("u", "p"));
        let e = decode::<ConsulSdConfig>("username: u\nbearer_token: t\n").unwrap_err();
        assert!(
            e.contains("at most one of basic_auth, oauth2, bearer_token"),
            "{e}"
        );
    }

    #[test]
    fn simple_sd_messages() {
        let e = decode::<DnsSdConfig>("names: [x]\ntype: a\n").unwrap_err();
        assert!(e.contains("a port is required in DNS-SD configs"), "{e}");
        let e = decode::<DnsSdConfig>("names: [x]\ntype: TXT\n").unwrap_err();
        assert!(e.contains("invalid DNS-SD records type TXT"), "{e}");
        let e = decode::<DockerSwarmSdConfig>("host: unix:///x\nrole: foo\n").unwrap_err();
        assert!(
            e.contains("invalid role foo, expected tasks, services, or nodes"),
            "{e}"
        );
        let e = decode::<KumaSdConfig>("{}").unwrap_err();
        assert!(e.contains("kuma SD server must not be empty: "), "{e}");
        let e = decode::<NerveSdConfig>("servers: [a]\npaths: [x]\n").unwrap_err();
        assert!(
            e.contains("nerve SD config paths must begin with '/': x"),
            "{e}"
        );
        let e = decode::<UyuniSdConfig>("server: ':x'\n").unwrap_err();
        assert!(
            e.contains("Uyuni Server URL is not valid: parse \":x\""),
            "{e}"
        );
        let e = decode::<TritonSdConfig>(
            "account: a\ndns_suffix: b\nendpoint: c\nrefresh_interval: 0s\n",
        )
        .unwrap_err();
        assert!(
            e.contains("RefreshInterval to be a positive integer"),
            "{e}"
        );
    }

    #[test]
    fn kubernetes_role_and_http_rules() {
        assert!(k8s_err("{}").contains("role missing (one of: pod,"));
        assert!(k8s_err("role: \"\"\n").contains("unknown Kubernetes SD role \"\""));
        assert!(k8s_err("role: pod\nbasic_auth: {}\n")
            .contains("please provide the 'api_server' URL explicitly"));
        // An explicit empty api_server counts as set.
        decode::<KubernetesSdConfig>("role: pod\napi_server: ''\nbearer_token: x\n").unwrap();
        decode::<KubernetesSdConfig>("role: pod\nkubeconfig_file: k\ntls_config: {}\n").unwrap();
        assert!(k8s_err("role: pod\nkubeconfig_file: k\nbearer_token: x\n")
            .contains("custom HTTP client configuration together with 'kubeconfig_file'"));
        assert!(k8s_err("role: pod\nnamespaces: {foo: 1}\n")
            .contains("field foo not found in type kubernetes.plain"));
    }

    #[test]
    fn kubernetes_selector_messages() {
        let sel = |s: &str| k8s_err(&format!("role: pod\nselectors:\n- role: pod\n  {s}\n"));
        assert!(sel("field: a").contains("invalid selector: 'a'; can't understand 'a'"));
        assert!(sel("field: a=b=c").contains("unescaped character in value: 61"));
        assert!(sel("field: 'a=\\n'").contains("invalid escape sequence: \\n"));
        assert!(sel("label: app in (a b)")
            .contains("unable to parse requirement: found 'b', expected: ',' or ')'"));
        assert!(sel("label: 'a,'").contains("found '', expected: identifier after ','"));
        assert!(sel("label: '!a=b'").contains("found '=', expected: ',' or 'end of string'"));
        assert!(sel("label: a > b").contains(
            "values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer"
        ));
        assert!(sel("label: '/a'").contains(
            "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty"
        ));
        assert!(sel("label: 'a=-b'").contains("values[0][a]: Invalid value: \"-b\""));
        let ok = "role: endpoints\nselectors:\n- role: pod\n  label: 'in in (notin), !x, y==z'\n  field: 'a=b\\,c,d!=e'\n";
        decode::<KubernetesSdConfig>(ok).unwrap();
        let dup = k8s_err("role: pod\nselectors:\n- role: pod\n- role: pod\n");
        assert!(dup.contains("duplicated selector role: pod"), "{dup}");
        let bad = k8s_err("role: node\nselectors:\n- role: pod\n");
        assert!(
            bad.contains("node role supports only node selectors"),
            "{bad}"
        );
    }

    #[test]
    fn marathon_token_conflicts() {
        let e = decode::<MarathonSdConfig>("servers: [a]\nauth_token: t\nbearer_token: b\n")
            .unwrap_err();
        assert!(
            e.contains("at most one of bearer_token, bearer_token_file, auth_token"),
            "{e}"
        );
        decode::<MarathonSdConfig>(
            "servers: [a]\nauth_token: t\noauth2: {client_id: a, token_url: b}\n",
        )
        .unwrap();
    }
}
