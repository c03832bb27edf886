//! `rewrite --write --then CMD`: a command of the user's run on exactly the files the rewrite
//! changed, through the shell, with the paths handed over as arguments rather than pasted into
//! the command text, so no file name can be read as shell syntax.

use std::path::PathBuf;

/// Paths per run at most, in bytes: well under the smallest common limit on a command line's
/// arguments and environment (256 KiB), as xargs keeps to.
const ARGS_BUDGET: usize = 128 * 1024;

/// The changed paths as arguments: one starting with `-` would be read as an option.
fn arguments(files: &[PathBuf]) -> Vec<std::ffi::OsString> {
    files
        .iter()
        .map(|p| {
            if p.as_os_str().as_encoded_bytes().starts_with(b"-") {
                std::path::Path::new(".").join(p).into_os_string()
            } else {
                p.clone().into_os_string()
            }
        })
        .collect()
}

/// Runs `sh -c 'CMD "$@"' refscan FILE...` in the current folder, its output going to
/// stderr; a list longer than one command line takes runs in turn, stopping at the first that
/// fails. Returns the failure: the exit status in words and how many files its run had.
pub fn run(cmd: &str, files: &[PathBuf]) -> anyhow::Result<Option<(String, usize)>> {
    let args = arguments(files);
    let mut batches: Vec<&[std::ffi::OsString]> = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, a) in args.iter().enumerate() {
        let len = a.len() + 1;
        if i > start && size + len > ARGS_BUDGET {
            batches.push(&args[start..i]);
            (start, size) = (i, 0);
        }
        size += len;
    }
    batches.push(&args[start..]);
    let script = format!("{cmd} \"$@\"");
    for batch in batches {
        let mut child = std::process::Command::new("sh");
        child
            .arg("-c")
            .arg(&script)
            .arg("refscan")
            .args(batch)
            .stdin(std::process::Stdio::null());
        // stdout carries the diffs refscan prints: the command's output is diagnostics.
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let err = std::io::stderr().as_fd().try_clone_to_owned()?;
            child.stdout(std::process::Stdio::from(err));
        }
        let status = child.status().map_err(|e| {
            crate::error::UserError::new(format!("cannot run --then command `{cmd}` with sh: {e}"))
                .hint("--then runs its command with `sh -c`: make sure sh is on the PATH")
        })?;
        if !status.success() {
            return Ok(Some((crate::formatters::status_text(&status), batch.len())));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_starting_with_a_dash_is_not_an_option() {
        let a = arguments(&[PathBuf::from("-x.ts"), PathBuf::from("src/a b.ts")]);
        assert_eq!(a, vec!["./-x.ts", "src/a b.ts"]);
    }
}
