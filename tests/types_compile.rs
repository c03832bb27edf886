//! `refscan types` end to end: the generated compatibility module, put between a realistic
//! `supabase gen types` file (new names, compatibility views under some old names) and code
//! still written with the old names, is checked by the real TypeScript compiler against the
//! real `@supabase/supabase-js` types.
//!
//! TypeScript and supabase-js come from npm, installed on first use under the Cargo target
//! folder; node and npm must be on the PATH.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const TYPESCRIPT: &str = "typescript@5";
/// Pinned: the test leans on how postgrest-js infers select strings.
const SUPABASE_JS: (&str, &str) = ("@supabase/supabase-js", "2.109.0");

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/types");

struct Setup {
    /// npm prefix: `node_modules/` lives here.
    prefix: PathBuf,
    /// Inside `prefix`, so that module resolution finds `node_modules/` by walking up.
    work: PathBuf,
}

fn refscan(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refscan"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("running refscan")
}

fn npm_install(prefix: &Path) {
    let typescript_ok = prefix.join("node_modules/typescript/bin/tsc").is_file();
    let supabase_ok =
        std::fs::read_to_string(prefix.join("node_modules/@supabase/supabase-js/package.json"))
            .is_ok_and(|p| p.contains(&format!("\"version\": \"{}\"", SUPABASE_JS.1)));
    if typescript_ok && supabase_ok {
        return;
    }
    std::fs::create_dir_all(prefix).unwrap();
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(prefix)
        .arg(TYPESCRIPT)
        .arg(format!("{}@{}", SUPABASE_JS.0, SUPABASE_JS.1))
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run npm ({e}): this test installs {TYPESCRIPT} and {}@{} with npm; \
                 install Node.js and npm (e.g. `apt-get install nodejs npm`)",
                SUPABASE_JS.0, SUPABASE_JS.1
            )
        });
    assert!(
        status.success(),
        "npm install of {TYPESCRIPT} and {} into {} failed",
        SUPABASE_JS.0,
        prefix.display()
    );
}

fn tsconfig(include: &str, supabase_types: &str) -> String {
    format!(
        r#"{{
  "compilerOptions": {{
    "strict": true,
    "noEmit": true,
    "noUnusedLocals": true,
    "isolatedModules": true,
    "target": "es2022",
    "module": "esnext",
    "moduleResolution": "bundler",
    "lib": ["es2022"],
    "types": [],
    "skipLibCheck": true,
    "paths": {{ "@/types/supabase": ["./{supabase_types}"] }}
  }},
  "files": ["{include}"]
}}
"#
    )
}

/// Installs the tools once, copies the fixtures into a fresh work folder and generates the
/// module there for the bundled rules, all phases.
fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tsc");
        npm_install(&prefix);
        let work = prefix.join("work");
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).unwrap();
        for f in ["database.types.ts", "old_code.ts", "misspelled.ts"] {
            std::fs::copy(Path::new(FIXTURES).join(f), work.join(f)).unwrap();
        }
        let out = refscan(
            &[
                "types",
                "--import",
                "./database.types",
                "--out",
                "database.compat.ts",
            ],
            &work,
        );
        assert!(
            out.status.success(),
            "refscan types failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (name, include, target) in [
            ("compat", "old_code.ts", "database.compat.ts"),
            ("plain", "old_code.ts", "database.types.ts"),
            ("misspelled", "misspelled.ts", "database.compat.ts"),
        ] {
            std::fs::write(
                work.join(format!("tsconfig.{name}.json")),
                tsconfig(include, target),
            )
            .unwrap();
        }
        Setup { prefix, work }
    })
}

/// Runs tsc in `dir`; returns whether it passed and its diagnostics. `cache` names the
/// incremental build information kept beside the install: the work folder is rebuilt with the
/// same paths on every run, so tsc re-checks only files whose content changed (it compares
/// hashes) and reports the diagnostics of the others from the cache.
fn tsc(s: &Setup, dir: &Path, cache: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new("node")
        .arg(s.prefix.join("node_modules/typescript/bin/tsc"))
        .args(args)
        .args(["--pretty", "false", "--incremental", "--tsBuildInfoFile"])
        .arg(s.prefix.join("cache").join(format!("{cache}.tsbuildinfo")))
        .current_dir(dir)
        .output()
        .expect("running node (is Node.js installed?)");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// 1-based line numbers of the errors tsc reports in `file`.
fn error_lines(diagnostics: &str, file: &str) -> BTreeSet<usize> {
    let prefix = format!("{file}(");
    diagnostics
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter(|l| l.contains("): error TS"))
        .map(|l| l[..l.find(',').unwrap()].parse().unwrap())
        .collect()
}

/// 1-based numbers of the lines of code (not whole-line comments) of `text` containing
/// `needle`.
fn lines_with(text: &str, needle: &str) -> BTreeSet<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//") && l.contains(needle))
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn old_code_compiles_with_the_module() {
    let s = setup();
    let (ok, diagnostics) = tsc(s, &s.work, "compat", &["-p", "tsconfig.compat.json"]);
    assert!(
        ok,
        "old code does not compile with the module:\n{diagnostics}"
    );
    assert_eq!(diagnostics.trim(), "");
}

#[test]
fn old_code_fails_against_the_plain_generated_file() {
    let s = setup();
    let (ok, diagnostics) = tsc(s, &s.work, "plain", &["-p", "tsconfig.plain.json"]);
    assert!(!ok, "old code compiles without the module");
    let errors = error_lines(&diagnostics, "old_code.ts");
    let code = std::fs::read_to_string(s.work.join("old_code.ts")).unwrap();
    // Each form fails on its own, including where a compatibility view still exists: the
    // view makes `Tables<'experts'>` and `.from('experts')` compile, but with the view's
    // all-nullable Row.
    for needle in [
        "DocumentTypes, // deprecated",
        "Database['public']['Tables']['experts']['Row']",
        "PublicTables[\"sources_google\"][\"Row\"]",
        "export const schemaFormToo",
        "export type NewExpert = TablesInsert<\"experts\">",
        "export type ExpertPatch = TablesUpdate<\"experts\">",
        "TablesInsert<\"processing_batches\">",
        "return expert.full_name ?? expert.expert_name",
        "supabase.from(\"prompts\")",
        "d.sources_google.name",
    ] {
        let lines = lines_with(&code, needle);
        assert_eq!(lines.len(), 1, "`{needle}` should be on exactly one line");
        assert!(
            lines.is_subset(&errors),
            "`{needle}` (line {lines:?}) compiles against the plain generated file; errors on \
             lines {errors:?}:\n{diagnostics}"
        );
    }
}

#[test]
fn misspelled_old_names_still_fail_with_the_module() {
    let s = setup();
    let (ok, diagnostics) = tsc(
        s,
        &s.work,
        "misspelled",
        &["-p", "tsconfig.misspelled.json"],
    );
    assert!(!ok, "misspelled names compile:\n{diagnostics}");
    let code = std::fs::read_to_string(s.work.join("misspelled.ts")).unwrap();
    let expected = lines_with(&code, "// misspelled");
    assert_eq!(expected.len(), 6);
    assert_eq!(
        error_lines(&diagnostics, "misspelled.ts"),
        expected,
        "{diagnostics}"
    );
}

#[test]
fn editors_flag_old_names_as_deprecated() {
    let s = setup();
    let out = Command::new("node")
        .arg(Path::new(FIXTURES).join("deprecated.cjs"))
        .arg(s.prefix.join("node_modules/typescript"))
        .arg("tsconfig.compat.json")
        .arg("old_code.ts")
        .current_dir(&s.work)
        .output()
        .expect("running node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reported: BTreeSet<(usize, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (line, name) = l.split_once(' ').unwrap();
            (line.parse().unwrap(), name.to_string())
        })
        .collect();
    // What old_code.ts announces with `// deprecated: a, b` comments.
    let code = std::fs::read_to_string(s.work.join("old_code.ts")).unwrap();
    let expected: BTreeSet<(usize, String)> = code
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .filter_map(|(i, l)| Some((i + 1, l.split_once("// deprecated: ")?.1)))
        .flat_map(|(i, names)| names.split(", ").map(move |n| (i, n.trim().to_string())))
        .collect();
    assert_eq!(expected.len(), 12);
    assert_eq!(reported, expected);
}

const GHOST_RULES: &str = r#"
name = "with a table the database does not have"
[[group]]
prefix = "expert_"
[group.rename]
experts = "expert_profiles"
ghost_experts = "expert_ghosts"
[[phase]]
id = "1"
groups = ["expert_"]
"#;

// See: issue 20 item 10
#[test]
fn a_covered_table_missing_from_the_generated_file_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let types = dir.path().join("src/types");
    std::fs::create_dir_all(&types).unwrap();
    std::fs::copy(
        Path::new(FIXTURES).join("database.types.ts"),
        types.join("database.types.ts"),
    )
    .unwrap();
    std::fs::write(dir.path().join("refscan.toml"), GHOST_RULES).unwrap();
    let module = types.join("database.compat.ts");
    for args in [
        &["--out", "src/types/database.compat.ts"][..],
        &["--generated", "src/types/database.types.ts"][..],
    ] {
        let out = refscan(
            &[&["--rules", "refscan.toml", "types"][..], args].concat(),
            dir.path(),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(
                "src/types/database.types.ts: no table `ghost_experts` (nor `expert_ghosts`) \
                 under `public` Tables"
            ),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "TypeScript was written to stdout");
        assert!(!module.exists(), "the module was written");
    }
    // Both names present (here the old one): the module is written.
    let text = std::fs::read_to_string(types.join("database.types.ts"))
        .unwrap()
        .replacen("      doc_concepts: {", "      ghost_experts: {", 1);
    std::fs::write(types.join("database.types.ts"), text).unwrap();
    let out = refscan(
        &[
            "--rules",
            "refscan.toml",
            "types",
            "--out",
            "src/types/database.compat.ts",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(module.is_file());
}

/// Installs TypeScript `spec` alone (no supabase-js) under the Cargo target folder; returns
/// the path of its `tsc`.
fn typescript(spec: &str) -> PathBuf {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join(spec.replace('@', "-"));
    let tsc = prefix.join("node_modules/typescript/bin/tsc");
    if !tsc.is_file() {
        std::fs::create_dir_all(&prefix).unwrap();
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(spec)
            .status()
            .unwrap_or_else(|e| panic!("cannot run npm ({e}) to install {spec}"));
        assert!(status.success(), "npm install {spec} failed");
    }
    tsc
}

// See: issue 20 item 10
#[test]
fn the_compile_error_names_a_missing_table_on_typescript_4_7_and_the_current_version() {
    // The oldest version the docs claim, and the current major.
    for spec in ["typescript@4.7", "typescript@7"] {
        let tsc = typescript(spec);
        let dir = tempfile::tempdir().unwrap();
        let generated =
            std::fs::read_to_string(Path::new(FIXTURES).join("database.types.ts")).unwrap();
        std::fs::write(dir.path().join("database.types.ts"), &generated).unwrap();
        let out = refscan(&["types", "--out", "compat.ts"], dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let compile = || {
            let out = Command::new("node")
                .arg(&tsc)
                .args([
                    "--strict",
                    "--noEmit",
                    "--noUnusedLocals",
                    "--pretty",
                    "false",
                ])
                .arg("compat.ts")
                .current_dir(dir.path())
                .output()
                .expect("running node (is Node.js installed?)");
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            (out.status.success(), text)
        };
        let (ok, diagnostics) = compile();
        assert!(ok, "{spec}: the module does not compile:\n{diagnostics}");
        // The types regenerated later from a database without `google_sync_history`.
        let at = generated.find("      google_sync_history: {").unwrap();
        let regenerated = format!(
            "{}      google_sync_log: {{{}",
            &generated[..at],
            &generated[at + "      google_sync_history: {".len()..]
        );
        std::fs::write(dir.path().join("database.types.ts"), regenerated).unwrap();
        let (ok, diagnostics) = compile();
        assert!(!ok, "{spec}: compiles without the table");
        let compat = std::fs::read_to_string(dir.path().join("compat.ts")).unwrap();
        assert_eq!(
            error_lines(&diagnostics, "compat.ts"),
            lines_with(&compat, "export type CheckGeneratedTypes"),
            "{spec}: {diagnostics}"
        );
        assert!(
            diagnostics.contains("Property 'sync_history' is missing")
                && diagnostics
                    .contains("sync_history: \"is under neither name in the generated types\""),
            "{spec}: {diagnostics}"
        );
    }
}

/// The same module, generated ahead of the rename (the plan's phase 1), lets code already
/// rewritten to the new names compile against types still generated with the old ones.
#[test]
fn new_names_compile_before_the_rename() {
    let s = setup();
    let dir = s.work.join("before");
    std::fs::create_dir_all(&dir).unwrap();
    // The generated file as it is before phase 5b: `experts` is still a table.
    let generated = std::fs::read_to_string(Path::new(FIXTURES).join("database.types.ts"))
        .unwrap()
        .replace("      experts: {", "      experts_summary: {")
        .replace(
            "referencedRelation: \"experts\"",
            "referencedRelation: \"experts_summary\"",
        )
        .replace("expert_profiles", "experts");
    assert!(!generated.contains("expert_profiles"));
    std::fs::write(dir.join("database.types.ts"), generated).unwrap();
    std::fs::write(
        dir.join("new_code.ts"),
        r#"import { createClient } from "@supabase/supabase-js"
import type { Database, ExpertProfiles, Tables, TablesInsert } from "./database.compat"

const supabase = createClient<Database>("http://127.0.0.1:54321", "anon-key")

export async function experts(row: TablesInsert<"expert_profiles">) {
  await supabase.from("expert_profiles").insert(row)
  const { data } = await supabase
    .from("expert_profiles")
    .select("expert_name, expert_documents(title)")
  const docs = await supabase.from("expert_documents").select("expert_profiles(expert_name)")
  const name: string | undefined = data?.[0].expert_name
  const other: string | undefined = docs.data?.[0].expert_profiles?.expert_name
  const same: Tables<"experts"> = {} as Tables<"expert_profiles">
  const entry: ExpertProfiles["Row"] = same
  return [name, other, entry]
}
"#,
    )
    .unwrap();
    let out = refscan(
        &["types", "--phase", "5b", "--out", "database.compat.ts"],
        &dir,
    );
    assert!(out.status.success());
    std::fs::write(
        dir.join("tsconfig.json"),
        tsconfig("new_code.ts", "database.compat.ts"),
    )
    .unwrap();
    let (ok, diagnostics) = tsc(s, &dir, "before", &["-p", "tsconfig.json"]);
    assert!(
        ok,
        "new names do not compile before the rename:\n{diagnostics}"
    );
}

#[test]
fn stdout_and_out_file_hold_the_same_module() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["types", "--group", "expert_", "--phase", "5b"];
    let printed = refscan(&args, dir.path());
    assert!(printed.status.success());
    let written = refscan(&[&args[..], &["--out", "m.ts"]].concat(), dir.path());
    assert!(written.status.success());
    let file = std::fs::read(dir.path().join("m.ts")).unwrap();
    assert_eq!(printed.stdout, file);
    let text = String::from_utf8(file).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        "// Compatibility types for the table renames of \"DHG table prefixes\": 2 renamed \
         tables, selected with --group expert_ --phase 5b."
    );
    let stderr = String::from_utf8_lossy(&written.stderr);
    assert!(
        stderr.contains("no file for --import ./database.types beside m.ts"),
        "{stderr}"
    );
}

#[test]
fn refuses_kind_and_overwriting_the_generated_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = refscan(&["types", "--kind", "sql"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--kind does not apply"));

    let generated = dir.path().join("database.types.ts");
    std::fs::write(&generated, "export type Database = {}\n").unwrap();
    let out = refscan(&["types", "--out", "database.types.ts"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would import itself"));
    assert_eq!(
        std::fs::read_to_string(&generated).unwrap(),
        "export type Database = {}\n"
    );
}
