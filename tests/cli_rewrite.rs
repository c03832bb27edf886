//! `refscan rewrite`: golden diffs per group, and the guarantees of `--write` on a copy of the
//! fixture monorepo: check passes afterwards, idempotence, exact reverse, bytes and metadata
//! that must not change.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use util::{copy_tree, repo_root, run_in, snapshot, testdata};

const GROUPS: [&str; 13] = [
    "auth_", "doc_", "expert_", "google_", "email_", "media_", "script_", "command_", "ai_",
    "learn_", "batch_", "sys_", "filter_",
];

/// Golden diffs are reviewed by hand; `REFSCAN_BLESS=1` rewrites them after a deliberate change.
#[test]
fn diff_per_group_matches_the_reviewed_golden_file() {
    // On a copy outside any repository, so that the header paths are the fixture's own
    // (inside a repository they are relative to its root, as git writes them).
    let copy = copy_tree(&testdata("monorepo"));
    let dir = copy.path().to_path_buf();
    let bless = std::env::var_os("REFSCAN_BLESS").is_some();
    for g in GROUPS {
        let r = run_in(&dir, &["rewrite", "--group", g]).expect(0);
        let golden = repo_root().join(format!("tests/golden/rewrite/{g}.diff"));
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &r.stdout).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
        pretty_assertions::assert_eq!(r.stdout, expected, "group {g}");
    }
}

fn json_findings(dir: &Path, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let r = run_in(dir, &args).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

fn under_migrations(snap: &[(std::path::PathBuf, Vec<u8>)]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    snap.iter()
        .filter(|(p, _)| p.starts_with("supabase/migrations"))
        .cloned()
        .collect()
}

#[test]
fn write_then_check_passes_and_a_second_write_changes_nothing() {
    let copy = copy_tree(&testdata("monorepo"));
    let dir = copy.path();
    let before = snapshot(dir);
    run_in(dir, &["check"]).expect(1);
    let w = run_in(dir, &["rewrite", "--write"]).expect(0);
    assert!(w.stdout.is_empty(), "--write prints no diff: {}", w.stdout);
    let after = snapshot(dir);
    assert_ne!(before, after);
    // The Latin-1 file names `experts` but cannot be read as UTF-8, so it is neither rewritten
    // nor passed by the gate until it is converted or left out.
    let r = run_in(dir, &["check"]).expect(1);
    assert!(
        r.stdout
            .contains("sql/legacy/import_experts_latin1.sql: error[skipped-file]"),
        "{}",
        r.stdout
    );
    run_in(dir, &["check", "-g", "!sql/legacy/*"]).expect(0);
    let again = run_in(dir, &["rewrite", "--write"]).expect(0);
    assert!(
        again.stderr.contains("rewrote 0 references in 0 files"),
        "{}",
        again.stderr
    );
    assert_eq!(snapshot(dir), after, "a second --write changed files");
    assert_eq!(
        under_migrations(&before),
        under_migrations(&after),
        "history was rewritten"
    );
}

#[test]
fn reverse_rewrite_restores_the_original_bytes() {
    let copy = copy_tree(&testdata("monorepo"));
    let dir = copy.path();
    let before = snapshot(dir);
    run_in(dir, &["rewrite", "--write"]).expect(0);
    run_in(dir, &["rewrite", "--write", "--reverse"]).expect(0);
    let after = snapshot(dir);
    for ((p, a), (_, b)) in before.iter().zip(&after) {
        pretty_assertions::assert_eq!(
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b),
            "{} differs after the round trip",
            p.display()
        );
    }
    assert_eq!(before, after);
}

#[test]
fn mentions_stay_where_they_were() {
    let copy = copy_tree(&testdata("monorepo"));
    let dir = copy.path();
    let key = |f: &serde_json::Value| {
        (
            f["path"].to_string(),
            f["line"].as_u64(),
            f["old"].to_string(),
        )
    };
    let mentions = |fs: Vec<serde_json::Value>| {
        let mut m: BTreeMap<_, usize> = BTreeMap::new();
        for f in fs
            .iter()
            .filter(|f| f["kind"] == "mention" && f["history"] == false)
        {
            *m.entry(key(f)).or_default() += 1;
        }
        m
    };
    let before = mentions(json_findings(dir, &[]));
    run_in(dir, &["rewrite", "--write"]).expect(0);
    let after = mentions(json_findings(dir, &[]));
    assert!(!before.is_empty());
    assert_eq!(before, after);
}

#[cfg(unix)]
#[test]
fn line_endings_bom_and_permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let copy = copy_tree(&testdata("monorepo"));
    let dir = copy.path();
    let crlf = dir.join("apps/web/lib/queries/sources.ts");
    // The fixture's BOM file holds mentions only; this one has a reference to rewrite.
    let bom = dir.join("apps/web/lib/bom-query.ts");
    std::fs::write(
        &bom,
        "\u{feff}export const q = () => supabase.from('experts').select('*')\n",
    )
    .unwrap();
    std::fs::set_permissions(&crlf, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::set_permissions(&bom, std::fs::Permissions::from_mode(0o755)).unwrap();
    let crlf_before = std::fs::read(&crlf).unwrap();
    let bom_before = std::fs::read(&bom).unwrap();
    run_in(dir, &["rewrite", "--write"]).expect(0);
    let crlf_after = std::fs::read(&crlf).unwrap();
    let bom_after = std::fs::read(&bom).unwrap();
    assert_ne!(
        crlf_before, crlf_after,
        "the CRLF file has references to rewrite"
    );
    assert_ne!(
        bom_before, bom_after,
        "the BOM file has references to rewrite"
    );
    let count = |b: &[u8], pat: &[u8]| b.windows(pat.len()).filter(|w| *w == pat).count();
    assert_eq!(
        count(&crlf_after, b"\r\n"),
        count(&crlf_after, b"\n"),
        "a bare LF appeared"
    );
    assert_eq!(count(&crlf_before, b"\n"), count(&crlf_after, b"\n"));
    assert_eq!(crlf_before.ends_with(b"\n"), crlf_after.ends_with(b"\n"));
    assert!(bom_after.starts_with(b"\xEF\xBB\xBF"));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&crlf), 0o640);
    assert_eq!(mode(&bom), 0o755);
    let leftovers: Vec<_> = snapshot(dir)
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().contains(".refscan-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn dry_run_changes_nothing() {
    let copy = copy_tree(&testdata("monorepo"));
    let before = snapshot(copy.path());
    let r = run_in(copy.path(), &["rewrite"]).expect(0);
    assert!(r.stdout.starts_with("diff --git a/"), "{}", r.stdout);
    assert_eq!(snapshot(copy.path()), before);
}

#[test]
fn rename_style_lists_reads_of_the_old_key() {
    let copy = copy_tree(&testdata("monorepo"));
    let r = run_in(
        copy.path(),
        &["rewrite", "--embed-style", "rename", "--group", "google_"],
    )
    .expect(0);
    assert!(
        r.stderr.contains("check these reads of the old key"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("apps/web/components/DocumentTable.tsx:"),
        "{}",
        r.stderr
    );
}

#[test]
fn constraint_renames_in_the_rules_update_postgrest_hints() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("refscan.toml"),
        "[[group]]\nprefix = \"expert_\"\n[group.rename]\nexperts = \"expert_profiles\"\n\
         [[phase]]\nid = \"1\"\ngroups = [\"expert_\"]\n\
         [constraints]\nexperts_source_id_fkey = \"expert_profiles_source_id_fkey\"\n",
    )
    .unwrap();
    // The second file names no old table, only the old constraint in a hint.
    std::fs::write(
        dir.path().join("a.ts"),
        "db.from('experts').select('id, src:sources!experts_source_id_fkey(id)')\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.ts"),
        "db.from('docs').select('x!experts_source_id_fkey ( id )')\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["rewrite", "--write", "."]).expect(0);
    assert!(
        r.stderr.contains("renamed 2 PostgREST hints"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.ts")).unwrap(),
        "db.from('expert_profiles').select('id, src:sources!expert_profiles_source_id_fkey(id)')\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.ts")).unwrap(),
        "db.from('docs').select('x!expert_profiles_source_id_fkey ( id )')\n"
    );
    run_in(dir.path(), &["rewrite", "--write", "--reverse", "."]).expect(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.ts")).unwrap(),
        "db.from('docs').select('x!experts_source_id_fkey ( id )')\n"
    );
}

/// A dry run renders its diffs during the scan, or, past `--diff-memory`, after it by reading
/// the files again; both must print the same bytes.
#[test]
fn diffs_made_after_the_scan_match_those_made_during_it() {
    let dir = testdata("monorepo");
    for extra in [&[][..], &["--embed-style", "rename"], &["--reverse"]] {
        let mut args = vec!["rewrite"];
        args.extend_from_slice(extra);
        let during = run_in(&dir, &args).expect(0);
        args.extend_from_slice(&["--diff-memory", "0"]);
        let after = run_in(&dir, &args).expect(0);
        pretty_assertions::assert_eq!(during.stdout, after.stdout, "{extra:?}");
        assert_eq!(during.stderr, after.stderr, "{extra:?}");
    }
}

/// The printed diff is the one `--write` carries out: `git apply` of the dry run's output on
/// one copy gives the same tree as `--write` on another.
#[test]
fn dry_run_diff_applies_to_what_write_writes() {
    for style in ["alias", "rename"] {
        let applied = copy_tree(&testdata("monorepo"));
        let written = copy_tree(&testdata("monorepo"));
        let diff = run_in(applied.path(), &["rewrite", "--embed-style", style]).expect(0);
        let patch = applied.path().join("..").join(format!(
            "{}.patch",
            applied.path().file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&patch, &diff.stdout).unwrap();
        let git = std::process::Command::new("git")
            .args(["apply", "--whitespace=nowarn", "-p1"])
            .arg(&patch)
            .current_dir(applied.path())
            .output()
            .expect("git runs");
        std::fs::remove_file(&patch).unwrap();
        assert!(
            git.status.success(),
            "git apply: {}",
            String::from_utf8_lossy(&git.stderr)
        );
        run_in(
            written.path(),
            &["rewrite", "--write", "--embed-style", style],
        )
        .expect(0);
        assert!(
            snapshot(applied.path()) == snapshot(written.path()),
            "style {style}: the applied diff and --write differ"
        );
    }
}

/// `cd supabase && refscan rewrite --write` once rewrote `migrations/*.sql`: the folder is
/// matched where it lies in the project, not from the current folder.
// See: issue 12 item 2
#[test]
fn migrations_folder_is_found_whatever_the_current_folder() {
    // In a repository, with the bundled plan.
    let copy = copy_tree(&testdata("monorepo"));
    std::fs::create_dir(copy.path().join(".git")).unwrap();
    let before = snapshot(copy.path());
    let r = run_in(&copy.path().join("supabase"), &["rewrite", "--write"]).expect(0);
    assert!(
        r.stderr
            .contains("left 5 files in the migrations folder untouched"),
        "{}",
        r.stderr
    );
    let after = snapshot(copy.path());
    assert_eq!(
        under_migrations(&before),
        under_migrations(&after),
        "history was rewritten"
    );
    assert_ne!(
        before, after,
        "supabase/seed.sql is not history and is rewritten"
    );
    // Without a repository, with a rules file at the root and the folder given as the PATH.
    let copy = copy_tree(&testdata("monorepo"));
    std::fs::copy(
        repo_root().join("rules/dhg.toml"),
        copy.path().join("refscan.toml"),
    )
    .unwrap();
    let before = snapshot(copy.path());
    let r = run_in(
        &copy.path().join("supabase"),
        &["rewrite", "--write", "migrations"],
    )
    .expect(0);
    assert!(
        r.stderr.contains("rewrote 0 references in 0 files"),
        "{}",
        r.stderr
    );
    assert!(snapshot(copy.path()) == before);
}

fn git_in(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

/// Names git must quote, and a PATH of `.` (which once gave `a/./x`).
// See: issue 12 item 9
#[test]
fn dry_run_diff_headers_are_what_git_apply_takes() {
    use std::os::unix::ffi::OsStrExt;
    let names: [&[u8]; 8] = [
        b"plain.sql",
        b"a b.sql",
        b"tab\there.sql",
        b"new\nline.sql",
        b"quote\"d.sql",
        b"back\\slash.sql",
        b"caf\xe9.sql",
        b"sub/deep er.sql",
    ];
    let dir = tempfile::tempdir().unwrap();
    for n in names {
        let p = dir.path().join(std::ffi::OsStr::from_bytes(n));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "select * from experts;\n").unwrap();
    }
    // Runs a dry run in `cwd` and `git apply --check` of its output in `apply_in`.
    let check_in = |cwd: &Path, apply_in: &Path, args: &[&str], expect_files: usize| {
        let mut all = vec!["--rules", "bundled", "rewrite"];
        all.extend_from_slice(args);
        let out = std::process::Command::new(util::bin())
            .args(&all)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(
            !out.stdout.windows(4).any(|w| w == b"a/./"),
            "a ./ in a header"
        );
        let patch = dir.path().join("..").join(format!(
            "{}.patch",
            dir.path().file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&patch, &out.stdout).unwrap();
        let git = git_in(
            apply_in,
            &["apply", "--check", "-v", patch.to_str().unwrap()],
        );
        std::fs::remove_file(&patch).unwrap();
        let said = String::from_utf8_lossy(&git.stderr).into_owned();
        assert!(
            git.status.success(),
            "{args:?} in {}: {said}",
            cwd.display()
        );
        assert_eq!(
            said.matches("Checking patch").count(),
            expect_files,
            "{said}"
        );
        assert!(!said.contains("Skipped"), "{said}");
        out.stdout
    };
    let check = |cwd: &Path, args: &[&str], n: usize| check_in(cwd, cwd, args, n);
    // Outside a repository, relative to the current folder.
    let diff = check(dir.path(), &["."], names.len());
    let has = |needle: &[u8]| diff.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"--- \"a/caf\\351.sql\"\n+++ \"b/caf\\351.sql\"\n"));
    assert!(has(b"--- a/a b.sql\t\n+++ b/a b.sql\t\n"));
    assert!(has(
        b"diff --git \"a/new\\nline.sql\" \"b/new\\nline.sql\"\n"
    ));
    // In a repository, relative to its root, from any folder of it.
    assert!(git_in(dir.path(), &["init", "-q"]).status.success());
    check(dir.path(), &[], names.len());
    let diff = check(&dir.path().join("sub"), &[], 1);
    assert!(diff
        .starts_with(b"diff --git a/sub/deep er.sql b/sub/deep er.sql\n--- a/sub/deep er.sql\t\n"));
    // git applies a patch to the files under the current folder only: from the root, all.
    check_in(&dir.path().join("sub"), dir.path(), &[".."], names.len());
}

/// `chats = "chat_history"` where `chat_history` is a table of its own: `rewrite` (dry run,
/// `--write`, `--reverse`) refuses, naming both, and changes nothing.
// See: issue 20 item 2
#[test]
fn rename_onto_a_name_another_table_has_is_refused() {
    let copy = copy_tree(&testdata("taken-name"));
    let dir = copy.path();
    let before = snapshot(dir);
    for args in [
        &["rewrite"][..],
        &["rewrite", "--write"],
        &["rewrite", "--write", "--reverse"],
    ] {
        let r = run_in(dir, args).expect(2);
        assert!(
            r.stderr.contains("refusing to rename onto a name another table already has (`chats` -> `chat_history`: the migrations create a table `chat_history` of its own"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    assert!(snapshot(dir) == before, "a refused run changed files");
    // The generated types alone tell it too.
    std::fs::remove_dir_all(dir.join("supabase")).unwrap();
    let r = run_in(dir, &["rewrite", "--write"]).expect(2);
    assert!(
        r.stderr.contains("`chats` -> `chat_history`: types/database.types.ts has a table `chat_history` of its own under Tables"),
        "{}",
        r.stderr
    );
    // A rename the migrations record is the same table: allowed.
    std::fs::remove_file(dir.join("types/database.types.ts")).unwrap();
    let m = dir.join("supabase/migrations");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(
        m.join("1.sql"),
        "create table chats (id int);\nalter table chats rename to chat_history;\n",
    )
    .unwrap();
    run_in(dir, &["rewrite", "--write"]).expect(0);
    assert!(std::fs::read_to_string(dir.join("src/chat.ts"))
        .unwrap()
        .contains(".from('chat_history').select('id, title')"));
}
