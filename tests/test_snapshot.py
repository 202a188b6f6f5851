"""The start-up snapshot: shown first when it matches the index, ignored whenever it might not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.message import Message

from reader.core.catalog import SORT_ORDERS, Catalog
from reader.core.corpus import Corpus
from reader.core.graph import StoryGraph
from reader.core.listing import StoryGroups
from reader.core.reading import Reading
from reader.core.snapshot import load_snapshot, save_snapshot, snapshot_path
from reader.messages import CorpusChanged
from reader.screens.main_screen import MainScreen
from reader.widgets.article_list import ArticleList
from tests.pilot import observed_app, open_reader, settle
from tests.records import write_record


def synced(folder: Path, cache: Path) -> Corpus:
    corpus = Corpus.open([str(folder)], cache)
    for _step in corpus.sync(workers=1):
        pass
    return corpus


def groups_of(corpus: Corpus) -> StoryGroups:
    return StoryGroups.of(StoryGraph.cached(corpus.index.db))


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def test_a_saved_snapshot_gives_the_index_rows_in_order(story_folder: Path, tmp_path: Path) -> None:
    write_record(story_folder / "undated-1.md", title="Undated one", topics=["AI"])
    write_record(story_folder / "undated-2.md", title="Undated two", topics=["AI"])
    write_record(story_folder / "same-time.md", title="Same time", date="2020-01-04T10:00:00Z")
    corpus = synced(story_folder, tmp_path / "cache")
    before = files_under(story_folder)
    assert save_snapshot(corpus.index, groups_of(corpus))
    # Written beside the index in the cache folder, never among the records.
    assert snapshot_path(corpus.index).parent == corpus.index.path.parent
    assert files_under(story_folder) == before
    snapshot = load_snapshot(Corpus.open([str(story_folder)], tmp_path / "cache").index)
    assert snapshot is not None
    fresh = Catalog(corpus.index.summaries())
    assert snapshot.summaries == fresh.ordered("newest")
    catalog = snapshot.catalog()
    for sort in SORT_ORDERS:
        assert catalog.ids(None, sort) == fresh.ids(None, sort)
    assert catalog.topic_counts() == fresh.topic_counts()
    assert catalog.ids("AI") == fresh.ids("AI")
    assert snapshot.groups() is not None


def test_a_snapshot_of_an_older_index_is_not_used(story_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    corpus = synced(story_folder, cache)
    save_snapshot(corpus.index)
    changed = story_folder / "b.md"
    changed.write_text(changed.read_text().replace("Beta story", "Beta story, updated", 1))
    stat = changed.stat()
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    synced(story_folder, cache)
    assert load_snapshot(Corpus.open([str(story_folder)], cache).index) is None


def test_an_index_that_numbers_the_files_otherwise_does_not_use_it(
    story_folder: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    corpus = synced(story_folder, cache)
    save_snapshot(corpus.index)
    # What a rebuilt index of the same files may do: the same rows under other ids.
    db = corpus.index.db
    first, second = (row[0] for row in db.execute("SELECT id FROM files ORDER BY id LIMIT 2"))
    for table in ("files", "records"):
        db.execute(f"UPDATE {table} SET id = -1 WHERE id = ?", (first,))
        db.execute(f"UPDATE {table} SET id = ? WHERE id = ?", (first, second))
        db.execute(f"UPDATE {table} SET id = ? WHERE id = -1", (second,))
    assert load_snapshot(Corpus.open([str(story_folder)], cache).index) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-40] + bytes(40),  # zeros over the end of the payload
        lambda data: b"not a snapshot at all",
        lambda data: b"",
        lambda data: data[:8] + b"\xff" * 4 + data[12:],  # another marshal version
    ],
)
def test_a_damaged_snapshot_is_ignored(story_folder: Path, tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    corpus = synced(story_folder, tmp_path / "cache")
    save_snapshot(corpus.index)
    path = snapshot_path(corpus.index)
    path.write_bytes(damage(path.read_bytes()))
    assert load_snapshot(corpus.index) is None


def test_groups_of_another_state_of_the_index_are_left_out(story_folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    corpus = synced(story_folder, cache)
    old_groups = groups_of(corpus)
    write_record(story_folder / "e.md", title="Epsilon story", url="https://example.com/e", topics=["AI"])
    synced(story_folder, cache)
    save_snapshot(corpus.index, old_groups)
    snapshot = load_snapshot(corpus.index)
    assert snapshot is not None and snapshot.groups() is None
    assert "Epsilon story" in {summary.title for summary in snapshot.summaries}


def test_an_unwritable_cache_folder_is_no_error(story_folder: Path, tmp_path: Path) -> None:
    corpus = synced(story_folder, tmp_path / "cache")
    snapshot_path(corpus.index).mkdir()  # a folder where the file would go: the rename fails
    assert not save_snapshot(corpus.index)
    assert load_snapshot(corpus.index) is None
    assert [p.name for p in corpus.index.path.parent.iterdir() if p.name.endswith(".part")] == []


def test_a_catalog_from_ordered_rows_takes_changes_like_any(story_folder: Path, tmp_path: Path) -> None:
    corpus = synced(story_folder, tmp_path / "cache")
    save_snapshot(corpus.index)
    snapshot = load_snapshot(corpus.index)
    assert snapshot is not None
    catalog = snapshot.catalog()
    first, *rest = snapshot.summaries
    moved = first._replace(published=0.0, topics=("Space",))
    catalog.apply(added=[moved], removed=[rest[0].id])
    expected = Catalog([moved, *rest[1:]])
    for sort in SORT_ORDERS:
        assert catalog.ids(None, sort) == expected.ids(None, sort)
        assert catalog.ids("Space", sort) == expected.ids("Space", sort)
    assert catalog.topic_counts() == expected.topic_counts()


def test_recount_agrees_with_counting_row_by_row(story_folder: Path, tmp_path: Path) -> None:
    summaries = synced(story_folder, tmp_path / "cache").index.summaries()
    read = {summaries[0].story, summaries[2].story}
    starred = {summaries[1].story}
    by_rows, at_once = Reading(set(read), set(starred)), Reading(set(read), set(starred))
    by_rows.count_rows([], summaries)
    at_once.recount(summaries, Catalog(summaries).topic_totals)
    assert +at_once.unread_by_topic == +by_rows.unread_by_topic
    assert (at_once.unread_total, at_once.starred_count) == (by_rows.unread_total, by_rows.starred_count)


def what_is_shown(screen: MainScreen) -> tuple:
    rows = screen.query_one(ArticleList).ids
    badges = [screen.listing.badge(summary, False) for summary in screen.catalog.ordered("newest")]
    return screen.listing.sidebar_entries(), rows, screen.thread_of, badges


async def test_a_start_from_the_snapshot_shows_what_the_index_shows(story_folder: Path) -> None:
    write_record(
        story_folder / "copy.md", title="Alpha again", url="https://example.com/alpha", topics=["AI"]
    )
    async with open_reader(story_folder) as (app, _pilot):  # the first start writes the snapshot
        cold = what_is_shown(app.main_screen)
        assert app.corpus is not None
        assert load_snapshot(app.corpus.index) is not None
    async with open_reader(story_folder) as (app, _pilot):
        warm = what_is_shown(app.main_screen)
        record = app.main_screen.record
        assert record is not None and record.title == "Alpha story"
    assert warm == cold
    assert any(badge.startswith("×2") for badge in warm[3])  # the copies' badge came with the graph


async def test_files_changed_while_closed_replace_the_snapshot_rows(story_folder: Path) -> None:
    async with open_reader(story_folder):
        pass
    (story_folder / "b.md").unlink()
    write_record(story_folder / "e.md", title="Epsilon story", date="2020-01-06T10:00:00Z", topics=["AI"])
    async with open_reader(story_folder) as (app, _pilot):
        titles = [s.title for s in app.main_screen.catalog.ordered("newest")]
        assert titles[0] == "Epsilon story" and "Beta story" not in titles
        assert app.main_screen.reading.unread_total == len(titles)
    async with open_reader(story_folder) as (app, _pilot):  # and the next start shows it at once
        assert [s.title for s in app.main_screen.catalog.ordered("newest")] == titles


def test_rows_written_in_many_chunks_read_back_in_order(
    story_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.core.snapshot.CHUNK_ROWS", 2)
    for n in range(5):
        write_record(story_folder / f"more-{n}.md", title=f"More {n}", date=f"2020-02-0{n + 1}T10:00:00Z")
    corpus = synced(story_folder, tmp_path / "cache")
    assert save_snapshot(corpus.index)
    snapshot = load_snapshot(corpus.index)
    assert snapshot is not None
    assert snapshot.summaries == Catalog(corpus.index.summaries()).ordered("newest")


async def test_a_snapshot_without_groups_is_written_again_with_them(
    story_folder: Path, tmp_path: Path
) -> None:
    async with open_reader(story_folder) as (app, _pilot):
        assert app.corpus is not None
        save_snapshot(app.corpus.index)  # as if the graph had not been current when it was written
    async with open_reader(story_folder) as (app, _pilot):
        assert app.corpus is not None
        snapshot = load_snapshot(app.corpus.index)
        assert snapshot is not None and snapshot.groups() is not None


async def test_the_snapshot_is_written_before_ready_shows(story_folder: Path) -> None:
    app = observed_app(story_folder)
    seen_at_ready: list[bool] = []

    def hook(message: Message) -> None:
        if isinstance(message, CorpusChanged) and message.progress.finished:
            seen_at_ready.append(app.corpus is not None and snapshot_path(app.corpus.index).exists())

    async with app.run_test(message_hook=hook) as pilot:
        await settle(pilot)
    # A reader who quits as soon as it says Ready starts fast next time.
    assert seen_at_ready and all(seen_at_ready)


def test_what_a_killed_writer_left_is_removed(story_folder: Path, tmp_path: Path) -> None:
    corpus = synced(story_folder, tmp_path / "cache")
    path = snapshot_path(corpus.index)
    abandoned = path.with_name(f".{path.name}.99999999.1.part")  # no such process
    abandoned.write_bytes(b"half a snapshot")
    ours = path.with_name(f".{path.name}.{os.getpid()}.1.part")  # another thread of this process
    ours.write_bytes(b"being written")
    assert save_snapshot(corpus.index)
    assert not abandoned.exists() and ours.exists()
