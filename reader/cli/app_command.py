"""`reader [PATH ...]`: the terminal UI."""

from __future__ import annotations

import argparse
from pathlib import Path

from reader import __version__
from reader.cli.folders import default_paths
from reader.cli.output import warn

_COMMAND_HELP = """\
commands:
  reader list [PATH ...] [--query Q] [--json]
                        print the articles that match a query, newest first, one per line
  reader state export [FILE]
                        write read marks and stars as JSON (to standard output without FILE)
  reader state import FILE
                        add the read marks and stars of an export to the saved ones
  reader check [PATH ...]
                        report every file that is not a valid record, as path:line: reason
  reader config path    print where the config file is
  reader import SOURCE ... --into DIR
                        turn feed files, http(s) feeds and OPML lists into records in DIR
  reader subscribe URL|OPML ... [--folder DIR]
                        add feeds to the config; `reader unsubscribe URL ...` removes them
  reader feeds          list the subscriptions and what their last fetch said
  reader fetch          import every subscribed feed into its folder (ctrl+r in the app)
  reader export-opml [FILE]
                        write the subscriptions as OPML
  reader serve [--host 127.0.0.1] [--port 8000] [PATH ...]
                        serve the reader to a web browser (another host exposes it to that network)

`reader COMMAND --help` says more. A folder named like a command opens as a path: `reader ./list`."""


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description=(
            "Read a folder of news records in the terminal. With no PATH, opens the configured folders"
            " and the subscribed feeds' folders, else the bundled samples."
        ),
        epilog=_COMMAND_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (searched recursively)"
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def run_app(paths: list[str]) -> int:
    """Run the terminal UI on `paths`."""
    from reader.app import ReaderApp
    from reader.core.config import load_config
    from reader.core.paths import cache_dir

    config, messages = load_config()
    paths = paths or default_paths(config.folders, config.feeds)
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        for path in missing:
            warn(f"{path}: no such file or folder")
        return 2
    ReaderApp(paths, cache_dir(), config=config, config_messages=messages).run()
    return 0
