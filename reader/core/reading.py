"""What the user has read and starred, with the counts the sidebar shows, kept up to date.

Counts change by the rows a change touches, never by recounting every record: reading one story
at 100,000 records costs as much as at ten.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from itertools import chain

from reader.core.digest import Summary


class Reading:
    """Read and starred story keys, unread counts per topic and in all, and the starred count."""

    def __init__(self, read: set[str] | None = None, starred: set[str] | None = None) -> None:
        self.read: set[str] = read if read is not None else set()
        self.starred: set[str] = starred if starred is not None else set()
        self.unread_by_topic: Counter[str] = Counter()
        self.unread_total = 0
        self.starred_count = 0

    def is_unread(self, summary: Summary) -> bool:
        """Whether a row's story is unread."""
        return summary.story not in self.read

    def count_rows(self, gone: Iterable[Summary], added: Iterable[Summary]) -> None:
        """Rows left or joined the catalog: adjust the counts by them."""
        read, starred = self.read, self.starred
        for summaries, step in ((gone, -1), (added, 1)):
            for summary in summaries:
                if summary.story not in read:
                    self.unread_total += step
                    for topic in summary.topics:
                        self.unread_by_topic[topic] += step
                if summary.story in starred:
                    self.starred_count += step

    def recount(self, summaries: Collection[Summary], topic_totals: Mapping[str, int]) -> None:
        """Count every row afresh (a whole catalog arrived): the unread are the totals less the read rows.

        Only the read rows are walked topic by topic, so a first load of 100,000 rows that are
        mostly unread costs a few milliseconds instead of a pass per row and topic.
        """
        read, starred = self.read, self.starred
        read_rows = [summary for summary in summaries if summary.story in read] if read else []
        unread = Counter(topic_totals)
        unread.subtract(Counter(chain.from_iterable(summary.topics for summary in read_rows)))
        self.unread_by_topic = unread
        self.unread_total = len(summaries) - len(read_rows)
        self.starred_count = sum(1 for summary in summaries if summary.story in starred) if starred else 0

    def set_read(
        self, stories: Iterable[str], read: bool, rows_of: Callable[[str], list[Summary]]
    ) -> list[str]:
        """Mark stories read or unread; return those that changed. `rows_of` gives a story's rows."""
        changed = [story for story in dict.fromkeys(stories) if (story in self.read) != read]
        step = -1 if read else 1
        for story in changed:
            if read:
                self.read.add(story)
            else:
                self.read.discard(story)
            for summary in rows_of(story):
                self.unread_total += step
                for topic in summary.topics:
                    self.unread_by_topic[topic] += step
        return changed

    def set_starred(
        self, stories: Iterable[str], starred: bool, rows_of: Callable[[str], list[Summary]]
    ) -> list[str]:
        """Star or unstar stories; return those that changed."""
        changed = [story for story in dict.fromkeys(stories) if (story in self.starred) != starred]
        for story in changed:
            if starred:
                self.starred.add(story)
            else:
                self.starred.discard(story)
            self.starred_count += len(rows_of(story)) * (1 if starred else -1)
        return changed
