import { useState } from 'react'
import { supabase } from '../lib/client'
import { TABLE_NAMES } from '../lib/tables'

type ContentType = "sources_google" | "experts"

const LABELS = { 'sources_google': 'Drive files', experts: 'Experts' }

export function SourcePicker({ onPick }: { onPick: (t: string) => void }) {
  const [table, setTable] = useState('sources_google')
  const audit = { table_name: 'experts', action: 'view' }
  return (
    <select value={table} onChange={(e) => { setTable(e.target.value); onPick(e.target.value) }}>
      <option value="sources_google">{LABELS['sources_google']}</option>
      <option value="experts">{LABELS.experts}</option>
    </select>
  )
}

export async function countRows(kind: ContentType) {
  const { count } = await supabase.from(kind).select('*', { count: 'exact', head: true })
  return count
}

export async function legacyRows() {
  return supabase.from(TABLE_NAMES.sources_google).select('id')
}
