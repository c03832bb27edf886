export async function titles(supabase: any) {
  return supabase.from("documents").select("id, documents(title, body)");
}
