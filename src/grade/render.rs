//! Reports as text: run.py's layout (banner, a line per section and per check, the score
//! bar and closing words, with run.py's colours), each failed check followed by where and
//! how to fix it; the README's `Total Score` footer; a summary table and a CSV gradebook
//! for many repositories.

use std::fmt::Write;

use super::{Footer, Layout, Report};

const GREEN: &str = "\x1b[92m";
const RED: &str = "\x1b[91m";
const YELLOW: &str = "\x1b[93m";
const BLUE: &str = "\x1b[94m";
const CYAN: &str = "\x1b[96m";
const BOLD: &str = "\x1b[1m";
const END: &str = "\x1b[0m";

/// Colour codes, or nothing.
struct Paint(bool);

impl Paint {
    fn on(&self, codes: &[&str], text: &str) -> String {
        if self.0 {
            format!("{}{text}{END}", codes.concat())
        } else {
            text.to_string()
        }
    }
}

/// One repository's report in run.py's layout.
pub fn human(r: &Report, color: bool) -> String {
    if let Layout::Tasks { hints } = r.layout {
        return tasks(r, hints, color);
    }
    let p = Paint(color);
    let rule = "=".repeat(60);
    let mut out = String::new();
    let _ = writeln!(out, "\n{}", p.on(&[CYAN], &rule));
    let _ = writeln!(out, "{}", p.on(&[BOLD, CYAN], &format!("  {}", r.title)));
    let _ = writeln!(out, "{}\n", p.on(&[CYAN], &rule));
    let _ = writeln!(out, "  {}\n", p.on(&[BOLD], &r.intro));
    for s in &r.sections {
        let icon = if s.points == s.max {
            p.on(&[GREEN], "✅")
        } else {
            p.on(&[YELLOW], "⏳")
        };
        let _ = writeln!(
            out,
            "  {icon} {} ({}/{} points)",
            p.on(&[BOLD], &s.name),
            s.points,
            s.max
        );
        for c in &s.checks {
            let icon = if c.passed {
                p.on(&[GREEN], "✓")
            } else {
                p.on(&[RED], "✗")
            };
            let detail = if c.detail.is_empty() {
                String::new()
            } else {
                format!(" - {}", c.detail)
            };
            let _ = writeln!(out, "      {icon} {}{detail}", c.name);
            if !c.passed {
                if let Some(at) = &c.at {
                    let _ = writeln!(out, "          at {at}");
                }
                if let Some(h) = &c.hint {
                    let _ = writeln!(out, "          fix: {h}");
                }
            }
        }
        out.push('\n');
    }
    for n in &r.notes {
        let _ = writeln!(out, "  {}\n", p.on(&[YELLOW], &format!("note: {n}")));
    }
    let filled = (r.percent / 5).min(20) as usize;
    let bar_color = if r.percent >= 80 { GREEN } else { YELLOW };
    let _ = writeln!(out, "  {}", p.on(&[BOLD], "Score:"));
    let _ = writeln!(
        out,
        "  {} {}/{} points ({}%)",
        p.on(
            &[bar_color],
            &format!("{}{}", "█".repeat(filled), "░".repeat(20 - filled))
        ),
        r.score,
        r.max,
        r.percent
    );
    if r.percent == 100 {
        let _ = writeln!(
            out,
            "\n  {}",
            p.on(&[GREEN, BOLD], "🎉 All configs complete!")
        );
        let _ = writeln!(out, "  {}", p.on(&[CYAN], &r.next_step));
    } else if r.percent >= 80 {
        let _ = writeln!(
            out,
            "\n  {}",
            p.on(&[GREEN], "Almost there! Check the items marked with ✗")
        );
    } else {
        let _ = writeln!(
            out,
            "\n  {}",
            p.on(&[CYAN], "Keep going! See README.md for guidance.")
        );
    }
    if r.footer == Some(Footer::Readme) {
        let _ = writeln!(out, "\n{}", p.on(&[CYAN], &rule));
        let _ = writeln!(
            out,
            "  {}",
            p.on(&[BOLD], &format!("🎯 Total Score: {}/{}", r.score, r.max))
        );
        let verdict = if r.score == r.max {
            p.on(&[GREEN, BOLD], "🎉 CHALLENGE COMPLETE!")
        } else if r.passed {
            p.on(&[GREEN], &format!("✅ Passed (pass mark {}%)", r.pass_mark))
        } else {
            p.on(&[RED], &format!("❌ Not passed: {}% needed", r.pass_mark))
        };
        let _ = writeln!(out, "  {verdict}");
        let _ = writeln!(out, "{}", p.on(&[CYAN], &rule));
    }
    out.push('\n');
    out
}

/// The sibling challenges' run.py layout: a `Task N: name` line per section with its
/// message (a task of several checks lists them), then the score and pass lines. Where
/// and how to fix a failure follow it, indented, as in the sections layout.
fn tasks(r: &Report, hints: &[&str], color: bool) -> String {
    let p = Paint(color);
    let rule = p.on(&[CYAN], &"=".repeat(60));
    let mut out = String::new();
    let _ = writeln!(out, "\n{rule}");
    let _ = writeln!(out, "{}", p.on(&[BOLD], &format!("  {}", r.title)));
    let _ = writeln!(out, "{rule}\n");
    for (n, s) in r.sections.iter().enumerate() {
        let icon = if s.points == s.max { "✅" } else { "❌" };
        let _ = writeln!(
            out,
            "{icon} {} {}",
            p.on(&[BOLD], &format!("Task {}:", n + 1)),
            s.name
        );
        let single = s.checks.len() == 1;
        for c in &s.checks {
            let color = if c.passed { GREEN } else { RED };
            let line = if single {
                c.detail.clone()
            } else {
                let mark = if c.passed { "✓" } else { "✗" };
                let detail = if c.detail.is_empty() {
                    String::new()
                } else {
                    format!(" - {}", c.detail)
                };
                format!("{mark} {} ({}/{}){detail}", c.name, c.points, c.max)
            };
            if !line.is_empty() {
                let _ = writeln!(out, "   {}", p.on(&[color], &line));
            }
            if !c.passed {
                let indent = if single { "   " } else { "      " };
                if let Some(at) = &c.at {
                    let _ = writeln!(out, "{indent}at {at}");
                }
                if let Some(h) = &c.hint {
                    let _ = writeln!(out, "{indent}fix: {h}");
                }
            }
        }
        out.push('\n');
    }
    for n in &r.notes {
        let _ = writeln!(out, "{}\n", p.on(&[YELLOW], &format!("note: {n}")));
    }
    let _ = writeln!(out, "{rule}");
    // run.py's `{percentage:.0f}`: rounded, not truncated.
    let percent = if r.max == 0 {
        0.0
    } else {
        f64::from(r.score) / f64::from(r.max) * 100.0
    };
    if r.passed {
        let _ = writeln!(
            out,
            "{}",
            p.on(
                &[GREEN, BOLD],
                "🎉 Congratulations! You passed the challenge!"
            )
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            p.on(&[YELLOW, BOLD], "Keep going! You're making progress.")
        );
    }
    let _ = writeln!(
        out,
        "\n{} {}/{} points ({percent:.0}%)",
        p.on(&[BOLD], "Score:"),
        r.score,
        r.max
    );
    let _ = writeln!(out, "{} {}%", p.on(&[BOLD], "Passing Score:"), r.pass_mark);
    if r.score < r.max {
        let _ = writeln!(out, "\n{}", p.on(&[BLUE], "💡 Hints:"));
        for h in hints {
            let _ = writeln!(out, "  • {h}");
        }
    }
    let _ = writeln!(out, "\n{rule}\n");
    out
}

/// Short column titles for the summary table.
fn short(name: &str) -> String {
    name.replace("Grafana ", "")
        .replace(" Config", "")
        .replace(" Instrumentation", "")
}

/// A table of many repositories' scores.
pub fn summary(reports: &[Report], color: bool) -> String {
    let Some(first) = reports.first() else {
        return String::new();
    };
    let mut t = comfy_table::Table::new();
    t.load_preset(if color {
        comfy_table::presets::UTF8_FULL_CONDENSED
    } else {
        comfy_table::presets::ASCII_MARKDOWN
    });
    let mut header = vec!["Repository".to_string()];
    header.extend(
        first
            .sections
            .iter()
            .map(|s| format!("{} ({})", short(&s.name), s.max)),
    );
    header.extend(["Total".to_string(), "Result".to_string()]);
    t.set_header(header);
    for r in reports {
        let mut row = vec![r.repo.clone()];
        row.extend(r.sections.iter().map(|s| s.points.to_string()));
        row.push(format!("{}/{}", r.score, r.max));
        row.push(if r.passed { "pass" } else { "FAIL" }.to_string());
        t.add_row(row);
    }
    let passed = reports.iter().filter(|r| r.passed).count();
    format!(
        "{t}\n{passed} of {} repositories passed (pass mark {}%)\n",
        reports.len(),
        first.pass_mark
    )
}

/// RFC 4180 field.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A gradebook: one row per repository, a column per section.
pub fn csv(reports: &[Report]) -> String {
    let Some(first) = reports.first() else {
        return String::new();
    };
    let mut out = String::from("repo");
    for s in &first.sections {
        out.push(',');
        out.push_str(&csv_field(&s.id));
    }
    out.push_str(",score,max,passed\n");
    for r in reports {
        out.push_str(&csv_field(&r.repo));
        for s in &r.sections {
            let _ = write!(out, ",{}", s.points);
        }
        let _ = writeln!(out, ",{},{},{}", r.score, r.max, r.passed);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::{CheckReport, SectionReport};

    fn report(score: u32) -> Report {
        Report {
            repo: "a,b".into(),
            challenge: "c".into(),
            rubric: "r".into(),
            title: "T".into(),
            intro: "Checking...".into(),
            next_step: "go".into(),
            footer: Some(Footer::Readme),
            layout: Layout::Sections,
            score,
            max: 20,
            percent: score * 5,
            pass_mark: 60,
            passed: score * 5 >= 60,
            sections: vec![SectionReport {
                id: "s".into(),
                name: "Grafana Dashboard".into(),
                points: score,
                max: 20,
                checks: vec![CheckReport {
                    id: "x".into(),
                    name: "X".into(),
                    passed: score == 20,
                    points: score,
                    max: 20,
                    detail: "why".into(),
                    at: Some(crate::grade::Loc::line("f.yml", 3, 4)),
                    hint: Some("do it".into()),
                }],
            }],
            notes: vec![],
        }
    }

    #[test]
    fn failed_checks_say_where_and_how() {
        let text = human(&report(7), false);
        assert!(text.contains("  ⏳ Grafana Dashboard (7/20 points)\n      ✗ X - why\n          at f.yml:3:4\n          fix: do it\n"), "{text}");
        assert!(
            text.contains("  ███████░░░░░░░░░░░░░ 7/20 points (35%)\n"),
            "{text}"
        );
        assert!(
            text.contains("🎯 Total Score: 7/20\n  ❌ Not passed: 60% needed\n"),
            "{text}"
        );
        let done = human(&report(20), false);
        assert!(done.contains("✓ X - why\n\n"), "{done}");
        assert!(done.contains("🎉 CHALLENGE COMPLETE!"), "{done}");
        assert!(!human(&report(20), true).is_empty());
    }

    #[test]
    fn gradebook_and_table() {
        let rows = [report(7), report(20)];
        assert_eq!(
            csv(&rows),
            "repo,s,score,max,passed\n\"a,b\",7,7,20,false\n\"a,b\",20,20,20,true\n"
        );
        let t = summary(&rows, false);
        assert!(t.contains("Dashboard (20)"), "{t}");
        assert!(t.contains("1 of 2 repositories passed"), "{t}");
    }
}
