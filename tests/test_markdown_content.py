"""A Markdown body as one Content: its shape kept, record text never markup, hyperlinks only for http(s)."""

from __future__ import annotations

from textual.style import Style

from reader.widgets.markdown_content import markdown_content


def links_in(text: str) -> list[str]:
    return [span.style.link for span in markdown_content(text).spans if isinstance(span.style, Style)]


def test_blocks_lists_quotes_and_code_keep_their_shape() -> None:
    text = (
        "# Head\n\nA *b* **c**.\n\n- one\n- two\n  - nested\n\n"
        "1. first\n2. second\n\n> quoted\n\n```\ncode\n```"
    )
    assert markdown_content(text).plain.split("\n") == [
        "Head",
        "",
        "A b c.",
        "",
        "• one",
        "• two",
        "  • nested",
        "",
        "1. first",
        "2. second",
        "",
        "▌ quoted",
        "",
        "code",
    ]


def test_record_text_is_never_markup_nor_html() -> None:
    text = "[b]bold?[/b] [@click=app.quit]quit[/] $variable <script>x</script> <b>html</b>"
    assert markdown_content(text).plain == text


def test_only_web_links_become_hyperlinks() -> None:
    text = "[web](https://example.org/a) [script](javascript:alert(1)) [file](file:///etc/passwd) <https://x.org/b>"
    assert links_in(text) == ["https://example.org/a", "https://x.org/b"]


def test_a_table_is_rows_of_cells() -> None:
    assert markdown_content("| a | b |\n|---|---|\n| 1 | 2 |").plain == "a │ b\n1 │ 2"
