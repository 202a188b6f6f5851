"""The order a story's related stories are listed in: those in the folder first, each story once.

Records list their related stories in the source system's order, where the few that are among the
loaded records can sit at positions 15 and 70 of 100, and one story can be listed twice under two of
its addresses. The reader lists the loaded ones first (their order kept), then the others, and each
story once, so that `1`-`9` reach the folder's stories first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from reader.core.model import RelatedItem
from reader.core.urls import story_key


class RelatedOrder(NamedTuple):
    """Related positions in display order, how many lead as loaded records, and the repeats left out."""

    positions: tuple[int, ...]  # indexes into the record's `related`, in the order to show them
    in_folder: int  # the first `in_folder` positions resolve to loaded records
    repeated: tuple[int, ...]  # positions left out because an earlier shown one is the same story


def related_order(
    related: Sequence[RelatedItem],
    resolved: Mapping[int, int],
    story_of: Callable[[int], str | None],
) -> RelatedOrder:
    """Order `related` for display.

    `resolved` maps a related position to the record it resolves to (as `Index.resolve_links` gives),
    and `story_of` gives a record's story key. Two items are one story when they resolve to records
    of one story key, or when they share an address (after `story_key` normalisation).
    """
    inside = [p for p in range(len(related)) if p in resolved]
    outside = [p for p in range(len(related)) if p not in resolved]
    seen: set[str] = set()
    shown: list[int] = []
    repeated: list[int] = []
    in_folder = 0
    for position in inside + outside:
        keys = _keys(related[position])
        if position in resolved:
            story = story_of(resolved[position])
            if story:
                keys.add(story)
        if keys & seen:
            repeated.append(position)
            continue
        seen |= keys
        shown.append(position)
        in_folder += position in resolved
    return RelatedOrder(tuple(shown), in_folder, tuple(sorted(repeated)))


def _keys(item: RelatedItem) -> set[str]:
    """Every address key of a related item; an item with none is never taken for another."""
    return {key for key in (story_key(url) for url in item.urls) if key}
