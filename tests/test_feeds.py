"""Feeds in every format become records of the seed format, named safely and updated in place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import frontmatter
import pytest

from reader.core.feeds.model import Entry, Feed, FeedError
from reader.core.feeds.opml import Outline, read_opml, write_opml
from reader.core.feeds.parse import parse_feed
from reader.core.feeds.records import file_name
from reader.core.feeds.store import write_feed
from reader.core.parse import read_file
from tests import feed_files

FETCHED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def _records(folder: Path) -> list[frontmatter.Post]:
    return [frontmatter.load(path) for path in sorted(folder.glob("*.md"))]


def _import(tmp_path: Path, data: str | bytes, url: str = "https://feeds.example/feed") -> list:
    feed = parse_feed(data.encode() if isinstance(data, str) else data)
    write_feed(feed, url, tmp_path / "out", FETCHED)
    return _records(tmp_path / "out")


def test_rss2_becomes_records_of_the_seed_format(tmp_path: Path) -> None:
    first, second = _import(tmp_path, feed_files.RSS2)
    assert first["title"] == "AT&T [red]x[/red] $title <notatag> 5 < 6"
    assert first["publishedDateTime"] == "2020-01-05T16:43:53Z"
    assert first["sourceUrl"] == "https://cafe.example/a"
    assert first["provider"] == {"name": "Café & Co", "domain": "cafe.example"}
    assert first["topics"] == ["AI", "Policy"]
    assert first["images"] == [
        {"url": "https://cafe.example/t.jpg", "width": 120, "height": 80},
        {"url": "https://cafe.example/a.jpg"},
    ]
    assert (first["type"], first["category"]) == ("article", "news")
    assert first["excerpt"] == "Hello world"
    assert "<script>" not in first.content and "<p>Hello world</p>" in first.content
    assert second["title"] == "Second & last"
    assert list(first.metadata)[:3] == ["category", "title", "excerpt"]


def test_the_reader_itself_reads_the_records_it_wrote(tmp_path: Path) -> None:
    _import(tmp_path, feed_files.RSS2)
    for path in (tmp_path / "out").glob("*.md"):
        result = read_file(str(path))
        assert result.record is not None, result.problems
        assert result.record.title


def test_rss1_atom_and_json_feed(tmp_path: Path) -> None:
    (rdf,) = _import(tmp_path / "rdf", feed_files.RSS1)
    assert (rdf["title"], rdf["publishedDateTime"], rdf["topics"]) == (
        "Resource one",
        "2021-03-04T05:06:07Z",
        ["Science"],
    )
    (atom,) = _import(tmp_path / "atom", feed_files.ATOM)
    assert atom["title"] == "Big <news> & more"
    assert atom.content == "<p>The <em>whole</em> story.</p>"
    assert atom["excerpt"] == "Short."
    json_records = _import(tmp_path / "json", feed_files.JSON_FEED)
    assert len(json_records) == 2  # the item with nothing but wrong types, and the string, are dropped
    by_title = {post["title"]: post for post in json_records}
    rich = by_title["[b]Not bold[/b] & <i>not italic</i>"]
    assert rich["publishedDateTime"] == "2023-05-06T05:08:09Z"
    assert rich["topics"] == ["Robots"]
    assert rich["images"] == [{"url": "https://json.example/1.png"}]
    assert by_title["Only text, no title"]["publishedDateTime"] == "2024-01-02T03:04:05Z"


def test_a_non_utf8_feed_is_decoded_by_its_declaration(tmp_path: Path) -> None:
    (post,) = _import(tmp_path, feed_files.LATIN1)
    assert post["title"] == "Déjà vu"
    assert post["provider"]["name"] == "Café Latin"


def test_entries_without_dates_or_links_get_the_fetch_time_and_no_source(tmp_path: Path) -> None:
    posts = _import(tmp_path, feed_files.NO_DATES_OR_LINKS)
    assert sorted(post["title"] for post in posts) == ["Only a description, no title at all.", "Only a title"]
    assert all(post["publishedDateTime"] == "2024-01-02T03:04:05Z" for post in posts)
    assert all("sourceUrl" not in post.metadata for post in posts)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (feed_files.BROKEN, "not a valid feed"),
        ("", "empty file"),
        ("<html><body>a web page</body></html>", "not"),
        ('{"version": "https://jsonfeed.org/version/1", "items": 3}', "needs an `items` list"),
        ('{"title": "no version"}', "not a JSON Feed"),
        ("{broken", "not valid JSON"),
    ],
)
def test_a_broken_feed_says_why(data: str, reason: str) -> None:
    with pytest.raises(FeedError, match=reason):
        parse_feed(data.encode())


def test_importing_again_updates_in_place_and_adds_no_copy(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    url = "https://feeds.example/feed"
    first = write_feed(parse_feed(feed_files.RSS2.encode()), url, folder, FETCHED)
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    names = sorted(p.name for p in folder.iterdir())
    again = write_feed(parse_feed(feed_files.RSS2.encode()), url, folder, FETCHED)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    changed = feed_files.RSS2.replace("Plain text summary.", "A corrected summary.")
    later = write_feed(parse_feed(changed.encode()), url, folder, datetime.now(UTC))
    assert (later.new, later.updated, later.unchanged) == (0, 1, 1)
    assert sorted(p.name for p in folder.iterdir()) == names
    assert "A corrected summary." in {post.get("excerpt") for post in _records(folder)}


def test_an_undated_entry_keeps_its_first_date_when_fetched_again(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    feed = parse_feed(feed_files.NO_DATES_OR_LINKS.encode())
    write_feed(feed, "https://bare.example/", folder, FETCHED)
    again = write_feed(feed, "https://bare.example/", folder, datetime(2025, 1, 1, tzinfo=UTC))
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


def test_the_same_guid_in_two_feeds_is_two_records(tmp_path: Path) -> None:
    feed = parse_feed(feed_files.RSS2.encode())
    write_feed(feed, "https://one.example/feed", tmp_path, FETCHED)
    write_feed(feed, "https://two.example/feed", tmp_path, FETCHED)
    assert len(list(tmp_path.glob("*.md"))) == 4


@pytest.mark.parametrize(
    "title",
    ["../../etc/passwd", "a\x00b/c\\d", "x" * 300, "CON", "nul", "", "日本語のニュース", "..", "-- .md --"],
)
def test_file_names_cannot_escape_the_folder(tmp_path: Path, title: str) -> None:
    entry = Entry(title=title, link="https://x.example/")
    name = file_name(entry, FETCHED, "id")
    assert name.startswith("2024-01-02-") and name.endswith(".md")
    assert "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name
    assert len(name) <= 90
    stem = name.removeprefix("2024-01-02-").split("-")[0]
    assert stem.lower() not in {"con", "nul", "prn", "aux"}
    feed = Feed(title="T", entries=[entry])
    write_feed(feed, "https://x.example/feed", tmp_path / "out", FETCHED)
    (written,) = (tmp_path / "out").iterdir()
    assert written.parent == tmp_path / "out"
    assert frontmatter.load(written)["title"] == (
        " ".join(title.replace("\x00", "").split()) or "https://x.example/"
    )


def test_control_characters_never_reach_a_record(tmp_path: Path) -> None:
    feed = Feed(
        title="Evil\x1b]0;pwned\x07 feed",
        entries=[Entry(id="1", title="Title \x1b[31mred\u202e", summary="sum\x9b", content="body\x1b")],
    )
    write_feed(feed, "https://evil.example/", tmp_path, FETCHED)
    (path,) = tmp_path.glob("*.md")
    text = path.read_text()
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x9b" not in text


def test_opml_round_trip_with_hostile_titles(tmp_path: Path) -> None:
    outlines = [
        Outline("https://a.example/feed?x=1&y=2", 'A "quoted" <title> & \x01more'),
        Outline("https://b/"),
    ]
    text = write_opml(outlines)
    read = read_opml(text.encode())
    assert [o.url for o in read] == ["https://a.example/feed?x=1&y=2", "https://b/"]
    assert read[0].title == 'A "quoted" <title> & more'
    assert read[1].title == "https://b/"


def test_opml_lists_each_feed_once_from_nested_outlines() -> None:
    text = feed_files.OPML.format(rss="https://r.example/rss", atom="https://a.example/atom")
    assert read_opml(text.encode()) == [
        Outline("https://r.example/rss", "Café"),
        Outline("https://a.example/atom", "Atom"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        "<opml><body><outline",
        "<notopml/>",
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>',
    ],
)
def test_a_bad_opml_says_why(data: str) -> None:
    with pytest.raises(FeedError):
        read_opml(data.encode())


def test_categories_of_a_feed_read_loosely_keep_their_ampersands(tmp_path: Path) -> None:
    # A blank line before the XML declaration makes feedparser fall back to its loose parser,
    # which leaves entities escaped in categories (seen in a real podcast feed).
    loose = "\n" + feed_files.RSS2.replace(
        "<category>AI</category>", "<category>Arts &#38; Culture</category>"
    )
    first, _ = _import(tmp_path, loose)
    assert first["topics"] == ["Arts & Culture", "Policy"]
    assert first["title"] == "AT&T [red]x[/red] $title <notatag> 5 < 6"
