//! `refscan migrate verify` on a real PostgreSQL: each kind of drift is made by hand in a
//! database of its own (small plan of testdata/db/small_rules.toml), found with exit 1, and
//! the printed fix, run as it stands, makes verify pass again where the fix is SQL.

mod migrate_common;

use std::path::PathBuf;

use migrate_common::*;

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

fn setup() -> TestDb {
    small_db(&rules())
}

/// A database with phase 2 applied.
fn applied(args: &[&str]) -> TestDb {
    let db = setup();
    let mut all = vec!["--phase", "2"];
    all.extend_from_slice(args);
    migrate(&rules(), &db, "apply", &all).ok();
    db
}

fn verify(db: &TestDb) -> Run {
    migrate(&rules(), db, "verify", &[])
}

/// Runs verify, expects drift (exit 1) and returns the lines of `kind`, with their fix.
#[track_caller]
fn drift(db: &TestDb, kind: &str) -> Vec<String> {
    let run = verify(db);
    assert_eq!(
        run.code, 1,
        "verify should find drift:\n{}\n{}",
        run.stdout, run.stderr
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    let found: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with(&format!("{kind}: ")))
        .map(|(i, l)| format!("{l}\n{}", lines.get(i + 1).unwrap_or(&"")))
        .collect();
    assert!(!found.is_empty(), "no {kind} in\n{}", run.stdout);
    found
}

/// The SQL after `fix: ` (up to the end of the line).
fn fix_sql(found: &str) -> String {
    found.split("fix: ").nth(1).unwrap().to_string()
}

#[track_caller]
fn clean(db: &TestDb) {
    let run = verify(db);
    assert_eq!(
        run.code, 0,
        "verify should pass:\n{}\n{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout
            .contains("no drift; 8 tables of the rules checked"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_passes_before_and_after_a_phase_and_after_its_rollback() {
    let db = setup();
    clean(&db);
    migrate(
        &rules(),
        &db,
        "apply",
        &["--phase", "2", "--rename-dependents"],
    )
    .ok();
    clean(&db);
    migrate(&rules(), &db, "apply", &["--phase", "3"]).ok();
    clean(&db);
    migrate(&rules(), &db, "rollback", &["--phase", "3"]).ok();
    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    clean(&db);
    let json = migrate(&rules(), &db, "verify", &["--format", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["drift"], serde_json::json!([]));
    assert_eq!(doc["tables_checked"], 8);
}

#[test]
fn verify_finds_a_table_renamed_by_hand_before_its_phase() {
    let db = setup();
    db.exec("ALTER TABLE notes RENAME TO t_notes");
    let found = drift(&db, "table-renamed-by-hand");
    assert!(found[0].contains("notes (phase 2): phase 2 is not applied, yet public.t_notes is a table and public.notes does not exist: renamed outside refscan"), "{found:?}");
    db.exec(
        &fix_sql(&found[0])
            .split(')')
            .next()
            .unwrap()
            .replace("rename it back (", ""),
    );
    clean(&db);
}

#[test]
fn verify_finds_a_migrated_table_renamed_by_hand() {
    let db = applied(&[]);
    db.exec("ALTER TABLE t_notes RENAME TO notes_by_hand");
    let found = drift(&db, "table-renamed-by-hand");
    assert!(
        found[0].contains("phase 2 is recorded as applied (public.notes -> public.t_notes), but the table is now public.notes_by_hand: renamed by hand"),
        "{found:?}"
    );
    assert!(
        found[0].contains(
            "fix: rename it back (ALTER TABLE public.notes_by_hand RENAME TO \"t_notes\")"
        ),
        "{found:?}"
    );
    db.exec("ALTER TABLE public.notes_by_hand RENAME TO t_notes");
    clean(&db);
}

#[test]
fn verify_finds_a_migrated_table_renamed_back_by_hand() {
    let db = applied(&[]);
    db.exec("DROP VIEW c_b; ALTER TABLE c_c RENAME TO c_b");
    let found = drift(&db, "table-renamed-by-hand");
    assert!(found[0].contains("c_b (phase 2): phase 2 is recorded as applied (public.c_b -> public.c_c), but public.c_b is a table again and public.c_c does not exist"), "{found:?}");
}

#[test]
fn verify_finds_a_dropped_table() {
    let db = applied(&[]);
    db.exec("DROP TABLE t_notes CASCADE");
    let found = drift(&db, "table-missing");
    assert!(
        found[0].contains("but table public.t_notes does not exist: dropped or renamed by hand"),
        "{found:?}"
    );
    drift(&db, "view-missing");
    let db = setup();
    db.exec("DROP TABLE c_keep");
    let found = drift(&db, "table-missing");
    assert!(
        found[0].contains("table public.c_keep of the rules (unchanged) does not exist"),
        "{found:?}"
    );
}

#[test]
fn verify_finds_a_missing_compatibility_view() {
    let db = applied(&[]);
    db.exec("DROP VIEW notes");
    let found = drift(&db, "view-missing");
    assert!(found[0].contains("notes (phase 2): phase 2 is recorded as applied, but its compatibility view public.notes does not exist: code still using the old name fails"), "{found:?}");
    assert!(found[0].contains("CREATE OR REPLACE VIEW \"public\".\"notes\" WITH (security_invoker = true) AS SELECT * FROM \"public\".\"t_notes\""), "{found:?}");
}

#[test]
fn verify_finds_a_changed_compatibility_view() {
    let db = applied(&[]);
    db.exec("CREATE OR REPLACE VIEW t_a WITH (security_invoker = true) AS SELECT * FROM t_b WHERE id > 1");
    let found = drift(&db, "view-changed");
    assert!(found[0].contains("the compatibility view public.t_a is not what apply creates (SELECT * FROM public.t_b): it is `SELECT t_b.id, t_b.a_col FROM t_b WHERE (t_b.id > 1);`"), "{found:?}");
    // The printed statement puts the view back as apply made it, privileges kept.
    let create = fix_sql(&found[0]).replace("recreate it as apply does: ", "");
    db.exec(&create);
    clean(&db);

    // A column added to the table after the rename is invisible under the old name.
    db.exec("ALTER TABLE t_notes ADD COLUMN extra text");
    let found = drift(&db, "view-changed");
    assert!(found[0].contains("the compatibility view public.notes lacks the table's columns extra text (added after the view was created"), "{found:?}");
    let create = fix_sql(&found[0])
        .replace("recreate it as apply does: ", "")
        .replace(" (keeps its privileges)", "");
    db.exec(&create);
    // anon's column grants on the table now miss the new column on the view as on the table.
    clean(&db);
}

#[test]
fn verify_finds_a_view_without_security_invoker() {
    let db = applied(&[]);
    // What `supabase db pull` writes back: the view without its options.
    db.exec("CREATE OR REPLACE VIEW notes AS SELECT * FROM t_notes");
    let mut c = db.client();
    // The reason it matters: user a now reads user b's notes through the old name.
    c.batch_execute("SET ROLE authenticated; SELECT set_config('request.jwt.claims', '{\"sub\":\"00000000-0000-0000-0000-00000000000a\"}', false)").unwrap();
    assert_eq!(
        rows(&mut c, "SELECT count(*) FROM notes")[0][0].as_deref(),
        Some("5")
    );
    assert_eq!(
        rows(&mut c, "SELECT count(*) FROM t_notes")[0][0].as_deref(),
        Some("3")
    );
    let found = drift(&db, "view-not-security-invoker");
    assert!(found[0].contains("the compatibility view public.notes is not security_invoker: it reads public.t_notes with its owner's rights"), "{found:?}");
    db.exec("ALTER VIEW \"public\".\"notes\" SET (security_invoker = true)");
    clean(&db);
    assert_eq!(
        rows(&mut c, "SELECT count(*) FROM notes")[0][0].as_deref(),
        Some("3")
    );
}

#[test]
fn verify_finds_grants_that_differ_between_view_and_table() {
    let db = applied(&[]);
    db.exec("GRANT INSERT ON t_notes TO anon; GRANT UPDATE (body) ON notes TO anon WITH GRANT OPTION; REVOKE DELETE ON t_b FROM authenticated");
    let found = drift(&db, "view-grants-differ");
    let notes = found
        .iter()
        .find(|f| f.starts_with("view-grants-differ: notes"))
        .unwrap();
    assert!(notes.contains("the compatibility view public.notes lacks 1 privilege the table has and has 1 privilege the table has not"), "{notes}");
    assert!(
        notes.contains("GRANT INSERT ON \"public\".\"notes\" TO anon;"),
        "{notes}"
    );
    assert!(
        notes.contains("REVOKE UPDATE (body) ON \"public\".\"notes\" FROM anon;"),
        "{notes}"
    );
    let t_a = found
        .iter()
        .find(|f| f.starts_with("view-grants-differ: t_a"))
        .unwrap();
    assert!(
        t_a.contains("REVOKE DELETE ON \"public\".\"t_a\" FROM authenticated;"),
        "{t_a}"
    );
    for f in &found {
        db.exec(&fix_sql(f).replace("make them the same: ", ""));
    }
    clean(&db);
}

#[test]
fn verify_finds_objects_of_an_applied_phase_that_are_missing() {
    let db = applied(&["--rename-dependents"]);
    db.exec("ALTER INDEX t_notes_owner_idx RENAME TO owner_idx_by_hand");
    let found = drift(&db, "phase-object-missing");
    assert!(found[0].contains("phase 2 is recorded as applied and renamed the index of public.t_notes to t_notes_owner_idx, but no index of that name is there"), "{found:?}");
    db.exec("ALTER INDEX owner_idx_by_hand RENAME TO t_notes_owner_idx");
    clean(&db);

    // A computed field's wrapper dropped by hand.
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    db.exec("CREATE FUNCTION note_blurb(notes) RETURNS text LANGUAGE sql STABLE AS $$ SELECT left($1.body, 3) $$");
    migrate(&rules(), &db, "init", &[]).ok();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    clean(&db);
    db.exec("DROP FUNCTION public.note_blurb(public.notes)");
    let found = drift(&db, "phase-object-missing");
    assert!(found[0].contains("the wrapper function \"public\".\"note_blurb\"(public.notes) it created for a computed field through the old name is missing"), "{found:?}");
}

#[test]
fn verify_finds_a_view_back_after_cleanup() {
    let db = applied(&[]);
    migrate(&rules(), &db, "cleanup", &["--force"]).ok();
    clean(&db);
    db.exec("CREATE VIEW notes AS SELECT * FROM t_notes");
    let found = drift(&db, "view-after-cleanup");
    assert!(found[0].contains("the compatibility view public.notes was dropped by cleanup, yet a view of that name is there again"), "{found:?}");
}

#[test]
fn verify_fails_with_exit_2_without_a_database() {
    let run = refscan(&[
        "--rules",
        rules().to_str().unwrap(),
        "migrate",
        "verify",
        "--database-url",
        "postgres://nobody@127.0.0.1:1/none?connect_timeout=2",
    ]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}
