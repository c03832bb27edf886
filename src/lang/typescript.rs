//! TypeScript, TSX and JavaScript: classification with tree-sitter.
//!
//! Each hit is mapped to the smallest syntax node around it and judged from its ancestors:
//! supabase-js call chains (`x.from('t').select('...').eq('t.col', v)` is a nest of
//! `call_expression` and `member_expression` nodes, walked both ways), generated-type
//! positions, realtime subscriptions and SQL held in strings.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Node, Parser, Tree};

use super::nav::Nav;
use crate::findings::{Class, Hit, Kind};
use crate::postgrest::{self, FieldPath, PathTarget, Select};

mod pieces;

thread_local! {
    /// One parser per grammar (TypeScript, TSX) and thread, reused across files.
    static PARSERS: RefCell<[Option<Parser>; 2]> = const { RefCell::new([None, None]) };
}

fn parse(src: &str, tsx: bool) -> Option<Tree> {
    PARSERS.with(|cell| {
        let mut parsers = cell.try_borrow_mut().ok()?;
        let slot = &mut parsers[usize::from(tsx)];
        if slot.is_none() {
            let lang = if tsx {
                tree_sitter_typescript::LANGUAGE_TSX
            } else {
                tree_sitter_typescript::LANGUAGE_TYPESCRIPT
            };
            let mut parser = Parser::new();
            parser.set_language(&lang.into()).ok()?;
            *slot = Some(parser);
        }
        slot.as_mut()?.parse(src, None)
    })
}

/// Classifies every hit of a TypeScript (`tsx == false`) or TSX/JavaScript source; one result
/// per hit, in order.
pub fn classify(src: &str, tsx: bool, hits: &[Hit]) -> Vec<Option<Class>> {
    let Some(tree) = parse(src, tsx) else {
        return super::text::classify(hits);
    };
    let root = tree.root_node();
    let mut nav = Nav::new(root);
    let mut cx = Cx::new(src);
    cx.pieces = pieces::Pieces::new(src, root, |chain| is_query(src, chain));
    if src.contains("keyof") {
        cx.helpers = declared_helpers(src, root);
    }
    let mut out = Vec::with_capacity(hits.len());
    // Strings holding SQL, with the hits inside each: a string is classified once, whole.
    let mut sql: Vec<(Node<'_>, Vec<usize>)> = Vec::new();
    let mut sql_at: HashMap<usize, usize> = HashMap::new();
    // Table strings and names in computed `.from(...)` arguments, judged once the file's
    // data flow is known.
    let mut literals: Vec<(usize, LitSite<'_>)> = Vec::new();
    let mut computed: Vec<(usize, Node<'_>)> = Vec::new();
    for (i, hit) in hits.iter().enumerate() {
        match cx.hit(&mut nav, hit) {
            Verdict::Done(class) => out.push(class),
            Verdict::Literal(s) => {
                out.push(Some(Class::new(Kind::TableString)));
                // Where the string sits is read now, while the path to it is known.
                literals.push((i, LitSite::of(src, &nav, s)));
            }
            Verdict::InFrom(arg) => {
                out.push(Some(Class::new(Kind::DynamicFrom)));
                computed.push((i, arg));
            }
            Verdict::Sql(s) => {
                out.push(None);
                let group = *sql_at.entry(s.start_byte()).or_insert_with(|| {
                    sql.push((s, Vec::new()));
                    sql.len() - 1
                });
                sql[group].1.push(i);
            }
        }
    }
    for (s, idx) in sql {
        let (start, text) = content_text(src, s);
        super::classify_sql_string(&text, start, hits, &idx, &mut out);
    }
    drop(nav);
    if !literals.is_empty() || !computed.is_empty() {
        let mut flow = Flow::new(src, root);
        for (i, site) in literals {
            if flow.reaches_from(src, site) {
                out[i] = Some(Class::new(Kind::FromCall));
            }
        }
        for (i, arg) in computed {
            if flow.resolved(src, arg) {
                out[i] = Some(Class::MENTION);
            }
        }
    }
    super::relations_of_other_schemas(hits, &cx.keyed, &cx.relations, &mut out);
    out
}

enum Verdict<'t> {
    Done(Option<Class>),
    /// The hit is the whole content of this string, in no position that says more: a table
    /// string, or a `from-call` if the string flows into `.from(x)`.
    Literal(Node<'t>),
    /// The hit is a name in this computed first argument of `.from(...)`: `dynamic-from`,
    /// unless the argument is a constant of the file (whose literal is then the reference).
    InFrom(Node<'t>),
    /// The hit lies in this string, which holds SQL.
    Sql(Node<'t>),
}

/// Methods whose first argument is a column path (`match` and `or` are handled apart).
pub(super) const FILTERS: &[&str] = &[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "like",
    "ilike",
    "likeAllOf",
    "likeAnyOf",
    "ilikeAllOf",
    "ilikeAnyOf",
    "is",
    "isDistinct",
    "in",
    "contains",
    "containedBy",
    "overlaps",
    "rangeGt",
    "rangeGte",
    "rangeLt",
    "rangeLte",
    "rangeAdjacent",
    "regexMatch",
    "regexIMatch",
    "not",
    "filter",
    "textSearch",
    "order",
];

/// Calls that make a chain a PostgREST query.
pub(super) const QUERY_STARTS: &[&str] = &["from", "insert", "update", "upsert", "delete", "rpc"];

/// Keys of the `.rpc('exec_sql', { ... })` argument that carry SQL text.
pub(super) const RPC_SQL_KEYS: &[&str] = &["sql", "sql_query", "query", "query_text"];

struct Cx<'s> {
    src: &'s str,
    /// Parsed select strings, by the start byte of their string node.
    selects: HashMap<usize, (usize, String, Select)>,
    /// Whether a string holds SQL, by the start byte of its node.
    sql_strings: HashMap<usize, bool>,
    /// Tables (rules indices) that are keys under the rules' schema's `Tables` or `Views`.
    keyed: Vec<usize>,
    /// Start bytes of `referencedRelation` hits of the rules' schema.
    relations: Vec<usize>,
    /// Select strings built from pieces, and the literals they are made of.
    pieces: pieces::Pieces,
    /// The file's own type helpers: generic types whose type parameter (at the index given)
    /// is constrained by `keyof` over `Tables`.
    helpers: HashMap<String, usize>,
}

impl<'s> Cx<'s> {
    fn new(src: &'s str) -> Cx<'s> {
        Cx {
            src,
            selects: HashMap::new(),
            sql_strings: HashMap::new(),
            keyed: Vec::new(),
            relations: Vec::new(),
            pieces: pieces::Pieces::default(),
            helpers: HashMap::new(),
        }
    }

    fn hit<'t>(&mut self, nav: &mut Nav<'t>, hit: &Hit) -> Verdict<'t> {
        let mention = Verdict::Done(hit.exact.then_some(Class::MENTION));
        let Some(node) = nav.node_for(hit.span.start, hit.span.end) else {
            return mention;
        };
        let up: &Nav<'t> = nav;
        if let Some(s) = enclosing_string(up, node) {
            let content = content_range(self.src, s);
            if hit.span.start < content.start || hit.span.end > content.end {
                return mention;
            }
            if hit.exact {
                let piece = self.pieces.of_literal(s);
                if let Some(class) = piece.and_then(|j| j.class_of(content.start, hit)) {
                    return Verdict::Done(class);
                }
                if let Some(class) = self.in_string(up, s, hit) {
                    return Verdict::Done(class);
                }
            }
            if self.holds_sql(up, s) {
                return Verdict::Sql(s);
            }
            if hit.exact
                && hit.span == content
                && !has_children(s, "template_substitution")
                && !key_or_index(up, s)
            {
                return Verdict::Literal(s);
            }
            if hit.exact {
                let (start, text) = content_text(self.src, s);
                let rel = hit.span.start - start..hit.span.end - start;
                if super::select_parts::embed_shaped(&text, &rel) {
                    return Verdict::Done(Some(Class::new(Kind::UnresolvedEmbed)));
                }
            }
            return mention;
        }
        if !hit.exact {
            return Verdict::Done(None);
        }
        if node.kind() == "comment" {
            let rel = hit.span.start - node.start_byte()..hit.span.end - node.start_byte();
            return Verdict::Done(Some(comment_class(text(self.src, node), &rel)));
        }
        if node.kind() == "property_identifier" && node.byte_range() == hit.span {
            if let Some(class) = self.property_key(up, node, node.byte_range(), hit) {
                return Verdict::Done(class);
            }
        }
        if matches!(node.kind(), "identifier" | "property_identifier") {
            if let Some(arg) = self.computed_from_arg(up, node) {
                return Verdict::InFrom(arg);
            }
        }
        mention
    }

    /// The computed first argument of a `.from(...)` call (not on storage) that `n` lies in,
    /// within the same function.
    fn computed_from_arg<'t>(&self, up: &Nav<'t>, n: Node<'t>) -> Option<Node<'t>> {
        let mut cur = n;
        while let Some(p) = up.parent(cur) {
            match p.kind() {
                "arguments" => {
                    let call = up.parent(p)?;
                    if let Some((m, receiver)) = method_of(self.src, call) {
                        if m == "from" && !is_storage(self.src, receiver) {
                            return (arg_index(p, cur) == Some(0)).then_some(cur);
                        }
                    }
                }
                "statement_block"
                | "arrow_function"
                | "function_expression"
                | "function"
                | "function_declaration"
                | "class_body"
                | "program" => return None,
                _ => {}
            }
            cur = p;
        }
        None
    }

    /// The class of an exact hit in string `s` from the string's position, if it has one.
    /// `Some(None)` drops the hit (a response key).
    fn in_string<'t>(&mut self, up: &Nav<'t>, s: Node<'t>, hit: &Hit) -> Option<Option<Class>> {
        let content = content_range(self.src, s);
        let whole = hit.span == content && !has_children(s, "template_substitution");
        // `.from('t' as any)`, `.from(('t'))`: the argument is still the string.
        let outer = lift_argument(up, s);
        let parent = up.parent(outer)?;
        if outer != s && parent.kind() != "arguments" {
            return None;
        }
        match parent.kind() {
            "arguments" => {
                let call = up.parent(parent)?;
                let idx = arg_index(parent, outer)?;
                if idx == 0 && whole {
                    if let Some(class) = drizzle_table(self.src, call) {
                        return Some(Some(class));
                    }
                }
                let (method, receiver) = method_of(self.src, call)?;
                match method {
                    "from" if idx == 0 => Some(Some(if is_storage(self.src, receiver) {
                        Class::MENTION
                    } else if whole {
                        Class::new(Kind::FromCall)
                    } else if has_children(s, "template_substitution") {
                        Class::new(Kind::DynamicFrom)
                    } else {
                        Class::MENTION
                    })),
                    "select" if idx == 0 => {
                        let chain = chain(up, call);
                        if !self.is_query(&chain) {
                            return None;
                        }
                        let (start, _, sel) = self.select(s);
                        Some(super::select_hit_class(sel, *start, hit))
                    }
                    "or" if idx == 0 => {
                        let chain = chain(up, call);
                        if !self.is_query(&chain) {
                            return None;
                        }
                        let (start, text) = content_text(self.src, s);
                        let path = super::or_filter_path(&text, start, hit)?;
                        self.filter_path(&chain, &path, &text, start, hit)
                    }
                    m if idx == 0 && FILTERS.contains(&m) => {
                        let chain = chain(up, call);
                        if !self.is_query(&chain) {
                            return None;
                        }
                        let (start, text) = content_text(self.src, s);
                        let path = postgrest::parse_field_path(&text);
                        self.filter_path(&chain, &path, &text, start, hit)
                    }
                    _ => None,
                }
            }
            "pair" => {
                if parent.child_by_field_name("key") == Some(s) {
                    return self.property_key(up, s, content, hit);
                }
                let key = prop_name(self.src, parent.child_by_field_name("key")?)?;
                match key {
                    "referencedTable" | "foreignTable" => {
                        let (start, text) = content_text(self.src, s);
                        let path = postgrest::parse_field_path(&text);
                        let first = super::path_head_at(&path, start, hit)?;
                        let chain = up
                            .parent(parent)
                            .and_then(|obj| {
                                call_of_argument(up, obj).map(|(call, _)| chain(up, call))
                            })
                            .unwrap_or_default();
                        let target = self.path_target(&chain, &first.text(&text));
                        Some(super::referenced_table_class(target))
                    }
                    "table" if whole => {
                        let (call, idx) = call_of_argument(up, up.parent(parent)?)?;
                        let (method, _) = method_of(self.src, call)?;
                        let first = first_argument(call)?;
                        (method == "on"
                            && idx == 1
                            && string_value(self.src, first) == Some("postgres_changes"))
                        .then_some(Some(Class::new(Kind::Realtime)))
                    }
                    "tableName" if whole => {
                        let (call, _) = call_of_argument(up, up.parent(parent)?)?;
                        is_vector_store(self.src, call).then_some(Some(Class::new(Kind::FromCall)))
                    }
                    _ => None,
                }
            }
            "literal_type" if whole => {
                if self.is_from_type_argument(up, parent) {
                    return Some(Some(Class::new(Kind::FromCall)));
                }
                match type_literal(up, self.src, parent, &self.helpers) {
                    TypeLit::No => None,
                    TypeLit::Other => Some(Some(Class::MENTION)),
                    TypeLit::Ref => Some(Some(Class::new(Kind::TypeRef))),
                    TypeLit::Relation => {
                        self.relations.push(hit.span.start);
                        Some(Some(Class::new(Kind::TypeRef)))
                    }
                }
            }
            "property_signature" if whole && parent.child_by_field_name("name") == Some(s) => {
                self.property_key(up, s, content, hit)
            }
            _ => None,
        }
    }

    /// The first type argument of `.from<'t', ...>(...)`: postgrest-js takes it as the
    /// relation name, so it must change together with the string argument.
    fn is_from_type_argument<'t>(&self, up: &Nav<'t>, lit: Node<'t>) -> bool {
        let Some(targs) = up.parent(lit).filter(|t| t.kind() == "type_arguments") else {
            return false;
        };
        let mut c = targs.walk();
        let first = targs.named_children(&mut c).find(|n| n.kind() != "comment");
        if first != Some(lit) {
            return false;
        }
        up.parent(targs)
            .filter(|call| call.child_by_field_name("type_arguments") == Some(targs))
            .and_then(|call| method_of(self.src, call))
            .is_some_and(|(m, receiver)| m == "from" && !is_storage(self.src, receiver))
    }

    /// An object or object-type key whose name text is `name` (the identifier, or a string's
    /// content): a table key of generated types, or a `.match({ 't.col': v })` path.
    fn property_key<'t>(
        &mut self,
        up: &Nav<'t>,
        key: Node<'t>,
        name: Range<usize>,
        hit: &Hit,
    ) -> Option<Option<Class>> {
        let parent = up.parent(key)?;
        match parent.kind() {
            "property_signature" if name == hit.span => {
                if !table_key(up, self.src, parent) {
                    return None;
                }
                self.keyed.push(hit.table);
                Some(Some(Class::new(Kind::TypeRef)))
            }
            "pair" => {
                let (call, idx) = call_of_argument(up, up.parent(parent)?)?;
                let (method, _) = method_of(self.src, call)?;
                if method != "match" || idx != 0 {
                    return None;
                }
                let chain = chain(up, call);
                if !self.is_query(&chain) {
                    return None;
                }
                let text = self.src.get(name.clone())?;
                let path = postgrest::parse_field_path(text);
                self.filter_path(&chain, &path, text, name.start, hit)
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

    /// What `name` refers to as a path head, judged by every select string of the chain.
    fn path_target(&mut self, chain: &[Node<'_>], name: &str) -> PathTarget {
        let mut target = PathTarget::Unknown;
        for &call in chain {
            if method_of(self.src, call).map(|m| m.0) != Some("select") {
                continue;
            }
            let Some(s) = first_argument(call).filter(|a| is_string(*a)) else {
                if let Some(j) = self.pieces.of_call(call) {
                    target = target.max(j.path_target(name));
                }
                continue;
            };
            let (_, text, sel) = self.select(s);
            target = target.max(sel.path_target(text, name));
        }
        target
    }

    /// The string holds SQL, by its sink or by its shape (remembered: a long SQL string
    /// often holds many hits).
    fn holds_sql<'t>(&mut self, up: &Nav<'t>, s: Node<'t>) -> bool {
        if let Some(&known) = self.sql_strings.get(&s.start_byte()) {
            return known;
        }
        let sql = self.sql_sink(up, s) || super::sql::looks_like_sql(&content_text(self.src, s).1);
        self.sql_strings.insert(s.start_byte(), sql);
        sql
    }

    fn select(&mut self, s: Node<'_>) -> &(usize, String, Select) {
        let src = self.src;
        self.selects.entry(s.start_byte()).or_insert_with(|| {
            let (start, text) = content_text(src, s);
            let sel = postgrest::parse_select(&text);
            (start, text.into_owned(), sel)
        })
    }

    fn is_query(&self, chain: &[Node<'_>]) -> bool {
        is_query(self.src, chain)
    }

    /// A string passed where SQL goes: `.query(...)`, `.unsafe(...)`, a `sql` tagged
    /// template, or the SQL parameter of an `exec_sql`-style RPC.
    fn sql_sink<'t>(&self, up: &Nav<'t>, s: Node<'t>) -> bool {
        let Some(parent) = up.parent(s) else {
            return false;
        };
        match parent.kind() {
            "call_expression" => {
                parent.child_by_field_name("arguments") == Some(s)
                    && parent
                        .child_by_field_name("function")
                        .is_some_and(|f| match f.kind() {
                            "identifier" => text(self.src, f) == "sql",
                            "member_expression" => {
                                method_of(self.src, parent).is_some_and(|(m, _)| m == "sql")
                            }
                            _ => false,
                        })
            }
            "arguments" => up.parent(parent).is_some_and(|call| {
                method_of(self.src, call).is_some_and(|(m, _)| m == "query" || m == "unsafe")
            }),
            "as_expression" | "satisfies_expression" | "parenthesized_expression"
                if lift_argument(up, s) != s =>
            {
                up.parent(lift_argument(up, s))
                    .filter(|a| a.kind() == "arguments")
                    .and_then(|a| up.parent(a))
                    .and_then(|call| method_of(self.src, call))
                    .is_some_and(|(m, _)| m == "query" || m == "unsafe")
            }
            "pair" => {
                let key = parent.child_by_field_name("key");
                if key == Some(s)
                    || !key
                        .and_then(|k| prop_name(self.src, k))
                        .is_some_and(|k| RPC_SQL_KEYS.contains(&k))
                {
                    return false;
                }
                let Some((call, 1)) = up.parent(parent).and_then(|o| call_of_argument(up, o))
                else {
                    return false;
                };
                method_of(self.src, call).is_some_and(|(m, _)| m == "rpc")
                    && first_argument(call)
                        .and_then(|f| string_value(self.src, f))
                        .is_some_and(|name| {
                            let name = name.to_ascii_lowercase();
                            name.contains("sql") || name.contains("query")
                        })
            }
            _ => false,
        }
    }
}

/// What an exact hit in a comment (`rel`, relative to the comment's text) is: a
/// generated-type reference in a JSDoc type, else a mention. Shared with the fast path.
pub(super) fn comment_class(comment: &str, rel: &Range<usize>) -> Class {
    if super::jsdoc::type_ref(comment, rel) {
        Class::new(Kind::TypeRef)
    } else {
        Class::MENTION
    }
}

/// LangChain's `new SupabaseVectorStore(embeddings, { tableName })` and its
/// `SupabaseVectorStore.fromDocuments`, `fromTexts`, `fromExistingIndex`: the store reads and
/// writes `tableName` with `client.from(tableName)`.
fn is_vector_store(src: &str, call: Node<'_>) -> bool {
    const STORE: &str = "SupabaseVectorStore";
    match call.kind() {
        "new_expression" => call
            .child_by_field_name("constructor")
            .is_some_and(|c| c.kind() == "identifier" && text(src, c) == STORE),
        _ => method_of(src, call).is_some_and(|(m, receiver)| {
            matches!(m, "fromDocuments" | "fromTexts" | "fromExistingIndex")
                && receiver.kind() == "identifier"
                && text(src, receiver) == STORE
        }),
    }
}

/// The chain makes a PostgREST query: it calls `.from` (not on storage), a write or `.rpc`.
fn is_query(src: &str, chain: &[Node<'_>]) -> bool {
    chain.iter().any(|&call| {
        method_of(src, call).is_some_and(|(m, receiver)| {
            QUERY_STARTS.contains(&m) && !(m == "from" && is_storage(src, receiver))
        })
    })
}

fn text<'s>(src: &'s str, n: Node<'_>) -> &'s str {
    src.get(n.byte_range()).unwrap_or("")
}

fn is_string(n: Node<'_>) -> bool {
    matches!(n.kind(), "string" | "template_string")
}

/// A string that names a key: an object key or property name (`{ 't': 1 }`, `{ 't'?: T }`),
/// or the index of a subscript or lookup type (`row['t']`, `Row['t']`).
fn key_or_index<'t>(up: &Nav<'t>, s: Node<'t>) -> bool {
    let Some(p) = up.parent(s) else {
        return false;
    };
    match p.kind() {
        "pair" | "pair_pattern" => p.child_by_field_name("key") == Some(s),
        "property_signature" | "public_field_definition" => {
            p.child_by_field_name("name") == Some(s)
        }
        "subscript_expression" => p.child_by_field_name("index") == Some(s),
        "literal_type" => up
            .parent(p)
            .filter(|l| l.kind() == "lookup_type")
            .is_some_and(|l| l.named_child(1) == Some(p)),
        _ => false,
    }
}

/// The expression a string stands for as an argument: the string itself, or the
/// `'t' as T` / `'t' satisfies T` / `('t')` wrapping it, which change its type but not its
/// value.
fn lift_argument<'t>(up: &Nav<'t>, s: Node<'t>) -> Node<'t> {
    let mut cur = s;
    while let Some(p) = up.parent(cur) {
        let wraps = match p.kind() {
            "as_expression" | "satisfies_expression" | "parenthesized_expression" => {
                p.named_child(0) == Some(cur)
            }
            _ => false,
        };
        if !wraps {
            break;
        }
        cur = p;
    }
    cur
}

/// The string literal a hit's node belongs to, if the hit is inside one.
fn enclosing_string<'t>(up: &Nav<'t>, n: Node<'t>) -> Option<Node<'t>> {
    match n.kind() {
        "string" | "template_string" => Some(n),
        "string_fragment" | "escape_sequence" => up.parent(n).filter(|p| is_string(*p)),
        _ => None,
    }
}

fn has_children(n: Node<'_>, kind: &str) -> bool {
    let mut c = n.walk();
    let found = n.children(&mut c).any(|ch| ch.kind() == kind);
    found
}

/// The bytes between a string's delimiters (to the end when it is unterminated).
fn content_range(src: &str, s: Node<'_>) -> Range<usize> {
    let r = s.byte_range();
    let b = src.as_bytes();
    let start = (r.start + 1).min(r.end);
    let closed = r.end - r.start >= 2 && b.get(r.end - 1) == b.get(r.start);
    start..if closed { r.end - 1 } else { r.end }
}

/// A string's content, its start byte, with template holes `${...}` and escape sequences
/// blanked to spaces byte for byte (an escaped quote keeps its quote), so offsets into it are
/// offsets into the file.
fn content_text<'s>(src: &'s str, s: Node<'_>) -> (usize, Cow<'s, str>) {
    let r = content_range(src, s);
    let mut c = s.walk();
    let mut out: Option<String> = None;
    let mut at = r.start;
    for ch in s.children(&mut c) {
        let kind = ch.kind();
        if kind != "template_substitution" && kind != "escape_sequence" {
            continue;
        }
        let cr = ch.start_byte().max(at)..ch.end_byte().min(r.end);
        if cr.start >= cr.end {
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(r.len()));
        buf.push_str(src.get(at..cr.start).unwrap_or(""));
        let keep = (kind == "escape_sequence")
            .then(|| src.as_bytes()[cr.end - 1])
            .filter(|q| matches!(q, b'\'' | b'"' | b'`'));
        let spaces = cr.len() - usize::from(keep.is_some());
        buf.extend(std::iter::repeat_n(' ', spaces));
        if let Some(q) = keep {
            buf.push(char::from(q));
        }
        at = cr.end;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(src.get(at..r.end).unwrap_or(""));
            if buf.len() != r.len() {
                // Only when a node boundary split a character, which tree-sitter never does.
                buf = " ".repeat(r.len());
            }
            (r.start, Cow::Owned(buf))
        }
        None => (r.start, Cow::Borrowed(src.get(r.clone()).unwrap_or(""))),
    }
}

/// The literal value of a plain string (no holes, no escapes).
fn string_value<'s>(src: &'s str, s: Node<'_>) -> Option<&'s str> {
    if !is_string(s)
        || has_children(s, "template_substitution")
        || has_children(s, "escape_sequence")
    {
        return None;
    }
    src.get(content_range(src, s))
}

/// The name of an object key or property signature: an identifier or a plain string.
fn prop_name<'s>(src: &'s str, key: Node<'_>) -> Option<&'s str> {
    match key.kind() {
        "property_identifier" => Some(text(src, key)),
        "string" => string_value(src, key),
        _ => None,
    }
}

/// `receiver.method(...)`: the method name and the receiver.
fn method_of<'s, 't>(src: &'s str, call: Node<'t>) -> Option<(&'s str, Node<'t>)> {
    if call.kind() != "call_expression" {
        return None;
    }
    let mut f = call.child_by_field_name("function")?;
    if f.kind() == "await_expression" && call.child_by_field_name("type_arguments").is_some() {
        // The grammar reads `await x.m<T>(...)` as a call of `await x.m`.
        f = f.named_child(0)?;
    }
    if f.kind() != "member_expression" {
        return None;
    }
    let prop = f.child_by_field_name("property")?;
    Some((text(src, prop), f.child_by_field_name("object")?))
}

/// A storage client: `storage` or anything ending in a `.storage` member.
fn is_storage(src: &str, receiver: Node<'_>) -> bool {
    let r = unwrap_expr(receiver);
    match r.kind() {
        "identifier" => text(src, r) == "storage",
        "member_expression" => r
            .child_by_field_name("property")
            .is_some_and(|p| text(src, p) == "storage"),
        _ => false,
    }
}

/// Looks through `(x)` and `x!`, which do not break a call chain.
fn unwrap_expr(mut n: Node<'_>) -> Node<'_> {
    while matches!(n.kind(), "parenthesized_expression" | "non_null_expression") {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

/// The calls of the chain `call` belongs to, from its base to its end.
fn chain<'t>(up: &Nav<'t>, call: Node<'t>) -> Vec<Node<'t>> {
    let mut calls = Vec::new();
    let mut cur = call;
    while let Some(f) = cur.child_by_field_name("function") {
        if f.kind() != "member_expression" {
            break;
        }
        let Some(obj) = f.child_by_field_name("object").map(unwrap_expr) else {
            break;
        };
        if obj.kind() != "call_expression" {
            break;
        }
        calls.push(obj);
        cur = obj;
    }
    calls.reverse();
    calls.push(call);
    let mut cur = call;
    loop {
        let mut p = up.parent(cur);
        let mut inner = cur;
        while let Some(w) =
            p.filter(|w| matches!(w.kind(), "parenthesized_expression" | "non_null_expression"))
        {
            inner = w;
            p = up.parent(w);
        }
        let Some(member) = p.filter(|m| m.kind() == "member_expression") else {
            break;
        };
        if member.child_by_field_name("object") != Some(inner) {
            break;
        }
        let Some(next) = up
            .parent(member)
            .filter(|c| c.kind() == "call_expression")
            .filter(|c| c.child_by_field_name("function") == Some(member))
        else {
            break;
        };
        calls.push(next);
        cur = next;
    }
    calls
}

/// The position of `arg` among the arguments (comments are not arguments).
fn arg_index(args: Node<'_>, arg: Node<'_>) -> Option<usize> {
    let mut c = args.walk();
    let idx = args
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .position(|n| n == arg);
    idx
}

fn first_argument(call: Node<'_>) -> Option<Node<'_>> {
    let args = call.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let first = args.named_children(&mut c).find(|n| n.kind() != "comment");
    first
}

/// Drizzle's table declarations, whose first argument is the table's name: `pgTable('t',
/// {...})` (the default schema, `public`) and `pgSchema('s').table('t', {...})`, a table of
/// `s`: the rules' table only when it is of the rules' schema.
fn drizzle_table(src: &str, call: Node<'_>) -> Option<Class> {
    let of_schema = |schema: &str| {
        if super::is_rules_schema(schema) {
            Class::new(Kind::Orm)
        } else {
            Class::MENTION
        }
    };
    let callee = call.child_by_field_name("function")?;
    match callee.kind() {
        "identifier" if text(src, callee) == "pgTable" => Some(of_schema("public")),
        "member_expression" => {
            let property = callee.child_by_field_name("property")?;
            let object = callee.child_by_field_name("object")?;
            if text(src, property) != "table" || object.kind() != "call_expression" {
                return None;
            }
            let schema_call = object.child_by_field_name("function")?;
            if schema_call.kind() != "identifier" || text(src, schema_call) != "pgSchema" {
                return None;
            }
            let schema = first_argument(object).and_then(|a| string_value(src, a))?;
            Some(of_schema(schema))
        }
        _ => None,
    }
}

/// The call that `arg` is a direct argument of, and its position.
fn call_of_argument<'t>(up: &Nav<'t>, arg: Node<'t>) -> Option<(Node<'t>, usize)> {
    let args = up.parent(arg).filter(|a| a.kind() == "arguments")?;
    let idx = arg_index(args, arg)?;
    Some((up.parent(args)?, idx))
}

/// What a string literal type is.
enum TypeLit {
    No,
    /// The name of a table of another schema: a mention, never a table string.
    Other,
    /// A type reference to the rules' table.
    Ref,
    /// A `referencedRelation` value under the rules' schema: a reference when the table is
    /// one of that schema's keys in the file (see [`super::relations_of_other_schemas`]).
    Relation,
}

/// A string literal type in a type-reference position: the index after `['Tables']` or
/// `['Views']` (unless the schema indexed is another, `Database['other']['Tables']`), or the
/// table argument of `Tables<>`, `TablesInsert<>`, `TablesUpdate<>` (unless its schema
/// argument names another), or a `referencedRelation` value in the generated `Database` type.
fn type_literal<'t>(
    up: &Nav<'t>,
    src: &str,
    lit: Node<'t>,
    helpers: &HashMap<String, usize>,
) -> TypeLit {
    let Some(parent) = up.parent(lit) else {
        return TypeLit::No;
    };
    let yes = |b: bool| if b { TypeLit::Ref } else { TypeLit::No };
    match parent.kind() {
        "lookup_type" => {
            let tables = parent.named_child(0).filter(|o| o.kind() == "lookup_type");
            yes(parent.named_child(1) == Some(lit)
                && tables
                    .and_then(|o| o.named_child(1))
                    .filter(|i| i.kind() == "literal_type")
                    .and_then(|i| i.named_child(0))
                    .and_then(|s| string_value(src, s))
                    .is_some_and(|k| k == "Tables" || k == "Views")
                && !tables
                    .and_then(|o| o.named_child(0))
                    .filter(|x| x.kind() == "lookup_type")
                    .and_then(|x| x.named_child(1))
                    .filter(|i| i.kind() == "literal_type")
                    .and_then(|i| i.named_child(0))
                    .and_then(|s| string_value(src, s))
                    .is_some_and(other_schema))
        }
        "type_annotation" => {
            let Some(p) = up
                .parent(parent)
                .filter(|p| p.kind() == "property_signature")
            else {
                return TypeLit::No;
            };
            let relation = p
                .child_by_field_name("name")
                .and_then(|n| prop_name(src, n))
                == Some("referencedRelation");
            if !relation || !in_database(up, src, p) {
                return TypeLit::No;
            }
            let Some(schema) = database_schema(up, src, p) else {
                return TypeLit::No;
            };
            let here = !other_schema(schema)
                && !up
                    .parent(p)
                    .and_then(|o| member_string(src, o, "referencedSchema"))
                    .is_some_and(other_schema);
            if here {
                TypeLit::Relation
            } else {
                TypeLit::Other
            }
        }
        _ => {
            // Climb a union `'a' | 'b'` to the type argument list.
            let mut arg = lit;
            let mut p = Some(parent);
            while let Some(u) =
                p.filter(|u| matches!(u.kind(), "union_type" | "parenthesized_type"))
            {
                arg = u;
                p = up.parent(u);
            }
            let Some(targs) = p.filter(|t| t.kind() == "type_arguments") else {
                return TypeLit::No;
            };
            let Some(generic) = up.parent(targs).filter(|g| g.kind() == "generic_type") else {
                return TypeLit::No;
            };
            let name = generic.child_by_field_name("name").map(|n| {
                if n.kind() == "nested_type_identifier" {
                    n.child_by_field_name("name").map_or("", |n| text(src, n))
                } else {
                    text(src, n)
                }
            });
            let mut c = targs.walk();
            let mut args = targs
                .named_children(&mut c)
                .filter(|n| n.kind() != "comment");
            if !matches!(name, Some("Tables" | "TablesInsert" | "TablesUpdate")) {
                // A type helper: every string argument of a listed one, the constrained
                // parameter's of one the file declares.
                let name = name.unwrap_or_default();
                if super::is_type_helper(name) {
                    return TypeLit::Ref;
                }
                return match helpers.get(name) {
                    Some(&k) if args.position(|a| a == arg) == Some(k) => TypeLit::Ref,
                    _ => TypeLit::No,
                };
            }
            match (args.next(), args.next()) {
                (Some(a), _) if a == arg => TypeLit::Ref,
                (Some(schema), Some(b)) if b == arg && schema.kind() == "object_type" => {
                    if member_string(src, schema, "schema").is_some_and(other_schema) {
                        TypeLit::Other
                    } else {
                        TypeLit::Ref
                    }
                }
                _ => TypeLit::No,
            }
        }
    }
}

/// The generic types the file declares whose type parameter is constrained by `keyof` over
/// `Tables` (`type Row<T extends keyof Database['public']['Tables']> = ...`), by name, with
/// that parameter's index; the generated `Tables`, `TablesInsert` and `TablesUpdate` are
/// known already.
fn declared_helpers(src: &str, root: Node<'_>) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "type_alias_declaration" {
            let name = n.child_by_field_name("name").map(|x| text(src, x));
            let params = n.child_by_field_name("type_parameters");
            if let (Some(name), Some(params)) = (name, params) {
                let constrained = params
                    .named_children(&mut cursor)
                    .filter(|p| p.kind() == "type_parameter")
                    .position(|p| {
                        p.child_by_field_name("constraint").is_some_and(|c| {
                            let t = text(src, c);
                            t.contains("keyof") && t.contains("Tables")
                        })
                    });
                if let Some(k) = constrained {
                    if !matches!(name, "Tables" | "TablesInsert" | "TablesUpdate") {
                        out.insert(name.to_string(), k);
                    }
                }
            }
        }
        stack.extend(n.named_children(&mut cursor));
    }
    out
}

/// A schema name that is not the rules' schema.
fn other_schema(name: &str) -> bool {
    !super::is_rules_schema(name)
}

/// The value of the string literal type of property `name` directly in object type `object`.
fn member_string<'s>(src: &'s str, object: Node<'_>, name: &str) -> Option<&'s str> {
    let mut c = object.walk();
    let found = object.named_children(&mut c).find_map(|p| {
        (p.kind() == "property_signature"
            && p.child_by_field_name("name")
                .and_then(|n| prop_name(src, n))
                == Some(name))
        .then(|| p.child_by_field_name("type"))
        .flatten()
        .and_then(|a| a.named_child(0))
        .filter(|l| l.kind() == "literal_type")
        .and_then(|l| l.named_child(0))
    });
    found.and_then(|s| string_value(src, s))
}

/// A key of the object type under `Tables` or `Views` of the rules' schema in the generated
/// `Database` type (`Database = { public: { Tables: { t: ... } } }`).
fn table_key<'t>(up: &Nav<'t>, src: &str, prop: Node<'t>) -> bool {
    let Some(tables) = up
        .parent(prop)
        .filter(|o| o.kind() == "object_type")
        .and_then(|o| up.parent(o))
        .filter(|a| a.kind() == "type_annotation")
        .and_then(|a| up.parent(a))
        .filter(|p| p.kind() == "property_signature")
    else {
        return false;
    };
    matches!(
        tables
            .child_by_field_name("name")
            .and_then(|n| prop_name(src, n)),
        Some("Tables" | "Views")
    ) && up
        .parent(tables)
        .filter(|o| o.kind() == "object_type")
        .and_then(|o| up.parent(o))
        .filter(|a| a.kind() == "type_annotation")
        .and_then(|a| up.parent(a))
        .is_some_and(|schema| {
            database_schema(up, src, schema).is_some_and(|s| !other_schema(s))
                && schema_member(up, schema) == Some(schema)
        })
}

/// The outermost property signature around `n` (itself included) inside the `Database`
/// declaration: the schema's key, when it is a direct member of the declaration's body.
fn schema_member<'t>(up: &Nav<'t>, n: Node<'t>) -> Option<Node<'t>> {
    let mut cur = Some(n);
    let mut outer = None;
    while let Some(p) = cur {
        match p.kind() {
            "property_signature" => outer = Some(p),
            "type_alias_declaration" | "interface_declaration" => {
                return outer.filter(|o| up.parent(*o).and_then(|b| up.parent(b)) == Some(p));
            }
            _ => {}
        }
        cur = up.parent(p);
    }
    None
}

/// The schema key of the `Database` declaration that `n` lies under.
fn database_schema<'s, 't>(up: &Nav<'t>, src: &'s str, n: Node<'t>) -> Option<&'s str> {
    schema_member(up, n)
        .and_then(|m| m.child_by_field_name("name"))
        .and_then(|k| prop_name(src, k))
}

/// `n` lies in the declaration of a type or interface named `Database`.
fn in_database<'t>(up: &Nav<'t>, src: &str, n: Node<'t>) -> bool {
    let mut cur = up.parent(n);
    while let Some(p) = cur {
        if matches!(p.kind(), "type_alias_declaration" | "interface_declaration") {
            return p
                .child_by_field_name("name")
                .is_some_and(|name| text(src, name) == "Database");
        }
        cur = up.parent(p);
    }
    false
}

/// Where the names passed to `.from(x)` come from, in one file: what a string literal whose
/// whole content is a table name needs to be proven a `from-call` (it flows into `.from`).
/// Built in one walk of the tree and looked up by name or node, so that a file of many
/// literals and calls costs its size once, not literals times calls.
struct Flow<'t> {
    /// `.from(NAME)` arguments: where each name is used, in order.
    idents: HashMap<&'t str, Vec<usize>>,
    /// `.from(NAME.key)` arguments.
    members: HashSet<(&'t str, &'t str)>,
    /// How often each name is declared: a const is followed only when declared once.
    bindings: HashMap<&'t str, usize>,
    /// Names declared by `const`.
    consts: HashSet<&'t str>,
    /// The value of each `const` declaration, by name.
    values: HashMap<&'t str, Node<'t>>,
    /// Names whose array is changed in place (`x.push(...)`, `x[0] = ...`): their
    /// declaration's value is not what the program reads.
    mutated: HashSet<&'t str>,
    /// Iterations `for (const v of X)` and `X.map((v) => ...)`, by the iterable (unwrapped).
    loops: Scoped<'t>,
    /// Parameters with a type annotation, by the type (unwrapped), with their function's body.
    params: Scoped<'t>,
    /// What an array or a union (by node id) was found to reach: every literal in it asks.
    memo: HashMap<usize, bool>,
}

/// Names and the byte ranges they are visible in, found by a node (its id) or, when that
/// node is a plain name, by the name.
#[derive(Default)]
struct Scoped<'t> {
    vars: Vec<(&'t str, Range<usize>)>,
    by_node: HashMap<usize, Vec<usize>>,
    by_name: HashMap<&'t str, Vec<usize>>,
}

impl<'t> Scoped<'t> {
    /// `var`, visible in `scope`, is bound by `key`, a name when its kind is `name_kind`.
    fn add(
        &mut self,
        src: &'t str,
        key: Node<'t>,
        name_kind: &str,
        var: &'t str,
        scope: Range<usize>,
    ) {
        let i = self.vars.len();
        self.vars.push((var, scope));
        self.by_node.entry(key.id()).or_default().push(i);
        if key.kind() == name_kind {
            self.by_name.entry(text(src, key)).or_default().push(i);
        }
    }

    /// The variables bound by node `id` or by a node named `name`.
    fn by<'a>(
        &'a self,
        id: usize,
        name: Option<&str>,
    ) -> impl Iterator<Item = &'a (&'t str, Range<usize>)> + 'a {
        let named = name.and_then(|n| self.by_name.get(n));
        self.by_node
            .get(&id)
            .into_iter()
            .chain(named)
            .flatten()
            .map(|&i| &self.vars[i])
    }
}

/// Where a table string sits, as far as its flow into `.from(x)` goes: read while the path to
/// the string is known, judged once the whole file's flow is.
enum LitSite<'t> {
    /// A member of a union type (`'t' | 'u'`): the union's node id, and the name of the type
    /// alias it is the value of.
    Union(usize, Option<&'t str>),
    /// The value of `const NAME = 't'`.
    Const(&'t str),
    /// The value of `key` in `const NAME = { key: 't' }`.
    Field(&'t str, &'t str),
    /// An element of an array (its node id), the value of `const NAME` if it is one.
    Array(usize, Option<&'t str>),
    Other,
}

impl<'t> LitSite<'t> {
    fn of(src: &'t str, up: &Nav<'t>, s: Node<'t>) -> LitSite<'t> {
        if let Some(lt) = up.parent(s).filter(|p| p.kind() == "literal_type") {
            let mut u = lt;
            while let Some(p) = up
                .parent(u)
                .filter(|p| matches!(p.kind(), "union_type" | "parenthesized_type"))
            {
                u = p;
            }
            let alias = up
                .parent(u)
                .filter(|a| a.kind() == "type_alias_declaration")
                .filter(|a| a.child_by_field_name("value") == Some(u))
                .and_then(|a| a.child_by_field_name("name"))
                .map(|n| text(src, n));
            return LitSite::Union(u.id(), alias);
        }
        let e = lift_argument(up, s);
        let Some(parent) = up.parent(e) else {
            return LitSite::Other;
        };
        match parent.kind() {
            "variable_declarator" => const_decl(up, src, e).map_or(LitSite::Other, LitSite::Const),
            "pair" if parent.child_by_field_name("value") == Some(e) => {
                let key = parent
                    .child_by_field_name("key")
                    .and_then(|k| prop_name(src, k));
                let obj = up.parent(parent).filter(|o| o.kind() == "object");
                match (key, obj) {
                    (Some(key), Some(obj)) => const_decl(up, src, lift_argument(up, obj))
                        .map_or(LitSite::Other, |n| LitSite::Field(n, key)),
                    _ => LitSite::Other,
                }
            }
            "array" => {
                let arr = lift_argument(up, parent);
                LitSite::Array(arr.id(), const_decl(up, src, arr))
            }
            _ => LitSite::Other,
        }
    }
}

/// `NAME` when `n` is the value of a declaration `const NAME = n`.
fn const_decl<'t>(up: &Nav<'t>, src: &'t str, n: Node<'t>) -> Option<&'t str> {
    let decl = up
        .parent(n)
        .filter(|d| d.kind() == "variable_declarator")
        .filter(|d| d.child_by_field_name("value") == Some(n))?;
    let lexical = up
        .parent(decl)
        .filter(|l| l.kind() == "lexical_declaration")?;
    if lexical.child(0).map(|k| text(src, k)) != Some("const") {
        return None;
    }
    let id = decl
        .child_by_field_name("name")
        .filter(|i| i.kind() == "identifier")?;
    Some(text(src, id))
}

/// Array methods that change the array in place.
const MUTATORS: &[&str] = &[
    "push",
    "unshift",
    "splice",
    "pop",
    "shift",
    "reverse",
    "sort",
    "fill",
    "copyWithin",
];

/// Array methods whose callback's first parameter takes each element.
const ITERATORS: &[&str] = &[
    "map", "forEach", "flatMap", "filter", "some", "every", "find",
];

impl<'t> Flow<'t> {
    fn new(src: &'t str, root: Node<'t>) -> Flow<'t> {
        let mut f = Flow {
            idents: HashMap::new(),
            members: HashSet::new(),
            bindings: HashMap::new(),
            consts: HashSet::new(),
            values: HashMap::new(),
            mutated: HashSet::new(),
            loops: Scoped::default(),
            params: Scoped::default(),
            memo: HashMap::new(),
        };
        // One walk with a cursor, which keeps each node's ancestors at hand: `parent()` walks
        // down from the root each time. Named nodes only, as `named_children` would give them.
        let mut c = root.walk();
        let mut ancestors: Vec<Node<'t>> = Vec::new();
        'walk: loop {
            let n = c.node();
            if n.is_named() {
                f.visit(src, n, &ancestors);
                if c.goto_first_child() {
                    ancestors.push(n);
                    continue;
                }
            }
            while !c.goto_next_sibling() {
                if !c.goto_parent() {
                    break 'walk;
                }
                ancestors.pop();
            }
        }
        for at in f.idents.values_mut() {
            at.sort_unstable();
        }
        f
    }

    /// Records what node `n` (whose ancestors are `ancestors`, root first) declares or passes.
    fn visit(&mut self, src: &'t str, n: Node<'t>, ancestors: &[Node<'t>]) {
        let name = |n: Node<'t>| text(src, n);
        match n.kind() {
            "call_expression" => {
                let Some((m, receiver)) = method_of(src, n) else {
                    return;
                };
                if MUTATORS.contains(&m) && unwrap_value(receiver).kind() == "identifier" {
                    self.mutated.insert(name(unwrap_value(receiver)));
                }
                if m == "from" && !is_storage(src, receiver) {
                    let Some(a) = first_argument(n).map(unwrap_value) else {
                        return;
                    };
                    match a.kind() {
                        "identifier" => {
                            self.idents.entry(name(a)).or_default().push(a.start_byte())
                        }
                        "member_expression" => {
                            let (Some(o), Some(p)) = (
                                a.child_by_field_name("object"),
                                a.child_by_field_name("property"),
                            ) else {
                                return;
                            };
                            if o.kind() == "identifier" && p.kind() == "property_identifier" {
                                self.members.insert((name(o), name(p)));
                            }
                        }
                        _ => {}
                    }
                } else if ITERATORS.contains(&m) {
                    let Some(cb) = first_argument(n) else {
                        return;
                    };
                    if let Some((v, body)) = first_param(src, cb) {
                        self.loops
                            .add(src, unwrap_value(receiver), "identifier", v, body);
                    }
                }
            }
            "assignment_expression" | "augmented_assignment_expression" => {
                let target = n
                    .child_by_field_name("left")
                    .filter(|l| l.kind() == "subscript_expression")
                    .and_then(|l| l.child_by_field_name("object"))
                    .map(unwrap_value)
                    .filter(|o| o.kind() == "identifier");
                if let Some(o) = target {
                    self.mutated.insert(name(o));
                }
            }
            "for_in_statement" => {
                let (Some(left), Some(right), Some(body)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                    n.child_by_field_name("body"),
                ) else {
                    return;
                };
                let of = n
                    .child_by_field_name("operator")
                    .is_some_and(|o| name(o) == "of");
                if of && left.kind() == "identifier" {
                    self.loops.add(
                        src,
                        unwrap_value(right),
                        "identifier",
                        name(left),
                        body.byte_range(),
                    );
                }
                if left.kind() == "identifier" {
                    *self.bindings.entry(name(left)).or_default() += 1;
                }
            }
            "variable_declarator" => {
                if let Some(id) = n.child_by_field_name("name") {
                    self.bind_pattern(src, id);
                    let constant = ancestors
                        .last()
                        .filter(|l| l.kind() == "lexical_declaration")
                        .and_then(|l| l.child(0))
                        .is_some_and(|k| name(k) == "const");
                    if constant && id.kind() == "identifier" {
                        self.consts.insert(name(id));
                        if let Some(v) = n.child_by_field_name("value") {
                            self.values.insert(name(id), v);
                        }
                    }
                }
            }
            "required_parameter" | "optional_parameter" => {
                let Some(p) = n.child_by_field_name("pattern") else {
                    return;
                };
                self.bind_pattern(src, p);
                let ty = n.child_by_field_name("type").and_then(|a| a.named_child(0));
                let body = function_body(ancestors);
                if let (Some(ty), Some(body), "identifier") = (ty, body, p.kind()) {
                    self.params
                        .add(src, unwrap_type(ty), "type_identifier", name(p), body);
                }
            }
            "arrow_function" => {
                if let Some(p) = n.child_by_field_name("parameter") {
                    self.bind_pattern(src, p);
                }
            }
            "function_declaration"
            | "class_declaration"
            | "import_specifier"
            | "namespace_import"
            | "import_clause" => {
                let id = match n.kind() {
                    "import_specifier" => n
                        .child_by_field_name("alias")
                        .or_else(|| n.child_by_field_name("name")),
                    "namespace_import" | "import_clause" => {
                        let mut c = n.walk();
                        let id = n.named_children(&mut c).find(|c| c.kind() == "identifier");
                        id
                    }
                    _ => n.child_by_field_name("name"),
                };
                if let Some(id) = id {
                    *self.bindings.entry(name(id)).or_default() += 1;
                }
            }
            _ => {}
        }
    }

    /// Counts every name a binding pattern declares.
    fn bind_pattern(&mut self, src: &'t str, p: Node<'t>) {
        let mut stack = vec![p];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "identifier" | "shorthand_property_identifier_pattern" => {
                    *self.bindings.entry(text(src, n)).or_default() += 1;
                }
                "object_pattern"
                | "array_pattern"
                | "pair_pattern"
                | "rest_pattern"
                | "assignment_pattern"
                | "object_assignment_pattern" => {
                    let mut c = n.walk();
                    for ch in n.named_children(&mut c) {
                        // A pair's key and a default's value bind nothing.
                        let skip = (n.kind() == "pair_pattern"
                            && n.child_by_field_name("key") == Some(ch))
                            || (matches!(
                                n.kind(),
                                "assignment_pattern" | "object_assignment_pattern"
                            ) && n.child_by_field_name("right") == Some(ch));
                        if !skip {
                            stack.push(ch);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The value of the `const` that identifier `n` names, when the file declares the name
    /// once and never changes the value in place.
    fn const_value(&self, src: &'t str, n: Node<'t>) -> Option<Node<'t>> {
        let name = text(src, n);
        if self.bindings.get(name) != Some(&1) || self.mutated.contains(name) {
            return None;
        }
        self.values.get(name).copied()
    }

    /// `NAME` is declared once in the file.
    fn once(&self, name: &str) -> bool {
        self.bindings.get(name) == Some(&1)
    }

    /// A computed `.from(...)` argument `NAME` or `NAME.key` whose `NAME` is a constant of the
    /// file: its value is in the file, so the names in the argument are not the reference.
    fn resolved(&self, src: &'t str, arg: Node<'t>) -> bool {
        let a = unwrap_value(arg);
        let base = match a.kind() {
            "identifier" => a,
            "member_expression" => match a.child_by_field_name("object") {
                Some(o) if o.kind() == "identifier" => o,
                _ => return false,
            },
            _ => return false,
        };
        let name = text(src, base);
        self.consts.contains(name) && self.once(name)
    }

    fn passed_to_from(&self, var: &str, scope: &Range<usize>) -> bool {
        self.idents.get(var).is_some_and(|at| {
            let i = at.partition_point(|&a| a < scope.start);
            at.get(i).is_some_and(|&a| a < scope.end)
        })
    }

    /// The string at `site` (whose whole content is a table name) provably reaches a
    /// `.from(x)`: a const passed to it, a field of a const object passed as `NAME.key`, an
    /// element of an array iterated into it, or a member of a union typing a parameter passed
    /// to it (directly or through a type alias).
    fn reaches_from(&mut self, _src: &'t str, site: LitSite<'t>) -> bool {
        match site {
            LitSite::Const(n) => self.once(n) && self.idents.contains_key(n),
            LitSite::Field(n, key) => self.once(n) && self.members.contains(&(n, key)),
            LitSite::Array(arr, decl) => {
                if let Some(&known) = self.memo.get(&arr) {
                    return known;
                }
                let name = decl.filter(|n| self.once(n));
                let yes = self
                    .loops
                    .by(arr, name)
                    .any(|(v, scope)| self.passed_to_from(v, scope));
                self.memo.insert(arr, yes);
                yes
            }
            LitSite::Union(u, alias) => {
                if let Some(&known) = self.memo.get(&u) {
                    return known;
                }
                let yes = self
                    .params
                    .by(u, alias)
                    .any(|(p, body)| self.passed_to_from(p, body));
                self.memo.insert(u, yes);
                yes
            }
            LitSite::Other => false,
        }
    }
}

/// Looks through `x as T`, `x satisfies T`, `(x)` and `x!` to the value.
fn unwrap_value(mut n: Node<'_>) -> Node<'_> {
    while matches!(
        n.kind(),
        "as_expression"
            | "satisfies_expression"
            | "parenthesized_expression"
            | "non_null_expression"
    ) {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

fn unwrap_type(mut n: Node<'_>) -> Node<'_> {
    while n.kind() == "parenthesized_type" {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

/// The body of the function a parameter belongs to, given the parameter's ancestors.
fn function_body(ancestors: &[Node<'_>]) -> Option<Range<usize>> {
    let [.., f, params] = ancestors else {
        return None;
    };
    if params.kind() != "formal_parameters" {
        return None;
    }
    f.child_by_field_name("body").map(|b| b.byte_range())
}

/// A callback's first parameter, when it is a plain name, and the callback's body.
fn first_param<'t>(src: &'t str, cb: Node<'t>) -> Option<(&'t str, Range<usize>)> {
    if !matches!(
        cb.kind(),
        "arrow_function" | "function_expression" | "function"
    ) {
        return None;
    }
    let body = cb.child_by_field_name("body")?.byte_range();
    if let Some(p) = cb.child_by_field_name("parameter") {
        return (p.kind() == "identifier").then(|| (text(src, p), body));
    }
    let params = cb.child_by_field_name("parameters")?;
    let mut c = params.walk();
    let first = params
        .named_children(&mut c)
        .find(|n| n.kind() != "comment")?;
    let pat = match first.kind() {
        "required_parameter" | "optional_parameter" => first.child_by_field_name("pattern")?,
        "identifier" => first,
        _ => return None,
    };
    (pat.kind() == "identifier").then(|| (text(src, pat), body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Site;

    /// Whole-word hits of `word` in any case, as the scanner reports them.
    fn hits(src: &str, word: &str) -> Vec<Hit> {
        let lower = src.to_ascii_lowercase();
        let b = src.as_bytes();
        let is_word = |i: Option<usize>| {
            i.and_then(|i| b.get(i))
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        lower
            .match_indices(word)
            .map(|(i, _)| i..i + word.len())
            .filter(|r| !is_word(r.start.checked_sub(1)) && !is_word(Some(r.end)))
            .map(|r| Hit {
                exact: &src[r.clone()] == word,
                span: r,
                table: 0,
            })
            .collect()
    }

    fn ts(src: &str) -> Vec<Option<Class>> {
        classify(src, false, &hits(src, "experts"))
    }

    fn tsx(src: &str) -> Vec<Option<Class>> {
        classify(src, true, &hits(src, "experts"))
    }

    const FROM: Option<Class> = Some(Class::new(Kind::FromCall));
    const MENTION: Option<Class> = Some(Class::MENTION);
    const TYPE: Option<Class> = Some(Class::new(Kind::TypeRef));
    const SQL: Option<Class> = Some(Class::new(Kind::Sql));
    const EMBED: Option<Class> = Some(Class::site(Kind::Postgrest, Site::Embed));
    const ALIASED: Option<Class> = Some(Class::site(Kind::Postgrest, Site::AliasedEmbed));
    const UNRESOLVED: Option<Class> = Some(Class::new(Kind::UnresolvedEmbed));
    const SPREAD: Option<Class> = Some(Class::site(Kind::Postgrest, Site::Spread));
    const HINT: Option<Class> = Some(Class::site(Kind::Postgrest, Site::Hint));

    fn path(via_alias: bool) -> Option<Class> {
        Some(Class {
            kind: Kind::Postgrest,
            site: Site::FilterPath,
            via_alias,
        })
    }

    fn referenced(via_alias: bool) -> Option<Class> {
        Some(Class {
            kind: Kind::Postgrest,
            site: Site::ReferencedTable,
            via_alias,
        })
    }

    const TSTR: Option<Class> = Some(Class::new(Kind::TableString));
    const DYN: Option<Class> = Some(Class::new(Kind::DynamicFrom));

    #[test]
    fn whole_string_literals_are_table_strings() {
        let src = r#"
const [table, setTable] = useState('experts');
const synced = ['sync', 'experts'];
const audit = { table_name: 'experts', 'experts': 1 };
type ContentType = "chats" | "experts";
if (payload.table === `experts`) refresh();
const label = row['experts'];
type Col = Row['experts'];
const x = 'experts-list';
switch (t) { case 'experts': break; }
type P = { 'experts'?: string };
"#;
        assert_eq!(
            ts(src),
            vec![TSTR, TSTR, TSTR, MENTION, TSTR, TSTR, MENTION, MENTION, MENTION, TSTR, MENTION]
        );
        assert_eq!(tsx("const a = <Tab value=\"experts\" />;"), vec![TSTR]);
    }

    #[test]
    fn literals_that_flow_into_from_are_from_calls() {
        let src = r#"
const TABLE = 'experts';
export const load = () => supabase.from(TABLE).select('*');
const TABLES = { people: 'experts', other: 'experts' } as const;
supabase.from(TABLES.people);
for (const t of ['a', 'experts']) { await supabase.from(t).delete(); }
const SYNC = ['experts', 'b'] as const;
await Promise.all(SYNC.map((name) => supabase.from(name).select()));
type Kind = 'experts' | 'b';
async function count(kind: Kind) { return supabase.from(kind).select('*'); }
const inline = async (t: 'experts' | 'c') => supabase.from(t);
const unused = ['experts'];
"#;
        assert_eq!(
            ts(src),
            vec![FROM, FROM, TSTR, FROM, FROM, FROM, FROM, TSTR]
        );
    }

    #[test]
    fn parents_of_hits_never_walk_down_from_the_root() {
        // tree-sitter's `parent()` scans from the root: asked per hit, a file of many
        // statements cost its length per hit. Every parent asked must come off the path.
        let src = r#"
const TABLE = 'experts';
export const load = () => supabase.from(TABLE).select('*');
const TABLES = { people: 'experts', other: 'experts' } as const;
supabase.from(TABLES.people);
for (const t of ['a', 'experts']) { await supabase.from(t).delete(); }
const SYNC = ['experts', 'b'] as const;
await Promise.all(SYNC.map((name) => supabase.from(name).select()));
type Kind = 'experts' | 'b';
async function count(kind: Kind) { return supabase.from(kind).select('*'); }
const inline = async (t: 'experts' | 'c') => supabase.from(t);
await supabase.from(`${p}.experts`).select('id, experts(id), a:experts!fk(*)')
  .eq('experts.id', 1).or('experts.id.eq.1').match({ 'experts.id': 2 })
  .order('id', { referencedTable: 'experts' });
await supabase.from<'experts', X>('experts' as any);
client.query('select * from experts', [id]);
sql`select * from experts where ${x}`;
supabase.rpc('exec_sql', { sql_query: 'delete from experts' });
channel.on('postgres_changes', { event: '*', table: 'experts' }, cb);
type A = Tables<'experts'>; type B = Database['public']['Tables']['experts']['Row'];
export type Database = { public: { Tables: { experts: { Row: { id: string }
  Relationships: [{ referencedRelation: "experts" }] } } } }
row['experts']; const o = { experts: 1 }; // experts
"#;
        super::super::nav::SLOW_PARENTS.with(|c| c.set(0));
        let classes = ts(src);
        assert!(classes.iter().flatten().any(|c| c.kind == Kind::FromCall));
        assert_eq!(super::super::nav::SLOW_PARENTS.with(|c| c.get()), 0);
    }

    #[test]
    fn a_name_declared_twice_is_not_followed() {
        let src = r#"
function a() { const T = 'experts'; return T; }
function b(T: string) { return supabase.from(T); }
for (const t of ['experts']) { supabase.storage.from(t); }
"#;
        assert_eq!(ts(src), vec![TSTR, TSTR]);
    }

    #[test]
    fn computed_from_arguments_are_dynamic() {
        let src = r#"
supabase.from(TABLE_NAMES.experts).select('*');
supabase.from(experts);
supabase.from(`${schema}.experts`);
supabase.from(pick('x', experts));
supabase.storage.from(experts);
const LOCAL = { experts: 'x' };
supabase.from(LOCAL.experts);
supabase.from(/* experts */ name);
"#;
        assert_eq!(
            ts(src),
            vec![DYN, DYN, DYN, DYN, MENTION, MENTION, MENTION, MENTION]
        );
    }

    #[test]
    fn from_call_on_any_receiver() {
        let src = r#"
const a = await supabase.from('experts').select('*');
const b = await this.client.from("experts").select();
const c = await getClient().from(`experts`).delete();
const d = await supabase.schema('x').from('experts').select('id');
const e = await supabase?.from('experts')!;
"#;
        assert_eq!(ts(src), vec![FROM, FROM, FROM, FROM, FROM]);
    }

    #[test]
    fn from_arguments_through_assertions_and_parentheses() {
        let src = r#"
supabase.from('experts' as any).select('*');
supabase.from("experts" as const);
supabase.from(('experts'));
supabase.from(('experts') as any);
supabase.from('experts' satisfies string);
supabase.storage.from('experts' as any);
const t = ('experts' as const);
"#;
        assert_eq!(ts(src), vec![FROM, FROM, FROM, FROM, FROM, MENTION, TSTR]);
        let src = "await client.query('SELECT * FROM experts' as string);";
        assert_eq!(ts(src), vec![SQL]);
    }

    #[test]
    fn from_type_argument_names_the_table_with_the_string() {
        let src = r#"
const q = supabase.from<"experts", Tables<"experts">>("experts").select("*");
const r = supabase.from<'experts'>(name);
const s = supabase.storage.from<'experts'>('b');
const u = other<'experts'>('x');
async function f() {
  const { data } = await supabase.from<"experts">("experts").select("*");
}
"#;
        assert_eq!(
            ts(src),
            vec![FROM, TYPE, FROM, FROM, TSTR, TSTR, FROM, FROM]
        );
        assert_eq!(
            tsx(src),
            vec![FROM, TYPE, FROM, FROM, TSTR, TSTR, FROM, FROM]
        );
    }

    #[test]
    fn storage_buckets_and_longer_strings_are_mentions() {
        let src = r#"
supabase.storage.from('experts').upload(p, f);
this.supabase.storage.from('experts');
storage.from('experts');
supabase.from('experts-archive');
supabase.from(`${prefix}.experts`);
supabase.from('experts:id=eq.1').on('UPDATE', cb);
supabase.from(' experts');
"#;
        // A template with a hole in `.from(...)` is a table chosen at run time.
        assert_eq!(
            ts(src),
            vec![MENTION, MENTION, MENTION, MENTION, DYN, MENTION, MENTION]
        );
    }

    #[test]
    fn multi_line_select_embeds_aliases_hints_and_spreads() {
        let src = r#"
const { data } = await supabase
  .from('projects')
  .select(`
    id,
    experts (
      name
    ),
    e:experts(name),
    experts:expert_profiles(id),
    experts!inner(name),
    lead : experts ! left ( name ),
    experts!experts_fkey(name),
    x!experts(id),
    ...experts(name),
    experts,
    notes->experts
  `)
  .order('id');
"#;
        assert_eq!(
            ts(src),
            vec![EMBED, ALIASED, None, EMBED, ALIASED, EMBED, HINT, SPREAD, MENTION, MENTION]
        );
    }

    #[test]
    fn nested_embeds() {
        let src =
            "supabase.from('a').select('id, roles(name, experts(id, films(experts)), b:experts(x))')";
        assert_eq!(ts(src), vec![EMBED, MENTION, ALIASED]);
    }

    // See: issue 20 item 3
    #[test]
    fn select_strings_built_from_pieces() {
        let src = r#"
const COLS = ['id', 'e:experts(id)'] as const;
supabase.from('a').select(COLS.join(','));
supabase.from('a').select('id, ' + 'experts(name)' + `, ...experts(x)`);
const BASE = 'id';
const FULL = BASE + ', experts!inner(id)';
supabase.from('a').select(FULL).eq('experts.id', 1);
supabase.from('a').select(['id', 'experts(id)'].join());
supabase.from('a').select('id, experts' + '(id)');
supabase.from('a').select('id, e:' + 'experts(id)');
const LIST = ['experts(id)'];
LIST.push('x');
supabase.from('a').select(LIST.join(','));
supabase.from('a').select('experts, ' + other);
const S = 'experts(id)';
"#;
        assert_eq!(
            ts(src),
            vec![
                ALIASED,
                EMBED,
                SPREAD,
                EMBED,
                path(true),
                EMBED,
                UNRESOLVED,
                UNRESOLVED,
                UNRESOLVED,
                MENTION,
                UNRESOLVED
            ]
        );
    }

    #[test]
    fn select_after_writes_and_rpc_but_not_elsewhere() {
        let src = r#"
await supabase.from('a').insert({ x: 1 }).select('id, experts(name)').single();
await supabase.from('a').update(v).eq('id', 1).select('experts(name)');
await supabase.rpc('fn', { p: 1 }).select('...experts(name)');
await query.select('experts(name)');
await supabase.from('a').select(`id, ${cols}, experts(id)`);
"#;
        assert_eq!(ts(src), vec![EMBED, EMBED, SPREAD, UNRESOLVED, EMBED]);
    }

    #[test]
    fn filter_paths_follow_the_chain_select() {
        let src = r#"
supabase.from('a').select('id, experts(name)').eq('experts.name', v);
supabase.from('a').eq('experts.name', v).select('id, experts!inner(name)');
supabase.from('a').select('id, x:experts(name)').ilike('experts.name', v);
supabase.from('a').select('experts:expert_profiles(name)').eq('experts.name', v);
supabase.from('a').select('id').eq('experts.name', v);
supabase.from('a').select('id').eq('t.experts', v);
"#;
        assert_eq!(
            ts(src),
            vec![
                EMBED,
                path(true),
                path(true),
                EMBED,
                ALIASED,
                path(false),
                None,
                None,
                path(false),
                MENTION,
            ]
        );
    }

    #[test]
    fn whole_embed_filters_need_the_embed() {
        let src = r#"
supabase.from('a').select('id, experts(name)').not('experts', 'is', null);
supabase.from('a').select('id').not('experts', 'is', null);
supabase.from('a').select('id, experts(id)').or('experts.not.is.null,status.eq.experts');
supabase.from('a').select('*').or('and(experts.name.eq.x,b.gt.1)');
supabase.from('a').select('*').match({ 'experts.name': 'x', experts: 1 });
supabase.from('a').select('*').order('experts(name)', { ascending: false });
supabase.from('a').eq('table_name', 'experts');
list.eq('experts.name', v);
"#;
        assert_eq!(
            ts(src),
            vec![
                EMBED,
                path(true),
                TSTR,
                EMBED,
                path(true),
                MENTION,
                path(false),
                path(false),
                MENTION,
                path(false),
                TSTR,
                MENTION,
            ]
        );
    }

    #[test]
    fn referenced_table_options() {
        let src = r#"
supabase.from('a').select('id, experts(name)').order('name', { referencedTable: 'experts' });
supabase.from('a').select('id').limit(5, { foreignTable: "experts" });
supabase.from('a').select('e:expert_profiles(id)').order('id', { referencedTable: 'e' });
supabase.from('a').select('experts:expert_profiles(id)').order('id', { referencedTable: 'experts' });
const opts = { referencedTable: 'experts' };
"#;
        assert_eq!(
            ts(src),
            vec![
                EMBED,
                referenced(true),
                referenced(false),
                None,
                None,
                referenced(false),
            ]
        );
    }

    #[test]
    fn database_lookup_types() {
        let src = r#"
type A = Database['public']['Tables']['experts']['Row'];
type B = Database["public"]["Views"]["experts"]["Row"];
type C = Database['public']['Functions']['experts'];
type D = Database['public']['experts'];
type E = Database['personal']['Tables']['experts']['Row'];
"#;
        assert_eq!(ts(src), vec![TYPE, TYPE, MENTION, MENTION, MENTION]);
    }

    #[test]
    fn table_helper_types() {
        let src = r#"
type A = Tables<'experts'>;
type B = TablesInsert<"experts">;
type C = TablesUpdate<'experts'>['name'];
type D = Tables<{ schema: 'public' }, 'experts'>;
type E = Tables<'a' | 'experts'>;
type F = Other<'experts'>;
type G = Tables<'experts-x'>;
type H = DB.Tables<'experts'>;
type I = Tables<{ schema: 'x' }, 'experts'>;
"#;
        assert_eq!(
            ts(src),
            vec![TYPE, TYPE, TYPE, TYPE, TYPE, TSTR, MENTION, TYPE, MENTION]
        );
    }

    #[test]
    fn generated_types_file() {
        let src = r#"
export type Json = string | number
export type Database = {
  public: {
    Tables: {
      experts: {
        Row: { id: string; experts: string }
        Relationships: [
          {
            foreignKeyName: "x_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "experts"
            referencedColumns: ["id"]
          },
        ]
      }
    }
    Views: {
      "experts": { Row: { id: string } }
    }
    Functions: {
      f: { Args: { experts: string }; Returns: Database["public"]["Tables"]["experts"]["Row"][] }
    }
  }
}
type Other = { Tables: { experts: {} }; referencedRelation: "experts" }
"#;
        assert_eq!(
            ts(src),
            vec![TYPE, MENTION, TYPE, TYPE, MENTION, TYPE, MENTION, TSTR]
        );
    }

    #[test]
    fn generated_types_as_interface() {
        let src = "export interface Database { public: { Tables: { experts: { Row: {} } } } }";
        assert_eq!(ts(src), vec![TYPE]);
    }

    #[test]
    fn realtime_subscription_table() {
        let src = r#"
supabase
  .channel('experts-changes')
  .on('postgres_changes', { event: '*', schema: 'public', table: 'experts' }, (payload) => {
    if (payload.table === 'experts') refresh();
  })
  .on('broadcast', { event: 'x', table: 'experts' }, cb)
  .subscribe();
"#;
        assert_eq!(
            ts(src),
            vec![MENTION, Some(Class::new(Kind::Realtime)), TSTR, TSTR]
        );
    }

    #[test]
    fn identifiers_properties_comments_and_case() {
        let src = r#"
// load experts
const experts = await load();
/* Experts */
console.log(row.experts, row['experts'], Experts);
const { experts: list } = row;
"#;
        assert_eq!(
            ts(src),
            vec![MENTION, MENTION, None, MENTION, MENTION, None, MENTION]
        );
    }

    #[test]
    fn tsx_and_js_inputs() {
        let src = r#"
export function List({ rows }) {
  const load = () => supabase.from('experts').select('id, experts(name)');
  return <ul title="experts">{rows.map((r) => <li>{r.experts}</li>)} All experts, Experts</ul>;
}
"#;
        assert_eq!(tsx(src), vec![FROM, EMBED, TSTR, MENTION, MENTION, None]);
        let js = "const { data } = await supabase.from('experts').select('e:experts(*)');\nmodule.exports = { experts };";
        assert_eq!(tsx(js), vec![FROM, ALIASED, MENTION]);
    }

    #[test]
    fn type_assertions_parse_with_the_typescript_grammar() {
        // `<T>x` is a type assertion in .ts and JSX in .tsx: each grammar must be the right one.
        let src = "const q = <any>supabase.from('experts');";
        assert_eq!(ts(src), vec![FROM]);
    }

    #[test]
    fn malformed_sources_do_not_panic() {
        for src in [
            "supabase.from('experts",
            "supabase.from(`experts${",
            ".select('experts(",
            "type A = Database['public']['Tables']['experts'",
            "<div>experts",
            "'\\",
            "experts",
            "supabase.from('é').select('é:experts(')",
        ] {
            let h = hits(src, "experts");
            assert_eq!(classify(src, false, &h).len(), h.len());
            assert_eq!(classify(src, true, &h).len(), h.len());
        }
        assert!(
            classify(
                "x",
                false,
                &[Hit {
                    span: 50..57,
                    table: 0,
                    exact: true
                }]
            )
            .len()
                == 1
        );
    }

    /// Deterministic token soup through both grammars: one result per hit, no panic.
    #[test]
    fn token_soup_never_panics() {
        let toks = [
            "experts",
            "Experts",
            "'",
            "\"",
            "`",
            "${",
            "}",
            "(",
            ")",
            ".",
            ",",
            "from",
            "select",
            "eq",
            "or",
            "!",
            ":",
            "<",
            ">",
            "[",
            "]",
            "{",
            "Tables",
            "Database",
            " ",
            "\n",
            "é",
            "\\",
            "/*",
            "//",
            "type",
            "=",
            "table",
            "on",
            "postgres_changes",
            "...",
            "->",
            "storage",
            "referencedTable",
            "query",
        ];
        let mut seed: u64 = 99;
        for round in 0..600 {
            let mut src = String::new();
            for _ in 0..40 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                src.push_str(toks[(seed >> 33) as usize % toks.len()]);
            }
            let h = hits(&src, "experts");
            let out = classify(&src, round % 2 == 0, &h);
            assert_eq!(out.len(), h.len(), "{src:?}");
            // Outside SQL only exact-case hits count.
            for (hit, class) in h.iter().zip(&out) {
                assert!(
                    hit.exact
                        || class.is_none_or(|c| matches!(c.kind, Kind::Sql | Kind::SchemaUnknown)),
                    "{src:?}"
                );
            }
        }
    }

    fn string_node<'t>(nav: &mut Nav<'t>, src: &str, needle: &str) -> Node<'t> {
        let at = src.find(needle).unwrap();
        let n = nav.node_for(at, at + needle.len()).unwrap();
        enclosing_string(nav, n).unwrap()
    }

    #[test]
    fn sql_sinks() {
        let src = r#"
client.query('a1', [id]);
sql.unsafe("a2");
sql`a3 ${x}`;
db.sql`a4`;
supabase.rpc('execute_sql', { sql_query: 'a5' });
supabase.rpc('exec_sql', { query: `a6` });
supabase.rpc('get_things', { query: 'b1' });
supabase.rpc('exec_sql', { other: 'b2' });
fetch('b3');
supabase.from('b4');
"#;
        let tree = parse(src, false).unwrap();
        let mut nav = Nav::new(tree.root_node());
        let cx = Cx::new(src);
        for (needle, want) in [
            ("a1", true),
            ("a2", true),
            ("a3", true),
            ("a4", true),
            ("a5", true),
            ("a6", true),
            ("b1", false),
            ("b2", false),
            ("b3", false),
            ("b4", false),
        ] {
            let s = string_node(&mut nav, src, needle);
            assert_eq!(cx.sql_sink(&nav, s), want, "{needle}");
        }
    }

    #[test]
    fn string_content_blanks_holes_and_escapes_in_place() {
        let src = r#"x = `SELECT ${a.b} FROM experts\n WHERE c = \'d\'`; y = 'p\'q'; z = "";"#;
        let tree = parse(src, false).unwrap();
        let mut nav = Nav::new(tree.root_node());
        let t = string_node(&mut nav, src, "FROM");
        let (start, text) = content_text(src, t);
        assert_eq!(start, 5);
        assert_eq!(text, "SELECT        FROM experts   WHERE c =  'd '");
        assert_eq!(text.len(), t.end_byte() - 1 - start);
        let (start, text) = content_text(src, string_node(&mut nav, src, "q"));
        assert_eq!((start, text.as_ref()), (src.find("p\\").unwrap(), "p 'q"));
        let empty = string_node(&mut nav, src, "\"\"");
        assert_eq!(content_text(src, empty).1, "");
    }

    #[test]
    fn sql_in_strings() {
        let src = r#"
await client.query('SELECT * FROM experts WHERE id = $1', [id]);
const rows = await sql`select e.* from experts e where e.id = ${id}`;
const q = 'DELETE FROM experts WHERE x = 1';
await supabase.rpc('exec_sql', { sql: `UPDATE experts SET a = 1` });
await pool.query("SELECT * FROM Experts WHERE t = 'experts'");
"#;
        assert_eq!(ts(src), vec![SQL, SQL, SQL, SQL, SQL, MENTION]);
    }
}
