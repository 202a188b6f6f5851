"""A small web server on 127.0.0.1 for tests of fetching: an article, an image, and the ways a fetch fails."""

from __future__ import annotations

import io
import struct
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_HTML = """<!doctype html>
<html><head><title>Robots learn to read</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li></ul></nav>
<header><p>Subscribe to our newsletter today</p></header>
<article>
<h1>Robots learn to read</h1>
<p>A laboratory in Lisbon has taught a small robot to read printed newspapers aloud, one column
at a time, and to say which stories it found the most surprising this week.</p>
<p>The researchers say the robot reads about forty words a minute, slower than a child but with
fewer mistakes, and that it will be shown at a conference in the spring with its source code.</p>
<p>Its makers published the <a href="https://example.org/paper">paper</a> and a
<a href="javascript:alert(1)">bad link</a> that must never be followed.</p>
<p>\x1b]0;pwned\x07[b]not markup[/b] stays as it is written, in the words of the team leader.</p>
</article>
<footer><p>Copyright footer boilerplate, all rights reserved, cookie settings</p></footer>
</body></html>
"""


def png_bytes(width: int = 8, height: int = 6) -> bytes:
    """A small red PNG image."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG whose header claims a huge picture (a decompression bomb, cut short: it is never decoded)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE_HTML.encode())
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, b"", Location="/article" if left <= 0 else f"/hop/{left - 1}")
        elif path == "/to-file":
            self._send(302, b"", Location="file:///etc/passwd")
        elif path == "/slow":
            self.server.release.wait(5)  # the client gives up long before; the test then releases it
            self._send(200, b"<p>late</p>")
        elif path == "/huge":
            self._send(200, b"<p>" + b"x" * 6_000_000 + b"</p>")
        elif path == "/data.json":
            self._send(200, b"{}", "application/json")
        elif path == "/empty":
            self._send(200, b"<html><body><script>var shown = 1;</script></body></html>")
        elif path.partition("?")[0] == "/image.png":
            self._send(200, png_bytes(), "image/png")
        elif path == "/broken.png":
            self._send(200, b"not an image at all", "image/png")
        elif path == "/bomb.png":
            self._send(200, bomb_png(), "image/png")
        else:
            self._send(404, b"<p>not here</p>")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: list[str]
    release: threading.Event


class Site(str):
    """The server's base address, with the paths it was asked for."""

    hits: list[str]


@contextmanager
def web_server() -> Iterator[Site]:
    """Serve the test pages on a free port of 127.0.0.1; yields the base address."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hits = []
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        site = Site(f"http://127.0.0.1:{server.server_address[1]}")
        site.hits = server.hits
        yield site
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
