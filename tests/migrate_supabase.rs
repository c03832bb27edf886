//! refscan's migration files and the Supabase CLI: files the CLI runs atomically with their
//! history row, the project's folders and config.toml. The CLI's way of running a file is
//! reproduced exactly: every statement of the file, then its
//! `INSERT INTO supabase_migrations.schema_migrations(version, name, statements)`, sent as one
//! extended-protocol batch with a single Sync (pgbench's pipeline mode does just that), which
//! PostgreSQL runs as one implicit transaction.

mod migrate_common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use migrate_common::*;

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

/// The small fixture and the Supabase CLI's history table, as `supabase db push` creates it.
fn fixture() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    db.exec(
        "CREATE SCHEMA IF NOT EXISTS supabase_migrations;
         CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
         ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
         ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;",
    );
    db
}

/// Runs a migration file as `supabase db push` does: the file's statements and the insert of
/// its history row in one batch, one transaction.
fn push(db: &TestDb, file: &Path) -> Run {
    let name = file.file_stem().unwrap().to_string_lossy().into_owned();
    let (version, rest) = name.split_once('_').unwrap();
    let sql = std::fs::read_to_string(file).unwrap();
    let script = format!(
        "\\startpipeline\n{sql}\nINSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES ('{version}', '{rest}', ARRAY[$refscan_file${sql}$refscan_file$]);\n\\endpipeline\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("push.pgb");
    std::fs::write(&path, script).unwrap();
    let out = Command::new("pgbench")
        .args(["-n", "-t", "1", "-M", "extended", "-f"])
        .arg(&path)
        .arg(&db.url)
        .stdin(Stdio::null())
        .output()
        .expect("run pgbench (PostgreSQL's client tools)");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    // pgbench exits 0 even when a transaction failed outright only in some versions: its
    // report says how many were processed.
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let ok = out.status.success()
        && stdout.contains("number of transactions actually processed: 1/1")
        && stdout.contains("number of failed transactions: 0");
    Run {
        code: if ok { 0 } else { 2 },
        stdout,
        stderr,
    }
}

/// `migrate plan --phase P --out DIR --timestamp T [extra]`: the up file and the rollback file.
fn plan(dir: &Path, phase: &str, ts: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let r = rules().to_string_lossy().into_owned();
    let out = dir.to_string_lossy().into_owned();
    let mut args = vec![
        "--rules",
        &r,
        "migrate",
        "plan",
        "--phase",
        phase,
        "--out",
        &out,
        "--timestamp",
        ts,
    ];
    args.extend_from_slice(extra);
    refscan(&args).ok();
    (
        dir.join(format!("{ts}_refscan_phase_{phase}.sql")),
        dir.join(format!("{ts}_refscan_phase_{phase}_rollback.sql")),
    )
}

fn history_versions(db: &TestDb) -> Vec<String> {
    db.rows("SELECT version FROM supabase_migrations.schema_migrations ORDER BY 1")
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect()
}

fn relkind(db: &TestDb, name: &str) -> Option<String> {
    db.value(&format!(
        "SELECT relkind::text FROM pg_class WHERE relname = '{name}' AND relnamespace = 'public'::regnamespace"
    ))
}

#[track_caller]
fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing {needle:?} in\n{text}");
}

#[test]
fn bug_plan_files_committed_before_the_supabase_cli_history_row() {
    // See: issue 19 item 2
    let db = fixture();
    let dir = tempfile::tempdir().unwrap();
    let (setup, _) = plan(dir.path(), "1", "20250101000000", &[]);
    let (up, _) = plan(dir.path(), "2", "20250102000000", &[]);
    for f in [&setup, &up] {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(
            !text.lines().any(|l| l == "BEGIN;" || l == "COMMIT;"),
            "{text}"
        );
        assert_has(&text, "-- Written for the Supabase CLI (supabase db push, supabase migration up), which runs this file and its history row as one transaction");
    }
    push(&db, &setup).ok();
    assert_eq!(history_versions(&db), ["20250101000000"]);

    // The history insert fails (another push recorded the version meanwhile): the phase goes
    // with it, as one transaction.
    db.exec(
        "INSERT INTO supabase_migrations.schema_migrations (version) VALUES ('20250102000000')",
    );
    let before = db.snapshot();
    let run = push(&db, &up).fails();
    assert_has(
        &run.stderr,
        "duplicate key value violates unique constraint",
    );
    assert_same(&before, &db.snapshot());
    assert_eq!(relkind(&db, "notes").as_deref(), Some("r"));

    // A standalone file (BEGIN/COMMIT inside) commits the phase before the history row: the
    // reason plan files carry no transaction statements.
    let standalone = tempfile::tempdir().unwrap();
    let (framed, _) = plan(standalone.path(), "2", "20250102000000", &["--standalone"]);
    push(&db, &framed).fails();
    assert_eq!(
        relkind(&db, "notes").as_deref(),
        Some("v"),
        "applied without its history row"
    );

    // Without the conflict, the phase and its row go in together.
    let db = fixture();
    push(&db, &setup).ok();
    push(&db, &up).ok();
    assert_eq!(history_versions(&db), ["20250101000000", "20250102000000"]);
    assert_eq!(relkind(&db, "notes").as_deref(), Some("v"));
}

#[test]
fn standalone_files_run_alone_and_cli_files_refuse_to_run_statement_by_statement() {
    // See: issue 19 item 2
    let db = fixture();
    migrate(&rules(), &db, "init", &[]).ok();
    let dir = tempfile::tempdir().unwrap();
    let (up, _) = plan(dir.path(), "2", "20250102000000", &[]);
    let before = db.snapshot();
    // psql without --single-transaction commits statement by statement: the file stops first.
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &db.url, "-f"])
        .arg(&up)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_has(
        &String::from_utf8_lossy(&out.stderr),
        "refscan: this script runs statement by statement, not as one transaction; nothing was changed",
    );
    assert_same(&before, &db.snapshot());

    let framed_dir = tempfile::tempdir().unwrap();
    let (framed, framed_down) = plan(framed_dir.path(), "2", "20250102000000", &["--standalone"]);
    let text = std::fs::read_to_string(&framed).unwrap();
    assert_has(&text, "\nBEGIN;\n");
    assert!(text.ends_with("\nCOMMIT;\n"));
    assert_has(
        &text,
        "-- One transaction from BEGIN to COMMIT: psql -f FILE runs it on its own",
    );
    psql(&db, &framed).ok();
    assert_eq!(relkind(&db, "notes").as_deref(), Some("v"));
    psql(&db, &framed_down).ok();
    assert_same(&before, &db.snapshot());
    // On stdout too.
    let r = rules().to_string_lossy().into_owned();
    let printed = refscan(&[
        "--rules",
        &r,
        "migrate",
        "plan",
        "--phase",
        "2",
        "--standalone",
    ])
    .ok()
    .stdout;
    assert!(printed.lines().any(|l| l == "BEGIN;"));
}

/// A project: a repository with refscan.toml (the small plan), supabase/config.toml and a
/// subfolder to run from.
fn project(config: Option<&str>, migrations: bool) -> tempfile::TempDir {
    let root = tempfile::Builder::new().prefix("proj").tempdir().unwrap();
    std::fs::create_dir(root.path().join(".git")).unwrap();
    std::fs::copy(rules(), root.path().join("refscan.toml")).unwrap();
    std::fs::create_dir_all(root.path().join("apps/web")).unwrap();
    if let Some(c) = config {
        std::fs::create_dir_all(root.path().join("supabase")).unwrap();
        std::fs::write(root.path().join("supabase/config.toml"), c).unwrap();
    }
    if migrations {
        std::fs::create_dir_all(root.path().join("supabase/migrations")).unwrap();
    }
    root
}

fn refscan_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_refscan"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const CONFIG: &str = "project_id = \"app\"\n\n[db]\nport = 54329\nmajor_version = 15\n";

#[test]
fn plan_out_defaults_to_the_projects_supabase_migrations() {
    // See: issue 19 item 2
    for migrations in [true, false] {
        let root = project(Some(CONFIG), migrations);
        let web = root.path().join("apps/web");
        let args = [
            "migrate",
            "plan",
            "--phase",
            "2",
            "--out",
            "--timestamp",
            "20250102000000",
        ];
        let run = refscan_in(&web, &args).ok();
        let real = root.path().canonicalize().unwrap();
        let up = real.join("supabase/migrations/20250102000000_refscan_phase_2.sql");
        let down = real.join("supabase/rollbacks/20250102000000_refscan_phase_2_rollback.sql");
        assert_eq!(
            run.stdout,
            format!("wrote {}\nwrote {}\n", up.display(), down.display())
        );
        assert!(up.is_file() && down.is_file());
        // From the root the same files are named from there.
        let run = refscan_in(root.path(), &args).ok();
        assert_eq!(
            run.stdout,
            "wrote supabase/migrations/20250102000000_refscan_phase_2.sql\nwrote supabase/rollbacks/20250102000000_refscan_phase_2_rollback.sql\n"
        );
    }

    // No Supabase project to write into.
    let root = project(None, false);
    let run = refscan_in(root.path(), &["migrate", "plan", "--phase", "2", "--out"]).fails();
    assert_has(
        &run.stderr,
        "error: no migrations folder (supabase/migrations) from ",
    );
    assert_has(
        &run.stderr,
        "hint: pass --out DIR, or run supabase init in the project first",
    );

    // A project on PostgreSQL 14 cannot have refscan's views.
    let root = project(Some("[db]\nport = 54329\nmajor_version = 14\n"), true);
    let run = refscan_in(root.path(), &["migrate", "plan", "--phase", "2", "--out"]).fails();
    assert_has(&run.stderr, "supabase/config.toml says [db] major_version = 14: refscan's migrations need PostgreSQL 15 or later");
    assert!(
        !root.path().join("supabase/rollbacks").exists(),
        "nothing written"
    );
    // An explicit folder of the project is checked too.
    let run = refscan_in(
        root.path(),
        &[
            "migrate",
            "plan",
            "--phase",
            "2",
            "--out",
            "supabase/migrations",
        ],
    )
    .fails();
    assert_has(&run.stderr, "major_version = 14");

    // Without a database URL, the hint names the project's local database.
    let root = project(Some(CONFIG), true);
    let run = refscan_in(root.path(), &["migrate", "status"]).fails();
    assert_has(&run.stderr, "the local database of this project (supabase start) is postgres://postgres:postgres@127.0.0.1:54329/postgres ([db] port in ");
}

/// The setup file and the files of phases 2 and 3, as `plan --out` writes them.
fn phase_files(dir: &Path) -> [PathBuf; 3] {
    [
        plan(dir, "1", "20250101000000", &[]).0,
        plan(dir, "2", "20250102000000", &[]).0,
        plan(dir, "3", "20250103000000", &[]).0,
    ]
}

/// (event, application) of the history of one old name, oldest first.
fn events_of(db: &TestDb, old: &str) -> Vec<(String, String)> {
    db.rows(&format!(
        "SELECT e ->> 'event', e ->> 'application' FROM sys_table_migrations m, jsonb_array_elements(m.history) e
          WHERE m.old_name = '{old}' ORDER BY m.id, e ->> 'at'"
    ))
    .into_iter()
    .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap_or_default()))
    .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn bug_db_push_after_apply_failed_with_phase_already_applied() {
    // See: issue 19 item 3
    let db = fixture();
    let dir = tempfile::tempdir().unwrap();
    let [setup, phase2, phase3] = phase_files(dir.path());
    migrate(&rules(), &db, "init", &[]).ok();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let applied = db.snapshot();

    // The team pushes its migrations folder, refscan's files included.
    push(&db, &setup).ok();
    let run = push(&db, &phase2).ok();
    assert_has(
        &run.stderr,
        "refscan: phase 2 is already applied; this file changes nothing, and its run is recorded in the history",
    );
    assert_same(&applied, &db.snapshot());
    assert_eq!(history_versions(&db), ["20250101000000", "20250102000000"]);
    assert_eq!(
        events_of(&db, "notes"),
        pairs(&[("applied", "refscan"), ("already_applied", "pgbench")])
    );

    // The next phase goes by its file; status tells the two apart.
    push(&db, &phase3).ok();
    let run = migrate(&rules(), &db, "status", &[]).ok();
    assert_has(&run.stdout, "phase 2 applied by refscan migrate apply at ");
    assert_has(
        &run.stdout,
        "; the Supabase CLI's history has its file (20250102000000_refscan_phase_2)",
    );
    assert_has(
        &run.stdout,
        "phase 3 applied by its migration file (pgbench) at ",
    );
    assert_has(&run.stdout, "0 pending, 7 migrated");
}

#[test]
fn db_push_then_apply_is_the_same_story() {
    // See: issue 19 item 3
    let db = fixture();
    let dir = tempfile::tempdir().unwrap();
    let [setup, phase2, phase3] = phase_files(dir.path());
    push(&db, &setup).ok();
    push(&db, &phase2).ok();
    let pushed = db.snapshot();
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    assert_has(&run.stdout, "phase 2 is already applied on ");
    assert_same(&pushed, &db.snapshot());

    let run = migrate(&rules(), &db, "status", &["--format", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc["phases"],
        serde_json::json!([{
            "phase": "2", "via": "file", "application": "pgbench",
            "at": doc["phases"][0]["at"], "by": "postgres",
            "migration_version": "20250102000000"
        }])
    );

    // apply builds on a phase its file applied, and that phase's file then has nothing to do.
    migrate(&rules(), &db, "apply", &["--phase", "3"]).ok();
    let applied = db.snapshot();
    let run = push(&db, &phase3).ok();
    assert_has(
        &run.stderr,
        "refscan: phase 3 is already applied; this file changes nothing",
    );
    assert_same(&applied, &db.snapshot());
    assert_eq!(
        history_versions(&db),
        ["20250101000000", "20250102000000", "20250103000000"]
    );
    // Rolled back by refscan, the phase can be pushed again: its file then applies it.
    migrate(&rules(), &db, "rollback", &["--phase", "3"]).ok();
    db.exec("DELETE FROM supabase_migrations.schema_migrations WHERE version = '20250103000000'");
    push(&db, &phase3).ok();
    assert_same(&applied, &db.snapshot());
    assert_eq!(
        events_of(&db, "c_a"),
        pairs(&[
            ("applied", "refscan"),
            ("already_applied", "pgbench"),
            ("rolled_back", "refscan"),
            ("applied", "pgbench")
        ])
    );
}
