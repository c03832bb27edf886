#!/usr/bin/env bash
# Rebuilds the local database and regenerates the shared types.
set -euo pipefail
cd "$(dirname "$0")/.."

supabase db reset
supabase gen types typescript --local > packages/shared/supabase/types.ts
psql "$LOCAL_DB_URL" -c "select count(*) from experts" -c "select count(*) from prompts"
echo "Local database ready: seeded experts, prompts and scripts."
