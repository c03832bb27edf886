//! The way back: `refscan backup --group` archives restored by `refscan restore` into an empty
//! database (one group, then all groups) and into the same database after a failed phase and
//! damaged rows, on the bundled fixture with foreign keys and views across groups (google_ ->
//! expert_, the sys_ compatibility views and domain_page_counts). `pg_dump --schema-only` and
//! the rows of every table before the backup and after the restore must be identical.

mod migrate_common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use migrate_common::*;
use refscan::rules::Rules;

fn bundled() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules/dhg.toml")
        .to_string_lossy()
        .into_owned()
}

/// `pg_dump --schema-only` of the whole database, without the lines that differ on every run.
fn schema(db: &TestDb) -> String {
    let out = Command::new("pg_dump")
        .args(["--schema-only", "--dbname", &db.url])
        .output()
        .expect("run pg_dump");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Row count and checksum of every table of the database, by schema-qualified name.
fn rows_of(db: &TestDb) -> BTreeMap<String, (String, String)> {
    let tables: Vec<(String, String)> = db
        .rows(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind = 'r' AND n.nspname IN ('public', 'auth') ORDER BY 1, 2",
        )
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect();
    let mut c = db.client();
    tables
        .into_iter()
        .map(|(s, t)| {
            let r = rows(
                &mut c,
                &format!(
                    "SELECT count(*), md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) FROM \"{s}\".\"{t}\" x"
                ),
            );
            (
                format!("{s}.{t}"),
                (r[0][0].clone().unwrap(), r[0][1].clone().unwrap()),
            )
        })
        .collect()
}

#[track_caller]
fn assert_same_schema(before: &str, after: &str) {
    if before != after {
        let diff = similar::TextDiff::from_lines(before, after)
            .unified_diff()
            .header("before backup", "after restore")
            .to_string();
        panic!("the schemas differ:\n{diff}");
    }
}

fn restore(db: &TestDb, files: &[PathBuf]) -> Run {
    let rules = bundled();
    let mut args = vec!["--rules".to_string(), rules, "restore".to_string()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    args.extend([
        "--database-url".to_string(),
        db.url.clone(),
        "--yes".to_string(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refscan(&args)
}

/// An empty database of a Supabase project: the platform's roles, auth schema and publication,
/// none of the project's tables.
fn empty() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db
}

#[test]
fn bug_group_backups_could_not_be_restored() {
    // See: issue 16 item 4
    // pg_restore --clean of a group's archive tripped on the foreign keys and views of other
    // groups; into an empty database it missed the functions and tables the group's needed.
    let src = bundled_db();
    let rules = bundled();
    for args in [vec!["init"], vec!["apply", "--phase", "2"]] {
        let mut all = vec!["--rules", rules.as_str(), "migrate"];
        all.extend(args);
        all.extend(["--database-url", src.url.as_str(), "--yes"]);
        refscan(&all).ok();
    }
    let schema_before = schema(&src);
    let rows_before = rows_of(&src);

    let dir = tempfile::tempdir().unwrap();
    let mut archives = BTreeMap::new();
    for g in &Rules::bundled().groups {
        let file = dir.path().join(format!("{}dump", g.prefix));
        let run = refscan(&[
            "--rules",
            &rules,
            "backup",
            "--group",
            &g.prefix,
            "-o",
            &file.to_string_lossy(),
            "--database-url",
            &src.url,
        ])
        .ok();
        assert!(
            run.stdout.contains("backed up the schema and the rows of"),
            "{}",
            run.stdout
        );
        archives.insert(g.prefix.clone(), file);
    }
    let group_tables = |prefix: &str| -> Vec<String> {
        let r = Rules::bundled();
        let gi = r.groups.iter().position(|g| g.prefix == prefix).unwrap();
        r.tables
            .iter()
            .filter(|t| t.group == gi)
            .map(|t| {
                // phase 2 renamed the sys_ tables.
                if prefix == "sys_" {
                    format!("public.{}", t.new)
                } else {
                    format!("public.{}", t.old)
                }
            })
            .collect()
    };

    // (a) One group into an empty database: the whole schema comes back, the group's rows
    // (and the tracking rows) too; the other tables are empty.
    let one = empty();
    let run = restore(&one, &[archives["expert_"].clone()]).ok();
    assert!(run.stdout.contains("restored 1 archive"), "{}", run.stdout);
    assert_same_schema(&schema_before, &schema(&one));
    let rows_one = rows_of(&one);
    let expert = group_tables("expert_");
    for (t, r) in &rows_before {
        if expert.contains(t) || t == "public.sys_table_migrations" {
            assert_eq!(&rows_one[t], r, "{t}");
        } else {
            assert_eq!(rows_one[t].0, "0", "{t}");
        }
    }

    // (b) Every group into an empty database: identical schema and rows.
    let all = empty();
    let files: Vec<PathBuf> = archives.values().cloned().collect();
    restore(&all, &files).ok();
    assert_same_schema(&schema_before, &schema(&all));
    assert_eq!(rows_before, rows_of(&all));

    // (c) The same database after a failed phase and damaged rows: a phase that timed out on a
    // lock (nothing changed), then rows deleted and changed across groups, including rows other
    // groups' foreign keys point at.
    let mut holder = src.client();
    holder
        .batch_execute("BEGIN; LOCK TABLE cli_command_tracking IN ACCESS SHARE MODE;")
        .ok();
    let failed = refscan(&[
        "--rules",
        &rules,
        "migrate",
        "apply",
        "--phase",
        "3",
        "--lock-timeout",
        "200ms",
        "--lock-retries",
        "0",
        "--database-url",
        &src.url,
        "--yes",
    ]);
    let _ = holder.batch_execute("COMMIT");
    assert_eq!(failed.code, 2, "{failed:#?}");
    src.exec(
        "DELETE FROM sources_google_experts WHERE expert_id = 2;
         DELETE FROM experts WHERE id = 2;
         UPDATE sys_domains SET name = 'damaged.example' WHERE name = 'a.example';
         DELETE FROM sys_app_pages;",
    );
    assert_ne!(rows_before, rows_of(&src));
    // One group alone first: experts gets its rows back under the foreign key of google_.
    restore(&src, &[archives["expert_"].clone()]).ok();
    let files: Vec<PathBuf> = archives.values().cloned().collect();
    let run = restore(&src, &files).ok();
    assert!(run.stdout.contains("created 0 objects"), "{}", run.stdout);
    assert_same_schema(&schema_before, &schema(&src));
    assert_eq!(rows_before, rows_of(&src));

    // A backup taken at another phase is refused: after rolling phase 2 back the sys_ tables
    // carry their old names, and restoring would make copies under the new ones.
    refscan(&[
        "--rules",
        &rules,
        "migrate",
        "rollback",
        "--phase",
        "2",
        "--database-url",
        &src.url,
        "--yes",
    ])
    .ok();
    let rolled_back = schema(&src);
    let run = restore(&src, &[archives["sys_"].clone()]).fails();
    assert!(
        run.stderr.contains(
            "the backup has public.sys_domains, the database has the same table as public.domains"
        ),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("hint: the backup was taken at another phase"));
    assert_same_schema(&rolled_back, &schema(&src));
}
