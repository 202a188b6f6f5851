"""Finding record files under the folders a user opens, safely (no symlink loops)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from reader.core.parse import is_record_file


def iter_record_files(paths: list[str]) -> Iterator[tuple[str, int, int]]:
    """Yield (path, size, mtime_ns) of every record file under `paths`, following no loops."""
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        try:
            info = os.stat(root)
        except OSError:
            continue
        if not os.path.isdir(root):
            yield root, info.st_size, info.st_mtime_ns
            continue
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                key = os.stat(folder)
            except OSError:
                continue
            ident = (key.st_dev, key.st_ino)
            if ident in seen_dirs:
                continue  # a symlink loop, or a folder reached twice
            seen_dirs.add(ident)
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_dir():
                        if not entry.name.startswith("."):
                            stack.append(entry.path)
                    elif entry.is_file() and is_record_file(entry.name):
                        stat = entry.stat()
                        yield entry.path, stat.st_size, stat.st_mtime_ns
                except OSError:
                    continue
