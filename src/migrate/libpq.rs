//! libpq's conventions for what a connection string leaves out, read as libpq reads them:
//! the service file (`PGSERVICE`, `PGSERVICEFILE`, `~/.pg_service.conf`, `PGSYSCONFDIR`), the
//! `PG*` environment variables, and the password file (`PGPASSFILE`, `~/.pgpass`, ignored when
//! group or others may read it).
//!
//! No crate does all of it the way libpq does (precedence, `verify-full`, the password file's
//! permission rule), so it is written here; the reading of the files follows libpq's
//! `parseServiceFile` and `passwordFromFile`.

use std::path::{Path, PathBuf};

use crate::error::UserError;

/// Where settings come from: the process environment, or a fixed set in tests.
pub trait Env {
    fn var(&self, key: &str) -> Option<String>;
    fn home(&self) -> Option<PathBuf>;
}

/// The environment of this process.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.is_empty())
    }

    fn home(&self) -> Option<PathBuf> {
        self.var("HOME").map(PathBuf::from)
    }
}

/// The connection keywords refscan takes from a service file or the environment, with their
/// variables, in libpq's terms.
pub const KEYWORDS: &[(&str, &str)] = &[
    ("host", "PGHOST"),
    ("hostaddr", "PGHOSTADDR"),
    ("port", "PGPORT"),
    ("dbname", "PGDATABASE"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("passfile", "PGPASSFILE"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("application_name", "PGAPPNAME"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ("options", "PGOPTIONS"),
    ("target_session_attrs", "PGTARGETSESSIONATTRS"),
];

/// Keywords libpq knows that refscan does not use: accepted in a service file and ignored.
const IGNORED_KEYWORDS: &[&str] = &[
    "client_encoding",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "channel_binding",
    "gssencmode",
    "krbsrvname",
    "gsslib",
    "sslcompression",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "requirepeer",
    "load_balance_hosts",
    "fallback_application_name",
    "replication",
];

/// Client certificates, which refscan cannot present: a service naming one is refused rather
/// than connected without it.
const UNSUPPORTED_KEYWORDS: &[&str] = &["sslcert", "sslkey", "sslpassword"];

/// Where a value came from, named in messages about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Service { file: PathBuf, line: usize },
    Var(&'static str),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Service { file, line } => write!(f, "{}:{line}", file.display()),
            Source::Var(v) => f.write_str(v),
        }
    }
}

/// One value for a keyword the connection string left unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    pub keyword: &'static str,
    pub value: String,
    pub source: Source,
}

/// The values libpq would use for keywords the connection string does not set, in the order it
/// prefers them: the service's (the `service` of the string, else `PGSERVICE`), then the
/// environment's. A keyword may appear twice; the first one counts.
pub fn defaults(service: Option<&str>, env: &dyn Env) -> anyhow::Result<Vec<Fallback>> {
    let mut out = Vec::new();
    let service = service.map(str::to_string).or_else(|| env.var("PGSERVICE"));
    if let Some(name) = service {
        out.extend(service_params(&name, env)?);
    }
    for &(keyword, var) in KEYWORDS {
        if let Some(value) = env.var(var) {
            out.push(Fallback {
                keyword,
                value,
                source: Source::Var(var),
            });
        }
    }
    Ok(out)
}

/// The service files libpq reads, in order: the user's (`PGSERVICEFILE`, else
/// `~/.pg_service.conf`), then the system's (`PGSYSCONFDIR/pg_service.conf`, with Debian's
/// libpq default `/etc/postgresql-common`).
pub fn service_files(env: &dyn Env) -> Vec<PathBuf> {
    let user = env
        .var("PGSERVICEFILE")
        .map(PathBuf::from)
        .or_else(|| env.home().map(|h| h.join(".pg_service.conf")));
    let system = env
        .var("PGSYSCONFDIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/etc/postgresql-common"))
        .join("pg_service.conf");
    user.into_iter().chain(std::iter::once(system)).collect()
}

/// The parameters of service `name`, from the first file that defines it.
fn service_params(name: &str, env: &dyn Env) -> anyhow::Result<Vec<Fallback>> {
    let files = service_files(env);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        if let Some(params) = parse_service_file(&text, name, file)? {
            return Ok(params);
        }
    }
    let looked: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    Err(UserError::new(format!(
        "definition of service `{name}` not found (looked in {})",
        looked.join(", ")
    ))
    .hint("add a [name] section with host=, port=, dbname= and user= to ~/.pg_service.conf (or the file PGSERVICEFILE names), or fix the service name (PGSERVICE or service= in the URL)")
    .into())
}

/// The section `name` of a service file as libpq reads it: `#` comments and blank lines
/// skipped, `[name]` opening a section, `keyword=value` lines in it (no spaces around `=`).
/// `None` when the file has no such section.
pub fn parse_service_file(
    text: &str,
    name: &str,
    file: &Path,
) -> anyhow::Result<Option<Vec<Fallback>>> {
    let mut found = false;
    let mut in_section = false;
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[') {
            if in_section {
                // The section ended: libpq stops reading here.
                break;
            }
            in_section = section.strip_suffix(']') == Some(name);
            found |= in_section;
            continue;
        }
        if !in_section {
            continue;
        }
        let at = || Source::Service {
            file: file.to_path_buf(),
            line: i + 1,
        };
        let syntax = |what: String| -> anyhow::Error {
            UserError::new(format!("syntax error in service file {}: {what}", at()))
                .hint("each line of a service section is keyword=value, such as host=db.example.com (libpq's keywords, no spaces around =)")
                .into()
        };
        let Some((key, value)) = line.split_once('=') else {
            return Err(syntax("a line without `=`".to_string()));
        };
        if key == "service" {
            return Err(syntax(
                "nested service specifications are not supported".to_string(),
            ));
        }
        if UNSUPPORTED_KEYWORDS.contains(&key) {
            return Err(UserError::new(format!(
                "service `{name}` in {} needs a client certificate ({key}), which refscan cannot present",
                at()
            ))
            .hint("connect as a role that authenticates with a password, or run the SQL of refscan migrate plan with psql")
            .into());
        }
        match KEYWORDS.iter().find(|(k, _)| *k == key) {
            Some(&(keyword, _)) => out.push(Fallback {
                keyword,
                value: value.to_string(),
                source: at(),
            }),
            None if IGNORED_KEYWORDS.contains(&key) => {}
            None => return Err(syntax(format!("unknown keyword `{key}`"))),
        }
    }
    Ok(found.then_some(out))
}

/// The password file: `passfile` of the string or service, else `PGPASSFILE`, else `~/.pgpass`.
pub fn passfile(given: Option<&str>, env: &dyn Env) -> Option<PathBuf> {
    given
        .map(PathBuf::from)
        .or_else(|| env.var("PGPASSFILE").map(PathBuf::from))
        .or_else(|| env.home().map(|h| h.join(".pgpass")))
}

/// What the password file says for a connection: the password of its first matching line,
/// and a warning when the file was passed over (libpq's words).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FromFile {
    pub password: Option<String>,
    pub warning: Option<String>,
}

/// Looks `host:port:dbname:user` up in password file `path`. libpq matches a Unix socket (and
/// no host) as `localhost`, and ignores a file that is not a plain file or that group or others
/// may read or write.
pub fn password_from_file(
    path: &Path,
    host: &str,
    port: u16,
    dbname: &str,
    user: &str,
) -> FromFile {
    let Ok(meta) = std::fs::metadata(path) else {
        return FromFile::default();
    };
    if !meta.is_file() {
        return FromFile {
            password: None,
            warning: Some(format!(
                "password file \"{}\" is not a plain file",
                path.display()
            )),
        };
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if meta.permissions().mode() & 0o077 != 0 {
            return FromFile {
                password: None,
                warning: Some(format!(
                    "password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
                    path.display()
                )),
            };
        }
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        return FromFile::default();
    };
    let host = if host.is_empty() || host.starts_with('/') {
        "localhost"
    } else {
        host
    };
    let port = port.to_string();
    let wanted = [host, port.as_str(), dbname, user];
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = pgpass_fields(line);
        if fields.len() < 5 {
            continue;
        }
        let matches = fields[..4]
            .iter()
            .zip(wanted)
            .all(|(f, w)| f == "*" || f == w);
        if matches {
            let password = fields[4].clone();
            return FromFile {
                password: (!password.is_empty()).then_some(password),
                warning: None,
            };
        }
    }
    FromFile::default()
}

/// The fields of a password file line: split at `:`, with `\` escaping the next character; the
/// fifth field (the password) runs to the end of the line.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// libpq's default host when none is given anywhere: the Unix socket folder (Debian's
/// `/var/run/postgresql`, else `/tmp`).
pub fn default_socket_dir() -> PathBuf {
    let debian = Path::new("/var/run/postgresql");
    if debian.is_dir() {
        debian.to_path_buf()
    } else {
        PathBuf::from("/tmp")
    }
}

/// A fixed environment for unit tests: variables and a home folder.
#[cfg(test)]
pub struct Fixed(
    pub std::collections::HashMap<&'static str, String>,
    pub Option<PathBuf>,
);

#[cfg(test)]
impl Env for Fixed {
    fn var(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn home(&self) -> Option<PathBuf> {
        self.1.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn service_files_are_read_as_libpq_reads_them() {
        let f = Path::new("svc.conf");
        let text = "# comment\n[other]\nhost=x\n\n[shop]\nhost=db.example.com\nport=6543\n  dbname=shop  \nkeepalives=1\n[later]\nhost=y\n";
        let got = parse_service_file(text, "shop", f).unwrap().unwrap();
        let kv: Vec<(&str, &str)> = got.iter().map(|d| (d.keyword, d.value.as_str())).collect();
        assert_eq!(
            kv,
            [
                ("host", "db.example.com"),
                ("port", "6543"),
                ("dbname", "shop")
            ]
        );
        assert_eq!(got[1].source.to_string(), "svc.conf:7");
        assert!(parse_service_file(text, "none", f).unwrap().is_none());
        let e = parse_service_file("[s]\nhost = x\n", "s", f).unwrap_err();
        assert!(
            crate::error::render(&e)
                .contains("syntax error in service file svc.conf:2: unknown keyword `host `"),
            "{e:#}"
        );
        let e = parse_service_file("[s]\nservice=t\n", "s", f).unwrap_err();
        assert!(format!("{e:#}").contains("nested service"));
        let e = parse_service_file("[s]\nsslcert=/c.pem\n", "s", f).unwrap_err();
        assert!(format!("{e:#}").contains("client certificate (sslcert)"));
    }

    #[test]
    fn defaults_put_the_service_before_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("svc.conf");
        std::fs::write(&file, "[app]\nhost=svc-host\nuser=svc-user\n").unwrap();
        let env = Fixed(
            HashMap::from([
                ("PGSERVICEFILE", file.display().to_string()),
                ("PGHOST", "env-host".to_string()),
                ("PGPORT", "5433".to_string()),
            ]),
            None,
        );
        let got: Vec<(&str, String)> = defaults(Some("app"), &env)
            .unwrap()
            .into_iter()
            .map(|d| (d.keyword, d.value))
            .collect();
        assert_eq!(
            got,
            [
                ("host", "svc-host".to_string()),
                ("user", "svc-user".to_string()),
                ("host", "env-host".to_string()),
                ("port", "5433".to_string()),
            ]
        );
        let e = defaults(Some("nope"), &env).unwrap_err();
        assert!(format!("{e:#}").contains("definition of service `nope` not found"));
    }

    #[test]
    fn password_file_lines_match_as_libpq_matches_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:*:no\nlocalhost:5432:shop:app:sock\ndb\\:x:*:*:app:co\\:lon:pw\n*:*:*:app:any\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let pw = |host: &str, db: &str| password_from_file(&file, host, 5432, db, "app").password;
        assert_eq!(pw("/var/run/postgresql", "shop").as_deref(), Some("sock"));
        assert_eq!(pw("db:x", "shop").as_deref(), Some("co:lon:pw"));
        assert_eq!(pw("elsewhere", "shop").as_deref(), Some("any"));
        assert_eq!(
            password_from_file(&file, "h", 5432, "d", "bob").password,
            None
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            let got = password_from_file(&file, "elsewhere", 5432, "shop", "app");
            assert_eq!(got.password, None);
            assert!(got
                .warning
                .unwrap()
                .ends_with("has group or world access; permissions should be u=rw (0600) or less"));
        }
    }
}
