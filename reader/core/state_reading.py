"""Opening the saved state only to read it, so that export and `is:read` work in a read-only folder."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from reader.core.state import StateStore


def open_to_read(path: Path) -> StateStore:
    """The state file at `path` opened read-only; when that fails, as `StateStore.open` would.

    Opening for writing creates the WAL files and the tables: a data folder that cannot be
    written (or a file that is not ours) must still be readable for an export.
    """
    for options in ("mode=ro", "mode=ro&immutable=1"):  # immutable: no -shm can be made beside it
        try:
            conn = sqlite3.connect(
                f"file:{quote(str(path))}?{options}", uri=True, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error:
            continue
        try:
            if [row[0] for row in conn.execute("PRAGMA quick_check(3)")] == ["ok"]:
                conn.execute("SELECT count(*) FROM read").fetchone()
                conn.execute("SELECT count(*) FROM starred").fetchone()
                return StateStore(conn, path)
        except sqlite3.Error:
            pass
        conn.close()
    return StateStore.open(path)
