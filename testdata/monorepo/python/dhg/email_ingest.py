"""Stores messages from the shared inbox and follows new rows as they arrive."""
import asyncio
import logging

from supabase import acreate_client

log = logging.getLogger(__name__)


def store_message(client, message: dict) -> str:
    allowed = (
        client.table("allowed_emails")
        .select("email")
        .eq("email", message["from"])
        .execute()
    )
    if not allowed.data:
        log.info("skipping %s: sender not in allowed_emails", message["from"])
        return ""
    row = (
        client.from_("emails")
        .insert({"subject": message["subject"], "sender": message["from"], "body": message["body"]})
        .execute()
    )
    email_id = row.data[0]["id"]
    for att in message.get("attachments", []):
        client.storage.from_("email-attachments").upload(f"{email_id}/{att['name']}", att["content"])
    log.info("✉ stored message %s in emails", email_id)
    return email_id


async def watch(url: str, key: str) -> None:
    client = await acreate_client(url, key)
    channel = client.channel("emails-ingest")

    def on_insert(payload):
        log.info("new row in %s: %s", payload["table"], payload["record"]["id"])

    await channel.on_postgres_changes("INSERT", schema="public", table="emails", callback=on_insert).subscribe()
    while True:
        await asyncio.sleep(3600)
