//! `refscan report --database-url` and `--format html`: code and database joined per renamed
//! table: where the move stands, whether the compatibility view is there, which references
//! the code still has, which functions still name the old table, and whether the view can go.

pub mod html;

use std::io::Write;

use serde::Serialize;

use crate::findings::Kind;
use crate::migrate::catalog::{self, Statements};
use crate::migrate::db::Db;
use crate::report::{KindCounts, RulesRef, JSON_VERSION};
use crate::rules::Rules;
use crate::scan::Scan;

/// Whether a table's compatibility view can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing known uses the old name.
    Ready,
    /// Something still does, or the table has not moved yet.
    Blocked,
    /// Cleanup already dropped the view.
    Cleaned,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Blocked => "blocked",
            Verdict::Cleaned => "cleaned",
        }
    }
}

/// The database side of one table, when a database was given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DbSide {
    /// pending, migrated, rolled_back or cleaned.
    pub status: String,
    /// The compatibility view reads the table.
    pub view: bool,
    /// Functions whose body names the old table.
    pub functions: Vec<String>,
    pub cron_jobs: Vec<String>,
    /// Data queries pg_stat_statements recorded naming the old table (`None`: not available).
    pub recorded_queries: Option<usize>,
}

/// One renamed table's line of the overview.
#[derive(Debug, Clone, Serialize)]
pub struct TableReadiness {
    pub old: String,
    pub new: String,
    pub group: String,
    pub phase: Option<String>,
    /// References outside the migrations folder, by kind (mentions included).
    pub code: KindCounts,
    /// The rewritable ones among them.
    pub rewritable: usize,
    /// `None` without a database.
    pub database: Option<DbSide>,
    pub verdict: Verdict,
    pub ready: bool,
    /// Why the view cannot go yet (empty when ready), or what was not checked.
    pub reasons: Vec<String>,
}

/// The whole overview.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The database URL with its password hidden, or `None` for the code side only.
    pub database: Option<String>,
    pub tracking_table: Option<bool>,
    pub tables: Vec<TableReadiness>,
    /// Old names in hidden files the scan left out: a table may look ready while they remain.
    pub hidden: crate::scan::HiddenCount,
}

impl Overview {
    pub fn count(&self, v: Verdict) -> usize {
        self.tables.iter().filter(|t| t.verdict == v).count()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Joins the code scan and, when given, the database for the renamed tables `tables`.
pub fn collect(
    rules: &Rules,
    tables: &[usize],
    scan: &Scan,
    mut db: Option<&mut Db>,
) -> anyhow::Result<Overview> {
    let tracked = match db.as_deref_mut() {
        Some(db) => Some(catalog::tracking_exists(db, rules)?),
        None => None,
    };
    let latest = match db.as_deref_mut() {
        Some(db) => catalog::latest_rows(db, rules)?,
        None => Default::default(),
    };
    let mut out = Vec::new();
    for &ti in tables {
        let t = &rules.tables[ti];
        if !t.is_renamed() {
            continue;
        }
        let mut code = KindCounts::default();
        let mut rewritable = 0;
        for f in scan.findings().filter(|f| f.table == ti && !f.history) {
            code.add(f.kind);
            rewritable += usize::from(f.rewritable());
        }
        let phase = t.phase.map(|p| rules.phases[p].id.clone());
        let mut reasons = Vec::new();
        if rewritable > 0 {
            reasons.push(format!(
                "{rewritable} rewritable reference{} in the code",
                plural(rewritable)
            ));
        }
        let database = match db.as_deref_mut() {
            None => None,
            Some(db) => {
                let status = latest
                    .get(&t.old)
                    .map(|r| r.status.clone())
                    .unwrap_or_else(|| "pending".to_string());
                let view = catalog::view_reads(db, &rules.schema, &t.old, &t.new)?;
                // Once cleaned, nothing reaches the old name any more: what names it is
                // broken, not blocking.
                let (functions, cron_jobs, recorded) = if status == "cleaned" {
                    (Vec::new(), Vec::new(), None)
                } else {
                    let recorded = match catalog::statements_naming(db, &t.old)? {
                        Statements::Available { uses, .. } => Some(uses.len()),
                        _ => None,
                    };
                    (
                        catalog::functions_naming(db, &t.old)?,
                        catalog::cron_jobs_naming(db, &t.old)?,
                        recorded,
                    )
                };
                Some(DbSide {
                    status,
                    view,
                    functions,
                    cron_jobs,
                    recorded_queries: recorded,
                })
            }
        };
        let verdict = match &database {
            Some(d) if d.status == "cleaned" => {
                reasons.clear();
                Verdict::Cleaned
            }
            Some(d) => {
                if d.status != "migrated" {
                    reasons.insert(
                        0,
                        format!(
                            "not migrated yet ({}; phase {})",
                            d.status.replace('_', " "),
                            phase.as_deref().unwrap_or("-")
                        ),
                    );
                }
                if !d.functions.is_empty() {
                    reasons.push(format!("named in {}", d.functions.join(", ")));
                }
                if !d.cron_jobs.is_empty() {
                    reasons.push(format!("named by pg_cron: {}", d.cron_jobs.join("; ")));
                }
                if let Some(n) = d.recorded_queries.filter(|&n| n > 0) {
                    reasons.push(format!(
                        "pg_stat_statements recorded {n} quer{} naming it",
                        if n == 1 { "y" } else { "ies" }
                    ));
                }
                if reasons.is_empty() {
                    Verdict::Ready
                } else {
                    Verdict::Blocked
                }
            }
            None if reasons.is_empty() => Verdict::Ready,
            None => Verdict::Blocked,
        };
        out.push(TableReadiness {
            old: t.old.clone(),
            new: t.new.clone(),
            group: rules.groups[t.group].prefix.clone(),
            phase,
            code,
            rewritable,
            database,
            verdict,
            ready: verdict == Verdict::Ready,
            reasons,
        });
    }
    Ok(Overview {
        database: db.map(|d| d.display.clone()),
        tracking_table: tracked,
        tables: out,
        hidden: scan.hidden,
    })
}

/// The code counts as `sql 2, mention 1`, or `-`.
pub fn describe_code(c: &KindCounts) -> String {
    let parts: Vec<String> = Kind::ALL
        .iter()
        .filter(|k| c.get(**k) > 0)
        .map(|k| format!("{k} {}", c.get(*k)))
        .collect();
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join(", ")
    }
}

/// The text overview: one block per group, one line per table, reasons indented below.
pub fn print_text(out: &mut dyn Write, ov: &Overview, rules: &Rules) -> std::io::Result<()> {
    match &ov.database {
        Some(d) => writeln!(out, "Cleanup readiness on {d}")?,
        None => writeln!(
            out,
            "Cleanup readiness, code side only (no --database-url: status, views and functions not checked)"
        )?,
    }
    if ov.tracking_table == Some(false) {
        writeln!(out, "no tracking table: nothing is migrated yet")?;
    }
    for g in &rules.groups {
        let rows: Vec<&TableReadiness> = ov.tables.iter().filter(|t| t.group == g.prefix).collect();
        if rows.is_empty() {
            continue;
        }
        writeln!(out)?;
        if g.title == g.prefix {
            writeln!(out, "{}", g.prefix)?;
        } else {
            writeln!(out, "{:<10}{}", g.prefix, g.title)?;
        }
        let w_old = rows.iter().map(|r| r.old.len()).max().unwrap_or(0);
        let w_new = rows.iter().map(|r| r.new.len()).max().unwrap_or(0);
        for r in rows {
            let mut line = format!(
                "  {:<w_old$} -> {:<w_new$}  phase {:<3}",
                r.old,
                r.new,
                r.phase.as_deref().unwrap_or("-")
            );
            if let Some(d) = &r.database {
                line.push_str(&format!(
                    "  {:<11}  view {:<3}",
                    d.status.replace('_', " "),
                    if d.view { "yes" } else { "no" }
                ));
            }
            line.push_str(&format!(
                "  {:<7}  code: {}",
                r.verdict.as_str(),
                describe_code(&r.code)
            ));
            writeln!(out, "{}", line.trim_end())?;
            for reason in &r.reasons {
                writeln!(out, "      - {reason}")?;
            }
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "Summary: {} ready, {} blocked, {} cleaned, of {} renamed table{}",
        ov.count(Verdict::Ready),
        ov.count(Verdict::Blocked),
        ov.count(Verdict::Cleaned),
        ov.tables.len(),
        plural(ov.tables.len())
    )?;
    if let Some(line) = ov.hidden.note() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// The JSON overview (version 1, like the report's).
pub fn print_json(out: &mut dyn Write, ov: &Overview, rules: &Rules) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Counts {
        ready: usize,
        blocked: usize,
        cleaned: usize,
        hidden_files: usize,
        hidden_references: usize,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        rules: RulesRef<'a>,
        database: Option<&'a str>,
        tracking_table: Option<bool>,
        summary: Counts,
        tables: &'a [TableReadiness],
    }
    let doc = Doc {
        version: JSON_VERSION,
        rules: RulesRef::new(rules),
        database: ov.database.as_deref(),
        tracking_table: ov.tracking_table,
        summary: Counts {
            ready: ov.count(Verdict::Ready),
            blocked: ov.count(Verdict::Blocked),
            cleaned: ov.count(Verdict::Cleaned),
            hidden_files: ov.hidden.files,
            hidden_references: ov.hidden.references,
        },
        tables: &ov.tables,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
