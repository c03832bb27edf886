"""Imports talk recordings from Drive into the media bucket."""
from sqlalchemy import text

BUCKET = "presentations"

ASSET_COUNTS = text(
    """
    SELECT p.id, p.title, count(a.id) AS asset_count
      FROM presentations p
      LEFT JOIN presentation_assets a ON a.presentation_id = p.id
     WHERE p.expert_id = :expert_id
     GROUP BY p.id
    """
)


def upload_recording(supabase, expert_id: str, path: str, data: bytes) -> dict:
    supabase.storage.from_(BUCKET).upload(path, data, {"content-type": "video/mp4"})
    url = supabase.storage.from_("presentations").get_public_url(path)
    row = supabase.table("presentations").insert({"expert_id": expert_id, "storage_path": path, "url": url}).execute()
    return row.data[0]


def ready_assets(supabase, presentation_id: str) -> dict:
    res = (
        supabase.table("presentations")
        .select("id, title, presentation_assets(id, status, asset_types(name))")
        .eq("id", presentation_id)
        .or_("status.eq.ready,status.eq.failed", reference_table="presentation_assets")
        .single()
        .execute()
    )
    return res.data


def asset_counts(session, expert_id: str):
    return session.execute(ASSET_COUNTS, {"expert_id": expert_id}).all()
