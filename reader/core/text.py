"""Making outside text safe to show: no control characters, no bidi overrides, one definition of each.

Record text is cleaned once, at load time (`clean_text`). Everything else that is shown or printed
and comes from outside (file names, config values, exception texts, paths) passes `shown_safely`,
which writes such characters as visible escapes instead, so a name stays recognisable.
"""

from __future__ import annotations

import html
import re

# C0 controls except tab and newline, DEL, C1 controls: Textual writes ESC straight to the
# terminal, so an escape sequence in a title could set the window title or the clipboard.
# Bidi embedding/override/isolate controls and marks can make text display in a misleading order.
# Lone surrogates (from a YAML "\ud800" escape) cannot be encoded to write to a terminal.
C0_CONTROLS = "\x00-\x08\x0b-\x1f"
C1_AND_DEL = "\x7f-\x9f"
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
SURROGATES = "\ud800-\udfff"
LINE_SEPARATORS = "\u2028\u2029"
_UNSAFE = re.compile(f"[{C0_CONTROLS}{C1_AND_DEL}{BIDI_CONTROLS}\ufeff{SURROGATES}]")

# The same plus tab, newline and the Unicode line separators: what must not reach a one-line report.
_SHOWN_ESCAPED = re.compile(f"[\x00-\x1f{C1_AND_DEL}{BIDI_CONTROLS}\ufeff{SURROGATES}{LINE_SEPARATORS}]")
# What must not reach a terminal even inside JSON strings (json.dumps escapes C0 itself).
JSON_UNSAFE = re.compile(f"[{C1_AND_DEL}{BIDI_CONTROLS}\ufeff{SURROGATES}{LINE_SEPARATORS}]")
# Kept in multi-line messages, where tab and newline are layout.
_MESSAGE_UNSAFE = re.compile(f"[{C0_CONTROLS}{C1_AND_DEL}{BIDI_CONTROLS}\ufeff{SURROGATES}{LINE_SEPARATORS}]")

# A character reference that a Markdown or HTML renderer decodes after cleaning: `&#8238;` is U+202E.
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?")


def clean_text(value: str) -> str:
    """Return `value` without control characters (nor entities for them); CRLF and CR become newlines."""
    if value.isascii() and value.isprintable() and "&" not in value:
        return value  # the common case, and nothing in it can be unsafe
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in value:
        value = _ENTITY.sub(_drop_unsafe_entity, value)
    return _UNSAFE.sub("", value)


def _drop_unsafe_entity(match: re.Match[str]) -> str:
    decoded = html.unescape(match.group())
    # html.unescape maps C1 references to Windows-1252 letters, as browsers do: ask the number too.
    raw = match.group()
    if raw.startswith("&#"):
        digits = raw[2:].rstrip(";")
        try:
            number = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        except ValueError:
            number = -1
        if 0 <= number < 0x110000 and _UNSAFE.match(chr(number)):
            return ""
    return "" if _UNSAFE.search(decoded) else raw


def one_line(value: str) -> str:
    """Return `value` folded onto one line, for list rows and headings."""
    return " ".join(value.split())


def _escape(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape", "backslashreplace").decode("ascii")


def escape_controls(value: str) -> str:
    """Return `value` on one line with each control character written as an escape, like `\\x1b`.

    For text that must stay exact but is printed raw, such as a file name in a report: a name
    may hold any character but NUL and slash, escape sequences included.
    """
    if value.isascii() and value.isprintable():
        return value
    return _SHOWN_ESCAPED.sub(_escape, value)


def shown_safely(value: object) -> str:
    """Any message for the screen or stderr, with each control character written as an escape.

    The one function every notification, status line, message pane and error print passes: what
    it says may carry file names, config values or exception texts, which are not record text.
    Tab and newline stay, since a message may have several lines.
    """
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    return _MESSAGE_UNSAFE.sub(_escape, text)


def clean_tree(value: object) -> object:
    """`value` (parsed TOML or JSON) with `clean_text` applied to every string, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_tree(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: clean_tree(v) for k, v in value.items()}
    return value
