"""The one way in: parse the command line, then run the app or a command that needs no terminal UI."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import tempfile
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__

if TYPE_CHECKING:
    from reader.core.corpus import Corpus
    from reader.core.digest import Summary
    from reader.core.query import Query, QueryError

COMMANDS = ("list", "state", "check", "config")

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

`reader COMMAND --help` says more. A folder named like a command opens as a path: `reader ./list`."""

# Characters that must not reach a terminal raw even inside JSON strings: DEL, C1 controls, bidi
# controls and Unicode line separators. json.dumps escapes C0 itself; these it leaves as they are.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def bundled_seeds() -> Path:
    """The sample records: inside the installed package, or beside it in a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "seeds"
    return installed if installed.is_dir() else here.parent / "seeds"


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read a folder of news records in the terminal. With no PATH, opens the bundled samples.",
        epilog=_COMMAND_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="record files or folders (searched recursively)"
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _default_paths(folders: list[str] | None = None) -> list[str]:
    return folders or [str(bundled_seeds())]


def _configured_paths() -> list[str]:
    """What the app opens with no PATH: the config's folders, else the samples."""
    from reader.core.config import load_config

    config, messages = load_config()
    for message in messages:
        print(f"reader: {message}", file=sys.stderr)
    return _default_paths(config.folders)


def _missing(paths: list[str]) -> bool:
    """Say which of `paths` do not exist; True if any."""
    missing = [path for path in paths if not Path(path).exists()]
    for path in missing:
        print(f"reader: {_shown(path)}: no such file or folder", file=sys.stderr)
    return bool(missing)


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


# -- reader list -------------------------------------------------------------------------------


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
        _report_query_error(args.query, error)
        return 2
    paths = args.paths or _configured_paths()
    if _missing(paths):
        return 2
    try:
        return _list(paths, query, args.json)
    except BrokenPipeError:  # `reader list | head` stops reading: that is not an error
        _quiet_stdout()
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
            print(f"reader: {corpus.index.recovered}", file=sys.stderr)
        _sync(corpus)
        wanted: set[int] | None = None
        if not query.is_empty:
            read, starred = _state_keys() if query.uses_state else (frozenset(), frozenset())
            try:
                wanted = run_query(corpus.index.db, query, read, starred)
            except QueryError as error:
                _report_query_error(query.text, error)
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
        print(f"reader: {broken:,} {files}; `reader check` lists them", file=sys.stderr)


def _state_keys() -> tuple[set[str], set[str]]:
    """The saved read and starred story keys, without creating a state file when there is none."""
    from reader.core.paths import state_file
    from reader.core.state import StateStore

    if not state_file().exists():
        return set(), set()
    with StateStore.open(state_file()) as store:
        if store.warning:
            print(f"reader: {store.warning}", file=sys.stderr)
        return store.read_keys(), store.starred_keys()


def _date(published: float | None) -> str:
    # UTC, like the app's article list, so that the two agree on what day a story is.
    return datetime.fromtimestamp(published, timezone.utc).strftime("%Y-%m-%d %H:%M") if published else ""


def _text_line(summary: Summary, source_url: str) -> str:
    """One tab-separated line: date, title, provider, source address."""
    from reader.core.text import one_line

    # Record text has no control characters left, but may hold tabs and newlines: fold them.
    fields = (_date(summary.published), summary.title, summary.provider, source_url)
    return "\t".join(one_line(field) for field in fields)


def _json_line(summary: Summary, path: str, source_url: str) -> str:
    """One JSON object with everything a script needs about a record, and nothing internal."""
    published = None
    if summary.published is not None:
        published = datetime.fromtimestamp(summary.published, timezone.utc).isoformat().replace("+00:00", "Z")
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
    return _json_dumps(item)


def _json_dumps(value: Any, **options: Any) -> str:
    # A file name may hold any character: escape the ones a terminal would act on.
    text = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _report_query_error(text: str, error: QueryError) -> None:
    """The query's message, then the query with a caret under where the trouble starts."""
    # Same length as the query, so the caret's position still counts characters of it.
    shown = "".join(char if char.isprintable() else " " for char in text)
    position = min(max(error.position, 0), len(shown))
    caret = " " * _width(shown[:position]) + "^"
    print(f"reader: bad query: {error.message}\n  {shown}\n  {caret}", file=sys.stderr)


def _width(text: str) -> int:
    """How many terminal columns `text` takes: wide characters two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _quiet_stdout() -> None:
    # Python flushes stdout once more at exit; pointing it at /dev/null keeps that flush from
    # printing a second BrokenPipeError.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


# -- reader state ------------------------------------------------------------------------------


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

    path = state_file()
    # No saved state yet is an empty export, not a reason to create a state file.
    store = StateStore.open(path) if path.exists() else StateStore.in_memory()
    with store:
        if store.warning:
            print(f"reader: {store.warning}", file=sys.stderr)
            if store.path is None:
                return 1  # the saved state could not be opened: an empty export would mislead
        try:
            data = store.export_json()
        except StateError as error:
            print(f"reader: {error}", file=sys.stderr)
            return 1
    text = _json_dumps(data, indent=2) + "\n"
    if file is None or file == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_stdout()
        return 0
    try:
        _write_atomically(Path(file), text)
    except OSError as error:
        print(f"reader: {_shown(file)}: cannot write ({error.strerror or error})", file=sys.stderr)
        return 1
    counts = f"{_plural(len(data['read']), 'read mark')} and {_plural(len(data['starred']), 'star')}"
    print(f"Saved {counts} to {_shown(file)}.")
    return 0


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader of `path` sees the old file or the new, never half of one."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _import_state(file: str) -> int:
    from reader.core.state import StateError, StateStore

    try:
        data = _read_export(file)
        # Checked in memory first, so a bad file never touches (or creates) the saved state.
        with StateStore.in_memory() as scratch:
            scratch.import_json(data)
    except ValueError as error:
        print(f"reader: {_shown(file)}: {error}", file=sys.stderr)
        return 1
    with StateStore.open() as store:
        if store.warning:
            print(f"reader: {store.warning}", file=sys.stderr)
            if store.path is None:
                return 1  # importing into a store that forgets at exit would only pretend to work
        try:
            counts = store.import_json(data)
        except (ValueError, StateError) as error:
            print(f"reader: {_shown(file)}: {error}", file=sys.stderr)
            return 1
    new = f"{_plural(counts.read, 'read mark')} and {_plural(counts.starred, 'star')}"
    known = len(set(data.get("read", []))) + len(set(data.get("starred", []))) - counts.read - counts.starred
    already = f"; {known:,} {'was' if known == 1 else 'were'} already saved" if known > 0 else ""
    source = "standard input" if file == "-" else _shown(file)
    print(f"Imported {new} from {source}{already}.")
    return 0


def _read_export(file: str) -> Any:
    """The JSON in `file` (or standard input for -); ValueError says in one line why it cannot be read."""
    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            text = Path(file).read_text(encoding="utf-8")
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


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _shown(text: str) -> str:
    """A name the user gave, safe to print on one line: control characters written as escapes."""
    from reader.core.text import escape_controls

    return escape_controls(text)


# -- reader check, reader config -----------------------------------------------------------------


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
    count, problems = check_paths(args.paths or _configured_paths())
    try:
        for line in format_report(count, problems):
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:  # `reader check | head` is fine
        _quiet_stdout()
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
    try:
        # A command's name wins over a folder of that name; `reader ./list` opens the folder.
        if argv and argv[0] in COMMANDS:
            run = {"list": run_list, "state": run_state, "check": run_check, "config": run_config}[argv[0]]
            return run(argv[1:])
        args = _app_parser().parse_args(argv)
    except SystemExit as stop:  # argparse's --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return run_app(args.paths)
