//! Turns findings into byte edits of the table-name tokens, and writes files atomically after
//! making sure they still hold what was scanned.

use std::borrow::Cow;
use std::fs;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;

use crate::findings::{Finding, Kind, Site};
use crate::rules::Rules;
use crate::scan::{digest, FileScan};

/// How an embed without alias is renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum EmbedStyle {
    /// `t(...)` becomes `t:new(...)`: the response key stays `t`, so `row.t` keeps working.
    #[default]
    Alias,
    /// `t(...)` becomes `new(...)`: the response key changes; property reads must follow.
    Rename,
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub text: String,
}

/// What rewriting one file amounts to.
#[derive(Debug)]
pub struct FileEdit<'a> {
    pub file: &'a FileScan,
    pub original: Cow<'a, [u8]>,
    pub edited: Vec<u8>,
    /// The byte edits that turn `original` into `edited`, sorted and non-overlapping: the diff
    /// is rendered from them.
    pub edits: Vec<Edit>,
    /// The findings an edit was made for (constraint hints come on top of these).
    pub changed: Vec<&'a Finding>,
    /// What each of `edits` was made for, in the same order.
    pub origins: Vec<Origin>,
    /// With `--embed-style rename`: mentions of a table whose unaliased embed was renamed in
    /// this file, likely reads of the response key that now changed (indices into the file's
    /// findings, so that they outlive the edit).
    pub maybe_broken: Vec<usize>,
}

impl FileEdit<'_> {
    /// What the edit comes to once the file's bytes are gone: the kinds of the references
    /// changed, the hints renamed, and which findings are maybe-broken reads.
    pub fn summary(&self, diff: Option<Vec<u8>>) -> Rewritten {
        Rewritten {
            kinds: self.changed.iter().map(|f| f.kind).collect(),
            hints: self.file.hints.len(),
            maybe_broken: self.maybe_broken.clone(),
            diff,
        }
    }
}

/// What an edit of a [`FileEdit`] was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The finding at this index of `changed`.
    Finding(usize),
    /// The constraint at this index of the rules' constraints.
    Hint(usize),
    /// The exact inverse of an edit refscan recorded.
    Recorded,
}

/// One file rewritten (or, in a dry run, that would be), as the summary counts it.
#[derive(Debug)]
pub struct Rewritten {
    pub kinds: Vec<Kind>,
    pub hints: usize,
    /// Indices into the file's findings.
    pub maybe_broken: Vec<usize>,
    /// The unified diff, in a dry run.
    pub diff: Option<Vec<u8>>,
}

/// Why a file could not be rewritten; the others proceed.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("changed since it was scanned; run refscan again")]
    Changed,
    #[error("is a symbolic link; rewrite the file it points to")]
    Symlink,
    #[error("is read-only; make it writable (chmod u+w) to have it rewritten")]
    ReadOnly,
    #[error("has {0} hard links: replacing it would split them, leaving the other names with the old text; rewrite it by hand, or make it a file of its own (`cp -p FILE FILE.new && mv FILE.new FILE`) and run again")]
    HardLinked(u64),
    #[error("cannot create a temporary file in folder {}: {source}; the folder must be writable, since each file is replaced through a temporary file beside it", dir.display())]
    Folder {
        dir: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Whether refscan rewrites this finding at all (it may still decide the edit is a no-op);
/// code blocks of the docs only with `docs`.
pub fn is_rewritten(f: &Finding, docs: bool) -> bool {
    (f.rewritable() || (docs && f.kind == Kind::Docs && !f.history)) && !f.suppressed
}

/// Whether a file has anything to rewrite.
fn has_edits(file: &FileScan, docs: bool) -> bool {
    file.history.is_none()
        && (file.findings.iter().any(|f| is_rewritten(f, docs)) || !file.hints.is_empty())
}

/// Plans the edits of one scanned file, reading it again and checking it is unchanged.
pub fn plan_file<'a>(
    file: &'a FileScan,
    rules: &Rules,
    style: EmbedStyle,
    docs: bool,
    exact: Option<&[Edit]>,
) -> Result<Option<FileEdit<'a>>, FileError> {
    if !has_edits(file, docs) {
        return Ok(None);
    }
    let original = fs::read(file.path.as_path())?;
    if original.len() as u64 != file.len || digest(&original) != file.digest {
        return Err(FileError::Changed);
    }
    Ok(plan(file, Cow::Owned(original), rules, style, docs, exact))
}

/// Plans the edits of one file from the very bytes the scanner classified (a dry run, which
/// writes nothing, needs no second read).
pub fn plan_bytes<'a>(
    file: &'a FileScan,
    bytes: &'a [u8],
    rules: &Rules,
    style: EmbedStyle,
    docs: bool,
) -> Option<FileEdit<'a>> {
    if !has_edits(file, docs) {
        return None;
    }
    plan(file, Cow::Borrowed(bytes), rules, style, docs, None)
}

/// `exact`: the edits to make instead of those the findings call for (the exact inverse of
/// what refscan recorded writing); the findings inside them are the ones changed.
fn plan<'a>(
    file: &'a FileScan,
    original: Cow<'a, [u8]>,
    rules: &Rules,
    style: EmbedStyle,
    docs: bool,
    exact: Option<&[Edit]>,
) -> Option<FileEdit<'a>> {
    let mut planned: Vec<(Edit, Origin)> = Vec::new();
    let mut changed = Vec::new();
    if let Some(exact) = exact {
        planned.extend(exact.iter().map(|e| (e.clone(), Origin::Recorded)));
        let spans: Vec<Range<usize>> = exact.iter().map(|e| e.span.clone()).collect();
        changed.extend(
            file.findings
                .iter()
                .filter(|f| is_rewritten(f, docs) && crate::edit_record::within(&spans, &f.span)),
        );
    } else {
        for f in file.findings.iter().filter(|f| is_rewritten(f, docs)) {
            if let Some(edit) = edit_for(f, &original, rules, style) {
                planned.push((edit, Origin::Finding(changed.len())));
                changed.push(f);
            }
        }
        // Constraint hints never overlap a table-name token: they are other words.
        for h in &file.hints {
            if let Some((_, new)) = rules.constraints.get(h.constraint) {
                planned.push((
                    Edit {
                        span: h.span.clone(),
                        text: new.clone(),
                    },
                    Origin::Hint(h.constraint),
                ));
            }
        }
    }
    planned.sort_by_key(|(e, _)| e.span.start);
    if planned.is_empty() {
        return None;
    }
    let (edits, origins): (Vec<Edit>, Vec<Origin>) = planned.into_iter().unzip();
    let maybe_broken = if style == EmbedStyle::Rename {
        let embedded: Vec<usize> = changed
            .iter()
            .filter(|f| f.site == Site::Embed)
            .map(|f| f.table)
            .collect();
        (0..file.findings.len())
            .filter(|&i| {
                let f = &file.findings[i];
                f.kind == Kind::Mention && embedded.contains(&f.table)
            })
            .collect()
    } else {
        Vec::new()
    };
    let edited = apply(&original, &edits);
    Some(FileEdit {
        file,
        original,
        edited,
        edits,
        changed,
        origins,
        maybe_broken,
    })
}

/// A filter path or `referencedTable` value naming a table its query embeds without alias:
/// the alias rewrite (`t(...)` -> `t:new(...)`) keeps the name valid, so it is rewritable
/// (it moves with its embed) yet left as it is.
pub fn kept_by_alias(f: &Finding, style: EmbedStyle) -> bool {
    style == EmbedStyle::Alias
        && f.via_alias
        && matches!(f.site, Site::FilterPath | Site::ReferencedTable)
}

/// How the rewritable references of a scan split, so that `report`, `rewrite` and `check`
/// give the same figures: the edits a rewrite makes, the names the embed's alias keeps valid
/// ([`kept_by_alias`]), and those a `refscan-ignore` comment keeps.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rewritable {
    pub total: usize,
    pub kept_by_alias: usize,
    pub suppressed: usize,
}

impl Rewritable {
    /// Counts `f` if it is rewritable.
    pub fn add(&mut self, f: &Finding, style: EmbedStyle) {
        if !f.rewritable() {
            return;
        }
        self.total += 1;
        if f.suppressed {
            self.suppressed += 1;
        } else if kept_by_alias(f, style) {
            self.kept_by_alias += 1;
        }
    }

    /// The references a rewrite edits.
    pub fn edits(&self) -> usize {
        self.total - self.kept_by_alias - self.suppressed
    }

    /// `141 rewritable: 129 edits, 12 filter paths kept valid by the embed alias`, when not
    /// every rewritable reference is an edit.
    pub fn explain(&self) -> Option<String> {
        if self.kept_by_alias + self.suppressed == 0 {
            return None;
        }
        let many =
            |n: usize, one: &str, more: &str| format!("{n} {}", if n == 1 { one } else { more });
        let mut parts = vec![many(self.edits(), "edit", "edits")];
        if self.kept_by_alias > 0 {
            parts.push(format!(
                "{} kept valid by the embed alias",
                many(self.kept_by_alias, "filter path", "filter paths")
            ));
        }
        if self.suppressed > 0 {
            parts.push(format!("{} suppressed (refscan-ignore)", self.suppressed));
        }
        Some(format!("{} rewritable: {}", self.total, parts.join(", ")))
    }
}

/// The edit for one finding, or `None` when the rewrite keeps it as it is.
pub fn edit_for(f: &Finding, bytes: &[u8], rules: &Rules, style: EmbedStyle) -> Option<Edit> {
    if kept_by_alias(f, style) {
        return None;
    }
    let old_text = std::str::from_utf8(&bytes[f.span.clone()]).ok()?;
    let new = match_case(old_text, &rules.tables[f.table].new);
    match (f.site, style) {
        (Site::Embed, EmbedStyle::Alias) => Some(Edit {
            span: f.span.clone(),
            text: format!("{old_text}:{new}"),
        }),
        (Site::AliasedEmbed, _) => {
            // An alias equal to the new name is redundant: `t:new(...)` becomes `new(...)`,
            // which also makes the reverse rewrite give back the original bytes.
            match alias_before(bytes, f.span.start) {
                Some(alias) if bytes[alias.clone()] == *new.as_bytes() => Some(Edit {
                    span: alias.start..f.span.end,
                    text: new,
                }),
                _ => Some(Edit {
                    span: f.span.clone(),
                    text: new,
                }),
            }
        }
        (Site::PrismaModel, _) => {
            let src = std::str::from_utf8(bytes).ok()?;
            let (at, indent) = crate::lang::prisma::map_insertion(src, &f.span)?;
            Some(Edit {
                span: at..at,
                text: format!("{indent}@@map(\"{new}\")\n"),
            })
        }
        (Site::PrismaMap, _) => {
            let src = std::str::from_utf8(bytes).ok()?;
            let span = crate::lang::prisma::redundant_map_line(src, &f.span, &new)
                .unwrap_or_else(|| f.span.clone());
            let text = if span == f.span { new } else { String::new() };
            Some(Edit { span, text })
        }
        _ => Some(Edit {
            span: f.span.clone(),
            text: new,
        }),
    }
}

/// The span of the alias in `alias : rel`, where `rel_start` is where `rel` starts.
fn alias_before(bytes: &[u8], rel_start: usize) -> Option<Range<usize>> {
    let is_space = |b: u8| b.is_ascii_whitespace();
    let mut i = rel_start;
    while i > 0 && is_space(bytes[i - 1]) {
        i -= 1;
    }
    if i == 0 || bytes[i - 1] != b':' || (i >= 2 && bytes[i - 2] == b':') {
        return None;
    }
    i -= 1;
    while i > 0 && is_space(bytes[i - 1]) {
        i -= 1;
    }
    let end = i;
    while i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        i -= 1;
    }
    (i < end).then_some(i..end)
}

/// Writes `new` in the case style of `old`: lower, UPPER, Capitalised or Each_Word_Capitalised
/// (unquoted SQL identifiers fold case, so the style is the author's, and keeping it lets the
/// reverse rewrite restore the original).
pub fn match_case(old: &str, new: &str) -> String {
    let has_upper = old.bytes().any(|b| b.is_ascii_uppercase());
    if !has_upper {
        return new.to_string();
    }
    if !old.bytes().any(|b| b.is_ascii_lowercase()) {
        return new.to_ascii_uppercase();
    }
    let capitalise = |s: &str| {
        let mut c = s.chars();
        match c.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
            None => String::new(),
        }
    };
    let each_word = old.split('_').all(|w| {
        let mut b = w.bytes();
        b.next().is_none_or(|f| !f.is_ascii_lowercase()) && b.all(|c| !c.is_ascii_uppercase())
    });
    if each_word && old.contains('_') {
        return new.split('_').map(capitalise).collect::<Vec<_>>().join("_");
    }
    let first_only =
        old.as_bytes()[0].is_ascii_uppercase() && !old[1..].bytes().any(|b| b.is_ascii_uppercase());
    if first_only {
        return capitalise(new);
    }
    new.to_string()
}

/// Applies non-overlapping edits sorted by position.
pub fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + edits.len() * 16);
    let mut at = 0;
    for e in edits {
        debug_assert!(e.span.start >= at, "edits overlap or are out of order");
        out.extend_from_slice(&bytes[at..e.span.start]);
        out.extend_from_slice(e.text.as_bytes());
        at = e.span.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// Temporary files of `--write` are `.refscan-PID-XXXXXX.tmp`, beside the file they replace.
const TEMP_PREFIX: &str = ".refscan-";
const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is a temporary file of a rewrite, and of which process: `Some(Some(pid))`,
/// or `Some(None)` for the names of earlier versions, which carry no process id.
pub fn temp_owner(name: &std::ffi::OsStr) -> Option<Option<u32>> {
    let rest = name
        .to_str()?
        .strip_prefix(TEMP_PREFIX)?
        .strip_suffix(TEMP_SUFFIX)?;
    Some(rest.split_once('-').and_then(|(pid, _)| pid.parse().ok()))
}

/// Whether a process with this id runs (a process of another user counts).
pub fn process_is_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        match rustix::process::test_kill_process(pid) {
            Ok(()) => true,
            Err(e) => e != rustix::io::Errno::SRCH,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Makes Ctrl-C, `kill` (SIGTERM) and a closed terminal (SIGHUP) stop a `--write` run between
/// two files instead of killing it mid-file, where it would leave a temporary file behind.
pub fn install_interrupt_handler() {
    crate::interrupt::install();
}

pub fn interrupted() -> bool {
    crate::interrupt::interrupted()
}

/// Replaces the file with `edited` atomically: a temporary file in the same folder, with the
/// original's permissions, renamed over it, after checking once more that the file still
/// holds `original`.
pub fn write_atomic(path: &Path, original: &[u8], edited: &[u8]) -> Result<(), FileError> {
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(FileError::Symlink);
    }
    // Renaming over a file needs no write permission on it, so a read-only file would be
    // replaced anyway; its mode says it is not to be edited.
    if meta.permissions().readonly() {
        return Err(FileError::ReadOnly);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(FileError::HardLinked(meta.nlink()));
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| FileError::Folder {
            dir: dir.to_path_buf(),
            // tempfile's message ends with the random temporary path, which means nothing here.
            source: {
                let text = e.to_string();
                let cause = text.split(" at path ").next().unwrap_or_default();
                std::io::Error::new(e.kind(), cause.to_string())
            },
        })?;
    tmp.write_all(edited)?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Keeps the owner when run as root; an unprivileged user owns what it writes anyway.
        // Before the mode: a change of owner clears the setuid and setgid bits.
        let _ = std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
    }
    fs::set_permissions(tmp.path(), meta.permissions())?;
    if fs::read(path)? != original {
        return Err(FileError::Changed);
    }
    tmp.persist(path).map_err(|e| FileError::Io(e.error))?;
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        // Makes the rename itself durable; a failure here loses nothing already written.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_styles_round_trip() {
        assert_eq!(match_case("experts", "expert_profiles"), "expert_profiles");
        assert_eq!(match_case("EXPERTS", "expert_profiles"), "EXPERT_PROFILES");
        assert_eq!(match_case("Experts", "expert_profiles"), "Expert_profiles");
        assert_eq!(match_case("Expert_profiles", "experts"), "Experts");
        assert_eq!(
            match_case("Sources_Google", "google_sources"),
            "Google_Sources"
        );
        assert_eq!(
            match_case("Google_Sources", "sources_google"),
            "Sources_Google"
        );
        assert_eq!(match_case("ExPerts", "expert_profiles"), "expert_profiles");
    }

    #[test]
    fn alias_is_found_across_whitespace() {
        let s = b"id, e :\n  experts(name), x::experts";
        let rel = 10;
        assert_eq!(&s[rel..rel + 7], b"experts");
        assert_eq!(alias_before(s, rel), Some(4..5));
        assert_eq!(&s[28..], b"experts");
        assert_eq!(alias_before(s, 28), None);
        assert_eq!(alias_before(b"experts", 0), None);
    }

    #[test]
    fn temporary_files_name_their_process() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sql");
        fs::write(&path, "x").unwrap();
        let tmp = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
            .suffix(TEMP_SUFFIX)
            .tempfile_in(dir.path())
            .unwrap();
        let name = tmp.path().file_name().unwrap();
        assert_eq!(temp_owner(name), Some(Some(std::process::id())));
        assert!(process_is_alive(std::process::id()));
        assert_eq!(
            temp_owner(std::ffi::OsStr::new(".refscan-a1B2c3.tmp")),
            Some(None)
        );
        assert_eq!(temp_owner(std::ffi::OsStr::new("refscan-1-x.tmp")), None);
    }

    #[test]
    fn edits_apply_in_place() {
        let edits = [
            Edit {
                span: 0..1,
                text: "xyz".into(),
            },
            Edit {
                span: 2..3,
                text: String::new(),
            },
        ];
        assert_eq!(apply(b"abcd", &edits), b"xyzbd");
    }
}
