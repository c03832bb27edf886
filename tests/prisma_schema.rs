//! Prisma schema files on testdata/prisma: `@@map("t")` and a model named like its table are
//! the table; rewriting maps models to the new tables without renaming them (the client API
//! follows model names), the real Prisma schema engine reads the result as intended, and the
//! reverse gives every byte back.
//!
//! The schema engine is Prisma's own WebAssembly build from npm (`@prisma/prisma-schema-wasm`,
//! the version Prisma 6.19 uses), installed on first use under the Cargo target folder.

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;

use util::{copy_tree, run_in, testdata};

const SCHEMA_WASM: &str =
    "@prisma/prisma-schema-wasm@6.19.0-26.2ba551f319ab1df4bc874a89965d8b3641056773";

// See: issue 20 item 7
#[test]
fn prisma_map_and_unmapped_model_names_are_the_tables() {
    let r = run_in(&testdata("prisma"), &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "prisma/schema.prisma")
        .map(|f| {
            format!(
                "{}:{} {} {}",
                f["line"],
                f["column"],
                f["old"].as_str().unwrap(),
                f["kind"].as_str().unwrap(),
            ) + &match f["site"].as_str().unwrap() {
                "plain" => String::new(),
                site => format!("/{site}"),
            }
        })
        .collect();
    let want = [
        "11:76 sources_google mention",                 // doc comment
        "12:7 sources_google sql/prisma-model",         // model sources_google, no @@map
        "19:3 sources_google_experts mention",          // field name
        "19:26 sources_google_experts mention",         // field type: a model
        "26:44 experts mention",                        // doc comment
        "29:21 sources_google_experts mention",         // field type: a model
        "31:10 experts sql/prisma-map",                 // @@map("experts")
        "38:3 experts mention",                         // relation field name
        "39:3 sources_google mention",                  // relation field name
        "39:18 sources_google mention",                 // field type: a model
        "42:7 sources_google_experts sql/prisma-model", // model, no @@map
        "45:3 sources_google mention",                  // relation field name
        "45:18 sources_google mention",                 // field type: a model
        "46:3 experts mention",                         // relation field name
    ];
    assert_eq!(got, want);
}

/// Installs the schema engine once; returns the `node_modules` folder holding it.
fn schema_engine() -> PathBuf {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prisma-schema-wasm");
    let modules = prefix.join("node_modules");
    if !modules
        .join("@prisma/prisma-schema-wasm/package.json")
        .is_file()
    {
        std::fs::create_dir_all(&prefix).unwrap();
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(SCHEMA_WASM)
            .status()
            .unwrap_or_else(|e| panic!("cannot run npm ({e}) to install {SCHEMA_WASM}"));
        assert!(status.success(), "npm install {SCHEMA_WASM} failed");
    }
    modules
}

/// `model name -> table` as Prisma reads `schema`, after validating it.
fn prisma_tables(schema: &Path) -> Vec<(String, String)> {
    let script = r#"
const w = require('@prisma/prisma-schema-wasm')
const schema = require('fs').readFileSync(process.argv[1], 'utf8')
w.validate(JSON.stringify({ prismaSchema: schema }))
const dmmf = JSON.parse(w.get_dmmf(JSON.stringify({ prismaSchema: schema })))
for (const m of dmmf.datamodel.models) console.log(m.name + ' ' + (m.dbName ?? m.name))
"#;
    let out = Command::new("node")
        .args(["-e", script])
        .arg(schema)
        .env("NODE_PATH", schema_engine())
        .output()
        .expect("running node (is Node.js installed?)");
    assert!(
        out.status.success(),
        "Prisma rejects {}:\n{}",
        schema.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (m, t) = l.split_once(' ').unwrap();
            (m.to_string(), t.to_string())
        })
        .collect()
}

// See: issue 20 item 7
#[test]
fn rewrite_maps_prisma_models_to_the_new_tables_and_reverses_exactly() {
    let dir = copy_tree(&testdata("prisma"));
    let schema = dir.path().join("prisma/schema.prisma");
    let original = std::fs::read_to_string(&schema).unwrap();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        prisma_tables(&schema),
        pairs(&[
            ("sources_google", "sources_google"),
            ("Expert", "experts"),
            ("expert_documents", "expert_documents"),
            ("sources_google_experts", "sources_google_experts"),
        ])
    );
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let rewritten = std::fs::read_to_string(&schema).unwrap();
    // Model names, field types and relations stay; each renamed table is mapped.
    let expected = original
        .replacen(
            "  sources_google_experts sources_google_experts[]\n}",
            "  sources_google_experts sources_google_experts[]\n  @@map(\"google_sources\")\n}",
            1,
        )
        .replacen("@@map(\"experts\")", "@@map(\"expert_profiles\")", 1)
        .replacen(
            "  @@id([source_id, expert_id])\n}",
            "  @@id([source_id, expert_id])\n  @@map(\"google_sources_experts\")\n}",
            1,
        );
    assert_ne!(expected, original);
    assert_eq!(rewritten, expected);
    assert_eq!(
        prisma_tables(&schema),
        pairs(&[
            ("sources_google", "google_sources"),
            ("Expert", "expert_profiles"),
            ("expert_documents", "expert_documents"),
            ("sources_google_experts", "google_sources_experts"),
        ])
    );
    run_in(dir.path(), &["rewrite", "--write", "--reverse"]).expect(0);
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), original);
}
