-- Runs before any rename: DDL on the old names is fine here.
create table notes (id bigint primary key, body text not null default '');
create table labels (id bigint primary key, name text not null);
create index notes_body_idx on notes (body);
alter publication supabase_realtime add table notes;
