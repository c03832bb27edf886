//! `refscan rules`: the validated plan, phase by phase, as text or JSON.

use std::io::Write;

use serde::Serialize;
use termcolor::{ColorSpec, WriteColor};

use crate::rules::{PhaseKind, Rules};

#[derive(Serialize)]
struct TableDoc<'a> {
    old: &'a str,
    new: &'a str,
    group: &'a str,
    phase: Option<&'a str>,
}

#[derive(Serialize)]
struct PhaseDoc<'a> {
    id: &'a str,
    title: &'a str,
    kind: PhaseKind,
    tables: Vec<TableDoc<'a>>,
}

#[derive(Serialize)]
struct GroupDoc<'a> {
    prefix: &'a str,
    title: &'a str,
    renamed: Vec<TableDoc<'a>>,
    unchanged: Vec<&'a str>,
}

#[derive(Serialize)]
struct ChainDoc<'a> {
    tables: Vec<&'a str>,
    swap: bool,
}

#[derive(Serialize)]
struct PlanDoc<'a> {
    name: &'a str,
    source: String,
    schema: &'a str,
    migrations: &'a [String],
    groups: Vec<GroupDoc<'a>>,
    phases: Vec<PhaseDoc<'a>>,
    chains: Vec<ChainDoc<'a>>,
}

fn table_doc(rules: &Rules, i: usize) -> TableDoc<'_> {
    let t = &rules.tables[i];
    TableDoc {
        old: &t.old,
        new: &t.new,
        group: &rules.groups[t.group].prefix,
        phase: t.phase.map(|p| rules.phases[p].id.as_str()),
    }
}

pub fn print_json(out: &mut impl Write, rules: &Rules) -> std::io::Result<()> {
    let doc = PlanDoc {
        name: &rules.name,
        source: rules.origin.to_string(),
        schema: &rules.schema,
        migrations: &rules.migrations,
        groups: rules
            .groups
            .iter()
            .enumerate()
            .map(|(gi, g)| GroupDoc {
                prefix: &g.prefix,
                title: &g.title,
                renamed: rules
                    .renamed()
                    .filter(|(_, t)| t.group == gi)
                    .map(|(i, _)| table_doc(rules, i))
                    .collect(),
                unchanged: rules
                    .tables
                    .iter()
                    .filter(|t| t.group == gi && !t.is_renamed())
                    .map(|t| t.old.as_str())
                    .collect(),
            })
            .collect(),
        phases: rules
            .phases
            .iter()
            .map(|p| PhaseDoc {
                id: &p.id,
                title: &p.title,
                kind: p.kind,
                tables: p.tables.iter().map(|&i| table_doc(rules, i)).collect(),
            })
            .collect(),
        chains: rules
            .chains()
            .into_iter()
            .map(|c| ChainDoc {
                tables: c
                    .tables
                    .iter()
                    .map(|&i| rules.tables[i].old.as_str())
                    .collect(),
                swap: c.swap,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub fn print_text(out: &mut impl WriteColor, rules: &Rules) -> std::io::Result<()> {
    let renamed = rules.renamed().count();
    let mut bold = ColorSpec::new();
    bold.set_bold(true);
    writeln!(
        out,
        "{} ({}): {} groups, {} tables ({} renamed, {} unchanged), {} phases",
        rules.name,
        rules.origin,
        rules.groups.len(),
        rules.tables.len(),
        renamed,
        rules.tables.len() - renamed,
        rules.phases.len()
    )?;
    for p in &rules.phases {
        writeln!(out)?;
        out.set_color(&bold)?;
        write!(out, "Phase {}: {}", p.id, p.title)?;
        out.reset()?;
        match p.kind {
            PhaseKind::Rename => writeln!(
                out,
                " ({} table{})",
                p.tables.len(),
                if p.tables.len() == 1 { "" } else { "s" }
            )?,
            kind => writeln!(out, " [{}]", kind.as_str())?,
        }
        let width = p
            .tables
            .iter()
            .map(|&i| rules.tables[i].old.len())
            .max()
            .unwrap_or(0);
        for &i in &p.tables {
            let t = &rules.tables[i];
            writeln!(out, "  {:<width$} -> {}", t.old, t.new)?;
        }
    }
    let unchanged: Vec<&str> = rules
        .tables
        .iter()
        .filter(|t| !t.is_renamed())
        .map(|t| t.old.as_str())
        .collect();
    writeln!(out)?;
    writeln!(
        out,
        "Unchanged ({}): {}",
        unchanged.len(),
        if unchanged.is_empty() {
            "none".to_string()
        } else {
            unchanged.join(", ")
        }
    )?;
    let chains = rules.chains();
    if chains.is_empty() {
        writeln!(out, "Chains and swaps: none")?;
    }
    for c in chains {
        let names: Vec<String> = c
            .tables
            .iter()
            .map(|&i| {
                let t = &rules.tables[i];
                let phase = t.phase.map_or("-", |p| rules.phases[p].id.as_str());
                format!("{} -> {} (phase {phase})", t.old, t.new)
            })
            .collect();
        let what = if c.swap { "swap" } else { "chain" };
        writeln!(out, "{what}: {}", names.join(", "))?;
    }
    Ok(())
}
