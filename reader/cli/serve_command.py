"""`reader serve [--host H] [--port P] [PATH ...]`: the reader in a web browser, through textual-serve."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from reader.cli.folders import default_paths

_EPILOG = """\
Each browser tab that opens the page runs its own reader on this machine, with this user's
saved state and files. The default host, 127.0.0.1, lets only this machine in: binding another
address (0.0.0.0, a LAN address) exposes the reader, and what it can read, to that network."""


def serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader serve",
        description="Serve the reader to a web browser (textual-serve).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default 8000)")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="record files or folders to open")
    return parser


def app_command(paths: list[str]) -> str:
    """The command line that starts one reader per browser tab (textual-serve runs it through a shell)."""
    # Every part is quoted: a folder's name must never be read by the shell as a command.
    argv = [sys.executable, "-m", "reader", *[str(Path(path).resolve()) for path in paths]]
    return " ".join(shlex.quote(part) for part in argv)


def run_serve(argv: list[str]) -> int:
    """Serve the reader on the given address until interrupted."""
    from textual_serve.server import Server

    from reader.core.config import load_config

    args = serve_parser().parse_args(argv)
    config, _messages = load_config()  # the served app reports the config's problems itself
    paths = args.paths or default_paths(config.folders)
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        for path in missing:
            print(f"reader serve: {path}: no such file or folder", file=sys.stderr)
        return 2
    print(f"Serving the reader at http://{args.host}:{args.port} (Ctrl+C stops)", flush=True)
    Server(app_command(paths), host=args.host, port=args.port, title="reader").serve()
    return 0
