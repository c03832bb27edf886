-- Local development data. Runs after the migrations on `supabase db reset`.

insert into public.experts (id, full_name, bio) values
  ('00000000-0000-0000-0000-000000000001', 'Ana García', 'Neuroscientist 🧠 who joins the experts panels'),
  ('00000000-0000-0000-0000-000000000002', 'Sam Ortiz', null);

insert into sources_google (id, drive_id, name, mime_type) values
  ('10000000-0000-0000-0000-000000000001', '1AbC', 'Intro to pain science.pdf', 'application/pdf'),
  ('10000000-0000-0000-0000-000000000002', '1DeF', 'Panel recording.mp4', 'video/mp4');

insert into sources_google_experts (source_id, expert_id) values
  ('10000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000001');

insert into mime_types (mime_type, label) values ('application/pdf', 'PDF'), ('video/mp4', 'Video');
insert into domains (name) values ('dhg.example.org');

insert into prompts (name, content, status) values
  ('summarize-document', 'Summarize the document for the experts page.', 'active');

update sync_statistics set runs = 0;
truncate emails;
