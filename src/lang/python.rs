//! Python (supabase-py, DB-API cursors, SQLAlchemy): classification with tree-sitter.
//!
//! Each hit is mapped to the smallest syntax node around it and judged from its ancestors:
//! supabase-py call chains (`supabase.table('t').select('...').eq('t.col', v)` is a nest of
//! `call` and `attribute` nodes, walked both ways), realtime subscriptions, SQLAlchemy table
//! names and SQL held in strings.
//!
//! An implicitly concatenated string (`"SELECT * " "FROM t"`) is read as one text, the value
//! Python builds from it: the prefixes, quotes and whatever lies between the parts (spaces,
//! comments) are blanked to spaces, so a query or select string split over several literals
//! is analysed whole and offsets into the text stay offsets into the file. Only a single
//! literal can be the whole name of a `from-call`, `realtime` or SQLAlchemy table name.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::{Node, Parser, Tree};

use super::nav::Nav;
use crate::findings::{Class, Hit, Kind};
use crate::postgrest::{self, FieldPath, PathTarget, Select};

thread_local! {
    /// One parser per thread, reused across files.
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

fn parse(src: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        if slot.is_none() {
            let mut parser = Parser::new();
            parser
                .set_language(&tree_sitter_python::LANGUAGE.into())
                .ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(src, None)
    })
}

/// Classifies every hit of a Python source; one result per hit, in order.
pub fn classify(src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    let Some(tree) = parse(src) else {
        return super::text::classify(hits);
    };
    let (mut out, sql) = judge(src, tree.root_node(), hits);
    for s in sql {
        for (&i, class) in s.idx.iter().zip(super::sql::classify(&s.text, &s.hits)) {
            out[i] = class;
        }
    }
    out
}

/// A string literal holding SQL, with the hits inside it rebased to its text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SqlText {
    /// The literal's content, interpolations and escapes blanked (see [`content_text`]).
    text: String,
    hits: Vec<Hit>,
    /// The positions of these hits in the file's hit list.
    idx: Vec<usize>,
}

/// Decides every hit that its position settles; hits inside SQL strings are left `None` in
/// the first list and handed over, one entry per string, in the second.
fn judge(src: &str, root: Node<'_>, hits: &[Hit]) -> (Vec<Option<Class>>, Vec<SqlText>) {
    let mut cx = Cx {
        src,
        selects: HashMap::new(),
        sql_literals: HashMap::new(),
    };
    let mut out = Vec::with_capacity(hits.len());
    let mut nav = Nav::new(root);
    // A string is classified once, whole, with every hit inside it.
    let mut sql: Vec<(Node<'_>, Vec<usize>)> = Vec::new();
    let mut sql_at: HashMap<usize, usize> = HashMap::new();
    for (i, hit) in hits.iter().enumerate() {
        match cx.hit(&mut nav, hit) {
            Verdict::Done(class) => out.push(class),
            Verdict::Sql(s) => {
                out.push(None);
                let group = *sql_at.entry(s.id()).or_insert_with(|| {
                    sql.push((s, Vec::new()));
                    sql.len() - 1
                });
                sql[group].1.push(i);
            }
        }
    }
    let texts = sql
        .into_iter()
        .map(|(s, idx)| {
            let (start, text) = content_text(src, s);
            let hits = super::rebase_hits(hits, &idx, start);
            SqlText {
                text: text.into_owned(),
                hits,
                idx,
            }
        })
        .collect();
    (out, texts)
}

enum Verdict<'t> {
    Done(Option<Class>),
    /// The hit lies in this literal, which holds SQL.
    Sql(Node<'t>),
}

/// postgrest-py methods whose first argument (`column`) is a column path (`match` and `or_`
/// are handled apart).
pub(super) const FILTERS: &[&str] = &[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "like",
    "ilike",
    "like_all_of",
    "like_any_of",
    "ilike_all_of",
    "ilike_any_of",
    "is_",
    "in_",
    "contains",
    "contained_by",
    "cs",
    "cd",
    "ov",
    "overlaps",
    "sl",
    "sr",
    "nxl",
    "nxr",
    "adj",
    "range_gt",
    "range_gte",
    "range_lt",
    "range_lte",
    "range_adjacent",
    "fts",
    "plfts",
    "phfts",
    "wfts",
    "text_search",
    "filter",
    "order",
];

/// Calls that make a chain a PostgREST query.
pub(super) const QUERY_STARTS: &[&str] = &[
    "table", "from_", "insert", "update", "upsert", "delete", "rpc",
];

/// Keyword arguments naming the embed a modifier applies to (`order`, `limit`, `range`,
/// `or_`); the spelling changed across postgrest-py versions.
pub(super) const REFERENCED_TABLE_KWARGS: &[&str] =
    &["foreign_table", "reference_table", "referenced_table"];

/// Keys of the `.rpc('exec_sql', {...})` parameters that carry SQL text.
pub(super) const RPC_SQL_KEYS: &[&str] = &["sql", "sql_query", "query", "query_text"];

/// How a value is passed to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg<'s> {
    Pos(usize),
    Kw(&'s str),
}

struct Cx<'s> {
    src: &'s str,
    /// Parsed select strings, by the start byte of their literal.
    selects: HashMap<usize, (usize, String, Select)>,
    /// Whether a literal holds SQL, by its start byte.
    sql_literals: HashMap<usize, bool>,
}

impl<'s> Cx<'s> {
    fn hit<'t>(&mut self, nav: &mut Nav<'t>, hit: &Hit) -> Verdict<'t> {
        let mention = Verdict::Done(hit.exact.then_some(Class::MENTION));
        let Some(node) = nav.node_for(hit.span.start, hit.span.end) else {
            return mention;
        };
        let up: &Nav<'t> = nav;
        let Some(lit) = enclosing_literal(up, node, &hit.span) else {
            // Identifiers, attributes, keyword names, comments, interpolated expressions.
            return mention;
        };
        if hit.exact {
            if let Some(class) = self.in_literal(up, lit, hit) {
                return Verdict::Done(class);
            }
        }
        if self.holds_sql(up, lit) {
            return Verdict::Sql(lit);
        }
        if hit.exact && is_whole(lit, &hit.span) && !key_or_index(up, lit) {
            return Verdict::Done(Some(Class::new(Kind::TableString)));
        }
        if hit.exact {
            let (start, text) = content_text(self.src, lit);
            let rel = hit.span.start.saturating_sub(start)..hit.span.end.saturating_sub(start);
            if super::select_parts::embed_shaped(&text, &rel) {
                return Verdict::Done(Some(Class::new(Kind::UnresolvedEmbed)));
            }
        }
        mention
    }

    /// The class of an exact hit in literal `lit` from the literal's position, if it has one.
    /// `Some(None)` drops the hit (a response key).
    fn in_literal<'t>(&mut self, up: &Nav<'t>, lit: Node<'t>, hit: &Hit) -> Option<Option<Class>> {
        let src = self.src;
        let whole = is_whole(lit, &hit.span);
        let parent = up.parent(lit)?;
        match parent.kind() {
            "argument_list" | "keyword_argument" => {
                let (call, arg) = call_of_argument(up, src, lit)?;
                let (name, receiver) = callee(src, call)?;
                match (name, arg) {
                    ("table" | "from_", Arg::Pos(0) | Arg::Kw("table_name"))
                        if receiver.is_some() =>
                    {
                        Some(Some(
                            if whole && !receiver.is_some_and(|r| is_storage(src, r)) {
                                Class::new(Kind::FromCall)
                            } else {
                                Class::MENTION
                            },
                        ))
                    }
                    ("select", Arg::Pos(_)) => {
                        if !self.is_query(&chain(up, src, call)) {
                            return None;
                        }
                        let &(start, _, ref sel) = self.select(lit);
                        Some(super::select_hit_class(sel, start, hit))
                    }
                    ("or_", Arg::Pos(0) | Arg::Kw("filters")) => {
                        let chain = chain(up, src, call);
                        if !self.is_query(&chain) {
                            return None;
                        }
                        let (start, text) = content_text(src, lit);
                        let path = super::or_filter_path(&text, start, hit)?;
                        self.filter_path(&chain, &path, &text, start, hit)
                    }
                    (m, Arg::Pos(0) | Arg::Kw("column")) if FILTERS.contains(&m) => {
                        let chain = chain(up, src, call);
                        if !self.is_query(&chain) {
                            return None;
                        }
                        let (start, text) = content_text(src, lit);
                        let path = postgrest::parse_field_path(&text);
                        self.filter_path(&chain, &path, &text, start, hit)
                    }
                    (_, Arg::Kw(kw)) if REFERENCED_TABLE_KWARGS.contains(&kw) => {
                        let (start, text) = content_text(src, lit);
                        let path = postgrest::parse_field_path(&text);
                        let first = super::path_head_at(&path, start, hit)?;
                        let target = self.path_target(&chain(up, src, call), &first.text(&text));
                        Some(super::referenced_table_class(target))
                    }
                    ("on_postgres_changes", Arg::Kw("table")) if whole => {
                        Some(Some(Class::new(Kind::Realtime)))
                    }
                    ("Table", Arg::Pos(0)) if whole && positional_count(call) >= 2 => {
                        Some(Some(sqlalchemy_table(src, call)))
                    }
                    ("ForeignKey", Arg::Pos(0) | Arg::Kw("column")) => {
                        let (start, text) = content_text(src, lit);
                        let rel = hit.span.start - start..hit.span.end - start;
                        Some(Some(super::orm::foreign_key_class(&text, &rel)))
                    }
                    ("relationship", Arg::Kw("secondary")) if whole => {
                        Some(Some(Class::new(Kind::Orm)))
                    }
                    // LangChain's store reads and writes its table with `.table(table_name)`.
                    ("SupabaseVectorStore", Arg::Kw("table_name")) => Some(Some(if whole {
                        Class::new(Kind::FromCall)
                    } else {
                        Class::MENTION
                    })),
                    // LlamaIndex's store and `vecs` keep collections in schema `vecs`.
                    ("SupabaseVectorStore", Arg::Kw("collection_name"))
                    | (
                        "get_or_create_collection" | "create_collection" | "get_collection",
                        Arg::Pos(0) | Arg::Kw("name"),
                    ) => Some(Some(Class::MENTION)),
                    // An attribute of the related model, not a table.
                    ("relationship", Arg::Kw("back_populates" | "backref")) => {
                        Some(Some(Class::MENTION))
                    }
                    _ => None,
                }
            }
            "pair" => {
                // `.match({'t.col': v})`: each key is a filter path.
                if parent.child_by_field_name("key") != Some(lit) {
                    return None;
                }
                let dict = up.parent(parent).filter(|d| d.kind() == "dictionary")?;
                let (call, arg) = call_of_argument(up, src, dict)?;
                let (name, _) = callee(src, call)?;
                if name != "match" || !matches!(arg, Arg::Pos(0) | Arg::Kw("query")) {
                    return None;
                }
                let chain = chain(up, src, call);
                if !self.is_query(&chain) {
                    return None;
                }
                let (start, text) = content_text(src, lit);
                let path = postgrest::parse_field_path(&text);
                self.filter_path(&chain, &path, &text, start, hit)
            }
            "assignment" if whole => {
                // SQLAlchemy's declarative `__tablename__ = 't'` is the table's SQL name.
                let left = parent.child_by_field_name("left")?;
                (parent.child_by_field_name("right") == Some(lit)
                    && left.kind() == "identifier"
                    && text(src, left) == "__tablename__")
                    .then_some(Some(Class::new(Kind::Orm)))
            }
            _ => None,
        }
    }

    /// A filter path whose first segment may be the hit; `text` starts at byte `start`.
    fn filter_path(
        &mut self,
        chain: &[Node<'_>],
        path: &FieldPath,
        text: &str,
        start: usize,
        hit: &Hit,
    ) -> Option<Option<Class>> {
        let (k, key) = super::path_segment_at(path, text, start, hit)?;
        super::path_segment_class(self.path_target(chain, &key), k, path.segments.len())
    }

    /// What `name` refers to as a path head, judged by every select string of the chain
    /// (postgrest-py joins the positional arguments of `select` with commas).
    fn path_target(&mut self, chain: &[Node<'_>], name: &str) -> PathTarget {
        let mut target = PathTarget::Unknown;
        for &call in chain {
            if callee(self.src, call).map(|c| c.0) != Some("select") {
                continue;
            }
            for arg in positional_args(call) {
                if !is_literal(arg) {
                    continue;
                }
                let (_, text, sel) = self.select(arg);
                target = target.max(sel.path_target(text, name));
            }
        }
        target
    }

    /// The literal goes to a SQL sink or reads as SQL; decided once per literal.
    fn holds_sql<'t>(&mut self, up: &Nav<'t>, lit: Node<'t>) -> bool {
        if let Some(&known) = self.sql_literals.get(&lit.start_byte()) {
            return known;
        }
        let sql =
            self.sql_sink(up, lit) || super::sql::looks_like_sql(&content_text(self.src, lit).1);
        self.sql_literals.insert(lit.start_byte(), sql);
        sql
    }

    fn select(&mut self, lit: Node<'_>) -> &(usize, String, Select) {
        let src = self.src;
        self.selects.entry(lit.start_byte()).or_insert_with(|| {
            let (start, text) = content_text(src, lit);
            let sel = postgrest::parse_select(&text);
            (start, text.into_owned(), sel)
        })
    }

    fn is_query(&self, chain: &[Node<'_>]) -> bool {
        chain.iter().any(|&call| {
            callee(self.src, call).is_some_and(|(m, receiver)| {
                receiver.is_some_and(|r| {
                    QUERY_STARTS.contains(&m)
                        && !(matches!(m, "table" | "from_") && is_storage(self.src, r))
                })
            })
        })
    }

    /// A literal passed where SQL goes: the statement of a DB-API `.execute(...)`,
    /// `.executemany(...)` or `.executescript(...)`, SQLAlchemy `text(...)`, psycopg
    /// `sql.SQL(...)`, or the SQL parameter of an `exec_sql`-style RPC.
    fn sql_sink<'t>(&self, up: &Nav<'t>, lit: Node<'t>) -> bool {
        let src = self.src;
        let Some(parent) = up.parent(lit) else {
            return false;
        };
        match parent.kind() {
            "argument_list" => {
                let Some((call, Arg::Pos(0))) = call_of_argument(up, src, lit) else {
                    return false;
                };
                callee(src, call).is_some_and(|(name, receiver)| match name {
                    "execute" | "executemany" | "executescript" => receiver.is_some(),
                    // `text` from `sqlalchemy` or a module alias, not `obj.text(...)` methods.
                    "text" => receiver.is_none_or(|r| r.kind() == "identifier"),
                    "SQL" => true,
                    _ => false,
                })
            }
            "pair" => {
                let key = parent.child_by_field_name("key");
                if key == Some(lit)
                    || !key
                        .and_then(|k| string_value(src, k))
                        .is_some_and(|k| RPC_SQL_KEYS.contains(&k))
                {
                    return false;
                }
                let Some(dict) = up.parent(parent).filter(|d| d.kind() == "dictionary") else {
                    return false;
                };
                let Some((call, Arg::Pos(1) | Arg::Kw("params"))) = call_of_argument(up, src, dict)
                else {
                    return false;
                };
                callee(src, call).is_some_and(|(m, r)| m == "rpc" && r.is_some())
                    && positional_args(call)
                        .next()
                        .and_then(|f| string_value(src, f))
                        .is_some_and(|name| {
                            let name = name.to_ascii_lowercase();
                            name.contains("sql") || name.contains("query")
                        })
            }
            _ => false,
        }
    }
}

fn text<'s>(src: &'s str, n: Node<'_>) -> &'s str {
    src.get(n.byte_range()).unwrap_or("")
}

/// A string literal: one `string` or an implicit concatenation of several.
fn is_literal(n: Node<'_>) -> bool {
    matches!(n.kind(), "string" | "concatenated_string")
}

/// The literal a hit belongs to, if the hit lies in a string's own text (not in an
/// f-string's `{...}`, which holds code).
fn enclosing_literal<'t>(up: &Nav<'t>, node: Node<'t>, hit: &Range<usize>) -> Option<Node<'t>> {
    let mut n = node;
    if matches!(n.kind(), "escape_sequence" | "escape_interpolation") {
        n = up.parent(n)?;
    }
    if n.kind() == "string_content" {
        n = up.parent(n)?;
    }
    if n.kind() != "string" {
        return None;
    }
    let content = content_range(n);
    if hit.start < content.start || hit.end > content.end {
        return None;
    }
    Some(match up.parent(n) {
        Some(p) if p.kind() == "concatenated_string" => p,
        _ => n,
    })
}

/// The bytes of one `string` between its opening (prefix and quotes) and closing quotes; to
/// its end when it is unterminated.
fn content_range(s: Node<'_>) -> Range<usize> {
    let count = s.child_count();
    let start = s
        .child(0)
        .filter(|c| c.kind() == "string_start")
        .map_or(s.start_byte(), |c| c.end_byte());
    let end = count
        .checked_sub(1)
        .and_then(|i| s.child(i))
        .filter(|c| c.kind() == "string_end")
        .map_or(s.end_byte(), |c| c.start_byte());
    start..end.max(start)
}

fn has_child(n: Node<'_>, kind: &str) -> bool {
    let mut c = n.walk();
    let found = n.children(&mut c).any(|ch| ch.kind() == kind);
    found
}

/// A dict key (`{'t': 1}`) or a subscript (`row['t']`): a key, never a table string.
fn key_or_index<'t>(up: &Nav<'t>, lit: Node<'t>) -> bool {
    let Some(p) = up.parent(lit) else {
        return false;
    };
    match p.kind() {
        "pair" => p.child_by_field_name("key") == Some(lit),
        "subscript" => {
            let mut c = p.walk();
            let mut subs = p.children_by_field_name("subscript", &mut c);
            subs.next() == Some(lit) && subs.next().is_none()
        }
        _ => false,
    }
}

/// The hit is the whole value of a single literal without interpolations.
fn is_whole(lit: Node<'_>, hit: &Range<usize>) -> bool {
    lit.kind() == "string" && !has_child(lit, "interpolation") && content_range(lit) == *hit
}

/// A literal's content and its start byte. Everything that is not string text is blanked to
/// spaces byte for byte, so offsets into the text are offsets into the file: f-string
/// interpolations `{...}` (code, not SQL or select text), escape sequences (an escaped quote
/// keeps its quote) and, in an implicit concatenation, the quotes, prefixes, spaces and
/// comments between the parts.
fn content_text<'s>(src: &'s str, lit: Node<'_>) -> (usize, Cow<'s, str>) {
    let parts: Vec<Node<'_>> = if lit.kind() == "concatenated_string" {
        let mut c = lit.walk();
        let parts = lit
            .named_children(&mut c)
            .filter(|n| n.kind() == "string")
            .collect();
        parts
    } else {
        vec![lit]
    };
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return (lit.start_byte(), Cow::Borrowed(""));
    };
    let r = content_range(*first).start..content_range(*last).end;
    let r = r.start..r.end.max(r.start);
    let Some(raw) = src.get(r.clone()) else {
        return (r.start, Cow::Owned(" ".repeat(r.len())));
    };
    // Byte ranges to blank, and for escaped quotes the byte to keep.
    let mut blank: Vec<(Range<usize>, Option<u8>)> = Vec::new();
    let mut prev_end: Option<usize> = None;
    for part in &parts {
        let c = content_range(*part);
        if let Some(p) = prev_end {
            blank.push((p..c.start, None));
        }
        prev_end = Some(c.end);
        let mut cur = part.walk();
        for ch in part.children(&mut cur) {
            match ch.kind() {
                "interpolation" => blank.push((ch.byte_range(), None)),
                "string_content" => {
                    let mut cc = ch.walk();
                    for esc in ch.children(&mut cc) {
                        if esc.kind() == "escape_sequence" {
                            let last = src.as_bytes().get(esc.end_byte().wrapping_sub(1));
                            let keep = last.copied().filter(|q| matches!(q, b'\'' | b'"'));
                            blank.push((esc.byte_range(), keep));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (r.start, super::blank_out(raw, r.start, blank))
}

/// The literal value of a plain string (one literal, no interpolations, no escapes).
fn string_value<'s>(src: &'s str, s: Node<'_>) -> Option<&'s str> {
    if s.kind() != "string" || has_child(s, "interpolation") {
        return None;
    }
    let mut c = s.walk();
    let escaped = s
        .children(&mut c)
        .filter(|ch| ch.kind() == "string_content")
        .any(|ch| has_child(ch, "escape_sequence"));
    if escaped {
        return None;
    }
    src.get(content_range(s))
}

/// The name a call calls and its receiver: `f(...)` is `("f", None)`, `x.m(...)` is
/// `("m", Some(x))`.
fn callee<'s, 't>(src: &'s str, call: Node<'t>) -> Option<(&'s str, Option<Node<'t>>)> {
    if call.kind() != "call" {
        return None;
    }
    let f = call.child_by_field_name("function")?;
    match f.kind() {
        "identifier" => Some((text(src, f), None)),
        "attribute" => {
            let name = f.child_by_field_name("attribute")?;
            Some((text(src, name), Some(f.child_by_field_name("object")?)))
        }
        _ => None,
    }
}

/// The positional arguments of a call, in order.
fn positional_args<'t>(call: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let args = call
        .child_by_field_name("arguments")
        .filter(|a| a.kind() == "argument_list");
    let mut out = Vec::new();
    if let Some(args) = args {
        let mut c = args.walk();
        out.extend(args.named_children(&mut c).filter(|n| {
            !matches!(
                n.kind(),
                "comment" | "keyword_argument" | "dictionary_splat" | "line_continuation"
            )
        }));
    }
    out.into_iter()
}

fn positional_count(call: Node<'_>) -> usize {
    positional_args(call).count()
}

/// The call `arg` is passed to, and how.
fn call_of_argument<'s, 't>(
    up: &Nav<'t>,
    src: &'s str,
    arg: Node<'t>,
) -> Option<(Node<'t>, Arg<'s>)> {
    let parent = up.parent(arg)?;
    match parent.kind() {
        "argument_list" => {
            let call = up.parent(parent).filter(|c| c.kind() == "call")?;
            let idx = positional_args(call).position(|n| n == arg)?;
            Some((call, Arg::Pos(idx)))
        }
        "keyword_argument" if parent.child_by_field_name("value") == Some(arg) => {
            let name = text(src, parent.child_by_field_name("name")?);
            let args = up.parent(parent).filter(|a| a.kind() == "argument_list")?;
            let call = up.parent(args).filter(|c| c.kind() == "call")?;
            Some((call, Arg::Kw(name)))
        }
        _ => None,
    }
}

/// SQLAlchemy `Table('t', metadata, ...)`: the table's SQL name, unless a `schema=` other
/// than `public` puts it in another schema.
fn sqlalchemy_table(src: &str, call: Node<'_>) -> Class {
    let other_schema = call
        .child_by_field_name("arguments")
        .and_then(|args| {
            let mut c = args.walk();
            let kw = args.named_children(&mut c).find(|n| {
                n.kind() == "keyword_argument"
                    && n.child_by_field_name("name")
                        .is_some_and(|k| text(src, k) == "schema")
            });
            kw
        })
        .and_then(|kw| kw.child_by_field_name("value"))
        .and_then(|v| string_value(src, v))
        .is_some_and(|s| s != "public");
    if other_schema {
        Class::MENTION
    } else {
        Class::new(Kind::Orm)
    }
}

/// A storage client: `storage`, anything ending in a `.storage` member, or a `storage()` call.
fn is_storage(src: &str, receiver: Node<'_>) -> bool {
    let r = unwrap_parens(receiver);
    let r = match r.kind() {
        "call" => match r.child_by_field_name("function") {
            Some(f) => f,
            None => return false,
        },
        _ => r,
    };
    match r.kind() {
        "identifier" => text(src, r) == "storage",
        "attribute" => r
            .child_by_field_name("attribute")
            .is_some_and(|p| text(src, p) == "storage"),
        _ => false,
    }
}

/// Looks through `(x)`, which does not break a call chain.
fn unwrap_parens(mut n: Node<'_>) -> Node<'_> {
    while n.kind() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

/// The `.not_` property of postgrest-py negates the next filter and keeps the chain going.
fn is_negation(src: &str, attr: Node<'_>) -> bool {
    attr.kind() == "attribute"
        && attr
            .child_by_field_name("attribute")
            .is_some_and(|a| text(src, a) == "not_")
}

/// The calls of the chain `call` belongs to, from its base to its end.
fn chain<'t>(up: &Nav<'t>, src: &str, call: Node<'t>) -> Vec<Node<'t>> {
    let mut calls = Vec::new();
    let mut cur = call;
    while let Some(f) = cur.child_by_field_name("function") {
        if f.kind() != "attribute" {
            break;
        }
        let Some(mut obj) = f.child_by_field_name("object").map(unwrap_parens) else {
            break;
        };
        while is_negation(src, obj) {
            match obj.child_by_field_name("object") {
                Some(o) => obj = unwrap_parens(o),
                None => break,
            }
        }
        if obj.kind() != "call" {
            break;
        }
        calls.push(obj);
        cur = obj;
    }
    calls.reverse();
    calls.push(call);
    let mut cur = call;
    loop {
        let mut inner = cur;
        let mut p = up.parent(cur);
        while let Some(w) = p.filter(|w| w.kind() == "parenthesized_expression") {
            inner = w;
            p = up.parent(w);
        }
        let Some(mut member) = p.filter(|m| m.kind() == "attribute") else {
            break;
        };
        if member.child_by_field_name("object") != Some(inner) {
            break;
        }
        while is_negation(src, member) {
            match up.parent(member).filter(|m| {
                m.kind() == "attribute" && m.child_by_field_name("object") == Some(member)
            }) {
                Some(m) => member = m,
                None => break,
            }
        }
        let Some(next) = up
            .parent(member)
            .filter(|c| c.kind() == "call")
            .filter(|c| c.child_by_field_name("function") == Some(member))
        else {
            break;
        };
        calls.push(next);
        cur = next;
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Site;

    /// The old names the tests look for, as a rules file would list them.
    const TABLES: &[&str] = &["scripts", "prompts", "emails", "sync_history"];

    const MENTION: Option<Class> = Some(Class::MENTION);
    const FROM: Option<Class> = Some(Class::new(Kind::FromCall));
    const SQL: Option<Class> = Some(Class::new(Kind::Sql));
    const REALTIME: Option<Class> = Some(Class::new(Kind::Realtime));
    const TSTR: Option<Class> = Some(Class::new(Kind::TableString));

    fn pg(site: Site, via_alias: bool) -> Option<Class> {
        Some(Class {
            kind: Kind::Postgrest,
            site,
            via_alias,
        })
    }

    fn is_word(c: Option<&u8>) -> bool {
        c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    }

    /// Every whole-word occurrence of an old name in any case, as the scanner reports them.
    fn hits(src: &str) -> Vec<Hit> {
        let lower = src.to_ascii_lowercase();
        let b = src.as_bytes();
        let mut out = Vec::new();
        for (table, name) in TABLES.iter().enumerate() {
            for (i, _) in lower.match_indices(name) {
                let end = i + name.len();
                if is_word(i.checked_sub(1).and_then(|j| b.get(j))) || is_word(b.get(end)) {
                    continue;
                }
                out.push(Hit {
                    span: i..end,
                    table,
                    exact: &src[i..end] == *name,
                });
            }
        }
        out.sort_by_key(|h| h.span.start);
        out
    }

    /// The span of the `nth` whole-word, exact-case occurrence of `needle`.
    fn find(src: &str, needle: &str, nth: usize) -> Range<usize> {
        let b = src.as_bytes();
        let start = src
            .match_indices(needle)
            .map(|(i, _)| i)
            .filter(|&i| {
                !is_word(i.checked_sub(1).and_then(|j| b.get(j)))
                    && !is_word(b.get(i + needle.len()))
            })
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle} #{nth} not in {src}"));
        start..start + needle.len()
    }

    /// The class of the `nth` occurrence of `needle` when the whole file is classified.
    fn class_at(src: &str, needle: &str, nth: usize) -> Option<Class> {
        let hits = hits(src);
        let classes = classify(src, &hits);
        assert_eq!(classes.len(), hits.len());
        let span = find(src, needle, nth);
        let i = hits
            .iter()
            .position(|h| h.span == span)
            .unwrap_or_else(|| panic!("no hit at {span:?}"));
        classes[i]
    }

    /// The strings handed to the SQL classifier, with their hits as (text, exact) pairs.
    /// Rebased hit spans and whether each is exact.
    type Rebased = Vec<(Range<usize>, bool)>;

    fn sql_texts(src: &str) -> Vec<(String, Rebased)> {
        let tree = parse(src).unwrap();
        let hits = hits(src);
        let (_, texts) = judge(src, tree.root_node(), &hits);
        texts
            .into_iter()
            .map(|t| {
                for (h, &i) in t.hits.iter().zip(&t.idx) {
                    assert_eq!(&t.text[h.span.clone()], &src[hits[i].span.clone()]);
                }
                (
                    t.text,
                    t.hits.into_iter().map(|h| (h.span, h.exact)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn table_call_and_select_embed() {
        let src = r#"res = supabase.table("scripts").select("id, prompts(name)").execute()"#;
        assert_eq!(class_at(src, "scripts", 0), FROM);
        assert_eq!(class_at(src, "prompts", 0), pg(Site::Embed, false));
    }

    #[test]
    fn from_underscore_schema_and_receivers() {
        let src = r#"
a = supabase.from_("emails").select("*").execute()
b = supabase.schema("archive").table("emails").select("*").execute()
c = self.client.table('emails').select('*').execute()
d = get_client().from_('''emails''').select('*').execute()
"#;
        for nth in 0..4 {
            assert_eq!(class_at(src, "emails", nth), FROM, "#{nth}");
        }
    }

    #[test]
    fn table_name_keyword_names_the_table() {
        let src = r#"
a = supabase.table(table_name="emails").select("*").execute()
b = client.from_(table_name='emails').insert(row).execute()
c = supabase.storage.from_(table_name="emails")
d = supabase.table(name="emails")
e = table(table_name="emails")
"#;
        assert_eq!(class_at(src, "emails", 0), FROM);
        assert_eq!(class_at(src, "emails", 1), FROM);
        assert_eq!(class_at(src, "emails", 2), MENTION);
        // Not a query's table argument: a string naming the table.
        assert_eq!(class_at(src, "emails", 3), TSTR);
        assert_eq!(class_at(src, "emails", 4), TSTR);
    }

    #[test]
    fn storage_buckets_are_mentions() {
        let src = r#"
supabase.storage.from_("emails").upload(path, data)
storage.from_("emails").list()
supabase.storage().from_("emails").list()
supabase.storage.from_("emails").select("prompts(id)").eq("prompts.id", 1)
"#;
        for nth in 0..4 {
            assert_eq!(class_at(src, "emails", nth), MENTION, "#{nth}");
        }
        // A storage chain is no PostgREST query: its embed-shaped name is left for review.
        let unresolved = Some(Class::new(Kind::UnresolvedEmbed));
        assert_eq!(class_at(src, "prompts", 0), unresolved);
        assert_eq!(class_at(src, "prompts", 1), MENTION);
    }

    #[test]
    fn from_call_needs_the_whole_string() {
        let src = r#"
supabase.table("scripts-archive").select("*")
supabase.table(f"{prefix}scripts").select("*")
supabase.table("scripts:id=eq.1")
supabase.table("scripts" "").select("*")
supabase.table(f"scripts").select("*")
supabase.table(name, "scripts")
"#;
        for nth in 0..4 {
            assert_eq!(class_at(src, "scripts", nth), MENTION, "#{nth}");
        }
        // An f-string without holes is its plain text.
        assert_eq!(class_at(src, "scripts", 4), FROM);
        assert_eq!(class_at(src, "scripts", 5), TSTR);
    }

    #[test]
    fn select_roles_alias_inner_spread_hint() {
        let src = r#"
rows = (
    supabase.table("scripts")
    .select("""
        id,
        prompts:prompt_versions(name),
        p:prompts!inner(id),
        emails!inner(subject),
        ...prompts(title),
        users!scripts(name),
        scripts,
        meta->scripts
    """)
    .execute()
)
"#;
        assert_eq!(class_at(src, "scripts", 0), FROM);
        // The response key left of `:` is no finding.
        assert_eq!(class_at(src, "prompts", 0), None);
        assert_eq!(class_at(src, "prompts", 1), pg(Site::AliasedEmbed, false));
        assert_eq!(class_at(src, "emails", 0), pg(Site::Embed, false));
        assert_eq!(class_at(src, "prompts", 2), pg(Site::Spread, false));
        assert_eq!(class_at(src, "scripts", 1), pg(Site::Hint, false));
        // A bare column and a JSON key are no relations.
        assert_eq!(class_at(src, "scripts", 2), MENTION);
        assert_eq!(class_at(src, "scripts", 3), MENTION);
    }

    #[test]
    fn select_needs_a_query_chain() {
        let src = r#"
soup.select("prompts(x)")
supabase.rpc("search", {"q": q}).select("*, prompts(*)").execute()
supabase.table("x").insert({"scripts": 1}).select("id, prompts(name)").execute()
supabase.table("x").insert({"a": 1}).execute()
supabase.table("x").update({"a": 1}).eq("prompts.id", 1).execute()
"#;
        // No query reads it whole: an embed for review, never silently a mention.
        let unresolved = Some(Class::new(Kind::UnresolvedEmbed));
        assert_eq!(class_at(src, "prompts", 0), unresolved);
        assert_eq!(class_at(src, "prompts", 1), pg(Site::Embed, false));
        // A dict key of the inserted row is a column name.
        assert_eq!(class_at(src, "scripts", 0), MENTION);
        assert_eq!(class_at(src, "prompts", 2), pg(Site::Embed, false));
        assert_eq!(class_at(src, "prompts", 3), pg(Site::FilterPath, false));
    }

    #[test]
    fn select_with_several_positional_strings() {
        let src = r#"supabase.table("x").select("id", "prompts(name)", count="exact").eq("prompts.name", n)"#;
        assert_eq!(class_at(src, "prompts", 0), pg(Site::Embed, false));
        assert_eq!(class_at(src, "prompts", 1), pg(Site::FilterPath, true));
    }

    #[test]
    fn filter_paths_and_via_alias() {
        let src = r#"
a = supabase.table("scripts").select("id, prompts(name)").eq("prompts.name", x).execute()
b = supabase.table("scripts").select("id").eq("prompts.name", x).execute()
c = supabase.table("scripts").select("id, prompts:new_prompts(name)").eq("prompts.name", x)
d = supabase.table("scripts").select("id, p:prompts(name)").ilike("prompts.name", x)
e = supabase.table("scripts").select("id").eq("prompts", x)
f = supabase.table("scripts").select("id").eq("status", "prompts")
"#;
        assert_eq!(class_at(src, "prompts", 1), pg(Site::FilterPath, true));
        assert_eq!(class_at(src, "prompts", 2), pg(Site::FilterPath, false));
        // The path names the response key the select gave.
        assert_eq!(class_at(src, "prompts", 3), None);
        assert_eq!(class_at(src, "prompts", 4), None);
        assert_eq!(class_at(src, "prompts", 5), pg(Site::AliasedEmbed, false));
        assert_eq!(class_at(src, "prompts", 6), pg(Site::FilterPath, false));
        // A bare column that no select embeds, and a filter value: strings naming the table.
        assert_eq!(class_at(src, "prompts", 7), TSTR);
        assert_eq!(class_at(src, "prompts", 8), TSTR);
    }

    #[test]
    fn negated_filters_match_or_and_keyword_column() {
        let src = r#"
q = (
    supabase.table("scripts")
    .select("id, prompts(name), emails(id)")
    .not_.is_("prompts", "null")
    .not_.in_("emails.id", [1, 2])
    .match({"prompts.name": n, "emails": 1})
    .or_("prompts.name.eq.a,emails.id.gt.2,status.eq.prompts")
    .filter(column="prompts.name", operator="eq", criteria="x")
    .execute()
)
"#;
        assert_eq!(class_at(src, "prompts", 1), pg(Site::FilterPath, true));
        assert_eq!(class_at(src, "emails", 1), pg(Site::FilterPath, true));
        assert_eq!(class_at(src, "prompts", 2), pg(Site::FilterPath, true));
        assert_eq!(class_at(src, "emails", 2), pg(Site::FilterPath, true));
        assert_eq!(class_at(src, "prompts", 3), pg(Site::FilterPath, true));
        assert_eq!(class_at(src, "emails", 3), pg(Site::FilterPath, true));
        // A value inside the logic tree is data.
        assert_eq!(class_at(src, "prompts", 4), MENTION);
        assert_eq!(class_at(src, "prompts", 5), pg(Site::FilterPath, true));
    }

    #[test]
    fn order_with_embed_column_and_backslash_chain() {
        let src = "rows = supabase.table(\"scripts\") \\\n    .select(\"id, prompts(name)\") \\\n    .order(\"prompts(name)\", desc=True) \\\n    .execute()\n";
        assert_eq!(class_at(src, "scripts", 0), FROM);
        assert_eq!(class_at(src, "prompts", 0), pg(Site::Embed, false));
        assert_eq!(class_at(src, "prompts", 1), pg(Site::FilterPath, true));
    }

    #[test]
    fn referenced_table_keywords() {
        let src = r#"
q = (
    supabase.table("scripts")
    .select("id, prompts(name, created_at), e:emails(id)")
    .order("created_at", foreign_table="prompts")
    .limit(5, foreign_table="prompts")
    .range(0, 9, foreign_table="prompts")
    .or_("name.eq.x", reference_table="prompts")
    .order("id", foreign_table="emails")
    .order("id", foreign_table="e")
    .execute()
)
r = supabase.table("scripts").select("*").order("id", foreign_table="emails")
"#;
        for nth in 1..5 {
            assert_eq!(
                class_at(src, "prompts", nth),
                pg(Site::ReferencedTable, true),
                "#{nth}"
            );
        }
        assert_eq!(class_at(src, "emails", 1), pg(Site::ReferencedTable, false));
        assert_eq!(class_at(src, "emails", 2), pg(Site::ReferencedTable, false));
    }

    #[test]
    fn referenced_table_naming_an_alias_is_no_finding() {
        let src = r#"supabase.table("x").select("id, emails:new_emails(id)").order("id", foreign_table="emails")"#;
        assert_eq!(class_at(src, "emails", 0), None);
        assert_eq!(class_at(src, "emails", 1), None);
    }

    #[test]
    fn realtime_subscription() {
        let src = r#"
channel = supabase.channel("emails-changes")
channel.on_postgres_changes("INSERT", schema="public", table="emails", callback=cb).subscribe()
channel.on_postgres_changes(event="*", table=f"{p}emails", callback=cb)
other.on_broadcast("x", table="emails")
"#;
        assert_eq!(class_at(src, "emails", 0), MENTION);
        assert_eq!(class_at(src, "emails", 1), REALTIME);
        assert_eq!(class_at(src, "emails", 2), MENTION);
        assert_eq!(class_at(src, "emails", 3), TSTR);
    }

    #[test]
    fn sqlalchemy_table_names() {
        let src = r#"
class Script(Base):
    __tablename__ = "scripts"
    __table_args__ = {"comment": "scripts"}

class Prompt(Base):
    __tablename__: str = 'prompts'

emails = Table("emails", metadata, Column("id", Integer))
archived = sa.Table("emails", metadata, schema="archive")
public = sa.Table("emails", metadata, schema="public")
dynamo = boto3.resource("dynamodb").Table("emails")
"#;
        let orm = Some(Class::new(Kind::Orm));
        assert_eq!(class_at(src, "scripts", 0), orm);
        assert_eq!(class_at(src, "scripts", 1), TSTR);
        assert_eq!(class_at(src, "prompts", 0), orm);
        // The Python variable is a mention; the model's table is orm.
        assert_eq!(class_at(src, "emails", 0), MENTION);
        assert_eq!(class_at(src, "emails", 1), orm);
        assert_eq!(class_at(src, "emails", 2), MENTION);
        assert_eq!(class_at(src, "emails", 3), orm);
        // One argument: not SQLAlchemy's `Table(name, metadata)`.
        assert_eq!(class_at(src, "emails", 4), TSTR);
    }

    #[test]
    fn everything_else_is_a_mention() {
        let src = r#"
scripts = []
# load the scripts first
def sync(payload):
    """Copies prompts into scripts."""
    if payload["table"] == "emails":
        return row["scripts"], row.scripts, fetch(scripts=1)
    Scripts = SCRIPTS
    log.info(f"{len(scripts)} scripts")
"#;
        assert_eq!(class_at(src, "scripts", 0), MENTION);
        assert_eq!(class_at(src, "scripts", 1), MENTION);
        assert_eq!(class_at(src, "prompts", 0), MENTION);
        assert_eq!(class_at(src, "scripts", 2), MENTION);
        // The table held as data; `row["scripts"]` is a key.
        assert_eq!(class_at(src, "emails", 0), TSTR);
        assert_eq!(class_at(src, "scripts", 3), MENTION);
        assert_eq!(class_at(src, "scripts", 4), MENTION);
        assert_eq!(class_at(src, "scripts", 5), MENTION);
        // Another case is no reference outside SQL.
        assert_eq!(class_at(src, "Scripts", 0), None);
        assert_eq!(class_at(src, "SCRIPTS", 0), None);
        // Code inside an f-string's braces, then the string's own text.
        assert_eq!(class_at(src, "scripts", 6), MENTION);
        assert_eq!(class_at(src, "scripts", 7), MENTION);
    }

    #[test]
    fn sql_sinks_hand_the_string_over() {
        let src = r#"
cursor.execute("UPDATE sync_history SET x = 1")
cur.executemany('INSERT INTO emails (a) VALUES (%s)', rows)
session.execute(text("select * from Scripts"))
supabase.rpc("exec_sql", {"sql_query": "DELETE FROM prompts"}).execute()
supabase.rpc("execute_sql", params={"query": "TRUNCATE emails"}).execute()
supabase.rpc("search", {"query": "prompts"}).execute()
cursor.execute(query, ("emails",))
"#;
        assert_eq!(
            sql_texts(src),
            vec![
                (
                    "UPDATE sync_history SET x = 1".to_string(),
                    vec![(7..19, true)]
                ),
                (
                    "INSERT INTO emails (a) VALUES (%s)".to_string(),
                    vec![(12..18, true)]
                ),
                ("select * from Scripts".to_string(), vec![(14..21, false)]),
                ("DELETE FROM prompts".to_string(), vec![(12..19, true)]),
                ("TRUNCATE emails".to_string(), vec![(9..15, true)]),
            ]
        );
        // Not SQL sinks: an RPC that is no SQL runner, a parameter tuple.
        assert_eq!(class_at(src, "prompts", 1), TSTR);
        assert_eq!(class_at(src, "emails", 2), TSTR);
    }

    #[test]
    fn fstring_holes_are_blanked_in_place() {
        let src =
            r#"cursor.execute(f"SELECT * FROM {table} JOIN emails ON {t!r:>3} = 'it''s' {{x}}")"#;
        let texts = sql_texts(src);
        assert_eq!(texts.len(), 1);
        let (text, hits) = &texts[0];
        assert_eq!(
            text,
            "SELECT * FROM         JOIN emails ON          = 'it''s' {{x}}"
        );
        let start = src.find("SELECT").unwrap();
        assert_eq!(text.len(), src.len() - start - 2);
        assert_eq!(
            hits,
            &vec![(
                find(src, "emails", 0).start - start..find(src, "emails", 0).end - start,
                true
            )]
        );
        // A hit inside the hole is code.
        let src = r#"cursor.execute(f"SELECT * FROM {emails} WHERE x = 1")"#;
        assert_eq!(sql_texts(src), vec![]);
        assert_eq!(class_at(src, "emails", 0), MENTION);
    }

    #[test]
    fn concatenated_strings_read_as_one_text() {
        let src = "cursor.execute(\"SELECT * \"  # all columns\n    'FROM emails '\n    r\"WHERE a = '\\d'\")\nx = \"a\\\"b\\nc emails\"";
        let texts = sql_texts(src);
        assert_eq!(
            texts,
            vec![(
                // The closing quote, the comment, the newline, the indent and the next
                // opening quote all become spaces.
                format!(
                    "SELECT *{}FROM emails{}WHERE a = '\\d'",
                    " ".repeat(23),
                    " ".repeat(9)
                ),
                vec![(36..42, true)]
            )]
        );
        // Escapes blank to spaces, an escaped quote keeping its quote.
        let tree = parse(src).unwrap();
        let mut nav = Nav::new(tree.root_node());
        let hit = find(src, "emails", 1);
        let n = nav.node_for(hit.start, hit.end).unwrap();
        let s = enclosing_literal(&nav, n, &hit).unwrap();
        let (start, text) = content_text(src, s);
        assert_eq!(start, src.rfind("a\\\"b").unwrap());
        assert_eq!(text, "a \"b  c emails");
    }

    #[test]
    fn select_string_split_over_literals() {
        let src = "supabase.table('x').select('id, '\n  'prompts(name)').eq('prompts.name', n)";
        assert_eq!(class_at(src, "prompts", 0), pg(Site::Embed, false));
        assert_eq!(class_at(src, "prompts", 1), pg(Site::FilterPath, true));
    }

    #[test]
    fn sql_in_strings_by_sink() {
        let src = r#"
cursor.execute("UPDATE sync_history SET x = 1")
session.execute(text("select * from Scripts where name = 'prompts'"))
supabase.rpc("exec_sql", {"sql": "DELETE FROM emails"}).execute()
"#;
        assert_eq!(class_at(src, "sync_history", 0), SQL);
        assert_eq!(class_at(src, "Scripts", 0), SQL);
        assert_eq!(class_at(src, "prompts", 0), MENTION);
        assert_eq!(class_at(src, "emails", 0), SQL);
    }

    #[test]
    fn sql_in_strings_by_shape() {
        let src = r#"
QUERY = """
    SELECT s.id, p.name
    FROM scripts s
    JOIN prompts p ON p.script_id = s.id
"""
query = f"UPDATE emails SET sent = true WHERE id = {email_id}"
label = "Select the scripts to run"
"#;
        assert_eq!(class_at(src, "scripts", 0), SQL);
        assert_eq!(class_at(src, "prompts", 0), SQL);
        assert_eq!(class_at(src, "emails", 0), SQL);
        // Prose that starts with a SQL word.
        assert_eq!(class_at(src, "scripts", 1), MENTION);
    }

    #[test]
    fn sql_fstring_with_table_hole() {
        let src =
            r#"cursor.execute(f"INSERT INTO {table} SELECT * FROM emails WHERE kind = 'scripts'")"#;
        assert_eq!(class_at(src, "emails", 0), SQL);
        assert_eq!(class_at(src, "scripts", 0), MENTION);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let src = r#"
q = (supabase.table("scripts").select("""id, p:prompts!inner(x), ...emails(*""")
  .not_.eq("prompts.x", 1).or_("emails.a.eq.1", reference_table="emails")
  .match({"prompts": 1}))
cursor.execute(f"SELECT {x!r:{w}} FROM scripts é" "ü emails")
class T(Base): __tablename__ = "scripts"
"#;
        for end in 0..=src.len() {
            let Some(s) = src.get(..end) else { continue };
            let hits = hits(s);
            assert_eq!(classify(s, &hits).len(), hits.len());
        }
        let garbage = "supabase.table(\"scripts\"\x00(((\"\"\"emails\u{1F600}f'{'\\";
        let hits = hits(garbage);
        assert_eq!(classify(garbage, &hits).len(), hits.len());
        // Hits whose spans do not fit the text are mentions, never a panic.
        let odd = [Hit {
            span: 5..500,
            table: 0,
            exact: true,
        }];
        assert_eq!(classify("x = 1", &odd), vec![MENTION]);
    }
}
