//! The apply-time gate against PostgreSQL: each rule's failure is real on the compatibility
//! view `migrate apply` creates, `migrate apply` refuses while the gate finds blockers (and
//! goes ahead with --ignore-blockers), and `check --before-apply --database-url` reads the
//! migrations the database has run and the publications.

mod migrate_common;

use std::path::{Path, PathBuf};

use migrate_common::*;

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

/// The error a statement gets, as text (it must fail).
#[track_caller]
fn fails(c: &mut postgres::Client, sql: &str) -> String {
    match c.batch_execute(sql) {
        Ok(()) => panic!("succeeded, but should have failed: {sql}"),
        Err(e) => {
            let db = e.as_db_error().expect("an error of the server");
            format!(
                "{}{}",
                db.message(),
                db.detail().map(|d| format!(" ({d})")).unwrap_or_default()
            )
        }
    }
}

/// Phase 2 of the small plan applied: `notes` is the compatibility view over `t_notes`.
fn applied() -> TestDb {
    let db = small_db(&rules());
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    assert_eq!(
        db.value("SELECT relkind::text FROM pg_class WHERE relname = 'notes'"),
        Some("v".into())
    );
    db
}

#[test]
fn each_rule_fails_on_the_compatibility_view() {
    let db = applied();
    let mut c = db.client();
    // truncate
    assert_eq!(fails(&mut c, "TRUNCATE notes"), "\"notes\" is not a table");
    // copy-from and copy-to
    // (through psql, which speaks the COPY protocol as scripts do)
    for (sql, error) in [
        ("COPY notes FROM STDIN", "cannot copy to view \"notes\""),
        ("COPY notes TO STDOUT", "cannot copy from view \"notes\""),
        ("\\copy notes from stdin", "cannot copy to view \"notes\""),
    ] {
        let out = std::process::Command::new("psql")
            .args([
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                &db.url,
                "-c",
                sql,
            ])
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run psql");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && stderr.contains(error),
            "{sql}: {stderr}"
        );
    }
    // What the hints offer instead works.
    let mut rows_out = String::new();
    std::io::Read::read_to_string(
        &mut c
            .copy_out("COPY (SELECT slug FROM notes) TO STDOUT")
            .unwrap(),
        &mut rows_out,
    )
    .unwrap();
    assert!(rows_out.contains("a-first"), "{rows_out}");
    c.batch_execute("TRUNCATE t_notes CASCADE").unwrap();
    // publication-table
    c.batch_execute("CREATE PUBLICATION refscan_gate_p")
        .unwrap();
    let e = fails(&mut c, "ALTER PUBLICATION refscan_gate_p ADD TABLE notes");
    assert_eq!(
        e,
        "cannot add relation \"notes\" to publication (This operation is not supported for views.)"
    );
    let e = fails(
        &mut c,
        "ALTER PUBLICATION supabase_realtime DROP TABLE notes",
    );
    assert!(e.contains("notes"), "{e}");
    // create-index
    let e = fails(&mut c, "CREATE INDEX notes_gate_idx ON notes (slug)");
    assert_eq!(
        e,
        "cannot create index on relation \"notes\" (This operation is not supported for views.)"
    );
    // create-trigger: BEFORE fails, INSTEAD OF is what a view takes
    let e = fails(
        &mut c,
        "CREATE TRIGGER notes_gate BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION notes_touch()",
    );
    assert_eq!(
        e,
        "\"notes\" is a view (Views cannot have row-level BEFORE or AFTER triggers.)"
    );
    c.batch_execute(
        "CREATE FUNCTION notes_gate_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TRIGGER notes_gate INSTEAD OF INSERT ON notes FOR EACH ROW EXECUTE FUNCTION notes_gate_ins()",
    )
    .unwrap();
    // alter-table
    let e = fails(&mut c, "ALTER TABLE notes ADD COLUMN pinned boolean");
    assert_eq!(e, "ALTER action ADD COLUMN cannot be performed on relation \"notes\" (This operation is not supported for views.)");
    let e = fails(&mut c, "ALTER TABLE notes ENABLE ROW LEVEL SECURITY");
    assert!(
        e.contains("ENABLE ROW SECURITY cannot be performed on relation \"notes\""),
        "{e}"
    );
    // comment-on-table
    let e = fails(&mut c, "COMMENT ON TABLE notes IS 'x'");
    assert_eq!(e, "\"notes\" is not a table");
    // foreign-key
    let e = fails(
        &mut c,
        "CREATE TABLE c_gate (n bigint REFERENCES notes (id))",
    );
    assert!(
        e.contains("referenced relation \"notes\" is not a table"),
        "{e}"
    );
}

#[test]
fn grant_on_the_old_name_succeeds_but_never_reaches_the_table() {
    let db = applied();
    let mut c = db.client();
    let can = |c: &mut postgres::Client, rel: &str| -> String {
        rows(
            c,
            &format!("SELECT has_table_privilege('anon', 'public.{rel}', 'SELECT')"),
        )[0][0]
            .clone()
            .unwrap()
    };
    // The fixture grants anon two columns only.
    assert_eq!(
        (can(&mut c, "notes"), can(&mut c, "t_notes")),
        ("f".into(), "f".into())
    );
    c.batch_execute("GRANT SELECT ON TABLE notes TO anon")
        .unwrap();
    assert_eq!(
        (can(&mut c, "notes"), can(&mut c, "t_notes")),
        ("t".into(), "f".into())
    );
    // So anon still cannot read through the view (it runs with the caller's rights).
    c.batch_execute("SET ROLE anon").unwrap();
    let e = fails(&mut c, "SELECT * FROM notes");
    assert!(e.contains("permission denied for table t_notes"), "{e}");
}

#[test]
fn the_table_stays_in_its_publication_under_the_new_name() {
    let db = small_db(&rules());
    let members = "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_publication_tables WHERE pubname = 'supabase_realtime' AND schemaname = 'public'";
    assert_eq!(db.value(members), Some("notes".into()));
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    // Change events now carry t_notes: a subscription on `notes` receives none.
    assert_eq!(db.value(members), Some("t_notes".into()));
}

/// A project folder with the small plan as its refscan.toml and `files` in it.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(rules(), dir.path().join("refscan.toml")).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn apply_in(dir: &Path, db: &TestDb, extra: &[&str]) -> Run {
    let rules = dir.join("refscan.toml");
    let mut args = vec!["--phase", "2"];
    args.extend_from_slice(extra);
    migrate(&rules, db, "apply", &args)
}

#[test]
fn apply_refuses_while_the_gate_finds_blockers_and_goes_ahead_when_told() {
    let dir = project(&[
        (
            "app/reset.ts",
            "export const reset = (db) => db.query('TRUNCATE notes')\n",
        ),
        (
            "supabase/migrations/20240101000000_later.sql",
            "create index notes_later_idx on notes (body);\n",
        ),
    ]);
    let db = small_db(&rules());
    // Nothing records which migrations ran: the migration's finding is only a warning, the
    // TRUNCATE in the code a blocker.
    let run = apply_in(dir.path(), &db, &[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("app/reset.ts:1:49: error[truncate]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("1 use of the old names that the compatibility views cannot serve"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--ignore-blockers"), "{}", run.stderr);
    assert!(tracking(&db).is_empty(), "{:?}", tracking(&db));
    assert_eq!(
        db.value("SELECT relkind::text FROM pg_class WHERE relname = 'notes'"),
        Some("r".into())
    );
    // Once the Supabase CLI's history says the migration has not run, it is a blocker too.
    db.exec(
        "CREATE SCHEMA supabase_migrations;
         CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY);
         INSERT INTO supabase_migrations.schema_migrations VALUES ('20230101000000');",
    );
    let run = apply_in(dir.path(), &db, &[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("supabase/migrations/20240101000000_later.sql:1:33: error[create-index]"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("2 uses"), "{}", run.stderr);
    // --code elsewhere: the gate reads that folder instead.
    let clean = project(&[]);
    let code = clean.path().to_string_lossy().into_owned();
    let run = apply_in(dir.path(), &db, &["--code", &code]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    // --ignore-blockers lists them and applies.
    let run = apply_in(dir.path(), &db, &["--ignore-blockers"]).ok();
    assert!(run.stdout.contains("error[truncate]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("applying anyway (--ignore-blockers)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("phase 2 applied"), "{}", run.stdout);
    // An applied phase has nothing left to gate.
    let run = apply_in(dir.path(), &db, &[]).ok();
    assert!(run.stdout.contains("already applied"), "{}", run.stdout);
}

#[test]
fn check_reads_the_database_for_migrations_run_and_publications() {
    let dir = project(&[
        (
            "supabase/migrations/20240101000000_old.sql",
            "comment on table notes is 'ran before the rename';\n",
        ),
        (
            "supabase/migrations/20240201000000_new.sql",
            "alter publication supabase_realtime add table notes;\n",
        ),
    ]);
    let db = small_db(&rules());
    db.exec(
        "CREATE SCHEMA supabase_migrations;
         CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY);
         INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101000000');",
    );
    let run = refscan_in(
        dir.path(),
        &["check", "--before-apply", "2", "--database-url", &db.url],
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("error[") || l.contains("warning["))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with(
            "supabase/migrations/20240201000000_new.sql:1:47: error[publication-table]"
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines[1].contains("warning[publication-member]")
            && lines[1].contains("public.notes")
            && lines[1].contains("supabase_realtime"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("those not yet recorded in supabase_migrations.schema_migrations"),
        "{}",
        run.stderr
    );
}

/// The binary run in `dir`, with no connection variable inherited.
fn refscan_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_refscan"));
    for v in CONNECTION_VARS {
        cmd.env_remove(v);
    }
    let out = cmd
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("REFSCAN_RULES")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
