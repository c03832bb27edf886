//! Per-language classification: given a file's text and the whole-word hits of old names in
//! it, decide for each hit what kind of reference it is.

use std::path::Path;

use crate::findings::{Class, Hit};

pub mod fastjs;
pub mod fastpy;
pub mod python;
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
            _ => Lang::Text,
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
        Lang::Text => text::classify(hits),
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
