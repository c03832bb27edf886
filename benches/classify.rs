//! Micro-benchmarks of the classifiers and the SQL tokenizer, in bytes of source per second,
//! on files of the generated benchmark monorepo that name old tables:
//! `cargo bench --bench classify`.
//!
//! Each language is measured twice: the tree-sitter classifier alone, and the classifier as
//! the scanner calls it (the lexical fast path, tree-sitter for the files it gives back).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use refscan::findings::Hit;
use refscan::lang::{classify_with, python, sql, typescript, Engine, Lang};
use refscan::rules::Rules;
use refscan::scan::Needles;
use refscan::sqltok;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

/// Files of one language that name old tables, with their hits.
struct Inputs {
    files: Vec<(Lang, String, Vec<Hit>)>,
    bytes: u64,
}

fn inputs(keep: impl Fn(Lang) -> bool) -> Inputs {
    let rules = Rules::bundled();
    let needles = Needles::new(&rules, &[]).expect("bundled rules");
    let mut files = Vec::new();
    for (path, body) in gen_corpus::generate(3000, 5) {
        let lang = Lang::of(&path);
        if path.starts_with("node_modules") || !keep(lang) {
            continue;
        }
        let Ok(text) = String::from_utf8(body) else {
            continue;
        };
        let hits = needles.hits(text.as_bytes());
        if !hits.is_empty() {
            files.push((lang, text, hits));
        }
    }
    let bytes = files.iter().map(|f| f.1.len() as u64).sum();
    Inputs { files, bytes }
}

fn classifiers(c: &mut Criterion) {
    let ts = inputs(|l| matches!(l, Lang::TypeScript | Lang::Tsx));
    let py = inputs(|l| l == Lang::Python);
    let sq = inputs(|l| l == Lang::Sql);

    let mut g = c.benchmark_group("typescript");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(ts.bytes));
    g.bench_function("tree-sitter", |b| {
        b.iter(|| {
            for (lang, src, hits) in &ts.files {
                std::hint::black_box(typescript::classify(src, *lang == Lang::Tsx, hits));
            }
        })
    });
    g.bench_function("scanner (fast path)", |b| {
        b.iter(|| {
            for (lang, src, hits) in &ts.files {
                std::hint::black_box(classify_with(Engine::Auto, *lang, src, hits));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("python");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(py.bytes));
    g.bench_function("tree-sitter", |b| {
        b.iter(|| {
            for (_, src, hits) in &py.files {
                std::hint::black_box(python::classify(src, hits));
            }
        })
    });
    g.bench_function("scanner (fast path)", |b| {
        b.iter(|| {
            for (lang, src, hits) in &py.files {
                std::hint::black_box(classify_with(Engine::Auto, *lang, src, hits));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("sql");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(sq.bytes));
    g.bench_function("classify", |b| {
        b.iter(|| {
            for (_, src, hits) in &sq.files {
                std::hint::black_box(sql::classify(src, hits));
            }
        })
    });
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            for (_, src, _) in &sq.files {
                std::hint::black_box(sqltok::tokenize(src));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, classifiers);
criterion_main!(benches);
