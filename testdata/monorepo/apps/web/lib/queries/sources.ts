import { getClient } from '../supabase'
import type { Tables, TablesInsert } from '@dhg/shared/supabase/types'

// The legacy `sources` table is still read by the old import screen; new code uses sources_google.
export const TABLES = {
  sources: 'sources',
  driveFiles: 'sources_google',
} as const

export async function listLegacySources(): Promise<Tables<'sources'>[]> {
  const { data, error } = await getClient().from(TABLES.sources).select('*')
  if (error) throw error
  return data
}

export async function addLegacySource(row: TablesInsert<'sources'>) {
  return getClient().from('sources').insert(row).select().single()
}

export async function listDriveFiles(folderId: string) {
  const { data, error } = await getClient()
    .from("sources_google")
    .select(`
      id, name, mime_type, parent_folder_id,
      experts:sources_google_experts ( expert_id, role )
    `)
    .eq('parent_folder_id', folderId)
    .eq('experts.role', 'author')
  if (error) throw error
  return data
}

export async function countSources(): Promise<number> {
  const res = await fetch(`${process.env.NEXT_PUBLIC_SUPABASE_URL}/rest/v1/sources?select=id`, {
    headers: { apikey: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY! },
  })
  const sources: unknown[] = await res.json()
  return sources.length
}
