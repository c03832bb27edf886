//! Writes a deterministic, realistic Supabase monorepo for benchmarks: apps and packages of
//! TS/TSX/JS, generated types, SQL migrations, Python, shell, Markdown, config and an ignored
//! `node_modules`, with the bundled plan's old table names where real code would have them and
//! the usual common-word collisions (`sources`, `scripts`, `prompts`, `emails`).
//!
//! `cargo run --release --example gen_corpus -- --files N --seed S --out DIR`
//!
//! The same `--files` and `--seed` always give the same bytes. The distribution is documented
//! in docs/performance.md; the summary printed at the end is measured on what was written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use refscan::rules::Rules;
use refscan::scan::Needles;

/// splitmix64: tiny, fast, and stable across platforms and crate versions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
    /// Log-normal around `median` (Box-Muller), clamped.
    fn lognormal(&mut self, median: f64, sigma: f64, lo: f64, hi: f64) -> usize {
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        (median * (sigma * z).exp()).clamp(lo, hi) as usize
    }
}

/// Tables that are not renamed by the plan: every app has its own.
const NEUTRAL_TABLES: &[&str] = &[
    "users",
    "profiles",
    "projects",
    "organizations",
    "teams",
    "invoices",
    "orders",
    "products",
    "comments",
    "tags",
    "notifications",
    "settings",
    "audit_events",
    "api_keys",
    "memberships",
    "feature_flags",
    "webhooks",
    "attachments",
];

const COLUMNS: &[&str] = &[
    "id",
    "name",
    "title",
    "created_at",
    "updated_at",
    "status",
    "description",
    "metadata",
    "owner_id",
    "is_active",
    "path",
    "size",
    "mime_type",
    "full_name",
    "email_address",
    "position",
    "sort_order",
    "folder_id",
    "last_synced_at",
    "content",
    "slug",
    "category",
];

/// Ordinary words and identifiers that never collide with an old name.
const WORDS: &[&str] = &[
    "data", "items", "rows", "result", "value", "record", "entry", "list", "page", "cursor",
    "filter", "query", "state", "config", "options", "payload", "response", "request", "handler",
    "index", "count", "total", "limit", "offset", "token", "session", "client", "cache", "queue",
    "batch", "job", "task", "event", "message", "label", "title", "content", "summary", "report",
    "folder", "file", "upload", "preview", "status", "owner", "member", "team", "project",
    "invoice", "order", "product", "comment", "tag", "setting",
];

/// Prose for comments and documents.
const PROSE: &[&str] = &[
    "the", "a", "this", "when", "we", "load", "fetch", "update", "every", "new", "old", "row",
    "rows", "list", "page", "is", "are", "for", "from", "with", "and", "or", "not", "user",
    "users", "cache", "before", "after", "it", "keep", "sync", "data", "field", "table", "view",
    "query", "result", "should", "can", "must", "never", "only", "once", "then", "server",
    "client", "render", "show", "hide", "each", "all", "first", "last", "next", "empty",
];

/// Common words that happen to be old table names: they show up as ordinary words too.
const COLLISION_WORDS: &[&str] = &[
    "sources",
    "scripts",
    "prompts",
    "emails",
    "domains",
    "experts",
    "presentations",
];

const BUCKETS: &[&str] = &[
    "avatars",
    "uploads",
    "exports",
    "thumbnails",
    "public-assets",
];

struct Gen<'r> {
    rng: Rng,
    /// Old names, each repeated by how common it is in code.
    old: Vec<&'r str>,
    all_old: Vec<&'r str>,
    /// The file being written names old tables.
    naming: bool,
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn pascal(snake: &str) -> String {
    let c = camel(snake);
    let mut it = c.chars();
    match it.next() {
        Some(f) => f.to_uppercase().chain(it).collect(),
        None => c,
    }
}

fn singular(t: &str) -> &str {
    t.strip_suffix("es")
        .filter(|s| s.ends_with("ss") || s.ends_with('x'))
        .or_else(|| t.strip_suffix('s'))
        .unwrap_or(t)
}

impl<'r> Gen<'r> {
    /// A table name: an old one with probability `p` when the file names old tables.
    fn table_p(&mut self, p: f64) -> &'r str {
        if self.naming && self.rng.chance(p) {
            self.old[self.rng.below(self.old.len())]
        } else {
            self.rng.pick(NEUTRAL_TABLES)
        }
    }
    fn table(&mut self) -> &'r str {
        self.table_p(0.45)
    }
    fn any_old(&mut self) -> &'r str {
        self.all_old[self.rng.below(self.all_old.len())]
    }
    /// An identifier-like word, a collision word now and then in naming files.
    fn word(&mut self) -> &'static str {
        if self.naming && self.rng.chance(0.12) {
            self.rng.pick(COLLISION_WORDS)
        } else {
            self.rng.pick(WORDS)
        }
    }
    fn col(&mut self) -> &'static str {
        self.rng.pick(COLUMNS)
    }
    fn cols(&mut self, n: usize) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = Vec::new();
        v.push("id");
        while v.len() < n {
            let c = self.col();
            if !v.contains(&c) {
                v.push(c);
            }
        }
        v
    }
    fn sentence(&mut self, min: usize, max: usize) -> String {
        let n = self.rng.range(min, max);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w: &str = if self.naming && self.rng.chance(0.06) {
                if self.rng.chance(0.5) {
                    self.rng.pick(COLLISION_WORDS)
                } else {
                    self.any_old()
                }
            } else if self.rng.chance(0.03) {
                self.rng.pick(&["don't", "isn't", "it's", "we'll", "can't"])
            } else {
                self.rng.pick(PROSE)
            };
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }

    // ---------------------------------------------------------------------------------------
    // PostgREST pieces.

    /// A select string body: columns and embeds, possibly nested.
    fn select_items(&mut self, depth: usize, multiline: bool, indent: &str) -> String {
        let mut items: Vec<String> = Vec::new();
        let ncols = self.rng.range(1, 5);
        for c in self.cols(ncols) {
            items.push(c.to_string());
        }
        if self.rng.chance(0.08) {
            items.push("*".into());
        }
        let nembeds = if depth == 0 {
            self.rng.range(0, 3)
        } else {
            self.rng.range(0, 1)
        };
        for _ in 0..nembeds {
            let t = self.table_p(0.55);
            let inner_indent = format!("{indent}  ");
            let inner = if depth < 2 && self.rng.chance(0.25) {
                self.select_items(depth + 1, multiline, &inner_indent)
            } else {
                let n = self.rng.range(1, 3);
                self.cols(n).join(", ")
            };
            let head = match self.rng.below(10) {
                0 | 1 => format!("{}:{t}", singular(t)),
                2 => format!("{t}!inner"),
                3 => format!("{t}!{}_{}_fkey", self.rng.pick(NEUTRAL_TABLES), singular(t)),
                4 => format!("...{t}"),
                5 if multiline => format!("{t} !inner "),
                _ => t.to_string(),
            };
            if multiline && self.rng.chance(0.5) {
                items.push(format!(
                    "{head} (\n{inner_indent}  {inner}\n{inner_indent})"
                ));
            } else {
                items.push(format!("{head}({inner})"));
            }
        }
        if multiline {
            items.join(&format!(",\n{indent}  "))
        } else {
            items.join(", ")
        }
    }

    /// A `.select(...)` argument, quoted or as a multi-line template literal.
    fn select_arg(&mut self, indent: &str) -> String {
        if self.rng.chance(0.45) {
            let body = self.select_items(0, true, indent);
            format!("`\n{indent}  {body}\n{indent}`")
        } else {
            let body = self.select_items(0, false, indent);
            let q = if self.rng.chance(0.7) { '\'' } else { '"' };
            format!("{q}{body}{q}")
        }
    }

    fn filters(&mut self, embedded: &[&str], indent: &str) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.range(0, 4) {
            let f = match self.rng.below(12) {
                0 => format!(".eq('{}', {})", self.col(), self.word()),
                1 => ".in('id', ids)".to_string(),
                2 => format!(".order('{}', {{ ascending: false }})", self.col()),
                3 => ".neq('status', 'archived')".to_string(),
                4 => ".ilike('name', `%${term}%`)".to_string(),
                5 if !embedded.is_empty() => {
                    let t = embedded[self.rng.below(embedded.len())];
                    format!(".eq('{t}.{}', value)", self.col())
                }
                6 if !embedded.is_empty() => {
                    let t = embedded[self.rng.below(embedded.len())];
                    format!(".order('{}', {{ referencedTable: '{t}' }})", self.col())
                }
                7 => ".or(`status.eq.active,owner_id.eq.${userId}`)".to_string(),
                8 if !embedded.is_empty() => {
                    let t = embedded[self.rng.below(embedded.len())];
                    format!(".not('{t}', 'is', null)")
                }
                9 => format!(".range(from, from + {})", self.rng.range(9, 99)),
                10 => ".gte('created_at', since)".to_string(),
                _ => format!(".limit({})", self.rng.range(1, 100)),
            };
            let _ = write!(s, "\n{indent}  {f}");
        }
        s
    }

    fn receiver(&mut self) -> &'static str {
        self.rng.pick(&[
            "supabase",
            "supabase",
            "supabase",
            "this.supabase",
            "client",
            "db",
            "supabaseAdmin",
            "getClient()",
            "ctx.supabase",
        ])
    }

    /// Embedded tables named in a select string, for filters on them.
    fn embeds_of(select: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let b = select.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_alphabetic() {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let mut j = i;
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                if j < b.len()
                    && (b[j] == b'(' || b[j] == b'!')
                    && (start == 0 || b[start - 1] != b'!')
                {
                    out.push(&select[start..i]);
                }
            } else {
                i += 1;
            }
        }
        out
    }

    // ---------------------------------------------------------------------------------------
    // TypeScript / JavaScript blocks.

    fn ts_imports(&mut self, tsx: bool) -> String {
        let mut s = String::new();
        if tsx && self.rng.chance(0.5) {
            s.push_str("'use client'\n\n");
            s.push_str("import { useEffect, useMemo, useState } from 'react'\n");
        }
        let lines: &[&str] = &[
            "import { createClient } from '@/lib/supabase/server'",
            "import { createBrowserClient } from '@supabase/ssr'",
            "import type { Database, Tables } from '@/types/database.types'",
            "import { z } from 'zod'",
            "import { cn } from '@/lib/utils'",
            "import { Button } from '@/components/ui/button'",
            "import { Card, CardContent, CardHeader } from '@/components/ui/card'",
            "import { useQuery, useMutation } from '@tanstack/react-query'",
            "import { NextResponse } from 'next/server'",
            "import dayjs from 'dayjs'",
            "import { logger } from '@repo/logger'",
        ];
        for _ in 0..self.rng.range(2, 6) {
            s.push_str(self.rng.pick(lines));
            s.push('\n');
        }
        if self.naming && self.rng.chance(0.3) {
            let t = self.any_old();
            let _ = writeln!(
                s,
                "import {{ {}Table }} from '@/components/{}/{}-table'",
                pascal(t),
                camel(t),
                t.replace('_', "-")
            );
        }
        s.push('\n');
        s
    }

    fn ts_interface(&mut self) -> String {
        let name = pascal(singular(self.table()));
        let mut s = format!("export interface {name}Props {{\n");
        for _ in 0..self.rng.range(2, 7) {
            let field = if self.naming && self.rng.chance(0.25) {
                self.rng.pick(COLLISION_WORDS).to_string()
            } else {
                camel(self.col())
            };
            let ty = self.rng.pick(&[
                "string",
                "number",
                "boolean",
                "string | null",
                "Date",
                "Record<string, unknown>",
                "string[]",
            ]);
            let opt = if self.rng.chance(0.3) { "?" } else { "" };
            let _ = writeln!(s, "  {field}{opt}: {ty}");
        }
        s.push_str("}\n\n");
        s
    }

    fn ts_type_refs(&mut self) -> String {
        let t = self.table_p(0.7);
        let p = pascal(singular(t));
        match self.rng.below(4) {
            0 => format!("export type {p} = Tables<'{t}'>\nexport type New{p} = TablesInsert<'{t}'>\n\n"),
            1 => format!("type {p}Row = Database['public']['Tables']['{t}']['Row']\n\n"),
            2 => format!("export type {p}Update = TablesUpdate<\"{t}\">\n\n"),
            _ => format!("type {p} = Database[\"public\"][\"Views\"][\"{t}\"][\"Row\"] & {{ extra?: string }}\n\n"),
        }
    }

    fn ts_query_fn(&mut self, typed: bool) -> String {
        let t = self.table();
        let fname = format!(
            "{}{}",
            self.rng.pick(&["list", "get", "load", "fetch", "find"]),
            pascal(t)
        );
        let recv = self.receiver();
        let sel = self.select_arg("    ");
        let embedded: Vec<String> = Self::embeds_of(&sel)
            .into_iter()
            .map(String::from)
            .collect();
        let embedded: Vec<&str> = embedded.iter().map(|s| s.as_str()).collect();
        let filters = self.filters(&embedded, "  ");
        let arg = if typed {
            "(userId: string, ids: string[] = [])"
        } else {
            "(userId, ids = [])"
        };
        let q = self.rng.pick(&["'", "'", "\"", "`"]);
        let tail = if self.rng.chance(0.3) {
            "\n    .single()"
        } else {
            ""
        };
        let mut s = String::new();
        if self.rng.chance(0.4) {
            let _ = writeln!(s, "/** {} */", self.sentence(4, 14));
        }
        let _ = write!(
            s,
            "export async function {fname}{arg} {{\n  const {{ data, error }} = await {recv}\n    .from({q}{t}{q})\n    .select({sel}){filters}{tail}\n  if (error) throw error\n  return data\n}}\n\n"
        );
        s
    }

    fn ts_write_fn(&mut self, typed: bool) -> String {
        let t = self.table();
        let recv = self.receiver();
        let p = pascal(singular(t));
        let arg = if typed {
            format!("row: TablesInsert<'{t}'>")
        } else {
            "row".into()
        };
        match self.rng.below(4) {
            0 => format!(
                "export async function create{p}({arg}) {{\n  return {recv}.from('{t}').insert(row).select('id, {}').single()\n}}\n\n",
                self.col()
            ),
            1 => format!(
                "export async function update{p}(id{}, patch{}) {{\n  const {{ error }} = await {recv}\n    .from('{t}')\n    .update(patch)\n    .eq('id', id)\n  if (error) throw new Error(`update failed: ${{error.message}}`)\n}}\n\n",
                if typed { ": string" } else { "" },
                if typed { format!(": TablesUpdate<'{t}'>") } else { String::new() }
            ),
            2 => format!(
                "export const upsert{p} = async (rows{}) =>\n  {recv}.from(\"{t}\").upsert(rows, {{ onConflict: 'id' }}).select()\n\n",
                if typed { format!(": TablesInsert<'{t}'>[]") } else { String::new() }
            ),
            _ => format!(
                "export async function remove{p}(id{}) {{\n  await {recv}.from('{t}').delete().eq('id', id)\n}}\n\n",
                if typed { ": string" } else { "" }
            ),
        }
    }

    fn ts_rpc(&mut self) -> String {
        let f = self.rng.pick(&[
            "search_documents",
            "get_stats",
            "refresh_counts",
            "match_embeddings",
        ]);
        let sel = if self.rng.chance(0.4) {
            let t = self.table_p(0.6);
            format!("\n    .select('id, {t}(name)')")
        } else {
            String::new()
        };
        format!(
            "export async function {}(params: Record<string, unknown>) {{\n  const {{ data }} = await supabase\n    .rpc('{f}', params){sel}\n  return data ?? []\n}}\n\n",
            camel(f)
        )
    }

    fn ts_storage(&mut self) -> String {
        let bucket = if self.naming && self.rng.chance(0.4) {
            self.rng
                .pick(&["presentations", "emails", "scripts", "experts"])
        } else {
            self.rng.pick(BUCKETS)
        };
        format!(
            "export async function uploadFile(path: string, file: File) {{\n  const {{ data, error }} = await supabase.storage\n    .from('{bucket}')\n    .upload(path, file, {{ upsert: true }})\n  if (error) throw error\n  return supabase.storage.from('{bucket}').getPublicUrl(data.path).data.publicUrl\n}}\n\n"
        )
    }

    fn ts_realtime(&mut self) -> String {
        let t = self.table_p(0.6);
        format!(
            "export function subscribe{p}(onChange: () => void) {{\n  const channel = supabase\n    .channel('{t}-changes')\n    .on('postgres_changes', {{ event: '*', schema: 'public', table: '{t}' }}, (payload) => {{\n      if (payload.table === '{t}') onChange()\n    }})\n    .subscribe()\n  return () => supabase.removeChannel(channel)\n}}\n\n",
            p = pascal(t)
        )
    }

    fn ts_sql(&mut self) -> String {
        let a = self.table_p(0.6);
        let b = self.table_p(0.6);
        let c1 = self.col();
        match self.rng.below(4) {
            0 => format!(
                "export async function report{p}(sql: Sql, since: Date) {{\n  return sql`\n    select a.id, a.{c1}, count(b.id) as n\n      from {a} a\n      left join {b} b on b.owner_id = a.id\n     where a.created_at > ${{since}}\n     group by a.id\n  `\n}}\n\n",
                p = pascal(a)
            ),
            1 => format!(
                "export async function archive{p}(pool: Pool, id: string) {{\n  await pool.query('UPDATE {a} SET status = $1 WHERE id = $2', ['archived', id])\n  const res = await pool.query(\n    `SELECT id, {c1} FROM {b} WHERE owner_id = $1 ORDER BY created_at DESC`,\n    [id],\n  )\n  return res.rows\n}}\n\n",
                p = pascal(a)
            ),
            2 => format!(
                "const {up}_QUERY = `\n  WITH recent AS (\n    SELECT * FROM {a} WHERE updated_at > now() - interval '7 days'\n  )\n  SELECT r.*, x.{c1} FROM recent r JOIN {b} x ON x.id = r.id\n`\n\n",
                up = singular(a).to_uppercase()
            ),
            _ => format!(
                "export async function runMaintenance() {{\n  await supabase.rpc('exec_sql', {{ sql: `DELETE FROM {a} WHERE created_at < now() - interval '90 days'` }})\n}}\n\n"
            ),
        }
    }

    fn ts_util(&mut self, typed: bool) -> String {
        let w = self.word();
        let w2 = self.word();
        let t = if typed { ": string" } else { "" };
        match self.rng.below(6) {
            0 => format!(
                "export function slugify(input{t}) {{\n  return input\n    .toLowerCase()\n    .replace(/[^a-z0-9]+/g, '-')\n    .replace(/(^-|-$)/g, '')\n}}\n\n"
            ),
            1 => format!(
                "export function progress({w}{n}, total{n}) {{\n  // avoid dividing by zero when the {w2} list is empty\n  if (!total) return 0\n  return Math.round(({w}.length / total) * 100)\n}}\n\n",
                n = if typed { ": unknown[]" } else { "" }
            ),
            2 => format!(
                "export const {w}By{p} = (rows{a}) => {{\n  const out = new Map()\n  for (const row of rows) {{\n    const key = row.{c} ?? 'unknown'\n    out.set(key, [...(out.get(key) ?? []), row])\n  }}\n  return out\n}}\n\n",
                p = pascal(self.col()),
                c = self.col(),
                a = if typed { ": any[]" } else { "" }
            ),
            3 => {
                let name = self.word();
                format!(
                    "const {name} = {{\n  {w}: [],\n  {w2}: new Set(),\n  retries: 3,\n}}\n\nexport function reset{p}() {{\n  {name}.{w} = []\n  {name}.{w2}.clear()\n}}\n\n",
                    p = pascal(name)
                )
            }
            4 => format!(
                "export function formatDate(d{t}) {{\n  const [y, m, day] = d.split('T')[0].split('-')\n  return `${{day}}/${{m}}/${{y}}` // {}\n}}\n\n",
                self.sentence(3, 8)
            ),
            _ => format!(
                "/*\n * {}\n * {}\n */\nexport function is{p}(value{a}) {{\n  return typeof value === 'object' && value !== null && '{w}' in value\n}}\n\n",
                self.sentence(5, 12),
                self.sentence(5, 12),
                p = pascal(w),
                a = if typed { ": unknown" } else { "" }
            ),
        }
    }

    fn ts_constants(&mut self) -> String {
        let mut s = String::from("export const ROUTES = {\n");
        for _ in 0..self.rng.range(2, 5) {
            let t = self.table_p(0.5);
            let _ = writeln!(s, "  {}: '/{}',", camel(t), t.replace('_', "-"));
        }
        s.push_str("} as const\n\n");
        if self.naming && self.rng.chance(0.4) {
            let t = self.any_old();
            let _ = writeln!(s, "export const {}_TABLE = '{t}'\n", t.to_uppercase());
        }
        s
    }

    fn ts_test(&mut self) -> String {
        let t = self.table();
        format!(
            "describe('{p}', () => {{\n  it('{}', async () => {{\n    const from = vi.fn().mockReturnValue({{ select: vi.fn().mockResolvedValue({{ data: [], error: null }}) }})\n    const client = {{ from }} as any\n    await list{p}(client)\n    expect(from).toHaveBeenCalledWith('{t}')\n  }})\n}})\n\n",
            self.sentence(3, 8)
                .trim_end_matches('.')
                .to_lowercase()
                .replace('\'', "\\'"),
            p = pascal(t)
        )
    }

    fn jsx_component(&mut self) -> String {
        let t = self.table_p(0.5);
        let p = pascal(t);
        let items = self.word();
        let field = if self.naming && self.rng.chance(0.3) {
            self.any_old()
        } else {
            self.col()
        };
        let mut s = String::new();
        let _ = write!(
            s,
            "export function {p}List({{ {items}, onSelect }}: {{ {items}: any[]; onSelect?: (id: string) => void }}) {{\n  const [open, setOpen] = useState(false)\n  const visible = useMemo(() => {items}.filter((x) => x.{field} !== null), [{items}])\n\n  return (\n    <Card className={{cn('p-4', open && 'ring-2')}}>\n      <CardHeader>\n        <h2 className=\"text-lg font-semibold\">{heading}</h2>\n        <p className=\"text-sm text-muted-foreground\">{text}</p>\n      </CardHeader>\n      <CardContent>\n",
            heading = if self.naming && self.rng.chance(0.5) { pascal(self.rng.pick(COLLISION_WORDS)) } else { pascal(self.word()) },
            text = self.sentence(4, 12),
        );
        if self.rng.chance(0.6) {
            let _ = write!(
                s,
                "        {{visible.length === 0 ? (\n          <p>{}</p>\n        ) : (\n          <ul>\n            {{visible.map((row) => (\n              <li key={{row.id}} onClick={{() => onSelect?.(row.id)}}>\n                {{row.{field}}} — {{row.{}}}\n              </li>\n            ))}}\n          </ul>\n        )}}\n",
                self.sentence(2, 6),
                self.col()
            );
        }
        let _ = write!(
            s,
            "        <Button variant=\"outline\" onClick={{() => setOpen(!open)}} aria-label=\"{}\">\n          {}\n        </Button>\n      </CardContent>\n    </Card>\n  )\n}}\n\n",
            self.sentence(2, 4).trim_end_matches('.'),
            self.sentence(1, 3).trim_end_matches('.')
        );
        s
    }

    fn jsx_page(&mut self) -> String {
        let t = self.table();
        let p = pascal(t);
        let sel = self.select_arg("    ");
        format!(
            "export default async function {p}Page({{ params }}: {{ params: {{ id: string }} }}) {{\n  const supabase = await createClient()\n  const {{ data: rows }} = await supabase\n    .from('{t}')\n    .select({sel})\n    .eq('owner_id', params.id)\n\n  return (\n    <main className=\"mx-auto max-w-5xl p-6\">\n      <h1 className=\"text-2xl font-bold\">{}</h1>\n      <{p}List {w}={{rows ?? []}} />\n    </main>\n  )\n}}\n\n",
            self.sentence(1, 4).trim_end_matches('.'),
            w = camel(self.word())
        )
    }

    fn hook(&mut self) -> String {
        let t = self.table();
        let p = pascal(t);
        let key = self.word();
        format!(
            "export function use{p}(id?: string) {{\n  return useQuery({{\n    queryKey: ['{key}', id],\n    queryFn: async () => {{\n      const {{ data, error }} = await supabase.from('{t}').select('*').eq('id', id!).maybeSingle()\n      if (error) throw error\n      return data\n    }},\n    enabled: Boolean(id),\n  }})\n}}\n\n"
        )
    }

    fn api_route(&mut self) -> String {
        let t = self.table();
        format!(
            "export async function GET(request: Request) {{\n  const {{ searchParams }} = new URL(request.url)\n  const page = Number(searchParams.get('page') ?? '0')\n  const supabase = await createClient()\n  const {{ data, error }} = await supabase\n    .from('{t}')\n    .select('id, {}', {{ count: 'exact' }})\n    .range(page * 20, page * 20 + 19)\n  if (error) return NextResponse.json({{ error: error.message }}, {{ status: 500 }})\n  return NextResponse.json({{ {}: data }})\n}}\n\n",
            self.col(),
            self.word()
        )
    }

    fn ts_file(&mut self, role: TsRole, tsx: bool, typed: bool, target: usize) -> String {
        let mut s = if matches!(role, TsRole::Node) {
            String::new()
        } else {
            self.ts_imports(tsx)
        };
        while s.len() < target {
            let block = match role {
                TsRole::Query => match self.rng.below(10) {
                    0..=3 => self.ts_query_fn(typed),
                    4 | 5 => self.ts_write_fn(typed),
                    6 => self.ts_rpc(),
                    7 => self.ts_type_refs(),
                    8 => self.ts_util(typed),
                    _ => self.ts_sql(),
                },
                TsRole::Component => match self.rng.below(10) {
                    0..=4 => self.jsx_component(),
                    5 => self.ts_interface(),
                    6 => self.ts_util(typed),
                    7 => self.hook(),
                    8 => self.ts_storage(),
                    _ => self.ts_query_fn(typed),
                },
                TsRole::Page => match self.rng.below(6) {
                    0 | 1 => self.jsx_page(),
                    2 | 3 => self.jsx_component(),
                    4 => self.ts_type_refs(),
                    _ => self.ts_util(typed),
                },
                TsRole::Hook => match self.rng.below(6) {
                    0..=2 => self.hook(),
                    3 => self.ts_realtime(),
                    4 => self.ts_query_fn(typed),
                    _ => self.ts_util(typed),
                },
                TsRole::Api => match self.rng.below(6) {
                    0 | 1 => self.api_route(),
                    2 => self.ts_write_fn(typed),
                    3 => self.ts_sql(),
                    4 => self.ts_storage(),
                    _ => self.ts_query_fn(typed),
                },
                TsRole::Util => match self.rng.below(8) {
                    0..=3 => self.ts_util(typed),
                    4 => self.ts_constants(),
                    5 => self.ts_interface(),
                    6 => self.ts_type_refs(),
                    _ => self.ts_realtime(),
                },
                TsRole::Test => match self.rng.below(4) {
                    0..=2 => self.ts_test(),
                    _ => self.ts_util(typed),
                },
                TsRole::Server => match self.rng.below(5) {
                    0 | 1 => self.ts_sql(),
                    2 => self.ts_query_fn(typed),
                    3 => self.ts_constants(),
                    _ => self.ts_util(typed),
                },
                TsRole::Node => self.node_module_js(),
            };
            s.push_str(&block);
        }
        s
    }

    fn node_module_js(&mut self) -> String {
        let w = self.word();
        let w2 = self.word();
        match self.rng.below(4) {
            0 => format!(
                "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", {{ value: true }});\nexports.{w} = void 0;\nfunction {w}(input, opts) {{\n    var _a;\n    const out = [];\n    for (let i = 0; i < input.length; i++) {{\n        if (((_a = opts) === null || _a === void 0 ? void 0 : _a.skip) && i % 2) continue;\n        out.push(input[i] / 2);\n    }}\n    return out;\n}}\nexports.{w} = {w};\n"
            ),
            1 => format!(
                "/**\n * {}\n * @param {{string}} {w2}\n */\nexport function parse{p}({w2}) {{\n  const re = /^([a-z]+):\\/\\/([^/]+)(\\/.*)?$/i;\n  const m = re.exec({w2});\n  return m ? {{ scheme: m[1], host: m[2], path: m[3] || '/' }} : null;\n}}\n",
                self.sentence(5, 15),
                p = pascal(w2)
            ),
            2 => format!(
                "module.exports = function {w}Plugin(api) {{\n  api.cache(true);\n  const {w2} = api.env('NODE_ENV') === 'production' ? [] : ['inline'];\n  return {{ presets: [], plugins: {w2}, sourceMaps: true }};\n}};\n"
            ),
            _ => format!(
                "var e=function(t,n){{return t&&n?t+\"/\"+n:t||n}};function r(t){{return t.replace(/\\\\/g,\"/\")}}export{{e as join,r as normalize}};\n// {}\n",
                self.sentence(3, 10)
            ),
        }
    }

    // ---------------------------------------------------------------------------------------
    // Generated types: the whole `Database` type of the plan plus the app's own tables.

    fn generated_types(&mut self) -> String {
        let mut tables: Vec<&str> = self.all_old.clone();
        tables.extend(NEUTRAL_TABLES.iter().copied());
        tables.sort_unstable();
        let mut s = String::from(
            "export type Json =\n  | string\n  | number\n  | boolean\n  | null\n  | { [key: string]: Json | undefined }\n  | Json[]\n\nexport type Database = {\n  public: {\n    Tables: {\n",
        );
        for t in &tables {
            let n = self.rng.range(4, 14);
            let cols = self.cols(n);
            let _ = writeln!(s, "      {t}: {{");
            for (section, opt) in [("Row", ""), ("Insert", "?"), ("Update", "?")] {
                let _ = writeln!(s, "        {section}: {{");
                for c in &cols {
                    let ty = if c.ends_with("_at") || *c == "id" || c.ends_with("_id") {
                        "string"
                    } else {
                        "string | null"
                    };
                    let o = if section == "Row" || *c == "name" {
                        ""
                    } else {
                        opt
                    };
                    let _ = writeln!(s, "          {c}{o}: {ty}");
                }
                s.push_str("        }\n");
            }
            s.push_str("        Relationships: [\n");
            for _ in 0..self.rng.range(0, 3) {
                let other = tables[self.rng.below(tables.len())];
                let _ = write!(
                    s,
                    "          {{\n            foreignKeyName: \"{t}_{}_id_fkey\"\n            columns: [\"{}_id\"]\n            isOneToOne: false\n            referencedRelation: \"{other}\"\n            referencedColumns: [\"id\"]\n          }},\n",
                    singular(other),
                    singular(other)
                );
            }
            s.push_str("        ]\n      }\n");
        }
        s.push_str("    }\n    Views: {\n");
        for _ in 0..3 {
            let t = tables[self.rng.below(tables.len())];
            let _ = write!(s, "      {t}_summary: {{\n        Row: {{\n          id: string | null\n          total: number | null\n        }}\n        Relationships: []\n      }}\n");
        }
        s.push_str("    }\n    Functions: {\n      search_documents: {\n        Args: { query: string }\n        Returns: Json\n      }\n    }\n    Enums: {\n      status: \"active\" | \"archived\"\n    }\n  }\n}\n\n");
        s.push_str("type PublicSchema = Database[Extract<keyof Database, \"public\">]\n\nexport type Tables<\n  TableName extends keyof PublicSchema[\"Tables\"],\n> = PublicSchema[\"Tables\"][TableName][\"Row\"]\n\nexport type TablesInsert<\n  TableName extends keyof PublicSchema[\"Tables\"],\n> = PublicSchema[\"Tables\"][TableName][\"Insert\"]\n\nexport type TablesUpdate<\n  TableName extends keyof PublicSchema[\"Tables\"],\n> = PublicSchema[\"Tables\"][TableName][\"Update\"]\n");
        s
    }

    // ---------------------------------------------------------------------------------------
    // SQL.

    fn sql_file(&mut self, target: usize) -> String {
        let mut s = format!("-- {}\n\n", self.sentence(4, 10));
        while s.len() < target {
            let t = self.table_p(0.6);
            let o = self.table_p(0.5);
            let c = self.col();
            let block = match self.rng.below(8) {
                0 => format!(
                    "create table if not exists public.{t} (\n  id uuid primary key default gen_random_uuid(),\n  {c} text,\n  {}_id uuid references public.{o}(id) on delete cascade,\n  created_at timestamptz not null default now()\n);\n\n",
                    singular(o)
                ),
                1 => format!("alter table public.{t} add column if not exists {c} text;\ncomment on column public.{t}.{c} is '{}';\n\n", self.sentence(3, 8).replace('\'', "''")),
                2 => format!("create index if not exists {t}_{c}_idx on public.{t} ({c});\n\n"),
                3 => format!(
                    "alter table public.{t} enable row level security;\ncreate policy \"{t} readable by members\" on public.{t}\n  for select using (auth.uid() = owner_id);\n\n"
                ),
                4 => format!(
                    "create or replace function public.touch_{t}()\nreturns trigger language plpgsql as $$\nbegin\n  new.updated_at := now();\n  -- keep {o} in step\n  update public.{o} set updated_at = now() where id = new.id;\n  return new;\nend;\n$$;\n\ncreate trigger touch_{t} before update on public.{t}\n  for each row execute function public.touch_{t}();\n\n"
                ),
                5 => format!(
                    "insert into public.{t} (id, {c}) values\n  ('{}', 'seed value'),\n  (gen_random_uuid(), 'another');\n\n",
                    "00000000-0000-0000-0000-000000000001"
                ),
                6 => format!(
                    "create or replace view public.{t}_overview as\nselect t.id, t.{c}, count(o.id) as related\n  from public.{t} t\n  left join public.{o} o on o.id = t.id\n group by t.id;\n\n"
                ),
                _ => format!("grant select, insert, update on public.{t} to authenticated;\n-- {}\n\n", self.sentence(3, 9)),
            };
            s.push_str(&block);
        }
        s
    }

    // ---------------------------------------------------------------------------------------
    // Python.

    fn py_file(&mut self, target: usize) -> String {
        let mut s = format!(
            "\"\"\"{}\"\"\"\nfrom __future__ import annotations\n\nimport logging\nimport os\n\nfrom supabase import Client, create_client\n\nlog = logging.getLogger(__name__)\n\n",
            self.sentence(4, 12)
        );
        while s.len() < target {
            let t = self.table();
            let c = self.col();
            let w = self.word();
            let block = match self.rng.below(7) {
                0 => {
                    let sel = self.select_items(0, false, "");
                    format!(
                        "def list_{t}(supabase: Client, owner_id: str) -> list[dict]:\n    res = (\n        supabase.table(\"{t}\")\n        .select(\"{sel}\")\n        .eq(\"owner_id\", owner_id)\n        .order(\"created_at\", desc=True)\n        .execute()\n    )\n    return res.data\n\n\n"
                    )
                }
                1 => format!(
                    "def save_{}(supabase: Client, row: dict) -> None:\n    supabase.from_(\"{t}\").upsert(row).execute()\n\n\n",
                    singular(t)
                ),
                2 => format!(
                    "def count_{t}(conn) -> int:\n    with conn.cursor() as cursor:\n        cursor.execute(\n            \"SELECT count(*) FROM {t} WHERE {c} IS NOT NULL\"\n        )\n        return cursor.fetchone()[0]\n\n\n"
                ),
                3 => format!(
                    "class {}(Base):\n    __tablename__ = \"{t}\"\n\n    id = Column(String, primary_key=True)\n    {c} = Column(String)\n\n\n",
                    pascal(singular(t))
                ),
                4 => format!(
                    "def summarize({w}: list[dict]) -> dict:\n    # {}\n    out: dict = {{}}\n    for item in {w}:\n        key = item.get(\"{c}\") or \"unknown\"\n        out[key] = out.get(key, 0) + 1\n    log.info(\"summarized %d {w}\", len({w}))\n    return out\n\n\n",
                    self.sentence(3, 10)
                ),
                5 => format!(
                    "QUERY = \"\"\"\n    select a.id, a.{c}\n      from {t} a\n     where a.updated_at > now() - interval '1 day'\n\"\"\"\n\n\n"
                ),
                _ => format!(
                    "def main() -> None:\n    url = os.environ[\"SUPABASE_URL\"]\n    client = create_client(url, os.environ[\"SUPABASE_SERVICE_ROLE_KEY\"])\n    rows = list_{t}(client, os.environ.get(\"OWNER\", \"\"))\n    print(f\"{{len(rows)}} {w} loaded\")\n\n\n"
                ),
            };
            s.push_str(&block);
        }
        s
    }

    // ---------------------------------------------------------------------------------------
    // Documents, scripts, config.

    fn md_file(&mut self, target: usize) -> String {
        let mut s = format!("# {}\n\n", self.sentence(2, 5).trim_end_matches('.'));
        while s.len() < target {
            match self.rng.below(5) {
                0 => {
                    let _ = writeln!(s, "## {}\n", pascal(self.word()));
                }
                1 => {
                    let t = self.table();
                    let _ = write!(
                        s,
                        "```ts\nconst {{ data }} = await supabase.from('{t}').select('*')\n```\n\n"
                    );
                }
                2 => {
                    let t = self.table();
                    let _ = write!(
                        s,
                        "- `{t}`: {}\n- {}\n\n",
                        self.sentence(3, 10),
                        self.sentence(4, 12)
                    );
                }
                _ => {
                    for _ in 0..self.rng.range(2, 5) {
                        s.push_str(&self.sentence(6, 20));
                        s.push(' ');
                    }
                    s.push_str("\n\n");
                }
            }
        }
        s
    }

    fn sh_file(&mut self) -> String {
        let t = self.table();
        let dir = if self.naming && self.rng.chance(0.5) {
            "scripts"
        } else {
            "tools"
        };
        format!(
            "#!/usr/bin/env bash\nset -euo pipefail\n\n# {}\nROOT=\"$(cd \"$(dirname \"${{BASH_SOURCE[0]}}\")/..\" && pwd)\"\n\nfor f in \"$ROOT\"/{dir}/*.sql; do\n  echo \"applying $f\"\n  psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -f \"$f\"\ndone\n\npsql \"$DATABASE_URL\" -c \"select count(*) from public.{t};\"\npg_dump \"$DATABASE_URL\" -t public.{t} > \"$ROOT/backups/{t}.sql\"\n",
            self.sentence(3, 10)
        )
    }

    fn package_json(&mut self, name: &str) -> String {
        format!(
            "{{\n  \"name\": \"@repo/{name}\",\n  \"version\": \"0.{}.0\",\n  \"private\": true,\n  \"scripts\": {{\n    \"dev\": \"next dev\",\n    \"build\": \"next build\",\n    \"lint\": \"eslint .\",\n    \"test\": \"vitest run\"\n  }},\n  \"dependencies\": {{\n    \"@supabase/supabase-js\": \"^2.45.0\",\n    \"next\": \"14.2.5\",\n    \"react\": \"18.3.1\"\n  }}\n}}\n",
            self.rng.range(1, 20)
        )
    }

    fn json_fixture(&mut self) -> String {
        let mut s = String::from("[\n");
        for i in 0..self.rng.range(2, 8) {
            if i > 0 {
                s.push_str(",\n");
            }
            let _ = write!(
                s,
                "  {{ \"id\": \"{i}\", \"{}\": \"{}\", \"{}\": {} }}",
                self.col(),
                self.word(),
                self.word(),
                self.rng.range(0, 999)
            );
        }
        s.push_str("\n]\n");
        s
    }

    fn css_file(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.range(3, 12) {
            let w = self.word();
            let _ = write!(s, ".{w}-list {{\n  display: grid;\n  gap: 0.5rem;\n  grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));\n}}\n\n");
        }
        s
    }

    fn yaml_file(&mut self) -> String {
        let w = self.word();
        format!(
            "name: ci\non:\n  pull_request:\n    paths:\n      - 'apps/**'\n      - '{w}/**'\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pnpm install --frozen-lockfile\n      - run: pnpm turbo run test --filter=...[origin/main]\n"
        )
    }
}

#[derive(Clone, Copy)]
enum TsRole {
    Query,
    Component,
    Page,
    Hook,
    Api,
    Util,
    Test,
    Server,
    Node,
}

/// What kind of file to write, with its share of the corpus (per mille) and the chance that
/// it names old tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FileKind {
    Tsx,
    Ts,
    Js,
    Sql,
    Python,
    Markdown,
    Shell,
    Json,
    Css,
    Yaml,
    Png,
    NodeModules,
}

const MIX: &[(FileKind, u32, f64)] = &[
    (FileKind::Tsx, 260, 0.50),
    (FileKind::Ts, 270, 0.62),
    (FileKind::Js, 50, 0.50),
    (FileKind::Sql, 40, 0.85),
    (FileKind::Python, 70, 0.60),
    (FileKind::Markdown, 60, 0.55),
    (FileKind::Shell, 20, 0.50),
    (FileKind::Json, 60, 0.20),
    (FileKind::Css, 30, 0.05),
    (FileKind::Yaml, 20, 0.30),
    (FileKind::Png, 20, 0.0),
    (FileKind::NodeModules, 100, 0.25),
];

struct Args {
    files: usize,
    seed: u64,
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut files = None;
    let mut seed = 1u64;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--files" => files = Some(val()?.parse().map_err(|e| format!("--files: {e}"))?),
            "--seed" => seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => out = Some(PathBuf::from(val()?)),
            "-h" | "--help" => {
                return Err("usage: gen_corpus --files N [--seed S] --out DIR".into());
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        files: files.ok_or("--files N is required")?,
        seed,
        out: out.ok_or("--out DIR is required")?,
    })
}

/// Every file of the corpus, in a fixed order: relative path and bytes.
pub fn generate(files: usize, seed: u64) -> Vec<(PathBuf, Vec<u8>)> {
    let rules = Rules::bundled();
    let all_old: Vec<&str> = rules.renamed().map(|(_, t)| t.old.as_str()).collect();
    // Common-word names are the ones real code is full of.
    let mut old = all_old.clone();
    for w in COLLISION_WORDS {
        for _ in 0..4 {
            old.push(w);
        }
    }
    for w in [
        "sources_google",
        "documentation_files",
        "document_types",
        "sync_history",
    ] {
        old.push(w);
        old.push(w);
    }
    // Leak the names: the generator lives for one run.
    let all_old: Vec<&'static str> = all_old
        .into_iter()
        .map(|s| &*s.to_string().leak())
        .collect();
    let old: Vec<&'static str> = old.into_iter().map(|s| &*s.to_string().leak()).collect();
    for w in WORDS
        .iter()
        .chain(NEUTRAL_TABLES)
        .chain(COLUMNS)
        .chain(PROSE)
    {
        assert!(!all_old.contains(w), "neutral word `{w}` is an old name");
    }
    let mut g = Gen {
        rng: Rng(seed ^ 0x5EED_0000_0000_0001),
        old,
        all_old,
        naming: false,
    };
    let mut out: Vec<(PathBuf, Vec<u8>)> = Vec::with_capacity(files + 8);
    out.push((
        PathBuf::from(".gitignore"),
        b"node_modules/\n.next/\ndist/\n*.log\n.env.local\n".to_vec(),
    ));
    out.push((
        PathBuf::from("package.json"),
        g.package_json("root").into_bytes(),
    ));
    let total: u32 = MIX.iter().map(|m| m.1).sum();
    let apps = (files / 2500).max(1);
    let packages = (files / 4000).max(1);
    let types_files = (files / 5000).max(1);
    let mut counters: BTreeMap<String, usize> = BTreeMap::new();
    let mut next_index = |dir: &str| {
        let c = counters.entry(dir.to_string()).or_default();
        *c += 1;
        *c
    };
    for k in 0..types_files {
        g.naming = true;
        let dir = if k % 2 == 0 {
            format!("apps/app{}/types", k / 2 % apps)
        } else {
            format!("packages/pkg{}/src", k / 2 % packages)
        };
        out.push((
            PathBuf::from(format!("{dir}/database.types.ts")),
            g.generated_types().into_bytes(),
        ));
    }
    let mut migration_ts: u64 = 20230101000000;
    while out.len() < files {
        let mut r = g.rng.below(total as usize) as u32;
        let &(kind, _, p_naming) = MIX
            .iter()
            .find(|m| {
                if r < m.1 {
                    true
                } else {
                    r -= m.1;
                    false
                }
            })
            .expect("weights cover the range");
        g.naming = g.rng.chance(p_naming);
        let app = format!("apps/app{}", g.rng.below(apps));
        let pkg = format!("packages/pkg{}", g.rng.below(packages));
        let size = g.rng.lognormal(2800.0, 0.85, 250.0, 60_000.0);
        let sub = |g: &mut Gen, n: usize| format!("{}{}", g.rng.pick(WORDS), g.rng.below(n));
        let (path, body): (String, Vec<u8>) = match kind {
            FileKind::Tsx => {
                let (role, dir) = match g.rng.below(10) {
                    0..=5 => (
                        TsRole::Component,
                        format!("{app}/components/{}", sub(&mut g, 30)),
                    ),
                    6..=8 => (
                        TsRole::Page,
                        format!("{app}/app/{}/{}", sub(&mut g, 40), sub(&mut g, 4)),
                    ),
                    _ => (
                        TsRole::Component,
                        format!("{pkg}/src/ui/{}", sub(&mut g, 20)),
                    ),
                };
                let name = if matches!(role, TsRole::Page) {
                    "page".to_string()
                } else {
                    format!("{}Card", pascal(g.table_p(0.3)))
                };
                let i = next_index(&dir);
                let body = g.ts_file(role, true, true, size);
                (format!("{dir}/{name}{i}.tsx"), body.into_bytes())
            }
            FileKind::Ts => {
                let (role, dir, suffix) = match g.rng.below(20) {
                    0..=4 => (
                        TsRole::Query,
                        format!("{app}/lib/queries/{}", sub(&mut g, 10)),
                        ".ts",
                    ),
                    5..=6 => (TsRole::Hook, format!("{app}/hooks"), ".ts"),
                    7..=8 => (
                        TsRole::Api,
                        format!("{app}/app/api/{}", sub(&mut g, 30)),
                        ".ts",
                    ),
                    9..=12 => (
                        TsRole::Util,
                        format!("{pkg}/src/{}", sub(&mut g, 20)),
                        ".ts",
                    ),
                    13..=15 => (
                        TsRole::Test,
                        format!("{app}/__tests__/{}", sub(&mut g, 10)),
                        ".test.ts",
                    ),
                    16..=17 => (
                        TsRole::Query,
                        format!("supabase/functions/{}", sub(&mut g, 40)),
                        ".ts",
                    ),
                    _ => (
                        TsRole::Server,
                        format!("services/{}/src", sub(&mut g, 8)),
                        ".ts",
                    ),
                };
                let base = camel(g.table_p(0.3));
                let i = next_index(&dir);
                let body = g.ts_file(role, false, true, size);
                (format!("{dir}/{base}{i}{suffix}"), body.into_bytes())
            }
            FileKind::Js => {
                let dir = format!("scripts/{}", sub(&mut g, 10));
                let ext = g.rng.pick(&["js", "mjs", "cjs", "jsx"]);
                let i = next_index(&dir);
                let role = if ext == "jsx" {
                    TsRole::Component
                } else {
                    *g.rng
                        .pick(&[&TsRole::Query, &TsRole::Util, &TsRole::Server])
                };
                let body = g.ts_file(role, ext == "jsx", false, size);
                (
                    format!("{dir}/{}{i}.{ext}", camel(g.table_p(0.3))),
                    body.into_bytes(),
                )
            }
            FileKind::Sql => {
                let body = g.sql_file(size);
                if g.rng.chance(0.8) {
                    migration_ts += g.rng.range(1, 999_999) as u64;
                    let dir = if g.rng.chance(0.7) {
                        "supabase/migrations".to_string()
                    } else {
                        format!("{app}/supabase/migrations")
                    };
                    (
                        format!("{dir}/{migration_ts}_{}.sql", g.table_p(0.5)),
                        body.into_bytes(),
                    )
                } else {
                    let dir = format!("db/queries/{}", sub(&mut g, 10));
                    let i = next_index(&dir);
                    (
                        format!("{dir}/{}{i}.sql", g.table_p(0.5)),
                        body.into_bytes(),
                    )
                }
            }
            FileKind::Python => {
                let dir = format!("services/py{}/{}", g.rng.below(apps + 1), sub(&mut g, 10));
                let i = next_index(&dir);
                let body = g.py_file(size);
                (
                    format!("{dir}/{}_{i}.py", g.table_p(0.3)),
                    body.into_bytes(),
                )
            }
            FileKind::Markdown => {
                let dir = format!("docs/{}", sub(&mut g, 20));
                let i = next_index(&dir);
                let body = g.md_file(size.min(12_000));
                (format!("{dir}/{}-{i}.md", g.word()), body.into_bytes())
            }
            FileKind::Shell => {
                let dir = format!("scripts/{}", sub(&mut g, 10));
                let i = next_index(&dir);
                (
                    format!("{dir}/run-{}-{i}.sh", g.word()),
                    g.sh_file().into_bytes(),
                )
            }
            FileKind::Json => {
                if g.rng.chance(0.3) {
                    let dir = format!("{pkg}/{}", sub(&mut g, 50));
                    let name = g.word().to_string();
                    (
                        format!("{dir}/package.json"),
                        g.package_json(&name).into_bytes(),
                    )
                } else {
                    let dir = format!("{app}/fixtures/{}", sub(&mut g, 10));
                    let i = next_index(&dir);
                    (
                        format!("{dir}/{}{i}.json", g.word()),
                        g.json_fixture().into_bytes(),
                    )
                }
            }
            FileKind::Css => {
                let dir = format!("{app}/styles");
                let i = next_index(&dir);
                (
                    format!("{dir}/{}{i}.css", g.word()),
                    g.css_file().into_bytes(),
                )
            }
            FileKind::Yaml => {
                let dir = format!("deploy/workflows{}", g.rng.below(3));
                let i = next_index(&dir);
                (format!("{dir}/ci-{i}.yml"), g.yaml_file().into_bytes())
            }
            FileKind::Png => {
                let dir = format!("{app}/public/img");
                let i = next_index(&dir);
                let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
                for _ in 0..g.rng.range(200, 4000) {
                    b.push((g.rng.next() & 0xFF) as u8);
                }
                (format!("{dir}/image{i}.png"), b)
            }
            FileKind::NodeModules => {
                let dir = format!("node_modules/{}-{}/dist", g.word(), g.rng.below(300));
                let i = next_index(&dir);
                let body = g.ts_file(TsRole::Node, false, false, size / 2);
                (format!("{dir}/chunk{i}.js"), body.into_bytes())
            }
        };
        out.push((PathBuf::from(path), body));
    }
    out.truncate(files.max(2));
    out
}

fn kind_of(path: &Path) -> &'static str {
    if path.starts_with("node_modules") {
        return "node_modules (ignored)";
    }
    if path.ends_with("database.types.ts") {
        return "generated types";
    }
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "tsx" => "tsx",
        "ts" => "ts",
        "js" | "mjs" | "cjs" | "jsx" => "js/mjs/cjs/jsx",
        "sql" => "sql",
        "py" => "python",
        "md" => "markdown",
        "sh" => "shell",
        "json" => "json",
        "css" => "css",
        "yml" => "yaml",
        "png" => "png",
        _ => "other",
    }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(2);
        }
    };
    let corpus = generate(args.files, args.seed);
    let rules = Rules::bundled();
    let needles = Needles::new(&rules, &[]).expect("bundled rules have renamed tables");
    // kind -> (files, bytes, files with any hit, files with an exact hit)
    let mut stats: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
    for (path, body) in &corpus {
        let full = args.out.join(path);
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(&full, body).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
        let hits = needles.hits(body);
        let e = stats.entry(kind_of(path)).or_default();
        e.0 += 1;
        e.1 += body.len();
        e.2 += usize::from(!hits.is_empty());
        e.3 += usize::from(hits.iter().any(|h| h.exact));
    }
    println!(
        "{:<24} {:>8} {:>12} {:>10} {:>10}",
        "kind", "files", "bytes", "any hit", "exact hit"
    );
    let mut tot = (0, 0, 0, 0);
    for (k, (f, b, h, x)) in &stats {
        println!("{k:<24} {f:>8} {b:>12} {h:>10} {x:>10}");
        tot = (tot.0 + f, tot.1 + b, tot.2 + h, tot.3 + x);
    }
    println!(
        "{:<24} {:>8} {:>12} {:>10} {:>10}",
        "total", tot.0, tot.1, tot.2, tot.3
    );
    let (ig_f, ig_h) = stats
        .get("node_modules (ignored)")
        .map_or((0, 0), |s| (s.0, s.2));
    let searched = tot.0 - ig_f;
    println!(
        "searched (not ignored): {searched} files, {:.1}% with a hit",
        100.0 * (tot.2 - ig_h) as f64 / searched.max(1) as f64
    );
}
