"""How much of a Markdown body the story pane renders at once: the work is bounded, not the bytes.

Rendering costs time per block (a list item, a table row), so 60 KB of `- x` lines froze the pane for
a minute and a half. The pane shows a budget of lines and offers the rest in steps ("show more").
"""

from __future__ import annotations

from dataclasses import dataclass

BODY_LINES = 120  # what the pane renders first, and how many more each "show more" adds
BODY_CHARS = 40_000  # a budget of lines can still hold one enormous line


@dataclass(frozen=True)
class BodyPart:
    """The beginning of a body that fits a budget, and how much of it is left out."""

    text: str
    lines_left: int  # whole lines left out (the cut line of a single enormous one is not counted)
    total_lines: int
    is_all: bool


def body_within(body: str, lines: int = BODY_LINES, chars: int = BODY_CHARS) -> BodyPart:
    """The first `lines` lines of `body`, at most `chars` characters, cut at a line end."""
    total = body.count("\n") + 1 if body else 0
    if total <= lines and len(body) <= chars:
        return BodyPart(body, 0, total, True)
    end = -1
    for _ in range(lines):
        found = body.find("\n", end + 1, chars + 1)
        if found < 0:
            break
        end = found
    if end < 0:  # no line end within the budget: cut the one long line
        end = min(len(body), chars)
    shown = body[:end]
    return BodyPart(shown, total - (shown.count("\n") + 1), total, len(shown) >= len(body))
