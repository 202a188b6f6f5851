"""The garbage collector tuned for a reader that holds hundreds of thousands of long-lived rows.

One place for it: the thresholds are set once at start, and the rows are frozen out of collection
whenever a load or a graph brings many of them.
"""

from __future__ import annotations

import gc


def tune_collector() -> None:
    """Rarer, larger young-generation passes: every frame allocates thousands of short-lived objects.

    With the default thresholds a full collection (tens of ms) ran every few key presses.
    """
    gc.set_threshold(20_000, 50, 100)


def freeze_long_lived() -> None:
    """Move every object alive now out of the collector's reach.

    The rows, their sort keys and views live for the whole session: full passes over 100,000 rows
    stalled a key press for 100+ ms.
    """
    gc.freeze()
