//! `refscan rules`: the bundled plan, and errors that name the file and line.

mod util;

use util::{run, run_in};

#[test]
fn bundled_plan_prints_every_phase_in_order() {
    let r = run(&["rules"]).expect(0);
    let phases: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("Phase "))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        phases,
        [
            "Phase 1", "Phase 2", "Phase 3", "Phase 4", "Phase 5a", "Phase 5b", "Phase 5c",
            "Phase 5d", "Phase 6", "Phase 7"
        ]
    );
    assert!(r
        .stdout
        .contains("  cli_command_tracking -> command_tracking"));
    assert!(r.stdout.contains("Unchanged (10): auth_audit_log,"));
    assert!(r.stderr.contains("rules: bundled rules/dhg.toml"));
}

#[test]
fn bundled_plan_as_json_lists_all_pairs() {
    let r = run(&["rules", "--format", "json"]).expect(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 13);
    let renamed: usize = groups
        .iter()
        .map(|g| g["renamed"].as_array().unwrap().len())
        .sum();
    let unchanged: usize = groups
        .iter()
        .map(|g| g["unchanged"].as_array().unwrap().len())
        .sum();
    assert_eq!((renamed, unchanged), (44, 10));
    let sys: Vec<&str> = v["phases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "6")
        .unwrap()["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["group"] == "sys_")
        .map(|t| t["old"].as_str().unwrap())
        .collect();
    assert_eq!(
        sys,
        [
            "function_registry",
            "function_relationships",
            "sql_query_history"
        ]
    );
}

#[test]
fn invalid_rules_exit_2_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    std::fs::write(
        &path,
        "[[group]]\nprefix = \"doc_\"\n[group.rename]\ndocuments = \"files\"\n\n[[phase]]\nid = \"1\"\ngroups = [\"doc_\"]\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["--rules", "plan.toml", "rules"]).expect(2);
    assert!(
        r.stderr.contains("plan.toml:4:13: new name `files` (for `documents`) does not start with its group's prefix `doc_`"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_rules_file_is_an_error() {
    let r = run(&["--rules", "does-not-exist.toml", "rules"]).expect(2);
    assert!(
        r.stderr
            .contains("does-not-exist.toml: cannot read the rules file"),
        "{}",
        r.stderr
    );
}

#[test]
fn refscan_toml_at_the_root_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("refscan.toml"),
        "name = \"local\"\n[[group]]\nprefix = \"doc_\"\n[group.rename]\ndocuments = \"doc_files\"\n[[phase]]\nid = \"1\"\ngroups = [\"doc_\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "the documents table\n").unwrap();
    let r = run_in(dir.path(), &["report", "."]).expect(0);
    assert!(r.stderr.contains("refscan.toml"), "{}", r.stderr);
    assert!(r.stdout.contains("documents -> doc_files"), "{}", r.stdout);
}

const WIDGETS: &str = "name = \"widgets\"\n[[group]]\nprefix = \"w_\"\n[group.rename]\nwidgets = \"w_widgets\"\n[[phase]]\nid = \"1\"\ngroups = [\"w_\"]\n";

fn write(path: &std::path::Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

// See: issue 12 item 1
#[test]
fn rules_file_is_found_upward_from_each_path_and_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(&repo.join("refscan.toml"), WIDGETS);
    write(&repo.join("apps/web/a.ts"), "db.from('widgets')\n");
    // From a subfolder, with no PATH.
    let r = run_in(&repo.join("apps/web"), &["check"]).expect(1);
    assert!(
        r.stderr
            .contains("rules: ../../refscan.toml (1 renamed tables"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout
            .contains("a.ts:1:10: error: `widgets` -> `w_widgets`"),
        "{}",
        r.stdout
    );
    // From outside the repository, with a PATH inside it.
    let r = run_in(dir.path(), &["check", "repo/apps/web"]).expect(1);
    assert!(
        r.stderr.contains("rules: repo/refscan.toml"),
        "{}",
        r.stderr
    );
    // A rules file above the repository root belongs to no project of it.
    std::fs::remove_file(repo.join("refscan.toml")).unwrap();
    write(&dir.path().join("refscan.toml"), WIDGETS);
    let r = run_in(&repo.join("apps/web"), &["report"]).expect(0);
    assert!(
        r.stderr.contains("WARNING: no refscan.toml was found"),
        "{}",
        r.stderr
    );
}

// See: issue 12 item 1
#[test]
fn paths_that_find_different_rules_files_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    for p in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(p).join(".git")).unwrap();
        write(&dir.path().join(p).join("refscan.toml"), WIDGETS);
        write(&dir.path().join(p).join("x.ts"), "db.from('widgets')\n");
    }
    let r = run_in(dir.path(), &["report", "a", "b/x.ts"]).expect(2);
    assert!(
        r.stderr.contains("error: PATH a has the rules file a/refscan.toml but PATH b/x.ts has b/refscan.toml; one run follows one plan"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: run refscan once per project, or name the plan with --rules FILE"),
        "{}",
        r.stderr
    );
    // Two PATHs of one project are fine.
    run_in(dir.path(), &["report", "a", "a/x.ts"]).expect(0);
}

// See: issue 20 item 1
#[test]
fn bundled_example_plan_is_refused_outside_its_project_unless_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let code = "rows = supabase.from_(\"prompts\").select(\"*\").execute()\n";
    write(&dir.path().join("app/ai.py"), code);
    write(
        &dir.path().join("supabase/migrations/1_init.sql"),
        "create table prompts (id int);\n",
    );
    let before = util::snapshot(dir.path());
    for args in [
        &["rewrite", "--write"][..],
        &["check"],
        &["migrate", "plan", "--phase", "2"],
    ] {
        let r = run_in(dir.path(), args).expect(2);
        assert!(
            r.stderr.contains("the bundled plan (\"DHG table prefixes\") is an example, not this project's plan: its migrations create 1 of the plan's 54 tables"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("or pass --rules bundled to use the example on purpose"),
            "{}",
            r.stderr
        );
    }
    assert!(
        util::snapshot(dir.path()) == before,
        "a refused run changed files"
    );
    // Reading is allowed, loudly.
    for args in [&["report"][..], &["rewrite"]] {
        let r = run_in(dir.path(), args).expect(0);
        assert!(
            r.stderr
                .contains("refscan: WARNING: no refscan.toml was found at or above . (up to "),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains("WARNING: using the bundled example plan's table names anyway"),
            "{}",
            r.stderr
        );
    }
    // Named, it is used.
    run_in(dir.path(), &["--rules", "bundled", "rewrite", "--write"]).expect(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("app/ai.py")).unwrap(),
        code.replace("\"prompts\"", "\"ai_prompts\"")
    );
}

// See: issue 20 item 1
#[test]
fn bundled_plan_is_used_in_its_own_project() {
    // The fixture's migrations create 21 of the plan's 54 tables.
    let r = run_in(&util::testdata("monorepo"), &["check"]).expect(1);
    assert!(
        r.stderr.starts_with(
            "refscan: rules: bundled rules/dhg.toml (44 renamed tables in 10 phases)\n"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("WARNING"), "{}", r.stderr);
}
