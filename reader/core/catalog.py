"""The in-memory catalog of list rows: topic counts and ordered id lists for the article list.

Built from index summaries (never from parsed records), updated in batches as a sync streams in.
Orderings are cached per change, so switching topics or moving the cursor never re-sorts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from reader.core.digest import Summary

SORT_ORDERS = ("newest", "oldest", "heat", "quality", "provider")

_NEVER = float("-inf")

_SORT_KEYS: dict[str, tuple[Callable[[Summary], object], bool]] = {
    "newest": (lambda s: (s.published if s.published is not None else _NEVER, s.id), True),
    "oldest": (lambda s: (s.published if s.published is not None else float("inf"), s.id), False),
    "heat": (lambda s: (s.heat if s.heat is not None else -2, s.published or _NEVER), True),
    "quality": (lambda s: (s.quality if s.quality is not None else -1, s.published or _NEVER), True),
    "provider": (lambda s: (s.provider.casefold(), -(s.published or 0)), False),
}


class Catalog:
    """Every record's list columns, with topic counts and sorted views."""

    def __init__(self, summaries: Iterable[Summary] = ()) -> None:
        self.by_id: dict[int, Summary] = {s.id: s for s in summaries}
        self._orders: dict[str, list[Summary]] = {}
        self._views: dict[tuple[str | None, str], list[int]] = {}
        self._topics: list[tuple[str, int]] | None = None
        self._stories: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, record_id: int) -> Summary | None:
        """The list columns of one record."""
        return self.by_id.get(record_id)

    def apply(self, added: Iterable[Summary] = (), removed: Iterable[int] = ()) -> bool:
        """Take in a batch of changes; say whether anything changed."""
        changed = False
        for record_id in removed:
            changed |= self.by_id.pop(record_id, None) is not None
        for summary in added:
            self.by_id[summary.id] = summary
            changed = True
        if changed:
            self._orders.clear()
            self._views.clear()
            self._topics = None
            self._stories = None
        return changed

    def ids_of_story(self, story: str) -> list[int]:
        """Every record of one story (duplicates share a story key)."""
        if self._stories is None:
            stories: dict[str, list[int]] = {}
            for summary in self.by_id.values():
                stories.setdefault(summary.story, []).append(summary.id)
            self._stories = stories
        return self._stories.get(story, [])

    def topic_counts(self) -> list[tuple[str, int]]:
        """Every topic with its number of records, most common first, then by name."""
        if self._topics is None:
            counts = Counter(topic for s in self.by_id.values() for topic in s.topics)
            self._topics = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
        return self._topics

    def ordered(self, sort: str) -> list[Summary]:
        """Every summary in one sort order (cached until the next change)."""
        order = self._orders.get(sort)
        if order is None:
            key, reverse = _SORT_KEYS[sort]
            order = sorted(self.by_id.values(), key=key, reverse=reverse)  # type: ignore[arg-type]
            self._orders[sort] = order
        return order

    def ids(self, topic: str | None = None, sort: str = "newest") -> list[int]:
        """Ids of the records of a topic (None: all), in a sort order."""
        view = self._views.get((topic, sort))
        if view is None:
            order = self.ordered(sort)
            if topic is None:
                view = [s.id for s in order]
            else:
                view = [s.id for s in order if topic in s.topics]
            self._views[(topic, sort)] = view
        return view


def collapse(ids: list[int], group_of: dict[int, int]) -> list[int]:
    """Keep the first id of each group, in order; ids missing from `group_of` are groups of one.

    With a list sorted newest first, a thread collapses to its newest record.
    """
    if not group_of:
        return ids
    seen: set[int] = set()
    kept: list[int] = []
    for record_id in ids:
        group = group_of.get(record_id)
        if group is None:
            kept.append(record_id)
        elif group not in seen:
            seen.add(group)
            kept.append(record_id)
    return kept
