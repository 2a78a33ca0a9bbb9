//! grafana/dashboard-linter's rule tests (lint/rule_*_test.go), ported: each case is a
//! dashboard and the results one rule gives for it. Where our rules apply by the resolved
//! datasource of a target, a case's datasource is written out (upstream relied on the
//! first datasource variable); such changes are noted.

use super::*;
use crate::grafana;
use crate::promql;

/// The findings of `rule` for the dashboard `json`, as (level, message).
fn run(rule: Rule, json: &str) -> Vec<(Level, String)> {
    let dash = grafana::load(json).expect("test dashboard");
    lint(&dash, json, Features::none())
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.level, f.message))
        .collect()
}

fn errors(msgs: &[&str]) -> Vec<(Level, String)> {
    msgs.iter().map(|m| (Level::Error, m.to_string())).collect()
}

/// A dashboard titled `test` with these variables and one panel.
fn dash(vars: &str, panel: &str) -> String {
    format!(r#"{{"title": "test", "templating": {{"list": [{vars}]}}, "panels": [{panel}]}}"#)
}

const PROM_VAR: &str = r#"{"type": "datasource", "name": "datasource", "label": "Data source", "query": "prometheus"}"#;
const LOKI_VAR: &str =
    r#"{"type": "datasource", "name": "datasource", "label": "Data source", "query": "loki"}"#;

#[test]
fn panel_datasource() {
    let r = Rule::PanelDatasource;
    let p = r#"{"type": "singlestat", "datasource": "foo", "title": "bar", "targets": []}"#;
    assert_eq!(
        run(r, &dash("", p)),
        errors(&["does not use a templated datasource, uses 'foo'"])
    );
    for (ds, var) in [
        ("$datasource", "datasource"),
        ("${datasource}", "datasource"),
        ("$prometheus_datasource", "prometheus_datasource"),
        ("${prometheus_datasource}", "prometheus_datasource"),
    ] {
        let vars = format!(r#"{{"type": "datasource", "name": "{var}"}}"#);
        let p = format!(r#"{{"type": "singlestat", "datasource": "{ds}"}}"#);
        assert_eq!(run(r, &dash(&vars, &p)), [], "{ds}");
        // The typed form of the same reference.
        let p = format!(
            r#"{{"type": "graph", "datasource": {{"type": "prometheus", "uid": "{ds}"}}}}"#
        );
        assert_eq!(run(r, &dash(&vars, &p)), [], "{ds}");
    }
    // Ours: built-in datasources have nothing to template (upstream #183); mixed panels
    // are judged by their targets.
    let p = r#"{"type": "table", "datasource": "-- Dashboard --", "targets": [{"panelId": 1}]}"#;
    assert_eq!(run(r, &dash("", p)), []);
    let mixed = |t: &str| {
        format!(
            r#"{{"type": "timeseries", "datasource": "-- Mixed --", "targets": [
              {{"datasource": "$datasource", "expr": "up"}}, {t}]}}"#
        )
    };
    let ok = mixed(r#"{"datasource": {"uid": "${datasource}"}, "expr": "up"}"#);
    assert_eq!(run(r, &dash(PROM_VAR, &ok)), []);
    let bad = mixed(r#"{"datasource": {"uid": "abc"}, "expr": "up"}"#);
    assert_eq!(
        run(r, &dash(PROM_VAR, &bad)),
        errors(&["does not use a templated datasource, uses 'abc'"])
    );
}

#[test]
fn panel_no_targets() {
    let r = Rule::PanelNoTargets;
    let p = r#"{"type": "singlestat", "datasource": "foo", "title": "bar"}"#;
    assert_eq!(run(r, &dash("", p)), errors(&["has no targets"]));
    let p =
        r#"{"type": "singlestat", "title": "bar", "targets": [{"expr": "sum(rate(foo[5m]))"}]}"#;
    assert_eq!(run(r, &dash("", p)), []);
    // An empty list is targets (only a missing one is not), and other types are not judged.
    let p = r#"{"type": "stat", "title": "bar", "targets": []}"#;
    assert_eq!(run(r, &dash("", p)), []);
    assert_eq!(run(r, &dash("", r#"{"type": "text"}"#)), []);
}

#[test]
fn panel_title_description() {
    let r = Rule::PanelTitleDescription;
    for (title, desc) in [("", ""), ("title", ""), ("", "description")] {
        let p = format!(
            r#"{{"type": "singlestat", "id": 1, "title": "{title}", "description": "{desc}"}}"#
        );
        let want = format!(
            "has missing title or description, currently has title '{title}' and description: \
             '{desc}'"
        );
        assert_eq!(run(r, &dash("", &p)), errors(&[&want]));
    }
    let p = r#"{"type": "singlestat", "title": "testpanel", "description": "testdescription"}"#;
    assert_eq!(run(r, &dash("", p)), []);
}

#[test]
fn panel_units() {
    let r = Rule::PanelUnits;
    let panel = |extra: &str| format!(r#"{{"type": "singlestat", "title": "bar"{extra}}}"#);
    let missing = errors(&["has no or invalid units defined: ''"]);
    assert_eq!(
        run(
            r,
            &dash(
                "",
                &panel(r#", "fieldConfig": {"defaults": {"unit": "MyInvalidUnit"}}"#)
            )
        ),
        errors(&["has no or invalid units defined: 'MyInvalidUnit'"])
    );
    assert_eq!(run(r, &dash("", &panel(""))), missing);
    assert_eq!(run(r, &dash("", &panel(r#", "fieldConfig": {}"#))), missing);
    for unit in ["short", "none"] {
        let p = panel(&format!(
            r#", "fieldConfig": {{"defaults": {{"unit": "{unit}"}}}}"#
        ));
        assert_eq!(run(r, &dash("", &p)), [], "{unit}");
    }
    let stat = |fields: &str| {
        format!(
            r#"{{"type": "stat", "title": "bar", "options": {{"reduceOptions": {{"fields": "{fields}"}}}}}}"#
        )
    };
    assert_eq!(run(r, &dash("", &stat("/^version$/"))), []);
    assert_eq!(run(r, &dash("", &stat(""))), missing);
    let mappings =
        r#"[{"type": "value", "options": {"1": {"text": "OK"}, "2": {"text": "Problem"}}}]"#;
    let p = panel(&format!(
        r#", "fieldConfig": {{"defaults": {{"mappings": {mappings}}}}}"#
    ));
    assert_eq!(run(r, &dash("", &p)), []);
    let p = panel(&format!(
        r#", "fieldConfig": {{"overrides": [{{"properties": [{{"id": "mappings", "value": {mappings}}}]}}]}}"#
    ));
    assert_eq!(run(r, &dash("", &p)), []);
    // An override's unit wins over the defaults'.
    let p = panel(
        r#", "fieldConfig": {"defaults": {"unit": "short"}, "overrides": [{"properties": [{"id": "unit", "value": "nope"}]}]}"#,
    );
    assert_eq!(
        run(r, &dash("", &p)),
        errors(&["has no or invalid units defined: 'nope'"])
    );
    // Ours: the empty `mappings` Grafana saves on every panel is not value mappings; graph
    // panels keep their unit on the axis; custom units are units.
    let p = panel(r#", "fieldConfig": {"defaults": {"mappings": []}}"#);
    assert_eq!(run(r, &dash("", &p)), missing);
    let graph =
        r#"{"type": "graph", "title": "g", "yaxes": [{"format": "bytes"}, {"format": "short"}]}"#;
    assert_eq!(run(r, &dash("", graph)), []);
    let p = panel(r#", "fieldConfig": {"defaults": {"unit": "suffix: req"}}"#);
    assert_eq!(run(r, &dash("", &p)), []);
}

/// A Prometheus dashboard (`$datasource` is Prometheus) with one panel of `type` and one
/// target `expr` on `$datasource`.
fn prom(type_: &str, expr: &str) -> String {
    let expr = serde_json::to_string(expr).expect("json string");
    dash(
        PROM_VAR,
        &format!(
            r#"{{"title": "panel", "type": "{type_}", "datasource": "$datasource",
               "targets": [{{"refId": "A", "expr": {expr}}}]}}"#
        ),
    )
}

#[test]
fn target_counter_agg() {
    // Upstream ran this rule on any query that parses as PromQL (its cases use a datasource
    // "foo"); ours runs it on PromQL targets only.
    let r = Rule::TargetCounterAgg;
    let msg = |m: &str| {
        errors(&[&format!(
            "counter metric '{m}' is not aggregated with rate, irate, or increase"
        )])
    };
    assert_eq!(run(r, &prom("", "something_total")), msg("something_total"));
    assert_eq!(
        run(r, &prom("", "something_total[$__rate_interval]")),
        msg("something_total")
    );
    assert_eq!(
        run(r, &prom("", "increase(something_total[$__rate_interval])")),
        []
    );
    assert_eq!(
        run(
            r,
            &prom(
                "",
                "something_total / rate(somethingelse_total[$__rate_interval])"
            )
        ),
        msg("something_total")
    );
    assert_eq!(
        run(
            r,
            &prom(
                "",
                "rate(something_total[$__rate_interval]) / somethingelse_total"
            )
        ),
        msg("somethingelse_total")
    );
    // Ours: the name decides, matchers or not (upstream's printed-selector test missed these).
    assert_eq!(
        run(r, &prom("", r#"sum(x_total{job="a"})"#)),
        msg(r#"x_total{job="a"}"#)
    );
    let other = r#"{"title": "p", "datasource": "foo", "targets": [{"expr": "something_total"}]}"#;
    assert_eq!(run(r, &dash("", other)), []);
}

#[test]
fn target_job_instance() {
    for (label, rule) in [("job", Rule::TargetJob), ("instance", Rule::TargetInstance)] {
        // Upstream's panel has no datasource; the dashboard's default is Prometheus.
        let case = |expr: &str| {
            let expr = serde_json::to_string(expr).expect("json");
            let d = dash(
                r#"{"type": "datasource", "query": "prometheus"}"#,
                &format!(
                    r#"{{"title": "panel", "type": "singlestat", "targets": [{{"expr": {expr}}}]}}"#
                ),
            );
            run(rule, &d)
        };
        let ok = [
            format!(r#"sum(rate(foo{{{label}=~"${label}"}}[5m]))"#),
            format!(r#"sum(rate(foo{{{label}="integrations/bar", {label}=~"${label}"}}[5m]))"#),
            format!(r#"sum(rate(foo{{{label}=~"${label}", {label}="integrations/bar"}}[5m]))"#),
            // Invalid PromQL is another rule's.
            "foo(bar.baz))".to_string(),
        ];
        for expr in &ok {
            assert_eq!(case(expr), [], "{expr}");
        }
        let bad = |expr: String, why: String| {
            (
                case(&expr),
                errors(&[&format!("invalid PromQL query '{expr}': {why}")]),
            )
        };
        for (got, want) in [
            bad(
                "sum(rate(foo[5m]))".into(),
                format!("{label} selector not found"),
            ),
            bad(
                format!(r#"sum(rate(foo{{{label}="${label}"}}[5m]))"#),
                format!("{label} selector is =, not =~"),
            ),
            bad(
                format!(r#"sum(rate(foo{{{label}=~"$foo"}}[5m]))"#),
                format!("{label} selector is $foo, not ${label}"),
            ),
        ] {
            assert_eq!(got, want);
        }
    }
}

/// A Loki dashboard with one panel of `type` on `$datasource` and one target `expr`.
fn loki(type_: &str, expr: &str) -> String {
    let expr = serde_json::to_string(expr).expect("json string");
    dash(
        LOKI_VAR,
        &format!(
            r#"{{"title": "panel", "type": "{type_}", "datasource": "$datasource",
               "targets": [{{"expr": {expr}}}]}}"#
        ),
    )
}

#[test]
fn target_logql_auto() {
    // Upstream's panels have no datasource and the first datasource variable is Loki; ours
    // name `$datasource` (Loki) on the panel, since a panel without one uses the default.
    let r = Rule::TargetLogqlAuto;
    let fixed = errors(&["LogQL query uses fixed duration: should use $__auto"]);
    let non_loki = r#"{"title": "panel", "datasource": "foo", "targets": [{"expr": "sum(rate({job=~\"$job\",instance=~\"$instance\"}[5m]))"}]}"#;
    assert_eq!(run(r, &dash(LOKI_VAR, non_loki)), []);
    for (type_, expr, ok) in [
        (
            "singlestat",
            r#"sum(rate({job=~"$job",instance=~"$instance"} [$__auto]))"#,
            true,
        ),
        (
            "singlestat",
            r#"sum(rate({job=~"$job",instance=~"$instance"} [$__auto]))/sum(rate({job=~"$job",instance=~"$instance"} [$__auto]))"#,
            true,
        ),
        (
            "singlestat",
            r#"sum(rate({job=~"$job",instance=~"$instance"}[5m]))"#,
            false,
        ),
        (
            "timeseries",
            r#"sum(rate({job=~"$job",instance=~"$instance"}[5m]))"#,
            false,
        ),
        (
            "singlestat",
            r#"count_over_time({job="mysql"} [$__auto])"#,
            true,
        ),
        ("singlestat", r#"count_over_time({job="mysql"}[5m])"#, false),
        ("singlestat", r#"bytes_rate({job="mysql"} [$__auto])"#, true),
        ("singlestat", r#"bytes_rate({job="mysql"}[5m])"#, false),
        (
            "singlestat",
            r#"bytes_over_time({job="mysql"} [$__auto])"#,
            true,
        ),
        ("singlestat", r#"bytes_over_time({job="mysql"}[5m])"#, false),
        (
            "singlestat",
            r#"sum_over_time({job="mysql"} |= "duration" | unwrap duration [$__auto])"#,
            true,
        ),
        (
            "singlestat",
            r#"sum_over_time({job="mysql"} |= "duration" | unwrap duration[5m])"#,
            false,
        ),
        (
            "singlestat",
            r#"avg_over_time({job="mysql"} |= "duration" | unwrap duration [$__auto])"#,
            true,
        ),
        (
            "singlestat",
            r#"avg_over_time({job="mysql"} |= "duration" | unwrap duration[5m])"#,
            false,
        ),
    ] {
        let want = if ok { vec![] } else { fixed.clone() };
        assert_eq!(run(r, &loki(type_, expr)), want, "{expr}");
    }
    // Brackets in strings are not ranges; hidden targets are not judged.
    assert_eq!(run(r, &loki("stat", r#"{job="a"} |~ "[0-9]+""#)), []);
    let hidden = loki("stat", "count_over_time({a=\"b\"}[5m])")
        .replace(r#""targets": [{"#, r#""targets": [{"hide": true, "#);
    assert_eq!(run(r, &hidden), []);
}

#[test]
fn target_logql() {
    // Without a LogQL parser, queries are not judged either way (the check notes them as
    // not checked); what is left of the rule is the panel reference of an empty query.
    let r = Rule::TargetLogql;
    for expr in [
        r#"sum(rate({job="mysql"}[5m]))"#,
        r#"sum(rate({job="mysql"[5m]))"#,
        r#"{job="mysql"} | json | line_format "{{.timestamp}} {{.message}}""#,
    ] {
        assert_eq!(run(r, &loki("singlestat", expr)), [], "{expr}");
    }
    let reference = |id: u32| {
        dash(
            LOKI_VAR,
            &format!(
                r#"{{"id": 1, "title": "panel", "type": "logs", "datasource": "$datasource",
                   "targets": [{{"panelId": {id}}}]}}"#
            ),
        )
    };
    assert_eq!(run(r, &reference(1)), []);
    assert_eq!(
        run(r, &reference(2)),
        errors(&["Invalid panel reference in target"])
    );
}

#[test]
fn target_promql() {
    let r = Rule::TargetPromql;
    let other =
        r#"{"title": "panel", "datasource": "foo", "targets": [{"expr": "sum(rate(foo[5m]))"}]}"#;
    assert_eq!(run(r, &dash(PROM_VAR, other)), []);
    assert_eq!(run(r, &prom("singlestat", "sum(rate(foo[5m]))")), []);
    // A query that does not parse is the check's error (`promql/parse`), not a finding.
    assert_eq!(run(r, &prom("timeseries", "foo(bar.baz)")), []);
    assert!(promql::parse("foo(bar.baz)", Features::none()).is_err());
    let vars = format!(
        r#"{PROM_VAR},
        {{"type": "interval", "name": "interval", "options": [{{"value": "1h"}}]}},
        {{"type": "interval", "name": "sampling", "current": {{"value": "$__auto_interval_sampling"}}}},
        {{"type": "resolution", "name": "resolution", "options": [{{"value": "1h"}}, {{"value": "1h"}}]}}"#
    );
    for expr in [
        "sum(rate(foo[$__rate_interval])) * $__range_s",
        "sum(rate(foo[$__rate_interval])) * ${__range_s}",
        "sum (rate(foo[$interval:$resolution]))",
        "increase(foo{}[$sampling])",
    ] {
        let e = serde_json::to_string(expr).expect("json");
        let p = format!(
            r#"{{"title": "panel", "type": "singlestat", "datasource": "$datasource", "targets": [{{"expr": {e}}}]}}"#
        );
        let d = dash(&vars, &p);
        assert_eq!(run(r, &d), [], "{expr}");
        // And the check parses them.
        let dash = grafana::load(&d).expect("dashboard");
        let sub = dash.substitute(expr);
        assert!(sub.undefined.is_empty(), "{expr}: {:?}", sub.undefined);
        assert!(promql::parse(&sub.text, Features::none()).is_ok(), "{expr}");
    }
    let empty =
        "invalid PromQL query '': unknown position: parse error: no expression found in input";
    assert_eq!(run(r, &prom("singlestat", "")), errors(&[empty]));
    let d = dash(
        PROM_VAR,
        r#"{"id": 1, "title": "panel", "type": "singlestat", "datasource": "$datasource", "targets": [{"panelId": 2}]}"#,
    );
    assert_eq!(
        run(r, &d),
        errors(&["Invalid panel reference in target", empty])
    );
    // Ours: a `-- Dashboard --` target runs no PromQL; its reference may be a nested panel.
    let d = r#"{"title": "test", "panels": [
        {"id": 1, "type": "stat", "datasource": "-- Dashboard --", "targets": [{"panelId": 7}]},
        {"type": "row", "collapsed": true, "panels": [{"id": 7, "type": "stat", "targets": []}]}]}"#;
    assert_eq!(run(r, d), []);
}

#[test]
fn target_rate_interval() {
    let r = Rule::TargetRateInterval;
    let other =
        r#"{"title": "panel", "datasource": "foo", "targets": [{"expr": "sum(rate(foo[5m]))"}]}"#;
    assert_eq!(run(r, &dash(PROM_VAR, other)), []);
    let msg = |expr: &str| {
        errors(&[&format!(
            "invalid PromQL query '{expr}': should use $__rate_interval"
        )])
    };
    for (type_, expr, ok) in [
        (
            "singlestat",
            r#"sum(rate(foo{job=~"$job",instance=~"$instance"}[$__rate_interval]))"#,
            true,
        ),
        (
            "singlestat",
            r#"sum(rate(foo{job=~"$job",instance=~"$instance"}[$__rate_interval]))/sum(rate(bar{job=~"$job",instance=~"$instance"}[$__rate_interval]))"#,
            true,
        ),
        (
            "singlestat",
            r#"sum(rate(foo{job=~"$job",instance=~"$instance"}[5m]))"#,
            false,
        ),
        (
            "timeseries",
            r#"sum(rate(foo{job=~"$job",instance=~"$instance"}[5m]))"#,
            false,
        ),
        (
            "singlestat",
            r#"sum(increase(foo{job=~"$job",instance=~"$instance"}[$__range]))"#,
            true,
        ),
        (
            "singlestat",
            r#"sum(irate(foo{job=~"$job",instance=~"$instance"}[$__interval]))"#,
            false,
        ),
    ] {
        let want = if ok { vec![] } else { msg(expr) };
        assert_eq!(run(r, &prom(type_, expr)), want, "{expr}");
    }
}

/// A dashboard titled `test` with only these variables.
fn vars(list: &str) -> String {
    format!(r#"{{"title": "test", "templating": {{"list": [{list}]}}, "panels": []}}"#)
}

fn ds_var(name: &str, label: &str, query: &str) -> String {
    format!(r#"{{"type": "datasource", "name": "{name}", "label": "{label}", "query": "{query}"}}"#)
}

#[test]
fn template_datasource() {
    let r = Rule::TemplateDatasource;
    let w = |m: &str| (Level::Warning, m.to_string());
    let e = |m: &str| (Level::Error, m.to_string());
    assert_eq!(
        run(r, r#"{"title": "test"}"#),
        [e("does not have a templated data source")]
    );
    assert_eq!(
        run(r, &vars(r#"{"type": "datasource", "name": "foo"}"#)),
        [
            e("templated data source variable named 'foo', should be named '_datasource', or 'datasource'"),
            w("templated data source variable labeled '', should be labeled ' data source', or 'Data source'"),
        ]
    );
    assert_eq!(
        run(r, &vars(&ds_var("datasource", "bar", "bar"))),
        [w("templated data source variable labeled 'bar', should be labeled 'Bar data source', or 'Data source'")]
    );
    for (name, label, query) in [
        ("datasource", "Data source", "prometheus"),
        ("datasource", "Prometheus data source", "prometheus"),
        ("prometheus_datasource", "Data source", "prometheus"),
        (
            "prometheus_datasource",
            "Prometheus data source",
            "prometheus",
        ),
        ("loki_datasource", "Data source", "loki"),
        ("datasource", "Data source", "loki"),
    ] {
        assert_eq!(
            run(r, &vars(&ds_var(name, label, query))),
            [],
            "{name} {label}"
        );
    }
    let three = |first: &str, labels: [&str; 3]| {
        vars(&format!(
            "{},{},{}",
            ds_var(first, labels[0], "prometheus"),
            ds_var("loki_datasource", labels[1], "loki"),
            ds_var("influx_datasource", labels[2], "influx")
        ))
    };
    let ds = "Data source";
    let label_warnings = [
        w("templated data source variable labeled 'Data source', should be labeled 'Prometheus data source'"),
        w("templated data source variable labeled 'Data source', should be labeled 'Loki data source'"),
        w("templated data source variable labeled 'Data source', should be labeled 'Influx data source'"),
    ];
    let mut want = vec![e(
        "templated data source variable named 'datasource', should be named 'prometheus_datasource'",
    )];
    want.extend(label_warnings.iter().cloned());
    assert_eq!(run(r, &three("datasource", [ds, ds, ds])), want);
    assert_eq!(
        run(r, &three("prometheus_datasource", [ds, ds, ds])),
        label_warnings
    );
    assert_eq!(
        run(
            r,
            &three(
                "prometheus_datasource",
                [
                    "Prometheus data source",
                    "Loki data source",
                    "Influx data source"
                ]
            )
        ),
        []
    );
}

const JOB_OK: &str = r#"{"name": "job", "datasource": "$datasource", "type": "query", "label": "Job", "multi": true, "allValue": ".+"}"#;
const INSTANCE_OK: &str = r#"{"name": "instance", "datasource": "${datasource}", "type": "query", "label": "Instance", "multi": true, "allValue": ".+"}"#;
const PROM_UNNAMED: &str = r#"{"type": "datasource", "query": "prometheus"}"#;

#[test]
fn template_instance() {
    let r = Rule::TemplateInstance;
    assert_eq!(run(r, r#"{"title": "test"}"#), []);
    assert_eq!(
        run(r, &vars(&format!("{PROM_UNNAMED},{JOB_OK}"))),
        errors(&["is missing the instance template"])
    );
    assert_eq!(
        run(r, &vars(&format!("{PROM_UNNAMED},{JOB_OK},{INSTANCE_OK}"))),
        []
    );
}

#[test]
fn template_job() {
    let r = Rule::TemplateJob;
    let w = |m: &str| (Level::Warning, m.to_string());
    let e = |m: &str| (Level::Error, m.to_string());
    assert_eq!(run(r, r#"{"title": "test"}"#), []);
    assert_eq!(
        run(r, &vars(PROM_UNNAMED)),
        [e("is missing the job template")]
    );
    assert_eq!(
        run(
            r,
            &vars(&format!(
                r#"{PROM_UNNAMED},{{"name": "job", "datasource": "foo"}}"#
            ))
        ),
        [
            e("job template should use datasource '$datasource', is currently 'foo'"),
            e("job template should be a Prometheus query, is currently ''"),
            w("job template should be a labeled 'Job', is currently ''"),
            e("job template should be a multi select"),
            e("job template allValue should be '.+', is currently ''"),
        ]
    );
    assert_eq!(
        run(
            r,
            &vars(&format!(
                r#"{PROM_UNNAMED},{{"name": "job", "datasource": "$datasource", "type": "bar"}}"#
            ))
        ),
        [
            e("job template should be a Prometheus query, is currently 'bar'"),
            w("job template should be a labeled 'Job', is currently ''"),
            e("job template should be a multi select"),
            e("job template allValue should be '.+', is currently ''"),
        ]
    );
    assert_eq!(
        run(
            r,
            &vars(&format!(
                r#"{PROM_UNNAMED},{{"name": "job", "datasource": "$datasource", "type": "query", "label": "bar"}}"#
            ))
        ),
        [
            w("job template should be a labeled 'Job', is currently 'bar'"),
            e("job template should be a multi select"),
            e("job template allValue should be '.+', is currently ''"),
        ]
    );
    assert_eq!(
        run(r, &vars(&format!("{PROM_UNNAMED},{JOB_OK},{INSTANCE_OK}"))),
        []
    );
}

#[test]
fn template_label_promql() {
    // Upstream's datasource variable has no name, so `$datasource` resolved to nothing and
    // the dashboard's first datasource variable decided; ours names it.
    let r = Rule::TemplateLabelPromql;
    assert_eq!(
        run(r, &vars(r#"{"type": "datasource", "query": "foo"}"#)),
        []
    );
    let case = |query: &str| {
        let q = serde_json::to_string(query).expect("json");
        run(
            r,
            &vars(&format!(
                r#"{PROM_VAR},{{"name": "namespaces", "datasource": "$datasource", "query": {q}, "type": "query", "label": "job"}}"#
            )),
        )
    };
    assert_eq!(case(r#"label_values(up{job=~"$job"}, namespace)"#), []);
    assert_eq!(
        case("label_values(up{, namespace)"),
        errors(&[
            r#"template 'namespaces' invalid templated label 'label_values(up{, namespace)': 1:4: parse error: unexpected "," in label matching, expected identifier or "}""#
        ])
    );
    assert_eq!(
        case("foo(up, namespace)"),
        errors(&["template 'namespaces' invalid templated label 'foo(up, namespace)': invalid 'function': foo"])
    );
    assert_eq!(
        case("foo"),
        errors(&["template 'namespaces' invalid templated label 'foo': invalid 'query': foo"])
    );
    assert_eq!(
        case("query_result(max by(namespaces) (max_over_time(memory{}[$__range])))"),
        []
    );
    // Ours: each function's argument for what it is.
    assert_eq!(case("label_names()"), []);
    assert_eq!(case("label_values(instance)"), []);
    assert_eq!(case("metrics(node_.*)"), []);
    // Variables on another datasource are not Prometheus queries.
    let loki = format!(
        r#"{PROM_VAR},{LOKI_VAR_2},{{"name": "x", "datasource": "$loki", "query": "whatever", "type": "query"}}"#
    );
    assert_eq!(run(r, &vars(&loki)), []);
}

const LOKI_VAR_2: &str = r#"{"type": "datasource", "name": "loki", "query": "loki"}"#;

#[test]
fn template_on_time_change_reload() {
    let r = Rule::TemplateOnTimeChangeReload;
    let var = |refresh: u8| {
        vars(&format!(
            r#"{PROM_UNNAMED},{{"name": "namespaces", "datasource": "$datasource", "query": "label_values(up{{job=~\"$job\"}}, namespace)", "type": "query", "label": "job", "refresh": {refresh}}}"#
        ))
    };
    assert_eq!(run(r, &var(2)), []);
    assert_eq!(
        run(r, &var(1)),
        errors(&["templated datasource variable named 'namespaces', should be set to be refreshed 'On Time Range Change (value 2)', is currently '1'"])
    );
}

#[test]
fn uneditable() {
    let r = Rule::UneditableDashboard;
    assert_eq!(run(r, r#"{"title": "test", "editable": false}"#), []);
    assert_eq!(run(r, r#"{"title": "test"}"#), []);
    assert_eq!(
        run(r, r#"{"title": "test", "editable": true}"#),
        errors(&["is editable, it should be set to 'editable: false'"])
    );
}

#[test]
fn findings_point_into_the_file() {
    let text = prom("timeseries", r#"sum(rate(foo{job=~"$job"}[5m]))"#);
    let d = grafana::load(&text).expect("dashboard");
    let findings = lint(&d, &text, Features::none());
    let rate = findings
        .iter()
        .find(|f| f.rule == Rule::TargetRateInterval)
        .expect("rate finding");
    // The range, in the JSON string (where `"` is written `\"`).
    assert_eq!(&text[rate.span.start..rate.span.end], "[5m]");
    assert_eq!(rate.pointer, "/panels/0/targets/0");
    let job = findings
        .iter()
        .find(|f| f.rule == Rule::TargetInstance)
        .expect("instance finding");
    assert_eq!(&text[job.span.start..job.span.end], r#"foo{job=~\"$job\"}"#);
    let cx = job.context(&d);
    assert_eq!(
        (cx.dashboard, cx.panel, cx.target_idx),
        ("test", Some("panel"), Some(0))
    );
    // Every rule has a distinct name, known to `from_name`.
    for r in Rule::ALL {
        assert_eq!(Rule::from_name(r.name()), Some(r));
    }
}
