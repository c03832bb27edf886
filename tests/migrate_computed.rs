//! Computed fields and row-type functions through the compatibility view (issue 23): wrappers
//! over the view's row type, their rollback and their cleanup, on the PostgreSQL of the tests.

mod migrate_common;

use std::path::PathBuf;
use std::process::Command;

use migrate_common::*;

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

fn fixture() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    db.load("computed_fixture.sql");
    migrate(&rules(), &db, "init", &[]).ok();
    db
}

#[track_caller]
fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "missing {needle:?} in\n{text}");
}

fn schema_dump(db: &TestDb) -> String {
    let out = Command::new("pg_dump")
        .args(["--schema-only", "--no-comments", "-d", &db.url])
        .output()
        .expect("run pg_dump");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // pg_dump's \restrict lines carry a random key per run.
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[track_caller]
fn assert_same_dump(before: &str, after: &str) {
    if before != after {
        let diff = similar::TextDiff::from_lines(before, after)
            .unified_diff()
            .header("before", "after")
            .to_string();
        panic!("pg_dump --schema-only differs:\n{diff}");
    }
}

const USER_A: &str = "00000000-0000-0000-0000-00000000000a";

/// What the computed fields give through the name `rel`, as the owner and as user A through
/// row-level security, the way PostgREST selects them (`rel.field` and `field(rel)`).
fn computed(db: &TestDb, rel: &str) -> Vec<Vec<Option<String>>> {
    let q = format!(
        "SELECT n.id::text, n.note_blurb, note_shout(n), (SELECT count(*) FROM note_siblings(n))::text
           FROM {rel} n ORDER BY n.id"
    );
    let mut out = db.rows(&q);
    let mut c = db.client();
    c.batch_execute(&format!(
        "SET ROLE authenticated; SELECT set_config('request.jwt.claims', '{{\"sub\":\"{USER_A}\"}}', false);"
    ))
    .unwrap();
    out.extend(rows(
        &mut c,
        &format!("SELECT n.id::text, n.note_blurb FROM {rel} n ORDER BY n.id"),
    ));
    out
}

/// Functions named like the fixture's computed fields, with their argument types.
fn functions(db: &TestDb) -> Vec<String> {
    db.rows(
        "SELECT p.oid::regprocedure::text FROM pg_proc p
          WHERE p.pronamespace = 'public'::regnamespace AND p.proname IN ('note_blurb', 'note_shout', 'note_siblings')
          ORDER BY 1",
    )
    .into_iter()
    .map(|r| r[0].clone().unwrap())
    .collect()
}

/// Owner, privileges (without grantor), volatility, strictness, settings and comment.
fn properties(db: &TestDb, function: &str) -> Vec<Option<String>> {
    db.rows(&format!(
        "SELECT pg_get_userbyid(p.proowner), p.provolatile::text, p.proisstrict::text, p.proconfig::text,
                obj_description(p.oid, 'pg_proc'), pg_get_function_result(p.oid),
                (SELECT string_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END
                                   || ' ' || a.privilege_type, ', ' ORDER BY 1)
                   FROM aclexplode(COALESCE(p.proacl, acldefault('f', p.proowner))) a)
           FROM pg_proc p WHERE p.oid = '{function}'::regprocedure"
    ))
    .remove(0)
}

#[test]
fn computed_fields_keep_working_through_the_view_and_go_back_exactly() {
    // See: issue 23 item 1, item 2 and item 3
    let db = fixture();
    let before_rows = computed(&db, "notes");
    assert_eq!(before_rows.len(), 8, "5 notes as owner, 3 of user A");
    let before_dump = schema_dump(&db);

    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let out = &run.stdout;
    assert_has(out, "! note_blurb(notes): a computed field: the wrapper note_blurb(public.notes) over the view's row type keeps `notes.note_blurb`");
    assert_has(
        out,
        "! note_siblings(notes): a computed field: the wrapper note_siblings(public.notes)",
    );
    assert_has(
        out,
        "; returns rows of t_notes now: as an RPC its result has t_notes's columns",
    );
    assert_has(out, "! count_notes(notes[]): takes arrays of rows of t_notes now: callers passing rows of the view notes get \"function does not exist\"");
    assert_has(out, "! note_pair(notes,notes): takes rows of t_notes now");
    assert_has(out, "! latest_note(): returns rows of t_notes now");
    assert_has(out, "! ranked_notes(): returns rows of t_notes now");
    assert_has(out, "note: computed field note_blurb: wrapper public.note_blurb(public.notes) calls note_blurb(t_notes)");

    // The same rows through the old name, by the owner and through RLS.
    assert_eq!(computed(&db, "notes"), before_rows);
    assert_eq!(computed(&db, "t_notes"), before_rows);
    assert_eq!(
        functions(&db),
        [
            "note_blurb(notes)",
            "note_blurb(t_notes)",
            "note_shout(notes)",
            "note_shout(t_notes)",
            "note_siblings(notes)",
            "note_siblings(t_notes)"
        ]
    );
    for f in ["note_blurb", "note_shout", "note_siblings"] {
        let mut wrapper = properties(&db, &format!("{f}(notes)"));
        let mut original = properties(&db, &format!("{f}(t_notes)"));
        // The wrapper returns what the original returns; only SECURITY DEFINER stays with it.
        wrapper.remove(5);
        original.remove(5);
        assert_eq!(wrapper, original, "{f}");
    }
    assert_eq!(
        db.value(
            "SELECT prosecdef::text FROM pg_proc WHERE oid = 'note_shout(notes)'::regprocedure"
        )
        .as_deref(),
        Some("false"),
        "the wrapper runs as its caller; the original it calls keeps SECURITY DEFINER"
    );
    // Recorded for rollback.
    assert_eq!(
        db.value("SELECT jsonb_array_length(dependencies -> 'wrappers') FROM sys_table_migrations WHERE old_name = 'notes'")
            .as_deref(),
        Some("3")
    );

    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    assert_same_dump(&before_dump, &schema_dump(&db));
    assert_eq!(computed(&db, "notes"), before_rows);

    // Cleanup drops the wrappers with the views; its rollback brings both back.
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    migrate(&rules(), &db, "cleanup", &["--force"]).ok();
    assert_eq!(
        functions(&db),
        [
            "note_blurb(t_notes)",
            "note_shout(t_notes)",
            "note_siblings(t_notes)"
        ],
        "no wrapper is left behind"
    );
    migrate(&rules(), &db, "rollback", &["--phase", "4"]).ok();
    assert_eq!(computed(&db, "notes"), before_rows);
    migrate(&rules(), &db, "cleanup", &["--force"]).ok();
    assert_eq!(functions(&db).len(), 3);
}

#[test]
fn plan_files_create_and_remove_the_wrappers_themselves() {
    // See: issue 23 item 1
    let db = fixture();
    let before_rows = computed(&db, "notes");
    let before_dump = schema_dump(&db);
    let dir = tempfile::tempdir().unwrap();
    let r = rules().to_string_lossy().into_owned();
    let out = dir.path().to_string_lossy().into_owned();
    refscan(&[
        "--rules",
        &r,
        "migrate",
        "plan",
        "--phase",
        "2",
        "--out",
        &out,
        "--timestamp",
        "20250102030405",
    ])
    .ok();
    let up = dir.path().join("20250102030405_refscan_phase_2.sql");
    let down = dir
        .path()
        .join("20250102030405_refscan_phase_2_rollback.sql");
    let text = std::fs::read_to_string(&up).unwrap();
    assert_has(&text, "-- Computed fields: every function taking a t_notes row as its one argument gets a wrapper");
    // With a database to read, the header lists them; the SQL is the same.
    let listed = refscan(&[
        "--rules",
        &r,
        "migrate",
        "plan",
        "--phase",
        "2",
        "--database-url",
        &db.url,
    ])
    .ok()
    .stdout;
    assert_has(
        &listed,
        "-- Functions over the row types of these tables on postgres://",
    );
    assert_has(
        &listed,
        "--   note_blurb(notes): a computed field: the wrapper note_blurb(public.notes)",
    );
    assert_has(&listed, "--   latest_note(): returns rows of t_notes now");
    let body = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&listed), body(&text));
    let run = psql(&db, &up).ok();
    assert_has(&run.stderr, "refscan: computed field note_blurb: wrapper public.note_blurb(public.notes) calls note_blurb(t_notes)");
    assert_eq!(computed(&db, "notes"), before_rows);
    psql(&db, &down).ok();
    assert_same_dump(&before_dump, &schema_dump(&db));
}

#[test]
fn cleanup_names_code_that_selects_a_computed_field_through_the_old_name() {
    // See: issue 23 item 1
    let db = fixture();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let code = tempfile::Builder::new().prefix("code").tempdir().unwrap();
    std::fs::write(
        code.path().join("app.ts"),
        "const q = supabase\n  .from('notes')\n  .select('id, note_blurb, siblings:note_siblings(slug)')\n  .eq('id', 1);\nconst r = await supabase.from('notes').select('id, slug');\n",
    )
    .unwrap();
    let dir = code.path().to_string_lossy().into_owned();
    let run = migrate(&rules(), &db, "cleanup", &["--code", &dir]).fails();
    assert_has(&run.stderr, &format!("- notes: code selects the computed fields note_blurb, note_siblings through the old name ({dir}/app.ts:3), served by wrappers over the view's row type that cleanup drops; select them through t_notes"));
    assert_eq!(functions(&db).len(), 6);
}
