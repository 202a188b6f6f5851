"""SVG snapshots of the screens whose look matters: the main screen, the help, a query error."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from reader.app import ReaderApp
from reader.cli import bundled_seeds
from reader.core.config import Config
from reader.core.paths import cache_dir
from reader.widgets.query_bar import QueryBar
from tests.pilot import settle

SIZE = (150, 42)


def seeds_app() -> ReaderApp:
    # No lead image: a picture arrives when its worker ends, which would make the frame depend on timing.
    return ReaderApp([str(bundled_seeds())], cache_dir(), config=Config(images=False), watch=False)


async def steady(pilot: Pilot) -> None:
    """Settle, with the cursor blink off: a blinking cursor is drawn or not by the clock."""
    boxes = pilot.app.main_screen.query(Input)  # type: ignore[attr-defined]
    assert boxes, "the search box was not found"
    for box in boxes:
        box.cursor_blink = False
    await settle(pilot)


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=steady)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=open_help)


def test_query_with_an_error(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def bad_query(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("slash")
        pilot.app.main_screen.query_one(QueryBar).query_one(Input).value = "export tilte:china"  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=bad_query)
