"""Fetching one http(s) address with the limits every outside fetch needs: schemes, redirects, size, time.

Redirects are followed here, one hop at a time, so that each new address is checked before it is asked
for: a feed must not be able to send the reader to `file:` or to any other scheme.
"""

from __future__ import annotations

import functools
import ssl
import time
from dataclasses import dataclass

import httpx

from reader import __version__
from reader.core.text import escape_controls

USER_AGENT = f"news-reader/{__version__} (+terminal news reader; httpx)"
ALLOWED_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """An address could not be fetched; the message is one line saying why, for the user."""


@dataclass(frozen=True)
class FetchResult:
    """What one fetch brought back; `not_modified` means a 304 and empty `content`."""

    status: int
    url: str
    """The address finally answered, after any redirects."""
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    not_modified: bool = False


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the certificate store takes about 15 ms of CPU with the GIL held: paid once per process,
    # not once per fetch (a picture is fetched per story shown). A context is safe to share by threads.
    return httpx.create_ssl_context()


def prepare() -> None:
    """Make what every fetch needs now: the TLS context (this module's import brings httpx).

    Together about 80 ms of CPU with the GIL held; the app does it behind its first screen, so the
    first picture asked for while the user moves through stories does not stall a key.
    """
    _tls_context()


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float = 10.0,
    max_redirects: int = 5,
    headers: dict[str, str] | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET `url` (http or https only), following at most `max_redirects`; FetchError with a reason if not.

    `timeout` bounds the whole fetch, redirects and body included, not only each network wait; a body
    over `max_bytes` is refused as soon as it passes the cap, without reading the rest. With `etag` or
    `last_modified` the request is conditional and an unchanged resource comes back as `not_modified`.
    """
    _check_scheme(url, "")
    request_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    request_headers.update(headers or {})
    if etag:
        request_headers["If-None-Match"] = etag
    if last_modified:
        request_headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(
            timeout=httpx.Timeout(timeout), follow_redirects=False, trust_env=False, verify=_tls_context()
        ) as client:
            for _hop in range(max_redirects + 1):
                with client.stream("GET", url, headers=request_headers) as response:
                    if response.status_code in _REDIRECTS:
                        url = _next_hop(response, url)
                        continue
                    return _result(response, url, max_bytes, deadline, timeout)
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out after {timeout:g} s") from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"not a valid address ({exc})") from exc
    except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are followed by hand
        raise FetchError("too many redirects") from exc
    except httpx.HTTPError as exc:
        raise FetchError(_transport_reason(exc)) from exc
    raise FetchError(f"more than {max_redirects} redirects")


def _check_scheme(url: str, what: str) -> None:
    try:
        scheme = httpx.URL(url).scheme.lower()
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise FetchError(f"{what}not a valid address: {_shown(url)}") from exc
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"{what}{_shown(url)} is not an http or https address; only those are fetched")


def _next_hop(response: httpx.Response, url: str) -> str:
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchError(f"HTTP {response.status_code} redirect without a Location")
    try:
        target = str(httpx.URL(url).join(location))
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"redirected to an invalid address: {_shown(location)}") from exc
    _check_scheme(target, "redirected: ")
    return target


def _result(
    response: httpx.Response, url: str, max_bytes: int, deadline: float, timeout: float
) -> FetchResult:
    headers = response.headers
    etag = headers.get("etag")
    last_modified = headers.get("last-modified")
    content_type = headers.get("content-type", "")
    if response.status_code == 304:
        return FetchResult(304, url, b"", content_type, etag, last_modified, not_modified=True)
    if response.status_code >= 400:
        reason = response.reason_phrase or ""
        raise FetchError(f"HTTP {response.status_code} {_shown(reason)}".rstrip())
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"larger than the {_size(max_bytes)} limit ({_size(int(declared))})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"larger than the {_size(max_bytes)} limit")
        # A server that trickles a byte at a time never trips a per-read timeout: bound the total.
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {timeout:g} s")
        chunks.append(chunk)
    return FetchResult(response.status_code, url, b"".join(chunks), content_type, etag, last_modified)


def _transport_reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({_shown(str(exc)) or 'connection failed'})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the connection ({_shown(str(exc))})"
    return _shown(str(exc)) or type(exc).__name__


def _shown(text: str) -> str:
    # Addresses and reasons come from outside: one line, controls escaped, and not endless.
    text = escape_controls(text)
    return text if len(text) <= 200 else text[:197] + "..."


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"
