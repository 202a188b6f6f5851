"""Issue 10 item 9: a huge Markdown body renders within a budget, the rest behind "show more"."""

from __future__ import annotations

from reader.app import ReaderApp
from reader.core.body_budget import BODY_LINES, body_within
from reader.core.paths import cache_dir
from reader.widgets.article_detail import ArticleDetail
from tests.pilot import settle
from tests.records import write_record


def test_a_short_body_is_shown_whole():
    part = body_within("a\nb\nc")
    assert (part.text, part.lines_left, part.is_all) == ("a\nb\nc", 0, True)


def test_a_long_body_is_cut_at_a_line_end_and_says_what_is_left():
    body = "\n".join(f"- item {i}" for i in range(15_000))
    part = body_within(body, lines=200)
    assert part.text.count("\n") == 199 and part.text.endswith("- item 199")
    assert part.lines_left == 15_000 - 200 and not part.is_all
    assert body_within(body, lines=400).lines_left == 15_000 - 400


def test_one_enormous_line_is_cut_by_characters():
    part = body_within("x" * 1_000_000, chars=1000)
    assert len(part.text) == 1000 and not part.is_all


async def test_a_15000_item_list_body_renders_in_part_and_plus_shows_more(tmp_path):
    folder = tmp_path / "recs"
    body = "\n".join("- x" for _ in range(15_000))
    write_record(folder / "big.md", title="Big body", body=body)
    app = ReaderApp([str(folder)], cache_dir(), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        detail = app.main_screen.query_one(ArticleDetail)
        assert detail.body_shown_lines == BODY_LINES
        # The work is what is bounded: the lines the body became (15,000 froze it).
        assert detail.section("body").count("• x") == BODY_LINES
        assert "press +" in detail.section("body-note")
        detail.focus()
        await pilot.press("plus")
        await settle(pilot)
        assert detail.body_shown_lines == 2 * BODY_LINES
        assert detail.section("body").count("• x") == 2 * BODY_LINES
