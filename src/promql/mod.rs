//! PromQL: lexer, parser, type checker, printers, and the promqltest script reader.

pub mod ast;
pub mod check;
pub mod engine;
pub mod functions;
pub mod json;
pub mod lexer;
pub mod parser;
pub mod printer;
pub mod promqltest;
pub mod runner;
pub mod series;

use std::fmt;

pub use ast::{Expr, Span, ValueType};
pub use printer::{prettify, prettify_with};

/// Syntax gated behind Prometheus's `--enable-feature` flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    ExperimentalFunctions,
    DurationExpr,
    ExtendedRangeSelectors,
    BinopFillModifiers,
}

impl Feature {
    pub const ALL: [Feature; 4] = [
        Feature::ExperimentalFunctions,
        Feature::DurationExpr,
        Feature::ExtendedRangeSelectors,
        Feature::BinopFillModifiers,
    ];

    /// The flag value Prometheus uses for this feature.
    pub fn flag_name(self) -> &'static str {
        match self {
            Feature::ExperimentalFunctions => "promql-experimental-functions",
            Feature::DurationExpr => "promql-duration-expr",
            Feature::ExtendedRangeSelectors => "promql-extended-range-selectors",
            Feature::BinopFillModifiers => "promql-binop-fill-modifiers",
        }
    }

    pub fn from_flag_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.flag_name() == name)
    }
}

/// The set of enabled parser features.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Features {
    bits: u8,
}

impl Features {
    pub fn none() -> Features {
        Features::default()
    }

    /// Everything on, as Prometheus's promqltest harness runs.
    pub fn all() -> Features {
        Feature::ALL
            .into_iter()
            .fold(Features::none(), Features::with)
    }

    pub fn with(self, f: Feature) -> Features {
        Features {
            bits: self.bits | (1 << f as u8),
        }
    }

    pub fn has(self, f: Feature) -> bool {
        self.bits & (1 << f as u8) != 0
    }

    /// Parses `--enable-feature` values: comma-separated lists, possibly repeated. Names that
    /// are not PromQL features are returned separately so callers can reject or ignore them.
    pub fn from_flags<S: AsRef<str>>(values: &[S]) -> (Features, Vec<String>) {
        let mut features = Features::none();
        let mut unknown = Vec::new();
        for v in values {
            for name in v
                .as_ref()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                match Feature::from_flag_name(name) {
                    Some(f) => features = features.with(f),
                    None => unknown.push(name.to_string()),
                }
            }
        }
        (features, unknown)
    }
}

/// A parse or type error: Prometheus's message and the byte range it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseErr {
    pub span: Span,
    pub msg: String,
    /// Set when the construct needs a feature flag that is off.
    pub feature: Option<Feature>,
}

impl ParseErr {
    pub fn new(span: Span, msg: impl Into<String>) -> ParseErr {
        ParseErr {
            span,
            msg: msg.into(),
            feature: None,
        }
    }

    pub fn with_feature(mut self, f: Feature) -> ParseErr {
        self.feature = Some(f);
        self
    }

    /// Prometheus's error text: `<line>:<col>: parse error: <msg>`.
    pub fn display<'a>(&'a self, input: &'a str) -> impl fmt::Display + 'a {
        struct D<'a>(&'a ParseErr, &'a str);
        impl fmt::Display for D<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                if self.1.is_empty() {
                    return write!(f, "unknown position: parse error: {}", self.0.msg);
                }
                let (line, col) = crate::diag::line_col(self.1, self.0.span.start);
                write!(f, "{line}:{col}: parse error: {}", self.0.msg)
            }
        }
        D(self, input)
    }

    /// A diagnostic pointing into `file`, where the expression starts at byte `offset`.
    pub fn to_diagnostic(
        &self,
        file: std::sync::Arc<crate::diag::SourceFile>,
        offset: usize,
    ) -> crate::diag::Diagnostic {
        let code = if self.feature.is_some() {
            "promql/feature"
        } else {
            "promql/parse"
        };
        let span = Span::new(
            offset + self.span.start,
            offset + self.span.end.max(self.span.start),
        );
        let mut d = crate::diag::Diagnostic::error(code, self.msg.clone())
            .with_file(file)
            .with_span(span);
        if let Some(f) = self.feature {
            d = d.with_note(format!(
                "help: enable it with --enable-feature={}",
                f.flag_name()
            ));
        }
        d
    }
}

pub use parser::parse_metric_selector;

/// Parses and type-checks a PromQL expression.
pub fn parse(input: &str, features: Features) -> Result<Expr, ParseErr> {
    parser::parse_expr(input, features)
}
