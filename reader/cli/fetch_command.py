"""`reader fetch`: import every subscribed feed into its folder, several at once."""

from __future__ import annotations

import argparse


def run_fetch(argv: list[str]) -> int:
    """Fetch all subscriptions; exit 1 if one failed."""
    from reader.cli.feed_report import report, subscribed_feeds
    from reader.core.feeds.cache import FeedCache
    from reader.core.feeds.importer import import_jobs
    from reader.core.feeds.subscriptions import subscription_jobs
    from reader.core.paths import cache_dir

    parser = argparse.ArgumentParser(prog="reader fetch", description="Fetch every subscribed feed.")
    parser.parse_args(argv)
    feeds = subscribed_feeds()
    if not feeds:
        print("No subscriptions. `reader subscribe URL` adds one.")
        return 0
    return report(import_jobs(subscription_jobs(feeds), FeedCache(cache_dir() / "feeds.json")))
