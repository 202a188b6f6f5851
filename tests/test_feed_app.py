"""Feeds in the app: ctrl+r fetches the subscriptions with a progress bar; a feeds folder says what to do."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import reader.app
from reader.app import ReaderApp
from reader.core.config import Subscription
from reader.core.feeds.subscriptions import subscribe
from reader.core.paths import cache_dir
from reader.widgets.feed_progress import FeedProgress
from tests import feed_files
from tests.pilot import settle
from tests.records import write_record

SIZE = (120, 36)


class NotedApp(ReaderApp):
    """The app, keeping every notification it shows for the test to read."""

    # CSS_PATH is relative to the module of the class: point it back at the app's own file.
    CSS_PATH = str(Path(reader.app.__file__).with_name("reader.tcss"))

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.noted: list[tuple[str, str, str]] = []

    def notify(self, message: str, *, title: str = "", severity="information", **kwargs) -> None:  # type: ignore[no-untyped-def,override]
        self.noted.append((title, message, severity))
        super().notify(message, title=title, severity=severity, **kwargs)


class _Server(BaseHTTPRequestHandler):
    """/held answers once `release` is set; /rss at once; anything else is a 503."""

    release: threading.Event

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/held":
            self.release.wait(10)
        if self.path in ("/held", "/rss"):
            body = feed_files.RSS2.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(503)
            self.end_headers()


@pytest.fixture
def server() -> Iterator[tuple[str, threading.Event]]:
    handler = type("Handler", (_Server,), {"release": threading.Event()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler.release
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    write_record(folder / "a.md", title="Alpha", date="2020-01-05T10:00:00Z", url="https://example.com/a")
    return folder


async def test_ctrl_r_fetches_every_subscription_with_progress(tmp_path: Path, server) -> None:
    base, release = server
    into = tmp_path / "fetched"
    subscribe([Subscription(f"{base}/held", folder=str(into)), Subscription(f"{base}/down", "Down Daily")])
    app = NotedApp([str(_folder(tmp_path))], cache_dir(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        # The held feed keeps the fetch running: the bar is up and the app still answers keys.
        progress = app.main_screen.query_one(FeedProgress)
        assert progress.total == 2
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen is not app.main_screen
        await pilot.press("escape")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.main_screen.query(FeedProgress)
    assert ("Feed failed", "Down Daily: HTTP 503 Service Unavailable", "warning") in app.noted
    assert any(
        title == "Feeds fetched" and "2 new" in text and "1 failed" in text for title, text, _ in app.noted
    )
    assert len(list(into.glob("*.md"))) == 2


async def test_ctrl_r_without_subscriptions_says_how_to_add_one(tmp_path: Path) -> None:
    app = NotedApp([str(_folder(tmp_path))], cache_dir(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not app.main_screen.query(FeedProgress)
    assert any("reader subscribe URL" in text for _, text, _ in app.noted)


async def test_fetch_feeds_is_in_the_palette_and_the_help(tmp_path: Path) -> None:
    app = NotedApp([str(_folder(tmp_path))], cache_dir(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.main_screen)]
        assert "Fetch feeds" in titles
        assert any(b.id == "fetch_feeds" and b.key == "ctrl+r" for b in app.BINDINGS)  # type: ignore[union-attr]


async def test_a_folder_of_feed_files_says_how_to_import_them(tmp_path: Path) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "one.xml").write_text(feed_files.RSS2)
    (folder / "two.json").write_text(feed_files.JSON_FEED)
    (folder / "notes.bin").write_bytes(b"\x00\x01 nothing")
    app = NotedApp([str(folder)], cache_dir(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    hints = [text for title, text, _ in app.noted if title == "No records here"]
    assert hints == [f"2 feed files here: `reader import {folder} --into DIR` turns them into records."]


async def test_a_folder_with_records_gives_no_feed_hint(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "one.xml").write_text(feed_files.RSS2)
    app = NotedApp([str(folder)], cache_dir(), watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert not [text for title, text, _ in app.noted if title == "No records here"]
