//! Alertmanager's configuration value types (`config/common` upstream): URLs restricted to
//! http(s), secret URLs, templated webhook URLs, `host:port` addresses and the deprecated
//! regex maps, each decoded and validated as its Go `UnmarshalYAML` does.

use std::collections::BTreeMap;

use serde::de::{self, Deserialize, Deserializer};

use crate::config::http::HttpClientConfig;
use crate::config::print::{GoValue, ToGo};
use crate::config::types::Url;
use crate::gostr::quote;

/// What secrets print as.
pub const SECRET_TOKEN: &str = "<secret>";

/// A value whose decoding can only fail as a hard error (Go's `UnmarshalYAML` returning
/// its own error): the string is read first, so a type error stays yaml.v2's soft one.
fn decode_str<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// Upstream's `ParseURL`: Go's `url.Parse`, then an http or https scheme and a host.
pub fn parse_http_url(s: &str) -> Result<Url, String> {
    let u = Url::parse(s)?;
    if u.scheme != "http" && u.scheme != "https" {
        return Err(format!("unsupported scheme {} for URL", quote(&u.scheme)));
    }
    if u.host.is_empty() {
        return Err("missing host for URL".into());
    }
    Ok(u)
}

/// `common.URL`: an http(s) URL checked when loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmUrl(pub Url);

impl AmUrl {
    /// A URL known to be valid (the built-in defaults).
    pub fn known(s: &str) -> AmUrl {
        AmUrl(Url {
            raw: s.to_string(),
            ..Url::parse(s).unwrap_or_default()
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0.raw
    }

    /// Go's `if !strings.HasSuffix(u.Path, "/") { u.Path += "/" }` on the URL's path.
    pub fn ensure_trailing_slash(&mut self) {
        if self.0.path.ends_with('/') {
            return;
        }
        let raw = &self.0.raw;
        let end = raw.find(['?', '#']).unwrap_or(raw.len());
        self.0.raw = format!("{}/{}", &raw[..end], &raw[end..]);
        self.0.path.push('/');
    }
}

impl<'de> Deserialize<'de> for AmUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = decode_str(d)?;
        parse_http_url(&s).map(AmUrl).map_err(de::Error::custom)
    }
}

impl ToGo for AmUrl {
    fn to_go(&self) -> GoValue {
        GoValue::Str(self.0.raw.clone())
    }
}

/// `common.SecretURL`: a URL printed as `<secret>`; `<secret>` itself is accepted (a
/// configuration read back from the API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretUrl(pub Url);

impl SecretUrl {
    pub fn as_str(&self) -> &str {
        &self.0.raw
    }
}

impl<'de> Deserialize<'de> for SecretUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = decode_str(d)?;
        if s == SECRET_TOKEN {
            return Ok(SecretUrl(Url::default()));
        }
        parse_http_url(&s).map(SecretUrl).map_err(de::Error::custom)
    }
}

impl ToGo for SecretUrl {
    fn to_go(&self) -> GoValue {
        GoValue::Str(SECRET_TOKEN.into())
    }
}

/// `common.SecretTemplateURL`: a secret that is either a Go template (checked for syntax
/// only) or an http(s) URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecretTemplateUrl(pub String);

impl SecretTemplateUrl {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Upstream's `ContainsTemplating`: whether `s` holds template syntax, and whether that
/// syntax parses (Go's bare `text/template`, builtin functions only).
pub fn check_templating(s: &str) -> Result<bool, String> {
    if !s.contains("{{") {
        return Ok(false);
    }
    crate::template::exec::Templates::new()
        .parse("", s)
        .map(|_| true)
        .map_err(|e| e.message)
}

impl<'de> Deserialize<'de> for SecretTemplateUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = decode_str(d)?;
        if s.is_empty() || s == SECRET_TOKEN {
            return Ok(SecretTemplateUrl(s));
        }
        match check_templating(&s) {
            Err(e) => Err(de::Error::custom(format!("invalid template syntax: {e}"))),
            Ok(true) => Ok(SecretTemplateUrl(s)),
            Ok(false) => match parse_http_url(&s) {
                Ok(_) => Ok(SecretTemplateUrl(s)),
                Err(e) => Err(de::Error::custom(format!("invalid URL: {e}"))),
            },
        }
    }
}

impl ToGo for SecretTemplateUrl {
    fn to_go(&self) -> GoValue {
        if self.0.is_empty() {
            GoValue::Null
        } else {
            GoValue::Str(SECRET_TOKEN.into())
        }
    }
}

/// `config.HostPort`: `host:port` with a port.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostPort {
    pub host: String,
    pub port: String,
}

impl HostPort {
    pub fn is_empty(&self) -> bool {
        self.host.is_empty() && self.port.is_empty()
    }
}

impl std::fmt::Display for HostPort {
    /// Go's `net.JoinHostPort`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_empty() {
            Ok(())
        } else if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

impl<'de> Deserialize<'de> for HostPort {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = decode_str(d)?;
        if s.is_empty() {
            return Ok(HostPort::default());
        }
        let (host, port) = crate::gostr::split_host_port(&s).map_err(de::Error::custom)?;
        if port.is_empty() {
            return Err(de::Error::custom(format!(
                "address {}: port cannot be empty",
                quote(&s)
            )));
        }
        Ok(HostPort {
            host: host.to_string(),
            port: port.to_string(),
        })
    }
}

impl ToGo for HostPort {
    fn to_go(&self) -> GoValue {
        GoValue::Str(self.to_string())
    }
}

/// `common.Regexp`: a pattern compiled anchored as `^(?:RE)$` (Go syntax, `.` not matching
/// newlines). A null value leaves no regexp, which the enclosing map rejects.
#[derive(Debug, Clone, Default)]
pub struct AmRegex {
    pub original: String,
    pub re: Option<crate::regex::PromRegex>,
}

impl AmRegex {
    pub fn new(s: &str) -> Result<AmRegex, String> {
        let re = crate::regex::PromRegex::new_alertmanager(s).map_err(|e| e.to_string())?;
        Ok(AmRegex {
            original: s.to_string(),
            re: Some(re),
        })
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.re.as_ref().is_some_and(|re| re.is_match(s))
    }
}

impl<'de> Deserialize<'de> for AmRegex {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(AmRegex::default()),
            Some(s) => AmRegex::new(&s).map_err(de::Error::custom),
        }
    }
}

impl ToGo for AmRegex {
    fn to_go(&self) -> GoValue {
        if self.original.is_empty() {
            GoValue::Null
        } else {
            GoValue::Str(self.original.clone())
        }
    }
}

/// The first name among `keys` that is not a classic label name (`model.LabelNameRE`), as
/// `invalid label name "x"`. Go walks a map in random order; we report the first in sorted
/// order.
pub fn check_match_names<'a>(keys: impl IntoIterator<Item = &'a String>) -> Result<(), String> {
    for k in keys {
        if !crate::model::labels::is_legacy_label_name(k) {
            return Err(format!("invalid label name {}", quote(k)));
        }
    }
    Ok(())
}

/// `common.MatchRegexps`: label names to regexes (`match_re`, `source_match_re`, ...).
#[derive(Debug, Clone, Default)]
pub struct MatchRegexps(pub BTreeMap<String, AmRegex>);

impl MatchRegexps {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for MatchRegexps {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let m = Option::<BTreeMap<String, AmRegex>>::deserialize(d)?.unwrap_or_default();
        for (k, v) in &m {
            check_match_names([k]).map_err(de::Error::custom)?;
            if v.re.is_none() {
                return Err(de::Error::custom(format!(
                    "invalid regexp value for {}",
                    quote(k)
                )));
            }
        }
        Ok(MatchRegexps(m))
    }
}

impl ToGo for MatchRegexps {
    fn to_go(&self) -> GoValue {
        self.0.to_go()
    }
}

/// An `http_config`: Prometheus's HTTP client settings, validated when decoded (its Go
/// `UnmarshalYAML` calls `Validate`).
#[derive(Debug, Clone, Default)]
pub struct HttpConfig(pub HttpClientConfig);

impl HttpConfig {
    pub fn go_defaults() -> HttpConfig {
        HttpConfig(HttpClientConfig::go_defaults())
    }
}

impl<'de> Deserialize<'de> for HttpConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let soft_before = crate::yaml::soft_error_count();
        let mut c = HttpClientConfig::deserialize(d)?;
        if crate::yaml::soft_error_count() == soft_before {
            c.validate().map_err(de::Error::custom)?;
        }
        Ok(HttpConfig(c))
    }
}

impl ToGo for HttpConfig {
    fn to_go(&self) -> GoValue {
        self.0.to_go()
    }
}

/// A Go `time.Duration` read with `time.ParseDuration` through `UnmarshalText` (Pushover's
/// `retry`, `expire`, `ttl`): a bad value is a hard error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextDuration(pub i64);

impl<'de> Deserialize<'de> for TextDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = decode_str(d)?;
        crate::config::web::parse_go_duration(&s)
            .map(TextDuration)
            .ok_or_else(|| de::Error::custom(format!("time: invalid duration {}", quote(&s))))
    }
}

impl ToGo for TextDuration {
    fn to_go(&self) -> GoValue {
        GoValue::Str(crate::gostr::format_go_duration_ns(i128::from(self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_urls() {
        assert!(parse_http_url("https://example.com/x").is_ok());
        assert_eq!(
            parse_http_url("ftp://example.com").unwrap_err(),
            r#"unsupported scheme "ftp" for URL"#
        );
        assert_eq!(
            parse_http_url("http://").unwrap_err(),
            "missing host for URL"
        );
        let mut u = AmUrl::known("https://api.opsgenie.com");
        u.ensure_trailing_slash();
        assert_eq!(u.as_str(), "https://api.opsgenie.com/");
    }

    #[test]
    fn templated_urls() {
        assert_eq!(check_templating("http://x"), Ok(false));
        assert_eq!(check_templating("http://{{ .X }}"), Ok(true));
        assert!(check_templating("http://{{ .X ").is_err());
    }

    #[test]
    fn regexes_are_anchored() {
        let re = AmRegex::new("a|b").expect("valid");
        assert!(re.is_match("a") && re.is_match("b") && !re.is_match("ab"));
        assert!(!AmRegex::new("a.b").expect("valid").is_match("a\nb"));
        assert!(AmRegex::new("(").is_err());
    }
}
