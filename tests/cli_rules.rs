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
