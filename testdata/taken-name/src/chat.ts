import { createClient } from '@supabase/supabase-js'
import type { Database } from '../types/database.types'

const supabase = createClient<Database>(process.env.SUPABASE_URL!, process.env.SUPABASE_ANON_KEY!)

export async function listChats(userId: string) {
  return supabase.from('chats').select('id, title').eq('user_id', userId)
}

export async function history(chatId: string) {
  return supabase.from('chat_history').select('role, content').eq('chat_id', chatId).order('id')
}
