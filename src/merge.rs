//! `refscan merge`: puts the outputs of the N shards of one run (`--shard K/N`) back together
//! into exactly what one run over the whole tree prints, with the same exit status.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::error::{exit, UserError};
use crate::findings::Kind;
use crate::messages::note;
use crate::print::GateSummary;
use crate::shard::{Meta, PATCH_TRAILER};

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shards' outputs, in any order: JSON reports (`report --format json`), gate results
    /// (`check --format json` or `--format sarif`) or patches (`rewrite`), all of one run
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// What one shard's output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Report,
    CheckJson,
    Sarif,
    Patch,
}

impl Form {
    fn describe(self) -> &'static str {
        match self {
            Form::Report => "a JSON report (report --format json)",
            Form::CheckJson => "a gate result (check --format json)",
            Form::Sarif => "a SARIF log (check --format sarif)",
            Form::Patch => "a patch (rewrite)",
        }
    }
}

enum Body {
    Json(Value),
    Patch(Vec<u8>),
}

struct Input {
    file: PathBuf,
    form: Form,
    meta: Meta,
    body: Body,
}

pub fn run(args: &MergeArgs) -> anyhow::Result<u8> {
    let inputs = args
        .files
        .iter()
        .map(|f| read_input(f))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let inputs = check_inputs(inputs)?;
    let incomplete = inputs.iter().any(|i| i.meta.incomplete);
    let strict = inputs[0].meta.strict;
    let form = inputs[0].form;
    // A merged gate result is a gate: a reader that goes away early (`| head`) must not turn
    // its status into a clean one.
    let mut out = crate::print::PipeTolerant::new(std::io::stdout().lock());
    let status = match form {
        Form::Patch => {
            let bodies: Vec<Vec<u8>> = inputs
                .into_iter()
                .map(|i| match i.body {
                    Body::Patch(b) => b,
                    Body::Json(_) => unreachable!("a patch has a patch body"),
                })
                .collect();
            let (merged, files) = merge_patches(&bodies);
            out.write_all(&merged)?;
            note(&format!(
                "merged {} shards: a patch of {files} file{}",
                bodies.len(),
                if files == 1 { "" } else { "s" }
            ));
            if incomplete {
                exit::ERROR
            } else {
                exit::CLEAN
            }
        }
        _ => {
            let docs: Vec<Value> = inputs
                .into_iter()
                .map(|i| match i.body {
                    Body::Json(v) => v,
                    Body::Patch(_) => unreachable!("a JSON shard has a JSON body"),
                })
                .collect();
            let (doc, summary) = match form {
                Form::Report => (merge_report(docs), None),
                Form::CheckJson => {
                    let (doc, s) = merge_check(docs)?;
                    (doc, Some(s))
                }
                _ => {
                    let (doc, s) = merge_sarif(docs)?;
                    (doc, Some(s))
                }
            };
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
            match summary {
                None if incomplete => exit::ERROR,
                None => exit::CLEAN,
                Some(s) => {
                    crate::check::note_summary(&s);
                    crate::check::status(&s, incomplete, strict)
                }
            }
        }
    };
    out.flush()?;
    Ok(status)
}

fn not_a_shard(file: &Path, why: &str) -> anyhow::Error {
    UserError::new(format!(
        "{}: not the output of a refscan run with --shard ({why})",
        file.display()
    ))
    .hint("merge takes what `refscan report --format json`, `check --format json`, `check --format sarif` or `rewrite` printed with --shard K/N")
    .into()
}

fn read_input(file: &Path) -> anyhow::Result<Input> {
    let bytes = std::fs::read(file)
        .map_err(|e| UserError::new(format!("{}: cannot read: {e}", file.display())))?;
    let trimmed = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    let last_start = trimmed
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    if let Some(meta) = trimmed[last_start..].strip_prefix(PATCH_TRAILER.as_bytes()) {
        let meta: Meta = serde_json::from_slice(meta)
            .map_err(|e| not_a_shard(file, &format!("its last line is no shard metadata: {e}")))?;
        return Ok(Input {
            file: file.to_path_buf(),
            form: Form::Patch,
            meta,
            body: Body::Patch(bytes[..last_start].to_vec()),
        });
    }
    let doc: Value = serde_json::from_slice(&bytes).map_err(|e| {
        not_a_shard(
            file,
            &format!("neither JSON nor a patch with a shard line at its end: {e}"),
        )
    })?;
    let (form, meta) = if doc.get("runs").is_some() {
        (Form::Sarif, doc.pointer("/runs/0/properties/shard"))
    } else {
        let form = match doc.pointer("/shard/command").and_then(Value::as_str) {
            Some("check") => Form::CheckJson,
            _ => Form::Report,
        };
        (form, doc.get("shard"))
    };
    let meta = meta.ok_or_else(|| not_a_shard(file, "it has no `shard` metadata"))?;
    let meta: Meta = serde_json::from_value(meta.clone())
        .map_err(|e| not_a_shard(file, &format!("its `shard` metadata is unreadable: {e}")))?;
    Ok(Input {
        file: file.to_path_buf(),
        form,
        meta,
        body: Body::Json(doc),
    })
}

/// Refuses shards of different runs, and a missing or duplicated shard; returns the shards
/// in shard order.
fn check_inputs(mut inputs: Vec<Input>) -> anyhow::Result<Vec<Input>> {
    let first = &inputs[0];
    let name = |i: &Input| i.file.display().to_string();
    for i in &inputs[1..] {
        let differs = |what: &str, a: &str, b: &str| -> anyhow::Error {
            UserError::new(format!(
                "{} and {} come from different runs: {what} {a} and {b}",
                name(first),
                name(i)
            ))
            .hint("merge the outputs of the shards of one run: the same refscan, rules and command on every shard")
            .into()
        };
        if i.form != first.form {
            return Err(differs(
                "they are",
                first.form.describe(),
                i.form.describe(),
            ));
        }
        if i.meta.version != first.meta.version {
            return Err(differs(
                "refscan versions",
                &first.meta.version,
                &i.meta.version,
            ));
        }
        if i.meta.rules_sha256 != first.meta.rules_sha256 {
            return Err(differs(
                "rules with sha256",
                &first.meta.rules_sha256,
                &i.meta.rules_sha256,
            ));
        }
        if i.meta.total != first.meta.total {
            return Err(differs(
                "numbers of shards",
                &first.meta.total.to_string(),
                &i.meta.total.to_string(),
            ));
        }
        if i.meta.strict != first.meta.strict {
            return Err(differs("--strict", "on one", "off the other"));
        }
    }
    let total = first.meta.total;
    inputs.sort_by_key(|i| i.meta.index);
    for w in inputs.windows(2) {
        if w[0].meta.index == w[1].meta.index {
            return Err(UserError::new(format!(
                "shard {}/{total} is given twice: {} and {}",
                w[0].meta.index,
                name(&w[0]),
                name(&w[1])
            ))
            .hint("give each shard's output once")
            .into());
        }
    }
    let missing: Vec<String> = (1..=total)
        .filter(|k| !inputs.iter().any(|i| i.meta.index == *k))
        .map(|k| format!("{k}/{total}"))
        .collect();
    if !missing.is_empty() {
        return Err(UserError::new(format!(
            "shard{} {} {} missing: the merge would leave out their files",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            if missing.len() == 1 { "is" } else { "are" }
        ))
        .hint(format!("give the outputs of all {total} shards"))
        .into());
    }
    Ok(inputs)
}

/// A path as the scan sorted its files: component by component.
fn path_key(v: &Value, field: &str) -> PathBuf {
    PathBuf::from(v.get(field).and_then(Value::as_str).unwrap_or(""))
}

/// Adds the counts of `v` into `acc`, object by object; other values stay as `acc` has them.
fn add_counts(acc: &mut Value, v: &Value) {
    match (acc, v) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, bv) in b {
                match a.get_mut(k) {
                    Some(av) => add_counts(av, bv),
                    None => {
                        a.insert(k.clone(), bv.clone());
                    }
                }
            }
            if a.contains_key("by_kind") {
                if let Some(Value::Object(m)) = a.get_mut("by_kind") {
                    sort_kinds(m);
                }
            }
        }
        (a @ Value::Number(_), Value::Number(b)) => {
            if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
                *a = Value::from(x + y);
            }
        }
        _ => {}
    }
}

/// Counts by kind are listed in [`Kind::ALL`] order.
fn sort_kinds(m: &mut Map<String, Value>) {
    let pos = |k: &str| Kind::ALL.iter().position(|x| x.as_str() == k);
    let mut entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
    entries.sort_by_key(|(k, _)| pos(k));
    m.extend(entries);
}

fn take_array(doc: &mut Value, field: &str) -> Vec<Value> {
    match doc.get_mut(field).map(Value::take) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    }
}

fn merge_report(mut docs: Vec<Value>) -> Value {
    let mut findings = Vec::new();
    let mut problems = Vec::new();
    let mut tables: Vec<(usize, Value)> = Vec::new();
    let mut summary = Value::Null;
    for doc in &mut docs {
        findings.extend(take_array(doc, "findings"));
        problems.extend(take_array(doc, "problems"));
        let index: Vec<usize> = doc
            .pointer("/shard/tables")
            .and_then(|t| serde_json::from_value(t.clone()).ok())
            .unwrap_or_default();
        for (i, t) in index.into_iter().zip(take_array(doc, "tables")) {
            match tables.iter_mut().find(|(j, _)| *j == i) {
                Some((_, acc)) => add_counts(acc, &t),
                None => tables.push((i, t)),
            }
        }
        let s = doc.get("summary").cloned().unwrap_or(Value::Null);
        if summary.is_null() {
            summary = s;
        } else {
            add_counts(&mut summary, &s);
        }
    }
    // A file's findings are all in one shard, in order: a stable sort by path restores the
    // single run's order.
    findings.sort_by_key(|f| path_key(f, "path"));
    problems.sort_by(|a, b| {
        path_key(a, "path")
            .cmp(&path_key(b, "path"))
            .then_with(|| a["message"].as_str().cmp(&b["message"].as_str()))
    });
    tables.sort_by_key(|(i, _)| *i);
    let mut doc = docs.swap_remove(0);
    if let Value::Object(m) = &mut doc {
        m.shift_remove("shard");
    }
    doc["summary"] = summary;
    doc["tables"] = Value::Array(tables.into_iter().map(|(_, t)| t).collect());
    doc["findings"] = Value::Array(findings);
    doc["problems"] = Value::Array(problems);
    doc
}

/// The gate's summary of all shards.
fn sum_summaries<'a>(
    summaries: impl Iterator<Item = Option<&'a Value>>,
) -> anyhow::Result<(Value, GateSummary)> {
    let mut acc = Value::Null;
    for s in summaries {
        let s = s.cloned().unwrap_or(Value::Null);
        if acc.is_null() {
            acc = s;
        } else {
            add_counts(&mut acc, &s);
        }
    }
    let parsed: GateSummary = serde_json::from_value(acc.clone())
        .map_err(|e| UserError::new(format!("a shard's gate summary is unreadable: {e}")))?;
    Ok((acc, parsed))
}

/// The gate lists references in file order, then files it could not scan.
fn order_gate_results(
    results: &mut Vec<Value>,
    is_diagnostic: impl Fn(&Value) -> bool,
    key: impl Fn(&Value) -> PathBuf,
) {
    let (mut refs, mut diags): (Vec<Value>, Vec<Value>) = std::mem::take(results)
        .into_iter()
        .partition(|r| !is_diagnostic(r));
    refs.sort_by_key(&key);
    diags.sort_by_key(&key);
    results.extend(refs);
    results.extend(diags);
}

fn merge_check(mut docs: Vec<Value>) -> anyhow::Result<(Value, GateSummary)> {
    let (summary, parsed) = sum_summaries(docs.iter().map(|d| d.get("summary")))?;
    let mut findings: Vec<Value> = docs
        .iter_mut()
        .flat_map(|d| take_array(d, "findings"))
        .collect();
    order_gate_results(
        &mut findings,
        |f| f.get("rule").is_some(),
        |f| path_key(f, "path"),
    );
    let mut doc = docs.swap_remove(0);
    if let Value::Object(m) = &mut doc {
        m.shift_remove("shard");
    }
    doc["summary"] = summary;
    doc["findings"] = Value::Array(findings);
    Ok((doc, parsed))
}

/// A SARIF result's file, its URI decoded.
fn result_path(r: &Value) -> PathBuf {
    let uri = r
        .pointer("/locations/0/physicalLocation/artifactLocation/uri")
        .and_then(Value::as_str)
        .unwrap_or("");
    let b = uri.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = || {
            std::str::from_utf8(b.get(i + 1..i + 3)?)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (b[i], hex()) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    path_of_bytes(out)
}

#[cfg(unix)]
fn path_of_bytes(b: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt as _;
    PathBuf::from(std::ffi::OsString::from_vec(b))
}

#[cfg(not(unix))]
fn path_of_bytes(b: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&b).into_owned())
}

fn merge_sarif(mut docs: Vec<Value>) -> anyhow::Result<(Value, GateSummary)> {
    let (summary, parsed) =
        sum_summaries(docs.iter().map(|d| d.pointer("/runs/0/properties/summary")))?;
    let mut results: Vec<Value> = docs
        .iter_mut()
        .filter_map(|d| d.pointer_mut("/runs/0"))
        .flat_map(|run| take_array(run, "results"))
        .collect();
    let skipped = format!("refscan/{}", crate::print::SKIPPED_FILE);
    order_gate_results(
        &mut results,
        |r| r["ruleId"].as_str() == Some(&skipped),
        result_path,
    );
    let mut doc = docs.swap_remove(0);
    let run = doc
        .pointer_mut("/runs/0")
        .ok_or_else(|| UserError::new("a shard's SARIF log has no run"))?;
    run["results"] = Value::Array(results);
    run["invocations"][0]["toolExecutionNotifications"] =
        Value::Array(crate::print::sarif_notifications(&parsed));
    if let Some(Value::Object(p)) = run.get_mut("properties") {
        p.shift_remove("shard");
    }
    run["properties"]["summary"] = summary;
    Ok((doc, parsed))
}

/// The file a diff is about, from its `diff --git a/P b/P` line (git-quoted or not).
fn diff_path(header: &[u8]) -> PathBuf {
    let rest = header.strip_prefix(b"diff --git ").unwrap_or(header);
    let a = if rest.first() == Some(&b'"') {
        unquote(&rest[1..])
    } else {
        // Both sides name the same file: `a/P b/P`.
        let n = rest.len().saturating_sub(5) / 2;
        rest.get(..2 + n).unwrap_or(rest).to_vec()
    };
    path_of_bytes(a.strip_prefix(b"a/").map_or(a.clone(), <[u8]>::to_vec))
}

/// The bytes of a git-quoted name after its opening quote, up to the closing one.
fn unquote(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'"' => break,
            b'\\' if i + 1 < s.len() => {
                let c = s[i + 1];
                let simple = match c {
                    b'a' => Some(7),
                    b'b' => Some(8),
                    b't' => Some(b'\t'),
                    b'n' => Some(b'\n'),
                    b'v' => Some(11),
                    b'f' => Some(12),
                    b'r' => Some(b'\r'),
                    b'"' | b'\\' => Some(c),
                    _ => None,
                };
                if let Some(b) = simple {
                    out.push(b);
                    i += 2;
                } else {
                    let digits = s.get(i + 1..i + 4).unwrap_or(&[]);
                    let v = std::str::from_utf8(digits)
                        .ok()
                        .and_then(|d| u8::from_str_radix(d, 8).ok());
                    match v {
                        Some(v) => {
                            out.push(v);
                            i += 4;
                        }
                        None => {
                            out.push(c);
                            i += 2;
                        }
                    }
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The shards' patches as one, file by file in path order; and how many files.
fn merge_patches(bodies: &[Vec<u8>]) -> (Vec<u8>, usize) {
    let mut chunks: Vec<(PathBuf, &[u8])> = Vec::new();
    for body in bodies {
        let mut starts: Vec<usize> = Vec::new();
        let mut at = 0;
        while at < body.len() {
            if body[at..].starts_with(b"diff --git ") {
                starts.push(at);
            }
            at = body[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(body.len(), |i| at + i + 1);
        }
        for (n, &s) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(body.len());
            let line_end = body[s..end]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(end, |i| s + i);
            chunks.push((diff_path(&body[s..line_end]), &body[s..end]));
        }
    }
    chunks.sort_by(|a, b| a.0.cmp(&b.0));
    let files = chunks.len();
    (
        chunks
            .into_iter()
            .flat_map(|(_, c)| c.iter().copied())
            .collect(),
        files,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_headers_give_their_file() {
        assert_eq!(
            diff_path(b"diff --git a/x y/z.ts b/x y/z.ts"),
            PathBuf::from("x y/z.ts")
        );
        assert_eq!(
            diff_path(b"diff --git \"a/caf\\303\\251\\t.ts\" \"b/caf\\303\\251\\t.ts\""),
            PathBuf::from("caf\u{e9}\t.ts")
        );
    }

    #[test]
    fn patches_merge_in_path_order() {
        let one =
            b"diff --git a/b.ts b/b.ts\n--- a/b.ts\n+++ b/b.ts\n@@ -1 +1 @@\n-x\n+y\n".to_vec();
        let two = b"diff --git a/a/c.ts b/a/c.ts\n-q\ndiff --git a/a.b b/a.b\n-r\n".to_vec();
        let (merged, files) = merge_patches(&[one, two]);
        assert_eq!(files, 3);
        let text = String::from_utf8(merged).unwrap();
        let heads: Vec<&str> = text.lines().filter(|l| l.starts_with("diff")).collect();
        // Component order, as the scan sorts paths: `a/c.ts` before `a.b`.
        assert_eq!(
            heads,
            [
                "diff --git a/a/c.ts b/a/c.ts",
                "diff --git a/a.b b/a.b",
                "diff --git a/b.ts b/b.ts"
            ]
        );
    }

    #[test]
    fn counts_add_up_and_kinds_keep_their_order() {
        let mut a = serde_json::json!({"n": 1, "name": "x", "by_kind": {"sql": 2}});
        let b = serde_json::json!({"n": 2, "name": "x", "by_kind": {"mention": 1, "from-call": 3}});
        add_counts(&mut a, &b);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"n":3,"name":"x","by_kind":{"from-call":3,"sql":2,"mention":1}}"#
        );
    }
}
