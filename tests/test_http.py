"""The shared HTTP fetch: schemes, redirects, size cap, timeout and conditional GET, against 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader import __version__
from reader.core.http import FetchError, fetch

BODY = b"<rss><channel><title>Hello</title></channel></rss>"
ETAG = '"v1"'
MODIFIED = "Wed, 01 Jan 2020 00:00:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    """Routes for each case; `release` lets the slow route end as soon as the test is done."""

    release: threading.Event
    seen: list[dict[str, str]]

    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers))
        path = self.path
        if path == "/feed":
            if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == MODIFIED:
                self.send_response(304)
                self.send_header("ETag", ETAG)
                self.end_headers()
                return
            self._send(BODY, ETag=ETAG, **{"Last-Modified": MODIFIED})
        elif path == "/loop":
            self._redirect("/loop")
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect(f"/hops/{left - 1}" if left else "/feed")
        elif path == "/to-file":
            self._redirect("file:///etc/passwd")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/feed.xml")
        elif path == "/big":
            # No Content-Length: the cap must hold while streaming, not only on a declared size.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(64):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/big-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
        elif path == "/slow":
            self.release.wait(10)
            self._send(BODY)
        elif path == "/missing":
            self.send_response(404)
            self.end_headers()
        else:
            self.send_response(500)
            self.end_headers()

    def _send(self, body: bytes, **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server() -> Iterator[tuple[str, _Handler]]:
    """A server on 127.0.0.1 at a free port; yields its base address and the handler class."""
    handler = type("Handler", (_Handler,), {"release": threading.Event(), "seen": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    # A short poll keeps shutdown() quick; the default half second adds up over the tests.
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    finally:
        handler.release.set()
        httpd.shutdown()
        httpd.server_close()


def test_fetches_a_feed_with_its_validators_and_user_agent(server) -> None:
    base, handler = server
    result = fetch(f"{base}/feed", max_bytes=1024)
    assert result.status == 200
    assert result.content == BODY
    assert result.content_type.startswith("application/rss+xml")
    assert (result.etag, result.last_modified, result.not_modified) == (ETAG, MODIFIED, False)
    assert result.url == f"{base}/feed"
    assert f"news-reader/{__version__}" in handler.seen[-1]["User-Agent"]


def test_an_unchanged_feed_is_one_304(server) -> None:
    base, handler = server
    result = fetch(f"{base}/feed", max_bytes=1024, etag=ETAG)
    assert result.not_modified and result.status == 304 and result.content == b""
    assert handler.seen[-1]["If-None-Match"] == ETAG
    by_date = fetch(f"{base}/feed", max_bytes=1024, last_modified=MODIFIED)
    assert by_date.not_modified
    assert len(handler.seen) == 2


def test_follows_redirects_up_to_the_limit_and_reports_the_final_address(server) -> None:
    base, _ = server
    result = fetch(f"{base}/hops/4", max_bytes=1024, max_redirects=5)
    assert result.content == BODY
    assert result.url == f"{base}/feed"
    with pytest.raises(FetchError, match="more than 2 redirects"):
        fetch(f"{base}/hops/4", max_bytes=1024, max_redirects=2)


def test_a_redirect_loop_stops(server) -> None:
    base, handler = server
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(f"{base}/loop", max_bytes=1024)
    assert len(handler.seen) == 6


@pytest.mark.parametrize("route", ["/to-file", "/to-ftp"])
def test_a_redirect_to_another_scheme_is_refused_before_it_is_followed(server, route: str) -> None:
    base, handler = server
    with pytest.raises(FetchError, match=r"redirected: .* not an http or https address"):
        fetch(f"{base}{route}", max_bytes=1024)
    assert len(handler.seen) == 1


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "javascript:alert(1)", "feed.xml", ""]
)
def test_only_http_and_https_addresses_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match=r"not an http or https address|not a valid address"):
        fetch(url, max_bytes=1024)


def test_a_body_over_the_cap_is_refused_while_streaming(server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match="larger than the 100 KB limit"):
        fetch(f"{base}/big", max_bytes=100 * 1024)
    # The same body under a larger cap arrives whole: the cap, not the route, made the error.
    assert len(fetch(f"{base}/big", max_bytes=8 * 1024 * 1024).content) == 64 * 65536


def test_a_declared_size_over_the_cap_is_refused_without_reading(server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match=r"larger than the 20.0 MB limit \(50.0 MB\)"):
        fetch(f"{base}/big-declared", max_bytes=20 * 1024 * 1024)


def test_a_slow_server_hits_the_timeout(server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s"):
        fetch(f"{base}/slow", max_bytes=1024, timeout=0.3)


def test_an_error_status_names_the_status(server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        fetch(f"{base}/missing", max_bytes=1024)


def test_a_closed_port_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="could not connect"):
        fetch("http://127.0.0.1:9/feed", max_bytes=1024, timeout=2)


def test_the_reason_is_one_line_even_for_a_hostile_address() -> None:
    with pytest.raises(FetchError) as error:
        fetch("gopher://x/\x1b]0;pwned\x07\nnext", max_bytes=1024)
    message = str(error.value)
    assert "\x1b" not in message and "\n" not in message
