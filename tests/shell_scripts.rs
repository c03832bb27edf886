//! Shell scripts on testdata/shell: the SQL and JavaScript a script hands to psql, pg_dump and
//! node (arguments, heredocs, here-strings, pipes) are classified as in their own files; the
//! rewrite keeps every script valid, changes exactly what the programs receive for the tables
//! named as written, leaves names built from `$variables` alone, and reverses to every byte.

mod util;

use std::path::Path;
use std::process::Command;

use util::{copy_tree, json_report_findings, located_kind, run_in, testdata};

/// `path:line:column name kind[/site]` for every finding.
fn findings(dir: &Path) -> Vec<String> {
    json_report_findings(dir).iter().map(located_kind).collect()
}

// See: issue 13 item 3
#[test]
fn sql_and_javascript_inside_shell_scripts_are_classified_in_their_own_language() {
    let want = [
        "scripts/backup-tables.sh:2:45 experts mention", // comment
        "scripts/backup-tables.sh:2:54 sources_google mention", // comment
        "scripts/backup-tables.sh:9:41 sources_google sql", // pg_dump -t public.t
        "scripts/backup-tables.sh:9:59 experts sql",     // pg_dump -t t
        "scripts/backup-tables.sh:12:51 sources_google sql", // $(psql -tAc "...")
        "scripts/backup-tables.sh:13:32 sources_google mention", // echo to the terminal
        "scripts/backup-tables.sh:15:50 experts sql",    // '\''t'\''::regclass
        "scripts/reset-db:3:35 sources_google sql",      // no extension: #!/bin/sh
        "scripts/reset-db:3:51 experts sql",
        "scripts/seed.sh:2:37 experts mention",  // comment
        "scripts/seed.sh:8:13 experts sql",      // unquoted heredoc to psql
        "scripts/seed.sh:9:17 experts mention",  // ${PREFIX}experts: built at run time
        "scripts/seed.sh:10:23 experts mention", // $SCHEMA.experts: schema unknown
        "scripts/seed.sh:11:13 sources_google sql",
        "scripts/seed.sh:17:24 experts sql", // quoted heredoc, function body
        "scripts/seed.sh:23:18 sources_google sql", // cat <<-SQL | psql
        "scripts/seed.sh:28:39 experts from-call", // node heredoc
        "scripts/seed.sh:28:61 sources_google postgrest/embed",
        "scripts/seed.sh:29:27 experts table-string", // a JS string that is exactly the name
        "scripts/seed.sh:32:25 sources_google from-call", // node -e "..."
        "scripts/seed.sh:33:13 experts mention",      // echo
    ];
    assert_eq!(findings(&testdata("shell")), want);
}

/// Runs each script with psql, pg_dump, node and date replaced by programs that log their
/// arguments and standard input; returns the log.
fn run_scripts(dir: &Path) -> String {
    let bin = dir.join(".stub-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join(".programs.log");
    std::fs::write(&log, "").unwrap();
    for prog in ["psql", "pg_dump", "node"] {
        let stub = format!(
            "#!/bin/sh\n{{ printf '%s' '{prog}'; printf ' [%s]' \"$@\"; echo; cat; echo; }} >> \"$PROGRAM_LOG\"\n"
        );
        write_executable(&bin.join(prog), &stub);
    }
    write_executable(&bin.join("date"), "#!/bin/sh\necho 20260101\n");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    for script in [
        "scripts/backup-tables.sh",
        "scripts/seed.sh",
        "scripts/reset-db",
    ] {
        let file = dir.join(script);
        let syntax = Command::new("bash").arg("-n").arg(&file).status().unwrap();
        assert!(syntax.success(), "{script} is no longer valid shell");
        let out = Command::new(&file)
            .current_dir(dir)
            .env("PATH", &path)
            .env("PROGRAM_LOG", &log)
            .env("SUPABASE_DB_URL", "postgres://db")
            .env("DATABASE_URL", "postgres://db")
            .env("USER", "ada")
            .env("WITH_FUNCTIONS", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{script} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::read_to_string(&log).unwrap()
}

fn write_executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

// See: issue 13 item 3
#[test]
fn rewritten_scripts_stay_valid_and_hand_the_programs_the_new_names() {
    let dir = copy_tree(&testdata("shell"));
    let before = run_scripts(dir.path());
    let originals: Vec<Vec<u8>> = [
        "scripts/backup-tables.sh",
        "scripts/seed.sh",
        "scripts/reset-db",
    ]
    .iter()
    .map(|s| std::fs::read(dir.path().join(s)).unwrap())
    .collect();
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let after = run_scripts(dir.path());
    // What each program receives, as the shell hands it over, changed exactly here.
    let changes = [
        (
            "[public.sources_google] [-t] [experts]",
            "[public.google_sources] [-t] [expert_profiles]",
        ),
        (
            "count(*) from sources_google where",
            "count(*) from google_sources where",
        ),
        (
            "select 'experts'::regclass;",
            "select 'expert_profiles'::regclass;",
        ),
        ("insert into experts (id", "insert into expert_profiles (id"),
        (
            "delete from sources_google where owner = 'ada'",
            "delete from google_sources where owner = 'ada'",
        ),
        (
            "select count(*) from experts\n$$",
            "select count(*) from expert_profiles\n$$",
        ),
        (
            "grant select on sources_google to",
            "grant select on google_sources to",
        ),
        (
            "supabase.from('experts').select('id, sources_google(name)')",
            "supabase.from('expert_profiles').select('id, sources_google:google_sources(name)')",
        ),
        (
            "supabase.from('sources_google').delete()",
            "supabase.from('google_sources').delete()",
        ),
        (
            "[truncate sources_google, experts cascade]",
            "[truncate google_sources, expert_profiles cascade]",
        ),
    ];
    let mut want = before.clone();
    for (old, new) in changes {
        assert_eq!(want.matches(old).count(), 1, "{old:?} in\n{want}");
        want = want.replacen(old, new, 1);
    }
    assert_eq!(after, want);
    // Names the script builds at run time are left as written.
    assert!(after.contains("update experts set name"));
    assert!(after.contains("select * from public.experts;"));
    run_in(dir.path(), &["rewrite", "--write", "--reverse"]).expect(0);
    for (s, original) in [
        "scripts/backup-tables.sh",
        "scripts/seed.sh",
        "scripts/reset-db",
    ]
    .iter()
    .zip(originals)
    {
        assert_eq!(std::fs::read(dir.path().join(s)).unwrap(), original, "{s}");
    }
}

/// A scratch project with the fixture's rules and one script.
fn project_with_script(script: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        testdata("shell").join("refscan.toml"),
        dir.path().join("refscan.toml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("deep.sh"), script).unwrap();
    dir
}

// Regression: command substitutions nested 200,000 deep overflowed the stack and aborted the
// whole scan.
#[test]
fn deeply_nested_command_substitutions_do_not_overflow_the_stack() {
    let n = 200_000;
    let script = format!(
        "psql -c \"select 1 from experts\"\necho {}experts{}\n",
        "$(".repeat(n),
        ")".repeat(n)
    );
    let dir = project_with_script(&script);
    assert_eq!(
        findings(dir.path()),
        [
            "deep.sh:1:24 experts sql",
            "deep.sh:2:400006 experts mention"
        ]
    );
}

// Regression: heredocs feeding bash, nested 3,000 deep, were classified by recursion one level
// per heredoc until the stack overflowed.
#[test]
fn heredocs_nested_thousands_deep_do_not_overflow_the_stack() {
    let n = 3000;
    let mut script = String::new();
    for i in 0..n {
        script.push_str(&format!("bash <<E{i}\n"));
    }
    script.push_str("psql -c \"select 1 from experts\"\n");
    for i in (0..n).rev() {
        script.push_str(&format!("E{i}\n"));
    }
    let dir = project_with_script(&script);
    // Past the nesting refscan reads, the name is left for review, never guessed.
    assert_eq!(
        findings(dir.path()),
        [format!("deep.sh:{}:24 experts mention", n + 1)]
    );
    // A few levels are read through.
    let shallow = "bash <<A\nbash <<B\npsql -c \"select 1 from experts\"\nB\nA\n";
    let dir = project_with_script(shallow);
    assert_eq!(findings(dir.path()), ["deep.sh:3:24 experts sql"]);
}
