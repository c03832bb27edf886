-- New tables after the rename: prefixed, except the import scratch table.
create table doc_notes (
  id bigint generated always as identity primary key,
  body text not null
);
create table if not exists "public"."doc_tags" (id int primary key, label text);
create table staging_import (payload jsonb);
create table private.raw_imports (payload jsonb);  -- other schemas are not the plan's
create temp table scratch (i int);
