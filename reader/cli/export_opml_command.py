"""`reader export-opml [FILE]`: the subscriptions as OPML, for another feed reader."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.output import warn


def run_export_opml(argv: list[str]) -> int:
    """Write the subscriptions as OPML to FILE, or to standard output."""
    from reader.cli.output import quiet_stdout, shown
    from reader.core.feeds.opml import Outline, write_opml
    from reader.core.feeds.subscriptions import subscriptions
    from reader.core.files import write_atomically

    parser = argparse.ArgumentParser(
        prog="reader export-opml", description="Write the subscriptions as OPML."
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="where to write it (default: standard output)"
    )
    args = parser.parse_args(argv)
    feeds, messages = subscriptions()
    for message in messages:
        warn(f"{shown(message)}")
    text = write_opml([Outline(feed.url, feed.title) for feed in feeds])
    if not args.file:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_stdout()
        return 0
    try:
        write_atomically(Path(args.file), text)
    except OSError as exc:
        warn(f"{shown(args.file)}: {shown(exc.strerror or str(exc))}")
        return 1
    print(f"{len(feeds):,} feeds written to {shown(args.file)}")
    return 0
