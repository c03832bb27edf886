"""Keeps the scripts table in sync with the files under /scripts.

Each row in ``scripts`` may point at the prompt it sends to the model.
"""
from __future__ import annotations

from pathlib import Path

from supabase import Client


def list_scripts(supabase: Client, language: str = "python") -> list[dict]:
    res = (
        supabase.table("scripts")
        .select("id, file_path, language, prompts(name, prompt_categories(name))")
        .eq("language", language)
        .order("file_path")
        .execute()
    )
    return res.data


def register(supabase: Client, root: Path) -> int:
    scripts = sorted(p for p in root.rglob("*.py") if not p.name.startswith("_"))
    rows = [{"file_path": str(p.relative_to(root)), "language": "python"} for p in scripts]
    supabase.table("scripts").upsert(rows, on_conflict="file_path").execute()
    return len(scripts)


def scripts_using_prompt(supabase: Client, prompt_name: str) -> list[dict]:
    res = (
        supabase.schema("public")
        .table("scripts")
        .select("id, file_path, prompts!inner(name)")
        .eq("prompts.name", prompt_name)
        .execute()
    )
    return res.data
