//! The record of what `rewrite --write` wrote, kept in the project's state folder, so that a
//! reverse run reverts only refscan's own edits and gives back every byte, and so that a new
//! name already in the code can be told apart from refscan's earlier work.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::rewrite::Edit;

/// Name of the record in the state folder.
pub const FILE_NAME: &str = "edits.jsonl";
const VERSION: u32 = 1;

/// One file written by one run: the edits in the coordinates of the bytes written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub v: u32,
    /// Relative to the repository root (absolute outside a repository), `/`-separated.
    pub path: String,
    /// Digests (xxh3, hex) of the file before and after the write.
    pub before: String,
    pub after: String,
    /// Whether the run was `--reverse`: its edits give names back, they own nothing.
    pub reverse: bool,
    pub edits: Vec<Written>,
}

/// A line of the record: an entry, appended before its file is replaced, and the mark that
/// the file was replaced, appended after.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Line {
    Entry(Entry),
    Done(Done),
}

#[derive(Debug, Serialize, Deserialize)]
struct Done {
    v: u32,
    /// The entry's path and digest after.
    done: String,
    after: String,
}

/// One edit as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// Byte offset in the file after the write.
    pub at: usize,
    /// The bytes written there, and the bytes they replaced.
    pub text: String,
    pub was: String,
    /// The rename it belongs to, in the rules' own direction (old -> new).
    pub old: String,
    pub new: String,
}

/// An edit of refscan's that the file still holds, in the file's current coordinates when
/// the file is as refscan left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owned {
    pub span: Range<usize>,
    /// The span holds: no write by anyone else came between refscan's writes since this
    /// edit (else only its text and rename are known).
    pub known: bool,
    pub text: String,
    pub was: String,
    pub old: String,
    pub new: String,
}

/// What the record says of one file: the edits it still owns, and the digest of the bytes
/// refscan last wrote (positions hold only while the file has that digest).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRecord {
    pub owned: Vec<Owned>,
    pub last: Option<u64>,
}

/// The record of one project, read once per run.
#[derive(Debug, Default)]
pub struct Record {
    /// Where it lives.
    pub file: PathBuf,
    /// The folder its paths are relative to ([`crate::project::scope`]).
    pub scope: PathBuf,
    pub files: BTreeMap<String, FileRecord>,
    /// Whether any run has written (a record exists at all).
    pub exists: bool,
}

impl Record {
    /// Reads the record of the project around `start`; a missing record is an empty one. A
    /// line that cannot be read is an error naming the file and line: a reverse that ignored
    /// it could revert less than refscan wrote.
    pub fn read(start: &Path) -> anyhow::Result<Record> {
        let file = crate::project::state_dir(start).join(FILE_NAME);
        let mut rec = Record {
            file: file.clone(),
            scope: crate::project::scope(start),
            ..Record::default()
        };
        let f = match std::fs::File::open(&file) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(rec),
            Err(e) => {
                return Err(crate::error::UserError::new(format!(
                    "cannot read the record of refscan's edits {}: {e}",
                    file.display()
                ))
                .into())
            }
        };
        rec.exists = true;
        let mut text = String::new();
        std::io::Read::read_to_string(&mut { f }, &mut text).map_err(|e| {
            crate::error::UserError::new(format!(
                "cannot read the record of refscan's edits {}: {e}",
                file.display()
            ))
        })?;
        let mut entries: BTreeMap<String, Vec<(Entry, bool)>> = BTreeMap::new();
        let complete = text.ends_with('\n');
        let lines: Vec<&str> = text.split('\n').collect();
        for (n, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let last = n + 1 == lines.len();
            match serde_json::from_str::<Line>(line) {
                Ok(Line::Entry(entry)) if entry.v == VERSION => {
                    entries
                        .entry(entry.path.clone())
                        .or_default()
                        .push((entry, false));
                }
                Ok(Line::Done(done)) if done.v == VERSION => {
                    if let Some(e) = entries
                        .get_mut(&done.done)
                        .and_then(|list| list.iter_mut().rev().find(|(e, _)| e.after == done.after))
                    {
                        e.1 = true;
                    }
                }
                Ok(Line::Entry(Entry { v, .. }) | Line::Done(Done { v, .. })) => {
                    return Err(crate::error::UserError::new(format!(
                        "{}:{}: edit record version {v} (this refscan reads version {VERSION})",
                        file.display(),
                        n + 1,
                    ))
                    .hint("use the refscan that wrote it")
                    .into());
                }
                // A run killed while appending leaves a partial last line; the write it
                // announced had not begun.
                Err(_) if last && !complete => {}
                Err(e) => {
                    return Err(crate::error::UserError::new(format!(
                        "{}:{}: not an entry of refscan's edit record: {e}",
                        file.display(),
                        n + 1
                    ))
                    .hint("the record is written by `refscan rewrite --write`; remove the broken line and run again")
                    .into());
                }
            }
        }
        // An entry is appended before its file is replaced and confirmed after: one never
        // confirmed (the run was killed in between) holds only if the file has its bytes.
        let scope = rec.scope.clone();
        let entries: BTreeMap<String, Vec<Entry>> = entries
            .into_iter()
            .map(|(path, list)| {
                let n = list.len();
                let kept = list
                    .into_iter()
                    .enumerate()
                    .filter(|(i, (e, done))| {
                        *done
                            || (*i + 1 == n
                                && std::fs::read(scope.join(&path))
                                    .is_ok_and(|b| hex(crate::scan::digest(&b)) == e.after))
                    })
                    .map(|(_, (e, _))| e)
                    .collect();
                (path, kept)
            })
            .collect();
        rec.files = entries
            .into_iter()
            .map(|(path, list)| (path, fold(&list)))
            .collect();
        Ok(rec)
    }
}

/// The records of the projects a run covers (one per repository, or per folder outside
/// one), each file going to the innermost project holding it.
#[derive(Debug, Default)]
pub struct Records {
    pub list: Vec<Record>,
}

impl Records {
    pub fn read(starts: &[PathBuf]) -> anyhow::Result<Records> {
        let here = [PathBuf::from(".")];
        let starts = if starts.is_empty() { &here[..] } else { starts };
        let mut list: Vec<Record> = Vec::new();
        for s in starts {
            let scope = crate::project::scope(s);
            if !list.iter().any(|r| r.scope == scope) {
                list.push(Record::read(s)?);
            }
        }
        // Innermost first, so that the first holding a path is the nearest.
        list.sort_by_key(|r| std::cmp::Reverse(r.scope.components().count()));
        Ok(Records { list })
    }

    /// Whether any of the projects has a record at all.
    pub fn exist(&self) -> bool {
        self.list.iter().any(|r| r.exists)
    }

    /// The project holding `path` (an index into `list`) and the path's key in its record.
    pub fn locate(&self, path: &Path) -> Option<(usize, String)> {
        let abs = crate::project::canonical(path);
        self.list.iter().enumerate().find_map(|(i, r)| {
            let rel = abs.strip_prefix(&r.scope).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some((i, parts.join("/")))
        })
    }

    pub fn get(&self, path: &Path) -> Option<&FileRecord> {
        let (i, key) = self.locate(path)?;
        self.list[i].files.get(&key)
    }
}

pub fn hex(digest: u64) -> String {
    format!("{digest:016x}")
}

/// The edits a file's entries still own, in order of writing: each write shifts the spans
/// before it and drops those it overlaps (a reverse run giving the name back, or another
/// rename over the same bytes).
pub fn fold(entries: &[Entry]) -> FileRecord {
    let mut rec = FileRecord::default();
    for e in entries {
        let before = u64::from_str_radix(&e.before, 16).ok();
        if rec.last.is_some() && before != rec.last {
            // Someone else wrote in between: where the earlier edits are now is unknown.
            for o in &mut rec.owned {
                o.known = false;
            }
        }
        // Each edit's range in the bytes before the write (sorted, disjoint), and the growth
        // of all the edits before it: a file with many edits written again stays linear.
        let mut delta: isize = 0;
        let mut before_ranges = Vec::with_capacity(e.edits.len());
        let mut grown_before = Vec::with_capacity(e.edits.len() + 1);
        for w in &e.edits {
            let start = (w.at as isize - delta) as usize;
            before_ranges.push(start..start + w.was.len());
            grown_before.push(delta);
            delta += w.text.len() as isize - w.was.len() as isize;
        }
        grown_before.push(delta);
        // A write over an edit of refscan's replaces it (a reverse gives the name back). One
        // whose place is unknown is taken back by a reverse edit of the same rename.
        let mut unplaced: HashMap<(String, String), usize> = HashMap::new();
        if e.reverse {
            for w in &e.edits {
                *unplaced.entry((w.old.clone(), w.new.clone())).or_default() += 1;
            }
        }
        rec.owned.retain_mut(|o| {
            if !o.known {
                return match unplaced.get_mut(&(o.old.clone(), o.new.clone())) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                };
            }
            // The first edit not wholly before the span; an insertion at the span's very
            // start counts as touching it.
            let k = before_ranges.partition_point(|r| {
                r.end <= o.span.start && !(r.is_empty() && r.start == o.span.start)
            });
            if before_ranges.get(k).is_some_and(|r| r.start < o.span.end) {
                return false;
            }
            let shift = grown_before[k];
            o.span =
                (o.span.start as isize + shift) as usize..(o.span.end as isize + shift) as usize;
            true
        });
        if !e.reverse {
            rec.owned.extend(e.edits.iter().map(|w| Owned {
                span: w.at..w.at + w.text.len(),
                known: true,
                text: w.text.clone(),
                was: w.was.clone(),
                old: w.old.clone(),
                new: w.new.clone(),
            }));
            rec.owned.sort_by_key(|o| o.span.start);
        }
        rec.last = u64::from_str_radix(&e.after, 16).ok();
    }
    rec
}

/// The entry for one file written: `edits` (sorted, in the coordinates of `original`) with
/// the rename each belongs to.
pub fn entry(
    key: String,
    original: &[u8],
    edited: &[u8],
    edits: &[(Edit, String, String)],
    reverse: bool,
) -> Entry {
    let mut delta: isize = 0;
    let written = edits
        .iter()
        .map(|(e, old, new)| {
            let at = (e.span.start as isize + delta) as usize;
            delta += e.text.len() as isize - e.span.len() as isize;
            Written {
                at,
                text: e.text.clone(),
                was: String::from_utf8_lossy(&original[e.span.clone()]).into_owned(),
                old: old.clone(),
                new: new.clone(),
            }
        })
        .collect();
    Entry {
        v: VERSION,
        path: key,
        before: hex(crate::scan::digest(original)),
        after: hex(crate::scan::digest(edited)),
        reverse,
        edits: written,
    }
}

/// Appends entries as files are written, one line each, synced, so that a run stopped
/// half-way (Ctrl-C, a crash) still records what it wrote.
pub struct Appender {
    file: std::fs::File,
    path: PathBuf,
}

impl Appender {
    pub fn open(path: &Path) -> anyhow::Result<Appender> {
        let cannot = |e: std::io::Error| {
            crate::error::UserError::new(format!(
                "cannot open the record of refscan's edits {}: {e}",
                path.display()
            ))
            .hint("`rewrite --write` records what it writes so that `--reverse` reverts exactly that; make the folder writable")
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(cannot)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(path)
            .map_err(cannot)?;
        // After a partial last line (a run killed while appending), start on a line of its own.
        let len = file.metadata().map_err(cannot)?.len();
        if len > 0 {
            use std::io::{Read as _, Seek as _};
            let mut last = [0u8];
            file.seek(std::io::SeekFrom::Start(len - 1))
                .map_err(cannot)?;
            file.read_exact(&mut last).map_err(cannot)?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(cannot)?;
            }
        }
        Ok(Appender {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Announces a write, before the file is replaced.
    pub fn append(&mut self, entry: &Entry) -> anyhow::Result<()> {
        self.line(serde_json::to_string(entry)?)
    }

    /// Confirms the write of `entry`, once the file is replaced.
    pub fn done(&mut self, entry: &Entry) -> anyhow::Result<()> {
        self.line(serde_json::to_string(&Done {
            v: VERSION,
            done: entry.path.clone(),
            after: entry.after.clone(),
        })?)
    }

    fn line(&mut self, mut line: String) -> anyhow::Result<()> {
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| {
                crate::error::UserError::new(format!(
                    "cannot append to the record of refscan's edits {}: {e}",
                    self.path.display()
                ))
                .into()
            })
    }
}

/// Whether `r` lies inside one of `spans` (sorted by start, disjoint), found by binary search
/// so that a file with many findings and many recorded edits stays linear.
pub fn within(spans: &[Range<usize>], r: &Range<usize>) -> bool {
    let k = spans.partition_point(|s| s.start <= r.start);
    k > 0 && spans[k - 1].end >= r.end
}

/// How a reverse run treats one file that names new names.
#[derive(Debug, PartialEq, Eq)]
pub enum Reverse {
    /// The file is as refscan left it: these edits give back exactly the bytes it replaced.
    Exact(Vec<Edit>),
    /// The file changed since, but holds each of refscan's edits of the selected renames as
    /// often as the findings show: the findings at these spans are refscan's.
    Ours(Vec<Range<usize>>),
    /// The file changed since and refscan cannot tell its own edits from others: left as it
    /// is, with the counts (written, found).
    Unsure(usize, usize),
    /// refscan wrote nothing of the selected renames here.
    NotOurs,
}

/// Decides a reverse for one file: `digest` of its current bytes, `found` the spans (and
/// their texts) of the reverse run's findings, `selected` whether a rename (old, new) is
/// selected.
pub fn reverse_of(
    rec: Option<&FileRecord>,
    digest: u64,
    found: &[(Range<usize>, &str)],
    selected: impl Fn(&str, &str) -> bool,
) -> Reverse {
    let Some(rec) = rec else {
        return Reverse::NotOurs;
    };
    let owned: Vec<&Owned> = rec
        .owned
        .iter()
        .filter(|o| selected(&o.old, &o.new))
        .collect();
    if owned.is_empty() {
        return Reverse::NotOurs;
    }
    if rec.last == Some(digest) && owned.iter().all(|o| o.known) {
        return Reverse::Exact(
            owned
                .iter()
                .map(|o| Edit {
                    span: o.span.clone(),
                    text: o.was.clone(),
                })
                .collect(),
        );
    }
    // A finding is one of refscan's edits when its name lies inside a text refscan wrote; the
    // counts must agree per written text, else other code may have taken a place of ours.
    let mut ours = Vec::new();
    let mut by_text: BTreeMap<&str, (usize, Vec<Range<usize>>)> = BTreeMap::new();
    for o in &owned {
        by_text.entry(o.new.as_str()).or_default().0 += 1;
    }
    for (span, text) in found {
        if let Some(e) = by_text
            .iter_mut()
            .find(|(new, _)| new.eq_ignore_ascii_case(text))
        {
            e.1 .1.push(span.clone());
        }
    }
    let (mut written, mut seen) = (0, 0);
    for (_, (n, spans)) in by_text {
        written += n;
        seen += spans.len();
        if n == spans.len() {
            ours.extend(spans);
        }
    }
    if written != seen {
        return Reverse::Unsure(written, seen);
    }
    ours.sort_by_key(|r| r.start);
    Reverse::Ours(ours)
}

/// What a reverse run with a record does, file by file of its scan.
#[derive(Debug, Default)]
pub struct ReversePlan {
    /// Per file of the scan: the exact inverse edits, when the file is as refscan left it.
    pub exact: Vec<Option<Vec<Edit>>>,
    /// References to new names refscan did not write, left as they are.
    pub left: Vec<crate::findings::Finding>,
    /// Files changed since refscan wrote them where it cannot tell its edits apart: (path,
    /// edits written, references found).
    pub unsure: Vec<(std::sync::Arc<PathBuf>, usize, usize)>,
}

/// Restricts a reverse scan (`rules` reversed) to what refscan wrote: the findings of each
/// file that are not its own edits are taken out of the file (and returned in `left`), and a
/// file as refscan left it gets the exact inverse of its edits.
pub fn restrict_reverse(
    scan: &mut crate::scan::Scan,
    records: &Records,
    rules: &crate::rules::Rules,
    selected: &[usize],
    docs: bool,
) -> ReversePlan {
    // The rules are reversed: a table's `new` is the name the forward run replaced.
    let is_selected = |old: &str, new: &str| {
        selected.iter().any(|&i| {
            let t = &rules.tables[i];
            t.new == old && t.old == new
        }) || rules.constraints.iter().any(|(n, o)| o == old && n == new)
    };
    let mut plan = ReversePlan::default();
    for file in &mut scan.files {
        let rewritten = |f: &crate::findings::Finding| crate::rewrite::is_rewritten(f, docs);
        if file.history.is_some() || !file.findings.iter().any(rewritten) {
            plan.exact.push(None);
            continue;
        }
        let found: Vec<(Range<usize>, &str)> = file
            .findings
            .iter()
            .filter(|f| rewritten(f))
            .map(|f| (f.span.clone(), rules.tables[f.table].old.as_str()))
            .collect();
        let decision = reverse_of(records.get(&file.path), file.digest, &found, is_selected);
        let unsure = matches!(decision, Reverse::Unsure(..));
        let (exact, ours): (Option<Vec<Edit>>, Vec<Range<usize>>) = match decision {
            Reverse::Exact(edits) => {
                let spans = edits.iter().map(|e| e.span.clone()).collect();
                (Some(edits), spans)
            }
            Reverse::Ours(spans) => (None, spans),
            Reverse::Unsure(written, seen) => {
                plan.unsure.push((file.path.clone(), written, seen));
                (None, Vec::new())
            }
            Reverse::NotOurs => (None, Vec::new()),
        };
        let (keep, left): (Vec<_>, Vec<_>) = std::mem::take(&mut file.findings)
            .into_iter()
            .partition(|f| !rewritten(f) || within(&ours, &f.span));
        file.findings = keep;
        if !unsure {
            plan.left.extend(left);
        }
        plan.exact.push(exact);
    }
    plan
}
#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Range<usize>, text: &str) -> Edit {
        Edit {
            span,
            text: text.into(),
        }
    }

    fn named(e: Edit) -> (Edit, String, String) {
        (e, "docs".into(), "doc_files".into())
    }

    #[test]
    fn an_entry_records_positions_after_the_write() {
        let original = b"from('docs') and from('docs')";
        let edits = [
            named(edit(6..10, "doc_files")),
            named(edit(22..26, "doc_files")),
        ];
        let edited = crate::rewrite::apply(
            original,
            &edits.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
        );
        let e = entry("a.ts".into(), original, &edited, &edits, false);
        let at: Vec<usize> = e.edits.iter().map(|w| w.at).collect();
        assert_eq!(at, [6, 27]);
        for w in &e.edits {
            assert_eq!(&edited[w.at..w.at + w.text.len()], w.text.as_bytes());
        }
        let rec = fold(&[e]);
        let back = reverse_of(Some(&rec), crate::scan::digest(&edited), &[], |_, _| true);
        let Reverse::Exact(inverse) = back else {
            panic!("{back:?}")
        };
        assert_eq!(crate::rewrite::apply(&edited, &inverse), original);
    }

    #[test]
    fn a_later_write_shifts_earlier_edits_and_a_reverse_drops_them() {
        let v0 = b"a docs b mime c".to_vec();
        let e1 = [named(edit(2..6, "doc_files"))];
        let v1 = crate::rewrite::apply(&v0, &[e1[0].0.clone()]);
        let mut e2 = vec![(
            edit(14..18, "sys_mime"),
            "mime".to_string(),
            "sys_mime".to_string(),
        )];
        let v2 = crate::rewrite::apply(&v1, &[e2[0].0.clone()]);
        let entries = vec![
            entry("f".into(), &v0, &v1, &e1, false),
            entry("f".into(), &v1, &v2, &e2, false),
        ];
        let rec = fold(&entries);
        assert_eq!(rec.owned.len(), 2);
        assert_eq!(&v2[rec.owned[1].span.clone()], b"sys_mime");
        // Reverse only the first rename: the second stays owned, at its place.
        let Reverse::Exact(inv) =
            reverse_of(Some(&rec), crate::scan::digest(&v2), &[], |old, _| {
                old == "docs"
            })
        else {
            panic!()
        };
        let v3 = crate::rewrite::apply(&v2, &inv);
        assert_eq!(v3, b"a docs b sys_mime c");
        e2.clear();
        let rev = [named(inv[0].clone())];
        let mut all = entries.clone();
        all.push(entry("f".into(), &v2, &v3, &rev, true));
        let rec = fold(&all);
        assert_eq!(rec.owned.len(), 1);
        assert_eq!(&v3[rec.owned[0].span.clone()], b"sys_mime");
    }

    #[test]
    fn a_changed_file_is_reverted_only_where_the_counts_agree() {
        let v0 = b"docs".to_vec();
        let e1 = [named(edit(0..4, "doc_files"))];
        let v1 = crate::rewrite::apply(&v0, &[e1[0].0.clone()]);
        let rec = fold(&[entry("f".into(), &v0, &v1, &e1, false)]);
        let one = [(10..19, "doc_files")];
        assert_eq!(
            reverse_of(Some(&rec), 1, &one, |_, _| true),
            Reverse::Ours(std::iter::once(10..19).collect())
        );
        let two = [(10..19, "doc_files"), (30..39, "doc_files")];
        assert_eq!(
            reverse_of(Some(&rec), 1, &two, |_, _| true),
            Reverse::Unsure(1, 2)
        );
        assert_eq!(reverse_of(None, 1, &two, |_, _| true), Reverse::NotOurs);
    }

    /// The entry is appended before the file is replaced and confirmed after; a kill in
    /// between leaves it unconfirmed, and the file itself says whether the write happened.
    #[test]
    fn an_unconfirmed_entry_holds_only_if_the_file_has_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let root = crate::project::canonical(dir.path());
        std::fs::create_dir_all(root.join(".git")).unwrap();
        let (v0, v1) = (b"docs".to_vec(), b"doc_files".to_vec());
        let e = entry(
            "f.ts".into(),
            &v0,
            &v1,
            &[named(edit(0..4, "doc_files"))],
            false,
        );
        let mut app = Appender::open(&crate::project::state_dir(&root).join(FILE_NAME)).unwrap();
        app.append(&e).unwrap();
        for (bytes, owned) in [(&v0, 0), (&v1, 1)] {
            std::fs::write(root.join("f.ts"), bytes).unwrap();
            let rec = Record::read(&root).unwrap();
            let n = rec.files.get("f.ts").map_or(0, |f| f.owned.len());
            assert_eq!(n, owned);
        }
        // Confirmed, it holds whatever the file holds now.
        app.done(&e).unwrap();
        std::fs::write(root.join("f.ts"), b"changed").unwrap();
        assert_eq!(Record::read(&root).unwrap().files["f.ts"].owned.len(), 1);
    }

    #[test]
    fn within_finds_the_span_holding_a_range() {
        let spans = [2..5, 10..20, 20..21];
        assert!(within(&spans, &(2..5)));
        assert!(within(&spans, &(11..19)));
        assert!(within(&spans, &(20..21)));
        assert!(!within(&spans, &(4..6)));
        assert!(!within(&spans, &(0..1)));
        assert!(!within(&spans, &(21..22)));
        assert!(!within(&[], &(0..1)));
    }

    /// Many edits in one file, written twice (two renames): every owned span lands on its
    /// text after the second write, as the sweep over the sorted edits places it.
    #[test]
    fn many_edits_written_twice_keep_their_places() {
        let n = 5000;
        let v0: String = (0..n).map(|_| "docs mime ").collect();
        let first: Vec<_> = (0..n)
            .map(|i| named(edit(i * 10..i * 10 + 4, "doc_files")))
            .collect();
        let v1 = crate::rewrite::apply(
            v0.as_bytes(),
            &first.iter().map(|e| e.0.clone()).collect::<Vec<_>>(),
        );
        let second: Vec<_> = (0..n)
            .map(|i| {
                let at = i * 15 + 10;
                (
                    edit(at..at + 4, "sys_mime"),
                    "mime".to_string(),
                    "sys_mime".to_string(),
                )
            })
            .collect();
        let v2 =
            crate::rewrite::apply(&v1, &second.iter().map(|e| e.0.clone()).collect::<Vec<_>>());
        let rec = fold(&[
            entry("f".into(), v0.as_bytes(), &v1, &first, false),
            entry("f".into(), &v1, &v2, &second, false),
        ]);
        assert_eq!(rec.owned.len(), 2 * n);
        for o in &rec.owned {
            assert_eq!(&v2[o.span.clone()], o.text.as_bytes());
        }
        let Reverse::Exact(inv) =
            reverse_of(Some(&rec), crate::scan::digest(&v2), &[], |_, _| true)
        else {
            panic!()
        };
        assert_eq!(crate::rewrite::apply(&v2, &inv), v0.as_bytes());
    }
}
