"""Building the story graph streams the index's rows; a key row of a record that is gone is ignored."""

from __future__ import annotations

from pathlib import Path

from reader.core.corpus import Corpus
from reader.core.graph import StoryGraph
from tests.records import write_record


def test_pairs_naming_a_missing_record_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_record(
        folder / "a.md", title="A", url="https://x.org/a", related=[{"sourceUrl": "https://x.org/b"}]
    )
    write_record(
        folder / "b.md", title="B", url="https://x.org/b", related=[{"sourceUrl": "https://x.org/a"}]
    )
    write_record(folder / "c.md", title="C copy of A", url="https://x.org/a?utm_source=feed")
    corpus = Corpus.open([str(folder)], tmp_path / "cache")
    list(corpus.sync(workers=1))
    db = corpus.index.db
    before = StoryGraph.build(db)
    a, b = corpus.index.records_with_keys(["x.org/a"])[0], corpus.index.records_with_keys(["x.org/b"])[0]
    assert before.thread_members(a) == before.thread_members(b)
    assert len(before.copies(a)) == 2
    # Stray rows, as a damaged or half-written index could hold: ids past the last and below it.
    db.execute("INSERT INTO record_keys VALUES ('x.org/a', 999), ('x.org/b', 0)")
    db.execute("INSERT INTO links VALUES (998, 0, 'x.org/a')")
    after = StoryGraph.build(db)
    for name in ("_ids", "_story", "_copies", "_thread", "_thread_size", "_thread_order"):
        assert getattr(after, name) == getattr(before, name)
