"""Reading small files without blocking or filling memory, and writing them so a crash loses nothing."""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

MAX_CONFIG_BYTES = 1 << 20  # real configs are a few KiB


def write_atomically(path: Path, text: str, *, durable: bool = True) -> None:
    """Replace `path` with `text` so that a crash at any moment leaves the old or the new file whole.

    `durable=False` skips the fsyncs, for many files that can be made again (records from a feed):
    the rename is still atomic, but a power cut may lose the newest writes.
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        # Keep the user's permissions (a config may be private); a new file keeps mkstemp's 0600.
        with suppress(FileNotFoundError):
            os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    # The rename itself lives in the folder: sync it too, or a power cut may bring the old file back.
    if durable:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make the names created or renamed in `folder` durable (a no-op where folders cannot be synced)."""
    if os.name == "posix":
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_small_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; OSError otherwise.

    A user's file could be /dev/zero (endless) or a named pipe (a read that never returns):
    only a regular file is read, opened without waiting for a writer, and no further than `limit`.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError("not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"larger than {limit // 1024:,} KiB")
    return data
