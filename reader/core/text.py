"""Making untrusted record text safe to show: no control characters, no bidi overrides."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls: Textual writes ESC straight to the
# terminal, so an escape sequence in a title could set the window title or the clipboard.
# Bidi embedding/override/isolate controls can make text display in a misleading order.
# Lone surrogates (from a YAML "\ud800" escape) cannot be encoded to write to a terminal.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff\ud800-\udfff]"
)

# The same plus tab, newline and the Unicode line separators: what must not reach a one-line report.
_SHOWN_ESCAPED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff\ud800-\udfff\u2028\u2029]"
)


def clean_text(value: str) -> str:
    """Return `value` without control characters; CRLF and lone CR become newlines."""
    if value.isascii() and value.isprintable():
        return value  # the common case, and nothing in it can be unsafe
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE.sub("", value)


def one_line(value: str) -> str:
    """Return `value` folded onto one line, for list rows and headings."""
    return " ".join(value.split())


def escape_controls(value: str) -> str:
    """Return `value` on one line with each control character written as an escape, like `\\x1b`.

    For text that must stay exact but is printed raw, such as a file name in a report: a name
    may hold any character but NUL and slash, escape sequences included.
    """
    if value.isascii() and value.isprintable():
        return value
    return _SHOWN_ESCAPED.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), value)
