//! prometheus.yml: the whole configuration model with Prometheus 3.x's defaults, decoded and
//! validated in the order Prometheus's `config.Load` and `LoadFile` do, with the same
//! messages; positions are kept where a check can point at a line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::discovery::Configs as SdConfigs;
use super::http::{HttpClientConfig, TlsConfig};
use super::relabel;
use super::remote::{RemoteReadConfig, RemoteWriteConfig, SigV4Config};
use super::types::{Base2Bytes, LabelNameText, LabelValueText};
use crate::diag::Span;
use crate::duration::PromDuration;
use crate::go_struct;
use crate::rules::NameValidation;
use crate::yaml::{self, Spanned};

use super::join_dir;

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;

/// `metric_name_validation_scheme`: unset, `legacy` or `utf8`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scheme(pub Option<NameValidation>);

impl<'de> serde::Deserialize<'de> for Scheme {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        NameValidation::from_scheme(&s)
            .map(Scheme)
            .map_err(serde::de::Error::custom)
    }
}

/// Scrape protocols Prometheus can negotiate, sorted as its messages list them.
const SCRAPE_PROTOCOLS: [&str; 5] = [
    "OpenMetricsText0.0.1",
    "OpenMetricsText1.0.0",
    "PrometheusProto",
    "PrometheusText0.0.4",
    "PrometheusText1.0.0",
];

fn validate_protocol(p: &str) -> Result<(), String> {
    if SCRAPE_PROTOCOLS.contains(&p) {
        return Ok(());
    }
    Err(format!(
        "unknown scrape protocol {p}, supported: [{}]",
        SCRAPE_PROTOCOLS.join(" ")
    ))
}

/// Prometheus's `validateAcceptScrapeProtocols`.
fn validate_protocols(protocols: &[String]) -> Result<(), String> {
    if protocols.is_empty() {
        return Err("scrape_protocols cannot be empty".into());
    }
    let mut seen = Vec::new();
    for p in protocols {
        let lower = p.to_lowercase();
        if seen.contains(&lower) {
            return Err(format!(
                "duplicated protocol in scrape_protocols, got [{}]",
                protocols.join(" ")
            ));
        }
        validate_protocol(p).map_err(|e| format!("scrape_protocols: {e}"))?;
        seen.push(lower);
    }
    Ok(())
}

const ESCAPING_SCHEMES: [&str; 4] = ["allow-utf-8", "underscores", "dots", "values"];

go_struct! {
    pub struct GlobalConfig: "config.plain", finish = finish_global {
        pub scrape_interval: PromDuration,
        pub scrape_timeout: PromDuration,
        pub scrape_protocols: Option<Vec<String>>,
        pub evaluation_interval: PromDuration,
        pub rule_query_offset: PromDuration,
        pub query_log_file: String,
        pub scrape_failure_log_file: String,
        pub external_labels: BTreeMap<LabelNameText, LabelValueText>,
        pub body_size_limit: Base2Bytes,
        pub sample_limit: u64,
        pub target_limit: u64,
        pub label_limit: u64,
        pub label_name_length_limit: u64,
        pub label_value_length_limit: u64,
        pub keep_dropped_targets: u64,
        pub metric_name_validation_scheme: Scheme,
        pub metric_name_escaping_scheme: String,
        pub scrape_native_histograms: Option<bool>,
        pub convert_classic_histograms_to_nhcb: bool,
        pub always_scrape_classic_histograms: bool,
        pub extra_scrape_metrics: Option<bool>,
    }
}

impl GlobalConfig {
    /// `DefaultGlobalConfig`.
    pub fn go_defaults() -> GlobalConfig {
        let mut g = GlobalConfig::default();
        // Defaulting an empty global section cannot fail.
        let _ = g.finish_global();
        g
    }

    /// The validation scheme in force (UTF-8 unless `legacy` was asked for).
    pub fn names(&self) -> NameValidation {
        self.metric_name_validation_scheme.0.unwrap_or_default()
    }

    fn finish_global(&mut self) -> Result<(), String> {
        if self.metric_name_validation_scheme.0.is_none() {
            self.metric_name_validation_scheme = Scheme(Some(NameValidation::Utf8));
        }
        let names = self.names();
        // Values that are not UTF-8 were rejected while decoding (`LabelValueText`).
        for name in self.external_labels.keys() {
            if !names.is_valid_label_name(&name.0) {
                return Err(format!(
                    "{} is not a valid label name",
                    crate::gostr::quote(&name.0)
                ));
            }
        }
        if self.scrape_interval.0 == 0 {
            self.scrape_interval = PromDuration(MINUTE);
        }
        if self.scrape_timeout > self.scrape_interval {
            return Err("global scrape timeout greater than scrape interval".into());
        }
        if self.scrape_timeout.0 == 0 {
            self.scrape_timeout = PromDuration((10 * SECOND).min(self.scrape_interval.0));
        }
        if self.evaluation_interval.0 == 0 {
            self.evaluation_interval = PromDuration(MINUTE);
        }
        self.scrape_native_histograms.get_or_insert(false);
        self.extra_scrape_metrics.get_or_insert(false);
        if let Some(p) = &self.scrape_protocols {
            validate_protocols(p).map_err(|e| format!("{e} for global config"))?;
        }
        Ok(())
    }

    /// Go's `GlobalConfig.isZero`: nothing was set (a null `global:`).
    fn is_zero(&self) -> bool {
        self.external_labels.is_empty()
            && self.scrape_interval.0 == 0
            && self.scrape_timeout.0 == 0
            && self.evaluation_interval.0 == 0
            && self.rule_query_offset.0 == 0
            && self.query_log_file.is_empty()
            && self.scrape_failure_log_file.is_empty()
            && self.scrape_protocols.is_none()
            && self.scrape_native_histograms.is_none()
            && !self.convert_classic_histograms_to_nhcb
            && !self.always_scrape_classic_histograms
            && self.body_size_limit.0 == 0
            && self.sample_limit == 0
            && self.target_limit == 0
            && self.label_limit == 0
            && self.label_name_length_limit == 0
            && self.label_value_length_limit == 0
            && self.keep_dropped_targets == 0
            && self.metric_name_validation_scheme.0.is_none()
            && self.metric_name_escaping_scheme.is_empty()
            && self.extra_scrape_metrics.is_none()
    }
}

go_struct! {
    pub struct RuntimeConfig: "config.RuntimeConfig" {
        pub gogc: i64,
    }
}

/// A relabel list where a null entry is kept, to be reported with the section's message.
pub type RelabelList = Vec<Spanned<Option<relabel::Config>>>;

/// The steps of a relabel list (null entries are rejected while loading).
pub fn steps(list: &RelabelList) -> impl Iterator<Item = &relabel::Config> {
    list.iter().filter_map(|s| s.value.as_ref())
}

go_struct! {
    pub struct ScrapeConfig: "config.ScrapeConfig", defaults = go_defaults, finish = finish_scrape {
        pub @keep job_name: String,
        pub honor_labels: bool,
        pub @keep honor_timestamps: bool,
        pub @keep track_timestamps_staleness: bool,
        pub params: BTreeMap<String, Vec<String>>,
        pub scrape_interval: PromDuration,
        pub scrape_timeout: PromDuration,
        pub scrape_protocols: Option<Vec<String>>,
        pub fallback_scrape_protocol: String,
        pub scrape_native_histograms: Option<bool>,
        pub always_scrape_classic_histograms: Option<bool>,
        pub convert_classic_histograms_to_nhcb: Option<bool>,
        pub scrape_failure_log_file: String,
        pub metrics_path: String,
        pub scheme: String,
        pub @keep enable_compression: bool,
        pub body_size_limit: Base2Bytes,
        pub sample_limit: u64,
        pub target_limit: u64,
        pub label_limit: u64,
        pub label_name_length_limit: u64,
        pub label_value_length_limit: u64,
        pub native_histogram_bucket_limit: u64,
        pub native_histogram_min_bucket_factor: f64,
        pub keep_dropped_targets: u64,
        pub metric_name_validation_scheme: Scheme,
        pub metric_name_escaping_scheme: String,
        pub extra_scrape_metrics: Option<bool>,
        pub @inline http: HttpClientConfig,
        pub relabel_configs: RelabelList,
        pub metric_relabel_configs: RelabelList,
        // Go appends the discovery keys after the struct's own fields.
        pub @inline sd: SdConfigs,
    }
}

/// Prometheus's `checkStaticTargets`: a static target is a host and port, never a URL.
fn check_static_targets(sd: &SdConfigs) -> Result<(), String> {
    for target in sd.static_configs.iter().flat_map(|g| &g.targets) {
        if target.contains('/') {
            return Err(format!(
                "{} is not a valid hostname",
                crate::gostr::quote(target)
            ));
        }
    }
    Ok(())
}

impl ScrapeConfig {
    fn go_defaults() -> ScrapeConfig {
        ScrapeConfig {
            metrics_path: "/metrics".into(),
            scheme: "http".into(),
            honor_timestamps: true,
            http: HttpClientConfig::go_defaults(),
            enable_compression: true,
            ..ScrapeConfig::default()
        }
    }

    fn finish_scrape(&mut self) -> Result<(), String> {
        self.sd.check()?;
        if self.job_name.is_empty() {
            return Err("job_name is empty".into());
        }
        self.http.validate()?;
        if self.relabel_configs.is_empty() {
            check_static_targets(&self.sd)?;
        }
        // Null relabeling steps are reported by `validate`, which can point at them.
        Ok(())
    }

    /// Prometheus's `ScrapeConfig.Validate`: inherits the global settings, then checks. An
    /// error about one relabeling step carries that step's position.
    pub fn validate(&mut self, global: &GlobalConfig) -> Result<(), (String, Option<Span>)> {
        for (list, which) in [
            (&self.relabel_configs, "target"),
            (&self.metric_relabel_configs, "metric"),
        ] {
            if let Some(null) = list.iter().find(|r| r.value.is_none()) {
                return Err((
                    format!("empty or null {which} relabeling rule in scrape config"),
                    Some(null.span),
                ));
            }
        }
        self.validate_settings(global).map_err(|e| (e, None))?;
        let names = self.names();
        for rc in self
            .relabel_configs
            .iter()
            .chain(&self.metric_relabel_configs)
        {
            if let Some(c) = &rc.value {
                c.validate(names).map_err(|e| (e, Some(rc.span)))?;
            }
        }
        Ok(())
    }

    fn validate_settings(&mut self, global: &GlobalConfig) -> Result<(), String> {
        let job = crate::gostr::quote(&self.job_name);
        if self.scrape_interval.0 == 0 {
            self.scrape_interval = global.scrape_interval;
        }
        if self.scrape_timeout > self.scrape_interval {
            return Err(format!(
                "scrape timeout greater than scrape interval for scrape config with job name {job}"
            ));
        }
        if self.scrape_timeout.0 == 0 {
            self.scrape_timeout = global.scrape_timeout.min(self.scrape_interval);
        }
        let inherit = |own: &mut u64, global: u64| {
            if *own == 0 {
                *own = global;
            }
        };
        if self.body_size_limit.0 == 0 {
            self.body_size_limit = global.body_size_limit;
        }
        inherit(&mut self.sample_limit, global.sample_limit);
        inherit(&mut self.target_limit, global.target_limit);
        inherit(&mut self.label_limit, global.label_limit);
        inherit(
            &mut self.label_name_length_limit,
            global.label_name_length_limit,
        );
        inherit(
            &mut self.label_value_length_limit,
            global.label_value_length_limit,
        );
        inherit(&mut self.keep_dropped_targets, global.keep_dropped_targets);
        if self.scrape_failure_log_file.is_empty() {
            self.scrape_failure_log_file = global.scrape_failure_log_file.clone();
        }
        if self.scrape_native_histograms.is_none() {
            self.scrape_native_histograms = global.scrape_native_histograms;
        }
        if self.extra_scrape_metrics.is_none() {
            self.extra_scrape_metrics = global.extra_scrape_metrics;
        }
        if self.scrape_protocols.is_none() {
            self.scrape_protocols = Some(match &global.scrape_protocols {
                Some(p) => p.clone(),
                None => {
                    let mut p = Vec::new();
                    if self.scrape_native_histograms == Some(true) {
                        p.push("PrometheusProto".to_string());
                    }
                    p.extend(
                        [
                            "OpenMetricsText1.0.0",
                            "OpenMetricsText0.0.1",
                            "PrometheusText1.0.0",
                            "PrometheusText0.0.4",
                        ]
                        .map(String::from),
                    );
                    p
                }
            });
        }
        validate_protocols(self.scrape_protocols.as_deref().unwrap_or_default())
            .map_err(|e| format!("{e} for scrape config with job name {job}"))?;
        if !self.fallback_scrape_protocol.is_empty() {
            validate_protocol(&self.fallback_scrape_protocol).map_err(|e| {
                format!(
                    "invalid fallback_scrape_protocol for scrape config with job name {job}: {e}"
                )
            })?;
        }
        let global_names = global.names();
        let local_unset = self.metric_name_validation_scheme.0.is_none();
        let names = *self
            .metric_name_validation_scheme
            .0
            .get_or_insert(global_names);
        let global_escaping = match global.metric_name_escaping_scheme.as_str() {
            "" if global_names == NameValidation::Legacy => "underscores",
            "" => "allow-utf-8",
            s if ESCAPING_SCHEMES.contains(&s) => s,
            s => {
                return Err(format!(
                    "unknown global name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got {}",
                    crate::gostr::quote(s)
                ))
            }
        };
        if self.metric_name_escaping_scheme.is_empty() {
            self.metric_name_escaping_scheme = if local_unset {
                global_escaping.into()
            } else if names == NameValidation::Legacy {
                "underscores".into()
            } else {
                "allow-utf-8".into()
            };
        }
        match self.metric_name_escaping_scheme.as_str() {
            "allow-utf-8" if names != NameValidation::Utf8 => {
                return Err(
                    "utf8 metric names requested but validation scheme is not set to UTF8".into(),
                )
            }
            s if ESCAPING_SCHEMES.contains(&s) => {}
            s => {
                return Err(format!(
                    "unknown scrape config name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got {}",
                    crate::gostr::quote(s)
                ))
            }
        }
        self.convert_classic_histograms_to_nhcb
            .get_or_insert(global.convert_classic_histograms_to_nhcb);
        self.always_scrape_classic_histograms
            .get_or_insert(global.always_scrape_classic_histograms);
        Ok(())
    }

    /// The validation scheme the job uses once validated.
    pub fn names(&self) -> NameValidation {
        self.metric_name_validation_scheme.0.unwrap_or_default()
    }
}

go_struct! {
    pub struct AlertmanagerConfig: "config.AlertmanagerConfig", defaults = go_defaults, finish = finish_am {
        pub @inline http: HttpClientConfig,
        pub sigv4: Option<SigV4Config>,
        pub scheme: String,
        pub path_prefix: String,
        pub timeout: PromDuration,
        pub @keep api_version: ApiVersion,
        pub relabel_configs: RelabelList,
        pub alert_relabel_configs: RelabelList,
        // Go appends the discovery keys after the struct's own fields.
        pub @inline sd: SdConfigs,
    }
}

/// The Alertmanager API version; only `v2` remains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiVersion(pub String);

impl<'de> serde::Deserialize<'de> for ApiVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        if s != "v2" {
            return Err(serde::de::Error::custom(format!(
                "expected Alertmanager api version to be one of [v2] but got {s}"
            )));
        }
        Ok(ApiVersion(s))
    }
}

impl AlertmanagerConfig {
    fn go_defaults() -> AlertmanagerConfig {
        AlertmanagerConfig {
            scheme: "http".into(),
            timeout: PromDuration(10 * SECOND),
            api_version: ApiVersion("v2".into()),
            http: HttpClientConfig::go_defaults(),
            ..AlertmanagerConfig::default()
        }
    }

    fn finish_am(&mut self) -> Result<(), String> {
        self.sd.check()?;
        self.http.validate()?;
        let h = &self.http;
        if (h.basic_auth.is_some() || h.authorization.is_some() || h.oauth2.is_some())
            && self.sigv4.is_some()
        {
            return Err(
                "at most one of basic_auth, authorization, oauth2, & sigv4 must be configured"
                    .into(),
            );
        }
        if self.relabel_configs.is_empty() {
            check_static_targets(&self.sd)?;
        }
        if self.relabel_configs.iter().any(|r| r.value.is_none()) {
            return Err("empty or null Alertmanager target relabeling rule".into());
        }
        if self.alert_relabel_configs.iter().any(|r| r.value.is_none()) {
            return Err("empty or null Alertmanager alert relabeling rule".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct AlertingConfig: "config.plain", finish = finish_alerting {
        pub alert_relabel_configs: RelabelList,
        pub alertmanagers: Vec<Spanned<Option<AlertmanagerConfig>>>,
    }
}

impl AlertingConfig {
    fn finish_alerting(&mut self) -> Result<(), String> {
        if self.alert_relabel_configs.iter().any(|r| r.value.is_none()) {
            return Err("empty or null alert relabeling rule".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct RetentionConfig: "config.plain", finish = validate {
        pub time: PromDuration,
        pub size: Base2Bytes,
        pub percentage: f64,
    }
}

impl RetentionConfig {
    fn validate(&mut self) -> Result<(), String> {
        if self.size.0 < 0 {
            return Err(format!(
                "'storage.tsdb.retention.size' must be greater than or equal to 0, got {}",
                self.size.0
            ));
        }
        if !(0.0..=100.0).contains(&self.percentage) {
            return Err(format!(
                "'storage.tsdb.retention.percentage' must be in the range [0, 100], got {}",
                crate::gostr::format_float_g(self.percentage)
            ));
        }
        Ok(())
    }
}

go_struct! {
    pub struct ChunkEncodingConfig: "config.ChunkEncodingConfig" {
        pub floats: String,
    }
}

go_struct! {
    pub struct TsdbConfig: "config.plain", finish = validate {
        pub outofordertimewindow: i64,
        pub out_of_order_time_window: PromDuration,
        pub stale_series_compaction_threshold: f64,
        pub chunk_encoding: ChunkEncodingConfig,
        pub retention: Option<RetentionConfig>,
    }
}

impl TsdbConfig {
    fn validate(&mut self) -> Result<(), String> {
        self.outofordertimewindow = self.out_of_order_time_window.0;
        let floats = &self.chunk_encoding.floats;
        if !["", "xor", "xor2"].contains(&floats.as_str()) {
            return Err(format!(
                "'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be omitted entirely, got {}",
                crate::gostr::quote(floats)
            ));
        }
        self.retention.get_or_insert_with(RetentionConfig::default);
        Ok(())
    }
}

go_struct! {
    pub struct ExemplarsConfig: "config.ExemplarsConfig" {
        pub max_exemplars: i64,
    }
}

go_struct! {
    pub struct StorageConfig: "config.StorageConfig" {
        pub tsdb: Option<TsdbConfig>,
        pub exemplars: Option<ExemplarsConfig>,
    }
}

/// `tracing.client_type`: `grpc` or `http`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TracingClientType(pub String);

impl<'de> serde::Deserialize<'de> for TracingClientType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        if s != "http" && s != "grpc" {
            return Err(serde::de::Error::custom(format!(
                "expected tracing client type to be to be http or grpc, but got {s}"
            )));
        }
        Ok(TracingClientType(s))
    }
}

go_struct! {
    pub struct TracingConfig: "config.plain", defaults = go_defaults, finish = validate {
        pub client_type: TracingClientType,
        pub endpoint: String,
        pub sampling_fraction: f64,
        pub insecure: bool,
        pub tls_config: TlsConfig,
        pub headers: BTreeMap<String, String>,
        pub compression: String,
        pub timeout: PromDuration,
    }
}

impl TracingConfig {
    fn go_defaults() -> TracingConfig {
        TracingConfig {
            client_type: TracingClientType("grpc".into()),
            ..TracingConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        super::remote::validate_headers(
            &self.headers,
            "custom authorization header configuration is not yet supported",
        )?;
        check_tracing(&self.endpoint, &self.compression)
    }
}

/// The checks Prometheus's tracing settings share with Alertmanager's (which copied them).
pub(crate) fn check_tracing(endpoint: &str, compression: &str) -> Result<(), String> {
    if endpoint.is_empty() {
        return Err("tracing endpoint must be set".into());
    }
    if !compression.is_empty() && compression != "gzip" {
        return Err(format!(
            "invalid compression type {compression} provided, valid options: gzip"
        ));
    }
    Ok(())
}

go_struct! {
    pub struct OtlpConfig: "config.plain", defaults = go_defaults, finish = validate {
        pub promote_all_resource_attributes: bool,
        pub promote_resource_attributes: Vec<String>,
        pub ignore_resource_attributes: Vec<String>,
        pub translation_strategy: String,
        pub keep_identifying_resource_attributes: bool,
        pub convert_histograms_to_nhcb: bool,
        pub promote_scope_metadata: bool,
        pub label_name_underscore_sanitization: bool,
        pub label_name_preserve_multiple_underscores: bool,
    }
}

/// Prometheus's `sanitizeAttributes`: trims names, reports empty and repeated ones (all of
/// them, one per line).
fn sanitize_attributes(attrs: &mut [String], adjective: &str) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    let mut errors = Vec::new();
    for attr in attrs.iter_mut() {
        let trimmed = attr.trim().to_string();
        if trimmed.is_empty() {
            errors.push(format!("empty {adjective} OTel resource attribute"));
            continue;
        }
        if !seen.insert(trimmed.clone()) {
            errors.push(format!(
                "duplicated {adjective} OTel resource attribute {}",
                crate::gostr::quote(&trimmed)
            ));
            continue;
        }
        *attr = trimmed;
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

impl OtlpConfig {
    fn go_defaults() -> OtlpConfig {
        OtlpConfig {
            translation_strategy: "UnderscoreEscapingWithSuffixes".into(),
            label_name_underscore_sanitization: true,
            label_name_preserve_multiple_underscores: true,
            ..OtlpConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.promote_all_resource_attributes {
            if !self.promote_resource_attributes.is_empty() {
                return Err("'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously".into());
            }
            sanitize_attributes(&mut self.ignore_resource_attributes, "ignored")
                .map_err(|e| format!("invalid 'ignore_resource_attributes': {e}"))
        } else {
            if !self.ignore_resource_attributes.is_empty() {
                return Err("'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true".into());
            }
            sanitize_attributes(&mut self.promote_resource_attributes, "promoted")
                .map_err(|e| format!("invalid 'promote_resource_attributes': {e}"))
        }
    }
}

go_struct! {
    /// A whole prometheus.yml.
    pub struct Config: "config.plain", defaults = go_defaults {
        pub @keep global: GlobalConfig,
        pub runtime: RuntimeConfig,
        pub alerting: AlertingConfig,
        pub rule_files: Vec<Spanned<String>>,
        pub scrape_config_files: Vec<Spanned<String>>,
        pub scrape_configs: Vec<Spanned<Option<ScrapeConfig>>>,
        pub storage: StorageConfig,
        pub tracing: TracingConfig,
        pub remote_write: Vec<Spanned<Option<RemoteWriteConfig>>>,
        pub remote_read: Vec<Spanned<Option<RemoteReadConfig>>>,
        pub otlp: OtlpConfig,
    }
}

/// A problem found while loading, with the position of what it is about when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
    /// Where in the file; `None` for whole-file problems.
    pub at: Option<Span>,
    /// The file the problem is in, when it is not the main one (scrape config files).
    pub file: Option<PathBuf>,
}

impl LoadError {
    fn new(message: impl Into<String>, at: Option<Span>) -> LoadError {
        LoadError {
            message: message.into(),
            at,
            file: None,
        }
    }

    fn spanned<T>(message: impl Into<String>, node: &Spanned<T>) -> LoadError {
        LoadError::new(message, Some(node.span))
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Go's `patRulePath`: a glob only in the last path element.
fn valid_rule_path(p: &str) -> bool {
    match p.find('*') {
        None => true,
        Some(i) => !p[i..].contains('/'),
    }
}

/// Go's `os.Expand` with the environment: `$NAME`, `${NAME}`, `$$` for `$`.
fn expand_env(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, used) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(0) | None => ("", 0),
                Some(end) => (&braced[..end], end + 2),
            }
        } else if after.starts_with('$') {
            ("$", 1)
        } else {
            let n = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            (&after[..n], n)
        };
        if used == 0 {
            // Go drops a lone or malformed `$`.
            rest = after;
            continue;
        }
        if name == "$" {
            out.push('$');
        } else {
            out.push_str(&std::env::var(name).unwrap_or_default());
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

impl Config {
    fn go_defaults() -> Config {
        Config {
            global: GlobalConfig::go_defaults(),
            runtime: RuntimeConfig { gogc: 75 },
            otlp: OtlpConfig::go_defaults(),
            ..Config::default()
        }
    }

    /// Prometheus's `Config.UnmarshalYAML` checks after decoding, and `Load`'s.
    fn check(&mut self) -> Result<(), LoadError> {
        if self.global.is_zero() {
            self.global = GlobalConfig::go_defaults();
        }
        if self.runtime.gogc == 0 {
            self.runtime.gogc = 75;
        }
        let tsdb = self.storage.tsdb.get_or_insert_with(TsdbConfig::default);
        tsdb.retention.get_or_insert_with(RetentionConfig::default);
        for rf in &self.rule_files {
            if !valid_rule_path(rf) {
                return Err(LoadError::spanned(
                    format!("invalid rule file path {}", crate::gostr::quote(rf)),
                    rf,
                ));
            }
        }
        for sf in &self.scrape_config_files {
            if !valid_rule_path(sf) {
                return Err(LoadError::spanned(
                    format!(
                        "invalid scrape config file path {}",
                        crate::gostr::quote(sf)
                    ),
                    sf,
                ));
            }
        }
        let mut jobs = std::collections::HashSet::new();
        for sc in &mut self.scrape_configs {
            let at = Some(sc.span);
            let Some(cfg) = &mut sc.value else {
                return Err(LoadError::new("empty or null scrape config section", at));
            };
            cfg.validate(&self.global)
                .map_err(|(e, step)| LoadError::new(e, step.or(at)))?;
            if !jobs.insert(cfg.job_name.clone()) {
                return Err(LoadError::new(
                    format!(
                        "found multiple scrape configs with job name {}",
                        crate::gostr::quote(&cfg.job_name)
                    ),
                    at,
                ));
            }
        }
        let names = self.global.names();
        for rc in &self.alerting.alert_relabel_configs {
            if let Some(c) = &rc.value {
                c.validate(names).map_err(|e| LoadError::spanned(e, rc))?;
            }
        }
        for am in &self.alerting.alertmanagers {
            let Some(cfg) = &am.value else {
                return Err(LoadError::spanned(
                    "empty or null Alertmanager configuration",
                    am,
                ));
            };
            for rc in cfg.alert_relabel_configs.iter().chain(&cfg.relabel_configs) {
                if let Some(c) = &rc.value {
                    c.validate(names).map_err(|e| LoadError::spanned(e, rc))?;
                }
            }
        }
        let mut rw_names = std::collections::HashSet::new();
        for rw in &self.remote_write {
            let Some(cfg) = &rw.value else {
                return Err(LoadError::spanned(
                    "empty or null remote write config section",
                    rw,
                ));
            };
            if !cfg.name.is_empty() && !rw_names.insert(cfg.name.clone()) {
                return Err(LoadError::spanned(
                    format!(
                        "found multiple remote write configs with job name {}",
                        crate::gostr::quote(&cfg.name)
                    ),
                    rw,
                ));
            }
            for c in cfg.relabel_configs() {
                c.validate(names).map_err(|e| LoadError::spanned(e, rw))?;
            }
        }
        let mut rr_names = std::collections::HashSet::new();
        for rr in &self.remote_read {
            let Some(cfg) = &rr.value else {
                return Err(LoadError::spanned(
                    "empty or null remote read config section",
                    rr,
                ));
            };
            if !cfg.name.is_empty() && !rr_names.insert(cfg.name.clone()) {
                return Err(LoadError::spanned(
                    format!(
                        "found multiple remote read configs with job name {}",
                        crate::gostr::quote(&cfg.name)
                    ),
                    rr,
                ));
            }
        }
        // `Load`: environment references in external label values, then the OTLP strategy.
        let labels = std::mem::take(&mut self.global.external_labels);
        self.global.external_labels = labels
            .into_iter()
            .map(|(k, v)| (k, LabelValueText::from(expand_env(&v.0))))
            .collect();
        match self.otlp.translation_strategy.as_str() {
            "UnderscoreEscapingWithSuffixes" | "UnderscoreEscapingWithoutSuffixes" | "" => {}
            s @ ("NoTranslation" | "NoUTF8EscapingWithSuffixes") => {
                if self.global.names() == NameValidation::Legacy {
                    return Err(LoadError::new(
                        format!(
                            "OTLP translation strategy {} is not allowed when UTF8 is disabled",
                            crate::gostr::quote(s)
                        ),
                        None,
                    ));
                }
            }
            s => {
                return Err(LoadError::new(
                    format!(
                        "unsupported OTLP translation strategy {}",
                        crate::gostr::quote(s)
                    ),
                    None,
                ))
            }
        }
        Ok(())
    }

    /// The scrape configurations, valid ones only (null entries are load errors).
    pub fn scrape_configs(&self) -> impl Iterator<Item = &ScrapeConfig> {
        self.scrape_configs.iter().filter_map(|s| s.value.as_ref())
    }
}

/// Prometheus's `config.Load`: decodes `text` strictly (yaml.v2) and validates it.
pub fn load(text: &str) -> Result<Config, LoadError> {
    let opts = yaml::Options {
        go_yaml_v2: true,
        ..yaml::Options::default()
    };
    let (mut cfg, _) =
        yaml::from_str::<Config>(text, opts).map_err(|e| LoadError::new(e.to_string(), e.span))?;
    cfg.check()?;
    Ok(cfg)
}

/// How `load_file` runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Agent mode: no alerting, rule files or remote read.
    pub agent: bool,
}

/// Prometheus's `config.LoadFile`: errors are prefixed with `parsing YAML file PATH: `,
/// relative paths are resolved against the file's directory.
pub fn load_file(path: &Path, opts: LoadOptions) -> Result<Config, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        LoadError::new(
            format!("open {}: {}", path.display(), crate::gostr::errno_text(&e)),
            None,
        )
    })?;
    load_file_text(path, &text, opts)
}

/// `load_file` for a file already read.
pub fn load_file_text(path: &Path, text: &str, opts: LoadOptions) -> Result<Config, LoadError> {
    let mut cfg = load(text).map_err(|mut e| {
        e.message = format!("parsing YAML file {}: {}", path.display(), e.message);
        e
    })?;
    if opts.agent {
        if !cfg.alerting.alertmanagers.is_empty() || !cfg.alerting.alert_relabel_configs.is_empty()
        {
            return Err(LoadError::new(
                "field alerting is not allowed in agent mode",
                None,
            ));
        }
        if let Some(rf) = cfg.rule_files.first() {
            return Err(LoadError::spanned(
                "field rule_files is not allowed in agent mode",
                rf,
            ));
        }
        if let Some(rr) = cfg.remote_read.first() {
            return Err(LoadError::spanned(
                "field remote_read is not allowed in agent mode",
                rr,
            ));
        }
    }
    // Go's `filepath.Dir`: "." for a bare file name, so joined paths come out cleaned.
    let dir = super::go_dir(&path.to_string_lossy());
    cfg.set_directory(Path::new(&dir));
    Ok(cfg)
}

impl Config {
    /// Go's `Config.SetDirectory`.
    pub fn set_directory(&mut self, dir: &Path) {
        join_dir(dir, &mut self.global.query_log_file);
        join_dir(dir, &mut self.global.scrape_failure_log_file);
        for rf in self
            .rule_files
            .iter_mut()
            .chain(self.scrape_config_files.iter_mut())
        {
            join_dir(dir, &mut rf.value);
        }
        for sc in self
            .scrape_configs
            .iter_mut()
            .filter_map(|s| s.value.as_mut())
        {
            sc.set_directory(dir);
        }
        for am in self
            .alerting
            .alertmanagers
            .iter_mut()
            .filter_map(|s| s.value.as_mut())
        {
            am.http.set_directory(dir);
            am.sd.set_directory(dir);
        }
        for rw in self
            .remote_write
            .iter_mut()
            .filter_map(|s| s.value.as_mut())
        {
            rw.http.set_directory(dir);
        }
        for rr in self.remote_read.iter_mut().filter_map(|s| s.value.as_mut()) {
            rr.http.set_directory(dir);
        }
        self.tracing.tls_config.set_directory(dir);
    }

    /// Prometheus's `GetScrapeConfigs`: the main file's jobs, then those of every file the
    /// `scrape_config_files` globs match, validated against the global settings, job names
    /// unique across all of them.
    pub fn all_scrape_configs(&self) -> Result<Vec<ScrapeConfig>, LoadError> {
        let mut out: Vec<ScrapeConfig> = self.scrape_configs().cloned().collect();
        let mut jobs: BTreeMap<String, String> = out
            .iter()
            .map(|s| (s.job_name.clone(), "main config file".to_string()))
            .collect();
        for pattern in &self.scrape_config_files {
            for file in crate::glob::glob(Path::new(pattern.as_str())) {
                let abs = std::path::absolute(&file).unwrap_or_else(|_| file.clone());
                let fail = |message: String, at: Option<Span>| LoadError {
                    message: format!(
                        "{}: {message}",
                        crate::gostr::quote(&abs.display().to_string())
                    ),
                    at,
                    file: Some(file.clone()),
                };
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| fail(crate::gostr::errno_text(&e), None))?;
                let opts = yaml::Options {
                    go_yaml_v2: true,
                    ..yaml::Options::default()
                };
                let (doc, _) = yaml::from_str::<ScrapeConfigsFile>(&text, opts)
                    .map_err(|e| fail(e.to_string(), e.span))?;
                for sc in doc.scrape_configs {
                    let at = Some(sc.span);
                    let Some(mut cfg) = sc.value else {
                        return Err(fail("empty or null scrape config section".into(), at));
                    };
                    cfg.validate(&self.global)
                        .map_err(|(e, step)| fail(e, step.or(at)))?;
                    if let Some(first) = jobs.get(&cfg.job_name) {
                        return Err(fail(
                            format!(
                                "found multiple scrape configs with job name {}, first found in {first}",
                                crate::gostr::quote(&cfg.job_name)
                            ),
                            at,
                        ));
                    }
                    jobs.insert(
                        cfg.job_name.clone(),
                        crate::gostr::quote(&abs.display().to_string()),
                    );
                    cfg.set_directory(Path::new(&super::go_dir(&file.to_string_lossy())));
                    out.push(cfg);
                }
            }
        }
        Ok(out)
    }
}

go_struct! {
    /// A file named by `scrape_config_files`.
    struct ScrapeConfigsFile: "config.ScrapeConfigs" {
        pub scrape_configs: Vec<Spanned<Option<ScrapeConfig>>>,
    }
}

impl ScrapeConfig {
    fn set_directory(&mut self, dir: &Path) {
        self.http.set_directory(dir);
        self.sd.set_directory(dir);
        join_dir(dir, &mut self.scrape_failure_log_file);
    }
}

impl SdConfigs {
    fn set_directory(&mut self, dir: &Path) {
        for sd in &mut self.sd {
            sd.set_directory(dir);
        }
    }
}
