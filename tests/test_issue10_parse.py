"""Issue 10 at parse time: numbers, dates, tags and topic lists that once stopped the index."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.core.parse import MAX_TOPICS, parse_bytes


def load(front: str, body: str = ""):
    return parse_bytes("t.md", f"---\n{front}\n---\n{body}".encode())


def problems_of(result) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.reason) for problem in result.problems]


@pytest.mark.parametrize(
    "line",
    [
        "heat: 99999999999999999999",
        "quality: 9223372036854775808",
        "heat: -9223372036854775809",
        "heat: 1e19",
        "heat: '1e300'",
    ],
)
def test_a_number_past_64_bits_is_a_problem_with_its_line(line):
    result = load(f"title: T\n{line}")
    assert result.record is not None
    key = line.split(":")[0]
    assert getattr(result.record, key) is None
    assert [p for p in problems_of(result) if p[0] == 3 and "range" in p[1]], result.problems


def test_numbers_at_the_edge_of_64_bits_are_kept():
    record = load("title: T\nheat: 9223372036854775807\nquality: -9223372036854775808").record
    assert record.heat == 2**63 - 1 and record.quality == -(2**63)


def test_image_sizes_and_related_quality_past_64_bits_are_dropped():
    record = load(
        "title: T\nimages:\n- url: http://x/a.png\n  width: 99999999999999999999\n"
        "related:\n- title: R\n  quality: 99999999999999999999"
    ).record
    assert record.images[0].width is None
    assert record.related[0].quality is None


@pytest.mark.parametrize(
    "date", ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59Z", "9999-12-31T20:00:00-05:00"]
)
def test_a_date_that_cannot_be_formatted_back_is_a_problem(date):
    result = load(f"title: T\npublishedDateTime: {date}\nrelated:\n- title: R\n  publishedDateTime: {date}")
    assert result.record is not None
    assert result.record.published is None
    assert result.record.related[0].published is None
    lines = [line for line, reason in problems_of(result) if "date" in reason]
    assert lines == [3, 6], result.problems


@pytest.mark.parametrize(
    ("value", "word"),
    [("!!bool maybe", "bool"), ("!!timestamp 10000-01-01", "timestamp"), ("!!int _", "int")],
)
def test_a_tag_that_fails_to_construct_keeps_the_record_and_names_line_and_reason(value, word):
    result = load(f"title: T\nextra:\n  deep: {value}")
    assert result.record is not None, result.problems
    assert result.record.title == "T"
    [(line, reason)] = problems_of(result)
    assert line == 4
    assert word in reason and "KeyError" not in reason


def test_a_failing_tag_under_a_known_key_is_reported_there():
    result = load("title: T\nheat: !!bool maybe")
    assert result.record is not None and result.record.heat is None
    assert any(line == 3 for line, _ in problems_of(result))


def test_leading_blank_lines_are_not_an_empty_file():
    result = parse_bytes("t.md", b"\n\n\n---\ntitle: T\n---\n")
    assert result.record is not None and result.record.title == "T"
    assert "empty" not in " ".join(r for _, r in problems_of(result))


def test_topics_past_the_cap_are_dropped_and_reported():
    topics = "\n".join(f"- t{i}" for i in range(MAX_TOPICS + 500))
    result = load(f"title: T\ntopics:\n{topics}")
    assert len(result.record.topics) == MAX_TOPICS
    assert any("500" in reason and "topics" in reason for _, reason in problems_of(result))


def test_records_with_extreme_values_reach_reader_list(tmp_path):
    folder = tmp_path / "recs"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: big heat\nheat: 99999999999999999999\n---\n")
    (folder / "b.md").write_text("---\ntitle: late\npublishedDateTime: 9999-12-31T23:59:59.999999Z\n---\n")
    (folder / "c.md").write_text("---\ntitle: fine\n---\n")
    env = {
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "READER_DATA_DIR": str(tmp_path / "data"),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(folder)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert {"big heat", "late", "fine"} <= {line.split("\t")[1] for line in done.stdout.splitlines()}
