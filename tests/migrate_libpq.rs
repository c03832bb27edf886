//! refscan connects as libpq does: `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`,
//! `PGSSLMODE`, a service file (`PGSERVICE` with `PGSERVICEFILE`, `~/.pg_service.conf` or
//! `PGSYSCONFDIR`) and a password file (`PGPASSFILE` or `~/.pgpass`, ignored when others may
//! read it), with no URL or filling what a URL leaves out; `DATABASE_URL` still works, and
//! `--database-url` wins over it. Each source is tried with the real binary against a private
//! server that asks for passwords, so a password from the wrong place does not connect.

mod migrate_common;

use std::path::{Path, PathBuf};

use migrate_common::cluster::Cluster;
use migrate_common::*;

const ROLE: &str = "refscan_lp";
const PASSWORD: &str = "Lpq3Secret";
const DB: &str = "lpdb";

fn rules() -> String {
    testdata("small_rules.toml").to_string_lossy().into_owned()
}

/// `refscan --rules small_rules.toml migrate status` with these variables (and `url`).
fn status(url: Option<&str>, vars: &[(&str, &str)]) -> Run {
    let rules = rules();
    let mut args = vec!["--rules", rules.as_str(), "migrate", "status"];
    if let Some(u) = url {
        args.extend(["--database-url", u]);
    }
    let run = refscan_env(&args, vars);
    for (name, shown) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !shown.contains(PASSWORD),
            "the password shows on {name}: {run:#?}"
        );
    }
    run
}

#[track_caller]
fn connects(run: Run) -> Run {
    assert_eq!(run.code, 0, "refscan did not connect: {run:#?}");
    assert!(run.stdout.contains("7 pending, 0 migrated"), "{run:#?}");
    run
}

#[track_caller]
fn refused(run: &Run, needle: &str) {
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(run.stderr.contains(needle), "missing {needle:?}: {run:#?}");
}

fn write_private(path: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn refscan_connects_as_libpq_does() {
    // See: issue 19 item 4
    let pg = Cluster::start();
    pg.database(DB, &["supabase_base.sql", "small_fixture.sql"]);
    pg.client(DB)
        .batch_execute(&format!(
            "CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'; GRANT postgres TO {ROLE};"
        ))
        .unwrap();
    let admin = pg.admin_url(DB);
    refscan(&[
        "--rules",
        &rules(),
        "migrate",
        "init",
        "--database-url",
        &admin,
        "--yes",
    ])
    .ok();
    let port = pg.port.to_string();
    let home = tempfile::tempdir().unwrap();
    let home_s = home.path().to_string_lossy().into_owned();
    let all = [
        ("HOME", home_s.as_str()),
        ("PGHOST", "127.0.0.1"),
        ("PGPORT", port.as_str()),
        ("PGUSER", ROLE),
        ("PGDATABASE", DB),
        ("PGPASSWORD", PASSWORD),
        ("PGSSLMODE", "disable"),
    ];

    // PG* variables alone, no URL; the messages name the resolved parameters.
    let run = connects(status(None, &all));
    assert!(
        run.stdout.contains(&format!(
            "host=127.0.0.1 port={port} user={ROLE} dbname={DB} password=***"
        )),
        "{}",
        run.stdout
    );
    // Without PGPASSWORD the server refuses: the password came from the variable.
    let no_password: Vec<(&str, &str)> = all
        .iter()
        .filter(|(k, _)| *k != "PGPASSWORD")
        .copied()
        .collect();
    let run = status(None, &no_password);
    refused(&run, "password missing");
    // PGSSLMODE is read: the private server has no TLS.
    let mut tls = all.to_vec();
    tls[6] = ("PGSSLMODE", "require");
    refused(&status(None, &tls), "cannot connect");

    // A URL without password, port or database: those come from the variables; the URL's
    // own parts win over them.
    let bare = format!("postgres://{ROLE}@127.0.0.1/{DB}?sslmode=disable");
    connects(status(Some(&bare), &all));
    connects(status(
        Some(&format!("postgres://{ROLE}@127.0.0.1?sslmode=disable")),
        &all,
    ));
    let mut wrong_db = all.to_vec();
    wrong_db[4] = ("PGDATABASE", "refscan_no_such_db");
    connects(status(
        Some(&format!("postgres://{ROLE}@127.0.0.1/{DB}?sslmode=disable")),
        &wrong_db,
    ));
    // With no variable at all there is nothing to go on.
    refused(&status(None, &[("HOME", &home_s)]), "no database given");

    // DATABASE_URL works; --database-url wins over it, and it wins over PG*.
    let full = pg.url(ROLE, Some(PASSWORD), DB);
    let mut via_env = wrong_db.clone();
    via_env.push(("DATABASE_URL", full.as_str()));
    connects(status(None, &via_env));
    let run = status(
        Some(&format!(
            "postgres://{ROLE}:{PASSWORD}@127.0.0.1:{port}/refscan_no_such_db?sslmode=disable"
        )),
        &via_env,
    );
    refused(&run, "refscan_no_such_db");

    // ~/.pgpass (0600) gives the password; a pgpass others may read is passed over with
    // libpq's warning; PGPASSFILE names another file.
    let pgpass = home.path().join(".pgpass");
    let line = format!("127.0.0.1:{port}:{DB}:{ROLE}:{PASSWORD}\n");
    write_private(
        &pgpass,
        &format!("# refscan test\n*:*:other:*:nope\n{line}"),
        0o600,
    );
    connects(status(None, &no_password));
    connects(status(Some(&bare), &[("HOME", &home_s), ("PGPORT", &port)]));
    write_private(&pgpass, &line, 0o644);
    let run = status(None, &no_password);
    refused(&run, "password missing");
    assert!(
        run.stderr.contains(&format!(
            "refscan: warning: password file \"{}\" has group or world access; permissions should be u=rw (0600) or less",
            pgpass.display()
        )),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&pgpass).unwrap();
    let elsewhere = home.path().join("elsewhere.pgpass");
    write_private(&elsewhere, &line, 0o600);
    let elsewhere_s = elsewhere.to_string_lossy().into_owned();
    let mut passfile = no_password.clone();
    passfile.push(("PGPASSFILE", elsewhere_s.as_str()));
    connects(status(None, &passfile));

    // A service: PGSERVICE with PGSERVICEFILE, `service=` in a key/value string or a URL,
    // ~/.pg_service.conf, and PGSYSCONFDIR/pg_service.conf.
    let section = format!(
        "# refscan test\n[other]\nhost=nowhere.invalid\n\n[lp]\nhost=127.0.0.1\nport={port}\nuser={ROLE}\ndbname={DB}\npassword={PASSWORD}\nsslmode=disable\n"
    );
    let svc = home.path().join("services.conf");
    write_private(&svc, &section, 0o600);
    let svc_s = svc.to_string_lossy().into_owned();
    let only_home = [("HOME", home_s.as_str())];
    let with_file = |more: &[(&'static str, &str)]| -> Vec<(&str, String)> {
        let mut v = vec![("HOME", home_s.clone()), ("PGSERVICEFILE", svc_s.clone())];
        v.extend(more.iter().map(|(k, val)| (*k, val.to_string())));
        v
    };
    let run_with = |url: Option<&str>, v: Vec<(&str, String)>| {
        let refs: Vec<(&str, &str)> = v.iter().map(|(k, val)| (*k, val.as_str())).collect();
        status(url, &refs)
    };
    connects(run_with(None, with_file(&[("PGSERVICE", "lp")])));
    connects(run_with(Some("service=lp"), with_file(&[])));
    connects(run_with(Some("postgres:///?service=lp"), with_file(&[])));
    let run = run_with(None, with_file(&[("PGSERVICE", "nope")]));
    refused(&run, "definition of service `nope` not found");
    std::fs::copy(&svc, home.path().join(".pg_service.conf")).unwrap();
    connects(status(None, &[only_home[0], ("PGSERVICE", "lp")]));
    std::fs::remove_file(home.path().join(".pg_service.conf")).unwrap();
    let sysconf: PathBuf = home.path().join("sysconf");
    std::fs::create_dir(&sysconf).unwrap();
    std::fs::copy(&svc, sysconf.join("pg_service.conf")).unwrap();
    let sysconf_s = sysconf.to_string_lossy().into_owned();
    connects(status(
        None,
        &[
            only_home[0],
            ("PGSYSCONFDIR", &sysconf_s),
            ("PGSERVICE", "lp"),
        ],
    ));

    // backup hands the same environment to pg_dump.
    let out = home.path().join("t.dump");
    let out_s = out.to_string_lossy().into_owned();
    let run = refscan_env(
        &["--rules", &rules(), "backup", "--group", "t_", "-o", &out_s],
        &all,
    );
    assert_eq!(run.code, 0, "{run:#?}");
    assert!(out.metadata().unwrap().len() > 0);
}
