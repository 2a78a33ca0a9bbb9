//! Configuration files: Prometheus's `prometheus.yml` pieces, starting with relabeling.

pub mod relabel;
