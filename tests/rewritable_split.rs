//! `report` counts as rewritable the filter paths and `referencedTable` values that `rewrite`
//! leaves as they are (the alias it gives their query's embed keeps them valid) and the
//! references a `refscan-ignore` comment keeps: every summary says how its count splits, with
//! the same figures. Run on `testdata/alias-paths`, counted by hand, and on
//! `testdata/monorepo` against its hand-classified findings.

mod util;

use util::{copy_tree, repo_root, run_in, testdata};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

// By hand (see the comment at the top of src/talks.ts): 3 edits, 2 kept by the alias, 1
// suppressed.
const SPLIT: &str = "6 rewritable: 3 edits, 2 filter paths kept valid by the embed alias, 1 suppressed (refscan-ignore)";

#[test]
fn report_and_rewrite_disagreed_on_filter_paths_kept_valid_by_the_embed_alias() {
    // See: issue 13 item 6
    let dir = testdata("alias-paths");
    let r = run_in(&dir, &["report"]).expect(0);
    assert!(r.stdout.contains(&format!("\n  {SPLIT}\n")), "{}", r.stdout);
    let r = run_in(&dir, &["report", "--format", "json"]).expect(0);
    let s = &json(&r.stdout)["summary"];
    let split: Vec<u64> = ["rewritable", "edits", "kept_by_alias", "suppressed"]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .collect();
    assert_eq!(split, [6, 3, 2, 1], "{s}");

    let r = run_in(&dir, &["rewrite"]).expect(0);
    assert!(
        r.stderr
            .contains("refscan: would rewrite 3 references in 1 file (from-call 2, postgrest 1)\n"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("refscan: {SPLIT}\n")),
        "{}",
        r.stderr
    );
    let added = r
        .stdout
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .count();
    assert_eq!(added, 3, "{}", r.stdout);
    // Renamed embeds change their response key, so the paths follow them.
    let r = run_in(&dir, &["rewrite", "--embed-style", "rename"]).expect(0);
    assert!(
        r.stderr.contains("would rewrite 5 references in 1 file")
            && r.stderr
                .contains("refscan: 6 rewritable: 5 edits, 1 suppressed (refscan-ignore)\n"),
        "{}",
        r.stderr
    );

    // check counts the suppressed one apart, and says the same of its errors.
    let r = run_in(&dir, &["check"]).expect(1);
    assert!(
        r.stderr.contains("check: 5 errors, 0 warnings (mentions), 1 suppressed;")
            && r.stderr.contains(
                "refscan: check: 5 rewritable: 3 edits, 2 filter paths kept valid by the embed alias\n"
            ),
        "{}",
        r.stderr
    );
    let r = run_in(&dir, &["check", "--format", "json"]).expect(1);
    let s = &json(&r.stdout)["summary"];
    assert_eq!(
        (&s["rewritable"], &s["kept_by_alias"]),
        (&5.into(), &2.into())
    );
    let r = run_in(&dir, &["check", "--format", "sarif"]).expect(1);
    let notes = &json(&r.stdout)["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(
        notes[0]["message"]["text"],
        "5 rewritable: 3 edits, 2 filter paths kept valid by the embed alias"
    );

    // Once rewritten, the paths name the embed's alias and the gate passes.
    let copy = copy_tree(&dir);
    run_in(copy.path(), &["rewrite", "--write"]).expect(0);
    let r = run_in(copy.path(), &["check"]).expect(0);
    assert!(r.stderr.contains("check: 0 errors"), "{}", r.stderr);
    let r = run_in(copy.path(), &["report", "--format", "json"]).expect(0);
    let s = &json(&r.stdout)["summary"];
    assert_eq!((&s["rewritable"], &s["suppressed"]), (&1.into(), &1.into()));
}

#[test]
fn monorepo_split_matches_the_hand_classified_findings() {
    // See: issue 13 item 6
    // The oracle: rewritable findings of tests/golden/monorepo.findings (not history, not a
    // kind left for review), and among them those marked via-alias (filter paths and
    // referencedTable values of an unaliased embed's query).
    let golden =
        std::fs::read_to_string(repo_root().join("tests/golden/monorepo.findings")).unwrap();
    let review = [
        "mention",
        "table-string",
        "dynamic-from",
        "unresolved-embed",
        "docs",
    ];
    // `path:line:col: old kind[/site][ via-alias][ history]`
    let rewritable: Vec<Vec<&str>> = golden
        .lines()
        .map(|l| l.split_whitespace().skip(2).collect::<Vec<_>>())
        .filter(|w| {
            let kind = w[0].split('/').next().unwrap();
            !w.contains(&"history") && !review.contains(&kind)
        })
        .collect();
    let kept = rewritable
        .iter()
        .filter(|w| w.contains(&"via-alias"))
        .count();
    let (total, edits) = (rewritable.len(), rewritable.len() - kept);
    assert!(kept > 0 && edits > 0, "{total} {kept}");

    let dir = testdata("monorepo");
    let split = format!(
        "{total} rewritable: {edits} edits, {kept} filter paths kept valid by the embed alias"
    );
    let r = run_in(&dir, &["report"]).expect(0);
    assert!(r.stdout.contains(&format!("\n  {split}\n")), "{}", r.stdout);
    let r = run_in(&dir, &["rewrite"]).expect(0);
    assert!(
        r.stderr
            .contains(&format!("refscan: would rewrite {edits} references in ")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("refscan: {split}\n")),
        "{}",
        r.stderr
    );
}
