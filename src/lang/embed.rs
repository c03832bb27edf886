//! Code held inside another file's text (a shell string or heredoc, a Markdown fence): the text
//! its own classifier sees, and the map from that text back to the file's bytes.

use std::cell::OnceCell;
use std::ops::Range;

use super::{Engine, Lang};
use crate::findings::{Class, Hit};

/// What a stretch of a piece's text is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegKind {
    /// The file's bytes as they stand: a hit here is a hit of the file, edited in place.
    Literal,
    /// Text the file spells differently (an escape, a prefix the classifier needs): fixed,
    /// but not the file's bytes.
    Fixed,
    /// A placeholder for text only known when the script runs (`$var`, `$(cmd)`): a name
    /// touching it may be part of a longer name, so it is never taken as a reference.
    Expansion,
}

#[derive(Debug, Clone)]
struct Seg {
    kind: SegKind,
    /// Where the segment lies in the piece's text.
    text: Range<usize>,
    /// For a literal segment, where it starts in the file.
    file: usize,
}

/// The decoded text of one embedded program and the language to classify it in.
#[derive(Debug, Clone)]
pub struct Piece {
    pub lang: Lang,
    pub text: String,
    segs: Vec<Seg>,
    /// The literal segments in the order of their file bytes, built on the first
    /// [`Piece::locate`]: a heredoc of many lines with `$var`s has many segments and many hits,
    /// and each hit must find its segment without a walk over all of them.
    by_file: OnceCell<Vec<usize>>,
}

impl Piece {
    pub fn new(lang: Lang) -> Piece {
        Piece {
            lang,
            text: String::new(),
            segs: Vec::new(),
            by_file: OnceCell::new(),
        }
    }

    /// The same text, to be classified in `lang`.
    pub fn in_lang(mut self, lang: Lang) -> Piece {
        self.lang = lang;
        self
    }

    fn push(&mut self, kind: SegKind, s: &str, file: usize) {
        if s.is_empty() {
            return;
        }
        self.by_file = OnceCell::new();
        let start = self.text.len();
        self.text.push_str(s);
        if let Some(last) = self.segs.last_mut() {
            let contiguous = last.kind == kind
                && (kind != SegKind::Literal || last.file + last.text.len() == file);
            if contiguous {
                last.text.end = self.text.len();
                return;
            }
        }
        self.segs.push(Seg {
            kind,
            text: start..self.text.len(),
            file,
        });
    }

    /// Appends the file's bytes `range` of `src` as they stand.
    pub fn literal(&mut self, src: &str, range: Range<usize>) {
        let start = range.start;
        self.push(SegKind::Literal, &src[range], start);
    }

    /// Appends text that is not the file's bytes but is known.
    pub fn fixed(&mut self, s: &str) {
        self.push(SegKind::Fixed, s, 0);
    }

    /// Appends a placeholder for text the file computes at run time.
    pub fn expansion(&mut self) {
        self.push(SegKind::Expansion, "x", 0);
    }

    /// Appends another piece's text and segments.
    pub fn append(&mut self, other: &Piece) {
        self.append_from(other, 0);
    }

    /// Appends another piece's text from byte `at` (a character boundary) on.
    pub fn append_from(&mut self, other: &Piece, at: usize) {
        for seg in other.segs.iter().filter(|s| s.text.end > at) {
            let from = seg.text.start.max(at);
            let file = seg.file + (from - seg.text.start);
            self.push(seg.kind, &other.text[from..seg.text.end], file);
        }
    }

    /// The file's bytes the literal segments lie in, first to last.
    fn file_range(&self) -> Option<Range<usize>> {
        let is_lit = |s: &&Seg| s.kind == SegKind::Literal;
        let first = self.segs.iter().find(is_lit)?;
        let last = self.segs.iter().rev().find(is_lit)?;
        Some(first.file..last.file + last.text.len())
    }

    /// The span in the text of the file's bytes `span`, when they lie within one literal
    /// segment and touch no placeholder.
    fn locate(&self, span: &Range<usize>) -> Option<Range<usize>> {
        let by_file = self.by_file.get_or_init(|| {
            let mut v: Vec<usize> = (0..self.segs.len())
                .filter(|&i| self.segs[i].kind == SegKind::Literal)
                .collect();
            // Of the segments holding the same bytes (a piece appended twice), the first is
            // the one a hit belongs to: it sorts last among those starting there.
            v.sort_by_key(|&i| (self.segs[i].file, std::cmp::Reverse(i)));
            v
        });
        // Literal segments hold distinct bytes of the file, so the one holding the span is the
        // last to start at or before it.
        let n = by_file.partition_point(|&i| self.segs[i].file <= span.start);
        let i = by_file[n.checked_sub(1)?];
        let seg = &self.segs[i];
        if span.end > seg.file + seg.text.len() {
            return None;
        }
        let start = seg.text.start + (span.start - seg.file);
        let end = start + span.len();
        let touches = |j: Option<usize>| {
            j.and_then(|j| self.segs.get(j))
                .is_some_and(|s| s.kind == SegKind::Expansion)
        };
        if (start == seg.text.start && touches(i.checked_sub(1)))
            || (end == seg.text.end && touches(Some(i + 1)))
        {
            return None;
        }
        Some(start..end)
    }
}

/// Classifies `hits` of a file whose embedded programs are `pieces`: a hit inside a piece is
/// judged by the piece's language on the piece's text, then passed through `wrap`; any other
/// exact hit (prose, comments, a name touching a run-time expansion) is a mention.
pub fn classify(
    engine: Engine,
    hits: &[Hit],
    pieces: &[Piece],
    wrap: impl Fn(Option<Class>) -> Option<Class>,
) -> Vec<Option<Class>> {
    let mut out = super::text::classify(hits);
    // A script's heredoc can feed `bash`, whose heredoc feeds `bash` again: each level is
    // classified by recursion, so a file nesting them thousands deep would exhaust the stack
    // (and cost its size once per level). Past a depth no real script reaches, the
    // hits stay mentions.
    let Some(_level) = Nesting::enter() else {
        return out;
    };
    let mut taken = vec![false; hits.len()];
    for piece in pieces {
        let Some(range) = piece.file_range() else {
            continue;
        };
        // Hits come sorted by position: only those within the piece's bytes are looked up,
        // so a long document costs its hits once per block they lie in.
        let from = hits.partition_point(|h| h.span.start < range.start);
        let to = hits.partition_point(|h| h.span.start < range.end);
        let mut idx = Vec::new();
        let mut rebased = Vec::new();
        for (i, h) in hits.iter().enumerate().take(to).skip(from) {
            if taken[i] {
                continue;
            }
            if let Some(span) = piece.locate(&h.span) {
                idx.push(i);
                rebased.push(Hit {
                    span,
                    table: h.table,
                    exact: h.exact,
                });
            }
        }
        if idx.is_empty() {
            continue;
        }
        let classes = super::classify_with(engine, piece.lang, &piece.text, &rebased);
        for (&i, class) in idx.iter().zip(classes) {
            out[i] = wrap(class);
            taken[i] = true;
        }
    }
    out
}

/// How deep code embedded in embedded code may be classified.
pub(crate) const MAX_NESTING: usize = 16;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of embedded classification on this thread, left on drop (also on unwind).
struct Nesting;

impl Nesting {
    fn enter() -> Option<Nesting> {
        DEPTH.with(|d| {
            (d.get() < MAX_NESTING).then(|| {
                d.set(d.get() + 1);
                Nesting
            })
        })
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// Whole-word hits of `word` in `src`, as the scanner finds them, for the tests of the
/// classifiers of embedded code.
#[cfg(test)]
pub(crate) fn word_hits(src: &str, word: &str) -> Vec<Hit> {
    let b = src.as_bytes();
    let w = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    src.match_indices(word)
        .filter(|(i, _)| (*i == 0 || !w(b[i - 1])) && b.get(i + word.len()).is_none_or(|c| !w(*c)))
        .map(|(i, _)| Hit {
            span: i..i + word.len(),
            table: 0,
            exact: true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_maps_literal_bytes_and_refuses_names_touching_an_expansion() {
        let src = "ab experts $X experts";
        let mut p = Piece::new(Lang::Sql);
        p.fixed("TABLE ");
        p.literal(src, 0..11);
        p.expansion();
        p.literal(src, 13..21);
        assert_eq!(p.text, "TABLE ab experts x experts");
        assert_eq!(p.locate(&(3..10)), Some(9..16));
        assert_eq!(p.locate(&(14..21)), Some(19..26));
        let mut q = Piece::new(Lang::Sql);
        q.literal(src, 3..10);
        q.expansion();
        assert_eq!(q.locate(&(3..10)), None);
        // Bytes outside every literal segment are not the piece's.
        assert_eq!(p.locate(&(11..13)), None);
    }
}
