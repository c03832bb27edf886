-- Nightly maintenance, run by the ops cron job with psql -f.
vacuum (verbose, analyze) public.experts;
vacuum full experts;
analyze verbose experts (full_name, created_at);
cluster experts using experts_pkey;
reindex table concurrently experts;

alter table experts attach partition experts_2025
  for values from ('2025-01-01') to ('2026-01-01');

select e.id, (e::experts).full_name
from experts e
where e = any (array[]::experts[]);

-- The archive keeps the row shape of experts.
select cast(null as experts) is null;
