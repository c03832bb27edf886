-- As an older refscan wrote it, before the tracking table had its history column: the
-- upgrade tests (tests/migrate_tracking.rs) run it to get a tracking table of that shape.
-- refscan migrate: phase 2
-- Plan: migrate test plan, schema public
-- Renames 4 tables; a compatibility view keeps each old name working unless noted:
--   t_a -> t_b
--   t_b -> t_c (no view: its old name is taken in this phase)
--   notes -> t_notes
--   c_b -> c_c
-- One transaction; the rollback is the matching _rollback.sql file.

BEGIN;

-- LOCAL: the settings end with the transaction, also behind a transaction pooler.
SET LOCAL lock_timeout = '5s';

SET LOCAL statement_timeout = '1min';

-- Serialises refscan runs: a second run waits here, at most lock_timeout.
SELECT pg_advisory_xact_lock(8243107338746162688);

-- Preflight: tracking table present, phase not applied, every old name a table, every new name free.
DO $refscan$
DECLARE
  r record;
BEGIN
  IF to_regclass('"public"."sys_table_migrations"') IS NULL THEN
    RAISE EXCEPTION 'refscan: the tracking table public.sys_table_migrations does not exist' USING HINT = 'Run refscan migrate init (the setup phase) first.';
  END IF;
  IF EXISTS (SELECT 1 FROM "public"."sys_table_migrations" WHERE schema_name = 'public' AND phase = '2' AND status <> 'rolled_back') THEN
    RAISE EXCEPTION 'refscan: phase 2 is already applied' USING HINT = 'Nothing to do; refscan migrate status shows the state of every table.';
  END IF;
  FOR r IN SELECT n.name, c.relkind FROM unnest(ARRAY['t_a', 't_b', 'notes', 'c_b']::text[]) AS n(name)
      LEFT JOIN pg_class c ON c.relname = n.name AND c.relnamespace = '"public"'::regnamespace LOOP
    IF r.relkind IS NULL THEN
      RAISE EXCEPTION 'refscan: table public.% does not exist', r.name USING HINT = 'Check the rules against the database: was the table renamed or dropped by hand?';
    ELSIF r.relkind NOT IN ('r', 'p') THEN
      RAISE EXCEPTION 'refscan: public.% is not a table (relkind %)', r.name, r.relkind USING HINT = 'Only tables are renamed; if it is a compatibility view, that phase is already applied.';
    END IF;
  END LOOP;
  FOR r IN SELECT n.name FROM unnest(ARRAY['t_c', 't_notes', 'c_c']::text[]) AS n(name)
      WHERE EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = n.name AND c.relnamespace = '"public"'::regnamespace)
         OR EXISTS (SELECT 1 FROM pg_type y WHERE y.typname = n.name AND y.typnamespace = '"public"'::regnamespace) LOOP
    RAISE EXCEPTION 'refscan: the new name public.% is already taken', r.name USING HINT = 'Rename or drop the relation or type that holds the name, or choose another name in the rules.';
  END LOOP;
END
$refscan$;

-- Renames, ordered so that every name is free when a table moves into it.
ALTER TABLE "public"."t_b" RENAME TO "t_c";

ALTER TABLE "public"."t_a" RENAME TO "t_b";

ALTER TABLE "public"."notes" RENAME TO "t_notes";

ALTER TABLE "public"."c_b" RENAME TO "c_c";

-- t_a keeps working as a view on t_b; security_invoker keeps row-level security in force.
CREATE VIEW "public"."t_a" WITH (security_invoker = true) AS SELECT * FROM "public"."t_b";

-- The view gets exactly the privileges of t_b, table and column level, read from the catalog at run time.
DO $refscan$
DECLARE
  src regclass;
  dst regclass;
  own oid;
  r record;
BEGIN
  src := '"public"."t_b"'::regclass;
  dst := '"public"."t_a"'::regclass;
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
END
$refscan$;

COMMENT ON VIEW "public"."t_a" IS 'refscan compatibility view: public.t_a was renamed to public.t_b in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';

-- notes keeps working as a view on t_notes; security_invoker keeps row-level security in force.
CREATE VIEW "public"."notes" WITH (security_invoker = true) AS SELECT * FROM "public"."t_notes";

-- The view gets exactly the privileges of t_notes, table and column level, read from the catalog at run time.
DO $refscan$
DECLARE
  src regclass;
  dst regclass;
  own oid;
  r record;
BEGIN
  src := '"public"."t_notes"'::regclass;
  dst := '"public"."notes"'::regclass;
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
END
$refscan$;

COMMENT ON VIEW "public"."notes" IS 'refscan compatibility view: public.notes was renamed to public.t_notes in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';

-- c_b keeps working as a view on c_c; security_invoker keeps row-level security in force.
CREATE VIEW "public"."c_b" WITH (security_invoker = true) AS SELECT * FROM "public"."c_c";

-- The view gets exactly the privileges of c_c, table and column level, read from the catalog at run time.
DO $refscan$
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
END
$refscan$;

COMMENT ON VIEW "public"."c_b" IS 'refscan compatibility view: public.c_b was renamed to public.c_c in phase 2. Drop it with refscan migrate cleanup once no code uses the old name.';

-- Tracking: t_a -> t_b, with what depends on it.
INSERT INTO "public"."sys_table_migrations" (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes)
SELECT 'public', 't_a', 't_b', 't_', '2', true, (
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
              AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass('"public"."t_a"') ORDER BY 1),
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
              AND p.prosrc ~* E'\\mt_a\\M'
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                              AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
        'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
            OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
            OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
            ORDER BY 1)
    )
    FROM pg_class t WHERE t.oid = '"public"."t_b"'::regclass
), NULL;

-- Tracking: t_b -> t_c, with what depends on it.
INSERT INTO "public"."sys_table_migrations" (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes)
SELECT 'public', 't_b', 't_c', 't_', '2', false, (
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
              AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass('"public"."t_b"') ORDER BY 1),
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
              AND p.prosrc ~* E'\\mt_b\\M'
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                              AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
        'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
            OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
            OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
            ORDER BY 1)
    )
    FROM pg_class t WHERE t.oid = '"public"."t_c"'::regclass
), 'no compatibility view for `t_b`: `t_a` takes the name in the same phase';

-- Tracking: notes -> t_notes, with what depends on it.
INSERT INTO "public"."sys_table_migrations" (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes)
SELECT 'public', 'notes', 't_notes', 't_', '2', true, (
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
              AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass('"public"."notes"') ORDER BY 1),
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
              AND p.prosrc ~* E'\\mnotes\\M'
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                              AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
        'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
            OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
            OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
            ORDER BY 1)
    )
    FROM pg_class t WHERE t.oid = '"public"."t_notes"'::regclass
), NULL;

-- Tracking: c_b -> c_c, with what depends on it.
INSERT INTO "public"."sys_table_migrations" (schema_name, old_name, new_name, group_prefix, phase, compat_view, dependencies, notes)
SELECT 'public', 'c_b', 'c_c', 'c_', '2', true, (
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
              AND w.ev_class <> t.oid AND w.ev_class IS DISTINCT FROM to_regclass('"public"."c_b"') ORDER BY 1),
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
              AND p.prosrc ~* E'\\mc_b\\M'
              AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass
                              AND e.objid = p.oid AND e.deptype = 'e') ORDER BY 1),
        'publications', ARRAY(SELECT b.pubname FROM pg_publication b WHERE b.puballtables
            OR EXISTS (SELECT 1 FROM pg_publication_rel r WHERE r.prpubid = b.oid AND r.prrelid = t.oid)
            OR EXISTS (SELECT 1 FROM pg_publication_namespace s WHERE s.pnpubid = b.oid AND s.pnnspid = t.relnamespace)
            ORDER BY 1)
    )
    FROM pg_class t WHERE t.oid = '"public"."c_c"'::regclass
), NULL;

-- PostgREST reloads its schema cache when the transaction commits.
NOTIFY pgrst, 'reload schema';

COMMIT;
