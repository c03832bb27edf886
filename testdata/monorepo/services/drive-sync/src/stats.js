import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL, { max: 4 })

/** Files per mime type for the dashboard; the mime_types table holds the display labels. */
export async function mimeTypeBreakdown(since) {
  return sql`
    select mt.label, count(*) as files
      from sources_google sg
      join mime_types mt on mt.mime_type = sg.mime_type
     where sg.modified_at >= ${since}
     group by mt.label
     order by files desc
  `
}

export async function refreshStatistics(domains) {
  await sql.unsafe('/* nightly */ truncate sync_statistics')
  await sql`
    insert into sync_statistics (folder_id, runs, last_run_at)
    select sg.parent_folder_id, count(*), now()
      from domains d
      join sources_google sg on sg.domain_id = d.id
     where d.name = any(${domains})
     group by sg.parent_folder_id
  `
}
