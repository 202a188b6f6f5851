"""`reader check`: every file that is not a valid record."""

from __future__ import annotations

import argparse
import sys

from reader.cli.folders import configured_paths
from reader.cli.output import quiet_stdout, warn


def run_check(argv: list[str]) -> int:
    """`reader check`: load without the UI and list every problem; exit 1 if there is one."""
    from reader.core.check import check_paths, format_report

    parser = argparse.ArgumentParser(
        prog="reader check", description="Report files that are not valid records."
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (default: as the app)"
    )
    args = parser.parse_args(argv)
    paths = args.paths or configured_paths()
    count, problems = check_paths(paths)
    try:
        for line in format_report(count, problems):
            print(line)
        sys.stdout.flush()
        if not count:
            from reader.core.feeds.hint import feed_files_hint

            hint = feed_files_hint(paths)
            if hint:
                warn(f"{hint}")
    except BrokenPipeError:  # `reader check | head` is fine
        quiet_stdout()
    return 1 if problems else 0
