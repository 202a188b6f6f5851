"""The detail pane: everything a record (or a related item that is not a record) carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Static

from reader.core.article import Article
from reader.core.body_budget import BODY_LINES, body_within
from reader.core.body_links import number_markdown_links
from reader.core.dates import detail_date, local_zone
from reader.core.model import Image, Record, RelatedItem, Story
from reader.core.text import shown_safely
from reader.widgets.content_styles import EMPHASIS, MUTED, SECTION, web_link
from reader.widgets.lead_image import LeadImage
from reader.widgets.markdown_content import markdown_content
from reader.widgets.related_list import LinkedStory, StoryLinks

# Rendering Markdown costs time per block; a very long body is shown in part.
MAX_SHOWN_BODY = 60_000


def _images(images: tuple[Image, ...]) -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    for image in images:
        size = f"{image.width}×{image.height}" if image.width and image.height else "size unknown"
        parts += [("• ", MUTED), image.title or "(no title)", (f"  {size}\n  ", MUTED)]
        parts += [web_link(image.url, MUTED) if image.url else ("(no address)", MUTED), "\n"]
    return Content.assemble(*parts).rstrip()


def links_list(links: list[str]) -> Content:
    """The body's links by number, each a hyperlink."""
    parts: list[Content | str | tuple[str, str | Style]] = []
    for number, url in enumerate(links, 1):
        parts += [(f"[{number}] ", MUTED), web_link(url), "\n"]
    return Content.assemble(*parts).rstrip()


def _addresses(story: Story) -> list[tuple[str, str]]:
    return [("Source", story.source_url), ("AMP", story.amp_url), ("AMP cache", story.cdn_amp_url)]


@dataclass(frozen=True)
class Shown:
    """What the pane shows, for the screen to act on (`o`, `y`, history)."""

    title: str
    source_url: str
    amp_url: str


def _section(title: str) -> Content:
    return Content.styled(title, SECTION)


def _stacked(*pieces: tuple[int, Content | str]) -> Content:
    """Pieces one under another, each with its blank lines above (as a margin would), empty ones left out."""
    parts: list[Content | str] = []
    for blank_lines, piece in pieces:
        if not piece:
            continue
        parts += ["\n" * (blank_lines + (1 if parts else 0)), piece]
    return Content.assemble(*parts)


class ArticleDetail(VerticalScroll):
    """The shown story in full, with its related stories and the records that mention it.

    Drawn as a few blocks of text rather than a widget per line: every widget shown or hidden, or
    given new text, is laid out again, and this pane changes with every key that moves the list.
    """

    DEFAULT_CSS = """
    ArticleDetail { padding: 0 1; }
    ArticleDetail > .section-title { color: $accent; text-style: bold; margin-top: 1; }
    ArticleDetail > StoryLinks { height: auto; max-height: 20; border: none; padding: 0; }
    ArticleDetail > StoryLinks:focus { border: none; background-tint: $foreground 4%; }
    ArticleDetail > #detail-body { margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="story.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="story.up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="story.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="story.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="story.top"),
        Binding("G,end", "scroll_end", "End", show=False, id="story.end"),
        Binding("plus", "show_more", "Show more of the body", show=False, id="story.show_more"),
    ]

    can_focus = True
    _body = ""
    links: list[str] = []  # the shown body's web links, by number (for `L`)
    _whole_body = ""  # the body as the record has it; `_body` is the part rendered
    body_shown_lines = 0
    zone: dt.tzinfo = local_zone()  # the zone dates are shown in (the screen may set another)

    @dataclass
    class LinkClicked(Message):
        """A link inside the body was clicked; the screen decides whether it may open."""

        detail: ArticleDetail
        href: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._sections: dict[str, Content] = {}
        self._images: tuple[Image, ...] = ()
        self._body_content = Content("")

    def compose(self) -> ComposeResult:
        yield Static(id="detail-head", markup=False)
        yield Static(id="detail-body", markup=False)
        yield Static(id="detail-text", markup=False)
        yield LeadImage(id="lead-image")
        yield Static(id="detail-refs", markup=False)
        yield Static("Related stories", classes="section-title", id="related-title")
        yield StoryLinks(numbered=True, id="related")
        yield Static("Mentioned by", classes="section-title", id="mentions-title")
        yield StoryLinks(id="mentions")

    def on_mount(self) -> None:
        """Start empty until a story is shown."""
        self.show_message("No article", "Nothing is selected.")

    def section(self, name: str) -> str:
        """The text of one part of the pane as shown ("" when it is not shown): title, meta, topics,
        excerpt, body (a Markdown body as drawn), body-text, body-note, links, images or source."""
        if name == "body":
            return self._body_content.plain
        return self._sections.get(name, Content("")).plain

    def _set(self, widget_id: str, content: Content | str, visible: bool = True) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(Content(content) if isinstance(content, str) else content)
        widget.display = visible

    def show_record(
        self,
        record: Record,
        related: list[LinkedStory],
        mentions: list[LinkedStory],
        note: str = "",
        body_text: str | None = None,
        body_links: tuple[str, ...] = (),
    ) -> None:
        """Show a record of the corpus, its related stories and back-links.

        `body_text` is the body as plain text when it was HTML, its links numbered as `body_links`;
        a Markdown body is rendered, its web links numbered here.
        """
        body, links = ("", list(body_links)) if body_text is not None else number_markdown_links(record.body)
        self._fill(
            title=record.title,
            meta=self._meta(record),
            topics=record.topics,
            excerpt=record.excerpt,
            body=body,
            body_text=body_text or "",
            links=links,
            body_note=self._body_note(record),
            images=record.images,
            urls=_addresses(record),
            note=note,
        )
        self._links(related, mentions)

    def show_item(self, item: RelatedItem, note: str) -> None:
        """Show a related item that is not a record of the corpus, with all it carries."""
        self._fill(
            title=item.title or "(untitled related story)",
            meta=self._meta(item),
            topics=(),
            excerpt=item.excerpt,
            body="",
            body_note="",
            images=item.images,
            urls=_addresses(item),
            note=note,
        )
        self._links([], [])

    def _meta(self, story: Story) -> str:
        """The line under the title: who, when (naming the zone), what kind, and the scores."""
        provider = story.provider
        parts = [provider.name or "unknown provider"]
        if provider.domain:
            parts[0] += f" ({provider.domain})"
        parts.append(detail_date(story.published, self.zone))
        record = story if isinstance(story, Record) else None  # only a record has a category and heat
        parts += [kind for kind in (story.type, record.category if record else "") if kind]
        if story.quality is not None:
            parts.append(f"quality {story.quality}")
        heat = record.heat if record else None
        if heat is not None:
            parts.append("heat unscored" if heat < 0 else f"heat {heat}")
        return " · ".join(parts)

    def show_message(self, title: str, text: str) -> None:
        """Show a message instead of a story (nothing selected, a file that could not be read)."""
        title, text = shown_safely(title), shown_safely(text)  # they may name files: escape controls
        self._fill(title=title, meta="", topics=(), excerpt=text, body="", body_note="", images=(), urls=[])
        self._links([], [])

    @staticmethod
    def _body_note(record: Record) -> str:
        if record.body_truncated or len(record.body) > MAX_SHOWN_BODY:
            return "The body is very long: only its beginning is shown."
        return ""

    def _fill(
        self,
        *,
        title: str,
        meta: str,
        topics: tuple[str, ...],
        excerpt: str,
        body: str,
        body_note: str,
        images: tuple[Image, ...],
        urls: list[tuple[str, str]],
        note: str = "",
        body_text: str = "",
        links: list[str] | None = None,
    ) -> None:
        self.links = links or []
        self._images = images
        self._whole_body = body if body.strip() else ""
        body_note = self._render_body(BODY_LINES) or body_note
        shown = [(label, url) for label, url in urls if url]
        sections = {
            "title": Content(title),
            "meta": Content(meta),
            "topics": Content.assemble(("Topics: ", MUTED), ", ".join(topics)) if topics else Content(""),
            "excerpt": Content(excerpt if not note else f"{note}\n\n{excerpt}".strip()),
            "body-text": Content(body_text),
            "body-note": Content(body_note),
            "links": links_list(self.links),
            "images": _images(images),
            "source": Content.assemble(
                *[part for label, url in shown for part in ((f"{label}: ", MUTED), web_link(url), "\n")]
            ).rstrip(),
        }
        self._sections = sections
        head = _stacked(
            (0, sections["title"].stylize(EMPHASIS)),
            (0, sections["meta"].stylize(MUTED)),
            (0, sections["topics"].stylize(MUTED)),
            (1, sections["excerpt"]),
        )
        self._set("detail-head", head)
        self._show_text()
        self._show_lead_image(images)
        refs = _stacked(
            (0, sections["images"]), (1, _section("Source") if shown else ""), (0, sections["source"])
        )
        self._set("detail-refs", refs, bool(refs))
        self.scroll_home(animate=False)

    def _show_text(self) -> None:
        """The block under the body: an HTML body as text, what is left of the body, its links."""
        sections = self._sections
        text = _stacked(
            (1, sections["body-text"]),
            (0, sections["body-note"]),
            (1, _section("Links") if self.links else ""),
            (0, sections["links"]),
            (1, _section("Images") if self._images else ""),
        )
        self._set("detail-text", text, bool(text))

    def _show_lead_image(self, images: tuple[Image, ...]) -> None:
        url = next((image.url for image in images if image.url), "")
        lead = self.query_one(LeadImage)
        if url != lead.url or not url:
            lead.show(url)

    def show_article(self, article: Article, record: Record) -> None:
        """Show the full article fetched from a record's source page, saying where from and when."""
        fetched = dt.datetime.fromtimestamp(article.fetched, dt.UTC)
        self._fill(
            title=article.title or record.title,
            meta=f"Full article from the source page · fetched {detail_date(fetched, self.zone)}",
            topics=(),
            excerpt="R or escape: back to the record",
            body="",
            body_text=article.text,
            body_note="",
            images=record.images,
            urls=[("Page", article.url), ("Source", record.source_url)],
        )
        self._links([], [])

    def _render_body(self, lines: int) -> str:
        """Render the first `lines` lines of the body; the note on what is left, if anything is."""
        part = body_within(self._whole_body, lines)
        if part.text != self._body:  # the same body again (a story shown twice) is not made again
            self._body = part.text
            self._body_content = markdown_content(part.text)
            self._set("detail-body", self._body_content)
        self.query_one("#detail-body").display = bool(part.text)
        self.body_shown_lines = part.total_lines - part.lines_left
        if part.is_all:
            return ""
        return f"{part.lines_left:,} more lines of the body: press + in the story pane to show more."

    def action_show_more(self) -> None:
        """Render the next budget of the body's lines."""
        if self.body_shown_lines and self._whole_body:
            note = self._render_body(self.body_shown_lines + BODY_LINES)
            self._sections["body-note"] = Content(note)
            self._show_text()

    def _links(self, related: list[LinkedStory], mentions: list[LinkedStory]) -> None:
        in_corpus = sum(story.in_corpus for story in related)
        title = f"Related stories ({len(related)}, {in_corpus} in these records)"
        self._set("related-title", title, bool(related))
        self.query_one("#related", StoryLinks).show_stories(related)
        self._set("mentions-title", f"Mentioned by ({len(mentions)})", bool(mentions))
        self.query_one("#mentions", StoryLinks).show_stories(mentions)

    def on_click(self, event: events.Click) -> None:
        """A click on a link is only a request: the screen checks it before anything opens."""
        link = event.style.link if event.style else None
        if link:
            event.stop()
            self.post_message(self.LinkClicked(self, link))
