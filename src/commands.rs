//! Runs each subcommand: loads the rules, scans, and hands the result to its output.

use std::io::{IsTerminal as _, Write};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use crate::check::{changed_since, gate, GateOptions};
use crate::cli::{
    CheckArgs, Cli, Command, ReportArgs, ReportFormat, RewriteArgs, RulesArgs, ScanArgs,
};
use crate::error::exit;
use crate::findings::Kind;
use crate::messages::{note, print_problems};
use crate::print::stdout;
use crate::print::{display_path, gate_printer, print_diff};
use crate::rewrite::{install_interrupt_handler, interrupted, plan_file, write_atomic};
use crate::rules::Rules;
use crate::scan::{scan, Progress, Scan, ScanOptions, Selection};
use crate::{plan_view, report};

pub fn run(cli: &Cli) -> anyhow::Result<u8> {
    match &cli.command {
        Command::Rules(args) => rules(cli, args),
        Command::Report(args) => report(cli, args),
        Command::Rewrite(args) => rewrite(cli, args),
        Command::Check(args) => check(cli, args),
    }
}

/// Rules from `--rules`, else `refscan.toml` at the first path, else the bundled plan; says
/// on stderr which.
pub fn load_rules(cli: &Cli, first_path: Option<&std::path::Path>) -> anyhow::Result<Rules> {
    let rules = Rules::discover(
        cli.rules.as_deref(),
        first_path.or(Some(std::path::Path::new("."))),
    )?;
    note(&format!(
        "rules: {} ({} renamed tables in {} phases)",
        rules.origin,
        rules.renamed().count(),
        rules.phases.len()
    ));
    Ok(rules)
}

fn rules(cli: &Cli, args: &RulesArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, None)?;
    let mut out = stdout(cli.color);
    match args.format {
        ReportFormat::Text => plan_view::print_text(&mut out, &rules)?,
        ReportFormat::Json => plan_view::print_json(&mut out, &rules)?,
    }
    out.flush()?;
    Ok(exit::CLEAN)
}

/// Scans with the selection applied; problems go to stderr.
pub fn selected_scan(
    cli: &Cli,
    rules: &Rules,
    scan_args: &ScanArgs,
    sel: &Selection,
) -> anyhow::Result<Scan> {
    let mut opts = scan_args.options(rules, cli.threads, sel);
    let spinner = Spinner::start(&mut opts);
    let mut result = scan(rules, &opts)?;
    drop(spinner);
    result.retain(|f| sel.keeps(f));
    print_problems(&result.problems);
    Ok(result)
}

fn report(cli: &Cli, args: &ReportArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, args.scan.paths.first().map(|p| p.as_path()))?;
    let sel = args.select.resolve(&rules, false)?;
    let result = selected_scan(cli, &rules, &args.scan, &sel)?;
    let mut out = stdout(cli.color);
    if args.files_with_matches {
        report::print_paths(&mut out, &result)?;
    } else {
        match args.format {
            ReportFormat::Text => report::print_text(&mut out, &result, &rules)?,
            ReportFormat::Json => report::print_json(&mut out, &result, &rules)?,
        }
    }
    out.flush()?;
    Ok(if result.has_errors() {
        exit::ERROR
    } else {
        exit::CLEAN
    })
}

fn rewrite(cli: &Cli, args: &RewriteArgs) -> anyhow::Result<u8> {
    let mut rules = load_rules(cli, args.scan.paths.first().map(|p| p.as_path()))?;
    if args.reverse {
        rules = rules.reversed();
    }
    let sel = args.select.resolve(&rules, false)?;
    let result = selected_scan(cli, &rules, &args.scan, &sel)?;
    if args.write {
        install_interrupt_handler();
    }
    let mut out = stdout(cli.color);
    let mut status = if result.has_errors() {
        exit::ERROR
    } else {
        exit::CLEAN
    };
    let (mut files, mut skipped_history, mut mentions) = (0usize, 0usize, Vec::new());
    let mut by_kind = std::collections::BTreeMap::<Kind, usize>::new();
    let mut maybe_broken = Vec::new();
    for file in &result.files {
        if file.history {
            skipped_history += 1;
            continue;
        }
        mentions.extend(file.findings.iter().filter(|f| f.kind == Kind::Mention));
        if args.write && interrupted() {
            note("interrupted: the files not yet rewritten are unchanged");
            status = exit::ERROR;
            break;
        }
        let edit = match plan_file(file, &rules, args.embed_style) {
            Ok(Some(e)) => e,
            Ok(None) => continue,
            Err(e) => {
                note(&format!("{}: skipped: {e}", file.path.display()));
                status = exit::ERROR;
                continue;
            }
        };
        if args.write {
            if let Err(e) = write_atomic(&file.path, &edit.original, &edit.edited) {
                note(&format!("{}: not rewritten: {e}", file.path.display()));
                status = exit::ERROR;
                continue;
            }
        } else {
            print_diff(&mut out, &edit)?;
        }
        files += 1;
        for f in &edit.changed {
            *by_kind.entry(f.kind).or_default() += 1;
        }
        maybe_broken.extend(edit.maybe_broken.iter().copied());
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
    if skipped_history > 0 {
        note(&format!(
            "left {skipped_history} file{} in the migrations folder untouched (history is never rewritten)",
            if skipped_history == 1 { "" } else { "s" }
        ));
    }
    if !mentions.is_empty() {
        note(&format!(
            "{} mention{} left for review (never rewritten):",
            mentions.len(),
            if mentions.len() == 1 { "" } else { "s" }
        ));
        for f in &mentions {
            note(&format!(
                "  {}:{}:{}: {}",
                display_path(&f.path),
                f.line,
                f.column,
                rules.tables[f.table].old
            ));
        }
    }
    if !maybe_broken.is_empty() {
        note("embeds were renamed without alias, so their response keys changed; check these reads of the old key:");
        for f in &maybe_broken {
            note(&format!(
                "  {}:{}:{}: {}",
                display_path(&f.path),
                f.line,
                f.column,
                rules.tables[f.table].old
            ));
        }
    }
    Ok(status)
}

fn check(cli: &Cli, args: &CheckArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, args.scan.paths.first().map(|p| p.as_path()))?;
    let sel = Selection::resolve(
        &rules,
        &args.groups,
        &args.tables,
        args.phase.as_deref(),
        &[],
        true,
    )?;
    let mut scan_args_paths = None;
    if let Some(rev) = &args.changed_since {
        let files = changed_since(rev, &args.scan.paths)?;
        if files.is_empty() {
            note(&format!("check: no file changed since {rev}"));
            return Ok(exit::CLEAN);
        }
        scan_args_paths = Some(files);
    }
    let mut opts = args.scan.options(&rules, cli.threads, &sel);
    if let Some(files) = scan_args_paths {
        opts.paths = files;
    }
    opts.exclude.extend(args.baseline.iter().cloned());
    opts.exclude.extend(args.write_baseline.iter().cloned());
    let spinner = Spinner::start(&mut opts);
    let result = scan(&rules, &opts)?;
    drop(spinner);
    print_problems(&result.problems);
    let mut out = stdout(cli.color);
    let mut printer = gate_printer(args.format, &mut out, "refscan");
    let status = gate(
        &result,
        &rules,
        &GateOptions {
            strict: args.strict,
            baseline: args.baseline.as_deref(),
            write_baseline: args.write_baseline.as_deref(),
        },
        printer.as_mut(),
    )?;
    drop(printer);
    out.flush()?;
    Ok(status)
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
