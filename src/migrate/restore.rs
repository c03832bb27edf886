//! `refscan restore`: the way back from `refscan backup` archives, into an empty database or
//! into the same one. What the database lacks is created as the archives define it; the
//! tables whose rows an archive holds get exactly those rows, even where foreign keys and views
//! of other groups point at them. One psql transaction: all or nothing.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{exit, UserError};

use super::backup::{refuse_pooler, without_password};
use super::conninfo;
use super::db::Db;
use super::plan::{ADVISORY_KEY, TRACKING_TABLE};
use super::quote::{literal, qualified};
use super::{Io, RestoreArgs};

/// One entry of an archive's table of contents, as `pg_restore --list` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line, as `pg_restore -L` reads it back.
    pub line: String,
    pub desc: String,
    pub schema: String,
    /// The object's name: `table name` for constraints, triggers and policies, `KIND name`
    /// for comments and ACLs, `name(args)` for functions.
    pub tag: String,
}

/// Entry kinds as pg_dump writes them, longest first so that `TABLE DATA` is not read as
/// `TABLE`.
const KINDS: &[&str] = &[
    "MATERIALIZED VIEW DATA",
    "SEQUENCE OWNED BY",
    "PUBLICATION TABLE",
    "MATERIALIZED VIEW",
    "PUBLICATION TABLES IN SCHEMA",
    "CHECK CONSTRAINT",
    "FK CONSTRAINT",
    "EVENT TRIGGER",
    "ROW SECURITY",
    "SEQUENCE SET",
    "DEFAULT ACL",
    "TABLE DATA",
    "CONSTRAINT",
    "EXTENSION",
    "PROCEDURE",
    "AGGREGATE",
    "PUBLICATION",
    "FUNCTION",
    "SEQUENCE",
    "DEFAULT",
    "TRIGGER",
    "COMMENT",
    "POLICY",
    "SCHEMA",
    "DOMAIN",
    "INDEX",
    "TABLE",
    "TYPE",
    "VIEW",
    "RULE",
    "ACL",
];

/// Reads `pg_restore --list` output; comment lines are skipped, and lines of kinds refscan does
/// not know come back apart.
pub fn parse_list(text: &str) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut unknown = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        // `ID; TABLEOID OID DESC SCHEMA TAG OWNER`
        let Some((_, rest)) = line.split_once("; ") else {
            continue;
        };
        let mut words = rest.splitn(3, ' ');
        let (_, _, rest) = (words.next(), words.next(), words.next().unwrap_or(""));
        let Some(kind) = KINDS
            .iter()
            .find(|k| rest.starts_with(*k) && rest[k.len()..].starts_with(' '))
        else {
            unknown.push(line.to_string());
            continue;
        };
        let rest = &rest[kind.len() + 1..];
        let Some((schema, rest)) = rest.split_once(' ') else {
            continue;
        };
        let tag = rest.rsplit_once(' ').map_or(rest, |(t, _)| t);
        entries.push(Entry {
            line: line.to_string(),
            desc: kind.to_string(),
            schema: schema.to_string(),
            tag: tag.to_string(),
        });
    }
    (entries, unknown)
}

/// What the target database holds, as the keys [`key`] gives entries.
#[derive(Debug, Default)]
pub struct Present {
    pub keys: BTreeSet<String>,
    /// `schema.name` of every relation, with its kind.
    pub relkinds: HashMap<String, char>,
    /// Sequences owned by a table: `schema.seq` -> `schema.table`.
    pub seq_owner: HashMap<String, String>,
}

/// The key an entry's object is known by, in the archive and in the database; `None` for
/// entries that follow another object (comments, ACLs, defaults, data).
fn key(e: &Entry) -> Option<String> {
    let s = &e.schema;
    Some(match e.desc.as_str() {
        "SCHEMA" => format!("schema {}", e.tag),
        "EXTENSION" => format!("extension {}", e.tag),
        "TYPE" | "DOMAIN" => format!("type {s}.{}", e.tag),
        "FUNCTION" | "PROCEDURE" | "AGGREGATE" => format!("function {s}.{}", e.tag),
        "TABLE" | "VIEW" | "MATERIALIZED VIEW" | "SEQUENCE" | "INDEX" => {
            format!("relation {s}.{}", e.tag)
        }
        "CONSTRAINT" | "FK CONSTRAINT" | "CHECK CONSTRAINT" => {
            format!("constraint {s}.{}", e.tag)
        }
        "TRIGGER" => format!("trigger {s}.{}", e.tag),
        "POLICY" => format!("policy {s}.{}", e.tag),
        "RULE" => format!("rule {s}.{}", e.tag),
        "PUBLICATION" => format!("publication {}", e.tag),
        "PUBLICATION TABLE" => format!("publication table {s}.{}", e.tag),
        "EVENT TRIGGER" => format!("event trigger {}", e.tag),
        "DEFAULT ACL" => format!("default acl {s}.{}", e.tag),
        _ => return None,
    })
}

/// The key of the object a comment or ACL entry belongs to (`TABLE t`, `COLUMN t.c`, ...).
fn owner_key(e: &Entry) -> Option<String> {
    let s = &e.schema;
    let (kind, name) = e.tag.split_once(' ')?;
    Some(match kind {
        "TABLE" | "VIEW" | "SEQUENCE" | "INDEX" => format!("relation {s}.{name}"),
        "COLUMN" => format!("relation {s}.{}", name.split_once('.')?.0),
        "MATERIALIZED" => format!("relation {s}.{}", name.strip_prefix("VIEW ")?),
        "FUNCTION" | "PROCEDURE" | "AGGREGATE" => format!("function {s}.{name}"),
        "TYPE" | "DOMAIN" => format!("type {s}.{name}"),
        "SCHEMA" => format!("schema {name}"),
        "EXTENSION" => format!("extension {name}"),
        "CONSTRAINT" => {
            let (c, t) = name.split_once(" ON ")?;
            format!("constraint {s}.{t} {c}")
        }
        "TRIGGER" => {
            let (g, t) = name.split_once(" ON ")?;
            format!("trigger {s}.{t} {g}")
        }
        "POLICY" => {
            let (p, t) = name.split_once(" ON ")?;
            format!("policy {s}.{t} {p}")
        }
        _ => return None,
    })
}

/// The catalog of the target, keyed as [`key`] keys archive entries.
pub fn present(db: &mut Db) -> anyhow::Result<Present> {
    let mut p = Present::default();
    let q = "SELECT 'schema ' || nspname FROM pg_namespace
      UNION ALL SELECT 'extension ' || extname FROM pg_extension
      UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname || '(' || oidvectortypes(p.proargtypes) || ')'
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      UNION ALL SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || k.conname
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      UNION ALL SELECT 'trigger ' || n.nspname || '.' || c.relname || ' ' || g.tgname
        FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      UNION ALL SELECT 'policy ' || n.nspname || '.' || c.relname || ' ' || y.polname
        FROM pg_policy y JOIN pg_class c ON c.oid = y.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      UNION ALL SELECT 'rule ' || n.nspname || '.' || c.relname || ' ' || r.rulename
        FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
      UNION ALL SELECT 'publication ' || pubname FROM pg_publication
      UNION ALL SELECT 'publication table ' || n.nspname || '.' || b.pubname || ' ' || c.relname
        FROM pg_publication_rel r JOIN pg_publication b ON b.oid = r.prpubid
        JOIN pg_class c ON c.oid = r.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      UNION ALL SELECT 'event trigger ' || evtname FROM pg_event_trigger
      UNION ALL SELECT 'default acl ' || COALESCE(n.nspname, '-') || '.DEFAULT PRIVILEGES FOR '
          || CASE d.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
                                  WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END
        FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace";
    for r in db.rows(q)? {
        if let Some(k) = r.into_iter().next().flatten() {
            p.keys.insert(k);
        }
    }
    for r in db.rows(
        "SELECT n.nspname || '.' || c.relname, c.relkind::text FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace",
    )? {
        if let (Some(name), Some(kind)) = (r[0].clone(), r[1].clone()) {
            p.keys.insert(format!("relation {name}"));
            p.relkinds.insert(name, kind.chars().next().unwrap_or('?'));
        }
    }
    for r in db.rows(
        "SELECT sn.nspname || '.' || s.relname, tn.nspname || '.' || t.relname
           FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
           JOIN pg_namespace sn ON sn.oid = s.relnamespace
           JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
          WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
            AND d.deptype IN ('a', 'i')",
    )? {
        if let (Some(s), Some(t)) = (r[0].clone(), r[1].clone()) {
            p.seq_owner.insert(s, t);
        }
    }
    Ok(p)
}

/// What one restore does.
#[derive(Debug, Default)]
pub struct Selection {
    /// Per archive, the entries to restore, in archive order.
    pub chosen: Vec<Vec<Entry>>,
    /// `schema.table` of existing tables whose rows are replaced.
    pub replaced: Vec<String>,
    /// Keys of the objects created.
    pub created: BTreeSet<String>,
    /// `schema.name` of the relations created, with their kind, and the functions created.
    pub created_relations: Vec<(String, char)>,
    pub created_functions: Vec<String>,
}

/// Chooses, across archives, the entries to restore: every object the database (or an earlier
/// archive) lacks, what belongs to it, and every archive's table data.
pub fn select(archives: &[Vec<Entry>], present: &Present) -> anyhow::Result<Selection> {
    let mut sel = Selection::default();
    let mut problems = Vec::new();
    let mut data_taken: BTreeSet<String> = BTreeSet::new();
    for entries in archives {
        let mut chosen = Vec::new();
        for e in entries {
            let qualified_tag = format!("{}.{}", e.schema, e.tag);
            let take = match e.desc.as_str() {
                // Each table's rows once: every archive holds the tracking table's, which
                // only a database without it gets (its history is never replaced).
                "TABLE DATA" if !data_taken.insert(qualified_tag.clone()) => false,
                "TABLE DATA"
                    if e.tag == TRACKING_TABLE
                        && !sel.created.contains(&format!("relation {qualified_tag}")) =>
                {
                    false
                }
                "TABLE DATA" => {
                    match present.relkinds.get(&qualified_tag) {
                        // Each table's rows are taken once (above), so it is listed once.
                        Some('r' | 'p') => sel.replaced.push(qualified_tag.clone()),
                        Some(k) => problems.push(format!(
                            "{qualified_tag} is a {} in the database and a table in the backup",
                            super::catalog::relkind_name(*k)
                        )),
                        None => {}
                    }
                    true
                }
                "SEQUENCE SET" => {
                    let k = format!("relation {qualified_tag}");
                    sel.created.contains(&k)
                        || present
                            .seq_owner
                            .get(&qualified_tag)
                            .is_some_and(|t| sel.replaced.contains(t))
                }
                "SEQUENCE OWNED BY" | "ROW SECURITY" | "DEFAULT" | "MATERIALIZED VIEW DATA" => {
                    let rel = e.tag.split(' ').next().unwrap_or("");
                    sel.created
                        .contains(&format!("relation {}.{rel}", e.schema))
                }
                "COMMENT" | "ACL" => owner_key(e).is_some_and(|k| sel.created.contains(&k)),
                _ => match key(e) {
                    Some(k) if present.keys.contains(&k) || sel.created.contains(&k) => false,
                    Some(k) => {
                        match e.desc.as_str() {
                            "TABLE" | "VIEW" | "MATERIALIZED VIEW" | "SEQUENCE" => {
                                let kind = match e.desc.as_str() {
                                    "TABLE" => 'r',
                                    "SEQUENCE" => 'S',
                                    "MATERIALIZED VIEW" => 'm',
                                    _ => 'v',
                                };
                                sel.created_relations.push((qualified_tag.clone(), kind));
                            }
                            "FUNCTION" | "PROCEDURE" | "AGGREGATE" => {
                                sel.created_functions.push(qualified_tag.clone())
                            }
                            _ => {}
                        }
                        sel.created.insert(k);
                        true
                    }
                    None => false,
                },
            };
            if take {
                chosen.push(e.clone());
            }
        }
        sel.chosen.push(chosen);
    }
    if !problems.is_empty() {
        let mut msg = "the backup does not match the database:".to_string();
        for p in &problems {
            msg.push_str("\n  - ");
            msg.push_str(p);
        }
        return Err(UserError::new(msg).hint(OTHER_PHASE_HINT).into());
    }
    Ok(sel)
}

/// Refuses archives whose tables the database has under their other name of the rename (the
/// backup was taken at another phase): restoring them would create a second copy of each.
fn refuse_other_names(
    db: &mut Db,
    archives: &[Vec<Entry>],
    present: &Present,
) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    for r in db.rows(&format!(
        "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relname = {} AND c.relkind IN ('r', 'p')",
        literal(TRACKING_TABLE)
    ))? {
        let Some(schema) = r.into_iter().next().flatten() else {
            continue;
        };
        for t in db.rows(&format!(
            "SELECT schema_name, old_name, new_name FROM {}",
            qualified(&schema, TRACKING_TABLE)
        ))? {
            if let (Some(s), Some(o), Some(n)) = (t[0].clone(), t[1].clone(), t[2].clone()) {
                pairs.push((s, o, n));
            }
        }
    }
    for e in archives.iter().flatten().filter(|e| e.desc == "TABLE") {
        let here = format!("{}.{}", e.schema, e.tag);
        if present.relkinds.contains_key(&here) {
            continue;
        }
        for (s, o, n) in &pairs {
            let other = if s == &e.schema && n == &e.tag {
                o
            } else if s == &e.schema && o == &e.tag {
                n
            } else {
                continue;
            };
            let there = format!("{s}.{other}");
            if matches!(present.relkinds.get(&there), Some('r' | 'p'))
                && !problems
                    .iter()
                    .any(|p: &String| p.starts_with(&format!("the backup has {here},")))
            {
                problems.push(format!(
                    "the backup has {here}, the database has the same table as {there}"
                ));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut msg = "the backup does not match the database:".to_string();
    for p in &problems {
        msg.push_str("\n  - ");
        msg.push_str(p);
    }
    Err(UserError::new(msg).hint(OTHER_PHASE_HINT).into())
}

const OTHER_PHASE_HINT: &str = "the backup was taken at another phase: refscan migrate status shows what is applied; roll back (or apply) phases until the tables carry the names they had in the backup, then restore";

/// The SQL that runs around the archives' own for the tables whose rows are replaced: drops
/// the foreign keys pointing at them (to add them back, validated, after the rows are in),
/// disables their user triggers while rows are loaded, and empties them.
struct Around {
    before: String,
    after: String,
}

fn around(db: &mut Db, replaced: &[String]) -> anyhow::Result<Around> {
    let mut before = String::new();
    let mut after = String::new();
    if replaced.is_empty() {
        return Ok(Around { before, after });
    }
    let names = super::quote::text_array(replaced.iter().map(String::as_str));
    // Definitions read with an empty search_path name every table with its schema, as the
    // archives' SQL runs with one.
    db.execute("BEGIN; SET LOCAL search_path = pg_catalog")?;
    let fks = db.rows(&format!(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(k.conname), pg_get_constraintdef(k.oid)
           FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           JOIN pg_class f ON f.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
          WHERE k.contype = 'f' AND fn.nspname || '.' || f.relname = ANY ({names})
          ORDER BY 1, 2"
    ));
    let triggers = db.rows(&format!(
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(g.tgname), g.tgenabled::text
           FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE NOT g.tgisinternal AND g.tgenabled IN ('O', 'A') AND n.nspname || '.' || c.relname = ANY ({names})
          ORDER BY 1, 2"
    ));
    db.execute("COMMIT")?;
    for r in fks? {
        let (t, c, def) = (
            r[0].clone().unwrap_or_default(),
            r[1].clone().unwrap_or_default(),
            r[2].clone().unwrap_or_default(),
        );
        before.push_str(&format!("ALTER TABLE {t} DROP CONSTRAINT {c};\n"));
        after.push_str(&format!("ALTER TABLE {t} ADD CONSTRAINT {c} {def};\n"));
    }
    for r in triggers? {
        let (t, g, mode) = (
            r[0].clone().unwrap_or_default(),
            r[1].clone().unwrap_or_default(),
            r[2].clone().unwrap_or_default(),
        );
        before.push_str(&format!("ALTER TABLE {t} DISABLE TRIGGER {g};\n"));
        let always = if mode == "A" { "ALWAYS " } else { "" };
        after.push_str(&format!("ALTER TABLE {t} ENABLE {always}TRIGGER {g};\n"));
    }
    let list: Vec<String> = replaced
        .iter()
        .map(|q| {
            let (s, n) = q.split_once('.').unwrap_or(("public", q));
            qualified(s, n)
        })
        .collect();
    before.push_str(&format!("TRUNCATE {};\n", list.join(", ")));
    Ok(Around { before, after })
}

/// Gives the relations and functions the restore created the privileges of a new object
/// (owner only, and EXECUTE to PUBLIC for functions), undoing what the database's default
/// privileges granted them, before the archives' ACL entries grant exactly what they had.
fn reset_acls(sel: &Selection) -> String {
    if sel.created_relations.is_empty() && sel.created_functions.is_empty() {
        return String::new();
    }
    let rels = super::quote::text_array(sel.created_relations.iter().map(|(n, _)| n.as_str()));
    let funcs = super::quote::text_array(sel.created_functions.iter().map(String::as_str));
    let grantee =
        "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END";
    format!(
        "DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT DISTINCT c.oid::regclass AS obj, c.relkind, {grantee} AS who
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
     WHERE n.nspname || '.' || c.relname = ANY ({rels}) AND a.grantee <> c.relowner LOOP
    EXECUTE format('REVOKE ALL ON %s %s FROM %s', CASE WHEN r.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.obj, r.who);
  END LOOP;
  FOR r IN SELECT DISTINCT p.oid::regprocedure AS obj, {grantee} AS who
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, aclexplode(p.proacl) a
     WHERE n.nspname || '.' || p.proname || '(' || oidvectortypes(p.proargtypes) || ')' = ANY ({funcs})
       AND a.grantee <> p.proowner AND a.grantee <> 0 LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM %s', r.obj, r.who);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS obj FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname || '.' || p.proname || '(' || oidvectortypes(p.proargtypes) || ')' = ANY ({funcs}) LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO PUBLIC', r.obj);
  END LOOP;
END
$refscan$;
"
    )
}

/// `pg_restore` of the chosen entries of one archive, one section, as SQL; pg_dump's own
/// session settings that would lift refscan's timeouts are left out.
fn restore_sql(
    pg_restore: &Path,
    archive: &Path,
    entries: &[Entry],
    section: Option<&str>,
) -> anyhow::Result<String> {
    if entries.is_empty() {
        return Ok(String::new());
    }
    let mut list = tempfile::NamedTempFile::new()?;
    for e in entries {
        writeln!(list, "{}", e.line)?;
    }
    list.flush()?;
    let mut args: Vec<std::ffi::OsString> = Vec::new();
    if let Some(section) = section {
        args.extend(["--section".into(), section.into()]);
    }
    args.extend([
        "--use-list".into(),
        list.path().into(),
        "--file".into(),
        "-".into(),
    ]);
    let out = run_pg_restore(pg_restore, &args, archive, "pg_restore cannot read it", "give archives written by refscan backup (custom format) and a pg_restore at least as new as the pg_dump that wrote them")?;
    Ok(out
        .lines()
        .filter(|l| {
            !matches!(
                *l,
                "SET statement_timeout = 0;"
                    | "SET lock_timeout = 0;"
                    | "SET idle_in_transaction_session_timeout = 0;"
            )
        })
        .map(|l| format!("{l}\n"))
        .collect())
}

fn list(pg_restore: &Path, archive: &Path) -> anyhow::Result<(Vec<Entry>, Vec<String>)> {
    let out = run_pg_restore(
        pg_restore,
        &["--list".into()],
        archive,
        "not an archive written by refscan backup",
        "restore the .dump files refscan backup writes (custom format); a plain .sql backup is restored with psql",
    )?;
    Ok(parse_list(&out))
}

/// Runs pg_restore with `args` on `archive`: its standard output, or an error saying `what`
/// with pg_restore's own message.
fn run_pg_restore(
    pg_restore: &Path,
    args: &[std::ffi::OsString],
    archive: &Path,
    what: &str,
    hint: &str,
) -> anyhow::Result<String> {
    let out = Command::new(pg_restore)
        .args(args)
        .arg(archive)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            UserError::new(format!("cannot run {}: {e}", pg_restore.display())).hint(
                "install the PostgreSQL client tools (pg_restore, psql), or pass --pg-restore PATH",
            )
        })?;
    if !out.status.success() {
        return Err(UserError::new(format!(
            "{}: {what}: {}",
            archive.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .hint(hint)
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `refscan restore FILE...`.
pub fn restore(args: &RestoreArgs, io: &mut Io) -> anyhow::Result<u8> {
    let url = conninfo::given(args.database_url.as_deref());
    let mut db = Db::open(url)?;
    refuse_pooler(&db, "a restore")?;
    let mut archives = Vec::new();
    for f in &args.files {
        let (entries, unknown) = list(&args.pg_restore, f)?;
        for u in unknown {
            writeln!(
                io.out,
                "note: {}: not restored (refscan does not restore such entries): {u}",
                f.display()
            )?;
        }
        archives.push(entries);
    }
    let present = present(&mut db)?;
    refuse_other_names(&mut db, &archives, &present)?;
    let sel = select(&archives, &present)?;
    let around = around(&mut db, &sel.replaced)?;

    let mut script = format!(
        "SET LOCAL lock_timeout = {};\nSET LOCAL statement_timeout = {};\nSELECT pg_advisory_xact_lock({ADVISORY_KEY});\n",
        literal(&args.timeouts.lock_timeout.to_string()),
        literal(&args.timeouts.statement_timeout.to_string()),
    );
    script.push_str(&around.before);
    // Definitions of every archive first, then every archive's rows, then indexes, constraints
    // and foreign keys: a foreign key between groups finds both tables and their rows. The
    // privileges come last, once those the database's default privileges gave the new objects
    // are taken back.
    let (acls, rest): (Vec<Vec<Entry>>, Vec<Vec<Entry>>) = sel
        .chosen
        .iter()
        .map(|c| c.iter().cloned().partition(|e| e.desc == "ACL"))
        .unzip();
    for section in ["pre-data", "data", "post-data"] {
        for (f, chosen) in args.files.iter().zip(&rest) {
            script.push_str(&restore_sql(&args.pg_restore, f, chosen, Some(section))?);
        }
    }
    script.push_str(&reset_acls(&sel));
    for (f, chosen) in args.files.iter().zip(&acls) {
        script.push_str(&restore_sql(&args.pg_restore, f, chosen, None)?);
    }
    script.push_str(&around.after);
    script.push_str("NOTIFY pgrst, 'reload schema';\n");

    if args.print {
        io.out.write_all(script.as_bytes())?;
        return Ok(exit::CLEAN);
    }
    let created: Vec<&String> = sel.created.iter().collect();
    writeln!(
        io.out,
        "restore into {}: {} object{} to create, the rows of {} table{} to replace ({})",
        db.display,
        created.len(),
        if created.len() == 1 { "" } else { "s" },
        sel.replaced.len(),
        if sel.replaced.len() == 1 { "" } else { "s" },
        sel.replaced.join(", ")
    )?;
    io.confirm(&format!("Restore into {}?", db.display), args.yes)?;
    let mut file = tempfile::NamedTempFile::new()?;
    file.write_all(script.as_bytes())?;
    file.flush()?;
    let mut cmd = Command::new(&args.psql);
    cmd.args([
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "--single-transaction",
        "-f",
    ])
    .arg(file.path());
    if let Some(u) = url {
        cmd.args(["--dbname", &without_password(u)]);
    }
    if let Some(pw) = db.password() {
        cmd.env("PGPASSWORD", pw);
    }
    let out = cmd.stdin(Stdio::null()).output().map_err(|e| {
        UserError::new(format!("cannot run {}: {e}", args.psql.display()))
            .hint("install the PostgreSQL client tools (psql), or pass --psql PATH")
    })?;
    if !out.status.success() {
        let msg = conninfo::scrub(&String::from_utf8_lossy(&out.stderr), db.secrets());
        return Err(UserError::new(format!(
            "the restore failed, and its transaction was rolled back; nothing was changed:\n{}",
            msg.trim_end()
        ))
        .hint("a foreign key of a restored table may point at rows no backup holds: restore that group too (several archives in one run), or into a database that has them")
        .into());
    }
    writeln!(
        io.out,
        "restored {} archive{}: created {} object{}, replaced the rows of {}",
        args.files.len(),
        if args.files.len() == 1 { "" } else { "s" },
        created.len(),
        if created.len() == 1 { "" } else { "s" },
        if sel.replaced.is_empty() {
            "no table".to_string()
        } else {
            sel.replaced.join(", ")
        }
    )?;
    Ok(exit::CLEAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_lines_are_read_with_multi_word_kinds_and_tags() {
        let text = ";\n; Archive created at x\n6; 2615 2200 SCHEMA - public pg_database_owner\n3428; 0 146530 TABLE DATA public app_pages postgres\n3444; 0 0 SEQUENCE OWNED BY public app_pages_id_seq postgres\n3257; 2606 146552 CONSTRAINT public app_pages app_pages_domain_id_path_key postgres\n3447; 0 0 ACL public COLUMN asset_types.id postgres\n2072; 826 146462 DEFAULT ACL public DEFAULT PRIVILEGES FOR SEQUENCES postgres\n9; 1 2 WEIRD THING public x postgres\n";
        let (entries, unknown) = parse_list(text);
        let got: Vec<(&str, &str, &str)> = entries
            .iter()
            .map(|e| (e.desc.as_str(), e.schema.as_str(), e.tag.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("SCHEMA", "-", "public"),
                ("TABLE DATA", "public", "app_pages"),
                ("SEQUENCE OWNED BY", "public", "app_pages_id_seq"),
                (
                    "CONSTRAINT",
                    "public",
                    "app_pages app_pages_domain_id_path_key"
                ),
                ("ACL", "public", "COLUMN asset_types.id"),
                ("DEFAULT ACL", "public", "DEFAULT PRIVILEGES FOR SEQUENCES"),
            ]
        );
        assert_eq!(unknown, ["9; 1 2 WEIRD THING public x postgres"]);
        assert_eq!(
            owner_key(&entries[4]).as_deref(),
            Some("relation public.asset_types")
        );
    }
}
