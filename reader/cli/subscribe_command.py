"""`reader subscribe URL|OPML... [--folder DIR]`: add feeds to the config's [[feeds]]."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.output import warn


def run_subscribe(argv: list[str]) -> int:
    """Add feed addresses (or every feed of an OPML file) to the subscriptions."""
    from reader.cli.output import shown
    from reader.core.config import ConfigError, Subscription
    from reader.core.feeds.model import FeedError
    from reader.core.feeds.opml import read_opml
    from reader.core.feeds.subscriptions import subscribe

    parser = argparse.ArgumentParser(prog="reader subscribe", description="Subscribe to feeds.")
    parser.add_argument(
        "sources", nargs="+", metavar="URL|OPML", help="a feed's http(s) address or an OPML file"
    )
    parser.add_argument(
        "--folder", metavar="DIR", help="where their records go (default: `reader feeds` says)"
    )
    args = parser.parse_args(argv)
    folder = str(Path(args.folder).expanduser().resolve()) if args.folder else ""
    wanted: list[Subscription] = []
    status = 0
    for source in args.sources:
        if "://" in source:
            wanted.append(Subscription(source.strip(), folder=folder))
            continue
        try:
            outlines = read_opml(Path(source).read_bytes())
        except (OSError, FeedError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            warn(f"{shown(source)}: {shown(reason)}")
            status = 1
            continue
        wanted.extend(Subscription(o.url, o.title, folder) for o in outlines)
    good = [s for s in wanted if s.url.lower().startswith(("http://", "https://"))]
    for bad in wanted:
        if bad not in good:
            warn(f"{shown(bad.url)}: only http and https feeds can be subscribed")
            status = 1
    try:
        added = subscribe(good)
    except ConfigError as exc:
        warn(f"{shown(str(exc))}")
        return 1
    for subscription in good:
        said = "subscribed" if subscription in added else "already subscribed"
        print(f"{said}: {shown(subscription.url)}")
    if added:
        print("`reader fetch` fetches them; `reader` with no PATH opens them.")
    return status
