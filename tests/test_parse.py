"""The parser: the real seed record field by field, coercions of messy values, and hostile text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from reader.core import yaml_loader
from reader.core.model import Image, Provider, RelatedItem
from reader.core.parse import (
    MAX_BODY_CHARS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_FLOW_DEPTH,
    RECORD_SUFFIXES,
    is_record_file,
    parse_bytes,
    parse_time,
    read_file,
)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_6cf2a3010f9faec9.txt"
UTC = dt.UTC

# What clean_text must have removed from every string of a record.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]")


def load(front: str, body: str = "", path: str = "t.md"):
    """Parse a record made of `front` (YAML lines) and `body`."""
    return parse_bytes(path, f"---\n{front}\n---\n{body}".encode())


def record_of(front: str, body: str = ""):
    result = load(front, body)
    assert result.record is not None, result.problems
    return result.record


def reasons(result) -> list[str]:
    return [problem.reason for problem in result.problems]


# The real seed record ---------------------------------------------------------------------------


def test_seed_loads_without_problems():
    result = read_file(str(SEED))
    assert result.problems == ()
    assert result.record is not None
    assert result.record.path == str(SEED)


def test_seed_top_level_fields():
    record = read_file(str(SEED)).record
    assert record.title == "US announces AI software export restrictions for China"
    assert record.excerpt.startswith("some in the tech industry feared it would harm the field")
    assert record.excerpt.endswith("But the new export ban is extremely narrow.")
    assert record.published == dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)
    assert record.published.utcoffset() == dt.timedelta(0)
    assert record.source_url == (
        "https://www.msn.com/en-us/news/technology/us-announces-ai-software-export-restrictions-for-china/ar-BBYDsT1"
    )
    assert record.amp_url == ""
    assert record.cdn_amp_url == ""
    assert record.urls == (record.source_url,)
    assert record.category == "news"
    assert record.type == "article"
    assert record.quality == 39
    assert record.heat == -1
    assert record.published_flag is False
    assert record.provider == Provider(name="The Verge on MSN.com", domain="msn.com")
    assert record.topics == ("AI", "Facebook AI")
    assert record.body == ""
    assert record.body_truncated is False
    assert record.extra == {}


def test_seed_images():
    record = read_file(str(SEED)).record
    assert record.images == (
        Image(
            url="https://www.bing.com/th?id=ON.9F7FA5FF0D4FA7840538D8CB5C3AD22B",
            width=700,
            height=366,
            title="US announces AI software export restrictions for China",
        ),
    )


def test_seed_related_items():
    first, second = read_file(str(SEED)).record.related
    assert first == RelatedItem(
        title="Lockport launches Aegis software",
        excerpt=first.excerpt,
        published=dt.datetime(2020, 1, 2, 21, 17, tzinfo=UTC),
        source_url="https://www.niagara-gazette.com/news/local_news/lockport-launches-aegis-software/"
        "article_6349e1e6-2da3-11ea-aa5a-973b4a2d5967.html",
        amp_url="https://www.niagara-gazette.com/news/local_news/lockport-launches-aegis-software/"
        "article_6349e1e6-2da3-11ea-aa5a-973b4a2d5967.amp.html",
        cdn_amp_url="https://www-niagara--gazette-com.cdn.ampproject.org/c/s/www.niagara-gazette.com/news/"
        "local_news/lockport-launches-aegis-software/article_6349e1e6-2da3-11ea-aa5a-973b4a2d5967.amp.html",
        type="article",
        provider=Provider(name="Niagara Gazette", domain="niagara-gazette.com"),
        quality=44,
        images=(
            Image(
                url="https://www.bing.com/th?id=ON.D1E5FE15CA6D74427917172265DBD566", width=700, height=467
            ),
        ),
    )
    assert first.excerpt.startswith("The Lockport City School District announced the launch")
    assert first.excerpt.endswith('"I am pleased to report that the district has ...')
    assert first.urls == (first.source_url, first.amp_url, first.cdn_amp_url)
    assert second == RelatedItem(
        title="US announces AI software export restrictions",
        excerpt=second.excerpt,
        published=dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC),
        source_url="https://www.msn.com/en-us/news/technology/us-announces-ai-software-export-restrictions/ar-BBYDgGx",
        type="article",
        provider=Provider(name="The Verge on MSN.com", domain="msn.com"),
        quality=37,
        images=(
            Image(
                url="https://www.bing.com/th?id=ON.FC2C336E811149EF64B59D62A6B5D659", width=700, height=367
            ),
        ),
    )
    assert second.excerpt.startswith("The US will impose new restrictions on the export")
    assert second.amp_url == second.cdn_amp_url == ""


def test_seed_secured_is_kept_but_never_shown_in_repr():
    record = read_file(str(SEED)).record
    assert record.secured.startswith("8P9US9EKDTS5i61TVsIDAKn5I7R1XUlLnq14")
    assert record.secured.endswith(";Eh6Vc628oUMkn9pQPAQm2Q==")
    assert "8P9US9" not in repr(record)
    assert "secured" not in repr(record)


# Endings ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.md", "b.markdown", "c.txt", "UPPER.MD", "x.TXT"])
def test_record_endings(name):
    assert is_record_file(name)


@pytest.mark.parametrize("name", ["a.json", "b.md.bak", "c", "d.yaml", "md"])
def test_other_endings(name):
    assert not is_record_file(name)
    assert ".md" in RECORD_SUFFIXES


# Coercions ----------------------------------------------------------------------------------------


def test_topics_as_one_string():
    assert record_of("title: t\ntopics: AI").topics == ("AI",)


def test_topics_duplicates_and_blanks_dropped_and_numbers_kept():
    record = record_of("title: t\ntopics: [AI, ' AI ', '', 42, Policy]")
    assert record.topics == ("AI", "42", "Policy")


def test_topic_that_is_a_mapping_is_skipped_with_a_problem():
    result = load("title: t\ntopics: [AI, {a: b}]")
    assert result.record.topics == ("AI",)
    assert any("topic should be text" in reason for reason in reasons(result))


def test_number_as_title():
    assert record_of("title: 42").title == "42"


def test_title_whitespace_folded_to_one_line():
    assert record_of('title: "  two\\nlines\\tand  tabs "').title == "two lines and tabs"


def test_quality_as_string_and_heat_as_float():
    record = record_of("title: t\nquality: '39'\nheat: -1.0")
    assert record.quality == 39
    assert record.heat == -1


def test_quality_not_a_number_is_a_problem_with_its_line():
    result = load("title: t\nexcerpt: e\nquality: high")
    assert result.record.quality is None
    (problem,) = result.problems
    assert "'quality' should be a whole number" in problem.reason
    assert problem.line == 4


def test_fractional_heat_is_a_problem():
    result = load("title: t\nheat: 1.5")
    assert result.record.heat is None
    assert result.problems


def test_huge_number_stays_text_and_is_a_problem():
    result = load("title: t\nquality: " + "9" * 5000)
    assert result.record is not None
    assert result.record.quality is None
    assert "should be a whole number" in result.problems[0].reason


def test_base_60_number_is_not_computed():
    # YAML 1.1 reads 1:59:59 as a base-60 number; a megabyte of it would take minutes to compute.
    result = load("title: t\nextra: 1" + ":59" * 20_000)
    assert result.record is not None
    assert result.record.extra["extra"].startswith("1:59:59")


def test_provider_as_plain_string():
    assert record_of("title: t\nprovider: The Verge").provider == Provider(name="The Verge")


def test_provider_as_list_is_a_problem():
    result = load("title: t\nprovider: [a, b]")
    assert result.record.provider == Provider()
    assert any("'provider' should be a mapping" in reason for reason in reasons(result))


def test_related_as_a_single_mapping():
    record = record_of("title: t\nrelated:\n  title: Other\n  sourceUrl: https://example.com/o")
    assert record.related == (RelatedItem(title="Other", source_url="https://example.com/o"),)


def test_related_items_that_are_not_mappings_are_skipped():
    result = load("title: t\nrelated: [just text, {title: Kept}]")
    assert [item.title for item in result.record.related] == ["Kept"]
    assert any("not mappings" in reason for reason in reasons(result))


def test_related_problem_names_the_line_of_the_item_key():
    result = load("title: t\nrelated:\n  - title: A\n    publishedDateTime: soon\n  - title: B")
    (problem,) = result.problems
    assert "related 'publishedDateTime'" in problem.reason
    assert problem.line == 5


def test_image_as_plain_url_and_bad_sizes():
    record = record_of("title: t\nimages:\n  - https://example.com/a.png\n  - {url: b.png, width: wide}")
    assert record.images == (Image(url="https://example.com/a.png"), Image(url="b.png"))


def test_published_flag_as_text():
    assert record_of("title: t\npublished: 'true'").published_flag is True
    result = load("title: t\npublished: maybe")
    assert result.record.published_flag is None
    assert result.problems


def test_v2_keys_map_to_source_amp_and_cdn():
    record = record_of(
        "title: t\noriginalUrl: https://a.example/x\nwebUrl: https://b.example/x\n"
        "ampWebUrl: https://a.example/x.amp\ncdnAmpWebUrl: https://a-example.cdn.ampproject.org/c/s/a.example/x.amp\n"
        "related:\n  - title: r\n    originalUrl: https://c.example/y\n    ampWebUrl: https://c.example/y.amp\n"
        "    cdnAmpWebUrl: https://c-example.cdn.ampproject.org/c/s/c.example/y.amp"
    )
    assert record.source_url == "https://a.example/x"
    assert record.amp_url == "https://a.example/x.amp"
    assert record.cdn_amp_url == "https://a-example.cdn.ampproject.org/c/s/a.example/x.amp"
    (item,) = record.related
    assert item.urls == (
        "https://c.example/y",
        "https://c.example/y.amp",
        "https://c-example.cdn.ampproject.org/c/s/c.example/y.amp",
    )


def test_source_url_wins_over_original_url():
    record = record_of("title: t\nsourceUrl: https://s.example/\noriginalUrl: https://o.example/")
    assert record.source_url == "https://s.example/"


def test_unknown_keys_are_kept_in_extra():
    record = record_of("title: t\nauthors: [{name: Ann}]\nisCached: true\nscore: 1.5\n7: seven")
    assert record.extra == {"authors": [{"name": "Ann"}], "isCached": True, "score": 1.5}
    assert "authors" not in repr(record)


def test_extra_strings_are_cleaned_too():
    record = record_of('title: t\nnote: "a\\e[31mb"\nlist: ["\\u202ec"]')
    assert record.extra == {"note": "a[31mb", "list": ["c"]}


# Dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-01-05T17:43:53Z", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("'2020-01-05T17:43:53Z'", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("2020-01-05T17:43:53", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("'2020-01-05T17:43:53'", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("2020-01-05 17:43:53", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("2020-01-05T19:43:53+02:00", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("'2020-01-05T19:43:53.250+02:00'", dt.datetime(2020, 1, 5, 17, 43, 53, 250_000, tzinfo=UTC)),
        ("2020-01-05", dt.datetime(2020, 1, 5, tzinfo=UTC)),
        ("'2020-01-05 17:43'", dt.datetime(2020, 1, 5, 17, 43, tzinfo=UTC)),
        ("'Sun, 05 Jan 2020 17:43:53 GMT'", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("'Sun, 05 Jan 2020 18:43:53 +0100'", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("'2020/01/05 17:43:53'", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
        ("'2020/01/05'", dt.datetime(2020, 1, 5, tzinfo=UTC)),
        ("'05.01.2020'", dt.datetime(2020, 1, 5, tzinfo=UTC)),
        ("1578246233", dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)),
    ],
)
def test_date_formats_are_aware_utc(raw, expected):
    published = record_of(f"title: t\npublishedDateTime: {raw}").published
    assert published == expected
    assert published.tzinfo == UTC


@pytest.mark.parametrize(
    "raw",
    ["not a date", "'2020-13-45'", "2020-13-45", "2020-01-05T25:61:00Z", "99999-01-01", "[2020]", "yes"],
)
def test_non_date_is_a_problem_not_a_failure(raw):
    result = load(f"title: t\npublishedDateTime: {raw}")
    assert result.record is not None
    assert result.record.published is None
    (problem,) = result.problems
    assert "'publishedDateTime' is not a date and time" in problem.reason
    assert problem.line == 3


def test_parse_time_directly():
    assert parse_time("2020-01-05T17:43:53Z") == dt.datetime(2020, 1, 5, 17, 43, 53, tzinfo=UTC)
    assert parse_time(dt.date(2020, 1, 5)) == dt.datetime(2020, 1, 5, tzinfo=UTC)
    assert parse_time(None) is None
    assert parse_time(True) is None
    assert parse_time("") is None
    assert parse_time("x" * 10_000) is None
    assert parse_time(1e300) is None
    assert parse_time("0001-01-01T00:00:00+05:00") is None  # before year 1 once in UTC


# Markup and escapes in every text field ------------------------------------------------------------

MARKUP = ["[b]x[/b]", "[@click=app.quit]", "[link=file:///etc/passwd]x[/link]", "$variable"]
ESCAPES = {
    "OSC 52": "\\e]52;c;ZXZpbA==\\a",
    "OSC 0": "\\e]0;pwned\\a",
    "CSI": "\\e[31m",
    "C1 CSI": "\\x9b31m",
    "bidi": "\\u202e",
    "bidi isolate": "\\u2066",
    "NUL": "\\0",
    "DEL": "\\x7f",
}


def hostile(label: str) -> str:
    """A YAML double-quoted value with every escape and every markup sample in it."""
    return '"' + label + "".join(ESCAPES.values()) + " " + " ".join(MARKUP) + '"'


def every_text_field(record) -> dict[str, str]:
    (item,) = record.related
    return {
        "title": record.title,
        "excerpt": record.excerpt,
        "provider name": record.provider.name,
        "topic": record.topics[0],
        "related title": item.title,
        "related excerpt": item.excerpt,
        "related provider": item.provider.name,
        "image title": record.images[0].title,
        "related image title": item.images[0].title,
        "category": record.category,
        "body": record.body,
    }


@pytest.fixture
def hostile_record():
    front = (
        f"title: {hostile('T')}\nexcerpt: {hostile('E')}\ncategory: {hostile('C')}\n"
        f"provider:\n  name: {hostile('P')}\n  domain: example.com\n"
        f"topics:\n  - {hostile('Topic')}\n"
        f"images:\n  - url: https://example.com/i.png\n    title: {hostile('I')}\n"
        f"related:\n  - title: {hostile('R')}\n    excerpt: {hostile('RE')}\n"
        f"    provider: {{name: {hostile('RP')}}}\n    images: [{{url: x.png, title: {hostile('RI')}}}]\n"
    )
    # No NUL here: a NUL byte near the start marks a file as binary.
    raw_escapes = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07\x1b[31m\x9b31m\u202e\x7f"
    body = "B" + raw_escapes + " " + " ".join(MARKUP) + "\n"
    return record_of(front, body)


def test_control_characters_are_stripped_from_every_text_field(hostile_record):
    for field, value in every_text_field(hostile_record).items():
        assert not UNSAFE.search(value), (field, value)


def test_markup_is_kept_literally_in_every_text_field(hostile_record):
    for field, value in every_text_field(hostile_record).items():
        for sample in MARKUP:
            assert sample in value, (field, sample)
        # What is left of the escapes is visible text, never an instruction to the terminal.
        assert "]52;c;ZXZpbA==" in value, field
        assert "]0;pwned" in value, field


def test_raw_escape_bytes_in_front_matter_load_cleaned():
    # YAML itself refuses raw control characters; the reader removes them and loads the record.
    result = parse_bytes("t.md", b"---\ntitle: Raw \x1b]0;pwned\x07 title \xc2\x9b31m\n---\n")
    assert result.problems == ()
    assert result.record.title == "Raw ]0;pwned title 31m"


def test_carriage_returns_in_body_become_newlines():
    assert record_of("title: t", "a\r\nb\rc").body == "a\nb\nc"


def test_lone_surrogate_never_reaches_a_field():
    result = load('title: "ok"\nnote: "\\ud800"')
    if result.record is not None:
        assert result.record.extra.get("note", "") == ""
    else:
        assert "invalid YAML" in result.problems[0].reason


# Sizes and shapes ---------------------------------------------------------------------------------


def test_long_body_is_truncated_with_a_flag():
    record = record_of("title: t", "x" * (MAX_BODY_CHARS + 10))
    assert record.body_truncated
    assert len(record.body) == MAX_BODY_CHARS


def test_file_cut_inside_a_character_still_loads():
    head = b"---\ntitle: t\n---\n"
    body = "\u00e9".encode() * MAX_FILE_BYTES
    data = head + body
    # Cut on the second byte of a two-byte character, as read_file's bounded read may.
    data = data[: MAX_FILE_BYTES + 1] if (MAX_FILE_BYTES - len(head)) % 2 else data[: MAX_FILE_BYTES + 2]
    result = parse_bytes("t.md", data)
    assert result.problems == ()
    assert result.record.body_truncated


def test_nesting_deeper_than_the_limit_is_too_complex():
    depth = MAX_DEPTH + 20
    result = load("title: t\nkey: " + "[" * depth + "]" * depth)
    assert result.record is None
    assert "too complex" in result.problems[0].reason


def test_flow_depth_guard_of_the_pure_python_parser(monkeypatch):
    # Without libyaml, PyYAML's scanner is quadratic in flow nesting: the guard stops it first.
    monkeypatch.setattr(yaml_loader, "CHECK_FLOW_DEPTH", True)
    depth = MAX_FLOW_DEPTH + 1
    result = load("title: t\nkey: " + "[" * depth + "]" * depth)
    assert result.record is None
    assert "too complex" in result.problems[0].reason
    # Balanced brackets in text, however many, are not nesting.
    assert record_of("title: '" + "[x] " * 1000 + "'\nk: [[1], {a: [2]}]").title.startswith("[x] [x]")


def test_nesting_within_the_limit_is_kept():
    result = load("title: t\nkey: " + "[" * 10 + "1" + "]" * 10)
    assert result.problems == ()


def test_a_few_aliases_are_fine():
    record = record_of(
        "title: t\nprovider: &p {name: P, domain: p.example}\nrelated:\n  - {title: r, provider: *p}"
    )
    assert record.related[0].provider == Provider(name="P", domain="p.example")


def test_recursive_alias_is_a_problem():
    result = load("title: t\nloop: &a [*a]")
    assert result.record is None
    assert result.problems


def test_merge_keys_still_work():
    record = record_of("title: t\nbase: &b {name: Base, domain: b.example}\nprovider: {<<: *b, name: Own}")
    assert record.provider == Provider(name="Own", domain="b.example")


def test_merge_precedence_first_listed_wins():
    record = record_of("title: t\na: &a {name: A}\nb: &b {name: B, domain: b}\nprovider: {<<: [*a, *b]}")
    assert record.provider == Provider(name="A", domain="b")


@pytest.mark.parametrize(
    ("front", "reason", "line"),
    [
        ("- a\n- b", "front matter is a list", 2),
        ("just text", "front matter is a string", 2),
        ("", "front matter is empty", 2),
        ("42", "front matter is a number", 2),
        ("title: [unclosed", "invalid YAML", 3),
        ("title: t\n\tbad: tab", "invalid YAML", 3),
        ("title: !!python/object/apply:os.system ['true']", "invalid YAML", 2),
        ("title: !!python/name:os.system", "invalid YAML", 2),
        ("? [a, b]\n: unhashable key", "invalid YAML", 2),
        ("excerpt: no title", "no 'title'", 2),
        ("title: [a, list]", "'title' should be text", 2),
        ("title: '   '", "no 'title'", 2),
    ],
)
def test_problem_reasons_and_lines(front, reason, line):
    result = load(front)
    assert result.record is None
    assert any(reason in problem.reason for problem in result.problems), result.problems
    assert result.problems[0].line == line


def test_leading_blank_lines_shift_the_lines():
    result = parse_bytes("t.md", b"\n\n---\ntitle: t\nquality: high\n---\n")
    assert result.record is not None
    assert result.problems[0].line == 5


def test_front_matter_may_close_with_dots():
    assert parse_bytes("t.md", b"---\ntitle: t\n...\nbody\n").record.body == "body"


def test_utf16_is_named():
    result = parse_bytes("t.md", "---\ntitle: t\n---\n".encode("utf-16"))
    assert result.record is None
    assert "UTF-16" in result.problems[0].reason


def test_read_file_on_a_folder_and_a_missing_file(tmp_path):
    assert "cannot read" in read_file(str(tmp_path)).problems[0].reason
    assert "cannot read" in read_file(str(tmp_path / "missing.md")).problems[0].reason


def test_read_file_on_a_named_pipe_does_not_block(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    result = read_file(str(pipe))
    assert result.record is None
    assert "not a regular file" in result.problems[0].reason
