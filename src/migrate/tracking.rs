//! The tracking table's shape and history: the columns refscan's DDL creates now and did before,
//! how a live table of that name compares with them, the SQL guard every script runs before it
//! touches the table (refusing another tool's table, upgrading an older one of refscan's in the
//! same transaction), and the history events the scripts append. Pure: the catalog is read in
//! `catalog`, the verdict is made here.

use crate::rules::Rules;

use super::plan::{tracking, RAISE_PREFIX, TRACKING_TABLE};
use super::quote::{literal, text_array};

/// The columns every tracking table refscan created has had, with their types as
/// `format_type` prints them. A table lacking one of them is not refscan's.
pub const BASE_COLUMNS: &[(&str, &str)] = &[
    ("id", "bigint"),
    ("schema_name", "text"),
    ("old_name", "text"),
    ("new_name", "text"),
    ("group_prefix", "text"),
    ("phase", "text"),
    ("status", "text"),
    ("migrated_at", "timestamp with time zone"),
    ("migrated_by", "text"),
    ("rolled_back_at", "timestamp with time zone"),
    ("cleaned_at", "timestamp with time zone"),
    ("compat_view", "boolean"),
    ("dependencies", "jsonb"),
    ("notes", "text"),
];

/// Columns added since the first shape, with their definitions: an older tracking table gets
/// them in the same transaction as the next script that writes it.
pub const ADDED_COLUMNS: &[(&str, &str, &str)] =
    &[("history", "jsonb", "jsonb NOT NULL DEFAULT '[]'::jsonb")];

/// One entry of a tracking row's history.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct Event {
    /// applied, rolled_back, cleaned, cleanup_rolled_back, view_dropped, view_restored.
    pub event: String,
    pub phase: String,
    pub at: String,
    /// The database user (`current_user`); unknown for events rebuilt from an older table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The login role, when it differs from `by` (after SET ROLE).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_user: Option<String>,
    /// The client's address, `local` over a Unix socket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// The client's `application_name`: refscan, psql, the Supabase CLI ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
}

/// One column of the live table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveColumn {
    pub name: String,
    /// `format_type(atttypid, atttypmod)`.
    pub ty: String,
    pub not_null: bool,
    pub has_default: bool,
}

/// How a relation named like the tracking table compares with refscan's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// refscan's tracking table as this version creates it.
    Current,
    /// refscan's tracking table of an older shape, lacking these added columns: adopted, and
    /// upgraded by the next script that writes it.
    Older(Vec<&'static str>),
    /// Not refscan's tracking table: what differs, one line each.
    Foreign(Vec<String>),
}

/// Compares the columns of a live table with refscan's shape.
pub fn compare(columns: &[LiveColumn]) -> Verdict {
    let mut problems = Vec::new();
    for (name, ty) in BASE_COLUMNS {
        match columns.iter().find(|c| c.name == *name) {
            None => problems.push(format!("it has no column {name} ({ty})")),
            Some(c) if c.ty != *ty => problems.push(format!(
                "its column {name} is {}, where refscan's is {ty}",
                c.ty
            )),
            Some(_) => {}
        }
    }
    let mut older = Vec::new();
    for (name, ty, _) in ADDED_COLUMNS {
        match columns.iter().find(|c| c.name == *name) {
            None => older.push(*name),
            Some(c) if c.ty != *ty => problems.push(format!(
                "its column {name} is {}, where refscan's is {ty}",
                c.ty
            )),
            Some(_) => {}
        }
    }
    for c in columns {
        let known = BASE_COLUMNS.iter().any(|(n, _)| *n == c.name)
            || ADDED_COLUMNS.iter().any(|(n, _, _)| *n == c.name);
        if !known && c.not_null && !c.has_default {
            problems.push(format!(
                "its column {} is NOT NULL without a default, and refscan's rows leave it empty",
                c.name
            ));
        }
    }
    if !problems.is_empty() {
        Verdict::Foreign(problems)
    } else if !older.is_empty() {
        Verdict::Older(older)
    } else {
        Verdict::Current
    }
}

/// A one-element jsonb array holding one history event, evaluated where the script runs: what
/// happened, in which phase, when, as which database user, from which client address (`local`
/// over a Unix socket) and application (`refscan`, `psql`, the Supabase CLI ...).
pub fn event(kind: &str, phase: &str) -> String {
    format!(
        "jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', {}, 'phase', {}, 'at', {}, 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))",
        literal(kind),
        literal(phase),
        utc("now()")
    )
}

/// The history of tracking row `m` (an alias) as a jsonb array, also on a table of the first
/// shape: there the events are rebuilt from the timestamps, without client or application.
pub fn history_expr(m: &str) -> String {
    format!(
        "COALESCE(to_jsonb({m}) -> 'history', {})",
        rebuilt_history(m)
    )
}

/// Events rebuilt from the timestamp columns of row `m`, for rows written before the history.
fn rebuilt_history(m: &str) -> String {
    format!(
        "(SELECT COALESCE(jsonb_agg(v.e ORDER BY v.ord), '[]'::jsonb) FROM (VALUES
      (1, jsonb_build_object('event', 'applied', 'phase', {m}.phase, 'at', {applied}, 'by', {m}.migrated_by)),
      (2, CASE WHEN {m}.rolled_back_at IS NOT NULL THEN jsonb_build_object('event', 'rolled_back', 'phase', {m}.phase, 'at', {rolled}) END),
      (3, CASE WHEN {m}.cleaned_at IS NOT NULL THEN jsonb_build_object('event', 'cleaned', 'phase', {m}.phase, 'at', {cleaned}) END)
    ) AS v(ord, e) WHERE v.e IS NOT NULL)",
        applied = utc(&format!("{m}.migrated_at")),
        rolled = utc(&format!("{m}.rolled_back_at")),
        cleaned = utc(&format!("{m}.cleaned_at")),
    )
}

/// A timestamptz as a UTC timestamp, whatever the session's TimeZone: in JSON it is ISO 8601
/// (`2026-12-03T10:54:32.2026`), so events of different sessions sort as text.
fn utc(expr: &str) -> String {
    format!("({expr} AT TIME ZONE 'UTC')")
}

/// The error message and hint for a foreign table: what it is, what differs, and the way out.
pub fn foreign_message(
    rules: &Rules,
    display: &str,
    what: &str,
    problems: &[String],
) -> (String, String) {
    let schema = &rules.schema;
    let mut msg = format!(
        "{schema}.{TRACKING_TABLE} on {display} is {what}, not refscan's tracking table, and refscan records every move there:"
    );
    for p in problems {
        msg.push_str("\n  - ");
        msg.push_str(p);
    }
    msg.push_str("\n  nothing was changed");
    let hint = format!(
        "if it is another tool's table, rename it away (ALTER TABLE {schema}.{TRACKING_TABLE} RENAME TO {TRACKING_TABLE}_legacy;) and run refscan migrate init, which creates refscan's; if refscan created it and it was edited by hand, give it back the columns of docs/migrate.md (The tracking table)"
    );
    (msg, hint)
}

/// A DO block body (with its `DECLARE` part) that refuses a relation named like the tracking
/// table that is not refscan's: the same check as [`compare`], run by the script itself, so
/// psql and the Supabase CLI fail as clearly as `apply` does. Nothing happens when there is no
/// such relation.
pub fn guard_sql(rules: &Rules) -> (String, String) {
    let t = literal(&tracking(rules));
    let names = text_array(BASE_COLUMNS.iter().map(|(n, _)| *n));
    let types = text_array(BASE_COLUMNS.iter().map(|(_, t)| *t));
    let declare = "  rel regclass;\n  kind \"char\";\n  missing text;\n".to_string();
    let hint = literal(&format!(
        "If it is another tool's table, rename it away (ALTER TABLE {}.{TRACKING_TABLE} RENAME TO {TRACKING_TABLE}_legacy;) and create refscan's (refscan migrate init, or the setup phase's file).",
        rules.schema
    ));
    // An older table of refscan's gets the added columns here, in the transaction of the script
    // that writes to it next: a failed phase leaves it as it was.
    let mut upgrade = String::new();
    for (name, _, definition) in ADDED_COLUMNS {
        upgrade.push_str(&format!(
            "    IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = {n} AND NOT a.attisdropped) THEN
      EXECUTE format('ALTER TABLE %s ADD COLUMN %I {definition}', rel, {n});
",
            n = literal(name),
            definition = definition.replace('\'', "''"),
        ));
        if *name == "history" {
            upgrade.push_str(&format!(
                "      EXECUTE format('UPDATE %s AS m SET history = %s', rel, {});
",
                literal(&rebuilt_history("m"))
            ));
        }
        upgrade.push_str(&format!(
            "      RAISE NOTICE '{RAISE_PREFIX}upgraded % in place: added the column {name} of this refscan version', rel;
    END IF;
"
        ));
    }
    let body = format!(
        "  rel := to_regclass({t});
  IF rel IS NOT NULL THEN
    SELECT relkind INTO kind FROM pg_class WHERE oid = rel;
    IF kind NOT IN ('r', 'p') THEN
      RAISE EXCEPTION '{RAISE_PREFIX}% is not a table (relkind %), so it is not refscan''s tracking table', rel, kind USING HINT = {hint};
    END IF;
    SELECT string_agg(c.name || ' ' || c.ty, ', ' ORDER BY c.ord) INTO missing
      FROM unnest({names}, {types}) WITH ORDINALITY AS c(name, ty, ord)
     WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = c.name
                         AND NOT a.attisdropped AND format_type(a.atttypid, a.atttypmod) = c.ty);
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION '{RAISE_PREFIX}% is not refscan''s tracking table: it lacks these columns of refscan''s (name and type): %', rel, missing USING HINT = {hint};
    END IF;
{upgrade}  END IF;
"
    );
    (declare, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, ty: &str) -> LiveColumn {
        LiveColumn {
            name: name.into(),
            ty: ty.into(),
            not_null: false,
            has_default: false,
        }
    }

    fn first_shape() -> Vec<LiveColumn> {
        BASE_COLUMNS.iter().map(|(n, t)| col(n, t)).collect()
    }

    fn current() -> Vec<LiveColumn> {
        let mut cols = first_shape();
        cols.extend(ADDED_COLUMNS.iter().map(|(n, t, _)| col(n, t)));
        cols
    }

    #[test]
    fn refscan_first_shape_is_older_and_adopted() {
        assert_eq!(compare(&first_shape()), Verdict::Older(vec!["history"]));
        let mut cols = first_shape();
        cols.push(col("history", "text"));
        assert_eq!(
            compare(&cols),
            Verdict::Foreign(vec![
                "its column history is text, where refscan's is jsonb".to_string()
            ])
        );
    }

    #[test]
    fn refscan_shape_is_current() {
        assert_eq!(compare(&current()), Verdict::Current);
        // A nullable column added by hand does no harm.
        let mut cols = current();
        cols.push(col("ticket", "text"));
        assert_eq!(compare(&cols), Verdict::Current);
    }

    #[test]
    fn other_shapes_are_foreign_with_every_difference() {
        // The shape of the original team's plan: id, old_name, new_name, migrated_at.
        let cols = vec![
            col("id", "integer"),
            col("old_name", "text"),
            col("new_name", "text"),
            col("migrated_at", "timestamp with time zone"),
        ];
        let Verdict::Foreign(p) = compare(&cols) else {
            panic!("not foreign");
        };
        assert_eq!(p[0], "its column id is integer, where refscan's is bigint");
        assert!(p.contains(&"it has no column group_prefix (text)".to_string()));
        assert_eq!(p.len(), 11);
        let mut cols = current();
        cols.push(LiveColumn {
            not_null: true,
            ..col("owner", "text")
        });
        assert_eq!(
            compare(&cols),
            Verdict::Foreign(vec![
                "its column owner is NOT NULL without a default, and refscan's rows leave it empty"
                    .to_string()
            ])
        );
    }
}
