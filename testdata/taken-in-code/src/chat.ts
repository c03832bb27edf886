import { supabase } from './client'

export async function listChats(userId: string) {
  return supabase.from('chats').select('id, title').eq('user_id', userId)
}

export async function history(chatId: string) {
  return supabase.from('chat_history').select('role, content').eq('chat_id', chatId).order('id')
}
