//! Alertmanager's settings about itself: `tracing` (OpenTelemetry export) and
//! `event_recorder` (a stream of what it did, to files, webhooks, Kafka or stdout), with
//! upstream's checks (`tracing/config.go`, `eventrecorder/*.go`, `kafka/kafka.go`).

use std::collections::BTreeMap;

use super::types::{HttpConfig, SecretUrl};
use crate::config::http::{Header, TlsConfig};
use crate::config::prometheus::TracingClientType;
use crate::duration::PromDuration;
use crate::go_struct;
use crate::gostr::quote;

go_struct! {
    pub struct TracingConfig: "tracing.plain", defaults = go_defaults, finish = check {
        pub client_type: TracingClientType,
        pub endpoint: String,
        pub sampling_fraction: f64,
        pub insecure: bool,
        pub tls_config: Option<TlsConfig>,
        pub headers: Option<BTreeMap<String, Header>>,
        pub compression: String,
        pub timeout: PromDuration,
    }
}

impl TracingConfig {
    fn go_defaults() -> Self {
        TracingConfig {
            client_type: TracingClientType("grpc".into()),
            ..Default::default()
        }
    }

    fn check(&mut self) -> Result<(), String> {
        crate::config::prometheus::check_tracing(&self.endpoint, &self.compression)
    }
}

go_struct! {
    pub struct FileOutput: "eventrecorder.plain", finish = check {
        pub @keep path: String,
    }
}

impl FileOutput {
    fn check(&mut self) -> Result<(), String> {
        if self.path.is_empty() {
            return Err("event_recorder file output requires a path".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct WebhookOutput: "eventrecorder.plain", finish = check {
        pub @keep url: Option<SecretUrl>,
        pub http_config: Option<HttpConfig>,
        pub timeout: PromDuration,
        pub workers: i64,
        pub max_retries: i64,
        pub retry_backoff: PromDuration,
        pub batch: bool,
        pub batch_max_events: i64,
        pub batch_max_bytes: i64,
        pub batch_flush_interval: PromDuration,
    }
}

impl WebhookOutput {
    fn check(&mut self) -> Result<(), String> {
        let Some(url) = &self.url else {
            return Err("event_recorder webhook output requires a url".into());
        };
        // Only `<secret>` gets past the URL's own checks without a scheme and host.
        if url.0.scheme.is_empty() || url.0.host.is_empty() {
            return Err("event_recorder webhook output requires an absolute http(s) url".into());
        }
        if self.batch_max_events < 0 || self.batch_max_bytes < 0 || self.batch_flush_interval.0 < 0
        {
            return Err("event_recorder webhook batch settings cannot be negative".into());
        }
        if !self.batch
            && (self.batch_max_events != 0
                || self.batch_max_bytes != 0
                || self.batch_flush_interval.0 != 0)
        {
            return Err("event_recorder webhook batch settings require batch: true".into());
        }
        Ok(())
    }
}

go_struct! {
    pub struct KafkaOutput: "eventrecorder.plain", finish = check {
        pub @keep brokers: Vec<String>,
        pub @keep topic: String,
        pub client_id: String,
        pub format: String,
        pub acks: String,
        pub compression: String,
        pub buffer_size: i64,
        pub tls_config: Option<TlsConfig>,
    }
}

impl KafkaOutput {
    fn check(&mut self) -> Result<(), String> {
        if self.brokers.is_empty() {
            return Err("event_recorder kafka: at least one broker is required".into());
        }
        if self.brokers.iter().any(String::is_empty) {
            return Err("event_recorder kafka: broker entries must be non-empty".into());
        }
        if !["", "none", "leader", "all"].contains(&self.acks.as_str()) {
            return Err(format!(
                "event_recorder kafka: unknown acks {}, must be \"none\", \"leader\", or \"all\"",
                quote(&self.acks)
            ));
        }
        if !["", "none", "gzip", "snappy", "lz4", "zstd"].contains(&self.compression.as_str()) {
            return Err(format!(
                "event_recorder kafka: unknown compression {}",
                quote(&self.compression)
            ));
        }
        if self.topic.is_empty() {
            return Err("event_recorder kafka output requires a topic".into());
        }
        if self.format.is_empty() {
            self.format = "json".into();
        }
        if !["json", "protobuf"].contains(&self.format.as_str()) {
            return Err(format!(
                "event_recorder kafka: unknown format {}, must be \"json\" or \"protobuf\"",
                quote(&self.format)
            ));
        }
        Ok(())
    }
}

go_struct! {
    pub struct StdoutOutput: "eventrecorder.StdoutOutputConfig" {}
}

go_struct! {
    pub struct EventRecorderConfig: "eventrecorder.Config" {
        pub file_outputs: Vec<FileOutput>,
        pub webhook_outputs: Vec<WebhookOutput>,
        pub kafka_outputs: Vec<KafkaOutput>,
        pub stdout_outputs: Vec<StdoutOutput>,
    }
}
