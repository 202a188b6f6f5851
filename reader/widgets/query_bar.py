"""The search box above the article list: a query input and, under it, what is wrong with it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static


class QueryBar(Vertical):
    """`/` opens it; typing filters; `enter` goes to the list; `escape` clears and closes it."""

    DEFAULT_CSS = """
    QueryBar { height: auto; display: none; }
    QueryBar.-open { display: block; }
    QueryBar > Input { border: tall $accent; }
    QueryBar > #query-error { color: $error; padding: 0 1; display: none; }
    QueryBar > #query-error.-shown { display: block; }
    QueryBar > #query-error.-hint { color: $text-muted; }
    """

    BINDINGS = [
        Binding("escape", "clear", "Clear search", id="search.clear"),
    ]

    @dataclass
    class Changed(Message):
        """The query text changed."""

        bar: QueryBar
        text: str

    @dataclass
    class Done(Message):
        """`enter`: the user wants to read the results."""

        bar: QueryBar

    @dataclass
    class Cleared(Message):
        """`escape`: the query was cleared and the bar closed."""

        bar: QueryBar

    def compose(self) -> ComposeResult:
        yield Input(placeholder='Search: words, "phrases", -not, topic:AI, since:2020-01-05, is:unread …')
        yield Static(id="query-error", markup=False)

    @property
    def text(self) -> str:
        """The query as typed."""
        return self.query_one(Input).value

    def open(self) -> None:
        """Show the bar and put the cursor in it at once.

        Focus moves now, not after the next refresh (`Widget.focus` waits for one): keys typed
        right after `/`, a paste or a fast typist while a load keeps the app busy, must all land
        in the box, not in the bindings of the list.
        """
        self.add_class("-open")
        self.display = True
        self.screen.set_focus(self.query_one(Input))

    def show_error(self, message: str, position: int | None = None, hint: bool = False) -> None:
        """Show what is wrong with the query (or a hint while typing); the last good list stays."""
        error = self.query_one("#query-error", Static)
        where = "" if position is None else f" (at character {position + 1})"
        error.update(Content(f"{message}{where}"))
        error.set_class(True, "-shown")
        error.set_class(hint, "-hint")

    def clear_error(self) -> None:
        """The query is good."""
        self.query_one("#query-error", Static).set_class(False, "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        """Every keystroke asks for a new result (the screen runs it off the UI thread)."""
        event.stop()
        self.post_message(self.Changed(self, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """`enter` moves to the list."""
        event.stop()
        self.post_message(self.Done(self))

    def action_clear(self) -> None:
        """Clear the query and close the bar."""
        self.query_one(Input).value = ""
        self.clear_error()
        self.remove_class("-open")
        self.display = False
        self.post_message(self.Cleared(self))
