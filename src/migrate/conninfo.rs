//! Connection strings: URLs and key/value strings read the way the driver and libpq read them,
//! the options refscan handles itself split off, and every password hidden from messages, under
//! any reading of a malformed string.

use crate::error::UserError;

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
                        return Err(UserError::new(format!(
                            "unknown sslmode `{other}` in the database URL {}",
                            redact(conn)
                        ))
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
            if !take(&percent_decode(k), &percent_decode(v))? {
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
    for pair in kv_pairs(trimmed) {
        if pair.raw.is_some() && take(pair.key, &pair.value)? {
            continue;
        }
        kept.push(pair.render(false));
    }
    Ok(ConnTarget {
        driver: kept.join(" "),
        ssl,
        root_cert,
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
    // The query starts after the host. As libpq reads a URL, user info ends at an `@` met
    // before any `/`, so a `?` before that `@` is part of the password.
    let host_start = rest_start
        + match rest.find(['@', '/']) {
            Some(i) if rest.as_bytes()[i] == b'@' => i + 1,
            _ => 0,
        };
    if let Some(q) = url[host_start..].find('?').map(|q| host_start + q) {
        let mut from = q + 1;
        for pair in url[q + 1..].split('&') {
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
    use postgres::Config;

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
        assert_eq!(t.ssl, SslMode::Require);
        // Runs of spaces inside a quoted value are kept, too.
        assert_eq!(t.driver, "host=h password='a  b'");
        let c: Config = t.driver.parse().unwrap();
        assert_eq!(c.get_password(), Some(&b"a  b"[..]));
        assert_eq!(
            parse_target("sslmode =verify-full host=h").unwrap().ssl,
            SslMode::VerifyFull
        );
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
    fn scrub_hides_passwords() {
        assert_eq!(
            scrub("bad password s3cret!", &["s3cret!".to_string()]),
            "bad password ***"
        );
        assert_eq!(scrub("a b", &["a".to_string()]), "a b");
    }
}
