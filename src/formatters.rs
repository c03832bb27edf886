//! The project's code formatters after `rewrite --write`: which ones its configuration names
//! (prettier, biome, black, ruff), and which of the changed files each would now reformat,
//! asked of the formatter's own check mode when it is installed in the project.

use std::path::{Path, PathBuf};

/// One formatter the project configures.
struct Formatter {
    name: &'static str,
    /// The configuration that names it, relative to `root`.
    config: String,
    /// Where the configuration lies: the formatter runs here.
    root: PathBuf,
    /// File extensions it formats (of those refscan rewrites).
    extensions: &'static [&'static str],
    /// The installed executable, as shown to the user and as run.
    program: Option<(String, PathBuf)>,
    /// Its check mode: exits non-zero and names each file it would change.
    check: &'static [&'static str],
    /// Its write mode.
    fix: &'static [&'static str],
    /// How to run it by hand when it is not installed in the project.
    by_hand: &'static str,
}

const JS: &[&str] = &[
    "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "vue", "json", "jsonc", "md", "mdx",
    "yaml", "yml",
];
const BIOME: &[&str] = &[
    "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "json", "jsonc",
];
const PYTHON: &[&str] = &["py", "pyi"];

/// Folders whose formatter configuration counts: the repository root of each scanned path (the
/// current folder outside a repository) and the folder of the rules file.
pub fn roots(starts: &[PathBuf], rules_file: Option<&Path>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    let here = crate::project::canonical(Path::new("."));
    for s in starts {
        let root = crate::project::repo_root(s).unwrap_or_else(|| here.clone());
        if !out.contains(&root) {
            out.push(root);
        }
    }
    if let Some(dir) = rules_file
        .map(crate::project::canonical)
        .and_then(|f| f.parent().map(Path::to_path_buf))
    {
        if !out.contains(&dir) {
            out.push(dir);
        }
    }
    out
}

fn detect(root: &Path) -> Vec<Formatter> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let has = |n: &str| names.iter().any(|x| x == n);
    let package_json = has("package.json")
        .then(|| std::fs::read_to_string(root.join("package.json")).ok())
        .flatten()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let pyproject = has("pyproject.toml")
        .then(|| std::fs::read_to_string(root.join("pyproject.toml")).ok())
        .flatten()
        .and_then(|t| t.parse::<toml::Table>().ok());
    let tool = |name: &str| {
        pyproject
            .as_ref()
            .and_then(|p| p.get("tool"))
            .and_then(|t| t.get(name))
            .is_some()
    };
    let node_bin = |name: &str| {
        let rel = format!("node_modules/.bin/{name}");
        let p = root.join(&rel);
        p.is_file().then_some((rel, p))
    };
    let on_path = |name: &str| on_path(name).map(|p| (name.to_string(), p));
    let mut out = Vec::new();

    let prettier = names
        .iter()
        .find(|n| {
            *n == ".prettierrc"
                || n.starts_with(".prettierrc.")
                || n.starts_with("prettier.config.")
        })
        .cloned()
        .or_else(|| {
            package_json
                .as_ref()
                .and_then(|p| p.get("prettier"))
                .map(|_| "package.json (\"prettier\" key)".to_string())
        });
    if let Some(config) = prettier {
        out.push(Formatter {
            name: "prettier",
            config,
            root: root.to_path_buf(),
            extensions: JS,
            program: node_bin("prettier"),
            check: &["--check"],
            fix: &["--write"],
            by_hand: "npx prettier --check",
        });
    }
    if let Some(config) = ["biome.json", "biome.jsonc"].into_iter().find(|n| has(n)) {
        out.push(Formatter {
            name: "biome",
            config: config.to_string(),
            root: root.to_path_buf(),
            extensions: BIOME,
            program: node_bin("biome").or_else(|| on_path("biome")),
            check: &["format"],
            fix: &["format", "--write"],
            by_hand: "npx @biomejs/biome format",
        });
    }
    if tool("black") {
        out.push(Formatter {
            name: "black",
            config: "pyproject.toml ([tool.black])".to_string(),
            root: root.to_path_buf(),
            extensions: PYTHON,
            program: on_path("black"),
            check: &["--check"],
            fix: &[],
            by_hand: "black --check",
        });
    }
    let ruff = ["ruff.toml", ".ruff.toml"]
        .into_iter()
        .find(|n| has(n))
        .map(str::to_string)
        .or_else(|| tool("ruff").then(|| "pyproject.toml ([tool.ruff])".to_string()));
    if let Some(config) = ruff {
        out.push(Formatter {
            name: "ruff",
            config,
            root: root.to_path_buf(),
            extensions: PYTHON,
            program: on_path("ruff"),
            check: &["format", "--check"],
            fix: &["format"],
            by_hand: "ruff format --check",
        });
    }
    out
}

/// An executable file named `name` in a folder of PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// A word as a POSIX shell reads it back unchanged.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@%+,".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// A relative path as a program's argument: one starting with `-` would be read as an option.
fn as_argument(p: &Path) -> String {
    let s = p.to_string_lossy().into_owned();
    if s.starts_with('-') {
        format!("./{s}")
    } else {
        s
    }
}

/// Whether `output` names `path` as a word of its own (not inside a longer path).
fn names(output: &str, path: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "[]:\"'`,".contains(c));
    output.match_indices(path).any(|(i, _)| {
        boundary(output[..i].chars().next_back())
            && boundary(output[i + path.len()..].chars().next())
    })
}

/// For each formatter the project configures, checks the `changed` files of its languages
/// that lie under its folder and reports on stderr which it would reformat, what was run and
/// how to fix them. Reports only; the exit status stays the rewrite's.
pub fn report(roots: &[PathBuf], changed: &[PathBuf]) {
    let changed: Vec<(PathBuf, PathBuf)> = changed
        .iter()
        .map(|p| (p.clone(), crate::project::canonical(p)))
        .collect();
    for f in roots.iter().flat_map(|r| detect(r)) {
        let root = crate::project::canonical(&f.root);
        let files: Vec<(&PathBuf, PathBuf)> = changed
            .iter()
            .filter(|(_, abs)| {
                abs.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| f.extensions.contains(&e.to_ascii_lowercase().as_str()))
            })
            .filter_map(|(shown, abs)| {
                abs.strip_prefix(&root)
                    .ok()
                    .map(|rel| (shown, rel.to_path_buf()))
            })
            .collect();
        if files.is_empty() {
            continue;
        }
        let n = files.len();
        let s = if n == 1 { "" } else { "s" };
        let at = crate::print::shown_path(&f.root);
        let args: Vec<String> = files.iter().map(|(_, rel)| as_argument(rel)).collect();
        let listed = |args: &[String]| {
            args.iter()
                .map(|a| shell_quote(a))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let Some((shown_program, program)) = &f.program else {
            let how = if n <= 10 {
                format!(
                    "`cd {} && {} {}`",
                    shell_quote(&at),
                    f.by_hand,
                    listed(&args)
                )
            } else {
                format!(
                    "rewrite again with --then '{}' (it gets exactly the changed files)",
                    f.by_hand
                )
            };
            crate::messages::note(&format!(
                "{} configuration found ({} in {at}), but {} is not installed there: the {n} changed file{s} of its languages were not checked; check them by hand: {how}",
                f.name,
                f.config,
                match f.name {
                    "prettier" => "node_modules/.bin/prettier",
                    "biome" => "node_modules/.bin/biome (or biome on PATH)",
                    other => other,
                }
            ));
            continue;
        };
        let ran = format!(
            "`{} {}` on {n} changed file{s} in {at}",
            shown_program,
            f.check.join(" ")
        );
        let out = std::process::Command::new(program)
            .args(f.check)
            .args(&args)
            .current_dir(&f.root)
            .stdin(std::process::Stdio::null())
            .output();
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                crate::messages::note(&format!(
                    "{} ({}): cannot run {} ({e}): the changed files were not checked",
                    f.name,
                    f.config,
                    program.display()
                ));
                continue;
            }
        };
        if out.status.success() {
            crate::messages::note(&format!(
                "{} ({}): ran {ran}: none needs reformatting",
                f.name, f.config
            ));
            continue;
        }
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let flagged: Vec<usize> = (0..n)
            .filter(|&i| names(&text, &args[i]) || names(&text, &files[i].1.to_string_lossy()))
            .collect();
        if flagged.is_empty() {
            crate::messages::note(&format!(
                "{} ({}): ran {ran}: it failed ({}) without naming a file to reformat; its output:",
                f.name,
                f.config,
                status_text(&out.status)
            ));
            crate::messages::notes(text.lines().map(|l| format!("  {l}")));
            continue;
        }
        let k = flagged.len();
        crate::messages::note(&format!(
            "{} ({}): ran {ran}: it would reformat {k} of them:",
            f.name, f.config
        ));
        crate::messages::notes(
            flagged
                .iter()
                .map(|&i| format!("  {}", crate::print::shown_path(files[i].0))),
        );
        let todo: Vec<String> = flagged.iter().map(|&i| args[i].clone()).collect();
        // `--then` runs in the current folder, the fix command in the formatter's.
        let here = crate::project::canonical(Path::new("."));
        let then_program = if here == root || !shown_program.contains('/') {
            shell_quote(shown_program)
        } else {
            shell_quote(&program.to_string_lossy())
        };
        let then_fix = std::iter::once(then_program)
            .chain(f.fix.iter().map(|a| a.to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        let fix = std::iter::once(shell_quote(shown_program))
            .chain(f.fix.iter().map(|a| a.to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        crate::messages::note(&format!(
            "reformat {}: `cd {} && {fix} {}`, or rewrite with --then '{then_fix}'",
            if k == 1 { "it" } else { "them" },
            shell_quote(&at),
            if k <= 10 {
                listed(&todo)
            } else {
                "FILE...".to_string()
            }
        ));
    }
}

/// A child's exit status in words.
pub fn status_text(status: &std::process::ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return format!("killed by signal {sig}");
        }
    }
    status.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_named_only_as_a_word_of_its_own() {
        assert!(names("[warn] src/a.ts\n", "src/a.ts"));
        assert!(names("Would reformat: src/a.py", "src/a.py"));
        assert!(names("src/a.ts format ━━━", "src/a.ts"));
        assert!(!names("[warn] src/ba.ts\n", "a.ts"));
        assert!(!names("[warn] src/a.tsx\n", "src/a.ts"));
    }

    #[test]
    fn shell_quoting_reads_back() {
        assert_eq!(shell_quote("src/a.ts"), "src/a.ts");
        assert_eq!(shell_quote("my dir/a.ts"), "'my dir/a.ts'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
