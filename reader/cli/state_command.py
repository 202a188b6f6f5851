"""`reader state export|import`: read marks and stars as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from reader.cli.output import json_dumps, plural, shown, warn, write_out
from reader.core.files import read_small_file

MAX_EXPORT_BYTES = 256 << 20  # a million read marks take about 40 MiB


def run_state(argv: list[str]) -> int:
    """`reader state export|import`: read marks and stars as JSON, to back up or move to another machine."""
    parser = argparse.ArgumentParser(prog="reader state", description="Save or restore read marks and stars.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
    export = actions.add_parser(
        "export", help="write read marks and stars as JSON", description="Write read marks and stars as JSON."
    )
    export.add_argument("file", nargs="?", metavar="FILE", help="where to write (default: standard output)")
    import_ = actions.add_parser(
        "import",
        help="add the read marks and stars of an export to the saved ones",
        description="Add the read marks and stars of an export to the saved ones; nothing saved is removed.",
    )
    import_.add_argument(
        "file", metavar="FILE", help="a file written by `reader state export` (- for standard input)"
    )
    args = parser.parse_args(argv)
    if args.action == "export":
        return _export_state(args.file)
    return _import_state(args.file)


def _export_state(file: str | None) -> int:
    from reader.core.paths import state_file
    from reader.core.state import StateError, StateStore
    from reader.core.state_reading import open_to_read

    path = state_file()
    # No saved state yet is an empty export, not a reason to create a state file.
    store = open_to_read(path) if path.exists() else StateStore.in_memory()
    with store:
        if store.warning:
            warn(store.warning)
            if store.path is None:
                return 1  # the saved state could not be opened: an empty export would mislead
        try:
            data = store.export_json()
        except StateError as error:
            warn(error)
            return 1
    text = json_dumps(data, indent=2) + "\n"
    if not write_out(text, file):
        return 1
    if file is None or file == "-":
        return 0
    counts = f"{plural(len(data['read']), 'read mark')} and {plural(len(data['starred']), 'star')}"
    print(f"Saved {counts} to {shown(file)}.")
    return 0


def _import_state(file: str) -> int:
    from reader.core.state import StateError, StateStore

    try:
        data = _read_export(file)
        # Checked in memory first, so a bad file never touches (or creates) the saved state.
        with StateStore.in_memory() as scratch:
            scratch.import_json(data)
    except ValueError as error:
        warn(f"{shown(file)}: {error}")
        return 1
    with StateStore.open() as store:
        if store.warning:
            warn(store.warning)
            if store.path is None:
                return 1  # importing into a store that forgets at exit would only pretend to work
        try:
            counts = store.import_json(data)
        except (ValueError, StateError) as error:
            warn(f"{shown(file)}: {error}")
            return 1
    new = f"{plural(counts.read, 'read mark')} and {plural(counts.starred, 'star')}"
    known = len(set(data.get("read", []))) + len(set(data.get("starred", []))) - counts.read - counts.starred
    already = f"; {known:,} {'was' if known == 1 else 'were'} already saved" if known > 0 else ""
    source = "standard input" if file == "-" else shown(file)
    print(f"Imported {new} from {source}{already}.")
    return 0


def _read_export(file: str) -> Any:
    """The JSON in `file` (or standard input for -); ValueError says in one line why it cannot be read."""
    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_EXPORT_BYTES + 1)
            if len(data) > MAX_EXPORT_BYTES:
                raise OSError(f"larger than {MAX_EXPORT_BYTES // 1024:,} KiB")
        else:
            data = read_small_file(Path(file), MAX_EXPORT_BYTES)
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not a JSON export (not UTF-8 text)") from None
    except OSError as error:
        raise ValueError(f"cannot read ({error.strerror or error})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise ValueError("not a JSON export (nested too deeply)") from None
