//! Discovery through platforms and registries: Consul, DNS, Docker, Docker Swarm, Eureka,
//! HTTP, Kubernetes, Kuma, Marathon, Nerve, Nomad, PuppetDB, Serverset, Triton, Uyuni.

use super::Discoverer;
use crate::go_struct;

go_struct! {
    /// `consul_sd_configs` (placeholder until implemented).
    pub struct ConsulSdConfig: "consul.plain" {}
}

impl Discoverer for ConsulSdConfig {}

go_struct! {
    /// `dns_sd_configs` (placeholder until implemented).
    pub struct DnsSdConfig: "dns.plain" {}
}

impl Discoverer for DnsSdConfig {}

go_struct! {
    /// `docker_sd_configs` (placeholder until implemented).
    pub struct DockerSdConfig: "docker.plain" {}
}

impl Discoverer for DockerSdConfig {}

go_struct! {
    /// `dockerswarm_sd_configs` (placeholder until implemented).
    pub struct DockerSwarmSdConfig: "dockerswarm.plain" {}
}

impl Discoverer for DockerSwarmSdConfig {}

go_struct! {
    /// `eureka_sd_configs` (placeholder until implemented).
    pub struct EurekaSdConfig: "eureka.plain" {}
}

impl Discoverer for EurekaSdConfig {}

go_struct! {
    /// `http_sd_configs` (placeholder until implemented).
    pub struct HttpSdConfig: "http.plain" {}
}

impl Discoverer for HttpSdConfig {}

go_struct! {
    /// `kubernetes_sd_configs` (placeholder until implemented).
    pub struct KubernetesSdConfig: "kubernetes.plain" {}
}

impl Discoverer for KubernetesSdConfig {}

go_struct! {
    /// `kuma_sd_configs` (placeholder until implemented).
    pub struct KumaSdConfig: "kuma.plain" {}
}

impl Discoverer for KumaSdConfig {}

go_struct! {
    /// `marathon_sd_configs` (placeholder until implemented).
    pub struct MarathonSdConfig: "marathon.plain" {}
}

impl Discoverer for MarathonSdConfig {}

go_struct! {
    /// `nerve_sd_configs` (placeholder until implemented).
    pub struct NerveSdConfig: "nerve.plain" {}
}

impl Discoverer for NerveSdConfig {}

go_struct! {
    /// `nomad_sd_configs` (placeholder until implemented).
    pub struct NomadSdConfig: "nomad.plain" {}
}

impl Discoverer for NomadSdConfig {}

go_struct! {
    /// `puppetdb_sd_configs` (placeholder until implemented).
    pub struct PuppetdbSdConfig: "puppetdb.plain" {}
}

impl Discoverer for PuppetdbSdConfig {}

go_struct! {
    /// `serverset_sd_configs` (placeholder until implemented).
    pub struct ServersetSdConfig: "serverset.plain" {}
}

impl Discoverer for ServersetSdConfig {}

go_struct! {
    /// `triton_sd_configs` (placeholder until implemented).
    pub struct TritonSdConfig: "triton.plain" {}
}

impl Discoverer for TritonSdConfig {}

go_struct! {
    /// `uyuni_sd_configs` (placeholder until implemented).
    pub struct UyuniSdConfig: "uyuni.plain" {}
}

impl Discoverer for UyuniSdConfig {}
