"""The picker of a story's body links (`L`): `enter` opens the highlighted one, `y` copies it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.screens.picker_screen import PickerScreen
from reader.widgets.content_styles import MUTED, web_link

# What the picker returns: ("open" or "copy", the link), or None when left with `escape`.
LinkChoice = tuple[str, str]


class LinkPickerScreen(PickerScreen[LinkChoice | None]):
    """The numbered links of the shown story, to open or copy one."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Back", id="links.close"),
        Binding("y", "copy", "Copy", id="links.copy"),
        Binding("j", "cursor_down", "Down", show=False, id="links.down"),
        Binding("k", "cursor_up", "Up", show=False, id="links.up"),
    ]

    DEFAULT_CSS = """
    LinkPickerScreen { align: center middle; }
    LinkPickerScreen > Vertical {
        width: 95%; height: 80%; border: thick $primary; background: $surface; padding: 0 1;
    }
    LinkPickerScreen #links-picker-title { text-style: bold; color: $accent; padding-bottom: 1; }
    LinkPickerScreen OptionList { height: 1fr; border: none; }
    """

    def __init__(self, links: list[str]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Links · enter opens, y copies"), id="links-picker-title")
            yield OptionList(
                *[
                    Option(Content.assemble((f"[{number}] ", MUTED), web_link(url)))
                    for number, url in enumerate(self.links, 1)
                ]
            )

    def on_mount(self) -> None:
        """Focus the list on the first link."""
        self.query_one(OptionList).focus()

    def _highlighted(self) -> str | None:
        index = self.query_one(OptionList).highlighted
        return self.links[index] if index is not None and 0 <= index < len(self.links) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """`enter` opens the chosen link."""
        event.stop()
        self.dismiss(("open", self.links[event.option_index]))

    def action_copy(self) -> None:
        """`y` copies the highlighted link."""
        url = self._highlighted()
        if url is not None:
            self.dismiss(("copy", url))
