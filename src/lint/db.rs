//! `refscan lint --database-url`: the periodic review of a live schema: tables without a
//! group prefix or missing from the rules, compatibility views that outlived their cleanup,
//! and views that bypass row-level security.

use std::collections::HashMap;

use serde_json::json;

use crate::migrate::catalog;
use crate::migrate::db::Db;
use crate::migrate::plan::{tracking, TRACKING_TABLE};
use crate::migrate::quote::{ident, literal};
use crate::print::{Diagnostic, Place, Severity};
use crate::rules::Rules;

use super::{
    LintFinding, STALE_COMPAT_VIEW, TABLE_NOT_IN_RULES, UNPREFIXED_TABLE,
    VIEW_WITHOUT_SECURITY_INVOKER,
};

/// A relation of the schema as the review sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub name: String,
    /// `r`/`p` table, `v` view.
    pub kind: char,
    pub reloptions: Vec<String>,
}

/// Tables and views of `schema`, extension members left out (they are not the project's).
pub fn relations(db: &mut Db, schema: &str) -> anyhow::Result<Vec<Relation>> {
    let rows = db.rows(&format!(
        "SELECT c.relname, c.relkind, array_to_string(COALESCE(c.reloptions, '{{}}'), chr(31))
           FROM pg_class c
          WHERE c.relnamespace = {}::regnamespace AND c.relkind IN ('r', 'p', 'v')
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                            AND d.objid = c.oid AND d.deptype = 'e')
          ORDER BY 1",
        literal(&ident(schema))
    ))?;
    Ok(rows
        .into_iter()
        .map(|r| Relation {
            name: r[0].clone().unwrap_or_default(),
            kind: r[1]
                .as_deref()
                .and_then(|k| k.chars().next())
                .unwrap_or('?'),
            reloptions: r[2]
                .as_deref()
                .unwrap_or("")
                .split('\u{1f}')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        })
        .collect())
}

/// `security_invoker` is on in a view's options (Postgres reads booleans as `parse_bool`
/// does: any prefix of true/yes, on, 1).
pub fn security_invoker(options: &[String]) -> bool {
    options.iter().any(|o| {
        let Some((k, v)) = o.split_once('=') else {
            return false;
        };
        let v = v.trim().to_ascii_lowercase();
        k.trim().eq_ignore_ascii_case("security_invoker")
            && (("true".starts_with(&v) || "yes".starts_with(&v)) && !v.is_empty()
                || v == "on"
                || v == "1")
    })
}

/// A tracking row whose old name is a view again (or still): `status`, when it was cleaned,
/// and the latest cleanup that ran after the table moved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ViewAfterCleanup {
    old: String,
    new: String,
    phase: String,
    status: String,
    cleaned_at: Option<String>,
    later_cleanup: Option<String>,
}

fn views_after_cleanup(db: &mut Db, rules: &Rules) -> anyhow::Result<Vec<ViewAfterCleanup>> {
    let t = tracking(rules);
    let rows = db.rows(&format!(
        "SELECT m.old_name, m.new_name, m.phase, m.status, m.cleaned_at::text,
                (SELECT max(c.cleaned_at)::text FROM {t} c
                  WHERE c.schema_name = m.schema_name AND c.status = 'cleaned' AND c.cleaned_at > m.migrated_at)
           FROM {t} m
          WHERE m.schema_name = {s} AND m.status IN ('migrated', 'cleaned')
            AND EXISTS (SELECT 1 FROM pg_class v WHERE v.relname = m.old_name
                        AND v.relnamespace = {ns}::regnamespace AND v.relkind = 'v')
          ORDER BY m.id",
        s = literal(&rules.schema),
        ns = literal(&ident(&rules.schema)),
    ))?;
    Ok(rows
        .into_iter()
        .map(|r| ViewAfterCleanup {
            old: r[0].clone().unwrap_or_default(),
            new: r[1].clone().unwrap_or_default(),
            phase: r[2].clone().unwrap_or_default(),
            status: r[3].clone().unwrap_or_default(),
            cleaned_at: r[4].clone(),
            later_cleanup: r[5].clone(),
        })
        .collect())
}

fn object(
    schema: &str,
    name: &str,
    kind: &'static str,
    rule: &'static str,
    severity: Severity,
    message: String,
    fields: serde_json::Value,
) -> LintFinding {
    LintFinding {
        diagnostic: Diagnostic {
            rule,
            message,
            place: Place::Object {
                name: format!("{schema}.{name}"),
                kind,
            },
            fields: match fields {
                serde_json::Value::Object(m) => m,
                _ => serde_json::Map::new(),
            },
        },
        severity,
        suppressed: false,
    }
}

/// The review of the rules' schema.
pub fn review(db: &mut Db, rules: &Rules) -> anyhow::Result<Vec<LintFinding>> {
    let schema = rules.schema.as_str();
    let tracked = catalog::tracking_exists(db, rules)?;
    let active = if tracked {
        catalog::active_rows(db, rules)?
    } else {
        HashMap::new()
    };
    let prefixes = rules.prefixes();
    let mut out = Vec::new();
    for rel in relations(db, schema)? {
        let name = rel.name.as_str();
        if rel.kind == 'v' {
            if !security_invoker(&rel.reloptions) {
                out.push(object(
                    schema,
                    name,
                    "view",
                    VIEW_WITHOUT_SECURITY_INVOKER,
                    Severity::Error,
                    format!(
                        "view {schema}.{name} is not security_invoker: it reads with its owner's rights and bypasses row-level security; ALTER VIEW {} SET (security_invoker = true)",
                        crate::migrate::quote::qualified(schema, name)
                    ),
                    json!({ "view": name, "schema": schema }),
                ));
            }
            continue;
        }
        if name == TRACKING_TABLE {
            continue;
        }
        // A name the plan knows as a table's current name: a new or unchanged name, or an old
        // name whose table has not moved yet (its phase will move it).
        let known = rules.tables.iter().any(|t| {
            t.new == name || (t.old == name && t.is_renamed() && !active.contains_key(&t.old))
        });
        if known {
            continue;
        }
        let group = rules
            .groups
            .iter()
            .find(|g| name.starts_with(g.prefix.as_str()));
        match group {
            None => out.push(object(
                schema,
                name,
                "table",
                UNPREFIXED_TABLE,
                Severity::Error,
                format!("table {schema}.{name} has no group prefix ({prefixes})"),
                json!({ "table": name, "schema": schema }),
            )),
            Some(g) => out.push(object(
                schema,
                name,
                "table",
                TABLE_NOT_IN_RULES,
                Severity::Warning,
                format!(
                    "table {schema}.{name} has the prefix of group {} ({}) but the rules do not list it; add it to the group's `unchanged` list",
                    g.prefix, g.title
                ),
                json!({ "table": name, "schema": schema, "group": g.prefix }),
            )),
        }
    }
    if tracked {
        for v in views_after_cleanup(db, rules)? {
            let fields =
                json!({ "view": v.old, "new": v.new, "phase": v.phase, "status": v.status });
            if v.status == "cleaned" {
                out.push(object(
                    schema,
                    &v.old,
                    "view",
                    STALE_COMPAT_VIEW,
                    Severity::Error,
                    format!(
                        "view {schema}.{} is there although the tracking table says its compatibility view was cleaned up{} (table renamed to {} in phase {}); drop it once nothing uses the old name",
                        v.old,
                        v.cleaned_at.as_deref().map(|c| format!(" on {c}")).unwrap_or_default(),
                        v.new,
                        v.phase
                    ),
                    fields,
                ));
            } else if let Some(when) = &v.later_cleanup {
                // A cleanup may have covered other phases only: a warning, not an error.
                out.push(object(
                    schema,
                    &v.old,
                    "view",
                    STALE_COMPAT_VIEW,
                    Severity::Warning,
                    format!(
                        "compatibility view {schema}.{} (table renamed to {} in phase {}) is still there although a cleanup ran on {when}, after the table moved; refscan migrate cleanup --phase {} drops it once nothing uses the old name",
                        v.old, v.new, v.phase, v.phase
                    ),
                    fields,
                ));
            }
        }
    }
    out.sort_by(|a, b| {
        let name = |f: &LintFinding| match &f.diagnostic.place {
            Place::Object { name, .. } => name.clone(),
            Place::File { .. } => String::new(),
        };
        name(a)
            .cmp(&name(b))
            .then(a.diagnostic.rule.cmp(b.diagnostic.rule))
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_invoker_reads_booleans_as_postgres_does() {
        let o = |s: &str| vec![s.to_string()];
        assert!(security_invoker(&o("security_invoker=true")));
        assert!(security_invoker(&o("security_invoker=on")));
        assert!(security_invoker(&o("security_invoker=1")));
        assert!(security_invoker(&o("security_invoker=t")));
        assert!(security_invoker(&o("security_invoker=YES")));
        assert!(!security_invoker(&o("security_invoker=false")));
        assert!(!security_invoker(&o("security_invoker=off")));
        assert!(!security_invoker(&o("security_invoker=")));
        assert!(!security_invoker(&o("security_barrier=true")));
        assert!(!security_invoker(&[]));
    }
}
