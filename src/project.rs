//! Where a project lies on disk: the repository root above a path, the files refscan looks
//! for upward from it (the rules file, the migrations folders), and the folder where refscan
//! keeps its own state for that project (the write lock, the record of rewrites).

use std::path::{Component, Path, PathBuf};

/// `p` made absolute with symbolic links resolved, or made absolute as it stands when it
/// cannot be resolved (it may not exist yet).
pub fn canonical(p: &Path) -> PathBuf {
    p.canonicalize()
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// The folder a path stands for when looking around it: itself, or a file's folder.
fn folder_of(p: &Path) -> PathBuf {
    let c = canonical(p);
    if c.is_dir() {
        c
    } else {
        c.parent().map(Path::to_path_buf).unwrap_or(c)
    }
}

/// The repository holding `p`: the nearest folder at or above it that holds `.git` (a
/// folder, or the file a worktree or submodule has instead).
pub fn repo_root(p: &Path) -> Option<PathBuf> {
    folder_of(p)
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The folders from `p` (a file's folder) up to its repository root, nearest first; without a
/// repository, up to the filesystem root.
pub fn upward(p: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in folder_of(p).ancestors() {
        out.push(d.to_path_buf());
        if d.join(".git").exists() {
            break;
        }
    }
    out
}

/// The first file named `name` in [`upward`] of `p`.
pub fn find_upward(p: &Path, name: &str) -> Option<PathBuf> {
    upward(p)
        .into_iter()
        .map(|d| d.join(name))
        .find(|f| f.is_file())
}

/// The git directory of the repository at `root`: `root/.git`, or where a `.git` file
/// (`gitdir: ...`) points.
pub fn git_dir(root: &Path) -> Option<PathBuf> {
    let dot = root.join(".git");
    if dot.is_dir() {
        return Some(dot);
    }
    let text = std::fs::read_to_string(&dot).ok()?;
    let target = text.strip_prefix("gitdir:")?.trim();
    let target = Path::new(target);
    let dir = if target.is_absolute() {
        target.to_path_buf()
    } else {
        root.join(target)
    };
    dir.is_dir().then_some(dir)
}

/// Where refscan keeps its state for the project around `p`: `refscan/` in the repository's
/// git directory, or, outside a repository, a folder in the temporary directory named after
/// the folder's path (so that it never lands in the tree being rewritten).
pub fn state_dir(p: &Path) -> PathBuf {
    if let Some(dir) = repo_root(p).and_then(|r| git_dir(&r)) {
        return dir.join("refscan");
    }
    let folder = folder_of(p);
    let key = crate::scan::digest(folder.as_os_str().as_encoded_bytes());
    std::env::temp_dir().join(format!("refscan-{key:016x}"))
}

/// The folder a project's state stands for: its repository root, or outside a repository the
/// folder of `p` itself ([`state_dir`] is keyed on the same).
pub fn scope(p: &Path) -> PathBuf {
    repo_root(p).unwrap_or_else(|| folder_of(p))
}

/// Held while `rewrite --write` runs: an exclusive lock on `write.lock` in the [`state_dir`]
/// of each project it writes in, so that a second run waits for the first to finish (and then
/// scans what the first wrote) instead of planning from bytes about to change. The operating
/// system releases it when the process ends, however it ends.
pub struct WriteLock {
    _files: Vec<std::fs::File>,
}

impl WriteLock {
    /// Takes the locks of the projects around `paths` (the current folder when empty), in path
    /// order; waits, saying so on stderr, while another process holds one.
    pub fn acquire(paths: &[PathBuf]) -> anyhow::Result<WriteLock> {
        use std::io::{Read as _, Seek as _, Write as _};
        let starts = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        };
        let mut dirs: Vec<PathBuf> = starts.iter().map(|p| state_dir(p)).collect();
        dirs.sort();
        dirs.dedup();
        let mut files = Vec::new();
        for dir in dirs {
            let path = dir.join("write.lock");
            let cannot = |e: std::io::Error| {
                crate::error::UserError::new(format!(
                    "cannot take the write lock {}: {e}",
                    path.display()
                ))
                .hint("refscan rewrite --write locks the project so that two runs never write at once; make that folder writable")
            };
            std::fs::create_dir_all(&dir).map_err(cannot)?;
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(cannot)?;
            if !try_lock(&file).map_err(cannot)? {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                crate::messages::note(&format!(
                    "waiting for another `refscan rewrite --write` of this project (process {}) to finish ({})",
                    holder.trim(),
                    path.display()
                ));
                lock(&file).map_err(cannot)?;
            }
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = writeln!(file, "{}", std::process::id());
            files.push(file);
        }
        Ok(WriteLock { _files: files })
    }
}

#[cfg(unix)]
fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(unix)]
fn lock(file: &std::fs::File) -> std::io::Result<()> {
    use rustix::fs::{flock, FlockOperation};
    loop {
        match flock(file, FlockOperation::LockExclusive) {
            Err(rustix::io::Errno::INTR) => continue,
            r => return r.map_err(Into::into),
        }
    }
}

#[cfg(not(unix))]
fn try_lock(_: &std::fs::File) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(not(unix))]
fn lock(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// The normal components of `p` below `base` (all of them when `p` is not below `base`).
pub fn components_below(p: &Path, base: Option<&Path>) -> Vec<String> {
    let rest = base.and_then(|b| p.strip_prefix(b).ok()).unwrap_or(p);
    rest.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// The migrations folders of the project around each of `starts`: for each, the nearest
/// folder at or above it (up to the repository root) holding one of `migrations` (paths like
/// `supabase/migrations`), every match at that level. Canonical, without duplicates.
pub fn migrations_dirs(starts: &[PathBuf], migrations: &[String]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for start in starts {
        for level in upward(start) {
            let found: Vec<PathBuf> = migrations
                .iter()
                .map(|m| level.join(m))
                .filter(|d| d.is_dir())
                .map(|d| canonical(&d))
                .collect();
            if !found.is_empty() {
                for d in found {
                    if !out.contains(&d) {
                        out.push(d);
                    }
                }
                break;
            }
        }
    }
    out
}

/// What a project's migrations do to the tables of one schema.
#[derive(Debug, Default)]
pub struct MigrationFacts {
    /// Tables made by `CREATE TABLE`.
    pub created: std::collections::HashSet<String>,
    /// `ALTER TABLE from RENAME TO to` pairs.
    pub renamed: std::collections::HashSet<(String, String)>,
    pub files: usize,
}

impl MigrationFacts {
    /// Reads every SQL file under `dirs` (files that cannot be read are passed over: these are
    /// clues, not the scan).
    pub fn read(dirs: &[PathBuf], schema: &str) -> MigrationFacts {
        let mut facts = MigrationFacts::default();
        let Ok((files, _)) = crate::lint::collect_files(dirs) else {
            return facts;
        };
        facts.files = files.len();
        for f in &files {
            for ev in crate::lint::events(&f.text) {
                match ev {
                    crate::lint::Event::CreateTable(q) if q.schema == schema => {
                        facts.created.insert(q.name);
                    }
                    crate::lint::Event::Rename { from, to, .. } if from.schema == schema => {
                        facts.renamed.insert((from.name, to.name));
                    }
                    _ => {}
                }
            }
        }
        facts
    }

    /// How many of the plan's tables these migrations make, by their old or their new name
    /// (created, or renamed into).
    pub fn plan_tables_made(&self, rules: &crate::rules::Rules) -> usize {
        let made = |n: &str| self.created.contains(n) || self.renamed.iter().any(|(_, to)| to == n);
        rules
            .tables
            .iter()
            .filter(|t| made(&t.old) || made(&t.new))
            .count()
    }
}

/// A rename onto a name another table of the project already has: the renamed code would
/// read that table, and a reverse by name would take its references too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenName {
    pub old: String,
    pub new: String,
    /// Where the other table shows, in words.
    pub evidence: String,
}

/// The renames among `tables` (indices into `rules.tables`) whose new name the project's
/// migrations create as a table of its own (`CREATE TABLE new`, with no `ALTER TABLE old RENAME
/// TO new`). A new name that is another table's old name is a chain, checked by the rules.
pub fn taken_in_migrations(
    rules: &crate::rules::Rules,
    tables: &[usize],
    facts: &MigrationFacts,
) -> Vec<TakenName> {
    tables
        .iter()
        .map(|&i| &rules.tables[i])
        .filter(|t| t.is_renamed() && !rules.tables.iter().any(|o| o.old == t.new))
        .filter(|t| {
            facts.created.contains(&t.new)
                && !facts.renamed.contains(&(t.old.clone(), t.new.clone()))
        })
        .map(|t| TakenName {
            old: t.old.clone(),
            new: t.new.clone(),
            evidence: format!("the migrations create a table `{}` of its own", t.new),
        })
        .collect()
}

/// Whether the live database (`kinds`: relkind by name, in the rules' schema) shows this
/// rename done: the new name a table, the old one gone or a view (the compatibility view).
pub fn renamed_in_database(
    t: &crate::rules::Table,
    kinds: &std::collections::BTreeMap<String, char>,
) -> bool {
    matches!(kinds.get(&t.new), Some('r' | 'p')) && matches!(kinds.get(&t.old), None | Some('v'))
}

/// The renames among `tables` whose new name is a table of its own in the live database, next
/// to a table under the old name.
pub fn taken_in_database(
    rules: &crate::rules::Rules,
    tables: &[usize],
    db: &str,
    kinds: &std::collections::BTreeMap<String, char>,
) -> Vec<TakenName> {
    let is_table = |n: &str| matches!(kinds.get(n), Some('r' | 'p'));
    tables
        .iter()
        .map(|&i| &rules.tables[i])
        // In a chain (`a -> b`, `b -> c`) both names are tables once the phase is applied.
        .filter(|t| {
            t.is_renamed()
                && !rules
                    .tables
                    .iter()
                    .any(|o| o.old == t.new || (o.new == t.old && o.is_renamed()))
        })
        .filter(|t| is_table(&t.old) && is_table(&t.new))
        .map(|t| TakenName {
            old: t.old.clone(),
            new: t.new.clone(),
            evidence: format!(
                "the database {db} has both `{}.{}` and `{}.{}` as tables",
                rules.schema, t.old, rules.schema, t.new
            ),
        })
        .collect()
}

/// `target` relative to `from` (both absolute), with `..` where it lies outside.
pub fn relative_to(target: &Path, from: &Path) -> PathBuf {
    let t: Vec<Component> = target.components().collect();
    let f: Vec<Component> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_out_with_dot_dot() {
        let r = |t: &str, f: &str| relative_to(Path::new(t), Path::new(f));
        assert_eq!(r("/a/b/c.sql", "/a"), Path::new("b/c.sql"));
        assert_eq!(r("/a/x.sql", "/a/b"), Path::new("../x.sql"));
        assert_eq!(r("/a", "/a"), Path::new("."));
    }

    #[test]
    fn upward_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path());
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        std::fs::create_dir_all(root.join("repo/a/b")).unwrap();
        let up = upward(&root.join("repo/a/b"));
        assert_eq!(up.last().unwrap(), &root.join("repo"));
        assert_eq!(up.len(), 3);
        assert_eq!(repo_root(&root.join("repo/a")), Some(root.join("repo")));
        std::fs::write(root.join("repo/a/b/f.sql"), "").unwrap();
        assert_eq!(upward(&root.join("repo/a/b/f.sql")).len(), 3);
    }

    #[test]
    fn a_gitdir_file_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path());
        std::fs::create_dir_all(root.join("main/.git/worktrees/w")).unwrap();
        std::fs::create_dir_all(root.join("w")).unwrap();
        std::fs::write(
            root.join("w/.git"),
            format!("gitdir: {}\n", root.join("main/.git/worktrees/w").display()),
        )
        .unwrap();
        assert_eq!(
            git_dir(&root.join("w")),
            Some(root.join("main/.git/worktrees/w"))
        );
        assert_eq!(
            state_dir(&root.join("w")),
            root.join("main/.git/worktrees/w/refscan")
        );
    }
}
