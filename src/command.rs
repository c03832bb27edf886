//! The command line as the binary presents it: the clap definitions of `cli.rs` with the long
//! version (the bundled rules' identity) and an example section for every command. Parsing,
//! `help`, completions and man pages all come from [`command`].

use clap::{CommandFactory as _, FromArgMatches as _};
use sha2::{Digest as _, Sha256};

use crate::cli::Cli;
use crate::rules::{Rules, BUNDLED};

/// Examples shown after each command's help, by command path (`migrate plan`). Keep each one
/// runnable as written from the root of a Supabase monorepo.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "rules",
        "refscan rules                          # validate refscan.toml (or the bundled plan), print it
refscan --rules plan.toml rules --format json",
    ),
    (
        "init",
        "refscan init                           # refscan.toml from supabase/migrations and the generated types
refscan init --database-url \"$DATABASE_URL\"  # from the live schema: row estimates, RLS
refscan init --force -o refscan.toml    # replace an existing file",
    ),
    (
        "report",
        "refscan report                         # per group and table: references by kind
refscan report apps/ --phase 2 --format json > refs.json
refscan report -l --table experts       # only the paths of files that use the table
refscan report -t ts -c                 # path:N for each TypeScript file",
    ),
    (
        "rewrite",
        "refscan rewrite --phase 2              # a unified diff on stdout; nothing changes
refscan rewrite --phase 2 --write       # rewrite the files in place
refscan rewrite --write --reverse       # undo: new names back to the old ones",
    ),
    (
        "check",
        "refscan check --phase 2                # exit 1 while phases up to 2 have references left
refscan check --changed-since origin/main --format github
git diff --name-only -z origin/main | refscan check - -l   # the failing files of a list
refscan check --write-baseline .refscan-baseline.json",
    ),
    (
        "merge",
        "refscan check --format sarif --shard 2/4 > shard-2.sarif   # job 2 of 4, to merge later
refscan merge shard-*.sarif > refscan.sarif        # exit 1 while findings remain
refscan report --format json --shard auto > part.json   # from CI variables; merge the parts",
    ),
    (
        "types",
        "refscan types -o src/types/database.compat.ts
refscan types --phase 2 --import ./database.types",
    ),
    (
        "migrate",
        "refscan migrate plan --phase 2         # the SQL, for review; no database
refscan migrate init                    # the tracking table (DATABASE_URL or --database-url)
refscan migrate apply --phase 2
refscan migrate status --code .
refscan migrate cleanup --code .",
    ),
    (
        "migrate plan",
        "refscan migrate plan --phase 2
refscan migrate plan --phase 2 --out supabase/migrations --rollback-dir supabase/rollbacks",
    ),
    (
        "migrate init",
        "refscan migrate init --database-url postgres://postgres@127.0.0.1:5432/app",
    ),
    (
        "migrate apply",
        "refscan migrate apply --phase 2                  # asks before it runs
refscan migrate apply --phase 5 --yes --rename-dependents",
    ),
    ("migrate rollback", "refscan migrate rollback --phase 2"),
    (
        "migrate status",
        "refscan migrate status
refscan migrate status --code . --format json",
    ),
    (
        "migrate verify",
        "refscan migrate verify                  # exit 1 on drift from the rules and the tracking table
refscan migrate verify --phase 2 --format json",
    ),
    (
        "migrate cleanup",
        "refscan migrate cleanup --code .        # refuses while anything names an old table
refscan migrate cleanup --phase 2 --code .",
    ),
    (
        "backup",
        "refscan backup --group sys_ -o sys.dump
refscan backup --group sys_ --print     # show the pg_dump command only",
    ),
    (
        "restore",
        "refscan restore sys.dump               # the group's rows back, what is missing created
refscan restore *.dump --database-url \"$NEW_DATABASE_URL\"   # every group into an empty database
refscan restore sys.dump --print        # the SQL it would run, as one transaction",
    ),
    (
        "lint",
        "refscan lint                           # supabase/migrations
refscan lint --since 20250601000000 --format github
refscan lint --database-url \"$DATABASE_URL\"",
    ),
    (
        "grants",
        "refscan grants --group doc_ --role authenticated --privileges select,insert
refscan grants --group doc_ --role anon --revoke --privileges all --database-url \"$DATABASE_URL\" --apply",
    ),
    (
        "completions",
        "refscan completions bash > ~/.local/share/bash-completion/completions/refscan
refscan completions zsh > ~/.zfunc/_refscan
refscan completions fish > ~/.config/fish/completions/refscan.fish",
    ),
    (
        "man",
        "refscan man | man -l -                 # read refscan(1)
refscan man --dir /usr/local/share/man/man1   # one page per command",
    ),
];

/// The identity of the bundled plan: its name, the first 12 hex digits of the SHA-256 of
/// `rules/dhg.toml` (as `sha256sum` prints it) and its size.
pub fn bundled_identity() -> String {
    let rules = Rules::bundled();
    format!(
        "bundled rules: {} (rules/dhg.toml, sha256 {}), {} tables ({} renamed) in {} groups, {} phases",
        rules.name,
        bundled_digest(),
        rules.tables.len(),
        rules.renamed().count(),
        rules.groups.len(),
        rules.phases.len()
    )
}

/// The first 12 hex digits of the SHA-256 of `rules/dhg.toml`.
fn bundled_digest() -> String {
    let digest = Sha256::digest(BUNDLED.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// The whole command, as the binary parses it.
pub fn command() -> clap::Command {
    let version = env!("CARGO_PKG_VERSION");
    let cmd = Cli::command()
        .version(format!(
            "{version} (bundled rules sha256 {})",
            bundled_digest()
        ))
        .long_version(format!("{version}\n{}", bundled_identity()));
    with_examples(cmd, "")
}

fn with_examples(mut cmd: clap::Command, path: &str) -> clap::Command {
    if let Some((_, text)) = EXAMPLES.iter().find(|(p, _)| *p == path) {
        let examples = format!("Examples:\n{}", indent(text));
        cmd = cmd.after_help(examples.clone()).after_long_help(examples);
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |sub| with_examples(sub, &sub_path));
    }
    cmd
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses the process's arguments (exits on `--help`, `--version` and usage errors, as clap
/// does).
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_is_consistent() {
        // See: issue 15 item 7
        command().debug_assert();
    }

    /// Every command path of the command line, `help` left out.
    fn paths(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = if prefix.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{prefix} {}", sub.get_name())
            };
            paths(sub, &path, out);
            out.push(path);
        }
    }

    #[test]
    fn every_command_has_an_example() {
        // See: issue 15 item 7
        let mut all = Vec::new();
        paths(&command(), "", &mut all);
        let missing: Vec<&String> = all
            .iter()
            .filter(|p| !EXAMPLES.iter().any(|(e, _)| e == p))
            .collect();
        assert!(
            missing.is_empty(),
            "add an example to EXAMPLES in src/command.rs for: {missing:?}"
        );
        let unknown: Vec<&str> = EXAMPLES
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| !all.iter().any(|a| a == p))
            .collect();
        assert!(unknown.is_empty(), "examples of no command: {unknown:?}");
        for (path, text) in EXAMPLES {
            for line in text.lines() {
                assert!(
                    line.starts_with(&format!("refscan {path}"))
                        || line.starts_with("refscan --rules")
                        || line.contains(&format!(" {path} ")),
                    "the example of `{path}` runs another command: {line}"
                );
            }
        }
    }

    #[test]
    fn the_version_names_the_bundled_rules() {
        let id = bundled_identity();
        assert!(
            id.starts_with("bundled rules: DHG table prefixes (rules/dhg.toml, sha256 "),
            "{id}"
        );
        assert!(
            id.contains(", 54 tables (44 renamed) in 13 groups, 10 phases"),
            "{id}"
        );
    }
}
