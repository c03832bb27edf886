//! The tracking table itself: a table of that name that is not refscan's is diagnosed before
//! anything runs; each against the PostgreSQL on this machine, in a database of its own.

mod migrate_common;

use std::path::PathBuf;

use migrate_common::*;

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

fn fixture() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    db
}

/// Writes the up file of `phase` of the small plan into `dir` and returns its path.
fn plan_file(dir: &std::path::Path, phase: &str) -> PathBuf {
    let r = rules().to_string_lossy().into_owned();
    let out = dir.to_string_lossy().into_owned();
    refscan(&[
        "--rules",
        &r,
        "migrate",
        "plan",
        "--phase",
        phase,
        "--out",
        &out,
        "--timestamp",
        "20250102030405",
    ])
    .ok();
    dir.join(format!("20250102030405_refscan_phase_{phase}.sql"))
}

#[track_caller]
fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing {needle:?} in\n{text}");
}

#[test]
fn bug_foreign_tracking_table_gave_column_does_not_exist() {
    // See: issue 12 item 17
    let db = fixture();
    // The shape the original team's plan wrote by hand.
    db.exec(
        "CREATE TABLE sys_table_migrations (id serial PRIMARY KEY, old_name text NOT NULL,
             new_name text NOT NULL, migrated_at timestamptz DEFAULT now());
         INSERT INTO sys_table_migrations (old_name, new_name) VALUES ('mime_types', 'sys_mime_types');",
    );
    let before = db.snapshot();
    for (cmd, args) in [
        ("init", vec![]),
        ("apply", vec!["--phase", "2"]),
        ("status", vec![]),
        ("rollback", vec!["--phase", "2"]),
        ("cleanup", vec!["--force"]),
    ] {
        let run = migrate(&rules(), &db, cmd, &args).fails();
        let err = &run.stderr;
        assert_has(err, "public.sys_table_migrations on postgres://");
        assert_has(err, "is a table, not refscan's tracking table");
        assert_has(err, "- its column id is integer, where refscan's is bigint");
        assert_has(err, "- it has no column group_prefix (text)");
        assert_has(err, "nothing was changed");
        assert_has(err, "hint: if it is another tool's table, rename it away (ALTER TABLE public.sys_table_migrations RENAME TO sys_table_migrations_legacy;) and run refscan migrate init");
        assert!(!err.contains("does not exist"), "{cmd}: {err}");
    }
    assert_same(&before, &db.snapshot());

    // The files check the table themselves, so psql stops as clearly.
    let dir = tempfile::tempdir().unwrap();
    for phase in ["1", "2"] {
        let run = psql(&db, &plan_file(dir.path(), phase));
        assert_ne!(run.code, 0);
        assert_has(&run.stderr, "refscan: sys_table_migrations is not refscan's tracking table: it lacks these columns of refscan's (name and type): id bigint, schema_name text, group_prefix text, phase text, status text, migrated_by text");
        assert_has(
            &run.stderr,
            "HINT:  If it is another tool's table, rename it away",
        );
    }
    assert_same(&before, &db.snapshot());

    // Following the hint works, and the other tool's table is left as it was.
    db.exec("ALTER TABLE sys_table_migrations RENAME TO sys_table_migrations_legacy");
    migrate(&rules(), &db, "init", &[]).ok();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    assert_eq!(
        db.value("SELECT old_name FROM sys_table_migrations_legacy")
            .as_deref(),
        Some("mime_types")
    );
}

#[test]
fn a_view_or_a_hand_edited_table_under_the_tracking_name_is_refused() {
    // See: issue 12 item 17
    let db = fixture();
    db.exec("CREATE VIEW sys_table_migrations AS SELECT 1 AS id");
    let run = migrate(&rules(), &db, "init", &[]).fails();
    assert_has(
        &run.stderr,
        "is a view, not refscan's tracking table, and refscan records every move there:\n  - it is a view",
    );
    db.exec("DROP VIEW sys_table_migrations");

    // refscan's own table with a mandatory column added by hand: every insert would fail.
    migrate(&rules(), &db, "init", &[]).ok();
    db.exec("ALTER TABLE sys_table_migrations ADD COLUMN ticket text NOT NULL");
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).fails();
    assert_has(
        &run.stderr,
        "- its column ticket is NOT NULL without a default, and refscan's rows leave it empty",
    );
    assert_eq!(
        db.value("SELECT relkind::text FROM pg_class WHERE oid = 'public.notes'::regclass")
            .as_deref(),
        Some("r")
    );
    // A harmless extra column is fine.
    db.exec("ALTER TABLE sys_table_migrations ALTER COLUMN ticket DROP NOT NULL");
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
}

/// Whether the tracking table has the column.
fn has_column(db: &TestDb, column: &str) -> bool {
    db.value(&format!(
        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.sys_table_migrations'::regclass AND attname = '{column}' AND NOT attisdropped"
    ))
    .as_deref()
        == Some("1")
}

/// `migrate status --history --format json`, as (event, phase, old name, by, client, application).
fn history(db: &TestDb) -> Vec<[String; 6]> {
    let run = migrate(&rules(), db, "status", &["--history", "--format", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    doc["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let f = |k: &str| e[k].as_str().unwrap_or("-").to_string();
            [
                f("event"),
                f("phase"),
                f("old"),
                f("by"),
                f("client"),
                f("application"),
            ]
        })
        .collect()
}

fn events(v: &[(&str, &str, &str, &str, &str, &str)]) -> Vec<[String; 6]> {
    v.iter()
        .map(|(a, b, c, d, e, f)| [a, b, c, d, e, f].map(|s| s.to_string()))
        .collect()
}

#[test]
fn an_older_tracking_table_is_upgraded_in_the_same_transaction_as_the_next_phase() {
    // See: issue 16 item 5
    let db = fixture();
    // Phases 1 and 2 as an older refscan wrote them: a tracking table without history.
    psql(&db, &testdata("refscan_v1_phase_1.sql")).ok();
    psql(&db, &testdata("refscan_v1_small_phase_2.sql")).ok();
    assert!(!has_column(&db, "history"));

    // Read as it is: the events are rebuilt from the timestamps.
    let run = migrate(&rules(), &db, "status", &[]).ok();
    assert_has(
        &run.stdout,
        "3 pending, 4 migrated, 0 rolled back, 0 cleaned",
    );
    let old = events(&[
        ("applied", "2", "t_a", "postgres", "-", "-"),
        ("applied", "2", "t_b", "postgres", "-", "-"),
        ("applied", "2", "notes", "postgres", "-", "-"),
        ("applied", "2", "c_b", "postgres", "-", "-"),
    ]);
    assert_eq!(history(&db), old);
    assert!(!has_column(&db, "history"), "status only reads");

    // A phase that fails leaves the table as it was: the upgrade is part of its transaction.
    let mut holder = db.client();
    holder
        .batch_execute("BEGIN; LOCK TABLE s_x IN ACCESS SHARE MODE")
        .unwrap();
    let run = migrate(
        &rules(),
        &db,
        "apply",
        &[
            "--phase",
            "3",
            "--lock-timeout",
            "100ms",
            "--lock-retries",
            "0",
        ],
    )
    .fails();
    assert_has(&run.stderr, "could not lock public.s_x");
    assert!(!has_column(&db, "history"));
    holder.batch_execute("ROLLBACK").unwrap();

    let run = migrate(&rules(), &db, "apply", &["--phase", "3"]).ok();
    assert_has(
        &run.stdout,
        "note: upgraded sys_table_migrations in place: added the column history",
    );
    assert!(has_column(&db, "history"));
    // The phase also drops the view c_b of phase 2: c_a takes its name.
    let mut want = events(&[
        ("applied", "3", "s_x", "postgres", "127.0.0.1", "refscan"),
        ("applied", "3", "s_y", "postgres", "127.0.0.1", "refscan"),
        ("applied", "3", "c_a", "postgres", "127.0.0.1", "refscan"),
        (
            "view_dropped",
            "3",
            "c_b",
            "postgres",
            "127.0.0.1",
            "refscan",
        ),
    ]);
    let got = history(&db);
    assert_eq!(got[..4], old[..], "the old rows keep their events");
    let mut tail = got[4..].to_vec();
    tail.sort();
    want.sort();
    assert_eq!(tail, want);
}

#[test]
fn bug_rollback_and_cleanup_deleted_the_history() {
    // See: issue 16 item 5
    let db = fixture();
    migrate(&rules(), &db, "init", &[]).ok();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    migrate(&rules(), &db, "cleanup", &["--phase", "2", "--force"]).ok();
    // The cleanup phase's rollback brings the views back; its history says so.
    migrate(&rules(), &db, "rollback", &["--phase", "4"]).ok();
    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    // Applied again by its file through psql: a second move of each table, kept apart.
    let dir = tempfile::tempdir().unwrap();
    psql(&db, &plan_file(dir.path(), "2")).ok();
    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();

    let got = history(&db);
    let by_table = |old: &str| -> Vec<(String, String)> {
        got.iter()
            .filter(|e| e[2] == old)
            .map(|e| (e[0].clone(), e[5].clone()))
            .collect()
    };
    let want: Vec<(String, String)> = [
        ("applied", "refscan"),
        ("cleaned", "refscan"),
        ("cleanup_rolled_back", "refscan"),
        ("rolled_back", "refscan"),
        ("applied", "psql"),
        ("rolled_back", "refscan"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(by_table("notes"), want);
    assert!(got
        .iter()
        .all(|e| e[3] == "postgres" && e[4] == "127.0.0.1"));
    assert_eq!(
        db.value("SELECT count(*) FROM sys_table_migrations")
            .as_deref(),
        Some("8"),
        "two moves of each of the four tables"
    );

    // Rolling back the setup phase keeps a table with history, by refscan and by its file.
    let run = migrate(&rules(), &db, "rollback", &["--phase", "1"]).ok();
    assert_has(&run.stdout, "keeps the history of 8 moves, so it stays");
    let r = rules().to_string_lossy().into_owned();
    let down = refscan(&[
        "--rules",
        &r,
        "migrate",
        "plan",
        "--phase",
        "1",
        "--rollback",
    ])
    .ok()
    .stdout;
    let file = dir.path().join("setup_rollback.sql");
    std::fs::write(&file, down).unwrap();
    let run = psql(&db, &file).ok();
    assert_has(&run.stderr, "keeps the history of 8 move(s), so it stays");
    assert_eq!(
        db.value("SELECT count(*) FROM sys_table_migrations")
            .as_deref(),
        Some("8")
    );

    // The text form: one line per event, with who, from where and through what.
    let run = migrate(&rules(), &db, "status", &["--history"]).ok();
    assert_has(&run.stdout, "when (UTC)");
    assert_has(&run.stdout, "24 events of 8 moves");
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("cleanup rolled back") && l.contains("notes -> t_notes"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(line.ends_with("postgres (127.0.0.1, refscan)"), "{line}");

    // An unused tracking table still goes.
    let empty = fixture();
    migrate(&rules(), &empty, "init", &[]).ok();
    migrate(&rules(), &empty, "rollback", &["--phase", "1"]).ok();
    assert_eq!(
        empty
            .value("SELECT to_regclass('public.sys_table_migrations') IS NULL")
            .as_deref(),
        Some("t")
    );
}
