"""The check report: every problem as `path:line: reason`, sorted, then one summary line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.check import check_paths, format_report
from reader.core.model import Problem
from tests.hostile import PROBLEM, RECORD, RECORD_AND_PROBLEM, write_hostile_corpus


def test_hostile_corpus_report(tmp_path):
    folder = tmp_path / "hostile"
    expected = write_hostile_corpus(folder)
    records, problems = check_paths([str(folder)])
    assert records == sum(1 for kind in expected.values() if kind in (RECORD, RECORD_AND_PROBLEM))
    bad = {name for name, kind in expected.items() if kind in (PROBLEM, RECORD_AND_PROBLEM)}
    assert {os.path.relpath(problem.path, folder) for problem in problems} == bad
    assert problems == sorted(problems, key=lambda problem: (problem.path, problem.line or 0))
    lines = format_report(records, problems)
    assert len(lines) == len(problems) + 1
    assert lines[-1] == f"{records} records read, {len(bad)} files with problems"
    for line, problem in zip(lines, problems, strict=False):
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        assert line == f"{where}: {problem.reason}"


def test_relative_paths_are_shown_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "bad.md").write_text("---\ntitle: t\nquality: high\n---\n")
    records, problems = check_paths(["records"])
    assert records == 1
    assert format_report(records, problems) == [
        os.path.join("records", "bad.md") + ":3: 'quality' should be a whole number, not 'high': ignored",
        "1 record read, 1 file with problems",
    ]


def test_missing_path_is_a_problem(tmp_path):
    (tmp_path / "good.md").write_text("---\ntitle: t\n---\n")
    missing = str(tmp_path / "nowhere")
    records, problems = check_paths([str(tmp_path), missing])
    assert records == 1
    assert problems == [Problem(missing, "no such file or folder")]
    assert format_report(records, problems)[0] == f"{missing}: no such file or folder"


def test_a_file_named_directly_is_checked(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("no front matter")
    records, problems = check_paths([str(path)])
    assert records == 0
    assert [(p.path, p.line) for p in problems] == [(str(path), 1)]


def test_sorted_by_path_then_line(tmp_path):
    (tmp_path / "b.md").write_text("---\ntitle: t\nheat: x\nquality: y\n---\n")
    (tmp_path / "a.md").write_text("---\ntitle: t\nquality: y\nheat: x\n---\n")
    _, problems = check_paths([str(tmp_path)])
    assert [(Path(p.path).name, p.line) for p in problems] == [
        ("a.md", 3),
        ("a.md", 4),
        ("b.md", 3),
        ("b.md", 4),
    ]


@pytest.mark.parametrize(
    ("records", "files", "summary"),
    [
        (0, 0, "0 records read, 0 files with problems"),
        (1, 1, "1 record read, 1 file with problems"),
        (2531, 3, "2,531 records read, 3 files with problems"),
        (1_000_000, 1234, "1,000,000 records read, 1,234 files with problems"),
    ],
)
def test_summary_numbers(records, files, summary):
    problems = [Problem(f"f{i}.md", "bad", i) for i in range(files)]
    problems += [Problem("f0.md", "worse")] if files else []  # two problems of one file count once
    assert format_report(records, problems)[-1] == summary


def test_control_characters_in_a_file_name_are_escaped():
    problem = Problem("evil\x1b]0;pwned\x07\n.md", "the file is empty")
    assert format_report(0, [problem])[0] == "evil\\x1b]0;pwned\\x07\\n.md: the file is empty"
