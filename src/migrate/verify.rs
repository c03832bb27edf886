//! `migrate verify`: drift between the live database, the rules and `sys_table_migrations`
//! (tables renamed or dropped by hand, compatibility views missing, changed, without
//! `security_invoker` or with other grants than their table, applied phases missing objects).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::exit;
use crate::rules::Rules;

use super::catalog::{self, relkind_name, TrackRow};
use super::computed::recorded_wrappers;
use super::db::Db;
use super::plan::TRACKING_TABLE;
use super::quote::{ident, literal, qualified};
use super::{Io, StatusFormat};

/// Kinds of drift, as `verify` prints them and JSON carries them.
pub const TABLE_RENAMED_BY_HAND: &str = "table-renamed-by-hand";
pub const TABLE_MISSING: &str = "table-missing";
pub const VIEW_MISSING: &str = "view-missing";
pub const VIEW_CHANGED: &str = "view-changed";
pub const VIEW_NOT_SECURITY_INVOKER: &str = "view-not-security-invoker";
pub const VIEW_GRANTS_DIFFER: &str = "view-grants-differ";
pub const VIEW_AFTER_CLEANUP: &str = "view-after-cleanup";
pub const PHASE_OBJECT_MISSING: &str = "phase-object-missing";

/// One disagreement between the database and what the rules and the tracking table say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    pub kind: &'static str,
    /// The old name of the rules' table it concerns.
    pub table: String,
    /// The phase recorded as applied (or planned) for that table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    pub message: String,
    /// What the user must do.
    pub fix: String,
}

/// A relation as verify reads it.
#[derive(Debug, Clone, Default, Deserialize)]
struct Rel {
    kind: String,
    #[serde(default)]
    options: Vec<String>,
    /// `schema.name` of every relation a view's query reads.
    #[serde(default)]
    reads: Vec<String>,
    /// `name type` per column, in order.
    #[serde(default)]
    columns: Vec<String>,
}

fn rel(db: &mut Db, schema: &str, name: &str) -> anyhow::Result<Option<Rel>> {
    let json = db.value(&format!(
        "SELECT json_build_object(
            'kind', c.relkind,
            'options', COALESCE(c.reloptions, '{{}}'),
            'reads', ARRAY(SELECT DISTINCT n.nspname || '.' || r.relname FROM pg_rewrite w
                JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid
                 AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> c.oid
                JOIN pg_class r ON r.oid = d.refobjid JOIN pg_namespace n ON n.oid = r.relnamespace
               WHERE w.ev_class = c.oid ORDER BY 1),
            'columns', ARRAY(SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
               ORDER BY a.attnum))::text
           FROM pg_class c WHERE c.relname = {} AND c.relnamespace = {}::regnamespace",
        literal(name),
        literal(&ident(schema))
    ))?;
    json.map(|j| Ok(serde_json::from_str(&j)?)).transpose()
}

fn is_table(r: &Option<Rel>) -> bool {
    r.as_ref().is_some_and(|r| r.kind == "r" || r.kind == "p")
}

fn kind_name(r: &Rel) -> &'static str {
    relkind_name(r.kind.chars().next().unwrap_or('?'))
}

/// Whether view `view` has the definition `apply` gives it (`SELECT * FROM table`, expanded
/// now): a throwaway temporary view made the same way is compared with it, in a transaction
/// that is rolled back. `None`: the same; otherwise the view's definition.
fn definition_differs(
    db: &mut Db,
    schema: &str,
    view: &str,
    table: &str,
) -> anyhow::Result<Option<String>> {
    let v = literal(&qualified(schema, view));
    let sql = format!(
        "BEGIN; CREATE TEMPORARY VIEW refscan_verify_view AS SELECT * FROM {};
         SELECT pg_get_viewdef('refscan_verify_view'::regclass) = pg_get_viewdef(to_regclass({v})),
                pg_get_viewdef(to_regclass({v}));
         ROLLBACK;",
        qualified(schema, table)
    );
    let rows = match db.rows(&sql) {
        Ok(r) => r,
        Err(e) => {
            let _ = db.execute("ROLLBACK");
            return Err(e);
        }
    };
    let row = rows.into_iter().next().unwrap_or_default();
    if row.first().cloned().flatten().as_deref() == Some("t") {
        Ok(None)
    } else {
        Ok(Some(
            row.get(1)
                .cloned()
                .flatten()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ))
    }
}

/// Table- and column-level privileges of a relation as `column|grantee|privilege|grantable`
/// (column empty for the table level); grantors are left out, as apply grants as the owner.
fn privileges(db: &mut Db, schema: &str, name: &str) -> anyhow::Result<BTreeSet<String>> {
    let grantee =
        "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END";
    let rows = db.rows(&format!(
        "SELECT '' || '|' || {grantee} || '|' || a.privilege_type || '|' || a.is_grantable
           FROM pg_class c, aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a
          WHERE c.oid = to_regclass({rel})
         UNION ALL
         SELECT quote_ident(t.attname) || '|' || {grantee} || '|' || a.privilege_type || '|' || a.is_grantable
           FROM pg_attribute t, aclexplode(t.attacl) a
          WHERE t.attrelid = to_regclass({rel}) AND t.attnum > 0 AND NOT t.attisdropped",
        rel = literal(&qualified(schema, name))
    ))?;
    Ok(rows.into_iter().filter_map(|r| r[0].clone()).collect())
}

/// `GRANT`/`REVOKE` statements that give `view` exactly the privileges of its table.
fn grant_fixes(
    view: &str,
    table: &BTreeSet<String>,
    on_view: &BTreeSet<String>,
) -> (Vec<String>, Vec<String>) {
    let stmt = |line: &str, grant: bool| {
        let mut p = line.splitn(4, '|');
        let (col, grantee, privilege, grantable) = (
            p.next().unwrap_or(""),
            p.next().unwrap_or(""),
            p.next().unwrap_or(""),
            p.next().unwrap_or(""),
        );
        let cols = if col.is_empty() {
            String::new()
        } else {
            format!(" ({col})")
        };
        if grant {
            let option = if grantable == "true" {
                " WITH GRANT OPTION"
            } else {
                ""
            };
            format!("GRANT {privilege}{cols} ON {view} TO {grantee}{option};")
        } else {
            format!("REVOKE {privilege}{cols} ON {view} FROM {grantee};")
        }
    };
    let missing = table.difference(on_view).map(|l| stmt(l, true)).collect();
    let extra = on_view.difference(table).map(|l| stmt(l, false)).collect();
    (missing, extra)
}

/// Every drift among the given tables of the rules (default: all).
pub fn collect(db: &mut Db, rules: &Rules, tables: Option<&[usize]>) -> anyhow::Result<Vec<Drift>> {
    let schema = rules.schema.clone();
    let tracked = catalog::tracking_exists(db, rules)?;
    let latest = if tracked {
        catalog::latest_rows(db, rules)?
    } else {
        Default::default()
    };
    let all: Vec<usize> = (0..rules.tables.len()).collect();
    let mut out = Vec::new();
    for &ti in tables.unwrap_or(&all) {
        let t = &rules.tables[ti];
        let q = |n: &str| format!("{schema}.{n}");
        let planned = t.phase.map(|p| rules.phases[p].id.clone());
        let drift = |kind, phase: Option<String>, message: String, fix: String| Drift {
            kind,
            table: t.old.clone(),
            phase,
            message,
            fix,
        };
        let old = rel(db, &schema, &t.old)?;
        if !t.is_renamed() {
            if !is_table(&old) {
                let what = old.as_ref().map_or("does not exist".to_string(), |r| {
                    format!("is a {}", kind_name(r))
                });
                out.push(drift(
                    TABLE_MISSING,
                    None,
                    format!("table {} of the rules (unchanged) {what}", q(&t.old)),
                    "restore it (refscan restore), or take it out of the rules if it was dropped on purpose".into(),
                ));
            }
            continue;
        }
        let new = rel(db, &schema, &t.new)?;
        let row: Option<&TrackRow> = latest.get(&t.old);
        let state = row.map_or("pending", |r| r.status.as_str());
        match state {
            "migrated" | "cleaned" => {
                let row = row.expect("a state comes from a row");
                let phase = Some(row.phase.clone());
                let applied = format!("phase {} is recorded as applied", row.phase);
                // A view still standing on the old name follows its table by OID: it says
                // where a hand rename took the table.
                let target = old
                    .as_ref()
                    .filter(|r| r.kind == "v")
                    .and_then(|r| (r.reads.len() == 1).then(|| r.reads[0].clone()));
                if !is_table(&new) {
                    let (kind, message, fix) = match &target {
                        Some(other) if *other != q(&t.new) => (
                            TABLE_RENAMED_BY_HAND,
                            format!(
                                "{applied} ({} -> {}), but the table is now {other}: renamed by hand (the compatibility view {} still reads it)",
                                q(&t.old), q(&t.new), q(&t.old)
                            ),
                            format!(
                                "rename it back (ALTER TABLE {other} RENAME TO {}), or change the rules and the tracking table to the name it has",
                                ident(&t.new)
                            ),
                        ),
                        _ if is_table(&old) => (
                            TABLE_RENAMED_BY_HAND,
                            format!(
                                "{applied} ({} -> {}), but {} is a table again and {} {}: renamed back by hand or restored from an older backup",
                                q(&t.old), q(&t.new), q(&t.old), q(&t.new),
                                new.as_ref().map_or("does not exist".to_string(), |r| format!("is a {}", kind_name(r)))
                            ),
                            format!(
                                "apply the rename again by hand (ALTER TABLE {} RENAME TO {}, then the compatibility view as refscan migrate plan --phase {} writes it), or restore the backup taken after the phase",
                                qualified(&schema, &t.old), ident(&t.new), row.phase
                            ),
                        ),
                        _ => (
                            TABLE_MISSING,
                            format!(
                                "{applied} ({} -> {}), but table {} {}: dropped or renamed by hand",
                                q(&t.old), q(&t.new), q(&t.new),
                                new.as_ref().map_or("does not exist".to_string(), |r| format!("is a {}", kind_name(r)))
                            ),
                            format!("restore the table from the group's backup (refscan restore), or find where it went and rename it back to {}", q(&t.new)),
                        ),
                    };
                    out.push(drift(kind, phase.clone(), message, fix));
                }
                let create = format!(
                    "CREATE OR REPLACE VIEW {} WITH (security_invoker = true) AS SELECT * FROM {}",
                    qualified(&schema, &t.old),
                    qualified(&schema, &t.new)
                );
                if state == "cleaned" {
                    if old.as_ref().is_some_and(|r| r.kind == "v") {
                        out.push(drift(
                            VIEW_AFTER_CLEANUP,
                            phase,
                            format!(
                                "the compatibility view {} was dropped by cleanup, yet a view of that name is there again (created by hand or by a migration)",
                                q(&t.old)
                            ),
                            format!("drop it (DROP VIEW {}) once nothing uses the old name", qualified(&schema, &t.old)),
                        ));
                    }
                    continue;
                }
                if !row.compat_view {
                    continue;
                }
                let Some(view) = old.as_ref().filter(|r| r.kind == "v") else {
                    let what = old.as_ref().map_or("does not exist".to_string(), |r| {
                        format!("is a {}", kind_name(r))
                    });
                    if !is_table(&old) {
                        out.push(drift(
                            VIEW_MISSING,
                            phase,
                            format!(
                                "{applied}, but its compatibility view {} {what}: code still using the old name fails",
                                q(&t.old)
                            ),
                            format!("recreate it: {create}, with the table's privileges (GRANT ... ON {})", qualified(&schema, &t.old)),
                        ));
                    }
                    continue;
                };
                if !is_table(&new) {
                    continue;
                }
                if let Some(other) = target.as_ref().filter(|o| **o != q(&t.new)) {
                    out.push(drift(
                        VIEW_CHANGED,
                        phase.clone(),
                        format!(
                            "the compatibility view {} reads {other}, not {}",
                            q(&t.old),
                            q(&t.new)
                        ),
                        format!("recreate it as apply does: {create}"),
                    ));
                } else if view.columns
                    != new.as_ref().map(|n| n.columns.clone()).unwrap_or_default()
                {
                    let table_cols = &new.as_ref().expect("a table").columns;
                    let added: Vec<&String> = table_cols
                        .iter()
                        .filter(|c| !view.columns.contains(c))
                        .collect();
                    let gone: Vec<&String> = view
                        .columns
                        .iter()
                        .filter(|c| !table_cols.contains(c))
                        .collect();
                    let mut what = Vec::new();
                    if !added.is_empty() {
                        what.push(format!("lacks the table's columns {} (added after the view was created: SELECT * was expanded then)", list(&added)));
                    }
                    if !gone.is_empty() {
                        what.push(format!("has columns the table does not: {}", list(&gone)));
                    }
                    if what.is_empty() {
                        what.push("has the table's columns in another order".into());
                    }
                    out.push(drift(
                        VIEW_CHANGED,
                        phase.clone(),
                        format!("the compatibility view {} {}", q(&t.old), what.join("; ")),
                        format!("recreate it as apply does: {create} (keeps its privileges)"),
                    ));
                } else if let Some(def) = definition_differs(db, &schema, &t.old, &t.new)? {
                    out.push(drift(
                        VIEW_CHANGED,
                        phase.clone(),
                        format!(
                            "the compatibility view {} is not what apply creates (SELECT * FROM {}): it is `{def}`",
                            q(&t.old), q(&t.new)
                        ),
                        format!("recreate it as apply does: {create}"),
                    ));
                }
                if !crate::lint::db::security_invoker(&view.options) {
                    out.push(drift(
                        VIEW_NOT_SECURITY_INVOKER,
                        phase.clone(),
                        format!(
                            "the compatibility view {} is not security_invoker: it reads {} with its owner's rights, so row-level security no longer applies to anon and authenticated through the old name (supabase db pull and db diff write views back without it)",
                            q(&t.old), q(&t.new)
                        ),
                        format!("ALTER VIEW {} SET (security_invoker = true), and recreate the view with WITH (security_invoker = true) in the migration that dropped it", qualified(&schema, &t.old)),
                    ));
                }
                let on_table = privileges(db, &schema, &t.new)?;
                let on_view = privileges(db, &schema, &t.old)?;
                if on_table != on_view {
                    let (grant, revoke) =
                        grant_fixes(&qualified(&schema, &t.old), &on_table, &on_view);
                    let mut what = Vec::new();
                    if !grant.is_empty() {
                        what.push(format!(
                            "lacks {} the table has",
                            count(grant.len(), "privilege")
                        ));
                    }
                    if !revoke.is_empty() {
                        what.push(format!(
                            "has {} the table has not",
                            count(revoke.len(), "privilege")
                        ));
                    }
                    out.push(drift(
                        VIEW_GRANTS_DIFFER,
                        phase.clone(),
                        format!(
                            "the compatibility view {} {} (a grant changed on one of them since the phase)",
                            q(&t.old),
                            what.join(" and ")
                        ),
                        format!("make them the same: {}", [grant, revoke].concat().join(" ")),
                    ));
                }
                for w in recorded_wrappers(&row.dependencies) {
                    let there = db.value(&format!(
                        "SELECT to_regprocedure({}) IS NOT NULL",
                        literal(&w)
                    ))?;
                    if there.as_deref() != Some("t") {
                        out.push(drift(
                            PHASE_OBJECT_MISSING,
                            phase.clone(),
                            format!("{applied}, but the wrapper function {w} it created for a computed field through the old name is missing"),
                            format!("recreate it: roll the phase back and apply it again (refscan migrate rollback --phase {p} then apply --phase {p})", p = row.phase),
                        ));
                    }
                }
                for (kind, name) in renamed_dependents(&row.dependencies) {
                    if !dependent_exists(db, &schema, &t.new, &kind, &name)? {
                        out.push(drift(
                            PHASE_OBJECT_MISSING,
                            phase.clone(),
                            format!("{applied} and renamed the {kind} of {} to {name}, but no {kind} of that name is there", q(&t.new)),
                            format!("find it (renamed or dropped by hand) and give it the name {name} again, or roll the phase back before changing it"),
                        ));
                    }
                }
            }
            _ => {
                if is_table(&old) {
                    continue;
                }
                let when = if state == "rolled_back" {
                    format!(
                        "the phase {} was rolled back",
                        row.map_or("?", |r| r.phase.as_str())
                    )
                } else {
                    format!(
                        "phase {} is not applied{}",
                        planned.as_deref().unwrap_or("?"),
                        if tracked { "" } else { " (no tracking table)" }
                    )
                };
                let (kind, message, fix) = if is_table(&new) {
                    (
                        TABLE_RENAMED_BY_HAND,
                        format!(
                            "{when}, yet {} is a table and {} {}: renamed outside refscan",
                            q(&t.new), q(&t.old),
                            old.as_ref().map_or("does not exist".to_string(), |r| format!("is a {}", kind_name(r)))
                        ),
                        format!(
                            "rename it back (ALTER TABLE {} RENAME TO {}) and let refscan migrate apply --phase {} do the rename, view and record",
                            qualified(&schema, &t.new), ident(&t.old), planned.as_deref().unwrap_or("ID")
                        ),
                    )
                } else {
                    (
                        TABLE_MISSING,
                        format!(
                            "{when}, yet table {} {} and {} is no table either: dropped or renamed by hand",
                            q(&t.old),
                            old.as_ref().map_or("does not exist".to_string(), |r| format!("is a {}", kind_name(r))),
                            q(&t.new)
                        ),
                        "restore it from the group's backup (refscan restore), or take it out of the rules if it was dropped on purpose".to_string(),
                    )
                };
                out.push(drift(kind, planned.clone(), message, fix));
            }
        }
    }
    Ok(out)
}

fn list(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The dependents a phase renamed (`--rename-dependents`), as (kind, new name).
fn renamed_dependents(dependencies: &serde_json::Value) -> Vec<(String, String)> {
    dependencies
        .get("renamed")
        .and_then(|r| r.as_array())
        .into_iter()
        .flatten()
        .filter_map(|e| {
            Some((
                e.get("kind")?.as_str()?.to_string(),
                e.get("new")?.as_str()?.to_string(),
            ))
        })
        .collect()
}

fn dependent_exists(
    db: &mut Db,
    schema: &str,
    table: &str,
    kind: &str,
    name: &str,
) -> anyhow::Result<bool> {
    let tbl = format!("to_regclass({})", literal(&qualified(schema, table)));
    let n = literal(name);
    let sql = match kind {
        "constraint" => format!("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = {tbl} AND conname = {n})"),
        "trigger" => format!("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = {tbl} AND tgname = {n})"),
        "policy" => format!("SELECT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = {tbl} AND polname = {n})"),
        _ => format!(
            "SELECT EXISTS (SELECT 1 FROM pg_class WHERE relname = {n} AND relnamespace = {}::regnamespace)",
            literal(&ident(schema))
        ),
    };
    Ok(db.value(&sql)?.as_deref() == Some("t"))
}

/// `migrate verify`: prints every drift; exit 1 when there is any, as `check` does.
pub fn verify(
    db: &mut Db,
    rules: &Rules,
    tables: Option<&[usize]>,
    format: StatusFormat,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let drift = collect(db, rules, tables)?;
    let checked = tables.map_or(rules.tables.len(), <[usize]>::len);
    let code = if drift.is_empty() {
        exit::CLEAN
    } else {
        exit::FINDINGS
    };
    if format == StatusFormat::Json {
        let doc = serde_json::json!({
            "database": db.display,
            "tables_checked": checked,
            "drift": drift,
        });
        super::status::print_json(io, &doc)?;
        return Ok(code);
    }
    writeln!(io.out, "{}", db.display)?;
    for d in &drift {
        let phase = d
            .phase
            .as_deref()
            .map(|p| format!(" (phase {p})"))
            .unwrap_or_default();
        writeln!(io.out, "{}: {}{phase}: {}", d.kind, d.table, d.message)?;
        writeln!(io.out, "  fix: {}", d.fix)?;
    }
    writeln!(
        io.out,
        "{}; {} of the rules checked against the database and {}.{TRACKING_TABLE}",
        if drift.is_empty() {
            "no drift".to_string()
        } else {
            count(drift.len(), "drift finding")
        },
        count(checked, "table"),
        rules.schema
    )?;
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_fixes_make_the_view_match_the_table() {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        let table = set(&["|anon|SELECT|false", "id|authenticated|UPDATE|true"]);
        let view = set(&["|anon|SELECT|false", "|anon|INSERT|false"]);
        let (grant, revoke) = grant_fixes("public.v", &table, &view);
        assert_eq!(
            grant,
            ["GRANT UPDATE (id) ON public.v TO authenticated WITH GRANT OPTION;"]
        );
        assert_eq!(revoke, ["REVOKE INSERT ON public.v FROM anon;"]);
    }

    #[test]
    fn renamed_dependents_are_read_from_the_record() {
        let deps = serde_json::json!({"renamed": [
            {"kind": "index", "schema": "public", "old": "notes_owner_idx", "new": "t_notes_owner_idx"},
            {"kind": "constraint", "old": "notes_pkey", "new": "t_notes_pkey"}
        ]});
        assert_eq!(
            renamed_dependents(&deps),
            [
                ("index".to_string(), "t_notes_owner_idx".to_string()),
                ("constraint".to_string(), "t_notes_pkey".to_string())
            ]
        );
        assert!(renamed_dependents(&serde_json::json!({})).is_empty());
    }
}
