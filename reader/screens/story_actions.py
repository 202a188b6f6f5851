"""The main screen's moves through the story graph (related, mentions, back, forward, timeline,
history) and its links to the outside (open and copy).

A mixin of `MainScreen`, kept apart so the screen itself stays short.
"""

from __future__ import annotations

from reader.core.history import History
from reader.core.pages import (
    ItemPage,
    LoadedPage,
    Page,
    RecordPage,
    history_rows,
    read_page,
    timeline_rows,
)
from reader.messages import PageLoaded
from reader.screens.links import copy_link, open_link
from reader.screens.story_picker_screen import StoryPickerScreen
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.article_list import ArticleList
from reader.widgets.related_list import StoryLinks
from reader.widgets.topic_sidebar import TopicSidebar


class StoryActions:
    """Following, going back and forward, the pickers, and `o` / `O` / `y` / `Y`."""

    history: History[Page]
    shown: LoadedPage | None
    page: Page | None
    mentions: list[int]

    # Handlers by name, not `@on`: Textual collects decorated handlers only from its own classes.
    def on_story_links_followed(self, message: StoryLinks.Followed) -> None:
        """Follow a story chosen in the related list or the "Mentioned by" list."""
        if message.links.id == "mentions":
            self._mention_followed(message)
        else:
            self._related_followed(message)

    def _related_followed(self, message: StoryLinks.Followed) -> None:
        self.follow_related(message.position)

    def _mention_followed(self, message: StoryLinks.Followed) -> None:
        if 0 <= message.position < len(self.mentions):
            self._go_to_record(self.mentions[message.position])

    def catch_up(self) -> None:
        """Show the story under the list's cursor now when keys have outrun the story pane.

        In a burst such as `j j 1` the `1` arrives before the cursor has come to rest and its
        story is read; it must act on the story under the cursor, not on the one still shown.
        """
        rested = self.query_one(ArticleList).take_rest()
        if rested is not None:
            self._article_rested(rested)
        page = self.page
        if not isinstance(page, RecordPage) or self.corpus is None:
            return
        if self.shown is None or self.shown.record_id != page.record_id:
            self._token += 1  # the page worker's answer, when it comes, is for an older request
            self.deliver_page(PageLoaded(self._token, read_page(self.corpus, page.record_id), True))

    def follow_related(self, position: int) -> None:
        """Follow a related story (`position` in the shown order): its record, else the item itself."""
        self.catch_up()
        shown = self.shown
        if shown is None or shown.record is None:
            return
        related = self.query_one("#related", StoryLinks)
        if not 0 <= position < len(related.stories):
            return
        original = related.stories[position].position
        self._read_shown()  # leaving a story by one of its links means it was read
        target = shown.resolved.get(original)
        if target is not None:
            self._go_to_record(target)
        else:
            self.show_page(ItemPage(shown.record.related[original]))

    def _go_to_record(self, record_id: int) -> None:
        self.query_one(ArticleList).move_to_quietly(record_id)
        self.show_page(RecordPage(record_id))

    def action_follow_related(self, position: int) -> None:
        """`1`-`9` follow the first to ninth related story."""
        self.follow_related(position)

    def action_back(self) -> None:
        """Go back to the previously shown story."""
        self._show_from_history(self.history.back(), "Nothing to go back to")

    def action_forward(self) -> None:
        """Go forward again after going back."""
        self._show_from_history(self.history.forward(), "Nothing to go forward to")

    def _show_from_history(self, page: Page | None, nothing: str) -> None:
        if page is None:
            self.notify(nothing, timeout=2)
            return
        if isinstance(page, RecordPage):
            if self.catalog.get(page.record_id) is None:
                self.notify("That record is no longer in the folder", severity="warning")
            self.query_one(ArticleList).move_to_quietly(page.record_id)
        self.show_page(page, remember=False)

    def _focus_links(self, widget_id: str, empty: str) -> None:
        self.catch_up()
        links = self.query_one(widget_id, StoryLinks)
        if not links.stories:
            self.notify(empty, timeout=3)
            return
        links.highlighted = 0
        links.focus()

    def action_focus_related(self) -> None:
        """Focus the related stories of the shown article, the first highlighted."""
        self._focus_links("#related", "The shown story has no related stories")

    def action_focus_mentions(self) -> None:
        """Focus the records that mention the shown story."""
        self._focus_links("#mentions", "No record mentions the shown story")

    def action_timeline(self) -> None:
        """The shown story, its related stories, mentions and thread, in time order."""
        self.catch_up()
        shown = self.shown
        if shown is None or shown.record is None:
            self.notify("The timeline needs a story from these records", timeout=3)
            return
        rows, here = timeline_rows(
            shown.record_id,
            shown.record,
            shown.resolved,
            self.mentions,
            self.listing.groups.graph,
            self.catalog.get,
        )
        title = f"Timeline of: {shown.record.title}  ({len(rows)} stories; ○ = not in these records)"
        self.app.push_screen(StoryPickerScreen(title, rows, here), self._show_chosen)

    def action_history(self) -> None:
        """The stories shown in this session, newest first."""
        rows = history_rows(self.history, self.catalog.get)
        if not rows:
            self.notify("No stories shown yet", timeout=3)
            return
        self.app.push_screen(
            StoryPickerScreen("Stories seen in this session, newest first", rows), self._show_chosen
        )

    def _show_chosen(self, page: Page | None) -> None:
        if isinstance(page, RecordPage):
            self.query_one(ArticleList).move_to_quietly(page.record_id)
        if page is not None:
            self.show_page(page)

    def action_focus_list(self) -> None:
        """Focus the article list."""
        self.query_one(ArticleList).focus()

    def action_focus_topics(self) -> None:
        """Focus the topic sidebar (showing it if it was hidden)."""
        if not self.query_one(TopicSidebar).display:
            self.action_toggle_sidebar()
        self.query_one(TopicSidebar).focus()

    # -- links to the outside --------------------------------------------------------------------

    def shown_urls(self) -> tuple[str, str]:
        """The source and AMP addresses of the shown story."""
        self.catch_up()
        if isinstance(self.page, ItemPage):
            item = self.page.item
            return item.source_url, item.amp_url or item.cdn_amp_url
        if self.shown is not None and self.shown.record is not None:
            record = self.shown.record
            return record.source_url, record.amp_url or record.cdn_amp_url
        return "", ""

    def _open(self, url: str, what: str) -> None:
        if not url:
            self.notify(f"The shown story has no {what}", timeout=3)
        elif open_link(self, url, self.config.browser_in_terminal):
            self._read_shown()  # opened in the browser: that is reading it

    def action_open_source(self) -> None:
        """Open the shown story's source in the browser."""
        self._open(self.shown_urls()[0], "source address")

    def action_open_amp(self) -> None:
        """Open the shown story's AMP page in the browser."""
        self._open(self.shown_urls()[1], "AMP address")

    def action_copy_source(self) -> None:
        """Copy the shown story's source address."""
        copy_link(self, self.shown_urls()[0], "source link")

    def action_copy_amp(self) -> None:
        """Copy the shown story's AMP address."""
        amp = self.shown_urls()[1]
        if amp:
            copy_link(self, amp, "AMP link")
        else:
            self.notify("The shown story has no AMP address", timeout=3)

    def on_article_detail_link_clicked(self, message: ArticleDetail.LinkClicked) -> None:
        """A link in the body was clicked: open it if it may be opened."""
        open_link(self, message.href, self.config.browser_in_terminal)
