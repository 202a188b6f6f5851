"""The key that moves the list shows its story; keys faster than stories are drawn never queue up."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from reader.core.config import Config
from reader.widgets.article_list import ArticleList
from tests.pilot import open_reader, settle
from tests.records import write_record


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    for n in range(6):
        write_record(
            root / f"{n}.md",
            title=f"Story {n}",
            date=f"2020-01-0{n + 1}T10:00:00Z",
            url=f"https://example.com/{n}",
        )
    return root


async def test_each_key_shows_the_story_it_moved_to(folder: Path) -> None:
    async with open_reader(folder) as (app, pilot):
        screen = app.main_screen
        shown_before = len(screen.history)
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert len(screen.history) == shown_before + 3
        listed = screen.query_one(ArticleList).ids
        assert [page.record_id for page in screen.history.visited()[:3]] == listed[3:0:-1]
        assert screen.record is not None and screen.record.title == "Story 2"


async def test_keys_read_late_show_only_the_story_the_cursor_rests_on(folder: Path) -> None:
    async with open_reader(folder) as (app, pilot):
        screen = app.main_screen
        shown_before = len(screen.history)
        for _ in range(3):
            key = events.Key("j", "j")
            key.time -= 1.0  # read a second after it was typed: keys come faster than stories are drawn
            app.post_message(key)
        await settle(pilot)
        assert len(screen.history) == shown_before + 1
        assert screen.record is not None and screen.record.title == "Story 2"


async def test_a_story_marked_read_is_redrawn_without_its_dot(folder: Path) -> None:
    async with open_reader(folder, config=Config(mark_read_after=None)) as (app, pilot):
        assert app.export_screenshot().count("●") == 6
        await pilot.press("u")
        await settle(pilot)
        assert app.export_screenshot().count("●") == 5  # as drawn on screen, not only as rendered
        await pilot.press("j", "u")
        await settle(pilot)
        assert app.export_screenshot().count("●") == 4
