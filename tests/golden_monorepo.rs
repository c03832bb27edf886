//! Every finding on the fixture monorepo, compared with the hand-classified list in
//! tests/golden/monorepo.findings (an oracle written from the README's specification, not
//! from refscan's output).

mod util;

use util::{repo_root, run_in, testdata};

fn finding_line(f: &serde_json::Value) -> String {
    let mut s = format!(
        "{}:{}:{}: {} {}",
        f["path"].as_str().unwrap(),
        f["line"],
        f["column"],
        f["old"].as_str().unwrap(),
        f["kind"].as_str().unwrap()
    );
    if f["site"] != "plain" {
        s.push('/');
        s.push_str(f["site"].as_str().unwrap());
    }
    if f["via_alias"] == true {
        s.push_str(" via-alias");
    }
    if f["history"] == true {
        s.push_str(" history");
    }
    s
}

#[test]
fn report_matches_the_hand_classified_findings() {
    let r = run_in(&testdata("monorepo"), &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let actual: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(finding_line)
        .collect();
    let golden =
        std::fs::read_to_string(repo_root().join("tests/golden/monorepo.findings")).unwrap();
    let expected: Vec<String> = golden.lines().map(str::to_string).collect();
    let missing: Vec<&String> = expected.iter().filter(|l| !actual.contains(l)).collect();
    let extra: Vec<&String> = actual.iter().filter(|l| !expected.contains(l)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} expected findings missing:\n{}\n\n{} unexpected findings:\n{}",
        missing.len(),
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        extra.len(),
        extra
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    assert_eq!(actual, expected, "same findings, different order");
}

#[test]
fn skipped_files_are_listed_and_counted() {
    let r = run_in(&testdata("monorepo"), &["report"]).expect(0);
    assert!(
        r.stderr
            .contains("sql/legacy/import_experts_latin1.sql: skipped: not valid UTF-8"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("1 problem (listed on stderr)"),
        "{}",
        r.stdout
    );
}

#[test]
fn ignored_and_hidden_files_are_found_only_on_request() {
    let dir = testdata("monorepo");
    let plain = run_in(&dir, &["report", "-l"]).expect(0);
    assert!(!plain.stdout.contains("generated/"), "{}", plain.stdout);
    assert!(!plain.stdout.contains(".cache/"), "{}", plain.stdout);
    // generated/api-client.ts holds mentions only, which -l lists when asked for by kind.
    let all = run_in(
        &dir,
        &[
            "report",
            "-l",
            "--no-ignore",
            "--hidden",
            "--kind",
            "mention",
            "--kind",
            "sql",
        ],
    )
    .expect(0);
    assert!(
        all.stdout.lines().any(|l| l == "generated/api-client.ts"),
        "{}",
        all.stdout
    );
    assert!(
        all.stdout.lines().any(|l| l == ".cache/query-log.sql"),
        "{}",
        all.stdout
    );
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let dir = testdata("monorepo");
    let one = run_in(&dir, &["-j", "1", "report", "--format", "json"]).expect(0);
    let many = run_in(&dir, &["-j", "8", "report", "--format", "json"]).expect(0);
    assert_eq!(one.stdout, many.stdout);
}
