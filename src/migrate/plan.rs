//! The SQL of every phase, planned from the rules alone (no database): the up and down scripts
//! that `plan` prints and `apply`/`rollback`/`cleanup` execute statement by statement.
//!
//! Whatever depends on the live database (privileges, dependent objects) is resolved by the
//! SQL itself when it runs, so one file is correct on any database that matches the rules.

use std::fmt::Write as _;

use crate::rules::{PhaseKind, Rules};

use super::computed::{create_wrappers_block, drop_wrappers_block, row_type_functions_expr};
use super::quote::{ident, literal, qualified, regclass, text_array, PgDuration, Timestamp, Unit};
use super::tracking::event;

/// Name of the tracking table, created in the plan's schema.
pub const TRACKING_TABLE: &str = "sys_table_migrations";

/// Key of the transaction-level advisory lock every refscan script takes first: the bytes
/// `refscan\0` read as a big-endian integer, so it is stable across versions and servers.
pub const ADVISORY_KEY: i64 = i64::from_be_bytes(*b"refscan\0");

/// Dollar-quote tag of every generated DO block. Identifiers from the rules cannot contain `$`.
const TAG: &str = "$refscan$";

/// Prefix of the messages the generated SQL raises, so callers can tell them from others.
pub const RAISE_PREFIX: &str = "refscan: ";

/// The message the up script raises when its phase is already applied.
pub fn already_applied_message(phase_id: &str) -> String {
    format!("{RAISE_PREFIX}phase {phase_id} is already applied")
}

/// Settings that shape the generated SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SqlOptions {
    pub lock_timeout: PgDuration,
    pub statement_timeout: PgDuration,
    /// Also rename indexes, constraints, sequences, triggers and policies named after the table.
    pub rename_dependents: bool,
}

impl Default for SqlOptions {
    fn default() -> SqlOptions {
        SqlOptions {
            lock_timeout: PgDuration::new(5, Unit::S),
            statement_timeout: PgDuration::new(1, Unit::Min),
            rename_dependents: false,
        }
    }
}

/// What a statement waits on when it cannot get its lock: named in lock-timeout errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The advisory lock: another refscan run.
    Advisory,
    /// A relation, `schema.name`.
    Relation(String),
}

/// One statement of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stmt {
    /// Printed as `-- ...` lines above the statement in files.
    pub comment: Option<String>,
    pub sql: String,
    pub target: Option<Target>,
}

impl Stmt {
    fn new(sql: impl Into<String>) -> Stmt {
        Stmt {
            comment: None,
            sql: sql.into(),
            target: None,
        }
    }

    fn comment(mut self, c: impl Into<String>) -> Stmt {
        self.comment = Some(c.into());
        self
    }

    fn on(mut self, schema: &str, name: &str) -> Stmt {
        self.target = Some(Target::Relation(format!("{schema}.{name}")));
        self
    }
}

/// A transaction: the statements between `BEGIN` and `COMMIT`, with a header for files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    pub header: Vec<String>,
    pub stmts: Vec<Stmt>,
}

impl Script {
    /// The script as a psql-ready file: one transaction, `BEGIN` to `COMMIT`.
    pub fn render(&self) -> String {
        self.render_with(true, None)
    }

    /// The script as a migration file framed for the tool that runs it, saying how to run it.
    pub fn render_as(&self, framing: Framing) -> String {
        self.render_with(framing == Framing::Standalone, Some(framing_note(framing)))
    }

    fn render_with(&self, standalone: bool, note: Option<&str>) -> String {
        let mut out = String::new();
        for line in self.header.iter().map(String::as_str).chain(note) {
            if line.is_empty() {
                out.push_str("--\n");
            } else {
                let _ = writeln!(out, "-- {}", one_line(line));
            }
        }
        if standalone {
            out.push_str("\nBEGIN;\n");
        }
        for s in &self.stmts {
            out.push('\n');
            if let Some(c) = &s.comment {
                for line in c.lines() {
                    let _ = writeln!(out, "-- {}", one_line(line));
                }
            }
            out.push_str(&s.sql);
            out.push('\n');
        }
        if standalone {
            out.push_str("\nCOMMIT;\n");
        }
        out
    }
}

/// How a file holds its one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// No transaction statements: the Supabase CLI runs each migration file and the insert of
    /// its history row as one transaction, and an explicit COMMIT would end that early. psql
    /// runs it with `--single-transaction`.
    SupabaseCli,
    /// `BEGIN` to `COMMIT`, for `psql -f` on its own.
    Standalone,
}

/// Header lines saying how to run a file of the given framing.
pub fn framing_note(framing: Framing) -> &'static str {
    match framing {
        Framing::SupabaseCli => "Written for the Supabase CLI (supabase db push, supabase migration up), which runs this file and its history row as one transaction; no BEGIN/COMMIT here. With psql: psql --single-transaction -f FILE (run statement by statement, it stops before changing anything).",
        Framing::Standalone => "One transaction from BEGIN to COMMIT: psql -f FILE runs it on its own (not for supabase/migrations: the COMMIT would end the CLI's transaction early).",
    }
}

/// Text safe inside a `--` comment: a newline in a title must not end the comment.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// One table of a rename phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Index into [`Rules::tables`].
    pub table: usize,
    pub old: String,
    pub new: String,
    /// A compatibility view is created under the old name.
    pub view: bool,
    /// Why there is no view, when there is none.
    pub no_view_reason: Option<String>,
}

/// The up and down scripts of one phase, with what they do.
#[derive(Debug, Clone)]
pub struct PhasePlan {
    /// Index into [`Rules::phases`].
    pub phase: usize,
    pub kind: PhaseKind,
    /// The tables a rename phase moves, in plan order.
    pub moves: Vec<Move>,
    /// The renames in execution order, temporary names of swaps included.
    pub renames: Vec<(String, String)>,
    /// Old names whose compatibility view from an earlier phase this phase drops, because a
    /// table of this phase takes the name.
    pub dropped_views: Vec<String>,
    pub up: Script,
    pub down: Script,
    /// How a file of the up script skips its work when the phase is already applied.
    pub up_skip: Option<Skip>,
}

/// The part of a script a file runs only when its work is not done yet: `apply` checks that
/// itself before it starts, but a migration file may run after `apply` did the phase (a team
/// mixing `refscan migrate apply` and `supabase db push`) and must then change nothing and
/// succeed, so that its runner records it as run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The statements from this index on form the body.
    pub from: usize,
    /// PL/pgSQL run first in the body's block: says so and `RETURN`s when the work is done.
    pub prefix: String,
}

impl PhasePlan {
    /// The up script as a migration file: its body wrapped as [`PhasePlan::up_skip`] says.
    pub fn render_up(&self, framing: Framing) -> String {
        match &self.up_skip {
            None => self.up.render_as(framing),
            Some(skip) => {
                let mut stmts = self.up.stmts[..skip.from].to_vec();
                let mut body = skip.prefix.clone();
                for st in &self.up.stmts[skip.from..] {
                    if let Some(c) = &st.comment {
                        for line in c.lines() {
                            let _ = writeln!(body, "  -- {}", one_line(line));
                        }
                    }
                    body.push_str(&indent(&unwrap_do(&st.sql), "  "));
                    body.push('\n');
                }
                stmts.push(Stmt::new(do_block("", &body)).comment(
                    "The phase, in one block: skipped, and recorded as run, when the phase is already applied.",
                ));
                Script {
                    header: self.up.header.clone(),
                    stmts,
                }
                .render_as(framing)
            }
        }
    }
}

/// Supabase migration file names of a phase: the up file and its rollback.
pub fn file_names(phase_id: &str, ts: Timestamp) -> (String, String) {
    (
        format!("{ts}_refscan_phase_{phase_id}.sql"),
        format!("{ts}_refscan_phase_{phase_id}_rollback.sql"),
    )
}

/// The tracking table, qualified.
pub fn tracking(rules: &Rules) -> String {
    qualified(&rules.schema, TRACKING_TABLE)
}

/// Plans phase `pi` of the rules, whatever its kind.
pub fn plan_phase(rules: &Rules, pi: usize, opts: &SqlOptions) -> PhasePlan {
    let phase = &rules.phases[pi];
    match phase.kind {
        PhaseKind::Setup => {
            let (up, down) = setup_scripts(rules, opts, Some(pi));
            PhasePlan {
                phase: pi,
                kind: phase.kind,
                moves: Vec::new(),
                renames: Vec::new(),
                dropped_views: Vec::new(),
                up,
                down,
                up_skip: None,
            }
        }
        PhaseKind::Cleanup => {
            let tables: Vec<usize> = rules.renamed().map(|(i, _)| i).collect();
            let (up, down) = cleanup_scripts(rules, &tables, opts, Some(pi));
            PhasePlan {
                phase: pi,
                kind: phase.kind,
                moves: Vec::new(),
                renames: Vec::new(),
                dropped_views: Vec::new(),
                up,
                down,
                up_skip: None,
            }
        }
        PhaseKind::Rename => rename_plan(rules, pi, opts),
    }
}

/// How long a script's transaction may sit idle between two statements. refscan (and psql
/// running a plan file) sends each statement right after the previous one.
pub const IDLE_IN_TRANSACTION: PgDuration = PgDuration::new(10, Unit::S);

/// How often the server checks, while a statement runs or waits, that the client is still there.
pub const CONNECTION_CHECK: PgDuration = PgDuration::new(1, Unit::S);

/// `BEGIN`-time settings and the advisory lock, first in every script.
fn preamble(opts: &SqlOptions) -> Vec<Stmt> {
    vec![
        Stmt::new(format!(
            "SET LOCAL lock_timeout = {};",
            opts.lock_timeout.sql()
        ))
        .comment("LOCAL: the settings end with the transaction, also behind a transaction pooler."),
        Stmt::new(format!(
            "SET LOCAL statement_timeout = {};",
            opts.statement_timeout.sql()
        )),
        Stmt::new(format!(
            "SET LOCAL idle_in_transaction_session_timeout = {};",
            IDLE_IN_TRANSACTION.sql()
        ))
        .comment("A client that vanishes between two statements (a dropped network) leaves no locks held past this."),
        Stmt::new(format!(
            "SET LOCAL client_connection_check_interval = {};",
            CONNECTION_CHECK.sql()
        ))
        .comment("A client killed while a statement waits on a lock: the server notices within this and rolls back."),
        Stmt {
            comment: Some(
                "Serialises refscan runs: a second run waits here, at most lock_timeout."
                    .to_string(),
            ),
            sql: format!("SELECT pg_advisory_xact_lock({ADVISORY_KEY});"),
            target: Some(Target::Advisory),
        },
    ]
}

/// The preamble, then the guard that refuses a tracking table that is not refscan's: first in
/// every script that reads or writes the tracking table.
fn tracked_preamble(rules: &Rules, opts: &SqlOptions) -> Vec<Stmt> {
    let mut stmts = preamble(opts);
    // A file without BEGIN/COMMIT run statement by statement (psql without
    // --single-transaction) would lose SET LOCAL and the advisory lock after each statement and
    // stop half done at the first error: two statements that must share a transaction stop it
    // first.
    stmts.push(
        Stmt::new("SELECT set_config('refscan.transaction', pg_current_xact_id()::text, true);")
            .comment("Everything below runs in this one transaction, or not at all."),
    );
    stmts.push(Stmt::new(do_block(
        "",
        &format!(
            "  IF current_setting('refscan.transaction', true) IS DISTINCT FROM pg_current_xact_id()::text THEN\n    {}\n  END IF;\n",
            raise(
                "this script runs statement by statement, not as one transaction; nothing was changed",
                &[],
                "Run it with the Supabase CLI (supabase db push), with psql --single-transaction -f FILE, or write it with refscan migrate plan --standalone (BEGIN/COMMIT inside)."
            )
        ),
    )));
    let (declare, body) = super::tracking::guard_sql(rules);
    stmts.push(
        Stmt::new(do_block(&declare, &body)).comment(format!(
            "A {TRACKING_TABLE} that is not refscan's (another tool's, or edited by hand) stops the script here."
        )),
    );
    stmts
}

fn notify() -> Stmt {
    Stmt::new("NOTIFY pgrst, 'reload schema';")
        .comment("PostgREST reloads its schema cache when the transaction commits.")
}

pub(super) fn do_block(declare: &str, body: &str) -> String {
    let mut s = format!("DO {TAG}\n");
    if !declare.is_empty() {
        s.push_str("DECLARE\n");
        s.push_str(declare);
    }
    s.push_str("BEGIN\n");
    s.push_str(body);
    s.push_str("END\n");
    s.push_str(TAG);
    s.push(';');
    s
}

/// A `RAISE EXCEPTION` with a hint; `args` are the plpgsql expressions for the `%`s.
fn raise(message: &str, args: &[&str], hint: &str) -> String {
    let mut s = format!(
        "RAISE EXCEPTION {}",
        literal(&format!("{RAISE_PREFIX}{message}"))
    );
    for a in args {
        s.push_str(", ");
        s.push_str(a);
    }
    let _ = write!(s, " USING HINT = {}", literal(hint));
    s.push(';');
    s
}

fn tracking_exists_check(rules: &Rules, hint: &str) -> String {
    format!(
        "  IF to_regclass({}) IS NULL THEN\n    {}\n  END IF;\n",
        literal(&tracking(rules)),
        raise(
            &format!(
                "the tracking table {}.{TRACKING_TABLE} does not exist",
                rules.schema
            ),
            &[],
            hint
        )
    )
}

// ---------------------------------------------------------------------------------------------
// Setup: the tracking table.

/// The tracking table's DDL (idempotent) and its removal.
pub fn setup_scripts(rules: &Rules, opts: &SqlOptions, phase: Option<usize>) -> (Script, Script) {
    let t = tracking(rules);
    let s = literal(&rules.schema);
    let title = phase
        .map(|pi| phase_title(rules, pi))
        .unwrap_or_else(|| "setup".to_string());
    let mut up = Script {
        header: vec![
            format!("refscan migrate: {title}"),
            format!("Plan: {}, schema {}", rules.name, rules.schema),
            format!(
                "Creates the tracking table {}.{TRACKING_TABLE} (idempotent).",
                rules.schema
            ),
        ],
        stmts: tracked_preamble(rules, opts),
    };
    up.stmts.push(
        Stmt::new(format!(
            "CREATE TABLE IF NOT EXISTS {t} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schema_name text NOT NULL DEFAULT {s},
    old_name text NOT NULL,
    new_name text NOT NULL,
    group_prefix text NOT NULL,
    phase text NOT NULL,
    status text NOT NULL DEFAULT 'migrated'
        CHECK (status IN ('migrated', 'rolled_back', 'cleaned')),
    migrated_at timestamptz NOT NULL DEFAULT now(),
    migrated_by text NOT NULL DEFAULT current_user,
    rolled_back_at timestamptz,
    cleaned_at timestamptz,
    compat_view boolean NOT NULL DEFAULT true,
    dependencies jsonb NOT NULL DEFAULT '{{}}'::jsonb,
    notes text,
    history jsonb NOT NULL DEFAULT '[]'::jsonb
);"
        ))
        .comment("One row per table move, never deleted; history lists what happened to it, when, by whom, from where."),
    );
    up.stmts.push(
        Stmt::new(format!(
            "CREATE UNIQUE INDEX IF NOT EXISTS {} ON {t} (schema_name, old_name)\n    WHERE status <> 'rolled_back';",
            ident(&format!("{TRACKING_TABLE}_active_old_name"))
        ))
        .comment("A table has at most one active move."),
    );
    for col in ["phase", "status", "new_name"] {
        up.stmts.push(Stmt::new(format!(
            "CREATE INDEX IF NOT EXISTS {} ON {t} ({});",
            ident(&format!("{TRACKING_TABLE}_{col}_idx")),
            ident(col)
        )));
    }
    up.stmts.push(
        Stmt::new(format!("ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;"))
            .comment("Not for the API: RLS without policies, and no grants to the API roles."),
    );
    up.stmts
        .push(Stmt::new(format!("REVOKE ALL ON TABLE {t} FROM PUBLIC;")));
    up.stmts.push(Stmt::new(do_block(
        "  r record;\n",
        &format!(
            "  FOR r IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') ORDER BY 1 LOOP\n    EXECUTE format('REVOKE ALL ON TABLE %s FROM %I', {t}::regclass, r.rolname);\n    EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %I', pg_get_serial_sequence({t}, 'id'), r.rolname);\n  END LOOP;\n",
            t = literal(&t)
        ),
    )));
    up.stmts.push(Stmt::new(format!(
        "COMMENT ON TABLE {t} IS {};",
        literal("refscan: one row per table renamed behind a compatibility view (see refscan migrate status)")
    )));

    let mut down = Script {
        header: vec![
            format!("refscan migrate: rollback of {title}"),
            format!("Plan: {}, schema {}", rules.name, rules.schema),
            format!(
                "Drops the tracking table {}.{TRACKING_TABLE} while it has recorded nothing: history is never deleted; refuses while a phase is applied.",
                rules.schema
            ),
        ],
        stmts: tracked_preamble(rules, opts),
    };
    down.stmts.push(Stmt::new(do_block(
        "  n bigint;\n",
        &format!(
            "  IF to_regclass({lit}) IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM {t} WHERE status <> 'rolled_back') THEN
      {}
    END IF;
    SELECT count(*) INTO n FROM {t};
    IF n > 0 THEN
      RAISE NOTICE '{RAISE_PREFIX}the tracking table {t} keeps the history of % move(s), so it stays: history is never deleted', n;
    ELSE
      DROP TABLE {t};
    END IF;
  END IF;
",
            raise(
                "tables are still migrated; the tracking table stays",
                &[],
                "Roll back every phase first (refscan migrate rollback --phase ...)."
            ),
            lit = literal(&t),
        ),
    )).comment("The tracking table goes only while it is empty: its rows are the audit trail of every move."));
    (up, down)
}

fn phase_title(rules: &Rules, pi: usize) -> String {
    let p = &rules.phases[pi];
    let plain = format!("phase {}", p.id);
    if p.title == plain {
        plain
    } else {
        format!("{plain}, {}", p.title)
    }
}

// ---------------------------------------------------------------------------------------------
// Rename phases.

/// Orders the renames of a phase so that no name is taken when a table moves into it: a table
/// whose new name is another moving table's old name goes after that one (a chain); a cycle
/// (a swap) goes through a temporary name.
fn order_renames(names: &[(String, String)]) -> Vec<(String, String)> {
    let mut current: Vec<String> = names.iter().map(|(o, _)| o.clone()).collect();
    let mut pending: Vec<usize> = (0..names.len()).collect();
    let mut out = Vec::new();
    let mut temps = 0usize;
    while !pending.is_empty() {
        let free = pending.iter().position(|&i| {
            let target = &names[i].1;
            !pending.iter().any(|&j| j != i && current[j] == *target)
        });
        match free {
            Some(pos) => {
                let i = pending.remove(pos);
                out.push((current[i].clone(), names[i].1.clone()));
                current[i] = names[i].1.clone();
            }
            None => {
                // Every pending table waits for another: a cycle. Park the first one.
                let i = pending[0];
                temps += 1;
                let tmp = format!("refscan_swap_{temps}");
                out.push((current[i].clone(), tmp.clone()));
                current[i] = tmp;
            }
        }
    }
    out
}

fn rename_plan(rules: &Rules, pi: usize, opts: &SqlOptions) -> PhasePlan {
    let phase = &rules.phases[pi];
    let schema = rules.schema.as_str();
    let t = tracking(rules);
    let pid = literal(&phase.id);
    let title = phase_title(rules, pi);

    let moves: Vec<Move> = phase
        .tables
        .iter()
        .map(|&ti| {
            let tb = &rules.tables[ti];
            let taken_by = phase
                .tables
                .iter()
                .map(|&o| &rules.tables[o])
                .find(|o| o.new == tb.old);
            Move {
                table: ti,
                old: tb.old.clone(),
                new: tb.new.clone(),
                view: taken_by.is_none(),
                no_view_reason: taken_by.map(|o| {
                    format!(
                        "no compatibility view for `{}`: `{}` takes the name in the same phase",
                        tb.old, o.old
                    )
                }),
            }
        })
        .collect();
    // Views of earlier phases whose name a table of this phase takes.
    let dropped_views: Vec<String> = moves
        .iter()
        .filter_map(|m| {
            rules
                .renamed()
                .find(|(_, o)| o.old == m.new && o.phase.is_some_and(|p| p < pi))
                .map(|(_, o)| o.old.clone())
        })
        .collect();
    let pairs: Vec<(String, String)> = moves
        .iter()
        .map(|m| (m.old.clone(), m.new.clone()))
        .collect();
    let renames = order_renames(&pairs);

    let mut header = vec![
        format!("refscan migrate: {title}"),
        format!("Plan: {}, schema {schema}", rules.name),
        format!(
            "Renames {} table{}; a compatibility view keeps each old name working unless noted:",
            moves.len(),
            if moves.len() == 1 { "" } else { "s" }
        ),
    ];
    for m in &moves {
        let mut line = format!("  {} -> {}", m.old, m.new);
        if !m.view {
            line.push_str(" (no view: its old name is taken in this phase)");
        }
        header.push(line);
    }
    for name in &dropped_views {
        header.push(format!(
            "Drops the compatibility view {name} of an earlier phase: a table of this phase takes its name."
        ));
    }
    if renames.len() > moves.len() {
        header.push("Contains a swap: one table passes through a temporary name.".to_string());
    }
    if opts.rename_dependents {
        header.push(
            "Also renames indexes, constraints, sequences, triggers and policies named after each table."
                .to_string(),
        );
    }
    if moves.iter().any(|m| m.view) {
        header.push(
            "Computed fields: every function taking one of these tables' rows as its one argument gets a wrapper of the same name over the view's row type, found in the catalog when this runs (refscan migrate plan --database-url URL lists them here)."
                .to_string(),
        );
    }
    header.push("One transaction; the rollback is the matching _rollback.sql file.".to_string());

    let mut up = Script {
        header,
        stmts: tracked_preamble(rules, opts),
    };

    // A file skips everything from the preflight on when the phase is already applied.
    let skip_from = up.stmts.len();
    let skip_prefix = format!(
        "  IF to_regclass({lit}) IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM {t} WHERE schema_name = {s} AND phase = {pid} AND status <> 'rolled_back') THEN
      RAISE NOTICE '{RAISE_PREFIX}phase {id} is already applied; this file changes nothing, and its run is recorded in the history';
      UPDATE {t} SET history = history || {event}
      WHERE schema_name = {s} AND phase = {pid} AND status <> 'rolled_back';
      RETURN;
    END IF;
  END IF;
",
        lit = literal(&t),
        s = literal(schema),
        id = phase.id,
        event = event("already_applied", &phase.id),
    );

    // Preflight inside the transaction, after the advisory lock: what the rename needs, checked
    // against the catalog at run time, so psql runs of the file fail as clearly as apply does.
    let olds: Vec<&str> = moves.iter().map(|m| m.old.as_str()).collect();
    let moving_olds: Vec<&str> = olds.clone();
    let must_be_free: Vec<&str> = renames
        .iter()
        .map(|(_, to)| to.as_str())
        .filter(|to| !moving_olds.contains(to) && !dropped_views.iter().any(|d| d == to))
        .collect();
    let ns = format!("{}::regnamespace", literal(&ident(schema)));
    let mut guard =
        tracking_exists_check(rules, "Run refscan migrate init (the setup phase) first.");
    let _ = write!(
        guard,
        "  IF EXISTS (SELECT 1 FROM {t} WHERE schema_name = {s} AND phase = {pid} AND status <> 'rolled_back') THEN\n    {}\n  END IF;\n",
        raise(
            &format!("phase {} is already applied", phase.id),
            &[],
            "Nothing to do; refscan migrate status shows the state of every table."
        ),
        s = literal(schema),
    );
    let _ = write!(
        guard,
        "  FOR r IN SELECT n.name, c.relkind FROM unnest({}) AS n(name)\n      LEFT JOIN pg_class c ON c.relname = n.name AND c.relnamespace = {ns} LOOP\n    IF r.relkind IS NULL THEN\n      {}\n    ELSIF r.relkind NOT IN ('r', 'p') THEN\n      {}\n    END IF;\n  END LOOP;\n",
        text_array(olds.iter().copied()),
        raise(
            &format!("table {schema}.% does not exist"),
            &["r.name"],
            "Check the rules against the database: was the table renamed or dropped by hand?"
        ),
        raise(
            &format!("{schema}.% is not a table (relkind %)"),
            &["r.name", "r.relkind"],
            "Only tables are renamed; if it is a compatibility view, that phase is already applied."
        ),
    );
    if !must_be_free.is_empty() {
        let _ = write!(
            guard,
            "  FOR r IN SELECT n.name FROM unnest({}) AS n(name)\n      WHERE EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = n.name AND c.relnamespace = {ns})\n         OR EXISTS (SELECT 1 FROM pg_type y WHERE y.typname = n.name AND y.typnamespace = {ns}) LOOP\n    {}\n  END LOOP;\n",
            text_array(must_be_free.iter().copied()),
            raise(
                &format!("the new name {schema}.% is already taken"),
                &["r.name"],
                "Rename or drop the relation or type that holds the name, or choose another name in the rules."
            ),
        );
    }
    up.stmts.push(
        Stmt::new(do_block("  r record;\n", &guard))
            .comment("Preflight: tracking table present, phase not applied, every old name a table, every new name free."),
    );

    for name in &dropped_views {
        up.stmts.push(
            Stmt::new(drop_wrappers_block(
                &t,
                &format!(
                    "m.schema_name = {} AND m.old_name = {}",
                    literal(schema),
                    literal(name)
                ),
            ))
            .comment(format!(
                "Wrappers of computed fields over the row type of view {name} go first."
            )),
        );
        up.stmts.push(
            Stmt::new(format!("DROP VIEW IF EXISTS {};", qualified(schema, name)))
                .comment(format!(
                    "The compatibility view {name} of an earlier phase gives way to a table of this phase."
                ))
                .on(schema, name),
        );
        up.stmts.push(Stmt::new(format!(
            "UPDATE {t} SET compat_view = false,\n    notes = concat_ws('; ', notes, {}),\n    history = history || {}\nWHERE schema_name = {} AND old_name = {} AND status = 'migrated';",
            literal(&format!("view dropped by phase {}: the name now belongs to a renamed table", phase.id)),
            event("view_dropped", &phase.id),
            literal(schema),
            literal(name)
        )));
    }

    for (i, (from, to)) in renames.iter().enumerate() {
        let mut st = Stmt::new(format!(
            "ALTER TABLE {} RENAME TO {};",
            qualified(schema, from),
            ident(to)
        ))
        .on(schema, from);
        if i == 0 {
            st = st
                .comment("Renames, ordered so that every name is free when a table moves into it.");
        }
        up.stmts.push(st);
    }

    for m in moves.iter().filter(|m| m.view) {
        up.stmts
            .extend(create_view_stmts(schema, &m.old, &m.new, &phase.id));
    }

    for m in &moves {
        let tb = &rules.tables[m.table];
        let group = &rules.groups[tb.group].prefix;
        up.stmts.push(
            Stmt::new(format!(
                "INSERT INTO {t} (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes, history)\nSELECT {}, {}, {}, {}, {pid}, {}, (\n{}\n), {},\n    {};",
                literal(schema),
                literal(&m.old),
                literal(&m.new),
                literal(group),
                m.view,
                indent(&dependencies_query(schema, &m.new, &m.old), "    "),
                m.no_view_reason
                    .as_deref()
                    .map(literal)
                    .unwrap_or_else(|| "NULL".to_string()),
                event("applied", &phase.id),
            ))
            .comment(format!("Tracking: {} -> {}, with what depends on it.", m.old, m.new)),
        );
    }
    for m in moves.iter().filter(|m| m.view) {
        up.stmts.push(
            Stmt::new(create_wrappers_block(&t, schema, &m.old, &m.new))
                .comment(format!(
                    "Computed fields: every function taking a {} row as its one argument gets a wrapper of the same name over the view's row type, found in the catalog at run time and recorded for rollback.",
                    m.new
                ))
                .on(schema, &m.new),
        );
    }

    if opts.rename_dependents {
        // In rename order, so that in a chain a name is free before a dependent takes it; a
        // swapped table's leg to its temporary name is not its move.
        for (_, to) in &renames {
            let Some(m) = moves.iter().find(|m| m.new == *to) else {
                continue;
            };
            up.stmts.push(
                Stmt::new(rename_dependents_block(rules, &m.old, &m.new, &phase.id))
                    .comment(format!(
                        "Dependents named after {}: renamed to the {} prefix, recorded for rollback.",
                        m.old, m.new
                    ))
                    .on(schema, &m.new),
            );
        }
    }
    up.stmts.push(notify());

    // The down script: the exact reverse.
    let mut down = Script {
        header: vec![
            format!("refscan migrate: rollback of {title}"),
            format!("Plan: {}, schema {schema}", rules.name),
            format!(
                "Renames {} table{} back and drops their compatibility views; the exact reverse of the phase.",
                moves.len(),
                if moves.len() == 1 { "" } else { "s" }
            ),
            "One transaction.".to_string(),
        ],
        stmts: tracked_preamble(rules, opts),
    };
    let mut guard = tracking_exists_check(
        rules,
        "Nothing was applied to this database: there is nothing to roll back.",
    );
    let _ = write!(
        guard,
        "  FOR r IN SELECT n.name FROM unnest({}) AS n(name)\n      WHERE NOT EXISTS (SELECT 1 FROM {t} m WHERE m.schema_name = {} AND m.old_name = n.name\n                        AND m.phase = {pid} AND m.status <> 'rolled_back') LOOP\n    {}\n  END LOOP;\n",
        text_array(olds.iter().copied()),
        literal(schema),
        raise(
            &format!("phase {} is not applied: {schema}.% has no active move in {TRACKING_TABLE}", phase.id),
            &["r.name"],
            "refscan migrate status shows which phases are applied."
        ),
    );
    down.stmts.push(
        Stmt::new(do_block("  r record;\n", &guard))
            .comment("Preflight: every table of the phase has an active move of this phase."),
    );
    // The order the tables reached their new names: dependents go back in reverse of it.
    let move_order: Vec<&str> = renames
        .iter()
        .filter_map(|(_, to)| moves.iter().find(|m| m.new == *to))
        .map(|m| m.old.as_str())
        .collect();
    for (i, old) in move_order.iter().rev().enumerate() {
        let m = moves
            .iter()
            .find(|m| m.old == *old)
            .expect("every move is renamed");
        if m.view {
            // A query on the old name locks the view, then the table; taking the table first
            // and the view at DROP VIEW deadlocks against such a query. LOCK on a view locks
            // the view, then the tables it reads: the order traffic takes them in.
            let mut st = Stmt::new(do_block(
                "",
                &format!(
                    "  IF EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass({}) AND relkind = 'v') THEN
    LOCK TABLE {} IN ACCESS EXCLUSIVE MODE;
  END IF;
",
                    literal(&qualified(schema, &m.old)),
                    qualified(schema, &m.old)
                ),
            ))
            .on(schema, &m.old);
            if i == 0 {
                st = st.comment(
                    "Every view and table of the phase first, each view before its table as queries on the old names take them, so that a lock timeout names the busy one and no reader deadlocks with the rollback.",
                );
            }
            down.stmts.push(st);
        }
        let mut st = Stmt::new(format!(
            "LOCK TABLE {} IN ACCESS EXCLUSIVE MODE;",
            qualified(schema, &m.new)
        ))
        .on(schema, &m.new);
        if i == 0 && !m.view {
            st = st.comment(
                "Every table of the phase first, so that a lock timeout names the busy one.",
            );
        }
        down.stmts.push(st);
    }
    down.stmts.push(
        Stmt::new(restore_dependents_block(rules, &move_order, &phase.id)).comment(format!(
            "Dependents the phase renamed (recorded in {TRACKING_TABLE}) get their names back, last renamed first."
        )),
    );
    down.stmts.push(
        Stmt::new(drop_wrappers_block(
            &t,
            &format!(
                "m.schema_name = {} AND m.phase = {pid} AND m.old_name = ANY ({})",
                literal(schema),
                text_array(olds.iter().copied())
            ),
        ))
        .comment("The wrappers of computed fields the phase created (recorded in the tracking rows) go, exactly those."),
    );
    down.stmts.push(Stmt::new(format!(
        "UPDATE {t} SET status = 'rolled_back', rolled_back_at = now(),\n    history = history || {}\nWHERE schema_name = {} AND phase = {pid} AND status <> 'rolled_back'\n  AND old_name = ANY ({});",
        event("rolled_back", &phase.id),
        literal(schema),
        text_array(olds.iter().copied())
    )));
    for m in moves.iter().rev().filter(|m| m.view) {
        // IF EXISTS: after cleanup the view is already gone.
        down.stmts.push(
            Stmt::new(format!(
                "DROP VIEW IF EXISTS {};",
                qualified(schema, &m.old)
            ))
            .on(schema, &m.old),
        );
    }
    for (i, (from, to)) in renames.iter().rev().enumerate() {
        let mut st = Stmt::new(format!(
            "ALTER TABLE {} RENAME TO {};",
            qualified(schema, to),
            ident(from)
        ))
        .on(schema, to);
        if i == 0 {
            st = st.comment("Renames back, in reverse order.");
        }
        down.stmts.push(st);
    }
    for name in dropped_views.iter().rev() {
        let Some((_, earlier)) = rules.renamed().find(|(_, o)| o.old == *name) else {
            continue;
        };
        let cond = format!(
            "EXISTS (SELECT 1 FROM {t} WHERE schema_name = {} AND old_name = {} AND status = 'migrated' AND NOT compat_view)",
            literal(schema),
            literal(name)
        );
        let earlier_phase = earlier
            .phase
            .map(|p| rules.phases[p].id.clone())
            .unwrap_or_default();
        let mut body = format!("  IF {cond} THEN\n");
        for st in create_view_stmts(schema, &earlier.old, &earlier.new, &earlier_phase) {
            body.push_str(&indent(&unwrap_do(&st.sql), "    "));
            body.push('\n');
        }
        let _ = writeln!(
            body,
            "    UPDATE {t} SET compat_view = true, history = history || {} WHERE schema_name = {} AND old_name = {} AND status = 'migrated';",
            event("view_restored", &phase.id),
            literal(schema),
            literal(name)
        );
        body.push_str(&indent(
            &unwrap_do(&create_wrappers_block(
                &t,
                schema,
                &earlier.old,
                &earlier.new,
            )),
            "    ",
        ));
        body.push_str("\n  END IF;\n");
        down.stmts.push(
            Stmt::new(do_block("", &body))
                .comment(format!(
                    "The compatibility view {name} of phase {earlier_phase} comes back."
                ))
                .on(schema, &earlier.new),
        );
    }
    down.stmts.push(notify());

    PhasePlan {
        phase: pi,
        kind: PhaseKind::Rename,
        moves,
        renames,
        dropped_views,
        up,
        down,
        up_skip: Some(Skip {
            from: skip_from,
            prefix: skip_prefix,
        }),
    }
}

fn indent(text: &str, pad: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The body of a generated DO block (between `BEGIN` and `END`), or the statement itself when
/// it is a plain statement: lets a conditional block reuse the statements of a plain script.
fn unwrap_do(sql: &str) -> String {
    if let Some(rest) = sql.strip_prefix(&format!("DO {TAG}\n")) {
        let body_start = rest
            .find("BEGIN\n")
            .map(|i| i + "BEGIN\n".len())
            .unwrap_or(0);
        let end = rest.rfind(&format!("END\n{TAG};")).unwrap_or(rest.len());
        // Inner blocks get their own BEGIN/END so their local variables stay declared.
        let declare = rest[..body_start.saturating_sub("BEGIN\n".len())]
            .strip_prefix("DECLARE\n")
            .unwrap_or("");
        if declare.is_empty() {
            format!("BEGIN\n{}END;", &rest[body_start..end])
        } else {
            format!("DECLARE\n{declare}BEGIN\n{}END;", &rest[body_start..end])
        }
    } else {
        sql.to_string()
    }
}

const ACL_DECLARE: &str = "  src regclass;\n  dst regclass;\n  own oid;\n  r record;\n";

/// The compatibility view of `old` on `new`: the view, its privileges and owner copied from the
/// table, and a comment saying what it is.
fn create_view_stmts(schema: &str, old: &str, new: &str, phase_id: &str) -> Vec<Stmt> {
    vec![
        Stmt::new(format!(
            "CREATE VIEW {} WITH (security_invoker = true) AS SELECT * FROM {};",
            qualified(schema, old),
            qualified(schema, new)
        ))
        .comment(format!(
            "{old} keeps working as a view on {new}; security_invoker keeps row-level security in force."
        ))
        .on(schema, old),
        Stmt::new(copy_privileges_block(schema, new, old))
            .comment(format!(
                "The view gets exactly the privileges of {new}, table and column level, read from the catalog at run time."
            ))
            .on(schema, old),
        Stmt::new(format!(
            "COMMENT ON VIEW {} IS {};",
            qualified(schema, old),
            literal(&format!(
                "refscan compatibility view: {schema}.{old} was renamed to {schema}.{new} in phase {phase_id}. \
                 Drop it with refscan migrate cleanup once no code uses the old name."
            ))
        ))
        .on(schema, old),
    ]
}

/// A DO block that gives view `view` the owner (when allowed) and exactly the table- and
/// column-level privileges of table `table`, whatever default privileges granted it.
pub fn copy_privileges_block(schema: &str, table: &str, view: &str) -> String {
    let grantee =
        "CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END";
    let option = "CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END";
    let body = format!(
        "  src := {src};
  dst := {dst};
  SELECT relowner INTO own FROM pg_class WHERE oid = src;
  IF (SELECT relowner FROM pg_class WHERE oid = dst) <> own THEN
    IF pg_has_role(own, 'MEMBER') THEN
      EXECUTE format('ALTER VIEW %s OWNER TO %I', dst, pg_get_userbyid(own));
    ELSE
      RAISE NOTICE '{RAISE_PREFIX}view % stays owned by %: you are not a member of the table owner %', dst, current_user, pg_get_userbyid(own);
    END IF;
  END IF;
  -- Default privileges may have granted the new view more than the table has: start empty.
  FOR r IN SELECT DISTINCT a.grantee FROM pg_class c,
      aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a WHERE c.oid = dst LOOP
    EXECUTE format('REVOKE ALL ON TABLE %s FROM %s CASCADE', dst, {grantee});
  END LOOP;
  FOR r IN SELECT a.grantee, a.privilege_type, a.is_grantable FROM pg_class c,
      aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a WHERE c.oid = src ORDER BY 1, 2 LOOP
    EXECUTE format('GRANT %s ON TABLE %s TO %s%s', r.privilege_type, dst, {grantee}, {option});
  END LOOP;
  FOR r IN SELECT t.attname, a.grantee, a.privilege_type, a.is_grantable FROM pg_attribute t,
      aclexplode(t.attacl) a WHERE t.attrelid = src AND t.attnum > 0 AND NOT t.attisdropped ORDER BY 1, 2, 3 LOOP
    EXECUTE format('GRANT %s (%I) ON TABLE %s TO %s%s', r.privilege_type, r.attname, dst, {grantee}, {option});
  END LOOP;
",
        src = regclass(schema, table),
        dst = regclass(schema, view),
    );
    do_block(ACL_DECLARE, &body)
}

/// A query yielding one jsonb object: what depends on table `table` (named by its current
/// name), as recorded in the tracking table and printed by apply. `old` is the name string-bodied
/// functions would use.
pub fn dependencies_query(schema: &str, table: &str, old: &str) -> String {
    let word = format!("\\m{}\\M", regex_escape(old));
    format!(
        "SELECT jsonb_build_object(
    'rls', t.relrowsecurity,
    'foreign_keys_out', ARRAY(SELECT k.conname || ': ' || pg_get_constraintdef(k.oid) FROM pg_constraint k
        WHERE k.conrelid = t.oid AND k.contype = 'f' ORDER BY 1),
    'foreign_keys_in', ARRAY(SELECT k.conrelid::regclass::text || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid)
        FROM pg_constraint k WHERE k.confrelid = t.oid AND k.contype = 'f' AND k.conrelid <> t.oid ORDER BY 1),
    'constraints', ARRAY(SELECT k.conname FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype <> 'f' ORDER BY 1),
    'indexes', ARRAY(SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = t.oid ORDER BY 1),
    'sequences', ARRAY(SELECT DISTINCT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
        WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
          AND d.refobjid = t.oid AND s.relkind = 'S' ORDER BY 1),
    'triggers', ARRAY(SELECT g.tgname FROM pg_trigger g WHERE g.tgrelid = t.oid AND NOT g.tgisinternal ORDER BY 1),
    'policies', ARRAY(SELECT p.polname || ' (' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
            WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END || ' to '
            || array_to_string(ARRAY(SELECT CASE WHEN o = 0 THEN 'public' ELSE pg_get_userbyid(o) END
                                     FROM unnest(p.polroles) o ORDER BY 1), ', ') || ')'
        FROM pg_policy p WHERE p.polrelid = t.oid ORDER BY 1),
    'views', ARRAY(SELECT DISTINCT w.ev_class::regclass::text FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
        WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
          AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass({oldrel}) ORDER BY 1),
    'column_select_only', ARRAY(SELECT g.role || ' (' || string_agg(g.attname, ', ' ORDER BY g.attnum) || ')' FROM (
            SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END AS role, c.attname, c.attnum
            FROM pg_attribute c, aclexplode(c.attacl) a
            WHERE c.attrelid = t.oid AND a.privilege_type = 'SELECT'
              AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(t.relacl, acldefault('r', t.relowner))) b
                              WHERE b.grantee = a.grantee AND b.privilege_type = 'SELECT')) g
        GROUP BY g.role ORDER BY 1),
    'functions', ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
        JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE l.lanname NOT IN ('c', 'internal') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND p.prosrc ~* {word}
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                          AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
    'row_type_functions', {row_type_functions},
    'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
        OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
        OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
        ORDER BY 1)
)
FROM pg_class t WHERE t.oid = {rel}",
        rel = regclass(schema, table),
        oldrel = literal(&qualified(schema, old)),
        word = literal(&word),
        row_type_functions = row_type_functions_expr("t"),
    )
}

/// A query yielding one line of text per object that depends on view `view` (an SQL
/// expression of type regclass) and would be lost or block a DROP VIEW: views and materialized
/// views reading it, policies, functions with a SQL-standard body (BEGIN ATOMIC) or with its row
/// type in their signature, triggers and rules on it. The view's own rule and row type are not
/// dependents, nor the functions in `exclude` (an SQL `oid[]`: refscan's own wrappers).
pub fn view_dependents_query(view: &str, exclude: &str) -> String {
    format!(
        "SELECT DISTINCT CASE
         WHEN w.rulename = '_RETURN' THEN
           CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
         WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
         ELSE pg_describe_object(d.classid, d.objid, 0)
       END
  FROM pg_depend d
  LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
  LEFT JOIN pg_class c ON c.oid = w.ev_class
 WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = {view})
        OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = {view})))
   AND d.deptype IN ('n', 'a')
   AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
   AND w.ev_class IS DISTINCT FROM {view}
   AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ({exclude}))"
    )
}

/// Escapes regex metacharacters, for names used in a `~*` pattern.
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c.is_alphanumeric() || c == '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The DO block of `--rename-dependents` for one table (already renamed to `new`): renames its
/// indexes, constraints, owned sequences, triggers and policies named `old_...` or
/// `idx_old_...` to the `new` prefix, and records each rename in the tracking row.
fn rename_dependents_block(rules: &Rules, old: &str, new: &str, phase_id: &str) -> String {
    let schema = rules.schema.as_str();
    let ns = format!("{}::regnamespace", literal(&ident(schema)));
    let declare = format!(
        "  tbl regclass := {};\n  old_prefix text := {};\n  new_prefix text := {};\n  items jsonb;\n  done jsonb := '[]'::jsonb;\n  r record;\n  target text;\n  taken boolean;\n",
        regclass(schema, new),
        literal(&format!("{old}_")),
        literal(&format!("{new}_")),
    );
    let body = format!(
        "  -- Collected first: the loop renames catalog rows it would otherwise be reading.
  SELECT COALESCE(jsonb_agg(x ORDER BY x.ord, x.name), '[]'::jsonb) INTO items FROM (
    SELECT 1 AS ord, 'constraint' AS kind, n.nspname::text AS schema, k.conname::text AS name
      FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.conrelid = tbl
    UNION ALL
    SELECT 2, 'index', n.nspname, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.indrelid = tbl AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = tbl)
    UNION ALL
    SELECT DISTINCT 3, 'sequence', n.nspname, s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
      JOIN pg_namespace n ON n.oid = s.relnamespace
      WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = tbl
        AND s.relkind = 'S' AND d.deptype IN ('a', 'i')
    UNION ALL
    SELECT 4, 'trigger', NULL, g.tgname FROM pg_trigger g WHERE g.tgrelid = tbl AND NOT g.tgisinternal
    UNION ALL
    SELECT 5, 'policy', NULL, p.polname FROM pg_policy p WHERE p.polrelid = tbl
  ) x;
  FOR r IN SELECT * FROM jsonb_to_recordset(items) AS e(kind text, schema text, name text) LOOP
    IF left(r.name, length(old_prefix)) = old_prefix THEN
      target := new_prefix || substr(r.name, length(old_prefix) + 1);
    ELSIF left(r.name, length('idx_' || old_prefix)) = 'idx_' || old_prefix THEN
      target := 'idx_' || new_prefix || substr(r.name, length('idx_' || old_prefix) + 1);
    ELSE
      CONTINUE;
    END IF;
    IF octet_length(target) > 63 THEN
      RAISE NOTICE '{RAISE_PREFIX}% % keeps its name: % would be longer than 63 bytes', r.kind, r.name, target;
      CONTINUE;
    END IF;
    taken := CASE r.kind
      WHEN 'constraint' THEN EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = tbl AND conname = target)
                          OR EXISTS (SELECT 1 FROM pg_class WHERE relname = target AND relnamespace = {ns})
      WHEN 'trigger' THEN EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = tbl AND tgname = target)
      WHEN 'policy' THEN EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = target)
      ELSE EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE c.relname = target AND n.nspname = r.schema)
    END;
    IF taken THEN
      RAISE NOTICE '{RAISE_PREFIX}% % keeps its name: % is taken', r.kind, r.name, target;
      CONTINUE;
    END IF;
    CASE r.kind
      WHEN 'constraint' THEN EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', tbl, r.name, target);
      WHEN 'index' THEN EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', r.schema, r.name, target);
      WHEN 'sequence' THEN EXECUTE format('ALTER SEQUENCE %I.%I RENAME TO %I', r.schema, r.name, target);
      WHEN 'trigger' THEN EXECUTE format('ALTER TRIGGER %I ON %s RENAME TO %I', r.name, tbl, target);
      ELSE EXECUTE format('ALTER POLICY %I ON %s RENAME TO %I', r.name, tbl, target);
    END CASE;
    done := done || jsonb_build_array(jsonb_build_object('kind', r.kind, 'schema', r.schema, 'old', r.name, 'new', target));
  END LOOP;
  UPDATE {t} SET dependencies = dependencies || jsonb_build_object('renamed', done)
  WHERE schema_name = {s} AND old_name = {o} AND phase = {p} AND status <> 'rolled_back';
",
        t = tracking(rules),
        s = literal(schema),
        o = literal(old),
        p = literal(phase_id),
    );
    do_block(&declare, &body)
}

/// The reverse of [`rename_dependents_block`] for a whole phase, driven by what the tracking
/// rows recorded (nothing to do when the phase renamed no dependents). `order` lists the old
/// names in the order the tables were renamed.
fn restore_dependents_block(rules: &Rules, order: &[&str], phase_id: &str) -> String {
    let schema = rules.schema.as_str();
    let body = format!(
        "  FOR r IN SELECT m.new_name AS tbl, e.item ->> 'kind' AS kind, e.item ->> 'schema' AS schema,
                  e.item ->> 'old' AS old, e.item ->> 'new' AS new
      FROM {t} m, jsonb_array_elements(COALESCE(m.dependencies -> 'renamed', '[]'::jsonb)) WITH ORDINALITY AS e(item, ord)
      WHERE m.schema_name = {s} AND m.phase = {p} AND m.status <> 'rolled_back' AND m.old_name = ANY ({names})
      ORDER BY array_position({names}, m.old_name) DESC, e.ord DESC LOOP
    CASE r.kind
      WHEN 'constraint' THEN EXECUTE format('ALTER TABLE %I.%I RENAME CONSTRAINT %I TO %I', {s}, r.tbl, r.new, r.old);
      WHEN 'index' THEN EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', r.schema, r.new, r.old);
      WHEN 'sequence' THEN EXECUTE format('ALTER SEQUENCE %I.%I RENAME TO %I', r.schema, r.new, r.old);
      WHEN 'trigger' THEN EXECUTE format('ALTER TRIGGER %I ON %I.%I RENAME TO %I', r.new, {s}, r.tbl, r.old);
      ELSE EXECUTE format('ALTER POLICY %I ON %I.%I RENAME TO %I', r.new, {s}, r.tbl, r.old);
    END CASE;
  END LOOP;
",
        t = tracking(rules),
        s = literal(schema),
        p = literal(phase_id),
        names = text_array(order.iter().copied()),
    );
    do_block("  r record;\n", &body)
}

// ---------------------------------------------------------------------------------------------
// Cleanup.

/// Drops the compatibility views of the given tables where the tracking table says they are
/// migrated with a view; the down script brings cleaned views back.
pub fn cleanup_scripts(
    rules: &Rules,
    tables: &[usize],
    opts: &SqlOptions,
    phase: Option<usize>,
) -> (Script, Script) {
    let schema = rules.schema.as_str();
    let t = tracking(rules);
    let title = phase
        .map(|pi| phase_title(rules, pi))
        .unwrap_or_else(|| "cleanup".to_string());
    let olds: Vec<&str> = tables
        .iter()
        .map(|&i| rules.tables[i].old.as_str())
        .collect();
    let mut up = Script {
        header: vec![
            format!("refscan migrate: {title}"),
            format!("Plan: {}, schema {schema}", rules.name),
            format!(
                "Drops the compatibility views of migrated tables ({} candidate{}); the tables keep their new names.",
                olds.len(),
                if olds.len() == 1 { "" } else { "s" }
            ),
            "refscan migrate cleanup checks code, functions and pg_stat_statements first; this file does not.".to_string(),
        ],
        stmts: tracked_preamble(rules, opts),
    };
    up.stmts.push(Stmt::new(do_block(
        "",
        &tracking_exists_check(rules, "Run refscan migrate init and apply a phase first."),
    )));
    // The event names the rules' cleanup phase, whether its file or `migrate cleanup` runs.
    let cleanup_id = phase
        .or_else(|| {
            rules
                .phases
                .iter()
                .position(|p| p.kind == PhaseKind::Cleanup)
        })
        .map(|pi| rules.phases[pi].id.clone())
        .unwrap_or_else(|| "cleanup".to_string());
    let ns = format!("{}::regnamespace", literal(&ident(schema)));
    for &ti in tables {
        let tb = &rules.tables[ti];
        // The live catalog decides: a view dropped by hand is skipped (and no longer expected),
        // and whatever was built on the view since the rename stops the drop by name, instead
        // of DROP VIEW failing (or CASCADE taking it along).
        let body = format!(
            "  IF EXISTS (SELECT 1 FROM {t} WHERE schema_name = {s} AND old_name = {o} AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = {o} AND c.relnamespace = {ns};
    IF rel IS NULL THEN
      RAISE NOTICE '{RAISE_PREFIX}the compatibility view {schema}.{old} is already gone (dropped outside refscan); skipped';
      UPDATE {t} SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || {gone}
      WHERE schema_name = {s} AND old_name = {o} AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      {not_view}
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
{deps_query}
      ) AS q(x);
      IF deps IS NOT NULL THEN
        {blocked}
      END IF;
      DROP VIEW {qi};
    END IF;
  END IF;
",
            s = literal(schema),
            o = literal(&tb.old),
            qi = qualified(schema, &tb.old),
            old = tb.old,
            gone = event("view_missing", &cleanup_id),
            not_view = raise(
                &format!("{schema}.{} is a % now (relkind), not the compatibility view; it stays", tb.old),
                &["kind"],
                "Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase)."
            ),
            deps_query = indent(&view_dependents_query("rel", "'{}'::oid[]"), "        "),
            blocked = raise(
                &format!("the compatibility view {schema}.{} cannot be dropped: % depend on it", tb.old),
                &["deps"],
                &format!("Move each to the new name {schema}.{} (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.", tb.new)
            ),
        );
        up.stmts.push(
            Stmt::new(drop_wrappers_block(
                &t,
                &format!(
                    "m.schema_name = {} AND m.old_name = {} AND m.status = 'migrated' AND m.compat_view",
                    literal(schema),
                    literal(&tb.old)
                ),
            ))
            .comment(format!(
                "The wrappers of computed fields over the row type of {} go with the view.",
                tb.old
            )),
        );
        up.stmts.push(
            Stmt::new(do_block(
                "  rel regclass;\n  kind \"char\";\n  deps text;\n",
                &body,
            ))
            .comment(format!("{} (now {})", tb.old, tb.new))
            .on(schema, &tb.old),
        );
    }
    up.stmts.push(Stmt::new(format!(
        "UPDATE {t} SET status = 'cleaned', cleaned_at = now(),\n    history = history || {}\nWHERE schema_name = {} AND status = 'migrated' AND old_name = ANY ({});",
        event("cleaned", &cleanup_id),
        literal(schema),
        text_array(olds.iter().copied())
    )));
    up.stmts.push(notify());

    let mut down = Script {
        header: vec![
            format!("refscan migrate: rollback of {title}"),
            format!("Plan: {}, schema {schema}", rules.name),
            "Recreates the compatibility views that cleanup dropped, with the tables' privileges."
                .to_string(),
        ],
        stmts: tracked_preamble(rules, opts),
    };
    down.stmts.push(Stmt::new(do_block(
        "",
        &tracking_exists_check(rules, "Nothing was applied to this database."),
    )));
    for &ti in tables.iter().rev() {
        let tb = &rules.tables[ti];
        let phase_id = tb
            .phase
            .map(|p| rules.phases[p].id.clone())
            .unwrap_or_default();
        let mut body = format!(
            "  IF EXISTS (SELECT 1 FROM {t} WHERE schema_name = {} AND old_name = {} AND status = 'cleaned' AND compat_view) THEN\n",
            literal(schema),
            literal(&tb.old)
        );
        for st in create_view_stmts(schema, &tb.old, &tb.new, &phase_id) {
            body.push_str(&indent(&unwrap_do(&st.sql), "    "));
            body.push('\n');
        }
        body.push_str(&indent(
            &unwrap_do(&create_wrappers_block(&t, schema, &tb.old, &tb.new)),
            "    ",
        ));
        body.push_str("\n  END IF;\n");
        down.stmts.push(
            Stmt::new(do_block("", &body))
                .comment(format!("{} (now {})", tb.old, tb.new))
                .on(schema, &tb.new),
        );
    }
    down.stmts.push(Stmt::new(format!(
        "UPDATE {t} SET status = 'migrated', cleaned_at = NULL,\n    history = history || {}\nWHERE schema_name = {} AND status = 'cleaned' AND old_name = ANY ({});",
        event("cleanup_rolled_back", &cleanup_id),
        literal(schema),
        text_array(olds.iter().copied())
    )));
    down.stmts.push(notify());
    (up, down)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Origin;

    fn rules(text: &str) -> Rules {
        Rules::parse(text, Origin::File("t.toml".into())).unwrap()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn advisory_key_is_refscan() {
        assert_eq!(ADVISORY_KEY, 8243107338746162688);
    }

    #[test]
    fn independent_renames_keep_plan_order() {
        let p = pairs(&[("a", "x_a"), ("b", "x_b")]);
        assert_eq!(order_renames(&p), p);
    }

    #[test]
    fn chain_moves_the_tail_first() {
        // a -> b while b -> c: b must leave before a arrives.
        let p = pairs(&[("a", "b"), ("b", "c"), ("c", "d")]);
        assert_eq!(
            order_renames(&p),
            pairs(&[("c", "d"), ("b", "c"), ("a", "b")])
        );
    }

    #[test]
    fn swap_goes_through_a_temporary_name() {
        let p = pairs(&[("a", "b"), ("b", "a"), ("z", "x_z")]);
        assert_eq!(
            order_renames(&p),
            pairs(&[
                ("z", "x_z"),
                ("a", "refscan_swap_1"),
                ("b", "a"),
                ("refscan_swap_1", "b")
            ])
        );
    }

    const CHAIN: &str = r#"
[[group]]
prefix = "t_"
[group.rename]
t_a = "t_b"
t_b = "t_c"
t_x = "t_y"
t_y = "t_x"
plain = "t_plain"
[[phase]]
id = "1"
kind = "setup"
[[phase]]
id = "2"
tables = ["t_a", "t_b", "t_x", "t_y"]
[[phase]]
id = "3"
tables = ["plain"]
"#;

    #[test]
    fn views_only_where_the_old_name_stays_free() {
        let r = rules(CHAIN);
        let p = plan_phase(&r, 1, &SqlOptions::default());
        let views: Vec<(&str, bool)> = p.moves.iter().map(|m| (m.old.as_str(), m.view)).collect();
        assert_eq!(
            views,
            [
                ("t_a", true),
                ("t_b", false),
                ("t_x", false),
                ("t_y", false)
            ]
        );
        assert_eq!(
            p.renames,
            pairs(&[
                ("t_b", "t_c"),
                ("t_a", "t_b"),
                ("t_x", "refscan_swap_1"),
                ("t_y", "t_x"),
                ("refscan_swap_1", "t_y")
            ])
        );
        let sql = p.up.render();
        assert_eq!(sql.matches("CREATE VIEW").count(), 1);
        assert!(sql.contains("CREATE VIEW \"public\".\"t_a\" WITH (security_invoker = true) AS SELECT * FROM \"public\".\"t_b\";"));
        // The down script renames back in exactly the reverse order.
        let down = p.down.render();
        let back: Vec<&str> = down
            .lines()
            .filter(|l| l.starts_with("ALTER TABLE"))
            .collect();
        assert_eq!(
            back,
            [
                "ALTER TABLE \"public\".\"t_y\" RENAME TO \"refscan_swap_1\";",
                "ALTER TABLE \"public\".\"t_x\" RENAME TO \"t_y\";",
                "ALTER TABLE \"public\".\"refscan_swap_1\" RENAME TO \"t_x\";",
                "ALTER TABLE \"public\".\"t_b\" RENAME TO \"t_a\";",
                "ALTER TABLE \"public\".\"t_c\" RENAME TO \"t_b\";",
            ]
        );
    }

    #[test]
    fn chain_across_phases_drops_and_restores_the_earlier_view() {
        let text = r#"
[[group]]
prefix = "t_"
[group.rename]
t_a = "t_b"
t_b = "t_c"
[[phase]]
id = "1"
tables = ["t_b"]
[[phase]]
id = "2"
tables = ["t_a"]
"#;
        let r = rules(text);
        let p1 = plan_phase(&r, 0, &SqlOptions::default());
        assert!(p1.moves[0].view);
        let p2 = plan_phase(&r, 1, &SqlOptions::default());
        assert_eq!(p2.dropped_views, ["t_b"]);
        let up = p2.up.render();
        let drop = up.find("DROP VIEW IF EXISTS \"public\".\"t_b\";").unwrap();
        let rename = up
            .find("ALTER TABLE \"public\".\"t_a\" RENAME TO \"t_b\";")
            .unwrap();
        assert!(drop < rename);
        // t_b is not "taken" for the preflight: its view is dropped first.
        assert!(!up.contains("unnest(ARRAY['t_b']::text[]) AS n(name)\n      WHERE EXISTS"));
        let down = p2.down.render();
        let back = down
            .find("ALTER TABLE \"public\".\"t_b\" RENAME TO \"t_a\";")
            .unwrap();
        let recreate = down
            .find("CREATE VIEW \"public\".\"t_b\" WITH (security_invoker = true) AS SELECT * FROM \"public\".\"t_c\";")
            .unwrap();
        assert!(back < recreate);
    }

    #[test]
    fn every_script_is_one_locked_transaction() {
        let r = Rules::bundled();
        let opts = SqlOptions {
            lock_timeout: "200ms".parse().unwrap(),
            ..SqlOptions::default()
        };
        for pi in 0..r.phases.len() {
            let p = plan_phase(&r, pi, &opts);
            for s in [&p.up, &p.down] {
                let text = s.render();
                assert_eq!(text.matches("\nBEGIN;\n").count(), 1, "{text}");
                assert!(text.ends_with("\nCOMMIT;\n"));
                assert_eq!(s.stmts[0].sql, "SET LOCAL lock_timeout = '200ms';");
                assert_eq!(s.stmts[1].sql, "SET LOCAL statement_timeout = '1min';");
                assert_eq!(
                    s.stmts[2].sql,
                    "SET LOCAL idle_in_transaction_session_timeout = '10s';"
                );
                assert_eq!(
                    s.stmts[3].sql,
                    "SET LOCAL client_connection_check_interval = '1s';"
                );
                assert_eq!(
                    s.stmts[4].sql,
                    "SELECT pg_advisory_xact_lock(8243107338746162688);"
                );
            }
        }
    }

    #[test]
    fn bug_rollback_locked_tables_before_their_views() {
        // See: issue 12 item 15
        // Queries on an old name lock the view, then the table. The rollback locked the tables
        // first and the views only at DROP VIEW: a reader holding a view and waiting for its
        // table deadlocked with it.
        let r = Rules::bundled();
        let pi = r.phases_matching("2")[0];
        let down = plan_phase(&r, pi, &SqlOptions::default()).down.render();
        let pos = |needle: &str| {
            down.find(needle)
                .unwrap_or_else(|| panic!("missing {needle} in {down}"))
        };
        for (old, new) in [
            ("mime_types", "sys_mime_types"),
            ("app_pages", "sys_app_pages"),
        ] {
            let view = pos(&format!(
                "LOCK TABLE \"public\".\"{old}\" IN ACCESS EXCLUSIVE MODE;"
            ));
            let table = pos(&format!(
                "LOCK TABLE \"public\".\"{new}\" IN ACCESS EXCLUSIVE MODE;"
            ));
            assert!(view < table, "{old}");
            assert!(table < pos(&format!("DROP VIEW IF EXISTS \"public\".\"{old}\";")));
        }
    }

    #[test]
    fn rename_phase_statements_in_order() {
        let r = Rules::bundled();
        let pi = r.phases_matching("2")[0];
        let p = plan_phase(&r, pi, &SqlOptions::default());
        let olds: Vec<&str> = p.moves.iter().map(|m| m.old.as_str()).collect();
        assert_eq!(olds, ["mime_types", "asset_types", "domains", "app_pages"]);
        let sql = p.up.render();
        let pos = |needle: &str| {
            sql.find(needle)
                .unwrap_or_else(|| panic!("missing {needle}"))
        };
        assert!(pos("pg_advisory_xact_lock") < pos("ALTER TABLE \"public\".\"mime_types\""));
        assert!(
            pos("ALTER TABLE \"public\".\"app_pages\" RENAME TO \"sys_app_pages\";")
                < pos("CREATE VIEW \"public\".\"mime_types\"")
        );
        assert!(pos("COMMENT ON VIEW \"public\".\"domains\"") < pos("INSERT INTO"));
        assert!(pos("INSERT INTO") < pos("NOTIFY pgrst, 'reload schema';"));
        assert_eq!(sql.matches("CREATE VIEW").count(), 4);
        assert_eq!(
            sql.matches("INSERT INTO \"public\".\"sys_table_migrations\"")
                .count(),
            4
        );
        assert!(!sql.contains("RENAME CONSTRAINT"));
        let with = plan_phase(
            &r,
            pi,
            &SqlOptions {
                rename_dependents: true,
                ..SqlOptions::default()
            },
        );
        assert_eq!(with.up.render().matches("RENAME CONSTRAINT").count(), 4);
    }

    #[test]
    fn titles_cannot_break_out_of_comments() {
        let text = "[[group]]\nprefix = \"t_\"\n[group.rename]\na = \"t_a\"\n[[phase]]\nid = \"1\"\ntitle = \"x\\nDROP TABLE a;\"\ntables = [\"a\"]\n";
        let r = rules(text);
        let sql = plan_phase(&r, 0, &SqlOptions::default()).up.render();
        assert!(
            sql.starts_with("-- refscan migrate: phase 1, x DROP TABLE a;\n"),
            "{sql}"
        );
    }

    #[test]
    fn unwrap_do_keeps_declarations_in_an_inner_block() {
        let block = do_block("  x int;\n", "  x := 1;\n");
        assert_eq!(
            unwrap_do(&block),
            "DECLARE\n  x int;\nBEGIN\n  x := 1;\nEND;"
        );
        assert_eq!(
            unwrap_do("COMMENT ON VIEW v IS 'x';"),
            "COMMENT ON VIEW v IS 'x';"
        );
    }

    #[test]
    fn file_names_follow_supabase_layout() {
        let ts: Timestamp = "20250102030405".parse().unwrap();
        assert_eq!(
            file_names("5a", ts),
            (
                "20250102030405_refscan_phase_5a.sql".to_string(),
                "20250102030405_refscan_phase_5a_rollback.sql".to_string()
            )
        );
    }
}
