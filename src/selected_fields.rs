//! What a query selects from a table in code: the select string of the call chain that starts
//! at a `.from('t')` reference (Python `.table('t')` too), read from the statement's context
//! and parsed with the PostgREST grammar. Tells which computed fields code reads through an
//! old name. Pure: works on the bytes the scan already read.

use crate::postgrest::parse_select;

/// How far past the table name the chain's `.select(` may start.
const LOOKAHEAD: usize = 4096;

/// The select string of the chain whose `.from('t')` name ends at byte `end` of `text` (the
/// closing quote follows): its byte offset in `text` and its content. `None` when the chain
/// selects nothing the scan can read (no `.select(`, an interpolated or computed argument).
pub fn chain_select(text: &[u8], end: usize) -> Option<(usize, String)> {
    let limit = text.len().min(end.saturating_add(LOOKAHEAD));
    let mut i = end;
    // The rest of the `.from(...)` call: its closing quote and parenthesis.
    while i < limit && text[i] != b')' {
        i += 1;
    }
    i += 1;
    let mut depth = 0i32;
    while i < limit {
        match text[i] {
            b'\'' | b'"' | b'`' => i = skip_string(text, i, limit),
            b'/' if text.get(i + 1) == Some(&b'/') => {
                while i < limit && text[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if text.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < limit && !(text[i] == b'*' && text[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
                i += 1;
            }
            b';' if depth == 0 => return None,
            b'.' if depth == 0 => {
                let rest = &text[i + 1..limit];
                let method = |m: &[u8]| rest.starts_with(m);
                if method(b"from(") || method(b"table(") || method(b"from_(") {
                    return None;
                }
                if method(b"select(") {
                    return select_argument(text, i + 1 + "select(".len(), limit);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The first argument of a call starting at `i` when it is one plain string literal.
fn select_argument(text: &[u8], mut i: usize, limit: usize) -> Option<(usize, String)> {
    while i < limit && text[i].is_ascii_whitespace() {
        i += 1;
    }
    let quote = *text.get(i)?;
    if !matches!(quote, b'\'' | b'"' | b'`') {
        return None;
    }
    let end = skip_string(text, i, limit);
    // An unterminated literal is no select string.
    if end <= i + 1 || text.get(end - 1) != Some(&quote) {
        return None;
    }
    let inner = text.get(i + 1..end - 1)?;
    if quote == b'`' && inner.windows(2).any(|w| w == b"${") {
        return None;
    }
    Some((i + 1, String::from_utf8_lossy(inner).into_owned()))
}

/// The index just past the string literal opening at `i`.
fn skip_string(text: &[u8], i: usize, limit: usize) -> usize {
    let quote = text[i];
    let mut j = i + 1;
    while j < limit {
        match text[j] {
            b'\\' => j += 2,
            c if c == quote => return j + 1,
            b'\n' if quote != b'`' => return j,
            _ => j += 1,
        }
    }
    limit
}

/// The names a select string asks of its table at the top level: columns (computed fields are
/// selected like columns) and embeds (computed relationships are embedded like tables).
pub fn top_level_names(select: &str) -> Vec<String> {
    let parsed = parse_select(select);
    let mut out: Vec<String> = parsed
        .columns
        .iter()
        .filter(|c| c.parent.is_none())
        .map(|c| c.name.text(select).into_owned())
        .chain(
            parsed
                .embeds
                .iter()
                .filter(|e| e.parent.is_none())
                .map(|e| e.rel.text(select).into_owned()),
        )
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select_after(text: &str, name: &str) -> Option<String> {
        let end = text.find(name).unwrap() + name.len();
        chain_select(text.as_bytes(), end).map(|(_, s)| s)
    }

    #[test]
    fn finds_the_select_of_the_same_chain() {
        let t = "const q = supabase\n  .from('notes')\n  .select('id, blurb')\n  .eq('id', 1);";
        assert_eq!(select_after(t, "notes").as_deref(), Some("id, blurb"));
        let py = "r = (client.table(\"notes\")\n  .select(\"id, blurb\")\n  .execute())";
        assert_eq!(select_after(py, "notes").as_deref(), Some("id, blurb"));
        // Arguments in between are skipped, strings included.
        let t = "supabase.from('notes').eq('x', ').select(nope)').select(`id`)";
        assert_eq!(select_after(t, "notes").as_deref(), Some("id"));
    }

    #[test]
    fn stops_at_the_end_of_the_chain() {
        for t in [
            "supabase.from('notes'); other.select('id')",
            "f(supabase.from('notes')), g.select('id')",
            "supabase.from('notes').insert(x); supabase.from('t').select('id')",
            "a.from('notes').upsert(x).from('t').select('id')",
            "supabase.from('notes').select(`id, ${col}`)",
            "supabase.from('notes').select(cols)",
        ] {
            assert_eq!(select_after(t, "notes"), None, "{t}");
        }
        // Unterminated input ends quietly.
        assert_eq!(chain_select(b"x.from('notes').select('id", 13), None);
        assert_eq!(chain_select(b"x.from('n", 9), None);
    }

    #[test]
    fn names_are_the_top_level_columns_and_embeds() {
        assert_eq!(
            top_level_names(
                "id, blurb, alias:sibs(slug, inner_col), author:users!fk(name), ...more(x)"
            ),
            ["blurb", "id", "more", "sibs", "users"]
        );
        assert!(top_level_names("*").is_empty());
    }
}
