//! `--version`, per-command examples in the help, shell completions and man pages, on the real
//! binary and, for completions and man pages, in the real bash and man.

mod util;

use std::process::Command;

use util::{bin, repo_root, run_in};

fn run(args: &[&str]) -> util::Run {
    run_in(&repo_root(), args)
}

#[test]
fn version_names_the_bundled_rules_by_digest() {
    // See: issue 15 item 7
    let out = Command::new("sha256sum")
        .arg(repo_root().join("rules/dhg.toml"))
        .output()
        .expect("sha256sum (coreutils)");
    let digest = String::from_utf8_lossy(&out.stdout)[..12].to_string();
    let long = run(&["--version"]).expect(0);
    assert_eq!(
        long.stdout,
        format!(
            "refscan {}\nbundled rules: DHG table prefixes (rules/dhg.toml, sha256 {digest}), 54 tables (44 renamed) in 13 groups, 10 phases\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    let short = run(&["-V"]).expect(0);
    assert_eq!(
        short.stdout,
        format!(
            "refscan {} (bundled rules sha256 {digest})\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn every_command_help_shows_an_example() {
    // See: issue 15 item 7
    let top = run(&["--help"]).expect(0).stdout;
    let commands: Vec<&str> = top
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(
        commands.contains(&"report") && commands.contains(&"man"),
        "{commands:?}"
    );
    for c in commands {
        for args in [vec!["help", c], vec![c, "--help"], vec![c, "-h"]] {
            let help = run(&args).expect(0).stdout;
            let examples = help.split("\nExamples:\n").nth(1).unwrap_or_else(|| {
                panic!("`refscan {}` shows no example:\n{help}", args.join(" "))
            });
            assert!(
                examples.contains(&format!("  refscan {c}")),
                "`refscan {}`: {examples}",
                args.join(" ")
            );
        }
    }
    let help = run(&["help", "migrate", "apply"]).expect(0).stdout;
    assert!(
        help.contains("Examples:\n  refscan migrate apply --phase 2"),
        "{help}"
    );
}

/// Sources the bash completion script in a real bash and completes `words` (the last one
/// partial), returning the candidates.
fn bash_complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let line = words.join(" ");
    let program = format!(
        r#"source "$1" || exit 3
complete -p refscan || exit 4
COMP_WORDS=({line})
COMP_CWORD={cword}
COMP_LINE="{line}"
COMP_POINT=${{#COMP_LINE}}
_refscan refscan "{cur}" "{prev}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program, "bash"])
        .arg(script)
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "bash: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let registered = lines.next().unwrap_or_default();
    assert!(
        registered.starts_with("complete ")
            && registered.contains(" -F _refscan ")
            && registered.ends_with(" refscan"),
        "{registered}"
    );
    lines.map(str::to_string).collect()
}

#[test]
fn bash_completes_subcommands_and_options() {
    // See: issue 15 item 6
    let out = run(&["completions", "bash"]).expect(0);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("refscan.bash");
    std::fs::write(&script, &out.stdout).unwrap();

    assert_eq!(bash_complete(&script, &["refscan", "rep"]), ["report"]);
    let migrate = bash_complete(&script, &["refscan", "migrate", "ap"]);
    assert_eq!(migrate, ["apply"]);
    let formats = bash_complete(&script, &["refscan", "check", "--format", ""]);
    for f in ["human", "json", "github", "sarif"] {
        assert!(formats.iter().any(|c| c == f), "{formats:?}");
    }
}

#[test]
fn every_shell_gets_a_script() {
    // See: issue 15 item 6
    for (shell, marker) in [
        ("bash", "complete -F _refscan"),
        ("zsh", "#compdef refscan"),
        ("fish", "complete -c refscan"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[refscan]"),
    ] {
        let out = run(&["completions", shell]).expect(0);
        assert!(out.stdout.contains(marker), "{shell}: {}", out.stdout);
        assert!(
            out.stdout.contains("rewrite"),
            "{shell} completes the subcommands"
        );
    }
    let bad = run(&["completions", "tcsh"]).expect(2);
    assert!(
        bad.stderr.contains("possible values: bash"),
        "{}",
        bad.stderr
    );
}

/// Renders a roff page with `man -l` as plain text.
fn man_l(page: &std::path::Path) -> String {
    let out = Command::new("man")
        .arg("-l")
        .arg(page)
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man (man-db; bash scripts/test installs it)");
    assert!(
        out.status.success(),
        "man -l {}: {}",
        page.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    // man marks bold and underline with backspaces when it writes to a pipe.
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn man_page_renders_with_its_sections() {
    // See: issue 15 item 6
    let out = run(&["man"]).expect(0);
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH VERSION",
    ] {
        assert!(out.stdout.contains(section), "no {section}");
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("refscan.1");
    std::fs::write(&page, &out.stdout).unwrap();
    let text = man_l(&page);
    assert!(
        text.contains("refscan - Carries a Supabase monorepo"),
        "{text}"
    );
    assert!(text.contains("refscan-report(1)"), "{text}");
    assert!(text.contains("--rules"), "{text}");
}

#[test]
fn man_dir_writes_one_page_per_command() {
    // See: issue 15 item 6
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["man", "--dir", dir.path().to_str().unwrap()]).expect(0);
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for p in [
        "refscan.1",
        "refscan-report.1",
        "refscan-migrate.1",
        "refscan-migrate-plan.1",
        "refscan-man.1",
    ] {
        assert!(pages.iter().any(|x| x == p), "no {p} in {pages:?}");
    }
    assert!(!pages.iter().any(|p| p.contains("help")), "{pages:?}");
    assert!(
        out.stderr
            .contains(&format!("wrote {} man pages into", pages.len())),
        "{}",
        out.stderr
    );
    let report = man_l(&dir.path().join("refscan-report.1"));
    assert!(
        report.contains("EXTRA") || report.contains("Examples:"),
        "{report}"
    );
    assert!(
        report.contains("refscan report -l --table experts"),
        "{report}"
    );
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(dir.path().join("refscan.1"))
            .unwrap()
            .permissions(),
    );
    assert_eq!(mode & 0o777, 0o644);

    let missing = dir.path().join("no/such");
    let bad = run(&["man", "--dir", missing.to_str().unwrap()]).expect(2);
    assert!(bad.stderr.contains("is not a folder"), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("hint: create it first"),
        "{}",
        bad.stderr
    );
    assert!(!missing.exists());
    let _ = bin();
}
