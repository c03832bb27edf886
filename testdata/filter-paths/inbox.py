q = supabase.table("users").select("id, messages(id, channels(id))").eq("messages.channels.id", 3)
