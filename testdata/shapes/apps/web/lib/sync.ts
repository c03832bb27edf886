import { supabase } from './client'

// Tables copied by the nightly export, in dependency order.
const SYNC_TABLES = ['experts', 'sources_google'] as const
const HISTORY_TABLES = ['sync_history', 'experts']

export async function exportAll() {
  for (const t of SYNC_TABLES) {
    const { data } = await supabase.from(t).select('*')
    await upload(t, data)
  }
}

const EXPERTS_TABLE = 'experts'
export const loadExpert = (id: string) =>
  supabase.from(EXPERTS_TABLE).select('*').eq('id', id).single()

export const TABLES = { drive: 'sources_google', people: 'experts' } as const
export const loadDrive = () => supabase.from(TABLES.drive).select('*')

export function historyLabel(name: string) {
  return HISTORY_TABLES.includes(name) ? `history of ${name}` : name
}
