-- Documents whose Drive file has disappeared.

create or replace view documentation_files_missing_doc_ids
with (security_invoker = true) as
select df.id, df.title, df.file_path
  from documentation_files df
 where not exists (
   select 1 from "public"."sources_google" sg where sg.id = df.source_id
 );

grant select on documentation_files_missing_doc_ids to authenticated;
