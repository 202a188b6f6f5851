"""The persistent index: an SQLite cache of what the sidebar, the list, search and the graph need.

It is only a cache. Deleting it loses nothing; a corrupt file or one of another schema version
is moved aside and rebuilt. Files are keyed by path, size and modification time, so a warm start
parses only what changed.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Container, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TypeVar

from reader.core.digest import Digest, Summary
from reader.core.index_rows import TOPIC_SEPARATOR, summary_rows
from reader.core.index_schema import SCHEMA, SCHEMA_VERSION, SECONDARY_INDEXES
from reader.core.model import Problem

SYNC_CACHE_KIB = 8000
_T = TypeVar("_T")


class Index:
    """The SQLite index of one set of folders; safe to use from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self.recovered: str | None = None  # why the index was rebuilt or is in memory, when it is
        self.in_memory = False
        self._data_version: int | None = None
        try:
            self._prepare()
        except (OSError, sqlite3.Error) as error:
            # A cache folder that is read-only, full or missing must not stop the reader.
            self._use_memory(error)

    # -- connections -------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        target = self._memory_uri if self.in_memory else self.path
        connection = sqlite3.connect(
            target, timeout=30, isolation_level=None, check_same_thread=False, uri=self.in_memory
        )
        connection.execute("PRAGMA journal_mode=WAL")
        # The index is a cache: a lost last transaction is rebuilt by the next scan.
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-32000")
        return connection

    @property
    def _memory_uri(self) -> str:
        # Shared cache: every thread's connection sees the same in-memory database.
        return f"file:reader-index-{id(self)}?mode=memory&cache=shared"

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections are not shared across threads)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._connect()
            self._local.connection = connection
            connections = self.__dict__.setdefault("_all", [])
            connections.append(connection)
        return connection

    def close(self) -> None:
        """Close every connection this index opened."""
        for connection in self.__dict__.get("_all", []):
            with contextlib.suppress(sqlite3.Error):
                connection.close()
        self.__dict__["_all"] = []
        self._local = threading.local()

    @property
    def _damage_mark(self) -> Path:
        return Path(f"{self.path}.damaged")

    def _prepare(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if self._damage_mark.exists():
                raise sqlite3.DatabaseError("a damaged page was met while reading it")
            if _while_busy(self._holds_current_schema, self.close):
                return
        except sqlite3.DatabaseError as error:
            self._move_aside(error)
        self._create()

    def _holds_current_schema(self) -> bool:
        """True for an index of this version, False for a new file; raises for anything else."""
        db = self.db
        # One read transaction: another reader creating the tables at this moment is seen either
        # before or after, never half-way (a version of 0 beside its tables is not a foreign file).
        db.execute("BEGIN")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                db.execute("SELECT count(*) FROM files").fetchone()
                return True
            if version != 0 or db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise sqlite3.DatabaseError(f"schema version {version}, expected {SCHEMA_VERSION}")
            return False
        finally:
            db.execute("COMMIT")

    def _create(self) -> None:
        # IMMEDIATE: two readers starting at once on a new folder must not both create the tables.
        _while_busy(self._create_tables, self.close)

    def _create_tables(self) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _move_aside(self, error: Exception) -> None:
        """Keep an unusable index beside the new one (for a bug report) and start again."""
        self.recovered = f"the index at {self.path} was unusable ({error}) and is being rebuilt"
        self.close()
        aside = Path(f"{self.path}.unusable")
        with contextlib.suppress(OSError):
            self.path.replace(aside)
        for suffix in ("", "-wal", "-shm", ".damaged"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(self.path) + suffix).unlink()

    def _use_memory(self, error: Exception) -> None:
        self.close()
        self.in_memory = True
        reason = getattr(error, "strerror", None) or error
        self.recovered = (
            f"the cache folder {self.path.parent} cannot be written ({reason}): "
            "the index is kept in memory, so the next start reads every file again"
        )
        self._create()

    def rebuild(self, error: Exception) -> None:
        """Start an empty index after a damaged page was read; `recovered` says why."""
        if self.in_memory:
            raise error  # nothing on disk to blame
        if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_FULL", "SQLITE_READONLY")):
            self._use_memory(error)  # the file is fine, the folder cannot take more
            return
        self._move_aside(error)
        try:
            self._create()
        except (OSError, sqlite3.Error) as again:
            self._use_memory(again)

    def mark_damaged(self) -> None:
        """Remember that reading met a damaged page, so that the next start rebuilds the index."""
        if not self.in_memory:
            with contextlib.suppress(OSError):
                self._damage_mark.touch()

    # -- writing -----------------------------------------------------------------------------

    def known_files(self) -> dict[str, tuple[int, int, int]]:
        """Map each indexed path to (file id, size, mtime_ns)."""
        self._data_version = self.db.execute("PRAGMA data_version").fetchone()[0]
        return {
            path: (file_id, size, mtime)
            for file_id, path, size, mtime in self.db.execute("SELECT id, path, size, mtime_ns FROM files")
        }

    def store(
        self, digests: Iterable[Digest], known: Container[str] | None = None, defer_text: bool = False
    ) -> tuple[list[Summary], list[int], list[Problem]]:
        """Store digests in one transaction; return the new summaries, replaced ids and problems.

        `known` holds the paths the index had when a sync began: any other path is new, so it
        needs no look-up. With `defer_text`, the search text waits in a plain table until
        `flush_text`: tokenising it is the costliest part of a cold start, and the list does
        not need it.
        """
        added: list[Summary] = []
        replaced: list[int] = []
        problems: list[Problem] = []
        file_rows: list[tuple] = []
        problem_rows: list[tuple] = []
        record_rows: list[tuple] = []
        key_rows: list[tuple] = []
        link_rows: list[tuple] = []
        text_rows: list[tuple] = []
        # One row per path: the same file can be reported twice (by its folder and by itself).
        unique = {digest.path: digest for digest in digests}
        with self._write_lock, self._transaction() as db:
            if known is not None and self._written_elsewhere(db):
                known = None  # another process indexed these folders meanwhile: look every path up
            next_id = (db.execute("SELECT max(id) FROM files").fetchone()[0] or 0) + 1
            for digest in unique.values():
                row = None
                if known is None or digest.path in known:
                    row = db.execute("SELECT id FROM files WHERE path = ?", (digest.path,)).fetchone()
                if row:
                    file_id = row[0]
                    if self._delete_contents(db, file_id):
                        replaced.append(file_id)
                    db.execute(
                        "UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                        (digest.size, digest.mtime_ns, file_id),
                    )
                else:
                    file_id, next_id = next_id, next_id + 1
                    file_rows.append((file_id, digest.path, digest.size, digest.mtime_ns))
                for line, reason in digest.problems:
                    problem_rows.append((file_id, line, reason))
                    problems.append(Problem(digest.path, reason, line))
                if digest.columns is None:
                    continue
                record_rows.append((file_id, *digest.columns))
                key_rows += [(key, file_id) for key in digest.keys]
                link_rows += [(file_id, pos, key) for pos, key in digest.links]
                text_rows.append((file_id, *digest.text))
                added.append(_summary((file_id, *digest.columns)))
            db.executemany("INSERT INTO files(id, path, size, mtime_ns) VALUES (?, ?, ?, ?)", file_rows)
            db.executemany("INSERT INTO problems VALUES (?, ?, ?)", problem_rows)
            db.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", record_rows)
            db.executemany("INSERT INTO record_keys VALUES (?, ?)", key_rows)
            db.executemany("INSERT INTO links VALUES (?, ?, ?)", link_rows)
            table = "pending_text(id" if defer_text else "search(rowid"
            db.executemany(
                f"INSERT INTO {table}, title, excerpt, provider, body) VALUES (?,?,?,?,?)", text_rows
            )
        return added, replaced, problems

    def write_with_small_cache(self) -> None:
        """Give this thread's connection a small page cache, for a sync's bulk writes.

        Appending rows, building indexes and one-off joins (the story graph) gain nothing from
        SQLite's 32 MB cache, and at 100,000 records a first read filled it: the process's peak
        memory fell by about 60 MB with 8 MB. Other threads' connections keep theirs for queries.
        """
        self.db.execute(f"PRAGMA cache_size=-{SYNC_CACHE_KIB}")

    def defer_lookups(self) -> bool:
        """Drop the look-up indexes of an index that holds no file yet, for a first bulk load.

        True when they were dropped; `build_lookups` builds them again once the load is done.
        """
        with self._write_lock, self._transaction() as db:
            if db.execute("SELECT 1 FROM files LIMIT 1").fetchone():
                return False
            for name in SECONDARY_INDEXES:
                db.execute(f"DROP INDEX IF EXISTS {name}")
        return True

    def build_lookups(self) -> None:
        """Build every look-up index that is missing: after a bulk load, or one that was cut short."""
        present = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        if present.issuperset(SECONDARY_INDEXES):
            return  # the usual case: no write transaction to wait for
        with self._write_lock, self._transaction() as db:
            for name, target in SECONDARY_INDEXES.items():
                db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")

    def flush_text(self, chunk: int = 5_000) -> Iterator[int]:
        """Move deferred search text into the full-text index, yielding how many rows are left."""
        while True:
            with self._write_lock, self._transaction() as db:
                ids = [r[0] for r in db.execute("SELECT id FROM pending_text ORDER BY id LIMIT ?", (chunk,))]
                if not ids:
                    return
                last = ids[-1]
                db.execute(
                    "INSERT INTO search(rowid, title, excerpt, provider, body) "
                    "SELECT id, title, excerpt, provider, body FROM pending_text WHERE id <= ?",
                    (last,),
                )
                db.execute("DELETE FROM pending_text WHERE id <= ?", (last,))
                left = db.execute("SELECT count(*) FROM pending_text").fetchone()[0]
            yield left

    def remove(self, paths: Iterable[str]) -> list[int]:
        """Forget files that are gone; return the ids of the records they held."""
        removed: list[int] = []
        with self._write_lock, self._transaction() as db:
            for path in paths:
                row = db.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
                if not row:
                    continue
                if self._delete_contents(db, row[0]):
                    removed.append(row[0])
                db.execute("DELETE FROM files WHERE id = ?", (row[0],))
        return removed

    @staticmethod
    def _delete_contents(db: sqlite3.Connection, file_id: int) -> bool:
        db.execute("DELETE FROM problems WHERE file_id = ?", (file_id,))
        had_record = db.execute("DELETE FROM records WHERE id = ?", (file_id,)).rowcount > 0
        if had_record:
            db.execute("DELETE FROM record_keys WHERE record_id = ?", (file_id,))
            db.execute("DELETE FROM links WHERE record_id = ?", (file_id,))
            db.execute("DELETE FROM search WHERE rowid = ?", (file_id,))
            db.execute("DELETE FROM pending_text WHERE id = ?", (file_id,))
        return had_record

    def _written_elsewhere(self, db: sqlite3.Connection) -> bool:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        return self._data_version is None or version != self._data_version

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock first (waiting up to the busy timeout), so a second
        # process indexing the same folders waits instead of failing half-way.
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- reading -----------------------------------------------------------------------------

    def summaries(self) -> list[Summary]:
        """Every record's list columns (rows of the same provider or topics share them)."""
        return list(map(partial(tuple.__new__, Summary), summary_rows(self.db)))

    def path_of(self, record_id: int) -> str | None:
        """The file a record was read from."""
        row = self.db.execute("SELECT path FROM files WHERE id = ?", (record_id,)).fetchone()
        return row[0] if row else None

    def locations(self, record_ids: Iterable[int] | None = None) -> dict[int, tuple[str, str]]:
        """Map record ids to (file path, source URL as written); every record when ids is None."""
        sql = "SELECT r.id, f.path, r.source_url FROM records r JOIN files f ON f.id = r.id"
        if record_ids is None:
            rows = self.db.execute(sql)
        else:
            ids = list(record_ids)
            rows = self.db.execute(f"{sql} WHERE r.id IN ({','.join('?' * len(ids))})", ids)
        return {record_id: (path, url) for record_id, path, url in rows}

    def problems(self) -> list[Problem]:
        """Every problem found in the indexed files, by path and line."""
        rows = self.db.execute(
            "SELECT f.path, p.line, p.reason FROM problems p JOIN files f ON f.id = p.file_id "
            "ORDER BY f.path, p.line"
        )
        return [Problem(path, reason, line) for path, line, reason in rows]

    def records_with_keys(self, keys: Iterable[str]) -> list[int]:
        """Ids of the records reachable by any of `keys`, oldest file first."""
        keys = [k for k in keys if k]
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT DISTINCT record_id FROM record_keys WHERE key IN ({marks}) ORDER BY record_id", keys
        )
        return [row[0] for row in rows]

    def keys_of(self, record_id: int) -> list[str]:
        """The story keys of one record."""
        return [
            r[0] for r in self.db.execute("SELECT key FROM record_keys WHERE record_id = ?", (record_id,))
        ]

    def resolve_links(self, record_id: int) -> dict[int, int]:
        """Map each related position of a record to the record it resolves to, where it does."""
        rows = self.db.execute(
            "SELECT l.position, min(k.record_id) FROM links l JOIN record_keys k ON k.key = l.key "
            "WHERE l.record_id = ? AND k.record_id != l.record_id GROUP BY l.position",
            (record_id,),
        )
        return dict(rows.fetchall())

    def mentioned_by(self, record_id: int) -> list[int]:
        """Ids of the records whose related lists point at this record."""
        rows = self.db.execute(
            "SELECT DISTINCT l.record_id FROM record_keys k JOIN links l ON l.key = k.key "
            "WHERE k.record_id = ? AND l.record_id != ?",
            (record_id, record_id),
        )
        return [row[0] for row in rows]


def _while_busy(step: Callable[[], _T], reset: Callable[[], None], patience: float = 30.0) -> _T:
    """Run `step`, again while another process holds the file.

    SQLite gives up at once, without its busy timeout, in a few places (switching a new file to
    WAL, a lock upgrade that could deadlock); such a refusal means "wait", never "damaged", and an
    index moved aside for it would be pulled from under the other reader.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            return step()
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() > deadline:
                raise
        reset()
        time.sleep(0.02)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    name = getattr(error, "sqlite_errorname", "")  # Python 3.11 and later
    if name:
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return "locked" in str(error) or "busy" in str(error)


def _summary(row: tuple) -> Summary:
    """A summary from a records row as stored: (id, *digest columns)."""
    record_id, title, published, provider, _domain, _category, _type, quality, heat, topics, story = row[:11]
    return _make_summary(record_id, title, published, provider, topics, story, heat, quality)


def _make_summary(
    record_id: int,
    title: str,
    published: float | None,
    provider: str,
    topics: str,
    story: str,
    heat: int | None,
    quality: int | None,
) -> Summary:
    return Summary(
        record_id,
        title,
        published,
        provider,
        tuple(topics.split(TOPIC_SEPARATOR)) if topics else (),
        story,
        heat,
        quality,
    )
