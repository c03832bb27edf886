-- The personal schema has a users table of its own: its functions read that one.
create or replace function personal.user_count() returns bigint language sql as $$
  select count(*) from users
$$;

-- A public function whose search_path puts personal first.
create or replace function public.personal_names() returns setof text
language sql set search_path = personal, public as $$
  select name from users
$$;

-- The rules' table, qualified and not.
select id from public.users;
select id from users;

set search_path to personal;
select id from users;
reset search_path;
insert into profiles (user_id) values (1);
