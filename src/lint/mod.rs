//! Checks over parsed files that go beyond validity: what promtool's `--lint` reports, and
//! more.

pub mod dashboards;
pub mod metrics;
pub mod rules;
