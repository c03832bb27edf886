//! GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding.

use std::io::Write;

use super::{
    describe_subject, display_path, FindingPrinter, GateSummary, Located, Place, Severity, Subject,
};
use crate::rules::Rules;

pub struct Github<W> {
    out: W,
    tool: &'static str,
}

impl<W: Write> Github<W> {
    pub fn new(out: W, tool: &'static str) -> Self {
        Github { out, tool }
    }
}

/// Escapes a workflow-command message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value, which also may not hold `:` or `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl<W: Write> FindingPrinter for Github<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        let level = match item.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = escape_property(&format!("{} {}", self.tool, item.subject.rule()));
        let message = describe_subject(&item.subject, rules);
        let (path, line) = match item.subject {
            Subject::Reference(f) => (display_path(&f.path), f.line),
            Subject::Diagnostic(d) => match &d.place {
                Place::File { path, line, .. } => (display_path(path), *line),
                // An annotation without a file shows on the run's summary page.
                Place::Object { name, .. } => {
                    return writeln!(
                        self.out,
                        "::{level} title={title}::{}",
                        escape_data(&format!("{name}: {message}"))
                    );
                }
            },
        };
        if line == 0 {
            return writeln!(
                self.out,
                "::{level} file={},title={title}::{}",
                escape_property(&path),
                escape_data(&message)
            );
        }
        writeln!(
            self.out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&path),
            line,
            item.char_column(),
            line,
            item.char_column() + item.char_len(),
            title,
            escape_data(&message)
        )
    }

    fn finish(&mut self, _: &GateSummary, _: &Rules) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
