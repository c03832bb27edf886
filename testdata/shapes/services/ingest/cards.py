"""Expert cards for the ingest report."""

EXPERT_CARD = "id, name, source:sources_google(title, web_view_link)"


def cards(client):
    return client.table("experts").select(EXPERT_CARD).execute().data
