//! `lookout alertmanager alerts|silence|status`: amtool's live-API commands against
//! Alertmanager's v2 API, with amtool's output formats (simple, extended, json), its
//! configuration-file defaults and its matcher shorthands.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use clap::ValueEnum;

use super::Outcome;
use crate::amapi::{
    self, AlertFilter, AmError, Client, GettableAlert, GettableSilence, PeerStatus, PostableAlert,
    PostableSilence, Raw, Silence, Status,
};
use crate::cli::{
    AmAlertsAddArgs, AmAlertsCommand, AmAlertsQueryArgs, AmApiArgs, AmOutput, AmSilenceAddArgs,
    AmSilenceCommand, AmSilenceExpireArgs, AmSilenceImportArgs, AmSilenceQueryArgs,
    AmSilenceUpdateArgs, AmStatusArgs,
};
use crate::config::alertmanager::matchers::{self, MatchType, Matcher, ParseMode};
use crate::httpclient::ClientOptions;
use crate::tabwriter::TabWriter;
use crate::template::gotime::GoTime;

/// amtool's `--date.format` default.
const DEFAULT_DATE_FORMAT: &str = "2006-01-02 15:04:05 MST";

/// `lookout alertmanager alerts ...`.
pub fn run_alerts(cmd: AmAlertsCommand, mode: ParseMode) -> Result<Outcome> {
    let config = AmtoolConfig::load()?;
    match cmd {
        AmAlertsCommand::Query(a) => alerts_query(a, &config, mode),
        AmAlertsCommand::Add(a) => alerts_add(a, &config, mode),
    }
}

/// `lookout alertmanager silence ...`.
pub fn run_silence(cmd: AmSilenceCommand, mode: ParseMode) -> Result<Outcome> {
    let config = AmtoolConfig::load()?;
    match cmd {
        AmSilenceCommand::Add(a) => silence_add(a, &config, mode),
        AmSilenceCommand::Query(a) => silence_query(a, &config, mode),
        AmSilenceCommand::Expire(a) => silence_expire(a, &config),
        AmSilenceCommand::Update(a) => silence_update(a, &config),
        AmSilenceCommand::Import(a) => silence_import(a, &config),
    }
}

/// `lookout alertmanager status`.
pub fn run_status(a: AmStatusArgs) -> Result<Outcome> {
    status(a, &AmtoolConfig::load()?)
}

/// amtool's configuration file: flag defaults as flat `flag-name: value` YAML, read from
/// `$HOME/.config/amtool/config.yml`, then `/etc/amtool/config.yml`; the first file that
/// sets a key wins. Flags given on the command line (or through the environment) win over it.
#[derive(Debug, Default)]
struct AmtoolConfig {
    /// Flag name → (value, the file it came from).
    flags: BTreeMap<String, (String, PathBuf)>,
}

impl AmtoolConfig {
    fn load() -> Result<AmtoolConfig> {
        let home = std::env::var("HOME").unwrap_or_default();
        AmtoolConfig::load_from(&[
            PathBuf::from(format!("{home}/.config/amtool/config.yml")),
            PathBuf::from("/etc/amtool/config.yml"),
        ])
    }

    fn load_from(files: &[PathBuf]) -> Result<AmtoolConfig> {
        let mut flags = BTreeMap::new();
        for path in files {
            if !path.is_file() {
                continue;
            }
            let text = super::read_file(path)?;
            let opts = crate::yaml::Options {
                go_yaml_v2: true,
                ..crate::yaml::Options::default()
            };
            let (map, _): (Option<BTreeMap<String, String>>, _) =
                crate::yaml::from_str(&text, opts).map_err(|e| {
                    anyhow!("could not load amtool config file {}: {e}", path.display())
                })?;
            let map = map.unwrap_or_default();
            for (key, value) in &map {
                // The old spelling counts only when the file does not also use the new one.
                let key = match key.as_str() {
                    "comment_required" if map.contains_key("require-comment") => continue,
                    "comment_required" => "require-comment",
                    k => k,
                };
                flags
                    .entry(key.to_string())
                    .or_insert_with(|| (value.clone(), path.clone()));
            }
        }
        Ok(AmtoolConfig { flags })
    }

    /// A text flag's value: the command line's, else the file's.
    fn text(&self, given: Option<String>, flag: &str) -> Option<String> {
        given.or_else(|| self.flags.get(flag).map(|(v, _)| v.clone()))
    }

    /// A flag's value: the command line's, else the file's (read with `parse`, errors
    /// naming the file), else none.
    fn or_file<T>(
        &self,
        given: Option<T>,
        flag: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>> {
        if given.is_some() {
            return Ok(given);
        }
        match self.flags.get(flag) {
            Some((value, path)) => parse(value)
                .map(Some)
                .map_err(|e| anyhow!("{}: {flag}: {e}", path.display())),
            None => Ok(None),
        }
    }
}

/// A connected client and how to print.
struct Api {
    client: Client,
    output: AmOutput,
    date_format: String,
}

impl Api {
    fn open(args: &AmApiArgs, config: &AmtoolConfig) -> Result<Api> {
        let url = config
            .text(args.url.clone(), "alertmanager.url")
            .ok_or_else(|| {
                anyhow!(
                    "no Alertmanager to talk to: give --alertmanager.url URL (or set \
                     ALERTMANAGER_URL, or alertmanager.url in amtool's config.yml)"
                )
            })?;
        let timeout = match &args.timeout {
            Some(t) => Some(parse_duration_ms(t).map_err(|e| anyhow!("--timeout: {e}"))?),
            None => config.or_file(None, "timeout", parse_duration_ms)?,
        }
        .unwrap_or(30_000);
        if timeout <= 0 {
            bail!("--timeout must be positive");
        }
        let mut opts = ClientOptions {
            follow_redirects: true,
            timeout: Some(std::time::Duration::from_millis(timeout.unsigned_abs())),
            ..ClientOptions::default()
        };
        let http_config =
            config.or_file(args.http_config_file.clone(), "http.config.file", |v| {
                Ok(PathBuf::from(v))
            })?;
        if let Some(path) = http_config {
            super::query::apply_http_config(&mut opts, &path)?;
        }
        let client = Client::new(&url, &opts).map_err(|e| anyhow!(e))?;
        let output = config
            .or_file(args.output, "output", |v| {
                AmOutput::from_str(v, false)
                    .map_err(|_| format!("unknown output format {v:?} (simple, extended or json)"))
            })?
            .unwrap_or(AmOutput::Simple);
        let date_format = config
            .text(args.date_format.clone(), "date.format")
            .unwrap_or_else(|| DEFAULT_DATE_FORMAT.to_string());
        Ok(Api {
            client,
            output,
            date_format,
        })
    }
}

/// A Prometheus duration (`1h30m`, `2d`) or a Go one (`1.5h`, `300ms`), in milliseconds:
/// amtool reads some flags one way and some the other.
fn parse_duration_ms(s: &str) -> Result<i64, String> {
    match crate::duration::parse_duration(s) {
        Ok(ms) => Ok(ms),
        Err(e) => crate::config::web::parse_go_duration(s)
            .map(|ns| ns / 1_000_000)
            .ok_or_else(|| e.to_string()),
    }
}

/// An RFC 3339 time flag, in milliseconds.
fn parse_time_flag(flag: &str, s: &str) -> Result<i64> {
    crate::time::parse_rfc3339_ms(s).ok_or_else(|| {
        anyhow!("--{flag} {s:?}: not an RFC 3339 time (2006-01-02T15:04:05Z or 2006-01-02T15:04:05-07:00)")
    })
}

/// A time as the API writes it: RFC 3339 in UTC with milliseconds.
fn api_time(ms: i64) -> String {
    let t = crate::time::rfc3339_ms(ms);
    match t.strip_suffix('Z') {
        Some(base) if !base.contains('.') => format!("{base}.000Z"),
        _ => t,
    }
}

/// An API time in milliseconds; Go's zero time when it is missing or unreadable.
fn time_ms(s: &str) -> i64 {
    crate::time::parse_rfc3339_ms(s).unwrap_or(GO_ZERO_TIME_MS)
}

/// `0001-01-01T00:00:00Z`.
const GO_ZERO_TIME_MS: i64 = -62_135_596_800_000;

/// An API time printed with a Go layout, as amtool's `FormatDate` does (in UTC, where the
/// API's times are).
fn format_date(s: &str, layout: &str) -> String {
    let ms = time_ms(s);
    GoTime::from_unix(ms.div_euclid(1000), ms.rem_euclid(1000) * 1_000_000).format(layout)
}

/// Parses one command-line matcher, printing the warnings of the fallback grammar.
fn parse_cli_matcher(s: &str, mode: ParseMode) -> Result<Matcher, String> {
    let parsed = matchers::parse_matcher_from(s, mode, "cli")?;
    for w in parsed.warnings {
        eprintln!("lookout: warning: {w}");
    }
    Ok(parsed.value)
}

/// amtool's shorthand: a first argument that is not a matcher is the alert name. Unlike
/// amtool, one that holds an operator character (`=`, `~`) is kept, so a mistyped matcher
/// is reported instead of becoming a strange alert name.
fn with_alertname_shorthand(args: &[String], mode: ParseMode) -> Vec<String> {
    let mut args = args.to_vec();
    if let Some(first) = args.first_mut() {
        if !first.contains(['=', '~']) && matchers::parse_matcher_from(first, mode, "cli").is_err()
        {
            *first = format!("alertname={}", crate::gostr::quote(first));
        }
    }
    args
}

/// `name=value` pairs (parsed as matchers, as amtool does), for labels and annotations.
fn parse_pairs(args: &[String], mode: ParseMode, what: &str) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for a in args {
        let m = parse_cli_matcher(a, mode).map_err(|e| anyhow!("{what} {a:?}: {e}"))?;
        if m.kind != MatchType::Equal {
            bail!("{what} {a:?}: {what}s must be specified as key=value pairs");
        }
        out.insert(m.name, m.value);
    }
    Ok(out)
}

/// A failed call: the server's refusal is exit 1, anything else (unreachable, unreadable
/// answer) is exit 2.
fn failed(e: AmError) -> Result<Outcome> {
    if e.is_rejection() {
        eprintln!("lookout: error: {e}");
        Ok(Outcome::Failed)
    } else {
        Err(anyhow!(e))
    }
}

fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("writing to standard output")
}

fn alerts_query(a: AmAlertsQueryArgs, config: &AmtoolConfig, mode: ParseMode) -> Result<Outcome> {
    let filter = with_alertname_shorthand(&a.matchers, mode);
    // The server parses the filters; checking them first gives a clearer error.
    for m in &filter {
        parse_cli_matcher(m, mode).map_err(|e| anyhow!("matcher {m:?}: {e}"))?;
    }
    let mut f = AlertFilter {
        active: a.active,
        silenced: a.silenced,
        inhibited: a.inhibited,
        unprocessed: a.unprocessed,
        filter,
        receiver: a.receiver.unwrap_or_default(),
    };
    if !(f.active || f.silenced || f.inhibited || f.unprocessed) {
        f.active = true;
    }
    let api = Api::open(&a.api, config)?;
    let alerts = match api.client.alerts(&f) {
        Ok(v) => v,
        Err(e) => return failed(e),
    };
    print(&format_alerts(alerts, api.output, &api.date_format))?;
    Ok(Outcome::Success)
}

fn alerts_add(a: AmAlertsAddArgs, config: &AmtoolConfig, mode: ParseMode) -> Result<Outcome> {
    let labels = parse_pairs(&with_alertname_shorthand(&a.labels, mode), mode, "label")?;
    let annotations = parse_pairs(&a.annotations, mode, "annotation")?;
    let starts_at = match &a.start {
        Some(s) => api_time(parse_time_flag("start", s)?),
        None => String::new(),
    };
    let ends_at = match &a.end {
        Some(s) => api_time(parse_time_flag("end", s)?),
        None => String::new(),
    };
    let alert = PostableAlert {
        annotations,
        ends_at,
        starts_at,
        generator_url: a.generator_url.unwrap_or_default(),
        labels,
    };
    let api = Api::open(&a.api, config)?;
    match api.client.post_alerts(&[alert]) {
        Ok(()) => Ok(Outcome::Success),
        Err(e) => failed(e),
    }
}

/// The user name amtool puts in `createdBy` by default (Go's `user.Current()`): the
/// account of the process's user id in /etc/passwd, else $USER.
fn username() -> String {
    let uid = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|ids| ids.split_whitespace().next().map(str::to_string))
        });
    let from_passwd = uid.and_then(|uid| {
        let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
        passwd.lines().find_map(|l| {
            let mut fields = l.split(':');
            let name = fields.next()?;
            (fields.nth(1)? == uid).then(|| name.to_string())
        })
    });
    from_passwd
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default()
}

fn silence_add(a: AmSilenceAddArgs, config: &AmtoolConfig, mode: ParseMode) -> Result<Outcome> {
    // amtool's checks, in its order.
    let mut api_matchers = Vec::new();
    for m in with_alertname_shorthand(&a.matchers, mode) {
        let parsed = parse_cli_matcher(&m, mode).map_err(|e| anyhow!("matcher {m:?}: {e}"))?;
        api_matchers.push(api_matcher(&parsed));
    }
    let start = match &a.start {
        Some(s) => parse_time_flag("start", s)?,
        None => crate::time::now_ms(),
    };
    let end = match &a.end {
        Some(s) => parse_time_flag("end", s)?,
        None => {
            let d = config
                .text(a.duration.clone(), "duration")
                .unwrap_or_else(|| "1h".into());
            let ms = parse_duration_ms(&d).map_err(|e| anyhow!("--duration: {e}"))?;
            if ms <= 0 {
                bail!("silence duration must be greater than 0");
            }
            start.saturating_add(ms)
        }
    };
    if start > end {
        bail!("silence cannot start after it ends");
    }
    let require_comment = config
        .or_file(a.require_comment, "require-comment", |v| {
            crate::gostr::parse_bool(v).ok_or_else(|| format!("not a boolean: {v:?}"))
        })?
        .unwrap_or(true);
    let comment = config
        .text(a.comment.clone(), "comment")
        .unwrap_or_default();
    if require_comment && comment.is_empty() {
        bail!("comment required by config: give --comment TEXT (or --require-comment=false)");
    }
    let annotations = parse_pairs(&a.annotations, mode, "annotation")?;
    let author = config
        .text(a.author.clone(), "author")
        .unwrap_or_else(username);
    let silence = PostableSilence {
        id: String::new(),
        silence: Silence {
            annotations: (!annotations.is_empty()).then_some(annotations),
            comment,
            created_by: author,
            ends_at: api_time(end),
            matchers: api_matchers,
            starts_at: api_time(start),
        },
    };
    let api = Api::open(&a.api, config)?;
    match api.client.post_silence(&silence) {
        Ok(id) => {
            print(&format!("{id}\n"))?;
            Ok(Outcome::Success)
        }
        Err(e) => failed(e),
    }
}

/// amtool's `TypeMatcher`: a parsed matcher in the API's form.
fn api_matcher(m: &Matcher) -> amapi::Matcher {
    amapi::Matcher {
        is_equal: m.is_equal(),
        is_regex: m.is_regex(),
        name: m.name.clone(),
        value: m.value.clone(),
    }
}

fn silence_query(a: AmSilenceQueryArgs, config: &AmtoolConfig, mode: ParseMode) -> Result<Outcome> {
    let filter = with_alertname_shorthand(&a.matchers, mode);
    for m in &filter {
        parse_cli_matcher(m, mode).map_err(|e| anyhow!("matcher {m:?}: {e}"))?;
    }
    let within = match &a.within {
        Some(w) => parse_duration_ms(w).map_err(|e| anyhow!("--within: {e}"))?,
        None => 0,
    };
    let api = Api::open(&a.api, config)?;
    let silences = match api.client.silences(&filter) {
        Ok(v) => v,
        Err(e) => return failed(e),
    };
    let pick = SilencePick {
        expired: a.expired,
        within_ms: within,
        created_by: a.created_by,
        id: a.id,
    };
    let shown = pick.select(silences, crate::time::now_ms());
    if a.quiet {
        let ids: String = shown.iter().map(|s| format!("{}\n", s.value.id)).collect();
        print(&ids)?;
    } else {
        print(&format_silences(shown, api.output, &api.date_format))?;
    }
    Ok(Outcome::Success)
}

/// amtool's client-side silence filters.
struct SilencePick {
    /// Expired silences (ended by now) instead of the others.
    expired: bool,
    /// When positive: only those ending within this long from now (or, expired, that ended
    /// within it).
    within_ms: i64,
    created_by: Option<String>,
    id: Option<String>,
}

impl SilencePick {
    fn select(&self, silences: Vec<Raw<GettableSilence>>, now: i64) -> Vec<Raw<GettableSilence>> {
        silences
            .into_iter()
            .filter(|s| {
                let ends = time_ms(&s.value.silence.ends_at);
                // Go's Before/After are strict: a silence ending exactly now is both.
                let state_ok = if self.expired {
                    ends <= now
                } else {
                    ends >= now
                };
                let within_ok = self.within_ms <= 0
                    || if self.expired {
                        ends >= now.saturating_sub(self.within_ms)
                    } else {
                        ends <= now.saturating_add(self.within_ms)
                    };
                state_ok
                    && within_ok
                    && self
                        .created_by
                        .as_ref()
                        .is_none_or(|c| *c == s.value.silence.created_by)
                    && self.id.as_ref().is_none_or(|id| *id == s.value.id)
            })
            .collect()
    }
}

fn silence_expire(a: AmSilenceExpireArgs, config: &AmtoolConfig) -> Result<Outcome> {
    let api = Api::open(&a.api, config)?;
    let mut outcome = Outcome::Success;
    for id in &a.ids {
        match api.client.expire_silence(id) {
            Ok(()) => {}
            Err(e) if e.is_rejection() => {
                eprintln!("lookout: error: silence {id}: {e}");
                outcome = Outcome::Failed;
            }
            Err(e) => return Err(anyhow!(e)),
        }
    }
    Ok(outcome)
}

fn silence_update(a: AmSilenceUpdateArgs, config: &AmtoolConfig) -> Result<Outcome> {
    let start = a
        .start
        .as_deref()
        .map(|s| parse_time_flag("start", s))
        .transpose()?;
    let end = a
        .end
        .as_deref()
        .map(|s| parse_time_flag("end", s))
        .transpose()?;
    let duration = match &a.duration {
        Some(d) => {
            let ms = parse_duration_ms(d).map_err(|e| anyhow!("--duration: {e}"))?;
            if ms <= 0 {
                bail!("silence duration must be greater than 0");
            }
            Some(ms)
        }
        None => None,
    };
    let api = Api::open(&a.api, config)?;
    let mut updated = Vec::new();
    let mut outcome = Outcome::Success;
    for id in &a.ids {
        let mut s = match api.client.silence(id) {
            Ok(s) => s,
            Err(e) if e.is_rejection() => {
                eprintln!("lookout: error: silence {id}: {e}");
                outcome = Outcome::Failed;
                continue;
            }
            Err(e) => return Err(anyhow!(e)),
        };
        if let Some(start) = start {
            s.silence.starts_at = api_time(start);
        }
        if let Some(end) = end {
            s.silence.ends_at = api_time(end);
        } else if let Some(d) = duration {
            s.silence.ends_at = api_time(time_ms(&s.silence.starts_at).saturating_add(d));
        }
        if time_ms(&s.silence.starts_at) > time_ms(&s.silence.ends_at) {
            eprintln!("lookout: error: silence {id}: silence cannot start after it ends");
            outcome = Outcome::Failed;
            continue;
        }
        if let Some(c) = &a.comment {
            s.silence.comment = c.clone();
        }
        let post = PostableSilence {
            id: s.id.clone(),
            silence: s.silence.clone(),
        };
        match api.client.post_silence(&post) {
            Ok(new_id) => {
                s.id = new_id;
                updated.push(s);
            }
            Err(e) if e.is_rejection() => {
                eprintln!("lookout: error: silence {id}: {e}");
                outcome = Outcome::Failed;
            }
            Err(e) => return Err(anyhow!(e)),
        }
    }
    if a.quiet {
        let ids: String = updated.iter().map(|s| format!("{}\n", s.id)).collect();
        print(&ids)?;
    } else if api.output == AmOutput::Json {
        print(&format!("{}\n", amapi::go_json(&updated)))?;
    } else {
        print(&format_silence_rows(updated, api.output, &api.date_format))?;
    }
    Ok(outcome)
}

fn silence_import(a: AmSilenceImportArgs, config: &AmtoolConfig) -> Result<Outcome> {
    let (text, source) = match &a.file {
        Some(p) if p != Path::new("-") => (super::read_file(p)?, p.display().to_string()),
        _ => (super::read_stdin()?, "standard input".to_string()),
    };
    let items: Vec<Box<serde_json::value::RawValue>> = serde_json::from_str(&text)
        .map_err(|e| anyhow!("{source}: not a JSON array of silences: {e}"))?;
    let mut silences = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let mut s: PostableSilence = serde_json::from_str(item.get())
            .map_err(|e| anyhow!("{source}: silence #{}: {e}", i + 1))?;
        if a.force {
            s.id.clear();
        }
        silences.push(s);
    }
    let api = Api::open(&a.api, config)?;
    let total = silences.len();
    let labels: Vec<String> = silences.iter().map(describe_import).collect();
    // Ids print in input order as soon as every earlier silence is done.
    let mut results: Vec<Option<amapi::PostResult>> = (0..total).map(|_| None).collect();
    let mut next = 0;
    let mut failures = 0;
    let mut unreachable = None;
    let mut out = io::stdout().lock();
    let mut write_err = None;
    api.client
        .import_silences(silences, usize::from(a.workers), |i, result| {
            if let Some(slot) = results.get_mut(i) {
                *slot = Some(result);
            }
            while let Some(Some(result)) = results.get_mut(next).map(Option::take) {
                match result {
                    Ok(id) => {
                        if let Err(e) = writeln!(out, "{id}") {
                            write_err.get_or_insert(e);
                        }
                    }
                    Err(e) => {
                        failures += 1;
                        let what = labels.get(next).map_or("", String::as_str);
                        eprintln!("lookout: error: silence #{} {what}: {e}", next + 1);
                        if !e.is_rejection() && unreachable.is_none() {
                            unreachable = Some(e);
                        }
                    }
                }
                next += 1;
            }
        });
    if let Some(e) = write_err {
        return Err(anyhow!(e).context("writing to standard output"));
    }
    out.flush().context("writing to standard output")?;
    if failures == 0 {
        return Ok(Outcome::Success);
    }
    let summary = format!("couldn't import {failures} out of {total} silences");
    if let Some(e) = unreachable {
        return Err(anyhow!("{summary} ({e})"));
    }
    eprintln!("lookout: error: {summary}");
    Ok(Outcome::Failed)
}

/// How an import error names its silence: the id it had and its matchers.
fn describe_import(s: &PostableSilence) -> String {
    let matchers = matchers_extended(&s.silence.matchers);
    if s.id.is_empty() {
        matchers
    } else {
        format!("(id {}) {matchers}", s.id)
    }
}

fn status(a: AmStatusArgs, config: &AmtoolConfig) -> Result<Outcome> {
    let api = Api::open(&a.api, config)?;
    let status = match api.client.status() {
        Ok(s) => s,
        Err(e) => return failed(e),
    };
    print(&format_status(&status, api.output))?;
    Ok(Outcome::Success)
}

// ---- amtool's formatters (cli/format/*.go) ----

/// A Go `tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)` fed `rows`.
fn table(rows: &[String]) -> String {
    let mut tw = TabWriter::new(0, 0, 2, b' ', false);
    for r in rows {
        tw.write(r.as_bytes());
    }
    String::from_utf8_lossy(&tw.flush()).into_owned()
}

/// `[a,b,...]` from the server's own JSON of each element, as amtool's encoder writes the
/// list back.
fn json_list<T>(items: &[Raw<T>]) -> String {
    let mut out = String::from("[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item.json.get());
    }
    out.push_str("]\n");
    out
}

/// `amtool alert query` output, alerts sorted by start time (Go's unstable sort, so ties
/// come out in amtool's order).
fn format_alerts(mut alerts: Vec<Raw<GettableAlert>>, output: AmOutput, layout: &str) -> String {
    if output == AmOutput::Json {
        return json_list(&alerts);
    }
    crate::gosort::sort_slice(&mut alerts, |a, b| {
        time_ms(&a.value.starts_at) < time_ms(&b.value.starts_at)
    });
    let mut rows = Vec::with_capacity(alerts.len() + 1);
    if output == AmOutput::Extended {
        rows.push("Labels\tAnnotations\tStarts At\tEnds At\tGenerator URL\tState\t\n".to_string());
        for a in &alerts {
            let a = &a.value;
            rows.push(format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t\n",
                pairs_extended(&a.labels),
                pairs_extended(&a.annotations),
                format_date(&a.starts_at, layout),
                format_date(&a.ends_at, layout),
                a.generator_url,
                a.status.state
            ));
        }
    } else {
        rows.push("Alertname\tStarts At\tSummary\tState\t\n".to_string());
        for a in &alerts {
            let a = &a.value;
            let get = |m: &BTreeMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
            rows.push(format!(
                "{}\t{}\t{}\t{}\t\n",
                get(&a.labels, "alertname"),
                format_date(&a.starts_at, layout),
                get(&a.annotations, "summary"),
                a.status.state
            ));
        }
    }
    table(&rows)
}

/// `k="v"` pairs sorted as text (not by name: `a0="x"` sorts before `a="x"`), space-joined.
fn pairs_extended(m: &BTreeMap<String, String>) -> String {
    let mut pairs: Vec<String> = m.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    pairs.sort();
    pairs.join(" ")
}

/// `amtool silence query` output.
fn format_silences(silences: Vec<Raw<GettableSilence>>, output: AmOutput, layout: &str) -> String {
    if output == AmOutput::Json {
        return json_list(&silences);
    }
    let rows = silences.into_iter().map(|s| s.value).collect();
    format_silence_rows(rows, output, layout)
}

/// The simple or extended silence table, sorted by end time.
fn format_silence_rows(
    mut silences: Vec<GettableSilence>,
    output: AmOutput,
    layout: &str,
) -> String {
    crate::gosort::sort_slice(&mut silences, |a, b| {
        time_ms(&a.silence.ends_at) < time_ms(&b.silence.ends_at)
    });
    let mut rows = Vec::with_capacity(silences.len() + 1);
    if output == AmOutput::Extended {
        rows.push(
            "ID\tMatchers\tStarts At\tEnds At\tUpdated At\tCreated By\tComment\t\n".to_string(),
        );
        for s in &silences {
            rows.push(format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t\n",
                s.id,
                matchers_extended(&s.silence.matchers),
                format_date(&s.silence.starts_at, layout),
                format_date(&s.silence.ends_at, layout),
                format_date(&s.updated_at, layout),
                s.silence.created_by,
                s.silence.comment
            ));
        }
    } else {
        rows.push("ID\tMatchers\tEnds At\tCreated By\tComment\t\n".to_string());
        for s in &silences {
            let matchers: Vec<String> = s.silence.matchers.iter().map(matcher_text).collect();
            rows.push(format!(
                "{}\t{}\t{}\t{}\t{}\t\n",
                s.id,
                matchers.join(" "),
                format_date(&s.silence.ends_at, layout),
                s.silence.created_by,
                s.silence.comment
            ));
        }
    }
    table(&rows)
}

/// An API matcher as Alertmanager's `Matcher.String()` prints it.
fn matcher_text(m: &amapi::Matcher) -> String {
    match Matcher::from_flags(&m.name, &m.value, m.is_regex, m.is_equal) {
        Ok(parsed) => parsed.to_string(),
        // A regex our engine cannot compile still prints; the value Go-quoted.
        Err(_) => {
            let op = match (m.is_regex, m.is_equal) {
                (false, true) => "=",
                (false, false) => "!=",
                (true, true) => "=~",
                (true, false) => "!~",
            };
            format!("{}{op}{}", m.name, crate::gostr::quote(&m.value))
        }
    }
}

/// `{a="1",b=~"x"}`.
fn matchers_extended(ms: &[amapi::Matcher]) -> String {
    let texts: Vec<String> = ms.iter().map(matcher_text).collect();
    format!("{{{}}}", texts.join(","))
}

/// `amtool cluster show`: the cluster status and node name; extended adds the peers, sorted
/// by address.
fn format_status(status: &Raw<Status>, output: AmOutput) -> String {
    let c = &status.value.cluster;
    match output {
        AmOutput::Json => format!("{}\n", status.json.get()),
        AmOutput::Simple => table(&[format!(
            "Cluster Status:\t{}\nNode Name:\t{}\n",
            c.status, c.name
        )]),
        AmOutput::Extended => {
            let mut peers: Vec<&PeerStatus> = c.peers.iter().collect();
            crate::gosort::sort_slice(&mut peers, |a, b| peer_less(&a.address, &b.address));
            let mut rows = vec![
                format!("Cluster Status:\t{}\nNode Name:\t{}\n\n", c.status, c.name),
                "Address\tName\n".to_string(),
            ];
            rows.extend(
                peers
                    .iter()
                    .map(|p| format!("{}\t{}\t\n", p.address, p.name)),
            );
            table(&rows)
        }
    }
}

/// amtool's `ByAddress`: by IP (as 16 bytes, unparseable first), then by port number.
fn peer_less(a: &str, b: &str) -> bool {
    let split = |s: &str| -> (Vec<u8>, u32) {
        let (host, port) = s.rsplit_once(':').unwrap_or((s, ""));
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let ip = match host.parse::<std::net::IpAddr>() {
            Ok(std::net::IpAddr::V4(v4)) => v4.to_ipv6_mapped().octets().to_vec(),
            Ok(std::net::IpAddr::V6(v6)) => v6.octets().to_vec(),
            Err(_) => Vec::new(),
        };
        (ip, port.parse().unwrap_or(0))
    };
    let (ip1, p1) = split(a);
    let (ip2, p2) = split(b);
    if ip1 == ip2 {
        p1 < p2
    } else {
        ip1 < ip2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// API answers captured from Alertmanager 0.25 and amtool 0.25's output for them
    /// (fixtures/alertmanager/api-0.25/capture-amtool.py).
    use crate::amapi::fixtures::api_0_25 as fixture;

    fn list<T: for<'de> serde::Deserialize<'de>>(json: String) -> Vec<Raw<T>> {
        let items: Vec<Box<serde_json::value::RawValue>> =
            serde_json::from_str(&json).expect("fixture is a JSON list");
        items
            .into_iter()
            .map(|json| Raw {
                value: serde_json::from_str(json.get()).expect("fixture item decodes"),
                json,
            })
            .collect()
    }

    fn capture_time() -> i64 {
        fixture("amtool/CAPTURE_TIME_MS")
            .trim()
            .parse()
            .expect("capture time")
    }

    fn same_json(ours: &str, theirs: String) {
        let a: serde_json::Value = serde_json::from_str(ours).expect("our JSON parses");
        let b: serde_json::Value = serde_json::from_str(&theirs).expect("amtool's JSON parses");
        assert_eq!(a, b);
        assert!(ours.ends_with("]\n") || ours.ends_with("}\n"), "{ours}");
    }

    #[test]
    fn alerts_as_amtool_prints_them() {
        let alerts = || list::<GettableAlert>(fixture("GET_alerts.json"));
        assert_eq!(
            format_alerts(alerts(), AmOutput::Simple, DEFAULT_DATE_FORMAT),
            fixture("amtool/alerts_simple.txt")
        );
        assert_eq!(
            format_alerts(alerts(), AmOutput::Extended, DEFAULT_DATE_FORMAT),
            fixture("amtool/alerts_extended.txt")
        );
        same_json(
            &format_alerts(alerts(), AmOutput::Json, DEFAULT_DATE_FORMAT),
            fixture("amtool/alerts_json.txt"),
        );
    }

    #[test]
    fn silences_as_amtool_selects_and_prints_them() {
        let now = capture_time();
        let silences = || list::<GettableSilence>(fixture("GET_silences.json"));
        let pick = |expired, within_ms| SilencePick {
            expired,
            within_ms,
            created_by: None,
            id: None,
        };
        for (expired, output, want) in [
            (
                false,
                AmOutput::Simple,
                fixture("amtool/silences_simple.txt"),
            ),
            (
                false,
                AmOutput::Extended,
                fixture("amtool/silences_extended.txt"),
            ),
            (
                true,
                AmOutput::Simple,
                fixture("amtool/silences_expired_simple.txt"),
            ),
            (
                true,
                AmOutput::Extended,
                fixture("amtool/silences_expired_extended.txt"),
            ),
        ] {
            let shown = pick(expired, 0).select(silences(), now);
            assert_eq!(format_silences(shown, output, DEFAULT_DATE_FORMAT), want);
        }
        let within = pick(true, 10 * 3_600_000).select(silences(), now);
        assert_eq!(
            format_silences(within, AmOutput::Simple, DEFAULT_DATE_FORMAT),
            fixture("amtool/silences_expired_within_10h.txt")
        );
        same_json(
            &format_silences(pick(true, 0).select(silences(), now), AmOutput::Json, ""),
            fixture("amtool/silences_expired_json.txt"),
        );
        let by_id = SilencePick {
            id: Some("37ab8332-5ed0-4285-b33e-b6adb3e07cb0".into()),
            ..pick(true, 0)
        };
        assert_eq!(by_id.select(silences(), now).len(), 1);
        let by_author = SilencePick {
            created_by: Some("someone else".into()),
            ..pick(true, 0)
        };
        assert!(by_author.select(silences(), now).is_empty());
    }

    #[test]
    fn cluster_status_as_amtool_prints_it() {
        for (status, simple, extended) in [
            (
                fixture("GET_status.json"),
                fixture("amtool/cluster_simple.txt"),
                fixture("amtool/cluster_extended.txt"),
            ),
            (
                fixture("status_peers.json"),
                fixture("amtool/cluster_peers_simple.txt"),
                fixture("amtool/cluster_peers_extended.txt"),
            ),
        ] {
            let json: Box<serde_json::value::RawValue> =
                serde_json::from_str(&status).expect("fixture is JSON");
            let raw = Raw {
                value: serde_json::from_str(json.get()).expect("status decodes"),
                json,
            };
            assert_eq!(format_status(&raw, AmOutput::Simple), simple);
            assert_eq!(format_status(&raw, AmOutput::Extended), extended);
            same_json(&format_status(&raw, AmOutput::Json), status.clone());
        }
    }

    #[test]
    fn dates_follow_go_layouts() {
        assert_eq!(
            format_date("2026-11-22T00:34:58.310Z", DEFAULT_DATE_FORMAT),
            "2026-11-22 00:34:58 UTC"
        );
        assert_eq!(
            format_date(
                "2026-11-22T02:34:58.310+02:00",
                "2006-01-02T15:04:05.000Z07:00"
            ),
            "2026-11-22T00:34:58.310Z"
        );
        assert_eq!(format_date("", "2006"), "0001");
        assert_eq!(api_time(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(api_time(1_764_000_000_123), "2025-11-24T16:00:00.123Z");
    }

    #[test]
    fn extended_pairs_sort_as_text() {
        let m: BTreeMap<String, String> = [("a", "1"), ("a0", "2"), ("b", "<&>")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(pairs_extended(&m), r#"a0="2" a="1" b="<&>""#);
    }

    #[test]
    fn matchers_print_as_alertmanager() {
        let m = |name: &str, value: &str, is_regex, is_equal| amapi::Matcher {
            is_equal,
            is_regex,
            name: name.into(),
            value: value.into(),
        };
        let ms = [
            m("a", "x\"y", false, true),
            m("b", "c.*", true, false),
            m("c", "d", false, false),
            m("d", "(", true, true),
        ];
        assert_eq!(
            matchers_extended(&ms),
            r#"{a="x\"y",b!~"c.*",c!="d",d=~"("}"#
        );
    }

    #[test]
    fn command_line_shorthands() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            with_alertname_shorthand(&args(&["Disk Full", "a=b"]), ParseMode::Fallback),
            args(&["alertname=\"Disk Full\"", "a=b"])
        );
        for kept in ["a=~b.*", "a=~\"(\"", "a b=c"] {
            assert_eq!(
                with_alertname_shorthand(&args(&[kept]), ParseMode::Fallback),
                args(&[kept])
            );
        }
        let pairs =
            parse_pairs(&args(&["a=1", "b=\"x y\""]), ParseMode::Fallback, "label").expect("pairs");
        assert_eq!(pairs.get("b").map(String::as_str), Some("x y"));
        let err =
            parse_pairs(&args(&["a!=1"]), ParseMode::Fallback, "label").expect_err("not equality");
        assert!(err
            .to_string()
            .contains("labels must be specified as key=value pairs"));
    }

    #[test]
    fn durations_read_both_ways() {
        assert_eq!(parse_duration_ms("1h30m"), Ok(5_400_000));
        assert_eq!(parse_duration_ms("2d"), Ok(172_800_000));
        assert_eq!(parse_duration_ms("1.5h"), Ok(5_400_000));
        assert_eq!(parse_duration_ms("300ms"), Ok(300));
        assert!(parse_duration_ms("soon").is_err());
    }

    #[test]
    fn peers_sort_by_ip_then_port() {
        assert!(peer_less("10.0.0.2:894", "10.0.0.2:9094"));
        assert!(peer_less("10.0.0.2:9094", "10.0.0.10:1"));
        assert!(peer_less("[::1]:9094", "10.0.0.1:1"));
        assert!(!peer_less("10.0.0.10:1", "10.0.0.2:9094"));
    }

    #[test]
    fn amtool_config_files() {
        let dir = std::env::temp_dir().join(format!("lookout-amtool-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let write = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).expect("write");
            p
        };
        // amtool's own test data (cli/config/testdata): the first file wins per key.
        let good1 = write("good1.yml", "id: id1\nurl: url1\n");
        let good2 = write("good2.yml", "old-id: id2\nurl: url2\n");
        let bad = write("bad.yml", "BAD\n");
        let missing = dir.join("missing.yml");
        let cfg = AmtoolConfig::load_from(&[good1.clone(), good2.clone(), missing.clone()])
            .expect("loads");
        assert_eq!(cfg.text(None, "url").as_deref(), Some("url1"));
        assert_eq!(cfg.text(None, "old-id").as_deref(), Some("id2"));
        assert_eq!(cfg.text(Some("cli".into()), "url").as_deref(), Some("cli"));
        assert_eq!(cfg.text(None, "nothing"), None);
        assert!(AmtoolConfig::load_from(&[good1, bad]).is_err());
        let legacy = write("legacy.yml", "comment_required: false\n");
        let both = write(
            "both.yml",
            "comment_required: false\nrequire-comment: true\n",
        );
        let parse = |v: &str| crate::gostr::parse_bool(v).ok_or_else(|| v.to_string());
        let cfg = AmtoolConfig::load_from(&[legacy]).expect("loads");
        assert_eq!(
            cfg.or_file(None, "require-comment", parse).ok().flatten(),
            Some(false)
        );
        let cfg = AmtoolConfig::load_from(&[both]).expect("loads");
        assert_eq!(
            cfg.or_file(None, "require-comment", parse).ok().flatten(),
            Some(true)
        );
        let bad_bool = write("badbool.yml", "require-comment: maybe\n");
        let cfg = AmtoolConfig::load_from(&[bad_bool]).expect("loads");
        let err = cfg
            .or_file(None, "require-comment", parse)
            .expect_err("not a bool");
        assert!(
            err.to_string().contains("badbool.yml: require-comment"),
            "{err}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
