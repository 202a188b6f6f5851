"""Story addresses: one key per story for matching, and the rules for which links may be opened."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

# Query parameters that only track the reader; two links that differ only in these are one story.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = frozenset(
    {
        "ocid",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "cvid",
        "ei",
        "_ga",
        "igshid",
        # Added by Google's AMP cache and viewer.
        "usqp",
        "amp_js_v",
        "amp_gsa",
        "amp_ct",
        "amp_tf",
        "ampshare",
    }
)
_AMP_CACHE_SUFFIX = ".cdn.ampproject.org"


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


# Related lists repeat the same stories across records: a parser process sees each many times.
@lru_cache(maxsize=65_536)
def story_key(url: str) -> str:
    """Return the matching key of `url`: no scheme, no `www.`, no trailing slash, no tracking, no #fragment.

    An AMP cache address (`host.cdn.ampproject.org/c/s/publisher/path`) becomes the key of the
    publisher's AMP page it caches, so the three addresses a related item carries meet a record's.
    Returns "" for anything that is not a web address.
    """
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https", ""):
        return ""
    host = (parts.hostname or "").lower()
    path = parts.path
    if host.endswith(_AMP_CACHE_SUFFIX):
        # /c/s/host/path is an https page, /c/host/path an http one; /i/ and /v/ are images, video.
        segments = path.split("/")
        if len(segments) > 3 and segments[1] in ("c", "v", "i"):
            rest = segments[3:] if segments[2] == "s" else segments[2:]
            if rest and rest[0]:
                host, path = rest[0].lower(), "/" + "/".join(rest[1:])
    elif host:
        try:
            port = parts.port
        except ValueError:
            return ""
        if port and port not in (80, 443):
            host = f"{host}:{port}"
    if not host:
        return ""
    host = host.removeprefix("www.")
    path = path.rstrip("/")
    query = ""
    if parts.query:
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
        query = urlencode(sorted(kept))
    key = host + path
    return f"{key}?{query}" if query else key


def _is_unsafe_char(ch: str) -> bool:
    """Whitespace, controls, and invisible format characters such as bidi overrides."""
    if ch.isascii():
        return not ch.isprintable() or ch == " "
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co")


def link_problem(url: str) -> str | None:
    """Say why `url` must not be opened or copied, or return None when it is a safe web link."""
    if not url or not url.strip():
        return "the story has no link"
    if url != url.strip() or any(_is_unsafe_char(ch) for ch in url):
        return "the link contains spaces or control characters"
    if url.startswith("-"):
        return "the link starts with '-' and could be read as a command option"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the link is not a valid address"
    scheme = parts.scheme.lower()
    if not scheme:
        return "the link is relative (no http or https scheme)"
    if scheme not in ("http", "https"):
        return f"only http and https links are opened, not {scheme}:"
    try:
        host = parts.hostname
    except ValueError:
        return "the link has an invalid host"
    if not host:
        return "the link has no host"
    return None


# Characters a shell gives meaning to. A user's BROWSER may be `sh -c 'firefox %s'`, in which
# case webbrowser substitutes the URL into a shell command line: none of these may reach it raw.
_SHELL_SAFE = "/:?=%#@+,.-_~"


def shell_safe(url: str) -> str:
    """Return `url` with every character a shell would interpret percent-encoded.

    A host in another script becomes its IDNA (`xn--`) form, which browsers read as the same
    host; percent-encoding it would give an address that no longer resolves.
    """
    url = _ascii_host(url)
    return quote(url, safe=_SHELL_SAFE + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _ascii_host(url: str) -> str:
    if url.isascii():
        return url
    try:
        parts = urlsplit(url)
        user, at, host_port = parts.netloc.rpartition("@")
        host, colon, port = host_port.partition(":")
        if not host or host.isascii():
            return url
        ascii_host = host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError):
        return url
    return parts._replace(netloc=f"{user}{at}{ascii_host}{colon}{port}").geturl()
