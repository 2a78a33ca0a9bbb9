//! Running the lookout binary from tests.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// What one invocation produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The whole invocation as one text for snapshots, so the exit code and the split between
    /// the two streams are pinned along with the rendering.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.transcript()))
    }

    #[track_caller]
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            code,
            "unexpected exit code:\n{}",
            self.transcript()
        );
        self
    }
}

/// Runs the binary with plain output, optionally feeding `stdin`, in `dir` if given.
pub fn run_in(dir: Option<&Path>, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::cargo_bin("lookout").expect("the lookout binary is built");
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    // Always give the child a stdin, so nothing waits on the test runner's terminal.
    cmd.write_stdin(stdin.unwrap_or(""));
    let out = cmd.output().expect("running lookout");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_in(None, args, None)
}

/// The promtool binary to compare with (`$PROMTOOL`, else `promtool` on the path), when it
/// runs.
pub fn promtool() -> Option<String> {
    reference_tool("PROMTOOL", "promtool")
}

/// The amtool binary to compare with (`$AMTOOL`, else `amtool` on the path), when it runs.
pub fn amtool() -> Option<String> {
    reference_tool("AMTOOL", "amtool")
}

/// A reference binary named by `$env`, else `name` on the path, when `--version` runs.
fn reference_tool(env: &str, name: &str) -> Option<String> {
    let bin = std::env::var(env).unwrap_or_else(|_| name.into());
    std::process::Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| bin)
}

/// One of `seeds` with a few random edits: bytes removed, `pieces` inserted.
pub fn mangled(
    seeds: &'static [String],
    pieces: impl proptest::strategy::Strategy<Value = &'static str>,
) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    (
        0..seeds.len(),
        prop::collection::vec((any::<prop::sample::Index>(), 0usize..8, pieces), 1..6),
    )
        .prop_map(move |(i, edits)| {
            let mut s = seeds[i].clone().into_bytes();
            for (at, cut, ins) in edits {
                let pos = at.index(s.len() + 1);
                let end = (pos + cut).min(s.len());
                s.splice(pos..end, ins.bytes());
            }
            String::from_utf8_lossy(&s).into_owned()
        })
}
