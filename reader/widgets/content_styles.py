"""The styles that text built as `Content` is drawn in, and how an address is shown, in one place.

Textual's `$text` and `$text-muted` are "auto" colours, worked out against a widget's background
in CSS; inside a `Content` there is no background to work against and both come out white. The
foreground variables are plain colours, so Content uses those.
"""

from __future__ import annotations

from textual.style import Style

from reader.core.body_links import is_web_link

MUTED = "$foreground-muted"
EMPHASIS = "bold $foreground"
SECTION = "bold $accent"


def web_link(url: str, style: str = "underline") -> tuple[str, str | Style]:
    """An address as shown: a hyperlink (OSC 8) when it is http(s), plain text otherwise."""
    if is_web_link(url):
        return (url, Style(underline=True, link=url))
    return (url, style)
