//! SARIF 2.1.0 output for code scanning: one rule per kind of reference (or per lint rule),
//! one result per finding.

use std::io::Write;

use serde_json::{json, Value};

use super::{
    describe, FindingPrinter, GateContext, GateSummary, Located, Place, RuleDesc, Severity, Subject,
};
use crate::findings::Kind;
use crate::rules::Rules;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct Sarif<W> {
    out: W,
    tool: &'static str,
    rules: Vec<RuleDesc>,
    ctx: GateContext,
    results: Vec<Value>,
}

impl<W: Write> Sarif<W> {
    pub fn new(out: W, tool: &'static str, rules: Vec<RuleDesc>, ctx: GateContext) -> Self {
        Sarif {
            out,
            tool,
            rules,
            ctx,
            results: Vec::new(),
        }
    }
}

/// Where to read about refscan: the package's homepage or repository, when Cargo.toml names
/// one (an absolute URI, as SARIF wants).
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// What to do about a result of the command, in Markdown, after the rule's help.
fn remedy(command: &str) -> &'static str {
    match command {
        "check" => "Rewrite the reference with `refscan rewrite --write` (review the diff `refscan rewrite` prints first). A reference that must stay is kept with a `refscan-ignore` comment on its line or the line before, or accepted in a baseline (`refscan check --write-baseline`). The kinds of reference are described in refscan's `docs/kinds.md`.",
        _ => "Fix the migration, or keep the line on purpose with a `refscan-ignore` comment on it or the line before. Each rule is described in refscan's `docs/lint.md`.",
    }
}

fn rule_id(tool: &str, id: &str) -> String {
    format!("{tool}/{id}")
}

pub(super) fn rule_help(kind: Kind) -> &'static str {
    match kind {
        Kind::FromCall => "A `.from('t')` / `.table('t')` call names a table the plan renames.",
        Kind::Postgrest => "A PostgREST select string, filter path or referencedTable option names a table the plan renames.",
        Kind::TypeRef => "A generated-type reference names a table the plan renames.",
        Kind::Sql => "SQL names a table the plan renames.",
        Kind::Orm => "An ORM model (SQLAlchemy __tablename__, Table(), ForeignKey(), relationship(secondary=)) names a table the plan renames.",
        Kind::Realtime => "A postgres_changes subscription names a table the plan renames.",
        Kind::TableString => "A string literal holds exactly a table name the plan renames (state, arrays, table_name fields, literal types): the table held as data; review it, and rewrite it with --kind table-string where it names the table.",
        Kind::DynamicFrom => "A .from() / .table() argument computed at run time names a table the plan renames: follow the value to where it is set.",
        Kind::UnresolvedEmbed => "A string holds a select-string embed of a table the plan renames, but no query of the file provably reads it whole (built in another file, from a parameter, or split between concatenated pieces): find the query and rename it there.",
        Kind::Docs => "A code block in the documentation names a table the plan renames; `refscan rewrite --docs` updates it.",
        Kind::SchemaUnknown => "An unqualified table name whose schema refscan cannot decide (a search_path that puts another schema first, a function or view of another schema): it may be the rules' table or a namesake; qualify it, or rewrite it with --kind schema-unknown.",
        Kind::Mention => "An old table name appears outside a recognised reference; review it by hand.",
    }
}

/// A relative path as a URI reference: `/`-separated, reserved characters percent-encoded.
pub(super) fn uri(path: &str) -> String {
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

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

impl<W: Write> Sarif<W> {
    fn reference(&mut self, item: &Located<'_>, f: &crate::findings::Finding, rules: &Rules) {
        let t = &rules.tables[f.table];
        let path = self.ctx.paths.relative(&f.path);
        let path = path.as_str();
        let rule_index = self.rule_index(f.kind.as_str());
        let start = item.char_column();
        self.results.push(json!({
            "ruleId": rule_id(self.tool, f.kind.as_str()),
            "ruleIndex": rule_index,
            "level": level(item.severity),
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
    }

    fn diagnostic(&mut self, item: &Located<'_>, d: &super::Diagnostic) {
        let (location, fingerprint) = match &d.place {
            Place::File { path, line: 0, .. } => {
                let path = self.ctx.paths.relative(path);
                (
                    json!({
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&path), "uriBaseId": "%SRCROOT%" },
                        }
                    }),
                    json!({ "refscanFile/v1": format!("{path}:{}", d.rule) }),
                )
            }
            Place::File { path, line, .. } => {
                let path = self.ctx.paths.relative(path);
                let start = item.char_column();
                (
                    json!({
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&path), "uriBaseId": "%SRCROOT%" },
                            "region": {
                                "startLine": line,
                                "startColumn": start,
                                "endLine": line,
                                "endColumn": start + item.char_len(),
                                "snippet": { "text": item.line_text },
                            }
                        }
                    }),
                    json!({ "refscanLine/v1": format!("{path}:{}:{}", d.rule, item.line_text.trim()) }),
                )
            }
            Place::Object { name, kind } => (
                json!({ "logicalLocations": [{ "fullyQualifiedName": name, "kind": kind }] }),
                json!({ "refscanObject/v1": format!("{name}:{}", d.rule) }),
            ),
        };
        self.results.push(json!({
            "ruleId": rule_id(self.tool, d.rule),
            "ruleIndex": self.rule_index(d.rule),
            "level": level(item.severity),
            "message": { "text": d.message },
            "locations": [location],
            "partialFingerprints": fingerprint,
            "properties": d.fields,
        }));
    }

    fn rule_index(&self, id: &str) -> usize {
        self.rules.iter().position(|r| r.id == id).unwrap_or(0)
    }
}

impl<W: Write> FindingPrinter for Sarif<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        match item.subject {
            Subject::Reference(f) => self.reference(item, f, rules),
            Subject::Diagnostic(d) => self.diagnostic(item, d),
        }
        Ok(())
    }

    fn finish(&mut self, summary: &GateSummary, _: &Rules) -> std::io::Result<()> {
        let remedy = remedy(self.ctx.command);
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|r| {
                json!({
                    "id": rule_id(self.tool, &r.id),
                    "name": r.name,
                    "shortDescription": { "text": r.short },
                    "fullDescription": { "text": r.help },
                    "defaultConfiguration": { "level": level(r.level) },
                    "help": {
                        "text": format!("{}\n\n{}", r.help, remedy.replace('`', "")),
                        "markdown": format!("**{}**\n\n{}\n\n{remedy}", r.short, r.help),
                    },
                })
            })
            .collect();
        let mut driver = json!({
            "name": "refscan",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        });
        if let Some(uri) = information_uri() {
            driver["informationUri"] = json!(uri);
        }
        let notifications = notifications(summary);
        let mut doc = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": driver },
                "automationDetails": { "id": self.ctx.automation_id(self.tool) },
                "invocations": [{
                    "executionSuccessful": true,
                    "toolExecutionNotifications": notifications,
                }],
                "columnKind": "unicodeCodePoints",
                "originalUriBaseIds": { "%SRCROOT%": {
                    "uri": self.ctx.paths.root_uri(),
                    "description": { "text": "The repository root (GITHUB_WORKSPACE when it is set): every result's path is relative to it" },
                } },
                "results": self.results,
                "properties": { "summary": summary },
            }]
        });
        if let Some(meta) = &self.ctx.shard {
            doc["runs"][0]["properties"]["shard"] = json!(meta);
        }
        serde_json::to_writer_pretty(&mut self.out, &doc)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// The run's notifications: what the summary has to say besides the counts.
pub fn notifications(summary: &GateSummary) -> Vec<Value> {
    let mut notes = Vec::new();
    if summary.unlisted_mentions > 0 {
        notes.push(format!(
            "{} mention{} (warnings) counted but not reported as results; pass --mentions to report them",
            summary.unlisted_mentions,
            if summary.unlisted_mentions == 1 { "" } else { "s" }
        ));
    }
    notes.extend(summary.notes());
    notes
        .iter()
        .map(|n| json!({ "message": { "text": n }, "level": "note" }))
        .collect()
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
