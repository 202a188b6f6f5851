"""The status line under the panes: counts, what the reader is doing, and a progress bar while loading."""

from __future__ import annotations

from time import monotonic

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from reader.core.text import shown_safely


class StatusLine(Horizontal):
    """One line: the record count, problems, the current state; a bar with a rate while files load."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    StatusLine > #status-text { width: 1fr; height: 1; }
    StatusLine > ProgressBar { width: auto; height: 1; display: none; }
    StatusLine > ProgressBar.-loading { display: block; }
    StatusLine > ProgressBar > Bar { width: 24; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._started = 0.0
        self._first_parsed = 0

    def compose(self) -> ComposeResult:
        yield Static(id="status-text", markup=False)
        yield ProgressBar(show_eta=False, id="status-progress")

    @property
    def text(self) -> str:
        """The line as shown (for tests and the benchmark)."""
        return self._text

    def show(self, text: str) -> None:
        """Show a new line; an unchanged one costs nothing (one line, fixed height: no layout)."""
        text = shown_safely(text)
        if text != self._text:
            self._text = text
            self.query_one("#status-text", Static).update(text, layout=False)

    def progress(self, done: int, total: int) -> str:
        """Move the bar to `done` of `total` files; the words to show beside it (with a rate)."""
        bar = self.query_one(ProgressBar)
        if not bar.has_class("-loading"):
            bar.add_class("-loading")
            self._started, self._first_parsed = monotonic(), done
        bar.update(total=max(total, 1), progress=done)
        elapsed = monotonic() - self._started
        rate = (done - self._first_parsed) / elapsed if elapsed > 0.5 else 0.0
        per_second = f" · {rate:,.0f} files/s" if rate else ""
        return f"Reading files… {done:,} of {total:,}{per_second}"

    def loaded(self) -> None:
        """Loading is over: the bar goes."""
        self.query_one(ProgressBar).remove_class("-loading")
