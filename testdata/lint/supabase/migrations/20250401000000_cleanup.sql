-- Cleanup: dropping the compatibility views retires the old names; that is no use of them.
drop view if exists public.mime_types;
drop view if exists legacy_experts;
