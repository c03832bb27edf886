//! Prisma schema files (`schema.prisma`): a model's table is the name of its `@@map("t")`, or
//! the model's own name when it has none. Everything else naming a table is a mention: field
//! types and `@relation(..., references: [...])` name models and fields, `@map("c")` a column.

use std::ops::Range;

use crate::findings::{Class, Hit, Kind, Site};

/// A `model` or `view` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// The model's name.
    pub name: Range<usize>,
    /// From `{` to `}` inclusive (to the end of the text when unterminated).
    pub block: Range<usize>,
    /// The whole `@@map(...)` attribute and the text of its string.
    pub map: Option<(Range<usize>, Range<usize>)>,
    /// The text of the `@@schema("s")` string (multiSchema).
    pub schema: Option<Range<usize>>,
    /// The block ends with its `}`.
    pub closed: bool,
}

pub fn classify(src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    let models = models(src);
    hits.iter().map(|h| judge(src, &models, h)).collect()
}

fn judge(src: &str, models: &[Model], hit: &Hit) -> Option<Class> {
    // Prisma names are case-sensitive: `model Experts` maps to the table `Experts`.
    if !hit.exact {
        return None;
    }
    let model = models
        .iter()
        .find(|m| m.name.start <= hit.span.start && hit.span.end <= m.block.end);
    let Some(m) = model.filter(|m| in_rules_schema(src, m)) else {
        return Some(Class::MENTION);
    };
    match &m.map {
        Some((_, name)) if *name == hit.span => Some(Class::site(Kind::Sql, Site::PrismaMap)),
        None if m.name == hit.span => Some(Class::site(Kind::Sql, Site::PrismaModel)),
        _ => Some(Class::MENTION),
    }
}

/// The model is in the schema table names are matched in (`public`, as for SQL): without
/// `@@schema`, or with `@@schema("public")`.
fn in_rules_schema(src: &str, m: &Model) -> bool {
    m.schema
        .as_ref()
        .is_none_or(|s| &src[s.clone()] == "public")
}

/// Every `model` and `view` block of `src`, in order.
pub fn models(src: &str) -> Vec<Model> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        i = skip_blank(b, i);
        let Some(word) = ident_at(b, i) else {
            i = next_token(b, i);
            continue;
        };
        let kw = &src[word.clone()];
        let name_at = skip_blank(b, word.end);
        let Some(name) = ident_at(b, name_at) else {
            i = word.end;
            continue;
        };
        let open = skip_blank(b, name.end);
        if b.get(open) != Some(&b'{') {
            i = name.end;
            continue;
        }
        let m = model(src, name, open);
        i = m.block.end;
        if matches!(kw, "model" | "view") {
            out.push(m);
        }
    }
    out
}

/// The block named `name` whose `{` is at `open`.
fn model(src: &str, name: Range<usize>, open: usize) -> Model {
    let (end, closed, attrs) = block(src.as_bytes(), open);
    let attr = |want: &str| {
        attrs
            .iter()
            .find(|(n, _, _)| &src[n.clone()] == want)
            .map(|(_, whole, s)| (whole.clone(), s.clone()))
    };
    Model {
        name,
        block: open..end,
        map: attr("map"),
        schema: attr("schema").map(|(_, s)| s),
        closed,
    }
}

/// The model whose name is at `name`, read from there on only.
fn model_named_at(src: &str, name: &Range<usize>) -> Option<Model> {
    let b = src.as_bytes();
    let open = skip_blank(b, name.end);
    (b.get(open) == Some(&b'{')).then(|| model(src, name.clone(), open))
}

/// The `model` or `view` block holding `at`, found from the nearest header line above it
/// (`model name {` starts its line; strings hold no line breaks and comments start with
/// `//`, so no other line looks like one): the cost is the block's, not the file's.
fn model_around(src: &str, at: usize) -> Option<Model> {
    let b = src.as_bytes();
    let mut end = at;
    loop {
        let start = memchr::memrchr(b'\n', &b[..end]).map_or(0, |i| i + 1);
        let i = skip_spaces(b, start);
        if let Some(word) = ident_at(b, i).filter(|w| matches!(&src[w.clone()], "model" | "view")) {
            let name = ident_at(b, skip_spaces(b, word.end))?;
            let m = model_named_at(src, &name)?;
            return (m.block.start <= at && at < m.block.end).then_some(m);
        }
        if start == 0 {
            return None;
        }
        end = start - 1;
    }
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| *c == b' ' || *c == b'\t') {
        i += 1;
    }
    i
}

/// A block attribute `@@name("text")` (or `@@name(name: "text")`): its name, the whole
/// attribute, the text of its string.
type BlockAttr = (Range<usize>, Range<usize>, Range<usize>);

/// Reads the block opening at `open`; returns where it ends, whether its `}` was found, and
/// its block attributes with a string argument.
fn block(b: &[u8], open: usize) -> (usize, bool, Vec<BlockAttr>) {
    let mut attrs = Vec::new();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (i + 1, b[i] == b'}', attrs);
                }
            }
            b'"' => {
                i = string_end(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = line_end(b, i);
                continue;
            }
            b'@' if depth == 1 && b.get(i + 1) == Some(&b'@') => {
                if let Some(a) = block_attr(b, i) {
                    i = a.1.end;
                    attrs.push(a);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (b.len(), false, attrs)
}

/// `@@name(["name:"] "text")` at `at`.
fn block_attr(b: &[u8], at: usize) -> Option<BlockAttr> {
    let name = ident_at(b, at + 2)?;
    let mut i = skip_blank(b, name.end);
    if b.get(i) != Some(&b'(') {
        return None;
    }
    i = skip_blank(b, i + 1);
    if let Some(arg) = ident_at(b, i).filter(|a| &b[a.clone()] == b"name") {
        let colon = skip_blank(b, arg.end);
        if b.get(colon) != Some(&b':') {
            return None;
        }
        i = skip_blank(b, colon + 1);
    }
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let end = string_end(b, i);
    let text = i + 1..end.saturating_sub(1).max(i + 1);
    let close = skip_blank(b, end);
    if b.get(close) != Some(&b')') || b[text.clone()].contains(&b'\\') {
        return None;
    }
    Some((name, at..close + 1, text))
}

fn ident_at(b: &[u8], i: usize) -> Option<Range<usize>> {
    if !b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    let mut j = i + 1;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        j += 1;
    }
    Some(i..j)
}

/// Past whitespace and `//` comments.
fn skip_blank(b: &[u8], mut i: usize) -> usize {
    loop {
        while b.get(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        if b.get(i) == Some(&b'/') && b.get(i + 1) == Some(&b'/') {
            i = line_end(b, i);
        } else {
            return i;
        }
    }
}

/// Past the token at `i` that starts no block: a string, or one byte.
fn next_token(b: &[u8], i: usize) -> usize {
    if b.get(i) == Some(&b'"') {
        string_end(b, i)
    } else {
        i + 1
    }
}

fn line_end(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |o| i + o)
}

/// Past the string opening at `i` (its closing quote, or the end of the line).
fn string_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            b'\n' => return j,
            _ => j += 1,
        }
    }
    b.len()
}

/// Where the rewrite of a model named like its table inserts `@@map("new")`: the start of the
/// line of the block's `}`, with the indentation of the block's first line. `None` when the
/// `}` does not start its line or the block is unterminated.
pub fn map_insertion<'s>(src: &'s str, name: &Range<usize>) -> Option<(usize, &'s str)> {
    let m = model_named_at(src, name)?;
    if !m.closed {
        return None;
    }
    let b = src.as_bytes();
    let close = m.block.end - 1;
    let line = memchr::memrchr(b'\n', &b[..close]).map_or(0, |i| i + 1);
    if !b[line..close].iter().all(|c| *c == b' ' || *c == b'\t') || line <= m.block.start {
        return None;
    }
    let first = memchr::memchr(b'\n', &b[m.block.start..close]).map(|o| m.block.start + o + 1);
    let indent = first
        .map(|s| {
            let n = b[s..close]
                .iter()
                .take_while(|c| **c == b' ' || **c == b'\t')
                .count();
            &src[s..s + n]
        })
        .filter(|i| !i.is_empty())
        .unwrap_or("  ");
    Some((line, indent))
}

/// The whole line of the `@@map` whose string is at `text`, when the model's name is `name`
/// and the line holds nothing else: a map naming the model's own name is redundant, and the
/// rewrite drops it (so that the reverse of the insertion gives the original bytes back).
pub fn redundant_map_line(src: &str, text: &Range<usize>, name: &str) -> Option<Range<usize>> {
    let m = model_around(src, text.start).filter(|m| {
        m.map.as_ref().is_some_and(|(_, t)| t == text) && src[m.name.clone()] == *name
    })?;
    let (whole, _) = m.map?;
    let b = src.as_bytes();
    let start = memchr::memrchr(b'\n', &b[..whole.start]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &b[whole.end..]).map(|o| whole.end + o + 1)?;
    let blank = |r: Range<usize>| b[r].iter().all(|c| c.is_ascii_whitespace());
    (blank(start..whole.start) && blank(whole.end..end)).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(src: &str, word: &str) -> Vec<Hit> {
        src.match_indices(word)
            .filter(|(i, _)| {
                let b = src.as_bytes();
                let w = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
                (*i == 0 || !w(b[i - 1])) && b.get(i + word.len()).is_none_or(|c| !w(*c))
            })
            .map(|(i, _)| Hit {
                span: i..i + word.len(),
                table: 0,
                exact: true,
            })
            .collect()
    }

    fn sites(src: &str, word: &str) -> Vec<Option<(Kind, Site)>> {
        classify(src, &hits(src, word))
            .into_iter()
            .map(|c| c.map(|c| (c.kind, c.site)))
            .collect()
    }

    const MAP: Option<(Kind, Site)> = Some((Kind::Sql, Site::PrismaMap));
    const MODEL: Option<(Kind, Site)> = Some((Kind::Sql, Site::PrismaModel));
    const M: Option<(Kind, Site)> = Some((Kind::Mention, Site::Plain));

    #[test]
    fn map_and_unmapped_model_names_are_tables() {
        let src = r#"
// users: the accounts table
model User {
  id    String @id
  users String @map("users") // a column
  posts Post[]
  @@map("users")
}

model users {
  id String @id
}

enum users {
  A
  @@map("users")
}

model Post {
  author   User   @relation(fields: [users], references: [id])
  @@map(name: "users")
}

model Other {
  id String @id
  @@map("users")
  @@schema("auth")
}
"#;
        assert_eq!(sites(src, "users"), [M, M, M, MAP, MODEL, M, M, M, MAP, M]);
    }

    #[test]
    fn insertion_and_redundant_map_lines() {
        let src = "model experts {\n    id String @id\n}\n";
        let name = 6..13;
        assert_eq!(map_insertion(src, &name), Some((34, "    ")));
        let mapped = "model experts {\n    id String @id\n    @@map(\"x\")\n}\n";
        let text = mapped.find("x\")").unwrap();
        assert_eq!(
            redundant_map_line(mapped, &(text..text + 1), "experts"),
            Some(34..49)
        );
        assert_eq!(redundant_map_line(mapped, &(text..text + 1), "other"), None);
        assert_eq!(map_insertion("model a { id Int }", &(6..7)), None);
        assert_eq!(map_insertion("model a {\n id Int\n", &(6..7)), None);
    }

    #[test]
    fn every_prefix_classifies_every_hit() {
        let src = "model experts {\n  a String @default(\"experts\") // experts\n  @@map(\"experts\")\n}\n";
        for end in 0..=src.len() {
            let s = &src[..end];
            let h = hits(s, "experts");
            assert_eq!(classify(s, &h).len(), h.len());
        }
    }
}
