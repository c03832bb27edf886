-- refscan migrate: phase 1, Foundation: tracking table sys_table_migrations, type aliases, compatibility layer
-- Plan: DHG table prefixes, schema public
-- Creates the tracking table public.sys_table_migrations (idempotent).
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

-- One row per table move, never deleted; history lists what happened to it, when, by whom, from where.
CREATE TABLE IF NOT EXISTS "public"."sys_table_migrations" (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schema_name text NOT NULL DEFAULT 'public',
    old_name text NOT NULL,
    new_name text NOT NULL,
    group_prefix text NOT NULL,
    phase text NOT NULL,
    status text NOT NULL DEFAULT 'migrated'
        CHECK (status IN ('migrated', 'rolled_back', 'cleaned')),
    migrated_at timestamptz NOT NULL DEFAULT now(),
    migrated_by text NOT NULL DEFAULT current_user,
    rolled_back_at timestamptz,
    cleaned_at timestamptz,
    compat_view boolean NOT NULL DEFAULT true,
    dependencies jsonb NOT NULL DEFAULT '{}'::jsonb,
    notes text,
    history jsonb NOT NULL DEFAULT '[]'::jsonb
);

-- A table has at most one active move.
CREATE UNIQUE INDEX IF NOT EXISTS "sys_table_migrations_active_old_name" ON "public"."sys_table_migrations" (schema_name, old_name)
    WHERE status <> 'rolled_back';

CREATE INDEX IF NOT EXISTS "sys_table_migrations_phase_idx" ON "public"."sys_table_migrations" ("phase");

CREATE INDEX IF NOT EXISTS "sys_table_migrations_status_idx" ON "public"."sys_table_migrations" ("status");

CREATE INDEX IF NOT EXISTS "sys_table_migrations_new_name_idx" ON "public"."sys_table_migrations" ("new_name");

-- Not for the API: RLS without policies, and no grants to the API roles.
ALTER TABLE "public"."sys_table_migrations" ENABLE ROW LEVEL SECURITY;

REVOKE ALL ON TABLE "public"."sys_table_migrations" FROM PUBLIC;

DO $refscan$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') ORDER BY 1 LOOP
    EXECUTE format('REVOKE ALL ON TABLE %s FROM %I', '"public"."sys_table_migrations"'::regclass, r.rolname);
    EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %I', pg_get_serial_sequence('"public"."sys_table_migrations"', 'id'), r.rolname);
  END LOOP;
END
$refscan$;

COMMENT ON TABLE "public"."sys_table_migrations" IS 'refscan: one row per table renamed behind a compatibility view (see refscan migrate status)';
