#!/bin/bash
# Seeds a local database with a few experts.
set -e
SCHEMA=${SCHEMA:-public}
PREFIX=""

psql "$DATABASE_URL" <<SQL
insert into experts (id, name) values (1, 'Ada');
update ${PREFIX}experts set name = 'Ada L.' where id = 1;
select * from $SCHEMA.experts;
delete from sources_google where owner = '$USER';
SQL

psql "$DATABASE_URL" <<'EOF_SQL'
-- literal body: $1 and ${x} stay as written
create or replace function expert_count() returns bigint language sql as $$
  select count(*) from experts
$$;
EOF_SQL

if [ -n "${WITH_FUNCTIONS:-}" ]; then
	cat <<-SQL | psql "$DATABASE_URL"
	grant select on sources_google to authenticated;
	SQL
fi

node --input-type=module <<'JS'
const { data } = await supabase.from('experts').select('id, sources_google(name)')
console.log(data.length, 'experts')
JS

node -e "supabase.from('sources_google').delete().eq('id', process.argv[1])" 42
echo "done: experts seeded"
