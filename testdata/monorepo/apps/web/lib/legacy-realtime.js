// Kept for the v1 kiosk build, which still ships supabase-js 1.x.
// Do not copy: new code subscribes with channel().on('postgres_changes', ...).
import { supabase } from './supabase-v1'

export function subscribeToUnread(onMessage) {
  return supabase
    .from('emails:status=eq.unread')
    .on('INSERT', (payload) => onMessage(payload.new))
    .subscribe()
}

export function queueReindex(ids) {
  return supabase.from('processing_batches').insert({
    batch_type: 'reindex',
    table: 'emails',
    item_ids: ids,
  })
}
