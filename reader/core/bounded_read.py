"""Reading a record file's bytes without letting the file decide how much, or how long, to read."""

from __future__ import annotations

import os
import stat


class Unreadable(Exception):
    """The file cannot be read as a record file; the message says why, for a user."""


def read_bounded(path: str, limit: int) -> bytes:
    """Up to `limit` + 1 bytes of the regular file at `path` (one more, so a caller sees it was cut).

    Raises Unreadable for a missing or unreadable file, a folder, a pipe or a device.
    """
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise Unreadable(f"cannot read the file: {error.strerror or error}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise Unreadable(f"cannot read the file: it is {kind}")
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            return handle.read(limit + 1)
    except OSError as error:
        raise Unreadable(f"cannot read the file: {error.strerror or error}") from None
    finally:
        if fd >= 0:
            os.close(fd)
