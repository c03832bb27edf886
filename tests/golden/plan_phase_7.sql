-- refscan migrate: phase 7, Cleanup: drop the compatibility views
-- Plan: DHG table prefixes, schema public
-- Drops the compatibility views of migrated tables (44 candidates); the tables keep their new names.
-- refscan migrate cleanup checks code, functions and pg_stat_statements first; this file does not.
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
    RAISE EXCEPTION 'refscan: the tracking table public.sys_table_migrations does not exist' USING HINT = 'Run refscan migrate init and apply a phase first.';
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of allowed_emails go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'allowed_emails' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- allowed_emails (now auth_allowed_emails)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'allowed_emails' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'allowed_emails' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.allowed_emails is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'allowed_emails' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.allowed_emails is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.allowed_emails cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.auth_allowed_emails (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."allowed_emails";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of user_profiles_v2 go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'user_profiles_v2' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- user_profiles_v2 (now auth_user_profiles)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_profiles_v2' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'user_profiles_v2' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.user_profiles_v2 is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'user_profiles_v2' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.user_profiles_v2 is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.user_profiles_v2 cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.auth_user_profiles (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."user_profiles_v2";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of cli_auth_tokens go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'cli_auth_tokens' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- cli_auth_tokens (now auth_cli_tokens)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'cli_auth_tokens' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'cli_auth_tokens' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.cli_auth_tokens is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'cli_auth_tokens' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.cli_auth_tokens is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.cli_auth_tokens cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.auth_cli_tokens (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."cli_auth_tokens";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of document_types go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'document_types' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- document_types (now doc_types)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_types' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'document_types' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.document_types is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'document_types' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.document_types is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.document_types cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_types (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."document_types";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of document_types_original go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'document_types_original' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- document_types_original (now doc_types_original)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_types_original' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'document_types_original' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.document_types_original is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'document_types_original' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.document_types_original is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.document_types_original cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_types_original (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."document_types_original";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of document_type_aliases go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'document_type_aliases' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- document_type_aliases (now doc_type_aliases)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_type_aliases' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'document_type_aliases' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.document_type_aliases is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'document_type_aliases' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.document_type_aliases is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.document_type_aliases cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_type_aliases (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."document_type_aliases";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of document_concepts go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'document_concepts' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- document_concepts (now doc_concepts)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'document_concepts' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'document_concepts' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.document_concepts is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'document_concepts' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.document_concepts is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.document_concepts cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_concepts (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."document_concepts";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of documentation_files go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'documentation_files' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- documentation_files (now doc_files)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_files' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'documentation_files' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.documentation_files is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'documentation_files' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.documentation_files is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.documentation_files cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_files (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."documentation_files";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of documentation_files_missing_doc_ids go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'documentation_files_missing_doc_ids' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- documentation_files_missing_doc_ids (now doc_files_missing_ids)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_files_missing_doc_ids' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'documentation_files_missing_doc_ids' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.documentation_files_missing_doc_ids is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'documentation_files_missing_doc_ids' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.documentation_files_missing_doc_ids is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.documentation_files_missing_doc_ids cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_files_missing_ids (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."documentation_files_missing_doc_ids";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of documentation_processing_queue go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'documentation_processing_queue' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- documentation_processing_queue (now doc_processing_queue)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_processing_queue' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'documentation_processing_queue' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.documentation_processing_queue is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'documentation_processing_queue' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.documentation_processing_queue is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.documentation_processing_queue cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_processing_queue (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."documentation_processing_queue";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of documentation_sections go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'documentation_sections' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- documentation_sections (now doc_sections)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'documentation_sections' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'documentation_sections' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.documentation_sections is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'documentation_sections' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.documentation_sections is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.documentation_sections cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.doc_sections (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."documentation_sections";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of experts go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'experts' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- experts (now expert_profiles)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'experts' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'experts' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.experts is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'experts' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.experts is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.experts cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.expert_profiles (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."experts";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of citation_expert_aliases go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'citation_expert_aliases' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- citation_expert_aliases (now expert_citation_aliases)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'citation_expert_aliases' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'citation_expert_aliases' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.citation_expert_aliases is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'citation_expert_aliases' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.citation_expert_aliases is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.citation_expert_aliases cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.expert_citation_aliases (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."citation_expert_aliases";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of sources_google go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'sources_google' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- sources_google (now google_sources)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sources_google' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'sources_google' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.sources_google is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'sources_google' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.sources_google is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.sources_google cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.google_sources (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."sources_google";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of sources_google_experts go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'sources_google_experts' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- sources_google_experts (now google_sources_experts)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sources_google_experts' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'sources_google_experts' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.sources_google_experts is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'sources_google_experts' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.sources_google_experts is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.sources_google_experts cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.google_sources_experts (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."sources_google_experts";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of sync_history go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'sync_history' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- sync_history (now google_sync_history)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sync_history' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'sync_history' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.sync_history is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'sync_history' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.sync_history is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.sync_history cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.google_sync_history (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."sync_history";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of sync_statistics go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'sync_statistics' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- sync_statistics (now google_sync_statistics)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sync_statistics' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'sync_statistics' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.sync_statistics is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'sync_statistics' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.sync_statistics is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.sync_statistics cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.google_sync_statistics (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."sync_statistics";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of sources go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'sources' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- sources (now google_sources_legacy)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sources' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'sources' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.sources is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'sources' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.sources is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.sources cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.google_sources_legacy (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."sources";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of emails go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'emails' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- emails (now email_messages)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'emails' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'emails' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.emails is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'emails' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.emails is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.emails cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.email_messages (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."emails";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of presentations go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'presentations' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- presentations (now media_presentations)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'presentations' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'presentations' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.presentations is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'presentations' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.presentations is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.presentations cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.media_presentations (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."presentations";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of presentation_assets go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'presentation_assets' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- presentation_assets (now media_presentation_assets)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'presentation_assets' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'presentation_assets' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.presentation_assets is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'presentation_assets' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.presentation_assets is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.presentation_assets cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.media_presentation_assets (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."presentation_assets";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of scripts go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'scripts' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- scripts (now script_registry)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'scripts' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'scripts' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.scripts is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'scripts' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.scripts is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.scripts cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.script_registry (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."scripts";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of cli_command_tracking go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'cli_command_tracking' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- cli_command_tracking (now command_tracking)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'cli_command_tracking' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'cli_command_tracking' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.cli_command_tracking is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'cli_command_tracking' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.cli_command_tracking is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.cli_command_tracking cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.command_tracking (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."cli_command_tracking";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of prompts go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'prompts' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- prompts (now ai_prompts)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompts' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'prompts' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.prompts is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'prompts' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.prompts is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.prompts cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.ai_prompts (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."prompts";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of prompt_categories go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'prompt_categories' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- prompt_categories (now ai_prompt_categories)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_categories' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'prompt_categories' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.prompt_categories is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'prompt_categories' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.prompt_categories is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.prompt_categories cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.ai_prompt_categories (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."prompt_categories";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of prompt_output_templates go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'prompt_output_templates' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- prompt_output_templates (now ai_prompt_output_templates)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_output_templates' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'prompt_output_templates' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.prompt_output_templates is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'prompt_output_templates' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.prompt_output_templates is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.prompt_output_templates cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.ai_prompt_output_templates (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."prompt_output_templates";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of prompt_relationships go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'prompt_relationships' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- prompt_relationships (now ai_prompt_relationships)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_relationships' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'prompt_relationships' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.prompt_relationships is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'prompt_relationships' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.prompt_relationships is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.prompt_relationships cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.ai_prompt_relationships (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."prompt_relationships";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of prompt_template_associations go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'prompt_template_associations' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- prompt_template_associations (now ai_prompt_template_associations)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'prompt_template_associations' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'prompt_template_associations' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.prompt_template_associations is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'prompt_template_associations' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.prompt_template_associations is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.prompt_template_associations cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.ai_prompt_template_associations (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."prompt_template_associations";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of learning_topics go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'learning_topics' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- learning_topics (now learn_topics)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'learning_topics' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'learning_topics' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.learning_topics is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'learning_topics' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.learning_topics is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.learning_topics cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.learn_topics (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."learning_topics";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of user_subject_interests go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'user_subject_interests' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- user_subject_interests (now learn_user_interests)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_subject_interests' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'user_subject_interests' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.user_subject_interests is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'user_subject_interests' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.user_subject_interests is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.user_subject_interests cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.learn_user_interests (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."user_subject_interests";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of user_content_scores go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'user_content_scores' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- user_content_scores (now learn_user_scores)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_content_scores' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'user_content_scores' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.user_content_scores is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'user_content_scores' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.user_content_scores is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.user_content_scores cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.learn_user_scores (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."user_content_scores";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of user_learning_analytics go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'user_learning_analytics' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- user_learning_analytics (now learn_user_analytics)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_learning_analytics' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'user_learning_analytics' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.user_learning_analytics is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'user_learning_analytics' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.user_learning_analytics is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.user_learning_analytics cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.learn_user_analytics (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."user_learning_analytics";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of subject_classifications go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'subject_classifications' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- subject_classifications (now learn_subject_classifications)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'subject_classifications' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'subject_classifications' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.subject_classifications is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'subject_classifications' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.subject_classifications is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.subject_classifications cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.learn_subject_classifications (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."subject_classifications";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of processing_batches go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'processing_batches' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- processing_batches (now batch_processing)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'processing_batches' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'processing_batches' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.processing_batches is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'processing_batches' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.processing_batches is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.processing_batches cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.batch_processing (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."processing_batches";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of table_classifications go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'table_classifications' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- table_classifications (now batch_table_classifications)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'table_classifications' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'table_classifications' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.table_classifications is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'table_classifications' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.table_classifications is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.table_classifications cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.batch_table_classifications (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."table_classifications";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of function_registry go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'function_registry' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- function_registry (now sys_function_registry)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'function_registry' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'function_registry' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.function_registry is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'function_registry' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.function_registry is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.function_registry cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.sys_function_registry (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."function_registry";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of function_relationships go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'function_relationships' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- function_relationships (now sys_function_relationships)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'function_relationships' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'function_relationships' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.function_relationships is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'function_relationships' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.function_relationships is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.function_relationships cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.sys_function_relationships (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."function_relationships";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of sql_query_history go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'sql_query_history' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- sql_query_history (now sys_sql_query_history)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'sql_query_history' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'sql_query_history' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.sql_query_history is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'sql_query_history' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.sql_query_history is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.sql_query_history cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.sys_sql_query_history (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."sql_query_history";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of domains go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'domains' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- domains (now sys_domains)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'domains' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'domains' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.domains is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'domains' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.domains is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.domains cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.sys_domains (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."domains";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of app_pages go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'app_pages' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- app_pages (now sys_app_pages)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'app_pages' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'app_pages' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.app_pages is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'app_pages' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.app_pages is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.app_pages cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.sys_app_pages (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."app_pages";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of asset_types go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'asset_types' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- asset_types (now sys_asset_types)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'asset_types' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'asset_types' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.asset_types is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'asset_types' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.asset_types is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.asset_types cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.sys_asset_types (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."asset_types";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of mime_types go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'mime_types' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- mime_types (now sys_mime_types)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'mime_types' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'mime_types' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.mime_types is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'mime_types' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.mime_types is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.mime_types cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.sys_mime_types (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."mime_types";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of user_filter_profiles go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'user_filter_profiles' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- user_filter_profiles (now filter_user_profiles)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_filter_profiles' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'user_filter_profiles' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.user_filter_profiles is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'user_filter_profiles' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.user_filter_profiles is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.user_filter_profiles cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.filter_user_profiles (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."user_filter_profiles";
    END IF;
  END IF;
END
$refscan$;

-- The wrappers of computed fields over the row type of user_filter_profile_drives go with the view.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT e.item ->> 'schema' AS schema, e.item ->> 'name' AS name, e.item ->> 'over' AS over
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'wrappers', '[]'::jsonb)) AS e(item)
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.old_name = 'user_filter_profile_drives' AND m.status = 'migrated' AND m.compat_view LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

-- user_filter_profile_drives (now filter_user_profile_drives)
DO $refscan$
DECLARE
  rel regclass;
  kind "char";
  deps text;
BEGIN
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND old_name = 'user_filter_profile_drives' AND status = 'migrated' AND compat_view) THEN
    -- By name, not '...'::regclass: the old name stays a plain string here.
    SELECT c.oid, c.relkind INTO rel, kind FROM pg_class c WHERE c.relname = 'user_filter_profile_drives' AND c.relnamespace = '"public"'::regnamespace;
    IF rel IS NULL THEN
      RAISE NOTICE 'refscan: the compatibility view public.user_filter_profile_drives is already gone (dropped outside refscan); skipped';
      UPDATE "public"."sys_table_migrations" SET compat_view = false, notes = concat_ws('; ', notes, 'view gone before cleanup'),
          history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'view_missing', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
      WHERE schema_name = 'public' AND old_name = 'user_filter_profile_drives' AND status = 'migrated';
    ELSIF kind <> 'v' THEN
      RAISE EXCEPTION 'refscan: public.user_filter_profile_drives is a % now (relkind), not the compatibility view; it stays', kind USING HINT = 'Something else took the old name after the rename: rename it away, or leave this table out of the cleanup (--phase).';
    ELSE
      SELECT string_agg(x, '; ' ORDER BY x) INTO deps FROM (
        SELECT DISTINCT CASE
                 WHEN w.rulename = '_RETURN' THEN
                   CASE c.relkind WHEN 'm' THEN 'materialized view ' ELSE 'view ' END || w.ev_class::regclass::text
                 WHEN d.classid = 'pg_proc'::regclass THEN 'function ' || d.objid::regprocedure::text
                 ELSE pg_describe_object(d.classid, d.objid, 0)
               END
          FROM pg_depend d
          LEFT JOIN pg_rewrite w ON d.classid = 'pg_rewrite'::regclass AND w.oid = d.objid
          LEFT JOIN pg_class c ON c.oid = w.ev_class
         WHERE ((d.refclassid = 'pg_class'::regclass AND d.refobjid = rel)
                OR (d.refclassid = 'pg_type'::regclass AND d.refobjid = (SELECT reltype FROM pg_class WHERE oid = rel)))
           AND d.deptype IN ('n', 'a')
           AND d.classid NOT IN ('pg_type'::regclass, 'pg_attrdef'::regclass)
           AND w.ev_class IS DISTINCT FROM rel
           AND NOT (d.classid = 'pg_proc'::regclass AND d.objid = ANY ('{}'::oid[]))
      ) AS q(x);
      IF deps IS NOT NULL THEN
        RAISE EXCEPTION 'refscan: the compatibility view public.user_filter_profile_drives cannot be dropped: % depend on it', deps USING HINT = 'Move each to the new name public.filter_user_profile_drives (CREATE OR REPLACE VIEW, ALTER POLICY or a new policy, CREATE OR REPLACE FUNCTION), then clean up again.';
      END IF;
      DROP VIEW "public"."user_filter_profile_drives";
    END IF;
  END IF;
END
$refscan$;

UPDATE "public"."sys_table_migrations" SET status = 'cleaned', cleaned_at = now(),
    history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'cleaned', 'phase', '7', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
WHERE schema_name = 'public' AND status = 'migrated' AND old_name = ANY (ARRAY['allowed_emails', 'user_profiles_v2', 'cli_auth_tokens', 'document_types', 'document_types_original', 'document_type_aliases', 'document_concepts', 'documentation_files', 'documentation_files_missing_doc_ids', 'documentation_processing_queue', 'documentation_sections', 'experts', 'citation_expert_aliases', 'sources_google', 'sources_google_experts', 'sync_history', 'sync_statistics', 'sources', 'emails', 'presentations', 'presentation_assets', 'scripts', 'cli_command_tracking', 'prompts', 'prompt_categories', 'prompt_output_templates', 'prompt_relationships', 'prompt_template_associations', 'learning_topics', 'user_subject_interests', 'user_content_scores', 'user_learning_analytics', 'subject_classifications', 'processing_batches', 'table_classifications', 'function_registry', 'function_relationships', 'sql_query_history', 'domains', 'app_pages', 'asset_types', 'mime_types', 'user_filter_profiles', 'user_filter_profile_drives']::text[]);

-- PostgREST reloads its schema cache when the transaction commits.
NOTIFY pgrst, 'reload schema';
