"""Command palette commands: go to a topic, find an article by title.

Providers only post messages (`GoToTopic`, `GoToRecord`); the main screen decides what they do.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.message import Message

from reader.core.catalog import Catalog
from reader.core.listing import ALL
from reader.messages import GoToRecord, GoToTopic
from reader.screens.main_screen import MainScreen

MAX_TITLE_HITS = 40


def _catalog(provider: Provider) -> Catalog | None:
    screen = provider.screen
    return screen.catalog if isinstance(screen, MainScreen) else None


def _post(provider: Provider, message: Message) -> None:
    provider.screen.post_message(message)


class TopicCommands(Provider):
    """`Go to topic: …` for every topic."""

    def _topics(self) -> list[tuple[str, str, int]]:
        catalog = _catalog(self)
        if catalog is None:
            return []
        return [(ALL, "All", len(catalog))] + [(t, t, n) for t, n in catalog.topic_counts()]

    async def discover(self) -> Hits:
        """Offer the topics when nothing is typed yet."""
        for key, label, count in self._topics()[:20]:
            go = partial(_post, self, GoToTopic(key))
            yield DiscoveryHit(Content(f"Go to topic: {label}"), go, help=Content(f"{count:,} articles"))

    async def search(self, query: str) -> Hits:
        """Match topics by name."""
        matcher = self.matcher(query)
        for key, label, count in self._topics():
            text = f"Go to topic: {label}"
            score = matcher.match(text)
            if score > 0:
                # Content, not a markup string: a topic is record text.
                go = partial(_post, self, GoToTopic(key))
                yield Hit(score, Content(text), go, help=Content(f"{count:,} articles"))


class ArticleCommands(Provider):
    """`Find article: …` by words of its title, over every loaded record."""

    async def search(self, query: str) -> Hits:
        """Substring match on titles first (cheap at 100,000), then fuzzy-score the few found."""
        catalog = _catalog(self)
        words = query.casefold().split()
        if catalog is None or not words:
            return
        matcher = self.matcher(query)
        found = 0
        for summary in catalog.ordered("newest"):
            title = summary.title.casefold()
            if all(word in title for word in words):
                score = matcher.match(summary.title) or 0.1
                go = partial(_post, self, GoToRecord(summary.id))
                yield Hit(score, Content(summary.title), go, help=Content(summary.provider))
                found += 1
                if found >= MAX_TITLE_HITS:
                    return
