"""What the terminal receives: run the real app in a pseudo-terminal and read the raw bytes.

A record's escape sequences (window title, clipboard, colours, C1 controls, bidi overrides) must
never reach the terminal, in any pane the keys below show.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import time
from pathlib import Path

import pytest

from tests.records import write_record

pty = pytest.importorskip("pty")

HOSTILE = {
    "osc_title": "\x1b]0;pwned-title\x07",
    "osc_clipboard": "\x1b]52;c;ZXZpbA==\x07",
    "csi": "\x1b[31;1mred\x1b[0m",
    "c1_csi": "\x9b31mc1",
    "bidi": "abc\u202edcba",
}


def write_hostile_folder(folder: Path) -> None:
    sequences = "".join(HOSTILE.values())
    write_record(
        folder / "hostile.md",
        title=f"Hostile {sequences} headline [b]bold[/b]",
        date="2030-01-01T00:00:00Z",  # the newest, so it is shown first
        url="https://example.com/hostile",
        provider=f"Provider {sequences}",
        topics=[f"Topic {sequences}"],
        excerpt=f"Excerpt {sequences}",
        related=[{"title": f"Related {sequences}", "sourceUrl": "https://example.com/other"}],
        body=f"Body {sequences}\n\n# Heading {sequences}",
    )
    write_record(
        folder / "plain.md",
        title="A plain story",
        date="2020-01-01T00:00:00Z",
        url="https://example.com/other",
    )


# Each key, and a string that only the frame it causes draws: the test reads on once it appears.
KEYS_AND_MARKS = (
    (b"r", b"in these records"),  # the related stories, focused
    (b"t", b"Timeline of"),
    (b"\x1b", b"Excerpt"),  # back on the main screen, the story drawn again
    (b"?", b"Binding"),
    (b"\x1b", b"Excerpt"),
    (b"H", b"Stories seen"),
    (b"\x1b", b"Excerpt"),
    (b"s", b"Starred"),
    (b"u", b"1/2"),  # the sidebar counts the story read (nothing is read by starting)
)


def read_until(fd: int, wanted: bytes | None, seconds: float, seen: bytearray, start: int = 0) -> bool:
    """Read the terminal's output until `wanted` appears after `start`, the output ends, or time runs out.

    With `wanted` None, read until the output ends (the program quit).
    """
    deadline = time.monotonic() + seconds
    while not (wanted and wanted in seen[start:]):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # Linux: the other side closed
            return wanted is None
        if not chunk:
            return wanted is None
        seen.extend(chunk)
    return True


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_no_record_escape_sequence_reaches_the_terminal(tmp_path: Path, isolated_folders: Path) -> None:
    folder = tmp_path / "records"
    write_hostile_folder(folder)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="160", LINES="50", BROWSER="true")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app itself, as a user starts it
        os.execvpe(sys.executable, [sys.executable, "-m", "reader", str(folder)], env)
    output = bytearray()
    try:
        assert read_until(fd, b"Ready", 30, output), "the app never finished loading"
        assert read_until(fd, b"Related", 10, output)
        for key, mark in KEYS_AND_MARKS:
            start = len(output)
            os.write(fd, key)
            assert read_until(fd, mark, 10, output, start), f"{key!r} never drew {mark!r}"
        os.write(fd, b"q")
        assert read_until(fd, None, 10, output), "the app did not quit"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"headline" in output and b"[b]bold[/b]" in output  # the record was drawn, markup literal
    for name, sequence in HOSTILE.items():
        raw = sequence.encode("utf-8")
        assert raw not in output, f"{name} reached the terminal"
    assert b"\x1b]0;pwned" not in output and b"\x1b]52;" not in output
    assert "\u202e".encode() not in output and "\x9b".encode() not in output
