//! Discovery in cloud providers' APIs: AWS (ec2, ecs, elasticache, lightsail, msk, rds),
//! Azure, DigitalOcean, GCE, Hetzner, IONOS, Linode, OCI, OpenStack, Outscale, OVHcloud,
//! Scaleway, STACKIT, Vultr.

use std::path::Path;

use super::super::http::{HttpClientConfig, TlsConfig};
use super::super::join_dir;
use super::super::types::{Secret, Url};
use super::Discoverer;
use crate::duration::PromDuration;
use crate::go_struct;
use crate::gostr::quote;

const MINUTE: PromDuration = PromDuration(60 * 1000);

/// Declares a role type whose Go `UnmarshalYAML` accepts a fixed set of names. `Unset` is
/// Go's zero value, which a YAML null gives without the name check.
macro_rules! role_type {
    (
        $(#[$meta:meta])*
        $name:ident, $msg:literal, { $($variant:ident = $text:literal),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub enum $name {
            #[default]
            Unset,
            $($variant),*
        }

        impl $crate::config::print::ToGo for $name {
            fn to_go(&self) -> $crate::config::print::GoValue {
                $crate::config::print::GoValue::Str(self.as_str().to_string())
            }
        }

        impl $name {
            /// The name as written in the configuration; empty when unset.
            pub fn as_str(self) -> &'static str {
                match self {
                    $name::Unset => "",
                    $($name::$variant => $text),*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let Some(s) = Option::<String>::deserialize(d)? else {
                    return Ok($name::Unset);
                };
                match s.as_str() {
                    $($text => Ok($name::$variant),)*
                    _ => Err(serde::de::Error::custom(format!(
                        concat!($msg, " {}"),
                        quote(&s)
                    ))),
                }
            }
        }
    };
}

// ---------------------------------------------------------------------------------------
// AWS

role_type! {
    /// `aws_sd_configs` `role`: which AWS API the umbrella configuration targets.
    AwsRole, "unknown AWS SD role", {
        Ec2 = "ec2",
        Ecs = "ecs",
        Elasticache = "elasticache",
        Lightsail = "lightsail",
        Msk = "msk",
        Rds = "rds",
    }
}

go_struct! {
    /// An EC2 or RDS API filter (`aws.Filter`).
    pub struct AwsFilter: "aws.Filter" {
        pub name: String,
        pub values: Vec<String>,
    }
}

go_struct! {
    /// `aws_sd_configs`: one block for every AWS role. Unlike the per-role SDs it starts
    /// from Go's zero value (HTTP defaults included) and is not validated beyond the role.
    pub struct AwsSdConfig: "aws.plain", finish = validate {
        pub role: AwsRole,
        pub region: String,
        pub endpoint: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub @inline http: HttpClientConfig,
        pub filters: Vec<AwsFilter>,
        pub clusters: Vec<String>,
    }
}

/// The per-role configuration an `aws_sd_configs` block stands for.
#[derive(Debug, Clone)]
pub enum AwsRoleConfig {
    Ec2(Ec2SdConfig),
    Ecs(EcsSdConfig),
    Elasticache(ElasticacheSdConfig),
    Lightsail(LightsailSdConfig),
    Msk(MskSdConfig),
    Rds(RdsSdConfig),
}

/// Copies what Go's `aws.SDConfig.UnmarshalYAML` passes on to every role's configuration:
/// HTTP settings and region always, the rest only when set.
macro_rules! overlay_aws_common {
    ($dst:ident, $src:ident) => {{
        $dst.http = $src.http.clone();
        $dst.region = $src.region.clone();
        if !$src.endpoint.is_empty() {
            $dst.endpoint = $src.endpoint.clone();
        }
        if !$src.access_key.is_empty() {
            $dst.access_key = $src.access_key.clone();
        }
        if !$src.secret_key.is_empty() {
            $dst.secret_key = $src.secret_key.clone();
        }
        if !$src.profile.is_empty() {
            $dst.profile = $src.profile.clone();
        }
        if !$src.role_arn.is_empty() {
            $dst.role_arn = $src.role_arn.clone();
        }
        if !$src.external_id.is_empty() {
            $dst.external_id = $src.external_id.clone();
        }
        if $src.port != 0 {
            $dst.port = $src.port;
        }
        if $src.refresh_interval.0 != 0 {
            $dst.refresh_interval = $src.refresh_interval;
        }
    }};
}

impl AwsSdConfig {
    fn validate(&mut self) -> Result<(), String> {
        if self.role == AwsRole::Unset {
            return Err(format!("unknown AWS SD role {}", quote("")));
        }
        Ok(())
    }

    /// The role's own configuration: its defaults overlaid with this block's settings.
    /// `None` only for a block that was not decoded (no role).
    pub fn role_config(&self) -> Option<AwsRoleConfig> {
        let clusters = |dst: &mut Vec<String>| {
            if !self.clusters.is_empty() {
                *dst = self.clusters.clone();
            }
        };
        let filters = |dst: &mut Vec<AwsFilter>| {
            if !self.filters.is_empty() {
                *dst = self.filters.clone();
            }
        };
        Some(match self.role {
            AwsRole::Unset => return None,
            AwsRole::Ec2 => {
                let mut c = Ec2SdConfig::go_defaults();
                overlay_aws_common!(c, self);
                filters(&mut c.filters);
                AwsRoleConfig::Ec2(c)
            }
            AwsRole::Ecs => {
                let mut c = EcsSdConfig::go_defaults();
                overlay_aws_common!(c, self);
                clusters(&mut c.clusters);
                AwsRoleConfig::Ecs(c)
            }
            AwsRole::Elasticache => {
                let mut c = ElasticacheSdConfig::go_defaults();
                overlay_aws_common!(c, self);
                clusters(&mut c.clusters);
                AwsRoleConfig::Elasticache(c)
            }
            AwsRole::Lightsail => {
                let mut c = LightsailSdConfig::go_defaults();
                overlay_aws_common!(c, self);
                AwsRoleConfig::Lightsail(c)
            }
            AwsRole::Msk => {
                let mut c = MskSdConfig::go_defaults();
                overlay_aws_common!(c, self);
                clusters(&mut c.clusters);
                AwsRoleConfig::Msk(c)
            }
            AwsRole::Rds => {
                let mut c = RdsSdConfig::go_defaults();
                overlay_aws_common!(c, self);
                clusters(&mut c.clusters);
                filters(&mut c.filters);
                AwsRoleConfig::Rds(c)
            }
        })
    }
}

go_struct! {
    /// `ec2_sd_configs`: EC2 instances.
    pub struct Ec2SdConfig: "aws.plain", defaults = go_defaults, finish = validate {
        pub endpoint: String,
        pub region: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub filters: Vec<AwsFilter>,
        pub @inline http: HttpClientConfig,
    }
}

impl Ec2SdConfig {
    /// `aws.DefaultEC2SDConfig`.
    pub fn go_defaults() -> Self {
        Ec2SdConfig {
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
            ..Ec2SdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        // A `- null` filter is a nil pointer Go would dereference; here it is an empty one.
        if self.filters.iter().any(|f| f.values.is_empty()) {
            return Err("EC2 SD configuration filter values cannot be empty".into());
        }
        self.http.validate()
    }
}

go_struct! {
    /// `ecs_sd_configs`: ECS tasks.
    pub struct EcsSdConfig: "aws.plain", defaults = go_defaults, finish = validate {
        pub region: String,
        pub endpoint: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub clusters: Vec<String>,
        pub port: i64,
        pub refresh_interval: PromDuration,
        pub request_concurrency: i64,
        pub @inline http: HttpClientConfig,
    }
}

impl EcsSdConfig {
    /// `aws.DefaultECSSDConfig`.
    pub fn go_defaults() -> Self {
        EcsSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            request_concurrency: 20,
            http: HttpClientConfig::go_defaults(),
            ..EcsSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        self.http.validate()
    }
}

go_struct! {
    /// `elasticache_sd_configs`: ElastiCache clusters.
    pub struct ElasticacheSdConfig: "aws.plain", defaults = go_defaults, finish = validate {
        pub region: String,
        pub endpoint: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub clusters: Vec<String>,
        pub port: i64,
        pub refresh_interval: PromDuration,
        pub request_concurrency: i64,
        pub @inline http: HttpClientConfig,
    }
}

impl ElasticacheSdConfig {
    /// `aws.DefaultElasticacheSDConfig`.
    pub fn go_defaults() -> Self {
        ElasticacheSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            request_concurrency: 10,
            http: HttpClientConfig::go_defaults(),
            ..ElasticacheSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        self.http.validate()
    }
}

go_struct! {
    /// `lightsail_sd_configs`: Lightsail instances.
    pub struct LightsailSdConfig: "aws.plain", defaults = go_defaults, finish = validate {
        pub endpoint: String,
        pub region: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub @inline http: HttpClientConfig,
    }
}

impl LightsailSdConfig {
    /// `aws.DefaultLightsailSDConfig`.
    pub fn go_defaults() -> Self {
        LightsailSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
            ..LightsailSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        self.http.validate()
    }
}

go_struct! {
    /// `msk_sd_configs`: MSK (Kafka) brokers.
    pub struct MskSdConfig: "aws.plain", defaults = go_defaults, finish = validate {
        pub region: String,
        pub endpoint: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub clusters: Vec<String>,
        pub port: i64,
        pub refresh_interval: PromDuration,
        pub request_concurrency: i64,
        pub @inline http: HttpClientConfig,
    }
}

impl MskSdConfig {
    /// `aws.DefaultMSKSDConfig`.
    pub fn go_defaults() -> Self {
        MskSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            request_concurrency: 10,
            http: HttpClientConfig::go_defaults(),
            ..MskSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        self.http.validate()
    }
}

go_struct! {
    /// `rds_sd_configs`: RDS instances.
    pub struct RdsSdConfig: "aws.plain", defaults = go_defaults, finish = validate {
        pub region: String,
        pub endpoint: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub profile: String,
        pub role_arn: String,
        pub external_id: String,
        pub clusters: Vec<String>,
        pub port: i64,
        pub refresh_interval: PromDuration,
        pub filters: Vec<AwsFilter>,
        pub request_concurrency: i64,
        pub @inline http: HttpClientConfig,
    }
}

impl RdsSdConfig {
    /// `aws.DefaultRDSSDConfig`.
    pub fn go_defaults() -> Self {
        RdsSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            request_concurrency: 10,
            http: HttpClientConfig::go_defaults(),
            ..RdsSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        // Unlike EC2, Prometheus does not reject empty filter values here.
        self.http.validate()
    }
}

// ---------------------------------------------------------------------------------------
// Azure

go_struct! {
    /// `azure_sd_configs`: Azure virtual machines and scale sets.
    pub struct AzureSdConfig: "azure.plain", defaults = go_defaults, finish = validate {
        pub environment: String,
        pub port: i64,
        pub subscription_id: String,
        pub tenant_id: String,
        pub client_id: String,
        pub client_secret: Secret,
        pub refresh_interval: PromDuration,
        pub authentication_method: String,
        pub resource_group: String,
        pub @inline http: HttpClientConfig,
    }
}

impl AzureSdConfig {
    /// `azure.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        AzureSdConfig {
            port: 80,
            refresh_interval: PromDuration(5 * 60 * 1000),
            environment: "AzurePublicCloud".into(),
            authentication_method: "OAuth".into(),
            http: HttpClientConfig::go_defaults(),
            ..AzureSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        let require = |value: bool, name: &str| {
            if value {
                Ok(())
            } else {
                Err(format!("azure SD configuration requires a {name}"))
            }
        };
        require(!self.subscription_id.is_empty(), "subscription_id")?;
        if self.authentication_method == "OAuth" {
            require(!self.tenant_id.is_empty(), "tenant_id")?;
            require(!self.client_id.is_empty(), "client_id")?;
            require(!self.client_secret.is_empty(), "client_secret")?;
        }
        const METHODS: [&str; 4] = ["OAuth", "ManagedIdentity", "SDK", "WorkloadIdentity"];
        if !METHODS.contains(&self.authentication_method.as_str()) {
            return Err(format!(
                "unknown authentication_type {}. Supported types are {}, {}, {} or {}",
                quote(&self.authentication_method),
                quote(METHODS[0]),
                quote(METHODS[1]),
                quote(METHODS[2]),
                quote(METHODS[3]),
            ));
        }
        self.http.validate()
    }
}

// Prometheus's azure SD has no SetDirectory, so its relative HTTP file paths stay relative
// to the working directory: the HTTP settings are deliberately not offered for joining.
impl Discoverer for AzureSdConfig {}

// ---------------------------------------------------------------------------------------
// DigitalOcean

role_type! {
    /// `digitalocean_sd_configs` `role`.
    DigitalOceanRole, "unknown DigitalOcean SD role", {
        Droplets = "droplets",
        Databases = "databases",
    }
}

/// A value that only Go's test code sets; configuration files may only leave it null.
#[derive(Debug, Clone, Default)]
pub struct TestOnly;

impl crate::config::print::ToGo for TestOnly {
    fn to_go(&self) -> crate::config::print::GoValue {
        crate::config::print::GoValue::Null
    }
}

impl<'de> serde::Deserialize<'de> for TestOnly {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom(
            "digitalocean_sd: httpclient is a test-only setting and must be left empty",
        ))
    }
}

go_struct! {
    /// Go's `net/http.Client`, reachable as `httpclient` because yaml.v2 lowercases the
    /// untagged test field `HTTPClient`.
    pub struct GoHttpClient: "http.Client" {
        pub transport: Option<TestOnly>,
        pub checkredirect: Option<TestOnly>,
        pub jar: Option<TestOnly>,
        pub timeout: Option<TestOnly>,
    }
}

go_struct! {
    /// `digitalocean_sd_configs`: droplets or managed databases.
    pub struct DigitalOceanSdConfig: "digitalocean.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub role: DigitalOceanRole,
        pub httpclient: Option<GoHttpClient>,
    }
}

impl DigitalOceanSdConfig {
    /// `digitalocean.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        DigitalOceanSdConfig {
            http: HttpClientConfig::go_defaults(),
            refresh_interval: MINUTE,
            port: 80,
            role: DigitalOceanRole::Droplets,
            httpclient: None,
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        // Only `role: null` gets here unset: the role type rejects `""` itself.
        if self.role == DigitalOceanRole::Unset {
            return Err("role missing (one of: droplets, databases)".into());
        }
        self.http.validate()
    }
}

// ---------------------------------------------------------------------------------------
// GCE

go_struct! {
    /// `gce_sd_configs`: Google Compute Engine instances.
    pub struct GceSdConfig: "gce.plain", defaults = go_defaults, finish = validate {
        pub project: String,
        pub zone: String,
        pub filter: String,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub tag_separator: String,
    }
}

impl GceSdConfig {
    /// `gce.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        GceSdConfig {
            port: 80,
            tag_separator: ",".into(),
            refresh_interval: MINUTE,
            ..GceSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.project.is_empty() {
            return Err("GCE SD configuration requires a project".into());
        }
        if self.zone.is_empty() {
            return Err("GCE SD configuration requires a zone".into());
        }
        Ok(())
    }
}

impl Discoverer for GceSdConfig {}

// ---------------------------------------------------------------------------------------
// Hetzner

role_type! {
    /// `hetzner_sd_configs` `role`.
    HetznerRole, "unknown role", {
        Robot = "robot",
        Hcloud = "hcloud",
    }
}

go_struct! {
    /// `hetzner_sd_configs`: Hetzner Cloud or Robot servers.
    pub struct HetznerSdConfig: "hetzner.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub role: HetznerRole,
        pub label_selector: String,
    }
}

impl HetznerSdConfig {
    /// `hetzner.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        HetznerSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
            ..HetznerSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.role == HetznerRole::Unset {
            return Err("role missing (one of: robot, hcloud)".into());
        }
        self.http.validate()
    }
}

// ---------------------------------------------------------------------------------------
// IONOS

go_struct! {
    /// `ionos_sd_configs`: IONOS Cloud servers of one data center.
    pub struct IonosSdConfig: "ionos.plain", defaults = go_defaults, finish = validate {
        pub datacenter_id: String,
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub port: i64,
    }
}

impl IonosSdConfig {
    /// `ionos.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        IonosSdConfig {
            http: HttpClientConfig::go_defaults(),
            refresh_interval: MINUTE,
            port: 80,
            ..IonosSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.datacenter_id.is_empty() {
            return Err("datacenter id can't be empty".into());
        }
        self.http.validate()
    }
}

// ---------------------------------------------------------------------------------------
// Linode

go_struct! {
    /// `linode_sd_configs`: Linode instances.
    pub struct LinodeSdConfig: "linode.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub tag_separator: String,
        pub region: String,
    }
}

impl LinodeSdConfig {
    /// `linode.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        LinodeSdConfig {
            tag_separator: ",".into(),
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
            ..LinodeSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        self.http.validate()
    }
}

// ---------------------------------------------------------------------------------------
// OCI

go_struct! {
    /// `oci_sd_configs`: Oracle Cloud Infrastructure instances.
    pub struct OciSdConfig: "oci.plain", defaults = go_defaults, finish = validate {
        pub auth: String,
        pub tenancy: String,
        pub user: String,
        pub fingerprint: String,
        pub key_file: String,
        pub key_passphrase: Secret,
        pub key_passphrase_file: String,
        pub region: String,
        pub compartments: Vec<String>,
        pub @inline http: HttpClientConfig,
        pub port: i64,
        pub refresh_interval: PromDuration,
    }
}

impl OciSdConfig {
    /// `oci.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        OciSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            auth: "api_key".into(),
            http: HttpClientConfig::go_defaults(),
            ..OciSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.region.is_empty() {
            return Err("oci_sd: region is required".into());
        }
        match self.auth.as_str() {
            "api_key" => {
                for (value, name) in [
                    (&self.tenancy, "tenancy"),
                    (&self.user, "user"),
                    (&self.fingerprint, "fingerprint"),
                    (&self.key_file, "key_file"),
                ] {
                    if value.is_empty() {
                        return Err(format!("oci_sd: api_key auth requires {name}"));
                    }
                }
                if !self.key_passphrase.is_empty() && !self.key_passphrase_file.is_empty() {
                    return Err("oci_sd: at most one of key_passphrase and key_passphrase_file must be configured".into());
                }
            }
            "instance_principal" => {
                if !self.tenancy.is_empty()
                    || !self.user.is_empty()
                    || !self.fingerprint.is_empty()
                    || !self.key_file.is_empty()
                    || !self.key_passphrase.is_empty()
                    || !self.key_passphrase_file.is_empty()
                {
                    return Err("oci_sd: instance_principal auth must not have tenancy, user, fingerprint, key_file, key_passphrase, or key_passphrase_file set".into());
                }
            }
            other => {
                return Err(format!(
                    "oci_sd: unknown auth method {}, expected {} or {}",
                    quote(other),
                    quote("api_key"),
                    quote("instance_principal")
                ));
            }
        }
        if let Some(i) = self.compartments.iter().position(String::is_empty) {
            return Err(format!("oci_sd: compartments[{i}] must not be empty"));
        }
        if self.refresh_interval.0 <= 0 {
            return Err(format!(
                "oci_sd: refresh_interval must be positive, got {}",
                self.refresh_interval
            ));
        }
        self.http.validate()
    }
}

impl Discoverer for OciSdConfig {
    fn http(&mut self) -> Option<&mut HttpClientConfig> {
        Some(&mut self.http)
    }

    fn set_directory(&mut self, dir: &Path) {
        join_dir(dir, &mut self.key_file);
        join_dir(dir, &mut self.key_passphrase_file);
    }
}

// ---------------------------------------------------------------------------------------
// OpenStack

role_type! {
    /// `openstack_sd_configs` `role`.
    OpenstackRole, "unknown OpenStack SD role", {
        Hypervisor = "hypervisor",
        Instance = "instance",
        Loadbalancer = "loadbalancer",
    }
}

go_struct! {
    /// `openstack_sd_configs`: Nova instances, hypervisors or Octavia load balancers.
    pub struct OpenstackSdConfig: "openstack.plain", defaults = go_defaults, finish = validate {
        pub identity_endpoint: String,
        pub username: String,
        pub userid: String,
        pub password: Secret,
        pub project_name: String,
        pub project_id: String,
        pub domain_name: String,
        pub domain_id: String,
        pub application_credential_name: String,
        pub application_credential_id: String,
        pub application_credential_secret: Secret,
        pub role: OpenstackRole,
        pub region: String,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub all_tenants: bool,
        pub tls_config: TlsConfig,
        pub availability: String,
    }
}

impl OpenstackSdConfig {
    /// `openstack.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        OpenstackSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            availability: "public".into(),
            ..OpenstackSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if !matches!(self.availability.as_str(), "public" | "internal" | "admin") {
            return Err(format!(
                "unknown availability {}, must be one of admin, internal or public",
                self.availability
            ));
        }
        if self.role == OpenstackRole::Unset {
            return Err("role missing (one of: instance, hypervisor, loadbalancer)".into());
        }
        if self.region.is_empty() {
            return Err("openstack SD configuration requires a region".into());
        }
        Ok(())
    }
}

impl Discoverer for OpenstackSdConfig {
    fn set_directory(&mut self, dir: &Path) {
        self.tls_config.set_directory(dir);
    }
}

// ---------------------------------------------------------------------------------------
// Outscale

go_struct! {
    /// `outscale_sd_configs`: Outscale VMs.
    pub struct OutscaleSdConfig: "outscale.plain", defaults = go_defaults, finish = validate {
        pub endpoint: String,
        pub region: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub secret_key_file: String,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub @inline http: HttpClientConfig,
    }
}

impl OutscaleSdConfig {
    /// `outscale.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        OutscaleSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
            region: "eu-west-2".into(),
            ..OutscaleSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.region.is_empty() {
            return Err("outscale SD configuration requires a region".into());
        }
        if self.access_key.is_empty() {
            return Err("outscale SD configuration requires access_key".into());
        }
        check_one_secret(&self.secret_key, &self.secret_key_file)?;
        if self.endpoint.is_empty() {
            self.endpoint = format!("https://api.{}.outscale.com/api/v1", self.region);
        }
        self.http.validate()
    }
}

impl Discoverer for OutscaleSdConfig {
    fn http(&mut self) -> Option<&mut HttpClientConfig> {
        Some(&mut self.http)
    }

    fn set_directory(&mut self, dir: &Path) {
        join_dir(dir, &mut self.secret_key_file);
    }
}

/// The "exactly one of secret_key & secret_key_file" checks Outscale and Scaleway share.
fn check_one_secret(secret: &Secret, file: &str) -> Result<(), String> {
    match (secret.is_empty(), file.is_empty()) {
        (true, true) => Err("one of secret_key & secret_key_file must be configured".into()),
        (false, false) => {
            Err("at most one of secret_key & secret_key_file must be configured".into())
        }
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------
// OVHcloud

go_struct! {
    /// `ovhcloud_sd_configs`: OVHcloud dedicated servers or VPS.
    pub struct OvhcloudSdConfig: "ovhcloud.plain", defaults = go_defaults, finish = validate {
        pub endpoint: String,
        pub application_key: String,
        pub application_secret: Secret,
        pub consumer_key: Secret,
        pub refresh_interval: PromDuration,
        pub service: String,
    }
}

impl OvhcloudSdConfig {
    /// `ovhcloud.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        OvhcloudSdConfig {
            endpoint: "ovh-eu".into(),
            refresh_interval: MINUTE,
            ..OvhcloudSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.endpoint.is_empty() {
            return Err("endpoint can not be empty".into());
        }
        if self.application_key.is_empty() {
            return Err("application key can not be empty".into());
        }
        if self.application_secret.is_empty() {
            return Err("application secret can not be empty".into());
        }
        if self.consumer_key.is_empty() {
            return Err("consumer key can not be empty".into());
        }
        if !matches!(self.service.as_str(), "dedicated_server" | "vps") {
            return Err(format!("unknown service: {}", self.service));
        }
        Ok(())
    }
}

impl Discoverer for OvhcloudSdConfig {}

// ---------------------------------------------------------------------------------------
// Scaleway

role_type! {
    /// `scaleway_sd_configs` `role`.
    ScalewayRole, "unknown role", {
        Instance = "instance",
        Baremetal = "baremetal",
    }
}

go_struct! {
    /// `scaleway_sd_configs`: Scaleway instances or bare metal servers.
    pub struct ScalewaySdConfig: "scaleway.plain", defaults = go_defaults, finish = validate {
        pub project_id: String,
        pub api_url: String,
        pub zone: String,
        pub access_key: String,
        pub secret_key: Secret,
        pub secret_key_file: String,
        pub name_filter: String,
        pub tags_filter: Vec<String>,
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub role: ScalewayRole,
    }
}

impl ScalewaySdConfig {
    /// `scaleway.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        ScalewaySdConfig {
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
            zone: "fr-par-1".into(),
            api_url: "https://api.scaleway.com".into(),
            ..ScalewaySdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.role == ScalewayRole::Unset {
            return Err("role missing (one of: instance, baremetal)".into());
        }
        if self.project_id.is_empty() {
            return Err("project_id is mandatory".into());
        }
        check_one_secret(&self.secret_key, &self.secret_key_file)?;
        if self.access_key.is_empty() {
            return Err("access_key is mandatory".into());
        }
        // The key is read from the file later; the SDK only needs a well-formed one now.
        let secret = if self.secret_key_file.is_empty() {
            self.secret_key.0.as_str()
        } else {
            "00000000-0000-0000-0000-000000000000"
        };
        scaleway_client_check(
            &self.access_key,
            secret,
            &self.project_id,
            &self.zone,
            &self.api_url,
        )
        .map_err(|e| format!("scaleway-sdk-go: {e}"))?;
        self.http.validate()
    }
}

/// `scw.NewClient`'s validation of the profile the SD builds (scaleway-sdk-go).
fn scaleway_client_check(
    access_key: &str,
    secret_key: &str,
    project_id: &str,
    zone: &str,
    api_url: &str,
) -> Result<(), String> {
    const UUID: &str = "expected a UUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    if access_key.is_empty() {
        return Err("access key cannot be empty".into());
    }
    let key = access_key.as_bytes();
    let key_ok = key.len() == 20
        && key.starts_with(b"SCW")
        && key[3..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !key_ok {
        return Err(format!(
            "invalid access key format '{access_key}', expected SCWXXXXXXXXXXXXXXXXX format"
        ));
    }
    if secret_key.is_empty() {
        return Err("secret key cannot be empty".into());
    }
    if !is_uuid(secret_key) {
        return Err(format!("invalid secret key format '{secret_key}', {UUID}"));
    }
    if project_id.is_empty() {
        return Err("default project ID cannot be empty".into());
    }
    if !is_uuid(project_id) {
        return Err(format!("invalid project ID format '{project_id}', {UUID}"));
    }
    if zone.is_empty() {
        return Err("default zone cannot be empty".into());
    }
    if !is_scaleway_zone(zone) {
        return Err(format!("invalid default zone format '{zone}', available zones are: fr-par-1, fr-par-2, fr-par-3, nl-ams-1, nl-ams-2, nl-ams-3, pl-waw-1, pl-waw-2, pl-waw-3, it-mil-1"));
    }
    if api_url.is_empty() || Url::parse(api_url).is_err() {
        return Err(format!("invalid API url '{api_url}'"));
    }
    if api_url.ends_with('/') {
        return Err(format!(
            "invalid API url '{api_url}' it should not have a trailing slash"
        ));
    }
    Ok(())
}

/// `^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`
fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `^[a-z]{2}-[a-z]{3,7}-[0-9]{1,2}$`
fn is_scaleway_zone(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let run = |p: &str, lo: usize, hi: usize, ok: fn(&u8) -> bool| {
        (lo..=hi).contains(&p.len()) && p.as_bytes().iter().all(ok)
    };
    parts.len() == 3
        && run(parts[0], 2, 2, u8::is_ascii_lowercase)
        && run(parts[1], 3, 7, u8::is_ascii_lowercase)
        && run(parts[2], 1, 2, u8::is_ascii_digit)
}

impl Discoverer for ScalewaySdConfig {
    fn http(&mut self) -> Option<&mut HttpClientConfig> {
        Some(&mut self.http)
    }

    fn set_directory(&mut self, dir: &Path) {
        join_dir(dir, &mut self.secret_key_file);
    }
}

// ---------------------------------------------------------------------------------------
// STACKIT

go_struct! {
    /// `stackit_sd_configs`: STACKIT servers of one project.
    pub struct StackitSdConfig: "stackit.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub project: String,
        pub refresh_interval: PromDuration,
        pub port: i64,
        pub region: String,
        pub endpoint: String,
        pub service_account_key: Secret,
        pub private_key: Secret,
        pub service_account_key_path: String,
        pub private_key_path: String,
        pub credentials_file_path: String,
    }
}

impl StackitSdConfig {
    /// `stackit.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        StackitSdConfig {
            region: "eu01".into(),
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
            ..StackitSdConfig::default()
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        if self.endpoint.is_empty() && self.region.is_empty() {
            return Err("stackit_sd: endpoint and region missing".into());
        }
        if let Err(e) = Url::parse(&self.endpoint) {
            return Err(format!(
                "stackit_sd: invalid endpoint {}: {e}",
                quote(&self.endpoint)
            ));
        }
        self.http.validate()
    }
}

// Prometheus joins only the HTTP settings: the credential paths stay as written.

// ---------------------------------------------------------------------------------------
// Vultr

go_struct! {
    /// `vultr_sd_configs`: Vultr instances.
    pub struct VultrSdConfig: "vultr.plain", defaults = go_defaults, finish = validate {
        pub @inline http: HttpClientConfig,
        pub refresh_interval: PromDuration,
        pub port: i64,
    }
}

impl VultrSdConfig {
    /// `vultr.DefaultSDConfig`.
    pub fn go_defaults() -> Self {
        VultrSdConfig {
            port: 80,
            refresh_interval: MINUTE,
            http: HttpClientConfig::go_defaults(),
        }
    }

    fn validate(&mut self) -> Result<(), String> {
        self.http.validate()
    }
}

http_discoverer!(
    AwsSdConfig,
    Ec2SdConfig,
    EcsSdConfig,
    ElasticacheSdConfig,
    LightsailSdConfig,
    MskSdConfig,
    RdsSdConfig,
    DigitalOceanSdConfig,
    HetznerSdConfig,
    IonosSdConfig,
    LinodeSdConfig,
    StackitSdConfig,
    VultrSdConfig,
);

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: serde::de::DeserializeOwned>(src: &str) -> Result<T, String> {
        let opts = crate::yaml::Options {
            go_yaml_v2: true,
            ..Default::default()
        };
        crate::yaml::from_str::<T>(src, opts)
            .map(|(v, _)| v)
            .map_err(|e| e.to_string())
    }

    fn err<T: serde::de::DeserializeOwned + std::fmt::Debug>(src: &str) -> String {
        parse::<T>(src).unwrap_err()
    }

    #[test]
    fn per_role_aws_configs_start_from_prometheus_defaults() {
        let c: Ec2SdConfig = parse("region: eu-west-1").unwrap();
        assert_eq!((c.port, c.refresh_interval), (80, MINUTE));
        assert!(c.http.follow_redirects && c.http.enable_http2);
        let c: EcsSdConfig = parse("{}").unwrap();
        assert_eq!(c.request_concurrency, 20);
        let c: RdsSdConfig = parse("filters: [{name: a}]").unwrap();
        assert_eq!(c.request_concurrency, 10);
        assert_eq!(
            err::<Ec2SdConfig>("filters: [{name: a}]"),
            "EC2 SD configuration filter values cannot be empty"
        );
        assert_eq!(
            err::<Ec2SdConfig>("filters: [null]"),
            "EC2 SD configuration filter values cannot be empty"
        );
        assert!(err::<Ec2SdConfig>("filters: [{nam: a}]")
            .contains("field nam not found in type aws.Filter"));
        assert_eq!(
            err::<LightsailSdConfig>("bearer_token: a\nbearer_token_file: b"),
            "at most one of bearer_token & bearer_token_file must be configured"
        );
    }

    #[test]
    fn the_aws_umbrella_keeps_zero_values_and_overlays_the_role_defaults() {
        assert_eq!(err::<AwsSdConfig>("region: x"), r#"unknown AWS SD role """#);
        assert_eq!(
            err::<AwsSdConfig>("role: ec3"),
            r#"unknown AWS SD role "ec3""#
        );
        // No HTTP validation and no HTTP defaults on the umbrella.
        let c: AwsSdConfig =
            parse("role: ec2\nport: 9100\nbearer_token: a\nbearer_token_file: b\nfilters: [{name: a}]\nclusters: [c]")
                .unwrap();
        assert!(!c.http.follow_redirects && !c.http.enable_http2);
        let Some(AwsRoleConfig::Ec2(ec2)) = c.role_config() else {
            panic!("want ec2");
        };
        assert_eq!((ec2.port, ec2.refresh_interval), (9100, MINUTE));
        assert_eq!(ec2.filters.len(), 1);
        assert!(!ec2.http.follow_redirects);
        let c: AwsSdConfig = parse("role: msk\nclusters: [c]\nregion: r").unwrap();
        let Some(AwsRoleConfig::Msk(msk)) = c.role_config() else {
            panic!("want msk");
        };
        assert_eq!((msk.clusters.len(), msk.request_concurrency), (1, 10));
        assert_eq!(msk.region, "r");
        assert!(err::<AwsSdConfig>("role: ec2\nrequest_concurrency: 1")
            .contains("field request_concurrency not found in type aws.plain"));
    }

    #[test]
    fn azure_checks_credentials_then_the_method() {
        let c: AzureSdConfig = parse("subscription_id: s\nauthentication_method: SDK").unwrap();
        assert_eq!((c.environment.as_str(), c.port), ("AzurePublicCloud", 80));
        assert_eq!(c.refresh_interval, PromDuration(300_000));
        assert_eq!(
            err::<AzureSdConfig>("subscription_id: s\ntenant_id: t"),
            "azure SD configuration requires a client_id"
        );
        assert_eq!(
            err::<AzureSdConfig>("subscription_id: s\nauthentication_method: x"),
            r#"unknown authentication_type "x". Supported types are "OAuth", "ManagedIdentity", "SDK" or "WorkloadIdentity""#
        );
    }

    #[test]
    fn roles_distinguish_null_from_an_empty_name() {
        assert_eq!(
            err::<HetznerSdConfig>("role:"),
            "role missing (one of: robot, hcloud)"
        );
        assert_eq!(err::<HetznerSdConfig>("role: ''"), r#"unknown role """#);
        let c: DigitalOceanSdConfig = parse("{}").unwrap();
        assert_eq!(c.role, DigitalOceanRole::Droplets);
        assert_eq!(
            err::<DigitalOceanSdConfig>("role: null"),
            "role missing (one of: droplets, databases)"
        );
        assert_eq!(
            err::<OpenstackSdConfig>("role: x"),
            r#"unknown OpenStack SD role "x""#
        );
        // Availability is checked before the role.
        assert_eq!(
            err::<OpenstackSdConfig>("availability: x"),
            "unknown availability x, must be one of admin, internal or public"
        );
    }

    #[test]
    fn scaleway_runs_the_sdk_client_checks() {
        let base = "role: instance\nproject_id: 11111111-1111-1111-1111-111111111111\n";
        let ok = format!("{base}access_key: SCW0123456789ABCDEFG\nsecret_key_file: s");
        assert!(parse::<ScalewaySdConfig>(&ok).is_ok());
        assert_eq!(
            err::<ScalewaySdConfig>(&format!("{base}access_key: k\nsecret_key: s")),
            "scaleway-sdk-go: invalid access key format 'k', expected SCWXXXXXXXXXXXXXXXXX format"
        );
        assert_eq!(
            err::<ScalewaySdConfig>(&format!(
                "{base}access_key: SCW0123456789ABCDEFG\nsecret_key_file: s\nzone: fr-par-123"
            )),
            "scaleway-sdk-go: invalid default zone format 'fr-par-123', available zones are: fr-par-1, fr-par-2, fr-par-3, nl-ams-1, nl-ams-2, nl-ams-3, pl-waw-1, pl-waw-2, pl-waw-3, it-mil-1"
        );
        assert_eq!(
            err::<ScalewaySdConfig>(&format!("{base}secret_key: a\nsecret_key_file: b")),
            "at most one of secret_key & secret_key_file must be configured"
        );
    }

    #[test]
    fn other_validations_use_prometheus_messages() {
        let c: OutscaleSdConfig = parse("access_key: a\nsecret_key: b").unwrap();
        assert_eq!(c.endpoint, "https://api.eu-west-2.outscale.com/api/v1");
        assert_eq!(
            err::<OciSdConfig>("region: r\nauth: instance_principal\nrefresh_interval: 0"),
            "oci_sd: refresh_interval must be positive, got 0s"
        );
        assert_eq!(
            err::<OciSdConfig>("region: r\nauth: x"),
            r#"oci_sd: unknown auth method "x", expected "api_key" or "instance_principal""#
        );
        assert_eq!(
            err::<StackitSdConfig>("endpoint: '::'"),
            r#"stackit_sd: invalid endpoint "::": parse "::": missing protocol scheme"#
        );
        assert_eq!(
            err::<OvhcloudSdConfig>("application_key: a\napplication_secret: b\nconsumer_key: c"),
            "unknown service: "
        );
        assert_eq!(
            err::<GceSdConfig>("zone: z"),
            "GCE SD configuration requires a project"
        );
        assert_eq!(err::<IonosSdConfig>("{}"), "datacenter id can't be empty");
    }

    #[test]
    fn set_directory_joins_only_what_prometheus_joins() {
        let dir = Path::new("/etc/prometheus");
        let mut oci: OciSdConfig =
            parse("region: r\ntenancy: t\nuser: u\nfingerprint: f\nkey_file: k.pem").unwrap();
        oci.set_directory(dir);
        assert_eq!(oci.key_file, "/etc/prometheus/k.pem");
        let mut stackit: StackitSdConfig = parse("private_key_path: k.pem").unwrap();
        stackit.set_directory(dir);
        assert_eq!(stackit.private_key_path, "k.pem");
        let mut azure: AzureSdConfig =
            parse("subscription_id: s\nauthentication_method: SDK").unwrap();
        assert!(azure.http().is_none());
        let mut os: OpenstackSdConfig =
            parse("role: instance\nregion: r\ntls_config: {ca_file: ca.pem}").unwrap();
        os.set_directory(dir);
        assert_eq!(os.tls_config.ca_file, "/etc/prometheus/ca.pem");
    }
}
