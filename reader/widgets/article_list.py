"""The article list: a Line-API scroll view that renders only the rows on screen.

One widget per row would take seconds to mount at 100,000 records; here a row costs nothing
until it scrolls into view, and rendered rows are cached.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic, perf_counter

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.timer import Timer

from reader.core.dates import FULL_WIDTH, SHORT_WIDTH, list_date, local_zone
from reader.core.digest import Summary
from reader.widgets.steady_scrollbars import SteadyScrollbars

PROVIDER_WIDTH = 18
# Below this many columns the date loses its year and the provider column goes: titles first.
NARROW_LIST = 72
# The story under the cursor is shown with the key that moved it, in the same frame. A key that
# waited longer than this to be read means keys come faster than stories are drawn (a held key on
# a slow machine): then the story is shown only once the cursor has rested this long, so keys never
# queue up behind stories the cursor has already left.
KEY_LAG_SECONDS = 0.03
# The clock Textual stamps events with (`Message.time`).
_event_clock = perf_counter if sys.platform == "win32" else monotonic


@dataclass(frozen=True)
class RowMarks:
    """How one row is marked: unread, starred, and a badge (copies or thread size)."""

    unread: bool = False
    starred: bool = False
    badge: str = ""


NO_MARKS = RowMarks()


def format_date(published: float | None, short: bool = False, zone: dt.tzinfo | None = None) -> str:
    """A list date in the reader's zone: `2020-01-05 17:43`, or `Jan 27` / `16:20` when the list is narrow."""
    return list_date(published, zone or local_zone(), SHORT_WIDTH if short else FULL_WIDTH)


class ArticleList(SteadyScrollbars, can_focus=True):
    """The articles of the chosen topic or query, one line each, newest first by default."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="list.page_up"),
    ]

    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--date",
        "article-list--provider",
        "article-list--unread",
        "article-list--badge",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
    }
    """

    cursor = reactive(0, always_update=True, init=False)

    @dataclass
    class Rested(Message):
        """The cursor came to rest on an article: show it. `by_user`: a key or click moved it there."""

        article_list: ArticleList
        record_id: int
        by_user: bool

    @dataclass
    class Selected(Message):
        """`enter` on an article: the user wants to read it."""

        article_list: ArticleList
        record_id: int

    def __init__(
        self,
        lookup: Callable[[int], Summary | None],
        marks: Callable[[Summary], RowMarks] | None = None,
        *,
        on_rest: Callable[[ArticleList.Rested], None] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._lookup = lookup
        self._marks = marks or (lambda _summary: NO_MARKS)
        # Called with the announcement instead of posting it: a posted message reaches the screen
        # only after the key's frame is drawn, and the story would wait for the next frame's slot.
        self._on_rest = on_rest
        self.ids: list[int] = []
        self.empty_text = "No articles"
        self._strips: LRUCache[tuple, Strip] = LRUCache(1024)
        self._drawn_marks: dict[int, RowMarks] = {}  # row -> the marks it was last drawn with
        # Set once the user moves the cursor: until then, a list that fills while loading keeps
        # its cursor on the first (newest) row instead of on the record that happened to come first.
        self.moved_by_user = False
        self.zone: dt.tzinfo = local_zone()  # the zone dates are shown in (the screen may set another)
        # Cursor keys of this list that waited too long to be read and have yet to move the cursor
        # (a key reaches `on_key` before its binding runs, and a burst's keys all do).
        self._late_keys = 0
        self._rest_timer: Timer | None = None
        self._rest_pending: tuple[int, bool] | None = None

    # -- data --------------------------------------------------------------------------------

    @property
    def record_id(self) -> int | None:
        """The id of the article under the cursor."""
        if 0 <= self.cursor < len(self.ids):
            return self.ids[self.cursor]
        return None

    @property
    def resting(self) -> bool:
        """Whether a moved cursor has yet to announce the article it rests on."""
        return self._rest_pending is not None

    def set_ids(self, ids: list[int], keep: int | None = None) -> None:
        """Show a new list of articles, keeping the cursor on `keep` when it is still listed.

        Announces the article under the cursor only when it is a different one than before.
        """
        previous = self.record_id
        scroll_y = self.scroll_y
        self.ids = ids
        self.virtual_size = Size(self.size.width, len(ids))
        self._strips.clear()
        self._drawn_marks.clear()
        row = 0
        if keep is not None:
            try:
                row = ids.index(keep)
            except ValueError:
                row = 0
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        self._set_cursor(row, announce=self.record_id_at(row) != previous, by_user=False)
        self.refresh()

    def record_id_at(self, row: int) -> int | None:
        """The id of the article on a row."""
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def refresh_marks(self) -> None:
        """Redraw the rows on screen whose read mark, star or badge changed since they were drawn.

        Only those: redrawing the whole list for the one story that became read cost a frame.
        """
        top = round(self.scroll_y)
        for row in range(top, min(len(self.ids), top + self.scrollable_content_region.height)):
            summary = self._lookup(self.ids[row])
            if summary is not None and self._drawn_marks.get(row) != self._marks(summary):
                self.refresh_line(row)

    def move_to_quietly(self, record_id: int) -> bool:
        """Put the cursor on an article if it is listed, without announcing it; say whether it is.

        Used when the story was shown some other way (following a link, going back), so the
        list follows the reader without showing the story a second time.
        """
        try:
            row = self.ids.index(record_id)
        except ValueError:
            return False
        self._cancel_rest()
        self._set_cursor(row, announce=False)
        return True

    # -- cursor ------------------------------------------------------------------------------

    def move_to(self, row: int) -> None:
        """Move the cursor to a row as the user asked (a key, a click, `n`)."""
        self.moved_by_user = True
        self._set_cursor(row, by_user=True)

    def _set_cursor(self, row: int, announce: bool = True, by_user: bool = True) -> None:
        row = max(0, min(row, len(self.ids) - 1)) if self.ids else 0
        old = self.cursor
        self.set_reactive(ArticleList.cursor, row)
        self.refresh_line(old)
        self.refresh_line(row)
        self._scroll_to_cursor()
        if announce and self.record_id is not None:
            self._announce_when_rested(self.record_id, by_user)

    def _announce_when_rested(self, record_id: int, by_user: bool) -> None:
        behind = self._late_keys > 0
        self._late_keys = max(0, self._late_keys - 1)
        self._cancel_rest()
        self._rest_pending = (record_id, by_user)
        if behind:
            self._rest_timer = self.set_timer(KEY_LAG_SECONDS, self._announce)
        else:
            self._announce()

    def take_rest(self) -> Rested | None:
        """The announcement a moved cursor has yet to make, made now by the caller instead.

        A key that acts on the shown story (`1`, `o`, …) may arrive in the same burst as the moves
        before it; the screen takes the pending announcement so the key acts on the cursor's story.
        """
        pending = self._rest_pending
        self._cancel_rest()
        return None if pending is None else self.Rested(self, *pending)

    def _cancel_rest(self) -> None:
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
        self._rest_pending = None

    def _announce(self) -> None:
        pending, self._rest_pending = self._rest_pending, None
        self._rest_timer = None
        if pending is None:
            return
        if self._on_rest is not None:
            self._on_rest(self.Rested(self, *pending))
        else:
            self.post_message(self.Rested(self, *pending))

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        """Move to the next article."""
        if self.cursor < len(self.ids) - 1:
            self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        """Move to the previous article."""
        if self.cursor > 0:
            self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        """Move to the first article."""
        self.move_to(0)

    def action_last(self) -> None:
        """Move to the last article."""
        self.move_to(len(self.ids) - 1)

    def action_page_down(self) -> None:
        """Move down a screenful."""
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        """Move up a screenful."""
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def on_click(self, event: events.Click) -> None:
        """Clicking a row moves the cursor there (the border and padding are not rows)."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_y)
        if 0 <= row < len(self.ids) and row != self.cursor:
            self.move_to(row)

    def on_key(self, event: events.Key) -> None:
        """`enter` selects the article under the cursor; a cursor key read late is counted."""
        if _event_clock() - event.time > KEY_LAG_SECONDS:
            bound = self.screen.active_bindings.get(event.key)
            if bound is not None and bound.node is self:
                self._late_keys += 1
        if event.key == "enter" and self.record_id is not None:
            event.stop()
            self.post_message(self.Selected(self, self.record_id))

    def on_resize(self) -> None:
        """Rows are cut to the width: a new width needs new rows."""
        self.virtual_size = Size(self.size.width, len(self.ids))
        self._strips.clear()

    def notify_style_update(self) -> None:
        """A theme change restyles every row."""
        super().notify_style_update()
        self._strips.clear()

    # -- rendering ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Render one visible line from the row it shows."""
        row = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.ids:
            if y == 0:
                style = base + self.get_component_rich_style("article-list--empty")
                return Strip([Segment(self.empty_text[:width].ljust(width), style)], width)
            return Strip.blank(width, base)
        if row >= len(self.ids):
            return Strip.blank(width, base)
        record_id = self.ids[row]
        summary = self._lookup(record_id)
        if summary is None:
            return Strip.blank(width, base)
        marks = self._marks(summary)
        if len(self._drawn_marks) > 4096:  # rows scrolled past: only those on screen are checked
            self._drawn_marks.clear()
        self._drawn_marks[row] = marks
        is_cursor = row == self.cursor
        focused = self.has_focus
        key = (record_id, width, is_cursor, focused, marks, summary)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(summary, marks, width, is_cursor, focused)
            self._strips[key] = strip
        return strip

    def _render_row(
        self, summary: Summary, marks: RowMarks, width: int, is_cursor: bool, focused: bool
    ) -> Strip:
        base = self.rich_style
        date_style = self.get_component_rich_style("article-list--date")
        provider_style = self.get_component_rich_style("article-list--provider")
        unread_style = self.get_component_rich_style("article-list--unread")
        badge_style = self.get_component_rich_style("article-list--badge")
        mark = "★" if marks.starred else ("●" if marks.unread else " ")
        narrow = width < NARROW_LIST
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(mark + " ", unread_style)
        date = format_date(summary.published, short=narrow, zone=self.zone)
        text.append(date + "  ", date_style)
        provider_width = 0 if narrow else min(PROVIDER_WIDTH, max(0, width // 5))
        badge = f" {marks.badge}" if marks.badge else ""
        title_width = max(1, width - len(mark) - 1 - len(date) - 2 - provider_width - 1 - len(badge))
        title = Text(summary.title, Style(bold=marks.unread), no_wrap=True, overflow="ellipsis", end="")
        title.truncate(title_width, overflow="ellipsis", pad=True)
        text.append_text(title)
        if badge:
            text.append(badge, badge_style)
        if provider_width:
            provider = Text(summary.provider, provider_style, no_wrap=True, overflow="ellipsis", end="")
            provider.truncate(provider_width, overflow="ellipsis", pad=True)
            text.append(" ")
            text.append_text(provider)
        text.truncate(width, overflow="ellipsis", pad=True)
        if is_cursor:
            # Over the row's own colours, so the cursor shows whatever the columns use.
            name = "article-list--cursor" if focused else "article-list--cursor-blurred"
            text.stylize(self.get_component_rich_style(name), 0, len(text))
        segments = list(text.render(self.app.console))
        return Strip(segments).apply_style(base).crop_extend(0, width, base)

    def on_focus(self) -> None:
        """The cursor shows brighter while the list has focus."""
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        """The cursor dims when focus moves to another pane."""
        self._strips.clear()
        self.refresh()
