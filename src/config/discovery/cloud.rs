//! Discovery in cloud providers' APIs: AWS (ec2, ecs, elasticache, lightsail, msk, rds),
//! Azure, DigitalOcean, GCE, Hetzner, IONOS, Linode, OCI, OpenStack, Outscale, OVHcloud,
//! Scaleway, STACKIT, Vultr.

use super::Discoverer;
use crate::go_struct;

go_struct! {
    /// `aws_sd_configs` (placeholder until implemented).
    pub struct AwsSdConfig: "aws.plain" {}
}

impl Discoverer for AwsSdConfig {}

go_struct! {
    /// `ec2_sd_configs` (placeholder until implemented).
    pub struct Ec2SdConfig: "ec2.plain" {}
}

impl Discoverer for Ec2SdConfig {}

go_struct! {
    /// `ecs_sd_configs` (placeholder until implemented).
    pub struct EcsSdConfig: "ecs.plain" {}
}

impl Discoverer for EcsSdConfig {}

go_struct! {
    /// `elasticache_sd_configs` (placeholder until implemented).
    pub struct ElasticacheSdConfig: "elasticache.plain" {}
}

impl Discoverer for ElasticacheSdConfig {}

go_struct! {
    /// `lightsail_sd_configs` (placeholder until implemented).
    pub struct LightsailSdConfig: "lightsail.plain" {}
}

impl Discoverer for LightsailSdConfig {}

go_struct! {
    /// `msk_sd_configs` (placeholder until implemented).
    pub struct MskSdConfig: "msk.plain" {}
}

impl Discoverer for MskSdConfig {}

go_struct! {
    /// `rds_sd_configs` (placeholder until implemented).
    pub struct RdsSdConfig: "rds.plain" {}
}

impl Discoverer for RdsSdConfig {}

go_struct! {
    /// `azure_sd_configs` (placeholder until implemented).
    pub struct AzureSdConfig: "azure.plain" {}
}

impl Discoverer for AzureSdConfig {}

go_struct! {
    /// `digitalocean_sd_configs` (placeholder until implemented).
    pub struct DigitalOceanSdConfig: "digitalocean.plain" {}
}

impl Discoverer for DigitalOceanSdConfig {}

go_struct! {
    /// `gce_sd_configs` (placeholder until implemented).
    pub struct GceSdConfig: "gce.plain" {}
}

impl Discoverer for GceSdConfig {}

go_struct! {
    /// `hetzner_sd_configs` (placeholder until implemented).
    pub struct HetznerSdConfig: "hetzner.plain" {}
}

impl Discoverer for HetznerSdConfig {}

go_struct! {
    /// `ionos_sd_configs` (placeholder until implemented).
    pub struct IonosSdConfig: "ionos.plain" {}
}

impl Discoverer for IonosSdConfig {}

go_struct! {
    /// `linode_sd_configs` (placeholder until implemented).
    pub struct LinodeSdConfig: "linode.plain" {}
}

impl Discoverer for LinodeSdConfig {}

go_struct! {
    /// `oci_sd_configs` (placeholder until implemented).
    pub struct OciSdConfig: "oci.plain" {}
}

impl Discoverer for OciSdConfig {}

go_struct! {
    /// `openstack_sd_configs` (placeholder until implemented).
    pub struct OpenstackSdConfig: "openstack.plain" {}
}

impl Discoverer for OpenstackSdConfig {}

go_struct! {
    /// `outscale_sd_configs` (placeholder until implemented).
    pub struct OutscaleSdConfig: "outscale.plain" {}
}

impl Discoverer for OutscaleSdConfig {}

go_struct! {
    /// `ovhcloud_sd_configs` (placeholder until implemented).
    pub struct OvhcloudSdConfig: "ovhcloud.plain" {}
}

impl Discoverer for OvhcloudSdConfig {}

go_struct! {
    /// `scaleway_sd_configs` (placeholder until implemented).
    pub struct ScalewaySdConfig: "scaleway.plain" {}
}

impl Discoverer for ScalewaySdConfig {}

go_struct! {
    /// `stackit_sd_configs` (placeholder until implemented).
    pub struct StackitSdConfig: "stackit.plain" {}
}

impl Discoverer for StackitSdConfig {}

go_struct! {
    /// `vultr_sd_configs` (placeholder until implemented).
    pub struct VultrSdConfig: "vultr.plain" {}
}

impl Discoverer for VultrSdConfig {}
