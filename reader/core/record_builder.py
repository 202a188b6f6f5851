"""Building the typed Record from a loaded mapping: clear cases coerced, the rest reported by line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reader.core.coerce import (
    FLAGS,
    MAX_NUMBER,
    MIN_NUMBER,
    as_int64,
    as_text,
    as_whole,
    parse_time,
    yaml_kind,
)
from reader.core.front_matter import MAX_BODY_CHARS
from reader.core.model import Image, Problem, Provider, Record, RelatedItem
from reader.core.text import clean_text

MAX_TOPICS = 200  # per record: the sidebar and every cursor move cost work per topic

_KNOWN_KEYS = frozenset(
    {
        "title",
        "excerpt",
        "publishedDateTime",
        "sourceUrl",
        "originalUrl",
        "webUrl",
        "ampUrl",
        "ampWebUrl",
        "cdnAmpUrl",
        "cdnAmpWebUrl",
        "category",
        "type",
        "quality",
        "heat",
        "published",
        "provider",
        "topics",
        "images",
        "related",
        "secured",
    }
)


class KeyLines:
    """Where the keys of one mapping are in the file, so that a problem can name its line."""

    __slots__ = ("default", "keys")

    def __init__(self, keys: dict[str, int], default: int | None = None) -> None:
        self.keys = keys
        self.default = default

    def of(self, key: str) -> int | None:
        return self.keys.get(key, self.default)

    def within(self, key: str) -> KeyLines:
        return KeyLines({}, self.of(key))


class RecordBuilder:
    """Builds the typed record from a cleaned mapping, coercing clear cases, reporting others."""

    def __init__(
        self, path: str, problems: list[Problem], lines: KeyLines, related: list[dict[str, int]]
    ) -> None:
        self.path = path
        self.problems = problems
        self.lines = lines
        self.related_lines = related

    def note(self, reason: str, line: int | None) -> None:
        self.problems.append(Problem(self.path, reason, line))

    def text(self, meta: dict, key: str, at: KeyLines, where: str = "") -> str:
        if key not in meta or meta[key] is None:
            return ""
        value = as_text(meta[key])
        if value is None:
            self.note(f"{where}{key!r} should be text, not a {yaml_kind(meta[key])}: ignored", at.of(key))
            return ""
        return value

    def first_text(self, meta: dict, at: KeyLines, where: str, *keys: str) -> str:
        for key in keys:
            value = self.text(meta, key, at, where)
            if value:
                return value
        return ""

    def number(self, meta: dict, key: str, at: KeyLines, where: str = "") -> int | None:
        if key not in meta or meta[key] is None:
            return None
        value = as_whole(meta[key])
        shown = repr(meta[key])[:40]
        if value is None:
            self.note(f"{where}{key!r} should be a whole number, not {shown}: ignored", at.of(key))
        elif not MIN_NUMBER <= value <= MAX_NUMBER:
            self.note(f"{where}{key!r} is out of range (more than 64 bits): {shown}: ignored", at.of(key))
            return None
        return value

    def time(self, meta: dict, key: str, at: KeyLines, where: str = "") -> dt.datetime | None:
        if key not in meta or meta[key] is None:
            return None
        value = parse_time(meta[key])
        if value is None:
            raw = meta[key]
            shown = (raw.isoformat() if isinstance(raw, (dt.datetime, dt.date)) else repr(raw))[:40]
            self.note(f"{where}{key!r} is not a date and time: {shown}", at.of(key))
        return value

    def flag(self, meta: dict, key: str, at: KeyLines) -> bool | None:
        value = meta.get(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in FLAGS:
            return FLAGS[value.strip().lower()]
        self.note(f"{key!r} should be true or false, not {repr(value)[:40]}: ignored", at.of(key))
        return None

    def provider(self, value: Any, at: KeyLines, where: str = "") -> Provider:
        if value is None:
            return Provider()
        if isinstance(value, str):
            return Provider(name=" ".join(value.split()))
        if not isinstance(value, dict):
            self.note(f"{where}'provider' should be a mapping of name and domain: ignored", at.default)
            return Provider()
        return Provider(
            name=" ".join(self.text(value, "name", at, where + "provider ").split()),
            domain=self.text(value, "domain", at, where + "provider ").strip(),
        )

    def topics(self, value: Any, at: KeyLines) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            items: list[Any] = [value]  # `topics: AI` means one topic
        elif isinstance(value, list):
            items = value
        else:
            self.note(f"'topics' should be a list of text, not a {yaml_kind(value)}: ignored", at.default)
            return ()
        topics: list[str] = []
        seen: set[str] = set()
        for item in items:
            topic = as_text(item)
            if topic is None:
                self.note(f"a topic should be text, not a {yaml_kind(item)}: skipped", at.default)
                continue
            topic = " ".join(topic.split())
            if topic and topic not in seen:
                seen.add(topic)
                topics.append(topic)
        if len(topics) > MAX_TOPICS:
            self.note(f"{len(topics) - MAX_TOPICS:,} topics past the first {MAX_TOPICS}: skipped", at.default)
            del topics[MAX_TOPICS:]
        return tuple(topics)

    def images(self, value: Any, at: KeyLines, where: str = "") -> tuple[Image, ...]:
        return tuple(self._list(value, "images", at, where, self._image))

    def _image(self, item: Any, index: int, at: KeyLines, where: str) -> Image | None:
        if isinstance(item, str):
            return Image(url=item.strip())
        if not isinstance(item, dict):
            return None
        return Image(
            url=self.text(item, "url", at, where + "image ").strip(),
            width=as_int64(item.get("width")),
            height=as_int64(item.get("height")),
            title=" ".join(self.text(item, "title", at, where + "image ").split()),
        )

    def _list(
        self, value: Any, key: str, at: KeyLines, where: str, build: Callable[[Any, int, KeyLines, str], Any]
    ) -> list:
        if value is None:
            return []
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            self.note(f"{where}{key!r} should be a list, not a {yaml_kind(value)}: ignored", at.default)
            return []
        built = []
        skipped = 0
        for index, item in enumerate(value):
            result = build(item, index, at, where)
            if result is None:
                skipped += 1
            else:
                built.append(result)
        if skipped:
            self.note(f"{where}{skipped} item(s) of {key!r} are not mappings: skipped", at.default)
        return built

    def related(self, value: Any) -> tuple[RelatedItem, ...]:
        return tuple(self._list(value, "related", self.lines.within("related"), "", self._related_item))

    def _related_item(self, item: Any, index: int, at: KeyLines, where: str) -> RelatedItem | None:
        if not isinstance(item, dict):
            return None
        if index < len(self.related_lines):
            keys = self.related_lines[index]
            at = KeyLines(keys, keys.get(""))
        return RelatedItem(
            **self.story_fields(item, at, "related "),
            title=" ".join(self.text(item, "title", at, "related ").split()),
            type=self.text(item, "type", at, "related "),
            quality=as_int64(item.get("quality")),
        )

    def story_fields(self, meta: dict, at: KeyLines, where: str = "") -> dict[str, Any]:
        """The fields a record and a related item share (`Story`), read the same way for both.

        The title is left to the caller: a record without one is not built at all.
        """
        return {
            "excerpt": self.text(meta, "excerpt", at, where),
            "published": self.time(meta, "publishedDateTime", at, where),
            "source_url": self.first_text(meta, at, where, "sourceUrl", "originalUrl", "webUrl").strip(),
            "amp_url": self.first_text(meta, at, where, "ampUrl", "ampWebUrl").strip(),
            "cdn_amp_url": self.first_text(meta, at, where, "cdnAmpUrl", "cdnAmpWebUrl").strip(),
            "provider": self.provider(meta.get("provider"), at.within("provider"), where),
            "images": self.images(meta.get("images"), at.within("images"), where),
        }

    def record(self, meta: dict, body: str, cut: bool) -> Record | None:
        at = self.lines
        title = " ".join(self.text(meta, "title", at).split())
        if not title:
            self.note("the record has no 'title'", at.of("title") or min(at.keys.values(), default=None))
            return None
        return Record(
            **self.story_fields(meta, at),
            title=title,
            path=self.path,
            category=self.text(meta, "category", at).strip(),
            type=self.text(meta, "type", at).strip(),
            quality=self.number(meta, "quality", at),
            heat=self.number(meta, "heat", at),
            published_flag=self.flag(meta, "published", at),
            topics=self.topics(meta.get("topics"), at.within("topics")),
            related=self.related(meta.get("related")),
            body=clean_text(body[:MAX_BODY_CHARS]).strip("\n"),
            body_truncated=cut or len(body) > MAX_BODY_CHARS,
            secured=self.text(meta, "secured", at),
            extra={k: v for k, v in meta.items() if k not in _KNOWN_KEYS and isinstance(k, str)},
        )
