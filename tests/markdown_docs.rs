//! Markdown docs on testdata/markdown: fenced code is classified by its language tag and
//! reported as kind `docs`; the summaries of report and check count it; rewrite leaves it
//! unless given `--docs`, then changes exactly the code blocks' references and reverses to
//! every byte.

mod util;

use util::{copy_tree, json_report_findings, located_kind, run_in, testdata};

const DOCS: [&str; 2] = ["README.md", "docs/runbook.md"];

// See: issue 13 item 4
#[test]
fn fenced_code_is_classified_by_its_language_tag_as_docs() {
    let got: Vec<String> = json_report_findings(&testdata("markdown"))
        .iter()
        .map(located_kind)
        .collect();
    let want = [
        "README.md:3:7 experts mention",             // prose
        "README.md:3:62 experts mention",            // inline code is prose
        "README.md:3:76 sources_google mention",     // inline code
        "README.md:9:10 experts docs",               // ```ts .from('experts')
        "README.md:10:22 sources_google docs/embed", // its select embed
        "README.md:14:24 sources_google docs",       // ~~~python .table("t")
        "README.md:18:13 experts mention",           // ```json: no language refscan reads
        "README.md:26:25 sources_google docs",       // ```sql indented in a list item
        "README.md:26:44 experts mention",           // an SQL comment
        "README.md:32:38 experts docs",              // ```bash psql -c '...'
        "docs/runbook.md:3:6 experts mention",       // prose after multibyte text
        "docs/runbook.md:7:6 experts docs",          // ````sql
        "docs/runbook.md:8:13 sources_google docs",
        "docs/runbook.md:12:15 experts mention", // a fence without a tag
        "docs/runbook.md:16:86 experts docs",    // ```js postgres_changes table
    ];
    assert_eq!(got, want);
}

// See: issue 13 item 4
#[test]
fn summaries_of_report_and_check_count_the_docs() {
    let dir = testdata("markdown");
    let r = run_in(&dir, &["report"]).expect(0);
    assert!(
        r.stdout.contains("(0 rewritable, 8 in docs code blocks (rewrite --docs), 7 mentions, 0 in migration history)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("by kind: docs 8, mention 7"),
        "{}",
        r.stdout
    );
    let c = run_in(&dir, &["check"]).expect(0);
    assert!(
        c.stderr.contains(
            "check: 0 errors, 15 warnings (8 in docs code blocks, mentions; --mentions lists them)"
        ),
        "{}",
        c.stderr
    );
    // Docs are listed; mentions only counted.
    assert_eq!(
        c.stdout.matches("(docs, phase 1)").count(),
        8,
        "{}",
        c.stdout
    );
    run_in(&dir, &["check", "--strict"]).expect(1);
}

// See: issue 13 item 4
#[test]
fn rewrite_changes_code_blocks_only_with_docs_and_reverses_exactly() {
    let dir = copy_tree(&testdata("markdown"));
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
    let originals: Vec<String> = DOCS.iter().map(|p| read(p)).collect();
    let r = run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    assert!(
        r.stderr.contains(
            "left 8 references in code blocks of the docs (kind docs) as they are: pass --docs"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(DOCS.iter().map(|p| read(p)).collect::<Vec<_>>(), originals);
    let r = run_in(dir.path(), &["rewrite", "--write", "--docs"]).expect(0);
    assert!(
        r.stderr
            .contains("rewrote 8 references in 2 files (docs 8)"),
        "{}",
        r.stderr
    );
    let readme = originals[0]
        .replacen(".from('experts')", ".from('expert_profiles')", 1)
        .replacen(
            "sources_google(title)",
            "sources_google:google_sources(title)",
            1,
        )
        .replacen("table(\"sources_google\")", "table(\"google_sources\")", 1)
        .replacen(
            "from sources_google; -- experts",
            "from google_sources; -- experts",
            1,
        )
        .replacen(
            "'truncate experts cascade'",
            "'truncate expert_profiles cascade'",
            1,
        );
    let runbook = originals[1]
        .replacen("from experts e", "from expert_profiles e", 1)
        .replacen("public.sources_google s", "public.google_sources s", 1)
        .replacen("table: 'experts'", "table: 'expert_profiles'", 1);
    assert_eq!(read(DOCS[0]), readme);
    assert_eq!(read(DOCS[1]), runbook);
    run_in(dir.path(), &["rewrite", "--write", "--docs", "--reverse"]).expect(0);
    assert_eq!(DOCS.iter().map(|p| read(p)).collect::<Vec<_>>(), originals);
    // `--kind docs` asks for them by name.
    let r = run_in(dir.path(), &["rewrite", "--kind", "docs"]).expect(0);
    assert!(
        r.stderr
            .contains("would rewrite 8 references in 2 files (docs 8)"),
        "{}",
        r.stderr
    );
}
