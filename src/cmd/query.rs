//! `lookout query instant|range|series|labels`: PromQL against a server's HTTP API or a TSDB
//! data directory, printed as a table, the API's JSON, CSV or a terminal chart.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};

use super::Outcome;
use crate::cli::{
    QueryCommand, QueryInstantArgs, QueryLabelsArgs, QueryOutput, QueryRangeArgs, QuerySeriesArgs,
    QuerySource,
};
use crate::model::labels::Labels;
use crate::model::matcher::Matcher;
use crate::promapi::{ApiError, Client, ClientOptions, Method};
use crate::promql::engine::value::value_to_api_json_text;
use crate::promql::engine::{Engine, EngineOpts};
use crate::promql::Features;
use crate::storage::tsdb::TsdbStorage;

pub fn run(cmd: QueryCommand, features: Features) -> Result<Outcome> {
    match cmd {
        QueryCommand::Instant(a) => instant(a, features),
        QueryCommand::Range(a) => range(a, features),
        QueryCommand::Series(a) => series(a),
        QueryCommand::Labels(a) => labels(a),
    }
}

/// Where a query runs.
enum Backend {
    Tsdb {
        storage: TsdbStorage,
        engine: Engine,
    },
    Server(Client),
}

impl Backend {
    fn open(src: &QuerySource) -> Result<Backend> {
        if let Some(dir) = &src.tsdb {
            if !dir.is_dir() {
                bail!("{}: not a directory", dir.display());
            }
            let storage = TsdbStorage::open(dir)?;
            for w in storage.warnings() {
                eprintln!("lookout: warning: {w}");
            }
            let engine = Engine::new(EngineOpts {
                lookback_delta_ms: src.lookback_delta.as_millis(),
                ..EngineOpts::default()
            });
            return Ok(Backend::Tsdb { storage, engine });
        }
        let url = src
            .server
            .as_deref()
            .ok_or_else(|| anyhow!("give --server URL or --tsdb DIR"))?;
        let opts = client_options(src)?;
        let client = Client::new(url, &opts).map_err(|e| anyhow!(e))?;
        Ok(Backend::Server(client))
    }

    /// The default end of a query: now, or with --tsdb the newest sample's time when the
    /// data ends earlier (a backfilled store would otherwise answer nothing).
    fn default_time(&self) -> i64 {
        let now = crate::time::now_ms();
        match self {
            Backend::Tsdb { storage, .. } => {
                storage.time_range().map_or(now, |(_, max)| max.min(now))
            }
            Backend::Server(_) => now,
        }
    }
}

/// An answer's data: a server's `data` JSON text, or what the local engine produced (turned
/// into JSON only for `--output json`).
enum Body {
    Json(String),
    Value(crate::promql::engine::value::Value),
    LabelSets(Vec<Labels>),
    Strings(Vec<String>),
}

impl Body {
    /// The API's `data` text.
    fn json(&self) -> String {
        match self {
            Body::Json(s) => s.clone(),
            Body::Value(v) => value_to_api_json_text(v),
            Body::LabelSets(sets) => json_list(sets.iter().map(labels_json)),
            Body::Strings(items) => json_list(items.iter().map(|s| crate::gostr::json_string(s))),
        }
    }
}

/// What a query printed or failed with.
enum Answer {
    /// The answer and its warnings/infos.
    Data { body: Body, warnings: Vec<String> },
    /// The query was rejected or failed (exit 1).
    QueryError(String),
}

impl Backend {
    fn call(&self, method: Method, path: &str, params: &[(&str, String)]) -> Result<Answer> {
        let Backend::Server(client) = self else {
            bail!("internal: not a server backend");
        };
        match client.call(method, path, params) {
            Ok(r) => {
                let mut warnings = r.warnings;
                warnings.extend(r.infos.into_iter().map(|i| format!("info: {i}")));
                Ok(Answer::Data {
                    body: Body::Json(r.data.get().to_string()),
                    warnings,
                })
            }
            Err(e) if e.is_query_error() => Ok(Answer::QueryError(api_error_text(&e))),
            Err(e) => Err(anyhow!(e)),
        }
    }
}

fn api_error_text(e: &ApiError) -> String {
    match e {
        ApiError::Api {
            error_type, error, ..
        } => format!("{error_type}: {error}"),
        other => other.to_string(),
    }
}

fn instant(a: QueryInstantArgs, features: Features) -> Result<Outcome> {
    let backend = Backend::open(&a.source)?;
    let t = match &a.time {
        Some(s) => parse_time(s)?,
        None => backend.default_time(),
    };
    let answer = match &backend {
        Backend::Tsdb { storage, engine } => {
            let expr = match crate::promql::parse(&a.expr, features) {
                Ok(e) => e,
                Err(e) => return query_failed(&format!("parse error: {}", e.msg)),
            };
            match engine.instant_query(storage, &expr, t) {
                Ok(r) => Answer::Data {
                    body: Body::Value(r.value),
                    warnings: annotation_lines(&r.annotations, &a.expr),
                },
                Err(e) => Answer::QueryError(e.msg),
            }
        }
        Backend::Server(_) => backend.call(
            Method::Post,
            "query",
            &[
                ("query", a.expr.clone()),
                ("time", crate::time::format_api_seconds(t)),
            ],
        )?,
    };
    print_answer(answer, a.source.output, Kind::Query)
}

fn range(a: QueryRangeArgs, features: Features) -> Result<Outcome> {
    let backend = Backend::open(&a.source)?;
    let end = match &a.end {
        Some(s) => parse_time(s)?,
        None => backend.default_time(),
    };
    let start = match &a.start {
        Some(s) => parse_time(s)?,
        None => end - 3_600_000,
    };
    if end < start {
        bail!("--end must not be before --start");
    }
    // `end >= start`, but their difference may not fit an i64.
    let range = i128::from(end) - i128::from(start);
    // promtool's default: the range / 250, whole seconds, at least one.
    let step = a.step.map_or_else(
        || i64::try_from((range / 1000 / 250).max(1) * 1000).unwrap_or(i64::MAX),
        |d| d.as_millis(),
    );
    if step <= 0 {
        bail!("--step must be positive");
    }
    let answer = match &backend {
        // The HTTP API's limit, which a server would answer with bad_data.
        Backend::Tsdb { .. } if range / i128::from(step) > 11_000 => Answer::QueryError(
            "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the \
             query resolution (?step=XX)"
                .into(),
        ),
        Backend::Tsdb { storage, engine } => {
            let expr = match crate::promql::parse(&a.expr, features) {
                Ok(e) => e,
                Err(e) => return query_failed(&format!("parse error: {}", e.msg)),
            };
            match engine.range_query(storage, &expr, start, end, step) {
                Ok(r) => Answer::Data {
                    body: Body::Value(r.value),
                    warnings: annotation_lines(&r.annotations, &a.expr),
                },
                Err(e) => Answer::QueryError(e.msg),
            }
        }
        Backend::Server(_) => backend.call(
            Method::Post,
            "query_range",
            &[
                ("query", a.expr.clone()),
                ("start", crate::time::format_api_seconds(start)),
                ("end", crate::time::format_api_seconds(end)),
                ("step", crate::time::format_api_seconds(step)),
            ],
        )?,
    };
    print_answer(answer, a.source.output, Kind::Query)
}

fn series(a: QuerySeriesArgs) -> Result<Outcome> {
    let backend = Backend::open(&a.source)?;
    let (start, end) = time_range(a.start.as_deref(), a.end.as_deref())?;
    let answer = match &backend {
        Backend::Tsdb { storage, .. } => {
            let mut all: Vec<Labels> = Vec::new();
            for sel in &a.matches {
                let ms = selector(sel)?;
                all.extend(storage.series_labels(
                    &ms,
                    start.unwrap_or(i64::MIN),
                    end.unwrap_or(i64::MAX),
                )?);
            }
            all.sort();
            all.dedup();
            Answer::Data {
                body: Body::LabelSets(all),
                warnings: Vec::new(),
            }
        }
        Backend::Server(_) => backend.call(
            Method::Post,
            "series",
            &selector_params(&a.matches, start, end),
        )?,
    };
    print_answer(answer, a.source.output, Kind::Series)
}

fn labels(a: QueryLabelsArgs) -> Result<Outcome> {
    let backend = Backend::open(&a.source)?;
    let (start, end) = time_range(a.start.as_deref(), a.end.as_deref())?;
    let answer = match &backend {
        Backend::Tsdb { storage, .. } => {
            let mut out = std::collections::BTreeSet::new();
            let selectors: Vec<Vec<Matcher>> = a
                .matches
                .iter()
                .map(|s| selector(s))
                .collect::<Result<_>>()?;
            if selectors.is_empty() {
                // As Prometheus: from the indexes of the blocks the range overlaps.
                let (mint, maxt) = (start.unwrap_or(i64::MIN), end.unwrap_or(i64::MAX));
                match &a.name {
                    Some(n) => out.extend(storage.label_values_between(n, mint, maxt)),
                    None => out.extend(storage.label_names_between(mint, maxt)),
                }
            } else {
                for ms in &selectors {
                    let found = storage.series_labels(
                        ms,
                        start.unwrap_or(i64::MIN),
                        end.unwrap_or(i64::MAX),
                    )?;
                    for labels in &found {
                        match &a.name {
                            Some(n) => out.extend(
                                labels.get(n).filter(|v| !v.is_empty()).map(str::to_string),
                            ),
                            None => out.extend(labels.iter().map(|l| l.name.clone())),
                        }
                    }
                }
            }
            Answer::Data {
                body: Body::Strings(out.into_iter().collect()),
                warnings: Vec::new(),
            }
        }
        Backend::Server(_) => {
            let params = selector_params(&a.matches, start, end);
            // `/label/NAME/values` is served over GET only.
            match &a.name {
                Some(n) => {
                    let path = format!("label/{}/values", url_path_escape(n));
                    backend.call(Method::Get, &path, &params)?
                }
                None => backend.call(Method::Post, "labels", &params)?,
            }
        }
    };
    print_answer(answer, a.source.output, Kind::Labels)
}

/// What kind of `data` an answer holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Query,
    Series,
    Labels,
}

fn query_failed(msg: &str) -> Result<Outcome> {
    eprintln!("lookout: query failed: {msg}");
    Ok(Outcome::Failed)
}

fn print_answer(answer: Answer, output: QueryOutput, kind: Kind) -> Result<Outcome> {
    let (body, warnings) = match answer {
        Answer::QueryError(msg) => return query_failed(&msg),
        Answer::Data { body, warnings } => (body, warnings),
    };
    for w in &warnings {
        eprintln!("lookout: warning: {w}");
    }
    use super::query_render::Result as Rendered;
    let text = if output == QueryOutput::Json {
        let mut s = body.json();
        s.push('\n');
        s
    } else {
        let result = match body {
            Body::Json(json) => {
                let data: serde_json::Value =
                    serde_json::from_str(&json).context("decoding the answer")?;
                Rendered::from_api(&data, kind == Kind::Query)
                    .map_err(|e| anyhow!("unexpected answer from the server: {e}"))?
            }
            Body::Value(v) => Rendered::from_value(&v),
            Body::LabelSets(sets) => {
                Rendered::LabelSets(sets.iter().map(super::query_render::pairs).collect())
            }
            Body::Strings(items) => Rendered::Strings(items),
        };
        let tty = io::stdout().is_terminal();
        match (output, kind) {
            (QueryOutput::Csv, _) => result.csv(),
            (QueryOutput::Chart, Kind::Query) => {
                let color = tty && crate::diag::color_enabled_for_stdout();
                result.chart(terminal_width(), color)?
            }
            (QueryOutput::Chart, _) => bail!("--output chart needs a range query"),
            _ => result.table(tty),
        }
    };
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("writing standard output")?;
    Ok(Outcome::Success)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

fn annotation_lines(
    a: &crate::promql::engine::annotations::Annotations,
    query: &str,
) -> Vec<String> {
    let mut out = a.warnings(query);
    out.extend(a.infos(query).into_iter().map(|i| format!("info: {i}")));
    out
}

fn selector(s: &str) -> Result<Vec<Matcher>> {
    crate::promql::parse_metric_selector(s).map_err(|e| anyhow!("--match {s:?}: {}", e.msg))
}

fn time_range(start: Option<&str>, end: Option<&str>) -> Result<(Option<i64>, Option<i64>)> {
    let start = start.map(parse_time).transpose()?;
    let end = end.map(parse_time).transpose()?;
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            bail!("--end must not be before --start");
        }
    }
    Ok((start, end))
}

/// `match[]` and the optional time range, as `/series` and `/labels` take them.
fn selector_params(
    matches: &[String],
    start: Option<i64>,
    end: Option<i64>,
) -> Vec<(&'static str, String)> {
    let mut params: Vec<(&str, String)> = matches.iter().map(|m| ("match[]", m.clone())).collect();
    if let Some(s) = start {
        params.push(("start", crate::time::format_api_seconds(s)));
    }
    if let Some(e) = end {
        params.push(("end", crate::time::format_api_seconds(e)));
    }
    params
}

/// A JSON list of already-encoded items.
fn json_list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
}

/// `now`, RFC 3339 or Unix seconds.
fn parse_time(s: &str) -> Result<i64> {
    if s == "now" {
        return Ok(crate::time::now_ms());
    }
    crate::time::parse_api_time_ms(s).map_err(|e| anyhow!(e))
}

fn labels_json(l: &Labels) -> String {
    let mut out = String::new();
    crate::promql::engine::value::push_labels(&mut out, l);
    out
}

/// A label name in a URL path (UTF-8 names are allowed; escape everything but unreserved).
fn url_path_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The client settings from the flags and `--http.config.file`.
fn client_options(src: &QuerySource) -> Result<ClientOptions> {
    let mut o = ClientOptions {
        follow_redirects: true,
        timeout: Some(std::time::Duration::from_millis(
            u64::try_from(src.timeout.as_millis()).unwrap_or(0),
        )),
        insecure_skip_verify: src.tls_insecure_skip_verify,
        ..ClientOptions::default()
    };
    if let Some(path) = &src.http_config_file {
        apply_http_config(&mut o, path)?;
    }
    for h in &src.headers {
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| anyhow!("--header {h:?}: want 'Name: value'"))?;
        o.headers
            .push((name.trim().to_string(), value.trim().to_string()));
    }
    if let Some(f) = &src.bearer_token_file {
        o.bearer_token = Some(read_secret(f)?);
    }
    if let Some(ba) = &src.basic_auth {
        let (user, pass) = match ba.split_once(':') {
            Some((u, p)) => (u.to_string(), p.to_string()),
            None => (
                ba.clone(),
                std::env::var("LOOKOUT_PASSWORD").unwrap_or_default(),
            ),
        };
        o.basic_auth = Some((user, pass));
    }
    if let Some(f) = &src.tls_ca_file {
        o.ca_pem = Some(std::fs::read(f).with_context(|| format!("reading {}", f.display()))?);
    }
    if let (Some(c), Some(k)) = (&src.tls_cert_file, &src.tls_key_file) {
        let mut pem = std::fs::read(c).with_context(|| format!("reading {}", c.display()))?;
        pem.push(b'\n');
        pem.extend(std::fs::read(k).with_context(|| format!("reading {}", k.display()))?);
        o.identity_pem = Some(pem);
    }
    Ok(o)
}

/// A secret file's content without the trailing newline (as Prometheus reads them).
fn read_secret(path: &Path) -> Result<String> {
    let s = super::read_file(path)?;
    Ok(s.trim_end_matches(['\n', '\r']).to_string())
}

/// promtool's `--http.config.file`: Prometheus's `http_config` YAML, strictly decoded and
/// validated; file paths in it are relative to the file.
pub(crate) fn apply_http_config(o: &mut ClientOptions, path: &Path) -> Result<()> {
    use crate::config::http::HttpClientConfig;
    let text = super::read_file(path)?;
    let opts = crate::yaml::Options {
        go_yaml_v2: true,
        ..crate::yaml::Options::default()
    };
    let (mut cfg, _): (HttpClientConfig, _) =
        crate::yaml::from_str(&text, opts).map_err(|e| anyhow!("{}: {}", path.display(), e))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    cfg.set_directory(dir);
    cfg.validate()
        .map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let file_or = |inline: &str, file: &str| -> Result<Option<String>> {
        if !file.is_empty() {
            return read_secret(Path::new(file)).map(Some);
        }
        Ok((!inline.is_empty()).then(|| inline.to_string()))
    };
    if cfg.oauth2.is_some() {
        bail!("{}: oauth2 is not supported yet", path.display());
    }
    if let Some(b) = &cfg.basic_auth {
        let user = file_or(&b.username, &b.username_file)?.unwrap_or_default();
        let pass = file_or(&b.password.0, &b.password_file)?.unwrap_or_default();
        o.basic_auth = Some((user, pass));
    }
    if let Some(a) = &cfg.authorization {
        if let Some(cred) = file_or(&a.credentials.0, &a.credentials_file)? {
            let kind = if a.kind.is_empty() { "Bearer" } else { &a.kind };
            o.headers
                .push(("Authorization".into(), format!("{kind} {cred}")));
        }
    }
    let tls = &cfg.tls_config;
    if let Some(ca) = file_or(&tls.ca, &tls.ca_file)? {
        o.ca_pem = Some(ca.into_bytes());
    }
    let cert = file_or(&tls.cert, &tls.cert_file)?;
    let key = file_or(&tls.key.0, &tls.key_file)?;
    if let (Some(c), Some(k)) = (cert, key) {
        o.identity_pem = Some(format!("{c}\n{k}").into_bytes());
    }
    o.insecure_skip_verify |= tls.insecure_skip_verify;
    o.follow_redirects = cfg.follow_redirects;
    if let Some(u) = &cfg.proxy.proxy_url {
        if !u.raw.is_empty() {
            o.proxy_url = Some(u.raw.clone());
        }
    }
    if let Some(headers) = &cfg.http_headers {
        for (name, h) in headers {
            for v in &h.values {
                o.headers.push((name.clone(), v.clone()));
            }
            for v in &h.secrets {
                o.headers.push((name.clone(), v.0.clone()));
            }
            for f in &h.files {
                o.headers.push((name.clone(), read_secret(Path::new(f))?));
            }
        }
    }
    Ok(())
}
