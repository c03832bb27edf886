//! `--shard K/N` and `refscan merge`: N shards cover every file once, and merging their
//! outputs gives byte for byte what one run over the whole tree prints, with its exit status.

mod util;

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The commands whose outputs merge.
const FORMS: &[(&str, &[&str], &str)] = &[
    ("report", &["report", "--format", "json"], "json"),
    (
        "check-json",
        &["check", "--format", "json", "--mentions"],
        "json",
    ),
    ("check-sarif", &["check", "--format", "sarif"], "sarif"),
    ("rewrite", &["rewrite"], "patch"),
];

fn refscan(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(util::bin());
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    util::clear_env(&mut cmd);
    cmd
}

fn status(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Runs the N shards of `args` side by side, as N CI jobs would, writes their outputs to
/// `out`, and returns the files.
fn run_shards(dir: &Path, args: &[&str], n: usize, out: &Path, ext: &str) -> Vec<PathBuf> {
    let children: Vec<_> = (1..=n)
        .map(|k| {
            let shard = format!("{k}/{n}");
            let mut cmd = refscan(dir, args);
            cmd.args(["--shard", &shard])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            (k, cmd.spawn().expect("running a shard"))
        })
        .collect();
    children
        .into_iter()
        .map(|(k, child)| {
            let o = child.wait_with_output().unwrap();
            assert!(
                status(&o) != 2,
                "shard {k}/{n} of {args:?} failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let f = out.join(format!("shard-{k}-of-{n}.{ext}"));
            std::fs::write(&f, &o.stdout).unwrap();
            f
        })
        .collect()
}

fn merge(dir: &Path, files: &[PathBuf]) -> Output {
    let mut cmd = refscan(dir, &["merge"]);
    cmd.args(files);
    cmd.output().unwrap()
}

/// For every form and N = 1..=8: the merge of N shards is the single run, byte for byte.
fn assert_merges_to_single_run(dir: &Path, extra: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    for (name, args, ext) in FORMS {
        let args: Vec<&str> = extra.iter().chain(args.iter()).copied().collect();
        let single = refscan(dir, &args).output().unwrap();
        assert!(
            status(&single) != 2,
            "{name}: {}",
            String::from_utf8_lossy(&single.stderr)
        );
        assert!(!single.stdout.is_empty(), "{name} printed nothing");
        for n in 1..=8 {
            let files = run_shards(dir, &args, n, out.path(), ext);
            let merged = merge(dir, &files);
            assert_eq!(
                status(&merged),
                status(&single),
                "{name}, {n} shards: exit status; stderr {}",
                String::from_utf8_lossy(&merged.stderr)
            );
            if merged.stdout != single.stdout {
                let (m, s) = (
                    String::from_utf8_lossy(&merged.stdout),
                    String::from_utf8_lossy(&single.stdout),
                );
                pretty_assertions::assert_eq!(m, s, "{name}, {n} shards");
            }
        }
    }
}

#[test]
fn merged_shards_of_the_fixture_are_the_single_run() {
    assert_merges_to_single_run(&util::testdata("monorepo"), &[]);
}

#[test]
fn merged_shards_of_a_generated_corpus_are_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    for (path, body) in gen_corpus::generate(600, 5) {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, body).unwrap();
    }
    assert_merges_to_single_run(dir.path(), &["--rules", "bundled"]);
}

#[test]
fn merged_shards_sum_the_hidden_counts_as_one_run_counts_them() {
    // See: issue 13 item 1
    // Each hidden file is counted by the shard that owns it: the fixture's two hidden files
    // (4 names) are split between shards for some N, and the merge adds them up again.
    let dir = util::testdata("monorepo");
    let out = tempfile::tempdir().unwrap();
    let counts = |doc: &serde_json::Value, at: &str| {
        let s = doc.pointer(at).unwrap();
        (
            s["hidden_files"].as_u64().unwrap(),
            s["hidden_references"].as_u64().unwrap(),
        )
    };
    for (args, ext, at) in [
        (&["report", "--format", "json"][..], "json", "/summary"),
        (&["check", "--format", "json"][..], "json", "/summary"),
        (
            &["check", "--format", "sarif"][..],
            "sarif",
            "/runs/0/properties/summary",
        ),
    ] {
        let mut split = false;
        for n in 1..=4 {
            let files = run_shards(&dir, args, n, out.path(), ext);
            let shards: Vec<(u64, u64)> = files
                .iter()
                .map(|f| {
                    counts(
                        &serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap(),
                        at,
                    )
                })
                .collect();
            split |= shards.iter().filter(|c| c.0 > 0).count() > 1;
            let merged = merge(&dir, &files);
            let doc: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
            assert_eq!(counts(&doc, at), (2, 4), "{args:?}, {n} shards: {shards:?}");
        }
        assert!(
            split,
            "{args:?}: no N split the hidden files between shards"
        );
    }
}

/// Paths that `report --format json` lists, with how many findings each.
fn files_of(doc: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(doc).unwrap();
    let mut files: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    files
}

#[test]
fn every_file_is_in_exactly_one_shard_whatever_the_current_folder() {
    let root = util::testdata("monorepo");
    let all = refscan(&root, &["report", "--format", "json"])
        .output()
        .unwrap();
    let all = files_of(&all.stdout);
    let mut seen = Vec::new();
    for k in 1..=3 {
        let o = refscan(
            &root,
            &["report", "--format", "json", "--shard", &format!("{k}/3")],
        )
        .output()
        .unwrap();
        let files = files_of(&o.stdout);
        assert!(!files.is_empty(), "shard {k}/3 has no file");
        // The same shard run from a subfolder takes the same files: the hash is of the path
        // below the repository root, not as given.
        let apps = refscan(
            &root.join("apps"),
            &["report", "--format", "json", "--shard", &format!("{k}/3")],
        )
        .output()
        .unwrap();
        let in_apps: Vec<String> = files
            .iter()
            .filter_map(|f| f.strip_prefix("apps/"))
            .map(str::to_string)
            .collect();
        assert_eq!(files_of(&apps.stdout), in_apps, "shard {k}/3 from apps/");
        seen.extend(files);
    }
    seen.sort();
    let mut all = all;
    all.sort();
    assert_eq!(seen, all);
}

#[test]
fn bad_shard_values_are_refused_with_exit_2() {
    let root = util::testdata("monorepo");
    for (value, says) in [
        ("0/0", "at least 1"),
        ("3/2", "from 1 to 2"),
        ("x/2", "not a number"),
        ("1/y", "not a number"),
        ("2", "K/N"),
    ] {
        for cmd in ["report", "check", "rewrite"] {
            let o = refscan(&root, &[cmd, "--shard", value]).output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(status(&o), 2, "{cmd} --shard {value}: {err}");
            assert!(err.contains(says), "{cmd} --shard {value}: {err}");
            assert!(o.stdout.is_empty());
        }
    }
}

#[test]
fn shard_auto_reads_the_ci_engine_and_says_which() {
    let root = util::testdata("monorepo");
    let run = |env: &[(&str, &str)]| {
        let mut cmd = refscan(&root, &["report", "--format", "json", "--shard", "auto"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let fixed = refscan(&root, &["report", "--format", "json", "--shard", "2/3"])
        .output()
        .unwrap();
    let status_dir = tempfile::tempdir().unwrap();
    let status_file = status_dir.path().join("shard-status");
    let status_file = status_file.to_str().unwrap();
    for (env, engine) in [
        (
            &[("CI_NODE_INDEX", "2"), ("CI_NODE_TOTAL", "3")][..],
            "GitLab",
        ),
        (
            &[
                ("TEST_SHARD_INDEX", "1"),
                ("TEST_TOTAL_SHARDS", "3"),
                ("TEST_SHARD_STATUS_FILE", status_file),
            ][..],
            "Bazel",
        ),
        (
            &[("JOB_COMPLETION_INDEX", "1"), ("REFSCAN_SHARD_TOTAL", "3")][..],
            "Kubernetes",
        ),
    ] {
        let o = run(env);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(status(&o), 0, "{engine}: {err}");
        assert!(
            err.contains("shard 2/3 (from ") && err.contains(engine),
            "{err}"
        );
        assert_eq!(o.stdout, fixed.stdout, "{engine}");
    }
    assert!(
        Path::new(status_file).exists(),
        "Bazel's status file is touched"
    );
    for (env, says) in [
        (&[][..], "no CI engine"),
        (&[("JOB_COMPLETION_INDEX", "0")][..], "REFSCAN_SHARD_TOTAL"),
        (
            &[("CI_NODE_INDEX", "0"), ("CI_NODE_TOTAL", "2")][..],
            "from 1 to 2",
        ),
        (
            &[("TEST_SHARD_INDEX", "2"), ("TEST_TOTAL_SHARDS", "2")][..],
            "from 0 to 1",
        ),
        (
            &[("CI_NODE_INDEX", "one"), ("CI_NODE_TOTAL", "2")][..],
            "not a number",
        ),
    ] {
        let o = run(env);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(status(&o), 2, "{env:?}: {err}");
        assert!(err.contains(says), "{env:?}: {err}");
    }
}

#[test]
fn merge_refuses_a_missing_a_duplicated_or_a_foreign_shard() {
    let root = util::testdata("monorepo");
    let out = tempfile::tempdir().unwrap();
    let args = ["report", "--format", "json"];
    let files = run_shards(&root, &args, 3, out.path(), "json");
    let refused = |files: &[PathBuf], says: &[&str]| {
        let o = merge(&root, files);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(status(&o), 2, "{err}");
        assert!(o.stdout.is_empty());
        for s in says {
            assert!(err.contains(s), "`{s}` not in: {err}");
        }
    };
    refused(&files[..2], &["shard 3/3 is missing"]);
    refused(
        &[
            files[0].clone(),
            files[1].clone(),
            files[2].clone(),
            files[1].clone(),
        ],
        &["shard 2/3 is given twice"],
    );
    let edit = |from: &str, to: &str, name: &str| {
        let text = std::fs::read_to_string(&files[2])
            .unwrap()
            .replace(from, to);
        assert!(text.contains(to));
        let f = out.path().join(name);
        std::fs::write(&f, text).unwrap();
        vec![files[0].clone(), files[1].clone(), f]
    };
    let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
    refused(
        &edit(&version, "\"version\": \"0.0.1\"", "old.json"),
        &["old.json", "refscan versions", "0.0.1"],
    );
    // Another rules file: the same plan with a comment more.
    let rules = out.path().join("other.toml");
    std::fs::write(
        &rules,
        format!("# another plan\n{}", refscan::rules::BUNDLED),
    )
    .unwrap();
    let other = refscan(
        &root,
        &[
            "--rules",
            rules.to_str().unwrap(),
            "report",
            "--format",
            "json",
            "--shard",
            "3/3",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(
        status(&other),
        0,
        "{}",
        String::from_utf8_lossy(&other.stderr)
    );
    let other_file = out.path().join("other-rules.json");
    std::fs::write(&other_file, &other.stdout).unwrap();
    refused(
        &[files[0].clone(), files[1].clone(), other_file],
        &["other-rules.json", "rules with sha256"],
    );
    // A single run's output has no shard metadata.
    let single = out.path().join("single.json");
    std::fs::write(&single, refscan(&root, &args).output().unwrap().stdout).unwrap();
    refused(&[single], &["single.json", "no `shard` metadata"]);
    let sarif = run_shards(
        &root,
        &["check", "--format", "sarif"],
        3,
        out.path(),
        "sarif",
    );
    refused(
        &[files[0].clone(), files[1].clone(), sarif[2].clone()],
        &["different runs", "SARIF"],
    );
}

#[test]
fn a_shard_patch_and_the_merged_patch_apply_with_git() {
    let copy = util::copy_tree(&util::testdata("monorepo"));
    let dir = copy.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("git");
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    let out = tempfile::tempdir().unwrap();
    let files = run_shards(dir, &["rewrite"], 2, out.path(), "patch");
    for f in &files {
        git(&["apply", "--check", f.to_str().unwrap()]);
    }
    let merged = merge(dir, &files);
    assert_eq!(status(&merged), 0);
    let patch = out.path().join("merged.patch");
    std::fs::write(&patch, &merged.stdout).unwrap();
    git(&["apply", patch.to_str().unwrap()]);
    // The same as rewriting in place.
    let written = util::copy_tree(&util::testdata("monorepo"));
    let w = refscan(
        written.path(),
        &["--rules", "bundled", "rewrite", "--write"],
    )
    .output()
    .unwrap();
    assert_eq!(status(&w), 0, "{}", String::from_utf8_lossy(&w.stderr));
    let tree = |d: &Path| {
        util::snapshot(d)
            .into_iter()
            .filter(|(p, _)| !p.starts_with(".git"))
            .collect::<Vec<_>>()
    };
    assert!(
        tree(dir) == tree(written.path()),
        "the merged patch rewrites as --write does"
    );
}

// Regression: `refscan merge` of gate results failed with "Broken pipe" (exit 2) when its
// reader went away (`| head`), instead of the status its findings give.
#[test]
fn a_merged_gate_never_reports_clean_on_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("q.sql"),
        "select * from experts;\n".repeat(20_000),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    for (args, ext) in [
        (
            &["--rules", "bundled", "check", "--format", "json"][..],
            "json",
        ),
        (
            &["--rules", "bundled", "check", "--format", "sarif"][..],
            "sarif",
        ),
    ] {
        let files = run_shards(dir.path(), args, 2, out.path(), ext);
        let o = util::output_to_closed_pipe(refscan(dir.path(), &["merge"]).args(&files));
        assert_eq!(
            status(&o),
            1,
            "{ext}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
