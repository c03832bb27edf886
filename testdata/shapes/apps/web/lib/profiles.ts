import { supabase } from './client'
import type { Tables } from './database.types'

// Query helpers written against loosely typed clients.
export async function loadProfile(id: string) {
  const { data } = await supabase.from('experts' as any).select('id, email').eq('id', id).single()
  return data
}

export async function touch(id: string) {
  return supabase.from("experts" as const).update({ seen_at: new Date().toISOString() }).eq('id', id)
}

export async function listDocuments() {
  return supabase.from(('sources_google')).select('*')
}

export async function typedUsers() {
  const { data } = await supabase.from<"experts", Tables<"experts">>("experts").select("*")
  return data as Tables<'experts'>[]
}

export const bucket = supabase.storage.from('sources_google' as any)
