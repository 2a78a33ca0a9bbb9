//! Grading challenge repositories. A rubric is data: sections of checks, each worth some
//! points and decided by a function of the parsed repository that says why it passed or
//! failed, where (file:line) and how to fix it. The functions use lookout's own loaders and
//! checkers, so a job commented out does not exist and `"15s"` equals `15s`.
//!
//! Rubrics: `monitoring-stack` (`readme`, `runpy`, `runpy-substring`), `logging-stack` and
//! `distributed-tracing` (their static parts).

pub mod compose;
pub mod exports;
pub mod files;
pub mod logging;
pub mod monitoring;
pub mod otel;
pub mod python;
pub mod render;
pub mod run_app;
pub mod runpy_text;
pub mod tracing;
pub mod tracing_text;

use std::path::Path;

use serde::Serialize;

pub use files::{Loc, Problem};

/// How many points a check earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Score {
    Full,
    Zero,
    /// Some of the check's points (run.py's partial credit); the check counts as failed.
    Partial(u32),
}

/// A check's decision, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub score: Score,
    /// run.py's detail text: what was found, or why it fails.
    pub detail: String,
    pub at: Option<Loc>,
    pub hint: Option<String>,
}

impl Verdict {
    pub fn pass(detail: impl Into<String>) -> Verdict {
        Verdict {
            score: Score::Full,
            detail: detail.into(),
            at: None,
            hint: None,
        }
    }

    pub fn fail(detail: impl Into<String>) -> Verdict {
        Verdict {
            score: Score::Zero,
            detail: detail.into(),
            at: None,
            hint: None,
        }
    }

    pub fn partial(points: u32, detail: impl Into<String>) -> Verdict {
        Verdict {
            score: Score::Partial(points),
            ..Verdict::fail(detail)
        }
    }

    pub fn at(mut self, at: Option<Loc>) -> Verdict {
        self.at = at;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Verdict {
        self.hint = Some(hint.into());
        self
    }

    fn from_problem(p: &Problem) -> Verdict {
        Verdict {
            score: Score::Zero,
            detail: p.detail.clone(),
            at: p.at.clone(),
            hint: p.hint.clone(),
        }
    }
}

/// One check of a rubric.
pub struct Check<C: 'static> {
    pub id: &'static str,
    pub name: &'static str,
    pub points: u32,
    /// The repository file the check reads; when it cannot be loaded the check fails with
    /// that reason without being run.
    pub file: Option<&'static str>,
    pub decide: fn(&C) -> Verdict,
}

impl<C> Check<C> {
    /// A check of `points` reading `file`, decided by `decide`.
    pub const fn new(
        id: &'static str,
        name: &'static str,
        points: u32,
        file: &'static str,
        decide: fn(&C) -> Verdict,
    ) -> Check<C> {
        Check {
            id,
            name,
            points,
            file: Some(file),
            decide,
        }
    }
}

pub struct Section<C: 'static> {
    pub id: &'static str,
    pub name: &'static str,
    pub checks: &'static [Check<C>],
}

/// How the report ends: run.py's own closing lines only, or also the README's promised
/// `Total Score` footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    RunPy,
    Readme,
}

/// How a report is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// monitoring-stack's run.py: a line per section and per check, then the score bar.
    Sections,
    /// The sibling challenges' run.py: `Task N: name` lines with their message, the
    /// `Score:` and `Passing Score:` lines, and these hints below 100%.
    Tasks { hints: &'static [&'static str] },
}

pub struct Rubric<C: 'static> {
    pub challenge: &'static str,
    pub id: &'static str,
    /// The banner's title, e.g. `📊 Monitoring Stack Challenge`.
    pub title: &'static str,
    /// The line under the banner.
    pub intro: &'static str,
    /// Percentage of the maximum needed to pass.
    pub pass_mark: u32,
    /// The command the closing line suggests once everything passes.
    pub next_step: &'static str,
    pub footer: Footer,
    pub layout: Layout,
    pub sections: &'static [Section<C>],
}

/// What a repository's loader offers the checks: the problem, if any, with a file.
pub trait Context {
    fn problem(&self, file: &str) -> Option<&Problem>;
    /// Remarks about the whole run (a compose file that could not be read, `--run-app`).
    fn notes(&self) -> Vec<String>;
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub id: String,
    pub name: String,
    pub passed: bool,
    pub points: u32,
    pub max: u32,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Loc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionReport {
    pub id: String,
    pub name: String,
    pub points: u32,
    pub max: u32,
    pub checks: Vec<CheckReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub repo: String,
    pub challenge: String,
    pub rubric: String,
    #[serde(skip)]
    pub title: String,
    #[serde(skip)]
    pub intro: String,
    #[serde(skip)]
    pub next_step: String,
    #[serde(skip)]
    pub footer: Option<Footer>,
    #[serde(skip)]
    pub layout: Layout,
    pub score: u32,
    pub max: u32,
    pub percent: u32,
    pub pass_mark: u32,
    pub passed: bool,
    pub sections: Vec<SectionReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Report {
    /// run.py's percentage, `int((total / max) * 100)` in floating point (so 29/100 is
    /// 28%, as run.py prints it).
    fn percent_of(score: u32, max: u32) -> u32 {
        if max == 0 {
            return 0;
        }
        ((f64::from(score) / f64::from(max)) * 100.0) as u32
    }
}

impl<C: Context> Rubric<C> {
    pub fn max(&self) -> u32 {
        self.sections
            .iter()
            .flat_map(|s| s.checks)
            .map(|c| c.points)
            .sum()
    }

    pub fn grade(&self, repo: &str, ctx: &C) -> Report {
        let sections: Vec<SectionReport> = self.sections.iter().map(|s| section(s, ctx)).collect();
        let score = sections.iter().map(|s| s.points).sum();
        let max = self.max();
        let percent = Report::percent_of(score, max);
        Report {
            repo: repo.to_string(),
            challenge: self.challenge.into(),
            rubric: self.id.into(),
            title: self.title.into(),
            intro: self.intro.into(),
            next_step: self.next_step.into(),
            footer: Some(self.footer),
            layout: self.layout,
            score,
            max,
            percent,
            pass_mark: self.pass_mark,
            passed: percent >= self.pass_mark,
            sections,
            notes: ctx.notes(),
        }
    }
}

fn section<C: Context>(s: &Section<C>, ctx: &C) -> SectionReport {
    let max = s.checks.iter().map(|c| c.points).sum();
    // A file every check needs and that cannot be loaded: one line, as run.py prints it.
    let first_file = s.checks.first().and_then(|c| c.file);
    if let Some(p) = first_file
        .filter(|f| s.checks.iter().all(|c| c.file == Some(f)))
        .and_then(|f| ctx.problem(f))
    {
        return SectionReport {
            id: s.id.into(),
            name: s.name.into(),
            points: 0,
            max,
            checks: vec![CheckReport {
                id: "file".into(),
                name: p.name.clone(),
                passed: false,
                points: 0,
                max,
                detail: p.detail.clone(),
                at: p.at.clone(),
                hint: p.hint.clone(),
            }],
        };
    }
    let checks: Vec<CheckReport> = s
        .checks
        .iter()
        .map(|c| {
            let v = match c.file.and_then(|f| ctx.problem(f)) {
                Some(p) => Verdict::from_problem(p),
                None => (c.decide)(ctx),
            };
            let points = match v.score {
                Score::Full => c.points,
                Score::Zero => 0,
                Score::Partial(p) => p.min(c.points),
            };
            CheckReport {
                id: c.id.into(),
                name: c.name.into(),
                passed: v.score == Score::Full,
                points,
                max: c.points,
                detail: v.detail,
                at: v.at,
                hint: v.hint,
            }
        })
        .collect();
    SectionReport {
        id: s.id.into(),
        name: s.name.into(),
        points: checks.iter().map(|c| c.points).sum(),
        max,
        checks,
    }
}

/// Options that change how a repository is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Start the app with python3 and scrape its metrics page.
    pub run_app: bool,
}

/// A rubric that can be asked for by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RubricName {
    pub challenge: &'static str,
    pub id: &'static str,
    pub about: &'static str,
}

pub const RUBRICS: &[RubricName] = &[
    RubricName {
        challenge: "monitoring-stack",
        id: "readme",
        about: "the README's table (prometheus.yml, datasource, dashboard, alerting, app) with deep checks",
    },
    RubricName {
        challenge: "monitoring-stack",
        id: "runpy",
        about: "run.py's sections and points, each check decided by parsing",
    },
    RubricName {
        challenge: "monitoring-stack",
        id: "runpy-substring",
        about: "run.py's own substring checks, for comparison (what the upstream script prints)",
    },
    RubricName {
        challenge: "logging-stack",
        id: "readme",
        about: "run.py's five tasks, the static ones split into deep checks of the Loki, Promtail and data source files",
    },
    RubricName {
        challenge: "logging-stack",
        id: "runpy",
        about: "run.py's five tasks on its own criteria, read from the parsed files",
    },
    RubricName {
        challenge: "distributed-tracing",
        id: "readme",
        about: "run.py's five tasks, each service's task split into deep checks of its OpenTelemetry setup",
    },
    RubricName {
        challenge: "distributed-tracing",
        id: "runpy",
        about: "run.py's five tasks on its own criteria, decided on the code (comments do not count)",
    },
    RubricName {
        challenge: "distributed-tracing",
        id: "runpy-substring",
        about: "run.py's own regular expressions, for comparison (what the upstream script prints without Docker)",
    },
];

/// The challenges, the default first.
pub const CHALLENGES: &[&str] = &["monitoring-stack", "logging-stack", "distributed-tracing"];

/// The challenge a repository is clearly for, from its layout: `loki/` and `promtail/`,
/// or `services/frontend/`; `None` for anything else (monitoring-stack, the default).
pub fn detect(dir: &Path) -> Option<(&'static str, &'static str)> {
    if dir.join("loki").is_dir() && dir.join("promtail").is_dir() {
        Some(("logging-stack", "loki/ and promtail/"))
    } else if dir.join("services/frontend").is_dir() {
        Some(("distributed-tracing", "services/frontend/"))
    } else {
        None
    }
}

/// Why a challenge has no such rubric, naming the ones it has.
pub fn check_rubric(challenge: &str, rubric: &str) -> Result<(), String> {
    if RUBRICS
        .iter()
        .any(|r| r.challenge == challenge && r.id == rubric)
    {
        return Ok(());
    }
    let known: Vec<&str> = RUBRICS
        .iter()
        .filter(|r| r.challenge == challenge)
        .map(|r| r.id)
        .collect();
    let why = if challenge == "logging-stack" && rubric == "runpy-substring" {
        " (its run.py parses the files with PyYAML rather than matching substrings; `runpy` follows its criteria)"
    } else {
        ""
    };
    Err(format!(
        "no rubric {rubric:?} for challenge {challenge:?}{why}; it has {}",
        known.join(", ")
    ))
}

/// Grades the repository at `dir` with a rubric from [`RUBRICS`].
pub fn grade_dir(
    challenge: &str,
    rubric: &str,
    dir: &Path,
    opts: &Options,
) -> Result<Report, String> {
    let name = dir.display().to_string();
    match (challenge, rubric) {
        ("monitoring-stack", "readme") => {
            let stack = monitoring::Stack::load(dir, opts);
            Ok(monitoring::README.grade(&name, &stack))
        }
        ("monitoring-stack", "runpy") => {
            let stack = monitoring::Stack::load(dir, opts);
            Ok(monitoring::RUNPY.grade(&name, &stack))
        }
        ("monitoring-stack", "runpy-substring") => {
            let texts = runpy_text::Texts::load(dir);
            Ok(runpy_text::RUBRIC.grade(&name, &texts))
        }
        ("logging-stack", "readme") => {
            Ok(logging::README.grade(&name, &logging::Logging::load(dir)))
        }
        ("logging-stack", "runpy") => Ok(logging::RUNPY.grade(&name, &logging::Logging::load(dir))),
        ("distributed-tracing", "readme") => {
            Ok(tracing::README.grade(&name, &tracing::Tracing::load(dir)))
        }
        ("distributed-tracing", "runpy") => {
            Ok(tracing::RUNPY.grade(&name, &tracing::Tracing::load(dir)))
        }
        ("distributed-tracing", "runpy-substring") => {
            Ok(tracing_text::RUBRIC.grade(&name, &tracing_text::Texts::load(dir)))
        }
        _ => Err(check_rubric(challenge, rubric)
            .err()
            .unwrap_or_else(|| format!("no rubric {rubric:?} for challenge {challenge:?}"))),
    }
}
