//! Connection strings: URLs and key/value strings read the way the driver and libpq read them,
//! the options refscan handles itself split off, and every password hidden from messages, under
//! any reading of a malformed string.

use postgres::Config;

use crate::error::UserError;

use super::db::error_text;
use super::libpq::{self, Env};

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnTarget {
    /// The string for `postgres::Config`, without the options it does not know.
    pub driver: String,
    /// `None` when the string does not say (the environment or the default `prefer` decides).
    pub ssl: Option<SslMode>,
    pub root_cert: Option<String>,
    /// libpq's `service` and `passfile`, which the driver does not read.
    pub service: Option<String>,
    pub passfile: Option<String>,
    /// `pgbouncer=true`, the mark of a transaction-mode pooler URL (Supabase, Prisma).
    pub pgbouncer: bool,
}

/// Reads an `sslmode` value as libpq does.
pub fn ssl_mode(value: &str) -> Option<SslMode> {
    Some(match value {
        "disable" => SslMode::Disable,
        "allow" | "prefer" => SslMode::Prefer,
        "require" => SslMode::Require,
        "verify-ca" => SslMode::VerifyCa,
        "verify-full" => SslMode::VerifyFull,
        _ => return None,
    })
}

/// Where the query of a URL starts (after its `?`). As libpq reads a URL, user info ends at an
/// `@` met before any `/`, so a `?` before that `@` is part of the password.
fn query_start(url: &str) -> Option<usize> {
    let rest_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[rest_start..];
    let host_start = rest_start
        + match rest.find(['@', '/']) {
            Some(i) if rest.as_bytes()[i] == b'@' => i + 1,
            _ => 0,
        };
    url[host_start..].find('?').map(|q| host_start + q + 1)
}

/// Splits the options refscan handles itself (`sslmode`, `sslrootcert`, `service`, `passfile`,
/// `pgbouncer`) off a URL (`postgres://...?...`) or a key/value string (`host=... sslmode=...`).
pub fn parse_target(conn: &str) -> anyhow::Result<ConnTarget> {
    let mut t = ConnTarget::default();
    let mut take = |key: &str, value: &str| -> anyhow::Result<bool> {
        match key {
            "sslmode" => {
                t.ssl = Some(ssl_mode(value).ok_or_else(|| {
                    UserError::new(format!(
                        "unknown sslmode `{value}` in the database URL {}",
                        redact(conn)
                    ))
                    .hint("use disable, prefer, require, verify-ca or verify-full")
                })?);
            }
            "sslrootcert" => t.root_cert = Some(value.to_string()),
            "service" => t.service = Some(value.to_string()),
            "passfile" => t.passfile = Some(value.to_string()),
            "pgbouncer" => t.pgbouncer = value == "true",
            _ => return Ok(false),
        }
        Ok(true)
    };
    let trimmed = conn.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        let (base, query) = match query_start(trimmed) {
            Some(q) => (&trimmed[..q - 1], &trimmed[q..]),
            None => (trimmed, ""),
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            if !take(&percent_decode(k), &percent_decode(v))? {
                kept.push(pair);
            }
        }
        let driver = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return Ok(ConnTarget { driver, ..t });
    }
    let mut kept = Vec::new();
    for pair in kv_pairs(trimmed) {
        if pair.raw.is_some() && take(pair.key, &pair.value)? {
            continue;
        }
        kept.push(pair.render(false));
    }
    Ok(ConnTarget {
        driver: kept.join(" "),
        ..t
    })
}

/// A connection fully resolved: the driver's configuration with every part libpq would fill
/// in filled in, what refscan handles itself, and how to show it.
pub struct Resolved {
    pub config: Config,
    pub ssl: SslMode,
    pub root_cert: Option<String>,
    /// The connection string as shown in messages (password hidden), or the resolved
    /// parameters when none was given.
    pub display: String,
    /// Everything that may be the password, scrubbed from messages.
    pub secrets: Vec<String>,
    /// libpq's warnings (a password file passed over), for stderr.
    pub warnings: Vec<String>,
    /// Why the connection goes through a transaction-mode pooler, when it does.
    pub pooler: Option<String>,
}

/// Resolves a connection as libpq does: the string's own parts first, then the service's (the
/// string's `service`, else `PGSERVICE`), then the `PG*` environment variables, then the
/// password file for a password still missing; a host still missing is the local Unix socket
/// and a user the login name. Without a string, some `PG*` variable or service must say where
/// to connect: refscan does not guess a database to migrate.
pub fn resolve(conn: Option<&str>, env: &dyn Env) -> anyhow::Result<Resolved> {
    let conn = given(conn);
    let mut secrets = conn.map(secrets).unwrap_or_default();
    let mut t = match conn {
        Some(c) => parse_target(c)?,
        None => ConnTarget::default(),
    };
    let given = match conn {
        Some(c) => {
            let parsed = parse_config(&t.driver, &redact(c), &secrets)?;
            // The driver gives a URL with a host and no port the port 5432; libpq leaves it
            // unset, for the service or PGPORT to fill.
            if c.contains("://") && !url_names_port(c) {
                without_ports(&parsed)
            } else {
                parsed
            }
        }
        None => {
            if !libpq::KEYWORDS
                .iter()
                .any(|(_, var)| env.var(var).is_some())
                && env.var("PGSERVICE").is_none()
            {
                return Err(UserError::new("no database given")
                    .hint(NO_DATABASE_HINT)
                    .into());
            }
            Config::new()
        }
    };
    let mut config = given;
    for d in libpq::defaults(t.service.as_deref(), env)? {
        fill(&mut config, &mut t, &d, &mut secrets)?;
    }
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        config.host_path(libpq::default_socket_dir());
    }
    if config.get_user().is_none() {
        if let Ok(name) = whoami::username() {
            config.user(&name);
        }
    }
    let mut warnings = Vec::new();
    if config.get_password().is_none() {
        if let Some(file) = libpq::passfile(t.passfile.as_deref(), env) {
            let user = config.get_user().unwrap_or_default().to_string();
            let found = libpq::password_from_file(
                &file,
                &first_host(&config),
                config.get_ports().first().copied().unwrap_or(5432),
                config.get_dbname().unwrap_or(&user),
                &user,
            );
            warnings.extend(found.warning);
            if let Some(p) = found.password {
                config.password(p);
            }
        }
    }
    if let Some(p) = config.get_password() {
        secrets.insert(0, String::from_utf8_lossy(p).into_owned());
    }
    let display = match conn {
        Some(c) => redact(c),
        None => describe(&config),
    };
    Ok(Resolved {
        ssl: t.ssl.unwrap_or(SslMode::Prefer),
        root_cert: t.root_cert,
        display,
        secrets,
        warnings,
        pooler: transaction_pooler(&config, t.pgbouncer),
        config,
    })
}

/// Why a connection goes through a transaction-mode pooler (each transaction may run on
/// another server session): `pgbouncer=true` in the URL (Supabase's and Prisma's mark), or
/// port 6543, Supabase's transaction pooler (on `*.pooler.supabase.com` and elsewhere).
/// `None` for a direct connection or a session pooler (port 5432).
pub fn transaction_pooler(config: &Config, pgbouncer: bool) -> Option<String> {
    if pgbouncer {
        return Some("pgbouncer=true in the URL".to_string());
    }
    if config.get_ports().contains(&6543) {
        let supabase = config.get_hosts().iter().any(|h| {
            matches!(h, postgres::config::Host::Tcp(name) if name.ends_with(".pooler.supabase.com"))
        });
        return Some(if supabase {
            "port 6543 of a Supabase pooler host (its transaction mode)".to_string()
        } else {
            "port 6543 (Supabase's transaction pooler port)".to_string()
        });
    }
    None
}

/// A connection string given on the command line or in DATABASE_URL, unless blank.
pub fn given(conn: Option<&str>) -> Option<&str> {
    conn.map(str::trim).filter(|c| !c.is_empty())
}

/// The hint of "no database given".
pub const NO_DATABASE_HINT: &str = "pass --database-url postgres://user:password@host:5432/db, or set DATABASE_URL, or libpq's PGHOST, PGPORT, PGUSER, PGDATABASE (PGPASSWORD or ~/.pgpass for the password) or PGSERVICE";

/// Sets keyword `d` unless the string (or an earlier default) already did.
fn fill(
    config: &mut Config,
    t: &mut ConnTarget,
    d: &libpq::Fallback,
    secrets: &mut Vec<String>,
) -> anyhow::Result<()> {
    let v = d.value.as_str();
    let bad = |what: &str| -> anyhow::Error {
        UserError::new(format!("{} of {}: `{v}` is not {what}", d.keyword, d.source))
            .hint("fix the value (libpq's meaning: https://www.postgresql.org/docs/current/libpq-connect.html)")
            .into()
    };
    match d.keyword {
        "host" if config.get_hosts().is_empty() => {
            for h in v.split(',') {
                if h.starts_with('/') {
                    config.host_path(h);
                } else {
                    config.host(h);
                }
            }
        }
        "hostaddr" if config.get_hostaddrs().is_empty() => {
            for a in v.split(',') {
                config.hostaddr(a.parse().map_err(|_| bad("an IP address"))?);
            }
        }
        "port" if config.get_ports().is_empty() => {
            for p in v.split(',') {
                config.port(p.parse().map_err(|_| bad("a port number"))?);
            }
        }
        "dbname" if config.get_dbname().is_none() => {
            config.dbname(v);
        }
        "user" if config.get_user().is_none() => {
            config.user(v);
        }
        "password" if config.get_password().is_none() => {
            secrets.push(v.to_string());
            config.password(v);
        }
        "options" if config.get_options().is_none() => {
            config.options(v);
        }
        "application_name" if config.get_application_name().is_none() => {
            config.application_name(v);
        }
        "connect_timeout" if config.get_connect_timeout().is_none() => {
            let secs: u64 = v.parse().map_err(|_| bad("a number of seconds"))?;
            // libpq waits at least 2 seconds; 0 means wait forever, which refscan does not.
            if secs > 0 {
                config.connect_timeout(std::time::Duration::from_secs(secs.max(2)));
            }
        }
        "sslmode" if t.ssl.is_none() => {
            t.ssl = Some(ssl_mode(v).ok_or_else(|| {
                bad("an sslmode (disable, prefer, require, verify-ca or verify-full)")
            })?);
        }
        "sslrootcert" if t.root_cert.is_none() => t.root_cert = Some(v.to_string()),
        "passfile" if t.passfile.is_none() => t.passfile = Some(v.to_string()),
        _ => {}
    }
    Ok(())
}

/// Whether a URL names a port (`host:port`, or a `port=` parameter).
fn url_names_port(url: &str) -> bool {
    let rest_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[rest_start..];
    let host_start = match rest.find(['@', '/']) {
        Some(i) if rest.as_bytes()[i] == b'@' => i + 1,
        _ => 0,
    };
    let hosts = &rest[host_start..];
    let hosts = &hosts[..hosts.find(['/', '?']).unwrap_or(hosts.len())];
    let in_hosts = hosts.split(',').any(|chunk| {
        let after = chunk.rfind(']').map_or(chunk, |b| &chunk[b..]);
        after.contains(':')
    });
    let in_query = query_start(url).is_some_and(|q| {
        url[q..].split('&').any(|p| {
            p.split_once('=')
                .is_some_and(|(k, _)| percent_decode(k) == "port")
        })
    });
    in_hosts || in_query
}

/// `config` without its ports, everything else kept.
fn without_ports(config: &Config) -> Config {
    let mut c = Config::new();
    for h in config.get_hosts() {
        match h {
            postgres::config::Host::Tcp(name) => {
                c.host(name);
            }
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => {
                c.host_path(path);
            }
        }
    }
    for a in config.get_hostaddrs() {
        c.hostaddr(*a);
    }
    if let Some(v) = config.get_user() {
        c.user(v);
    }
    if let Some(v) = config.get_password() {
        c.password(v);
    }
    if let Some(v) = config.get_dbname() {
        c.dbname(v);
    }
    if let Some(v) = config.get_options() {
        c.options(v);
    }
    if let Some(v) = config.get_application_name() {
        c.application_name(v);
    }
    if let Some(v) = config.get_connect_timeout() {
        c.connect_timeout(*v);
    }
    if let Some(v) = config.get_tcp_user_timeout() {
        c.tcp_user_timeout(*v);
    }
    c.keepalives(config.get_keepalives())
        .keepalives_idle(config.get_keepalives_idle())
        .target_session_attrs(config.get_target_session_attrs())
        .channel_binding(config.get_channel_binding())
        .load_balance_hosts(config.get_load_balance_hosts())
        .ssl_negotiation(config.get_ssl_negotiation());
    if let Some(v) = config.get_keepalives_interval() {
        c.keepalives_interval(v);
    }
    if let Some(v) = config.get_keepalives_retries() {
        c.keepalives_retries(v);
    }
    c
}

/// The first host as libpq's password file matches it (a socket path as written).
fn first_host(config: &Config) -> String {
    match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => config
            .get_hostaddrs()
            .first()
            .map(|a| a.to_string())
            .unwrap_or_default(),
    }
}

/// A connection resolved from the environment, as `host=... port=... user=... dbname=...`.
fn describe(config: &Config) -> String {
    let mut parts = vec![format!("host={}", first_host(config))];
    if let Some(p) = config.get_ports().first() {
        parts.push(format!("port={p}"));
    }
    if let Some(u) = config.get_user() {
        parts.push(format!("user={u}"));
    }
    if let Some(d) = config.get_dbname() {
        parts.push(format!("dbname={d}"));
    }
    if config.get_password().is_some() {
        parts.push("password=***".to_string());
    }
    parts.join(" ")
}

/// Reads the driver's part of a connection string, saying what is wrong with it.
pub fn parse_config(driver: &str, display: &str, secrets: &[String]) -> anyhow::Result<Config> {
    const SHAPE: &str = "write it as postgres://user:password@host:5432/dbname?sslmode=require (percent-encode @ : / ? # % in the password)";
    if let Some((scheme, _)) = driver.trim().split_once("://") {
        let is_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme && scheme != "postgres" && scheme != "postgresql" {
            return Err(UserError::new(format!(
                "the database URL {display} is not a PostgreSQL URL: it starts with {scheme}://"
            ))
            .hint(SHAPE)
            .into());
        }
    }
    driver.parse().map_err(|e: postgres::Error| {
        UserError::new(format!(
            "cannot read the database URL {display}: {}",
            scrub(&error_text(&e), secrets)
        ))
        .hint(SHAPE)
        .into()
    })
}

/// One `key = value` of a key/value connection string, read as the driver reads it: the value
/// may be single-quoted, and a backslash escapes the next character in either form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KvPair<'a> {
    key: &'a str,
    /// The value as written, quotes and escapes included; `None` when no `=` followed the key.
    raw: Option<&'a str>,
    /// The value as the driver reads it.
    value: String,
}

impl KvPair<'_> {
    /// The pair as shown in messages: only the values of keys known to hold no secret are
    /// shown, and a bare word (a key without `=`) only when it is such a key: a mistyped key
    /// (`pasword=...`) or a missing `=` (`password Secret`) must not show the password either.
    fn render(&self, hide_secrets: bool) -> String {
        let open = !hide_secrets || SHOWN_KEYS.contains(&self.key);
        match self.raw {
            Some(raw) if open => format!("{}={raw}", self.key),
            Some(_) => format!("{}=***", self.key),
            None if open || self.key == "password" => self.key.to_string(),
            None => "***".to_string(),
        }
    }
}

/// Connection parameters whose values are never secret, shown as given in messages. Any other
/// key, known or not, has its value hidden.
const SHOWN_KEYS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "sslmode",
    "sslrootcert",
    "sslnegotiation",
    "application_name",
    "connect_timeout",
    "options",
    "target_session_attrs",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_retries",
    "tcp_user_timeout",
    "channel_binding",
    "load_balance_hosts",
    "service",
    "passfile",
    "pgbouncer",
];

/// The pairs of a key/value string. Splitting on whitespace would cut a quoted value with a
/// space in two (and show half a password); malformed input still yields pairs, for the
/// driver to reject with its own message.
fn kv_pairs(s: &str) -> Vec<KvPair<'_>> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).map_or(s.len(), |&(b, _)| b);
    let is_ws = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_whitespace());
    let is = |i: usize, want: char| chars.get(i).is_some_and(|&(_, c)| c == want);
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while is_ws(i) {
            i += 1;
        }
        if i >= n {
            break;
        }
        let key_start = i;
        while i < n && !is_ws(i) && !is(i, '=') {
            i += 1;
        }
        let key = &s[at(key_start)..at(i)];
        let mut j = i;
        while is_ws(j) {
            j += 1;
        }
        if !is(j, '=') {
            out.push(KvPair {
                key,
                raw: None,
                value: String::new(),
            });
            continue;
        }
        j += 1;
        while is_ws(j) {
            j += 1;
        }
        let value_start = j;
        let mut value = String::new();
        let quoted = is(j, '\'');
        if quoted {
            j += 1;
        }
        while j < n {
            let c = chars[j].1;
            if (quoted && c == '\'') || (!quoted && c.is_whitespace()) {
                break;
            }
            if c == '\\' && j + 1 < n {
                j += 1;
            }
            value.push(chars[j].1);
            j += 1;
        }
        if quoted && is(j, '\'') {
            j += 1;
        }
        out.push(KvPair {
            key,
            raw: Some(&s[at(value_start)..at(j)]),
            value,
        });
        i = j;
    }
    out
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
    if !trimmed.contains("://") {
        return kv_pairs(trimmed)
            .iter()
            .map(|p| p.render(true))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut pos = 0;
    for (start, end) in url_secret_spans(trimmed) {
        if end <= pos {
            continue;
        }
        // Overlapping spans share one `***`.
        if start >= pos {
            out.push_str(&trimmed[pos..start]);
            out.push_str("***");
        }
        pos = end;
    }
    out.push_str(&trimmed[pos..]);
    out
}

/// The byte ranges of a URL that may hold a password, sorted. Errs on the side of hiding, since
/// the driver and libpq read a malformed URL differently and either reading must stay hidden:
/// - everything from the first `:` of the user info to the last `@` (a password with an
///   unencoded `@`, `/`, `?` or `#`);
/// - without any `@`, a "port" that is not a number (`postgres://user:Secret/db` forgot the
///   host: the driver reads `Secret` as the port and says the port is bad);
/// - the value of every query parameter whose key (percent-decoded) is not in [`SHOWN_KEYS`]
///   (`password=`, `pass%77ord=`, `PASSWORD=`, a mistyped `pasword=`), and a parameter without
///   `=` whole.
fn url_secret_spans(url: &str) -> Vec<(usize, usize)> {
    let rest_start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[rest_start..];
    let mut hidden: Vec<(usize, usize)> = Vec::new();
    let at = rest.rfind('@');
    match at {
        Some(at) => {
            if let Some(colon) = rest[..at].find(':') {
                hidden.push((rest_start + colon + 1, rest_start + at));
            }
        }
        None => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let mut from = rest_start;
            for chunk in rest[..end].split(',') {
                // `[::1]:5432`: the colons inside brackets are the address.
                let port_at = match chunk.rfind(']') {
                    Some(b) => chunk[b..].find(':').map(|c| b + c),
                    None => chunk.find(':'),
                };
                if let Some(c) = port_at {
                    let port = &chunk[c + 1..];
                    if !port.bytes().all(|b| b.is_ascii_digit()) {
                        hidden.push((from + c + 1, from + chunk.len()));
                    }
                }
                from += chunk.len() + 1;
            }
        }
    }
    if let Some(q) = query_start(url) {
        let mut from = q;
        for pair in url[q..].split('&') {
            match pair.split_once('=') {
                Some((k, v))
                    if !SHOWN_KEYS.contains(&percent_decode(k).as_str()) && !v.is_empty() =>
                {
                    let start = from + k.len() + 1;
                    hidden.push((start, start + v.len()));
                }
                Some(_) => {}
                None if !pair.is_empty()
                    && !SHOWN_KEYS.contains(&percent_decode(pair).as_str()) =>
                {
                    hidden.push((from, from + pair.len()));
                }
                None => {}
            }
            from += pair.len() + 1;
        }
    }
    hidden.sort_unstable();
    hidden
}

/// Every text of `conn` that may be its password, as written and as decoded, and the pieces a
/// driver may cut it into at its delimiters: scrubbed from any message that could echo them
/// (a driver's error, a hint naming the host or user the driver read).
pub fn secrets(conn: &str) -> Vec<String> {
    let trimmed = conn.trim();
    let mut raw: Vec<String> = Vec::new();
    if trimmed.contains("://") {
        for (a, b) in url_secret_spans(trimmed) {
            raw.push(trimmed[a..b].to_string());
        }
    } else {
        for p in kv_pairs(trimmed) {
            match p.raw {
                Some(r) if !SHOWN_KEYS.contains(&p.key) => {
                    raw.push(r.to_string());
                    raw.push(p.value.clone());
                }
                None if !SHOWN_KEYS.contains(&p.key) && p.key != "password" => {
                    raw.push(p.key.to_string())
                }
                _ => {}
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let decoded = percent_decode(&r);
        for whole in [r, decoded] {
            let pieces: Vec<String> = whole
                .split(|c: char| "@/?#:&".contains(c) || c.is_whitespace())
                .map(str::to_string)
                .collect();
            for s in std::iter::once(whole).chain(pieces) {
                if s.len() >= MIN_SCRUBBED && !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    // Longest first, so a piece never leaves part of a longer secret behind.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// The connection string for libpq's tools (pg_dump), without its password, which goes to
/// them through `PGPASSWORD` instead, so it shows up neither in `ps` nor in the output. Only
/// parameters in [`SHOWN_KEYS`] that libpq knows are kept.
pub fn without_password(conn: &str) -> String {
    let keep = |key: &str| SHOWN_KEYS.contains(&key) && key != "pgbouncer";
    let trimmed = conn.trim();
    let Some(scheme_end) = trimmed.find("://") else {
        return kv_pairs(trimmed)
            .iter()
            .filter(|p| p.raw.is_some() && keep(p.key))
            .map(|p| p.render(false))
            .collect::<Vec<_>>()
            .join(" ");
    };
    let rest_start = scheme_end + 3;
    let rest = &trimmed[rest_start..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let mut out = trimmed[..rest_start].to_string();
    match authority.rfind('@') {
        Some(at) => {
            out.push_str(authority[..at].split(':').next().unwrap_or(""));
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let tail = &rest[authority_end..];
    match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| {
                    p.split_once('=')
                        .is_some_and(|(k, _)| keep(&percent_decode(k)))
                })
                .collect();
            out.push_str(path);
            if !kept.is_empty() {
                out.push('?');
                out.push_str(&kept.join("&"));
            }
        }
        None => out.push_str(tail),
    }
    out
}

/// Shorter secrets are not scrubbed from messages, as they would match ordinary words; the
/// connection string itself is always shown through [`redact`].
const MIN_SCRUBBED: usize = 4;

/// Replaces every secret in a message by `***`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if s.len() >= MIN_SCRUBBED {
            out = out.replace(s.as_str(), "***");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&'static str, &str)]) -> libpq::Fixed {
        libpq::Fixed(
            vars.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            Some(std::path::PathBuf::from("/nonexistent-home")),
        )
    }

    #[test]
    fn missing_parts_are_filled_as_libpq_fills_them() {
        // See: issue 19 item 4
        let none = env(&[]);
        let e = resolve(None, &none).err().unwrap();
        assert!(crate::error::render(&e).contains("no database given"));
        assert!(crate::error::render(&e).contains("PGHOST"));

        let vars = env(&[
            ("PGHOST", "db.example.com"),
            ("PGPORT", "6543"),
            ("PGUSER", "app"),
            ("PGDATABASE", "shop"),
            ("PGPASSWORD", "Sup3rSecret"),
            ("PGSSLMODE", "require"),
        ]);
        let r = resolve(None, &vars).unwrap();
        assert_eq!(r.config.get_ports(), [6543]);
        assert_eq!(r.config.get_user(), Some("app"));
        assert_eq!(r.config.get_password(), Some(&b"Sup3rSecret"[..]));
        assert_eq!(r.ssl, SslMode::Require);
        assert_eq!(
            r.display,
            "host=db.example.com port=6543 user=app dbname=shop password=***"
        );
        assert!(r.secrets.contains(&"Sup3rSecret".to_string()));

        // The string's own parts win; the parts it lacks come from the environment, a port too
        // (the driver alone would give a URL without one 5432).
        let r = resolve(Some("postgres://other@h/db?sslmode=disable"), &vars).unwrap();
        assert_eq!(r.config.get_user(), Some("other"));
        assert_eq!(r.config.get_dbname(), Some("db"));
        assert_eq!(r.config.get_ports(), [6543]);
        assert_eq!(r.ssl, SslMode::Disable);
        assert_eq!(r.display, "postgres://other@h/db?sslmode=disable");
        let r = resolve(Some("postgres://other@h:5432/db"), &vars).unwrap();
        assert_eq!(r.config.get_ports(), [5432]);
        let r = resolve(Some("postgres://h/db"), &none).unwrap();
        assert!(
            r.config.get_ports().is_empty(),
            "the driver's default applies"
        );

        let bad = env(&[("PGPORT", "54x2")]);
        let e = resolve(Some("postgres://h/db"), &bad).err().unwrap();
        assert!(
            crate::error::render(&e).contains("port of PGPORT: `54x2` is not a port number"),
            "{e:#}"
        );
    }

    #[test]
    fn a_service_and_a_password_file_fill_what_is_left() {
        // See: issue 19 item 4
        let dir = tempfile::tempdir().unwrap();
        let svc = dir.path().join("svc.conf");
        std::fs::write(
            &svc,
            "[app]\nhost=127.0.0.1\nport=6000\nuser=app\ndbname=shop\n",
        )
        .unwrap();
        let pass = dir.path().join("pgpass");
        std::fs::write(&pass, "127.0.0.1:6000:shop:app:FromPassFile\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let vars = env(&[
            ("PGSERVICEFILE", svc.to_str().unwrap()),
            ("PGPASSFILE", pass.to_str().unwrap()),
            ("PGHOST", "ignored.example.com"),
        ]);
        for given in [Some("service=app"), Some("postgres:///?service=app")] {
            let r = resolve(given, &vars).unwrap();
            assert_eq!(r.config.get_ports(), [6000], "{given:?}");
            assert_eq!(r.config.get_dbname(), Some("shop"));
            assert_eq!(r.config.get_password(), Some(&b"FromPassFile"[..]));
            assert!(r.warnings.is_empty());
        }
        let mut with_service = vars;
        with_service.0.insert("PGSERVICE", "app".to_string());
        let r = resolve(None, &with_service).unwrap();
        assert_eq!(first_host(&r.config), "127.0.0.1");
        assert_eq!(
            r.display,
            "host=127.0.0.1 port=6000 user=app dbname=shop password=***"
        );
    }

    #[test]
    fn bug_pgbouncer_true_was_an_unknown_option() {
        // See: issue 16 item 2
        // `?pgbouncer=true`, the mark of Supabase's transaction pooler URL, reached the driver,
        // which refused it as an unknown option.
        let none = env(&[]);
        let pooled = |url: &str| resolve(Some(url), &none).unwrap().pooler;
        assert_eq!(
            pooled("postgres://u:p@aws-0-eu.pooler.supabase.com:6543/postgres?pgbouncer=true")
                .as_deref(),
            Some("pgbouncer=true in the URL")
        );
        assert_eq!(
            pooled("postgres://u:p@aws-0-eu.pooler.supabase.com:6543/postgres").as_deref(),
            Some("port 6543 of a Supabase pooler host (its transaction mode)")
        );
        assert!(pooled("postgres://u:p@h:6543/d").is_some());
        assert_eq!(
            pooled("postgres://u:p@aws-0-eu.pooler.supabase.com:5432/postgres"),
            None
        );
        assert_eq!(
            pooled("postgres://u:p@db.x.supabase.co:5432/postgres?pgbouncer=false"),
            None
        );
        assert_eq!(
            resolve(Some("postgres://h:7000/d?pgbouncer=true"), &none)
                .unwrap()
                .config
                .get_ports(),
            [7000]
        );
    }

    #[test]
    fn bug_malformed_url_echoed_the_password() {
        // See: issue 12 item 20
        let cases = [
            ("postgres://u:Sup3rSecret/db", "postgres://u:***/db"),
            ("postgres://u:Sup3rSecret", "postgres://u:***"),
            ("postgres://u:Sup3rSecret@", "postgres://u:***@"),
            (
                "postgres://u:Sup3rSecret,h2:5432/db",
                "postgres://u:***,h2:5432/db",
            ),
            ("postgres://[::1]:5432/db", "postgres://[::1]:5432/db"),
            (
                "postgres://h:5432,h2:5433/db",
                "postgres://h:5432,h2:5433/db",
            ),
            (
                "postgres://h/d?pass%77ord=Sup3r&sslmode=require",
                "postgres://h/d?pass%77ord=***&sslmode=require",
            ),
            (
                "postgres://h/d?PASSWORD=Sup3r",
                "postgres://h/d?PASSWORD=***",
            ),
            (
                "postgres://h/d?pasword=Sup3r&application_name=x",
                "postgres://h/d?pasword=***&application_name=x",
            ),
            ("postgres://h/d?Sup3rSecret", "postgres://h/d?***"),
            (
                "postgres://h/d?sslmode=require&",
                "postgres://h/d?sslmode=require&",
            ),
            ("host=h password Sup3rSecret", "host=h password ***"),
            ("host=h pasword=Sup3rSecret", "host=h pasword=***"),
            (
                "host=h PASSWORD='Sup3r Secret' port=1",
                "host=h PASSWORD=*** port=1",
            ),
        ];
        for (given, shown) in cases {
            assert_eq!(redact(given), shown, "{given}");
        }
    }

    #[test]
    fn secrets_cover_every_reading_of_the_password() {
        // The driver reads `password=Sup3r@SecretPw` as user `h/d?password=Sup3r` and host
        // `SecretPw`: both halves must be scrubbed from its messages and from hints.
        let s = secrets("postgres://h/d?password=Sup3r@SecretPw");
        assert!(s.contains(&"Sup3r@SecretPw".to_string()), "{s:?}");
        assert!(s.contains(&"Sup3r".to_string()) && s.contains(&"SecretPw".to_string()));
        assert_eq!(
            scrub("user h/d?password=Sup3r at host SecretPw", &s),
            "user h/d?password=*** at host ***"
        );
        // Percent-encoded and decoded forms, and key/value escapes.
        let s = secrets("postgres://u:Sup3r%53ecret/db");
        assert!(s.contains(&"Sup3r%53ecret".to_string()) && s.contains(&"Sup3rSecret".to_string()));
        let s = secrets(r"host=h password=Sup3r\ Secret");
        assert!(s.contains(&"Sup3r Secret".to_string()), "{s:?}");
        assert!(secrets("postgres://u@h:5432/db?sslmode=require").is_empty());
        assert!(secrets("host=h port=5432 dbname=d").is_empty());
    }

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
    fn bug_password_after_an_unencoded_delimiter_was_shown() {
        // The driver ends the user info at the first `@` and still connects, so the password
        // of such a URL used to show in every message after its `/` or `?`.
        assert_eq!(
            redact("postgres://u:pa/Sup3rSecret@127.0.0.1/db"),
            "postgres://u:***@127.0.0.1/db"
        );
        assert_eq!(
            redact("postgres://u:pa?Sup3rSecret@127.0.0.1/db?sslmode=require"),
            "postgres://u:***@127.0.0.1/db?sslmode=require"
        );
        assert_eq!(
            redact("postgres://u:pa#Sup3r@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            redact("postgres://h/d?password=p@ss&sslmode=disable"),
            "postgres://h/d?password=***&sslmode=disable"
        );
        assert_eq!(
            redact("postgres://u:a@h/d?password=b"),
            "postgres://u:***@h/d?password=***"
        );
        // A user name alone is no secret.
        assert_eq!(redact("postgres://u@h/d"), "postgres://u@h/d");
        assert_eq!(redact("postgres://u:@h/d"), "postgres://u:***@h/d");
    }

    #[test]
    fn bug_quoted_key_value_password_was_half_shown() {
        // Splitting on whitespace showed the half of a quoted password after its space.
        assert_eq!(
            redact("host=h password='Sup3r Secret' dbname=d"),
            "host=h password=*** dbname=d"
        );
        assert_eq!(
            redact(r"host=h password = 'it\'s \\ x' port=1"),
            "host=h password=*** port=1"
        );
        assert_eq!(
            redact("password=Sup3r\\ Secret host=h"),
            "password=*** host=h"
        );
        assert_eq!(
            redact("host=h password='unterminated"),
            "host=h password=***"
        );
        assert_eq!(redact("host=h password"), "host=h password");
    }

    #[test]
    fn key_value_pairs_read_as_the_driver_reads_them() {
        let p = kv_pairs("host = h  password='a b\\'c' sslmode=require é=ü bare");
        let got: Vec<(&str, Option<&str>, &str)> =
            p.iter().map(|p| (p.key, p.raw, p.value.as_str())).collect();
        assert_eq!(
            got,
            [
                ("host", Some("h"), "h"),
                ("password", Some("'a b\\'c'"), "a b'c"),
                ("sslmode", Some("require"), "require"),
                ("é", Some("ü"), "ü"),
                ("bare", None, ""),
            ]
        );
        assert!(kv_pairs("").is_empty());
        assert_eq!(kv_pairs("=x")[0].key, "");
        assert_eq!(kv_pairs("k=\\")[0].value, "\\");
    }

    #[test]
    fn bug_key_value_sslmode_with_spaces_was_ignored() {
        // `sslmode = require` was passed on as three tokens, and the TLS set-up then used the
        // default `prefer`: a server without TLS got the connection unencrypted.
        let t = parse_target("host=h sslmode = require password='a  b'").unwrap();
        assert_eq!(t.ssl, Some(SslMode::Require));
        // Runs of spaces inside a quoted value are kept, too.
        assert_eq!(t.driver, "host=h password='a  b'");
        let c: Config = t.driver.parse().unwrap();
        assert_eq!(c.get_password(), Some(&b"a  b"[..]));
        assert_eq!(
            parse_target("sslmode =verify-full host=h").unwrap().ssl,
            Some(SslMode::VerifyFull)
        );
    }

    #[test]
    fn splits_ssl_options_off() {
        let t = parse_target("postgres://u:p@h:6543/postgres?sslmode=verify-full&sslrootcert=%2Ftmp%2Fca.pem&application_name=x").unwrap();
        assert_eq!(
            t.driver,
            "postgres://u:p@h:6543/postgres?application_name=x"
        );
        assert_eq!(t.ssl, Some(SslMode::VerifyFull));
        assert_eq!(t.root_cert.as_deref(), Some("/tmp/ca.pem"));
        let t = parse_target("postgres://u@h/d?sslmode=require").unwrap();
        assert_eq!(t.driver, "postgres://u@h/d");
        assert_eq!(t.ssl, Some(SslMode::Require));
        let t = parse_target("host=h sslmode=disable dbname=d").unwrap();
        assert_eq!(t.driver, "host=h dbname=d");
        assert_eq!(t.ssl, Some(SslMode::Disable));
        assert!(parse_target("postgres://h/d?sslmode=bogus").is_err());
        assert_eq!(parse_target("postgres://h/d").unwrap().ssl, None);
        // A `?` in the password does not hide the options after the host.
        let t = parse_target("postgres://u:pa?ss@h/d?sslmode=require&pgbouncer=true&service=s")
            .unwrap();
        assert_eq!(t.driver, "postgres://u:pa?ss@h/d");
        assert_eq!(t.ssl, Some(SslMode::Require));
        assert!(t.pgbouncer);
        assert_eq!(t.service.as_deref(), Some("s"));
    }

    #[test]
    fn percent_decoding_never_panics() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%41%zz"), "A%zz");
        assert_eq!(percent_decode("é%é"), "é%é");
    }

    #[test]
    fn scrub_hides_passwords() {
        assert_eq!(
            scrub("bad password s3cret!", &["s3cret!".to_string()]),
            "bad password ***"
        );
        assert_eq!(scrub("a b", &["a".to_string()]), "a b");
    }
}
