"""Finding record files under the folders a user opens, safely (no symlink loops)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from reader.core.model import Problem

RECORD_SUFFIXES = (".md", ".markdown", ".txt")


def is_record_file(name: str) -> bool:
    """Say whether a file name has one of the record endings."""
    return name.lower().endswith(RECORD_SUFFIXES)


def iter_record_files(
    paths: list[str], problems: list[Problem] | None = None
) -> Iterator[tuple[str, int, int]]:
    """Yield (path, size, mtime_ns) of every record file under `paths`, following no loops.

    A file named directly is yielded whatever its ending; inside folders only record endings
    count, and hidden folders and README files (a folder's own notes) are skipped. A symbolic
    link with a record ending that leads nowhere (dangling, or a loop) is yielded too, so that
    reading it reports the problem. Pipes and devices are never read (reading them could block
    or never end) and folders that cannot be listed are skipped: each becomes a problem in
    `problems`, so that nothing is left out without a word. Missing paths are the caller's.
    """
    report = problems.append if problems is not None else (lambda problem: None)
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        try:
            info = os.stat(root)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            if stat.S_ISREG(info.st_mode):
                yield root, info.st_size, info.st_mtime_ns
            else:
                report(Problem(root, "cannot read the file: it is not a regular file"))
            continue
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                key = os.stat(folder)
            except OSError as error:
                report(Problem(folder, f"cannot read the folder: {error.strerror or error}"))
                continue
            ident = (key.st_dev, key.st_ino)
            if ident in seen_dirs:
                continue  # a symlink loop, or a folder reached twice
            seen_dirs.add(ident)
            try:
                with os.scandir(folder) as scanner:
                    entries = list(scanner)
            except OSError as error:
                report(Problem(folder, f"cannot read the folder: {error.strerror or error}"))
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
                        else:
                            report(Problem(entry.path, "cannot read the file: it is not a regular file"))
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
