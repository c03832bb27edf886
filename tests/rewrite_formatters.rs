//! `rewrite --write` and the project's formatters: the check of the changed files by the real
//! prettier (from npm, installed on first use under the Cargo target folder; node and npm must
//! be on the PATH), `--then CMD` on exactly the changed files, and formatters found in the
//! configuration but not installed.

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use util::*;

/// Pinned: the fixture's line lengths are measured against its printWidth.
const PRETTIER: (&str, &str) = ("prettier", "3.10.1");

/// The npm prefix holding `node_modules/.bin/prettier`, installed once.
fn prettier_prefix() -> &'static Path {
    static PREFIX: OnceLock<PathBuf> = OnceLock::new();
    PREFIX.get_or_init(|| {
        let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prettier");
        let installed = std::fs::read_to_string(prefix.join("node_modules/prettier/package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{}\"", PRETTIER.1)));
        if !installed {
            std::fs::create_dir_all(&prefix).unwrap();
            let status = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--prefix"])
                .arg(&prefix)
                .arg(format!("{}@{}", PRETTIER.0, PRETTIER.1))
                .status()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot run npm ({e}): this test installs {}@{} with npm; install Node.js and npm (e.g. `apt-get install nodejs npm`)",
                        PRETTIER.0, PRETTIER.1
                    )
                });
            assert!(status.success(), "npm install of prettier into {} failed", prefix.display());
        }
        prefix
    })
}

/// A copy of the fixture with prettier installed in it, as a project has it.
fn project() -> tempfile::TempDir {
    let dir = copy_tree(&testdata("formatters"));
    std::os::unix::fs::symlink(
        prettier_prefix().join("node_modules"),
        dir.path().join("node_modules"),
    )
    .unwrap();
    dir
}

fn prettier_check(dir: &Path, file: &str) -> bool {
    Command::new(dir.join("node_modules/.bin/prettier"))
        .args(["--check", file])
        .current_dir(dir)
        .output()
        .expect("running prettier")
        .status
        .success()
}

const LONG: &str = "src/my docs.ts";

#[test]
fn prettier_check_names_the_changed_file_a_rewrite_pushed_past_print_width() {
    let dir = project();
    assert!(
        prettier_check(dir.path(), LONG),
        "the fixture starts formatted"
    );
    let run = run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "refscan: prettier (.prettierrc): ran `node_modules/.bin/prettier --check` on 2 changed files in "
        ) && run.stderr.contains(": it would reformat 1 of them:\nrefscan:   src/my docs.ts\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "&& node_modules/.bin/prettier --write 'src/my docs.ts'`, or rewrite with --then 'node_modules/.bin/prettier --write'"
        ),
        "{}",
        run.stderr
    );
    assert!(!prettier_check(dir.path(), LONG));
    assert!(prettier_check(dir.path(), "src/short.ts"));
}

#[test]
fn then_prettier_write_formats_exactly_the_changed_files() {
    let dir = project();
    // Unformatted, but without a reference: --then must not touch it.
    let untouched = "export const  other = (s: any) => s.from('other');\n";
    std::fs::write(dir.path().join("src/other.ts"), untouched).unwrap();
    let run = run_in(
        dir.path(),
        &[
            "rewrite",
            "--write",
            "--then",
            "node_modules/.bin/prettier --write",
        ],
    )
    .expect(0);
    assert!(
        run.stdout.is_empty(),
        "the command's output goes to stderr: {}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "refscan: running --then `node_modules/.bin/prettier --write` on the 2 changed files\n"
        ),
        "{}",
        run.stderr
    );
    // prettier's own report of what it wrote passes through.
    assert!(run.stderr.contains("src/my docs.ts "), "{}", run.stderr);
    assert!(
        run.stderr.contains(": none needs reformatting"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(LONG)).unwrap(),
        "export async function titles(supabase: any) {\n  return supabase\n    .from(\"doc_documents\")\n    .select(\"id, documents:doc_documents(title, body)\");\n}\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("src/other.ts")).unwrap(),
        untouched
    );
}

#[test]
fn then_gets_the_changed_paths_as_arguments_spaces_and_quotes_included() {
    let dir = copy_tree(&testdata("formatters"));
    let odd = "src/it's $HOME; \"x\".ts";
    std::fs::write(
        dir.path().join(odd),
        "const d = (s: any) => s.from('documents');\n",
    )
    .unwrap();
    let run = run_in(
        dir.path(),
        &["rewrite", "--write", "--then", "printf '<%s>\\n'"],
    )
    .expect(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let got: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with('<')).collect();
    assert_eq!(
        got,
        vec![
            "<src/it's $HOME; \"x\".ts>",
            "<src/my docs.ts>",
            "<src/short.ts>"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_failing_then_command_exits_2_naming_it_and_its_status() {
    let dir = copy_tree(&testdata("formatters"));
    let run = run_in(
        dir.path(),
        &["rewrite", "--write", "--then", "echo checked >&2; exit 3"],
    )
    .expect(2);
    assert!(run.stderr.contains("checked"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "--then command `echo checked >&2; exit 3` failed (exit status 3) on 2 changed files; the rewrite itself is written"
        ),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("src/short.ts")).unwrap();
    assert!(text.contains("doc_documents"), "{text}");
}

#[test]
fn then_without_write_is_refused_with_a_hint() {
    let dir = copy_tree(&testdata("formatters"));
    let before = snapshot(dir.path());
    let run = run_in(dir.path(), &["rewrite", "--then", "true"]).expect(2);
    assert!(
        run.stderr.contains("without --write nothing changes"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("add --write"), "{}", run.stderr);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn then_is_not_run_when_no_file_changed() {
    let dir = copy_tree(&testdata("formatters"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let run = run_in(dir.path(), &["rewrite", "--write", "--then", "exit 1"]).expect(0);
    assert!(
        run.stderr
            .contains("refscan: --then `exit 1` not run: no file changed"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_configured_formatter_that_is_not_installed_is_named_with_how_to_check_by_hand() {
    let dir = copy_tree(&testdata("formatters"));
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.black]\nline-length = 60\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/docs.py"),
        "rows = supabase.table(\"documents\").select(\"id\")\n",
    )
    .unwrap();
    let run = run_env(
        dir.path(),
        &["rewrite", "--write"],
        &[("PATH", "/nonexistent"), ("NO_COLOR", "1")],
    )
    .expect(0);
    assert!(
        run.stderr.contains("refscan: prettier configuration found (.prettierrc in ")
            && run.stderr.contains(
                "), but node_modules/.bin/prettier is not installed there: the 2 changed files of its languages were not checked; check them by hand: `cd "
            ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("npx prettier --check 'src/my docs.ts' src/short.ts`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("black configuration found (pyproject.toml ([tool.black]) in ")
            && run.stderr.contains("black --check src/docs.py`"),
        "{}",
        run.stderr
    );
}

#[test]
fn black_on_the_path_is_asked_and_the_files_it_names_are_listed() {
    let dir = copy_tree(&testdata("formatters"));
    std::fs::remove_file(dir.path().join(".prettierrc")).unwrap();
    std::fs::write(dir.path().join("pyproject.toml"), "[tool.black]\n").unwrap();
    std::fs::write(
        dir.path().join("src/docs.py"),
        "rows = supabase.table(\"documents\").select(\"id\")\n",
    )
    .unwrap();
    let bin = tempfile::tempdir().unwrap();
    // Answers as black does: the files it would change on stderr, exit 1.
    let black = bin.path().join("black");
    std::fs::write(
        &black,
        "#!/bin/sh\n[ \"$1\" = --check ] || exit 9\nshift\nfor f; do echo \"would reformat $f\" >&2; done\necho 'Oh no!' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&black, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = bin.path().to_str().unwrap();
    let run = run_env(
        dir.path(),
        &["rewrite", "--write"],
        &[("PATH", path), ("NO_COLOR", "1")],
    )
    .expect(0);
    assert!(
        run.stderr.contains("refscan: black (pyproject.toml ([tool.black])): ran `black --check` on 1 changed file in ")
            && run.stderr.contains(": it would reformat 1 of them:\nrefscan:   src/docs.py\n")
            && run.stderr.contains("&& black src/docs.py`, or rewrite with --then 'black'"),
        "{}",
        run.stderr
    );
}
