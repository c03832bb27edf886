export type Database = {
  public: {
    Tables: {
      chat_history: {
        Row: { id: number; chat_id: string; role: string; content: string }
        Insert: { id?: number; chat_id: string; role: string; content: string }
        Update: { id?: number; chat_id?: string; role?: string; content?: string }
        Relationships: [
          { foreignKeyName: "chat_history_chat_id_fkey"; columns: ["chat_id"]; referencedRelation: "chats"; referencedColumns: ["id"] },
        ]
      }
      chats: {
        Row: { id: string; user_id: string; title: string | null }
        Insert: { id?: string; user_id: string; title?: string | null }
        Update: { id?: string; user_id?: string; title?: string | null }
        Relationships: []
      }
    }
  }
}
