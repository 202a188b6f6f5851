"""Turning the bytes of one file into a Record, or into problems a user can act on.

Never raises for bad input: every failure becomes a Problem naming the file and, where known,
the line. Costs are bounded so that no single file can stall a load of a large folder. Each step
is its own module: the bounded read (`bounded_read`), the front-matter split (`front_matter`), the
fast YAML path (`yaml_fast`) and the hardened YAML loader (`yaml_loader`), value coercion
(`coerce`) and the record builder (`record_builder`); this module runs them in order.

The fast path gives no line numbers, so a record it loads is kept only when building it found no
problem; otherwise the file is loaded again on the slow path, whose values are the same, and its
problems name their lines.
"""

from __future__ import annotations

from reader.core.bounded_read import Unreadable, read_bounded
from reader.core.coerce import parse_time
from reader.core.front_matter import MAX_BODY_CHARS, MAX_FILE_BYTES, MAX_FRONT_MATTER_BYTES, split_record
from reader.core.model import ParseResult, Problem
from reader.core.record_builder import MAX_TOPICS, KeyLines, RecordBuilder
from reader.core.scan import RECORD_SUFFIXES, is_record_file
from reader.core.text import clean_text
from reader.core.yaml_fast import load_fast
from reader.core.yaml_loader import MAX_DEPTH, MAX_FLOW_DEPTH, load_yaml

__all__ = [
    "MAX_BODY_CHARS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_FLOW_DEPTH",
    "MAX_FRONT_MATTER_BYTES",
    "MAX_TOPICS",
    "RECORD_SUFFIXES",
    "is_record_file",
    "parse_bytes",
    "parse_time",
    "read_file",
]


def read_file(path: str) -> ParseResult:
    """Load the record in the file at `path`; unreadable or invalid files become problems."""
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except Unreadable as error:
        return ParseResult(None, (Problem(path, str(error)),))
    return parse_bytes(path, data)


def parse_bytes(path: str, data: bytes) -> ParseResult:
    """Load a record from the bytes of a file; `path` only names it in problems."""
    try:
        return _parse(path, data)
    except Exception as error:  # a last guard: one file must never stop a whole load
        return ParseResult(None, (Problem(path, f"could not be read as a record ({type(error).__name__})"),))


_NO_LINES = KeyLines({})


def _parse(path: str, data: bytes) -> ParseResult:
    split = split_record(path, data)
    if isinstance(split, Problem):
        return ParseResult(None, (split,))
    meta = load_fast(clean_text(split.front))
    if meta is not None:
        problems: list[Problem] = []
        record = RecordBuilder(path, problems, _NO_LINES, []).record(meta, split.body, split.cut)
        if not problems:
            return ParseResult(record)
    loaded = load_yaml(path, split.front, split.first_line)
    if isinstance(loaded, Problem):
        return ParseResult(None, (loaded,))
    build = RecordBuilder(path, loaded.problems, KeyLines(loaded.key_lines), loaded.related_lines)
    record = build.record(loaded.meta, split.body, split.cut)
    return ParseResult(record, tuple(loaded.problems))
