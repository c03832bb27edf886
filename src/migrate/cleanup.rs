//! `migrate cleanup`: drops the compatibility views of migrated tables, but only once neither
//! the code, nor a function, nor a recorded query still uses an old name (or with `--force`).

use crate::error::{exit, UserError};
use crate::rules::Rules;

use super::apply::{execute, RunOptions};
use super::catalog::{self, Statements};
use super::computed;
use super::db::Db;
use super::plan;
use super::status::{CodeUses, SelectUse};
use super::Io;

/// `migrate cleanup` of the given tables; `uses` is what the code has, when it was scanned.
pub fn cleanup(
    db: &mut Db,
    rules: &Rules,
    tables: &[usize],
    uses: Option<&CodeUses>,
    force: bool,
    opts: &RunOptions,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let schema = rules.schema.clone();
    if !catalog::tracking_exists(db, rules)? {
        writeln!(
            io.out,
            "nothing is migrated on {} (no tracking table); nothing to clean up",
            db.display
        )?;
        return Ok(exit::CLEAN);
    }
    let active = catalog::active_rows(db, rules)?;
    // Every migrated table of the selection is marked cleaned; those with a view lose it.
    let mut targets = Vec::new();
    let mut candidates = Vec::new();
    // Views dropped by hand: skipped, reported.
    let mut gone = Vec::new();
    // What the live catalog has built on a view since the rename: DROP VIEW would fail on it
    // (or CASCADE take it along), so not even --force goes past these.
    let mut blockers = Vec::new();
    for &ti in tables {
        let t = &rules.tables[ti];
        let Some(row) = active.get(&t.old) else {
            continue;
        };
        if row.status != "migrated" {
            continue;
        }
        targets.push(ti);
        if !row.compat_view {
            continue;
        }
        match catalog::relkind(db, &schema, &t.old)? {
            None => gone.push(ti),
            Some('v') => {
                candidates.push(ti);
                let deps = catalog::view_dependents(db, &schema, &t.old, row)?;
                if !deps.is_empty() {
                    blockers.push(format!(
                        "{}: {} depend{} on the view {schema}.{}; move {} to {schema}.{}",
                        t.old,
                        deps.join(", "),
                        if deps.len() == 1 { "s" } else { "" },
                        t.old,
                        if deps.len() == 1 { "it" } else { "them" },
                        t.new
                    ));
                }
            }
            Some(k) => blockers.push(format!(
                "{}: {schema}.{} is a {} now, not the compatibility view; rename it away or leave the table out (--phase)",
                t.old,
                t.old,
                catalog::relkind_name(k)
            )),
        }
    }
    if !blockers.is_empty() {
        let mut msg = format!(
            "cleanup cannot drop the compatibility views on {}: objects created on the old names since the rename depend on them, and would be lost with them:",
            db.display
        );
        for b in &blockers {
            msg.push_str("\n  - ");
            msg.push_str(b);
        }
        msg.push_str("\n  nothing was changed");
        return Err(UserError::new(msg)
            .hint("recreate each on the new name (CREATE OR REPLACE VIEW ... FROM new, a policy on the new table, CREATE OR REPLACE FUNCTION with the new name), then run cleanup again; --force does not drop them")
            .into());
    }
    for &ti in &gone {
        let t = &rules.tables[ti];
        writeln!(
            io.out,
            "note: the compatibility view {schema}.{} is already gone (dropped outside refscan); skipped, and {} is marked cleaned",
            t.old, t.new
        )?;
    }
    if targets.is_empty() {
        writeln!(
            io.out,
            "no compatibility view to drop on {}; nothing to do",
            db.display
        )?;
        return Ok(exit::CLEAN);
    }

    let refs = uses.map(|u| &u.counts);
    let mut reasons = Vec::new();
    let mut stats_note = None;
    for &ti in &candidates {
        let t = &rules.tables[ti];
        if let Some(n) = refs.and_then(|r| r.get(&ti)).filter(|&&n| n > 0) {
            reasons.push(format!(
                "{}: {n} rewritable reference{} in the code (refscan report shows them; refscan rewrite fixes them)",
                t.old,
                if *n == 1 { "" } else { "s" }
            ));
        }
        if let Some(row) = active.get(&t.old) {
            let fields = computed::wrapper_names(&row.dependencies);
            let selects: Vec<&SelectUse> = uses
                .and_then(|u| u.selects.get(&ti))
                .into_iter()
                .flatten()
                .filter(|s| s.names.iter().any(|n| fields.contains(n)))
                .collect();
            if !selects.is_empty() {
                let mut named: Vec<&str> = selects
                    .iter()
                    .flat_map(|s| s.names.iter())
                    .filter(|n| fields.contains(n))
                    .map(String::as_str)
                    .collect();
                named.sort_unstable();
                named.dedup();
                let places: Vec<String> = selects
                    .iter()
                    .map(|s| format!("{}:{}", s.path, s.line))
                    .collect();
                reasons.push(format!(
                    "{}: code selects the computed field{} {} through the old name ({}), served by wrappers over the view's row type that cleanup drops; select {} through {}",
                    t.old,
                    if named.len() == 1 { "" } else { "s" },
                    named.join(", "),
                    places.join(", "),
                    if named.len() == 1 { "it" } else { "them" },
                    t.new
                ));
            }
        }
        let functions = catalog::functions_naming(db, &t.old)?;
        if !functions.is_empty() {
            reasons.push(format!(
                "{}: named in the body of {} (it would break without the view: replace the name with {})",
                t.old,
                functions.join(", "),
                t.new
            ));
        }
        let jobs = catalog::cron_jobs_naming(db, &t.old)?;
        if !jobs.is_empty() {
            reasons.push(format!(
                "{}: named by pg_cron job{} {}",
                t.old,
                if jobs.len() == 1 { "" } else { "s" },
                jobs.join("; ")
            ));
        }
        match catalog::statements_naming(db, &t.old)? {
            Statements::Available { stats_reset, uses } => {
                if !uses.is_empty() {
                    let calls: i64 = uses.iter().map(|u| u.calls).sum();
                    let first = uses[0]
                        .query
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let first: String = first.chars().take(120).collect();
                    reasons.push(format!(
                        "{}: pg_stat_statements recorded {} quer{} naming it ({calls} calls), e.g. {first}",
                        t.old,
                        uses.len(),
                        if uses.len() == 1 { "y" } else { "ies" }
                    ));
                    stats_note = Some(stats_reset.map_or_else(
                        || "queries recorded before the rename count too: reset the statistics (SELECT pg_stat_statements_reset()) after deploying the rewritten code, let it run, then retry".to_string(),
                        |r| format!("the statistics run since {r}, and queries from before the rename count too: reset them (SELECT pg_stat_statements_reset()) after deploying the rewritten code, let it run, then retry"),
                    ));
                }
            }
            Statements::Unavailable(why) => {
                writeln!(
                    io.out,
                    "note: pg_stat_statements is installed but cannot be read: {why}"
                )?;
            }
            Statements::NotInstalled => {}
        }
    }
    if refs.is_none() {
        writeln!(io.out, "note: the code was not checked (no --code)")?;
    }

    let names: Vec<&str> = candidates
        .iter()
        .map(|&t| rules.tables[t].old.as_str())
        .collect();
    if !reasons.is_empty() {
        let mut msg =
            "the old names are still in use; dropping their views would break what uses them:"
                .to_string();
        for r in &reasons {
            msg.push_str("\n  - ");
            msg.push_str(r);
        }
        if !force {
            let mut hint =
                "move every use to the new names first, or pass --force to drop the views anyway"
                    .to_string();
            if let Some(n) = &stats_note {
                hint.push_str("; ");
                hint.push_str(n);
            }
            return Err(UserError::new(msg).hint(hint).into());
        }
        writeln!(io.out, "{msg}")?;
        writeln!(io.out, "dropping the views anyway (--force)")?;
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut what = format!(
        "cleanup on {}: dropping {} compatibility view{}",
        db.display,
        candidates.len(),
        plural(candidates.len())
    );
    if !names.is_empty() {
        what.push_str(": ");
        what.push_str(
            &names
                .iter()
                .map(|n| format!("{schema}.{n}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    writeln!(io.out, "{what}")?;
    let viewless = targets.len() - candidates.len();
    if viewless > 0 {
        writeln!(
            io.out,
            "  {viewless} migrated table{} without a view {} marked cleaned too",
            plural(viewless),
            if viewless == 1 { "is" } else { "are" }
        )?;
    }
    io.confirm(
        &format!(
            "Drop {} compatibility view{} on {}?",
            candidates.len(),
            if candidates.len() == 1 { "" } else { "s" },
            db.display
        ),
        opts.yes,
    )?;
    let (up, _) = plan::cleanup_scripts(rules, &targets, &opts.sql, None);
    execute(db, &up, opts, io)?;
    writeln!(
        io.out,
        "dropped {} compatibility view{}; the tables keep their new names",
        candidates.len(),
        if candidates.len() == 1 { "" } else { "s" }
    )?;
    Ok(exit::CLEAN)
}
