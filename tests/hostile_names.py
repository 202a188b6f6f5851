"""What must never reach a widget, and the text widgets show, for escape tests."""

from __future__ import annotations

import re

from textual.dom import DOMNode
from textual.widgets import Static

# C0 controls but tab and newline, DEL, C1, bidi controls and marks, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")


def visible_texts(node: DOMNode) -> list[str]:
    """The text of every Static under `node` (a screen or the app), as drawn."""
    return [str(widget.render()) for widget in node.query(Static)]
