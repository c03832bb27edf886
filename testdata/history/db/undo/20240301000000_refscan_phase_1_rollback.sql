-- refscan migrate: rollback of phase 1, App tables
-- Plan: history fixture, schema public
-- Renames 2 tables back and drops their compatibility views; the exact reverse of the phase.
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
  FOR r IN SELECT n.name FROM unnest(ARRAY['notes', 'experts']::text[]) AS n(name)
      WHERE NOT EXISTS (SELECT 1 FROM "public"."sys_table_migrations" m WHERE m.schema_name = 'public' AND m.old_name = n.name
                        AND m.phase = '1' AND m.status <> 'rolled_back') LOOP
    RAISE EXCEPTION 'refscan: phase 1 is not applied: public.% has no active move in sys_table_migrations', r.name USING HINT = 'refscan migrate status shows which phases are applied.';
  END LOOP;
END
$refscan$;

-- Every view and table of the phase first, each view before its table as queries on the old names take them, so that a lock timeout names the busy one and no reader deadlocks with the rollback.
DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass('"public"."experts"') AND relkind = 'v') THEN
    LOCK TABLE "public"."experts" IN ACCESS EXCLUSIVE MODE;
  END IF;
END
$refscan$;

LOCK TABLE "public"."app_experts" IN ACCESS EXCLUSIVE MODE;

DO $refscan$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass('"public"."notes"') AND relkind = 'v') THEN
    LOCK TABLE "public"."notes" IN ACCESS EXCLUSIVE MODE;
  END IF;
END
$refscan$;

LOCK TABLE "public"."app_notes" IN ACCESS EXCLUSIVE MODE;

-- Dependents the phase renamed (recorded in sys_table_migrations) get their names back, last renamed first.
DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT m.new_name AS tbl, e.item ->> 'kind' AS kind, e.item ->> 'schema' AS schema,
                  e.item ->> 'old' AS old, e.item ->> 'new' AS new
      FROM "public"."sys_table_migrations" m, jsonb_array_elements(COALESCE(m.dependencies -> 'renamed', '[]'::jsonb)) WITH ORDINALITY AS e(item, ord)
      WHERE m.schema_name = 'public' AND m.phase = '1' AND m.status <> 'rolled_back' AND m.old_name = ANY (ARRAY['notes', 'experts']::text[])
      ORDER BY array_position(ARRAY['notes', 'experts']::text[], m.old_name) DESC, e.ord DESC LOOP
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
     WHERE m.status <> 'rolled_back' AND m.schema_name = 'public' AND m.phase = '1' AND m.old_name = ANY (ARRAY['notes', 'experts']::text[]) LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %I.%I(%s)', r.schema, r.name, r.over);
  END LOOP;
END
$refscan$;

UPDATE "public"."sys_table_migrations" SET status = 'rolled_back', rolled_back_at = now(),
    history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('event', 'rolled_back', 'phase', '1', 'at', (now() AT TIME ZONE 'UTC'), 'by', current_user::text,
        'session_user', NULLIF(session_user::text, current_user::text), 'client', COALESCE(host(inet_client_addr()), 'local'),
        'application', NULLIF(current_setting('application_name'), ''))))
WHERE schema_name = 'public' AND phase = '1' AND status <> 'rolled_back'
  AND old_name = ANY (ARRAY['notes', 'experts']::text[]);

DROP VIEW IF EXISTS "public"."experts";

DROP VIEW IF EXISTS "public"."notes";

-- Renames back, in reverse order.
ALTER TABLE "public"."app_experts" RENAME TO "experts";

ALTER TABLE "public"."app_notes" RENAME TO "notes";

-- PostgREST reloads its schema cache when the transaction commits.
NOTIFY pgrst, 'reload schema';
