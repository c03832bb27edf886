//! `refscan migrate plan`: file names, determinism and golden SQL (no database needed; the DB
//! tests run the same files with psql). `UPDATE_GOLDEN=1 cargo test --test migrate_plan`
//! rewrites the golden files after a deliberate change.

mod migrate_common;

use std::path::{Path, PathBuf};

use migrate_common::{refscan, testdata};

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

#[track_caller]
fn assert_golden(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
            .unified_diff()
            .header("golden", "actual")
            .to_string();
        panic!("{name} differs from the golden file:\n{diff}");
    }
}

fn small_rules() -> String {
    testdata("small_rules.toml").to_string_lossy().into_owned()
}

#[test]
fn bundled_phase_2_files_match_golden() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_string_lossy().into_owned();
    let run = refscan(&[
        "--rules",
        "bundled",
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
    assert_eq!(
        run.stdout,
        format!("wrote {}\nwrote {}\n", up.display(), down.display())
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "20250102030405_refscan_phase_2.sql",
            "20250102030405_refscan_phase_2_rollback.sql"
        ]
    );
    let up_sql = std::fs::read_to_string(&up).unwrap();
    assert_golden("plan_phase_2.sql", &up_sql);
    assert_golden(
        "plan_phase_2_rollback.sql",
        &std::fs::read_to_string(&down).unwrap(),
    );
    // Without --out the same SQL goes to stdout, rollback on request.
    let stdout = refscan(&["--rules", "bundled", "migrate", "plan", "--phase", "2"])
        .ok()
        .stdout;
    assert_eq!(stdout, up_sql);
    let stdout = refscan(&[
        "--rules",
        "bundled",
        "migrate",
        "plan",
        "--phase",
        "2",
        "--rollback",
    ])
    .ok()
    .stdout;
    assert_eq!(stdout, std::fs::read_to_string(&down).unwrap());
}

#[test]
fn setup_cleanup_and_dependents_plans_match_golden() {
    for (args, name) in [
        (vec!["--phase", "1"], "plan_phase_1.sql"),
        (vec!["--phase", "7"], "plan_phase_7.sql"),
        (
            vec!["--phase", "7", "--rollback"],
            "plan_phase_7_rollback.sql",
        ),
        (
            vec![
                "--phase",
                "2",
                "--rename-dependents",
                "--lock-timeout",
                "2s",
            ],
            "plan_phase_2_rename_dependents.sql",
        ),
    ] {
        let mut all = vec!["--rules", "bundled", "migrate", "plan"];
        all.extend(args);
        assert_golden(name, &refscan(&all).ok().stdout);
    }
}

#[test]
fn chains_swaps_and_cross_phase_chains_match_golden() {
    let rules = small_rules();
    for (phase, name) in [("2", "plan_small_phase_2"), ("3", "plan_small_phase_3")] {
        let up = refscan(&["--rules", &rules, "migrate", "plan", "--phase", phase])
            .ok()
            .stdout;
        assert_golden(&format!("{name}.sql"), &up);
        let down = refscan(&[
            "--rules",
            &rules,
            "migrate",
            "plan",
            "--phase",
            phase,
            "--rollback",
        ])
        .ok()
        .stdout;
        assert_golden(&format!("{name}_rollback.sql"), &down);
    }
}

#[test]
fn steps_of_a_phase_get_consecutive_versions() {
    let dir = tempfile::tempdir().unwrap();
    let rdir = dir.path().join("rollbacks");
    let out = dir.path().join("migrations");
    refscan(&[
        "--rules",
        "bundled",
        "migrate",
        "plan",
        "--phase",
        "5",
        "--out",
        &out.to_string_lossy(),
        "--rollback-dir",
        &rdir.to_string_lossy(),
        "--timestamp",
        "20241231235958",
    ])
    .ok();
    let list = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        list(&out),
        [
            "20241231235958_refscan_phase_5a.sql",
            "20241231235959_refscan_phase_5b.sql",
            "20250101000000_refscan_phase_5c.sql",
            "20250101000001_refscan_phase_5d.sql",
        ]
    );
    assert_eq!(
        list(&rdir),
        [
            "20241231235958_refscan_phase_5a_rollback.sql",
            "20241231235959_refscan_phase_5b_rollback.sql",
            "20250101000000_refscan_phase_5c_rollback.sql",
            "20250101000001_refscan_phase_5d_rollback.sql",
        ]
    );
}

#[test]
fn plan_rejects_bad_input() {
    let run = refscan(&["--rules", "bundled", "migrate", "plan", "--phase", "9"]).fails();
    assert!(
        run.stderr.contains("the rules have no phase `9`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: phases: 1, 2, 3, 4, 5a"),
        "{}",
        run.stderr
    );
    let run = refscan(&[
        "--rules",
        "bundled",
        "migrate",
        "plan",
        "--phase",
        "2",
        "--timestamp",
        "20251301000000",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not a timestamp"), "{}", run.stderr);
    let run = refscan(&[
        "--rules",
        "bundled",
        "migrate",
        "plan",
        "--phase",
        "2",
        "--lock-timeout",
        "5s'; DROP",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a duration unit"), "{}", run.stderr);
}
