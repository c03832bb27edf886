//! `migrate status`: where each table of the plan stands in the database (tracking table and
//! catalog) and, with `--code`, how many rewritable references to its old name the code has.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::exit;
use crate::findings::Kind;
use crate::messages::print_problems;
use crate::rules::Rules;
use crate::scan::{scan_each, ScanOptions};
use crate::selected_fields::{chain_select, top_level_names};

use super::catalog;
use super::db::Db;
use super::plan::TRACKING_TABLE;
use super::tracking::Event;
use super::{Io, StatusFormat};

/// Rewritable findings per table index, from a scan of `path`.
pub fn code_references(rules: &Rules, path: &Path) -> anyhow::Result<HashMap<usize, usize>> {
    Ok(code_uses(rules, path)?.counts)
}

/// A select string on `.from('old')` in the code, with the names it selects at the top level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectUse {
    pub path: String,
    pub line: usize,
    pub names: Vec<String>,
}

/// What a scan of the code found per table index: rewritable references, and the select
/// strings of `.from('old')` chains.
#[derive(Debug, Clone, Default)]
pub struct CodeUses {
    pub counts: HashMap<usize, usize>,
    pub selects: HashMap<usize, Vec<SelectUse>>,
}

/// Scans `path` for the rules' old names (outside history: migrations are no code).
pub fn code_uses(rules: &Rules, path: &Path) -> anyhow::Result<CodeUses> {
    let mut opts = ScanOptions::new(rules);
    opts.paths = vec![path.to_path_buf()];
    // The select strings are read while the scan still holds each file's bytes.
    let (result, selects) = scan_each(rules, &opts, |file, bytes| {
        file.findings
            .iter()
            .filter(|f| f.kind == Kind::FromCall && !f.history)
            .filter_map(|f| {
                let (at, select) = chain_select(bytes, f.span.end)?;
                // From the finding's line: the select is at most a few KiB further.
                let line = f.line
                    + bytes[f.span.end..at]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count();
                Some((
                    f.table,
                    SelectUse {
                        path: file.path.display().to_string(),
                        line,
                        names: top_level_names(&select),
                    },
                ))
            })
            .collect::<Vec<_>>()
    })?;
    print_problems(&result.problems);
    let mut uses = CodeUses::default();
    for f in result.findings().filter(|f| f.rewritable()) {
        *uses.counts.entry(f.table).or_insert(0) += 1;
    }
    for (table, s) in selects.into_iter().flatten() {
        uses.selects.entry(table).or_default().push(s);
    }
    Ok(uses)
}

/// One table's line of the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableStatus {
    pub old: String,
    pub new: String,
    pub group: String,
    pub phase: String,
    /// pending, migrated, rolled_back or cleaned.
    pub state: String,
    /// The compatibility view is in place.
    pub view: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_refs: Option<usize>,
    /// Where the catalog disagrees with the tracking table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// The status of the given tables (default: every renamed table).
pub fn collect(
    db: &mut Db,
    rules: &Rules,
    tables: Option<&[usize]>,
    refs: Option<&HashMap<usize, usize>>,
) -> anyhow::Result<Vec<TableStatus>> {
    let schema = rules.schema.clone();
    let latest = catalog::latest_rows(db, rules)?;
    let all: Vec<usize> = rules.renamed().map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for &ti in tables.unwrap_or(&all) {
        let t = &rules.tables[ti];
        let row = latest.get(&t.old);
        let state = row
            .map(|r| r.status.clone())
            .unwrap_or_else(|| "pending".to_string());
        let view = catalog::view_reads(db, &schema, &t.old, &t.new)?;
        let old_kind = catalog::relkind(db, &schema, &t.old)?;
        let new_kind = catalog::relkind(db, &schema, &t.new)?;
        let is_table = |k: Option<char>| matches!(k, Some('r' | 'p'));
        let mut problems = Vec::new();
        match state.as_str() {
            "migrated" | "cleaned" => {
                if !is_table(new_kind) {
                    problems.push(format!("table {schema}.{} is missing", t.new));
                }
                let expect_view = state == "migrated" && row.is_some_and(|r| r.compat_view);
                if expect_view && !view {
                    problems.push(format!(
                        "the compatibility view {schema}.{} is missing",
                        t.old
                    ));
                }
            }
            _ => {
                if !is_table(old_kind) {
                    if is_table(new_kind) {
                        problems.push(format!(
                            "renamed outside refscan: {schema}.{} exists, {schema}.{} does not",
                            t.new, t.old
                        ));
                    } else {
                        problems.push(format!("table {schema}.{} is missing", t.old));
                    }
                }
            }
        }
        out.push(TableStatus {
            old: t.old.clone(),
            new: t.new.clone(),
            group: rules.groups[t.group].prefix.clone(),
            phase: t
                .phase
                .map(|p| rules.phases[p].id.clone())
                .unwrap_or_default(),
            state,
            view,
            code_refs: refs.map(|r| r.get(&ti).copied().unwrap_or(0)),
            problems,
        });
    }
    Ok(out)
}

/// How a rename phase came to be applied: by `refscan migrate apply` or by running its
/// migration file (the Supabase CLI, psql, ...), and whether the Supabase CLI's history has
/// its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseApplied {
    pub phase: String,
    /// `apply` or `file`; `unknown` for moves recorded before refscan kept a history.
    pub via: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    pub at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The version of the phase's file in supabase_migrations.schema_migrations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migration_version: Option<String>,
}

/// The applied rename phases among the given tables, from the last `applied` event of their
/// active tracking rows, in plan order.
pub fn phases_applied(
    db: &mut Db,
    rules: &Rules,
    tables: Option<&[usize]>,
) -> anyhow::Result<Vec<PhaseApplied>> {
    let active = catalog::active_rows(db, rules)?;
    let versions = catalog::supabase_migration_versions(db)?;
    let all: Vec<usize> = rules.renamed().map(|(i, _)| i).collect();
    let mut out: Vec<PhaseApplied> = Vec::new();
    for &ti in tables.unwrap_or(&all) {
        let Some(row) = active.get(&rules.tables[ti].old) else {
            continue;
        };
        if out.iter().any(|p| p.phase == row.phase) {
            continue;
        }
        let applied = row.history.iter().rev().find(|e| e.event == "applied");
        let application = applied.and_then(|e| e.application.clone());
        let via = match (applied, application.as_deref()) {
            (Some(_), Some("refscan")) => "apply",
            (Some(e), _) if e.client.is_some() => "file",
            _ => "unknown",
        };
        out.push(PhaseApplied {
            phase: row.phase.clone(),
            via: via.to_string(),
            application,
            at: applied
                .map(|e| e.at.clone())
                .unwrap_or_else(|| row.migrated_at.clone()),
            by: applied.and_then(|e| e.by.clone()),
            migration_version: versions.get(&row.phase).cloned(),
        });
    }
    Ok(out)
}

/// A JSON document on the command's output, pretty and ending in a newline.
pub fn print_json(io: &mut Io, doc: &serde_json::Value) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *io.out, doc)?;
    writeln!(io.out)?;
    Ok(())
}

/// `migrate status`.
pub fn status(
    db: &mut Db,
    rules: &Rules,
    tables: Option<&[usize]>,
    refs: Option<&HashMap<usize, usize>>,
    format: StatusFormat,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let tracked = catalog::tracking_exists(db, rules)?;
    let rows = collect(db, rules, tables, refs)?;
    let phases = phases_applied(db, rules, tables)?;
    if format == StatusFormat::Json {
        let doc = serde_json::json!({
            "database": db.display,
            "tracking_table": tracked,
            "tables": rows,
            "phases": phases,
        });
        print_json(io, &doc)?;
        return Ok(exit::CLEAN);
    }
    writeln!(io.out, "{}", db.display)?;
    if !tracked {
        writeln!(
            io.out,
            "no tracking table {}.{TRACKING_TABLE}: run refscan migrate init",
            rules.schema
        )?;
    }
    let w_old = rows.iter().map(|r| r.old.len()).max().unwrap_or(0).max(5);
    let w_new = rows.iter().map(|r| r.new.len()).max().unwrap_or(0).max(8);
    let mut header = format!(
        "{:<w_old$}  {:<w_new$}  {:<5}  {:<11}  {:<4}",
        "table", "new name", "phase", "state", "view"
    );
    if refs.is_some() {
        header.push_str("  code refs");
    }
    writeln!(io.out, "{}", header.trim_end())?;
    for r in &rows {
        let mut line = format!(
            "{:<w_old$}  {:<w_new$}  {:<5}  {:<11}  {:<4}",
            r.old,
            r.new,
            r.phase,
            r.state.replace('_', " "),
            if r.view { "yes" } else { "no" }
        );
        if let Some(n) = r.code_refs {
            line.push_str(&format!("  {n:>9}"));
        }
        writeln!(io.out, "{}", line.trim_end())?;
        for p in &r.problems {
            writeln!(io.out, "  ! {p}")?;
        }
    }
    let count = |s: &str| rows.iter().filter(|r| r.state == s).count();
    for p in &phases {
        let how = match p.via.as_str() {
            "apply" => "by refscan migrate apply".to_string(),
            "file" => format!(
                "by its migration file ({})",
                p.application.as_deref().unwrap_or("no application_name")
            ),
            _ => "before refscan kept a history".to_string(),
        };
        let mut line = format!(
            "phase {} applied {how} at {}{}",
            p.phase,
            p.at.replace('T', " "),
            p.by.as_deref()
                .map(|b| format!(" as {b}"))
                .unwrap_or_default()
        );
        if let Some(v) = &p.migration_version {
            line.push_str(&format!(
                "; the Supabase CLI's history has its file ({v}_refscan_phase_{})",
                p.phase
            ));
        }
        writeln!(io.out, "{line}")?;
    }
    let mut summary = format!(
        "{} pending, {} migrated, {} rolled back, {} cleaned; {} view{} in place",
        count("pending"),
        count("migrated"),
        count("rolled_back"),
        count("cleaned"),
        rows.iter().filter(|r| r.view).count(),
        if rows.iter().filter(|r| r.view).count() == 1 {
            ""
        } else {
            "s"
        }
    );
    if refs.is_some() {
        let total: usize = rows.iter().filter_map(|r| r.code_refs).sum();
        summary.push_str(&format!(
            "; {total} rewritable code reference{} left",
            if total == 1 { "" } else { "s" }
        ));
    }
    writeln!(io.out, "{summary}")?;
    Ok(exit::CLEAN)
}

/// One line of `migrate status --history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryLine {
    /// The tracking row.
    pub id: i64,
    pub old: String,
    pub new: String,
    #[serde(flatten)]
    pub event: Event,
}

/// Every event of the tracking rows of the given tables (default: all), oldest first.
pub fn history_lines(
    db: &mut Db,
    rules: &Rules,
    tables: Option<&[usize]>,
) -> anyhow::Result<Vec<HistoryLine>> {
    let olds: Option<Vec<&str>> =
        tables.map(|t| t.iter().map(|&i| rules.tables[i].old.as_str()).collect());
    let mut out: Vec<HistoryLine> = catalog::tracking_rows(db, rules)?
        .into_iter()
        .filter(|r| olds.as_ref().is_none_or(|o| o.contains(&r.old.as_str())))
        .flat_map(|r| {
            let (id, old, new) = (r.id, r.old, r.new);
            r.history.into_iter().map(move |event| HistoryLine {
                id,
                old: old.clone(),
                new: new.clone(),
                event,
            })
        })
        .collect();
    // Stable: the events of one row keep their order when they share a timestamp.
    out.sort_by(|a, b| a.event.at.cmp(&b.event.at).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// `migrate status --history`.
pub fn history(
    db: &mut Db,
    rules: &Rules,
    tables: Option<&[usize]>,
    format: StatusFormat,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let tracked = catalog::tracking_exists(db, rules)?;
    let lines = history_lines(db, rules, tables)?;
    if format == StatusFormat::Json {
        let doc = serde_json::json!({
            "database": db.display,
            "tracking_table": tracked,
            "history": lines,
        });
        print_json(io, &doc)?;
        return Ok(exit::CLEAN);
    }
    writeln!(io.out, "{}", db.display)?;
    if !tracked {
        writeln!(
            io.out,
            "no tracking table {}.{TRACKING_TABLE}: nothing was ever migrated here",
            rules.schema
        )?;
        return Ok(exit::CLEAN);
    }
    let moves: Vec<String> = lines
        .iter()
        .map(|l| format!("{} -> {}", l.old, l.new))
        .collect();
    let w_move = moves.iter().map(String::len).max().unwrap_or(0).max(5);
    let w_event = lines
        .iter()
        .map(|l| l.event.event.len())
        .max()
        .unwrap_or(0)
        .max(5);
    let header = format!(
        "{:<27}  {:<w_event$}  {:<5}  {:<w_move$}  by (from, via)",
        "when (UTC)", "event", "phase", "table"
    );
    writeln!(io.out, "{header}")?;
    for (l, mv) in lines.iter().zip(&moves) {
        let e = &l.event;
        let mut who = e.by.clone().unwrap_or_else(|| "?".to_string());
        if let Some(s) = &e.session_user {
            who.push_str(&format!(" (logged in as {s})"));
        }
        let from = e.client.as_deref().unwrap_or("?");
        let via = e.application.as_deref().unwrap_or("?");
        writeln!(
            io.out,
            "{:<27}  {:<w_event$}  {:<5}  {:<w_move$}  {who} ({from}, {via})",
            e.at.replace('T', " "),
            e.event.replace('_', " "),
            e.phase,
            mv
        )?;
    }
    let move_count = lines
        .iter()
        .map(|l| l.id)
        .collect::<std::collections::HashSet<_>>()
        .len();
    writeln!(
        io.out,
        "{} event{} of {move_count} move{}",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" },
        if move_count == 1 { "" } else { "s" }
    )?;
    Ok(exit::CLEAN)
}
