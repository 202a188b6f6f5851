"""The status line while files stream in: progress shows, is redrawn sparingly, never outlives the load."""

from __future__ import annotations

from pathlib import Path

from reader.core.corpus import SyncProgress
from reader.messages import CorpusChanged
from reader.widgets.status_line import StatusLine
from tests.pilot import open_reader, settle


async def test_progress_shows_at_once_and_ready_replaces_it(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        screen = app.main_screen
        status = screen.query_one(StatusLine)
        screen.post_message(CorpusChanged(SyncProgress(parsed=10, to_parse=100, scanning=False)))
        await pilot.pause()
        assert "10 of 100" in status.text  # the first step of a sync is shown without waiting
        for parsed in range(20, 100, 10):  # a burst of steps inside the redraw window
            screen.post_message(CorpusChanged(SyncProgress(parsed=parsed, to_parse=100, scanning=False)))
        screen.post_message(
            CorpusChanged(SyncProgress(parsed=100, to_parse=100, scanning=False, finished=True))
        )
        await settle(pilot)
        assert status.text.endswith("Ready") and "Reading files" not in status.text
        assert "4 records" in status.text
