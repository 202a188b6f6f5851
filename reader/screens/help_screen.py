"""The help screen: every key binding of the reader, with the id a config file rebinds it by."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


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
