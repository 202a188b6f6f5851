"""The persistent index: an SQLite cache of what the sidebar, the list, search and the graph need.

It is only a cache. Deleting it loses nothing; a corrupt file or one of another schema version
is moved aside and rebuilt. Files are keyed by path, size and modification time, so a warm start
parses only what changed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Container, Iterable, Iterator
from functools import partial

from reader.core.digest import Digest, Summary
from reader.core.index_file import IndexFile
from reader.core.index_rows import TOPIC_SEPARATOR, summary_rows
from reader.core.index_schema import SECONDARY_INDEXES
from reader.core.model import Problem

SYNC_CACHE_KIB = 8000


class Index(IndexFile):
    """The SQLite index of one set of folders: what the sync writes and what the reader asks of it."""

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
