//! `refscan check`: the CI gate. Fails (exit 1) while rewritable references to old names remain
//! in the selection; mentions are warnings unless `--strict`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::baseline::{Baseline, Key};
use crate::error::{exit, UserError};
use crate::findings::Kind;
use crate::messages::note;
use crate::messages::ProblemKind;
use crate::print::{
    Diagnostic, FindingPrinter, GateSummary, Located, Place, Severity, Subject, SKIPPED_FILE,
};
use crate::rules::{Rules, TableStrings};
use crate::scan::{count_chars, line_range, Scan};

pub struct GateOptions<'a> {
    pub strict: bool,
    /// List mentions (warnings); otherwise they are only counted.
    pub mentions: bool,
    pub baseline: Option<&'a Path>,
    pub write_baseline: Option<&'a Path>,
    /// Only this shard's files were scanned: baseline entries of other files are not stale.
    pub shard: Option<crate::shard::Shard>,
}

/// Prints the findings that count, applies suppression and the baseline, and returns the
/// exit status.
pub fn gate(
    scan: &Scan,
    rules: &Rules,
    opts: &GateOptions<'_>,
    printer: &mut dyn FindingPrinter,
) -> anyhow::Result<u8> {
    let baseline = opts.baseline.map(Baseline::load).transpose()?;
    let mut matcher = baseline.as_ref().map(|b| b.matcher());
    let mut summary = GateSummary {
        files_searched: scan.files_searched,
        problems: scan.problems.len(),
        hidden_files: scan.hidden.files,
        hidden_references: scan.hidden.references,
        ..GateSummary::default()
    };
    let mut keys = Vec::new();
    for file in &scan.files {
        if file.history.is_some() {
            continue;
        }
        let bytes = match std::fs::read(file.path.as_path()) {
            Ok(b) => b,
            Err(e) => {
                return Err(UserError::new(format!(
                    "{}: cannot read again: {e}",
                    file.path.display()
                ))
                .into())
            }
        };
        let mut lines = LineCursor::new(&bytes);
        let key_path = baseline.is_some() || opts.write_baseline.is_some();
        let key_path = if key_path {
            crate::baseline::key_path(&file.path)
        } else {
            String::new()
        };
        for f in &file.findings {
            // A stale code block in the docs breaks nothing that runs: a warning, listed.
            let severity = match f.kind {
                Kind::Mention | Kind::DynamicFrom | Kind::UnresolvedEmbed | Kind::Docs => {
                    Severity::Warning
                }
                Kind::SchemaUnknown if !opts.strict => Severity::Warning,
                Kind::TableString if !opts.strict && rules.table_strings != TableStrings::Error => {
                    Severity::Warning
                }
                _ => Severity::Error,
            };
            if f.suppressed {
                summary.suppressed += 1;
                continue;
            }
            let view = lines.at(&f.span);
            let key = Key {
                path: key_path.clone(),
                old: rules.tables[f.table].old.clone(),
                kind: f.kind.as_str().to_string(),
                line: view.text.trim().to_string(),
            };
            if opts.write_baseline.is_some() {
                keys.push(key);
                continue;
            }
            if let Some(m) = matcher.as_mut() {
                if m.accept(&key) {
                    summary.baselined += 1;
                    continue;
                }
            }
            match severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
            if f.rewritable() {
                summary.rewritable += 1;
                if crate::rewrite::kept_by_alias(f, crate::rewrite::EmbedStyle::Alias) {
                    summary.kept_by_alias += 1;
                }
            }
            match f.kind {
                Kind::TableString => summary.table_strings += 1,
                Kind::DynamicFrom => summary.dynamic_from += 1,
                Kind::UnresolvedEmbed => summary.unresolved_embeds += 1,
                Kind::SchemaUnknown => summary.schema_unknown += 1,
                Kind::Docs => summary.docs += 1,
                _ => {}
            }
            let item = Located {
                subject: Subject::Reference(f),
                severity,
                line_text: &view.text,
                column: view.column,
                shown_column: view.shown_column,
            };
            // Table strings and computed `.from(...)` arguments are few and each needs a
            // look, so they are always listed; prose mentions only on request.
            if severity == Severity::Warning && f.kind == Kind::Mention && !opts.mentions {
                summary.unlisted_mentions += 1;
                printer.unlisted(&item, rules);
                continue;
            }
            printer.finding(&item, rules)?;
        }
    }
    // A file passed over although it names an old table was never classified: it could hold
    // any reference, so the gate fails on it as on one.
    for p in scan
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Unscanned)
    {
        if opts.write_baseline.is_some() {
            continue;
        }
        summary.errors += 1;
        let d = Diagnostic {
            rule: SKIPPED_FILE,
            message: format!(
                "{}; the gate cannot pass while it is not scanned (or leave it out with --glob '!PATTERN' or an ignore file)",
                p.message
            ),
            place: Place::File {
                path: std::sync::Arc::new(p.path.clone()),
                line: 0,
                column: 0,
                span: 0..0,
            },
            fields: serde_json::Map::new(),
        };
        printer.finding(
            &Located {
                subject: Subject::Diagnostic(&d),
                severity: Severity::Error,
                line_text: "",
                column: 0,
                shown_column: 0,
            },
            rules,
        )?;
    }
    if let Some(path) = opts.write_baseline {
        let n = keys.len();
        Baseline::from_keys(keys).save(path)?;
        note(&format!(
            "wrote baseline {} accepting {n} finding{}",
            path.display(),
            if n == 1 { "" } else { "s" }
        ));
        printer.finish(&summary, rules)?;
        return Ok(exit::CLEAN);
    }
    if let (Some(m), Some(path)) = (&matcher, opts.baseline) {
        let mut stale = m.stale();
        if let Some(s) = opts.shard {
            stale.retain(|(k, _)| s.owns_key(&k.path));
        }
        summary.stale_baseline = stale.iter().map(|(_, n)| n).sum();
        for (k, n) in stale {
            note(&format!(
                "{}: stale baseline entry ({n}x): {} {} `{}` no longer found; remove it or rewrite the baseline",
                path.display(),
                k.path,
                k.old,
                k.line
            ));
        }
    }
    printer.finish(&summary, rules)?;
    note_summary(&summary);
    Ok(status(&summary, scan.has_errors(), opts.strict))
}

/// The gate's exit status: 2 when the scan is incomplete, 1 while findings remain.
pub fn status(summary: &GateSummary, incomplete: bool, strict: bool) -> u8 {
    if incomplete {
        exit::ERROR
    } else if summary.errors > 0 || (strict && summary.warnings > 0) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// The gate's last line on stderr.
pub fn note_summary(summary: &GateSummary) {
    note(&format!(
        "check: {} error{}, {} warning{} ({}{}){}{}; {} file{} searched",
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        summary.warnings,
        if summary.warnings == 1 { "" } else { "s" },
        summary.warning_kinds(),
        if summary.unlisted_mentions > 0 {
            "; --mentions lists them"
        } else {
            ""
        },
        if summary.suppressed > 0 {
            format!(", {} suppressed", summary.suppressed)
        } else {
            String::new()
        },
        if summary.baselined > 0 {
            format!(", {} accepted by the baseline", summary.baselined)
        } else {
            String::new()
        },
        summary.files_searched,
        if summary.files_searched == 1 { "" } else { "s" },
    ));
    for line in summary.notes() {
        note(&format!("check: {line}"));
    }
}

/// Lines longer than this (minified code) are shown as an excerpt around each finding.
const LONG_LINE: usize = 1024;
/// Bytes of context on each side of a finding in such an excerpt.
const EXCERPT_CONTEXT: usize = 120;

/// The source line of a finding, as the formats show it.
pub(crate) struct LineView {
    /// The line, or on a long line the part around the finding with `…` where it is cut.
    pub text: String,
    /// 1-based character column of the finding in the whole line.
    pub column: usize,
    /// 1-based character column of the finding in `text`.
    pub shown_column: usize,
}

/// Walks the lines of one file's findings in byte order, counting characters as it goes: a
/// file that is one long line is measured once, not once per finding (which made `check`
/// on a minified file run for hours).
pub(crate) struct LineCursor<'b> {
    bytes: &'b [u8],
    line: Option<std::ops::Range<usize>>,
    /// Where counting stopped in the current line, and the characters before it.
    counted: usize,
    chars: usize,
}

impl<'b> LineCursor<'b> {
    pub(crate) fn new(bytes: &'b [u8]) -> Self {
        LineCursor {
            bytes,
            line: None,
            counted: 0,
            chars: 0,
        }
    }

    pub(crate) fn at(&mut self, span: &std::ops::Range<usize>) -> LineView {
        let b = self.bytes;
        let start = span.start.min(b.len());
        let line = match &self.line {
            Some(l) if l.start <= start && start <= l.end && self.counted <= start => l.clone(),
            _ => {
                let mut l = line_range(b, start);
                // A BOM is no part of the first line's text, nor a column.
                if l.start == 0 && b.starts_with(b"\xEF\xBB\xBF") && start >= 3 {
                    l.start = 3;
                }
                self.line = Some(l.clone());
                self.counted = l.start;
                self.chars = 0;
                l
            }
        };
        self.chars += count_chars(&b[self.counted..start]);
        self.counted = start;
        let column = self.chars + 1;
        if line.len() <= LONG_LINE {
            return LineView {
                text: String::from_utf8_lossy(&b[line]).into_owned(),
                column,
                shown_column: column,
            };
        }
        let is_inner = |i: usize| i < b.len() && (b[i] & 0xC0) == 0x80;
        let mut from = start.saturating_sub(EXCERPT_CONTEXT).max(line.start);
        while from > line.start && is_inner(from) {
            from -= 1;
        }
        let mut to = (span.end.min(line.end) + EXCERPT_CONTEXT).min(line.end);
        while to < line.end && is_inner(to) {
            to += 1;
        }
        let cut_before = from > line.start;
        let text = format!(
            "{}{}{}",
            if cut_before { "…" } else { "" },
            String::from_utf8_lossy(&b[from..to]),
            if to < line.end { "…" } else { "" }
        );
        LineView {
            text,
            column,
            shown_column: 1 + usize::from(cut_before) + count_chars(&b[from..start]),
        }
    }
}

/// Files changed since `rev` (committed, staged, unstaged, and new untracked files) in the
/// repository of each root (the current folder when none is given), under those roots, as
/// paths relative to the current folder (`../x` for a file outside it).
pub fn changed_since(rev: &str, roots: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let roots: Vec<PathBuf> = if roots.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        roots.to_vec()
    };
    let cwd = crate::project::canonical(Path::new("."));
    let mut files: Vec<PathBuf> = Vec::new();
    let mut done: Vec<PathBuf> = Vec::new();
    for root in &roots {
        let canon = crate::project::canonical(root);
        let dir = if canon.is_dir() {
            canon.clone()
        } else {
            canon.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        // The repository is asked where its work tree starts, so that names from `git diff`
        // (relative to it) are read from there, whatever the current folder.
        let top = git_in(&dir, rev, &["rev-parse", "--show-toplevel"])?;
        let top = PathBuf::from(
            String::from_utf8_lossy(&top)
                .trim_end_matches('\n')
                .to_string(),
        );
        if !done.contains(&top) {
            done.push(top.clone());
            // The revision is checked as a commit, and handed over after --end-of-options, so
            // that a value starting with `-` is never read as an option of git.
            let spec = format!("{rev}^{{commit}}");
            let commit = git_in(
                &top,
                rev,
                &[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    "--end-of-options",
                    &spec,
                ],
            )?;
            let commit = String::from_utf8_lossy(&commit).trim().to_string();
            let mut names = git_in(
                &top,
                rev,
                &[
                    "diff",
                    "--name-only",
                    "--no-relative",
                    "-z",
                    "--end-of-options",
                    &commit,
                    "--",
                ],
            )?;
            names.extend(git_in(
                &top,
                rev,
                &[
                    "ls-files",
                    "-z",
                    "--others",
                    "--exclude-standard",
                    "--full-name",
                    "--",
                    ":/",
                ],
            )?);
            for name in names.split(|&b| b == 0).filter(|s| !s.is_empty()) {
                let path = top.join(bytes_path(name));
                if path.is_file() && roots_contain(&roots, &path) {
                    files.push(crate::project::relative_to(&path, &cwd));
                }
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Runs git in `dir` for `--changed-since REV`, with its output or an error naming it.
fn git_in(dir: &Path, rev: &str, args: &[&str]) -> anyhow::Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| {
            UserError::new(format!("cannot run git for --changed-since: {e}"))
                .hint("install git, or drop --changed-since to check every file")
        })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
        let why = if why.is_empty() {
            "not a commit git knows".to_string()
        } else {
            why
        };
        return Err(UserError::new(format!(
            "--changed-since {rev}: git {} in {} failed: {why}",
            args.join(" "),
            dir.display()
        ))
        .hint("scan paths inside a git work tree, and name a revision git knows (a branch, tag or commit)")
        .into());
    }
    Ok(out.stdout)
}

/// A path git printed, as bytes.
fn bytes_path(name: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(name))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(name).into_owned())
    }
}

/// Whether `path` (absolute) lies under one of `roots` (as given).
fn roots_contain(roots: &[PathBuf], path: &Path) -> bool {
    let path = crate::project::canonical(path);
    roots
        .iter()
        .any(|r| path.starts_with(crate::project::canonical(r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole_with_character_columns() {
        let text = "ab\r\né x experts\nexperts".as_bytes();
        let mut lines = LineCursor::new(text);
        let first = lines.at(&(9..16));
        assert_eq!(first.text, "é x experts");
        assert_eq!((first.column, first.shown_column), (5, 5));
        let next = lines.at(&(17..24));
        assert_eq!(next.text, "experts");
        assert_eq!((next.column, next.shown_column), (1, 1));
    }

    #[test]
    fn long_lines_are_cut_around_each_finding() {
        let line = format!(
            "{}experts{}experts{}",
            "é".repeat(600),
            "x".repeat(500),
            "y".repeat(10)
        );
        let first = 1200;
        let second = first + 7 + 500;
        let mut lines = LineCursor::new(line.as_bytes());
        let a = lines.at(&(first..first + 7));
        assert_eq!(a.column, 601);
        assert!(
            a.text.starts_with('…') && a.text.ends_with('…'),
            "{}",
            a.text
        );
        let shown: String = a.text.chars().skip(a.shown_column - 1).take(7).collect();
        assert_eq!(shown, "experts");
        let b = lines.at(&(second..second + 7));
        assert_eq!(b.column, 601 + 7 + 500);
        assert!(
            b.text.starts_with('…') && b.text.ends_with("yyyyyyyyyy"),
            "{}",
            b.text
        );
        let shown: String = b.text.chars().skip(b.shown_column - 1).take(7).collect();
        assert_eq!(shown, "experts");
    }
}
