"""Issue 10, kept fixed: random extreme records under hostile names never stop check or list."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Static

from reader import cli
from reader.core.check import check_paths, format_report
from reader.core.corpus import Corpus
from reader.core.dates import utc_list_date
from reader.core.text import shown_safely
from tests.hostile_names import UNSAFE
from tests.pilot import open_reader, settle

CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)])
CONTROLS += "\u202a\u202e\u2066\u2069\u200f"
hostile_text = st.text(alphabet=st.sampled_from(CONTROLS + "ab [/]&#;8238"), max_size=12)
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**20]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["1e300", "1e19", "-1", "x"]),
)
dates = st.one_of(
    st.sampled_from(
        [
            "9999-12-31T23:59:59.999999Z",
            "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00+05:00",
            "1970-01-01T00:00:00Z",
            "10000-01-01",
            "",
        ]
    ),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31, 23, 59, 59)).map(
        lambda d: d.isoformat() + "Z"
    ),
)
names = st.text(alphabet=st.sampled_from(CONTROLS.replace("\x00", "") + "ab-\\ "), min_size=1, max_size=10)


@st.composite
def records(draw) -> tuple[str, str]:
    meta = {
        "title": "T " + draw(hostile_text),
        "heat": draw(numbers),
        "quality": draw(numbers),
        "publishedDateTime": draw(dates),
        "topics": [draw(hostile_text) for _ in range(draw(st.integers(0, 260)))],
        "related": [
            {"title": draw(hostile_text), "publishedDateTime": draw(dates), "quality": draw(numbers)}
        ],
        "provider": {"name": draw(hostile_text)},
    }
    front = yaml.safe_dump(meta, allow_unicode=True)
    tags = ["", "odd: !!bool maybe\n", "odd: !!int _\n", "odd: !!timestamp 10000-01-01\n"]
    tag = draw(st.sampled_from(tags))
    return draw(names), f"---\n{front}{tag}---\n{draw(hostile_text)}"


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(records(), min_size=1, max_size=6))
def test_check_and_list_over_random_extreme_records(files):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "recs"
        folder.mkdir()
        written = set()
        for i, (name, text) in enumerate(files):
            path = folder / f"{i}{name.replace('/', '')}.md"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            written.add(str(path))
        os.mkfifo(folder / "pipe.md")
        count, problems = check_paths([str(folder)])
        report = format_report(count, problems)
        assert not any(UNSAFE.search(line) for line in report)
        assert str(folder / "pipe.md") in {p.path for p in problems}
        corpus = Corpus.open([str(folder)], Path(scratch) / "cache")
        listed = {s.id: s for s in corpus.cached()}
        for step in corpus.sync(workers=1):
            listed.update((s.id, s) for s in step.added)
        assert len(listed) == count  # every record check reads is listed, and nothing else
        for summary in listed.values():
            utc_list_date(summary.published)  # every date can be written
            assert not UNSAFE.search(summary.title + summary.provider + "".join(summary.topics))
            assert len(summary.topics) <= 200
        for problem in corpus.problems():
            assert not UNSAFE.search(shown_safely(str(problem)))
        corpus.index.close()


def _write_folder(scratch: str, files: list[tuple[str, str]]) -> Path:
    folder = Path(scratch) / "recs"
    folder.mkdir()
    for i, (name, text) in enumerate(files):
        (folder / f"{i}{name.replace('/', '')}.md").write_bytes(text.encode("utf-8", "surrogatepass"))
    return folder


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(records(), min_size=1, max_size=6))
def test_reader_list_prints_every_good_record_and_nothing_unsafe(files):
    with tempfile.TemporaryDirectory() as scratch:
        folder = _write_folder(scratch, files)
        count, _problems = check_paths([str(folder)])
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["list", str(folder), "--json"])
        assert status == 0
        lines = out.getvalue().splitlines()
        assert len(lines) == count  # every good record listed
        assert not UNSAFE.search(out.getvalue()) and not UNSAFE.search(err.getvalue())


async def _drive(folder: Path) -> list[str]:
    async with open_reader(folder) as (app, pilot):
        for key in ("j", "j", "k", "1", "backspace", "t", "escape", "c", "A", "n", "escape"):
            await pilot.press(key)
            await settle(pilot)
        shown = [str(widget.render()) for widget in app.screen.query(Static)]
        shown += [str(n.message) + n.title for n in app.notifications]
        return shown


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(records(), min_size=1, max_size=4))
def test_the_app_reads_random_extreme_records_without_failing(files):
    with tempfile.TemporaryDirectory() as scratch:
        folder = _write_folder(scratch, files)
        shown = asyncio.run(_drive(folder))  # a crash in the app fails the test here
        assert not any(UNSAFE.search(text) for text in shown)
