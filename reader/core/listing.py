"""What the article list shows: one frozen filter (topic, sort, search, collapse, only unread) turned into
row ids, row badges, the list's title and the sidebar's entries.

The screen keeps one `Filter`; every refill of the list goes through `Listing.rows`, so the list, the
sidebar and the counts all derive from the same state and can be tested without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.catalog import Catalog, collapse
from reader.core.digest import Summary
from reader.core.graph import StoryGraph
from reader.core.reading import Reading

ALL = "\x00all"  # sidebar keys that cannot collide with a topic name
STARRED = "\x00starred"
QUERY_PREFIX = "\x00query:"


@dataclass(frozen=True)
class Filter:
    """Everything that decides which rows the list shows, in which order."""

    topic: str = ALL  # ALL, STARRED, QUERY_PREFIX + a saved query's name, or a topic
    sort: str = "newest"
    matches: frozenset[int] | None = None  # ids matching the search; None when not searching
    collapse: bool = False  # threads as one row
    only_unread: bool = False


@dataclass(frozen=True)
class SidebarEntry:
    """One line of the sidebar: what it filters by, its label, and counts."""

    key: str  # ALL, STARRED, QUERY_PREFIX + name, or a topic
    label: str
    count: int
    unread: int | None = None


@dataclass
class StoryGroups:
    """The story graph with the sparse maps the list needs: copies and threads of two or more."""

    graph: StoryGraph | None = None
    story_of: dict[int, int] = field(default_factory=dict)  # record -> story, records with copies
    thread_of: dict[int, int] = field(default_factory=dict)  # record -> thread, threads of 2+

    @classmethod
    def of(cls, graph: StoryGraph) -> StoryGroups:
        """The maps for a graph (computed off the UI thread: it walks every story and thread)."""
        story_of = {copy: story for story in graph.duplicated_story_ids() for copy in graph.copies(story)}
        thread_of = {
            member: thread
            for thread in graph.thread_ids()
            if graph.thread_size(thread) > 1
            for member in graph.thread_members(thread)
        }
        return cls(graph, story_of, thread_of)


class Listing:
    """Rows, badges, titles and sidebar entries from the catalog, the reading state and the graph."""

    def __init__(self, catalog: Catalog, reading: Reading) -> None:
        self.catalog = catalog
        self.reading = reading
        self.groups = StoryGroups()
        self.saved_matches: dict[str, set[int]] = {}  # saved query name -> matching ids
        self._cache: dict[Filter, list[int]] = {}
        self._cache_state: tuple = ()

    # -- rows ------------------------------------------------------------------------------------

    def rows(self, wanted: Filter) -> list[int]:
        """The ids of the list's rows for a filter, one per story (and per thread when collapsed)."""
        # Topic views are cached until the records or the graph change, so switching back and
        # forth between topics is a look-up. Views that depend on read marks or stars are not.
        state = (self.catalog.version, id(self.groups), id(self.saved_matches))
        if state != self._cache_state:
            self._cache.clear()
            self._cache_state = state
        cacheable = wanted.topic != STARRED and not wanted.only_unread
        ids = self._cache.get(wanted) if cacheable else None
        if ids is None:
            ids = self._compute(wanted)
            if cacheable:
                self._cache[wanted] = ids
        return ids

    def _compute(self, wanted: Filter) -> list[int]:
        catalog = self.catalog
        if wanted.topic == STARRED:
            starred = self.reading.starred
            ids = [s.id for s in catalog.ordered(wanted.sort) if s.story in starred]
        elif wanted.topic.startswith(QUERY_PREFIX):
            saved = self.saved_matches.get(wanted.topic.removeprefix(QUERY_PREFIX), set())
            ids = [i for i in catalog.ids(None, wanted.sort) if i in saved]
        else:
            ids = catalog.ids(None if wanted.topic == ALL else wanted.topic, wanted.sort)
        if wanted.matches is not None:
            matches = wanted.matches
            ids = [i for i in ids if i in matches]
        ids = collapse(ids, self.groups.story_of)
        if wanted.collapse:
            ids = collapse(ids, self.groups.thread_of)
        if wanted.only_unread:
            ids = [i for i in ids if self.row_is_unread(i, wanted.collapse)]
        return ids

    def row_records(self, record_id: int, collapsed: bool) -> tuple[int, ...]:
        """The records one row stands for: its copies, or its whole thread when collapsed."""
        graph, groups = self.groups.graph, self.groups
        if graph is not None:
            if collapsed and record_id in groups.thread_of:
                return graph.thread_members(record_id)
            if record_id in groups.story_of:
                return graph.copies(record_id)
        return (record_id,)

    def row_stories(self, record_id: int, collapsed: bool) -> list[str]:
        """The story keys a row stands for (every copy and thread member), each once."""
        get = self.catalog.get
        ids = self.row_records(record_id, collapsed)
        return list(dict.fromkeys(s.story for i in ids if (s := get(i)) is not None))

    def copy_stories(self, record_id: int) -> list[str]:
        """The story keys of a record and its copies: reading one copy reads them all."""
        return self.row_stories(record_id, collapsed=False)

    def row_is_unread(self, record_id: int, collapsed: bool) -> bool:
        """Whether any story behind a row is unread."""
        read = self.reading.read
        return any(story not in read for story in self.row_stories(record_id, collapsed))

    def badge(self, summary: Summary, collapsed: bool) -> str:
        """`≡n·mp`: a collapsed thread of n records from m providers; `×n·mp`: n copies of one story."""
        graph, groups = self.groups.graph, self.groups
        if graph is None:
            return ""
        if collapsed and summary.id in groups.thread_of:
            return f"≡{graph.thread_size(summary.id)}·{graph.thread_provider_count(summary.id)}p"
        if summary.id in groups.story_of:
            return f"×{graph.copy_count(summary.id)}·{graph.story_provider_count(summary.id)}p"
        return ""

    def rows_of_story(self, story: str) -> list[Summary]:
        """Every row-level summary of one story key (copies share a key)."""
        get = self.catalog.get
        return [s for i in self.catalog.ids_of_story(story) if (s := get(i)) is not None]

    # -- moving ----------------------------------------------------------------------------------

    def next_unread_row(self, ids: list[int], start: int, collapsed: bool) -> int | None:
        """The first row after `start` whose story is unread, not wrapping; None if there is none."""
        for row in range(start + 1, len(ids)):
            if self.row_is_unread(ids[row], collapsed):
                return row
        return None

    def first_unread_row(self, ids: list[int], collapsed: bool) -> int | None:
        """The first unread row of a list."""
        return self.next_unread_row(ids, -1, collapsed)

    def next_topic_with_unread(self, topic: str) -> str | None:
        """The topic after `topic` in the sidebar's order that has unread articles (wrapping)."""
        counts = self.catalog.topic_counts()
        unread = self.reading.unread_by_topic
        keys = [name for name, _ in counts]
        start = keys.index(topic) + 1 if topic in keys else 0
        for name in keys[start:] + keys[:start]:
            if name != topic and unread.get(name, 0) > 0:
                return name
        return None

    # -- words -----------------------------------------------------------------------------------

    def name(self, wanted: Filter) -> str:
        """The list's name: the topic, "All", "Starred" or the saved query's name."""
        names = {ALL: "All", STARRED: "Starred"}
        return names.get(wanted.topic, wanted.topic.removeprefix(QUERY_PREFIX))

    def title(self, wanted: Filter, count: int) -> str:
        """The list's border title: what it shows, how many, in which order."""
        parts = [self.name(wanted)]
        if wanted.matches is not None:
            parts.append("search")
        parts.append(f"{count:,} {'story' if count == 1 else 'stories'}")
        if wanted.only_unread:
            parts.append("unread only")
        parts.append(f"{wanted.sort} first")
        return " · ".join(parts)

    def sidebar_entries(self) -> list[SidebarEntry]:
        """All, Starred, every topic with unread/total, then the saved queries."""
        reading = self.reading
        entries = [
            SidebarEntry(ALL, "All", len(self.catalog), reading.unread_total),
            SidebarEntry(STARRED, "★ Starred", reading.starred_count),
        ]
        entries += [
            SidebarEntry(topic, topic, count, reading.unread_by_topic.get(topic, 0))
            for topic, count in self.catalog.topic_counts()
        ]
        entries += [
            SidebarEntry(QUERY_PREFIX + name, f"⌕ {name}", len(ids))
            for name, ids in self.saved_matches.items()
        ]
        return entries
