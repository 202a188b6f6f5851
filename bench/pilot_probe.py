"""Per-key and topic-switch timings of the real app, driven in-process with Textual's Pilot.

`python bench/pilot_probe.py FOLDER CACHE_DIR [--keys 200] [--topics 30]` opens the app on a
folder whose index is already built (a warm start), waits until loading has finished, then types
keys one at a time and times each from the key event to the frame that shows its effect. It
prints one JSON line. Run it with READER_DATA_DIR and READER_CONFIG pointing at throwaway paths.
`python bench/pilot_probe.py --bare [--keys 200]` times bench/bare_app.py the same way: the floor.

Pilot's own `press` waits for the CPU to go idle (tens of milliseconds), so keys are posted the
way Pilot posts them and the frames are observed directly: the app's `_display` is wrapped to
stamp each frame with the time and what it showed. The frame is also turned into the terminal
bytes a real driver would write, so that cost is counted too.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from pathlib import Path

# Running as a script puts bench/ first on sys.path; the app is imported from the checkout.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events
from textual._compositor import CompositorUpdate

from reader.app import ReaderApp
from reader.widgets.article_list import ArticleList
from reader.widgets.topic_sidebar import TopicSidebar

SIZE = (200, 50)


class Frames:
    """Every frame the app drew, with what it showed: list cursor, list contents, shown record."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.stamps: list[tuple[float, int, int, str | None]] = []
        original = app._display

        def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            if renderable is not None and isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # what a terminal driver would write
            original(screen, renderable)
            if renderable is not None:
                self.stamps.append((time.perf_counter(), *self._state()))

        app._display = display  # type: ignore[method-assign]

    def _state(self) -> tuple[int, int, str | None]:
        screen = self.app.main_screen
        article_list = screen.query_one(ArticleList)
        record = getattr(screen, "record", None)
        return article_list.cursor, id(article_list.ids), record.path if record is not None else None

    async def first(self, since: int, test, timeout: float = 10.0) -> float | None:  # type: ignore[no-untyped-def]
        """The time of the first frame from index `since` on that passes `test`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for stamp in self.stamps[since:]:
                if test(*stamp[1:]):
                    return stamp[0]
            await asyncio.sleep(0.0005)
        return None


class Collections:
    """How long each garbage collection took: a full pass over a large heap stalls every frame."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._started = 0.0
        self.active = False

    def __call__(self, phase: str, info: dict) -> None:
        if not self.active:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))


def press(app: ReaderApp, key: str) -> float:
    """Post one key event as Pilot does; return when it was posted."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    started = time.perf_counter()
    app._driver.send_message(event)  # type: ignore[union-attr]
    return started


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until one key's work is done (workers, messages, CPU), so it does not overlap the next.

    The folder watcher is a worker that runs for the app's whole life: it is not waited for.
    """
    while True:
        busy = [w for w in pilot.app.workers if w.group != "watch" and not w.is_finished]
        if not busy:
            break
        await asyncio.sleep(0.001)
    await pilot.pause()


async def probe(folder: str, cache_dir: Path, keys: int, topics: int) -> dict:
    """Open the app, wait for the full list, then time cursor keys and topic switches."""
    app = ReaderApp([folder], cache_dir)
    result: dict = {}
    async with app.run_test(size=SIZE) as pilot:
        frames = Frames(app)
        started = time.perf_counter()
        screen = app.main_screen
        while not getattr(screen, "loaded", False):
            await asyncio.sleep(0.01)
            if time.perf_counter() - started > 600:
                raise SystemExit("the app did not finish loading in 10 minutes")
        result["loaded_s"] = time.perf_counter() - started
        article_list = screen.query_one(ArticleList)
        result["records"] = len(article_list.ids)
        article_list.focus()
        await settle(pilot)
        collections = Collections()
        gc.callbacks.append(collections)
        collections.active = True

        list_times, story_times = [], []
        misses = 0
        for _ in range(keys):
            target = article_list.cursor + 1
            if target >= len(article_list.ids):
                break
            path = app.corpus.index.path_of(article_list.ids[target])  # type: ignore[union-attr]
            mark = len(frames.stamps)
            sent = press(app, "j")
            moved = await frames.first(mark, lambda cursor, _ids, _path, t=target: cursor == t)
            shown = None
            if len(story_times) or misses < 3:  # a pane that never shows the record is not waited for
                shown = await frames.first(mark, lambda _cursor, _ids, shown, p=path: shown == p, timeout=2)
                misses += shown is None
            if moved is not None:
                list_times.append(moved - sent)
            if shown is not None:
                story_times.append(shown - sent)
            await settle(pilot)
        result["key_list_s"] = list_times
        result["key_story_s"] = story_times

        sidebar = screen.query_one(TopicSidebar)
        sidebar.focus()
        await settle(pilot)
        switch_times, sizes = [], []
        for _ in range(topics):
            before = id(article_list.ids)
            chosen = sidebar.chosen
            mark = len(frames.stamps)
            sent = press(app, "j")
            shown = await frames.first(mark, lambda _cursor, ids, _path, b=before: ids != b)
            await settle(pilot)
            if sidebar.chosen == chosen:
                break  # the last topic: nothing to switch to
            if shown is not None:
                switch_times.append(shown - sent)
                sizes.append(len(article_list.ids))
        result["topic_switch_s"] = switch_times
        result["topic_sizes"] = sizes
        collections.active = False
        result["gc_full_s"] = [seconds for generation, seconds in collections.pauses if generation == 2]
        result["gc_all_s"] = sum(seconds for _generation, seconds in collections.pauses)
        result["gc_tracked_objects"] = len(gc.get_objects())
        result["gc_frozen_objects"] = gc.get_freeze_count()
    return result


async def probe_bare(keys: int) -> dict:
    """The floor in-process: bench/bare_app.py's key → the frame showing its changed Static, keys spaced."""
    from bare_app import BareApp

    app = BareApp()
    stamps: list[tuple[float, int]] = []
    async with app.run_test(size=SIZE) as pilot:
        original = app._display

        def display(screen, renderable) -> None:  # type: ignore[no-untyped-def]
            if renderable is not None and isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
            original(screen, renderable)
            if renderable is not None:
                stamps.append((time.perf_counter(), app.count))

        app._display = display  # type: ignore[method-assign]
        await pilot.pause()
        times = []
        for target in range(1, keys + 1):
            mark = len(stamps)
            sent = press(app, "j")  # type: ignore[arg-type]
            deadline = sent + 5
            while time.perf_counter() < deadline:
                drawn = next((t for t, count in stamps[mark:] if count == target), None)
                if drawn is not None:
                    times.append(drawn - sent)
                    break
                await asyncio.sleep(0.0005)
            await pilot.pause()
    return {"key_s": times}


def main(argv: list[str] | None = None) -> int:
    """Command line: FOLDER CACHE_DIR [--keys N] [--topics N], or --bare [--keys N]; prints one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("cache_dir", type=Path, nargs="?")
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--topics", type=int, default=30)
    parser.add_argument("--bare", action="store_true", help="time bench/bare_app.py's keys instead")
    args = parser.parse_args(argv)
    if args.bare:
        result = asyncio.run(probe_bare(args.keys))
    elif args.folder and args.cache_dir:
        result = asyncio.run(probe(args.folder, args.cache_dir, args.keys, args.topics))
    else:
        parser.error("FOLDER and CACHE_DIR are needed (or --bare)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
