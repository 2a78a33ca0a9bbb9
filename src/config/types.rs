//! Scalar types of Prometheus configuration files with their Go parsing rules and messages:
//! secrets, URLs (`net/url.Parse`), byte sizes (`alecthomas/units.Base2Bytes`).

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A secret value: read like a string, shown as `<secret>` (Prometheus's `config.Secret`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl Secret {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "" } else { "<secret>" })
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Secret(
            Option::<String>::deserialize(d)?.unwrap_or_default(),
        ))
    }
}

/// Label text that Go holds as bytes: a `!!binary` value that is not UTF-8 is rejected
/// with Prometheus's message for label names (`NAME = true`) or values.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabelText<const NAME: bool>(pub String);

impl<const NAME: bool> fmt::Display for LabelText<NAME> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const NAME: bool> From<String> for LabelText<NAME> {
    fn from(s: String) -> Self {
        LabelText(s)
    }
}

pub type LabelNameText = LabelText<true>;
pub type LabelValueText = LabelText<false>;

impl<'de, const NAME: bool> Deserialize<'de> for LabelText<NAME> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<const NAME: bool>;
        impl<const NAME: bool> serde::de::Visitor<'_> for V<NAME> {
            type Value = LabelText<NAME>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(LabelText(s.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(LabelText(String::new()))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(LabelText(String::new()))
            }
            fn visit_bytes<E: serde::de::Error>(self, b: &[u8]) -> Result<Self::Value, E> {
                match std::str::from_utf8(b) {
                    Ok(s) => Ok(LabelText(s.to_string())),
                    Err(_) => Err(E::custom(format!(
                        "{} is not a valid label {}",
                        crate::gostr::quote_bytes(b),
                        if NAME { "name" } else { "value" }
                    ))),
                }
            }
        }
        d.deserialize_string(V::<NAME>)
    }
}

/// A URL as Go's `url.Parse` reads it: lenient, with its error messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Url {
    pub raw: String,
    pub scheme: String,
    /// Host and port, without user info.
    pub host: String,
    pub path: String,
    pub has_password: bool,
}

impl Url {
    /// Go's `url.Parse`, errors worded as `parse "URL": reason`.
    pub fn parse(raw: &str) -> Result<Url, String> {
        let fail = |why: &str| Err(format!("parse {}: {why}", crate::gostr::quote(raw)));
        if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
            return fail("net/url: invalid control character in URL");
        }
        let no_fragment = raw.split_once('#').map_or(raw, |(a, _)| a);
        if no_fragment == "*" {
            return Ok(Url {
                raw: raw.into(),
                path: "*".into(),
                ..Url::default()
            });
        }
        let (scheme, rest) = match split_scheme(no_fragment) {
            Ok(parts) => parts,
            Err(e) => return fail(e),
        };
        let rest = rest.split_once('?').map_or(rest, |(a, _)| a);
        let mut url = Url {
            raw: raw.into(),
            scheme: scheme.to_ascii_lowercase(),
            ..Url::default()
        };
        if !rest.starts_with('/') && !scheme.is_empty() {
            // An opaque URL such as `mailto:x`.
            return Ok(url);
        }
        if scheme.is_empty() {
            let first = rest.split('/').next().unwrap_or("");
            if first.contains(':') && !rest.starts_with("//") {
                return fail("first path segment in URL cannot contain colon");
            }
        }
        let path = if let Some(after) = rest.strip_prefix("//") {
            let (authority, path) = after
                .find('/')
                .map_or((after, ""), |i| (&after[..i], &after[i..]));
            let host = match authority.rsplit_once('@') {
                Some((user, host)) => {
                    url.has_password = user.contains(':');
                    host
                }
                None => authority,
            };
            if let Err(e) = check_host(host) {
                return fail(&e);
            }
            url.host = host.into();
            path
        } else {
            rest
        };
        url.path = path.into();
        Ok(url)
    }

    /// Go's `URL.Redacted`: the password replaced by `xxxxx`.
    pub fn redacted(&self) -> String {
        if !self.has_password {
            return self.raw.clone();
        }
        let Some(at) = self.raw.find('@') else {
            return self.raw.clone();
        };
        let start = self.raw[..at].rfind(':').map_or(at, |i| i + 1);
        format!("{}xxxxx{}", &self.raw[..start], &self.raw[at..])
    }

    /// The host without the port (Go's `URL.Hostname`).
    pub fn hostname(&self) -> &str {
        if let Some(rest) = self.host.strip_prefix('[') {
            return rest.split(']').next().unwrap_or("");
        }
        self.host.split(':').next().unwrap_or("")
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        Url::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Go's `getScheme`.
fn split_scheme(s: &str) -> Result<(&str, &str), &'static str> {
    for (i, c) in s.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            '0'..='9' | '+' | '-' | '.' => return Ok(("", s)),
            ':' if i == 0 => return Err("missing protocol scheme"),
            ':' => return Ok((&s[..i], &s[i + 1..])),
            _ => return Ok(("", s)),
        }
    }
    Ok(("", s))
}

/// Go's `parseHost` checks: a port must be digits, an IPv6 literal must close.
fn check_host(host: &str) -> Result<(), String> {
    let port = if let Some(rest) = host.strip_prefix('[') {
        let Some(end) = rest.find(']') else {
            return Err("missing ']' in host".into());
        };
        let tail = &rest[end + 1..];
        if !tail.is_empty() && !tail.starts_with(':') {
            return Err(format!(
                "invalid port {} after host",
                crate::gostr::quote(tail)
            ));
        }
        tail
    } else {
        host.rfind(':').map_or("", |i| &host[i..])
    };
    if !port.is_empty() && !port[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "invalid port {} after host",
            crate::gostr::quote(port)
        ));
    }
    if let Some(c) = host.chars().find(|c| {
        matches!(
            c,
            ' ' | '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`'
        )
    }) {
        return Err(format!(
            "invalid character {} in host name",
            crate::gostr::quote(&c.to_string())
        ));
    }
    Ok(())
}

/// A size in bytes written with base-2 units (`512MiB`, `1GB`), Prometheus's
/// `units.Base2Bytes`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Base2Bytes(pub i64);

impl Base2Bytes {
    /// `units.ParseBase2Bytes`: the IEC map (`KiB`...), then the old one (`KB`...).
    pub fn parse(s: &str) -> Result<Base2Bytes, String> {
        parse_unit(s, "iB")
            .or_else(|_| parse_unit(s, "B"))
            .map(Base2Bytes)
    }
}

/// `units.Base2Bytes.String`: the largest units first, e.g. `1GiB512MiB`, `0B`.
impl fmt::Display for Base2Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut n = self.0;
        if n == 0 {
            return f.write_str("0B");
        }
        if n < 0 {
            f.write_str("-")?;
            n = n.saturating_neg();
        }
        for (power, prefix) in [(6, "E"), (5, "P"), (4, "T"), (3, "G"), (2, "M"), (1, "K")] {
            let unit = 1i64 << (10 * power);
            if n >= unit {
                write!(f, "{}{prefix}iB", n / unit)?;
                n %= unit;
            }
        }
        if n > 0 {
            write!(f, "{n}B")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Base2Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Go decodes it as text, so `100` arrives as the string "100".
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        Base2Bytes::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The scale of a unit in `units.MakeUnitMap(suffix, "B", 1024)`.
fn unit_scale(unit: &str, suffix: &str) -> Option<f64> {
    if unit == "B" {
        return Some(1.0);
    }
    let prefix = unit.strip_suffix(suffix)?;
    let power = ["K", "M", "G", "T", "P", "E"]
        .iter()
        .position(|p| *p == prefix)?;
    Some(1024f64.powi(power as i32 + 1))
}

/// `units.ParseUnit`: `[-+]?([0-9]*(\.[0-9]*)?[a-zA-Z]+)+`, summed.
fn parse_unit(orig: &str, suffix: &str) -> Result<i64, String> {
    let invalid = || format!("units: invalid {orig}");
    let mut s = orig;
    let mut neg = false;
    if let Some(c) = s.chars().next() {
        if c == '-' || c == '+' {
            neg = c == '-';
            s = &s[1..];
        }
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let mut total = 0f64;
    while !s.is_empty() {
        if !(s.starts_with('.') || s.as_bytes()[0].is_ascii_digit()) {
            return Err(invalid());
        }
        let n = digits(s);
        let int_part = &s[..n];
        let mut value: f64 = if n > 0 {
            int_part.parse::<i64>().map_err(|_| invalid())? as f64
        } else {
            0.0
        };
        s = &s[n..];
        let mut post = false;
        if let Some(rest) = s.strip_prefix('.') {
            let m = digits(rest);
            if m > 0 {
                let frac: i64 = rest[..m].parse().map_err(|_| invalid())?;
                value += frac as f64 / 10f64.powi(m as i32);
            }
            post = m > 0;
            s = &rest[m..];
        }
        if n == 0 && !post {
            return Err(invalid());
        }
        let u = s
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        let unit = &s[..u];
        s = &s[u..];
        let Some(scale) = unit_scale(unit, suffix) else {
            return Err(format!("units: unknown unit {unit} in {orig}"));
        };
        total += value * scale;
    }
    if neg {
        total = -total;
    }
    if !(-9.223372036854776e18..=9.223372036854776e18).contains(&total) {
        return Err("units: overflow parsing unit".into());
    }
    Ok(total as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes_parse_as_go_units_does() {
        assert_eq!(Base2Bytes::parse("1KiB"), Ok(Base2Bytes(1024)));
        assert_eq!(Base2Bytes::parse("1KB"), Ok(Base2Bytes(1024)));
        assert_eq!(Base2Bytes::parse("1.5MB"), Ok(Base2Bytes(1572864)));
        assert_eq!(Base2Bytes::parse("1GiB512MiB"), Ok(Base2Bytes(1610612736)));
        assert_eq!(Base2Bytes::parse("0"), Ok(Base2Bytes(0)));
        assert_eq!(Base2Bytes::parse("-1B"), Ok(Base2Bytes(-1)));
        assert_eq!(
            Base2Bytes::parse("100"),
            Err("units: unknown unit  in 100".into())
        );
        assert_eq!(Base2Bytes::parse("kB"), Err("units: invalid kB".into()));
        assert_eq!(
            Base2Bytes::parse("1kB"),
            Err("units: unknown unit kB in 1kB".into())
        );
    }

    #[test]
    fn urls_parse_as_go_does() {
        let u = Url::parse("https://user:pw@example.com:9090/api?x=1#f").unwrap();
        assert_eq!(
            (u.scheme.as_str(), u.host.as_str(), u.path.as_str()),
            ("https", "example.com:9090", "/api")
        );
        assert!(u.has_password);
        assert_eq!(u.hostname(), "example.com");
        assert_eq!(Url::parse("foo").unwrap().path, "foo");
        assert_eq!(
            Url::parse(":x").unwrap_err(),
            "parse \":x\": missing protocol scheme"
        );
        assert_eq!(
            Url::parse("http://a:b/").unwrap_err(),
            "parse \"http://a:b/\": invalid port \":b\" after host"
        );
        assert_eq!(
            Url::parse("a:b/c").unwrap().scheme,
            "a",
            "a scheme needs no slashes"
        );
        assert_eq!(
            Url::parse("1a:b").unwrap_err(),
            "parse \"1a:b\": first path segment in URL cannot contain colon"
        );
    }
}
