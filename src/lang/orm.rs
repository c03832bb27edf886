//! ORM models over the same database: the strings of SQLAlchemy models that name a table
//! besides `__tablename__` and `Table(...)`: `ForeignKey("t.col")` and
//! `relationship(..., secondary="t")`. A model file renamed in one place and not the other
//! breaks at import, so every such string is the same kind and rewritten together.

use std::ops::Range;

use crate::findings::{Class, Kind};

/// What a hit at `rel` in the column argument of `ForeignKey(...)` (text `text`) is: the
/// table segment of `t.col` or `schema.t.col` (the rules' schema) is `orm`; a column, or a
/// table of another schema (`auth.users.id`), is a mention.
pub(crate) fn foreign_key_class(text: &str, rel: &Range<usize>) -> Class {
    let parts: Vec<(usize, &str)> = text
        .split('.')
        .scan(0, |at, p| {
            let start = *at;
            *at += p.len() + 1;
            Some((start, p))
        })
        .collect();
    let table = match parts.as_slice() {
        [t, _] => Some(*t),
        [(_, s), t, _] if super::is_rules_schema(s) => Some(*t),
        _ => None,
    };
    match table {
        Some((at, t)) if at == rel.start && at + t.len() == rel.end => Class::new(Kind::Orm),
        _ => Class::MENTION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str, word: &str) -> Class {
        let s = text.find(word).unwrap();
        foreign_key_class(text, &(s..s + word.len()))
    }

    #[test]
    fn foreign_key_table_segments() {
        let orm = Class::new(Kind::Orm);
        assert_eq!(class("users.id", "users"), orm);
        assert_eq!(class("public.users.id", "users"), orm);
        assert_eq!(class("auth.users.id", "users"), Class::MENTION);
        assert_eq!(class("roles.users", "users"), Class::MENTION);
        assert_eq!(class("users", "users"), Class::MENTION);
    }
}
