"""A feed and its entries as the reader needs them, whatever format they came in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class FeedError(Exception):
    """A feed could not be read or parsed; the message is one line saying why."""


@dataclass(frozen=True)
class FeedImage:
    """A picture of an entry: an image enclosure or a media thumbnail."""

    url: str
    width: int | None = None
    height: int | None = None
    title: str = ""


@dataclass(frozen=True)
class Entry:
    """One item of a feed; text fields are plain text except `content`, which may be HTML."""

    id: str = ""
    title: str = ""
    link: str = ""
    summary: str = ""
    content: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    images: tuple[FeedImage, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title and home page (for the provider) and its entries."""

    title: str = ""
    link: str = ""
    entries: list[Entry] = field(default_factory=list)
    format: str = ""
    """What it was, as feedparser names it (rss20, atom10, ...) or `json1`."""
