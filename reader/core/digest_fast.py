"""Digesting a record whose fields all have their usual types, without building its Record.

A sync needs a digest of each file, not its Record: `RecordBuilder` coerces every field through
helpers that can note a problem with its line, and then the Record, its related items, images and
providers are built only to be read once by `digest_record`. Almost every record needs none of
that: its titles are text, its times datetimes, its numbers numbers. This module reads the digest's
columns straight from such a mapping and returns None at the first value that is not what it
expects (RecordBuilder might coerce or report it), so the file then takes the full path and the two
always give the same digest (tests/test_digest_fast.py checks it on random mappings).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from reader.core.coerce import MAX_NUMBER, MIN_NUMBER, parse_time
from reader.core.front_matter import MAX_BODY_CHARS
from reader.core.record_builder import MAX_TOPICS
from reader.core.text import clean_text
from reader.core.urls import story_key


class Usual(NamedTuple):
    """What `digest.Digest` holds beside the file's path, size, time and (no) problems."""

    columns: tuple
    keys: tuple[str, ...]
    links: tuple[tuple[int, str], ...]
    text: tuple[str, str, str, str]


class _Unusual(Exception):
    """A value that only RecordBuilder reads right (or reports)."""


def digest_usual(path: str, meta: dict, body: str, max_indexed_body: int) -> Usual | None:
    """What `digest_record` gives for the record RecordBuilder builds from `meta` without a problem.

    None when a value is unusual: the file then takes the full path.
    """
    try:
        title = " ".join(_text(meta.get("title")).split())
        if not title:
            return None
        excerpt, published, urls, provider, domain, n_images = _story(meta)
        related = [_related_urls(item) for item in _items(meta.get("related"))]
        category = _text(meta.get("category")).strip()
        kind = _text(meta.get("type")).strip()
        quality, heat = _number(meta.get("quality")), _number(meta.get("heat"))
        _flag(meta.get("published"))
        topics = _topics(meta.get("topics"))
        _text(meta.get("secured"))
    except _Unusual:
        return None
    source_url = urls[0]
    keys: list[str] = []
    for url in urls:
        key = story_key(url) if url else ""
        if key and key not in keys:
            keys.append(key)
    links: list[tuple[int, str]] = []
    for position, item_urls in enumerate(related):
        seen: set[str] = set()
        for url in item_urls:
            key = story_key(url) if url else ""
            if key and key not in seen:
                seen.add(key)
                links.append((position, key))
    body = clean_text(body[:MAX_BODY_CHARS]).strip("\n")
    columns = (
        title,
        published.timestamp() if published else None,
        provider,
        domain,
        category,
        kind,
        quality,
        heat,
        "\x1f".join(topics),
        story_key(source_url) or f"file:{path}",
        len(related),
        n_images,
        int(bool(body.strip())),
        source_url,
    )
    return Usual(columns, tuple(keys), tuple(links), (title, excerpt, provider, body[:max_indexed_body]))


def _story(meta: dict) -> tuple[str, dt.datetime | None, tuple[str, str, str], str, str, int]:
    """What a record and a related item share (`Story`): excerpt, time, addresses, provider, images."""
    urls = (
        _first_text(meta, "sourceUrl", "originalUrl", "webUrl").strip(),
        _first_text(meta, "ampUrl", "ampWebUrl").strip(),
        _first_text(meta, "cdnAmpUrl", "cdnAmpWebUrl").strip(),
    )
    name, domain = _provider(meta.get("provider"))
    return _text(meta.get("excerpt")), _time(meta.get("publishedDateTime")), urls, name, domain, _images(meta)


def _related_urls(item: Any) -> tuple[str, str, str]:
    if type(item) is not dict:
        raise _Unusual
    urls = _story(item)[2]
    _text(item.get("title"))
    _text(item.get("type"))
    _number(item.get("quality"))
    return urls


def _provider(value: Any) -> tuple[str, str]:
    if value is None:
        return "", ""
    if type(value) is str:
        return " ".join(value.split()), ""
    if type(value) is not dict:
        raise _Unusual
    return " ".join(_text(value.get("name")).split()), _text(value.get("domain")).strip()


def _items(value: Any) -> list:
    if value is None:
        return []
    if type(value) is dict:
        return [value]
    if type(value) is not list:
        raise _Unusual
    return value


def _images(meta: dict) -> int:
    images = _items(meta.get("images"))
    for item in images:
        if type(item) is dict:
            _text(item.get("url"))
            _text(item.get("title"))
            _number(item.get("width"))
            _number(item.get("height"))
        elif type(item) is not str:
            raise _Unusual
    return len(images)


def _topics(value: Any) -> list[str]:
    if value is None:
        return []
    if type(value) is str:
        items = [value]
    elif type(value) is list:
        items = value
    else:
        raise _Unusual
    topics: list[str] = []
    seen: set[str] = set()
    for item in items:
        topic = " ".join(_text(item).split()) if item is not None else None
        if topic is None:
            raise _Unusual  # RecordBuilder reports a topic that is not text
        if topic and topic not in seen:
            seen.add(topic)
            topics.append(topic)
    if len(topics) > MAX_TOPICS:
        raise _Unusual
    return topics


def _text(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is not str:
        raise _Unusual
    return value


def _first_text(meta: dict, *keys: str) -> str:
    for key in keys:
        value = _text(meta.get(key))
        if value:
            return value
    return ""


def _number(value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not MIN_NUMBER <= value <= MAX_NUMBER:
        raise _Unusual
    return value


def _flag(value: Any) -> None:
    if not (value is None or type(value) is bool):
        raise _Unusual


def _time(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    moment = parse_time(value)
    if moment is None:
        raise _Unusual
    return moment
