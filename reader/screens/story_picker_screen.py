"""A list of stories to jump to: the timeline of a story (`t`) and the stories seen (`H`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.pages import Page, StoryRow
from reader.screens.picker_screen import PickerScreen
from reader.widgets.article_list import format_date
from reader.widgets.content_styles import MUTED


def _prompt(row: StoryRow) -> Content:
    return Content.assemble(
        (format_date(row.published).ljust(17), MUTED),
        (f"{row.note:<12} ", "$accent"),
        row.title or "(untitled)",
        (f"  {row.provider}", MUTED),
    )


class StoryPickerScreen(PickerScreen[Page | None]):
    """Shows rows of stories; `enter` returns the chosen row's target, `escape` returns None."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Back", id="picker.close"),
        Binding("j", "cursor_down", "Down", show=False, id="picker.down"),
        Binding("k", "cursor_up", "Up", show=False, id="picker.up"),
    ]

    DEFAULT_CSS = """
    StoryPickerScreen { align: center middle; }
    StoryPickerScreen > Vertical {
        width: 95%; height: 90%; border: thick $primary; background: $surface; padding: 0 1;
    }
    StoryPickerScreen #picker-title { text-style: bold; color: $accent; padding-bottom: 1; }
    StoryPickerScreen OptionList { height: 1fr; border: none; }
    """

    def __init__(self, title: str, rows: list[StoryRow], highlight: int = 0) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.highlight = highlight

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.title_text), id="picker-title")
            yield OptionList(*[Option(_prompt(row)) for row in self.rows])

    def on_mount(self) -> None:
        """Focus the list on the highlighted row."""
        options = self.query_one(OptionList)
        if self.rows:
            options.highlighted = min(self.highlight, len(self.rows) - 1)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """`enter` returns the row's target."""
        event.stop()
        self.dismiss(self.rows[event.option_index].target)
