//! Shards: which files one of N parallel runs scans (`--shard K/N`, `--shard auto`), and the
//! metadata its output carries so that `refscan merge` can put the runs back together.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::error::UserError;
use crate::messages::note;
use crate::rules::{Origin, Rules, BUNDLED};

/// Variable naming the number of shards of a Kubernetes Indexed Job, which gives each pod only
/// its index (`JOB_COMPLETION_INDEX`).
pub const TOTAL_ENV: &str = "REFSCAN_SHARD_TOTAL";

/// One of `total` shards, numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub total: usize,
}

/// What `--shard` was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardArg {
    Fixed(Shard),
    /// Read from the CI engine's variables when the command runs.
    Auto,
}

/// `--shard`'s value parser: `K/N` (1 <= K <= N) or `auto`.
pub fn parse_arg(s: &str) -> Result<ShardArg, String> {
    if s == "auto" {
        return Ok(ShardArg::Auto);
    }
    let Some((k, n)) = s.split_once('/') else {
        return Err(format!(
            "`{s}` is not a shard: give K/N (shard K of N, from 1: `2/4`) or `auto`"
        ));
    };
    Shard::new(k, n, 1).map(ShardArg::Fixed)
}

impl Shard {
    /// Shard `k` of `n`, where the index as written starts from `base` (0 or 1).
    fn new(k: &str, n: &str, base: usize) -> Result<Shard, String> {
        let num = |v: &str, what: &str| {
            v.trim().parse::<usize>().map_err(|_| {
                format!("the {what} `{v}` is not a number: give K/N, shard K of N, from 1 (`2/4`)")
            })
        };
        let (k, n) = (num(k, "shard index")?, num(n, "number of shards")?);
        if n == 0 {
            return Err(format!(
                "`{k}/{n}`: the number of shards must be at least 1"
            ));
        }
        if k < base || k - base >= n {
            let (first, last) = (base, n - 1 + base);
            return Err(format!(
                "shard index {k} is out of range for {n} shard{}: it runs from {first} to {last}",
                if n == 1 { "" } else { "s" }
            ));
        }
        Ok(Shard {
            index: k - base + 1,
            total: n,
        })
    }

    /// The shard from the variables of the CI engine this runs in, and which variables those
    /// were. `var` reads one variable (the environment, or a test's map).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<(Shard, String), UserError> {
        let get = |name: &str| var(name).filter(|v| !v.is_empty());
        // Each engine: index variable, total variable, first index.
        let engines: [(&str, &str, usize, &str); 3] = [
            (
                "TEST_SHARD_INDEX",
                "TEST_TOTAL_SHARDS",
                0,
                "Bazel test sharding",
            ),
            ("CI_NODE_INDEX", "CI_NODE_TOTAL", 1, "GitLab CI parallel"),
            (
                "JOB_COMPLETION_INDEX",
                TOTAL_ENV,
                0,
                "Kubernetes Indexed Job",
            ),
        ];
        for (index_var, total_var, base, engine) in engines {
            let Some(k) = get(index_var) else { continue };
            let Some(n) = get(total_var) else {
                return Err(UserError::new(format!(
                    "--shard auto: {index_var}={k} is set ({engine}) but {total_var} is not, so the number of shards is unknown"
                ))
                .hint(if total_var == TOTAL_ENV {
                    format!("set {TOTAL_ENV} to the Job's completions (the number of shards), or give --shard K/N")
                } else {
                    format!("set {total_var}, or give --shard K/N")
                }));
            };
            let shard = Shard::new(&k, &n, base).map_err(|e| {
                UserError::new(format!(
                    "--shard auto: {index_var}={k} {total_var}={n}: {e}"
                ))
                .hint(format!(
                    "{engine} numbers shards from {base}; fix the variables, or give --shard K/N"
                ))
            })?;
            return Ok((shard, format!("{engine}: {index_var}={k}, {total_var}={n}")));
        }
        Err(UserError::new(
            "--shard auto: no CI engine's shard variables are set (TEST_SHARD_INDEX/TEST_TOTAL_SHARDS, CI_NODE_INDEX/CI_NODE_TOTAL, JOB_COMPLETION_INDEX with REFSCAN_SHARD_TOTAL)",
        )
        .hint("give --shard K/N (from 1: `--shard 2/4`), or run it where one of those is set"))
    }

    /// The shard a file belongs to, from its path below its repository root (folders and file
    /// name). The hash is fixed (XXH3, no seed) over the `/`-joined UTF-8 of the parts, so
    /// every machine and OS puts a file in the same shard.
    pub fn of(parts: &[String], total: usize) -> usize {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                h.update(b"/");
            }
            h.update(p.as_bytes());
        }
        (h.digest() % total as u64) as usize + 1
    }

    pub fn owns(&self, parts: &[String]) -> bool {
        Shard::of(parts, self.total) == self.index
    }

    /// Whether this shard owns a `/`-separated repository-relative path (a baseline key).
    pub fn owns_key(&self, path: &str) -> bool {
        let parts: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .map(str::to_string)
            .collect();
        self.owns(&parts)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.total)
    }
}

impl ShardArg {
    /// The shard to scan: `auto` reads the CI engine's variables, says on stderr which, and
    /// under Bazel touches `TEST_SHARD_STATUS_FILE` (Bazel's sign that the test shards).
    pub fn resolve(self) -> anyhow::Result<Shard> {
        let shard = match self {
            ShardArg::Fixed(s) => return Ok(s),
            ShardArg::Auto => {
                let (shard, from) = Shard::from_env(|v| std::env::var(v).ok())?;
                note(&format!("shard {shard} (from {from})"));
                shard
            }
        };
        if let Some(f) = std::env::var_os("TEST_SHARD_STATUS_FILE").filter(|v| !v.is_empty()) {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&f)
                .map_err(|e| {
                    UserError::new(format!(
                        "cannot touch TEST_SHARD_STATUS_FILE {}: {e}",
                        Path::new(&f).display()
                    ))
                    .hint("make its folder writable, or unset the variable outside Bazel")
                })?;
        }
        Ok(shard)
    }
}

/// How the last line of a shard's patch starts; the metadata follows as JSON.
pub const PATCH_TRAILER: &str = "# refscan shard ";

/// What a shard's output says about the run that made it, so that `refscan merge` combines
/// only the shards of one run. JSON documents carry it as `"shard"`, SARIF in the run's
/// properties, a patch on its last line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub index: usize,
    pub total: usize,
    /// `report`, `check` or `rewrite`.
    pub command: String,
    pub version: String,
    /// The SHA-256 of the rules file's bytes (of the bundled plan's text for `bundled`).
    pub rules_sha256: String,
    /// A file could not be read: the exit status is 2 whatever the findings.
    pub incomplete: bool,
    /// `check --strict`: mentions fail the gate too.
    #[serde(default)]
    pub strict: bool,
    /// `report --format json`: the rules index of each entry of `tables`, so that the merged
    /// document lists them in rules order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<usize>,
}

impl Meta {
    pub fn new(shard: Shard, command: &str, rules: &Rules) -> anyhow::Result<Meta> {
        Ok(Meta {
            index: shard.index,
            total: shard.total,
            command: command.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            rules_sha256: rules_sha256(rules)?,
            incomplete: false,
            strict: false,
            tables: Vec::new(),
        })
    }
}

/// The SHA-256 of the rules, hex.
pub fn rules_sha256(rules: &Rules) -> anyhow::Result<String> {
    let bytes = match &rules.origin {
        Origin::Bundled => BUNDLED.as_bytes().to_vec(),
        Origin::File(p) => std::fs::read(p).map_err(|e| {
            UserError::new(format!("{}: cannot read the rules again: {e}", p.display()))
        })?,
    };
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| m.get(k).cloned()
    }

    #[test]
    fn shard_values_are_checked() {
        assert_eq!(
            parse_arg("2/4"),
            Ok(ShardArg::Fixed(Shard { index: 2, total: 4 }))
        );
        assert_eq!(parse_arg("auto"), Ok(ShardArg::Auto));
        for bad in ["0/0", "3/2", "0/4", "a/4", "1/b", "4", "", "-1/3"] {
            assert!(parse_arg(bad).is_err(), "{bad}");
        }
        assert!(parse_arg("0/0").unwrap_err().contains("at least 1"));
        assert!(parse_arg("3/2").unwrap_err().contains("from 1 to 2"));
    }

    #[test]
    fn auto_reads_each_engine_with_its_first_index() {
        let (s, from) =
            Shard::from_env(env(&[("CI_NODE_INDEX", "1"), ("CI_NODE_TOTAL", "3")])).unwrap();
        assert_eq!(s, Shard { index: 1, total: 3 });
        assert!(from.contains("GitLab"), "{from}");
        let (s, _) = Shard::from_env(env(&[
            ("TEST_SHARD_INDEX", "0"),
            ("TEST_TOTAL_SHARDS", "2"),
        ]))
        .unwrap();
        assert_eq!(s, Shard { index: 1, total: 2 });
        let (s, from) =
            Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "3"), (TOTAL_ENV, "4")])).unwrap();
        assert_eq!(s, Shard { index: 4, total: 4 });
        assert!(from.contains("Kubernetes"), "{from}");
        assert!(Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "4"), (TOTAL_ENV, "4")])).is_err());
        assert!(Shard::from_env(env(&[("CI_NODE_INDEX", "0"), ("CI_NODE_TOTAL", "2")])).is_err());
        let e = Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "1")])).unwrap_err();
        assert!(e.message.contains(TOTAL_ENV), "{}", e.message);
        assert!(Shard::from_env(env(&[])).is_err());
    }

    #[test]
    fn every_path_has_exactly_one_shard_and_the_hash_is_fixed() {
        let parts = |s: &str| s.split('/').map(str::to_string).collect::<Vec<_>>();
        // Fixed values: a change of hash would move files between the shards of runs made by
        // different refscan builds.
        let h = xxhash_rust::xxh3::xxh3_64(b"apps/web/src/db.ts");
        assert_eq!(h, 11475045852826153899);
        assert_eq!(
            Shard::of(&parts("apps/web/src/db.ts"), 7),
            (h % 7) as usize + 1
        );
        assert_eq!(Shard::of(&parts("apps/web/src/db.ts"), 7), 1);
        for n in 1..=8 {
            for p in ["a", "a/b", "x/y/z.ts", "supabase/migrations/1_init.sql"] {
                let owners = (1..=n)
                    .filter(|&k| Shard { index: k, total: n }.owns(&parts(p)))
                    .count();
                assert_eq!(owners, 1, "{p} in {n} shards");
            }
        }
        assert!(
            Shard { index: 1, total: 3 }.owns_key("a/b")
                == Shard { index: 1, total: 3 }.owns(&parts("a/b"))
        );
    }
}
