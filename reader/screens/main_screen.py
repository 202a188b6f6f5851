"""The main screen: topic sidebar, article list and detail pane, with browser-like history.

What the list shows is one `Filter` var: its watcher is the only path that refills the list.
Marks go through the core `Marks`, pages are read by the core `pages` module, links leave through
`links`, and the story pickers are built by `pages` too; this screen only wires them to the panes.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from reader.core.catalog import Catalog
from reader.core.config import Config
from reader.core.corpus import Corpus
from reader.core.dates import display_zone
from reader.core.digest import Summary, record_story
from reader.core.history import History
from reader.core.listing import ALL, Filter, Listing
from reader.core.marks import Marks
from reader.core.model import Record
from reader.core.pages import ItemPage, LoadedPage, Page, RecordPage, read_page, reads_inline
from reader.core.reading import Reading
from reader.messages import (
    GoToRecord,
    GoToTopic,
    PageLoaded,
)
from reader.screens.article_actions import ArticleActions
from reader.screens.load_handlers import LoadHandlers
from reader.screens.mark_actions import MarkActions
from reader.screens.search_actions import SearchActions
from reader.screens.story_actions import StoryActions
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.article_list import ArticleList, RowMarks
from reader.widgets.query_bar import QueryBar
from reader.widgets.related_list import StoryLinks, linked_related, linked_summary
from reader.widgets.status_line import StatusLine
from reader.widgets.topic_sidebar import TopicSidebar

# Unread counts in the sidebar follow reading with this delay, outside the key's own frame.
SIDEBAR_SECONDS = 0.3
# Below this width the sidebar hides (unless shown with `b`) so the list has room for titles.
NARROW_COLUMNS = 120
# Binding ids are the actions' names; configs written before that still rebind by the old ids.
RENAMED_BINDING_IDS = {
    "open_link": "open_source",
    "copy_link": "copy_source",
    "copy_amp_link": "copy_amp",
    "open_amp_link": "open_amp",
    "toggle_threads": "toggle_collapse",
}


def keymap(keys: dict[str, str]) -> dict[str, str]:
    """The config's `[keys]` by today's binding ids (older ids still work)."""
    return {RENAMED_BINDING_IDS.get(binding, binding): spec for binding, spec in keys.items()}


class MainScreen(LoadHandlers, MarkActions, StoryActions, SearchActions, ArticleActions, Screen):
    """Topics on the left, articles in the middle, the shown story on the right."""

    BINDINGS = [
        Binding("o", "open_source", "Open", id="open_source"),
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
        Binding("z", "undo", "Undo mark", show=False, id="undo"),
        Binding("U", "toggle_only_unread", "Only unread", show=False, id="toggle_only_unread"),
        Binding("S", "cycle_sort", "Cycle sort order", show=False, id="cycle_sort"),
        Binding("y", "copy_source", "Copy link", show=False, id="copy_source"),
        Binding("Y", "copy_amp", "Copy AMP link", show=False, id="copy_amp"),
        Binding("O", "open_amp", "Open AMP", show=False, id="open_amp"),
        # A priority binding runs as the key is read, not when the list gets to it: the keys typed
        # right after it (a fast typist, a paste) are then read with the search box focused.
        Binding("slash", "search", "Search", id="search", priority=True),
        Binding("m", "focus_mentions", "Mentioned by", show=False, id="focus_mentions"),
        Binding("c", "toggle_collapse", "Threads", id="toggle_collapse"),
        Binding("t", "timeline", "Timeline", id="timeline"),
        Binding("H", "history", "History", show=False, id="history"),
        Binding("l", "focus_list", "List", show=False, id="focus_list"),
        Binding("T", "focus_topics", "Topics", show=False, id="focus_topics"),
        Binding("b", "toggle_sidebar", "Sidebar", show=False, id="toggle_sidebar"),
        Binding("R", "full_article", "Full article", show=False, id="full_article"),
        Binding("L", "links", "Links", show=False, id="links"),
        Binding("escape", "record_view", "Back to the record", show=False, id="record_view"),
    ]

    # A `var`, not a repainting reactive: the watcher redraws what changed (the list), never the
    # whole screen (repainting the story pane's Markdown doubled a topic switch).
    filter: var[Filter] = var(Filter, always_update=True, init=False)

    def __init__(self, marks: Marks, config: Config, *, collapse: bool = False) -> None:
        super().__init__()
        self.config = config
        self.catalog = Catalog()
        self.marks = marks
        self.listing = Listing(self.catalog, marks.reading)
        self.history: History[Page] = History()
        self.corpus: Corpus | None = None
        self.page: Page | None = None
        self.shown: LoadedPage | None = None  # the record on screen, when a record is shown
        self.mentions: list[int] = []
        self.loaded = False
        self.progress_text = "Opening…"
        self.problem_count = 0
        self._token = 0
        self._query_token = 0
        self._refresh_pending = False
        self._sidebar_timer: Timer | None = None
        self._read_timer: Timer | None = None
        self._said = ""  # what the last action did, for the status line
        self._sidebar_choice: bool | None = None  # the user's `b`; None: by the width
        self.set_reactive(MainScreen.filter, Filter(collapse=collapse, only_unread=config.only_unread))

    def compose(self) -> ComposeResult:
        with Horizontal(id="panes"):
            yield TopicSidebar(on_choose=self._topic_chosen, id="topics")
            with Vertical(id="middle"):
                yield QueryBar(id="query-bar")
                yield ArticleList(
                    self.catalog.get, self._row_marks, on_rest=self._article_rested, id="articles"
                )
            yield ArticleDetail(id="detail")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        """Show the loading state; the app's worker brings the records."""
        self.query_one("#topics").border_title = "Topics · unread/records"
        self.query_one("#detail").border_title = "Story"
        zone = display_zone(self.config.timezone)
        self.query_one(ArticleDetail).zone = zone
        for widget in (*self.query(StoryLinks), self.query_one(ArticleList)):
            widget.zone = zone
        article_list = self.query_one(ArticleList)
        article_list.border_title = "Articles"
        article_list.empty_text = "Loading records…"
        article_list.focus()
        self._update_status()

    # -- what tests and the benchmark read --------------------------------------------------------

    @property
    def reading(self) -> Reading:
        """The read and starred stories with their counts."""
        return self.marks.reading

    @property
    def sort(self) -> str:
        """The list's sort order."""
        return self.filter.sort

    @property
    def collapse_threads(self) -> bool:
        """Whether threads show as one row."""
        return self.filter.collapse

    @property
    def thread_of(self) -> dict[int, int]:
        """Record -> thread, for records in threads of two or more."""
        return self.listing.groups.thread_of

    @property
    def record(self) -> Record | None:
        """The record shown, when a record is shown."""
        return self.shown.record if self.shown is not None else None

    @property
    def pending_read(self) -> str | None:
        """The story that becomes read when the reader has rested on it long enough, if one is waiting."""
        if self._read_timer is None or self.shown is None or self.shown.record is None:
            return None
        return record_story(self.shown.record)

    @property
    def settling(self) -> bool:
        """Whether a story or the sidebar counts are still on their way (for tests and benchmarks)."""
        return (
            self.query_one(ArticleList).resting
            or self._sidebar_timer is not None
            or any(w.group == "page" and not w.is_finished for w in self.app.workers)
        )

    # -- the list --------------------------------------------------------------------------------

    def _row_marks(self, summary: Summary) -> RowMarks:
        collapsed = self.filter.collapse
        unread = self.listing.row_is_unread(summary.id, collapsed) if collapsed else None
        return RowMarks(
            unread=(summary.story not in self.marks.reading.read) if unread is None else unread,
            starred=summary.story in self.marks.reading.starred,
            badge=self.listing.badge(summary, collapsed),
        )

    def watch_filter(self, wanted: Filter) -> None:
        """The one refill path: the rows for the filter, keeping the cursor's article where it can."""
        article_list = self.query_one(ArticleList)
        article_list.empty_text = "No articles here" if self.loaded else "Loading records…"
        if wanted.matches is not None and not wanted.matches:
            article_list.empty_text = "No matches"
        ids = self.listing.rows(wanted)
        shown = self.page.record_id if isinstance(self.page, RecordPage) else None
        keep = article_list.record_id if article_list.record_id is not None else shown
        if not self.loaded and not article_list.moved_by_user and len(self.history) <= 1:
            keep = ids[0] if ids else None  # streaming in, untouched: the newest stays on top
        article_list.set_ids(ids, keep=keep)
        article_list.border_title = self.listing.title(wanted, len(ids))
        if not ids and wanted.matches is not None:
            self._show_nothing("No matches")
        elif not ids and self.loaded:
            self._show_nothing("No articles here")

    def _fill_sidebar(self) -> None:
        self.query_one(TopicSidebar).show_entries(self.listing.sidebar_entries())

    def _fill_sidebar_soon(self) -> None:
        if self._sidebar_timer is None:
            self._sidebar_timer = self.set_timer(SIDEBAR_SECONDS, self._fill_sidebar_now)

    def _fill_sidebar_now(self) -> None:
        self._sidebar_timer = None
        self._fill_sidebar()

    def _topic_chosen(self, message: TopicSidebar.Chosen) -> None:
        self.filter = replace(self.filter, topic=message.key)

    @on(GoToTopic)
    def _go_to_topic(self, message: GoToTopic) -> None:
        self.query_one(TopicSidebar).choose(message.key)
        self.filter = replace(self.filter, topic=message.key)
        self.query_one(ArticleList).focus()

    @on(GoToRecord)
    def _go_to_record_message(self, message: GoToRecord) -> None:
        article_list = self.query_one(ArticleList)
        if message.record_id not in article_list.ids:
            self.query_one(TopicSidebar).choose(ALL)
            self.filter = replace(self.filter, topic=ALL, matches=None, only_unread=False)
        article_list.focus()
        self._go_to_record(message.record_id)

    def on_resize(self, event: Resize) -> None:
        """Narrow terminals give the sidebar's room to the list's titles."""
        narrow = event.size.width < NARROW_COLUMNS
        self.set_class(narrow, "-narrow")
        self._apply_sidebar()

    def _apply_sidebar(self) -> None:
        mode = (
            self.config.sidebar
            if self._sidebar_choice is None
            else ("show" if self._sidebar_choice else "hide")
        )
        hidden = mode == "hide" or (mode == "auto" and self.has_class("-narrow"))
        sidebar = self.query_one(TopicSidebar)
        sidebar.display = not hidden
        if hidden and sidebar.has_focus:
            self.query_one(ArticleList).focus()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the topic sidebar, whatever the width."""
        self._sidebar_choice = not self.query_one(TopicSidebar).display
        self._apply_sidebar()

    # -- showing pages ---------------------------------------------------------------------------

    def _article_rested(self, message: ArticleList.Rested) -> None:
        if not message.by_user and not self.loaded and not message.article_list.moved_by_user:
            # Still streaming in, untouched: the newest article so far stands alone in the
            # history (the ones before it were never chosen).
            self.history.clear()
        self.show_page(RecordPage(message.record_id), chosen=message.by_user)

    @on(ArticleList.Selected)
    def _article_selected(self, message: ArticleList.Selected) -> None:
        self._start_reading()  # `enter` is a choice even of the story the app opened with
        self.query_one(ArticleDetail).focus()

    def show_page(self, page: Page, *, remember: bool = True, chosen: bool = True) -> None:
        """Show a page in the detail pane; `remember` adds it to the history; `chosen`: the user asked."""
        if remember:
            self.history.visit(page)
        self.page = page
        self._cancel_reading()
        if isinstance(page, ItemPage):
            self.shown, self.mentions = None, []
            note = "This related story is not among the loaded records; o opens it in the browser."
            self.query_one(ArticleDetail).show_item(page.item, note)
            self.query_one(ArticleDetail).border_title = "Related story (not in these records)"
            return
        self._token += 1
        if self.corpus is None:
            return
        if reads_inline(self.corpus, page.record_id):
            self.deliver_page(PageLoaded(self._token, read_page(self.corpus, page.record_id), chosen))
        else:
            self._load_page(self._token, page.record_id, chosen)

    @work(thread=True, exclusive=True, group="page", exit_on_error=False)
    def _load_page(self, token: int, record_id: int, chosen: bool) -> None:
        assert self.corpus is not None
        self.post_message(PageLoaded(token, read_page(self.corpus, record_id), chosen))

    def deliver_page(self, message: PageLoaded) -> None:
        """A page read on the UI thread: every handler of its message runs, in dispatch order."""
        self.on_page_loaded(message)
        ArticleActions.on_page_loaded(self, message)

    def on_page_loaded(self, message: PageLoaded) -> None:
        """A record was read: show it unless the user has moved on."""
        if message.token != self._token:
            return
        loaded = message.page
        detail = self.query_one(ArticleDetail)
        if loaded.record is None:
            self.shown, self.mentions = None, []
            reasons = (
                "\n".join(str(problem) for problem in loaded.problems) or loaded.error or "unknown reason"
            )
            detail.show_message("This record cannot be shown", reasons)
            return
        self.shown = loaded
        get = self.catalog.get
        self.mentions = [i for i in loaded.mentions if get(i) is not None]
        related = linked_related(loaded.record, loaded.resolved, self._story_of)
        mentions = [linked_summary(summary) for i in self.mentions if (summary := get(i)) is not None]
        detail.show_record(
            loaded.record, related, mentions, body_text=loaded.body_text, body_links=loaded.body_links
        )
        detail.border_title = "Story"
        if message.chosen:
            self._start_reading()

    def _story_of(self, record_id: int) -> str | None:
        summary = self.catalog.get(record_id)
        return summary.story if summary is not None else None

    def _show_nothing(self, why: str) -> None:
        self._token += 1
        self.page, self.shown, self.mentions = None, None, []
        self._cancel_reading()
        self.query_one(ArticleDetail).show_message(why, "")

    def _start_reading(self) -> None:
        """The user chose the shown story: it becomes read after resting `mark_read_after` seconds."""
        self._cancel_reading()
        delay = self.marks.mark_read_after
        if self.shown is None or delay is None:
            return
        if delay <= 0:
            self._read_shown()
        else:
            self._read_timer = self.set_timer(delay, self._read_shown)

    def _cancel_reading(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def _read_shown(self) -> None:
        """The shown record (and its copies) counts as read: rested on, opened, or followed from."""
        self._read_timer = None
        if self.marks.mark_read_after is None:
            return  # the user marks stories read by hand only
        if self.shown is not None and self.shown.record is not None:
            stories = [record_story(self.shown.record), *self.listing.copy_stories(self.shown.record_id)]
            self._set_read(stories, True, undoable=False)
