//! The PostgREST select-string and filter grammars: finds the tokens that can name a relation
//! (embeds, spreads, hints, aliases, filter-path segments) with byte spans relative to the
//! parsed string, for every language classifier that meets a PostgREST query.
//!
//! The parsers are tolerant: source code holds half-written, interpolated and odd strings, so
//! they never fail; they report what they recognised and skip what they did not.

use std::borrow::Cow;
use std::ops::Range;

/// A name token: `experts`, `sources-google` or `"musical instruments"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The name's bytes, inside the quotes when quoted.
    pub span: Range<usize>,
    pub quoted: bool,
}

impl Name {
    /// The name as PostgREST reads it: a quoted name with its backslash escapes resolved.
    pub fn text<'a>(&self, s: &'a str) -> Cow<'a, str> {
        let raw = s.get(self.span.clone()).unwrap_or("");
        if !self.quoted || !raw.contains('\\') {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut escaped = false;
        for c in raw.chars() {
            if c == '\\' && !escaped {
                escaped = true;
            } else {
                out.push(c);
                escaped = false;
            }
        }
        Cow::Owned(out)
    }

    /// The name reads exactly `name`.
    pub fn is(&self, s: &str, name: &str) -> bool {
        self.text(s) == name
    }
}

/// The join type given after `!`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Inner,
    Left,
}

/// An embedded resource `[alias:]rel[!opt[!opt]](...)` or a spread `...rel[!opt](...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub rel: Name,
    /// The response key given before `:`.
    pub alias: Option<Name>,
    pub spread: bool,
    /// The disambiguation hint after `!` (a constraint, a column or a junction table).
    pub hint: Option<Name>,
    pub join: Option<Join>,
    /// Index in [`Select::embeds`] of the enclosing embed; `None` at the top level.
    pub parent: Option<usize>,
    /// From the item's first byte (`...`, the alias or the relation) to just after its `(`:
    /// the bytes that must stay together for the embed to keep its meaning.
    pub head: Range<usize>,
}

/// A column item: `name`, `alias:name`, `name->json::type`, `name.sum()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: Name,
    pub alias: Option<Name>,
    /// Index in [`Select::embeds`] of the enclosing embed; `None` at the top level.
    pub parent: Option<usize>,
}

/// What a name token in a select string stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The `rel` of an embed; `aliased` when an `alias:` precedes it.
    Embed { aliased: bool },
    /// The `rel` of a spread `...rel(...)`.
    Spread,
    /// The hint token after `!` (never `inner` or `left`).
    Hint,
    /// A response key left of `:`, of an embed or a column.
    Alias,
    /// A column name.
    Column,
}

/// What the first segment of a filter path refers to, judged by the query's select strings.
/// Ordered by strength: when several selects disagree, the greatest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PathTarget {
    /// No top-level embed uses the name.
    Unknown,
    /// A top-level embed has this `rel` but gets its key elsewhere (an alias or a spread).
    Embed,
    /// A top-level embed has this `rel` and no alias: the name is also its response key.
    UnaliasedEmbed,
    /// A top-level embed's alias: the path names a response key, not a relation.
    Alias,
}

/// A parsed select string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    pub embeds: Vec<Embed>,
    pub columns: Vec<Column>,
    /// Every name token's role, by span, sorted: a select string with thousands of embeds is
    /// asked about each of its hits, and a scan of every item per question made that quadratic.
    roles: Vec<(usize, usize, Role)>,
    /// What each name means as a filter path's head, by its text (see [`Select::path_target`]).
    heads: std::collections::HashMap<String, PathTarget>,
}

impl Select {
    /// The role of the name token whose span is exactly `span`, if there is one. A span that
    /// covers part of a name, a JSON key, a cast type or an aggregate has no role.
    pub fn role_of(&self, span: &Range<usize>) -> Option<Role> {
        let key = (span.start, span.end);
        self.roles
            .binary_search_by(|&(s, e, _)| (s, e).cmp(&key))
            .ok()
            .map(|i| self.roles[i].2)
    }

    /// What `name` means as the first segment of a filter path of a query that selects `s`
    /// (which this select was parsed from); a dotted `name` (`messages.channels`) is a later
    /// segment with the segments before it.
    pub fn path_target(&self, _s: &str, name: &str) -> PathTarget {
        self.heads.get(name).copied().unwrap_or(PathTarget::Unknown)
    }

    /// Builds the lookups of [`Select::role_of`] and [`Select::path_target`] once the items of
    /// `s` are parsed. A token's first role wins, in the order embeds (relation, alias, hint),
    /// then columns (name, alias).
    fn index(&mut self, s: &str) {
        let mut roles = Vec::with_capacity(self.embeds.len() * 2 + self.columns.len());
        for e in &self.embeds {
            let rel = if e.spread {
                Role::Spread
            } else {
                Role::Embed {
                    aliased: e.alias.is_some(),
                }
            };
            roles.push((e.rel.span.clone(), rel));
            if let Some(a) = &e.alias {
                roles.push((a.span.clone(), Role::Alias));
            }
            if let Some(h) = &e.hint {
                roles.push((h.span.clone(), Role::Hint));
            }
        }
        for c in &self.columns {
            roles.push((c.name.span.clone(), Role::Column));
            if let Some(a) = &c.alias {
                roles.push((a.span.clone(), Role::Alias));
            }
        }
        let mut roles: Vec<(usize, usize, Role)> = roles
            .into_iter()
            .map(|(r, role)| (r.start, r.end, role))
            .collect();
        // Stable: among equal spans the first role stays first, and is the one kept.
        roles.sort_by_key(|&(s, e, _)| (s, e));
        roles.dedup_by_key(|&mut (s, e, _)| (s, e));
        self.roles = roles;
        // Keyed by the path of response keys from the top (`messages.channels` for
        // `messages(channels(id))`), so that a later segment of a filter path is judged in
        // its parent embed. A spread embed adds no key: what it holds lands in its parent.
        let mut heads = std::collections::HashMap::new();
        let mut keys: Vec<String> = Vec::with_capacity(self.embeds.len());
        for e in &self.embeds {
            let prefix = match e.parent {
                Some(p) if !keys[p].is_empty() => format!("{}.", keys[p]),
                _ => String::new(),
            };
            // An embed whose alias is the name makes it an alias, whatever its relation.
            let alias = e.alias.as_ref().map(|a| a.text(s));
            if let Some(a) = &alias {
                let t = heads
                    .entry(format!("{prefix}{a}"))
                    .or_insert(PathTarget::Unknown);
                *t = (*t).max(PathTarget::Alias);
            }
            let rel = e.rel.text(s);
            keys.push(if e.spread {
                prefix.trim_end_matches('.').to_string()
            } else {
                format!("{prefix}{}", alias.as_deref().unwrap_or(&rel))
            });
            if alias.as_deref() == Some(&*rel) {
                continue;
            }
            let target = if e.alias.is_none() && !e.spread {
                PathTarget::UnaliasedEmbed
            } else {
                PathTarget::Embed
            };
            let t = heads
                .entry(format!("{prefix}{rel}"))
                .or_insert(PathTarget::Unknown);
            *t = (*t).max(target);
        }
        self.heads = heads;
    }
}

/// Parses a select string (`id, a:t!hint!inner(x, u(*)), ...s(y)`), whitespace and newlines
/// allowed between tokens.
pub fn parse_select(s: &str) -> Select {
    let mut p = Cursor::new(s);
    let mut out = Select::default();
    // The enclosing embed of each open parenthesis; a stray `(` opens a group of its parent.
    let mut stack: Vec<Option<usize>> = Vec::new();
    loop {
        p.ws();
        let Some(c) = p.peek() else { break };
        let parent = stack.last().copied().flatten();
        match c {
            b',' | b'*' => p.i += 1,
            b')' => {
                stack.pop();
                p.i += 1;
            }
            b'(' => {
                stack.push(parent);
                p.i += 1;
            }
            _ => {
                let before = p.i;
                if let Some(open) = select_item(&mut p, &mut out, parent) {
                    stack.push(Some(open));
                }
                if p.i == before {
                    // Not a name: skip the byte (non-ASCII bytes are name bytes, so this one is
                    // ASCII and skipping it keeps UTF-8 boundaries).
                    p.i += 1;
                }
            }
        }
    }
    out.index(s);
    out
}

/// Parses one item; returns the index of the embed whose `(` it consumed, if any.
fn select_item(p: &mut Cursor<'_>, out: &mut Select, parent: Option<usize>) -> Option<usize> {
    let item_start = p.i;
    let spread = p.eat("...");
    p.ws();
    let mut name = p.name()?;
    p.ws();
    let mut alias = None;
    if !spread && p.peek() == Some(b':') && p.peek_at(1) != Some(b':') {
        p.i += 1;
        p.ws();
        let Some(rel) = p.name() else {
            // `alias:` with nothing usable after it.
            out.columns.push(Column {
                name,
                alias: None,
                parent,
            });
            return None;
        };
        alias = Some(std::mem::replace(&mut name, rel));
        p.ws();
    }
    // JSON path, cast and aggregate make it a column (or a count()).
    let mut column_shape = false;
    while p.eat("->") {
        p.eat(">");
        p.ws();
        p.name();
        p.ws();
        column_shape = true;
    }
    if p.cast() {
        column_shape = true;
    }
    if p.peek() == Some(b'.') && !p.rest().starts_with(b"...") {
        p.i += 1;
        p.ws();
        p.name();
        p.ws();
        if p.peek() == Some(b'(') {
            p.i += 1;
            p.ws();
            p.eat(")");
            p.ws();
        }
        p.cast();
        column_shape = true;
    }
    let mut hint = None;
    let mut join = None;
    while p.peek() == Some(b'!') {
        p.i += 1;
        p.ws();
        let Some(opt) = p.name() else { break };
        p.ws();
        match (opt.quoted, p.src.get(opt.span.clone())) {
            (false, Some("inner")) => join = Some(Join::Inner),
            (false, Some("left")) => join = Some(Join::Left),
            _ => {
                hint.get_or_insert(opt);
            }
        }
    }
    if !column_shape && p.peek() == Some(b'(') {
        let is_count = !name.quoted && p.src.get(name.span.clone()) == Some("count");
        if is_count && hint.is_none() && join.is_none() && !spread {
            let save = p.i;
            p.i += 1;
            p.ws();
            if p.eat(")") {
                // The `count()` aggregate, not an embed.
                p.cast();
                out.columns.push(Column {
                    name,
                    alias,
                    parent,
                });
                return None;
            }
            p.i = save;
        }
        p.i += 1;
        out.embeds.push(Embed {
            rel: name,
            alias,
            spread,
            hint,
            join,
            parent,
            head: item_start..p.i,
        });
        return Some(out.embeds.len() - 1);
    }
    out.columns.push(Column {
        name,
        alias,
        parent,
    });
    None
}

/// A filter column path: `t.col`, `t.u.col`, `t`, `t.data->>key`, or the order form `t(col)`.
/// Every segment but the last names an embed (by relation or alias); the last is the column,
/// or the whole embed in a null filter such as `.not('t', 'is', null)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath {
    pub segments: Vec<Name>,
}

impl FieldPath {
    pub fn first(&self) -> Option<&Name> {
        self.segments.first()
    }
}

/// Parses the column argument of a filter or modifier, or a `referencedTable` value.
pub fn parse_field_path(s: &str) -> FieldPath {
    let mut p = Cursor::new(s);
    let mut path = FieldPath::default();
    field_path(&mut p, &mut path, false);
    path
}

/// Reads `seg(.seg)*` (or `seg(col)`) into `path`; with `stop_at_op`, a segment that is a
/// filter operator ends the path instead (logic-tree terms `t.col.eq.1`).
fn field_path(p: &mut Cursor<'_>, path: &mut FieldPath, stop_at_op: bool) {
    p.ws();
    let Some(first) = p.name() else { return };
    path.segments.push(first);
    loop {
        p.ws();
        // A JSON path ends the field name: its keys are not relations.
        if p.rest().starts_with(b"->") {
            while p.eat("->") {
                p.eat(">");
                p.ws();
                p.name();
                p.ws();
            }
            return;
        }
        match p.peek() {
            Some(b'.') => {
                let save = p.i;
                p.i += 1;
                p.ws();
                let Some(seg) = p.name() else {
                    p.i = save;
                    return;
                };
                if stop_at_op && is_operator(p.src, &seg) {
                    p.i = save;
                    return;
                }
                path.segments.push(seg);
            }
            Some(b'(') if !stop_at_op => {
                p.i += 1;
                p.ws();
                if let Some(col) = p.name() {
                    path.segments.push(col);
                }
                return;
            }
            _ => return,
        }
    }
}

/// PostgREST operators and logic keywords that can follow a field in a logic-tree term.
const OPERATORS: &[&str] = &[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "like",
    "ilike",
    "match",
    "imatch",
    "in",
    "is",
    "isdistinct",
    "fts",
    "plfts",
    "phfts",
    "wfts",
    "cs",
    "cd",
    "ov",
    "sl",
    "sr",
    "nxr",
    "nxl",
    "adj",
    "not",
    "and",
    "or",
];

fn is_operator(s: &str, n: &Name) -> bool {
    !n.quoted
        && s.get(n.span.clone())
            .is_some_and(|t| OPERATORS.contains(&t))
}

/// Parses a logic-tree filter string as `.or(...)` takes it (`t.col.eq.1,u.not.is.null`,
/// `and(a.eq.1,or(b.gt.2,c.is.null))`) and returns the field path of every term.
pub fn parse_logic_filter(s: &str) -> Vec<FieldPath> {
    let mut p = Cursor::new(s);
    let mut out = Vec::new();
    // Open `and(`/`or(` groups, so a `)` closes a group rather than ending a value.
    let mut depth = 0usize;
    loop {
        p.ws();
        let Some(c) = p.peek() else { break };
        match c {
            b',' => {
                p.i += 1;
                continue;
            }
            b')' => {
                depth = depth.saturating_sub(1);
                p.i += 1;
                continue;
            }
            b'(' => {
                depth += 1;
                p.i += 1;
                continue;
            }
            _ => {}
        }
        let save = p.i;
        // `not.and(...)`, `and(...)`, `or(...)` open a group.
        p.eat("not.");
        if let Some(n) = p.name() {
            let word = p.src.get(n.span.clone());
            p.ws();
            if !n.quoted && matches!(word, Some("and" | "or")) && p.peek() == Some(b'(') {
                p.i += 1;
                depth += 1;
                continue;
            }
        }
        // Not a group: the term starts with its field (which may itself be named `not`).
        p.i = save;
        let mut path = FieldPath::default();
        field_path(&mut p, &mut path, true);
        if !path.segments.is_empty() {
            out.push(path);
        }
        skip_value(&mut p, depth > 0);
        if p.i == save {
            p.i += 1;
        }
    }
    out
}

/// Skips an operator and its value up to the `,` that ends the term, or the `)` that ends the
/// enclosing group (left in place). Brackets nest in any mix (`in.(1,2)`, `cs.{1,2}`, the
/// range `ov.[1,5)`) and `"quoted"` values hide their commas.
fn skip_value(p: &mut Cursor<'_>, in_group: bool) {
    let mut depth = 0usize;
    while let Some(c) = p.peek() {
        match c {
            b'"' => {
                p.i += 1;
                while let Some(c) = p.peek() {
                    p.i += 1;
                    if c == b'\\' {
                        p.i = (p.i + 1).min(p.b.len());
                    } else if c == b'"' {
                        break;
                    }
                }
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' if in_group => return,
            b',' if depth == 0 => return,
            _ => {}
        }
        p.i += 1;
    }
}

/// A byte cursor over the parsed string. It only stops on ASCII bytes, so every span it
/// returns lies on UTF-8 boundaries.
struct Cursor<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn new(src: &'a str) -> Cursor<'a> {
        Cursor {
            src,
            b: src.as_bytes(),
            i: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.b.get(self.i + k).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.b.get(self.i..).unwrap_or(&[])
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }

    /// `::type`, `::type[]`, `::"odd type"`: consumed, not reported.
    fn cast(&mut self) -> bool {
        if !self.eat("::") {
            return false;
        }
        self.ws();
        self.name();
        self.ws();
        while self.eat("[]") {
            self.ws();
        }
        true
    }

    /// A quoted name `"..."` (backslash escapes; an unterminated one runs to the end) or an
    /// unquoted `ident(-ident)*`.
    fn name(&mut self) -> Option<Name> {
        match self.peek()? {
            b'"' => {
                let start = self.i + 1;
                let mut j = start;
                while j < self.b.len() {
                    match self.b[j] {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                let end = j.min(self.b.len());
                self.i = (end + 1).min(self.b.len());
                Some(Name {
                    span: start..end,
                    quoted: true,
                })
            }
            c if is_ident(c) => {
                let start = self.i;
                let mut j = start;
                loop {
                    while j < self.b.len() && is_ident(self.b[j]) {
                        j += 1;
                    }
                    // `-` joins words (`experts-archive`) but `->` starts a JSON path.
                    if j + 1 < self.b.len() && self.b[j] == b'-' && is_ident(self.b[j + 1]) {
                        j += 1;
                    } else {
                        break;
                    }
                }
                self.i = j;
                Some(Name {
                    span: start..j,
                    quoted: false,
                })
            }
            _ => None,
        }
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `nth` whole-word occurrence of `needle`, as the scanner would report it.
    fn find(s: &str, needle: &str, nth: usize) -> Range<usize> {
        let word = |c: Option<&u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
        let b = s.as_bytes();
        let start = s
            .match_indices(needle)
            .map(|(i, _)| i)
            .filter(|&i| {
                !word(i.checked_sub(1).and_then(|j| b.get(j))) && !word(b.get(i + needle.len()))
            })
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle} #{nth} not in {s}"));
        start..start + needle.len()
    }

    fn role(s: &str, needle: &str, nth: usize) -> Option<Role> {
        parse_select(s).role_of(&find(s, needle, nth))
    }

    #[test]
    fn embed_alias_hint_spread_and_column_roles() {
        let s = "id, experts(name), e:experts(name), x!experts(id), ...experts(name), experts";
        let sel = parse_select(s);
        assert_eq!(sel.embeds.len(), 4);
        assert_eq!(
            sel.role_of(&find(s, "experts", 0)),
            Some(Role::Embed { aliased: false })
        );
        assert_eq!(sel.role_of(&find(s, "e", 0)), Some(Role::Alias));
        assert_eq!(
            sel.role_of(&find(s, "experts", 1)),
            Some(Role::Embed { aliased: true })
        );
        assert_eq!(
            sel.role_of(&find(s, "x", 0)),
            Some(Role::Embed { aliased: false })
        );
        assert_eq!(sel.role_of(&find(s, "experts", 2)), Some(Role::Hint));
        assert_eq!(sel.role_of(&find(s, "experts", 3)), Some(Role::Spread));
        assert_eq!(sel.role_of(&find(s, "experts", 4)), Some(Role::Column));
        assert_eq!(sel.role_of(&find(s, "id", 0)), Some(Role::Column));
        assert_eq!(sel.role_of(&find(s, "name", 0)), Some(Role::Column));
    }

    #[test]
    fn join_types_are_not_hints() {
        let s = "experts!inner(name), a:t!left!experts_fkey(id), u!left!junction(x)";
        let sel = parse_select(s);
        assert_eq!(sel.embeds.len(), 3);
        assert_eq!(sel.embeds[0].join, Some(Join::Inner));
        assert_eq!(sel.embeds[0].hint, None);
        assert_eq!(sel.embeds[1].join, Some(Join::Left));
        assert_eq!(
            sel.embeds[1].hint.as_ref().map(|h| h.span.clone()),
            Some(find(s, "experts_fkey", 0))
        );
        assert_eq!(
            sel.embeds[1].alias.as_ref().map(|h| h.span.clone()),
            Some(find(s, "a", 0))
        );
        assert_eq!(sel.role_of(&find(s, "inner", 0)), None);
        assert_eq!(sel.role_of(&find(s, "junction", 0)), Some(Role::Hint));
        assert_eq!(
            sel.role_of(&find(s, "experts", 0)),
            Some(Role::Embed { aliased: false })
        );
        // A whole-word hit cannot land inside `experts_fkey`; a span inside a token has no role.
        assert_eq!(
            sel.role_of(&(find(s, "experts_fkey", 0).start..find(s, "experts_fkey", 0).start + 7)),
            None
        );
    }

    #[test]
    fn whitespace_and_newlines_between_tokens() {
        let s = "\n  id,\n  e : experts ! inner (\n    name\n  ),\n  ... sources ( x ),\n  u\n    (y)\n";
        let sel = parse_select(s);
        assert_eq!(sel.embeds.len(), 3);
        assert_eq!(sel.embeds[0].rel.span, find(s, "experts", 0));
        assert_eq!(sel.embeds[0].alias.as_ref().unwrap().span, find(s, "e", 0));
        assert_eq!(sel.embeds[0].join, Some(Join::Inner));
        assert!(sel.embeds[1].spread);
        assert_eq!(sel.embeds[1].rel.span, find(s, "sources", 0));
        assert_eq!(sel.embeds[2].rel.span, find(s, "u", 0));
        assert_eq!(sel.role_of(&find(s, "name", 0)), Some(Role::Column));
        assert_eq!(sel.role_of(&find(s, "y", 0)), Some(Role::Column));
    }

    #[test]
    fn nested_embeds_record_their_parent() {
        let s = "id, roles(character, films(title, experts(id)), n), top(x)";
        let sel = parse_select(s);
        let rels: Vec<(&str, Option<usize>)> = sel
            .embeds
            .iter()
            .map(|e| (&s[e.rel.span.clone()], e.parent))
            .collect();
        assert_eq!(
            rels,
            vec![
                ("roles", None),
                ("films", Some(0)),
                ("experts", Some(1)),
                ("top", None)
            ]
        );
        let cols: Vec<(&str, Option<usize>)> = sel
            .columns
            .iter()
            .map(|c| (&s[c.name.span.clone()], c.parent))
            .collect();
        assert_eq!(
            cols,
            vec![
                ("id", None),
                ("character", Some(0)),
                ("title", Some(1)),
                ("id", Some(2)),
                ("n", Some(0)),
                ("x", Some(3))
            ]
        );
    }

    #[test]
    fn quoted_names_json_paths_casts_and_aggregates() {
        let s = r#""musical instruments"(name), "a \"q\""(x), data->>experts, c::text, experts->x::int, amount.sum(), n:id.count()::int, count(), experts.count()"#;
        let sel = parse_select(s);
        assert_eq!(sel.embeds.len(), 2);
        assert_eq!(sel.embeds[0].rel.span, find(s, "musical instruments", 0));
        assert!(sel.embeds[0].rel.quoted);
        assert_eq!(sel.embeds[1].rel.text(s), "a \"q\"");
        // A JSON key, a cast type and an aggregate are no name tokens.
        assert_eq!(role(s, "experts", 0), None);
        assert_eq!(role(s, "text", 0), None);
        assert_eq!(role(s, "experts", 1), Some(Role::Column));
        assert_eq!(role(s, "sum", 0), None);
        assert_eq!(role(s, "amount", 0), Some(Role::Column));
        assert_eq!(role(s, "n", 0), Some(Role::Alias));
        // `id.count()` is an aggregate of `id`; a bare `count()` reads as a column item.
        assert_eq!(role(s, "count", 0), None);
        assert_eq!(role(s, "count", 1), Some(Role::Column));
        assert_eq!(role(s, "experts", 2), Some(Role::Column));
        assert_eq!(role(s, "count", 2), None);
    }

    #[test]
    fn count_aggregate_with_alias_and_empty_embed() {
        let s = "total:count(), experts(), t(count)";
        let sel = parse_select(s);
        assert_eq!(sel.embeds.len(), 2);
        assert_eq!(role(s, "total", 0), Some(Role::Alias));
        assert_eq!(role(s, "experts", 0), Some(Role::Embed { aliased: false }));
        assert_eq!(role(s, "count", 1), Some(Role::Column));
    }

    #[test]
    fn hyphenated_names_are_one_token() {
        let s = "experts-archive(id), experts";
        assert_eq!(
            role(s, "experts-archive", 0),
            Some(Role::Embed { aliased: false })
        );
        assert_eq!(role(s, "experts", 0), None);
        assert_eq!(role(s, "experts", 1), Some(Role::Column));
    }

    #[test]
    fn non_ascii_names_keep_char_boundaries() {
        let s = "é:expérts(ñ), ü";
        let sel = parse_select(s);
        assert_eq!(sel.embeds.len(), 1);
        assert_eq!(&s[sel.embeds[0].rel.span.clone()], "expérts");
        assert_eq!(&s[sel.embeds[0].alias.clone().unwrap().span], "é");
        assert_eq!(&s[sel.columns[1].name.span.clone()], "ü");
    }

    #[test]
    fn malformed_select_strings_do_not_panic() {
        for s in [
            "", "(", ")", "(((", ")))", "a(", "a:", ":", "::", "!", "a!", "a!(", "...", "...(",
            "\"", "\"abc", "\"a\\", "a->", "a->>", "a.", "a.(", "count(", "x:count(", "é(",
            "a(b(c(", ",,,", "*,*", "a - b", "-", "a-", "\\", "a!\"", "..a", "$", "a::", "a.sum(",
        ] {
            let sel = parse_select(s);
            for e in &sel.embeds {
                assert!(s.get(e.rel.span.clone()).is_some(), "{s:?}");
            }
            for c in &sel.columns {
                assert!(s.get(c.name.span.clone()).is_some(), "{s:?}");
            }
            let _ = parse_field_path(s);
            let _ = parse_logic_filter(s);
        }
        let deep = "a(".repeat(100_000);
        assert_eq!(parse_select(&deep).embeds.len(), 100_000);
    }

    /// Deterministic token soup: every span any parser returns must slice the input.
    #[test]
    fn token_soup_spans_stay_in_bounds() {
        let toks = [
            "experts", "\"", "\\", "(", ")", "!", ":", "::", ".", "...", ",", "->", "->>", "-",
            "inner", "left", "count", " ", "\n", "é", "*", "and(", "or(", "not.", "eq", "is", "{",
            "}", "[", "]",
        ];
        let mut seed: u64 = 7;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..30 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(toks[(seed >> 33) as usize % toks.len()]);
            }
            let sel = parse_select(&s);
            let names = sel
                .embeds
                .iter()
                .flat_map(|e| [Some(&e.rel), e.alias.as_ref(), e.hint.as_ref()])
                .chain(
                    sel.columns
                        .iter()
                        .flat_map(|c| [Some(&c.name), c.alias.as_ref()]),
                )
                .flatten()
                .chain(parse_field_path(&s).segments.iter())
                .cloned()
                .collect::<Vec<_>>();
            let logic = parse_logic_filter(&s);
            for n in names
                .iter()
                .chain(logic.iter().flat_map(|p| p.segments.iter()))
            {
                assert!(s.get(n.span.clone()).is_some(), "{s:?} {n:?}");
            }
        }
    }

    #[test]
    fn partial_input_keeps_what_parsed() {
        let s = "id, experts(name, u!experts_j(";
        let sel = parse_select(s);
        assert_eq!(role(s, "experts", 0), Some(Role::Embed { aliased: false }));
        assert_eq!(
            sel.embeds[1].hint.as_ref().unwrap().span,
            find(s, "experts_j", 0)
        );
    }

    #[test]
    fn path_target_of_top_level_embeds() {
        let s = "id, experts(name), a:sources(x), ...spreads(y), k:other(z), n(experts(q))";
        let sel = parse_select(s);
        assert_eq!(sel.path_target(s, "experts"), PathTarget::UnaliasedEmbed);
        assert_eq!(sel.path_target(s, "sources"), PathTarget::Embed);
        assert_eq!(sel.path_target(s, "a"), PathTarget::Alias);
        assert_eq!(sel.path_target(s, "spreads"), PathTarget::Embed);
        assert_eq!(sel.path_target(s, "k"), PathTarget::Alias);
        assert_eq!(sel.path_target(s, "q"), PathTarget::Unknown);
        assert_eq!(sel.path_target(s, "id"), PathTarget::Unknown);
        let s2 = "experts:expert_profiles(*)";
        assert_eq!(
            parse_select(s2).path_target(s2, "experts"),
            PathTarget::Alias
        );
        let s3 = r#""my t"(x)"#;
        assert_eq!(
            parse_select(s3).path_target(s3, "my t"),
            PathTarget::UnaliasedEmbed
        );
    }

    fn segs(s: &str, p: &FieldPath) -> Vec<String> {
        p.segments.iter().map(|n| n.text(s).into_owned()).collect()
    }

    #[test]
    fn field_paths() {
        let cases: &[(&str, &[&str])] = &[
            ("experts.name", &["experts", "name"]),
            (
                "t.document_types.document_type",
                &["t", "document_types", "document_type"],
            ),
            ("experts", &["experts"]),
            ("experts.data->>key", &["experts", "data"]),
            ("data->experts", &["data"]),
            ("experts(name)", &["experts", "name"]),
            (" experts . name ", &["experts", "name"]),
            (r#""my t".col"#, &["my t", "col"]),
            ("", &[]),
            (".x", &[]),
            ("a.", &["a"]),
        ];
        for (s, want) in cases {
            assert_eq!(segs(s, &parse_field_path(s)), *want, "{s:?}");
        }
        let s = "experts.name";
        assert_eq!(parse_field_path(s).first().unwrap().span, 0..7);
    }

    #[test]
    fn logic_filter_terms() {
        let s = "experts.name.eq.1,u.not.is.null, and(a.gt.2,or(b.in.(1,2),c.like(any).{x,y})),not.or(d.eq.\"a,b)\",e.cs.{1}),f->>k.eq.experts";
        let paths: Vec<Vec<String>> = parse_logic_filter(s).iter().map(|p| segs(s, p)).collect();
        assert_eq!(
            paths,
            vec![
                vec!["experts", "name"],
                vec!["u"],
                vec!["a"],
                vec!["b"],
                vec!["c"],
                vec!["d"],
                vec!["e"],
                vec!["f"],
            ]
        );
        let first = &parse_logic_filter(s)[0];
        assert_eq!(first.first().unwrap().span, 0..7);
    }

    #[test]
    fn logic_filter_spans_point_into_the_string() {
        let s = "x.eq.1, experts.not.is.null";
        let p = parse_logic_filter(s);
        assert_eq!(p[1].first().unwrap().span, find(s, "experts", 0));
    }

    #[test]
    fn name_text_unescapes_quoted_only() {
        let s = r#""a\"b" c\d"#;
        let q = Name {
            span: 1..5,
            quoted: true,
        };
        assert_eq!(q.text(s), "a\"b");
        let u = Name {
            span: 7..10,
            quoted: false,
        };
        assert_eq!(u.text(s), "c\\d");
        let bad = Name {
            span: 100..200,
            quoted: false,
        };
        assert_eq!(bad.text(s), "");
    }
}
