//! Shared output plumbing: colour choice, stdout handling, and the JSON record of a finding
//! that every machine-readable format uses.

use std::io::IsTerminal;

use serde::Serialize;
use termcolor::{BufferedStandardStream, ColorChoice};

use crate::cli::ColorWhen;
use crate::findings::{Finding, Kind, Site};
use crate::rules::Rules;

/// Colour only on a terminal, and never when `NO_COLOR` is set to anything non-empty.
pub fn color_choice(when: ColorWhen, terminal: bool) -> ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match when {
        _ if no_color => ColorChoice::Never,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Auto if terminal => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

pub fn stdout(when: ColorWhen) -> BufferedStandardStream {
    BufferedStandardStream::stdout(color_choice(when, std::io::stdout().is_terminal()))
}

/// One finding as JSON (`report --format json`, `check --format json`). Stable: fields are
/// only ever added.
#[derive(Debug, Serialize)]
pub struct FindingRecord<'a> {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    pub old: &'a str,
    pub new: &'a str,
    pub group: &'a str,
    pub phase: Option<&'a str>,
    pub kind: Kind,
    pub site: Site,
    pub via_alias: bool,
    pub history: bool,
    pub rewritable: bool,
}

impl<'a> FindingRecord<'a> {
    pub fn new(f: &Finding, rules: &'a Rules) -> FindingRecord<'a> {
        let t = &rules.tables[f.table];
        FindingRecord {
            path: display_path(&f.path),
            line: f.line,
            column: f.column,
            start: f.span.start,
            end: f.span.end,
            old: &t.old,
            new: &t.new,
            group: &rules.groups[t.group].prefix,
            phase: t.phase.map(|p| rules.phases[p].id.as_str()),
            kind: f.kind,
            site: f.site,
            via_alias: f.via_alias,
            history: f.history,
            rewritable: f.rewritable(),
        }
    }
}

/// A path as printed: `/`-separated on every platform, lossy for non-UTF-8 names.
pub fn display_path(p: &std::path::Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

mod diff;
mod github;
mod human;
mod json;
mod sarif;

pub use diff::print_diff;

/// How much a finding matters to the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A rewritable reference: fails the gate.
    Error,
    /// A mention: reported, fails the gate only with `--strict`.
    Warning,
}

/// A finding with the source line it sits on, ready to print.
pub struct Located<'a> {
    pub finding: &'a Finding,
    pub severity: Severity,
    /// The whole line, without its terminator; on a very long line (minified code) only the
    /// part around the finding, marked `…` where it is cut.
    pub line_text: &'a str,
    /// 1-based column of the finding in the whole line, counted in characters.
    pub column: usize,
    /// 1-based column of the finding in `line_text`, counted in characters.
    pub shown_column: usize,
}

impl Located<'_> {
    /// 1-based column counted in characters, for formats that count that way.
    pub fn char_column(&self) -> usize {
        self.column
    }

    /// Table names are ASCII identifiers, so a finding's bytes are its characters.
    pub fn char_len(&self) -> usize {
        self.finding.span.len()
    }
}

/// Totals a gate prints at the end.
#[derive(Debug, Default, Clone, Serialize)]
pub struct GateSummary {
    pub errors: usize,
    pub warnings: usize,
    pub suppressed: usize,
    pub baselined: usize,
    pub stale_baseline: usize,
    pub files_searched: usize,
    pub problems: usize,
}

/// One printer for every output format of a gate (`check`, `lint`): findings stream in,
/// `finish` closes the document.
pub trait FindingPrinter {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()>;
    fn finish(&mut self, summary: &GateSummary, rules: &Rules) -> std::io::Result<()>;
}

/// The output formats of a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GateFormat {
    /// `path:line:col: severity: old -> new (kind)` and the source line
    Human,
    /// One JSON document
    Json,
    /// GitHub Actions workflow annotations
    Github,
    /// SARIF 2.1.0, for code scanning
    Sarif,
}

/// The printer for `format`, writing to `out`.
pub fn gate_printer<'w, W: termcolor::WriteColor + 'w>(
    format: GateFormat,
    out: W,
    tool: &'static str,
) -> Box<dyn FindingPrinter + 'w> {
    match format {
        GateFormat::Human => Box::new(human::Human::new(out)),
        GateFormat::Json => Box::new(json::Json::new(out)),
        GateFormat::Github => Box::new(github::Github::new(out, tool)),
        GateFormat::Sarif => Box::new(sarif::Sarif::new(out, tool)),
    }
}

/// What a finding says, in words, for every format.
pub fn describe(f: &Finding, rules: &Rules) -> String {
    let t = &rules.tables[f.table];
    let phase = t
        .phase
        .map(|p| format!(", phase {}", rules.phases[p].id))
        .unwrap_or_default();
    match f.kind {
        Kind::Mention => format!(
            "`{}` is mentioned; the table becomes `{}`{phase}",
            t.old, t.new
        ),
        kind => format!("`{}` -> `{}` ({kind}{phase})", t.old, t.new),
    }
}
