"""Tests of the command line: `reader list`, `reader state`, `reader check`, `reader config`, `--version`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reader import __version__, cli
from reader.core.state import StateStore
from tests.records import write_record


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three records, one undated, one with hostile text and a tab in its title."""
    root = tmp_path / "news"
    write_record(
        root / "old.md",
        title="Facial recognition ban",
        date="2020-01-05T17:43:00Z",
        url="https://example.com/ban",
        provider="Old Times",
        topics=["AI", "Policy"],
        heat=12,
        quality=40,
    )
    write_record(
        root / "sub" / "new.md",
        title="Robots\tlearn [b]to[/b] walk \x1b]0;pwned\x07",
        date="2020-01-20T08:00:00+02:00",
        url="https://example.org/robots",
        provider="New Daily",
        topics=["Robotics"],
    )
    write_record(root / "undated.txt", title="No date at all", provider="Nobody")
    return root


def _lines(text: str) -> list[str]:
    return text.splitlines()


def test_list_prints_every_record_newest_first_tab_separated(folder: Path, capsys) -> None:
    assert cli.main(["list", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert _lines(out) == [
        "2020-01-20 06:00\tRobots learn [b]to[/b] walk ]0;pwned\tNew Daily\thttps://example.org/robots",
        "2020-01-05 17:43\tFacial recognition ban\tOld Times\thttps://example.com/ban",
        "\tNo date at all\tNobody\t",
    ]
    assert err == ""


def test_list_with_a_query_keeps_only_matches(folder: Path, capsys) -> None:
    assert cli.main(["list", str(folder), "--query", "facial recognition since:2020-01-01"]) == 0
    assert [line.split("\t")[1] for line in _lines(capsys.readouterr().out)] == ["Facial recognition ban"]
    assert cli.main(["list", str(folder), "-q", "topic:robotics"]) == 0
    assert [line.split("\t")[1] for line in _lines(capsys.readouterr().out)] == [
        "Robots learn [b]to[/b] walk ]0;pwned"
    ]
    assert cli.main(["list", str(folder), "-q", "nothing-like-this"]) == 0
    assert capsys.readouterr().out == ""


def test_list_json_lines(folder: Path, capsys) -> None:
    assert cli.main(["list", str(folder), "--json"]) == 0
    items = [json.loads(line) for line in _lines(capsys.readouterr().out)]
    assert [item["title"] for item in items] == [
        "Robots learn [b]to[/b] walk ]0;pwned",
        "Facial recognition ban",
        "No date at all",
    ]
    old = items[1]
    assert old == {
        "path": str(folder / "old.md"),
        "title": "Facial recognition ban",
        "published": "2020-01-05T17:43:00Z",
        "provider": "Old Times",
        "topics": ["AI", "Policy"],
        "source_url": "https://example.com/ban",
        "story": "example.com/ban",
        "heat": 12,
        "quality": 40,
    }
    assert items[2]["published"] is None and items[2]["source_url"] == ""
    assert "id" not in old


def test_list_json_escapes_controls_in_file_names(tmp_path: Path, capsys) -> None:
    root = tmp_path / "news"
    write_record(root / "odd\x9b\u202ename.md", title="Odd name")
    assert cli.main(["list", str(root), "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\u202e" not in out
    assert json.loads(out)["path"] == str(root / "odd\x9b\u202ename.md")


def test_list_second_run_uses_the_index(folder: Path, capsys) -> None:
    assert cli.main(["list", str(folder)]) == 0
    first = capsys.readouterr().out
    (folder / "old.md").unlink()
    assert cli.main(["list", str(folder)]) == 0
    second = capsys.readouterr().out
    assert len(_lines(first)) == 3 and len(_lines(second)) == 2
    assert "Facial" not in second


def test_list_is_starred_and_is_read_use_the_saved_state(folder: Path, capsys) -> None:
    assert cli.main(["list", str(folder), "-q", "is:starred"]) == 0
    assert capsys.readouterr().out == ""
    with StateStore.open() as store:
        store.set_starred("example.com/ban")
        store.set_read("example.org/robots")
    assert cli.main(["list", str(folder), "-q", "is:starred"]) == 0
    assert [line.split("\t")[1] for line in _lines(capsys.readouterr().out)] == ["Facial recognition ban"]
    assert cli.main(["list", str(folder), "-q", "is:unread"]) == 0
    titles = [line.split("\t")[1] for line in _lines(capsys.readouterr().out)]
    assert titles == ["Facial recognition ban", "No date at all"]


def test_list_bad_query_exits_2_with_a_caret(folder: Path, capsys) -> None:
    assert cli.main(["list", str(folder), "--query", "robots haet>5"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert _lines(err) == [
        "reader: bad query: unknown field haet> — did you mean heat>? Fields: title, topic, provider, "
        "domain, category, type, since, until, heat, quality, is, has",
        "  robots haet>5",
        "         ^",
    ]


def test_list_bad_query_is_reported_before_reading_any_file(tmp_path: Path, capsys) -> None:
    assert cli.main(["list", str(tmp_path / "missing"), "-q", '"open']) == 2
    assert "unclosed quote" in capsys.readouterr().err


def test_list_missing_folder_exits_2(tmp_path: Path, capsys) -> None:
    assert cli.main(["list", str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_list_without_path_reads_the_configured_folders(folder: Path, isolated_folders: Path, capsys) -> None:
    isolated_folders.mkdir(exist_ok=True)
    (isolated_folders / "config.toml").write_text(f"folders = [{json.dumps(str(folder))}]\n")
    assert cli.main(["list"]) == 0
    assert len(_lines(capsys.readouterr().out)) == 3


def test_list_stops_quietly_on_a_broken_pipe(folder: Path, monkeypatch, capsys) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert cli.main(["list", str(folder)]) == 0
    assert capsys.readouterr().err == ""


def test_list_reports_broken_files_on_stderr_only(folder: Path, capsys) -> None:
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    assert cli.main(["list", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert len(_lines(out)) == 3
    assert "1 file is not a valid record" in err


def test_state_export_import_roundtrip(tmp_path: Path, capsys) -> None:
    with StateStore.open() as store:
        store.set_read_many(["example.com/a", "example.com/b"])
        store.set_starred("example.com/a")
    assert cli.main(["state", "export"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported == {
        "version": 1,
        "read": ["example.com/a", "example.com/b"],
        "starred": ["example.com/a"],
    }

    backup = tmp_path / "backup.json"
    assert cli.main(["state", "export", str(backup)]) == 0
    assert "2 read marks and 1 star" in capsys.readouterr().out
    assert json.loads(backup.read_text(encoding="utf-8")) == exported

    with StateStore.open() as store:
        store.set_read_many(["example.com/a", "example.com/b"], read=False)
        store.set_starred("example.com/a", starred=False)
        store.set_read("example.com/c")
    assert cli.main(["state", "import", str(backup)]) == 0
    assert capsys.readouterr().out == f"Imported 2 read marks and 1 star from {backup}.\n"
    with StateStore.open() as store:
        assert store.read_keys() == {"example.com/a", "example.com/b", "example.com/c"}
        assert store.starred_keys() == {"example.com/a"}
    assert cli.main(["state", "import", str(backup)]) == 0
    assert (
        capsys.readouterr().out == f"Imported 0 read marks and 0 stars from {backup}; 3 were already saved.\n"
    )


def test_state_export_without_saved_state_creates_nothing(isolated_folders: Path, capsys) -> None:
    assert cli.main(["state", "export"]) == 0
    assert json.loads(capsys.readouterr().out) == {"version": 1, "read": [], "starred": []}
    assert not (isolated_folders / "data").exists()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not json", "not JSON (Expecting value at line 1, column 1)"),
        (b"[1, 2]", "saved state must be a JSON object, not a list"),
        (b'{"version": 1, "read": [1]}', '"read" item 0 must be a story key (a string), not a number'),
        (b'{"version": 7}', "saved state version 7 is not supported"),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_state_import_of_a_bad_file_is_one_line(
    tmp_path: Path, isolated_folders: Path, capsys, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert cli.main(["state", "import", str(bad)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert len(_lines(err)) == 1
    assert err.startswith(f"reader: {bad}: ") and reason in err
    assert not (isolated_folders / "data").exists()  # a bad file never touches the saved state


def test_state_import_of_a_missing_file(tmp_path: Path, capsys) -> None:
    assert cli.main(["state", "import", str(tmp_path / "nope.json")]) == 1
    assert (
        capsys.readouterr().err
        == f"reader: {tmp_path / 'nope.json'}: cannot read (No such file or directory)\n"
    )


def test_state_export_to_an_unwritable_place(tmp_path: Path, capsys) -> None:
    assert cli.main(["state", "export", str(tmp_path / "no" / "such" / "x.json")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_state_needs_an_action(capsys) -> None:
    assert cli.main(["state"]) == 2
    assert "export" in capsys.readouterr().err


def test_check_clean_folder_exits_0(folder: Path, capsys) -> None:
    assert cli.main(["check", str(folder)]) == 0
    assert _lines(capsys.readouterr().out) == ["3 records read, 0 files with problems"]


def test_check_broken_file_exits_1(folder: Path, capsys) -> None:
    broken = folder / "broken.md"
    broken.write_text("---\ntitle: ok\nbad: [unclosed\n---\n", encoding="utf-8")
    assert cli.main(["check", str(folder)]) == 1
    lines = _lines(capsys.readouterr().out)
    assert len(lines) == 2
    assert lines[0].startswith(f"{broken}:") and lines[0].split(":")[1].isdigit()
    assert lines[1] == "3 records read, 1 file with problems"


def test_version(capsys) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"reader {__version__}\n"


def test_help_names_every_command(capsys) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in (
        "reader list",
        "reader state export",
        "reader state import",
        "reader check",
        "reader config path",
    ):
        assert command in out


def test_config_path_honours_reader_config(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert cli.main(["config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'elsewhere.toml'}\n"


def test_a_folder_opens_the_app_and_a_command_name_does_not(folder: Path, monkeypatch, capsys) -> None:
    opened: list[list[str]] = []
    monkeypatch.setattr(cli, "run_app", lambda paths: opened.append(paths) or 0)
    assert cli.main([str(folder)]) == 0
    assert cli.main(["./list"]) == 0
    assert cli.main([]) == 0
    assert opened == [[str(folder)], ["./list"], []]
    assert cli.main(["list", str(folder)]) == 0
    assert len(opened) == 3


def test_file_names_in_messages_cannot_drive_the_terminal(tmp_path: Path, capsys) -> None:
    name = str(tmp_path / "evil\x1b]0;pwned\x07.json")
    assert cli.main(["state", "import", name]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b]0;pwned\\x07" in err
