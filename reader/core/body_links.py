"""The web links inside a story's body: numbered where they stand, and listed for the "Links" section.

Only http(s) links get a number (and so a hyperlink and a place in `L`'s picker); a `javascript:` or
`file:` link stays plain text. One address linked twice keeps its first number.
"""

from __future__ import annotations

import re

from reader.core.urls import link_problem

# An inline link or image `[text](url "title")`, an autolink `<https://…>`, or a bare address.
_MARKDOWN_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<url>[^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)"
    r"|<(?P<auto>https?://[^>\s]+)>"
    r"|(?P<bare>https?://[^\s<>()\[\]\"'`]+)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?"


def is_web_link(url: str) -> bool:
    """Whether `url` is an http(s) address that may become a hyperlink."""
    return bool(url) and not link_problem(url)


class LinkNumbers:
    """The numbers given to a body's web links, in the order they first appear."""

    def __init__(self) -> None:
        self.links: list[str] = []

    def number(self, url: str) -> int | None:
        """The number of `url` (a new one the first time); None for anything but an http(s) link."""
        url = url.strip()
        if not is_web_link(url):
            return None
        if url not in self.links:
            self.links.append(url)
        return self.links.index(url) + 1


def number_markdown_links(body: str) -> tuple[str, list[str]]:
    """The Markdown body with ` [n]` after each web link, and the links in number order."""
    numbers = LinkNumbers()

    def mark(match: re.Match[str]) -> str:
        whole = match.group(0)
        if match.group("image"):
            return whole  # pictures are listed under Images
        if match.group("bare"):
            url = match.group("bare").rstrip(_TRAILING_PUNCTUATION)
            rest = match.group("bare")[len(url) :]
            number = numbers.number(url)
            return f"{url} \\[{number}\\]{rest}" if number else whole
        number = numbers.number(match.group("url") or match.group("auto") or "")
        return f"{whole} \\[{number}\\]" if number else whole

    return _MARKDOWN_LINK.sub(mark, body), numbers.links
