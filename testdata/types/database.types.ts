export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: "12.2.3 (519615d)"
  }
  public: {
    Tables: {
      ai_prompt_categories: {
        Row: {
          created_at: string
          description: string | null
          id: string
          name: string
          parent_category_id: string | null
        }
        Insert: {
          created_at?: string
          description?: string | null
          id?: string
          name: string
          parent_category_id?: string | null
        }
        Update: {
          created_at?: string
          description?: string | null
          id?: string
          name?: string
          parent_category_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "prompt_categories_parent_category_id_fkey"
            columns: ["parent_category_id"]
            isOneToOne: false
            referencedRelation: "ai_prompt_categories"
            referencedColumns: ["id"]
          },
        ]
      }
      ai_prompt_output_templates: {
        Row: {
          created_at: string
          description: string | null
          id: string
          name: string
          template: Json
          updated_at: string | null
        }
        Insert: {
          created_at?: string
          description?: string | null
          id?: string
          name: string
          template: Json
          updated_at?: string | null
        }
        Update: {
          created_at?: string
          description?: string | null
          id?: string
          name?: string
          template?: Json
          updated_at?: string | null
        }
        Relationships: []
      }
      ai_prompt_relationships: {
        Row: {
          asset_id: string | null
          asset_path: string
          created_at: string
          document_type_id: string | null
          id: string
          prompt_id: string
          relationship_type: string
        }
        Insert: {
          asset_id?: string | null
          asset_path: string
          created_at?: string
          document_type_id?: string | null
          id?: string
          prompt_id: string
          relationship_type: string
        }
        Update: {
          asset_id?: string | null
          asset_path?: string
          created_at?: string
          document_type_id?: string | null
          id?: string
          prompt_id?: string
          relationship_type?: string
        }
        Relationships: [
          {
            foreignKeyName: "prompt_relationships_document_type_id_fkey"
            columns: ["document_type_id"]
            isOneToOne: false
            referencedRelation: "doc_types"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "prompt_relationships_prompt_id_fkey"
            columns: ["prompt_id"]
            isOneToOne: false
            referencedRelation: "ai_prompts"
            referencedColumns: ["id"]
          },
        ]
      }
      ai_prompt_template_associations: {
        Row: {
          created_at: string
          id: string
          priority: number
          prompt_id: string
          template_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          priority?: number
          prompt_id: string
          template_id: string
        }
        Update: {
          created_at?: string
          id?: string
          priority?: number
          prompt_id?: string
          template_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "prompt_template_associations_prompt_id_fkey"
            columns: ["prompt_id"]
            isOneToOne: false
            referencedRelation: "ai_prompts"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "prompt_template_associations_template_id_fkey"
            columns: ["template_id"]
            isOneToOne: false
            referencedRelation: "ai_prompt_output_templates"
            referencedColumns: ["id"]
          },
        ]
      }
      ai_prompts: {
        Row: {
          author: string | null
          category_id: string | null
          content: Json
          created_at: string
          id: string
          metadata: Json | null
          name: string
          status: string | null
          tags: string[] | null
          updated_at: string | null
          version: string | null
        }
        Insert: {
          author?: string | null
          category_id?: string | null
          content: Json
          created_at?: string
          id?: string
          metadata?: Json | null
          name: string
          status?: string | null
          tags?: string[] | null
          updated_at?: string | null
          version?: string | null
        }
        Update: {
          author?: string | null
          category_id?: string | null
          content?: Json
          created_at?: string
          id?: string
          metadata?: Json | null
          name?: string
          status?: string | null
          tags?: string[] | null
          updated_at?: string | null
          version?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "prompts_category_id_fkey"
            columns: ["category_id"]
            isOneToOne: false
            referencedRelation: "ai_prompt_categories"
            referencedColumns: ["id"]
          },
        ]
      }
      auth_allowed_emails: {
        Row: {
          added_by: string | null
          created_at: string
          email: string
          id: string
          is_active: boolean
          name: string | null
          organization: string | null
        }
        Insert: {
          added_by?: string | null
          created_at?: string
          email: string
          id?: string
          is_active?: boolean
          name?: string | null
          organization?: string | null
        }
        Update: {
          added_by?: string | null
          created_at?: string
          email?: string
          id?: string
          is_active?: boolean
          name?: string | null
          organization?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "allowed_emails_added_by_fkey"
            columns: ["added_by"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      auth_audit_log: {
        Row: {
          created_at: string
          event_type: string
          id: string
          ip_address: unknown | null
          metadata: Json | null
          user_id: string | null
        }
        Insert: {
          created_at?: string
          event_type: string
          id?: string
          ip_address?: unknown | null
          metadata?: Json | null
          user_id?: string | null
        }
        Update: {
          created_at?: string
          event_type?: string
          id?: string
          ip_address?: unknown | null
          metadata?: Json | null
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "auth_audit_log_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      auth_cli_tokens: {
        Row: {
          created_at: string
          expires_at: string | null
          id: string
          last_used_at: string | null
          name: string
          token_hash: string
          user_id: string
        }
        Insert: {
          created_at?: string
          expires_at?: string | null
          id?: string
          last_used_at?: string | null
          name: string
          token_hash: string
          user_id: string
        }
        Update: {
          created_at?: string
          expires_at?: string | null
          id?: string
          last_used_at?: string | null
          name?: string
          token_hash?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "cli_auth_tokens_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      auth_user_profiles: {
        Row: {
          created_at: string
          email: string
          full_name: string | null
          id: string
          learning_goals: string[] | null
          onboarding_completed: boolean
          preferred_formats: Json | null
          profession: string | null
          updated_at: string | null
        }
        Insert: {
          created_at?: string
          email: string
          full_name?: string | null
          id?: string
          learning_goals?: string[] | null
          onboarding_completed?: boolean
          preferred_formats?: Json | null
          profession?: string | null
          updated_at?: string | null
        }
        Update: {
          created_at?: string
          email?: string
          full_name?: string | null
          id?: string
          learning_goals?: string[] | null
          onboarding_completed?: boolean
          preferred_formats?: Json | null
          profession?: string | null
          updated_at?: string | null
        }
        Relationships: []
      }
      batch_processing: {
        Row: {
          batch_type: string
          completed_at: string | null
          created_at: string
          error_details: Json | null
          id: string
          processed_files: number
          started_at: string | null
          status: Database["public"]["Enums"]["processing_status"]
          total_files: number
        }
        Insert: {
          batch_type: string
          completed_at?: string | null
          created_at?: string
          error_details?: Json | null
          id?: string
          processed_files?: number
          started_at?: string | null
          status?: Database["public"]["Enums"]["processing_status"]
          total_files?: number
        }
        Update: {
          batch_type?: string
          completed_at?: string | null
          created_at?: string
          error_details?: Json | null
          id?: string
          processed_files?: number
          started_at?: string | null
          status?: Database["public"]["Enums"]["processing_status"]
          total_files?: number
        }
        Relationships: []
      }
      batch_table_classifications: {
        Row: {
          classification: string
          created_at: string
          id: string
          notes: string | null
          table_name: string
        }
        Insert: {
          classification: string
          created_at?: string
          id?: string
          notes?: string | null
          table_name: string
        }
        Update: {
          classification?: string
          created_at?: string
          id?: string
          notes?: string | null
          table_name?: string
        }
        Relationships: []
      }
      command_categories: {
        Row: {
          color: string | null
          created_at: string
          description: string | null
          id: string
          name: string
        }
        Insert: {
          color?: string | null
          created_at?: string
          description?: string | null
          id?: string
          name: string
        }
        Update: {
          color?: string | null
          created_at?: string
          description?: string | null
          id?: string
          name?: string
        }
        Relationships: []
      }
      command_patterns: {
        Row: {
          category_id: string
          created_at: string
          id: string
          is_active: boolean
          pattern: string
        }
        Insert: {
          category_id: string
          created_at?: string
          id?: string
          is_active?: boolean
          pattern: string
        }
        Update: {
          category_id?: string
          created_at?: string
          id?: string
          is_active?: boolean
          pattern?: string
        }
        Relationships: [
          {
            foreignKeyName: "command_patterns_category_id_fkey"
            columns: ["category_id"]
            isOneToOne: false
            referencedRelation: "command_categories"
            referencedColumns: ["id"]
          },
        ]
      }
      command_tracking: {
        Row: {
          command_name: string
          duration_ms: number | null
          error_message: string | null
          execution_time: string
          id: string
          pipeline_name: string
          records_affected: number | null
          status: string
          summary: string | null
        }
        Insert: {
          command_name: string
          duration_ms?: number | null
          error_message?: string | null
          execution_time?: string
          id?: string
          pipeline_name: string
          records_affected?: number | null
          status: string
          summary?: string | null
        }
        Update: {
          command_name?: string
          duration_ms?: number | null
          error_message?: string | null
          execution_time?: string
          id?: string
          pipeline_name?: string
          records_affected?: number | null
          status?: string
          summary?: string | null
        }
        Relationships: []
      }
      doc_concepts: {
        Row: {
          concept: string
          created_at: string
          document_id: string
          id: string
          subject_classification_id: string | null
          weight: number | null
        }
        Insert: {
          concept: string
          created_at?: string
          document_id: string
          id?: string
          subject_classification_id?: string | null
          weight?: number | null
        }
        Update: {
          concept?: string
          created_at?: string
          document_id?: string
          id?: string
          subject_classification_id?: string | null
          weight?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "document_concepts_document_id_fkey"
            columns: ["document_id"]
            isOneToOne: false
            referencedRelation: "google_sources"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "document_concepts_subject_classification_id_fkey"
            columns: ["subject_classification_id"]
            isOneToOne: false
            referencedRelation: "learn_subject_classifications"
            referencedColumns: ["id"]
          },
        ]
      }
      doc_files: {
        Row: {
          created_at: string
          document_type_id: string | null
          file_hash: string | null
          file_path: string
          id: string
          language: string | null
          last_indexed_at: string | null
          metadata: Json | null
          status_recommendation: string | null
          summary: Json | null
          title: string
          updated_at: string | null
        }
        Insert: {
          created_at?: string
          document_type_id?: string | null
          file_hash?: string | null
          file_path: string
          id?: string
          language?: string | null
          last_indexed_at?: string | null
          metadata?: Json | null
          status_recommendation?: string | null
          summary?: Json | null
          title: string
          updated_at?: string | null
        }
        Update: {
          created_at?: string
          document_type_id?: string | null
          file_hash?: string | null
          file_path?: string
          id?: string
          language?: string | null
          last_indexed_at?: string | null
          metadata?: Json | null
          status_recommendation?: string | null
          summary?: Json | null
          title?: string
          updated_at?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "documentation_files_document_type_id_fkey"
            columns: ["document_type_id"]
            isOneToOne: false
            referencedRelation: "doc_types"
            referencedColumns: ["id"]
          },
        ]
      }
      doc_files_missing_ids: {
        Row: {
          created_at: string
          file_path: string
          id: string
          reason: string | null
        }
        Insert: {
          created_at?: string
          file_path: string
          id?: string
          reason?: string | null
        }
        Update: {
          created_at?: string
          file_path?: string
          id?: string
          reason?: string | null
        }
        Relationships: []
      }
      doc_processing_queue: {
        Row: {
          attempts: number
          created_at: string
          file_id: string
          id: string
          last_error: string | null
          priority: number
          status: Database["public"]["Enums"]["processing_status"]
          updated_at: string | null
        }
        Insert: {
          attempts?: number
          created_at?: string
          file_id: string
          id?: string
          last_error?: string | null
          priority?: number
          status?: Database["public"]["Enums"]["processing_status"]
          updated_at?: string | null
        }
        Update: {
          attempts?: number
          created_at?: string
          file_id?: string
          id?: string
          last_error?: string | null
          priority?: number
          status?: Database["public"]["Enums"]["processing_status"]
          updated_at?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "documentation_processing_queue_file_id_fkey"
            columns: ["file_id"]
            isOneToOne: true
            referencedRelation: "doc_files"
            referencedColumns: ["id"]
          },
        ]
      }
      doc_sections: {
        Row: {
          anchor_id: string | null
          created_at: string
          file_id: string
          heading: string
          id: string
          level: number
          position: number
          summary: string | null
        }
        Insert: {
          anchor_id?: string | null
          created_at?: string
          file_id: string
          heading: string
          id?: string
          level: number
          position: number
          summary?: string | null
        }
        Update: {
          anchor_id?: string | null
          created_at?: string
          file_id?: string
          heading?: string
          id?: string
          level?: number
          position?: number
          summary?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "documentation_sections_file_id_fkey"
            columns: ["file_id"]
            isOneToOne: false
            referencedRelation: "doc_files"
            referencedColumns: ["id"]
          },
        ]
      }
      doc_type_aliases: {
        Row: {
          alias_name: string
          created_at: string
          document_type_id: string
          id: number
        }
        Insert: {
          alias_name: string
          created_at?: string
          document_type_id: string
          id?: number
        }
        Update: {
          alias_name?: string
          created_at?: string
          document_type_id?: string
          id?: number
        }
        Relationships: [
          {
            foreignKeyName: "document_type_aliases_document_type_id_fkey"
            columns: ["document_type_id"]
            isOneToOne: false
            referencedRelation: "doc_types"
            referencedColumns: ["id"]
          },
        ]
      }
      doc_types: {
        Row: {
          category: string | null
          classifier: Database["public"]["Enums"]["document_classifier"] | null
          created_at: string
          description: string | null
          id: string
          is_ai_generated: boolean
          mime_type: string | null
          name: string
          updated_at: string | null
        }
        Insert: {
          category?: string | null
          classifier?: Database["public"]["Enums"]["document_classifier"] | null
          created_at?: string
          description?: string | null
          id?: string
          is_ai_generated?: boolean
          mime_type?: string | null
          name: string
          updated_at?: string | null
        }
        Update: {
          category?: string | null
          classifier?: Database["public"]["Enums"]["document_classifier"] | null
          created_at?: string
          description?: string | null
          id?: string
          is_ai_generated?: boolean
          mime_type?: string | null
          name?: string
          updated_at?: string | null
        }
        Relationships: []
      }
      doc_types_original: {
        Row: {
          category: string | null
          created_at: string
          description: string | null
          document_type: string
          file_extension: string | null
          id: string
        }
        Insert: {
          category?: string | null
          created_at?: string
          description?: string | null
          document_type: string
          file_extension?: string | null
          id?: string
        }
        Update: {
          category?: string | null
          created_at?: string
          description?: string | null
          document_type?: string
          file_extension?: string | null
          id?: string
        }
        Relationships: []
      }
      email_addresses: {
        Row: {
          created_at: string
          display_name: string | null
          email_address: string
          id: string
          is_important: boolean
        }
        Insert: {
          created_at?: string
          display_name?: string | null
          email_address: string
          id?: string
          is_important?: boolean
        }
        Update: {
          created_at?: string
          display_name?: string | null
          email_address?: string
          id?: string
          is_important?: boolean
        }
        Relationships: []
      }
      email_messages: {
        Row: {
          body_text: string | null
          created_at: string
          has_attachments: boolean
          id: string
          labels: string[] | null
          received_at: string
          sender_address_id: string | null
          subject: string | null
        }
        Insert: {
          body_text?: string | null
          created_at?: string
          has_attachments?: boolean
          id?: string
          labels?: string[] | null
          received_at: string
          sender_address_id?: string | null
          subject?: string | null
        }
        Update: {
          body_text?: string | null
          created_at?: string
          has_attachments?: boolean
          id?: string
          labels?: string[] | null
          received_at?: string
          sender_address_id?: string | null
          subject?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "emails_sender_address_id_fkey"
            columns: ["sender_address_id"]
            isOneToOne: false
            referencedRelation: "email_addresses"
            referencedColumns: ["id"]
          },
        ]
      }
      expert_citation_aliases: {
        Row: {
          bibliography_name: string
          citation_id: number
          created_at: string
          expert_id: string | null
          expert_name: string
        }
        Insert: {
          bibliography_name: string
          citation_id?: number
          created_at?: string
          expert_id?: string | null
          expert_name: string
        }
        Update: {
          bibliography_name?: string
          citation_id?: number
          created_at?: string
          expert_id?: string | null
          expert_name?: string
        }
        Relationships: [
          {
            foreignKeyName: "citation_expert_aliases_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "expert_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "citation_expert_aliases_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "experts"
            referencedColumns: ["id"]
          },
        ]
      }
      expert_documents: {
        Row: {
          created_at: string
          document_type_id: string | null
          expert_id: string | null
          id: string
          processed_content: Json | null
          processing_status: Database["public"]["Enums"]["processing_status"] | null
          raw_content: string | null
          source_id: string
          title: string | null
          updated_at: string | null
          word_count: number | null
        }
        Insert: {
          created_at?: string
          document_type_id?: string | null
          expert_id?: string | null
          id?: string
          processed_content?: Json | null
          processing_status?: Database["public"]["Enums"]["processing_status"] | null
          raw_content?: string | null
          source_id: string
          title?: string | null
          updated_at?: string | null
          word_count?: number | null
        }
        Update: {
          created_at?: string
          document_type_id?: string | null
          expert_id?: string | null
          id?: string
          processed_content?: Json | null
          processing_status?: Database["public"]["Enums"]["processing_status"] | null
          raw_content?: string | null
          source_id?: string
          title?: string | null
          updated_at?: string | null
          word_count?: number | null
        }
        Relationships: [
          {
            foreignKeyName: "expert_documents_document_type_id_fkey"
            columns: ["document_type_id"]
            isOneToOne: false
            referencedRelation: "doc_types"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "expert_documents_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "expert_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "expert_documents_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "experts"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "expert_documents_source_id_fkey"
            columns: ["source_id"]
            isOneToOne: false
            referencedRelation: "google_sources"
            referencedColumns: ["id"]
          },
        ]
      }
      expert_preferences: {
        Row: {
          created_at: string
          expert_id: string
          id: string
          preference_key: string
          preference_value: Json | null
        }
        Insert: {
          created_at?: string
          expert_id: string
          id?: string
          preference_key: string
          preference_value?: Json | null
        }
        Update: {
          created_at?: string
          expert_id?: string
          id?: string
          preference_key?: string
          preference_value?: Json | null
        }
        Relationships: [
          {
            foreignKeyName: "expert_preferences_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: true
            referencedRelation: "expert_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      expert_profiles: {
        Row: {
          bio: string | null
          created_at: string
          email_address: string | null
          expert_name: string
          expertise_area: string | null
          full_name: string | null
          id: string
          is_in_core_group: boolean
          metadata: Json | null
          updated_at: string | null
          user_id: string | null
        }
        Insert: {
          bio?: string | null
          created_at?: string
          email_address?: string | null
          expert_name: string
          expertise_area?: string | null
          full_name?: string | null
          id?: string
          is_in_core_group?: boolean
          metadata?: Json | null
          updated_at?: string | null
          user_id?: string | null
        }
        Update: {
          bio?: string | null
          created_at?: string
          email_address?: string | null
          expert_name?: string
          expertise_area?: string | null
          full_name?: string | null
          id?: string
          is_in_core_group?: boolean
          metadata?: Json | null
          updated_at?: string | null
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "experts_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      filter_user_profile_drives: {
        Row: {
          created_at: string
          id: string
          include_children: boolean
          profile_id: string
          root_drive_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          include_children?: boolean
          profile_id: string
          root_drive_id: string
        }
        Update: {
          created_at?: string
          id?: string
          include_children?: boolean
          profile_id?: string
          root_drive_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "user_filter_profile_drives_profile_id_fkey"
            columns: ["profile_id"]
            isOneToOne: false
            referencedRelation: "filter_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      filter_user_profiles: {
        Row: {
          created_at: string
          description: string | null
          id: string
          is_active: boolean
          name: string
          user_id: string | null
        }
        Insert: {
          created_at?: string
          description?: string | null
          id?: string
          is_active?: boolean
          name: string
          user_id?: string | null
        }
        Update: {
          created_at?: string
          description?: string | null
          id?: string
          is_active?: boolean
          name?: string
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "user_filter_profiles_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      google_sources: {
        Row: {
          created_at: string
          document_type_id: string | null
          drive_id: string
          expert_id: string | null
          id: string
          is_deleted: boolean
          metadata: Json | null
          mime_type: string | null
          modified_at: string | null
          name: string
          parent_folder_id: string | null
          path: string | null
          path_array: string[] | null
          path_depth: number | null
          root_drive_id: string | null
          size: number | null
          updated_at: string | null
          web_view_link: string | null
        }
        Insert: {
          created_at?: string
          document_type_id?: string | null
          drive_id: string
          expert_id?: string | null
          id?: string
          is_deleted?: boolean
          metadata?: Json | null
          mime_type?: string | null
          modified_at?: string | null
          name: string
          parent_folder_id?: string | null
          path?: string | null
          path_array?: string[] | null
          path_depth?: number | null
          root_drive_id?: string | null
          size?: number | null
          updated_at?: string | null
          web_view_link?: string | null
        }
        Update: {
          created_at?: string
          document_type_id?: string | null
          drive_id?: string
          expert_id?: string | null
          id?: string
          is_deleted?: boolean
          metadata?: Json | null
          mime_type?: string | null
          modified_at?: string | null
          name?: string
          parent_folder_id?: string | null
          path?: string | null
          path_array?: string[] | null
          path_depth?: number | null
          root_drive_id?: string | null
          size?: number | null
          updated_at?: string | null
          web_view_link?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "sources_google_document_type_id_fkey"
            columns: ["document_type_id"]
            isOneToOne: false
            referencedRelation: "doc_types"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "sources_google_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "expert_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      google_sources_experts: {
        Row: {
          created_at: string
          expert_id: string
          id: string
          is_primary: boolean
          role_description: string | null
          source_id: string
        }
        Insert: {
          created_at?: string
          expert_id: string
          id?: string
          is_primary?: boolean
          role_description?: string | null
          source_id: string
        }
        Update: {
          created_at?: string
          expert_id?: string
          id?: string
          is_primary?: boolean
          role_description?: string | null
          source_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "sources_google_experts_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "expert_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "sources_google_experts_source_id_fkey"
            columns: ["source_id"]
            isOneToOne: false
            referencedRelation: "google_sources"
            referencedColumns: ["id"]
          },
        ]
      }
      google_sources_legacy: {
        Row: {
          created_at: string
          id: string
          imported_at: string | null
          kind: string | null
          name: string
          url: string | null
        }
        Insert: {
          created_at?: string
          id?: string
          imported_at?: string | null
          kind?: string | null
          name: string
          url?: string | null
        }
        Update: {
          created_at?: string
          id?: string
          imported_at?: string | null
          kind?: string | null
          name?: string
          url?: string | null
        }
        Relationships: []
      }
      google_sync_history: {
        Row: {
          completed_at: string | null
          error_message: string | null
          files_added: number
          files_error: number
          files_processed: number
          folder_id: string
          folder_name: string | null
          id: string
          started_at: string
          status: Database["public"]["Enums"]["processing_status"]
        }
        Insert: {
          completed_at?: string | null
          error_message?: string | null
          files_added?: number
          files_error?: number
          files_processed?: number
          folder_id: string
          folder_name?: string | null
          id?: string
          started_at?: string
          status?: Database["public"]["Enums"]["processing_status"]
        }
        Update: {
          completed_at?: string | null
          error_message?: string | null
          files_added?: number
          files_error?: number
          files_processed?: number
          folder_id?: string
          folder_name?: string | null
          id?: string
          started_at?: string
          status?: Database["public"]["Enums"]["processing_status"]
        }
        Relationships: []
      }
      google_sync_statistics: {
        Row: {
          created_at: string
          folder_id: string
          google_docs_count: number
          id: string
          mp4_count: number
          pdf_count: number
          sync_history_id: string | null
          total_files: number
          total_size_bytes: number
        }
        Insert: {
          created_at?: string
          folder_id: string
          google_docs_count?: number
          id?: string
          mp4_count?: number
          pdf_count?: number
          sync_history_id?: string | null
          total_files?: number
          total_size_bytes?: number
        }
        Update: {
          created_at?: string
          folder_id?: string
          google_docs_count?: number
          id?: string
          mp4_count?: number
          pdf_count?: number
          sync_history_id?: string | null
          total_files?: number
          total_size_bytes?: number
        }
        Relationships: [
          {
            foreignKeyName: "sync_statistics_sync_history_id_fkey"
            columns: ["sync_history_id"]
            isOneToOne: true
            referencedRelation: "google_sync_history"
            referencedColumns: ["id"]
          },
        ]
      }
      learn_subject_classifications: {
        Row: {
          associated_concepts: string | null
          created_at: string
          id: string
          short_name: string | null
          subject: string
          subject_character: string | null
        }
        Insert: {
          associated_concepts?: string | null
          created_at?: string
          id?: string
          short_name?: string | null
          subject: string
          subject_character?: string | null
        }
        Update: {
          associated_concepts?: string | null
          created_at?: string
          id?: string
          short_name?: string | null
          subject?: string
          subject_character?: string | null
        }
        Relationships: []
      }
      learn_topics: {
        Row: {
          created_at: string
          description: string | null
          difficulty_level: number | null
          id: string
          name: string
          parent_topic_id: string | null
        }
        Insert: {
          created_at?: string
          description?: string | null
          difficulty_level?: number | null
          id?: string
          name: string
          parent_topic_id?: string | null
        }
        Update: {
          created_at?: string
          description?: string | null
          difficulty_level?: number | null
          id?: string
          name?: string
          parent_topic_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "learning_topics_parent_topic_id_fkey"
            columns: ["parent_topic_id"]
            isOneToOne: false
            referencedRelation: "learn_topics"
            referencedColumns: ["id"]
          },
        ]
      }
      learn_user_analytics: {
        Row: {
          completed_presentations: number
          id: string
          last_activity_at: string | null
          total_minutes_watched: number
          updated_at: string | null
          user_id: string
        }
        Insert: {
          completed_presentations?: number
          id?: string
          last_activity_at?: string | null
          total_minutes_watched?: number
          updated_at?: string | null
          user_id: string
        }
        Update: {
          completed_presentations?: number
          id?: string
          last_activity_at?: string | null
          total_minutes_watched?: number
          updated_at?: string | null
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "user_learning_analytics_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: true
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      learn_user_interests: {
        Row: {
          created_at: string
          id: string
          interest_level: number
          subject_id: string
          user_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          interest_level?: number
          subject_id: string
          user_id: string
        }
        Update: {
          created_at?: string
          id?: string
          interest_level?: number
          subject_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "user_subject_interests_subject_id_fkey"
            columns: ["subject_id"]
            isOneToOne: false
            referencedRelation: "learn_subject_classifications"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "user_subject_interests_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      learn_user_scores: {
        Row: {
          created_at: string
          id: string
          reasons: Json | null
          score: number
          source_id: string
          user_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          reasons?: Json | null
          score: number
          source_id: string
          user_id: string
        }
        Update: {
          created_at?: string
          id?: string
          reasons?: Json | null
          score?: number
          source_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "user_content_scores_source_id_fkey"
            columns: ["source_id"]
            isOneToOne: false
            referencedRelation: "google_sources"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "user_content_scores_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      media_bookmarks: {
        Row: {
          created_at: string
          id: string
          note: string | null
          position_seconds: number
          presentation_id: string
          user_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          note?: string | null
          position_seconds: number
          presentation_id: string
          user_id: string
        }
        Update: {
          created_at?: string
          id?: string
          note?: string | null
          position_seconds?: number
          presentation_id?: string
          user_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "media_bookmarks_presentation_id_fkey"
            columns: ["presentation_id"]
            isOneToOne: false
            referencedRelation: "media_presentations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "media_bookmarks_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      media_playback_events: {
        Row: {
          created_at: string
          event_type: string
          id: string
          position_seconds: number
          session_id: string
        }
        Insert: {
          created_at?: string
          event_type: string
          id?: string
          position_seconds: number
          session_id: string
        }
        Update: {
          created_at?: string
          event_type?: string
          id?: string
          position_seconds?: number
          session_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "media_playback_events_session_id_fkey"
            columns: ["session_id"]
            isOneToOne: false
            referencedRelation: "media_sessions"
            referencedColumns: ["id"]
          },
        ]
      }
      media_presentation_assets: {
        Row: {
          asset_role: string | null
          asset_type_id: string | null
          created_at: string
          id: string
          position: number
          presentation_id: string
          source_id: string | null
        }
        Insert: {
          asset_role?: string | null
          asset_type_id?: string | null
          created_at?: string
          id?: string
          position?: number
          presentation_id: string
          source_id?: string | null
        }
        Update: {
          asset_role?: string | null
          asset_type_id?: string | null
          created_at?: string
          id?: string
          position?: number
          presentation_id?: string
          source_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "presentation_assets_asset_type_id_fkey"
            columns: ["asset_type_id"]
            isOneToOne: false
            referencedRelation: "sys_asset_types"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "presentation_assets_presentation_id_fkey"
            columns: ["presentation_id"]
            isOneToOne: false
            referencedRelation: "media_presentations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "presentation_assets_source_id_fkey"
            columns: ["source_id"]
            isOneToOne: false
            referencedRelation: "google_sources"
            referencedColumns: ["id"]
          },
        ]
      }
      media_presentations: {
        Row: {
          created_at: string
          duration_seconds: number | null
          expert_id: string | null
          id: string
          is_public: boolean
          title: string
          updated_at: string | null
          video_source_id: string | null
          view_count: number
        }
        Insert: {
          created_at?: string
          duration_seconds?: number | null
          expert_id?: string | null
          id?: string
          is_public?: boolean
          title: string
          updated_at?: string | null
          video_source_id?: string | null
          view_count?: number
        }
        Update: {
          created_at?: string
          duration_seconds?: number | null
          expert_id?: string | null
          id?: string
          is_public?: boolean
          title?: string
          updated_at?: string | null
          video_source_id?: string | null
          view_count?: number
        }
        Relationships: [
          {
            foreignKeyName: "presentations_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "expert_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "presentations_video_source_id_fkey"
            columns: ["video_source_id"]
            isOneToOne: false
            referencedRelation: "google_sources"
            referencedColumns: ["id"]
          },
        ]
      }
      media_sessions: {
        Row: {
          ended_at: string | null
          id: string
          presentation_id: string | null
          started_at: string
          user_id: string | null
        }
        Insert: {
          ended_at?: string | null
          id?: string
          presentation_id?: string | null
          started_at?: string
          user_id?: string | null
        }
        Update: {
          ended_at?: string | null
          id?: string
          presentation_id?: string | null
          started_at?: string
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "media_sessions_presentation_id_fkey"
            columns: ["presentation_id"]
            isOneToOne: false
            referencedRelation: "media_presentations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "media_sessions_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      media_topic_segments: {
        Row: {
          end_seconds: number
          id: string
          presentation_id: string
          start_seconds: number
          topic_id: string | null
        }
        Insert: {
          end_seconds: number
          id?: string
          presentation_id: string
          start_seconds: number
          topic_id?: string | null
        }
        Update: {
          end_seconds?: number
          id?: string
          presentation_id?: string
          start_seconds?: number
          topic_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "media_topic_segments_presentation_id_fkey"
            columns: ["presentation_id"]
            isOneToOne: false
            referencedRelation: "media_presentations"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "media_topic_segments_topic_id_fkey"
            columns: ["topic_id"]
            isOneToOne: false
            referencedRelation: "learn_topics"
            referencedColumns: ["id"]
          },
        ]
      }
      script_registry: {
        Row: {
          created_at: string
          document_type_id: string | null
          file_path: string
          id: string
          is_deleted: boolean
          language: string
          last_modified_at: string | null
          metadata: Json | null
          title: string | null
          updated_at: string | null
        }
        Insert: {
          created_at?: string
          document_type_id?: string | null
          file_path: string
          id?: string
          is_deleted?: boolean
          language: string
          last_modified_at?: string | null
          metadata?: Json | null
          title?: string | null
          updated_at?: string | null
        }
        Update: {
          created_at?: string
          document_type_id?: string | null
          file_path?: string
          id?: string
          is_deleted?: boolean
          language?: string
          last_modified_at?: string | null
          metadata?: Json | null
          title?: string | null
          updated_at?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "scripts_document_type_id_fkey"
            columns: ["document_type_id"]
            isOneToOne: false
            referencedRelation: "doc_types"
            referencedColumns: ["id"]
          },
        ]
      }
      sys_app_pages: {
        Row: {
          app_name: string
          created_at: string
          description: string | null
          id: string
          page_name: string | null
          page_path: string
        }
        Insert: {
          app_name: string
          created_at?: string
          description?: string | null
          id?: string
          page_name?: string | null
          page_path: string
        }
        Update: {
          app_name?: string
          created_at?: string
          description?: string | null
          id?: string
          page_name?: string | null
          page_path?: string
        }
        Relationships: []
      }
      sys_asset_types: {
        Row: {
          asset_type_name: string
          created_at: string
          description: string | null
          id: string
          mime_type_id: string | null
        }
        Insert: {
          asset_type_name: string
          created_at?: string
          description?: string | null
          id?: string
          mime_type_id?: string | null
        }
        Update: {
          asset_type_name?: string
          created_at?: string
          description?: string | null
          id?: string
          mime_type_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "asset_types_mime_type_id_fkey"
            columns: ["mime_type_id"]
            isOneToOne: false
            referencedRelation: "sys_mime_types"
            referencedColumns: ["id"]
          },
        ]
      }
      sys_domains: {
        Row: {
          created_at: string
          description: string | null
          id: string
          is_active: boolean
          name: string
        }
        Insert: {
          created_at?: string
          description?: string | null
          id?: string
          is_active?: boolean
          name: string
        }
        Update: {
          created_at?: string
          description?: string | null
          id?: string
          is_active?: boolean
          name?: string
        }
        Relationships: []
      }
      sys_function_registry: {
        Row: {
          category: string
          created_at: string
          description: string | null
          id: string
          input_types: Json | null
          location: string | null
          name: string
          output_types: Json | null
          status: string | null
          updated_at: string | null
        }
        Insert: {
          category: string
          created_at?: string
          description?: string | null
          id?: string
          input_types?: Json | null
          location?: string | null
          name: string
          output_types?: Json | null
          status?: string | null
          updated_at?: string | null
        }
        Update: {
          category?: string
          created_at?: string
          description?: string | null
          id?: string
          input_types?: Json | null
          location?: string | null
          name?: string
          output_types?: Json | null
          status?: string | null
          updated_at?: string | null
        }
        Relationships: []
      }
      sys_function_relationships: {
        Row: {
          created_at: string
          id: string
          relationship_type: string
          source_function_id: string
          target_function_id: string
        }
        Insert: {
          created_at?: string
          id?: string
          relationship_type: string
          source_function_id: string
          target_function_id: string
        }
        Update: {
          created_at?: string
          id?: string
          relationship_type?: string
          source_function_id?: string
          target_function_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "function_relationships_source_function_id_fkey"
            columns: ["source_function_id"]
            isOneToOne: false
            referencedRelation: "sys_function_registry"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "function_relationships_target_function_id_fkey"
            columns: ["target_function_id"]
            isOneToOne: false
            referencedRelation: "sys_function_registry"
            referencedColumns: ["id"]
          },
        ]
      }
      sys_mime_types: {
        Row: {
          category: string | null
          created_at: string
          file_extension: string | null
          id: string
          is_supported: boolean
          mime_type: string
        }
        Insert: {
          category?: string | null
          created_at?: string
          file_extension?: string | null
          id?: string
          is_supported?: boolean
          mime_type: string
        }
        Update: {
          category?: string | null
          created_at?: string
          file_extension?: string | null
          id?: string
          is_supported?: boolean
          mime_type?: string
        }
        Relationships: []
      }
      sys_sql_query_history: {
        Row: {
          created_at: string
          execution_count: number
          id: string
          last_executed_at: string | null
          query_name: string | null
          query_text: string
          tags: string[] | null
        }
        Insert: {
          created_at?: string
          execution_count?: number
          id?: string
          last_executed_at?: string | null
          query_name?: string | null
          query_text: string
          tags?: string[] | null
        }
        Update: {
          created_at?: string
          execution_count?: number
          id?: string
          last_executed_at?: string | null
          query_name?: string | null
          query_text?: string
          tags?: string[] | null
        }
        Relationships: []
      }
    }
    Views: {
      allowed_emails: {
        Row: {
          added_by: string | null
          created_at: string | null
          email: string | null
          id: string | null
          is_active: boolean | null
          name: string | null
          organization: string | null
        }
        Insert: {
          added_by?: string | null
          created_at?: string | null
          email?: string | null
          id?: string | null
          is_active?: boolean | null
          name?: string | null
          organization?: string | null
        }
        Update: {
          added_by?: string | null
          created_at?: string | null
          email?: string | null
          id?: string | null
          is_active?: boolean | null
          name?: string | null
          organization?: string | null
        }
        Relationships: []
      }
      citation_expert_aliases: {
        Row: {
          bibliography_name: string | null
          citation_id: number | null
          created_at: string | null
          expert_id: string | null
          expert_name: string | null
        }
        Insert: {
          bibliography_name?: string | null
          citation_id?: number | null
          created_at?: string | null
          expert_id?: string | null
          expert_name?: string | null
        }
        Update: {
          bibliography_name?: string | null
          citation_id?: number | null
          created_at?: string | null
          expert_id?: string | null
          expert_name?: string | null
        }
        Relationships: []
      }
      cli_auth_tokens: {
        Row: {
          created_at: string | null
          expires_at: string | null
          id: string | null
          last_used_at: string | null
          name: string | null
          token_hash: string | null
          user_id: string | null
        }
        Insert: {
          created_at?: string | null
          expires_at?: string | null
          id?: string | null
          last_used_at?: string | null
          name?: string | null
          token_hash?: string | null
          user_id?: string | null
        }
        Update: {
          created_at?: string | null
          expires_at?: string | null
          id?: string | null
          last_used_at?: string | null
          name?: string | null
          token_hash?: string | null
          user_id?: string | null
        }
        Relationships: []
      }
      document_concepts: {
        Row: {
          concept: string | null
          created_at: string | null
          document_id: string | null
          id: string | null
          subject_classification_id: string | null
          weight: number | null
        }
        Insert: {
          concept?: string | null
          created_at?: string | null
          document_id?: string | null
          id?: string | null
          subject_classification_id?: string | null
          weight?: number | null
        }
        Update: {
          concept?: string | null
          created_at?: string | null
          document_id?: string | null
          id?: string | null
          subject_classification_id?: string | null
          weight?: number | null
        }
        Relationships: []
      }
      document_type_aliases: {
        Row: {
          alias_name: string | null
          created_at: string | null
          document_type_id: string | null
          id: number | null
        }
        Insert: {
          alias_name?: string | null
          created_at?: string | null
          document_type_id?: string | null
          id?: number | null
        }
        Update: {
          alias_name?: string | null
          created_at?: string | null
          document_type_id?: string | null
          id?: number | null
        }
        Relationships: []
      }
      document_types: {
        Row: {
          category: string | null
          classifier: Database["public"]["Enums"]["document_classifier"] | null
          created_at: string | null
          description: string | null
          id: string | null
          is_ai_generated: boolean | null
          mime_type: string | null
          name: string | null
          updated_at: string | null
        }
        Insert: {
          category?: string | null
          classifier?: Database["public"]["Enums"]["document_classifier"] | null
          created_at?: string | null
          description?: string | null
          id?: string | null
          is_ai_generated?: boolean | null
          mime_type?: string | null
          name?: string | null
          updated_at?: string | null
        }
        Update: {
          category?: string | null
          classifier?: Database["public"]["Enums"]["document_classifier"] | null
          created_at?: string | null
          description?: string | null
          id?: string | null
          is_ai_generated?: boolean | null
          mime_type?: string | null
          name?: string | null
          updated_at?: string | null
        }
        Relationships: []
      }
      document_types_original: {
        Row: {
          category: string | null
          created_at: string | null
          description: string | null
          document_type: string | null
          file_extension: string | null
          id: string | null
        }
        Insert: {
          category?: string | null
          created_at?: string | null
          description?: string | null
          document_type?: string | null
          file_extension?: string | null
          id?: string | null
        }
        Update: {
          category?: string | null
          created_at?: string | null
          description?: string | null
          document_type?: string | null
          file_extension?: string | null
          id?: string | null
        }
        Relationships: []
      }
      documentation_files: {
        Row: {
          created_at: string | null
          document_type_id: string | null
          file_hash: string | null
          file_path: string | null
          id: string | null
          language: string | null
          last_indexed_at: string | null
          metadata: Json | null
          status_recommendation: string | null
          summary: Json | null
          title: string | null
          updated_at: string | null
        }
        Insert: {
          created_at?: string | null
          document_type_id?: string | null
          file_hash?: string | null
          file_path?: string | null
          id?: string | null
          language?: string | null
          last_indexed_at?: string | null
          metadata?: Json | null
          status_recommendation?: string | null
          summary?: Json | null
          title?: string | null
          updated_at?: string | null
        }
        Update: {
          created_at?: string | null
          document_type_id?: string | null
          file_hash?: string | null
          file_path?: string | null
          id?: string | null
          language?: string | null
          last_indexed_at?: string | null
          metadata?: Json | null
          status_recommendation?: string | null
          summary?: Json | null
          title?: string | null
          updated_at?: string | null
        }
        Relationships: []
      }
      documentation_files_missing_doc_ids: {
        Row: {
          created_at: string | null
          file_path: string | null
          id: string | null
          reason: string | null
        }
        Insert: {
          created_at?: string | null
          file_path?: string | null
          id?: string | null
          reason?: string | null
        }
        Update: {
          created_at?: string | null
          file_path?: string | null
          id?: string | null
          reason?: string | null
        }
        Relationships: []
      }
      documentation_processing_queue: {
        Row: {
          attempts: number | null
          created_at: string | null
          file_id: string | null
          id: string | null
          last_error: string | null
          priority: number | null
          status: Database["public"]["Enums"]["processing_status"] | null
          updated_at: string | null
        }
        Insert: {
          attempts?: number | null
          created_at?: string | null
          file_id?: string | null
          id?: string | null
          last_error?: string | null
          priority?: number | null
          status?: Database["public"]["Enums"]["processing_status"] | null
          updated_at?: string | null
        }
        Update: {
          attempts?: number | null
          created_at?: string | null
          file_id?: string | null
          id?: string | null
          last_error?: string | null
          priority?: number | null
          status?: Database["public"]["Enums"]["processing_status"] | null
          updated_at?: string | null
        }
        Relationships: []
      }
      documentation_sections: {
        Row: {
          anchor_id: string | null
          created_at: string | null
          file_id: string | null
          heading: string | null
          id: string | null
          level: number | null
          position: number | null
          summary: string | null
        }
        Insert: {
          anchor_id?: string | null
          created_at?: string | null
          file_id?: string | null
          heading?: string | null
          id?: string | null
          level?: number | null
          position?: number | null
          summary?: string | null
        }
        Update: {
          anchor_id?: string | null
          created_at?: string | null
          file_id?: string | null
          heading?: string | null
          id?: string | null
          level?: number | null
          position?: number | null
          summary?: string | null
        }
        Relationships: []
      }
      emails: {
        Row: {
          body_text: string | null
          created_at: string | null
          has_attachments: boolean | null
          id: string | null
          labels: string[] | null
          received_at: string | null
          sender_address_id: string | null
          subject: string | null
        }
        Insert: {
          body_text?: string | null
          created_at?: string | null
          has_attachments?: boolean | null
          id?: string | null
          labels?: string[] | null
          received_at?: string | null
          sender_address_id?: string | null
          subject?: string | null
        }
        Update: {
          body_text?: string | null
          created_at?: string | null
          has_attachments?: boolean | null
          id?: string | null
          labels?: string[] | null
          received_at?: string | null
          sender_address_id?: string | null
          subject?: string | null
        }
        Relationships: []
      }
      expert_document_counts: {
        Row: {
          document_count: number | null
          expert_id: string | null
          expert_name: string | null
        }
        Relationships: []
      }
      experts: {
        Row: {
          bio: string | null
          created_at: string | null
          email_address: string | null
          expert_name: string | null
          expertise_area: string | null
          full_name: string | null
          id: string | null
          is_in_core_group: boolean | null
          metadata: Json | null
          updated_at: string | null
          user_id: string | null
        }
        Insert: {
          bio?: string | null
          created_at?: string | null
          email_address?: string | null
          expert_name?: string | null
          expertise_area?: string | null
          full_name?: string | null
          id?: string | null
          is_in_core_group?: boolean | null
          metadata?: Json | null
          updated_at?: string | null
          user_id?: string | null
        }
        Update: {
          bio?: string | null
          created_at?: string | null
          email_address?: string | null
          expert_name?: string | null
          expertise_area?: string | null
          full_name?: string | null
          id?: string | null
          is_in_core_group?: boolean | null
          metadata?: Json | null
          updated_at?: string | null
          user_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "experts_user_id_fkey"
            columns: ["user_id"]
            isOneToOne: false
            referencedRelation: "auth_user_profiles"
            referencedColumns: ["id"]
          },
        ]
      }
      function_registry: {
        Row: {
          category: string | null
          created_at: string | null
          description: string | null
          id: string | null
          input_types: Json | null
          location: string | null
          name: string | null
          output_types: Json | null
          status: string | null
          updated_at: string | null
        }
        Insert: {
          category?: string | null
          created_at?: string | null
          description?: string | null
          id?: string | null
          input_types?: Json | null
          location?: string | null
          name?: string | null
          output_types?: Json | null
          status?: string | null
          updated_at?: string | null
        }
        Update: {
          category?: string | null
          created_at?: string | null
          description?: string | null
          id?: string | null
          input_types?: Json | null
          location?: string | null
          name?: string | null
          output_types?: Json | null
          status?: string | null
          updated_at?: string | null
        }
        Relationships: []
      }
      function_relationships: {
        Row: {
          created_at: string | null
          id: string | null
          relationship_type: string | null
          source_function_id: string | null
          target_function_id: string | null
        }
        Insert: {
          created_at?: string | null
          id?: string | null
          relationship_type?: string | null
          source_function_id?: string | null
          target_function_id?: string | null
        }
        Update: {
          created_at?: string | null
          id?: string | null
          relationship_type?: string | null
          source_function_id?: string | null
          target_function_id?: string | null
        }
        Relationships: []
      }
      learning_topics: {
        Row: {
          created_at: string | null
          description: string | null
          difficulty_level: number | null
          id: string | null
          name: string | null
          parent_topic_id: string | null
        }
        Insert: {
          created_at?: string | null
          description?: string | null
          difficulty_level?: number | null
          id?: string | null
          name?: string | null
          parent_topic_id?: string | null
        }
        Update: {
          created_at?: string | null
          description?: string | null
          difficulty_level?: number | null
          id?: string | null
          name?: string | null
          parent_topic_id?: string | null
        }
        Relationships: []
      }
      presentation_assets: {
        Row: {
          asset_role: string | null
          asset_type_id: string | null
          created_at: string | null
          id: string | null
          position: number | null
          presentation_id: string | null
          source_id: string | null
        }
        Insert: {
          asset_role?: string | null
          asset_type_id?: string | null
          created_at?: string | null
          id?: string | null
          position?: number | null
          presentation_id?: string | null
          source_id?: string | null
        }
        Update: {
          asset_role?: string | null
          asset_type_id?: string | null
          created_at?: string | null
          id?: string | null
          position?: number | null
          presentation_id?: string | null
          source_id?: string | null
        }
        Relationships: []
      }
      presentations: {
        Row: {
          created_at: string | null
          duration_seconds: number | null
          expert_id: string | null
          id: string | null
          is_public: boolean | null
          title: string | null
          updated_at: string | null
          video_source_id: string | null
          view_count: number | null
        }
        Insert: {
          created_at?: string | null
          duration_seconds?: number | null
          expert_id?: string | null
          id?: string | null
          is_public?: boolean | null
          title?: string | null
          updated_at?: string | null
          video_source_id?: string | null
          view_count?: number | null
        }
        Update: {
          created_at?: string | null
          duration_seconds?: number | null
          expert_id?: string | null
          id?: string | null
          is_public?: boolean | null
          title?: string | null
          updated_at?: string | null
          video_source_id?: string | null
          view_count?: number | null
        }
        Relationships: []
      }
      scripts: {
        Row: {
          created_at: string | null
          document_type_id: string | null
          file_path: string | null
          id: string | null
          is_deleted: boolean | null
          language: string | null
          last_modified_at: string | null
          metadata: Json | null
          title: string | null
          updated_at: string | null
        }
        Insert: {
          created_at?: string | null
          document_type_id?: string | null
          file_path?: string | null
          id?: string | null
          is_deleted?: boolean | null
          language?: string | null
          last_modified_at?: string | null
          metadata?: Json | null
          title?: string | null
          updated_at?: string | null
        }
        Update: {
          created_at?: string | null
          document_type_id?: string | null
          file_path?: string | null
          id?: string | null
          is_deleted?: boolean | null
          language?: string | null
          last_modified_at?: string | null
          metadata?: Json | null
          title?: string | null
          updated_at?: string | null
        }
        Relationships: []
      }
      sources: {
        Row: {
          created_at: string | null
          id: string | null
          imported_at: string | null
          kind: string | null
          name: string | null
          url: string | null
        }
        Insert: {
          created_at?: string | null
          id?: string | null
          imported_at?: string | null
          kind?: string | null
          name?: string | null
          url?: string | null
        }
        Update: {
          created_at?: string | null
          id?: string | null
          imported_at?: string | null
          kind?: string | null
          name?: string | null
          url?: string | null
        }
        Relationships: []
      }
      sources_google: {
        Row: {
          created_at: string | null
          document_type_id: string | null
          drive_id: string | null
          expert_id: string | null
          id: string | null
          is_deleted: boolean | null
          metadata: Json | null
          mime_type: string | null
          modified_at: string | null
          name: string | null
          parent_folder_id: string | null
          path: string | null
          path_array: string[] | null
          path_depth: number | null
          root_drive_id: string | null
          size: number | null
          updated_at: string | null
          web_view_link: string | null
        }
        Insert: {
          created_at?: string | null
          document_type_id?: string | null
          drive_id?: string | null
          expert_id?: string | null
          id?: string | null
          is_deleted?: boolean | null
          metadata?: Json | null
          mime_type?: string | null
          modified_at?: string | null
          name?: string | null
          parent_folder_id?: string | null
          path?: string | null
          path_array?: string[] | null
          path_depth?: number | null
          root_drive_id?: string | null
          size?: number | null
          updated_at?: string | null
          web_view_link?: string | null
        }
        Update: {
          created_at?: string | null
          document_type_id?: string | null
          drive_id?: string | null
          expert_id?: string | null
          id?: string | null
          is_deleted?: boolean | null
          metadata?: Json | null
          mime_type?: string | null
          modified_at?: string | null
          name?: string | null
          parent_folder_id?: string | null
          path?: string | null
          path_array?: string[] | null
          path_depth?: number | null
          root_drive_id?: string | null
          size?: number | null
          updated_at?: string | null
          web_view_link?: string | null
        }
        Relationships: []
      }
      sources_google_experts: {
        Row: {
          created_at: string | null
          expert_id: string | null
          id: string | null
          is_primary: boolean | null
          role_description: string | null
          source_id: string | null
        }
        Insert: {
          created_at?: string | null
          expert_id?: string | null
          id?: string | null
          is_primary?: boolean | null
          role_description?: string | null
          source_id?: string | null
        }
        Update: {
          created_at?: string | null
          expert_id?: string | null
          id?: string | null
          is_primary?: boolean | null
          role_description?: string | null
          source_id?: string | null
        }
        Relationships: [
          {
            foreignKeyName: "sources_google_experts_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "expert_profiles"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "sources_google_experts_source_id_fkey"
            columns: ["source_id"]
            isOneToOne: false
            referencedRelation: "google_sources"
            referencedColumns: ["id"]
          },
        ]
      }
      sql_query_history: {
        Row: {
          created_at: string | null
          execution_count: number | null
          id: string | null
          last_executed_at: string | null
          query_name: string | null
          query_text: string | null
          tags: string[] | null
        }
        Insert: {
          created_at?: string | null
          execution_count?: number | null
          id?: string | null
          last_executed_at?: string | null
          query_name?: string | null
          query_text?: string | null
          tags?: string[] | null
        }
        Update: {
          created_at?: string | null
          execution_count?: number | null
          id?: string | null
          last_executed_at?: string | null
          query_name?: string | null
          query_text?: string | null
          tags?: string[] | null
        }
        Relationships: []
      }
      subject_classifications: {
        Row: {
          associated_concepts: string | null
          created_at: string | null
          id: string | null
          short_name: string | null
          subject: string | null
          subject_character: string | null
        }
        Insert: {
          associated_concepts?: string | null
          created_at?: string | null
          id?: string | null
          short_name?: string | null
          subject?: string | null
          subject_character?: string | null
        }
        Update: {
          associated_concepts?: string | null
          created_at?: string | null
          id?: string | null
          short_name?: string | null
          subject?: string | null
          subject_character?: string | null
        }
        Relationships: []
      }
      sync_history: {
        Row: {
          completed_at: string | null
          error_message: string | null
          files_added: number | null
          files_error: number | null
          files_processed: number | null
          folder_id: string | null
          folder_name: string | null
          id: string | null
          started_at: string | null
          status: Database["public"]["Enums"]["processing_status"] | null
        }
        Insert: {
          completed_at?: string | null
          error_message?: string | null
          files_added?: number | null
          files_error?: number | null
          files_processed?: number | null
          folder_id?: string | null
          folder_name?: string | null
          id?: string | null
          started_at?: string | null
          status?: Database["public"]["Enums"]["processing_status"] | null
        }
        Update: {
          completed_at?: string | null
          error_message?: string | null
          files_added?: number | null
          files_error?: number | null
          files_processed?: number | null
          folder_id?: string | null
          folder_name?: string | null
          id?: string | null
          started_at?: string | null
          status?: Database["public"]["Enums"]["processing_status"] | null
        }
        Relationships: []
      }
      sync_statistics: {
        Row: {
          created_at: string | null
          folder_id: string | null
          google_docs_count: number | null
          id: string | null
          mp4_count: number | null
          pdf_count: number | null
          sync_history_id: string | null
          total_files: number | null
          total_size_bytes: number | null
        }
        Insert: {
          created_at?: string | null
          folder_id?: string | null
          google_docs_count?: number | null
          id?: string | null
          mp4_count?: number | null
          pdf_count?: number | null
          sync_history_id?: string | null
          total_files?: number | null
          total_size_bytes?: number | null
        }
        Update: {
          created_at?: string | null
          folder_id?: string | null
          google_docs_count?: number | null
          id?: string | null
          mp4_count?: number | null
          pdf_count?: number | null
          sync_history_id?: string | null
          total_files?: number | null
          total_size_bytes?: number | null
        }
        Relationships: []
      }
      user_content_scores: {
        Row: {
          created_at: string | null
          id: string | null
          reasons: Json | null
          score: number | null
          source_id: string | null
          user_id: string | null
        }
        Insert: {
          created_at?: string | null
          id?: string | null
          reasons?: Json | null
          score?: number | null
          source_id?: string | null
          user_id?: string | null
        }
        Update: {
          created_at?: string | null
          id?: string | null
          reasons?: Json | null
          score?: number | null
          source_id?: string | null
          user_id?: string | null
        }
        Relationships: []
      }
      user_filter_profile_drives: {
        Row: {
          created_at: string | null
          id: string | null
          include_children: boolean | null
          profile_id: string | null
          root_drive_id: string | null
        }
        Insert: {
          created_at?: string | null
          id?: string | null
          include_children?: boolean | null
          profile_id?: string | null
          root_drive_id?: string | null
        }
        Update: {
          created_at?: string | null
          id?: string | null
          include_children?: boolean | null
          profile_id?: string | null
          root_drive_id?: string | null
        }
        Relationships: []
      }
      user_filter_profiles: {
        Row: {
          created_at: string | null
          description: string | null
          id: string | null
          is_active: boolean | null
          name: string | null
          user_id: string | null
        }
        Insert: {
          created_at?: string | null
          description?: string | null
          id?: string | null
          is_active?: boolean | null
          name?: string | null
          user_id?: string | null
        }
        Update: {
          created_at?: string | null
          description?: string | null
          id?: string | null
          is_active?: boolean | null
          name?: string | null
          user_id?: string | null
        }
        Relationships: []
      }
      user_learning_analytics: {
        Row: {
          completed_presentations: number | null
          id: string | null
          last_activity_at: string | null
          total_minutes_watched: number | null
          updated_at: string | null
          user_id: string | null
        }
        Insert: {
          completed_presentations?: number | null
          id?: string | null
          last_activity_at?: string | null
          total_minutes_watched?: number | null
          updated_at?: string | null
          user_id?: string | null
        }
        Update: {
          completed_presentations?: number | null
          id?: string | null
          last_activity_at?: string | null
          total_minutes_watched?: number | null
          updated_at?: string | null
          user_id?: string | null
        }
        Relationships: []
      }
      user_profiles_v2: {
        Row: {
          created_at: string | null
          email: string | null
          full_name: string | null
          id: string | null
          learning_goals: string[] | null
          onboarding_completed: boolean | null
          preferred_formats: Json | null
          profession: string | null
          updated_at: string | null
        }
        Insert: {
          created_at?: string | null
          email?: string | null
          full_name?: string | null
          id?: string | null
          learning_goals?: string[] | null
          onboarding_completed?: boolean | null
          preferred_formats?: Json | null
          profession?: string | null
          updated_at?: string | null
        }
        Update: {
          created_at?: string | null
          email?: string | null
          full_name?: string | null
          id?: string | null
          learning_goals?: string[] | null
          onboarding_completed?: boolean | null
          preferred_formats?: Json | null
          profession?: string | null
          updated_at?: string | null
        }
        Relationships: []
      }
      user_subject_interests: {
        Row: {
          created_at: string | null
          id: string | null
          interest_level: number | null
          subject_id: string | null
          user_id: string | null
        }
        Insert: {
          created_at?: string | null
          id?: string | null
          interest_level?: number | null
          subject_id?: string | null
          user_id?: string | null
        }
        Update: {
          created_at?: string | null
          id?: string | null
          interest_level?: number | null
          subject_id?: string | null
          user_id?: string | null
        }
        Relationships: []
      }
    }
    Functions: {
      count_expert_documents: {
        Args: { p_expert_id: string }
        Returns: number
      }
      find_experts_by_area: {
        Args: { p_area: string }
        Returns: {
          bio: string | null
          created_at: string
          email_address: string | null
          expert_name: string
          expertise_area: string | null
          full_name: string | null
          id: string
          is_in_core_group: boolean
          metadata: Json | null
          updated_at: string | null
          user_id: string | null
        }[]
        SetofOptions: {
          from: "*"
          to: "expert_profiles"
          isOneToOne: false
          isSetofReturn: true
        }
      }
      refresh_sync_statistics: { Args: never; Returns: undefined }
    }
    Enums: {
      document_classifier: "pdf" | "docx" | "transcript" | "video"
      processing_status: "pending" | "processing" | "completed" | "failed"
    }
    CompositeTypes: {
      drive_path: {
        root_drive_id: string | null
        segments: string[] | null
      }
    }
  }
}

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] &
        DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] &
        DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R
      }
      ? R
      : never
    : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I
      }
      ? I
      : never
    : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never,
> = DefaultSchemaTableNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U
      }
      ? U
      : never
    : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never,
> = DefaultSchemaEnumNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never,
> = PublicCompositeTypeNameOrOptions extends {
  schema: keyof DatabaseWithoutInternals
}
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never

export const Constants = {
  public: {
    Enums: {
      document_classifier: ["pdf", "docx", "transcript", "video"],
      processing_status: ["pending", "processing", "completed", "failed"],
    },
  },
} as const
