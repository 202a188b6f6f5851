"""The main screen's actions on read marks and stars, and on how the list is sorted and grouped.

A mixin of `MainScreen`: the actions live here so the screen itself stays a short list of panes and
message handlers; they only ever change marks through `Marks` and the list through its `Filter`.
"""

from __future__ import annotations

from dataclasses import replace

from reader.core.catalog import SORT_ORDERS
from reader.core.listing import ALL, Filter, Listing
from reader.core.marks import MarkError, Marks
from reader.messages import SettingChanged
from reader.screens.confirm_screen import ConfirmScreen
from reader.widgets.article_list import ArticleList
from reader.widgets.topic_sidebar import TopicSidebar


class MarkActions:
    """`u`, `s`, `z`, `n`, `A`, `U`, `c` and `S` of the main screen."""

    marks: Marks
    listing: Listing
    filter: Filter

    def _change_marks(self, change: object) -> None:
        """A change was made (or undone): redraw the rows' marks now and the sidebar soon."""
        self.query_one(ArticleList).refresh_marks()
        self._fill_sidebar_soon()

    def _set_read(self, stories: list[str], read: bool, *, undoable: bool = True) -> int:
        try:
            change = self.marks.set_read(stories, read, undoable=undoable)
        except MarkError as error:
            self.notify(f"Could not save: {error}", title="Saved state", severity="error")
            return 0
        if change is not None:
            self._change_marks(change)
        return len(change.stories) if change else 0

    def _cursor_stories(self) -> list[str]:
        record_id = self.query_one(ArticleList).record_id
        return [] if record_id is None else self.listing.row_stories(record_id, self.filter.collapse)

    def action_toggle_read(self) -> None:
        """Toggle read/unread on the row under the cursor (a collapsed thread as a whole)."""
        stories = self._cursor_stories()
        if stories:
            self._set_read(stories, any(not self.marks.is_read(story) for story in stories))

    def action_toggle_star(self) -> None:
        """Star or unstar the row under the cursor (with its copies, or its collapsed thread)."""
        stories = self._cursor_stories()
        if not stories:
            return
        starring = not all(self.marks.is_starred(story) for story in stories)
        try:
            change = self.marks.set_starred(stories, starring)
        except MarkError as error:
            self.notify(f"Could not save: {error}", title="Saved state", severity="error")
            return
        if change is not None:
            self._change_marks(change)
            records = sum(len(self.listing.rows_of_story(story)) for story in change.stories)
            done = "starred" if starring else "unstarred"
            self.say(f"{records:,} {'record' if records == 1 else 'records'} {done} ({change.describe()})")

    def action_undo(self) -> None:
        """Take back the last read or star change (`z` again goes further back)."""
        try:
            change = self.marks.undo()
        except MarkError as error:
            self.notify(f"Could not save: {error}", title="Saved state", severity="error")
            return
        if change is None:
            self.notify("Nothing to undo", timeout=2)
            return
        self._change_marks(change)
        self.say(f"Undone: {change.describe()}")

    def action_next_unread(self) -> None:
        """The next unread row; at the last one of a topic, the next topic that has unread articles."""
        article_list = self.query_one(ArticleList)
        collapsed = self.filter.collapse
        row = self.listing.next_unread_row(article_list.ids, article_list.cursor, collapsed)
        if row is not None:
            article_list.move_to(row)
            return
        topic = self.filter.topic
        following = self.listing.next_topic_with_unread(topic) if topic != ALL else None
        if following is None:
            row = self.listing.first_unread_row(article_list.ids, collapsed)
            if row is None or row == article_list.cursor:
                self.notify("No unread articles left here", timeout=3)
            else:
                article_list.move_to(row)
            return
        self.notify(f"No more unread in {self.listing.name(self.filter)}: on to {following}", timeout=3)
        self.query_one(TopicSidebar).choose(following)
        self.filter = replace(self.filter, topic=following)
        first = self.listing.first_unread_row(article_list.ids, collapsed)
        if first is not None:
            article_list.move_to(first)

    def action_mark_all_read(self) -> None:
        """Mark every record behind every row of the list read (threads and copies too), after asking."""
        ids = self.query_one(ArticleList).ids
        collapsed = self.filter.collapse
        stories = [story for i in ids for story in self.listing.row_stories(i, collapsed)]
        unread = [story for story in dict.fromkeys(stories) if not self.marks.is_read(story)]
        if not unread:
            self.notify("Everything here is read already", timeout=3)
            return
        count = sum(len(self.listing.rows_of_story(story)) for story in unread)
        name = self.listing.name(self.filter)

        def answered(yes: bool | None) -> None:
            if yes:
                marked = self._set_read(unread, True)
                self.say(f"Marked {count:,} articles read ({marked:,} stories); z undoes it")

        noun = "article" if count == 1 else "articles"
        self.app.push_screen(ConfirmScreen(f"Mark {count:,} {noun} in {name} read?"), answered)

    def action_toggle_only_unread(self) -> None:
        """Show only the unread articles, or all again (remembered in the config)."""
        self.filter = replace(self.filter, only_unread=not self.filter.only_unread)
        self.post_message(SettingChanged("only_unread", self.filter.only_unread))
        self.notify("Only unread articles" if self.filter.only_unread else "All articles", timeout=2)

    def action_toggle_collapse(self) -> None:
        """Collapse each thread to one row (its newest record), or show every record again."""
        self.filter = replace(self.filter, collapse=not self.filter.collapse)
        self.post_message(SettingChanged("collapse_threads", self.filter.collapse))
        self.notify("Threads collapsed" if self.filter.collapse else "Threads expanded", timeout=2)

    def action_cycle_sort(self) -> None:
        """Cycle the sort order: newest, oldest, heat, quality, provider."""
        self.set_sort(SORT_ORDERS[(SORT_ORDERS.index(self.filter.sort) + 1) % len(SORT_ORDERS)])

    def set_sort(self, order: str) -> None:
        """Sort the list by one order, keeping the article under the cursor."""
        self.filter = replace(self.filter, sort=order)
        self.notify(f"Sorted by {order}", timeout=2)
