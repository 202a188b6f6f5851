"""Messages that cross widgets and screens: what the loading worker and the page loader report, and
what the command palette asks for."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from reader.core.catalog import Catalog
from reader.core.corpus import Corpus, SyncProgress
from reader.core.digest import Summary
from reader.core.listing import StoryGroups
from reader.core.pages import LoadedPage


@dataclass
class CorpusLoaded(Message):
    """The index's records are known (before the folders are checked for changes)."""

    corpus: Corpus
    summaries: list[Summary]
    note: str | None = None
    catalog: Catalog | None = None  # the same rows, catalogued off the UI thread
    groups: StoryGroups | None = None  # copies and threads as last saved, until the graph comes
    # Set once the first screen of these rows is drawn: the loading worker waits for it before the
    # folder check, which would otherwise take half the CPU from drawing that screen.
    drawn: threading.Event | None = None


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
    """A record was read for the detail pane; `chosen`: the user asked for it (it may become read)."""

    token: int
    page: LoadedPage
    chosen: bool = True


@dataclass
class GraphReady(Message):
    """The story graph (duplicates and threads) is known for the loaded records."""

    groups: StoryGroups


@dataclass
class SavedQueriesCounted(Message):
    """The saved queries of the config were run: their matching ids, and messages for bad ones."""

    matches: dict[str, set[int]]
    problems: list[str]


@dataclass
class GoToTopic(Message):
    """Show a topic's articles (the palette's "Go to topic")."""

    key: str


@dataclass
class GoToRecord(Message):
    """Show one article (the palette's "Find article")."""

    record_id: int


@dataclass
class SettingChanged(Message):
    """The user changed a setting the app remembers (threads collapsed, only unread)."""

    name: str
    value: Any
