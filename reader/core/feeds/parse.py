"""Parsing feed bytes: RSS and Atom through feedparser, JSON Feed through `json_feed`."""

from __future__ import annotations

import calendar
import html
from datetime import UTC, datetime
from typing import Any

import feedparser

from reader.core.feeds.json_feed import looks_like_json, parse_json_feed
from reader.core.feeds.model import Entry, Feed, FeedError, FeedImage
from reader.core.html_text import html_to_text


def parse_feed(data: bytes, *, url: str = "") -> Feed:
    """Parse the bytes of a feed of any supported format; FeedError says why one cannot be read."""
    if looks_like_json(data):
        return parse_json_feed(data)
    if not data.strip():
        raise FeedError("empty file")
    # Bytes, never str: feedparser treats a str as a file name or address to open.
    parsed = feedparser.parse(data, response_headers={"content-location": url} if url else None)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise FeedError(f"not a feed ({_one_line(reason) if reason else 'no RSS or Atom found'})")
    channel = parsed.feed
    loose = bool(parsed.get("bozo"))
    entries = [entry for entry in (_entry(item, loose) for item in parsed.entries) if not is_empty(entry)]
    if parsed.get("bozo") and not entries:
        # feedparser reads what it can of a broken file; with nothing worth a record, it is broken.
        raise FeedError(f"not a valid feed ({_one_line(parsed.get('bozo_exception', 'unreadable'))})")
    return Feed(
        title=_plain(channel.get("title"), channel.get("title_detail")),
        link=_text(channel.get("link")),
        entries=entries,
        format=parsed.get("version") or "unknown",
    )


def is_empty(entry: Entry) -> bool:
    """Say whether an entry has nothing to show: no title, link, summary or content."""
    return not (entry.title or entry.link or entry.summary or entry.content)


def _entry(item: Any, loose: bool) -> Entry:
    content = ""
    for part in item.get("content") or []:
        if part.get("value"):
            content = part["value"]
            break
    summary = _text(item.get("summary"))
    return Entry(
        id=_text(item.get("id")),
        title=_plain(item.get("title"), item.get("title_detail")),
        link=_link(item),
        summary=summary,
        content=content or summary,
        # dict.get, not item.get: FeedParserDict maps a missing date key onto the other one, with a warning.
        published=_date(dict.get(item, "published_parsed")),
        updated=_date(dict.get(item, "updated_parsed")),
        tags=tuple(_unique(_tag(tag, loose) for tag in item.get("tags") or ())),
        images=tuple(_images(item)),
        author=_text(item.get("author")),
    )


def _plain(value: Any, detail: Any) -> str:
    """A title as text: feedparser keeps HTML it finds in one (`AT&amp;T <b>x</b>`) as HTML."""
    text = _text(value)
    if text and detail and "html" in str(detail.get("type", "")):
        return html_to_text(text)
    return text


def _tag(tag: Any, loose: bool) -> str:
    term = _text(tag.get("term")) or _text(tag.get("label"))
    # feedparser's loose parser (for a feed that is not well-formed XML) leaves `&amp;` in categories.
    return html.unescape(term) if loose and "&" in term else term


def _link(item: Any) -> str:
    # feedparser turns a guid into the link when it may be a permalink; only real addresses count.
    candidates = [item.get("link")]
    candidates += [c.get("href") for c in item.get("links") or () if c.get("rel", "alternate") == "alternate"]
    for candidate in candidates:
        link = _text(candidate)
        if link.lower().startswith(("http://", "https://")):
            return link
    return ""


def _images(item: Any) -> list[FeedImage]:
    images: list[FeedImage] = []
    seen: set[str] = set()

    def add(url: Any, width: Any = None, height: Any = None, title: Any = "") -> None:
        url = _text(url)
        if url and url not in seen:
            seen.add(url)
            images.append(FeedImage(url, _int(width), _int(height), _text(title)))

    for thumb in item.get("media_thumbnail") or []:
        add(thumb.get("url"), thumb.get("width"), thumb.get("height"))
    for media in item.get("media_content") or []:
        if media.get("medium") == "image" or str(media.get("type", "")).startswith("image/"):
            add(media.get("url"), media.get("width"), media.get("height"))
    for link in item.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            add(link.get("href"))
    return images


def _date(parsed: Any) -> datetime | None:
    # feedparser gives a UTC struct_time; an impossible date (year 0, 31 February) is no date.
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())[:200]
