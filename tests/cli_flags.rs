//! The flags `report`, `rewrite` and `check` share with ripgrep (`--kind` on check, `-l`,
//! `-c`, `-q`, `--no-messages`, `--stats`, `-t`, `--type-list`, sizes with suffixes, paths
//! from a list, `--format jsonl`), the rules file from `REFSCAN_RULES`, and what `check`
//! leaves out by default (mentions, lockfiles). Run on `testdata/eco`.

mod util;

use std::io::Write as _;
use std::process::{Command, Stdio};

use util::{bin, clear_env, copy_tree, repo_root, run, run_env, testdata};

const ECO: &str = "testdata/eco";

/// Runs refscan from the repository root with `input` on standard input.
fn run_stdin(args: &[&str], input: &str) -> util::Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    clear_env(&mut cmd);
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    util::Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn check_accepts_kind() {
    // See: issue 19 item 5
    // See: issue 13 item 5
    let r = run(&["check", ECO, "--kind", "sql"]).expect(1);
    assert_eq!(
        r.stdout.lines().filter(|l| l.contains(": error:")).count(),
        2,
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("from-call"), "{}", r.stdout);
    let r = run(&["check", ECO, "--kind", "nonsense"]).expect(2);
    assert!(r.stderr.contains("unknown kind `nonsense`"), "{}", r.stderr);
}

#[test]
fn check_files_with_matches_lists_the_failing_files_not_history() {
    // See: issue 19 item 5
    let r = run(&["check", ECO, "-l"]).expect(1);
    assert_eq!(
        r.stdout,
        "testdata/eco/apps/web/src/experts.ts\ntestdata/eco/scripts/report.sql\n"
    );
    // Mentions fail the gate only with --strict, and then their files are listed too.
    let r = run(&["check", ECO, "-l", "--strict"]).expect(1);
    assert!(
        r.stdout.contains("testdata/eco/docs/notes.md\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("migrations"), "{}", r.stdout);
    // A clean selection lists nothing and passes.
    let r = run(&["check", ECO, "-l", "--kind", "realtime"]).expect(0);
    assert_eq!(r.stdout, "");
}

#[test]
fn report_files_with_matches_lists_rewritable_files_not_history() {
    // See: issue 19 item 5
    let r = run(&["report", ECO, "-l"]).expect(0);
    assert_eq!(
        r.stdout,
        "testdata/eco/apps/web/src/experts.ts\ntestdata/eco/scripts/report.sql\n"
    );
    // Asked for by name, mentions count.
    let r = run(&["report", ECO, "-l", "--kind", "mention"]).expect(0);
    assert_eq!(
        r.stdout,
        "testdata/eco/apps/web/src/experts.ts\ntestdata/eco/apps/web/src/notes.ts\ntestdata/eco/docs/notes.md\n"
    );
}

#[test]
fn count_prints_each_file_with_its_number() {
    // See: issue 19 item 5
    let r = run(&["check", ECO, "-c"]).expect(1);
    assert_eq!(
        r.stdout,
        "testdata/eco/apps/web/src/experts.ts:2\ntestdata/eco/scripts/report.sql:2\n"
    );
    let r = run(&["report", ECO, "--count", "--table", "experts"]).expect(0);
    assert_eq!(
        r.stdout,
        "testdata/eco/apps/web/src/experts.ts:1\ntestdata/eco/scripts/report.sql:1\n"
    );
}

#[test]
fn quiet_check_says_it_with_the_exit_status_only() {
    // See: issue 19 item 5
    let r = run(&["check", ECO, "-q"]).expect(1);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""));
    let r = run(&["check", ECO, "--quiet", "--phase", "1", "--kind", "mention"]).expect(0);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""));
}

#[test]
fn no_messages_hides_problems_but_keeps_them_counted() {
    // See: issue 19 item 5
    let dir = copy_tree(&testdata("eco"));
    std::fs::write(
        dir.path().join("scripts/latin1.sql"),
        b"-- caf\xe9\nselect * from experts;\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let r = run(&["report", path, "--format", "json"]).expect(0);
    assert!(r.stderr.contains("latin1.sql: skipped"), "{}", r.stderr);
    let r = run(&["report", path, "--format", "json", "--no-messages"]).expect(0);
    assert!(!r.stderr.contains("latin1.sql"), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["problems"], 1);
}

#[test]
fn stats_come_after_the_results_on_stderr() {
    // See: issue 19 item 5
    let r = run(&["report", ECO, "--stats", "-l"]).expect(0);
    assert!(
        r.stderr.contains(
            "\n11 findings\n4 rewritable\n5 files contained findings\n5 files searched\n"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(" bytes searched\n"), "{}", r.stderr);
    assert!(r.stderr.contains(" seconds\n"), "{}", r.stderr);
    assert!(
        !r.stdout.contains("seconds"),
        "stdout keeps the results only"
    );
}

#[test]
fn type_selects_files_by_ripgrep_type_names() {
    // See: issue 19 item 5
    let r = run(&["check", ECO, "-l", "-t", "sql"]).expect(1);
    assert_eq!(r.stdout, "testdata/eco/scripts/report.sql\n");
    let r = run(&["check", ECO, "-l", "--type", "ts"]).expect(1);
    assert_eq!(r.stdout, "testdata/eco/apps/web/src/experts.ts\n");
    let r = run(&["check", ECO, "-l", "-T", "ts"]).expect(1);
    assert_eq!(r.stdout, "testdata/eco/scripts/report.sql\n");
    let r = run(&["report", ECO, "-l", "--kind", "mention", "-t", "md"]).expect(0);
    assert_eq!(r.stdout, "testdata/eco/docs/notes.md\n");
    let r = run(&["check", ECO, "-t", "cobol2"]).expect(2);
    assert!(r.stderr.contains("cobol2"), "{}", r.stderr);
    assert!(r.stderr.contains("--type-list"), "{}", r.stderr);
}

#[test]
fn type_list_prints_the_types_without_rules() {
    // See: issue 19 item 5
    let dir = tempfile::tempdir().unwrap();
    let r = util::run_in(dir.path(), &["check", "--type-list"]).expect(0);
    for line in [
        "js: *.cjs, *.js, *.jsx, *.mjs, *.vue\n",
        "ts: *.cts, *.mts, *.ts, *.tsx\n",
        "sql: *.psql, *.sql\n",
        "prisma: *.prisma\n",
        "py: *.py, *.pyi\n",
    ] {
        assert!(r.stdout.contains(line), "{line}: {}", r.stdout);
    }
    assert!(r.stdout.lines().any(|l| l.starts_with("sh: ")));
    assert!(r.stdout.lines().any(|l| l.starts_with("md: ")));
    assert_eq!(r.stderr, "", "no rules are read");
}

#[test]
fn max_filesize_takes_suffixes_as_ripgrep_does() {
    // See: issue 19 item 5
    let dir = copy_tree(&testdata("eco"));
    let big = format!("select * from experts;\n{}", "-- padding\n".repeat(200));
    std::fs::write(dir.path().join("scripts/big.sql"), big).unwrap();
    let path = dir.path().to_str().unwrap();
    let r = run(&["report", path, "--max-filesize", "1K", "-l"]).expect(0);
    assert!(r.stderr.contains("big.sql: skipped: "), "{}", r.stderr);
    assert!(r.stderr.contains("1024-byte limit"), "{}", r.stderr);
    let r = run(&["report", path, "--max-filesize", "1M", "-l"]).expect(0);
    assert!(r.stdout.contains("big.sql"), "{}", r.stdout);
    let r = run(&["report", path, "--max-filesize", "3X"]).expect(2);
    assert!(r.stderr.contains("`3X` is not a size"), "{}", r.stderr);
}

#[test]
fn paths_come_from_standard_input_with_a_dash() {
    // See: issue 19 item 5
    let list = "testdata/eco/scripts/report.sql\ntestdata/eco/deleted.ts\n\n";
    let r = run_stdin(&["check", "-", "-c"], list).expect(1);
    assert_eq!(r.stdout, "testdata/eco/scripts/report.sql:2\n");
    assert!(
        r.stderr
            .contains("testdata/eco/deleted.ts: skipped: listed, but no such file"),
        "{}",
        r.stderr
    );
    // NUL-separated, as `git diff --name-only -z` writes it.
    let list = "testdata/eco/scripts/report.sql\0testdata/eco/apps/web/src/experts.ts\0";
    let r = run_stdin(&["check", "--files-from", "-", "-l"], list).expect(1);
    assert_eq!(
        r.stdout,
        "testdata/eco/apps/web/src/experts.ts\ntestdata/eco/scripts/report.sql\n"
    );
    // An empty list scans nothing, not the current folder.
    let r = run_stdin(&["--rules", "testdata/eco/refscan.toml", "check", "-"], "").expect(0);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("0 files searched"), "{}", r.stderr);
}

#[test]
fn paths_come_from_a_file_with_files_from() {
    // See: issue 19 item 5
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(
        &list,
        "testdata/eco/docs/notes.md\r\ntestdata/eco/scripts\r\n",
    )
    .unwrap();
    let r = run(&[
        "report",
        "--files-from",
        list.to_str().unwrap(),
        "-c",
        "--kind",
        "mention",
    ])
    .expect(0);
    assert_eq!(r.stdout, "testdata/eco/docs/notes.md:1\n");
    // The rules are found from the listed files.
    assert!(
        r.stderr.contains("rules: testdata/eco/refscan.toml"),
        "{}",
        r.stderr
    );
    let r = run(&["report", "--files-from", "testdata/eco/nothing.txt"]).expect(2);
    assert!(
        r.stderr.contains("cannot read the list of paths"),
        "{}",
        r.stderr
    );
}

#[test]
fn jsonl_streams_one_finding_per_line_then_a_summary() {
    // See: issue 19 item 5
    for args in [
        &["check", ECO, "--format", "jsonl", "--mentions"][..],
        &["report", ECO, "--format", "jsonl"][..],
    ] {
        let r = run(args);
        let lines: Vec<serde_json::Value> = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        let (last, findings) = lines.split_last().unwrap();
        assert_eq!(last["type"], "summary", "{args:?}");
        assert_eq!(last["version"], 1);
        assert!(findings.iter().all(|f| f["type"] == "finding"), "{args:?}");
        assert!(findings
            .iter()
            .all(|f| f["path"].is_string() && f["line"].is_u64()));
        let n = findings.len();
        if args[0] == "check" {
            assert_eq!(n, 9, "4 errors and 5 mentions");
            assert_eq!(last["summary"]["errors"], 4);
        } else {
            assert_eq!(n, 11, "history too");
            assert_eq!(last["summary"]["findings"], 11);
            assert_eq!(last["tables"].as_array().unwrap().len(), 2);
        }
    }
}

#[test]
fn check_and_report_share_the_selection_and_scan_flags() {
    // See: issue 19 item 5
    let help = |cmd: &str| run(&[cmd, "--help"]).expect(0).stdout;
    let (check, report, rewrite) = (help("check"), help("report"), help("rewrite"));
    for flag in [
        "--group",
        "--table",
        "--phase",
        "--kind",
        "--glob",
        "--type ",
        "--type-not",
        "--type-list",
        "--max-filesize",
        "--files-from",
        "--no-messages",
        "--stats",
        "--lockfiles",
        "--hidden",
        "--no-ignore",
    ] {
        for (name, text) in [
            ("check", &check),
            ("report", &report),
            ("rewrite", &rewrite),
        ] {
            assert!(text.contains(flag), "{name} lacks {flag}");
        }
    }
    for flag in ["--files-with-matches", "--count"] {
        assert!(check.contains(flag) && report.contains(flag), "{flag}");
    }
    assert!(check.contains("--quiet"));
}

#[test]
fn rules_file_comes_from_refscan_rules() {
    // See: issue 19 item 6
    let other = testdata("eco-other-rules.toml");
    let other = other.to_str().unwrap();
    let r = run_env(
        &repo_root(),
        &["check", ECO, "-l"],
        &[("REFSCAN_RULES", other)],
    )
    .expect(1);
    // The other plan renames domains only, and the fixture's own refscan.toml is discovery's.
    assert!(
        r.stderr
            .contains("eco-other-rules.toml (1 renamed tables in 1 phases, from REFSCAN_RULES)"),
        "{}",
        r.stderr
    );
    let c = run_env(
        &repo_root(),
        &["check", ECO, "-c"],
        &[("REFSCAN_RULES", other)],
    )
    .expect(1);
    assert!(
        c.stdout
            .contains("testdata/eco/apps/web/src/experts.ts:1\n"),
        "{}",
        c.stdout
    );
    // --rules wins over the variable; an empty variable is unset.
    let r = run_env(
        &repo_root(),
        &["--rules", "testdata/eco/refscan.toml", "check", ECO, "-c"],
        &[("REFSCAN_RULES", other)],
    )
    .expect(1);
    assert!(r.stdout.contains("experts.ts:2\n"), "{}", r.stdout);
    assert!(!r.stderr.contains("REFSCAN_RULES"), "{}", r.stderr);
    let r = run_env(
        &repo_root(),
        &["check", ECO, "-c"],
        &[("REFSCAN_RULES", "")],
    )
    .expect(1);
    assert!(
        r.stderr
            .contains("rules: testdata/eco/refscan.toml (2 renamed"),
        "{}",
        r.stderr
    );
    // `bundled` names the bundled plan there too.
    let r = run_env(&repo_root(), &["rules"], &[("REFSCAN_RULES", "bundled")]).expect(0);
    assert!(
        r.stderr.contains("rules: bundled rules/dhg.toml"),
        "{}",
        r.stderr
    );
}

#[test]
fn unreadable_refscan_rules_names_the_variable() {
    // See: issue 19 item 6
    let r = run_env(
        &repo_root(),
        &["check", ECO],
        &[("REFSCAN_RULES", "no/such.toml")],
    )
    .expect(2);
    assert!(r.stderr.contains("no/such.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("REFSCAN_RULES names this file"),
        "{}",
        r.stderr
    );
}

#[test]
fn mentions_are_counted_not_listed_by_default() {
    // See: issue 13 item 5
    let r = run(&["check", ECO]).expect(1);
    assert!(!r.stdout.contains("warning"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("check: 4 errors, 5 warnings (mentions; --mentions lists them)"),
        "{}",
        r.stderr
    );
    let r = run(&["check", ECO, "--mentions"]).expect(1);
    assert_eq!(r.stdout.matches(": warning:").count(), 5, "{}", r.stdout);
    for (format, warning) in [
        ("github", "::warning "),
        ("sarif", "\"ruleId\": \"refscan/mention\""),
        ("json", "\"severity\": \"warning\""),
    ] {
        let r = run(&["check", ECO, "--format", format]).expect(1);
        assert!(!r.stdout.contains(warning), "{format}: {}", r.stdout);
        let r = run(&["check", ECO, "--format", format, "--mentions"]).expect(1);
        assert!(r.stdout.contains(warning), "{format}: {}", r.stdout);
    }
    let r = run(&["check", ECO, "--format", "json"]).expect(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["warnings"], 5);
    assert_eq!(v["summary"]["unlisted_mentions"], 5);
    // --strict makes them fail the gate, so they are listed.
    let r = run(&["check", ECO, "--strict"]).expect(1);
    assert_eq!(r.stdout.matches(": warning:").count(), 5, "{}", r.stdout);
}

#[test]
fn lockfiles_are_skipped_unless_asked() {
    // See: issue 13 item 5
    let r = run(&["report", ECO, "--kind", "mention", "-l"]).expect(0);
    assert!(!r.stdout.contains("lock"), "{}", r.stdout);
    let r = run(&["report", ECO, "--kind", "mention", "-l", "--lockfiles"]).expect(0);
    assert!(
        r.stdout
            .contains("testdata/eco/apps/web/package-lock.json\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("testdata/eco/apps/web/yarn.lock\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("testdata/eco/apps/web/pnpm-lock.yaml\n"),
        "{}",
        r.stdout
    );
    // Named on the command line, a lockfile is scanned.
    let r = run(&[
        "report",
        "testdata/eco/apps/web/yarn.lock",
        "--kind",
        "mention",
        "-l",
    ])
    .expect(0);
    assert_eq!(r.stdout, "testdata/eco/apps/web/yarn.lock\n");
}

#[test]
fn check_skips_lockfiles_unless_asked() {
    // See: issue 13 item 5
    // --strict makes the lockfiles' mentions fail the gate, so -l would list them.
    let r = run(&["check", ECO, "-l", "--strict"]).expect(1);
    assert!(!r.stdout.contains("lock"), "{}", r.stdout);
    let r = run(&["check", ECO, "-l", "--strict", "--lockfiles"]).expect(1);
    for lock in ["package-lock.json", "pnpm-lock.yaml", "yarn.lock"] {
        assert!(
            r.stdout
                .contains(&format!("testdata/eco/apps/web/{lock}\n")),
            "{lock}: {}",
            r.stdout
        );
    }
    // Left out, their mentions are not even counted.
    let plain = run(&["check", ECO, "--format", "json"]).expect(1);
    let with = run(&["check", ECO, "--format", "json", "--lockfiles"]).expect(1);
    let warnings = |r: &util::Run| {
        serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap()["summary"]["warnings"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(warnings(&with), warnings(&plain) + 4);
}

#[test]
fn kind_help_named_only_some_kinds() {
    // See: issue 13 item 5
    let help = run(&["check", "--help"]).expect(0).stdout;
    let text = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for kind in [
        "from-call",
        "postgrest",
        "type-ref",
        "sql",
        "realtime",
        "orm",
        "table-string",
        "dynamic-from",
        "unresolved-embed",
        "docs",
        "mention",
    ] {
        assert!(
            text.contains(kind),
            "check --help lacks the kind {kind}: {help}"
        );
    }
}
