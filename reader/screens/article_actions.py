"""The main screen's reading past the excerpt: `R` the full article of the shown story, `L` its links.

A mixin of `MainScreen`. The article is fetched and extracted in a thread worker by the core `article`
module (from the cache when it was fetched before); the answer is dropped if the user has moved on.
"""

from __future__ import annotations

from textual.timer import Timer

from reader.core.article import Article, ArticleError, load_article
from reader.core.config import Config
from reader.core.digest import record_story
from reader.core.model import Record
from reader.core.pages import LoadedPage, Page
from reader.core.paths import cache_dir
from reader.messages import PageLoaded
from reader.screens.link_picker_screen import LinkChoice, LinkPickerScreen
from reader.screens.links import copy_link, open_link
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.lead_image import LeadImage

# With `full_article = "auto"`, a story without a body is fetched once it has been shown this long.
AUTO_FETCH_SECONDS = 2.0


class ArticleActions:
    """`R` fetches and shows the full article (and goes back), `escape` goes back, `L` picks a link."""

    config: Config
    shown: LoadedPage | None
    page: Page | None
    _token: int
    _said: str
    _article_page: Page | None = None  # the page whose full article is on screen
    _article_timer: Timer | None = None

    @property
    def showing_article(self) -> bool:
        """Whether the story pane shows the full article rather than the record."""
        return self._article_page is not None and self._article_page is self.page

    def on_mount(self) -> None:
        """With `images = false` the story pane never asks for a picture."""
        self.query_one(LeadImage).enabled = self.config.images  # type: ignore[attr-defined]

    def action_full_article(self) -> None:
        """`R`: show the shown record's full article; again: back to the record."""
        if self.showing_article:
            self.action_record_view()
            return
        self.catch_up()  # type: ignore[attr-defined]
        shown = self.shown
        if shown is None or shown.record is None:
            self.notify("No record is shown", title="Full article", timeout=3)
            return
        self._fetch_article(self._token, shown.record)

    def action_record_view(self) -> None:
        """`escape` after `R`: the record's own view again."""
        if not self.showing_article or self.shown is None:
            return
        self._article_page = None
        self.on_page_loaded(PageLoaded(self._token, self.shown, False))  # type: ignore[attr-defined]

    def _fetch_article(self, token: int, record: Record) -> None:
        self._progress("Fetching the full article…")
        story, url, cache = record_story(record), record.source_url, cache_dir()

        def fetch_in_thread() -> None:
            try:
                article, problem = load_article(cache, story, url), ""
            except ArticleError as error:
                article, problem = None, str(error)
            except Exception as error:  # a page is untrusted input: never let it crash the reader
                article, problem = None, f"{type(error).__name__}: {error}"
            self.app.call_from_thread(self._article_arrived, token, article, problem)  # type: ignore[attr-defined]

        self.run_worker(  # type: ignore[attr-defined]
            fetch_in_thread, thread=True, group="article", exclusive=True, exit_on_error=False
        )

    def _article_arrived(self, token: int, article: Article | None, problem: str) -> None:
        if token != self._token or self.shown is None or self.shown.record is None:
            return  # the user has moved on to another story
        detail = self.query_one(ArticleDetail)  # type: ignore[attr-defined]
        if article is None:
            self._progress("")
            line = " ".join(problem.split()) or "unknown reason"
            self.notify(f"No full article: {line}", title="Full article", severity="warning", timeout=8)
            return
        self._progress("Full article shown · R or escape: back to the record")
        detail.show_article(article, self.shown.record)
        detail.border_title = "Story · full article"
        self._article_page = self.page

    def _progress(self, text: str) -> None:
        self._said = text
        self._update_status()  # type: ignore[attr-defined]

    def on_page_loaded(self, message: PageLoaded) -> None:
        """A new record is shown in its own view; with `full_article = "auto"`, fetch a bodiless one soon."""
        self._article_page = None
        if self._article_timer is not None:
            self._article_timer.stop()
            self._article_timer = None
        record = message.page.record
        if self.config.full_article != "auto" or record is None or record.body.strip():
            return
        if message.token == self._token and record.source_url:
            token = message.token
            self._article_timer = self.set_timer(  # type: ignore[attr-defined]
                AUTO_FETCH_SECONDS, lambda: self._auto_fetch(token)
            )

    def _auto_fetch(self, token: int) -> None:
        self._article_timer = None
        if token == self._token and not self.showing_article and self.shown is not None and self.shown.record:
            self._fetch_article(token, self.shown.record)

    def action_links(self) -> None:
        """`L`: a picker of the shown story's body links; enter opens one, y copies it."""
        self.catch_up()  # type: ignore[attr-defined]
        links = self.query_one(ArticleDetail).links  # type: ignore[attr-defined]
        if not links:
            self.notify("The story's text has no web links", title="Links", timeout=3)
            return
        self.app.push_screen(LinkPickerScreen(links), self._link_chosen)  # type: ignore[attr-defined]

    def _link_chosen(self, choice: LinkChoice | None) -> None:
        if choice is None:
            return
        what, url = choice
        if what == "copy":
            copy_link(self, url, "link")  # type: ignore[arg-type]
        else:
            open_link(self, url, self.config.browser_in_terminal)  # type: ignore[arg-type]
