set lock_timeout = '5s';
alter table experts rename to expert_profiles;
create view experts with (security_invoker = true) as select * from expert_profiles;
