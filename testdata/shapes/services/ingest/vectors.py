"""Embeddings of the Drive files, for the assistant."""

from langchain_community.vectorstores import SupabaseVectorStore

store = SupabaseVectorStore(
    client=supabase,
    embedding=embeddings,
    table_name="sources_google",
    query_name="match_sources_google",
)
