//! History that is not in the migrations folder: rollback files (`supabase/rollbacks`, or
//! wherever `migrate plan --rollback-dir` put them) and the module `refscan types` writes name
//! old tables on purpose, so `check` never counts them and `rewrite` never touches them.

mod util;

use std::path::Path;

use util::{copy_tree, run_in, snapshot, testdata};

/// `path:line` of every finding `check` lists.
fn listed(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter(|l| l.contains(": error:") || l.contains(": warning:"))
        .map(|l| l.split(": ").next().unwrap().to_string())
        .collect()
}

/// What the code itself holds, independently of any history: the two `.from()` calls and the
/// generated types file's two table keys.
const CODE: [&str; 4] = [
    "src/app.ts:7:25",
    "src/app.ts:11:25",
    "src/types/database.types.ts:4:7",
    "src/types/database.types.ts:10:7",
];

#[test]
fn rollback_files_and_the_types_module_are_never_counted_by_check() {
    let dir = testdata("history");
    for strict in [false, true] {
        let mut args = vec!["check"];
        if strict {
            args.push("--strict");
        }
        let r = run_in(&dir, &args).expect(1);
        assert_eq!(listed(&r.stdout), CODE, "strict {strict}\n{}", r.stdout);
        assert!(
            r.stderr.contains("check: 4 errors, 0 warnings"),
            "strict {strict}: {}",
            r.stderr
        );
    }
}

#[test]
fn rollback_files_and_the_types_module_are_reported_as_history() {
    let dir = testdata("history");
    let r = run_in(&dir, &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut history_files: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["history"] == true)
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    history_files.dedup();
    assert_eq!(
        history_files,
        [
            "db/undo/20240301000000_refscan_phase_1_rollback.sql",
            "src/types/compat.ts",
            "supabase/migrations/20240101000000_init.sql",
            "supabase/rollbacks/20240201000000_undo_by_hand.sql",
        ]
    );
    assert_eq!(doc["summary"]["rewritable"], 4);
    assert_eq!(doc["summary"]["mentions"], 0);
}

#[test]
fn rewrite_leaves_rollbacks_and_the_types_module_untouched_and_says_so() {
    let copy = copy_tree(&testdata("history"));
    let dir = copy.path();
    let before = snapshot(dir);
    let r = run_in(dir, &["rewrite", "--write"]).expect(0);
    for note in [
        "rewrote 4 references in 2 files",
        "left 1 file in the migrations folder untouched",
        "left 2 rollback files untouched",
        "left 1 file written by `refscan types` untouched",
    ] {
        assert!(r.stderr.contains(note), "{note}: {}", r.stderr);
    }
    let after = snapshot(dir);
    let changed: Vec<_> = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| b != a)
        .map(|(b, _)| b.0.to_string_lossy().into_owned())
        .collect();
    assert_eq!(changed, ["src/app.ts", "src/types/database.types.ts"]);
}

/// The regression: `migrate plan --out` (its default rollbacks folder and a `--rollback-dir` of
/// the user's) and `refscan types -o` add files that check used to count (and rewrite to edit,
/// breaking the rollback).
#[test]
fn files_refscan_writes_change_neither_check_nor_rewrite() {
    let copy = copy_tree(&testdata("history"));
    let dir = copy.path();
    std::fs::remove_dir_all(dir.join("db")).unwrap();
    std::fs::remove_dir_all(dir.join("supabase/rollbacks")).unwrap();
    std::fs::remove_file(dir.join("src/types/compat.ts")).unwrap();
    let gate = |dir: &Path| {
        let r = run_in(dir, &["check", "--strict"]).expect(1);
        listed(&r.stdout)
    };
    assert_eq!(gate(dir), CODE);
    let args = [
        "migrate",
        "plan",
        "--phase",
        "1",
        "--timestamp",
        "20250101000000",
    ];
    run_in(dir, &[&args[..], &["--out"]].concat()).expect(0);
    let r = run_in(
        dir,
        &[&args[..], &["--out", "db/sql", "--rollback-dir", "db/undo"]].concat(),
    )
    .expect(0);
    assert!(r.stdout.contains("db/undo/"), "{}", r.stdout);
    run_in(
        dir,
        &[
            "types",
            "-o",
            "src/types/compat.ts",
            "--generated",
            "src/types/database.types.ts",
        ],
    )
    .expect(0);
    for written in [
        "supabase/rollbacks",
        "db/sql",
        "db/undo",
        "src/types/compat.ts",
    ] {
        assert!(dir.join(written).exists(), "{written}");
    }
    assert_eq!(gate(dir), CODE);
    let written: Vec<_> = snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("src/app.ts") && !p.ends_with("database.types.ts"))
        .collect();
    run_in(dir, &["rewrite", "--write"]).expect(0);
    let after: Vec<_> = snapshot(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("src/app.ts") && !p.ends_with("database.types.ts"))
        .collect();
    assert!(written == after, "rewrite changed a file refscan wrote");
    run_in(dir, &["check", "--strict"]).expect(0);
}
