"""The app over a folder of every hostile kind: it opens, shows every valid record, never crashes."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual.widgets import Static

from reader.app import ReaderApp
from reader.widgets.article_list import ArticleList
from reader.widgets.related_list import StoryLinks
from tests.hostile import PROBLEM, write_hostile_corpus
from tests.pilot import open_reader, settle

CONTROLS = (
    {chr(c) for c in range(0x20) if chr(c) not in "\t\n"} | {chr(0x7F)} | {chr(c) for c in range(0x80, 0xA0)}
)
BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def visible_text(app: ReaderApp) -> str:
    """Everything the detail pane and the list show right now, as plain text."""
    screen = app.main_screen
    parts = [str(widget.render()) for widget in screen.query(Static)]
    article_list = screen.query_one(ArticleList)
    height = article_list.scrollable_content_region.height
    parts += ["".join(s.text for s in article_list.render_line(y)) for y in range(height)]
    for links in screen.query(StoryLinks):
        parts += [story.title + story.provider for story in links.stories]
    return "\n".join(parts)


async def test_every_hostile_file_is_handled_and_shown_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    folder = tmp_path / "hostile"
    folder.mkdir()
    expectations = write_hostile_corpus(folder)
    valid = sum(1 for kind in expectations.values() if kind != PROBLEM)
    async with open_reader(folder) as (app, pilot):
        screen = app.main_screen
        assert len(screen.catalog) == valid  # every valid record, and nothing else
        assert screen.problem_count >= len(expectations) - valid
        article_list = screen.query_one(ArticleList)
        for _ in range(len(article_list.ids)):
            text = visible_text(app)
            assert not CONTROLS & set(text), "a control character reached a widget"
            assert not BIDI & set(text), "a bidi control reached a widget"
            await pilot.press("o", "y", "r", "enter", "backspace", "l", "t", "escape", "j")
            await settle(pilot)
        assert app.is_running
    assert all(url.startswith(("https://", "http://")) for url in opened)
    assert not any("$(" in url or ";" in url or "`" in url for url in opened)
