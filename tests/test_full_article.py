"""Pilot tests of `R` (the full article), the numbered body links and `L`, against a local web server."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest

from reader.app import ReaderApp
from reader.core.config import Config
from reader.screens import article_actions
from reader.screens.link_picker_screen import LinkPickerScreen
from reader.widgets import lead_image
from reader.widgets.article_detail import ArticleDetail
from reader.widgets.lead_image import LeadImage
from tests.pilot import ObservedApp, observed_app, settle
from tests.records import write_record
from tests.web_server import web_server

SIZE = (160, 48)


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    with web_server() as base:
        yield base


def make_app(folder: Path, config: Config | None = None) -> ObservedApp:
    return observed_app(folder, config=config)


def shown(app: ReaderApp, section: str) -> str:
    return app.main_screen.query_one(ArticleDetail).section(section)


async def wait_for(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    for _ in range(400):
        await settle(pilot)
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never held")


def one_record(tmp_path: Path, url: str, body: str = "") -> Path:
    folder = tmp_path / "records"
    write_record(folder / "a.md", title="Robots story", date="2020-01-05T10:00:00Z", url=url, body=body)
    return folder


async def test_r_shows_the_article_without_boilerplate_and_goes_back(site, tmp_path) -> None:
    app = make_app(one_record(tmp_path, f"{site}/article"))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        await settle(pilot)
        await pilot.press("R")
        detail = app.main_screen.query_one(ArticleDetail)
        await wait_for(pilot, lambda: detail.border_title == "Story · full article")
        text = shown(app, "body-text")
        assert "taught a small robot to read printed newspapers" in text
        assert "Subscribe" not in text and "Copyright footer" not in text and "World news menu" not in text
        assert "[b]not markup[/b]" in text
        assert "Full article from the source page · fetched" in shown(app, "meta")
        assert f"Page: {site}/article" in shown(app, "source")
        await pilot.press("escape")
        await settle(pilot)
        assert shown(app, "title") == "Robots story"
        assert shown(app, "body-text") == ""
        await pilot.press("R")  # the second time is from the cache
        await wait_for(pilot, lambda: detail.border_title == "Story · full article")
        await pilot.press("R")
        await settle(pilot)
        assert detail.border_title == "Story" and shown(app, "title") == "Robots story"


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("/missing", "No full article: HTTP 404 Not Found"),
        ("/huge", "No full article: larger than the 5.0 MB limit (5.7 MB)"),
        ("/hop/8", "No full article: more than 5 redirects"),
    ],
)
async def test_a_failure_is_one_line_and_the_record_stays(site, tmp_path, path, line) -> None:
    app = make_app(one_record(tmp_path, f"{site}{path}"))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await wait_for(pilot, lambda: any("No full article" in n.message for n in app.notifications))
        messages = [n.message for n in app.notifications if "No full article" in n.message]
        assert messages == [line]
        assert shown(app, "title") == "Robots story"
        assert app.main_screen.query_one(ArticleDetail).border_title == "Story"


async def test_auto_fetches_a_story_without_a_body_once_rested(site, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(article_actions, "AUTO_FETCH_SECONDS", 0.05)
    app = make_app(one_record(tmp_path, f"{site}/article"), Config(full_article="auto"))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        await settle(pilot)
        detail = app.main_screen.query_one(ArticleDetail)
        await wait_for(pilot, lambda: detail.border_title == "Story · full article")
        assert "robot" in shown(app, "body-text")


BODY = (
    "See [the paper](https://example.org/paper) and [evil](javascript:alert(1)), "
    "[a file](file:///etc/passwd), <https://example.net/auto> and https://example.com/bare.\n\n"
    "Again [the paper](https://example.org/paper)."
)


async def test_body_links_are_numbered_listed_and_picked(tmp_path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = make_app(one_record(tmp_path, "https://example.com/robots", body=BODY))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        await settle(pilot)
        detail = app.main_screen.query_one(ArticleDetail)
        wanted = ["https://example.org/paper", "https://example.net/auto", "https://example.com/bare"]
        assert detail.links == wanted
        assert shown(app, "links").splitlines() == [f"[{n}] {url}" for n, url in enumerate(wanted, 1)]
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LinkPickerScreen)
        await pilot.press("j", "y")
        await settle(pilot)
        assert app.clipboard == "https://example.net/auto"
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert opened == ["https://example.org/paper"]


async def test_links_in_an_html_body_are_kept_and_numbered(tmp_path) -> None:
    body = '<p>Read <a href="https://example.org/one">one</a> or <a href="javascript:x()">not this</a>.</p>'
    app = make_app(one_record(tmp_path, "https://example.com/robots", body=body))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        await settle(pilot)
        assert "Read one [1] or not this." in shown(app, "body-text")
        assert app.main_screen.query_one(ArticleDetail).links == ["https://example.org/one"]


def with_image(tmp_path: Path, url: str) -> Path:
    folder = tmp_path / "records"
    write_record(
        folder / "a.md",
        title="Pictured story",
        date="2020-01-05T10:00:00Z",
        url="https://example.com/pictured",
        images=[{"url": url, "width": 8, "height": 6, "title": "A red square"}],
    )
    return folder


async def test_the_lead_image_is_drawn(site, tmp_path) -> None:
    app = make_app(with_image(tmp_path, f"{site}/image.png"))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        lead = app.main_screen.query_one(LeadImage)
        await wait_for(pilot, lambda: lead.drawn)
        assert lead.note == ""
        assert lead.query_one("#lead-picture").size.height > 0


async def test_stories_passed_over_ask_for_no_picture(site, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(lead_image, "FETCH_AFTER_SECONDS", 3600)  # no story is shown long enough
    folder = tmp_path / "records"
    for n in range(3):
        write_record(
            folder / f"{n}.md",
            title=f"Pictured story {n}",
            date=f"2020-01-0{n + 1}T10:00:00Z",
            url=f"https://example.com/pictured/{n}",
            images=[{"url": f"{site}/image.png?story={n}", "width": 8, "height": 6, "title": "A square"}],
        )
    app = make_app(folder)
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        lead = app.main_screen.query_one(LeadImage)
        assert lead.url == f"{site}/image.png?story=0"  # the oldest, last in the list
        assert lead.note == "Loading the image…"
    assert site.hits == []


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("/broken.png", "Image not shown: not an image the reader can decode"),
        ("/bomb.png", "Image not shown: the image is too large to decode"),
        ("/gone.png", "Image not shown: HTTP 404 Not Found"),
    ],
)
async def test_a_broken_image_is_one_line(site, tmp_path, path, line) -> None:
    app = make_app(with_image(tmp_path, f"{site}{path}"))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        lead = app.main_screen.query_one(LeadImage)
        await wait_for(pilot, lambda: lead.note.startswith("Image not shown"))
        assert lead.note == line and not lead.drawn


async def test_images_off_means_no_request_for_them(site, tmp_path) -> None:
    app = make_app(with_image(tmp_path, f"{site}/image.png"), Config(images=False))
    async with app.run_test(size=SIZE, message_hook=app.posted.append) as pilot:
        await settle(pilot)
        lead = app.main_screen.query_one(LeadImage)
        assert not lead.display and not lead.drawn
        assert "A red square" in shown(app, "images")  # still listed
    assert site.hits == []
