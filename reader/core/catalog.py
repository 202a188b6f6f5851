"""The in-memory catalog of list rows: topic counts and ordered id lists for the article list.

Built from index summaries (never from parsed records), updated in batches as a sync streams in.
Topic counts are kept up to date as batches arrive, and each sort order is re-sorted from the
previous one plus the new rows (a near-linear merge), so neither a batch nor a topic switch
costs a full sort of 100,000 rows.
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
    "heat": (lambda s: (s.heat if s.heat is not None else -2, s.published or _NEVER, s.id), True),
    "quality": (lambda s: (s.quality if s.quality is not None else -1, s.published or _NEVER, s.id), True),
    "provider": (lambda s: (s.provider.casefold(), -(s.published or 0), s.id), False),
}


class Catalog:
    """Every record's list columns, with topic counts and sorted views."""

    def __init__(self, summaries: Iterable[Summary] = ()) -> None:
        self.by_id: dict[int, Summary] = {}
        self.topic_totals: Counter[str] = Counter()
        self._orders: dict[str, list[Summary]] = {}
        # Changes not yet merged into each cached order: (removed ids, added summaries).
        self._pending: dict[str, tuple[set[int], list[Summary]]] = {}
        self._views: dict[tuple[str | None, str], list[int]] = {}
        self._topics: list[tuple[str, int]] | None = None
        self._stories: dict[str, list[int]] | None = None
        self.apply(added=summaries)

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, record_id: int) -> Summary | None:
        """The list columns of one record."""
        return self.by_id.get(record_id)

    def apply(self, added: Iterable[Summary] = (), removed: Iterable[int] = ()) -> list[Summary]:
        """Take in a batch of changes; return the summaries that were replaced or removed.

        An id in both `removed` and `added` is a record that changed.
        """
        gone: list[Summary] = []
        for record_id in removed:
            old = self.by_id.pop(record_id, None)
            if old is not None:
                gone.append(old)
                self.topic_totals.subtract(old.topics)
        new = list(added)
        for summary in new:
            old = self.by_id.get(summary.id)
            if old is not None:
                gone.append(old)
                self.topic_totals.subtract(old.topics)
            self.by_id[summary.id] = summary
            self.topic_totals.update(summary.topics)
        if gone or new:
            gone_ids = {s.id for s in gone}
            for removed_ids, pending in self._pending.values():
                removed_ids.update(gone_ids)
                pending.extend(new)
            for sort in self._orders:
                if sort not in self._pending:
                    self._pending[sort] = (set(gone_ids), list(new))
            self._views.clear()
            self._topics = None
            self._stories = None
        return gone

    def topic_counts(self) -> list[tuple[str, int]]:
        """Every topic with its number of records, most common first, then by name."""
        if self._topics is None:
            counts = [(topic, n) for topic, n in self.topic_totals.items() if n > 0]
            self._topics = sorted(counts, key=lambda item: (-item[1], item[0].casefold()))
        return self._topics

    def ordered(self, sort: str) -> list[Summary]:
        """Every summary in one sort order (cached, and merged with later changes on demand)."""
        key, reverse = _SORT_KEYS[sort]
        order = self._orders.get(sort)
        if order is None:
            order = sorted(self.by_id.values(), key=key, reverse=reverse)  # type: ignore[arg-type]
        elif sort in self._pending:
            removed_ids, added = self._pending[sort]
            if removed_ids:
                order = [s for s in order if s.id not in removed_ids]
            else:
                order = list(order)
            # Only what is still current: a row added, then changed or removed, before this merge.
            by_id = self.by_id
            current = {s.id: s for s in added if by_id.get(s.id) is s}
            # Two sorted runs: timsort merges them in linear time.
            order.extend(sorted(current.values(), key=key, reverse=reverse))  # type: ignore[arg-type]
            order.sort(key=key, reverse=reverse)  # type: ignore[arg-type]
        self._pending.pop(sort, None)
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

    def ids_of_story(self, story: str) -> list[int]:
        """Every record of one story (duplicates share a story key)."""
        if self._stories is None:
            stories: dict[str, list[int]] = {}
            for summary in self.by_id.values():
                stories.setdefault(summary.story, []).append(summary.id)
            self._stories = stories
        return self._stories.get(story, [])


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
