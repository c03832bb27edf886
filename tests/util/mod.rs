//! Test harness: runs the real `refscan` binary on fixtures and copies of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_refscan")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn testdata(rel: &str) -> PathBuf {
    repo_root().join("testdata").join(rel)
}

/// The outcome of one run.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Fails the test with both streams when the status differs.
    pub fn expect(self, status: i32) -> Run {
        assert_eq!(
            self.status, status,
            "exit status {} (expected {status})\n--- stdout\n{}\n--- stderr\n{}",
            self.status, self.stdout, self.stderr
        );
        self
    }
}

/// Runs refscan with `args` in `dir`, without colour and with a clean environment for the
/// variables refscan reads.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1");
    clear_env(&mut cmd);
    let out = cmd.output().expect("running refscan");
    Run::from(out)
}

/// Runs refscan with the given environment variables added (and NO_COLOR only if given).
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("NO_COLOR");
    clear_env(&mut cmd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().expect("running refscan"))
}

/// Variables refscan reads that a CI machine may set (GitHub Actions sets the GITHUB_ ones):
/// the tests set what they need themselves.
pub const READ_ENV: &[&str] = &[
    "REFSCAN_RULES",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "GITHUB_WORKSPACE",
    "GITHUB_STEP_SUMMARY",
    "TEST_SHARD_INDEX",
    "TEST_TOTAL_SHARDS",
    "TEST_SHARD_STATUS_FILE",
    "CI_NODE_INDEX",
    "CI_NODE_TOTAL",
    "JOB_COMPLETION_INDEX",
    "REFSCAN_SHARD_TOTAL",
];

pub fn clear_env(cmd: &mut Command) {
    for k in READ_ENV {
        cmd.env_remove(k);
    }
}

pub fn run(args: &[&str]) -> Run {
    run_in(&repo_root(), args)
}

/// Copies a fixture tree into a new temporary folder (the copy is removed on drop).
pub fn copy_tree(src: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(src, dir.path());
    dir
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        let ft = entry.file_type().unwrap();
        if ft.is_dir() {
            copy_dir(&entry.path(), &to);
        } else if ft.is_file() {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Every file under `root` with its bytes, sorted by relative path.
pub fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let p = entry.path();
        let ft = entry.file_type().unwrap();
        if ft.is_dir() {
            walk(root, &p, out);
        } else if ft.is_file() {
            out.push((
                p.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&p).unwrap(),
            ));
        }
    }
}

/// Installs an npm package once per target folder and returns its `node_modules` folder.
/// Tests that need one fail (not skip) when npm is missing: CI installs it.
pub fn npm_package(spec: &str) -> PathBuf {
    let name = spec
        .rsplit_once('@')
        .filter(|(n, _)| !n.is_empty())
        .map_or(spec, |(n, _)| n);
    let prefix = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("npm")
        .join(name.replace('/', "__"));
    let modules = prefix.join("node_modules");
    if modules.join(name).join("package.json").is_file() {
        return modules;
    }
    std::fs::create_dir_all(&prefix).unwrap();
    let out = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(&prefix)
        .arg(spec)
        .output()
        .unwrap_or_else(|e| panic!("npm is needed to install {spec} for this test: {e}"));
    assert!(
        out.status.success(),
        "npm install {spec} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    modules
}

/// Violations of the SARIF 2.1.0 schema (the one `@microsoft/jest-sarif` ships) by `doc`.
pub fn sarif_violations(doc: &serde_json::Value) -> Vec<String> {
    let modules = npm_package("@microsoft/jest-sarif@1.0.0-beta.0");
    let path = modules.join("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    // The published `language` patterns have a stray `]` and fail meta-validation; use the
    // pattern they mean (a language tag such as `en` or `en-US`).
    let fixed = replace_pattern(
        &mut schema,
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    assert!(fixed > 0, "the schema changed: review the pattern fix");
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn replace_pattern(v: &mut serde_json::Value, bad: &str, good: &str) -> usize {
    match v {
        serde_json::Value::Object(map) => map
            .iter_mut()
            .map(|(k, child)| {
                if k == "pattern" && child == bad {
                    *child = serde_json::json!(good);
                    1
                } else {
                    replace_pattern(child, bad, good)
                }
            })
            .sum(),
        serde_json::Value::Array(items) => items
            .iter_mut()
            .map(|c| replace_pattern(c, bad, good))
            .sum(),
        _ => 0,
    }
}

/// The findings of `report --format json` run in `dir`.
pub fn json_report_findings(dir: &Path) -> Vec<serde_json::Value> {
    let r = run_in(dir, &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

/// `path:line:column name kind[/site]` of a finding (the site only when not `plain`).
pub fn located_kind(f: &serde_json::Value) -> String {
    let site = match f["site"].as_str().unwrap() {
        "plain" => String::new(),
        site => format!("/{site}"),
    };
    format!(
        "{}:{}:{} {} {}{site}",
        f["path"].as_str().unwrap(),
        f["line"],
        f["column"],
        f["old"].as_str().unwrap(),
        f["kind"].as_str().unwrap(),
    )
}

/// Runs `cmd` with a reader that goes away before anything is written, as `| head -0` would.
pub fn output_to_closed_pipe(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// Scans the fixture `root` with its own `refscan.toml` once with the lexical fast paths and
/// once parsing every file with tree-sitter, asserts that both find the same, file by file,
/// and returns the rules and the fast scan.
pub fn assert_engines_agree(root: &Path) -> (refscan::rules::Rules, refscan::scan::Scan) {
    use refscan::scan::{scan, ScanOptions};
    let rules = refscan::rules::Rules::load(&root.join("refscan.toml")).unwrap();
    let run = |engine| {
        let mut opts = ScanOptions::new(&rules);
        opts.paths = vec![root.to_path_buf()];
        opts.engine = engine;
        scan(&rules, &opts).expect("scan")
    };
    let (fast, parsed) = (
        run(refscan::lang::Engine::Auto),
        run(refscan::lang::Engine::Parse),
    );
    assert_eq!(fast.files.len(), parsed.files.len());
    for (a, b) in fast.files.iter().zip(&parsed.files) {
        assert_eq!(a.findings, b.findings, "{}", a.path.display());
    }
    (rules, fast)
}
