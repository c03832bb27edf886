//! Hidden files and folders are left out as ripgrep leaves them (`--hidden` or `hidden = true`
//! scans them), but the old names in them are counted in the same walk and every summary says
//! so: `report` (text, JSON, JSON Lines, HTML), `check` (stderr, JSON, SARIF, GitHub) and
//! `rewrite` (stderr). Run on `testdata/monorepo` (`.cache/`, `.archived_scripts/`) and on
//! trees made here.

mod util;

use std::path::Path;

use util::{run_in, testdata};

const NOTE: &str = "4 references in 2 hidden files not scanned: pass --hidden";

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn old_names_in_skipped_hidden_files_are_counted_in_every_summary() {
    // See: issue 13 item 1
    // `.cache/query-log.sql` names experts and emails once each, and
    // `.archived_scripts/backfill-experts.ts` calls .from() on both: 4 names in 2 files.
    let dir = testdata("monorepo");
    let r = run_in(&dir, &["report"]).expect(0);
    assert!(r.stdout.contains(&format!("\n  {NOTE}\n")), "{}", r.stdout);
    let r = run_in(&dir, &["report", "--format", "json"]).expect(0);
    let s = &json(&r.stdout)["summary"];
    assert_eq!(
        (&s["hidden_files"], &s["hidden_references"]),
        (&2.into(), &4.into())
    );
    let r = run_in(&dir, &["report", "--format", "jsonl"]).expect(0);
    let last = json(r.stdout.lines().last().unwrap());
    assert_eq!(last["summary"]["hidden_references"], 4);
    let r = run_in(&dir, &["report", "--format", "html"]).expect(0);
    assert!(
        r.stdout
            .contains(&format!("<p class=\"hidden-note\">{NOTE}</p>")),
        "{}",
        r.stdout
    );

    let r = run_in(&dir, &["--rules", "bundled", "check"]);
    assert!(
        r.stderr.contains(&format!("refscan: check: {NOTE}\n")),
        "{}",
        r.stderr
    );
    let r = run_in(&dir, &["--rules", "bundled", "check", "--format", "json"]);
    let s = &json(&r.stdout)["summary"];
    assert_eq!(
        (&s["hidden_files"], &s["hidden_references"]),
        (&2.into(), &4.into())
    );
    let r = run_in(&dir, &["--rules", "bundled", "check", "--format", "sarif"]);
    let doc = json(&r.stdout);
    let notes: Vec<&str> = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["message"]["text"].as_str().unwrap())
        .collect();
    assert!(notes.contains(&NOTE), "{notes:?}");
    assert_eq!(doc["runs"][0]["properties"]["summary"]["hidden_files"], 2);
    let r = run_in(&dir, &["--rules", "bundled", "check", "--format", "github"]);
    assert!(
        r.stdout
            .contains(&format!("::notice title=refscan::{NOTE}\n")),
        "{}",
        r.stdout
    );

    let r = run_in(&dir, &["rewrite"]).expect(0);
    assert!(
        r.stderr.contains(&format!("refscan: {NOTE}\n")),
        "{}",
        r.stderr
    );
}

#[test]
fn hidden_scans_the_hidden_files_and_drops_the_note() {
    // See: issue 13 item 1
    let dir = testdata("monorepo");
    let r = run_in(&dir, &["report", "--hidden", "-l"]).expect(0);
    assert!(
        r.stdout
            .lines()
            .any(|l| l == ".archived_scripts/backfill-experts.ts"),
        "{}",
        r.stdout
    );
    let r = run_in(&dir, &["report", "--hidden"]).expect(0);
    assert!(!r.stdout.contains("hidden file"), "{}", r.stdout);
    let r = run_in(&dir, &["report", "--hidden", "--format", "json"]).expect(0);
    assert_eq!(json(&r.stdout)["summary"]["hidden_files"], 0);
    // The count is of the selection's names: asset_types is in no hidden file.
    let r = run_in(&dir, &["report", "--table", "asset_types"]).expect(0);
    assert!(!r.stdout.contains("hidden file"), "{}", r.stdout);
}

fn write(root: &Path, rel: &str, body: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, body).unwrap();
}

const RULES: &str = r#"name = "hidden fixture"

[[group]]
prefix = "expert_"
title = "Experts"
[group.rename]
experts = "expert_profiles"
domains = "expert_domains"

[[phase]]
id = "1"
title = "Experts"
groups = ["expert_"]
"#;

/// A tree with hidden files of every sort: 2 that count (3 names), and those that do not.
fn hidden_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "refscan.toml", RULES.as_bytes());
    write(
        root,
        "src/a.ts",
        b"export const q = supabase.from('experts')\n",
    );
    // Two names on one line count twice.
    write(
        root,
        ".archived_scripts/old.ts",
        b"await supabase.from('experts').select('id').eq('kind', 'experts')\n",
    );
    write(root, ".env", b"TABLE=experts\n");
    // Ignored: a hidden folder that .gitignore names is never walked.
    write(root, ".gitignore", b".cache/\n");
    write(root, ".cache/big/query.sql", b"select * from experts;\n");
    // Never walked, even with --hidden.
    write(root, ".git/HEAD", b"experts\n");
    // refscan's own: the shards' outputs and a baseline name old tables by design.
    write(root, ".refscan/shard-1.json", b"{\"old\": \"experts\"}\n");
    write(root, ".refscan-baseline.json", b"{\"old\": \"experts\"}\n");
    // Binary: refers to no table.
    write(root, ".bin/blob", b"experts\0\x01\x02");
    dir
}

#[test]
fn the_hidden_count_follows_the_ignore_rules_and_leaves_out_refscans_own_files() {
    // See: issue 13 item 1
    let dir = hidden_tree();
    let r = run_in(dir.path(), &["report", "--format", "json"]).expect(0);
    let s = &json(&r.stdout)["summary"];
    assert_eq!(
        (&s["hidden_files"], &s["hidden_references"]),
        (&2.into(), &3.into())
    );
    // src/a.ts only: the rules file is refscan's own, and hidden files are not searched.
    assert_eq!(s["files_searched"], 1, "{s}");
    let r = run_in(dir.path(), &["report", "--table", "domains"]).expect(0);
    assert!(!r.stdout.contains("hidden file"), "{}", r.stdout);
    let r = run_in(dir.path(), &["check"]).expect(1);
    assert!(
        r.stderr.contains(
            "refscan: check: 3 references in 2 hidden files not scanned: pass --hidden\n"
        ),
        "{}",
        r.stderr
    );
    // With --hidden they are scanned: the from-call in .archived_scripts is a finding.
    let r = run_in(dir.path(), &["report", "--hidden", "-l"]).expect(0);
    assert_eq!(r.stdout, ".archived_scripts/old.ts\nsrc/a.ts\n");
}

#[test]
fn hidden_true_in_the_rules_scans_hidden_files_and_no_hidden_undoes_it() {
    // See: issue 13 item 1
    let dir = hidden_tree();
    write(
        dir.path(),
        "refscan.toml",
        format!("hidden = true\n{RULES}").as_bytes(),
    );
    let r = run_in(dir.path(), &["report", "-l"]).expect(0);
    assert_eq!(r.stdout, ".archived_scripts/old.ts\nsrc/a.ts\n");
    let r = run_in(dir.path(), &["report"]).expect(0);
    assert!(!r.stdout.contains("hidden file"), "{}", r.stdout);
    let r = run_in(dir.path(), &["report", "--no-hidden"]).expect(0);
    assert!(
        r.stdout
            .contains("3 references in 2 hidden files not scanned: pass --hidden"),
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_hidden_folder_left_out_does_not_make_the_scan_incomplete() {
    // See: issue 13 item 1
    use std::os::unix::fs::PermissionsExt as _;
    let dir = hidden_tree();
    let locked = dir.path().join(".private");
    write(
        dir.path(),
        ".private/notes.sql",
        b"select * from experts;\n",
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root every folder is readable: then there is nothing to show.
    if std::fs::read_dir(&locked).is_ok() {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let r = run_in(dir.path(), &["report"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let r = r.expect(0);
    assert!(!r.stderr.contains(".private"), "{}", r.stderr);
    // With --hidden it is part of the scan, which is then incomplete.
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let r = run_in(dir.path(), &["report", "--hidden"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    r.expect(2);
}
