//! A private PostgreSQL server for the tests the machine's server cannot host: it asks for
//! passwords (scram-sha-256, where the shared server trusts 127.0.0.1), and a test may shut it
//! down and start it again. initdb into a temporary folder, a free port on 127.0.0.1, removed
//! on drop. Run as the `postgres` user when the tests run as root, since initdb refuses root.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use postgres::{Client, NoTls};

/// The superuser password of every private cluster.
pub const SUPERUSER_PASSWORD: &str = "Pr1vateClusterPw";

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    pub port: u16,
}

/// The newest server binaries on the machine: the Debian layout first, then pg_config's.
fn bindir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let major = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return bin;
    }
    let out = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .expect("the private-server tests need initdb: install the PostgreSQL server package");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Cluster {
    /// A fresh, running server with password authentication for every connection.
    pub fn start() -> Cluster {
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
        };
        let data = cluster.data();
        let out = cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "scram-sha-256",
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

    fn run(&self, tool: &str, args: &[&str]) -> Output {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", exe.display()))
    }

    /// Starts the server (again, after [`Cluster::stop_fast`]) and waits until it accepts
    /// connections.
    pub fn start_again(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=20",
            self.port,
            self.dir.path().display()
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
