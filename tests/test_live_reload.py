"""Live reload: files dropped into, changed in or removed from an open folder show up by themselves."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import watchfiles.main

from reader.app import ReaderApp
from reader.widgets.article_list import ArticleList
from tests.pilot import observed_app, running
from tests.records import write_record


async def wait_for(pilot, condition: Callable[[], bool], seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds: the watcher reports on its own thread's clock."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the condition never held")
        await pilot.pause(0.05)


def titles(app: ReaderApp) -> list[str]:
    screen = app.main_screen
    return [screen.catalog.get(i).title for i in screen.query_one(ArticleList).ids]


async def test_dropped_changed_and_removed_files_show(story_folder: Path) -> None:
    app = observed_app(story_folder, watch=True)
    async with running(app, wait=False) as (app, pilot):
        # Every change below is made once: `watching` is set only when the watcher really runs.
        await wait_for(pilot, lambda: app.main_screen.loaded and app.watching.is_set())
        article_list = app.main_screen.query_one(ArticleList)
        await pilot.press("j")  # keep the cursor on Beta through the changes
        selected = article_list.record_id

        write_record(
            story_folder / "new" / "e.md",
            title="Epsilon story",
            date="2020-01-06T00:00:00Z",
            url="https://example.com/e",
        )
        await wait_for(pilot, lambda: "Epsilon story" in titles(app))
        assert article_list.record_id == selected  # the selection stayed on Beta

        changed = story_folder / "a.md"
        changed.write_text(changed.read_text().replace("Alpha story", "Alpha story, corrected", 1))
        os.utime(changed)
        await wait_for(pilot, lambda: "Alpha story, corrected" in titles(app))
        (story_folder / "sub" / "c.txt").unlink()
        await wait_for(pilot, lambda: "Gamma story" not in titles(app))
        assert article_list.record_id == selected


async def test_watching_is_set_only_once_the_watcher_runs(
    story_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Setting up the watches takes long on a big tree: a change made meanwhile is never seen.
    setting_up, release = threading.Event(), threading.Event()
    real_notify = watchfiles.main.RustNotify

    def slow_notify(*args: object, **kwargs: object) -> object:
        setting_up.set()
        release.wait(20)
        return real_notify(*args, **kwargs)

    monkeypatch.setattr(watchfiles.main, "RustNotify", slow_notify)
    app = observed_app(story_folder, watch=True)
    async with running(app, wait=False) as (app, pilot):
        try:
            await wait_for(pilot, setting_up.is_set)
            assert not app.watching.is_set()
        finally:
            release.set()
        await wait_for(pilot, app.watching.is_set)
