"""The full article: fetched from a local server, without boilerplate, cached, each failure one line."""

from __future__ import annotations

import pytest

from reader.core.article import ArticleError, cached_article, load_article
from reader.core.http import FetchError, fetch
from tests.web_server import web_server

STORY = "example.com/robots"


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    with web_server() as base:
        yield base


def test_the_article_text_comes_without_navigation_or_footer(site, tmp_path) -> None:
    article = load_article(tmp_path, STORY, f"{site}/article")
    assert "taught a small robot to read printed newspapers" in article.text
    assert "forty words a minute" in article.text
    for boilerplate in ("Subscribe to our newsletter", "World news menu", "Copyright footer"):
        assert boilerplate not in article.text
    assert "\x1b" not in article.text and "\x07" not in article.text
    assert "[b]not markup[/b]" in article.text  # text, kept as written
    assert "this week.\n\nThe researchers say" in article.text  # paragraphs stay apart
    assert article.url == f"{site}/article"


def test_a_second_load_is_from_the_cache_and_needs_no_network(site, tmp_path) -> None:
    first = load_article(tmp_path, STORY, f"{site}/article")
    again = load_article(tmp_path, STORY, "http://127.0.0.1:9/nothing-listens-here")
    assert again == first
    assert cached_article(tmp_path, "another/story") is None


def test_a_redirect_chain_is_followed_to_the_article(site, tmp_path) -> None:
    article = load_article(tmp_path, STORY, f"{site}/hop/3")
    assert article.url == f"{site}/article"
    assert "robot" in article.text


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404 Not Found"),
        ("/hop/9", "more than 5 redirects"),
        (
            "/to-file",
            "redirected: file:/etc/passwd is not an http or https address; only those are fetched",
        ),
        ("/huge", "larger than the 5.0 MB limit (5.7 MB)"),
        ("/data.json", "the page is not HTML but application/json"),
        ("/empty", "no article text could be found on the page"),
    ],
)
def test_each_failure_is_one_line(site, tmp_path, path, reason) -> None:
    with pytest.raises(ArticleError) as caught:
        load_article(tmp_path, STORY, f"{site}{path}")
    assert str(caught.value) == reason
    assert cached_article(tmp_path, STORY) is None


def test_a_slow_page_times_out(site, tmp_path) -> None:
    with pytest.raises(ArticleError, match=r"^timed out after 0.3 s$"):
        load_article(tmp_path, STORY, f"{site}/slow", timeout=0.3)


def test_only_web_addresses_are_fetched(tmp_path) -> None:
    for url in ("file:///etc/passwd", "javascript:alert(1)", ""):
        with pytest.raises(ArticleError, match=r"^no page to fetch"):
            load_article(tmp_path, STORY, url)
    with pytest.raises(FetchError, match="is not an http or https address"):
        fetch("ftp://example.com/x", max_bytes=10)


def test_nothing_listening_is_a_connection_failure(tmp_path) -> None:
    with pytest.raises(FetchError, match=r"^could not connect"):
        fetch("http://127.0.0.1:9/", max_bytes=10, timeout=2)
