//! Values the engine computes: samples, series, vectors, matrices, scalars and strings.

use std::fmt;
use std::sync::Arc;

use crate::model::histogram::FloatHistogram;
use crate::model::labels::Labels;

/// A float point of a series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FPoint {
    /// Milliseconds since the epoch.
    pub t: i64,
    pub f: f64,
}

/// A native-histogram point of a series.
#[derive(Clone, Debug, PartialEq)]
pub struct HPoint {
    pub t: i64,
    pub h: Arc<FloatHistogram>,
}

/// One element of an instant vector: a float or a histogram (`h` set) at time `t`.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub metric: Labels,
    pub t: i64,
    pub f: f64,
    pub h: Option<Arc<FloatHistogram>>,
    /// The metric name is to be removed once evaluation finishes (delayed name removal).
    pub drop_name: bool,
}

impl Sample {
    /// A float sample with no labels, as functions return scalars.
    pub fn scalar(f: f64) -> Sample {
        Sample {
            metric: Labels::empty(),
            t: 0,
            f,
            h: None,
            drop_name: false,
        }
    }

    pub fn float(metric: Labels, t: i64, f: f64) -> Sample {
        Sample {
            metric,
            t,
            f,
            h: None,
            drop_name: false,
        }
    }
}

pub type Vector = Vec<Sample>;

/// A series with points over time (a range vector element, or one series of a range query).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub metric: Labels,
    pub floats: Vec<FPoint>,
    pub histograms: Vec<HPoint>,
    pub drop_name: bool,
}

impl Series {
    pub fn new(metric: Labels) -> Series {
        Series {
            metric,
            ..Series::default()
        }
    }

    /// Points held, counting a histogram as one sample per bucket-ish unit like Prometheus's
    /// sample limit does (its size in 16-byte units of its buckets, at least 1).
    pub fn sample_count(&self) -> usize {
        self.floats.len()
            + self
                .histograms
                .iter()
                .map(|p| hpoint_size(&p.h))
                .sum::<usize>()
    }
}

/// How many samples a histogram counts as against the query sample limit.
pub fn hpoint_size(h: &FloatHistogram) -> usize {
    let buckets = h.positive_buckets.len() + h.negative_buckets.len();
    // Prometheus: (size of the histogram in bytes) / (size of a float sample), at least 1.
    (buckets * 8 + 80).div_ceil(16).max(1)
}

pub type Matrix = Vec<Series>;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scalar {
    pub t: i64,
    pub v: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StringValue {
    pub t: i64,
    pub v: String,
}

/// The result of a query.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Scalar),
    String(StringValue),
    Vector(Vector),
    Matrix(Matrix),
}

impl Value {
    /// Prometheus's `resultType` name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Scalar(_) => "scalar",
            Value::String(_) => "string",
            Value::Vector(_) => "vector",
            Value::Matrix(_) => "matrix",
        }
    }
}

impl fmt::Display for FPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @[{}]", crate::gostr::format_float_f(self.f), self.t)
    }
}
