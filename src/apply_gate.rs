//! The apply-time gate (`check --before-apply`, `migrate apply`): the uses of a phase's old
//! names that its compatibility views cannot serve. Pure: it reads texts and findings handed to
//! it and returns blockers; scanning, files and the database are in [`run`].

pub mod run;

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use crate::findings::{Finding, Kind};
use crate::lint::{self, Event};
use crate::own_output::{self, Own};
use crate::print::{Diagnostic, Place, RuleDesc, Severity};
use crate::rules::Rules;
use crate::scan::{is_suppressed, line_range, marker_lines};
use crate::sqltok::{StrKind, TokKind, Token, Tokenizer};

/// Tool name of the gate's findings: rule ids print as `refscan/before-apply/<rule>`.
pub const TOOL: &str = "refscan/before-apply";

/// A Realtime `postgres_changes` subscription names the old table.
pub const REALTIME_SUBSCRIPTION: &str = "realtime-subscription";
/// `TRUNCATE old`.
pub const TRUNCATE: &str = "truncate";
/// `COPY old FROM ...` (and psql's `\copy old from`).
pub const COPY_FROM: &str = "copy-from";
/// `COPY old TO ...` (and `\copy old to`).
pub const COPY_TO: &str = "copy-to";
/// `ALTER TABLE old ...` in a migration that runs after the rename.
pub const ALTER_TABLE: &str = "alter-table";
/// `CREATE INDEX ... ON old` in a later migration.
pub const CREATE_INDEX: &str = "create-index";
/// `CREATE TRIGGER ... BEFORE|AFTER ... ON old` in a later migration.
pub const CREATE_TRIGGER: &str = "create-trigger";
/// `ALTER PUBLICATION ... ADD|SET|DROP TABLE old`, `CREATE PUBLICATION ... FOR TABLE old`.
pub const PUBLICATION_TABLE: &str = "publication-table";
/// `COMMENT ON TABLE old` in a later migration.
pub const COMMENT_ON_TABLE: &str = "comment-on-table";
/// `GRANT|REVOKE ... ON [TABLE] old` in a later migration.
pub const GRANT_ON_TABLE: &str = "grant-on-table";
/// `REFERENCES old` (a foreign key) in a later migration.
pub const FOREIGN_KEY: &str = "foreign-key";
/// The table is in a publication (read from the database).
pub const PUBLICATION_MEMBER: &str = "publication-member";

/// Every rule of the gate, in a stable order (SARIF rule indices follow it).
pub fn rules_catalogue() -> Vec<RuleDesc> {
    let r = RuleDesc::new;
    let e = Severity::Error;
    vec![
        r(REALTIME_SUBSCRIPTION, "RealtimeSubscriptionOnOldName", "Realtime subscription on an old name",
          "A view is in no publication, and the renamed table's change events carry its new name: a postgres_changes subscription on the old name receives nothing once the phase is applied. Subscribe to the new name (on a channel of its own: the name does not exist before the apply) and ship that before the apply, or ship the rewritten subscription with it.", e),
        r(TRUNCATE, "TruncateOldName", "TRUNCATE on an old name",
          "TRUNCATE fails on the compatibility view (`\"old\" is not a table`). Truncate the new name, or DELETE FROM the old one; change it before or with the apply.", e),
        r(COPY_FROM, "CopyFromIntoOldName", "COPY ... FROM into an old name",
          "COPY old FROM fails on the compatibility view (`cannot copy to view`). COPY into the new name, or INSERT through the view.", e),
        r(COPY_TO, "CopyToFromOldName", "COPY old TO",
          "COPY old TO fails on the compatibility view (`cannot copy from view`). Write COPY (SELECT * FROM old) TO, or COPY the new name.", e),
        r(ALTER_TABLE, "AlterTableOnOldName", "ALTER TABLE on an old name after the rename",
          "A migration that runs after the rename finds a view under the old name: ALTER TABLE fails on it (ADD COLUMN, constraints, row level security) or changes the view instead of the table (OWNER TO, ALTER COLUMN SET DEFAULT). Write it for the new name.", e),
        r(CREATE_INDEX, "CreateIndexOnOldName", "CREATE INDEX on an old name after the rename",
          "A view has no indexes: CREATE INDEX on the old name fails after the rename. Create it on the new name.", e),
        r(CREATE_TRIGGER, "CreateTriggerOnOldName", "CREATE TRIGGER on an old name after the rename",
          "A view takes only INSTEAD OF triggers: a BEFORE or AFTER trigger on the old name fails after the rename. Create it on the new name.", e),
        r(PUBLICATION_TABLE, "PublicationOfOldName", "Publication naming an old name after the rename",
          "A view cannot be in a publication: ALTER PUBLICATION ... ADD TABLE old (SET, DROP, CREATE PUBLICATION ... FOR TABLE) fails after the rename. Name the new table; the renamed table stays in its publications.", e),
        r(COMMENT_ON_TABLE, "CommentOnOldName", "COMMENT ON TABLE on an old name after the rename",
          "COMMENT ON TABLE old fails after the rename: the old name is a view. Comment on the new name.", e),
        r(GRANT_ON_TABLE, "GrantOnOldName", "GRANT or REVOKE on an old name after the rename",
          "After the rename a GRANT or REVOKE on the old name succeeds on the view and never reaches the table: the table keeps its privileges. Grant on the new name (and on the old one while code reads through the view).", e),
        r(FOREIGN_KEY, "ForeignKeyToOldName", "Foreign key referencing an old name after the rename",
          "A foreign key cannot reference a view: REFERENCES old fails after the rename. Reference the new name.", e),
        r(PUBLICATION_MEMBER, "TableInPublication", "Table in a publication",
          "The table is in a publication (supabase_realtime: Realtime). It stays there through the rename and its change events carry the new name: every subscriber must subscribe to the new name, including clients whose code was not scanned.", Severity::Warning),
    ]
}

/// One use the compatibility view cannot serve, ready to print.
#[derive(Debug, Clone)]
pub struct Blocker {
    pub diagnostic: Diagnostic,
    pub severity: Severity,
    /// A `refscan-ignore` comment on its line or the line before.
    pub suppressed: bool,
}

/// What fails, and what to do instead, for a rule on table `old` -> `new` of `phase`.
fn explain(rule: &str, old: &str, new: &str, phase: &str) -> (String, String) {
    let (what, todo) = match rule {
        REALTIME_SUBSCRIPTION => (
            format!("a Realtime postgres_changes subscription on `{old}` receives nothing once the table is renamed (a view is in no publication; the table's events carry `{new}`)"),
            format!("subscribe to `{new}` too, on a channel of its own (`{new}` does not exist before the apply), and ship that before the apply, or ship the rewritten subscription (`refscan rewrite --phase {phase}`) with it"),
        ),
        TRUNCATE => (
            format!("TRUNCATE fails on the compatibility view `{old}` (\"{old}\" is not a table)"),
            format!("truncate `{new}` instead (or DELETE FROM `{old}`), changed before or with the apply"),
        ),
        COPY_FROM => (
            format!("COPY `{old}` FROM fails on the compatibility view (cannot copy to view \"{old}\")"),
            format!("copy into `{new}` instead (or INSERT INTO `{old}`), changed before or with the apply"),
        ),
        COPY_TO => (
            format!("COPY `{old}` TO fails on the compatibility view (cannot copy from view \"{old}\")"),
            format!("write COPY (SELECT * FROM `{old}`) TO, or copy `{new}`, changed before or with the apply"),
        ),
        ALTER_TABLE => (
            format!("after the rename `{old}` is a view: ALTER TABLE fails on it (ADD COLUMN, constraints, row level security) or changes the view instead of the table"),
            format!("write it for `{new}`"),
        ),
        CREATE_INDEX => (
            format!("after the rename `{old}` is a view: CREATE INDEX on it fails (a view has no indexes)"),
            format!("create the index on `{new}`"),
        ),
        CREATE_TRIGGER => (
            format!("after the rename `{old}` is a view: a BEFORE or AFTER trigger on it fails (a view takes only INSTEAD OF triggers)"),
            format!("create the trigger on `{new}`"),
        ),
        PUBLICATION_TABLE => (
            format!("after the rename `{old}` is a view, and a view cannot be in a publication"),
            format!("name `{new}`; the table stays in its publications through the rename"),
        ),
        COMMENT_ON_TABLE => (
            format!("after the rename `{old}` is a view: COMMENT ON TABLE fails on it"),
            format!("comment on `{new}` (COMMENT ON VIEW `{old}` describes the view)"),
        ),
        GRANT_ON_TABLE => (
            format!("after the rename `{old}` is a view: the privilege goes to the view, never to the table"),
            format!("grant on `{new}` (and on `{old}` too while old code reads through the view)"),
        ),
        FOREIGN_KEY => (
            format!("after the rename `{old}` is a view: a foreign key cannot reference it"),
            format!("reference `{new}`"),
        ),
        _ => (String::new(), String::new()),
    };
    (what, todo)
}

/// The table's facts every blocker carries.
fn fields(rules: &Rules, table: usize, hint: &str) -> serde_json::Map<String, serde_json::Value> {
    let t = &rules.tables[table];
    let v = json!({
        "table": t.old,
        "new": t.new,
        "phase": t.phase.map(|p| rules.phases[p].id.clone()),
        "hint": hint,
    });
    match v {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

/// The file a blocker is in: its path, bytes and suppression markers.
struct InFile<'a> {
    path: &'a Arc<PathBuf>,
    bytes: &'a [u8],
    markers: Vec<usize>,
}

impl<'a> InFile<'a> {
    fn new(path: &'a Arc<PathBuf>, bytes: &'a [u8]) -> Self {
        InFile {
            path,
            bytes,
            markers: marker_lines(bytes),
        }
    }

    /// A blocker at `span`.
    fn blocker(
        &self,
        rules: &Rules,
        table: usize,
        rule: &'static str,
        span: Range<usize>,
        severity: Severity,
    ) -> Blocker {
        let t = &rules.tables[table];
        let phase = t.phase.map_or("", |p| rules.phases[p].id.as_str());
        let (what, todo) = explain(rule, &t.old, &t.new, phase);
        let bytes = self.bytes;
        let start = span.start.min(bytes.len());
        let line = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
        let column = start - line_range(bytes, start).start + 1;
        Blocker {
            diagnostic: Diagnostic {
                rule,
                message: format!("{what}: {todo}"),
                place: Place::File {
                    path: self.path.clone(),
                    line,
                    column,
                    span,
                },
                fields: fields(rules, table, &todo),
            },
            severity,
            suppressed: is_suppressed(&self.markers, line),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// SQL: what a statement does to a name.

/// Which rules apply to a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Code and scripts: TRUNCATE and COPY, which fail whenever they run after the rename.
    Data,
    /// A migration that runs after the rename: every rule.
    Migration,
}

/// An old name where a statement uses it in a way the view cannot serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlUse {
    /// The name's span (inside the quotes of a quoted identifier).
    pub span: Range<usize>,
    /// Index into `names` as given to [`sql_uses`].
    pub name: usize,
    pub rule: &'static str,
}

/// Deepest nesting of bodies followed (`DO $$ ... EXECUTE '...' $$`).
const MAX_BODIES: usize = 4096;

/// The uses in SQL text `src` of the old names `names` (in `schema`, or unqualified) that a
/// compatibility view cannot serve, by position. Dollar-quoted bodies (DO blocks, function
/// bodies) and strings run by `EXECUTE` are read too.
pub fn sql_uses(src: &str, schema: &str, names: &[&str], scope: Scope) -> Vec<SqlUse> {
    let mut out = Vec::new();
    let mut ranges: Vec<Range<usize>> = Vec::with_capacity(8);
    ranges.push(0..src.len());
    let mut seen = 0;
    while let Some(range) = ranges.pop() {
        seen += 1;
        if seen > MAX_BODIES {
            break;
        }
        let toks: Vec<Token> = Tokenizer::with_range(src, range)
            .filter(|t| !t.is_comment())
            .collect();
        for (i, t) in toks.iter().enumerate() {
            match t.kind {
                TokKind::Dollar {
                    body_start,
                    body_end,
                } => ranges.push(body_start..body_end),
                TokKind::Str(StrKind::Plain) if i > 0 && toks[i - 1].is_keyword(src, "execute") => {
                    ranges.push(t.content_span(src));
                }
                _ => {}
            }
        }
        let st = Stmt { src, toks: &toks };
        for k in 0..toks.len() {
            let t = &toks[k];
            if !t.is_ident() {
                continue;
            }
            let Some(value) = t.ident_value(src) else {
                continue;
            };
            let Some(name) = names.iter().position(|n| *n == value) else {
                continue;
            };
            // `old.col` (a column of it), never the table itself.
            if st.is(k + 1, ".") {
                continue;
            }
            let q = if k >= 2 && st.is(k - 1, ".") && toks[k - 2].is_ident() {
                let s = toks[k - 2].ident_value(src).unwrap_or_default();
                if s != schema {
                    continue;
                }
                k - 2
            } else {
                k
            };
            if let Some(rule) = st.rule(q, k, scope) {
                let span = match t.kind {
                    TokKind::QuotedIdent { .. } => t.content_span(src),
                    _ => t.span(),
                };
                out.push(SqlUse { span, name, rule });
            }
        }
    }
    out.sort_by_key(|u| u.span.start);
    out.dedup();
    out
}

/// The tokens of one text, read around a name.
struct Stmt<'a> {
    src: &'a str,
    toks: &'a [Token],
}

impl Stmt<'_> {
    /// Token `i` as a word: a key word in lower case, punctuation as it stands, `""` for
    /// anything else (a quoted identifier, a string).
    fn word(&self, i: usize) -> String {
        match self.toks.get(i) {
            Some(t) if t.kind == TokKind::Ident => t.text(self.src).to_ascii_lowercase(),
            Some(t) if matches!(t.kind, TokKind::Punct | TokKind::Op) => {
                t.text(self.src).to_string()
            }
            _ => String::new(),
        }
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i) == w
    }

    /// Where the statement holding token `q` starts: after `;` or a plpgsql block word.
    fn start(&self, q: usize) -> usize {
        let mut i = q;
        while i > 0 {
            let w = self.word(i - 1);
            if matches!(w.as_str(), ";" | "begin" | "then" | "else" | "loop") {
                return i;
            }
            i -= 1;
        }
        0
    }

    /// Going back from the name at `q` over a list of names (`a, s.b, ONLY c`): the word
    /// before the list and its index.
    fn list_head(&self, s: usize, q: usize) -> Option<(usize, String)> {
        let mut i = q;
        while i > s {
            i -= 1;
            let w = self.word(i);
            match w.as_str() {
                "only" | "*" => continue,
                "," => {
                    // The name before the comma: `x`, `s.x`, `s."x"`.
                    if i == s || !self.toks[i - 1].is_ident() {
                        return None;
                    }
                    i -= 1;
                    if i >= s + 2 && self.is(i - 1, ".") && self.toks[i - 2].is_ident() {
                        i -= 2;
                    }
                }
                _ => return Some((i, w)),
            }
        }
        None
    }

    /// The rule a use of the name at `q..=k` falls under, if any.
    fn rule(&self, q: usize, k: usize, scope: Scope) -> Option<&'static str> {
        let s = self.start(q);
        let first = self.word(s);
        let w = |i: usize| self.word(s + i);
        let prefix: Vec<String> = (s..q).map(|i| self.word(i)).collect();
        let has = |x: &str| prefix.iter().any(|p| p == x);
        if first == "truncate" {
            return Some(TRUNCATE);
        }
        let copy =
            (q == s + 1 && first == "copy") || (q == s + 2 && first == "\\" && w(1) == "copy");
        if copy {
            let mut j = k + 1;
            if self.is(j, "(") {
                let mut depth = 0usize;
                while j < self.toks.len() {
                    match self.word(j).as_str() {
                        "(" => depth += 1,
                        ")" => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                j += 1;
            }
            return match self.word(j).as_str() {
                "from" => Some(COPY_FROM),
                "to" => Some(COPY_TO),
                _ => None,
            };
        }
        if scope == Scope::Data {
            return None;
        }
        let before = q.checked_sub(1).filter(|&b| b >= s).map(|b| self.word(b));
        let before_only = match before.as_deref() {
            Some("only") if q >= s + 2 => Some(self.word(q - 2)),
            b => b.map(str::to_string),
        };
        if before.as_deref() == Some("references") {
            return Some(FOREIGN_KEY);
        }
        if first == "alter" && w(1) == "table" {
            let rest_ok = prefix[2..]
                .iter()
                .all(|p| matches!(p.as_str(), "if" | "exists" | "only"));
            return rest_ok.then_some(ALTER_TABLE);
        }
        if first == "create" && before_only.as_deref() == Some("on") {
            if has("index") {
                return Some(CREATE_INDEX);
            }
            if has("trigger") {
                return (!has("instead")).then_some(CREATE_TRIGGER);
            }
            return None;
        }
        if (first == "alter" || first == "create") && w(1) == "publication" {
            let head = self.list_head(s, q)?;
            return (head.1 == "table").then_some(PUBLICATION_TABLE);
        }
        if first == "comment" && w(1) == "on" && w(2) == "table" && q == s + 3 {
            return Some(COMMENT_ON_TABLE);
        }
        if first == "grant" || first == "revoke" {
            let (at, head) = self.list_head(s, q)?;
            let on = head == "on" || (head == "table" && at > s && self.is(at - 1, "on"));
            return on.then_some(GRANT_ON_TABLE);
        }
        None
    }
}

/// For SQL held in a string of code: the rule (TRUNCATE or COPY) a use of the name at `span`
/// falls under, read from the words around it.
pub fn embedded_use(bytes: &[u8], span: Range<usize>) -> Option<&'static str> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let ws_back = |mut i: usize| {
        while i > 0 && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        i
    };
    // A name back from `i`: `x`, `"x"`; returns where it starts.
    let name_back = |i: usize| -> Option<usize> {
        if i > 0 && bytes[i - 1] == b'"' {
            let open = memchr::memrchr(b'"', &bytes[..i - 1])?;
            return Some(open);
        }
        let mut j = i;
        while j > 0 && word(bytes[j - 1]) {
            j -= 1;
        }
        (j < i).then_some(j)
    };
    let word_back = |i: usize| -> Option<(usize, String)> {
        let i = ws_back(i);
        let mut j = i;
        while j > 0 && word(bytes[j - 1]) {
            j -= 1;
        }
        (j < i).then(|| {
            (
                j,
                String::from_utf8_lossy(&bytes[j..i]).to_ascii_lowercase(),
            )
        })
    };
    let mut at = span.start.min(bytes.len());
    if at > 0 && bytes[at - 1] == b'"' {
        at -= 1;
    }
    // `schema.name`.
    let b = ws_back(at);
    if b > 0 && bytes[b - 1] == b'.' {
        at = name_back(ws_back(b - 1))?;
    }
    if word_back(at).is_some_and(|(_, w)| w == "copy") {
        let mut j = span.end.min(bytes.len());
        if bytes.get(j) == Some(&b'"') {
            j += 1;
        }
        let skip_ws = |mut j: usize| {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            j
        };
        j = skip_ws(j);
        if bytes.get(j) == Some(&b'(') {
            j = j + memchr::memchr(b')', &bytes[j..])? + 1;
            j = skip_ws(j);
        }
        let mut e = j;
        while e < bytes.len() && word(bytes[e]) {
            e += 1;
        }
        return match bytes[j..e].to_ascii_lowercase().as_slice() {
            b"from" => Some(COPY_FROM),
            b"to" => Some(COPY_TO),
            _ => None,
        };
    }
    // `TRUNCATE [TABLE] [ONLY] a, s."b", name`.
    let mut i = at;
    for _ in 0..64 {
        let j = ws_back(i);
        if j == 0 {
            return None;
        }
        if bytes[j - 1] == b',' {
            let mut n = name_back(ws_back(j - 1))?;
            let d = ws_back(n);
            if d > 0 && bytes[d - 1] == b'.' {
                n = name_back(ws_back(d - 1))?;
            }
            i = n;
            continue;
        }
        let (w_at, w) = word_back(j)?;
        match w.as_str() {
            "truncate" => return Some(TRUNCATE),
            "only" | "table" => i = w_at,
            _ => return None,
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Code: findings of the scan.

/// The blockers in one file of code (not history): Realtime subscriptions on the old names,
/// and TRUNCATE or COPY of them in SQL (`.sql` files, SQL held in strings).
pub fn code_blockers(
    rules: &Rules,
    tables: &[usize],
    path: &Arc<PathBuf>,
    bytes: &[u8],
    findings: &[Finding],
    sql_file: bool,
) -> Vec<Blocker> {
    let file = InFile::new(path, bytes);
    let mut out = Vec::new();
    let mut add = |table: usize, rule: &'static str, span: Range<usize>| {
        out.push(file.blocker(rules, table, rule, span, Severity::Error));
    };
    for f in findings.iter().filter(|f| tables.contains(&f.table)) {
        match f.kind {
            Kind::Realtime => add(f.table, REALTIME_SUBSCRIPTION, f.span.clone()),
            // supabase-js 1: `supabase.from('t').on('INSERT', cb).subscribe()`.
            Kind::FromCall if realtime_v1(bytes, f.span.end) => {
                add(f.table, REALTIME_SUBSCRIPTION, f.span.clone())
            }
            Kind::Sql if !sql_file => {
                if let Some(rule) = embedded_use(bytes, f.span.clone()) {
                    add(f.table, rule, f.span.clone());
                }
            }
            _ => {}
        }
    }
    if sql_file {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let names: Vec<&str> = tables
                .iter()
                .map(|&t| rules.tables[t].old.as_str())
                .collect();
            for u in sql_uses(text, &rules.schema, &names, Scope::Data) {
                add(tables[u.name], u.rule, u.span);
            }
        }
    }
    out.sort_by_key(|b| match &b.diagnostic.place {
        Place::File { span, .. } => span.start,
        Place::Object { .. } => 0,
    });
    out
}

/// Whether the `.from('t')` whose string ends before `end` goes on with `.on(`: a supabase-js
/// 1 Realtime subscription.
fn realtime_v1(bytes: &[u8], end: usize) -> bool {
    let mut i = end;
    if matches!(bytes.get(i), Some(b'\'' | b'"' | b'`')) {
        i += 1;
    }
    let rest = &bytes[i.min(bytes.len())..];
    let rest: Vec<u8> = rest
        .iter()
        .take(200)
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    rest.starts_with(b").on(")
}

// ---------------------------------------------------------------------------------------------
// Migrations: which run after the phase, and what they do to the old names.

/// Which migration files run after the phase's rename, and how that was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    /// `--since VERSION`: files with a later version.
    Since(String),
    /// A migration file renames a table of the phase (the phase's own file of `migrate plan
    /// --out`, or a hand-written rename): files with a later version.
    RenamedIn { path: PathBuf, version: String },
    /// The database's `supabase_migrations.schema_migrations`: files not recorded there yet.
    NotRecorded,
    /// Nothing tells: every migration file is checked, and its blockers are warnings.
    Unknown,
}

impl After {
    /// How the files were chosen, for the summary line.
    pub fn describe(&self) -> String {
        match self {
            After::Since(v) => format!("those after --since {v}"),
            After::RenamedIn { path, version } => format!(
                "those after {version}, the version of {}, which renames the phase's tables",
                crate::print::shown_path(path)
            ),
            After::NotRecorded => {
                "those not yet recorded in supabase_migrations.schema_migrations".to_string()
            }
            After::Unknown => {
                "all of them, as nothing tells which run after the rename".to_string()
            }
        }
    }
}

/// One migration file as the gate reads it.
pub struct MigrationFile<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

/// Decides which migrations run after the rename of `phases` (their ids and tables): `since`
/// first, then a file that renames a table of the phases, then the database's record of the
/// migrations run (`recorded`), else nothing tells.
pub fn position(
    rules: &Rules,
    phases: &[usize],
    files: &[MigrationFile<'_>],
    since: Option<&str>,
    recorded: Option<&HashSet<String>>,
) -> After {
    if let Some(v) = since {
        return After::Since(v.to_string());
    }
    let own_names: Vec<String> = phases
        .iter()
        .map(|&p| format!("_refscan_phase_{}.sql", rules.phases[p].id))
        .collect();
    let pairs: Vec<(&str, &str)> = phases
        .iter()
        .flat_map(|&p| rules.phases[p].tables.iter())
        .map(|&t| (rules.tables[t].old.as_str(), rules.tables[t].new.as_str()))
        .collect();
    let mut best: Option<(String, PathBuf)> = None;
    for f in files {
        let Some(version) = lint::version(f.path) else {
            continue;
        };
        let own = own_output::recognise(f.text.as_bytes());
        let renames = match own {
            Some(Own::Plan) => f
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| own_names.iter().any(|o| n.ends_with(o.as_str()))),
            Some(_) => false,
            None => lint::events(f.text).iter().any(|e| match e {
                Event::Rename { from, to, .. } => {
                    from.schema == rules.schema
                        && pairs.iter().any(|(o, n)| from.name == *o && to.name == *n)
                }
                _ => false,
            }),
        };
        if renames
            && best
                .as_ref()
                .is_none_or(|(b, _)| lint::version_key(&version) < lint::version_key(b))
        {
            best = Some((version, f.path.to_path_buf()));
        }
    }
    if let Some((version, path)) = best {
        return After::RenamedIn { path, version };
    }
    if recorded.is_some() {
        return After::NotRecorded;
    }
    After::Unknown
}

/// Whether migration `f` runs after the rename, as `after` decides; a file the database
/// recorded has run already, and refscan's own files are checked by refscan itself.
pub fn runs_after(
    after: &After,
    f: &MigrationFile<'_>,
    recorded: Option<&HashSet<String>>,
) -> bool {
    if own_output::recognise(f.text.as_bytes()).is_some() {
        return false;
    }
    let version = lint::version(f.path);
    if let (Some(v), Some(r)) = (&version, recorded) {
        if r.contains(v) {
            return false;
        }
    }
    let newer = |since: &str| {
        version
            .as_deref()
            .is_none_or(|v| lint::version_key(v) > lint::version_key(since))
    };
    match after {
        After::Since(v) | After::RenamedIn { version: v, .. } => newer(v),
        After::NotRecorded | After::Unknown => true,
    }
}

/// The blockers in one migration file that runs after the rename; warnings when `after` is
/// [`After::Unknown`].
pub fn migration_blockers(
    rules: &Rules,
    tables: &[usize],
    path: &Arc<PathBuf>,
    text: &str,
    after: &After,
) -> Vec<Blocker> {
    let names: Vec<&str> = tables
        .iter()
        .map(|&t| rules.tables[t].old.as_str())
        .collect();
    let severity = if *after == After::Unknown {
        Severity::Warning
    } else {
        Severity::Error
    };
    let file = InFile::new(path, text.as_bytes());
    sql_uses(text, &rules.schema, &names, Scope::Migration)
        .into_iter()
        .map(|u| file.blocker(rules, tables[u.name], u.rule, u.span, severity))
        .collect()
}

/// The tables of the phase that are in a publication, from the database (`(publication,
/// relation name)` pairs): a warning each.
pub fn publication_blockers(
    rules: &Rules,
    tables: &[usize],
    members: &[(String, String)],
) -> Vec<Blocker> {
    let mut out = Vec::new();
    for (publication, rel) in members {
        let Some(&table) = tables
            .iter()
            .find(|&&t| rules.tables[t].old == *rel || rules.tables[t].new == *rel)
        else {
            continue;
        };
        let t = &rules.tables[table];
        let todo = format!(
            "Realtime subscriptions on `{}` receive nothing after the apply: make sure every client subscribes to `{}` (also those whose code was not scanned)",
            t.old, t.new
        );
        out.push(Blocker {
            diagnostic: Diagnostic {
                rule: PUBLICATION_MEMBER,
                message: format!(
                    "`{}.{rel}` is in the publication `{publication}`: it stays there through the rename, and its change events carry the name `{}`; {todo}",
                    rules.schema, t.new
                ),
                place: Place::Object {
                    name: format!("{}.{rel}", rules.schema),
                    kind: "table",
                },
                fields: {
                    let mut m = fields(rules, table, &todo);
                    m.insert("publication".into(), publication.clone().into());
                    m
                },
            },
            severity: Severity::Warning,
            suppressed: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(src: &str, scope: Scope) -> Vec<(&'static str, String)> {
        sql_uses(src, "public", &["notes", "t_a"], scope)
            .into_iter()
            .map(|u| (u.rule, src[u.span].to_string()))
            .collect()
    }

    fn rules_of(u: &[(&'static str, String)]) -> Vec<&'static str> {
        u.iter().map(|(r, _)| *r).collect()
    }

    #[test]
    fn truncate_and_copy_in_sql() {
        let src = "TRUNCATE notes;\ntruncate table only public.x, \"notes\" restart identity;\n\
                   COPY notes FROM STDIN;\ncopy public.notes (id, body) to '/tmp/x';\n\
                   \\copy notes from 'a.csv'\n;COPY (SELECT * FROM notes) TO STDOUT;\n\
                   select * from notes;\ninsert into notes values (1);\n";
        assert_eq!(
            rules_of(&uses(src, Scope::Data)),
            vec![TRUNCATE, TRUNCATE, COPY_FROM, COPY_TO, COPY_FROM]
        );
    }

    #[test]
    fn ddl_after_the_rename_in_migrations() {
        let src = "ALTER TABLE notes ADD COLUMN x int;\n\
                   alter table if exists only public.notes enable row level security;\n\
                   CREATE INDEX notes_x ON notes (x);\n\
                   create unique index concurrently if not exists i on only public.notes using btree (x);\n\
                   CREATE TRIGGER tr BEFORE INSERT OR UPDATE OF a, b ON notes FOR EACH ROW EXECUTE FUNCTION f();\n\
                   CREATE TRIGGER tr2 INSTEAD OF INSERT ON notes FOR EACH ROW EXECUTE FUNCTION f();\n\
                   ALTER PUBLICATION supabase_realtime ADD TABLE other, public.notes;\n\
                   create publication p for table only notes;\n\
                   COMMENT ON TABLE notes IS 'x';\n\
                   COMMENT ON COLUMN notes.body IS 'x';\n\
                   GRANT SELECT ON notes TO anon;\n\
                   grant select (id) on table other, notes to anon;\n\
                   REVOKE ALL ON notes FROM anon;\n\
                   GRANT EXECUTE ON FUNCTION f(notes) TO anon;\n\
                   CREATE TABLE c (id int REFERENCES notes (id));\n\
                   ALTER TABLE other ADD CONSTRAINT k FOREIGN KEY (n) REFERENCES public.notes;\n\
                   CREATE POLICY p ON other USING (exists (select 1 from notes));\n\
                   CREATE INDEX o ON other (x);\n\
                   ALTER TABLE other.notes ADD COLUMN y int;\n";
        assert_eq!(
            rules_of(&uses(src, Scope::Migration)),
            vec![
                ALTER_TABLE,
                ALTER_TABLE,
                CREATE_INDEX,
                CREATE_INDEX,
                CREATE_TRIGGER,
                PUBLICATION_TABLE,
                PUBLICATION_TABLE,
                COMMENT_ON_TABLE,
                GRANT_ON_TABLE,
                GRANT_ON_TABLE,
                GRANT_ON_TABLE,
                FOREIGN_KEY,
                FOREIGN_KEY,
            ]
        );
        // Code gets only the data rules.
        assert!(uses(src, Scope::Data).is_empty());
    }

    #[test]
    fn bodies_and_executed_strings_are_read() {
        let src = "DO $$ BEGIN TRUNCATE notes; IF true THEN EXECUTE 'ALTER TABLE t_a ADD COLUMN z int'; END IF; END $$;\n\
                   -- TRUNCATE notes in a comment\nSELECT 'truncate notes';\n";
        let u = uses(src, Scope::Migration);
        assert_eq!(rules_of(&u), vec![TRUNCATE, ALTER_TABLE]);
        assert_eq!(u[1].1, "t_a");
    }

    #[test]
    fn sql_in_strings_of_code() {
        let at = |src: &str, name: &str| {
            let s = src.find(name).unwrap();
            embedded_use(src.as_bytes(), s..s + name.len())
        };
        assert_eq!(at("sql`TRUNCATE notes`", "notes"), Some(TRUNCATE));
        assert_eq!(
            at(
                "db.query('truncate table only public.a, \"b\", notes')",
                "notes"
            ),
            Some(TRUNCATE)
        );
        assert_eq!(at("q(\"TRUNCATE public.\\\"notes\\\"\")", "notes"), None);
        assert_eq!(at("'COPY notes FROM STDIN'", "notes"), Some(COPY_FROM));
        assert_eq!(
            at("'copy public.notes (a, b) to stdout'", "notes"),
            Some(COPY_TO)
        );
        assert_eq!(
            at("psql -c '\\copy notes from x.csv'", "notes"),
            Some(COPY_FROM)
        );
        assert_eq!(at("'COPY (select * from notes) TO STDOUT'", "notes"), None);
        assert_eq!(at("'DELETE FROM notes'", "notes"), None);
        assert_eq!(at("'select 1, notes'", "notes"), None);
    }

    #[test]
    fn supabase_js_1_subscriptions() {
        let src = b"supabase.from('notes').on('INSERT', cb).subscribe()\nsupabase.from('notes').select('*')";
        assert!(realtime_v1(src, 20));
        assert!(!realtime_v1(src, 20 + 52));
    }

    fn small_rules() -> Rules {
        Rules::parse(
            "name = \"t\"\nschema = \"public\"\n[[group]]\nprefix = \"t_\"\n[group.rename]\nnotes = \"t_notes\"\n[[phase]]\nid = \"1\"\nkind = \"setup\"\n[[phase]]\nid = \"2\"\ntables = [\"notes\"]\n",
            crate::rules::Origin::Bundled,
        )
        .unwrap()
    }

    #[test]
    fn which_migrations_run_after_the_phase() {
        let rules = small_rules();
        let p2 = rules.phases.iter().position(|p| p.id == "2").unwrap();
        let create = MigrationFile {
            path: Path::new("m/20240101000000_init.sql"),
            text: "create table notes (id int);",
        };
        let rename = MigrationFile {
            path: Path::new("m/20240201000000_rename.sql"),
            text: "alter table notes rename to t_notes;",
        };
        let later = MigrationFile {
            path: Path::new("m/20240301000000_later.sql"),
            text: "create index i on notes (id);",
        };
        let own = MigrationFile {
            path: Path::new("m/20240401000000_refscan_phase_2.sql"),
            text: "-- refscan migrate: phase 2\n",
        };
        let all = [create, rename, later];
        let after = position(&rules, &[p2], &all, None, None);
        assert_eq!(
            after,
            After::RenamedIn {
                path: PathBuf::from("m/20240201000000_rename.sql"),
                version: "20240201000000".into()
            }
        );
        let runs: Vec<bool> = all.iter().map(|f| runs_after(&after, f, None)).collect();
        assert_eq!(runs, vec![false, false, true]);
        assert!(!runs_after(&After::Unknown, &own, None));
        // The phase's own file marks the position too.
        let [create, _, later] = all;
        let with_own = [create, later, own];
        assert!(matches!(
            position(&rules, &[p2], &with_own, None, None),
            After::RenamedIn { version, .. } if version == "20240401000000"
        ));
        assert_eq!(
            position(&rules, &[p2], &with_own[..2], Some("20240101000000"), None),
            After::Since("20240101000000".into())
        );
        let recorded: HashSet<String> = ["20240101000000".to_string()].into();
        assert_eq!(
            position(&rules, &[p2], &with_own[..2], None, Some(&recorded)),
            After::NotRecorded
        );
        let runs: Vec<bool> = with_own[..2]
            .iter()
            .map(|f| runs_after(&After::NotRecorded, f, Some(&recorded)))
            .collect();
        assert_eq!(runs, vec![false, true]);
        assert_eq!(
            position(&rules, &[p2], &with_own[..2], None, None),
            After::Unknown
        );
    }

    #[test]
    fn blockers_name_the_table_the_rule_and_what_to_do() {
        let rules = small_rules();
        let t = rules.tables.iter().position(|t| t.old == "notes").unwrap();
        let path = Arc::new(PathBuf::from(
            "supabase/migrations/20240301000000_later.sql",
        ));
        let text = "select 1;\n-- refscan-ignore\nTRUNCATE notes;\nCREATE INDEX i ON notes (id);\n";
        let after = After::NotRecorded;
        let b = migration_blockers(&rules, &[t], &path, text, &after);
        assert_eq!(b.len(), 2);
        assert!(b[0].suppressed);
        let d = &b[1].diagnostic;
        assert_eq!(d.rule, CREATE_INDEX);
        assert!(matches!(
            d.place,
            Place::File {
                line: 4,
                column: 19,
                ..
            }
        ));
        assert!(
            d.message.contains("create the index on `t_notes`"),
            "{}",
            d.message
        );
        assert_eq!(d.fields["phase"], "2");
        assert_eq!(b[1].severity, Severity::Error);
        let w = migration_blockers(&rules, &[t], &path, text, &After::Unknown);
        assert_eq!(w[1].severity, Severity::Warning);
        let p = publication_blockers(
            &rules,
            &[t],
            &[
                ("supabase_realtime".into(), "notes".into()),
                ("x".into(), "other".into()),
            ],
        );
        assert_eq!(p.len(), 1);
        assert!(p[0].diagnostic.message.contains("`t_notes`"));
        assert_eq!(p[0].severity, Severity::Warning);
    }
}
