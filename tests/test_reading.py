"""Read and starred counts follow every change without a recount."""

from __future__ import annotations

from reader.core.digest import Summary
from reader.core.reading import Reading


def row(n: int, story: str, topics: tuple[str, ...]) -> Summary:
    return Summary(n, f"t{n}", None, "p", topics, story, None, None)


def test_counts_follow_rows_reads_and_stars() -> None:
    rows = [row(1, "s1", ("A", "B")), row(2, "s1", ("A",)), row(3, "s2", ("B",))]
    reading = Reading(read={"s2"}, starred={"s2"})
    reading.count_rows([], rows)
    assert reading.unread_total == 2 and reading.unread_by_topic == {"A": 2, "B": 1}
    assert reading.starred_count == 1

    def rows_of(story: str) -> list[Summary]:
        return [r for r in rows if r.story == story]

    assert reading.set_read(["s1", "s1"], True, rows_of) == ["s1"]
    assert reading.unread_total == 0 and reading.unread_by_topic == {"A": 0, "B": 0}
    assert reading.set_read(["s1"], True, rows_of) == []  # already read: nothing counted twice
    assert reading.set_starred(["s1"], True, rows_of) == ["s1"] and reading.starred_count == 3
    reading.count_rows([rows[2]], [])
    assert reading.starred_count == 2
