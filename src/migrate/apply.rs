//! `migrate init`, `apply` and `rollback`: preflight on the live catalog, the dependents of each
//! table, a confirmation, then the phase's script as one transaction.

use std::io::Write;
use std::time::Instant;

use crate::error::{exit, UserError};
use crate::rules::{PhaseKind, Rules};

use super::catalog::{self, relkind_name, Dependents};
use super::db::{privilege_hint, Db, Retry};
use super::plan::{self, PhasePlan, SqlOptions, TRACKING_TABLE};
use super::{ConnArgs, Io};

/// How a command runs its transaction.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    pub sql: SqlOptions,
    pub retry: Retry,
    pub yes: bool,
}

impl RunOptions {
    pub fn from_conn(conn: &ConnArgs, rename_dependents: bool) -> RunOptions {
        RunOptions {
            sql: conn.sql_options(rename_dependents),
            retry: conn.retry(),
            yes: conn.yes,
        }
    }
}

/// Runs a script, reporting retries and the notices the server sent.
pub(crate) fn execute(
    db: &mut Db,
    script: &plan::Script,
    opts: &RunOptions,
    io: &mut Io,
) -> anyhow::Result<()> {
    let mut retries = Vec::new();
    let result = db.run_script(
        script,
        opts.sql.lock_timeout.as_duration(),
        opts.retry,
        &mut |m| retries.push(m.to_string()),
    );
    for r in retries {
        writeln!(io.out, "  {r}")?;
    }
    for n in db.take_notices() {
        if let Some(n) = n.strip_prefix(plan::RAISE_PREFIX) {
            writeln!(io.out, "  note: {n}")?;
        }
    }
    result
}

/// `migrate init`: the tracking table.
pub fn init(db: &mut Db, rules: &Rules, opts: &RunOptions, io: &mut Io) -> anyhow::Result<u8> {
    let existed = catalog::tracking_exists(db, rules)?;
    let (up, _) = plan::setup_scripts(rules, &opts.sql, None);
    execute(db, &up, opts, io)?;
    if existed {
        writeln!(
            io.out,
            "tracking table {}.{TRACKING_TABLE} is already there on {}; nothing to do",
            rules.schema, db.display
        )?;
    } else {
        writeln!(
            io.out,
            "created the tracking table {}.{TRACKING_TABLE} on {}",
            rules.schema, db.display
        )?;
    }
    Ok(exit::CLEAN)
}

fn cannot(what: String, problems: &[String], hint: &str) -> anyhow::Error {
    let mut msg = what;
    for p in problems {
        msg.push_str("\n  - ");
        msg.push_str(p);
    }
    UserError::new(msg).hint(hint).into()
}

/// Whether a rename phase is applied, from the tracking table; errors when it is half there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Recorded {
    None,
    All,
}

fn recorded(
    rules: &Rules,
    pi: usize,
    active: &std::collections::HashMap<String, catalog::TrackRow>,
) -> anyhow::Result<Recorded> {
    let phase = &rules.phases[pi];
    let of_phase: Vec<&str> = phase
        .tables
        .iter()
        .map(|&t| rules.tables[t].old.as_str())
        .filter(|o| active.get(*o).is_some_and(|r| r.phase == phase.id))
        .collect();
    if of_phase.is_empty() {
        Ok(Recorded::None)
    } else if of_phase.len() == phase.tables.len() {
        Ok(Recorded::All)
    } else {
        let missing: Vec<String> = phase
            .tables
            .iter()
            .map(|&t| rules.tables[t].old.clone())
            .filter(|o| !of_phase.contains(&o.as_str()))
            .collect();
        Err(cannot(
            format!(
                "phase {} is recorded for {} of its {} tables in {TRACKING_TABLE}; these have no active record:",
                phase.id,
                of_phase.len(),
                phase.tables.len()
            ),
            &missing,
            "the rules changed since the phase was applied, or the tracking table was edited: make them agree (refscan migrate status shows both)",
        ))
    }
}

/// Whether rename phase `pi` is still to be applied: not yet recorded in a tracking table that
/// exists (without one, apply itself says what to do). The gate runs only for such phases.
pub fn pending(db: &mut Db, rules: &Rules, pi: usize) -> anyhow::Result<bool> {
    if rules.phases[pi].kind != PhaseKind::Rename || !catalog::tracking_exists(db, rules)? {
        return Ok(false);
    }
    let active = catalog::active_rows(db, rules)?;
    Ok(!matches!(recorded(rules, pi, &active), Ok(Recorded::All)))
}

/// `migrate apply` of one phase.
pub fn apply(
    db: &mut Db,
    rules: &Rules,
    pi: usize,
    opts: &RunOptions,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let phase = &rules.phases[pi];
    match phase.kind {
        PhaseKind::Setup => return init(db, rules, opts, io),
        PhaseKind::Cleanup => {
            return Err(UserError::new(format!(
                "phase {} is the cleanup phase: it drops the compatibility views",
                phase.id
            ))
            .hint("run refscan migrate cleanup --code PATH, which first checks that nothing uses the old names")
            .into())
        }
        PhaseKind::Rename => {}
    }
    let p = plan::plan_phase(rules, pi, &opts.sql);
    if !catalog::tracking_exists(db, rules)? {
        return Err(UserError::new(format!(
            "{} has no tracking table {}.{TRACKING_TABLE}",
            db.display, rules.schema
        ))
        .hint("run refscan migrate init first (the setup phase); apply records every move there")
        .into());
    }
    let active = catalog::active_rows(db, rules)?;
    if recorded(rules, pi, &active)? == Recorded::All {
        writeln!(
            io.out,
            "phase {} is already applied on {}; nothing to do",
            phase.id, db.display
        )?;
        return Ok(exit::CLEAN);
    }
    if let Err(e) = preflight(db, rules, pi, &p, &active) {
        // Another run may have applied the phase between the reads: that is no error.
        let now = catalog::active_rows(db, rules)?;
        if matches!(recorded(rules, pi, &now), Ok(Recorded::All)) {
            writeln!(
                io.out,
                "phase {} was applied by another run meanwhile; nothing to do",
                phase.id
            )?;
            return Ok(exit::CLEAN);
        }
        return Err(e);
    }

    writeln!(
        io.out,
        "phase {}: {} ({} table{}) on {}",
        phase.id,
        phase.title,
        p.moves.len(),
        if p.moves.len() == 1 { "" } else { "s" },
        db.display
    )?;
    let schema = rules.schema.clone();
    for m in &p.moves {
        let deps = catalog::dependents(db, &schema, &m.old, &m.old)?;
        let view = if m.view {
            format!("view {schema}.{} keeps the old name working", m.old)
        } else {
            "no compatibility view".to_string()
        };
        writeln!(
            io.out,
            "  {schema}.{} -> {schema}.{} ({view})",
            m.old, m.new
        )?;
        if let Some(reason) = &m.no_view_reason {
            writeln!(io.out, "    ! {reason}")?;
        }
        print_dependents(io.out, &m.old, &deps)?;
        for f in &deps.row_type_functions {
            writeln!(
                io.out,
                "    ! {}: {}",
                f.function,
                f.effect(&schema, &m.old, &m.new, m.view)
            )?;
        }
        let jobs = catalog::cron_jobs_naming(db, &m.old)?;
        if !jobs.is_empty() {
            writeln!(
                io.out,
                "    ! pg_cron jobs naming {} (their text is not renamed: through the view until cleanup): {}",
                m.old,
                jobs.join("; ")
            )?;
        }
    }
    for name in &p.dropped_views {
        writeln!(
            io.out,
            "  ! drops the compatibility view {schema}.{name} of an earlier phase: a table of this phase takes the name"
        )?;
    }
    for c in rules.chains() {
        if c.tables
            .iter()
            .any(|t| p.moves.iter().any(|m| m.table == *t))
        {
            let names: Vec<&str> = c
                .tables
                .iter()
                .map(|&t| rules.tables[t].old.as_str())
                .collect();
            writeln!(
                io.out,
                "  ! {} {}: renamed in an order that keeps every name free",
                if c.swap { "swap" } else { "chain" },
                names.join(" -> ")
            )?;
        }
    }
    io.confirm(
        &format!("Apply phase {} to {}?", phase.id, db.display),
        opts.yes,
    )?;
    let started = Instant::now();
    match execute(db, &p.up, opts, io) {
        Ok(()) => {}
        Err(e) if Db::is_already_applied(&e, &plan::already_applied_message(&phase.id)) => {
            writeln!(
                io.out,
                "phase {} was applied by another run meanwhile; nothing to do",
                phase.id
            )?;
            return Ok(exit::CLEAN);
        }
        Err(e) => return Err(e),
    }
    let views = p.moves.iter().filter(|m| m.view).count();
    writeln!(
        io.out,
        "phase {} applied in {} ms: {} table{} renamed, {} compatibility view{} created",
        phase.id,
        started.elapsed().as_millis(),
        p.moves.len(),
        if p.moves.len() == 1 { "" } else { "s" },
        views,
        if views == 1 { "" } else { "s" }
    )?;
    Ok(exit::CLEAN)
}

/// Adds to a rename phase's header, read from the live catalog, the functions over each
/// table's row type and what the phase does for them (`plan --database-url`).
pub fn describe_row_type_functions(
    db: &mut Db,
    rules: &Rules,
    p: &mut PhasePlan,
) -> anyhow::Result<()> {
    if p.kind != PhaseKind::Rename {
        return Ok(());
    }
    let schema = rules.schema.clone();
    let mut lines = Vec::new();
    for m in &p.moves {
        // Before the phase the table has its old name; after it, its new one.
        let name = match catalog::relkind(db, &schema, &m.old)? {
            Some('r' | 'p') => &m.old,
            _ => &m.new,
        };
        let deps = catalog::dependents(db, &schema, name, &m.old)?;
        for f in &deps.row_type_functions {
            lines.push(format!(
                "  {}: {}",
                f.function,
                f.effect(&schema, &m.old, &m.new, m.view)
            ));
        }
    }
    let at = p.up.header.len().saturating_sub(1);
    let mut add = vec![format!(
        "Functions over the row types of these tables on {}: {}",
        db.display,
        if lines.is_empty() { "none" } else { "" }
    )
    .trim_end()
    .to_string()];
    add.extend(lines);
    p.up.header.splice(at..at, add);
    Ok(())
}

fn print_dependents(out: &mut dyn Write, old: &str, d: &Dependents) -> std::io::Result<()> {
    let list = |out: &mut dyn Write, label: &str, items: &[String]| -> std::io::Result<()> {
        if !items.is_empty() {
            writeln!(out, "    {label}: {}", items.join("; "))?;
        }
        Ok(())
    };
    list(out, "foreign keys out", &d.foreign_keys_out)?;
    list(out, "foreign keys in", &d.foreign_keys_in)?;
    list(out, "constraints", &d.constraints)?;
    list(out, "indexes", &d.indexes)?;
    list(out, "sequences", &d.sequences)?;
    list(out, "triggers", &d.triggers)?;
    if d.rls || !d.policies.is_empty() {
        let state = if d.rls { "RLS on" } else { "RLS off" };
        writeln!(out, "    policies ({state}): {}", d.policies.join("; "))?;
    }
    list(out, "views", &d.views)?;
    if !d.column_select_only.is_empty() {
        writeln!(
            out,
            "    ! column-level SELECT only: {} (reading through the view needs SELECT on every column, so these roles cannot read {old} through it: give them the new name)",
            d.column_select_only.join("; ")
        )?;
    }
    if !d.functions.is_empty() {
        writeln!(
            out,
            "    ! functions naming {old} in their body (they resolve it when they run: through the view until cleanup, then they break): {}",
            d.functions.join("; ")
        )?;
    }
    if !d.publications.is_empty() {
        writeln!(
            out,
            "    ! publications: {} (the table stays in them; realtime subscriptions on the old name stop receiving events)",
            d.publications.join(", ")
        )?;
    }
    Ok(())
}

/// Everything a rename phase needs, checked on the live catalog, all problems at once.
fn preflight(
    db: &mut Db,
    rules: &Rules,
    pi: usize,
    p: &PhasePlan,
    active: &std::collections::HashMap<String, catalog::TrackRow>,
) -> anyhow::Result<()> {
    let phase = &rules.phases[pi];
    let schema = rules.schema.clone();
    // Earlier phases first: their state is what this phase builds on.
    for qi in 0..pi {
        let q = &rules.phases[qi];
        if q.kind != PhaseKind::Rename {
            continue;
        }
        if recorded(rules, qi, active)? == Recorded::None {
            return Err(UserError::new(format!(
                "phase {} comes after phase {}, which is not applied on {}",
                phase.id, q.id, db.display
            ))
            .hint(format!(
                "apply the phases in order: refscan migrate apply --phase {}",
                q.id
            ))
            .into());
        }
    }
    let mut problems = Vec::new();
    let moving: Vec<&str> = p.moves.iter().map(|m| m.old.as_str()).collect();
    for m in &p.moves {
        if let Some(r) = active.get(&m.old) {
            problems.push(format!(
                "{schema}.{} is already recorded as moved to {} by phase {} ({})",
                m.old, r.new, r.phase, r.status
            ));
            continue;
        }
        match catalog::relkind(db, &schema, &m.old)? {
            Some('r' | 'p') => {}
            Some(k) => problems.push(format!(
                "{schema}.{} is a {}, not a table",
                m.old,
                relkind_name(k)
            )),
            None => {
                let renamed = matches!(catalog::relkind(db, &schema, &m.new)?, Some('r' | 'p'));
                problems.push(if renamed {
                    format!(
                        "{schema}.{} does not exist, but {schema}.{} does: was it renamed by hand? rename it back, then apply",
                        m.old, m.new
                    )
                } else {
                    format!("table {schema}.{} does not exist", m.old)
                });
            }
        }
    }
    for (_, to) in &p.renames {
        if moving.contains(&to.as_str()) || p.dropped_views.contains(to) {
            continue;
        }
        if let Some(what) = catalog::name_taken(db, &schema, to)? {
            problems.push(format!(
                "the new name {schema}.{to} is already taken by a {what}"
            ));
        }
    }
    let mut owned: Vec<&str> = moving.clone();
    owned.extend(p.dropped_views.iter().map(String::as_str));
    let denied = catalog::missing_privileges(
        db,
        rules,
        &owned,
        p.moves.iter().any(|m| m.view),
        &tracking_privileges(rules, &p.up),
    )?;
    let names_hint = "fix the database or the rules so that every old name is a table and every new name is free";
    let hint = match (problems.is_empty(), denied.is_empty()) {
        (true, true) => return Ok(()),
        (false, true) => format!("{names_hint}; nothing was changed"),
        (true, false) => format!("{}; nothing was changed", privilege_hint(&db.role)),
        (false, false) => format!(
            "{names_hint}, and {}; nothing was changed",
            privilege_hint(&db.role)
        ),
    };
    problems.extend(denied);
    Err(cannot(
        format!("phase {} cannot be applied to {}:", phase.id, db.display),
        &problems,
        &hint,
    ))
}

/// The privileges a script needs on the tracking table, from what it does to it.
fn tracking_privileges(rules: &Rules, script: &plan::Script) -> Vec<&'static str> {
    let t = plan::tracking(rules);
    let does = |verb: &str| {
        let needle = format!("{verb} {t}");
        script.stmts.iter().any(|s| s.sql.contains(&needle))
    };
    let mut out = vec!["SELECT"];
    if does("INSERT INTO") {
        out.push("INSERT");
    }
    if does("UPDATE") {
        out.push("UPDATE");
    }
    out
}

/// `migrate rollback` of one phase.
pub fn rollback(
    db: &mut Db,
    rules: &Rules,
    pi: usize,
    opts: &RunOptions,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let phase = &rules.phases[pi];
    let schema = rules.schema.clone();
    let tracked = catalog::tracking_exists(db, rules)?;
    match phase.kind {
        PhaseKind::Setup => {
            if !tracked {
                writeln!(
                    io.out,
                    "there is no tracking table on {}; nothing to roll back",
                    db.display
                )?;
                return Ok(exit::CLEAN);
            }
            let rows = catalog::tracking_rows(db, rules)?;
            let active = rows.iter().filter(|r| r.is_active()).count();
            if active > 0 {
                return Err(UserError::new(format!(
                    "{active} table{} still migrated on {}; the tracking table stays",
                    if active == 1 { " is" } else { "s are" },
                    db.display
                ))
                .hint("roll back every phase first (refscan migrate rollback --phase ...), later phases first")
                .into());
            }
            if !rows.is_empty() {
                writeln!(
                    io.out,
                    "the tracking table {schema}.{TRACKING_TABLE} on {} keeps the history of {} move{}, so it stays (history is never deleted; refscan migrate status --history shows it); nothing to roll back",
                    db.display,
                    rows.len(),
                    if rows.len() == 1 { "" } else { "s" }
                )?;
                return Ok(exit::CLEAN);
            }
            let (_, down) = plan::setup_scripts(rules, &opts.sql, Some(pi));
            io.confirm(
                &format!(
                    "Drop the tracking table {schema}.{TRACKING_TABLE} on {}?",
                    db.display
                ),
                opts.yes,
            )?;
            execute(db, &down, opts, io)?;
            writeln!(
                io.out,
                "dropped the tracking table {schema}.{TRACKING_TABLE}"
            )?;
            return Ok(exit::CLEAN);
        }
        PhaseKind::Cleanup => {
            let p = plan::plan_phase(rules, pi, &opts.sql);
            if !tracked {
                writeln!(
                    io.out,
                    "nothing is migrated on {}; nothing to roll back",
                    db.display
                )?;
                return Ok(exit::CLEAN);
            }
            let cleaned = catalog::active_rows(db, rules)?
                .values()
                .filter(|r| r.status == "cleaned")
                .count();
            if cleaned == 0 {
                writeln!(
                    io.out,
                    "no compatibility view was dropped by cleanup on {}; nothing to roll back",
                    db.display
                )?;
                return Ok(exit::CLEAN);
            }
            io.confirm(
                &format!(
                    "Recreate {cleaned} compatibility view{} on {}?",
                    if cleaned == 1 { "" } else { "s" },
                    db.display
                ),
                opts.yes,
            )?;
            execute(db, &p.down, opts, io)?;
            writeln!(
                io.out,
                "recreated {cleaned} compatibility view{}",
                if cleaned == 1 { "" } else { "s" }
            )?;
            return Ok(exit::CLEAN);
        }
        PhaseKind::Rename => {}
    }
    if !tracked {
        writeln!(
            io.out,
            "phase {} is not applied on {} (no tracking table); nothing to roll back",
            phase.id, db.display
        )?;
        return Ok(exit::CLEAN);
    }
    let active = catalog::active_rows(db, rules)?;
    if recorded(rules, pi, &active)? == Recorded::None {
        writeln!(
            io.out,
            "phase {} is not applied on {}; nothing to roll back",
            phase.id, db.display
        )?;
        return Ok(exit::CLEAN);
    }
    for qi in (pi + 1)..rules.phases.len() {
        let q = &rules.phases[qi];
        if q.kind == PhaseKind::Rename && active.values().any(|r| r.phase == q.id) {
            return Err(UserError::new(format!(
                "phase {} is applied after phase {} on {}",
                q.id, phase.id, db.display
            ))
            .hint(format!(
                "roll back the later phases first: refscan migrate rollback --phase {}",
                q.id
            ))
            .into());
        }
    }
    let p = plan::plan_phase(rules, pi, &opts.sql);
    let mut problems = Vec::new();
    for m in &p.moves {
        match catalog::relkind(db, &schema, &m.new)? {
            Some('r' | 'p') => {}
            Some(k) => problems.push(format!(
                "{schema}.{} is a {}, not the renamed table",
                m.new,
                relkind_name(k)
            )),
            None => problems.push(format!("table {schema}.{} does not exist", m.new)),
        }
    }
    // The rollback renames the new tables back and drops the views under the old names.
    let mut owned: Vec<&str> = p.moves.iter().map(|m| m.new.as_str()).collect();
    owned.extend(p.moves.iter().filter(|m| m.view).map(|m| m.old.as_str()));
    let denied = catalog::missing_privileges(
        db,
        rules,
        &owned,
        false,
        &tracking_privileges(rules, &p.down),
    )?;
    if !problems.is_empty() || !denied.is_empty() {
        let hint = if denied.is_empty() {
            "the database no longer matches the tracking table; nothing was changed".to_string()
        } else {
            format!("{}; nothing was changed", privilege_hint(&db.role))
        };
        problems.extend(denied);
        return Err(cannot(
            format!(
                "phase {} cannot be rolled back on {}:",
                phase.id, db.display
            ),
            &problems,
            &hint,
        ));
    }
    writeln!(
        io.out,
        "rollback of phase {}: {} ({} table{}) on {}",
        phase.id,
        phase.title,
        p.moves.len(),
        if p.moves.len() == 1 { "" } else { "s" },
        db.display
    )?;
    for m in &p.moves {
        let renamed = active
            .get(&m.old)
            .and_then(|r| r.dependencies.get("renamed"))
            .and_then(|v| v.as_array())
            .map(|a| a.len())
            .unwrap_or(0);
        let mut line = format!("  {schema}.{} -> {schema}.{}", m.new, m.old);
        if m.view {
            line.push_str(&format!(", dropping the view {schema}.{}", m.old));
        }
        if renamed > 0 {
            line.push_str(&format!(
                ", {renamed} dependent name{} restored",
                if renamed == 1 { "" } else { "s" }
            ));
        }
        writeln!(io.out, "{line}")?;
    }
    io.confirm(
        &format!("Roll back phase {} on {}?", phase.id, db.display),
        opts.yes,
    )?;
    let started = Instant::now();
    execute(db, &p.down, opts, io)?;
    writeln!(
        io.out,
        "phase {} rolled back in {} ms: {} table{} renamed back",
        phase.id,
        started.elapsed().as_millis(),
        p.moves.len(),
        if p.moves.len() == 1 { "" } else { "s" }
    )?;
    Ok(exit::CLEAN)
}
