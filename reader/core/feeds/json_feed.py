"""JSON Feed 1.0 and 1.1 (jsonfeed.org), read field by field: a wrong type drops that field, not the feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from reader.core.feeds.model import Entry, Feed, FeedError, FeedImage

_VERSION_PREFIX = "https://jsonfeed.org/version/"


def looks_like_json(data: bytes) -> bool:
    """Say whether feed bytes are JSON (they start with `{`) rather than XML."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse_json_feed(data: bytes) -> Feed:
    """Parse a JSON Feed; FeedError if it is not JSON, not an object or has no `items` list."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedError(f"not valid JSON ({' '.join(str(exc).split())[:120]})") from exc
    if not isinstance(document, dict):
        raise FeedError("a JSON Feed must be an object")
    version = _string(document.get("version"))
    if not version.startswith(_VERSION_PREFIX):
        raise FeedError("not a JSON Feed (no https://jsonfeed.org/version/ in `version`)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("a JSON Feed needs an `items` list")
    entries = [_entry(item) for item in items if isinstance(item, dict)]
    entries = [e for e in entries if e.title or e.link or e.summary or e.content]
    return Feed(
        title=_string(document.get("title")),
        link=_string(document.get("home_page_url")),
        entries=entries,
        format="json" + version.removeprefix(_VERSION_PREFIX),
    )


def _entry(item: dict[str, Any]) -> Entry:
    html = _string(item.get("content_html"))
    text = _string(item.get("content_text"))
    summary = _string(item.get("summary"))
    images = []
    for key in ("image", "banner_image"):
        if _string(item.get(key)):
            images.append(FeedImage(_string(item[key])))
    attachments = item.get("attachments")
    for attachment in attachments if isinstance(attachments, list) else []:
        if not isinstance(attachment, dict) or not _string(attachment.get("url")):
            continue
        if _string(attachment.get("mime_type")).startswith("image/"):
            images.append(FeedImage(_string(attachment["url"]), title=_string(attachment.get("title"))))
    tags = item.get("tags")
    # The spec says a string id; numbers are common in the wild and just as identifying.
    raw_id = item.get("id")
    ident = str(raw_id) if isinstance(raw_id, int | str) and not isinstance(raw_id, bool) else ""
    return Entry(
        id=ident.strip(),
        title=_string(item.get("title")),
        link=_string(item.get("url")) or _string(item.get("external_url")),
        summary=summary or text,
        content=html or text or summary,
        published=_date(item.get("date_published")),
        updated=_date(item.get("date_modified")),
        tags=tuple(dict.fromkeys(t.strip() for t in tags if isinstance(t, str) and t.strip()))
        if isinstance(tags, list)
        else (),
        images=tuple(dict.fromkeys(images)),
        author=_author(item),
    )


def _author(item: dict[str, Any]) -> str:
    authors = item.get("authors")
    candidates = authors if isinstance(authors, list) else [item.get("author")]
    for author in candidates:
        if isinstance(author, dict) and _string(author.get("name")):
            return _string(author["name"])
    return ""


def _date(value: Any) -> datetime | None:
    # RFC 3339; a date without a zone is taken as UTC rather than the machine's local time.
    text = _string(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
