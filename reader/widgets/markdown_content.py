"""A record's Markdown body as one `Content`, drawn in the frame that shows the story.

Textual's `Markdown` widget mounts a widget per block, a few frames after the story is shown, and
lays the pane out again for each; a body here is text with styles, made at once. Record text is
never read as markup: every piece of it becomes plain `Content` with one of the styles below.
Links become terminal hyperlinks only when they are http(s) (`web_link`).
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content
from textual.style import Style

from reader.core.body_links import is_web_link
from reader.widgets.content_styles import MUTED, SECTION, web_link

# Raw HTML in a body stays text: a record never gets to style the pane.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

_INLINE_STYLES = {
    "strong_open": "bold",
    "em_open": "italic",
    "s_open": "strike",
}
_HEADING_STYLES = {"h1": SECTION, "h2": SECTION}
_QUOTE_BAR = "▌ "


def markdown_content(text: str) -> Content:
    """The Markdown `text` as one Content: blocks separated by blank lines, lists and quotes indented."""
    return _Blocks(_PARSER.parse(text)).content()


class _Blocks:
    """Walks the block tokens, keeping the prefix of each nesting level (list bullets, quote bars)."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.blocks: list[Content] = []
        self.prefixes: list[str] = []  # one per open list item or quote
        self.first_line_prefix = ""  # the bullet or number of a list item's first block
        self.lists: list[int | None] = []  # the next number of each open ordered list, None: bullets
        self.in_open_list = False  # the last block belongs to the outermost list still open

    def content(self) -> Content:
        index = 0
        while index < len(self.tokens):
            index = self._block(index)
        return Content("\n\n").join(self.blocks) if self.blocks else Content("")

    def _block(self, index: int) -> int:
        token = self.tokens[index]
        kind = token.type
        if kind in ("paragraph_open", "heading_open"):
            inline = self.tokens[index + 1]
            line = _inline(inline.children or [])
            style = _HEADING_STYLES.get(token.tag, "bold") if kind == "heading_open" else ""
            self._add(line.stylize(style) if style else line)
            return index + 3
        if kind in ("fence", "code_block"):
            self._add(Content(token.content.rstrip("\n")).stylize(MUTED))
        elif kind == "hr":
            self._add(Content.styled("─" * 20, MUTED))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.in_open_list = self.in_open_list and bool(self.lists)  # a new list starts a new block
            start = token.attrGet("start") if kind == "ordered_list_open" else None
            self.lists.append(None if kind == "bullet_list_open" else int(start or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
            self.in_open_list = self.in_open_list and bool(self.lists)
        elif kind == "list_item_open":
            number = self.lists[-1] if self.lists else None
            if number is None:
                self.first_line_prefix = "• "
            else:
                self.first_line_prefix = f"{number}. "
                self.lists[-1] = number + 1
            self.prefixes.append(" " * len(self.first_line_prefix))
        elif kind == "blockquote_open":
            self.prefixes.append(_QUOTE_BAR)
        elif kind in ("list_item_close", "blockquote_close"):
            self.prefixes.pop()
        elif kind == "table_open":
            return self._table(index)
        return index + 1

    def _add(self, block: Content) -> None:
        """Add a block under the open lists and quotes; a list item's first block carries its bullet."""
        if not self.prefixes:
            self.blocks.append(block)
            self.in_open_list = False
            return
        indent = "".join(self.prefixes[:-1])
        first = indent + (self.first_line_prefix or self.prefixes[-1])
        rest = indent + self.prefixes[-1]
        self.first_line_prefix = ""
        lines = block.split("\n")
        prefixed = [Content.styled(first if n == 0 else rest, MUTED) + line for n, line in enumerate(lines)]
        item = Content("\n").join(prefixed)
        if self.in_open_list:
            # The items of one list sit together, without a blank line between.
            self.blocks[-1] = self.blocks[-1] + "\n" + item
        else:
            self.blocks.append(item)
        self.in_open_list = bool(self.lists)

    def _table(self, index: int) -> int:
        rows: list[Content] = []
        cells: list[Content] = []
        while index < len(self.tokens) and self.tokens[index].type != "table_close":
            token = self.tokens[index]
            if token.type == "inline":
                cells.append(_inline(token.children or []))
            elif token.type == "tr_close":
                rows.append(Content.styled(" │ ", MUTED).join(cells))
                cells = []
            index += 1
        self._add(Content("\n").join(rows))
        return index + 1


def _inline(tokens: Sequence[Token]) -> Content:
    """Inline tokens as one Content: emphasis, code, links (hyperlinks only for http(s))."""
    parts: list[Content | tuple[str, str | Style]] = []
    open_styles: list[str | Style] = []
    for token in tokens:
        kind = token.type
        if kind == "text":
            parts.append((token.content, _combined(open_styles)))
        elif kind == "softbreak":
            parts.append((" ", ""))
        elif kind == "hardbreak":
            parts.append(("\n", ""))
        elif kind == "code_inline":
            parts.append((token.content, "bold"))
        elif kind in _INLINE_STYLES:
            open_styles.append(_INLINE_STYLES[kind])
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            open_styles.append(web_link(href)[1] if is_web_link(href) else "underline")
        elif kind in ("strong_close", "em_close", "s_close", "link_close"):
            if open_styles:
                open_styles.pop()
        elif kind == "image":
            parts.append((f"[picture: {token.content or 'untitled'}]", MUTED))
    return Content.assemble(*parts)


def _combined(styles: list[str | Style]) -> str | Style:
    """The styles open at a piece of text, as one: a link's Style with any words laid over it."""
    links = [style for style in styles if isinstance(style, Style)]
    words = " ".join(style for style in styles if isinstance(style, str))
    if not links:
        return words
    return Style.parse(words) + links[-1] if words else links[-1]
