"""Noticing feed files where records were expected, so a folder of feeds can say how to import it."""

from __future__ import annotations

import os
from pathlib import Path

from reader.core.text import escape_controls

_RECORD_SUFFIXES = (".md", ".markdown", ".txt")
_MARKS = (b"<rss", b"<feed", b"<rdf:rdf", b"jsonfeed.org/version", b"<opml")
_MAX_FILES = 20_000  # a hint, not a scan: a huge folder of other files must not stall it
_HEAD = 2048


def count_feed_files(roots: list[str]) -> int:
    """How many files under `roots` look like feeds or OPML (by their first bytes, not their names)."""
    count = 0
    seen = 0
    for root in roots:
        for path in _files(Path(root)):
            seen += 1
            if seen > _MAX_FILES:
                return count
            if _looks_like_feed(path):
                count += 1
    return count


def feed_files_hint(roots: list[str]) -> str:
    """The sentence for a folder of feeds with no records in it, or "" if there are no feed files."""
    count = count_feed_files(roots)
    if not count:
        return ""
    where = escape_controls(roots[0]) if len(roots) == 1 else "PATH ..."
    files = "feed file" if count == 1 else "feed files"
    return f"{count:,} {files} here: `reader import {where} --into DIR` turns them into records."


def _files(root: Path):
    if root.is_file():
        yield root
        return
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith(".") and not name.lower().endswith(_RECORD_SUFFIXES):
                yield Path(folder) / name


def _looks_like_feed(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(_HEAD).lower()
    except OSError:
        return False
    return any(mark in head for mark in _MARKS)
