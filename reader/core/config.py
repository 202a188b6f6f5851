"""The user's TOML config: key bindings, theme, reading options, saved queries and default folders.

Loading never fails: a missing file gives the defaults, and every problem becomes a message naming the
file (and the line where it can be found) while the rest of the file still applies.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions

from reader.core.config_template import DEFAULT_CONFIG_TEXT
from reader.core.files import MAX_CONFIG_BYTES, read_small_file, write_atomically
from reader.core.paths import config_file, ensure_dir
from reader.core.reading_options import CHECKS as READING_CHECKS
from reader.core.reading_options import OptionError
from reader.core.text import clean_tree

# The names a user writes in the file, for "did you mean" hints on a misspelt one.
_TOP_LEVEL = (
    "keys",
    "theme",
    "mark_read_on_show",
    "collapse_threads",
    "browser_in_terminal",
    "queries",
    "folders",
    "feeds",
)
_BOM = "\ufeff"
_DECODE_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
# Enough of TOML's key syntax to find the line of a setting for a message; only a hint, never parsed.
_KEY_PART_RE = r"""[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*'"""
_KEY_PART = re.compile(_KEY_PART_RE)
_KEY = rf"(?:{_KEY_PART_RE})(?:\s*\.\s*(?:{_KEY_PART_RE}))*"
_KEY_LINE = re.compile(rf"\s*({_KEY})\s*=")
_HEADER_NAME = re.compile(rf"\s*\[\[?\s*({_KEY})\s*\]")
_LONE_NEWLINE = re.compile(r"(?<!\r)\n")


@dataclass(frozen=True)
class Subscription:
    """One subscribed feed: its address, the title it was added with and its own folder, if any."""

    url: str
    title: str = ""
    folder: str = ""
    """Where its records go, ~ expanded; empty means the feeds folder under the data folder."""


@dataclass
class Config:
    """Everything the config file can set; the defaults are what a user gets with no file."""

    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, comma-separated as Textual writes them: {"open_link": "o,enter"}."""
    theme: str | None = None
    mark_read_on_show: bool = True
    collapse_threads: bool = False
    mark_read_after: float | None = 2.0
    """Seconds a chosen story stays shown before it counts as read; 0 at once; None only by hand."""
    only_unread: bool = False
    sidebar: str = "auto"
    """"auto" (hidden below 120 columns), "show" or "hide"."""
    browser_in_terminal: bool = False
    timezone: str | None = None
    """An IANA zone name the dates are shown in; None for the local zone (TZ, else the system's)."""
    saved_queries: dict[str, str] = field(default_factory=dict)
    """Name -> query, from the [queries] table."""
    folders: list[str] = field(default_factory=list)
    """Folders to read when `reader` is given no PATH, with ~ expanded."""
    feeds: list[Subscription] = field(default_factory=list)
    """The subscribed feeds, from the [[feeds]] tables, in the order written."""
    full_article: str = "manual"
    """"manual": `R` fetches the full article; "auto": also a story without a body, once rested on."""
    images: bool = True
    """Whether the lead image is fetched and drawn; false: no network request for images."""


class ConfigError(Exception):
    """The config file could not be changed; the message says why, for the user."""


def load_config(path: Path | str | None = None) -> tuple[Config, list[str]]:
    """Read the config at `path` (by default `config_file()`); return it and messages about its problems."""
    path = Path(path) if path is not None else config_file()
    config = Config()
    try:
        text = _read_text(path)
    except FileNotFoundError:
        return config, []
    except (OSError, UnicodeDecodeError) as exc:
        return config, [f"{path}: could not read the config ({_reason(exc)}); using the defaults"]
    try:
        data = _parse(text)
    except tomllib.TOMLDecodeError as exc:
        return config, [f"{_decode_error(path, text, exc)}; using the defaults"]
    # Query names and keys are shown in the sidebar and footer; folders must stay the names on disk.
    data = {k: v if k == "folders" else clean_tree(v) for k, v in clean_tree(data).items()}  # type: ignore[union-attr]
    messages: list[str] = []
    _Reader(path, text, data, messages).fill(config)
    return config, messages


class _Reader:
    """Checks one parsed file key by key, keeping what is right and saying what is wrong."""

    def __init__(self, path: Path, text: str, data: dict[str, Any], messages: list[str]) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.data = data
        self.messages = messages

    def problem(self, name: str, text: str, table: str | None = None) -> None:
        shown = f"{table}.{name}" if table else name
        line = _line_of(self.lines, shown)
        where = f"{self.path}:{line}" if line else str(self.path)
        self.messages.append(f"{where}: `{shown}` {text}")

    def fill(self, config: Config) -> None:
        for name, value in self.data.items():
            if name in READING_CHECKS:
                try:
                    setattr(config, name, READING_CHECKS[name](value))
                except OptionError as error:
                    self.problem(name, f"must be {error.wanted}, not {_show(value)}{error.hint}")
                    if name == "mark_read_after" and self.data.get("mark_read_on_show") is False:
                        config.mark_read_after = None
            elif name not in _TOP_LEVEL:
                hint = difflib.get_close_matches(name, (*_TOP_LEVEL, *READING_CHECKS), n=1)
                self.problem(name, "is not a setting" + (f"; did you mean `{hint[0]}`?" if hint else ""))
            elif name in ("mark_read_on_show", "collapse_threads", "browser_in_terminal"):
                if isinstance(value, bool):
                    setattr(config, name, value)
                else:
                    self.problem(name, f"must be true or false, not {_show(value)}")
            elif name == "theme":
                if isinstance(value, str):
                    config.theme = value.strip() or None
                else:
                    self.problem(name, f"must be a theme name in quotes, not {_show(value)}")
            elif name == "folders":
                config.folders = self.folders(value)
            elif name == "keys":
                config.keys = self.keys(value)
            elif name == "queries":
                config.saved_queries = self.queries(value)
            elif name == "feeds":
                config.feeds = self.feeds(value)
        if self.data.get("mark_read_on_show") is False and "mark_read_after" not in self.data:
            config.mark_read_after = None  # the older setting's "false": only by hand

    def folders(self, value: Any) -> list[str]:
        # One folder written without the brackets is unambiguous: accept it.
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            self.problem("folders", f'must be a list of folders like ["~/news"], not {_show(value)}')
            return []
        folders = []
        for i, item in enumerate(items):
            if _is_text(item):
                folders.append(os.path.expanduser(item.strip()))
            else:
                self.problem("folders", f"item {i + 1} must be a folder in quotes, not {_show(item)}")
        return folders

    def feeds(self, value: Any) -> list[Subscription]:
        wanted = 'must be [[feeds]] tables with url = "https://..."'
        if not isinstance(value, list):
            self.problem("feeds", f"{wanted}, not {_show(value)}")
            return []
        feeds = []
        for i, item in enumerate(value):
            url = item.get("url") if isinstance(item, dict) else None
            if not _is_text(url) or not url.strip().lower().startswith(("http://", "https://")):
                self.problem("feeds", f"{wanted}; feed {i + 1} has no http(s) url")
                continue
            title, folder = item.get("title", ""), item.get("folder", "")
            feeds.append(
                Subscription(
                    url.strip(),
                    title.strip() if isinstance(title, str) else "",
                    os.path.expanduser(folder.strip()) if _is_text(folder) else "",
                )
            )
        return feeds

    def keys(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            self.problem("keys", f"must be a table ([keys]) of binding id = keys, not {_show(value)}")
            return {}
        keys = {}
        # Binding ids contain dots (`list.down`); unquoted, TOML reads them as nested tables: flatten.
        for binding, keyspec in _flatten(value):
            if isinstance(keyspec, list) and keyspec and all(_is_text(k) for k in keyspec):
                keys[binding] = ",".join(k.strip() for k in keyspec)
            elif _is_text(keyspec):
                keys[binding] = ",".join(k.strip() for k in keyspec.split(","))
            else:
                wanted = 'must be keys like "o,enter" or ["o", "enter"]'
                self.problem(binding, f"{wanted}, not {_show(keyspec)}", "keys")
        return keys

    def queries(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            self.problem("queries", f"must be a table ([queries]) of name = query, not {_show(value)}")
            return {}
        queries = {}
        for name, query in value.items():
            if _is_text(query):
                queries[name] = query.strip()
            else:
                self.problem(name, f"must be a query in quotes, not {_show(query)}", "queries")
        return queries


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{prefix}{name}."))
        else:
            items.append((prefix + name, value))
    return items


def _line_of(lines: list[str], dotted: str) -> int | None:
    """The line that sets `dotted` (like `keys.list.down`), however its table and key are written."""
    current = ""
    for number, line in enumerate(lines, start=1):
        header = _HEADER_NAME.match(line)
        if header:
            current = _dotted(header[1])
            continue
        key = _KEY_LINE.match(line)
        if key and ".".join(p for p in (current, _dotted(key[1])) if p) == dotted:
            return number
    return None


def _dotted(key: str) -> str:
    return ".".join(part.strip("\"'") for part in _KEY_PART.findall(key))


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    text = json.dumps(value, default=str, ensure_ascii=False) if isinstance(value, str | list) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "it is not UTF-8 text"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _decode_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> str:
    """Say where a TOML error is, as `file:line: what`, whichever form the parser gives it in."""
    message = str(getattr(exc, "msg", "") or exc)
    line = getattr(exc, "lineno", None)
    found = _DECODE_POSITION.search(message)
    if found:
        message = message[: found.start()]
        if line is None:
            line = int(found.group(1)) if found.group(1) else max(1, len(text.splitlines()))
    column = getattr(exc, "colno", None) or (int(found.group(2)) if found and found.group(2) else None)
    if column:
        message += f" (column {column})"
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"


def _read_text(path: Path) -> str:
    # Bytes, not read_text(): the file's own line endings must survive a save_theme round trip.
    return read_small_file(path, MAX_CONFIG_BYTES).decode("utf-8")


def _parse(text: str) -> dict[str, Any]:
    # Editors on Windows may start the file with a byte order mark, which TOML does not allow.
    return tomllib.loads(text.removeprefix(_BOM))


def save_theme(path: Path | str | None, theme: str | None) -> None:
    """Set `theme` (None removes it) in the config at `path`, the rest kept as written; ConfigError if not."""

    def change(document: tomlkit.TOMLDocument) -> None:
        if theme is None:
            document.pop("theme", None)
        else:
            document["theme"] = theme

    edit_config(path, change, "the theme")


def edit_config(path: Path | str | None, change: Callable[[tomlkit.TOMLDocument], None], what: str) -> None:
    """Apply `change` to the config at `path` (default `config_file()`) and save it; ConfigError if not.

    tomlkit keeps the user's comments, order and layout. The file is replaced atomically, so a crash
    leaves the old file or the new one, never half; a file that is not valid TOML is left alone, since
    rewriting it could lose what the user meant. `what` names the change in messages ("the theme").
    """
    shown = Path(path) if path is not None else config_file()
    # Write through a symlink (dotfile managers link the config) instead of replacing the link.
    target = Path(os.path.realpath(shown))
    try:
        original = _read_text(target)
    except FileNotFoundError:
        original = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown}: could not read the config to save {what} ({_reason(exc)})") from exc
    bom = _BOM if original.startswith(_BOM) else ""
    text = original.removeprefix(_BOM)
    try:
        _parse(text)
        document = tomlkit.parse(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_decode_error(shown, text, exc)}; fix it before {what} can be saved") from exc
    except tomlkit.exceptions.TOMLKitError as exc:
        raise ConfigError(f"{shown}: could not save {what} safely ({exc}); change it by hand") from exc
    change(document)
    updated = tomlkit.dumps(document)
    if "\r\n" in text:
        # tomlkit writes new lines with \n: keep a Windows file's endings the same throughout.
        updated = _LONE_NEWLINE.sub("\r\n", updated)
    try:
        _parse(updated)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - tomlkit writes what it parsed
        raise ConfigError(f"{shown}: could not save {what} safely; change it by hand") from exc
    if updated == text and target.exists():
        return
    try:
        ensure_dir(target.parent)
        write_atomically(target, bom + updated)
    except OSError as exc:
        raise ConfigError(f"{shown}: could not save {what} ({_reason(exc)})") from exc


def default_config_text() -> str:
    """A commented example config, every setting shown with its default; for the README and new users."""
    return DEFAULT_CONFIG_TEXT
