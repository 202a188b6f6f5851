"""The hardened YAML loader: front matter text to plain values, within bounds no file can push past.

Safe construction only; duplicate keys, values that fail to construct, alias bombs and deep nesting
become problems with their lines instead of errors, hangs or exhausted memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from reader.core.coerce import MAX_SCALAR_NUMBER_CHARS, yaml_kind
from reader.core.model import Problem
from reader.core.text import clean_text

MAX_NODES = 50_000  # values walked per file: an alias bomb stops here instead of eating memory
MAX_DEPTH = 40
MAX_ALIASES = 1_000  # shared values (YAML aliases, merges) reached again while copying

# libyaml's C parser is ~14x faster than the pure-Python one; both construct only plain types.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The pure-Python scanner does work proportional to the flow nesting depth for every token, so
# 10,000 nested `[` take it 20 s; libyaml stops at depth 1,000 by itself in a millisecond.
CHECK_FLOW_DEPTH = _BaseLoader is yaml.SafeLoader
MAX_FLOW_DEPTH = 200  # brackets inside quoted text count too: this is far above any real record
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TOO_DEEP = "front matter is too complex: nested too deeply"


@dataclass(frozen=True)
class LoadedYaml:
    """Front matter as plain, cleaned values, with where its keys are and what was wrong in it."""

    meta: dict
    key_lines: dict[str, int]  # top-level key -> file line
    related_lines: list[dict[str, int]]  # per related item: key -> file line ("" = the item's line)
    problems: list[Problem]


class TooComplex(Exception):
    """The front matter asks for more aliases, nesting or values than a record could need."""


class RecordLoader(_BaseLoader):  # type: ignore[misc, valid-type]
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
                raise TooComplex(f"YAML merge keys copy more than {MAX_NODES:,} values")
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
        except (TooComplex, RecursionError, yaml.YAMLError):
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
    ("int", RecordLoader.construct_yaml_int),
    ("float", RecordLoader.construct_yaml_float),
    ("timestamp", RecordLoader.construct_yaml_timestamp),
):
    RecordLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


def load_yaml(path: str, front: str, first_line: int) -> LoadedYaml | Problem:
    """Load front matter that starts on file line `first_line`; a Problem when it is no mapping."""
    # YAML refuses raw control characters; they are removed anyway, so a title with a raw ESC
    # in it loads (cleaned) instead of failing. Removing them keeps every line number.
    front = clean_text(front)
    if CHECK_FLOW_DEPTH and _flow_depth_exceeds(front, MAX_FLOW_DEPTH):
        return Problem(path, _TOO_DEEP, first_line)
    loader = RecordLoader(front)
    try:
        root = loader.get_single_node()
        lines, related_lines = key_lines(root, first_line)
        meta = None if root is None else loader.construct_document(root)
    except TooComplex as error:
        return Problem(path, f"front matter is too complex: {error}", first_line)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        reason = str(error.problem or error.context or "invalid YAML")
        if "nesting depth" in reason:
            return Problem(path, _TOO_DEEP, line)
        reason = clean_text(reason).splitlines()[0][:200]
        return Problem(path, f"invalid YAML in front matter: {reason}", line)
    except yaml.YAMLError as error:
        return Problem(path, f"invalid YAML in front matter: {type(error).__name__}", first_line)
    except RecursionError:
        return Problem(path, _TOO_DEEP, first_line)
    finally:
        loader.dispose()
    if not isinstance(meta, dict):
        kind = "empty" if meta is None else f"a {yaml_kind(meta)}"
        return Problem(path, f"front matter is {kind}, not a mapping of keys", first_line)
    problems: list[Problem] = [
        Problem(path, f"duplicate key {key!r}: the last value is used", line + first_line)
        for key, line in loader.duplicate_keys
    ]
    problems += [Problem(path, reason, line + first_line) for reason, line in loader.bad_values]
    try:
        meta = bounded_copy(meta)
    except TooComplex as error:
        return Problem(path, f"front matter is too complex: {error}", first_line)
    return LoadedYaml(meta, lines, related_lines, problems)


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


def key_lines(root: yaml.Node | None, first_line: int) -> tuple[dict[str, int], list[dict[str, int]]]:
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


def bounded_copy(value: Any) -> Any:
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
            raise TooComplex(f"more than {MAX_NODES:,} values")
        if isinstance(item, str):
            return clean_text(item)
        if isinstance(item, (dict, list)):
            if depth >= MAX_DEPTH:
                raise TooComplex(f"nested deeper than {MAX_DEPTH} levels")
            if id(item) in seen:
                reused += 1
                if reused > MAX_ALIASES:
                    raise TooComplex(f"YAML aliases reached more than {MAX_ALIASES:,} times")
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
