"""OPML subscription lists: reading the feeds out of one, and writing one from the subscriptions."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from reader.core.feeds.model import FeedError

# ElementTree refuses external entities; a document with a DOCTYPE gains nothing a feed list needs.
_MAX_OPML_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Outline:
    """One feed of an OPML file: its address and the title it was listed under."""

    url: str
    title: str = ""


def looks_like_opml(data: bytes) -> bool:
    """Say whether XML bytes are an OPML document rather than a feed."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return b"<opml" in head


def read_opml(data: bytes) -> list[Outline]:
    """The feeds listed in an OPML document, in order, each once; FeedError if it is not OPML."""
    if len(data) > _MAX_OPML_BYTES:
        raise FeedError("OPML file too large")
    if b"<!doctype" in data[:4096].lower() or b"<!entity" in data.lower():
        raise FeedError("OPML with a DOCTYPE or entities is not read")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedError(f"not valid OPML ({exc})") from exc
    if root.tag.lower() != "opml":
        raise FeedError("not an OPML document")
    outlines: dict[str, Outline] = {}
    for node in root.iter("outline"):
        url = (node.get("xmlUrl") or node.get("xmlurl") or "").strip()
        if url and url not in outlines:
            outlines[url] = Outline(url, (node.get("title") or node.get("text") or "").strip())
    return list(outlines.values())


def write_opml(outlines: list[Outline], title: str = "news-reader subscriptions") -> str:
    """An OPML 2.0 document listing `outlines`, every attribute quoted and escaped."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title></head>",
        "  <body>",
    ]
    for outline in outlines:
        name = quoteattr(_attr(outline.title or outline.url))
        lines.append(
            f'    <outline type="rss" text={name} title={name} xmlUrl={quoteattr(_attr(outline.url))}/>'
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attr(value: str) -> str:
    # XML 1.0 cannot hold most control characters at all, escaped or not.
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20).replace("\n", " ")


def _text(value: str) -> str:
    return _attr(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
