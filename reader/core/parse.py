"""Turning the bytes of one file into a Record, or into problems a user can act on.

Never raises for bad input: every failure becomes a Problem naming the file and, where known,
the line. Costs are bounded so that no single file can stall a load of a large folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable
from typing import Any

import yaml

from reader.core.model import Image, ParseResult, Problem, Provider, Record, RelatedItem
from reader.core.scan import RECORD_SUFFIXES, is_record_file
from reader.core.text import clean_text

__all__ = ["RECORD_SUFFIXES", "is_record_file", "parse_bytes", "parse_time", "read_file"]
MAX_FRONT_MATTER_BYTES = 1 << 20  # 1 MiB: real front matter is under 100 KiB
MAX_BODY_CHARS = 200_000  # longer bodies are shown truncated, with a note
MAX_FILE_BYTES = MAX_FRONT_MATTER_BYTES + 4 * MAX_BODY_CHARS + 16
MAX_NODES = 50_000  # values walked per file: an alias bomb stops here instead of eating memory
MAX_DEPTH = 40
MAX_ALIASES = 1_000  # shared values (YAML aliases, merges) reached again while copying
MAX_SCALAR_NUMBER_CHARS = 64  # longer "numbers" stay text: int() of a huge one is slow or refused
# SQLite stores 64-bit integers: a larger number in the index would stop every record from loading.
MIN_NUMBER, MAX_NUMBER = -(2**63), 2**63 - 1
MAX_TOPICS = 200  # per record: the sidebar and every cursor move cost work per topic

# libyaml's C parser is ~14x faster than the pure-Python one; both construct only plain types.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The pure-Python scanner does work proportional to the flow nesting depth for every token, so
# 10,000 nested `[` take it 20 s; libyaml stops at depth 1,000 by itself in a millisecond.
_CHECK_FLOW_DEPTH = _BaseLoader is yaml.SafeLoader
MAX_FLOW_DEPTH = 200  # brackets inside quoted text count too: this is far above any real record
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")

_CLOSING_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _TooComplex(Exception):
    """The front matter asks for more aliases, nesting or values than a record could need."""


class _RecordLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe YAML loader that reports duplicate keys and bounds what merge keys can copy."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []
        self.merge_budget = MAX_NODES
        self.flattened: set[int] = set()
        self.bad_values: list[tuple[str, int]] = []

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """Apply `<<` merge keys once per mapping, within a budget of copied pairs.

        PyYAML before 6.0.2 copies every merged pair again for each use, so nine nested
        merges of nine aliases build a list of 9**9 pairs; later versions still rescan a merged
        mapping at every use. Flattening each node once, against one budget, bounds both.
        """
        if id(node) in self.flattened:
            return
        self.flattened.add(id(node))
        seen: set[str] = set()
        sources: list[yaml.Node] = []
        own: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                if isinstance(value_node, yaml.SequenceNode):
                    sources.extend(value_node.value)
                else:
                    sources.append(value_node)
                continue
            if key_node.tag == "tag:yaml.org,2002:value":
                key_node.tag = "tag:yaml.org,2002:str"
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    self.duplicate_keys.append((key_node.value, key_node.start_mark.line))
                seen.add(key_node.value)
            own.append((key_node, value_node))
        if not sources:
            return
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        # The first mapping listed wins, and the mapping's own keys win over all merged ones:
        # later pairs overwrite earlier ones when the dict is built.
        for source in reversed(sources):
            if not isinstance(source, yaml.MappingNode):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"expected a mapping for merging, but found {source.id}",
                    source.start_mark,
                )
            self.flatten_mapping(source)
            self.merge_budget -= len(source.value)
            if self.merge_budget < 0:
                raise _TooComplex(f"YAML merge keys copy more than {MAX_NODES:,} values")
            merged.extend(source.value)
        node.value = merged + own

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct one value; a tagged scalar that cannot be built (`!!bool maybe`) stays text.

        The failure is remembered with its line, so the record is kept and the problem named.
        """
        if not isinstance(node, yaml.ScalarNode) or node in self.constructed_objects:
            return super().construct_object(node, deep)
        try:
            return super().construct_object(node, deep)
        except (_TooComplex, RecursionError, yaml.YAMLError):
            raise  # an unknown tag (`!!python/name:…`) stays invalid YAML: nothing to keep
        except Exception:  # a known tag's constructor failed: its KeyError says nothing to a user
            self.recursive_objects.pop(node, None)
            tag = node.tag.rsplit(":", 1)[-1]
            reason = f"{repr(node.value)[:40]} is not a valid !!{tag}: kept as text"
            self.bad_values.append((reason, node.start_mark.line))
            self.constructed_objects[node] = node.value
            return node.value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """Read an integer, keeping a huge or malformed one as its text."""
        if len(node.value) > MAX_SCALAR_NUMBER_CHARS:
            return node.value  # base-60 "1:2:3:..." is quadratic, and 4,300+ digits raise
        try:
            return super().construct_yaml_int(node)
        except (ValueError, OverflowError):
            return node.value

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        """Read a float, keeping a huge or malformed one as its text."""
        if len(node.value) > MAX_SCALAR_NUMBER_CHARS:
            return node.value
        try:
            return super().construct_yaml_float(node)
        except (ValueError, OverflowError):
            return node.value

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """Read a timestamp; an impossible one (month 13) stays text and is reported later."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return node.value


for _tag, _method in (
    ("int", _RecordLoader.construct_yaml_int),
    ("float", _RecordLoader.construct_yaml_float),
    ("timestamp", _RecordLoader.construct_yaml_timestamp),
):
    _RecordLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


def read_file(path: str) -> ParseResult:
    """Load the record in the file at `path`; unreadable or invalid files become problems."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return _fail(path, f"cannot read the file: {error.strerror or error}")
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            return _fail(path, f"cannot read the file: it is {kind}")
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _fail(path, f"cannot read the file: {error.strerror or error}")
    finally:
        if fd >= 0:
            os.close(fd)
    return parse_bytes(path, data)


def parse_bytes(path: str, data: bytes) -> ParseResult:
    """Load a record from the bytes of a file; `path` only names it in problems."""
    try:
        return _parse(path, data)
    except Exception as error:  # a last guard: one file must never stop a whole load
        return _fail(path, f"could not be read as a record ({type(error).__name__})")


def _fail(path: str, reason: str, line: int | None = None) -> ParseResult:
    return ParseResult(None, (Problem(path, reason, line),))


def _decode(path: str, data: bytes) -> tuple[str | None, bool, Problem | None]:
    """Decode UTF-8 (with or without a BOM); a file longer than the bound is cut, not refused."""
    cut = len(data) > MAX_FILE_BYTES
    if cut:
        data = data[:MAX_FILE_BYTES]
    try:
        return data.decode("utf-8-sig"), cut, None
    except UnicodeDecodeError as error:
        if cut and error.reason == "unexpected end of data":
            return data[: error.start].decode("utf-8-sig"), cut, None  # the cut split a character
        line = data[: error.start].count(b"\n") + 1
        return None, cut, Problem(path, f"not UTF-8 text (byte 0x{data[error.start]:02x})", line)


def _parse(path: str, data: bytes) -> ParseResult:
    if not data.strip():
        return _fail(path, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _fail(path, "UTF-16 text: records must be UTF-8", 1)
    if b"\x00" in data[:8192]:
        return _fail(path, "binary data, not a text record")
    text, cut, problem = _decode(path, data)
    if problem or text is None:
        return ParseResult(None, (problem,) if problem else ())
    front, first_line, body, problem = _split(path, text)
    if problem:
        return ParseResult(None, (problem,))
    return _load(path, front, first_line, body, cut)


def _load(path: str, front: str, first_line: int, body: str, cut: bool) -> ParseResult:
    # YAML refuses raw control characters; they are removed anyway, so a title with a raw ESC
    # in it loads (cleaned) instead of failing. Removing them keeps every line number.
    front = clean_text(front)
    if _CHECK_FLOW_DEPTH and _flow_depth_exceeds(front, MAX_FLOW_DEPTH):
        return _fail(path, "front matter is too complex: nested too deeply", first_line)
    loader = _RecordLoader(front)
    try:
        root = loader.get_single_node()
        lines, related_lines = _key_lines(root, first_line)
        meta = None if root is None else loader.construct_document(root)
    except _TooComplex as error:
        return _fail(path, f"front matter is too complex: {error}", first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        reason = str(error.problem or error.context or "invalid YAML")
        if "nesting depth" in reason:
            return _fail(path, "front matter is too complex: nested too deeply", line)
        reason = clean_text(reason).splitlines()[0][:200]
        return _fail(path, f"invalid YAML in front matter: {reason}", line)
    except yaml.YAMLError as error:
        return _fail(path, f"invalid YAML in front matter: {type(error).__name__}", first_line)
    except RecursionError:
        return _fail(path, "front matter is too complex: nested too deeply", first_line)
    finally:
        loader.dispose()
    if not isinstance(meta, dict):
        kind = "empty" if meta is None else f"a {_yaml_kind(meta)}"
        return _fail(path, f"front matter is {kind}, not a mapping of keys", first_line)
    problems: list[Problem] = [
        Problem(path, f"duplicate key {key!r}: the last value is used", line + first_line)
        for key, line in loader.duplicate_keys
    ]
    problems += [Problem(path, reason, line + first_line) for reason, line in loader.bad_values]
    try:
        meta = _bounded_copy(meta)
    except _TooComplex as error:
        return _fail(path, f"front matter is too complex: {error}", first_line)
    build = _Builder(path, problems, _Lines(lines), related_lines)
    record = build.record(meta, body, cut)
    return ParseResult(record, tuple(problems))


def _flow_depth_exceeds(front: str, limit: int) -> bool:
    """Say whether `[` and `{` nest deeper than `limit`, counting those in quoted text too."""
    depth = 0
    for bracket in _NOT_BRACKETS.sub("", front):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def _split(path: str, text: str) -> tuple[str, int, str, Problem | None]:
    """Split text into front matter, its first line number, and body at the `---` lines.

    python-frontmatter splits with a regex that can run past a line end and gives no line
    numbers or size bound, so the split is done here; its YAML handling is replaced by the
    bounded loader above for the same reasons.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = text.lstrip("\n")
    opening_line = 1 + len(text) - len(stripped)
    first, _, rest = stripped.partition("\n")
    if first.rstrip() != "---":
        reason = "no front matter: the file does not start with a '---' line"
        return "", 0, "", Problem(path, reason, opening_line)
    too_large = f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB"
    end = _CLOSING_LINE.search(rest)
    if end is None:
        if len(rest) > MAX_FRONT_MATTER_BYTES:
            return "", 0, "", Problem(path, too_large, opening_line)
        return "", 0, "", Problem(path, "front matter is never closed by a '---' line", opening_line)
    if end.start() > MAX_FRONT_MATTER_BYTES:
        return "", 0, "", Problem(path, too_large, opening_line)
    return rest[: end.start()], opening_line + 1, rest[end.end() + 1 :], None


def _key_lines(root: yaml.Node | None, first_line: int) -> tuple[dict[str, int], list[dict[str, int]]]:
    """Line numbers of the top-level keys, and of each related item's keys, for problems."""
    lines: dict[str, int] = {}
    related: list[dict[str, int]] = []
    if not isinstance(root, yaml.MappingNode):
        return lines, related
    for key_node, value_node in root.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines.setdefault(key_node.value, key_node.start_mark.line + first_line)
            if key_node.value == "related":
                items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                related = [_item_lines(item, first_line) for item in items[:MAX_NODES]]
    return lines, related


def _item_lines(node: yaml.Node, first_line: int) -> dict[str, int]:
    """Line numbers of one related item's keys; "" is the line the item starts on."""
    item = {"": node.start_mark.line + first_line}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                item.setdefault(key_node.value, key_node.start_mark.line + first_line)
    return item


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (dt.datetime, dt.date)):
        return "date"
    return type(value).__name__


def _bounded_copy(value: Any) -> Any:
    """Copy the loaded YAML into plain values, cleaning every string, within a budget.

    Shared values (YAML aliases, merges) are copied again each time they are reached, so
    the budgets are what bound an alias bomb: reaching shared values again more than
    MAX_ALIASES times, or more than MAX_NODES values in all, stops the copy.
    """
    budget = MAX_NODES
    reused = 0
    seen: set[int] = set()

    def walk(item: Any, depth: int) -> Any:
        nonlocal budget, reused
        budget -= 1
        if budget < 0:
            raise _TooComplex(f"more than {MAX_NODES:,} values")
        if isinstance(item, str):
            return clean_text(item)
        if isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise _TooComplex(f"nested deeper than {MAX_DEPTH} levels")
            if id(item) in seen:
                reused += 1
                if reused > MAX_ALIASES:
                    raise _TooComplex(f"YAML aliases reached more than {MAX_ALIASES:,} times")
            else:
                seen.add(id(item))
            if isinstance(item, list):
                return [walk(v, depth + 1) for v in item]
            return {
                (clean_text(k) if isinstance(k, str) else k): walk(v, depth + 1)
                for k, v in item.items()
                if isinstance(k, (str, int, float, bool)) or k is None
            }
        if isinstance(item, (tuple, set)):  # !!omap, !!pairs and !!set
            return walk(list(item), depth)
        if isinstance(item, bytes):
            return f"<{len(item)} bytes of binary data>"
        return item

    return walk(value, 0)


def _text(value: Any) -> str | None:
    """Coerce a scalar whose meaning as text is clear; None when it is not text at all."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return None


def _int(value: Any) -> int | None:
    """Coerce a whole number that fits in 64 bits, given as a number or as text; None otherwise."""
    number = _whole(value)
    return number if number is not None and MIN_NUMBER <= number <= MAX_NUMBER else None


def _whole(value: Any) -> int | None:
    """Coerce a whole number of any size given as a number or as text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and len(value) <= MAX_SCALAR_NUMBER_CHARS:
        raw = value.strip()
        try:
            return int(raw)
        except ValueError:
            pass
        try:
            number = float(raw)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    return None


_FLAGS = {"true": True, "yes": True, "false": False, "no": False}


def parse_time(value: Any) -> dt.datetime | None:
    """Read a publication time as an aware UTC datetime; times without a zone are taken as UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        raw = value.strip()
        if not raw or len(raw) > 64:
            return None
        if raw.endswith(("Z", "z")):
            raw = raw[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(raw)
        except ValueError:
            moment = _parse_other_time(raw)
            if moment is None:
                return None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            moment = dt.datetime.fromtimestamp(float(value), dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        return None
    try:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
        else:
            moment = moment.astimezone(dt.timezone.utc)
    except (OverflowError, ValueError):  # year 1 or 9999 pushed past the range by the offset
        return None
    return moment if _formattable(moment) else None


# The index keeps a time as float seconds, and the app shows it in the reader's zone (up to a day
# away from UTC): a time that cannot make that round trip would fail wherever it is shown.
_LATEST = dt.datetime(9999, 12, 30, tzinfo=dt.timezone.utc)
_EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)


def _formattable(moment: dt.datetime) -> bool:
    if not _EARLIEST <= moment < _LATEST:
        return False
    try:
        dt.datetime.fromtimestamp(moment.timestamp(), dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return False
    return True


def _parse_other_time(raw: str) -> dt.datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in (
        "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d",
        "%d.%m.%Y",
        "%Y-%m-%d %H:%M",
        "%Y%m%dT%H%M%S%z",
    ):
        try:
            return dt.datetime.strptime(raw, fmt)
        except ValueError:
            continue
    return None


_KNOWN_KEYS = frozenset(
    {
        "title",
        "excerpt",
        "publishedDateTime",
        "sourceUrl",
        "originalUrl",
        "webUrl",
        "ampUrl",
        "ampWebUrl",
        "cdnAmpUrl",
        "cdnAmpWebUrl",
        "category",
        "type",
        "quality",
        "heat",
        "published",
        "provider",
        "topics",
        "images",
        "related",
        "secured",
    }
)


class _Lines:
    """Where the keys of one mapping are in the file, so that a problem can name its line."""

    __slots__ = ("default", "keys")

    def __init__(self, keys: dict[str, int], default: int | None = None) -> None:
        self.keys = keys
        self.default = default

    def of(self, key: str) -> int | None:
        return self.keys.get(key, self.default)

    def within(self, key: str) -> _Lines:
        return _Lines({}, self.of(key))


class _Builder:
    """Builds the typed record from a cleaned mapping, coercing clear cases, reporting others."""

    def __init__(
        self, path: str, problems: list[Problem], lines: _Lines, related: list[dict[str, int]]
    ) -> None:
        self.path = path
        self.problems = problems
        self.lines = lines
        self.related_lines = related

    def note(self, reason: str, line: int | None) -> None:
        self.problems.append(Problem(self.path, reason, line))

    def text(self, meta: dict, key: str, at: _Lines, where: str = "") -> str:
        if key not in meta or meta[key] is None:
            return ""
        value = _text(meta[key])
        if value is None:
            self.note(f"{where}{key!r} should be text, not a {_yaml_kind(meta[key])}: ignored", at.of(key))
            return ""
        return value

    def first_text(self, meta: dict, at: _Lines, where: str, *keys: str) -> str:
        for key in keys:
            value = self.text(meta, key, at, where)
            if value:
                return value
        return ""

    def number(self, meta: dict, key: str, at: _Lines, where: str = "") -> int | None:
        if key not in meta or meta[key] is None:
            return None
        value = _whole(meta[key])
        shown = repr(meta[key])[:40]
        if value is None:
            self.note(f"{where}{key!r} should be a whole number, not {shown}: ignored", at.of(key))
        elif not MIN_NUMBER <= value <= MAX_NUMBER:
            self.note(f"{where}{key!r} is out of range (more than 64 bits): {shown}: ignored", at.of(key))
            return None
        return value

    def time(self, meta: dict, key: str, at: _Lines, where: str = "") -> dt.datetime | None:
        if key not in meta or meta[key] is None:
            return None
        value = parse_time(meta[key])
        if value is None:
            raw = meta[key]
            shown = (raw.isoformat() if isinstance(raw, (dt.datetime, dt.date)) else repr(raw))[:40]
            self.note(f"{where}{key!r} is not a date and time: {shown}", at.of(key))
        return value

    def flag(self, meta: dict, key: str, at: _Lines) -> bool | None:
        value = meta.get(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _FLAGS:
            return _FLAGS[value.strip().lower()]
        self.note(f"{key!r} should be true or false, not {repr(value)[:40]}: ignored", at.of(key))
        return None

    def provider(self, value: Any, at: _Lines, where: str = "") -> Provider:
        if value is None:
            return Provider()
        if isinstance(value, str):
            return Provider(name=" ".join(value.split()))
        if not isinstance(value, dict):
            self.note(f"{where}'provider' should be a mapping of name and domain: ignored", at.default)
            return Provider()
        return Provider(
            name=" ".join(self.text(value, "name", at, where + "provider ").split()),
            domain=self.text(value, "domain", at, where + "provider ").strip(),
        )

    def topics(self, value: Any, at: _Lines) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            items: list[Any] = [value]  # `topics: AI` means one topic
        elif isinstance(value, list):
            items = value
        else:
            self.note(f"'topics' should be a list of text, not a {_yaml_kind(value)}: ignored", at.default)
            return ()
        topics: list[str] = []
        seen: set[str] = set()
        for item in items:
            topic = _text(item)
            if topic is None:
                self.note(f"a topic should be text, not a {_yaml_kind(item)}: skipped", at.default)
                continue
            topic = " ".join(topic.split())
            if topic and topic not in seen:
                seen.add(topic)
                topics.append(topic)
        if len(topics) > MAX_TOPICS:
            self.note(f"{len(topics) - MAX_TOPICS:,} topics past the first {MAX_TOPICS}: skipped", at.default)
            del topics[MAX_TOPICS:]
        return tuple(topics)

    def images(self, value: Any, at: _Lines, where: str = "") -> tuple[Image, ...]:
        return tuple(self._list(value, "images", at, where, self._image))

    def _image(self, item: Any, index: int, at: _Lines, where: str) -> Image | None:
        if isinstance(item, str):
            return Image(url=item.strip())
        if not isinstance(item, dict):
            return None
        return Image(
            url=self.text(item, "url", at, where + "image ").strip(),
            width=_int(item.get("width")),
            height=_int(item.get("height")),
            title=" ".join(self.text(item, "title", at, where + "image ").split()),
        )

    def _list(
        self, value: Any, key: str, at: _Lines, where: str, build: Callable[[Any, int, _Lines, str], Any]
    ) -> list:
        if value is None:
            return []
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            self.note(f"{where}{key!r} should be a list, not a {_yaml_kind(value)}: ignored", at.default)
            return []
        built = []
        skipped = 0
        for index, item in enumerate(value):
            result = build(item, index, at, where)
            if result is None:
                skipped += 1
            else:
                built.append(result)
        if skipped:
            self.note(f"{where}{skipped} item(s) of {key!r} are not mappings: skipped", at.default)
        return built

    def related(self, value: Any) -> tuple[RelatedItem, ...]:
        return tuple(self._list(value, "related", self.lines.within("related"), "", self._related_item))

    def _related_item(self, item: Any, index: int, at: _Lines, where: str) -> RelatedItem | None:
        if not isinstance(item, dict):
            return None
        if index < len(self.related_lines):
            keys = self.related_lines[index]
            at = _Lines(keys, keys.get(""))
        where = "related "
        return RelatedItem(
            title=" ".join(self.text(item, "title", at, where).split()),
            excerpt=self.text(item, "excerpt", at, where),
            published=self.time(item, "publishedDateTime", at, where),
            source_url=self.first_text(item, at, where, "sourceUrl", "originalUrl", "webUrl").strip(),
            amp_url=self.first_text(item, at, where, "ampUrl", "ampWebUrl").strip(),
            cdn_amp_url=self.first_text(item, at, where, "cdnAmpUrl", "cdnAmpWebUrl").strip(),
            type=self.text(item, "type", at, where),
            provider=self.provider(item.get("provider"), at.within("provider"), where),
            quality=_int(item.get("quality")),
            images=self.images(item.get("images"), at.within("images"), where),
        )

    def record(self, meta: dict, body: str, cut: bool) -> Record | None:
        at = self.lines
        title = " ".join(self.text(meta, "title", at).split())
        if not title:
            self.note("the record has no 'title'", at.of("title") or min(at.keys.values(), default=None))
            return None
        return Record(
            path=self.path,
            title=title,
            excerpt=self.text(meta, "excerpt", at),
            published=self.time(meta, "publishedDateTime", at),
            source_url=self.first_text(meta, at, "", "sourceUrl", "originalUrl", "webUrl").strip(),
            amp_url=self.first_text(meta, at, "", "ampUrl", "ampWebUrl").strip(),
            cdn_amp_url=self.first_text(meta, at, "", "cdnAmpUrl", "cdnAmpWebUrl").strip(),
            category=self.text(meta, "category", at).strip(),
            type=self.text(meta, "type", at).strip(),
            quality=self.number(meta, "quality", at),
            heat=self.number(meta, "heat", at),
            published_flag=self.flag(meta, "published", at),
            provider=self.provider(meta.get("provider"), at.within("provider")),
            topics=self.topics(meta.get("topics"), at.within("topics")),
            images=self.images(meta.get("images"), at.within("images")),
            related=self.related(meta.get("related")),
            body=clean_text(body[:MAX_BODY_CHARS]).strip("\n"),
            body_truncated=cut or len(body) > MAX_BODY_CHARS,
            secured=self.text(meta, "secured", at),
            extra={k: v for k, v in meta.items() if k not in _KNOWN_KEYS and isinstance(k, str)},
        )
