"""The config's reading settings: when a shown story counts as read, unread only, the sidebar, the zone.

Each check takes the value as TOML gave it and returns the setting, or raises OptionError saying what
was wanted; the config reader turns that into its usual `file:line` message.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable
from typing import Any

from reader.core.dates import ZoneError, resolve_zone

SIDEBAR = ("auto", "show", "hide")
FULL_ARTICLE = ("manual", "auto")


class OptionError(ValueError):
    """A setting's value of the wrong kind: what it must be, and maybe what was probably meant."""

    def __init__(self, wanted: str, hint: str = "") -> None:
        super().__init__(wanted)
        self.wanted = wanted
        self.hint = hint


def mark_read_after(value: Any) -> float | None:
    """Seconds before a shown story counts as read (0 at once), or None for `false`: only by hand."""
    if value is False:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= 0:
        return float(value)
    raise OptionError("a number of seconds (0 = at once), or false for only by hand")


def only_unread(value: Any) -> bool:
    """Whether the list starts showing only the articles not read yet."""
    if isinstance(value, bool):
        return value
    raise OptionError("true or false")


def sidebar(value: Any) -> str:
    """When the topics sidebar shows: "auto" (by the terminal's width), "show" or "hide"."""
    folded = value.strip().lower() if isinstance(value, str) else None
    if folded in SIDEBAR:
        return folded
    hint = difflib.get_close_matches(folded, SIDEBAR, n=1) if folded else []
    raise OptionError('"auto", "show" or "hide"', f'; did you mean "{hint[0]}"?' if hint else "")


def timezone(value: Any) -> str:
    """The IANA name of the zone dates are shown in, checked against the zone database."""
    try:
        if isinstance(value, str):
            resolve_zone(value)
            return value.strip()
    except ZoneError:
        pass
    raise OptionError('a time zone name like "Europe/Berlin" or "UTC"')


def full_article(value: Any) -> str:
    """When `R`'s full article is fetched: "manual" (by `R`) or "auto" (a story without a body, rested on)."""
    folded = value.strip().lower() if isinstance(value, str) else None
    if folded in FULL_ARTICLE:
        return folded
    raise OptionError('"manual" or "auto"')


def images(value: Any) -> bool:
    """Whether the story pane fetches and draws the lead image (false: no request for images at all)."""
    if isinstance(value, bool):
        return value
    raise OptionError("true or false")


CHECKS: dict[str, Callable[[Any], Any]] = {
    "mark_read_after": mark_read_after,
    "only_unread": only_unread,
    "sidebar": sidebar,
    "timezone": timezone,
    "full_article": full_article,
    "images": images,
}
