//! `refscan completions` and `refscan man`: shell completion scripts and roff man pages,
//! generated from the same clap command the binary parses with.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::{exit, UserError};
use crate::messages::note;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command (refscan.1, refscan-report.1, refscan-migrate-plan.1, ...)
    /// into this folder instead of refscan(1) to stdout
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Writes the completion script to stdout.
pub fn completions(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut cmd = crate::command::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "refscan", &mut out);
    out.flush()?;
    Ok(exit::CLEAN)
}

/// Writes refscan(1) to stdout, or every command's page into `--dir`.
pub fn man(args: &ManArgs) -> anyhow::Result<u8> {
    let mut cmd = crate::command::command().disable_help_subcommand(true);
    cmd.build();
    match &args.dir {
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
        }
        Some(dir) => {
            if !dir.is_dir() {
                return Err(UserError::new(format!("{} is not a folder", dir.display()))
                    .hint("create it first (mkdir -p), or leave --dir out to print refscan(1)")
                    .into());
            }
            let mut written = 0usize;
            write_pages(&cmd, dir, &mut written)?;
            note(&format!("wrote {written} man pages into {}", dir.display()));
        }
    }
    Ok(exit::CLEAN)
}

/// Each page goes to a temporary file in `dir` that is renamed into place, so a page is never
/// half-written.
fn write_pages(cmd: &clap::Command, dir: &Path, written: &mut usize) -> anyhow::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir, written)?;
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let path = dir.join(man.get_filename());
    let mut page = Vec::new();
    man.render(&mut page)?;
    crate::init::write_new(&path, &page)?;
    *written += 1;
    Ok(())
}
