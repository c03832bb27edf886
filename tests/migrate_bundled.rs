//! `refscan migrate` with the bundled plan (rules/dhg.toml) on a fixture holding every table of
//! it: phase 2 through psql and through apply give the same database, and all phases applied in
//! order, rolled back in reverse and cleaned up keep every row and restore the catalog.

mod migrate_common;

use std::collections::BTreeMap;

use migrate_common::*;
use refscan::rules::Rules;

fn bundled() -> std::path::PathBuf {
    // An explicit file, so a refscan.toml in the working folder can never be picked up.
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/dhg.toml")
}

fn tracking_full(db: &TestDb) -> Vec<Vec<Option<String>>> {
    db.rows(
        "SELECT old_name, new_name, group_prefix, phase, status, compat_view::text, dependencies::text, notes
           FROM sys_table_migrations ORDER BY id",
    )
}

const USER_A: &str = "00000000-0000-0000-0000-00000000000a";

#[test]
fn phase_2_through_psql_and_through_apply_agree() {
    let by_psql = bundled_db();
    let by_apply = bundled_db();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_string_lossy().into_owned();
    let rules = bundled().to_string_lossy().into_owned();
    for (phase, ts) in [("1", "20250101000000"), ("2", "20250101000100")] {
        refscan(&[
            "--rules",
            &rules,
            "migrate",
            "plan",
            "--phase",
            phase,
            "--out",
            &out,
            "--timestamp",
            ts,
        ])
        .ok();
    }
    let file = |name: &str| dir.path().join(name);

    psql(&by_psql, &file("20250101000000_refscan_phase_1.sql")).ok();
    migrate(&bundled(), &by_apply, "init", &[]).ok();
    let initial = by_apply.snapshot();
    assert_same(&by_psql.snapshot(), &initial);

    psql(&by_psql, &file("20250101000100_refscan_phase_2.sql")).ok();
    migrate(&bundled(), &by_apply, "apply", &["--phase", "2"]).ok();
    let applied = by_apply.snapshot();
    assert_same(&by_psql.snapshot(), &applied);
    assert_eq!(tracking_full(&by_psql), tracking_full(&by_apply));
    assert_ne!(initial, applied);

    // The recorded dependents of domains, as the catalog had them.
    let deps: serde_json::Value = serde_json::from_str(
        &by_apply
            .value("SELECT dependencies::text FROM sys_table_migrations WHERE old_name = 'domains'")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(deps["rls"], true);
    assert_eq!(
        deps["foreign_keys_in"],
        serde_json::json!(["sys_app_pages.app_pages_domain_id_fkey: FOREIGN KEY (domain_id) REFERENCES sys_domains(id) ON DELETE CASCADE"])
    );
    assert_eq!(deps["views"], serde_json::json!(["domain_page_counts"]));
    assert_eq!(
        deps["publications"],
        serde_json::json!(["supabase_realtime"])
    );
    assert_eq!(
        deps["policies"],
        serde_json::json!([
            "domains_select_own (SELECT to authenticated)",
            "domains_write_own (ALL to authenticated)"
        ])
    );

    // The Supabase roles see what RLS allows, through the views and the policies that name
    // the renamed tables.
    let mut a = by_apply.client();
    a.batch_execute(&format!(
        "SET ROLE authenticated; SELECT set_config('request.jwt.claims', '{{\"sub\":\"{USER_A}\"}}', false);"
    ))
    .unwrap();
    let one = |c: &mut postgres::Client, sql: &str| rows(c, sql)[0][0].clone().unwrap();
    assert_eq!(one(&mut a, "SELECT count(*) FROM domains"), "2");
    assert_eq!(one(&mut a, "SELECT count(*) FROM app_pages"), "2");
    assert_eq!(one(&mut a, "SELECT count(*) FROM sys_domains"), "2");
    assert_eq!(one(&mut a, "SELECT count_mime_types()"), "3");
    // The project's own view follows the rename and keeps its owner's rights, as before.
    assert_eq!(
        one(&mut a, "SELECT sum(pages) FROM domain_page_counts"),
        "3"
    );
    assert_eq!(
        one(
            &mut a,
            "SELECT string_agg(name, ',' ORDER BY id) FROM asset_types"
        ),
        "slides,notes,podcast"
    );
    let mut anon = by_apply.client();
    anon.batch_execute("SET ROLE anon").unwrap();
    assert!(
        anon.batch_execute("SELECT * FROM domains").is_err(),
        "anon has no grant on domains"
    );
    assert_eq!(
        by_apply
            .value("SELECT string_agg(c.relname, ',') FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid")
            .as_deref(),
        Some("sys_domains")
    );

    // A second run of the file changes nothing and succeeds (a migration tool then records
    // it); apply says there is nothing to do.
    let again = psql(&by_psql, &file("20250101000100_refscan_phase_2.sql")).ok();
    assert!(
        again
            .stderr
            .contains("refscan: phase 2 is already applied; this file changes nothing"),
        "{}",
        again.stderr
    );
    let run = migrate(&bundled(), &by_apply, "apply", &["--phase", "2"]).ok();
    assert!(
        run.stdout.contains("phase 2 is already applied"),
        "{}",
        run.stdout
    );
    assert_same(&by_psql.snapshot(), &applied);

    psql(
        &by_psql,
        &file("20250101000100_refscan_phase_2_rollback.sql"),
    )
    .ok();
    migrate(&bundled(), &by_apply, "rollback", &["--phase", "2"]).ok();
    assert_same(&by_psql.snapshot(), &initial);
    assert_same(&by_apply.snapshot(), &initial);
}

#[test]
fn all_phases_in_order_back_and_cleaned_up() {
    let db = bundled_db();
    let rules = Rules::bundled();
    migrate(&bundled(), &db, "init", &[]).ok();
    let initial = db.snapshot();
    let olds: Vec<&str> = rules.tables.iter().map(|t| t.old.as_str()).collect();
    let before = checksums(&db, &olds);

    for phase in ["2", "3", "4", "5", "6"] {
        let run = migrate(&bundled(), &db, "apply", &["--phase", phase]).ok();
        assert!(run.stdout.contains(" applied in "), "{}", run.stdout);
    }
    let renamed: Vec<_> = rules.renamed().map(|(_, t)| t).collect();
    assert_eq!(renamed.len(), 44);
    let news: Vec<&str> = rules.tables.iter().map(|t| t.new.as_str()).collect();
    let after = checksums(&db, &news);
    let through_views = checksums(&db, &olds);
    for t in &rules.tables {
        assert_eq!(after[&t.new], before[&t.old], "{} as {}", t.old, t.new);
        assert_eq!(
            through_views[&t.old], before[&t.old],
            "{} through its view",
            t.old
        );
    }
    let kinds: BTreeMap<String, String> = db
        .rows("SELECT relname, relkind::text FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v')")
        .into_iter()
        .map(|r| (r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect();
    for t in &renamed {
        assert_eq!(kinds[&t.old], "v", "{}", t.old);
        assert_eq!(kinds[&t.new], "r", "{}", t.new);
    }
    let run = migrate(&bundled(), &db, "status", &["--format", "json"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let tables = doc["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 44);
    assert!(
        tables
            .iter()
            .all(|t| t["state"] == "migrated" && t["view"] == true && t.get("problems").is_none()),
        "{doc:#}"
    );

    // Writes through views of tables linked by a foreign key across phases.
    let mut c = db.client();
    c.batch_execute("BEGIN").unwrap();
    let id = rows(
        &mut c,
        "INSERT INTO experts (name) VALUES ('Linus') RETURNING id",
    )[0][0]
        .clone()
        .unwrap();
    let link = rows(
        &mut c,
        &format!("INSERT INTO sources_google_experts (source_id, expert_id) VALUES ('20000000-0000-0000-0000-000000000001', {id}) RETURNING expert_id"),
    );
    assert_eq!(link[0][0].as_deref(), Some(id.as_str()));
    assert!(c
        .batch_execute("INSERT INTO sources_google_experts (source_id, expert_id) VALUES ('20000000-0000-0000-0000-000000000001', 999)")
        .is_err());
    c.batch_execute("ROLLBACK").unwrap();

    let run = migrate(&bundled(), &db, "rollback", &["--phase", "4"]).fails();
    assert!(
        run.stderr
            .contains("roll back the later phases first: refscan migrate rollback --phase"),
        "{}",
        run.stderr
    );
    for phase in ["6", "5", "4", "3", "2"] {
        migrate(&bundled(), &db, "rollback", &["--phase", phase]).ok();
    }
    assert_same(&initial, &db.snapshot());
    assert_eq!(checksums(&db, &olds), before);

    for phase in ["2", "3", "4", "5", "6"] {
        migrate(&bundled(), &db, "apply", &["--phase", phase]).ok();
    }
    let empty = tempfile::Builder::new().prefix("code").tempdir().unwrap();
    let code = empty.path().to_string_lossy().into_owned();
    let run = migrate(&bundled(), &db, "cleanup", &["--code", &code]).fails();
    assert!(
        run.stderr
            .contains("- mime_types: named in the body of count_mime_types()"),
        "{}",
        run.stderr
    );
    let run = migrate(&bundled(), &db, "cleanup", &["--code", &code, "--force"]).ok();
    assert!(
        run.stdout.contains("dropped 44 compatibility views"),
        "{}",
        run.stdout
    );
    let views: Vec<String> = db
        .rows("SELECT viewname FROM pg_views WHERE schemaname = 'public'")
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect();
    assert_eq!(views, ["domain_page_counts"]);
    assert_eq!(checksums(&db, &news), after);
    let run = migrate(&bundled(), &db, "status", &[]).ok();
    assert!(
        run.stdout
            .contains("0 pending, 0 migrated, 0 rolled back, 44 cleaned; 0 views in place"),
        "{}",
        run.stdout
    );
}
