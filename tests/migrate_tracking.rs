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
