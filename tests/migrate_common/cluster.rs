//! Private PostgreSQL servers: initdb into a temporary folder, a free port on 127.0.0.1, run as
//! the `postgres` user when the tests run as root (initdb refuses root). Two uses: a test that
//! needs what the shared server cannot give (passwords, a shutdown in the middle) starts its
//! own and drops it; and when no shared server is there, one trust-auth server per test binary
//! stands in for it ([`start_for_this_process`]), stopped by a watchdog when the binary exits.

use std::io::Write as _;
use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::sync::Mutex;

use postgres::{Client, NoTls};

/// The superuser password of every private cluster.
pub const SUPERUSER_PASSWORD: &str = "Pr1vateClusterPw";

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    pub port: u16,
    max_connections: u32,
}

/// What to do when no server binaries are found.
pub const NO_SERVER_BINARIES: &str = "the database tests found no PostgreSQL server: \
REFSCAN_TEST_PG is not set, nothing on 127.0.0.1:5432 accepts the postgres user without a \
password, and there is no initdb to start a private server with. Install Debian's `postgresql` \
package (`bash scripts/test` does), or set REFSCAN_TEST_PG=postgres://USER:PASSWORD@HOST:PORT \
to a server (PostgreSQL 15 or later) where that user may create databases";

/// The newest server binaries under `roots` (the Debian layout, `<root>/<major>/bin`), else the
/// folder `pg_config --bindir` names, else the folder of an `initdb` on the PATH.
pub fn find_bindir(roots: &[&Path], search_path: bool) -> Result<PathBuf, String> {
    let mut found: Vec<(u32, PathBuf)> = roots
        .iter()
        .flat_map(|root| std::fs::read_dir(root).into_iter().flatten().flatten())
        .filter_map(|e| {
            let major = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Ok(bin);
    }
    if search_path {
        let from_pg_config = Command::new("pg_config")
            .arg("--bindir")
            .output()
            .ok()
            .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
        let on_path = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default();
        for dir in from_pg_config.into_iter().chain(on_path) {
            // A link such as /usr/local/bin/initdb leads to the folder that has pg_ctl too.
            if let Ok(initdb) = dir.join("initdb").canonicalize() {
                if let Some(bin) = initdb.parent().filter(|b| b.join("pg_ctl").exists()) {
                    return Ok(bin.to_path_buf());
                }
            }
        }
    }
    Err(NO_SERVER_BINARIES.to_string())
}

fn bindir() -> PathBuf {
    find_bindir(&[Path::new("/usr/lib/postgresql")], true).unwrap_or_else(|e| panic!("{e}"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// How a private server authenticates its clients.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// scram-sha-256 for every connection; the superuser's password is [`SUPERUSER_PASSWORD`].
    Password,
    /// No password asked, as the machine's shared server on 127.0.0.1.
    Trust,
}

impl Cluster {
    /// A fresh, running server with password authentication for every connection.
    pub fn start() -> Cluster {
        Cluster::start_with(Auth::Password, 20, |_| ())
    }

    /// A fresh, running server; `prepared` sees its folder before initdb runs.
    fn start_with(auth: Auth, max_connections: u32, prepared: impl FnOnce(&Cluster)) -> Cluster {
        let dir = tempfile::Builder::new()
            .prefix("refscan_pg_")
            .tempdir()
            .expect("temp dir");
        let as_postgres = is_root();
        let pwfile = dir.path().join("pw");
        std::fs::write(&pwfile, format!("{SUPERUSER_PASSWORD}\n")).unwrap();
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(ok.success(), "chown the cluster folder to postgres");
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let cluster = Cluster {
            dir,
            bin: bindir(),
            as_postgres,
            port,
            max_connections,
        };
        prepared(&cluster);
        let data = cluster.data();
        let method = match auth {
            Auth::Password => "scram-sha-256",
            Auth::Trust => "trust",
        };
        let out = cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                method,
                "--pwfile",
                &pwfile.to_string_lossy(),
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
        );
        assert!(
            out.status.success(),
            "initdb failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        cluster.start_again();
        cluster
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    /// `tool` of the server binaries, as the user that owns the cluster.
    fn command(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        }
    }

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        let exe = self.bin.join(tool);
        self.command(tool)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", exe.display()))
    }

    /// Starts the server (again, after [`Cluster::stop_fast`]) and waits until it accepts
    /// connections.
    pub fn start_again(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections={}",
            self.port,
            self.dir.path().display(),
            self.max_connections
        );
        let log = self.dir.path().join("server.log");
        let out = self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &opts,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "-t",
                "30",
                "start",
            ],
        );
        assert!(
            out.status.success(),
            "pg_ctl start failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    /// A fast shutdown, as `systemctl stop postgresql` does: every session is ended and its
    /// open transaction rolled back.
    pub fn stop_fast(&self) {
        let out = self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
        assert!(
            out.status.success(),
            "pg_ctl stop failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A URL for `user` with `password` (or none) to database `db`, TLS off (the private
    /// server has no certificate).
    pub fn url(&self, user: &str, password: Option<&str>, db: &str) -> String {
        let auth = match password {
            Some(p) => format!("{user}:{p}"),
            None => user.to_string(),
        };
        format!(
            "postgres://{auth}@127.0.0.1:{}/{db}?sslmode=disable",
            self.port
        )
    }

    /// The superuser's URL to `db`.
    pub fn admin_url(&self, db: &str) -> String {
        self.url("postgres", Some(SUPERUSER_PASSWORD), db)
    }

    pub fn client(&self, db: &str) -> Client {
        Client::connect(&self.admin_url(db), NoTls).expect("connect to the private server")
    }

    /// Creates database `db` and loads the given fixtures into it.
    pub fn database(&self, db: &str, fixtures: &[&str]) {
        self.client("postgres")
            .batch_execute(&format!("CREATE DATABASE \"{db}\""))
            .expect("create the database");
        let mut c = self.client(db);
        for f in fixtures {
            let text = std::fs::read_to_string(super::testdata(f)).expect("read the fixture");
            c.batch_execute(&text)
                .unwrap_or_else(|e| panic!("load {f}: {e:?}"));
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }
}

/// The watchdog and its standard input, kept open for as long as this process lives; the
/// watchdog outlives the process by design, so it is never waited for.
static WATCHDOG: Mutex<Option<(Child, ChildStdin)>> = Mutex::new(None);

/// Starts a trust-auth server that lives as long as this test binary and returns its URL
/// without a database name. A watchdog process (`sh`, in a process group of its own so that a
/// Ctrl-C to the tests does not reach it) reads a pipe from this process; the pipe closes when
/// the process ends, however it ends (all tests done, a panic that aborts, a kill), and the
/// watchdog then stops the server and removes its folder. Started before initdb, so a failure
/// half-way leaves nothing behind either.
pub fn start_for_this_process() -> String {
    let cluster = Cluster::start_with(Auth::Trust, 100, |c| {
        let script = r#"trap '' INT TERM HUP
cat >/dev/null
"$@" -D "$DATA" -m immediate -w stop >/dev/null 2>&1
rm -rf "$DIR""#;
        let mut watchdog = Command::new("sh");
        watchdog.args(["-c", script, "watchdog"]);
        let stop = c.command("pg_ctl");
        watchdog
            .arg(stop.get_program())
            .args(stop.get_args())
            .env("DATA", c.data())
            .env("DIR", c.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0);
        let mut child = watchdog
            .spawn()
            .expect("start the watchdog of the private server");
        let mut stdin = child.stdin.take().expect("the watchdog's stdin");
        // Nothing is ever written but this: it only proves the pipe works.
        stdin.write_all(b"\n").expect("write to the watchdog");
        *WATCHDOG.lock().unwrap() = Some((child, stdin));
    });
    let url = format!("postgres://postgres@127.0.0.1:{}", cluster.port);
    // The watchdog owns the folder and the server from here; dropping the cluster would stop
    // the server with the first test that finishes.
    std::mem::forget(cluster);
    url
}
