"""The main screen: topic sidebar, article list and detail pane, with browser-like history."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import datetime, timezone
from time import monotonic
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from reader.core.catalog import SORT_ORDERS, Catalog, collapse
from reader.core.digest import Summary
from reader.core.graph import StoryGraph
from reader.core.history import History
from reader.core.html_text import html_to_text, looks_like_html
from reader.core.model import Record, RelatedItem
from reader.core.query import Query, QueryError, parse_query, run_query
from reader.core.reading import Reading
from reader.messages import (
    CorpusChanged,
    CorpusLoaded,
    GraphReady,
    LoadFailed,
    PageLoaded,
    SavedQueriesCounted,
)
from reader.screens.confirm_screen import ConfirmScreen
from reader.screens.story_picker_screen import PickerRow, StoryPickerScreen
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.article_list import ArticleList, RowMarks, format_date
from reader.widgets.query_bar import QueryBar
from reader.widgets.related_list import LinkedStory, StoryLinks
from reader.widgets.topic_sidebar import ALL, QUERY_PREFIX, STARRED, SidebarEntry, TopicSidebar

if TYPE_CHECKING:
    from reader.app import ReaderApp

# While a sync streams in, the list is refilled at most this often: refilling per batch
# would re-sort 100,000 rows hundreds of times.
REFRESH_SECONDS = 0.4
# Unread counts in the sidebar follow reading with this delay, so a key press never waits for them.
SIDEBAR_SECONDS = 0.3
# Cursor moves closer together than this are a held key (or fast typing): see _article_highlighted.
KEY_REPEAT_SECONDS = 0.06


@dataclass(frozen=True)
class RecordPage:
    """A history entry: a record of the corpus."""

    record_id: int


@dataclass(frozen=True)
class ItemPage:
    """A history entry: a related story that is not a record of the corpus."""

    item: RelatedItem


Page = RecordPage | ItemPage


class MainScreen(Screen):
    """Topics on the left, articles in the middle, the shown story on the right."""

    BINDINGS = [
        Binding("o", "open_source", "Open", id="open_link"),
        Binding("r", "focus_related", "Related", id="focus_related"),
        Binding("backspace", "back", "Back", id="back"),
        Binding("f,shift+backspace", "forward", "Forward", id="forward"),
        *[
            Binding(
                str(n), f"follow_related({n - 1})", f"Follow related story {n}", show=False, id=f"follow_{n}"
            )
            for n in range(1, 10)
        ],
        Binding("u", "toggle_read", "Read/unread", show=False, id="toggle_read"),
        Binding("s", "toggle_star", "Star", id="toggle_star"),
        Binding("n", "next_unread", "Next unread", id="next_unread"),
        Binding("A", "mark_all_read", "Mark all read", show=False, id="mark_all_read"),
        Binding("S", "cycle_sort", "Cycle sort order", show=False, id="cycle_sort"),
        Binding("y", "copy_source", "Copy link", show=False, id="copy_link"),
        Binding("Y", "copy_amp", "Copy AMP link", show=False, id="copy_amp_link"),
        Binding("O", "open_amp", "Open AMP", show=False, id="open_amp_link"),
        Binding("slash", "search", "Search", id="search"),
        Binding("m", "focus_mentions", "Mentioned by", show=False, id="focus_mentions"),
        Binding("c", "toggle_collapse", "Threads", id="toggle_threads"),
        Binding("t", "timeline", "Timeline", id="timeline"),
        Binding("H", "history", "History", show=False, id="history"),
        Binding("l", "focus_list", "List", show=False, id="focus_list"),
        Binding("T", "focus_topics", "Topics", show=False, id="focus_topics"),
    ]

    sort: reactive[str] = reactive("newest", init=False)

    def __init__(self) -> None:
        super().__init__()
        self.catalog = Catalog()
        self.history: History = History()
        self.topic_key: str = ALL
        self.record: Record | None = None  # the record shown, when a record is shown
        self.record_id: int | None = None  # and its id
        self.page: Page | None = None
        self.resolved: dict[int, int] = {}
        self.mentions: list[int] = []
        self.loaded = False
        self.progress_text = "Opening…"
        self.problem_count = 0
        self._token = 0
        self._refresh_pending = False
        self._last_highlight = 0.0
        self._status_text = ""
        self._view_cache: dict[tuple, list[int]] = {}
        self._view_state: tuple = ()
        self._sidebar_timer: Timer | None = None
        self._page_timer: Timer | None = None
        self._page_pending: RecordPage | None = None
        self.reading = Reading()  # read and starred story keys, and the sidebar's counts
        self.graph: StoryGraph | None = None
        self.story_of: dict[int, int] = {}  # record -> story, for records with copies
        self.thread_of: dict[int, int] = {}  # record -> thread, for threads of two or more
        self.collapse_threads = False
        self.saved_matches: dict[str, set[int]] = {}  # saved query name -> matching ids
        self.matches: set[int] | None = None  # ids matching the search, None when not searching
        self._query_token = 0

    @property
    def reader(self) -> ReaderApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield TopicSidebar(id="topics")
            with Vertical(id="middle"):
                yield QueryBar(id="query-bar")
                yield ArticleList(self.catalog.get, self._marks, id="articles")
            yield ArticleDetail(id="detail")
        yield Static(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Show the loading state; the app's worker brings the records."""
        self.reading = Reading(self.reader.store.read_keys(), self.reader.store.starred_keys())
        remembered = self.reader.store.get_setting("collapse_threads")
        self.collapse_threads = bool(
            self.reader.config.collapse_threads if remembered is None else remembered
        )
        self.query_one("#topics").border_title = "Topics"
        self.query_one("#articles").border_title = "Articles"
        self.query_one("#detail").border_title = "Story"
        self.query_one(ArticleList).empty_text = "Loading records…"
        self.query_one(ArticleList).focus()
        self._update_status()

    # -- loading -----------------------------------------------------------------------------

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        """The index's records arrive: show them at once."""
        self.reading.count_rows(self.catalog.apply(added=message.summaries), message.summaries)
        # Hundreds of thousands of rows live for the whole session: the cyclic garbage collector
        # need not scan them again and again (each full pass stalled keys for 100+ ms).
        gc.freeze()
        if message.note:
            self.notify(message.note, title="Index rebuilt", severity="warning", timeout=8)
        if message.summaries:
            # A warm start: the whole list is known already; the folder check runs behind it
            # and brings changes in as live reload does.
            self.loaded = True
            self.progress_text = "Ready · checking the folder for changes"
            self.query_one(ArticleList).empty_text = "No articles here"
        self._refill()

    def on_corpus_changed(self, message: CorpusChanged) -> None:
        """A sync batch: take it into the catalog; refill the list now or soon."""
        progress = message.progress
        gone = self.catalog.apply(progress.added, progress.removed)
        self.reading.count_rows(gone, progress.added)
        changed = bool(gone or progress.added)
        self.problem_count += len(progress.problems)
        if progress.finished:
            self.progress_text = "Ready"
            self._refill()  # the last fill of a first load still puts the newest article on top
            if not self.loaded:
                self.loaded = True
                gc.freeze()  # as on_corpus_loaded: the rows of a first read live for the session
                self.query_one(ArticleList).empty_text = "No articles here"
                if self.record is not None and self.page == RecordPage(self.record_id):
                    self.reader.page_shown(self.record)  # the story on screen now counts as read
        else:
            found = f"{progress.to_parse:,}{'+' if progress.scanning else ''}"
            self.progress_text = f"Reading files… {progress.parsed:,} of {found}"
            if not self.query_one(ArticleList).ids:
                self._refill()
            elif changed and not self._refresh_pending:
                self._refresh_pending = True
                # Refill less often as the list grows: each refill costs in proportion to it.
                self.set_timer(REFRESH_SECONDS + len(self.catalog) / 50_000, self._refill)
        self._update_status()

    def on_graph_ready(self, message: GraphReady) -> None:
        """Duplicates and threads are known: group the list."""
        self.graph = message.graph
        self.story_of, self.thread_of = message.story_of, message.thread_of
        self._fill_list()
        gc.freeze()

    def on_saved_queries_counted(self, message: SavedQueriesCounted) -> None:
        """The saved queries ran: list them under the topics with their counts."""
        self.saved_matches = message.matches
        for problem in message.problems:
            self.notify(problem, title="Config", severity="warning", timeout=10)
        self._fill_sidebar()
        if self.topic_key.startswith(QUERY_PREFIX):
            self._fill_list()

    def on_load_failed(self, message: LoadFailed) -> None:
        """Loading failed as a whole; say so and keep what is shown."""
        self.progress_text = "Loading failed"
        self.notify(message.reason, title="Could not load", severity="error", timeout=12)
        self._update_status()

    def _update_status(self) -> None:
        parts = [f"{len(self.catalog):,} records"]
        if self.problem_count:
            parts.append(f"{self.problem_count:,} problems (reader check lists them)")
        parts.append(self.progress_text)
        text = " · ".join(parts)
        if text != self._status_text:  # one line, fixed height: no layout pass needed
            self._status_text = text
            self.query_one("#status", Static).update(text, layout=False)

    # -- the list ----------------------------------------------------------------------------

    def _refill(self) -> None:
        """Fill the sidebar and the list from the catalog, keeping selection and scroll."""
        self._refresh_pending = False
        self._fill_sidebar()
        self._fill_list()
        self._update_status()
        # The rows, their sort keys and views live on: keep full collections from rescanning
        # them (each pass over 100,000 rows stalled a key press for 100+ ms).
        gc.freeze()

    def _fill_sidebar(self) -> None:
        entries = [
            SidebarEntry(ALL, "All", len(self.catalog), self.reading.unread_total),
            SidebarEntry(STARRED, "★ Starred", self.reading.starred_count),
        ]
        entries += [
            SidebarEntry(topic, topic, count, self.reading.unread_by_topic.get(topic, 0))
            for topic, count in self.catalog.topic_counts()
        ]
        entries += [
            SidebarEntry(QUERY_PREFIX + name, f"⌕ {name}", len(ids))
            for name, ids in self.saved_matches.items()
        ]
        self.query_one(TopicSidebar).show_entries(entries)

    def _marks(self, summary: Summary) -> RowMarks:
        graph = self.graph
        badge = ""
        if graph is not None:
            if self.collapse_threads and summary.id in self.thread_of:
                # ≡ n·mp: a thread of n records from m providers; × n·mp: n copies of one story.
                badge = f"≡{graph.thread_size(summary.id)}·{graph.thread_provider_count(summary.id)}p"
            elif summary.id in self.story_of:
                badge = f"×{graph.copy_count(summary.id)}·{graph.story_provider_count(summary.id)}p"
        return RowMarks(
            unread=summary.story not in self.reading.read,
            starred=summary.story in self.reading.starred,
            badge=badge,
        )

    def _current_ids(self) -> list[int]:
        # Topic views are cached until the records or the graph change: switching back and
        # forth between topics is then a look-up.
        cacheable = self.topic_key != STARRED and self.matches is None
        state = (self.catalog.version, id(self.graph), id(self.saved_matches))
        if state != self._view_state:
            self._view_cache.clear()
            self._view_state = state
        cache_key = (self.topic_key, self.sort, self.collapse_threads)
        ids = self._view_cache.get(cache_key) if cacheable else None
        if ids is None:
            ids = self._compute_ids()
            if cacheable:
                self._view_cache[cache_key] = ids
        return ids

    def _compute_ids(self) -> list[int]:
        if self.topic_key == STARRED:
            starred = self.reading.starred
            ids = [s.id for s in self.catalog.ordered(self.sort) if s.story in starred]
        elif self.topic_key.startswith(QUERY_PREFIX):
            saved = self.saved_matches.get(self.topic_key.removeprefix(QUERY_PREFIX), set())
            ids = [i for i in self.catalog.ids(None, self.sort) if i in saved]
        else:
            topic = None if self.topic_key == ALL else self.topic_key
            ids = self.catalog.ids(topic, self.sort)
        if self.matches is not None:
            matches = self.matches
            ids = [i for i in ids if i in matches]
        # Copies of one story are one row; with threads collapsed, so is a thread.
        ids = collapse(ids, self.story_of)
        if self.collapse_threads:
            ids = collapse(ids, self.thread_of)
        return ids

    def _fill_list(self) -> None:
        article_list = self.query_one(ArticleList)
        article_list.empty_text = "No articles here" if self.loaded else "Loading records…"
        ids = self._current_ids()
        shown = self.page.record_id if isinstance(self.page, RecordPage) else None
        keep = article_list.record_id if article_list.record_id is not None else shown
        scroll_y = article_list.scroll_y
        first_fill = not article_list.ids
        if not self.loaded and not article_list.moved_by_user and len(self.history) <= 1:
            # Still streaming in and untouched: show the newest article, not the first to arrive,
            # and let it stand alone in the history (the ones before it were never chosen).
            article_list.set_ids(ids, keep=ids[0] if ids else None, announce=False)
            self._title_list(len(ids))
            if ids and self.page != RecordPage(ids[0]):
                self.history.clear()
                self.show_page(RecordPage(ids[0]))
            return
        article_list.set_ids(ids, keep=keep, announce=first_fill)
        if not first_fill:
            article_list.scroll_to(y=scroll_y, animate=False, immediate=True)
            article_list._scroll_to_cursor()
        self._title_list(len(ids))

    def _title_list(self, count: int) -> None:
        names = {ALL: "All", STARRED: "Starred"}
        title = names.get(self.topic_key, self.topic_key.removeprefix(QUERY_PREFIX))
        if self.matches is not None:
            title += " · search"
        self.query_one(ArticleList).border_title = f"{title} · {count:,} · {self.sort} first"

    @on(TopicSidebar.Chosen)
    def _topic_chosen(self, message: TopicSidebar.Chosen) -> None:
        self.topic_key = message.key
        article_list = self.query_one(ArticleList)
        ids = self._current_ids()
        article_list.set_ids(ids, keep=None, announce=True)
        self._title_list(len(ids))

    # -- search ------------------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search box above the list."""
        self.query_one(QueryBar).open()

    @on(QueryBar.Changed)
    def _query_changed(self, message: QueryBar.Changed) -> None:
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
        self._run_query(
            self._query_token, query, frozenset(self.reading.read), frozenset(self.reading.starred)
        )

    @work(thread=True, exclusive=True, group="query", exit_on_error=False)
    def _run_query(self, token: int, query: Query, read: frozenset[str], starred: frozenset[str]) -> None:
        corpus = self.reader.corpus
        if corpus is None:
            return
        try:
            matches = run_query(corpus.index.db, query, read, starred)
        except QueryError as error:
            self.app.call_from_thread(self.query_one(QueryBar).show_error, error.message, error.position)
            return
        self.app.call_from_thread(self._apply_matches, token, matches)

    def _apply_matches(self, token: int, matches: set[int] | None) -> None:
        if token != self._query_token:
            return  # the user typed on; a newer result is coming
        self.matches = matches
        article_list = self.query_one(ArticleList)
        ids = self._current_ids()
        article_list.set_ids(ids, keep=article_list.record_id, announce=True)
        self._title_list(len(ids))

    @on(QueryBar.Done)
    def _query_done(self) -> None:
        self.query_one(ArticleList).focus()

    @on(QueryBar.Cleared)
    def _query_cleared(self) -> None:
        self._query_token += 1
        self._apply_matches(self._query_token, None)
        self.query_one(ArticleList).focus()

    # -- read marks, stars, sorting ----------------------------------------------------------

    def set_read(self, stories: list[str], read: bool) -> None:
        """Mark stories read or unread, in the saved state and on screen."""
        changed = [story for story in stories if (story in self.reading.read) != read]
        if not changed or not self.reader.save_state("read", changed, read):
            return
        self.reading.set_read(changed, read, self._rows_of_story)
        self.query_one(ArticleList).refresh_marks()
        self._fill_sidebar_soon()

    def _rows_of_story(self, story: str) -> list[Summary]:
        get = self.catalog.get
        return [s for i in self.catalog.ids_of_story(story) if (s := get(i)) is not None]

    def _fill_sidebar_soon(self) -> None:
        """Redraw the sidebar's counts shortly: reading article after article redraws it once."""
        if self._sidebar_timer is None:
            self._sidebar_timer = self.set_timer(SIDEBAR_SECONDS, self._fill_sidebar_now)

    def _fill_sidebar_now(self) -> None:
        self._sidebar_timer = None
        self._fill_sidebar()

    def _cursor_summary(self) -> Summary | None:
        record_id = self.query_one(ArticleList).record_id
        return self.catalog.get(record_id) if record_id is not None else None

    def _row_stories(self, summary: Summary) -> list[str]:
        """The stories a list row stands for: its copies, or its whole thread when collapsed."""
        ids = [summary.id]
        if self.graph is not None:
            if self.collapse_threads and summary.id in self.thread_of:
                ids = list(self.graph.thread_members(summary.id))
            elif summary.id in self.story_of:
                ids = list(self.graph.copies(summary.id))
        stories = [s.story for i in ids if (s := self.catalog.get(i)) is not None]
        return list(dict.fromkeys(stories)) or [summary.story]

    def stories_of_shown(self, story: str) -> list[str]:
        """The story keys of the shown record and its copies: reading one copy reads them all."""
        if isinstance(self.page, RecordPage):
            summary = self.catalog.get(self.page.record_id)
            if summary is not None and self.graph is not None and summary.id in self.story_of:
                copies = [self.catalog.get(i) for i in self.graph.copies(summary.id)]
                return list(dict.fromkeys([story] + [c.story for c in copies if c is not None]))
        return [story]

    def action_toggle_read(self) -> None:
        """Toggle read/unread on the row under the cursor (a collapsed thread as a whole)."""
        summary = self._cursor_summary()
        if summary is not None:
            self.set_read(self._row_stories(summary), summary.story not in self.reading.read)

    def action_toggle_star(self) -> None:
        """Star or unstar the article under the cursor (with its copies, or its collapsed thread)."""
        summary = self._cursor_summary()
        if summary is None:
            return
        starring = summary.story not in self.reading.starred
        stories = [
            story for story in self._row_stories(summary) if (story in self.reading.starred) != starring
        ]
        if not stories or not self.reader.save_state("star", stories, starring):
            return
        self.reading.set_starred(stories, starring, self._rows_of_story)
        self.query_one(ArticleList).refresh_marks()
        self._fill_sidebar_soon()
        self.notify("Starred" if starring else "Star removed", timeout=2)

    def action_next_unread(self) -> None:
        """Jump to the next unread article of the list, wrapping around once."""
        article_list = self.query_one(ArticleList)
        ids = article_list.ids
        if not ids:
            return
        start = article_list.cursor
        for offset in range(1, len(ids) + 1):
            row = (start + offset) % len(ids)
            summary = self.catalog.get(ids[row])
            if summary is not None and summary.story not in self.reading.read:
                article_list._set_cursor(row)
                return
        self.notify("No unread articles here", timeout=3)

    def action_mark_all_read(self) -> None:
        """Mark every article of the list read, after asking."""
        ids = self.query_one(ArticleList).ids
        stories = list(dict.fromkeys(s.story for i in ids if (s := self.catalog.get(i)) is not None))
        unread = [story for story in stories if story not in self.reading.read]
        if not unread:
            self.notify("Everything here is read already", timeout=3)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.set_read(unread, True)
                self.notify(f"Marked {len(unread):,} stories read", timeout=3)

        self.app.push_screen(
            ConfirmScreen(f"Mark all {len(unread):,} unread stories of this list read?"), answered
        )

    def action_cycle_sort(self) -> None:
        """Cycle the sort order: newest, oldest, heat, quality, provider."""
        self.sort = SORT_ORDERS[(SORT_ORDERS.index(self.sort) + 1) % len(SORT_ORDERS)]

    def set_sort(self, order: str) -> None:
        """Sort the list by one order (from the command palette)."""
        self.sort = order

    def watch_sort(self) -> None:
        """A new order refills the list, keeping the article under the cursor."""
        self._fill_list()
        self.notify(f"Sorted by {self.sort}", timeout=2)

    @on(ArticleList.Highlighted)
    def _article_highlighted(self, message: ArticleList.Highlighted) -> None:
        if message.record_id is None:
            return
        now = monotonic()
        repeating = now - self._last_highlight < KEY_REPEAT_SECONDS
        self._last_highlight = now
        if self._page_timer is not None:
            self._page_timer.stop()
            self._page_timer = None
        self._page_pending = None
        page = RecordPage(message.record_id)
        if not repeating:
            # The moved cursor is drawn first; the story follows in the next frames.
            self._page_pending = page
            self.call_after_refresh(self._show_pending_page)
            return
        # A held key: only the article the cursor rests on is read and drawn, so the
        # cursor never waits for the detail pane of an article it has already left.
        self._page_timer = self.set_timer(KEY_REPEAT_SECONDS, lambda: self._show_after_repeat(page))

    def _show_pending_page(self) -> None:
        page, self._page_pending = self._page_pending, None
        if page is not None:
            self.show_page(page)

    def _show_after_repeat(self, page: RecordPage) -> None:
        self._page_timer = None
        self.show_page(page)

    @property
    def settling(self) -> bool:
        """Whether a story is still on its way to the detail pane (for tests and benchmarks)."""
        return (
            self._page_timer is not None
            or self._sidebar_timer is not None
            or any(w.group == "page" and not w.is_finished for w in self.app.workers)
        )

    @on(ArticleList.Selected)
    def _article_selected(self, message: ArticleList.Selected) -> None:
        self.query_one(ArticleDetail).focus()

    # -- showing pages -----------------------------------------------------------------------

    def show_page(self, page: Page, *, remember: bool = True) -> None:
        """Show a page in the detail pane; `remember` adds it to the history."""
        if remember:
            self.history.visit(page)
        self.page = page
        if isinstance(page, ItemPage):
            self.record = None
            self.resolved, self.mentions = {}, []
            note = "This related story is not among the loaded records; o opens it in the browser."
            self.query_one(ArticleDetail).show_item(page.item, note)
            self.query_one("#detail").border_title = "Related story (not in these records)"
            return
        self._token += 1
        self._load_page(self._token, page.record_id)

    @work(thread=True, exclusive=True, group="page")
    def _load_page(self, token: int, record_id: int) -> None:
        corpus = self.reader.corpus
        result = corpus.load(record_id)
        resolved = corpus.index.resolve_links(record_id) if result.record else {}
        mentions = corpus.index.mentioned_by(record_id) if result.record else []
        body = result.record.body if result.record else ""
        body_text = html_to_text(body) if looks_like_html(body) else None
        self.post_message(
            PageLoaded(token, record_id, result.record, result.problems, resolved, mentions, body_text)
        )

    def on_page_loaded(self, message: PageLoaded) -> None:
        """A record was read: show it unless the user has moved on."""
        if message.token != self._token:
            return
        detail = self.query_one(ArticleDetail)
        self.record = message.record
        self.record_id = message.record_id
        if message.record is None:
            self.resolved, self.mentions = {}, []
            reasons = "\n".join(str(problem) for problem in message.problems) or "unknown reason"
            detail.show_message("This record cannot be shown", reasons)
            return
        self.resolved = message.resolved
        self.mentions = [i for i in message.mentions if self.catalog.get(i) is not None]
        related = [
            LinkedStory(item.title, item.provider.name, item.published, position in message.resolved)
            for position, item in enumerate(message.record.related)
        ]
        mentions = [self._linked(self.catalog.get(i)) for i in self.mentions]
        detail.show_record(message.record, related, [m for m in mentions if m], body_text=message.body_text)
        detail.border_title = "Story"
        self.reader.page_shown(message.record)

    @staticmethod
    def _linked(summary: Summary | None) -> LinkedStory | None:
        if summary is None:
            return None
        published = datetime.fromtimestamp(summary.published, timezone.utc) if summary.published else None
        return LinkedStory(summary.title, summary.provider, published, True)

    # -- following links ---------------------------------------------------------------------

    @on(StoryLinks.Followed, "#related")
    def _related_followed(self, message: StoryLinks.Followed) -> None:
        self.follow_related(message.position)

    @on(StoryLinks.Followed, "#mentions")
    def _mention_followed(self, message: StoryLinks.Followed) -> None:
        if 0 <= message.position < len(self.mentions):
            self._go_to_record(self.mentions[message.position])

    def follow_related(self, position: int) -> None:
        """Follow a related story: its record when it is one, else the item itself."""
        if self.record is None or not 0 <= position < len(self.record.related):
            return
        target = self.resolved.get(position)
        if target is not None:
            self._go_to_record(target)
        else:
            self.show_page(ItemPage(self.record.related[position]))

    def _go_to_record(self, record_id: int) -> None:
        self.query_one(ArticleList).move_to_quietly(record_id)
        self.show_page(RecordPage(record_id))

    def action_follow_related(self, position: int) -> None:
        """`1`-`9` follow the first to ninth related story."""
        self.follow_related(position)

    def action_back(self) -> None:
        """Go back to the previously shown story."""
        page = self.history.back()
        if page is None:
            self.notify("Nothing to go back to", timeout=2)
            return
        self._show_from_history(page)

    def action_forward(self) -> None:
        """Go forward again after going back."""
        page = self.history.forward()
        if page is None:
            self.notify("Nothing to go forward to", timeout=2)
            return
        self._show_from_history(page)

    def _show_from_history(self, page: Page) -> None:
        if isinstance(page, RecordPage):
            if self.catalog.get(page.record_id) is None:
                self.notify("That record is no longer in the folder", severity="warning")
            self.query_one(ArticleList).move_to_quietly(page.record_id)
        self.show_page(page, remember=False)

    def action_focus_related(self) -> None:
        """Focus the related stories of the shown article, the first highlighted."""
        links = self.query_one("#related", StoryLinks)
        if not links.stories:
            self.notify("The shown story has no related stories", timeout=3)
            return
        links.highlighted = 0
        links.focus()

    def action_focus_mentions(self) -> None:
        """Focus the records that mention the shown story."""
        links = self.query_one("#mentions", StoryLinks)
        if not links.stories:
            self.notify("No record mentions the shown story", timeout=3)
            return
        links.highlighted = 0
        links.focus()

    def action_toggle_collapse(self) -> None:
        """Collapse each thread to one row (its newest record), or show every record again."""
        self.collapse_threads = not self.collapse_threads
        self.reader.store.set_setting("collapse_threads", self.collapse_threads)
        self._fill_list()
        self.query_one(ArticleList).refresh_marks()
        self.notify("Threads collapsed" if self.collapse_threads else "Threads expanded", timeout=2)

    def action_timeline(self) -> None:
        """The shown story, its related stories, mentions and thread, in time order."""
        record = self.record
        if record is None or not isinstance(self.page, RecordPage):
            self.notify("The timeline needs a story from these records", timeout=3)
            return
        record_id = self.page.record_id
        rows: dict[object, PickerRow] = {}

        def add_record(other: int, note: str) -> None:
            summary = self.catalog.get(other)
            if summary is not None and other not in rows:
                rows[other] = PickerRow(
                    format_date(summary.published), summary.provider, summary.title, note, RecordPage(other)
                )

        add_record(record_id, "this story")
        for position, item in enumerate(record.related):
            target = self.resolved.get(position)
            if target is not None:
                add_record(target, "related")
            elif item not in rows:
                when = format_date(item.published.timestamp() if item.published else None)
                rows[item] = PickerRow(when, item.provider.name, item.title, "related ○", ItemPage(item))
        for other in self.mentions:
            add_record(other, "mentions it")
        if self.graph is not None:
            for other in self.graph.thread_members(record_id):
                add_record(other, "thread")
        ordered = sorted(rows.values(), key=lambda row: row.when)
        here = next((n for n, row in enumerate(ordered) if row.target == RecordPage(record_id)), 0)

        def chosen(page: Page | None) -> None:
            if page is not None:
                self._show_chosen(page)

        title = f"Timeline of: {record.title}  ({len(ordered)} stories; ○ = not in these records)"
        self.app.push_screen(StoryPickerScreen(title, ordered, here), chosen)

    def action_history(self) -> None:
        """The stories shown in this session, newest first."""
        rows: list[PickerRow] = []
        for page in self.history.visited():
            if isinstance(page, RecordPage):
                summary = self.catalog.get(page.record_id)
                if summary is None:
                    continue
                rows.append(
                    PickerRow(format_date(summary.published), summary.provider, summary.title, "", page)
                )
            else:
                item = page.item
                when = format_date(item.published.timestamp() if item.published else None)
                rows.append(PickerRow(when, item.provider.name, item.title, "○", page))
        if not rows:
            self.notify("No stories shown yet", timeout=3)
            return

        def chosen(page: Page | None) -> None:
            if page is not None:
                self._show_chosen(page)

        self.app.push_screen(StoryPickerScreen("Stories seen in this session, newest first", rows), chosen)

    def _show_chosen(self, page: Page) -> None:
        if isinstance(page, RecordPage):
            self.query_one(ArticleList).move_to_quietly(page.record_id)
        self.show_page(page)

    def action_focus_list(self) -> None:
        """Focus the article list."""
        self.query_one(ArticleList).focus()

    def action_focus_topics(self) -> None:
        """Focus the topic sidebar."""
        self.query_one(TopicSidebar).focus()

    # -- links to the outside ----------------------------------------------------------------

    def shown_urls(self) -> tuple[str, str]:
        """The source and AMP addresses of the shown story."""
        if isinstance(self.page, ItemPage):
            item = self.page.item
            return item.source_url, item.amp_url or item.cdn_amp_url
        if self.record is not None:
            return self.record.source_url, self.record.amp_url or self.record.cdn_amp_url
        return "", ""

    def action_open_source(self) -> None:
        """Open the shown story's source in the browser."""
        self.reader.open_link(self.shown_urls()[0])

    def action_open_amp(self) -> None:
        """Open the shown story's AMP page in the browser."""
        amp = self.shown_urls()[1]
        if not amp:
            self.notify("The shown story has no AMP address", timeout=3)
            return
        self.reader.open_link(amp)

    def action_copy_source(self) -> None:
        """Copy the shown story's source address."""
        self.reader.copy_link(self.shown_urls()[0], "source link")

    def action_copy_amp(self) -> None:
        """Copy the shown story's AMP address."""
        amp = self.shown_urls()[1]
        if not amp:
            self.notify("The shown story has no AMP address", timeout=3)
            return
        self.reader.copy_link(amp, "AMP link")

    @on(ArticleDetail.LinkClicked)
    def _body_link(self, message: ArticleDetail.LinkClicked) -> None:
        self.reader.open_link(message.href)

    # -- palette -----------------------------------------------------------------------------

    def go_to_topic(self, key: str) -> None:
        """Show a topic's articles (from the command palette)."""
        self.query_one(TopicSidebar).choose(key)
        self.query_one(ArticleList).focus()

    def go_to_record(self, record_id: int) -> None:
        """Show one article, listing all articles if its topic is not the chosen one."""
        article_list = self.query_one(ArticleList)
        if record_id not in article_list.ids and self.topic_key != ALL:
            sidebar = self.query_one(TopicSidebar)
            sidebar.chosen = ALL  # chosen here, so the sidebar's own highlight event is a no-op
            sidebar.choose(ALL)
            self.topic_key = ALL
            self._fill_list()
        article_list.move_to_quietly(record_id)
        article_list.focus()
        self.show_page(RecordPage(record_id))
