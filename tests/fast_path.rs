//! The lexical fast paths for JavaScript, TypeScript and Python against tree-sitter: on a
//! generated Supabase monorepo (written by the benchmark corpus generator) and on the fixture
//! monorepo, a scan that lets the fast paths decide and a scan that parses every file give the
//! same findings, hit for hit.

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;
mod util;

use std::path::Path;

use refscan::lang::{fastjs, fastpy, Engine, Lang};
use refscan::rules::Rules;
use refscan::scan::{scan, Needles, Scan, ScanOptions};

fn scan_with(root: &Path, engine: Engine, everything: bool) -> Scan {
    let rules = Rules::bundled();
    let mut opts = ScanOptions::new(&rules);
    opts.paths = vec![root.to_path_buf()];
    opts.engine = engine;
    opts.no_ignore = everything;
    opts.hidden = everything;
    scan(&rules, &opts).expect("scan")
}

/// Both engines find the same files, findings and problems.
fn assert_same(root: &Path, everything: bool) -> usize {
    let fast = scan_with(root, Engine::Auto, everything);
    let parsed = scan_with(root, Engine::Parse, everything);
    assert_eq!(fast.files_searched, parsed.files_searched);
    let paths = |s: &Scan| s.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&fast), paths(&parsed));
    for (a, b) in fast.files.iter().zip(&parsed.files) {
        assert_eq!(a.findings, b.findings, "{}", a.path.display());
        assert_eq!((a.len, a.digest, a.history), (b.len, b.digest, b.history));
    }
    let problems = |s: &Scan| {
        s.problems
            .iter()
            .map(|p| (p.path.clone(), p.kind, p.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(problems(&fast), problems(&parsed));
    fast.findings().count()
}

/// Every JavaScript, TypeScript or Python file under `root` that names an old table, and how
/// many of them the fast paths decide (the scans compared above checked their answers).
fn decided(root: &Path) -> (usize, usize) {
    let (files, undecided) = undecided(root);
    (files, files - undecided.len())
}

/// The files of [`decided`] the fast paths hand to the parser, relative to `root`, sorted.
fn undecided(root: &Path) -> (usize, Vec<String>) {
    let rules = Rules::bundled();
    let needles = Needles::new(&rules, &[]).unwrap();
    let (mut files, mut undecided) = (0, Vec::new());
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let lang = Lang::of(&path);
            if !matches!(lang, Lang::TypeScript | Lang::Tsx | Lang::Python) {
                continue;
            }
            let Ok(src) = std::fs::read_to_string(&path) else {
                continue;
            };
            let src = src.strip_prefix('\u{feff}').unwrap_or(&src);
            let hits = needles.hits(src.as_bytes());
            if hits.is_empty() {
                continue;
            }
            files += 1;
            let fast = match lang {
                Lang::Python => fastpy::classify(src, &hits),
                _ => fastjs::classify(src, lang == Lang::Tsx, &hits),
            };
            if fast.is_none() {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                undecided.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    undecided.sort();
    (files, undecided)
}

#[test]
fn generated_monorepo_same_findings_with_and_without_the_fast_path() {
    let dir = tempfile::tempdir().unwrap();
    for (path, body) in gen_corpus::generate(2000, 11) {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, body).unwrap();
    }
    // Ignored and hidden files included: every generated file is compared.
    let findings = assert_same(dir.path(), true);
    assert!(findings > 5000, "only {findings} findings");
    // The comparison means something only if the fast path did decide the files.
    let (files, decided) = decided(dir.path());
    assert!(files > 500, "only {files} files with hits");
    assert!(
        decided * 10 >= files * 9,
        "the fast path decided {decided} of {files} files"
    );
}

#[test]
fn fixture_monorepo_same_findings_with_and_without_the_fast_path() {
    let root = util::testdata("monorepo");
    assert_same(&root, false);
    assert_same(&root, true);
    let (files, undecided) = undecided(&root);
    assert!(files >= 19, "{files}");
    // Only the file whose literals flow into `.from(TABLES.sources)` needs the parser.
    assert_eq!(
        undecided,
        ["apps/web/lib/queries/sources.ts"],
        "every other fixture file is decided lexically"
    );
}

/// The call and literal shapes fixture: assertions, parentheses, type arguments on calls, the
/// keyword form of supabase-py, table strings and the names that flow into `.from(x)`.
#[test]
fn shapes_fixture_same_findings_with_and_without_the_fast_path() {
    let root = util::testdata("shapes");
    assert!(assert_same(&root, true) > 0);
}

/// The same comparison on a whole benchmark corpus: `REFSCAN_CORPUS=DIR` (as written by
/// `benches/compare.sh`, ignored files left out as every scan does), else a freshly generated
/// 10,000-file corpus (seed 1). Too slow for every run; `cargo test --release --test fast_path
/// -- --ignored` runs it.
#[test]
#[ignore = "minutes in a debug build: run with --release -- --ignored"]
fn whole_benchmark_corpus_same_findings_with_and_without_the_fast_path() {
    let generated;
    let root = match std::env::var_os("REFSCAN_CORPUS") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => {
            generated = tempfile::tempdir().unwrap();
            for (path, body) in gen_corpus::generate(10_000, 1) {
                let full = generated.path().join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(full, body).unwrap();
            }
            generated.path().to_path_buf()
        }
    };
    let findings = assert_same(&root, false);
    let (files, decided) = decided(&root);
    eprintln!(
        "{}: {findings} findings identical; the fast paths decided {decided} of {files} JS/TS/Python files with hits",
        root.display()
    );
    assert!(findings > 0, "no findings under {}", root.display());
}
