//! The Supabase CLI's side of a project: `supabase/config.toml` (its `[db]` port and major
//! version), found upward like the rules file, and the folders `migrate plan --out` writes to
//! when it is given no folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::UserError;
use crate::project;
use crate::rules::{Origin, Rules};

/// The oldest PostgreSQL refscan's SQL runs on (`security_invoker` views).
const MIN_MAJOR: u32 = 15;

/// What refscan reads of `supabase/config.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub path: PathBuf,
    /// `[db] port`: where `supabase start` serves the local database.
    pub port: Option<u16>,
    /// `[db] major_version`: the PostgreSQL major version of the project.
    pub major_version: Option<u32>,
}

#[derive(Deserialize)]
struct RawConfig {
    db: Option<RawDb>,
}

#[derive(Deserialize)]
struct RawDb {
    port: Option<u16>,
    major_version: Option<u32>,
}

impl Config {
    /// Reads a config file; a file that is no TOML or holds odd `[db]` values is an error
    /// naming it.
    pub fn read(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError::new(format!("cannot read {}: {e}", path.display())))?;
        let raw: RawConfig = toml::from_str(&text).map_err(|e| {
            UserError::new(format!(
                "{} is not a Supabase CLI config refscan can read: {}",
                path.display(),
                e.message()
            ))
            .hint("[db] port must be a port number and [db] major_version a whole number, as supabase init writes them")
        })?;
        let db = raw.db;
        Ok(Config {
            path: path.to_path_buf(),
            port: db.as_ref().and_then(|d| d.port),
            major_version: db.and_then(|d| d.major_version),
        })
    }

    /// The project's config for files written into `dir` (its `supabase/` folder holds one),
    /// else the one found upward from the current folder.
    pub fn for_folder(dir: &Path) -> anyhow::Result<Option<Config>> {
        let beside = dir.parent().map(|p| p.join("config.toml"));
        let found = beside
            .filter(|p| p.is_file())
            .or_else(|| project::find_upward(Path::new("."), "supabase/config.toml"));
        found.map(|p| Config::read(&p)).transpose()
    }

    /// Refuses a project whose PostgreSQL is older than refscan's SQL needs.
    pub fn check_major_version(&self) -> anyhow::Result<()> {
        match self.major_version {
            Some(v) if v < MIN_MAJOR => Err(UserError::new(format!(
                "{} says [db] major_version = {v}: refscan's migrations need PostgreSQL {MIN_MAJOR} or later",
                self.path.display()
            ))
            .hint("compatibility views are created WITH (security_invoker = true), which PostgreSQL 15 introduced (without it a view bypasses row-level security): upgrade the project's database (Project Settings > Infrastructure on supabase.com), set major_version to match, then write the files")
            .into()),
            _ => Ok(()),
        }
    }

    /// The URL of the project's local database (`supabase start`), for hints.
    pub fn local_url(&self) -> Option<String> {
        self.port
            .map(|p| format!("postgres://postgres:postgres@127.0.0.1:{p}/postgres"))
    }
}

/// Where `plan --out` writes when given no folder: the project's migrations folder, found
/// upward from the current folder as the rules file is; else created in the Supabase project
/// (a `supabase/config.toml`) of the rules file's folder or the repository root.
pub fn default_out_dir(rules: &Rules) -> anyhow::Result<PathBuf> {
    let cwd = project::canonical(Path::new("."));
    if let Some(d) = project::migrations_dirs(std::slice::from_ref(&cwd), &rules.migrations)
        .into_iter()
        .next()
    {
        return Ok(d);
    }
    let rules_dir = match &rules.origin {
        Origin::File(p) => project::canonical(p).parent().map(Path::to_path_buf),
        Origin::Bundled => None,
    };
    let first = rules
        .migrations
        .first()
        .map(String::as_str)
        .unwrap_or("supabase/migrations");
    for base in rules_dir.into_iter().chain(project::repo_root(&cwd)) {
        let dir = base.join(first);
        if dir
            .parent()
            .is_some_and(|p| p.join("config.toml").is_file())
        {
            return Ok(dir);
        }
    }
    Err(UserError::new(format!(
        "no migrations folder ({}) from {} up to the repository root, and no Supabase project (supabase/config.toml) to make one in",
        rules.migrations.join(", "),
        cwd.display()
    ))
    .hint("pass --out DIR, or run supabase init in the project first")
    .into())
}

/// The default folder of the rollback files beside migrations folder `dir`: `rollbacks` next
/// to it (`supabase/rollbacks`), where the Supabase CLI does not run them.
pub fn default_rollback_dir(dir: &Path) -> PathBuf {
    dir.parent()
        .map(|p| p.join("rollbacks"))
        .unwrap_or_else(|| PathBuf::from("rollbacks"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> anyhow::Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        Config::read(&path)
    }

    #[test]
    fn reads_db_port_and_major_version() {
        let c = config("project_id = \"x\"\n[db]\nport = 54322\nshadow_port = 54320\nmajor_version = 15\n[api]\nport = 54321\n").unwrap();
        assert_eq!((c.port, c.major_version), (Some(54322), Some(15)));
        assert!(c.check_major_version().is_ok());
        assert_eq!(
            c.local_url().as_deref(),
            Some("postgres://postgres:postgres@127.0.0.1:54322/postgres")
        );
        let c = config("project_id = \"x\"\n").unwrap();
        assert_eq!((c.port, c.major_version), (None, None));
    }

    #[test]
    fn old_major_versions_and_bad_files_are_named() {
        let c = config("[db]\nmajor_version = 14\n").unwrap();
        let e = crate::error::render(&c.check_major_version().unwrap_err());
        assert!(
            e.contains(
                "says [db] major_version = 14: refscan's migrations need PostgreSQL 15 or later"
            ),
            "{e}"
        );
        let e = crate::error::render(&config("[db]\nport = \"x\"\n").unwrap_err());
        assert!(
            e.contains("is not a Supabase CLI config refscan can read"),
            "{e}"
        );
    }
}
