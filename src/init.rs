//! `refscan init`: a starter `refscan.toml` for the user's own project, from the live schema
//! (`--database-url`) or from the tables its Supabase migrations create and its generated
//! types name. Tables that already share a prefix become groups; every other table is listed
//! in a commented placeholder group to fill in.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::{exit, UserError};
use crate::lint::{self, Event};
use crate::messages::note;
use crate::rules::{ident_problem, Origin, Rules};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project's root folder (default: the current folder)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Read the tables from this database instead of the migrations (DATABASE_URL is not read
    /// here): every table of the schema, with its row estimate and whether RLS is on
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,

    /// The schema whose tables the plan renames
    #[arg(long, value_name = "NAME", default_value = "public")]
    pub schema: String,

    /// Where to write the file (default: refscan.toml in PATH; `-` for stdout)
    #[arg(short = 'o', long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing file
    #[arg(long)]
    pub force: bool,
}

/// What is known of one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableInfo {
    pub name: String,
    /// The planner's row estimate; `None` when never analyzed or not read from a database.
    pub rows: Option<i64>,
    pub rls: Option<bool>,
    /// Where the table was seen: `migrations`, `types`, `database`.
    pub seen_in: Vec<&'static str>,
}

/// The tables a sequence of migration files leaves in `schema`, in the order they were created:
/// creates, renames and drops are followed through the files, in file order.
pub fn tables_from_migrations(files: &[lint::SourceFile], schema: &str) -> Vec<String> {
    let mut tables: Vec<String> = Vec::new();
    for f in files {
        for ev in lint::events(&f.text) {
            match ev {
                Event::CreateTable(q) if q.schema == schema && !tables.contains(&q.name) => {
                    tables.push(q.name);
                }
                Event::Rename { from, to, .. } if from.schema == schema => {
                    if let Some(t) = tables.iter_mut().find(|t| **t == from.name) {
                        *t = to.name;
                    }
                }
                Event::DropTable(names) => {
                    tables.retain(|t| !names.iter().any(|q| q.schema == schema && &q.name == t));
                }
                _ => {}
            }
        }
    }
    tables
}

/// The table names under `Tables` of `schema` in a file written by `supabase gen types
/// typescript`, read with the TypeScript grammar refscan scans with.
pub fn tables_from_generated_types(src: &str, schema: &str) -> Vec<String> {
    let mut parser = tree_sitter::Parser::new();
    if parser
        .set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into())
        .is_err()
    {
        return Vec::new();
    }
    let Some(tree) = parser.parse(src, None) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // Database -> <schema>: { Tables: { name: {...} } }: the property signatures two levels
    // below a `Tables` key inside the schema's key.
    let mut stack = vec![(tree.root_node(), false, false)];
    while let Some((node, in_schema, in_tables)) = stack.pop() {
        let key = (node.kind() == "property_signature")
            .then(|| node.child_by_field_name("name"))
            .flatten()
            .and_then(|n| n.utf8_text(src.as_bytes()).ok())
            .map(|k| k.trim_matches(|c| c == '"' || c == '\''));
        if in_tables {
            if let Some(k) = key {
                out.push(k.to_string());
                continue;
            }
        }
        let (s, t) = match key {
            Some(k) if !in_schema && k == schema => (true, false),
            Some("Tables") if in_schema => (true, true),
            Some(_) if in_schema => continue,
            _ => (in_schema, in_tables),
        };
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        for c in children.into_iter().rev() {
            stack.push((c, s, t));
        }
    }
    out
}

/// The tables of `schema` in a database, with row estimates and RLS flags.
fn tables_from_database(url: &str, schema: &str) -> anyhow::Result<(Vec<TableInfo>, String)> {
    let mut db = crate::migrate::db::Db::connect(url)?;
    let sql = format!(
        "SELECT c.relname, c.reltuples::bigint::text, c.relrowsecurity::text
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = {} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          ORDER BY c.relname",
        crate::migrate::quote::literal(schema)
    );
    let rows = db.rows(&sql)?;
    let tables = rows
        .into_iter()
        .filter_map(|r| {
            let name = r.first()?.clone()?;
            let rows = r
                .get(1)
                .cloned()
                .flatten()
                .and_then(|v| v.parse::<i64>().ok());
            Some(TableInfo {
                name,
                // -1: never vacuumed or analyzed.
                rows: rows.filter(|n| *n >= 0),
                rls: r.get(2).cloned().flatten().map(|v| v == "true"),
                seen_in: vec!["database"],
            })
        })
        .collect();
    Ok((tables, db.display))
}

/// The `<word>_` a name starts with, when it has one.
fn prefix_of(name: &str) -> Option<&str> {
    let i = name.find('_')?;
    (i > 0 && i + 1 < name.len()).then(|| &name[..=i])
}

fn comment_of(t: &TableInfo) -> String {
    let mut parts = Vec::new();
    match t.rows {
        Some(n) => parts.push(format!("~{n} row{}", if n == 1 { "" } else { "s" })),
        None if t.seen_in.contains(&"database") => {
            parts.push("rows unknown (never analyzed)".into())
        }
        None => {}
    }
    match t.rls {
        Some(true) => parts.push("RLS on".into()),
        Some(false) => parts.push("RLS off".into()),
        None => {}
    }
    if !t.seen_in.contains(&"database") {
        parts.push(format!("in {}", t.seen_in.join(" and ")));
    }
    parts.join(", ")
}

/// The starter file: groups for shared prefixes (their tables `unchanged`), a commented group
/// for every other table, a setup and a cleanup phase, and a commented rename phase.
pub fn render(tables: &[TableInfo], schema: &str, source: &str) -> String {
    let reserved = ["sys_table_migrations"];
    let (plain, odd): (Vec<&TableInfo>, Vec<&TableInfo>) = tables
        .iter()
        .filter(|t| !reserved.contains(&t.name.as_str()))
        .partition(|t| ident_problem(&t.name).is_none());
    let mut by_prefix: BTreeMap<&str, Vec<&TableInfo>> = BTreeMap::new();
    for t in &plain {
        if let Some(p) = prefix_of(&t.name) {
            by_prefix.entry(p).or_default().push(t);
        }
    }
    by_prefix.retain(|_, v| v.len() >= 2);
    let others: Vec<&TableInfo> = plain
        .iter()
        .copied()
        .filter(|t| !prefix_of(&t.name).is_some_and(|p| by_prefix.contains_key(p)))
        .collect();

    let mut s = String::new();
    s.push_str(&format!(
        "# refscan rules, written by `refscan init` from {source}.\n\
         # Tables that already share a prefix are groups whose tables keep their names\n\
         # (`unchanged`); give the others a group and a new name below, add those groups to a\n\
         # rename phase, then check the file with `refscan rules`. The format: docs/rules.md.\n\n"
    ));
    s.push_str("name = \"table prefixes\"\n");
    s.push_str(&format!("schema = \"{schema}\"\n"));
    s.push_str("migrations = [\"supabase/migrations\"]\n");
    let width = plain.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for (prefix, group) in &by_prefix {
        s.push_str(&format!(
            "\n[[group]]\nprefix = \"{prefix}\"\ntitle = \"{}\"\nunchanged = [\n",
            prefix.trim_end_matches('_')
        ));
        for t in group {
            let item = format!("\"{}\",", t.name);
            let c = comment_of(t);
            if c.is_empty() {
                s.push_str(&format!("  {item}\n"));
            } else {
                s.push_str(&format!("  {item:<w$}  # {c}\n", w = width + 3));
            }
        }
        s.push_str("]\n");
    }
    if !others.is_empty() {
        s.push_str(
            "\n# Tables without a shared prefix. Uncomment this group (or copy it, one per prefix),\n\
             # choose the prefix and each table's new name; a table that keeps its name goes to\n\
             # `unchanged` of a group whose prefix it has.\n\
             # [[group]]\n# prefix = \"app_\"\n# title = \"Application\"\n# [group.rename]\n",
        );
        let lines: Vec<String> = others
            .iter()
            .map(|t| format!("{} = \"app_{}\"", t.name, t.name))
            .collect();
        let w = lines.iter().map(String::len).max().unwrap_or(0);
        for (t, line) in others.iter().zip(&lines) {
            let c = comment_of(t);
            if c.is_empty() {
                s.push_str(&format!("# {line}\n"));
            } else {
                s.push_str(&format!("# {line:<w$}  # {c}\n"));
            }
        }
    }
    for t in &odd {
        s.push_str(&format!(
            "# not listed: {:?} {} (refscan renames only plain lower-case names)\n",
            t.name,
            ident_problem(&t.name).unwrap_or_default()
        ));
    }
    s.push_str(
        "\n[[phase]]\nid = \"1\"\ntitle = \"Tracking table\"\nkind = \"setup\"\n\n\
         # One rename phase per step of the migration, in order:\n\
         # [[phase]]\n# id = \"2\"\n# title = \"Application tables\"\n# groups = [\"app_\"]\n\n\
         [[phase]]\nid = \"9\"\ntitle = \"Drop the compatibility views\"\nkind = \"cleanup\"\n",
    );
    s
}

/// The files of `root` that `supabase gen types typescript` wrote: TypeScript that declares
/// the `Database` type with `Tables`.
fn generated_types_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        let p = entry.path();
        let ts = p.extension().is_some_and(|e| e == "ts" || e == "tsx")
            && entry.file_type().is_some_and(|t| t.is_file());
        if !ts {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(p) {
            if text.contains("export type Database") && text.contains("Tables: {") {
                out.push(p.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn tables_from_project(root: &Path, schema: &str) -> anyhow::Result<(Vec<TableInfo>, String)> {
    let migrations = root.join("supabase/migrations");
    let mut tables: Vec<TableInfo> = Vec::new();
    let mut sources = Vec::new();
    if migrations.is_dir() {
        let (files, problems) = lint::collect_files(std::slice::from_ref(&migrations))?;
        crate::messages::print_problems(&problems);
        for name in tables_from_migrations(&files, schema) {
            tables.push(TableInfo {
                name,
                seen_in: vec!["migrations"],
                ..TableInfo::default()
            });
        }
        sources.push(format!("{} ({} files)", migrations.display(), files.len()));
    }
    for file in generated_types_files(root) {
        let text = std::fs::read_to_string(&file)?;
        for name in tables_from_generated_types(&text, schema) {
            match tables.iter_mut().find(|t| t.name == name) {
                Some(t) => {
                    if !t.seen_in.contains(&"types") {
                        t.seen_in.push("types");
                    }
                }
                None => tables.push(TableInfo {
                    name,
                    seen_in: vec!["types"],
                    ..TableInfo::default()
                }),
            }
        }
        sources.push(file.display().to_string());
    }
    if sources.is_empty() {
        return Err(UserError::new(format!(
            "{} has no supabase/migrations folder and no generated Supabase types",
            root.display()
        ))
        .hint("run refscan init from the project root, give its path, or read the tables from the database with --database-url")
        .into());
    }
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((tables, sources.join(" and ")))
}

pub fn run(args: &InitArgs) -> anyhow::Result<u8> {
    let root = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let (tables, source) = match &args.database_url {
        Some(url) => {
            let (t, display) = tables_from_database(url, &args.schema)?;
            (t, format!("the database {display}"))
        }
        None => tables_from_project(&root, &args.schema)?,
    };
    if tables.is_empty() {
        return Err(UserError::new(format!(
            "no table of schema {} found in {source}",
            args.schema
        ))
        .hint("check --schema, or give --database-url to read the tables from the database")
        .into());
    }
    let text = render(&tables, &args.schema, &source);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("refscan.toml"));
    if out == Path::new("-") {
        std::io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(exit::CLEAN);
    }
    if out.exists() && !args.force {
        return Err(UserError::new(format!("{} already exists", out.display()))
            .hint("edit it, or give --force to replace it (or -o FILE to write elsewhere)")
            .into());
    }
    write_new(&out, text.as_bytes())?;
    let groups = text.matches("\n[[group]]").count();
    note(&format!(
        "wrote {} ({} tables, {groups} prefix group{})",
        out.display(),
        tables.len(),
        if groups == 1 { "" } else { "s" }
    ));
    match Rules::parse(&text, Origin::File(out.clone())) {
        Ok(_) => note(&format!(
            "it validates as it is; fill in the commented group and phase, then check it with `refscan --rules {} rules`",
            out.display()
        )),
        Err(e) => {
            let line = text
                .lines()
                .position(|l| l == "# [[group]]")
                .map_or(1, |i| i + 1);
            note(&format!(
                "{}:{line}:1: uncomment this group and fill it in: a plan needs at least one group ({e})",
                out.display()
            ));
        }
    }
    Ok(exit::CLEAN)
}

/// Writes `bytes` to `path` (mode 0644) through a temporary file in the same folder, so a
/// failure leaves no half-written file; also used for the man pages.
pub fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let cannot = |e: std::io::Error| {
        UserError::new(format!("cannot write {}: {e}", path.display()))
            .hint("write to a folder you may write to")
    };
    let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(cannot)?;
    tmp.write_all(bytes).map_err(cannot)?;
    tmp.as_file()
        .set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
        .map_err(cannot)?;
    tmp.as_file().sync_all().map_err(cannot)?;
    tmp.persist(path).map_err(|e| cannot(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> TableInfo {
        TableInfo {
            name: name.into(),
            seen_in: vec!["migrations"],
            ..TableInfo::default()
        }
    }

    #[test]
    fn migrations_are_followed_through_renames_and_drops() {
        let files = [
            lint::SourceFile {
                path: std::sync::Arc::new("1_a.sql".into()),
                text: "create table a (id int); create table b (id int); create table other.c ();"
                    .into(),
            },
            lint::SourceFile {
                path: std::sync::Arc::new("2_b.sql".into()),
                text: "alter table a rename to doc_a; drop table b; create table doc_b ();".into(),
            },
        ];
        assert_eq!(tables_from_migrations(&files, "public"), ["doc_a", "doc_b"]);
    }

    #[test]
    fn generated_types_name_their_tables() {
        let src = r#"export type Database = {
  public: {
    Tables: {
      experts: { Row: { id: string }; Insert: {}; Update: {}; Relationships: [] }
      "doc_files": { Row: { id: string }; Relationships: [{ referencedRelation: "experts" }] }
    }
    Views: { v: { Row: {} } }
  }
  other: { Tables: { hidden: { Row: {} } } }
}"#;
        assert_eq!(
            tables_from_generated_types(src, "public"),
            ["experts", "doc_files"]
        );
        assert_eq!(tables_from_generated_types(src, "other"), ["hidden"]);
    }

    #[test]
    fn shared_prefixes_group_and_the_result_validates() {
        let tables: Vec<TableInfo> = ["doc_files", "doc_types", "experts", "sys_x", "Weird"]
            .into_iter()
            .map(t)
            .collect();
        let text = render(&tables, "public", "test");
        let rules = Rules::parse(&text, Origin::File("refscan.toml".into())).unwrap();
        assert_eq!(rules.groups.len(), 1);
        assert!(text.contains("# experts = \"app_experts\""), "{text}");
        assert!(text.contains("# sys_x = \"app_sys_x\""), "{text}");
        assert!(text.contains("# not listed: \"Weird\""), "{text}");
    }

    #[test]
    fn a_filled_in_placeholder_validates() {
        let tables: Vec<TableInfo> = ["doc_files", "doc_types", "experts"]
            .into_iter()
            .map(t)
            .collect();
        let text = render(&tables, "public", "test")
            .replace("# [[group]]\n# prefix", "[[group]]\nprefix")
            .replace(
                "# title = \"Application\"\n# [group.rename]\n# experts",
                "title = \"Application\"\n[group.rename]\nexperts",
            )
            .replace(
                "# [[phase]]\n# id = \"2\"\n# title = \"Application tables\"\n# groups",
                "[[phase]]\nid = \"2\"\ntitle = \"Application tables\"\ngroups",
            );
        let rules = Rules::parse(&text, Origin::File("refscan.toml".into()))
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(rules.renamed().count(), 1);
    }
}
