import { createClient } from "@supabase/supabase-js"
import type { Database } from "./types/compat"

const supabase = createClient<Database>("http://localhost:54321", "anon")

export async function listNotes() {
  return supabase.from("notes").select("id, body")
}

export async function listExperts() {
  return supabase.from("experts").select("id, name")
}
