//! What CI and terminals read: colour as ripgrep decides it, carets and columns in display and
//! character columns, paths relative to the repository root in `--format github` and SARIF,
//! capped annotations with a step summary, and SARIF's tool and rule metadata.

mod util;

use std::path::Path;
use std::process::Command;

use util::{copy_tree, repo_root, run, run_env, run_in, sarif_violations, testdata};

const RULES: &str = "testdata/eco/refscan.toml";

fn git_init(dir: &Path) {
    let out = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn carets_sit_under_the_name_past_wide_characters_emoji_and_tabs() {
    // See: issue 19 item 7
    let r = run(&["--rules", RULES, "check", "testdata/columns/wide.ts"]).expect(1);
    // Tabs run to the next stop of four; 名前 and 🎉 take two columns each, so the name starts
    // at display column 62 of the shown line.
    let expected = format!(
        "testdata/columns/wide.ts:3:56: error: `experts` -> `expert_profiles` (from-call, phase 2)\n  \
         3 |     const 名前 = '🎉';  const {{ data }} = await supabase.from('experts').select('*')\n    \
         | {}^^^^^^^\n",
        " ".repeat(62)
    );
    assert_eq!(r.stdout, expected);
}

#[test]
fn columns_count_characters_in_every_format() {
    // See: issue 19 item 7
    // The name starts at character 56 of its line (byte 63).
    let args = |format: &'static str| {
        [
            "--rules",
            RULES,
            "check",
            "testdata/columns/wide.ts",
            "--format",
            format,
        ]
    };
    let human = run(&args("human")).stdout;
    assert!(
        human.starts_with("testdata/columns/wide.ts:3:56:"),
        "{human}"
    );
    let json: serde_json::Value = serde_json::from_str(&run(&args("json")).stdout).unwrap();
    assert_eq!(json["findings"][0]["column"], 56);
    assert_eq!(
        json["findings"][0]["start"].as_u64().unwrap(),
        62 + line_start()
    );
    let jsonl = run(&args("jsonl")).stdout;
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["column"], 56);
    let github = run(&args("github")).stdout;
    assert!(
        github.contains(",line=3,col=56,endLine=3,endColumn=63,"),
        "{github}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&run(&args("sarif")).stdout).unwrap();
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 56);
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let report: serde_json::Value = serde_json::from_str(
        &run(&[
            "--rules",
            RULES,
            "report",
            "testdata/columns/wide.ts",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(report["findings"][0]["column"], 56);
}

/// The byte offset where line 3 of the fixture starts.
fn line_start() -> u64 {
    let text = std::fs::read_to_string(testdata("columns/wide.ts")).unwrap();
    text.split_inclusive('\n')
        .take(2)
        .map(str::len)
        .sum::<usize>() as u64
}

#[test]
fn color_always_wins_over_no_color() {
    // See: issue 19 item 7
    let args = [
        "--rules",
        RULES,
        "--color",
        "always",
        "check",
        "testdata/eco/scripts",
    ];
    let r = run_env(&repo_root(), &args, &[("NO_COLOR", "1")]).expect(1);
    assert!(r.stdout.contains("\x1b["), "{:?}", r.stdout);
    let args = ["--rules", RULES, "check", "testdata/eco/scripts"];
    let r = run_env(&repo_root(), &args, &[("NO_COLOR", "1")]).expect(1);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
}

#[test]
fn clicolor_force_colours_output_that_is_no_terminal() {
    // See: issue 19 item 7
    let args = ["--rules", RULES, "check", "testdata/eco/scripts"];
    let r = run_env(&repo_root(), &args, &[("CLICOLOR_FORCE", "1")]).expect(1);
    assert!(r.stdout.contains("\x1b["), "{:?}", r.stdout);
    // NO_COLOR still wins over it with --color auto, `0` is no force, and never is never.
    let r = run_env(
        &repo_root(),
        &args,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    )
    .expect(1);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
    let r = run_env(&repo_root(), &args, &[("CLICOLOR_FORCE", "0")]).expect(1);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
    let never = [
        "--rules",
        RULES,
        "--color",
        "never",
        "check",
        "testdata/eco/scripts",
    ];
    let r = run_env(&repo_root(), &never, &[("CLICOLOR_FORCE", "1")]).expect(1);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
}

#[test]
fn github_and_sarif_paths_are_relative_to_the_repository_root() {
    // See: issue 19 item 8
    let dir = copy_tree(&testdata("eco"));
    git_init(dir.path());
    let web = dir.path().join("apps/web");
    // As a workflow step with `working-directory: apps/web` runs it.
    let r = run_in(&web, &["check", "--format", "github"]).expect(1);
    assert!(
        r.stdout
            .contains("::error file=apps/web/src/experts.ts,line=5,"),
        "{}",
        r.stdout
    );
    let r = run_in(&web, &["check", "--format", "sarif"]).expect(1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let run0 = &doc["runs"][0];
    let loc = &run0["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(loc["uri"], "apps/web/src/experts.ts");
    assert_eq!(loc["uriBaseId"], "%SRCROOT%");
    let root = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(
        run0["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", root.display())
    );
    // The human format keeps paths relative to the current folder.
    let r = run_in(&web, &["check"]).expect(1);
    assert!(r.stdout.starts_with("src/experts.ts:5:"), "{}", r.stdout);
}

#[test]
fn github_workspace_is_the_root_when_set() {
    // See: issue 19 item 8
    let dir = copy_tree(&testdata("eco"));
    git_init(&dir.path().join("apps"));
    let workspace = dir.path().to_str().unwrap();
    let rules = dir.path().join("refscan.toml");
    let rules = rules.to_str().unwrap();
    let r = run_env(
        &dir.path().join("apps/web"),
        &["--rules", rules, "check", "--format", "github"],
        &[("NO_COLOR", "1"), ("GITHUB_WORKSPACE", workspace)],
    )
    .expect(1);
    assert!(
        r.stdout
            .contains("::error file=apps/web/src/experts.ts,line=5,"),
        "{}",
        r.stdout
    );
    // Without it, the repository (here apps/) is the root.
    let r = run_in(
        &dir.path().join("apps/web"),
        &["--rules", rules, "check", "--format", "github"],
    )
    .expect(1);
    assert!(
        r.stdout.contains("::error file=web/src/experts.ts,"),
        "{}",
        r.stdout
    );
}

#[test]
fn github_annotations_put_errors_first_and_stop_at_ten_of_each() {
    // See: issue 19 item 10
    let args = [
        "--rules",
        RULES,
        "check",
        "testdata/annotations",
        "--format",
        "github",
        "--mentions",
    ];
    let r = run(&args).expect(1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let errors: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("::error "))
        .collect();
    let warnings: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("::warning "))
        .collect();
    assert_eq!((errors.len(), warnings.len()), (10, 10), "{}", r.stdout);
    assert!(
        errors.iter().max() < warnings.iter().min(),
        "errors first:\n{}",
        r.stdout
    );
    // The rest are log lines, which are no workflow commands.
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(": error: ") && !l.starts_with("::"))
            .count(),
        2,
        "{}",
        r.stdout
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(": warning: ") && !l.starts_with("::"))
            .count(),
        2
    );
    let notice = lines
        .iter()
        .find(|l| l.starts_with("::notice "))
        .expect("a notice");
    assert!(
        notice.contains("2 more errors and 2 more warnings are not annotated"),
        "{notice}"
    );
    // The cap is a flag.
    let mut wide = args.to_vec();
    wide.extend(["--max-annotations", "50"]);
    let r = run(&wide).expect(1);
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        12
    );
    assert!(!r.stdout.contains("::notice "), "{}", r.stdout);
}

#[test]
fn unlisted_mentions_are_counted_in_a_github_notice() {
    // See: issue 13 item 5
    let r = run(&[
        "--rules",
        RULES,
        "check",
        "testdata/annotations",
        "--format",
        "github",
    ])
    .expect(1);
    assert!(!r.stdout.contains("::warning "), "{}", r.stdout);
    assert!(
        r.stdout.contains("::notice title=refscan::12 mentions (warnings) counted but not annotated; pass --mentions to list them"),
        "{}",
        r.stdout
    );
}

#[test]
fn github_step_summary_is_appended_as_markdown() {
    // See: issue 19 item 10
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "## an earlier step\n").unwrap();
    let r = run_env(
        &repo_root(),
        &[
            "--rules",
            RULES,
            "check",
            "testdata/eco",
            "--format",
            "github",
        ],
        &[
            ("NO_COLOR", "1"),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ],
    )
    .expect(1);
    assert!(
        !r.stdout.contains("### "),
        "the summary goes to the file only"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("## an earlier step\n### refscan check\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "**4 errors**, 5 warnings (mentions; `--mentions` lists them); 5 files searched."
        ),
        "{md}"
    );
    assert!(
        md.contains("| `sys_` System | `domains` → `sys_domains` | 1 | 2 | 1 |"),
        "{md}"
    );
    assert!(
        md.contains("| `expert_` Experts | `experts` → `expert_profiles` | 2 | 2 | 4 |"),
        "{md}"
    );
    assert!(
        md.contains("| `testdata/eco/apps/web/src/experts.ts` | 2 | 2 |"),
        "{md}"
    );
    assert!(md.contains("**Files with most findings** (4 of 4)"), "{md}");
    // Other formats leave it alone.
    std::fs::write(&summary, "").unwrap();
    run_env(
        &repo_root(),
        &["--rules", RULES, "check", "testdata/eco"],
        &[
            ("NO_COLOR", "1"),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ],
    )
    .expect(1);
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), "");
}

#[test]
fn sarif_carries_rule_help_and_automation_details() {
    // See: issue 19 item 10
    let r = run(&[
        "--rules",
        RULES,
        "check",
        "testdata/eco",
        "--format",
        "sarif",
        "--phase",
        "2",
        "--mentions",
    ])
    .expect(1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let violations = sarif_violations(&doc);
    assert!(violations.is_empty(), "{}", violations.join("\n"));
    let run0 = &doc["runs"][0];
    assert_eq!(run0["automationDetails"]["id"], "refscan/check/phase-2/");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        assert!(
            rule["help"]["text"]
                .as_str()
                .unwrap()
                .contains("refscan rewrite --write"),
            "{rule}"
        );
        assert!(
            rule["help"]["markdown"].as_str().unwrap().starts_with("**"),
            "{rule}"
        );
    }
    // Cargo.toml names no homepage, so there is no informationUri to give; when it does, the
    // driver carries it.
    let home = env!("CARGO_PKG_HOMEPAGE");
    match run0["tool"]["driver"]["informationUri"].as_str() {
        Some(uri) => assert_eq!(uri, home),
        None => assert!(home.is_empty(), "homepage {home} is not given"),
    }
    assert_eq!(run0["properties"]["summary"]["errors"], 4);
    // Without --mentions, the count of mentions is a notification of the run.
    let r = run(&[
        "--rules",
        RULES,
        "check",
        "testdata/eco",
        "--format",
        "sarif",
    ])
    .expect(1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let notes = &doc["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("5 mentions"),
        "{notes}"
    );
    assert_eq!(doc["runs"][0]["automationDetails"]["id"], "refscan/check/");
    let violations = sarif_violations(&doc);
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
