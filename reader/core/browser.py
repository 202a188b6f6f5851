"""Which browser opens a link, and whether it runs inside the terminal (lynx, w3m, …) or beside it.

A text-mode browser needs the terminal to itself: the app must step aside (suspend) while it runs.
A URL is always one argv element, passed exactly as `y` copies it, unless the user's `$BROWSER`
itself runs a shell (`sh -c 'firefox %s'`): then what a shell would read in it is percent-encoded.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from reader.core.urls import shell_safe

SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "csh", "tcsh"})

# Browsers that draw in the terminal they are started from.
TEXT_BROWSERS = frozenset({"lynx", "w3m", "elinks", "links", "links2", "browsh", "carbonyl", "chawan", "cha"})


@dataclass(frozen=True)
class BrowserCommand:
    """A browser to run in the foreground of the terminal: its argv, the URL among it."""

    argv: tuple[str, ...]


def terminal_browser(
    url: str, *, always: bool = False, environ: dict[str, str] | None = None
) -> BrowserCommand | None:
    """The `$BROWSER` command for `url` when it is a text-mode browser (or `always`); None otherwise.

    `$BROWSER` is a `:`-separated list of commands as Python's `webbrowser` reads it; `%s` stands for
    the URL, else the URL is added at the end.
    """
    environ = os.environ if environ is None else environ
    for entry in environ.get("BROWSER", "").split(os.pathsep):
        try:
            words = shlex.split(entry)
        except ValueError:
            continue
        if not words:
            continue
        if not always and Path(words[0]).name not in TEXT_BROWSERS:
            return None
        if _runs_a_shell(words):
            url = shell_safe(url)
        if any("%s" in word for word in words):
            argv = [word.replace("%s", url) for word in words]
        else:
            argv = [*words, url]
        return BrowserCommand(tuple(argv))
    return None


def url_for_browser(url: str, environ: dict[str, str] | None = None) -> str:
    """`url` as the first `$BROWSER` command should get it: unchanged, unless a shell reads it."""
    environ = os.environ if environ is None else environ
    for entry in environ.get("BROWSER", "").split(os.pathsep):
        try:
            words = shlex.split(entry)
        except ValueError:
            continue
        if words:
            return shell_safe(url) if _runs_a_shell(words) else url
    return url


def _runs_a_shell(words: list[str]) -> bool:
    # `sh -c 'firefox %s'`: the URL lands inside a script a shell parses; `firefox %s` is one argv.
    return Path(words[0]).name in SHELLS and any(w.startswith("-") and "c" in w for w in words[1:])
