//! Unified diffs of rewritten files, coloured on a terminal.

use similar::{ChangeTag, TextDiff};
use termcolor::{Color, ColorSpec, WriteColor};

use crate::print::display_path;
use crate::rewrite::FileEdit;

/// Writes the `--- a/path` / `+++ b/path` diff of one file with three lines of context.
pub fn print_diff(out: &mut impl WriteColor, edit: &FileEdit<'_>) -> std::io::Result<()> {
    // Both sides were decoded as UTF-8 by the scanner and edits replace whole tokens.
    let old = String::from_utf8_lossy(&edit.original);
    let new = String::from_utf8_lossy(&edit.edited);
    let path = display_path(&edit.file.path);
    let diff = TextDiff::from_lines(old.as_ref(), new.as_ref());
    let mut header = ColorSpec::new();
    header.set_bold(true);
    let mut hunk = ColorSpec::new();
    hunk.set_fg(Some(Color::Cyan));
    let mut del = ColorSpec::new();
    del.set_fg(Some(Color::Red));
    let mut ins = ColorSpec::new();
    ins.set_fg(Some(Color::Green));

    out.set_color(&header)?;
    writeln!(out, "--- a/{path}")?;
    writeln!(out, "+++ b/{path}")?;
    out.reset()?;
    for group in diff.grouped_ops(3) {
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
            for change in diff.iter_changes(op) {
                let (sign, spec) = match change.tag() {
                    ChangeTag::Delete => ('-', Some(&del)),
                    ChangeTag::Insert => ('+', Some(&ins)),
                    ChangeTag::Equal => (' ', None),
                };
                if let Some(spec) = spec {
                    out.set_color(spec)?;
                }
                let line = change.value();
                let body = line.strip_suffix('\n').unwrap_or(line);
                write!(out, "{sign}{body}")?;
                if spec.is_some() {
                    out.reset()?;
                }
                writeln!(out)?;
                if change.missing_newline() {
                    writeln!(out, "\\ No newline at end of file")?;
                }
            }
        }
    }
    Ok(())
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

    #[test]
    fn hunk_ranges_follow_diff_conventions() {
        assert_eq!(hunk_range(0, 1), "1");
        assert_eq!(hunk_range(4, 3), "5,3");
        assert_eq!(hunk_range(2, 0), "2,0");
    }
}
