"""Issue 10 item 13: every path that cannot be read is a problem with its reason."""

from __future__ import annotations

import os

from reader.core import scan
from reader.core.check import check_paths, format_report
from reader.core.scan import iter_record_files
from tests.records import write_record


def test_a_fifo_named_directly_is_a_problem(tmp_path):
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    count, problems = check_paths([str(fifo)])
    assert count == 0
    assert [(p.path, "not a regular file" in p.reason) for p in problems] == [(str(fifo), True)]
    assert format_report(count, problems)[-1] == "0 records read, 1 file with problems"


def test_a_fifo_inside_a_folder_is_a_problem(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    write_record(tmp_path / "good.md", title="Good")
    count, problems = check_paths([str(tmp_path)])
    assert count == 1
    assert [p.path for p in problems] == [str(tmp_path / "pipe.md")]


def test_an_unreadable_subfolder_is_a_problem_and_the_rest_loads(tmp_path, monkeypatch):
    # Tests run as root, where chmod cannot make a folder unreadable: refuse it at the os level.
    locked = tmp_path / "locked"
    locked.mkdir()
    write_record(locked / "hidden.md", title="Hidden")
    write_record(tmp_path / "good.md", title="Good")
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(scan.os, "scandir", scandir)
    problems: list = []
    found = [path for path, _, _ in iter_record_files([str(tmp_path)], problems)]
    assert found == [str(tmp_path / "good.md")]
    expected = [(str(locked), "cannot read the folder: Permission denied")]
    assert [(p.path, p.reason) for p in problems] == expected
    count, problems = check_paths([str(tmp_path)])
    assert count == 1 and [p.path for p in problems] == [str(locked)]
