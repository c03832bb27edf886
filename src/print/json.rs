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
}

impl<W: Write> Json<W> {
    pub fn new(out: W, tool: &'static str) -> Self {
        Json {
            out,
            tool,
            entries: Vec::new(),
        }
    }
}

impl<W: Write> FindingPrinter for Json<W> {
    fn finding(&mut self, item: &Located<'_>, rules: &Rules) -> std::io::Result<()> {
        let finding = match item.subject {
            Subject::Reference(f) => serde_json::to_value(FindingRecord::new(f, rules))?,
            Subject::Diagnostic(d) => diagnostic_record(d, self.tool),
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
        }
        let doc = Doc {
            version: JSON_VERSION,
            rules: RulesRef::new(rules),
            summary,
            findings: &self.entries,
        };
        serde_json::to_writer_pretty(&mut self.out, &doc)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
