import Link from 'next/link'
import { createServerClient } from '@/lib/server'
import { Experts } from '@/components/Experts'
import type { ExpertWithSources } from '@dhg/shared'

export const revalidate = 60

export default async function ExpertsPage({ searchParams }: { searchParams: { q?: string } }) {
  const supabase = createServerClient()
  let query = supabase
    .from('experts')
    .select('id, full_name, bio, sources_google!sources_google_experts(id, name, mime_type)')
    .order('full_name')

  if (searchParams.q) {
    query = query.ilike('full_name', `%${searchParams.q}%`)
  }

  const { data: experts, error } = await query
  if (error) throw error

  return (
    <main className="mx-auto max-w-5xl p-6">
      <h1 className="text-2xl font-semibold">Experts</h1>
      <p className="text-sm text-muted">
        🎓 {experts.length} experts · <Link href="/sources">browse all sources</Link>
      </p>
      <Experts experts={experts as ExpertWithSources[]} />
    </main>
  )
}
