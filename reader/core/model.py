"""The record model: one news record, its related items, and problems found while loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Provider:
    """The publisher of a story."""

    name: str = ""
    domain: str = ""


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of a story, as the record describes it (never fetched)."""

    url: str = ""
    width: int | None = None
    height: int | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    """What every story carries, whether a record of its own or listed inside one as related."""

    title: str = ""
    excerpt: str = ""
    published: datetime | None = None
    source_url: str = ""
    amp_url: str = ""
    cdn_amp_url: str = ""
    type: str = ""
    provider: Provider = field(default_factory=Provider)
    quality: int | None = None
    images: tuple[Image, ...] = ()

    @property
    def urls(self) -> tuple[str, ...]:
        """Every address this story is reachable by, most canonical first."""
        return tuple(u for u in (self.source_url, self.amp_url, self.cdn_amp_url) if u)


@dataclass(frozen=True, slots=True)
class RelatedItem(Story):
    """A related story listed inside a record; often a record of its own elsewhere."""


# Keyword-only: the shared fields come first and have defaults, so `path` cannot be positional.
@dataclass(frozen=True, slots=True, kw_only=True)
class Record(Story):
    """One news record: a file with YAML front matter and an optional Markdown body."""

    path: str
    category: str = ""
    heat: int | None = None
    published_flag: bool | None = None
    topics: tuple[str, ...] = ()
    related: tuple[RelatedItem, ...] = ()
    body: str = ""
    body_truncated: bool = False
    # An opaque blob of the source system: kept, never shown, never decoded.
    secured: str = field(default="", repr=False)
    # Keys this reader does not know, kept as loaded (already sanitised and bounded).
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one file, said so that a user can find and fix it."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What loading one file gives: a record (or none) and the problems seen on the way."""

    record: Record | None
    problems: tuple[Problem, ...] = ()
