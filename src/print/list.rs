//! `check -l`, `check -c` and `check -q`: the files that fail the gate, how many findings each,
//! or nothing at all.

use std::io::Write;
use std::path::PathBuf;

use super::{FindingPrinter, GateSummary, Located, Place, Severity, Subject};
use crate::rules::Rules;

/// What the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMode {
    /// `-l`: each file once.
    Files,
    /// `-c`: `path:N`.
    Count,
}

/// Prints one line per file with findings that fail the gate; findings come in path order, so
/// a file is done when the next one starts.
pub struct List<W> {
    out: W,
    mode: ListMode,
    /// Mentions fail the gate (`--strict`), so they count.
    strict: bool,
    current: Option<(PathBuf, usize)>,
}

impl<W: Write> List<W> {
    pub fn new(out: W, mode: ListMode, strict: bool) -> Self {
        List {
            out,
            mode,
            strict,
            current: None,
        }
    }

    fn flush_current(&mut self) -> std::io::Result<()> {
        if let Some((path, n)) = self.current.take() {
            let shown = super::shown_path(&path);
            match self.mode {
                ListMode::Files => writeln!(self.out, "{shown}")?,
                ListMode::Count => writeln!(self.out, "{shown}:{n}")?,
            }
        }
        Ok(())
    }
}

impl<W: Write> FindingPrinter for List<W> {
    fn finding(&mut self, item: &Located<'_>, _: &Rules) -> std::io::Result<()> {
        if item.severity == Severity::Warning && !self.strict {
            return Ok(());
        }
        let path = match item.subject {
            Subject::Reference(f) => f.path.as_path(),
            Subject::Diagnostic(d) => match &d.place {
                Place::File { path, .. } => path.as_path(),
                Place::Object { .. } => return Ok(()),
            },
        };
        match &mut self.current {
            Some((p, n)) if p == path => *n += 1,
            _ => {
                self.flush_current()?;
                self.current = Some((path.to_path_buf(), 1));
            }
        }
        Ok(())
    }

    fn finish(&mut self, _: &GateSummary, _: &Rules) -> std::io::Result<()> {
        self.flush_current()?;
        self.out.flush()
    }
}

/// `-q`: prints nothing; the exit status speaks.
pub struct Quiet;

impl FindingPrinter for Quiet {
    fn finding(&mut self, _: &Located<'_>, _: &Rules) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _: &GateSummary, _: &Rules) -> std::io::Result<()> {
        Ok(())
    }
}
