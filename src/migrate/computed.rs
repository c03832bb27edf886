//! Computed fields through a compatibility view: the SQL that finds, at run time, the
//! functions taking a renamed table's row type as their one argument (PostgREST's computed
//! fields and computed relationships) and gives each a wrapper of the same name over the view's
//! row type, owned, granted and commented like the original; the SQL that drops exactly the
//! wrappers recorded; and the catalog query listing every function whose signature uses the
//! row type. Pure: the SQL runs inside the phase scripts, so plan files discover the functions
//! themselves on whatever database runs them.

use super::plan::{do_block, RAISE_PREFIX};
use super::quote::{ident, literal};

/// A DO block, run after the view `old` on table `new` exists and the tracking row of the move
/// is written: creates the wrappers and records them in the row's `dependencies -> 'wrappers'`
/// (`[{schema, name, over, of}]`: the wrapper is `schema.name(over)`, the original `of`).
pub fn create_wrappers_block(tracking: &str, schema: &str, old: &str, new: &str) -> String {
    let s = literal(schema);
    let ns = format!("{}::regnamespace", literal(&ident(schema)));
    let grantee =
        "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END";
    let option = "CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END";
    let declare = "  ttype oid;\n  vtype oid;\n  over text;\n  r record;\n  a record;\n  c text;\n  sig text;\n  fn oid;\n  done jsonb := '[]'::jsonb;\n";
    let body = format!(
        "  SELECT reltype INTO ttype FROM pg_class WHERE relname = {n} AND relnamespace = {ns} AND relkind IN ('r', 'p');
  SELECT reltype INTO vtype FROM pg_class WHERE relname = {o} AND relnamespace = {ns} AND relkind = 'v';
  over := format('%I.%I', {s}, {o});
  FOR r IN SELECT p.oid, p.proname, n.nspname, p.proretset, p.provolatile, p.proisstrict, p.proparallel,
                  p.proowner, p.proacl, p.proconfig, pg_get_function_result(p.oid) AS result,
                  COALESCE(p.proargnames[1], '') AS argname, obj_description(p.oid, 'pg_proc') AS comment
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prokind = 'f' AND p.pronargs = 1 AND p.proargtypes[0] = ttype AND p.proallargtypes IS NULL
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
            ORDER BY n.nspname, p.proname LOOP
    IF EXISTS (SELECT 1 FROM pg_proc q WHERE q.pronamespace = r.nspname::regnamespace AND q.proname = r.proname
                 AND q.pronargs = 1 AND q.proargtypes[0] = vtype) THEN
      RAISE NOTICE '{RAISE_PREFIX}%.%(%) exists already; no wrapper for the computed field %', r.nspname, r.proname, over, r.proname;
      CONTINUE;
    END IF;
    sig := format('%I.%I(%s)', r.nspname, r.proname, over);
    -- The view's row converts to the table's while their columns agree (SELECT * froze them).
    EXECUTE format('CREATE FUNCTION %I.%I(%s %s) RETURNS %s LANGUAGE sql %s %s PARALLEL %s AS %L',
      r.nspname, r.proname, CASE WHEN r.argname = '' THEN '' ELSE quote_ident(r.argname) END, over, r.result,
      CASE r.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END,
      CASE WHEN r.proisstrict THEN 'STRICT' ELSE '' END,
      CASE r.proparallel WHEN 's' THEN 'SAFE' WHEN 'r' THEN 'RESTRICTED' ELSE 'UNSAFE' END,
      format(CASE WHEN r.proretset THEN 'SELECT * FROM %I.%I(ROW(($1).*)::%I.%I)' ELSE 'SELECT %I.%I(ROW(($1).*)::%I.%I)' END,
             r.nspname, r.proname, {s}, {n}));
    fn := to_regprocedure(sig);
    FOREACH c IN ARRAY COALESCE(r.proconfig, '{{}}'::text[]) LOOP
      -- List settings (search_path) keep their list syntax; others are one value.
      IF split_part(c, '=', 1) IN ('search_path', 'temp_tablespaces', 'local_preload_libraries', 'session_preload_libraries') THEN
        EXECUTE format('ALTER FUNCTION %s SET %I = %s', sig, split_part(c, '=', 1), substr(c, strpos(c, '=') + 1));
      ELSE
        EXECUTE format('ALTER FUNCTION %s SET %I = %L', sig, split_part(c, '=', 1), substr(c, strpos(c, '=') + 1));
      END IF;
    END LOOP;
    IF (SELECT proowner FROM pg_proc WHERE oid = fn) <> r.proowner THEN
      IF pg_has_role(r.proowner, 'MEMBER') THEN
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', sig, pg_get_userbyid(r.proowner));
      ELSE
        RAISE NOTICE '{RAISE_PREFIX}wrapper % stays owned by %: you are not a member of %', sig, current_user, pg_get_userbyid(r.proowner);
      END IF;
    END IF;
    -- Exactly the original's privileges, whatever default privileges granted the new one.
    FOR a IN SELECT DISTINCT x.grantee FROM pg_proc q, aclexplode(COALESCE(q.proacl, acldefault('f', q.proowner))) x
              WHERE q.oid = fn LOOP
      EXECUTE format('REVOKE ALL ON FUNCTION %s FROM %s', sig,
        CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END);
    END LOOP;
    FOR a IN SELECT x.grantee, x.privilege_type, x.is_grantable FROM aclexplode(COALESCE(r.proacl, acldefault('f', r.proowner))) x
              ORDER BY 1, 2 LOOP
      EXECUTE format('GRANT %s ON FUNCTION %s TO %s%s', a.privilege_type, sig, {grantee}, {option});
    END LOOP;
    IF r.comment IS NOT NULL THEN
      EXECUTE format('COMMENT ON FUNCTION %s IS %L', sig, r.comment);
    END IF;
    RAISE NOTICE '{RAISE_PREFIX}computed field %: wrapper % calls %', r.proname, sig, r.oid::regprocedure;
    done := done || jsonb_build_array(jsonb_build_object('schema', r.nspname, 'name', r.proname, 'over', over,
                                                         'of', r.oid::regprocedure::text));
  END LOOP;
  UPDATE {tracking} SET dependencies = dependencies || jsonb_build_object('wrappers', done)
  WHERE schema_name = {s} AND old_name = {o} AND status <> 'rolled_back';
",
        n = literal(new),
        o = literal(old),
    );
    do_block(declare, &body)
}

/// A DO block that drops the wrappers recorded in the active tracking rows matching `cond` (an
/// SQL condition on the row `m`), before the views they take their row type from go.
pub fn drop_wrappers_block(tracking: &str, cond: &str) -> String {
    let body = format!(
        "  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM {tracking} m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND {cond} LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
"
    );
    do_block("  r record;\n", &body)
}

/// A jsonb array expression: every function outside extensions whose signature uses the row
/// type of table `t` (an alias of `pg_class` in the enclosing query), one object each with the
/// ways it does (`computed_field`: one argument of that type and nothing else, the functions
/// that get a wrapper; `takes_row`, `takes_array`, `returns_row`, `returns_setof`,
/// `returns_array`, `returns_table`: an OUT or TABLE column of that type or its array).
pub fn row_type_functions_expr(t: &str) -> String {
    format!(
        "COALESCE((SELECT jsonb_agg(jsonb_build_object(
            'function', p.oid::regprocedure::text,
            'name', p.proname,
            'computed_field', p.prokind = 'f' AND p.pronargs = 1 AND p.proargtypes[0] = {t}.reltype AND p.proallargtypes IS NULL,
            'takes_row', {t}.reltype = ANY (p.proargtypes::oid[]),
            'takes_array', y.typarray = ANY (p.proargtypes::oid[]),
            'returns_row', p.prorettype = {t}.reltype AND NOT p.proretset,
            'returns_setof', p.prorettype = {t}.reltype AND p.proretset,
            'returns_array', p.prorettype = y.typarray,
            'returns_table', EXISTS (SELECT 1 FROM unnest(p.proallargtypes, p.proargmodes) AS u(ty, mode)
                                     WHERE u.ty IN ({t}.reltype, y.typarray) AND u.mode IN ('o', 'b', 't')))
            ORDER BY p.oid::regprocedure::text)
        FROM pg_proc p, pg_type y
        WHERE y.oid = {t}.reltype
          AND ({t}.reltype = ANY (p.proargtypes::oid[]) OR y.typarray = ANY (p.proargtypes::oid[])
               OR p.prorettype IN ({t}.reltype, y.typarray)
               OR {t}.reltype = ANY (COALESCE(p.proallargtypes, '{{}}'::oid[]))
               OR y.typarray = ANY (COALESCE(p.proallargtypes, '{{}}'::oid[])))
          AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                          AND e.objid = p.oid AND e.deptype = 'e')), '[]'::jsonb)"
    )
}

/// A function whose signature uses a table's row type, as [`row_type_functions_expr`] reports
/// it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct RowTypeFunction {
    /// `regprocedure` text: `blurb(messages)`.
    pub function: String,
    pub name: String,
    pub computed_field: bool,
    pub takes_row: bool,
    pub takes_array: bool,
    pub returns_row: bool,
    pub returns_setof: bool,
    pub returns_array: bool,
    pub returns_table: bool,
}

impl RowTypeFunction {
    /// What the rename of `old` to `new` (behind a view when `view`) changes for its callers.
    pub fn effect(&self, schema: &str, old: &str, new: &str, view: bool) -> String {
        let mut parts = Vec::new();
        if self.computed_field {
            parts.push(if view {
                format!(
                    "a computed field: the wrapper {}({schema}.{old}) over the view's row type keeps `{old}.{}` (and `.from('{old}').select('{}')`) working until cleanup",
                    self.name, self.name, self.name
                )
            } else {
                format!(
                    "a computed field: {old} gets no view in this phase, so selecting {} through the old name stops working",
                    self.name
                )
            });
        } else if self.takes_row || self.takes_array {
            parts.push(format!(
                "takes {} of {new} now: callers passing rows of the view {old} get \"function does not exist\" (no wrapper: only one-argument computed fields get one)",
                if self.takes_array { "arrays of rows" } else { "rows" }
            ));
        }
        if self.returns_setof || self.returns_row || self.returns_array || self.returns_table {
            parts.push(format!(
                "returns rows of {new} now: as an RPC its result has {new}'s columns (also those added later, unlike the view), embeds from its result follow {new}'s relationships, and generated types name {new}; calls by name are unchanged"
            ));
        }
        parts.join("; ")
    }
}

/// The wrappers recorded in a tracking row's dependencies, as `regprocedure` input
/// (`"public"."blurb"(public.messages)`).
pub fn recorded_wrappers(dependencies: &serde_json::Value) -> Vec<String> {
    dependencies
        .get("wrappers")
        .and_then(|w| w.as_array())
        .into_iter()
        .flatten()
        .filter_map(|w| {
            let field = |k: &str| w.get(k).and_then(|v| v.as_str());
            Some(format!(
                "{}.{}({})",
                ident(field("schema")?),
                ident(field("name")?),
                field("over")?
            ))
        })
        .collect()
}

/// The names of the computed fields whose wrappers a tracking row records.
pub fn wrapper_names(dependencies: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = dependencies
        .get("wrappers")
        .and_then(|w| w.as_array())
        .into_iter()
        .flatten()
        .filter_map(|w| w.get("name").and_then(|v| v.as_str()).map(str::to_string))
        .collect();
    names.sort();
    names.dedup();
    names
}
