"""Lists of linked stories in the detail pane: the related stories and the "Mentioned by" list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.dates import day_date, local_zone
from reader.core.digest import Summary
from reader.core.model import Record
from reader.core.related import related_order
from reader.widgets.content_styles import MUTED, SECTION
from reader.widgets.steady_scrollbars import SteadyScrollbars


@dataclass(frozen=True)
class LinkedStory:
    """One row of a story list: what it says, and whether it is a record of the loaded corpus."""

    title: str
    provider: str
    published: datetime | None
    in_corpus: bool
    position: int = 0  # where the story is in the record's own list (related) or the mentions


def linked_related(
    record: Record, resolved: dict[int, int], story_of: Callable[[int], str | None]
) -> list[LinkedStory]:
    """A record's related stories as the detail pane lists them: the folder's first, each story once."""
    order = related_order(record.related, resolved, story_of)
    return [
        LinkedStory(item.title, item.provider.name, item.published, position in resolved, position)
        for position in order.positions
        for item in (record.related[position],)
    ]


def linked_summary(summary: Summary, position: int = 0) -> LinkedStory:
    """A record of the corpus as a linked story (the "Mentioned by" list)."""
    published = None
    if summary.published is not None:
        try:
            published = datetime.fromtimestamp(summary.published, dt.UTC)
        except (OverflowError, OSError, ValueError):
            published = None
    return LinkedStory(summary.title, summary.provider, published, True, position)


def _prompt(number: int, story: LinkedStory, numbered: bool, zone: dt.tzinfo) -> Content:
    date = day_date(story.published, zone)
    mark = ("● ", "$success") if story.in_corpus else ("○ ", MUTED)
    prefix = f"{number}" if numbered and number <= 9 else " "
    where = "in these records" if story.in_corpus else "not in these records"
    return Content.assemble(
        (prefix + " ", SECTION),
        mark,
        (story.title or "(untitled)", ""),
        "\n    ",
        (f"{story.provider or 'unknown provider'} · {date} · {where}", MUTED),
    )


class StoryLinks(OptionList, SteadyScrollbars):
    """A list of linked stories; `enter` follows one."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="links.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="links.up"),
    ]

    @dataclass
    class Followed(Message):
        """The user chose to follow the story at `position`."""

        links: StoryLinks
        position: int

        @property
        def control(self) -> StoryLinks:
            """The list the story was followed from (for `@on` selectors)."""
            return self.links

    def __init__(self, *, numbered: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.numbered = numbered
        self.stories: list[LinkedStory] = []
        self.zone: dt.tzinfo = local_zone()  # the zone dates are shown in (the screen may set another)

    def show_stories(self, stories: list[LinkedStory]) -> None:
        """Replace the listed stories."""
        if stories == self.stories and self.option_count == len(stories):
            return
        self.stories = stories
        self.clear_options()
        self.add_options(
            [Option(_prompt(n, story, self.numbered, self.zone)) for n, story in enumerate(stories, start=1)]
        )
        self.display = bool(stories)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """`enter` follows the highlighted story."""
        event.stop()
        self.post_message(self.Followed(self, event.option_index))
