// Select strings shared by several pages; the queries are in expertQueries.ts.
export const EXPERT_CARD = 'id, name, source:sources_google(title, web_view_link)';
