"""Nightly sync written with supabase-py's keyword arguments."""
from supabase import create_client


def pull(client, since):
    rows = client.table(table_name="experts").select("id, email").gte("updated_at", since).execute()
    docs = client.from_(table_name="sources_google").select("*").execute()
    client.storage.from_(table_name="sources_google").list()
    return rows.data, docs.data
