"""Hostile files: every bad kind a real folder holds gives a record or a problem, never an exception."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.parse import MAX_BODY_CHARS, parse_bytes, read_file
from reader.core.scan import iter_record_files
from tests.hostile import MARKUP, PROBLEM, RECORD, RECORD_AND_PROBLEM, write_hostile_corpus

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")

# File name -> (a piece of the reason, the line (or the lines allowed), or None where there is no line).
REASONS: dict[str, tuple[str, int | set[int] | None]] = {
    "invalid_yaml.md": ("invalid YAML", 4),
    "no_front_matter.md": ("no front matter", 1),
    "front_matter_list.md": ("not a mapping", 2),
    "front_matter_string.md": ("not a mapping", 2),
    "unclosed.md": ("never closed", 1),
    "empty.md": ("empty", None),
    "binary.md": ("binary", None),
    "latin1.md": ("not UTF-8", 2),
    "huge_front_matter.md": ("larger than", 1),
    "missing_title.md": ("no 'title'", 2),
    "duplicate_keys.md": ("duplicate key 'title'", 4),
    "python_tag.md": ("python/object/apply", 2),
    "alias_bomb.md": ("too complex", 2),
    "merge_bomb.md": ("too complex", 2),
    # libyaml stops at the line; the pure-Python parser runs out of stack and names the front matter.
    "deep_nesting.md": ("too complex", {2, 3}),
    "dangling.md": ("cannot read", None),
    "link_loop_a.md": ("cannot read", None),
    "link_loop_b.md": ("cannot read", None),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, write_hostile_corpus(folder)


def hostile_names() -> list[str]:
    """The file names, known before any folder exists, so that each is its own test."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return sorted(write_hostile_corpus(Path(folder)))


@pytest.mark.parametrize("name", hostile_names())
def test_each_hostile_file_gives_what_is_expected(corpus, name):
    folder, expected = corpus
    if name not in expected:
        pytest.skip("this system cannot make symbolic links")
    path = str(folder / name)
    result = read_file(path)
    expectation = expected[name]
    if expectation == RECORD:
        assert result.record is not None, result.problems
        assert result.problems == ()
    elif expectation == RECORD_AND_PROBLEM:
        assert result.record is not None
        assert result.problems
    else:
        assert expectation == PROBLEM
        assert result.record is None
        assert result.problems
    for problem in result.problems:
        assert problem.path == path
        assert problem.reason
        assert not problem.reason.startswith("could not be read as a record"), problem
        assert not UNSAFE.search(problem.reason)
    if name in REASONS:
        piece, line = REASONS[name]
        first = result.problems[0]
        assert piece in first.reason
        assert first.line in line if isinstance(line, set) else first.line == line


def test_huge_body_loads_truncated(corpus):
    folder, _ = corpus
    record = read_file(str(folder / "huge_body.md")).record
    assert record.body_truncated
    assert len(record.body) <= MAX_BODY_CHARS


def test_wrong_types_are_coerced_or_reported(corpus):
    folder, _ = corpus
    result = read_file(str(folder / "wrong_types.md"))
    record = result.record
    assert record.title == "42"
    assert record.topics == ("AI",)
    assert record.quality is None
    assert record.heat is None
    assert record.published is None
    assert record.images == ()
    assert record.excerpt == ""
    lines = {problem.line for problem in result.problems}
    assert {4, 5, 6, 7, 8, 9} <= lines  # each wrong key is named at its own line


def test_hostile_text_is_clean_and_literal(corpus):
    folder, _ = corpus
    escaped = read_file(str(folder / "hostile_escapes.md")).record
    texts = [
        escaped.title,
        escaped.excerpt,
        escaped.provider.name,
        escaped.topics[0],
        escaped.images[0].title,
        escaped.related[0].title,
        escaped.body,
    ]
    for text in texts:
        assert not UNSAFE.search(text), text
        assert "]52;c;ZXZpbA==" in text
    markup = read_file(str(folder / "hostile_markup.txt")).record
    assert markup.title == MARKUP
    assert markup.provider.name == "[bold red]Provider[/]"
    assert markup.topics == ("[@click=app.quit]quit[/]",)
    assert markup.related[0].title == "[link=file:///etc/passwd]related[/link]"
    assert markup.body == f"# {MARKUP}"
    # Such links are kept as data: the rules for opening them live in reader.core.urls.
    assert markup.source_url == "javascript:alert(document.cookie)"
    assert markup.amp_url == "file:///etc/passwd"
    shell = read_file(str(folder / "hostile_shell.markdown")).record
    assert not UNSAFE.search(shell.title)
    assert shell.source_url.startswith("https://example.com/$(touch /tmp/x);")


# Scanning -----------------------------------------------------------------------------------------


def test_scan_terminates_skips_other_endings_and_hidden_folders(corpus):
    folder, expected = corpus
    found = [os.path.relpath(path, folder) for path, _, _ in iter_record_files([str(folder)])]
    assert len(found) == len(set(found))  # the looping folder link is not followed twice
    assert sorted(found) == sorted(expected)
    assert not any(name.endswith((".json", ".png")) for name in found)
    assert not any(".hidden" in name for name in found)


def test_scan_gives_sizes_and_times(corpus):
    folder, _ = corpus
    for path, size, mtime_ns in iter_record_files([str(folder / "nested")]):
        if not os.path.islink(path):
            assert size == os.path.getsize(path)
            assert mtime_ns == os.stat(path).st_mtime_ns


def test_scan_of_a_file_a_missing_path_and_a_pipe(tmp_path):
    record = tmp_path / "named.json"  # a file named directly counts whatever its ending
    record.write_text("---\ntitle: t\n---\n")
    paths = [str(record), str(tmp_path / "missing")]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.md")
        paths.append(str(tmp_path / "pipe.md"))
    assert [path for path, _, _ in iter_record_files(paths)] == [str(record)]


def test_scan_of_the_same_folder_twice_lists_it_once(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: t\n---\n")
    assert len(list(iter_record_files([str(tmp_path), str(tmp_path)]))) == 1


def test_file_vanishing_between_scan_and_read_is_a_problem(tmp_path):
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("---\ntitle: t\n---\n")
    found = [path for path, _, _ in iter_record_files([str(tmp_path)])]
    os.remove(found[0])
    gone = read_file(found[0])
    assert gone.record is None
    assert gone.problems[0].reason.startswith("cannot read")
    assert gone.problems[0].path == found[0]
    assert read_file(found[1]).record is not None


# Properties ---------------------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
KNOWN_KEYS = [
    "title",
    "excerpt",
    "publishedDateTime",
    "sourceUrl",
    "ampUrl",
    "cdnAmpUrl",
    "originalUrl",
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
    "name",
    "domain",
    "url",
    "width",
    "height",
]
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.dates().map(str)
    | st.datetimes().map(lambda moment: moment.isoformat())
    | st.sampled_from(["2020-01-05T17:43:53Z", "AI", "-1", "39", "[b]x[/b]", "\x1b]0;t\x07", "\u202e"])
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=10), children, max_size=6)
    ),
    max_leaves=40,
)
FRONT = st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=10), VALUES, max_size=12)


# Plain scalars written raw, so that YAML resolves them itself: impossible dates, numbers too long to
# convert, base-60 numbers, tags, anchors, aliases and merge keys.
RAW_SCALARS = st.one_of(
    st.from_regex(r"\A[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?)?\Z"),
    st.from_regex(r"\A[-+]?[1-9](:[0-5]?[0-9]){1,30}(\.[0-9]*)?\Z"),
    st.from_regex(
        r"\A[-+]?(0x[0-9a-f_]{1,20}|0b[01_]{1,20}|0[0-7_]{1,20}|[0-9_.]{1,20}(e[-+][0-9]{1,4})?)\Z"
    ),
    st.integers(4000, 6000).map(lambda digits: "9" * digits),
    st.sampled_from(
        [
            "*a",
            "&a x",
            "&a [1, 2]",
            "{<<: *a}",
            "{<<: [*a, *a]}",
            "!!binary aGk=",
            "!!binary not-base64",
            "!!set {a, b}",
            "!!omap [{a: 1}, {b: 2}]",
            "!!pairs [{a: 1}]",
            "!!timestamp 2020-02-30",
            "!!int x",
            "!!float x",
            "!!python/name:os.system",
            "!<tag:example.com,2000:x> y",
            ".nan",
            "-.inf",
            "~",
            "=",
            "'",
            '"\\ud800"',
            '"\\e]0;t\\a"',
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        ]
    ),
)
RAW_LINES = st.lists(
    st.tuples(st.sampled_from([*KNOWN_KEYS, "<<", "a", "b", "? x"]), RAW_SCALARS),
    min_size=1,
    max_size=8,
).map(lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs))


def assert_sane(result) -> None:
    """A result has a record or a problem, never the last-guard failure, and only clean text."""
    assert result.record is not None or result.problems
    for problem in result.problems:
        assert not problem.reason.startswith("could not be read as a record"), problem
    record = result.record
    if record is not None:
        for text in (record.title, record.excerpt, record.body, record.provider.name, *record.topics):
            assert not UNSAFE.search(text)


@PROPERTY
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_record_or_a_problem(data):
    assert_sane(parse_bytes("any.md", data))


@PROPERTY
@given(st.binary(max_size=500))
def test_any_bytes_after_an_opening_line_give_a_record_or_a_problem(data):
    assert_sane(parse_bytes("any.md", b"---\n" + data))


@PROPERTY
@given(FRONT, st.text(max_size=200))
def test_any_front_matter_shape_gives_a_record_or_a_problem(meta, body):
    front = yaml.safe_dump(meta, allow_unicode=True)
    result = parse_bytes("shape.md", f"---\n{front}---\n{body}".encode("utf-8", "surrogatepass"))
    assert_sane(result)
    title = meta.get("title")
    if isinstance(title, str) and UNSAFE.sub("", title).strip():
        assert result.record is not None, result.problems


@PROPERTY
@given(VALUES, st.text(max_size=300))
def test_any_yaml_value_and_text_as_front_matter(value, text):
    front = yaml.safe_dump(value, allow_unicode=True) + text
    assert_sane(parse_bytes("value.md", f"---\n{front}\n---\n".encode("utf-8", "surrogatepass")))


@PROPERTY
@given(RAW_LINES)
def test_raw_yaml_scalars_give_a_record_or_a_problem(lines):
    assert_sane(parse_bytes("raw.md", f"---\n{lines}---\n".encode("utf-8", "surrogatepass")))


@PROPERTY
@given(RAW_LINES)
def test_raw_yaml_scalars_inside_a_record_never_lose_it(lines):
    # Every key here is indented under `extra`, so whatever it holds, the title still loads
    # unless the YAML itself is broken.
    nested = "".join(f"  {line}\n" for line in lines.splitlines())
    result = parse_bytes("raw.md", f"---\ntitle: kept\nextra:\n{nested}---\n".encode())
    assert_sane(result)
    if result.record is None:
        assert any(
            "invalid YAML" in problem.reason or "too complex" in problem.reason for problem in result.problems
        ), result.problems
