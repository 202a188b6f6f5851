"""Finding record files under the folders a user opens, safely (no symlink loops)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from reader.core.parse import is_record_file


def iter_record_files(paths: list[str]) -> Iterator[tuple[str, int, int]]:
    """Yield (path, size, mtime_ns) of every record file under `paths`, following no loops.

    A file named directly is yielded whatever its ending; inside folders only record endings
    count, and hidden folders and README files (a folder's own notes) are skipped. A symbolic
    link with a record ending that leads nowhere (dangling, or a loop) is yielded too, so that
    reading it reports the problem.
    Missing paths, pipes and devices are skipped: reading them could block or never end.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        try:
            info = os.stat(root)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            if stat.S_ISREG(info.st_mode):
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
                with os.scandir(folder) as scanner:
                    entries = list(scanner)
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_dir():
                        if not entry.name.startswith("."):
                            stack.append(entry.path)
                    elif is_record_file(entry.name) and not _is_readme(entry.name):
                        if entry.is_file():
                            info = entry.stat()
                            yield entry.path, info.st_size, info.st_mtime_ns
                        elif entry.is_symlink():
                            info = entry.stat(follow_symlinks=False)
                            yield entry.path, info.st_size, info.st_mtime_ns
                except OSError:
                    # is_dir() raises for a link in a loop; a link to nowhere is still worth naming.
                    if is_record_file(entry.name) and entry.is_symlink():
                        try:
                            info = entry.stat(follow_symlinks=False)
                        except OSError:
                            continue
                        yield entry.path, info.st_size, info.st_mtime_ns


def _is_readme(name: str) -> bool:
    return name.lower().startswith("readme.")
