"""Messages that cross widgets and screens: what the loading worker and the page loader report."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from reader.core.corpus import SyncProgress
from reader.core.digest import Summary
from reader.core.graph import StoryGraph
from reader.core.model import Problem, Record


@dataclass
class CorpusLoaded(Message):
    """The index's records are known (before the folders are checked for changes)."""

    summaries: list[Summary]
    note: str | None = None


@dataclass
class CorpusChanged(Message):
    """A sync step changed the corpus, or reported how far it has got."""

    progress: SyncProgress


@dataclass
class LoadFailed(Message):
    """Loading stopped with an error the user must see (the rest keeps working)."""

    reason: str


@dataclass
class PageLoaded(Message):
    """A record was read for the detail pane, with its resolved links and back-links."""

    token: int
    record_id: int
    record: Record | None
    problems: tuple[Problem, ...]
    resolved: dict[int, int] = field(default_factory=dict)  # related position -> record id
    mentions: list[int] = field(default_factory=list)  # ids of records that link here
    body_text: str | None = None  # an HTML body as plain text (None: the body is Markdown)


@dataclass
class GraphReady(Message):
    """The story graph (duplicates and threads) is known for the loaded records."""

    graph: StoryGraph
    story_of: dict[int, int]  # record id -> story id, only for records with copies
    thread_of: dict[int, int]  # record id -> thread id, only for records in threads of two or more


@dataclass
class SavedQueriesCounted(Message):
    """The saved queries of the config were run: their matching ids, and messages for bad ones."""

    matches: dict[str, set[int]]
    problems: list[str]
