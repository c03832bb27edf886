import { Pool } from 'pg'
import type { TablesInsert } from '@dhg/shared/supabase/types'

const pool = new Pool({ connectionString: process.env.DATABASE_URL })

type SyncRun = TablesInsert<'sync_history'>

export async function loadFolder(folderId: string) {
  const { rows } = await pool.query(
    `SELECT sg.id, sg.name, sg.mime_type, e.full_name
       FROM sources_google sg
       LEFT JOIN sources_google_experts sge ON sge.source_id = sg.id
       LEFT JOIN public.experts e ON e.id = sge.expert_id
      WHERE sg.parent_folder_id = $1
        AND sg.is_deleted = false`,
    [folderId],
  )
  return rows
}

export async function recordRun(run: SyncRun) {
  await pool.query(
    'INSERT INTO sync_history (folder_id, started_at, finished_at, files_seen, status) VALUES ($1, $2, $3, $4, $5)',
    [run.folder_id, run.started_at, run.finished_at, run.files_seen, run.status],
  )
  await pool.query({
    text: 'UPDATE sync_statistics SET last_run_at = now(), runs = runs + 1 WHERE folder_id = $1',
    values: [run.folder_id],
  })
}

export async function markMissing(ids: string[]) {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('UPDATE sources_google SET is_deleted = true WHERE id = ANY($1)', [ids])
    await client.query('DELETE FROM documentation_files WHERE source_id = ANY($1)', [ids])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  } finally {
    client.release()
  }
  console.log(`✔ marked ${ids.length} files missing in sources_google`)
}
