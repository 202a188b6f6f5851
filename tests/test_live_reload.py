"""Live reload: files dropped into, changed in or removed from an open folder show up by themselves."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from reader.app import ReaderApp
from reader.core.paths import cache_dir
from reader.widgets.article_list import ArticleList
from tests.records import write_record


async def wait_for(  # type: ignore[no-untyped-def]
    pilot, condition: Callable[[], bool], nudge: Callable[[], None] | None = None
) -> None:
    """Poll the app until `condition()` holds: the watcher works on its own clock.

    `nudge` repeats the change now and then, in case it happened before the watcher was set up.
    """
    start = last_nudge = time.monotonic()
    while not condition():
        now = time.monotonic()
        if now - start > 20:
            raise AssertionError("the condition never held")
        if nudge and now - last_nudge > 2:
            nudge()
            last_nudge = now
        await pilot.pause(0.05)


def titles(app: ReaderApp) -> list[str]:
    screen = app.main_screen
    return [screen.catalog.get(i).title for i in screen.query_one(ArticleList).ids]


async def test_dropped_changed_and_removed_files_show(story_folder: Path) -> None:
    app = ReaderApp([str(story_folder)], cache_dir(), watch=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: app.main_screen.loaded and app.watching.is_set())
        article_list = app.main_screen.query_one(ArticleList)
        await pilot.press("j")  # keep the cursor on Beta through the changes
        selected = article_list.record_id
        new = story_folder / "new" / "e.md"

        def drop() -> None:
            write_record(new, title="Epsilon story", date="2020-01-06T00:00:00Z", url="https://example.com/e")

        drop()
        await wait_for(pilot, lambda: "Epsilon story" in titles(app), nudge=drop)
        assert article_list.record_id == selected  # the selection stayed on Beta

        changed = story_folder / "a.md"

        def change() -> None:
            changed.write_text(changed.read_text().replace("Alpha story", "Alpha story, corrected", 1))
            os.utime(changed)

        change()
        await wait_for(pilot, lambda: "Alpha story, corrected" in titles(app), nudge=change)
        (story_folder / "sub" / "c.txt").unlink()
        await wait_for(pilot, lambda: "Gamma story" not in titles(app))
        assert article_list.record_id == selected
