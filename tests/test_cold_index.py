"""A first read loads the index in bulk: look-up indexes are built after the records, never left out."""

from __future__ import annotations

from pathlib import Path

from reader.core.corpus import Corpus
from reader.core.index_schema import SECONDARY_INDEXES
from tests.records import write_record


def lookup_indexes(corpus: Corpus) -> set[str]:
    rows = corpus.index.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {name for (name,) in rows} & set(SECONDARY_INDEXES)


def linked_folder(folder: Path, count: int) -> Path:
    for n in range(count):
        write_record(
            folder / f"{n:03}.md",
            title=f"Story {n}",
            date="2020-01-05T10:00:00Z",
            url=f"https://example.com/{n}",
            related=[{"title": "Next", "sourceUrl": f"https://example.com/{(n + 1) % count}"}],
        )
    return folder


def test_a_first_read_builds_the_lookup_indexes_before_the_list_is_complete(tmp_path: Path) -> None:
    corpus = Corpus.open([str(linked_folder(tmp_path / "records", 120))], tmp_path / "cache")
    seen_while_loading: list[set[str]] = []
    for step in corpus.sync(workers=1):
        seen_while_loading.append(lookup_indexes(corpus))
        if step.listed:
            assert lookup_indexes(corpus) == set(SECONDARY_INDEXES)
    assert seen_while_loading[0] == set()  # the bulk load ran without them
    assert lookup_indexes(corpus) == set(SECONDARY_INDEXES)
    first = corpus.index.records_with_keys(["example.com/0"])
    assert len(first) == 1
    assert corpus.index.resolve_links(first[0]) == {0: corpus.index.records_with_keys(["example.com/1"])[0]}


def test_a_first_read_stopped_half_way_is_completed_with_its_indexes(tmp_path: Path) -> None:
    folder = linked_folder(tmp_path / "records", 120)
    cache = tmp_path / "cache"
    stopped = Corpus.open([str(folder)], cache)
    steps = stopped.sync(workers=1)
    next(steps)
    steps.close()
    stopped.index.close()
    assert lookup_indexes(Corpus.open([str(folder)], cache)) == set()
    again = Corpus.open([str(folder)], cache)
    list(again.sync(workers=1))
    assert lookup_indexes(again) == set(SECONDARY_INDEXES)
    assert len(again.index.summaries()) == 120


def test_a_second_read_keeps_the_indexes(tmp_path: Path) -> None:
    folder = linked_folder(tmp_path / "records", 10)
    cache = tmp_path / "cache"
    list(Corpus.open([str(folder)], cache).sync(workers=1))
    write_record(folder / "new.md", title="New", url="https://example.com/new")
    warm = Corpus.open([str(folder)], cache)
    steps = list(warm.sync(workers=1))
    assert lookup_indexes(warm) == set(SECONDARY_INDEXES)
    assert [summary.title for step in steps for summary in step.added] == ["New"]
