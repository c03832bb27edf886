//! The database rows of the bad-input matrix: `refscan migrate` given a bad URL, a server that
//! refuses the connection, a wrong password, a server or session that goes away in the middle
//! of an apply (or at its COMMIT), a missing table, a new name already taken, a role without
//! privileges and a server older than PostgreSQL 15. Each must say what was wrong with which
//! input (password hidden) and what to do, exit 2, and leave the database exactly as it was:
//! catalog snapshot, row checksums and tracking rows compared before and after.

mod migrate_common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{sleep, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use migrate_common::cluster::Cluster;
use migrate_common::*;
use postgres::{Client, NoTls};
use refscan::migrate::db::redact;

/// A password that must never appear in any output.
const SECRET: &str = "Sup3rSecretPw";

fn rules() -> PathBuf {
    testdata("small_rules.toml")
}

/// `refscan --rules small_rules.toml migrate <cmd> <args> --database-url URL --yes`.
fn migrate_at(url: &str, cmd: &str, args: &[&str]) -> Run {
    let rules = rules().to_string_lossy().into_owned();
    let mut all = vec!["--rules", rules.as_str(), "migrate", cmd];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database-url", url, "--yes"]);
    refscan(&all)
}

fn spawn_migrate(url: &str, cmd: &'static str, args: &[&str]) -> JoinHandle<Run> {
    let url = url.to_string();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        migrate_at(&url, cmd, &args)
    })
}

/// `url` with its user info replaced.
fn with_credentials(url: &str, user: &str, password: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let host = rest.rfind('@').map_or(rest, |i| &rest[i + 1..]);
    format!("{scheme}://{user}:{password}@{host}")
}

/// `url` with `password` for its own user.
fn with_password(url: &str, password: &str) -> String {
    let config: postgres::Config = url.parse().expect("a URL");
    with_credentials(url, config.get_user().unwrap_or("postgres"), password)
}

#[track_caller]
fn assert_has(run: &Run, needle: &str) {
    assert!(
        run.stderr.contains(needle) || run.stdout.contains(needle),
        "missing {needle:?} in\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
}

#[track_caller]
fn assert_hidden(run: &Run, secret: &str) {
    assert!(
        !run.stderr.contains(secret) && !run.stdout.contains(secret),
        "the password shows:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

/// What "nothing half-done" compares: the catalog snapshot, a checksum of every table's rows
/// (the tracking table's included) and the tracking rows.
#[derive(Debug, PartialEq)]
struct State {
    catalog: Vec<String>,
    data: Vec<(String, (String, String))>,
    tracking: Vec<String>,
}

fn state(c: &mut Client) -> State {
    let tables: Vec<String> = rows(
        c,
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
            AND relkind IN ('r', 'p') ORDER BY 1",
    )
    .into_iter()
    .filter_map(|r| r[0].clone())
    .collect();
    let data = tables.iter().map(|t| (t.clone(), checksum(c, t))).collect();
    let tracking = if tables.iter().any(|t| t == "sys_table_migrations") {
        rows(
            c,
            "SELECT concat_ws(' ', old_name, new_name, phase, status) FROM sys_table_migrations ORDER BY id",
        )
        .into_iter()
        .filter_map(|r| r[0].clone())
        .collect()
    } else {
        Vec::new()
    };
    State {
        catalog: snapshot(c),
        data,
        tracking,
    }
}

#[track_caller]
fn assert_unchanged(before: &State, after: &State) {
    assert_same(&before.catalog, &after.catalog);
    assert_eq!(before.data, after.data, "table contents differ");
    assert_eq!(before.tracking, after.tracking, "tracking rows differ");
}

/// A database with the small fixture and the tracking table.
fn setup() -> TestDb {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    migrate(&rules(), &db, "init", &[]).ok();
    db
}

/// Waits until refscan's session in the current database waits on a lock, and returns the
/// statement it waits in.
fn wait_until_blocked(c: &mut Client) -> String {
    let started = Instant::now();
    loop {
        let r = rows(
            c,
            "SELECT query FROM pg_stat_activity WHERE datname = current_database()
                AND application_name = 'refscan' AND wait_event_type = 'Lock'",
        );
        if let Some(q) = r.into_iter().next().and_then(|r| r[0].clone()) {
            return q;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "refscan never blocked on the lock"
        );
        sleep(Duration::from_millis(50));
    }
}

fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{nanos}", std::process::id())
}

#[test]
fn bad_urls_are_named_with_the_password_hidden() {
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            format!("mysql://app:{SECRET}@db.example.com/shop"),
            vec![
                "error: the database URL mysql://app:***@db.example.com/shop is not a PostgreSQL URL: it starts with mysql://".into(),
                "hint: write it as postgres://user:password@host:5432/dbname?sslmode=require".into(),
            ],
        ),
        (
            format!("postgres://app:{SECRET}@127.0.0.1:99999/shop"),
            vec!["error: cannot read the database URL postgres://app:***@127.0.0.1:99999/shop: invalid connection string: invalid value for option `port`".into()],
        ),
        (
            format!("postgres://app:{SECRET}@127.0.0.1/shop?sslmod=require"),
            vec!["error: cannot read the database URL postgres://app:***@127.0.0.1/shop?sslmod=***: invalid connection string: unknown option `sslmod`".into()],
        ),
        (
            format!("postgres://app:{SECRET}@127.0.0.1/shop?sslmode=required"),
            vec![
                "error: unknown sslmode `required` in the database URL postgres://app:***@127.0.0.1/shop?sslmode=required".into(),
                "hint: use disable, prefer, require, verify-ca or verify-full".into(),
            ],
        ),
        (
            format!("postgres://app:{SECRET}@127.0.0.1/shop?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem"),
            vec![
                "error: cannot read sslrootcert /nonexistent/ca.pem of postgres://app:***@127.0.0.1/shop?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem".into(),
                "hint: sslrootcert names the PEM file".into(),
            ],
        ),
        (
            format!("host=127.0.0.1 user=app password='{SECRET} x"),
            vec!["error: cannot read the database URL host=127.0.0.1 user=app password=***: invalid connection string: unterminated quoted connection parameter value".into()],
        ),
        (
            "  ".into(),
            vec![
                "error: no database given".into(),
                "hint: pass --database-url postgres://user:password@host:5432/db, or set DATABASE_URL, or libpq's PGHOST, PGPORT, PGUSER, PGDATABASE".into(),
            ],
        ),
    ];
    for (url, expected) in &cases {
        let run = migrate_at(url, "apply", &["--phase", "2"]).fails();
        for e in expected {
            assert_has(&run, e);
        }
        assert_hidden(&run, SECRET);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
}

#[test]
fn bug_password_after_an_unencoded_slash_or_question_mark_was_shown() {
    // The driver reads the user info up to the first `@` wherever it is, so these URLs reach
    // the server; the redaction stopped at the first `/` or `?` and printed the rest.
    for password in [format!("pa/{SECRET}"), format!("pa?{SECRET}")] {
        let url = format!(
            "postgres://refscan_no_such_role:{password}@127.0.0.1:5432/refscan_no_such_db?sslmode=disable"
        );
        let run = migrate_at(&url, "status", &[]).fails();
        assert_has(&run, "cannot connect to postgres://refscan_no_such_role:***@127.0.0.1:5432/refscan_no_such_db?sslmode=disable");
        assert_hidden(&run, SECRET);
    }
}

#[test]
fn bug_quoted_key_value_password_was_half_shown() {
    // Split on whitespace, `password='Sup3r SecretPw'` printed as `password=*** SecretPw'`.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let conn = format!(
        "host=127.0.0.1 port={port} user=app password='Sup3r {SECRET}' dbname=shop sslmode=disable"
    );
    let run = migrate_at(&conn, "status", &[]).fails();
    assert_has(
        &run,
        &format!("cannot connect to host=127.0.0.1 port={port} user=app password=*** dbname=shop sslmode=disable: "),
    );
    assert_hidden(&run, SECRET);
}

#[test]
fn a_refused_connection_names_host_and_port() {
    // A port just released: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let url =
        format!("postgres://postgres:{SECRET}@127.0.0.1:{port}/refscan_nowhere?sslmode=disable");
    let run = migrate_at(&url, "apply", &["--phase", "2"]).fails();
    assert_has(
        &run,
        &format!("error: cannot connect to postgres://postgres:***@127.0.0.1:{port}/refscan_nowhere?sslmode=disable: error connecting to server: Connection refused"),
    );
    assert_has(
        &run,
        &format!("hint: nothing accepts connections at 127.0.0.1:{port}: check the host and port in the URL, and that PostgreSQL is running and listening there"),
    );
    assert_hidden(&run, SECRET);
}

#[test]
fn wrong_role_or_database_on_the_test_server_and_what_a_wrong_password_does_there() {
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    let before = state(&mut db.client());

    // The machine's server trusts 127.0.0.1 (pg_hba.conf `trust`): it never asks for a
    // password, so a wrong one cannot be noticed. Whatever this server does with one, refscan
    // does the same and never shows it.
    let wrong = with_password(&db.url, SECRET);
    let trusted = Client::connect(&wrong, NoTls).is_ok();
    let run = migrate_at(&wrong, "status", &[]);
    assert_hidden(&run, SECRET);
    if trusted {
        assert_eq!(run.code, 0, "{run:#?}");
        assert_has(&run, &redact(&wrong));
    } else {
        assert_eq!(run.code, 2, "{run:#?}");
        assert_has(&run, "hint: the server rejected the password of role");
    }

    // A role that does not exist is refused by every server.
    let url = with_credentials(&db.url, "refscan_no_such_role", SECRET);
    let run = migrate_at(&url, "apply", &["--phase", "2"]).fails();
    assert_has(
        &run,
        "error: cannot connect to postgres://refscan_no_such_role:***@",
    );
    assert_has(
        &run,
        "role \"refscan_no_such_role\" does not exist (SQLSTATE 28000)",
    );
    assert_has(
        &run,
        "hint: check the user name in the URL (refscan_no_such_role): the role must exist, may log in",
    );
    assert_hidden(&run, SECRET);

    // So is a database that does not exist.
    let missing = unique("refscan_no_such_db");
    let url = wrong.replace(&db.name, &missing);
    let run = migrate_at(&url, "apply", &["--phase", "2"]).fails();
    assert_has(
        &run,
        &format!("database \"{missing}\" does not exist (SQLSTATE 3D000)"),
    );
    assert_has(
        &run,
        &format!("hint: the server has no database {missing}: check the name after the last / in the URL"),
    );
    assert_hidden(&run, SECRET);
    assert_unchanged(&before, &state(&mut db.client()));
}

#[test]
fn a_password_server_refuses_wrong_passwords_and_survives_a_shutdown_mid_apply() {
    // One private server for both rows: initdb is the slow part. Passwords first, then the
    // shutdown, on the same database.
    let pg = Cluster::start();
    pg.database("refscan_pw", &["supabase_base.sql", "small_fixture.sql"]);
    let before = state(&mut pg.client("refscan_pw"));
    let port = pg.port;

    let run = migrate_at(
        &pg.url("postgres", Some(SECRET), "refscan_pw"),
        "apply",
        &["--phase", "2"],
    )
    .fails();
    assert_has(
        &run,
        &format!("error: cannot connect to postgres://postgres:***@127.0.0.1:{port}/refscan_pw?sslmode=disable: password authentication failed for user \"postgres\" (SQLSTATE 28P01)"),
    );
    assert_has(
        &run,
        "hint: the server rejected the password of role postgres: check it (in a URL, percent-encode @ : / ? # % in the password",
    );
    assert_hidden(&run, SECRET);

    let run = migrate_at(
        &pg.url("postgres", None, "refscan_pw"),
        "apply",
        &["--phase", "2"],
    )
    .fails();
    assert_has(&run, "password missing");
    assert_has(
        &run,
        &format!("hint: the server asks role postgres for a password and the URL has none: write postgres://postgres:PASSWORD@127.0.0.1:{port}/..."),
    );

    // The hint's advice works: a password with URL delimiters, percent-encoded.
    pg.client("refscan_pw")
        .batch_execute("CREATE ROLE refscan_enc LOGIN PASSWORD 'p@ss:w/rd?#1'")
        .unwrap();
    let run = migrate_at(
        &pg.url("refscan_enc", Some("p%40ss%3Aw%2Frd%3F%231"), "refscan_pw"),
        "status",
        &[],
    )
    .ok();
    assert_has(&run, "postgres://refscan_enc:***@127.0.0.1:");
    assert_hidden(&run, "p%40ss");
    pg.client("refscan_pw")
        .batch_execute("DROP ROLE refscan_enc")
        .unwrap();
    assert_unchanged(&before, &state(&mut pg.client("refscan_pw")));

    // A fast shutdown (what stopping the service does) while apply is blocked mid-phase.
    let url = pg.admin_url("refscan_pw");
    migrate_at(&url, "init", &[]).ok();
    let before = state(&mut pg.client("refscan_pw"));

    // Another session holds c_b, the last table phase 2 renames: apply blocks there with three
    // renames done inside its transaction.
    let mut holder = pg.client("refscan_pw");
    holder
        .batch_execute("BEGIN; LOCK TABLE c_b IN ACCESS SHARE MODE;")
        .unwrap();
    let apply = spawn_migrate(
        &url,
        "apply",
        &[
            "--phase",
            "2",
            "--lock-timeout",
            "30s",
            "--lock-retries",
            "0",
        ],
    );
    let waiting = wait_until_blocked(&mut pg.client("refscan_pw"));
    assert_eq!(waiting, "ALTER TABLE \"public\".\"c_b\" RENAME TO \"c_c\";");
    pg.stop_fast();
    let run = apply.join().unwrap().fails();
    assert_has(
        &run,
        &format!("error: lost the connection to postgres://postgres:***@127.0.0.1:{}/refscan_pw?sslmode=disable in the middle of the transaction", pg.port),
    );
    assert_has(
        &run,
        "in statement: ALTER TABLE \"public\".\"c_b\" RENAME TO \"c_c\";",
    );
    assert_has(
        &run,
        "the server rolls back a transaction whose session ends: nothing was changed",
    );
    assert_has(&run, "hint: the server may have restarted");
    assert!(!run.stdout.contains("applied in"), "{}", run.stdout);
    drop(holder);

    pg.start_again();
    assert_unchanged(&before, &state(&mut pg.client("refscan_pw")));
    // Nothing is left that would stand in the way of running it again.
    migrate_at(&url, "apply", &["--phase", "2"]).ok();
    assert_eq!(state(&mut pg.client("refscan_pw")).tracking.len(), 4);
}

#[test]
fn a_session_terminated_in_the_middle_of_an_apply_changes_nothing() {
    let db = setup();
    let before = state(&mut db.client());
    let url = with_password(&db.url, SECRET);
    let mut holder = db.client();
    holder
        .batch_execute("BEGIN; LOCK TABLE c_b IN ACCESS SHARE MODE;")
        .unwrap();
    let apply = spawn_migrate(
        &url,
        "apply",
        &[
            "--phase",
            "2",
            "--lock-timeout",
            "30s",
            "--lock-retries",
            "0",
        ],
    );
    let mut admin = db.client();
    wait_until_blocked(&mut admin);
    let killed = rows(
        &mut admin,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'refscan'",
    );
    assert_eq!(killed, vec![vec![Some("t".to_string())]]);
    let run = apply.join().unwrap().fails();
    assert_has(
        &run,
        &format!(
            "error: lost the connection to {} in the middle of the transaction",
            redact(&url)
        ),
    );
    assert_has(
        &run,
        "in statement: ALTER TABLE \"public\".\"c_b\" RENAME TO \"c_c\";",
    );
    assert_has(&run, "nothing was changed");
    assert_hidden(&run, SECRET);
    holder.batch_execute("COMMIT").unwrap();
    assert_unchanged(&before, &state(&mut db.client()));
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
}

/// The Query message `COMMIT` as the driver sends it.
const COMMIT_MESSAGE: &[u8] = b"Q\0\0\0\x0bCOMMIT\0";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// The COMMIT never reaches the server.
    BeforeCommit,
    /// The server commits, and its answer never reaches refscan.
    AfterCommit,
    /// As `BeforeCommit`, and the relay then closes: refscan cannot reconnect to ask.
    BeforeCommitThenGone,
}

/// A TCP relay to the test server that cuts the first connection through it at its COMMIT;
/// later connections (refscan reconnecting) pass untouched. TLS is off through it, so it can
/// see the message.
struct CommitCutter {
    port: u16,
    tripped: Arc<AtomicBool>,
}

impl CommitCutter {
    fn start(upstream: (String, u16), cut: Cut) -> CommitCutter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let tripped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&tripped);
        std::thread::spawn(move || {
            let mut armed = Some(cut);
            for client in listener.incoming() {
                let Ok(client) = client else { break };
                let Ok(server) = TcpStream::connect((upstream.0.as_str(), upstream.1)) else {
                    break;
                };
                relay(client, server, armed.take(), Arc::clone(&flag));
                if cut == Cut::BeforeCommitThenGone {
                    break;
                }
            }
        });
        CommitCutter { port, tripped }
    }

    fn tripped(&self) -> bool {
        self.tripped.load(Ordering::SeqCst)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn relay(client: TcpStream, server: TcpStream, cut: Option<Cut>, tripped: Arc<AtomicBool>) {
    let answer_cut = Arc::new(AtomicBool::new(false));
    let (mut from, mut to) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let (flag, cut_answer) = (Arc::clone(&tripped), Arc::clone(&answer_cut));
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let chunk = &buf[..n];
            // The driver writes each query in one piece, so the message is never split.
            if let (Some(cut), Some(at)) = (cut, find(chunk, COMMIT_MESSAGE)) {
                if !flag.swap(true, Ordering::SeqCst) {
                    if cut != Cut::AfterCommit {
                        let _ = to.write_all(&chunk[..at]);
                        let _ = to.shutdown(Shutdown::Both);
                        let _ = from.shutdown(Shutdown::Both);
                        return;
                    }
                    // Set before the COMMIT goes out: whatever the server says next is its
                    // answer to it.
                    cut_answer.store(true, Ordering::SeqCst);
                }
            }
            if to.write_all(chunk).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
    let (mut from, mut to) = (server, client);
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if answer_cut.load(Ordering::SeqCst) {
                // The server has committed; refscan never hears it.
                let _ = to.shutdown(Shutdown::Both);
                let _ = from.shutdown(Shutdown::Both);
                return;
            }
            if to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}

/// The test server's address and a URL to `db` through a relay at `port`.
fn through(db: &TestDb, port: u16) -> ((String, u16), String) {
    let config: postgres::Config = db.url.parse().unwrap();
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "127.0.0.1".to_string(),
    };
    let upstream_port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("postgres").to_string();
    let auth = match config.get_password() {
        Some(p) => format!("{user}:{}", String::from_utf8_lossy(p)),
        None => user,
    };
    (
        (host, upstream_port),
        format!(
            "postgres://{auth}@127.0.0.1:{port}/{}?sslmode=disable",
            db.name
        ),
    )
}

#[test]
fn bug_connection_lost_at_commit_was_called_a_rollback() {
    // A connection lost at COMMIT used to be reported as "the transaction was rolled back;
    // nothing was changed", a guess that is wrong when the server committed. refscan now asks
    // the server (pg_xact_status of the transaction id it read before COMMIT).
    let db = setup();
    let before = state(&mut db.client());
    let (upstream, _) = through(&db, 0);

    let relay = CommitCutter::start(upstream.clone(), Cut::BeforeCommit);
    let (_, url) = through(&db, relay.port);
    let run = migrate_at(&url, "apply", &["--phase", "2"]).fails();
    assert!(relay.tripped(), "the COMMIT never passed the relay");
    assert_has(
        &run,
        &format!("error: the connection to {} was lost at COMMIT (connection closed); reconnected: the server rolled transaction ", redact(&url)),
    );
    assert_has(&run, " back, so nothing was changed");
    assert_has(&run, "hint: the server may have restarted");
    assert_unchanged(&before, &state(&mut db.client()));

    // When the server cannot be asked, refscan says it does not know, and how to find out.
    let relay = CommitCutter::start(upstream.clone(), Cut::BeforeCommitThenGone);
    let (_, url) = through(&db, relay.port);
    let run = migrate_at(&url, "apply", &["--phase", "2"]).fails();
    assert!(relay.tripped(), "the COMMIT never passed the relay");
    assert_has(
        &run,
        &format!("error: the connection to {0} was lost at COMMIT (connection closed), and refscan could not learn whether transaction ", redact(&url)),
    );
    assert_has(
        &run,
        &format!(
            " committed: cannot connect to {}: error connecting to server: Connection refused",
            redact(&url)
        ),
    );
    assert_has(&run, "hint: once the server is reachable, refscan migrate status shows what is applied (or ask the server: SELECT pg_xact_status('");
    assert_unchanged(&before, &state(&mut db.client()));

    let relay = CommitCutter::start(upstream, Cut::AfterCommit);
    let (_, url) = through(&db, relay.port);
    let run = migrate_at(&url, "apply", &["--phase", "2"]).ok();
    assert!(relay.tripped(), "the COMMIT never passed the relay");
    assert_has(
        &run,
        "was lost at COMMIT (connection closed); reconnected: the server committed transaction ",
    );
    assert_has(&run, "phase 2 applied in");
    assert_eq!(
        tracking(&db),
        [
            "t_a | t_b | 2 | migrated | t",
            "t_b | t_c | 2 | migrated | f",
            "notes | t_notes | 2 | migrated | t",
            "c_b | c_c | 2 | migrated | t",
        ]
    );
}

#[test]
fn a_missing_table_is_named_and_nothing_changes() {
    let db = setup();
    // Renamed out of the way rather than dropped, to bring it back below.
    db.exec("ALTER TABLE c_b RENAME TO c_b_away");
    let before = state(&mut db.client());
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).fails();
    assert_has(
        &run,
        &format!("error: phase 2 cannot be applied to {}:\n  - table public.c_b does not exist\n  hint: fix the database or the rules so that every old name is a table and every new name is free; nothing was changed", redact(&db.url)),
    );
    assert_unchanged(&before, &state(&mut db.client()));

    // The other way: a renamed table gone before its rollback.
    db.exec("ALTER TABLE c_b_away RENAME TO c_b");
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    db.exec("DROP TABLE t_notes CASCADE");
    let before = state(&mut db.client());
    let run = migrate(&rules(), &db, "rollback", &["--phase", "2"]).fails();
    assert_has(&run, "phase 2 cannot be rolled back on postgres://");
    assert_has(&run, "  - table public.t_notes does not exist");
    assert_has(
        &run,
        "hint: the database no longer matches the tracking table; nothing was changed",
    );
    assert_unchanged(&before, &state(&mut db.client()));
}

#[test]
fn a_new_name_already_taken_is_named_with_what_holds_it() {
    let db = setup();
    db.exec("CREATE VIEW t_notes AS SELECT 1 AS x; CREATE TYPE c_c AS ENUM ('a');");
    let before = state(&mut db.client());
    let run = migrate(&rules(), &db, "apply", &["--phase", "2"]).fails();
    assert_has(&run, "phase 2 cannot be applied to postgres://");
    assert_has(
        &run,
        "  - the new name public.t_notes is already taken by a view\n  - the new name public.c_c is already taken by a type\n",
    );
    assert_has(&run, "hint: fix the database or the rules");
    assert_unchanged(&before, &state(&mut db.client()));
}

/// A login role with a password, dropped on drop (roles are cluster-wide). Declare it before
/// the test database, so the database (holding its grants) goes first.
struct TestRole {
    name: String,
    password: String,
}

impl TestRole {
    fn new() -> TestRole {
        let name = unique("refscan_np");
        let password = format!("NoPriv{}Pw", std::process::id());
        admin_client()
            .batch_execute(&format!(
                "CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'"
            ))
            .unwrap();
        TestRole { name, password }
    }
}

impl Drop for TestRole {
    fn drop(&mut self) {
        let _ = admin_client().batch_execute(&format!("DROP ROLE IF EXISTS \"{}\"", self.name));
    }
}

fn admin_client() -> Client {
    let (main, query) = base_url();
    Client::connect(&format!("{main}/template1{query}"), NoTls).expect("connect to template1")
}

#[test]
fn bug_role_without_privileges_got_no_role_or_hint() {
    // A role that may not alter the tables got the server's bare "must be owner of table t_b"
    // under "the transaction was rolled back": no role named, nothing to do. Now every
    // missing privilege is listed before the transaction, with the role and the way out.
    let role = TestRole::new();
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    let url = with_credentials(&db.url, &role.name, &role.password);
    let shown = redact(&url);
    assert!(shown.contains(&format!("{}:***@", role.name)), "{shown}");
    let way_out = format!(
        "hint: connect as the role that owns the tables (on Supabase: postgres), or have an owner grant {} what is missing",
        role.name
    );

    let before = state(&mut db.client());
    let run = migrate_at(&url, "init", &[]).fails();
    assert_has(
        &run,
        &format!("error: role {} lacks a privilege on {shown}: permission denied for schema public (SQLSTATE 42501)", role.name),
    );
    assert_has(&run, "the transaction was rolled back; nothing was changed");
    assert_has(&run, &way_out);
    assert_hidden(&run, &role.password);
    assert_unchanged(&before, &state(&mut db.client()));

    migrate(&rules(), &db, "init", &[]).ok();
    let before = state(&mut db.client());
    let run = migrate_at(&url, "apply", &["--phase", "2"]).fails();
    assert_has(
        &run,
        &format!("error: role {} lacks a privilege on {shown}: permission denied for table sys_table_migrations (SQLSTATE 42501)", role.name),
    );
    assert_has(&run, &way_out);
    assert_unchanged(&before, &state(&mut db.client()));

    // Readable and writable tracking rows (BYPASSRLS: the table hides its rows from others),
    // and still no table of its own.
    db.exec(&format!(
        "GRANT SELECT, INSERT ON sys_table_migrations TO \"{0}\"; ALTER ROLE \"{0}\" BYPASSRLS;",
        role.name
    ));
    let before = state(&mut db.client());
    let run = migrate_at(&url, "apply", &["--phase", "2"]).fails();
    let r = &role.name;
    assert_has(
        &run,
        &format!(
            "error: phase 2 cannot be applied to {shown}:
  - role {r} does not own the table public.t_a (its owner is postgres), and only an owner may rename or drop it
  - role {r} does not own the table public.t_b (its owner is postgres), and only an owner may rename or drop it
  - role {r} does not own the table public.notes (its owner is postgres), and only an owner may rename or drop it
  - role {r} does not own the table public.c_b (its owner is postgres), and only an owner may rename or drop it
  - role {r} may not create in schema public, and the compatibility views are created there
  - role {r} lacks UPDATE on public.sys_table_migrations, where every move is recorded
  {way_out}"
        ),
    );
    assert_unchanged(&before, &state(&mut db.client()));

    // Rolling back needs the same, and UPDATE on the tracking table.
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    let before = state(&mut db.client());
    let run = migrate_at(&url, "rollback", &["--phase", "2"]).fails();
    assert_has(
        &run,
        &format!("error: phase 2 cannot be rolled back on {shown}:"),
    );
    assert_has(
        &run,
        &format!("  - role {r} does not own the table public.t_notes (its owner is postgres)"),
    );
    assert_has(
        &run,
        &format!("  - role {r} does not own the view public.notes (its owner is postgres)"),
    );
    assert_has(
        &run,
        &format!("  - role {r} lacks UPDATE on public.sys_table_migrations, where every move is recorded"),
    );
    assert_unchanged(&before, &state(&mut db.client()));
}

#[test]
fn servers_older_than_15_are_refused_at_the_version_check() {
    // No older server runs here. The query is real: Db::connect reads server_version_num from
    // the test server and passes it through parse_server_version and check_version; here the
    // answer an older server gives replaces the real one at that boundary.
    use refscan::error::{render, UserError};
    use refscan::migrate::db::{check_version, parse_server_version, Db};

    // Only a read: template1 serves, as it does for creating the test databases.
    let (main, query) = base_url();
    let url = with_password(&format!("{main}/template1{query}"), SECRET);
    let mut conn = Db::connect(&url).unwrap();
    let real = conn
        .value("SELECT current_setting('server_version_num')")
        .unwrap();
    let version = parse_server_version(real.as_deref()).unwrap();
    assert!(version >= 150000, "{version}");
    check_version(version, &conn.display).unwrap();
    assert_eq!(conn.server_version().unwrap(), version);

    for (answer, human) in [("140011", "14.11"), ("130000", "13.0"), ("90624", "9.6.24")] {
        let err =
            check_version(parse_server_version(Some(answer)).unwrap(), &conn.display).unwrap_err();
        // A UserError: the binary prints it with its hint and exits 2.
        assert!(err.downcast_ref::<UserError>().is_some());
        let text = render(&err);
        assert_eq!(
            text,
            format!(
                "error: {} runs PostgreSQL {human}; refscan needs PostgreSQL 15 or later\n  hint: compatibility views are created WITH (security_invoker = true), which PostgreSQL 15 introduced; without it a view would bypass row-level security",
                redact(&url)
            )
        );
    }
    let err = parse_server_version(Some("")).unwrap_err();
    assert!(render(&err).contains("no usable server_version_num"));
}

#[test]
fn bug_role_kept_from_tracking_rows_by_rls_was_told_nothing_to_roll_back() {
    // The tracking table has row-level security and no policy. A role that may read it but is
    // subject to RLS saw no rows: rollback said "phase 2 is not applied; nothing to roll back"
    // and exited 0 on a database where phase 2 was applied, and status showed every table
    // pending.
    let role = TestRole::new();
    let db = setup();
    migrate(&rules(), &db, "apply", &["--phase", "2"]).ok();
    db.exec(&format!(
        "GRANT SELECT, UPDATE ON sys_table_migrations TO \"{}\"",
        role.name
    ));
    let url = with_credentials(&db.url, &role.name, &role.password);
    let before = state(&mut db.client());
    let expected = format!(
        "error: role {} cannot read the rows of public.sys_table_migrations on {}: row-level security hides them from every role but the table's owner and roles with BYPASSRLS",
        role.name,
        redact(&url)
    );
    for (cmd, args) in [
        ("rollback", &["--phase", "2"][..]),
        ("status", &[][..]),
        ("apply", &["--phase", "3"][..]),
    ] {
        let run = migrate_at(&url, cmd, args).fails();
        assert_has(&run, &expected);
        assert_has(
            &run,
            "hint: connect as the role that owns the tables (on Supabase: postgres)",
        );
        assert!(
            !run.stdout.contains("nothing to roll back"),
            "{}",
            run.stdout
        );
        assert_hidden(&run, &role.password);
    }
    assert_unchanged(&before, &state(&mut db.client()));
}

#[test]
fn zero_lock_timeout_meant_wait_forever() {
    // See: issue 12 item 19
    // PostgreSQL reads a timeout of 0 as none: `--lock-timeout 0` made every rename wait
    // without end behind a busy table, holding the locks taken so far.
    let db = setup();
    let before = state(&mut db.client());
    for flag in ["--lock-timeout", "--statement-timeout"] {
        for zero in ["0", "0s", "0ms"] {
            let run = migrate(&rules(), &db, "apply", &["--phase", "2", flag, zero]).fails();
            assert_has(
                &run,
                &format!("invalid value '{zero}' for '{flag} <DURATION>': `{zero}` would turn the timeout off: PostgreSQL reads 0 as wait forever; give a positive duration such as 5s or 1min"),
            );
            let plan = refscan(&["migrate", "plan", "--phase", "2", flag, zero]).fails();
            assert!(plan.stdout.is_empty(), "{}", plan.stdout);
            assert_has(&plan, "PostgreSQL reads 0 as wait forever");
        }
    }
    assert_unchanged(&before, &state(&mut db.client()));
}

#[test]
fn bug_malformed_url_echoed_the_password() {
    // See: issue 12 item 20
    // A URL without `@` (`postgres://u:PW/db`: the driver reads PW as the port), a password
    // parameter spelled another way (percent-encoded key, upper case, mistyped), a key/value
    // string without `=` and a password cut by an unencoded `@` in a parameter were printed as
    // given, password and all, or showed a piece of it as the host in the hint.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let pieces = ["Sup3r", "ecretPw"];
    let urls = [
        format!("postgres://app:{SECRET}/shop"),
        format!("postgres://app:{SECRET}"),
        format!("postgres://app:{SECRET}@"),
        format!("postgres://app:{SECRET},h2:5432/shop"),
        format!("postgres://app:{SECRET}@127.0.0.1:bad/shop"),
        format!("postgres://app:{SECRET}@[::1/shop"),
        "postgres://app:Sup3r%53ecretPw/shop".to_string(),
        "postgres://app:Sup3r%zzSecretPw/shop".to_string(),
        format!("postgres://app:%53up3rSecretPw@127.0.0.1:{port}/shop?sslmode=disable"),
        format!("postgres://app@127.0.0.1:{port}/shop?password={SECRET}&bogus=1"),
        format!("postgres://app@127.0.0.1:{port}/shop?pass%77ord={SECRET}&bogus=1"),
        format!("postgres://app@127.0.0.1:{port}/shop?PASSWORD={SECRET}"),
        format!("postgres://app@127.0.0.1:{port}/shop?pasword={SECRET}"),
        format!("postgres://app@127.0.0.1:{port}/shop?{SECRET}"),
        "postgres://app@127.0.0.1/shop?password=Sup3r%2FSecretPw&sslmode=bogus".to_string(),
        format!("postgres://127.0.0.1:{port}/shop?password=Sup3r@SecretPw"),
        format!("host=127.0.0.1 port={port} password {SECRET}"),
        format!("host=127.0.0.1 port={port} pasword={SECRET}"),
        format!("host=127.0.0.1 port={port} PASSWORD='{SECRET}'"),
        format!("host=127.0.0.1 port={port} password={SECRET} bogus=1"),
        format!("host=127.0.0.1 port={port} password=Sup3r\\ SecretPw bogus"),
    ];
    let r = rules().to_string_lossy().into_owned();
    for url in &urls {
        let runs = [
            migrate_at(url, "status", &[]),
            migrate_at(url, "apply", &["--phase", "2"]),
            refscan(&[
                "--rules",
                &r,
                "backup",
                "--group",
                "t_",
                "--print",
                "--database-url",
                url,
            ]),
            refscan(&["--rules", &r, "lint", "--database-url", url]),
        ];
        for run in runs {
            assert_eq!(run.code, 2, "{url}: {run:#?}");
            for p in pieces {
                assert_hidden(&run, p);
            }
            assert_hidden(&run, "%53");
        }
    }
}

#[test]
fn bug_a_deadlock_was_not_retried() {
    // See: issue 12 item 15
    // The server ends one transaction of a deadlock with SQLSTATE 40P01. refscan gave up at
    // once where it retries a lock timeout (55P03).
    let db = setup();
    let mut holder = db.client();
    holder
        .batch_execute("BEGIN; LOCK TABLE c_b IN ACCESS SHARE MODE;")
        .unwrap();
    let apply = spawn_migrate(&db.url, "apply", &["--phase", "2", "--lock-timeout", "30s"]);
    let mut admin = db.client();
    // apply now holds t_b, t_a and notes and waits for c_b; the holder then waits for notes.
    // apply waited first, so its deadlock check (after deadlock_timeout) finds the cycle and
    // the server ends apply's transaction.
    wait_until_blocked(&mut admin);
    let reader = std::thread::spawn(move || {
        holder.batch_execute("SELECT count(*) FROM notes").unwrap();
        sleep(Duration::from_millis(1500));
        holder.batch_execute("COMMIT").unwrap();
    });
    let run = apply.join().unwrap().ok();
    reader.join().unwrap();
    assert_has(
        &run,
        "deadlock with another session (could not lock public.c_b); the server ended this try; retrying in 500 ms (attempt 2 of 4)",
    );
    assert_has(&run, "phase 2 applied in");
    assert_eq!(state(&mut db.client()).tracking.len(), 4);
}

/// Starts `refscan migrate apply --phase 2` on `db` without waiting for it.
fn start_apply(db: &TestDb, lock_timeout: &str) -> std::process::Child {
    let rules = rules().to_string_lossy().into_owned();
    std::process::Command::new(env!("CARGO_BIN_EXE_refscan"))
        .args([
            "--rules",
            &rules,
            "migrate",
            "apply",
            "--phase",
            "2",
            "--lock-timeout",
            lock_timeout,
            "--database-url",
            &db.url,
            "--yes",
        ])
        .env_remove("DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start refscan")
}

/// Waits for a child to end, at most `limit`; its outcome and how long it took.
fn finish(mut child: std::process::Child, limit: Duration) -> (Run, Duration) {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("refscan did not end within {limit:?}");
        }
        sleep(Duration::from_millis(20));
    }
    let took = started.elapsed();
    let out = child.wait_with_output().unwrap();
    (
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        },
        took,
    )
}

/// The locks a backend holds, as `mode on relation` lines.
fn locks_of(c: &mut Client, pid: &str) -> Vec<String> {
    rows(
        c,
        &format!(
            "SELECT l.mode || ' on ' || COALESCE(l.relation::regclass::text, l.locktype)
               FROM pg_locks l WHERE l.pid = {pid} AND l.locktype <> 'virtualxid' ORDER BY 1"
        ),
    )
    .into_iter()
    .filter_map(|r| r[0].clone())
    .collect()
}

/// Waits until backend `pid` holds no lock, at most `limit`; the locks left otherwise.
fn locks_gone(c: &mut Client, pid: &str, limit: Duration) -> Vec<String> {
    let started = Instant::now();
    loop {
        let held = locks_of(c, pid);
        if held.is_empty() || started.elapsed() > limit {
            return held;
        }
        sleep(Duration::from_millis(50));
    }
}

#[test]
fn bug_interrupted_apply_kept_its_locks_until_the_lock_timeout() {
    // See: issue 12 item 16
    // Ctrl-C or SIGTERM ended refscan at once; its server session went on waiting for the
    // lock, holding the ACCESS EXCLUSIVE locks of the tables it had renamed, until the lock
    // timeout (here a minute): the whole application stalled on them.
    let db = setup();
    let before = state(&mut db.client());
    let mut admin = db.client();
    for signal in ["INT", "TERM"] {
        let mut holder = db.client();
        holder
            .batch_execute("BEGIN; LOCK TABLE c_b IN ACCESS SHARE MODE;")
            .unwrap();
        let child = start_apply(&db, "60s");
        wait_until_blocked(&mut admin);
        let pid = rows(
            &mut admin,
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
                AND application_name = 'refscan' AND wait_event_type = 'Lock'",
        )[0][0]
            .clone()
            .unwrap();
        let held = locks_of(&mut admin, &pid);
        assert!(
            held.iter().any(|l| l == "AccessExclusiveLock on notes"),
            "{held:?}"
        );
        let ok = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let (run, took) = finish(child, Duration::from_secs(20));
        assert!(took < Duration::from_secs(15), "SIG{signal}: took {took:?}");
        assert_eq!(run.code, 2, "SIG{signal}: {run:#?}");
        assert_has(
            &run,
            "error: interrupted: the transaction was rolled back; nothing was changed",
        );
        let left = locks_gone(&mut admin, &pid, Duration::from_secs(5));
        assert!(
            left.is_empty(),
            "SIG{signal}: backend {pid} still holds {left:?}"
        );
        holder.batch_execute("COMMIT").unwrap();
        assert_unchanged(&before, &state(&mut db.client()));
    }
}

#[test]
fn sigkill_of_the_client_leaves_no_lock_behind() {
    // See: issue 12 item 16
    // SIGKILL cannot be caught: the kernel closes refscan's connection. The server notices
    // within client_connection_check_interval (SET LOCAL by every script) even while the
    // statement waits on a lock, and rolls back; before, the locks stayed until lock_timeout.
    let db = setup();
    let before = state(&mut db.client());
    let mut admin = db.client();
    let mut holder = db.client();
    holder
        .batch_execute("BEGIN; LOCK TABLE c_b IN ACCESS SHARE MODE;")
        .unwrap();
    let mut child = start_apply(&db, "60s");
    wait_until_blocked(&mut admin);
    let pid = rows(
        &mut admin,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
            AND application_name = 'refscan' AND wait_event_type = 'Lock'",
    )[0][0]
        .clone()
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let killed = Instant::now();
    let left = locks_gone(&mut admin, &pid, Duration::from_secs(10));
    assert!(left.is_empty(), "backend {pid} still holds {left:?}");
    assert!(killed.elapsed() < Duration::from_secs(10));
    holder.batch_execute("COMMIT").unwrap();
    assert_unchanged(&before, &state(&mut db.client()));
}
