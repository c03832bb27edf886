//! `refscan migrate` against the PostgreSQL on this machine, each test in a database of its
//! own, with the small plan of testdata/db/small_rules.toml: a chain, a swap, a chain across
//! phases and a table with RLS, FKs, a trigger, sequences, column grants, a view, a
//! publication and a function naming it.

mod migrate_common;

use std::path::PathBuf;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use migrate_common::*;
use postgres::{Client, NoTls};

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

/// A database with the small fixture and the tracking table.
fn setup() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    let run = migrate(&rules(), &db, "init", &[]).ok();
    assert!(
        run.stdout
            .contains("created the tracking table public.sys_table_migrations"),
        "{}",
        run.stdout
    );
    db
}

const USER_A: &str = "00000000-0000-0000-0000-00000000000a";
const USER_B: &str = "00000000-0000-0000-0000-00000000000b";

/// A session acting as the API role `authenticated` for user `sub`, as PostgREST sets it up.
fn as_user(db: &TestDb, sub: &str) -> Client {
    let mut c = db.client();
    c.batch_execute(&format!(
        "SET ROLE authenticated; SELECT set_config('request.jwt.claims', '{{\"sub\":\"{sub}\",\"role\":\"authenticated\"}}', false);"
    ))
    .unwrap();
    c
}

fn one(c: &mut Client, sql: &str) -> String {
    rows(c, sql)[0][0].clone().unwrap_or_default()
}

/// The effective privileges of a relation, table and column level, as comparable lines.
fn privileges(c: &mut Client, rel: &str) -> Vec<String> {
    let mut v: Vec<String> = rows(
        c,
        &format!(
            "SELECT 'table ' || CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END
                    || ' ' || a.privilege_type || ' ' || a.is_grantable
               FROM pg_class k, aclexplode(COALESCE(k.relacl, acldefault('r', k.relowner))) a
              WHERE k.oid = 'public.{rel}'::regclass
             UNION ALL
             SELECT 'column ' || t.attname || ' ' || pg_get_userbyid(a.grantee) || ' ' || a.privilege_type
               FROM pg_attribute t, aclexplode(t.attacl) a WHERE t.attrelid = 'public.{rel}'::regclass"
        ),
    )
    .into_iter()
    .map(|r| r[0].clone().unwrap())
    .collect();
    v.sort();
    v
}

#[test]
fn phase_round_trip_keeps_data_rls_privileges_and_catalog() {
    let db = setup();
    let again = migrate(&rules(), &db, "init", &[]).ok();
    assert!(again.stdout.contains("already there"), "{}", again.stdout);
    let before = db.snapshot();
    let sums = checksums(&db, &["t_a", "t_b", "notes", "c_b"]);

    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let out = &run.stdout;
    for needle in [
        "public.notes -> public.t_notes (view public.notes keeps the old name working)",
        "public.t_b -> public.t_c (no compatibility view)",
        "! no compatibility view for `t_b`: `t_a` takes the name in the same phase",
        "foreign keys out: notes_t_b_id_fkey: FOREIGN KEY (t_b_id) REFERENCES t_b(id)",
        "foreign keys in: notes.notes_t_b_id_fkey",
        "indexes: idx_notes_slug_body; notes_owner_idx; notes_pkey; notes_slug_key",
        "sequences: notes_id_seq; notes_ticket_seq",
        "triggers: notes_touch",
        "policies (RLS on): notes_delete_own (DELETE to authenticated); notes_insert_own (INSERT to authenticated)",
        "views: note_slugs",
        "! column-level SELECT only: anon (id, slug) (reading through the view needs SELECT on every column",
        "! functions naming notes in their body",
        "note_count()",
        "! publications: supabase_realtime",
        "! chain t_a -> t_b: renamed in an order that keeps every name free",
        "phase 2 applied in",
        "4 tables renamed, 3 compatibility views created",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    assert!(!run.stderr.contains("error"), "{}", run.stderr);

    // Data untouched, reachable under the new names and, through the views, the old ones.
    let after = checksums(
        &db,
        &["t_b", "t_c", "t_notes", "c_c", "t_a", "notes", "c_b"],
    );
    assert_eq!(after["t_b"], sums["t_a"]);
    assert_eq!(after["t_c"], sums["t_b"]);
    assert_eq!(after["t_notes"], sums["notes"]);
    assert_eq!(after["c_c"], sums["c_b"]);
    assert_eq!(after["t_a"], sums["t_a"], "view t_a shows the old t_a");
    assert_eq!(after["notes"], sums["notes"], "view notes");
    assert_eq!(after["c_b"], sums["c_b"], "view c_b");

    let mut c = db.client();
    assert_eq!(
        rows(&mut c, "SELECT relkind::text, reloptions::text FROM pg_class WHERE oid = 'public.notes'::regclass")[0],
        [Some("v".to_string()), Some("{security_invoker=true}".to_string())]
    );
    assert_eq!(
        one(&mut c, "SELECT obj_description('public.notes'::regclass, 'pg_class')"),
        "refscan compatibility view: public.notes was renamed to public.t_notes in phase 2. Drop it with refscan migrate cleanup once no code uses the old name."
    );
    // The view has exactly the table's privileges, column grants included, although the
    // default privileges granted it ALL to anon.
    assert_eq!(privileges(&mut c, "notes"), privileges(&mut c, "t_notes"));
    assert!(privileges(&mut c, "notes").contains(&"column slug anon SELECT".to_string()));
    assert!(!privileges(&mut c, "notes")
        .iter()
        .any(|p| p.starts_with("table anon")));
    assert_eq!(privileges(&mut c, "t_a"), privileges(&mut c, "t_b"));

    // Writes through the old name, in a transaction that is thrown away.
    c.batch_execute("BEGIN").unwrap();
    let ins = rows(
        &mut c,
        &format!("INSERT INTO notes (owner_id, slug, body) VALUES ('{USER_A}', 'a-new', 'new') RETURNING id, ticket, updated_at"),
    );
    assert_eq!(
        ins[0][0].as_deref(),
        Some("6"),
        "identity default of the table applies"
    );
    assert_eq!(
        ins[0][1].as_deref(),
        Some("6"),
        "serial default of the table applies"
    );
    assert_eq!(ins[0][2].as_deref(), Some("2020-01-01 00:00:00+00"));
    let upd = rows(
        &mut c,
        "UPDATE notes SET body = 'changed' WHERE slug = 'a-new' RETURNING body, updated_at",
    );
    assert_eq!(upd[0][0].as_deref(), Some("changed"));
    assert_eq!(
        upd[0][1].as_deref(),
        Some("2021-01-01 00:00:00+00"),
        "the table's trigger fires"
    );
    let up = rows(
        &mut c,
        &format!("INSERT INTO notes (owner_id, slug, body) VALUES ('{USER_A}', 'a-new', 'upserted') ON CONFLICT (slug) DO UPDATE SET body = excluded.body RETURNING id, body"),
    );
    assert_eq!(up[0], [Some("6".to_string()), Some("upserted".to_string())]);
    let none = rows(
        &mut c,
        &format!("INSERT INTO notes (owner_id, slug) VALUES ('{USER_A}', 'a-new') ON CONFLICT DO NOTHING RETURNING id"),
    );
    assert!(none.is_empty());
    let explicit = rows(
        &mut c,
        &format!("INSERT INTO notes (id, ticket, owner_id, slug, body) VALUES (DEFAULT, DEFAULT, '{USER_A}', 'a-explicit', DEFAULT) RETURNING id, body"),
    );
    assert_eq!(
        explicit[0],
        [Some("9".to_string()), Some(String::new())],
        "an explicit DEFAULT through the view takes the table's default"
    );
    c.batch_execute("DELETE FROM notes WHERE slug = 'a-explicit'")
        .unwrap();
    let del = rows(
        &mut c,
        "DELETE FROM notes WHERE slug = 'a-new' RETURNING slug",
    );
    assert_eq!(del[0][0].as_deref(), Some("a-new"));
    assert_eq!(one(&mut c, "SELECT a_col FROM t_a WHERE id = 1"), "a one");
    assert_eq!(
        one(&mut c, "SELECT note_count()"),
        "5",
        "the function resolves notes through the view"
    );
    assert_eq!(
        one(&mut c, "SELECT count(*) FROM note_slugs"),
        "5",
        "the view on the table follows it"
    );
    c.batch_execute("ROLLBACK").unwrap();

    // RLS still applies through the view: security_invoker, no bypass.
    let mut a = as_user(&db, USER_A);
    assert_eq!(one(&mut a, "SELECT count(*) FROM notes"), "3");
    assert_eq!(
        one(
            &mut a,
            "SELECT string_agg(slug, ',' ORDER BY slug) FROM notes"
        ),
        "a-first,a-second,a-third"
    );
    a.batch_execute("BEGIN").unwrap();
    let mine = rows(
        &mut a,
        &format!(
            "INSERT INTO notes (owner_id, slug) VALUES ('{USER_A}', 'a-mine') RETURNING owner_id"
        ),
    );
    assert_eq!(mine[0][0].as_deref(), Some(USER_A));
    let omitted = rows(
        &mut a,
        "INSERT INTO notes (slug) VALUES ('a-default') RETURNING owner_id",
    );
    assert_eq!(
        omitted[0][0].as_deref(),
        Some(USER_A),
        "the table's auth.uid() default applies"
    );
    assert_eq!(
        rows(
            &mut a,
            "UPDATE notes SET body = 'x' WHERE slug = 'b-first' RETURNING id"
        )
        .len(),
        0
    );
    assert_eq!(
        rows(
            &mut a,
            "DELETE FROM notes WHERE slug = 'b-second' RETURNING id"
        )
        .len(),
        0
    );
    a.batch_execute("ROLLBACK").unwrap();
    let err = a
        .batch_execute(&format!(
            "INSERT INTO notes (owner_id, slug) VALUES ('{USER_B}', 'forged')"
        ))
        .unwrap_err();
    assert!(
        err.as_db_error()
            .unwrap()
            .message()
            .contains("row-level security policy"),
        "{err:?}"
    );
    let mut b = as_user(&db, USER_B);
    assert_eq!(one(&mut b, "SELECT count(*) FROM notes"), "2");
    let mut anon = db.client();
    anon.batch_execute("SET ROLE anon").unwrap();
    assert_eq!(
        one(
            &mut anon,
            "SELECT count(*) FROM (SELECT id, slug FROM t_notes) s"
        ),
        "0",
        "anon may read two columns of the table, and RLS gives it no row"
    );
    // A SELECT * view needs SELECT on every column of the table: a role with column grants
    // only cannot read through it (apply warns about exactly this).
    let denied = anon
        .batch_execute("SELECT id, slug FROM notes")
        .unwrap_err();
    assert!(
        denied
            .as_db_error()
            .unwrap()
            .message()
            .contains("permission denied for table t_notes"),
        "{denied:?}"
    );

    // A second apply changes nothing and says so.
    let tracked = tracking(&db);
    let snap = db.snapshot();
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    assert!(
        run.stdout.contains("phase 2 is already applied"),
        "{}",
        run.stdout
    );
    assert_eq!(tracking(&db), tracked);
    assert_same(&snap, &db.snapshot());

    // Rollback restores the catalog exactly and keeps the data.
    let run = migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    assert!(run.stdout.contains("phase 2 rolled back"), "{}", run.stdout);
    assert_same(&before, &db.snapshot());
    assert_eq!(checksums(&db, &["t_a", "t_b", "notes", "c_b"]), sums);
    assert_eq!(
        tracking(&db),
        [
            "t_a | t_b | 2 | rolled_back | t",
            "t_b | t_c | 2 | rolled_back | f",
            "notes | t_notes | 2 | rolled_back | t",
            "c_b | c_c | 2 | rolled_back | t",
        ]
    );
    let run = migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    assert!(
        run.stdout.contains("phase 2 is not applied"),
        "{}",
        run.stdout
    );

    // And the phase can be applied again after a rollback.
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    assert_eq!(tracking(&db).len(), 8);
    assert_same(&snap, &db.snapshot());
}

#[test]
fn swaps_and_chains_across_phases_in_order() {
    let db = setup();
    let before = db.snapshot();
    let sums = checksums(&db, &["s_x", "s_y", "c_a", "c_b"]);

    let run = migrate(&rules(), &db, "apply", &["--phase", "3"]).fails();
    assert!(
        run.stderr
            .contains("phase 3 comes after phase 2, which is not applied"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: apply the phases in order: refscan migrate apply --phase 2"),
        "{}",
        run.stderr
    );
    assert_same(&before, &db.snapshot());

    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let after_2 = db.snapshot();
    let run = migrate(&rules(), &db, "apply", &["--phase", "3"]).ok();
    assert!(run.stdout.contains("! swap s_x -> s_y"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("! drops the compatibility view public.c_b of an earlier phase"),
        "{}",
        run.stdout
    );
    let now = checksums(&db, &["s_x", "s_y", "c_a", "c_b", "c_c"]);
    assert_eq!(now["s_y"], sums["s_x"]);
    assert_eq!(now["s_x"], sums["s_y"]);
    assert_eq!(now["c_b"], sums["c_a"], "c_b is now the table that was c_a");
    assert_eq!(now["c_a"], sums["c_a"], "view c_a");
    assert_eq!(now["c_c"], sums["c_b"]);
    assert_eq!(
        db.value("SELECT relkind::text FROM pg_class WHERE oid = 'public.c_b'::regclass")
            .as_deref(),
        Some("r")
    );
    assert_eq!(
        db.value("SELECT to_regclass('public.refscan_swap_1')::text"),
        None
    );
    assert_eq!(
        db.value("SELECT confrelid::regclass::text FROM pg_constraint WHERE conname = 'c_keep_c_b_id_fkey'").as_deref(),
        Some("c_c"),
        "the FK of an unchanged table follows the rename"
    );

    let run = migrate(&rules(), &db, "rollback", &["--phase", "2"]).fails();
    assert!(
        run.stderr.contains("phase 3 is applied after phase 2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("refscan migrate rollback --phase 3"),
        "{}",
        run.stderr
    );

    // Rolling back phase 3 brings phase 2's view c_b back, with c_c's privileges.
    migrate(&rules(), &db, "rollback", &["--phase", "3"]).ok();
    assert_same(&after_2, &db.snapshot());
    let mut c = db.client();
    assert_eq!(privileges(&mut c, "c_b"), privileges(&mut c, "c_c"));
    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    assert_same(&before, &db.snapshot());
    assert_eq!(checksums(&db, &["s_x", "s_y", "c_a", "c_b"]), sums);
}

#[test]
fn rename_dependents_round_trip() {
    let db = setup();
    let before = db.snapshot();
    migrate(
        &rules(),
        &db,
        "apply",
        &["--phase", "2", "--rename-dependents"],
    )
    .ok();
    let names = |sql: &str| -> Vec<String> {
        db.rows(sql)
            .into_iter()
            .map(|r| r[0].clone().unwrap())
            .collect()
    };
    assert_eq!(
        names("SELECT conname FROM pg_constraint WHERE conrelid = 'public.t_notes'::regclass AND contype <> 'n' ORDER BY 1"),
        ["t_notes_pkey", "t_notes_slug_key", "t_notes_t_b_id_fkey"]
    );
    assert_eq!(
        names("SELECT indexname FROM pg_indexes WHERE tablename = 't_notes' ORDER BY 1"),
        [
            "idx_t_notes_slug_body",
            "t_notes_owner_idx",
            "t_notes_pkey",
            "t_notes_slug_key"
        ]
    );
    assert_eq!(
        names("SELECT relname FROM pg_class WHERE relkind = 'S' AND relname LIKE '%notes%' ORDER BY 1"),
        ["t_notes_id_seq", "t_notes_ticket_seq"]
    );
    assert_eq!(
        names("SELECT tgname FROM pg_trigger WHERE tgrelid = 'public.t_notes'::regclass AND NOT tgisinternal"),
        ["t_notes_touch"]
    );
    assert_eq!(
        names(
            "SELECT polname FROM pg_policy WHERE polrelid = 'public.t_notes'::regclass ORDER BY 1"
        ),
        [
            "t_notes_delete_own",
            "t_notes_insert_own",
            "t_notes_select_own",
            "t_notes_update_own"
        ]
    );
    // In the chain, t_b's pkey moved to t_c_pkey before t_a's could take t_b_pkey.
    assert_eq!(
        names("SELECT conname FROM pg_constraint WHERE conrelid IN ('public.t_b'::regclass, 'public.t_c'::regclass) ORDER BY 1"),
        ["t_b_pkey", "t_c_pkey"]
    );
    assert_eq!(
        db.value("SELECT conrelid::regclass::text FROM pg_constraint WHERE conname = 't_b_pkey'")
            .as_deref(),
        Some("t_b")
    );

    let mut c = Client::connect(&db.url, NoTls).unwrap();
    let mut renamed = refscan::migrate::renamed_constraints(&mut c).unwrap();
    renamed.sort();
    assert_eq!(
        renamed,
        [
            ("c_b_pkey", "c_c_pkey"),
            ("notes_pkey", "t_notes_pkey"),
            ("notes_slug_key", "t_notes_slug_key"),
            ("notes_t_b_id_fkey", "t_notes_t_b_id_fkey"),
            ("t_a_pkey", "t_b_pkey"),
            ("t_b_pkey", "t_c_pkey"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // `rewrite --database-url` renames PostgREST hints naming those constraints, along with
    // the table names; a word that is not in a hint position stays.
    let code = tempfile::tempdir().unwrap();
    let file = code.path().join("notes.ts");
    std::fs::write(
        &file,
        "const q = db.from('notes').select('id, t_a!notes_t_b_id_fkey(id)')\n// notes_t_b_id_fkey is documented\n",
    )
    .unwrap();
    let rules_path = rules().to_string_lossy().into_owned();
    let dir = code.path().to_string_lossy().into_owned();
    let run = refscan(&[
        "--rules",
        &rules_path,
        "rewrite",
        "--write",
        &dir,
        "--database-url",
        &db.url,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("6 renamed constraints recorded in"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("renamed 1 PostgREST hint naming renamed constraints"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "const q = db.from('t_notes').select('id, t_a:t_b!t_notes_t_b_id_fkey(id)')\n// notes_t_b_id_fkey is documented\n"
    );

    // Code naming a constraint must use the new table and the new constraint name: a view has
    // no constraints, so `ON CONFLICT ON CONSTRAINT` never goes through one.
    c.batch_execute("BEGIN").unwrap();
    let r = rows(&mut c, "INSERT INTO t_notes (owner_id, slug) VALUES (gen_random_uuid(), 'a-first') ON CONFLICT ON CONSTRAINT t_notes_slug_key DO UPDATE SET body = 'dup' RETURNING body");
    assert_eq!(r[0][0].as_deref(), Some("dup"));
    c.batch_execute("ROLLBACK").unwrap();
    let err = c
        .batch_execute("INSERT INTO notes (slug) VALUES ('a-first') ON CONFLICT ON CONSTRAINT t_notes_slug_key DO NOTHING")
        .unwrap_err();
    assert!(
        err.as_db_error()
            .unwrap()
            .message()
            .contains("for table \"notes\" does not exist"),
        "{err:?}"
    );

    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    assert_same(&before, &db.snapshot());
    assert!(refscan::migrate::renamed_constraints(&mut c)
        .unwrap()
        .is_empty());
}

#[test]
fn advisory_lock_keeps_runs_apart() {
    let db = setup();
    let before = db.snapshot();
    // Another run holds the lock: apply gives up after the lock timeout, changing nothing.
    let mut other = db.client();
    other
        .batch_execute("SELECT pg_advisory_lock(8243107338746162688)")
        .unwrap();
    let started = Instant::now();
    let run = migrate(
        &rules(),
        &db,
        "apply",
        &[
            "--phase",
            "2",
            "--lock-timeout",
            "200ms",
            "--lock-retries",
            "0",
        ],
    )
    .fails();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        run.stderr.contains("another refscan run holds the migration lock (pg_advisory_xact_lock) within the lock timeout of 200 ms (1 attempt); nothing was changed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: wait for the other refscan run to finish"),
        "{}",
        run.stderr
    );
    assert_same(&before, &db.snapshot());
    other
        .batch_execute("SELECT pg_advisory_unlock(8243107338746162688)")
        .unwrap();

    // Two runs at once: one applies, the other waits for it and finds nothing to do (or gives
    // up on the lock); never both.
    let barrier = Arc::new(Barrier::new(2));
    let url = db.url.clone();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            let url = url.clone();
            std::thread::spawn(move || {
                let rules = rules().to_string_lossy().into_owned();
                barrier.wait();
                refscan(&[
                    "--rules",
                    &rules,
                    "migrate",
                    "apply",
                    "--phase",
                    "2",
                    "--database-url",
                    &url,
                    "--yes",
                    "--lock-timeout",
                    "20s",
                ])
            })
        })
        .collect();
    let runs: Vec<Run> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let applied = runs
        .iter()
        .filter(|r| r.stdout.contains("phase 2 applied in"))
        .count();
    assert_eq!(applied, 1, "{runs:#?}");
    for r in &runs {
        assert_eq!(r.code, 0, "{r:#?}");
    }
    assert!(
        runs.iter().any(|r| r.stdout.contains("already applied")
            || r.stdout.contains("applied by another run meanwhile")),
        "{runs:#?}"
    );
    assert_eq!(tracking(&db).len(), 4);
}

#[test]
fn a_lock_held_elsewhere_fails_within_the_timeout_and_changes_nothing() {
    let db = setup();
    let before = db.snapshot();
    let mut other = db.client();
    other
        .batch_execute("BEGIN; LOCK TABLE notes IN ACCESS SHARE MODE;")
        .unwrap();
    let started = Instant::now();
    let run = migrate(
        &rules(),
        &db,
        "apply",
        &[
            "--phase",
            "2",
            "--lock-timeout",
            "200ms",
            "--lock-retries",
            "1",
        ],
    )
    .fails();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert!(
        run.stdout
            .contains("could not lock public.notes; retrying in 500 ms (attempt 2 of 2)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("error: could not lock public.notes within the lock timeout of 200 ms (2 attempts); nothing was changed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: another session holds a lock on it"),
        "{}",
        run.stderr
    );
    other.batch_execute("COMMIT").unwrap();
    assert_same(&before, &db.snapshot());
    assert!(tracking(&db).is_empty());
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
}

#[test]
fn a_failure_in_the_middle_changes_nothing() {
    let db = setup();
    // A new name already taken: the preflight names it, before anything runs.
    db.exec("CREATE TABLE t_notes (id int)");
    let before = db.snapshot();
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).fails();
    assert!(
        run.stderr
            .contains("phase 2 cannot be applied to postgres://")
            && run
                .stderr
                .contains("- the new name public.t_notes is already taken by a table"),
        "{}",
        run.stderr
    );
    assert_same(&before, &db.snapshot());

    // The plan file checks the same inside its transaction, for psql.
    let dir = tempfile::tempdir().unwrap();
    let r = rules().to_string_lossy().into_owned();
    refscan(&[
        "--rules",
        &r,
        "migrate",
        "plan",
        "--phase",
        "2",
        "--out",
        &dir.path().to_string_lossy(),
        "--timestamp",
        "20250101000000",
    ])
    .ok();
    let run = psql(&db, &dir.path().join("20250101000000_refscan_phase_2.sql"));
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("refscan: the new name public.t_notes is already taken"),
        "{}",
        run.stderr
    );
    assert_same(&before, &db.snapshot());
    db.exec("DROP TABLE t_notes");

    // A statement failing after others succeeded (an event trigger refusing the third rename)
    // rolls the whole phase back.
    db.exec(
        "CREATE FUNCTION refuse_t_notes() RETURNS event_trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity = 'public.t_notes') THEN
             RAISE EXCEPTION 'not today';
           END IF;
         END $$;
         CREATE EVENT TRIGGER refuse_t_notes ON ddl_command_end WHEN TAG IN ('ALTER TABLE')
           EXECUTE FUNCTION refuse_t_notes();",
    );
    let before = db.snapshot();
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).fails();
    assert!(run.stderr.contains("not today"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("in statement: ALTER TABLE \"public\".\"notes\" RENAME TO \"t_notes\";"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the transaction was rolled back; nothing was changed"),
        "{}",
        run.stderr
    );
    assert_same(&before, &db.snapshot());
    assert!(tracking(&db).is_empty());
}

#[test]
fn refusals_say_what_to_do() {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).fails();
    assert!(
        run.stderr
            .contains("has no tracking table public.sys_table_migrations"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: run refscan migrate init first"),
        "{}",
        run.stderr
    );

    migrate(&rules(), &db, "init", &[]).ok();
    // No --yes and no terminal: refuse instead of hanging on a prompt.
    let r = rules().to_string_lossy().into_owned();
    let run = refscan(&[
        "--rules",
        &r,
        "migrate",
        "apply",
        "--phase",
        "2",
        "--database-url",
        &db.url,
    ])
    .fails();
    assert!(
        run.stderr.contains("standard input is not a terminal"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: pass --yes"), "{}", run.stderr);
    assert!(tracking(&db).is_empty());

    // A table renamed by hand.
    db.exec("ALTER TABLE notes RENAME TO t_notes");
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).fails();
    assert!(
        run.stderr.contains(
            "- public.notes does not exist, but public.t_notes does: was it renamed by hand?"
        ),
        "{}",
        run.stderr
    );
    db.exec("ALTER TABLE t_notes RENAME TO notes");
    let run = migrate(&rules(), &db, "apply", &["--phase", "4"]).fails();
    assert!(
        run.stderr
            .contains("hint: run refscan migrate cleanup --code PATH"),
        "{}",
        run.stderr
    );

    // The password never shows, not even in a connection error.
    let run = refscan(&[
        "--rules",
        &r,
        "migrate",
        "status",
        "--database-url",
        "postgres://postgres:Sup3rSecretPw@127.0.0.1:1/nowhere?sslmode=disable",
    ])
    .fails();
    assert!(!run.stderr.contains("Sup3rSecretPw"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "cannot connect to postgres://postgres:***@127.0.0.1:1/nowhere?sslmode=disable"
        ),
        "{}",
        run.stderr
    );
    let run = refscan(&["--rules", &r, "migrate", "status"]).fails();
    assert!(
        run.stderr.contains("hint: pass --database-url"),
        "{}",
        run.stderr
    );
}

#[test]
fn status_cleanup_and_its_rollback() {
    let db = setup();
    // Not a dot-folder: the scanner skips hidden folders, as ripgrep does.
    let code = tempfile::Builder::new().prefix("code").tempdir().unwrap();
    let app = code.path().join("app.ts");
    std::fs::write(
        &app,
        "const { data } = await supabase.from('notes').select('*');\n",
    )
    .unwrap();
    let code_dir = code.path().to_string_lossy().into_owned();

    let run = migrate(&rules(), &db, "status", &["--code", &code_dir]).ok();
    assert!(run.stdout.contains("7 pending, 0 migrated, 0 rolled back, 0 cleaned; 0 views in place; 1 rewritable code reference left"), "{}", run.stdout);
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let run = migrate(&rules(), &db, "status", &["--code", &code_dir]).ok();
    let notes_line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("notes "))
        .unwrap();
    assert_eq!(
        notes_line.split_whitespace().collect::<Vec<_>>(),
        ["notes", "t_notes", "2", "migrated", "yes", "1"]
    );
    let run = migrate(
        &rules(),
        &db,
        "status",
        &["--format", "json", "--phase", "2"],
    )
    .ok();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let states: Vec<(String, String, bool)> = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["old"].as_str().unwrap().to_string(),
                t["state"].as_str().unwrap().to_string(),
                t["view"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("t_a".into(), "migrated".into(), true),
            ("t_b".into(), "migrated".into(), false),
            ("notes".into(), "migrated".into(), true),
            ("c_b".into(), "migrated".into(), true),
        ]
    );

    // A stand-in for pg_cron's job table, with a job naming an old name.
    db.exec(
        "CREATE SCHEMA cron;
         CREATE TABLE cron.job (jobid bigserial PRIMARY KEY, schedule text, command text, jobname text);
         INSERT INTO cron.job (schedule, command, jobname) VALUES ('0 3 * * *', 'DELETE FROM c_b WHERE id > 100', 'trim');",
    );
    let run = migrate(&rules(), &db, "cleanup", &[]).fails();
    assert!(run.stderr.contains("pass --code PATH"), "{}", run.stderr);
    let run = migrate(&rules(), &db, "cleanup", &["--code", &code_dir]).fails();
    assert!(
        run.stderr
            .contains("- notes: 1 rewritable reference in the code"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("- notes: named in the body of note_count()"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("- c_b: named by pg_cron job trim: DELETE FROM c_b WHERE id > 100"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("or pass --force"), "{}", run.stderr);
    assert_eq!(
        db.value("SELECT count(*) FROM pg_views WHERE schemaname = 'public'")
            .as_deref(),
        Some("4")
    );

    std::fs::write(
        &app,
        "const { data } = await supabase.from('t_notes').select('*');\n",
    )
    .unwrap();
    db.exec("UPDATE cron.job SET command = 'DELETE FROM c_c WHERE id > 100'");
    db.exec("CREATE OR REPLACE FUNCTION note_count() RETURNS bigint LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN (SELECT count(*) FROM t_notes); END $$;");
    let before_cleanup = db.snapshot();
    let run = migrate(&rules(), &db, "cleanup", &["--code", &code_dir]).ok();
    assert!(
        run.stdout
            .contains("dropping 3 compatibility views: public.t_a, public.notes, public.c_b"),
        "{}",
        run.stdout
    );
    let views: Vec<String> = db
        .rows("SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1")
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect();
    assert_eq!(views, ["note_slugs"], "no compatibility view is left");
    let run = migrate(&rules(), &db, "status", &[]).ok();
    assert!(
        run.stdout
            .contains("3 pending, 0 migrated, 0 rolled back, 4 cleaned; 0 views in place"),
        "{}",
        run.stdout
    );
    let run = migrate(&rules(), &db, "cleanup", &["--code", &code_dir]).ok();
    assert!(
        run.stdout.contains("no compatibility view to drop"),
        "{}",
        run.stdout
    );

    // The cleanup phase's rollback brings the views back as they were.
    migrate(&rules(), &db, "rollback", &["--phase", "4"]).ok();
    assert_same(&before_cleanup, &db.snapshot());

    // --force drops them although the code still uses an old name, saying why it should not.
    std::fs::write(
        &app,
        "const { data } = await supabase.from('t_a').select('a_col');\n",
    )
    .unwrap();
    let run = migrate(
        &rules(),
        &db,
        "cleanup",
        &["--code", &code_dir, "--force", "--phase", "2"],
    )
    .ok();
    assert!(
        run.stdout
            .contains("- t_a: 1 rewritable reference in the code"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("dropping the views anyway (--force)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        db.value("SELECT count(*) FROM pg_views WHERE schemaname = 'public'")
            .as_deref(),
        Some("1")
    );

    // Rolling back a cleaned phase renames the tables back; the views are already gone.
    migrate(&rules(), &db, "rollback", &["--phase", "2"]).ok();
    assert_eq!(
        db.value("SELECT relkind::text FROM pg_class WHERE oid = 'public.notes'::regclass")
            .as_deref(),
        Some("r")
    );
}

#[test]
fn backup_dumps_a_group_under_its_current_names() {
    let db = setup();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let r = rules().to_string_lossy().into_owned();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.sql");
    let file_s = file.to_string_lossy().into_owned();
    let run = refscan(&[
        "--rules",
        &r,
        "backup",
        "--group",
        "t_",
        "--database-url",
        &db.url,
        "--print",
        "-o",
        &file_s,
    ])
    .ok();
    // The whole schema, the rows of the group's tables (under their current names) and of the
    // tracking table only.
    let mut excluded: Vec<String> = db
        .rows(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1, 2",
        )
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .filter(|(s, t)| !(s == "public" && ["t_b", "t_c", "t_notes", "sys_table_migrations"].contains(&t.as_str())))
        .map(|(s, t)| format!(" --exclude-table-data '\"{s}\".\"{t}\"'"))
        .collect();
    excluded.insert(0, String::new());
    assert_eq!(
        run.stdout,
        format!(
            "pg_dump --dbname {} --format custom --file {file_s}{}\n",
            db.url,
            excluded.concat()
        )
    );
    assert!(!file.exists());
    let run = refscan(&[
        "--rules",
        &r,
        "backup",
        "--group",
        "t",
        "--database-url",
        &db.url,
        "--format",
        "plain",
        "-o",
        &file_s,
    ])
    .ok();
    assert!(
        run.stdout.contains(
            "backed up the schema and the rows of 3 tables of group t_ (t_b, t_c, t_notes)"
        ),
        "{}",
        run.stdout
    );
    let dump = std::fs::read_to_string(&file).unwrap();
    for t in ["t_b", "t_c", "t_notes"] {
        assert!(dump.contains(&format!("CREATE TABLE public.{t} (")), "{t}");
    }
    assert!(dump.contains("CREATE TABLE public.s_x ("));
    assert!(dump.contains("CREATE VIEW public.notes"));
    assert!(dump.contains("a-first"));
    assert!(dump.contains("COPY public.t_notes "));
    assert!(dump.contains("COPY public.sys_table_migrations "));
    assert!(!dump.contains("COPY public.s_x "), "rows of another group");

    let run = refscan(&[
        "--rules",
        &r,
        "backup",
        "--group",
        "zz",
        "--database-url",
        &db.url,
    ])
    .fails();
    assert!(
        run.stderr
            .contains("hint: groups are named by prefix: t_, s_, c_"),
        "{}",
        run.stderr
    );
}

#[test]
fn tls_follows_sslmode() {
    let db = TestDb::new();
    let ssl_on = db.value("SHOW ssl").as_deref() == Some("on");
    let with = |mode: &str| {
        let sep = if db.url.contains('?') { '&' } else { '?' };
        format!("{}{sep}sslmode={mode}", db.url)
    };
    let encrypted = |url: &str| {
        let mut conn = refscan::migrate::db::Db::connect(url).unwrap();
        conn.value("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .unwrap()
    };
    assert_eq!(encrypted(&with("disable")).as_deref(), Some("false"));
    if ssl_on {
        // libpq's `require`: encrypted, certificate not checked (the snakeoil one is self-signed).
        assert_eq!(encrypted(&with("require")).as_deref(), Some("true"));
        assert_eq!(encrypted(&with("prefer")).as_deref(), Some("true"));
        let err = refscan::migrate::db::Db::connect(&with("verify-full"))
            .err()
            .unwrap();
        let text = refscan::error::render(&err);
        assert!(text.contains("certificate verify failed"), "{text}");
    } else {
        let err = refscan::migrate::db::Db::connect(&with("require"))
            .err()
            .unwrap();
        assert!(refscan::error::render(&err).contains("cannot connect"));
    }
}

/// Runs `script` through psql (standard input, stop at the first error).
fn psql_script(db: &TestDb, script: &str) -> Run {
    use std::io::Write as _;
    let mut child = std::process::Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &db.url])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run psql");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn truncate_and_copy_through_a_compatibility_view_fail_and_the_new_name_works() {
    // See: issue 12 item 21
    let db = setup();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let count = |c: &mut Client| one(c, "SELECT count(*) FROM t_notes");
    let mut c = db.client();
    assert_eq!(count(&mut c), "5");
    for (sql, error, hint) in [
        ("TRUNCATE notes;", "ERROR:  \"notes\" is not a table", None),
        (
            "COPY notes (owner_id, slug) FROM STDIN;\n00000000-0000-0000-0000-00000000000a\tcopied\n\\.\n",
            "ERROR:  cannot copy to view \"notes\"",
            Some("HINT:  To enable copying to a view, provide an INSTEAD OF INSERT trigger."),
        ),
        (
            "COPY notes TO STDOUT;",
            "ERROR:  cannot copy from view \"notes\"",
            Some("HINT:  Try the COPY (SELECT ...) TO variant."),
        ),
        (
            "\\copy notes to stdout",
            "ERROR:  cannot copy from view \"notes\"",
            None,
        ),
    ] {
        let run = psql_script(&db, sql);
        assert_ne!(run.code, 0, "{sql}: {run:#?}");
        assert!(run.stderr.contains(error), "{sql}: {}", run.stderr);
        if let Some(h) = hint {
            assert!(run.stderr.contains(h), "{sql}: {}", run.stderr);
        }
        assert_eq!(count(&mut c), "5", "{sql} changed the table");
    }
    // What works instead: COPY (SELECT ...) TO through the old name; COPY FROM and TRUNCATE on
    // the new name (or INSERT and DELETE through the view).
    let run = psql_script(
        &db,
        "COPY (SELECT slug FROM notes ORDER BY slug) TO STDOUT;",
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        run.stdout,
        "a-first\na-second\na-third\nb-first\nb-second\n"
    );
    let run = psql_script(
        &db,
        "COPY t_notes (owner_id, slug) FROM STDIN;\n00000000-0000-0000-0000-00000000000a\tcopied\n\\.\n",
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(
        one(&mut c, "SELECT count(*) FROM notes WHERE slug = 'copied'"),
        "1"
    );
    let run = psql_script(&db, "TRUNCATE t_notes;");
    assert_eq!(run.code, 0, "{run:#?}");
    assert_eq!(one(&mut c, "SELECT count(*) FROM notes"), "0");
}

/// Threads querying the old names of phase 2 (views once it is applied) in a loop until
/// stopped, each on its own connection: counts of queries run and of errors, with the first
/// errors.
struct Traffic {
    stop: Arc<std::sync::atomic::AtomicBool>,
    threads: Vec<std::thread::JoinHandle<(usize, Vec<String>)>>,
}

impl Traffic {
    fn start(db: &TestDb, threads: usize) -> Traffic {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let threads = (0..threads)
            .map(|i| {
                let stop = Arc::clone(&stop);
                let mut c = db.client();
                std::thread::spawn(move || {
                    let queries = [
                        "SELECT count(*) FROM notes",
                        "SELECT count(*) FROM t_a",
                        "SELECT count(*) FROM c_b",
                        "SELECT n.slug FROM notes n WHERE n.id = 1",
                    ];
                    let (mut ran, mut errors) = (0usize, Vec::new());
                    let deadline = Instant::now() + Duration::from_secs(60);
                    while !stop.load(std::sync::atomic::Ordering::SeqCst)
                        && Instant::now() < deadline
                    {
                        let q = queries[(ran + i) % queries.len()];
                        if let Err(e) = c.simple_query(q) {
                            errors.push(format!("{q}: {e:?}"));
                        }
                        ran += 1;
                    }
                    (ran, errors)
                })
            })
            .collect();
        Traffic { stop, threads }
    }

    fn stop(self) -> (usize, Vec<String>) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let mut all = (0, Vec::new());
        for t in self.threads {
            let (ran, errors) = t.join().unwrap();
            all.0 += ran;
            all.1.extend(errors);
        }
        all
    }
}

#[test]
fn bug_rollback_deadlocked_against_traffic_on_the_old_names() {
    // See: issue 12 item 15
    // The rollback locked the tables, then dropped the views; a query on an old name locks the
    // view, then the table. A reader holding the view while waiting for the table deadlocked
    // with the rollback, and the server ended one of them (usually the reader).
    let db = setup();
    for round in 0..3 {
        let traffic = Traffic::start(&db, 3);
        std::thread::sleep(Duration::from_millis(100));
        let apply = migrate(
            &rules(),
            &db,
            "apply",
            &["--phase", "2", "--lock-timeout", "10s"],
        );
        std::thread::sleep(Duration::from_millis(100));
        let rollback = migrate(
            &rules(),
            &db,
            "rollback",
            &["--phase", "2", "--lock-timeout", "10s"],
        );
        std::thread::sleep(Duration::from_millis(100));
        let (ran, errors) = traffic.stop();
        apply.ok();
        let rollback = rollback.ok();
        assert!(
            !rollback.stdout.contains("retrying"),
            "round {round}: {}",
            rollback.stdout
        );
        assert!(errors.is_empty(), "round {round}: {errors:#?}");
        assert!(ran > 100, "round {round}: only {ran} queries ran");
    }
}
