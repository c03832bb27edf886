//! The database connection: URL handling (TLS as `sslmode` asks, the password never shown),
//! simple-protocol queries that work behind transaction poolers, and running a script as one
//! transaction with lock-timeout retries.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use postgres::error::SqlState;
use postgres::{Client, Config, SimpleQueryMessage};

use crate::error::UserError;

use super::conninfo::{self, SslMode};
pub use super::conninfo::{redact, scrub};
use super::libpq::ProcessEnv;
use super::plan::{Script, Target, RAISE_PREFIX};

/// The oldest server refscan migrates: `security_invoker` views need PostgreSQL 15.
pub const MIN_SERVER_VERSION: i32 = 150000;

/// One row of a simple-protocol result: every value as text, `None` for NULL.
pub type Row = Vec<Option<String>>;

/// An open connection.
pub struct Db {
    client: Client,
    /// The connection string with the password redacted.
    pub display: String,
    /// The role the session runs as (`current_user`), named in messages about privileges.
    pub role: String,
    /// The connection string as given: a connection lost at COMMIT is reopened to learn
    /// whether the transaction committed.
    conn: Option<String>,
    /// Every text that may be the password, scrubbed from every error message in case a
    /// driver or server message echoes it.
    secrets: Vec<String>,
    notices: Arc<Mutex<Vec<String>>>,
    /// A script's transaction is open: an interrupt then cancels the running query and lets
    /// [`Db::run_script`] roll back, instead of ending the process.
    in_script: Arc<AtomicBool>,
    /// For the cancel request, which opens a connection of its own.
    tls: postgres_native_tls::MakeTlsConnector,
    /// Why the connection goes through a transaction-mode pooler, when it does. Every script
    /// works through one (simple protocol, settings `SET LOCAL`, a transaction-scoped advisory
    /// lock, nothing kept in the session between transactions); pg_dump does not.
    pub pooler: Option<String>,
    /// The password the connection uses, for the client tools refscan runs (PGPASSWORD).
    password: Option<String>,
}

/// How often to retry a transaction that hit a lock timeout, and how long to wait between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub retries: u32,
    /// The first wait; each later one doubles.
    pub backoff: Duration,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry {
            retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

impl Db {
    /// Connects, and refuses servers older than PostgreSQL 15. The parts `conn` leaves out are
    /// filled in as libpq fills them (see [`conninfo::resolve`]).
    pub fn connect(conn: &str) -> anyhow::Result<Db> {
        Db::open(Some(conn))
    }

    /// Connects to `conn`, or without one to where libpq's environment says.
    pub fn open(conn: Option<&str>) -> anyhow::Result<Db> {
        let r = conninfo::resolve(conn, &ProcessEnv)?;
        for w in &r.warnings {
            crate::messages::note(&format!("warning: {w}"));
        }
        let conninfo::Resolved {
            mut config,
            ssl,
            root_cert,
            display,
            secrets,
            pooler,
            ..
        } = r;
        let password = config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        config.ssl_mode(match ssl {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        if config.get_application_name().is_none() {
            config.application_name("refscan");
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        let notices = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&notices);
        config.notice_callback(move |n| {
            if let Ok(mut v) = sink.lock() {
                v.push(n.message().to_string());
            }
        });
        let mut tls = native_tls::TlsConnector::builder();
        // libpq semantics: `prefer` and `require` encrypt without verifying the certificate,
        // `verify-ca` checks the chain, `verify-full` the host name too.
        match ssl {
            SslMode::Disable | SslMode::Prefer | SslMode::Require => {
                tls.danger_accept_invalid_certs(true);
                tls.danger_accept_invalid_hostnames(true);
            }
            SslMode::VerifyCa => {
                tls.danger_accept_invalid_hostnames(true);
            }
            SslMode::VerifyFull => {}
        }
        if let Some(path) = &root_cert {
            let cert_hint = "sslrootcert names the PEM file of the authority that signed the server's certificate (a Supabase project's is under Project Settings > Database > SSL)";
            let pem = std::fs::read(path).map_err(|e| {
                UserError::new(format!("cannot read sslrootcert {path} of {display}: {e}"))
                    .hint(cert_hint)
            })?;
            let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
                UserError::new(format!(
                    "sslrootcert {path} of {display} is not a PEM certificate: {e}"
                ))
                .hint(cert_hint)
            })?;
            tls.add_root_certificate(cert);
        }
        let tls = tls.build().context("cannot set up TLS")?;
        let connector = postgres_native_tls::MakeTlsConnector::new(tls);
        let endpoint = Endpoint::of(&config);
        let client = config.connect(connector.clone()).map_err(|e| {
            let msg = scrub(&error_text(&e), &secrets);
            UserError::new(format!("cannot connect to {display}: {msg}")).hint(scrub(
                &connect_hint(ConnectProblem::of(&e), &endpoint),
                &secrets,
            ))
        })?;
        let mut db = Db {
            client,
            display,
            role: String::new(),
            conn: conn.map(str::to_string),
            secrets,
            notices,
            in_script: Arc::new(AtomicBool::new(false)),
            tls: connector,
            pooler,
            password,
        };
        let row = db
            .rows("SELECT current_setting('server_version_num'), current_user")?
            .into_iter()
            .next()
            .unwrap_or_default();
        let field = |i: usize| row.get(i).cloned().flatten();
        check_version(parse_server_version(field(0).as_deref())?, &db.display)?;
        db.role = field(1).unwrap_or_default();
        Ok(db)
    }

    /// Makes Ctrl-C, SIGTERM and SIGHUP safe while this connection is open: the server's running
    /// query is cancelled, as a
    /// query waiting on a lock would otherwise hold the locks its transaction took until the
    /// lock timeout, whatever became of the client. In a script, the cancel is repeated until
    /// [`Db::run_script`] has rolled back (a cancel that reaches the server between two
    /// statements does nothing); outside one nothing is open, so the process ends at once.
    pub fn cancel_on_interrupt(&self) {
        crate::interrupt::install();
        let tls = self.tls.clone();
        let token = self.client.cancel_token();
        let in_script = Arc::clone(&self.in_script);
        let display = self.display.clone();
        crate::interrupt::set_hook(Some(Box::new(move || {
            let started = Instant::now();
            loop {
                let _ = token.cancel_query(tls.clone());
                if !in_script.load(Ordering::SeqCst) || started.elapsed() > INTERRUPT_GRACE {
                    break;
                }
                sleep(Duration::from_millis(200));
            }
            if !in_script.load(Ordering::SeqCst) {
                eprintln!("error: interrupted; no transaction was open on {display}, so nothing was changed");
            } else {
                // The main thread did not get back in time: leave, closing the connection;
                // the server rolls back a transaction whose session ends.
                eprintln!("error: interrupted; the server rolls the open transaction on {display} back when the connection closes");
            }
            std::process::exit(i32::from(crate::error::exit::ERROR));
        })));
    }

    /// The password the connection uses (from the URL, the environment or a password file).
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// Every text that may be the password, for scrubbing the output of client tools.
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }

    pub fn server_version(&mut self) -> anyhow::Result<i32> {
        parse_server_version(self.value("SHOW server_version_num")?.as_deref())
    }

    /// The underlying client, for callers that want the extended protocol.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Runs one query through the simple protocol (no prepared statements, so transaction
    /// poolers are fine) and returns its rows as text.
    pub fn rows(&mut self, sql: &str) -> anyhow::Result<Vec<Row>> {
        let msgs = self
            .client
            .simple_query(sql)
            .map_err(|e| self.sql_error(e, None))?;
        Ok(msgs
            .into_iter()
            .filter_map(|m| match m {
                SimpleQueryMessage::Row(r) => {
                    Some((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
                }
                _ => None,
            })
            .collect())
    }

    /// The first column of the first row.
    pub fn value(&mut self, sql: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .rows(sql)?
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next().flatten()))
    }

    pub fn execute(&mut self, sql: &str) -> anyhow::Result<()> {
        self.client
            .batch_execute(sql)
            .map_err(|e| self.sql_error(e, None))
    }

    /// Notices the server sent since the last call.
    pub fn take_notices(&self) -> Vec<String> {
        self.notices
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }

    /// Runs `script` as one transaction, statement by statement through the simple protocol.
    /// A lock timeout rolls the whole transaction back and retries it with backoff; any other
    /// error rolls back and fails. A connection lost at COMMIT is reopened to ask the server
    /// whether the transaction committed. `progress` hears of each retry and reconnection.
    pub fn run_script(
        &mut self,
        script: &Script,
        lock_timeout: Duration,
        retry: Retry,
        progress: &mut dyn FnMut(&str),
    ) -> anyhow::Result<()> {
        let mut attempt = 0u32;
        loop {
            self.in_script.store(true, Ordering::SeqCst);
            let outcome = self.try_script(script);
            if outcome.is_err() {
                // The transaction is aborted or already ended; make sure it is gone.
                let _ = self.client.batch_execute("ROLLBACK");
            }
            self.in_script.store(false, Ordering::SeqCst);
            let (e, idx) = match outcome {
                Ok(()) => return Ok(()),
                Err(Failure::Interrupted) => return Err(interrupted_error()),
                Err(Failure::Commit(e, xid)) if self.lost(&e) => {
                    return self.resolve_commit(&e, &xid, progress)
                }
                Err(Failure::Commit(e, _)) => (e, None),
                Err(Failure::At(e, idx)) => (e, idx),
            };
            if crate::interrupt::interrupted() && !self.lost(&e) {
                return Err(interrupted_error());
            }
            let stmt = idx.map(|i| &script.stmts[i]);
            if self.lost(&e) {
                let mut msg = format!(
                    "lost the connection to {} in the middle of the transaction: {}",
                    self.display,
                    scrub(&error_text(&e), &self.secrets)
                );
                if let Some(s) = stmt {
                    msg.push_str(&format!("\n  in statement: {}", first_line(&s.sql)));
                }
                msg.push_str("\n  the server rolls back a transaction whose session ends: nothing was changed");
                return Err(UserError::new(msg).hint(LOST_HINT).into());
            }
            // A deadlock is a lock conflict the server resolved by ending this transaction: as
            // worth another try as a lock timeout.
            let deadlock = e.code() == Some(&SqlState::T_R_DEADLOCK_DETECTED);
            let lock = deadlock || e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE);
            let what = || {
                let on = waiting_on(stmt.and_then(|s| s.target.as_ref()));
                if deadlock {
                    format!("deadlock with another session ({on}); the server ended this try")
                } else {
                    on
                }
            };
            if lock && attempt < retry.retries {
                let wait = retry.backoff * 2u32.saturating_pow(attempt);
                attempt += 1;
                progress(&format!(
                    "{}; retrying in {} ms (attempt {} of {})",
                    what(),
                    wait.as_millis(),
                    attempt + 1,
                    retry.retries + 1
                ));
                if !pause(wait) {
                    return Err(interrupted_error());
                }
                continue;
            }
            if deadlock {
                return Err(UserError::new(format!(
                    "{} ({} attempt{}); nothing was changed",
                    what(),
                    attempt + 1,
                    if attempt == 0 { "" } else { "s" }
                ))
                .hint("the sessions that read or write these tables took their locks in another order: retry at a quieter time, or with more --lock-retries")
                .into());
            }
            if lock {
                let what = what();
                let hint = match stmt.and_then(|s| s.target.as_ref()) {
                    Some(Target::Advisory) => "wait for the other refscan run to finish, then run this again".to_string(),
                    _ => "another session holds a lock on it (a long query or an open transaction): find it with \
                          SELECT pid, state, query FROM pg_stat_activity WHERE wait_event_type IS NULL AND state <> 'idle'; \
                          retry at a quieter time or raise --lock-timeout".to_string(),
                };
                return Err(UserError::new(format!(
                    "{what} within the lock timeout of {} ms ({} attempt{}); nothing was changed",
                    lock_timeout.as_millis(),
                    attempt + 1,
                    if attempt == 0 { "" } else { "s" }
                ))
                .hint(hint)
                .into());
            }
            let err = self.sql_error(e, stmt.map(|s| s.sql.as_str()));
            if is_privilege_error(&err) {
                // The message already leads with the role; keep it first.
                return Err(err);
            }
            return Err(err.context("the transaction was rolled back; nothing was changed"));
        }
    }

    fn try_script(&mut self, script: &Script) -> Result<(), Failure> {
        self.client
            .batch_execute("BEGIN")
            .map_err(|e| Failure::At(e, None))?;
        for (i, s) in script.stmts.iter().enumerate() {
            if crate::interrupt::interrupted() {
                return Err(Failure::Interrupted);
            }
            self.client
                .batch_execute(&s.sql)
                .map_err(|e| Failure::At(e, Some(i)))?;
        }
        // The transaction's id, asked before COMMIT so that a lost connection can be followed
        // by pg_xact_status(): only the server knows whether a COMMIT it received went through.
        let xid = self
            .client
            .simple_query("SELECT pg_current_xact_id()::text")
            .map_err(|e| Failure::At(e, None))?
            .into_iter()
            .find_map(|m| match m {
                SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
                _ => None,
            })
            .unwrap_or_default();
        self.client
            .batch_execute("COMMIT")
            .map_err(|e| Failure::Commit(e, xid))
    }

    /// Whether `e` ended the session: the server shut down or terminated it, or the network
    /// went away. Other errors leave the connection usable.
    fn lost(&self, e: &postgres::Error) -> bool {
        if self.client.is_closed() || e.is_closed() {
            return true;
        }
        match e.code() {
            Some(code) => {
                let c = code.code();
                c.starts_with("08") || matches!(c, "57P01" | "57P02" | "57P03" | "57P05" | "25P03")
            }
            None => e.as_db_error().is_none(),
        }
    }

    /// After a connection lost at COMMIT: reconnect and ask the server what became of the
    /// transaction, so the user hears the truth rather than a guess.
    fn resolve_commit(
        &mut self,
        e: &postgres::Error,
        xid: &str,
        progress: &mut dyn FnMut(&str),
    ) -> anyhow::Result<()> {
        let what = scrub(&error_text(e), &self.secrets);
        let display = self.display.clone();
        match self.reconnect_and_ask(xid) {
            Ok(status) if status == "committed" => {
                progress(&format!(
                    "the connection to {display} was lost at COMMIT ({what}); reconnected: the server committed transaction {xid}"
                ));
                Ok(())
            }
            Ok(status) if status == "aborted" => Err(UserError::new(format!(
                "the connection to {display} was lost at COMMIT ({what}); reconnected: the server rolled transaction {xid} back, so nothing was changed"
            ))
            .hint(LOST_HINT)
            .into()),
            outcome => {
                let why = match outcome {
                    Ok(status) => format!("the server still reports it as {status}"),
                    Err(err) => format!("{err:#}"),
                };
                Err(UserError::new(format!(
                    "the connection to {display} was lost at COMMIT ({what}), and refscan could not learn whether transaction {xid} committed: {why}"
                ))
                .hint(format!(
                    "once the server is reachable, refscan migrate status shows what is applied (or ask the server: SELECT pg_xact_status('{xid}'))"
                ))
                .into())
            }
        }
    }

    /// Reconnects (a few tries, the server may be restarting) and polls the transaction's
    /// status until it is no longer in progress: a backend notices its client left only when
    /// it next reads from the socket.
    fn reconnect_and_ask(&mut self, xid: &str) -> anyhow::Result<String> {
        if xid.parse::<u64>().is_err() {
            anyhow::bail!("the server gave no transaction id");
        }
        let mut fresh = Db::open(self.conn.as_deref());
        for wait in [500, 1000, 2000] {
            if fresh.is_ok() {
                break;
            }
            sleep(Duration::from_millis(wait));
            fresh = Db::open(self.conn.as_deref());
        }
        let fresh = fresh?;
        let old = std::mem::replace(self, fresh);
        if let Ok(mut v) = self.notices.lock() {
            let mut earlier = old.take_notices();
            earlier.append(&mut v);
            *v = earlier;
        }
        let mut status = String::new();
        for _ in 0..50 {
            status = self
                .value(&format!("SELECT pg_xact_status('{xid}'::xid8)"))?
                .unwrap_or_default();
            if status != "in progress" {
                break;
            }
            sleep(Duration::from_millis(100));
        }
        Ok(status)
    }

    /// An error from the server as a readable message: refscan's own checks (raised by the
    /// generated SQL) become user errors with their hint, a missing privilege names the role,
    /// a lost connection says so; others keep the statement.
    fn sql_error(&self, e: postgres::Error, sql: Option<&str>) -> anyhow::Error {
        let pw = &self.secrets;
        if let Some(db) = e.as_db_error() {
            if let Some(msg) = db.message().strip_prefix(RAISE_PREFIX) {
                let mut u = UserError::new(scrub(msg, pw));
                if let Some(h) = db.hint() {
                    u = u.hint(scrub(h, pw));
                }
                return u.into();
            }
        }
        let mut text = scrub(&error_text(&e), pw);
        if let Some(sql) = sql {
            text.push_str(&format!("\n  in statement: {}", first_line(sql)));
        }
        if self.lost(&e) {
            return UserError::new(format!("lost the connection to {}: {text}", self.display))
                .hint(LOST_HINT)
                .into();
        }
        if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
            let mut msg = format!(
                "role {} lacks a privilege on {}: {text}",
                self.role, self.display
            );
            if sql.is_some() {
                msg.push_str("\n  the transaction was rolled back; nothing was changed");
            }
            return UserError::new(msg).hint(privilege_hint(&self.role)).into();
        }
        anyhow::anyhow!(text)
    }

    /// Whether `e` (from [`Db::run_script`]) says the phase was already applied.
    pub fn is_already_applied(e: &anyhow::Error, message: &str) -> bool {
        e.chain()
            .filter_map(|c| c.downcast_ref::<UserError>())
            .any(|u| format!("{RAISE_PREFIX}{}", u.message) == message)
    }
}

/// Where a script failed: at a statement (or BEGIN), or at COMMIT after the transaction got
/// the id it carries, or between two statements on an interrupt.
enum Failure {
    At(postgres::Error, Option<usize>),
    Commit(postgres::Error, String),
    Interrupted,
}

/// How long an interrupt keeps cancelling the server's query before the process leaves anyway.
const INTERRUPT_GRACE: Duration = Duration::from_secs(10);

fn interrupted_error() -> anyhow::Error {
    UserError::new("interrupted: the transaction was rolled back; nothing was changed")
        .hint(
            "run the same command again when ready (refscan migrate status shows what is applied)",
        )
        .into()
}

/// Sleeps for `wait`, waking early on an interrupt; false when interrupted.
fn pause(wait: Duration) -> bool {
    let until = Instant::now() + wait;
    while Instant::now() < until {
        if crate::interrupt::interrupted() {
            return false;
        }
        sleep(Duration::from_millis(50).min(until.saturating_duration_since(Instant::now())));
    }
    !crate::interrupt::interrupted()
}

const LOST_HINT: &str = "the server may have restarted, or an administrator or a pooler ended the session: check that it is up, then run the command again (refscan migrate status shows what is applied)";

fn first_line(sql: &str) -> &str {
    sql.lines().next().unwrap_or("")
}

fn is_privilege_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<UserError>()
        .is_some_and(|u| u.message.starts_with("role ") && u.message.contains(" lacks a privilege"))
}

/// What to do when the connected role may not do what refscan needs.
pub fn privilege_hint(role: &str) -> String {
    format!(
        "connect as the role that owns the tables (on Supabase: postgres), or have an owner grant {role} what is missing (ownership of a table comes with membership in its owner role: GRANT <owner> TO {role})"
    )
}

/// The server's `server_version_num` as a number.
pub fn parse_server_version(text: Option<&str>) -> anyhow::Result<i32> {
    text.and_then(|s| s.trim().parse().ok()).ok_or_else(|| {
        UserError::new(format!(
            "the server reported no usable server_version_num ({})",
            text.unwrap_or("none")
        ))
        .hint("refscan needs PostgreSQL 15 or later, spoken to directly or through a pooler that passes queries on")
        .into()
    })
}

/// Why a connection could not be opened, as far as the user can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectProblem {
    Refused,
    UnknownHost,
    TimedOut,
    PasswordMissing,
    PasswordRejected,
    /// No such role, a role that may not log in, or no pg_hba.conf rule for it.
    RoleRejected,
    NoDatabase,
    TooManyConnections,
    ServerNotReady,
    Tls,
    Other,
}

impl ConnectProblem {
    fn of(e: &postgres::Error) -> ConnectProblem {
        let code = e.as_db_error().map(|d| d.code().code());
        let io = std::iter::successors(std::error::Error::source(e), |c| c.source())
            .find_map(|c| c.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind);
        classify_connect(code, io, &error_text(e))
    }
}

/// Sorts a connection failure by its SQLSTATE, the kind of the I/O error under it, or the
/// driver's words where it gives nothing else.
pub fn classify_connect(
    code: Option<&str>,
    io: Option<std::io::ErrorKind>,
    text: &str,
) -> ConnectProblem {
    use std::io::ErrorKind;
    match code {
        Some("28P01") => return ConnectProblem::PasswordRejected,
        Some("28000") => return ConnectProblem::RoleRejected,
        Some("3D000") => return ConnectProblem::NoDatabase,
        Some("53300") => return ConnectProblem::TooManyConnections,
        Some("57P03") => return ConnectProblem::ServerNotReady,
        _ => {}
    }
    match io {
        Some(ErrorKind::ConnectionRefused) => return ConnectProblem::Refused,
        Some(ErrorKind::TimedOut) => return ConnectProblem::TimedOut,
        _ => {}
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("failed to lookup address") || lower.contains("name or service not known") {
        ConnectProblem::UnknownHost
    } else if lower.contains("timeout waiting for server") || lower.contains("timed out") {
        ConnectProblem::TimedOut
    } else if lower.contains("password missing") {
        ConnectProblem::PasswordMissing
    } else if lower.contains("tls") || lower.contains("ssl") || lower.contains("certificate") {
        ConnectProblem::Tls
    } else {
        ConnectProblem::Other
    }
}

/// The parts of a connection string a hint names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    /// `None` when the URL names no user (the driver then uses the login name).
    pub user: Option<String>,
    pub dbname: Option<String>,
}

impl Endpoint {
    fn of(config: &Config) -> Endpoint {
        Endpoint {
            host: match config.get_hosts().first() {
                Some(postgres::config::Host::Tcp(h)) => h.clone(),
                Some(other) => format!("{other:?}"),
                None => "localhost".to_string(),
            },
            port: config.get_ports().first().copied().unwrap_or(5432),
            user: config.get_user().map(str::to_string),
            dbname: config.get_dbname().map(str::to_string),
        }
    }
}

/// What to do about a connection that failed.
pub fn connect_hint(problem: ConnectProblem, at: &Endpoint) -> String {
    let (host, port) = (&at.host, at.port);
    let user = at
        .user
        .as_deref()
        .unwrap_or("(none given: your login name)");
    match problem {
        ConnectProblem::Refused => format!(
            "nothing accepts connections at {host}:{port}: check the host and port in the URL, and that PostgreSQL is running and listening there"
        ),
        ConnectProblem::UnknownHost => format!(
            "the host name {host} does not resolve: check it for typos (a Supabase project's database host is db.<project-ref>.supabase.co)"
        ),
        ConnectProblem::TimedOut => format!(
            "{host}:{port} did not answer in time: check the address and any firewall in between; connect_timeout=SECONDS in the URL waits longer"
        ),
        ConnectProblem::PasswordMissing => format!(
            "the server asks role {user} for a password and the URL has none: write postgres://{user}:PASSWORD@{host}:{port}/..."
        ),
        ConnectProblem::PasswordRejected => format!(
            "the server rejected the password of role {user}: check it (in a URL, percent-encode @ : / ? # % in the password as %40 %3A %2F %3F %23 %25)"
        ),
        ConnectProblem::RoleRejected => format!(
            "check the user name in the URL ({user}): the role must exist, may log in, and pg_hba.conf must let it in from here (Supabase's pooler wants postgres.<project-ref>)"
        ),
        ConnectProblem::NoDatabase => format!(
            "the server has no database {}: check the name after the last / in the URL (a Supabase project's is postgres)",
            at.dbname.as_deref().unwrap_or(user)
        ),
        ConnectProblem::TooManyConnections => "the server has no free connection slot: close idle sessions or connect through the pooler, then run again".to_string(),
        ConnectProblem::ServerNotReady => "the server is starting up, shutting down or recovering: wait a moment and run again".to_string(),
        ConnectProblem::Tls => "check sslmode and sslrootcert in the URL: a hosted Supabase database needs ?sslmode=require (or verify-full with its CA certificate)".to_string(),
        ConnectProblem::Other => "check --database-url or DATABASE_URL; a hosted Supabase database needs ?sslmode=require".to_string(),
    }
}

/// Refuses servers without `security_invoker` views.
pub fn check_version(version: i32, display: &str) -> anyhow::Result<()> {
    if version >= MIN_SERVER_VERSION {
        return Ok(());
    }
    // server_version_num is major * 10000 + minor since 10, and 9.6.24 = 90624 before.
    let human = if version >= 100000 {
        format!("{}.{}", version / 10000, version % 10000)
    } else {
        format!(
            "{}.{}.{}",
            version / 10000,
            version / 100 % 100,
            version % 100
        )
    };
    Err(UserError::new(format!(
        "{display} runs PostgreSQL {human}; refscan needs PostgreSQL 15 or later"
    ))
    .hint("compatibility views are created WITH (security_invoker = true), which PostgreSQL 15 introduced; without it a view would bypass row-level security")
    .into())
}

fn waiting_on(target: Option<&Target>) -> String {
    match target {
        Some(Target::Advisory) => {
            "another refscan run holds the migration lock (pg_advisory_xact_lock)".to_string()
        }
        Some(Target::Relation(r)) => format!("could not lock {r}"),
        None => "could not get a lock".to_string(),
    }
}

/// The server's message with its detail and hint, or the driver's message.
pub fn error_text(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = format!("{} (SQLSTATE {})", db.message(), db.code().code());
            if let Some(d) = db.detail() {
                s.push_str(&format!("\n  detail: {d}"));
            }
            if let Some(h) = db.hint() {
                s.push_str(&format!("\n  server hint: {h}"));
            }
            s
        }
        None => {
            let mut s = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(c) = src {
                // Drivers often repeat their source in their own message.
                let text = c.to_string();
                if !s.contains(&text) {
                    s.push_str(&format!(": {text}"));
                }
                src = c.source();
            }
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::conninfo::parse_config;

    #[test]
    fn connection_failures_are_sorted_by_what_to_do() {
        use std::io::ErrorKind;
        let c = classify_connect;
        assert_eq!(c(Some("28P01"), None, ""), ConnectProblem::PasswordRejected);
        assert_eq!(c(Some("28000"), None, ""), ConnectProblem::RoleRejected);
        assert_eq!(c(Some("3D000"), None, ""), ConnectProblem::NoDatabase);
        assert_eq!(
            c(Some("53300"), None, ""),
            ConnectProblem::TooManyConnections
        );
        assert_eq!(c(Some("57P03"), None, ""), ConnectProblem::ServerNotReady);
        assert_eq!(
            c(
                None,
                Some(ErrorKind::ConnectionRefused),
                "error connecting to server"
            ),
            ConnectProblem::Refused
        );
        assert_eq!(
            c(None, Some(ErrorKind::Other), "error connecting to server: failed to lookup address information: Name or service not known"),
            ConnectProblem::UnknownHost
        );
        assert_eq!(
            c(None, None, "timeout waiting for server"),
            ConnectProblem::TimedOut
        );
        assert_eq!(
            c(None, None, "invalid configuration: password missing"),
            ConnectProblem::PasswordMissing
        );
        assert_eq!(
            c(
                None,
                None,
                "error performing TLS handshake: certificate verify failed"
            ),
            ConnectProblem::Tls
        );
        assert_eq!(c(Some("XX000"), None, "boom"), ConnectProblem::Other);
    }

    #[test]
    fn connection_hints_name_the_input() {
        let at = Endpoint {
            host: "db.example.com".into(),
            port: 6543,
            user: Some("app".into()),
            dbname: Some("shop".into()),
        };
        assert!(connect_hint(ConnectProblem::Refused, &at)
            .starts_with("nothing accepts connections at db.example.com:6543"));
        assert!(connect_hint(ConnectProblem::PasswordRejected, &at)
            .starts_with("the server rejected the password of role app"));
        assert!(connect_hint(ConnectProblem::PasswordMissing, &at)
            .contains("write postgres://app:PASSWORD@db.example.com:6543/"));
        assert!(connect_hint(ConnectProblem::NoDatabase, &at)
            .starts_with("the server has no database shop"));
        assert!(connect_hint(ConnectProblem::RoleRejected, &at).contains("(app)"));
        assert!(connect_hint(ConnectProblem::UnknownHost, &at)
            .starts_with("the host name db.example.com does not resolve"));
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        let text =
            |url: &str| crate::error::render(&parse_config(url, &redact(url), &[]).unwrap_err());
        let t = text("mysql://u:pw1234@h/db");
        assert!(t.starts_with("error: the database URL mysql://u:***@h/db is not a PostgreSQL URL: it starts with mysql://"), "{t}");
        let t = text("postgres://u@h:99999/db");
        assert!(t.contains("invalid value for option `port`"), "{t}");
        let t = text("postgres://u@h/db?bogus=1");
        assert!(t.contains("unknown option `bogus`"), "{t}");
        assert!(t.contains("hint: write it as postgres://"), "{t}");
        // A key/value value may hold `://`.
        assert!(parse_config("host=h options='-c x=a://b'", "x", &[]).is_ok());
    }

    #[test]
    fn server_versions_parse_or_explain() {
        assert_eq!(parse_server_version(Some("150020")).unwrap(), 150020);
        assert_eq!(parse_server_version(Some(" 90624\n")).unwrap(), 90624);
        let e = parse_server_version(Some("")).unwrap_err();
        assert!(crate::error::render(&e).contains("no usable server_version_num ()"));
        assert!(parse_server_version(None).is_err());
    }

    #[test]
    fn old_servers_are_refused() {
        assert!(check_version(150000, "db").is_ok());
        assert!(check_version(170002, "db").is_ok());
        let e = check_version(140011, "postgres://u:***@h/d").unwrap_err();
        let text = crate::error::render(&e);
        assert!(text.starts_with("error: postgres://u:***@h/d runs PostgreSQL 14.11; refscan needs PostgreSQL 15 or later"), "{text}");
        assert!(
            text.contains("hint: compatibility views are created WITH (security_invoker = true)")
        );
    }
}
