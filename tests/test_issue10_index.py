"""Issue 10 items 3-5: a damaged, unwritable or full index, and two readers at once, stop nothing."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.corpus import Corpus, index_path_for
from reader.core.index import Index
from reader.core.pages import load_page
from tests.records import write_record

N = 300


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "recs"
    for i in range(N):
        write_record(
            root / f"r{i:03}.md",
            title=f"Story {i}",
            url=f"https://example.com/{i}",
            topics=["AI", f"t{i % 7}"],
            related=[{"title": "x", "sourceUrl": f"https://example.com/{(i + 1) % N}"}],
            body="word " * 50,
        )
    return root


def sync_titles(corpus: Corpus) -> set[str]:
    shown: dict[int, str] = {summary.id: summary.title for summary in corpus.cached()}
    for progress in corpus.sync(workers=1):
        for record_id in progress.removed:
            shown.pop(record_id, None)
        shown.update((summary.id, summary.title) for summary in progress.added)
    return set(shown.values())


ALL = {f"Story {i}" for i in range(N)}


@pytest.mark.parametrize("seed", range(6))
def test_random_page_damage_is_rebuilt_and_pages_never_raise(folder, tmp_path, seed):
    cache = tmp_path / "cache"
    corpus = Corpus.open([str(folder)], cache)
    assert sync_titles(corpus) == ALL
    corpus.index.close()
    path = index_path_for([str(folder)], cache)
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    rng = random.Random(seed)
    for page in rng.sample(range(1, pages), max(1, pages // 4)):  # page 0 is the header
        start = page * 4096 + rng.randrange(0, 4000)
        data[start : start + 64] = rng.randbytes(64)
    path.write_bytes(bytes(data))

    corpus = Corpus.open([str(folder)], cache)
    titles = sync_titles(corpus)
    for record_id in range(1, N + 1):
        page = load_page(corpus, record_id)  # a damaged page is the page's error, never raised
        assert page.record is not None or page.error or page.problems
    if titles != ALL:  # the damage was only met while showing a page: the next start rebuilds
        corpus.index.close()
        corpus = Corpus.open([str(folder)], cache)
        assert corpus.index.recovered
        titles = sync_titles(corpus)
    assert titles == ALL


def test_a_damaged_records_page_is_moved_aside_and_said_once(folder, tmp_path):
    cache = tmp_path / "cache"
    corpus = Corpus.open([str(folder)], cache)
    sync_titles(corpus)
    path = corpus.index.path
    corpus.index.close()
    data = bytearray(path.read_bytes())
    root_page = (
        sqlite3.connect(path)
        .execute("SELECT rootpage FROM sqlite_master WHERE name = 'records'")
        .fetchone()[0]
    )
    start = (root_page - 1) * 4096
    data[start : start + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    corpus = Corpus.open([str(folder)], cache)
    assert sync_titles(corpus) == ALL
    assert "rebuilt" in (corpus.index.recovered or "")
    assert Path(f"{path}.unusable").exists()
    corpus.index.close()
    assert Corpus.open([str(folder)], cache).index.recovered is None


def test_a_cache_folder_that_cannot_be_written_gives_an_index_in_memory(folder, tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    corpus = Corpus.open([str(folder)], blocked)
    assert corpus.index.in_memory
    assert str(blocked / "index") in (corpus.index.recovered or "")
    assert sync_titles(corpus) == ALL
    assert load_page(corpus, 1).record is not None


def test_a_full_cache_folder_moves_the_index_into_memory(folder, tmp_path, monkeypatch):
    connect = Index._connect

    def tiny(self):  # a disk that fills after a few pages: SQLite says SQLITE_FULL
        connection = connect(self)
        if not self.in_memory:
            connection.execute("PRAGMA max_page_count=12")
        return connection

    monkeypatch.setattr(Index, "_connect", tiny)
    corpus = Corpus.open([str(folder)], tmp_path / "cache")
    assert sync_titles(corpus) == ALL
    assert corpus.index.in_memory
    assert "cannot be written" in (corpus.index.recovered or "")


def test_two_cold_starts_at_once_both_list_everything(folder, tmp_path):
    env = {
        **os.environ,
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "READER_DATA_DIR": str(tmp_path / "data"),
        "READER_CONFIG": str(tmp_path / "config.toml"),
    }
    command = [sys.executable, "-m", "reader", "list", str(folder)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
    runs.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert {line.split("\t")[1] for line in out.splitlines()} == ALL


def test_an_index_created_by_another_reader_mid_check_is_used_not_moved_aside(tmp_path, monkeypatch):
    # The race CI met: a second reader reads "version 0" of a new file, the first commits its
    # tables, and the second then saw tables beside version 0, called the file foreign and moved
    # the first reader's index away from under it.
    path = tmp_path / "index.sqlite"
    connect = Index._connect
    created = []

    def another_reader_commits_between_statements(statement: str) -> None:
        if "sqlite_master" in statement and not created:
            created.append(True)
            Index(path).close()  # the other reader, creating every table and committing

    def watched(self):
        connection = connect(self)
        connection.set_trace_callback(another_reader_commits_between_statements)
        return connection

    monkeypatch.setattr(Index, "_connect", watched)
    index = Index(path)
    assert created, "the check never looked at the tables"
    assert index.recovered is None
    assert not Path(f"{path}.unusable").exists()
    assert index.db.execute("SELECT count(*) FROM pending_text").fetchone() == (0,)


def test_a_locked_index_is_waited_for_not_moved_aside(tmp_path, monkeypatch):
    path = tmp_path / "index.sqlite"
    Index(path).close()
    connect = Index._connect
    refusals = []

    def locked_once(self):
        if not refusals:  # SQLite refuses at once, without its timeout, e.g. when switching to WAL
            refusals.append(True)
            raise sqlite3.OperationalError("database is locked")
        return connect(self)

    monkeypatch.setattr(Index, "_connect", locked_once)
    index = Index(path)
    assert refusals
    assert index.recovered is None
    assert not Path(f"{path}.unusable").exists()
