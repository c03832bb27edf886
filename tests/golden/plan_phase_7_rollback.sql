-- refscan migrate: rollback of phase 7, Cleanup: drop the compatibility views
-- Plan: DHG table prefixes, schema public
-- Recreates the compatibility views that cleanup dropped, with the tables' privileges.
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

DO $refscan$
BEGIN
  IF to_regclass('"public"."sys_table_migrations"') IS NULL THEN
    RAISE EXCEPTION 'refscan: the tracking table public.sys_table_migrations does not exist' USING HINT = 'Nothing was applied to this database.';
  END IF;
END
$refscan$;

-- user_filter_profile_drives (now filter_user_profile_drives)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_filter_profile_drives' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."user_filter_profile_drives" WITH (security_invoker = true) AS SELECT * FROM "public"."filter_user_profile_drives";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."filter_user_profile_drives"'::regclass;
      dst := '"public"."user_filter_profile_drives"'::regclass;
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
    COMMENT ON VIEW "public"."user_filter_profile_drives" IS 'refscan compatibility view: public.user_filter_profile_drives was renamed to public.filter_user_profile_drives in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'filter_user_profile_drives' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'user_filter_profile_drives' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'user_filter_profile_drives');
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
                 r.nspname, r.proname, 'public', 'filter_user_profile_drives'));
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
      WHERE schema_name = 'public' AND old_name = 'user_filter_profile_drives' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- user_filter_profiles (now filter_user_profiles)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_filter_profiles' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."user_filter_profiles" WITH (security_invoker = true) AS SELECT * FROM "public"."filter_user_profiles";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."filter_user_profiles"'::regclass;
      dst := '"public"."user_filter_profiles"'::regclass;
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
    COMMENT ON VIEW "public"."user_filter_profiles" IS 'refscan compatibility view: public.user_filter_profiles was renamed to public.filter_user_profiles in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'filter_user_profiles' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'user_filter_profiles' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'user_filter_profiles');
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
                 r.nspname, r.proname, 'public', 'filter_user_profiles'));
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
      WHERE schema_name = 'public' AND old_name = 'user_filter_profiles' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- mime_types (now sys_mime_types)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'mime_types' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."mime_types" WITH (security_invoker = true) AS SELECT * FROM "public"."sys_mime_types";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."sys_mime_types"'::regclass;
      dst := '"public"."mime_types"'::regclass;
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
    COMMENT ON VIEW "public"."mime_types" IS 'refscan compatibility view: public.mime_types was renamed to public.sys_mime_types in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'sys_mime_types' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'mime_types' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'mime_types');
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
                 r.nspname, r.proname, 'public', 'sys_mime_types'));
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
      WHERE schema_name = 'public' AND old_name = 'mime_types' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- asset_types (now sys_asset_types)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'asset_types' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."asset_types" WITH (security_invoker = true) AS SELECT * FROM "public"."sys_asset_types";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."sys_asset_types"'::regclass;
      dst := '"public"."asset_types"'::regclass;
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
    COMMENT ON VIEW "public"."asset_types" IS 'refscan compatibility view: public.asset_types was renamed to public.sys_asset_types in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'sys_asset_types' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'asset_types' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'asset_types');
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
                 r.nspname, r.proname, 'public', 'sys_asset_types'));
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
      WHERE schema_name = 'public' AND old_name = 'asset_types' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- app_pages (now sys_app_pages)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'app_pages' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."app_pages" WITH (security_invoker = true) AS SELECT * FROM "public"."sys_app_pages";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."sys_app_pages"'::regclass;
      dst := '"public"."app_pages"'::regclass;
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
    COMMENT ON VIEW "public"."app_pages" IS 'refscan compatibility view: public.app_pages was renamed to public.sys_app_pages in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'sys_app_pages' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'app_pages' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'app_pages');
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
                 r.nspname, r.proname, 'public', 'sys_app_pages'));
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
      WHERE schema_name = 'public' AND old_name = 'app_pages' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- domains (now sys_domains)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'domains' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."domains" WITH (security_invoker = true) AS SELECT * FROM "public"."sys_domains";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."sys_domains"'::regclass;
      dst := '"public"."domains"'::regclass;
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
    COMMENT ON VIEW "public"."domains" IS 'refscan compatibility view: public.domains was renamed to public.sys_domains in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'sys_domains' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'domains' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'domains');
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
                 r.nspname, r.proname, 'public', 'sys_domains'));
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
      WHERE schema_name = 'public' AND old_name = 'domains' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- sql_query_history (now sys_sql_query_history)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sql_query_history' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."sql_query_history" WITH (security_invoker = true) AS SELECT * FROM "public"."sys_sql_query_history";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."sys_sql_query_history"'::regclass;
      dst := '"public"."sql_query_history"'::regclass;
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
    COMMENT ON VIEW "public"."sql_query_history" IS 'refscan compatibility view: public.sql_query_history was renamed to public.sys_sql_query_history in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'sys_sql_query_history' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'sql_query_history' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'sql_query_history');
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
                 r.nspname, r.proname, 'public', 'sys_sql_query_history'));
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
      WHERE schema_name = 'public' AND old_name = 'sql_query_history' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- function_relationships (now sys_function_relationships)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'function_relationships' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."function_relationships" WITH (security_invoker = true) AS SELECT * FROM "public"."sys_function_relationships";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."sys_function_relationships"'::regclass;
      dst := '"public"."function_relationships"'::regclass;
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
    COMMENT ON VIEW "public"."function_relationships" IS 'refscan compatibility view: public.function_relationships was renamed to public.sys_function_relationships in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'sys_function_relationships' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'function_relationships' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'function_relationships');
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
                 r.nspname, r.proname, 'public', 'sys_function_relationships'));
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
      WHERE schema_name = 'public' AND old_name = 'function_relationships' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- function_registry (now sys_function_registry)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'function_registry' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."function_registry" WITH (security_invoker = true) AS SELECT * FROM "public"."sys_function_registry";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."sys_function_registry"'::regclass;
      dst := '"public"."function_registry"'::regclass;
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
    COMMENT ON VIEW "public"."function_registry" IS 'refscan compatibility view: public.function_registry was renamed to public.sys_function_registry in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'sys_function_registry' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'function_registry' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'function_registry');
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
                 r.nspname, r.proname, 'public', 'sys_function_registry'));
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
      WHERE schema_name = 'public' AND old_name = 'function_registry' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- table_classifications (now batch_table_classifications)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'table_classifications' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."table_classifications" WITH (security_invoker = true) AS SELECT * FROM "public"."batch_table_classifications";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."batch_table_classifications"'::regclass;
      dst := '"public"."table_classifications"'::regclass;
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
    COMMENT ON VIEW "public"."table_classifications" IS 'refscan compatibility view: public.table_classifications was renamed to public.batch_table_classifications in phase 4. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'batch_table_classifications' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'table_classifications' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'table_classifications');
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
                 r.nspname, r.proname, 'public', 'batch_table_classifications'));
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
      WHERE schema_name = 'public' AND old_name = 'table_classifications' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- processing_batches (now batch_processing)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'processing_batches' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."processing_batches" WITH (security_invoker = true) AS SELECT * FROM "public"."batch_processing";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."batch_processing"'::regclass;
      dst := '"public"."processing_batches"'::regclass;
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
    COMMENT ON VIEW "public"."processing_batches" IS 'refscan compatibility view: public.processing_batches was renamed to public.batch_processing in phase 4. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'batch_processing' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'processing_batches' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'processing_batches');
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
                 r.nspname, r.proname, 'public', 'batch_processing'));
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
      WHERE schema_name = 'public' AND old_name = 'processing_batches' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- subject_classifications (now learn_subject_classifications)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'subject_classifications' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."subject_classifications" WITH (security_invoker = true) AS SELECT * FROM "public"."learn_subject_classifications";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."learn_subject_classifications"'::regclass;
      dst := '"public"."subject_classifications"'::regclass;
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
    COMMENT ON VIEW "public"."subject_classifications" IS 'refscan compatibility view: public.subject_classifications was renamed to public.learn_subject_classifications in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'learn_subject_classifications' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'subject_classifications' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'subject_classifications');
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
                 r.nspname, r.proname, 'public', 'learn_subject_classifications'));
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
      WHERE schema_name = 'public' AND old_name = 'subject_classifications' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- user_learning_analytics (now learn_user_analytics)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_learning_analytics' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."user_learning_analytics" WITH (security_invoker = true) AS SELECT * FROM "public"."learn_user_analytics";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."learn_user_analytics"'::regclass;
      dst := '"public"."user_learning_analytics"'::regclass;
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
    COMMENT ON VIEW "public"."user_learning_analytics" IS 'refscan compatibility view: public.user_learning_analytics was renamed to public.learn_user_analytics in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'learn_user_analytics' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'user_learning_analytics' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'user_learning_analytics');
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
                 r.nspname, r.proname, 'public', 'learn_user_analytics'));
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
      WHERE schema_name = 'public' AND old_name = 'user_learning_analytics' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- user_content_scores (now learn_user_scores)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_content_scores' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."user_content_scores" WITH (security_invoker = true) AS SELECT * FROM "public"."learn_user_scores";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."learn_user_scores"'::regclass;
      dst := '"public"."user_content_scores"'::regclass;
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
    COMMENT ON VIEW "public"."user_content_scores" IS 'refscan compatibility view: public.user_content_scores was renamed to public.learn_user_scores in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'learn_user_scores' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'user_content_scores' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'user_content_scores');
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
                 r.nspname, r.proname, 'public', 'learn_user_scores'));
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
      WHERE schema_name = 'public' AND old_name = 'user_content_scores' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- user_subject_interests (now learn_user_interests)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_subject_interests' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."user_subject_interests" WITH (security_invoker = true) AS SELECT * FROM "public"."learn_user_interests";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."learn_user_interests"'::regclass;
      dst := '"public"."user_subject_interests"'::regclass;
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
    COMMENT ON VIEW "public"."user_subject_interests" IS 'refscan compatibility view: public.user_subject_interests was renamed to public.learn_user_interests in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'learn_user_interests' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'user_subject_interests' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'user_subject_interests');
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
                 r.nspname, r.proname, 'public', 'learn_user_interests'));
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
      WHERE schema_name = 'public' AND old_name = 'user_subject_interests' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- learning_topics (now learn_topics)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'learning_topics' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."learning_topics" WITH (security_invoker = true) AS SELECT * FROM "public"."learn_topics";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."learn_topics"'::regclass;
      dst := '"public"."learning_topics"'::regclass;
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
    COMMENT ON VIEW "public"."learning_topics" IS 'refscan compatibility view: public.learning_topics was renamed to public.learn_topics in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'learn_topics' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'learning_topics' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'learning_topics');
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
                 r.nspname, r.proname, 'public', 'learn_topics'));
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
      WHERE schema_name = 'public' AND old_name = 'learning_topics' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- prompt_template_associations (now ai_prompt_template_associations)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_template_associations' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."prompt_template_associations" WITH (security_invoker = true) AS SELECT * FROM "public"."ai_prompt_template_associations";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."ai_prompt_template_associations"'::regclass;
      dst := '"public"."prompt_template_associations"'::regclass;
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
    COMMENT ON VIEW "public"."prompt_template_associations" IS 'refscan compatibility view: public.prompt_template_associations was renamed to public.ai_prompt_template_associations in phase 4. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'ai_prompt_template_associations' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'prompt_template_associations' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'prompt_template_associations');
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
                 r.nspname, r.proname, 'public', 'ai_prompt_template_associations'));
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
      WHERE schema_name = 'public' AND old_name = 'prompt_template_associations' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- prompt_relationships (now ai_prompt_relationships)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_relationships' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."prompt_relationships" WITH (security_invoker = true) AS SELECT * FROM "public"."ai_prompt_relationships";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."ai_prompt_relationships"'::regclass;
      dst := '"public"."prompt_relationships"'::regclass;
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
    COMMENT ON VIEW "public"."prompt_relationships" IS 'refscan compatibility view: public.prompt_relationships was renamed to public.ai_prompt_relationships in phase 4. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'ai_prompt_relationships' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'prompt_relationships' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'prompt_relationships');
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
                 r.nspname, r.proname, 'public', 'ai_prompt_relationships'));
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
      WHERE schema_name = 'public' AND old_name = 'prompt_relationships' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- prompt_output_templates (now ai_prompt_output_templates)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_output_templates' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."prompt_output_templates" WITH (security_invoker = true) AS SELECT * FROM "public"."ai_prompt_output_templates";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."ai_prompt_output_templates"'::regclass;
      dst := '"public"."prompt_output_templates"'::regclass;
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
    COMMENT ON VIEW "public"."prompt_output_templates" IS 'refscan compatibility view: public.prompt_output_templates was renamed to public.ai_prompt_output_templates in phase 4. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'ai_prompt_output_templates' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'prompt_output_templates' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'prompt_output_templates');
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
                 r.nspname, r.proname, 'public', 'ai_prompt_output_templates'));
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
      WHERE schema_name = 'public' AND old_name = 'prompt_output_templates' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- prompt_categories (now ai_prompt_categories)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_categories' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."prompt_categories" WITH (security_invoker = true) AS SELECT * FROM "public"."ai_prompt_categories";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."ai_prompt_categories"'::regclass;
      dst := '"public"."prompt_categories"'::regclass;
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
    COMMENT ON VIEW "public"."prompt_categories" IS 'refscan compatibility view: public.prompt_categories was renamed to public.ai_prompt_categories in phase 4. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'ai_prompt_categories' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'prompt_categories' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'prompt_categories');
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
                 r.nspname, r.proname, 'public', 'ai_prompt_categories'));
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
      WHERE schema_name = 'public' AND old_name = 'prompt_categories' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- prompts (now ai_prompts)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompts' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."prompts" WITH (security_invoker = true) AS SELECT * FROM "public"."ai_prompts";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."ai_prompts"'::regclass;
      dst := '"public"."prompts"'::regclass;
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
    COMMENT ON VIEW "public"."prompts" IS 'refscan compatibility view: public.prompts was renamed to public.ai_prompts in phase 4. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'ai_prompts' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'prompts' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'prompts');
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
                 r.nspname, r.proname, 'public', 'ai_prompts'));
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
      WHERE schema_name = 'public' AND old_name = 'prompts' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- cli_command_tracking (now command_tracking)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'cli_command_tracking' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."cli_command_tracking" WITH (security_invoker = true) AS SELECT * FROM "public"."command_tracking";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."command_tracking"'::regclass;
      dst := '"public"."cli_command_tracking"'::regclass;
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
    COMMENT ON VIEW "public"."cli_command_tracking" IS 'refscan compatibility view: public.cli_command_tracking was renamed to public.command_tracking in phase 3. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'command_tracking' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'cli_command_tracking' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'cli_command_tracking');
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
                 r.nspname, r.proname, 'public', 'command_tracking'));
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
      WHERE schema_name = 'public' AND old_name = 'cli_command_tracking' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- scripts (now script_registry)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'scripts' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."scripts" WITH (security_invoker = true) AS SELECT * FROM "public"."script_registry";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."script_registry"'::regclass;
      dst := '"public"."scripts"'::regclass;
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
    COMMENT ON VIEW "public"."scripts" IS 'refscan compatibility view: public.scripts was renamed to public.script_registry in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'script_registry' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'scripts' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'scripts');
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
                 r.nspname, r.proname, 'public', 'script_registry'));
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
      WHERE schema_name = 'public' AND old_name = 'scripts' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- presentation_assets (now media_presentation_assets)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'presentation_assets' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."presentation_assets" WITH (security_invoker = true) AS SELECT * FROM "public"."media_presentation_assets";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."media_presentation_assets"'::regclass;
      dst := '"public"."presentation_assets"'::regclass;
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
    COMMENT ON VIEW "public"."presentation_assets" IS 'refscan compatibility view: public.presentation_assets was renamed to public.media_presentation_assets in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'media_presentation_assets' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'presentation_assets' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'presentation_assets');
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
                 r.nspname, r.proname, 'public', 'media_presentation_assets'));
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
      WHERE schema_name = 'public' AND old_name = 'presentation_assets' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- presentations (now media_presentations)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'presentations' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."presentations" WITH (security_invoker = true) AS SELECT * FROM "public"."media_presentations";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."media_presentations"'::regclass;
      dst := '"public"."presentations"'::regclass;
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
    COMMENT ON VIEW "public"."presentations" IS 'refscan compatibility view: public.presentations was renamed to public.media_presentations in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'media_presentations' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'presentations' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'presentations');
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
                 r.nspname, r.proname, 'public', 'media_presentations'));
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
      WHERE schema_name = 'public' AND old_name = 'presentations' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- emails (now email_messages)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'emails' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."emails" WITH (security_invoker = true) AS SELECT * FROM "public"."email_messages";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."email_messages"'::regclass;
      dst := '"public"."emails"'::regclass;
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
    COMMENT ON VIEW "public"."emails" IS 'refscan compatibility view: public.emails was renamed to public.email_messages in phase 6. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'email_messages' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'emails' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'emails');
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
                 r.nspname, r.proname, 'public', 'email_messages'));
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
      WHERE schema_name = 'public' AND old_name = 'emails' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- sources (now google_sources_legacy)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sources' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."sources" WITH (security_invoker = true) AS SELECT * FROM "public"."google_sources_legacy";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."google_sources_legacy"'::regclass;
      dst := '"public"."sources"'::regclass;
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
    COMMENT ON VIEW "public"."sources" IS 'refscan compatibility view: public.sources was renamed to public.google_sources_legacy in phase 5c. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'google_sources_legacy' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'sources' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'sources');
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
                 r.nspname, r.proname, 'public', 'google_sources_legacy'));
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
      WHERE schema_name = 'public' AND old_name = 'sources' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- sync_statistics (now google_sync_statistics)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sync_statistics' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."sync_statistics" WITH (security_invoker = true) AS SELECT * FROM "public"."google_sync_statistics";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."google_sync_statistics"'::regclass;
      dst := '"public"."sync_statistics"'::regclass;
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
    COMMENT ON VIEW "public"."sync_statistics" IS 'refscan compatibility view: public.sync_statistics was renamed to public.google_sync_statistics in phase 5c. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'google_sync_statistics' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'sync_statistics' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'sync_statistics');
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
                 r.nspname, r.proname, 'public', 'google_sync_statistics'));
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
      WHERE schema_name = 'public' AND old_name = 'sync_statistics' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- sync_history (now google_sync_history)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sync_history' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."sync_history" WITH (security_invoker = true) AS SELECT * FROM "public"."google_sync_history";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."google_sync_history"'::regclass;
      dst := '"public"."sync_history"'::regclass;
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
    COMMENT ON VIEW "public"."sync_history" IS 'refscan compatibility view: public.sync_history was renamed to public.google_sync_history in phase 5c. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'google_sync_history' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'sync_history' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'sync_history');
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
                 r.nspname, r.proname, 'public', 'google_sync_history'));
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
      WHERE schema_name = 'public' AND old_name = 'sync_history' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- sources_google_experts (now google_sources_experts)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sources_google_experts' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."sources_google_experts" WITH (security_invoker = true) AS SELECT * FROM "public"."google_sources_experts";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."google_sources_experts"'::regclass;
      dst := '"public"."sources_google_experts"'::regclass;
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
    COMMENT ON VIEW "public"."sources_google_experts" IS 'refscan compatibility view: public.sources_google_experts was renamed to public.google_sources_experts in phase 5c. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'google_sources_experts' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'sources_google_experts' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'sources_google_experts');
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
                 r.nspname, r.proname, 'public', 'google_sources_experts'));
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
      WHERE schema_name = 'public' AND old_name = 'sources_google_experts' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- sources_google (now google_sources)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sources_google' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."sources_google" WITH (security_invoker = true) AS SELECT * FROM "public"."google_sources";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."google_sources"'::regclass;
      dst := '"public"."sources_google"'::regclass;
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
    COMMENT ON VIEW "public"."sources_google" IS 'refscan compatibility view: public.sources_google was renamed to public.google_sources in phase 5c. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'google_sources' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'sources_google' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'sources_google');
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
                 r.nspname, r.proname, 'public', 'google_sources'));
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
      WHERE schema_name = 'public' AND old_name = 'sources_google' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- citation_expert_aliases (now expert_citation_aliases)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'citation_expert_aliases' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."citation_expert_aliases" WITH (security_invoker = true) AS SELECT * FROM "public"."expert_citation_aliases";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."expert_citation_aliases"'::regclass;
      dst := '"public"."citation_expert_aliases"'::regclass;
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
    COMMENT ON VIEW "public"."citation_expert_aliases" IS 'refscan compatibility view: public.citation_expert_aliases was renamed to public.expert_citation_aliases in phase 5b. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'expert_citation_aliases' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'citation_expert_aliases' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'citation_expert_aliases');
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
                 r.nspname, r.proname, 'public', 'expert_citation_aliases'));
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
      WHERE schema_name = 'public' AND old_name = 'citation_expert_aliases' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- experts (now expert_profiles)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'experts' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."experts" WITH (security_invoker = true) AS SELECT * FROM "public"."expert_profiles";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."expert_profiles"'::regclass;
      dst := '"public"."experts"'::regclass;
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
    COMMENT ON VIEW "public"."experts" IS 'refscan compatibility view: public.experts was renamed to public.expert_profiles in phase 5b. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'expert_profiles' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'experts' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'experts');
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
                 r.nspname, r.proname, 'public', 'expert_profiles'));
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
      WHERE schema_name = 'public' AND old_name = 'experts' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- documentation_sections (now doc_sections)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_sections' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."documentation_sections" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_sections";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_sections"'::regclass;
      dst := '"public"."documentation_sections"'::regclass;
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
    COMMENT ON VIEW "public"."documentation_sections" IS 'refscan compatibility view: public.documentation_sections was renamed to public.doc_sections in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_sections' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'documentation_sections' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'documentation_sections');
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
                 r.nspname, r.proname, 'public', 'doc_sections'));
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
      WHERE schema_name = 'public' AND old_name = 'documentation_sections' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- documentation_processing_queue (now doc_processing_queue)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_processing_queue' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."documentation_processing_queue" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_processing_queue";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_processing_queue"'::regclass;
      dst := '"public"."documentation_processing_queue"'::regclass;
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
    COMMENT ON VIEW "public"."documentation_processing_queue" IS 'refscan compatibility view: public.documentation_processing_queue was renamed to public.doc_processing_queue in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_processing_queue' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'documentation_processing_queue' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'documentation_processing_queue');
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
                 r.nspname, r.proname, 'public', 'doc_processing_queue'));
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
      WHERE schema_name = 'public' AND old_name = 'documentation_processing_queue' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- documentation_files_missing_doc_ids (now doc_files_missing_ids)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_files_missing_doc_ids' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."documentation_files_missing_doc_ids" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_files_missing_ids";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_files_missing_ids"'::regclass;
      dst := '"public"."documentation_files_missing_doc_ids"'::regclass;
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
    COMMENT ON VIEW "public"."documentation_files_missing_doc_ids" IS 'refscan compatibility view: public.documentation_files_missing_doc_ids was renamed to public.doc_files_missing_ids in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_files_missing_ids' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'documentation_files_missing_doc_ids' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'documentation_files_missing_doc_ids');
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
                 r.nspname, r.proname, 'public', 'doc_files_missing_ids'));
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
      WHERE schema_name = 'public' AND old_name = 'documentation_files_missing_doc_ids' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- documentation_files (now doc_files)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_files' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."documentation_files" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_files";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_files"'::regclass;
      dst := '"public"."documentation_files"'::regclass;
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
    COMMENT ON VIEW "public"."documentation_files" IS 'refscan compatibility view: public.documentation_files was renamed to public.doc_files in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_files' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'documentation_files' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'documentation_files');
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
                 r.nspname, r.proname, 'public', 'doc_files'));
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
      WHERE schema_name = 'public' AND old_name = 'documentation_files' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- document_concepts (now doc_concepts)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_concepts' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."document_concepts" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_concepts";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_concepts"'::regclass;
      dst := '"public"."document_concepts"'::regclass;
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
    COMMENT ON VIEW "public"."document_concepts" IS 'refscan compatibility view: public.document_concepts was renamed to public.doc_concepts in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_concepts' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'document_concepts' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'document_concepts');
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
                 r.nspname, r.proname, 'public', 'doc_concepts'));
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
      WHERE schema_name = 'public' AND old_name = 'document_concepts' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- document_type_aliases (now doc_type_aliases)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_type_aliases' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."document_type_aliases" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_type_aliases";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_type_aliases"'::regclass;
      dst := '"public"."document_type_aliases"'::regclass;
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
    COMMENT ON VIEW "public"."document_type_aliases" IS 'refscan compatibility view: public.document_type_aliases was renamed to public.doc_type_aliases in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_type_aliases' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'document_type_aliases' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'document_type_aliases');
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
                 r.nspname, r.proname, 'public', 'doc_type_aliases'));
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
      WHERE schema_name = 'public' AND old_name = 'document_type_aliases' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- document_types_original (now doc_types_original)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_types_original' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."document_types_original" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_types_original";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_types_original"'::regclass;
      dst := '"public"."document_types_original"'::regclass;
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
    COMMENT ON VIEW "public"."document_types_original" IS 'refscan compatibility view: public.document_types_original was renamed to public.doc_types_original in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_types_original' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'document_types_original' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'document_types_original');
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
                 r.nspname, r.proname, 'public', 'doc_types_original'));
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
      WHERE schema_name = 'public' AND old_name = 'document_types_original' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- document_types (now doc_types)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_types' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."document_types" WITH (security_invoker = true) AS SELECT * FROM "public"."doc_types";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."doc_types"'::regclass;
      dst := '"public"."document_types"'::regclass;
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
    COMMENT ON VIEW "public"."document_types" IS 'refscan compatibility view: public.document_types was renamed to public.doc_types in phase 5a. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'doc_types' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'document_types' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'document_types');
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
                 r.nspname, r.proname, 'public', 'doc_types'));
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
      WHERE schema_name = 'public' AND old_name = 'document_types' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- cli_auth_tokens (now auth_cli_tokens)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'cli_auth_tokens' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."cli_auth_tokens" WITH (security_invoker = true) AS SELECT * FROM "public"."auth_cli_tokens";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."auth_cli_tokens"'::regclass;
      dst := '"public"."cli_auth_tokens"'::regclass;
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
    COMMENT ON VIEW "public"."cli_auth_tokens" IS 'refscan compatibility view: public.cli_auth_tokens was renamed to public.auth_cli_tokens in phase 5d. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'auth_cli_tokens' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'cli_auth_tokens' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'cli_auth_tokens');
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
                 r.nspname, r.proname, 'public', 'auth_cli_tokens'));
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
      WHERE schema_name = 'public' AND old_name = 'cli_auth_tokens' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- user_profiles_v2 (now auth_user_profiles)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_profiles_v2' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."user_profiles_v2" WITH (security_invoker = true) AS SELECT * FROM "public"."auth_user_profiles";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."auth_user_profiles"'::regclass;
      dst := '"public"."user_profiles_v2"'::regclass;
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
    COMMENT ON VIEW "public"."user_profiles_v2" IS 'refscan compatibility view: public.user_profiles_v2 was renamed to public.auth_user_profiles in phase 5d. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'auth_user_profiles' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'user_profiles_v2' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'user_profiles_v2');
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
                 r.nspname, r.proname, 'public', 'auth_user_profiles'));
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
      WHERE schema_name = 'public' AND old_name = 'user_profiles_v2' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

-- allowed_emails (now auth_allowed_emails)
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'allowed_emails' AND status = 'cleaned' AND compat_view) THEN
    CREATE VIEW "public"."allowed_emails" WITH (security_invoker = true) AS SELECT * FROM "public"."auth_allowed_emails";
    DECLARE
      src regclass;
      dst regclass;
      own oid;
      r record;
    BEGIN
      src := '"public"."auth_allowed_emails"'::regclass;
      dst := '"public"."allowed_emails"'::regclass;
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
    COMMENT ON VIEW "public"."allowed_emails" IS 'refscan compatibility view: public.allowed_emails was renamed to public.auth_allowed_emails in phase 5d. Drop it with refscan migrate cleanup once no code uses the old name.';
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
      SELECT reltype INTO ttype FROM pg_class WHERE relname = 'auth_allowed_emails' AND relnamespace = '"public"'::regnamespace AND relkind IN ('r', 'p');
      SELECT reltype INTO vtype FROM pg_class WHERE relname = 'allowed_emails' AND relnamespace = '"public"'::regnamespace AND relkind = 'v';
      over := format('%I.%I', 'public', 'allowed_emails');
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
                 r.nspname, r.proname, 'public', 'auth_allowed_emails'));
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
      WHERE schema_name = 'public' AND old_name = 'allowed_emails' AND status <> 'rolled_back';
    END;
  END IF;
END
$refscan$;

UPDATE "public"."sys_table_migrations" SET status = 'migrated', cleaned_at = NULL,
    history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'cleanup_rolled_back', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
WHERE schema_name = 'public' AND status = 'cleaned' AND old_name = ANY (ARRAY['allowed_emails', 'user_profiles_v2', 'cli_auth_tokens', 'document_types', 'document_types_original', 'document_type_aliases', 'document_concepts', 'documentation_files', 'documentation_files_missing_doc_ids', 'documentation_processing_queue', 'documentation_sections', 'experts', 'citation_expert_aliases', 'sources_google', 'sources_google_experts', 'sync_history', 'sync_statistics', 'sources', 'emails', 'presentations', 'presentation_assets', 'scripts', 'cli_command_tracking', 'prompts', 'prompt_categories', 'prompt_output_templates', 'prompt_relationships', 'prompt_template_associations', 'learning_topics', 'user_subject_interests', 'user_content_scores', 'user_learning_analytics', 'subject_classifications', 'processing_batches', 'table_classifications', 'function_registry', 'function_relationships', 'sql_query_history', 'domains', 'app_pages', 'asset_types', 'mime_types', 'user_filter_profiles', 'user_filter_profile_drives']::text[]);

-- PostgREST reloads its schema cache when the transaction commits.
NOTIFY pgrst, 'reload schema';
