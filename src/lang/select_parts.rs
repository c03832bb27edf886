//! Select strings written in pieces: `"id, " + "doc:t(title)"`, `cols.join(",")` over a
//! constant array, a constant holding either. The pieces' texts, joined as the program joins
//! them, are parsed as one select string, and each hit is judged by its place in it; the
//! rewrite still edits the bytes of the one literal the hit lies in.
//!
//! Also the shape test for what no query reads whole: a name followed by `(` or `!` in a
//! string is an embed of a select string built out of sight, reported for review rather than
//! passed over as a mention.

use std::collections::HashMap;
use std::ops::Range;

use crate::findings::{Class, Hit, Kind};
use crate::postgrest::{self, PathTarget, Role, Select};

/// One piece of a select expression: a literal's content (blanked as the classifiers blank
/// it) and where it starts in the file, or text that is no literal of the file (none yet, but
/// a separator's text is kept apart from its literal so that a hit in it is never resolved).
pub(crate) struct Piece {
    pub at: Option<usize>,
    pub text: String,
}

/// A select expression's pieces joined and parsed.
pub(crate) struct Joined {
    text: String,
    /// Per literal piece: its start in the file, its start in `text`, its length.
    pieces: Vec<(usize, usize, usize)>,
    sel: Select,
    /// The head of each embed (see [`postgrest::Embed::head`]), by the start of its
    /// relation and of its hint.
    heads: HashMap<usize, Range<usize>>,
}

impl Joined {
    pub(crate) fn new(parts: Vec<Piece>) -> Joined {
        let mut text = String::new();
        let mut pieces = Vec::new();
        for p in parts {
            if let Some(at) = p.at {
                pieces.push((at, text.len(), p.text.len()));
            }
            text.push_str(&p.text);
        }
        pieces.sort_unstable();
        let sel = postgrest::parse_select(&text);
        let mut heads = HashMap::new();
        for e in &sel.embeds {
            heads.insert(e.rel.span.start, e.head.clone());
            if let Some(h) = &e.hint {
                heads.insert(h.span.start, e.head.clone());
            }
        }
        Joined {
            text,
            pieces,
            sel,
            heads,
        }
    }

    /// The piece (its start in `text`, its length) of the literal starting at file byte `at`.
    fn piece(&self, at: usize) -> Option<(usize, usize)> {
        let i = self.pieces.binary_search_by_key(&at, |p| p.0).ok()?;
        Some((self.pieces[i].1, self.pieces[i].2))
    }

    /// What a hit in the literal whose content starts at file byte `at` is: the class its
    /// role gives, or `unresolved-embed` for an embed whose head (`alias:t!hint(`) is split
    /// between two pieces, which no edit of one literal can keep right. `None` inside
    /// `Some` drops the hit (a response key); the outer `None`: not a piece of this select.
    pub(crate) fn class_of(&self, at: usize, hit: &Hit) -> Option<Option<Class>> {
        let (start, len) = self.piece(at)?;
        let s = hit.span.start.checked_sub(at)? + start;
        let e = hit.span.end.checked_sub(at)? + start;
        if e > start + len {
            return None;
        }
        let role = self.sel.role_of(&(s..e));
        if matches!(role, Some(Role::Embed { .. } | Role::Spread | Role::Hint)) {
            let head = self.heads.get(&s)?;
            if head.start < start || head.end > start + len {
                return Some(Some(Class::new(Kind::UnresolvedEmbed)));
            }
        }
        Some(super::select_role_class(role))
    }

    /// What `name` means as a filter path's head of a query selecting this.
    pub(crate) fn path_target(&self, name: &str) -> PathTarget {
        self.sel.path_target(&self.text, name)
    }
}

/// Whether the hit (at `rel`, relative to `text`) is shaped like a select-string embed: the
/// name is followed right away by `(`, or by `!hint` options and then `(`. Prose seldom
/// writes a word against a parenthesis, select strings nearly always do.
pub(crate) fn embed_shaped(text: &str, rel: &Range<usize>) -> bool {
    let b = text.as_bytes();
    let mut i = rel.end;
    loop {
        match b.get(i) {
            Some(b'(') => return true,
            Some(b'!') => {
                let name = i + 1;
                i = name;
                while b
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    i += 1;
                }
                if i == name {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(src: &str, word: &str, nth: usize) -> Hit {
        let s = src.match_indices(word).nth(nth).unwrap().0;
        Hit {
            span: s..s + word.len(),
            table: 0,
            exact: true,
        }
    }

    #[test]
    fn embed_shapes() {
        let yes = ["t(id)", "t!inner(id)", "t!fk!left(x)"];
        let no = ["t (see)", "t!", "t! (", "t, u", "t"];
        for s in yes {
            assert!(embed_shaped(s, &(0..1)), "{s}");
        }
        for s in no {
            assert!(!embed_shaped(s, &(0..1)), "{s}");
        }
    }

    #[test]
    fn pieces_join_and_split_heads_are_unresolved() {
        // `"id, " + "doc:documents(title)"`: the whole embed in one piece.
        let src = r#"x("id, " + "doc:documents(title)", "documents" + "(id)")"#;
        let a = src.find("id, ").unwrap();
        let b = src.find("doc:").unwrap();
        let j = Joined::new(vec![
            Piece {
                at: Some(a),
                text: "id, ".into(),
            },
            Piece {
                at: Some(b),
                text: "doc:documents(title)".into(),
            },
        ]);
        let aliased = Some(Some(Class::site(
            Kind::Postgrest,
            crate::findings::Site::AliasedEmbed,
        )));
        assert_eq!(j.class_of(b, &hit(src, "documents", 0)), aliased);
        assert_eq!(j.class_of(a, &hit(src, "documents", 0)), None);
        assert_eq!(j.path_target("doc"), PathTarget::Alias);
        let c = src.find("\"documents\"").unwrap() + 1;
        let d = src.find("(id)").unwrap();
        let j = Joined::new(vec![
            Piece {
                at: Some(c),
                text: "documents".into(),
            },
            Piece {
                at: Some(d),
                text: "(id)".into(),
            },
        ]);
        assert_eq!(
            j.class_of(c, &hit(src, "documents", 1)),
            Some(Some(Class::new(Kind::UnresolvedEmbed)))
        );
    }
}
