"""The story graph: which records are copies of one story, and which stories form one thread.

Two records are one *story* when they share any story key (a source, AMP or AMP cache address,
normalised by `reader.core.urls.story_key`), so a copy found by its AMP address or under a tracking
parameter joins the original. Copies are grouped transitively (union-find over shared keys).

Two stories are one *thread* when they list each other as related: story A's related items resolve
to a copy of story B and B's to a copy of A. Only such mutual links join threads. A one-way link is
how a feed says "see also", and following those chains glues a whole day of news into one blob;
a mutual link is two editors agreeing that two stories belong together. Mutuality is judged per
story rather than per file, so every copy of a story is in its thread: a copy is the same story,
and its related list speaks for it as much as the original's does.

Computing this takes SQL joins over the whole index (about a second at 100,000 records, most of it
resolving related addresses to records), so the result is kept as flat integer arrays that are cheap
to save into the index and to load on a warm start (about 15 ms at 100,000 records), guarded by a
fingerprint of the indexed files so that a stale graph is never used. Build it after a sync, off the
UI thread; load it at start.
"""

from __future__ import annotations

import sqlite3
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence

# Bump when the meaning or the layout of the saved arrays changes: an older saved graph is rebuilt.
FORMAT = 1

# Every pair of records that share a story key (both orders are not needed: union is symmetric).
_SAME_STORY = (
    "SELECT a.record_id, b.record_id FROM record_keys a "
    "JOIN record_keys b ON b.key = a.key AND b.record_id > a.record_id"
)
# Every (record, record its related list resolves to); a related item with several addresses, or an
# address shared by copies, resolves to every record it matches.
_RESOLVED_LINKS = (
    "SELECT DISTINCT l.record_id, k.record_id FROM links l JOIN record_keys k ON k.key = l.key "
    "WHERE k.record_id != l.record_id"
)
# What the graph was built from. Index.store rewrites a file's size and mtime in the same transaction
# as its record, keys and links, so any change of what the graph depends on changes this. Sums are
# taken modulo primes because a plain sum of nanosecond times overflows SQLite's 64-bit integers.
_FINGERPRINT = (
    "SELECT count(*), coalesce(max(id), 0), coalesce(sum(size), 0), "
    "coalesce(sum(mtime_ns % 1000000007), 0), "
    "coalesce(sum((id * 1000003 + mtime_ns % 1000000007 + size) % 998244353), 0) FROM files"
)
_CREATE_SAVED = (
    "CREATE TABLE IF NOT EXISTS story_graph("
    "id INTEGER PRIMARY KEY CHECK (id = 1), fingerprint TEXT NOT NULL, data BLOB NOT NULL)"
)

# The saved arrays, in order: (attribute, array typecode). Per record position unless noted.
_LAYOUT = (
    ("_ids", "q"),  # record ids, ascending: a record's position is found by bisection
    ("_story", "q"),  # story id (smallest record id among its copies)
    ("_copies", "i"),  # number of records of its story
    ("_story_providers", "i"),  # distinct providers of its story
    ("_story_start", "i"),  # where its story's records start in _story_order
    ("_thread", "q"),  # thread id (smallest record id in the thread)
    ("_thread_size", "i"),
    ("_thread_providers", "i"),
    ("_thread_newest", "q"),  # record id of its thread's newest record
    ("_thread_start", "i"),  # where its thread's records start in _thread_order
    ("_story_order", "q"),  # record ids grouped by story, ascending id within a story
    ("_thread_order", "q"),  # record ids grouped by thread, oldest first within a thread
)
_HEADER = struct.Struct("<4sII")
_MAGIC = b"SGRF"
_UNDATED = float("inf")  # sorts an undated record after every dated one


class StoryGraph:
    """Stories (copies of one article) and threads (stories that list each other) of an index."""

    # Typed here so that the arrays `_LAYOUT` names are known to readers and linters.
    _ids: array
    _story: array
    _copies: array
    _story_providers: array
    _story_start: array
    _thread: array
    _thread_size: array
    _thread_providers: array
    _thread_newest: array
    _thread_start: array
    _story_order: array
    _thread_order: array

    def __init__(self, arrays: dict[str, array], fingerprint: str) -> None:
        for name, _code in _LAYOUT:
            setattr(self, name, arrays[name])
        self.fingerprint = fingerprint  # the state of the index this graph describes

    # -- making ------------------------------------------------------------------------------

    @classmethod
    def build(cls, db: sqlite3.Connection) -> StoryGraph:
        """Compute the graph from the index as it is now (one consistent read of it)."""
        # One read transaction: a sync writing meanwhile must not make the links disagree with the
        # records, nor the fingerprint with either. The rows are streamed, not fetched into lists:
        # at 100,000 records the lists of pairs alone held about 60 MB at the peak of a cold start.
        own_transaction = not db.in_transaction
        if own_transaction:
            db.execute("BEGIN")
        try:
            fingerprint = _fingerprint(db)
            rows = db.execute("SELECT id, provider, domain, published FROM records ORDER BY id")
            arrays = _compute(rows, lambda: db.execute(_SAME_STORY), lambda: db.execute(_RESOLVED_LINKS))
        finally:
            if own_transaction:
                db.execute("COMMIT")
        return cls(arrays, fingerprint)

    @classmethod
    def load(cls, db: sqlite3.Connection) -> StoryGraph | None:
        """The graph last saved in the index, or None when there is none or the index has changed since."""
        try:
            row = db.execute("SELECT fingerprint, data FROM story_graph WHERE id = 1").fetchone()
            current = _fingerprint(db)
        except sqlite3.OperationalError:
            return None  # never saved (no table yet)
        if row is None or row[0] != current:
            return None
        arrays = _unpack(row[1])
        return None if arrays is None else cls(arrays, current)

    def save(self, db: sqlite3.Connection) -> None:
        """Keep this graph in the index so that the next start loads it instead of recomputing it."""
        db.execute(_CREATE_SAVED)
        db.execute(
            "INSERT OR REPLACE INTO story_graph(id, fingerprint, data) VALUES (1, ?, ?)",
            (self.fingerprint, _pack(self)),
        )
        if db.in_transaction and db.isolation_level is not None:
            db.commit()  # a connection in Python's implicit-transaction mode would otherwise hold it

    @classmethod
    def cached(cls, db: sqlite3.Connection) -> StoryGraph:
        """The saved graph when it is current, else a freshly built one (which is then saved)."""
        graph = cls.load(db)
        if graph is None:
            graph = cls.build(db)
            graph.save(db)
        return graph

    # -- records -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, int) and self._position(record_id) is not None

    def _position(self, record_id: int) -> int | None:
        ids = self._ids
        position = bisect_left(ids, record_id)
        return position if position < len(ids) and ids[position] == record_id else None

    # -- stories (duplicates) ----------------------------------------------------------------
    # A record the graph does not know (added after it was built) is answered as a story and a thread
    # of its own, so that a caller never has to guard against a graph that lags a sync.

    def story_of(self, record_id: int) -> int:
        """The story id of a record: the smallest record id among the copies of its story."""
        p = self._position(record_id)
        return record_id if p is None else self._story[p]

    def copies(self, record_id: int) -> tuple[int, ...]:
        """Every record of this record's story (itself included), ascending id."""
        p = self._position(record_id)
        if p is None:
            return (record_id,)
        start = self._story_start[p]
        return tuple(self._story_order[start : start + self._copies[p]])

    def copy_count(self, record_id: int) -> int:
        """How many records are copies of this record's story (1 when it has no duplicate)."""
        p = self._position(record_id)
        return 1 if p is None else self._copies[p]

    def story_provider_count(self, record_id: int) -> int:
        """How many distinct providers published this record's story."""
        p = self._position(record_id)
        return 0 if p is None else self._story_providers[p]

    def duplicated_story_ids(self) -> list[int]:
        """The story ids of every story that has more than one record."""
        return [
            self._ids[p]
            for p in range(len(self._ids))
            if self._story[p] == self._ids[p] and self._copies[p] > 1
        ]

    # -- threads -----------------------------------------------------------------------------

    def thread_of(self, record_id: int) -> int:
        """The thread id of a record: the smallest record id in its thread."""
        p = self._position(record_id)
        return record_id if p is None else self._thread[p]

    def thread_members(self, record_id: int) -> tuple[int, ...]:
        """The records of this record's thread as a timeline: oldest first, undated last."""
        p = self._position(record_id)
        if p is None:
            return (record_id,)
        start = self._thread_start[p]
        return tuple(self._thread_order[start : start + self._thread_size[p]])

    def thread_size(self, record_id: int) -> int:
        """How many records this record's thread holds (1 when it is alone)."""
        p = self._position(record_id)
        return 1 if p is None else self._thread_size[p]

    def thread_provider_count(self, record_id: int) -> int:
        """How many distinct providers this record's thread draws on."""
        p = self._position(record_id)
        return 0 if p is None else self._thread_providers[p]

    def thread_newest(self, record_id: int) -> int:
        """The newest record (latest publication time) of this record's thread."""
        p = self._position(record_id)
        return record_id if p is None else self._thread_newest[p]

    def thread_ids(self) -> list[int]:
        """The id of every thread, ascending; a record without mutual links is a thread of one."""
        ids, thread = self._ids, self._thread
        return [ids[p] for p in range(len(ids)) if thread[p] == ids[p]]


# -- computing ---------------------------------------------------------------------------------


def _fingerprint(db: sqlite3.Connection) -> str:
    return f"{FORMAT}:" + ":".join(str(value) for value in db.execute(_FINGERPRINT).fetchone())


def _find(parent: list[int], x: int) -> int:
    while parent[x] != x:
        parent[x] = parent[parent[x]]  # path halving keeps later finds short
        x = parent[x]
    return x


def _union(parent: list[int], a: int, b: int) -> None:
    a, b = _find(parent, a), _find(parent, b)
    # The smaller position is always the root, so a group's id is its smallest record id.
    if a < b:
        parent[b] = a
    elif b < a:
        parent[a] = b


def _provider_label(name: str, domain: str) -> str:
    # Casefolded so that "Reuters" and "REUTERS" are one provider; a record with neither name nor
    # domain names no provider and is not counted as one.
    return (name or domain).strip().casefold()


def _compute(
    rows: Iterable[tuple], same_story: Callable[[], Iterable[tuple]], resolved: Callable[[], Iterable[tuple]]
) -> dict[str, array]:
    """Group records into stories and threads; `rows` are (id, provider, domain, published) by id.

    `same_story` and `resolved` give their pairs when called, read once each, after `rows`.
    """
    ids = array("q")
    labels: list[str] = []
    stamps = array("d")
    shared: dict[str, str] = {}  # one string per provider label, not one per record
    for record_id, name, domain, published in rows:
        ids.append(record_id)
        label = _provider_label(name, domain)
        labels.append(shared.setdefault(label, label))
        stamps.append(_UNDATED if published is None else published)
    n = len(ids)
    # Positions by record id (-1: no such record): an array indexed by id, smaller than a dict.
    position = array("i", [-1]) * (ids[-1] + 1 if n else 0)
    for p, record_id in enumerate(ids):
        position[record_id] = p
    known = range(len(position))

    def pairs(read: Callable[[], Iterable[tuple]]) -> Iterator[tuple[int, int]]:
        """The pairs as positions; one naming a record that is not in `rows` is skipped."""
        for a, b in read():
            if a in known and b in known and position[a] >= 0 and position[b] >= 0:
                yield position[a], position[b]

    parent = list(range(n))
    for a, b in pairs(same_story):
        _union(parent, a, b)
    story = [_find(parent, p) for p in range(n)]

    # Links between stories, each pair packed into one integer; a link is mutual when the pair
    # the other way round is there too.
    links = {story[a] * n + story[b] for a, b in pairs(resolved)}
    parent = story[:]  # threads start from stories: every copy is in its story's thread
    for edge in links:
        sa, sb = divmod(edge, n)
        # Each mutual pair is met in both orders; sa == sb is a record listing its own copy.
        if sa < sb and sb * n + sa in links:
            _union(parent, sa, sb)
    del links
    thread = [_find(parent, p) for p in range(n)]

    # Sorting is stable: ordering by story alone keeps ascending ids within a story, and ordering
    # the timeline by thread keeps each thread oldest first, undated (infinitely late) last.
    story_order = sorted(range(n), key=story.__getitem__)
    story_start, copies, story_providers, _ = _lay_out(story_order, story, labels, None)
    thread_order = sorted(sorted(range(n), key=stamps.__getitem__), key=thread.__getitem__)
    thread_start, thread_size, thread_providers, newest = _lay_out(thread_order, thread, labels, stamps)

    def per_record(values: Sequence[int], group: list[int]) -> array:
        return array("i", [values[g] for g in group])

    def ids_of(positions: Iterable[int]) -> array:
        return array("q", [ids[p] for p in positions])

    return {
        "_ids": ids,
        "_story": ids_of(story),
        "_copies": per_record(copies, story),
        "_story_providers": per_record(story_providers, story),
        "_story_start": per_record(story_start, story),
        "_thread": ids_of(thread),
        "_thread_size": per_record(thread_size, thread),
        "_thread_providers": per_record(thread_providers, thread),
        "_thread_newest": ids_of(newest[t] for t in thread),
        "_thread_start": per_record(thread_start, thread),
        "_story_order": ids_of(story_order),
        "_thread_order": ids_of(thread_order),
    }


def _lay_out(
    order: list[int], group: list[int], labels: list[str], stamps: Sequence[float] | None
) -> tuple[list[int], list[int], list[int], list[int]]:
    """Per group root: where its members start in `order`, how many, how many providers, the newest."""
    n = len(order)
    start, size, providers, newest = [0] * n, [0] * n, [0] * n, [0] * n
    seen: set[str] = set()
    current = -1
    for offset, p in enumerate(order):
        root = group[p]
        if root != current:
            current = root
            start[root] = offset
            seen = set()
        size[root] += 1
        label = labels[p]
        if label and label not in seen:
            seen.add(label)
            providers[root] += 1
        # Members come oldest first, so the last dated one is the newest; an undated group keeps its first.
        if stamps is not None and (stamps[p] != _UNDATED or size[root] == 1):
            newest[root] = p
    return start, size, providers, newest


# -- saving ------------------------------------------------------------------------------------


def _pack(graph: StoryGraph) -> bytes:
    parts = [_HEADER.pack(_MAGIC, FORMAT, len(graph._ids))]
    for name, _code in _LAYOUT:
        values: array = getattr(graph, name)
        if sys.byteorder == "big":
            values = array(values.typecode, values)
            values.byteswap()
        parts.append(values.tobytes())
    return b"".join(parts)


def _unpack(data: bytes) -> dict[str, array] | None:
    """The arrays of a saved graph, or None when the blob is not one this version wrote."""
    if not isinstance(data, bytes) or len(data) < _HEADER.size:
        return None
    magic, version, n = _HEADER.unpack_from(data)
    if magic != _MAGIC or version != FORMAT:
        return None
    arrays: dict[str, array] = {}
    offset = _HEADER.size
    view = memoryview(data)
    for name, code in _LAYOUT:
        values = array(code)
        end = offset + n * values.itemsize
        if end > len(data):
            return None
        values.frombytes(view[offset:end])
        if sys.byteorder == "big":
            values.byteswap()
        arrays[name] = values
        offset = end
    return arrays if offset == len(data) else None
