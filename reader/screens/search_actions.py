"""The main screen's search: `/` opens the box, every keystroke runs the query off the UI thread.

A mixin of `MainScreen`; a result only ever changes the screen's `Filter`, so the list refills
through the one path every other change takes.
"""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.widgets import Input

from reader.core.corpus import Corpus
from reader.core.listing import Filter
from reader.core.marks import Marks
from reader.core.query import Query, QueryError, parse_query
from reader.core.search import search
from reader.widgets.article_list import ArticleList
from reader.widgets.query_bar import QueryBar


class SearchActions:
    """The search box's messages and the query worker."""

    corpus: Corpus | None
    marks: Marks
    filter: Filter
    _query_token: int

    def action_search(self) -> None:
        """Open the search box above the list."""
        bar = self.query_one(QueryBar)
        box = bar.query_one(Input)
        if box.has_focus:
            box.insert_text_at_cursor("/")  # `/` is a priority key: in the box it is a character
        else:
            bar.open()

    # Handlers by name, not `@on`: Textual collects decorated handlers only from its own classes.
    def on_query_bar_changed(self, message: QueryBar.Changed) -> None:
        """Every keystroke: parse, then search off the UI thread (or show what is wrong)."""
        bar = self.query_one(QueryBar)
        try:
            query = parse_query(message.text, typing=True)
        except QueryError as error:
            # Keep the last good list; while typing could still fix it, say so gently.
            bar.show_error(error.message, error.position, hint=error.incomplete)
            return
        bar.clear_error()
        self._query_token += 1
        if query.is_empty:
            self._apply_matches(self._query_token, None)
            return
        reading = self.marks.reading
        self._run_query(self._query_token, query, frozenset(reading.read), frozenset(reading.starred))

    @work(thread=True, exclusive=True, group="query", exit_on_error=False)
    def _run_query(self, token: int, query: Query, read: frozenset[str], starred: frozenset[str]) -> None:
        if self.corpus is None:
            return
        try:
            matches = search(self.corpus, query, read, starred)
        except QueryError as error:
            self.app.call_from_thread(self.query_one(QueryBar).show_error, error.message, error.position)
            return
        self.app.call_from_thread(self._apply_matches, token, frozenset(matches))

    def _apply_matches(self, token: int, matches: frozenset[int] | None) -> None:
        if token == self._query_token:  # else the user typed on; a newer result is coming
            self.filter = replace(self.filter, matches=matches)

    def rerun_search(self) -> None:
        """Run the search in the box again (the records changed under it)."""
        bar = self.query_one(QueryBar)
        if bar.text.strip():
            self.on_query_bar_changed(QueryBar.Changed(bar, bar.text))

    def on_query_bar_done(self) -> None:
        """`enter` in the box: read the results."""
        self.query_one(ArticleList).focus()

    def on_query_bar_cleared(self) -> None:
        """`escape` in the box: every article again."""
        self._query_token += 1
        self._apply_matches(self._query_token, None)
        self.query_one(ArticleList).focus()
