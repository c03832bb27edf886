//! GitHub Actions workflow commands: `::error` and `::warning` annotations, errors first and at
//! most so many of each (GitHub shows 10 of each per step), the rest as plain log lines, and a
//! Markdown summary appended to `$GITHUB_STEP_SUMMARY`.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use super::{
    describe_subject, escape_controls, FindingPrinter, GateContext, GateSummary, Located, Place,
    Severity, Subject,
};
use crate::rules::Rules;

pub struct Github<W> {
    out: W,
    tool: &'static str,
    ctx: GateContext,
    /// Annotations written, and findings past the cap, per severity (errors, warnings).
    annotated: [usize; 2],
    over: [usize; 2],
    /// Warning annotations wait for the errors: GitHub shows the first ones of each kind.
    warnings: Vec<String>,
    tally: Tally,
}

/// What the step summary counts.
#[derive(Default)]
struct Tally {
    /// Per table (index into the rules): errors, warnings.
    tables: BTreeMap<usize, [usize; 2]>,
    /// Per lint rule.
    rules: BTreeMap<&'static str, [usize; 2]>,
    /// Per file (as annotated): errors, warnings.
    files: HashMap<String, [usize; 2]>,
}

impl<W: Write> Github<W> {
    pub fn new(out: W, tool: &'static str, ctx: GateContext) -> Self {
        Github {
            out,
            tool,
            ctx,
            annotated: [0; 2],
            over: [0; 2],
            warnings: Vec::new(),
            tally: Tally::default(),
        }
    }

    /// The file and line of an item, as annotated (`None` for a database object).
    fn place(&self, item: &Located<'_>) -> Option<(String, usize)> {
        match item.subject {
            Subject::Reference(f) => Some((self.ctx.paths.relative(&f.path), f.line)),
            Subject::Diagnostic(d) => match &d.place {
                Place::File { path, line, .. } => Some((self.ctx.paths.relative(path), *line)),
                Place::Object { .. } => None,
            },
        }
    }

    fn count(&mut self, item: &Located<'_>) {
        let i = index(item.severity);
        match item.subject {
            Subject::Reference(f) => self.tally.tables.entry(f.table).or_default()[i] += 1,
            Subject::Diagnostic(d) => self.tally.rules.entry(d.rule).or_default()[i] += 1,
        }
        if let Some((path, _)) = self.place(item) {
            self.tally.files.entry(path).or_default()[i] += 1;
        }
    }

    fn annotation(&self, item: &Located<'_>, rules: &Rules) -> String {
        let level = level(item.severity);
        let title = escape_property(&format!("{} {}", self.tool, item.subject.rule()));
        let message = describe_subject(&item.subject, rules);
        match self.place(item) {
            // An annotation without a file shows on the run's summary page.
            None => {
                let name = match &item.subject {
                    Subject::Diagnostic(d) => match &d.place {
                        Place::Object { name, .. } => name.as_str(),
                        Place::File { .. } => "",
                    },
                    Subject::Reference(_) => "",
                };
                format!(
                    "::{level} title={title}::{}",
                    escape_data(&format!("{name}: {message}"))
                )
            }
            Some((path, 0)) => format!(
                "::{level} file={},title={title}::{}",
                escape_property(&path),
                escape_data(&message)
            ),
            Some((path, line)) => format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&path),
                line,
                item.char_column(),
                line,
                item.char_column() + item.char_len(),
                title,
                escape_data(&message)
            ),
        }
    }

    /// A finding past the cap, as a log line that is no workflow command.
    fn log_line(&self, item: &Located<'_>, rules: &Rules) -> String {
        let message = describe_subject(&item.subject, rules);
        let at = match self.place(item) {
            None => String::new(),
            Some((path, 0)) => format!("{path}: "),
            Some((path, line)) => format!("{path}:{line}:{}: ", item.char_column()),
        };
        let line = format!("{at}{}: {message}", level(item.severity));
        let line = escape_controls(&line).into_owned();
        if line.starts_with(':') {
            format!("./{line}")
        } else {
            line
        }
    }

    /// The Markdown of the step summary.
    fn step_summary(&self, summary: &GateSummary, rules: &Rules) -> String {
        use std::fmt::Write as _;
        let mut md = String::new();
        let _ = writeln!(md, "### {} {}\n", self.tool, self.ctx.command);
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let _ = write!(
            md,
            "**{}**, {}",
            plural(summary.errors, "error", "errors"),
            plural(summary.warnings, "warning", "warnings")
        );
        if self.ctx.command == "check" {
            md.push_str(" (");
            md.push_str(&summary.warning_kinds());
            if summary.unlisted_mentions > 0 {
                md.push_str("; `--mentions` lists them");
            }
            md.push(')');
        }
        let _ = writeln!(
            md,
            "; {} searched.",
            plural(summary.files_searched, "file", "files")
        );
        for line in &summary.notes() {
            let _ = writeln!(md, "\n{}", md_text(line));
        }
        if !self.tally.tables.is_empty() {
            md.push_str("\n| Group | Table | Phase | Errors | Warnings |\n|---|---|---|--:|--:|\n");
            for (&ti, [e, w]) in &self.tally.tables {
                let t = &rules.tables[ti];
                let g = &rules.groups[t.group];
                let _ = writeln!(
                    md,
                    "| {} {} | {} → {} | {} | {e} | {w} |",
                    md_code(&g.prefix),
                    md_text(&g.title),
                    md_code(&t.old),
                    md_code(&t.new),
                    t.phase.map_or("-", |p| rules.phases[p].id.as_str()),
                );
            }
        }
        if !self.tally.rules.is_empty() {
            md.push_str("\n| Rule | Errors | Warnings |\n|---|--:|--:|\n");
            for (rule, [e, w]) in &self.tally.rules {
                let _ = writeln!(
                    md,
                    "| {} | {e} | {w} |",
                    md_code(&format!("{}/{rule}", self.tool))
                );
            }
        }
        if !self.tally.files.is_empty() {
            let mut files: Vec<(&String, &[usize; 2])> = self.tally.files.iter().collect();
            files.sort_by(|a, b| {
                (b.1[0] + b.1[1])
                    .cmp(&(a.1[0] + a.1[1]))
                    .then_with(|| a.0.cmp(b.0))
            });
            let _ = writeln!(
                md,
                "\n**Files with most findings** ({} of {})\n\n| File | Errors | Warnings |\n|---|--:|--:|",
                files.len().min(TOP_FILES),
                files.len()
            );
            for (path, [e, w]) in files.into_iter().take(TOP_FILES) {
                let _ = writeln!(md, "| {} | {e} | {w} |", md_code(path));
            }
        }
        md.push('\n');
        md
    }
}

/// Files listed in the step summary.
const TOP_FILES: usize = 10;

fn index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
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

/// `s` as a Markdown code span inside a table cell: fenced with more backticks than it holds
/// in a row, `|` escaped (GitHub reads `\|` as a pipe even in code), controls escaped.
fn md_code(s: &str) -> String {
    let s = escape_controls(s).replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// Plain text in Markdown: the characters that would start markup escaped.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in escape_controls(s).chars() {
        if "\\`*_[]<>|#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl<W: Write> FindingPrinter for Github<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        self.count(item);
        let i = index(item.severity);
        if self.annotated[i] >= self.ctx.max_annotations {
            self.over[i] += 1;
            let line = self.log_line(item, rules);
            return writeln!(self.out, "{line}");
        }
        self.annotated[i] += 1;
        let annotation = self.annotation(item, rules);
        match item.severity {
            Severity::Error => writeln!(self.out, "{annotation}"),
            Severity::Warning => {
                self.warnings.push(annotation);
                Ok(())
            }
        }
    }

    fn unlisted(&mut self, item: &Located<'_>, _: &Rules) {
        self.count(item);
    }

    fn finish(&mut self, summary: &GateSummary, rules: &Rules) -> std::io::Result<()> {
        for w in std::mem::take(&mut self.warnings) {
            writeln!(self.out, "{w}")?;
        }
        let title = escape_property(self.tool);
        let [errors, warnings] = self.over;
        if errors + warnings > 0 {
            let many =
                |n: usize, what: &str| format!("{n} more {what}{}", if n == 1 { "" } else { "s" });
            writeln!(
                self.out,
                "::notice title={title}::{}",
                escape_data(&format!(
                    "{} and {} are not annotated (at most {} of each, as GitHub shows 10 per step); they are listed in the log above (--max-annotations N changes the cap)",
                    many(errors, "error"),
                    many(warnings, "warning"),
                    self.ctx.max_annotations
                ))
            )?;
        }
        if summary.unlisted_mentions > 0 {
            let n = summary.unlisted_mentions;
            writeln!(
                self.out,
                "::notice title={title}::{}",
                escape_data(&format!(
                    "{n} mention{} (warnings) counted but not annotated; pass --mentions to list them",
                    if n == 1 { "" } else { "s" }
                ))
            )?;
        }
        for line in &summary.notes() {
            writeln!(self.out, "::notice title={title}::{}", escape_data(line))?;
        }
        self.out.flush()?;
        if let Some(path) = &self.ctx.step_summary {
            let md = self.step_summary(summary, rules);
            // GitHub reads the file after the step; each step appends its part.
            let written = std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(path)
                .and_then(|mut f| f.write_all(md.as_bytes()));
            if let Err(e) = written {
                crate::messages::note(&format!(
                    "cannot append the step summary to {} (GITHUB_STEP_SUMMARY): {e}",
                    path.display()
                ));
            }
        }
        Ok(())
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

    #[test]
    fn markdown_cells_keep_their_text() {
        assert_eq!(md_code("a|b.ts"), "`a\\|b.ts`");
        assert_eq!(md_code("x`y.ts"), "``x`y.ts``");
        assert_eq!(md_code("`a"), "`` `a ``");
        assert_eq!(md_text("Docs & *stars*"), "Docs & \\*stars\\*");
    }
}
