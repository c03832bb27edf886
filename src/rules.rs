//! The rename plan: groups of old -> new table names and the ordered phases that move them,
//! read from TOML and validated before anything else runs.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::error::UserError;

/// The plan shipped with refscan (the DHG prefix plan), compiled into the binary.
pub const BUNDLED: &str = include_str!("../rules/dhg.toml");
/// Name under which the bundled plan is reported.
pub const BUNDLED_NAME: &str = "bundled rules/dhg.toml";
/// A rules file with this name, looked for upward from each PATH and from the current
/// folder to the repository root, is used when no `--rules` is given.
pub const LOCAL_FILE: &str = "refscan.toml";
/// The value of `--rules` that names the bundled plan (a file of that name is `./bundled`).
pub const BUNDLED_ARG: &str = "bundled";
/// The environment variable naming the rules file when `--rules` is not given, as ripgrep's
/// `RIPGREP_CONFIG_PATH` names its configuration; empty means unset.
pub const RULES_ENV: &str = "REFSCAN_RULES";

/// How the plan of a run was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// `--rules FILE`, or `--rules bundled`.
    Named,
    /// The file [`RULES_ENV`] names (or `bundled`), when `--rules` is not given.
    Env,
    /// A `refscan.toml` found upward from a PATH or the current folder.
    Found,
    /// No rules file anywhere: the bundled plan, an example for another project.
    Fallback,
}

/// Why no plan could be had.
#[derive(Debug)]
pub enum DiscoverError {
    Rules(RulesError),
    /// Two PATHs find two different rules files.
    Conflict(UserError),
}

/// The rules file of a run and how it was chosen (`None`: the bundled plan): `--rules`, else
/// the file [`RULES_ENV`] names, else the nearest `refscan.toml` at or above each PATH up to
/// its repository root (all PATHs must find the same one), else the same from the current
/// folder, else the bundled plan.
pub fn locate(
    explicit: Option<&Path>,
    paths: &[PathBuf],
) -> Result<(Option<PathBuf>, Choice), UserError> {
    let from_env = std::env::var_os(RULES_ENV).filter(|v| !v.is_empty());
    let named = match (explicit, &from_env) {
        (Some(path), _) => Some((path.to_path_buf(), Choice::Named)),
        (None, Some(v)) => Some((PathBuf::from(v), Choice::Env)),
        (None, None) => None,
    };
    if let Some((path, choice)) = named {
        if path.as_os_str() == BUNDLED_ARG {
            return Ok((None, choice));
        }
        return Ok((Some(path), choice));
    }
    let cwd = crate::project::canonical(Path::new("."));
    let shown = |f: &Path| crate::project::relative_to(f, &cwd);
    let mut found: Vec<(&Path, PathBuf)> = Vec::new();
    for p in paths {
        if let Some(f) = crate::project::find_upward(p, LOCAL_FILE) {
            let f = crate::project::canonical(&f);
            match found.iter().find(|(_, g)| *g != f) {
                Some((q, g)) => {
                    return Err(UserError::new(format!(
                    "PATH {} has the rules file {} but PATH {} has {}; one run follows one plan",
                    q.display(),
                    shown(g).display(),
                    p.display(),
                    shown(&f).display()
                ))
                    .hint("run refscan once per project, or name the plan with --rules FILE"))
                }
                None => found.push((p, f)),
            }
        }
    }
    if let Some((_, f)) = found.into_iter().next() {
        return Ok((Some(shown(&f)), Choice::Found));
    }
    match crate::project::find_upward(&cwd, LOCAL_FILE) {
        Some(f) => Ok((Some(shown(&f)), Choice::Found)),
        None => Ok((None, Choice::Fallback)),
    }
}
/// Postgres truncates identifiers to NAMEDATALEN - 1 bytes.
pub const MAX_IDENT_BYTES: usize = 63;

/// Where a plan was read from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Bundled => f.write_str(BUNDLED_NAME),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// A validated rename plan.
#[derive(Debug, Clone)]
pub struct Rules {
    pub origin: Origin,
    pub name: String,
    pub schema: String,
    /// Folders (relative to a scanned root) whose SQL files are history, never rewritten.
    pub migrations: Vec<String>,
    /// Scan hidden files and folders as `--hidden` does (`hidden = true`).
    pub hidden: bool,
    /// How `check` rates table strings (`table_strings = "error"`).
    pub table_strings: TableStrings,
    /// TypeScript generic types of the project whose string literal type arguments name
    /// tables, like `Tables<'t'>` (`type_helpers = ["Row", "GetComputedFields"]`).
    pub type_helpers: Vec<String>,
    pub groups: Vec<Group>,
    /// Every table of the plan, renamed or unchanged, in file order.
    pub tables: Vec<Table>,
    pub phases: Vec<Phase>,
    /// Constraints renamed along with their tables (`refscan migrate apply
    /// --rename-dependents`): old name -> new name. `rewrite` updates PostgREST hints naming
    /// them (`t!old_fkey(...)`).
    pub constraints: Vec<(String, String)>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub prefix: String,
    pub title: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub old: String,
    pub new: String,
    /// Index into [`Rules::groups`].
    pub group: usize,
    /// Index into [`Rules::phases`]; `None` only for unchanged tables.
    pub phase: Option<usize>,
    pub line: usize,
}

impl Table {
    pub fn is_renamed(&self) -> bool {
        self.old != self.new
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PhaseKind {
    /// Creates the tracking table (and compatibility types); moves no table.
    Setup,
    /// Renames tables behind compatibility views.
    Rename,
    /// Drops the compatibility views of migrated tables.
    Cleanup,
}

impl PhaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Setup => "setup",
            PhaseKind::Rename => "rename",
            PhaseKind::Cleanup => "cleanup",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Phase {
    pub id: String,
    pub title: String,
    pub kind: PhaseKind,
    /// Indices into [`Rules::tables`], renamed tables only, in the order the plan lists them.
    pub tables: Vec<usize>,
    /// Indices into [`Rules::groups`] named by this phase.
    pub groups: Vec<usize>,
    pub line: usize,
}

/// A rename whose new name is another table's old name (`a -> b` while `b -> c`), or a cycle
/// of them (a swap). Both are safe only in the right order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    /// Table indices, each one's new name being the next one's old name.
    pub tables: Vec<usize>,
    pub swap: bool,
}

/// One problem in a rules file, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Why a rules file could not be used: every problem found, not just the first.
#[derive(Debug, Clone)]
pub struct RulesError {
    pub origin: Origin,
    pub problems: Vec<Problem>,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            if p.line == 0 {
                write!(f, "{}: {}", self.origin, p.message)?;
            } else {
                write!(f, "{}:{}:{}: {}", self.origin, p.line, p.column, p.message)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for RulesError {}

// ---------------------------------------------------------------------------------------------
/// How `check` rates a `table-string` finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableStrings {
    /// Listed and counted, the gate passes (unless `--strict`).
    #[default]
    Warning,
    /// Fails the gate like a rewritable reference.
    Error,
}

// The file format, as serde sees it. Spans are kept so every problem can name its line.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    name: Option<String>,
    schema: Option<Spanned<String>>,
    migrations: Option<Vec<String>>,
    hidden: Option<bool>,
    table_strings: Option<TableStrings>,
    #[serde(default, alias = "type-helpers")]
    type_helpers: Vec<Spanned<String>>,
    #[serde(default)]
    group: Vec<RawGroup>,
    #[serde(default)]
    phase: Vec<RawPhase>,
    #[serde(default)]
    constraints: IndexMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    prefix: Spanned<String>,
    title: Option<String>,
    #[serde(default)]
    rename: IndexMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    unchanged: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhase {
    id: Spanned<String>,
    title: Option<String>,
    kind: Option<PhaseKind>,
    #[serde(default)]
    groups: Vec<Spanned<String>>,
    #[serde(default)]
    tables: Vec<Spanned<String>>,
}

/// Maps byte offsets of the source to 1-based line and column.
struct Lines<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Lines { src, starts }
    }

    fn at(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.src[start..offset.min(self.src.len())].chars().count() + 1;
        (line, column)
    }
}

impl Rules {
    /// The plan compiled into the binary.
    pub fn bundled() -> Rules {
        Rules::parse(BUNDLED, Origin::Bundled).expect("the bundled rules are validated by tests")
    }

    /// Reads and validates a rules file.
    pub fn load(path: &Path) -> Result<Rules, RulesError> {
        let origin = Origin::File(path.to_path_buf());
        let text = std::fs::read_to_string(path).map_err(|e| RulesError {
            origin: origin.clone(),
            problems: vec![Problem {
                line: 0,
                column: 0,
                message: format!("cannot read the rules file: {e}"),
            }],
        })?;
        Rules::parse(&text, origin)
    }

    /// Parses and validates rules text; `origin` is used in messages only.
    pub fn parse(text: &str, origin: Origin) -> Result<Rules, RulesError> {
        let lines = Lines::new(text);
        let raw: RawRules = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| lines.at(s.start)).unwrap_or((0, 0));
            RulesError {
                origin: origin.clone(),
                problems: vec![Problem {
                    line,
                    column,
                    message: format!("not a valid rules file: {}", e.message().trim_end()),
                }],
            }
        })?;
        let mut v = Validator {
            lines: &lines,
            problems: Vec::new(),
        };
        let rules = v.build(raw, origin.clone());
        if v.problems.is_empty() {
            Ok(rules)
        } else {
            v.problems.sort_by_key(|p| (p.line, p.column));
            Err(RulesError {
                origin,
                problems: v.problems,
            })
        }
    }

    /// Finds the rules file of a run (see [`locate`]) and reads it; `None` from `locate` is
    /// the bundled plan.
    pub fn discover(
        explicit: Option<&Path>,
        paths: &[PathBuf],
    ) -> Result<(Rules, Choice), DiscoverError> {
        let (file, choice) = locate(explicit, paths).map_err(DiscoverError::Conflict)?;
        let rules = match file {
            Some(f) => Rules::load(&f).map_err(DiscoverError::Rules)?,
            None => Rules::bundled(),
        };
        Ok((rules, choice))
    }

    /// The same plan run backwards (new names back to old), to undo a rewrite.
    pub fn reversed(&self) -> Rules {
        let mut r = self.clone();
        for t in &mut r.tables {
            std::mem::swap(&mut t.old, &mut t.new);
        }
        for (old, new) in &mut r.constraints {
            std::mem::swap(old, new);
        }
        r.name = format!("{} (reversed)", self.name);
        r
    }

    /// Tables that change name.
    pub fn renamed(&self) -> impl Iterator<Item = (usize, &Table)> {
        self.tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_renamed())
    }

    pub fn group_by_prefix(&self, prefix: &str) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| g.prefix == prefix || g.prefix.trim_end_matches('_') == prefix)
    }

    /// A table named by its old or its new name.
    pub fn table_by_name(&self, name: &str) -> Option<usize> {
        self.tables
            .iter()
            .position(|t| t.old == name)
            .or_else(|| self.tables.iter().position(|t| t.new == name))
    }

    /// The phases an id selects: `5` selects `5` or its steps `5a`, `5b`...; `5b` selects one.
    pub fn phases_matching(&self, id: &str) -> Vec<usize> {
        let exact: Vec<usize> = (0..self.phases.len())
            .filter(|&i| self.phases[i].id == id)
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        (0..self.phases.len())
            .filter(|&i| {
                let p = &self.phases[i].id;
                p.len() > id.len()
                    && p.starts_with(id)
                    && !p.as_bytes()[id.len()].is_ascii_digit()
                    && id.ends_with(|c: char| c.is_ascii_digit())
            })
            .collect()
    }

    /// Phase indices from the first phase through the last one `id` selects.
    pub fn phases_through(&self, id: &str) -> Vec<usize> {
        match self.phases_matching(id).last() {
            Some(&last) => (0..=last).collect(),
            None => Vec::new(),
        }
    }

    /// The group prefixes, comma-separated, as hints and messages list them.
    pub fn prefixes(&self) -> String {
        self.groups
            .iter()
            .map(|g| g.prefix.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The group `prefix` names, or the error every command gives for a prefix the plan does not
    /// have.
    pub fn select_group(&self, prefix: &str) -> Result<usize, UserError> {
        self.group_by_prefix(prefix).ok_or_else(|| {
            UserError::new(format!("unknown group `{prefix}`"))
                .hint(format!("groups are named by prefix: {}", self.prefixes()))
        })
    }

    /// The phases `id` selects ([`Rules::phases_matching`]; with `through`, every phase up to
    /// them, [`Rules::phases_through`]), or the error every command gives for an id the plan
    /// does not have.
    pub fn select_phases(&self, id: &str, through: bool) -> Result<Vec<usize>, UserError> {
        let phases = if through {
            self.phases_through(id)
        } else {
            self.phases_matching(id)
        };
        if phases.is_empty() {
            let known: Vec<&str> = self.phases.iter().map(|p| p.id.as_str()).collect();
            return Err(UserError::new(format!("the rules have no phase `{id}`"))
                .hint(format!("phases: {}", known.join(", "))));
        }
        Ok(phases)
    }

    /// Every chain and swap of the plan (see [`Chain`]).
    pub fn chains(&self) -> Vec<Chain> {
        let by_old: HashMap<&str, usize> =
            self.renamed().map(|(i, t)| (t.old.as_str(), i)).collect();
        let next = |i: usize| by_old.get(self.tables[i].new.as_str()).copied();
        let has_prev: HashSet<usize> = self.renamed().filter_map(|(i, _)| next(i)).collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        // Chain heads first, so a chain is reported from its start.
        let heads = self
            .renamed()
            .map(|(i, _)| i)
            .filter(|i| !has_prev.contains(i));
        let rest = self
            .renamed()
            .map(|(i, _)| i)
            .filter(|i| has_prev.contains(i));
        for start in heads.chain(rest) {
            if seen.contains(&start) || next(start).is_none() {
                continue;
            }
            let mut tables = vec![start];
            seen.insert(start);
            let mut cur = start;
            let mut swap = false;
            while let Some(n) = next(cur) {
                if n == start {
                    swap = true;
                    break;
                }
                if !seen.insert(n) {
                    break;
                }
                tables.push(n);
                cur = n;
            }
            out.push(Chain { tables, swap });
        }
        out
    }
}

struct Validator<'a> {
    lines: &'a Lines<'a>,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn problem(&mut self, offset: usize, message: String) {
        let (line, column) = self.lines.at(offset);
        self.problems.push(Problem {
            line,
            column,
            message,
        });
    }

    fn check_ident(&mut self, name: &Spanned<String>, what: &str) -> bool {
        match ident_problem(name.get_ref()) {
            None => true,
            Some(why) => {
                self.problem(
                    name.span().start,
                    format!("{what} `{}` {why}", name.get_ref()),
                );
                false
            }
        }
    }

    fn build(&mut self, raw: RawRules, origin: Origin) -> Rules {
        let schema = match raw.schema {
            Some(s) => {
                self.check_ident(&s, "schema");
                s.into_inner()
            }
            None => "public".to_string(),
        };
        let mut rules = Rules {
            origin,
            name: raw.name.unwrap_or_else(|| "unnamed plan".to_string()),
            schema,
            migrations: raw
                .migrations
                .unwrap_or_else(|| vec!["supabase/migrations".to_string()]),
            hidden: raw.hidden.unwrap_or(false),
            table_strings: raw.table_strings.unwrap_or_default(),
            type_helpers: Vec::new(),
            groups: Vec::new(),
            tables: Vec::new(),
            phases: Vec::new(),
            constraints: Vec::new(),
        };
        for h in &raw.type_helpers {
            let name = h.get_ref();
            let ident = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
            if !ident {
                self.problem(
                    h.span().start,
                    format!("type helper `{name}` is not a TypeScript type name (letters, digits, `_` and `$`, not starting with a digit)"),
                );
            } else if !rules.type_helpers.contains(name) {
                rules.type_helpers.push(name.clone());
            }
        }
        for (old, new) in &raw.constraints {
            let ok = self.check_ident(old, "constraint name")
                & self.check_ident(new, "new constraint name");
            if ok {
                rules
                    .constraints
                    .push((old.get_ref().clone(), new.get_ref().clone()));
            }
        }
        let mut old_seen: HashMap<String, usize> = HashMap::new();
        let mut new_seen: HashMap<String, usize> = HashMap::new();
        let mut spans: Vec<(usize, usize)> = Vec::new(); // (old offset, new offset) per table

        for g in &raw.group {
            let prefix = g.prefix.get_ref();
            let gi = rules.groups.len();
            if rules.groups.iter().any(|x| &x.prefix == prefix) {
                self.problem(
                    g.prefix.span().start,
                    format!("group prefix `{prefix}` is used by two groups; merge them"),
                );
            }
            if prefix.is_empty()
                || !prefix
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                || prefix.as_bytes()[0].is_ascii_digit()
            {
                self.problem(
                    g.prefix.span().start,
                    format!("group prefix `{prefix}` must be lower-case letters, digits and `_`, starting with a letter"),
                );
            }
            rules.groups.push(Group {
                prefix: prefix.clone(),
                title: g.title.clone().unwrap_or_else(|| prefix.clone()),
                line: self.lines.at(g.prefix.span().start).0,
            });
            if g.rename.is_empty() && g.unchanged.is_empty() {
                self.problem(
                    g.prefix.span().start,
                    format!("group `{prefix}` lists no table: add a [group.rename] table or an `unchanged` list"),
                );
            }
            let pairs = g
                .rename
                .iter()
                .map(|(o, n)| (o, n, false))
                .chain(g.unchanged.iter().map(|u| (u, u, true)));
            for (old, new, unchanged) in pairs {
                let ok_old = self.check_ident(old, "table name");
                let ok_new = unchanged || self.check_ident(new, "new table name");
                let (o, n) = (old.get_ref(), new.get_ref());
                if let Some(&prev) = old_seen.get(o) {
                    self.problem(
                        old.span().start,
                        format!(
                            "table `{o}` is listed twice (first at line {}); list each table once",
                            rules.tables[prev].line
                        ),
                    );
                    continue;
                }
                if !unchanged && o == n {
                    self.problem(
                        new.span().start,
                        format!("`{o}` is renamed to itself; list it under `unchanged` instead"),
                    );
                }
                if let Some(&prev) = new_seen.get(n) {
                    let p = &rules.tables[prev];
                    self.problem(
                        new.span().start,
                        format!(
                            "`{o}` and `{}` (line {}) would both be named `{n}`; give each table its own new name",
                            p.old, p.line
                        ),
                    );
                }
                if ok_new && ok_old && !n.starts_with(prefix.as_str()) {
                    let what = if unchanged {
                        format!("unchanged table `{n}` does not start with its group's prefix `{prefix}`; rename it or move it to its group")
                    } else {
                        format!("new name `{n}` (for `{o}`) does not start with its group's prefix `{prefix}`")
                    };
                    self.problem(new.span().start, what);
                }
                let ti = rules.tables.len();
                old_seen.insert(o.clone(), ti);
                new_seen.entry(n.clone()).or_insert(ti);
                spans.push((old.span().start, new.span().start));
                rules.tables.push(Table {
                    old: o.clone(),
                    new: n.clone(),
                    group: gi,
                    phase: None,
                    line: self.lines.at(old.span().start).0,
                });
            }
        }
        if rules.tables.is_empty() && self.problems.is_empty() {
            self.problems.push(Problem {
                line: 0,
                column: 0,
                message:
                    "the plan lists no table: add [[group]] sections with a [group.rename] table"
                        .to_string(),
            });
        }

        self.build_phases(&raw.phase, &mut rules);
        self.check_collisions(&rules, &spans);
        rules
    }

    fn build_phases(&mut self, raw: &[RawPhase], rules: &mut Rules) {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut first_phase: Vec<Option<(String, usize)>> = vec![None; rules.tables.len()];
        for p in raw {
            let id = p.id.get_ref();
            let offset = p.id.span().start;
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            {
                self.problem(
                    offset,
                    format!(
                        "phase id `{id}` must be letters, digits, `.` or `-` (for example `5a`)"
                    ),
                );
            }
            if let Some(line) = ids.get(id) {
                self.problem(
                    offset,
                    format!("phase id `{id}` is used twice (first at line {line})"),
                );
            }
            ids.insert(id.clone(), self.lines.at(offset).0);
            let kind = p.kind.unwrap_or(PhaseKind::Rename);
            let pi = rules.phases.len();
            let mut phase = Phase {
                id: id.clone(),
                title: p.title.clone().unwrap_or_else(|| format!("phase {id}")),
                kind,
                tables: Vec::new(),
                groups: Vec::new(),
                line: self.lines.at(offset).0,
            };
            if kind != PhaseKind::Rename && (!p.groups.is_empty() || !p.tables.is_empty()) {
                self.problem(
                    offset,
                    format!("phase `{id}` is a {} phase and cannot move tables; remove its `groups`/`tables` or drop `kind`", kind.as_str()),
                );
            }
            let mut moved: Vec<(usize, usize)> = Vec::new(); // (table, offset)
            for g in &p.groups {
                match rules.group_by_prefix(g.get_ref()) {
                    Some(gi) => {
                        phase.groups.push(gi);
                        for (ti, t) in rules.tables.iter().enumerate() {
                            if t.group == gi && t.is_renamed() {
                                moved.push((ti, g.span().start));
                            }
                        }
                    }
                    None => self.problem(
                        g.span().start,
                        format!(
                            "phase `{id}` names unknown group `{}`; known prefixes: {}",
                            g.get_ref(),
                            rules.prefixes()
                        ),
                    ),
                }
            }
            for t in &p.tables {
                match rules.table_by_name(t.get_ref()) {
                    Some(ti) if !rules.tables[ti].is_renamed() => self.problem(
                        t.span().start,
                        format!(
                            "phase `{id}` names `{}`, which the plan leaves unchanged; remove it from the phase",
                            t.get_ref()
                        ),
                    ),
                    Some(ti) => moved.push((ti, t.span().start)),
                    None => self.problem(
                        t.span().start,
                        format!(
                            "phase `{id}` names unknown table `{}`; use a table's old or new name from a [[group]]",
                            t.get_ref()
                        ),
                    ),
                }
            }
            if kind == PhaseKind::Rename && p.groups.is_empty() && p.tables.is_empty() {
                self.problem(
                    offset,
                    format!("phase `{id}` moves nothing: give it `groups` or `tables`, or a `kind` of setup or cleanup"),
                );
            }
            for (ti, off) in moved {
                if phase.tables.contains(&ti) {
                    continue;
                }
                if let Some((other, line)) = &first_phase[ti] {
                    self.problem(
                        off,
                        format!(
                            "table `{}` is in phase `{other}` (line {line}) and again in phase `{id}`; a table moves in one phase",
                            rules.tables[ti].old
                        ),
                    );
                    continue;
                }
                first_phase[ti] = Some((id.clone(), self.lines.at(off).0));
                rules.tables[ti].phase = Some(pi);
                phase.tables.push(ti);
            }
            rules.phases.push(phase);
        }
        let missing: Vec<usize> = rules
            .renamed()
            .filter(|(_, t)| t.phase.is_none())
            .map(|(i, _)| i)
            .collect();
        for ti in missing {
            let t = &rules.tables[ti];
            self.problems.push(Problem {
                line: t.line,
                column: 1,
                message: format!(
                    "table `{}` (-> `{}`) is in no phase; add it or its group to a [[phase]]",
                    t.old, t.new
                ),
            });
        }
    }

    /// A new name may reuse an old name only when that table has moved away first.
    fn check_collisions(&mut self, rules: &Rules, spans: &[(usize, usize)]) {
        let by_old: HashMap<&str, usize> = rules
            .tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.old.as_str(), i))
            .collect();
        for (ti, t) in rules.renamed() {
            let Some(&other) = by_old.get(t.new.as_str()) else {
                continue;
            };
            if other == ti {
                continue;
            }
            let o = &rules.tables[other];
            let offset = spans[ti].1;
            if !o.is_renamed() {
                self.problem(
                    offset,
                    format!(
                        "new name `{}` (for `{}`) is the name of table `{}`, which the plan keeps; choose another name",
                        t.new, t.old, o.old
                    ),
                );
                continue;
            }
            let (Some(mine), Some(theirs)) = (t.phase, o.phase) else {
                continue;
            };
            if theirs > mine {
                self.problem(
                    offset,
                    format!(
                        "new name `{}` (for `{}`, phase `{}`) is still taken by `{}` until phase `{}`; move `{}` in phase `{}` or earlier",
                        t.new,
                        t.old,
                        rules.phases[mine].id,
                        o.old,
                        rules.phases[theirs].id,
                        o.old,
                        rules.phases[mine].id
                    ),
                );
            }
        }
    }
}

/// Why `name` is not a valid unquoted Postgres identifier of a table, if it is not.
pub fn ident_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".to_string());
    }
    if name.len() > MAX_IDENT_BYTES {
        return Some(format!(
            "is {} bytes long; Postgres truncates identifiers to {MAX_IDENT_BYTES} bytes",
            name.len()
        ));
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(
            "has upper-case letters: unquoted identifiers fold to lower case, so write it in lower case"
                .to_string(),
        );
    }
    let first = name.as_bytes()[0];
    if !(first.is_ascii_lowercase() || first == b'_') {
        return Some("must start with a lower-case letter or `_`".to_string());
    }
    if let Some(c) = name
        .chars()
        .find(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
    {
        return Some(format!(
            "contains `{c}`: only lower-case letters, digits and `_` are allowed"
        ));
    }
    if let Some(category) = crate::keywords::category(name) {
        if !category.can_name_a_table() {
            return Some(format!(
                "is a PostgreSQL key word of category {}, which cannot name a table unquoted (it would need quoting everywhere); choose another name",
                category.describe()
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Rules, RulesError> {
        Rules::parse(text, Origin::File("t.toml".into()))
    }

    fn problems(text: &str) -> Vec<String> {
        match parse(text) {
            Ok(_) => panic!("expected the rules to be rejected"),
            Err(e) => e
                .problems
                .iter()
                .map(|p| format!("{}: {}", p.line, p.message))
                .collect(),
        }
    }

    const BASE: &str = r#"
[[group]]
prefix = "doc_"
[group.rename]
documents = "doc_files"
document_types = "doc_types"

[[phase]]
id = "2"
groups = ["doc_"]
"#;

    #[test]
    fn bundled_rules_are_valid() {
        let r = Rules::bundled();
        assert_eq!(r.groups.len(), 13);
        assert!(r.renamed().count() > 40);
        assert!(r.renamed().all(|(_, t)| t.phase.is_some()));
    }

    #[test]
    fn base_parses() {
        let r = parse(BASE).unwrap();
        assert_eq!(r.tables.len(), 2);
        assert_eq!(r.phases[0].tables, vec![0, 1]);
        assert_eq!(r.tables[1].line, 6);
    }

    #[test]
    fn not_toml_names_the_line() {
        let p = problems("[[group]\nprefix = 1");
        assert!(p[0].starts_with("1: not a valid rules file"), "{p:?}");
    }

    #[test]
    fn unknown_key_is_rejected() {
        let p = problems("[[group]]\nprefix = \"a_\"\nrenames = {}\n");
        assert!(p[0].contains("unknown field `renames`"), "{p:?}");
        assert!(p[0].starts_with("3:"), "{p:?}");
    }

    #[test]
    fn old_name_listed_twice_across_groups() {
        let text = BASE.replace(
            "[[phase]]",
            "[[group]]\nprefix = \"x_\"\n[group.rename]\ndocuments = \"x_documents\"\n\n[[phase]]",
        );
        let p = problems(&text);
        assert!(
            p.iter()
                .any(|m| m.contains("`documents` is listed twice (first at line 5)")),
            "{p:?}"
        );
    }

    #[test]
    fn two_old_names_to_one_new_name() {
        let p = problems(&BASE.replace("\"doc_types\"", "\"doc_files\""));
        assert!(
            p.iter()
                .any(|m| m.starts_with("6:") && m.contains("would both be named `doc_files`")),
            "{p:?}"
        );
    }

    #[test]
    fn new_name_without_prefix() {
        let p = problems(&BASE.replace("\"doc_types\"", "\"types\""));
        assert!(
            p.iter().any(|m| m.contains(
                "`types` (for `document_types`) does not start with its group's prefix `doc_`"
            )),
            "{p:?}"
        );
    }

    #[test]
    fn invalid_and_long_identifiers() {
        let long = "doc_".to_string() + &"x".repeat(60);
        let p = problems(&BASE.replace("\"doc_types\"", &format!("\"{long}\"")));
        assert!(p.iter().any(|m| m.contains("is 64 bytes long")), "{p:?}");
        let p = problems(&BASE.replace("documents =", "Documents ="));
        assert!(
            p.iter().any(|m| m.contains("write it in lower case")),
            "{p:?}"
        );
        let p = problems(&BASE.replace("documents =", "\"my-docs\" ="));
        assert!(p.iter().any(|m| m.contains("contains `-`")), "{p:?}");
        let p = problems(&BASE.replace("documents =", "\"user\" ="));
        assert!(
            p.iter()
                .any(|m| m.contains("`user` is a PostgreSQL key word of category reserved")),
            "{p:?}"
        );
    }

    #[test]
    fn table_in_no_phase_or_two() {
        let p = problems(&BASE.replace("groups = [\"doc_\"]", "tables = [\"documents\"]"));
        assert!(
            p.iter()
                .any(|m| m.contains("`document_types` (-> `doc_types`) is in no phase")),
            "{p:?}"
        );
        let text = format!("{BASE}\n[[phase]]\nid = \"3\"\ntables = [\"doc_types\"]\n");
        let p = problems(&text);
        assert!(
            p.iter()
                .any(|m| m.contains("is in phase `2` (line 10) and again in phase `3`")),
            "{p:?}"
        );
    }

    #[test]
    fn phase_naming_unknown_group_or_table() {
        let p = problems(&BASE.replace(
            "groups = [\"doc_\"]",
            "groups = [\"doc_\", \"zz_\"]\ntables = [\"nope\"]",
        ));
        assert!(p.iter().any(|m| m.contains("unknown group `zz_`")), "{p:?}");
        assert!(
            p.iter().any(|m| m.contains("unknown table `nope`")),
            "{p:?}"
        );
    }

    #[test]
    fn empty_plan() {
        let p = problems("name = \"x\"\n");
        assert!(p[0].contains("lists no table"), "{p:?}");
    }

    #[test]
    fn chain_is_safe_only_in_order() {
        // doc_a -> doc_b while doc_b -> doc_c: fine when doc_b moves first or in the same phase.
        let text = r#"
[[group]]
prefix = "doc_"
[group.rename]
doc_a = "doc_b"
doc_b = "doc_c"
[[phase]]
id = "1"
tables = ["doc_b"]
[[phase]]
id = "2"
tables = ["doc_a"]
"#;
        let r = parse(text).unwrap();
        assert_eq!(
            r.chains(),
            vec![Chain {
                tables: vec![0, 1],
                swap: false
            }]
        );
        let swapped = text
            .replace("tables = [\"doc_b\"]", "tables = [\"doc_a\"]")
            .replace(
                "id = \"2\"\ntables = [\"doc_a\"]",
                "id = \"2\"\ntables = [\"doc_b\"]",
            );
        let p = problems(&swapped);
        assert!(
            p.iter()
                .any(|m| m.contains("is still taken by `doc_b` until phase `2`")),
            "{p:?}"
        );
    }

    #[test]
    fn swap_within_one_phase_is_reported() {
        let text = r#"
[[group]]
prefix = "doc_"
[group.rename]
doc_a = "doc_b"
doc_b = "doc_a"
[[phase]]
id = "1"
groups = ["doc_"]
"#;
        let r = parse(text).unwrap();
        assert_eq!(
            r.chains(),
            vec![Chain {
                tables: vec![0, 1],
                swap: true
            }]
        );
    }

    #[test]
    fn new_name_equal_to_kept_table() {
        let text = BASE
            .replace(
                "[group.rename]",
                "unchanged = [\"doc_keep\"]\n[group.rename]",
            )
            .replace("\"doc_types\"", "\"doc_keep\"");
        let p = problems(&text);
        assert!(
            p.iter()
                .any(|m| m.contains("is the name of table `doc_keep`, which the plan keeps")),
            "{p:?}"
        );
    }

    #[test]
    fn renamed_constraints_are_read_and_validated() {
        let r = parse(&format!(
            "{BASE}\n[constraints]\ndocuments_pkey = \"doc_files_pkey\"\n"
        ))
        .unwrap();
        assert_eq!(
            r.constraints,
            [("documents_pkey".to_string(), "doc_files_pkey".to_string())]
        );
        let p = problems(&format!("{BASE}\n[constraints]\n\"bad-name\" = \"x\"\n"));
        assert!(
            p.iter()
                .any(|m| m.starts_with("13: constraint name `bad-name`")),
            "{p:?}"
        );
    }

    #[test]
    fn phase_selection() {
        let r = Rules::bundled();
        let ids = |v: Vec<usize>| {
            v.iter()
                .map(|&i| r.phases[i].id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(r.phases_matching("5")), ["5a", "5b", "5c", "5d"]);
        assert_eq!(ids(r.phases_matching("5b")), ["5b"]);
        assert_eq!(ids(r.phases_through("4")), ["1", "2", "3", "4"]);
        assert!(r.phases_matching("9").is_empty());
    }
}
