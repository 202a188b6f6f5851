"""Turning the bytes of one file into a Record, or into problems a user can act on.

Never raises for bad input: every failure becomes a Problem naming the file and, where known,
the line. Costs are bounded so that no single file can stall a load of a large folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import yaml

from reader.core.model import Image, ParseResult, Problem, Provider, Record, RelatedItem
from reader.core.text import clean_text

RECORD_SUFFIXES = (".md", ".markdown", ".txt")
MAX_FRONT_MATTER_BYTES = 1 << 20  # 1 MiB: real front matter is under 100 KiB
MAX_BODY_CHARS = 200_000  # longer bodies are shown truncated, with a note
MAX_FILE_BYTES = MAX_FRONT_MATTER_BYTES + 4 * MAX_BODY_CHARS + 16
MAX_NODES = 50_000  # values walked per file: an alias bomb stops here instead of eating memory
MAX_DEPTH = 40
MAX_ALIASES = 200

# libyaml's C parser is ~14x faster than the pure-Python one; both construct only plain types.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TooComplex(Exception):
    """The front matter asks for more aliases, nesting or values than a record could need."""


class _RecordLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe YAML loader that counts alias uses and reports duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_uses = 0
        self.duplicate_keys: list[tuple[str, int]] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIASES:
                raise _TooComplex(f"more than {MAX_ALIASES} YAML alias uses")
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key, str):
                if key in seen:
                    self.duplicate_keys.append((key, key_node.start_mark.line + 1))
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


_RecordLoader.add_constructor(
    "tag:yaml.org,2002:map",
    _RecordLoader.construct_mapping,  # type: ignore[arg-type]
)


def is_record_file(name: str) -> bool:
    """Say whether a file name has one of the record endings."""
    return name.lower().endswith(RECORD_SUFFIXES)


def read_file(path: str) -> ParseResult:
    """Load the record in the file at `path`; unreadable or invalid files become problems."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _fail(path, f"cannot read the file: {error.strerror or error}")
    return parse_bytes(path, data)


def parse_bytes(path: str, data: bytes) -> ParseResult:
    """Load a record from the bytes of a file; `path` only names it in problems."""
    try:
        return _parse(path, data)
    except Exception as error:  # a last guard: one file must never stop a whole load
        return _fail(path, f"could not be read as a record ({type(error).__name__})")


def _fail(path: str, reason: str, line: int | None = None) -> ParseResult:
    return ParseResult(None, (Problem(path, reason, line),))


def _parse(path: str, data: bytes) -> ParseResult:
    if not data.strip():
        return _fail(path, "the file is empty")
    if b"\x00" in data[:8192]:
        return _fail(path, "binary data, not a text record")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _fail(path, f"not UTF-8 text (byte 0x{data[error.start]:02x})", line)
    front, body, body_line, problem = _split(path, text)
    if problem:
        return ParseResult(None, (problem,))
    loader = _RecordLoader(front)
    try:
        meta = loader.get_single_data()
    except _TooComplex as error:
        return _fail(path, f"front matter is too complex: {error}", 2)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 2  # +1 for 1-based lines, +1 for the opening ---
        reason = clean_text(str(error.problem or error.context or "invalid YAML")).splitlines()[0]
        return _fail(path, f"invalid YAML in front matter: {reason}", line)
    except yaml.YAMLError as error:
        return _fail(path, f"invalid YAML in front matter: {type(error).__name__}", 2)
    except RecursionError:
        return _fail(path, "front matter is nested too deeply", 2)
    finally:
        loader.dispose()
    if not isinstance(meta, dict):
        kind = "empty" if meta is None else f"a {_yaml_kind(meta)}"
        return _fail(path, f"front matter is {kind}, not a mapping of keys", 2)
    problems: list[Problem] = [
        Problem(path, f"duplicate key {key!r}: the last value is used", line + 1)
        for key, line in loader.duplicate_keys
    ]
    try:
        meta = _bounded_copy(meta)
    except _TooComplex as error:
        return _fail(path, f"front matter is too complex: {error}", 2)
    build = _Builder(path, problems)
    record = build.record(meta, body, body_line)
    if record is None:
        return ParseResult(None, tuple(problems))
    return ParseResult(record, tuple(problems))


def _split(path: str, text: str) -> tuple[str, str, int, Problem | None]:
    """Split text into front matter and body at the `---` lines.

    python-frontmatter splits with a regex that can run past a line end and gives no line
    numbers or size bound, so the split is done here; its YAML handling is replaced by the
    bounded loader above for the same reasons.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    stripped = text.lstrip("\n")
    skipped_lines = len(text) - len(stripped)
    first, _, rest = stripped.partition("\n")
    if first.rstrip() != "---":
        return (
            "",
            "",
            0,
            Problem(
                path,
                "no front matter: the file does not start with a '---' line",
                1 + skipped_lines,
            ),
        )
    pos = 0
    line_no = 2 + skipped_lines
    while True:
        end = rest.find("\n", pos)
        line = rest[pos:] if end < 0 else rest[pos:end]
        if line.rstrip() in ("---", "..."):
            front = rest[:pos]
            body = "" if end < 0 else rest[end + 1 :]
            break
        if end < 0:
            return (
                "",
                "",
                0,
                Problem(path, "front matter is never closed by a '---' line", 1 + skipped_lines),
            )
        if end > MAX_FRONT_MATTER_BYTES:
            return (
                "",
                "",
                0,
                Problem(path, f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB", 1),
            )
        pos = end + 1
        line_no += 1
    if len(front) > MAX_FRONT_MATTER_BYTES:
        return (
            "",
            "",
            0,
            Problem(path, f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB", 1),
        )
    return front, body, line_no + 1, None


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def _bounded_copy(value: Any) -> Any:
    """Copy the loaded YAML into plain values, cleaning every string, within a budget.

    Shared references (YAML aliases) are copied again each time they are reached, so the
    budget is what bounds an alias bomb: it stops after MAX_NODES values, not after 2 GB.
    """
    budget = [MAX_NODES]

    def walk(item: Any, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooComplex(f"more than {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise _TooComplex(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, str):
            return clean_text(item)
        if isinstance(item, dict):
            return {
                (clean_text(k) if isinstance(k, str) else k): walk(v, depth + 1)
                for k, v in item.items()
                if isinstance(k, (str, int, float, bool)) or k is None
            }
        if isinstance(item, (list, tuple, set)):
            return [walk(v, depth + 1) for v in item]
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
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            try:
                number = float(value.strip())
            except ValueError:
                return None
            return int(number) if number.is_integer() else None
    return None


def parse_time(value: Any) -> dt.datetime | None:
    """Read a publication time; times without a zone are taken as UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        raw = value.strip()
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
            return dt.datetime.fromtimestamp(float(value), dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment


def _parse_other_time(raw: str) -> dt.datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "%d.%m.%Y", "%Y-%m-%d %H:%M"):
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


class _Builder:
    """Builds the typed record from a cleaned mapping, coercing clear cases, reporting others."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def note(self, reason: str) -> None:
        self.problems.append(Problem(self.path, reason))

    def text(self, meta: dict, key: str, where: str = "") -> str:
        if key not in meta or meta[key] is None:
            return ""
        value = _text(meta[key])
        if value is None:
            self.note(f"{where}{key!r} should be text, not a {_yaml_kind(meta[key])}: ignored")
            return ""
        return value

    def first_text(self, meta: dict, *keys: str) -> str:
        for key in keys:
            value = self.text(meta, key)
            if value:
                return value
        return ""

    def number(self, meta: dict, key: str, where: str = "") -> int | None:
        if key not in meta or meta[key] is None:
            return None
        value = _int(meta[key])
        if value is None:
            self.note(f"{where}{key!r} should be a whole number, not {meta[key]!r:.40}: ignored")
        return value

    def time(self, meta: dict, key: str, where: str = "") -> dt.datetime | None:
        if key not in meta or meta[key] is None:
            return None
        value = parse_time(meta[key])
        if value is None:
            self.note(f"{where}{key!r} is not a date and time: {meta[key]!r:.40}")
        return value

    def provider(self, value: Any, where: str = "") -> Provider:
        if value is None:
            return Provider()
        if isinstance(value, str):
            return Provider(name=value)
        if not isinstance(value, dict):
            self.note(f"{where}'provider' should be a mapping of name and domain: ignored")
            return Provider()
        return Provider(
            name=self.text(value, "name", where + "provider "),
            domain=self.text(value, "domain", where + "provider "),
        )

    def topics(self, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            items: list[Any] = [value]  # `topics: AI` means one topic
        elif isinstance(value, list):
            items = value
        else:
            self.note(f"'topics' should be a list of text, not a {_yaml_kind(value)}: ignored")
            return ()
        topics: list[str] = []
        for item in items:
            topic = _text(item)
            if topic is None:
                self.note(f"a topic should be text, not a {_yaml_kind(item)}: skipped")
                continue
            topic = " ".join(topic.split())
            if topic and topic not in topics:
                topics.append(topic)
        return tuple(topics)

    def images(self, value: Any, where: str = "") -> tuple[Image, ...]:
        return tuple(self._list(value, "images", where, self._image))

    def _image(self, item: Any, where: str) -> Image | None:
        if isinstance(item, str):
            return Image(url=item)
        if not isinstance(item, dict):
            return None
        return Image(
            url=self.text(item, "url", where),
            width=_int(item.get("width")),
            height=_int(item.get("height")),
            title=self.text(item, "title", where),
        )

    def _list(self, value: Any, key: str, where: str, build: Callable[[Any, str], Any]) -> list:
        if value is None:
            return []
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            self.note(f"{where}{key!r} should be a list, not a {_yaml_kind(value)}: ignored")
            return []
        built = []
        skipped = 0
        for item in value:
            result = build(item, where)
            if result is None:
                skipped += 1
            else:
                built.append(result)
        if skipped:
            self.note(f"{where}{skipped} item(s) of {key!r} are not mappings: skipped")
        return built

    def related(self, value: Any) -> tuple[RelatedItem, ...]:
        return tuple(self._list(value, "related", "", self._related_item))

    def _related_item(self, item: Any, where: str) -> RelatedItem | None:
        if not isinstance(item, dict):
            return None
        where = "related "
        return RelatedItem(
            title=" ".join(self.text(item, "title", where).split()),
            excerpt=self.text(item, "excerpt", where),
            published=self.time(item, "publishedDateTime", where),
            source_url=self.first_text(item, "sourceUrl", "originalUrl", "webUrl").strip(),
            amp_url=self.first_text(item, "ampUrl", "ampWebUrl").strip(),
            cdn_amp_url=self.first_text(item, "cdnAmpUrl", "cdnAmpWebUrl").strip(),
            type=self.text(item, "type", where),
            provider=self.provider(item.get("provider"), where),
            quality=_int(item.get("quality")),
            images=self.images(item.get("images"), where),
        )

    def record(self, meta: dict, body: str, body_line: int) -> Record | None:
        title = " ".join(self.text(meta, "title").split())
        if not title:
            self.problems.append(Problem(self.path, "the record has no 'title'", 2))
            return None
        published_flag = meta.get("published")
        truncated = len(body) > MAX_BODY_CHARS
        return Record(
            path=self.path,
            title=title,
            excerpt=self.text(meta, "excerpt"),
            published=self.time(meta, "publishedDateTime"),
            source_url=self.first_text(meta, "sourceUrl", "originalUrl", "webUrl").strip(),
            amp_url=self.first_text(meta, "ampUrl", "ampWebUrl").strip(),
            cdn_amp_url=self.first_text(meta, "cdnAmpUrl", "cdnAmpWebUrl").strip(),
            category=self.text(meta, "category"),
            type=self.text(meta, "type"),
            quality=self.number(meta, "quality"),
            heat=self.number(meta, "heat"),
            published_flag=published_flag if isinstance(published_flag, bool) else None,
            provider=self.provider(meta.get("provider")),
            topics=self.topics(meta.get("topics")),
            images=self.images(meta.get("images")),
            related=self.related(meta.get("related")),
            body=clean_text(body[:MAX_BODY_CHARS]).strip("\n"),
            body_truncated=truncated,
            secured=self.text(meta, "secured"),
            extra={k: v for k, v in meta.items() if k not in _KNOWN_KEYS and isinstance(k, str)},
        )
