//! Paths as CI tools read them: relative to the repository root (or `GITHUB_WORKSPACE`), not to
//! the folder refscan runs in, so that annotations and SARIF results land on their files
//! whatever a workflow's `working-directory:`.

use std::path::{Component, Path, PathBuf};

use super::display_path;

/// Where the paths of CI formats start, and where refscan runs.
#[derive(Debug, Clone)]
pub struct RepoPaths {
    /// Absolute: `GITHUB_WORKSPACE` when set, else the repository root above the current
    /// folder, else the current folder.
    root: PathBuf,
    /// The current folder, absolute.
    cwd: PathBuf,
}

impl RepoPaths {
    /// From the environment and the current folder.
    pub fn detect() -> RepoPaths {
        let cwd = crate::project::canonical(Path::new("."));
        let root = std::env::var_os("GITHUB_WORKSPACE")
            .filter(|v| !v.is_empty())
            .map(|v| crate::project::canonical(Path::new(&v)))
            .or_else(|| crate::project::repo_root(&cwd))
            .unwrap_or_else(|| cwd.clone());
        RepoPaths { root, cwd }
    }

    pub fn new(root: PathBuf, cwd: PathBuf) -> RepoPaths {
        RepoPaths { root, cwd }
    }

    /// `p` (as printed elsewhere: relative to the current folder, or absolute) relative to the
    /// root, `/`-separated; `../` where it lies outside the root.
    pub fn relative(&self, p: &Path) -> String {
        let abs = normalize(&self.cwd.join(p));
        let rel = crate::project::relative_to(&abs, &self.root);
        display_path(&rel)
    }

    /// The root as a `file://` URI ending in `/`, for SARIF's `originalUriBaseIds`.
    pub fn root_uri(&self) -> String {
        let mut path = display_path(&self.root);
        if !path.starts_with('/') {
            // A Windows path: `C:/x` is `file:///C:/x`.
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        format!("file://{}", super::sarif::uri(&path))
    }
}

/// `p` with `.` and `..` resolved lexically (the walker's paths hold no symbolic links that
/// refscan followed).
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_root_whatever_the_folder() {
        // See: issue 19 item 8
        let r = RepoPaths::new("/repo".into(), "/repo/apps/web".into());
        assert_eq!(r.relative(Path::new("src/a.ts")), "apps/web/src/a.ts");
        assert_eq!(r.relative(Path::new("./src/a.ts")), "apps/web/src/a.ts");
        assert_eq!(r.relative(Path::new("../../sql/b.sql")), "sql/b.sql");
        assert_eq!(r.relative(Path::new("/repo/x.sql")), "x.sql");
        assert_eq!(
            r.relative(Path::new("/elsewhere/y.sql")),
            "../elsewhere/y.sql"
        );
        assert_eq!(r.root_uri(), "file:///repo/");
        let r = RepoPaths::new("/my repo".into(), "/my repo".into());
        assert_eq!(r.root_uri(), "file:///my%20repo/");
    }
}
