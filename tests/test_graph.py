"""Tests of the story graph: duplicates grouped into stories, mutual links grouped into threads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.core.corpus import Corpus
from reader.core.digest import digest_record
from reader.core.graph import StoryGraph
from reader.core.index import Index
from reader.core.model import Provider, Record, RelatedItem
from tests.records import write_record

DAY = datetime(2020, 1, 20, 12, tzinfo=UTC)
# Titles that would break anything treating record text as markup or terminal output.
HOSTILE = "[b]bold[/b] \x1b[31mred\x1b[0m $title [link=x]"


def url(name: str) -> str:
    return f"https://www.news.example/{name}"


def rel(*urls: str) -> RelatedItem:
    """A related item reachable by up to three addresses: source, AMP, AMP cache."""
    padded = [*urls, "", ""][:3]
    return RelatedItem(title=HOSTILE, source_url=padded[0], amp_url=padded[1], cdn_amp_url=padded[2])


def rec(
    name: str,
    *related: RelatedItem,
    source: str | None = None,
    amp: str = "",
    provider: str = "Wire",
    hours: float | None = 0,
) -> Record:
    """A record named `name` whose source address is `url(name)` unless given."""
    return Record(
        path=f"/records/{name}.md",
        title=f"{name} {HOSTILE}",
        source_url=url(name) if source is None else source,
        amp_url=amp,
        provider=Provider(provider, provider.lower() + ".example"),
        published=None if hours is None else DAY + timedelta(hours=hours),
        related=related,
    )


@pytest.fixture
def index(tmp_path: Path):
    index = Index(tmp_path / "index.sqlite")
    yield index
    index.close()


def build(index: Index, *records: Record) -> tuple[StoryGraph, dict[str, int]]:
    """Store the records and build their graph; return it with each record's id by name."""
    index.store(digest_record(r, 100, n) for n, r in enumerate(records))
    ids = {Path(path).stem: i for i, path in index.db.execute("SELECT id, path FROM files")}
    return StoryGraph.build(index.db), ids


def threads(graph: StoryGraph, ids: dict[str, int]) -> set[frozenset[str]]:
    """The threads of more than one record, by record name."""
    names = {i: name for name, i in ids.items()}
    return {
        frozenset(names[m] for m in graph.thread_members(t))
        for t in graph.thread_ids()
        if graph.thread_size(t) > 1
    }


# -- threads ---------------------------------------------------------------------------------------


def test_mutual_pair_is_one_thread(index: Index) -> None:
    graph, ids = build(
        index,
        rec("a", rel(url("b")), provider="Alpha", hours=5),
        rec("b", rel(url("a")), provider="Beta", hours=1),
        rec("c"),
    )
    a, b, c = ids["a"], ids["b"], ids["c"]
    assert graph.thread_of(a) == graph.thread_of(b) == min(a, b)
    assert graph.thread_members(a) == (b, a)  # a timeline: oldest first
    assert graph.thread_size(b) == 2
    assert graph.thread_provider_count(a) == 2
    assert graph.thread_newest(b) == a
    assert graph.thread_of(c) == c and graph.thread_members(c) == (c,)
    assert sorted(graph.thread_ids()) == sorted([min(a, b), c])


def test_one_way_chain_is_not_joined(index: Index) -> None:
    graph, ids = build(
        index, rec("a", rel(url("b"))), rec("b", rel(url("c"))), rec("c", rel(url("d"))), rec("d")
    )
    assert threads(graph, ids) == set()
    assert len(graph.thread_ids()) == 4


def test_one_way_cycle_is_not_a_thread(index: Index) -> None:
    graph, ids = build(index, rec("a", rel(url("b"))), rec("b", rel(url("c"))), rec("c", rel(url("a"))))
    assert threads(graph, ids) == set()


def test_all_mutual_cycle_is_one_thread(index: Index) -> None:
    graph, ids = build(
        index,
        rec("a", rel(url("b")), rel(url("c"))),
        rec("b", rel(url("c")), rel(url("a"))),
        rec("c", rel(url("a")), rel(url("b"))),
    )
    assert threads(graph, ids) == {frozenset("abc")}


def test_mutual_links_join_transitively_but_one_way_links_never_do(index: Index) -> None:
    # a<->b and b<->c make one thread; d only points at c and c only at e: neither joins.
    graph, ids = build(
        index,
        rec("a", rel(url("b"))),
        rec("b", rel(url("a")), rel(url("c"))),
        rec("c", rel(url("b")), rel(url("e"))),
        rec("d", rel(url("c"))),
        rec("e"),
    )
    assert threads(graph, ids) == {frozenset("abc")}


def test_self_links_are_ignored(index: Index) -> None:
    graph, ids = build(
        index,
        rec("a", rel(url("a")), rel(url("a") + "?utm_source=feed"), amp=url("a/amp")),
        rec("b", rel(url("b/amp")), amp=url("b/amp")),
    )
    assert threads(graph, ids) == set()
    assert graph.thread_size(ids["a"]) == 1


def test_mutual_link_matched_by_amp_and_cache_addresses(index: Index) -> None:
    cache = "https://news-example.cdn.ampproject.org/c/s/news.example/b/amp"
    graph, ids = build(
        index,
        rec("a", rel("", "", cache)),
        rec("b", rel("http://news.example/a/?ocid=msn"), amp=url("b/amp")),
    )
    assert threads(graph, ids) == {frozenset("ab")}


def test_related_item_matching_two_copies_links_to_both(index: Index) -> None:
    # b and b2 are one story (b2 is b under a tracking parameter); a lists it, and only b2 lists a back.
    graph, ids = build(
        index,
        rec("a", rel(url("b"))),
        rec("b"),
        rec("b2", rel(url("a")), source=url("b") + "?utm_medium=social"),
        rec("z"),
    )
    assert graph.story_of(ids["b2"]) == graph.story_of(ids["b"])
    assert threads(graph, ids) == {frozenset({"a", "b", "b2"})}


def test_related_item_with_addresses_of_two_different_records_links_to_both(index: Index) -> None:
    # One related item whose source is b's and whose AMP address is c's: a points at both.
    graph, ids = build(
        index,
        rec("a", rel(url("b"), url("c"))),
        rec("b", rel(url("a"))),
        rec("c", rel(url("a"))),
    )
    assert threads(graph, ids) == {frozenset("abc")}


def test_copies_of_one_story_share_a_thread_even_without_links(index: Index) -> None:
    graph, ids = build(index, rec("a"), rec("a2", source=url("a") + "/"))
    assert threads(graph, ids) == {frozenset({"a", "a2"})}
    assert graph.thread_of(ids["a2"]) == graph.story_of(ids["a2"]) == ids["a"]


def test_record_with_132_related_items(index: Index) -> None:
    others = [rec(f"r{i:03d}", *([rel(url("hub"))] if i % 10 == 0 else [])) for i in range(120)]
    # 120 items point at records, 12 at stories the corpus does not hold.
    related = [rel(url(f"r{i:03d}")) for i in range(120)] + [rel(url(f"gone{i}")) for i in range(12)]
    assert len(related) == 132
    graph, ids = build(index, rec("hub", *related), *others)
    hub = ids["hub"]
    assert graph.thread_size(hub) == 13  # the hub and the 12 records that list it back
    assert set(graph.thread_members(hub)) == {hub} | {ids[f"r{i:03d}"] for i in range(0, 120, 10)}
    assert graph.thread_size(ids["r001"]) == 1


def test_newest_of_a_thread_and_undated_records(index: Index) -> None:
    graph, ids = build(
        index,
        rec("a", rel(url("b")), rel(url("c")), hours=None),
        rec("b", rel(url("a")), hours=3),
        rec("c", rel(url("a")), hours=-2),
        rec("x", rel(url("y")), hours=None),
        rec("y", rel(url("x")), hours=None),
    )
    a, b, c = ids["a"], ids["b"], ids["c"]
    assert graph.thread_members(a) == (c, b, a)  # undated last
    assert graph.thread_newest(a) == b
    assert graph.thread_newest(ids["x"]) in (ids["x"], ids["y"])


# -- duplicates ------------------------------------------------------------------------------------


def test_duplicates_by_same_source(index: Index) -> None:
    graph, ids = build(
        index,
        rec("a", provider="Alpha"),
        rec("a-copy", source=url("a"), provider="Beta"),
        rec("a-third", source=url("a"), provider="alpha"),
        rec("b"),
    )
    story = graph.story_of(ids["a-copy"])
    assert story == ids["a"] == graph.story_of(ids["a-third"])
    assert graph.copies(ids["a-third"]) == tuple(sorted((ids["a"], ids["a-copy"], ids["a-third"])))
    assert graph.copy_count(story) == 3
    assert graph.story_provider_count(story) == 2  # provider names compare case-insensitively
    assert graph.copy_count(ids["b"]) == 1 and graph.copies(ids["b"]) == (ids["b"],)
    assert graph.duplicated_story_ids() == [story]


def test_duplicates_by_amp_address(index: Index) -> None:
    # One record's AMP page is another record's source: the same story reached two ways.
    graph, ids = build(
        index,
        rec("a", amp=url("amp/a")),
        rec("amp-a", source=url("amp/a")),
        rec("cache-a", source="https://news-example.cdn.ampproject.org/c/s/news.example/amp/a"),
    )
    assert graph.copy_count(ids["a"]) == 3
    assert {graph.story_of(i) for i in ids.values()} == {ids["a"]}


def test_duplicates_by_tracking_parameter_variants(index: Index) -> None:
    graph, ids = build(
        index,
        rec("a", source="https://www.news.example/a?id=7"),
        rec("v1", source="http://news.example/a/?id=7&utm_source=twitter&utm_campaign=x"),
        rec("v2", source="https://news.example/a?ocid=msedgntp&id=7"),
        rec("other", source="https://news.example/a?id=8"),
    )
    assert graph.copy_count(ids["a"]) == 3
    assert graph.story_of(ids["other"]) == ids["other"]


def test_copies_chain_through_shared_keys(index: Index) -> None:
    # x shares its source with y, and y its AMP address with z: all three are one story.
    graph, ids = build(
        index, rec("x"), rec("y", source=url("x"), amp=url("amp/x")), rec("z", source=url("amp/x"))
    )
    assert graph.copy_count(ids["z"]) == 3


def test_records_without_addresses_are_stories_of_their_own(index: Index) -> None:
    graph, _ = build(index, rec("a", source=""), rec("b", source=""), rec("c", source="mailto:x@y"))
    assert graph.duplicated_story_ids() == []
    assert len(graph.thread_ids()) == 3


# -- unknown records, empty index, saving -------------------------------------------------------------


def test_a_record_the_graph_does_not_know_is_alone(index: Index) -> None:
    graph, _ = build(index, rec("a"))
    assert 999 not in graph
    assert graph.story_of(999) == graph.thread_of(999) == graph.thread_newest(999) == 999
    assert graph.copies(999) == graph.thread_members(999) == (999,)
    assert graph.copy_count(999) == graph.thread_size(999) == 1


def test_empty_index(index: Index) -> None:
    graph = StoryGraph.build(index.db)
    assert len(graph) == 0 and graph.thread_ids() == [] and graph.duplicated_story_ids() == []
    graph.save(index.db)
    assert StoryGraph.load(index.db) is not None


def test_saved_graph_loads_until_the_index_changes(index: Index) -> None:
    assert StoryGraph.load(index.db) is None  # nothing saved yet
    graph, ids = build(index, rec("a", rel(url("b"))), rec("b", rel(url("a"))), rec("c", rel(url("a"))))
    graph.save(index.db)
    loaded = StoryGraph.load(index.db)
    assert loaded is not None
    for record_id in ids.values():
        assert loaded.thread_members(record_id) == graph.thread_members(record_id)
        assert loaded.copies(record_id) == graph.copies(record_id)
        assert loaded.thread_newest(record_id) == graph.thread_newest(record_id)
    assert graph.thread_size(ids["a"]) == 2
    # A changed file (same path, new mtime) makes the saved graph stale: a now lists c back.
    index.store([digest_record(rec("a", rel(url("b")), rel(url("c"))), 100, 12345)])
    assert StoryGraph.load(index.db) is None
    rebuilt = StoryGraph.cached(index.db)
    assert rebuilt.thread_size(ids["a"]) == 3
    assert StoryGraph.load(index.db) is not None
    index.remove(["/records/b.md"])
    assert StoryGraph.load(index.db) is None


def test_damaged_saved_graph_is_not_used(index: Index) -> None:
    graph, _ = build(index, rec("a"))
    graph.save(index.db)
    index.db.execute("UPDATE story_graph SET data = substr(data, 1, 20)")
    assert StoryGraph.load(index.db) is None
    assert len(StoryGraph.cached(index.db)) == 1


# -- from files -------------------------------------------------------------------------------------


def test_graph_of_a_synced_folder(tmp_path: Path) -> None:
    folder = tmp_path / "news"

    def write(name: str, source: str, related: list[str], amp: str = "") -> None:
        links = [{"title": HOSTILE, "sourceUrl": link} for link in related]
        write_record(
            folder / f"{name}.md",
            title=f"{name} {HOSTILE}",
            date="2020-01-20T10:00:00Z",
            url=source,
            amp=amp,
            provider=name.upper(),
            related=links,
        )

    write("a", "https://n.example/a", ["https://n.example/b?utm_source=x"])
    write("b", "https://n.example/b", ["http://www.n.example/a/"], amp="https://n.example/b.amp")
    write("b-amp", "https://n.example/b.amp", [])
    write("c", "https://n.example/c", ["https://n.example/a"])
    corpus = Corpus.open([str(folder)], tmp_path / "cache")
    try:
        list(corpus.sync(workers=1))
        by_name = {Path(corpus.index.path_of(s.id) or "").stem: s.id for s in corpus.cached()}
        graph = StoryGraph.cached(corpus.index.db)
        assert set(graph.thread_members(by_name["a"])) == {by_name["a"], by_name["b"], by_name["b-amp"]}
        assert graph.copy_count(by_name["b"]) == 2
        assert graph.thread_provider_count(by_name["a"]) == 3
        assert graph.thread_size(by_name["c"]) == 1
    finally:
        corpus.index.close()
