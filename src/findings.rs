//! What the scanner finds: a located reference to an old table name, and the per-language
//! classification that decides what kind of reference each whole-word hit is.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

/// The context an old table name appears in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// `.from('t')` (JS/TS), `.table('t')` / `.from_('t')` (Python).
    FromCall,
    /// A table inside a PostgREST select string, filter path or `referencedTable` option.
    Postgrest,
    /// A generated-type reference: `Database['public']['Tables']['t']`, `Tables<'t'>`, keys and
    /// `referencedRelation` values in a `supabase gen types` file.
    TypeRef,
    /// An identifier in SQL: a `.sql` file or SQL held in a string.
    Sql,
    /// `table: 't'` in a `postgres_changes` subscription.
    Realtime,
    /// A table named by an ORM model over the same database: SQLAlchemy's `__tablename__`,
    /// `Table('t', metadata, ...)`, `ForeignKey('t.col')`, `relationship(secondary='t')`.
    Orm,
    /// A string literal whose whole content is the name, where nothing shows that it names
    /// the table (`useState('t')`, `['t', 'u']`, `table_name: 't'`, `type T = 't' | 'u'`):
    /// a table held as data or chosen at run time. Rewritten only on request
    /// (`--kind table-string`).
    TableString,
    /// A name inside a computed first argument of `.from(...)` / `.table(...)`
    /// (`.from(TABLES.t)`, `` .from(`${p}.t`) ``): the table is chosen at run time, so a
    /// reviewer must follow the value. Never rewritten.
    DynamicFrom,
    /// A name shaped like a select-string embed (`t(...)`, `alias:t(...)`, `t!hint(...)`) in a
    /// string that no select call of the file provably reads as a whole: a select string
    /// built elsewhere (another file, a parameter), or an embed split between two pieces of
    /// a concatenation. A reviewer must find the query; never rewritten.
    UnresolvedEmbed,
    /// Code in a Markdown fenced block that would be a reference in a file of the block's
    /// language (`site` says where in it): rewritten only when asked for (`rewrite --docs`).
    Docs,
    /// A reference whose schema refscan cannot decide: an unqualified name in SQL under a
    /// `search_path` that puts another schema first (or, with rules of a schema other than
    /// `public`, under the default one), or inside a function or view of another schema. It
    /// may be the rules' table or a namesake: reported for review, rewritten only on request
    /// (`--kind schema-unknown`).
    SchemaUnknown,
    /// Any other whole-word occurrence: reported for review, never rewritten.
    Mention,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::FromCall,
        Kind::Postgrest,
        Kind::TypeRef,
        Kind::Sql,
        Kind::Realtime,
        Kind::Orm,
        Kind::TableString,
        Kind::DynamicFrom,
        Kind::UnresolvedEmbed,
        Kind::Docs,
        Kind::SchemaUnknown,
        Kind::Mention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FromCall => "from-call",
            Kind::Postgrest => "postgrest",
            Kind::TypeRef => "type-ref",
            Kind::Sql => "sql",
            Kind::Realtime => "realtime",
            Kind::Orm => "orm",
            Kind::TableString => "table-string",
            Kind::DynamicFrom => "dynamic-from",
            Kind::UnresolvedEmbed => "unresolved-embed",
            Kind::Docs => "docs",
            Kind::SchemaUnknown => "schema-unknown",
            Kind::Mention => "mention",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where exactly within its kind a name sits; the rewriter needs it to keep meaning intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Site {
    /// Nothing more to say: the name token is replaced as it stands.
    Plain,
    /// A select-string embed without alias, `t(...)`: its JSON key is the name itself, so the
    /// shape-keeping rewrite turns it into `t:new(...)`.
    Embed,
    /// A select-string embed that already has an alias, `a:t(...)`.
    AliasedEmbed,
    /// A spread embed `...t(...)`: it produces no key.
    Spread,
    /// The hint after `!` that names a junction table, `x!t(...)`.
    Hint,
    /// The first segment of a filter path `t.col` or a whole-embed filter `.not('t', ...)`.
    FilterPath,
    /// The value of a `referencedTable` / `foreignTable` / `foreign_table` option.
    ReferencedTable,
    /// The name in a Prisma model's `@@map("t")`. Dropped when the new name is the model's
    /// own name, where it would be redundant.
    PrismaMap,
    /// A Prisma model named like its table, without `@@map`: the rewrite keeps the name, which
    /// the client API follows, and adds `@@map("new")`.
    PrismaModel,
}

/// What a language classifier decided for one hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub kind: Kind,
    pub site: Site,
    /// For filter paths and `referencedTable` values: the same query selects this table as an
    /// unaliased embed, so once that embed gets its alias the path still works unchanged.
    pub via_alias: bool,
}

impl Class {
    pub const fn new(kind: Kind) -> Class {
        Class {
            kind,
            site: Site::Plain,
            via_alias: false,
        }
    }

    pub const fn site(kind: Kind, site: Site) -> Class {
        Class {
            kind,
            site,
            via_alias: false,
        }
    }

    pub const MENTION: Class = Class::new(Kind::Mention);
}

/// A whole-word occurrence of an old table name, as the prefilter found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte span of the name in the text handed to the classifier.
    pub span: Range<usize>,
    /// Index into [`crate::rules::Rules::tables`].
    pub table: usize,
    /// The text equals the old name byte for byte. A hit that differs in case only can be a
    /// reference in unquoted SQL (which folds case) and nowhere else.
    pub exact: bool,
}

/// A located reference to an old table name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: Arc<PathBuf>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters (Unicode code points), as every output format counts it;
    /// `span` has the bytes.
    pub column: usize,
    /// Byte span of the name in the file (BOM included in the count).
    pub span: Range<usize>,
    /// Index into [`crate::rules::Rules::tables`].
    pub table: usize,
    pub kind: Kind,
    pub site: Site,
    pub via_alias: bool,
    /// The file lies in a migrations folder: history, never rewritten.
    pub history: bool,
    /// A `refscan-ignore` comment on this line or the line before: check and rewrite leave it.
    pub suppressed: bool,
    /// Its kind was asked for by name (`--kind table-string`): a table string is rewritten
    /// only then.
    pub requested: bool,
}

impl Finding {
    /// A rewrite changes this reference unless told otherwise (docs only with `--docs`).
    pub fn rewritable(&self) -> bool {
        let kind = match self.kind {
            Kind::Mention | Kind::DynamicFrom | Kind::UnresolvedEmbed | Kind::Docs => false,
            Kind::TableString | Kind::SchemaUnknown => self.requested,
            _ => true,
        };
        kind && !self.history
    }

    /// Reported for review and never a gate failure by default: mentions, table strings,
    /// computed `.from(...)` arguments and code blocks of the docs.
    pub fn for_review(&self) -> bool {
        self.kind.for_review()
    }
}

impl Kind {
    /// Whether references of this kind are for review, never a gate failure by default.
    pub fn for_review(self) -> bool {
        matches!(
            self,
            Kind::Mention
                | Kind::TableString
                | Kind::DynamicFrom
                | Kind::UnresolvedEmbed
                | Kind::Docs
                | Kind::SchemaUnknown
        )
    }
}
