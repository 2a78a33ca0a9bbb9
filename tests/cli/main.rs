//! lookout's integration tests: one binary, one module per area.

mod parser_conformance;
