import { cookies } from 'next/headers'
import { createServerClient as createClient } from '@supabase/ssr'
import type { Database } from '@dhg/shared/supabase/types'

export function createServerClient() {
  const store = cookies()
  return createClient<Database>(
    process.env.NEXT_PUBLIC_SUPABASE_URL!,
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!,
    { cookies: { getAll: () => store.getAll() } },
  )
}
