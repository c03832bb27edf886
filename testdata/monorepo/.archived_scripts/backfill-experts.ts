// Kept from the 2023 backfill; run by hand when a profile import goes wrong.
import { supabase } from '../packages/shared/src/client'

export async function backfillExperts() {
  const { data: rows } = await supabase.from('experts').select('id, email')
  for (const row of rows ?? []) {
    await supabase.from('emails').update({ expert_id: row.id }).eq('sender', row.email)
  }
}
