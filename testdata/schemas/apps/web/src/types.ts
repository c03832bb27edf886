import type { Database, Tables } from "../../../supabase/types/database.types"

export type User = Database["public"]["Tables"]["users"]["Row"]
export type PersonalUser = Database["personal"]["Tables"]["users"]["Row"]
export type Profile = Tables<"profiles">
export type AppUser = Tables<{ schema: "public" }, "users">
export type NoteAuthor = Tables<{ schema: "personal" }, "users">
