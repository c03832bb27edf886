//! `refscan lint --database-url`, `refscan grants` and `refscan report --database-url` against
//! the PostgreSQL on this machine, each test in a database of its own, with the small plan of
//! testdata/db/small_rules.toml.

mod migrate_common;
mod util;

use std::path::PathBuf;
use std::time::Duration;

use migrate_common::*;

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

/// The small fixture with phase 2 applied: t_a, t_b, notes and c_b moved.
fn phase_2() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    migrate(&rules(), &db, "apply", &["--phase", "1"]).ok();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    db
}

fn with_rules<'a>(rules: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["--rules", rules];
    v.extend_from_slice(args);
    v
}

/// `(object, rule, severity)` of a lint JSON document.
fn objects(json: &str) -> Vec<(String, String, String)> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("lint JSON");
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["object"].as_str().unwrap().to_string(),
                f["rule"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("refscan/lint/")
                    .to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn owned(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn lint_reviews_a_live_schema() {
    let db = phase_2();
    db.exec("CREATE TABLE orphans (i int); CREATE TABLE t_extra (i int);");
    let r = rules();
    let r = r.to_str().unwrap();
    let lint = |format: &str| {
        refscan(&with_rules(
            r,
            &["lint", "--database-url", &db.url, "--format", format],
        ))
    };

    let run = lint("json");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    // The fixture's plain view, the two new tables; the pending s_x, s_y, c_a, the unchanged
    // c_keep, the moved tables, their security_invoker views and the tracking table pass.
    assert_eq!(
        objects(&run.stdout),
        owned(&[
            (
                "public.note_slugs",
                "view-without-security-invoker",
                "error"
            ),
            ("public.orphans", "unprefixed-table", "error"),
            ("public.t_extra", "table-not-in-rules", "warning"),
        ])
    );
    let human = lint("human");
    assert!(
        human
            .stdout
            .contains("public.orphans: error[unprefixed-table]: table public.orphans has no group prefix (t_, s_, c_)\n"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains(
        "public.t_extra: warning[table-not-in-rules]: table public.t_extra has the prefix of group t_"
    ));
    let github = lint("github");
    assert!(github.stdout.contains(
        "::error title=refscan/lint view-without-security-invoker::public.note_slugs: view public.note_slugs is not security_invoker"
    ), "{}", github.stdout);
    let sarif: serde_json::Value = serde_json::from_str(&lint("sarif").stdout).unwrap();
    let errors = util::sarif_violations(&sarif);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        sarif["runs"][0]["results"][1]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "public.orphans"
    );

    // Fixed, the review passes: a warning does not fail it.
    db.exec("ALTER VIEW note_slugs SET (security_invoker = on); DROP TABLE orphans;");
    let run = lint("human");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("lint: 0 errors, 1 warning;"),
        "{}",
        run.stderr
    );

    // Phase 3 moves c_a behind a view; cleaning phase 2 up afterwards leaves c_a's view (a
    // warning: that cleanup may have been meant for phase 2 only). A view recreated under a
    // cleaned name is an error.
    migrate(&rules(), &db, "apply", &["--phase", "3"]).ok();
    std::thread::sleep(Duration::from_millis(20));
    migrate(&rules(), &db, "cleanup", &["--phase", "2", "--force"]).ok();
    db.exec("CREATE VIEW notes WITH (security_invoker = true) AS SELECT * FROM t_notes;");
    let run = lint("json");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        objects(&run.stdout),
        owned(&[
            ("public.c_a", "stale-compat-view", "warning"),
            ("public.notes", "stale-compat-view", "error"),
            ("public.t_extra", "table-not-in-rules", "warning"),
        ])
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["findings"][1]["new"], "t_notes");
    assert_eq!(doc["findings"][1]["status"], "cleaned");
}

fn privileges(db: &TestDb, role: &str, tables: &[&str], privilege: &str) -> Vec<bool> {
    tables
        .iter()
        .map(|t| {
            db.value(&format!(
                "SELECT has_table_privilege('{role}', 'public.{t}', '{privilege}')"
            ))
            .as_deref()
                == Some("t")
        })
        .collect()
}

#[test]
fn grants_use_the_current_names_and_run_in_one_transaction() {
    let db = phase_2();
    // Supabase's default privileges grant anon everything; start from nothing.
    db.exec("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM anon;");
    let r = rules();
    let r = r.to_str().unwrap();
    let t_group = ["t_b", "t_c", "t_notes"];

    // Printing changes nothing and names the tables as the tracking table says.
    let run = refscan(&with_rules(
        r,
        &[
            "grants",
            "--group",
            "t_",
            "--role",
            "anon",
            "--privileges",
            "select,update",
            "--database-url",
            &db.url,
        ],
    ))
    .ok();
    let stmts: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("GRANT"))
        .collect();
    assert_eq!(
        stmts,
        [
            "GRANT SELECT, UPDATE ON TABLE \"public\".\"t_b\" TO \"anon\";",
            "GRANT SELECT, UPDATE ON TABLE \"public\".\"t_c\" TO \"anon\";",
            "GRANT SELECT, UPDATE ON TABLE \"public\".\"t_notes\" TO \"anon\";",
        ]
    );
    assert!(run.stdout.contains("SET LOCAL lock_timeout = '5s';"));
    assert_eq!(privileges(&db, "anon", &t_group, "UPDATE"), [false; 3]);

    // A group half moved: c_a is pending, c_b moved to c_c, c_keep never moves.
    let run = refscan(&with_rules(
        r,
        &[
            "grants",
            "--group",
            "c",
            "--role",
            "authenticated",
            "--database-url",
            &db.url,
        ],
    ))
    .ok();
    let names: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix("GRANT SELECT ON TABLE \"public\".\""))
        .map(|l| l.split('"').next().unwrap())
        .collect();
    assert_eq!(names, ["c_a", "c_c", "c_keep"]);

    // --apply runs them; only the group's tables change.
    let run = refscan(&with_rules(
        r,
        &[
            "grants",
            "--group",
            "t_",
            "--role",
            "anon",
            "--privileges",
            "select,update",
            "--database-url",
            &db.url,
            "--apply",
            "--yes",
        ],
    ))
    .ok();
    assert!(
        run.stdout.contains("done: 3 statements in one transaction"),
        "{}",
        run.stdout
    );
    assert_eq!(privileges(&db, "anon", &t_group, "UPDATE"), [true; 3]);
    assert_eq!(privileges(&db, "anon", &t_group, "SELECT"), [true; 3]);
    assert_eq!(
        privileges(&db, "anon", &["c_c", "c_keep", "s_x"], "SELECT"),
        [false; 3]
    );

    // A lock on one table makes the whole transaction give up: no table changes.
    let mut holder = db.client();
    holder
        .batch_execute("BEGIN; ALTER TABLE t_c ADD COLUMN held int;")
        .unwrap();
    let run = refscan(&with_rules(
        r,
        &[
            "grants",
            "--group",
            "t_",
            "--role",
            "anon",
            "--privileges",
            "delete",
            "--database-url",
            &db.url,
            "--apply",
            "--yes",
            "--lock-timeout",
            "200ms",
            "--lock-retries",
            "0",
        ],
    ))
    .fails();
    assert!(
        run.stderr
            .contains("could not lock public.t_c within the lock timeout of 200 ms")
            && run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(privileges(&db, "anon", &t_group, "DELETE"), [false; 3]);

    // --revoke takes them back.
    refscan(&with_rules(
        r,
        &[
            "grants",
            "--group",
            "t_",
            "--role",
            "anon",
            "--privileges",
            "update",
            "--revoke",
            "--database-url",
            &db.url,
            "--apply",
            "--yes",
        ],
    ))
    .ok();
    assert_eq!(privileges(&db, "anon", &t_group, "UPDATE"), [false; 3]);
    assert_eq!(privileges(&db, "anon", &t_group, "SELECT"), [true; 3]);

    // Refusals, each before anything runs.
    let cases: [(&[&str], &str); 4] = [
        (
            &["--role", "nobody_at_all", "--apply", "--yes"],
            "role `nobody_at_all` does not exist",
        ),
        (
            &["--role", "anon", "--privileges", "usage"],
            "`usage` is not a table privilege",
        ),
        (
            &["--role", "anon", "--as-of-phase", "2"],
            "--as-of-phase and a database both say",
        ),
        (
            &["--role", "anon", "--privileges", "select;drop table t_b"],
            "is not a table privilege",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["grants", "--group", "t_", "--database-url", &db.url];
        args.extend_from_slice(extra);
        let run = refscan(&with_rules(r, &args)).fails();
        assert!(run.stderr.contains(message), "{message}: {}", run.stderr);
    }
}

#[test]
fn grants_without_a_database_follow_the_plan() {
    let r = rules();
    let r = r.to_str().unwrap();
    let names = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["grants", "--group", "t_", "--role", "anon"];
        args.extend_from_slice(extra);
        refscan(&with_rules(r, &args))
            .ok()
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("GRANT SELECT ON TABLE \"public\".\""))
            .map(|l| l.split('"').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&[]), ["t_b", "t_c", "t_notes"]);
    assert_eq!(names(&["--as-of-phase", "1"]), ["t_a", "t_b", "notes"]);
    assert_eq!(names(&["--as-of-phase", "2"]), ["t_b", "t_c", "t_notes"]);
    let run = refscan(&with_rules(
        r,
        &["grants", "--group", "t_", "--role", "anon", "--apply"],
    ))
    .fails();
    assert!(
        run.stderr.contains("--apply needs a database"),
        "{}",
        run.stderr
    );
    let run = refscan(&with_rules(
        r,
        &["grants", "--group", "zz_", "--role", "anon"],
    ))
    .fails();
    assert!(run.stderr.contains("unknown group `zz_`"), "{}", run.stderr);
}

/// `(old, verdict, reasons)` of a readiness JSON document.
fn verdicts(json: &str) -> Vec<(String, String, Vec<String>)> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("report JSON");
    doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["old"].as_str().unwrap().to_string(),
                t["verdict"].as_str().unwrap().to_string(),
                t["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn v(old: &str, verdict: &str, reasons: &[&str]) -> (String, String, Vec<String>) {
    (
        old.to_string(),
        verdict.to_string(),
        reasons.iter().map(|r| r.to_string()).collect(),
    )
}

#[test]
fn report_joins_code_and_database_per_table() {
    let db = phase_2();
    let code = tempfile::tempdir().unwrap();
    std::fs::write(
        code.path().join("q.sql"),
        "select * from notes;\nselect * from c_b;\n-- t_a is mentioned here\n",
    )
    .unwrap();
    let r = rules();
    let r = r.to_str().unwrap();
    let dir = code.path().to_str().unwrap();
    let report = |format: &str| {
        refscan(&with_rules(
            r,
            &["report", dir, "--database-url", &db.url, "--format", format],
        ))
        .ok()
    };
    let run = report("json");
    let pending = "not migrated yet (pending; phase 3)";
    assert_eq!(
        verdicts(&run.stdout),
        [
            v("t_a", "ready", &[]),
            v("t_b", "ready", &[]),
            v(
                "notes",
                "blocked",
                &[
                    "1 rewritable reference in the code",
                    "named in note_count()"
                ]
            ),
            v("s_x", "blocked", &[pending]),
            v("s_y", "blocked", &[pending]),
            v("c_a", "blocked", &[pending]),
            v("c_b", "blocked", &["1 rewritable reference in the code"]),
        ]
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["ready"], 2);
    assert_eq!(doc["summary"]["blocked"], 5);
    assert_eq!(doc["tracking_table"], true);
    let t_a = &doc["tables"][0];
    assert_eq!(t_a["database"]["status"], "migrated");
    assert_eq!(t_a["database"]["view"], true);
    assert_eq!(t_a["code"]["mention"], 1);
    assert_eq!(t_a["rewritable"], 0);
    // t_b's name went to t_a's table: no view for it.
    assert_eq!(doc["tables"][1]["database"]["view"], false);
    assert_eq!(doc["tables"][2]["database"]["functions"][0], "note_count()");

    let text = report("text").stdout;
    assert!(text.contains("Cleanup readiness on postgres://"), "{text}");
    assert!(
        text.contains("  notes -> t_notes  phase 2    migrated     view yes  blocked  code: sql 1\n      - 1 rewritable reference in the code\n      - named in note_count()\n"),
        "{text}"
    );
    assert!(text.contains("Summary: 2 ready, 5 blocked, 0 cleaned, of 7 renamed tables"));

    // Fix the code and the function: notes becomes ready; cleaning phase 2 marks its tables.
    std::fs::write(code.path().join("q.sql"), "select * from t_notes;\n").unwrap();
    db.exec("DROP FUNCTION note_count();");
    let run = report("json");
    assert_eq!(verdicts(&run.stdout)[2], v("notes", "ready", &[]));
    migrate(&rules(), &db, "cleanup", &["--phase", "2", "--code", dir]).ok();
    let got: Vec<(String, String)> = verdicts(&report("json").stdout)
        .into_iter()
        .map(|(o, v, _)| (o, v))
        .collect();
    let want: Vec<(String, String)> = [
        ("t_a", "cleaned"),
        ("t_b", "cleaned"),
        ("notes", "cleaned"),
        ("s_x", "blocked"),
        ("s_y", "blocked"),
        ("c_a", "blocked"),
        ("c_b", "cleaned"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
}
