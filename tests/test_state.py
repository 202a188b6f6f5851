"""Tests of the saved state: kill -9 safety, export and import, damaged files, settings."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from reader.core.state import MAX_KEY_CHARS, ImportCounts, StateError, StateStore

WRITER = Path(__file__).with_name("state_writer.py")
KILL_ROUNDS = 30


@pytest.fixture
def store(tmp_path: Path):
    """A fresh store in a temporary folder, closed after the test."""
    with StateStore.open(tmp_path / "state.sqlite") as s:
        yield s


def _promises(lines: str, prefix: str) -> set[str]:
    """The keys a writer's stdout says were committed (a number per finished line)."""
    keys = set()
    for line in lines.splitlines(keepends=True):
        if not line.endswith("\n"):
            continue
        n = int(line)
        keys.add(f"{prefix}-{n:04d}")
        if n % 5 == 0:
            keys.add(f"{prefix}-{n:04d}-b")
    return keys


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_9_never_loses_a_committed_action(tmp_path: Path) -> None:
    rng = random.Random(1729)
    db = tmp_path / "state.sqlite"
    promised: set[str] = set()
    for round_ in range(KILL_ROUNDS):
        prefix = f"r{round_:02d}"
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db), prefix],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Not synchronisation: only a guard so that a hung writer fails the test instead of hanging it.
        guard = threading.Timer(30, proc.kill)
        guard.start()
        try:
            # Some rounds kill during start-up and opening; most after a random number of commits.
            wanted = rng.randint(0, 2) if rng.random() < 0.2 else rng.randint(1, 300)
            seen = ""
            for _ in range(wanted):
                line = proc.stdout.readline()
                assert line, f"writer stopped early: {proc.stderr.read()}"
                seen += line
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            # What the writer printed before it died is promised too: read to the end of the pipe.
            seen += proc.stdout.read()
            proc.stdout.close()
            proc.stderr.close()
        finally:
            guard.cancel()
        assert proc.returncode == -signal.SIGKILL, "the writer must die by the kill, not by itself"
        promised |= _promises(seen, prefix)
        with StateStore.open(db) as after:
            assert after.warning is None
            assert after.recovered_from is None
            missing = promised - after.read_keys()
            assert not missing, f"round {round_}: lost {sorted(missing)[:5]}"


def test_read_and_star_marks(store: StateStore) -> None:
    assert not store.is_read("example.com/a")
    store.set_read("example.com/a", True)
    store.set_starred("example.com/b", True)
    assert store.is_read("example.com/a")
    assert not store.is_starred("example.com/a")
    assert store.is_starred("example.com/b")
    store.set_read("example.com/a", False)
    store.set_starred("example.com/b", False)
    assert store.read_keys() == set()
    assert store.starred_keys() == set()


def test_marks_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as first:
        first.set_read_many([f"example.com/{i}" for i in range(1000)], True)
        first.set_starred("example.com/7")
    with StateStore.open(path) as second:
        assert len(second.read_keys()) == 1000
        assert second.starred_keys() == {"example.com/7"}


def test_journal_is_a_write_ahead_log(store: StateStore) -> None:
    with store._reading() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_marking_many_is_all_or_nothing(store: StateStore) -> None:
    with pytest.raises(TypeError):
        store.set_read_many(["example.com/a", 42, "example.com/b"], True)  # type: ignore[list-item]
    assert store.read_keys() == set()
    store.set_read_many(iter(["example.com/a", "example.com/b"]), True)
    store.set_read_many(["example.com/a"], False)
    assert store.read_keys() == {"example.com/b"}


def test_a_story_without_a_key_is_never_remembered(store: StateStore) -> None:
    store.set_read("", True)
    store.set_starred("x" * (MAX_KEY_CHARS + 1), True)
    assert not store.is_read("")
    assert store.read_keys() == set()
    assert store.starred_keys() == set()


def test_a_hundred_thousand_keys_load_in_one_go(store: StateStore) -> None:
    keys = {f"example.com/story/{i}" for i in range(100_000)}
    store.set_read_many(keys, True)
    assert store.read_keys() == keys


def test_many_threads_can_mark_at_once(store: StateStore) -> None:
    def mark(t: int) -> None:
        for i in range(200):
            store.set_read(f"example.com/{t}/{i}", True)

    threads = [threading.Thread(target=mark, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.read_keys()) == 800


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    s = StateStore.open(tmp_path / "state.sqlite")
    s.close()
    s.close()
    with pytest.raises(StateError, match="closed"):
        s.set_read("example.com/a")


def test_default_path_is_in_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    with StateStore.open() as s:
        s.set_read("example.com/a")
        assert s.path == tmp_path / "data" / "state.sqlite"
    assert (tmp_path / "data" / "state.sqlite").is_file()


# --- export and import


def test_export_import_roundtrip(tmp_path: Path, store: StateStore) -> None:
    store.set_read_many(["b.com/2", "a.com/1", 'x.com/"[b]red[/b]"'], True)
    store.set_starred("a.com/1")
    exported = store.export_json()
    assert exported == {
        "version": 1,
        "read": ["a.com/1", "b.com/2", 'x.com/"[b]red[/b]"'],
        "starred": ["a.com/1"],
    }
    with StateStore.open(tmp_path / "other.sqlite") as other:
        counts = other.import_json(json.loads(json.dumps(exported)))
        assert counts == ImportCounts(read=3, starred=1)
        assert other.export_json() == exported


def test_import_merges_and_counts_only_new(store: StateStore) -> None:
    store.set_read("a.com/1")
    counts = store.import_json({"version": 1, "read": ["a.com/1", "b.com/2"], "starred": []})
    assert counts == ImportCounts(read=1, starred=0)
    assert store.read_keys() == {"a.com/1", "b.com/2"}
    # Missing lists are empty, and unknown fields from a later minor format are ignored.
    assert store.import_json({"version": 1, "comment": "hi"}) == ImportCounts(0, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "must be a JSON object, not a list"),
        ({"read": []}, 'no "version"'),
        ({"version": "1"}, '"version" must be a whole number, not a string'),
        ({"version": True}, '"version" must be a whole number'),
        ({"version": 2}, "version 2 is not supported"),
        ({"version": 1, "read": "a.com/1"}, '"read" must be a list of story keys, not a string'),
        ({"version": 1, "starred": {"a": 1}}, '"starred" must be a list of story keys, not an object'),
        ({"version": 1, "read": ["a.com", None]}, '"read" item 1 must be a story key .* not null'),
        ({"version": 1, "read": ["a.com", 3]}, '"read" item 1 must be a story key .* not a number'),
        ({"version": 1, "starred": [""]}, '"starred" item 0 is an empty story key'),
        ({"version": 1, "read": ["x" * (MAX_KEY_CHARS + 1)]}, '"read" item 0 is longer than'),
    ],
)
def test_bad_import_data_is_refused_clearly(store: StateStore, data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        store.import_json(data)


def test_a_refused_import_changes_nothing(store: StateStore) -> None:
    with pytest.raises(ValueError):
        store.import_json({"version": 1, "read": ["a.com/1"], "starred": [7]})
    assert store.read_keys() == set()


# --- damaged files


def _assert_recovered(path: Path, s: StateStore) -> None:
    assert s.recovered_from is not None
    assert s.recovered_from.name.startswith("state.sqlite.corrupt-")
    assert s.recovered_from.exists()
    assert s.warning and "damaged" in s.warning and s.recovered_from.name in s.warning
    assert s.path == path
    s.set_read("a.com/1")
    assert s.read_keys() == {"a.com/1"}


def test_a_file_that_is_not_a_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not sqlite at all\n" * 100)
    with StateStore.open(path) as s:
        _assert_recovered(path, s)
        assert s.recovered_from.read_bytes().startswith(b"this is not sqlite")
    with StateStore.open(path) as again:
        assert again.warning is None
        assert again.read_keys() == {"a.com/1"}


def test_a_damaged_database_is_moved_aside_with_its_log(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as s:
        s.set_read_many([f"example.com/{i}" for i in range(5000)], True)
    data = bytearray(path.read_bytes())
    # Keep the header (so SQLite believes it), scribble over the pages of the tables.
    data[4096:] = bytes(len(data) - 4096)
    for i in range(4096, len(data), 7):
        data[i] = (i * 31) & 0xFF
    path.write_bytes(bytes(data))
    with StateStore.open(path) as s:
        _assert_recovered(path, s)


def test_the_logs_of_a_damaged_file_go_with_it(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"garbage" * 1000)
    (tmp_path / "state.sqlite-wal").write_bytes(b"stale log")
    (tmp_path / "state.sqlite-shm").write_bytes(b"stale index")
    with StateStore.open(path) as s:
        _assert_recovered(path, s)
        assert Path(f"{s.recovered_from}-wal").read_bytes() == b"stale log"
        assert Path(f"{s.recovered_from}-shm").read_bytes() == b"stale index"


def test_a_truncated_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as s:
        s.set_read_many([f"example.com/{i}" for i in range(5000)], True)
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.truncate(size // 2)
    with StateStore.open(path) as s:
        _assert_recovered(path, s)


def test_two_recoveries_in_one_second_keep_both_files(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    asides = set()
    for text in (b"first garbage" * 50, b"second garbage" * 50):
        path.write_bytes(text)
        with StateStore.open(path) as s:
            asides.add(s.recovered_from)
    assert len(asides) == 2
    assert all(p.exists() for p in asides)


def test_another_programs_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE read (title TEXT)")
    conn.commit()
    conn.close()
    with StateStore.open(path) as s:
        _assert_recovered(path, s)


def test_a_newer_readers_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE read (story BLOB)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with StateStore.open(path) as s:
        assert s.path is None
        assert s.recovered_from is None
        assert "newer version" in (s.warning or "")
        s.set_read("a.com/1")
        assert s.is_read("a.com/1")
    assert path.read_bytes() == before


def test_an_unusable_folder_gives_a_store_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with StateStore.open(blocker / "state.sqlite") as s:
        assert s.path is None
        assert s.warning and "will not be kept" in s.warning
        s.set_starred("a.com/1")
        assert s.starred_keys() == {"a.com/1"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that bind")
def test_an_unreadable_file_is_not_taken_for_damaged(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as s:
        s.set_read("a.com/1")
    path.chmod(0)
    try:
        with StateStore.open(path) as s:
            assert s.recovered_from is None
            assert s.path is None
            assert s.warning
    finally:
        path.chmod(0o600)
    assert list(tmp_path.glob("*.corrupt-*")) == []


# --- settings


def test_settings_roundtrip_and_persist(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with StateStore.open(path) as s:
        assert s.get_setting("collapse_threads") is None
        assert s.get_setting("collapse_threads", False) is False
        s.set_setting("collapse_threads", True)
        s.set_setting("sort", "newest")
        s.set_setting("widths", [30, 70])
        s.set_setting("sort", "oldest")
    with StateStore.open(path) as s:
        assert s.get_setting("collapse_threads") is True
        assert s.settings() == {"collapse_threads": True, "sort": "oldest", "widths": [30, 70]}
        s.set_setting("sort", None)
        assert s.get_setting("sort", "default") == "default"


def test_a_setting_needs_a_name(store: StateStore) -> None:
    with pytest.raises(ValueError, match="name"):
        store.set_setting("", 1)


def test_an_unreadable_setting_gives_the_default(store: StateStore) -> None:
    # Written by another program (or a crash mid-edit): the store never writes such a value itself.
    with sqlite3.connect(store.path) as conn:
        conn.execute("INSERT INTO settings (name, value) VALUES ('bad', '{not json')")
    conn.close()
    assert store.get_setting("bad", 5) == 5
    assert "bad" not in store.settings()
