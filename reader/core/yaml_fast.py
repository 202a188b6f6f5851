"""The fast path of front-matter loading: yaml-rs, used only where it reads text exactly as PyYAML does.

yaml-rs (a Rust YAML 1.2 parser) loads a record in about a tenth of CSafeLoader's time, but YAML 1.1
(PyYAML) and YAML 1.2 read some text differently, and yaml-rs gives no line numbers. So it is only
asked about text that a guard pattern vouches for, and only its results are kept that need no
line number: anything the guard flags, anything yaml-rs refuses, and anything the copy below
cannot take as it is returns None, and the caller loads the text with the hardened PyYAML loader
(`yaml_loader`), which stays the source of truth. bench/YAML_PARSERS.md has the evaluation.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from reader.core.text import clean_text

try:  # an optional native wheel: without it every text takes the PyYAML path
    import yaml_rs
except ImportError:  # pragma: no cover - the wheel exists for every platform CI runs on
    yaml_rs = None

MAX_NODES = 50_000  # the same bounds as yaml_loader: beyond them, PyYAML's path names the problem
MAX_DEPTH = 40

# Where yaml-rs (YAML 1.2) and PyYAML (YAML 1.1) can read the same text differently, found by
# bench/compare_yaml.py's edge cases and differential fuzzing (and tests/test_yaml_fast.py): a node
# property (tag, anchor, alias), a merge key, a complex key (`?`), a non-empty flow collection, a
# block scalar, a second document, a tab, a quoted timestamp (or a double-quoted scalar that an
# escape near its start could make one), plain scalars that only YAML 1.1 resolves (yes/no/on/off,
# 1:30, 017, 0o17, 08, -.5, 1e3, `=`) or that only yaml-rs reads as numbers (_5), .nan, timestamps
# that only PyYAML accepts (2020-1-2), numbers too long for PyYAML's path to read as numbers, and
# characters that only YAML 1.1 takes as line breaks or refuses. A false alarm only costs time.
_PLAIN_END = r"[ \t]*(?:$|[,\]}#]|:(?:[ \t]|$))"
_YAML11_ONLY = (
    r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|=|\.(?:nan|NaN|NAN)|[-+]?[._][0-9_.][^\s,\]}]*"
    r"|[-+]?0[0-9oOXB_][^\s,\]}]*|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[-+]?[0-9][0-9_.]*[eE][-+]?[0-9_]*"
)
_ODD_TIMESTAMP = (  # one-digit month, day, hour or zone, or `00.`: PyYAML a datetime, yaml-rs text
    r"[0-9]{4}-(?:[0-9]-|[0-9]{2}-[0-9](?![0-9])|[0-9]{2}-[0-9]{2}(?:[Tt]|[ \t]+)(?:[0-9](?![0-9])"
    r"|[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.(?![0-9])|(?:\.[0-9]+)?[ \t]*[-+][0-9](?![0-9]))))"
)
# A number written with more than MAX_SCALAR_NUMBER_CHARS characters stays text on PyYAML's path.
_LONG_NUMBER = r"[-+]?[0-9.][0-9a-fA-FxXoO_.:+-]{50,}"
_NODE_START = (  # what may start a node (after a line start or an indicator) that sends text to PyYAML
    r"(?=[!&*|>?:\[{<\"'0-9yYnNoO=._+-])"  # fails fast on the usual key or text
    rf"(?:[!&*|>?:]|\[(?![ \t]*\])|\{{(?![ \t]*\}})|<<|[\"'][ \t]*[0-9]{{4}}-|\"[ \t]*[0-9]{{0,4}}\\[^\"\\]"
    rf"|{_ODD_TIMESTAMP}"
    rf"|(?:{_YAML11_ONLY}){_PLAIN_END}|{_LONG_NUMBER})"
)
# Every node starts at the start of a line or after `: `, `- ` or `? ` (a flow collection, whose
# items start after `[`, `{` or `,`, is itself sent to PyYAML). Each context is its own pattern that
# starts with a literal character: the regex engine then jumps from one such character to the next,
# where one pattern of all of them tried every position (41 µs a generated record, against 13).
# Quantifiers are possessive: an indentation is never given back to try the lookahead again.
_NODE_STARTS = tuple(
    re.compile(pattern, re.MULTILINE)
    for pattern in (
        rf"\n[ \t]*+{_NODE_START}|\n(?:---|\.\.\.)(?:[ \t]|$)",
        rf":[ \t]++{_NODE_START}",
        rf"-[ \t]++{_NODE_START}",
        rf"\?[ \t]++{_NODE_START}",
    )
)
_ODD_CHARACTERS = ("\t", "\u2028", "\u2029", "\ufffe", "\uffff")
# yaml-rs recurses once per nesting level and crashes the process (a stack overflow, not an error)
# at about 20,000 levels, which `- - - …` on one line of 40 KB reaches. A level nests only to the
# right of its parent, so one that is deep starts far to the right: at an indentation of hundreds
# of columns, or after a long run of `- ` on one line. Such text goes to PyYAML, which refuses it.
# (Each pattern starts with a literal character: `(?:-[ \t]+){32}` alone cost 26 µs a record.)
_DEEP = (re.compile(r"-[ \t]+(?:-[ \t]+){31}"), re.compile(r"\n[ \t]{200}"))


def needs_pyyaml(front: str) -> bool:
    """Say whether yaml-rs could read `front` otherwise than PyYAML (see the patterns above)."""
    if any(character in front for character in _ODD_CHARACTERS):
        return True
    text = "\n" + front  # the "\n" stands for the start of the first line
    return any(pattern.search(text) for pattern in (*_DEEP, *_NODE_STARTS))


# PyYAML's own rule for a plain scalar that is a timestamp, and its own constructor: yaml-rs is asked
# to leave timestamps as text (`parse_datetime=False`) and they are made here exactly as PyYAML makes
# them. A quoted timestamp never gets here (the guard sends it to PyYAML), so a string that matches
# was a plain scalar.
_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
_UTC_SECONDS = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
_SAFE_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


if yaml_rs is not None:
    _STRICT = yaml_rs.DuplicateKeyPolicy.Error
    _NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0)


class _NotVouched(Exception):
    """The loaded value holds something only the PyYAML path reads with certainty."""


def load_fast(front: str) -> dict | None:
    """The cleaned, bounded mapping the PyYAML path would give for `front`, or None when unsure.

    `front` has already been through `clean_text`, as on the PyYAML path.
    """
    if yaml_rs is None or needs_pyyaml(front):
        return None
    try:
        # A duplicate key raises, so that PyYAML reports it with its line; aliases never get here.
        loaded = yaml_rs.loads(
            front, parse_datetime=False, duplicate_key_policy=_STRICT, alias_limits=_NO_ALIASES
        )
    except Exception:  # invalid YAML, too deep, anything: PyYAML's path says what is wrong
        return None
    if not isinstance(loaded, dict):
        return None
    try:
        _vouch(loaded, escaped="\\" in front)
    except _NotVouched:
        return None
    return loaded


def _vouch(root: dict, escaped: bool) -> None:
    """Make yaml-rs's tree what `yaml_loader.bounded_copy` makes of PyYAML's result, in place.

    yaml-rs's result is a fresh tree (aliases never reach it), so nothing is shared and it can be
    changed where it is. Its strings come from text already cleaned, so only two kinds can still
    need `clean_text`: those with `&` (dropping a character reference can join the text around it
    into a new one) and, when the text has a backslash, any (an escape can write a control
    character). Bounds are checked conservatively: near one, the PyYAML path decides.
    """
    budget = MAX_NODES - 1
    stack: list[tuple[Any, int]] = [(root, 0)]
    while stack:
        item, depth = stack.pop()
        budget -= len(item)
        if depth >= MAX_DEPTH or budget < 0:
            raise _NotVouched
        if type(item) is dict:
            odd_keys = False
            for key, value in item.items():
                kind = type(key)
                if kind is not str:
                    # PyYAML's path reports `true` and "true" as one key twice (it compares the
                    # keys' text); yaml-rs, two keys. Keys that are not text are rare: PyYAML decides.
                    raise _NotVouched
                if key and (key[0] in _DIGITS or escaped or "&" in key):
                    odd_keys = True
                kind = type(value)
                if kind is str:
                    if value and (value[0] in _DIGITS or escaped or "&" in value):
                        item[key] = _scalar(value)
                elif kind is dict or kind is list:
                    stack.append((value, depth + 1))
                elif not (value is None or kind is bool or kind is int or kind is float):
                    raise _NotVouched
            if odd_keys:
                _fix_keys(item)
        else:
            for index, value in enumerate(item):
                kind = type(value)
                if kind is str:
                    if value and (value[0] in _DIGITS or escaped or "&" in value):
                        item[index] = _scalar(value)
                elif kind is dict or kind is list:
                    stack.append((value, depth + 1))
                elif not (value is None or kind is bool or kind is int or kind is float):
                    raise _NotVouched


_DIGITS = frozenset("0123456789")


def _scalar(text: str) -> Any:
    """A string value as PyYAML's path has it: a plain timestamp made a date, any other text cleaned."""
    if text[:1] in _DIGITS and _TIMESTAMP.fullmatch(text):
        return timestamp(text)
    return clean_text(text)


def _fix_keys(mapping: dict) -> None:
    """Rewrite a mapping's keys as bounded_copy does: cleaned, and a date key dropped."""
    pairs = list(mapping.items())
    mapping.clear()
    for key, value in pairs:
        if type(key) is str:
            key = _scalar(key)
            if type(key) is not str:
                continue  # PyYAML makes a date of it, and bounded_copy keeps no such key
        mapping[key] = value


def timestamp(text: str) -> Any:
    """A plain timestamp as PyYAML's safe loader makes it; an impossible one (month 13) stays text."""
    match = _UTC_SECONDS.fullmatch(text)
    try:
        if match:  # the usual form, made directly: what PyYAML makes of it, without its regex and dict
            year, month, day, hour, minute, second = map(int, match.groups())
            return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
        return _SAFE_CONSTRUCTOR.construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP_TAG, text))
    except (ValueError, OverflowError):
        return text
