"""Lists of linked stories in the detail pane: the related stories and the "Mentioned by" list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.core.digest import Summary
from reader.core.model import Record


@dataclass(frozen=True)
class LinkedStory:
    """One row of a story list: what it says, and whether it is a record of the loaded corpus."""

    title: str
    provider: str
    published: datetime | None
    in_corpus: bool
    position: int = 0  # where the story is in the record's own list (related) or the mentions


def related_order(record: Record, resolved: dict[int, int]) -> list[int]:
    """Positions of a record's related stories: those in the folder first, each story once."""
    inside = [n for n in range(len(record.related)) if n in resolved]
    outside = [n for n in range(len(record.related)) if n not in resolved]
    seen: set[object] = set()
    kept: list[int] = []
    for position in inside + outside:
        item = record.related[position]
        key = resolved.get(position) or item.source_url or item.amp_url or item.title
        if key not in seen:
            seen.add(key)
            kept.append(position)
    return kept


def linked_related(record: Record, resolved: dict[int, int]) -> list[LinkedStory]:
    """A record's related stories as the detail pane lists them."""
    return [
        LinkedStory(item.title, item.provider.name, item.published, position in resolved, position)
        for position in related_order(record, resolved)
        for item in (record.related[position],)
    ]


def linked_summary(summary: Summary, position: int = 0) -> LinkedStory:
    """A record of the corpus as a linked story (the "Mentioned by" list)."""
    published = None
    if summary.published is not None:
        try:
            published = datetime.fromtimestamp(summary.published, timezone.utc)
        except (OverflowError, OSError, ValueError):
            published = None
    return LinkedStory(summary.title, summary.provider, published, True, position)


def _prompt(number: int, story: LinkedStory, numbered: bool) -> Content:
    date = story.published.strftime("%Y-%m-%d") if story.published else "no date"
    mark = ("● ", "$success") if story.in_corpus else ("○ ", "$text-muted")
    prefix = f"{number}" if numbered and number <= 9 else " "
    where = "in these records" if story.in_corpus else "not in these records"
    return Content.assemble(
        (prefix + " ", "bold $accent"),
        mark,
        (story.title or "(untitled)", ""),
        "\n    ",
        (f"{story.provider or 'unknown provider'} · {date} · {where}", "$text-muted"),
    )


class StoryLinks(OptionList):
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

    def show_stories(self, stories: list[LinkedStory]) -> None:
        """Replace the listed stories."""
        if stories == self.stories and self.option_count == len(stories):
            return
        self.stories = stories
        self.clear_options()
        self.add_options(
            [Option(_prompt(n, story, self.numbered)) for n, story in enumerate(stories, start=1)]
        )
        self.display = bool(stories)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """`enter` follows the highlighted story."""
        event.stop()
        self.post_message(self.Followed(self, event.option_index))
