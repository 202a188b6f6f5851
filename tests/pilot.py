"""Running the reader in Pilot tests: one opening, one definition of "the app has settled"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from textual.message import Message
from textual.notifications import Notification, Notify
from textual.pilot import Pilot

import reader.app
from reader.app import ReaderApp
from reader.core.config import Config
from reader.core.paths import cache_dir

SIZE = (160, 48)


class ObservedApp(ReaderApp):
    """The reader app as a test watches it: every message it dispatched, kept in order."""

    # Textual finds a relative stylesheet beside the module of the class: point at the app's own.
    CSS_PATH = Path(reader.app.__file__).parent / str(ReaderApp.CSS_PATH)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.posted: list[Message] = []

    @property
    def notifications(self) -> list[Notification]:
        """The notifications the app showed, as Textual received them."""
        return [message.notification for message in self.posted if isinstance(message, Notify)]


def observed_app(folder: Path, *, config: Config | None = None, watch: bool = False) -> ObservedApp:
    """The reader on one folder, writing only into the test's own folders.

    No folder watcher unless asked: its worker never ends, and `settle` waits for every worker.
    """
    return ObservedApp([str(folder)], cache_dir(), config=config, watch=watch)


@asynccontextmanager
async def running(
    app: ObservedApp, *, size: tuple[int, int] = SIZE, wait: bool = True
) -> AsyncIterator[tuple[ObservedApp, Pilot[None]]]:
    """Run `app` headless, recording what it posts; by default once it has loaded and settled."""
    async with app.run_test(size=size, message_hook=app.posted.append) as pilot:
        if wait:
            await settle(pilot)
        yield app, pilot


def open_reader(
    folder: Path, *, config: Config | None = None, size: tuple[int, int] = SIZE
) -> AbstractAsyncContextManager[tuple[ObservedApp, Pilot[None]]]:
    """The opening of most Pilot tests: the reader on `folder`, loaded and settled."""
    return running(observed_app(folder, config=config), size=size)


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
