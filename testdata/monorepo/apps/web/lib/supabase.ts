import { createBrowserClient } from '@supabase/ssr'
import type { Database } from '@dhg/shared/supabase/types'

export function getClient() {
  return createBrowserClient<Database>(
    process.env.NEXT_PUBLIC_SUPABASE_URL!,
    process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!,
  )
}

export const supabase = getClient()
