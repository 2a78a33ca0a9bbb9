//! lookout: a command-line toolkit for the Prometheus ecosystem.
//!
//! Engine modules (`promql`, `model`, primitives) never depend on the command-line layers
//! (`cli`, `cmd`); data flows one way: files → model → engine → report.

pub mod amapi;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod diag;
pub mod duration;
pub mod exposition;
pub mod glob;
pub mod gosort;
pub mod gostr;
pub mod grade;
pub mod grafana;
pub mod httpclient;
pub mod lint;
pub mod md5;
pub mod model;
pub mod promapi;
pub mod promql;
pub mod regex;
pub mod rules;
pub mod storage;
pub mod tabwriter;
pub mod template;
pub mod time;
pub mod tsdb;
pub mod yaml;
