//! The database connection: URL handling (TLS as `sslmode` asks, the password never shown),
//! simple-protocol queries that work behind transaction poolers, and running a script as one
//! transaction with lock-timeout retries.

use std::sync::{Arc, Mutex};
use std::thread::sleep;
use std::time::Duration;

use anyhow::Context as _;
use postgres::error::SqlState;
use postgres::{Client, Config, SimpleQueryMessage};

use crate::error::UserError;

use super::plan::{Script, Target, RAISE_PREFIX};

/// The oldest server refscan migrates: `security_invoker` views need PostgreSQL 15.
pub const MIN_SERVER_VERSION: i32 = 150000;

/// `sslmode` as libpq understands it; tokio-postgres knows only the first three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

/// A connection string split into what the driver accepts and what refscan handles itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnTarget {
    /// The string for `postgres::Config`, without the options it does not know.
    pub driver: String,
    pub ssl: SslMode,
    pub root_cert: Option<String>,
}

/// Splits `sslmode` and `sslrootcert` off a URL (`postgres://...?...`) or a key/value string
/// (`host=... sslmode=...`).
pub fn parse_target(conn: &str) -> anyhow::Result<ConnTarget> {
    let mut ssl = SslMode::Prefer;
    let mut root_cert = None;
    let mut take = |key: &str, value: &str| -> anyhow::Result<bool> {
        match key {
            "sslmode" => {
                ssl = match value {
                    "disable" => SslMode::Disable,
                    "allow" | "prefer" => SslMode::Prefer,
                    "require" => SslMode::Require,
                    "verify-ca" => SslMode::VerifyCa,
                    "verify-full" => SslMode::VerifyFull,
                    other => {
                        return Err(UserError::new(format!("unknown sslmode `{other}`"))
                            .hint("use disable, prefer, require, verify-ca or verify-full")
                            .into())
                    }
                };
                Ok(true)
            }
            "sslrootcert" => {
                root_cert = Some(value.to_string());
                Ok(true)
            }
            _ => Ok(false),
        }
    };
    let trimmed = conn.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        let (base, query) = match trimmed.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (trimmed, None),
        };
        let mut kept = Vec::new();
        for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(k, &percent_decode(v))? {
                kept.push(pair);
            }
        }
        let driver = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return Ok(ConnTarget {
            driver,
            ssl,
            root_cert,
        });
    }
    let mut kept = Vec::new();
    for token in trimmed.split_whitespace() {
        match token.split_once('=') {
            Some((k, v)) if !v.starts_with('\'') => {
                if !take(k.trim(), v)? {
                    kept.push(token);
                }
            }
            _ => kept.push(token),
        }
    }
    Ok(ConnTarget {
        driver: kept.join(" "),
        ssl,
        root_cert,
    })
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The connection string with its password replaced by `***`, for every message.
pub fn redact(conn: &str) -> String {
    let trimmed = conn.trim();
    if let Some(scheme_end) = trimmed.find("://") {
        let rest_start = scheme_end + 3;
        let rest = &trimmed[rest_start..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let mut out = trimmed[..rest_start].to_string();
        let authority = &rest[..authority_end];
        match authority.rfind('@') {
            Some(at) => {
                let userinfo = &authority[..at];
                match userinfo.split_once(':') {
                    Some((user, _)) => out.push_str(&format!("{user}:***")),
                    None => out.push_str(userinfo),
                }
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        let tail = &rest[authority_end..];
        match tail.split_once('?') {
            Some((path, query)) => {
                out.push_str(path);
                out.push('?');
                let params: Vec<String> = query
                    .split('&')
                    .map(|p| match p.split_once('=') {
                        Some((k, _)) if k == "password" => format!("{k}=***"),
                        _ => p.to_string(),
                    })
                    .collect();
                out.push_str(&params.join("&"));
            }
            None => out.push_str(tail),
        }
        return out;
    }
    trimmed
        .split_whitespace()
        .map(|t| match t.split_once('=') {
            Some(("password", _)) => "password=***".to_string(),
            _ => t.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One row of a simple-protocol result: every value as text, `None` for NULL.
pub type Row = Vec<Option<String>>;

/// An open connection.
pub struct Db {
    client: Client,
    /// The connection string with the password redacted.
    pub display: String,
    /// Scrubbed from every error message, in case a driver message ever echoes it.
    password: Option<String>,
    notices: Arc<Mutex<Vec<String>>>,
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
    /// Connects, and refuses servers older than PostgreSQL 15.
    pub fn connect(conn: &str) -> anyhow::Result<Db> {
        let display = redact(conn);
        let target = parse_target(conn)?;
        let mut config: Config = target.driver.parse().map_err(|e: postgres::Error| {
            UserError::new(format!("cannot read the database URL {display}: {e}"))
                .hint("write it as postgres://user:password@host:5432/dbname?sslmode=require")
        })?;
        let password = config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        config.ssl_mode(match target.ssl {
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
        match target.ssl {
            SslMode::Disable | SslMode::Prefer | SslMode::Require => {
                tls.danger_accept_invalid_certs(true);
                tls.danger_accept_invalid_hostnames(true);
            }
            SslMode::VerifyCa => {
                tls.danger_accept_invalid_hostnames(true);
            }
            SslMode::VerifyFull => {}
        }
        if let Some(path) = &target.root_cert {
            let pem =
                std::fs::read(path).with_context(|| format!("cannot read sslrootcert {path}"))?;
            let cert = native_tls::Certificate::from_pem(&pem)
                .with_context(|| format!("sslrootcert {path} is not a PEM certificate"))?;
            tls.add_root_certificate(cert);
        }
        let tls = tls.build().context("cannot set up TLS")?;
        let connector = postgres_native_tls::MakeTlsConnector::new(tls);
        let client = config.connect(connector).map_err(|e| {
            let msg = scrub(&error_text(&e), password.as_deref());
            UserError::new(format!("cannot connect to {display}: {msg}")).hint(
                "check --database-url or DATABASE_URL; a hosted Supabase database needs ?sslmode=require",
            )
        })?;
        let mut db = Db {
            client,
            display,
            password,
            notices,
        };
        let version = db.server_version()?;
        check_version(version, &db.display)?;
        Ok(db)
    }

    pub fn server_version(&mut self) -> anyhow::Result<i32> {
        let v = self.value("SHOW server_version_num")?;
        v.as_deref()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| anyhow::anyhow!("the server reported no server_version_num"))
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
    /// error rolls back and fails. `progress` hears of each retry.
    pub fn run_script(
        &mut self,
        script: &Script,
        lock_timeout: Duration,
        retry: Retry,
        progress: &mut dyn FnMut(&str),
    ) -> anyhow::Result<()> {
        let mut attempt = 0u32;
        loop {
            match self.try_script(script) {
                Ok(()) => return Ok(()),
                Err((e, idx)) => {
                    // The transaction is aborted or already ended; make sure it is gone.
                    let _ = self.client.batch_execute("ROLLBACK");
                    let stmt = idx.map(|i| &script.stmts[i]);
                    let lock = e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE);
                    if lock && attempt < retry.retries {
                        let wait = retry.backoff * 2u32.saturating_pow(attempt);
                        attempt += 1;
                        progress(&format!(
                            "{}; retrying in {} ms (attempt {} of {})",
                            waiting_on(stmt.and_then(|s| s.target.as_ref())),
                            wait.as_millis(),
                            attempt + 1,
                            retry.retries + 1
                        ));
                        sleep(wait);
                        continue;
                    }
                    if lock {
                        let what = waiting_on(stmt.and_then(|s| s.target.as_ref()));
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
                    return Err(self
                        .sql_error(e, stmt.map(|s| s.sql.as_str()))
                        .context("the transaction was rolled back; nothing was changed"));
                }
            }
        }
    }

    fn try_script(&mut self, script: &Script) -> Result<(), (postgres::Error, Option<usize>)> {
        self.client.batch_execute("BEGIN").map_err(|e| (e, None))?;
        for (i, s) in script.stmts.iter().enumerate() {
            self.client
                .batch_execute(&s.sql)
                .map_err(|e| (e, Some(i)))?;
        }
        self.client.batch_execute("COMMIT").map_err(|e| (e, None))
    }

    /// An error from the server as a readable message: refscan's own checks (raised by the
    /// generated SQL) become user errors with their hint; others keep the statement.
    fn sql_error(&self, e: postgres::Error, sql: Option<&str>) -> anyhow::Error {
        let pw = self.password.as_deref();
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
            let first = sql.lines().next().unwrap_or("");
            text.push_str(&format!("\n  in statement: {first}"));
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

/// Replaces the password in a message; short passwords are left alone, as they would match
/// ordinary words.
pub fn scrub(text: &str, password: Option<&str>) -> String {
    match password {
        Some(p) if p.len() >= 4 => text.replace(p, "***"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_url_passwords() {
        assert_eq!(
            redact("postgres://postgres:s3cr%40t@db.x.supabase.co:5432/postgres?sslmode=require"),
            "postgres://postgres:***@db.x.supabase.co:5432/postgres?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://u@h/d?password=abc&sslmode=disable"),
            "postgresql://u@h/d?password=***&sslmode=disable"
        );
        assert_eq!(redact("postgres://h:5432/d"), "postgres://h:5432/d");
        assert_eq!(
            redact("host=h user=u password=secret dbname=d"),
            "host=h user=u password=*** dbname=d"
        );
        // An `@` in the password does not leak the rest of it.
        assert_eq!(redact("postgres://u:p@ss@h/d"), "postgres://u:***@h/d");
    }

    #[test]
    fn splits_ssl_options_off() {
        let t = parse_target("postgres://u:p@h:6543/postgres?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem&application_name=x").unwrap();
        assert_eq!(
            t.driver,
            "postgres://u:p@h:6543/postgres?application_name=x"
        );
        assert_eq!(t.ssl, SslMode::VerifyFull);
        assert_eq!(t.root_cert.as_deref(), Some("/tmp/ca.pem"));
        let t = parse_target("postgres://u@h/d?sslmode=require").unwrap();
        assert_eq!(t.driver, "postgres://u@h/d");
        assert_eq!(t.ssl, SslMode::Require);
        let t = parse_target("host=h sslmode=disable dbname=d").unwrap();
        assert_eq!(t.driver, "host=h dbname=d");
        assert_eq!(t.ssl, SslMode::Disable);
        assert!(parse_target("postgres://h/d?sslmode=bogus").is_err());
        assert_eq!(parse_target("postgres://h/d").unwrap().ssl, SslMode::Prefer);
    }

    #[test]
    fn percent_decoding_never_panics() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%41%zz"), "A%zz");
        assert_eq!(percent_decode("é%é"), "é%é");
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

    #[test]
    fn scrub_hides_passwords() {
        assert_eq!(
            scrub("bad password s3cret!", Some("s3cret!")),
            "bad password ***"
        );
        assert_eq!(scrub("a b", Some("a")), "a b");
    }
}
