//! Web configuration files of Prometheus and the exporters (prometheus/exporter-toolkit's
//! `web.Config`): TLS server settings, HTTP server settings, rate limiting and basic auth
//! users, validated as `web.Validate` does (exporter-toolkit v0.17, the version Prometheus
//! builds with, on Go 1.25's crypto/tls), with the same messages.
//!
//! Certificates and keys are checked without a TLS library: PEM blocks as Go's
//! `encoding/pem` finds them and the DER structure of the certificate and private key down
//! to the public key (see [`key_pair`] for what is left out).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use super::http::TlsVersion;
use super::types::Secret;
use super::{go_dir, go_join_dir};
use crate::diag::Span;
use crate::go_struct;
use crate::gostr::quote;
use crate::yaml::{self, Node, NodeKind, Pairs};

/// Cipher suite names `tls.CipherSuites()` returns in Go 1.22 and later: TLS 1.3 suites and
/// the ECDHE ones. Go 1.22 moved the RSA key exchange suites to `InsecureCipherSuites`, so
/// `TLS_RSA_WITH_*` is unknown here (promtool builds on older Go accept it).
const CIPHER_SUITES: [&str; 13] = [
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
];

/// exporter-toolkit's `curves` map.
const CURVES: [&str; 4] = ["CurveP256", "CurveP384", "CurveP521", "X25519"];

/// `client_auth_type` values `ConfigToTLSConfig` knows (`RequireClientCert` is kept for
/// backwards compatibility); empty means `NoClientCert`.
const CLIENT_AUTH_TYPES: [&str; 7] = [
    "",
    "NoClientCert",
    "RequestClientCert",
    "RequireAnyClientCert",
    "RequireClientCert",
    "VerifyClientCertIfGiven",
    "RequireAndVerifyClientCert",
];

/// exporter-toolkit's `extraHTTPHeaders`: the headers that may be set, with the values
/// allowed where the header is an enumeration (empty: any value).
const EXTRA_HTTP_HEADERS: [(&str, &[&str]); 5] = [
    ("Strict-Transport-Security", &[]),
    ("X-Content-Type-Options", &["nosniff"]),
    ("X-Frame-Options", &["deny", "sameorigin"]),
    ("X-XSS-Protection", &[]),
    ("Content-Security-Policy", &[]),
];

/// A cipher suite by its Go name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cipher(pub String);

impl crate::config::print::ToGo for Cipher {
    fn to_go(&self) -> crate::config::print::GoValue {
        crate::config::print::GoValue::Str(self.0.clone())
    }
}

impl crate::config::print::ToGo for Curve {
    fn to_go(&self) -> crate::config::print::GoValue {
        crate::config::print::GoValue::Str(self.0.clone())
    }
}

impl crate::config::print::ToGo for GoInt {
    fn to_go(&self) -> crate::config::print::GoValue {
        crate::config::print::GoValue::Int(self.0)
    }
}

impl crate::config::print::ToGo for GoDuration {
    fn to_go(&self) -> crate::config::print::GoValue {
        crate::config::print::GoValue::Str(crate::gostr::format_go_duration_ns(i128::from(self.0)))
    }
}

impl<'de> serde::Deserialize<'de> for Cipher {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if CIPHER_SUITES.contains(&s.as_str()) {
            Ok(Cipher(s))
        } else {
            Err(de::Error::custom(format!("unknown cipher: {s}")))
        }
    }
}

/// An elliptic curve by its Go name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curve(pub String);

impl<'de> serde::Deserialize<'de> for Curve {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if CURVES.contains(&s.as_str()) {
            Ok(Curve(s))
        } else {
            Err(de::Error::custom(format!("unknown curve: {s}")))
        }
    }
}

// `TYPE_ERROR` marks a type error raised by our own `Deserialize` impls, which can only
// raise custom errors; [`yaml_message`] words it as yaml.v2's `line N: cannot unmarshal ...`.
use crate::yaml::TYPE_ERROR;

/// A yaml.v2 type error from inside a visitor: what the node was, what it should become.
fn type_error<E: de::Error>(what: fmt::Arguments, into: &str) -> E {
    E::custom(format!("{TYPE_ERROR}cannot unmarshal {what} into {into}"))
}

/// A Go `int` as yaml.v2 decodes it: integers, and floats truncated (yaml.v2 accepts
/// `burst: 1.5`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoInt(pub i64);

/// A Go `time.Duration` in nanoseconds as yaml.v2 decodes it: a number of nanoseconds, or a
/// string `time.ParseDuration` accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GoDuration(pub i64);

/// What yaml.v2 does with a scalar decoded into an integer kind.
struct IntVisitor {
    duration: bool,
}

impl IntVisitor {
    fn target(&self) -> &'static str {
        if self.duration {
            "time.Duration"
        } else {
            "int"
        }
    }
}

impl<'de> Visitor<'de> for IntVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.target())
    }

    fn visit_unit<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<i64, E> {
        Ok(0)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| type_error(format_args!("!!int `{v}`"), self.target()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        // Go: `resolved <= math.MaxInt64`, then a conversion that saturates on amd64.
        if v <= i64::MAX as f64 {
            Ok(v as i64)
        } else {
            Err(type_error(format_args!("!!float `{v}`"), self.target()))
        }
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<i64, E> {
        Err(type_error(format_args!("!!bool `{v}`"), self.target()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        if self.duration {
            if let Some(ns) = parse_go_duration(v) {
                return Ok(ns);
            }
        }
        Err(type_error(format_args!("!!str `{v}`"), self.target()))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<i64, A::Error> {
        Err(type_error(format_args!("!!seq"), self.target()))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<i64, A::Error> {
        Err(type_error(format_args!("!!map"), self.target()))
    }
}

impl<'de> serde::Deserialize<'de> for GoInt {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IntVisitor { duration: false }).map(GoInt)
    }
}

impl<'de> serde::Deserialize<'de> for GoDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IntVisitor { duration: true })
            .map(GoDuration)
    }
}

go_struct! {
    /// `tls_server_config`.
    pub struct TlsServerConfig: "web.TLSConfig", defaults = go_defaults {
        pub cert: String,
        pub key: Secret,
        pub client_ca: String,
        pub cert_file: String,
        pub key_file: String,
        pub client_auth_type: String,
        pub client_ca_file: String,
        // A null item is yaml.v2's zero value: its unmarshaler is not called.
        pub cipher_suites: Vec<Option<Cipher>>,
        pub curve_preferences: Vec<Option<Curve>>,
        pub min_version: Option<TlsVersion>,
        pub max_version: Option<TlsVersion>,
        pub prefer_server_cipher_suites: bool,
        pub client_allowed_sans: Vec<String>,
    }
}

impl TlsServerConfig {
    /// The defaults `getConfig` starts from.
    pub fn go_defaults() -> TlsServerConfig {
        TlsServerConfig {
            min_version: Some(TlsVersion("TLS12".into())),
            max_version: Some(TlsVersion("TLS13".into())),
            prefer_server_cipher_suites: true,
            ..TlsServerConfig::default()
        }
    }

    /// Go's `TLSConfig.IsEnabled`: whether any setting turns TLS on.
    pub fn is_enabled(&self) -> bool {
        !self.cert_file.is_empty()
            || !self.cert.is_empty()
            || !self.key_file.is_empty()
            || !self.key.is_empty()
            || !self.client_ca_file.is_empty()
            || !self.client_ca.is_empty()
            || !self.client_auth_type.is_empty()
    }

    /// Go's `SetDirectory`: relative file names are read from the file's directory.
    pub fn set_directory(&mut self, dir: &str) {
        for f in [
            &mut self.cert_file,
            &mut self.key_file,
            &mut self.client_ca_file,
        ] {
            *f = go_join_dir(dir, f);
        }
    }
}

go_struct! {
    /// `http_server_config`.
    pub struct HttpServerConfig: "web.HTTPConfig", defaults = go_defaults {
        pub http2: bool,
        pub headers: Option<Pairs<String>>,
    }
}

impl HttpServerConfig {
    pub fn go_defaults() -> HttpServerConfig {
        HttpServerConfig {
            http2: true,
            headers: None,
        }
    }
}

go_struct! {
    /// `rate_limit`; nothing in it is validated (an interval of 0 turns it off).
    pub struct RateLimiterConfig: "web.RateLimiterConfig" {
        pub burst: GoInt,
        pub interval: GoDuration,
    }
}

go_struct! {
    /// A whole web configuration file.
    pub struct WebConfig: "web.Config", defaults = go_defaults {
        pub tls_server_config: TlsServerConfig,
        pub http_server_config: HttpServerConfig,
        pub rate_limit: RateLimiterConfig,
        pub basic_auth_users: Option<Pairs<Secret>>,
    }
}

impl WebConfig {
    pub fn go_defaults() -> WebConfig {
        WebConfig {
            tls_server_config: TlsServerConfig::go_defaults(),
            http_server_config: HttpServerConfig::go_defaults(),
            ..WebConfig::default()
        }
    }
}

/// Why a file is not a valid web configuration: the message `web.Validate` returns, and
/// where in the file it points when it is about one setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Option<Span>,
}

impl Problem {
    fn new(message: impl Into<String>, at: Option<&Node>) -> Problem {
        Problem {
            message: message.into(),
            span: at.map(|n| n.span),
        }
    }
}

/// The outcome of validating one file: its text when it could be read, for positions.
#[derive(Debug, Clone)]
pub struct Checked {
    pub text: Option<String>,
    pub result: Result<WebConfig, Problem>,
}

/// Go's `web.Validate(path)`: the file decoded strictly, headers, basic auth hashes, then
/// the TLS settings and the files they name (relative to the file's directory).
pub fn validate_file(path: &str) -> Checked {
    if path.is_empty() {
        // `web.Validate("")` means "no web configuration", which is valid.
        return Checked {
            text: None,
            result: Ok(WebConfig::go_defaults()),
        };
    }
    let bytes = match read_file(path) {
        Ok(b) => b,
        Err(message) => {
            return Checked {
                text: None,
                result: Err(Problem::new(message, None)),
            }
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let message = utf8_message(e.as_bytes(), e.utf8_error());
            return Checked {
                text: Some(String::from_utf8_lossy(e.as_bytes()).into_owned()),
                result: Err(Problem::new(message, None)),
            };
        }
    };
    let result = validate_text(&text, &go_dir(path));
    Checked {
        text: Some(text),
        result,
    }
}

/// Validates configuration text whose relative file names are relative to `dir`.
pub fn validate_text(text: &str, dir: &str) -> Result<WebConfig, Problem> {
    // yaml.v2 skips a byte order mark; positions still count it.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    validate_document(&text[bom..], dir).map_err(|mut p| {
        p.span = p.span.map(|s| Span::new(s.start + bom, s.end + bom));
        p
    })
}

fn validate_document(text: &str, dir: &str) -> Result<WebConfig, Problem> {
    let (mut cfg, root) = parse(text)?;
    // getConfig: the headers are checked right after decoding.
    validate_headers(&cfg, &root)?;
    cfg.tls_server_config.set_directory(dir);
    validate_users(&cfg, &root)?;
    validate_tls(&cfg.tls_server_config, &root)?;
    Ok(cfg)
}

fn yaml_options() -> yaml::Options {
    yaml::Options {
        go_yaml_v2: true,
        ..yaml::Options::default()
    }
}

/// yaml.v2's `UnmarshalStrict` into `web.Config`, returning the tree too for positions.
pub fn parse(text: &str) -> Result<(WebConfig, Node), Problem> {
    // yaml.v2 reads the first document only: later ones are not even parsed.
    let text = first_document(text);
    // The tree first (syntax errors only), so decoding errors can be worded per field.
    let (_, root) =
        yaml::from_str::<de::IgnoredAny>(text, yaml_options()).map_err(|e| Problem {
            message: yaml_message(&e, None),
            span: e.span,
        })?;
    let cfg = yaml::from_node::<WebConfig>(&root, yaml_options()).map_err(|e| Problem {
        message: yaml_message(&e, Some(&root)),
        span: e.span,
    })?;
    Ok((cfg, root))
}

/// The text up to the end of the first YAML document: up to a `...` line, or a `---` line
/// that follows content or another `---` (markers at column 0 end even block scalars).
fn first_document(text: &str) -> &str {
    let mut offset = 0;
    let (mut content, mut started) = (false, false);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let marker = |m: &str| {
            body.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        if marker("...") {
            return &text[..offset];
        }
        if marker("---") {
            if content || started {
                return &text[..offset];
            }
            started = true;
            let rest = body[3..].trim_start();
            content = !rest.is_empty() && !rest.starts_with('#');
        } else {
            let trimmed = body.trim_start();
            if !content
                && !trimmed.is_empty()
                && !trimmed.starts_with('#')
                && !body.starts_with('%')
            {
                content = true;
            }
        }
        offset += line.len();
    }
    text
}

/// A YAML error in yaml.v2's words: values over 10 bytes shortened, Go's collection types.
fn yaml_message(e: &yaml::Error, root: Option<&Node>) -> String {
    let unmarshal = |msg: &str| format!("yaml: unmarshal errors:\n  line {}: {msg}", e.line);
    match e.kind {
        yaml::ErrorKind::Custom => match e.message.strip_prefix(TYPE_ERROR) {
            Some(msg) => unmarshal(&shorten_value(msg)),
            None => e.message.clone(),
        },
        yaml::ErrorKind::Unmarshal => {
            // The YAML layer already shortens long values as yaml.v2 does.
            let mut msg = e.message.clone();
            for generic in [" into a sequence", " into a mapping"] {
                if let Some(head) = msg.strip_suffix(generic) {
                    let path = root.zip(e.span).and_then(|(r, s)| path_to(r, s));
                    if let Some(go) = path.as_deref().and_then(go_collection_type) {
                        msg = format!("{head} into {go}");
                    }
                    break;
                }
            }
            unmarshal(&msg)
        }
        yaml::ErrorKind::Syntax => e.to_string(),
    }
}

/// yaml.v2 writes at most 7 bytes of a value longer than 10, then `...` (for the type
/// errors this module words itself).
fn shorten_value(msg: &str) -> String {
    let Some(rest) = msg.strip_prefix("cannot unmarshal ") else {
        return msg.to_string();
    };
    let (Some(open), Some(close)) = (rest.find(" `"), rest.rfind("` into ")) else {
        return msg.to_string();
    };
    if close < open + 2 {
        return msg.to_string();
    }
    let value = &rest[open + 2..close];
    if value.len() <= 10 {
        return msg.to_string();
    }
    let short = String::from_utf8_lossy(&value.as_bytes()[..7]);
    format!(
        "cannot unmarshal {} `{short}...{}",
        &rest[..open],
        &rest[close..]
    )
}

/// The keys leading from `root` to the node at `span` (`[]` for a sequence item).
fn path_to(root: &Node, span: Span) -> Option<Vec<&str>> {
    if root.span == span {
        return Some(Vec::new());
    }
    match &root.kind {
        NodeKind::Map(entries) => entries.iter().find_map(|(k, v)| {
            let mut p = path_to(v, span)?;
            p.insert(0, k.as_str().unwrap_or(""));
            Some(p)
        }),
        NodeKind::Seq(items) => items.iter().find_map(|v| {
            let mut p = path_to(v, span)?;
            p.insert(0, "[]");
            Some(p)
        }),
        NodeKind::Scalar { .. } => None,
    }
}

/// The Go type yaml.v2 names when a collection setting has the wrong kind of value.
fn go_collection_type(path: &[&str]) -> Option<&'static str> {
    Some(match path {
        ["tls_server_config", "cipher_suites"] => "[]web.Cipher",
        ["tls_server_config", "curve_preferences"] => "[]web.Curve",
        ["tls_server_config", "client_allowed_sans"] => "[]string",
        ["http_server_config", "headers"] => "map[string]string",
        ["basic_auth_users"] => "map[string]config.Secret",
        _ => return None,
    })
}

/// yaml.v2's reader error for text that is not UTF-8.
fn utf8_message(bytes: &[u8], e: std::str::Utf8Error) -> String {
    let at = e.valid_up_to();
    let lead = bytes.get(at).copied().unwrap_or(0);
    let width = match lead {
        b if b & 0xE0 == 0xC0 => 2,
        b if b & 0xF0 == 0xE0 => 3,
        b if b & 0xF8 == 0xF0 => 4,
        _ => 0,
    };
    let problem = if width == 0 {
        "invalid leading UTF-8 octet"
    } else if bytes.len() < at + width {
        "incomplete UTF-8 octet sequence"
    } else if bytes[at + 1..at + width].iter().any(|b| b & 0xC0 != 0x80) {
        "invalid trailing UTF-8 octet"
    } else {
        // Overlong forms and surrogates.
        "invalid length of a UTF-8 sequence"
    };
    format!("yaml: {problem}")
}

/// The node for `path` in the tree, and the key node that names it.
fn entry<'a>(root: &'a Node, path: &[&str]) -> Option<(&'a Node, &'a Node)> {
    let (last, parents) = path.split_last()?;
    let mut node = root;
    for key in parents {
        node = node.get(key)?;
    }
    node.entry(last)
}

/// Where a setting is: its value, or its key when the value is null.
fn setting<'a>(root: &'a Node, path: &[&str]) -> Option<&'a Node> {
    entry(root, path).map(|(k, v)| if v.is_null() { k } else { v })
}

/// exporter-toolkit's `validateHeaderConfig` (in file order; Go's map order is random).
fn validate_headers(cfg: &WebConfig, root: &Node) -> Result<(), Problem> {
    let Some(headers) = &cfg.http_server_config.headers else {
        return Ok(());
    };
    for (name, value) in headers.iter() {
        let at = entry(root, &["http_server_config", "headers", name.as_str()]);
        let Some((_, allowed)) = EXTRA_HTTP_HEADERS.iter().find(|(h, _)| *h == name.as_str())
        else {
            return Err(Problem::new(
                format!("HTTP header {} can not be configured", quote(name)),
                at.map(|(k, _)| k),
            ));
        };
        if !allowed.is_empty() && !allowed.contains(&value.as_str()) {
            let quoted: Vec<String> = allowed.iter().map(|v| quote(v)).collect();
            return Err(Problem::new(
                format!(
                    "invalid value for {}. Expected one of: [{}], but got: {}",
                    name.as_str(),
                    quoted.join(" "),
                    quote(value)
                ),
                at.map(|(k, v)| if v.is_null() { k } else { v }),
            ));
        }
    }
    Ok(())
}

/// exporter-toolkit's `validateUsers`: every password is a bcrypt hash (first bad one in
/// file order; Go's map order is random).
fn validate_users(cfg: &WebConfig, root: &Node) -> Result<(), Problem> {
    let Some(users) = &cfg.basic_auth_users else {
        return Ok(());
    };
    for (user, hash) in users.iter() {
        if let Err(message) = bcrypt_cost(hash.0.as_bytes()) {
            return Err(Problem::new(
                message,
                setting(root, &["basic_auth_users", user.as_str()]),
            ));
        }
    }
    Ok(())
}

/// golang.org/x/crypto/bcrypt's `Cost`: whether a hash is well-formed enough to read its
/// cost (the salt and hash are not decoded), with its errors.
pub fn bcrypt_cost(hash: &[u8]) -> Result<u32, String> {
    const MIN_HASH_SIZE: usize = 59;
    if hash.len() < MIN_HASH_SIZE {
        return Err("crypto/bcrypt: hashedSecret too short to be a bcrypted password".into());
    }
    // Go's `%c` of a byte prints the code point of that value.
    let c = |b: u8| char::from(b);
    if hash[0] != b'$' {
        return Err(format!(
            "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with '{}'",
            c(hash[0])
        ));
    }
    if hash[1] > b'2' {
        return Err(format!(
            "crypto/bcrypt: bcrypt algorithm version '{}' requested is newer than current version '2'",
            c(hash[1])
        ));
    }
    let at = if hash[2] == b'$' { 3 } else { 4 };
    let digits = &hash[at..at + 2];
    let cost = go_atoi2(digits).ok_or_else(|| {
        format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            crate::gostr::quote_bytes(digits)
        )
    })?;
    if !(4..=31).contains(&cost) {
        return Err(format!(
            "crypto/bcrypt: cost {cost} is outside allowed inclusive range 4..31"
        ));
    }
    Ok(cost as u32)
}

/// `strconv.Atoi` of two bytes: an optional sign, then digits.
fn go_atoi2(b: &[u8]) -> Option<i32> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = digits
        .iter()
        .fold(0i32, |acc, d| acc * 10 + i32::from(d - b'0'));
    Some(if neg { -v } else { v })
}

/// Go's `time.ParseDuration`, in nanoseconds; `None` when Go rejects the text.
pub fn parse_go_duration(text: &str) -> Option<i64> {
    const LIMIT: u64 = 1 << 63;
    let mut s = text.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first() {
        if c == b'-' || c == b'+' {
            neg = c == b'-';
            s = &s[1..];
        }
    }
    if s == b"0" {
        return Some(0);
    }
    if s.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return None;
        }
        let int_len = s.iter().take_while(|b| b.is_ascii_digit()).count();
        let mut v: u64 = 0;
        for &d in &s[..int_len] {
            if v > LIMIT / 10 {
                return None;
            }
            v = v * 10 + u64::from(d - b'0');
            if v > LIMIT {
                return None;
            }
        }
        s = &s[int_len..];
        let (mut frac, mut scale, mut frac_len) = (0u64, 1f64, 0usize);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            frac_len = s.iter().take_while(|b| b.is_ascii_digit()).count();
            let mut overflow = false;
            for &d in &s[..frac_len] {
                // Go stops accumulating digits that would overflow, but consumes them.
                if overflow || frac > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = frac * 10 + u64::from(d - b'0');
                if y > LIMIT {
                    overflow = true;
                    continue;
                }
                frac = y;
                scale *= 10.0;
            }
            s = &s[frac_len..];
        }
        if int_len == 0 && frac_len == 0 {
            return None;
        }
        let unit_len = s
            .iter()
            .take_while(|&&b| !(b == b'.' || b.is_ascii_digit()))
            .count();
        if unit_len == 0 {
            return None;
        }
        let unit: u64 = match &s[..unit_len] {
            b"ns" => 1,
            b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => return None,
        };
        s = &s[unit_len..];
        if v > LIMIT / unit {
            return None;
        }
        v *= unit;
        if frac > 0 {
            v += (frac as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return None;
            }
        }
        // Go's uint64 sum wraps.
        total = total.wrapping_add(v);
        if total > LIMIT {
            return None;
        }
    }
    if neg {
        return Some((total as i64).wrapping_neg());
    }
    i64::try_from(total).ok()
}

/// exporter-toolkit's `ConfigToTLSConfig`, for its errors.
fn validate_tls(t: &TlsServerConfig, root: &Node) -> Result<(), Problem> {
    let at = |key: &str| setting(root, &["tls_server_config", key]);
    let section = || entry(root, &["tls_server_config"]).map(|(k, _)| k);
    if !t.is_enabled() {
        // errNoTLSConfig: plain HTTP, which Validate accepts.
        return Ok(());
    }
    if t.cert_file.is_empty() && t.cert.is_empty() {
        return Err(Problem::new("missing one of cert or cert_file", section()));
    }
    if t.key_file.is_empty() && t.key.is_empty() {
        return Err(Problem::new("missing one of key or key_file", section()));
    }
    let cert_at = || {
        at(if t.cert_file.is_empty() {
            "cert"
        } else {
            "cert_file"
        })
    };
    let key_at = || {
        at(if t.key_file.is_empty() {
            "key"
        } else {
            "key_file"
        })
    };
    let cert = if t.cert_file.is_empty() {
        t.cert.as_bytes().to_vec()
    } else {
        read_file(&t.cert_file).map_err(|e| {
            Problem::new(
                format!("failed to read cert_file ({}): {e}", t.cert_file),
                cert_at(),
            )
        })?
    };
    let key = if t.key_file.is_empty() {
        t.key.0.as_bytes().to_vec()
    } else {
        read_file(&t.key_file).map_err(|e| {
            Problem::new(
                format!("failed to read key_file ({}): {e}", t.key_file),
                key_at(),
            )
        })?
    };
    key_pair(&cert, &key).map_err(|(side, e)| {
        let at = match side {
            Side::Cert => cert_at(),
            Side::Key => key_at(),
        };
        Problem::new(format!("failed to load X509KeyPair: {e}"), at)
    })?;
    if !t.client_ca_file.is_empty() {
        // Only reading matters: Go ignores a file with no certificates in it.
        read_file(&t.client_ca_file).map_err(|e| Problem::new(e, at("client_ca_file")))?;
    }
    if !CLIENT_AUTH_TYPES.contains(&t.client_auth_type.as_str()) {
        return Err(Problem::new(
            format!("invalid ClientAuth: {}", t.client_auth_type),
            at("client_auth_type"),
        ));
    }
    let no_client_cert = matches!(t.client_auth_type.as_str(), "" | "NoClientCert");
    if (!t.client_ca_file.is_empty() || !t.client_ca.is_empty()) && no_client_cert {
        let ca = if t.client_ca_file.is_empty() {
            "client_ca"
        } else {
            "client_ca_file"
        };
        return Err(Problem::new(
            "client CA's have been configured without a Client Auth Policy",
            at(ca),
        ));
    }
    Ok(())
}

/// Go's `os.ReadFile`, with Go's error text (`open NAME: no such file or directory`).
fn read_file(path: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)
        .map_err(|e| format!("open {path}: {}", crate::gostr::errno_text(&e)))?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf)
        .map_err(|e| format!("read {path}: {}", crate::gostr::errno_text(&e)))?;
    Ok(buf)
}

/// Which input of a key pair an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Cert,
    Key,
}

/// Go's `tls.X509KeyPair` as far as it can be followed without a crypto library: the PEM
/// blocks (exactly), the certificate's structure down to its public key, the private key's
/// structure (PKCS #1, PKCS #8 or SEC 1), their key types, and for RSA whether the key
/// matches the certificate (modulus and exponent).
///
/// Not checked: certificate names, validity times, extensions and signature algorithm
/// details; RSA key consistency (primes against modulus); that an EC private key matches the
/// certificate when the key file does not carry its public point, or that the point is on
/// the curve; Ed25519 keys against the certificate; DSA parameters.
pub fn key_pair(cert_pem: &[u8], key_pem: &[u8]) -> Result<(), (Side, String)> {
    let cert_err = |m: String| (Side::Cert, m);
    let key_err = |m: String| (Side::Key, m);
    let mut certs = Vec::new();
    let mut skipped = Vec::new();
    let mut rest = cert_pem;
    while let (Some(block), r) = pem::decode(rest) {
        rest = r;
        if block.kind == b"CERTIFICATE" {
            certs.push(block.bytes);
        } else {
            skipped.push(block.kind);
        }
    }
    if certs.is_empty() {
        if skipped.is_empty() {
            return Err(cert_err(
                "tls: failed to find any PEM data in certificate input".into(),
            ));
        }
        if skipped.len() == 1 && skipped[0].ends_with(b"PRIVATE KEY") {
            return Err(cert_err("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched".into()));
        }
        return Err(cert_err(format!(
            "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: {}",
            go_list(&skipped)
        )));
    }
    skipped.clear();
    let mut rest = key_pem;
    let key_der = loop {
        let (block, r) = pem::decode(rest);
        rest = r;
        let Some(block) = block else {
            if skipped.is_empty() {
                return Err(key_err(
                    "tls: failed to find any PEM data in key input".into(),
                ));
            }
            if skipped.len() == 1 && skipped[0] == b"CERTIFICATE" {
                return Err(key_err(
                    "tls: found a certificate rather than a key in the PEM for the private key"
                        .into(),
                ));
            }
            return Err(key_err(format!(
                "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: {}",
                go_list(&skipped)
            )));
        };
        if block.kind == b"PRIVATE KEY" || block.kind.ends_with(b" PRIVATE KEY") {
            break block.bytes;
        }
        skipped.push(block.kind);
    };
    let public = der::parse_certificate(&certs[0]).map_err(|e| cert_err(e.into()))?;
    let private = der::parse_private_key(&key_der).map_err(|e| key_err(e.into()))?;
    let mismatch = || key_err("tls: private key does not match public key".into());
    let wrong_type = || key_err("tls: private key type does not match public key type".into());
    match (public, private) {
        (der::PublicKey::Rsa { n, e }, der::PrivateKey::Rsa { n: pn, e: pe }) => {
            if n != pn || e != pe {
                return Err(mismatch());
            }
        }
        (der::PublicKey::Ec { curve, point }, der::PrivateKey::Ec { curve: pc, public }) => {
            if curve != pc {
                return Err(mismatch());
            }
            // Go derives the public point from the private scalar; we can only compare the
            // point the key file carries, when both are uncompressed.
            if let Some(p) = public.filter(|p| p.first() == Some(&4) && p.len() == point.len()) {
                if p != point {
                    return Err(mismatch());
                }
            }
        }
        (der::PublicKey::Ed25519, der::PrivateKey::Ed25519) => {}
        (der::PublicKey::Other, _) => {
            return Err(key_err("tls: unknown public key algorithm".into()))
        }
        _ => return Err(wrong_type()),
    }
    Ok(())
}

/// Go's `%v` of a `[]string`: `[a b c]`.
fn go_list(items: &[Vec<u8>]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|i| String::from_utf8_lossy(i).into_owned())
        .collect();
    format!("[{}]", parts.join(" "))
}

/// Go's `encoding/pem` decoder.
mod pem {
    /// A PEM block: its type and decoded body (headers are not kept).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Block {
        pub kind: Vec<u8>,
        pub bytes: Vec<u8>,
    }

    const BEGIN: &[u8] = b"\n-----BEGIN ";
    const END: &[u8] = b"\n-----END ";
    const DASHES: &[u8] = b"-----";

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        hay.windows(needle.len()).position(|w| w == needle)
    }

    /// Go's `getLine`: the first line without its ending or trailing blanks, and the rest.
    fn get_line(data: &[u8]) -> (&[u8], &[u8]) {
        let (mut end, next) = match data.iter().position(|&b| b == b'\n') {
            Some(i) => (i, i + 1),
            None => (data.len(), data.len()),
        };
        if next != end && end > 0 && data[end - 1] == b'\r' {
            end -= 1;
        }
        let mut line = &data[..end];
        while let [head @ .., b' ' | b'\t'] = line {
            line = head;
        }
        (line, &data[next..])
    }

    /// Go's `pem.Decode`: the first well-formed block and the input after it, or `None` and
    /// the whole input. Malformed blocks are skipped, as Go does.
    pub fn decode(data: &[u8]) -> (Option<Block>, &[u8]) {
        let mut rest = data;
        loop {
            if rest.starts_with(&BEGIN[1..]) {
                rest = &rest[BEGIN.len() - 1..];
            } else if let Some(i) = find(rest, BEGIN) {
                rest = &rest[i + BEGIN.len()..];
            } else {
                return (None, data);
            }
            let (type_line, r) = get_line(rest);
            rest = r;
            let Some(kind) = type_line.strip_suffix(DASHES) else {
                continue;
            };
            let mut has_headers = false;
            loop {
                if rest.is_empty() {
                    return (None, data);
                }
                let (line, next) = get_line(rest);
                if !line.contains(&b':') {
                    break;
                }
                has_headers = true;
                rest = next;
            }
            let (end_index, trailer_index) = if !has_headers && rest.starts_with(&END[1..]) {
                (0, END.len() - 1)
            } else {
                match find(rest, END) {
                    Some(i) => (i, i + END.len()),
                    None => continue,
                }
            };
            let trailer = &rest[trailer_index..];
            let trailer_len = kind.len() + DASHES.len();
            if trailer.len() < trailer_len {
                continue;
            }
            let (trailer, rest_of_end_line) = trailer.split_at(trailer_len);
            if !trailer.starts_with(kind) || !trailer.ends_with(DASHES) {
                continue;
            }
            if !get_line(rest_of_end_line).0.is_empty() {
                continue;
            }
            let body: Vec<u8> = rest[..end_index]
                .iter()
                .copied()
                .filter(|&b| b != b' ' && b != b'\t')
                .collect();
            let Some(bytes) = crate::gostr::base64_std_decode(&body, |b| b == b'\r' || b == b'\n')
            else {
                continue;
            };
            let (_, after) = get_line(&rest[end_index + END.len() - 1..]);
            return (
                Some(Block {
                    kind: kind.to_vec(),
                    bytes,
                }),
                after,
            );
        }
    }
}

/// Just enough DER to follow Go's `x509.ParseCertificate` to the public key and its private
/// key parsers, with Go's messages.
mod der {
    /// A public key from a certificate.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum PublicKey {
        /// Modulus and exponent without leading zero bytes.
        Rsa {
            n: Vec<u8>,
            e: Vec<u8>,
        },
        Ec {
            curve: &'static str,
            point: Vec<u8>,
        },
        Ed25519,
        /// DSA, X25519 or an algorithm Go does not know: `tls.X509KeyPair` refuses these.
        Other,
    }

    /// A private key.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum PrivateKey {
        Rsa {
            n: Vec<u8>,
            e: Vec<u8>,
        },
        Ec {
            curve: &'static str,
            /// The public point the key carries, if it does.
            public: Option<Vec<u8>>,
        },
        Ed25519,
    }

    const SEQUENCE: u8 = 0x30;
    const INTEGER: u8 = 0x02;
    const BIT_STRING: u8 = 0x03;
    const OCTET_STRING: u8 = 0x04;
    const OID: u8 = 0x06;
    const UTC_TIME: u8 = 0x17;
    const GENERALIZED_TIME: u8 = 0x18;

    const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    const OID_X25519: &[u8] = &[0x2b, 0x65, 0x6e];
    const NULL: &[u8] = &[0x05, 0x00];

    /// Named curves Go supports: name, OID, coordinate size in bytes.
    const CURVES: [(&str, &[u8], usize); 4] = [
        ("P-224", &[0x2b, 0x81, 0x04, 0x00, 0x21], 28),
        (
            "P-256",
            &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
            32,
        ),
        ("P-384", &[0x2b, 0x81, 0x04, 0x00, 0x22], 48),
        ("P-521", &[0x2b, 0x81, 0x04, 0x00, 0x23], 66),
    ];

    fn curve(oid: &[u8]) -> Option<(&'static str, usize)> {
        CURVES
            .iter()
            .find(|(_, o, _)| *o == oid)
            .map(|(name, _, size)| (*name, *size))
    }

    /// A DER reader with cryptobyte's rules: low tag numbers, minimal definite lengths.
    #[derive(Clone, Copy)]
    struct Der<'a>(&'a [u8]);

    impl<'a> Der<'a> {
        fn is_empty(&self) -> bool {
            self.0.is_empty()
        }

        fn peek(&self) -> Option<u8> {
            self.0.first().copied()
        }

        /// The next element: tag, contents, and the whole encoding.
        fn read_any(&mut self) -> Option<(u8, &'a [u8], &'a [u8])> {
            let s = self.0;
            let (&tag, &len_byte) = (s.first()?, s.get(1)?);
            if tag & 0x1f == 0x1f {
                return None;
            }
            let (header, len) = if len_byte & 0x80 == 0 {
                (2, usize::from(len_byte))
            } else {
                let n = usize::from(len_byte & 0x7f);
                if n == 0 || n > 4 {
                    return None;
                }
                let bytes = s.get(2..2 + n)?;
                let len = bytes
                    .iter()
                    .fold(0usize, |acc, &b| acc << 8 | usize::from(b));
                if len < 128 || bytes[0] == 0 {
                    return None;
                }
                (2 + n, len)
            };
            let whole = s.get(..header.checked_add(len)?)?;
            self.0 = &s[whole.len()..];
            Some((tag, &whole[header..], whole))
        }

        fn read(&mut self, tag: u8) -> Option<&'a [u8]> {
            if self.peek()? != tag {
                return None;
            }
            self.read_any().map(|(_, contents, _)| contents)
        }

        fn read_element(&mut self, tag: u8) -> Option<&'a [u8]> {
            if self.peek()? != tag {
                return None;
            }
            self.read_any().map(|(_, _, whole)| whole)
        }

        /// A minimally encoded INTEGER's bytes.
        fn read_integer(&mut self) -> Option<&'a [u8]> {
            let b = self.read(INTEGER)?;
            match b {
                [] => None,
                [0, next, ..] if next & 0x80 == 0 => None,
                [0xff, next, ..] if next & 0x80 != 0 => None,
                _ => Some(b),
            }
        }

        /// An INTEGER that fits an `int64`.
        fn read_small_integer(&mut self) -> Option<i64> {
            let b = self.read_integer()?;
            if b.len() > 8 {
                return None;
            }
            let init: i64 = if b[0] & 0x80 != 0 { -1 } else { 0 };
            Some(b.iter().fold(init, |acc, &x| acc << 8 | i64::from(x)))
        }

        /// A BIT STRING's bytes (padding bits must be zero, as cryptobyte wants).
        fn read_bit_string(&mut self) -> Option<&'a [u8]> {
            let b = self.read(BIT_STRING)?;
            let (&pad, bits) = b.split_first()?;
            if pad > 7 || (bits.is_empty() && pad != 0) {
                return None;
            }
            if let Some(&last) = bits.last() {
                if last & ((1u8 << pad) - 1) != 0 {
                    return None;
                }
            }
            Some(bits)
        }

        fn read_oid(&mut self) -> Option<&'a [u8]> {
            let b = self.read(OID)?;
            let valid = !b.is_empty()
                && b.last().is_some_and(|l| l & 0x80 == 0)
                && b.iter()
                    .enumerate()
                    .all(|(i, &x)| !(x == 0x80 && (i == 0 || b[i - 1] & 0x80 == 0)));
            valid.then_some(b)
        }
    }

    /// A positive integer's magnitude without leading zeros.
    fn magnitude(b: &[u8]) -> Vec<u8> {
        let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
        b[start..].to_vec()
    }

    fn is_positive(b: &[u8]) -> bool {
        b.first().is_some_and(|f| f & 0x80 == 0) && b.iter().any(|&x| x != 0)
    }

    /// An AlgorithmIdentifier: OID and the full encoding of its parameters, if any.
    fn algorithm(seq: &[u8]) -> Result<(&[u8], Option<&[u8]>), &'static str> {
        let mut d = Der(seq);
        let oid = d.read_oid().ok_or("x509: malformed OID")?;
        if d.is_empty() {
            return Ok((oid, None));
        }
        let (_, _, params) = d.read_any().ok_or("x509: malformed parameters")?;
        Ok((oid, Some(params)))
    }

    /// `x509.ParseCertificate` up to the public key, then the signature and trailing data.
    pub fn parse_certificate(der: &[u8]) -> Result<PublicKey, &'static str> {
        let mut input = Der(der);
        let raw = input
            .read_element(SEQUENCE)
            .ok_or("x509: malformed certificate")?;
        let mut input = Der(Der(raw)
            .read(SEQUENCE)
            .ok_or("x509: malformed certificate")?);
        let mut tbs = Der(input
            .read(SEQUENCE)
            .ok_or("x509: malformed tbs certificate")?);
        let mut version = 0i64;
        if tbs.peek() == Some(0xa0) {
            let inner = tbs.read(0xa0).ok_or("x509: malformed version")?;
            let mut inner = Der(inner);
            version = inner
                .read_small_integer()
                .ok_or("x509: malformed version")?;
            if !inner.is_empty() {
                return Err("x509: malformed version");
            }
        }
        if version < 0 {
            return Err("x509: malformed version");
        }
        if version + 1 > 3 {
            return Err("x509: invalid version");
        }
        let serial = tbs.read_integer().ok_or("x509: malformed serial number")?;
        if serial[0] & 0x80 != 0 {
            return Err("x509: negative serial number");
        }
        let sig_ai = tbs
            .read(SEQUENCE)
            .ok_or("x509: malformed signature algorithm identifier")?;
        let outer_sig_ai = input
            .read(SEQUENCE)
            .ok_or("x509: malformed algorithm identifier")?;
        if sig_ai != outer_sig_ai {
            return Err("x509: inner and outer signature algorithm identifiers don't match");
        }
        algorithm(sig_ai)?;
        tbs.read_element(SEQUENCE).ok_or("x509: malformed issuer")?;
        let mut validity = Der(tbs.read(SEQUENCE).ok_or("x509: malformed validity")?);
        for _ in 0..2 {
            match validity.peek() {
                Some(UTC_TIME) => validity.read(UTC_TIME).ok_or("x509: malformed UTCTime")?,
                Some(GENERALIZED_TIME) => validity
                    .read(GENERALIZED_TIME)
                    .ok_or("x509: malformed GeneralizedTime")?,
                _ => return Err("x509: unsupported time format"),
            };
        }
        tbs.read_element(SEQUENCE)
            .ok_or("x509: malformed subject")?;
        let spki = tbs.read(SEQUENCE).ok_or("x509: malformed spki")?;
        let mut spki = Der(spki);
        let pk_ai = spki
            .read(SEQUENCE)
            .ok_or("x509: malformed public key algorithm identifier")?;
        let (oid, params) = algorithm(pk_ai)?;
        let key = spki
            .read_bit_string()
            .ok_or("x509: malformed subjectPublicKey")?;
        let public = parse_public_key(oid, params, key)?;
        input.read_bit_string().ok_or("x509: malformed signature")?;
        if raw.len() != der.len() {
            return Err("x509: trailing data");
        }
        Ok(public)
    }

    fn parse_public_key(
        oid: &[u8],
        params: Option<&[u8]>,
        key: &[u8],
    ) -> Result<PublicKey, &'static str> {
        if oid == OID_RSA {
            if params != Some(NULL) {
                return Err("x509: RSA key missing NULL parameters");
            }
            let mut d = Der(Der(key)
                .read(SEQUENCE)
                .ok_or("x509: invalid RSA public key")?);
            let n = d.read_integer().ok_or("x509: invalid RSA modulus")?;
            let e = d
                .read_integer()
                .filter(|e| e.len() <= 8)
                .ok_or("x509: invalid RSA public exponent")?;
            if !is_positive(n) {
                return Err("x509: RSA modulus is not a positive number");
            }
            if !is_positive(e) {
                return Err("x509: RSA public exponent is not a positive number");
            }
            return Ok(PublicKey::Rsa {
                n: magnitude(n),
                e: magnitude(e),
            });
        }
        if oid == OID_EC {
            let curve_oid = params
                .and_then(|p| Der(p).read_oid())
                .ok_or("x509: invalid ECDSA parameters")?;
            let (name, size) = curve(curve_oid).ok_or("x509: unsupported elliptic curve")?;
            if key.len() != 1 + 2 * size || key[0] != 4 {
                return Err("x509: failed to unmarshal elliptic curve point");
            }
            return Ok(PublicKey::Ec {
                curve: name,
                point: key.to_vec(),
            });
        }
        if oid == OID_ED25519 {
            if params.is_some() {
                return Err("x509: Ed25519 key encoded with illegal parameters");
            }
            if key.len() != 32 {
                return Err("x509: wrong Ed25519 public key size");
            }
            return Ok(PublicKey::Ed25519);
        }
        if oid == OID_X25519 {
            if params.is_some() {
                return Err("x509: X25519 key encoded with illegal parameters");
            }
            if key.len() != 32 {
                return Err("x509: wrong X25519 public key size");
            }
        }
        // DSA (parameters not checked), X25519 and unknown keys: X509KeyPair refuses them.
        Ok(PublicKey::Other)
    }

    /// `tls.parsePrivateKey`: PKCS #1, then PKCS #8, then SEC 1.
    pub fn parse_private_key(der: &[u8]) -> Result<PrivateKey, &'static str> {
        if let Some(k) = pkcs1(der) {
            return Ok(k);
        }
        match pkcs8(der) {
            Some(Some(k)) => return Ok(k),
            Some(None) => return Err("tls: found unknown private key type in PKCS#8 wrapping"),
            None => {}
        }
        sec1(der, None).ok_or("tls: failed to parse private key")
    }

    /// `x509.ParsePKCS1PrivateKey`'s structure (the key's numbers are not checked).
    fn pkcs1(der: &[u8]) -> Option<PrivateKey> {
        let mut outer = Der(der);
        let mut d = Der(outer.read(SEQUENCE)?);
        // Unlike the other two formats, Go rejects trailing data here.
        if !outer.is_empty() {
            return None;
        }
        let version = d.read_small_integer()?;
        if version > 1 {
            return None;
        }
        let n = d.read_integer()?;
        let e = d.read_small_integer()?;
        let mut rest = Vec::new();
        for _ in 0..3 {
            rest.push(d.read_integer()?);
        }
        if !is_positive(n) || e <= 0 || !rest.iter().all(|x| is_positive(x)) {
            return None;
        }
        Some(PrivateKey::Rsa {
            n: magnitude(n),
            e: magnitude(&e.to_be_bytes()),
        })
    }

    /// `x509.ParsePKCS8PrivateKey`: `Some(None)` for a well-formed key of a type TLS
    /// cannot use (X25519).
    fn pkcs8(der: &[u8]) -> Option<Option<PrivateKey>> {
        let mut d = Der(Der(der).read(SEQUENCE)?);
        d.read_small_integer()?;
        let (oid, params) = algorithm(d.read(SEQUENCE)?).ok()?;
        let key = d.read(OCTET_STRING)?;
        if oid == OID_RSA {
            return pkcs1(key).map(Some);
        }
        if oid == OID_EC {
            let named = params.and_then(|p| Der(p).read_oid());
            return sec1(key, named).map(Some);
        }
        if oid == OID_ED25519 || oid == OID_X25519 {
            if params.is_some() {
                return None;
            }
            let seed = Der(key).read(OCTET_STRING)?;
            if seed.len() != 32 {
                return None;
            }
            return Some((oid == OID_ED25519).then_some(PrivateKey::Ed25519));
        }
        None
    }

    /// SEC 1's ECPrivateKey, with the curve from PKCS #8 when wrapped.
    fn sec1(der: &[u8], named: Option<&[u8]>) -> Option<PrivateKey> {
        let mut d = Der(Der(der).read(SEQUENCE)?);
        if d.read_small_integer()? != 1 {
            return None;
        }
        let mut scalar = d.read(OCTET_STRING)?;
        let mut own_curve = None;
        if d.peek() == Some(0xa0) {
            own_curve = Some(Der(d.read(0xa0)?).read_oid()?);
        }
        let mut public = None;
        if d.peek() == Some(0xa1) {
            public = Some(Der(d.read(0xa1)?).read_bit_string()?.to_vec());
        }
        let (name, size) = curve(named.or(own_curve)?)?;
        // Go ignores leading zero padding, but nothing else beyond the curve's size.
        while scalar.len() > size {
            if scalar[0] != 0 {
                return None;
            }
            scalar = &scalar[1..];
        }
        Some(PrivateKey::Ec {
            curve: name,
            public,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::go_clean;

    const HASH: &str = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";

    #[test]
    fn bcrypt_costs_and_go_errors() {
        assert_eq!(bcrypt_cost(HASH.as_bytes()), Ok(10));
        assert_eq!(
            bcrypt_cost(b"doe").unwrap_err(),
            "crypto/bcrypt: hashedSecret too short to be a bcrypted password"
        );
        let with = |prefix: &str| format!("{prefix}{}", &HASH[7..]);
        assert_eq!(
            bcrypt_cost(with("x2y$10$").as_bytes()).unwrap_err(),
            "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with 'x'"
        );
        assert_eq!(
            bcrypt_cost(with("$3y$10$").as_bytes()).unwrap_err(),
            "crypto/bcrypt: bcrypt algorithm version '3' requested is newer than current version '2'"
        );
        assert_eq!(
            bcrypt_cost(with("$2y$1x$").as_bytes()).unwrap_err(),
            "strconv.Atoi: parsing \"1x\": invalid syntax"
        );
        assert_eq!(
            bcrypt_cost(with("$2y$32$").as_bytes()).unwrap_err(),
            "crypto/bcrypt: cost 32 is outside allowed inclusive range 4..31"
        );
        assert_eq!(
            bcrypt_cost(with("$2y$-3$").as_bytes()).unwrap_err(),
            "crypto/bcrypt: cost -3 is outside allowed inclusive range 4..31"
        );
        // No minor version: `$2$10$...` reads the cost right after `$2$`.
        assert_eq!(bcrypt_cost(format!("$2${}", &HASH[4..]).as_bytes()), Ok(10));
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("1s"), Some(1_000_000_000));
        assert_eq!(parse_go_duration("1h30m"), Some(5_400_000_000_000));
        assert_eq!(parse_go_duration("1.5µs"), Some(1_500));
        assert_eq!(parse_go_duration("-2ms"), Some(-2_000_000));
        assert_eq!(parse_go_duration("0"), Some(0));
        assert_eq!(parse_go_duration(".5s"), Some(500_000_000));
        for bad in ["", "1", "1d", "s", ".s", "1.s.", "9999999999h", "+"] {
            assert_eq!(parse_go_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_are_joined_and_cleaned_as_go_does() {
        assert_eq!(go_dir("web.yml"), ".");
        assert_eq!(go_dir("a/b/web.yml"), "a/b");
        assert_eq!(go_dir("/web.yml"), "/");
        assert_eq!(go_join_dir(".", "cert.pem"), "cert.pem");
        assert_eq!(go_join_dir("a/b", "../c/./d.pem"), "a/c/d.pem");
        assert_eq!(go_join_dir("a", "/abs.pem"), "/abs.pem");
        assert_eq!(go_join_dir("..", "x"), "../x");
        assert_eq!(go_clean("/../a"), "/a");
    }

    #[test]
    fn pem_blocks_are_found_as_go_finds_them() {
        let (b, rest) = pem::decode(b"junk\n-----BEGIN X-----\nAAEC\n-----END X-----\ntail");
        assert_eq!(
            b,
            Some(pem::Block {
                kind: b"X".to_vec(),
                bytes: vec![0, 1, 2]
            })
        );
        assert_eq!(rest, b"tail");
        // A bad body is skipped; the next block is found.
        let (b, _) = pem::decode(
            b"-----BEGIN A-----\n!!!!\n-----END A-----\n-----BEGIN B-----\n-----END B-----\n",
        );
        assert_eq!(b.map(|b| b.kind), Some(b"B".to_vec()));
        // Mismatched END type.
        assert_eq!(pem::decode(b"-----BEGIN A-----\n-----END B-----\n").0, None);
        // Headers are skipped.
        let (b, _) = pem::decode(b"-----BEGIN K-----\nProc-Type: 4\n\nAA==\n-----END K-----\n");
        assert_eq!(b.map(|b| b.bytes), Some(vec![0]));
    }

    #[test]
    fn key_pair_messages_for_pem_problems() {
        let err = |c: &[u8], k: &[u8]| key_pair(c, k).unwrap_err();
        assert_eq!(
            err(b"", b""),
            (
                Side::Cert,
                "tls: failed to find any PEM data in certificate input".into()
            )
        );
        let key = b"-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n";
        assert_eq!(err(key, b"").0, Side::Cert);
        assert!(err(key, b"")
            .1
            .contains("PEM inputs may have been switched"));
        let two = b"-----BEGIN A-----\n-----END A-----\n-----BEGIN B-----\n-----END B-----\n";
        assert_eq!(
            err(two, b"").1,
            "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [A B]"
        );
        let cert = b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";
        assert_eq!(
            err(cert, cert),
            (
                Side::Key,
                "tls: found a certificate rather than a key in the PEM for the private key".into()
            )
        );
        assert_eq!(
            err(cert, key),
            (Side::Cert, "x509: malformed certificate".into())
        );
    }

    #[test]
    fn only_the_first_document_counts() {
        assert_eq!(first_document("a: 1\n---\nb: [\n"), "a: 1\n");
        assert_eq!(first_document("---\na: 1\n--- \nb\n"), "---\na: 1\n");
        assert_eq!(
            first_document("# c\n%YAML 1.1\n---\na: 1\n"),
            "# c\n%YAML 1.1\n---\na: 1\n"
        );
        assert_eq!(first_document("a: |\n  x\n...\nb"), "a: |\n  x\n");
        assert_eq!(first_document("a: '---'\n----\n"), "a: '---'\n----\n");
        assert!(validate_text("basic_auth_users: {}\n---\nnot: [valid\n", ".").is_ok());
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let p = validate_text("\u{feff}http_server_config: {x: 1}\n", ".").unwrap_err();
        assert_eq!(p.span.map(|s| s.start), Some(24));
    }

    #[test]
    fn header_and_type_messages() {
        let problem = |text: &str| validate_text(text, ".").unwrap_err().message;
        assert_eq!(
            problem("http_server_config:\n  headers:\n    X-Frame-Options: allow\n"),
            "invalid value for X-Frame-Options. Expected one of: [\"deny\" \"sameorigin\"], but got: \"allow\""
        );
        assert_eq!(
            problem("http_server_config:\n  headers:\n    Server: x\n"),
            "HTTP header \"Server\" can not be configured"
        );
        assert_eq!(
            problem("tls_server_config:\n  cipher_suites: TLS_AES_128_GCM_SHA256\n"),
            "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `TLS_AES...` into []web.Cipher"
        );
        assert_eq!(
            problem("basic_auth_users: [a]\n"),
            "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into map[string]config.Secret"
        );
        assert_eq!(
            problem("rate_limit:\n  burst: \"5\"\n"),
            "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `5` into int"
        );
        assert_eq!(
            problem("rate_limit:\n  interval: 1d\n"),
            "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!str `1d` into time.Duration"
        );
        assert_eq!(
            problem("tls_server_config:\n  min_version: TLS9\n"),
            "unknown TLS version: TLS9"
        );
        assert!(validate_text("rate_limit:\n  burst: 1.5\n  interval: 1s\n", ".").is_ok());
    }
}
