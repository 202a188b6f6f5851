"""The main screen's handlers of what the loading worker reports: the records, each sync step with
its progress, the story graph, the saved queries' counts, and failure; and the status line.

A mixin of `MainScreen` (handlers by name: Textual finds those through the class's bases).
"""

from __future__ import annotations

import threading

from textual.timer import Timer

from reader.core.catalog import Catalog
from reader.core.corpus import Corpus
from reader.core.listing import QUERY_PREFIX, Filter, Listing
from reader.core.marks import Marks
from reader.core.memory import freeze_long_lived
from reader.messages import CorpusChanged, CorpusLoaded, GraphReady, LoadFailed, SavedQueriesCounted
from reader.widgets.article_list import ArticleList
from reader.widgets.status_line import StatusLine

# While a sync streams in, the list is refilled at most this often: refilling per batch
# would re-sort 100,000 rows hundreds of times.
REFRESH_SECONDS = 0.4
# ...and the status line's count and progress bar are redrawn at most this often: a frame per
# batch would take the CPU from parsing when batches come quickly.
STATUS_SECONDS = 0.25


class LoadHandlers:
    """Records arriving, and the status line that says how far loading has got."""

    catalog: Catalog
    corpus: Corpus | None
    marks: Marks
    listing: Listing
    filter: Filter
    loaded: bool
    progress_text: str
    problem_count: int
    _refresh_pending: bool
    _said: str
    # The progress of a sync not yet shown, and the window in which the status line is not redrawn.
    _sync_progress: tuple[int, int] | None = None
    _status_timer: Timer | None = None
    _status_stale = False

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        """The index's records arrive: show them at once."""
        self.corpus = message.corpus
        # Catalogued by the loading worker when it could: here only the unread counts are made.
        self.catalog.adopt(message.catalog or Catalog(message.summaries))
        self.marks.reading.recount(self.catalog.by_id.values(), self.catalog.topic_totals)
        if message.groups is not None:
            self.listing.groups = message.groups
        if message.note:
            self.notify(message.note, title="Index rebuilt", severity="warning", timeout=8)
        if message.summaries:
            # A warm start: the whole list is known; the folder check runs behind it.
            self.loaded = True
            self.progress_text = "Ready · checking the folder for changes"
        self._refill()  # the list hands the screen its first story as it fills: one frame for both
        if message.drawn is not None:
            # The story's title and the status line are laid out a frame after the rest.
            self.call_after_refresh(self.call_after_refresh, self._first_screen_drawn, message.drawn)

    def _first_screen_drawn(self, drawn: threading.Event) -> None:
        drawn.set()  # the folder check may start
        # What a first topic switch needs is made while the reader looks at the first screen.
        self.catalog.prepare_topics(self.filter.sort)

    def on_corpus_changed(self, message: CorpusChanged) -> None:
        """A sync batch: take it into the catalog; refill the list now or soon."""
        progress = message.progress
        gone = self.catalog.apply(progress.added, progress.removed)
        self.marks.reading.count_rows(gone, progress.added)
        self.problem_count += len(progress.problems)
        status = self.query_one(StatusLine)
        if progress.finished:
            self._end_status_window()
            self.progress_text = "Ready"
            status.loaded()
            self._refill()  # the last fill of a first load still puts the newest article on top
            if not self.loaded:
                self.loaded = True
                self.filter = self.filter  # now "no articles here" is true, not "loading"
            # The search text of a first load is indexed last: a search typed meanwhile runs again.
            self.rerun_search()
        else:
            if progress.to_parse:
                self._sync_progress = (progress.parsed, progress.to_parse)
            if not self.query_one(ArticleList).ids:
                self._refill()
            elif (gone or progress.added) and not self._refresh_pending:
                self._refresh_pending = True
                # Refill less often as the list grows: each refill costs in proportion to it.
                self.set_timer(REFRESH_SECONDS + len(self.catalog) / 50_000, self._refill)
            self._update_status_soon()
            return
        self._update_status()

    def _update_status_soon(self) -> None:
        """Show the sync's progress now, or at the end of the current window if it has just been shown."""
        if self._status_timer is not None:
            self._status_stale = True
            return
        if self._sync_progress is not None:
            self.progress_text = self.query_one(StatusLine).progress(*self._sync_progress)
            self._sync_progress = None
        self._update_status()
        self._status_timer = self.set_timer(STATUS_SECONDS, self._status_window_over)

    def _status_window_over(self) -> None:
        self._status_timer = None
        if self._status_stale:
            self._status_stale = False
            self._update_status_soon()

    def _end_status_window(self) -> None:
        """The sync is over (or failed): what it says is shown at once, and no late progress after it."""
        if self._status_timer is not None:
            self._status_timer.stop()
        self._status_timer, self._status_stale, self._sync_progress = None, False, None

    def on_graph_ready(self, message: GraphReady) -> None:
        """Duplicates and threads are known: group the list."""
        old, new = self.listing.groups, message.groups
        self.listing.groups = new
        if new.story_of is old.story_of and new.thread_of is old.thread_of:
            # The snapshot's groups, now with their graph: the rows stand, only badges are new.
            self.query_one(ArticleList).refresh_marks()
        else:
            self.filter = self.filter
        freeze_long_lived()

    def on_saved_queries_counted(self, message: SavedQueriesCounted) -> None:
        """The saved queries ran: list them under the topics with their counts."""
        self.listing.saved_matches = message.matches
        for problem in message.problems:
            self.notify(problem, title="Config", severity="warning", timeout=10)
        self._fill_sidebar()
        if self.filter.topic.startswith(QUERY_PREFIX):
            self.filter = self.filter

    def on_load_failed(self, message: LoadFailed) -> None:
        """Loading failed as a whole; say so and keep what is shown."""
        self._end_status_window()
        self.progress_text = "Loading failed"
        self.query_one(StatusLine).loaded()
        self.notify(message.reason, title="Could not load", severity="error", timeout=12)
        self._update_status()

    def _update_status(self) -> None:
        parts = [f"{len(self.catalog):,} records"]
        if self.problem_count:
            noun = "problem" if self.problem_count == 1 else "problems"
            parts.append(f"{self.problem_count:,} {noun} (reader check lists them)")
        parts.append(self.progress_text)
        if self._said:
            parts.append(self._said)
        self.query_one(StatusLine).show(" · ".join(parts))

    def say(self, text: str) -> None:
        """Say what an action did in the status line (and as a notification), until the next one."""
        self._said = text
        self._update_status()
        self.notify(text, timeout=3)

    def _refill(self) -> None:
        self._refresh_pending = False
        self._fill_sidebar()
        self.filter = self.filter
        self._update_status()
        # The rows, their sort keys and views live on: keep full collections from rescanning them.
        freeze_long_lived()
