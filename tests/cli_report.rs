//! `refscan report`: filters, `-l`, the text summary and the JSON document on the fixture.

mod util;

use util::{run_env, run_in, testdata};

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["report", "--format", "json"];
    all.extend_from_slice(args);
    let r = run_in(&testdata("monorepo"), &all).expect(0);
    serde_json::from_str(&r.stdout).unwrap()
}

fn findings(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v["findings"].as_array().unwrap()
}

#[test]
fn group_filter_keeps_only_that_group() {
    let v = json(&["--group", "doc_"]);
    assert!(!findings(&v).is_empty());
    assert!(findings(&v).iter().all(|f| f["group"] == "doc_"));
    let tables: Vec<&str> = v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["old"].as_str().unwrap())
        .collect();
    assert!(tables.contains(&"documentation_files"), "{tables:?}");
}

#[test]
fn kind_and_table_filters_combine() {
    let v = json(&[
        "--table",
        "experts",
        "--kind",
        "from-call",
        "--kind",
        "postgrest",
    ]);
    let kinds: Vec<&str> = findings(&v)
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(!kinds.is_empty());
    assert!(
        kinds.iter().all(|k| *k == "from-call" || *k == "postgrest"),
        "{kinds:?}"
    );
    assert!(findings(&v).iter().all(|f| f["old"] == "experts"));
    // By new name too.
    let by_new = json(&[
        "--table",
        "expert_profiles",
        "--kind",
        "from-call",
        "--kind",
        "postgrest",
    ]);
    assert_eq!(findings(&v), findings(&by_new));
}

#[test]
fn phase_filter_takes_the_steps_of_a_phase() {
    let five = json(&["--phase", "5"]);
    let phases: std::collections::BTreeSet<&str> = findings(&five)
        .iter()
        .map(|f| f["phase"].as_str().unwrap())
        .collect();
    assert_eq!(
        phases.into_iter().collect::<Vec<_>>(),
        ["5a", "5b", "5c", "5d"]
    );
    let b = json(&["--phase", "5b"]);
    assert!(findings(&b).iter().all(|f| f["phase"] == "5b"));
}

#[test]
fn summary_counts_add_up() {
    let v = json(&[]);
    let s = &v["summary"];
    let n = findings(&v).len() as u64;
    assert_eq!(s["findings"].as_u64(), Some(n));
    assert_eq!(
        s["rewritable"].as_u64().unwrap()
            + s["table_strings"].as_u64().unwrap()
            + s["dynamic_from"].as_u64().unwrap()
            + s["unresolved_embeds"].as_u64().unwrap()
            + s["schema_unknown"].as_u64().unwrap()
            + s["docs"].as_u64().unwrap()
            + s["mentions"].as_u64().unwrap()
            + s["history"].as_u64().unwrap(),
        n
    );
    let rewritable = findings(&v)
        .iter()
        .filter(|f| f["rewritable"] == true)
        .count() as u64;
    assert_eq!(s["rewritable"].as_u64(), Some(rewritable));
    assert!(findings(&v)
        .iter()
        .filter(|f| f["path"]
            .as_str()
            .unwrap()
            .starts_with("supabase/migrations/"))
        .all(|f| f["history"] == true && f["rewritable"] == false));
}

#[test]
fn unknown_selection_names_are_errors_with_a_hint() {
    let dir = testdata("monorepo");
    let r = run_in(&dir, &["report", "--group", "nope_"]).expect(2);
    assert!(
        r.stderr.contains("unknown group `nope_`")
            && r.stderr.contains("hint: groups are named by prefix"),
        "{}",
        r.stderr
    );
    let r = run_in(&dir, &["report", "--kind", "url"]).expect(2);
    assert!(r.stderr.contains("unknown kind `url`"), "{}", r.stderr);
    let r = run_in(&dir, &["report", "--table", "nope"]).expect(2);
    assert!(r.stderr.contains("unknown table `nope`"), "{}", r.stderr);
}

#[test]
fn files_with_matches_lists_each_path_once_in_order() {
    let r = run_in(
        &testdata("monorepo"),
        &["report", "-l", "--group", "email_"],
    )
    .expect(0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let mut sorted = lines.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(lines, sorted);
    assert!(
        lines.contains(&"apps/web/components/InboxFeed.tsx"),
        "{lines:?}"
    );
}

#[test]
fn text_summary_names_groups_tables_and_top_files() {
    let r = run_in(&testdata("monorepo"), &["report"]).expect(0);
    assert!(r.stdout.contains("expert_   Expert System"), "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("experts")
                && l.contains("-> expert_profiles")
                && l.contains("phase 5b")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Files with most references"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Summary: 340 references"), "{}", r.stdout);
    assert!(
        !r.stdout.contains('\u{1b}'),
        "no colour when not a terminal"
    );
}

#[test]
fn a_single_file_can_be_scanned() {
    let dir = testdata("monorepo");
    let r = run_in(&dir, &["report", "-l", "sql/reports/monthly.sql"]).expect(0);
    assert_eq!(r.stdout, "sql/reports/monthly.sql\n");
}

#[test]
fn colour_only_when_asked_and_never_with_no_color_unless_forced() {
    let dir = testdata("monorepo");
    let piped = run_env(&dir, &["report"], &[]).expect(0);
    assert!(
        !piped.stdout.contains('\u{1b}'),
        "auto: not a terminal, no colour"
    );
    let forced = run_env(&dir, &["--color", "always", "report"], &[]).expect(0);
    assert!(forced.stdout.contains('\u{1b}'), "always: colour");
    let no_color = run_env(&dir, &["report"], &[("NO_COLOR", "1")]).expect(0);
    assert!(!no_color.stdout.contains('\u{1b}'), "NO_COLOR: no colour");
    // As with ripgrep, an explicit --color always is the user's last word over NO_COLOR.
    let both = run_env(&dir, &["--color", "always", "report"], &[("NO_COLOR", "1")]).expect(0);
    assert!(both.stdout.contains('\u{1b}'), "--color always wins");
}
