"""Reading the index in bulk: every record's list columns as rows that share their repeated names,
the index's content fingerprint, and a small page cache for such passes.

Functions of one connection, kept apart from `index.py` (which owns the schema and the writes).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

TOPIC_SEPARATOR = "\x1f"  # between the topics of a record in the `topics` column
# What the files are in the index, in one row: the number of files, the highest id, and sums that
# move when any file is added, removed or changes size or time. The first five are the query that
# keys the saved story graph (graph.py); the last ties each id to its file's size, time and path
# length by a product, so that the same files under other ids (a rebuilt index) sum otherwise.
CONTENT_FINGERPRINT = (
    "SELECT count(*), coalesce(max(id), 0), coalesce(sum(size), 0), "
    "coalesce(sum(mtime_ns % 1000000007), 0), "
    "coalesce(sum((id * 1000003 + mtime_ns % 1000000007 + size) % 998244353), 0), "
    "coalesce(sum(id * ((mtime_ns + size + 7919 * length(path)) % 1000003 + 1) % 1000000007), 0) "
    "FROM files"
)
# The catalog's "newest" order: dated first, newest first, then by id, highest first.
NEWEST_FIRST = " ORDER BY published IS NULL, published DESC, id DESC"


def summary_rows(db: sqlite3.Connection, newest_first: bool = False) -> Iterator[tuple]:
    """Every record's list columns as plain tuples in `Summary`'s field order, newest first if asked.

    Rows share their provider name and topic tuple with every other row of the same ones: at
    100,000 rows that is 20 MB less than a string and a tuple per row.
    """
    rows = db.execute(
        "SELECT id, title, published, provider, topics, story, heat, quality FROM records"
        + (NEWEST_FIRST if newest_first else "")
    )
    providers: dict[str, str] = {}
    topic_tuples: dict[str, tuple[str, ...]] = {}
    topic_names: dict[str, str] = {}
    for record_id, title, published, provider, topics, story, heat, quality in rows:
        shared = topic_tuples.get(topics)
        if shared is None:
            names = topics.split(TOPIC_SEPARATOR) if topics else ()
            shared = topic_tuples[topics] = tuple(topic_names.setdefault(name, name) for name in names)
        provider = providers.setdefault(provider, provider)
        yield (record_id, title, published, provider, shared, story, heat, quality)


def content_fingerprint(db: sqlite3.Connection) -> tuple[int, ...]:
    """The index's content in a few numbers: equal fingerprints, equal files, ids and records."""
    return tuple(db.execute(CONTENT_FINGERPRINT).fetchone())


def release_memory(db: sqlite3.Connection) -> None:
    """Give back the pages a connection keeps (up to 32 MB) once its reading is done."""
    db.execute("PRAGMA shrink_memory")


@contextlib.contextmanager
def small_cache(db: sqlite3.Connection, kib: int = 2_000) -> Iterator[None]:
    """Read through a connection with a small page cache (and sorter), then give it back: one pass
    over every row need not keep 32 MB of pages."""
    saved = int(db.execute("PRAGMA cache_size").fetchone()[0])
    db.execute(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size={saved}")
        release_memory(db)
