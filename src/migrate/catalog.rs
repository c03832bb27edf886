//! Reading the live catalog: the tracking table, what a table's names are taken by, what
//! depends on a table, functions and recorded queries that still name an old table.

use std::collections::HashMap;

use serde::Deserialize;

use crate::error::UserError;
use crate::rules::Rules;

use super::db::{privilege_hint, Db};
use super::plan::{dependencies_query, tracking, view_dependents_query, TRACKING_TABLE};
use super::quote::{ident, literal, qualified, text_array};
use super::tracking as shape;

/// One row of `sys_table_migrations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackRow {
    pub id: i64,
    pub old: String,
    pub new: String,
    pub group: String,
    pub phase: String,
    pub status: String,
    pub compat_view: bool,
    pub migrated_at: String,
    pub migrated_by: String,
    pub rolled_back_at: Option<String>,
    pub cleaned_at: Option<String>,
    pub dependencies: serde_json::Value,
    pub notes: Option<String>,
    /// Every event of the move, oldest first.
    pub history: Vec<shape::Event>,
}

impl TrackRow {
    pub fn is_active(&self) -> bool {
        self.status != "rolled_back"
    }
}

/// Whether the tracking table exists; a relation of that name that is not refscan's tracking
/// table (another tool's, or edited by hand) is an error that says what differs and what to
/// do, before anything reads or writes it.
pub fn tracking_exists(db: &mut Db, rules: &Rules) -> anyhow::Result<bool> {
    let rows = db.rows(&format!(
        "SELECT c.relkind, (SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod),
                                                         a.attnotnull, a.atthasdef) ORDER BY a.attnum)
                              FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped)::text
           FROM pg_class c WHERE c.oid = to_regclass({})",
        literal(&tracking(rules))
    ))?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(false);
    };
    let kind = row[0]
        .as_deref()
        .and_then(|k| k.chars().next())
        .unwrap_or('?');
    let foreign = |what: &str, problems: &[String]| -> anyhow::Error {
        let (msg, hint) = shape::foreign_message(rules, &db.display, what, problems);
        UserError::new(msg).hint(hint).into()
    };
    if !matches!(kind, 'r' | 'p') {
        let what = format!("a {}", relkind_name(kind));
        return Err(foreign(&what, &[format!("it is {what}")]));
    }
    let raw: Vec<(String, String, bool, bool)> =
        serde_json::from_str(row[1].as_deref().unwrap_or("[]"))?;
    let columns: Vec<shape::LiveColumn> = raw
        .into_iter()
        .map(|(name, ty, not_null, has_default)| shape::LiveColumn {
            name,
            ty,
            not_null,
            has_default,
        })
        .collect();
    match shape::compare(&columns) {
        shape::Verdict::Current | shape::Verdict::Older(_) => Ok(true),
        shape::Verdict::Foreign(problems) => Err(foreign("a table", &problems)),
    }
}

/// Every row of the tracking table in the rules' schema, oldest first; empty when the table
/// does not exist.
pub fn tracking_rows(db: &mut Db, rules: &Rules) -> anyhow::Result<Vec<TrackRow>> {
    if !tracking_exists(db, rules)? {
        return Ok(Vec::new());
    }
    // The tracking table has row-level security and no policy: a role subject to it reads no
    // rows at all, and would take every phase for unapplied. (Without SELECT the query below
    // says so itself.)
    let t = literal(&tracking(rules));
    if db
        .value(&format!(
            "SELECT row_security_active({t}) AND has_table_privilege({t}, 'SELECT')"
        ))?
        .as_deref()
        == Some("t")
    {
        return Err(UserError::new(format!(
            "role {} cannot read the rows of {}.{TRACKING_TABLE} on {}: row-level security hides them from every role but the table's owner and roles with BYPASSRLS",
            db.role, rules.schema, db.display
        ))
        .hint(privilege_hint(&db.role))
        .into());
    }
    let rows = db.rows(&format!(
        "SELECT id, old_name, new_name, group_prefix, phase, status, compat_view, migrated_at,
                migrated_by, rolled_back_at, cleaned_at, dependencies::text, notes, {}::text
         FROM {} m WHERE schema_name = {} ORDER BY id",
        shape::history_expr("m"),
        tracking(rules),
        literal(&rules.schema)
    ))?;
    rows.into_iter()
        .map(|r| {
            let s = |i: usize| r.get(i).cloned().flatten();
            Ok(TrackRow {
                id: s(0).and_then(|v| v.parse().ok()).unwrap_or(0),
                old: s(1).unwrap_or_default(),
                new: s(2).unwrap_or_default(),
                group: s(3).unwrap_or_default(),
                phase: s(4).unwrap_or_default(),
                status: s(5).unwrap_or_default(),
                compat_view: s(6).as_deref() == Some("t"),
                migrated_at: s(7).unwrap_or_default(),
                migrated_by: s(8).unwrap_or_default(),
                rolled_back_at: s(9),
                cleaned_at: s(10),
                dependencies: serde_json::from_str(&s(11).unwrap_or_else(|| "{}".into()))?,
                notes: s(12),
                history: serde_json::from_str(&s(13).unwrap_or_else(|| "[]".into()))?,
            })
        })
        .collect()
}

/// The versions of refscan's phase files in the Supabase CLI's migration history
/// (`supabase_migrations.schema_migrations`, names `refscan_phase_<id>`), by phase id; empty
/// without that table.
pub fn supabase_migration_versions(db: &mut Db) -> anyhow::Result<HashMap<String, String>> {
    let t = "supabase_migrations.schema_migrations";
    let usable = db.value(&format!(
        "SELECT to_regclass({}) IS NOT NULL AND has_table_privilege({}, 'SELECT')
            AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass({}) AND attname = 'name')",
        literal(t),
        literal(t),
        literal(t)
    ))?;
    if usable.as_deref() != Some("t") {
        return Ok(HashMap::new());
    }
    let rows = db.rows(&format!(
        "SELECT substr(name, length('refscan_phase_') + 1), max(version) FROM {t}
          WHERE name LIKE 'refscan\\_phase\\_%' AND name NOT LIKE '%\\_rollback' GROUP BY 1"
    ))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r[0].clone()?, r[1].clone()?)))
        .collect())
}

/// The active row (migrated or cleaned) of each old name.
pub fn active_rows(db: &mut Db, rules: &Rules) -> anyhow::Result<HashMap<String, TrackRow>> {
    Ok(tracking_rows(db, rules)?
        .into_iter()
        .filter(TrackRow::is_active)
        .map(|r| (r.old.clone(), r))
        .collect())
}

/// The newest row of each old name, rolled back or not.
pub fn latest_rows(db: &mut Db, rules: &Rules) -> anyhow::Result<HashMap<String, TrackRow>> {
    let mut out = HashMap::new();
    for r in tracking_rows(db, rules)? {
        out.insert(r.old.clone(), r);
    }
    Ok(out)
}

/// The `relkind` of a relation (`r` table, `v` view, `p` partitioned table, ...).
pub fn relkind(db: &mut Db, schema: &str, name: &str) -> anyhow::Result<Option<char>> {
    Ok(db
        .value(&format!(
            "SELECT c.relkind FROM pg_class c WHERE c.relname = {} AND c.relnamespace = {}::regnamespace",
            literal(name),
            literal(&ident(schema))
        ))?
        .and_then(|s| s.chars().next()))
}

pub fn relkind_name(kind: char) -> &'static str {
    match kind {
        'r' => "table",
        'p' => "partitioned table",
        'v' => "view",
        'm' => "materialized view",
        'i' | 'I' => "index",
        'S' => "sequence",
        'f' => "foreign table",
        'c' => "composite type",
        't' => "TOAST table",
        _ => "relation",
    }
}

/// What holds `name` in `schema`, if anything: a relation of some kind, or a type.
pub fn name_taken(db: &mut Db, schema: &str, name: &str) -> anyhow::Result<Option<String>> {
    if let Some(k) = relkind(db, schema, name)? {
        return Ok(Some(relkind_name(k).to_string()));
    }
    let ty = db.value(&format!(
        "SELECT 1 FROM pg_type WHERE typname = {} AND typnamespace = {}::regnamespace",
        literal(name),
        literal(&ident(schema))
    ))?;
    Ok(ty.map(|_| "type".to_string()))
}

/// What the connected role lacks to run a phase, one line per problem: ownership of every
/// relation in `owned` (renaming or dropping one needs it), CREATE on the schema when the
/// phase creates views, and each privilege in `tracking_privileges` on the tracking table.
/// Checked before the transaction so that every problem shows at once, with its role.
pub fn missing_privileges(
    db: &mut Db,
    rules: &Rules,
    owned: &[&str],
    create_views: bool,
    tracking_privileges: &[&str],
) -> anyhow::Result<Vec<String>> {
    let schema = &rules.schema;
    let role = db.role.clone();
    let mut out = Vec::new();
    if !owned.is_empty() {
        let rows = db.rows(&format!(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relkind FROM pg_class c
              WHERE c.relnamespace = {}::regnamespace AND c.relname = ANY ({})
                AND NOT pg_has_role(c.relowner, 'USAGE')",
            literal(&ident(schema)),
            text_array(owned.iter().copied())
        ))?;
        let mut lines: Vec<(usize, String)> = rows
            .into_iter()
            .map(|r| {
                let name = r[0].clone().unwrap_or_default();
                let owner = r[1].clone().unwrap_or_default();
                let kind = r[2]
                    .as_deref()
                    .and_then(|k| k.chars().next())
                    .map_or("relation", relkind_name);
                let order = owned.iter().position(|o| *o == name).unwrap_or(usize::MAX);
                (
                    order,
                    format!("role {role} does not own the {kind} {schema}.{name} (its owner is {owner}), and only an owner may rename or drop it"),
                )
            })
            .collect();
        lines.sort();
        out.extend(lines.into_iter().map(|(_, l)| l));
    }
    if create_views
        && db
            .value(&format!(
                "SELECT has_schema_privilege({}, 'CREATE')",
                // A name, not an identifier: no quotes.
                literal(schema)
            ))?
            .as_deref()
            != Some("t")
    {
        out.push(format!(
            "role {role} may not create in schema {schema}, and the compatibility views are created there"
        ));
    }
    for privilege in tracking_privileges {
        let ok = db.value(&format!(
            "SELECT has_table_privilege({}, {})",
            literal(&tracking(rules)),
            literal(privilege)
        ))?;
        if ok.as_deref() != Some("t") {
            out.push(format!(
                "role {role} lacks {privilege} on {schema}.{TRACKING_TABLE}, where every move is recorded"
            ));
        }
    }
    Ok(out)
}

/// `view` exists as a view that reads `table`: the compatibility view is in place.
pub fn view_reads(db: &mut Db, schema: &str, view: &str, table: &str) -> anyhow::Result<bool> {
    Ok(db
        .value(&format!(
            "SELECT EXISTS (SELECT 1 FROM pg_class v JOIN pg_rewrite w ON w.ev_class = v.oid
                 JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
                WHERE v.oid = to_regclass({}) AND v.relkind = 'v'
                  AND d.refclassid = 'pg_class'::regclass AND d.refobjid = to_regclass({}))",
            literal(&qualified(schema, view)),
            literal(&qualified(schema, table))
        ))?
        .as_deref()
        == Some("t"))
}

/// What was built on view `view` and would be lost with it or stop its drop, one line each
/// (`view public.x`, `policy p on table t`, `function f(integer)`), as the cleanup script
/// checks it; empty when there is no such view. The wrappers of computed fields recorded in
/// `row` go with the view and are not dependents.
pub fn view_dependents(
    db: &mut Db,
    schema: &str,
    view: &str,
    row: &TrackRow,
) -> anyhow::Result<Vec<String>> {
    let rel = format!("to_regclass({})", literal(&qualified(schema, view)));
    let wrappers: Vec<String> = super::computed::recorded_wrappers(&row.dependencies)
        .iter()
        .map(|w| format!("to_regprocedure({})", literal(w)))
        .collect();
    let exclude = format!("ARRAY[{}]::oid[]", wrappers.join(", "));
    let rows = db.rows(&format!(
        "SELECT x FROM ({}) AS q(x) ORDER BY 1",
        view_dependents_query(&rel, &exclude)
    ))?;
    Ok(rows.into_iter().filter_map(|r| r[0].clone()).collect())
}

/// What depends on a table, as [`dependencies_query`] reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Dependents {
    pub rls: bool,
    pub foreign_keys_out: Vec<String>,
    pub foreign_keys_in: Vec<String>,
    pub constraints: Vec<String>,
    pub indexes: Vec<String>,
    pub sequences: Vec<String>,
    pub triggers: Vec<String>,
    pub policies: Vec<String>,
    pub views: Vec<String>,
    /// Roles with SELECT on some columns but not on the table, as `role (col, col)`.
    pub column_select_only: Vec<String>,
    pub functions: Vec<String>,
    /// Functions whose signature uses the table's row type.
    pub row_type_functions: Vec<super::computed::RowTypeFunction>,
    pub publications: Vec<String>,
}

/// The dependents of table `table` (by its current name); `old` is the name functions would use.
pub fn dependents(db: &mut Db, schema: &str, table: &str, old: &str) -> anyhow::Result<Dependents> {
    let json = db
        .value(&dependencies_query(schema, table, old))?
        .unwrap_or_else(|| "{}".to_string());
    Ok(serde_json::from_str(&json)?)
}

fn word_pattern(name: &str) -> String {
    let mut escaped = String::new();
    for c in name.chars() {
        if !(c.is_alphanumeric() || c == '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    format!("\\m{escaped}\\M")
}

/// Functions outside the system schemas and extensions whose source text names `name` as a
/// word: string bodies resolve names when they run, so they use whatever has that name then.
pub fn functions_naming(db: &mut Db, name: &str) -> anyhow::Result<Vec<String>> {
    let rows = db.rows(&format!(
        "SELECT p.oid::regprocedure::text FROM pg_proc p
           JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE l.lanname NOT IN ('c', 'internal') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND p.prosrc ~* {}
            AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                            AND e.objid = p.oid AND e.deptype = 'e')
          ORDER BY 1",
        literal(&word_pattern(name))
    ))?;
    Ok(rows.into_iter().filter_map(|r| r[0].clone()).collect())
}

/// pg_cron jobs whose command names `name` as a word, as `jobname: command` (empty without
/// pg_cron): their text is run as it stands, so they follow no rename.
pub fn cron_jobs_naming(db: &mut Db, name: &str) -> anyhow::Result<Vec<String>> {
    if db
        .value("SELECT to_regclass('cron.job') IS NOT NULL")?
        .as_deref()
        != Some("t")
    {
        return Ok(Vec::new());
    }
    let rows = db.rows(&format!(
        "SELECT COALESCE(jobname, jobid::text) || ': ' || command FROM cron.job WHERE command ~* {} ORDER BY 1",
        literal(&word_pattern(name))
    ))?;
    Ok(rows.into_iter().filter_map(|r| r[0].clone()).collect())
}

/// Recorded queries (pg_stat_statements) that name a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementUse {
    pub calls: i64,
    pub query: String,
}

/// What pg_stat_statements knows, when it is installed and loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statements {
    NotInstalled,
    /// Installed but not readable (not preloaded, or no privilege): the reason.
    Unavailable(String),
    Available {
        /// When the statistics were last reset, if the server says.
        stats_reset: Option<String>,
        uses: Vec<StatementUse>,
    },
}

/// Data statements recorded by pg_stat_statements that name `name` as a word. DDL is left
/// out: the rename itself and refscan's own statements name the old table too.
pub fn statements_naming(db: &mut Db, name: &str) -> anyhow::Result<Statements> {
    let schema = db.value(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'",
    )?;
    let Some(schema) = schema else {
        return Ok(Statements::NotInstalled);
    };
    let view = qualified(&schema, "pg_stat_statements");
    let sql = format!(
        "SELECT sum(calls)::bigint, query FROM {view}
          WHERE query ~* {} AND query ~* '^\\s*(select|insert|update|delete|with|merge|copy|table)\\M'
            AND query !~* {} AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          GROUP BY query ORDER BY 1 DESC, 2",
        literal(&word_pattern(name)),
        literal(&word_pattern(TRACKING_TABLE)),
    );
    let rows = match db.rows(&sql) {
        Ok(r) => r,
        Err(e) => return Ok(Statements::Unavailable(format!("{e:#}"))),
    };
    let stats_reset = db
        .rows(&format!(
            "SELECT stats_reset::text FROM {}",
            qualified(&schema, "pg_stat_statements_info")
        ))
        .ok()
        .and_then(|r| r.into_iter().next())
        .and_then(|r| r.into_iter().next().flatten());
    Ok(Statements::Available {
        stats_reset,
        uses: rows
            .into_iter()
            .map(|r| StatementUse {
                calls: r[0].as_deref().and_then(|c| c.parse().ok()).unwrap_or(0),
                query: r[1].clone().unwrap_or_default(),
            })
            .collect(),
    })
}

/// Constraints that `migrate apply --rename-dependents` renamed and that are still renamed
/// (old name, new name), from every tracking table in the database: the rewriter updates
/// PostgREST hints that name them.
/// The kind (`relkind`: `r` table, `p` partitioned table, `v` view, ...) of each of `names`
/// that exists in `schema`.
pub fn relation_kinds(
    client: &mut postgres::Client,
    schema: &str,
    names: &[&str],
) -> anyhow::Result<std::collections::BTreeMap<String, char>> {
    let mut out = std::collections::BTreeMap::new();
    if names.is_empty() {
        return Ok(out);
    }
    let list: Vec<String> = names.iter().map(|n| literal(n)).collect();
    let rows = client.simple_query(&format!(
        "SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = {} AND c.relname IN ({})",
        literal(schema),
        list.join(", ")
    ))?;
    for m in rows {
        if let postgres::SimpleQueryMessage::Row(r) = m {
            if let (Some(name), Some(kind)) = (r.get(0), r.get(1)) {
                out.insert(name.to_string(), kind.chars().next().unwrap_or('?'));
            }
        }
    }
    Ok(out)
}

pub fn renamed_constraints(client: &mut postgres::Client) -> anyhow::Result<Vec<(String, String)>> {
    let schemas = client.simple_query(&format!(
        "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relname = {} AND c.relkind IN ('r', 'p')
            -- Another tool's table of that name has no record of renamed constraints.
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND NOT a.attisdropped
                          AND a.attname = 'dependencies' AND a.atttypid = 'jsonb'::regtype)
            AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND NOT a.attisdropped
                          AND a.attname = 'status')
          ORDER BY 1",
        literal(TRACKING_TABLE)
    ))?;
    let mut out = Vec::new();
    for m in schemas {
        let postgres::SimpleQueryMessage::Row(r) = m else {
            continue;
        };
        let Some(schema) = r.get(0) else { continue };
        let rows = client.simple_query(&format!(
            "SELECT e.item ->> 'old', e.item ->> 'new'
               FROM {} m, jsonb_array_elements(COALESCE(m.dependencies -> 'renamed', '[]'::jsonb)) WITH ORDINALITY AS e(item, ord)
              WHERE m.status <> 'rolled_back' AND e.item ->> 'kind' = 'constraint'
              ORDER BY m.id, e.ord",
            qualified(schema, TRACKING_TABLE)
        ))?;
        for m in rows {
            if let postgres::SimpleQueryMessage::Row(r) = m {
                if let (Some(o), Some(n)) = (r.get(0), r.get(1)) {
                    out.push((o.to_string(), n.to_string()));
                }
            }
        }
    }
    Ok(out)
}

/// The versions `supabase_migrations.schema_migrations` records as run (the Supabase CLI's
/// history); `None` when the database has no such table.
pub fn recorded_migrations(
    db: &mut Db,
) -> anyhow::Result<Option<std::collections::HashSet<String>>> {
    if db
        .value("SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL")?
        .as_deref()
        != Some("t")
    {
        return Ok(None);
    }
    let rows = db.rows("SELECT version FROM supabase_migrations.schema_migrations")?;
    Ok(Some(
        rows.into_iter().filter_map(|r| r[0].clone()).collect(),
    ))
}

/// The publications holding a relation of `schema` named one of `names`, as `(publication,
/// relation)` pairs in name order.
pub fn publication_members(
    db: &mut Db,
    schema: &str,
    names: &[&str],
) -> anyhow::Result<Vec<(String, String)>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let rows = db.rows(&format!(
        "SELECT pubname, tablename FROM pg_publication_tables WHERE schemaname = {} AND tablename = ANY({}) ORDER BY 1, 2",
        literal(schema),
        text_array(names.iter().copied())
    ))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r[0].clone()?, r[1].clone()?)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_patterns_escape_everything_but_word_characters() {
        assert_eq!(word_pattern("sources"), "\\msources\\M");
        assert_eq!(word_pattern("a.b"), "\\ma\\.b\\M");
    }

    #[test]
    fn dependents_parse_with_missing_keys() {
        let d: Dependents =
            serde_json::from_str(r#"{"rls": true, "indexes": ["t_pkey"], "extra": 1}"#).unwrap();
        assert!(d.rls);
        assert_eq!(d.indexes, ["t_pkey"]);
        assert!(d.functions.is_empty());
    }
}
