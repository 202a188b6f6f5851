"""What the detail pane can show (a record, or a related story that is not one), how a record's page is
read from the corpus, and the rows of the timeline and history pickers.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.core.corpus import Corpus
from reader.core.digest import Summary
from reader.core.graph import StoryGraph
from reader.core.history import History
from reader.core.html_text import html_text_and_links, looks_like_html
from reader.core.model import Problem, Record, RelatedItem


@dataclass(frozen=True)
class RecordPage:
    """A history entry: a record of the corpus."""

    record_id: int


@dataclass(frozen=True)
class ItemPage:
    """A history entry: a related story that is not a record of the corpus."""

    item: RelatedItem


Page = RecordPage | ItemPage


@dataclass(frozen=True)
class LoadedPage:
    """A record read for the detail pane, with its links resolved to records and its back-links."""

    record_id: int
    record: Record | None
    problems: tuple[Problem, ...] = ()
    resolved: dict[int, int] = field(default_factory=dict)  # related position -> record id
    mentions: list[int] = field(default_factory=list)  # ids of records that link here
    body_text: str | None = None  # an HTML body as plain text (None: the body is Markdown)
    error: str = ""  # why the page could not be read at all (the index failed, say)
    body_links: tuple[str, ...] = ()  # the web links of an HTML body, numbered in `body_text`


# A record file this small is read with the key that asks for it (about 1.2 ms for a generated 2.4 KB
# record here, its links and mentions included): the story is drawn in the key's own frame instead of
# waiting for a worker's answer and the next frame. Larger files, rare in real folders, still go to a
# worker.
INLINE_PAGE_BYTES = 64 * 1024


def reads_inline(corpus: Corpus, record_id: int) -> bool:
    """Whether the record's file is small enough to read on the UI thread, with the key."""
    path = corpus.index.path_of(record_id)
    try:
        return path is not None and os.stat(path).st_size <= INLINE_PAGE_BYTES
    except (OSError, ValueError):
        return False  # gone or unreadable: the worker's read says why in the story pane


def read_page(corpus: Corpus, record_id: int) -> LoadedPage:
    """`load_page` that never raises: any failure (a vanished file, a damaged index) is the page's error."""
    try:
        return load_page(corpus, record_id)
    except Exception as error:  # shown in the story pane: one record must never stop the reader
        return LoadedPage(record_id, None, error=f"{type(error).__name__}: {error}")


def load_page(corpus: Corpus, record_id: int) -> LoadedPage:
    """Read one record and its links from the corpus (it reads a file: see `reads_inline`).

    A damaged index page becomes the page's error, and the index is rebuilt at the next start.
    """
    try:
        result = corpus.load(record_id)
        record = result.record
        if record is None:
            return LoadedPage(record_id, None, tuple(result.problems))
        resolved = corpus.index.resolve_links(record_id)
        mentions = corpus.index.mentioned_by(record_id)
    except sqlite3.DatabaseError as error:
        corpus.index.mark_damaged()
        reason = f"the index is damaged ({error}); it is rebuilt at the next start"
        return LoadedPage(record_id, None, error=reason)
    body_text, body_links = html_text_and_links(record.body) if looks_like_html(record.body) else (None, [])
    return LoadedPage(
        record_id,
        record,
        tuple(result.problems),
        resolved,
        mentions,
        body_text,
        body_links=tuple(body_links),
    )


@dataclass(frozen=True)
class StoryRow:
    """One row of a story picker: when, who, what, a note, and the page choosing it shows."""

    published: float | None
    provider: str
    title: str
    note: str
    target: Page


def _item_row(item: RelatedItem, note: str) -> StoryRow:
    published = item.published.timestamp() if item.published else None
    return StoryRow(published, item.provider.name, item.title, note, ItemPage(item))


def timeline_rows(
    record_id: int,
    record: Record,
    resolved: dict[int, int],
    mentions: list[int],
    graph: StoryGraph | None,
    lookup: Callable[[int], Summary | None],
) -> tuple[list[StoryRow], int]:
    """The shown story, its related stories, mentions and thread in time order; and its own row."""
    rows: dict[object, StoryRow] = {}

    def add_record(other: int, note: str) -> None:
        summary = lookup(other)
        if summary is not None and other not in rows:
            rows[other] = StoryRow(
                summary.published, summary.provider, summary.title, note, RecordPage(other)
            )

    add_record(record_id, "this story")
    for position, item in enumerate(record.related):
        target = resolved.get(position)
        if target is not None:
            add_record(target, "related")
        elif item not in rows:
            rows[item] = _item_row(item, "related ○")
    for other in mentions:
        add_record(other, "mentions it")
    if graph is not None:
        for other in graph.thread_members(record_id):
            add_record(other, "thread")
    ordered = sorted(rows.values(), key=lambda row: (row.published is None, row.published or 0.0))
    here = next((n for n, row in enumerate(ordered) if row.target == RecordPage(record_id)), 0)
    return ordered, here


def history_rows(history: History[Page], lookup: Callable[[int], Summary | None]) -> list[StoryRow]:
    """The stories shown in this session, newest first (records no longer loaded left out)."""
    rows: list[StoryRow] = []
    for page in history.visited():
        if isinstance(page, RecordPage):
            summary = lookup(page.record_id)
            if summary is not None:
                rows.append(StoryRow(summary.published, summary.provider, summary.title, "", page))
        else:
            rows.append(_item_row(page.item, "○"))
    return rows
