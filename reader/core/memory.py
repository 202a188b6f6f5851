"""The garbage collector tuned for a reader that holds hundreds of thousands of long-lived rows.

One place for it: the thresholds are set once at start, and the rows are frozen out of collection
whenever a load or a graph brings many of them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def tune_collector() -> None:
    """Rarer, larger young-generation passes, and middle-generation passes small enough for a frame.

    Every frame allocates thousands of short-lived objects: with the default thresholds a full
    collection (tens of ms) ran every few key presses. Many of them are cycles that only the
    collector frees (Textual's line strips keep caches that point back at them: about 80,000
    objects in 40 keys), and those that outlive a young pass pile up in the middle generation: a
    pass over it every 50 young passes took 60-190 ms, a stalled key or topic switch; every 5, 20-35.
    """
    gc.set_threshold(20_000, 5, 100)


def freeze_long_lived() -> None:
    """Move every object alive now out of the collector's reach.

    The rows, their sort keys and views live for the whole session: full passes over 100,000 rows
    stalled a key press for 100+ ms.
    """
    gc.freeze()


@contextmanager
def long_lived_batch() -> Iterator[None]:
    """Make many objects that live for the session (a snapshot's 100,000 rows) out of the collector's way.

    The collector is paused while they are made, then they are frozen like `freeze_long_lived`: each
    young pass would walk every row made so far, and the first pass after a pause walks them all
    (70 ms at 100,000 rows).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
