//! Shared output plumbing: colour choice, stdout handling, and the JSON record of a finding
//! that every machine-readable format uses.

use std::io::IsTerminal;

use serde::Serialize;
use termcolor::{BufferedStandardStream, ColorChoice};

use crate::cli::ColorWhen;
use crate::findings::{Finding, Kind, Site};
use crate::rules::Rules;

/// Whether to colour, as ripgrep and the `anstream` crates decide: `--color always` and
/// `never` are final; with `auto`, a non-empty `NO_COLOR` turns colour off, else a
/// `CLICOLOR_FORCE` other than empty or `0` turns it on even off a terminal, else
/// `CLICOLOR=0` turns it off, else a terminal gets colour (unless `TERM=dumb`).
pub fn color_choice(when: ColorWhen, terminal: bool) -> ColorChoice {
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if anstyle_query::no_color() => ColorChoice::Never,
        ColorWhen::Auto if clicolor_force() => ColorChoice::Always,
        ColorWhen::Auto if anstyle_query::clicolor() == Some(false) => ColorChoice::Never,
        // termcolor's `Auto` still leaves colour out for `TERM=dumb`.
        ColorWhen::Auto if terminal => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// `CLICOLOR_FORCE` set to something other than `0` (the convention of bixense.com/clicolors).
fn clicolor_force() -> bool {
    anstyle_query::clicolor_force() && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0")
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
mod repo;
mod sarif;

pub use diff::print_diff;
pub use json::Line as JsonLine;
pub use list::{List, ListMode, Quiet};
pub use repo::RepoPaths;
pub use sarif::notifications as sarif_notifications;

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
    /// A span of a file; `line` 1-based, `column` the 1-based byte column (printed as the
    /// character column of the span, as every format counts it); line 0 means the
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
#[derive(Debug, Default, Clone, Serialize, serde::Deserialize)]
pub struct GateSummary {
    pub errors: usize,
    pub warnings: usize,
    /// Warnings (mentions) counted but not listed: `check` lists them with `--mentions`.
    pub unlisted_mentions: usize,
    /// Findings of kind `table-string` and `dynamic-from` among the errors and warnings.
    pub table_strings: usize,
    pub dynamic_from: usize,
    /// Findings of kind `unresolved-embed` among the warnings.
    #[serde(default)]
    pub unresolved_embeds: usize,
    /// Findings of kind `schema-unknown` among the errors and warnings.
    #[serde(default)]
    pub schema_unknown: usize,
    /// Warnings for code blocks in the documentation.
    pub docs: usize,
    /// Rewritable references among the errors and warnings, and of those the filter paths
    /// and `referencedTable` values that `rewrite` leaves as they are because the alias it
    /// gives their query's embed keeps them valid (they pass once the embed is rewritten).
    #[serde(default)]
    pub rewritable: usize,
    #[serde(default)]
    pub kept_by_alias: usize,
    /// Hidden files left out of the scan (no `--hidden`) that name old tables, and how many
    /// times (not classified, never a finding).
    #[serde(default)]
    pub hidden_files: usize,
    #[serde(default)]
    pub hidden_references: usize,
    pub suppressed: usize,
    pub baselined: usize,
    pub stale_baseline: usize,
    pub files_searched: usize,
    pub problems: usize,
}

impl GateSummary {
    /// What the warnings are, for the summary line: `mentions`, or the table strings and
    /// computed `.from(...)` arguments counted first.
    pub fn warning_kinds(&self) -> String {
        let mut parts = Vec::new();
        if self.table_strings > 0 {
            parts.push(format!(
                "{} table string{}",
                self.table_strings,
                if self.table_strings == 1 { "" } else { "s" }
            ));
        }
        if self.dynamic_from > 0 {
            parts.push(format!("{} dynamic from", self.dynamic_from));
        }
        if self.unresolved_embeds > 0 {
            parts.push(format!(
                "{} unresolved embed{}",
                self.unresolved_embeds,
                if self.unresolved_embeds == 1 { "" } else { "s" }
            ));
        }
        if self.schema_unknown > 0 {
            parts.push(format!("{} of unknown schema", self.schema_unknown));
        }
        if self.docs > 0 {
            parts.push(format!("{} in docs code blocks", self.docs));
        }
        parts.push("mentions".to_string());
        parts.join(", ")
    }

    /// What the summary has to say besides the counts, one sentence each.
    pub fn notes(&self) -> Vec<String> {
        let split = crate::rewrite::Rewritable {
            total: self.rewritable,
            kept_by_alias: self.kept_by_alias,
            suppressed: 0,
        };
        let hidden = crate::scan::HiddenCount {
            files: self.hidden_files,
            references: self.hidden_references,
        };
        split.explain().into_iter().chain(hidden.note()).collect()
    }
}

/// What the CI formats need besides the findings.
#[derive(Debug, Clone)]
pub struct GateContext {
    /// The command (`check`, `lint`): the step summary's heading, SARIF's automation id.
    pub command: &'static str,
    /// How the findings were chosen (`--phase 5b`), `None` for all of them: SARIF's automation
    /// id, so that code scanning keeps one analysis per selection.
    pub selection: Option<String>,
    /// `--format github`: annotations of each severity at most.
    pub max_annotations: usize,
    /// `$GITHUB_STEP_SUMMARY`: the file the Markdown summary is appended to.
    pub step_summary: Option<std::path::PathBuf>,
    /// Paths as CI reads them.
    pub paths: RepoPaths,
    /// A shard's output carries what `refscan merge` checks (JSON and SARIF).
    pub shard: Option<crate::shard::Meta>,
}

impl GateContext {
    /// Defaults, and what the environment says (the repository root, `GITHUB_WORKSPACE`,
    /// `GITHUB_STEP_SUMMARY`).
    pub fn new(command: &'static str) -> GateContext {
        GateContext {
            command,
            selection: None,
            max_annotations: 10,
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(std::path::PathBuf::from),
            paths: RepoPaths::detect(),
            shard: None,
        }
    }

    /// SARIF's `automationDetails.id`: `refscan/check/phase-5b/` (a category, as GitHub reads
    /// an id ending in `/`).
    pub fn automation_id(&self, tool: &str) -> String {
        let mut id = format!("{tool}/{}/", self.command);
        if let Some(sel) = &self.selection {
            let words: Vec<String> = sel
                .split_whitespace()
                .map(|w| w.trim_start_matches('-').to_string())
                .collect();
            let mut parts = Vec::new();
            for pair in words.chunks(2) {
                parts.push(pair.join("-"));
            }
            id.push_str(&parts.join("+"));
            id.push('/');
        }
        id
    }
}

/// One printer for every output format of a gate (`check`, `lint`): findings stream in,
/// `finish` closes the document.
pub trait FindingPrinter {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()>;
    /// A finding counted but not listed (a mention without `--mentions`): a summary that
    /// breaks counts down sees it here.
    fn unlisted(&mut self, _item: &Located<'_>, _rules: &Rules) {}
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

impl RuleDesc {
    pub fn new(id: &str, name: &str, short: &str, help: &str, level: Severity) -> RuleDesc {
        RuleDesc {
            id: id.to_string(),
            name: name.to_string(),
            short: short.to_string(),
            help: help.to_string(),
            level,
        }
    }
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
            level: if k.for_review() {
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
    ctx: GateContext,
) -> Box<dyn FindingPrinter + 'w> {
    gate_printer_with(format, out, tool, reference_rules(), ctx)
}

/// The printer for `format` for a gate with its own rules; rule ids print as `tool/id`.
pub fn gate_printer_with<'w, W: termcolor::WriteColor + 'w>(
    format: GateFormat,
    out: W,
    tool: &'static str,
    rules: Vec<RuleDesc>,
    ctx: GateContext,
) -> Box<dyn FindingPrinter + 'w> {
    match format {
        GateFormat::Human => Box::new(human::Human::new(out)),
        GateFormat::Json => Box::new(json::Json::new(out, tool, ctx.shard)),
        GateFormat::Jsonl => Box::new(json::JsonLines::new(out, tool)),
        GateFormat::Github => Box::new(github::Github::new(out, tool, ctx)),
        GateFormat::Sarif => Box::new(sarif::Sarif::new(out, tool, rules, ctx)),
    }
}

/// The JSON record of a diagnostic: its rule (`tool/id`), message, place (with `column`, the
/// character column, as every format counts it) and fields.
pub fn diagnostic_record(d: &Diagnostic, tool: &str, column: usize) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("rule".into(), format!("{tool}/{}", d.rule).into());
    m.insert("message".into(), d.message.clone().into());
    match &d.place {
        Place::File {
            path, line, span, ..
        } => {
            m.insert("path".into(), display_path(path).into());
            if *line > 0 {
                m.insert("line".into(), (*line).into());
                m.insert("column".into(), column.into());
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
        Kind::TableString => format!(
            "`{}` is a string naming the table (table-string); the table becomes `{}`{phase}, rewrite it with --kind table-string if it names the table",
            t.old, t.new
        ),
        Kind::DynamicFrom => format!(
            "`{}` is in a .from() argument computed at run time (dynamic-from); the table becomes `{}`{phase}, follow the value to where it is set",
            t.old, t.new
        ),
        Kind::UnresolvedEmbed => format!(
            "`{}` is embedded in a select string no query of this file reads whole (unresolved-embed); the table becomes `{}`{phase}, find the query that selects it",
            t.old, t.new
        ),
        Kind::SchemaUnknown => format!(
            "`{}` may be a table of another schema (schema-unknown); the rules' table becomes `{}`{phase}, qualify the name or rewrite it with --kind schema-unknown if it is the rules' table",
            t.old, t.new
        ),
        kind => format!("`{}` -> `{}` ({kind}{phase})", t.old, t.new),
    }
}
