"""`reader list`: the articles that match a query, for scripts."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reader.cli.folders import configured_paths, missing
from reader.cli.output import json_dumps, quiet_stdout, report_query_error, warn
from reader.core.dates import utc_iso, utc_list_date

if TYPE_CHECKING:
    from reader.core.corpus import Corpus
    from reader.core.digest import Summary
    from reader.core.query import Query


def run_list(argv: list[str]) -> int:
    """`reader list`: the articles that match a query, newest first, as tab-separated lines or JSON Lines."""
    from reader.core.query import QueryError, parse_query

    parser = argparse.ArgumentParser(
        prog="reader list",
        description="Print the articles that match a query, newest first: one line each, with the date "
        "(UTC), title, provider and source address separated by tabs.",
        epilog="The query language is the one of the app's / search, e.g. "
        "'facial recognition since:2020-01-20 -topic:Policy', 'provider:verge is:unread', 'heat>0'.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (default: as the app)"
    )
    parser.add_argument("-q", "--query", default="", metavar="Q", help="only the articles that match Q")
    parser.add_argument(
        "--json", action="store_true", help="one JSON object per article and line (JSON Lines)"
    )
    args = parser.parse_args(argv)
    try:
        # Parsed before any file is read, so a typo is reported at once.
        query = parse_query(args.query)
    except QueryError as error:
        report_query_error(args.query, error)
        return 2
    paths = args.paths or configured_paths()
    if missing(paths):
        return 2
    try:
        return _list(paths, query, args.json)
    except BrokenPipeError:  # `reader list | head` stops reading: that is not an error
        quiet_stdout()
        return 0
    except KeyboardInterrupt:
        return 130


def _list(paths: list[str], query: Query, as_json: bool) -> int:
    from reader.core.catalog import Catalog
    from reader.core.corpus import Corpus
    from reader.core.paths import cache_dir
    from reader.core.query import QueryError, run_query

    corpus = Corpus.open(paths, cache_dir())
    try:
        if corpus.index.recovered:
            warn(corpus.index.recovered)
        _sync(corpus)
        wanted: set[int] | None = None
        if not query.is_empty:
            read, starred = _state_keys() if query.uses_state else (frozenset(), frozenset())
            try:
                wanted = run_query(corpus.index.db, query, read, starred)
            except QueryError as error:
                report_query_error(query.text, error)
                return 2
        write = sys.stdout.write
        locations = corpus.index.locations()
        for summary in Catalog(corpus.cached()).ordered("newest"):
            if wanted is not None and summary.id not in wanted:
                continue
            path, source_url = locations.get(summary.id, ("", ""))
            write(
                (_json_line(summary, path, source_url) if as_json else _text_line(summary, source_url)) + "\n"
            )
        sys.stdout.flush()
    finally:
        corpus.index.close()
    return 0


def _sync(corpus: Corpus) -> None:
    """Bring the index up to date, showing progress on a terminal when there is much to read."""
    from reader.core.corpus import POOL_THRESHOLD

    shown = ""
    tty = sys.stderr.isatty()
    for step in corpus.sync():
        if tty and step.to_parse >= POOL_THRESHOLD and not step.finished:
            shown = (
                f"reader: reading {step.parsed:,} of {step.to_parse:,}{'+' if step.scanning else ''} files"
            )
            sys.stderr.write(f"\r{shown}")
            sys.stderr.flush()
    if shown:
        sys.stderr.write("\r" + " " * len(shown) + "\r")
        sys.stderr.flush()
    broken = len({problem.path for problem in corpus.problems()})
    if broken:
        files = "file is not a valid record" if broken == 1 else "files are not valid records"
        warn(f"{broken:,} {files}; `reader check` lists them")


def _state_keys() -> tuple[set[str], set[str]]:
    """The saved read and starred story keys, without creating a state file when there is none."""
    from reader.core.paths import state_file
    from reader.core.state_reading import open_to_read

    if not state_file().exists():
        return set(), set()
    with open_to_read(state_file()) as store:
        if store.warning:
            warn(store.warning)
        return store.read_keys(), store.starred_keys()


def _text_line(summary: Summary, source_url: str) -> str:
    """One tab-separated line: date, title, provider, source address."""
    from reader.core.text import one_line

    # Record text has no control characters left, but may hold tabs and newlines: fold them.
    # UTC, so that scripts get the same dates wherever they run.
    fields = (utc_list_date(summary.published), summary.title, summary.provider, source_url)
    return "\t".join(one_line(field) for field in fields)


def _json_line(summary: Summary, path: str, source_url: str) -> str:
    """One JSON object with everything a script needs about a record, and nothing internal."""
    published = utc_iso(summary.published)
    item = {
        "path": path,
        "title": summary.title,
        "published": published,
        "provider": summary.provider,
        "topics": list(summary.topics),
        "source_url": source_url,
        "story": summary.story,
        "heat": summary.heat,
        "quality": summary.quality,
    }
    return json_dumps(item)
