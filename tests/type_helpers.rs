//! Type helpers that take a table name as a string type argument (issue 22 item 4): one the
//! project declares with a constraint over the schema's table keys, and one the rules list;
//! any other generic's string argument stays a table string.

mod util;

use util::{copy_tree, json_report_findings, located_kind, run_in, testdata};

#[test]
fn declared_and_listed_type_helpers_name_tables() {
    let all: Vec<String> = json_report_findings(&testdata("type-helpers"))
        .iter()
        .map(located_kind)
        .collect();
    assert_eq!(
        all,
        [
            // `Row<T extends keyof Schema['Tables']>` is declared in this file.
            "src/helpers.ts:7:27 experts type-ref",
            // `Pair<S, T extends keyof ...>`: only its constrained parameter is a table.
            "src/helpers.ts:8:30 experts table-string",
            "src/helpers.ts:8:41 experts type-ref",
            // Listed in the rules (`type_helpers`).
            "src/use.ts:6:49 experts type-ref",
            // Declared in another file and not listed; an unknown generic.
            "src/use.ts:8:30 experts table-string",
            "src/use.ts:9:32 experts table-string",
        ]
    );
}

#[test]
fn type_helper_arguments_are_rewritten() {
    let dir = testdata("type-helpers");
    let diff = run_in(&dir, &["rewrite"]).expect(0).stdout;
    for line in [
        "+export type Expert = Row<'exp_experts'>",
        "+export type Labelled = Pair<'experts', 'exp_experts'>",
        "+export type Fields = GetComputedFields<Schema, 'exp_experts'>",
    ] {
        assert!(diff.contains(line), "{line} missing from\n{diff}");
    }
    assert!(
        !diff.contains("Row<'exp_experts'>\n+export type Wrapped"),
        "{diff}"
    );
    assert!(!diff.contains("Wrapper<'exp_experts'>"), "{diff}");
}

#[test]
fn fast_path_and_tree_sitter_agree_on_type_helpers() {
    let (_, fast) = util::assert_engines_agree(&testdata("type-helpers"));
    assert_eq!(fast.files.len(), 2);
}

#[test]
fn a_type_helper_that_is_no_type_name_is_refused() {
    let copy = copy_tree(&testdata("type-helpers"));
    let rules = copy.path().join("refscan.toml");
    let text = std::fs::read_to_string(&rules).unwrap();
    std::fs::write(
        &rules,
        text.replace(
            "[\"GetComputedFields\"]",
            "[\"GetComputedFields\", \"Row<T>\"]",
        ),
    )
    .unwrap();
    let r = run_in(copy.path(), &["rules"]).expect(2);
    assert!(
        r.stderr
            .contains("refscan.toml:5:38: type helper `Row<T>` is not a TypeScript type name"),
        "{}",
        r.stderr
    );
}
