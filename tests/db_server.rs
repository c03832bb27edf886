//! The database tests bring their own server when the machine has none: the private server of
//! a test binary is gone once the binary ends, however it ends, and a machine without
//! PostgreSQL gets a failure that says what to install and what to set.

mod migrate_common;

use std::io::{BufRead as _, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use migrate_common::cluster;

/// Runs one of the ignored helper tests below in a child copy of this binary, reads the folder
/// and port of the server it started, and returns them with the running child.
fn helper(name: &str) -> (Child, PathBuf, u16) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "--nocapture", name])
        .env(HELPER, "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run this test binary again");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("private server: ").map(str::to_string))
        .expect("the helper reports its server");
    let (port, dir) = line.split_once(' ').unwrap();
    // Keep reading so the child never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, PathBuf::from(dir), port.parse().unwrap())
}

/// Waits until the server at `port` refuses connections and `dir` is gone.
#[track_caller]
fn assert_gone(port: u16, dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let listening = TcpStream::connect(("127.0.0.1", port)).is_ok();
        if !listening && !dir.exists() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the private server outlived its test binary (listening: {listening}, folder {} exists: {})",
            dir.display(),
            dir.exists()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Set for the child copy: the helpers do nothing in an ordinary `--ignored` run.
const HELPER: &str = "REFSCAN_DB_SERVER_HELPER";

/// Starts the private server a test binary uses when there is no other and says where it is.
fn start_and_report() -> bool {
    if std::env::var_os(HELPER).is_none() {
        return false;
    }
    let url = cluster::start_for_this_process();
    let port = url.rsplit(':').next().unwrap();
    let mut c = postgres::Client::connect(&format!("{url}/postgres"), postgres::NoTls).unwrap();
    let dir: String = c
        .query_one("SELECT current_setting('data_directory')", &[])
        .unwrap()
        .get(0);
    let dir = Path::new(&dir).parent().unwrap().display().to_string();
    println!("private server: {port} {dir}");
    true
}

#[test]
#[ignore = "run by private_server_is_gone_after_a_panic"]
fn helper_panics_with_a_private_server() {
    if start_and_report() {
        panic!("a failing test");
    }
}

#[test]
#[ignore = "run by private_server_is_gone_after_a_kill"]
fn helper_waits_with_a_private_server() {
    if start_and_report() {
        std::thread::sleep(Duration::from_secs(600));
    }
}

#[test]
fn private_server_is_gone_after_a_panic() {
    // See: issue 15 item 2
    let (mut child, dir, port) = helper("helper_panics_with_a_private_server");
    assert!(dir.join("data").is_dir(), "{}", dir.display());
    let status = child.wait().unwrap();
    assert!(!status.success(), "the helper test fails");
    assert_gone(port, &dir);
}

#[test]
fn private_server_is_gone_after_a_kill() {
    // See: issue 15 item 2
    let (mut child, dir, port) = helper("helper_waits_with_a_private_server");
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_ok(),
        "the server runs while the binary does"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_gone(port, &dir);
}

#[test]
fn no_server_binaries_names_the_package_and_the_variable() {
    // See: issue 15 item 2
    let empty = tempfile::tempdir().unwrap();
    let err = cluster::find_bindir(&[empty.path()], false).unwrap_err();
    assert!(
        err.contains("Install Debian's `postgresql` package"),
        "{err}"
    );
    assert!(err.contains("set REFSCAN_TEST_PG=postgres://"), "{err}");
}

#[test]
fn the_newest_server_binaries_are_chosen() {
    let root = tempfile::tempdir().unwrap();
    for major in ["13", "16", "9"] {
        let bin = root.path().join(major).join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("initdb"), "").unwrap();
    }
    std::fs::create_dir_all(root.path().join("17/bin")).unwrap();
    assert_eq!(
        cluster::find_bindir(&[root.path()], false).unwrap(),
        root.path().join("16/bin")
    );
}
