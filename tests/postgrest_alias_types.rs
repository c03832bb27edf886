//! What the alias style (`t(..)` -> `t:new(..)`) costs in postgrest-js typings, measured with
//! postgrest-js's own type-level select parser and the real TypeScript compiler: the select
//! shapes of testdata/monorepo, rewritten by `refscan rewrite`, type-check against the renamed
//! database's types with the old response keys, and how deep aliased embeds can nest before
//! the parser exceeds TypeScript's instantiation depth (docs/rewrite.md lists the figures).
//!
//! TypeScript and postgrest-js come from npm, installed on first use under the Cargo target
//! folder; node and npm must be on the PATH.

mod util;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use util::*;

/// Pinned: the depth figures below are this parser's and this compiler's.
const TYPESCRIPT: (&str, &str) = ("typescript", "5.9.3");
const POSTGREST_JS: (&str, &str) = ("@supabase/postgrest-js", "2.109.0");

/// The deepest nesting that type-checks, aliased (`old_k:lvl_k(...)`) and plain (`lvl_k(...)`).
const ALIAS_DEPTH: usize = 20;
const PLAIN_DEPTH: usize = 29;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/postgrest_types");

fn installed(prefix: &Path, (name, version): (&str, &str)) -> bool {
    std::fs::read_to_string(prefix.join("node_modules").join(name).join("package.json"))
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{version}\"")))
}

/// The npm prefix holding both packages, installed once per target folder (the tests of this
/// file wait for one install).
fn prefix() -> PathBuf {
    static PREFIX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PREFIX.get_or_init(install).clone()
}

fn install() -> PathBuf {
    let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("postgrest-types");
    if installed(&prefix, TYPESCRIPT) && installed(&prefix, POSTGREST_JS) {
        return prefix;
    }
    std::fs::create_dir_all(&prefix).unwrap();
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .args([TYPESCRIPT, POSTGREST_JS].map(|(n, v)| format!("{n}@{v}")))
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run npm ({e}): this test installs {}@{} and {}@{} with npm; install Node.js and npm (e.g. `apt-get install nodejs npm`)",
                TYPESCRIPT.0, TYPESCRIPT.1, POSTGREST_JS.0, POSTGREST_JS.1
            )
        });
    assert!(
        status.success(),
        "npm install into {} failed",
        prefix.display()
    );
    prefix
}

/// The select strings of `.select(...)` calls in `text`.
fn selects(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices(".select(") {
        let rest = &text[i + ".select(".len()..];
        let Some(q) = rest.chars().next().filter(|c| "'\"`".contains(*c)) else {
            continue;
        };
        if let Some(end) = rest[1..].find(q) {
            out.push(rest[1..1 + end].to_string());
        }
    }
    out
}

/// A chain of `n + 1` tables, each with a foreign key to the next, and a select from the
/// first nesting `depth` embeds, aliased or not, with a read of the innermost `id`.
fn chain(n: usize, depth: usize, alias: bool) -> (String, String) {
    let tables: Vec<String> = (0..=n)
        .map(|k| {
            let rel = if k < n {
                format!(
                    r#"[{{ foreignKeyName: "lvl_{k}_next_id_fkey"; columns: ["next_id"]; isOneToOne: false; referencedRelation: "lvl_{}"; referencedColumns: ["id"] }}]"#,
                    k + 1
                )
            } else {
                "[]".into()
            };
            format!("      lvl_{k}: {{ Row: {{ id: string; next_id: string }}; Insert: {{ id?: string; next_id: string }}; Update: {{ id?: string; next_id?: string }}; Relationships: {rel} }}")
        })
        .collect();
    let database = format!(
        "export type Database = {{\n  __InternalSupabase: {{ PostgrestVersion: \"12.2.3 (519615d)\" }}\n  public: {{\n    Tables: {{\n{}\n    }}\n    Views: {{ [_ in never]: never }}\n    Functions: {{ [_ in never]: never }}\n    Enums: {{ [_ in never]: never }}\n    CompositeTypes: {{ [_ in never]: never }}\n  }}\n}}\n",
        tables.join("\n")
    );
    let key = |k: usize| {
        if alias {
            format!("old_{k}")
        } else {
            format!("lvl_{k}")
        }
    };
    let mut select = String::from("id");
    let mut close = String::new();
    for k in 1..=depth {
        let embed = if alias {
            format!("old_{k}:lvl_{k}")
        } else {
            format!("lvl_{k}")
        };
        select.push_str(&format!(", {embed}(id"));
        close.push(')');
    }
    select.push_str(&close);
    let path: String = (1..=depth).map(|k| format!(".{}", key(k))).collect();
    let code = format!(
        "import {{ PostgrestClient }} from \"@supabase/postgrest-js\"\nimport type {{ Database }} from \"./chain.types\"\nconst db = new PostgrestClient<Database>(\"http://localhost:3000\")\nexport async function deep() {{\n  const {{ data }} = await db.from(\"lvl_0\").select(\"{select}\")\n  const innermost: string = data![0]{path}.id\n  return innermost\n}}\n"
    );
    (database, code)
}

/// Runs tsc on `files` in `dir`; returns its diagnostics.
fn tsc(prefix: &Path, dir: &Path, files: &[&str]) -> String {
    let config = serde_json::json!({
        "compilerOptions": {
            "strict": true, "noEmit": true, "target": "es2022", "module": "esnext",
            "moduleResolution": "bundler", "lib": ["es2022"], "types": [], "skipLibCheck": true
        },
        "files": files,
    });
    std::fs::write(dir.join("tsconfig.json"), config.to_string()).unwrap();
    let out = Command::new("node")
        .arg(prefix.join("node_modules/typescript/bin/tsc"))
        .args(["-p", "tsconfig.json", "--pretty", "false"])
        .current_dir(dir)
        .output()
        .expect("running node (is Node.js installed?)");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// 1-based lines of `file` with an error, and the error codes reported in it.
fn errors(diagnostics: &str, file: &str) -> (BTreeSet<usize>, BTreeSet<String>) {
    let (mut lines, mut codes) = (BTreeSet::new(), BTreeSet::new());
    for l in diagnostics.lines() {
        let Some(rest) = l.strip_prefix(&format!("{file}(")) else {
            continue;
        };
        if let Some((line, _)) = rest.split_once(',') {
            lines.insert(line.parse().unwrap());
        }
        if let Some(code) = rest
            .split("error ")
            .nth(1)
            .and_then(|c| c.split(':').next())
        {
            codes.insert(code.to_string());
        }
    }
    (lines, codes)
}

#[test]
fn monorepo_select_shapes_type_check_with_their_old_keys_after_an_alias_rewrite() {
    let prefix = prefix();
    let work = prefix.join("shapes");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    for f in ["database.types.ts", "queries.ts"] {
        std::fs::copy(Path::new(FIXTURES).join(f), work.join(f)).unwrap();
    }
    std::fs::copy(work.join("queries.ts"), work.join("queries.before.ts")).unwrap();
    std::fs::copy(work.join("queries.ts"), work.join("queries.rename.ts")).unwrap();
    run_in(
        &work,
        &[
            "--rules",
            "bundled",
            "rewrite",
            "--write",
            "--embed-style",
            "rename",
            "queries.rename.ts",
        ],
    )
    .expect(0);
    let run = run_in(
        &work,
        &["--rules", "bundled", "rewrite", "--write", "queries.ts"],
    )
    .expect(0);
    assert!(
        run.stderr
            .contains("rewrote 25 references in 1 file (from-call 10, postgrest 15)"),
        "{}",
        run.stderr
    );
    let rewritten = std::fs::read_to_string(work.join("queries.ts")).unwrap();

    // The fixture holds every embedding select of the monorepo, as refscan rewrites it there
    // (but the one on an RPC's result, which needs no table type).
    let diff = run_in(&repo_root(), &["rewrite", "testdata/monorepo"])
        .expect(0)
        .stdout;
    let added: String = diff
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect::<Vec<_>>()
        .join("\n");
    let ours: BTreeSet<String> = selects(&rewritten).into_iter().collect();
    let monorepo: BTreeSet<String> = selects(&added)
        .into_iter()
        .filter(|s| s.contains('(') && !s.starts_with("prompt_id, uses"))
        .collect();
    assert_eq!(monorepo.len(), 10, "{monorepo:?}");
    let missing: Vec<_> = monorepo.difference(&ours).collect();
    assert!(
        missing.is_empty(),
        "monorepo shapes not in the fixture: {missing:?}"
    );
    // The filter on the aliased embed names the alias, as PostgREST wants.
    assert!(
        rewritten.contains(".eq(\"prompts.name\", \"summarize\")"),
        "{rewritten}"
    );

    let diagnostics = tsc(
        &prefix,
        &work,
        &["queries.ts", "queries.before.ts", "queries.rename.ts"],
    );
    let (after, _) = errors(&diagnostics, "queries.ts");
    assert!(
        after.is_empty(),
        "the rewritten shapes do not type-check:\n{diagnostics}"
    );
    // The same code before the rewrite fails every check: the checks measure something.
    let (before, _) = errors(&diagnostics, "queries.before.ts");
    let checks: BTreeSet<usize> = rewritten
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("same<typeof"))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(checks.len(), 10);
    assert!(
        checks.is_subset(&before),
        "lines {checks:?} should fail before the rewrite:\n{diagnostics}"
    );
    // Renamed outright, the embeds' keys are the new names: every check fails but the one
    // whose embed had an alias already (`author:`).
    let (renamed, _) = errors(&diagnostics, "queries.rename.ts");
    let author = rewritten
        .lines()
        .position(|l| l.contains("author:expert_profiles"))
        .unwrap()
        + 2;
    let expected: BTreeSet<usize> = checks.iter().copied().filter(|&l| l != author).collect();
    assert_eq!(renamed, expected, "{diagnostics}");
}

#[test]
fn aliased_embeds_nest_twenty_deep_before_the_select_parser_is_too_deep() {
    let prefix = prefix();
    let work = prefix.join("depth");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let n = PLAIN_DEPTH + 2;
    let cases = [
        (ALIAS_DEPTH, true, true),
        (ALIAS_DEPTH + 1, true, false),
        (PLAIN_DEPTH, false, true),
        (PLAIN_DEPTH + 1, false, false),
    ];
    let mut files = Vec::new();
    for (depth, alias, _) in cases {
        let (database, code) = chain(n, depth, alias);
        std::fs::write(work.join("chain.types.ts"), database).unwrap();
        let name = format!("{}_{depth}.ts", if alias { "alias" } else { "plain" });
        std::fs::write(work.join(&name), code).unwrap();
        files.push(name);
    }
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let diagnostics = tsc(&prefix, &work, &names);
    for ((depth, alias, passes), file) in cases.iter().zip(&files) {
        let (lines, codes) = errors(&diagnostics, file);
        if *passes {
            assert!(
                lines.is_empty(),
                "{file}: {depth} embeds (alias: {alias}) should type-check:\n{diagnostics}"
            );
        } else {
            assert!(
                codes.contains("TS2589"),
                "{file}: {depth} embeds (alias: {alias}) should exceed the instantiation depth (TS2589):\n{diagnostics}"
            );
        }
    }
}
