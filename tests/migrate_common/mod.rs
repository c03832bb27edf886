//! Shared by the database integration tests: the server to test against (found or started once
//! per test binary), a throwaway database per test (dropped even when the test fails), the
//! fixtures, catalog snapshots and checksums, running the refscan binary and psql, and private
//! servers for what the shared one cannot host.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use postgres::{Client, NoTls, SimpleQueryMessage};

pub mod cluster;
pub mod pgbouncer;

/// The machine's server, used when it takes the `postgres` user without a password.
const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// The server this test binary uses, chosen on first use: `REFSCAN_TEST_PG` when set, else the
/// machine's server on 127.0.0.1:5432 when it accepts `postgres` without a password, else a
/// private server of this binary's own, stopped when the binary exits. A failure is kept, so
/// every test reports the same reason instead of trying again.
fn server() -> &'static str {
    static SERVER: OnceLock<Result<String, String>> = OnceLock::new();
    let found = SERVER.get_or_init(|| {
        if let Ok(url) = std::env::var("REFSCAN_TEST_PG") {
            return Ok(url);
        }
        let probe = format!("{DEFAULT_SERVER}/template1?connect_timeout=3");
        if Client::connect(&probe, NoTls).is_ok() {
            return Ok(DEFAULT_SERVER.to_string());
        }
        std::panic::catch_unwind(cluster::start_for_this_process).map_err(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "starting a private PostgreSQL server failed".into())
        })
    });
    match found {
        Ok(url) => url,
        Err(e) => panic!("{e}"),
    }
}

/// The server to test against, without a database name.
pub fn base_url() -> (String, String) {
    let url = server().to_string();
    let (main, query) = match url.split_once('?') {
        Some((m, q)) => (m.to_string(), format!("?{q}")),
        None => (url, String::new()),
    };
    // Drop a database name the variable may carry: each test names its own.
    let after_scheme = main.find("://").map(|i| i + 3).unwrap_or(0);
    let main = match main[after_scheme..].find('/') {
        Some(i) => main[..after_scheme + i].to_string(),
        None => main,
    };
    (main, query)
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A database of its own for one test, created from template0 and dropped on drop.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

fn admin() -> Client {
    let (main, query) = base_url();
    // template1 is only a place to run CREATE/DROP DATABASE from; the copies come from
    // template0, so concurrent tests never block each other on the template.
    Client::connect(&format!("{main}/template1{query}"), NoTls)
        .unwrap_or_else(|e| {
            panic!("cannot connect to the test server {main} (REFSCAN_TEST_PG, else 127.0.0.1:5432, else a private one): {e}")
        })
}

impl TestDb {
    pub fn new() -> TestDb {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "refscan_t_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            nanos
        );
        assert!(!["postgres", "test", "root", "template0", "template1"].contains(&name.as_str()));
        let mut c = admin();
        c.batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE template0"))
            .expect("create the test database");
        let (main, query) = base_url();
        TestDb {
            url: format!("{main}/{name}{query}"),
            name,
        }
    }

    pub fn client(&self) -> Client {
        Client::connect(&self.url, NoTls).expect("connect to the test database")
    }

    /// Runs SQL (several statements allowed) on a fresh connection.
    pub fn exec(&self, sql: &str) {
        self.client()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{e:?}\nin: {sql}"));
    }

    pub fn rows(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        rows(&mut self.client(), sql)
    }

    pub fn value(&self, sql: &str) -> Option<String> {
        self.rows(sql)
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next().flatten())
    }

    pub fn load(&self, fixture: &str) {
        let text = std::fs::read_to_string(testdata(fixture)).expect("read the fixture");
        self.exec(&text);
    }

    pub fn snapshot(&self) -> Vec<String> {
        snapshot(&mut self.client())
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut c) = std::panic::catch_unwind(admin) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ));
        }
    }
}

pub fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/db")
        .join(name)
}

pub fn rows(c: &mut Client, sql: &str) -> Vec<Vec<Option<String>>> {
    c.simple_query(sql)
        .unwrap_or_else(|e| panic!("{e:?}\nin: {sql}"))
        .into_iter()
        .filter_map(|m| match m {
            SimpleQueryMessage::Row(r) => {
                Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
            }
            _ => None,
        })
        .collect()
}

fn lines(c: &mut Client, sql: &str) -> Vec<String> {
    rows(c, sql)
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|v| v.unwrap_or_else(|| "NULL".into()))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

/// The schema `public` as the tests compare it: relations and their kinds, owners and
/// options, table- and column-level privileges, RLS flags and policies, constraints, indexes,
/// triggers, view definitions, comments, sequence ownership and publication membership.
pub fn snapshot(c: &mut Client) -> Vec<String> {
    let mut out = Vec::new();
    let queries = [
        "SELECT 'relation', c.relname, c.relkind, pg_get_userbyid(c.relowner), c.reloptions::text,
                c.relrowsecurity, c.relforcerowsecurity, obj_description(c.oid, 'pg_class')
           FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace",
        "SELECT 'acl', c.relname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                a.privilege_type, a.is_grantable, pg_get_userbyid(a.grantor)
           FROM pg_class c, aclexplode(COALESCE(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner))) a
          WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
        "SELECT 'column acl', c.relname, t.attname, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                a.privilege_type, a.is_grantable
           FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid, aclexplode(t.attacl) a
          WHERE c.relnamespace = 'public'::regnamespace",
        "SELECT 'column', c.relname, t.attnum, t.attname, format_type(t.atttypid, t.atttypmod), t.attnotnull,
                pg_get_expr(d.adbin, d.adrelid)
           FROM pg_class c JOIN pg_attribute t ON t.attrelid = c.oid AND t.attnum > 0 AND NOT t.attisdropped
           LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = t.attnum
          WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v')",
        "SELECT 'policy', c.relname, p.polname, p.polcmd, p.polpermissive, p.polroles::regrole[]::text,
                pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid)
           FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = 'public'::regnamespace",
        "SELECT 'constraint', c.relname, k.conname, pg_get_constraintdef(k.oid)
           FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE c.relnamespace = 'public'::regnamespace",
        "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
        "SELECT 'trigger', c.relname, g.tgname, g.tgenabled, pg_get_triggerdef(g.oid)
           FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
          WHERE c.relnamespace = 'public'::regnamespace AND NOT g.tgisinternal",
        "SELECT 'view', c.relname, pg_get_viewdef(c.oid)
           FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'v'",
        "SELECT 'sequence owner', s.relname, t.relname, a.attname, d.deptype
           FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
           JOIN pg_class t ON t.oid = d.refobjid
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
          WHERE s.relkind = 'S' AND s.relnamespace = 'public'::regnamespace",
        "SELECT 'publication', p.pubname, c.relname
           FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid JOIN pg_class c ON c.oid = r.prrelid",
        "SELECT 'function', p.oid::regprocedure::text, md5(p.prosrc)
           FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace",
    ];
    for q in queries {
        out.extend(lines(c, q));
    }
    out.sort();
    out
}

/// Row count and an md5 of every row's text, in a stable order.
pub fn checksum(c: &mut Client, table: &str) -> (String, String) {
    let r = rows(
        c,
        &format!(
            "SELECT count(*), md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"public\".\"{table}\" t"
        ),
    );
    (
        r[0][0].clone().unwrap_or_default(),
        r[0][1].clone().unwrap_or_default(),
    )
}

/// The outcome of running the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "refscan failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn fails(self) -> Run {
        assert_eq!(
            self.code, 2,
            "refscan should have failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The variables that say where refscan connects besides its flags: none is inherited by the
/// binary the tests run, unless a test sets it.
pub const CONNECTION_VARS: &[&str] = &[
    "DATABASE_URL",
    "PGHOST",
    "PGHOSTADDR",
    "PGPORT",
    "PGDATABASE",
    "PGUSER",
    "PGPASSWORD",
    "PGPASSFILE",
    "PGSSLMODE",
    "PGSSLROOTCERT",
    "PGAPPNAME",
    "PGCONNECT_TIMEOUT",
    "PGOPTIONS",
    "PGSERVICE",
    "PGSERVICEFILE",
    "PGSYSCONFDIR",
];

/// Runs the refscan binary with stdin closed (no terminal) and no DATABASE_URL or PG*
/// variable inherited.
pub fn refscan(args: &[&str]) -> Run {
    refscan_env(args, &[])
}

/// [`refscan`] with these variables set (`HOME` among them, for ~/.pgpass).
pub fn refscan_env(args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_refscan"));
    cmd.args(args);
    for v in CONNECTION_VARS {
        cmd.env_remove(v);
    }
    let out = cmd
        .envs(vars.iter().copied())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run refscan");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `refscan --rules RULES migrate <cmd> [args] --database-url URL --yes`.
pub fn migrate(rules: &Path, db: &TestDb, cmd: &str, args: &[&str]) -> Run {
    let rules = rules.to_string_lossy().into_owned();
    let mut all = vec!["--rules", rules.as_str(), "migrate", cmd];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database-url", db.url.as_str(), "--yes"]);
    refscan(&all)
}

/// Runs an SQL file with psql as a migration tool would: stop at the first error, and in one
/// transaction (`--single-transaction`) unless the file holds its own `BEGIN;`.
pub fn psql(db: &TestDb, file: &Path) -> Run {
    let framed = std::fs::read_to_string(file)
        .map(|t| t.lines().any(|l| l == "BEGIN;"))
        .unwrap_or(false);
    let mut cmd = Command::new("psql");
    cmd.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &db.url]);
    if !framed {
        cmd.arg("--single-transaction");
    }
    let out = cmd
        .arg("-f")
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .expect("run psql");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Checksums of the given tables, keyed by the name they had when measured.
pub fn checksums(db: &TestDb, tables: &[&str]) -> BTreeMap<String, (String, String)> {
    let mut c = db.client();
    tables
        .iter()
        .map(|t| (t.to_string(), checksum(&mut c, t)))
        .collect()
}

/// The tracking rows as `old new phase status compat_view`, in id order.
pub fn tracking(db: &TestDb) -> Vec<String> {
    lines(
        &mut db.client(),
        "SELECT old_name, new_name, phase, status, compat_view FROM sys_table_migrations ORDER BY id",
    )
}

/// Lines of `a` missing from `b` and the other way round, for readable assertion failures.
pub fn diff(a: &[String], b: &[String]) -> String {
    let only_a: Vec<&String> = a.iter().filter(|l| !b.contains(l)).collect();
    let only_b: Vec<&String> = b.iter().filter(|l| !a.contains(l)).collect();
    format!("only before: {only_a:#?}\nonly after: {only_b:#?}")
}

#[track_caller]
pub fn assert_same(a: &[String], b: &[String]) {
    assert!(a == b, "catalogs differ:\n{}", diff(a, b));
}

/// A database with the Supabase base, the hand-written tables and every other table of the
/// bundled plan generated with a few rows.
pub fn bundled_db() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("bundled_fixture.sql");
    let existing: Vec<String> = db
        .rows("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect();
    let mut sql = String::new();
    for t in &refscan::rules::Rules::bundled().tables {
        if existing.contains(&t.old) {
            continue;
        }
        sql.push_str(&format!(
            "CREATE TABLE \"{0}\" (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text NOT NULL);
             INSERT INTO \"{0}\" (name) VALUES ('{0} 1'), ('{0} 2');\n",
            t.old
        ));
    }
    db.exec(&sql);
    db
}

/// A database with the Supabase base, the small fixture and the tracking table, for a plan
/// over the small fixture's tables (testdata/db/small_rules.toml or a copy of it).
pub fn small_db(rules: &Path) -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    migrate(rules, &db, "init", &[]).ok();
    db
}
