"""The topic sidebar: "All" with the exact total, then every topic with its count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.listing import ALL, SidebarEntry
from reader.widgets.content_styles import MUTED
from reader.widgets.steady_scrollbars import SteadyScrollbars


def _prompt(entry: SidebarEntry, width: int) -> Content:
    count = f"{entry.count:,}"
    if entry.unread:
        count = f"{entry.unread:,}/{count}"
    label_width = max(4, width - len(count) - 1)
    label = entry.label if len(entry.label) <= label_width else entry.label[: label_width - 1] + "…"
    style = "bold" if entry.unread else ""
    return Content.assemble((label.ljust(label_width), style), " ", (count, MUTED))


class TopicSidebar(OptionList, SteadyScrollbars):
    """The topics of the loaded records, most common first; highlighting one filters the list."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="sidebar.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="sidebar.up"),
        Binding("g,home", "first", "First", show=False, id="sidebar.first"),
        Binding("G,end", "last", "Last", show=False, id="sidebar.last"),
    ]

    @dataclass
    class Chosen(Message):
        """A sidebar entry was highlighted: the article list should show it."""

        sidebar: TopicSidebar
        key: str

    def __init__(self, *, on_choose: Callable[[Chosen], None] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[SidebarEntry] = []
        self.chosen: str = ALL
        # Called with the choice instead of posting it, as the highlight moves: a posted message
        # reaches the screen only after the moved highlight is drawn, and the list would wait for
        # the next frame's slot.
        self._on_choose = on_choose
        self._refilling = False

    def show_entries(self, entries: list[SidebarEntry]) -> None:
        """Replace the entries, keeping the highlighted one where it still exists."""
        if entries == self.entries:
            return
        width = max(10, (self.scrollable_content_region.width or 28) - 1)
        if [e.key for e in entries] == [e.key for e in self.entries]:
            # Only counts changed (a story was read): redraw those lines, keep the rest.
            for index, (old, new) in enumerate(zip(self.entries, entries, strict=True)):
                if old != new:
                    self.replace_option_prompt_at_index(index, _prompt(new, width))
            self.entries = entries
            return
        self.entries = entries
        keep = self.chosen
        self._refilling = True  # the highlight moved by a refill is not a choice
        try:
            self.clear_options()
            self.add_options(
                [
                    None if entry.key == "\x00separator" else Option(_prompt(entry, width), id=entry.key)
                    for entry in entries
                ]
            )
            self.highlighted = next((i for i, e in enumerate(entries) if e.key == keep), 0)
        finally:
            self._refilling = False

    def choose(self, key: str) -> None:
        """Highlight an entry by key (used by the command palette)."""
        for index, entry in enumerate(self.entries):
            if entry.key == key:
                self.highlighted = index
                return

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Moving onto an entry filters the list at once, in the same frame."""
        super().watch_highlighted(highlighted)
        if self._refilling or highlighted is None or not 0 <= highlighted < self.option_count:
            return
        key = self.get_option_at_index(highlighted).id or ALL
        if key != self.chosen:
            self.chosen = key
            self._choose(self.Chosen(self, key))

    def _choose(self, message: Chosen) -> None:
        if self._on_choose is not None:
            self._on_choose(message)
        else:
            self.post_message(message)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Handled as the highlight moved (`watch_highlighted`)."""
        event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """`enter` on an entry moves to the article list."""
        event.stop()
        self._choose(self.Chosen(self, event.option.id or ALL))
        self.screen.focus_next()

    def on_resize(self) -> None:
        """Counts are right-aligned to the width."""
        entries, self.entries = self.entries, []
        self.show_entries(entries)
