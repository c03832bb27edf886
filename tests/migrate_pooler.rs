//! `refscan migrate` through a real PgBouncer in transaction mode, as Supabase's pooler URLs
//! (port 6543, `pgbouncer=true`) lead to: two applies of the same phase at once apply it once,
//! the other waiting for the migration lock and then finding the phase applied, while queries
//! through the same pooler keep working; nothing refscan sets outlives its transactions; pg_dump
//! is refused with a hint naming the direct URL.

mod migrate_common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use migrate_common::pgbouncer::PgBouncer;
use migrate_common::*;
use postgres::{Client, NoTls};

fn rules() -> String {
    testdata("small_rules.toml").to_string_lossy().into_owned()
}

fn through(url: &str, args: &[&str]) -> Run {
    let rules = rules();
    let mut all = vec!["--rules", rules.as_str()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--database-url", url]);
    refscan(&all)
}

/// Queries on the old names through the pooler in a loop, until stopped: (queries, errors).
fn traffic(url: &str, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<(usize, Vec<String>)> {
    let url = url.replace("&pgbouncer=true", "");
    std::thread::spawn(move || {
        let mut c = Client::connect(&url, NoTls).expect("connect through pgbouncer");
        let (mut ran, mut errors) = (0, Vec::new());
        let deadline = Instant::now() + Duration::from_secs(90);
        while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
            let q = ["SELECT count(*) FROM notes", "SELECT count(*) FROM c_b"][ran % 2];
            if let Err(e) = c.simple_query(q) {
                errors.push(format!("{q}: {e}"));
            }
            ran += 1;
        }
        (ran, errors)
    })
}

#[test]
fn concurrent_applies_through_a_transaction_pooler_apply_once_while_traffic_goes_on() {
    // See: issue 16 item 2
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    migrate(&testdata("small_rules.toml"), &db, "init", &[]).ok();
    let bouncer = PgBouncer::start(&db.url);
    let url = bouncer.url(&db.name);

    let stop = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2).map(|_| traffic(&url, Arc::clone(&stop))).collect();
    std::thread::sleep(Duration::from_millis(200));
    let barrier = Arc::new(Barrier::new(2));
    let applies: Vec<_> = (0..2)
        .map(|_| {
            let (barrier, url) = (Arc::clone(&barrier), url.clone());
            std::thread::spawn(move || {
                barrier.wait();
                through(
                    &url,
                    &[
                        "migrate",
                        "apply",
                        "--phase",
                        "2",
                        "--lock-timeout",
                        "20s",
                        "--yes",
                    ],
                )
            })
        })
        .collect();
    let runs: Vec<Run> = applies.into_iter().map(|h| h.join().unwrap()).collect();
    let rollback = through(
        &url,
        &[
            "migrate",
            "rollback",
            "--phase",
            "2",
            "--lock-timeout",
            "20s",
            "--yes",
        ],
    );
    let again = through(&url, &["migrate", "apply", "--phase", "2", "--yes"]);
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::SeqCst);
    let (mut ran, mut errors) = (0, Vec::new());
    for r in readers {
        let (n, e) = r.join().unwrap();
        ran += n;
        errors.extend(e);
    }

    for r in &runs {
        assert_eq!(r.code, 0, "{runs:#?}\n{}", bouncer.log());
        assert!(
            r.stderr
                .contains("is a transaction-mode pooler (pgbouncer=true in the URL)"),
            "{r:#?}"
        );
    }
    let applied = runs
        .iter()
        .filter(|r| r.stdout.contains("phase 2 applied in"))
        .count();
    assert_eq!(applied, 1, "{runs:#?}");
    assert!(
        runs.iter()
            .any(|r| r.stdout.contains("applied by another run meanwhile")
                || r.stdout.contains("is already applied")),
        "{runs:#?}"
    );
    rollback.ok();
    again.ok();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(ran > 100, "only {ran} queries ran");
    assert_eq!(
        tracking(&db)
            .iter()
            .filter(|r| r.ends_with("| migrated | t") || r.ends_with("| migrated | f"))
            .count(),
        4,
        "{:#?}",
        tracking(&db)
    );

    // Nothing refscan set stays on the server sessions the pooler hands out to others.
    let plain = url.replace("&pgbouncer=true", "");
    for _ in 0..6 {
        let mut c = Client::connect(&plain, NoTls).unwrap();
        for (setting, default) in [
            ("lock_timeout", "0"),
            ("statement_timeout", "0"),
            ("idle_in_transaction_session_timeout", "0"),
        ] {
            let v = rows(&mut c, &format!("SHOW {setting}"));
            assert_eq!(v[0][0].as_deref(), Some(default), "{setting}");
        }
        let held = rows(
            &mut c,
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 0",
        );
        assert_eq!(held[0][0].as_deref(), Some("0"));
    }

    // pg_dump needs a session of its own: refused, naming the direct URL.
    let run = through(&url, &["backup", "--group", "t_", "--print"]);
    assert_eq!(run.code, 2, "{run:#?}");
    assert!(
        run.stderr.contains("goes through a transaction-mode pooler (pgbouncer=true in the URL), and pg_dump needs a session of its own"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("use the direct connection (port 5432"),
        "{}",
        run.stderr
    );
}
