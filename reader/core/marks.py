"""Read marks and stars: the saved state, the counts the sidebar shows, when a shown story counts as read,
and undo.

The screen is handed one `Marks`; every change goes through it, so the saved state, the counts and the
undo history can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.core.digest import Summary
from reader.core.reading import Reading
from reader.core.state import StateError, StateStore

# How many changes `z` can take back; older ones are forgotten.
UNDO_DEPTH = 100


@dataclass(frozen=True)
class Change:
    """One user action on marks: which stories, read or star, and what it set them to."""

    kind: str  # "read" or "star"
    stories: tuple[str, ...]  # only the stories the action really changed
    on: bool

    def describe(self) -> str:
        """What the change did, in words for the status line."""
        count = len(self.stories)
        noun = "story" if count == 1 else "stories"
        if self.kind == "read":
            return f"{count:,} {noun} marked {'read' if self.on else 'unread'}"
        return f"{count:,} {noun} {'starred' if self.on else 'unstarred'}"


class MarkError(RuntimeError):
    """The saved state could not be written; nothing was changed."""


class Marks:
    """The read and starred stories of the user, saved as they change, with counts and undo."""

    def __init__(
        self,
        store: StateStore,
        rows_of: Callable[[str], list[Summary]],
        *,
        mark_read_after: float | None = 2.0,
    ) -> None:
        self.store = store
        self.reading = Reading(store.read_keys(), store.starred_keys())
        self._rows_of = rows_of
        # Seconds a story must stay shown before it counts as read; None: only by hand.
        self.mark_read_after = mark_read_after
        self._undo: list[Change] = []

    # -- asking ----------------------------------------------------------------------------------

    def is_read(self, story: str) -> bool:
        """Whether a story is read."""
        return story in self.reading.read

    def is_starred(self, story: str) -> bool:
        """Whether a story is starred."""
        return story in self.reading.starred

    @property
    def can_undo(self) -> bool:
        """Whether there is a change `z` can take back."""
        return bool(self._undo)

    # -- changing --------------------------------------------------------------------------------

    def set_read(self, stories: Iterable[str], read: bool, *, undoable: bool = True) -> Change | None:
        """Mark stories read or unread; the change made (None when nothing changed)."""
        return self._apply("read", stories, read, undoable)

    def set_starred(self, stories: Iterable[str], starred: bool) -> Change | None:
        """Star or unstar stories; the change made (None when nothing changed)."""
        return self._apply("star", stories, starred, True)

    def undo(self) -> Change | None:
        """Take back the last change, saving the reverse; the change undone (None if none is left)."""
        if not self._undo:
            return None
        change = self._undo[-1]
        self._write(change.kind, list(change.stories), not change.on)
        self._undo.pop()
        return change

    def _apply(self, kind: str, stories: Iterable[str], on: bool, undoable: bool) -> Change | None:
        current = self.reading.read if kind == "read" else self.reading.starred
        changed = tuple(story for story in dict.fromkeys(stories) if (story in current) != on)
        if not changed:
            return None
        self._write(kind, list(changed), on)
        change = Change(kind, changed, on)
        if undoable:
            self._undo.append(change)
            del self._undo[:-UNDO_DEPTH]
        return change

    def _write(self, kind: str, stories: list[str], on: bool) -> None:
        """Save first, then count: a change the disk refused is not shown as made."""
        try:
            if kind == "read":
                self.store.set_read_many(stories, on)
            else:
                self.store.set_starred_many(stories, on)
        except StateError as error:
            raise MarkError(str(error)) from error
        if kind == "read":
            self.reading.set_read(stories, on, self._rows_of)
        else:
            self.reading.set_starred(stories, on, self._rows_of)
