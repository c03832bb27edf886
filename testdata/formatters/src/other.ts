export const other = (s: any) => s.from("other").select("id");
