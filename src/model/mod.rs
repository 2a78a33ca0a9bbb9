//! Data model shared by the PromQL engine, storage and test runners: label sets and native
//! (float) histograms, with the semantics of Prometheus's `model/labels` and `model/histogram`.

pub mod fxhash;
pub mod histogram;
pub mod kahan;
pub mod labels;
pub mod matcher;
pub mod xxhash;
