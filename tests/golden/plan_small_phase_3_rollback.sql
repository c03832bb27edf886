-- refscan migrate: rollback of phase 3
-- Plan: migrate test plan, schema public
-- Renames 3 tables back and drops their compatibility views; the exact reverse of the phase.
-- One transaction.
-- Written for the Supabase CLI (supabase db push, supabase migration up), which runs this file and its history row as one transaction; no BEGIN/COMMIT here. With psql: psql --single-transaction -f FILE (run statement by statement, it stops before changing anything).

-- LOCAL: the settings end with the transaction, also behind a transaction pooler.
SET LOCAL lock_timeout = '5s';

SET LOCAL statement_timeout = '1min';

-- A client that vanishes between two statements (a dropped network) leaves no locks held past this.
SET LOCAL idle_in_transaction_session_timeout = '10s';

-- A client killed while a statement waits on a lock: the server notices within this and rolls back.
SET LOCAL client_connection_check_interval = '1s';

-- Serialises refscan runs: a second run waits here, at most lock_timeout.
SELECT pg_advisory_xact_lock(8243107338746162688);

-- Everything below runs in this one transaction, or not at all.
SELECT set_config('refscan.transaction', pg_current_xact_id()::text, true);

DO $refscan$
BEGIN
  IF current_setting('refscan.transaction', true) IS DISTINCT FROM pg_current_xact_id()::text THEN
    RAISE EXCEPTION 'refscan: this script runs statement by statement, not as one transaction; nothing was changed' USING HINT = 'Run it with the Supabase CLI (supabase db push), with psql --single-transaction -f FILE, or write it with refscan migrate plan --standalone (BEGIN/COMMIT inside).';
  END IF;
END
$refscan$;

-- A sys_table_migrations that is not refscan's (another tool's, or edited by hand) stops the script here.
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  missing text;
BEGIN
  rel := to_regclass('"public"."sys_table_migrations"');
  IF rel IS NOT NULL THEN
    SELECT relkind INTO kind FROM pg_class WHERE oid = rel;
    IF kind NOT IN ('r', 'p') THEN
      RAISE EXCEPTION 'refscan: % is not a table (relkind %), so it is not refscan''s tracking table', rel, kind USING HINT = 'If it is another tool''s table, rename it away (ALTER TABLE public.sys_table_migrations RENAME TO sys_table_migrations_legacy;) and create refscan''s (refscan migrate init, or the setup phase''s file).';
    END IF;
    SELECT string_agg(c.name || ' ' || c.ty, ', ' ORDER BY c.ord) INTO missing
      FROM unnest(ARRAY['id', 'schema_name', 'old_name', 'new_name', 'group_prefix', 'phase', 'status', 'migrated_at', 'migrated_by', 'rolled_back_at', 'cleaned_at', 'compat_view', 'dependencies', 'notes']::text[], ARRAY['bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamp with time zone', 'text', 'timestamp with time zone', 'timestamp with time zone', 'boolean', 'jsonb', 'text']::text[]) WITH ORDINALITY AS c(name, ty, ord)
     WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = c.name
                         AND NOT a.attisdropped AND format_type(a.atttypid, a.atttypmod) = c.ty);
    IF missing IS NOT NULL THEN
      RAISE EXCEPTION 'refscan: % is not refscan''s tracking table: it lacks these columns of refscan''s (name and type): %', rel, missing USING HINT = 'If it is another tool''s table, rename it away (ALTER TABLE public.sys_table_migrations RENAME TO sys_table_migrations_legacy;) and create refscan''s (refscan migrate init, or the setup phase''s file).';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = 'history' AND NOT a.attisdropped) THEN
      EXECUTE format('ALTER TABLE %s ADD COLUMN %I jsonb NOT NULL DEFAULT ''[]''::jsonb', rel, 'history');
      EXECUTE format('UPDATE %s AS m SET history = %s', rel, '(SELECT COALESCE(jsonb_agg(v.e ORDER BY v.ord), ''[]''::jsonb) FROM (VALUES
      (1, jsonb_build_object(''event'', ''applied'', ''phase'', m.phase, ''at'', (m.migrated_at AT TIME ZONE ''UTC''), ''by'', m.migrated_by)),
      (2, CASE WHEN m.rolled_back_at IS NOT NULL THEN jsonb_build_object(''event'', ''rolled_back'', ''phase'', m.phase, ''at'', (m.rolled_back_at AT TIME ZONE ''UTC'')) END),
      (3, CASE WHEN m.cleaned_at IS NOT NULL THEN jsonb_build_object(''event'', ''cleaned'', ''phase'', m.phase, ''at'', (m.cleaned_at AT TIME ZONE ''UTC'')) END)
    ) AS v(ord, e) WHERE v.e IS NOT NULL)');
      RAISE NOTICE 'refscan: upgraded % in place: added the column history of this refscan version', rel;
    END IF;
  END IF;
END
$refscan$;

-- Preflight: every table of the phase has an active move of this phase.
DO $refscan$
DECLARE
  r record;
BEGIN
  IF to_regclass('"public"."sys_table_migrations"') IS NULL THEN
    RAISE EXCEPTION 'refscan: the tracking table public.sys_table_migrations does not exist' USING HINT = 'Nothing was applied to this database: there is nothing to roll back.';
  END IF;
  FOR r IN SELECT n.name FROM unnest(ARRAY['s_x', 's_y', 'c_a']::text[]) AS n(name)
      WHERE NOT EXISTS (SELECT 1 FROM "public"."sys_table_migrations" m WHERE m.schema_name = 'public' AND m.old_name = n.name
                        AND m.phase = '3' AND m.status <> 'rolled_back') LOOP
    RAISE EXCEPTION 'refscan: phase 3 is not applied: public.% has no active move in sys_table_migrations', r.name USING HINT = 'refscan migrate status shows which phases are applied.';
  END LOOP;
END
$refscan$;

-- Every table of the phase first, so that a lock timeout names the busy one.
LOCK TABLE "public"."s_y" IN ACCESS EXCLUSIVE MODE;

LOCK TABLE "public"."s_x" IN ACCESS EXCLUSIVE MODE;

DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass('"public"."c_a"') AND relkind = 'v') THEN
    LOCK TABLE "public"."c_a" IN ACCESS EXCLUSIVE MODE;
  END IF;
END
$refscan$;

LOCK TABLE "public"."c_b" IN ACCESS EXCLUSIVE MODE;

-- Dependents the phase renamed (recorded in sys_table_migrations) get their names back, last renamed first.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT m.new_name AS tbl, e.item ->> 'kind' AS kind, e.item ->> 'schema' AS schema,
                  e.item ->> 'old' AS old, e.item ->> 'new' AS new
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'renamed', '[]'::jsonb)) WITH ORDINALITY AS e(item, ord)
      WHERE m.schema_name = 'public' AND m.phase = '3' AND m.status <> 'rolled_back' AND m.old_name = ANY (ARRAY['c_a', 's_y', 's_x']::text[])
      ORDER BY array_position(ARRAY['c_a', 's_y', 's_x']::text[], m.old_name) DESC, e.ord DESC LOOP
    CASE r.kind
      WHEN 'constraint' THEN EXECUTE format('ALTER TABLE %I.%I RENAME CONSTRAINT %I TO %I', 'public', r.tbl, r.new, r.old);
      WHEN 'index' THEN EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', r.schema, r.new, r.old);
      WHEN 'sequence' THEN EXECUTE format('ALTER SEQUENCE %I.%I RENAME TO %I', r.schema, r.new, r.old);
      WHEN 'trigger' THEN EXECUTE format('ALTER TRIGGER %I ON %I.%I RENAME TO %I', r.new, 'public', r.tbl, r.old);
      ELSE EXECUTE format('ALTER POLICY %I ON %I.%I RENAME TO %I', r.new, 'public', r.tbl, r.old);
    END CASE;
  END LOOP;
END
$refscan$;

-- The wrappers of computed fields the phase created (recorded in the tracking rows) go, exactly those.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.phase = '3' AND m.old_name = ANY (ARRAY['s_x', 's_y', 'c_a']::text[]) LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

UPDATE "public"."sys_table_migrations" SET status = 'rolled_back', rolled_back_at = now(),
    history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'rolled_back', 'phase', '3', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
WHERE schema_name = 'public' AND phase = '3' AND status <> 'rolled_back'
  AND old_name = ANY (ARRAY['s_x', 's_y', 'c_a']::text[]);

DROP VIEW IF EXISTS "public"."c_a";

-- Renames back, in reverse order.
ALTER TABLE "public"."s_y" RENAME TO "refscan_swap_1";

ALTER TABLE "public"."s_x" RENAME TO "s_y";

ALTER TABLE "public"."refscan_swap_1" RENAME TO "s_x";

ALTER TABLE "public"."c_b" RENAME TO "c_a";

-- The compatibility view c_b of phase 2 comes back.
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'c_b' AND status = 'migrated' AND NOT compat_view) THEN
    CREATE VIEW "public"."c_b" WITH (security_invoker = true) AS SELECT * FROM "public"."c_c";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."c_c"'::regclass;
      dst := '"public"."c_b"'::regclass;
      SELECT relowner INTO own FROM pg_class WHERE oid = src;
      IF (SELECT relowner FROM pg_class WHERE oid = dst) <> own THEN
        IF pg_has_role(own, 'MEMBER') THEN
          EXECUTE format('ALTER VIEW %s OWNER TO %I', dst, pg_get_userbyid(own));
        ELSE
          RAISE NOTICE 'refscan: view % stays owned by %: you are not a member of the table owner %', dst, current_user, pg_get_userbyid(own);
        END IF;
      END IF;
      -- Default privileges may have granted the new view more than the table has: start empty.
      FOR r IN SELECT DISTINCT a.grantee FROM pg_class c,
          aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a WHERE c.oid = dst LOOP
        EXECUTE format('REVOKE ALL ON TABLE %s FROM %s CASCADE', dst, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END);
      END LOOP;
      FOR r IN SELECT a.grantee, a.privilege_type, a.is_grantable FROM pg_class c,
          aclexplode(COALESCE(c.relacl, acldefault('r', c.relowner))) a WHERE c.oid = src ORDER BY 1, 2 LOOP
        EXECUTE format('GRANT %s ON TABLE %s TO %s%s', r.privilege_type, dst, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END, CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
      END LOOP;
      FOR r IN SELECT t.attname, a.grantee, a.privilege_type, a.is_grantable FROM pg_attribute t,
          aclexplode(t.attacl) a WHERE t.attrelid = src AND t.attnum > 0 AND NOT t.attisdropped ORDER BY 1, 2, 3 LOOP
        EXECUTE format('GRANT %s (%I) ON TABLE %s TO %s%s', r.privilege_type, r.attname, dst, CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END, CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
      END LOOP;
    END;
    COMMENT ON VIEW "public"."c_b" IS 'refscan compatibility view: public.c_b was renamed to public.c_c in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';
    UPDATE "public"."sys_table_migrations" SET compat_view = true, history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_restored', 'phase', '3', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), '')))) WHERE schema_name = 'public' AND old_name = 'c_b' AND status = 'migrated';
    DECLARE
      ttype oid;
      vtype oid;
      over text;
      r record;
      a record;
      c text;
      sig text;
      fn oid;
      done jsonb := '[]'::jsonb;
    BEGIN
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'c_c' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'c_b' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'c_b');
      FOR r IN SELECT p.oid, p.proname, n.nspname, p.proretset, p.provolatile, p.proisstrict, p.proparallel,
                      p.proowner, p.proacl, p.proconfig, pg_get_function_result(p.oid) AS result,
                      COALESCE(p.proargnames[1], '') AS argname, obj_description(p.oid, 'pg_proc') AS comment
                 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE p.prokind = 'f' AND p.pronargs = 1 AND p.proargtypes[0] = ttype AND p.proallargtypes IS NULL
                  AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
                ORDER BY n.nspname, p.proname LOOP
        IF EXISTS (SELECT 1 FROM pg_proc q WHERE q.pronamespace = r.nspname::regnamespace AND q.proname = r.proname
                     AND q.pronargs = 1 AND q.proargtypes[0] = vtype) THEN
          RAISE NOTICE 'refscan: %.%(%) exists already; no wrapper for the computed field %', r.nspname, r.proname, over, r.proname;
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
                 r.nspname, r.proname, 'public', 'c_c'));
        fn := to_regprocedure(sig);
        FOREACH c IN ARRAY COALESCE(r.proconfig, '{}'::text[]) LOOP
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
            RAISE NOTICE 'refscan: wrapper % stays owned by %: you are not a member of %', sig, current_user, pg_get_userbyid(r.proowner);
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
          EXECUTE format('GRANT %s ON FUNCTION %s TO %s%s', a.privilege_type, sig, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
        END LOOP;
        IF r.comment IS NOT NULL THEN
          EXECUTE format('COMMENT ON FUNCTION %s IS %L', sig, r.comment);
        END IF;
        RAISE NOTICE 'refscan: computed field %: wrapper % calls %', r.proname, sig, r.oid::regprocedure;
        done := done || jsonb_build_array(jsonb_build_object('schema', r.nspname, 'name', r.proname, 'over', over,
                                                             'of', r.oid::regprocedure::text));
      END LOOP;
      UPDATE "public"."sys_table_migrations" SET dependencies = dependencies || jsonb_build_object('wrappers', done)
      WHERE schema_name = 'public' AND old_name = 'c_b' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- PostgREST reloads its schema cache when the transaction commits.
NOTIFY pgrst, 'reload schema';
