//! The `refscan` binary: parses arguments, dispatches to a command, maps the outcome to an
//! exit status (0 clean, 1 findings, 2 error).

use std::process::ExitCode;

use refscan::cli::Cli;
use refscan::commands;
use refscan::error::{exit, render};

fn main() -> ExitCode {
    let cli: Cli = refscan::command::parse();
    match commands::run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(exit::CLEAN),
        Err(err) => {
            eprintln!("{}", render(&err));
            ExitCode::from(exit::ERROR)
        }
    }
}

/// A reader that went away (`refscan report | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
