"""A bar at the bottom of the screen while the subscribed feeds are fetched; it removes itself when done."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class FeedProgress(Horizontal):
    """`Fetching feeds 3 of 12` and a progress bar; one at a time on a screen."""

    DEFAULT_CSS = """
    FeedProgress {
        dock: bottom;
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    FeedProgress Label {
        width: auto;
        padding-right: 2;
        color: $text-muted;
    }
    """

    def __init__(self, total: int) -> None:
        super().__init__(id="feed-progress")
        self.total = total
        self.done = 0

    def compose(self) -> ComposeResult:
        yield Label(self._text(), markup=False)
        yield ProgressBar(total=max(self.total, 1), show_eta=False)

    def advance(self) -> None:
        """One more feed is done, well or not."""
        self.done += 1
        self.query_one(Label).update(self._text())
        self.query_one(ProgressBar).advance(1)

    def _text(self) -> str:
        return f"Fetching feeds {self.done:,} of {self.total:,}"
