"""Command palette commands: go to a topic, find an article by title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.widgets.topic_sidebar import ALL

if TYPE_CHECKING:
    from reader.screens.main_screen import MainScreen

MAX_TITLE_HITS = 40


def _main_screen(provider: Provider) -> MainScreen | None:
    from reader.screens.main_screen import MainScreen

    for screen in provider.app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    return None


class TopicCommands(Provider):
    """`Go to topic: …` for every topic."""

    def _topics(self) -> list[tuple[str, str, int]]:
        screen = _main_screen(self)
        if screen is None:
            return []
        topics = [(ALL, "All", len(screen.catalog))]
        return topics + [(t, t, n) for t, n in screen.catalog.topic_counts()]

    async def discover(self) -> Hits:
        """Offer the topics when nothing is typed yet."""
        for key, label, count in self._topics()[:20]:
            yield DiscoveryHit(
                Content(f"Go to topic: {label}"), partial(self._go, key), help=Content(f"{count:,} articles")
            )

    async def search(self, query: str) -> Hits:
        """Match topics by name."""
        matcher = self.matcher(query)
        for key, label, count in self._topics():
            text = f"Go to topic: {label}"
            score = matcher.match(text)
            if score > 0:
                # Content, not a markup string: a topic is record text.
                yield Hit(score, Content(text), partial(self._go, key), help=Content(f"{count:,} articles"))

    def _go(self, key: str) -> None:
        screen = _main_screen(self)
        if screen is not None:
            screen.go_to_topic(key)


class ArticleCommands(Provider):
    """`Find article: …` by words of its title, over every loaded record."""

    async def search(self, query: str) -> Hits:
        """Substring match on titles first (cheap at 100,000), then fuzzy-score the few found."""
        screen = _main_screen(self)
        words = query.casefold().split()
        if screen is None or not words:
            return
        matcher = self.matcher(query)
        found = 0
        for summary in screen.catalog.ordered("newest"):
            title = summary.title.casefold()
            if all(word in title for word in words):
                score = matcher.match(summary.title) or 0.1
                yield Hit(
                    score,
                    Content(summary.title),
                    partial(screen.go_to_record, summary.id),
                    help=Content(summary.provider),
                )
                found += 1
                if found >= MAX_TITLE_HITS:
                    return
