//! `refscan check --before-apply PHASE`: the apply-time gate on the fixture
//! testdata/before_apply (a small Supabase project), run as the real binary.

mod util;

use util::{copy_tree, run_in, testdata};

fn fixture() -> std::path::PathBuf {
    testdata("before_apply")
}

/// `path:line:col: severity[rule]` of every finding in human output.
fn heads(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
        .map(|l| {
            let end = l.find("]").unwrap() + 1;
            l[..end].to_string()
        })
        .collect()
}

#[test]
fn lists_what_the_views_cannot_serve_with_file_line_and_what_to_do() {
    let run = run_in(&fixture(), &["check", "--before-apply", "2"]).expect(1);
    assert_eq!(
        heads(&run.stdout),
        vec![
            "scripts/export.sql:2:6: error[copy-to]",
            "scripts/export.sql:4:7: error[copy-from]",
            "src/realtime.ts:6:69: error[realtime-subscription]",
            "src/realtime.ts:15:35: error[truncate]",
            // Nothing says which migrations run after the rename: warnings.
            "supabase/migrations/20240101000000_init.sql:4:32: warning[create-index]",
            "supabase/migrations/20240101000000_init.sql:5:47: warning[publication-table]",
            "supabase/migrations/20240301000000_notes_more.sql:2:13: warning[alter-table]",
            "supabase/migrations/20240301000000_notes_more.sql:3:34: warning[create-index]",
            "supabase/migrations/20240301000000_notes_more.sql:4:62: warning[create-trigger]",
            "supabase/migrations/20240301000000_notes_more.sql:6:18: warning[comment-on-table]",
            "supabase/migrations/20240301000000_notes_more.sql:7:23: warning[grant-on-table]",
        ],
        "{}",
        run.stdout
    );
    // Each says what fails and what to do instead.
    assert!(
        run.stdout
            .contains("TRUNCATE fails on the compatibility view `notes`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("truncate `t_notes` instead"));
    assert!(run.stdout.contains("subscribe to `t_notes` too"));
    assert!(run.stdout.contains("create the index on `t_notes`"));
    // The other phase's table, the select through the view and the suppressed TRUNCATE are
    // not listed.
    assert!(!run.stdout.contains("labels"), "{}", run.stdout);
    assert!(!run.stdout.contains("listNotes"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("check --before-apply 2: 4 blockers, 7 warnings, 1 suppressed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("give --since VERSION"),
        "{}",
        run.stderr
    );
}

#[test]
fn since_makes_the_later_migrations_blockers() {
    let run = run_in(
        &fixture(),
        &["check", "--before-apply", "2", "--since", "20240101000000"],
    )
    .expect(1);
    let heads = heads(&run.stdout);
    assert!(
        heads.contains(
            &"supabase/migrations/20240301000000_notes_more.sql:2:13: error[alter-table]"
                .to_string()
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("20240101000000_init.sql"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("warning["), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("1 migration checked (those after --since 20240101000000)"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_migration_that_renames_the_table_places_the_later_ones() {
    let dir = copy_tree(&fixture());
    std::fs::write(
        dir.path()
            .join("supabase/migrations/20240201000000_rename_notes.sql"),
        "alter table notes rename to t_notes;\n\
         create view notes with (security_invoker = true) as select * from t_notes;\n\
         grant select on notes to anon;\n",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &["check", "--before-apply", "2", "--format", "json"],
    )
    .expect(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let migration_rules: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains("migrations"))
        .map(|f| (f["path"].as_str().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    let later = "supabase/migrations/20240301000000_notes_more.sql";
    assert_eq!(
        migration_rules,
        vec![
            (later, "refscan/before-apply/alter-table"),
            (later, "refscan/before-apply/create-index"),
            (later, "refscan/before-apply/create-trigger"),
            (later, "refscan/before-apply/comment-on-table"),
            (later, "refscan/before-apply/grant-on-table"),
        ],
        "{}",
        run.stdout
    );
    let first = &findings[0];
    assert_eq!(first["table"], "notes");
    assert_eq!(first["new"], "t_notes");
    assert_eq!(first["phase"], "2");
    assert!(first["hint"].as_str().unwrap().contains("t_notes"));
    assert!(
        run.stderr
            .contains("20240201000000_rename_notes.sql, which renames the phase's tables"),
        "{}",
        run.stderr
    );
}

#[test]
fn sarif_and_github_formats() {
    let run = run_in(
        &fixture(),
        &["check", "--before-apply", "2", "--format", "sarif"],
    )
    .expect(1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"refscan/before-apply/truncate"),
        "{rules:?}"
    );
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 11);
    let run = run_in(
        &fixture(),
        &["check", "--before-apply", "2", "--format", "github"],
    )
    .expect(1);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("::error file=") && l.contains("src/realtime.ts,line=15,")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_phase_with_nothing_to_block_passes() {
    let dir = copy_tree(&fixture());
    std::fs::remove_file(dir.path().join("src/realtime.ts")).unwrap();
    let run = run_in(
        dir.path(),
        &["check", "--before-apply", "3", "--since", "20240301000000"],
    )
    .expect(0);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("0 blockers, 0 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn wrong_phases_and_versions_are_errors() {
    let run = run_in(&fixture(), &["check", "--before-apply", "1"]).expect(2);
    assert!(
        run.stderr.contains("phase 1 renames no table"),
        "{}",
        run.stderr
    );
    let run = run_in(&fixture(), &["check", "--before-apply", "9"]).expect(2);
    assert!(run.stderr.contains("phases: 1, 2, 3, 4"), "{}", run.stderr);
    let run = run_in(
        &fixture(),
        &["check", "--before-apply", "2", "--since", "yesterday"],
    )
    .expect(2);
    assert!(
        run.stderr
            .contains("--since `yesterday` is not a migration version"),
        "{}",
        run.stderr
    );
    let run = run_in(&fixture(), &["check", "--since", "20240101000000"]).expect(2);
    assert!(run.stderr.contains("--before-apply"), "{}", run.stderr);
    let run = run_in(
        &fixture(),
        &["check", "--before-apply", "2", "--kind", "sql"],
    )
    .expect(2);
    assert!(run.stderr.contains("do not apply"), "{}", run.stderr);
}

#[test]
fn migrate_apply_help_names_the_gate() {
    let run = run_in(&fixture(), &["migrate", "apply", "--help"]).expect(0);
    for needle in [
        "--ignore-blockers",
        "--code",
        "check --before-apply",
        "--since",
    ] {
        assert!(run.stdout.contains(needle), "{needle}: {}", run.stdout);
    }
}
