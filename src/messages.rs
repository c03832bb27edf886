//! Non-fatal problems met during a scan: listed on stderr, counted in summaries, and (for real
//! errors) reflected in the exit status, but never a reason to stop scanning.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

use crate::print::{escape_controls, shown_path};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The file or folder could not be read: the scan is incomplete (exit status 2).
    Unreadable,
    /// Deliberately passed over (too large, binary, not UTF-8, a symlink loop).
    Skipped,
    /// Passed over like `Skipped` (too large, UTF-16, binary, not UTF-8) although it names an
    /// old table: `check` fails on it (exit 1), since what it holds was never classified.
    Unscanned,
}

impl ProblemKind {
    pub fn is_error(self) -> bool {
        self == ProblemKind::Unreadable
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub path: PathBuf,
    pub kind: ProblemKind,
    pub message: String,
}

static QUIET: AtomicBool = AtomicBool::new(false);
static NO_MESSAGES: AtomicBool = AtomicBool::new(false);

/// `check -q`: no notes on stderr (errors still go there).
pub fn set_quiet(on: bool) {
    QUIET.store(on, Ordering::Relaxed);
}

/// `--no-messages`: problems with files are counted but not listed.
pub fn set_no_messages(on: bool) {
    NO_MESSAGES.store(on, Ordering::Relaxed);
}

fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Prints each problem as `refscan: path: message` on stderr.
pub fn print_problems(problems: &[Problem]) {
    if NO_MESSAGES.load(Ordering::Relaxed) {
        return;
    }
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for p in problems {
        let message = escape_controls(&p.message);
        let _ = if p.path.as_os_str().is_empty() {
            writeln!(err, "refscan: {message}")
        } else {
            writeln!(err, "refscan: {}: {message}", shown_path(&p.path))
        };
    }
}

/// A note for the user on stderr (which rules are used, what was written); control characters
/// (from a file name) are escaped, so a note is always one line of plain text.
pub fn note(message: &str) {
    if quiet() {
        return;
    }
    let _ = writeln!(std::io::stderr(), "refscan: {}", escape_controls(message));
}

/// Many notes at once (a review list): one buffered, locked write instead of one per line.
pub fn notes(messages: impl Iterator<Item = String>) {
    if quiet() {
        return;
    }
    let stderr = std::io::stderr();
    let mut err = std::io::BufWriter::new(stderr.lock());
    for m in messages {
        if writeln!(err, "refscan: {}", escape_controls(&m)).is_err() {
            return;
        }
    }
    let _ = err.flush();
}
