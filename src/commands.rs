//! Runs each subcommand: loads the rules, scans, and hands the result to its output.

use std::io::Write;

use crate::cli::{Cli, Command, ReportArgs, ReportFormat, RulesArgs, TypesArgs};
use crate::compat_types;
use crate::error::{exit, fail};
use crate::messages::{note, print_problems};
use crate::output::stdout;
use crate::rules::Rules;
use crate::scan::{scan, Scan, Selection};
use crate::{plan_view, report};

pub fn run(cli: &Cli) -> anyhow::Result<u8> {
    match &cli.command {
        Command::Rules(args) => rules(cli, args),
        Command::Report(args) => report(cli, args),
        Command::Types(args) => types(cli, args),
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
    scan_args: &crate::cli::ScanArgs,
    sel: &Selection,
) -> anyhow::Result<Scan> {
    let opts = scan_args.options(rules, cli.threads, sel);
    let mut result = scan(rules, &opts)?;
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

fn types(cli: &Cli, args: &TypesArgs) -> anyhow::Result<u8> {
    let rules = load_rules(cli, None)?;
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
