'use client'

import { useEffect, useState } from 'react'
import { supabase } from '@/lib/supabase'
import type { Tables } from '@dhg/shared/supabase/types'

type Email = Tables<'emails'>

export function InboxFeed() {
  const [emails, setEmails] = useState<Email[]>([])

  useEffect(() => {
    supabase
      .from('emails')
      .select('id, subject, sender, received_at')
      .order('received_at', { ascending: false })
      .limit(50)
      .then(({ data }) => setEmails(data ?? []))

    const channel = supabase
      .channel('emails-inbox')
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'emails' },
        (payload) => {
          if (payload.table === 'emails') {
            setEmails((prev) => [payload.new as Email, ...prev])
          }
        },
      )
      .subscribe()

    return () => {
      supabase.removeChannel(channel)
    }
  }, [])

  return (
    <section>
      <h2>Inbox</h2>
      <span className="badge">📨 {emails.length} emails</span>
      <ul>
        {emails.map((m) => (
          <li key={m.id}>{m.subject}</li>
        ))}
      </ul>
    </section>
  )
}
