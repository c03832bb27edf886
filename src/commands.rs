//! Runs each subcommand: loads the rules, scans, and hands the result to its output.

use std::io::{IsTerminal as _, Write};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use crate::check::{changed_since, gate, GateOptions};
use crate::cli::TypesArgs;
use crate::cli::{
    CheckArgs, Cli, Command, GrantsArgs, LintArgs, Paths, ReportArgs, ReportFormat, ReportOutput,
    RewriteArgs, RulesArgs, ScanArgs,
};
use crate::compat_types;
use crate::error::{exit, fail, UserError};
use crate::findings::{Finding, Kind};
use crate::messages::{note, notes, print_problems};
use crate::print::stdout;
use crate::print::{gate_printer, gate_printer_with, print_diff, PipeTolerant};
use crate::rewrite::{
    install_interrupt_handler, interrupted, plan_bytes, plan_file, write_atomic, FileEdit,
    FileError, Rewritten,
};
use crate::rules::{Choice, DiscoverError, Rules, LOCAL_FILE, RULES_ENV};
use crate::scan::{scan_each, FileScan, History, Progress, Scan, ScanOptions, Selection};
use crate::{grants, lint, plan_view, readiness, report};

pub fn run(cli: &Cli) -> anyhow::Result<u8> {
    match &cli.command {
        Command::Rules(args) => rules(cli, args),
        Command::Report(args) => report(cli, args),
        Command::Rewrite(args) => rewrite(cli, args),
        Command::Check(args) => check(cli, args),
        Command::Merge(args) => crate::merge::run(args),
        Command::Types(args) => types(cli, args),
        Command::Migrate(cmd) => crate::migrate::run(cmd, &load_rules(cli, &[], PlanUse::Act)?),
        Command::Restore(args) => crate::migrate::restore(args),
        Command::Backup(args) => {
            crate::migrate::backup(args, &load_rules(cli, &[], PlanUse::Read)?)
        }
        Command::Lint(args) => lint(cli, args),
        Command::Grants(args) => grants(cli, args),
        Command::Init(args) => crate::init::run(args),
        Command::Completions(args) => crate::shell::completions(args),
        Command::Man(args) => crate::shell::man(args),
    }
}

/// What a command does with the plan; it decides whether the bundled example plan may stand in
/// for a missing rules file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanUse {
    /// Shows the plan (`refscan rules`).
    Show,
    /// Reads code or a database (report, a dry run, lint, types...): says loudly when the
    /// example stands in.
    Read,
    /// Changes files or a database, or gates CI (`rewrite --write`, `check`, `migrate`):
    /// refuses the example unless it is named or this is its project.
    Act,
}

/// Rules from `--rules`, else `refscan.toml` found upward from the PATHs or the current folder,
/// else the bundled plan (on the terms of `what`); says on stderr which.
pub fn load_rules(cli: &Cli, paths: &[std::path::PathBuf], what: PlanUse) -> anyhow::Result<Rules> {
    let from_env =
        cli.rules.is_none() && std::env::var_os(RULES_ENV).is_some_and(|v| !v.is_empty());
    let (rules, choice) = Rules::discover(cli.rules.as_deref(), paths).map_err(|e| match e {
        DiscoverError::Conflict(e) => e,
        DiscoverError::Rules(e) => {
            let unread = e.problems.iter().any(|p| p.line == 0 && p.message.starts_with("cannot read"));
            UserError::new(e.to_string()).hint(if unread && from_env {
                "the environment variable REFSCAN_RULES names this file: point it at a readable TOML file, or unset it to use the refscan.toml found upward from the PATHs"
            } else if unread {
                "give --rules a readable TOML file, or leave --rules out to use the refscan.toml found upward from the PATHs (or --rules bundled for the bundled plan)"
            } else {
                "fix the rules file and check it with `refscan --rules FILE rules`; the bundled plan (`refscan --rules bundled rules`) is a complete example"
            })
        }
    })?;
    let counts = format!(
        "{} renamed tables in {} phases",
        rules.renamed().count(),
        rules.phases.len()
    );
    if choice != Choice::Fallback || what == PlanUse::Show {
        let via = if choice == Choice::Env {
            format!(", from {RULES_ENV}")
        } else {
            String::new()
        };
        note(&format!("rules: {} ({counts}{via})", rules.origin));
        return Ok(rules);
    }
    let mut starts: Vec<std::path::PathBuf> = paths.to_vec();
    let cwd = crate::project::canonical(std::path::Path::new("."));
    if !starts.iter().any(|p| crate::project::canonical(p) == cwd) {
        starts.push(".".into());
    }
    let dirs = crate::project::migrations_dirs(&starts, &rules.migrations);
    let made = crate::project::MigrationFacts::read(&dirs, &rules.schema).plan_tables_made(&rules);
    let total = rules.tables.len();
    // An unrelated project shares a few generic names with the example (`prompts`, `emails`);
    // its own project creates a good part of its tables.
    if made > 0 && made * 3 >= total {
        note(&format!("rules: {} ({counts})", rules.origin));
        return Ok(rules);
    }
    let searched = starts
        .iter()
        .map(|s| {
            let up = crate::project::upward(s);
            let top = up
                .last()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            format!("{} (up to {top})", crate::print::shown_path(s))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let evidence = if dirs.is_empty() {
        format!("no {} folder was found", rules.migrations.join(" or "))
    } else {
        format!("its migrations create {made} of the plan's {total} tables")
    };
    let why = format!(
        "no {LOCAL_FILE} was found at or above {searched}, and the bundled plan (\"{}\") is an example, not this project's plan: {evidence}",
        rules.name
    );
    let hint = format!(
        "write this project's plan in {LOCAL_FILE} at the repository root (`refscan --rules bundled rules` shows the format), or pass --rules bundled to use the example on purpose"
    );
    if what == PlanUse::Act {
        return Err(UserError::new(why).hint(hint).into());
    }
    note(&format!("WARNING: {why}"));
    note(&format!(
        "WARNING: using the bundled example plan's table names anyway, since this command changes nothing; {hint}"
    ));
    Ok(rules)
}

fn rules(cli: &Cli, args: &RulesArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, &[], PlanUse::Show)?;
    let mut out = stdout(cli.color);
    match args.format {
        ReportFormat::Text => plan_view::print_text(&mut out, &rules)?,
        ReportFormat::Json => plan_view::print_json(&mut out, &rules)?,
    }
    out.flush()?;
    let all: Vec<usize> = (0..rules.tables.len()).collect();
    let taken = taken_by_files(&rules, &all, &[std::path::PathBuf::from(".")], None);
    if !taken.is_empty() {
        return Err(taken_error(&taken, "`refscan rewrite` refuses it").into());
    }
    Ok(exit::CLEAN)
}

/// Scans with the selection applied; problems go to stderr.
pub fn selected_scan(
    cli: &Cli,
    rules: &Rules,
    scan_args: &ScanArgs,
    sel: &Selection,
    paths: &Paths,
    shard: Option<crate::shard::Shard>,
) -> anyhow::Result<Scan> {
    scan_with(
        rules,
        scan_args.options(rules, cli.threads, sel, paths, shard),
        sel,
    )
}

/// Runs one scan (with a progress line on a terminal), keeps the selection, and lists the
/// problems on stderr.
fn scan_with(rules: &Rules, opts: ScanOptions, sel: &Selection) -> anyhow::Result<Scan> {
    scan_with_each(rules, opts, sel, |_, _| ()).map(|(scan, _)| scan)
}

/// [`scan_with`], running `each` on every file with findings as [`scan_each`] does.
fn scan_with_each<T: Send>(
    rules: &Rules,
    mut opts: ScanOptions,
    sel: &Selection,
    each: impl Fn(&FileScan, &[u8]) -> T + Sync,
) -> anyhow::Result<(Scan, Vec<T>)> {
    opts.kinds = sel.kinds.clone();
    let spinner = Spinner::start(&mut opts);
    let result = scan_each(rules, &opts, each)?;
    drop(spinner);
    print_problems(&result.0.problems);
    Ok(result)
}

/// What every scanning command does first: `--type-list` answers on its own (`Some`), and
/// `--no-messages` takes effect.
fn scan_preamble(args: &ScanArgs) -> anyhow::Result<Option<u8>> {
    crate::messages::set_no_messages(args.no_messages);
    if args.type_list {
        let mut out = std::io::stdout().lock();
        crate::scan::print_type_list(&mut out)?;
        out.flush()?;
        return Ok(Some(exit::CLEAN));
    }
    Ok(None)
}

/// `--stats`: the figures of a scan on stderr, as ripgrep prints them after its results.
fn print_stats(scan: &Scan, started: std::time::Instant) {
    let findings = scan.findings().count();
    let rewritable = scan.findings().filter(|f| f.rewritable()).count();
    let lines = [
        format!("{findings} findings"),
        format!("{rewritable} rewritable"),
        format!("{} files contained findings", scan.files.len()),
        format!("{} files searched", scan.files_searched),
        format!("{} bytes searched", scan.bytes_searched),
        format!("{} problems", scan.problems.len()),
        format!("{:.6} seconds", started.elapsed().as_secs_f64()),
    ];
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err);
    for l in lines {
        let _ = writeln!(err, "{l}");
    }
}

fn report(cli: &Cli, args: &ReportArgs) -> anyhow::Result<u8> {
    if let Some(code) = scan_preamble(&args.scan)? {
        return Ok(code);
    }
    let started = std::time::Instant::now();
    let paths = args.scan.paths()?;
    let rules = load_rules(cli, &paths.discovery_starts(), PlanUse::Read)?;
    let sel = args.select.resolve(&rules, false)?;
    let overview = args.database_url.is_some() || args.format == ReportOutput::Html;
    let listing = args.list.files_with_matches || args.list.count;
    if overview && listing {
        return fail(
            "-l and -c list files with references; they do not apply to the readiness overview",
            "drop -l/-c, or use --format text or json without --database-url",
        );
    }
    if listing && args.format != ReportOutput::Text {
        return fail(
            "-l and -c print paths; they do not combine with --format",
            "drop --format, or drop -l/-c to have the findings in that format",
        );
    }
    let mut db = match &args.database_url {
        Some(url) => Some(crate::migrate::db::Db::connect(url)?),
        None => None,
    };
    let shard = args.scan.shard()?;
    let result = selected_scan(cli, &rules, &args.scan, &sel, &paths, shard)?;
    let meta = match shard {
        Some(s) => Some(crate::shard::Meta {
            incomplete: result.has_errors(),
            ..crate::shard::Meta::new(s, "report", &rules)?
        }),
        None => None,
    };
    let mut out = stdout(cli.color);
    if overview {
        let tables: Vec<usize> = match &sel.tables {
            Some(t) => t.clone(),
            None => (0..rules.tables.len()).collect(),
        };
        let ov = readiness::collect(&rules, &tables, &result, db.as_mut())?;
        match args.format {
            ReportOutput::Text => readiness::print_text(&mut out, &ov, &rules)?,
            ReportOutput::Json => readiness::print_json(&mut out, &ov, &rules)?,
            ReportOutput::Html => readiness::html::print_html(&mut out, &ov, &rules)?,
            ReportOutput::Jsonl => {
                return fail(
                    "--format jsonl streams findings; the readiness overview is one document",
                    "use --format json with --database-url",
                )
            }
        }
    } else if listing {
        report::print_paths(&mut out, &result, &sel, args.list.count)?;
    } else {
        match args.format {
            ReportOutput::Text => report::print_text(&mut out, &result, &rules)?,
            ReportOutput::Json => report::print_json(&mut out, &result, &rules, meta)?,
            ReportOutput::Jsonl => report::print_jsonl(&mut out, &result, &rules)?,
            ReportOutput::Html => unreachable!("html is the overview"),
        }
    }
    out.flush()?;
    if args.scan.stats {
        print_stats(&result, started);
    }
    let selected: Vec<usize> = sel
        .tables
        .clone()
        .unwrap_or_else(|| (0..rules.tables.len()).collect());
    let taken = taken_by_files(&rules, &selected, &paths.discovery_starts(), Some(&result));
    if !taken.is_empty() {
        note(&format!(
            "warning: {}",
            taken_error(&taken, "`refscan rewrite` refuses it")
        ));
        note(&format!("  hint: {TAKEN_HINT}"));
    }
    Ok(if result.has_errors() {
        exit::ERROR
    } else {
        exit::CLEAN
    })
}

/// Renames onto a name another table has, as the project's migrations and (given a scan) its
/// generated types show it.
fn taken_by_files(
    rules: &Rules,
    selected: &[usize],
    starts: &[std::path::PathBuf],
    scan: Option<&Scan>,
) -> Vec<crate::project::TakenName> {
    let starts = if starts.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        starts.to_vec()
    };
    let facts = crate::project::MigrationFacts::read(
        &crate::project::migrations_dirs(&starts, &rules.migrations),
        &rules.schema,
    );
    let mut taken = crate::project::taken_in_migrations(rules, selected, &facts);
    if let Some(scan) = scan {
        taken.extend(taken_in_types(rules, scan));
    }
    taken
}

/// The error for renames onto names other tables have; `then` says what follows from it.
fn taken_error(taken: &[crate::project::TakenName], then: &str) -> UserError {
    let list: Vec<String> = taken
        .iter()
        .map(|t| format!("`{}` -> `{}`: {}", t.old, t.new, t.evidence))
        .collect();
    UserError::new(format!(
        "the plan renames onto a name another table already has ({}); {then}",
        list.join("; ")
    ))
    .hint(TAKEN_HINT)
}

const TAKEN_HINT: &str = "give those tables other new names in the rules; if the new name is the old table after a rename done by hand, record it as a migration (ALTER TABLE old RENAME TO new) or pass --database-url of a database where it is done; references to the new name that an earlier `refscan rewrite --write` wrote in another clone are known only to that clone's record of edits: finish the rewrite there";

fn lint(cli: &Cli, args: &LintArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, &args.paths, PlanUse::Read)?;
    let mut out = PipeTolerant::new(stdout(cli.color));
    let mut printer = gate_printer_with(
        args.format,
        &mut out,
        lint::TOOL,
        lint::rules_catalogue(),
        crate::print::GateContext::new("lint"),
    );
    let mut summary = crate::print::GateSummary::default();
    let status = if let Some(url) = &args.database_url {
        let mut db = crate::migrate::db::Db::connect(url)?;
        let findings = lint::db::review(&mut db, &rules)?;
        lint::print_findings(&findings, &[], &rules, &mut summary, printer.as_mut())?;
        let what = format!("reviewed schema {} on {}", rules.schema, db.display);
        lint::conclude(&what, &summary, false)
    } else {
        let paths = if args.paths.is_empty() {
            // The project's folders, found upward as the rules file is, from any subfolder.
            let cwd = crate::project::canonical(std::path::Path::new("."));
            let existing: Vec<std::path::PathBuf> =
                crate::project::migrations_dirs(&[".".into()], &rules.migrations)
                    .iter()
                    .map(|d| crate::project::relative_to(d, &cwd))
                    .collect();
            if existing.is_empty() {
                drop(printer);
                return fail(
                    format!(
                        "no migrations folder here ({})",
                        rules.migrations.join(", ")
                    ),
                    "run refscan lint from the monorepo root, or give the SQL files or folders to lint",
                );
            }
            existing
        } else {
            args.paths.clone()
        };
        let (files, problems) = lint::collect_files(&paths)?;
        print_problems(&problems);
        let mut result = lint::lint_files(&rules, &files)?;
        if let Some(since) = &args.since {
            if since.is_empty() || !since.bytes().all(|b| b.is_ascii_digit()) {
                drop(printer);
                return fail(
                    format!("--since `{since}` is not a migration version"),
                    "give the digits before the `_` of a migration file name, like 20250101000000",
                );
            }
            result.findings.retain(|f| lint::newer_than(f, since));
        }
        summary.files_searched = result.files_checked;
        summary.problems = problems.len();
        lint::print_findings(
            &result.findings,
            &files,
            &rules,
            &mut summary,
            printer.as_mut(),
        )?;
        let what = format!(
            "{} SQL file{} checked",
            result.files_checked,
            if result.files_checked == 1 { "" } else { "s" }
        );
        lint::conclude(&what, &summary, problems.iter().any(|p| p.kind.is_error()))
    };
    drop(printer);
    out.flush()?;
    Ok(status)
}

fn grants(cli: &Cli, args: &GrantsArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, &[], PlanUse::Read)?;
    let mut db = match args.conn.database_url.as_deref() {
        Some(u) if !u.trim().is_empty() => Some(args.conn.connect()?),
        _ => None,
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let stdin = std::io::stdin();
    let terminal = std::io::IsTerminal::is_terminal(&stdin);
    let mut input = stdin.lock();
    let mut io = crate::migrate::Io {
        out: &mut lock,
        input: if terminal { Some(&mut input) } else { None },
    };
    let req = grants::Request {
        group: &args.group,
        role: &args.role,
        privileges: &args.privileges,
        revoke: args.revoke,
        as_of_phase: args.as_of_phase.as_deref(),
        apply: args.apply,
        yes: args.conn.yes,
        lock_timeout: args.conn.timeouts.lock_timeout,
    };
    let code = grants::grants(&rules, &req, db.as_mut(), args.conn.retry(), &mut io)?;
    io.out.flush()?;
    Ok(code)
}

/// How many files `rewrite` reads and edits at once.
const PLAN_CHUNK: usize = 256;

fn rewrite(cli: &Cli, args: &RewriteArgs) -> anyhow::Result<u8> {
    if let (Some(cmd), false) = (&args.then, args.write) {
        return crate::error::fail(
            format!("--then `{cmd}` runs on the files a rewrite changes, and without --write nothing changes"),
            "add --write to rewrite the files and then run it, or leave --then out to review the diff first",
        );
    }
    if let Some(code) = scan_preamble(&args.scan)? {
        return Ok(code);
    }
    let started = std::time::Instant::now();
    let paths = args.scan.paths()?;
    let use_ = if args.write {
        PlanUse::Act
    } else {
        PlanUse::Read
    };
    let mut rules = load_rules(cli, &paths.discovery_starts(), use_)?;
    // Taken before the scan: a second run scans only once the first has written.
    let _lock = if args.write {
        Some(crate::project::WriteLock::acquire(
            &paths.discovery_starts(),
        )?)
    } else {
        None
    };
    // What the live database holds under the old and new names, when given one.
    let mut db_kinds: Option<(String, std::collections::BTreeMap<String, char>)> = None;
    if let Some(url) = &args.database_url {
        let mut db = crate::migrate::db::Db::connect(url)?;
        let names: Vec<&str> = rules
            .tables
            .iter()
            .flat_map(|t| [t.old.as_str(), t.new.as_str()])
            .collect();
        let kinds = crate::migrate::catalog::relation_kinds(db.client(), &rules.schema, &names)?;
        db_kinds = Some((db.display.clone(), kinds));
        let renamed = crate::migrate::renamed_constraints(db.client())?;
        note(&format!(
            "{} renamed constraint{} recorded in {}",
            renamed.len(),
            if renamed.len() == 1 { "" } else { "s" },
            db.display
        ));
        for pair in renamed {
            if !rules.constraints.contains(&pair) {
                rules.constraints.push(pair);
            }
        }
    }
    // A new name that another table already has is refused both ways: forward, the code would
    // move onto that table; reversed, its own references would be renamed too.
    let chosen = args.select.resolve(&rules, false)?;
    let selected: Vec<usize> = chosen
        .tables
        .clone()
        .unwrap_or_else(|| (0..rules.tables.len()).collect());
    let starts = if args.scan.paths.is_empty() {
        vec![std::path::PathBuf::from(".")]
    } else {
        args.scan.paths.clone()
    };
    let facts = crate::project::MigrationFacts::read(
        &crate::project::migrations_dirs(&starts, &rules.migrations),
        &rules.schema,
    );
    let mut taken = crate::project::taken_in_migrations(&rules, &selected, &facts);
    if let Some((db, kinds)) = &db_kinds {
        taken.extend(crate::project::taken_in_database(
            &rules, &selected, db, kinds,
        ));
    }
    if args.reverse {
        rules = rules.reversed();
    }
    let sel = args.select.resolve(&rules, false)?;
    let shard = args.scan.shard()?;
    let docs = args.docs || sel.kinds.contains(&Kind::Docs);
    let records = crate::edit_record::Records::read(&paths.discovery_starts())?;
    // A reverse reverts what the record says refscan wrote; without one, every reference to a
    // new name is taken for refscan's.
    let by_record = args.reverse && records.exist();
    if args.reverse && !by_record {
        note(&format!(
            "no record of refscan's own edits for this project ({}): reversing by name, every reference to a new name",
            records.list.iter().map(|r| r.file.display().to_string()).collect::<Vec<_>>().join(", ")
        ));
    }
    let mut opts = args.scan.options(&rules, cli.threads, &sel, &paths, shard);
    opts.constraints = rules.constraints.clone();
    opts.remove_stale_temps = args.write;
    let mut out = stdout(cli.color);
    let colored = termcolor::WriteColor::supports_color(&out);
    // A dry run plans and renders each file's diff inside the scan, from the bytes it has just
    // classified; `--write` plans after the scan, reading each file again to make sure it is
    // unchanged before replacing it. Diffs wait in memory for the scan to end (they are printed
    // in path order), so past a budget a dry run too leaves them for after the scan (`None`).
    let held = std::sync::atomic::AtomicUsize::new(0);
    let budget = args.diff_memory.saturating_mul(1 << 20);
    let (mut result, dry_runs) = scan_with_each(&rules, opts, &sel, |file, bytes| {
        if args.write || by_record || held.load(std::sync::atomic::Ordering::Relaxed) >= budget {
            return None;
        }
        let outcome = diff_of(
            plan_bytes(file, bytes, &rules, args.embed_style, docs),
            colored,
        );
        if let Outcome::Done(Rewritten {
            diff: Some(diff), ..
        }) = &outcome
        {
            held.fetch_add(diff.len(), std::sync::atomic::Ordering::Relaxed);
        }
        Some(outcome)
    })?;
    if !args.reverse {
        taken.extend(taken_in_types(&rules, &result));
        // Only the renames this run would make: a rename done earlier (its old name gone from
        // the code) cannot move code onto another table any more.
        let pending: std::collections::BTreeSet<usize> = result
            .findings()
            .filter(|f| crate::rewrite::is_rewritten(f, docs))
            .map(|f| f.table)
            .collect();
        let mut opts = args.scan.options(&rules, cli.threads, &sel, &paths, shard);
        opts.tables = selected
            .iter()
            .copied()
            .filter(|i| pending.contains(i))
            .collect();
        let db = db_kinds.as_ref().map(|(_, k)| k);
        taken.extend(taken_in_code(&rules, opts, &facts, db, &records, &taken)?);
    }
    if !taken.is_empty() {
        let list: Vec<String> = taken
            .iter()
            .map(|t| format!("`{}` -> `{}`: {}", t.old, t.new, t.evidence))
            .collect();
        return Err(UserError::new(format!(
            "refusing to rename onto a name another table already has ({}); nothing was {}",
            list.join("; "),
            if args.write { "written" } else { "printed" }
        ))
        .hint(TAKEN_HINT)
        .into());
    }
    let reverse_plan = if by_record {
        crate::edit_record::restrict_reverse(&mut result, &records, &rules, &selected, docs)
    } else {
        crate::edit_record::ReversePlan::default()
    };
    let mut appenders: Vec<Option<crate::edit_record::Appender>> =
        records.list.iter().map(|_| None).collect();
    if args.write {
        install_interrupt_handler();
    }
    let mut status = if result.has_errors() {
        exit::ERROR
    } else {
        exit::CLEAN
    };
    let (mut files, mut mentions) = (0usize, Vec::new());
    let mut changed: Vec<std::path::PathBuf> = Vec::new();
    let mut stopped = false;
    let mut skipped_history = std::collections::BTreeMap::<History, usize>::new();
    let mut failed = 0usize;
    let mut by_kind = std::collections::BTreeMap::<Kind, usize>::new();
    let mut maybe_broken = Vec::new();
    let mut hints = 0usize;
    std::thread::scope(|s| -> anyhow::Result<()> {
        // Files still to plan (all of them with --write, the deferred ones of a dry run) are
        // read and edited in parallel a chunk at a time, so memory stays bounded, while this
        // thread prints or writes the chunk before, in path order.
        let (tx, planned) = std::sync::mpsc::sync_channel(1);
        let rules = &rules;
        let scanned = &result.files;
        let exact = &reverse_plan.exact;
        s.spawn(move || {
            let mut dry_runs = dry_runs.into_iter();
            for (c, chunk) in scanned.chunks(PLAN_CHUNK).enumerate() {
                let dry: Vec<_> = dry_runs.by_ref().take(chunk.len()).collect();
                let planned: Vec<_> = chunk
                    .par_iter()
                    .zip(dry)
                    .enumerate()
                    .map(|(i, (file, dry))| {
                        let exact = exact.get(c * PLAN_CHUNK + i).and_then(|e| e.as_deref());
                        (file, dry, exact)
                    })
                    .map(|(file, dry, exact)| match dry {
                        Some(outcome) => Planned::Ready(outcome),
                        None if args.write => {
                            Planned::ToWrite(plan_file(file, rules, args.embed_style, docs, exact))
                        }
                        None => Planned::Ready(
                            match plan_file(file, rules, args.embed_style, docs, exact) {
                                Ok(edit) => diff_of(edit, colored),
                                Err(e) => Outcome::Failed(format!("skipped: {e}")),
                            },
                        ),
                    })
                    .collect();
                // The receiver is gone once the loop below stops early.
                if tx.send(planned).is_err() {
                    break;
                }
            }
        });
        let outcomes = planned.into_iter().flatten().map(|planned| {
            let edit = match planned {
                Planned::Ready(outcome) => return outcome,
                Planned::ToWrite(Ok(Some(edit))) => edit,
                Planned::ToWrite(Ok(None)) => return Outcome::Unchanged,
                Planned::ToWrite(Err(e)) => return Outcome::Failed(format!("skipped: {e}")),
            };
            if interrupted() {
                return Outcome::Interrupted;
            }
            // Recorded before the file is replaced, confirmed after: a run killed in between
            // leaves an entry that the next run checks against the file.
            let recorded = match record_write(&records, &mut appenders, &edit, rules, args.reverse)
            {
                Ok(r) => r,
                Err(e) => return Outcome::Failed(format!("not rewritten: {e:#}")),
            };
            match write_atomic(&edit.file.path, &edit.original, &edit.edited) {
                Ok(()) => match recorded
                    .map(|(i, entry)| appenders[i].as_mut().expect("opened").done(&entry))
                {
                    Some(Err(e)) => {
                        Outcome::Failed(format!("rewritten, but its record not confirmed: {e:#}"))
                    }
                    _ => Outcome::Done(edit.summary(None)),
                },
                Err(e) => Outcome::Failed(format!("not rewritten: {e}")),
            }
        });
        for (file, outcome) in result.files.iter().zip(outcomes) {
            if let Some(why) = file.history {
                *skipped_history.entry(why).or_default() += 1;
                continue;
            }
            mentions.extend(file.findings.iter().filter(|f| f.kind == Kind::Mention));
            let done = match outcome {
                Outcome::Done(done) => done,
                Outcome::Unchanged => continue,
                Outcome::Interrupted => {
                    note("interrupted: the files not yet rewritten are unchanged; run the same command again to finish");
                    status = exit::ERROR;
                    stopped = true;
                    break;
                }
                Outcome::Failed(e) => {
                    note(&format!("{}: {e}", crate::print::shown_path(&file.path)));
                    status = exit::ERROR;
                    failed += 1;
                    continue;
                }
            };
            if let Some(diff) = &done.diff {
                out.write_all(diff)?;
            }
            files += 1;
            if args.write {
                changed.push(file.path.to_path_buf());
            }
            for k in &done.kinds {
                *by_kind.entry(*k).or_default() += 1;
            }
            hints += done.hints;
            maybe_broken.extend(done.maybe_broken.iter().map(|&i| &file.findings[i]));
        }
        Ok(())
    })?;
    if let (Some(s), false) = (shard, args.write) {
        // After the diffs, where `git apply` reads no more, with the status they end with.
        let meta = crate::shard::Meta {
            incomplete: status != exit::CLEAN,
            ..crate::shard::Meta::new(s, "rewrite", &rules)?
        };
        writeln!(
            out,
            "{}{}",
            crate::shard::PATCH_TRAILER,
            serde_json::to_string(&meta)?
        )?;
    }
    out.flush()?;
    let refs: usize = by_kind.values().sum();
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    note(&format!(
        "{} {} reference{} in {} file{}{}",
        if args.write {
            "rewrote"
        } else {
            "would rewrite"
        },
        refs,
        if refs == 1 { "" } else { "s" },
        files,
        if files == 1 { "" } else { "s" },
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        }
    ));
    // The same split as report's, so that its count of rewritable references is explained.
    let mut split = crate::rewrite::Rewritable::default();
    for f in result.findings() {
        split.add(f, args.embed_style);
    }
    if let Some(line) = split.explain() {
        note(&line);
    }
    if let Some(line) = result.hidden.note() {
        note(&line);
    }
    if hints > 0 {
        note(&format!(
            "{} {hints} PostgREST hint{} naming renamed constraints",
            if args.write {
                "renamed"
            } else {
                "would rename"
            },
            if hints == 1 { "" } else { "s" }
        ));
    }
    if failed > 0 {
        note(&format!(
            "{failed} file{} left unchanged (see above); fix the cause and run the same command again: what is already rewritten stays as it is",
            if failed == 1 { "" } else { "s" }
        ));
    }
    let listing = |f: &&Finding| {
        format!(
            "  {}:{}:{}: {}",
            crate::print::shown_path(&f.path),
            f.line,
            f.column,
            rules.tables[f.table].old
        )
    };
    for (path, written, seen) in &reverse_plan.unsure {
        note(&format!(
            "{}: changed since refscan wrote it, and names the new names {seen} time{} where refscan wrote {written}: left as it is, since refscan cannot tell its own edits from others; revert it with git or by hand",
            crate::print::shown_path(path),
            if *seen == 1 { "" } else { "s" }
        ));
        status = exit::ERROR;
    }
    if !reverse_plan.left.is_empty() {
        note(&format!(
            "left {} reference{} to new names that refscan did not write (the record of its edits has none there):",
            reverse_plan.left.len(),
            if reverse_plan.left.len() == 1 { "" } else { "s" }
        ));
        notes(reverse_plan.left.iter().map(|f| listing(&f)));
    }
    let docs_left = result
        .findings()
        .filter(|f| !docs && f.kind == Kind::Docs && !f.history && !f.suppressed)
        .count();
    if docs_left > 0 {
        note(&format!(
            "left {docs_left} reference{} in code blocks of the docs (kind docs) as they are: pass --docs to rewrite them too",
            if docs_left == 1 { "" } else { "s" }
        ));
    }
    for (why, n) in skipped_history {
        let s = if n == 1 { "" } else { "s" };
        note(&match why {
            History::Migration => format!(
                "left {n} file{s} in the migrations folder untouched (history is never rewritten)"
            ),
            History::Rollback => format!(
                "left {n} rollback file{s} untouched (rollbacks bring the old names back on purpose)"
            ),
            History::Generated => format!(
                "left {n} file{s} written by `refscan types` untouched (it names the old tables on purpose)"
            ),
        });
    }
    if !mentions.is_empty() {
        note(&format!(
            "{} mention{} left for review (never rewritten):",
            mentions.len(),
            if mentions.len() == 1 { "" } else { "s" }
        ));
        notes(mentions.iter().map(listing));
    }
    if !maybe_broken.is_empty() {
        note("embeds were renamed without alias, so their response keys changed; check these reads of the old key:");
        notes(maybe_broken.iter().map(listing));
    }
    let mut then_failed = None;
    if let Some(cmd) = &args.then {
        if stopped {
            note(&format!(
                "--then `{cmd}` not run: the rewrite was interrupted"
            ));
        } else if changed.is_empty() {
            note(&format!("--then `{cmd}` not run: no file changed"));
        } else {
            let n = changed.len();
            note(&format!(
                "running --then `{cmd}` on the {n} changed file{}{}",
                if n == 1 { "" } else { "s" },
                if failed > 0 {
                    " (not on those left unchanged)"
                } else {
                    ""
                }
            ));
            then_failed = crate::then_command::run(cmd, &changed)?.map(|f| (cmd, f));
        }
    }
    if args.write && !changed.is_empty() {
        let rules_file = match &rules.origin {
            crate::rules::Origin::File(p) => Some(p.as_path()),
            crate::rules::Origin::Bundled => None,
        };
        crate::formatters::report(&crate::formatters::roots(&starts, rules_file), &changed);
    }
    if args.scan.stats {
        print_stats(&result, started);
    }
    if let Some((cmd, (how, n))) = then_failed {
        return crate::error::fail(
            format!(
                "--then command `{cmd}` failed ({how}) on {n} changed file{}; the rewrite itself is written",
                if n == 1 { "" } else { "s" }
            ),
            "see its output above; fix the cause and run the command on the changed files by hand (`git diff --name-only` lists them)",
        );
    }
    Ok(status)
}

/// Renames whose new name the code already references as a table (a `.from()`, an embed, a
/// type, SQL) where refscan did not write it: the code of another table of that name. A
/// rename the migrations or the live database record is the same table under its new name,
/// and goes ahead.
fn taken_in_code(
    rules: &Rules,
    mut opts: ScanOptions,
    facts: &crate::project::MigrationFacts,
    db: Option<&std::collections::BTreeMap<String, char>>,
    records: &crate::edit_record::Records,
    already: &[crate::project::TakenName],
) -> anyhow::Result<Vec<crate::project::TakenName>> {
    let reversed = rules.reversed();
    opts.tables.retain(|&i| {
        let t = &rules.tables[i];
        t.is_renamed()
            && !rules.tables.iter().any(|o| o.old == t.new)
            && !facts.renamed.contains(&(t.old.clone(), t.new.clone()))
            && !db.is_some_and(|k| crate::project::renamed_in_database(t, k))
            && !already.iter().any(|x| x.old == t.old)
    });
    if opts.tables.is_empty() {
        return Ok(Vec::new());
    }
    opts.constraints.clear();
    let scan = crate::scan::scan(&reversed, &opts)?;
    let mut seen: std::collections::BTreeMap<usize, Vec<&Finding>> = Default::default();
    for file in scan.files.iter().filter(|f| f.history.is_none()) {
        let code: Vec<&Finding> = file
            .findings
            .iter()
            .filter(|f| f.rewritable() && f.kind != Kind::TableString && !f.suppressed)
            .collect();
        if code.is_empty() {
            continue;
        }
        let found: Vec<_> = code
            .iter()
            .map(|f| (f.span.clone(), reversed.tables[f.table].old.as_str()))
            .collect();
        let any = |_: &str, _: &str| true;
        let ours =
            match crate::edit_record::reverse_of(records.get(&file.path), file.digest, &found, any)
            {
                crate::edit_record::Reverse::Exact(edits) => {
                    edits.into_iter().map(|e| e.span).collect()
                }
                crate::edit_record::Reverse::Ours(spans) => spans,
                _ => Vec::new(),
            };
        for f in code {
            if !crate::edit_record::within(&ours, &f.span) {
                seen.entry(f.table).or_default().push(f);
            }
        }
    }
    Ok(seen
        .into_iter()
        .map(|(i, refs)| {
            let t = &rules.tables[i];
            let first = refs[0];
            let more = refs.len() - 1;
            crate::project::TakenName {
                old: t.old.clone(),
                new: t.new.clone(),
                evidence: format!(
                    "the code already uses a table `{}` ({}:{}:{}, {}{}) and refscan did not write it",
                    t.new,
                    crate::print::shown_path(&first.path),
                    first.line,
                    first.column,
                    first.kind,
                    if more > 0 {
                        format!(", and {more} more")
                    } else {
                        String::new()
                    }
                ),
            }
        })
        .collect())
}

/// Appends what is about to be written to the record of the project holding the file; the
/// project's index and the entry, to confirm once written.
fn record_write(
    records: &crate::edit_record::Records,
    appenders: &mut [Option<crate::edit_record::Appender>],
    edit: &FileEdit<'_>,
    rules: &Rules,
    reverse: bool,
) -> anyhow::Result<Option<(usize, crate::edit_record::Entry)>> {
    let Some((i, key)) = records.locate(&edit.file.path) else {
        return Ok(None);
    };
    if appenders[i].is_none() {
        appenders[i] = Some(crate::edit_record::Appender::open(&records.list[i].file)?);
    }
    // Names in the rules' own direction, whichever way this run goes.
    let forward = |a: &str, b: &str| {
        if reverse {
            (b.to_string(), a.to_string())
        } else {
            (a.to_string(), b.to_string())
        }
    };
    let named: Vec<_> = edit
        .edits
        .iter()
        .zip(&edit.origins)
        .map(|(e, origin)| {
            let (old, new) = match *origin {
                crate::rewrite::Origin::Finding(f) => {
                    let t = &rules.tables[edit.changed[f].table];
                    forward(&t.old, &t.new)
                }
                crate::rewrite::Origin::Hint(c) => {
                    let (o, n) = &rules.constraints[c];
                    forward(o, n)
                }
                crate::rewrite::Origin::Recorded => edit
                    .changed
                    .iter()
                    .find(|f| e.span.start <= f.span.start && f.span.end <= e.span.end)
                    .map(|f| {
                        let t = &rules.tables[f.table];
                        forward(&t.old, &t.new)
                    })
                    .unwrap_or_default(),
            };
            (e.clone(), old, new)
        })
        .collect();
    let entry = crate::edit_record::entry(key, &edit.original, &edit.edited, &named, reverse);
    appenders[i]
        .as_mut()
        .expect("opened above")
        .append(&entry)?;
    Ok(Some((i, entry)))
}

/// Renames whose new name a generated types file already lists under `Tables` next to the
/// old one (`old: {` and `new: {` keys both holding a `Row`).
fn taken_in_types(rules: &Rules, scan: &Scan) -> Vec<crate::project::TakenName> {
    let mut out: Vec<crate::project::TakenName> = Vec::new();
    for file in &scan.files {
        let tables: std::collections::BTreeSet<usize> = file
            .findings
            .iter()
            .filter(|f| f.kind == Kind::TypeRef && !f.history)
            .map(|f| f.table)
            .collect();
        if tables.is_empty() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file.path.as_path()) else {
            continue;
        };
        for ti in tables {
            let t = &rules.tables[ti];
            if rules.tables.iter().any(|o| o.old == t.new) || out.iter().any(|x| x.old == t.old) {
                continue;
            }
            let key = |name: &str| {
                text.match_indices(name).any(|(at, _)| {
                    let before = text[..at].chars().next_back();
                    let rest = text[at + name.len()..].trim_start();
                    !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                        && rest
                            .strip_prefix(':')
                            .and_then(|r| r.trim_start().strip_prefix('{'))
                            .is_some_and(|r| r.trim_start().starts_with("Row"))
                })
            };
            if key(&t.old) && key(&t.new) {
                out.push(crate::project::TakenName {
                    old: t.old.clone(),
                    new: t.new.clone(),
                    evidence: format!(
                        "{} has a table `{}` of its own under Tables",
                        crate::print::shown_path(&file.path),
                        t.new
                    ),
                });
            }
        }
    }
    out
}

/// What became of one file with findings.
enum Outcome {
    /// Nothing in it to rewrite (mentions only, or history).
    Unchanged,
    Done(Rewritten),
    /// Left as it was, for the reason given.
    Failed(String),
    /// Ctrl-C (or SIGTERM, SIGHUP) came before this file was written.
    Interrupted,
}

/// A file as the planning thread hands it over.
enum Planned<'a> {
    /// `--write`: the edit to write, once more checked against the file.
    ToWrite(Result<Option<FileEdit<'a>>, FileError>),
    /// A dry run: the diff is made.
    Ready(Outcome),
}

/// The outcome of a dry run's planned edit: its diff.
fn diff_of(edit: Option<FileEdit<'_>>, colored: bool) -> Outcome {
    let Some(edit) = edit else {
        return Outcome::Unchanged;
    };
    let mut buf = if colored {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    match print_diff(&mut buf, &edit) {
        Ok(()) => {
            // The diffs wait for the scan to end, so they keep no spare capacity.
            let mut diff = buf.into_inner();
            diff.shrink_to_fit();
            Outcome::Done(edit.summary(Some(diff)))
        }
        Err(e) => Outcome::Failed(format!("skipped: {e}")),
    }
}

fn check(cli: &Cli, args: &CheckArgs) -> anyhow::Result<u8> {
    if let Some(code) = scan_preamble(&args.scan)? {
        return Ok(code);
    }
    crate::messages::set_quiet(args.quiet);
    if let Some(phase) = &args.before_apply {
        return before_apply(cli, args, phase);
    }
    let started = std::time::Instant::now();
    let mut paths = args.scan.paths()?;
    let rules = load_rules(cli, &paths.discovery_starts(), PlanUse::Act)?;
    let sel = args.select.resolve(&rules, true)?;
    if let Some(rev) = &args.changed_since {
        if paths.listed.is_some() {
            return fail(
                "--changed-since and a list of paths (`-`, --files-from) both choose the files",
                "use one of them",
            );
        }
        let files = changed_since(rev, &paths.given)?;
        if files.is_empty() {
            note(&format!("check: no file changed since {rev}"));
            return Ok(exit::CLEAN);
        }
        paths.given = files;
    }
    let shard = args.scan.shard()?;
    if shard.is_some() && args.write_baseline.is_some() {
        return fail(
            "--write-baseline with --shard would write the baseline of one shard only",
            "write the baseline in one run without --shard; --baseline works with --shard",
        );
    }
    let mut opts = args.scan.options(&rules, cli.threads, &sel, &paths, shard);
    opts.exclude.extend(args.baseline.iter().cloned());
    opts.exclude.extend(args.write_baseline.iter().cloned());
    let result = scan_with(&rules, opts, &sel)?;
    let mut out = PipeTolerant::new(stdout(cli.color));
    let mut printer: Box<dyn crate::print::FindingPrinter + '_> = if args.quiet {
        Box::new(crate::print::Quiet)
    } else if args.list.files_with_matches || args.list.count {
        let mode = if args.list.count {
            crate::print::ListMode::Count
        } else {
            crate::print::ListMode::Files
        };
        Box::new(crate::print::List::new(&mut out, mode, args.strict))
    } else {
        let mut ctx = crate::print::GateContext::new("check");
        ctx.max_annotations = args.max_annotations;
        let s = &args.select;
        let mut words: Vec<String> =
            compat_types::describe_selection(&s.groups, &s.tables, s.phase.as_deref())
                .into_iter()
                .collect();
        words.extend(s.kinds.iter().map(|k| format!("--kind {k}")));
        ctx.selection = (!words.is_empty()).then(|| words.join(" "));
        if let Some(s) = shard {
            ctx.shard = Some(crate::shard::Meta {
                incomplete: result.has_errors(),
                strict: args.strict,
                ..crate::shard::Meta::new(s, "check", &rules)?
            });
        }
        gate_printer(args.format, &mut out, "refscan", ctx)
    };
    let status = gate(
        &result,
        &rules,
        &GateOptions {
            strict: args.strict,
            mentions: args.mentions || args.strict || sel.kinds.contains(&Kind::Mention),
            baseline: args.baseline.as_deref(),
            write_baseline: args.write_baseline.as_deref(),
            shard,
        },
        printer.as_mut(),
    )?;
    drop(printer);
    out.flush()?;
    if args.scan.stats {
        print_stats(&result, started);
    }
    Ok(status)
}

/// `check --before-apply ID`: the apply-time gate of a phase.
fn before_apply(cli: &Cli, args: &CheckArgs, phase: &str) -> anyhow::Result<u8> {
    let s = &args.select;
    if !(s.groups.is_empty() && s.tables.is_empty() && s.phase.is_none() && s.kinds.is_empty()) {
        return fail(
            "--before-apply takes the tables of its phase; --group, --table, --phase and --kind do not apply",
            "drop them, or run `refscan check` without --before-apply",
        );
    }
    let gate = crate::apply_gate::run::check_since(args.since.as_deref());
    gate?;
    let paths = args.scan.paths()?;
    let rules = load_rules(cli, &paths.discovery_starts(), PlanUse::Act)?;
    let phases =
        crate::apply_gate::run::rename_phases(&rules, &rules.select_phases(phase, false)?, phase)?;
    let tables = crate::apply_gate::run::tables_of(&rules, &phases);
    let mut db = match &args.database_url {
        Some(url) => Some(crate::migrate::db::Db::connect(url)?),
        None => None,
    };
    let sel = Selection {
        tables: Some(tables),
        kinds: Vec::new(),
    };
    let result = selected_scan(cli, &rules, &args.scan, &sel, &paths, None)?;
    let roots: Vec<std::path::PathBuf> = if paths.given.is_empty() {
        vec![".".into()]
    } else {
        paths.given.clone()
    };
    let outcome = crate::apply_gate::run::collect(
        &rules,
        &phases,
        &result,
        &roots,
        args.since.as_deref(),
        db.as_mut(),
    )?;
    let mut out = PipeTolerant::new(stdout(cli.color));
    let mut printer: Box<dyn crate::print::FindingPrinter + '_> = if args.quiet {
        Box::new(crate::print::Quiet)
    } else {
        let mut ctx = crate::print::GateContext::new("check");
        ctx.max_annotations = args.max_annotations;
        ctx.selection = Some(format!("--before-apply {phase}"));
        gate_printer_with(
            args.format,
            &mut out,
            crate::apply_gate::TOOL,
            crate::apply_gate::rules_catalogue(),
            ctx,
        )
    };
    let summary = outcome.print(&rules, printer.as_mut(), true)?;
    drop(printer);
    out.flush()?;
    outcome.note(&format!("check --before-apply {phase}"), &summary);
    Ok(outcome.status(&summary))
}

fn types(cli: &Cli, args: &TypesArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, &[], PlanUse::Read)?;
    let s = &args.select;
    if !s.kinds.is_empty() {
        return fail(
            "--kind does not apply to `refscan types`",
            "choose the tables with --group, --table or --phase",
        );
    }
    let tables = compat_types::selected_tables(&rules, &s.resolve(&rules, true)?);
    let selection = compat_types::describe_selection(&s.groups, &s.tables, s.phase.as_deref());
    let opts = compat_types::Options {
        import: &args.import,
        selection: selection.as_deref(),
    };
    let text = compat_types::generate(&rules, &tables, &opts)?;
    let generated = args
        .generated
        .clone()
        .or_else(|| compat_types::locate_generated(&args.import, args.out.as_deref()));
    if let Some(path) = &generated {
        compat_types::check_generated(&rules, &tables, path)?;
    }
    match &args.out {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(path) => {
            let written = compat_types::write_module(path, &args.import, text.as_bytes())?;
            let what = if written { "wrote" } else { "unchanged:" };
            note(&format!(
                "{what} {} ({} tables)",
                path.display(),
                tables.len()
            ));
        }
    }
    Ok(exit::CLEAN)
}

/// A progress line on stderr while a scan runs: only on a terminal, only once the scan has
/// taken more than a moment, and erased when it ends, so output and logs never see it.
struct Spinner {
    /// Dropping the sender stops the drawing thread.
    stop: Option<mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    /// Shown after this long.
    const DELAY: Duration = Duration::from_millis(400);
    const TICK: Duration = Duration::from_millis(120);

    fn start(opts: &mut ScanOptions) -> Option<Spinner> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let counts = Arc::new(Progress::default());
        opts.progress = Some(counts.clone());
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if stopped.recv_timeout(Self::DELAY) != Err(mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            let bar = indicatif::ProgressBar::new_spinner();
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} scanning: {msg} ({elapsed})")
            {
                bar.set_style(style);
            }
            let load = std::sync::atomic::Ordering::Relaxed;
            loop {
                bar.set_message(format!(
                    "{} files searched, {} with findings",
                    counts.files.load(load),
                    counts.with_findings.load(load)
                ));
                bar.tick();
                if stopped.recv_timeout(Self::TICK) != Err(mpsc::RecvTimeoutError::Timeout) {
                    break;
                }
            }
            bar.finish_and_clear();
        });
        Some(Spinner {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.stop.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
