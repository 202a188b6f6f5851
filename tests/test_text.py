"""clean_text, one_line and escape_controls: record text made safe to show, once, at load time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.text import clean_text, escape_controls, one_line

UNSAFE_CHARS = (
    [chr(c) for c in range(0x00, 0x09)]
    + [chr(c) for c in range(0x0B, 0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u200e", "\u200f", "\u061c", "\ufeff", "\ud800", "\udfff"]
)


@pytest.mark.parametrize("char", UNSAFE_CHARS, ids=lambda char: f"U+{ord(char):04X}")
def test_every_unsafe_character_is_removed(char):
    assert clean_text(f"a{char}b") == ("a\nb" if char == "\r" else "ab")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b]52;c;ZXZpbA==\x07after", "]52;c;ZXZpbA==after"),  # OSC 52: set the clipboard
        ("\x1b]0;pwned\x07title", "]0;pwned" + "title"),  # OSC 0: set the window title
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("\x9b31mC1", "31mC1"),
        ("\x1bP+q\x1b\\", "P+q\\"),  # DCS
        ("abc\u202edcba", "abcdcba"),
        ("\ufeffBOM", "BOM"),
    ],
)
def test_escape_sequences_lose_their_introducers(raw, clean):
    assert clean_text(raw) == clean


def test_tab_and_newline_are_kept_and_carriage_returns_become_newlines():
    assert clean_text("a\tb\nc") == "a\tb\nc"
    assert clean_text("a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize(
    "text",
    [
        "[b]x[/b]",
        "[@click=app.quit]",
        "[link=file:///etc/passwd]x[/link]",
        "$variable ${x}",
        "\\[escaped]",
        "Grüße, 東京, emoji 🎉, Arabic مرحبا, Hebrew שלום",
        "zero\u200bwidth and nbsp\u00a0kept",
        "",
    ],
)
def test_markup_and_ordinary_unicode_are_kept_as_they_are(text):
    assert clean_text(text) == text


@settings(max_examples=200, deadline=None, database=None)
@given(st.text())
def test_clean_text_leaves_nothing_unsafe_and_is_idempotent(text):
    cleaned = clean_text(text)
    assert not set(cleaned) & {*UNSAFE_CHARS, "\r"}
    assert clean_text(cleaned) == cleaned


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=[*UNSAFE_CHARS, "\r"]))
)
def test_clean_text_changes_nothing_safe(text):
    assert clean_text(text) == text


def test_one_line_folds_whitespace():
    assert one_line("  a\n b\t\tc  ") == "a b c"
    assert one_line("") == ""


def test_escape_controls_keeps_a_report_line_on_one_line():
    name = "bad\x1b]0;pwned\x07\nname\u202e.md"
    shown = escape_controls(name)
    assert shown == "bad\\x1b]0;pwned\\x07\\nname\\u202e.md"
    assert shown.isprintable()
    assert escape_controls("plain name.md") == "plain name.md"
    assert escape_controls("Grüße.md") == "Grüße.md"


@settings(max_examples=200, deadline=None, database=None)
@given(st.text())
def test_escape_controls_output_is_printable(text):
    shown = escape_controls(text)
    assert "\n" not in shown
    assert not set(shown) & set(UNSAFE_CHARS)
