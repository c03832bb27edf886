-- The tables of the bundled plan (rules/dhg.toml) that carry more than columns: phase 2's
-- system tables with a serial sequence, FKs between renamed tables, RLS with auth.uid(), a
-- trigger, column grants, a view and a plpgsql function naming a table; and FKs across phases
-- (5b experts <- 5c sources_google_experts). Run after supabase_base.sql; the tests create the
-- plan's other tables from the rules.

CREATE TABLE mime_types (
  id serial PRIMARY KEY,
  mime text NOT NULL UNIQUE,
  label text
);
INSERT INTO mime_types (mime, label) VALUES
  ('application/pdf', 'PDF'), ('text/markdown', 'Markdown'), ('audio/mpeg', NULL);

CREATE TABLE asset_types (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  mime_type_id int NOT NULL REFERENCES mime_types (id)
);
INSERT INTO asset_types (name, mime_type_id) VALUES ('slides', 1), ('notes', 2), ('podcast', 3);
-- anon reads names only; the other roles keep the default ALL.
REVOKE ALL ON asset_types FROM anon;
GRANT SELECT (id, name) ON asset_types TO anon;

CREATE TABLE domains (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL DEFAULT auth.uid(),
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT '2020-01-01 00:00:00+00'
);
ALTER TABLE domains ENABLE ROW LEVEL SECURITY;
CREATE POLICY domains_select_own ON domains FOR SELECT TO authenticated USING (owner_id = auth.uid());
CREATE POLICY domains_write_own ON domains FOR ALL TO authenticated
  USING (owner_id = auth.uid()) WITH CHECK (owner_id = auth.uid());
REVOKE ALL ON domains FROM anon;
INSERT INTO domains (id, owner_id, name) VALUES
  ('10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-00000000000a', 'a.example'),
  ('10000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-00000000000a', 'a2.example'),
  ('10000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-00000000000b', 'b.example');

CREATE TABLE app_pages (
  id bigserial PRIMARY KEY,
  domain_id uuid NOT NULL REFERENCES domains (id) ON DELETE CASCADE,
  path text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT '2020-01-01 00:00:00+00',
  UNIQUE (domain_id, path)
);
CREATE INDEX idx_app_pages_path ON app_pages (path);
ALTER TABLE app_pages ENABLE ROW LEVEL SECURITY;
-- Names domains in its expression: stored by OID, so it follows the rename.
CREATE POLICY app_pages_select_own ON app_pages FOR SELECT TO authenticated
  USING (EXISTS (SELECT 1 FROM domains d WHERE d.id = domain_id AND d.owner_id = auth.uid()));

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := '2021-01-01 00:00:00+00';
  RETURN NEW;
END $$;
CREATE TRIGGER app_pages_touch BEFORE UPDATE ON app_pages
  FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
INSERT INTO app_pages (domain_id, path) VALUES
  ('10000000-0000-0000-0000-000000000001', '/'),
  ('10000000-0000-0000-0000-000000000001', '/about'),
  ('10000000-0000-0000-0000-000000000003', '/');

-- String-bodied: resolves mime_types when it runs (through the view after phase 2).
CREATE FUNCTION count_mime_types() RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT count(*) FROM mime_types);
END $$;

CREATE VIEW domain_page_counts AS
  SELECT d.name, count(p.id) AS pages FROM domains d LEFT JOIN app_pages p ON p.domain_id = d.id
  GROUP BY d.name;

ALTER PUBLICATION supabase_realtime ADD TABLE domains;

CREATE TABLE experts (
  id serial PRIMARY KEY,
  name text NOT NULL
);
INSERT INTO experts (name) VALUES ('Ada'), ('Grace');

CREATE TABLE sources_google (
  id uuid PRIMARY KEY,
  title text NOT NULL
);
INSERT INTO sources_google VALUES ('20000000-0000-0000-0000-000000000001', 'Talk');

CREATE TABLE sources_google_experts (
  id serial PRIMARY KEY,
  source_id uuid NOT NULL REFERENCES sources_google (id),
  expert_id int NOT NULL REFERENCES experts (id)
);
INSERT INTO sources_google_experts (source_id, expert_id) VALUES
  ('20000000-0000-0000-0000-000000000001', 1), ('20000000-0000-0000-0000-000000000001', 2);
