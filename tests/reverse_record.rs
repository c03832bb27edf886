//! `rewrite --write` records what it writes; `--reverse` reverts exactly that, and a new name
//! the code already uses is refused unless refscan wrote it (issue 20 item 2).

mod util;

use std::path::{Path, PathBuf};

use util::{copy_tree, run_in, snapshot, testdata};

/// A copy of a fixture in a repository of its own, so that the record lands in its `.git`.
fn repo_copy(fixture: &str) -> tempfile::TempDir {
    let copy = copy_tree(&testdata(fixture));
    let ok = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(copy.path())
        .status()
        .unwrap()
        .success();
    assert!(ok, "git init");
    copy
}

/// The files of the tree, without the repository's own folder.
fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(root)
        .into_iter()
        .filter(|(p, _)| !p.starts_with(".git"))
        .collect()
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    std::fs::write(dir.join(rel), text).unwrap();
}

#[test]
fn code_that_already_uses_the_new_name_is_refused() {
    let copy = repo_copy("taken-in-code");
    let dir = copy.path();
    let before = files(dir);
    for args in [&["rewrite"][..], &["rewrite", "--write"]] {
        let r = run_in(dir, args).expect(2);
        assert!(
            r.stderr.contains("`chats` -> `chat_history`: the code already uses a table `chat_history` (src/chat.ts:8:25, from-call) and refscan did not write it"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    assert!(files(dir) == before, "a refused run changed files");
    // A rename the migrations record is the same table: allowed.
    std::fs::create_dir_all(dir.join("supabase/migrations")).unwrap();
    write(
        dir,
        "supabase/migrations/20240101000000_rename.sql",
        "alter table chats rename to chat_history;\n",
    );
    run_in(dir, &["rewrite"]).expect(0);
}

#[test]
fn rules_exit_2_when_the_migrations_create_the_new_name() {
    let r = run_in(&testdata("taken-name"), &["rules"]).expect(2);
    assert!(
        r.stderr.contains("error: the plan renames onto a name another table already has (`chats` -> `chat_history`: the migrations create a table `chat_history` of its own)"),
        "{}",
        r.stderr
    );
}

/// A run stopped half-way leaves new names in the code: they are refscan's, and the run must
/// be able to finish. Without the record they would be taken for another table's.
#[test]
fn a_rewrite_run_again_is_not_refused_by_its_own_edits() {
    let copy = repo_copy("taken-in-code");
    let dir = copy.path();
    let chat = read(dir, "src/chat.ts").replace(
        "  return supabase.from('chat_history').select('role, content').eq('chat_id', chatId).order('id')\n",
        "  return null\n",
    );
    write(dir, "src/chat.ts", &chat);
    // The first run reaches one file only.
    run_in(dir, &["rewrite", "--write", "src/chat.ts"]).expect(0);
    assert!(read(dir, "src/chat.ts").contains("from('chat_history')"));
    let r = run_in(dir, &["rewrite", "--write"]).expect(0);
    assert!(
        r.stderr.contains("rewrote 2 references in 1 file"),
        "{}",
        r.stderr
    );
    // The same tree with its record gone: the new names look like another table's.
    let git = dir.join(".git/refscan/edits.jsonl");
    let record = std::fs::read(&git).unwrap();
    std::fs::remove_file(&git).unwrap();
    write(
        dir,
        "src/more.ts",
        "export const m = () => supabase.from('chats').select('*')\n",
    );
    let r = run_in(dir, &["rewrite"]).expect(2);
    assert!(
        r.stderr
            .contains("the code already uses a table `chat_history`"),
        "{}",
        r.stderr
    );
    std::fs::write(&git, record).unwrap();
    run_in(dir, &["rewrite"]).expect(0);
    // Once no old name is left to rewrite, the new names in the code are no concern: a fresh
    // clone (no record) of a finished rewrite runs clean.
    run_in(dir, &["rewrite", "--write"]).expect(0);
    std::fs::remove_file(&git).unwrap();
    run_in(dir, &["rewrite"]).expect(0);
}

#[test]
fn reverse_of_a_forward_run_restores_every_byte() {
    let copy = repo_copy("monorepo");
    let dir = copy.path();
    let before = files(dir);
    run_in(
        dir,
        &["--rules", "bundled", "rewrite", "--write", "--phase", "2"],
    )
    .expect(0);
    run_in(
        dir,
        &["--rules", "bundled", "rewrite", "--write", "--phase", "3"],
    )
    .expect(0);
    run_in(dir, &["--rules", "bundled", "rewrite", "--write"]).expect(0);
    assert!(files(dir) != before);
    // Phase by phase, in any order, then the rest.
    run_in(
        dir,
        &[
            "--rules",
            "bundled",
            "rewrite",
            "--write",
            "--reverse",
            "--phase",
            "2",
        ],
    )
    .expect(0);
    run_in(
        dir,
        &["--rules", "bundled", "rewrite", "--write", "--reverse"],
    )
    .expect(0);
    let after = files(dir);
    for ((p, a), (_, b)) in before.iter().zip(&after) {
        assert!(a == b, "{} differs after the reverse", p.display());
    }
    assert_eq!(before.len(), after.len());
}

/// A new name written by hand after the forward run is not refscan's: the reverse leaves it,
/// and says so, while every edit of refscan's goes back.
#[test]
fn reverse_reverts_only_what_refscan_wrote() {
    let copy = repo_copy("taken-in-code");
    let dir = copy.path();
    std::fs::remove_file(dir.join("src/chat.ts")).unwrap();
    let inbox = read(dir, "src/inbox.ts");
    run_in(dir, &["rewrite", "--write"]).expect(0);
    let written = read(dir, "src/inbox.ts");
    assert!(written.contains("chats:chat_history(title)"), "{written}");
    // Code added since: a new file, and a line at the top of a file refscan wrote.
    let hand = "export const h = () => supabase.from('chat_history').select('*')\n";
    write(dir, "src/hand.ts", hand);
    write(dir, "src/inbox.ts", &format!("// reviewed\n{written}"));
    let r = run_in(dir, &["rewrite", "--write", "--reverse"]).expect(0);
    assert!(
        r.stderr.contains("left 1 reference to new names that refscan did not write (the record of its edits has none there):\nrefscan:   src/hand.ts:1:39: chat_history"),
        "{}",
        r.stderr
    );
    assert_eq!(read(dir, "src/hand.ts"), hand);
    assert_eq!(read(dir, "src/inbox.ts"), format!("// reviewed\n{inbox}"));
}

/// A file changed since refscan wrote it that names a new name more often than refscan wrote
/// it: refscan cannot tell which are its own, so it leaves the file and fails.
#[test]
fn reverse_leaves_a_file_it_cannot_tell_apart_and_exits_2() {
    let copy = repo_copy("taken-in-code");
    let dir = copy.path();
    std::fs::remove_file(dir.join("src/chat.ts")).unwrap();
    run_in(dir, &["rewrite", "--write"]).expect(0);
    let changed = format!(
        "{}export const x = () => supabase.from('chat_history').select('*')\n",
        read(dir, "src/inbox.ts")
    );
    write(dir, "src/inbox.ts", &changed);
    let r = run_in(dir, &["rewrite", "--write", "--reverse"]).expect(2);
    assert!(
        r.stderr.contains("src/inbox.ts: changed since refscan wrote it, and names the new names 3 times where refscan wrote 2: left as it is"),
        "{}",
        r.stderr
    );
    assert_eq!(read(dir, "src/inbox.ts"), changed);
}

#[test]
fn a_broken_record_is_an_error_naming_its_line() {
    let copy = repo_copy("taken-in-code");
    let dir = copy.path();
    std::fs::remove_file(dir.join("src/chat.ts")).unwrap();
    run_in(dir, &["rewrite", "--write"]).expect(0);
    let path = dir.join(".git/refscan/edits.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    // A partial last line is what a run killed while appending leaves: not an error.
    let partial = r#"{"v":1,"path":"src/x.ts","bef"#;
    std::fs::write(&path, format!("{text}{partial}")).unwrap();
    run_in(dir, &["rewrite", "--reverse"]).expect(0);
    std::fs::write(&path, format!("{text}{partial}\n")).unwrap();
    let r = run_in(dir, &["rewrite", "--reverse"]).expect(2);
    assert!(
        r.stderr
            .contains("edits.jsonl:3: not an entry of refscan's edit record"),
        "{}",
        r.stderr
    );
}
