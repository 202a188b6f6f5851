"""Turning an HTML record body into plain text: some sources store the article as HTML.

The text is shown as text, never as markup; images are dropped (the record lists its images
separately). `html_text_and_links` keeps each web link as a number after its text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.body_links import LinkNumbers
from reader.core.text import clean_text

_STARTS_LIKE_HTML = re.compile(
    r"\s*<(?:!doctype|html|body|p|div|span|h[1-6]|ul|ol|table|br|img|a|section|article)\b", re.I
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "blockquote",
        "pre",
        "hr",
    }
)
_SKIPPED = frozenset({"script", "style", "template", "head"})


def looks_like_html(body: str) -> bool:
    """Say whether a body is HTML rather than Markdown (it starts with a common HTML tag)."""
    return bool(_STARTS_LIKE_HTML.match(body))


class _TextCollector(HTMLParser):
    """Collects the text of a document, with a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


class _LinkCollector(_TextCollector):
    """Collects the text, with ` [n]` after each web link's text, and the links in number order."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers = LinkNumbers()
        self.open_links: list[int | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        super().handle_starttag(tag, attrs)
        if tag == "a":
            href = next((value for name, value in attrs if name == "href" and value), "")
            self.open_links.append(self.numbers.number(href))

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if tag == "a" and self.open_links:
            number = self.open_links.pop()
            if number is not None and not self.skipping:
                self.parts.append(f" [{number}]")


def html_text_and_links(body: str) -> tuple[str, list[str]]:
    """The readable text of an HTML body with its web links numbered, and those links in order."""
    collector = _LinkCollector()
    return _collect(collector, body), collector.numbers.links


def html_to_text(body: str) -> str:
    """The readable text of an HTML body: paragraphs separated by blank lines, no tags."""
    return _collect(_TextCollector(), body)


def _collect(collector: _TextCollector, body: str) -> str:
    try:
        collector.feed(body)
        collector.close()
    except Exception:  # HTMLParser is lenient, but a record is untrusted: never fail the page
        return clean_text(re.sub(r"<[^>]*>", " ", body))
    text = clean_text("".join(collector.parts).replace("\xa0", " "))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
