//! Writes one file of a pathological shape (many embeds in one select, many calls in one file,
//! one long line, deep nesting, a huge string, a huge generated types file...) at a given size,
//! for the linearity benchmark (`benches/shapes.sh`) and the big-input regression tests.
//!
//! `cargo run --release --example gen_shapes -- SHAPE N DIR` writes `DIR/refscan.toml` (the
//! renames `experts` -> `expert_profiles`, `sources` -> `google_sources`) and the shape's file,
//! and prints the file's name; `--list` prints the shapes. The same arguments give the same bytes.

use std::fmt::Write as _;

/// The rules every shape is scanned with.
pub const RULES: &str = r#"name = "shapes"
schema = "public"
migrations = ["supabase/migrations"]

[[group]]
prefix = "expert_"
[group.rename]
experts = "expert_profiles"

[[group]]
prefix = "google_"
[group.rename]
sources = "google_sources"

[[phase]]
id = "1"
groups = ["expert_", "google_"]
"#;

/// Every shape, with what it stresses.
pub const SHAPES: &[(&str, &str)] = &[
    ("ts-embeds", "one .select() string with N embeds"),
    (
        "ts-embeds-lines",
        "one multi-line template .select() with N embeds, one per line",
    ),
    (
        "ts-from",
        "N .from() calls with select and filters, one per line",
    ),
    ("ts-long-line", "N .from() calls on one line (minified)"),
    ("ts-nested-embeds", "one select with embeds nested N deep"),
    (
        "ts-nested-code",
        "a hit inside N nested brackets and objects",
    ),
    ("ts-big-string", "one sql`` template of N statements"),
    ("ts-types", "a generated Database types file of N tables"),
    (
        "ts-parsed",
        "N .from() calls in a file only tree-sitter decides",
    ),
    (
        "ts-consts",
        "N table-string consts, each passed to .from(x) (only tree-sitter follows them)",
    ),
    (
        "ts-flow",
        "N consts, const object fields, iterated arrays and union-typed parameters into .from(x)",
    ),
    ("py-from", "N supabase-py .table() chains"),
    ("py-long-line", "N .table() chains on one line"),
    (
        "py-big-string",
        "one execute() of a triple-quoted string of N statements",
    ),
    (
        "py-parsed",
        "N .table() chains in a file only tree-sitter decides",
    ),
    (
        "py-parsed-sql",
        "N execute() calls of SQL strings in a file only tree-sitter decides",
    ),
    ("sql-statements", "a migration of N statements"),
    ("sql-long-line", "N statements on one line"),
    ("sql-nested", "a query nested N subqueries deep"),
    ("md-long-line", "N mentions on one Markdown line"),
    (
        "sh-heredoc",
        "one psql heredoc of N statements, each with a $var expansion",
    ),
];

/// The file name and text of `shape` at size `n`, or `None` for an unknown shape.
pub fn shape(shape: &str, n: usize) -> Option<(&'static str, String)> {
    let mut s = String::new();
    let name = match shape {
        "ts-embeds" => {
            s.push_str("const q = supabase.from('experts').select('id");
            for i in 0..n {
                match i % 4 {
                    0 => write!(s, ", experts(id)"),
                    1 => write!(s, ", a{i}:experts!fk_{i}(id, name)"),
                    2 => write!(s, ", sources!inner(*)"),
                    _ => write!(s, ", ...experts(name)"),
                }
                .unwrap();
            }
            s.push_str("').eq('experts.id', 1);\n");
            "q.ts"
        }
        "ts-embeds-lines" => {
            s.push_str("const q = supabase.from('experts').select(`\n  id");
            for i in 0..n {
                if i % 2 == 0 {
                    writeln!(s, ",\n  experts(id)").unwrap();
                } else {
                    writeln!(s, ",\n  s{i}:sources(name)").unwrap();
                }
            }
            s.push_str("`).eq('sources.name', 'x');\n");
            "q.ts"
        }
        "ts-from" => {
            for i in 0..n {
                writeln!(
                    s,
                    "const r{i} = await supabase.from('experts').select('id, sources(id)').eq('sources.id', {i}); // experts"
                )
                .unwrap();
            }
            "queries.ts"
        }
        "ts-long-line" => {
            for i in 0..n {
                write!(
                    s,
                    "const r{i}=await supabase.from('experts').select('id,sources(id)').eq('sources.id',{i});"
                )
                .unwrap();
            }
            s.push('\n');
            "bundle.js"
        }
        "ts-nested-embeds" => {
            s.push_str("const q = supabase.from('experts').select('id");
            for _ in 0..n {
                s.push_str(", experts(id");
            }
            for _ in 0..n {
                s.push(')');
            }
            s.push_str("');\n");
            "q.ts"
        }
        "ts-nested-code" => {
            s.push_str("const x = ");
            for i in 0..n {
                if i % 2 == 0 {
                    s.push('[');
                } else {
                    s.push_str("{ a: ");
                }
            }
            s.push_str("supabase.from('experts')");
            for i in (0..n).rev() {
                if i % 2 == 0 {
                    s.push(']');
                } else {
                    s.push_str(" }");
                }
            }
            s.push_str(";\n");
            "nested.ts"
        }
        "ts-big-string" => {
            s.push_str("await sql`\n");
            for i in 0..n {
                writeln!(
                    s,
                    "  select e.id, s.name from experts e join sources s on s.id = e.source_id where e.id = {i};"
                )
                .unwrap();
            }
            s.push_str("`;\n");
            "migrate.ts"
        }
        "ts-types" => {
            s.push_str("export type Json = string | number | boolean | null\n\nexport type Database = {\n  public: {\n    Tables: {\n");
            for i in 0..n {
                let t = match i % 3 {
                    0 => "experts".to_string(),
                    1 => "sources".to_string(),
                    _ => format!("table_{i}"),
                };
                write!(
                    s,
                    "      {t}: {{\n        Row: {{\n          id: string\n          expert_id: string | null\n        }}\n        Insert: {{\n          id?: string\n        }}\n        Update: {{\n          id?: string\n        }}\n        Relationships: [\n          {{\n            foreignKeyName: \"{t}_expert_id_fkey\"\n            columns: [\"expert_id\"]\n            isOneToOne: false\n            referencedRelation: \"experts\"\n            referencedColumns: [\"id\"]\n          }},\n        ]\n      }}\n"
                )
                .unwrap();
            }
            s.push_str("    }\n    Views: {\n      [_ in never]: never\n    }\n  }\n}\n");
            "database.types.ts"
        }
        "ts-parsed" => {
            // A `/` after `}` is a lexing ambiguity the fast path leaves to tree-sitter.
            s.push_str("if (ok) {} /x/.test(y);\n");
            for i in 0..n {
                writeln!(
                    s,
                    "const r{i} = await supabase.from('experts').select('id, sources(id)').eq('sources.id', {i});"
                )
                .unwrap();
            }
            "parsed.ts"
        }
        "ts-consts" => {
            for i in 0..n {
                writeln!(
                    s,
                    "const t{i} = 'experts';\nconst r{i} = await supabase.from(t{i}).select('id, sources(id)').eq('sources.id', {i});"
                )
                .unwrap();
            }
            "consts.ts"
        }
        "ts-flow" => {
            for i in 0..n {
                match i % 4 {
                    0 => writeln!(s, "const t{i} = 'experts';\nawait supabase.from(t{i}).select('id');"),
                    1 => writeln!(
                        s,
                        "const T{i} = {{ a: 'sources', b: 'experts' }};\nawait supabase.from(T{i}.a).select('id');"
                    ),
                    2 => writeln!(
                        s,
                        "const L{i} = ['experts', 'sources'];\nfor (const t of L{i}) await supabase.from(t).select('id');"
                    ),
                    _ => writeln!(
                        s,
                        "async function f{i}(t: 'experts' | 'sources') {{\n  return supabase.from(t).select('id');\n}}"
                    ),
                }
                .unwrap();
            }
            "flow.ts"
        }
        "py-from" => {
            for i in 0..n {
                writeln!(
                    s,
                    "r{i} = supabase.table(\"experts\").select(\"id, sources(id)\").eq(\"sources.id\", {i}).execute()  # experts"
                )
                .unwrap();
            }
            "queries.py"
        }
        "py-long-line" => {
            s.push_str("rs = [");
            for i in 0..n {
                write!(
                    s,
                    "supabase.table(\"experts\").select(\"id,sources(id)\").eq(\"id\",{i}),"
                )
                .unwrap();
            }
            s.push_str("]\n");
            "bundle.py"
        }
        "py-big-string" => {
            s.push_str("cur.execute(\"\"\"\n");
            for i in 0..n {
                writeln!(
                    s,
                    "  select e.id, s.name from experts e join sources s on s.id = e.source_id where e.id = {i};"
                )
                .unwrap();
            }
            s.push_str("\"\"\")\n");
            "load.py"
        }
        "py-parsed" => {
            // A same-quote string nested in an f-string is left to tree-sitter.
            s.push_str("x = f\"{d[\"k\"]}\"\n");
            for i in 0..n {
                writeln!(
                    s,
                    "r{i} = supabase.table(\"experts\").select(\"id, sources(id)\").eq(\"sources.id\", {i}).execute()"
                )
                .unwrap();
            }
            "parsed.py"
        }
        "py-parsed-sql" => {
            s.push_str("x = f\"{d[\"k\"]}\"\n");
            for i in 0..n {
                writeln!(
                    s,
                    "cur.execute(\"select e.id from experts e join sources s on s.id = e.source_id where e.id = {i}\")"
                )
                .unwrap();
            }
            "parsed_sql.py"
        }
        "sql-statements" => {
            for i in 0..n {
                match i % 4 {
                    0 => writeln!(s, "alter table public.experts add column c{i} text;"),
                    1 => writeln!(
                        s,
                        "create policy p{i} on sources for select using (exists (select 1 from experts where experts.id = sources.id));"
                    ),
                    2 => writeln!(
                        s,
                        "create function f{i}() returns void language plpgsql as $$ begin update experts set c = {i}; end $$;"
                    ),
                    _ => writeln!(s, "insert into experts (id) select id from sources; -- experts"),
                }
                .unwrap();
            }
            return Some(("supabase/migrations/20260101000000_shapes.sql", s));
        }
        "sql-long-line" => {
            for i in 0..n {
                write!(
                    s,
                    "update experts set c = {i} where id in (select id from sources); "
                )
                .unwrap();
            }
            s.push('\n');
            "db/queries/bulk.sql"
        }
        "sql-nested" => {
            s.push_str("select * from ");
            for _ in 0..n {
                s.push_str("(select * from experts join ");
            }
            s.push_str("sources");
            for i in 0..n {
                write!(s, " on true) q{i}").unwrap();
            }
            s.push_str(";\n");
            "db/queries/nested.sql"
        }
        "md-long-line" => {
            for _ in 0..n {
                s.push_str("the experts table and the `sources` table; ");
            }
            s.push('\n');
            "notes.md"
        }
        "sh-heredoc" => {
            s.push_str("#!/bin/sh\npsql \"$DATABASE_URL\" <<SQL\n");
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "insert into experts (id, note) select id, '$NOTE_{i}' from sources;"
                );
            }
            s.push_str("SQL\n");
            "scripts/seed.sh"
        }
        _ => return None,
    };
    Some((name, s))
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        for (name, what) in SHAPES {
            println!("{name}\t{what}");
        }
        return;
    }
    let [name, n, dir] = &args[..] else {
        eprintln!("usage: gen_shapes SHAPE N DIR | --list");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("gen_shapes: N must be a number, not {n:?}");
        std::process::exit(2);
    };
    let Some((file, text)) = shape(name, n) else {
        eprintln!("gen_shapes: unknown shape {name:?} (--list shows them)");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(dir);
    let path = dir.join(file);
    std::fs::create_dir_all(path.parent().expect("a file name")).expect("creating the folder");
    std::fs::write(dir.join("refscan.toml"), RULES).expect("writing refscan.toml");
    std::fs::write(&path, text).expect("writing the shape");
    println!("{file}");
}
