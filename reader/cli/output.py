"""Printing for the commands: names the user gave made safe for a terminal, JSON, plurals."""

from __future__ import annotations

import io
import json
import os
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

from reader.core.text import JSON_UNSAFE, escape_controls, shown_safely

if TYPE_CHECKING:
    from reader.core.query import QueryError


def json_dumps(value: Any, **options: Any) -> str:
    # A file name may hold any character: escape the ones a terminal would act on.
    text = json.dumps(value, ensure_ascii=False, **options)
    return JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def report_query_error(text: str, error: QueryError) -> None:
    """The query's message, then the query with a caret under where the trouble starts."""
    # Same length as the query, so the caret's position still counts characters of it.
    shown = "".join(char if char.isprintable() else " " for char in text)
    position = min(max(error.position, 0), len(shown))
    caret = " " * width(shown[:position]) + "^"
    warn(f"bad query: {error.message}\n  {shown}\n  {caret}")


def width(text: str) -> int:
    """How many terminal columns `text` takes: wide characters two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def quiet_stdout() -> None:
    # Python flushes stdout once more at exit; pointing it at /dev/null keeps that flush from
    # printing a second BrokenPipeError.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def shown(text: str) -> str:
    """A name the user gave, safe to print on one line: control characters written as escapes."""
    return escape_controls(text)


def warn(message: object) -> None:
    """Print `reader: message` on stderr, controls written as escapes: it may name files or values."""
    print(f"reader: {shown_safely(message)}", file=sys.stderr)


def write_out(text: str, file: str | None) -> bool:
    """Write `text` to `file` (atomically), or to standard output when it is None or "-".

    False when the file could not be written; the reason is said on stderr. A closed pipe
    (`| head`) is not a failure.
    """
    from pathlib import Path

    from reader.core.files import write_atomically

    if file is None or file == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
        return True
    try:
        write_atomically(Path(file), text)
    except OSError as error:
        warn(f"{shown(file)}: cannot write ({shown(error.strerror or str(error))})")
        return False
    return True
