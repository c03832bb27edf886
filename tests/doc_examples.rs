//! The documentation cannot rot: every `console` example in README.md and docs/ runs the real
//! binary and must print what it shows (trycmd), every relative link and anchor resolves, and
//! the examples follow the convention of docs/testing.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every page of docs/, relative to the repository root.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

fn read(page: &Path) -> String {
    std::fs::read_to_string(root().join(page)).unwrap()
}

#[test]
fn console_examples_print_what_they_show() {
    // See: issue 15 item 4
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("refscan", trycmd::cargo::cargo_bin!("refscan"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    // Variables refscan reads that CI machines set: empty is unset to refscan.
    for k in [
        "REFSCAN_RULES",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "GITHUB_WORKSPACE",
        "GITHUB_STEP_SUMMARY",
    ] {
        cases.env(k, "");
    }
    for page in pages() {
        cases.case(root().join(page));
    }
}

/// A code block: its info string, first line number and text.
struct Block {
    info: String,
    line: usize,
    text: String,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "(indented)".to_string(),
                };
                let line = text[..range.start].lines().count() + 1;
                current = Some(Block {
                    info,
                    line,
                    text: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(b) = current.as_mut() {
                    b.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn examples_follow_the_convention() {
    // See: issue 15 item 4
    let mut wrong = Vec::new();
    for page in pages() {
        for b in blocks(&read(&page)) {
            let at = format!("{}:{}", page.display(), b.line);
            let lang = b.info.split(',').next().unwrap_or("").trim();
            if lang.is_empty() || lang == "(indented)" {
                wrong.push(format!(
                    "{at}: a code block without a language (```text, ```sh, ```console, ...)"
                ));
            }
            if lang == "console" {
                for l in b.text.lines().filter(|l| l.starts_with("$ ")) {
                    if !l.starts_with("$ refscan ") {
                        wrong.push(format!("{at}: a console example runs only refscan: {l}"));
                    }
                }
                if !b.text.starts_with("$ refscan ") {
                    wrong.push(format!("{at}: a console block starts with `$ refscan`"));
                }
            }
            if lang == "sh" || lang == "bash" || lang == "shell" {
                for l in b.text.lines() {
                    let l = l.trim_start();
                    if l.starts_with("refscan ") && l.contains("testdata/") {
                        wrong.push(format!(
                            "{at}: runs refscan on the test data: make it a ```console example with its output: {l}"
                        ));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// The anchor GitHub gives a heading: lower case, punctuation dropped but `-` and `_`,
/// spaces as `-`, and `-1`, `-2`... for repeats.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Every anchor of a page, and every link in it with its line.
fn anchors_and_links(text: &str) -> (BTreeSet<String>, Vec<(usize, String)>) {
    let mut anchors = BTreeSet::new();
    let mut seen = BTreeMap::<String, usize>::new();
    let mut links = Vec::new();
    let mut heading: Option<String> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_level)) => {
                let _: HeadingLevel = _level;
                let base = slug(&heading.take().unwrap_or_default());
                let n = seen.entry(base.clone()).or_default();
                anchors.insert(if *n == 0 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                });
                *n += 1;
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let line = text[..range.start].lines().count().max(1);
                links.push((line, dest_url.to_string()));
            }
            _ => {}
        }
    }
    (anchors, links)
}

#[test]
fn relative_links_and_anchors_resolve() {
    // See: issue 15 item 3
    let mut anchors = BTreeMap::new();
    let mut all_links = Vec::new();
    for page in pages() {
        let (a, links) = anchors_and_links(&read(&page));
        anchors.insert(page.clone(), a);
        all_links.extend(links.into_iter().map(|l| (page.clone(), l)));
    }
    let mut broken = Vec::new();
    for (page, (line, url)) in &all_links {
        if url.contains("://") || url.starts_with("mailto:") {
            continue;
        }
        let (path, anchor) = match url.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (url.as_str(), None),
        };
        let target = if path.is_empty() {
            page.clone()
        } else {
            let joined = page.parent().unwrap().join(path);
            // Normalise `docs/../README.md` without touching the file system.
            let mut parts = Vec::new();
            for c in joined.components() {
                match c {
                    std::path::Component::ParentDir => {
                        parts.pop();
                    }
                    std::path::Component::CurDir => {}
                    c => parts.push(c.as_os_str().to_owned()),
                }
            }
            parts.iter().collect::<PathBuf>()
        };
        let at = format!("{}:{line}: {url}", page.display());
        if !root().join(&target).exists() {
            broken.push(format!("{at}: no file {}", target.display()));
            continue;
        }
        if let Some(anchor) = anchor {
            match anchors.get(&target) {
                Some(a) if a.contains(anchor) => {}
                Some(a) => broken.push(format!(
                    "{at}: no heading `#{anchor}` in {} (it has: {})",
                    target.display(),
                    a.iter().cloned().collect::<Vec<_>>().join(", ")
                )),
                None => broken.push(format!(
                    "{at}: an anchor into {}, which is not a checked page",
                    target.display()
                )),
            }
        }
    }
    assert!(broken.is_empty(), "\n{}", broken.join("\n"));
}

#[test]
fn slugs_are_githubs() {
    assert_eq!(slug("`refscan report`"), "refscan-report");
    assert_eq!(
        slug("JSON schema (report --format json, version 1)"),
        "json-schema-report---format-json-version-1"
    );
    assert_eq!(slug("Limits"), "limits");
    let (anchors, _) = anchors_and_links("# A\n## A\n## B c\n");
    assert_eq!(anchors.into_iter().collect::<Vec<_>>(), ["a", "a-1", "b-c"]);
}

#[test]
fn a_broken_anchor_is_found() {
    let (anchors, links) = anchors_and_links("# Top\nsee [x](#nowhere) and [y](#top)\n");
    assert!(anchors.contains("top"));
    assert_eq!(links.len(), 2);
    assert!(!anchors.contains("nowhere"));
}
