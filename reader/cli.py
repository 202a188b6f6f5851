"""The one way in: parse the command line, then run the app or a command that needs no terminal UI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader import __version__

COMMANDS = ("check", "config")


def bundled_seeds() -> Path:
    """The sample records: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "seeds"
    return installed if installed.is_dir() else here.parent / "seeds"


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read a folder of news records in the terminal. With no PATH, opens the bundled samples.",
        epilog="Commands: `reader check [PATH ...]` reports files that are not valid records; "
        "`reader config path` prints where the config file is.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (searched recursively)"
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _default_paths(folders: list[str] | None = None) -> list[str]:
    return folders or [str(bundled_seeds())]


def run_app(paths: list[str]) -> int:
    """Run the terminal UI on `paths`."""
    from reader.app import ReaderApp
    from reader.core.config import load_config
    from reader.core.paths import cache_dir

    config, messages = load_config()
    paths = paths or _default_paths(config.folders)
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        for path in missing:
            print(f"reader: {path}: no such file or folder", file=sys.stderr)
        return 2
    ReaderApp(paths, cache_dir(), config=config, config_messages=messages).run()
    return 0


def run_check(argv: list[str]) -> int:
    """`reader check`: load without the UI and list every problem; exit 1 if there is one."""
    from reader.core.check import check_paths, format_report

    parser = argparse.ArgumentParser(
        prog="reader check", description="Report files that are not valid records."
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    args = parser.parse_args(argv)
    count, problems = check_paths(args.paths or _default_paths())
    try:
        for line in format_report(count, problems):
            print(line)
    except BrokenPipeError:  # `reader check | head` is fine
        return 1 if problems else 0
    return 1 if problems else 0


def run_config(argv: list[str]) -> int:
    """`reader config path`: where the config file is."""
    from reader.core.paths import config_file

    parser = argparse.ArgumentParser(prog="reader config", description="About the config file.")
    parser.add_argument("what", choices=["path"])
    parser.parse_args(argv)
    print(config_file())
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the reader with command-line arguments; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        command, rest = argv[0], argv[1:]
        return {"check": run_check, "config": run_config}[command](rest)
    args = _app_parser().parse_args(argv)
    return run_app(args.paths)
