//! `refscan migrate cleanup` and the cleanup phase's file against the live catalog: views
//! dropped by hand, and objects built on the compatibility views after the rename.

mod migrate_common;

use std::path::PathBuf;

use migrate_common::*;

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

/// The small fixture with phase 2 applied: views t_a, notes and c_b.
fn phase_2() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    migrate(&rules(), &db, "init", &[]).ok();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    db
}

/// The cleanup phase's up file, written into `dir`.
fn cleanup_file(dir: &std::path::Path) -> PathBuf {
    let r = rules().to_string_lossy().into_owned();
    let sql = refscan(&["--rules", &r, "migrate", "plan", "--phase", "4"])
        .ok()
        .stdout;
    let path = dir.join("cleanup.sql");
    std::fs::write(&path, sql).unwrap();
    path
}

fn views(db: &TestDb) -> Vec<String> {
    db.rows("SELECT viewname::text FROM pg_views WHERE schemaname = 'public' ORDER BY 1")
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect()
}

#[track_caller]
fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing {needle:?} in\n{text}");
}

#[test]
fn bug_cleanup_after_a_hand_dropped_view_failed_at_drop_view() {
    // See: issue 12 item 18
    let db = phase_2();
    db.exec("DROP VIEW notes");
    let run = migrate(&rules(), &db, "cleanup", &["--force"]).ok();
    assert_has(
        &run.stdout,
        "note: the compatibility view public.notes is already gone (dropped outside refscan); skipped, and t_notes is marked cleaned",
    );
    assert_has(&run.stdout, "dropped 2 compatibility views");
    assert_eq!(views(&db), ["note_slugs"]);
    let run = migrate(&rules(), &db, "status", &[]).ok();
    assert_has(
        &run.stdout,
        "3 pending, 0 migrated, 0 rolled back, 4 cleaned",
    );
    // The cleanup's rollback brings back the views cleanup dropped, not the one it found gone.
    migrate(&rules(), &db, "rollback", &["--phase", "4"]).ok();
    assert_eq!(views(&db), ["c_b", "note_slugs", "t_a"]);

    // The file does the same when it runs.
    let db = phase_2();
    db.exec("DROP VIEW notes");
    let dir = tempfile::tempdir().unwrap();
    let run = psql(&db, &cleanup_file(dir.path())).ok();
    assert_has(
        &run.stderr,
        "refscan: the compatibility view public.notes is already gone (dropped outside refscan); skipped",
    );
    assert_eq!(views(&db), ["note_slugs"]);
}

#[test]
fn bug_cleanup_missed_views_policies_and_atomic_functions_on_the_old_names() {
    // See: issue 12 item 18
    let db = phase_2();
    // Built on the compatibility views after the rename, as later migrations would.
    db.exec(
        "CREATE VIEW note_titles AS SELECT slug FROM notes;
         CREATE MATERIALIZED VIEW t_a_count AS SELECT count(*) FROM t_a;
         CREATE POLICY c_keep_visible ON c_keep USING (c_b_id IN (SELECT id FROM c_b));
         CREATE FUNCTION count_t_a() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t_a; END;
         CREATE FUNCTION note_label(n notes) RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN n.slug; END $$;
         CREATE FUNCTION no_op() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TRIGGER notes_instead INSTEAD OF INSERT ON notes FOR EACH ROW EXECUTE FUNCTION no_op();",
    );
    let before = db.snapshot();
    let run = migrate(&rules(), &db, "cleanup", &["--force"]).fails();
    let err = &run.stderr;
    assert_has(
        err,
        "cleanup cannot drop the compatibility views on postgres://",
    );
    assert_has(err, "- t_a: function count_t_a(), materialized view t_a_count depend on the view public.t_a; move them to public.t_b");
    assert_has(err, "- notes: function note_label(notes), trigger notes_instead on view notes, view note_titles depend on the view public.notes; move them to public.t_notes");
    assert_has(err, "- c_b: policy c_keep_visible on table c_keep depends on the view public.c_b; move it to public.c_c");
    assert_has(err, "--force does not drop them");
    assert_same(&before, &db.snapshot());

    // The file refuses by name too, at the first view, and changes nothing.
    let dir = tempfile::tempdir().unwrap();
    let run = psql(&db, &cleanup_file(dir.path()));
    assert_ne!(run.code, 0);
    assert_has(
        &run.stderr,
        "refscan: the compatibility view public.t_a cannot be dropped: function count_t_a(); materialized view t_a_count depend on it",
    );
    assert_same(&before, &db.snapshot());

    // Moved to the new names, the views go.
    db.exec(
        "DROP VIEW note_titles; CREATE VIEW note_titles AS SELECT slug FROM t_notes;
         DROP MATERIALIZED VIEW t_a_count;
         DROP POLICY c_keep_visible ON c_keep;
         CREATE OR REPLACE FUNCTION count_t_a() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t_b; END;
         DROP FUNCTION note_label(notes);
         DROP TRIGGER notes_instead ON notes;",
    );
    let run = migrate(&rules(), &db, "cleanup", &["--force"]).ok();
    assert_has(&run.stdout, "dropped 3 compatibility views");
}
