//! `refscan backup`: a pg_dump of exactly one group's tables, under the names they carry now
//! (new names once their phase is applied, as the tracking table says).

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

use crate::error::{exit, UserError};
use crate::rules::Rules;

use super::catalog;
use super::db::Db;
use super::quote::{qualified, Timestamp};
use super::{BackupArgs, DumpFormat};

pub use super::conninfo::without_password;

/// Refuses a transaction-mode pooler for `tool`, which needs one server session throughout
/// (it sets session settings and reads one snapshot over many statements).
pub fn refuse_pooler(db: &Db, tool: &str) -> anyhow::Result<()> {
    match &db.pooler {
        None => Ok(()),
        Some(why) => Err(UserError::new(format!(
            "{} goes through a transaction-mode pooler ({why}), and {tool} needs a session of its own",
            db.display
        ))
        .hint("use the direct connection (port 5432, on Supabase db.<project-ref>.supabase.co) or the session pooler (port 5432 of the pooler host), without pgbouncer=true")
        .into()),
    }
}

/// A word for a POSIX shell, quoted when it needs to be.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+%".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `refscan backup --group G`.
pub fn backup(args: &BackupArgs, rules: &Rules, out: &mut dyn Write) -> anyhow::Result<u8> {
    let gi = rules.select_group(&args.group)?;
    let url = super::conninfo::given(args.database_url.as_deref());
    let mut db = Db::open(url)?;
    refuse_pooler(&db, "pg_dump")?;
    let schema = rules.schema.clone();
    let active = catalog::active_rows(&mut db, rules)?;
    let mut names = Vec::new();
    let mut missing = Vec::new();
    for t in rules.tables.iter().filter(|t| t.group == gi) {
        let moved = active
            .get(&t.old)
            .is_some_and(|r| r.status != "rolled_back");
        let (first, second) = if moved {
            (&t.new, &t.old)
        } else {
            (&t.old, &t.new)
        };
        let mut found = None;
        for name in [first, second] {
            if matches!(catalog::relkind(&mut db, &schema, name)?, Some('r' | 'p')) {
                found = Some(name.clone());
                break;
            }
        }
        match found {
            Some(n) => names.push(n),
            None => missing.push(t.old.clone()),
        }
    }
    let group = &rules.groups[gi];
    if names.is_empty() {
        return Err(UserError::new(format!(
            "no table of group {} exists on {}",
            group.prefix, db.display
        ))
        .hint("check --database-url and the rules' schema")
        .into());
    }
    for m in &missing {
        writeln!(
            out,
            "note: {schema}.{m} of group {} does not exist; not backed up",
            group.prefix
        )?;
    }
    let file = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "refscan_backup_{}_{}.{}",
            group.prefix.trim_end_matches('_'),
            Timestamp::now(),
            match args.format {
                DumpFormat::Custom => "dump",
                DumpFormat::Plain => "sql",
            }
        ))
    });
    // Without a URL, pg_dump reads the same PG* variables, service and password files.
    let mut argv: Vec<String> = match url {
        Some(u) => vec!["--dbname".into(), without_password(u)],
        None => Vec::new(),
    };
    argv.extend([
        "--format".into(),
        match args.format {
            DumpFormat::Custom => "custom".into(),
            DumpFormat::Plain => "plain".into(),
        },
        "--file".into(),
        file.display().to_string(),
    ]);
    // The whole schema of the database, so that a restore into an empty database finds every
    // function, view, policy and foreign key the group's tables need or that depends on them,
    // and the rows of the group's tables only.
    let mut ours: Vec<String> = names.iter().map(|n| qualified(&schema, n)).collect();
    // The tracking rows too, for a restore into a database without them.
    ours.push(qualified(&schema, super::plan::TRACKING_TABLE));
    for other in db.rows(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1, 2",
    )? {
        let (Some(s), Some(n)) = (other[0].as_deref(), other[1].as_deref()) else {
            continue;
        };
        // pg_dump reads a quoted pattern as exactly that name.
        let pattern = qualified(s, n);
        if !ours.contains(&pattern) {
            argv.push("--exclude-table-data".into());
            argv.push(pattern);
        }
    }
    let password = url.and_then(password_of);
    if args.print {
        if password.is_some() {
            writeln!(
                out,
                "# the password is not shown: put it in PGPASSWORD or ~/.pgpass"
            )?;
        }
        let mut line = shell_word(&args.pg_dump.display().to_string());
        for a in &argv {
            line.push(' ');
            line.push_str(&shell_word(a));
        }
        writeln!(out, "{line}")?;
        return Ok(exit::CLEAN);
    }
    let mut cmd = Command::new(&args.pg_dump);
    cmd.args(&argv);
    if let Some(pw) = &password {
        cmd.env("PGPASSWORD", pw);
    }
    let status = cmd.status().map_err(|e| {
        UserError::new(format!("cannot run {}: {e}", args.pg_dump.display()))
            .hint("install the PostgreSQL client tools (pg_dump), or pass --pg-dump PATH")
    })?;
    if !status.success() {
        return Err(UserError::new(format!(
            "pg_dump failed ({status}); see its message above"
        ))
        .hint("a pg_dump older than the server refuses to dump it: use the pg_dump of the server's major version")
        .into());
    }
    writeln!(
        out,
        "backed up the schema and the rows of {} table{} of group {} ({}) to {}",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        group.prefix,
        names.join(", "),
        file.display()
    )?;
    Ok(exit::CLEAN)
}

fn password_of(url: &str) -> Option<String> {
    let target = super::conninfo::parse_target(url).ok()?;
    let config: postgres::Config = target.driver.parse().ok()?;
    config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_left_out_of_the_command_line() {
        assert_eq!(
            without_password("postgres://u:secret@h:5432/d?sslmode=require"),
            "postgres://u@h:5432/d?sslmode=require"
        );
        assert_eq!(
            without_password("postgres://u@h/d?password=x&sslmode=require"),
            "postgres://u@h/d?sslmode=require"
        );
        assert_eq!(
            without_password("postgres://u@h/d?password=x"),
            "postgres://u@h/d"
        );
        assert_eq!(
            without_password("host=h password=x dbname=d"),
            "host=h dbname=d"
        );
        // A password parameter spelled another way, a quoted key/value password.
        assert_eq!(
            without_password("postgres://u@h/d?pass%77ord=x&pgbouncer=true&sslmode=require"),
            "postgres://u@h/d?sslmode=require"
        );
        assert_eq!(
            without_password("host=h password='a b' PASSWORD=c dbname=d"),
            "host=h dbname=d"
        );
        assert_eq!(
            password_of("postgres://u:s%40cret@h/d").as_deref(),
            Some("s@cret")
        );
    }

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_word("--table"), "--table");
        assert_eq!(shell_word("\"public\".\"t\""), "'\"public\".\"t\"'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
