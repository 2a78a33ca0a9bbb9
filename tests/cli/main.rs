//! lookout's integration tests: one binary, one module per area.

mod cli_config;
mod cli_metrics;
mod cli_promql;
mod cli_query;
mod cli_relabel;
mod cli_rules;
mod cli_rules_test;
mod cli_tsdb;
mod cli_tsdb_analyze;
mod cli_tsdb_create;
mod cli_web_config;
mod config_conformance;
mod config_no_panic;
mod engine_no_panic;
mod generated_docs;
mod histogram_props;
mod no_panic;
mod parse_errors;
mod parser_conformance;
mod promql_corpus;
mod promqltest_run;
mod query_differential;
mod relabel_conformance;
mod rules_conformance;
mod rules_no_panic;
mod support;
