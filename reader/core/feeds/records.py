"""An entry as a record of the seed format: its front matter, its body, its identity and its file name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from reader.core.feeds.model import Entry, Feed
from reader.core.html_text import html_to_text
from reader.core.text import clean_text, one_line

# Names Windows will not open whatever the extension; a slug is never one of them.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_SLUG_LENGTH = 60
_EXCERPT_LENGTH = 600
# The key under which a record remembers the entry it came from, so a re-import finds it again.
IDENTITY_KEY = "feedEntryId"


def entry_identity(entry: Entry, feed_url: str) -> str:
    """What makes an entry the same entry next time: its id/guid, else its link, else title and date."""
    if entry.id:
        key = f"id:{entry.id}"
    elif entry.link:
        key = f"link:{entry.link}"
    else:
        moment = entry.published or entry.updated
        key = f"title:{entry.title}|{moment.isoformat() if moment else ''}"
    # Ids are only unique within a feed ("1", "2" ...): the feed's address is part of the identity.
    return f"{feed_url}#{key}"


def identity_hash(identity: str) -> str:
    """A short stable tag for an identity, used in the file name so the record is found without a scan."""
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def file_name(entry: Entry, moment: datetime, identity: str) -> str:
    """`YYYY-MM-DD-slug-tag.md`: only [a-z0-9-], so no title can climb out of the folder or be reserved."""
    slug = _slug(entry.title or entry.link or "entry")
    return f"{moment.astimezone(UTC):%Y-%m-%d}-{slug}-{identity_hash(identity)}.md"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _SLUG_CHARS.sub("-", ascii_text).strip("-")[:_SLUG_LENGTH].strip("-")
    if not slug or slug in _RESERVED:
        slug = f"entry-{slug}" if slug else "entry"
    return slug


def record_fields(
    entry: Entry, feed: Feed, feed_url: str, fetched: datetime, identity: str
) -> dict[str, Any]:
    """The front matter of the record for `entry`, in the seed's key order."""
    moment = entry.published or entry.updated or fetched
    fields: dict[str, Any] = {
        "category": "news",
        "title": one_line(clean_text(entry.title)) or _untitled(entry),
    }
    excerpt = _excerpt(entry.summary or entry.content)
    if excerpt:
        fields["excerpt"] = excerpt
    fields["publishedDateTime"] = utc_stamp(moment)
    if entry.link:
        fields["sourceUrl"] = clean_text(entry.link)
    fields["type"] = "article"
    fields["provider"] = _provider(feed, feed_url)
    if entry.tags:
        fields["topics"] = [one_line(clean_text(tag)) for tag in entry.tags]
    if entry.images:
        fields["images"] = [_image(image) for image in entry.images]
    fields[IDENTITY_KEY] = identity
    return fields


def record_body(entry: Entry) -> str:
    """The entry's content as the record's body; HTML stays HTML, which the reader shows as text."""
    return clean_text(entry.content).strip()


def utc_stamp(moment: datetime) -> str:
    """A timezone-aware moment as the records write it: `2020-01-05T17:43:53Z`."""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def _untitled(entry: Entry) -> str:
    excerpt = _excerpt(entry.summary or entry.content)
    if excerpt:
        return excerpt[:80]
    return entry.link or "(untitled)"


def _excerpt(text: str) -> str:
    if not text:
        return ""
    plain = one_line(html_to_text(text)) if "<" in text else one_line(clean_text(text))
    if len(plain) <= _EXCERPT_LENGTH:
        return plain
    return plain[: _EXCERPT_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _provider(feed: Feed, feed_url: str) -> dict[str, str]:
    home = feed.link or feed_url
    try:
        domain = (urlsplit(home).hostname or "").removeprefix("www.")
    except ValueError:
        domain = ""
    name = one_line(clean_text(feed.title)) or domain or "feed"
    return {"name": name, "domain": domain}


def _image(image: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"url": clean_text(image.url)}
    if image.width is not None:
        fields["width"] = image.width
    if image.height is not None:
        fields["height"] = image.height
    if image.title:
        fields["title"] = one_line(clean_text(image.title))
    return fields
