import { supabase } from './client'

// The experts page reads the experts table.
export async function listExperts() {
  const { data } = await supabase.from('experts').select('id, name')
  return data
}

export async function domainsOf(id: string) {
  return supabase.from('domains').select('*').eq('expert_id', id)
}
