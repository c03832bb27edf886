//! The human format of a gate: compiler-style lines with the source line and a caret.

use termcolor::{Color, ColorSpec, WriteColor};

use super::{describe, display_path, FindingPrinter, GateSummary, Located, Severity};
use crate::rules::Rules;

pub struct Human<W> {
    out: W,
}

impl<W: WriteColor> Human<W> {
    pub fn new(out: W) -> Self {
        Human { out }
    }
}

impl<W: WriteColor> FindingPrinter for Human<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        let f = item.finding;
        let mut loc = ColorSpec::new();
        loc.set_bold(true);
        let mut sev = ColorSpec::new();
        let label = match item.severity {
            Severity::Error => {
                sev.set_fg(Some(Color::Red)).set_bold(true);
                "error"
            }
            Severity::Warning => {
                sev.set_fg(Some(Color::Yellow)).set_bold(true);
                "warning"
            }
        };
        self.out.set_color(&loc)?;
        write!(
            self.out,
            "{}:{}:{}:",
            display_path(&f.path),
            f.line,
            f.column
        )?;
        self.out.reset()?;
        write!(self.out, " ")?;
        self.out.set_color(&sev)?;
        write!(self.out, "{label}")?;
        self.out.reset()?;
        writeln!(self.out, ": {}", describe(f, rules))?;
        let gutter = f.line.to_string().len();
        let shown = item.line_text.replace('\t', " ");
        writeln!(self.out, "  {:>gutter$} | {}", f.line, shown)?;
        self.out.set_color(&sev)?;
        writeln!(
            self.out,
            "  {:>gutter$} | {}{}",
            "",
            " ".repeat(item.shown_column - 1),
            "^".repeat(item.char_len().max(1))
        )?;
        self.out.reset()?;
        Ok(())
    }

    fn finish(&mut self, _: &GateSummary, _: &Rules) -> std::io::Result<()> {
        self.out.flush()
    }
}
