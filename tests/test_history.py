"""Tests of the browser-like History of shown stories."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from reader.core.history import History


@dataclass(frozen=True)
class Shown:
    """An entry like the app's: a small frozen dataclass."""

    key: str
    view: str = "article"


def test_a_new_history_is_empty() -> None:
    history: History[str] = History()
    assert history.current is None
    assert not history.can_go_back
    assert not history.can_go_forward
    assert history.back() is None
    assert history.forward() is None
    assert history.visited() == []
    assert len(history) == 0


def test_back_and_forward_like_a_browser() -> None:
    history: History[str] = History()
    for entry in "abc":
        history.visit(entry)
    assert history.current == "c"
    assert history.can_go_back and not history.can_go_forward
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.current == "a"
    assert not history.can_go_back and history.can_go_forward
    assert history.forward() == "b"
    assert history.forward() == "c"
    assert history.forward() is None
    assert history.current == "c"


def test_a_visit_drops_the_forward_entries() -> None:
    history: History[str] = History()
    for entry in "abc":
        history.visit(entry)
    history.back()
    history.back()
    history.visit("d")
    assert history.current == "d"
    assert not history.can_go_forward
    assert history.back() == "a"
    assert history.forward() == "d"
    assert history.forward() is None
    assert len(history) == 2


def test_visiting_the_current_entry_again_changes_nothing() -> None:
    history: History[Shown] = History()
    history.visit(Shown("a.com/1"))
    history.visit(Shown("a.com/2"))
    history.visit(Shown("a.com/2"))
    assert len(history) == 2
    assert history.back() == Shown("a.com/1")
    # Revisiting the current entry after going back keeps the way forward, as a browser reload does.
    history.visit(Shown("a.com/1"))
    assert history.can_go_forward


def test_an_entry_may_appear_twice_in_the_trail() -> None:
    history: History[str] = History()
    for entry in "aba":
        history.visit(entry)
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.visited() == ["a", "b"]


def test_visited_is_newest_first_without_duplicates_and_keeps_dropped_entries() -> None:
    history: History[str] = History()
    for entry in "abcb":
        history.visit(entry)
    assert history.visited() == ["b", "c", "a"]
    history.back()  # shows c again
    history.back()  # shows b again
    history.visit("d")  # drops c and b from the trail, not from what was seen
    assert history.visited() == ["d", "b", "c", "a"]


def test_jump_from_the_visited_list_is_a_visit() -> None:
    history: History[str] = History()
    for entry in "abc":
        history.visit(entry)
    history.back()
    history.jump("a")
    assert history.current == "a"
    assert not history.can_go_forward
    assert history.back() == "b"
    assert history.visited()[0] == "b"


def test_the_history_is_bounded() -> None:
    history: History[int] = History(limit=5)
    for n in range(12):
        history.visit(n)
    assert len(history) == 5
    assert history.current == 11
    trail = []
    while (entry := history.back()) is not None:
        trail.append(entry)
    assert trail == [10, 9, 8, 7]
    assert len(history.visited()) == 5


def test_the_default_bound_is_a_thousand() -> None:
    history: History[int] = History()
    for n in range(1500):
        history.visit(n)
    assert len(history) == 1000
    assert len(history.visited()) == 1000


def test_clear_forgets_everything() -> None:
    history: History[str] = History()
    history.visit("a")
    history.clear()
    assert history.current is None
    assert history.visited() == []


def test_a_history_holds_at_least_one_entry() -> None:
    with pytest.raises(ValueError):
        History(limit=0)
