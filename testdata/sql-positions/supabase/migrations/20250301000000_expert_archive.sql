-- Written against an old branch: every statement below still says `experts`.
create table public.expert_archive (like experts including all);

create table public.expert_drafts (
  draft_id bigint generated always as identity,
  body experts not null
) inherits (experts);

create or replace function public.expert_archive_row(rec experts)
returns void
language plpgsql
as $fn$
declare
  snapshot experts;
begin
  snapshot := rec;
  insert into public.expert_archive select (snapshot).*;
end
$fn$;

analyze experts;
