//! SARIF 2.1.0 output for code scanning: one rule per kind of reference, one result per
//! finding.

use std::io::Write;

use serde_json::{json, Value};

use super::{describe, display_path, FindingPrinter, GateSummary, Located, Severity};
use crate::findings::Kind;
use crate::rules::Rules;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct Sarif<W> {
    out: W,
    tool: &'static str,
    results: Vec<Value>,
}

impl<W: Write> Sarif<W> {
    pub fn new(out: W, tool: &'static str) -> Self {
        Sarif {
            out,
            tool,
            results: Vec::new(),
        }
    }
}

fn rule_id(tool: &str, kind: Kind) -> String {
    format!("{tool}/{kind}")
}

fn rule_help(kind: Kind) -> &'static str {
    match kind {
        Kind::FromCall => "A `.from('t')` / `.table('t')` call names a table the plan renames.",
        Kind::Postgrest => "A PostgREST select string, filter path or referencedTable option names a table the plan renames.",
        Kind::TypeRef => "A generated-type reference names a table the plan renames.",
        Kind::Sql => "SQL names a table the plan renames.",
        Kind::Realtime => "A postgres_changes subscription names a table the plan renames.",
        Kind::Mention => "An old table name appears outside a recognised reference; review it by hand.",
    }
}

/// A relative path as a URI reference: `/`-separated, reserved characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl<W: Write> FindingPrinter for Sarif<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        let f = item.finding;
        let t = &rules.tables[f.table];
        let path = display_path(&f.path);
        let path = path.strip_prefix("./").unwrap_or(&path);
        let level = match item.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let rule_index = Kind::ALL.iter().position(|k| *k == f.kind).unwrap_or(0);
        let start = item.char_column();
        self.results.push(json!({
            "ruleId": rule_id(self.tool, f.kind),
            "ruleIndex": rule_index,
            "level": level,
            "message": { "text": describe(f, rules) },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(path), "uriBaseId": "%SRCROOT%" },
                    "region": {
                        "startLine": f.line,
                        "startColumn": start,
                        "endLine": f.line,
                        "endColumn": start + item.char_len(),
                        "snippet": { "text": item.line_text },
                    }
                }
            }],
            "partialFingerprints": {
                "refscanLine/v1": format!("{}:{}:{}:{}", path, t.old, f.kind, item.line_text.trim()),
            },
            "properties": {
                "old": t.old,
                "new": t.new,
                "group": rules.groups[t.group].prefix,
                "phase": t.phase.map(|p| rules.phases[p].id.clone()),
                "site": f.site,
            }
        }));
        Ok(())
    }

    fn finish(&mut self, _: &GateSummary, _: &Rules) -> std::io::Result<()> {
        let rules: Vec<Value> = Kind::ALL
            .iter()
            .map(|&k| {
                json!({
                    "id": rule_id(self.tool, k),
                    "name": format!("old-table-name-{k}"),
                    "shortDescription": { "text": format!("Old table name ({k})") },
                    "fullDescription": { "text": rule_help(k) },
                    "defaultConfiguration": {
                        "level": if k == Kind::Mention { "warning" } else { "error" }
                    },
                    "help": { "text": rule_help(k) },
                })
            })
            .collect();
        let doc = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "refscan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "the folder refscan ran in" } } },
                "results": self.results,
            }]
        });
        serde_json::to_writer_pretty(&mut self.out, &doc)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("apps/my app/a#b.ts"), "apps/my%20app/a%23b.ts");
        assert_eq!(uri("é.ts"), "%C3%A9.ts");
    }
}
