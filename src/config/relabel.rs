//! Relabeling (`relabel_configs`, `metric_relabel_configs`, ...): the configuration with
//! Prometheus's defaults and validation messages (`model/relabel`), and applying it to a
//! label set.

use serde::Deserialize;

use crate::model::labels::{Label, Labels};
use crate::regex::PromRegex;
use crate::rules::NameValidation;

/// What a relabel step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Action {
    #[default]
    Replace,
    Keep,
    Drop,
    KeepEqual,
    DropEqual,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Replace => "replace",
            Action::Keep => "keep",
            Action::Drop => "drop",
            Action::KeepEqual => "keepequal",
            Action::DropEqual => "dropequal",
            Action::HashMod => "hashmod",
            Action::LabelMap => "labelmap",
            Action::LabelDrop => "labeldrop",
            Action::LabelKeep => "labelkeep",
            Action::Lowercase => "lowercase",
            Action::Uppercase => "uppercase",
        }
    }

    /// Case-insensitive, as Prometheus reads it.
    fn parse(s: &str) -> Option<Action> {
        let all = [
            Action::Replace,
            Action::Keep,
            Action::Drop,
            Action::KeepEqual,
            Action::DropEqual,
            Action::HashMod,
            Action::LabelMap,
            Action::LabelDrop,
            Action::LabelKeep,
            Action::Lowercase,
            Action::Uppercase,
        ];
        let lower = s.to_lowercase();
        all.into_iter().find(|a| a.as_str() == lower)
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML null leaves Go's action empty, which its validation then rejects.
        let Some(s) = Option::<String>::deserialize(d)? else {
            return Err(serde::de::Error::custom("relabel action cannot be empty"));
        };
        Action::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown relabel action {}",
                crate::gostr::quote(&s)
            ))
        })
    }
}

/// A relabel regex: anchored, Go syntax. Remembers whether it was written, because
/// Prometheus tells an explicit `(.*)` from the default one. Checked when read, compiled
/// when first used (see [`PromRegex::check_wrapped`]).
#[derive(Debug, Clone)]
pub struct Regex {
    src: String,
    compiled: std::sync::OnceLock<Option<PromRegex>>,
    pub explicit: bool,
}

impl Default for Regex {
    fn default() -> Regex {
        Regex {
            src: "(.*)".into(),
            compiled: std::sync::OnceLock::new(),
            explicit: false,
        }
    }
}

fn compile_default() -> PromRegex {
    static DEFAULT: std::sync::OnceLock<PromRegex> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            // A constant pattern; failing to compile it would be a bug in the translator.
            PromRegex::new_wrapped("(.*)").unwrap_or_else(|e| panic!("default relabel regex: {e}"))
        })
        .clone()
}

impl Regex {
    /// An explicit regex, checked as Prometheus's `NewRegexp` checks it.
    pub fn new(src: &str) -> Result<Regex, crate::regex::RegexError> {
        PromRegex::check_wrapped(src)?;
        Ok(Regex {
            src: src.to_string(),
            compiled: std::sync::OnceLock::new(),
            explicit: true,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// The compiled pattern. `None` only when a pattern that passed the syntax check is
    /// too large to compile; such a step then matches nothing.
    pub fn re(&self) -> Option<&PromRegex> {
        self.compiled
            .get_or_init(|| {
                if self.explicit {
                    PromRegex::new_wrapped(&self.src).ok()
                } else {
                    Some(compile_default())
                }
            })
            .as_ref()
    }
}

impl<'de> Deserialize<'de> for Regex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A null regex matches only the empty string, as in Prometheus.
        let s = Option::<String>::deserialize(d)?.unwrap_or_default();
        Regex::new(&s).map_err(serde::de::Error::custom)
    }
}

/// One relabel step. The serde name is the Go type's, for unknown-field errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, rename = "relabel.plain")]
pub struct Config {
    /// `None` when absent (Prometheus tells that apart from an empty list).
    pub source_labels: Option<Vec<String>>,
    pub separator: String,
    pub regex: Regex,
    pub modulus: u64,
    pub target_label: String,
    pub replacement: String,
    pub action: Action,
}

const DEFAULT_SEPARATOR: &str = ";";
const DEFAULT_REPLACEMENT: &str = "$1";

impl Default for Config {
    fn default() -> Config {
        Config {
            source_labels: None,
            separator: DEFAULT_SEPARATOR.into(),
            regex: Regex::default(),
            modulus: 0,
            target_label: String::new(),
            replacement: DEFAULT_REPLACEMENT.into(),
            action: Action::Replace,
        }
    }
}

/// Legacy label names, plus `$1`/`${name}` references (what a templated target may hold):
/// Prometheus's `relabelTargetLegacy`.
fn legacy_target_with_vars(s: &str) -> bool {
    static TARGET: std::sync::OnceLock<PromRegex> = std::sync::OnceLock::new();
    TARGET
        .get_or_init(|| {
            PromRegex::new(r"(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+")
                .unwrap_or_else(|e| panic!("relabel target regex: {e}"))
        })
        .is_match(s)
}

impl Config {
    /// Prometheus's `Config.Validate`, first problem only, with its message.
    pub fn validate(&self, names: NameValidation) -> Result<(), String> {
        use Action::*;
        let a = self.action;
        let act = a.as_str();
        let target = &self.target_label;
        let has_var = |s: &str| s.contains('$');
        let valid_with_vars = |s: &str| match names {
            NameValidation::Utf8 => names.is_valid_label_name(s),
            NameValidation::Legacy => legacy_target_with_vars(s),
        };
        if self.modulus == 0 && a == HashMod {
            return Err("relabel configuration for hashmod requires non-zero modulus".into());
        }
        if matches!(
            a,
            Replace | HashMod | Lowercase | Uppercase | KeepEqual | DropEqual
        ) && target.is_empty()
        {
            return Err(format!(
                "relabel configuration for {act} action requires 'target_label' value"
            ));
        }
        let bad_target = || {
            format!(
                "{} is invalid 'target_label' for {act} action",
                crate::gostr::quote(target)
            )
        };
        if a == Replace && !has_var(target) && !names.is_valid_label_name(target) {
            return Err(bad_target());
        }
        if a == Replace && has_var(target) && !valid_with_vars(target) {
            return Err(bad_target());
        }
        if matches!(a, Lowercase | Uppercase | KeepEqual | DropEqual)
            && !names.is_valid_label_name(target)
        {
            return Err(bad_target());
        }
        if matches!(a, Lowercase | Uppercase | KeepEqual | DropEqual)
            && self.replacement != DEFAULT_REPLACEMENT
        {
            return Err(format!("'replacement' can not be set for {act} action"));
        }
        if a == LabelMap && !valid_with_vars(&self.replacement) {
            return Err(format!(
                "{} is invalid 'replacement' for {act} action",
                crate::gostr::quote(&self.replacement)
            ));
        }
        if a == HashMod && !names.is_valid_label_name(target) {
            return Err(bad_target());
        }
        if matches!(a, DropEqual | KeepEqual)
            && (self.regex.explicit
                || self.modulus != 0
                || self.separator != DEFAULT_SEPARATOR
                || self.replacement != DEFAULT_REPLACEMENT)
        {
            return Err(format!(
                "{act} action requires only 'source_labels' and `target_label`, and no other fields"
            ));
        }
        if matches!(a, LabelDrop | LabelKeep)
            && (self.source_labels.is_some()
                || !target.is_empty()
                || self.modulus != 0
                || self.separator != DEFAULT_SEPARATOR
                || self.replacement != DEFAULT_REPLACEMENT)
        {
            return Err(format!(
                "{act} action requires only 'regex', and no other fields"
            ));
        }
        Ok(())
    }

    /// One step applied to the label set being built; `false` drops the whole set.
    fn apply(&self, b: &mut Builder, names: NameValidation) -> bool {
        use Action::*;
        let val = self
            .source_labels
            .iter()
            .flatten()
            .map(|n| b.get(n))
            .collect::<Vec<_>>()
            .join(&self.separator);
        let re = self.regex.re();
        let is_match = |s: &str| re.is_some_and(|r| r.is_match(s));
        match self.action {
            Drop => return !is_match(&val),
            Keep => return is_match(&val),
            DropEqual => return b.get(&self.target_label) != val,
            KeepEqual => return b.get(&self.target_label) == val,
            Replace => {
                // A plain set or delete needs no regex work.
                if val.is_empty()
                    && !self.regex.explicit
                    && !self.target_label.contains('$')
                    && !self.replacement.contains('$')
                {
                    b.set(&self.target_label, self.replacement.clone());
                    return true;
                }
                let Some((re, caps)) = re.and_then(|r| Some((r, r.captures(&val)?))) else {
                    return true;
                };
                let mut target = String::new();
                re.expand(&caps, &self.target_label, &mut target);
                if !names.is_valid_label_name(&target) {
                    return true;
                }
                let mut res = String::new();
                re.expand(&caps, &self.replacement, &mut res);
                b.set(&target, res);
            }
            Lowercase => b.set(&self.target_label, crate::gostr::to_lower(&val)),
            Uppercase => b.set(&self.target_label, crate::gostr::to_upper(&val)),
            HashMod => {
                let sum = crate::md5::digest(val.as_bytes());
                let mut tail = [0u8; 8];
                tail.copy_from_slice(&sum[8..]);
                // `validate` rejects a zero modulus; the guard only keeps this total.
                let m = u64::from_be_bytes(tail) % self.modulus.max(1);
                b.set(&self.target_label, m.to_string());
            }
            LabelMap => {
                let Some(re) = re else { return true };
                for l in b.range() {
                    if let Some(caps) = re.captures(&l.name) {
                        let mut name = String::new();
                        re.expand(&caps, &self.replacement, &mut name);
                        b.set(&name, l.value);
                    }
                }
            }
            LabelDrop | LabelKeep => {
                let keep_matching = self.action == LabelKeep;
                for l in b.range() {
                    if is_match(&l.name) != keep_matching {
                        b.del(&l.name);
                    }
                }
            }
        }
        true
    }
}

/// Prometheus's `labels.Builder` as relabeling uses it: one per label set, shared by all
/// steps. Besides the current labels it remembers the input and which names were set since,
/// in order, because `labelmap` visits labels in that order and the last write wins.
struct Builder {
    input: Labels,
    labels: Labels,
    set_order: Vec<String>,
}

impl Builder {
    fn new(input: &Labels) -> Builder {
        Builder {
            input: input.clone(),
            labels: input.clone(),
            set_order: Vec::new(),
        }
    }

    /// The value of `name`, empty when absent.
    fn get(&self, name: &str) -> &str {
        self.labels.get(name).unwrap_or("")
    }

    /// `Builder.Set`: an empty value deletes.
    fn set(&mut self, name: &str, value: String) {
        if value.is_empty() {
            return self.del(name);
        }
        if !self.set_order.iter().any(|n| n == name) {
            self.set_order.push(name.to_string());
        }
        self.labels.set(name, value);
    }

    fn del(&mut self, name: &str) {
        self.set_order.retain(|n| n != name);
        self.labels.remove(name);
    }

    /// `Builder.Range`: the untouched input labels in order, then the ones set since in the
    /// order they were set; a snapshot, so setting labels meanwhile is safe.
    fn range(&self) -> Vec<Label> {
        let untouched = self
            .input
            .iter()
            .filter(|l| !self.set_order.contains(&l.name) && self.labels.has(&l.name))
            .cloned();
        let set = self.set_order.iter().map(|n| Label {
            name: n.clone(),
            value: self.get(n).to_string(),
        });
        untouched.chain(set).collect()
    }
}

/// Applies every step in order; `None` when a step drops the label set.
pub fn process(labels: &Labels, cfgs: &[Config], names: NameValidation) -> Option<Labels> {
    let mut b = Builder::new(labels);
    for c in cfgs {
        if !c.apply(&mut b, names) {
            return None;
        }
    }
    Some(b.labels)
}

/// Applies the steps one at a time, returning the label set after each (`None` once dropped),
/// for showing users what each step did.
pub fn trace(labels: &Labels, cfgs: &[Config], names: NameValidation) -> Vec<Option<Labels>> {
    let mut out = Vec::with_capacity(cfgs.len());
    let mut b = Some(Builder::new(labels));
    for c in cfgs {
        b = b.and_then(|mut b| c.apply(&mut b, names).then_some(b));
        out.push(b.as_ref().map(|b| b.labels.clone()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn cfgs(src: &str) -> Vec<Config> {
        yaml::from_str::<Vec<Config>>(src, yaml::Options::default())
            .unwrap_or_else(|e| panic!("{src}: {e}"))
            .0
    }

    fn run(src: &str, input: &[(&str, &str)]) -> Option<String> {
        let c = cfgs(src);
        for step in &c {
            step.validate(NameValidation::Utf8)
                .unwrap_or_else(|e| panic!("{src}: {e}"));
        }
        process(
            &Labels::from_pairs(input.iter().copied()),
            &c,
            NameValidation::Utf8,
        )
        .map(|l| l.to_string())
    }

    #[test]
    fn actions() {
        let l = [("__name__", "up"), ("a", "foo"), ("b", "bar")];
        assert_eq!(
            run("- {source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch${1}-ch${1}'}", &l).as_deref(),
            Some(r#"{__name__="up", a="foo", b="bar", d="choo-choo"}"#)
        );
        assert_eq!(
            run("- {source_labels: [a], regex: 'foo', action: drop}", &l),
            None
        );
        assert!(run("- {source_labels: [a], regex: 'f.*', action: keep}", &l).is_some());
        assert_eq!(
            run(
                "- {source_labels: [a, b], regex: 'foo;bar', action: DROP}",
                &l
            ),
            None
        );
        assert_eq!(
            run(
                "- {regex: '(a|b)', replacement: 'x_$1', action: labelmap}",
                &l
            )
            .as_deref(),
            Some(r#"{__name__="up", a="foo", b="bar", x_a="foo", x_b="bar"}"#)
        );
        assert_eq!(
            run("- {regex: 'a|b', action: labeldrop}", &l).as_deref(),
            Some(r#"{__name__="up"}"#)
        );
        assert_eq!(
            run("- {regex: '__name__|a', action: labelkeep}", &l).as_deref(),
            Some(r#"{__name__="up", a="foo"}"#)
        );
        assert_eq!(
            run(
                "- {source_labels: [a], target_label: u, action: uppercase}",
                &l
            )
            .as_deref(),
            Some(r#"{__name__="up", a="foo", b="bar", u="FOO"}"#)
        );
        assert_eq!(
            run(
                "- {source_labels: [a], target_label: b, action: keepequal}",
                &l
            ),
            None
        );
        assert!(run(
            "- {source_labels: [a], target_label: b, action: dropequal}",
            &l
        )
        .is_some());
        // Replacing with an empty value deletes the target.
        assert_eq!(
            run(
                "- {source_labels: [a], target_label: b, replacement: ''}",
                &l
            )
            .as_deref(),
            Some(r#"{__name__="up", a="foo"}"#)
        );
        // No match, no change.
        assert_eq!(
            run("- {source_labels: [a], regex: 'x', target_label: c}", &l).as_deref(),
            Some(r#"{__name__="up", a="foo", b="bar"}"#)
        );
    }

    #[test]
    fn case_actions_map_one_rune_to_one_like_go() {
        let l = [("a", "straße ΟΔΟΣ İ")];
        assert_eq!(
            run(
                "- {source_labels: [a], target_label: u, action: uppercase}",
                &l
            )
            .as_deref(),
            Some(r#"{a="straße ΟΔΟΣ İ", u="STRAßE ΟΔΟΣ İ"}"#)
        );
        assert_eq!(
            run(
                "- {source_labels: [a], target_label: l, action: lowercase}",
                &l
            )
            .as_deref(),
            Some(r#"{a="straße ΟΔΟΣ İ", l="straße οδοσ i"}"#)
        );
    }

    #[test]
    fn labelmap_visits_labels_set_by_earlier_steps_last() {
        // Prometheus's builder ranges over untouched labels first, then those set since, so
        // when two labels map to one name the one set by step 1 wins.
        let steps = "- {target_label: a, replacement: X}\n- {regex: '(a|b)', replacement: c, action: labelmap}";
        assert_eq!(
            run(steps, &[("a", "1"), ("b", "2")]).as_deref(),
            Some(r#"{a="X", b="2", c="X"}"#)
        );
        let deleted_then_set = "- {target_label: b, replacement: ''}\n- {target_label: b, replacement: Y}\n- {regex: '(a|b)', replacement: c, action: labelmap}";
        assert_eq!(
            run(deleted_then_set, &[("a", "1"), ("b", "2")]).as_deref(),
            Some(r#"{a="1", b="Y", c="Y"}"#)
        );
        assert_eq!(
            run(
                "- {regex: '(a|b)', replacement: c, action: labelmap}",
                &[("a", "1"), ("b", "2")]
            )
            .as_deref(),
            Some(r#"{a="1", b="2", c="2"}"#)
        );
    }

    #[test]
    fn hashmod_matches_prometheus() {
        // Cases from Prometheus's relabel_test.go.
        let hm = "- {source_labels: [c], target_label: d, action: hashmod, modulus: 1000}";
        assert_eq!(
            run(hm, &[("c", "baz")]).as_deref(),
            Some(r#"{c="baz", d="976"}"#)
        );
        assert_eq!(
            run(hm, &[("c", "foo\nbar")]).as_deref(),
            Some(r#"{c="foo\nbar", d="734"}"#)
        );
    }

    #[test]
    fn legacy_targets_may_hold_variables() {
        for ok in [
            "foo",
            "_x1",
            "${1}",
            "$1abc",
            "a$b_c",
            "${name}_total",
            "$1$2",
        ] {
            assert!(legacy_target_with_vars(ok), "{ok}");
        }
        for bad in ["", "1abc", "$", "${}", "${a", "a-b", "a.b", "${a-b}", "é"] {
            assert!(!legacy_target_with_vars(bad), "{bad}");
        }
    }

    #[test]
    fn validation_messages() {
        let err = |src: &str| cfgs(src)[0].validate(NameValidation::Utf8).unwrap_err();
        assert_eq!(
            err("- {action: hashmod, target_label: x}"),
            "relabel configuration for hashmod requires non-zero modulus"
        );
        assert_eq!(
            err("- {action: lowercase}"),
            "relabel configuration for lowercase action requires 'target_label' value"
        );
        assert_eq!(
            err("- {action: uppercase, target_label: x, replacement: y}"),
            "'replacement' can not be set for uppercase action"
        );
        assert_eq!(
            err("- {action: labeldrop, regex: a, separator: ','}"),
            "labeldrop action requires only 'regex', and no other fields"
        );
        assert_eq!(
            err("- {action: labelkeep, source_labels: []}"),
            "labelkeep action requires only 'regex', and no other fields"
        );
        assert_eq!(err("- {action: keepequal, target_label: x, regex: '(.*)'}"), "keepequal action requires only 'source_labels' and `target_label`, and no other fields");
        let e = yaml::from_str::<Vec<Config>>("- {action: explode}", yaml::Options::default())
            .unwrap_err();
        assert_eq!(e.message, "unknown relabel action \"explode\"");
        let regex_err = |re: &str| {
            let src = format!("- {{regex: {}}}", crate::gostr::quote(re));
            yaml::from_str::<Vec<Config>>(&src, yaml::Options::default())
                .map(|_| String::new())
                .unwrap_or_else(|e| e.message)
        };
        // Go compiles `^(?s:` + regex + `)$` as one text, and its errors quote that text.
        assert_eq!(
            regex_err("["),
            "error parsing regexp: missing closing ]: `[)$`"
        );
        assert_eq!(
            regex_err("("),
            "error parsing regexp: missing closing ): `^(?s:()$`"
        );
        assert_eq!(regex_err("a)|(b"), "");
        assert_eq!(
            run(
                "- {source_labels: [a], regex: 'x)|(o', target_label: b}",
                &[("a", "foo")]
            )
            .as_deref(),
            // `^(?s:x)|(o)$`: the second branch is anchored only at the end.
            Some(r#"{a="foo", b="o"}"#)
        );
        for null in ["- {action: null}", "- {action: ~}", "- {action: }"] {
            let e = yaml::from_str::<Vec<Config>>(null, yaml::Options::default()).unwrap_err();
            assert_eq!(e.message, "relabel action cannot be empty", "{null}");
        }
        let e =
            yaml::from_str::<Vec<Config>>("- {action: ''}", yaml::Options::default()).unwrap_err();
        assert_eq!(e.message, "unknown relabel action \"\"");
        let e = yaml::from_str::<Vec<Config>>("- {actions: drop}", yaml::Options::default())
            .unwrap_err();
        assert_eq!(e.message, "field actions not found in type relabel.plain");
        let legacy = cfgs("- {source_labels: [a], target_label: 'in-valid'}");
        assert_eq!(
            legacy[0].validate(NameValidation::Legacy).unwrap_err(),
            "\"in-valid\" is invalid 'target_label' for replace action"
        );
        assert!(cfgs("- {source_labels: [a], target_label: 'x_${1}'}")[0]
            .validate(NameValidation::Legacy)
            .is_ok());
    }

    #[test]
    fn traces_each_step() {
        let c = cfgs("- {source_labels: [a], target_label: b}\n- {source_labels: [b], regex: foo, action: drop}\n");
        let steps = trace(
            &Labels::from_pairs([("a", "foo")]),
            &c,
            NameValidation::Utf8,
        );
        assert_eq!(
            steps[0].as_ref().map(|l| l.to_string()).as_deref(),
            Some(r#"{a="foo", b="foo"}"#)
        );
        assert_eq!(steps[1], None);
    }
}
