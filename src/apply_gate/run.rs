//! Runs the apply-time gate: hands the scan's files, the migration files and what the database
//! says to the pure rules of [`super`], prints the blockers, and decides the outcome for
//! `check --before-apply` and `migrate apply`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::LineCursor;
use crate::error::{exit, UserError};
use crate::lang::Lang;
use crate::messages::{note, print_problems};
use crate::migrate::catalog;
use crate::migrate::db::Db;
use crate::print::{FindingPrinter, GateSummary, Located, Place, Severity, Subject};
use crate::rules::{PhaseKind, Rules};
use crate::scan::{History, Scan, ScanOptions};

use super::{After, Blocker, MigrationFile};

/// What the gate found for some phases.
pub struct Outcome {
    pub blockers: Vec<Blocker>,
    /// The text of each file with a blocker, to show its line.
    texts: HashMap<PathBuf, Vec<u8>>,
    pub files_searched: usize,
    pub migrations_checked: usize,
    pub after: After,
    /// The scan or a migration file could not be read: the gate is incomplete.
    pub incomplete: bool,
}

/// The rename phases among `phases`, or an error naming what the gate is for.
pub fn rename_phases(rules: &Rules, phases: &[usize], asked: &str) -> anyhow::Result<Vec<usize>> {
    let out: Vec<usize> = phases
        .iter()
        .copied()
        .filter(|&p| rules.phases[p].kind == PhaseKind::Rename)
        .collect();
    if out.is_empty() {
        return Err(UserError::new(format!(
            "phase {asked} renames no table, so no compatibility view stands in for one"
        ))
        .hint("give a rename phase (`refscan rules` lists the phases)")
        .into());
    }
    Ok(out)
}

/// The tables the rename phases move.
pub fn tables_of(rules: &Rules, phases: &[usize]) -> Vec<usize> {
    crate::migrate::phase_tables(rules, phases)
}

/// `--since`: a migration version is its digits.
pub fn check_since(since: Option<&str>) -> anyhow::Result<()> {
    match since {
        Some(v) if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) => Err(UserError::new(
            format!("--since `{v}` is not a migration version"),
        )
        .hint("give the digits before the `_` of a migration file name (the newest one the database has run), like 20250101000000")
        .into()),
        _ => Ok(()),
    }
}

/// Scans `root` for the old names of `tables` (what `migrate apply` checks).
pub fn scan_code(rules: &Rules, tables: &[usize], root: &Path) -> anyhow::Result<Scan> {
    if !root.exists() {
        return Err(
            UserError::new(format!("--code {}: no such file or folder", root.display()))
                .hint("give the folder of the code that uses the database (the repository root)")
                .into(),
        );
    }
    let mut opts = ScanOptions::new(rules);
    opts.paths = vec![root.to_path_buf()];
    opts.tables = tables.to_vec();
    let (scan, _) = crate::scan::scan_each(rules, &opts, |_, _| ())?;
    print_problems(&scan.problems);
    Ok(scan)
}

/// Where `migrate apply` looks for code by default: the rules file's folder (refscan.toml lies
/// at the repository root), or the current folder with the bundled plan.
pub fn default_code_root(rules: &Rules) -> PathBuf {
    match &rules.origin {
        crate::rules::Origin::File(p) => match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        },
        crate::rules::Origin::Bundled => PathBuf::from("."),
    }
}

/// Runs the rules of the gate for `phases` (rename phases) over the scan of the code under
/// `roots`, the migration files of the project, and the database when given.
pub fn collect(
    rules: &Rules,
    phases: &[usize],
    scan: &Scan,
    roots: &[PathBuf],
    since: Option<&str>,
    mut db: Option<&mut Db>,
) -> anyhow::Result<Outcome> {
    let tables = tables_of(rules, phases);
    let mut blockers = Vec::new();
    let mut texts: HashMap<PathBuf, Vec<u8>> = HashMap::new();
    let mut incomplete = scan.has_errors();
    let mut dirs = crate::project::migrations_dirs(roots, &rules.migrations);
    for file in &scan.files {
        if file.history == Some(History::Migration)
            && crate::own_output::recognise(&std::fs::read(file.path.as_path()).unwrap_or_default())
                .is_none()
        {
            if let Some(d) = file.path.parent() {
                let d = crate::project::canonical(d);
                if !dirs.contains(&d) {
                    dirs.push(d);
                }
            }
        }
        if file.history.is_some() {
            continue;
        }
        let bytes = std::fs::read(file.path.as_path()).map_err(|e| {
            UserError::new(format!("{}: cannot read again: {e}", file.path.display()))
        })?;
        let sql_file = Lang::of(&file.path) == Lang::Sql;
        let found =
            super::code_blockers(rules, &tables, &file.path, &bytes, &file.findings, sql_file);
        if !found.is_empty() {
            texts.insert(file.path.as_ref().clone(), bytes);
            blockers.extend(found);
        }
    }
    // Folders found below others are walked once, with them.
    dirs.sort();
    let mut top: Vec<PathBuf> = Vec::new();
    for d in dirs {
        if !top.iter().any(|t| d.starts_with(t)) {
            top.push(d);
        }
    }
    let cwd = crate::project::canonical(Path::new("."));
    let shown: Vec<PathBuf> = top
        .iter()
        .map(|d| crate::project::relative_to(d, &cwd))
        .collect();
    let (files, problems) = crate::lint::collect_files(&shown)?;
    print_problems(&problems);
    incomplete |= problems.iter().any(|p| p.kind.is_error());
    let recorded = match db.as_deref_mut() {
        Some(db) => catalog::recorded_migrations(db)?,
        None => None,
    };
    let views: Vec<MigrationFile<'_>> = files
        .iter()
        .map(|f| MigrationFile {
            path: f.path.as_path(),
            text: &f.text,
        })
        .collect();
    let after = super::position(rules, phases, &views, since, recorded.as_ref());
    let mut migrations_checked = 0;
    for (f, v) in files.iter().zip(&views) {
        if !super::runs_after(&after, v, recorded.as_ref()) {
            continue;
        }
        migrations_checked += 1;
        let found = super::migration_blockers(rules, &tables, &f.path, &f.text, &after);
        if !found.is_empty() {
            texts.insert(f.path.as_ref().clone(), f.text.clone().into_bytes());
            blockers.extend(found);
        }
    }
    if let Some(db) = db {
        let mut names: Vec<&str> = Vec::new();
        for &t in &tables {
            names.push(&rules.tables[t].old);
            names.push(&rules.tables[t].new);
        }
        let members = catalog::publication_members(db, &rules.schema, &names)?;
        blockers.extend(super::publication_blockers(rules, &tables, &members));
    }
    Ok(Outcome {
        blockers,
        texts,
        files_searched: scan.files_searched,
        migrations_checked,
        after,
        incomplete,
    })
}

impl Outcome {
    /// Prints the blockers that no `refscan-ignore` covers (warnings only `with_warnings`), and
    /// returns the totals.
    pub fn print(
        &self,
        rules: &Rules,
        printer: &mut dyn FindingPrinter,
        with_warnings: bool,
    ) -> std::io::Result<GateSummary> {
        let mut summary = GateSummary {
            files_searched: self.files_searched,
            ..GateSummary::default()
        };
        for b in &self.blockers {
            if b.suppressed {
                summary.suppressed += 1;
                continue;
            }
            match b.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
            if b.severity == Severity::Warning && !with_warnings {
                continue;
            }
            let view = match &b.diagnostic.place {
                Place::File { path, span, .. } => self
                    .texts
                    .get(path.as_path())
                    .map(|t| LineCursor::new(t).at(span)),
                Place::Object { .. } => None,
            };
            let (line_text, column, shown_column) = view
                .as_ref()
                .map_or(("", 1, 1), |v| (v.text.as_str(), v.column, v.shown_column));
            printer.finding(
                &Located {
                    subject: Subject::Diagnostic(&b.diagnostic),
                    severity: b.severity,
                    line_text,
                    column,
                    shown_column,
                },
                rules,
            )?;
        }
        printer.finish(&summary, rules)?;
        Ok(summary)
    }

    /// The gate's line on stderr, and what to do when nothing placed the migrations.
    pub fn note(&self, what: &str, summary: &GateSummary) {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        note(&format!(
            "{what}: {} blocker{}, {} warning{}{}; {} file{} searched, {} migration{} checked ({})",
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings),
            if summary.suppressed > 0 {
                format!(", {} suppressed", summary.suppressed)
            } else {
                String::new()
            },
            summary.files_searched,
            plural(summary.files_searched),
            self.migrations_checked,
            plural(self.migrations_checked),
            self.after.describe()
        ));
        if self.after == After::Unknown && self.migrations_checked > 0 {
            note("which migrations run after the rename is not known, so their findings are warnings: give --since VERSION (the newest migration the database has run) or --database-url to make them blockers");
        }
    }

    /// The exit status of `check --before-apply`.
    pub fn status(&self, summary: &GateSummary) -> u8 {
        if self.incomplete {
            exit::ERROR
        } else if summary.errors > 0 {
            exit::FINDINGS
        } else {
            exit::CLEAN
        }
    }
}

/// What `migrate apply` hands the gate.
#[derive(Debug, Clone, Copy)]
pub struct ApplyGate<'a> {
    /// The phase as the user gave it (`5`).
    pub asked: &'a str,
    /// The rename phases still to apply.
    pub phases: &'a [usize],
    /// The code to check.
    pub code: &'a Path,
    pub since: Option<&'a str>,
    /// `--ignore-blockers`.
    pub ignore: bool,
}

/// The gate `migrate apply` runs before it changes anything: prints the blockers on `out` and
/// refuses while there are any, unless told to ignore them.
pub fn before_apply(
    rules: &Rules,
    gate: &ApplyGate<'_>,
    db: &mut Db,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let ApplyGate {
        asked,
        phases,
        code,
        since,
        ignore,
    } = *gate;
    let tables = tables_of(rules, phases);
    let scan = scan_code(rules, &tables, code)?;
    let outcome = collect(rules, phases, &scan, &[code.to_path_buf()], since, Some(db))?;
    let what = format!("before apply of phase {asked}");
    let mut printer = crate::print::gate_printer_with(
        crate::print::GateFormat::Human,
        termcolor::NoColor::new(&mut *out),
        super::TOOL,
        super::rules_catalogue(),
        crate::print::GateContext::new("apply"),
    );
    let summary = outcome.print(rules, printer.as_mut(), false)?;
    drop(printer);
    outcome.note(&what, &summary);
    if outcome.incomplete && !ignore {
        return Err(UserError::new(format!(
            "{what}: some files under {} could not be read (see above), so the gate is incomplete; nothing was changed",
            code.display()
        ))
        .hint("make them readable or leave them out with an ignore file, or pass --ignore-blockers")
        .into());
    }
    if summary.errors == 0 {
        return Ok(());
    }
    if ignore {
        writeln!(
            out,
            "applying anyway (--ignore-blockers): the {} use{} above fail{} once the phase is applied",
            summary.errors,
            if summary.errors == 1 { "" } else { "s" },
            if summary.errors == 1 { "s" } else { "" }
        )?;
        return Ok(());
    }
    Err(UserError::new(format!(
        "{what}: {} use{} of the old names that the compatibility views cannot serve (listed above); nothing was changed",
        summary.errors,
        if summary.errors == 1 { "" } else { "s" }
    ))
    .hint(format!(
        "change each as it says (`refscan check --before-apply {asked}` lists them again), mark one handled with a `refscan-ignore` comment, or pass --ignore-blockers to apply anyway"
    ))
    .into())
}
