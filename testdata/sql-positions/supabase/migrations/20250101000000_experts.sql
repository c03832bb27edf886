create table if not exists public.experts (
  id uuid primary key default gen_random_uuid(),
  full_name text not null,
  created_at timestamptz not null default now()
) partition by range (created_at);

create table public.experts_2024 partition of public.experts
  for values from ('2024-01-01') to ('2025-01-01');

-- A row-typed helper used by the API.
create or replace function public.expert_label(e public.experts)
returns text
language sql stable
as $$ select e.full_name $$;
