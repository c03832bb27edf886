#!/usr/bin/env bash
# Dumps the tables the Drive sync owns, one file per table.
set -euo pipefail

OUT="${1:-backups/$(date +%F)}"
mkdir -p "$OUT"

for table in sources_google sources_google_experts sync_history sync_statistics; do
  pg_dump "$DATABASE_URL" --data-only --table="public.${table}" > "$OUT/${table}.sql"
done

# emails can be large; compress them.
pg_dump "$DATABASE_URL" --data-only --table=public.emails | gzip > "$OUT/emails.sql.gz"
echo "backup written to $OUT"
