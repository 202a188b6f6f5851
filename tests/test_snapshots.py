"""SVG snapshots of the screens whose look matters: the main screen, the help, a query error."""

from __future__ import annotations

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


def test_main_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=settle)


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=open_help)


def test_query_with_an_error(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def bad_query(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("slash")
        bar = pilot.app.main_screen.query_one(QueryBar)
        from textual.widgets import Input

        bar.query_one(Input).value = "export tilte:china"
        await settle(pilot)

    assert snap_compare(seeds_app(), terminal_size=SIZE, run_before=bad_query)
