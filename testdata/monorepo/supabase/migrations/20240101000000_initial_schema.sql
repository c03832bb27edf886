-- Initial schema for the DHG knowledge base.
-- Tables: experts, sources_google, documentation_files and the lookups they use.

create extension if not exists "pgcrypto";

create table public.experts (
  id uuid primary key default gen_random_uuid(),
  full_name text not null,
  bio text,
  created_at timestamptz not null default now()
);

comment on table public.experts is 'People whose talks and papers we index; see sources_google_experts.';

create table mime_types (
  mime_type text primary key,
  label text not null
);

create table domains (
  id uuid primary key default gen_random_uuid(),
  name text not null unique
);

create table if not exists sources_google (
  id uuid primary key default gen_random_uuid(),
  drive_id text unique not null,
  name text not null,
  mime_type text,
  parent_folder_id text,
  is_deleted boolean not null default false,
  modified_at timestamptz
);

alter table sources_google add column domain_id uuid references domains (id);

create table sources_google_experts (
  source_id uuid not null references sources_google (id) on delete cascade,
  expert_id uuid not null references public.experts(id) on delete cascade,
  role text not null default 'author',
  primary key (source_id, expert_id)
);

create table document_types (
  id uuid primary key default gen_random_uuid(),
  document_type text not null unique,
  category text
);

create table documentation_files (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  file_path text not null,
  source_id uuid references sources_google(id),
  document_type_id uuid constraint documentation_files_document_type_id_fkey references document_types(id),
  expert_id uuid constraint documentation_files_expert_id_fkey references experts (id),
  created_at timestamptz not null default now()
);

create table documentation_sections (
  id uuid primary key default gen_random_uuid(),
  documentation_file_id uuid not null references documentation_files (id) on delete cascade,
  heading text,
  position integer not null default 0
);

create index idx_documentation_files_source on documentation_files (source_id);
create unique index sources_google_drive_id_idx on only sources_google using btree (drive_id);

-- Legacy import table, superseded by sources_google; "sources" keeps the old CSV imports.
create table Sources (
  id bigserial primary key,
  url text not null,
  imported_at timestamptz default now()
);
