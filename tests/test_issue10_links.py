"""Issue 10 item 12: a link reaches the browser exactly as `y` copies it, unless a shell reads it."""

from __future__ import annotations

import webbrowser

import pytest

from reader.app import ReaderApp
from reader.core.browser import terminal_browser, url_for_browser
from reader.core.paths import cache_dir
from reader.core.urls import shell_safe
from tests.pilot import settle
from tests.records import write_record

LINKS = [
    "https://www.reuters.com/tools/rss?feedType=RSS&feedName=technologyNews",
    "https://example.com/a\\b@evil.example/(x)[y];!z",
]


@pytest.mark.parametrize("url", LINKS)
@pytest.mark.parametrize("browser", [None, "firefox", "/usr/bin/chromium --new-window", "firefox %s"])
def test_no_shell_means_the_url_unchanged(url, browser):
    environ = {} if browser is None else {"BROWSER": browser}
    assert url_for_browser(url, environ) == url


@pytest.mark.parametrize("url", LINKS)
def test_a_text_browser_gets_the_url_as_one_argv_element(url):
    assert terminal_browser(url, environ={"BROWSER": "lynx"}).argv == ("lynx", url)
    assert terminal_browser(url, environ={"BROWSER": "w3m -o x=1 %s"}).argv == ("w3m", "-o", "x=1", url)


@pytest.mark.parametrize("url", LINKS)
@pytest.mark.parametrize("browser", ["sh -c 'firefox %s'", "/bin/bash -lc 'lynx %s &'"])
def test_only_a_shell_gets_the_url_encoded(url, browser):
    environ = {"BROWSER": browser}
    assert url_for_browser(url, environ) == shell_safe(url)
    argv = terminal_browser(url, always=True, environ=environ).argv
    assert url not in " ".join(argv) and shell_safe(url) in argv[-1]


async def test_what_is_opened_equals_what_y_copies(tmp_path, monkeypatch):
    monkeypatch.delenv("BROWSER", raising=False)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    folder = tmp_path / "recs"
    write_record(folder / "a.md", title="Amp", url=LINKS[0])
    app = ReaderApp([str(folder)], cache_dir(), watch=False)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o", "y")
        await settle(pilot)
    assert opened == copied == [LINKS[0]]
