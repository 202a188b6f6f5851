"""SVG snapshots of the main screen at the sizes users have (80×24, 120×40, 200×50) and of the
"mark all read" question, which once showed as an empty box."""

from __future__ import annotations

import pytest

from reader.app import ReaderApp
from reader.cli import bundled_seeds
from reader.core.config import Config
from reader.core.paths import cache_dir
from tests.pilot import settle


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates are shown in the local zone: the snapshots are taken in one."""
    monkeypatch.setenv("TZ", "UTC")


def seeds_app() -> ReaderApp:
    # No lead image: a picture arrives when its worker ends, which would make the frame depend on timing.
    return ReaderApp([str(bundled_seeds())], cache_dir(), config=Config(images=False), watch=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=["80x24", "120x40", "200x50"])
def test_main_screen_at_each_size(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seeds_app(), terminal_size=size, run_before=settle)


def test_mark_all_read_asks_with_the_count_and_the_keys(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def ask(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause()

    assert snap_compare(seeds_app(), terminal_size=(100, 30), run_before=ask)
