"""Pilot tests of the daily loop's trust: read marks that mean "read", thread-wide actions with undo,
only-unread, next-unread across topics, the mouse, the story pane's keys, and keys typed while loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from reader.app import ReaderApp
from reader.core.config import Config, load_config
from reader.core.listing import STARRED
from reader.screens.confirm_screen import ConfirmScreen
from reader.screens.help_screen import HelpScreen
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.article_list import ArticleList
from reader.widgets.query_bar import QueryBar
from reader.widgets.status_line import StatusLine
from reader.widgets.topic_sidebar import TopicSidebar
from tests.pilot import observed_app, open_reader, running, settle
from tests.records import write_record

SIZE = (160, 48)


def shown_title(app: ReaderApp) -> str:
    return app.main_screen.query_one(ArticleDetail).section("title")


def cursor_story(app: ReaderApp) -> str:
    screen = app.main_screen
    return screen.catalog.get(screen.query_one(ArticleList).record_id).story


async def wait_until(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds (a timer of the app's own must fire first)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the condition never held")


@pytest.fixture
def topics_folder(tmp_path: Path) -> Path:
    """Two topics; a thread of two (they list each other) and a copy of one story."""
    folder = tmp_path / "records"
    write_record(
        folder / "a.md",
        title="Alpha",
        date="2020-01-05T10:00:00Z",
        url="https://example.com/a",
        topics=["One"],
        related=[{"title": "Beta", "sourceUrl": "https://example.com/b"}],
    )
    write_record(
        folder / "b.md",
        title="Beta",
        date="2020-01-04T10:00:00Z",
        url="https://example.com/b",
        topics=["One"],
        related=[{"title": "Alpha", "sourceUrl": "https://example.com/a"}],
    )
    write_record(
        folder / "b2.md",
        title="Beta copy",
        date="2020-01-04T09:00:00Z",
        url="https://example.com/b?ocid=x",
        topics=["One"],
    )
    write_record(
        folder / "c.md",
        title="Gamma",
        date="2020-01-03T10:00:00Z",
        url="https://example.com/c",
        topics=["Two"],
    )
    write_record(
        folder / "d.md",
        title="Delta",
        date="2020-01-02T10:00:00Z",
        url="https://example.com/d",
        topics=["Two"],
    )
    return folder


# -- read marks ----------------------------------------------------------------------------------


async def test_starting_and_passing_over_stories_marks_nothing_read(topics_folder: Path) -> None:
    async with open_reader(topics_folder, config=Config(mark_read_after=1.0)) as (app, pilot):
        reading = app.main_screen.reading
        assert reading.read == set()  # the story shown at start is not read
        await pilot.press("j", "j", "k")
        assert reading.read == set()  # passing over stories is not reading them
        rested = cursor_story(app)
        await wait_until(pilot, lambda: rested in reading.read)
        assert reading.read == {rested}  # resting on one is
        assert app.store.is_read(rested)


async def test_a_story_left_before_the_delay_stays_unread(topics_folder: Path) -> None:
    # A delay no test run reaches: what is waiting to be marked is observed, not the clock.
    async with open_reader(topics_folder, config=Config(mark_read_after=600)) as (app, pilot):
        screen = app.main_screen
        assert screen.pending_read is None  # the story shown at start is not waiting to be read
        await pilot.press("j")
        await settle(pilot)
        left = cursor_story(app)
        assert screen.pending_read == left
        await pilot.press("j")
        await settle(pilot)
        assert screen.pending_read == cursor_story(app) != left  # the first one's mark is cancelled
        await pilot.press("slash", *"gamma")
        await settle(pilot)
        assert screen.pending_read is None  # a search showing a story is not choosing it
        assert screen.reading.read == set()


async def test_search_and_sidebar_refills_mark_nothing_read(topics_folder: Path) -> None:
    async with open_reader(topics_folder, config=Config(mark_read_after=0)) as (app, pilot):
        await pilot.press("slash", *"gamma")
        await settle(pilot)
        assert shown_title(app) == "Gamma"
        app.main_screen.query_one(TopicSidebar).focus()
        await pilot.press("escape")
        app.main_screen.query_one(TopicSidebar).focus()
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert app.main_screen.reading.read == set()


async def test_following_a_related_story_reads_the_one_left(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):  # the default: read after 2 s of rest
        alpha = cursor_story(app)
        await pilot.press("1")
        await settle(pilot)
        assert shown_title(app).startswith("Beta")  # the story or its copy
        assert app.main_screen.reading.read == {alpha}


async def test_only_by_hand_means_following_reads_nothing(topics_folder: Path) -> None:
    async with open_reader(topics_folder, config=Config(mark_read_after=None)) as (app, pilot):
        await pilot.press("1")
        await settle(pilot)
        assert app.main_screen.reading.read == set()
        await pilot.press("u")
        assert len(app.main_screen.reading.read) == 1


# -- thread-wide actions and undo ----------------------------------------------------------------


async def test_mark_all_read_with_threads_collapsed_reads_every_record(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question == "Mark 5 articles in All read?"
        keys = str(app.screen.query_one("#confirm-keys", Static).render())
        assert "y" in keys and "enter" in keys and "escape" in keys
        await pilot.press("enter")
        await settle(pilot)
        screen = app.main_screen
        stories = {screen.catalog.get(i).story for i in screen.catalog.by_id}
        assert stories <= screen.reading.read and screen.reading.unread_total == 0
        await pilot.press("n")
        assert "No unread articles left here" in [n.message for n in app.notifications]


async def test_star_on_a_collapsed_thread_says_how_many(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("s")  # Alpha's row stands for Alpha, Beta and Beta's copy: two stories
        said = "3 records starred (2 stories starred)"
        assert (
            said in [n.message for n in app.notifications]
            and said in app.main_screen.query_one(StatusLine).text
        )


async def test_z_undoes_changes_several_steps_deep_and_saves_them(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        first = cursor_story(app)
        await pilot.press("u", "s", "A", "y")
        await settle(pilot)
        assert app.main_screen.reading.unread_total == 0
        await pilot.press("z")  # the mark-all
        assert app.main_screen.reading.read == {first}
        await pilot.press("z")  # the star
        assert not app.store.is_starred(first)
        await pilot.press("z")  # the first read mark
        assert app.main_screen.reading.read == set() and not app.store.is_read(first)
        await pilot.press("z")
        assert [n.message for n in app.notifications][-1] == "Nothing to undo"


async def test_only_unread_is_shown_in_the_title_and_remembered(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        await pilot.press("u", "U")
        await settle(pilot)
        article_list = app.main_screen.query_one(ArticleList)
        assert "unread only" in article_list.border_title
        assert len(article_list.ids) == 3  # Alpha's row is read; Beta (with its copy), Gamma, Delta
    assert load_config()[0].only_unread  # saved in the config file, like the theme
    async with open_reader(topics_folder, config=load_config()[0]) as (again, _pilot):
        assert "unread only" in again.main_screen.query_one(ArticleList).border_title


async def test_next_unread_goes_on_to_the_next_topic(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        app.main_screen.post_message(__import__("reader.messages").messages.GoToTopic("One"))
        await settle(pilot)
        await pilot.press("n")  # Alpha -> Beta, the last of One
        await settle(pilot)
        assert shown_title(app) in ("Beta", "Beta copy")
        await pilot.press("n")
        await settle(pilot)
        assert app.main_screen.filter.topic == "Two" and shown_title(app) == "Gamma"
        assert any("on to Two" in message for message in [n.message for n in app.notifications])


# -- mouse, keys, terminal -----------------------------------------------------------------------


async def test_a_click_selects_the_row_clicked(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        article_list = app.main_screen.query_one(ArticleList)
        # Row 2 of the list is the third line inside its border.
        await pilot.click(ArticleList, offset=(5, 3))
        await settle(pilot)
        assert article_list.cursor == 2 and shown_title(app) == "Gamma"


async def test_a_click_on_a_related_story_follows_it(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        await pilot.click("#related", offset=(5, 0))
        await settle(pilot)
        assert shown_title(app).startswith("Beta")


async def test_j_and_k_scroll_the_story_when_it_has_focus(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    write_record(
        folder / "long.md",
        title="Long",
        date="2020-01-01T00:00:00Z",
        body="\n\n".join(f"Paragraph {n}." for n in range(200)),
    )
    async with open_reader(folder) as (app, pilot):
        await pilot.press("enter")
        detail = app.main_screen.query_one(ArticleDetail)
        assert app.focused is detail
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert detail.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert detail.scroll_y == 2


async def test_a_search_with_no_results_empties_the_story_pane(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        await pilot.press("slash", *"nothingmatchesthis")
        await settle(pilot)
        assert shown_title(app) == "No matches"
        assert app.main_screen.query_one(ArticleList).ids == []


async def test_keys_typed_right_after_slash_go_into_the_box_while_loading(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    for n in range(600):
        write_record(folder / f"{n:04}.md", title=f"Story {n}", date="2020-01-01T00:00:00Z", topics=["T"])
    async with running(observed_app(folder), wait=False) as (app, pilot):
        # No settling, and no waiting between keys: the burst arrives as a terminal delivers one,
        # all at once, while the records stream in.
        text = 'title:"story 1/2"'
        app.post_message(events.Key("slash", "/"))
        for char in text:
            app.post_message(events.Key(char, char))
        await pilot.pause()
        box = app.main_screen.query_one(QueryBar).query_one(Input)
        assert box.value == text
        assert app.screen is app.main_screen  # `t` did not open the timeline
        await settle(pilot)


async def test_starred_view_follows_stars(topics_folder: Path) -> None:
    async with open_reader(topics_folder) as (app, pilot):
        await pilot.press("s")
        app.main_screen.query_one(TopicSidebar).choose(STARRED)
        await settle(pilot)
        assert len(app.main_screen.query_one(ArticleList).ids) == 1


# -- help and palette ----------------------------------------------------------------------------


async def test_help_lists_every_key_by_where_it_works(topics_folder: Path) -> None:
    async with open_reader(topics_folder, config=Config(keys={"open_source": "w"})) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {(where, b.key, b.description) for where, bindings in app.screen.sections for b in bindings}
        assert ("Anywhere", "w", "Open") in rows
        assert ("Anywhere", "tab", "Next pane") in rows
        assert ("Article list", "enter", "Read the story (focus the story pane)") in rows
        assert ("Search box", "escape", "Clear search") in rows
        assert any(where.startswith("Timeline") and key == "enter" for where, key, _ in rows)
        assert ("Questions", "y,enter", "Yes") in rows
        assert not any(where == "Reading" for where, _, _ in rows)


async def test_palette_shows_the_key_bound_after_a_remap(topics_folder: Path) -> None:
    async with open_reader(topics_folder, config=Config(keys={"open_link": "w"})) as (
        app,
        _pilot,
    ):  # the id older configs use
        commands = {c.title: c.help for c in app.get_system_commands(app.main_screen)}
        assert commands["Open the source link"].endswith("(w)")


# -- browsers in the terminal, and loading you can read ------------------------------------------


async def test_a_text_mode_browser_runs_with_the_app_suspended(
    topics_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib
    import subprocess
    import webbrowser

    events: list[object] = []
    monkeypatch.setenv("BROWSER", "lynx -accept_all_cookies")
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: events.append("webbrowser") or True)

    def run(argv: object, check: bool = False) -> subprocess.CompletedProcess:
        events.append(("run", tuple(argv), suspended[0]))  # type: ignore[arg-type]
        return subprocess.CompletedProcess(argv, 0)

    monkeypatch.setattr(subprocess, "run", run)
    suspended = [False]
    app = observed_app(topics_folder)

    @contextlib.contextmanager
    def suspend():  # type: ignore[no-untyped-def]
        suspended[0] = True
        yield
        suspended[0] = False

    monkeypatch.setattr(app, "suspend", suspend)
    async with running(app) as (_app, pilot):
        await pilot.press("o")
        await settle(pilot)
    # In the foreground with the terminal handed over, the URL as one argument, exactly as copied.
    assert events == [("run", ("lynx", "-accept_all_cookies", "https://example.com/a"), True)]


async def test_a_graphical_browser_is_started_from_a_worker(
    topics_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setenv("BROWSER", "firefox")
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    async with open_reader(topics_folder) as (app, pilot):
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert opened == ["https://example.com/a"]


async def test_loading_shows_the_real_total_from_the_first_step(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    for n in range(300):
        write_record(folder / f"{n:04}.md", title=f"Story {n}", date="2020-01-01T00:00:00Z")
    from reader.core.corpus import Corpus

    corpus = Corpus.open([str(folder)], tmp_path / "cache")
    steps = list(corpus.sync())
    assert all(step.to_parse == 300 and not step.scanning for step in steps)
    assert steps[-1].parsed == 300


async def test_rows_keep_thirty_characters_of_title_at_80_columns(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    title = "A headline long enough to be cut somewhere in a narrow terminal window"
    write_record(folder / "a.md", title=title, date="2020-01-01T00:00:00Z", provider="Some Provider")
    async with open_reader(folder, size=(80, 24)) as (app, pilot):
        assert not app.main_screen.query_one(TopicSidebar).display  # narrow: the sidebar gives way
        row = "".join(s.text for s in app.main_screen.query_one(ArticleList).render_line(0))
        assert title[:30] in row
        await pilot.press("b")
        assert app.main_screen.query_one(TopicSidebar).display  # and `b` brings it back


def _chain_folder(tmp_path: Path) -> Path:
    """Three stories, newest first A, B, C; each lists a related story of its own (not in the folder)."""
    folder = tmp_path / "chain"
    for n, name in enumerate("ABC"):
        write_record(
            folder / f"{name}.md",
            title=f"Story {name}",
            date=f"2020-01-0{9 - n}T00:00:00Z",
            url=f"https://example.com/{name}",
            related=[{"title": f"Related to {name}", "sourceUrl": f"https://elsewhere.example/{name}"}],
        )
    return folder


@pytest.mark.parametrize("key", ["1", "r"])
async def test_a_key_typed_in_a_burst_after_moves_acts_on_the_story_under_the_cursor(
    tmp_path: Path, key: str
) -> None:
    async with open_reader(_chain_folder(tmp_path), size=SIZE) as (app, pilot):
        assert shown_title(app) == "Story A"
        # All at once, as a terminal delivers `j j 1`: the 1 arrives before the cursor has rested.
        for name in ("j", "j", key):
            app.post_message(events.Key(name, name))
        await settle(pilot)
        if key == "r":
            await pilot.press("enter")
            await settle(pilot)
        assert shown_title(app) == "Related to C"
