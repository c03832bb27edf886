// The select shapes of testdata/monorepo, written with the old names, each with the result
// type its code reads: the old response keys. `refscan rewrite` renames the tables; with the
// alias style the keys stay, so the same checks pass against the renamed database's types.
import { PostgrestClient } from "@supabase/postgrest-js"
import type { Database, Json } from "./database.types"

// A and B assign to each other, and A is not `any` (which would assign to anything).
type Same<A, B> = 0 extends 1 & A ? false : [A] extends [B] ? ([B] extends [A] ? true : false) : false
function same<A, B>(_: Same<A, B>) {}

const db = new PostgrestClient<Database>("http://localhost:3000")

export async function shapes() {
  const scripts = await db
    .from("scripts")
    .select("id, file_path, language, prompts(name, prompt_categories(name))")
  same<typeof scripts.data, { id: string; file_path: string; language: string | null; prompts: { name: string; prompt_categories: { name: string } | null } | null }[] | null>(true)

  // A filter on the embed names its key (PostgREST takes the alias): it stays as it is.
  const inner = await db
    .from("scripts")
    .select("id, file_path, prompts!inner(name)")
    .eq("prompts.name", "summarize")
    .eq("language", "python")
  same<typeof inner.data, { id: string; file_path: string; prompts: { name: string } }[] | null>(true)

  const experts = await db
    .from("experts")
    .select("id, full_name, bio, sources_google!sources_google_experts(id, name, mime_type)")
  same<typeof experts.data, { id: string; full_name: string; bio: string | null; sources_google: { id: string; name: string; mime_type: string | null }[] }[] | null>(true)

  const sources = await db
    .from("sources_google")
    .select("id, name, mime_type, modified_at, documentation_files!documentation_files_source_id_fkey(id, title), experts!sources_google_experts(full_name)")
  same<typeof sources.data, { id: string; name: string; mime_type: string | null; modified_at: string | null; documentation_files: { id: string; title: string }[]; experts: { full_name: string }[] }[] | null>(true)

  const files = await db
    .from("documentation_files")
    .select("id, title, author:experts!documentation_files_expert_id_fkey!inner(full_name)")
  same<typeof files.data, { id: string; title: string; author: { full_name: string } }[] | null>(true)

  const presentations = await db
    .from("presentations")
    .select("id, title, presentation_assets(id, status, asset_types(name))")
  same<typeof presentations.data, { id: string; title: string; presentation_assets: { id: string; status: string; asset_types: { name: string } }[] }[] | null>(true)

  const assets = await db
    .from("presentations")
    .select("id, title, presentation_assets(id, asset_type_id)")
  same<typeof assets.data, { id: string; title: string; presentation_assets: { id: string; asset_type_id: string }[] }[] | null>(true)

  const profiles = await db
    .from("user_filter_profiles")
    .select("id, name, is_active, domains, sources->folder_ids, user_filter_profile_drives(root_drive_id)")
  same<typeof profiles.data, { id: string; name: string; is_active: boolean; domains: string[]; folder_ids: Json; user_filter_profile_drives: { root_drive_id: string }[] }[] | null>(true)

  const history = await db
    .from("sync_history")
    .select("id, started_at, status, processing_batches(id, status, items_total)")
  same<typeof history.data, { id: string; started_at: string; status: string; processing_batches: { id: string; status: string; items_total: number | null }[] }[] | null>(true)

  const batches = await db
    .from("sync_history")
    .select("id, status, started_at, processing_batches(id, status)")
  same<typeof batches.data, { id: string; status: string; started_at: string; processing_batches: { id: string; status: string }[] }[] | null>(true)
}
