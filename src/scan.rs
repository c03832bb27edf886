//! The scanner: walks the tree in parallel, prefilters every file for old names as whole
//! identifiers, and hands the files with hits to their language classifier.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use grep_matcher::Matcher as _;
use grep_regex::{RegexMatcher, RegexMatcherBuilder};
use grep_searcher::{BinaryDetection, Searcher, SearcherBuilder, Sink, SinkMatch};
use ignore::{WalkBuilder, WalkState};

use crate::error::UserError;
use crate::findings::{Finding, Hit, Kind};
use crate::lang::{self, Engine, Lang};
use crate::messages::{Problem, ProblemKind};
use crate::rules::Rules;

/// Files larger than this are skipped with a notice unless `--max-filesize` says otherwise.
pub const DEFAULT_MAX_FILESIZE: u64 = 64 * 1024 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to walk and what to look for.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Roots to walk; empty (and no `listed`) means the current folder, printed without a
    /// `./` prefix.
    pub paths: Vec<PathBuf>,
    /// Paths read from a list (`-`, `--files-from`): walked as roots too, but one that does not
    /// exist is passed over with a note, and an empty list scans nothing.
    pub listed: Option<Vec<PathBuf>>,
    pub no_ignore: bool,
    pub hidden: bool,
    /// ripgrep-style globs: `!pat` excludes, `pat` includes only matching files.
    pub globs: Vec<String>,
    /// ripgrep file types to keep (`-t`) and to leave out (`-T`).
    pub types: Vec<String>,
    pub types_not: Vec<String>,
    /// Scan package-manager lockfiles too (skipped by default: they name packages, not tables).
    pub lockfiles: bool,
    pub threads: usize,
    pub max_filesize: u64,
    /// Folders whose files are history (from the rules unless overridden).
    pub migrations: Vec<String>,
    /// Table indices to look for; empty means every renamed table.
    pub tables: Vec<usize>,
    /// Kinds of findings kept; empty keeps every kind.
    pub kinds: Vec<Kind>,
    /// refscan's own files (the rules file, a baseline): they name old tables by design.
    pub exclude: Vec<PathBuf>,
    /// Renamed constraints (old, new) whose PostgREST hints are collected too; `rewrite`
    /// sets them, the other commands leave them empty.
    pub constraints: Vec<(String, String)>,
    /// Which classifier decides JavaScript and TypeScript hits (both give the same findings;
    /// the tests compare them).
    pub engine: Engine,
    /// Counters the scan keeps up to date while it runs, for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Remove the temporary files of rewrites whose process is gone (`rewrite --write`);
    /// otherwise they are reported.
    pub remove_stale_temps: bool,
    /// Scan only the files (and report only the problems) of this shard.
    pub shard: Option<crate::shard::Shard>,
}

/// File names of package-manager lockfiles: generated, huge, and full of package names that
/// look like table names (`sources`, `prompts`).
pub const LOCKFILES: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "pnpm-lock.yaml",
    "yarn.lock",
    "bun.lockb",
    "bun.lock",
    "deno.lock",
    "Cargo.lock",
    "poetry.lock",
    "Pipfile.lock",
    "pdm.lock",
    "uv.lock",
    "composer.lock",
    "Gemfile.lock",
    "go.sum",
    "flake.lock",
    "pubspec.lock",
    "Podfile.lock",
    "mix.lock",
    "packages.lock.json",
];

/// Whether `name` is a lockfile refscan skips unless asked ([`LOCKFILES`]).
pub fn is_lockfile(name: &std::ffi::OsStr) -> bool {
    LOCKFILES.iter().any(|l| name == *l)
}

/// The file types `-t`/`-T` know: ripgrep's, and Prisma schemas, which refscan reads too.
pub fn file_types() -> ignore::types::TypesBuilder {
    let mut b = ignore::types::TypesBuilder::new();
    b.add_defaults();
    // Not among ripgrep's defaults.
    let _ = b.add("prisma", "*.prisma");
    b
}

/// `refscan --type-list`: each type with its globs, as ripgrep prints them.
pub fn print_type_list(out: &mut impl std::io::Write) -> std::io::Result<()> {
    let types = file_types().build().map_err(std::io::Error::other)?;
    for def in types.definitions() {
        writeln!(out, "{}: {}", def.name(), def.globs().join(", "))?;
    }
    Ok(())
}

/// The type matcher of `-t`/`-T`, or `None` when neither is given.
fn type_matcher(opts: &ScanOptions) -> anyhow::Result<Option<ignore::types::Types>> {
    if opts.types.is_empty() && opts.types_not.is_empty() {
        return Ok(None);
    }
    let mut b = file_types();
    for t in &opts.types {
        b.select(t);
    }
    for t in &opts.types_not {
        b.negate(t);
    }
    let types = b.build().map_err(|e| {
        UserError::new(format!("{e}"))
            .hint("`refscan report --type-list` lists the file types, with their globs")
    })?;
    Ok(Some(types))
}

/// Reads a list of paths from `file` (`None`: standard input): NUL-separated when the list
/// holds a NUL byte, else one per line; empty lines are passed over.
pub fn read_path_list(file: Option<&Path>) -> anyhow::Result<Vec<PathBuf>> {
    let mut bytes = Vec::new();
    let what = match file {
        Some(f) => f.display().to_string(),
        None => "standard input".to_string(),
    };
    let read = match file {
        Some(f) => std::fs::File::open(f).and_then(|mut h| h.read_to_end(&mut bytes)),
        None => std::io::stdin().lock().read_to_end(&mut bytes),
    };
    read.map_err(|e| {
        UserError::new(format!("cannot read the list of paths from {what}: {e}")).hint(
            "give --files-from a readable file with one path per line, or `-` for standard input",
        )
    })?;
    let sep = if bytes.contains(&0) { 0 } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|l| {
            if sep == b'\n' {
                l.strip_suffix(b"\r").unwrap_or(l)
            } else {
                l
            }
        })
        .filter(|l| !l.is_empty())
        .map(path_of_bytes)
        .collect())
}

/// A path from bytes read from a list: any bytes on Unix, UTF-8 (lossy) elsewhere.
fn path_of_bytes(b: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(b).into_owned())
    }
}

/// Live counts of a running scan.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files read and searched so far.
    pub files: AtomicUsize,
    /// Of those, files with at least one finding.
    pub with_findings: AtomicUsize,
}

impl ScanOptions {
    pub fn new(rules: &Rules) -> ScanOptions {
        ScanOptions {
            paths: Vec::new(),
            listed: None,
            no_ignore: false,
            hidden: false,
            globs: Vec::new(),
            types: Vec::new(),
            types_not: Vec::new(),
            lockfiles: false,
            threads: 0,
            max_filesize: DEFAULT_MAX_FILESIZE,
            migrations: rules.migrations.clone(),
            tables: Vec::new(),
            kinds: Vec::new(),
            exclude: match &rules.origin {
                crate::rules::Origin::File(p) => vec![p.clone()],
                crate::rules::Origin::Bundled => Vec::new(),
            },
            constraints: Vec::new(),
            engine: Engine::Auto,
            progress: None,
            remove_stale_temps: false,
            shard: None,
        }
    }
}

/// Recognises refscan's own files while walking: by name first, so only a file with the same
/// name as an excluded one costs a `canonicalize`.
struct Excluded {
    files: Vec<(std::ffi::OsString, PathBuf)>,
}

impl Excluded {
    fn new(paths: &[PathBuf]) -> Excluded {
        Excluded {
            files: paths
                .iter()
                .filter_map(|p| Some((p.file_name()?.to_owned(), p.canonicalize().ok()?)))
                .collect(),
        }
    }

    fn contains(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        self.files
            .iter()
            .any(|(n, canon)| n == name && path.canonicalize().is_ok_and(|c| &c == canon))
    }
}

/// A PostgREST hint naming a renamed constraint: `t!old_fkey(...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintHint {
    pub span: Range<usize>,
    pub line: usize,
    pub column: usize,
    /// Index into [`ScanOptions::constraints`].
    pub constraint: usize,
}

/// One file that has findings, with what is needed to rewrite it safely later.
#[derive(Debug, Clone)]
pub struct FileScan {
    pub path: Arc<PathBuf>,
    /// Findings in byte order.
    pub findings: Vec<Finding>,
    /// Hints naming renamed constraints, in byte order (only when asked for).
    pub hints: Vec<ConstraintHint>,
    /// Length and hash of the bytes that were classified, to detect a change before writing.
    pub len: u64,
    pub digest: u64,
    /// Why the file is history (never rewritten, never counted by `check`), when it is.
    pub history: Option<History>,
}

/// Why a file is history, never rewritten and never counted by `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum History {
    /// It lies in a migrations folder, or `migrate plan --out` wrote it.
    Migration,
    /// A rollback: in a `rollbacks` folder beside a migrations folder, or written as one by
    /// `migrate plan --out` wherever `--rollback-dir` put it. It names old tables on purpose.
    Rollback,
    /// The module `refscan types` wrote: it names every old table so that old code compiles.
    Generated,
}

impl History {
    fn of_own(own: crate::own_output::Own) -> History {
        match own {
            crate::own_output::Own::Plan => History::Migration,
            crate::own_output::Own::Rollback => History::Rollback,
            crate::own_output::Own::Types => History::Generated,
        }
    }
}

/// Everything one scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Files with at least one finding, sorted by path.
    pub files: Vec<FileScan>,
    /// Non-fatal problems, sorted by path.
    pub problems: Vec<Problem>,
    pub files_searched: usize,
    /// Bytes read from the files searched (for `--stats`).
    pub bytes_searched: u64,
    /// Hidden files left out (no `--hidden`) that name old tables.
    pub hidden: HiddenCount,
}

/// Old names in the hidden files a scan without `--hidden` leaves out, as ripgrep does: they
/// may hold real references (`.archived_scripts/`), so every summary says how many.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HiddenCount {
    /// Hidden files naming an old table of the selection.
    pub files: usize,
    /// Whole-word occurrences of those names in them, not classified.
    pub references: usize,
}

impl HiddenCount {
    /// The sentence every summary prints, when there is something to say.
    pub fn note(&self) -> Option<String> {
        (self.files > 0).then(|| {
            format!(
                "{} reference{} in {} hidden file{} not scanned: pass --hidden",
                self.references,
                if self.references == 1 { "" } else { "s" },
                self.files,
                if self.files == 1 { "" } else { "s" }
            )
        })
    }
}

impl Scan {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().flat_map(|f| f.findings.iter())
    }

    /// A problem that makes the scan incomplete (an unreadable file): the exit status says so.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.kind.is_error())
    }
}

/// Finds whole-word occurrences of old names and maps each to its table.
pub struct Needles {
    matcher: RegexMatcher,
    /// Lower-cased name -> (table, name as written in the rules).
    by_lower: HashMap<Vec<u8>, (usize, String)>,
}

impl Needles {
    pub fn new(rules: &Rules, tables: &[usize]) -> anyhow::Result<Needles> {
        let names: Vec<(usize, String)> = if tables.is_empty() {
            rules.renamed().map(|(i, t)| (i, t.old.clone())).collect()
        } else {
            tables
                .iter()
                .filter(|&&i| rules.tables[i].is_renamed())
                .map(|&i| (i, rules.tables[i].old.clone()))
                .collect()
        };
        if names.is_empty() {
            return Err(
                UserError::new("the selection names no table that is renamed")
                    .hint("check --group/--table/--phase against `refscan rules`")
                    .into(),
            );
        }
        Needles::from_names(names)
    }

    /// Needles for arbitrary names, each tagged with the index the hits report.
    pub fn from_names(mut names: Vec<(usize, String)>) -> anyhow::Result<Needles> {
        // Longest first, so an alternation never stops at a shorter name's prefix.
        names.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1.cmp(&b.1)));
        let alternation = names
            .iter()
            .map(|(_, n)| regex_escape(n))
            .collect::<Vec<_>>()
            .join("|");
        // ASCII word boundaries: an identifier character is [A-Za-z0-9_], nothing else.
        let pattern = format!(r"(?-u:\b)(?:{alternation})(?-u:\b)");
        let matcher = RegexMatcherBuilder::new()
            .case_insensitive(true)
            .unicode(false)
            .build(&pattern)
            .context("building the search pattern of old names")?;
        let by_lower = names
            .into_iter()
            .map(|(i, n)| (n.as_bytes().to_ascii_lowercase(), (i, n)))
            .collect();
        Ok(Needles { matcher, by_lower })
    }

    /// Every hit in `text` (spans relative to `text`).
    pub fn hits(&self, text: &[u8]) -> Vec<Hit> {
        let mut hits = Vec::new();
        // Names are identifiers of at most 63 bytes: lower-case them on the stack.
        let mut buf = [0u8; 64];
        let _ = self.matcher.find_iter(text, |m| {
            let word = &text[m.start()..m.end()];
            let Some(lower) = buf.get_mut(..word.len()) else {
                return true;
            };
            lower.copy_from_slice(word);
            lower.make_ascii_lowercase();
            if let Some((table, name)) = self.by_lower.get(&*lower) {
                hits.push(Hit {
                    span: m.start()..m.end(),
                    table: *table,
                    exact: name.as_bytes() == word,
                });
            }
            true
        });
        hits
    }

    /// Whether the file at `path` holds any hit, read as a stream with bounded memory; a NUL
    /// byte ends the search when `binary_quits`. `None` when it cannot be searched.
    fn file_names_any(&self, path: &Path, binary_quits: bool) -> Option<bool> {
        let mut sink = FirstHit::default();
        let mut searcher = SearcherBuilder::new()
            .binary_detection(if binary_quits {
                BinaryDetection::quit(0)
            } else {
                BinaryDetection::none()
            })
            .line_number(false)
            .heap_limit(Some(KEEP_BUFFER))
            .build();
        searcher
            .search_path(&self.matcher, path, &mut sink)
            .ok()
            .map(|()| sink.hit)
            .or(sink.hit.then_some(true))
    }

    /// How many hits the file at `path` holds, read as a stream with bounded memory (a hidden
    /// cache may hold big files); `None` when it is binary (a NUL byte) or cannot be read.
    fn count_in_file(&self, path: &Path) -> Option<usize> {
        thread_local! {
            static SEARCHER: RefCell<Option<Searcher>> = const { RefCell::new(None) };
        }
        let mut sink = CountHits {
            matcher: &self.matcher,
            count: 0,
            binary: false,
        };
        let searched = SEARCHER.with(|cell| {
            let mut slot = cell.borrow_mut();
            let searcher = slot.get_or_insert_with(|| {
                SearcherBuilder::new()
                    .binary_detection(BinaryDetection::quit(0))
                    .line_number(false)
                    .heap_limit(Some(KEEP_BUFFER))
                    .build()
            });
            searcher.search_path(&self.matcher, path, &mut sink)
        });
        (searched.is_ok() && !sink.binary).then_some(sink.count)
    }

    /// Whether `text` holds any hit, and whether it looks binary; stops at the first hit.
    fn prefilter(&self, text: &[u8]) -> Prefilter {
        thread_local! {
            /// Building a searcher allocates its buffers: one per thread, reused.
            static SEARCHER: RefCell<Option<Searcher>> = const { RefCell::new(None) };
        }
        let mut sink = FirstHit::default();
        SEARCHER.with(|cell| {
            let mut slot = cell.borrow_mut();
            let searcher = slot.get_or_insert_with(|| {
                SearcherBuilder::new()
                    .binary_detection(BinaryDetection::quit(0))
                    .line_number(false)
                    .build()
            });
            // The sink never fails and a slice cannot fail to read.
            let _ = searcher.search_slice(&self.matcher, text, &mut sink);
        });
        if sink.binary {
            Prefilter::Binary
        } else if sink.hit {
            Prefilter::Hit
        } else {
            Prefilter::Clean
        }
    }
}

enum Prefilter {
    Clean,
    Hit,
    Binary,
}

#[derive(Default)]
struct FirstHit {
    hit: bool,
    binary: bool,
}

impl Sink for FirstHit {
    type Error = std::io::Error;

    fn matched(
        &mut self,
        _: &grep_searcher::Searcher,
        _: &SinkMatch<'_>,
    ) -> Result<bool, Self::Error> {
        self.hit = true;
        Ok(false)
    }

    fn binary_data(&mut self, _: &grep_searcher::Searcher, _: u64) -> Result<bool, Self::Error> {
        self.binary = true;
        Ok(false)
    }
}

/// Counts the hits on the matching lines of a search (a line may hold several).
struct CountHits<'m> {
    matcher: &'m RegexMatcher,
    count: usize,
    binary: bool,
}

impl Sink for CountHits<'_> {
    type Error = std::io::Error;

    fn matched(
        &mut self,
        _: &grep_searcher::Searcher,
        m: &SinkMatch<'_>,
    ) -> Result<bool, Self::Error> {
        // Whole lines: their edges are word boundaries in the file too.
        let _ = self.matcher.find_iter(m.bytes(), |_| {
            self.count += 1;
            true
        });
        Ok(true)
    }

    fn binary_data(&mut self, _: &grep_searcher::Searcher, _: u64) -> Result<bool, Self::Error> {
        self.binary = true;
        Ok(false)
    }
}

fn regex_escape(s: &str) -> String {
    // Table names are validated identifiers, but `$` is legal in them and special in a regex.
    s.replace('$', r"\$")
}

/// The largest read buffer a walker thread keeps for the next file.
const KEEP_BUFFER: usize = 4 << 20;

/// Walks the roots and classifies every hit.
pub fn scan(rules: &Rules, opts: &ScanOptions) -> anyhow::Result<Scan> {
    scan_each(rules, opts, |_, _| ()).map(|(scan, _)| scan)
}

/// Like [`scan`], and runs `each` on every file with findings while the bytes that were
/// classified are still in memory (a dry run renders its diff there instead of reading the
/// file again). Its results come back in the order of [`Scan::files`].
pub fn scan_each<T: Send>(
    rules: &Rules,
    opts: &ScanOptions,
    each: impl Fn(&FileScan, &[u8]) -> T + Sync,
) -> anyhow::Result<(Scan, Vec<T>)> {
    let needles = Needles::new(rules, &opts.tables)?;
    let hint_needles = if opts.constraints.is_empty() {
        None
    } else {
        Some(Needles::from_names(
            opts.constraints
                .iter()
                .enumerate()
                .map(|(i, (old, _))| (i, old.clone()))
                .collect(),
        )?)
    };
    let mut early_problems = Vec::new();
    let (roots, strip_dot) = if opts.paths.is_empty() && opts.listed.is_none() {
        (vec![PathBuf::from(".")], true)
    } else {
        (opts.paths.clone(), false)
    };
    for root in &roots {
        if std::fs::symlink_metadata(root).is_err() {
            return Err(
                UserError::new(format!("{}: no such file or folder", root.display()))
                    .hint("give existing paths to scan, or none for the current folder")
                    .into(),
            );
        }
    }
    let mut roots = roots;
    for p in opts.listed.iter().flatten() {
        if std::fs::symlink_metadata(p).is_ok() {
            roots.push(p.clone());
        } else if opts
            .shard
            .is_none_or(|s| s.owns(&crate::project::components_below(p, None)))
        {
            // A list from `git diff --name-only` names deleted files too.
            early_problems.push(Problem {
                path: p.clone(),
                kind: ProblemKind::Skipped,
                message: "skipped: listed, but no such file or folder".to_string(),
            });
        }
    }
    if roots.is_empty() {
        return Ok((
            Scan {
                problems: early_problems,
                ..Scan::default()
            },
            Vec::new(),
        ));
    }
    let roots = Roots::new(roots, rules);
    let mut builder = WalkBuilder::new(&roots.list[0].given);
    for root in &roots.list[1..] {
        builder.add(&root.given);
    }
    let nested = Arc::new(roots.nested.clone());
    let hidden = opts.hidden;
    let lockfiles = opts.lockfiles;
    builder
        // Hidden files are left out below instead, so that refscan's own temporary files are
        // still seen (and never scanned), `.git` stays out even with --hidden, and without it
        // the old names in hidden files are counted for the summaries (in this same walk, so
        // that a big hidden folder costs one search of its files, not a second walk).
        .hidden(false)
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            if nested.contains(e.path()) {
                return false;
            }
            let name = e.file_name();
            if !lockfiles && is_lockfile(name) && e.file_type().is_some_and(|t| t.is_file()) {
                return false;
            }
            if !name.as_encoded_bytes().starts_with(b".") {
                return true;
            }
            // `.refscan/` holds refscan's own outputs (the shards' reports): never counted.
            let own_folder = name.as_encoded_bytes().starts_with(OWN_PREFIX)
                && e.file_type().is_some_and(|t| t.is_dir());
            name != ".git" && (hidden || !own_folder)
        })
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_global(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .parents(!opts.no_ignore)
        .require_git(false)
        .follow_links(false)
        .threads(opts.threads);
    if !opts.globs.is_empty() {
        let mut ob = ignore::overrides::OverrideBuilder::new(".");
        for g in &opts.globs {
            ob.add(g).map_err(|e| {
                UserError::new(format!("invalid --glob `{g}`: {e}"))
                    .hint("globs follow ripgrep's syntax; prefix with ! to exclude")
            })?;
        }
        builder.overrides(ob.build().context("building --glob overrides")?);
    }
    if let Some(types) = type_matcher(opts)? {
        builder.types(types);
    }

    let migrations: Vec<Vec<String>> = opts
        .migrations
        .iter()
        .map(|m| {
            Path::new(m)
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .filter(|v: &Vec<String>| !v.is_empty())
        .collect();
    let rollbacks = rollback_folders(&migrations);

    let excluded = Excluded::new(&opts.exclude);
    let files: Mutex<Vec<(FileScan, T)>> = Mutex::new(Vec::new());
    let problems: Mutex<Vec<Problem>> = Mutex::new(early_problems);
    let searched = AtomicUsize::new(0);
    let bytes_searched = std::sync::atomic::AtomicU64::new(0);
    let hidden_files = AtomicUsize::new(0);
    let hidden_references = AtomicUsize::new(0);
    builder.build_parallel().run(|| {
        let needles = &needles;
        let hint_needles = hint_needles.as_ref();
        let files = &files;
        let problems = &problems;
        let searched = &searched;
        let bytes_searched = &bytes_searched;
        let migrations = &migrations;
        let rollbacks = &rollbacks;
        let roots = &roots;
        let excluded = &excluded;
        let each = &each;
        let hidden_files = &hidden_files;
        let hidden_references = &hidden_references;
        // A hidden file left out is only counted: its old names, not what they are.
        let count_hidden = |path: &Path| {
            if let Some(n @ 1..) = needles.count_in_file(path) {
                hidden_files.fetch_add(1, Ordering::Relaxed);
                hidden_references.fetch_add(n, Ordering::Relaxed);
            }
        };
        // One read buffer per walker thread, reused from file to file.
        let mut bytes = Vec::new();
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let p = walk_problem(err);
                    // Without --hidden a hidden folder is walked only to count old names: what
                    // it cannot read was never part of the scan.
                    if !opts.hidden && roots.is_hidden_below(&p.path) {
                        return WalkState::Continue;
                    }
                    // Every shard walks the same folders: one of them reports each.
                    if opts.shard.is_none_or(|s| s.owns(&roots.place_of(&p.path))) {
                        problems.lock().unwrap().push(p);
                    }
                    return WalkState::Continue;
                }
            };
            let file_type = entry.file_type();
            let place = roots.place_of(entry.path());
            if opts.shard.is_some_and(|s| !s.owns(&place)) {
                return WalkState::Continue;
            }
            if entry.depth() == 0 && !file_type.is_some_and(|t| t.is_file() || t.is_dir()) {
                // Named on the command line, so passing over it unannounced would hide it.
                problems.lock().unwrap().push(Problem {
                    path: entry.path().to_path_buf(),
                    kind: ProblemKind::Skipped,
                    message: "skipped: not a regular file or folder".to_string(),
                });
                return WalkState::Continue;
            }
            if !file_type.is_some_and(|t| t.is_file()) || excluded.contains(entry.path()) {
                return WalkState::Continue;
            }
            let path = entry.path();
            let name = entry.file_name();
            let own_name = name.as_encoded_bytes().starts_with(OWN_PREFIX);
            if !opts.hidden && in_hidden_folder(path, entry.depth()) {
                // Not even a temporary file of a rewrite is looked at there without --hidden.
                if !own_name {
                    count_hidden(path);
                }
                return WalkState::Continue;
            }
            if let Some(owner) = crate::rewrite::temp_owner(name) {
                // A temporary file of a rewrite is never code; one whose writer is gone is
                // reported, or removed by `rewrite --write`.
                if let Some(p) = stale_temp(path, owner, opts.remove_stale_temps) {
                    problems.lock().unwrap().push(p);
                }
                return WalkState::Continue;
            }
            if !opts.hidden && entry.depth() > 0 && name.as_encoded_bytes().starts_with(b".") {
                // refscan's own hidden files (a baseline) name old tables by design.
                if !own_name {
                    count_hidden(path);
                }
                return WalkState::Continue;
            }
            let path = if strip_dot {
                path.strip_prefix("./").unwrap_or(path)
            } else {
                path
            };
            searched.fetch_add(1, Ordering::Relaxed);
            let history = if in_migrations(&place, migrations) {
                Some(History::Migration)
            } else if in_migrations(&place, rollbacks) {
                Some(History::Rollback)
            } else {
                None
            };
            let found = lang::with_schema(&rules.schema, || {
                lang::with_type_helpers(&rules.type_helpers, || {
                    scan_file(
                        path,
                        &mut bytes,
                        needles,
                        hint_needles,
                        opts.max_filesize,
                        history,
                        opts.engine,
                    )
                })
            })
            .map(|found| {
                found.and_then(|mut f| {
                    if !opts.kinds.is_empty() {
                        f.findings.retain(|x| opts.kinds.contains(&x.kind));
                        for x in &mut f.findings {
                            x.requested = true;
                        }
                    }
                    (!f.findings.is_empty() || !f.hints.is_empty()).then_some(f)
                })
            });
            bytes_searched.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            if let Some(p) = &opts.progress {
                p.files.fetch_add(1, Ordering::Relaxed);
                if matches!(found, Ok(Some(_))) {
                    p.with_findings.fetch_add(1, Ordering::Relaxed);
                }
            }
            match found {
                Ok(Some(f)) => {
                    let done = each(&f, &bytes);
                    files.lock().unwrap().push((f, done));
                }
                Ok(None) => {}
                Err(p) => problems.lock().unwrap().push(p),
            }
            if bytes.capacity() > KEEP_BUFFER {
                // One huge file must not pin its size in every thread for the rest of the walk.
                bytes = Vec::new();
            }
            WalkState::Continue
        })
    });
    let mut files = files.into_inner().unwrap();
    files.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    let (files, done) = files.into_iter().unzip();
    let mut problems = problems.into_inner().unwrap();
    problems.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    let scan = Scan {
        files,
        problems,
        files_searched: searched.into_inner(),
        bytes_searched: bytes_searched.into_inner(),
        hidden: HiddenCount {
            files: hidden_files.into_inner(),
            references: hidden_references.into_inner(),
        },
    };
    Ok((scan, done))
}

/// How refscan's own hidden files and folders start: `.refscan/` (the shards' outputs),
/// `.refscan-baseline.json`, the temporary files of a rewrite.
const OWN_PREFIX: &[u8] = b".refscan";

/// Whether a file or folder name of `path` starts with a dot (`.` and `..` are no names).
fn has_hidden_name(path: &Path) -> bool {
    path.components().any(|c| match c {
        Component::Normal(n) => n.as_encoded_bytes().starts_with(b"."),
        _ => false,
    })
}

/// Whether a folder between the walk's root and the entry at `depth` below it is hidden (a
/// root named on the command line is walked whatever its name).
fn in_hidden_folder(path: &Path, depth: usize) -> bool {
    path.components()
        .rev()
        .take(depth)
        .skip(1)
        .any(|c| c.as_os_str().as_encoded_bytes().starts_with(b"."))
}

fn walk_problem(err: ignore::Error) -> Problem {
    let path = match &err {
        ignore::Error::WithPath { path, .. } => path.clone(),
        ignore::Error::WithDepth { err, .. } => match err.as_ref() {
            ignore::Error::WithPath { path, .. } => path.clone(),
            _ => PathBuf::new(),
        },
        _ => PathBuf::new(),
    };
    // The walker's own message starts with the path, which the problem prints already.
    if let Some(io) = err.io_error() {
        let (kind, message) = read_problem(io);
        return Problem {
            path,
            kind,
            message,
        };
    }
    let kind = if err.to_string().contains("loop") {
        ProblemKind::Skipped
    } else {
        ProblemKind::Unreadable
    };
    Problem {
        path,
        kind,
        message: err.to_string(),
    }
}

/// What a failure to read a file or folder met while scanning means for the scan. A file
/// that is gone has nothing left to find, so only the others make the scan incomplete.
fn read_problem(e: &std::io::Error) -> (ProblemKind, String) {
    if e.kind() == std::io::ErrorKind::NotFound {
        return (
            ProblemKind::Skipped,
            "skipped: deleted during the scan".to_string(),
        );
    }
    (
        ProblemKind::Unreadable,
        format!("cannot read: {e}; the scan is incomplete (make it readable, or leave it out with --glob '!PATTERN')"),
    )
}

/// The `rollbacks` folder beside each migrations folder named `migrations`, where
/// `migrate plan --out` puts the rollback files (`supabase/rollbacks`).
fn rollback_folders(migrations: &[Vec<String>]) -> Vec<Vec<String>> {
    migrations
        .iter()
        .filter(|m| m.last().is_some_and(|l| l == "migrations"))
        .map(|m| {
            let mut r = m.clone();
            *r.last_mut().expect("not empty") = "rollbacks".to_string();
            r
        })
        .filter(|r| !migrations.contains(r))
        .collect()
}

/// Whether a file whose path in its project is `parts` (folders, then the file name) lies in a
/// migrations folder.
fn in_migrations(parts: &[String], migrations: &[Vec<String>]) -> bool {
    // The file name itself is not a folder, so it cannot start a migrations match.
    let folders = &parts[..parts.len().saturating_sub(1)];
    migrations.iter().any(|m| {
        folders
            .windows(m.len())
            .any(|w| w.iter().zip(m).all(|(a, b)| a == b))
    })
}

/// The roots of one walk, without duplicates, each with where it lies in its project.
struct Roots {
    list: Vec<Root>,
    /// Paths (as the walk of an enclosing root reaches them) of roots inside another root: the
    /// enclosing walk leaves them to their own, so that no file is scanned twice.
    nested: std::collections::HashSet<PathBuf>,
    /// Index into `list` of each root, by the path as given.
    by_given: HashMap<PathBuf, usize>,
}

struct Root {
    given: PathBuf,
    /// The root's path below its project's base: the repository root, else the rules file's
    /// folder when it lies above, else the filesystem root. Migrations folders are matched
    /// against it, whatever the current folder.
    place: Vec<String>,
}

impl Roots {
    fn new(given: Vec<PathBuf>, rules: &Rules) -> Roots {
        let rules_dir = match &rules.origin {
            crate::rules::Origin::File(p) => {
                crate::project::canonical(p).parent().map(Path::to_path_buf)
            }
            crate::rules::Origin::Bundled => None,
        };
        // Linear in the number of roots (a list from --files-from can hold many): each root
        // looks for its ancestors among the others.
        let mut kept: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut seen: HashMap<PathBuf, usize> = HashMap::new();
        for g in given {
            let c = crate::project::canonical(&g);
            if !seen.contains_key(&c) {
                seen.insert(c.clone(), kept.len());
                kept.push((g, c));
            }
        }
        let mut nested = std::collections::HashSet::new();
        for (_, ic) in &kept {
            for anc in ic.ancestors().skip(1) {
                if let Some(&o) = seen.get(anc) {
                    let (outer, oc) = &kept[o];
                    if let Ok(rest) = ic.strip_prefix(oc) {
                        nested.insert(outer.join(rest));
                    }
                }
            }
        }
        // Many listed files share a folder: its repository is looked up once.
        let mut repo_of: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
        let list: Vec<Root> = kept
            .into_iter()
            .map(|(given, c)| {
                let dir = if c.is_dir() {
                    c.clone()
                } else {
                    c.parent().map_or_else(|| c.clone(), Path::to_path_buf)
                };
                let repo = repo_of
                    .entry(dir)
                    .or_insert_with_key(|d| crate::project::repo_root(d))
                    .clone();
                let base = repo.or_else(|| rules_dir.clone().filter(|d| c.starts_with(d)));
                let place = crate::project::components_below(&c, base.as_deref());
                Root { given, place }
            })
            .collect();
        let by_given = list
            .iter()
            .enumerate()
            .map(|(i, r)| (r.given.clone(), i))
            .collect();
        Roots {
            list,
            nested,
            by_given,
        }
    }

    /// Whether a walked path has a hidden name below its root.
    fn is_hidden_below(&self, path: &Path) -> bool {
        let rest = path
            .ancestors()
            .find(|a| self.by_given.contains_key(*a))
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(path);
        has_hidden_name(rest)
    }

    /// Where a walked path lies in its project (see [`Root::place`]).
    fn place_of(&self, path: &Path) -> Vec<String> {
        // The nearest enclosing root: the longest of the path's prefixes that is one.
        let root = path
            .ancestors()
            .find_map(|a| self.by_given.get(a))
            .map(|&i| &self.list[i]);
        match root {
            Some(r) => {
                let mut parts = r.place.clone();
                let rest = path.strip_prefix(&r.given).unwrap_or(path);
                parts.extend(crate::project::components_below(rest, None));
                parts
            }
            None => crate::project::components_below(path, None),
        }
    }
}

/// What to do about a temporary file of a rewrite met during the walk: nothing while its
/// writer runs; when the writer is gone (killed mid-write), remove it (`remove`) or report it.
fn stale_temp(path: &Path, owner: Option<u32>, remove: bool) -> Option<Problem> {
    if owner.is_some_and(crate::rewrite::process_is_alive) {
        return None;
    }
    let whose = match owner {
        Some(pid) => format!("refscan process {pid}, which is gone"),
        None => "an earlier refscan".to_string(),
    };
    let message = if remove && owner.is_some() {
        match std::fs::remove_file(path) {
            Ok(()) => format!("removed: a temporary file left by {whose} (killed while rewriting)"),
            Err(e) => format!("cannot remove this temporary file left by {whose}: {e}; delete it"),
        }
    } else {
        format!("not scanned: a temporary file left by {whose} (killed while rewriting); delete it, or run `refscan rewrite --write`, which removes such files")
    };
    Some(Problem {
        path: path.to_path_buf(),
        kind: ProblemKind::Skipped,
        message,
    })
}

/// Reads (into `bytes`), prefilters and classifies one file; `Ok(None)` when it has no
/// finding.
fn scan_file(
    path: &Path,
    bytes: &mut Vec<u8>,
    needles: &Needles,
    hint_needles: Option<&Needles>,
    max_filesize: u64,
    history: Option<History>,
    engine: Engine,
) -> Result<Option<FileScan>, Problem> {
    let problem = |kind, message: String| Problem {
        path: path.to_path_buf(),
        kind,
        message,
    };
    bytes.clear();
    let cannot_read = |e: std::io::Error| {
        let (kind, message) = read_problem(&e);
        problem(kind, message)
    };
    let too_big = |len: u64| {
        let limit = format!(
            "skipped: {len} bytes is over the {max_filesize}-byte limit (raise it with --max-filesize)"
        );
        // Searched as a stream (bounded memory), so that the gate knows whether it names an
        // old table; binary files that are not source are passed over as in a normal read.
        match needles.file_names_any(path, Lang::of(path) == Lang::Text) {
            Some(false) => problem(ProblemKind::Skipped, limit),
            Some(true) => problem(
                ProblemKind::Unscanned,
                format!("{limit}, and it names old tables"),
            ),
            None => problem(
                ProblemKind::Unscanned,
                format!("{limit}, and it could not be searched for old table names"),
            ),
        }
    };
    // One open and one fstat per file; the size is checked before anything is read.
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            // An oversized file is reported as such even when it cannot be opened.
            let meta = std::fs::metadata(path).map_err(cannot_read)?;
            if meta.len() > max_filesize {
                return Err(too_big(meta.len()));
            }
            return Err(cannot_read(e));
        }
    };
    let len = file.metadata().map_err(cannot_read)?.len();
    if len > max_filesize {
        return Err(too_big(len));
    }
    bytes.clear();
    bytes.reserve(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.read_to_end(bytes).map_err(cannot_read)?;
    let bytes = &bytes[..];
    if let Some(text) = decode_utf16(bytes) {
        if !needles.hits(text.as_bytes()).is_empty() {
            return Err(problem(
                ProblemKind::Unscanned,
                "skipped: UTF-16 text naming old tables; refscan reads UTF-8 only (convert the file to have it scanned)".to_string(),
            ));
        }
        return Ok(None);
    }
    let lang = Lang::of(path);
    let hint_prefilter = hint_needles.map(|n| n.prefilter(bytes));
    let prefilter = needles.prefilter(bytes);
    // Whether what is passed over below names an old table (the gate fails on it), or only a
    // renamed constraint.
    let skip_kind = if matches!(prefilter, Prefilter::Clean) {
        ProblemKind::Skipped
    } else {
        ProblemKind::Unscanned
    };
    match (prefilter, hint_prefilter) {
        // An image or archive that holds an old name refers to no table, but a source file
        // with a stray NUL byte does, and must not drop out of the scan unnoticed.
        (Prefilter::Binary, _) | (_, Some(Prefilter::Binary))
            if lang == Lang::Text || !needles.matcher.is_match(bytes).unwrap_or(false) =>
        {
            return Ok(None)
        }
        (Prefilter::Clean, None | Some(Prefilter::Clean)) => return Ok(None),
        _ => {}
    }
    if memchr::memchr(0, bytes).is_some() {
        return Err(problem(
            skip_kind,
            "skipped: binary file (NUL bytes) naming old tables; remove the NUL bytes to have it scanned".to_string(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        problem(
            skip_kind,
            format!(
                "skipped: not valid UTF-8 (at byte {}); refscan reads UTF-8 only (convert the file to have it scanned)",
                e.valid_up_to()
            ),
        )
    })?;
    let base = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    let body = &text[base..];
    let lang = Lang::of_file(path, body);
    let history_of = history.or_else(|| crate::own_output::recognise(bytes).map(History::of_own));
    let history = history_of.is_some();
    let hits = needles.hits(body.as_bytes());
    let hint_hits: Vec<Hit> = hint_needles.map_or_else(Vec::new, |n| {
        n.hits(body.as_bytes())
            .into_iter()
            .filter(|h| h.exact && is_hint_position(body.as_bytes(), &h.span))
            .collect()
    });
    if hits.is_empty() && hint_hits.is_empty() {
        return Ok(None);
    }
    let classes = if hits.is_empty() {
        Vec::new()
    } else {
        lang::classify_with(engine, lang, body, &hits)
    };
    let path = Arc::new(path.to_path_buf());
    let mut lines = LineCounter::new(bytes);
    let markers = marker_lines(bytes);
    let findings: Vec<Finding> = hits
        .iter()
        .zip(classes)
        .filter_map(|(hit, class)| {
            let class = class?;
            let span = hit.span.start + base..hit.span.end + base;
            let (line, column) = lines.at(span.start);
            let suppressed = is_suppressed(&markers, line);
            Some(Finding {
                path: path.clone(),
                line,
                column,
                span,
                table: hit.table,
                kind: class.kind,
                site: class.site,
                via_alias: class.via_alias,
                history,
                suppressed,
                requested: false,
            })
        })
        .collect();
    let mut lines = LineCounter::new(bytes);
    let hints: Vec<ConstraintHint> = hint_hits
        .into_iter()
        .map(|h| {
            let span = h.span.start + base..h.span.end + base;
            let (line, column) = lines.at(span.start);
            ConstraintHint {
                span,
                line,
                column,
                constraint: h.table,
            }
        })
        .collect();
    if findings.is_empty() && hints.is_empty() {
        return Ok(None);
    }
    Ok(Some(FileScan {
        path,
        findings,
        hints,
        len: bytes.len() as u64,
        digest: digest(bytes),
        history: history_of,
    }))
}

/// Whether `span` is a PostgREST hint: `!name` followed by `(` or another `!`, whitespace
/// allowed between, as postgrest-js strips it.
fn is_hint_position(text: &[u8], span: &Range<usize>) -> bool {
    let before = text[..span.start]
        .iter()
        .rev()
        .find(|b| !b.is_ascii_whitespace());
    let after = text[span.end..].iter().find(|b| !b.is_ascii_whitespace());
    before == Some(&b'!') && matches!(after, Some(b'(') | Some(b'!'))
}

/// The marker that suppresses findings on its line and the next.
pub const SUPPRESS_MARKER: &str = "refscan-ignore";

/// The 1-based lines holding the suppression marker, in order. Found once per file: looking
/// around each finding instead costs a pass over the whole line per finding, which made a
/// minified one-line file take hours.
pub fn marker_lines(bytes: &[u8]) -> Vec<usize> {
    let mut lines = LineCounter::new(bytes);
    let mut out: Vec<usize> = memchr::memmem::find_iter(bytes, SUPPRESS_MARKER.as_bytes())
        .map(|at| lines.at(at).0)
        .collect();
    out.dedup();
    out
}

/// A finding on `line` is suppressed by a marker on that line or the one before.
pub fn is_suppressed(marker_lines: &[usize], line: usize) -> bool {
    marker_lines.binary_search(&line).is_ok()
        || (line > 1 && marker_lines.binary_search(&(line - 1)).is_ok())
}

/// A hash of file content, to notice that a file changed between scan and write (with the
/// length, and a byte comparison right before the write). XXH3 runs at memory speed, where
/// SipHash cost a visible share of a scan.
pub fn digest(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// Text of a file with a UTF-16 byte order mark, or `None` for any other file.
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let le = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}

/// Turns increasing byte offsets into 1-based line and character column (Unicode code points,
/// the column of every output format), reading each byte once. A UTF-8 BOM is not a column.
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
    /// Characters between the start of the current line and `offset`.
    chars: usize,
}

/// The characters in UTF-8 `bytes` (continuation bytes are not counted).
pub fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl<'a> LineCounter<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        let start = if bytes.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            0
        };
        LineCounter {
            bytes,
            offset: start,
            line: 1,
            chars: 0,
        }
    }

    /// Line and column of `offset`; offsets must not decrease between calls.
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        debug_assert!(offset >= self.offset);
        let offset = offset.max(self.offset);
        let mut from = self.offset;
        for nl in memchr::memchr_iter(b'\n', &self.bytes[self.offset..offset]) {
            self.line += 1;
            self.chars = 0;
            from = self.offset + nl + 1;
        }
        self.chars += count_chars(&self.bytes[from..offset]);
        self.offset = offset;
        (self.line, self.chars + 1)
    }
}

/// The byte range of the line holding `offset`, without its line terminator.
pub fn line_range(bytes: &[u8], offset: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
    let mut end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |i| offset + i);
    if end > start && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    start..end
}

/// Which findings a command looks at: `--group`, `--table`, `--phase`, `--kind`.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub tables: Option<Vec<usize>>,
    pub kinds: Vec<Kind>,
}

impl Selection {
    /// Resolves user-given names against the rules. `through` makes `--phase P` mean every
    /// phase up to P (the check gate) rather than exactly P.
    pub fn resolve(
        rules: &Rules,
        groups: &[String],
        tables: &[String],
        phase: Option<&str>,
        kinds: &[String],
        through: bool,
    ) -> anyhow::Result<Selection> {
        let mut chosen: Option<Vec<usize>> = None;
        let mut narrow = |set: Vec<usize>| {
            chosen = Some(match chosen.take() {
                None => set,
                Some(prev) => prev.into_iter().filter(|i| set.contains(i)).collect(),
            });
        };
        if !groups.is_empty() {
            let mut set = Vec::new();
            for g in groups {
                let gi = rules.select_group(g)?;
                set.extend((0..rules.tables.len()).filter(|&i| rules.tables[i].group == gi));
            }
            narrow(set);
        }
        if !tables.is_empty() {
            let mut set = Vec::new();
            for t in tables {
                let ti = rules.table_by_name(t).ok_or_else(|| {
                    UserError::new(format!("unknown table `{t}`"))
                        .hint("name a table by its old or new name; `refscan rules` lists them")
                })?;
                set.push(ti);
            }
            narrow(set);
        }
        if let Some(p) = phase {
            let phases = rules.select_phases(p, through)?;
            narrow(
                (0..rules.tables.len())
                    .filter(|&i| rules.tables[i].phase.is_some_and(|p| phases.contains(&p)))
                    .collect(),
            );
        }
        let kinds = kinds
            .iter()
            .map(|k| {
                Kind::parse(k).ok_or_else(|| {
                    UserError::new(format!("unknown kind `{k}`")).hint(format!(
                        "kinds: {}",
                        Kind::ALL.map(|k| k.as_str()).join(", ")
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(t) = &chosen {
            if !t.iter().any(|&i| rules.tables[i].is_renamed()) {
                return Err(
                    UserError::new("the selection names no table that is renamed")
                        .hint("check --group/--table/--phase against `refscan rules`")
                        .into(),
                );
            }
        }
        Ok(Selection {
            tables: chosen,
            kinds,
        })
    }

    /// The tables the scanner must look for (empty: all).
    pub fn scan_tables(&self) -> Vec<usize> {
        self.tables.clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_names_are_those_below_the_root_that_start_with_a_dot() {
        // See: issue 13 item 1
        assert!(has_hidden_name(Path::new("a/.cache/q.sql")));
        assert!(has_hidden_name(Path::new(".env")));
        assert!(!has_hidden_name(Path::new("./a/../b/q.sql")));
        // The root as given is walked whatever its name: only what lies below it counts.
        assert!(!in_hidden_folder(Path::new(".archived/x/q.sql"), 2));
        assert!(in_hidden_folder(Path::new(".archived/x/q.sql"), 3));
        assert!(in_hidden_folder(Path::new("./.cache/q.sql"), 2));
        // The file's own name is not a folder.
        assert!(!in_hidden_folder(Path::new("./a/.env"), 2));
    }

    #[test]
    fn hits_are_whole_words_and_case_marked() {
        let rules = Rules::bundled();
        let n = Needles::new(&rules, &[]).unwrap();
        let text = b"sources sources_google Sources x.sources_google_experts sourcesX";
        let hits = n.hits(text);
        let words: Vec<(&str, bool)> = hits
            .iter()
            .map(|h| (std::str::from_utf8(&text[h.span.clone()]).unwrap(), h.exact))
            .collect();
        assert_eq!(
            words,
            [
                ("sources", true),
                ("sources_google", true),
                ("Sources", false),
                ("sources_google_experts", true)
            ]
        );
        assert_eq!(rules.tables[hits[0].table].old, "sources");
        assert_eq!(rules.tables[hits[1].table].old, "sources_google");
    }

    #[test]
    fn hints_are_recognised_by_their_punctuation() {
        let t = b"a!experts_fkey(x), b!experts_fkey !inner(y), experts_fkey(z), c!experts_fkey";
        let at = |i: usize| i..i + "experts_fkey".len();
        assert!(is_hint_position(t, &at(2)));
        assert!(is_hint_position(t, &at(21)));
        assert!(!is_hint_position(t, &at(45)));
        assert!(!is_hint_position(t, &at(64)));
    }

    #[test]
    fn line_counter_counts_characters() {
        // See: issue 19 item 7
        let text = "a\r\nbé x\nc";
        let mut lc = LineCounter::new(text.as_bytes());
        assert_eq!(lc.at(0), (1, 1));
        assert_eq!(lc.at(3), (2, 1));
        assert_eq!(lc.at(6), (2, 3));
        assert_eq!(lc.at(7), (2, 4));
        assert_eq!(lc.at(9), (3, 1));
        assert_eq!(line_range(text.as_bytes(), 1), 0..1);
        // A BOM is not a column.
        let mut lc = LineCounter::new("\u{feff}é x".as_bytes());
        assert_eq!(lc.at(6), (1, 3));
    }

    #[test]
    fn suppression_covers_the_line_and_the_next() {
        let text = b"a // refscan-ignore\nb\nc refscan-ignore refscan-ignore\n\n\nd";
        let markers = marker_lines(text);
        assert_eq!(markers, [1, 3]);
        assert!(is_suppressed(&markers, 1));
        assert!(is_suppressed(&markers, 2));
        assert!(is_suppressed(&markers, 4));
        assert!(!is_suppressed(&markers, 5));
        assert!(!is_suppressed(&markers, 6));
        assert!(marker_lines(b"refscan-ignor").is_empty());
    }

    #[test]
    fn migrations_folder_anywhere_in_the_path() {
        let m = vec![vec!["supabase".to_string(), "migrations".to_string()]];
        let parts = |p: &str| crate::project::components_below(Path::new(p), None);
        assert!(in_migrations(&parts("supabase/migrations/001.sql"), &m));
        assert!(in_migrations(
            &parts("./apps/x/supabase/migrations/a/b.sql"),
            &m
        ));
        assert!(!in_migrations(&parts("supabase/seed.sql"), &m));
        assert!(!in_migrations(&parts("supabase/migrations"), &m));
    }

    #[test]
    fn rollbacks_beside_a_migrations_folder_are_history_too() {
        let v = |p: &str| p.split('/').map(str::to_string).collect::<Vec<_>>();
        let r = rollback_folders(&[v("supabase/migrations"), v("db/sql"), v("migrations")]);
        assert_eq!(r, [v("supabase/rollbacks"), v("rollbacks")]);
        let parts = |p: &str| crate::project::components_below(Path::new(p), None);
        assert!(in_migrations(
            &parts("apps/x/supabase/rollbacks/1_r.sql"),
            &r
        ));
        assert!(!in_migrations(&parts("supabase/rollbacks.sql"), &r));
    }

    #[test]
    fn a_file_deleted_after_listing_is_skipped_not_unreadable() {
        // What the walker hands over can be gone by the time it is read.
        let needles = Needles::new(&Rules::bundled(), &[]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone.sql");
        let p = scan_file(
            &gone,
            &mut Vec::new(),
            &needles,
            None,
            DEFAULT_MAX_FILESIZE,
            None,
            Engine::Auto,
        )
        .unwrap_err();
        assert_eq!(p.kind, ProblemKind::Skipped);
        assert_eq!(p.message, "skipped: deleted during the scan");
        assert_eq!(p.path, gone);
    }

    #[test]
    fn utf16_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "from experts".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(decode_utf16(&bytes).unwrap(), "from experts");
        assert!(decode_utf16(b"plain").is_none());
    }
}
