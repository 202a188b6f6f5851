"""The catalog: topic counts and sorted views stay right through batches of changes."""

from __future__ import annotations

import random

from reader.core.catalog import SORT_ORDERS, Catalog, collapse
from reader.core.digest import Summary


def summary(
    n: int, published: float | None, topics: tuple[str, ...] = ("T",), heat: int | None = None
) -> Summary:
    return Summary(n, f"story {n}", published, f"provider {n % 7}", topics, f"key{n}", heat, n % 50)


def fresh_order(catalog: Catalog, sort: str) -> list[int]:
    return Catalog(catalog.by_id.values()).ids(None, sort)


def test_batches_give_the_same_orders_as_one_sort() -> None:
    rng = random.Random(7)
    catalog = Catalog()
    for sort in SORT_ORDERS:
        catalog.ids(None, sort)  # cache every order, so later batches are merged into it
    next_id = 0
    for _ in range(30):
        added = []
        for _ in range(rng.randint(0, 40)):
            published = rng.choice([None, rng.uniform(0, 1e9)])
            added.append(summary(next_id, published, heat=rng.choice([None, -1, 5, 80])))
            next_id += 1
        removed = rng.sample(sorted(catalog.by_id), k=min(len(catalog.by_id), rng.randint(0, 5)))
        changed = (
            [summary(i, rng.uniform(0, 1e9), ("U",)) for i in rng.sample(sorted(catalog.by_id), k=2)]
            if len(catalog.by_id) > 10
            else []
        )
        catalog.apply(added=added + changed, removed=removed)
        if rng.random() < 0.5:
            continue  # let changes pile up before the next look
        for sort in SORT_ORDERS:
            assert catalog.ids(None, sort) == fresh_order(catalog, sort)
    for sort in SORT_ORDERS:
        assert catalog.ids(None, sort) == fresh_order(catalog, sort)


def test_a_topic_lists_its_records_in_the_order_of_all_through_changes() -> None:
    rng = random.Random(11)
    topics = ["big", "small", "rare"]
    weights = [30, 3, 1]  # topics far smaller than the list are sorted by place, large ones filtered
    catalog = Catalog()
    next_id = 0
    for _ in range(20):
        added = []
        for _ in range(rng.randint(1, 60)):
            tagged = tuple({rng.choices(topics, weights)[0] for _ in range(rng.randint(1, 2))})
            published = rng.choice([None, 1e9, 2e9, rng.uniform(0, 1e9)])  # ties, too
            added.append(summary(next_id, published, tagged, rng.choice([None, -1, 5, 80])))
            next_id += 1
        removed = rng.sample(sorted(catalog.by_id), k=min(len(catalog.by_id), rng.randint(0, 5)))
        catalog.apply(added=added, removed=removed)
        for sort in SORT_ORDERS:
            everything = catalog.ids(None, sort)
            for topic in topics:
                wanted = [i for i in everything if topic in catalog.by_id[i].topics]
                assert catalog.ids(topic, sort) == wanted


def test_topic_counts_follow_changes() -> None:
    catalog = Catalog([summary(1, 1.0, ("A", "B")), summary(2, 2.0, ("A",))])
    assert catalog.topic_counts() == [("A", 2), ("B", 1)]
    gone = catalog.apply(added=[summary(2, 2.0, ("C",))], removed=[1])
    assert [s.id for s in gone] == [1, 2]
    assert catalog.topic_counts() == [("C", 1)]
    assert catalog.ids("A") == [] and catalog.ids("C") == [2]


def test_collapse_keeps_the_first_of_each_group() -> None:
    assert collapse([5, 4, 3, 2, 1], {4: 1, 2: 1, 3: 3}) == [5, 4, 3, 1]
    assert collapse([1, 2], {}) == [1, 2]
