"""Scroll views whose scrollbars are redrawn only when what they measure changes.

Textual's `ScrollView` compares the size the layout gives it (the viewport) with its own virtual
size (every row) on each layout of the screen; the two differ whenever the view can scroll, so each
layout redrew its scrollbars. A redrawn scrollbar at the screen's edge widens the next frame to the
whole screen: every key that changed the story pane repainted the sidebar and the whole list.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


class SteadyScrollbars(ScrollView):
    """A `ScrollView` that updates its scrollbars only when its size or virtual size has changed."""

    _arranged_as: tuple[Size, Size, Size] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        arranged_as = (size, self.virtual_size, container_size)
        if arranged_as == self._arranged_as:
            return False
        self._arranged_as = arranged_as
        return super()._size_updated(size, virtual_size, container_size, layout)
