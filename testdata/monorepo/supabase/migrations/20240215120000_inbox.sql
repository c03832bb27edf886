-- Shared inbox: messages, the sender allow-list, row level security and realtime.

create type email_status as enum ('unread', 'read', 'archived');

create table emails (
  id uuid primary key default gen_random_uuid(),
  subject text,
  sender text not null,
  sender_domain text,
  body text,
  status email_status not null default 'unread',
  received_at timestamptz not null default now(),
  archived_at timestamptz
);

create table allowed_emails (
  email text primary key,
  added_by uuid references auth.users (id)
);

alter table emails enable row level security;
alter table only allowed_emails enable row level security;

create policy "Inbox readable by staff" on emails
  for select to authenticated
  using (exists (select 1 from allowed_emails a where a.email = auth.jwt() ->> 'email'));

create policy "Experts are public" on public.experts for select using (true);

grant select on emails to authenticated;
grant select, insert, update on table allowed_emails to service_role;
grant all on public.experts to service_role;

alter publication supabase_realtime add table emails;

create or replace function public.archive_read_emails()
returns trigger
language plpgsql
as $$
begin
  update emails set archived_at = now()
   where status = 'read' and received_at < now() - interval '90 days';
  return null;
end;
$$;

create trigger emails_archive_read
  after insert on emails
  for each statement execute function public.archive_read_emails();

-- Archived messages move to their own schema every night.
create schema if not exists archive;
create table archive.emails as table emails with no data;

select cron.schedule('archive-read-mail', '0 4 * * *', $$
  insert into archive.emails select * from public.emails where status = 'archived';
  delete from public.emails where status = 'archived';
$$);
