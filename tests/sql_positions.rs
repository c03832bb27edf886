//! SQL positions beyond the plain relation key words: `LIKE`, `INHERITS`, `PARTITION OF`,
//! the maintenance commands and a table's row type, in `report` and in lint's
//! old-name-reintroduced rule, on testdata/sql-positions.

mod util;

use util::{run_in, testdata};

/// `path:line:column kind` of every finding of `report --format json`.
fn report_findings(dir: &str) -> Vec<String> {
    let r = run_in(&testdata(dir), &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["kind"].as_str().unwrap()
            )
        })
        .collect()
}

// See: issue 20 item 9
#[test]
fn maintenance_commands_and_row_types_are_sql() {
    let got: Vec<String> = report_findings("sql-positions")
        .into_iter()
        .filter(|l| l.starts_with("ops/"))
        .collect();
    let want = [
        "ops/nightly_maintenance.sql:2:34 sql", // vacuum (verbose, analyze) public.experts
        "ops/nightly_maintenance.sql:3:13 sql", // vacuum full experts
        "ops/nightly_maintenance.sql:4:17 sql", // analyze verbose experts (...)
        "ops/nightly_maintenance.sql:5:9 sql",  // cluster experts using ...
        "ops/nightly_maintenance.sql:6:28 sql", // reindex table concurrently experts
        "ops/nightly_maintenance.sql:8:13 sql", // alter table experts attach partition
        "ops/nightly_maintenance.sql:11:18 sql", // (e::experts).full_name
        "ops/nightly_maintenance.sql:12:6 sql", // from experts e
        "ops/nightly_maintenance.sql:13:25 sql", // array[]::experts[]
        "ops/nightly_maintenance.sql:15:39 mention", // the comment
        "ops/nightly_maintenance.sql:16:21 sql", // cast(null as experts)
    ];
    assert_eq!(got, want);
}

// See: issue 20 item 9
#[test]
fn like_inherits_partition_of_and_row_types_in_migrations_are_sql() {
    let got: Vec<String> = report_findings("sql-positions")
        .into_iter()
        .filter(|l| l.starts_with("supabase/migrations/20250"))
        .filter(|l| !l.contains("_rename_experts"))
        .collect();
    let m1 = "supabase/migrations/20250101000000_experts.sql";
    let m3 = "supabase/migrations/20250301000000_expert_archive.sql";
    let want = [
        format!("{m1}:1:35 sql"),     // create table if not exists public.experts
        format!("{m1}:7:54 sql"),     // partition of public.experts
        format!("{m1}:11:57 sql"),    // expert_label(e public.experts)
        format!("{m3}:1:69 mention"), // the comment
        format!("{m3}:2:42 sql"),     // (like experts including all)
        format!("{m3}:6:8 sql"),      // body experts not null
        format!("{m3}:7:13 sql"),     // inherits (experts)
        format!("{m3}:9:58 sql"),     // expert_archive_row(rec experts)
        format!("{m3}:14:12 sql"),    // declare snapshot experts;
        format!("{m3}:21:9 sql"),     // analyze experts;
    ];
    assert_eq!(got, want);
}

// See: issue 20 item 9
#[test]
fn lint_sees_old_names_reintroduced_in_the_new_positions() {
    let r = run_in(&testdata("sql-positions"), &["lint", "--format", "json"]).expect(1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<(u64, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "refscan/lint/old-name-reintroduced")
        .map(|f| {
            assert_eq!(
                f["path"],
                "supabase/migrations/20250301000000_expert_archive.sql"
            );
            (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())
        })
        .collect();
    // LIKE, a column's row type, INHERITS, a parameter's row type, a plpgsql variable's row
    // type, ANALYZE.
    assert_eq!(got, [(2, 42), (6, 8), (7, 13), (9, 58), (14, 12), (21, 9)]);
}
