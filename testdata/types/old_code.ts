// Application code written before the rename: every table is still called by its old name.
// It imports from "@/types/supabase", which tsconfig `paths` maps to the compatibility module
// (it compiles) or to the plain generated file (it must not).
//
// A trailing `// deprecated: a, b` lists the old names on that line that editors must strike
// through; the test compares it with what the TypeScript language service reports.

import { createClient } from "@supabase/supabase-js"

import type {
  Database,
  DocumentTypes, // deprecated: DocumentTypes
  Enums,
  Experts, // deprecated: Experts
  Json,
  SourcesGoogle, // deprecated: SourcesGoogle
  Tables,
  TablesInsert,
  TablesUpdate,
} from "@/types/supabase"
// The generated file itself, to check what the old names resolve to.
import type { Database as Generated } from "./database.types"

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function expectType<T extends true>(ok: T): T {
  return ok
}

type GenTables = Generated["public"]["Tables"]

// --- Database['public']['Tables']['old'][...], both quote styles -----------------------------

export type ExpertRow = Database['public']['Tables']['experts']['Row'] // deprecated: experts
export type DocTypeInsert = Database["public"]["Tables"]["document_types"]["Insert"] // deprecated: document_types
export type SyncUpdate = Database["public"]["Tables"]["sync_history"]["Update"] // deprecated: sync_history
export const expertRowIsTheTableRow = expectType<
  Equal<ExpertRow, GenTables["expert_profiles"]["Row"]>
>(true)
export const docTypeInsertIsTheTableInsert = expectType<
  Equal<DocTypeInsert, GenTables["doc_types"]["Insert"]>
>(true)

// The split form: the Tables map first, then the old name.
type PublicTables = Database["public"]["Tables"]
export type SourceRow = PublicTables["sources_google"]["Row"] // deprecated: sources_google
export type MimeTypeRow = PublicTables["mime_types"]["Row"] // deprecated: mime_types

// The plan's own aliases, written in application code.
export type PlanDocumentTypes = Database["public"]["Tables"]["document_types"] // deprecated: document_types
export type PlanDocTypes = Database["public"]["Tables"]["doc_types"]
export const bothPlanAliasesAgree = expectType<Equal<PlanDocumentTypes["Row"], PlanDocTypes["Row"]>>(
  true,
)

// --- Helper types ----------------------------------------------------------------------------

export type Expert = Tables<"experts">
export type NewExpert = TablesInsert<"experts">
export type ExpertPatch = TablesUpdate<"experts">
export type Source = Tables<{ schema: "public" }, "sources_google">
export type Prompt = Tables<"prompts">
export type ProcessingBatchInsert = TablesInsert<"processing_batches">
export type Status = Enums<"processing_status">

// The table's types, not the compatibility view's: the view's Row is all nullable and its
// Insert all optional.
export const tablesIsTheTableRow = expectType<Equal<Expert, GenTables["expert_profiles"]["Row"]>>(
  true,
)
export const insertIsTheTableInsert = expectType<
  Equal<NewExpert, GenTables["expert_profiles"]["Insert"]>
>(true)
export const updateIsTheTableUpdate = expectType<
  Equal<ExpertPatch, GenTables["expert_profiles"]["Update"]>
>(true)
export const schemaFormToo = expectType<Equal<Source, GenTables["google_sources"]["Row"]>>(true)
// A table whose compatibility view is already gone.
export const withoutViewToo = expectType<Equal<Prompt, GenTables["ai_prompts"]["Row"]>>(true)

export function displayName(expert: Tables<"experts">): string {
  // expert_name is NOT NULL in the table (it is nullable in the view).
  return expert.full_name ?? expert.expert_name
}

// Old and new names are the same type, so rewritten and not yet rewritten code mix freely.
export function promote(expert: Tables<"expert_profiles">): Tables<"experts"> {
  return expert
}

// --- The plan's PascalCase aliases -----------------------------------------------------------

export function typeLabel(t: DocumentTypes["Row"]): string { // deprecated: DocumentTypes
  return t.category ? `${t.category}/${t.name}` : t.name
}
export const expertsAliasIsTheTable = expectType<Equal<Experts, PublicTables["expert_profiles"]>>( // deprecated: Experts
  true,
)
export type SourceFile = SourcesGoogle["Row"] // deprecated: SourcesGoogle

// --- A typed client --------------------------------------------------------------------------

const supabase = createClient<Database>("http://127.0.0.1:54321", "anon-key")

export async function loadExperts() {
  const { data, error } = await supabase
    .from("experts")
    .select("id, expert_name, expertise_area")
    .eq("is_in_core_group", true)
    .order("expert_name")
  if (error) throw error
  expectType<
    Equal<typeof data, { id: string; expert_name: string; expertise_area: string | null }[]>
  >(true)
  return data
}

export async function expertWithDocuments(id: string) {
  // From the old name, embedding a table that references the new one.
  const { data } = await supabase
    .from("experts")
    .select("expert_name, expert_documents(title, word_count)")
    .eq("id", id)
    .single()
  const titles: (string | null)[] = data?.expert_documents.map((d) => d.title) ?? []
  return titles
}

export async function documentsWithExperts() {
  // An unchanged table embedding a renamed one by its old name, and a renamed one without a
  // view any more (prompts) embedding another.
  const docs = await supabase
    .from("expert_documents")
    .select("id, title, experts(expert_name), sources_google!inner(name, mime_type)")
  const prompts = await supabase.from("prompts").select("name, prompt_categories(name)")
  const names: string[] = (docs.data ?? []).map(
    (d) => `${d.experts?.expert_name ?? "?"}: ${d.sources_google.name}`,
  )
  const categories: (string | null)[] = (prompts.data ?? []).map(
    (p) => p.prompt_categories?.name ?? null,
  )
  return { names, categories }
}

export async function writeExperts(
  row: TablesInsert<"experts">,
  patch: TablesUpdate<"experts">,
  meta: Json,
) {
  await supabase.from("experts").insert(row)
  await supabase.from("experts").insert({ expert_name: "Ada", metadata: meta })
  await supabase.from("experts").update(patch).eq("id", "e1")
  await supabase.from("experts").upsert({ id: "e1", expert_name: "Ada" })
  await supabase.from("experts").delete().eq("id", "e1")
  await supabase.from("sync_history").insert({ folder_id: "root" })
  const { data } = await supabase.from("documentation_files").select("*").limit(1)
  const files: Tables<"documentation_files">[] = data ?? []
  return files
}

// Rewritten code in the same program: the new names work alongside.
export async function newNames() {
  const { data } = await supabase.from("expert_profiles").select("id, expert_documents(id)")
  const rows: Tables<"expert_profiles">[] = []
  return { data, rows }
}
