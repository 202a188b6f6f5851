"""The one way in: parse the command line, then run the app or a command that needs no terminal UI."""

from __future__ import annotations

import sys

from reader.cli.app_command import app_parser, run_app
from reader.cli.check_command import run_check
from reader.cli.config_command import run_config
from reader.cli.export_opml_command import run_export_opml
from reader.cli.feeds_command import run_feeds
from reader.cli.fetch_command import run_fetch
from reader.cli.folders import bundled_seeds
from reader.cli.import_command import run_import
from reader.cli.list_command import run_list
from reader.cli.serve_command import run_serve
from reader.cli.state_command import run_state
from reader.cli.subscribe_command import run_subscribe
from reader.cli.unsubscribe_command import run_unsubscribe

# One entry per subcommand; a new command is a module of its own and a line here.
COMMANDS = {
    "list": run_list,
    "state": run_state,
    "check": run_check,
    "config": run_config,
    "import": run_import,
    "subscribe": run_subscribe,
    "unsubscribe": run_unsubscribe,
    "feeds": run_feeds,
    "fetch": run_fetch,
    "export-opml": run_export_opml,
    "serve": run_serve,
}

__all__ = ["COMMANDS", "bundled_seeds", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the reader with command-line arguments; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        # A command's name wins over a folder of that name; `reader ./list` opens the folder.
        if argv and argv[0] in COMMANDS:
            return COMMANDS[argv[0]](argv[1:])
        args = app_parser().parse_args(argv)
    except SystemExit as stop:  # argparse's --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return run_app(args.paths)
