// The shape `supabase gen types typescript` writes, for the tables the select strings of
// testdata/monorepo reach, under their new names (after the rename, bundled rules).
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

type Rel<Name extends string, Cols extends string, To extends string, One extends boolean = false> = {
  foreignKeyName: Name
  columns: [Cols]
  isOneToOne: One
  referencedRelation: To
  referencedColumns: ["id"]
}

export type Database = {
  __InternalSupabase: { PostgrestVersion: "12.2.3 (519615d)" }
  public: {
    Tables: {
      ai_prompt_categories: {
        Row: { id: string; name: string }
        Insert: { id?: string; name: string }
        Update: { id?: string; name?: string }
        Relationships: []
      }
      ai_prompts: {
        Row: { id: string; name: string; category_id: string | null }
        Insert: { id?: string; name: string; category_id?: string | null }
        Update: { id?: string; name?: string; category_id?: string | null }
        Relationships: [Rel<"prompts_category_id_fkey", "category_id", "ai_prompt_categories">]
      }
      script_registry: {
        Row: { id: string; file_path: string; language: string | null; prompt_id: string | null }
        Insert: { id?: string; file_path: string; language?: string | null; prompt_id?: string | null }
        Update: { id?: string; file_path?: string; language?: string | null; prompt_id?: string | null }
        Relationships: [Rel<"scripts_prompt_id_fkey", "prompt_id", "ai_prompts">]
      }
      google_sources: {
        Row: { id: string; name: string; mime_type: string | null; modified_at: string | null }
        Insert: { id?: string; name: string; mime_type?: string | null; modified_at?: string | null }
        Update: { id?: string; name?: string; mime_type?: string | null; modified_at?: string | null }
        Relationships: []
      }
      expert_profiles: {
        Row: { id: string; full_name: string; bio: string | null }
        Insert: { id?: string; full_name: string; bio?: string | null }
        Update: { id?: string; full_name?: string; bio?: string | null }
        Relationships: []
      }
      google_sources_experts: {
        Row: { source_id: string; expert_id: string }
        Insert: { source_id: string; expert_id: string }
        Update: { source_id?: string; expert_id?: string }
        Relationships: [
          Rel<"sources_google_experts_source_id_fkey", "source_id", "google_sources">,
          Rel<"sources_google_experts_expert_id_fkey", "expert_id", "expert_profiles">,
        ]
      }
      doc_files: {
        Row: { id: string; title: string; source_id: string | null; expert_id: string }
        Insert: { id?: string; title: string; source_id?: string | null; expert_id: string }
        Update: { id?: string; title?: string; source_id?: string | null; expert_id?: string }
        Relationships: [
          Rel<"documentation_files_source_id_fkey", "source_id", "google_sources">,
          Rel<"documentation_files_expert_id_fkey", "expert_id", "expert_profiles">,
        ]
      }
      media_presentations: {
        Row: { id: string; title: string }
        Insert: { id?: string; title: string }
        Update: { id?: string; title?: string }
        Relationships: []
      }
      sys_asset_types: {
        Row: { id: string; name: string }
        Insert: { id?: string; name: string }
        Update: { id?: string; name?: string }
        Relationships: []
      }
      media_presentation_assets: {
        Row: { id: string; status: string; asset_type_id: string; presentation_id: string }
        Insert: { id?: string; status: string; asset_type_id: string; presentation_id: string }
        Update: { id?: string; status?: string; asset_type_id?: string; presentation_id?: string }
        Relationships: [
          Rel<"presentation_assets_presentation_id_fkey", "presentation_id", "media_presentations">,
          Rel<"presentation_assets_asset_type_id_fkey", "asset_type_id", "sys_asset_types">,
        ]
      }
      filter_user_profiles: {
        Row: { id: string; name: string; is_active: boolean; domains: string[]; sources: Json }
        Insert: { id?: string; name: string; is_active?: boolean; domains?: string[]; sources?: Json }
        Update: { id?: string; name?: string; is_active?: boolean; domains?: string[]; sources?: Json }
        Relationships: []
      }
      filter_user_profile_drives: {
        Row: { id: string; profile_id: string; root_drive_id: string }
        Insert: { id?: string; profile_id: string; root_drive_id: string }
        Update: { id?: string; profile_id?: string; root_drive_id?: string }
        Relationships: [Rel<"user_filter_profile_drives_profile_id_fkey", "profile_id", "filter_user_profiles">]
      }
      google_sync_history: {
        Row: { id: string; started_at: string; status: string }
        Insert: { id?: string; started_at?: string; status: string }
        Update: { id?: string; started_at?: string; status?: string }
        Relationships: []
      }
      batch_processing: {
        Row: { id: string; status: string; items_total: number | null; sync_id: string }
        Insert: { id?: string; status: string; items_total?: number | null; sync_id: string }
        Update: { id?: string; status?: string; items_total?: number | null; sync_id?: string }
        Relationships: [Rel<"processing_batches_sync_id_fkey", "sync_id", "google_sync_history">]
      }
    }
    Views: { [_ in never]: never }
    Functions: { [_ in never]: never }
    Enums: { [_ in never]: never }
    CompositeTypes: { [_ in never]: never }
  }
}
