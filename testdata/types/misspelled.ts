// Old code with misspelled table names: it must keep failing to compile with the
// compatibility module, which accepts the old names and nothing else. Every line marked
// `// misspelled` must have an error, and no other line.

import { createClient } from "@supabase/supabase-js"

import type { Database, Tables, TablesInsert, TablesUpdate } from "@/types/supabase"

export type A = Tables<"expert"> // misspelled
export type B = Database["public"]["Tables"]["document_type"]["Row"] // misspelled
export type C = TablesInsert<"experts_profiles"> // misspelled
export type D = TablesUpdate<"Experts"> // misspelled

const supabase = createClient<Database>("http://127.0.0.1:54321", "anon-key")

export const sources = supabase.from("sources_gogle") // misspelled
export const embed = supabase.from("experts").select("id, expert_document(title)")
export async function embedded() {
  const { data } = await embed
  return data?.[0].expert_document.title // misspelled
}
