//! Drizzle ORM table declarations over the same database (issue 20 item 7): `pgTable('t')`
//! and `pgSchema('public').table('t')` are the rules' tables, kind `orm`, renamed with the
//! code; another schema's table of the same name stays a mention.

mod util;

use util::{json_report_findings, located_kind, run_in, testdata};

#[test]
fn drizzle_tables_of_the_rules_schema_are_orm() {
    let all: Vec<String> = json_report_findings(&testdata("drizzle"))
        .iter()
        .map(located_kind)
        .collect();
    assert_eq!(
        all,
        [
            "src/db/schema.ts:3:14 users mention",
            "src/db/schema.ts:3:31 users orm",
            "src/db/schema.ts:8:14 profiles mention",
            "src/db/schema.ts:8:34 profiles orm",
            "src/db/schema.ts:10:47 users mention",
            "src/db/schema.ts:14:58 users mention",
            "src/db/schema.ts:15:54 users orm",
            "src/db/schema.ts:18:45 users table-string",
        ]
    );
}

#[test]
fn drizzle_tables_are_rewritten_and_other_schemas_left() {
    let diff = run_in(&testdata("drizzle"), &["rewrite"]).expect(0).stdout;
    for line in [
        "+export const users = pgTable('app_users', {",
        "+export const profiles = pgTable(\"app_profiles\", {",
        "+export const publicUsers = pgSchema('public').table('app_users', { id: serial('id') })",
    ] {
        assert!(diff.contains(line), "{line} missing from\n{diff}");
    }
    assert!(
        !diff.contains("pgSchema('personal').table('app_users'"),
        "{diff}"
    );
    assert!(!diff.contains("archive.table('app_users'"), "{diff}");
}

#[test]
fn fast_path_and_tree_sitter_agree_on_drizzle_tables() {
    let (_, fast) = util::assert_engines_agree(&testdata("drizzle"));
    assert_eq!(fast.files.len(), 1);
}
