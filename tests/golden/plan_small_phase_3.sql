-- refscan migrate: phase 3
-- Plan: migrate test plan, schema public
-- Renames 3 tables; a compatibility view keeps each old name working unless noted:
--   s_x -> s_y (no view: its old name is taken in this phase)
--   s_y -> s_x (no view: its old name is taken in this phase)
--   c_a -> c_b
-- Drops the compatibility view c_b of an earlier phase: a table of this phase takes its name.
-- Contains a swap: one table passes through a temporary name.
-- Computed fields: every function taking one of these tables' rows as its one argument gets a wrapper of the same name over the view's row type, found in the catalog when this runs (refscan migrate plan --database-url URL lists them here).
-- One transaction; the rollback is the matching _rollback.sql file.
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

-- The phase, in one block: skipped, and recorded as run, when the phase is already applied.
DO $refscan$
BEGIN
  IF to_regclass('"public"."sys_table_migrations"') IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND phase = '3' AND status <> 'rolled_back') THEN
      RAISE NOTICE 'refscan: phase 3 is already applied; this file changes nothing, and its run is recorded in the history';
      UPDATE "public"."sys_table_migrations" SET history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'already_applied', 'phase', '3', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND phase = '3' AND status <> 'rolled_back';
      RETURN;
    END IF;
  END IF;
  -- Preflight: tracking table present, phase not applied, every old name a table, every new name free.
  DECLARE
    r record;
  BEGIN
    IF to_regclass('"public"."sys_table_migrations"') IS NULL THEN
      RAISE EXCEPTION 'refscan: the tracking table public.sys_table_migrations does not exist' USING HINT = 'Run refscan migrate init (the setup phase) first.';
    END IF;
    IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND phase = '3' AND status <> 'rolled_back') THEN
      RAISE EXCEPTION 'refscan: phase 3 is already applied' USING HINT = 'Nothing to do; refscan migrate status shows the state of every table.';
    END IF;
    FOR r IN SELECT n.name, c.relkind FROM unnest(ARRAY['s_x', 's_y', 'c_a']::text[]) AS n(name)
        LEFT JOIN pg_class c ON c.relname = n.name AND c.relnamespace = '"public"'::regnamespace LOOP
      IF r.relkind IS NULL THEN
        RAISE EXCEPTION 'refscan: table public.% does not exist', r.name USING HINT = 'Check the rules against the database: was the table renamed or dropped by hand?';
      ELSIF r.relkind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION 'refscan: public.% is not a table (relkind %)', r.name, r.relkind USING HINT = 'Only tables are renamed; if it is a compatibility view, that phase is already applied.';
      END IF;
    END LOOP;
    FOR r IN SELECT n.name FROM unnest(ARRAY['refscan_swap_1']::text[]) AS n(name)
        WHERE EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = n.name AND c.relnamespace = '"public"'::regnamespace)
           OR EXISTS (SELECT 1 FROM pg_type y WHERE y.typname = n.name AND y.typnamespace = '"public"'::regnamespace) LOOP
      RAISE EXCEPTION 'refscan: the new name public.% is already taken', r.name USING HINT = 'Rename or drop the relation or type that holds the name, or choose another name in the rules.';
    END LOOP;
  END;
  -- Wrappers of computed fields over the row type of view c_b go first.
  DECLARE
    r record;
  BEGIN
    FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
        FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
       WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'c_b' LOOP
      EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
    END LOOP;
  END;
  -- The compatibility view c_b of an earlier phase gives way to a table of this phase.
  DROP VIEW IF EXISTS "public"."c_b";
  UPDATE "public"."sys_table_migrations" SET compat_view = false,
      notes = concat_ws('; ', notes, 'view dropped by phase 3: the name now belongs to a renamed table'),
      history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_dropped', 'phase', '3', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
          'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
          'application', NULLIF(current_setting('application_name'), ''))))
  WHERE schema_name = 'public' AND old_name = 'c_b' AND status = 'migrated';
  -- Renames, ordered so that every name is free when a table moves into it.
  ALTER TABLE "public"."c_a" RENAME TO "c_b";
  ALTER TABLE "public"."s_x" RENAME TO "refscan_swap_1";
  ALTER TABLE "public"."s_y" RENAME TO "s_x";
  ALTER TABLE "public"."refscan_swap_1" RENAME TO "s_y";
  -- c_a keeps working as a view on c_b; security_invoker keeps row-level security in force.
  CREATE VIEW "public"."c_a" WITH (security_invoker = true) AS SELECT * FROM "public"."c_b";
  -- The view gets exactly the privileges of c_b, table and column level, read from the catalog at run time.
  DECLARE
    src regclass;
    dst regclass;
    own oid;
    r record;
  BEGIN
    src := '"public"."c_b"'::regclass;
    dst := '"public"."c_a"'::regclass;
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
  COMMENT ON VIEW "public"."c_a" IS 'refscan compatibility view: public.c_a was renamed to public.c_b in phase 3. Drop it with refscan migrate cleanup once no code uses the old name.';
  -- Tracking: s_x -> s_y, with what depends on it.
  INSERT INTO "public"."sys_table_migrations" (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes, history)
  SELECT 'public', 's_x', 's_y', 's_', '3', false, (
      SELECT jsonb_build_object(
          'rls', t.relrowsecurity,
          'foreign_keys_out', ARRAY(SELECT k.conname || ': ' || pg_get_constraintdef(k.oid) FROM pg_constraint k
              WHERE k.conrelid = t.oid AND k.contype = 'f' ORDER BY 1),
          'foreign_keys_in', ARRAY(SELECT k.conrelid::regclass::text || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid)
              FROM pg_constraint k WHERE k.confrelid = t.oid AND k.contype = 'f' AND k.conrelid <> t.oid ORDER BY 1),
          'constraints', ARRAY(SELECT k.conname FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype <> 'f' ORDER BY 1),
          'indexes', ARRAY(SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
              WHERE i.indrelid = t.oid ORDER BY 1),
          'sequences', ARRAY(SELECT DISTINCT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.refobjid = t.oid AND s.relkind = 'S' ORDER BY 1),
          'triggers', ARRAY(SELECT g.tgname FROM pg_trigger g WHERE g.tgrelid = t.oid AND NOT g.tgisinternal ORDER BY 1),
          'policies', ARRAY(SELECT p.polname || ' (' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                  WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END || ' to '
                  || array_to_string(ARRAY(SELECT CASE WHEN o = 0 THEN 'public' ELSE pg_get_userbyid(o) END
                                           FROM unnest(p.polroles) o ORDER BY 1), ', ') || ')'
              FROM pg_policy p WHERE p.polrelid = t.oid ORDER BY 1),
          'views', ARRAY(SELECT DISTINCT w.ev_class::regclass::text FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
              WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
                AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass('"public"."s_x"') ORDER BY 1),
          'column_select_only', ARRAY(SELECT g.role || ' (' || string_agg(g.attname, ', ' ORDER BY g.attnum) || ')' FROM (
                  SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END AS role, c.attname, c.attnum
                  FROM pg_attribute c, aclexplode(c.attacl) a
                  WHERE c.attrelid = t.oid AND a.privilege_type = 'SELECT'
                    AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(t.relacl, acldefault('r', t.relowner))) b
                                    WHERE b.grantee = a.grantee AND b.privilege_type = 'SELECT')) g
              GROUP BY g.role ORDER BY 1),
          'functions', ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
              JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE l.lanname NOT IN ('c', 'internal') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND p.prosrc ~* E'\\ms_x\\M'
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
          'row_type_functions', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                  'function', p.oid::regprocedure::text,
                  'name', p.proname,
                  'computed_field', p.prokind = 'f' AND p.pronargs = 1 AND p.proargtypes[0] = t.reltype AND p.proallargtypes IS NULL,
                  'takes_row', t.reltype = ANY (p.proargtypes::oid[]),
                  'takes_array', y.typarray = ANY (p.proargtypes::oid[]),
                  'returns_row', p.prorettype = t.reltype AND NOT p.proretset,
                  'returns_setof', p.prorettype = t.reltype AND p.proretset,
                  'returns_array', p.prorettype = y.typarray,
                  'returns_table', EXISTS (SELECT 1 FROM unnest(p.proallargtypes, p.proargmodes) AS u(ty, mode)
                                           WHERE u.ty IN (t.reltype, y.typarray) AND u.mode IN ('o', 'b', 't')))
                  ORDER BY p.oid::regprocedure::text)
              FROM pg_proc p, pg_type y
              WHERE y.oid = t.reltype
                AND (t.reltype = ANY (p.proargtypes::oid[]) OR y.typarray = ANY (p.proargtypes::oid[])
                     OR p.prorettype IN (t.reltype, y.typarray)
                     OR t.reltype = ANY (COALESCE(p.proallargtypes, '{}'::oid[]))
                     OR y.typarray = ANY (COALESCE(p.proallargtypes, '{}'::oid[])))
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                AND e.objid = p.oid AND e.deptype = 'e')), '[]'::jsonb),
          'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
              OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
              OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
              ORDER BY 1)
      )
      FROM pg_class t WHERE t.oid = '"public"."s_y"'::regclass
  ), 'no compatibility view for `s_x`: `s_y` takes the name in the same phase',
      jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'applied', 'phase', '3', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
          'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
          'application', NULLIF(current_setting('application_name'), ''))));
  -- Tracking: s_y -> s_x, with what depends on it.
  INSERT INTO "public"."sys_table_migrations" (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes, history)
  SELECT 'public', 's_y', 's_x', 's_', '3', false, (
      SELECT jsonb_build_object(
          'rls', t.relrowsecurity,
          'foreign_keys_out', ARRAY(SELECT k.conname || ': ' || pg_get_constraintdef(k.oid) FROM pg_constraint k
              WHERE k.conrelid = t.oid AND k.contype = 'f' ORDER BY 1),
          'foreign_keys_in', ARRAY(SELECT k.conrelid::regclass::text || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid)
              FROM pg_constraint k WHERE k.confrelid = t.oid AND k.contype = 'f' AND k.conrelid <> t.oid ORDER BY 1),
          'constraints', ARRAY(SELECT k.conname FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype <> 'f' ORDER BY 1),
          'indexes', ARRAY(SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
              WHERE i.indrelid = t.oid ORDER BY 1),
          'sequences', ARRAY(SELECT DISTINCT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.refobjid = t.oid AND s.relkind = 'S' ORDER BY 1),
          'triggers', ARRAY(SELECT g.tgname FROM pg_trigger g WHERE g.tgrelid = t.oid AND NOT g.tgisinternal ORDER BY 1),
          'policies', ARRAY(SELECT p.polname || ' (' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                  WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END || ' to '
                  || array_to_string(ARRAY(SELECT CASE WHEN o = 0 THEN 'public' ELSE pg_get_userbyid(o) END
                                           FROM unnest(p.polroles) o ORDER BY 1), ', ') || ')'
              FROM pg_policy p WHERE p.polrelid = t.oid ORDER BY 1),
          'views', ARRAY(SELECT DISTINCT w.ev_class::regclass::text FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
              WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
                AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass('"public"."s_y"') ORDER BY 1),
          'column_select_only', ARRAY(SELECT g.role || ' (' || string_agg(g.attname, ', ' ORDER BY g.attnum) || ')' FROM (
                  SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END AS role, c.attname, c.attnum
                  FROM pg_attribute c, aclexplode(c.attacl) a
                  WHERE c.attrelid = t.oid AND a.privilege_type = 'SELECT'
                    AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(t.relacl, acldefault('r', t.relowner))) b
                                    WHERE b.grantee = a.grantee AND b.privilege_type = 'SELECT')) g
              GROUP BY g.role ORDER BY 1),
          'functions', ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
              JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE l.lanname NOT IN ('c', 'internal') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND p.prosrc ~* E'\\ms_y\\M'
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
          'row_type_functions', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                  'function', p.oid::regprocedure::text,
                  'name', p.proname,
                  'computed_field', p.prokind = 'f' AND p.pronargs = 1 AND p.proargtypes[0] = t.reltype AND p.proallargtypes IS NULL,
                  'takes_row', t.reltype = ANY (p.proargtypes::oid[]),
                  'takes_array', y.typarray = ANY (p.proargtypes::oid[]),
                  'returns_row', p.prorettype = t.reltype AND NOT p.proretset,
                  'returns_setof', p.prorettype = t.reltype AND p.proretset,
                  'returns_array', p.prorettype = y.typarray,
                  'returns_table', EXISTS (SELECT 1 FROM unnest(p.proallargtypes, p.proargmodes) AS u(ty, mode)
                                           WHERE u.ty IN (t.reltype, y.typarray) AND u.mode IN ('o', 'b', 't')))
                  ORDER BY p.oid::regprocedure::text)
              FROM pg_proc p, pg_type y
              WHERE y.oid = t.reltype
                AND (t.reltype = ANY (p.proargtypes::oid[]) OR y.typarray = ANY (p.proargtypes::oid[])
                     OR p.prorettype IN (t.reltype, y.typarray)
                     OR t.reltype = ANY (COALESCE(p.proallargtypes, '{}'::oid[]))
                     OR y.typarray = ANY (COALESCE(p.proallargtypes, '{}'::oid[])))
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                AND e.objid = p.oid AND e.deptype = 'e')), '[]'::jsonb),
          'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
              OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
              OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
              ORDER BY 1)
      )
      FROM pg_class t WHERE t.oid = '"public"."s_x"'::regclass
  ), 'no compatibility view for `s_y`: `s_x` takes the name in the same phase',
      jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'applied', 'phase', '3', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
          'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
          'application', NULLIF(current_setting('application_name'), ''))));
  -- Tracking: c_a -> c_b, with what depends on it.
  INSERT INTO "public"."sys_table_migrations" (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes, history)
  SELECT 'public', 'c_a', 'c_b', 'c_', '3', true, (
      SELECT jsonb_build_object(
          'rls', t.relrowsecurity,
          'foreign_keys_out', ARRAY(SELECT k.conname || ': ' || pg_get_constraintdef(k.oid) FROM pg_constraint k
              WHERE k.conrelid = t.oid AND k.contype = 'f' ORDER BY 1),
          'foreign_keys_in', ARRAY(SELECT k.conrelid::regclass::text || '.' || k.conname || ': ' || pg_get_constraintdef(k.oid)
              FROM pg_constraint k WHERE k.confrelid = t.oid AND k.contype = 'f' AND k.conrelid <> t.oid ORDER BY 1),
          'constraints', ARRAY(SELECT k.conname FROM pg_constraint k WHERE k.conrelid = t.oid AND k.contype <> 'f' ORDER BY 1),
          'indexes', ARRAY(SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
              WHERE i.indrelid = t.oid ORDER BY 1),
          'sequences', ARRAY(SELECT DISTINCT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
              WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                AND d.refobjid = t.oid AND s.relkind = 'S' ORDER BY 1),
          'triggers', ARRAY(SELECT g.tgname FROM pg_trigger g WHERE g.tgrelid = t.oid AND NOT g.tgisinternal ORDER BY 1),
          'policies', ARRAY(SELECT p.polname || ' (' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                  WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END || ' to '
                  || array_to_string(ARRAY(SELECT CASE WHEN o = 0 THEN 'public' ELSE pg_get_userbyid(o) END
                                           FROM unnest(p.polroles) o ORDER BY 1), ', ') || ')'
              FROM pg_policy p WHERE p.polrelid = t.oid ORDER BY 1),
          'views', ARRAY(SELECT DISTINCT w.ev_class::regclass::text FROM pg_depend d JOIN pg_rewrite w ON w.oid = d.objid
              WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
                AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass('"public"."c_a"') ORDER BY 1),
          'column_select_only', ARRAY(SELECT g.role || ' (' || string_agg(g.attname, ', ' ORDER BY g.attnum) || ')' FROM (
                  SELECT CASE WHEN a.grantee = 0 THEN 'public' ELSE pg_get_userbyid(a.grantee) END AS role, c.attname, c.attnum
                  FROM pg_attribute c, aclexplode(c.attacl) a
                  WHERE c.attrelid = t.oid AND a.privilege_type = 'SELECT'
                    AND NOT EXISTS (SELECT 1 FROM aclexplode(COALESCE(t.relacl, acldefault('r', t.relowner))) b
                                    WHERE b.grantee = a.grantee AND b.privilege_type = 'SELECT')) g
              GROUP BY g.role ORDER BY 1),
          'functions', ARRAY(SELECT p.oid::regprocedure::text FROM pg_proc p
              JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE l.lanname NOT IN ('c', 'internal') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND p.prosrc ~* E'\\mc_a\\M'
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
          'row_type_functions', COALESCE((SELECT jsonb_agg(jsonb_build_object(
                  'function', p.oid::regprocedure::text,
                  'name', p.proname,
                  'computed_field', p.prokind = 'f' AND p.pronargs = 1 AND p.proargtypes[0] = t.reltype AND p.proallargtypes IS NULL,
                  'takes_row', t.reltype = ANY (p.proargtypes::oid[]),
                  'takes_array', y.typarray = ANY (p.proargtypes::oid[]),
                  'returns_row', p.prorettype = t.reltype AND NOT p.proretset,
                  'returns_setof', p.prorettype = t.reltype AND p.proretset,
                  'returns_array', p.prorettype = y.typarray,
                  'returns_table', EXISTS (SELECT 1 FROM unnest(p.proallargtypes, p.proargmodes) AS u(ty, mode)
                                           WHERE u.ty IN (t.reltype, y.typarray) AND u.mode IN ('o', 'b', 't')))
                  ORDER BY p.oid::regprocedure::text)
              FROM pg_proc p, pg_type y
              WHERE y.oid = t.reltype
                AND (t.reltype = ANY (p.proargtypes::oid[]) OR y.typarray = ANY (p.proargtypes::oid[])
                     OR p.prorettype IN (t.reltype, y.typarray)
                     OR t.reltype = ANY (COALESCE(p.proallargtypes, '{}'::oid[]))
                     OR y.typarray = ANY (COALESCE(p.proallargtypes, '{}'::oid[])))
                AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                                AND e.objid = p.oid AND e.deptype = 'e')), '[]'::jsonb),
          'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
              OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
              OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
              ORDER BY 1)
      )
      FROM pg_class t WHERE t.oid = '"public"."c_b"'::regclass
  ), NULL,
      jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'applied', 'phase', '3', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
          'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
          'application', NULLIF(current_setting('application_name'), ''))));
  -- Computed fields: every function taking a c_b row as its one argument gets a wrapper of the same name over the view's row type, found in the catalog at run time and recorded for rollback.
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
    SELECT reltype INTO ttype FROM pg_class WHERE relname = 'c_b' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
    SELECT reltype INTO vtype FROM pg_class WHERE relname = 'c_a' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
    over := format('%I.%I', 'public', 'c_a');
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
               r.nspname, r.proname, 'public', 'c_b'));
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
    WHERE schema_name = 'public' AND old_name = 'c_a' AND status <> 'rolled_back';
  END;
  -- PostgREST reloads its schema cache when the transaction commits.
  NOTIFY pgrst, 'reload schema';
END
$refscan$;
