-- Sync bookkeeping: history, statistics and the function the Drive worker calls.

create table sync_history (
  id bigserial primary key,
  folder_id text,
  status text not null default 'running',
  files_seen integer not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);

create table sync_statistics (
  folder_id text primary key,
  runs integer not null default 0,
  last_run_at timestamptz
);

create table processing_batches (
  id uuid primary key default gen_random_uuid(),
  sync_run_id bigint references sync_history (id),
  status text not null default 'queued',
  items_total integer,
  created_at timestamptz not null default now()
);

create table table_classifications (
  table_name text primary key,
  category text not null
);

insert into table_classifications (table_name, category)
select relname, 'core'
  from pg_class
 where oid in ('experts'::regclass, to_regclass('public.sources_google'));

create or replace function public.finish_sync_run(p_run_id bigint, p_files integer)
returns setof sync_history
language plpgsql
security definer
as $fn$
declare
  v_run sync_history%rowtype;
  v_folder sync_history.folder_id%type;
begin
  update sync_history
     set status = 'done', finished_at = now(), files_seen = p_files
   where id = p_run_id
  returning * into v_run;

  v_folder := v_run.folder_id;

  insert into sync_statistics as s (folder_id, runs, last_run_at)
  values (v_folder, 1, now())
  on conflict (folder_id) do update set runs = s.runs + 1, last_run_at = now();

  raise notice 'sync_history % finished (% files)', p_run_id, p_files;
  return query select * from sync_history where id = p_run_id;
end;
$fn$;

create or replace function public.reset_statistics()
returns void
language plpgsql
as $$
begin
  execute format('truncate table %I', 'sync_statistics');
end;
$$;

do $$
begin
  if not exists (select 1 from pg_tables where schemaname = 'public' and tablename = 'documentation_files') then
    raise exception 'run the initial schema first: documentation_files is missing';
  end if;
end
$$;

grant select on table sync_history to authenticated;
grant select on sync_statistics to authenticated;
revoke all on function public.finish_sync_run(bigint, integer) from public;
