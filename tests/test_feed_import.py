"""Importing sources end to end: files, OPML, addresses on 127.0.0.1 with a conditional GET, subscriptions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader.core.config import Subscription, load_config
from reader.core.feeds.cache import FeedCache
from reader.core.feeds.importer import Job, expand, import_jobs
from reader.core.feeds.subscriptions import subscribe, unsubscribe
from tests import feed_files


class FeedServer(BaseHTTPRequestHandler):
    """Serves /rss with an ETag (304 when it matches), /atom, /missing (404) and /slow (held open)."""

    hits: list[str]
    release: threading.Event

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.hits.append(f"{self.path} {self.headers.get('If-None-Match', '')}".strip())
        if self.path == "/rss":
            if self.headers.get("If-None-Match") == '"r1"':
                self.send_response(304)
                self.end_headers()
                return
            self._send(feed_files.RSS2.encode(), '"r1"')
        elif self.path == "/atom":
            self._send(feed_files.ATOM.encode(), None)
        elif self.path == "/slow":
            self.release.wait(10)
            self._send(feed_files.ATOM.encode(), None)
        else:
            self.send_response(404)
            self.end_headers()

    def _send(self, body: bytes, etag: str | None) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def feeds_server() -> Iterator[tuple[str, type[FeedServer]]]:
    handler = type("Handler", (FeedServer,), {"hits": [], "release": threading.Event()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()


def test_an_unchanged_feed_costs_one_304(tmp_path: Path, feeds_server) -> None:
    base, handler = feeds_server
    cache = FeedCache(tmp_path / "cache" / "feeds.json")
    jobs = [Job(f"{base}/rss", tmp_path / "out")]
    (first,) = import_jobs(jobs, cache)
    assert (first.error, first.counts.new) == ("", 2)
    # A new cache object reads the saved file: the validators outlive the process.
    (second,) = import_jobs(jobs, FeedCache(tmp_path / "cache" / "feeds.json"))
    assert second.not_modified and second.summary() == "not modified"
    assert handler.hits == ["/rss", '/rss "r1"']
    assert len(list((tmp_path / "out").glob("*.md"))) == 2


def test_a_failing_feed_is_named_and_the_rest_still_import(tmp_path: Path, feeds_server) -> None:
    base, _ = feeds_server
    broken = tmp_path / "broken.xml"
    broken.write_text(feed_files.BROKEN)
    jobs = [
        Job(f"{base}/missing", tmp_path / "out"),
        Job(str(broken), tmp_path / "out"),
        Job(f"{base}/atom", tmp_path / "out"),
        Job("ftp://127.0.0.1/feed", tmp_path / "out"),
    ]
    cache = FeedCache(tmp_path / "feeds.json")
    missing, bad, atom, ftp = import_jobs(jobs, cache)
    assert missing.error == "HTTP 404 Not Found"
    assert bad.error.startswith("not a valid feed")
    assert "not an http or https address" in ftp.error
    assert (atom.error, atom.counts.new) == ("", 1)
    assert cache.get(f"{base}/missing").ok is False
    assert cache.get(f"{base}/atom").result == "1 new, 0 updated, 0 unchanged"


def test_feeds_are_fetched_concurrently(tmp_path: Path, feeds_server) -> None:
    base, handler = feeds_server
    done: list[str] = []

    def on_done(outcome) -> None:
        done.append(outcome.source)
        if outcome.source.endswith("/atom"):
            # /slow is still held open by the server: it can only finish once another fetch is done.
            handler.release.set()

    jobs = [Job(f"{base}/slow", tmp_path / "a"), Job(f"{base}/atom", tmp_path / "b")]
    outcomes = import_jobs(jobs, workers=2, on_done=on_done)
    assert [o.error for o in outcomes] == ["", ""]
    assert done == [f"{base}/atom", f"{base}/slow"]


def test_an_opml_file_imports_every_feed_in_it(tmp_path: Path) -> None:
    rss, atom = tmp_path / "cafe.xml", tmp_path / "atom.xml"
    rss.write_text(feed_files.RSS2)
    atom.write_text(feed_files.ATOM)
    opml = tmp_path / "subs.opml"
    opml.write_text(feed_files.OPML.format(rss=rss, atom=atom))
    jobs, failed = expand([str(opml), str(tmp_path / "nope.xml")], tmp_path / "out")
    assert [job.source for job in jobs] == [str(rss), str(atom)]
    outcomes = import_jobs(jobs)
    assert [o.counts.new for o in outcomes] == [2, 1]
    assert [(o.source, o.error) for o in failed] == [(str(tmp_path / "nope.xml"), "no such file")]


def test_a_folder_source_imports_its_feed_files_but_not_its_records(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.rss").write_text(feed_files.RSS2)
    (tmp_path / "in" / "two.json").write_text(feed_files.JSON_FEED)
    (tmp_path / "in" / "README.md").write_text("# not a feed")
    jobs, failed = expand([str(tmp_path / "in")], tmp_path / "out")
    assert sorted(Path(job.source).name for job in jobs) == ["one.rss", "two.json"]
    assert failed == []


def test_subscribing_keeps_the_config_and_its_comments(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# my config\ntheme = "nord"  # nice\n\n[keys]\nopen_link = "o"\n')
    added = subscribe(
        [Subscription("https://a.example/feed", "A"), Subscription("https://b.example/rss")], config
    )
    assert [s.url for s in added] == ["https://a.example/feed", "https://b.example/rss"]
    assert subscribe([Subscription("https://a.example/feed")], config) == []
    loaded, messages = load_config(config)
    assert messages == []
    assert loaded.theme == "nord" and loaded.keys == {"open_link": "o"}
    assert loaded.feeds == [
        Subscription("https://a.example/feed", "A"),
        Subscription("https://b.example/rss"),
    ]
    assert config.read_text().startswith('# my config\ntheme = "nord"  # nice\n')
    assert unsubscribe(["https://a.example/feed", "https://never.example/"], config) == [
        "https://a.example/feed"
    ]
    assert load_config(config)[0].feeds == [Subscription("https://b.example/rss")]
    unsubscribe(["https://b.example/rss"], config)
    assert config.read_text().rstrip() == '# my config\ntheme = "nord"  # nice\n\n[keys]\nopen_link = "o"'


def test_subscribing_in_a_new_config_starts_with_the_first_table(tmp_path: Path) -> None:
    config = tmp_path / "new" / "config.toml"
    subscribe([Subscription("https://a.example/"), Subscription("https://b.example/")], config)
    assert (
        config.read_text()
        == '[[feeds]]\nurl = "https://a.example/"\n\n[[feeds]]\nurl = "https://b.example/"\n'
    )


def test_a_bad_feeds_table_is_reported_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[[feeds]]\nurl = "file:///etc/passwd"\n\n[[feeds]]\nurl = "https://ok.example/"\n')
    loaded, messages = load_config(config)
    assert loaded.feeds == [Subscription("https://ok.example/")]
    assert len(messages) == 1 and "feed 1 has no http(s) url" in messages[0]
