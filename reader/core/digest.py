"""What the index keeps of one file, computed where the file is parsed (often another process).

A digest is made of plain tuples so that it crosses a process boundary cheaply: the full record
is never pickled, only the columns the sidebar, the list, search and the story graph need.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.core.bounded_read import Unreadable, read_bounded
from reader.core.digest_fast import Usual, digest_usual
from reader.core.front_matter import MAX_FILE_BYTES, split_record
from reader.core.model import Problem, Record
from reader.core.parse import parse_bytes
from reader.core.text import clean_text
from reader.core.urls import story_key
from reader.core.yaml_fast import load_fast

# Only the start of a long body is worth indexing for search; the rest would only grow the index.
MAX_INDEXED_BODY = 20_000


class Summary(NamedTuple):
    """The list columns of one record: enough for the sidebar, the list and sorting."""

    id: int
    title: str
    published: float | None  # seconds since the epoch, UTC
    provider: str
    topics: tuple[str, ...]
    story: str  # the story key: records with equal keys are one story
    heat: int | None
    quality: int | None


class Digest(NamedTuple):
    """Everything the index stores about one file."""

    path: str
    size: int
    mtime_ns: int
    # (title, published, provider, domain, category, type, quality, heat, topics, story,
    #  n_related, n_images, has_body, source_url) or None when the file is not a record.
    columns: tuple | None
    keys: tuple[str, ...]  # every story key the record is reachable by
    links: tuple[tuple[int, str], ...]  # (position in related, story key) of every related address
    text: tuple[str, str, str, str] | None  # title, excerpt, provider, body: for full-text search
    problems: tuple[tuple[int | None, str], ...]  # (line, reason)


def record_story(record: Record) -> str:
    """The story key of a record: its normalised source address, or its file when it has none."""
    return story_key(record.source_url) or f"file:{record.path}"


def digest_record(record: Record, size: int, mtime_ns: int, problems: tuple = ()) -> Digest:
    """Digest a parsed record."""
    keys: list[str] = []
    for url in record.urls:
        key = story_key(url)
        if key and key not in keys:
            keys.append(key)
    links: list[tuple[int, str]] = []
    for position, item in enumerate(record.related):
        seen: set[str] = set()
        for url in item.urls:
            key = story_key(url)
            if key and key not in seen:
                seen.add(key)
                links.append((position, key))
    published = record.published.timestamp() if record.published else None
    columns = (
        record.title,
        published,
        record.provider.name,
        record.provider.domain,
        record.category,
        record.type,
        record.quality,
        record.heat,
        "\x1f".join(record.topics),
        record_story(record),
        len(record.related),
        len(record.images),
        int(bool(record.body.strip())),
        record.source_url,
    )
    text = (record.title, record.excerpt, record.provider.name, record.body[:MAX_INDEXED_BODY])
    return Digest(record.path, size, mtime_ns, columns, tuple(keys), tuple(links), text, problems)


def digest_file(path: str, size: int, mtime_ns: int) -> Digest:
    """Parse one file and digest it; a file that is not a record gives a digest of its problems."""
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except Unreadable as error:
        return Digest(path, size, mtime_ns, None, (), (), None, ((None, str(error)),))
    usual = _digest_usual(path, data)
    if usual is not None:
        return Digest(path, size, mtime_ns, *usual, ())
    result = parse_bytes(path, data)
    problems = tuple((p.line, p.reason) for p in result.problems)
    if result.record is None:
        return Digest(path, size, mtime_ns, None, (), (), None, problems)
    return digest_record(result.record, size, mtime_ns, problems)


def _digest_usual(path: str, data: bytes) -> Usual | None:
    """The digest of a usual record read on the fast paths (yaml-rs, no Record built); None if unsure."""
    try:
        split = split_record(path, data)
        if isinstance(split, Problem):
            return None
        meta = load_fast(clean_text(split.front))
        if meta is None:
            return None
        return digest_usual(path, meta, split.body, MAX_INDEXED_BODY)
    except Exception:  # whatever went wrong, the full path says it as parse_bytes does
        return None


# A parser process keeps at most about this many story keys between batches. Related items point
# at stories of nearby days, so a small cache keeps most of its hits (44 % of look-ups against 49 %
# for a full one of 65,536), while a full one held ~17 MB per process and made digesting slower
# (148 µs a generated record against 107, 50,000 records in one process).
WORKER_KEY_CACHE = 8192


def digest_files(batch: list[tuple[str, int, int]]) -> list[Digest]:
    """Digest a batch of files: the unit of work handed to a worker process."""
    digests = [digest_file(path, size, mtime_ns) for path, size, mtime_ns in batch]
    if story_key.cache_info().currsize > WORKER_KEY_CACHE:
        story_key.cache_clear()
    return digests
