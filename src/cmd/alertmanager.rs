//! `lookout alertmanager check|routes`: alertmanager.yml files checked as `amtool
//! check-config` does, and the routing tree shown and tested as `amtool config routes`
//! does, with amtool's output and exit codes (plus positions for the machine formats).

use std::sync::Arc;

use anyhow::{bail, Result};

use super::check::write_machine_output;
use super::{read_file, Outcome};
use std::collections::BTreeMap;

use crate::cli::{
    AlertmanagerCheckArgs, AlertmanagerCommand, AlertmanagerRoutesArgs, CheckOutput, RoutesCommand,
    RoutesTestArgs,
};
use crate::config::alertmanager::config::{
    load_file_text, load_file_text_warning, Config, LoadError,
};
use crate::config::alertmanager::inhibit::{inhibited_by, Inhibition};
use crate::config::alertmanager::matchers::{
    parse_matcher_from, parse_matchers_from, MatchType, ParseMode,
};
use crate::config::alertmanager::route::Route;
use crate::config::alertmanager::templates::{called_templates, template_fields};
use crate::diag::{Diagnostic, JunitCase, SourceFile};
use crate::template::alertmanager::render::from_globs;

pub fn run(cmd: AlertmanagerCommand, features: &[String]) -> Result<Outcome> {
    let mode = parse_mode(features)?;
    match cmd {
        AlertmanagerCommand::Check(args) => check(args, mode),
        AlertmanagerCommand::Routes(args) => routes(args, mode),
        AlertmanagerCommand::Template(t) => super::alertmanager_template::run(t, mode),
        AlertmanagerCommand::Alerts(c) => super::alertmanager_api::run_alerts(c, mode),
        AlertmanagerCommand::Silence(c) => super::alertmanager_api::run_silence(c, mode),
        AlertmanagerCommand::Status(a) => super::alertmanager_api::run_status(a),
    }
}

/// Alertmanager's `--enable-feature` values; the matcher switches pick the parse mode.
/// PromQL's feature names (the flag is shared) are let through.
fn parse_mode(values: &[String]) -> Result<ParseMode> {
    const KNOWN: [&str; 7] = [
        "alert-names-in-metrics",
        "receiver-name-in-metrics",
        "group-key-in-metrics",
        "classic-mode",
        "utf8-strict-mode",
        "auto-gomemlimit",
        "event-recorder",
    ];
    let (mut classic, mut utf8) = (false, false);
    // What PromQL does not know (its own switches may share the flag).
    let (_, others) = crate::promql::Features::from_flags(values);
    for f in others.iter().map(|f| f.trim()) {
        match f {
            "" => {}
            "classic-mode" => classic = true,
            "utf8-strict-mode" => utf8 = true,
            f if KNOWN.contains(&f) || f == super::DELAYED_NAME_REMOVAL => {}
            f => bail!("unknown option '{f}' for --enable-feature"),
        }
    }
    Ok(match (classic, utf8) {
        (true, true) => bail!("cannot have both classic and UTF-8 modes enabled"),
        (true, false) => ParseMode::Classic,
        (false, true) => ParseMode::Utf8Strict,
        (false, false) => ParseMode::Fallback,
    })
}

/// One file's verdict.
struct Checked {
    /// The loaded configuration, or why it did not load.
    config: Result<Config, LoadError>,
    /// Problems in its templates, when it loaded: the first is amtool's verdict.
    template_errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// Loads a file, then parses its templates (amtool stops at the first file that fails) and
/// looks for template calls nothing defines.
fn check_file(path: &std::path::Path, file: &Arc<SourceFile>, mode: ParseMode) -> Checked {
    let mut logged = Vec::new();
    let config = load_file_text_warning(path, &file.text, mode, &mut logged);
    let mut checked = Checked {
        config,
        template_errors: Vec::new(),
        // What Alertmanager would log while loading.
        warnings: logged
            .into_iter()
            .map(|w| {
                Diagnostic::warning("alertmanager/matcher-syntax", w).with_file(Arc::clone(file))
            })
            .collect(),
    };
    let Ok(cfg) = &checked.config else {
        return checked;
    };
    let templates = match from_globs(&cfg.templates) {
        Ok(t) => t,
        Err(e) => {
            checked.template_errors.push(
                Diagnostic::error("alertmanager/template", e.to_string())
                    .with_file(Arc::clone(file)),
            );
            return checked;
        }
    };
    // Go's `html/template` and `text/template` share the function set; one parse suffices.
    let is_func = |name: &str| templates.has_func(name);
    for field in template_fields(cfg) {
        let at = |message: String| {
            Diagnostic::warning("alertmanager/notification-template", message)
                .with_file(Arc::clone(file))
                .with_span(field.span)
        };
        let what = format!(
            "receiver {}: {}",
            crate::gostr::quote(&field.receiver),
            field.path
        );
        match called_templates(&field.text, &is_func) {
            Err(e) => checked
                .warnings
                .push(at(format!("{what} will not render: {e}"))),
            Ok(names) => {
                for name in names.iter().filter(|n| !templates.has_template(n)) {
                    checked.warnings.push(at(format!(
                        "{what} uses template {} that no template file defines; notifications will fail",
                        crate::gostr::quote(name)
                    )));
                }
            }
        }
    }
    checked
}

fn check(args: AlertmanagerCheckArgs, mode: ParseMode) -> Result<Outcome> {
    let human = args.output == CheckOutput::Human;
    // amtool's arguments are kingpin `ExistingFiles`: nothing is checked unless all exist.
    for path in &args.files {
        match std::fs::metadata(path) {
            Err(_) => bail!("path '{}' does not exist", path.display()),
            Ok(m) if m.is_dir() => bail!("'{}' is a directory", path.display()),
            Ok(_) => {}
        }
    }
    let mut failed = 0;
    let mut diagnostics = Vec::new();
    let mut files_json = Vec::new();
    let mut cases = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let file = Arc::new(SourceFile::new(name.clone(), read_file(path)?));
        let checked = check_file(path, &file, mode);
        let mut case = JunitCase {
            name: name.clone(),
            classname: "lookout alertmanager check".into(),
            ..JunitCase::default()
        };
        let mut out = format!("Checking '{name}'");
        let ok = match &checked.config {
            Ok(cfg) => {
                out.push_str("  SUCCESS\nFound:\n - global config\n - route\n");
                out.push_str(&format!(
                    " - {} inhibit rules\n - {} receivers\n - {} templates\n",
                    cfg.inhibit_rules.len(),
                    cfg.receivers.len(),
                    cfg.templates.len()
                ));
                if !cfg.templates.is_empty() {
                    match checked.template_errors.first() {
                        Some(d) => out.push_str(&format!("  FAILED: {}\n", d.message)),
                        None => out.push_str("  SUCCESS\n"),
                    }
                }
                case.failures
                    .extend(checked.template_errors.iter().cloned());
                diagnostics.extend(checked.template_errors.iter().cloned());
                checked.template_errors.is_empty()
            }
            Err(e) => {
                out.push_str(&format!("  FAILED: {}\n", e.message));
                let mut d = Diagnostic::error("alertmanager/invalid", e.message.clone())
                    .with_file(Arc::clone(&file));
                if let Some(span) = e.span {
                    d = d.with_span(span);
                }
                case.failures.push(d.clone());
                diagnostics.push(d);
                false
            }
        };
        if !ok {
            failed += 1;
        }
        if human {
            println!("{out}");
            for w in &checked.warnings {
                match w.line_col() {
                    Some((line, col)) => eprintln!("  WARNING: {name}:{line}:{col}: {}", w.message),
                    None => eprintln!("  WARNING: {name}: {}", w.message),
                }
            }
        }
        diagnostics.extend(checked.warnings.iter().cloned());
        files_json.push(serde_json::json!({ "file": name, "ok": ok }));
        cases.push(case);
    }
    write_machine_output(
        args.output,
        &diagnostics,
        serde_json::json!({ "files": files_json }),
        "lookout alertmanager check",
        &cases,
    )?;
    if failed > 0 {
        if human {
            // amtool (kingpin) ends its error with a blank line.
            eprintln!("lookout: error: failed to validate {failed} file(s)\n");
        }
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Success)
}

/// A line of text and the lines under it, drawn as github.com/xlab/treeprint does.
struct TreeNode {
    label: String,
    children: Vec<TreeNode>,
}

/// treeprint's `String()`: `.` then the branches, each line ending in a newline.
fn draw_tree(children: &[TreeNode]) -> String {
    fn branches(out: &mut String, children: &[TreeNode], prefix: &str) {
        for (i, c) in children.iter().enumerate() {
            let last = i + 1 == children.len();
            out.push_str(prefix);
            out.push_str(if last { "└── " } else { "├── " });
            out.push_str(&c.label);
            out.push('\n');
            // treeprint pads the bar with two no-break spaces.
            let more = if last { "    " } else { "│\u{a0}\u{a0} " };
            branches(out, &c.children, &format!("{prefix}{more}"));
        }
    }
    let mut out = String::from(".\n");
    branches(&mut out, children, "");
    out
}

/// amtool's node label: matchers, `continue: true`, the effective receiver.
fn route_label(r: &Route, show_continue: bool, show_receiver: bool) -> String {
    let mut label = r.matchers_text();
    if r.continue_matching && show_continue {
        label.push_str("  continue: true");
    }
    if show_receiver {
        label.push_str("  receiver: ");
        label.push_str(&r.opts.receiver);
    }
    label
}

/// The whole tree (`routes show`).
fn full_tree(r: &Route) -> TreeNode {
    TreeNode {
        label: route_label(r, true, true),
        children: r.routes.iter().map(full_tree).collect(),
    }
}

/// amtool's `getMatchingTree`: the routes an alert goes through, receivers on the final ones.
fn matching_tree(r: &Route, labels: &BTreeMap<String, String>) -> TreeNode {
    let mut children = Vec::new();
    for child in &r.routes {
        if child.accepts(labels) {
            children.push(matching_tree(child, labels));
            if !child.continue_matching {
                break;
            }
        }
    }
    TreeNode {
        label: route_label(r, false, children.is_empty()),
        children,
    }
}

/// The running configuration of an Alertmanager, as amtool fetches it.
fn running_config(url: &str) -> Result<String> {
    let opts = crate::httpclient::ClientOptions {
        follow_redirects: true,
        timeout: Some(std::time::Duration::from_secs(30)),
        ..Default::default()
    };
    let client = crate::amapi::Client::new(url, &opts).map_err(anyhow::Error::msg)?;
    let status = client.status()?;
    Ok(status.value.config.original)
}

fn routes(args: AlertmanagerRoutesArgs, mode: ParseMode) -> Result<Outcome> {
    let (path, text) = match (&args.config_file, &args.alertmanager_url) {
        (Some(path), url) => {
            if url.is_some() {
                eprintln!("Warning: --config.file flag overrides the --alertmanager.url.");
            }
            if !path.is_file() {
                bail!("path '{}' does not exist", path.display());
            }
            (path.clone(), read_file(path)?)
        }
        // Relative paths in a fetched configuration are taken from here, as amtool does.
        (None, Some(url)) => (
            std::path::PathBuf::from("alertmanager.yml"),
            running_config(url)?,
        ),
        (None, None) => {
            bail!("You have to specify one of --config.file or --alertmanager.url flags.")
        }
    };
    let cfg = match load_file_text(&path, &text, mode) {
        Ok(cfg) => cfg,
        Err(e) => {
            eprintln!("lookout: error: {}: {}", path.display(), e.message);
            return Ok(Outcome::Failed);
        }
    };
    let Some(root) = &cfg.route else {
        bail!("{}: no route", path.display());
    };
    let root = Route::new(root).map_err(anyhow::Error::msg)?;
    match args.command {
        None | Some(RoutesCommand::Show) => {
            println!("Routing tree:\n{}", draw_tree(&[full_tree(&root)]));
            Ok(Outcome::Success)
        }
        Some(RoutesCommand::Test(t)) => routes_test(&cfg, &root, &t, mode),
    }
}

/// A `--test-file`: routing expectations, checked all at once.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename = "routing tests")]
struct TestFile {
    tests: Vec<RoutingTest>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, rename = "routing test")]
struct RoutingTest {
    name: String,
    labels: BTreeMap<String, String>,
    receivers: Vec<String>,
    grouping: Option<Vec<String>>,
}

fn run_test_file(root: &Route, path: &std::path::Path) -> Result<Outcome> {
    let text = read_file(path)?;
    let opts = crate::yaml::Options {
        go_yaml_v2: true,
        ..crate::yaml::Options::default()
    };
    let (file, _) = crate::yaml::from_str::<TestFile>(&text, opts)
        .map_err(|e| anyhow::anyhow!("{}:{}:{}: {e}", path.display(), e.line, e.col))?;
    let mut failed = 0;
    for (i, t) in file.tests.iter().enumerate() {
        let name = if t.name.is_empty() {
            let pairs: Vec<String> = t
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={}", crate::gostr::quote(v)))
                .collect();
            format!("#{} {{{}}}", i + 1, pairs.join(","))
        } else {
            t.name.clone()
        };
        let matched = root.matches(&t.labels);
        let got: Vec<&str> = matched.iter().map(|r| r.opts.receiver.as_str()).collect();
        let mut problems = Vec::new();
        if got != t.receivers {
            problems.push(format!(
                "receivers [{}], want [{}]",
                got.join(","),
                t.receivers.join(",")
            ));
        }
        if let Some(want) = &t.grouping {
            let want = normalize_grouping(&want.join(","));
            for r in &matched {
                if r.grouping() != want {
                    problems.push(format!(
                        "route {} of {} groups by [{}], want [{want}]",
                        r.matchers_text(),
                        r.opts.receiver,
                        r.grouping()
                    ));
                }
            }
        }
        if problems.is_empty() {
            println!("PASS  {name}");
        } else {
            failed += 1;
            println!("FAIL  {name}: {}", problems.join("; "));
        }
    }
    println!("{} tests, {failed} failed", file.tests.len());
    Ok(Outcome::from_ok(failed == 0))
}

fn routes_test(
    cfg: &Config,
    root: &Route,
    args: &RoutesTestArgs,
    mode: ParseMode,
) -> Result<Outcome> {
    if let Some(path) = &args.test_file {
        return run_test_file(root, path);
    }
    let mut labels = BTreeMap::new();
    for l in &args.labels {
        let m = parse_matcher_from(l, mode, "cli")
            .map_err(|e| anyhow::anyhow!("Failed to parse labels: {e}"))?
            .value;
        if m.kind != MatchType::Equal {
            bail!("Labels must be specified as key=value pairs");
        }
        labels.insert(m.name, m.value);
    }
    let sources = args
        .inhibited_by
        .iter()
        .map(|set| label_set_arg("--inhibited-by", set, mode))
        .collect::<Result<Vec<_>>>()?;
    let rules = cfg
        .inhibit_rules
        .iter()
        .map(Inhibition::new)
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    let inhibitor = inhibited_by(&rules, &sources, &labels);
    if args.tree {
        print!(
            "Matching routes:\n{}\n\n",
            draw_tree(&[matching_tree(root, &labels)])
        );
    }
    let mut matched = root.matches(&labels);
    if let Some((i, source)) = inhibitor {
        let name = &rules[i].name;
        let rule = if name.is_empty() {
            format!("inhibit rule {}", i + 1)
        } else {
            format!("inhibit rule {}", crate::gostr::quote(name))
        };
        let pairs: Vec<String> = source
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::gostr::quote(v)))
            .collect();
        eprintln!("inhibited by {{{}}} through {rule}", pairs.join(","));
        matched.clear();
    }
    if let Some(at) = args.at {
        matched.retain(|r| match r.muted_at(cfg, at) {
            Some(why) => {
                eprintln!(
                    "{}: muted at {}: {why}",
                    r.opts.receiver,
                    crate::time::rfc3339_ms(at)
                );
                false
            }
            None => true,
        });
    }
    let receivers: Vec<&str> = matched.iter().map(|r| r.opts.receiver.as_str()).collect();
    let slug = receivers.join(",");
    println!("{slug}");
    if let Some(want) = args.verify_receivers.as_deref() {
        if !want.is_empty() && want != slug {
            println!("WARNING: Expected receivers did not match resolved receivers.");
            return Ok(Outcome::Failed);
        }
    }
    if let Some(want) = args.verify_grouping.as_deref() {
        let want = normalize_grouping(want);
        let got: Vec<String> = matched.iter().map(|r| r.grouping()).collect();
        if got.iter().any(|g| *g != want) {
            println!(
                "WARNING: Expected grouping [{want}] did not match resolved grouping [{}].",
                got.join("] [")
            );
            return Ok(Outcome::Failed);
        }
    }
    Ok(Outcome::Success)
}

/// A label set given to `flag`, as `{name="value",...}` or `name=value,...` (matchers that
/// must all be `=`).
pub(super) fn label_set_arg(
    flag: &str,
    set: &str,
    mode: ParseMode,
) -> Result<BTreeMap<String, String>> {
    let parsed = parse_matchers_from(set, mode, "cli")
        .map_err(|e| anyhow::anyhow!("{flag} {set}: {e}"))?
        .value;
    let mut labels = BTreeMap::new();
    for m in parsed {
        if m.kind != MatchType::Equal {
            bail!("{flag} {set}: labels must be specified as key=value pairs");
        }
        labels.insert(m.name, m.value);
    }
    Ok(labels)
}

/// A grouping as [`Route::grouping`] writes it: names sorted, each once; `...` alone.
fn normalize_grouping(text: &str) -> String {
    let mut names: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if names.contains(&"...") {
        return "...".into();
    }
    names.sort_unstable();
    names.dedup();
    names.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_switches() {
        let f = |v: &[&str]| parse_mode(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(f(&[]).ok(), Some(ParseMode::Fallback));
        assert_eq!(f(&["classic-mode"]).ok(), Some(ParseMode::Classic));
        assert_eq!(
            f(&["auto-gomemlimit,utf8-strict-mode"]).ok(),
            Some(ParseMode::Utf8Strict)
        );
        assert!(f(&["classic-mode", "utf8-strict-mode"]).is_err());
        assert_eq!(
            f(&["promql-experimental-functions,classic-mode"]).ok(),
            Some(ParseMode::Classic)
        );
        assert!(f(&["no-such-feature"]).is_err());
    }
}
