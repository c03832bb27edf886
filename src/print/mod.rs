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

/// The output of a gate: a reader that goes away early (`refscan check | head`) must not turn
/// the exit status into a clean one, so a closed pipe silently takes the rest of the output
/// and the gate finishes with the status its findings give.
pub struct PipeTolerant<W> {
    inner: W,
    closed: bool,
}

impl<W> PipeTolerant<W> {
    pub fn new(inner: W) -> Self {
        PipeTolerant {
            inner,
            closed: false,
        }
    }

    fn guard<T>(&mut self, r: std::io::Result<T>, or: T) -> std::io::Result<T> {
        match r {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(or)
            }
            r => r,
        }
    }
}

impl<W: std::io::Write> std::io::Write for PipeTolerant<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let r = self.inner.write(buf);
        self.guard(r, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.flush();
        self.guard(r, ())
    }
}

impl<W: termcolor::WriteColor> termcolor::WriteColor for PipeTolerant<W> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &termcolor::ColorSpec) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.set_color(spec);
        self.guard(r, ())
    }

    fn reset(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let r = self.inner.reset();
        self.guard(r, ())
    }
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

/// A path's own bytes where a tool reads them back (a diff header must name the real file): on
/// Unix any bytes, elsewhere the `/`-separated UTF-8 of [`display_path`].
pub fn path_bytes(p: &std::path::Path) -> std::borrow::Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        std::borrow::Cow::Borrowed(std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()))
    }
    #[cfg(not(unix))]
    {
        std::borrow::Cow::Owned(display_path(p).into_bytes())
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

/// `s` with every control character (C0, DEL, C1; a tab too) written as an escape (`\x1b`,
/// `\u{9b}`), so that text from files and file names shown to a person can neither move the
/// cursor, change colours, nor start a new line (where CI would read a workflow command).
pub fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

/// Appends `c`, escaped if it is a control character; returns how many characters it took.
pub fn push_escaped(out: &mut String, c: char) -> usize {
    use std::fmt::Write as _;
    let before = out.len();
    match c {
        c if !c.is_control() => out.push(c),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    out[before..].chars().count()
}

/// A path as shown to a person (human output, notes on stderr): [`display_path`] with control
/// characters escaped ([`escape_controls`]), and `./` before a name that starts with `:`, so
/// that a line starting with it is never a CI workflow command (`::error ...`).
pub fn shown_path(p: &std::path::Path) -> String {
    let s = escape_controls(&display_path(p)).into_owned();
    if s.starts_with(':') {
        format!("./{s}")
    } else {
        s
    }
}

mod diff;
mod github;
mod human;
mod json;
mod list;
mod sarif;

pub use diff::print_diff;
pub use json::Line as JsonLine;
pub use list::{List, ListMode, Quiet};

/// How much a finding matters to the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A rewritable reference: fails the gate.
    Error,
    /// A mention: reported, fails the gate only with `--strict`.
    Warning,
}

/// A gate's finding that is not a reference to an old name: a lint rule's verdict on a file
/// position or on a database object.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule's id without the tool prefix (`unprefixed-table`).
    pub rule: &'static str,
    pub message: String,
    pub place: Place,
    /// Extra facts (`table`, `phase`, ...): fields of the JSON record, SARIF properties.
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// Where a [`Diagnostic`] points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A span of a file; `line` 1-based, `column` the 1-based byte column; line 0 means the
    /// whole file (no position).
    File {
        path: std::sync::Arc<std::path::PathBuf>,
        line: usize,
        column: usize,
        span: std::ops::Range<usize>,
    },
    /// A database object, named `schema.name`; `kind` is `table` or `view`.
    Object { name: String, kind: &'static str },
}

/// What a printed line is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A reference to an old table name (`check`).
    Reference(&'a Finding),
    /// A lint finding.
    Diagnostic(&'a Diagnostic),
}

impl Subject<'_> {
    /// The rule id without the tool prefix: a reference's kind, a diagnostic's rule.
    pub fn rule(&self) -> &'static str {
        match self {
            Subject::Reference(f) => f.kind.as_str(),
            Subject::Diagnostic(d) => d.rule,
        }
    }

    /// Line, byte column and byte length in a file; `None` for a database object.
    fn position(&self) -> Option<(usize, usize, usize)> {
        match self {
            Subject::Reference(f) => Some((f.line, f.column, f.span.len())),
            Subject::Diagnostic(d) => match &d.place {
                Place::File {
                    line, column, span, ..
                } => Some((*line, *column, span.len())),
                Place::Object { .. } => None,
            },
        }
    }
}

/// A finding with the source line it sits on, ready to print.
pub struct Located<'a> {
    pub subject: Subject<'a>,
    pub severity: Severity,
    /// The whole line, without its terminator (empty for a database object); on a very long
    /// line (minified code) only the part around the finding, marked `…` where it is cut.
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
        self.subject.position().map_or(0, |(_, _, len)| len)
    }
}

/// Totals a gate prints at the end.
#[derive(Debug, Default, Clone, Serialize)]
pub struct GateSummary {
    pub errors: usize,
    pub warnings: usize,
    /// Warnings (mentions) counted but not listed: `check` lists them with `--mentions`.
    pub unlisted_mentions: usize,
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
    /// One JSON object per line as findings come (`{"type":"finding",...}`), then a summary
    /// line (`{"type":"summary",...}`)
    Jsonl,
    /// GitHub Actions workflow annotations
    Github,
    /// SARIF 2.1.0, for code scanning
    Sarif,
}

/// A rule a gate reports under, as SARIF lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDesc {
    /// Without the tool prefix.
    pub id: String,
    pub name: String,
    pub short: String,
    pub help: String,
    pub level: Severity,
}

/// The rule of `check` for a file it passed over although it names old tables.
pub const SKIPPED_FILE: &str = "skipped-file";

/// The rules of `check`: one per kind of reference, and [`SKIPPED_FILE`].
pub fn reference_rules() -> Vec<RuleDesc> {
    let skipped = RuleDesc {
        id: SKIPPED_FILE.to_string(),
        name: "old-table-name-in-skipped-file".to_string(),
        short: "File naming old tables not scanned".to_string(),
        help: "A file that names a table the plan renames was passed over (too large, UTF-16, binary, not UTF-8), so its references were never classified: convert it, raise --max-filesize, or leave it out with a glob or an ignore file.".to_string(),
        level: Severity::Error,
    };
    Kind::ALL
        .iter()
        .map(|&k| RuleDesc {
            id: k.as_str().to_string(),
            name: format!("old-table-name-{k}"),
            short: format!("Old table name ({k})"),
            help: sarif::rule_help(k).to_string(),
            level: if k == Kind::Mention {
                Severity::Warning
            } else {
                Severity::Error
            },
        })
        .chain(std::iter::once(skipped))
        .collect()
}

/// The printer for `format`, writing to `out`, for the references of `check`.
pub fn gate_printer<'w, W: termcolor::WriteColor + 'w>(
    format: GateFormat,
    out: W,
    tool: &'static str,
) -> Box<dyn FindingPrinter + 'w> {
    gate_printer_with(format, out, tool, reference_rules())
}

/// The printer for `format` for a gate with its own rules; rule ids print as `tool/id`.
pub fn gate_printer_with<'w, W: termcolor::WriteColor + 'w>(
    format: GateFormat,
    out: W,
    tool: &'static str,
    rules: Vec<RuleDesc>,
) -> Box<dyn FindingPrinter + 'w> {
    match format {
        GateFormat::Human => Box::new(human::Human::new(out)),
        GateFormat::Json => Box::new(json::Json::new(out, tool)),
        GateFormat::Jsonl => Box::new(json::JsonLines::new(out, tool)),
        GateFormat::Github => Box::new(github::Github::new(out, tool)),
        GateFormat::Sarif => Box::new(sarif::Sarif::new(out, tool, rules)),
    }
}

/// The JSON record of a diagnostic: its rule (`tool/id`), message, place and fields.
pub fn diagnostic_record(d: &Diagnostic, tool: &str) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("rule".into(), format!("{tool}/{}", d.rule).into());
    m.insert("message".into(), d.message.clone().into());
    match &d.place {
        Place::File {
            path,
            line,
            column,
            span,
        } => {
            m.insert("path".into(), display_path(path).into());
            if *line > 0 {
                m.insert("line".into(), (*line).into());
                m.insert("column".into(), (*column).into());
                m.insert("start".into(), span.start.into());
                m.insert("end".into(), span.end.into());
            }
        }
        Place::Object { name, kind } => {
            m.insert("object".into(), name.clone().into());
            m.insert("object_kind".into(), (*kind).into());
        }
    }
    for (k, v) in &d.fields {
        m.insert(k.clone(), v.clone());
    }
    serde_json::Value::Object(m)
}

/// What a subject says, in words, for every format.
pub fn describe_subject(s: &Subject<'_>, rules: &Rules) -> String {
    match s {
        Subject::Reference(f) => describe(f, rules),
        Subject::Diagnostic(d) => d.message.clone(),
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
