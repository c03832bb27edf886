//! Accepted findings for the gate: a JSON file of known references that `check` does not fail
//! on. Entries match by path, name, kind and line text, so they survive lines moving.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::UserError;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub path: String,
    pub old: String,
    pub kind: String,
    /// The source line, trimmed.
    pub line: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    #[serde(flatten)]
    pub key: Key,
    /// How many such findings the line holds.
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

impl Baseline {
    pub fn load(path: &Path) -> anyhow::Result<Baseline> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            UserError::new(format!("cannot read baseline {}: {e}", path.display()))
                .hint("create one with `refscan check --write-baseline FILE`")
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            UserError::new(format!(
                "{}:{}:{}: not a refscan baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            ))
            .hint("regenerate it with `refscan check --write-baseline FILE`")
        })?;
        if b.version != VERSION {
            return Err(UserError::new(format!(
                "{}: baseline version {} is not supported (expected {VERSION})",
                path.display(),
                b.version
            ))
            .hint("regenerate it with `refscan check --write-baseline FILE`")
            .into());
        }
        Ok(b)
    }

    /// A baseline accepting exactly these findings.
    pub fn from_keys(keys: impl IntoIterator<Item = Key>) -> Baseline {
        let mut counts: HashMap<Key, usize> = HashMap::new();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
        let mut findings: Vec<Entry> = counts
            .into_iter()
            .map(|(key, count)| Entry { key, count })
            .collect();
        findings.sort_by(|a, b| a.key.cmp(&b.key));
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Writes the file atomically.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A baseline is a file of the project like any other: an existing one keeps its
            // mode, a new one gets what the umask gives (a temporary file would be 0600).
            let mode = std::fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
            builder.permissions(std::fs::Permissions::from_mode(mode));
        }
        let mut tmp = builder.tempfile_in(dir).map_err(|e| {
            UserError::new(format!("cannot write baseline {}: {e}", path.display()))
        })?;
        serde_json::to_writer_pretty(&mut tmp, self)?;
        writeln!(tmp)?;
        tmp.persist(path).map_err(|e| {
            UserError::new(format!(
                "cannot write baseline {}: {}",
                path.display(),
                e.error
            ))
        })?;
        Ok(())
    }

    pub fn matcher(&self) -> Matcher {
        Matcher {
            left: self
                .findings
                .iter()
                .map(|e| (e.key.clone(), e.count))
                .collect(),
        }
    }
}

/// How a baseline names a file: relative to its repository root (or, outside a repository, to
/// the current folder), `/`-separated, whatever form of path the scan was given (`.`, `./x`,
/// `x`, an absolute path), so that any run matches the entries any other run wrote.
pub fn key_path(p: &Path) -> String {
    let abs = crate::project::canonical(p);
    let base = crate::project::repo_root(&abs)
        .unwrap_or_else(|| crate::project::canonical(Path::new(".")));
    crate::print::display_path(&crate::project::relative_to(&abs, &base))
}

/// Consumes baseline entries as findings match them; what is left over is stale.
pub struct Matcher {
    left: HashMap<Key, usize>,
}

impl Matcher {
    pub fn accept(&mut self, key: &Key) -> bool {
        match self.left.get_mut(key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    /// Entries (and how many of each) that matched nothing.
    pub fn stale(&self) -> Vec<(&Key, usize)> {
        let mut v: Vec<(&Key, usize)> = self
            .left
            .iter()
            .filter(|(_, &n)| n > 0)
            .map(|(k, &n)| (k, n))
            .collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(line: &str) -> Key {
        Key {
            path: "a.ts".into(),
            old: "experts".into(),
            kind: "from-call".into(),
            line: line.into(),
        }
    }

    #[test]
    fn counts_are_consumed_and_leftovers_are_stale() {
        let b = Baseline::from_keys([key("x"), key("x"), key("y")]);
        assert_eq!(b.findings.len(), 2);
        let mut m = b.matcher();
        assert!(m.accept(&key("x")));
        assert!(m.accept(&key("x")));
        assert!(!m.accept(&key("x")));
        assert!(!m.accept(&key("z")));
        assert_eq!(m.stale(), vec![(&key("y"), 1)]);
    }

    #[test]
    fn round_trips_through_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        Baseline::from_keys([key("x")]).save(&p).unwrap();
        let b = Baseline::load(&p).unwrap();
        assert_eq!(b.findings[0].key, key("x"));
        std::fs::write(&p, "{\"version\": 1, \"findings\": [ {\"path\": 3} ]}").unwrap();
        let err = Baseline::load(&p).unwrap_err().to_string();
        assert!(err.contains("b.json:1:"), "{err}");
    }
}
