//! `lookout promql format|parse`.

use std::io::{self, Write};
use std::sync::Arc;

use anyhow::{Context, Result};

use super::{read_stdin, Outcome};
use crate::cli::{ParseOutput, PromqlCommand};
use crate::diag::{self, SourceFile};
use crate::promql::{self, ast::Expr, Features};

pub fn run(cmd: PromqlCommand, features: Features) -> Result<Outcome> {
    match cmd {
        PromqlCommand::Format(args) => {
            let (name, text) = expr_source(&args.expr)?;
            let Some(expr) = parse_or_report(&name, &text, features) else {
                return Ok(Outcome::Failed);
            };
            let mut out = io::stdout().lock();
            writeln!(out, "{}", promql::prettify(&expr)).context("writing output")?;
            Ok(Outcome::Success)
        }
        PromqlCommand::Parse(args) => {
            let (name, text) = expr_source(&args.expr)?;
            let Some(expr) = parse_or_report(&name, &text, features) else {
                return Ok(Outcome::Failed);
            };
            let rendered = match args.output {
                ParseOutput::Json => {
                    promql::json::to_pretty_string(&promql::json::expr_json(&expr))
                }
                ParseOutput::Tree => tree(&expr),
            };
            let mut out = io::stdout().lock();
            writeln!(out, "{rendered}").context("writing output")?;
            Ok(Outcome::Success)
        }
    }
}

/// The expression argument, or standard input for `-` (trailing newlines dropped).
fn expr_source(arg: &str) -> Result<(String, String)> {
    if arg == "-" {
        let text = read_stdin()?;
        Ok((
            "<stdin>".into(),
            text.trim_end_matches(['\n', '\r']).to_string(),
        ))
    } else {
        Ok(("<expr>".into(), arg.to_string()))
    }
}

/// Parses, or prints the error as a diagnostic on standard error.
fn parse_or_report(name: &str, text: &str, features: Features) -> Option<Expr> {
    match promql::parse(text, features) {
        Ok(e) => Some(e),
        Err(err) => {
            let file = Arc::new(SourceFile::new(name, text));
            let d = err.to_diagnostic(file, 0);
            eprint!(
                "{}",
                diag::render_human(&[d], diag::color_enabled_for_stderr())
            );
            None
        }
    }
}

/// An indented outline: one node per line with its kind and canonical text.
pub fn tree(expr: &Expr) -> String {
    fn go(out: &mut String, e: &Expr, depth: usize) {
        let kind = match e {
            Expr::Aggregate(_) => "AggregateExpr",
            Expr::Binary(_) => "BinaryExpr",
            Expr::Call(_) => "Call",
            Expr::MatrixSelector(_) => "MatrixSelector",
            Expr::Subquery(_) => "SubqueryExpr",
            Expr::Number(_) => "NumberLiteral",
            Expr::String(_) => "StringLiteral",
            Expr::Paren(_) => "ParenExpr",
            Expr::Unary(_) => "UnaryExpr",
            Expr::VectorSelector(_) => "VectorSelector",
        };
        out.push_str(&" · · ·".repeat(depth));
        out.push_str(&format!(" |---- {kind} :: {e}\n"));
        for c in e.children() {
            go(out, c, depth + 1);
        }
    }
    let mut out = String::new();
    go(&mut out, expr, 0);
    out.trim_end().to_string()
}
