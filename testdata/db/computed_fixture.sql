-- Functions over the row type of `notes` (run after small_fixture.sql): PostgREST computed
-- fields and relationships, and the other ways a signature can use a table's row type.

-- A computed field, as `.from('notes').select('id, note_blurb')` selects it.
CREATE FUNCTION note_blurb(notes) RETURNS text LANGUAGE sql STABLE AS $$ SELECT left($1.body, 5) $$;
COMMENT ON FUNCTION note_blurb(notes) IS 'The first five characters of the body';
REVOKE ALL ON FUNCTION note_blurb(notes) FROM PUBLIC, anon, service_role;
GRANT EXECUTE ON FUNCTION note_blurb(notes) TO authenticated;

-- Security definer with its own search_path; strict.
CREATE FUNCTION note_shout(n notes) RETURNS text LANGUAGE plpgsql STABLE STRICT SECURITY DEFINER
  SET search_path = public, pg_temp AS $$ BEGIN RETURN upper(n.slug); END $$;

-- A computed relationship: set-returning over the row.
CREATE FUNCTION note_siblings(n notes) RETURNS SETOF notes LANGUAGE sql STABLE ROWS 10
  AS $$ SELECT * FROM notes WHERE owner_id = n.owner_id AND id <> n.id $$;

-- Other uses of the row type: no wrapper, reported.
CREATE FUNCTION count_notes(notes[]) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT cardinality($1) $$;
CREATE FUNCTION note_pair(a notes, b notes) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT a.slug || b.slug $$;
CREATE FUNCTION latest_note() RETURNS notes LANGUAGE sql STABLE AS $$ SELECT * FROM notes ORDER BY id DESC LIMIT 1 $$;
CREATE FUNCTION ranked_notes() RETURNS TABLE (n notes, r bigint) LANGUAGE sql STABLE
  AS $$ SELECT x, row_number() OVER (ORDER BY x.id) FROM notes x $$;
