import { SupabaseVectorStore } from '@langchain/community/vectorstores/supabase'
import { OpenAIEmbeddings } from '@langchain/openai'
import { supabase } from './client'

const embeddings = new OpenAIEmbeddings()

// The match function's body reads the table too: it is SQL in a migration.
export const store = new SupabaseVectorStore(embeddings, {
  client: supabase,
  tableName: 'sources_google',
  queryName: 'match_sources_google',
})

export const index = (docs: Document[]) =>
  SupabaseVectorStore.fromDocuments(docs, embeddings, { client: supabase, tableName: 'sources_google' })

export const settings = { tableName: 'experts' }
