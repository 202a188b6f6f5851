"""Printing what an import or a fetch did: one line per feed, the failures named, then a total."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from reader.cli.output import plural, quiet_stdout, shown, warn
from reader.core.feeds.importer import Outcome
from reader.core.feeds.store import Counts
from reader.core.feeds.subscriptions import subscriptions

if TYPE_CHECKING:
    from reader.core.config import Subscription


def report(outcomes: list[Outcome]) -> int:
    """Print each outcome and the total; return the exit status (1 if a feed failed)."""
    total = Counts()
    failed = 0
    try:
        for outcome in outcomes:
            if outcome.error:
                failed += 1
                warn(f"{shown(outcome.source)}: {shown(outcome.error)}")
                continue
            total.add(outcome.counts)
            print(f"{shown(outcome.source)}: {outcome.summary()}")
        read = len(outcomes) - failed
        line = f"total: {total} from {plural(read, 'feed')}"
        print(line + (f"; {failed:,} failed" if failed else ""))
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
    return 1 if failed else 0


def subscribed_feeds() -> list[Subscription]:
    """The config's subscriptions; what is wrong in the config is said on stderr first."""
    feeds, messages = subscriptions()
    for message in messages:
        warn(shown(message))
    return feeds
