"""Core tests of `Marks` (saved read and star state, counts, undo) and `Listing` (a filter to rows),
without a terminal."""

from __future__ import annotations

from reader.core.catalog import Catalog
from reader.core.digest import Summary
from reader.core.listing import ALL, STARRED, Filter, Listing
from reader.core.marks import Marks
from reader.core.state import StateStore


def summary(record_id: int, story: str, topics: tuple[str, ...] = ("AI",), published: float = 0.0) -> Summary:
    return Summary(record_id, f"Story {record_id}", published + record_id, "P", topics, story, None, None)


ROWS = [summary(1, "a"), summary(2, "b"), summary(3, "b"), summary(4, "c", ("Space",))]


def make() -> tuple[Marks, Listing, StateStore]:
    store = StateStore.in_memory()
    catalog = Catalog(ROWS)
    listing_holder: list[Listing] = []
    marks = Marks(store, lambda story: listing_holder[0].rows_of_story(story))
    listing = Listing(catalog, marks.reading)
    listing_holder.append(listing)
    marks.reading.count_rows([], ROWS)
    return marks, listing, store


def test_marks_save_count_and_undo_several_steps() -> None:
    marks, _listing, store = make()
    assert marks.reading.unread_total == 4
    first = marks.set_read(["a"], True)
    second = marks.set_read(["b", "c"], True)
    assert first is not None and second is not None and second.stories == ("b", "c")
    assert store.read_keys() == {"a", "b", "c"} and marks.reading.unread_total == 0
    assert marks.set_read(["a"], True) is None  # nothing changed: nothing to undo either
    assert marks.undo() == second
    assert store.read_keys() == {"a"} and marks.reading.unread_total == 3  # b has two rows
    assert marks.undo() == first and store.read_keys() == set()
    assert marks.undo() is None


def test_stars_are_counted_per_row_and_undone() -> None:
    marks, _listing, store = make()
    change = marks.set_starred(["b"], True)
    assert change is not None and change.describe() == "1 story starred"
    assert marks.reading.starred_count == 2 and store.starred_keys() == {"b"}
    marks.undo()
    assert marks.reading.starred_count == 0 and store.starred_keys() == set()


def test_a_mark_made_by_resting_is_not_undoable() -> None:
    marks, _listing, _store = make()
    marks.set_read(["a"], True, undoable=False)
    assert not marks.can_undo


def test_listing_rows_follow_the_filter() -> None:
    marks, listing, _store = make()
    assert listing.rows(Filter()) == [4, 3, 2, 1]
    assert listing.rows(Filter(topic="Space")) == [4]
    assert listing.rows(Filter(sort="oldest")) == [1, 2, 3, 4]
    assert listing.rows(Filter(matches=frozenset({1, 2}))) == [2, 1]
    marks.set_read(["c"], True)
    assert listing.rows(Filter(only_unread=True)) == [3, 2, 1]
    marks.set_starred(["a"], True)
    assert listing.rows(Filter(topic=STARRED)) == [1]


def test_listing_words_and_sidebar() -> None:
    marks, listing, _store = make()
    assert listing.title(Filter(only_unread=True), 3) == "All · 3 stories · unread only · newest first"
    assert listing.name(Filter(topic="Space")) == "Space"
    marks.set_read(["a", "b"], True)
    entries = {entry.key: (entry.count, entry.unread) for entry in listing.sidebar_entries()}
    assert entries[ALL] == (4, 1) and entries["AI"] == (3, 0) and entries["Space"] == (1, 1)
    assert listing.next_topic_with_unread("AI") == "Space"
    assert listing.next_topic_with_unread("Space") is None
