#!/usr/bin/env bash
# Backs up the tables the sync job touches (experts, sources_google) before a migration.
set -euo pipefail

DB_URL="${SUPABASE_DB_URL:?set SUPABASE_DB_URL}"
OUT="backups/$(date +%Y%m%d)"
mkdir -p "$OUT"

pg_dump "$DB_URL" --data-only -t public.sources_google -t experts -f "$OUT/core.sql"
pg_dump "$DB_URL" --data-only --table='sources_google_*' -f "$OUT/extra.sql"

count=$(psql "$DB_URL" -tAc "select count(*) from sources_google where mime_type <> 'folder'")
echo "backed up $count rows of sources_google"

psql "$DB_URL" -v ON_ERROR_STOP=1 -c 'select '\''experts'\''::regclass;'
