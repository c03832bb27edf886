//! Invariants that must hold for any input, shared by the fuzz targets and by the property
//! tests of the main crate (which include this file): no panic, every span in bounds and on a
//! UTF-8 boundary, and a rewrite that the reversed plan undoes byte for byte.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use refscan::findings::Finding;
use refscan::lang::{self, Lang};
use refscan::postgrest::{self, FieldPath, Name};
use refscan::rewrite::{apply, edit_for, is_rewritten, match_case, EmbedStyle};
use refscan::rules::Rules;
use refscan::scan::Needles;
use refscan::sqltok::{TokKind, Tokenizer};

const BOM: &str = "\u{feff}";

/// `span` lies within `src` and starts and ends on character boundaries.
pub fn on_boundaries(src: &str, span: &Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= src.len()
        && src.is_char_boundary(span.start)
        && src.is_char_boundary(span.end)
}

fn is_sql_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The tokenizer is total: over `src[range]` (clamped and moved onto boundaries the way
/// [`Tokenizer::with_range`] documents) its tokens are non-empty, in order, on character
/// boundaries, and everything between them is whitespace (or the BOM the range starts with).
pub fn check_tokenizer(src: &str, range: Range<usize>) {
    let snap = |mut i: usize| {
        i = i.min(src.len());
        while !src.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let end = snap(range.end);
    let start = snap(range.start).min(end);
    let mut at = start;
    if src[start..end].starts_with(BOM) {
        at += BOM.len();
    }
    for t in Tokenizer::with_range(src, range) {
        let span = t.span();
        assert!(
            t.start >= at && t.start < t.end && t.end <= end,
            "token {span:?} out of order or outside {at}..{end} in {src:?}"
        );
        assert!(
            on_boundaries(src, &span),
            "token {span:?} splits a character"
        );
        assert!(
            src.as_bytes()[at..t.start].iter().all(|&b| is_sql_space(b)),
            "non-space bytes {at}..{} skipped in {src:?}",
            t.start
        );
        let content = t.content_span(src);
        assert!(
            content.start >= t.start && content.end <= t.end && on_boundaries(src, &content),
            "content {content:?} of {:?} token {span:?}",
            t.kind
        );
        if let TokKind::Dollar {
            body_start,
            body_end,
        } = t.kind
        {
            assert!(
                t.start < body_start && body_start <= body_end && body_end <= t.end,
                "dollar body {body_start}..{body_end} of {span:?}"
            );
        }
        let _ = t.ident_value(src);
        let _ = t.string_value(src);
        at = t.end;
    }
    assert!(
        src.as_bytes()[at..end].iter().all(|&b| is_sql_space(b)),
        "trailing bytes {at}..{end} skipped in {src:?}"
    );
}

fn check_name(s: &str, n: &Name, what: &str) {
    assert!(
        on_boundaries(s, &n.span),
        "{what} span {:?} outside {} bytes or splitting a character in {s:?}",
        n.span,
        s.len()
    );
    let _ = n.text(s);
}

fn check_path(s: &str, path: &FieldPath) {
    let mut at = 0;
    for seg in &path.segments {
        check_name(s, seg, "path segment");
        assert!(seg.span.start >= at, "path segments out of order in {s:?}");
        at = seg.span.end;
    }
}

/// The PostgREST parsers never fail and every name they report lies in the string, on
/// boundaries; each relation token has the role its embed says.
pub fn check_postgrest(s: &str) {
    let sel = postgrest::parse_select(s);
    for (i, e) in sel.embeds.iter().enumerate() {
        check_name(s, &e.rel, "embed");
        if let Some(a) = &e.alias {
            check_name(s, a, "alias");
        }
        if let Some(h) = &e.hint {
            check_name(s, h, "hint");
        }
        assert!(
            e.parent.is_none_or(|p| p < i),
            "embed {i} has a later parent in {s:?}"
        );
        assert!(
            sel.role_of(&e.rel.span).is_some(),
            "embed {i} has no role in {s:?}"
        );
        let _ = sel.path_target(s, &e.rel.text(s));
    }
    for c in &sel.columns {
        check_name(s, &c.name, "column");
        if let Some(a) = &c.alias {
            check_name(s, a, "column alias");
        }
        assert!(c.parent.is_none_or(|p| p < sel.embeds.len()));
    }
    check_path(s, &postgrest::parse_field_path(s));
    for path in postgrest::parse_logic_filter(s) {
        check_path(s, &path);
    }
}

/// The bundled plan, its reverse, and the needles of both, built once.
pub struct Plan {
    pub rules: Rules,
    pub reversed: Rules,
    pub needles: Needles,
    pub reversed_needles: Needles,
}

pub fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let rules = Rules::bundled();
        let reversed = rules.reversed();
        let needles = Needles::new(&rules, &[]).expect("bundled needles");
        let reversed_needles = Needles::new(&reversed, &[]).expect("reversed needles");
        Plan {
            rules,
            reversed,
            needles,
            reversed_needles,
        }
    })
}

/// One rewrite of a text, as `refscan rewrite` does it to a file.
pub struct Rewritten {
    pub text: String,
    /// Each edited token: (its text before, its text after).
    pub tokens: Vec<(String, String)>,
}

/// Finds, classifies and rewrites `src` with `rules`, checking every span on the way.
pub fn rewrite(
    lang: Lang,
    src: &str,
    rules: &Rules,
    needles: &Needles,
    style: EmbedStyle,
) -> Rewritten {
    let hits = needles.hits(src.as_bytes());
    let classes = lang::classify(lang, src, &hits);
    assert_eq!(classes.len(), hits.len(), "one class per hit");
    let path = Arc::new(PathBuf::from("fuzz"));
    let bytes = src.as_bytes();
    let mut edits = Vec::new();
    let mut tokens = Vec::new();
    for (hit, class) in hits.iter().zip(classes) {
        assert!(on_boundaries(src, &hit.span), "hit {:?}", hit.span);
        let Some(class) = class else { continue };
        let f = Finding {
            path: path.clone(),
            line: 1,
            column: hit.span.start + 1,
            span: hit.span.clone(),
            table: hit.table,
            kind: class.kind,
            site: class.site,
            via_alias: class.via_alias,
            history: false,
            suppressed: false,
            requested: false,
        };
        if !is_rewritten(&f, false) {
            continue;
        }
        let Some(edit) = edit_for(&f, bytes, rules, style) else {
            continue;
        };
        assert!(
            on_boundaries(src, &edit.span) && edit.span.start <= hit.span.start,
            "edit {:?} for hit {:?}",
            edit.span,
            hit.span
        );
        tokens.push((src[hit.span.clone()].to_string(), edit.text.clone()));
        edits.push(edit);
    }
    for w in edits.windows(2) {
        assert!(
            w[0].span.end <= w[1].span.start,
            "edits {:?} and {:?} overlap or are out of order in {src:?}",
            w[0].span,
            w[1].span
        );
    }
    let out = apply(bytes, &edits);
    let text = String::from_utf8(out).expect("a rewrite keeps the text UTF-8");
    Rewritten { text, tokens }
}

/// The case style of this token survives a rewrite and its reverse (lower, UPPER,
/// Capitalised, Each_Word): any other mix of cases cannot be carried onto a name of another
/// length, so the round trip is only promised for these.
fn case_round_trips(old_token: &str, rules: &Rules) -> bool {
    let Some(t) = rules
        .tables
        .iter()
        .find(|t| t.old.eq_ignore_ascii_case(old_token))
    else {
        return false;
    };
    match_case(&match_case(old_token, &t.new), &t.old) == old_token
}

/// Whether tree-sitter parses `src` without an error node. In a file that does not parse,
/// error recovery weighs skipped bytes, so renaming a name to one of another length can make
/// it recover differently and read other hits differently: the round trip is promised for
/// code that parses (SQL is tokenized, never recovered).
pub fn parses_cleanly(lang: Lang, src: &str) -> bool {
    let language: tree_sitter::Language = match lang {
        Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        Lang::Python => tree_sitter_python::LANGUAGE.into(),
        Lang::Sql | Lang::Text | Lang::Prisma | Lang::Shell | Lang::Markdown => return true,
    };
    let mut parser = tree_sitter::Parser::new();
    if parser.set_language(&language).is_err() {
        return false;
    }
    parser
        .parse(src, None)
        .is_some_and(|t| !t.root_node().has_error())
}

/// Classify-then-rewrite `src`, then rewrite the result with the reversed plan: no panic,
/// every span valid, and when `src` parses, names no new table (the reverse would rename
/// those too) and every rewritten token has a case style that survives the trip, the reverse
/// gives back `src` exactly. Returns whether the round trip was checked.
pub fn check_round_trip(lang: Lang, src: &str, style: EmbedStyle) -> bool {
    let p = plan();
    let forward = rewrite(lang, src, &p.rules, &p.needles, style);
    if !parses_cleanly(lang, src)
        || !p.reversed_needles.hits(src.as_bytes()).is_empty()
        || !forward
            .tokens
            .iter()
            .all(|(old, _)| case_round_trips(old, &p.rules))
    {
        return false;
    }
    let back = rewrite(lang, &forward.text, &p.reversed, &p.reversed_needles, style);
    assert!(
        back.text == src,
        "{lang:?} {style:?}: the reverse rewrite does not give the input back\n--- input\n{src}\n--- rewritten\n{}\n--- reversed\n{}",
        forward.text,
        back.text
    );
    true
}

/// Picks a language and an embed style from a byte, for the fuzz target.
pub fn lang_and_style(b: u8) -> (Lang, EmbedStyle) {
    let lang = match b & 3 {
        0 => Lang::TypeScript,
        1 => Lang::Tsx,
        2 => Lang::Sql,
        _ => Lang::Python,
    };
    let style = if b & 4 == 0 {
        EmbedStyle::Alias
    } else {
        EmbedStyle::Rename
    };
    (lang, style)
}
