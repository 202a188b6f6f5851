"""Writing files so that a crash at any moment leaves the old file or the new one whole."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path


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
