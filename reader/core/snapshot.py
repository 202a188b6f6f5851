"""The start-up snapshot: every list row in the first sort order, the topic counts and the story
groups, in one file that a start reads instead of the index (about 0.1 s for 100,000 rows, where
reading the index and cataloguing and sorting its rows took 0.3 to 0.7 s).

It is only a copy of the index. It is written after a load, atomically, into the cache folder beside
the index (never beside the records), and used only while the index holds exactly what it was made
from: it is keyed by the index's content fingerprint, its own format, the index schema and the
Python that wrote it. Missing, stale, damaged or foreign, it is ignored and the index is read.
Read marks are not in it: they belong to the saved state, and the unread counts are made from them.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import struct
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO

from reader.core.catalog import Catalog
from reader.core.digest import Summary
from reader.core.graph import FORMAT as GRAPH_FORMAT
from reader.core.graph import StoryGraph
from reader.core.index import Index
from reader.core.index_rows import content_fingerprint, small_cache, summary_rows
from reader.core.index_schema import SCHEMA_VERSION
from reader.core.listing import StoryGroups
from reader.core.memory import long_lived_batch

FORMAT = 1
SORT = "newest"  # the order every start shows first
MAGIC = b"RDRSNAP\n"
# magic, marshal version, CRC-32 of the payload, the payload's length, the key's length; then the
# key, then the payload. The key is compared before the payload is read.
_HEADER = struct.Struct("<8sIIQH")
_LENGTH = struct.Struct("<Q")  # before each blob of the payload
CHUNK_ROWS = 20_000  # rows per blob: what writing holds in memory at once


@dataclass
class Snapshot:
    """What the first screen needs: the rows in the first order, topic counts and story groups."""

    summaries: list[Summary]  # in SORT order
    topic_totals: dict[str, int]
    # Copies and threads of two or more, as `StoryGroups` has them; None when the saved graph did
    # not describe the same index (the graph then brings them).
    story_of: dict[int, int] | None = None
    thread_of: dict[int, int] | None = None
    fingerprint: tuple[int, ...] = field(default=(), compare=False)

    def catalog(self) -> Catalog:
        """A catalog of these rows, in order, with nothing sorted or keyed yet."""
        return Catalog.from_ordered(self.summaries, SORT, self.topic_totals)

    def groups(self) -> StoryGroups | None:
        """The list's copies and threads (without the graph, so without badges), when known."""
        if self.story_of is None or self.thread_of is None:
            return None
        return StoryGroups(None, self.story_of, self.thread_of)

    def groups_with(self, graph: StoryGraph) -> StoryGroups:
        """The groups of a graph: the saved maps when the graph describes the same index, else made anew."""
        if self.story_of is None or self.thread_of is None or not _describes(graph, self.fingerprint):
            return StoryGroups.of(graph)
        return StoryGroups(graph, self.story_of, self.thread_of)


def _describes(graph: StoryGraph, fingerprint: tuple[int, ...]) -> bool:
    # The graph keys itself with the first five numbers of the same query, after its format.
    return graph.fingerprint == f"{GRAPH_FORMAT}:" + ":".join(str(value) for value in fingerprint[:5])


def snapshot_path(index: Index) -> Path:
    """The snapshot file of an index: beside it in the cache folder."""
    return index.path.with_name(index.path.stem + ".snapshot")


def _key(index: Index, fingerprint: tuple[int, ...]) -> bytes:
    # The index file's inode too: an index rebuilt from the same files may number them otherwise.
    inode = os.stat(index.path).st_ino
    return f"{FORMAT}:{SCHEMA_VERSION}:{sys.implementation.cache_tag}:{inode}:{fingerprint}".encode()


def load_snapshot(index: Index) -> Snapshot | None:
    """The snapshot of the index as it is now; None when there is none or it cannot be trusted."""
    if index.in_memory:
        return None
    try:
        fingerprint = content_fingerprint(index.db)
        with open(snapshot_path(index), "rb") as handle:
            magic, version, crc, length, key_length = _HEADER.unpack(handle.read(_HEADER.size))
            if magic != MAGIC or version != marshal.version:
                return None
            if handle.read(key_length) != _key(index, fingerprint):
                return None
            payload = handle.read(length + 1)
        if len(payload) != length or zlib.crc32(payload) != crc:
            return None
        # 100,000 rows made at once, to live for the session: no collector pass over them.
        with long_lived_batch():
            *chunks, (topic_totals, story_of, thread_of) = list(_blobs(memoryview(payload)))
            summaries: list[Summary] = []
            for rows in chunks:
                # tuple.__new__ makes each row a Summary in C: a third faster than Summary._make.
                summaries.extend(map(partial(tuple.__new__, Summary), rows))
    except Exception:  # anything odd about a cache file means "read the index instead", never a crash
        return None
    if not isinstance(topic_totals, dict) or not isinstance(story_of, (dict, type(None))):
        return None
    return Snapshot(summaries, topic_totals, story_of, thread_of, fingerprint)


def save_snapshot(index: Index, groups: StoryGroups | None = None) -> bool:
    """Write the snapshot of the index as it is now (one consistent read of it); say whether it was.

    `groups` go in only when their graph describes this very state of the index. A snapshot that
    cannot be written is no error: the next start reads the index, as it would without one.
    """
    if index.in_memory:
        return False
    path = snapshot_path(index)
    # Written beside its final name, then renamed over it: a reader never sees half a file.
    partial_path = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    _remove_abandoned(path)
    db = index.db
    own_transaction = not db.in_transaction
    try:
        # One pass over every row: through a small cache, so that it does not grow the app by 30 MB.
        with small_cache(db):
            if own_transaction:
                db.execute("BEGIN")  # the fingerprint and the rows from one state, a sync writing or not
            try:
                fingerprint = content_fingerprint(index.db)
                with open(partial_path, "wb") as handle:
                    _write(handle, index, fingerprint, groups)
            finally:
                if own_transaction:
                    db.execute("COMMIT")
        os.replace(partial_path, path)
    except (OSError, sqlite3.Error):  # a full or read-only cache folder, a busy or damaged index
        with contextlib.suppress(OSError):
            partial_path.unlink()
        return False
    return True


def _remove_abandoned(path: Path) -> None:
    """Remove what writers killed half-way left (a reader quit while it wrote): their process is gone."""
    for partial_path in path.parent.glob(f".{path.name}.*.part"):
        pid = partial_path.name.removeprefix(f".{path.name}.").split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                partial_path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but another user's
        return True
    return True


def _write(handle: BinaryIO, index: Index, fingerprint: tuple[int, ...], groups: StoryGroups | None) -> None:
    """The file: the header, the key, then the rows in chunks and the rest, each blob after its length.

    Rows are read from the index and written a chunk at a time, so that writing costs a few MB of
    memory, not a second copy of every row beside the catalog's.
    """
    key = _key(index, fingerprint)
    handle.write(bytes(_HEADER.size))  # the header is written last, once the payload's CRC is known
    handle.write(key)
    crc, length = 0, 0
    topic_totals: Counter[str] = Counter()
    rows = summary_rows(index.db, newest_first=True)
    while True:
        chunk = list(islice(rows, CHUNK_ROWS))
        if not chunk:
            break
        topic_totals.update(chain.from_iterable(row[4] for row in chunk))
        crc, length = _write_blob(handle, chunk, crc, length)
    story_of = thread_of = None
    if groups is not None and groups.graph is not None and _describes(groups.graph, fingerprint):
        story_of, thread_of = groups.story_of, groups.thread_of
    crc, length = _write_blob(handle, (dict(topic_totals), story_of, thread_of), crc, length)
    handle.seek(0)
    handle.write(_HEADER.pack(MAGIC, marshal.version, crc, length, len(key)))


def _write_blob(handle: BinaryIO, value: object, crc: int, length: int) -> tuple[int, int]:
    data = marshal.dumps(value, 4)
    prefix = _LENGTH.pack(len(data))
    handle.write(prefix)
    handle.write(data)
    return zlib.crc32(data, zlib.crc32(prefix, crc)), length + len(prefix) + len(data)


def _blobs(payload: memoryview) -> Iterator[object]:
    position = 0
    while position < len(payload):
        (size,) = _LENGTH.unpack_from(payload, position)
        position += _LENGTH.size
        yield marshal.loads(payload[position : position + size])
        position += size
