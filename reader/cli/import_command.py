"""`reader import SOURCE... --into DIR`: feed files, feed addresses and OPML lists into records."""

from __future__ import annotations

import argparse
from pathlib import Path


def run_import(argv: list[str]) -> int:
    """Import every source into DIR, one record per entry; exit 1 if a source failed."""
    from reader.cli.feed_report import report
    from reader.core.feeds.cache import FeedCache
    from reader.core.feeds.importer import expand, import_jobs
    from reader.core.paths import cache_dir

    parser = argparse.ArgumentParser(
        prog="reader import",
        description="Turn RSS, Atom and JSON Feed entries into records; importing again updates them.",
    )
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a feed file, an http(s) feed address, an OPML file or a folder",
    )
    parser.add_argument("--into", required=True, metavar="DIR", help="the folder the records are written to")
    args = parser.parse_args(argv)
    jobs, failed = expand(args.sources, Path(args.into).expanduser())
    outcomes = failed + import_jobs(jobs, FeedCache(cache_dir() / "feeds.json"))
    return report(outcomes)
