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
