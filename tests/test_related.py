"""Tests of the related stories' display order: the folder's stories first, each story once."""

from __future__ import annotations

from pathlib import Path

from reader.core.digest import digest_record
from reader.core.index import Index
from reader.core.model import Record, RelatedItem
from reader.core.related import RelatedOrder, related_order


def item(url: str = "", amp: str = "", cdn: str = "", title: str = "") -> RelatedItem:
    """A related item reachable by the given addresses."""
    return RelatedItem(title=title or url, source_url=url, amp_url=amp, cdn_amp_url=cdn)


STORIES = {10: "a.com/one", 11: "b.com/two", 12: "c.com/three"}


def order(related: list[RelatedItem], resolved: dict[int, int]) -> RelatedOrder:
    return related_order(related, resolved, STORIES.get)


def test_stories_in_the_folder_come_first_in_their_order() -> None:
    related = [item(f"https://out.com/{n}") for n in range(6)]
    result = order(related, {4: 11, 2: 10})
    assert result.positions == (2, 4, 0, 1, 3, 5)
    assert result.in_folder == 2
    assert result.repeated == ()


def test_nothing_in_the_folder_keeps_the_order() -> None:
    related = [item(f"https://out.com/{n}") for n in range(3)]
    assert order(related, {}) == RelatedOrder((0, 1, 2), 0, ())


def test_everything_in_the_folder_keeps_the_order() -> None:
    related = [item("https://a.com/one"), item("https://b.com/two")]
    assert order(related, {0: 10, 1: 11}) == RelatedOrder((0, 1), 2, ())


def test_empty() -> None:
    assert order([], {}) == RelatedOrder((), 0, ())


def test_one_record_listed_twice_appears_once() -> None:
    # Positions 1 and 5 reach the same record (by its page and by its AMP address).
    related = [item(f"https://out.com/{n}") for n in range(6)]
    related[1] = item("https://a.com/one")
    related[5] = item("", amp="https://a.com/one.amp")
    result = order(related, {1: 10, 5: 10})
    assert result.positions == (1, 0, 2, 3, 4)
    assert result.in_folder == 1
    assert result.repeated == (5,)


def test_two_records_of_one_story_appear_once() -> None:
    # Copies: two records with one story key are one story.
    stories = {10: "a.com/one", 20: "a.com/one"}
    related = [item("https://copy.com/x"), item("https://a.com/one")]
    result = related_order(related, {0: 10, 1: 20}, stories.get)
    assert result == RelatedOrder((0,), 1, (1,))


def test_an_outside_story_listed_twice_appears_once() -> None:
    # The same address written differently, and one item's AMP cache address of the other's AMP page.
    related = [
        item("https://www.out.com/story/?utm_source=feed"),
        item("https://out.com/other"),
        item("http://out.com/story"),
        item("https://out.com/third", amp="https://out.com/third.amp"),
        item("", cdn="https://out-com.cdn.ampproject.org/c/s/out.com/third.amp"),
    ]
    result = order(related, {})
    assert result == RelatedOrder((0, 1, 3), 0, (2, 4))


def test_the_copy_in_the_folder_wins_over_one_outside() -> None:
    # Item 0 is only the page's address (not a record key); item 2 also has its AMP address, a record's.
    related = [
        item("https://pub.com/page"),
        item("https://out.com/x"),
        item("https://pub.com/page", amp="https://a.com/one"),
    ]
    result = order(related, {2: 10})
    assert result == RelatedOrder((2, 1), 1, (0,))


def test_items_without_an_address_are_never_taken_for_each_other() -> None:
    related = [item(title="No address"), item(title="No address"), item("not a web address")]
    assert order(related, {}) == RelatedOrder((0, 1, 2), 0, ())


def test_a_record_without_a_story_key_still_counts_by_its_addresses() -> None:
    related = [item("https://a.com/one"), item("https://a.com/one")]
    result = related_order(related, {0: 99, 1: 99}, STORIES.get)
    assert result == RelatedOrder((0,), 1, (1,))


def test_positions_are_a_permutation_of_what_is_kept() -> None:
    related = [item(f"https://out.com/{n % 7}") for n in range(40)]
    resolved = {15: 10, 30: 11, 37: 10}
    result = order(related, resolved)
    assert sorted(result.positions + result.repeated) == list(range(40))
    assert result.positions[:2] == (15, 30)
    assert len(set(result.positions)) == len(result.positions)


def test_with_the_index_resolving_links(tmp_path: Path) -> None:
    # The real case of the issue: the only two loaded stories at positions 15 and 70 of 100, and
    # one outside story at 1 and 5.
    related = [item(f"https://elsewhere.example/{n}") for n in range(100)]
    related[5] = item("https://www.elsewhere.example/1/?ocid=BingNews")
    related[15] = item("https://first.example/story")
    related[70] = item("", amp="https://second.example/story.amp")
    shown = Record(
        path="/r/shown.md", title="Shown", source_url="https://shown.example/", related=tuple(related)
    )
    first = Record(path="/r/first.md", title="First", source_url="https://first.example/story")
    second = Record(
        path="/r/second.md",
        title="Second",
        source_url="https://second.example/story",
        amp_url="https://second.example/story.amp",
    )
    index = Index(tmp_path / "index.sqlite")
    try:
        added, _, _ = index.store(digest_record(record, 1, 1) for record in (shown, first, second))
        shown_id = added[0].id
        stories = {summary.id: summary.story for summary in added}
        result = related_order(shown.related, index.resolve_links(shown_id), stories.get)
    finally:
        index.close()
    assert result.positions[:4] == (15, 70, 0, 1)
    assert result.in_folder == 2
    assert result.repeated == (5,)
    assert len(result.positions) == 99
