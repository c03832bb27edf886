import { supabase } from './client'

// The latest chats of a user, with their messages.
export async function inbox(userId: string) {
  const { data } = await supabase
    .from('messages')
    .select('id, body, chats(title)')
    .eq('chats.user_id', userId)
  return supabase.from('chats').select('*').eq('user_id', userId).limit(20).then(() => data)
}
