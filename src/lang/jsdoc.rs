//! JSDoc type annotations in JavaScript and TypeScript comments: a project that type-checks
//! its `.js` files (`checkJs`) names generated types in comments, `/** @type
//! {import('./db').Database['public']['Tables']['t']['Row']} */`, and those names must be
//! renamed with the code. Both JavaScript classifiers hand a comment to [`type_ref`], so they
//! judge its hits alike.

use std::ops::Range;

/// Whether the hit at `rel` (relative to `comment`, a whole `/** ... */` comment) is a table
/// in a generated-type reference inside the type expression of a JSDoc tag (`@type {...}`,
/// `@param {...} x`, `@returns {...}`, `@typedef {...} T`): a string index right after
/// `['Tables']` or `['Views']` of the rules' schema, or the argument of `Tables<'t'>`,
/// `TablesInsert<'t'>`, `TablesUpdate<'t'>`. Everything else in a comment is prose.
pub(crate) fn type_ref(comment: &str, rel: &Range<usize>) -> bool {
    let b = comment.as_bytes();
    if !comment.starts_with("/**") || rel.end > b.len() || !in_tag_type(b, rel.start) {
        return false;
    }
    let (Some(&q), Some(&q2)) = (b.get(rel.start.wrapping_sub(1)), b.get(rel.end)) else {
        return false;
    };
    if !matches!(q, b'\'' | b'"' | b'`') || q2 != q || rel.start < 2 {
        return false;
    }
    let before = skip_ws_back(b, rel.start - 1);
    let after = skip_ws(b, rel.end + 1);
    match (before.and_then(|i| b.get(i)), b.get(after)) {
        (Some(b'['), Some(b']')) => {
            // `[...]['Tables']['t']`: the index before names the table set, and the one before
            // that, when it is a string, the schema.
            let Some(close) = before.and_then(|i| skip_ws_back(b, i)) else {
                return false;
            };
            let Some((key, open)) = string_index_before(b, close) else {
                return false;
            };
            if key != b"Tables" && key != b"Views" {
                return false;
            }
            match skip_ws_back(b, open).and_then(|c| string_index_before(b, c)) {
                Some((schema, _)) => std::str::from_utf8(schema).is_ok_and(super::is_rules_schema),
                None => true,
            }
        }
        (Some(b'<'), Some(b'>')) => {
            let Some(end) = before.and_then(|i| skip_ws_back(b, i)) else {
                return false;
            };
            let mut s = end + 1;
            while s > 0 && (b[s - 1].is_ascii_alphanumeric() || matches!(b[s - 1], b'_' | b'$')) {
                s -= 1;
            }
            matches!(&b[s..=end], b"Tables" | b"TablesInsert" | b"TablesUpdate")
        }
        _ => false,
    }
}

/// `at` lies inside the `{...}` type expression that follows an `@tag`.
fn in_tag_type(b: &[u8], at: usize) -> bool {
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'@' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_alphabetic() {
            j += 1;
        }
        if j == i + 1 {
            i += 1;
            continue;
        }
        j = skip_ws(b, j);
        if b.get(j) != Some(&b'{') {
            i = j;
            continue;
        }
        let open = j;
        let mut depth = 0usize;
        let mut k = open;
        while k < b.len() {
            match b[k] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        if open < at && at < k {
            return true;
        }
        i = k.max(open + 1);
    }
    false
}

/// The string index `['key']` whose `]` is at `close`: its key and the position of its `[`.
fn string_index_before(b: &[u8], close: usize) -> Option<(&[u8], usize)> {
    if b.get(close) != Some(&b']') {
        return None;
    }
    let q_end = skip_ws_back(b, close)?;
    let q = b[q_end];
    if !matches!(q, b'\'' | b'"' | b'`') {
        return None;
    }
    let q_start = b[..q_end].iter().rposition(|&c| c == q)?;
    let open = skip_ws_back(b, q_start)?;
    (b[open] == b'[').then(|| (&b[q_start + 1..q_end], open))
}

/// The last non-blank position before `i` (JSDoc's leading `*` of a line counts as blank
/// only where a line starts, which never falls inside an index, so only whitespace is).
fn skip_ws_back(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    while j > 0 {
        j -= 1;
        if !b[j].is_ascii_whitespace() {
            return Some(j);
        }
    }
    None
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(comment: &str, nth: usize) -> bool {
        let s = comment.match_indices("users").nth(nth).unwrap().0;
        type_ref(comment, &(s..s + 5))
    }

    #[test]
    fn table_indexes_and_helpers_in_tag_types() {
        let c = "/** @type {import('./db').Database['public']['Tables']['users']['Row']} */";
        assert!(at(c, 0));
        let c = "/**\n * @param {Database[\"public\"][\"Views\"][\"users\"][\"Row\"]} row users\n * @returns {Promise<Tables<'users'>[]>}\n */";
        assert!(at(c, 0));
        assert!(!at(c, 1), "prose after the type");
        assert!(at(c, 2));
        let c = "/** @typedef {DefaultSchema['Tables']['users']} U */";
        assert!(at(c, 0));
    }

    #[test]
    fn other_schemas_prose_and_plain_comments() {
        for c in [
            "/** @type {Database['personal']['Tables']['users']['Row']} */",
            "/* @type {Database['public']['Tables']['users']['Row']} */",
            "/** Database['public']['Tables']['users'] outside a tag type */",
            "/** @type {Row['users']} */",
            "/** @type {Tables<{ schema: 'public' }, 'users'>} */",
        ] {
            assert!(!at(c, 0), "{c}");
        }
    }
}
