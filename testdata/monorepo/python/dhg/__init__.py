"""DHG background workers: Drive sync bookkeeping, inbox ingest, script registry."""
