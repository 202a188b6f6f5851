"""What the terminal receives for links: OSC 8 hyperlinks for http(s) addresses, and for nothing else."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path

import pytest

from tests.records import write_record
from tests.test_terminal_output import read_until

pty = pytest.importorskip("pty")

HYPERLINK = re.compile(rb"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_only_web_addresses_become_hyperlinks(tmp_path: Path, isolated_folders: Path) -> None:
    folder = tmp_path / "records"
    write_record(
        folder / "links.md",
        title="A story with links",
        date="2030-01-01T00:00:00Z",
        url="https://example.com/source",
        amp="javascript:alert(1)",
        cdnAmpUrl="file:///etc/passwd",
        body=(
            "Read [the paper](https://example.org/paper), [evil](javascript:alert(2)), "
            "[local](file:///etc/shadow) and http://example.net/bare.\n"
        ),
    )
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="160", LINES="50", BROWSER="true")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app itself, as a user starts it
        os.execvpe(sys.executable, [sys.executable, "-m", "reader", str(folder)], env)
    output = bytearray()
    try:
        assert read_until(fd, b"Ready", 30, output), "the app never finished loading"
        assert read_until(fd, b"example.net/bare", 10, output)
        read_until(fd, b"\x00never", 1, output)  # the rest of the frame
        os.write(fd, b"q")
        read_until(fd, b"\x00never", 2, output)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    targets = {target.decode() for target in HYPERLINK.findall(output)} - {""}  # "" closes a link
    assert targets == {"https://example.com/source", "https://example.org/paper", "http://example.net/bare"}
    assert b"javascript:alert(1)" in output  # shown, as text
