//! Unified diffs of rewritten files, coloured on a terminal.

use std::ops::Range;

use similar::{group_diff_ops, DiffOp};
use termcolor::{Color, ColorSpec, WriteColor};

use crate::print::path_bytes;
use crate::rewrite::{Edit, FileEdit};

/// Writes the `--- a/path` / `+++ b/path` diff of one file with three lines of context.
///
/// The edit script is already known (the byte edits), so no diff algorithm runs: the changed
/// lines are the ones the edits touch, and `similar` groups them into hunks. This keeps a dry
/// run proportional to the edits, not to the size of the files, and prints each line's bytes
/// exactly as they are.
pub fn print_diff(out: &mut impl WriteColor, edit: &FileEdit<'_>) -> std::io::Result<()> {
    let old = Lines::new(&edit.original);
    let new = Lines::new(&edit.edited);
    let ops = line_ops(&old, &new, &edit.edits);
    let path = header_path(&edit.file.path);
    let mut header = ColorSpec::new();
    header.set_bold(true);
    let mut hunk = ColorSpec::new();
    hunk.set_fg(Some(Color::Cyan));
    let mut del = ColorSpec::new();
    del.set_fg(Some(Color::Red));
    let mut ins = ColorSpec::new();
    ins.set_fg(Some(Color::Green));

    let (a, b) = (git_quote(b"a/", &path), git_quote(b"b/", &path));
    out.set_color(&header)?;
    out.write_all(b"diff --git ")?;
    out.write_all(&a)?;
    out.write_all(b" ")?;
    out.write_all(&b)?;
    writeln!(out)?;
    for (side, name) in [(&b"--- "[..], &a), (b"+++ ", &b)] {
        out.write_all(side)?;
        out.write_all(name)?;
        // As git does: a name with a space ends with a tab, so that no tool reads the rest of
        // the line as a timestamp.
        if name.contains(&b' ') {
            out.write_all(b"\t")?;
        }
        writeln!(out)?;
    }
    out.reset()?;
    for group in group_diff_ops(ops, 3) {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        out.set_color(&hunk)?;
        writeln!(
            out,
            "@@ -{} +{} @@",
            hunk_range(old_range.start, old_range.len()),
            hunk_range(new_range.start, new_range.len())
        )?;
        out.reset()?;
        for op in &group {
            let (_, old_lines, new_lines) = op.as_tag_tuple();
            match op {
                DiffOp::Equal { .. } => old.print(out, old_lines, ' ', None)?,
                DiffOp::Delete { .. } => old.print(out, old_lines, '-', Some(&del))?,
                DiffOp::Insert { .. } => new.print(out, new_lines, '+', Some(&ins))?,
                DiffOp::Replace { .. } => {
                    old.print(out, old_lines, '-', Some(&del))?;
                    new.print(out, new_lines, '+', Some(&ins))?;
                }
            }
        }
    }
    Ok(())
}

/// The name of a file in a diff header, as `git diff` writes it: relative to the root of the
/// repository holding the current folder (so that `git apply` works from any folder of it),
/// else relative to the current folder, without `./`.
fn header_path(path: &std::path::Path) -> Vec<u8> {
    let abs = crate::project::canonical(path);
    let cwd = crate::project::canonical(std::path::Path::new("."));
    let base = crate::project::repo_root(&cwd)
        .filter(|root| abs.starts_with(root))
        .unwrap_or(cwd);
    path_bytes(&crate::project::relative_to(&abs, &base)).into_owned()
}

/// `prefix` + `path` quoted as git quotes a path (`core.quotePath` on, its default): within
/// double quotes, with C escapes for `"`, `\\` and `\a\b\t\n\v\f\r`, and three octal digits
/// for other control bytes and every byte from 0x7f up; unquoted when nothing needs it.
pub fn git_quote(prefix: &[u8], path: &[u8]) -> Vec<u8> {
    let special = |b: u8| b < 0x20 || b == b'"' || b == b'\\' || b >= 0x7f;
    if !path.iter().any(|&b| special(b)) {
        return [prefix, path].concat();
    }
    let mut out = Vec::with_capacity(path.len() + prefix.len() + 8);
    out.push(b'"');
    for &b in prefix.iter().chain(path) {
        let escaped: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x07 => b"\\a",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0b => b"\\v",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            b if special(b) => {
                out.extend_from_slice(format!("\\{b:03o}").as_bytes());
                continue;
            }
            b => {
                out.push(b);
                continue;
            }
        };
        out.extend_from_slice(escaped);
    }
    out.push(b'"');
    out
}

/// A text cut into lines (each with its `\n`, the last one possibly without).
struct Lines<'a> {
    text: &'a [u8],
    /// Where each line starts, then where the text ends.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a [u8]) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 2);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        if starts.last() != Some(&text.len()) {
            starts.push(text.len());
        }
        Lines { text, starts }
    }

    fn count(&self) -> usize {
        self.starts.len() - 1
    }

    /// The line holding byte `at` (the last line for the end of the text).
    fn line_of(&self, at: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        line.min(self.count().saturating_sub(1))
    }

    /// The line starting exactly at byte `at`, or `count()` for the end of the text.
    fn starting_at(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s < at)
    }

    fn bytes(&self, lines: Range<usize>) -> &'a [u8] {
        &self.text[self.starts[lines.start]..self.starts[lines.end]]
    }

    fn print(
        &self,
        out: &mut impl WriteColor,
        lines: Range<usize>,
        sign: char,
        spec: Option<&ColorSpec>,
    ) -> std::io::Result<()> {
        for i in lines {
            let line = self.bytes(i..i + 1);
            let body = line.strip_suffix(b"\n").unwrap_or(line);
            if let Some(spec) = spec {
                out.set_color(spec)?;
            }
            write!(out, "{sign}")?;
            out.write_all(body)?;
            if spec.is_some() {
                out.reset()?;
            }
            writeln!(out)?;
            if body.len() == line.len() {
                writeln!(out, "\\ No newline at end of file")?;
            }
        }
        Ok(())
    }
}

/// The line-level edit script of sorted, non-overlapping byte edits: each run of adjacent
/// lines that edits touch is replaced by what those lines became; every other line is equal.
fn line_ops(old: &Lines<'_>, new: &Lines<'_>, edits: &[Edit]) -> Vec<DiffOp> {
    if old.count() == 0 {
        return match new.count() {
            0 => Vec::new(),
            new_len => vec![DiffOp::Insert {
                old_index: 0,
                new_index: 0,
                new_len,
            }],
        };
    }
    // The new text of an edit runs on into the byte after it, so that byte's line is touched
    // too (it matters only when an edit ends right after a line break).
    let touched = |e: &Edit| (old.line_of(e.span.start), old.line_of(e.span.end));
    let mut ops = Vec::new();
    // Old and new positions (lines) after the last op, and how far new bytes are shifted.
    let (mut old_at, mut new_at, mut shift) = (0usize, 0usize, 0isize);
    let mut i = 0;
    while i < edits.len() {
        let (first, mut last) = touched(&edits[i]);
        let mut cluster_shift = 0isize;
        while i < edits.len() {
            let e = &edits[i];
            let (from, to) = touched(e);
            if from > last + 1 {
                break;
            }
            last = last.max(to);
            cluster_shift += e.text.len() as isize - e.span.len() as isize;
            i += 1;
        }
        let (byte_start, byte_end) = (old.starts[first], old.starts[last + 1]);
        let new_start = new.starting_at(byte_start.saturating_add_signed(shift));
        let new_end = new.starting_at(byte_end.saturating_add_signed(shift + cluster_shift));
        shift += cluster_shift;
        if old.bytes(first..last + 1) == new.bytes(new_start..new_end) {
            continue;
        }
        if first > old_at {
            ops.push(DiffOp::Equal {
                old_index: old_at,
                new_index: new_at,
                len: first - old_at,
            });
        }
        ops.push(DiffOp::Replace {
            old_index: first,
            old_len: last + 1 - first,
            new_index: new_start,
            new_len: new_end - new_start,
        });
        (old_at, new_at) = (last + 1, new_end);
    }
    if old_at < old.count() {
        ops.push(DiffOp::Equal {
            old_index: old_at,
            new_index: new_at,
            len: old.count() - old_at,
        });
    }
    ops
}

/// `start,len` in unified-diff notation (1-based; an empty range names the line before).
fn hunk_range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{}", start + 1, len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rewrite::apply;

    #[test]
    fn paths_are_quoted_as_git_quotes_them() {
        assert_eq!(git_quote(b"a/", b"x y.sql"), b"a/x y.sql");
        assert_eq!(git_quote(b"a/", b"caf\xe9.sql"), b"\"a/caf\\351.sql\"");
        assert_eq!(
            git_quote(b"b/", b"t\tn\nq\"b\\e\x1b"),
            b"\"b/t\\tn\\nq\\\"b\\\\e\\033\""
        );
    }

    #[test]
    fn hunk_ranges_follow_diff_conventions() {
        assert_eq!(hunk_range(0, 1), "1");
        assert_eq!(hunk_range(4, 3), "5,3");
        assert_eq!(hunk_range(2, 0), "2,0");
    }

    fn edit(span: Range<usize>, text: &str) -> Edit {
        Edit {
            span,
            text: text.into(),
        }
    }

    /// Rebuilds the new text from the old one and the ops, as `patch` would.
    fn replay(old: &Lines<'_>, new: &Lines<'_>, ops: &[DiffOp]) -> Vec<u8> {
        let mut out = Vec::new();
        for op in ops {
            let (_, o, n) = op.as_tag_tuple();
            match op {
                DiffOp::Equal { .. } => {
                    assert_eq!(old.bytes(o.clone()), new.bytes(n), "equal lines differ");
                    out.extend_from_slice(old.bytes(o));
                }
                _ => out.extend_from_slice(new.bytes(n)),
            }
        }
        out
    }

    fn ops_for(text: &str, edits: &[Edit]) -> (Vec<DiffOp>, Vec<u8>, Vec<u8>) {
        let edited = apply(text.as_bytes(), edits);
        let (old, new) = (Lines::new(text.as_bytes()), Lines::new(&edited));
        let ops = line_ops(&old, &new, edits);
        let replayed = replay(&old, &new, &ops);
        (ops, replayed, edited)
    }

    #[test]
    fn adjacent_changed_lines_form_one_replacement() {
        let text = "a\nfrom t\nfrom t\nb\n";
        let (ops, replayed, edited) = ops_for(text, &[edit(7..8, "u"), edit(14..15, "u")]);
        assert_eq!(replayed, edited);
        assert_eq!(
            ops,
            [
                DiffOp::Equal {
                    old_index: 0,
                    new_index: 0,
                    len: 1
                },
                DiffOp::Replace {
                    old_index: 1,
                    old_len: 2,
                    new_index: 1,
                    new_len: 2
                },
                DiffOp::Equal {
                    old_index: 3,
                    new_index: 3,
                    len: 1
                },
            ]
        );
    }

    #[test]
    fn an_edit_across_a_line_break_joins_lines() {
        // `e :\n  t(x)` with the alias dropped: two old lines become one.
        let text = "id,\ne :\n  t(x)\nz\n";
        let (ops, replayed, edited) = ops_for(text, &[edit(4..11, "e(x")]);
        assert_eq!(edited, b"id,\ne(x(x)\nz\n");
        assert_eq!(replayed, edited);
        assert_eq!(
            ops[1],
            DiffOp::Replace {
                old_index: 1,
                old_len: 2,
                new_index: 1,
                new_len: 1
            }
        );
        assert_eq!(
            ops[2],
            DiffOp::Equal {
                old_index: 3,
                new_index: 2,
                len: 1
            }
        );
    }

    #[test]
    fn last_line_without_newline_and_no_op_edits() {
        let text = "x\nfrom t";
        let (ops, replayed, edited) = ops_for(text, &[edit(7..8, "uu")]);
        assert_eq!(replayed, edited);
        assert_eq!(ops.len(), 2);
        let (ops, replayed, _) = ops_for(text, &[edit(7..8, "t")]);
        assert_eq!(replayed, text.as_bytes());
        assert_eq!(ops.len(), 1, "an edit that changes nothing is no change");
    }

    proptest::proptest! {
        #[test]
        fn ops_replay_to_the_edited_text(
            lines in proptest::collection::vec("[a-c ]{0,6}", 1..12),
            trailing_newline: bool,
            cuts in proptest::collection::vec((0usize..200, 0usize..4, "[a-c\n]{0,4}"), 0..6),
        ) {
            let mut text = lines.join("\n");
            if trailing_newline {
                text.push('\n');
            }
            let mut edits: Vec<Edit> = Vec::new();
            let mut at = 0;
            for (gap, len, new) in cuts {
                let start = at + gap % (text.len() + 1);
                let end = (start + len).min(text.len());
                if start > text.len() {
                    break;
                }
                edits.push(edit(start..end, &new));
                at = end + 1;
                if at > text.len() {
                    break;
                }
            }
            let (_, replayed, edited) = ops_for(&text, &edits);
            proptest::prop_assert_eq!(replayed, edited);
        }
    }
}
