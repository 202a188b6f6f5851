"""The Textual app: owns the corpus, starts the loading worker, opens links safely."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from time import monotonic

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from tomlkit import TOMLDocument

from reader.commands import ArticleCommands, TopicCommands
from reader.core.catalog import SORT_ORDERS, Catalog
from reader.core.config import Config, ConfigError, edit_config, save_theme
from reader.core.corpus import Corpus
from reader.core.feeds.cache import FeedCache
from reader.core.feeds.hint import feed_files_hint
from reader.core.graph import StoryGraph
from reader.core.index_rows import release_memory
from reader.core.listing import StoryGroups
from reader.core.marks import Marks
from reader.core.memory import long_lived_batch, tune_collector
from reader.core.paths import state_file
from reader.core.query import QueryError, parse_query, run_query
from reader.core.snapshot import SORT as SNAPSHOT_SORT
from reader.core.snapshot import Snapshot, load_snapshot, save_snapshot
from reader.core.state import StateStore
from reader.core.text import shown_safely
from reader.messages import (
    CorpusChanged,
    CorpusLoaded,
    GraphReady,
    LoadFailed,
    SavedQueriesCounted,
    SettingChanged,
)
from reader.screens.help_screen import HelpScreen, help_sections
from reader.screens.main_screen import MainScreen, keymap

# How long the first frame may wait for the first screen's records (a snapshot takes 50-100 ms at
# 100,000 records); a slower index is shown after a "Loading…" frame instead.
FIRST_FRAME_PATIENCE = 0.3
# How long the folder check waits for the first screen to be drawn before it starts anyway.
FIRST_SCREEN_PATIENCE = 2.0
# Live reload writes the snapshot once the folders have been quiet this long, not per change: a write
# takes 0.3 s of CPU at 100,000 records, and a feed fetch changes files for many seconds. A reader
# quit before then starts from the index next time, as correct and a little slower.
SNAPSHOT_QUIET_SECONDS = 5.0

# Palette entries for the reader's actions: (title, help, action on the main screen). The key shown
# beside each is the one bound after the user's keymap, looked up when the palette opens.
ACTION_COMMANDS = [
    ("Search articles", "Filter the list with the query language", "search"),
    ("Open the source link", "Open the shown story in the browser", "open_source"),
    ("Open the AMP link", "Open the shown story's AMP page", "open_amp"),
    ("Copy the source link", "Copy the shown story's address", "copy_source"),
    ("Copy the AMP link", "Copy the shown story's AMP address", "copy_amp"),
    ("Toggle read", "Mark the article read or unread", "toggle_read"),
    ("Toggle star", "Star or unstar the article", "toggle_star"),
    ("Next unread", "Jump to the next unread article, then the next topic with unread ones", "next_unread"),
    ("Mark all read", "Mark every article of the list read", "mark_all_read"),
    ("Undo", "Take back the last read or star change", "undo"),
    ("Only unread", "Show only unread articles, or all again", "toggle_only_unread"),
    ("Cycle sort order", "newest, oldest, heat, quality, provider", "cycle_sort"),
    ("Collapse threads", "Show each thread as one row, or every record", "toggle_collapse"),
    ("Timeline", "The shown story with its related stories, mentions and thread", "timeline"),
    ("History", "The stories shown in this session", "history"),
    ("Related stories", "Focus the related stories", "focus_related"),
    ("Mentioned by", "Focus the records that mention this one", "focus_mentions"),
    ("Back", "The previously shown story", "back"),
    ("Forward", "Forward again", "forward"),
    ("Show or hide the sidebar", "The topics pane, at any width", "toggle_sidebar"),
    ("Full article", "Fetch the shown story's page and show its text (R again: the record)", "full_article"),
    ("Links of the story", "Pick one of the shown story's body links to open or copy", "links"),
]


class ReaderApp(App[None]):
    """A keyboard-first reader for folders of news records."""

    CSS_PATH = Path(__file__).parent / "reader.tcss"  # absolute: subclasses live elsewhere
    TITLE = "reader"
    COMMANDS = App.COMMANDS | {TopicCommands, ArticleCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+r", "fetch_feeds", "Fetch feeds", show=False, id="fetch_feeds"),
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
        self.corpus: Corpus | None = None  # set with the first screen's records, before any page is shown
        self.store: StateStore = StateStore.in_memory()
        self.main_screen: MainScreen  # made on mount, once the saved state is open
        self.watch_folders = watch
        self._stop_watching = threading.Event()
        # (snapshot, first message) once the records of the first screen are read; see `on_load`.
        self._first: Future[tuple[Snapshot | None, CorpusLoaded]] = Future()
        self.watching = threading.Event()  # set once the folder watcher runs

    def on_mount(self) -> None:
        """Apply the config, open the saved state, show the main screen and start loading."""
        tune_collector()
        for message in self.config_messages:
            self.notify(message, title="Config", severity="warning", timeout=10)
        if self.config.keys:
            self.set_keymap(keymap(self.config.keys))
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self.notify(f"Unknown theme {self.config.theme!r} in the config", severity="warning")
        self.store = StateStore.open(self.state_path)
        if self.store.warning:
            self.notify(self.store.warning, title="Saved state", severity="warning", timeout=12)
        self.main_screen = self._make_main_screen()
        self.push_screen(self.main_screen)
        # A snapshot is ready in time for the very first frame: then it shows no "Loading…" at all.
        shown = self._show_first(FIRST_FRAME_PATIENCE)
        self._load(shown)

    def on_load(self) -> None:
        """Start reading what the first screen shows while Textual sets up the terminal."""
        threading.Thread(target=self._read_first, name="first-screen", daemon=True).start()

    def _read_first(self) -> None:
        """The first screen's records, from the snapshot or the index (in its own thread)."""
        try:
            corpus = Corpus.open(self.roots, self.cache_dir)
            with long_lived_batch():  # every row and view made here lives for the session
                snapshot = load_snapshot(corpus.index)
                first = self._first_screen(corpus, snapshot)
            release_memory(corpus.index.db)  # this thread is done with the index
            self._first.set_result((snapshot, first))
        except BaseException as error:  # the loading worker reports it
            self._first.set_exception(error)

    def _show_first(self, patience: float) -> bool:
        """Hand the first screen's records to the main screen if they come within `patience` seconds."""
        try:
            _snapshot, first = self._first.result(timeout=patience)
        except Exception:  # not ready in time, or failed: the loading worker sees to it
            return False
        self.corpus = first.corpus
        self.main_screen.post_message(first)
        return True

    def on_unmount(self) -> None:
        """Stop watching and close the saved state (a kill loses nothing either: every action commits)."""
        self._stop_watching.set()
        self.store.close()

    def _make_main_screen(self) -> MainScreen:
        config = self.config
        after = config.mark_read_after if config.mark_read_on_show else None
        marks = Marks(
            self.store, lambda story: self.main_screen.listing.rows_of_story(story), mark_read_after=after
        )
        remembered = self.store.get_setting("collapse_threads")
        collapse = bool(config.collapse_threads if remembered is None else remembered)
        return MainScreen(marks, config, collapse=collapse)

    def on_setting_changed(self, message: SettingChanged) -> None:
        """Remember a setting the user changed with a key: only-unread in the config, like the theme."""
        if message.name != "only_unread":
            self.store.set_setting(message.name, message.value)
            return
        self.config.only_unread = bool(message.value)

        def change(document: TOMLDocument) -> None:
            document["only_unread"] = bool(message.value)

        try:
            edit_config(None, change, "only_unread")
        except (ConfigError, OSError) as error:
            self.notify(f"Only-unread could not be saved: {error}", title="Config", severity="warning")

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self, shown: bool) -> None:
        """Show the last load's snapshot (or what the index knows) unless `shown`, then bring it in
        step with the folders."""
        screen = self.main_screen
        try:
            snapshot, first = self._first.result()
            corpus = self.corpus = first.corpus
            if not shown:
                screen.post_message(first)
            if first.drawn is not None:
                # The first screen is drawn with the CPU to itself; the rest comes behind it.
                first.drawn.wait(FIRST_SCREEN_PATIENCE)
            if self.config.images:
                from reader.core import http  # httpx: imported behind the first screen, not before it

                http.prepare()
            groups = None
            if first.summaries:
                saved = StoryGraph.load(corpus.index.db)  # the graph as saved, when still current
                if saved is not None:
                    groups = snapshot.groups_with(saved) if snapshot else StoryGroups.of(saved)
                    screen.post_message(GraphReady(groups))
            records, changed = len(first.summaries), False
            # A snapshot to write: none was shown, or it lacked the groups, or the folders changed.
            to_save = snapshot is None or snapshot.groups() is None
            for progress in corpus.sync():
                records += len(progress.added) - len(progress.removed)
                changed = changed or bool(progress.added or progress.removed)
                if progress.finished and (to_save or changed):
                    # Written before "Ready" shows: a reader who quits at once starts fast next
                    # time too. The groups go in when still current; else after the graph, below.
                    save_snapshot(corpus.index, None if changed else groups)
                    to_save = changed or groups is None
                screen.post_message(CorpusChanged(progress))
            if not records:
                self._say_if_feed_files(corpus.roots)
            if groups is None or changed:
                groups = StoryGroups.of(StoryGraph.cached(corpus.index.db))
                screen.post_message(GraphReady(groups))
            if self.config.saved_queries:
                screen.post_message(self._count_saved_queries(corpus))
            if to_save:
                save_snapshot(corpus.index, groups)  # now with the copies and threads
        except Exception as error:  # the UI must survive a broken cache folder or a full disk
            screen.post_message(LoadFailed(f"{type(error).__name__}: {error}"))
            return
        if self.watch_folders:
            self.call_from_thread(self._watch, corpus)

    @staticmethod
    def _first_screen(corpus: Corpus, snapshot: Snapshot | None) -> CorpusLoaded:
        """The records to show first, catalogued off the UI thread: the snapshot's, else the index's."""
        if snapshot is not None:
            summaries, catalog, groups = snapshot.summaries, snapshot.catalog(), snapshot.groups()
        else:
            summaries, groups = corpus.cached(), None
            catalog = Catalog(summaries)
            catalog.order(SNAPSHOT_SORT)
        # Nothing to show: nothing to wait for before the folder check.
        drawn = threading.Event() if summaries else None
        note = corpus.index.recovered
        return CorpusLoaded(corpus, summaries, note, catalog=catalog, groups=groups, drawn=drawn)

    def _say_if_feed_files(self, roots: list[str]) -> None:
        """No records, but feed files? Say how to import them (runs in the loading worker)."""
        hint = feed_files_hint(roots)
        if hint:
            self.call_from_thread(self.notify, hint, title="No records here", severity="warning", timeout=30)

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
        unsaved: tuple[float, StoryGroups] | None = None  # when the folders last changed, and their groups
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
                    if unsaved is not None and monotonic() - unsaved[0] >= SNAPSHOT_QUIET_SECONDS:
                        save_snapshot(corpus.index, unsaved[1])  # the next start shows the changes at once
                        unsaved = None
                    continue
                changed = {path for change, path in changes if change != Change.deleted}
                deleted = {path for change, path in changes if change == Change.deleted}
                progress = corpus.apply_changes(changed, deleted)
                if progress.added or progress.removed or progress.problems:
                    screen.post_message(CorpusChanged(progress))
                    groups = StoryGroups.of(StoryGraph.cached(corpus.index.db))
                    screen.post_message(GraphReady(groups))
                    unsaved = (monotonic(), groups)
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
        """Notify, never reading markup: messages here carry record text, URLs and file names.

        Every notification passes here, a widget's or a screen's `notify` included (those ask for
        markup by default), so `markup` is ignored rather than trusted.
        """
        # File names, config values and exception texts reach here too: no control gets through.
        message, title = shown_safely(message), shown_safely(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- palette and theme ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every reader action in the palette, beside Textual's own (theme, keys, quit…)."""
        yield from super().get_system_commands(screen)
        if screen is not self.main_screen:
            return
        main = self.main_screen
        keys = self._bound_keys(main)
        for title, help_text, action in ACTION_COMMANDS:
            key = keys.get(action)
            shown = f"{help_text} ({key})" if key else help_text
            yield SystemCommand(title, shown, partial(main.run_action, action))
        for order in SORT_ORDERS:
            yield SystemCommand(
                f"Sort by {order}", f"List articles by {order}", partial(main.set_sort, order)
            )
        yield SystemCommand("Toggle theme", "Switch between a dark and a light theme", self.toggle_dark)
        yield SystemCommand("Fetch feeds", "Fetch every subscribed feed (ctrl+r)", self.action_fetch_feeds)
        yield SystemCommand("Help", "Every key binding", self.action_help)

    def _bound_keys(self, screen: Screen) -> dict[str, str]:
        """Action -> the keys bound to it now (after the user's keymap), as the footer shows them."""
        keys: dict[str, list[str]] = {}
        for active in screen.active_bindings.values():  # keyed by the keys bound after the keymap
            keys.setdefault(active.binding.action, []).append(self.get_key_display(active.binding))
        return {action: " / ".join(dict.fromkeys(shown)) for action, shown in keys.items()}

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

    # -- feeds -------------------------------------------------------------------------------

    def action_fetch_feeds(self) -> None:
        """Fetch every subscribed feed in the background, with a progress bar."""
        # Imported here: the feed importer and its HTTP client take 70 ms to import, and a start
        # that fetches no feeds should not wait for them.
        from reader.feed_fetch import start_fetch

        start_fetch(self, self.main_screen, FeedCache(self.cache_dir / "feeds.json"))

    # -- help --------------------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key binding, as the user's config has bound them, grouped by where it works."""
        self.push_screen(HelpScreen(help_sections(keymap(self.config.keys), list(self.BINDINGS))))
