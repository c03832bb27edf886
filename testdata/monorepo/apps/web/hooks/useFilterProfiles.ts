import { supabase } from '@/lib/supabase'
import type { TablesUpdate } from '@dhg/shared/supabase/types'

export async function loadFilterProfile(userId: string) {
  const { data, error } = await supabase
    .from('user_filter_profiles')
    .select('id, name, is_active, domains, sources->folder_ids, user_filter_profile_drives(root_drive_id)')
    .eq('user_id', userId)
    .eq('is_active', true)
    .maybeSingle()
  if (error) throw error
  return data
}

export async function saveFilterProfile(id: string, patch: TablesUpdate<'user_filter_profiles'>) {
  return supabase.from('user_filter_profiles').update(patch).eq('id', id).select('id').single()
}
