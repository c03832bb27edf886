"""Expert search with LlamaIndex; its collections live in schema vecs, not in public."""

import vecs
from llama_index.vector_stores.supabase import SupabaseVectorStore

store = SupabaseVectorStore(postgres_connection_string=DB_URL, collection_name="experts")
docs = vecs.create_client(DB_URL).get_or_create_collection(name="experts", dimension=1536)
