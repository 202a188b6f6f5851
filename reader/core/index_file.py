"""The index's SQLite file: a connection per thread, the schema check, and what happens when the
file cannot be used (another reader holds it, it is damaged, the cache folder cannot be written).

It is only a cache: a damaged file or one of another schema version is moved aside and rebuilt, and
a folder that cannot be written gives an index in memory, so the reader always starts.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reader.core.index_schema import SCHEMA, SCHEMA_VERSION

_T = TypeVar("_T")


class IndexFile:
    """The SQLite file of one index, opened (or recovered) on creation; safe to use from several threads."""

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
