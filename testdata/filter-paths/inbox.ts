export const q = supabase
  .from('users')
  .select('id, messages(id, channels(id, name))')
  .eq('messages.channels.id', 3)
  .eq('messages.channel_id' as any, 4)
