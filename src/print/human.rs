//! The human format of a gate: compiler-style lines with the source line and a caret.

use termcolor::{Color, ColorSpec, WriteColor};

use super::{
    describe_subject, push_escaped, shown_path, FindingPrinter, GateSummary, Located, Place,
    Severity, Subject,
};
use crate::rules::Rules;

pub struct Human<W> {
    out: W,
}

impl<W: WriteColor> Human<W> {
    pub fn new(out: W) -> Self {
        Human { out }
    }
}

/// Columns between tab stops: a tab in the source line is shown as spaces up to the next one.
const TAB_STOP: usize = 4;

/// A source line as printed: tabs as spaces up to the next tab stop, other control characters
/// escaped (an ESC in the code must not reach the terminal); and the display column (0-based,
/// as a terminal lays it out: wide characters and emoji take two) where the 1-based character
/// `column` starts in it.
fn shown_line(text: &str, column: usize) -> (String, usize) {
    use unicode_width::UnicodeWidthStr as _;
    let mut out = String::with_capacity(text.len());
    // The width of `out` is `base` plus the width of what follows `segment` (measured as a
    // string, so that emoji sequences count as the terminal shows them).
    let (mut base, mut segment) = (0, 0);
    let mut caret = None;
    for (i, c) in text.chars().enumerate() {
        if i + 1 == column {
            caret = Some(base + out[segment..].width());
        }
        if c == '\t' {
            let at = base + out[segment..].width();
            let pad = TAB_STOP - at % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', pad));
            base = at + pad;
            segment = out.len();
        } else {
            push_escaped(&mut out, c);
        }
    }
    let end = base + out[segment..].width();
    (out, caret.unwrap_or(end))
}

impl<W: WriteColor> FindingPrinter for Human<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
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
        // A reference prints as it always has; a lint finding names its rule, as compilers
        // name their error codes.
        let (where_, line, label) = match item.subject {
            Subject::Reference(f) => (
                format!("{}:{}:{}:", shown_path(&f.path), f.line, item.column),
                Some(f.line),
                label.to_string(),
            ),
            Subject::Diagnostic(d) => {
                let label = format!("{label}[{}]", d.rule);
                match &d.place {
                    Place::File { path, line: 0, .. } => {
                        (format!("{}:", shown_path(path)), None, label)
                    }
                    Place::File { path, line, .. } => (
                        format!("{}:{line}:{}:", shown_path(path), item.column),
                        Some(*line),
                        label,
                    ),
                    Place::Object { name, .. } => (format!("{name}:"), None, label),
                }
            }
        };
        self.out.set_color(&loc)?;
        write!(self.out, "{where_}")?;
        self.out.reset()?;
        write!(self.out, " ")?;
        self.out.set_color(&sev)?;
        write!(self.out, "{label}")?;
        self.out.reset()?;
        writeln!(self.out, ": {}", describe_subject(&item.subject, rules))?;
        let Some(line) = line else {
            return Ok(());
        };
        let gutter = line.to_string().len();
        let (shown, caret) = shown_line(item.line_text, item.shown_column);
        writeln!(self.out, "  {:>gutter$} | {}", line, shown)?;
        self.out.set_color(&sev)?;
        writeln!(
            self.out,
            "  {:>gutter$} | {}{}",
            "",
            " ".repeat(caret),
            "^".repeat(item.char_len().max(1))
        )?;
        self.out.reset()?;
        Ok(())
    }

    fn finish(&mut self, _: &GateSummary, _: &Rules) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_the_caret_follows() {
        let (line, caret) = shown_line("\x1b[31mx\tfrom experts", 8);
        assert_eq!(line, "\\x1b[31mx   from experts");
        assert_eq!(&line[caret..caret + 4], "from");
    }

    #[test]
    fn carets_are_measured_in_display_columns() {
        // See: issue 19 item 7
        // Wide characters and emoji take two columns, a combining accent none, a tab runs to
        // the next stop of four.
        let (line, caret) = shown_line("名前 = 'é' 🎉\tfrom experts", 12);
        assert_eq!(line, "名前 = 'é' 🎉   from experts");
        assert_eq!(caret, 16);
        let (_, caret) = shown_line("\tx", 2);
        assert_eq!(caret, 4);
        let (_, caret) = shown_line("e\u{301}x", 3);
        assert_eq!(caret, 1);
    }
}
