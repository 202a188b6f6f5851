"""A browser-like history of the stories shown: back, forward, and a list of everything seen this session."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

Entry = TypeVar("Entry", bound=Hashable)

DEFAULT_LIMIT = 1_000


class History(Generic[Entry]):
    """Back and forward through shown entries, like a browser; entries are any hashable values."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError("a history must hold at least one entry")
        self._limit = limit
        self._stack: list[Entry] = []
        self._index = -1
        # Every entry shown this session, oldest first: entries dropped from the trail stay here.
        self._seen: OrderedDict[Entry, None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._stack)

    @property
    def current(self) -> Entry | None:
        """The entry shown now, or None before the first visit."""
        return self._stack[self._index] if self._stack else None

    @property
    def can_go_back(self) -> bool:
        """Whether `back()` has somewhere to go."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether `forward()` has somewhere to go."""
        return self._index < len(self._stack) - 1

    def visit(self, entry: Entry) -> None:
        """Show `entry`: it becomes current and the forward entries are dropped, as in a browser.

        Visiting the current entry again changes nothing, so re-selecting a story does not fill the history.
        """
        if self._stack and self._stack[self._index] == entry:
            return
        del self._stack[self._index + 1 :]
        self._stack.append(entry)
        if len(self._stack) > self._limit:
            del self._stack[0]
        self._index = len(self._stack) - 1
        self._saw(entry)

    def jump(self, entry: Entry) -> None:
        """Show `entry` picked from the `visited()` list; it counts as a visit."""
        self.visit(entry)

    def back(self) -> Entry | None:
        """Step back and return the entry to show, or None (and stay) when there is nothing before."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._step()

    def forward(self) -> Entry | None:
        """Step forward and return the entry to show, or None (and stay) when there is nothing after."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._step()

    def visited(self) -> list[Entry]:
        """Every entry shown this session, most recently shown first, each once."""
        return list(reversed(self._seen))

    def clear(self) -> None:
        """Forget everything, as after loading a different set of folders."""
        self._stack.clear()
        self._index = -1
        self._seen.clear()

    def _step(self) -> Entry:
        entry = self._stack[self._index]
        # Going back shows the story again, so it is the most recently shown one in `visited()`.
        self._saw(entry)
        return entry

    def _saw(self, entry: Entry) -> None:
        self._seen[entry] = None
        self._seen.move_to_end(entry)
        if len(self._seen) > self._limit:
            self._seen.popitem(last=False)
