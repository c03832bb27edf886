//! Call and literal shapes of real Supabase apps, on testdata/shapes: names passed through
//! type assertions and parentheses, `.from<...>` type arguments, supabase-py's keyword form,
//! with the real binary's report and rewrite.

mod util;

use util::{copy_tree, run_in, testdata};

/// `path:line:column old kind` of every finding of `report --format json` under `prefix`.
fn findings(dir: &std::path::Path, prefix: &str) -> Vec<String> {
    let r = run_in(dir, &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"].as_str().unwrap().starts_with(prefix))
        .map(|f| {
            format!(
                "{}:{}:{} {} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["old"].as_str().unwrap(),
                f["kind"].as_str().unwrap()
            )
        })
        .collect()
}

// See: issue 20 item 4
#[test]
fn from_names_under_assertions_parentheses_and_type_arguments_are_from_calls() {
    let p = "apps/web/lib/profiles.ts";
    let want = [
        format!("{p}:6:41 experts from-call"), // .from('experts' as any)
        format!("{p}:11:25 experts from-call"), // .from("experts" as const)
        format!("{p}:15:26 sources_google from-call"), // .from(('sources_google'))
        format!("{p}:19:41 experts from-call"), // .from<"experts", ...
        format!("{p}:19:59 experts type-ref"), // ... Tables<"experts">>
        format!("{p}:19:71 experts from-call"), // ... ("experts")
        format!("{p}:20:26 experts type-ref"), // Tables<'experts'>[]
        format!("{p}:23:46 sources_google mention"), // storage bucket
    ];
    assert_eq!(
        findings(&testdata("shapes"), "apps/web/lib/profiles.ts"),
        want
    );
}

// See: issue 20 item 4
#[test]
fn rewrite_changes_the_type_argument_with_the_string() {
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let ts = std::fs::read_to_string(dir.path().join("apps/web/lib/profiles.ts")).unwrap();
    assert!(
        ts.contains("supabase.from('expert_profiles' as any)"),
        "{ts}"
    );
    assert!(
        ts.contains("supabase.from(\"expert_profiles\" as const)"),
        "{ts}"
    );
    assert!(ts.contains("supabase.from(('google_sources'))"), "{ts}");
    assert!(
        ts.contains(
            r#"supabase.from<"expert_profiles", Tables<"expert_profiles">>("expert_profiles")"#
        ),
        "{ts}"
    );
    assert!(ts.contains("storage.from('sources_google' as any)"), "{ts}");
}

// See: issue 20 item 5
#[test]
fn supabase_py_table_name_keyword_is_a_from_call() {
    let p = "services/worker/sync.py";
    let want = [
        format!("{p}:6:37 experts from-call"), // .table(table_name="experts")
        format!("{p}:7:37 sources_google from-call"), // .from_(table_name="sources_google")
        format!("{p}:8:38 sources_google mention"), // storage bucket
    ];
    assert_eq!(findings(&testdata("shapes"), "services/worker/"), want);
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let py = std::fs::read_to_string(dir.path().join(p)).unwrap();
    assert!(
        py.contains(r#"client.table(table_name="expert_profiles")"#),
        "{py}"
    );
    assert!(
        py.contains(r#"client.from_(table_name="google_sources")"#),
        "{py}"
    );
    assert!(
        py.contains(r#"storage.from_(table_name="sources_google")"#),
        "{py}"
    );
}

// See: issue 13 item 2
#[test]
fn whole_string_literals_are_table_strings_unless_they_flow_into_from() {
    let c = "apps/web/components/SourcePicker.tsx";
    let s = "apps/web/lib/sync.ts";
    let want = [
        format!("{c}:5:21 sources_google from-call"), // union typing .from(kind)
        format!("{c}:5:40 experts from-call"),
        format!("{c}:7:19 sources_google mention"), // object key
        format!("{c}:7:51 experts mention"),        // identifier key
        format!("{c}:10:39 sources_google table-string"), // useState('sources_google')
        format!("{c}:11:32 experts table-string"),  // table_name: 'experts'
        format!("{c}:14:22 sources_google table-string"), // <option value="...">
        format!("{c}:14:47 sources_google mention"), // LABELS['sources_google']
        format!("{c}:15:22 experts table-string"),  // <option value="experts">
        format!("{c}:15:39 experts mention"),       // LABELS.experts
        format!("{c}:26:36 sources_google dynamic-from"), // .from(TABLE_NAMES.sources_google)
        format!("{s}:4:23 experts from-call"),      // iterated into .from(t)
        format!("{s}:4:34 sources_google from-call"),
        format!("{s}:5:42 experts table-string"), // never reaches .from
        format!("{s}:14:24 experts from-call"),   // const into .from(EXPERTS_TABLE)
        format!("{s}:18:33 sources_google from-call"), // TABLES.drive into .from
        format!("{s}:18:59 experts table-string"), // TABLES.people: no .from
    ];
    let mut got = findings(&testdata("shapes"), "apps/web/components/");
    got.extend(findings(&testdata("shapes"), "apps/web/lib/sync.ts"));
    assert_eq!(got, want);
}

// See: issue 13 item 2
#[test]
fn table_strings_are_rewritten_only_on_request() {
    let dir = copy_tree(&testdata("shapes"));
    let picker = dir.path().join("apps/web/components/SourcePicker.tsx");
    let sync = dir.path().join("apps/web/lib/sync.ts");
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let ts = std::fs::read_to_string(&sync).unwrap();
    assert!(
        ts.contains("['expert_profiles', 'google_sources'] as const"),
        "{ts}"
    );
    assert!(
        ts.contains("const EXPERTS_TABLE = 'expert_profiles'"),
        "{ts}"
    );
    assert!(
        ts.contains("{ drive: 'google_sources', people: 'experts' }"),
        "{ts}"
    );
    assert!(ts.contains("['sync_history', 'experts']"), "{ts}");
    let tsx = std::fs::read_to_string(&picker).unwrap();
    assert!(
        tsx.contains(r#"type ContentType = "google_sources" | "expert_profiles""#),
        "{tsx}"
    );
    assert!(tsx.contains("useState('sources_google')"), "{tsx}");
    assert!(tsx.contains("TABLE_NAMES.sources_google"), "{tsx}");
    run_in(
        dir.path(),
        &["rewrite", "--write", "--kind", "table-string"],
    )
    .expect(0);
    let tsx = std::fs::read_to_string(&picker).unwrap();
    assert!(tsx.contains("useState('google_sources')"), "{tsx}");
    assert!(
        tsx.contains("{ table_name: 'expert_profiles', action: 'view' }"),
        "{tsx}"
    );
    assert!(tsx.contains(r#"<option value="google_sources">"#), "{tsx}");
    // Keys, indexes and computed .from() arguments are never rewritten.
    assert!(
        tsx.contains("{ 'sources_google': 'Drive files', experts: 'Experts' }"),
        "{tsx}"
    );
    assert!(tsx.contains("LABELS['sources_google']"), "{tsx}");
    assert!(tsx.contains("TABLE_NAMES.sources_google"), "{tsx}");
    let ts = std::fs::read_to_string(&sync).unwrap();
    assert!(ts.contains("['sync_history', 'expert_profiles']"), "{ts}");
}

// See: issue 13 item 2
#[test]
fn report_and_check_show_table_strings_and_dynamic_from_apart() {
    let dir = copy_tree(&testdata("shapes"));
    // Only the table strings and the computed .from() are left once the rest is rewritten.
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let r = run_in(dir.path(), &["report"]).expect(0);
    assert!(
        r.stdout
            .contains("(0 rewritable, 7 table strings, 1 dynamic from, 4 unresolved embeds, "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("table-string 7, dynamic-from 1, unresolved-embed 4"),
        "{}",
        r.stdout
    );
    let c = run_in(dir.path(), &["check"]).expect(0);
    assert!(
        c.stderr
            .contains("(7 table strings, 1 dynamic from, 4 unresolved embeds, mentions"),
        "{}",
        c.stderr
    );
    // Listed without --mentions, each with its kind.
    assert_eq!(c.stdout.matches("(table-string").count(), 7, "{}", c.stdout);
    assert_eq!(c.stdout.matches("(dynamic-from").count(), 1, "{}", c.stdout);
    run_in(dir.path(), &["check", "--strict"]).expect(1);
    let toml = dir.path().join("refscan.toml");
    let rules = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("table_strings = \"error\"\n{rules}")).unwrap();
    let c = run_in(dir.path(), &["check"]).expect(1);
    assert!(
        c.stderr.contains("check: 7 errors, 18 warnings"),
        "{}",
        c.stderr
    );
    std::fs::write(&toml, format!("table_strings = \"loud\"\n{rules}")).unwrap();
    let bad = run_in(dir.path(), &["check"]).expect(2);
    assert!(bad.stderr.contains("refscan.toml:1:"), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("table_strings") || bad.stderr.contains("loud"),
        "{}",
        bad.stderr
    );
}

// See: issue 20 item 3
#[test]
fn select_strings_built_from_pieces_are_resolved_or_reported_unresolved() {
    let q = "apps/web/lib/expertQueries.ts";
    let want = [
        format!("{q}:4:47 sources_google postgrest"), // const array .join(', ')
        format!("{q}:6:49 experts from-call"),
        format!("{q}:10:12 experts from-call"),
        format!("{q}:11:28 sources_google postgrest"), // 'id, ' + 'docs:sources_google!...'
        format!("{q}:15:31 sources_google postgrest"), // const BASE + ', sources_google(title)'
        format!("{q}:18:18 experts from-call"),
        format!("{q}:18:52 sources_google postgrest"), // filter path through the unaliased embed
        format!("{q}:20:43 experts from-call"),
        format!("{q}:22:43 experts from-call"),
        format!("{q}:22:65 sources_google unresolved-embed"), // embed split between pieces
        format!("{q}:25:31 experts from-call"),
        format!("{q}:26:34 sources_google unresolved-embed"), // select on a query in a variable
        "apps/web/lib/selects.ts:2:46 sources_google unresolved-embed".to_string(), // imported
        "services/ingest/cards.py:3:33 sources_google unresolved-embed".to_string(), // a constant
        "services/ingest/cards.py:7:26 experts from-call".to_string(),
    ];
    let mut got = findings(&testdata("shapes"), q);
    got.extend(findings(&testdata("shapes"), "apps/web/lib/selects.ts"));
    got.extend(findings(&testdata("shapes"), "services/ingest/cards.py"));
    assert_eq!(got, want);
    let r = run_in(&testdata("shapes"), &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let sites: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == q && f["kind"] == "postgrest")
        .map(|f| format!("{} {}", f["site"].as_str().unwrap(), f["via_alias"]))
        .collect();
    assert_eq!(
        sites,
        [
            "aliased-embed false",
            "aliased-embed false",
            "embed false",
            "filter-path true"
        ]
    );
    // Each resolved piece is edited in place; the unaliased embed keeps its response key, so
    // the filter path through it stays; what is unresolved is left for review.
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let ts = std::fs::read_to_string(dir.path().join(q)).unwrap();
    for want in [
        "['id', 'name', 'source:google_sources(title, mime_type)']",
        ".select('id, ' + 'docs:google_sources!expert_id(title)')",
        "BASE + ', sources_google:google_sources(title)'",
        ".eq('sources_google.title', title)",
        ".select('id, sources_google' + '(title)')",
        "base.select('id, source:sources_google(title)')",
    ] {
        assert!(ts.contains(want), "{want}\n{ts}");
    }
    let sel = std::fs::read_to_string(dir.path().join("apps/web/lib/selects.ts")).unwrap();
    assert!(sel.contains("source:sources_google(title"), "{sel}");
    let c = run_in(dir.path(), &["check"]).expect(0);
    assert!(c.stderr.contains("4 unresolved embeds"), "{}", c.stderr);
    assert_eq!(
        c.stdout.matches("(unresolved-embed").count(),
        4,
        "{}",
        c.stdout
    );
}

// See: issue 20 item 8
#[test]
fn jsdoc_type_references_in_js_are_type_refs_and_rewritten() {
    let p = "apps/web/lib/legacy.js";
    let want = [
        format!("{p}:5:71 experts type-ref"), // @typedef {...['public']['Tables']['experts']...}
        format!("{p}:6:73 experts mention"),  // ['personal']: another schema's table
        format!("{p}:10:14 experts mention"), // prose
        format!("{p}:12:57 sources_google type-ref"), // @returns {...Tables<'sources_google'>...}
    ];
    assert_eq!(findings(&testdata("shapes"), p), want);
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let js = std::fs::read_to_string(dir.path().join(p)).unwrap();
    for want in [
        "Database['public']['Tables']['expert_profiles']['Row']} Expert",
        "Database['personal']['Tables']['experts']['Row']} Personal",
        "Loads the experts of one Drive source.",
        "Tables<'google_sources'>[]>}",
    ] {
        assert!(js.contains(want), "{want}\n{js}");
    }
}

// See: issue 20 item 7
#[test]
fn sqlalchemy_models_are_renamed_whole() {
    let p = "services/models/db.py";
    let want = [
        format!("{p}:12:6 sources_google orm"), // Table("sources_google", metadata, ...)
        format!("{p}:20:22 experts orm"),       // __tablename__
        format!("{p}:23:45 experts orm"),       // ForeignKey("experts.id")
        format!("{p}:24:40 experts mention"),   // ForeignKey("auth.experts.id")
        format!("{p}:25:49 sources_google orm"), // relationship(secondary=...)
        format!("{p}:25:82 experts mention"),   // back_populates: an attribute
        format!("{p}:32:52 experts orm"),       // ForeignKey("public.experts.id")
        format!("{p}:33:5 experts mention"),    // the attribute itself
        format!("{p}:33:49 sources_google orm"),
    ];
    assert_eq!(findings(&testdata("shapes"), p), want);
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let py = std::fs::read_to_string(dir.path().join(p)).unwrap();
    for want in [
        "Table(\n    \"google_sources\",",
        "__tablename__ = \"expert_profiles\"",
        "ForeignKey(\"expert_profiles.id\")",
        "ForeignKey(\"auth.experts.id\")",
        "secondary=\"google_sources\", back_populates=\"experts\"",
        "ForeignKey(\"public.expert_profiles.id\", ondelete=\"CASCADE\")",
    ] {
        assert!(py.contains(want), "{want}\n{py}");
    }
    // Nothing of the model is left to the old names but the attributes and another schema.
    let r = run_in(dir.path(), &["report", "--format", "json"]).expect(0);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == p)
        .all(|f| f["kind"] == "mention"));
}

// See: issue 20 item 6
#[test]
fn vector_store_tables_are_from_calls_and_vecs_collections_are_not_tables() {
    let ts = "apps/web/lib/vectors.ts";
    let py = "services/ingest/vectors.py";
    let llama = "services/ingest/llama.py";
    let want = [
        format!("{ts}:10:15 sources_google from-call"), // new SupabaseVectorStore(e, { tableName })
        format!("{ts}:15:87 sources_google from-call"), // SupabaseVectorStore.fromDocuments
        format!("{ts}:17:39 experts table-string"),     // a tableName elsewhere: data
        format!("{llama}:6:81 experts mention"),        // LlamaIndex collection: schema vecs
        format!("{llama}:7:66 experts mention"),        // vecs collection
        format!("{py}:8:17 sources_google from-call"),  // table_name=
    ];
    let mut got = findings(&testdata("shapes"), ts);
    got.extend(findings(&testdata("shapes"), llama));
    got.extend(findings(&testdata("shapes"), py));
    assert_eq!(got, want);
    let dir = copy_tree(&testdata("shapes"));
    run_in(dir.path(), &["rewrite", "--write"]).expect(0);
    let t = std::fs::read_to_string(dir.path().join(ts)).unwrap();
    assert!(t.contains("tableName: 'google_sources',"), "{t}");
    assert!(
        t.contains("client: supabase, tableName: 'google_sources' }"),
        "{t}"
    );
    // The match function keeps its name: its body is SQL, renamed by the migration.
    assert!(t.contains("queryName: 'match_sources_google'"), "{t}");
    let p = std::fs::read_to_string(dir.path().join(py)).unwrap();
    assert!(p.contains("table_name=\"google_sources\""), "{p}");
    let l = std::fs::read_to_string(dir.path().join(llama)).unwrap();
    assert!(l.contains("collection_name=\"experts\""), "{l}");
    assert!(
        l.contains("get_or_create_collection(name=\"experts\""),
        "{l}"
    );
}
