"""The feed commands: import, subscribe, unsubscribe, feeds, fetch, export-opml; HTTP only on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from reader import cli
from reader.cli.folders import configured_paths
from reader.core.feeds.opml import read_opml
from tests import feed_files


class _Feeds(BaseHTTPRequestHandler):
    """/rss and /atom are feeds; anything else is a 500."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        bodies = {"/rss": feed_files.RSS2, "/atom": feed_files.ATOM}
        if self.path not in bodies:
            self.send_response(500)
            self.end_headers()
            return
        body = bodies[self.path].encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def base() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Feeds)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_import_prints_a_line_per_source_and_a_total(tmp_path: Path, capsys) -> None:
    rss, broken = tmp_path / "cafe.xml", tmp_path / "broken.xml"
    rss.write_text(feed_files.RSS2)
    broken.write_text(feed_files.BROKEN)
    into = tmp_path / "news"
    assert cli.main(["import", str(rss), str(broken), "--into", str(into)]) == 1
    out, err = capsys.readouterr()
    assert f"{rss}: 2 new, 0 updated, 0 unchanged" in out
    assert "total: 2 new, 0 updated, 0 unchanged from 1 feed; 1 failed" in out
    assert f"reader: {broken}: not a valid feed" in err
    assert cli.main(["import", str(rss), "--into", str(into)]) == 0
    assert f"{rss}: 0 new, 0 updated, 2 unchanged" in capsys.readouterr().out
    # The records read like any others.
    assert cli.main(["check", str(into)]) == 0


def test_import_needs_into(tmp_path: Path, capsys) -> None:
    assert cli.main(["import", str(tmp_path / "x.xml")]) == 2
    assert "--into" in capsys.readouterr().err


def test_subscribe_feeds_fetch_export_unsubscribe(
    tmp_path: Path, base: str, isolated_folders: Path, capsys
) -> None:
    assert cli.main(["subscribe", f"{base}/rss", f"{base}/atom", "file:///etc/passwd"]) == 1
    out, err = capsys.readouterr()
    assert f"subscribed: {base}/rss" in out and f"subscribed: {base}/atom" in out
    assert "only http and https" in err
    assert cli.main(["subscribe", f"{base}/rss"]) == 0
    assert "already subscribed" in capsys.readouterr().out
    assert cli.main(["feeds"]) == 0
    assert "never fetched" in capsys.readouterr().out
    assert cli.main(["fetch"]) == 0
    out = capsys.readouterr().out
    assert "total: 3 new, 0 updated, 0 unchanged from 2 feeds" in out
    feeds_folder = isolated_folders / "data" / "feeds"
    assert len(list(feeds_folder.glob("*.md"))) == 3
    assert cli.main(["feeds"]) == 0
    assert "2 new, 0 updated, 0 unchanged" in capsys.readouterr().out
    # `reader` with no PATH now opens the feeds' folder instead of the samples.
    assert configured_paths() == [str(feeds_folder)]
    opml = tmp_path / "out.opml"
    assert cli.main(["export-opml", str(opml)]) == 0
    assert [o.url for o in read_opml(opml.read_bytes())] == [f"{base}/rss", f"{base}/atom"]
    assert cli.main(["unsubscribe", f"{base}/rss", "https://never.example/"]) == 1
    out, err = capsys.readouterr()
    assert f"unsubscribed: {base}/rss" in out and "not subscribed" in err
    assert cli.main(["export-opml"]) == 0
    assert f"{base}/rss" not in capsys.readouterr().out


def test_subscribe_from_an_opml_file_into_a_folder(tmp_path: Path, base: str, capsys) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(feed_files.OPML.format(rss=f"{base}/rss", atom=f"{base}/atom"))
    assert cli.main(["subscribe", str(opml), "--folder", str(tmp_path / "mine")]) == 0
    capsys.readouterr()
    assert cli.main(["fetch"]) == 0
    assert len(list((tmp_path / "mine").glob("*.md"))) == 3


def test_a_failed_feed_in_fetch_is_named_and_exit_1(base: str, capsys) -> None:
    cli.main(["subscribe", f"{base}/gone", f"{base}/atom"])
    capsys.readouterr()
    assert cli.main(["fetch"]) == 1
    out, err = capsys.readouterr()
    assert f"reader: {base}/gone: HTTP 500" in err
    assert f"{base}/atom: 1 new" in out
    cli.main(["feeds"])
    assert "FAILED" in capsys.readouterr().out


def test_no_subscriptions_says_how_to_add_one(capsys) -> None:
    assert cli.main(["feeds"]) == 0
    assert "reader subscribe URL" in capsys.readouterr().out
    assert cli.main(["fetch"]) == 0


def test_check_on_a_folder_of_feeds_names_the_import_command(tmp_path: Path, capsys) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.atom").write_text(feed_files.ATOM)
    cli.main(["check", str(tmp_path / "feeds")])
    err = capsys.readouterr().err
    assert f"1 feed file here: `reader import {tmp_path / 'feeds'} --into DIR`" in err
