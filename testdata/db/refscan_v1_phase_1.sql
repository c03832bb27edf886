-- As an older refscan wrote it, before the tracking table had its history column: the
-- upgrade tests (tests/migrate_tracking.rs) run it to get a tracking table of that shape.
-- refscan migrate: phase 1, Foundation: tracking table sys_table_migrations, type aliases, compatibility layer
-- Plan: DHG table prefixes, schema public
-- Creates the tracking table public.sys_table_migrations (idempotent).

BEGIN;

-- LOCAL: the settings end with the transaction, also behind a transaction pooler.
SET LOCAL lock_timeout = '5s';

SET LOCAL statement_timeout = '1min';

-- Serialises refscan runs: a second run waits here, at most lock_timeout.
SELECT pg_advisory_xact_lock(8243107338746162688);

-- One row per table move; rolled-back rows stay as history.
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
    notes text
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

COMMIT;
