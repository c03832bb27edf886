-- A rename written by hand: the first one has neither a view nor a lock_timeout.
alter table experts rename to expert_profiles;

set local lock_timeout = '3s';
alter table public.mime_types rename to sys_mime_types;
create view public.mime_types with (security_invoker = true) as select * from public.sys_mime_types;
