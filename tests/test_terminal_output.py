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


def read_until(fd: int, wanted: bytes, seconds: float, seen: bytearray) -> bool:
    """Read the terminal's output until `wanted` appears or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return wanted in seen
            if not chunk:
                return wanted in seen
            seen.extend(chunk)
            if wanted in seen:
                return True
    return wanted in seen


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
        for key in (b"r", b"j", b"t", b"\x1b", b"?", b"\x1b", b"H", b"\x1b", b"s", b"u"):
            os.write(fd, key)
            read_until(fd, b"\x00never", 0.4, output)  # collect what each key draws
        os.write(fd, b"q")
        read_until(fd, b"\x00never", 3, output)
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
