"""The user's saved state: read marks, stars and small settings, kept in SQLite so that a crash loses little.

Every user action is one transaction. The journal is a write-ahead log with `synchronous=NORMAL`: a
commit is in the log (in the operating system's page cache) before `commit` returns, so killing the
process at any moment loses nothing committed, and the file is never left half-written. Only a power cut
or an OS crash can lose the last few commits, never the file. `FULL` would fsync on every commit, and with
`mark_read_on_show` a commit happens per story shown: holding `j` would then wait on the disk per key.

Stories are keyed by `reader.core.urls.story_key`, which the caller computes. A story with no key (no
web address) cannot be remembered: setting it is a no-op and it reads as unread and unstarred.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.paths import ensure_dir, state_file
from reader.core.state_export import EXPORT_VERSION, MAX_KEY_CHARS, validate_export

SCHEMA_VERSION = 1
# Another reader instance may hold the write lock for a moment; waiting longer would freeze the UI.
_BUSY_TIMEOUT_S = 2.0
# SQLite's primary result codes for "this file is damaged" and "this is not a database at all".
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS read (key TEXT PRIMARY KEY NOT NULL, at REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS starred (key TEXT PRIMARY KEY NOT NULL, at REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
"""
_TABLES = {"read": "key, at", "starred": "key, at", "settings": "name, value"}


class StateError(RuntimeError):
    """Saved state could not be read or written (disk full, file locked, store closed)."""


class _Corrupt(Exception):
    """The state file is damaged or is not this reader's state; it is moved aside and replaced."""


class _Unusable(Exception):
    """The state file is a newer reader's that this one cannot use; it must be left as it is."""


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """How many read marks and stars an import added that were not already saved."""

    read: int
    starred: int


def _is_corruption(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    # Before Python 3.11 there is no error code; locked, busy and I/O errors are OperationalErrors.
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def _check_header(path: Path) -> None:
    """Raise _Corrupt for a file that is plainly not SQLite, before SQLite opens it and drops its logs."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    # An empty file is a valid empty database; SQLite writes the header on first use.
    if head and head != _SQLITE_MAGIC:
        raise _Corrupt("it is not an SQLite file")


def _connect(target: str) -> sqlite3.Connection:
    # isolation_level=None: the store issues BEGIN/COMMIT itself, so one action is exactly one transaction.
    conn = sqlite3.connect(target, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        # Only reads until the file is known to be ours: a file we cannot use must be left as it was.
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise _Corrupt("; ".join(str(p) for p in problems))
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            # A later reader may add tables and columns but keeps these, so its file still works here.
            _check_tables(conn, "it was written by a newer version of the reader", _Unusable)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        # executescript commits before it starts, so the transaction has to be part of the script.
        stamp = f"PRAGMA user_version={SCHEMA_VERSION};" if version == 0 else ""
        conn.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}{stamp}COMMIT;")
        _check_tables(conn, "it is not this reader's state", _Corrupt)
    except BaseException:
        conn.close()
        raise
    return conn


def _check_tables(conn: sqlite3.Connection, meaning: str, error: type[Exception]) -> None:
    for table, columns in _TABLES.items():
        try:
            conn.execute(f"SELECT {columns} FROM {table} LIMIT 0")
        except sqlite3.OperationalError as exc:
            raise error(f"{meaning} ({exc})") from exc


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, aside)
    # A log left from the damaged file must not be replayed into the fresh one: keep it beside its file.
    # (SQLite deletes the logs itself when it gave up on a file with a valid header; then none remain.)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    return aside


def _check_key(key: str) -> bool:
    """Whether `key` can be stored; raise for values that are not keys at all (a caller's bug)."""
    if not isinstance(key, str):
        raise TypeError(f"a story key is a str, not {type(key).__name__}")
    return bool(key) and len(key) <= MAX_KEY_CHARS


class StateStore:
    """Read marks, stars and settings in one SQLite file; safe to call from several threads."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        recovered_from: Path | None = None,
        warning: str | None = None,
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self.path = path
        """The state file, or None when the state lives only in memory for this session."""
        self.recovered_from = recovered_from
        """Where a damaged state file was moved to when this store was opened, else None."""
        self.warning = warning
        """A message for the user when opening went wrong (file replaced, or state not saved), else None."""

    @classmethod
    def open(cls, path: Path | str | None = None) -> StateStore:
        """Open (or create) the state file at `path`, by default `state.sqlite` in the data folder.

        Never raises for a bad file: a damaged one is moved aside to `state.sqlite.corrupt-<time>` and a
        fresh one started; a file that cannot be used at all gives a store in memory. Either way
        `warning` says what happened so the app can tell the user.
        """
        path = Path(path) if path is not None else state_file()
        try:
            ensure_dir(path.parent)
            _check_header(path)
            return cls(_connect(str(path)), path)
        except _Corrupt as exc:
            reason = str(exc)
        except sqlite3.Error as exc:
            # A locked or unreadable file is not a damaged one: leave it where it is.
            if not _is_corruption(exc):
                return cls._in_memory_instead(path, str(exc))
            reason = str(exc)
        except (_Unusable, OSError) as exc:
            return cls._in_memory_instead(path, str(exc))
        try:
            aside = _move_aside(path)
            conn = _connect(str(path))
        except (_Corrupt, _Unusable, OSError, sqlite3.Error) as exc:
            return cls._in_memory_instead(path, f"{reason}; then: {exc}")
        warning = (
            f"Saved state in {path} was damaged ({reason}); "
            f"it was moved to {aside.name} and a new one started."
        )
        return cls(conn, path, recovered_from=aside, warning=warning)

    @classmethod
    def in_memory(cls) -> StateStore:
        """A store that forgets everything when closed: for tests and for when no file can be used."""
        return cls(_connect(":memory:"), None)

    @classmethod
    def _in_memory_instead(cls, path: Path, reason: str) -> StateStore:
        store = cls.in_memory()
        store.warning = (
            f"Could not open saved state in {path} ({reason}); "
            "read marks and stars will not be kept this session."
        )
        return store

    def close(self) -> None:
        """Close the file; committed actions are already saved. Closing twice is harmless."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                raise StateError("the saved state is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StateError(f"could not read saved state: {exc}") from exc

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside is saved together or not at all."""
        with self._lock:
            if self._conn is None:
                raise StateError("the saved state is closed")
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StateError(f"could not save state: {exc}") from exc
                raise

    def _is_in(self, table: str, key: str) -> bool:
        if not _check_key(key):
            return False
        with self._reading() as conn:
            return conn.execute(f"SELECT 1 FROM {table} WHERE key = ?", (key,)).fetchone() is not None

    def _set_many(self, table: str, keys: Iterable[str], on: bool) -> None:
        keys = [key for key in keys if _check_key(key)]
        if not keys:
            return
        with self._writing() as conn:
            if on:
                # Keep the first time a story was marked: re-marking is not news.
                now = time.time()
                conn.executemany(
                    f"INSERT INTO {table} (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    [(key, now) for key in keys],
                )
            else:
                conn.executemany(f"DELETE FROM {table} WHERE key = ?", [(key,) for key in keys])

    def _keys(self, table: str) -> set[str]:
        with self._reading() as conn:
            return {row[0] for row in conn.execute(f"SELECT key FROM {table}")}

    def is_read(self, key: str) -> bool:
        """Whether the story is marked read. For many stories load `read_keys()` once instead."""
        return self._is_in("read", key)

    def set_read(self, key: str, read: bool = True) -> None:
        """Mark one story read or unread, saved before returning."""
        self._set_many("read", (key,), read)

    def set_read_many(self, keys: Iterable[str], read: bool = True) -> None:
        """Mark many stories read or unread in one transaction: all are saved, or none."""
        self._set_many("read", keys, read)

    def read_keys(self) -> set[str]:
        """Every story key marked read, for the app to hold in memory."""
        return self._keys("read")

    def is_starred(self, key: str) -> bool:
        """Whether the story is starred. For many stories load `starred_keys()` once instead."""
        return self._is_in("starred", key)

    def set_starred(self, key: str, starred: bool = True) -> None:
        """Star or unstar one story, saved before returning."""
        self._set_many("starred", (key,), starred)

    def set_starred_many(self, keys: Iterable[str], starred: bool = True) -> None:
        """Star or unstar many stories in one transaction: all are saved, or none."""
        self._set_many("starred", keys, starred)

    def starred_keys(self) -> set[str]:
        """Every starred story key, for the app to hold in memory."""
        return self._keys("starred")

    def get_setting(self, name: str, default: Any = None) -> Any:
        """The saved value of setting `name` (any JSON value), or `default` when unset or unreadable."""
        with self._reading() as conn:
            row = conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        if row is None:
            return default
        try:
            return json.loads(row[0])
        except ValueError:
            return default

    def set_setting(self, name: str, value: Any) -> None:
        """Save setting `name` as a JSON value (bool, number, string, list, dict); None removes it."""
        if not isinstance(name, str) or not name:
            raise ValueError("a setting needs a non-empty name")
        with self._writing() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE name = ?", (name,))
            else:
                conn.execute(
                    "INSERT INTO settings (name, value) VALUES (?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    (name, json.dumps(value)),
                )

    def settings(self) -> dict[str, Any]:
        """Every saved setting, by name."""
        with self._reading() as conn:
            rows = conn.execute("SELECT name, value FROM settings").fetchall()
        result = {}
        for name, raw in rows:
            with suppress(ValueError):
                result[name] = json.loads(raw)
        return result

    def export_json(self) -> dict[str, Any]:
        """Read marks and stars as a JSON-ready dict: {"version": 1, "read": [...], "starred": [...]}."""
        with self._reading() as conn:
            # One read transaction, so another reader instance writing meanwhile cannot tear the snapshot.
            conn.execute("BEGIN")
            try:
                read = sorted(row[0] for row in conn.execute("SELECT key FROM read"))
                starred = sorted(row[0] for row in conn.execute("SELECT key FROM starred"))
            finally:
                conn.execute("COMMIT")
        return {"version": EXPORT_VERSION, "read": read, "starred": starred}

    def import_json(self, data: Any) -> ImportCounts:
        """Merge an `export_json` dict into this store in one transaction; ValueError says what is wrong."""
        read, starred = validate_export(data)
        with self._writing() as conn:
            before = _count(conn)
            now = time.time()
            for table, keys in (("read", read), ("starred", starred)):
                conn.executemany(
                    f"INSERT INTO {table} (key, at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                    [(key, now) for key in keys],
                )
            after = _count(conn)
        return ImportCounts(read=after[0] - before[0], starred=after[1] - before[1])


def _count(conn: sqlite3.Connection) -> tuple[int, int]:
    return (
        conn.execute("SELECT count(*) FROM read").fetchone()[0],
        conn.execute("SELECT count(*) FROM starred").fetchone()[0],
    )
