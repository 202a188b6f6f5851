"""The floor: a bare Textual app whose cursor key changes one Static, started like the reader.

`python bench/bare_app.py` shows "bare count 0"; every `Down` (or `j`) shows the next count. What it
costs to paint this app's first screen, and to redraw it after a key, is what any Textual app on
this machine and terminal pays at least: the reader's figures are put beside it.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class BareApp(App[None]):
    """One Static and a key that changes it."""

    BINDINGS = [
        Binding("j,down", "next", "Next", id="next"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static(self.label(), id="count", markup=False)

    def label(self) -> str:
        """What the Static says: the count, with a word either side so that a capture finds it."""
        return f"bare count {self.count} shown"

    def action_next(self) -> None:
        """Show the next count."""
        self.count += 1
        self.query_one("#count", Static).update(self.label())


if __name__ == "__main__":
    BareApp().run()
