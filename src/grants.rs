//! `refscan grants`: GRANT or REVOKE statements for exactly one group's tables under the names
//! they have now, printed for review or run in one transaction.

use std::collections::HashMap;

use crate::error::{exit, UserError};
use crate::migrate::catalog;
use crate::migrate::db::Db;
use crate::migrate::plan::{Script, Stmt, Target};
use crate::migrate::quote::{ident, literal, qualified, PgDuration};
use crate::migrate::Io;
use crate::rules::Rules;

/// Table privileges PostgreSQL knows (`MAINTAIN` since 17), and `ALL`.
pub const PRIVILEGES: &[&str] = &[
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "TRUNCATE",
    "REFERENCES",
    "TRIGGER",
    "MAINTAIN",
    "ALL",
];

/// Validates and normalises privileges given as `select,insert` or one per flag: upper case,
/// `ALL PRIVILEGES` as `ALL`, duplicates dropped, `ALL` alone.
pub fn parse_privileges(given: &[String]) -> anyhow::Result<Vec<&'static str>> {
    let mut out: Vec<&'static str> = Vec::new();
    for item in given.iter().flat_map(|g| g.split(',')) {
        let word = item.split_whitespace().collect::<Vec<_>>().join(" ");
        if word.is_empty() {
            continue;
        }
        let upper = word.to_ascii_uppercase();
        let upper = if upper == "ALL PRIVILEGES" {
            "ALL".to_string()
        } else {
            upper
        };
        let Some(p) = PRIVILEGES.iter().find(|p| **p == upper) else {
            return Err(UserError::new(format!("`{word}` is not a table privilege"))
                .hint(format!("table privileges: {}", PRIVILEGES.join(", ")))
                .into());
        };
        if !out.contains(p) {
            out.push(p);
        }
    }
    if out.is_empty() {
        return Err(UserError::new("no privilege given")
            .hint("pass --privileges SELECT (or a list such as SELECT,INSERT,UPDATE)")
            .into());
    }
    if out.len() > 1 && out.contains(&"ALL") {
        return Err(UserError::new("ALL already includes every other privilege")
            .hint("pass ALL alone, or list the privileges without ALL")
            .into());
    }
    Ok(out)
}

/// A role as a grantee: `PUBLIC` is the key word, any other name an identifier.
pub fn grantee(role: &str) -> anyhow::Result<String> {
    if role.is_empty() {
        return Err(UserError::new("the role is empty")
            .hint("pass --role with a role name, such as authenticated")
            .into());
    }
    Ok(if role.eq_ignore_ascii_case("public") {
        "PUBLIC".to_string()
    } else {
        ident(role)
    })
}

/// Where the current name of each table comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource<'a> {
    /// The tracking table of a database: migrated and cleaned tables have their new names.
    Tracking,
    /// The plan as of this phase: tables of this phase and earlier have their new names.
    AsOfPhase(&'a str),
    /// Every table under its new name: the state after the migration.
    AfterMigration,
}

/// The group's tables (renamed and unchanged, in rules order) under their current names.
pub fn current_names(
    rules: &Rules,
    group: usize,
    moved: &dyn Fn(usize) -> bool,
) -> Vec<(usize, String)> {
    rules
        .tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.group == group)
        .map(|(i, t)| {
            let name = if !t.is_renamed() || moved(i) {
                &t.new
            } else {
                &t.old
            };
            (i, name.clone())
        })
        .collect()
}

/// The statements, one per table, in a transaction.
#[allow(clippy::too_many_arguments)]
pub fn script(
    rules: &Rules,
    group: usize,
    tables: &[(usize, String)],
    privileges: &[&str],
    role: &str,
    revoke: bool,
    source: &str,
    lock_timeout: PgDuration,
) -> anyhow::Result<Script> {
    let who = grantee(role)?;
    let g = &rules.groups[group];
    let privs = privileges.join(", ");
    let header = vec![
        format!(
            "refscan grants: {} {privs} {} {who} on the {} table{} of group {} ({})",
            if revoke { "REVOKE" } else { "GRANT" },
            if revoke { "from" } else { "to" },
            tables.len(),
            if tables.len() == 1 { "" } else { "s" },
            g.prefix,
            g.title
        ),
        format!(
            "Plan: {}, schema {}; current names {source}",
            rules.name, rules.schema
        ),
    ];
    let mut stmts = vec![Stmt {
        comment: Some(
            "GRANT and REVOKE wait for locks on busy tables: give up instead of stalling.".into(),
        ),
        sql: format!("SET LOCAL lock_timeout = {};", lock_timeout.sql()),
        target: None,
    }];
    stmts.extend(tables.iter().map(|(_, name)| {
        let on = qualified(&rules.schema, name);
        Stmt {
            comment: None,
            sql: if revoke {
                format!("REVOKE {privs} ON TABLE {on} FROM {who};")
            } else {
                format!("GRANT {privs} ON TABLE {on} TO {who};")
            },
            // Named in a lock-timeout error: the table another session holds.
            target: Some(Target::Relation(format!("{}.{name}", rules.schema))),
        }
    }));
    Ok(Script { header, stmts })
}

/// What `refscan grants` was asked.
pub struct Request<'a> {
    pub group: &'a str,
    pub role: &'a str,
    pub privileges: &'a [String],
    pub revoke: bool,
    pub as_of_phase: Option<&'a str>,
    pub apply: bool,
    pub yes: bool,
    pub lock_timeout: PgDuration,
}

/// Prints the script, or with `apply` runs it on `db` in one transaction.
pub fn grants(
    rules: &Rules,
    req: &Request<'_>,
    mut db: Option<&mut Db>,
    retry: crate::migrate::db::Retry,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let gi = rules.select_group(req.group)?;
    let privileges = parse_privileges(req.privileges)?;
    let source = match (&db, req.as_of_phase) {
        (Some(_), Some(_)) => {
            return Err(UserError::new(
                "--as-of-phase and a database both say which names are current",
            )
            .hint("drop --as-of-phase: with a database the tracking table tells")
            .into())
        }
        (Some(_), None) => NameSource::Tracking,
        (None, Some(p)) => NameSource::AsOfPhase(p),
        (None, None) => NameSource::AfterMigration,
    };
    if req.apply && db.is_none() {
        return Err(UserError::new("--apply needs a database")
            .hint("pass --database-url postgres://... (or set DATABASE_URL)")
            .into());
    }
    let (tables, described) = match source {
        NameSource::AfterMigration => (
            current_names(rules, gi, &|_| true),
            "after the migration (every table renamed)".to_string(),
        ),
        NameSource::AsOfPhase(p) => {
            let through = rules.select_phases(p, true)?;
            (
                current_names(rules, gi, &|ti| {
                    rules.tables[ti]
                        .phase
                        .is_some_and(|ph| through.contains(&ph))
                }),
                format!("as of phase {p}"),
            )
        }
        NameSource::Tracking => {
            let db = db
                .as_deref_mut()
                .expect("a database for the tracking source");
            let active: HashMap<String, catalog::TrackRow> = catalog::active_rows(db, rules)?;
            (
                current_names(rules, gi, &|ti| active.contains_key(&rules.tables[ti].old)),
                format!("from the tracking table of {}", db.display),
            )
        }
    };
    let script = script(
        rules,
        gi,
        &tables,
        &privileges,
        req.role,
        req.revoke,
        &described,
        req.lock_timeout,
    )?;
    let Some(db) = db else {
        io.out.write_all(script.render().as_bytes())?;
        return Ok(exit::CLEAN);
    };
    // With a database, check what the statements will name before anyone runs them.
    let mut missing = Vec::new();
    for (_, name) in &tables {
        if !matches!(catalog::relkind(db, &rules.schema, name)?, Some('r' | 'p')) {
            missing.push(format!("{}.{name}", rules.schema));
        }
    }
    if !missing.is_empty() {
        return Err(UserError::new(format!(
            "not a table on {}: {}",
            db.display,
            missing.join(", ")
        ))
        .hint("refscan migrate status shows where each table stands; the tracking table decides which name is current")
        .into());
    }
    if !req.role.eq_ignore_ascii_case("public")
        && db
            .value(&format!(
                "SELECT 1 FROM pg_roles WHERE rolname = {}",
                literal(req.role)
            ))?
            .is_none()
    {
        return Err(UserError::new(format!(
            "role `{}` does not exist on {}",
            req.role, db.display
        ))
        .hint("role names are case-sensitive; SELECT rolname FROM pg_roles lists them")
        .into());
    }
    if !req.apply {
        io.out.write_all(script.render().as_bytes())?;
        return Ok(exit::CLEAN);
    }
    let verb = if req.revoke { "Revoke" } else { "Grant" };
    writeln!(
        io.out,
        "{verb} {} on {} table{} of group {} on {}:",
        privileges.join(", "),
        tables.len(),
        if tables.len() == 1 { "" } else { "s" },
        rules.groups[gi].prefix,
        db.display
    )?;
    for s in &script.stmts[1..] {
        writeln!(io.out, "  {}", s.sql)?;
    }
    io.confirm(&format!("{verb} on {}?", db.display), req.yes)?;
    db.run_script(&script, req.lock_timeout.as_duration(), retry, &mut |m| {
        crate::messages::note(m);
    })?;
    writeln!(
        io.out,
        "done: {} statement{} in one transaction",
        tables.len(),
        if tables.len() == 1 { "" } else { "s" }
    )?;
    Ok(exit::CLEAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn privileges_are_validated_and_normalised() {
        let p = |v: &[&str]| parse_privileges(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            p(&["select, Insert", "SELECT"]).unwrap(),
            ["SELECT", "INSERT"]
        );
        assert_eq!(p(&["all privileges"]).unwrap(), ["ALL"]);
        assert_eq!(p(&["maintain"]).unwrap(), ["MAINTAIN"]);
        let e = p(&["SELECT; DROP TABLE x"]).unwrap_err();
        assert!(
            crate::error::render(&e).contains("`SELECT; DROP TABLE x` is not a table privilege")
        );
        assert!(p(&["USAGE"]).is_err());
        assert!(p(&["ALL", "SELECT"]).is_err());
        assert!(p(&[""]).is_err());
    }

    #[test]
    fn grantees_are_quoted_but_public_is_the_key_word() {
        assert_eq!(grantee("authenticated").unwrap(), "\"authenticated\"");
        assert_eq!(grantee("we\"ird").unwrap(), "\"we\"\"ird\"");
        assert_eq!(grantee("public").unwrap(), "PUBLIC");
        assert!(grantee("").is_err());
    }

    #[test]
    fn current_names_follow_the_phase() {
        let rules = Rules::bundled();
        let gi = rules.group_by_prefix("sys_").unwrap();
        let through = rules.phases_through("1");
        let before = current_names(&rules, gi, &|ti| {
            rules.tables[ti].phase.is_some_and(|p| through.contains(&p))
        });
        let after = current_names(&rules, gi, &|_| true);
        assert!(before.iter().any(|(_, n)| n == "mime_types"));
        assert!(after.iter().any(|(_, n)| n == "sys_mime_types"));
        assert!(after.iter().all(|(_, n)| n.starts_with("sys_")));
        assert_eq!(before.len(), after.len());
        let t = PgDuration::new(5, crate::migrate::quote::Unit::S);
        let s = script(
            &rules,
            gi,
            &after[..1],
            &["SELECT", "INSERT"],
            "anon",
            false,
            "x",
            t,
        )
        .unwrap();
        assert_eq!(s.stmts[0].sql, "SET LOCAL lock_timeout = '5s';");
        assert_eq!(
            s.stmts[1].sql,
            format!(
                "GRANT SELECT, INSERT ON TABLE \"public\".\"{}\" TO \"anon\";",
                after[0].1
            )
        );
        let s = script(&rules, gi, &after[..1], &["ALL"], "public", true, "x", t).unwrap();
        assert_eq!(
            s.stmts[1].sql,
            format!(
                "REVOKE ALL ON TABLE \"public\".\"{}\" FROM PUBLIC;",
                after[0].1
            )
        );
    }
}
