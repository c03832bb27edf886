//! `refscan report`: per group and per table, which files reference old names and how, as a
//! human summary, JSON, or a list of paths.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use termcolor::{Color, ColorSpec, WriteColor};

use crate::findings::Kind;
use crate::print::{shown_path, FindingRecord};
use crate::rules::Rules;
use crate::scan::Scan;

/// Version of the JSON document; bumped only on an incompatible change.
pub const JSON_VERSION: u32 = 1;

/// Counts of findings by kind, in [`Kind::ALL`] order.
#[derive(Debug, Default, Clone, Serialize)]
pub struct KindCounts(BTreeMap<Kind, usize>);

impl KindCounts {
    pub fn add(&mut self, k: Kind) {
        *self.0.entry(k).or_default() += 1;
    }

    pub fn get(&self, k: Kind) -> usize {
        self.0.get(&k).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.0.values().sum()
    }

    fn describe(&self) -> String {
        Kind::ALL
            .iter()
            .filter(|k| self.get(**k) > 0)
            .map(|k| format!("{} {}", k, self.get(*k)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Default, Serialize)]
pub struct TableSummary {
    pub old: String,
    pub new: String,
    pub group: String,
    pub phase: Option<String>,
    pub findings: usize,
    pub files: usize,
    pub by_kind: KindCounts,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files_searched: usize,
    pub files_with_findings: usize,
    pub findings: usize,
    pub rewritable: usize,
    /// How the rewritable ones split (`edits + kept_by_alias + suppressed = rewritable`): the
    /// references `rewrite` edits, the filter paths and `referencedTable` values the alias it
    /// gives their query's embed keeps valid (left as they are), and those a `refscan-ignore`
    /// comment keeps.
    pub edits: usize,
    pub kept_by_alias: usize,
    pub suppressed: usize,
    /// `table-string` findings not rewritten (not asked for with `--kind table-string`).
    pub table_strings: usize,
    pub dynamic_from: usize,
    /// `unresolved-embed` findings: select-string embeds no query of the file reads whole.
    pub unresolved_embeds: usize,
    /// `schema-unknown` findings not rewritten (not asked for with `--kind schema-unknown`).
    pub schema_unknown: usize,
    /// Code blocks of the docs: rewritten only with `rewrite --docs`.
    pub docs: usize,
    pub mentions: usize,
    pub history: usize,
    pub problems: usize,
    pub by_kind: KindCounts,
    /// Hidden files left out of the scan (no `--hidden`) that name old tables, and how many
    /// times (not classified, never findings).
    pub hidden_files: usize,
    pub hidden_references: usize,
}

/// The numbers behind every report format.
pub struct Overview {
    pub summary: Summary,
    /// Per table with findings, in rules order.
    pub tables: Vec<(usize, TableSummary)>,
}

impl Overview {
    pub fn new(scan: &Scan, rules: &Rules) -> Overview {
        let mut split = crate::rewrite::Rewritable::default();
        let mut summary = Summary {
            files_searched: scan.files_searched,
            files_with_findings: scan.files.len(),
            problems: scan.problems.len(),
            hidden_files: scan.hidden.files,
            hidden_references: scan.hidden.references,
            ..Summary::default()
        };
        let mut per_table: BTreeMap<usize, (TableSummary, Option<usize>)> = BTreeMap::new();
        for (fi, file) in scan.files.iter().enumerate() {
            for f in &file.findings {
                summary.findings += 1;
                summary.by_kind.add(f.kind);
                split.add(f, crate::rewrite::EmbedStyle::Alias);
                if f.rewritable() {
                    summary.rewritable += 1;
                } else if f.history {
                    summary.history += 1;
                } else if f.kind == Kind::TableString {
                    summary.table_strings += 1;
                } else if f.kind == Kind::DynamicFrom {
                    summary.dynamic_from += 1;
                } else if f.kind == Kind::UnresolvedEmbed {
                    summary.unresolved_embeds += 1;
                } else if f.kind == Kind::SchemaUnknown {
                    summary.schema_unknown += 1;
                } else if f.kind == Kind::Docs {
                    summary.docs += 1;
                } else {
                    summary.mentions += 1;
                }
                let (t, last_file) = per_table.entry(f.table).or_insert_with(|| {
                    let t = &rules.tables[f.table];
                    (
                        TableSummary {
                            old: t.old.clone(),
                            new: t.new.clone(),
                            group: rules.groups[t.group].prefix.clone(),
                            phase: t.phase.map(|p| rules.phases[p].id.clone()),
                            ..TableSummary::default()
                        },
                        None,
                    )
                });
                t.findings += 1;
                t.by_kind.add(f.kind);
                if *last_file != Some(fi) {
                    t.files += 1;
                    *last_file = Some(fi);
                }
            }
        }
        summary.edits = split.edits();
        summary.kept_by_alias = split.kept_by_alias;
        summary.suppressed = split.suppressed;
        Overview {
            summary,
            tables: per_table.into_iter().map(|(i, (t, _))| (i, t)).collect(),
        }
    }
}

/// The human summary.
pub fn print_text(out: &mut impl WriteColor, scan: &Scan, rules: &Rules) -> std::io::Result<()> {
    let ov = Overview::new(scan, rules);
    let s = &ov.summary;
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    let mut dim = ColorSpec::new();
    dim.set_dimmed(true);
    let mut arrow = ColorSpec::new();
    arrow.set_fg(Some(Color::Green));

    for (gi, g) in rules.groups.iter().enumerate() {
        let tables: Vec<&TableSummary> = ov
            .tables
            .iter()
            .filter(|(ti, _)| rules.tables[*ti].group == gi)
            .map(|(_, t)| t)
            .collect();
        if tables.is_empty() {
            continue;
        }
        let refs: usize = tables.iter().map(|t| t.findings).sum();
        let files = scan
            .files
            .iter()
            .filter(|f| f.findings.iter().any(|x| rules.tables[x.table].group == gi))
            .count();
        out.set_color(&bold)?;
        write!(out, "{:<10}{}", g.prefix, g.title)?;
        out.reset()?;
        writeln!(
            out,
            "  ({} reference{} in {} file{})",
            refs,
            plural(refs),
            files,
            plural(files)
        )?;
        let width = tables.iter().map(|t| t.old.len()).max().unwrap_or(0);
        let new_width = tables.iter().map(|t| t.new.len()).max().unwrap_or(0);
        for t in tables {
            write!(out, "  {:<width$} ", t.old)?;
            out.set_color(&arrow)?;
            write!(out, "->")?;
            out.reset()?;
            write!(out, " {:<new_width$}", t.new)?;
            out.set_color(&dim)?;
            write!(out, "  phase {:<3}", t.phase.as_deref().unwrap_or("-"))?;
            out.reset()?;
            writeln!(
                out,
                " {:>4} in {:>3} file{}  {}",
                t.findings,
                t.files,
                if t.files == 1 { " " } else { "s" },
                t.by_kind.describe()
            )?;
        }
        writeln!(out)?;
    }

    if !scan.files.is_empty() {
        out.set_color(&bold)?;
        writeln!(out, "Files with most references")?;
        out.reset()?;
        let mut ranked: Vec<_> = scan.files.iter().collect();
        ranked.sort_by(|a, b| {
            b.findings
                .len()
                .cmp(&a.findings.len())
                .then(a.path.cmp(&b.path))
        });
        for f in ranked.iter().take(10) {
            writeln!(out, "  {:>5}  {}", f.findings.len(), shown_path(&f.path))?;
        }
        writeln!(out)?;
    }

    out.set_color(&bold)?;
    write!(out, "Summary")?;
    out.reset()?;
    writeln!(
        out,
        ": {} reference{} to {} old table name{} in {} file{} ({} rewritable{}{}{}{}{}, {} mention{}, {} in migration history)",
        s.findings,
        plural(s.findings),
        ov.tables.len(),
        plural(ov.tables.len()),
        s.files_with_findings,
        plural(s.files_with_findings),
        s.rewritable,
        if s.table_strings > 0 {
            format!(", {} table string{}", s.table_strings, plural(s.table_strings))
        } else {
            String::new()
        },
        if s.dynamic_from > 0 {
            format!(", {} dynamic from", s.dynamic_from)
        } else {
            String::new()
        },
        if s.unresolved_embeds > 0 {
            format!(
                ", {} unresolved embed{}",
                s.unresolved_embeds,
                plural(s.unresolved_embeds)
            )
        } else {
            String::new()
        },
        if s.schema_unknown > 0 {
            format!(", {} of unknown schema", s.schema_unknown)
        } else {
            String::new()
        },
        if s.docs > 0 {
            format!(", {} in docs code blocks (rewrite --docs)", s.docs)
        } else {
            String::new()
        },
        s.mentions,
        plural(s.mentions),
        s.history
    )?;
    if s.by_kind.total() > 0 {
        writeln!(out, "  by kind: {}", s.by_kind.describe())?;
    }
    let split = crate::rewrite::Rewritable {
        total: s.rewritable,
        kept_by_alias: s.kept_by_alias,
        suppressed: s.suppressed,
    };
    if let Some(line) = split.explain() {
        writeln!(out, "  {line}")?;
    }
    writeln!(
        out,
        "  {} file{} searched, {} problem{} (listed on stderr)",
        s.files_searched,
        plural(s.files_searched),
        s.problems,
        plural(s.problems)
    )?;
    if let Some(line) = scan.hidden.note() {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// `--format json`: the documented, stable schema (see docs/report.md).
/// A shard's document carries `shard` (see `refscan merge`).
pub fn print_json(
    out: &mut impl Write,
    scan: &Scan,
    rules: &Rules,
    shard: Option<crate::shard::Meta>,
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        rules: RulesRef<'a>,
        summary: &'a Summary,
        tables: Vec<&'a TableSummary>,
        findings: Vec<FindingRecord<'a>>,
        problems: &'a [crate::messages::Problem],
        #[serde(skip_serializing_if = "Option::is_none")]
        shard: Option<crate::shard::Meta>,
    }
    let ov = Overview::new(scan, rules);
    let shard = shard.map(|mut m| {
        m.tables = ov.tables.iter().map(|(i, _)| *i).collect();
        m
    });
    let doc = Doc {
        version: JSON_VERSION,
        rules: RulesRef::new(rules),
        summary: &ov.summary,
        tables: ov.tables.iter().map(|(_, t)| t).collect(),
        findings: scan
            .findings()
            .map(|f| FindingRecord::new(f, rules))
            .collect(),
        problems: &scan.problems,
        shard,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// `--format jsonl`: one line per finding (`{"type":"finding",...}`) and per problem
/// (`{"type":"problem",...}`) as they are printed, then one `{"type":"summary",...}` line with
/// the summary and the tables, so that a huge run never builds one document in memory.
pub fn print_jsonl(out: &mut impl Write, scan: &Scan, rules: &Rules) -> std::io::Result<()> {
    use crate::print::JsonLine;
    for f in scan.findings() {
        serde_json::to_writer(
            &mut *out,
            &JsonLine::new("finding", FindingRecord::new(f, rules)),
        )?;
        writeln!(out)?;
    }
    for p in &scan.problems {
        serde_json::to_writer(&mut *out, &JsonLine::new("problem", p))?;
        writeln!(out)?;
    }
    #[derive(Serialize)]
    struct Tail<'a> {
        version: u32,
        rules: RulesRef<'a>,
        summary: &'a Summary,
        tables: Vec<&'a TableSummary>,
    }
    let ov = Overview::new(scan, rules);
    let tail = Tail {
        version: JSON_VERSION,
        rules: RulesRef::new(rules),
        summary: &ov.summary,
        tables: ov.tables.iter().map(|(_, t)| t).collect(),
    };
    serde_json::to_writer(&mut *out, &JsonLine::new("summary", tail))?;
    writeln!(out)
}

/// Whether a finding counts for `-l` and `-c`: a reference `rewrite` would change (not
/// history, not suppressed), or one of a kind the selection asks for by name (`--kind mention`).
pub fn listed(f: &crate::findings::Finding, sel: &crate::scan::Selection) -> bool {
    !f.history && !f.suppressed && (f.rewritable() || sel.kinds.contains(&f.kind))
}

/// `-l`: one path per file with findings that count ([`listed`]); `-c`: `path:N`.
pub fn print_paths(
    out: &mut impl Write,
    scan: &Scan,
    sel: &crate::scan::Selection,
    count: bool,
) -> std::io::Result<()> {
    for f in &scan.files {
        let n = f.findings.iter().filter(|x| listed(x, sel)).count();
        if n == 0 {
            continue;
        }
        if count {
            writeln!(out, "{}:{n}", shown_path(&f.path))?;
        } else {
            writeln!(out, "{}", shown_path(&f.path))?;
        }
    }
    Ok(())
}

/// Which rules produced a document.
#[derive(Serialize)]
pub struct RulesRef<'a> {
    pub source: String,
    pub name: &'a str,
}

impl<'a> RulesRef<'a> {
    pub fn new(rules: &'a Rules) -> RulesRef<'a> {
        RulesRef {
            source: rules.origin.to_string(),
            name: &rules.name,
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
