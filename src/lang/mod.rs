//! Per-language classification: given a file's text and the whole-word hits of old names in
//! it, decide for each hit what kind of reference it is.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use crate::findings::{Class, Hit};

pub(crate) mod aging;
pub mod embed;
pub mod fastjs;
pub mod fastpy;
pub mod jsdoc;
pub mod markdown;
pub(crate) mod nav;
pub mod orm;
pub mod prisma;
pub mod python;
pub mod select_parts;
pub mod shell;
pub mod sql;
pub mod text;
pub mod typescript;

/// How a file is classified, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// `.ts`, `.mts`, `.cts` (TypeScript grammar).
    TypeScript,
    /// `.tsx`, `.jsx`, `.js`, `.mjs`, `.cjs` (TSX grammar, which also parses plain JS and JSX).
    Tsx,
    Python,
    Sql,
    /// `.prisma`: Prisma schema files.
    Prisma,
    /// `.sh`, `.bash`, `.zsh`, or a shell named by the first line's `#!`: shell scripts, whose
    /// embedded SQL and code is classified in its own language.
    Shell,
    /// `.md`, `.mdx`, `.markdown`: fenced code blocks are classified by their language tag.
    Markdown,
    /// Anything else: every exact hit is a mention.
    Text,
}

impl Lang {
    pub fn of(path: &Path) -> Lang {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("ts" | "mts" | "cts") => Lang::TypeScript,
            Some("tsx" | "jsx" | "js" | "mjs" | "cjs") => Lang::Tsx,
            Some("py" | "pyi") => Lang::Python,
            Some("sql") => Lang::Sql,
            Some("prisma") => Lang::Prisma,
            Some("sh" | "bash" | "zsh") => Lang::Shell,
            Some("md" | "mdx" | "markdown") => Lang::Markdown,
            _ => Lang::Text,
        }
    }

    /// [`Lang::of`], and for a file the extension says nothing about, its `#!` line.
    pub fn of_file(path: &Path, text: &str) -> Lang {
        match Lang::of(path) {
            Lang::Text if shell::has_shell_shebang(text) => Lang::Shell,
            lang => lang,
        }
    }
}

/// Which classifier decides JavaScript, TypeScript and Python hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// The lexical fast path where it can prove every hit of a file, tree-sitter elsewhere.
    #[default]
    Auto,
    /// tree-sitter for every file: the reference the fast path is tested against.
    Parse,
}

thread_local! {
    /// The rules' schema (`schema` in the rules file) while a scan classifies on this thread:
    /// every classifier asks it whether a qualified or keyed name is the rules' table or a
    /// namesake in another schema. A thread-local rather than a parameter, because the answer
    /// is the same for every file of a scan and is needed deep inside each classifier.
    static SCHEMA: RefCell<String> = RefCell::new(DEFAULT_SCHEMA.to_string());
    /// The rules' type helpers (`type_helpers`) while a scan classifies on this thread, for
    /// the same reason.
    static TYPE_HELPERS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with `helpers` as the rules' type helpers of every classification on this thread.
pub fn with_type_helpers<R>(helpers: &[String], f: impl FnOnce() -> R) -> R {
    if TYPE_HELPERS.with(|h| h.borrow().as_slice() == helpers) {
        return f();
    }
    let old = TYPE_HELPERS.with(|h| std::mem::replace(&mut *h.borrow_mut(), helpers.to_vec()));
    struct Restore(Option<Vec<String>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(old) = self.0.take() {
                TYPE_HELPERS.with(|h| *h.borrow_mut() = old);
            }
        }
    }
    let _restore = Restore(Some(old));
    f()
}

/// Whether `name` is one of the rules' type helpers.
pub(crate) fn is_type_helper(name: &str) -> bool {
    TYPE_HELPERS.with(|h| h.borrow().iter().any(|x| x == name))
}

/// Whether the rules list any type helper.
pub(crate) fn has_type_helpers() -> bool {
    TYPE_HELPERS.with(|h| !h.borrow().is_empty())
}

/// The schema a classifier assumes when none is set: PostgreSQL's and Supabase's default.
pub const DEFAULT_SCHEMA: &str = "public";

/// Runs `f` with `schema` as the rules' schema of every classification on this thread.
pub fn with_schema<R>(schema: &str, f: impl FnOnce() -> R) -> R {
    // Called for every file a scan walks, nearly always with the schema already set: no
    // allocation then.
    if SCHEMA.with(|s| s.borrow().as_str() == schema) {
        return f();
    }
    let old = SCHEMA.with(|s| std::mem::replace(&mut *s.borrow_mut(), schema.to_string()));
    // Restored on unwind too, so that a caught panic cannot leak a schema into later files.
    struct Restore(Option<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(old) = self.0.take() {
                SCHEMA.with(|s| *s.borrow_mut() = old);
            }
        }
    }
    let _restore = Restore(Some(old));
    f()
}

/// Whether `name` (unquoted, as the code spells it) is the rules' schema.
pub(crate) fn is_rules_schema(name: &str) -> bool {
    SCHEMA.with(|s| s.borrow().as_str() == name)
}

/// Classifies every hit of `src`. The result has one entry per hit, in the same order; `None`
/// means the hit is not a reference to the table at all (a different-case word outside SQL,
/// the response key on the left of a select alias).
pub fn classify(lang: Lang, src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    classify_with(Engine::Auto, lang, src, hits)
}

/// [`classify`] with the engine chosen; both engines give the same answer.
pub fn classify_with(engine: Engine, lang: Lang, src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    match lang {
        Lang::TypeScript | Lang::Tsx => {
            let tsx = lang == Lang::Tsx;
            let fast = match engine {
                Engine::Auto => fastjs::classify(src, tsx, hits),
                Engine::Parse => None,
            };
            fast.unwrap_or_else(|| typescript::classify(src, tsx, hits))
        }
        Lang::Python => {
            let fast = match engine {
                Engine::Auto => fastpy::classify(src, hits),
                Engine::Parse => None,
            };
            fast.unwrap_or_else(|| python::classify(src, hits))
        }
        Lang::Sql => sql::classify(src, hits),
        Lang::Prisma => prisma::classify(src, hits),
        Lang::Shell => shell::classify(engine, src, hits),
        Lang::Markdown => markdown::classify(engine, src, hits),
        Lang::Text => text::classify(hits),
    }
}

/// `referencedRelation: "t"` under the rules' schema names that schema's `t` only when the
/// file declares `t` there (a key under its `Tables` or `Views`): generated types of older
/// layouts list relationships to other schemas' tables (`auth.users`) by bare name too. Every
/// classifier records the keys (`keyed`, rules indices) and the relation hits (`relations`,
/// start bytes) and settles them here, once all hits are known.
pub(crate) fn relations_of_other_schemas(
    hits: &[Hit],
    keyed: &[usize],
    relations: &[usize],
    out: &mut [Option<Class>],
) {
    if relations.is_empty() {
        return;
    }
    let keyed: std::collections::HashSet<usize> = keyed.iter().copied().collect();
    // Hits come in file order, so `relations` is sorted.
    for (hit, class) in hits.iter().zip(out.iter_mut()) {
        if !keyed.contains(&hit.table) && relations.binary_search(&hit.span.start).is_ok() {
            *class = Some(Class::MENTION);
        }
    }
}

/// What a filter path's first segment is, given what the query's select strings make of it
/// (`target`) and how many segments the path has: `Some(None)` when the hit is no finding
/// (the segment names an alias), `None` when this is no filter path (the caller's other rules
/// decide), else `Some` of the filter-path class. Shared by every classifier so that all
/// languages and both engines judge paths alike.
pub(crate) fn path_head_class(
    target: crate::postgrest::PathTarget,
    segments: usize,
) -> Option<Option<Class>> {
    use crate::findings::{Kind, Site};
    use crate::postgrest::PathTarget;
    let class = |via_alias| Class {
        kind: Kind::Postgrest,
        site: Site::FilterPath,
        via_alias,
    };
    match target {
        PathTarget::Alias => Some(None),
        PathTarget::UnaliasedEmbed => Some(Some(class(true))),
        PathTarget::Embed => Some(Some(class(false))),
        PathTarget::Unknown if segments > 1 => Some(Some(class(false))),
        PathTarget::Unknown => None,
    }
}

/// What a hit is, given its role in a select string: an embed, spread or junction-table hint
/// names the table; an alias is a response key (no finding); a column or anything else is a
/// mention. Shared by every classifier so that all languages and both engines agree.
pub(crate) fn select_role_class(role: Option<crate::postgrest::Role>) -> Option<Class> {
    use crate::findings::{Kind, Site};
    use crate::postgrest::Role;
    let postgrest = |site| Some(Class::site(Kind::Postgrest, site));
    match role {
        Some(Role::Embed { aliased: false }) => postgrest(Site::Embed),
        Some(Role::Embed { aliased: true }) => postgrest(Site::AliasedEmbed),
        Some(Role::Spread) => postgrest(Site::Spread),
        Some(Role::Hint) => postgrest(Site::Hint),
        Some(Role::Alias) => None,
        Some(Role::Column) | None => Some(Class::MENTION),
    }
}

/// What a hit is, given the parsed select string it lies in (whose text starts at byte
/// `start`). Saturating, so that a hit starting before the text cannot wrap around.
pub(crate) fn select_hit_class(
    sel: &crate::postgrest::Select,
    start: usize,
    hit: &Hit,
) -> Option<Class> {
    let rel = hit.span.start.saturating_sub(start)..hit.span.end.saturating_sub(start);
    select_role_class(sel.role_of(&rel))
}

/// The path of an `or=` logic filter (text starting at byte `start`) whose head starts at the
/// hit; a hit anywhere else in the filter is a value or a later segment, not a path head.
pub(crate) fn or_filter_path(
    text: &str,
    start: usize,
    hit: &Hit,
) -> Option<crate::postgrest::FieldPath> {
    crate::postgrest::parse_logic_filter(text)
        .into_iter()
        .find(|p| {
            p.first()
                .is_some_and(|n| n.span.start + start == hit.span.start)
        })
}

/// The segment of a field path (text starting at byte `start`) that spans exactly the hit: its
/// index and the path up to it (`messages.channels`), by which the query's select strings
/// judge it.
pub(crate) fn path_segment_at(
    path: &crate::postgrest::FieldPath,
    text: &str,
    start: usize,
    hit: &Hit,
) -> Option<(usize, String)> {
    let k = path.segments.iter().position(|n| {
        n.span.start + start == hit.span.start && n.span.end + start == hit.span.end
    })?;
    let key: Vec<String> = path.segments[..=k]
        .iter()
        .map(|n| n.text(text).into_owned())
        .collect();
    Some((k, key.join(".")))
}

/// What the segment at `k` of a filter path of `segments` segments is, given what the
/// query's select strings make of the path up to it: the head as [`path_head_class`] says;
/// a later segment names a table only where it is an embed inside the embed before it
/// (`messages.channels.id` for `messages(channels(id))`), and is no finding where it is an
/// alias.
pub(crate) fn path_segment_class(
    target: crate::postgrest::PathTarget,
    k: usize,
    segments: usize,
) -> Option<Option<Class>> {
    use crate::postgrest::PathTarget;
    if k == 0 {
        return path_head_class(target, segments);
    }
    match target {
        PathTarget::Unknown => None,
        t => path_head_class(t, segments - k),
    }
}

/// The head of a field path (text starting at byte `start`) when it spans exactly the hit: a
/// hit that is only part of the head, or a later segment, is not what the path names.
pub(crate) fn path_head_at<'p>(
    path: &'p crate::postgrest::FieldPath,
    start: usize,
    hit: &Hit,
) -> Option<&'p crate::postgrest::Name> {
    path.first()
        .filter(|h| h.span.start + start == hit.span.start && h.span.end + start == hit.span.end)
}

/// What a `referencedTable` value's head is, given what the query's select strings make of
/// it: an alias is a response key (no finding), anything else names the table.
pub(crate) fn referenced_table_class(target: crate::postgrest::PathTarget) -> Option<Class> {
    use crate::findings::{Kind, Site};
    use crate::postgrest::PathTarget;
    match target {
        PathTarget::Alias => None,
        t => Some(Class {
            kind: Kind::Postgrest,
            site: Site::ReferencedTable,
            via_alias: t == PathTarget::UnaliasedEmbed,
        }),
    }
}

/// Classifies the hits `idx` (positions in `hits`) that lie in one SQL string, whose text
/// starts at byte `start`, into `out`: the SQL classifier sees the string alone, so the hits
/// are rebased onto it and the whole string is judged once with all of them.
pub(crate) fn classify_sql_string(
    text: &str,
    start: usize,
    hits: &[Hit],
    idx: &[usize],
    out: &mut [Option<Class>],
) {
    let rebased = rebase_hits(hits, idx, start);
    for (&i, class) in idx.iter().zip(sql::classify(text, &rebased)) {
        out[i] = class;
    }
}

/// The hits `idx` of `hits`, moved onto a text that starts at byte `start` (saturating, so
/// that a hit starting before the text cannot wrap around).
pub(crate) fn rebase_hits(hits: &[Hit], idx: &[usize], start: usize) -> Vec<Hit> {
    idx.iter()
        .map(|&i| Hit {
            span: hits[i].span.start.saturating_sub(start)..hits[i].span.end.saturating_sub(start),
            table: hits[i].table,
            exact: hits[i].exact,
        })
        .collect()
}

/// `raw` (the file's bytes from `base` on) with each range of `blanks` (file offsets) turned
/// to spaces byte for byte, so that offsets into the text stay offsets into the file; a
/// range's kept byte (the quote of an escaped quote) stays at its end so that string parsers
/// still see a quote there. Both Python classifiers build literal text this way, so that the
/// fast path and tree-sitter hand the same text to the same parsers.
pub(crate) fn blank_out(
    raw: &str,
    base: usize,
    blanks: Vec<(std::ops::Range<usize>, Option<u8>)>,
) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if blanks.iter().all(|(b, _)| b.start >= b.end) {
        return Cow::Borrowed(raw);
    }
    let end = base + raw.len();
    let mut buf = raw.as_bytes().to_vec();
    for (b, keep) in blanks {
        let s = b.start.max(base) - base;
        let e = b.end.min(end).saturating_sub(base);
        if s >= e {
            continue;
        }
        buf[s..e].fill(b' ');
        if let Some(q) = keep {
            buf[e - 1] = q;
        }
    }
    // Blanked ranges start and end on character boundaries, so this keeps UTF-8 intact.
    match String::from_utf8(buf) {
        Ok(s) => Cow::Owned(s),
        Err(_) => Cow::Owned(" ".repeat(raw.len())),
    }
}

/// A string literal's content as the classifiers read it: the source bytes themselves, or a
/// copy with escapes and interpolations blanked, made once and shared by every hit in it.
#[derive(Clone)]
pub(crate) enum Text<'s> {
    Src(&'s str),
    Blanked(std::rc::Rc<str>),
}

impl std::ops::Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Src(s) => s,
            Text::Blanked(s) => s,
        }
    }
}

/// The field paths of an `or=` logic filter, by the start of their head in the filter's text.
pub(crate) type OrPaths = HashMap<usize, crate::postgrest::FieldPath>;

/// What the lexical classifiers work out once per string literal (keyed by the literal's
/// first token) and reuse for each of its hits: a literal with thousands of hits (a select
/// string with many embeds, a long SQL template) otherwise costs its length once per hit.
/// What the hits stopped asking for ages out ([`aging::Aging`]): a file of many strings
/// holds the parses its recent hits use, not one per string of the file.
#[derive(Default)]
pub(crate) struct LitMemo<'s> {
    texts: RefCell<aging::Aging<usize, (usize, Text<'s>)>>,
    selects: RefCell<aging::Aging<usize, Rc<crate::postgrest::Select>>>,
    ors: RefCell<aging::Aging<usize, Rc<OrPaths>>>,
}

impl<'s> LitMemo<'s> {
    /// The literal's content and where it starts, built by `make` the first time.
    pub(crate) fn text(
        &self,
        key: usize,
        make: impl FnOnce() -> (usize, std::borrow::Cow<'s, str>),
    ) -> (usize, Text<'s>) {
        let kept = self.texts.borrow_mut().get(key);
        if let Some(t) = kept {
            return t;
        }
        let (start, text) = make();
        let (text, w) = match text {
            std::borrow::Cow::Borrowed(s) => (Text::Src(s), aging::weight(0)),
            std::borrow::Cow::Owned(s) => {
                let w = aging::weight(s.len());
                (Text::Blanked(s.into()), w)
            }
        };
        self.texts
            .borrow_mut()
            .insert(key, (start, text.clone()), w);
        (start, text)
    }

    /// The literal parsed as a select string (`text` is its content).
    pub(crate) fn select(&self, key: usize, text: &str) -> Rc<crate::postgrest::Select> {
        let kept = self.selects.borrow_mut().get(key);
        kept.unwrap_or_else(|| {
            let sel = Rc::new(crate::postgrest::parse_select(text));
            let w = aging::weight(text.len());
            self.selects.borrow_mut().insert(key, sel.clone(), w);
            sel
        })
    }

    /// The literal's field paths as an `or=` logic filter (`text` is its content).
    pub(crate) fn or_paths(&self, key: usize, text: &str) -> Rc<OrPaths> {
        let kept = self.ors.borrow_mut().get(key);
        kept.unwrap_or_else(|| {
            let paths = Rc::new(or_filter_paths(text));
            let w = aging::weight(text.len());
            self.ors.borrow_mut().insert(key, paths.clone(), w);
            paths
        })
    }
}

/// The field paths of the logic filter `text`, by the start of their head; the first path
/// wins when two heads start at the same byte, as in [`or_filter_path`].
pub(crate) fn or_filter_paths(text: &str) -> OrPaths {
    let mut out = OrPaths::new();
    for p in crate::postgrest::parse_logic_filter(text) {
        if let Some(at) = p.first().map(|n| n.span.start) {
            out.entry(at).or_insert(p);
        }
    }
    out
}

/// The path of `paths` (of a filter whose text starts at byte `start`) whose head starts at
/// the hit, as [`or_filter_path`] finds it.
pub(crate) fn or_path_at<'p>(
    paths: &'p OrPaths,
    start: usize,
    hit: &Hit,
) -> Option<&'p crate::postgrest::FieldPath> {
    paths.get(&hit.span.start.checked_sub(start)?)
}

/// The value of `key` in `memo`, made by `make` (and kept, weighing `weight` of it) when it
/// is not kept; a failure is not kept.
pub(crate) fn remembered<K: std::hash::Hash + Eq + Copy, V, E>(
    memo: &RefCell<aging::Aging<K, Rc<V>>>,
    key: K,
    make: impl FnOnce() -> Result<V, E>,
    weight: impl FnOnce(&V) -> usize,
) -> Result<Rc<V>, E> {
    let kept = memo.borrow_mut().get(key);
    if let Some(v) = kept {
        return Ok(v);
    }
    let v = make()?;
    let w = weight(&v);
    let v = Rc::new(v);
    memo.borrow_mut().insert(key, v.clone(), w);
    Ok(v)
}
