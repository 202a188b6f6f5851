"""One careful HTTP GET for pages and images: http(s) only at every hop, a time limit, a size cap.

Redirects are followed here, one hop at a time, so that each address is checked before it is asked
for (a page must not send the reader to `file:` or `ftp:`). Every failure is a `FetchError` whose
text is one line a person can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from reader import __version__

USER_AGENT = f"news-reader/{__version__} (a terminal news reader)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A fetch that failed, with a one-line reason."""


@dataclass(frozen=True)
class FetchResult:
    """What a server answered: the status, the address it came from after redirects, and the body."""

    status: int
    url: str
    content: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None


def _checked(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"not an http(s) address: {parts.scheme or 'no scheme'}")
    if not parts.hostname:
        raise FetchError("the address names no host")
    return url


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
    """GET `url`, following at most `max_redirects` redirects, reading at most `max_bytes` bytes."""
    sent = {"User-Agent": USER_AGENT, **(headers or {})}
    if etag:
        sent["If-None-Match"] = etag
    if last_modified:
        sent["If-Modified-Since"] = last_modified
    current = _checked(url)
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=sent) as client:
            for _hop in range(max_redirects + 1):
                with client.stream("GET", current) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = _checked(urljoin(current, response.headers["location"]))
                        continue
                    return _read(response, current, max_bytes)
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} s") from None
    except httpx.HTTPError as error:
        raise FetchError(f"could not connect: {type(error).__name__}") from None
    raise FetchError(f"more than {max_redirects} redirects")


def _read(response: httpx.Response, url: str, max_bytes: int) -> FetchResult:
    if response.status_code == 304:
        return FetchResult(
            304, url, b"", "", response.headers.get("etag"), response.headers.get("last-modified")
        )
    if response.status_code >= 400:
        raise FetchError(f"the server answered {response.status_code} {response.reason_phrase}".strip())
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"larger than {_size(max_bytes)}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"larger than {_size(max_bytes)}")
        chunks.append(chunk)
    return FetchResult(
        response.status_code,
        url,
        b"".join(chunks),
        response.headers.get("content-type", ""),
        response.headers.get("etag"),
        response.headers.get("last-modified"),
    )


def _size(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:g} MB"
    return f"{count / 1000:g} kB" if count >= 1000 else f"{count} bytes"
