-- Written by hand: brings the old names back if the rename has to be undone.
ALTER TABLE public.app_notes RENAME TO notes;
ALTER TABLE public.app_experts RENAME TO experts;
