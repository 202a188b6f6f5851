"""Story keys, the rules for which links may be opened, and making a link safe for a shell."""

from __future__ import annotations

import pytest

from reader.core.urls import link_problem, shell_safe, story_key

# story_key -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/story",
        "http://example.com/news/story",
        "https://www.example.com/news/story",
        "HTTPS://WWW.EXAMPLE.COM/news/story",
        "https://example.com/news/story/",
        "https://example.com/news/story#comments",
        "https://example.com/news/story/#top",
        "https://example.com/news/story?utm_source=feed&utm_medium=rss",
        "https://example.com/news/story?ocid=BingNews",
        "https://example.com/news/story?OCID=x&UTM_Campaign=y",
        "https://example.com:443/news/story",
        "http://example.com:80/news/story",
        "  https://example.com/news/story  ",
        "//example.com/news/story",
    ],
)
def test_variants_of_one_address_share_a_key(url):
    assert story_key(url) == "example.com/news/story"


def test_path_case_and_other_query_parameters_matter():
    assert story_key("https://example.com/News/Story") != story_key("https://example.com/news/story")
    assert story_key("https://example.com/s?id=1") == "example.com/s?id=1"
    assert story_key("https://example.com/s?id=1") != story_key("https://example.com/s?id=2")


def test_query_order_does_not_matter_and_tracking_is_dropped():
    assert story_key("https://example.com/s?b=2&utm_x=1&a=1&ocid=z") == "example.com/s?a=1&b=2"
    assert story_key("https://example.com/s?a=1&b=2") == "example.com/s?a=1&b=2"


def test_a_non_default_port_is_part_of_the_key():
    assert story_key("https://example.com:8443/s") == "example.com:8443/s"
    assert story_key("https://example.com:8443/s") != story_key("https://example.com/s")


def test_amp_cache_https_form_meets_the_publisher_amp_key():
    amp = "https://www.niagara-gazette.com/news/local_news/aegis/article_6349.amp.html"
    cdn = "https://www-niagara--gazette-com.cdn.ampproject.org/c/s/www.niagara-gazette.com/news/local_news/aegis/article_6349.amp.html"
    assert (
        story_key(cdn) == story_key(amp) == "niagara-gazette.com/news/local_news/aegis/article_6349.amp.html"
    )


def test_amp_cache_http_form_and_viewer_parameters():
    cdn = "https://example-com.cdn.ampproject.org/c/example.com/s.amp?amp_js_v=0.1&usqp=mq331AQ"
    assert story_key(cdn) == "example.com/s.amp"


def test_amp_cache_without_a_publisher_path_is_left_as_it_is():
    assert story_key("https://x.cdn.ampproject.org/c/s/") == "x.cdn.ampproject.org/c/s"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "mailto:a@example.com",
        "news/story",
        "example.com/story",
        "http://[::1",
        "https://example.com:notaport/x",
        "https://",
    ],
)
def test_things_that_are_not_web_addresses_have_no_key(url):
    assert story_key(url) == ""


# link_problem --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/a/b?c=d#e",
        "HTTPS://EXAMPLE.COM/",
        "https://user@example.com:8080/x",
        "https://例え.jp/パス",
        "https://example.com/%24%28touch%20x%29",
    ],
)
def test_web_links_may_be_opened(url):
    assert link_problem(url) is None


@pytest.mark.parametrize(
    ("url", "piece"),
    [
        ("", "no link"),
        ("   ", "no link"),
        ("javascript:alert(1)", "not javascript:"),
        ("JavaScript:alert(1)", "not javascript:"),
        ("file:///etc/passwd", "not file:"),
        ("data:text/html,<script>alert(1)</script>", "not data:"),
        ("ftp://example.com/x", "not ftp:"),
        ("/relative/path", "relative"),
        ("example.com/story", "relative"),
        ("-x", "'-'"),
        ("--new-window=https://example.com", "'-'"),
        (" https://example.com", "spaces"),
        ("https://example.com/a b", "spaces"),
        ("https://example.com/\tx", "spaces"),
        ("https://example.com/\nx", "spaces"),
        ("https://example.com/\x1b]0;x\x07", "control characters"),
        ("https://example.com/\x9b31m", "control characters"),
        ("https://example.com/\x7f", "control characters"),
        ("https://example.com/\u202egnp.exe", "control characters"),
        ("https://example.com/\u200bx", "control characters"),
        ("https:///path-only", "no host"),
        ("https:example.com", "no host"),
        ("http://[::1/x", "not a valid address"),
    ],
)
def test_other_links_are_refused_with_a_reason(url, piece):
    problem = link_problem(url)
    assert problem is not None
    assert piece in problem


# shell_safe ----------------------------------------------------------------------------------------

SHELL_SPECIAL = set("$`;&|()<>\\\"' \n\t*[]{}!^")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/$(touch /tmp/x);",
        "https://example.com/`id`",
        "https://example.com/a;rm -rf ~",
        "https://example.com/?a=1&b=2|cat",
        "https://example.com/'quoted'\"double\"",
        "https://example.com/with space\nand newline\ttab",
        "https://example.com/*[x]{y}!z<in>out\\back^caret",
        "https://example.com/${HOME}",
    ],
)
def test_shell_safe_leaves_nothing_a_shell_interprets(url):
    safe = shell_safe(url)
    assert safe.startswith("https://example.com/")
    assert not SHELL_SPECIAL & set(safe), safe
    assert safe.isascii()


def test_shell_safe_keeps_an_ordinary_link_as_it_is():
    url = "https://example.com/a/b-c_d.e~f?g=h+i,j%20k#frag"
    assert shell_safe(url) == url


def test_shell_safe_encodes_and_does_not_double_encode():
    assert shell_safe("https://example.com/$(x)") == "https://example.com/%24%28x%29"
    assert shell_safe("https://example.com/%24") == "https://example.com/%24"
    assert shell_safe("https://例え.jp/パス") == "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"
    assert shell_safe("https://u@例え.JP:8080/") == "https://u@xn--r8jz45g.JP:8080/"
