"""`reader export-opml [FILE]`: the subscriptions as OPML, for another feed reader."""

from __future__ import annotations

import argparse


def run_export_opml(argv: list[str]) -> int:
    """Write the subscriptions as OPML to FILE, or to standard output."""
    from reader.cli.feed_report import subscribed_feeds
    from reader.cli.output import shown, write_out
    from reader.core.feeds.opml import Outline, write_opml

    parser = argparse.ArgumentParser(
        prog="reader export-opml", description="Write the subscriptions as OPML."
    )
    parser.add_argument(
        "file", nargs="?", metavar="FILE", help="where to write it (default: standard output)"
    )
    args = parser.parse_args(argv)
    feeds = subscribed_feeds()
    text = write_opml([Outline(feed.url, feed.title) for feed in feeds])
    if not write_out(text, args.file):
        return 1
    if args.file and args.file != "-":
        print(f"{len(feeds):,} feeds written to {shown(args.file)}")
    return 0
