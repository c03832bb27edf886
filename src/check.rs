//! `refscan check`: the CI gate. Fails (exit 1) while rewritable references to old names remain
//! in the selection; mentions are warnings unless `--strict`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::baseline::{Baseline, Key};
use crate::error::{exit, UserError};
use crate::findings::Kind;
use crate::messages::note;
use crate::print::{display_path, FindingPrinter, GateSummary, Located, Severity, Subject};
use crate::rules::Rules;
use crate::scan::{line_range, Scan};

pub struct GateOptions<'a> {
    pub strict: bool,
    pub baseline: Option<&'a Path>,
    pub write_baseline: Option<&'a Path>,
}

/// Prints the findings that count, applies suppression and the baseline, and returns the
/// exit status.
pub fn gate(
    scan: &Scan,
    rules: &Rules,
    opts: &GateOptions<'_>,
    printer: &mut dyn FindingPrinter,
) -> anyhow::Result<u8> {
    let baseline = opts.baseline.map(Baseline::load).transpose()?;
    let mut matcher = baseline.as_ref().map(|b| b.matcher());
    let mut summary = GateSummary {
        files_searched: scan.files_searched,
        problems: scan.problems.len(),
        ..GateSummary::default()
    };
    let mut keys = Vec::new();
    for file in &scan.files {
        if file.history {
            continue;
        }
        let bytes = match std::fs::read(file.path.as_path()) {
            Ok(b) => b,
            Err(e) => {
                return Err(UserError::new(format!(
                    "{}: cannot read again: {e}",
                    file.path.display()
                ))
                .into())
            }
        };
        for f in &file.findings {
            let severity = if f.kind == Kind::Mention {
                Severity::Warning
            } else {
                Severity::Error
            };
            if f.suppressed {
                summary.suppressed += 1;
                continue;
            }
            let range = line_range(&bytes, f.span.start.min(bytes.len()));
            let line_text = String::from_utf8_lossy(&bytes[range]);
            let key = Key {
                path: display_path(&f.path),
                old: rules.tables[f.table].old.clone(),
                kind: f.kind.as_str().to_string(),
                line: line_text.trim().to_string(),
            };
            if opts.write_baseline.is_some() {
                keys.push(key);
                continue;
            }
            if let Some(m) = matcher.as_mut() {
                if m.accept(&key) {
                    summary.baselined += 1;
                    continue;
                }
            }
            match severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
            printer.finding(
                &Located {
                    subject: Subject::Reference(f),
                    severity,
                    line_text: &line_text,
                },
                rules,
            )?;
        }
    }
    if let Some(path) = opts.write_baseline {
        let n = keys.len();
        Baseline::from_keys(keys).save(path)?;
        note(&format!(
            "wrote baseline {} accepting {n} finding{}",
            path.display(),
            if n == 1 { "" } else { "s" }
        ));
        printer.finish(&summary, rules)?;
        return Ok(exit::CLEAN);
    }
    if let (Some(m), Some(path)) = (&matcher, opts.baseline) {
        let stale = m.stale();
        summary.stale_baseline = stale.iter().map(|(_, n)| n).sum();
        for (k, n) in stale {
            note(&format!(
                "{}: stale baseline entry ({n}x): {} {} `{}` no longer found; remove it or rewrite the baseline",
                path.display(),
                k.path,
                k.old,
                k.line
            ));
        }
    }
    printer.finish(&summary, rules)?;
    note(&format!(
        "check: {} error{}, {} warning{} (mentions){}{}; {} file{} searched",
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        summary.warnings,
        if summary.warnings == 1 { "" } else { "s" },
        if summary.suppressed > 0 {
            format!(", {} suppressed", summary.suppressed)
        } else {
            String::new()
        },
        if summary.baselined > 0 {
            format!(", {} accepted by the baseline", summary.baselined)
        } else {
            String::new()
        },
        summary.files_searched,
        if summary.files_searched == 1 { "" } else { "s" },
    ));
    Ok(if scan.has_errors() {
        exit::ERROR
    } else if summary.errors > 0 || (opts.strict && summary.warnings > 0) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    })
}

/// Files changed since `rev` (committed, staged, unstaged, and new untracked files), relative
/// to the current folder, limited to `roots` when given.
pub fn changed_since(rev: &str, roots: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let git = |args: &[&str]| -> anyhow::Result<Vec<u8>> {
        let out = Command::new("git").args(args).output().map_err(|e| {
            UserError::new(format!("cannot run git for --changed-since: {e}"))
                .hint("install git, or drop --changed-since to check every file")
        })?;
        if !out.status.success() {
            return Err(UserError::new(format!(
                "--changed-since {rev}: git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
            .hint("run inside a git work tree and name a revision git knows (a branch, tag or commit)")
            .into());
        }
        Ok(out.stdout)
    };
    let mut names = git(&["diff", "--name-only", "--relative", "-z", rev, "--"])?;
    names.extend(git(&["ls-files", "-z", "--others", "--exclude-standard"])?);
    let mut files: Vec<PathBuf> = names
        .split(|&b| b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| PathBuf::from(String::from_utf8_lossy(s).into_owned()))
        .filter(|p| p.is_file())
        .filter(|p| {
            roots.is_empty()
                || roots.iter().any(|r| {
                    let r = r.strip_prefix("./").unwrap_or(r);
                    r.as_os_str() == "." || p.starts_with(r)
                })
        })
        .collect();
    files.sort();
    files.dedup();
    Ok(files)
}
