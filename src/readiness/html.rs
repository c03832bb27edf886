//! The readiness overview as one self-contained HTML page: inline CSS, no script, no external
//! resource, a table per group, rows coloured by verdict.

use std::io::Write;

use crate::findings::Kind;
use crate::rules::Rules;

use super::{Overview, TableReadiness, Verdict};

/// Escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem; color: #1d2330; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; }
h2 .prefix { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; color: #475467; margin-right: .5rem; }
p.source { color: #475467; margin: 0 0 1rem; }
ul.totals { list-style: none; padding: 0; margin: 1rem 0; display: flex; gap: .75rem; }
ul.totals li { padding: .4rem .8rem; border-radius: 6px; font-weight: 600; }
p.hidden-note { padding: .4rem .8rem; border-radius: 6px; background: #fef0c7; color: #93370d; }
ul.totals li.ready, tr.ready td.verdict { background: #d1fadf; color: #05603a; }
ul.totals li.blocked, tr.blocked td.verdict { background: #fee4e2; color: #b42318; }
ul.totals li.cleaned, tr.cleaned td.verdict { background: #eaecf0; color: #475467; }
table.group { border-collapse: collapse; width: 100%; }
table.group th, table.group td { border: 1px solid #d0d5dd; padding: .35rem .6rem; text-align: left; vertical-align: top; }
table.group th { background: #f2f4f7; font-weight: 600; }
table.group td.name { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; white-space: nowrap; }
tr.ready td.name:first-child { border-left: 6px solid #12b76a; }
tr.blocked td.name:first-child { border-left: 6px solid #f04438; }
tr.cleaned td.name:first-child { border-left: 6px solid #98a2b3; }
td.verdict { font-weight: 700; white-space: nowrap; }
td.code span.kind { display: inline-block; margin: 0 .4rem .1rem 0; padding: 0 .35rem; border-radius: 4px; background: #f2f4f7; }
td.code span.kind.mention { color: #667085; }
ul.reasons { margin: .2rem 0 0; padding-left: 1.1rem; font-weight: 400; }
footer { margin-top: 2rem; color: #667085; font-size: .85rem; }
";

fn row(out: &mut dyn Write, t: &TableReadiness, with_db: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "<tr class=\"{}\" data-table=\"{}\">",
        t.verdict.as_str(),
        escape(&t.old)
    )?;
    writeln!(out, "<td class=\"name old\">{}</td>", escape(&t.old))?;
    writeln!(out, "<td class=\"name new\">{}</td>", escape(&t.new))?;
    writeln!(
        out,
        "<td class=\"phase\">{}</td>",
        escape(t.phase.as_deref().unwrap_or("-"))
    )?;
    if with_db {
        let d = t.database.as_ref();
        writeln!(
            out,
            "<td class=\"status\">{}</td>",
            escape(&d.map_or("-".to_string(), |d| d.status.replace('_', " ")))
        )?;
        writeln!(
            out,
            "<td class=\"view\">{}</td>",
            if d.is_some_and(|d| d.view) {
                "yes"
            } else {
                "no"
            }
        )?;
    }
    write!(out, "<td class=\"code\">")?;
    let mut any = false;
    for k in Kind::ALL {
        let n = t.code.get(k);
        if n > 0 {
            any = true;
            write!(
                out,
                "<span class=\"kind {k}\" data-kind=\"{k}\">{k} {n}</span>"
            )?;
        }
    }
    if !any {
        write!(out, "none")?;
    }
    writeln!(out, "</td>")?;
    if with_db {
        let fns = t
            .database
            .as_ref()
            .map(|d| d.functions.clone())
            .unwrap_or_default();
        writeln!(
            out,
            "<td class=\"functions\">{}</td>",
            if fns.is_empty() {
                "none".to_string()
            } else {
                fns.iter()
                    .map(|f| escape(f))
                    .collect::<Vec<_>>()
                    .join("<br>")
            }
        )?;
    }
    let word = match t.verdict {
        Verdict::Ready => "yes",
        Verdict::Blocked => "no",
        Verdict::Cleaned => "cleaned",
    };
    write!(out, "<td class=\"verdict\">{word}")?;
    if !t.reasons.is_empty() {
        write!(out, "<ul class=\"reasons\">")?;
        for r in &t.reasons {
            write!(out, "<li>{}</li>", escape(r))?;
        }
        write!(out, "</ul>")?;
    }
    writeln!(out, "</td>")?;
    writeln!(out, "</tr>")
}

/// Writes the page.
pub fn print_html(out: &mut dyn Write, ov: &Overview, rules: &Rules) -> std::io::Result<()> {
    let with_db = ov.database.is_some();
    let title = format!("Cleanup readiness: {}", rules.name);
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"en\">")?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>{}</title>", escape(&title))?;
    writeln!(out, "<style>{STYLE}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    writeln!(out, "<h1>{}</h1>", escape(&title))?;
    match &ov.database {
        Some(d) => writeln!(
            out,
            "<p class=\"source\">Code and database <code>{}</code>, schema <code>{}</code>.</p>",
            escape(d),
            escape(&rules.schema)
        )?,
        None => writeln!(
            out,
            "<p class=\"source\">Code side only: no database was given, so migration status, views and functions are not checked.</p>"
        )?,
    }
    writeln!(out, "<ul class=\"totals\">")?;
    for v in [Verdict::Ready, Verdict::Blocked, Verdict::Cleaned] {
        writeln!(
            out,
            "<li class=\"{0}\"><span class=\"count\" id=\"count-{0}\">{1}</span> {0}</li>",
            v.as_str(),
            ov.count(v)
        )?;
    }
    writeln!(out, "</ul>")?;
    if let Some(line) = ov.hidden.note() {
        writeln!(out, "<p class=\"hidden-note\">{}</p>", escape(&line))?;
    }
    for g in &rules.groups {
        let rows: Vec<&TableReadiness> = ov.tables.iter().filter(|t| t.group == g.prefix).collect();
        if rows.is_empty() {
            continue;
        }
        writeln!(
            out,
            "<section class=\"group\" id=\"group-{}\">",
            escape(&g.prefix)
        )?;
        // A group without a title is titled by its prefix: say it once.
        let title = if g.title == g.prefix {
            ""
        } else {
            g.title.as_str()
        };
        writeln!(
            out,
            "<h2><span class=\"prefix\">{}</span>{}</h2>",
            escape(&g.prefix),
            escape(title)
        )?;
        writeln!(
            out,
            "<table class=\"group\" data-group=\"{}\">",
            escape(&g.prefix)
        )?;
        write!(
            out,
            "<thead><tr><th>Old name</th><th>New name</th><th>Phase</th>"
        )?;
        if with_db {
            write!(out, "<th>Status</th><th>View</th>")?;
        }
        write!(out, "<th>Code references</th>")?;
        if with_db {
            write!(out, "<th>Functions naming the old table</th>")?;
        }
        writeln!(out, "<th>Ready for cleanup</th></tr></thead>")?;
        writeln!(out, "<tbody>")?;
        for r in rows {
            row(out, r, with_db)?;
        }
        writeln!(out, "</tbody>")?;
        writeln!(out, "</table>")?;
        writeln!(out, "</section>")?;
    }
    writeln!(
        out,
        "<footer>refscan {} · plan {} ({})</footer>",
        env!("CARGO_PKG_VERSION"),
        escape(&rules.name),
        escape(&rules.origin.to_string())
    )?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("é"), "é");
    }
}
