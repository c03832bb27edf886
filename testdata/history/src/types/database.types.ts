export type Database = {
  public: {
    Tables: {
      notes: {
        Row: { id: number; body: string }
        Insert: { id: number; body: string }
        Update: { id?: number; body?: string }
        Relationships: []
      }
      experts: {
        Row: { id: number; name: string }
        Insert: { id: number; name: string }
        Update: { id?: number; name?: string }
        Relationships: []
      }
    }
    Views: { [_ in never]: never }
    Functions: { [_ in never]: never }
    Enums: { [_ in never]: never }
    CompositeTypes: { [_ in never]: never }
  }
}
