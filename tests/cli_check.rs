//! `refscan check`: exit codes, formats (SARIF validated against the 2.1.0 schema), phase
//! selection, suppression, baseline, strict mode and --changed-since.

mod util;

use std::path::Path;
use std::process::Command;

use util::{copy_tree, npm_package, run_in, testdata};

fn sql_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn fails_while_rewritable_references_remain() {
    let r = run_in(&testdata("monorepo"), &["check"]).expect(1);
    assert!(
        r.stdout.contains("apps/web/app/experts/page.tsx:11:12: error: `experts` -> `expert_profiles` (from-call, phase 5b)"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("supabase/migrations/"),
        "history is not checked"
    );
}

#[test]
fn human_output_shows_the_line_and_a_caret() {
    let dir = sql_tree(&[("q.sql", "select id\n  from experts e;\n")]);
    let r = run_in(dir.path(), &["--rules", "bundled", "check"]).expect(1);
    assert_eq!(
        r.stdout,
        "q.sql:2:8: error: `experts` -> `expert_profiles` (sql, phase 5b)\n  2 |   from experts e;\n    |        ^^^^^^^\n"
    );
}

#[test]
fn mentions_are_warnings_unless_strict() {
    let dir = sql_tree(&[("notes.md", "The experts table is next.\n")]);
    let r = run_in(dir.path(), &["--rules", "bundled", "check", "--mentions"]).expect(0);
    assert!(r.stdout.contains("notes.md:1:5: warning:"), "{}", r.stdout);
    run_in(dir.path(), &["--rules", "bundled", "check", "--strict"]).expect(1);
}

#[test]
fn phase_means_every_phase_up_to_it() {
    // mime_types moves in phase 2, experts in 5b.
    let dir = sql_tree(&[(
        "q.sql",
        "select * from mime_types;\nselect * from experts;\n",
    )]);
    let r = run_in(dir.path(), &["--rules", "bundled", "check", "--phase", "2"]).expect(1);
    assert!(r.stdout.contains("mime_types"), "{}", r.stdout);
    assert!(!r.stdout.contains("experts"), "{}", r.stdout);
    let r = run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--phase", "5b"],
    )
    .expect(1);
    assert!(r.stdout.contains("`experts`"), "{}", r.stdout);
    run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--group", "doc_"],
    )
    .expect(0);
    let r = run_in(dir.path(), &["--rules", "bundled", "check", "--phase", "9"]).expect(2);
    assert!(
        r.stderr.contains("the rules have no phase `9`"),
        "{}",
        r.stderr
    );
}

#[test]
fn refscan_ignore_suppresses_its_line_and_the_next() {
    let dir = sql_tree(&[(
        "q.sql",
        "select * from experts; -- refscan-ignore\n-- refscan-ignore: kept for the audit job\nselect * from experts;\nselect * from emails;\n",
    )]);
    let r = run_in(dir.path(), &["--rules", "bundled", "check"]).expect(1);
    assert!(!r.stdout.contains("`experts`"), "{}", r.stdout);
    assert!(r.stdout.contains("q.sql:4:15"), "{}", r.stdout);
    assert!(r.stderr.contains("2 suppressed"), "{}", r.stderr);
}

#[test]
fn baseline_accepts_known_findings_and_reports_stale_ones() {
    let dir = sql_tree(&[("q.sql", "select * from experts;\nselect * from emails;\n")]);
    run_in(
        dir.path(),
        &[
            "--rules",
            "bundled",
            "check",
            "--write-baseline",
            "base.json",
        ],
    )
    .expect(0);
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(base["findings"].as_array().unwrap().len(), 2);
    run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--baseline", "base.json"],
    )
    .expect(0);
    std::fs::write(
        dir.path().join("q.sql"),
        "select * from experts;\nselect * from prompts;\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--baseline", "base.json"],
    )
    .expect(1);
    assert!(r.stdout.contains("`prompts`"), "{}", r.stdout);
    assert!(!r.stdout.contains("`experts`"), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("stale baseline entry (1x): q.sql emails `select * from emails;`"),
        "{}",
        r.stderr
    );
    std::fs::write(dir.path().join("broken.json"), "{").unwrap();
    let r = run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--baseline", "broken.json"],
    )
    .expect(2);
    assert!(
        r.stderr.contains("broken.json:1:1: not a refscan baseline"),
        "{}",
        r.stderr
    );
}

#[test]
fn json_format_is_one_document() {
    let dir = sql_tree(&[("q.sql", "select * from experts;\n")]);
    let r = run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--format", "json"],
    )
    .expect(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["severity"], "error");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(15))
    );
    assert_eq!(
        (f["old"].as_str(), f["new"].as_str(), f["kind"].as_str()),
        (Some("experts"), Some("expert_profiles"), Some("sql"))
    );
}

#[test]
fn github_format_writes_workflow_annotations() {
    let dir = sql_tree(&[("a b.sql", "select 'é', * from experts;\n")]);
    let r = run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--format", "github"],
    )
    .expect(1);
    assert_eq!(
        r.stdout,
        "::error file=a b.sql,line=1,col=20,endLine=1,endColumn=27,title=refscan sql::`experts` -> `expert_profiles` (sql, phase 5b)\n"
    );
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let r = run_in(
        &testdata("monorepo"),
        &["check", "--format", "sarif", "--mentions"],
    )
    .expect(1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let modules = npm_package("@microsoft/jest-sarif@1.0.0-beta.0");
    let schema_path = modules.join("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    // The published schema's `language` patterns have a stray `]` and fail meta-validation;
    // they are replaced by the pattern they mean (a language tag such as `en` or `en-US`).
    let fixed = fix_patterns(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert!(fixed > 0, "the schema changed: review the pattern fix");
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["level"] == "error"));
    assert!(results.iter().any(|r| r["level"] == "warning"));
}

fn fix_patterns(v: &mut serde_json::Value, bad: &str, good: &str) -> usize {
    match v {
        serde_json::Value::Object(map) => {
            let mut n = 0;
            for (k, child) in map.iter_mut() {
                if k == "pattern" && child == bad {
                    *child = serde_json::json!(good);
                    n += 1;
                } else {
                    n += fix_patterns(child, bad, good);
                }
            }
            n
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().map(|c| fix_patterns(c, bad, good)).sum()
        }
        _ => 0,
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn changed_since_checks_only_changed_files() {
    let dir = sql_tree(&[
        ("old.sql", "select * from experts;\n"),
        ("b.sql", "select 1;\n"),
    ]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--changed-since", "HEAD"],
    )
    .expect(0);
    std::fs::write(dir.path().join("b.sql"), "select * from emails;\n").unwrap();
    std::fs::write(dir.path().join("new.sql"), "select * from prompts;\n").unwrap();
    let r = run_in(
        dir.path(),
        &["--rules", "bundled", "check", "--changed-since", "HEAD"],
    )
    .expect(1);
    assert!(r.stdout.contains("b.sql:1:15"), "{}", r.stdout);
    assert!(r.stdout.contains("new.sql:1:15"), "{}", r.stdout);
    assert!(!r.stdout.contains("old.sql"), "{}", r.stdout);
    let r = run_in(
        dir.path(),
        &[
            "--rules",
            "bundled",
            "check",
            "--changed-since",
            "no-such-rev",
        ],
    )
    .expect(2);
    assert!(
        r.stderr.contains("--changed-since no-such-rev"),
        "{}",
        r.stderr
    );
}

#[test]
fn write_then_check_of_one_group() {
    let copy = copy_tree(&testdata("monorepo"));
    run_in(copy.path(), &["check", "--group", "doc_"]).expect(1);
    run_in(copy.path(), &["rewrite", "--write", "--group", "doc_"]).expect(0);
    run_in(copy.path(), &["check", "--group", "doc_"]).expect(0);
    run_in(copy.path(), &["check"]).expect(1);
}

const BUNDLED: [&str; 2] = ["--rules", "bundled"];

fn check_in(dir: &Path, args: &[&str]) -> util::Run {
    let mut all = BUNDLED.to_vec();
    all.push("check");
    all.extend_from_slice(args);
    run_in(dir, &all)
}

// See: issue 12 item 11
#[test]
fn overlapping_paths_are_scanned_once() {
    let dir = sql_tree(&[
        ("base/a.sql", "select * from experts;\n"),
        ("base/apps/b.sql", "select * from emails;\n"),
    ]);
    for paths in [
        &["base", "base/apps"][..],
        &["base/apps", "base"],
        &["base", "./base/"],
    ] {
        let r = check_in(dir.path(), &[&["--format", "json"][..], paths].concat()).expect(1);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["summary"]["errors"], 2, "{paths:?}: {}", r.stdout);
        assert_eq!(v["summary"]["files_searched"], 2, "{paths:?}");
    }
    // A chain (sources -> google_sources_legacy while sources_google -> google_sources) must
    // not be carried one step further by a file rewritten twice in one run.
    let dir = sql_tree(&[("sub/q.sql", "select * from sources_google;\n")]);
    run_in(
        dir.path(),
        &["--rules", "bundled", "rewrite", "--write", ".", "sub"],
    )
    .expect(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("sub/q.sql")).unwrap(),
        "select * from google_sources;\n"
    );
}

// See: issue 12 item 4
#[test]
fn skipped_file_naming_an_old_table_fails_the_gate_in_every_format() {
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "select * from experts;\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let dir = sql_tree(&[
        (
            "big.sql",
            "select * from experts;\n-- padding padding padding\n",
        ),
        (
            "big_clean.sql",
            "select 1; -- padding padding padding padding\n",
        ),
        ("ok.sql", "select 1;\n"),
    ]);
    std::fs::write(dir.path().join("wide.sql"), &utf16).unwrap();
    std::fs::write(dir.path().join("nul.ts"), b"db.from('experts')\0\n").unwrap();
    let limit = ["--max-filesize", "49"];
    let r = check_in(dir.path(), &limit).expect(1);
    for name in ["big.sql", "wide.sql", "nul.ts"] {
        assert!(
            r.stdout
                .contains(&format!("{name}: error[skipped-file]: skipped: ")),
            "{name}: {}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("big.sql: error[skipped-file]: skipped: 50 bytes is over the 49-byte limit (raise it with --max-filesize), and it names old tables"), "{}", r.stdout);
    assert!(!r.stdout.contains("big_clean.sql"), "{}", r.stdout);
    let r = check_in(dir.path(), &[&limit[..], &["--format", "json"]].concat()).expect(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 3, "{}", r.stdout);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "refscan/skipped-file" && f["path"] == "wide.sql"));
    let r = check_in(dir.path(), &[&limit[..], &["--format", "github"]].concat()).expect(1);
    assert!(r.stdout.contains("::error file=wide.sql,title=refscan skipped-file::skipped: UTF-16 text naming old tables"), "{}", r.stdout);
    let r = check_in(dir.path(), &[&limit[..], &["--format", "sarif"]].concat()).expect(1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let violations = util::sarif_violations(&doc);
    assert!(violations.is_empty(), "{violations:?}");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(
        results
            .iter()
            .filter(|r| r["ruleId"] == "refscan/skipped-file")
            .count(),
        3
    );
    // Left out by a glob, they no longer count.
    check_in(
        dir.path(),
        &[
            &limit[..],
            &["-g", "!big.sql", "-g", "!wide.sql", "-g", "!nul.ts"],
        ]
        .concat(),
    )
    .expect(0);
}

// See: issue 12 item 6
#[test]
fn changed_since_value_is_not_an_option() {
    let dir = sql_tree(&[("a.sql", "select 1;\n")]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    let out = dir.path().join("written-by-git");
    let arg = format!("--changed-since=--output={}", out.display());
    let r = check_in(dir.path(), &[&arg]).expect(2);
    assert!(
        r.stderr.contains("--changed-since --output="),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "git read the revision as an option");
}

// See: issue 12 item 6
#[test]
fn changed_since_runs_git_in_the_scanned_repository_with_full_tree_paths() {
    let outside = tempfile::tempdir().unwrap();
    let dir = sql_tree(&[("apps/a.sql", "select 1;\n"), ("lib/b.sql", "select 1;\n")]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "base"]);
    std::fs::write(dir.path().join("lib/b.sql"), "select * from experts;\n").unwrap();
    std::fs::write(dir.path().join("lib/new.sql"), "select * from emails;\n").unwrap();
    // From a folder outside the repository, with the repository as the PATH.
    let repo = dir.path().to_string_lossy().into_owned();
    let r = check_in(outside.path(), &["--changed-since", "HEAD", &repo]).expect(1);
    assert!(r.stdout.contains("lib/b.sql:1:15"), "{}", r.stdout);
    assert!(r.stdout.contains("lib/new.sql:1:15"), "{}", r.stdout);
    // From a subfolder, with a PATH above it: files outside the current folder count.
    let r = check_in(&dir.path().join("apps"), &["--changed-since", "HEAD", ".."]).expect(1);
    assert!(r.stdout.contains("../lib/b.sql:1:15"), "{}", r.stdout);
    assert!(r.stdout.contains("../lib/new.sql:1:15"), "{}", r.stdout);
    check_in(&dir.path().join("apps"), &["--changed-since", "HEAD"]).expect(0);
}

// See: issue 12 item 10
#[test]
fn baseline_matches_whatever_form_of_path_wrote_it() {
    let dir = sql_tree(&[("apps/q.sql", "select * from experts;\n")]);
    git(dir.path(), &["init", "-q"]);
    let abs = dir.path().join("apps").to_string_lossy().into_owned();
    let forms: [&[&str]; 5] = [&[], &["."], &["./apps"], &["apps/"], &[&abs]];
    for written in forms {
        let base = dir.path().join("base.json");
        let _ = std::fs::remove_file(&base);
        check_in(
            dir.path(),
            &[&["--write-baseline", "base.json"][..], written].concat(),
        )
        .expect(0);
        for read in forms {
            check_in(
                dir.path(),
                &[&["--baseline", "base.json"][..], read].concat(),
            )
            .expect(0);
        }
        // And from a subfolder.
        let base = base.to_string_lossy().into_owned();
        check_in(&dir.path().join("apps"), &["--baseline", &base]).expect(0);
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("base.json")).unwrap())
            .unwrap();
    assert_eq!(v["findings"][0]["path"], "apps/q.sql");
}

// See: issue 12 item 10
#[test]
fn baseline_file_gets_the_umask_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = sql_tree(&[("q.sql", "select * from experts;\n")]);
    for (umask, mode) in [("022", 0o644), ("002", 0o664), ("077", 0o600)] {
        let base = dir.path().join(format!("base-{umask}.json"));
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$BIN\" --rules bundled check --write-baseline '{}'",
                base.display()
            ))
            .env("BIN", util::bin())
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        let got = std::fs::metadata(&base).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, mode, "umask {umask}: mode {got:o}");
    }
    // An existing baseline keeps its mode.
    let base = dir.path().join("base-022.json");
    std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o640)).unwrap();
    check_in(dir.path(), &["--write-baseline", "base-022.json"]).expect(0);
    assert_eq!(
        std::fs::metadata(&base).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

// See: issue 12 item 7
#[test]
fn check_never_exits_clean_when_stdout_closes_early() {
    // Enough findings that the output cannot fit in the pipe before it is closed.
    let text = "select * from experts;\n".repeat(20_000);
    let dir = sql_tree(&[("q.sql", &text)]);
    for format in ["human", "json", "github", "sarif"] {
        let out = util::output_to_closed_pipe(
            Command::new(util::bin())
                .args(["--rules", "bundled", "check", "--format", format])
                .current_dir(dir.path())
                .env("NO_COLOR", "1"),
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// See: issue 12 item 12
#[test]
fn control_characters_and_forged_workflow_commands_are_escaped_in_every_format() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let forged = b"\x1b[31mred\n::error file=x::forged.sql";
    let colon = b"::warning::x.sql";
    let code = "select * from experts; -- \x1b[2J\x1b]0;title\x07 erased\n";
    for n in [&forged[..], colon] {
        std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(n)), code).unwrap();
    }
    let no_raw_controls = |what: &str, text: &str| {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{what}: a raw control character in {text:?}"
        );
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("::")
                && !l.starts_with("::error file=")
                && !l.starts_with("::warning file=")),
            "{what}: a forged workflow command in {text}"
        );
    };
    let r = check_in(dir.path(), &[]).expect(1);
    no_raw_controls("human stdout", &r.stdout);
    no_raw_controls("human stderr", &r.stderr);
    assert!(
        r.stdout
            .contains("\\x1b[31mred\\x0a::error file=x::forged.sql:1:15: error:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("./::warning::x.sql:1:15: error:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("-- \\x1b[2J\\x1b]0;title\\x07 erased"),
        "{}",
        r.stdout
    );
    // GitHub's own escaping: `%`, `\r`, `\n` everywhere, and `:` and `,` in properties.
    let r = check_in(dir.path(), &["--format", "github"]).expect(1);
    assert!(
        !r.stdout.lines().any(|l| !l.starts_with("::error file=")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("::error file=\x1b[31mred%0A%3A%3Aerror file=x%3A%3Aforged.sql,line=1,"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
    for format in ["json", "sarif"] {
        let r = check_in(dir.path(), &["--format", format]).expect(1);
        assert!(!r.stdout.contains('\x1b'), "{format}: {}", r.stdout);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let text = v.to_string();
        assert!(
            text.contains("\\u001b[31mred\\n::error")
                || text.contains("%1B%5B31mred%0A%3A%3Aerror"),
            "{format}: {text}"
        );
    }
    let r = run_in(dir.path(), &["--rules", "bundled", "report", "-l"]).expect(0);
    no_raw_controls("report -l", &r.stdout);
    let r = run_in(dir.path(), &["--rules", "bundled", "rewrite"]).expect(0);
    let header = r
        .stdout
        .lines()
        .find(|l| l.starts_with("diff --git") && l.contains("red"))
        .unwrap()
        .to_string();
    assert_eq!(header, "diff --git \"a/\\033[31mred\\n::error file=x::forged.sql\" \"b/\\033[31mred\\n::error file=x::forged.sql\"");
    no_raw_controls("rewrite stderr", &r.stderr);
}
