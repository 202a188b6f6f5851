"""Printing for the commands: names the user gave made safe for a terminal, JSON, plurals."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.query import QueryError

# Characters that must not reach a terminal raw even inside JSON strings: DEL, C1 controls, bidi
# controls and Unicode line separators. json.dumps escapes C0 itself; these it leaves as they are.
JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


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
    print(f"reader: bad query: {error.message}\n  {shown}\n  {caret}", file=sys.stderr)


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
    from reader.core.text import escape_controls

    return escape_controls(text)
