export const docs = (s: any) => s.from("documents");
