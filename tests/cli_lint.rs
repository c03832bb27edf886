//! `refscan lint` over SQL migration files: the rules on testdata/lint, the four formats (SARIF
//! validated against the 2.1.0 schema), suppression, exit codes, the default folder, --since,
//! and refscan's own plan files, which must lint clean.

mod util;

use std::path::Path;

use util::{repo_root, run_in, sarif_violations, testdata};

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// `(path, line, rule)` of every finding in a JSON document.
fn findings(json: &str) -> Vec<(String, u64, String)> {
    let doc: serde_json::Value = serde_json::from_str(json).expect("lint JSON");
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn expect(v: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
    v.iter()
        .map(|(p, l, r)| (p.to_string(), *l, format!("refscan/lint/{r}")))
        .collect()
}

const M: &str = "supabase/migrations/";

#[test]
fn testdata_migrations_break_each_rule_once() {
    let r = run_in(&testdata("lint"), &["lint", "--format", "json"]).expect(1);
    let doc = |f: &str| format!("{M}{f}");
    let got = findings(&r.stdout);
    assert_eq!(
        got,
        expect(&[
            (&doc("20250101000000_doc_tables.sql"), 7, "unprefixed-table"),
            (
                &doc("20250201000000_rename_by_hand.sql"),
                2,
                "rename-without-lock-timeout"
            ),
            (
                &doc("20250201000000_rename_by_hand.sql"),
                2,
                "rename-without-view"
            ),
            (
                &doc("20250301000000_after_the_rename.sql"),
                3,
                "old-name-reintroduced"
            ),
            (
                &doc("20250301000000_after_the_rename.sql"),
                6,
                "old-name-reintroduced"
            ),
        ])
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 5);
    assert_eq!(v["summary"]["suppressed"], 1);
    assert_eq!(v["summary"]["files_searched"], 4);
    let mime = &v["findings"][4];
    assert_eq!(mime["table"], "mime_types");
    assert_eq!(mime["new"], "sys_mime_types");
    assert_eq!(mime["phase"], "2");
    assert_eq!(mime["renamed_by"], "20250201000000_rename_by_hand.sql");
    assert_eq!(mime["severity"], "error");
    assert_eq!(mime["column"], 13);
    assert!(r
        .stderr
        .contains("lint: 5 errors, 0 warnings, 1 suppressed; 4 SQL files checked"));
}

#[test]
fn human_output_names_the_rule_and_points_at_the_name() {
    let dir = tree(&[(
        "supabase/migrations/20250101000000_x.sql",
        "SET LOCAL lock_timeout = '5s';\n\tALTER TABLE public.experts RENAME TO expert_profiles;\n",
    )]);
    let r = run_in(dir.path(), &["lint"]).expect(1);
    assert_eq!(
        r.stdout,
        "supabase/migrations/20250101000000_x.sql:2:21: error[rename-without-view]: `experts` is renamed to `expert_profiles` but this file creates no view `experts`: code that still uses the old name breaks when the migration runs; add CREATE VIEW experts WITH (security_invoker = true) AS SELECT * FROM expert_profiles\n  2 |     ALTER TABLE public.experts RENAME TO expert_profiles;\n    |                        ^^^^^^^\n"
    );
}

#[test]
fn github_annotations_carry_the_rule() {
    let dir = tree(&[("m/1_a.sql", "create table stray (i int);\n")]);
    let r = run_in(dir.path(), &["lint", "m", "--format", "github"]).expect(1);
    assert_eq!(
        r.stdout,
        "::error file=m/1_a.sql,line=1,col=14,endLine=1,endColumn=19,title=refscan/lint unprefixed-table::table `stray` is created in schema `public` without a group prefix (auth_, doc_, expert_, google_, email_, media_, script_, command_, ai_, learn_, batch_, sys_, filter_)\n"
    );
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let r = run_in(&testdata("lint"), &["lint", "--format", "sarif"]).expect(1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let errors = sarif_violations(&doc);
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules[0]["id"], "refscan/lint/unprefixed-table");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], id, "ruleIndex points at the rule");
    }
    assert_eq!(
        results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "testdata/lint/supabase/migrations/20250301000000_after_the_rename.sql",
        "relative to the repository root"
    );
}

#[test]
fn suppression_and_exit_codes() {
    let dir = tree(&[(
        "supabase/migrations/1_a.sql",
        "create table stray (i int); -- refscan-ignore\n-- refscan-ignore: kept\ncreate table stray2 (i int);\ncreate table doc_fine (i int);\n",
    )]);
    let r = run_in(dir.path(), &["lint"]).expect(0);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("0 errors, 0 warnings, 2 suppressed"),
        "{}",
        r.stderr
    );
    let r = run_in(dir.path(), &["lint", "no/such/dir"]).expect(2);
    assert!(r.stderr.contains("no/such/dir"), "{}", r.stderr);
}

#[test]
fn default_path_is_the_rules_migrations_folder() {
    let dir = tree(&[
        (
            "supabase/migrations/1_a.sql",
            "create table stray (i int);\n",
        ),
        ("elsewhere/2_b.sql", "create table other_stray (i int);\n"),
    ]);
    let r = run_in(dir.path(), &["lint"]).expect(1);
    assert!(r.stdout.contains("stray"), "{}", r.stdout);
    assert!(!r.stdout.contains("other_stray"), "{}", r.stdout);
    let empty = tempfile::tempdir().unwrap();
    let r = run_in(empty.path(), &["lint"]).expect(2);
    assert!(
        r.stderr
            .contains("no migrations folder here (supabase/migrations)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}

#[test]
fn since_reports_newer_migrations_only_but_reads_the_older_ones() {
    let r = run_in(
        &testdata("lint"),
        &["lint", "--since", "20250201000000", "--format", "json"],
    )
    .expect(1);
    // The rename in 20250201000000 is not reported, yet it still retires the old names.
    assert_eq!(
        findings(&r.stdout),
        expect(&[
            (
                &format!("{M}20250301000000_after_the_rename.sql"),
                3,
                "old-name-reintroduced"
            ),
            (
                &format!("{M}20250301000000_after_the_rename.sql"),
                6,
                "old-name-reintroduced"
            ),
        ])
    );
    run_in(&testdata("lint"), &["lint", "--since", "20250301000000"]).expect(0);
    let r = run_in(&testdata("lint"), &["lint", "--since", "last-week"]).expect(2);
    assert!(
        r.stderr.contains("is not a migration version"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_monorepo_history_predates_the_convention() {
    let r = run_in(&testdata("monorepo"), &["lint", "--format", "json"]).expect(1);
    let got = findings(&r.stdout);
    assert_eq!(got.len(), 21, "{got:#?}");
    assert!(got
        .iter()
        .all(|(_, _, rule)| rule == "refscan/lint/unprefixed-table"));
    run_in(
        &testdata("monorepo"),
        &["lint", "--since", "20240310090000"],
    )
    .expect(0);
}

/// Every phase's plan file, written the way docs/migrate.md tells, lints clean; its rollbacks do
/// not belong in the migrations folder and would not.
fn plan_files_lint_clean(rules: Option<&Path>, phases: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let rules = rules.map_or("bundled".to_string(), |r| r.display().to_string());
    let base: Vec<String> = vec!["--rules".to_string(), rules];
    for (i, p) in phases.iter().enumerate() {
        let ts = format!("202501{:02}000000", i + 1);
        let mut args = base.clone();
        args.extend(
            [
                "migrate",
                "plan",
                "--phase",
                p,
                "--out",
                "supabase/migrations",
                "--rollback-dir",
                "supabase/rollbacks",
                "--timestamp",
                &ts,
            ]
            .map(String::from),
        );
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_in(dir.path(), &args).expect(0);
    }
    let mut args: Vec<&str> = base.iter().map(String::as_str).collect();
    args.push("lint");
    let r = run_in(dir.path(), &args).expect(0);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(&format!(
            "lint: 0 errors, 0 warnings; {} SQL files checked",
            std::fs::read_dir(dir.path().join("supabase/migrations"))
                .unwrap()
                .count()
        )),
        "{}",
        r.stderr
    );
    args.push("supabase/rollbacks");
    args.extend(["--format", "json"]);
    let r = run_in(dir.path(), &args).expect(1);
    let rules: Vec<String> = findings(&r.stdout).into_iter().map(|f| f.2).collect();
    assert!(rules.contains(&"refscan/lint/unprefixed-table".to_string()));
}

#[test]
fn bundled_plan_files_lint_clean() {
    plan_files_lint_clean(
        None,
        &["1", "2", "3", "4", "5a", "5b", "5c", "5d", "6", "7"],
    );
}

#[test]
fn chain_and_swap_plan_files_lint_clean() {
    let rules = repo_root().join("testdata/db/small_rules.toml");
    plan_files_lint_clean(Some(&rules), &["1", "2", "3", "4"]);
}

#[test]
fn bug_compat_view_written_back_without_security_invoker_passed_lint() {
    // What `supabase db pull` / `db diff` write for a compatibility view: CREATE OR REPLACE
    // without its options, which drops security_invoker and re-opens the RLS bypass.
    let dir = tree(&[
        (
            "supabase/migrations/20250101000000_rename.sql",
            "SET LOCAL lock_timeout = '5s';\nALTER TABLE experts RENAME TO expert_profiles;\nCREATE VIEW experts WITH (security_invoker = true) AS SELECT * FROM expert_profiles;\n",
        ),
        (
            "supabase/migrations/20250102000000_remote_schema.sql",
            "create or replace view \"public\".\"experts\" as  SELECT expert_profiles.id\n   FROM expert_profiles;\n\nalter view experts set (security_invoker = off);\n",
        ),
    ]);
    let r = run_in(dir.path(), &["lint", "--format", "json"]).expect(1);
    // (old-name-reintroduced fires too: the newer migration names the old table.)
    let mut found = findings(&r.stdout);
    found.retain(|f| f.2.ends_with("view-without-security-invoker"));
    assert_eq!(
        found,
        expect(&[
            (
                "supabase/migrations/20250102000000_remote_schema.sql",
                1,
                "view-without-security-invoker"
            ),
            (
                "supabase/migrations/20250102000000_remote_schema.sql",
                4,
                "view-without-security-invoker"
            ),
        ])
    );
    let r = run_in(dir.path(), &["lint"]).expect(1);
    assert!(
        r.stdout.starts_with("supabase/migrations/20250102000000_remote_schema.sql:1:33: error[view-without-security-invoker]: the compatibility view `experts` is (re)created or altered without security_invoker: it reads `expert_profiles` with its owner's rights"),
        "{}",
        r.stdout
    );
}
