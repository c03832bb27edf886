//! The JSON format of a gate: one document with every finding and the totals.

use std::io::Write;

use serde::Serialize;

use super::{
    diagnostic_record, FindingPrinter, FindingRecord, GateSummary, Located, Severity, Subject,
};
use crate::report::{RulesRef, JSON_VERSION};
use crate::rules::Rules;

#[derive(Serialize)]
struct Entry {
    severity: Severity,
    #[serde(flatten)]
    finding: serde_json::Value,
}

pub struct Json<W> {
    out: W,
    tool: &'static str,
    entries: Vec<Entry>,
    shard: Option<crate::shard::Meta>,
}

impl<W: Write> Json<W> {
    pub fn new(out: W, tool: &'static str, shard: Option<crate::shard::Meta>) -> Self {
        Json {
            out,
            tool,
            entries: Vec::new(),
            shard,
        }
    }
}

impl<W: Write> FindingPrinter for Json<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        let finding = match item.subject {
            Subject::Reference(f) => serde_json::to_value(FindingRecord::new(f, rules))?,
            Subject::Diagnostic(d) => diagnostic_record(d, self.tool, item.char_column()),
        };
        self.entries.push(Entry {
            severity: item.severity,
            finding,
        });
        Ok(())
    }

    fn finish(&mut self, summary: &GateSummary, rules: &Rules) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct Doc<'a> {
            version: u32,
            rules: RulesRef<'a>,
            summary: &'a GateSummary,
            findings: &'a [Entry],
            #[serde(skip_serializing_if = "Option::is_none")]
            shard: Option<&'a crate::shard::Meta>,
        }
        let doc = Doc {
            version: JSON_VERSION,
            rules: RulesRef::new(rules),
            summary,
            findings: &self.entries,
            shard: self.shard.as_ref(),
        };
        serde_json::to_writer_pretty(&mut self.out, &doc)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}

/// The JSON Lines format of a gate: each finding on its own line as it comes, so that memory
/// stays flat on a huge run, then one summary line.
pub struct JsonLines<W> {
    out: W,
    tool: &'static str,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W, tool: &'static str) -> Self {
        JsonLines { out, tool }
    }
}

/// A line of the JSON Lines formats: `{"type": ..., ...}`.
#[derive(Serialize)]
pub struct Line<'a, T: Serialize> {
    #[serde(rename = "type")]
    pub kind: &'a str,
    #[serde(flatten)]
    pub body: T,
}

impl<'a, T: Serialize> Line<'a, T> {
    pub fn new(kind: &'a str, body: T) -> Self {
        Line { kind, body }
    }
}

impl<W: Write> FindingPrinter for JsonLines<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        let finding = match item.subject {
            Subject::Reference(f) => serde_json::to_value(FindingRecord::new(f, rules))?,
            Subject::Diagnostic(d) => diagnostic_record(d, self.tool, item.char_column()),
        };
        let line = Line {
            kind: "finding",
            body: Entry {
                severity: item.severity,
                finding,
            },
        };
        serde_json::to_writer(&mut self.out, &line)?;
        writeln!(self.out)
    }

    fn finish(&mut self, summary: &GateSummary, rules: &Rules) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct Tail<'a> {
            version: u32,
            rules: RulesRef<'a>,
            summary: &'a GateSummary,
        }
        let line = Line {
            kind: "summary",
            body: Tail {
                version: JSON_VERSION,
                rules: RulesRef::new(rules),
                summary,
            },
        };
        serde_json::to_writer(&mut self.out, &line)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
