'use client'

import { useEffect, useState } from 'react'
import { supabase } from '@/lib/supabase'
import type { DocumentRow } from '@dhg/shared'

// Rows carry their Drive file, their type and the expert who wrote them.
// The response keys (sources_google, author, documentation_sections) are read below.
export function DocumentTable({ mimeType }: { mimeType: string }) {
  const [docs, setDocs] = useState<DocumentRow[]>([])

  useEffect(() => {
    async function load() {
      const { data, error } = await supabase
        .from('documentation_files')
        .select(`
          id,
          title,
          file_path,
          sources_google!inner (
            name,
            mime_type
          ),
          author:experts!documentation_files_expert_id_fkey ( full_name ),
          ...document_types ( document_type, category ),
          documentation_sections ( id, heading, position, document_concepts ( concept ) )
        `)
        .eq('sources_google.mime_type', mimeType)
        .order('position', { referencedTable: 'documentation_sections' })
        .limit(100)
      if (error) {
        console.error('could not load documentation_files', error)
        return
      }
      setDocs(data as DocumentRow[])
    }
    load()
  }, [mimeType])

  return (
    <table>
      <tbody>
        {docs.map((doc) => (
          <tr key={doc.id}>
            <td>{doc.title}</td>
            <td>{doc.sources_google.name}</td>
            <td>{doc.document_type}</td>
            <td>{doc.author?.full_name ?? '—'}</td>
            <td>{doc.documentation_sections.length} sections</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export async function loadByAuthor(name: string) {
  return supabase
    .from('documentation_files')
    .select('id, title, author:experts!documentation_files_expert_id_fkey!inner(full_name)')
    .eq('experts.full_name', name)
}
