"""Opening and copying a shown story's links: only http(s), never through a shell, never blocking.

A graphical browser starts from a worker (a `$BROWSER` without `&` blocks its caller until it exits);
a text-mode browser gets the terminal: the app suspends, runs it in the foreground and redraws after.
"""

from __future__ import annotations

import subprocess
import webbrowser

from textual.screen import Screen

from reader.core.browser import BrowserCommand, terminal_browser, url_for_browser
from reader.core.urls import link_problem


def open_link(screen: Screen, url: str, in_terminal: bool = False) -> bool:
    """Open an http(s) link in the user's browser; whether it was handed to one."""
    problem = link_problem(url)
    if problem:
        screen.notify(f"Not opened: {problem}", title="Link", severity="warning")
        return False
    command = terminal_browser(url, always=in_terminal)
    if command is not None:
        return _run_in_terminal(screen, command, url)
    _launch_browser(screen, url)
    return True


def copy_link(screen: Screen, url: str, what: str) -> None:
    """Copy an http(s) link to the clipboard (OSC 52), saying what was copied."""
    problem = link_problem(url)
    if problem:
        screen.notify(f"Not copied: {problem}", title="Link", severity="warning")
        return
    screen.app.copy_to_clipboard(url)
    screen.notify(url, title=f"Copied the {what}", timeout=3)


def _run_in_terminal(screen: Screen, command: BrowserCommand, url: str) -> bool:
    app = screen.app
    try:
        with app.suspend():
            result = subprocess.run(command.argv, check=False)
    except Exception as error:  # not supported here (a web or test driver), or not installed
        screen.notify(
            f"{error}: {url}\nPress y to copy the link instead.",
            title="Could not open the link",
            severity="error",
            timeout=10,
        )
        return False
    app.refresh(layout=True)
    if result.returncode != 0:
        screen.notify(f"The browser exited with status {result.returncode}", title="Link", severity="warning")
    return True


def _launch_browser(screen: Screen, url: str) -> None:
    screen.run_worker(lambda: _open_in_thread(screen, url), thread=True, group="browser", exit_on_error=False)


def _open_in_thread(screen: Screen, url: str) -> None:
    """Runs in a worker thread: start the browser, then say how it went."""
    try:
        opened = webbrowser.open(url_for_browser(url))
        reason = "no browser could be started"
    except Exception as error:
        opened, reason = False, str(error)
    app = screen.app
    if opened:
        app.call_from_thread(screen.notify, url, title="Opened in the browser", timeout=3)
    else:
        app.call_from_thread(
            screen.notify,
            f"{reason}: {url}\nPress y to copy the link instead.",
            title="Could not open the link",
            severity="error",
            timeout=10,
        )
