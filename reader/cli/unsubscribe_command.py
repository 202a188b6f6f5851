"""`reader unsubscribe URL...`: remove feeds from the config; their records stay."""

from __future__ import annotations

import argparse

from reader.cli.output import warn


def run_unsubscribe(argv: list[str]) -> int:
    """Remove subscriptions by address; exit 1 if one was not subscribed."""
    from reader.cli.output import shown
    from reader.core.config import ConfigError
    from reader.core.feeds.subscriptions import unsubscribe

    parser = argparse.ArgumentParser(
        prog="reader unsubscribe", description="Stop fetching feeds. Records already written are kept."
    )
    parser.add_argument(
        "urls", nargs="+", metavar="URL", help="a subscribed address, as `reader feeds` lists it"
    )
    args = parser.parse_args(argv)
    try:
        removed = unsubscribe(args.urls)
    except ConfigError as exc:
        warn(f"{shown(str(exc))}")
        return 1
    status = 0
    for url in args.urls:
        if url.strip() in removed:
            print(f"unsubscribed: {shown(url)}")
        else:
            warn(f"{shown(url)}: not subscribed")
            status = 1
    return status
