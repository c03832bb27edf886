"""Records Google Drive sync runs.

Runs next to the TypeScript sync service; both write to sync_history.
"""
import psycopg

from supabase import Client


def start_run(conn: psycopg.Connection, folder_id: str) -> int:
    with conn.cursor() as cursor:
        cursor.execute(
            "INSERT INTO sync_history (folder_id, status) VALUES (%s, 'running') RETURNING id",
            (folder_id,),
        )
        return cursor.fetchone()[0]


def finish_run(conn: psycopg.Connection, run_id: int, files_seen: int) -> None:
    with conn.cursor() as cursor:
        cursor.execute(
            "UPDATE sync_history SET status = 'done', finished_at = now(), files_seen = %s WHERE id = %s",
            (files_seen, run_id),
        )
        cursor.execute(
            """
            update sync_statistics s
               set runs = s.runs + 1, last_run_at = now()
              from sync_history h
             where h.id = %s and s.folder_id = h.folder_id
            """,
            (run_id,),
        )
    conn.commit()


def recent_runs(supabase: Client, folder_id: str) -> list[dict]:
    res = (
        supabase.table("sync_history")
        .select("id, status, started_at, processing_batches(id, status)")
        .eq("folder_id", folder_id)
        .order("started_at", desc=True)
        .order("created_at", foreign_table="processing_batches")
        .limit(5, foreign_table="processing_batches")
        .execute()
    )
    return res.data
