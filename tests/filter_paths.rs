//! Filter paths through nested embeds (issue 22 item 5): `messages.channels.id` names both
//! embedded tables, so `--embed-style rename` renames every segment, also in a cast path; the
//! alias style keeps them, the aliases keeping the response keys.

mod util;

use util::{json_report_findings, located_kind, run_in, testdata};

#[test]
fn every_segment_naming_an_embedded_table_is_a_filter_path() {
    let all: Vec<String> = json_report_findings(&testdata("filter-paths"))
        .iter()
        .map(located_kind)
        .collect();
    for f in [
        "inbox.ts:4:8 messages postgrest/filter-path",
        "inbox.ts:4:17 channels postgrest/filter-path",
        "inbox.ts:5:8 messages postgrest/filter-path",
        "inbox.py:1:74 messages postgrest/filter-path",
        "inbox.py:1:83 channels postgrest/filter-path",
    ] {
        assert!(all.contains(&f.to_string()), "{f} missing from {all:#?}");
    }
}

#[test]
fn embed_style_rename_renames_every_segment() {
    let dir = testdata("filter-paths");
    let diff = run_in(&dir, &["rewrite", "--embed-style", "rename"])
        .expect(0)
        .stdout;
    for line in [
        "+  .eq('chat_messages.chat_channels.id', 3)",
        "+  .eq('chat_messages.channel_id' as any, 4)",
        ".eq(\"chat_messages.chat_channels.id\", 3)",
    ] {
        assert!(diff.contains(line), "{line} missing from\n{diff}");
    }
    // With aliases the response keys, and so the paths, stay.
    let diff = run_in(&dir, &["rewrite"]).expect(0).stdout;
    assert!(
        diff.contains("messages:chat_messages(id, channels:chat_channels(id, name))"),
        "{diff}"
    );
    assert!(!diff.contains("+  .eq("), "{diff}");
}

#[test]
fn fast_path_and_tree_sitter_agree_on_nested_filter_paths() {
    let (_, fast) = util::assert_engines_agree(&testdata("filter-paths"));
    assert_eq!(fast.files.len(), 2);
}
