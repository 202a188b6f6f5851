"""The help screen: every key binding of the reader, with the id a config file rebinds it by."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.screens.confirm_screen import ConfirmScreen
from reader.screens.main_screen import MainScreen
from reader.screens.story_picker_screen import StoryPickerScreen
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.article_list import ArticleList
from reader.widgets.query_bar import QueryBar
from reader.widgets.related_list import StoryLinks
from reader.widgets.topic_sidebar import TopicSidebar


def _key(key: str, description: str) -> Binding:
    """A key handled by a widget itself rather than by a binding (enter, tab): listed all the same."""
    return Binding(key, "", description)


def help_sections(keymap: dict[str, str], app_bindings: list[Binding]) -> list[tuple[str, list[Binding]]]:
    """Every key of the reader grouped by where it works, with the user's keymap applied."""
    sections: list[tuple[str, list[Binding]]] = [
        (
            "Anywhere",
            [
                *app_bindings,
                *MainScreen.BINDINGS,
                _key("tab", "Next pane"),
                _key("shift+tab", "Previous pane"),
                Binding("ctrl+p", "command_palette", "Command palette", id="command_palette"),
            ],
        ),
        ("Article list", [*ArticleList.BINDINGS, _key("enter", "Read the story (focus the story pane)")]),
        ("Topics", [*TopicSidebar.BINDINGS, _key("enter", "Go to the topic's articles")]),
        ("Story pane", list(ArticleDetail.BINDINGS)),
        (
            "Related, Mentioned by",
            [*StoryLinks.BINDINGS, _key("enter", "Follow the story"), _key("click", "Follow")],
        ),
        ("Search box", [_key("enter", "Go to the results"), *QueryBar.BINDINGS]),
        ("Timeline, history (t, H)", [*StoryPickerScreen.BINDINGS, _key("enter", "Show the story")]),
        ("Questions", list(ConfirmScreen.BINDINGS)),
    ]
    return [
        (where, [replace(b, key=keymap.get(b.id or "", b.key)) for b in bindings])
        for where, bindings in sections
    ]


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of the app, the main screen and each pane."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90%; height: 90%; max-width: 110;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen #help-title { text-style: bold; color: $accent; padding: 0 0 1 0; }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Keys  (escape closes; rebind by id in the config file)", id="help-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        """Fill the table; DataTable parses strings as markup, so every cell is a Text."""
        table = self.query_one(DataTable)
        table.add_columns(Text("Where"), Text("Key"), Text("Action"), Text("Binding id"))
        for where, bindings in self.sections:
            for binding in bindings:
                keys = ", ".join(
                    self.app.get_key_display(Binding(k.strip(), "")) for k in binding.key.split(",")
                )
                table.add_row(
                    Text(where), Text(keys, style="bold"), Text(binding.description), Text(binding.id or "")
                )
        table.focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        """Close the help."""
        self.dismiss(None)
