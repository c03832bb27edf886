import type { Database, Tables, TablesInsert, TablesUpdate } from '../supabase/types'

export type Expert = Tables<'experts'>
export type DriveFile = Tables<'sources_google'>
export type NewLegacySource = TablesInsert<'sources'>
export type EmailPatch = TablesUpdate<'emails'>
export type ScriptOrPrompt = Tables<'scripts' | 'prompts'>
export type SyncRun = Tables<{ schema: 'public' }, 'sync_history'>

// Older modules still spell the row types out in full.
export type DocumentRow = Database['public']['Tables']['documentation_files']['Row'] & {
  sources_google: Pick<DriveFile, 'name' | 'mime_type'>
  author: Pick<Expert, 'full_name'> | null
  document_type: string | null
  documentation_sections: Database["public"]["Tables"]["documentation_sections"]["Row"][]
}

export type MissingDoc = Database['public']['Views']['documentation_files_missing_doc_ids']['Row']

export type ExpertWithSources = Expert & {
  sources_google: Pick<DriveFile, 'id' | 'name' | 'mime_type'>[]
}
