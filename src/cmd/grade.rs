//! `lookout grade`: challenge repositories scored with a rubric, one report or, for a
//! class, many graded in parallel on std threads with a progress bar.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::{Context, Result};

use super::Outcome;
use crate::cli::{GradeArgs, GradeOutput};
use crate::diag;
use crate::grade::{self, render, Options, Report};

pub fn run(args: GradeArgs) -> Result<Outcome> {
    for d in &args.dirs {
        if !d.is_dir() {
            anyhow::bail!("{} is not a directory", d.display());
        }
    }
    let (challenge, assumed) = challenge_of(&args)?;
    grade::check_rubric(challenge, &args.rubric).map_err(anyhow::Error::msg)?;
    if args.run_app && challenge != "monitoring-stack" {
        anyhow::bail!("--run-app starts monitoring-stack's app; {challenge} has none to scrape");
    }
    let opts = Options {
        run_app: args.run_app,
    };
    let show_bar = args.dirs.len() > 1 && !args.quiet && std::io::stderr().is_terminal();
    let mut reports = grade_all(&args, challenge, &opts, show_bar)?;
    if let Some(why) = assumed {
        for r in &mut reports {
            r.notes
                .insert(0, format!("graded as --challenge {challenge} ({why})"));
        }
    }
    let mut out = std::io::stdout().lock();
    let color = diag::color_enabled_for_stdout();
    let text = match args.output {
        GradeOutput::Json if reports.len() == 1 => {
            serde_json::to_string_pretty(&reports[0])? + "\n"
        }
        GradeOutput::Json => serde_json::to_string_pretty(&reports)? + "\n",
        GradeOutput::Csv => render::csv(&reports),
        GradeOutput::Human if reports.len() == 1 => render::human(&reports[0], color),
        GradeOutput::Human => render::summary(&reports, color),
    };
    out.write_all(text.as_bytes()).context("writing output")?;
    Ok(Outcome::from_ok(reports.iter().all(|r| r.passed)))
}

/// The challenge asked for, or the one every repository's layout shows (with why); a
/// class whose repositories are for different challenges needs `--challenge`.
fn challenge_of(args: &GradeArgs) -> Result<(&'static str, Option<String>)> {
    if let Some(c) = &args.challenge {
        let known = grade::CHALLENGES.iter().find(|k| **k == c.as_str());
        return known
            .map(|k| (*k, None))
            .ok_or_else(|| anyhow::anyhow!("unknown challenge {c:?}"));
    }
    let detected: Vec<Option<(&'static str, &'static str)>> =
        args.dirs.iter().map(|d| grade::detect(d)).collect();
    let first = detected.first().copied().flatten();
    if detected
        .iter()
        .any(|d| d.map(|x| x.0) != first.map(|x| x.0))
    {
        let list: Vec<String> = args
            .dirs
            .iter()
            .zip(&detected)
            .map(|(d, c)| {
                format!(
                    "{}: {}",
                    d.display(),
                    c.map_or(grade::CHALLENGES[0], |x| x.0)
                )
            })
            .collect();
        anyhow::bail!(
            "the repositories look like different challenges ({}); grade them separately or pass --challenge",
            list.join(", ")
        );
    }
    Ok(match first {
        Some((c, why)) => (c, Some(format!("found {why}"))),
        None => (grade::CHALLENGES[0], None),
    })
}

/// Grades every directory, at most `--jobs` at a time, keeping the command line's order.
fn grade_all(
    args: &GradeArgs,
    challenge: &str,
    opts: &Options,
    show_bar: bool,
) -> Result<Vec<Report>> {
    let dirs: &[PathBuf] = &args.dirs;
    let workers = args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, dirs.len().max(1));
    let bar = show_bar.then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(dirs.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("grading [{bar:40}] {pos}/{len} {msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Report, String>>>> = Mutex::new(vec![None; dirs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(dir) = dirs.get(i) else { break };
                let report = grade::grade_dir(challenge, &args.rubric, dir, opts);
                if let Some(b) = &bar {
                    b.set_message(dir.display().to_string());
                    b.inc(1);
                }
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(report);
                }
            });
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let results = results
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a grading thread panicked"))?;
    results
        .into_iter()
        .map(|r| match r {
            Some(Ok(report)) => Ok(report),
            Some(Err(e)) => Err(anyhow::anyhow!(e)),
            None => Err(anyhow::anyhow!("a grading thread panicked")),
        })
        .collect()
}
