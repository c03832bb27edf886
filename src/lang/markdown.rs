//! Markdown: fenced code blocks are classified in the language their info string names, and
//! what would be a reference in a file of that language is kind `docs` (rewritten only when
//! asked for); prose and blocks of other languages are mentions.

use super::embed::{self, Piece};
use super::{Engine, Lang};
use crate::findings::{Class, Hit, Kind};

pub fn classify(engine: Engine, src: &str, hits: &[Hit]) -> Vec<Option<Class>> {
    if hits.is_empty() {
        return Vec::new();
    }
    embed::classify(engine, hits, &pieces(src), |class| {
        class.map(|c| match c.kind {
            // What is for review in code stays for review in the docs.
            Kind::Mention | Kind::TableString | Kind::DynamicFrom => Class::MENTION,
            _ => Class {
                kind: Kind::Docs,
                ..c
            },
        })
    })
}

/// The language a fence's info string names: its first word (`sql`, `ts title="x"`,
/// `{.python}`).
fn tag_lang(info: &str) -> Option<Lang> {
    let word = info.trim().trim_start_matches(['{', '.']);
    let end = word
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '+'))
        .unwrap_or(word.len());
    Some(match word[..end].to_ascii_lowercase().as_str() {
        "sql" | "pgsql" | "postgres" | "postgresql" | "plpgsql" | "psql" => Lang::Sql,
        "ts" | "typescript" | "mts" | "cts" => Lang::TypeScript,
        "tsx" | "js" | "javascript" | "jsx" | "mjs" | "cjs" | "node" => Lang::Tsx,
        "py" | "python" | "python3" => Lang::Python,
        "sh" | "bash" | "shell" | "zsh" | "shellscript" => Lang::Shell,
        _ => return None,
    })
}

/// An opening fence: the indent, the fence character, its run length and the info string.
fn open_fence(line: &str) -> Option<(usize, u8, usize, &str)> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let run = rest.bytes().take_while(|&b| b == ch).count();
    let info = &rest[run..];
    // A backtick in a backtick fence's info string makes it inline code.
    (run >= 3 && !(ch == b'`' && info.contains('`'))).then_some((indent, ch, run, info))
}

fn closes(line: &str, ch: u8, run: usize) -> bool {
    let t = line.trim_matches([' ', '\t', '\r']);
    t.len() >= run && t.bytes().all(|b| b == ch)
}

/// The code of every fenced block in a language refscan reads, each line without the
/// fence's indent (a block in a list item is indented like the item).
pub fn pieces(src: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut open: Option<(usize, u8, usize, Option<Piece>)> = None;
    let mut start = 0;
    while start < src.len() {
        let next =
            memchr::memchr(b'\n', &src.as_bytes()[start..]).map_or(src.len(), |i| start + i + 1);
        let line = src[start..next].trim_end_matches('\n');
        match &mut open {
            None => {
                if let Some((indent, ch, run, info)) = open_fence(line) {
                    open = Some((indent, ch, run, tag_lang(info).map(Piece::new)));
                }
            }
            Some((_, ch, run, piece)) if closes(line, *ch, *run) => {
                if let Some(p) = piece.take() {
                    out.push(p);
                }
                open = None;
            }
            Some((indent, _, _, piece)) => {
                if let Some(p) = piece {
                    let strip = line
                        .bytes()
                        .take(*indent)
                        .take_while(|&b| b == b' ' || b == b'\t')
                        .count();
                    p.literal(src, start + strip..next);
                }
            }
        }
        start = next;
    }
    // A block left open runs to the end of the document.
    if let Some((_, _, _, Some(p))) = open {
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::embed::word_hits;

    fn kinds(src: &str) -> Vec<String> {
        classify(Engine::Auto, src, &word_hits(src, "experts"))
            .into_iter()
            .map(|c| {
                c.map_or("-".to_string(), |c| match c.site {
                    crate::findings::Site::Plain => c.kind.as_str().to_string(),
                    s => format!(
                        "{}/{}",
                        c.kind,
                        serde_json::to_value(s).unwrap().as_str().unwrap()
                    ),
                })
            })
            .collect()
    }

    #[test]
    fn fenced_code_is_docs_by_its_language_tag() {
        let md = "# experts\n\nThe experts table.\n\n```sql\nselect * from experts;\n```\n\n```ts\nawait supabase.from('experts').select('id, experts(name)')\n```\n";
        assert_eq!(
            kinds(md),
            ["mention", "mention", "docs", "docs", "docs/embed"]
        );
        let py = "~~~python title=\"x\"\nsb.table(\"experts\").select(\"*\")\n~~~\n";
        assert_eq!(kinds(py), ["docs"]);
        let sh = "```bash\npsql -c 'truncate experts'\necho experts\n```\n";
        assert_eq!(kinds(sh), ["docs", "mention"]);
    }

    #[test]
    fn blocks_of_other_languages_and_unclosed_inline_are_mentions() {
        let md = "```json\n{\"table\": \"experts\"}\n```\n```\nselect * from experts\n```\n``` sql `x` experts\n";
        assert_eq!(kinds(md), ["mention", "mention", "mention"]);
        // What is for review in code (a table string) is a mention in the docs.
        assert_eq!(
            kinds("```ts\nconst [t] = useState('experts')\n```\n"),
            ["mention"]
        );
        // Inside a sql block, what SQL calls a mention stays one.
        assert_eq!(
            kinds("```sql\n-- experts\nselect experts from t\n```\n"),
            ["mention", "mention"]
        );
    }

    #[test]
    fn indented_fences_in_lists_and_longer_fences() {
        let md = "1. Run:\n\n   ```sql\n   delete from experts;\n   ```\n\n- x\n  ````js\n  supabase.from('experts')\n  ````\nafter: experts\n";
        assert_eq!(kinds(md), ["docs", "docs", "mention"]);
        let crlf = "```sql\r\nselect 1 from experts;\r\n```\r\nexperts\r\n";
        assert_eq!(kinds(crlf), ["docs", "mention"]);
    }

    #[test]
    fn offsets_stay_on_the_files_bytes_after_multibyte_prose() {
        let md = "Überblick — “experts” ✓\n\n```sql\nselect 'é' from experts;\n```\n";
        let hits = word_hits(md, "experts");
        let c = classify(Engine::Auto, md, &hits);
        assert_eq!(
            c.iter().map(|c| c.unwrap().kind).collect::<Vec<_>>(),
            [Kind::Mention, Kind::Docs]
        );
        assert!(md.is_char_boundary(hits[1].span.start) && &md[hits[1].span.clone()] == "experts");
    }
}
