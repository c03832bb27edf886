import { supabase } from './client'

// By hand: 3 edits (two .from() calls, one embed without alias), 2 references the embed's
// alias keeps valid (a filter path and a referencedTable value), 1 suppressed.
export async function talksBy(expertId: string) {
  return supabase
    .from('presentations')
    .select('id, title, experts(name)')
    .eq('experts.id', expertId)
    .order('name', { referencedTable: 'experts' })
}

export async function allExperts() {
  const { data } = await supabase.from('experts').select('id, name')
  return data
}

export async function legacyExport() {
  // refscan-ignore: the legacy export reads the compatibility view until cleanup
  return supabase.from('experts').select('*')
}
