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
      document_types: {
        Row: {
          category: string | null
          document_type: string
          id: string
        }
        Insert: {
          category?: string | null
          document_type: string
          id?: string
        }
        Update: {
          category?: string | null
          document_type?: string
          id?: string
        }
        Relationships: []
      }
      documentation_files: {
        Row: {
          created_at: string
          document_type_id: string | null
          expert_id: string | null
          file_path: string
          id: string
          source_id: string | null
          title: string
        }
        Insert: {
          created_at?: string
          document_type_id?: string | null
          expert_id?: string | null
          file_path: string
          id?: string
          source_id?: string | null
          title: string
        }
        Update: {
          created_at?: string
          document_type_id?: string | null
          expert_id?: string | null
          file_path?: string
          id?: string
          source_id?: string | null
          title?: string
        }
        Relationships: [
          {
            foreignKeyName: "documentation_files_document_type_id_fkey"
            columns: ["document_type_id"]
            isOneToOne: false
            referencedRelation: "document_types"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "documentation_files_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "experts"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "documentation_files_source_id_fkey"
            columns: ["source_id"]
            isOneToOne: false
            referencedRelation: "sources_google"
            referencedColumns: ["id"]
          },
        ]
      }
      documentation_sections: {
        Row: {
          documentation_file_id: string
          heading: string | null
          id: string
          position: number
        }
        Insert: {
          documentation_file_id: string
          heading?: string | null
          id?: string
          position?: number
        }
        Update: {
          documentation_file_id?: string
          heading?: string | null
          id?: string
          position?: number
        }
        Relationships: [
          {
            foreignKeyName: "documentation_sections_documentation_file_id_fkey"
            columns: ["documentation_file_id"]
            isOneToOne: false
            referencedRelation: "documentation_files"
            referencedColumns: ["id"]
          },
        ]
      }
      emails: {
        Row: {
          archived_at: string | null
          body: string | null
          id: string
          received_at: string
          sender: string
          sender_domain: string | null
          status: Database["public"]["Enums"]["email_status"]
          subject: string | null
        }
        Insert: {
          archived_at?: string | null
          body?: string | null
          id?: string
          received_at?: string
          sender: string
          sender_domain?: string | null
          status?: Database["public"]["Enums"]["email_status"]
          subject?: string | null
        }
        Update: {
          archived_at?: string | null
          body?: string | null
          id?: string
          received_at?: string
          sender?: string
          sender_domain?: string | null
          status?: Database["public"]["Enums"]["email_status"]
          subject?: string | null
        }
        Relationships: []
      }
      experts: {
        Row: {
          bio: string | null
          created_at: string
          full_name: string
          id: string
        }
        Insert: {
          bio?: string | null
          created_at?: string
          full_name: string
          id?: string
        }
        Update: {
          bio?: string | null
          created_at?: string
          full_name?: string
          id?: string
        }
        Relationships: []
      }
      sources: {
        Row: {
          id: number
          imported_at: string | null
          url: string
        }
        Insert: {
          id?: number
          imported_at?: string | null
          url: string
        }
        Update: {
          id?: number
          imported_at?: string | null
          url?: string
        }
        Relationships: []
      }
      sources_google: {
        Row: {
          drive_id: string
          id: string
          is_deleted: boolean
          mime_type: string | null
          modified_at: string | null
          name: string
          parent_folder_id: string | null
        }
        Insert: {
          drive_id: string
          id?: string
          is_deleted?: boolean
          mime_type?: string | null
          modified_at?: string | null
          name: string
          parent_folder_id?: string | null
        }
        Update: {
          drive_id?: string
          id?: string
          is_deleted?: boolean
          mime_type?: string | null
          modified_at?: string | null
          name?: string
          parent_folder_id?: string | null
        }
        Relationships: []
      }
      sources_google_experts: {
        Row: {
          expert_id: string
          role: string
          source_id: string
        }
        Insert: {
          expert_id: string
          role?: string
          source_id: string
        }
        Update: {
          expert_id?: string
          role?: string
          source_id?: string
        }
        Relationships: [
          {
            foreignKeyName: "sources_google_experts_expert_id_fkey"
            columns: ["expert_id"]
            isOneToOne: false
            referencedRelation: "experts"
            referencedColumns: ["id"]
          },
          {
            foreignKeyName: "sources_google_experts_source_id_fkey"
            columns: ["source_id"]
            isOneToOne: false
            referencedRelation: "sources_google"
            referencedColumns: ["id"]
          },
        ]
      }
      sync_history: {
        Row: {
          files_seen: number
          finished_at: string | null
          folder_id: string | null
          id: number
          started_at: string
          status: string
        }
        Insert: {
          files_seen?: number
          finished_at?: string | null
          folder_id?: string | null
          id?: number
          started_at?: string
          status?: string
        }
        Update: {
          files_seen?: number
          finished_at?: string | null
          folder_id?: string | null
          id?: number
          started_at?: string
          status?: string
        }
        Relationships: []
      }
    }
    Views: {
      documentation_files_missing_doc_ids: {
        Row: {
          file_path: string | null
          id: string | null
          title: string | null
        }
        Relationships: []
      }
    }
    Functions: {
      execute_sql: {
        Args: { sql_query: string }
        Returns: Json
      }
      is_allowed_sender: {
        Args: { domains: string[]; sender: string }
        Returns: boolean
      }
    }
    Enums: {
      email_status: "unread" | "read" | "archived"
    }
    CompositeTypes: {
      [_ in never]: never
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

export const Constants = {
  public: {
    Enums: {
      email_status: ["unread", "read", "archived"],
    },
  },
} as const
