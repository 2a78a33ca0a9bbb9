//! `lookout check config`: prometheus.yml files checked as `promtool check config` does,
//! with the same output and exit codes, plus positions for the machine formats.

use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use super::check::{write_machine_output, RulesRun};
use super::{read_file, Outcome};
use crate::cli::{CheckConfigArgs, CheckOutput};
use crate::config::discovery::{SdConfig, TargetGroup};
use crate::config::http::TlsConfig;
use crate::config::prometheus::{
    load_file_text, steps, Config, LoadError, LoadOptions, ScrapeConfig,
};
use crate::config::relabel;
use crate::diag::{Diagnostic, JunitCase, SourceFile};
use crate::model::labels::Labels;
use crate::promql::Features;
use crate::rules::ParseOptions;

pub fn run(args: CheckConfigArgs, features: Features) -> Result<Outcome> {
    if args.print {
        return print(&args);
    }
    let human = args.output == CheckOutput::Human;
    let opts = ParseOptions {
        features,
        ..ParseOptions::default()
    };
    let lints = ConfigLints::parse(&args.lint, args.lookback_delta.as_millis());
    let mut rules = RulesRun::new(&lints.rules, args.lint_fatal, opts, args.output);
    let mut lint_findings = false;
    let mut diagnostics = Vec::new();
    let mut files_json = Vec::new();
    let mut cases = Vec::new();
    let mut failed = false;
    for path in &args.files {
        let name = path.display().to_string();
        // Unreadable files are usage errors, as promtool refuses them before checking.
        let file = Arc::new(SourceFile::new(name.clone(), read_file(path)?));
        if human {
            println!("Checking {name}");
        }
        let mut case = JunitCase {
            name: name.clone(),
            classname: "lookout check config".into(),
            ..JunitCase::default()
        };
        let result = load_file_text(path, &file.text, LoadOptions { agent: args.agent })
            .and_then(|cfg| referenced_files(&cfg, args.syntax_only, human));
        match result {
            Ok((rule_files, jobs)) => {
                if human {
                    if !rule_files.is_empty() {
                        println!("  SUCCESS: {} rule files found", rule_files.len());
                    }
                    println!(" SUCCESS: {name} is valid prometheus config file syntax");
                    println!();
                }
                files_json.push(serde_json::json!({
                    "file": name, "ok": true, "rule_files": rule_files.len(),
                }));
                cases.push(case);
                if args.syntax_only {
                    continue;
                }
                if let Some(d) = too_long_scrape_interval(&jobs, lints.lookback_ms, &file, human) {
                    lint_findings = true;
                    diagnostics.push(d);
                }
                let longest = jobs
                    .iter()
                    .max_by_key(|j| j.scrape_interval)
                    .map(|j| (j.job_name.as_str(), j.scrape_interval.as_millis()));
                for rf in &rule_files {
                    let label = rf.display().to_string();
                    let text = Arc::new(SourceFile::new(label.clone(), read_file(rf)?));
                    let parsed = rules.check(&label, &text);
                    if let (true, Some(job), Some(parsed)) = (lints.short_windows, longest, parsed)
                    {
                        let found = short_windows(&text, &parsed, job, human);
                        lint_findings |= !found.is_empty();
                        diagnostics.extend(found);
                    }
                }
            }
            Err(e) => {
                failed = true;
                let d = diagnostic(&e, &file);
                if human {
                    print_failure(&d);
                    println!();
                }
                files_json.push(serde_json::json!({ "file": name, "ok": false }));
                case.failures.push(d.clone());
                cases.push(case);
                diagnostics.push(d);
            }
        }
    }
    diagnostics.extend(rules.diagnostics.iter().cloned());
    cases.extend(rules.cases.iter().cloned());
    write_machine_output(
        args.output,
        &diagnostics,
        serde_json::json!({ "files": files_json, "rule_files": rules.files_json }),
        "lookout check config",
        &cases,
    )?;
    let rules_outcome = rules.outcome();
    Ok(if failed || rules_outcome == Outcome::Failed {
        Outcome::Failed
    } else if lint_findings && args.lint_fatal {
        Outcome::LintFailed
    } else {
        rules_outcome
    })
}

/// Which lints `--lint` turns on, split as promtool splits them between the configuration
/// and its rule files.
struct ConfigLints {
    /// Passed on to the rule-file checks.
    rules: String,
    /// The lookback delta for too-long-scrape-interval; `None` when off.
    lookback_ms: Option<i64>,
    short_windows: bool,
}

impl ConfigLints {
    fn parse(value: &str, lookback_ms: i64) -> ConfigLints {
        let mut lints = ConfigLints {
            rules: String::new(),
            lookback_ms: None,
            short_windows: false,
        };
        let mut rules = Vec::new();
        let mut none = false;
        for option in value.split(',') {
            match option {
                "all" => {
                    lints.lookback_ms = Some(lookback_ms);
                    lints.short_windows = true;
                    rules.push(option);
                }
                "too-long-scrape-interval" => lints.lookback_ms = Some(lookback_ms),
                "short-rate-window" => lints.short_windows = true,
                "none" => none = true,
                _ => rules.push(option),
            }
        }
        if none {
            return ConfigLints {
                rules: String::new(),
                lookback_ms: None,
                short_windows: false,
            };
        }
        lints.rules = rules.join(",");
        lints
    }
}

/// promtool's `lintScrapeConfigs`: a scrape interval at least the lookback delta makes every
/// sample stale before the next one arrives. Only the first such job is reported.
fn too_long_scrape_interval(
    jobs: &[ScrapeConfig],
    lookback_ms: Option<i64>,
    file: &Arc<SourceFile>,
    human: bool,
) -> Option<Diagnostic> {
    let lookback = lookback_ms.filter(|&l| l > 0)?;
    let job = jobs
        .iter()
        .find(|j| j.scrape_interval.as_millis() >= lookback)?;
    let message = format!(
        "too long scrape interval found, data point will be marked as stale - job: {}, interval: {}",
        job.job_name, job.scrape_interval
    );
    if human {
        eprintln!("  FAILED: {message}");
    }
    Some(
        Diagnostic::warning("config/too-long-scrape-interval", message).with_file(Arc::clone(file)),
    )
}

/// lookout's own lint: rate()-like windows in the rule files shorter than twice the longest
/// scrape interval see fewer than two samples of that job's series.
fn short_windows(
    file: &Arc<SourceFile>,
    parsed: &crate::rules::RuleFile,
    (job, interval_ms): (&str, i64),
    human: bool,
) -> Vec<Diagnostic> {
    let fmt = crate::duration::format_duration;
    crate::lint::rules::short_rate_windows(parsed, interval_ms)
        .into_iter()
        .map(|w| {
            let message = format!(
                "{}() window {} in rule {} is shorter than twice the scrape interval {} of job {}: it sees fewer than two samples",
                w.function,
                fmt(w.window_ms),
                crate::gostr::quote(&w.rule.name),
                fmt(interval_ms),
                crate::gostr::quote(job),
            );
            let d = Diagnostic::warning("config/short-rate-window", message)
                .with_file(Arc::clone(file))
                .with_span(w.rule.expr_span);
            if human {
                let (line, col) = d.line_col().unwrap_or((0, 0));
                eprintln!("  WARNING: {}:{line}:{col}: {}", file.name, d.message);
            }
            d
        })
        .collect()
}

/// `--print`: each file's effective configuration, or why it does not load.
fn print(args: &CheckConfigArgs) -> Result<Outcome> {
    use std::io::Write;
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for path in &args.files {
        let name = path.display().to_string();
        let file = Arc::new(SourceFile::new(name.clone(), read_file(path)?));
        match load_file_text(path, &file.text, LoadOptions { agent: args.agent }) {
            Ok(cfg) => {
                if args.files.len() > 1 {
                    writeln!(out, "# {name}")?;
                }
                let yaml = crate::config::print::to_yaml(&crate::config::print::ToGo::to_go(&cfg));
                out.write_all(yaml.as_bytes())?;
            }
            Err(e) => {
                failed = true;
                print_failure(&diagnostic(&e, &file));
            }
        }
    }
    Ok(Outcome::from_ok(!failed))
}

/// promtool's `  FAILED: reason` line, then where, when known.
fn print_failure(d: &Diagnostic) {
    eprintln!("  FAILED: {}", d.message);
    if let (Some((line, col)), Some(file)) = (d.line_col(), &d.file) {
        eprintln!("    at {}:{line}:{col}", file.name);
    }
}

/// A load error as a diagnostic, positioned in the file it is about.
fn diagnostic(e: &LoadError, main: &Arc<SourceFile>) -> Diagnostic {
    let mut d = Diagnostic::error("config/invalid", e.message.clone());
    let file = match &e.file {
        Some(other) => std::fs::read_to_string(other)
            .ok()
            .map(|text| Arc::new(SourceFile::new(other.display().to_string(), text))),
        None => Some(Arc::clone(main)),
    };
    if let Some(file) = file {
        d = d.with_file(file);
        if let Some(span) = e.at {
            d = d.with_span(span);
        }
    }
    d
}

fn fail(message: String) -> LoadError {
    LoadError {
        message,
        at: None,
        file: None,
    }
}

/// promtool's `checkFileExists`: `stat NAME: reason` when missing.
fn check_exists(file: &str) -> Result<(), String> {
    if file.is_empty() {
        return Ok(());
    }
    std::fs::metadata(file)
        .map(|_| ())
        .map_err(|e| format!("stat {file}: {}", crate::gostr::errno_text(&e)))
}

/// promtool's `checkTLSConfig`.
fn check_tls(tls: &TlsConfig, syntax_only: bool) -> Result<(), LoadError> {
    let q = crate::gostr::quote;
    if !tls.cert_file.is_empty() && tls.key_file.is_empty() {
        return Err(fail(format!(
            "client cert file {} specified without client key file",
            q(&tls.cert_file)
        )));
    }
    if !tls.key_file.is_empty() && tls.cert_file.is_empty() {
        return Err(fail(format!(
            "client key file {} specified without client cert file",
            q(&tls.key_file)
        )));
    }
    if syntax_only {
        return Ok(());
    }
    check_exists(&tls.cert_file).map_err(|e| {
        fail(format!(
            "error checking client cert file {}: {e}",
            q(&tls.cert_file)
        ))
    })?;
    check_exists(&tls.key_file).map_err(|e| {
        fail(format!(
            "error checking client key file {}: {e}",
            q(&tls.key_file)
        ))
    })
}

/// promtool's `checkSDFile`: a JSON or YAML list of target groups.
fn read_sd_file(path: &Path) -> Result<Vec<TargetGroup>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let groups: Vec<Option<TargetGroup>> = match ext.as_str() {
        "json" => serde_json::from_str(&text).map_err(|e| e.to_string())?,
        "yml" | "yaml" => {
            let opts = crate::yaml::Options {
                go_yaml_v2: true,
                ..crate::yaml::Options::default()
            };
            crate::yaml::from_str(&text, opts)
                .map(|(g, _)| g)
                .map_err(|e| e.to_string())?
        }
        other => return Err(format!("invalid file extension: \".{other}\"")),
    };
    groups
        .into_iter()
        .enumerate()
        .map(|(i, g)| g.ok_or_else(|| format!("nil target group item found (index {i})")))
        .collect()
}

/// The core of Prometheus's `PopulateLabels`: each target's labels (group labels, the
/// address, the job's settings) through the job's relabeling, then the address must be a
/// host:port. `source` names the group as promtool does (its index for static groups, empty
/// for groups read from files).
fn check_groups(
    groups: &[TargetGroup],
    sc: &ScrapeConfig,
    source: impl Fn(usize) -> String,
) -> Result<(), String> {
    let steps: Vec<relabel::Config> = steps(&sc.relabel_configs).cloned().collect();
    let q = crate::gostr::quote;
    for (gi, g) in groups.iter().enumerate() {
        for (i, t) in g.targets.iter().enumerate() {
            let mut pairs: Vec<(String, String)> = g
                .labels
                .iter()
                .map(|(k, v)| (k.0.clone(), v.0.clone()))
                .collect();
            pairs.push(("__address__".into(), t.clone()));
            for (name, value) in [
                ("job", sc.job_name.clone()),
                ("__scheme__", sc.scheme.clone()),
                ("__metrics_path__", sc.metrics_path.clone()),
                ("__scrape_interval__", sc.scrape_interval.to_string()),
                ("__scrape_timeout__", sc.scrape_timeout.to_string()),
            ] {
                if !pairs.iter().any(|(k, _)| k == name) {
                    pairs.push((name.into(), value));
                }
            }
            let Some(labels) = relabel::process(&Labels::from_pairs(pairs), &steps, sc.names())
            else {
                continue;
            };
            let fail = |why: String| format!("instance {i} in group {}: {why}", source(gi));
            match labels.get("__address__") {
                None | Some("") => return Err(fail("no address".into())),
                Some(addr) if addr.contains('/') => {
                    return Err(fail(format!("{} is not a valid hostname", q(addr))))
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// The rest of promtool's `checkConfig`: rule files, scrape config files, credential, TLS
/// and file SD files. Returns the rule files to check.
fn referenced_files(
    cfg: &Config,
    syntax_only: bool,
    human: bool,
) -> Result<(Vec<std::path::PathBuf>, Vec<ScrapeConfig>), LoadError> {
    let q = crate::gostr::quote;
    let mut rule_files = Vec::new();
    if !syntax_only {
        for rf in &cfg.rule_files {
            let found = crate::glob::glob(Path::new(rf.as_str()));
            if !rf.contains('*') {
                if found.is_empty() {
                    return Err(LoadError {
                        message: format!("{} does not point to an existing file", q(rf)),
                        at: Some(rf.span),
                        file: None,
                    });
                }
                check_exists(&found[0].display().to_string()).map_err(|e| {
                    fail(format!(
                        "error checking rule file {}: {e}",
                        q(&found[0].display().to_string())
                    ))
                })?;
            }
            rule_files.extend(found);
        }
    }
    let scrape_configs = if syntax_only {
        cfg.scrape_configs().cloned().collect()
    } else {
        cfg.all_scrape_configs().map_err(|mut e| {
            e.message = format!("error loading scrape configs: {}", e.message);
            e
        })?
    };
    for sc in &scrape_configs {
        if let Some(auth) = sc.http.authorization.as_ref().filter(|_| !syntax_only) {
            check_exists(&auth.credentials_file).map_err(|e| {
                fail(format!(
                    "error checking authorization credentials or bearer token file {}: {e}",
                    q(&auth.credentials_file)
                ))
            })?;
        }
        check_tls(&sc.http.tls_config, syntax_only)?;
        for file in file_sd_files(
            &sc.sd.sd,
            syntax_only,
            human,
            &format!("scrape job {}", q(&sc.job_name)),
        )? {
            let groups = read_sd_file(&file.1)
                .map_err(|e| fail(format!("checking SD file {}: {e}", q(&file.0))))?;
            check_groups(&groups, sc, |_| String::new()).map_err(fail)?;
        }
        // promtool checks the static groups after the discovery mechanisms.
        check_groups(&sc.sd.static_configs, sc, |i| i.to_string()).map_err(fail)?;
    }
    for am in cfg
        .alerting
        .alertmanagers
        .iter()
        .filter_map(|a| a.value.as_ref())
    {
        for file in file_sd_files(&am.sd.sd, syntax_only, human, "alertmanager config")? {
            read_sd_file(&file.1)
                .map_err(|e| fail(format!("checking SD file {}: {e}", q(&file.0))))?;
        }
    }
    Ok((rule_files, scrape_configs))
}

/// The files file_sd blocks name, with the pattern each came from (a pattern matching
/// nothing is a warning); Kubernetes TLS settings are checked on the way, as promtool does.
fn file_sd_files(
    sds: &[SdConfig],
    syntax_only: bool,
    human: bool,
    where_: &str,
) -> Result<Vec<(String, std::path::PathBuf)>, LoadError> {
    let mut out = Vec::new();
    for sd in sds {
        match sd {
            SdConfig::Kubernetes(k) => check_tls(&k.http.tls_config, syntax_only)?,
            SdConfig::File(f) if !syntax_only => {
                for pattern in &f.files {
                    let found = crate::glob::glob(Path::new(pattern));
                    if found.is_empty() && human {
                        println!(
                            "  WARNING: file {} for file_sd in {where_} does not exist",
                            crate::gostr::quote(pattern)
                        );
                    }
                    out.extend(found.into_iter().map(|f| (pattern.clone(), f)));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
