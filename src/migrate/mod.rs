//! `refscan migrate` and `refscan backup`: the database side of each phase. Arguments and
//! dispatch live here; SQL planning in `plan`, the connection in `db`, catalog reads in
//! `catalog`, and each command in its own module.

pub mod apply;
pub mod backup;
pub mod catalog;
pub mod cleanup;
pub mod computed;
pub mod conninfo;
pub mod db;
pub mod libpq;
pub mod plan;
pub mod quote;
pub mod restore;
pub mod status;
pub mod supabase;
pub mod tracking;
pub mod verify;

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use crate::error::{exit, UserError};
use crate::rules::{PhaseKind, Rules};

pub use catalog::renamed_constraints;

use self::db::{Db, Retry};
use self::plan::{Framing, SqlOptions};
use self::quote::{PgDuration, Timestamp};

/// `lock_timeout` and `statement_timeout` of the generated transaction.
#[derive(Debug, Clone, Args)]
pub struct TimeoutArgs {
    /// How long each statement may wait for a lock (SET LOCAL lock_timeout); units ms, s, min, h
    #[arg(long, value_name = "DURATION", default_value = "5s")]
    pub lock_timeout: PgDuration,

    /// How long each statement may run (SET LOCAL statement_timeout)
    #[arg(long, value_name = "DURATION", default_value = "1min")]
    pub statement_timeout: PgDuration,
}

/// Where the database is and how careful to be.
#[derive(Debug, Clone, Args)]
pub struct ConnArgs {
    /// PostgreSQL connection URL or key/value string; sslmode (disable, prefer, require,
    /// verify-ca, verify-full) and sslrootcert are honoured, and what it leaves out is taken
    /// from PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE, PGSERVICE and ~/.pgpass
    /// as libpq does (also with no URL at all). The password is never printed
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, value_name = "URL")]
    pub database_url: Option<String>,

    #[command(flatten)]
    pub timeouts: TimeoutArgs,

    /// How often a transaction that hit the lock timeout is retried (waits 0.5 s, 1 s, 2 s, ...)
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub lock_retries: u32,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,
}

impl ConnArgs {
    /// Connects for a command that may change the database: an interrupt then cancels the
    /// server's query and rolls back instead of leaving locks held.
    pub fn connect(&self) -> anyhow::Result<Db> {
        let db = Db::open(self.database_url.as_deref()).map_err(with_local_database)?;
        db.cancel_on_interrupt();
        if let Some(why) = &db.pooler {
            crate::messages::note(&format!(
                "{} is a transaction-mode pooler ({why}): each refscan transaction keeps its settings (SET LOCAL) and its migration lock (pg_advisory_xact_lock) to itself",
                db.display
            ));
        }
        Ok(db)
    }

    pub fn sql_options(&self, rename_dependents: bool) -> SqlOptions {
        SqlOptions {
            lock_timeout: self.timeouts.lock_timeout,
            statement_timeout: self.timeouts.statement_timeout,
            rename_dependents,
        }
    }

    pub fn retry(&self) -> Retry {
        Retry {
            retries: self.lock_retries,
            ..Retry::default()
        }
    }
}

/// "no database given" also names the project's local database (`supabase start`), from
/// supabase/config.toml's `[db] port`.
fn with_local_database(e: anyhow::Error) -> anyhow::Error {
    let mut u = match e.downcast::<UserError>() {
        Ok(u) => u,
        Err(e) => return e,
    };
    if u.message == "no database given" {
        let local = crate::project::find_upward(Path::new("."), "supabase/config.toml")
            .and_then(|p| supabase::Config::read(&p).ok())
            .and_then(|c| c.local_url().map(|url| (url, c.path)));
        if let Some((url, path)) = local {
            let hint = u.hint.take().unwrap_or_default();
            u.hint = Some(format!(
                "{hint}; the local database of this project (supabase start) is {url} ([db] port in {})",
                path.display()
            ));
        }
    }
    u.into()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Subcommand)]
pub enum MigrateCommand {
    /// Print or write a phase's SQL (up and rollback) as Supabase migration files; no database
    Plan {
        /// Phase id (`5` takes its steps 5a..5d)
        #[arg(long, value_name = "ID")]
        phase: String,

        /// Write `<timestamp>_refscan_phase_<id>.sql` into DIR (default: the project's
        /// supabase/migrations) and its `_rollback.sql` beside it (supabase/rollbacks), instead
        /// of printing the up SQL
        #[arg(long, value_name = "DIR", num_args = 0..=1)]
        out: Option<Option<PathBuf>>,

        /// Write the rollback files here (default: `rollbacks` beside a `migrations` folder,
        /// else the --out folder); keep them out of supabase/migrations
        #[arg(long, value_name = "DIR", requires = "out")]
        rollback_dir: Option<PathBuf>,

        /// Frame each script with BEGIN/COMMIT for psql -f on its own (not for
        /// supabase/migrations: the Supabase CLI runs each file in a transaction of its own)
        #[arg(long)]
        standalone: bool,

        /// Print the rollback SQL instead of the up SQL (without --out)
        #[arg(long, conflicts_with = "out")]
        rollback: bool,

        /// Migration version of the (first) file, UTC YYYYMMDDHHMMSS (default: now)
        #[arg(long, value_name = "YYYYMMDDHHMMSS")]
        timestamp: Option<Timestamp>,

        /// Also rename indexes, constraints, sequences, triggers and policies named after a table
        #[arg(long)]
        rename_dependents: bool,

        /// Read this database (never DATABASE_URL) to list, in the plan's header, the functions
        /// over each table's row type: the computed fields that get wrappers and what changes
        /// for the others. The SQL stays the same
        #[arg(long, value_name = "URL")]
        database_url: Option<String>,

        #[command(flatten)]
        timeouts: TimeoutArgs,
    },
    /// Create the tracking table sys_table_migrations (idempotent; the setup phase)
    Init {
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Apply a phase: the gate on the code, preflight, dependents, confirmation, then one
    /// transaction
    #[command(
        long_about = "Apply a phase: the gate on the code, preflight, dependents, confirmation, then one transaction.\n\n\
Before anything changes, apply runs the gate of `refscan check --before-apply ID` over the code \
(--code) and the migration files: every use of the phase's old names that a compatibility view \
cannot serve (Realtime postgres_changes subscriptions, TRUNCATE, COPY, and in migrations that \
run after the rename ALTER TABLE, CREATE INDEX, CREATE TRIGGER, publications, COMMENT ON TABLE, \
GRANT, foreign keys). It refuses (exit 2, nothing changed) while it finds any, unless \
--ignore-blockers."
    )]
    Apply {
        /// Phase id (`5` applies its steps 5a..5d in order)
        #[arg(long, value_name = "ID")]
        phase: String,

        /// Also rename indexes, constraints, sequences, triggers and policies named after a table
        #[arg(long)]
        rename_dependents: bool,

        /// The code the gate checks before the apply (default: the folder of the rules file,
        /// where refscan.toml lies at the repository root; the current folder with the bundled
        /// plan)
        #[arg(long, value_name = "PATH")]
        code: Option<PathBuf>,

        /// Migrations with a version after this one run after the rename (default: a migration
        /// that renames the phase's tables, else those not recorded in
        /// supabase_migrations.schema_migrations)
        #[arg(long, value_name = "VERSION")]
        since: Option<String>,

        /// Apply even though the gate finds uses the compatibility views cannot serve (they
        /// are listed, and fail once the phase is applied)
        #[arg(long)]
        ignore_blockers: bool,

        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Undo a phase: the exact reverse, in one transaction
    Rollback {
        /// Phase id (`5` rolls back 5d..5a in that order)
        #[arg(long, value_name = "ID")]
        phase: String,

        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Per table: pending, migrated, rolled back or cleaned, the view, and code references left
    Status {
        /// Only the tables of this phase
        #[arg(long, value_name = "ID")]
        phase: Option<String>,

        /// Count the rewritable references to each old name left in this code
        #[arg(long, value_name = "PATH", conflicts_with = "history")]
        code: Option<PathBuf>,

        /// Print the history instead: every move applied, rolled back and cleaned up, with its
        /// time, database user, client address and application
        #[arg(long)]
        history: bool,

        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,

        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Compare the live database with the rules and the tracking table: tables renamed or dropped
    /// by hand, compatibility views missing, changed, without security_invoker or with other
    /// grants than their table, applied phases missing objects. Exit 1 on drift, as check
    Verify {
        /// Only the tables of this phase
        #[arg(long, value_name = "ID")]
        phase: Option<String>,

        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,

        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Drop the compatibility views of migrated tables (the cleanup phase), once nothing uses them
    Cleanup {
        /// Only the tables of this phase (default: every migrated table)
        #[arg(long, value_name = "ID")]
        phase: Option<String>,

        /// The code to check for references to the old names (required unless --force)
        #[arg(long, value_name = "PATH")]
        code: Option<PathBuf>,

        /// Drop the views even though something still uses the old names (reasons are printed)
        #[arg(long)]
        force: bool,

        #[command(flatten)]
        conn: ConnArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// pg_dump's custom archive, for pg_restore
    Custom,
    /// Plain SQL
    Plain,
}

/// `refscan backup`: pg_dump of one group's tables under their current names.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The group, by prefix (`doc_` or `doc`)
    #[arg(long, value_name = "PREFIX")]
    pub group: String,

    /// Print the pg_dump command instead of running it
    #[arg(long)]
    pub print: bool,

    /// Output file (default: refscan_backup_<group>_<UTC timestamp>.dump or .sql)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = DumpFormat::Custom)]
    pub format: DumpFormat,

    /// The pg_dump to run
    #[arg(long, value_name = "PATH", default_value = "pg_dump")]
    pub pg_dump: PathBuf,

    /// PostgreSQL connection URL (the password is passed to pg_dump through PGPASSWORD)
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, value_name = "URL")]
    pub database_url: Option<String>,
}

/// `refscan restore`: `refscan backup` archives back into a database.
#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// Archives written by refscan backup (custom format), one or several groups
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Print the SQL the restore runs instead of running it
    #[arg(long)]
    pub print: bool,

    /// PostgreSQL connection URL (the password is passed to psql through PGPASSWORD)
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, value_name = "URL")]
    pub database_url: Option<String>,

    #[command(flatten)]
    pub timeouts: TimeoutArgs,

    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,

    /// The pg_restore that reads the archives
    #[arg(long, value_name = "PATH", default_value = "pg_restore")]
    pub pg_restore: PathBuf,

    /// The psql that runs the restore as one transaction
    #[arg(long, value_name = "PATH", default_value = "psql")]
    pub psql: PathBuf,
}

/// Runs `refscan restore` on the terminal.
pub fn restore(args: &RestoreArgs) -> anyhow::Result<u8> {
    on_terminal(|io| restore::restore(args, io))
}

/// Runs `f` with the terminal's output, and its input when it is a terminal.
fn on_terminal(f: impl FnOnce(&mut Io) -> anyhow::Result<u8>) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let mut lock = stdin.lock();
    let mut io = Io {
        out: &mut out,
        input: if terminal { Some(&mut lock) } else { None },
    };
    let code = f(&mut io)?;
    io.out.flush()?;
    Ok(code)
}

/// Where a command talks to its user: output, and answers to confirmations.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    /// `None` when there is no terminal to ask: confirmations then need `--yes`.
    pub input: Option<&'a mut dyn BufRead>,
}

impl Io<'_> {
    /// Asks before changing a database; `yes` answers for the user.
    pub fn confirm(&mut self, question: &str, yes: bool) -> anyhow::Result<()> {
        if yes {
            return Ok(());
        }
        let Some(input) = self.input.as_mut() else {
            return Err(UserError::new(format!(
                "{question} needs a confirmation, and standard input is not a terminal"
            ))
            .hint("pass --yes to go ahead without asking")
            .into());
        };
        write!(self.out, "{question} [y/N] ")?;
        self.out.flush()?;
        let mut line = String::new();
        input.read_line(&mut line)?;
        match line.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => Ok(()),
            _ => Err(UserError::new("cancelled; nothing was changed").into()),
        }
    }
}

/// Runs a `migrate` subcommand on the terminal.
pub fn run(cmd: &MigrateCommand, rules: &Rules) -> anyhow::Result<u8> {
    on_terminal(|io| run_with(cmd, rules, io))
}

/// Runs a `migrate` subcommand with the given output and input.
pub fn run_with(cmd: &MigrateCommand, rules: &Rules, io: &mut Io) -> anyhow::Result<u8> {
    match cmd {
        MigrateCommand::Plan {
            phase,
            out,
            rollback_dir,
            rollback,
            timestamp,
            rename_dependents,
            standalone,
            database_url,
            timeouts,
        } => {
            let opts = SqlOptions {
                lock_timeout: timeouts.lock_timeout,
                statement_timeout: timeouts.statement_timeout,
                rename_dependents: *rename_dependents,
            };
            let mut db = match database_url {
                Some(url) => Some(Db::connect(url)?),
                None => None,
            };
            let output = PlanOutput {
                out: out.clone(),
                rollback_dir: rollback_dir.clone(),
                rollback: *rollback,
                framing: if *standalone {
                    Framing::Standalone
                } else {
                    Framing::SupabaseCli
                },
                ts: timestamp.unwrap_or_else(Timestamp::now),
            };
            plan_command(rules, phase, &opts, db.as_mut(), &output, io)
        }
        MigrateCommand::Init { conn } => {
            let mut db = conn.connect()?;
            apply::init(
                &mut db,
                rules,
                &apply::RunOptions::from_conn(conn, false),
                io,
            )
        }
        MigrateCommand::Apply {
            phase,
            rename_dependents,
            code,
            since,
            ignore_blockers,
            conn,
        } => {
            let phases = rules.select_phases(phase, false)?;
            crate::apply_gate::run::check_since(since.as_deref())?;
            let mut db = conn.connect()?;
            let mut pending = Vec::new();
            for &pi in &phases {
                if apply::pending(&mut db, rules, pi)? {
                    pending.push(pi);
                }
            }
            if !pending.is_empty() {
                let root = code
                    .clone()
                    .unwrap_or_else(|| crate::apply_gate::run::default_code_root(rules));
                let gate = crate::apply_gate::run::ApplyGate {
                    asked: phase,
                    phases: &pending,
                    code: &root,
                    since: since.as_deref(),
                    ignore: *ignore_blockers,
                };
                crate::apply_gate::run::before_apply(rules, &gate, &mut db, io.out)?;
            }
            let opts = apply::RunOptions::from_conn(conn, *rename_dependents);
            let mut code = exit::CLEAN;
            for pi in phases {
                code = code.max(apply::apply(&mut db, rules, pi, &opts, io)?);
            }
            Ok(code)
        }
        MigrateCommand::Rollback { phase, conn } => {
            let phases = rules.select_phases(phase, false)?;
            let mut db = conn.connect()?;
            let opts = apply::RunOptions::from_conn(conn, false);
            let mut code = exit::CLEAN;
            for pi in phases.into_iter().rev() {
                code = code.max(apply::rollback(&mut db, rules, pi, &opts, io)?);
            }
            Ok(code)
        }
        MigrateCommand::Status {
            phase,
            code,
            history,
            format,
            conn,
        } => {
            let tables = optional_phase_tables(rules, phase.as_deref())?;
            if *history {
                let mut db = conn.connect()?;
                return status::history(&mut db, rules, tables.as_deref(), *format, io);
            }
            let refs = match code {
                Some(path) => Some(status::code_references(rules, path)?),
                None => None,
            };
            let mut db = conn.connect()?;
            status::status(
                &mut db,
                rules,
                tables.as_deref(),
                refs.as_ref(),
                *format,
                io,
            )
        }
        MigrateCommand::Verify {
            phase,
            format,
            conn,
        } => {
            let tables = optional_phase_tables(rules, phase.as_deref())?;
            let mut db = conn.connect()?;
            verify::verify(&mut db, rules, tables.as_deref(), *format, io)
        }
        MigrateCommand::Cleanup {
            phase,
            code,
            force,
            conn,
        } => {
            let tables = match phase {
                Some(p) => phase_tables(rules, &rules.select_phases(p, false)?),
                None => rules.renamed().map(|(i, _)| i).collect(),
            };
            if code.is_none() && !*force {
                return Err(UserError::new(
                    "cleanup drops the views that keep old names working, so it checks the code first",
                )
                .hint("pass --code PATH (the monorepo) so refscan can check that no code uses the old names, or --force to skip that check")
                .into());
            }
            let uses = match code {
                Some(path) => Some(status::code_uses(rules, path)?),
                None => None,
            };
            let mut db = conn.connect()?;
            let opts = apply::RunOptions::from_conn(conn, false);
            cleanup::cleanup(&mut db, rules, &tables, uses.as_ref(), *force, &opts, io)
        }
    }
}

/// Runs `refscan backup` on the terminal.
pub fn backup(args: &BackupArgs, rules: &Rules) -> anyhow::Result<u8> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = backup::backup(args, rules, &mut out)?;
    out.flush()?;
    Ok(code)
}

/// The tables of `--phase` when given (`None`: every table).
fn optional_phase_tables(rules: &Rules, phase: Option<&str>) -> anyhow::Result<Option<Vec<usize>>> {
    Ok(match phase {
        Some(p) => Some(phase_tables(rules, &rules.select_phases(p, false)?)),
        None => None,
    })
}

/// Tables moved by the given phases; a cleanup phase stands for every renamed table.
pub fn phase_tables(rules: &Rules, phases: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &pi in phases {
        let p = &rules.phases[pi];
        let tables: Vec<usize> = match p.kind {
            PhaseKind::Rename => p.tables.clone(),
            PhaseKind::Cleanup => rules.renamed().map(|(i, _)| i).collect(),
            PhaseKind::Setup => Vec::new(),
        };
        for t in tables {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// Where `migrate plan` puts its SQL, and how it frames it.
struct PlanOutput {
    /// `--out`: `Some(None)` is the project's migrations folder.
    out: Option<Option<PathBuf>>,
    rollback_dir: Option<PathBuf>,
    rollback: bool,
    framing: Framing,
    ts: Timestamp,
}

fn plan_command(
    rules: &Rules,
    phase: &str,
    opts: &SqlOptions,
    mut db: Option<&mut Db>,
    output: &PlanOutput,
    io: &mut Io,
) -> anyhow::Result<u8> {
    let phases = rules.select_phases(phase, false)?;
    let mut plans = Vec::new();
    for &pi in &phases {
        let mut p = plan::plan_phase(rules, pi, opts);
        if let Some(db) = db.as_deref_mut() {
            apply::describe_row_type_functions(db, rules, &mut p)?;
        }
        plans.push(p);
    }
    let Some(out) = &output.out else {
        for (n, p) in plans.iter().enumerate() {
            if n > 0 {
                writeln!(io.out)?;
            }
            let text = if output.rollback {
                p.down.render_as(output.framing)
            } else {
                p.render_up(output.framing)
            };
            io.out.write_all(text.as_bytes())?;
        }
        return Ok(exit::CLEAN);
    };
    let dir = match out {
        Some(d) => d.clone(),
        None => supabase::default_out_dir(rules)?,
    };
    if let Some(config) = supabase::Config::for_folder(&crate::project::canonical(&dir))? {
        config.check_major_version()?;
    }
    // Rollback files in supabase/migrations would be run by the CLI right after the phase.
    let rdir = match &output.rollback_dir {
        Some(d) => d.clone(),
        None if out.is_none() || dir.file_name().is_some_and(|n| n == "migrations") => {
            supabase::default_rollback_dir(&dir)
        }
        None => dir.clone(),
    };
    for d in [&dir, &rdir] {
        std::fs::create_dir_all(d)
            .map_err(|e| UserError::new(format!("cannot create {}: {e}", d.display())))?;
    }
    let cwd = crate::project::canonical(std::path::Path::new("."));
    for (n, p) in plans.iter().enumerate() {
        // Supabase needs a distinct version per file: consecutive seconds.
        let (up_name, down_name) =
            plan::file_names(&rules.phases[p.phase].id, output.ts.plus_seconds(n as i64));
        for (path, text) in [
            (dir.join(&up_name), p.render_up(output.framing)),
            (rdir.join(&down_name), p.down.render_as(output.framing)),
        ] {
            std::fs::write(&path, text)
                .map_err(|e| UserError::new(format!("cannot write {}: {e}", path.display())))?;
            // A folder found for the user is shown from where they are, when it is below.
            let shown = path.strip_prefix(&cwd).unwrap_or(&path);
            writeln!(io.out, "wrote {}", shown.display())?;
        }
    }
    Ok(exit::CLEAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(subcommand)]
        cmd: MigrateCommand,
    }

    #[test]
    fn plan_arguments_parse() {
        let t = T::try_parse_from([
            "t",
            "plan",
            "--phase",
            "2",
            "--timestamp",
            "20250101000000",
            "--lock-timeout",
            "200ms",
        ])
        .unwrap();
        let MigrateCommand::Plan {
            phase,
            timestamp,
            timeouts,
            ..
        } = t.cmd
        else {
            panic!("not plan");
        };
        assert_eq!(phase, "2");
        assert_eq!(timestamp.unwrap().to_string(), "20250101000000");
        assert_eq!(timeouts.lock_timeout.to_string(), "200ms");
        assert!(T::try_parse_from(["t", "plan", "--phase", "2", "--timestamp", "2025"]).is_err());
        assert!(
            T::try_parse_from(["t", "plan", "--phase", "2", "--lock-timeout", "5 parsecs"])
                .is_err()
        );
    }

    #[test]
    fn confirmation_without_terminal_needs_yes() {
        let mut out = Vec::new();
        let mut io = Io {
            out: &mut out,
            input: None,
        };
        assert!(io.confirm("Apply?", true).is_ok());
        let e = io.confirm("Apply?", false).unwrap_err();
        assert!(crate::error::render(&e).contains("pass --yes"));
        let mut answer: &[u8] = b"y\n";
        let mut io = Io {
            out: &mut out,
            input: Some(&mut answer),
        };
        assert!(io.confirm("Apply?", false).is_ok());
        let mut answer: &[u8] = b"\n";
        let mut io = Io {
            out: &mut out,
            input: Some(&mut answer),
        };
        assert!(io.confirm("Apply?", false).is_err());
    }

    #[test]
    fn phase_selection_errors_list_the_phases() {
        let r = Rules::bundled();
        let e: anyhow::Error = r.select_phases("9", false).unwrap_err().into();
        assert!(crate::error::render(&e).contains("phases: 1, 2, 3, 4, 5a, 5b, 5c, 5d, 6, 7"));
        assert_eq!(
            phase_tables(&r, &r.select_phases("7", false).unwrap()).len(),
            r.renamed().count()
        );
    }
}
