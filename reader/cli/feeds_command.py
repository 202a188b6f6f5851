"""`reader feeds`: the subscriptions, where their records go and what their last fetch said."""

from __future__ import annotations

import argparse


def run_feeds(argv: list[str]) -> int:
    """List every subscription with its folder and last fetch result."""
    from reader.cli.feed_report import subscribed_feeds
    from reader.cli.output import shown
    from reader.core.feeds.cache import FeedCache
    from reader.core.feeds.subscriptions import folder_of
    from reader.core.paths import cache_dir

    parser = argparse.ArgumentParser(prog="reader feeds", description="List the subscribed feeds.")
    parser.parse_args(argv)
    feeds = subscribed_feeds()
    if not feeds:
        print("No subscriptions. `reader subscribe URL` adds one.")
        return 0
    cache = FeedCache(cache_dir() / "feeds.json")
    for number, feed in enumerate(feeds, start=1):
        status = cache.get(feed.url)
        last = f"{status.checked}: {status.result}" if status.checked else "never fetched"
        title = f"{shown(feed.title)} " if feed.title else ""
        print(f"{number}. {title}<{shown(feed.url)}>")
        print(f"   into {shown(str(folder_of(feed)))} · {'' if status.ok else 'FAILED '}{shown(last)}")
    return 0
