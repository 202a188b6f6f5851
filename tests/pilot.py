"""Waiting for the app in Pilot tests: one definition of "the app has settled"."""

from __future__ import annotations

from textual.pilot import Pilot


async def settle(pilot: Pilot) -> None:
    """Wait until loading and page workers are done, and the story and sidebar timers have fired.

    Keys pressed in a burst, and the sidebar counts that follow reading, run on short timers of
    their own: those are polled until they fire; everything else is awaited.
    """
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    while app.main_screen.settling:  # type: ignore[attr-defined]
        await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()
