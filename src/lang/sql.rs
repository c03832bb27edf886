//! SQL text: decides which whole-word hits name a table, by walking the SQL tokens with a small
//! clause state and a keyword table of relation positions.

use std::ops::Range;

use crate::findings::{Class, Hit, Kind};
use crate::sqltok::{StrKind, TokKind, Token, Tokenizer};

/// One entry per hit, in order: `sql` for a table identifier, `mention` for any other exact
/// hit (comments, strings, columns, aliases), `None` for a case-different hit that is not an
/// unquoted table identifier.
pub fn classify(src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    if hits.is_empty() {
        return Vec::new();
    }
    let names = table_names(src);
    hits.iter().map(|h| judge(h, &names)).collect()
}

fn judge(hit: &Hit, names: &[TableName]) -> Option<Class> {
    let is_table = names
        .binary_search_by_key(&hit.span.start, |n| n.span.start)
        .ok()
        .map(|i| &names[i])
        // A quoted identifier is the exact name or another table; an unquoted one folds case.
        .is_some_and(|n| n.span.end == hit.span.end && (hit.exact || !n.quoted));
    if is_table {
        let ambiguous = names[names
            .binary_search_by_key(&hit.span.start, |n| n.span.start)
            .expect("found above")]
        .ambiguous;
        Some(Class::new(if ambiguous {
            Kind::SchemaUnknown
        } else {
            Kind::Sql
        }))
    } else {
        hit.exact.then_some(Class::MENTION)
    }
}

/// The text of an identifier that names a table: a whole unquoted identifier, or the content
/// of a quoted one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TableName {
    span: Range<usize>,
    quoted: bool,
    /// Unqualified where another schema may be the one meant (see [`Walker::foreign_path`]).
    ambiguous: bool,
}

/// Every table name in `src`, dollar-quoted bodies included, sorted by position.
fn table_names(src: &str) -> Vec<TableName> {
    let mut out = Vec::new();
    // An explicit work list rather than recursion: nested bodies cannot exhaust the stack.
    let mut bodies: Vec<Body> = Vec::new();
    let mut walker = Walker {
        // Unqualified names resolve through `search_path`, `public` first by default.
        foreign_path: !crate::lang::is_rules_schema("public"),
        ..Walker::default()
    };
    walker.scan(src, 0..src.len(), false, &mut out, &mut bodies);
    while let Some(body) = bodies.pop() {
        walker.foreign_path = body.foreign;
        walker.scan(src, body.range, true, &mut out, &mut bodies);
    }
    out.sort_unstable_by_key(|n| n.span.start);
    out
}

// ---------------------------------------------------------------------------------------------
// The keyword table.

/// The statement verb of a parenthesis level: `USING` means a relation only in DELETE and
/// MERGE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Select,
    Insert,
    Update,
    Delete,
    Merge,
}

/// When a keyword of the table really starts a relation position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Always,
    /// `FROM` of a statement, not the `FROM` inside `extract(x FROM y)`, `substring(s FROM 2)`
    /// (a parenthesis level without a verb) or `IS DISTINCT FROM`.
    Query,
    /// `ON` of an index, policy, trigger, grant or rule, not a join condition.
    OutsideFrom,
    /// `DELETE ... USING t`, `MERGE INTO ... USING t`.
    DeleteOrMerge,
    /// `IF [NOT] EXISTS t`, unless the object before `IF` is not a relation
    /// (`ADD COLUMN IF NOT EXISTS c`, `CREATE INDEX IF NOT EXISTS i`).
    AfterIf,
    /// The statement's first word (also right after a plpgsql `BEGIN`, `THEN`, `ELSE` or
    /// `LOOP`): `ANALYZE t` and `CLUSTER t`, not `EXPLAIN ANALYZE` or `ALTER TABLE t CLUSTER ON`.
    StatementStart,
    /// Right after `(` or `,`: `LIKE t` as an element of `CREATE TABLE`, never the operator
    /// `a LIKE b`, which follows an operand.
    ElementStart,
    /// Right after one of these words: `PARTITION OF t`, `ATTACH PARTITION t`.
    After(&'static [&'static str]),
}

/// What a `(` right after a relation key word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paren {
    /// The position is over: `INSERT INTO (`, `TABLE (`.
    Ends,
    /// An option list to step over, the name still to come: `VACUUM (FULL, ANALYZE) t`.
    Options,
    /// A list of relations: `INHERITS (a, t)`.
    Relations,
}

#[derive(Debug, Clone, Copy)]
struct Rel {
    when: When,
    /// Words that may stand between the keyword and the name (`INTO STRICT v`,
    /// `TABLE IF NOT EXISTS t`, `ON INSERT TO t` of a rule, `ON DELETE CASCADE`).
    skip: &'static [&'static str],
    /// A comma right after the name starts another name (`DROP TABLE a, b`,
    /// `GRANT ... ON a, b`, `TRUNCATE a, b`).
    list: bool,
    /// Opens a FROM list: a comma at this level starts another relation until the clause
    /// ends.
    opens_from: bool,
    paren: Paren,
}

#[derive(Debug, Clone, Copy)]
struct Keyword {
    /// Lower case; the table is sorted by it.
    word: &'static str,
    rel: Option<Rel>,
    verb: Option<Verb>,
    /// Ends a FROM list (`WHERE`, `GROUP`, a new `SELECT`, plpgsql `LOOP`).
    ends_from: bool,
}

const fn rel(when: When, skip: &'static [&'static str], list: bool) -> Option<Rel> {
    Some(Rel {
        when,
        skip,
        list,
        opens_from: false,
        paren: Paren::Ends,
    })
}

/// `ANALYZE`, `VACUUM`, `CLUSTER`: at the start of a statement, after option words or a
/// parenthesised option list, a list of tables, each maybe with a column list.
const MAINTENANCE: Option<Rel> = Some(Rel {
    when: When::StatementStart,
    skip: &["analyse", "analyze", "freeze", "full", "verbose"],
    list: false,
    opens_from: true,
    paren: Paren::Options,
});

const fn kw(word: &'static str, rel: Option<Rel>) -> Keyword {
    Keyword {
        word,
        rel,
        verb: None,
        ends_from: false,
    }
}

const fn clause(word: &'static str, verb: Option<Verb>) -> Keyword {
    Keyword {
        word,
        rel: None,
        verb,
        ends_from: true,
    }
}

const FROM_LIST: Rel = Rel {
    when: When::Query,
    skip: &["lateral"],
    list: false,
    opens_from: true,
    paren: Paren::Ends,
};

const KEYWORDS: &[Keyword] = &[
    kw("analyse", MAINTENANCE),
    kw("analyze", MAINTENANCE),
    kw("cluster", MAINTENANCE),
    kw("copy", rel(When::Always, &[], false)),
    clause("delete", Some(Verb::Delete)),
    clause("do", None),
    clause("except", None),
    kw("exists", rel(When::AfterIf, &[], true)),
    clause("fetch", None),
    clause("for", None),
    kw("from", Some(FROM_LIST)),
    clause("group", None),
    clause("having", None),
    kw(
        "inherits",
        Some(Rel {
            when: When::Always,
            skip: &[],
            list: false,
            opens_from: false,
            paren: Paren::Relations,
        }),
    ),
    clause("insert", Some(Verb::Insert)),
    clause("intersect", None),
    kw(
        "into",
        rel(
            When::Always,
            &["strict", "temp", "temporary", "unlogged"],
            false,
        ),
    ),
    kw("join", rel(When::Always, &["lateral"], false)),
    kw("like", rel(When::ElementStart, &[], false)),
    clause("limit", None),
    kw("lock", rel(When::Always, &[], true)),
    clause("loop", None),
    clause("merge", Some(Verb::Merge)),
    kw("of", rel(When::After(&["partition"]), &[], false)),
    clause("offset", None),
    kw(
        "on",
        rel(
            When::OutsideFrom,
            &["select", "insert", "update", "delete", "to"],
            true,
        ),
    ),
    kw("only", rel(When::Always, &[], false)),
    clause("order", None),
    kw(
        "partition",
        rel(When::After(&["attach", "detach"]), &[], false),
    ),
    kw("references", rel(When::Always, &[], false)),
    clause("returning", None),
    kw("returns", rel(When::Always, &[], false)),
    clause("select", Some(Verb::Select)),
    clause("set", None),
    kw("setof", rel(When::Always, &[], false)),
    kw(
        "table",
        rel(When::Always, &["concurrently", "if", "not"], true),
    ),
    kw("truncate", rel(When::Always, &[], true)),
    clause("union", None),
    Keyword {
        word: "update",
        rel: rel(When::Always, &[], false),
        verb: Some(Verb::Update),
        ends_from: true,
    },
    kw(
        "using",
        Some(Rel {
            when: When::DeleteOrMerge,
            skip: &[],
            list: false,
            opens_from: true,
            paren: Paren::Ends,
        }),
    ),
    kw("vacuum", MAINTENANCE),
    clause("values", None),
    kw("view", rel(When::Always, &["if", "not"], true)),
    clause("when", None),
    clause("where", None),
    clause("window", None),
];

/// Objects whose `IF [NOT] EXISTS name` names something other than a relation.
const NOT_RELATION_OBJECTS: &[&str] = &[
    "aggregate",
    "cast",
    "collation",
    "column",
    "configuration",
    "constraint",
    "conversion",
    "database",
    "dictionary",
    "domain",
    "extension",
    "family",
    "function",
    "index",
    "language",
    "mapping",
    "method",
    "operator",
    "parser",
    "policy",
    "procedure",
    "publication",
    "role",
    "routine",
    "rule",
    "schema",
    "sequence",
    "server",
    "statistics",
    "subscription",
    "tablespace",
    "template",
    "transform",
    "trigger",
    "type",
    "user",
    "wrapper",
];

/// The lower-cased text of an unquoted identifier short enough to be a key word.
fn lower_word<'b>(src: &str, t: &Token, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if t.kind != TokKind::Ident {
        return None;
    }
    let text = t.text(src).as_bytes();
    if text.len() > buf.len() {
        return None;
    }
    let out = &mut buf[..text.len()];
    out.copy_from_slice(text);
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

fn keyword(src: &str, t: &Token) -> Option<&'static Keyword> {
    let mut buf = [0u8; 16];
    let w = lower_word(src, t, &mut buf)?;
    KEYWORDS
        .binary_search_by(|k| k.word.cmp(w))
        .ok()
        .map(|i| &KEYWORDS[i])
}

fn word_in(src: &str, t: &Token, words: &[&str]) -> bool {
    let mut buf = [0u8; 16];
    lower_word(src, t, &mut buf).is_some_and(|w| words.contains(&w))
}

// ---------------------------------------------------------------------------------------------
// The walk.

/// What the elements of a parenthesis level name, besides expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Elements {
    /// A routine's parameters, `f(a t, b int DEFAULT 1)`: the name that ends an element is
    /// its type, also alone (`f(t)`, `f(IN t)`).
    Params,
    /// The columns of `CREATE TABLE x (c t)` or `RETURNS TABLE (c t)`: the name right after
    /// the column's is its type.
    Columns,
}

#[derive(Debug, Clone, Copy, Default)]
struct Frame {
    verb: Option<Verb>,
    in_from: bool,
    elements: Option<Elements>,
    /// Names read so far in the current element of `elements`.
    names: u8,
    /// The current element holds no more type: past `DEFAULT` or `=`, or a table constraint
    /// (`CONSTRAINT c CHECK`, `PRIMARY KEY`, `LIKE t`).
    element_done: bool,
    /// `CAST(`: the name after its `AS` is a type.
    cast: bool,
}

/// A relation position waiting for its name.
#[derive(Debug, Clone, Copy)]
struct Pending {
    skip: &'static [&'static str],
    list: bool,
    paren: Paren,
}

/// A dollar-quoted body to walk, with the schema context of where it stands.
#[derive(Debug)]
struct Body {
    range: Range<usize>,
    /// Unqualified names in it may name another schema's table.
    foreign: bool,
}

#[derive(Debug, Default)]
struct Walker {
    /// The `search_path` in force puts another schema than the rules' first (a `SET
    /// search_path` earlier in the file, or the default `public` with rules of another
    /// schema): an unqualified name may be another schema's table.
    foreign_path: bool,
    /// The statement defines a function, procedure or view of another schema: unqualified
    /// names in it are read with that object's context, not the rules' schema.
    stmt_foreign: bool,
    /// The significant tokens (comments dropped) of the statement being walked.
    toks: Vec<Token>,
    /// One frame per open parenthesis, the statement level first.
    frames: Vec<Frame>,
    pending: Option<Pending>,
    /// Token indices of the dotted name being read.
    parts: Vec<usize>,
    /// The next name is a type: after `::` or `CAST(x AS`.
    type_next: bool,
    /// Walking a dollar-quoted body, where `DECLARE` starts a plpgsql declaration section.
    body: bool,
    /// Inside a plpgsql declaration section: from `DECLARE` to `BEGIN`.
    declaring: bool,
    /// The token index of the type of the variable the statement declares.
    declared_type: Option<usize>,
}

/// How the parts of a dotted name are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameRole {
    /// `[schema.]table` in a relation position or a type position (a table's row type).
    Relation,
    /// `[[schema.]table.]column` or `table.*` in an expression.
    Column,
}

/// Words that start a table constraint in `CREATE TABLE (...)`, not a column.
const TABLE_CONSTRAINTS: &[&str] = &[
    "check",
    "constraint",
    "exclude",
    "foreign",
    "like",
    "primary",
    "unique",
];

impl Walker {
    /// Walks `src[range]` statement by statement; `body` when it is a dollar-quoted body.
    fn scan(
        &mut self,
        src: &str,
        range: Range<usize>,
        body: bool,
        out: &mut Vec<TableName>,
        bodies: &mut Vec<Body>,
    ) {
        self.body = body;
        self.declaring = false;
        let mut tz = Tokenizer::with_range(src, range.clone());
        loop {
            self.toks.clear();
            for t in tz.by_ref() {
                if t.is_comment() {
                    continue;
                }
                self.toks.push(t);
                if t.is_punct(src, ";") {
                    break;
                }
            }
            if self.toks.is_empty() {
                break;
            }
            self.walk_statement(src, out, bodies);
            if self.is_copy_from_stdin(src) {
                tz.skip_to(copy_data_end(src, tz.position(), range.end));
            }
        }
    }

    fn is_copy_from_stdin(&self, src: &str) -> bool {
        self.toks.first().is_some_and(|t| t.is_keyword(src, "copy"))
            && self
                .toks
                .windows(2)
                .any(|w| w[0].is_keyword(src, "from") && w[1].is_keyword(src, "stdin"))
    }

    fn top(&self) -> Frame {
        self.frames.last().copied().unwrap_or_default()
    }

    fn top_mut(&mut self) -> &mut Frame {
        if self.frames.is_empty() {
            self.frames.push(Frame::default());
        }
        let last = self.frames.len() - 1;
        &mut self.frames[last]
    }

    /// In a plpgsql declaration section (statements split at `;`, so each declaration is
    /// one), the index of the declared variable's type: `DECLARE r t;`, then `n t;` up to
    /// `BEGIN`. A top-level `DECLARE` declares a cursor, which has no type.
    fn declaration_type(&mut self, src: &str) -> Option<usize> {
        if !self.body {
            return None;
        }
        // A block label `<<name>>` may come first.
        let mut i = if self.toks[0].is_punct(src, "<<") {
            3
        } else {
            0
        };
        let first = self.toks.get(i)?;
        if first.is_keyword(src, "declare") {
            self.declaring = true;
            i += 1;
        }
        if !self.declaring {
            return None;
        }
        let var = self.toks.get(i)?;
        if var.is_keyword(src, "begin") {
            self.declaring = false;
            return None;
        }
        if !var.is_ident() {
            return None;
        }
        let mut j = i + 1;
        if self
            .toks
            .get(j)
            .is_some_and(|t| t.is_keyword(src, "constant"))
        {
            j += 1;
        }
        let (after, _) = dotted_name(src, &self.toks, j)?;
        // `v x%TYPE` copies the type of a variable or column `x`, not a table's row type.
        let copies_type = self.toks.get(after).is_some_and(|t| t.is_punct(src, "%"))
            && self
                .toks
                .get(after + 1)
                .is_some_and(|t| t.is_keyword(src, "type"));
        (!copies_type).then_some(j)
    }

    /// What the elements of the parenthesis at `i` are, from the words before it:
    /// `FUNCTION f(`, `PROCEDURE p(`, `ROUTINE r(` give parameters, `CREATE ... TABLE t (`
    /// and `RETURNS TABLE (` give columns.
    fn elements_at(&self, src: &str, i: usize) -> Option<Elements> {
        let at = |j: usize| self.toks.get(j);
        let kw = |j: usize, words: &[&str]| at(j).is_some_and(|t| word_in(src, t, words));
        let before = i.checked_sub(1)?;
        if kw(before, &["table"]) && before >= 1 && kw(before - 1, &["returns"]) {
            return Some(Elements::Columns);
        }
        if !at(before)?.is_ident() {
            return None;
        }
        // The start of the dotted name that ends before `i`.
        let mut start = before;
        while start >= 2 && at(start - 1)?.is_punct(src, ".") && at(start - 2)?.is_ident() {
            start -= 2;
        }
        let mut word = start.checked_sub(1)?;
        // `DROP FUNCTION IF EXISTS f(`.
        while word >= 1 && kw(word, &["exists", "if", "not"]) {
            word -= 1;
        }
        if kw(word, &["function", "procedure", "routine"]) {
            Some(Elements::Params)
        } else if kw(word, &["table", "exists"]) && self.toks[0].is_keyword(src, "create") {
            Some(Elements::Columns)
        } else {
            None
        }
    }

    /// The index after the parenthesised list that opens at `i`.
    fn skip_parens(&self, src: &str, i: usize) -> usize {
        let mut depth = 0usize;
        let mut j = i;
        while let Some(t) = self.toks.get(j) {
            if t.is_punct(src, "(") {
                depth += 1;
            } else if t.is_punct(src, ")") {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            j += 1;
        }
        j
    }

    /// Keeps the element bookkeeping of a parameter or column list for the word at `i`.
    fn element_word(&mut self, src: &str, i: usize) {
        let t = self.toks[i];
        let f = self.top_mut();
        let Some(elements) = f.elements else {
            return;
        };
        let done = match elements {
            Elements::Params => t.is_keyword(src, "default"),
            Elements::Columns => f.names == 0 && word_in(src, &t, TABLE_CONSTRAINTS),
        };
        f.element_done |= done;
    }

    /// Whether the name at `i` (ending before `next`) is the type of a parameter or column.
    fn is_element_type(&self, src: &str, next: usize) -> bool {
        let f = self.top();
        match f.elements {
            _ if f.element_done => false,
            None => false,
            Some(Elements::Columns) => f.names == 1,
            Some(Elements::Params) => self.toks.get(next).is_none_or(|t| {
                [",", ")", "[", "="].iter().any(|p| t.is_punct(src, p))
                    || t.is_keyword(src, "default")
            }),
        }
    }

    /// `SET [SESSION | LOCAL] search_path {TO | =} list`, `RESET search_path` and
    /// `SELECT set_config('search_path', 'list', ...)`: whether the new path puts another
    /// schema first (`None` when the statement sets no path, or an empty one).
    fn search_path_set(&self, src: &str) -> Option<bool> {
        let toks = &self.toks;
        let kw = |j: usize, w: &str| toks.get(j).is_some_and(|t| t.is_keyword(src, w));
        // In a plpgsql body the first statement follows `BEGIN`.
        let s = usize::from(self.body && kw(0, "begin"));
        if kw(s, "reset") && kw(s + 1, "search_path") {
            return path_is_foreign(std::iter::once("public"));
        }
        if kw(s, "set") {
            let mut j = s + 1;
            if kw(j, "session") || kw(j, "local") {
                j += 1;
            }
            if !kw(j, "search_path") {
                return None;
            }
            return self.path_list(src, j + 1);
        }
        // `set_config('search_path', 'a, b', false)`, as pg_dump and Supabase's own dumps
        // write it.
        let at = toks.iter().position(|t| t.is_keyword(src, "set_config"))?;
        let arg = |k: usize| {
            let t = toks.get(at + k)?;
            matches!(t.kind, TokKind::Str(_)).then(|| src.get(t.content_span(src)))?
        };
        if !toks.get(at + 1)?.is_punct(src, "(") || !arg(2)?.eq_ignore_ascii_case("search_path") {
            return None;
        }
        let list = arg(4)?;
        path_is_foreign(list.split(',').map(|s| s.trim().trim_matches('"')))
    }

    /// The schemas after `TO` / `=` at `j`, up to the end of the list.
    fn path_list(&self, src: &str, j: usize) -> Option<bool> {
        let toks = &self.toks;
        let t = toks.get(j)?;
        if !(t.is_keyword(src, "to") || t.is_punct(src, "=")) {
            return None;
        }
        let mut names: Vec<String> = Vec::new();
        let mut k = j + 1;
        while let Some(t) = toks.get(k) {
            if t.is_keyword(src, "default") && names.is_empty() {
                return path_is_foreign(std::iter::once("public"));
            }
            if t.is_keyword(src, "from") {
                // `SET search_path FROM CURRENT`: the caller's path.
                return None;
            }
            match t.kind {
                TokKind::Ident | TokKind::QuotedIdent { .. } => {
                    names.push(t.ident_value(src)?.into_owned());
                }
                // A list written as one string, `'a, b'`, or strings per schema.
                TokKind::Str(_) => names.extend(
                    src.get(t.content_span(src))?
                        .split(',')
                        .map(|s| s.trim().trim_matches('"').to_string()),
                ),
                _ => {}
            }
            match toks.get(k + 1) {
                Some(n) if n.is_punct(src, ",") => k += 2,
                _ => break,
            }
        }
        path_is_foreign(names.iter().map(String::as_str))
    }

    /// `CREATE [OR REPLACE] ... {FUNCTION | PROCEDURE | VIEW} schema.name` with a schema other
    /// than the rules'.
    fn defines_in_other_schema(&self, src: &str) -> bool {
        let toks = &self.toks;
        if !toks.first().is_some_and(|t| t.is_keyword(src, "create")) {
            return false;
        }
        let Some(at) = toks
            .iter()
            .take(8)
            .position(|t| word_in(src, t, &["function", "procedure", "view"]))
        else {
            return false;
        };
        let mut j = at + 1;
        while toks
            .get(j)
            .is_some_and(|t| word_in(src, t, &["if", "not", "exists"]))
        {
            j += 1;
        }
        let qualified = toks.get(j + 1).is_some_and(|t| t.is_punct(src, "."))
            && toks.get(j + 2).is_some_and(|t| t.is_ident());
        qualified && toks.get(j).is_some_and(|t| !is_rules_schema(src, t))
    }

    /// A routine's `SET search_path {TO | =} list` clause: whether it puts another schema
    /// first.
    fn routine_search_path(&self, src: &str) -> Option<bool> {
        let toks = &self.toks;
        if !toks.first().is_some_and(|t| t.is_keyword(src, "create")) {
            return None;
        }
        let j = toks
            .windows(2)
            .position(|w| w[0].is_keyword(src, "set") && w[1].is_keyword(src, "search_path"))?;
        self.path_list(src, j + 2)
    }

    fn walk_statement(&mut self, src: &str, out: &mut Vec<TableName>, bodies: &mut Vec<Body>) {
        self.frames.clear();
        self.frames.push(Frame::default());
        self.pending = None;
        self.type_next = false;
        self.declared_type = self.declaration_type(src);
        if let Some(foreign) = self.search_path_set(src) {
            self.foreign_path = foreign;
        }
        self.stmt_foreign = self.defines_in_other_schema(src);
        // A routine's own `SET search_path` clause decides its body, whatever the file's is.
        let body_foreign =
            self.stmt_foreign || self.routine_search_path(src).unwrap_or(self.foreign_path);
        // Set right after a relation name whose keyword takes a comma list.
        let mut list_after: Option<Pending> = None;
        let mut i = 0;
        while i < self.toks.len() {
            let t = self.toks[i];
            let list = list_after.take();
            let was_cast = std::mem::take(&mut self.type_next);
            match t.kind {
                TokKind::Ident | TokKind::QuotedIdent { .. } => {
                    if t.kind == TokKind::Ident {
                        if self.top().cast && t.is_keyword(src, "as") {
                            self.pending = None;
                            self.type_next = true;
                            i += 1;
                            continue;
                        }
                        self.element_word(src, i);
                        if self.keyword_step(src, i) {
                            i += 1;
                            continue;
                        }
                    }
                    let (next, star) = self.read_name(src, i);
                    let rowtype = self.is_rowtype(src, next);
                    let typed = was_cast
                        || self.declared_type == Some(i)
                        || self.is_element_type(src, next);
                    let pending = self.pending.take();
                    let role = if (pending.is_some() && !star) || rowtype || typed {
                        NameRole::Relation
                    } else {
                        NameRole::Column
                    };
                    self.mark_name(src, role, star, out);
                    let f = self.top_mut();
                    f.names = f.names.saturating_add(1);
                    list_after = pending.filter(|p| p.list && !star);
                    i = next;
                    continue;
                }
                TokKind::Str(_) | TokKind::Dollar { .. } => {
                    if self.is_regclass_operand(src, i) {
                        self.mark_regclass_string(src, &t, out);
                    } else if let TokKind::Dollar {
                        body_start,
                        body_end,
                    } = t.kind
                    {
                        bodies.push(Body {
                            range: body_start..body_end,
                            foreign: body_foreign,
                        });
                    }
                }
                TokKind::Cast => self.type_next = true,
                TokKind::Punct if t.is_punct(src, "(") => {
                    match self.pending.map(|p| p.paren) {
                        Some(Paren::Options) => {
                            i = self.skip_parens(src, i);
                            continue;
                        }
                        Some(Paren::Relations) => {
                            self.frames.push(Frame {
                                in_from: true,
                                ..Frame::default()
                            });
                            i += 1;
                            continue;
                        }
                        Some(Paren::Ends) | None => {}
                    }
                    let cast = i >= 1 && self.toks[i - 1].is_keyword(src, "cast");
                    self.frames.push(Frame {
                        elements: self.elements_at(src, i),
                        cast,
                        ..Frame::default()
                    });
                }
                TokKind::Punct if t.is_punct(src, ")") && self.frames.len() > 1 => {
                    self.frames.pop();
                }
                TokKind::Punct if t.is_punct(src, ",") => {
                    let top = self.top_mut();
                    top.names = 0;
                    top.element_done = false;
                    let in_from = top.in_from;
                    self.pending = match list {
                        Some(p) => Some(p),
                        None if in_from => Some(Pending {
                            skip: FROM_LIST.skip,
                            list: false,
                            paren: FROM_LIST.paren,
                        }),
                        None => None,
                    };
                    i += 1;
                    continue;
                }
                TokKind::Op if t.is_punct(src, "=") => self.top_mut().element_done = true,
                _ => {}
            }
            self.pending = None;
            i += 1;
        }
    }

    /// Applies the key word at `i`, if it is one that matters here; false when the word is to
    /// be read as a name.
    fn keyword_step(&mut self, src: &str, i: usize) -> bool {
        let t = self.toks[i];
        if let Some(p) = self.pending {
            if word_in(src, &t, p.skip) {
                return true;
            }
        }
        let Some(k) = keyword(src, &t) else {
            return false;
        };
        let relation = k.rel.filter(|r| self.holds(src, r.when, i));
        if let Some(v) = k.verb {
            self.top_mut().verb = Some(v);
        }
        if k.ends_from {
            self.top_mut().in_from = false;
        }
        match relation {
            Some(r) => {
                if r.opens_from {
                    self.top_mut().in_from = true;
                }
                let inherited = self.pending.is_some_and(|p| p.list);
                self.pending = Some(Pending {
                    skip: r.skip,
                    list: r.list || inherited,
                    paren: r.paren,
                });
                true
            }
            None if k.verb.is_some() || k.ends_from => {
                self.pending = None;
                true
            }
            None => false,
        }
    }

    fn holds(&self, src: &str, when: When, i: usize) -> bool {
        let prev = |back: usize| i.checked_sub(back).map(|j| self.toks[j]);
        let prev_is = |back: usize, w: &str| prev(back).is_some_and(|t| t.is_keyword(src, w));
        match when {
            When::Always => true,
            When::Query => {
                let top = self.frames.len() <= 1;
                (top || self.top().verb.is_some()) && !prev_is(1, "distinct")
            }
            When::OutsideFrom => !self.top().in_from,
            When::DeleteOrMerge => matches!(self.top().verb, Some(Verb::Delete | Verb::Merge)),
            When::AfterIf => {
                let if_at = if prev_is(1, "if") {
                    Some(2)
                } else if prev_is(1, "not") && prev_is(2, "if") {
                    Some(3)
                } else {
                    None
                };
                if_at.is_some_and(|b| {
                    !prev(b).is_some_and(|t| word_in(src, &t, NOT_RELATION_OBJECTS))
                })
            }
            When::StatementStart => {
                prev(1).is_none_or(|t| word_in(src, &t, &["begin", "then", "else", "loop"]))
            }
            When::ElementStart => {
                prev(1).is_some_and(|t| t.is_punct(src, "(") || t.is_punct(src, ","))
            }
            When::After(words) => prev(1).is_some_and(|t| word_in(src, &t, words)),
        }
    }

    /// Reads the dotted name starting at `i` into `self.parts`; returns the index after it and
    /// whether it ends in `.*`.
    fn read_name(&mut self, src: &str, i: usize) -> (usize, bool) {
        self.parts.clear();
        self.parts.push(i);
        let mut j = i + 1;
        let mut star = false;
        while j + 1 < self.toks.len() && self.toks[j].is_punct(src, ".") {
            let next = self.toks[j + 1];
            if next.is_ident() {
                self.parts.push(j + 1);
                j += 2;
            } else {
                if next.is_punct(src, "*") {
                    star = true;
                    j += 2;
                }
                break;
            }
        }
        (j, star)
    }

    /// `%ROWTYPE` at `j`.
    fn is_rowtype(&self, src: &str, j: usize) -> bool {
        j + 1 < self.toks.len()
            && self.toks[j].is_punct(src, "%")
            && self.toks[j + 1].is_keyword(src, "rowtype")
    }

    /// Records the table part of the name in `self.parts`, when its schema (if any) is
    /// `public`.
    fn mark_name(&self, src: &str, role: NameRole, star: bool, out: &mut Vec<TableName>) {
        let n = self.parts.len();
        let table = match role {
            NameRole::Relation => n - 1,
            NameRole::Column if star => n - 1,
            NameRole::Column if n >= 2 => n - 2,
            NameRole::Column => return,
        };
        let schema = table.checked_sub(1).map(|s| &self.toks[self.parts[s]]);
        if schema.is_some_and(|s| !is_rules_schema(src, s)) {
            return;
        }
        if let Some(mut name) = table_name(src, &self.toks[self.parts[table]]) {
            name.ambiguous = schema.is_none() && (self.foreign_path || self.stmt_foreign);
            out.push(name);
        }
    }

    /// A string literal cast to `regclass` (`'t'::regclass`, `CAST('t' AS regclass)`) or
    /// passed to `to_regclass(...)`.
    fn is_regclass_operand(&self, src: &str, i: usize) -> bool {
        let toks = &self.toks;
        let at = |j: usize| toks.get(j);
        let after_open = i >= 2 && toks[i - 1].is_punct(src, "(");
        if after_open && toks[i - 2].is_keyword(src, "to_regclass") {
            return true;
        }
        if after_open
            && toks[i - 2].is_keyword(src, "cast")
            && at(i + 1).is_some_and(|t| t.is_keyword(src, "as"))
            && at(i + 2).is_some_and(|t| is_regclass_type(src, t))
        {
            return true;
        }
        // `'t'::regclass`, also behind other casts (`'t'::text::regclass`) and with the type
        // schema-qualified (`::pg_catalog.regclass`).
        let mut j = i + 1;
        while at(j).is_some_and(|t| t.kind == TokKind::Cast) {
            let Some((next, last)) = dotted_name(src, toks, j + 1) else {
                return false;
            };
            if is_regclass_type(src, &toks[last]) {
                return true;
            }
            j = next;
        }
        false
    }

    /// The name inside a regclass string: `[schema.]table`, each part quoted or not, as
    /// `regclassin` reads it. Anything else in the string makes it no name at all.
    fn mark_regclass_string(&self, src: &str, t: &Token, out: &mut Vec<TableName>) {
        let readable = t.terminated
            && match t.kind {
                TokKind::Str(StrKind::Plain | StrKind::National) | TokKind::Dollar { .. } => true,
                TokKind::Str(StrKind::Escape) => {
                    !src.get(t.content_span(src)).unwrap_or("\\").contains('\\')
                }
                _ => false,
            };
        if !readable {
            return;
        }
        let inner: Vec<Token> = Tokenizer::with_range(src, t.content_span(src)).collect();
        let shaped = !inner.is_empty()
            && inner.len() <= 5
            && inner.iter().enumerate().all(|(k, x)| {
                if k % 2 == 0 {
                    x.is_ident()
                } else {
                    x.is_punct(src, ".")
                }
            })
            && inner.len() % 2 == 1;
        if !shaped {
            return;
        }
        let table = &inner[inner.len() - 1];
        let qualified = inner.len() >= 3;
        if qualified && !is_rules_schema(src, &inner[inner.len() - 3]) {
            return;
        }
        if let Some(mut name) = table_name(src, table) {
            name.ambiguous = !qualified && (self.foreign_path || self.stmt_foreign);
            out.push(name);
        }
    }
}

/// The dotted name at `i`: the index after it and the index of its last part.
fn dotted_name(src: &str, toks: &[Token], i: usize) -> Option<(usize, usize)> {
    if !toks.get(i)?.is_ident() {
        return None;
    }
    let mut last = i;
    while toks.get(last + 1).is_some_and(|t| t.is_punct(src, "."))
        && toks.get(last + 2).is_some_and(|t| t.is_ident())
    {
        last += 2;
    }
    Some((last + 1, last))
}

fn is_regclass_type(src: &str, t: &Token) -> bool {
    t.ident_value(src).is_some_and(|v| v == "regclass")
}

fn is_rules_schema(src: &str, t: &Token) -> bool {
    t.ident_value(src)
        .is_some_and(|v| crate::lang::is_rules_schema(&v))
}

/// Whether a `search_path` list (its schemas in order, `$user` included) puts another schema
/// than the rules' first. `$user` names a schema only where one is named after the role,
/// which Supabase projects do not have, so it is passed over.
fn path_is_foreign<'a>(schemas: impl Iterator<Item = &'a str>) -> Option<bool> {
    let first = schemas
        .map(|s| s.trim())
        .find(|s| !s.is_empty() && *s != "$user")?;
    Some(!crate::lang::is_rules_schema(first))
}

fn table_name(src: &str, t: &Token) -> Option<TableName> {
    match t.kind {
        TokKind::Ident => Some(TableName {
            span: t.span(),
            quoted: false,
            ambiguous: false,
        }),
        TokKind::QuotedIdent { .. } if t.terminated => Some(TableName {
            span: t.content_span(src),
            quoted: true,
            ambiguous: false,
        }),
        _ => None,
    }
}

/// Where the data of `COPY ... FROM stdin;` ends: after the line `\.` that follows the
/// statement, or at `end`.
fn copy_data_end(src: &str, from: usize, end: usize) -> usize {
    let b = &src.as_bytes()[..end.min(src.len())];
    let Some(mut line) = memchr::memchr(b'\n', &b[from.min(b.len())..]).map(|o| from + o + 1)
    else {
        return b.len();
    };
    while line < b.len() {
        let stop = memchr::memchr(b'\n', &b[line..]).map_or(b.len(), |o| line + o);
        let text = &b[line..stop];
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text == b"\\." {
            return (stop + 1).min(b.len());
        }
        line = stop + 1;
    }
    b.len()
}

// ---------------------------------------------------------------------------------------------
// SQL by shape.

/// Whether a string's content reads as a SQL statement: after whitespace and comments it
/// starts with a statement key word, written all upper or all lower case, followed by what
/// that statement needs (`Select a file`, `update your profile` and `create new` are prose).
/// Template holes are expected to be blanked out already, so names may be missing.
pub fn looks_like_sql(text: &str) -> bool {
    let toks: Vec<Token> = Tokenizer::new(text)
        .filter(|t| !t.is_comment())
        .take(64)
        .collect();
    let Some(first) = toks.first() else {
        return false;
    };
    let word = first.text(text);
    if first.kind != TokKind::Ident
        || !(word.bytes().all(|b| !b.is_ascii_lowercase())
            || word.bytes().all(|b| !b.is_ascii_uppercase()))
    {
        return false;
    }
    let c = Shape {
        src: text,
        toks: &toks,
    };
    let mut buf = [0u8; 16];
    let Some(w) = lower_word(text, first, &mut buf) else {
        return false;
    };
    match w {
        "select" => c.select(1),
        "insert" => c.is_kw(1, "into") && c.insert_target(2),
        "update" => c.update(1),
        "delete" => c.is_kw(1, "from") && c.delete_target(2),
        "with" => c.with(1),
        "create" => c.create(1),
        "alter" | "drop" => c.object(1, false),
        "truncate" => c.truncate(1),
        "grant" | "revoke" => c.grant(1),
        "comment" => c.is_kw(1, "on") && c.object(2, true),
        "merge" => c.is_kw(1, "into") && c.get(2).is_some(),
        "copy" => c.copy(1),
        "begin" => c.begin(1),
        "do" => c.get(1).is_some_and(|t| {
            matches!(t.kind, TokKind::Dollar { .. } | TokKind::Str(_))
                || t.is_keyword(text, "language")
        }),
        _ => false,
    }
}

/// Object key words after CREATE / ALTER / DROP / COMMENT ON.
const OBJECTS: &[&str] = &[
    "aggregate",
    "collation",
    "column",
    "constraint",
    "database",
    "default",
    "domain",
    "event",
    "extension",
    "foreign",
    "function",
    "index",
    "materialized",
    "operator",
    "policy",
    "procedure",
    "publication",
    "role",
    "rule",
    "schema",
    "sequence",
    "server",
    "statistics",
    "subscription",
    "table",
    "tablespace",
    "trigger",
    "type",
    "view",
];

/// Words between CREATE and its object.
const CREATE_MODIFIERS: &[&str] = &[
    "global",
    "local",
    "or",
    "procedural",
    "recursive",
    "replace",
    "temp",
    "temporary",
    "trusted",
    "unique",
    "unlogged",
];

const PRIVILEGES: &[&str] = &[
    "all",
    "alter",
    "connect",
    "create",
    "delete",
    "execute",
    "insert",
    "maintain",
    "references",
    "select",
    "set",
    "temp",
    "temporary",
    "trigger",
    "truncate",
    "update",
    "usage",
];

struct Shape<'a> {
    src: &'a str,
    toks: &'a [Token],
}

impl Shape<'_> {
    fn get(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    fn is_kw(&self, i: usize, w: &str) -> bool {
        self.get(i).is_some_and(|t| t.is_keyword(self.src, w))
    }

    fn is_p(&self, i: usize, p: &str) -> bool {
        self.get(i).is_some_and(|t| t.is_punct(self.src, p))
    }

    fn in_words(&self, i: usize, words: &[&str]) -> bool {
        self.get(i).is_some_and(|t| word_in(self.src, t, words))
    }

    fn end_or(&self, i: usize, words: &[&str]) -> bool {
        self.get(i).is_none() || self.is_p(i, ";") || self.in_words(i, words)
    }

    /// Skips a dotted name at `i`, if one is there; returns the index after it.
    fn name(&self, i: usize) -> usize {
        if !self.get(i).is_some_and(|t| t.is_ident()) {
            return i;
        }
        let mut j = i + 1;
        while self.is_p(j, ".") && self.get(j + 1).is_some_and(|t| t.is_ident()) {
            j += 2;
        }
        j
    }

    /// A name that is not one of `stop`: an alias or a table name, as opposed to the next key
    /// word.
    fn name_unless(&self, i: usize, stop: &[&str]) -> usize {
        if self.in_words(i, stop) {
            i
        } else {
            self.name(i)
        }
    }

    fn select(&self, i: usize) -> bool {
        let Some(t) = self.get(i) else {
            return false;
        };
        match t.kind {
            TokKind::Number | TokKind::Param | TokKind::Str(_) | TokKind::Dollar { .. } => true,
            TokKind::Punct | TokKind::Op => t.is_punct(self.src, "*") || t.is_punct(self.src, "("),
            TokKind::Ident | TokKind::QuotedIdent { .. } => {
                if self.in_words(i, &["distinct", "all"]) {
                    return self.get(i + 1).is_some();
                }
                if self.is_kw(i, "from") {
                    return true;
                }
                // The first select item: what follows a column or call, not another word.
                let j = self.name(i);
                match self.get(j) {
                    None => false,
                    Some(n) => match n.kind {
                        TokKind::Punct => {
                            n.is_punct(self.src, ",")
                                || n.is_punct(self.src, "(")
                                || n.is_punct(self.src, ";")
                                || n.is_punct(self.src, "[")
                        }
                        TokKind::Op | TokKind::Cast => true,
                        _ => self.in_words(j, &["from", "as", "into"]),
                    },
                }
            }
            _ => false,
        }
    }

    fn insert_target(&self, i: usize) -> bool {
        let j = self.name_unless(i, &["values", "select", "default", "overriding"]);
        let j = if self.is_kw(j, "as") {
            self.name(j + 1)
        } else {
            j
        };
        self.end_or(
            j,
            &["values", "select", "default", "overriding", "with", "on"],
        ) || self.is_p(j, "(")
    }

    fn update(&self, i: usize) -> bool {
        let i = if self.is_kw(i, "only") { i + 1 } else { i };
        let mut j = self.name_unless(i, &["set"]);
        if self.is_kw(j, "as") {
            j += 1;
        }
        j = self.name_unless(j, &["set"]);
        if !self.is_kw(j, "set") {
            return false;
        }
        let k = j + 1;
        if self.get(k).is_none() || self.is_p(k, "(") || self.is_kw(k, "where") {
            return true;
        }
        let after = self.name(k);
        after > k
            && self
                .get(after)
                .is_some_and(|t| t.kind == TokKind::Op && t.text(self.src).starts_with('='))
    }

    fn delete_target(&self, i: usize) -> bool {
        const NEXT: &[&str] = &["where", "using", "returning"];
        let i = if self.is_kw(i, "only") { i + 1 } else { i };
        let j = self.name_unless(i, NEXT);
        if self.end_or(j, NEXT) || self.is_kw(j, "as") {
            return true;
        }
        // An alias must be followed by a clause, so `delete from the list` stays prose.
        let k = self.name(j);
        k > j && self.in_words(k, NEXT)
    }

    fn with(&self, i: usize) -> bool {
        let i = if self.is_kw(i, "recursive") { i + 1 } else { i };
        let mut j = self.name_unless(i, &["as"]);
        if self.is_p(j, "(") {
            let mut depth = 0usize;
            while let Some(t) = self.get(j) {
                if t.is_punct(self.src, "(") {
                    depth += 1;
                } else if t.is_punct(self.src, ")") {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                j += 1;
            }
        }
        if !self.is_kw(j, "as") {
            return false;
        }
        j += 1;
        if self.is_kw(j, "not") {
            j += 1;
        }
        if self.is_kw(j, "materialized") {
            j += 1;
        }
        self.is_p(j, "(")
    }

    fn create(&self, mut i: usize) -> bool {
        while self.in_words(i, CREATE_MODIFIERS) {
            i += 1;
        }
        self.object(i, false)
    }

    /// An object key word followed by something: `TABLE t`, `POLICY "p"`, `INDEX ON`.
    fn object(&self, i: usize, comment: bool) -> bool {
        let ok = self.in_words(i, OBJECTS) || (comment && self.is_kw(i, "column"));
        ok && self.get(i + 1).is_some()
    }

    fn truncate(&self, i: usize) -> bool {
        let mut i = i;
        for w in ["table", "only"] {
            if self.is_kw(i, w) {
                i += 1;
            }
        }
        let j = self.name(i);
        if j == i {
            return self.get(i).is_none() || self.is_p(i, ";");
        }
        self.end_or(j, &["restart", "continue", "cascade", "restrict"])
            || self.is_p(j, ",")
            || self.is_p(j, "*")
    }

    fn grant(&self, i: usize) -> bool {
        let i = if self.in_words(i, &["grant"]) && self.is_kw(i + 1, "option") {
            i + 3
        } else {
            i
        };
        self.in_words(i, PRIVILEGES) && (i + 1..self.toks.len()).any(|j| self.is_kw(j, "on"))
    }

    fn copy(&self, i: usize) -> bool {
        if self.is_p(i, "(") {
            return true;
        }
        let mut j = self.name(i);
        if self.is_p(j, "(") {
            while self.get(j).is_some() && !self.is_p(j, ")") {
                j += 1;
            }
            j += 1;
        }
        self.in_words(j, &["from", "to"])
    }

    fn begin(&self, i: usize) -> bool {
        self.end_or(
            i,
            &[
                "transaction",
                "work",
                "isolation",
                "read",
                "atomic",
                "deferrable",
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Option<Kind> = Some(Kind::Sql);
    const M: Option<Kind> = Some(Kind::Mention);
    const N: Option<Kind> = None;

    /// Whole-word, ASCII case-insensitive occurrences of `names` (`[A-Za-z0-9_]` are
    /// identifier characters), as the prefilter reports them.
    fn find_hits(src: &str, names: &[&str]) -> Vec<Hit> {
        let b = src.as_bytes();
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut out = Vec::new();
        for (table, name) in names.iter().enumerate() {
            let n = name.len();
            let mut i = 0;
            while i + n <= b.len() {
                let here = &b[i..i + n];
                if here.eq_ignore_ascii_case(name.as_bytes())
                    && (i == 0 || !word(b[i - 1]))
                    && (i + n == b.len() || !word(b[i + n]))
                {
                    out.push(Hit {
                        span: i..i + n,
                        table,
                        exact: here == name.as_bytes(),
                    });
                    i += n;
                } else {
                    i += 1;
                }
            }
        }
        out.sort_by_key(|h| h.span.start);
        out
    }

    fn kinds_of(src: &str, names: &[&str]) -> Vec<Option<Kind>> {
        let hits = find_hits(src, names);
        let got = classify(src, &hits);
        assert_eq!(got.len(), hits.len());
        for c in got.iter().flatten() {
            assert_eq!((c.site, c.via_alias), (crate::findings::Site::Plain, false));
        }
        got.iter().map(|c| c.map(|c| c.kind)).collect()
    }

    fn kinds(src: &str) -> Vec<Option<Kind>> {
        kinds_of(src, &["experts"])
    }

    const U: Option<Kind> = Some(Kind::SchemaUnknown);

    /// An unqualified name is the rules' table only where the `search_path` in force puts the
    /// rules' schema first; elsewhere it may be a namesake.
    // See: issue 22 item 3
    #[test]
    fn search_path_that_puts_another_schema_first_makes_names_of_unknown_schema() {
        let cases: &[(&str, &[Option<Kind>])] = &[
            ("SET search_path TO other, public; SELECT * FROM experts", &[U]),
            ("set local search_path = 'other'; select 1 from experts", &[U]),
            ("SET search_path = \"$user\", public; SELECT * FROM experts", &[S]),
            ("SET search_path TO other; RESET search_path; SELECT * FROM experts", &[S]),
            ("SET search_path TO other; SET search_path TO DEFAULT; TABLE experts", &[S]),
            ("SET search_path TO other; SELECT * FROM public.experts", &[S]),
            ("SET search_path TO other; SELECT * FROM other.experts", &[M]),
            ("SELECT pg_catalog.set_config('search_path', 'other, public', false); SELECT * FROM experts", &[U]),
            ("SELECT pg_catalog.set_config('search_path', '', false); SELECT * FROM public.experts", &[S]),
            ("SET search_path TO other; SELECT 'experts'::regclass", &[U]),
        ];
        for (src, want) in cases {
            assert_eq!(kinds(src), *want, "{src}");
        }
    }

    // See: issue 22 item 3
    #[test]
    fn functions_and_views_of_another_schema_make_names_of_unknown_schema() {
        let cases: &[(&str, &[Option<Kind>])] = &[
            (
                "CREATE FUNCTION other.n() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM experts $$",
                &[U],
            ),
            (
                "CREATE FUNCTION public.n() RETURNS bigint LANGUAGE sql SET search_path = other AS $$ SELECT count(*) FROM experts $$",
                &[U],
            ),
            (
                "SET search_path TO other;\nCREATE FUNCTION public.n() RETURNS bigint LANGUAGE sql SET search_path = public AS $$ SELECT count(*) FROM experts $$",
                &[S],
            ),
            (
                "CREATE FUNCTION public.n() RETURNS bigint LANGUAGE sql SET search_path = '' AS $$ SELECT count(*) FROM public.experts $$",
                &[S],
            ),
            ("CREATE OR REPLACE VIEW other.v AS SELECT * FROM experts", &[U]),
            ("CREATE VIEW public.v AS SELECT * FROM experts", &[S]),
            ("CREATE VIEW v AS SELECT * FROM experts", &[S]),
            (
                "CREATE FUNCTION public.n() RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN SET search_path TO other; RETURN (SELECT count(*) FROM experts); END $$; SELECT * FROM experts",
                &[U, S],
            ),
        ];
        for (src, want) in cases {
            assert_eq!(kinds(src), *want, "{src}");
        }
    }

    /// With rules of another schema than `public`, an unqualified name is the rules' table
    /// only under a `search_path` that names that schema first.
    // See: issue 22 item 3
    #[test]
    fn rules_of_another_schema_read_unqualified_names_as_unknown() {
        crate::lang::with_schema("app", || {
            let cases: &[(&str, &[Option<Kind>])] = &[
                ("SELECT * FROM experts", &[U]),
                ("SELECT * FROM app.experts", &[S]),
                ("SELECT * FROM public.experts", &[M]),
                (
                    "SET search_path TO app, public; SELECT * FROM experts",
                    &[S],
                ),
                (
                    "SELECT 'app.experts'::regclass, 'public.experts'::regclass",
                    &[S, M],
                ),
            ];
            for (src, want) in cases {
                assert_eq!(kinds(src), *want, "{src}");
            }
        });
    }

    #[test]
    fn keyword_table_is_sorted_and_lower_case() {
        for w in KEYWORDS.windows(2) {
            assert!(w[0].word < w[1].word, "{} / {}", w[0].word, w[1].word);
        }
        for k in KEYWORDS {
            assert_eq!(k.word, k.word.to_ascii_lowercase());
            assert!(k.word.len() <= 16);
            if let Some(r) = k.rel {
                for s in r.skip {
                    assert_eq!(*s, s.to_ascii_lowercase());
                }
            }
        }
    }

    #[test]
    fn no_hits_no_work() {
        assert!(classify("SELECT * FROM experts", &[]).is_empty());
    }

    #[test]
    fn comments_and_strings_are_mentions() {
        let src = "-- experts here\n/* experts /* nested experts */ still experts */\n\
                   SELECT 'experts', E'experts\\n', N'experts', U&'experts', 'the experts', \
                   $$experts$$ FROM t; -- Experts\n/* EXPERTS */ SELECT 'Experts'";
        assert_eq!(kinds(src), vec![M, M, M, M, M, M, M, M, M, M, N, N, N]);
    }

    #[test]
    fn regclass_strings_are_sql() {
        let src = "SELECT 'experts'::regclass, 'public.experts'::regclass, \
                   to_regclass('experts'), to_regclass('public.experts'), \
                   'auth.experts'::regclass, 'experts x'::regclass, '\"experts\"'::regclass, \
                   'Experts'::regclass, '\"Experts\"'::regclass, 'experts'::text, \
                   'experts'::text::regclass, CAST('experts' AS regclass), \
                   'experts'::pg_catalog.regclass, ' experts '::regclass, \
                   pg_catalog.to_regclass('\"public\".\"experts\"'), 'experts.id'::regclass, \
                   E'experts'::regclass, E'\\\\experts'::regclass, $$experts$$::regclass";
        assert_eq!(
            kinds(src),
            vec![S, S, S, S, M, M, S, S, N, M, S, S, S, S, S, M, S, M, S]
        );
    }

    #[test]
    fn plpgsql_function_body_is_sql() {
        let src = "CREATE OR REPLACE FUNCTION public.count_experts()\n\
                   RETURNS SETOF experts\n\
                   LANGUAGE plpgsql AS $fn$\n\
                   DECLARE\n  v experts%ROWTYPE;\n  n experts.id%TYPE;\n\
                   BEGIN\n\
                   -- experts are counted here\n\
                   INSERT INTO experts (name) VALUES ('experts');\n\
                   EXECUTE 'INSERT INTO experts VALUES (1)';\n\
                   PERFORM cron.schedule('j', '* * * * *', $$DELETE FROM experts$$);\n\
                   IF NOT EXISTS (SELECT 1 FROM public.experts) THEN RAISE NOTICE 'x'; END IF;\n\
                   FOR r IN SELECT * FROM a, experts LOOP RAISE NOTICE '%', experts; END LOOP;\n\
                   RETURN QUERY SELECT * FROM experts;\n\
                   END\n$fn$;";
        assert_eq!(kinds(src), vec![S, S, S, M, S, M, M, S, S, S, M, S]);
    }

    #[test]
    fn do_blocks_and_nested_bodies() {
        assert_eq!(
            kinds("DO $$ BEGIN UPDATE experts SET x = 1; END $$;"),
            vec![S]
        );
        assert_eq!(
            kinds(
                "CREATE FUNCTION f() RETURNS void AS $o$ BEGIN PERFORM cron.schedule('j', '*', \
                 $i$ DELETE FROM experts $i$); END $o$ LANGUAGE plpgsql"
            ),
            vec![S]
        );
        // The delimiter tag is no identifier.
        assert_eq!(kinds("SELECT $experts$ x $experts$"), vec![M, M]);
    }

    #[test]
    fn quoted_identifiers_match_only_exactly() {
        assert_eq!(
            kinds("SELECT * FROM \"experts\", \"Experts\", \"experts x\", \"EXPERTS\""),
            vec![S, N, M, N]
        );
    }

    #[test]
    fn schema_qualifiers() {
        assert_eq!(
            kinds(
                "SELECT * FROM auth.experts, other.experts, public.experts, \
                 \"public\".\"experts\", Public.experts, \"Public\".experts, public.\"experts\""
            ),
            vec![M, M, S, S, S, M, S]
        );
        assert_eq!(kinds("INSERT INTO public.experts (a) VALUES (1)"), vec![S]);
        // A name in a relation position that is only a schema is no table.
        assert_eq!(kinds("SELECT * FROM experts.t"), vec![M]);
    }

    #[test]
    fn qualified_columns_and_rowtypes() {
        assert_eq!(
            kinds(
                "SELECT x.experts, experts.id, experts.*, public.experts.id, auth.experts.id, \
                 a.b.experts, count(experts.id), experts FROM t"
            ),
            vec![M, S, S, S, M, M, S, M]
        );
        assert_eq!(
            kinds("DECLARE v experts%ROWTYPE; w public.experts%rowtype; c experts.id%TYPE; d experts%TYPE;"),
            vec![S, S, S, M]
        );
        assert_eq!(
            kinds("SELECT \"experts\".id, \"Experts\".id FROM t"),
            vec![S, N]
        );
    }

    #[test]
    fn relation_positions() {
        let cases: &[(&str, &[Option<Kind>])] = &[
            ("SELECT 1 FROM experts", &[S]),
            ("select 1 from experts", &[S]),
            ("SELECT 1 FROM a JOIN experts ON a.id = experts.id", &[S, S]),
            ("SELECT 1 FROM a LEFT OUTER JOIN experts e ON true", &[S]),
            ("SELECT * FROM a CROSS JOIN experts", &[S]),
            ("SELECT 1 FROM a NATURAL JOIN experts", &[S]),
            ("INSERT INTO experts VALUES (1)", &[S]),
            ("INSERT INTO experts AS e (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2", &[S]),
            ("UPDATE experts SET x = 1", &[S]),
            ("UPDATE ONLY experts SET x = 1", &[S]),
            ("UPDATE a SET x = b.y FROM b, experts WHERE true", &[S]),
            ("ALTER TABLE experts ENABLE ROW LEVEL SECURITY", &[S]),
            ("CREATE TABLE IF NOT EXISTS experts (id int)", &[S]),
            ("CREATE TABLE experts (id int, parent int REFERENCES experts(id) ON DELETE CASCADE)", &[S, S]),
            ("DROP TABLE IF EXISTS experts CASCADE", &[S]),
            ("DROP TABLE IF EXISTS a, experts", &[S]),
            ("ALTER TABLE IF EXISTS ONLY experts ADD COLUMN x int", &[S]),
            ("SELECT 1 FROM ONLY experts", &[S]),
            ("ALTER TABLE a ADD CONSTRAINT c FOREIGN KEY (b) REFERENCES public.experts (id)", &[S]),
            ("TRUNCATE experts", &[S]),
            ("TRUNCATE TABLE a, experts RESTART IDENTITY", &[S]),
            ("COPY experts (a, b) TO '/tmp/x'", &[S]),
            ("COPY (SELECT * FROM experts) TO stdout", &[S]),
            ("LOCK TABLE experts IN ACCESS EXCLUSIVE MODE", &[S]),
            ("LOCK experts", &[S]),
            ("CREATE VIEW experts AS SELECT 1", &[S]),
            ("CREATE OR REPLACE VIEW v AS SELECT * FROM experts", &[S]),
            ("CREATE MATERIALIZED VIEW IF NOT EXISTS experts AS SELECT 1", &[S]),
            ("DROP VIEW IF EXISTS experts", &[S]),
            ("CREATE FUNCTION f() RETURNS experts AS $$ SELECT 1 $$ LANGUAGE sql", &[S]),
            ("CREATE FUNCTION f() RETURNS SETOF public.experts LANGUAGE sql AS 'SELECT 1'", &[S]),
            ("CREATE INDEX idx ON experts (a)", &[S]),
            ("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx ON ONLY experts USING btree (a)", &[S]),
            ("CREATE INDEX ON ONLY experts (a)", &[S]),
            ("CREATE POLICY \"read\" ON experts FOR SELECT TO authenticated USING (true)", &[S]),
            ("ALTER POLICY p ON public.experts USING (true)", &[S]),
            ("DROP POLICY IF EXISTS \"p\" ON experts", &[S]),
            ("CREATE TRIGGER trg AFTER INSERT OR UPDATE ON experts FOR EACH ROW EXECUTE FUNCTION f()", &[S]),
            ("CREATE TRIGGER trg BEFORE UPDATE OF a, b ON experts FOR EACH ROW EXECUTE FUNCTION f()", &[S]),
            ("DROP TRIGGER IF EXISTS trg ON experts", &[S]),
            ("CREATE RULE r AS ON INSERT TO experts DO INSTEAD NOTHING", &[S]),
            ("GRANT SELECT ON TABLE experts TO anon", &[S]),
            ("GRANT SELECT, INSERT ON experts TO anon, authenticated", &[S]),
            ("GRANT ALL ON a, experts TO anon", &[S]),
            ("REVOKE ALL ON experts FROM anon", &[S]),
            ("ALTER PUBLICATION supabase_realtime ADD TABLE experts", &[S]),
            ("alter publication supabase_realtime add table only public.experts", &[S]),
            ("COMMENT ON TABLE experts IS 'experts table'", &[S, M]),
            ("COMMENT ON COLUMN experts.name IS 'x'", &[S]),
            ("COMMENT ON POLICY p ON experts IS 'x'", &[S]),
            ("DELETE FROM experts WHERE id = 1", &[S]),
            ("DELETE FROM a USING experts WHERE a.id = experts.id", &[S, S]),
            ("DELETE FROM a USING b, experts WHERE true", &[S]),
            ("MERGE INTO experts t USING src s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1, b = 2", &[S]),
            ("MERGE INTO t USING experts s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (1)", &[S]),
            ("SELECT 1 WHERE EXISTS (SELECT 1 FROM experts)", &[S]),
            ("SELECT 1 FROM a, experts", &[S]),
            ("SELECT 1 FROM a x, b AS y, experts", &[S]),
            ("SELECT 1 FROM a JOIN b ON a.id = b.id, experts", &[S]),
            ("SELECT 1 FROM (SELECT 1 FROM a) s, experts", &[S]),
            ("SELECT * INTO STRICT rec FROM experts", &[S]),
            ("WITH x AS (DELETE FROM experts RETURNING *) SELECT * FROM x", &[S]),
            ("INSERT INTO public.experts (a) SELECT a FROM other", &[S]),
            ("TABLE experts", &[S]),
            ("SELECT 1 FROM a /* c */ , /* d */ experts", &[S]),
            ("SELECT 1 FROM\n  -- the table\n  experts", &[S]),
            ("SELECT * FROM a WHERE a.id IN (SELECT id FROM b, experts)", &[S]),
        ];
        for (src, want) in cases {
            assert_eq!(kinds(src), want.to_vec(), "{src}");
        }
    }

    // See: issue 20 item 9
    #[test]
    fn like_inherits_partition_and_maintenance_name_tables() {
        let cases: &[(&str, &[Option<Kind>])] = &[
            ("CREATE TABLE c (LIKE experts INCLUDING ALL)", &[S]),
            (
                "CREATE TABLE c (id int, LIKE public.experts EXCLUDING DEFAULTS)",
                &[S],
            ),
            ("CREATE TABLE c (a int) INHERITS (experts)", &[S]),
            ("CREATE TABLE c () INHERITS (a, public.experts)", &[S]),
            (
                "CREATE TABLE p PARTITION OF experts FOR VALUES IN (1)",
                &[S],
            ),
            (
                "CREATE TABLE IF NOT EXISTS p PARTITION OF experts DEFAULT",
                &[S],
            ),
            (
                "ALTER TABLE t ATTACH PARTITION experts FOR VALUES IN (2)",
                &[S],
            ),
            ("ALTER TABLE t DETACH PARTITION experts CONCURRENTLY", &[S]),
            ("ANALYZE experts", &[S]),
            ("analyze verbose public.experts (a, b)", &[S]),
            ("ANALYZE a (x), experts", &[S]),
            ("VACUUM experts", &[S]),
            ("VACUUM FULL VERBOSE ANALYZE experts", &[S]),
            ("VACUUM (FULL, ANALYZE, PARALLEL 2) experts", &[S]),
            ("VACUUM (VERBOSE) a, experts (c)", &[S]),
            ("CLUSTER experts USING experts_pkey", &[S]),
            ("CLUSTER VERBOSE experts", &[S]),
            ("CLUSTER (VERBOSE) experts", &[S]),
            ("REINDEX TABLE experts", &[S]),
            ("REINDEX (VERBOSE) TABLE CONCURRENTLY public.experts", &[S]),
            ("DO $$ BEGIN ANALYZE experts; END $$", &[S]),
        ];
        for (src, want) in cases {
            assert_eq!(kinds(src), want.to_vec(), "{src}");
        }
    }

    // See: issue 20 item 9
    #[test]
    fn row_types_name_tables() {
        let cases: &[(&str, &[Option<Kind>])] = &[
            (
                "CREATE FUNCTION f(rec experts) RETURNS int LANGUAGE sql AS 'SELECT 1'",
                &[S],
            ),
            (
                "CREATE FUNCTION f(experts) RETURNS text LANGUAGE sql AS 'SELECT 1'",
                &[S],
            ),
            (
                "CREATE FUNCTION public.f(IN a int, r public.experts DEFAULT NULL) RETURNS int",
                &[S],
            ),
            (
                "CREATE PROCEDURE p(VARIADIC rs experts[]) LANGUAGE sql AS 'SELECT 1'",
                &[S],
            ),
            ("CREATE FUNCTION f(r experts = NULL) RETURNS int", &[S]),
            ("CREATE FUNCTION f(experts experts) RETURNS int", &[M, S]),
            ("DROP FUNCTION IF EXISTS f(experts)", &[S]),
            ("CREATE FUNCTION f() RETURNS TABLE (e experts, n int)", &[S]),
            (
                "CREATE TABLE t (id int, e experts NOT NULL, l experts[])",
                &[S, S],
            ),
            ("SELECT (x::experts).id FROM t", &[S]),
            ("SELECT ARRAY[]::experts[]", &[S]),
            ("SELECT NULL::public.experts", &[S]),
            ("SELECT row(1, 'a')::\"experts\"", &[S]),
            ("SELECT CAST(NULL AS experts)", &[S]),
            (
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\n\
                 DECLARE\n  r experts;\n  s CONSTANT public.experts := NULL;\n  \
                 v experts%ROWTYPE;\nBEGIN\n  r := NULL;\nEND $$",
                &[S, S, S],
            ),
            (
                "DO $$ <<outer>> DECLARE r experts; BEGIN NULL; END $$",
                &[S],
            ),
            // A variable named like the table, and the type copied from it, are no row type.
            (
                "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ DECLARE experts int; \
                 n experts%TYPE; BEGIN SELECT experts INTO n FROM t; END $$",
                &[M, M, M],
            ),
        ];
        for (src, want) in cases {
            assert_eq!(kinds(src), want.to_vec(), "{src}");
        }
    }

    #[test]
    fn other_positions_are_mentions() {
        let cases: &[&str] = &[
            "SELECT experts FROM t",
            "SELECT 1 FROM foo AS experts",
            "SELECT 1 FROM foo experts",
            "WITH experts AS (SELECT 1) SELECT 1",
            "SELECT a, experts FROM t",
            "SELECT 1 FROM t ORDER BY a, experts",
            "SELECT 1 FROM t GROUP BY a, experts",
            "SELECT 1 FROM t WHERE a = 1 AND experts",
            "SELECT extract(epoch FROM experts) FROM t",
            "SELECT substring(x FROM 1 FOR 2), experts FROM t",
            "SELECT 1 FROM t WHERE a IS DISTINCT FROM experts",
            "SELECT 1 FROM a JOIN b USING (experts)",
            "SELECT 1 FROM a JOIN b ON experts",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS experts int",
            "DROP INDEX IF EXISTS experts",
            "ALTER TABLE t ALTER COLUMN c TYPE int USING experts",
            "CREATE POLICY p ON t FOR DELETE USING (experts)",
            "CREATE INDEX i ON t USING gin (experts)",
            "INSERT INTO t (a, experts) VALUES (1, 2)",
            "INSERT INTO t VALUES (1) ON CONFLICT (experts) DO NOTHING",
            "UPDATE t SET experts = 1",
            "UPDATE t SET a = 1, experts = 2",
            "SELECT 1 FROM t, LATERAL f(experts)",
            "SELECT f(x) AS experts",
            // See: issue 20 item 9: the new positions leave names, columns and operands alone.
            "CREATE FUNCTION f(experts int) RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "CREATE FUNCTION f(a int DEFAULT experts) RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "CREATE TABLE t (experts int)",
            "CREATE TABLE t (a int, CONSTRAINT experts CHECK (a > 0))",
            "CREATE TABLE t (a int, PRIMARY KEY (a, experts))",
            "CREATE TABLE t (a int) PARTITION BY LIST (experts)",
            "SELECT 1 FROM t WHERE a LIKE experts",
            "SELECT 1 FROM t WHERE (a LIKE experts)",
            "EXPLAIN ANALYZE SELECT experts FROM t",
            "SELECT cluster, experts FROM t",
            "VACUUM t (a, experts)",
            "DECLARE experts CURSOR FOR SELECT 1",
            "SELECT CAST(x AS int) AS experts",
            "CREATE FUNCTION f() RETURNS TABLE (experts int) LANGUAGE sql AS 'SELECT 1'",
            "SELECT 1 FROM t FOR UPDATE OF experts",
            "GRANT EXECUTE ON FUNCTION experts() TO anon",
            "ALTER TABLE t RENAME COLUMN a TO experts",
            "EXECUTE 'INSERT INTO experts VALUES (1)'",
            "SELECT format('INSERT INTO %I', 'experts')",
            "SELECT 1 FROM t WHERE relname = 'experts'",
            "SELECT 1 FROM t; experts",
            "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = 1, experts = 2",
            "FOR r IN SELECT * FROM a LOOP RAISE NOTICE '%', r; x := experts; END LOOP",
        ];
        for src in cases {
            assert_eq!(kinds(src), vec![M], "{src}");
        }
    }

    #[test]
    fn dump_style_quoted_statements() {
        let src = "\u{feff}CREATE TABLE IF NOT EXISTS \"public\".\"experts\" (\"id\" uuid);\n\
                   ALTER TABLE ONLY \"public\".\"experts\" ADD CONSTRAINT \"experts_pkey\" PRIMARY KEY (\"id\");\n\
                   ALTER TABLE ONLY \"public\".\"a\" ADD CONSTRAINT \"a_fk\" FOREIGN KEY (\"x\") \
                   REFERENCES \"public\".\"experts\"(\"id\") ON DELETE CASCADE;\n\
                   GRANT ALL ON TABLE \"public\".\"experts\" TO \"anon\";\n\
                   ALTER PUBLICATION \"supabase_realtime\" ADD TABLE ONLY \"public\".\"experts\";\n\
                   CREATE OR REPLACE VIEW \"public\".\"v\" AS SELECT \"experts\".\"id\" FROM \"public\".\"experts\";\n\
                   ALTER SEQUENCE experts_id_seq OWNED BY experts.id;";
        assert_eq!(kinds(src), vec![S, S, S, S, S, S, S, S]);
    }

    #[test]
    fn columns_and_tables_of_several_names() {
        assert_eq!(
            kinds_of("SELECT emails FROM users", &["emails", "users"]),
            vec![M, S]
        );
        assert_eq!(
            kinds_of(
                "SELECT u.id FROM users u JOIN emails ON emails.user_id = u.id",
                &["users", "emails"]
            ),
            vec![S, S, S]
        );
    }

    #[test]
    fn case_different_hits() {
        assert_eq!(
            kinds(
                "SELECT Experts.id, Experts FROM Experts -- Experts\n\
                 WHERE x = 'Experts' AND y = \"Experts\".z; UPDATE EXPERTS SET a = 1"
            ),
            vec![S, N, S, N, N, N, S]
        );
        assert_eq!(kinds("SELECT * FROM Experts"), vec![S]);
        assert_eq!(kinds("SELECT * FROM foo AS Experts"), vec![N]);
        assert_eq!(kinds("SELECT * FROM auth.Experts"), vec![N]);
    }

    #[test]
    fn hits_inside_larger_tokens() {
        assert_eq!(
            kinds("SELECT 1 FROM experts$x, \"experts x\", expertsé, Experts$x, E'experts\\n'"),
            vec![M, M, M, N, M]
        );
    }

    #[test]
    fn copy_data_is_not_sql() {
        let src = "COPY experts (a) FROM stdin;\nit's experts\n\\.\nSELECT 1 FROM experts;";
        assert_eq!(kinds(src), vec![S, M, S]);
        let src = "COPY public.experts (a) FROM STDIN;\r\n$$ experts\r\n\\.\r\nTRUNCATE experts;";
        assert_eq!(kinds(src), vec![S, M, S]);
        // No terminator: the rest is data.
        assert_eq!(kinds("COPY experts FROM stdin;\nFROM experts"), vec![S, M]);
    }

    #[test]
    fn unterminated_input() {
        assert_eq!(
            kinds("SELECT 1 FROM experts WHERE a = 'experts"),
            vec![S, M]
        );
        assert_eq!(kinds("SELECT 1 FROM experts /* experts"), vec![S, M]);
        assert_eq!(kinds("SELECT 1 FROM \"experts"), vec![M]);
        assert_eq!(kinds("DO $$ BEGIN DELETE FROM experts"), vec![S]);
        assert_eq!(kinds("SELECT 'experts"), vec![M]);
        assert_eq!(kinds("'experts'::regclass"), vec![S]);
        assert_eq!(kinds("'experts"), vec![M]);
    }

    #[test]
    fn every_prefix_classifies_every_hit() {
        let src = "CREATE FUNCTION f() RETURNS SETOF experts AS $b$ BEGIN /* a /* experts */ */\n\
                   INSERT INTO \"experts\" SELECT * FROM é, Experts WHERE x = E'\\'experts'; \
                   PERFORM 'experts'::regclass; END $b$; COPY experts FROM stdin;\nexperts\n\\.\n";
        for end in 0..=src.len() {
            if src.is_char_boundary(end) {
                let s = &src[..end];
                let hits = find_hits(s, &["experts"]);
                assert_eq!(classify(s, &hits).len(), hits.len());
            }
        }
    }

    #[test]
    fn deeply_nested_bodies_do_not_overflow() {
        let mut src = String::new();
        for i in 0..2000 {
            src.push_str(&format!("$t{i}$ "));
        }
        src.push_str("DELETE FROM experts ");
        for i in (0..2000).rev() {
            src.push_str(&format!("$t{i}$ "));
        }
        assert_eq!(kinds(&src), vec![S]);
    }

    #[test]
    fn sql_by_shape() {
        for yes in [
            "SELECT * FROM experts",
            "\n  update experts set x = 1",
            "select id, name from experts where id = $1",
            "SELECT count(*) FROM t",
            "SELECT 1",
            "SELECT e.id FROM experts e",
            "SELECT DISTINCT a FROM t",
            "SELECT    FROM t",
            "INSERT INTO experts (a) VALUES ($1)",
            "insert into experts values (1)",
            "INSERT INTO    (a, b) VALUES (1, 2)",
            "INSERT INTO public.experts SELECT * FROM x",
            "UPDATE experts SET name = $1 WHERE id = $2",
            "UPDATE experts e SET name = 1",
            "UPDATE    SET a = 1",
            "DELETE FROM experts WHERE id = 1",
            "delete from experts",
            "DELETE FROM    WHERE id = 1",
            "DELETE FROM experts e USING x WHERE true",
            "WITH x AS (SELECT 1) SELECT * FROM x",
            "with recursive t(n) as (select 1) select * from t",
            "WITH x AS MATERIALIZED (SELECT 1) SELECT 1",
            "CREATE TABLE experts (id int)",
            "create or replace function f() returns void",
            "CREATE UNIQUE INDEX i ON t (a)",
            "CREATE MATERIALIZED VIEW v AS SELECT 1",
            "CREATE TEMP TABLE t (a int)",
            "ALTER TABLE experts ADD COLUMN x int",
            "DROP TABLE experts",
            "drop policy if exists p on t",
            "TRUNCATE experts",
            "TRUNCATE TABLE a, b",
            "GRANT SELECT ON experts TO anon",
            "REVOKE ALL ON experts FROM anon",
            "REVOKE GRANT OPTION FOR SELECT ON experts FROM anon",
            "COMMENT ON TABLE experts IS 'x'",
            "COMMENT ON COLUMN experts.a IS 'x'",
            "MERGE INTO experts USING s ON true",
            "COPY experts FROM stdin",
            "COPY experts (a, b) TO stdout",
            "COPY (SELECT 1) TO stdout",
            "BEGIN",
            "BEGIN;",
            "begin transaction",
            "BEGIN ISOLATION LEVEL SERIALIZABLE",
            "DO $$ BEGIN END $$",
            "DO LANGUAGE plpgsql $$ BEGIN END $$",
            "-- comment\nSELECT * FROM t",
            "/* c */ select * from t",
        ] {
            assert!(looks_like_sql(yes), "{yes:?}");
        }
        for no in [
            "Select a file",
            "select a file",
            "Select",
            "SELECT",
            "select all",
            "select experts",
            "update your profile",
            "Update your profile",
            "update the set of things",
            "create new",
            "Create new",
            "create a table",
            "delete from the list",
            "Delete from favorites",
            "insert into your profile",
            "Insert into",
            "drop it",
            "alter ego",
            "begin your journey",
            "do it",
            "with friends",
            "with friends as family",
            "grant access to users",
            "copy the link",
            "truncate the text",
            "comment on this",
            "merge",
            "",
            "   ",
            "Hello SELECT * FROM t",
            "SeLeCt * FROM t",
            "experts",
            "'SELECT 1'",
        ] {
            assert!(!looks_like_sql(no), "{no:?}");
        }
    }
}
