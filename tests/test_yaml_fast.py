"""The fast YAML path (yaml-rs behind a guard) must give exactly what the PyYAML path gives, or nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.core import yaml_fast
from reader.core.model import Problem
from reader.core.parse import parse_bytes
from reader.core.text import clean_text
from reader.core.yaml_fast import load_fast
from reader.core.yaml_loader import LoadedYaml, load_yaml
from tests.records import record_text

pytestmark = pytest.mark.skipif(yaml_fast.yaml_rs is None, reason="yaml-rs is not installed")


def identical(ref: Any, got: Any) -> bool:
    """Deep equality with types, key order, and for datetimes the zone's offset and name."""
    if type(ref) is not type(got):
        return False
    if isinstance(ref, dict):
        return list(ref) == list(got) and all(identical(ref[k], got[k]) for k in ref)
    if isinstance(ref, list):
        return len(ref) == len(got) and all(identical(a, b) for a, b in zip(ref, got, strict=True))
    if isinstance(ref, float) and math.isnan(ref):
        return math.isnan(got)
    if isinstance(ref, dt.datetime):
        return ref == got and ref.utcoffset() == got.utcoffset() and ref.tzname() == got.tzname()
    return ref == got


def check_against_pyyaml(front: str) -> dict | None:
    """Load `front` both ways; whenever the fast path answers, the PyYAML path must agree exactly."""
    fast = load_fast(clean_text(front))
    if fast is None:
        return None
    slow = load_yaml("f.md", front, 2)
    assert isinstance(slow, LoadedYaml), f"PyYAML refuses what yaml-rs read: {front!r}: {slow}"
    assert not slow.problems, f"PyYAML reports {slow.problems} for {front!r}"
    assert identical(slow.meta, fast), f"{front!r}: {slow.meta!r} vs {fast!r}"
    return fast


RECORD = """\
title: "A \\"quoted\\" title & more"
excerpt: Plain text, with commas - and dashes:colons
publishedDateTime: 2020-01-22T10:42:00Z
sourceUrl: https://www.example.com/a?ocid=1&x=2
quality: 76
heat: -1
published: false
provider:
  name: "Example Times"
  domain: example.com
topics:
  - AI
  - 2020-01-02
images: []
related:
  - title: 'It''s related'
    publishedDateTime: 2020-01-21 09:00:00.5 +01:00
    quality: 0x1F
"""


def test_an_ordinary_record_takes_the_fast_path_and_matches() -> None:
    loaded = check_against_pyyaml(RECORD)
    assert loaded is not None
    assert loaded["publishedDateTime"] == dt.datetime(2020, 1, 22, 10, 42, tzinfo=dt.UTC)
    assert loaded["topics"] == ["AI", dt.date(2020, 1, 2)]
    assert loaded["related"][0]["quality"] == 31


@pytest.mark.parametrize(
    "front",
    [
        "a: !!python/object/apply:os.getpid []\n",
        "a: &x [1]\nb: *x\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n",
        "a: yes\n",
        "a: on\n",
        "a: 017\n",
        "a: 1:30\n",
        "a: 0X1F\n",  # yaml-rs reads upper-case 0X and 0B numbers; PyYAML, text
        "a: 0B11\n",
        "a: 1e3\n",
        "a: .nan\n",
        'a: "2020-01-22T10:42:00Z"\n',
        'a: "\\x32020-01-22"\n',
        "a: 2020-1-2\n",
        "a: |\n  text\n",
        "a: [1, 2]\n",
        "a:\tb\n",
        "a: b\u2028c\n",
        "a: 1\na: 2\n",
        "? a\n: b\n",
        "a: b\n---\nc: d\n",
        "a: " + "1" * 70 + "\n",
        "- a\n- b\n",
        "just text\n",
        "",
        "a: [\n",
        "true: a\n'true': b\n",  # PyYAML's path reports a duplicate key
        "1: a\n",
    ],
)
def test_what_the_guard_cannot_vouch_for_goes_to_pyyaml(front: str) -> None:
    assert load_fast(clean_text(front)) is None


@pytest.mark.parametrize(
    "front",
    [
        "a: 2020-02-30T10:00:00Z\n",  # impossible: text on both paths
        "2020-01-02: dropped\nb: kept\n",  # a date key: bounded_copy drops it
        "a: x&#8238;y\n",  # a character reference for a bidi override: removed
        'a: "x\\e[31my"\n',  # an escape that writes ESC: cleaned
        "a: AT&amp;T &#x41;\n",
        "a: 1_000\nb: 0b11\nc: -0\nd: 1.\ne: .inf\nf: ~\ng: TRUE\n",
        "a: plain\n  folded\n  text\n",
        "a:\n  - - 1\n    - 2\n",
    ],
)
def test_edge_cases_the_fast_path_reads_exactly(front: str) -> None:
    assert check_against_pyyaml(front) is not None


@pytest.mark.parametrize(
    "front",
    [
        "title: T\nk:\n" + "- " * 50_000 + "x\n",  # yaml-rs overflows its stack past ~20,000 levels
        "title: T\nk:\n" + "".join(f"{' ' * (2 * i)}- \n" for i in range(300)),
    ],
    ids=["one line", "indented"],
)
def test_deep_block_nesting_never_reaches_yaml_rs(front: str) -> None:
    assert yaml_fast.needs_pyyaml(front)
    result = parse_bytes("f.md", f"---\n{front}---\n".encode())
    assert result.record is None
    assert [p.reason[:27] for p in result.problems] == ["front matter is too complex"]


def test_nesting_past_the_bound_is_left_to_pyyaml() -> None:
    deep = "".join(f"{'  ' * level}k{level}:\n" for level in range(60)) + "  " * 60 + "x: 1\n"
    assert load_fast(deep) is None
    assert isinstance(load_yaml("f.md", deep, 2), Problem)


def test_a_record_with_problems_is_read_again_for_its_line_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "---\ntitle: T\npublishedDateTime: 2020-01-01T00:00:00Z\nquality: lots\nheat:\n- 1\n---\nBody\n"
    assert load_fast(text.split("---\n")[1]) is not None  # yaml-rs reads it: only the lines are missing
    fast = parse_bytes("f.md", text.encode())
    monkeypatch.setattr(yaml_fast, "yaml_rs", None)
    assert parse_bytes("f.md", text.encode()) == fast
    assert [(p.line, p.reason[:9]) for p in fast.problems] == [(4, "'quality'"), (5, "'heat' sh")]


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Plain", "date": "2020-01-05T10:00:00Z", "url": "https://x.org/a", "topics": ["A"]},
        {"title": "No date", "provider": "P", "related": [{"title": "R", "sourceUrl": "https://y.org"}]},
        {"title": "Odd", "date": "not a date", "heat": 99, "custom": {"nested": [1, "two"]}},
        {"title": "   ", "excerpt": "a record without a real title"},
    ],
)
def test_parse_bytes_is_the_same_with_and_without_yaml_rs(
    fields: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (record_text(**fields) + "Body text.\n").encode()
    fast = parse_bytes("f.md", data)
    monkeypatch.setattr(yaml_fast, "yaml_rs", None)
    assert parse_bytes("f.md", data) == fast


@pytest.mark.parametrize(
    ("alphabet", "longest"),
    [("0123456789.-+_:eExXobBOnNyYtTfF~=aA", 2), ("019.-+_:eExXbBoO", 3)],
)
def test_every_short_scalar_reads_as_pyyaml_reads_it(alphabet: str, longest: int) -> None:
    for length in range(1, longest + 1):
        for characters in itertools.product(alphabet, repeat=length):
            text = "".join(characters)
            for front in (f"a: {text}\n", f"a:\n- {text}\n", f"{text}: v\n"):
                check_against_pyyaml(front)


# -- differential fuzzing ------------------------------------------------------------------------

_TOKEN_TEXT = (
    "yes No ON off y n true False TRUE null ~ Null = << 1:30 017 08 0o17 0x1F 0X1F 0b11 0B11 1_000 "
    "-.5 +.5 .5 "
    "1e3 1.0e3 1.0e+3 12e03 .inf -.Inf .NaN nan +1 -0 00 09.5 1. 0. _5 2020-01-22 2020-1-2 "
    "2020-01-22T10:42:00Z 2020-01-22T1:02:03Z 2020-01-22t10:42:00z 2020-01-22T10:42:00.5+01:00 "
    "2020-01-22T10:42:00-05:30 2020-13-45 2020-02-30T10:00:00Z text AT&T R&D &#8238; &amp; x*y * & "
    "! !!str !!binary !foo *a &a a#b #c http://x.y/?a=1&b=2 - ? [ ] { } , : ... --- \" ' | > % @ ` "
    "\\ \\x1b \\x32 \\u0030 \\t \\u2028 \\e \\0 \\/ 12345678901234567890 "
    "\u00e9 \u202e \u00a0 \x1b \u2028 \ufeff"
)
_TOKENS = [*_TOKEN_TEXT.split(" "), "a b", "  ", "\t", "2020-01-22 10:42:00", "2020-01-22T10:42:00 -5"]
_TOKENS.append("\\\n")  # an escaped line break
_CHARS = "0123456789.-+_:eExXobBTtZz yesnoNYfFO=~\\\"'&#;"


@st.composite
def scalars(draw: st.DrawFn) -> str:
    """A tricky scalar: a token, random characters or two tokens joined, plain or quoted."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        value = draw(st.sampled_from(_TOKENS))
    elif kind == 1:
        value = draw(st.text(st.sampled_from(_CHARS), min_size=1, max_size=8))
    else:
        glue = draw(st.sampled_from(["", " ", "-", ":", ".", "0", "\\"]))
        value = draw(st.sampled_from(_TOKENS)) + glue + draw(st.sampled_from(_TOKENS))
    quote = draw(st.integers(0, 5))
    if quote == 0:  # double-quoted, escapes written through
        return '"' + value.replace('"', '\\"') + '"'
    if quote == 1:
        return "'" + value.replace("'", "''") + "'"
    return value


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A small front matter of tricky scalars in block, flow, quoted and block-scalar positions."""
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = f"k{draw(st.integers(0, 3))}"
        shape = draw(st.integers(0, 6))
        one, two = draw(scalars()), draw(scalars())
        lines.append(
            [
                f"{one}: {two}",
                f"{key}:\n  - {one}\n  - {two}",
                f"{key}: [{one}, {two}]",
                f"{key}: {{{one}: {two}}}",
                f"{key}: |\n  {one}",
                f"{key}:\n  {one}",
                f"{key}:\n  {one}: {two}\n  k9: {one}",
            ][shape]
        )
    return "\n".join(lines) + "\n"


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
@example('k0: "2020-01-22\\\n  T10:42:00Z"\n')
@example('k0: "\\\n  2020-01-22"\n')
@example("k0: x&#82&#8238;38;y\n")
@example('"yes": "yes"\n"\u202e": \'\\\'\n')  # an empty key once the override is removed
def test_fast_path_agrees_with_pyyaml_on_random_documents(front: str) -> None:
    check_against_pyyaml(front)
