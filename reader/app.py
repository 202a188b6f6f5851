"""The Textual app: owns the corpus, starts the loading worker, opens links safely."""

from __future__ import annotations

import gc
import threading
import webbrowser
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from reader.commands import ArticleCommands, TopicCommands
from reader.core.catalog import SORT_ORDERS
from reader.core.config import Config, ConfigError, save_theme
from reader.core.corpus import Corpus
from reader.core.digest import record_story
from reader.core.graph import StoryGraph
from reader.core.model import Record
from reader.core.paths import state_file
from reader.core.query import QueryError, parse_query, run_query
from reader.core.state import StateError, StateStore
from reader.core.urls import link_problem, shell_safe
from reader.messages import CorpusChanged, CorpusLoaded, GraphReady, LoadFailed, SavedQueriesCounted
from reader.screens.help_screen import HelpScreen
from reader.screens.main_screen import MainScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.related_list import StoryLinks
from reader.widgets.topic_sidebar import TopicSidebar

# Palette entries for the reader's actions: (title, help, action on the main screen).
ACTION_COMMANDS = [
    ("Search articles", "Filter the list with the query language (/)", "search"),
    ("Open the source link", "Open the shown story in the browser (o)", "open_source"),
    ("Open the AMP link", "Open the shown story's AMP page (O)", "open_amp"),
    ("Copy the source link", "Copy the shown story's address (y)", "copy_source"),
    ("Copy the AMP link", "Copy the shown story's AMP address (Y)", "copy_amp"),
    ("Toggle read", "Mark the article read or unread (u)", "toggle_read"),
    ("Toggle star", "Star or unstar the article (s)", "toggle_star"),
    ("Next unread", "Jump to the next unread article (n)", "next_unread"),
    ("Mark all read", "Mark every article of the list read (A)", "mark_all_read"),
    ("Cycle sort order", "newest, oldest, heat, quality, provider (S)", "cycle_sort"),
    ("Collapse threads", "Show each thread as one row, or every record (c)", "toggle_collapse"),
    ("Timeline", "The shown story with its related stories, mentions and thread (t)", "timeline"),
    ("History", "The stories shown in this session (H)", "history"),
    ("Related stories", "Focus the related stories (r)", "focus_related"),
    ("Mentioned by", "Focus the records that mention this one (m)", "focus_mentions"),
    ("Back", "The previously shown story (backspace)", "back"),
    ("Forward", "Forward again (f)", "forward"),
]


def graph_message(graph: StoryGraph) -> GraphReady:
    """The graph with the sparse maps the list needs, computed off the UI thread."""
    story_of = {copy: story for story in graph.duplicated_story_ids() for copy in graph.copies(story)}
    thread_of = {
        member: thread
        for thread in graph.thread_ids()
        if graph.thread_size(thread) > 1
        for member in graph.thread_members(thread)
    }
    return GraphReady(graph, story_of, thread_of)


class ReaderApp(App[None]):
    """A keyboard-first reader for folders of news records."""

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {TopicCommands, ArticleCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(
        self,
        roots: list[str],
        cache_dir: Path,
        *,
        config: Config | None = None,
        config_messages: list[str] | None = None,
        state_path: Path | None = None,
        watch: bool = True,
    ) -> None:
        super().__init__()
        self.roots = roots
        self.cache_dir = cache_dir
        self.config = config or Config()
        self.config_messages = config_messages or []
        self.state_path = state_path or state_file()
        self.corpus: Corpus | None = None  # set by the loading worker, before any page is shown
        self.store: StateStore = StateStore.in_memory()
        self.main_screen = MainScreen()
        self.watch_folders = watch
        self._stop_watching = threading.Event()
        self.watching = threading.Event()  # set once the folder watcher runs

    def on_mount(self) -> None:
        """Apply the config, open the saved state, show the main screen and start loading."""
        # Every frame allocates thousands of short-lived objects; with the default thresholds a
        # full collection (tens of ms) ran every few key presses. Rarer, larger young-generation
        # passes keep keys smooth; the long-lived rows are frozen out of collection anyway.
        gc.set_threshold(20_000, 50, 100)
        for message in self.config_messages:
            self.notify(message, title="Config", severity="warning", timeout=10)
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self.notify(f"Unknown theme {self.config.theme!r} in the config", severity="warning")
        self.store = StateStore.open(self.state_path)
        if self.store.warning:
            self.notify(self.store.warning, title="Saved state", severity="warning", timeout=12)
        self.push_screen(self.main_screen)
        self._load()

    def on_unmount(self) -> None:
        """Stop watching and close the saved state (a kill loses nothing either: every action commits)."""
        self._stop_watching.set()
        self.store.close()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        """Open the index, show what it knows, then bring it in step with the folders."""
        screen = self.main_screen
        try:
            corpus = Corpus.open(self.roots, self.cache_dir)
            self.corpus = corpus
            screen.post_message(CorpusLoaded(corpus.cached(), corpus.index.recovered))
            for progress in corpus.sync():
                screen.post_message(CorpusChanged(progress))
            screen.post_message(graph_message(StoryGraph.cached(corpus.index.db)))
            if self.config.saved_queries:
                screen.post_message(self._count_saved_queries(corpus))
        except Exception as error:  # the UI must survive a broken cache folder or a full disk
            screen.post_message(LoadFailed(f"{type(error).__name__}: {error}"))
            return
        if self.watch_folders:
            self.call_from_thread(self._watch, corpus)

    def _count_saved_queries(self, corpus: Corpus) -> SavedQueriesCounted:
        """Run the config's saved queries (off the UI thread) for the sidebar."""
        read, starred = self.store.read_keys(), self.store.starred_keys()
        matches: dict[str, set[int]] = {}
        problems: list[str] = []
        for name, text in self.config.saved_queries.items():
            try:
                matches[name] = run_query(corpus.index.db, parse_query(text), read, starred)
            except QueryError as error:
                problems.append(f"saved query {name!r}: {error.message}")
        return SavedQueriesCounted(matches, problems)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self, corpus: Corpus) -> None:
        """Live reload: files added, changed or removed while the app runs show within a second."""
        from watchfiles import Change, watch

        screen = self.main_screen
        try:
            # The first yield, a change or a timeout, comes once the watches are in place: only then
            # is a change sure to be seen, so only then does `watching` say so.
            for changes in watch(
                *corpus.roots,
                stop_event=self._stop_watching,
                debounce=300,
                raise_interrupt=False,
                rust_timeout=500,
                yield_on_timeout=True,
            ):
                self.watching.set()
                if not changes:
                    continue
                changed = {path for change, path in changes if change != Change.deleted}
                deleted = {path for change, path in changes if change == Change.deleted}
                progress = corpus.apply_changes(changed, deleted)
                if progress.added or progress.removed or progress.problems:
                    screen.post_message(CorpusChanged(progress))
                    screen.post_message(graph_message(StoryGraph.cached(corpus.index.db)))
        except Exception as error:  # e.g. too many folders for the system's watch limit
            self.call_from_thread(
                self.notify, f"Live reload is off: {error}", title="Watching folders", severity="warning"
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notify, with markup off by default: messages here often carry a record's text or URL."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # -- pages -------------------------------------------------------------------------------

    def page_shown(self, record: Record) -> None:
        """A record was shown in the detail pane: it counts as read, unless the config says not."""
        screen = self.main_screen
        untouched = not screen.loaded and not screen.query_one(ArticleList).moved_by_user
        # While a first load streams in, the top article changes on its own: that is not reading.
        if self.config.mark_read_on_show and not untouched:
            self.main_screen.set_read(self.main_screen.stories_of_shown(record_story(record)), True)

    def save_state(self, action: str, keys: list[str], on: bool) -> bool:
        """Write one user action to the saved state; say whether it was saved."""
        try:
            if action == "read":
                self.store.set_read_many(keys, on)
            else:
                for key in keys:
                    self.store.set_starred(key, on)
        except StateError as error:
            self.notify(f"Could not save: {error}", title="Saved state", severity="error")
            return False
        return True

    def copy_link(self, url: str, what: str) -> None:
        """Copy an http(s) link to the clipboard (OSC 52), saying what was copied."""
        problem = link_problem(url)
        if problem:
            self.notify(f"Not copied: {problem}", title="Link", severity="warning")
            return
        self.copy_to_clipboard(url)
        self.notify(url, title=f"Copied the {what}", timeout=3)

    # -- links -------------------------------------------------------------------------------

    def open_link(self, url: str) -> None:
        """Open an http(s) link in the user's browser, never blocking the app."""
        problem = link_problem(url)
        if problem:
            self.notify(f"Not opened: {problem}", title="Link", severity="warning")
            return
        self._launch_browser(shell_safe(url))

    @work(thread=True, group="browser", exit_on_error=False)
    def _launch_browser(self, url: str) -> None:
        # A BROWSER command without `&` blocks its caller until the browser exits: never the UI.
        try:
            opened = webbrowser.open(url)
        except Exception as error:
            opened = False
            reason = str(error)
        else:
            reason = "no browser could be started"
        if opened:
            self.call_from_thread(self.notify, url, title="Opened in the browser", timeout=3)
        else:
            self.call_from_thread(
                self.notify,
                f"{reason}: {url}\nPress y to copy the link instead.",
                title="Could not open the link",
                severity="error",
                timeout=10,
            )

    # -- palette and theme ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every reader action in the palette, beside Textual's own (theme, keys, quit…)."""
        yield from super().get_system_commands(screen)
        if screen is not self.main_screen:
            return
        main = self.main_screen
        for title, help_text, action in ACTION_COMMANDS:
            yield SystemCommand(title, help_text, partial(main.run_action, action))
        for order in SORT_ORDERS:
            yield SystemCommand(
                f"Sort by {order}", f"List articles by {order}", partial(main.set_sort, order)
            )
        yield SystemCommand("Toggle theme", "Switch between a dark and a light theme", self.toggle_dark)
        yield SystemCommand("Help", "Every key binding", self.action_help)

    def toggle_dark(self) -> None:
        """Switch between Textual's dark and light themes."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the palette in the config file."""
        if not self.is_mounted or theme == (self.config.theme or "textual-dark"):
            return
        self.config.theme = theme
        try:
            save_theme(None, theme)
        except (ConfigError, OSError) as error:
            self.notify(f"The theme could not be saved: {error}", title="Config", severity="warning")

    # -- help --------------------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key binding."""
        sections = [
            ("Anywhere", list(self.BINDINGS)),
            ("Reading", list(MainScreen.BINDINGS)),
            ("Topics", list(TopicSidebar.BINDINGS)),
            ("Articles", list(ArticleList.BINDINGS)),
            ("Related", list(StoryLinks.BINDINGS)),
            ("Anywhere", [Binding("ctrl+p", "command_palette", "Command palette", id="command_palette")]),
        ]
        # Show the keys as the user's config has rebound them.
        keys = self.config.keys
        sections = [
            (where, [replace(b, key=keys.get(b.id or "", b.key)) for b in bindings])
            for where, bindings in sections
        ]
        self.push_screen(HelpScreen(sections))  # type: ignore[arg-type]
