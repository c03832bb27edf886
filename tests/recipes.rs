//! The sharding recipes of docs/recipes/ (GitHub Actions, GitLab CI, Kubernetes Indexed Job):
//! each file is parsed as YAML, and its own commands run here in parallel processes with the
//! variables the engine sets, then its merge step; the merged output is the single run's.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_yaml::Value;

fn recipe(name: &str) -> Vec<Value> {
    let path = util::repo_root().join("docs/recipes").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml::Deserializer::from_str(&text)
        .map(|d| {
            serde::Deserialize::deserialize(d)
                .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", path.display()))
        })
        .collect()
}

fn text<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    get(v, path)
        .as_str()
        .unwrap_or_else(|| panic!("{path:?} is not a string"))
}

fn get<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    path.iter().fold(v, |v, k| match k.parse::<usize>() {
        Ok(i) => &v[i],
        Err(_) => &v[*k],
    })
}

/// A shell running one step's commands in `dir`, refscan on its PATH, with `env` set.
fn sh(dir: &Path, script: &str, env: &[(&str, String)]) -> Child {
    let bin = Path::new(util::bin()).parent().unwrap().to_path_buf();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("set -e\n{script}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    util::clear_env(&mut cmd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().expect("running sh")
}

fn finish(child: Child, what: &str) -> Output {
    let o = child.wait_with_output().unwrap();
    assert!(
        o.status.code().is_some(),
        "{what}: killed; {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The checkout a job works in, and what one run over it prints.
fn workspace(args: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = util::copy_tree(&util::testdata("monorepo"));
    let mut cmd = Command::new(util::bin());
    cmd.args(args).current_dir(dir.path()).env("NO_COLOR", "1");
    util::clear_env(&mut cmd);
    let single = cmd.output().unwrap();
    (dir, single)
}

/// Runs the shards side by side, each with its variables; each must succeed.
fn run_shards(dir: &Path, scripts: Vec<(String, Vec<(&str, String)>)>) {
    let children: Vec<Child> = scripts.iter().map(|(s, env)| sh(dir, s, env)).collect();
    for (child, (s, env)) in children.into_iter().zip(&scripts) {
        let o = finish(child, s);
        assert!(
            o.status.success(),
            "shard {env:?} of `{s}` failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Runs the merge step and compares its file with the single run.
fn assert_merge(dir: &Path, script: &str, file: &str, single: &Output) {
    let o = finish(sh(dir, script, &[]), script);
    assert_eq!(
        o.status.code(),
        single.status.code(),
        "`{script}`: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let merged = std::fs::read(dir.join(file)).unwrap();
    assert!(!merged.is_empty());
    if merged != single.stdout {
        pretty_assertions::assert_eq!(
            String::from_utf8_lossy(&merged),
            String::from_utf8_lossy(&single.stdout)
        );
    }
}

/// Script lines that install refscan: the tests run the binary they built.
fn without_install(lines: &Value) -> String {
    lines
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .filter(|l| !l.starts_with("cargo install"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn step<'a>(steps: &'a Value, name: &str) -> &'a Value {
    steps
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step named `{name}`"))
}

/// The step that runs an action (`uses: NAME@version`).
fn action<'a>(steps: &'a Value, name: &str) -> &'a Value {
    steps
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(name)))
        .unwrap_or_else(|| panic!("no step uses {name}"))
}

#[test]
fn github_actions_matrix_and_merge_job() {
    let docs = recipe("github-actions.yml");
    let wf = &docs[0];
    let shards: Vec<u64> = get(wf, &["jobs", "scan", "strategy", "matrix", "shard"])
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    let n = shards.len();
    assert!(n >= 2);
    let steps = get(wf, &["jobs", "scan", "steps"]);
    let scan = text(step(steps, "scan one shard"), &["run"]);
    assert!(
        scan.contains(&format!("--shard ${{{{ matrix.shard }}}}/{n}")),
        "{scan}"
    );
    let upload = action(steps, "actions/upload-artifact");
    assert_eq!(text(wf, &["jobs", "merge", "needs"]), "scan");
    let merge_steps = get(wf, &["jobs", "merge", "steps"]);
    let merge = text(step(merge_steps, "merge and gate"), &["run"]);
    let sarif = action(merge_steps, "github/codeql-action/upload-sarif");
    assert_eq!(text(sarif, &["if"]), "always()");
    assert_eq!(
        text(wf, &["jobs", "merge", "permissions", "security-events"]),
        "write"
    );

    let (dir, single) = workspace(&["check", "--format", "sarif"]);
    assert_eq!(single.status.code(), Some(1), "the fixture fails the gate");
    let matrix = |s: &str, k: u64| s.replace("${{ matrix.shard }}", &k.to_string());
    run_shards(
        dir.path(),
        shards
            .iter()
            .map(|&k| (matrix(scan, k), Vec::new()))
            .collect(),
    );
    for &k in &shards {
        let path = matrix(text(upload, &["with", "path"]), k);
        assert!(dir.path().join(&path).is_file(), "{path} to upload");
    }
    assert_merge(
        dir.path(),
        merge,
        text(sarif, &["with", "sarif_file"]),
        &single,
    );
}

#[test]
fn gitlab_ci_parallel_jobs_and_gate() {
    let docs = recipe("gitlab-ci.yml");
    let ci = &docs[0];
    let job = &ci["refscan-shard"];
    let n = job["parallel"].as_u64().expect("parallel: N") as usize;
    assert!(n >= 2);
    let scan = without_install(&job["script"]);
    assert!(scan.contains("--shard auto"), "{scan}");
    let gate = &ci["refscan-gate"];
    assert_eq!(text(gate, &["needs", "0"]), "refscan-shard");
    let merge = without_install(&gate["script"]);
    let stages: Vec<&str> = ci["stages"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let at = |s: &Value| stages.iter().position(|x| Some(*x) == s.as_str()).unwrap();
    assert!(at(&job["stage"]) < at(&gate["stage"]));

    let (dir, single) = workspace(&["check", "--format", "json"]);
    // GitLab numbers the jobs of `parallel: N` from 1.
    run_shards(
        dir.path(),
        (1..=n)
            .map(|k| {
                (
                    scan.clone(),
                    vec![
                        ("CI_NODE_INDEX", k.to_string()),
                        ("CI_NODE_TOTAL", n.to_string()),
                    ],
                )
            })
            .collect(),
    );
    let out = text(gate, &["artifacts", "paths", "0"]);
    assert_merge(dir.path(), &merge, out, &single);
}

#[test]
fn kubernetes_indexed_job_and_merge_job() {
    let docs = recipe("kubernetes-indexed-job.yml");
    assert_eq!(docs.len(), 2, "the Indexed Job and the merge Job");
    let job = &docs[0];
    assert_eq!(text(job, &["kind"]), "Job");
    assert_eq!(text(job, &["spec", "completionMode"]), "Indexed");
    let n = job["spec"]["completions"].as_u64().unwrap() as usize;
    let pod = get(job, &["spec", "template", "spec", "containers", "0"]);
    let env: Vec<(String, String)> = pod["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| {
            (
                text(e, &["name"]).to_string(),
                text(e, &["value"]).to_string(),
            )
        })
        .collect();
    assert!(
        env.contains(&("REFSCAN_SHARD_TOTAL".to_string(), n.to_string())),
        "REFSCAN_SHARD_TOTAL is the completions: {env:?}"
    );
    let script = |pod: &Value| {
        assert_eq!(pod["command"][0].as_str(), Some("sh"));
        assert_eq!(pod["command"][1].as_str(), Some("-c"));
        text(pod, &["args", "0"]).to_string()
    };
    let scan = script(pod);
    let work = text(pod, &["workingDir"]);
    let mount = text(pod, &["volumeMounts", "0", "mountPath"]);
    let reports = Path::new(mount)
        .strip_prefix(work)
        .expect("the reports volume is mounted in the working folder")
        .to_path_buf();
    let merge_pod = get(&docs[1], &["spec", "template", "spec", "containers", "0"]);
    let merge = script(merge_pod);
    assert_eq!(text(merge_pod, &["volumeMounts", "0", "mountPath"]), mount);

    let (dir, single) = workspace(&["report", "--format", "json"]);
    std::fs::create_dir_all(dir.path().join(&reports)).unwrap();
    // Kubernetes numbers the pods of an Indexed Job from 0.
    run_shards(
        dir.path(),
        (0..n)
            .map(|i| {
                let mut vars: Vec<(&str, String)> =
                    env.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                vars.push(("JOB_COMPLETION_INDEX", i.to_string()));
                (scan.clone(), vars)
            })
            .collect(),
    );
    let out: PathBuf = merge
        .rsplit_once('>')
        .map(|(_, f)| f.trim().into())
        .expect("the merge writes a file");
    assert_merge(dir.path(), &merge, out.to_str().unwrap(), &single);
}
