//! Label sets: sorted by name, each name at most once.
//!
//! Ordering, equality and hashing follow Prometheus's `labels.Compare`: label by label (name,
//! then value), a shorter set that is a prefix of a longer one sorts first. That makes
//! [`Labels`] usable as a map key and gives the same series order as Prometheus.

use std::fmt;
use std::sync::Arc;

/// Name of the label that carries the metric name.
pub const METRIC_NAME: &str = "__name__";

/// The metric name and the type and unit metadata labels, which PromQL drops together.
pub const METADATA_LABELS: [&str; 3] = [METRIC_NAME, "__type__", "__unit__"];

/// One label: a name/value pair.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label {
    pub name: String,
    pub value: String,
}

impl Label {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Label {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// A label set, sorted by name with unique names.
///
/// Empty values are kept as given; callers that build series from user input decide whether
/// an empty value means "absent" (as Prometheus's storage does).
///
/// Cloning is cheap (a shared, copy-on-write vector): the engine hands the same label set to
/// every sample of a series at every step. The empty set holds no allocation at all (`None`;
/// never `Some` of an empty vector, so derived equality and ordering stay right).
///
/// Each set remembers its hash once computed, so sets used again and again as map keys (a
/// series' labels, query after query) hash in constant time.
#[derive(Clone, Debug, Default)]
pub struct Labels(Option<Arc<LabelVec>>);

#[derive(Clone, Debug)]
struct LabelVec {
    labels: Vec<Label>,
    hash: std::sync::OnceLock<u64>,
}

impl PartialEq for Labels {
    fn eq(&self, other: &Labels) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) if Arc::ptr_eq(a, b) => true,
            _ => self.slice() == other.slice(),
        }
    }
}

impl Eq for Labels {}

impl PartialOrd for Labels {
    fn partial_cmp(&self, other: &Labels) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Labels {
    fn cmp(&self, other: &Labels) -> std::cmp::Ordering {
        self.slice().cmp(other.slice())
    }
}

impl std::hash::Hash for Labels {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let h = match &self.0 {
            None => 0,
            Some(v) => *v.hash.get_or_init(|| {
                let mut x = crate::model::fxhash::FxHasher::default();
                std::hash::Hash::hash(&v.labels, &mut x);
                std::hash::Hasher::finish(&x)
            }),
        };
        state.write_u64(h);
    }
}

/// A label name occurred twice where that is not allowed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("label name {} is not unique", crate::gostr::quote(.0))]
pub struct DuplicateLabel(pub String);

impl Labels {
    /// The empty label set.
    pub fn empty() -> Self {
        Labels(None)
    }

    fn from_vec(v: Vec<Label>) -> Labels {
        if v.is_empty() {
            Labels(None)
        } else {
            Labels(Some(Arc::new(LabelVec {
                labels: v,
                hash: std::sync::OnceLock::new(),
            })))
        }
    }

    fn slice(&self) -> &[Label] {
        self.0.as_deref().map_or(&[], |v| v.labels.as_slice())
    }

    /// The vector to modify, unshared first (and its remembered hash forgotten).
    fn vec_mut(&mut self) -> &mut Vec<Label> {
        let inner = Arc::make_mut(self.0.get_or_insert_with(|| {
            Arc::new(LabelVec {
                labels: Vec::new(),
                hash: std::sync::OnceLock::new(),
            })
        }));
        inner.hash = std::sync::OnceLock::new();
        &mut inner.labels
    }

    /// Builds a label set from pairs; when a name repeats, the last pair wins
    /// (like Prometheus's `labels.Builder.Set`).
    pub fn from_pairs<I, N, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (N, V)>,
        N: Into<String>,
        V: Into<String>,
    {
        let labels: Vec<Label> = pairs
            .into_iter()
            .map(|(n, v)| Label {
                name: n.into(),
                value: v.into(),
            })
            .collect();
        // Pairs read from a TSDB index or a sorted set arrive sorted and unique: no search.
        if labels.windows(2).all(|w| w[0].name < w[1].name) {
            return Labels::from_vec(labels);
        }
        let mut out = Labels::empty();
        for l in labels {
            out.set(l.name, l.value);
        }
        out
    }

    /// Builds a label set from pairs, rejecting a repeated name.
    pub fn try_from_pairs<I, N, V>(pairs: I) -> Result<Self, DuplicateLabel>
    where
        I: IntoIterator<Item = (N, V)>,
        N: Into<String>,
        V: Into<String>,
    {
        let mut v: Vec<Label> = pairs
            .into_iter()
            .map(|(n, val)| Label::new(n, val))
            .collect();
        v.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(w) = v.windows(2).find(|w| w[0].name == w[1].name) {
            return Err(DuplicateLabel(w[0].name.clone()));
        }
        Ok(Labels::from_vec(v))
    }

    /// Value of the label `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        let labels = self.slice();
        // Most sets are small: comparing lengths first beats a binary search of string
        // comparisons there.
        if labels.len() <= 8 {
            return labels
                .iter()
                .find(|l| l.name.len() == name.len() && l.name == name)
                .map(|l| l.value.as_str());
        }
        self.position(name)
            .ok()
            .and_then(|i| labels.get(i))
            .map(|l| l.value.as_str())
    }

    /// Whether a label called `name` is present.
    pub fn has(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// The metric name (`__name__`), if present.
    pub fn metric_name(&self) -> Option<&str> {
        self.get(METRIC_NAME)
    }

    /// Sets `name` to `value`, replacing an existing value.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.position(&name) {
            Ok(i) => {
                if self.slice().get(i).is_some_and(|l| l.value == value) {
                    return;
                }
                if let Some(l) = self.vec_mut().get_mut(i) {
                    l.value = value;
                }
            }
            Err(i) => self.vec_mut().insert(i, Label { name, value }),
        }
    }

    /// Prometheus's `labels.Builder.Set`: an empty value removes the label, since a
    /// label with an empty value is the same as an absent one.
    pub fn set_or_remove(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            self.remove(name);
        } else {
            self.set(name, value);
        }
    }

    /// Removes the label `name`; returns its value if it was present.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.position(name).ok()?;
        let removed = self.vec_mut().remove(i).value;
        if self.slice().is_empty() {
            self.0 = None;
        }
        Some(removed)
    }

    /// The set without [`METADATA_LABELS`].
    pub fn without_metadata(&self) -> Labels {
        self.without(&METADATA_LABELS)
    }

    /// A copy without the given label names.
    pub fn without(&self, names: &[&str]) -> Labels {
        if !self
            .slice()
            .iter()
            .any(|l| names.contains(&l.name.as_str()))
        {
            return self.clone();
        }
        Labels::from_vec(
            self.slice()
                .iter()
                .filter(|l| !names.contains(&l.name.as_str()))
                .cloned()
                .collect(),
        )
    }

    /// A copy keeping only the given label names.
    pub fn keep(&self, names: &[&str]) -> Labels {
        Labels::from_vec(
            self.slice()
                .iter()
                .filter(|l| names.contains(&l.name.as_str()))
                .cloned()
                .collect(),
        )
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Label> {
        self.slice().iter()
    }

    pub fn as_slice(&self) -> &[Label] {
        self.slice()
    }

    pub fn into_vec(self) -> Vec<Label> {
        match self.0 {
            Some(v) => Arc::try_unwrap(v)
                .map(|inner| inner.labels)
                .unwrap_or_else(|shared| shared.labels.clone()),
            None => Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.slice().len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.slice().binary_search_by(|l| l.name.as_str().cmp(name))
    }
}

/// Whether `name` is a label name that needs no quoting (`[a-zA-Z_][a-zA-Z0-9_]*`).
pub fn is_legacy_label_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Whether `name` is a metric name that needs no quoting (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
pub fn is_legacy_metric_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b':' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':')
}

/// Same text as Prometheus's `Labels.String()`: `{a="b", c="d"}`, values quoted with Go's
/// `strconv.Quote`, names quoted only when they are not legacy identifiers.
impl fmt::Display for Labels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, l) in self.slice().iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            if is_legacy_label_name(&l.name) {
                f.write_str(&l.name)?;
            } else {
                f.write_str(&crate::gostr::quote(&l.name))?;
            }
            f.write_str("=")?;
            f.write_str(&crate::gostr::quote(&l.value))?;
        }
        f.write_str("}")
    }
}

impl<'a> IntoIterator for &'a Labels {
    type Item = &'a Label;
    type IntoIter = std::slice::Iter<'a, Label>;
    fn into_iter(self) -> Self::IntoIter {
        self.slice().iter()
    }
}

impl IntoIterator for Labels {
    type Item = Label;
    type IntoIter = std::vec::IntoIter<Label>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl FromIterator<Label> for Labels {
    /// Last occurrence of a name wins.
    fn from_iter<T: IntoIterator<Item = Label>>(iter: T) -> Self {
        Labels::from_pairs(iter.into_iter().map(|l| (l.name, l.value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emptied_sets_equal_the_empty_set() {
        let mut l = Labels::from_pairs([("a", "1")]);
        l.remove("a");
        assert_eq!(l, Labels::empty());
        assert_eq!(
            Labels::from_pairs([("a", "1")]).without(&["a"]),
            Labels::empty()
        );
        assert_eq!(
            Labels::from_pairs([("a", "1")]).keep(&["b"]),
            Labels::empty()
        );
        assert_eq!(
            Labels::try_from_pairs(Vec::<(String, String)>::new()),
            Ok(Labels::empty())
        );
        let mut h = std::collections::HashSet::new();
        h.insert(l);
        assert!(h.contains(&Labels::empty()));
    }
    use std::collections::BTreeSet;

    #[test]
    fn sorted_and_last_wins() {
        let l = Labels::from_pairs([("b", "1"), ("a", "2"), ("b", "3")]);
        assert_eq!(l.len(), 2);
        assert_eq!(l.get("a"), Some("2"));
        assert_eq!(l.get("b"), Some("3"));
        assert_eq!(l.get("c"), None);
        let names: Vec<_> = l.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn try_from_pairs_rejects_duplicates() {
        let e = Labels::try_from_pairs([("a", "1"), ("b", "2"), ("a", "3")]).unwrap_err();
        assert_eq!(e.to_string(), r#"label name "a" is not unique"#);
        assert!(Labels::try_from_pairs([("a", "1"), ("b", "2")]).is_ok());
    }

    #[test]
    fn display_like_prometheus() {
        let l = Labels::from_pairs([
            (METRIC_NAME, "up"),
            ("job", "a\"b\n"),
            ("service.name", "x"),
            ("_ok9", ""),
        ]);
        assert_eq!(
            l.to_string(),
            r#"{__name__="up", _ok9="", job="a\"b\n", "service.name"="x"}"#
        );
        assert_eq!(Labels::empty().to_string(), "{}");
    }

    #[test]
    fn set_remove_without_keep() {
        let mut l = Labels::from_pairs([("a", "1"), ("c", "3")]);
        l.set("b", "2");
        l.set("a", "0");
        assert_eq!(l.to_string(), r#"{a="0", b="2", c="3"}"#);
        assert_eq!(l.remove("b").as_deref(), Some("2"));
        assert_eq!(l.remove("zz"), None);
        assert_eq!(l.without(&["a"]).to_string(), r#"{c="3"}"#);
        assert_eq!(l.keep(&["a"]).to_string(), r#"{a="0"}"#);
        assert!(l.has("c") && !l.has("b"));
        assert!(Labels::empty().is_empty());
        l.set_or_remove("d", "4");
        l.set_or_remove("a", "");
        l.set_or_remove("zz", "");
        assert_eq!(l.to_string(), r#"{c="3", d="4"}"#);
    }

    #[test]
    fn ordering_matches_labels_compare() {
        let a = Labels::from_pairs([("a", "1")]);
        let ab = Labels::from_pairs([("a", "1"), ("b", "1")]);
        let a2 = Labels::from_pairs([("a", "2")]);
        let b = Labels::from_pairs([("b", "0")]);
        let set: BTreeSet<_> = [b.clone(), a2.clone(), ab.clone(), a.clone()].into();
        let order: Vec<_> = set.into_iter().collect();
        assert_eq!(order, vec![a, ab, a2, b]);
    }

    #[test]
    fn legacy_names() {
        assert!(is_legacy_label_name("_a9"));
        assert!(!is_legacy_label_name("9a"));
        assert!(!is_legacy_label_name(""));
        assert!(!is_legacy_label_name("a:b"));
        assert!(is_legacy_metric_name("a:b"));
        assert!(!is_legacy_metric_name("a.b"));
    }
}
