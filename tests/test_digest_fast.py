"""A usual record's digest, read without building its Record, must equal the one the full path gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import digest as digest_module
from reader.core.digest import MAX_INDEXED_BODY, Digest, digest_file, digest_record
from reader.core.digest_fast import digest_usual
from reader.core.parse import read_file
from reader.core.record_builder import KeyLines, RecordBuilder
from reader.core.scan import iter_record_files
from tests.hostile import write_hostile_corpus
from tests.records import write_record

UTC = dt.UTC


def full_digest(path: str, size: int, mtime_ns: int) -> Digest:
    """The digest as the full path makes it: read_file, then digest_record."""
    result = read_file(path)
    problems = tuple((p.line, p.reason) for p in result.problems)
    if result.record is None:
        return Digest(path, size, mtime_ns, None, (), (), None, problems)
    return digest_record(result.record, size, mtime_ns, problems)


def test_every_hostile_and_ordinary_file_digests_as_the_full_path_does(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_hostile_corpus(folder)
    write_record(
        folder / "usual.md",
        title="Usual",
        url="https://www.example.com/a?ocid=x",
        amp="https://example.com/amp/a",
        provider="P",
        topics=["A", "A", " B  c "],
        related=[{"title": "R", "sourceUrl": "http://example.com/b/", "quality": 3}, {"title": "S"}],
        body="Body\n",
    )
    files = list(iter_record_files([str(folder)]))
    assert len(files) > 10
    for path, size, mtime_ns in files:
        assert digest_file(path, size, mtime_ns) == full_digest(path, size, mtime_ns)


def test_a_usual_record_skips_the_record_builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: T\npublishedDateTime: 2020-01-05T10:00:00Z\nsourceUrl: https://x.org/a\n---\n"
    )
    monkeypatch.setattr(digest_module, "parse_bytes", None)  # the full path would fail loudly
    digest = digest_file(str(path), 1, 2)
    assert digest.columns is not None
    assert digest.columns[:2] == ("T", dt.datetime(2020, 1, 5, 10, tzinfo=UTC).timestamp())
    assert digest.keys == ("x.org/a",)
    assert read_file(str(path)).record is not None


def test_an_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.md")
    digest = digest_file(missing, 1, 2)
    assert digest.columns is None
    assert digest.problems == tuple((p.line, p.reason) for p in read_file(missing).problems)


# -- random mappings -----------------------------------------------------------------------------

_ODD = st.sampled_from(
    [
        None,
        "",
        "  ",
        "7",
        0,
        7,
        -1,
        2**70,
        1.5,
        True,
        False,
        [],
        {},
        ["x"],
        {"name": "x"},
        dt.date(2020, 1, 5),
    ],
)
_TEXT = st.sampled_from(["x", " Two  words ", "https://www.example.com/a/?utm_source=1", "http://b.org/", ""])
_TIME = st.sampled_from([dt.datetime(2020, 1, 5, 10, tzinfo=UTC), "2020-01-05T10:00:00Z", "2020-01-05"])


def mostly(usual: st.SearchStrategy, odd: st.SearchStrategy = _ODD) -> st.SearchStrategy:
    """Usual values, with an odd one now and then (one draw in twelve)."""
    return st.integers(0, 11).flatmap(lambda roll: odd if roll == 0 else usual)


_NUMBER = mostly(st.integers(-5, 10**6))
_SHAPES = {
    "publishedDateTime": mostly(_TIME),
    "provider": mostly(st.fixed_dictionaries({"name": mostly(_TEXT)}, optional={"domain": mostly(_TEXT)})),
    "images": mostly(
        st.lists(
            mostly(
                st.fixed_dictionaries(
                    {"url": mostly(_TEXT)}, optional={"width": _NUMBER, "title": mostly(_TEXT)}
                ),
                st.one_of(_TEXT, _ODD),
            ),
            max_size=3,
        )
    ),
    "quality": _NUMBER,
    "heat": _NUMBER,
    "published": mostly(st.booleans()),
    "topics": mostly(st.lists(mostly(_TEXT), max_size=4), st.one_of(_TEXT, _ODD)),
}
_TEXT_KEYS = ["title", "excerpt", "sourceUrl", "originalUrl", "ampUrl", "ampWebUrl", "cdnAmpUrl", "type"]


@st.composite
def stories(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A record or related-item mapping whose fields are mostly usual and now and then not."""
    meta: dict[str, Any] = {"title": draw(mostly(st.just("A title")))}
    for key in draw(st.lists(st.sampled_from([*_TEXT_KEYS, "category", "secured"]), unique=True)):
        meta[key] = draw(mostly(_TEXT))
    for key in draw(st.lists(st.sampled_from(sorted(_SHAPES)), unique=True)):
        meta[key] = draw(_SHAPES[key])
    if depth == 0 and draw(st.booleans()):
        meta["related"] = draw(mostly(st.lists(mostly(stories(depth=1)), max_size=3)))
    return meta


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(stories(), st.sampled_from(["", "Body\n", "\n\n", "x" * 30_000]))
def test_digest_usual_agrees_with_the_record_builder(meta: dict[str, Any], body: str) -> None:
    usual = digest_usual("f.md", meta, body, MAX_INDEXED_BODY)
    if usual is None:
        return
    problems: list = []
    record = RecordBuilder("f.md", problems, KeyLines({}), []).record(meta, body, False)
    assert record is not None and problems == []
    assert Digest("f.md", 1, 2, *usual, ()) == digest_record(record, 1, 2)
