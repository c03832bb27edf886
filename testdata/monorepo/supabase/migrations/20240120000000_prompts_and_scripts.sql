-- Prompt library and the script registry that uses it.

create table prompt_categories (
  id uuid primary key default gen_random_uuid(),
  name text not null unique
);

create table prompts (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  content text not null,
  status text not null default 'draft',
  category_id uuid references prompt_categories (id)
);

create table prompt_output_templates (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  template jsonb not null
);

-- Many-to-many between prompts and output templates.
create table prompt_template_associations (
  prompt_id uuid references prompts on delete cascade,
  template_id uuid references prompt_output_templates on delete cascade,
  primary key (prompt_id, template_id)
);

create table scripts (
  id uuid primary key default gen_random_uuid(),
  file_path text not null unique,
  language text not null,
  prompt_id uuid references prompts(id)
);

create table cli_command_tracking (
  id bigserial primary key,
  command_name text not null,
  executed_at timestamptz not null default now(),
  script_id uuid references scripts (id)
);

create index on cli_command_tracking (executed_at desc);

alter table prompts enable row level security;
create policy "Prompts are readable" on prompts for select to authenticated using (true);
grant select on "experts" to anon;
