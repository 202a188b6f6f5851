"""Pilot tests: the keys of the reader, driven as a user drives them, asserting what is shown."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from reader.app import ReaderApp
from reader.core.config import Config
from reader.screens.help_screen import HelpScreen
from reader.screens.main_screen import ItemPage, MainScreen, RecordPage
from reader.screens.story_picker_screen import StoryPickerScreen
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.article_list import ArticleList
from reader.widgets.query_bar import QueryBar
from reader.widgets.related_list import StoryLinks
from reader.widgets.topic_sidebar import TopicSidebar
from tests.pilot import open_reader, settle
from tests.records import write_record

DELTA = "[b]Delta[/b] [@click=app.quit]x[/] ]0;pwned$title"  # as shown: controls gone, markup literal


async def wait_until(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (the palette searches on a timer of its own)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the condition never held")


def palette_shows(app: ReaderApp, text: str) -> bool:
    """Whether the palette's first hit says `text`."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists or lists.first().option_count == 0:
        return False
    return text in str(lists.first().get_option_at_index(0).prompt)


def shown_title(app: ReaderApp) -> str:
    return app.main_screen.query_one(ArticleDetail).section("title")


def list_titles(app: ReaderApp) -> list[str]:
    screen = app.main_screen
    return [screen.catalog.get(i).title for i in screen.query_one(ArticleList).ids]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch the browser opener: record the URLs, launch nothing."""
    urls: list[str] = []

    def fake_open(url: str, *args: object, **kwargs: object) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", fake_open)
    return urls


async def test_opens_with_all_topics_and_newest_first(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, _pilot):
        sidebar = app.main_screen.query_one(TopicSidebar)
        assert [(e.label, e.count) for e in sidebar.entries] == [
            ("All", 4),
            ("★ Starred", 0),
            ("AI", 3),
            ("Policy", 1),
            ("Space", 1),
        ]
        assert list_titles(app)[:3] == ["Alpha story", "Beta story", "Gamma story"]
        assert isinstance(app.focused, ArticleList)
        assert shown_title(app) == "Alpha story"


async def test_moving_in_the_list_updates_the_detail(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("j")
        await settle(pilot)
        assert shown_title(app) == "Beta story"
        await pilot.press("down")
        await settle(pilot)
        assert shown_title(app) == "Gamma story"
        await pilot.press("k", "up")
        await settle(pilot)
        assert shown_title(app) == "Alpha story"


async def test_choosing_a_topic_filters_the_list(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("shift+tab")
        assert isinstance(app.focused, TopicSidebar)
        await pilot.press("j", "j", "j", "j")  # All, Starred, AI, Policy, Space
        await settle(pilot)
        assert list_titles(app) == ["Gamma story"]
        assert shown_title(app) == "Gamma story"


async def test_tab_moves_between_panes(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("tab")
        assert isinstance(app.focused, ArticleDetail)
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, TopicSidebar)


async def test_follow_related_back_and_forward(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        screen: MainScreen = app.main_screen
        await pilot.press("r")
        related = screen.query_one("#related", StoryLinks)
        assert app.focused is related and related.highlighted == 0
        # The first related item is Beta by a tracking-parameter http address.
        await pilot.press("enter")
        await settle(pilot)
        assert shown_title(app) == "Beta story"
        assert isinstance(screen.page, RecordPage)
        # The list follows the reader.
        assert screen.query_one(ArticleList).record_id == screen.page.record_id
        # Beta's only related item leads back to Alpha: two hops deep.
        await pilot.press("r", "enter")
        await settle(pilot)
        assert shown_title(app) == "Alpha story"
        await pilot.press("backspace")
        await settle(pilot)
        assert shown_title(app) == "Beta story"
        await pilot.press("backspace")
        await settle(pilot)
        assert shown_title(app) == "Alpha story"
        await pilot.press("f")
        await settle(pilot)
        assert shown_title(app) == "Beta story"


async def test_related_marks_say_which_are_records(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, _pilot):
        related = app.main_screen.query_one("#related", StoryLinks)
        # The stories in the folder come first (their order kept), then the ones outside.
        assert [(s.title, s.in_corpus) for s in related.stories] == [
            ("Beta story", True),
            ("Gamma story", True),
            ("Outside story", False),
        ]


async def test_follow_item_not_in_corpus_and_open_it(story_folder: Path, opened: list[str]) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("3")  # after the two stories that are in the folder
        await settle(pilot)
        screen = app.main_screen
        assert isinstance(screen.page, ItemPage)
        assert shown_title(app) == "Outside story"
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://elsewhere.example.org/outside"]


async def test_number_keys_follow_related(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("2")
        await settle(pilot)
        assert shown_title(app) == "Gamma story"


async def test_o_opens_the_source_url(story_folder: Path, opened: list[str]) -> None:
    async with open_reader(story_folder) as (_app, pilot):
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://www.example.com/alpha"]


async def test_unsafe_link_is_never_opened(story_folder: Path, opened: list[str]) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("G")  # Delta, the oldest, has a javascript: link
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == []
        assert any("only http and https" in str(n.message) for n in app.notifications)


async def test_record_text_is_shown_literally(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("G")
        await settle(pilot)
        title = shown_title(app)
        assert title == DELTA
        article_list = app.main_screen.query_one(ArticleList)
        row = "".join(segment.text for segment in article_list.render_line(3))
        assert "[b]Delta[/b]" in row and "[red]Evil[/red]" in row
        assert "\x1b" not in row and "\x07" not in row
        assert app.is_running  # the [@click=app.quit] did nothing


async def test_help_lists_every_binding(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {binding.id for _, bindings in app.screen.sections for binding in bindings}
        assert {"open_source", "focus_related", "back", "forward", "quit", "help", "follow_1"} <= ids
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_palette_goes_to_topic_and_finds_article(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to topic: Space")
        await wait_until(pilot, lambda: palette_shows(app, "Go to topic: Space"))
        await pilot.press("enter")
        await settle(pilot)
        assert list_titles(app) == ["Gamma story"]
        await pilot.press("ctrl+p")
        await pilot.press(*"beta")
        await wait_until(pilot, lambda: palette_shows(app, "Beta story"))
        await pilot.press("enter")
        await settle(pilot)
        assert shown_title(app) == "Beta story"


async def test_q_quits(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_search_filters_as_you_type_and_escape_clears(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("slash")
        await pilot.press(*"gamma")
        await settle(pilot)
        assert list_titles(app) == ["Gamma story"]
        await pilot.press("enter")
        assert isinstance(app.focused, ArticleList)
        await pilot.press("slash", "escape", "slash")
        await pilot.press(*"topic:AI -beta")
        await settle(pilot)
        assert list_titles(app) == ["Alpha story", DELTA]
        await pilot.press("escape")
        await settle(pilot)
        assert len(list_titles(app)) == 4


async def test_malformed_query_keeps_the_last_good_list(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("slash", *"alpha")
        await settle(pilot)
        assert list_titles(app) == ["Alpha story"]
        # Pasted at once: every prefix typed key by key would be a (different) good query.
        app.main_screen.query_one(QueryBar).query_one(Input).value = "alpha tilte:x"
        await settle(pilot)
        assert list_titles(app) == ["Alpha story"]
        error = app.main_screen.query_one("#query-error", Static)
        assert error.has_class("-shown") and "title" in str(error.render())


async def test_read_marks_stars_and_next_unread(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        screen = app.main_screen
        alpha = screen.catalog.get(screen.query_one(ArticleList).record_id)
        assert alpha.story not in screen.reading.read  # shown at start is not read
        assert screen.reading.unread_total == 4
        await pilot.press("u")
        assert alpha.story in screen.reading.read and screen.reading.unread_total == 3
        await pilot.press("u")
        assert alpha.story not in screen.reading.read and screen.reading.unread_total == 4
        await pilot.press("s")
        assert alpha.story in screen.reading.starred and app.store.is_starred(alpha.story)
        await pilot.press("n")
        await settle(pilot)
        assert shown_title(app) == "Beta story"
        await pilot.press("A")
        await pilot.press("y")
        await settle(pilot)
        assert screen.reading.unread_total == 0 and app.store.is_read(alpha.story)


async def test_state_survives_a_restart(story_folder: Path) -> None:
    async with open_reader(story_folder) as (_app, pilot):
        await pilot.press("s")
    async with open_reader(story_folder) as (again, pilot):
        sidebar = again.main_screen.query_one(TopicSidebar)
        assert ("★ Starred", 1) in [(e.label, e.count) for e in sidebar.entries]


async def test_sort_cycles(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("S")
        await settle(pilot)
        assert app.main_screen.sort == "oldest"
        assert list_titles(app)[0].startswith("[b]Delta")
        assert "oldest" in app.main_screen.query_one(ArticleList).border_title


@pytest.fixture
def graph_folder(story_folder: Path) -> Path:
    """The story folder plus a syndicated copy of Beta (same story, another provider)."""
    write_record(
        story_folder / "b-copy.md",
        title="Beta story, syndicated",
        date="2020-01-04T12:00:00Z",
        url="https://www.example.com/beta/?utm_source=syndication",
        provider="Wire Service",
        topics=["AI"],
    )
    return story_folder


async def test_duplicates_are_one_row_with_a_badge(graph_folder: Path) -> None:
    async with open_reader(graph_folder) as (app, _pilot):
        titles = list_titles(app)
        assert len(titles) == 4  # five records, Beta's two copies on one row
        assert titles[1] == "Beta story, syndicated"  # the newer copy stands for the story
        row = "".join(seg.text for seg in app.main_screen.query_one(ArticleList).render_line(1))
        assert "×2·2p" in row


async def test_c_collapses_threads_and_is_remembered(graph_folder: Path) -> None:
    async with open_reader(graph_folder) as (app, pilot):
        await pilot.press("c")
        await settle(pilot)
        # Alpha and Beta list each other: one thread, shown as its newest record.
        assert list_titles(app) == [
            "Alpha story",
            "Gamma story",
            "[b]Delta[/b] [@click=app.quit]x[/] ]0;pwned$title",
        ]
        row = "".join(seg.text for seg in app.main_screen.query_one(ArticleList).render_line(0))
        assert "≡3·3p" in row
        # Marking the collapsed row read marks the whole thread read.
        await pilot.press("u")
        screen = app.main_screen
        assert all(screen.catalog.get(i).story in screen.reading.read for i in screen.thread_of)
    async with open_reader(graph_folder) as (again, pilot):
        assert again.main_screen.collapse_threads
        assert len(list_titles(again)) == 3


async def test_m_focuses_mentions_and_follows(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("j", "j")  # Gamma, mentioned by Alpha
        await settle(pilot)
        assert shown_title(app) == "Gamma story"
        await pilot.press("m")
        mentions = app.main_screen.query_one("#mentions", StoryLinks)
        assert app.focused is mentions and [s.title for s in mentions.stories] == ["Alpha story"]
        await pilot.press("enter")
        await settle(pilot)
        assert shown_title(app) == "Alpha story"


async def test_t_shows_the_timeline_and_enter_shows_one(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StoryPickerScreen)
        rows = app.screen.rows
        assert [row.title for row in rows] == ["Gamma story", "Beta story", "Alpha story", "Outside story"]
        assert rows[3].note == "related ○"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("t", "k", "k", "enter")
        await settle(pilot)
        assert shown_title(app) == "Gamma story"


async def test_H_lists_the_stories_seen_and_jumps(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("j")  # Beta
        await settle(pilot)
        await pilot.press("1")  # Beta's first related story: Alpha
        await settle(pilot)
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, StoryPickerScreen)
        assert [row.title for row in app.screen.rows] == ["Alpha story", "Beta story"]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert shown_title(app) == "Beta story"


async def test_saved_queries_appear_under_the_topics(story_folder: Path) -> None:
    config = Config(saved_queries={"Space news": "topic:space", "broken": "tilte:x"})
    async with open_reader(story_folder, config=config) as (app, pilot):
        sidebar = app.main_screen.query_one(TopicSidebar)
        assert sidebar.entries[-1].label == "⌕ Space news" and sidebar.entries[-1].count == 1
        assert any("saved query 'broken'" in str(n.message) for n in app.notifications)
        sidebar.choose(sidebar.entries[-1].key)
        await settle(pilot)
        assert list_titles(app) == ["Gamma story"]


async def test_palette_runs_reader_actions(story_folder: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("ctrl+p", *"Sort by oldest")
        await wait_until(pilot, lambda: palette_shows(app, "Sort by oldest"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.sort == "oldest"


async def test_theme_toggle_is_remembered_in_the_config(story_folder: Path, isolated_folders: Path) -> None:
    async with open_reader(story_folder) as (app, pilot):
        app.toggle_dark()
        await pilot.pause()
    assert 'theme = "textual-light"' in (isolated_folders / "config.toml").read_text()


async def test_keys_rebound_in_the_config_work_and_show_in_help(story_folder: Path) -> None:
    config = Config(keys={"toggle_star": "x"})
    async with open_reader(story_folder, config=config) as (app, pilot):
        await pilot.press("x")
        assert len(app.main_screen.reading.starred) == 1
        await pilot.press("question_mark")
        await pilot.pause()
        star = [b for _, bindings in app.screen.sections for b in bindings if b.id == "toggle_star"]
        assert star[0].key == "x"


async def test_notifications_show_record_text_literally(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_record(folder / "a.md", title="Bracketed", url="https://example.com/a[b]c[/b]?[@click=app.quit]")
    async with open_reader(folder) as (app, pilot):
        await pilot.press("y")
        await pilot.pause()
        copied = [n for n in app.notifications if "Copied" in n.title]
        assert copied and "[b]c[/b]" in copied[0].message and copied[0].markup is False
        assert app.is_running


async def test_amp_links_open_and_copy(story_folder: Path, opened: list[str]) -> None:
    async with open_reader(story_folder) as (app, pilot):
        await pilot.press("j", "j")  # Gamma has an AMP address
        await settle(pilot)
        assert shown_title(app) == "Gamma story"
        await pilot.press("O")
        await settle(pilot)
        assert opened == ["https://example.com/gamma.amp"]
        await pilot.press("Y")
        await pilot.pause()
        assert any(n.title == "Copied the AMP link" for n in app.notifications)
        await pilot.press("k")  # Beta has none
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        assert opened == ["https://example.com/gamma.amp"]


async def test_a_star_is_shared_by_the_copies_of_a_story(graph_folder: Path) -> None:
    async with open_reader(graph_folder) as (app, pilot):
        await pilot.press("j")  # the Beta row stands for both copies
        await pilot.press("s")
        screen = app.main_screen
        beta_copies = [s for s in screen.catalog.by_id.values() if s.title.startswith("Beta story")]
        assert len(beta_copies) == 2 and all(s.story in screen.reading.starred for s in beta_copies)


async def test_an_html_body_is_shown_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_record(
        folder / "a.md",
        title="Sample",
        url="https://example.com/a",
        body="<p>First&nbsp;paragraph.</p><p>Second <b>[b]x[/b]</b>.</p>",
    )
    async with open_reader(folder) as (app, _pilot):
        text = app.main_screen.query_one(ArticleDetail).section("body-text")
        assert text == "First paragraph.\n\nSecond [b]x[/b]."
        assert not app.main_screen.query_one("#detail-body").display
