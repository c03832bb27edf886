-- Written after the rename was planned, still for the old name.
alter table notes add column pinned boolean not null default false;
create index notes_pinned_idx on notes (pinned);
create trigger notes_touch before insert or update on public.notes
  for each row execute function touch();
comment on table notes is 'Notes of a user';
grant select on table notes to anon;
alter publication supabase_realtime add table labels;
