//! `refscan init` on the example tree and on a real database: the starter file groups shared
//! prefixes, lists every other table in a placeholder, validates, is never overwritten without
//! --force, and a mistake made while filling it in is reported at its line.

mod migrate_common;
mod util;

use std::path::Path;

use util::{copy_tree, run_in, testdata};

fn example() -> tempfile::TempDir {
    copy_tree(&testdata("monorepo"))
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn init_on_the_example_writes_a_plan_that_validates() {
    // See: issue 15 item 5
    let dir = example();
    let run = run_in(dir.path(), &["init"]).expect(0);
    let file = dir.path().join("refscan.toml");
    let text = read(&file);
    assert!(
        run.stderr
            .contains("refscan: wrote ./refscan.toml (21 tables, 4 prefix groups)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("it validates as it is"),
        "{}",
        run.stderr
    );
    // Shared prefixes are groups that keep their tables' names.
    assert!(
        text.contains(
            "[[group]]\nprefix = \"sync_\"\ntitle = \"sync\"\nunchanged = [\n  \"sync_history\","
        ),
        "{text}"
    );
    // A table created and named in the generated types says so; the others go to the placeholder.
    assert!(
        text.contains("\"documentation_files\",           # in migrations and types"),
        "{text}"
    );
    assert!(text.contains("# experts = \"app_experts\""), "{text}");
    assert!(text.contains("# mime_types = \"app_mime_types\""), "{text}");
    // It is found from the project root and validates.
    let rules = run_in(dir.path(), &["rules"]).expect(0);
    assert!(
        rules
            .stderr
            .contains("refscan.toml (0 renamed tables in 2 phases)"),
        "{}",
        rules.stderr
    );
    assert!(
        rules
            .stdout
            .contains("4 groups, 9 tables (0 renamed, 9 unchanged), 2 phases"),
        "{}",
        rules.stdout
    );
}

#[test]
fn init_never_overwrites_without_force() {
    // See: issue 15 item 5
    let dir = example();
    let file = dir.path().join("refscan.toml");
    std::fs::write(&file, "# mine\n").unwrap();
    let run = run_in(dir.path(), &["init"]).expect(2);
    assert!(
        run.stderr.contains("error: ./refscan.toml already exists"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: edit it, or give --force to replace it"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&file), "# mine\n");
    run_in(dir.path(), &["init", "--force"]).expect(0);
    assert!(read(&file).starts_with("# refscan rules, written by `refscan init`"));
    // Nothing else is left in the folder: the file was written through a renamed temporary.
    let stray: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_mistake_in_the_filled_in_file_is_reported_at_its_line() {
    // See: issue 15 item 5
    let dir = example();
    run_in(dir.path(), &["init"]).expect(0);
    let file = dir.path().join("refscan.toml");
    // Uncomment the placeholder group and one table, but give it a name without the prefix.
    let text = read(&file)
        .replace(
            "# [[group]]\n# prefix = \"app_\"\n# title = \"Application\"\n# [group.rename]\n",
            "[[group]]\nprefix = \"app_\"\ntitle = \"Application\"\n[group.rename]\n",
        )
        .replace(
            "# experts = \"app_experts\"",
            "experts = \"expert_profiles\"",
        );
    std::fs::write(&file, &text).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("experts = "))
        .unwrap()
        + 1;
    let run = run_in(dir.path(), &["rules"]).expect(2);
    assert!(
        run.stderr.contains(&format!("refscan.toml:{line}:")) && run.stderr.contains("new name `expert_profiles` (for `experts`) does not start with its group's prefix `app_`"),
        "line {line}:\n{}",
        run.stderr
    );
}

#[test]
fn a_project_without_shared_prefixes_is_told_where_to_edit() {
    // See: issue 15 item 5
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("supabase/migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    std::fs::write(
        migrations.join("20240101000000_init.sql"),
        "create table experts (id int);\ncreate table emails (id int);\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["init"]).expect(0);
    let text = read(&dir.path().join("refscan.toml"));
    let line = text.lines().position(|l| l == "# [[group]]").unwrap() + 1;
    assert!(
        run.stderr.contains(&format!(
            "refscan: ./refscan.toml:{line}:1: uncomment this group and fill it in"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_that_is_no_project_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init"]).expect(2);
    assert!(
        run.stderr
            .contains("has no supabase/migrations folder and no generated Supabase types"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: run refscan init from the project root"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("refscan.toml").exists());
}

#[test]
fn init_from_a_database_lists_row_estimates_and_rls() {
    // See: issue 15 item 5
    let db = migrate_common::TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    db.exec("INSERT INTO t_a SELECT g, 'x' FROM generate_series(1001, 1040) g; ANALYZE;");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.toml");
    let run = run_in(
        dir.path(),
        &[
            "init",
            "--database-url",
            &db.url,
            "-o",
            out.to_str().unwrap(),
        ],
    )
    .expect(0);
    let text = read(&out);
    assert!(
        text.contains("written by `refscan init` from the database postgres://"),
        "{text}"
    );
    assert!(
        text.contains("\"t_a\",") && text.contains("\"t_a\",     # ~42 rows, RLS off"),
        "{text}"
    );
    assert!(text.contains("# notes = \"app_notes\""), "{text}");
    let notes = text.lines().find(|l| l.starts_with("# notes = ")).unwrap();
    assert!(notes.contains("RLS on"), "{notes}");
    assert!(
        run.stderr.contains("it validates as it is"),
        "{}",
        run.stderr
    );
    run_in(dir.path(), &["--rules", out.to_str().unwrap(), "rules"]).expect(0);
}
