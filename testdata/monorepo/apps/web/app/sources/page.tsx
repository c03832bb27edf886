import { createServerClient } from '@/lib/server'
import { SourceGrid } from '@/components/SourceGrid'

// Only Drive files that already produced at least one document are listed here.
export default async function SourcesPage() {
  const supabase = createServerClient()
  const { data: files } = await supabase
    .from('sources_google')
    .select('id, name, mime_type, modified_at, documentation_files!documentation_files_source_id_fkey(id, title), experts!sources_google_experts(full_name)')
    .not('documentation_files', 'is', null)
    .or('experts.full_name.ilike.%garcia%,experts.full_name.ilike.%smith%')
    .order('modified_at', { ascending: false })
    .range(0, 49)

  return <SourceGrid files={files ?? []} title="Drive sources" />
}
