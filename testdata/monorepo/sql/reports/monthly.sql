-- Monthly activity report (run by hand, or from the scripts folder).
-- Counts per expert: new Drive files and new documents, plus emails received.
with files as (
  select sge.expert_id, count(*) as new_files
    from public.sources_google sg
    join sources_google_experts sge on sge.source_id = sg.id
   where sg.modified_at >= date_trunc('month', now()) - interval '1 month'
   group by sge.expert_id
),
docs as (
  select d.expert_id, count(*) as new_docs
    from documentation_files as d
   where d.created_at >= date_trunc('month', now()) - interval '1 month'
   group by d.expert_id
),
inbox as (
  select count(*) as emails
    from emails, allowed_emails
   where emails.sender = allowed_emails.email
)
select e.full_name,
       coalesce(f.new_files, 0) as new_files,
       coalesce(dc.new_docs, 0) as new_docs,
       (select emails from inbox) as emails
  from public.experts e
  left join files f on f.expert_id = e.id
  left join docs dc on dc.expert_id = e.id
 order by e.full_name;

-- Experts without any Drive file.
select experts.*
  from experts
 where not exists (select 1 from sources_google_experts sge where sge.expert_id = experts.id);

-- The imported spreadsheet has its own capitalised table; it is not ours.
select count(*) from "Experts";

-- Ad-hoc check, typed in a hurry.
SELECT count(*) FROM Experts WHERE full_name IS NOT NULL;
