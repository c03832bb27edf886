//! `refscan lint`: keeps the naming convention once the rename is done. Over SQL migration
//! files it checks table names against the groups' prefixes, retired old names, and the safety
//! of renames; `lint::db` does the periodic review of a live database.

pub mod db;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use crate::check::LineCursor;
use crate::error::{exit, UserError};
use crate::findings::Kind;
use crate::lang::sql;
use crate::messages::{note, Problem, ProblemKind};
use crate::migrate::plan::TRACKING_TABLE;
use crate::print::{
    Diagnostic, FindingPrinter, GateSummary, Located, Place, RuleDesc, Severity, Subject,
};
use crate::rules::Rules;
use crate::scan::{is_suppressed, line_range, marker_lines, Needles};
use crate::sqltok::{TokKind, Token, Tokenizer};

/// Tool name of lint's findings: rule ids print as `refscan/lint/<rule>`.
pub const TOOL: &str = "refscan/lint";

/// A table is created or renamed in the rules' schema without a group prefix (files), or a
/// table of the schema has none (database).
pub const UNPREFIXED_TABLE: &str = "unprefixed-table";
/// A migration newer than the one that renamed a table names its old name again.
pub const OLD_NAME_REINTRODUCED: &str = "old-name-reintroduced";
/// A rename leaves the old name without a compatibility view in the same file.
pub const RENAME_WITHOUT_VIEW: &str = "rename-without-view";
/// A rename runs without a `lock_timeout` set earlier in the same file.
pub const RENAME_WITHOUT_LOCK_TIMEOUT: &str = "rename-without-lock-timeout";
/// A table of the schema has a known prefix but is not in the rules.
pub const TABLE_NOT_IN_RULES: &str = "table-not-in-rules";
/// A compatibility view outlived its cleanup.
pub const STALE_COMPAT_VIEW: &str = "stale-compat-view";
/// A view that reads its tables with its owner's rights.
pub const VIEW_WITHOUT_SECURITY_INVOKER: &str = "view-without-security-invoker";

/// Every lint rule, files and database, in a stable order (SARIF rule indices follow it).
pub fn rules_catalogue() -> Vec<RuleDesc> {
    let r = RuleDesc::new;
    vec![
        r(
            UNPREFIXED_TABLE,
            "UnprefixedTable",
            "Table without a group prefix",
            "Every table in the rules' schema starts with the prefix of one of the rules' groups (`doc_`, `expert_`, ...). Choose a prefixed name, or add a group to the rules.",
            Severity::Error,
        ),
        r(
            OLD_NAME_REINTRODUCED,
            "OldNameReintroduced",
            "Old table name used after its rename",
            "A migration newer than the one that renamed a table names the table's old name again. Until cleanup that name is the compatibility view, and afterwards nothing (or a new table that takes the name). Use the new name.",
            Severity::Error,
        ),
        r(
            RENAME_WITHOUT_VIEW,
            "RenameWithoutView",
            "Table rename without a compatibility view",
            "Code deployed before the migration still uses the old name: create `CREATE VIEW old WITH (security_invoker = true) AS SELECT * FROM new` in the same migration (refscan migrate plan writes it), or suppress with a refscan-ignore comment when nothing uses the old name.",
            Severity::Error,
        ),
        r(
            RENAME_WITHOUT_LOCK_TIMEOUT,
            "RenameWithoutLockTimeout",
            "Table rename without lock_timeout",
            "ALTER TABLE ... RENAME waits for an ACCESS EXCLUSIVE lock behind running queries, and every later query waits behind it. Set `SET LOCAL lock_timeout = '5s'` earlier in the same migration so it fails instead of stalling traffic.",
            Severity::Error,
        ),
        r(
            TABLE_NOT_IN_RULES,
            "TableNotInRules",
            "Table missing from the rules",
            "The table has a group's prefix but the rules do not list it: add it to its group's `unchanged` list so grants, backups and reports cover it.",
            Severity::Warning,
        ),
        r(
            STALE_COMPAT_VIEW,
            "StaleCompatView",
            "Compatibility view after cleanup",
            "The tracking table says the old name was cleaned up (or a cleanup ran after the table moved), yet a view of that name is there: drop it once nothing uses the old name.",
            Severity::Error,
        ),
        r(
            VIEW_WITHOUT_SECURITY_INVOKER,
            "ViewWithoutSecurityInvoker",
            "View without security_invoker",
            "A view without security_invoker reads its tables with its owner's rights (usually postgres), bypassing row-level security for anon and authenticated: `ALTER VIEW v SET (security_invoker = true)`. In migration files: a compatibility view (named after a renamed table's old name) created, replaced (CREATE OR REPLACE VIEW drops options it does not repeat, as `supabase db pull` writes it) or altered without security_invoker; write `WITH (security_invoker = true)`.",
            Severity::Error,
        ),
    ]
}

/// One lint finding with its severity and whether a `refscan-ignore` comment covers it.
#[derive(Debug, Clone)]
pub struct LintFinding {
    pub diagnostic: Diagnostic,
    pub severity: Severity,
    pub suppressed: bool,
}

// ---------------------------------------------------------------------------------------------
// What one migration file does to tables, read from its tokens.

/// A relation name as a statement gives it, with the schema it resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QName {
    pub schema: String,
    pub name: String,
    /// The span of the name's last identifier (quotes included).
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    CreateTable(QName),
    /// `ALTER TABLE from RENAME TO to`; `lock_bounded` says whether a non-zero `lock_timeout`
    /// was in force when the statement ran.
    Rename {
        from: QName,
        to: QName,
        lock_bounded: bool,
    },
    DropTable(Vec<QName>),
    CreateView(QName),
    DropView(Vec<QName>),
}

/// The table events of an SQL text, in execution order: top-level statements and the bodies
/// of `DO` blocks (function bodies run later, if ever, and are not followed).
pub fn events(src: &str) -> Vec<Event> {
    walk(src).0
}

/// [`events`], and the views the text creates or alters so that they read with their owner's
/// rights: `CREATE [OR REPLACE] VIEW` without `security_invoker` on (OR REPLACE drops options
/// it does not repeat), `ALTER VIEW ... SET (security_invoker = false)` or `RESET
/// (security_invoker)`.
pub fn walk(src: &str) -> (Vec<Event>, Vec<InsecureView>) {
    let mut st = Walk {
        src,
        search_path: "public".to_string(),
        lock_bounded: false,
        out: Vec::new(),
        insecure: Vec::new(),
    };
    st.range(0..src.len(), 0);
    (st.out, st.insecure)
}

/// Deepest `DO` nesting followed; deeper bodies are not read (no input can exhaust the stack).
const MAX_DEPTH: usize = 8;

struct Walk<'a> {
    src: &'a str,
    /// The schema unqualified names resolve to (the first of `search_path`).
    search_path: String,
    lock_bounded: bool,
    out: Vec<Event>,
    insecure: Vec<InsecureView>,
}

/// A view a migration leaves reading with its owner's rights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsecureView {
    pub name: QName,
    /// The names its query mentions (`CREATE VIEW`); `None` for `ALTER VIEW`.
    pub reads: Option<Vec<String>>,
}

impl Walk<'_> {
    fn range(&mut self, range: Range<usize>, depth: usize) {
        let toks: Vec<Token> = Tokenizer::with_range(self.src, range)
            .filter(|t| !t.is_comment())
            .collect();
        let mut i = 0;
        while i < toks.len() {
            i = self.at(&toks, i, depth);
        }
    }

    fn kw(&self, toks: &[Token], i: usize, word: &str) -> bool {
        toks.get(i).is_some_and(|t| t.is_keyword(self.src, word))
    }

    fn punct(&self, toks: &[Token], i: usize, p: &str) -> bool {
        toks.get(i).is_some_and(|t| t.is_punct(self.src, p))
    }

    /// Skips the words of `words` in order where present: `IF NOT EXISTS`, `IF EXISTS`.
    fn opt(&self, toks: &[Token], mut i: usize, words: &[&str]) -> usize {
        let all = words
            .iter()
            .enumerate()
            .all(|(k, w)| self.kw(toks, i + k, w));
        if all {
            i += words.len();
        }
        i
    }

    /// Whether token `i` starts a statement: first of its range, after `;`, or after a
    /// plpgsql block word.
    fn stmt_start(&self, toks: &[Token], i: usize) -> bool {
        i == 0
            || self.punct(toks, i - 1, ";")
            || ["begin", "then", "else", "loop"]
                .iter()
                .any(|w| self.kw(toks, i - 1, w))
    }

    /// `[catalog.][schema.]name` at `i`; the end index and the name.
    fn qname(&self, toks: &[Token], i: usize) -> Option<(usize, QName)> {
        let mut parts: Vec<(String, Range<usize>)> = Vec::new();
        let mut j = i;
        loop {
            let t = toks.get(j).filter(|t| t.is_ident())?;
            parts.push((t.ident_value(self.src)?.into_owned(), t.span()));
            j += 1;
            if parts.len() < 3
                && self.punct(toks, j, ".")
                && toks.get(j + 1).is_some_and(|t| t.is_ident())
            {
                j += 1;
                continue;
            }
            break;
        }
        let (name, span) = parts.pop()?;
        let schema = parts
            .pop()
            .map(|(s, _)| s)
            .unwrap_or_else(|| self.search_path.clone());
        Some((j, QName { schema, name, span }))
    }

    /// A comma-separated list of names at `i`.
    fn qnames(&self, toks: &[Token], mut i: usize) -> (usize, Vec<QName>) {
        let mut out = Vec::new();
        while let Some((j, q)) = self.qname(toks, i) {
            out.push(q);
            if self.punct(toks, j, ",") {
                i = j + 1;
            } else {
                return (j, out);
            }
        }
        (i, out)
    }

    /// Reads what starts at token `i`; returns where to continue.
    fn at(&mut self, toks: &[Token], i: usize, depth: usize) -> usize {
        let t = toks[i];
        // DO [LANGUAGE x] $$ body $$ [LANGUAGE x]: the body runs now, in order.
        if t.is_keyword(self.src, "do") && self.stmt_start(toks, i) {
            let mut j = i + 1;
            if self.kw(toks, j, "language") {
                j += 2;
            }
            if let Some(TokKind::Dollar {
                body_start,
                body_end,
            }) = toks.get(j).map(|t| t.kind)
            {
                if depth < MAX_DEPTH {
                    self.range(body_start..body_end, depth + 1);
                }
                return j + 1;
            }
            return i + 1;
        }
        if t.kind == TokKind::Ident && self.src[t.span()].eq_ignore_ascii_case("set_config") {
            if let (true, Some(name), Some(value)) = (
                self.punct(toks, i + 1, "("),
                toks.get(i + 2).and_then(|t| t.string_value(self.src)),
                toks.get(i + 4),
            ) {
                if self.punct(toks, i + 3, ",") {
                    self.setting(&name.to_ascii_lowercase(), &[*value]);
                }
            }
            return i + 1;
        }
        if !self.stmt_start(toks, i) || t.kind != TokKind::Ident {
            return i + 1;
        }
        let word = t.text(self.src).to_ascii_lowercase();
        match word.as_str() {
            "set" => {
                let mut j = i + 1;
                if self.kw(toks, j, "local") || self.kw(toks, j, "session") {
                    j += 1;
                }
                let Some(name) = toks.get(j).filter(|t| t.kind == TokKind::Ident) else {
                    return i + 1;
                };
                let name = name.text(self.src).to_ascii_lowercase();
                j += 1;
                if !(self.kw(toks, j, "to") || self.punct(toks, j, "=")) {
                    return j;
                }
                j += 1;
                let end = toks[j..]
                    .iter()
                    .position(|t| t.is_punct(self.src, ";"))
                    .map_or(toks.len(), |p| j + p);
                let value: Vec<Token> = toks[j..end].to_vec();
                self.setting(&name, &value);
                end
            }
            "reset" => {
                if self.kw(toks, i + 1, "lock_timeout") || self.kw(toks, i + 1, "all") {
                    self.lock_bounded = false;
                }
                if self.kw(toks, i + 1, "search_path") || self.kw(toks, i + 1, "all") {
                    self.search_path = "public".to_string();
                }
                i + 1
            }
            "create" => self.create(toks, i),
            "alter" => self.alter(toks, i),
            "drop" => {
                let view = self.kw(toks, i + 1, "view");
                if !(view || self.kw(toks, i + 1, "table")) {
                    return i + 1;
                }
                let j = self.opt(toks, i + 2, &["if", "exists"]);
                let (end, names) = self.qnames(toks, j);
                if !names.is_empty() {
                    self.out.push(if view {
                        Event::DropView(names)
                    } else {
                        Event::DropTable(names)
                    });
                }
                end.max(i + 1)
            }
            _ => i + 1,
        }
    }

    fn create(&mut self, toks: &[Token], i: usize) -> usize {
        let mut j = self.opt(toks, i + 1, &["or", "replace"]);
        let mut temp = false;
        while let Some(w) = [
            "global",
            "local",
            "temp",
            "temporary",
            "unlogged",
            "recursive",
        ]
        .iter()
        .find(|w| self.kw(toks, j, w))
        {
            temp |= matches!(*w, "temp" | "temporary" | "global" | "local");
            j += 1;
        }
        let view = self.kw(toks, j, "view");
        if !(view || self.kw(toks, j, "table")) {
            return i + 1;
        }
        let j = self.opt(toks, j + 1, &["if", "not", "exists"]);
        let Some((end, q)) = self.qname(toks, j) else {
            return j;
        };
        if temp {
            return end;
        }
        if view {
            // [ (columns) ] [ WITH (options) ] AS ...
            let mut k = end;
            if self.punct(toks, k, "(") {
                k = self.close(toks, k);
            }
            let mut invoker = None;
            if self.kw(toks, k, "with") && self.punct(toks, k + 1, "(") {
                let close = self.close(toks, k + 1);
                invoker = self.invoker_option(&toks[k + 2..close.saturating_sub(1).max(k + 2)]);
                k = close;
            }
            if invoker != Some(true) {
                let reads = toks
                    .iter()
                    .skip(k)
                    .take_while(|t| !t.is_punct(self.src, ";"))
                    .filter(|t| t.is_ident())
                    .filter_map(|t| t.ident_value(self.src).map(|v| v.into_owned()))
                    .collect();
                self.insecure.push(InsecureView {
                    name: q.clone(),
                    reads: Some(reads),
                });
            }
        }
        self.out.push(if view {
            Event::CreateView(q)
        } else {
            Event::CreateTable(q)
        });
        end
    }

    /// The index after the parenthesis that closes the one at `open`.
    fn close(&self, toks: &[Token], open: usize) -> usize {
        let mut depth = 0usize;
        for (k, t) in toks.iter().enumerate().skip(open) {
            if t.is_punct(self.src, "(") {
                depth += 1;
            } else if t.is_punct(self.src, ")") {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
        }
        toks.len()
    }

    /// `security_invoker` in an option list: `Some(on)` when given (alone it means on).
    fn invoker_option(&self, opts: &[Token]) -> Option<bool> {
        let at = opts
            .iter()
            .position(|t| t.is_keyword(self.src, "security_invoker"))?;
        if !opts.get(at + 1).is_some_and(|t| t.is_punct(self.src, "=")) {
            return Some(true);
        }
        let v = opts.get(at + 2)?;
        let text = v
            .string_value(self.src)
            .map(|s| s.into_owned())
            .unwrap_or_else(|| v.text(self.src).to_string());
        Some(crate::lint::db::security_invoker(&[format!(
            "security_invoker={text}"
        )]))
    }

    /// `ALTER VIEW [IF EXISTS] name SET (security_invoker = off)` or `RESET (security_invoker)`.
    fn alter_view(&mut self, toks: &[Token], i: usize) -> usize {
        let j = self.opt(toks, i + 2, &["if", "exists"]);
        let Some((j, q)) = self.qname(toks, j) else {
            return j;
        };
        let set = self.kw(toks, j, "set");
        if !(set || self.kw(toks, j, "reset")) || !self.punct(toks, j + 1, "(") {
            return j;
        }
        let close = self.close(toks, j + 1);
        let opts = &toks[j + 2..close.saturating_sub(1).max(j + 2)];
        let off = if set {
            self.invoker_option(opts) == Some(false)
        } else {
            opts.iter()
                .any(|t| t.is_keyword(self.src, "security_invoker"))
        };
        if off {
            self.insecure.push(InsecureView {
                name: q,
                reads: None,
            });
        }
        close
    }

    fn alter(&mut self, toks: &[Token], i: usize) -> usize {
        if self.kw(toks, i + 1, "view") {
            return self.alter_view(toks, i);
        }
        if !self.kw(toks, i + 1, "table") {
            return i + 1;
        }
        let j = self.opt(toks, i + 2, &["if", "exists"]);
        let j = self.opt(toks, j, &["only"]);
        let Some((mut j, from)) = self.qname(toks, j) else {
            return j;
        };
        if self.punct(toks, j, "*") {
            j += 1;
        }
        if !(self.kw(toks, j, "rename") && self.kw(toks, j + 1, "to")) {
            return j;
        }
        let Some(t) = toks.get(j + 2).filter(|t| t.is_ident()) else {
            return j + 2;
        };
        let Some(name) = t.ident_value(self.src) else {
            return j + 2;
        };
        let to = QName {
            schema: from.schema.clone(),
            name: name.into_owned(),
            span: t.span(),
        };
        self.out.push(Event::Rename {
            from,
            to,
            lock_bounded: self.lock_bounded,
        });
        j + 3
    }

    /// `SET name = value` or `set_config(name, value, ...)` for the two settings lint follows.
    fn setting(&mut self, name: &str, value: &[Token]) {
        match name {
            "lock_timeout" => {
                self.lock_bounded = value.first().is_some_and(|v| nonzero_duration(self.src, v))
            }
            "search_path" => {
                // The first schema of the list that is not `$user` (no such schema in a
                // Supabase project) is where unqualified names go.
                let first = value
                    .iter()
                    .filter(|t| !t.is_punct(self.src, ","))
                    .filter_map(|t| {
                        t.ident_value(self.src)
                            .map(|v| v.into_owned())
                            .or_else(|| t.string_value(self.src).map(|v| v.into_owned()))
                    })
                    .flat_map(|v| {
                        v.split(',')
                            .map(|s| s.trim().trim_matches('"').to_string())
                            .collect::<Vec<_>>()
                    })
                    .find(|s| !s.is_empty() && s != "$user");
                if let Some(s) = first {
                    self.search_path = s;
                }
            }
            _ => {}
        }
    }
}

/// A `lock_timeout` value that bounds the wait: a number or string whose amount is not zero.
/// `DEFAULT` and `0` mean no timeout.
fn nonzero_duration(src: &str, t: &Token) -> bool {
    let text = match t.kind {
        TokKind::Number => t.text(src).to_string(),
        TokKind::Str(_) => t
            .string_value(src)
            .map(|v| v.into_owned())
            .unwrap_or_default(),
        _ => return false,
    };
    let digits: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse::<f64>().is_ok_and(|v| v > 0.0)
}

// ---------------------------------------------------------------------------------------------
// The rules over files.

/// The Supabase version of a migration file name (`<version>_name.sql`), for ordering.
pub fn version(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let (v, rest) = name.split_once('_')?;
    let ok = !v.is_empty()
        && v.bytes().all(|b| b.is_ascii_digit())
        && rest.to_ascii_lowercase().ends_with(".sql");
    ok.then(|| v.to_string())
}

/// Orders versions numerically (Supabase compares them as numbers), then by name.
pub(crate) fn version_key(v: &str) -> (usize, &str) {
    let t = v.trim_start_matches('0');
    (t.len(), t)
}

/// Whether a finding is in a migration newer than `since` (a version): `--since` reports only
/// those, and findings in unversioned files. Older files are still read for the old names
/// they retire.
pub fn newer_than(f: &LintFinding, since: &str) -> bool {
    match &f.diagnostic.place {
        Place::File { path, .. } => {
            version(path).is_none_or(|v| version_key(&v) > version_key(since))
        }
        Place::Object { .. } => true,
    }
}

/// One SQL file to lint.
pub struct SourceFile {
    pub path: Arc<PathBuf>,
    pub text: String,
}

/// What [`lint_files`] found.
#[derive(Debug, Default)]
pub struct FileLint {
    pub findings: Vec<LintFinding>,
    pub files_checked: usize,
}

struct Ctx<'a> {
    rules: &'a Rules,
}

impl Ctx<'_> {
    fn prefixed(&self, name: &str) -> bool {
        self.rules
            .groups
            .iter()
            .any(|g| name.starts_with(g.prefix.as_str()))
    }
}

fn finding(
    file: &SourceFile,
    span: Range<usize>,
    rule: &'static str,
    message: String,
    fields: serde_json::Value,
) -> LintFinding {
    let bytes = file.text.as_bytes();
    let start = span.start.min(bytes.len());
    let line = memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1;
    let column = start - line_range(bytes, start).start + 1;
    LintFinding {
        diagnostic: Diagnostic {
            rule,
            message,
            place: Place::File {
                path: file.path.clone(),
                line,
                column,
                span,
            },
            fields: match fields {
                serde_json::Value::Object(m) => m,
                _ => serde_json::Map::new(),
            },
        },
        severity: Severity::Error,
        suppressed: is_suppressed(&marker_lines(bytes), line),
    }
}

/// Lints each file on its own (prefixes, renames) and, per folder in version order, the
/// use of retired old names.
pub fn lint_files(rules: &Rules, files: &[SourceFile]) -> anyhow::Result<FileLint> {
    let ctx = Ctx { rules };
    let mut out = FileLint {
        files_checked: files.len(),
        ..FileLint::default()
    };
    let (per_file, insecure): (Vec<Vec<Event>>, Vec<Vec<InsecureView>>) =
        files.iter().map(|f| walk(&f.text)).unzip();
    for ((file, evs), views) in files.iter().zip(&per_file).zip(&insecure) {
        out.findings.extend(file_rules(&ctx, file, evs));
        out.findings
            .extend(insecure_compat_views(&ctx, file, views));
    }
    if rules.renamed().next().is_some() {
        let needles = Needles::new(rules, &[])?;
        // Folders are separate histories (one per Supabase project): order within each.
        let mut folders: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            if version(&f.path).is_some() {
                let dir = f.path.parent().map(Path::to_path_buf).unwrap_or_default();
                folders.entry(dir).or_default().push(i);
            }
        }
        let mut dirs: Vec<_> = folders.into_iter().collect();
        dirs.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, mut idx) in dirs {
            idx.sort_by(|&a, &b| {
                let (va, vb) = (version(&files[a].path), version(&files[b].path));
                version_key(va.as_deref().unwrap_or(""))
                    .cmp(&version_key(vb.as_deref().unwrap_or("")))
                    .then(files[a].path.cmp(&files[b].path))
            });
            out.findings
                .extend(retired_names(&ctx, &needles, files, &per_file, &idx));
        }
    }
    out.findings.sort_by(|a, b| {
        let key = |f: &LintFinding| match &f.diagnostic.place {
            Place::File { path, span, .. } => (path.as_ref().clone(), span.start),
            Place::Object { .. } => (PathBuf::new(), 0),
        };
        key(a)
            .cmp(&key(b))
            .then(a.diagnostic.rule.cmp(b.diagnostic.rule))
    });
    Ok(out)
}

/// The rules that need one file only.
fn file_rules(ctx: &Ctx<'_>, file: &SourceFile, evs: &[Event]) -> Vec<LintFinding> {
    let mut out = Vec::new();
    let key = |q: &QName| (q.schema.clone(), q.name.clone());
    // Tables that got their name in this file and still have it: (schema, name) -> the event
    // and name that gave it.
    let mut present: HashMap<(String, String), (usize, QName)> = HashMap::new();
    let mut views: Vec<(usize, (String, String))> = Vec::new();
    for (i, e) in evs.iter().enumerate() {
        match e {
            Event::CreateTable(q) => {
                present.insert(key(q), (i, q.clone()));
            }
            Event::Rename { from, to, .. } => {
                present.remove(&key(from));
                present.insert(key(to), (i, to.clone()));
            }
            Event::DropTable(names) => {
                for q in names {
                    present.remove(&key(q));
                }
            }
            Event::CreateView(q) => views.push((i, key(q))),
            Event::DropView(_) => {}
        }
    }
    let mut finals: Vec<&(usize, QName)> = present.values().collect();
    finals.sort_by_key(|(i, _)| *i);
    for (i, q) in finals {
        if q.schema != ctx.rules.schema || ctx.prefixed(&q.name) || q.name == TRACKING_TABLE {
            continue;
        }
        let message = match &evs[*i] {
            Event::Rename { from, .. } => format!(
                "table `{}` is renamed to `{}` in schema `{}`, a name without a group prefix ({})",
                from.name,
                q.name,
                q.schema,
                ctx.rules.prefixes()
            ),
            _ => format!(
                "table `{}` is created in schema `{}` without a group prefix ({})",
                q.name,
                q.schema,
                ctx.rules.prefixes()
            ),
        };
        out.push(finding(
            file,
            q.span.clone(),
            UNPREFIXED_TABLE,
            message,
            json!({ "table": q.name, "schema": q.schema }),
        ));
    }

    // Renames of tables that existed before this file: a name that arrived in the file
    // (created, or a swap's temporary name) has no users yet.
    let mut arrived: HashSet<(String, String)> = HashSet::new();
    for (i, e) in evs.iter().enumerate() {
        match e {
            Event::CreateTable(q) => {
                arrived.insert(key(q));
            }
            Event::Rename {
                from,
                to,
                lock_bounded,
            } => {
                let fresh = arrived.contains(&key(from));
                arrived.insert(key(to));
                if fresh {
                    continue;
                }
                let fields = json!({ "table": from.name, "new": to.name, "schema": from.schema });
                if !lock_bounded {
                    out.push(finding(
                        file,
                        from.span.clone(),
                        RENAME_WITHOUT_LOCK_TIMEOUT,
                        format!(
                            "`{}` is renamed to `{}` without a lock_timeout set before it in this file: the rename queues behind running queries and blocks every query after it; add SET LOCAL lock_timeout = '5s' first",
                            from.name, to.name
                        ),
                        fields.clone(),
                    ));
                }
                let taken = present.contains_key(&key(from));
                let viewed = views.iter().any(|(vi, k)| *vi > i && *k == key(from));
                if !taken && !viewed {
                    out.push(finding(
                        file,
                        from.span.clone(),
                        RENAME_WITHOUT_VIEW,
                        format!(
                            "`{}` is renamed to `{}` but this file creates no view `{}`: code that still uses the old name breaks when the migration runs; add CREATE VIEW {} WITH (security_invoker = true) AS SELECT * FROM {}",
                            from.name, to.name, from.name, from.name, to.name
                        ),
                        fields,
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// Compatibility views (a view under a renamed table's old name that reads its new name, or
/// any view of an old name switched off by `ALTER VIEW`) that a file leaves reading with their
/// owner's rights: through such a view row-level security no longer applies to the old name.
/// `supabase db pull` and `db diff` write views back this way. A view of that name reading
/// something else is the original relation before its rename, not a compatibility view.
fn insecure_compat_views(
    ctx: &Ctx<'_>,
    file: &SourceFile,
    views: &[InsecureView],
) -> Vec<LintFinding> {
    let rules = ctx.rules;
    views
        .iter()
        .filter(|v| v.name.schema == rules.schema)
        .filter_map(|v| {
            let q = &v.name;
            let (_, t) = rules.renamed().find(|(_, t)| t.old == q.name)?;
            if v.reads.as_ref().is_some_and(|r| !r.contains(&t.new)) {
                return None;
            }
            Some(finding(
                file,
                q.span.clone(),
                VIEW_WITHOUT_SECURITY_INVOKER,
                format!(
                    "the compatibility view `{}` is (re)created or altered without security_invoker: it reads `{}` with its owner's rights (usually postgres), so row-level security no longer applies to anon and authenticated through the old name (CREATE OR REPLACE VIEW drops options it does not repeat; supabase db pull and db diff write views this way); write CREATE OR REPLACE VIEW {} WITH (security_invoker = true) AS ..., or add ALTER VIEW {} SET (security_invoker = true) after it",
                    t.old, t.new, t.old, t.old
                ),
                json!({ "table": t.old, "new": t.new, "schema": q.schema }),
            ))
        })
        .collect()
}

/// Old names used in migrations newer than the one that renamed their table, for the files
/// `order` of one folder.
fn retired_names(
    ctx: &Ctx<'_>,
    needles: &Needles,
    files: &[SourceFile],
    per_file: &[Vec<Event>],
    order: &[usize],
) -> Vec<LintFinding> {
    let rules = ctx.rules;
    let mut out = Vec::new();
    // Old name -> (the file that renamed it away, table index).
    let mut retired: HashMap<String, (usize, usize)> = HashMap::new();
    let old_of = |name: &str| rules.renamed().find(|(_, t)| t.old == name).map(|(i, _)| i);
    let is_new_name = |name: &str| rules.tables.iter().any(|t| t.new == name);
    for &fi in order {
        let file = &files[fi];
        let evs = &per_file[fi];
        let in_schema = |q: &QName| q.schema == rules.schema;
        // Names this file gives to a table of the plan (a chain's next link): legitimate here.
        let retaken: HashSet<&str> = evs
            .iter()
            .filter_map(|e| match e {
                Event::Rename { to, .. } if in_schema(to) && is_new_name(&to.name) => {
                    Some(to.name.as_str())
                }
                _ => None,
            })
            .collect();
        // Dropping a compatibility view is how cleanup retires a name: not a use.
        let dropped: Vec<Range<usize>> = evs
            .iter()
            .flat_map(|e| match e {
                Event::DropView(names) => names.iter().map(|q| q.span.clone()).collect(),
                _ => Vec::new(),
            })
            .collect();
        let hits = needles.hits(file.text.as_bytes());
        let classes = sql::classify(&file.text, &hits);
        for (hit, class) in hits.iter().zip(classes) {
            if class.map(|c| c.kind) != Some(Kind::Sql) {
                continue;
            }
            let t = &rules.tables[hit.table];
            let Some(&(by, _)) = retired.get(&t.old) else {
                continue;
            };
            let in_drop = dropped
                .iter()
                .any(|d| d.start <= hit.span.start && hit.span.end <= d.end);
            if retaken.contains(t.old.as_str()) || in_drop {
                continue;
            }
            out.push(reintroduced(
                ctx,
                file,
                &files[by],
                hit.table,
                hit.span.clone(),
            ));
        }
        // A rename into a retired name that the plan gives no table is a reintroduction too;
        // the tokenizer does not count a rename target as a table reference.
        for e in evs {
            if let Event::Rename { to, .. } = e {
                if let Some(&(by, ti)) = retired.get(&to.name) {
                    if in_schema(to) && !is_new_name(&to.name) {
                        out.push(reintroduced(ctx, file, &files[by], ti, to.span.clone()));
                    }
                }
            }
        }
        for e in evs {
            match e {
                Event::Rename { from, to, .. } if in_schema(from) => {
                    retired.remove(&to.name);
                    if let Some(ti) = old_of(&from.name) {
                        if !retaken.contains(from.name.as_str()) {
                            retired.insert(from.name.clone(), (fi, ti));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn reintroduced(
    ctx: &Ctx<'_>,
    file: &SourceFile,
    by: &SourceFile,
    ti: usize,
    span: Range<usize>,
) -> LintFinding {
    let rules = ctx.rules;
    let t = &rules.tables[ti];
    let phase = t.phase.map(|p| rules.phases[p].id.as_str()).unwrap_or("-");
    let by_name = by
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    finding(
        file,
        span,
        OLD_NAME_REINTRODUCED,
        format!(
            "`{}` was renamed to `{}` by {by_name} (phase {phase}); this newer migration names the old table again, which is the compatibility view until cleanup and nothing after it (lint cannot tell which is meant): use `{}`",
            t.old, t.new, t.new
        ),
        json!({
            "table": t.old,
            "new": t.new,
            "group": rules.groups[t.group].prefix,
            "phase": t.phase.map(|p| rules.phases[p].id.clone()),
            "renamed_by": by_name,
        }),
    )
}

// ---------------------------------------------------------------------------------------------
// Collecting files and printing.

/// The SQL files under `paths` (a file given by name is taken whatever its extension), in
/// path order; unreadable or non-UTF-8 files become problems.
pub fn collect_files(paths: &[PathBuf]) -> anyhow::Result<(Vec<SourceFile>, Vec<Problem>)> {
    let mut names: Vec<PathBuf> = Vec::new();
    let mut problems = Vec::new();
    for root in paths {
        let meta = std::fs::metadata(root).map_err(|e| {
            UserError::new(format!("{}: {e}", root.display())).hint(
                "give migration folders or SQL files; the default is the rules' migrations folder",
            )
        })?;
        if meta.is_file() {
            names.push(root.clone());
            continue;
        }
        for entry in ignore::WalkBuilder::new(root).follow_links(false).build() {
            match entry {
                Ok(e) => {
                    let p = e.path();
                    let sql = p
                        .extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| x.eq_ignore_ascii_case("sql"));
                    if sql && e.file_type().is_some_and(|t| t.is_file()) {
                        names.push(p.to_path_buf());
                    }
                }
                Err(err) => problems.push(Problem {
                    path: root.clone(),
                    kind: ProblemKind::Unreadable,
                    message: err.to_string(),
                }),
            }
        }
    }
    names.sort();
    names.dedup();
    let mut files = Vec::new();
    for p in names {
        match std::fs::read(&p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push(SourceFile {
                    path: Arc::new(p),
                    text,
                }),
                Err(e) => problems.push(Problem {
                    path: p,
                    kind: ProblemKind::Skipped,
                    message: format!(
                        "skipped: not valid UTF-8 (at byte {}); refscan reads UTF-8 only",
                        e.utf8_error().valid_up_to()
                    ),
                }),
            },
            Err(e) => problems.push(Problem {
                path: p,
                kind: ProblemKind::Unreadable,
                message: format!("cannot read: {e}"),
            }),
        }
    }
    Ok((files, problems))
}

/// Prints the findings that are not suppressed and returns the totals.
pub fn print_findings(
    findings: &[LintFinding],
    files: &[SourceFile],
    rules: &Rules,
    summary: &mut GateSummary,
    printer: &mut dyn FindingPrinter,
) -> std::io::Result<()> {
    let texts: HashMap<&Path, &str> = files
        .iter()
        .map(|f| (f.path.as_path(), f.text.as_str()))
        .collect();
    for f in findings {
        if f.suppressed {
            summary.suppressed += 1;
            continue;
        }
        let view = match &f.diagnostic.place {
            Place::File { path, span, .. } => texts
                .get(path.as_path())
                .map(|t| LineCursor::new(t.as_bytes()).at(span)),
            Place::Object { .. } => None,
        };
        let (line_text, column, shown_column) = view
            .as_ref()
            .map_or(("", 1, 1), |v| (v.text.as_str(), v.column, v.shown_column));
        match f.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
        }
        printer.finding(
            &Located {
                subject: Subject::Diagnostic(&f.diagnostic),
                severity: f.severity,
                line_text,
                column,
                shown_column,
            },
            rules,
        )?;
    }
    printer.finish(summary, rules)
}

/// The exit status of a lint run and its note on stderr.
pub fn conclude(what: &str, summary: &GateSummary, errors: bool) -> u8 {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    note(&format!(
        "lint: {} error{}, {} warning{}{}; {what}",
        summary.errors,
        plural(summary.errors),
        summary.warnings,
        plural(summary.warnings),
        if summary.suppressed > 0 {
            format!(", {} suppressed", summary.suppressed)
        } else {
            String::new()
        },
    ));
    if errors {
        exit::ERROR
    } else if summary.errors > 0 {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Origin;

    fn q(schema: &str, name: &str, span: Range<usize>) -> QName {
        QName {
            schema: schema.into(),
            name: name.into(),
            span,
        }
    }

    #[test]
    fn views_left_without_security_invoker() {
        let src = "create view a with (security_invoker = true) as select 1;\n\
                   create or replace view b as select 1;\n\
                   create view c (x) with (security_barrier, security_invoker) as select 1;\n\
                   create view d with (security_invoker = 'off') as select 1;\n\
                   create view e with (security_invoker = on, check_option = local) as select 1;\n\
                   alter view if exists f set (security_invoker = false);\n\
                   alter view g reset (security_invoker);\n\
                   alter view h set (security_invoker = true);\n\
                   create temp view i as select 1;\n\
                   do $$ begin create or replace view j as select 1; end $$;";
        let names: Vec<String> = walk(src).1.into_iter().map(|v| v.name.name).collect();
        assert_eq!(names, ["b", "d", "f", "g", "j"]);
    }

    #[test]
    fn bug_pulled_compat_view_without_security_invoker_passed_lint() {
        let rules = Rules::parse(
            "schema = \"public\"\n[[group]]\nprefix = \"t_\"\n[group.rename]\nnotes = \"t_notes\"\n[[phase]]\nid = \"2\"\ntables = [\"notes\"]\n",
            Origin::Bundled,
        )
        .unwrap();
        let file = SourceFile {
            path: Arc::new(PathBuf::from("supabase/migrations/20250102000000_remote_schema.sql")),
            text: "-- pulled\nCREATE OR REPLACE VIEW \"public\".\"notes\" AS\n SELECT * FROM public.t_notes;\nCREATE VIEW other AS SELECT 1;\nCREATE VIEW notes AS SELECT * FROM notes_before_the_rename;\n".into(),
        };
        let found = lint_files(&rules, &[file]).unwrap().findings;
        let hits: Vec<_> = found
            .iter()
            .filter(|f| f.diagnostic.rule == VIEW_WITHOUT_SECURITY_INVOKER)
            .collect();
        assert_eq!(hits.len(), 1, "{found:?}");
        let Place::File { line, .. } = &hits[0].diagnostic.place else {
            panic!("a file finding");
        };
        assert_eq!(*line, 2);
        assert!(hits[0]
            .diagnostic
            .message
            .contains("reads `t_notes` with its owner's rights"));
    }

    #[test]
    fn events_of_creates_renames_views_and_drops() {
        let src = "create table if not exists Public.\"Foo\" (id int);\n\
                   SET LOCAL lock_timeout = '5s';\n\
                   ALTER TABLE IF EXISTS ONLY bar RENAME TO doc_bar;\n\
                   create or replace view bar with (security_invoker = true) as select * from doc_bar;\n\
                   drop view if exists a, x.b;\n\
                   create temp table scratch (i int);\n\
                   ALTER TABLE t RENAME COLUMN a TO b;\n\
                   ALTER TABLE t RENAME a TO b;";
        let e = events(src);
        let foo = src.find("\"Foo\"").unwrap();
        let bar = src.find("bar RENAME").unwrap();
        let doc_bar = src.find("doc_bar;").unwrap();
        let view = src.find("bar with").unwrap();
        let a = src.find("a, x.b").unwrap();
        let b = src.find("b;\ncreate temp").unwrap();
        assert_eq!(
            e,
            vec![
                Event::CreateTable(q("public", "Foo", foo..foo + 5)),
                Event::Rename {
                    from: q("public", "bar", bar..bar + 3),
                    to: q("public", "doc_bar", doc_bar..doc_bar + 7),
                    lock_bounded: true,
                },
                Event::CreateView(q("public", "bar", view..view + 3)),
                Event::DropView(vec![q("public", "a", a..a + 1), q("x", "b", b..b + 1)]),
            ]
        );
    }

    #[test]
    fn lock_timeout_zero_default_and_reset_do_not_bound() {
        let bounded = |src: &str| {
            events(src).iter().any(|e| {
                matches!(
                    e,
                    Event::Rename {
                        lock_bounded: true,
                        ..
                    }
                )
            })
        };
        assert!(!bounded("ALTER TABLE a RENAME TO b;"));
        assert!(!bounded("SET lock_timeout = 0; ALTER TABLE a RENAME TO b;"));
        assert!(!bounded(
            "SET lock_timeout TO DEFAULT; ALTER TABLE a RENAME TO b;"
        ));
        assert!(!bounded(
            "SET lock_timeout = '1s'; RESET lock_timeout; ALTER TABLE a RENAME TO b;"
        ));
        assert!(!bounded(
            "ALTER TABLE a RENAME TO b; SET lock_timeout = '1s';"
        ));
        assert!(!bounded(
            "ALTER ROLE r SET lock_timeout = '1s'; ALTER TABLE a RENAME TO b;"
        ));
        assert!(bounded(
            "SET lock_timeout TO 500; ALTER TABLE a RENAME TO b;"
        ));
        assert!(bounded(
            "SELECT set_config('lock_timeout', '2s', true); ALTER TABLE a RENAME TO b;"
        ));
        // A comment or a string that looks like a setting is neither.
        assert!(!bounded(
            "-- SET lock_timeout = '1s';\nSELECT 'SET lock_timeout = 1'; ALTER TABLE a RENAME TO b;"
        ));
    }

    #[test]
    fn do_bodies_are_followed_and_function_bodies_are_not() {
        let src = "DO $x$ BEGIN IF true THEN DROP VIEW old_v; END IF; END $x$;\n\
                   CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ CREATE TABLE inner_t (i int) $$;";
        let at = src.find("old_v").unwrap();
        assert_eq!(
            events(src),
            vec![Event::DropView(vec![q("public", "old_v", at..at + 5)])]
        );
    }

    #[test]
    fn search_path_decides_the_schema_of_unqualified_names() {
        let src = "SET search_path TO \"$user\", app, public; CREATE TABLE t1 (i int); RESET search_path; CREATE TABLE t2 (i int);";
        let e = events(src);
        let names: Vec<(String, String)> = e
            .iter()
            .map(|e| match e {
                Event::CreateTable(q) => (q.schema.clone(), q.name.clone()),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            names,
            [
                ("app".to_string(), "t1".to_string()),
                ("public".to_string(), "t2".to_string())
            ]
        );
    }

    #[test]
    fn versions_order_like_supabase() {
        assert_eq!(
            version(Path::new("m/20240101000000_init.sql")).as_deref(),
            Some("20240101000000")
        );
        assert_eq!(version(Path::new("m/init.sql")), None);
        assert_eq!(version(Path::new("m/2024_x.txt")), None);
        assert!(version_key("9") < version_key("10"));
        assert!(version_key("0010") == version_key("10"));
    }

    #[test]
    fn token_soup_never_panics() {
        for src in [
            "ALTER TABLE",
            "ALTER TABLE a RENAME TO",
            "CREATE TABLE",
            "DROP VIEW IF EXISTS",
            "SET lock_timeout =",
            "set_config(",
            "DO $$",
            "DO LANGUAGE",
            "CREATE TABLE \"é",
            "ALTER TABLE a.b.c.d RENAME TO e",
            "ALTER TABLE a * RENAME TO \"\"",
        ] {
            let _ = events(src);
        }
    }

    fn rules() -> Rules {
        Rules::parse(
            r#"
[[group]]
prefix = "doc_"
[group.rename]
documents = "doc_files"
[[group]]
prefix = "t_"
[group.rename]
t_a = "t_b"
t_b = "t_c"
[[phase]]
id = "2"
groups = ["doc_", "t_"]
"#,
            Origin::File("r.toml".into()),
        )
        .unwrap()
    }

    fn lint(files: &[(&str, &str)]) -> Vec<(String, String, usize)> {
        let files: Vec<SourceFile> = files
            .iter()
            .map(|(p, t)| SourceFile {
                path: Arc::new(PathBuf::from(p)),
                text: t.to_string(),
            })
            .collect();
        lint_files(&rules(), &files)
            .unwrap()
            .findings
            .into_iter()
            .filter(|f| !f.suppressed)
            .map(|f| match f.diagnostic.place {
                Place::File { path, line, .. } => (
                    path.display().to_string(),
                    f.diagnostic.rule.to_string(),
                    line,
                ),
                Place::Object { .. } => unreachable!(),
            })
            .collect()
    }

    fn owned(v: &[(&str, &str, usize)]) -> Vec<(String, String, usize)> {
        v.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
            .collect()
    }

    #[test]
    fn unprefixed_tables_by_their_final_name() {
        let got = lint(&[(
            "m/1_a.sql",
            "CREATE TABLE doc_ok (i int);\nCREATE TABLE other.free (i int);\nCREATE TABLE bad (i int);\n\
             CREATE TABLE scratch (i int);\nDROP TABLE scratch;\nCREATE TABLE tmp (i int);\nALTER TABLE tmp RENAME TO doc_tmp;\n\
             CREATE TABLE doc_x (i int);\nALTER TABLE doc_x RENAME TO worse;\nCREATE TABLE sys_table_migrations (i int);",
        )]);
        assert_eq!(
            got,
            owned(&[
                ("m/1_a.sql", UNPREFIXED_TABLE, 3),
                ("m/1_a.sql", UNPREFIXED_TABLE, 9)
            ])
        );
    }

    #[test]
    fn renames_need_a_view_and_a_lock_timeout() {
        let got = lint(&[
            (
                "m/1_good.sql",
                "SET LOCAL lock_timeout = '5s';\nALTER TABLE documents RENAME TO doc_files;\nCREATE VIEW documents WITH (security_invoker = true) AS SELECT * FROM doc_files;",
            ),
            (
                "n/1_bad.sql",
                "ALTER TABLE documents RENAME TO doc_files;\nCREATE VIEW documents_v AS SELECT 1;",
            ),
            (
                "o/1_view_first.sql",
                "SET lock_timeout = '1s';\nCREATE VIEW x AS SELECT 1;\nALTER TABLE x2 RENAME TO doc_x2; -- no view x2\nALTER TABLE x3 RENAME TO doc_x3; -- refscan-ignore",
            ),
        ]);
        assert_eq!(
            got,
            owned(&[
                ("n/1_bad.sql", RENAME_WITHOUT_LOCK_TIMEOUT, 1),
                ("n/1_bad.sql", RENAME_WITHOUT_VIEW, 1),
                ("o/1_view_first.sql", RENAME_WITHOUT_VIEW, 3),
            ])
        );
    }

    #[test]
    fn chains_and_swaps_in_one_file_need_no_view_for_a_retaken_name() {
        let got = lint(&[(
            "m/1_chain.sql",
            "SET LOCAL lock_timeout = '5s';\n\
             ALTER TABLE t_b RENAME TO t_c;\nALTER TABLE t_a RENAME TO t_b;\nCREATE VIEW t_a WITH (security_invoker = true) AS SELECT * FROM t_b;\n\
             ALTER TABLE doc_p RENAME TO refscan_swap_1;\nALTER TABLE doc_q RENAME TO doc_p;\nALTER TABLE refscan_swap_1 RENAME TO doc_q;",
        )]);
        assert_eq!(got, vec![]);
    }

    #[test]
    fn old_names_in_newer_migrations() {
        let rename = "SET LOCAL lock_timeout = '5s';\nALTER TABLE documents RENAME TO doc_files;\nCREATE VIEW documents WITH (security_invoker = true) AS SELECT * FROM doc_files;\nSELECT * FROM documents;\n";
        let got = lint(&[
            ("m/20240101000000_before.sql", "SELECT * FROM documents;"),
            ("m/20240201000000_rename.sql", rename),
            (
                "m/20240301000000_after.sql",
                "-- documents is history\nSELECT 'documents';\nINSERT INTO public.documents VALUES (1);\nDROP VIEW IF EXISTS documents;\nDO $$ BEGIN IF true THEN DROP VIEW \"public\".\"documents\"; END IF; END $$;\n",
            ),
            (
                "m/20240401000000_again.sql",
                "CREATE TABLE documents (i int); -- refscan-ignore\n\nALTER TABLE doc_y RENAME TO documents;\n",
            ),
            // Another folder is another history: the rename above does not apply there.
            ("n/20250101000000_other.sql", "SELECT * FROM documents;"),
            // Unversioned files are not ordered.
            ("m/seed.sql", "SELECT * FROM documents;"),
        ]);
        assert_eq!(
            got,
            owned(&[
                ("m/20240301000000_after.sql", OLD_NAME_REINTRODUCED, 3),
                ("m/20240401000000_again.sql", RENAME_WITHOUT_LOCK_TIMEOUT, 3),
                ("m/20240401000000_again.sql", RENAME_WITHOUT_VIEW, 3),
                ("m/20240401000000_again.sql", OLD_NAME_REINTRODUCED, 3),
                ("m/20240401000000_again.sql", UNPREFIXED_TABLE, 3),
            ])
        );
    }

    #[test]
    fn since_keeps_newer_and_unversioned_files() {
        let f = |p: &str| {
            finding(
                &SourceFile {
                    path: Arc::new(PathBuf::from(p)),
                    text: "x".into(),
                },
                0..1,
                UNPREFIXED_TABLE,
                String::new(),
                json!({}),
            )
        };
        assert!(!newer_than(&f("m/20240101000000_a.sql"), "20240101000000"));
        assert!(newer_than(&f("m/20240101000001_a.sql"), "20240101000000"));
        assert!(newer_than(&f("m/seed.sql"), "20240101000000"));
        assert!(!newer_than(&f("m/9_a.sql"), "10"));
    }

    #[test]
    fn a_chain_across_migrations_retakes_the_name() {
        // t_b -> t_c first; then t_a -> t_b gives the name `t_b` to the plan's next link.
        let got = lint(&[
            (
                "m/1_first.sql",
                "SET LOCAL lock_timeout = '5s';\nALTER TABLE t_b RENAME TO t_c;\nCREATE VIEW t_b WITH (security_invoker = true) AS SELECT * FROM t_c;\n",
            ),
            (
                "m/2_second.sql",
                "SET LOCAL lock_timeout = '5s';\nDROP VIEW t_b;\nALTER TABLE t_a RENAME TO t_b;\nCREATE VIEW t_a WITH (security_invoker = true) AS SELECT * FROM t_b;\n",
            ),
            ("m/3_third.sql", "SELECT * FROM t_b;\nSELECT * FROM t_a;\n"),
        ]);
        assert_eq!(got, owned(&[("m/3_third.sql", OLD_NAME_REINTRODUCED, 2)]));
    }
}
