'use client'

import { useState } from 'react'
import type { ExpertWithSources } from '@dhg/shared'

type Props = { experts: ExpertWithSources[] }

export function Experts({ experts }: Props) {
  const [open, setOpen] = useState<string | null>(null)

  if (experts.length === 0) {
    return <p className="text-muted">No experts yet. Import some from Google Drive.</p>
  }

  return (
    <ul className="divide-y">
      {experts.map((expert) => (
        <li key={expert.id} onClick={() => setOpen(open === expert.id ? null : expert.id)}>
          <span className="font-medium">{expert.full_name}</span>
          {open === expert.id && (
            <ul className="ml-4 text-sm">
              {expert.sources_google.map((file) => (
                <li key={file.id}>
                  {file.name} <small>({file.mime_type})</small>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  )
}
