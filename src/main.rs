use std::io::ErrorKind;
use std::process::ExitCode;

use clap::Parser;

use lookout::cli::Cli;
use lookout::cmd::{self, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(cli) {
        Ok(Outcome::Success) => ExitCode::from(0),
        Ok(Outcome::Failed) => ExitCode::from(1),
        Ok(Outcome::LintFailed) => ExitCode::from(3),
        Err(err) => {
            // A closed pipe (`lookout ... | head`) is not a failure.
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<std::io::Error>())
                .any(|e| e.kind() == ErrorKind::BrokenPipe)
            {
                return ExitCode::from(0);
            }
            eprintln!("lookout: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
