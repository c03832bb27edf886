#!/usr/bin/env node
// Ad-hoc reports through the execute_sql function (service role only).
import { createClient } from '@supabase/supabase-js'

const supabase = createClient(process.env.SUPABASE_URL, process.env.SUPABASE_SERVICE_ROLE_KEY)
const days = Number(process.argv[2] ?? 30)

const { data: usage, error } = await supabase.rpc('execute_sql', {
  sql_query: `
    select command_name, count(*) as runs
      from cli_command_tracking
     where executed_at > now() - interval '${days} days'
     group by command_name
     order by runs desc`,
})
if (error) throw error
console.table(usage)

const { data: orphans } = await supabase.rpc('exec_sql', {
  query: `-- documents whose Drive file is gone
    select d.id, d.file_path from documentation_files d
     where not exists (select 1 from sources_google s where s.id = d.source_id)`,
})
console.log(`${orphans.length} orphaned documentation_files rows`)

const { data: prompts } = await supabase
  .rpc('prompt_usage_summary', { days })
  .select('prompt_id, uses, prompts(name)')
console.table(prompts)
