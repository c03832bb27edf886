//! Command-line arguments: every subcommand and flag, parsed with clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::print::GateFormat;
use crate::rewrite::EmbedStyle;
use crate::rules::Rules;
use crate::scan::{ScanOptions, Selection, DEFAULT_MAX_FILESIZE};

#[derive(Debug, Parser)]
#[command(
    name = "refscan",
    version,
    about = "Carries a Supabase monorepo through a Postgres table rename",
    long_about = "refscan finds every reference to the old table names of a rename plan, rewrites \
them, gates CI on them, and migrates the database phase by phase behind compatibility views.\n\n\
Exit status: 0 clean, 1 findings remain (check, lint), 2 error."
)]
pub struct Cli {
    /// Rules file (default: refscan.toml at the first PATH, else the bundled DHG plan)
    #[arg(long, global = true, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// When to colour output: colour is used only on a terminal, never with NO_COLOR set
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Worker threads for scanning (default: one per core)
    #[arg(short = 'j', long, global = true, value_name = "N")]
    pub threads: Option<usize>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the rules and print the plan, phase by phase
    Rules(RulesArgs),
    /// Which files reference which old table names, and how
    Report(ReportArgs),
    /// Rewrite references to the new names: a unified diff, or in place with --write
    Rewrite(RewriteArgs),
    /// CI gate: exit 1 while rewritable references to old names remain
    Check(CheckArgs),
    /// The database side of each phase: plan, init, apply, rollback, status, cleanup
    #[command(subcommand)]
    Migrate(crate::migrate::MigrateCommand),
    /// pg_dump one group's tables under their current names
    Backup(crate::migrate::BackupArgs),
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print the plan as JSON
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Where to look.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan (default: the current folder)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Do not honour .gitignore, .ignore and other ignore files
    #[arg(long)]
    pub no_ignore: bool,

    /// Scan hidden files and folders too (.git is always skipped)
    #[arg(long)]
    pub hidden: bool,

    /// Include or exclude files by glob, as ripgrep does (`!` excludes); repeatable
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,

    /// Skip files larger than this many bytes
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILESIZE)]
    pub max_filesize: u64,

    /// Folder of migration history, never rewritten (default from the rules:
    /// supabase/migrations); repeatable
    #[arg(long = "migrations", value_name = "DIR")]
    pub migrations: Vec<String>,
}

impl ScanArgs {
    pub fn options(&self, rules: &Rules, threads: Option<usize>, sel: &Selection) -> ScanOptions {
        let mut o = ScanOptions::new(rules);
        o.paths = self.paths.clone();
        o.no_ignore = self.no_ignore;
        o.hidden = self.hidden;
        o.globs = self.globs.clone();
        o.threads = threads.unwrap_or(0);
        o.max_filesize = self.max_filesize;
        if !self.migrations.is_empty() {
            o.migrations = self.migrations.clone();
        }
        o.tables = sel.scan_tables();
        o
    }
}

/// Which findings to look at.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Only tables of this group, by prefix (`doc_`); repeatable
    #[arg(long = "group", value_name = "PREFIX")]
    pub groups: Vec<String>,

    /// Only this table, by old or new name; repeatable
    #[arg(long = "table", value_name = "NAME")]
    pub tables: Vec<String>,

    /// Only tables moved in this phase (`5` takes its steps 5a..5d)
    #[arg(long, value_name = "ID")]
    pub phase: Option<String>,

    /// Only findings of this kind: from-call, postgrest, type-ref, sql, realtime, mention;
    /// repeatable
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
}

impl SelectArgs {
    pub fn resolve(&self, rules: &Rules, through: bool) -> anyhow::Result<Selection> {
        Selection::resolve(
            rules,
            &self.groups,
            &self.tables,
            self.phase.as_deref(),
            &self.kinds,
            through,
        )
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub scan: ScanArgs,

    #[command(flatten)]
    pub select: SelectArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Print only the paths of files with findings
    #[arg(short = 'l', long)]
    pub files_with_matches: bool,
}

#[derive(Debug, Args)]
pub struct RewriteArgs {
    #[command(flatten)]
    pub scan: ScanArgs,

    #[command(flatten)]
    pub select: SelectArgs,

    /// Rewrite the files in place (default: print a unified diff and change nothing)
    #[arg(long)]
    pub write: bool,

    /// How to rename a select-string embed without alias: `alias` keeps the response key
    /// (`t(..)` -> `t:new(..)`), `rename` changes it and lists property reads to review
    #[arg(long, value_enum, default_value_t = EmbedStyle::Alias)]
    pub embed_style: EmbedStyle,

    /// Undo: rewrite the new names back to the old ones
    #[arg(long)]
    pub reverse: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scan: ScanArgs,

    /// Only tables of this group, by prefix; repeatable
    #[arg(long = "group", value_name = "PREFIX")]
    pub groups: Vec<String>,

    /// Only this table, by old or new name; repeatable
    #[arg(long = "table", value_name = "NAME")]
    pub tables: Vec<String>,

    /// Every phase up to and including this one (default: all)
    #[arg(long, value_name = "ID")]
    pub phase: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = GateFormat::Human)]
    pub format: GateFormat,

    /// Fail on mentions too
    #[arg(long)]
    pub strict: bool,

    /// Accept the findings listed in this file (see --write-baseline)
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Write every current finding to this baseline file and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Only files changed since this git revision (committed, staged, unstaged or new)
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
}
