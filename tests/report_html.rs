//! `refscan report --format html`: the page is rendered by headless Chromium (Debian's
//! `chromium` package) and the assertions are on the DOM it builds: one table per group, rows
//! classed ready / blocked / cleaned, the totals, and nothing loaded from elsewhere.

mod migrate_common;
mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use util::{run_in, testdata};

/// The Chromium binary: `CHROMIUM` if set, else `chromium` on the PATH. A missing browser
/// fails the test: CI installs it.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromium"))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "this test renders the HTML report in headless Chromium, and `chromium` is not on the PATH: \
             install Debian's `chromium` package (bash .ci/run does) or set CHROMIUM to the binary"
        )
    })
}

/// Runs headless Chromium on `page` with `extra` arguments; returns its stdout. Fails after
/// two minutes rather than hang.
fn chromium_run(page: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().unwrap();
    assert!(status.success(), "chromium failed: {status}");
    out
}

/// The DOM Chromium built from the page, serialised.
fn render(page: &Path) -> String {
    let dom = chromium_run(page, &["--dump-dom"]);
    assert!(dom.contains("<body>"), "no DOM from chromium:\n{dom}");
    dom
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The serialised `<tr>` element of a table's row.
fn row<'a>(dom: &'a str, old: &str) -> &'a str {
    let key = format!("data-table=\"{old}\"");
    let at = dom.find(&key).unwrap_or_else(|| panic!("no row for {old}"));
    let start = dom[..at].rfind("<tr").unwrap();
    let end = at + dom[at..].find("</tr>").unwrap();
    &dom[start..end]
}

/// A page must stand alone: no script, no stylesheet or image from anywhere.
fn assert_self_contained(html: &str) {
    for bad in [
        "<script", "<link", "src=", "href=", "http://", "https://", "@import", "url(",
    ] {
        assert!(!html.contains(bad), "the page holds `{bad}`");
    }
}

#[test]
fn code_only_page_renders_a_table_per_group() {
    let root = testdata("monorepo");
    let html = run_in(&root, &["report", "--format", "html"])
        .expect(0)
        .stdout;
    assert_self_contained(&html);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("readiness.html");
    std::fs::write(&page, &html).unwrap();
    let dom = render(&page);

    // What the page should say, from the plan and the JSON report of the same tree.
    let plan: serde_json::Value = serde_json::from_str(
        &run_in(&root, &["rules", "--format", "json"])
            .expect(0)
            .stdout,
    )
    .unwrap();
    let report: serde_json::Value = serde_json::from_str(
        &run_in(&root, &["report", "--format", "json"])
            .expect(0)
            .stdout,
    )
    .unwrap();
    let mut rewritable: BTreeMap<String, usize> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        if f["rewritable"] == true {
            *rewritable
                .entry(f["old"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
    }
    let groups: Vec<&serde_json::Value> = plan["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| !g["renamed"].as_array().unwrap().is_empty())
        .collect();
    let renamed: Vec<&str> = groups
        .iter()
        .flat_map(|g| g["renamed"].as_array().unwrap())
        .map(|t| t["old"].as_str().unwrap())
        .collect();
    let blocked = renamed
        .iter()
        .filter(|t| rewritable.contains_key(**t))
        .count();
    let ready = renamed.len() - blocked;
    assert!(blocked > 0 && ready > 0, "the fixture has both kinds");

    assert_eq!(count(&dom, "<table class=\"group\""), groups.len());
    for g in &groups {
        let prefix = g["prefix"].as_str().unwrap();
        assert!(
            dom.contains(&format!("<table class=\"group\" data-group=\"{prefix}\">")),
            "no table for {prefix}"
        );
    }
    assert_eq!(count(&dom, "<tr class=\"ready\""), ready);
    assert_eq!(count(&dom, "<tr class=\"blocked\""), blocked);
    assert_eq!(count(&dom, "<tr class=\"cleaned\""), 0);
    assert!(dom.contains(&format!(
        "<span class=\"count\" id=\"count-ready\">{ready}</span>"
    )));
    assert!(dom.contains(&format!(
        "<span class=\"count\" id=\"count-blocked\">{blocked}</span>"
    )));
    // Without a database there are no status, view or function columns.
    assert!(!dom.contains("<th>Status</th>"));
    assert!(dom.contains("Code side only"));

    let experts = row(&dom, "experts");
    assert!(experts.starts_with("<tr class=\"blocked\""), "{experts}");
    assert!(
        experts.contains(&format!(
            "<li>{} rewritable references in the code</li>",
            rewritable["experts"]
        )),
        "{experts}"
    );
    assert!(experts
        .contains("<span class=\"kind from-call\" data-kind=\"from-call\">from-call 1</span>"));
    let ready_row = row(&dom, "user_profiles_v2");
    assert!(ready_row.starts_with("<tr class=\"ready\""), "{ready_row}");
    assert!(
        ready_row.contains("<td class=\"verdict\">yes</td>"),
        "{ready_row}"
    );
}

#[test]
fn database_page_colours_ready_blocked_and_cleaned_rows() {
    use migrate_common::{migrate, refscan, TestDb};
    let rules = migrate_common::testdata("small_rules.toml");
    let db = TestDb::new();
    db.load("supabase_base.sql");
    db.load("small_fixture.sql");
    migrate(&rules, &db, "apply", &["--phase", "1"]).ok();
    migrate(&rules, &db, "apply", &["--phase", "2"]).ok();
    // Phase 2 cleaned up, phase 3 applied: its c_a is still used by code and a function.
    migrate(&rules, &db, "cleanup", &["--phase", "2", "--force"]).ok();
    migrate(&rules, &db, "apply", &["--phase", "3"]).ok();
    db.exec(
        "CREATE FUNCTION c_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM c_a $$;",
    );
    let code = tempfile::tempdir().unwrap();
    std::fs::write(code.path().join("q.sql"), "select * from c_a;\n").unwrap();
    let rules_s = rules.to_str().unwrap().to_string();
    let html = refscan(&[
        "--rules",
        &rules_s,
        "report",
        code.path().to_str().unwrap(),
        "--database-url",
        &db.url,
        "--format",
        "html",
    ])
    .ok()
    .stdout;
    assert_self_contained(&html);
    let page = code.path().join("readiness.html");
    std::fs::write(&page, &html).unwrap();
    let dom = render(&page);

    assert_eq!(count(&dom, "<table class=\"group\""), 3);
    assert!(dom.contains("<th>Status</th><th>View</th>"));
    assert!(dom.contains("<th>Functions naming the old table</th>"));
    let c_a = row(&dom, "c_a");
    assert!(c_a.starts_with("<tr class=\"blocked\""), "{c_a}");
    assert!(
        c_a.contains("<li>1 rewritable reference in the code</li><li>named in c_count()</li>"),
        "{c_a}"
    );
    assert!(
        c_a.contains("<td class=\"functions\">c_count()</td>"),
        "{c_a}"
    );
    assert!(c_a.contains("<td class=\"view\">yes</td>"), "{c_a}");
    for t in ["t_a", "t_b", "notes", "c_b"] {
        let r = row(&dom, t);
        assert!(r.starts_with("<tr class=\"cleaned\""), "{r}");
        assert!(r.contains("<td class=\"status\">cleaned</td>"), "{r}");
    }
    for t in ["s_x", "s_y"] {
        let r = row(&dom, t);
        assert!(r.starts_with("<tr class=\"ready\""), "{r}");
        assert!(r.contains("<td class=\"status\">migrated</td>"), "{r}");
        assert!(r.contains("<td class=\"verdict\">yes</td>"), "{r}");
    }
    assert_eq!(count(&dom, "<tr class=\"ready\""), 2);
    assert_eq!(count(&dom, "<tr class=\"blocked\""), 1);
    assert_eq!(count(&dom, "<tr class=\"cleaned\""), 4);
    assert!(dom.contains("<span class=\"count\" id=\"count-ready\">2</span>"));
    assert!(dom.contains("<span class=\"count\" id=\"count-blocked\">1</span>"));
    assert!(dom.contains("<span class=\"count\" id=\"count-cleaned\">4</span>"));

    // And it paints: a screenshot comes out as a PNG.
    let shot = code.path().join("readiness.png");
    chromium_run(&page, &[&format!("--screenshot={}", shot.display())]);
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
}
