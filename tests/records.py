"""Building record files for tests: every test makes its own folder, none needs ../shared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def record_text(
    *,
    title: str,
    date: str | None = None,
    url: str = "",
    amp: str = "",
    provider: str = "",
    topics: list[str] | None = None,
    related: list[dict[str, Any]] | None = None,
    body: str = "",
    **extra: Any,
) -> str:
    """The text of a record file with the given fields."""
    meta: dict[str, Any] = {"category": "news", "title": title}
    if date:
        meta["publishedDateTime"] = date
    if url:
        meta["sourceUrl"] = url
    if amp:
        meta["ampUrl"] = amp
    meta["type"] = "article"
    if provider:
        meta["provider"] = {"name": provider, "domain": "example.com"}
    if topics is not None:
        meta["topics"] = topics
    if related is not None:
        meta["related"] = related
    meta.update(extra)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{body}"


def write_record(path: Path, **fields: Any) -> Path:
    """Write a record file (creating folders) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(record_text(**fields), encoding="utf-8")
    return path
