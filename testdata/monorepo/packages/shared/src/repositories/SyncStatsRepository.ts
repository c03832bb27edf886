import type { SupabaseClient } from '@supabase/supabase-js'
import type { Database } from '../../supabase/types'

type StatsRow = Database["public"]["Tables"]["sync_statistics"]["Row"]

export class SyncStatsRepository {
  constructor(private readonly client: SupabaseClient<Database>) {}

  async latest(folderId: string): Promise<StatsRow | null> {
    const { data, error } = await this.client
      .from('sync_statistics')
      .select('*')
      .eq('folder_id', folderId)
      .maybeSingle()
    if (error) throw error
    return data
  }

  async history(folderId: string) {
    return this.client
      .from('sync_history')
      .select('id, started_at, status, processing_batches(id, status, items_total)')
      .eq('folder_id', folderId)
      .order('started_at', { ascending: false })
      .order('created_at', { foreignTable: 'processing_batches', ascending: true })
      .limit(3, { referencedTable: 'processing_batches' })
  }

  async classification() {
    return this.client
      .from('table_classifications')
      .select('table_name, category')
      .eq('table_name', 'experts')
      .single()
  }
}
