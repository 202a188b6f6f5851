"""HTML bodies become plain text: tags gone, entities decoded, blocks on lines of their own."""

from __future__ import annotations

from reader.core.html_text import html_to_text, looks_like_html


def test_html_body_becomes_paragraphs_of_text() -> None:
    body = (
        "<p>This is a Template&nbsp;for a <b>Tablet</b> App.</p><p>Leave me feedback!</p>"
        '<ul><li>one</li><li>two &amp; three</li></ul><script>alert("x")</script>'
        '<img src="https://example.com/a.png" alt="A">'
    )
    assert looks_like_html(body)
    assert (
        html_to_text(body)
        == "This is a Template for a Tablet App.\n\nLeave me feedback!\n\n• one\n\n• two & three"
    )


def test_markdown_is_not_html_and_hostile_text_stays_inert() -> None:
    assert not looks_like_html("# A heading\n\nSome *Markdown* with <b>inline</b> tags.")
    text = html_to_text("<p>\x1b]0;pwned\x07 [b]literal[/b] &lt;script&gt;</p>")
    assert "\x1b" not in text and "\x07" not in text
    assert text == "]0;pwned [b]literal[/b] <script>"
