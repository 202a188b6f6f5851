"""What every picker over a list of options shares: `escape` leaves with nothing, `j`/`k` move."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import OptionList

ResultT = TypeVar("ResultT")


class PickerScreen(ModalScreen[ResultT]):
    """A modal list; subclasses bind the keys (with their own ids) and say what `enter` returns."""

    def action_dismiss_none(self) -> None:
        """`escape` returns to where the user was."""
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        """Move down."""
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        """Move up."""
        self.query_one(OptionList).action_cursor_up()
