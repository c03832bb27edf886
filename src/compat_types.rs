//! `refscan types`: writes the TypeScript module that keeps old table names compiling against
//! types regenerated (`supabase gen types typescript`) after the rename.
//!
//! The module wraps the generated file rather than copying it, so regenerating the types never
//! requires regenerating the module; only a change of selection does. Both names of every
//! covered table resolve to one entry: the generated entry under the new name once the
//! database has it, else the one under the old name. A compatibility view under the old name
//! is hidden, since its all-nullable Row is not what old code was written against.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;

use crate::error::UserError;
use crate::messages::note;
use crate::rules::Rules;
use crate::scan::Selection;

/// Module specifier of the generated types file when `--import` is not given: the file name
/// the Supabase docs use, imported from beside it.
pub const DEFAULT_IMPORT: &str = "./database.types";

/// Names the module declares itself or relies on from the global scope: an alias of the same
/// name would collide with, or shadow, them.
const TAKEN: &[&str] = &[
    // Exported by the generated file or by this module.
    "CheckGeneratedTypes",
    "CompositeTypes",
    "Constants",
    "Database",
    "Enums",
    "Json",
    "RenamedTables",
    "Tables",
    "TablesInsert",
    "TablesUpdate",
    // Internal to this module.
    "AddOtherNames",
    "CompatSchema",
    "CompatTables",
    "CompatViews",
    "DatabaseWithoutInternals",
    "DefaultSchema",
    "GeneratedDatabase",
    "GeneratedSchema",
    "GeneratedTables",
    "GeneratedViews",
    "HasRelationship",
    "MissingTables",
    "NoCoveredTableMissing",
    "OtherName",
    "OtherNameRelationships",
    "Renamed",
    "WithOtherNames",
    // Globals the module uses, and the ones code most often means by these names.
    "Array",
    "Boolean",
    "Date",
    "Error",
    "Exclude",
    "Extract",
    "Function",
    "Map",
    "Number",
    "Object",
    "Omit",
    "Partial",
    "Pick",
    "Promise",
    "Readonly",
    "Record",
    "Required",
    "Set",
    "String",
    "Symbol",
];

/// What to generate besides the tables.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// Module specifier of the generated types file, as the import statement writes it.
    pub import: &'a str,
    /// How the tables were chosen (`--phase 5b`), for the header; `None` for all of them.
    pub selection: Option<&'a str>,
}

/// The renamed tables a selection covers, in the order of the rules.
pub fn selected_tables(rules: &Rules, sel: &Selection) -> Vec<usize> {
    rules
        .renamed()
        .map(|(i, _)| i)
        .filter(|i| sel.tables.as_ref().is_none_or(|t| t.contains(i)))
        .collect()
}

/// The selection flags as given (`--group doc_ --phase 5b`), for the header; `None` when
/// there are none.
pub fn describe_selection(
    groups: &[String],
    tables: &[String],
    phase: Option<&str>,
) -> Option<String> {
    let flags: Vec<String> = groups
        .iter()
        .map(|g| format!("--group {g}"))
        .chain(tables.iter().map(|t| format!("--table {t}")))
        .chain(phase.map(|p| format!("--phase {p}")))
        .collect();
    (!flags.is_empty()).then(|| flags.join(" "))
}

/// Writes the module to `path` atomically (a temporary file in the same folder, then a
/// rename), keeping the permissions of the file it replaces. Returns whether it wrote: a file
/// that already holds `bytes` is left alone, so its timestamp does not trigger rebuilds.
pub fn write_module(path: &Path, import: &str, bytes: &[u8]) -> anyhow::Result<bool> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if is_relative_specifier(import) {
        let candidates = import_candidates(&dir.join(import));
        let target = normalize(path);
        if candidates.iter().any(|c| normalize(c) == target) {
            return Err(UserError::new(format!(
                "`{}` is the generated types file that --import {import} names: the module \
                 would import itself and the generated types would be lost",
                path.display()
            ))
            .hint("write the module beside the generated file under another name, e.g. database.compat.ts")
            .into());
        }
        if !candidates.iter().any(|c| c.is_file()) {
            note(&format!(
                "no file for --import {import} beside {}; the module will not compile until \
                 there is one",
                path.display()
            ));
        }
    }
    let old = std::fs::read(path).ok();
    if old.as_deref() == Some(bytes) {
        return Ok(false);
    }
    let write = || -> std::io::Result<()> {
        let mut tmp = tempfile::Builder::new()
            .prefix(".refscan-types-")
            .tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        let perms = match std::fs::metadata(path) {
            Ok(m) => m.permissions(),
            Err(_) => new_file_permissions(tmp.as_file().metadata()?.permissions()),
        };
        tmp.as_file().set_permissions(perms)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    };
    write().with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

/// A temporary file is private (0600); a source file is readable by all, as an editor makes it.
#[cfg(unix)]
fn new_file_permissions(mut p: std::fs::Permissions) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    p.set_mode(0o644);
    p
}

#[cfg(not(unix))]
fn new_file_permissions(p: std::fs::Permissions) -> std::fs::Permissions {
    p
}

/// The generated types file a relative `import` names beside the module (`out`, or the
/// current folder when the module goes to stdout), if there is one.
pub fn locate_generated(import: &str, out: Option<&Path>) -> Option<PathBuf> {
    if !is_relative_specifier(import) {
        return None;
    }
    let dir = match out.and_then(|p| p.parent()) {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Without the `./` parts, so that messages name the file as a user would.
    let base: PathBuf = dir
        .join(import)
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    import_candidates(&base).into_iter().find(|c| c.is_file())
}

/// Fails, naming the tables and the file, when the generated types file at `path` has a
/// covered table under neither of its names: the module would not compile against it. A file
/// that declares no `Database` (one that re-exports it) cannot be checked, and a note says so.
pub fn check_generated(rules: &Rules, tables: &[usize], path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        UserError::new(format!(
            "{}: cannot read the generated types: {e}",
            path.display()
        ))
        .hint("pass the file `supabase gen types typescript` wrote with --generated FILE")
    })?;
    let Some(names) = crate::gen_types::table_names(&text, &rules.schema) else {
        note(&format!(
            "{} declares no `Database` type with `{}` tables; the covered tables were not checked against it",
            path.display(),
            rules.schema
        ));
        return Ok(());
    };
    let have: HashSet<&str> = names.iter().map(String::as_str).collect();
    let missing: Vec<String> = tables
        .iter()
        .map(|&i| &rules.tables[i])
        .filter(|t| !have.contains(t.old.as_str()) && !have.contains(t.new.as_str()))
        .map(|t| format!("`{}` (nor `{}`)", t.old, t.new))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(UserError::new(format!(
        "{}: no table {} under `{}` Tables: the module would not compile against this file",
        path.display(),
        missing.join(", "),
        rules.schema
    ))
    .hint(
        "regenerate the types (`supabase gen types typescript`) from the database of this plan, \
         or cover fewer tables with --group, --table or --phase",
    )
    .into())
}

fn is_relative_specifier(s: &str) -> bool {
    s.starts_with("./") || s.starts_with("../")
}

/// The files TypeScript may resolve a relative specifier to (`./x`, `./x.js`, `./x.ts`).
fn import_candidates(base: &Path) -> Vec<PathBuf> {
    let s = base.as_os_str().to_string_lossy();
    let mut out = vec![base.to_path_buf()];
    for (js, ts) in [(".js", ".ts"), (".mjs", ".mts"), (".cjs", ".cts")] {
        if let Some(stem) = s.strip_suffix(js) {
            out.push(PathBuf::from(format!("{stem}{ts}")));
            out.push(PathBuf::from(format!("{stem}.d{ts}")));
        }
    }
    for ext in [".ts", ".tsx", ".d.ts", ".mts", ".d.mts", ".cts", ".d.cts"] {
        out.push(PathBuf::from(format!("{s}{ext}")));
    }
    out.push(base.join("index.ts"));
    out.push(base.join("index.d.ts"));
    out
}

/// An absolute path with `.` and `..` resolved lexically, to compare two spellings of a path.
fn normalize(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The PascalCase type name of a table (`document_types` -> `DocumentTypes`), as the plan's
/// own aliases spell it; `None` when the result would not be a TypeScript identifier.
pub fn type_name(table: &str) -> Option<String> {
    let mut out = String::with_capacity(table.len());
    for part in table.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    let mut chars = out.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '$');
    (starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '$')).then_some(out)
}

/// Generates the module for `tables` (indices into `rules.tables`, renamed ones, in the order
/// given).
pub fn generate(rules: &Rules, tables: &[usize], opts: &Options<'_>) -> anyhow::Result<String> {
    let pairs: Vec<(&str, &str)> = tables
        .iter()
        .map(|&i| &rules.tables[i])
        .filter(|t| t.is_renamed())
        .map(|t| (t.old.as_str(), t.new.as_str()))
        .collect();
    if pairs.is_empty() {
        return Err(
            UserError::new("the selection names no table that is renamed")
                .hint("check --group/--table/--phase against `refscan rules`")
                .into(),
        );
    }
    check_names_are_distinct(&pairs)?;
    if opts.import.is_empty() || opts.import.contains(['\n', '\r']) {
        return Err(UserError::new(format!(
            "`{}` is not a module specifier",
            opts.import.escape_debug()
        ))
        .hint(
            "pass the generated file as the module would import it, e.g. --import ./database.types",
        )
        .into());
    }

    let mut out = String::new();
    header(&mut out, rules, pairs.len(), opts);
    core(&mut out, &rules.schema, &pairs, opts.import);
    helpers(&mut out);
    aliases(&mut out, &pairs);
    Ok(out)
}

/// A name that is the old name of one covered table and the new name of another (a chain or
/// a swap) would have to mean two tables at once.
fn check_names_are_distinct(pairs: &[(&str, &str)]) -> anyhow::Result<()> {
    let mut seen: HashMap<&str, (&str, &str)> = HashMap::new();
    for &(old, new) in pairs {
        for name in [old, new] {
            if let Some(&(o, n)) = seen.get(name) {
                return Err(UserError::new(format!(
                    "`{name}` names two tables of the selection (`{o}` -> `{n}` and `{old}` -> `{new}`): \
                     one type cannot stand for both"
                ))
                .hint("generate the types for one link of the chain at a time with --table or --phase")
                .into());
            }
            seen.insert(name, (old, new));
        }
    }
    Ok(())
}

/// `name` as a property key: bare when it is an identifier, quoted otherwise.
fn key(name: &str) -> String {
    let mut chars = name.chars();
    let ident = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        name.to_string()
    } else {
        lit(name)
    }
}

/// `s` as a TypeScript string literal.
fn lit(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serialises")
}

/// Text safe inside a `/** */` comment.
fn doc(s: &str) -> String {
    s.replace("*/", "*\\/")
}

fn header(out: &mut String, rules: &Rules, count: usize, opts: &Options<'_>) {
    let tables = if count == 1 { "table" } else { "tables" };
    let scope = match opts.selection {
        Some(s) => format!("{count} renamed {tables}, selected with {s}"),
        None => format!("all {count} renamed {tables}"),
    };
    let _ = write!(
        out,
        "\
// Compatibility types for the table renames of {plan}: {scope}.
{marker} Regenerate it when the selection changes, not
// after `supabase gen types`: it wraps the generated file instead of copying it.
//
// Import Database, Tables, TablesInsert, TablesUpdate and the rest from this module instead of
// the generated file (or point the old import path here). Every old table name then keeps
// compiling, in `Database[...]['Tables']['old']`, `Tables<'old'>` and `.from('old')` alike,
// with the types of the renamed table. Both names of a table work before, during and after
// its rename: the entry under the new name is used once the generated file has it, else the
// one under the old name; a compatibility view under the old name is hidden. Old names are
// marked @deprecated, so editors strike them through until the code is rewritten
// (`refscan rewrite`).
",
        plan = doc(&lit(&rules.name)),
        // The scan knows the module by this line: it is never counted or rewritten.
        marker = crate::own_output::TYPES_MARKER,
    );
}

fn core(out: &mut String, schema: &str, pairs: &[(&str, &str)], import: &str) {
    let _ = writeln!(
        out,
        "\nimport type {{ Database as GeneratedDatabase }} from {}\n",
        lit(import)
    );
    let _ = writeln!(out, "export * from {}\n", lit(import));

    out.push_str(
        "/** Every table this module covers: old name -> new name, in the order of the rules. */\n\
         export type RenamedTables = {\n",
    );
    for &(old, new) in pairs {
        let _ = writeln!(out, "  {}: {}", key(old), lit(new));
    }
    out.push_str("}\n");

    let _ = write!(
        out,
        r#"
/** Each name of a covered table -> its other name. */
type OtherName = RenamedTables & {{
  [Old in keyof RenamedTables as RenamedTables[Old]]: Old
}}

type GeneratedSchema = GeneratedDatabase[{schema}]
type GeneratedTables = GeneratedSchema["Tables"]
type GeneratedViews = GeneratedSchema["Views"]

/**
 * The generated entry of a covered table: under its new name once the database has it, else
 * under its old name.
 */
type Renamed<Old extends keyof RenamedTables> = RenamedTables[Old] extends keyof GeneratedTables
  ? WithOtherNames<GeneratedTables[RenamedTables[Old]]>
  : Old extends keyof GeneratedTables
    ? WithOtherNames<GeneratedTables[Old]>
    : never

/** Covered tables that the generated file has under neither name. */
type MissingTables = {{
  [Old in keyof RenamedTables]: RenamedTables[Old] extends keyof GeneratedTables
    ? never
    : Old extends keyof GeneratedTables
      ? never
      : Old
}}[keyof RenamedTables]

/**
 * Fails to compile, naming each table, when the generated file has a covered table under
 * neither name: regenerate the types, or this module for a narrower selection. (The missing
 * names are properties, not a union checked against `never`: TypeScript before 5 prints such
 * a union as `string`.)
 */
type NoCoveredTableMissing<Found extends {{
  [Old in MissingTables]: "is under neither name in the generated types"
}}> = Found
export type CheckGeneratedTypes = NoCoveredTableMissing<{{}}>

// Relationships naming a covered table are repeated under its other name, so that select
// strings embedding either name (`t(*)` from the other side, or `.from(t)` then an embed)
// keep their inferred types. A repeat the generated file already has (a relationship of the
// compatibility view) is not added twice: postgrest-js would call the embed ambiguous.
type HasRelationship<Rels, Fk, To> = Rels extends readonly [infer First, ...infer Rest]
  ? First extends {{ foreignKeyName: Fk; referencedRelation: To }}
    ? true
    : HasRelationship<Rest, Fk, To>
  : false

type OtherNameRelationships<All, Rels> = Rels extends readonly [infer First, ...infer Rest]
  ? First extends {{
      foreignKeyName: infer Fk
      referencedRelation: infer To extends keyof OtherName
    }}
    ? HasRelationship<All, Fk, OtherName[To]> extends true
      ? OtherNameRelationships<All, Rest>
      : [
          {{
            [P in keyof First]: P extends "referencedRelation" ? OtherName[To] : First[P]
          }},
          ...OtherNameRelationships<All, Rest>,
        ]
    : OtherNameRelationships<All, Rest>
  : []

type AddOtherNames<Rels> = Rels extends readonly unknown[]
  ? [...Rels, ...OtherNameRelationships<Rels, Rels>]
  : Rels

type WithOtherNames<Entry> = {{
  [P in keyof Entry]: P extends "Relationships" ? AddOtherNames<Entry[P]> : Entry[P]
}}

type CompatTables = {{
  [Name in keyof GeneratedTables as Exclude<Name, keyof OtherName>]: WithOtherNames<
    GeneratedTables[Name]
  >
}} & {{
"#,
        schema = lit(schema),
    );
    for &(old, new) in pairs {
        let _ = writeln!(
            out,
            "  /** @deprecated Renamed to `{}`. */\n  {}: Renamed<{}>\n  {}: Renamed<{}>",
            doc(new),
            key(old),
            lit(old),
            key(new),
            lit(old),
        );
    }
    let _ = write!(
        out,
        r#"}}

/** The generated views, less the compatibility views under covered tables' names. */
type CompatViews = {{
  [Name in keyof GeneratedViews as Exclude<Name, keyof OtherName>]: WithOtherNames<
    GeneratedViews[Name]
  >
}}

type CompatSchema = {{
  [K in keyof GeneratedSchema]: K extends "Tables"
    ? CompatTables
    : K extends "Views"
      ? CompatViews
      : GeneratedSchema[K]
}}

/** The generated Database, in which every covered table answers to its old name too. */
export type Database = {{
  [Schema in keyof GeneratedDatabase]: Schema extends {schema}
    ? CompatSchema
    : GeneratedDatabase[Schema]
}}
"#,
        schema = lit(schema),
    );
}

/// `Tables`, `TablesInsert` and `TablesUpdate` exactly as postgres-meta's template writes them,
/// over the compatible `Database`, so that they accept old names too. `Enums` and
/// `CompositeTypes` come unchanged through `export *`.
fn helpers(out: &mut String) {
    out.push_str(
        r#"
type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never
"#,
    );
}

/// The plan's type aliases (`DocumentTypes`, `DocTypes`): each covered table's whole entry by
/// both names. A name that is not an identifier, or is taken, gets a comment instead.
fn aliases(out: &mut String, pairs: &[(&str, &str)]) {
    out.push_str(
        "\n// Each covered table's entry (Row, Insert, Update, Relationships) by both names, as the\n\
         // rename plan's type aliases spell them.\n",
    );
    let mut used: HashSet<String> = TAKEN.iter().map(|s| s.to_string()).collect();
    for &(old, new) in pairs {
        let target = format!("CompatTables[{}]", lit(new));
        let new_alias = claim(&mut used, new);
        match &new_alias {
            Ok(name) => {
                let _ = writeln!(
                    out,
                    "/** The `{}` table. */\nexport type {name} = {target}",
                    doc(new)
                );
            }
            Err(why) => {
                let _ = writeln!(out, "// No alias for `{new}`: {why}.");
            }
        }
        match claim(&mut used, old) {
            Ok(name) => {
                let advice = match &new_alias {
                    Ok(n) => format!(": use {{@link {n}}}"),
                    Err(_) => String::new(),
                };
                let _ = writeln!(
                    out,
                    "/** @deprecated Renamed to `{}`{advice}. */\nexport type {name} = {target}",
                    doc(new)
                );
            }
            Err(why) => {
                let _ = writeln!(out, "// No alias for `{old}`: {why}.");
            }
        }
    }
}

/// The alias name of `table`, if it is free; marks it taken.
fn claim(used: &mut HashSet<String>, table: &str) -> Result<String, String> {
    let name = type_name(table)
        .ok_or_else(|| "its PascalCase form is not a TypeScript identifier".to_string())?;
    if !used.insert(name.clone()) {
        return Err(format!("`{name}` is taken"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Origin;

    fn rules(text: &str) -> Rules {
        Rules::parse(text, Origin::Bundled).unwrap()
    }

    const SMALL: &str = r#"
name = "small plan"
schema = "public"
[[group]]
prefix = "expert_"
unchanged = ["expert_documents"]
[group.rename]
experts = "expert_profiles"
citation_expert_aliases = "expert_citation_aliases"
[[group]]
prefix = "doc_"
[group.rename]
document_types = "doc_types"
[[phase]]
id = "1"
groups = ["doc_"]
[[phase]]
id = "2"
groups = ["expert_"]
"#;

    fn all(r: &Rules) -> Vec<usize> {
        selected_tables(r, &Selection::default())
    }

    fn gen(r: &Rules, tables: &[usize]) -> String {
        generate(
            r,
            tables,
            &Options {
                import: DEFAULT_IMPORT,
                selection: None,
            },
        )
        .unwrap()
    }

    /// The lines of `text` from the one starting with `start` through the next `}` line.
    fn block<'a>(text: &'a str, start: &str) -> Vec<&'a str> {
        let mut lines = text.lines().skip_while(|l| !l.starts_with(start));
        let mut out = Vec::new();
        for l in lines.by_ref() {
            out.push(l);
            if l == "}" {
                break;
            }
        }
        out
    }

    #[test]
    fn type_names_follow_the_plan() {
        assert_eq!(
            type_name("document_types").as_deref(),
            Some("DocumentTypes")
        );
        assert_eq!(type_name("doc_types").as_deref(), Some("DocTypes"));
        assert_eq!(
            type_name("user_profiles_v2").as_deref(),
            Some("UserProfilesV2")
        );
        assert_eq!(type_name("_private__x").as_deref(), Some("PrivateX"));
        assert_eq!(type_name("_2fa_codes"), None);
        assert_eq!(type_name("___"), None);
        assert_eq!(type_name(""), None);
    }

    #[test]
    fn selection_keeps_rules_order_and_renamed_tables_only() {
        let r = rules(SMALL);
        let names = |v: Vec<usize>| -> Vec<String> {
            v.into_iter().map(|i| r.tables[i].old.clone()).collect()
        };
        assert_eq!(
            names(all(&r)),
            ["experts", "citation_expert_aliases", "document_types"]
        );
        let sel = Selection::resolve(&r, &["expert_".into()], &[], None, &[], false).unwrap();
        // The unchanged expert_documents belongs to the group but is not covered.
        assert_eq!(
            names(selected_tables(&r, &sel)),
            ["experts", "citation_expert_aliases"]
        );
        let sel = Selection::resolve(&r, &[], &[], Some("1"), &[], true).unwrap();
        assert_eq!(names(selected_tables(&r, &sel)), ["document_types"]);
    }

    #[test]
    fn renamed_tables_map_and_table_entries() {
        let r = rules(SMALL);
        let text = gen(&r, &all(&r));
        assert_eq!(
            block(&text, "export type RenamedTables"),
            [
                "export type RenamedTables = {",
                "  experts: \"expert_profiles\"",
                "  citation_expert_aliases: \"expert_citation_aliases\"",
                "  document_types: \"doc_types\"",
                "}",
            ]
        );
        let entries: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "} & {")
            .skip(1)
            .take_while(|l| *l != "}")
            .collect();
        assert_eq!(
            entries,
            [
                "  /** @deprecated Renamed to `expert_profiles`. */",
                "  experts: Renamed<\"experts\">",
                "  expert_profiles: Renamed<\"experts\">",
                "  /** @deprecated Renamed to `expert_citation_aliases`. */",
                "  citation_expert_aliases: Renamed<\"citation_expert_aliases\">",
                "  expert_citation_aliases: Renamed<\"citation_expert_aliases\">",
                "  /** @deprecated Renamed to `doc_types`. */",
                "  document_types: Renamed<\"document_types\">",
                "  doc_types: Renamed<\"document_types\">",
            ]
        );
    }

    #[test]
    fn imports_the_generated_file_and_re_exports_it() {
        let r = rules(SMALL);
        let text = generate(
            &r,
            &all(&r),
            &Options {
                import: "@/types/database.generated",
                selection: Some("--phase 2"),
            },
        )
        .unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(
            &"import type { Database as GeneratedDatabase } from \"@/types/database.generated\""
        ));
        assert!(lines.contains(&"export * from \"@/types/database.generated\""));
        assert_eq!(
            lines[0],
            "// Compatibility types for the table renames of \"small plan\": 3 renamed tables, \
             selected with --phase 2."
        );
        assert!(lines.contains(&"type GeneratedSchema = GeneratedDatabase[\"public\"]"));
        assert!(lines.contains(&"  [Schema in keyof GeneratedDatabase]: Schema extends \"public\""));
    }

    #[test]
    fn schema_of_the_rules_is_the_one_wrapped() {
        let r = rules(&SMALL.replace("schema = \"public\"", "schema = \"app\""));
        let text = gen(&r, &all(&r));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.contains(&"type GeneratedSchema = GeneratedDatabase[\"app\"]"));
        assert!(lines.contains(&"  [Schema in keyof GeneratedDatabase]: Schema extends \"app\""));
        // The helpers' default schema stays the template's.
        assert!(lines.contains(
            &"type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, \"public\">]"
        ));
    }

    #[test]
    fn plan_aliases_by_both_names_old_one_deprecated() {
        let r = rules(SMALL);
        let text = gen(&r, &all(&r));
        let tail: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("// Each covered table's entry"))
            .skip(2)
            .collect();
        assert_eq!(
            tail,
            [
                "/** The `expert_profiles` table. */",
                "export type ExpertProfiles = CompatTables[\"expert_profiles\"]",
                "/** @deprecated Renamed to `expert_profiles`: use {@link ExpertProfiles}. */",
                "export type Experts = CompatTables[\"expert_profiles\"]",
                "/** The `expert_citation_aliases` table. */",
                "export type ExpertCitationAliases = CompatTables[\"expert_citation_aliases\"]",
                "/** @deprecated Renamed to `expert_citation_aliases`: use {@link ExpertCitationAliases}. */",
                "export type CitationExpertAliases = CompatTables[\"expert_citation_aliases\"]",
                "/** The `doc_types` table. */",
                "export type DocTypes = CompatTables[\"doc_types\"]",
                "/** @deprecated Renamed to `doc_types`: use {@link DocTypes}. */",
                "export type DocumentTypes = CompatTables[\"doc_types\"]",
            ]
        );
    }

    #[test]
    fn aliases_never_shadow_exports_globals_or_each_other() {
        let r = rules(
            r#"
name = "clashes"
[[group]]
prefix = "x_"
[group.rename]
tables = "x_tables"
omit = "x_omit"
foo_bar = "x_foo"
foo__bar = "x_foo_bar"
[[phase]]
id = "1"
groups = ["x_"]
"#,
        );
        let text = gen(&r, &all(&r));
        let tail: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("// Each covered table's entry"))
            .skip(2)
            .filter(|l| !l.starts_with("/**"))
            .collect();
        assert_eq!(
            tail,
            [
                "export type XTables = CompatTables[\"x_tables\"]",
                "// No alias for `tables`: `Tables` is taken.",
                "export type XOmit = CompatTables[\"x_omit\"]",
                "// No alias for `omit`: `Omit` is taken.",
                "export type XFoo = CompatTables[\"x_foo\"]",
                "export type FooBar = CompatTables[\"x_foo\"]",
                "export type XFooBar = CompatTables[\"x_foo_bar\"]",
                "// No alias for `foo__bar`: `FooBar` is taken.",
            ]
        );
    }

    #[test]
    fn output_is_deterministic() {
        let r = Rules::bundled();
        let tables = all(&r);
        assert_eq!(tables.len(), 44);
        let a = gen(&r, &tables);
        assert_eq!(a, gen(&r, &tables));
        // Every renamed table appears once in the map, in the order of the rules.
        let map = block(&a, "export type RenamedTables");
        let expected: Vec<String> = r
            .renamed()
            .map(|(_, t)| format!("  {}: \"{}\"", t.old, t.new))
            .collect();
        assert_eq!(map[1..map.len() - 1], expected[..]);
    }

    #[test]
    fn names_shared_by_two_covered_tables_are_refused() {
        let r = rules(
            r#"
name = "chain"
[[group]]
prefix = "g_"
[group.rename]
a = "g_b"
g_b = "g_c"
[[phase]]
id = "1"
tables = ["g_b"]
[[phase]]
id = "2"
tables = ["a"]
"#,
        );
        let err = generate(
            &r,
            &all(&r),
            &Options {
                import: DEFAULT_IMPORT,
                selection: None,
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`g_b` names two tables of the selection (`a` -> `g_b` and `g_b` -> `g_c`): one \
             type cannot stand for both"
        );
        // One link at a time is fine.
        let one = selected_tables(
            &r,
            &Selection::resolve(&r, &[], &[], Some("2"), &[], false).unwrap(),
        );
        assert!(generate(
            &r,
            &one,
            &Options {
                import: DEFAULT_IMPORT,
                selection: None
            }
        )
        .is_ok());
    }

    #[test]
    fn empty_selection_and_bad_specifier_are_refused() {
        let r = rules(SMALL);
        let opts = Options {
            import: DEFAULT_IMPORT,
            selection: None,
        };
        assert_eq!(
            generate(&r, &[], &opts).unwrap_err().to_string(),
            "the selection names no table that is renamed"
        );
        for bad in ["", "./a\nb"] {
            let opts = Options {
                import: bad,
                selection: None,
            };
            assert!(generate(&r, &all(&r), &opts)
                .unwrap_err()
                .to_string()
                .ends_with("is not a module specifier"));
        }
    }

    #[test]
    fn selection_is_described_by_its_flags() {
        assert_eq!(describe_selection(&[], &[], None), None);
        assert_eq!(
            describe_selection(
                &["doc_".into(), "ai_".into()],
                &["experts".into()],
                Some("5b")
            )
            .as_deref(),
            Some("--group doc_ --group ai_ --table experts --phase 5b")
        );
    }

    #[test]
    fn module_is_written_once_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let generated = dir.path().join("database.types.ts");
        std::fs::write(&generated, "export type Database = {}\n").unwrap();
        let out = dir.path().join("database.compat.ts");
        assert!(write_module(&out, "./database.types", b"one\n").unwrap());
        assert_eq!(std::fs::read(&out).unwrap(), b"one\n");
        assert!(!write_module(&out, "./database.types", b"one\n").unwrap());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&out), 0o644);
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o664)).unwrap();
            assert!(write_module(&out, "./database.types", b"two\n").unwrap());
            assert_eq!(mode(&out), 0o664);
        }
        assert_eq!(std::fs::read(&out).unwrap(), b"two\n");
        // Nothing but the two files: the temporary file was renamed, not left behind.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["database.compat.ts", "database.types.ts"]);
    }

    #[test]
    fn module_never_replaces_the_file_it_imports() {
        let dir = tempfile::tempdir().unwrap();
        let generated = dir.path().join("database.types.ts");
        std::fs::write(&generated, "export type Database = {}\n").unwrap();
        let up = format!(
            "../{}/database.types.ts",
            dir.path().file_name().unwrap().to_string_lossy()
        );
        for spec in ["./database.types", "./database.types.js", up.as_str()] {
            let err = write_module(&generated, spec, b"x").unwrap_err();
            assert!(
                err.to_string().contains("would import itself"),
                "{spec}: {err}"
            );
        }
        assert_eq!(
            std::fs::read_to_string(&generated).unwrap(),
            "export type Database = {}\n"
        );
    }

    #[test]
    fn specifier_and_names_are_quoted_as_typescript_strings() {
        assert_eq!(lit("./a\"b"), "\"./a\\\"b\"");
        assert_eq!(key("experts"), "experts");
        assert_eq!(key("my table"), "\"my table\"");
        assert_eq!(key("2x"), "\"2x\"");
        assert_eq!(doc("a*/b"), "a*\\/b");
    }
}
