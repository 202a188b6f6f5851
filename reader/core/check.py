"""Checking folders of records without opening the reader: every problem, one line each.

This is what `reader --check PATH...` prints, so that a user can find and fix bad files with
the tools they already have (`path:line:` is the form editors and terminals jump to).
"""

from __future__ import annotations

import os

from reader.core.model import Problem
from reader.core.parse import read_file
from reader.core.scan import iter_record_files
from reader.core.text import escape_controls


def check_paths(paths: list[str]) -> tuple[int, list[Problem]]:
    """Read every record file under `paths`; return how many records loaded and all problems.

    Problems are sorted by path, then line, and name files as the user gave them (a relative
    PATH gives relative names). A PATH that does not exist is a problem of its own.
    """
    records = 0
    problems: list[Problem] = []
    for root in paths:
        if not os.path.exists(root):
            reason = "a broken symbolic link" if os.path.islink(root) else "no such file or folder"
            problems.append(Problem(root, reason))
    for path, _size, _mtime in iter_record_files(paths, problems):
        result = read_file(path)
        if result.record is not None:
            records += 1
        problems.extend(result.problems)
    problems.sort(key=lambda problem: (problem.path, problem.line or 0))
    return records, problems


def format_report(n_records: int, problems: list[Problem]) -> list[str]:
    """One `path:line: reason` line per problem, then a summary of records and files.

    The lines are printed raw, and a file name can hold escape sequences and newlines: any
    control character in them is written as an escape (`\\x1b`) instead.
    """
    lines = [escape_controls(str(problem)) for problem in problems]
    files = len({problem.path for problem in problems})
    record_word = "record" if n_records == 1 else "records"
    file_word = "file" if files == 1 else "files"
    lines.append(f"{n_records:,} {record_word} read, {files:,} {file_word} with problems")
    return lines
