//! lookout's integration tests: one binary, one module per area.

mod parse_errors;
mod parser_conformance;
mod cli_promql;
mod generated_docs;
