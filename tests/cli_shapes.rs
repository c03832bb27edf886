//! Call and literal shapes of real Supabase apps, on testdata/shapes: names passed through
//! type assertions and parentheses, `.from<...>` type arguments, supabase-py's keyword form,
//! with the real binary's report and rewrite.

mod util;

use util::{copy_tree, run_in, testdata};

/// `path:line:column old kind` of every finding of `report --format json` under `prefix`.
fn findings(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let r = run_in(dir, &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with(prefix))
        .map(|f| {
            format!(
                "{}:{}:{} {} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["old"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect()
}

// See: issue 20 item 4
#[test]
fn from_names_under_assertions_parentheses_and_type_arguments_are_from_calls() {
    let p = "apps/web/lib/profiles.ts";
    let want = [
        format!("{p}:6:41 experts from-call"), // .from('experts' as any)
        format!("{p}:11:25 experts from-call"), // .from("experts" as const)
        format!("{p}:15:26 sources_google from-call"), // .from(('sources_google'))
        format!("{p}:19:41 experts from-call"), // .from<"experts", ...
        format!("{p}:19:59 experts type-ref"), // ... Tables<"experts">>
        format!("{p}:19:71 experts from-call"), // ... ("experts")
        format!("{p}:20:26 experts type-ref"), // Tables<'experts'>[]
        format!("{p}:23:46 sources_google mention"), // storage bucket
    ];
    assert_eq!(
        findings(&testdata("shapes"), "apps/web/lib/profiles.ts"),
        want
    );
}

// See: issue 20 item 4
#[test]
fn rewrite_changes_the_type_argument_with_the_string() {
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let ts = std::fs::read_to_string(dir.path().join("apps/web/lib/profiles.ts")).unwrap();
    assert!(
        ts.contains("supabase.from('expert_profiles' as any)"),
        "{ts}"
    );
    assert!(
        ts.contains("supabase.from(\"expert_profiles\" as const)"),
        "{ts}"
    );
    assert!(ts.contains("supabase.from(('google_sources'))"), "{ts}");
    assert!(
        ts.contains(
            r#"supabase.from<"expert_profiles", Tables<"expert_profiles">>("expert_profiles")"#
        ),
        "{ts}"
    );
    assert!(ts.contains("storage.from('sources_google' as any)"), "{ts}");
}

// See: issue 20 item 5
#[test]
fn supabase_py_table_name_keyword_is_a_from_call() {
    let p = "services/worker/sync.py";
    let want = [
        format!("{p}:6:37 experts from-call"), // .table(table_name="experts")
        format!("{p}:7:37 sources_google from-call"), // .from_(table_name="sources_google")
        format!("{p}:8:38 sources_google mention"), // storage bucket
    ];
    assert_eq!(findings(&testdata("shapes"), "services/"), want);
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let py = std::fs::read_to_string(dir.path().join(p)).unwrap();
    assert!(
        py.contains(r#"client.table(table_name="expert_profiles")"#),
        "{py}"
    );
    assert!(
        py.contains(r#"client.from_(table_name="google_sources")"#),
        "{py}"
    );
    assert!(
        py.contains(r#"storage.from_(table_name="sources_google")"#),
        "{py}"
    );
}
