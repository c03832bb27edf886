//! A PgBouncer in transaction mode in front of a test database: its own ini in a temporary
//! folder, a free port on 127.0.0.1, stopped on drop. Debian's `pgbouncer` package provides it
//! (scripts/test installs it); a test that needs it fails, naming the package, when it is
//! missing. Run as the `postgres` user when the tests run as root, since PgBouncer refuses root.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct PgBouncer {
    dir: tempfile::TempDir,
    pub port: u16,
}

fn binary() -> PathBuf {
    for p in [
        "/usr/sbin/pgbouncer",
        "/usr/bin/pgbouncer",
        "/usr/local/bin/pgbouncer",
    ] {
        if std::path::Path::new(p).exists() {
            return PathBuf::from(p);
        }
    }
    let found = Command::new("sh")
        .args(["-c", "command -v pgbouncer"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    found.unwrap_or_else(|| {
        panic!("this test needs PgBouncer: install the Debian package pgbouncer (apt-get install pgbouncer; scripts/test does)")
    })
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

impl PgBouncer {
    /// Starts PgBouncer in transaction mode forwarding every database name to the server of
    /// `server_url` (a `postgres://` URL), as its user.
    pub fn start(server_url: &str) -> PgBouncer {
        let bin = binary();
        let server: postgres::Config = server_url.parse().expect("a server URL");
        let host = match server.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            _ => "127.0.0.1".to_string(),
        };
        let server_port = server.get_ports().first().copied().unwrap_or(5432);
        let user = server.get_user().unwrap_or("postgres").to_string();
        let password = server
            .get_password()
            .map(|p| format!(" password={}", String::from_utf8_lossy(p)))
            .unwrap_or_default();
        let dir = tempfile::Builder::new()
            .prefix("refscan_pgbouncer_")
            .tempdir()
            .expect("temp dir");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let d = dir.path().display();
        let ini = format!(
            "[databases]\n* = host={host} port={server_port} user={user}{password}\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\nauth_type = any\npool_mode = transaction\nmax_client_conn = 100\ndefault_pool_size = 8\nlogfile = {d}/pgbouncer.log\npidfile = {d}/pgbouncer.pid\nignore_startup_parameters = extra_float_digits\n"
        );
        let ini_path = dir.path().join("pgbouncer.ini");
        std::fs::write(&ini_path, ini).unwrap();
        let mut cmd = if is_root() {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(ok.success(), "chown the PgBouncer folder to postgres");
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        let status = cmd
            .arg("-d")
            .arg(&ini_path)
            .stdin(Stdio::null())
            .status()
            .unwrap_or_else(|e| panic!("run {}: {e}", bin.display()));
        let bouncer = PgBouncer { dir, port };
        assert!(
            status.success(),
            "pgbouncer failed to start:\n{}",
            bouncer.log()
        );
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "pgbouncer did not listen on port {port}:\n{}",
                bouncer.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        bouncer
    }

    /// A URL to database `db` through this PgBouncer, as Supabase's pooler URLs read.
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@127.0.0.1:{}/{db}?sslmode=disable&pgbouncer=true",
            self.port
        )
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pgbouncer.log")).unwrap_or_default()
    }
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.dir.path().join("pgbouncer.pid")) {
            let _ = Command::new("kill").args(["-TERM", pid.trim()]).status();
            let started = Instant::now();
            while TcpStream::connect(("127.0.0.1", self.port)).is_ok()
                && started.elapsed() < Duration::from_secs(5)
            {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}
