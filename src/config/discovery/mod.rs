//! Service discovery blocks of scrape and Alertmanager configurations (`static_configs` and
//! every `<name>_sd_configs`), decoded and validated as Prometheus's `discovery` packages do.
//!
//! Each mechanism lives in its own module with a `go_struct!` `SdConfig`; `registry!` lists
//! them once, which gives the keys a scrape configuration accepts and the `SdConfig` enum.

use std::collections::BTreeMap;

use serde::de::MapAccess;
use serde::Deserialize;

use super::decode::Plain;
use super::http::HttpClientConfig;
use super::types::{LabelNameText, LabelValueText};
use crate::duration::PromDuration;
use crate::go_struct;

/// Implements `Discoverer` for mechanisms whose only files are in their inlined HTTP
/// settings.
macro_rules! http_discoverer {
    ($($ty:ty),* $(,)?) => {$(
        impl Discoverer for $ty {
            fn http(&mut self) -> Option<&mut HttpClientConfig> {
                Some(&mut self.http)
            }
        }
    )*};
}

pub mod cloud;
pub mod platform;

/// A static target group (`targetgroup.Group`): addresses and the labels they share.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(
    default,
    rename = "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }"
)]
pub struct TargetGroup {
    pub targets: Vec<String>,
    pub labels: BTreeMap<LabelNameText, LabelValueText>,
}

go_struct! {
    /// `file_sd_configs`: target groups read from JSON or YAML files.
    pub struct FileSdConfig: "file.plain", defaults = go_defaults, finish = validate {
        pub files: Vec<String>,
        pub refresh_interval: PromDuration,
    }
}

/// Prometheus's `^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$`: a JSON or YAML file
/// name with a glob only in its last path element (checked by hand: compiling a regex costs
/// more than loading a whole configuration).
fn valid_file_sd_name(name: &str) -> bool {
    const EXTENSIONS: [&str; 6] = [".json", ".yml", ".yaml", ".JSON", ".YML", ".YAML"];
    EXTENSIONS.iter().any(|ext| {
        name.strip_suffix(ext)
            .is_some_and(|stem| stem.find('*').is_none_or(|i| !stem[i..].contains('/')))
    })
}

impl FileSdConfig {
    fn go_defaults() -> FileSdConfig {
        FileSdConfig {
            files: Vec::new(),
            refresh_interval: PromDuration(5 * 60 * 1000),
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.files.is_empty() {
            return Err("file service discovery config must contain at least one path name".into());
        }
        for name in &self.files {
            if !valid_file_sd_name(name) {
                return Err(format!(
                    "path name {} is not valid for file discovery",
                    crate::gostr::quote(name)
                ));
            }
        }
        Ok(())
    }
}

/// What the configuration layer needs from every discovery mechanism besides decoding.
pub trait Discoverer {
    /// Its HTTP client settings, when it has them (inlined or nested).
    fn http(&mut self) -> Option<&mut HttpClientConfig> {
        None
    }

    /// Resolves relative file names against the configuration file's directory, as
    /// Prometheus's `SetDirectory` does (the HTTP client settings are done separately).
    fn set_directory(&mut self, _dir: &std::path::Path) {}
}

impl Discoverer for FileSdConfig {
    fn set_directory(&mut self, dir: &std::path::Path) {
        for f in &mut self.files {
            super::join_dir(dir, f);
        }
    }
}

/// Declares the discovery mechanisms: `"key" => Variant(Type)`.
macro_rules! registry {
    ($($key:literal => $variant:ident($ty:ty)),* $(,)?) => {
        /// One configured discovery mechanism.
        #[derive(Debug, Clone)]
        pub enum SdConfig {
            $( $variant(Box<$ty>), )*
        }

        impl SdConfig {
            /// The scrape configuration key it was written under.
            pub fn key(&self) -> &'static str {
                match self {
                    $( SdConfig::$variant(_) => $key, )*
                }
            }

            /// The block as Prometheus prints it.
            pub fn to_go(&self) -> super::print::GoValue {
                match self {
                    $( SdConfig::$variant(c) => super::print::ToGo::to_go(c.as_ref()), )*
                }
            }

            fn discoverer(&mut self) -> &mut dyn Discoverer {
                match self {
                    $( SdConfig::$variant(c) => c.as_mut(), )*
                }
            }

            /// Resolves relative file names against `dir`.
            pub fn set_directory(&mut self, dir: &std::path::Path) {
                let d = self.discoverer();
                if let Some(http) = d.http() {
                    http.set_directory(dir);
                }
                d.set_directory(dir);
            }
        }

        const SD_KEYS: &[&str] = &["static_configs", $($key),*];

        impl Configs {
            fn visit_sd<'de, A: MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                $(
                    if key == $key {
                        let items: Vec<Option<$ty>> = map.next_value()?;
                        for item in items {
                            match item {
                                Some(cfg) => self.sd.push(SdConfig::$variant(Box::new(cfg))),
                                None => self.null_section($key),
                            }
                        }
                        return Ok(true);
                    }
                )*
                Ok(false)
            }
        }
    };
}

registry! {
    "file_sd_configs" => File(FileSdConfig),
    "aws_sd_configs" => Aws(cloud::AwsSdConfig),
    "azure_sd_configs" => Azure(cloud::AzureSdConfig),
    "consul_sd_configs" => Consul(platform::ConsulSdConfig),
    "digitalocean_sd_configs" => DigitalOcean(cloud::DigitalOceanSdConfig),
    "dns_sd_configs" => Dns(platform::DnsSdConfig),
    "docker_sd_configs" => Docker(platform::DockerSdConfig),
    "dockerswarm_sd_configs" => DockerSwarm(platform::DockerSwarmSdConfig),
    "ec2_sd_configs" => Ec2(cloud::Ec2SdConfig),
    "ecs_sd_configs" => Ecs(cloud::EcsSdConfig),
    "elasticache_sd_configs" => Elasticache(cloud::ElasticacheSdConfig),
    "eureka_sd_configs" => Eureka(platform::EurekaSdConfig),
    "gce_sd_configs" => Gce(cloud::GceSdConfig),
    "hetzner_sd_configs" => Hetzner(cloud::HetznerSdConfig),
    "http_sd_configs" => Http(platform::HttpSdConfig),
    "ionos_sd_configs" => Ionos(cloud::IonosSdConfig),
    "kubernetes_sd_configs" => Kubernetes(platform::KubernetesSdConfig),
    "kuma_sd_configs" => Kuma(platform::KumaSdConfig),
    "lightsail_sd_configs" => Lightsail(cloud::LightsailSdConfig),
    "linode_sd_configs" => Linode(cloud::LinodeSdConfig),
    "marathon_sd_configs" => Marathon(platform::MarathonSdConfig),
    "msk_sd_configs" => Msk(cloud::MskSdConfig),
    "nerve_sd_configs" => Nerve(platform::NerveSdConfig),
    "nomad_sd_configs" => Nomad(platform::NomadSdConfig),
    "oci_sd_configs" => Oci(cloud::OciSdConfig),
    "openstack_sd_configs" => Openstack(cloud::OpenstackSdConfig),
    "outscale_sd_configs" => Outscale(cloud::OutscaleSdConfig),
    "ovhcloud_sd_configs" => Ovhcloud(cloud::OvhcloudSdConfig),
    "puppetdb_sd_configs" => Puppetdb(platform::PuppetdbSdConfig),
    "rds_sd_configs" => Rds(cloud::RdsSdConfig),
    "scaleway_sd_configs" => Scaleway(cloud::ScalewaySdConfig),
    "serverset_sd_configs" => Serverset(platform::ServersetSdConfig),
    "stackit_sd_configs" => Stackit(cloud::StackitSdConfig),
    "triton_sd_configs" => Triton(platform::TritonSdConfig),
    "uyuni_sd_configs" => Uyuni(platform::UyuniSdConfig),
    "vultr_sd_configs" => Vultr(cloud::VultrSdConfig),
}

/// The discovery part of a scrape or Alertmanager configuration, inlined into it.
#[derive(Debug, Clone, Default)]
pub struct Configs {
    /// Every `static_configs` group, in order.
    pub static_configs: Vec<TargetGroup>,
    /// The other mechanisms, by key (as Prometheus orders them) once `check` has run.
    pub sd: Vec<SdConfig>,
    /// The first key, in key order, with a null list item.
    null_key: Option<&'static str>,
}

impl Configs {
    fn null_section(&mut self, key: &'static str) {
        if self.null_key.is_none_or(|k| key < k) {
            self.null_key = Some(key);
        }
    }

    /// Prometheus's `readConfigs`, run by the parent after its whole mapping decoded: a null
    /// item is an error (for the first such key in key order), and mechanisms are ordered
    /// by key.
    pub fn check(&mut self) -> Result<(), String> {
        if let Some(key) = self.null_key {
            return Err(format!("empty or null section in {key}"));
        }
        self.sd.sort_by_key(SdConfig::key);
        Ok(())
    }
}

impl Plain for Configs {
    const TYPE_NAME: &'static str = "discovery.Configs";

    fn fields() -> &'static [&'static str] {
        SD_KEYS
    }

    fn defaults() -> Self {
        Configs::default()
    }

    fn visit_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        if key == "static_configs" {
            let groups: Vec<Option<TargetGroup>> = map.next_value()?;
            for group in groups {
                match group {
                    Some(group) => self.static_configs.push(group),
                    None => self.null_section("static_configs"),
                }
            }
            return Ok(true);
        }
        self.visit_sd(key, map)
    }

    /// Never called: the struct is always inlined, and its parent calls `check`.
    fn finish(&mut self) -> Result<(), String> {
        self.check()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_sd_names_follow_prometheus_pattern() {
        for ok in [
            "a.json",
            ".json",
            "dir/*.yml",
            "dir/a*b*.YAML",
            "*.yaml",
            "x/y.z.yml",
        ] {
            assert!(valid_file_sd_name(ok), "{ok}");
        }
        for bad in [
            "a.txt",
            "a.Json",
            "*/a.json",
            "dir/*/x.yml",
            "a.json.bak",
            "",
        ] {
            assert!(!valid_file_sd_name(bad), "{bad}");
        }
    }
}
